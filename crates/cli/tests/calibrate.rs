//! End-to-end tests of `branchlens calibrate`: the churn model on sample-data/, the credit
//! scorecard from a labels file derived from sample-data/, both model types on a generated CSV
//! table, the written configuration, and the error paths.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{read_text, run_args, sample_data_dir, temp_dir, write, Run};

/// The value of column `col` in the metrics row starting with `name` (AUC is the first number).
fn metric(stdout: &str, name: &str, col: usize) -> f64 {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no line starting with {name:?} in:\n{stdout}"));
    let nums: Vec<f64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    nums[col]
}

fn churn(out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["calibrate".into(), sample_data_dir().display().to_string()];
    args.extend(["--target", "churn", "--out"].map(String::from));
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| (*s).to_string()));
    run_args(args)
}

#[test]
fn calibrate_churn_on_sample_data_finds_the_planted_churners() {
    let dir = temp_dir();
    let out = dir.path().join("calibrated.toml");
    let json = dir.path().join("backtest.json");
    let r = churn(&out, &["--backtest-json", json.to_str().unwrap()]);
    r.expect_code(0).stdout_has(&[
        "Churn model: L2-regularised logistic regression",
        "Split: time-based: train 2025-11..2026-03 (outcomes to 2026-06), test 2026-06..2026-07",
        "Calibration table",
        "funds_drop",
        "Churn model in force (input configuration): the rule-based points only (no [churn_model])",
    ]);
    let auc = metric(&r.stdout, "fitted model", 0);
    let rules = metric(&r.stdout, "rule-based points", 0);
    assert!(auc > 0.7, "fitted AUC {auc}\n{}", r.stdout);
    assert!(rules > 0.6, "rule AUC {rules}");

    // The written file is a full configuration with the model section …
    let text = read_text(&out);
    assert!(text.starts_with("# branchlens.toml written by `branchlens calibrate --target churn`"), "{text}");
    for section in ["[report]", "[churn]", "[data_quality]", "[churn_model]", "features = [\"funds_drop\""] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    // … that check and score accept, and the score CSV contract is unchanged by it.
    let check = run_args(["check", sample_data_dir().to_str().unwrap(), "--config", out.to_str().unwrap()]);
    assert_ne!(check.code, Some(2), "{}", check.stderr);
    let with = dir.path().join("with/scores.csv");
    let without = dir.path().join("without/scores.csv");
    let sd = sample_data_dir().display().to_string();
    run_args(["score", &sd, "--config", out.to_str().unwrap(), "--out", with.to_str().unwrap()]).expect_code(0);
    run_args(["score", &sd, "--out", without.to_str().unwrap()]).expect_code(0);
    assert_eq!(read_text(&with), read_text(&without));

    // The backtest figures, for a backtest page.
    let v: serde_json::Value = serde_json::from_str(&read_text(&json)).unwrap();
    let model = &v["churn"]["model"];
    assert_eq!(model["deciles"].as_array().map(Vec::len), Some(10));
    assert!(model["roc"].as_array().is_some_and(|r| r.len() > 10));
    assert_eq!(model["histogram"]["events"].as_array().map(Vec::len), Some(20));
    assert_eq!(model["weights"].as_array().map(Vec::len), Some(23));
    assert!(model["weights"][0]["meaning_zh"].as_str().is_some_and(|s| !s.is_empty()));
    assert!((model["auc"].as_f64().unwrap() - auc).abs() < 0.0005);

    // Deterministic: a second run writes the same bytes and prints the same text.
    let out2 = dir.path().join("again.toml");
    let r2 = churn(&out2, &["--backtest-json", dir.path().join("again.json").to_str().unwrap()]);
    assert_eq!(read_text(&out2), text);
    assert_eq!(r2.stdout.replace(out2.to_str().unwrap(), out.to_str().unwrap()), r.stdout);
    assert_eq!(read_text(&dir.path().join("again.json")), read_text(&json));

    // Calibrating again with the written config reports the model in force.
    let out3 = dir.path().join("third.toml");
    churn(&out3, &["--config", out.to_str().unwrap()]).expect_code(0).stdout_has(&[
        "Churn model in force (input configuration): [churn_model] with 23 features, beside the rule-based points",
    ]);
}

#[test]
fn calibrate_churn_chinese_messages() {
    let dir = temp_dir();
    let out = dir.path().join("c.toml");
    let sd = sample_data_dir().display().to_string();
    run_args(["--lang", "zh-CN", "calibrate", &sd, "--target", "churn", "--out", out.to_str().unwrap()])
        .expect_code(0)
        .stdout_has(&["流失模型：L2 正则逻辑回归", "拟合模型", "校准表", "资金降幅", "已写入"]);
}

