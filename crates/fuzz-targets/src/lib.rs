//! Fuzz target bodies: each takes arbitrary bytes and must never panic. Used by the cargo-fuzz
//! binaries in `fuzz/fuzz_targets/` (their own workspace, see `fuzz/README.md`) and replayed over
//! the committed corpora, followed by a short mutation smoke run, by this crate's test
//! `tests/corpus.rs` on stable Rust.

use branchlens_core::config::{Config, Lang};
use branchlens_core::summary::analyze;
use branchlens_core::{load, Encoding, Inputs, LoadOptions, Loaded};

/// A valid customers.csv: two branches, three months, a manager that left, a shared customer.
pub const CUSTOMERS: &str = "\
period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone
2024-04,C1,张三,retail,B1,M1,2019-01-15,1000,0,500,1,deposit;card,10,,,,2024-04-02,0,13800000001
2024-05,C1,张三,retail,B1,M1,2019-01-15,900,0,400,0,deposit,4,,,,2024-04-02,1,13800000001
2024-06,C1,张三,retail,B1,M1,2019-01-15,100,0,0,0,deposit,0,,,,,3,13800000001
2024-04,C2,华丰贸易,corporate,B2,M2,2018-04-02,\"1,234,567.89\",300000,0,1200.5,deposit;loan,45,F,special,30,2024-01-01,0,
2024-05,C2,华丰贸易,corporate,B2,M2,2018-04-02,1200000,300000,0,1000,deposit;loan,40,F,substandard,95,,0,
2024-06,C2,华丰贸易,corporate,B2,M2,2018-04-02,1100000,300000,0,900,deposit;loan,41,F,doubtful,200,,0,
2024-06,C3,李四,retail,B1,,2024-06-10,50,0,0,0,,1,,,,,,
";

/// A valid managers.csv for [`CUSTOMERS`]: M2 has left; M1 has monthly targets.
pub const MANAGERS: &str = "\
manager_id,name,branch_id,grade,hire_date,status,period,deposit_target,loan_target,fee_target,new_customers_target
M1,王芳,B1,senior,2015-03-01,active,2024-06,1500,0,10,1
M2,李雷,B2,junior,2020-07-15,left,,,,,
M3,韩梅,B2,principal,2010-01-01,active,,2000000,500000,1000,2
";

/// A valid credit_splits.csv for [`CUSTOMERS`].
pub const SPLITS: &str = "customer_id,manager_id,share\nC2,M2,0.4\nC2,M3,0.6\n";

/// The first byte picks the encoding option, so every mode of the decoder is reached.
fn split_encoding(data: &[u8]) -> (Encoding, &[u8]) {
    match data.split_first() {
        Some((b, rest)) => (
            match b % 3 {
                0 => Encoding::Auto,
                1 => Encoding::Utf8,
                _ => Encoding::Gb18030,
            },
            rest,
        ),
        None => (Encoding::Auto, data),
    }
}

/// Everything a caller does with a load: the verdict, every message, and — when the data is
/// usable — the full analysis of every period and its outputs.
fn exercise(result: Result<Loaded, branchlens_core::LoadError>, cfg: &Config) {
    let loaded = match result {
        Ok(l) => l,
        Err(e) => {
            let _ = (e.message(Lang::En), e.message(Lang::ZhCn), e.file());
            return;
        }
    };
    for i in &loaded.issues {
        let _ = (i.message(Lang::En), i.message(Lang::ZhCn));
    }
    for strict in [false, true] {
        if let Err(e) = loaded.verdict(strict, 0.01) {
            let _ = (e.message(Lang::En), e.message(Lang::ZhCn));
        }
    }
    let ds = &loaded.dataset;
    for &p in &ds.periods {
        let a = analyze(ds, cfg, p);
        let rows = a.score_rows().count();
        assert_eq!(rows, a.customers.customers.len());
        let _ = a.summary();
    }
}

fn load_with(
    customers: &[u8],
    managers: &[u8],
    splits: Option<&[u8]>,
    encoding: Encoding,
) -> Result<Loaded, branchlens_core::LoadError> {
    let opts = LoadOptions { encoding, ..LoadOptions::default() };
    load(Inputs { customers, managers, credit_splits: splits }, &opts)
}

/// Arbitrary bytes as customers.csv (with valid managers.csv and credit_splits.csv).
pub fn load_customers(data: &[u8]) {
    let (enc, bytes) = split_encoding(data);
    exercise(load_with(bytes, MANAGERS.as_bytes(), Some(SPLITS.as_bytes()), enc), &Config::default());
}

/// Arbitrary bytes as managers.csv (with valid customers.csv and credit_splits.csv).
pub fn load_managers(data: &[u8]) {
    let (enc, bytes) = split_encoding(data);
    exercise(load_with(CUSTOMERS.as_bytes(), bytes, Some(SPLITS.as_bytes()), enc), &Config::default());
}

/// Arbitrary bytes as credit_splits.csv (with valid customers.csv and managers.csv).
pub fn load_credit_splits(data: &[u8]) {
    let (enc, bytes) = split_encoding(data);
    exercise(load_with(CUSTOMERS.as_bytes(), MANAGERS.as_bytes(), Some(bytes), enc), &Config::default());
}

/// Arbitrary text as branchlens.toml; a configuration that parses is then used for a full
/// analysis of the valid data set (an accepted configuration must never make the metrics panic).
pub fn config_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match branchlens_core::config::parse(&text) {
        Ok(cfg) => {
            let opts = LoadOptions {
                encoding: Encoding::Auto,
                split_share_tolerance: cfg.data_quality.split_share_tolerance,
                values: cfg.values.clone(),
                ..LoadOptions::default()
            };
            let inputs = Inputs {
                customers: CUSTOMERS.as_bytes(),
                managers: MANAGERS.as_bytes(),
                credit_splits: Some(SPLITS.as_bytes()),
            };
            exercise(load(inputs, &opts), &cfg);
        }
        Err(e) => {
            let _ = (e.message(Lang::En), e.message(Lang::ZhCn), e.to_string());
        }
    }
}

/// Arbitrary bytes as an explorer data bundle: decoding never panics, and a bundle that decodes
/// is analysed as the explorer does (scoring its period with its configuration).
pub fn bundle_decode(data: &[u8]) {
    let b = match branchlens_bundle::decode(data) {
        Ok(b) => b,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    {
        let ds = &b.dataset;
        if ds.period_index(b.period).is_some() {
            let a = analyze(ds, &b.config, b.period);
            let _ = a.score_rows().count();
            let _ = a.summary();
        }
    }
}
