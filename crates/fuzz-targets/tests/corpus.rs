//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`, minimised with `cargo fuzz cmin`)
//! through the fuzz target bodies, as a normal test on stable Rust: every input that once
//! reached new code (and every crash that was fixed, in `fuzz/regressions/<target>/`) must
//! load, parse or decode without a panic. The bodies are this crate's, the very functions the
//! cargo-fuzz binaries in `fuzz/` call, so the replay runs exactly what libFuzzer runs.
//! Real fuzzing needs nightly features: see fuzz/README.md.

#![allow(clippy::unwrap_used)]

use branchlens_fuzz_targets as targets;

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
    let e = branchlens_bundle::decode(&bytes).expect_err("an amount out of range");
    assert!(e.to_string().contains("invalid"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Fuzz smoke run: a few seconds of mutation fuzzing on stable Rust, in every CI run.
//
// libFuzzer needs nightly features and an instrumented build (minutes to set up: fuzz/README.md);
// this runs the same target bodies over inputs mutated from the corpora (bit flips, interesting
// tokens inserted, ranges deleted or repeated, two inputs spliced) for SMOKE_SECONDS per target.
// It is not coverage-guided, so it finds less than the real fuzzer; it does run new inputs every
// time: the seed comes from the clock unless BRANCHLENS_FUZZ_SEED is set, and a failure names the
// seed and writes the input to target/fuzz-smoke/ for `cargo fuzz run <target> <file>`.

const SMOKE_SECONDS: f64 = 2.0;

/// Tokens worth inserting into CSV, TOML and bundle inputs.
const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b";",
    b"\t",
    b"=",
    b"[",
    b"]",
    b"#",
    b"-",
    b"0",
    b"9",
    b".",
    b"e308",
    b"2024-02-30",
    b"2024-13",
    b"9999999999999999999",
    b"-0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\xB9\xD8",
    "关注".as_bytes(),
    "对公".as_bytes(),
    b"\xE5",
    b"\x80",
    b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01",
    b"\x7F",
];

/// The corpus inputs of a target (corpus and regressions), sorted.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
    }
    out
}

/// SplitMix64: a tiny seeded generator (the test must not depend on rand's versions).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, mut b: Vec<u8>, other: &[u8]) -> Vec<u8> {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                b.splice(at..at, t.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(64)).min(b.len());
                let piece = b[at.min(end)..end].to_vec();
                b.splice(at..at, piece.iter().copied().cycle().take(piece.len() * (1 + rng.below(8))));
            }
            4 if !other.is_empty() => {
                let from = rng.below(other.len());
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// Runs `body` on mutated `inputs` for `seconds`; the number of runs, or the first input that
/// panicked.
fn fuzz(inputs: &[Vec<u8>], body: fn(&[u8]), seed: u64, seconds: f64) -> Result<usize, Vec<u8>> {
    let mut rng = Rng(seed);
    let start = std::time::Instant::now();
    let mut runs = 0;
    while start.elapsed().as_secs_f64() < seconds {
        let base = inputs[rng.below(inputs.len())].clone();
        let other = &inputs[rng.below(inputs.len())];
        let input = mutate(&mut rng, base, other);
        if std::panic::catch_unwind(|| body(&input)).is_err() {
            return Err(input);
        }
        runs += 1;
    }
    Ok(runs)
}

fn smoke(target: &str, body: fn(&[u8])) -> usize {
    let seed = std::env::var("BRANCHLENS_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    let inputs = corpus(target);
    assert!(!inputs.is_empty(), "{target}: no corpus");
    match fuzz(&inputs, body, seed, SMOKE_SECONDS) {
        Ok(runs) => {
            eprintln!("fuzz smoke {target}: {runs} inputs in {SMOKE_SECONDS} s, seed {seed}");
            runs
        }
        Err(input) => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-smoke");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{target}-{seed}"));
            let _ = std::fs::write(&file, &input);
            panic!("{target}: a mutated input panics (BRANCHLENS_FUZZ_SEED={seed}); saved to {}", file.display());
        }
    }
}

#[test]
fn fuzz_smoke_load_customers() {
    assert!(smoke("load_customers", targets::load_customers) > 0);
}

#[test]
fn fuzz_smoke_load_managers() {
    assert!(smoke("load_managers", targets::load_managers) > 0);
}

#[test]
fn fuzz_smoke_load_credit_splits() {
    assert!(smoke("load_credit_splits", targets::load_credit_splits) > 0);
}

#[test]
fn fuzz_smoke_config_parse() {
    assert!(smoke("config_parse", targets::config_parse) > 0);
}

#[test]
fn fuzz_smoke_bundle_decode() {
    assert!(smoke("bundle_decode", targets::bundle_decode) > 0);
}

#[test]
fn the_smoke_run_mutates_inputs_and_reports_a_panicking_body() {
    let mut rng = Rng(7);
    let base = b"period,customer_id\n2024-06,C001\n".to_vec();
    let changed = (0..100).filter(|_| mutate(&mut rng, base.clone(), b"x,y\n") != base).count();
    assert!(changed > 90, "{changed} of 100 mutations changed the input");
    // A body with a bug that only a mutation reaches (a carriage return) is caught, and the
    // input that panicked is returned.
    fn fragile(b: &[u8]) {
        assert!(!b.contains(&b'\r'), "CR");
    }
    let found = fuzz(&[base], fragile, 7, 5.0).expect_err("the fragile body panics on some input");
    assert!(found.contains(&b'\r'));
}
