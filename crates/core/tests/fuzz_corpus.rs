//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`, minimised with `cargo fuzz cmin`)
//! through the fuzz target bodies, as a normal test on stable Rust: every input that once
//! reached new code (and every crash that was fixed, in `fuzz/regressions/<target>/`) must
//! load, parse or decode without a panic. The bodies are the fuzz crate's own
//! (`fuzz/src/targets.rs`, included by path), so the replay runs exactly what libFuzzer runs.
//! Real fuzzing needs nightly features: see fuzz/README.md.

#![allow(clippy::unwrap_used)]

#[path = "../../../fuzz/src/targets.rs"]
#[allow(dead_code)]
mod targets;

use std::path::Path;

/// Runs `body` over every file of `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`;
/// returns how many inputs ran.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut n = 0;
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| body(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panics", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn load_customers_corpus() {
    assert!(replay("load_customers", targets::load_customers) >= 50);
}

#[test]
fn load_managers_corpus() {
    assert!(replay("load_managers", targets::load_managers) >= 50);
}

#[test]
fn load_credit_splits_corpus() {
    assert!(replay("load_credit_splits", targets::load_credit_splits) >= 50);
}

#[test]
fn config_parse_corpus() {
    assert!(replay("config_parse", targets::config_parse) >= 50);
}

#[test]
fn bundle_decode_corpus() {
    assert!(replay("bundle_decode", targets::bundle_decode) >= 10);
}

#[test]
fn the_valid_inputs_of_the_targets_load() {
    // The fixed files the targets pair with arbitrary bytes are themselves valid, so each target
    // reaches the analysis whenever its own input is valid.
    let l = branchlens_core::load(
        branchlens_core::Inputs {
            customers: targets::CUSTOMERS.as_bytes(),
            managers: targets::MANAGERS.as_bytes(),
            credit_splits: Some(targets::SPLITS.as_bytes()),
        },
        &branchlens_core::LoadOptions::default(),
    )
    .unwrap();
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.dataset.periods.len(), 3);
}

#[test]
fn bundle_amount_code_of_i64_min_is_invalid_not_a_panic() {
    // Found by bundle_decode: a customer amount coded as u64::MAX unzigzags to i64::MIN, and
    // `i64::MIN.abs()` overflowed (a panic with overflow checks; a wrong range check without).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/bundle_decode/amount-i64-min");
    let bytes = std::fs::read(root).unwrap();
    let e = branchlens_core::bundle::decode(&bytes).expect_err("an amount out of range");
    assert!(e.to_string().contains("invalid"), "{e}");
}
