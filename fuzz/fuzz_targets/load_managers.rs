#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| branchlens_fuzz::targets::load_managers(data));