/// Labels derived from sample-data/: borrowers without a non-performing loan in one of the
/// first three months; label 1 when a later month shows substandard or worse, or > 90 days
/// overdue.
fn sample_credit_labels() -> String {
    let mut rdr = csv::Reader::from_path(sample_data_dir().join("customers.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == n).unwrap();
    let (p, c, loan, class, overdue) =
        (col("period"), col("customer_id"), col("loan_balance"), col("loan_class"), col("overdue_days"));
    let mut by: BTreeMap<String, BTreeMap<String, (f64, String, u32)>> = BTreeMap::new();
    for rec in rdr.records() {
        let r = rec.unwrap();
        by.entry(r[c].to_string()).or_default().insert(
            r[p].to_string(),
            (r[loan].parse().unwrap(), r[class].to_string(), r[overdue].parse().unwrap_or(0)),
        );
    }
    let npl = |k: &str| matches!(k, "substandard" | "doubtful" | "loss");
    let periods = ["2025-10", "2025-11", "2025-12"];
    let mut s = String::from("customer_id,period,label\n");
    for t0 in periods {
        for (id, h) in &by {
            let Some((bal, class, _)) = h.get(t0) else { continue };
            if *bal <= 0.0 || npl(class) {
                continue;
            }
            let bad = h.range(t0.to_string()..).skip(1).any(|(_, (_, k, od))| npl(k) || *od > 90);
            s.push_str(&format!("{id},{t0},{}\n", u8::from(bad)));
        }
    }
    s
}

#[test]
fn calibrate_credit_scorecard_from_labels() {
    let dir = temp_dir();
    let labels = dir.path().join("labels.csv");
    let mut text = sample_credit_labels();
    text.push_str("NOBODY,2025-10,1\n");
    write(&labels, &text);
    let out = dir.path().join("credit.toml");
    let sd = sample_data_dir().display().to_string();
    let r = run_args([
        "calibrate",
        &sd,
        "--target",
        "credit",
        "--labels",
        labels.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    r.expect_code(0).stdout_has(&[
        "unmatched",
        "Information value per feature:",
        "Scorecard (600 points at 50:1 good:bad odds, 20 points to double the odds):",
        "(base)",
    ]);
    let auc = metric(&r.stdout, "scorecard", 0);
    assert!(auc > 0.6, "scorecard AUC {auc}\n{}", r.stdout);
    let toml = read_text(&out);
    assert!(toml.contains("[credit_scorecard]") && toml.contains("[[credit_scorecard.features.bins]]"), "{toml}");
    let check = run_args(["check", &sd, "--config", out.to_str().unwrap()]);
    assert_ne!(check.code, Some(2), "{}", check.stderr);

    // Scaling options reach the scorecard.
    let out2 = dir.path().join("credit2.toml");
    let r = run_args([
        "calibrate",
        &sd,
        "--target",
        "credit",
        "--labels",
        labels.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--base-score",
        "500",
        "--pdo",
        "40",
    ]);
    r.expect_code(0).stdout_has(&["Scorecard (500 points at 50:1 good:bad odds, 40 points to double the odds):"]);
}

#[test]
fn calibrate_errors_name_file_line_and_key() {
    let dir = temp_dir();
    let labels = dir.path().join("labels.csv");
    write(&labels, "customer_id,period,label\nC0000001,2025-10,maybe\n");
    let out = dir.path().join("x.toml");
    let sd = sample_data_dir().display().to_string();
    run_args([
        "calibrate",
        &sd,
        "--target",
        "credit",
        "--labels",
        labels.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(2)
    .stderr_has(&["labels.csv:2: column 'label': 'maybe' is not 0 or 1"]);
    assert!(!out.exists());
    run_args([
        "--lang",
        "zh-CN",
        "calibrate",
        &sd,
        "--target",
        "credit",
        "--labels",
        labels.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(2)
    .stderr_has(&["labels.csv:2：列“label”的值“maybe”不是0 或 1"]);

    // A configured model with an unknown feature name is refused, naming the key.
    let cfg = dir.path().join("bad.toml");
    write(&cfg, "[churn_model]\nhorizon = 3\nintercept = -1.0\nfeatures = [\"funds_drp\"]\nweights = [1.0]\n");
    run_args(["check", &sd, "--config", cfg.to_str().unwrap()]).expect_code(2).stderr_has(&[
        "churn_model.features[0]",
        "funds_drp",
        "line 4",
    ]);

    // --table needs --label; a data directory needs --target.
    assert_eq!(run_args(["calibrate", "--table", "x.csv"]).code, Some(2));
    assert_eq!(run_args(["calibrate", &sd, "--out", out.to_str().unwrap()]).code, Some(2));
}

/// A deterministic table: y depends on x1 (strongly), x2 (weakly) and a category; an id column.
fn generated_table(rows: usize) -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut s = String::from("id,x1,x2,grade,y\n");
    for i in 0..rows {
        let (x1, x2, u, v) = (next() * 10.0, next() * 10.0, next(), next());
        let grade = ["A", "B", "C"][(u * 3.0) as usize % 3];
        let eta = -3.0 + 0.6 * x1 - 0.1 * x2 + if grade == "C" { 0.8 } else { 0.0 };
        let y = u8::from(v < 1.0 / (1.0 + (-eta).exp()));
        let x2s = if i % 17 == 0 { String::new() } else { format!("{x2:.3}") };
        s.push_str(&format!("id{i},{x1:.3},{x2s},{grade},{y}\n"));
    }
    s
}

#[test]
fn calibrate_table_both_models_and_split_file() {
    let dir = temp_dir();
    let table = dir.path().join("t.csv");
    write(&table, generated_table(2000));
    let split = dir.path().join("split.csv");
    let r = run_args([
        "calibrate",
        "--table",
        table.to_str().unwrap(),
        "--label",
        "y",
        "--split-out",
        split.to_str().unwrap(),
    ]);
    r.expect_code(0).stdout_has(&[
        "left out: id (identifier-like)",
        "Split: seeded stratified split (seed 42, 70% train)",
        "x2=missing",
    ]);
    let lg = metric(&r.stdout, "logistic", 0);
    let sc = metric(&r.stdout, "scorecard (WoE bins)", 0);
    assert!(lg > 0.8 && sc > 0.8, "logistic {lg}, scorecard {sc}\n{}", r.stdout);
    let text = read_text(&split);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,x1,x2,grade,y,split"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2000);
    // 70% of each class, rounded per class: 1400 ± 1.
    let train = rows.iter().filter(|l| l.ends_with(",train")).count();
    assert!((1399..=1401).contains(&train), "{train}");
    // Another seed, another split.
    let r2 = run_args(["calibrate", "--table", table.to_str().unwrap(), "--label", "y", "--seed", "7"]);
    r2.expect_code(0).stdout_has(&["seed 7"]);
    // A label that is not 0/1.
    run_args(["calibrate", "--table", table.to_str().unwrap(), "--label", "grade"])
        .expect_code(2)
        .stderr_has(&["t.csv:2: column 'grade': 'A' is not 0 or 1"]);
}

#[test]
fn calibrated_config_builds_a_site_with_a_backtest_page_that_passes_the_browser_checks() {
    let dir = temp_dir();
    let cfg = dir.path().join("calibrated.toml");
    churn(&cfg, &[]).expect_code(0);
    let site = dir.path().join("site");
    let sd = sample_data_dir();
    common::build_site(&sd, &site, &["--config", cfg.to_str().unwrap(), "--lang", "en"]).expect_code(0);

    // The backtest page: the same split as `calibrate`, its charts, figures and weights.
    let page = read_text(&site.join("backtest.html"));
    for part in [
        "Churn scoring in force: fitted logistic model",
        "2026-06",
        "id=\"chart-roc\"",
        "id=\"chart-lift\"",
        "id=\"chart-scores\"",
        "Calibration: predicted against observed",
        "funds_drop",
        "Months since the last manager contact",
    ] {
        assert!(page.contains(part), "backtest.html lacks {part:?}");
    }
    assert!(!page.contains("No backtest on these data"), "sample-data has 13 months: enough for a backtest");
    // Linked from every page's navigation; the early-warning lists carry the model probability.
    assert!(read_text(&site.join("index.html")).contains("href=\"backtest.html\""));
    let warnings = read_text(&site.join("warnings.html"));
    assert!(warnings.contains("Model P(churn)") && warnings.contains("fitted logistic model"));
    assert!(read_text(&site.join("methodology.html")).contains("fitted logistic model"));

    // The same data without the model: no backtest page.
    let plain = dir.path().join("plain");
    common::build_site(&sd, &plain, &["--lang", "en"]).expect_code(0);
    assert!(!plain.join("backtest.html").exists());
    assert!(read_text(&plain.join("methodology.html")).contains("rule-based points (default)"));

    // Every page of the calibrated site in headless Chromium (file://).
    let run = common::check_site(&site, &["--lang", "en", "--quiet"]);
    assert_eq!(run.code, Some(0), "browser check failed\n{}\n{}", run.stdout, run.stderr);
}
