#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| branchlens_fuzz_targets::config_parse(data));
