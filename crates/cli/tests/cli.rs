//! End-to-end tests of the real `branchlens` binary on real files: exit codes, stdout, stderr
//! and the files it writes.
//!
//! A known bug of the CLI is first reproduced by a test marked `#[ignore = "BUG: …"]` (run those
//! with `cargo test -p branchlens-cli -- --ignored`); the `ignore` is dropped once it is fixed.
//! Malformed and hostile inputs are in `bad_inputs.rs`.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{
    branchlens, copy_fixture, copy_sample_data, customers_with_bad_rows, data_dir, entries, read, read_text, redact,
    run, run_args, sample_data_dir, temp_dir, write, Run, CUSTOMERS_HEADER, MANAGERS_CSV,
};
use serde_json::Value;

/// The exact header of the score CSV (docs/summary-json.md).
const SCORE_HEADER: &str =
    "period,customer_id,kind,branch_id,manager_id,contribution,s3,tier,rising,churn_points,churn_level,churn_reasons,risk_class";

// ---------------------------------------------------------------------------------------------
// helpers

/// `branchlens [--lang zh-CN] check DIR EXTRA…`.
fn check(dir: &Path, zh: bool, extra: &[&str]) -> Run {
    let mut cmd = branchlens();
    if zh {
        cmd.args(["--lang", "zh-CN"]);
    }
    cmd.arg("check").arg(dir).args(extra);
    run(&mut cmd)
}

/// `branchlens [--lang zh-CN] score DIR --out OUT EXTRA…`.
fn score(dir: &Path, out: &Path, zh: bool, extra: &[&str]) -> Run {
    let mut cmd = branchlens();
    if zh {
        cmd.args(["--lang", "zh-CN"]);
    }
    cmd.arg("score").arg(dir).arg("--out").arg(out).args(extra);
    run(&mut cmd)
}

/// Customers per period, read from the English `check` report ("  2026-10       1,948").
fn customers_per_period(check_stdout: &str) -> BTreeMap<String, u64> {
    let mut lines = check_stdout.lines().skip_while(|l| *l != "Customers per period:").skip(1);
    let mut out = BTreeMap::new();
    while let Some(line) = lines.next().filter(|l| l.starts_with("  ")) {
        let mut parts = line.split_whitespace();
        let period = parts.next().expect("a period");
        let count = parts.next().expect("a count").replace(',', "").parse().expect("a count is a number");
        out.insert(period.to_owned(), count);
    }
    assert!(!out.is_empty(), "no 'Customers per period' section in:\n{check_stdout}");
    out
}

/// The score CSV as a header and rows of fields.
fn read_scores(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("the score CSV opens");
    let header = r.headers().expect("a header").iter().map(str::to_owned).collect();
    let rows =
        r.records().map(|rec| rec.expect("a well-formed CSV record").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path)).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// How many rows have each value in column `col`.
fn tally(rows: &[Vec<String>], col: usize) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r[col].clone()).or_insert(0) += 1;
    }
    m
}

/// A JSON object of integer counts as a map (every value must be an integer).
fn json_counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or_else(|| panic!("{k} is not a count: {n}"))))
        .collect()
}

/// Drops zero counts, so a JSON map listing every enum value compares with a CSV tally.
fn nonzero(m: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    m.into_iter().filter(|(_, n)| *n > 0).collect()
}

/// A small data dir with the given customers.csv text and the one-manager managers.csv.
fn customers_dir(customers: &str) -> common::TempDir {
    data_dir(&[("customers.csv", customers.as_bytes()), ("managers.csv", MANAGERS_CSV.as_bytes())])
}

/// Runs `check` on `dir` in English and in Chinese; both must be rejected with exit 2 and an
/// error line on stderr. Returns (en, zh).
fn rejected(dir: &Path, extra: &[&str]) -> (Run, Run) {
    let en = check(dir, false, extra);
    en.expect_code(2).stderr_has(&["error: "]);
    let zh = check(dir, true, extra);
    zh.expect_code(2).stderr_has(&["错误: "]);
    (en, zh)
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_sample_data_reports_warnings_with_exit_1() {
    let r = check(&sample_data_dir(), false, &[]);
    r.expect_code(1);
    assert_eq!(r.stderr, "", "check writes its report to stdout only");
    r.stdout_has(&[
        "Files\n",
        "  customers.csv ",
        "  managers.csv ",
        "  credit_splits.csv ",
        "Periods: 2025-10 … 2026-10 (13)\n",
        "Customers per period:\n",
        "[warning] customers.csv — Loan without five-level class: ",
        "[warning] customers.csv — Unknown manager: ",
        "Issues: 0 errors (row skipped), ",
    ]);
    assert!(r.stdout.ends_with("result: usable, with warnings\n"), "{}", r.stdout);
    let periods = customers_per_period(&r.stdout);
    let names: Vec<&str> = periods.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
            "2026-07", "2026-08", "2026-09", "2026-10"
        ]
    );
    assert!(periods.values().all(|&n| n > 0));
    insta::assert_snapshot!("check_sample_data_en", r.stdout);
}

#[test]
fn check_sample_data_in_chinese() {
    let r = check(&sample_data_dir(), true, &[]);
    r.expect_code(1);
    assert_eq!(r.stderr, "");
    r.stdout_has(&[
        "文件\n",
        "期间： 2025-10 … 2026-10 (13)",
        "各期客户数：",
        "[警告] customers.csv — ",
        "客户经理不存在",
    ]);
    assert!(r.stdout.ends_with("结果：可用，但有警告\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("result:") && !r.stdout.contains("Periods:"), "English left in:\n{}", r.stdout);
    insta::assert_snapshot!("check_sample_data_zh", r.stdout);
}

#[test]
fn check_output_names_no_paths() {
    let copy = copy_sample_data();
    let a = check(&sample_data_dir(), false, &[]);
    let b = check(copy.path(), false, &[]);
    b.expect_code(1);
    assert_eq!(a.stdout, b.stdout, "the report depends on where the data is");
    let tmp = copy.path().display().to_string();
    assert!(!b.stdout.contains(&tmp) && !b.stderr.contains(&tmp), "a path in the output:\n{}", b.stdout);
}

#[test]
fn check_clean_fixture_exits_0() {
    let dir = copy_fixture("clean");
    let r = check(dir.path(), false, &[]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    r.stdout_has(&["Issues: 0 errors (row skipped), 0 warnings, 0 notices\n", "Credit splits: 2\n"]);
    assert!(r.stdout.ends_with("result: clean\n"), "{}", r.stdout);
    assert_eq!(customers_per_period(&r.stdout), BTreeMap::from([("2024-05".to_owned(), 3), ("2024-06".to_owned(), 4)]));
    insta::assert_snapshot!("check_clean_fixture_en", r.stdout);

    let zh = check(dir.path(), true, &[]);
    zh.expect_code(0);
    assert!(zh.stdout.ends_with("结果：无问题\n"), "{}", zh.stdout);
    // --strict changes nothing on clean data.
    check(dir.path(), false, &["--strict"]).expect_code(0);
}

#[test]
fn check_matches_file_names_case_insensitively_and_reads_bom_crlf() {
    let src = common::fixture_dir("clean");
    let customers = read_text(&src.join("customers.csv"));
    let mut bom_crlf = vec![0xEF, 0xBB, 0xBF];
    bom_crlf.extend_from_slice(customers.replace('\n', "\r\n").as_bytes());
    let dir = data_dir(&[("CUSTOMERS.CSV", &bom_crlf), ("Managers.csv", &read(&src.join("managers.csv")))]);
    let r = check(dir.path(), false, &[]);
    r.expect_code(0);
    r.stdout_has(&["customers.csv      UTF-8 ", "result: clean"]);
}

#[test]
fn check_with_only_notices_is_clean() {
    // An unknown column and a repeated `period` column are notices: exit 0, the first column wins.
    let src = read_text(&common::fixture_dir("clean").join("customers.csv"));
    let mut text = String::new();
    for (i, line) in src.lines().enumerate() {
        text.push_str(line);
        text.push_str(if i == 0 { ",extra,period\n" } else { ",x,2020-01\n" });
    }
    let managers = read(&common::fixture_dir("clean").join("managers.csv"));
    let dir = data_dir(&[("customers.csv", text.as_bytes()), ("managers.csv", &managers)]);
    let r = check(dir.path(), false, &[]);
    r.expect_code(0).stdout_has(&[
        "Issues: 0 errors (row skipped), 0 warnings, 2 notices\n",
        "[notice] customers.csv — Unknown columns ignored: 1",
        "unknown columns ignored: extra",
        "[notice] customers.csv — Duplicate column: 1",
        "Periods: 2024-05 … 2024-06 (2)",
    ]);
    assert!(r.stdout.ends_with("result: clean\n"), "{}", r.stdout);
}

#[test]
fn check_missing_directory_is_rejected() {
    let tmp = temp_dir();
    let missing = tmp.path().join("nope");
    let r = check(&missing, false, &[]);
    r.expect_code(2).stderr_has(&["nope"]);
    assert_eq!(r.stdout, "");
    assert_eq!(redact(&r.stderr, tmp.path()), "error: [DATA]/nope: no such directory\n");
    let zh = check(&missing, true, &[]);
    assert_eq!(redact(&zh.stderr, tmp.path()), "错误: [DATA]/nope：目录不存在\n");
    // A regular file is not a directory (a different message).
    write(&tmp.path().join("file"), "x");
    let r = check(&tmp.path().join("file"), false, &[]);
    assert_eq!(redact(&r.expect_code(2).stderr, tmp.path()), "error: [DATA]/file: not a directory\n");
    let zh = check(&tmp.path().join("file"), true, &[]);
    assert_eq!(redact(&zh.expect_code(2).stderr, tmp.path()), "错误: [DATA]/file：不是目录\n");
}

#[test]
fn missing_config_file_is_rejected_in_both_languages() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    let path = tmp.path().join("missing.toml");
    let arg = path.to_str().unwrap();
    let en = check(data.path(), false, &["--config", arg]);
    assert_eq!(
        redact(&en.expect_code(2).stderr, tmp.path()),
        "error: [DATA]/missing.toml: cannot read the configuration file: No such file or directory (os error 2)\n"
    );
    let zh = check(data.path(), true, &["--config", arg]);
    assert_eq!(
        redact(&zh.expect_code(2).stderr, tmp.path()),
        "错误: [DATA]/missing.toml：无法读取配置文件：文件不存在\n"
    );
    let out = temp_dir();
    score(data.path(), &out.path().join("s.csv"), true, &["--config", arg])
        .expect_code(2)
        .stderr_has(&["无法读取配置文件"]);
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// rejections: exit 2, message on stderr naming the file and line

#[test]
fn reject_missing_customers_csv() {
    let dir = data_dir(&[("managers.csv", MANAGERS_CSV.as_bytes())]);
    let (en, zh) = rejected(dir.path(), &[]);
    assert_eq!(en.stderr, "error: customers.csv: required file not found\n");
    assert_eq!(zh.stderr, "错误: customers.csv：找不到必需的文件\n");
    assert_eq!(en.stdout, "");
}

#[test]
fn reject_missing_managers_csv() {
    let dir = data_dir(&[("customers.csv", customers_with_bad_rows(3, 0).as_bytes())]);
    let (en, zh) = rejected(dir.path(), &[]);
    en.stderr_has(&["managers.csv: required file not found"]);
    zh.stderr_has(&["managers.csv：找不到必需的文件"]);
}

#[test]
fn reject_missing_column_with_suggestion() {
    let text = customers_with_bad_rows(3, 0).replacen("customer_id", "custmer_id", 1);
    let dir = customers_dir(&text);
    let (en, zh) = rejected(dir.path(), &[]);
    assert_eq!(
        en.stderr,
        "error: customers.csv:1: required column 'customer_id' (客户号) not found; did you mean 'custmer_id'?\n"
    );
    zh.stderr_has(&["customers.csv 第 1 行", "缺少必需列", "“customer_id”（客户号）", "是否应为“custmer_id”"]);
    assert_eq!(en.stdout, "", "nothing is reported for a rejected header");
}

#[test]
fn reject_semicolon_separated_file_with_hint() {
    let text = customers_with_bad_rows(3, 0).replace(',', ";");
    let dir = customers_dir(&text);
    let (en, zh) = rejected(dir.path(), &[]);
    en.stderr_has(&[
        "customers.csv:1: required column",
        "the header seems to be separated by ';'; the contract requires ','",
    ]);
    zh.stderr_has(&["customers.csv 第 1 行", "缺少必需列", "表头似乎以“;”分隔"]);
}

#[test]
fn reject_binary_file_named_customers_csv() {
    let mut bytes = b"period,customer_id\n2024-06,C1\n".to_vec();
    bytes.extend_from_slice(&[0x7F, b'E', b'L', b'F', 0x02, 0x01, 0x00, 0x00, 0xFF, 0xFE]);
    let dir = data_dir(&[("customers.csv", &bytes), ("managers.csv", MANAGERS_CSV.as_bytes())]);
    let (en, zh) = rejected(dir.path(), &[]);
    assert_eq!(
        en.stderr,
        "error: customers.csv:3: cannot decode the file as text: it contains NUL bytes (a binary file?)\n"
    );
    zh.stderr_has(&["customers.csv 第 3 行", "无法按"]);
}

#[test]
fn reject_binary_file_in_chinese_is_all_chinese() {
    let dir = data_dir(&[("customers.csv", b"period\n\x00\x01"), ("managers.csv", MANAGERS_CSV.as_bytes())]);
    let (_, zh) = rejected(dir.path(), &[]);
    // Today: "错误: customers.csv 第 2 行：无法按 text 解码文件：it contains NUL bytes (a binary file?)"
    assert!(!zh.stderr.contains("binary file") && !zh.stderr.contains(" text "), "English in: {}", zh.stderr);
}

#[test]
fn reject_empty_and_header_only_files() {
    let empty = customers_dir("");
    let (en, zh) = rejected(empty.path(), &[]);
    en.stderr_has(&["customers.csv: the file has no data rows"]);
    zh.stderr_has(&["customers.csv：文件没有数据行"]);
    let header_only = customers_dir(&format!("{CUSTOMERS_HEADER}\n"));
    let (en, _) = rejected(header_only.path(), &[]);
    en.stderr_has(&["customers.csv: the file has no data rows"]);
}

#[test]
fn reject_more_than_one_percent_bad_rows() {
    // 1 bad row of 51 = 1.96% > 1%.
    let dir = customers_dir(&customers_with_bad_rows(50, 1));
    let (en, zh) = rejected(dir.path(), &[]);
    assert_eq!(en.stderr, "error: customers.csv: 1 of 51 rows are bad (1.96%), more than the 1.00% allowed\n");
    assert_eq!(zh.stderr, "错误: customers.csv：51 行中有 1 行有误（1.96%），超过允许的 1.00%\n");
    // The report still lists the bad row with its line and column.
    en.stdout_has(&["customers.csv:52 [deposit_avg]: 'abc' is not a decimal amount; row skipped"]);
    assert!(!en.stdout.contains("result:"), "a rejected run printed a result line:\n{}", en.stdout);
}

#[test]
fn bad_row_threshold_is_exclusive_at_one_percent() {
    // 1 of 100 rows = exactly 1%: allowed (exit 1). 1 of 99 = 1.01%: rejected.
    let at = customers_dir(&customers_with_bad_rows(99, 1));
    check(at.path(), false, &[]).expect_code(1).stdout_has(&["result: usable, with warnings"]);
    let over = customers_dir(&customers_with_bad_rows(98, 1));
    check(over.path(), false, &[]).expect_code(2).stderr_has(&["1 of 99 rows are bad (1.01%)"]);
}

#[test]
fn strict_rejects_a_single_bad_row() {
    // 1 bad row of 151 (0.66%): usable without --strict, rejected with it.
    let dir = customers_dir(&customers_with_bad_rows(150, 1));
    check(dir.path(), false, &[]).expect_code(1);
    let (en, zh) = rejected(dir.path(), &["--strict"]);
    en.stderr_has(&["customers.csv:152", "--strict", "'abc' is not a decimal amount"]);
    // The core says "strict mode"; the CLI appends its flag (a deliberate wording change: the
    // Chinese text was "存在错误行且设置了 --strict").
    zh.stderr_has(&["customers.csv 第 152 行", "严格模式下存在错误行", "（设置了 --strict）"]);
}

#[test]
fn strict_message_in_chinese_is_all_chinese() {
    let dir = customers_dir(&customers_with_bad_rows(150, 1));
    let (_, zh) = rejected(dir.path(), &["--strict"]);
    // Today: "… 存在错误行且设置了 --strict：customers.csv:152 [deposit_avg]: 'abc' is not a decimal amount; row skipped"
    assert!(!zh.stderr.contains("is not a decimal amount"), "English in: {}", zh.stderr);
}

#[test]
fn score_refuses_rejected_data_and_writes_nothing() {
    let dir = customers_dir(&customers_with_bad_rows(50, 1));
    let out = temp_dir();
    let r = score(dir.path(), &out.path().join("scores.csv"), false, &[]);
    r.expect_code(2).stderr_has(&["customers.csv: 1 of 51 rows are bad"]);
    assert_eq!(entries(out.path()), Vec::<String>::new());
    let r = score(dir.path(), &out.path().join("scores.csv"), false, &["--strict"]);
    r.expect_code(2);
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

#[test]
fn usage_errors_exit_2() {
    run_args(["check"]).expect_code(2);
    run_args(["--lang", "fr", "check", "."]).expect_code(2);
    run_args(["frobnicate"]).expect_code(2);
    run_args(["score", "."]).expect_code(2).stderr_has(&["--out"]);
    let help = run_args(["--help"]);
    help.expect_code(0).stdout_has(&["check", "score", "init", "sample"]);
}

// ---------------------------------------------------------------------------------------------
// init and configuration

#[test]
fn init_writes_config_refuses_to_overwrite_then_forces() {
    let tmp = temp_dir();
    let dir = tmp.path().join("cfg");
    let toml = dir.join("branchlens.toml");

    let r = run(branchlens().arg("init").arg(&dir));
    r.expect_code(0);
    assert_eq!(redact(&r.stdout, tmp.path()), "wrote [DATA]/cfg/branchlens.toml\n");
    let default = read_text(&toml);
    assert!(default.starts_with("# Branchlens configuration"), "{default}");
    assert!(default.contains("[tiers]") && default.contains("vip_share = "), "{default}");

    write(&toml, "# mine\n");
    let r = run(branchlens().arg("init").arg(&dir));
    r.expect_code(2).stderr_has(&["branchlens.toml already exists (use --force to overwrite)"]);
    assert_eq!(read_text(&toml), "# mine\n", "init without --force changed the file");
    let zh = run(branchlens().args(["--lang", "zh-CN", "init"]).arg(&dir));
    zh.expect_code(2).stderr_has(&["已存在", "--force"]);

    run(branchlens().arg("init").arg(&dir).arg("--force")).expect_code(0);
    assert_eq!(read_text(&toml), default);
    assert_eq!(entries(&dir), ["branchlens.toml"]);
}

#[test]
fn init_into_a_path_under_a_regular_file_fails() {
    let tmp = temp_dir();
    write(&tmp.path().join("file"), "x");
    let r = run(branchlens().arg("init").arg(tmp.path().join("file").join("sub")));
    r.expect_code(2).stderr_has(&["branchlens.toml"]);
    assert_eq!(entries(tmp.path()), ["file"]);
}

#[test]
fn init_config_is_accepted_and_equals_the_defaults() {
    let tmp = temp_dir();
    run(branchlens().arg("init").arg(tmp.path())).expect_code(0);
    let toml = tmp.path().join("branchlens.toml");
    let data = copy_fixture("clean");
    let r = check(data.path(), false, &["--config", toml.to_str().unwrap()]);
    r.expect_code(0).stdout_has(&["result: clean"]);

    // Scores with the written defaults are byte-identical to scores with none.
    let sample = sample_data_dir();
    let (a, b) = (temp_dir(), temp_dir());
    score(&sample, &a.path().join("scores.csv"), false, &[]).expect_code(0);
    score(&sample, &b.path().join("scores.csv"), false, &["--config", toml.to_str().unwrap()]).expect_code(0);
    assert!(read(&a.path().join("scores.csv")) == read(&b.path().join("scores.csv")), "scores differ");
    assert!(read(&a.path().join("summary.json")) == read(&b.path().join("summary.json")), "summaries differ");
}

#[test]
fn config_unknown_key_is_rejected_with_suggestion() {
    let data = copy_fixture("clean");
    let cfg = temp_dir();
    let path = cfg.path().join("custom.toml");
    write(&path, "[tiers]\nvip_shar = 0.1\n");
    let en = check(data.path(), false, &["--config", path.to_str().unwrap()]);
    en.expect_code(2).stderr_has(&["tiers.vip_shar", "did you mean tiers.vip_share?", "(line 2)"]);
    assert_eq!(
        redact(&en.stderr, cfg.path()),
        "error: [DATA]/custom.toml: unknown config key tiers.vip_shar (line 2); did you mean tiers.vip_share?\n"
    );
    let zh = check(data.path(), true, &["--config", path.to_str().unwrap()]);
    zh.expect_code(2).stderr_has(&["未知的配置项 tiers.vip_shar", "是否应为 tiers.vip_share"]);
    // score reads the same configuration.
    let out = temp_dir();
    score(data.path(), &out.path().join("s.csv"), false, &["--config", path.to_str().unwrap()])
        .expect_code(2)
        .stderr_has(&["tiers.vip_shar"]);
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

#[test]
fn config_out_of_range_names_key_and_value() {
    let data = copy_fixture("clean");
    let cfg = temp_dir();
    let path = cfg.path().join("c.toml");
    let arg = path.to_str().unwrap();
    for (text, expect) in [
        ("[tiers]\nvip_share = 1.5\n", "tiers.vip_share = 1.5 (line 2) is out of range; the allowed range is 0 to 1"),
        (
            "[data_quality]\nmax_bad_row_ratio = -0.1\n",
            "data_quality.max_bad_row_ratio = -0.1 (line 2) is out of range",
        ),
        ("[tiers]\nvip_share = 0.5\nkey_share = 0.2\n", "tiers.vip_share = 0.5 (line 2) is out of range"),
        ("[tiers]\nvip_share = \"x\"\n", "tiers.vip_share = \"x\" (line 2) is not valid"),
        ("garbage = [\n", "not valid TOML"),
    ] {
        write(&path, text);
        check(data.path(), false, &["--config", arg]).expect_code(2).stderr_has(&["c.toml", expect]);
    }
}

#[test]
fn config_file_in_data_dir_is_read() {
    // 1 bad row of 51 is rejected by default (1%); the data dir's branchlens.toml allows 5%.
    let dir = customers_dir(&customers_with_bad_rows(50, 1));
    check(dir.path(), false, &[]).expect_code(2);
    write(&dir.path().join("branchlens.toml"), "[data_quality]\nmax_bad_row_ratio = 0.05\n");
    check(dir.path(), false, &[]).expect_code(1);
    // An explicit --config wins over the data dir's file.
    let other = temp_dir();
    let strict_cfg = other.path().join("strict.toml");
    write(&strict_cfg, "[data_quality]\nmax_bad_row_ratio = 0.0\n");
    check(dir.path(), false, &["--config", strict_cfg.to_str().unwrap()]).expect_code(2);
}

#[test]
fn config_file_that_does_not_exist_is_rejected() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    let r = check(data.path(), false, &["--config", tmp.path().join("missing.toml").to_str().unwrap()]);
    r.expect_code(2).stderr_has(&["missing.toml", "cannot read"]);
}

// ---------------------------------------------------------------------------------------------
// sample

fn sample(out: &Path, seed: u64) -> Run {
    let r = run(branchlens()
        .args(["sample", "--customers", "300", "--months", "4", "--branches", "2", "--seed"])
        .arg(seed.to_string())
        .arg("--out")
        .arg(out));
    r.expect_code(0);
    r
}

#[test]
fn sample_is_deterministic_per_seed() {
    let tmp = temp_dir();
    let (a, b, c) = (tmp.path().join("A"), tmp.path().join("B"), tmp.path().join("C"));
    let r = sample(&a, 5);
    assert_eq!(redact(&r.stdout, tmp.path()), "wrote sample bank to [DATA]/A\n");
    sample(&b, 5);
    sample(&c, 6);
    let files = ["credit_splits.csv", "customers.csv", "managers.csv"];
    assert_eq!(entries(&a), files);
    assert_eq!(entries(&b), files);
    for f in files {
        assert!(read(&a.join(f)) == read(&b.join(f)), "{f} differs between two runs with seed 5");
    }
    assert!(read(&a.join("customers.csv")) != read(&c.join("customers.csv")), "seed 6 gave seed 5's customers");
}

#[test]
fn sample_output_passes_check_and_scores() {
    let tmp = temp_dir();
    let a = tmp.path().join("A");
    sample(&a, 5);
    let r = check(&a, false, &[]);
    assert!(matches!(r.code, Some(0 | 1)), "check on sample output: {r:?}");
    r.stdout_has(&["Periods: 2026-07 … 2026-10 (4)", "Branches: 2\n", "Issues: 0 errors (row skipped)"]);
    let n = customers_per_period(&r.stdout)["2026-10"];
    score(&a, &a.join("out").join("scores.csv"), false, &[]).expect_code(0);
    let (_, rows) = read_scores(&a.join("out").join("scores.csv"));
    assert_eq!(rows.len() as u64, n);
}

#[test]
fn sample_reproduces_the_committed_sample_data() {
    // README: sample-data/ was made by `sample --customers 2000 --months 13 --branches 3 --seed 42`.
    let tmp = temp_dir();
    let out = tmp.path().join("s");
    run(branchlens()
        .args(["sample", "--customers", "2000", "--months", "13", "--branches", "3", "--seed", "42", "--out"])
        .arg(&out))
    .expect_code(0);
    for f in ["customers.csv", "managers.csv", "credit_splits.csv"] {
        assert!(
            read(&out.join(f)) == read(&sample_data_dir().join(f)),
            "{f} differs from sample-data/{f}: the generator changed and sample-data/ is stale. Regenerate it \
             with `branchlens sample --customers 2000 --months 13 --branches 3 --seed 42 --out sample-data`, \
             then review the snapshots (INSTA_UPDATE=always) and the example rows in docs/summary-json.md"
        );
    }
}

#[test]
fn sample_with_zero_customers_is_refused_or_usable() {
    let tmp = temp_dir();
    let out = tmp.path().join("z");
    let r =
        run(branchlens().args(["sample", "--customers", "0", "--months", "1", "--branches", "1", "--out"]).arg(&out));
    if r.code == Some(0) {
        let c = check(&out, false, &[]);
        assert!(matches!(c.code, Some(0 | 1)), "sample exited 0 but its output is rejected: {}", c.stderr);
    } else {
        r.expect_code(2);
    }
    // Refused by the argument parser, before anything is written.
    r.stderr_has(&["--customers", "0 is not in 1..=100000000"]);
    assert!(!out.exists());
    for (flag, value) in [("--months", "0"), ("--months", "121"), ("--branches", "0"), ("--branches", "1000")] {
        let r = run(branchlens().args(["sample", flag, value, "--out"]).arg(&out));
        r.expect_code(2).stderr_has(&[flag, value]);
        assert!(!out.exists());
    }
}

#[test]
fn sample_with_the_smallest_sizes_is_usable() {
    // One customer, one month, one branch: the smallest bank `sample` accepts passes `check`.
    let tmp = temp_dir();
    let out = tmp.path().join("one");
    run(branchlens().args(["sample", "--customers", "1", "--months", "1", "--branches", "1", "--out"]).arg(&out))
        .expect_code(0);
    let c = check(&out, false, &[]);
    assert!(matches!(c.code, Some(0 | 1)), "{}\n{}", c.stdout, c.stderr);
    score(&out, &tmp.path().join("s.csv"), false, &[]).expect_code(0);
}

// ---------------------------------------------------------------------------------------------
// score

#[test]
fn score_sample_data_writes_consistent_csv_and_summary() {
    let sample = sample_data_dir();
    let checked = check(&sample, false, &[]);
    let per_period = customers_per_period(&checked.stdout);

    let tmp = temp_dir();
    let out = tmp.path().join("scores.csv");
    let r = score(&sample, &out, false, &[]);
    r.expect_code(0);
    assert_eq!(
        redact(&r.stdout, tmp.path()),
        "2026-10: scored 1948 customers → [DATA]/scores.csv; summary → [DATA]/summary.json\n"
    );
    // sample-data has warnings: one note line on stderr.
    assert!(r.stderr.starts_with("note: 0 bad rows skipped, ") && r.stderr.lines().count() == 1, "{}", r.stderr);
    assert_eq!(entries(tmp.path()), ["scores.csv", "summary.json"], "temporary files left behind");

    let text = read_text(&out);
    assert_eq!(text.lines().next(), Some(SCORE_HEADER));
    assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
    let (header, rows) = read_scores(&out);
    assert_eq!(header.join(","), SCORE_HEADER);
    assert_eq!(rows.len() as u64, per_period["2026-10"], "one row per customer of 2026-10");
    assert!(rows.iter().all(|r| r.len() == 13 && r[0] == "2026-10"));
    let ids: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "rows are not sorted by unique customer_id");

    let s = read_json(&tmp.path().join("summary.json"));
    assert_eq!(s["schema"], "branchlens.summary/1");
    assert_eq!(s["period"], "2026-10");
    assert_eq!(s["periods"].as_array().unwrap().len(), 13);
    let counts = &s["counts"];
    assert_eq!(counts["customers"].as_u64(), Some(rows.len() as u64));
    let tiers = json_counts(&counts["tiers"]);
    assert_eq!(tiers.values().sum::<u64>(), rows.len() as u64, "tier counts do not sum to the rows");
    assert_eq!(nonzero(tiers), tally(&rows, 7), "tiers: summary.json vs scores.csv");
    assert_eq!(nonzero(json_counts(&counts["levels"])), tally(&rows, 10), "levels");
    assert_eq!(nonzero(json_counts(&counts["risk"])), tally(&rows, 12), "risk classes");
    let rising = rows.iter().filter(|r| r[8] == "true").count() as u64;
    assert!(rows.iter().all(|r| r[8] == "true" || r[8] == "false"));
    assert_eq!(counts["rising"].as_u64(), Some(rising));
    // Reason counts: a customer counts once under each of its `|`-joined reasons.
    let mut reasons = BTreeMap::new();
    for r in rows.iter().filter(|r| !r[11].is_empty()) {
        for code in r[11].split('|') {
            *reasons.entry(code.to_owned()).or_insert(0u64) += 1;
        }
    }
    let json_reasons: BTreeMap<String, u64> = counts["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["reason"].as_str().unwrap().to_owned(), o["customers"].as_u64().unwrap()))
        .collect();
    assert_eq!(json_reasons.len(), 11, "all 11 reason codes are listed");
    assert_eq!(nonzero(json_reasons), reasons, "reasons");
    // tiers_by_kind adds up to counts.tiers.
    let retail = json_counts(&s["tiers_by_kind"]["retail"]);
    let corporate = json_counts(&s["tiers_by_kind"]["corporate"]);
    for (tier, n) in json_counts(&counts["tiers"]) {
        assert_eq!(retail[&tier] + corporate[&tier], n, "tiers_by_kind.{tier}");
    }
}

#[test]
fn score_matches_the_documented_example_rows() {
    // docs/summary-json.md, "Example (sample-data, 2026-10)".
    let tmp = temp_dir();
    let out = tmp.path().join("scores.csv");
    score(&sample_data_dir(), &out, false, &[]).expect_code(0);
    let text = read_text(&out);
    for row in [
        "2026-10,C0000099,retail,B01,M0005,934.2765916666667,766.9331888888888,key,false,0,none,,normal",
        "2026-10,C0000547,retail,B03,,92.28578750000001,87.63456666666667,ordinary,false,20,none,COMPLAINTS3,normal",
        "2026-10,C0000613,retail,B01,M0007,72.08994166666666,236.34023749999997,ordinary,false,90,red,FUNDS60|TXN50|PRODUCT_LOST|COMPLAINTS3,normal",
    ] {
        assert!(
            text.lines().any(|l| l == row),
            "row of docs/summary-json.md missing from the scores of sample-data: {row}"
        );
    }
}

#[test]
fn score_earlier_period() {
    let sample = sample_data_dir();
    let per_period = customers_per_period(&check(&sample, false, &[]).stdout);
    let tmp = temp_dir();
    let out = tmp.path().join("scores.csv");
    let r = score(&sample, &out, false, &["--period", "2026-09"]);
    r.expect_code(0).stdout_has(&["2026-09: scored "]);
    let (_, rows) = read_scores(&out);
    assert_eq!(rows.len() as u64, per_period["2026-09"]);
    assert!(rows.iter().all(|r| r[0] == "2026-09"));
    let s = read_json(&tmp.path().join("summary.json"));
    assert_eq!(s["period"], "2026-09");
    let periods = s["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 12, "later periods are not listed");
    assert_eq!(periods.last().unwrap(), "2026-09");
    assert_eq!(s["counts"]["customers"].as_u64(), Some(rows.len() as u64));
}

#[test]
fn score_unknown_period_is_rejected_naming_the_periods() {
    let tmp = temp_dir();
    let out = tmp.path().join("scores.csv");
    let r = score(&sample_data_dir(), &out, false, &["--period", "2030-01"]);
    r.expect_code(2).stderr_has(&["error: period 2030-01 is not in the data (periods: 2025-10, 2025-11, "]);
    assert!(r.stderr.trim_end().ends_with("2026-09, 2026-10)"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(entries(tmp.path()), Vec::<String>::new(), "a rejected run wrote files");
    let zh = score(&sample_data_dir(), &out, true, &["--period", "2030-01"]);
    zh.expect_code(2).stderr_has(&["数据中没有期间 2030-01", "2025-10"]);
    // A malformed period is a usage error.
    score(&sample_data_dir(), &out, false, &["--period", "2026-13"]).expect_code(2).stderr_has(&["2026-13"]);
}

#[test]
fn score_is_deterministic() {
    let copy = copy_sample_data();
    let (a, b) = (temp_dir(), temp_dir());
    score(copy.path(), &a.path().join("scores.csv"), false, &[]).expect_code(0);
    score(copy.path(), &b.path().join("scores.csv"), false, &[]).expect_code(0);
    for f in ["scores.csv", "summary.json"] {
        assert!(read(&a.path().join(f)) == read(&b.path().join(f)), "{f} differs between two runs");
    }
    // Running again over existing outputs replaces them with the same bytes, leaving nothing else.
    let before = read(&a.path().join("summary.json"));
    score(copy.path(), &a.path().join("scores.csv"), false, &[]).expect_code(0);
    assert!(read(&a.path().join("summary.json")) == before);
    assert_eq!(entries(a.path()), ["scores.csv", "summary.json"]);
}

#[test]
fn score_replaces_old_outputs() {
    let data = copy_fixture("clean");
    let out = temp_dir();
    write(&out.path().join("scores.csv"), "old");
    write(&out.path().join("summary.json"), "old");
    score(data.path(), &out.path().join("scores.csv"), false, &[]).expect_code(0);
    assert!(read_text(&out.path().join("scores.csv")).starts_with(SCORE_HEADER));
    assert_eq!(read_json(&out.path().join("summary.json"))["period"], "2024-06");
    assert_eq!(entries(out.path()), ["scores.csv", "summary.json"]);
}

#[test]
fn score_creates_missing_output_directories() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    let out = tmp.path().join("a").join("b").join("scores.csv");
    score(data.path(), &out, false, &[]).expect_code(0);
    assert_eq!(entries(&tmp.path().join("a").join("b")), ["scores.csv", "summary.json"]);
    let (_, rows) = read_scores(&out);
    let ids: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(ids, ["C001", "C002", "C003", "C004"]);
}

#[test]
fn score_and_init_with_relative_paths() {
    // `--out scores.csv` (no directory part) and `init` without DIR work in the current directory.
    let data = copy_fixture("clean");
    let cwd = temp_dir();
    let r = run(branchlens().current_dir(cwd.path()).arg("score").arg(data.path()).args(["--out", "scores.csv"]));
    r.expect_code(0);
    assert_eq!(r.stdout, "2024-06: scored 4 customers → scores.csv; summary → summary.json\n");
    run(branchlens().current_dir(cwd.path()).arg("init")).expect_code(0).stdout_has(&["branchlens.toml"]);
    assert_eq!(entries(cwd.path()), ["branchlens.toml", "scores.csv", "summary.json"]);
}

// ---------------------------------------------------------------------------------------------
// atomic output: a failed run leaves nothing behind

#[test]
fn score_into_a_path_under_a_regular_file_fails_cleanly() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    write(&tmp.path().join("file"), "x");
    let r = score(data.path(), &tmp.path().join("file").join("scores.csv"), false, &[]);
    r.expect_code(2).stderr_has(&["scores.csv: cannot write"]);
    assert_eq!(entries(tmp.path()), ["file"]);
    assert_eq!(read_text(&tmp.path().join("file")), "x");
}

#[cfg(target_os = "linux")]
#[test]
fn score_into_proc_fails() {
    let data = copy_fixture("clean");
    let r = score(data.path(), Path::new("/proc/branchlens-e2e/scores.csv"), false, &[]);
    assert_ne!(r.code, Some(0));
    r.stderr_has(&["cannot write"]);
}

#[test]
fn score_onto_a_directory_fails_and_leaves_no_temporary_file() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    std::fs::create_dir(tmp.path().join("scores.csv")).unwrap();
    let r = score(data.path(), &tmp.path().join("scores.csv"), false, &[]);
    r.expect_code(2).stderr_has(&["scores.csv: cannot write"]);
    assert_eq!(entries(tmp.path()), ["scores.csv"], "temporary files left behind");
    assert_eq!(entries(&tmp.path().join("scores.csv")), Vec::<String>::new());
}

#[test]
fn score_failing_on_summary_leaves_no_scores() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    std::fs::create_dir(tmp.path().join("summary.json")).unwrap();
    let r = score(data.path(), &tmp.path().join("scores.csv"), false, &[]);
    r.expect_code(2).stderr_has(&["summary.json: cannot write"]);
    assert_eq!(entries(tmp.path()), ["summary.json"], "a failed run left output behind");
    // A previous scores.csv is kept as it was.
    write(&tmp.path().join("scores.csv"), "old");
    score(data.path(), &tmp.path().join("scores.csv"), true, &[])
        .expect_code(2)
        .stderr_has(&["summary.json：无法写入"]);
    assert_eq!(entries(tmp.path()), ["scores.csv", "summary.json"], "a failed run left output behind");
    assert_eq!(read_text(&tmp.path().join("scores.csv")), "old");
}

#[test]
fn score_out_named_summary_json_does_not_lose_the_scores() {
    let data = copy_fixture("clean");
    let tmp = temp_dir();
    let r = score(data.path(), &tmp.path().join("summary.json"), false, &[]);
    if r.code == Some(0) {
        let text = read_text(&tmp.path().join("summary.json"));
        assert!(text.starts_with(SCORE_HEADER), "exit 0 but the score CSV was overwritten by the summary");
    } else {
        r.expect_code(2);
    }
    assert_eq!(
        redact(&r.stderr, tmp.path()),
        "error: [DATA]/summary.json: summary.json is written beside the scores; choose another name for --out\n"
    );
    assert_eq!(entries(tmp.path()), Vec::<String>::new());
    // Any case spelling (a case-insensitive file system would make it the same file).
    let zh = score(data.path(), &tmp.path().join("Summary.JSON"), true, &[]);
    zh.expect_code(2).stderr_has(&["Summary.JSON：summary.json 会写在评分文件旁边"]);
    assert_eq!(entries(tmp.path()), Vec::<String>::new());
}

#[test]
fn score_refuses_to_overwrite_its_input() {
    let data = copy_fixture("clean");
    let input = data.path().join("customers.csv");
    let before = read(&input);
    let r = score(data.path(), &input, false, &[]);
    assert!(read(&input) == before, "score overwrote its input customers.csv");
    r.expect_code(2);
    let expected = "error: [DATA]/customers.csv: refusing to write over the input file [DATA]/customers.csv; \
                    choose another output path\n";
    assert_eq!(redact(&r.stderr, data.path()), expected);
    assert_eq!(entries(data.path()), ["credit_splits.csv", "customers.csv", "managers.csv"], "no summary.json written");
    let zh = score(data.path(), &data.path().join("managers.csv"), true, &[]);
    zh.expect_code(2).stderr_has(&["managers.csv：不能覆盖输入文件", "请换一个输出路径"]);

    // The same file under another spelling: `dir/../dir/customers.csv`, a symbolic link, a hard link.
    let name = data.path().file_name().unwrap();
    let dotted = data.path().join("..").join(name).join("customers.csv");
    score(data.path(), &dotted, false, &[]).expect_code(2).stderr_has(&["refusing to write over the input file"]);
    let tmp = temp_dir();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&input, tmp.path().join("link.csv")).unwrap();
        score(data.path(), &tmp.path().join("link.csv"), false, &[])
            .expect_code(2)
            .stderr_has(&["refusing to write over the input file"]);
    }
    std::fs::hard_link(&input, tmp.path().join("hard.csv")).unwrap();
    score(data.path(), &tmp.path().join("hard.csv"), false, &[])
        .expect_code(2)
        .stderr_has(&["refusing to write over the input file"]);
    assert!(read(&input) == before, "score overwrote its input customers.csv");

    // The configuration is an input too: summary.json would replace a config file of that name.
    let cfg_dir = temp_dir();
    let cfg = cfg_dir.path().join("summary.json");
    write(&cfg, "");
    score(data.path(), &cfg_dir.path().join("scores.csv"), false, &["--config", cfg.to_str().unwrap()])
        .expect_code(2)
        .stderr_has(&["summary.json: refusing to write over the input file"]);
    assert_eq!(entries(cfg_dir.path()), ["summary.json"]);
}

// ---------------------------------------------------------------------------------------------
// GBK input with Chinese column names

const GBK_CUSTOMERS: &str = "\
期间,客户号,客户名称,客户类型,机构号,客户经理号,开户日期,存款日均,贷款余额,金融资产,中间业务收入,持有产品,交易笔数,五级分类
2024-05,客户001,张三,对私,营业部01,经理01,2019-01-15,48000.50,0,190000,0,deposit;card,10,
2024-06,客户001,张三,对私,营业部01,经理01,2019-01-15,50000,0,200000,12.5,deposit;card;wealth,12,
2024-06,C002,华丰贸易有限公司,对公,营业部01,经理02,2018-04-02,\"1,234,567.89\",300000,0,1200.5,deposit;loan,45,关注
";

const GBK_MANAGERS: &str = "\
客户经理号,姓名,机构号,等级,入职日期,状态
经理01,王芳,营业部01,senior,2015-03-01,在岗
经理02,李雷,营业部01,junior,2020-07-15,在职
";

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "the fixture text is not GBK-encodable");
    bytes.into_owned()
}

fn gbk_dir() -> common::TempDir {
    let c = gbk(GBK_CUSTOMERS);
    assert!(std::str::from_utf8(&c).is_err(), "the GBK bytes must not be valid UTF-8");
    data_dir(&[("customers.csv", &c), ("managers.csv", &gbk(GBK_MANAGERS))])
}

#[test]
fn gbk_input_end_to_end() {
    let dir = gbk_dir();
    let r = check(dir.path(), false, &[]);
    assert!(matches!(r.code, Some(0 | 1)), "{r:?}");
    r.stdout_has(&["customers.csv      GB18030 ", "managers.csv       GB18030 ", "Branches: 1\n", "Managers: 2\n"]);
    assert_eq!(customers_per_period(&r.stdout), BTreeMap::from([("2024-05".to_owned(), 1), ("2024-06".to_owned(), 2)]));
    // Forcing gbk reads the same.
    let forced = check(dir.path(), false, &["--encoding", "gbk"]);
    assert_eq!(forced.code, r.code);
    assert_eq!(forced.stdout, r.stdout);

    let out = temp_dir();
    let scores = out.path().join("scores.csv");
    score(dir.path(), &scores, false, &[]).expect_code(0);
    let (_, rows) = read_scores(&scores); // the output is UTF-8
    let got: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str(), r[4].as_str())).collect();
    assert_eq!(
        got,
        [("C002", "corporate", "营业部01", "经理02"), ("客户001", "retail", "营业部01", "经理01")],
        "ids, kinds, branches and managers are preserved"
    );
    assert_eq!(rows[0][12], "watch", "五级分类 关注 (special) makes the corporate customer 'watch'");
    let s = read_json(&out.path().join("summary.json"));
    assert_eq!(s["branches"][0]["branch_id"], "营业部01");
    assert_eq!(s["managers"][0]["name"], "王芳");
}

#[test]
fn gbk_input_forced_as_utf8_cannot_be_decoded() {
    let dir = gbk_dir();
    let r = check(dir.path(), false, &["--encoding", "utf-8"]);
    r.expect_code(2).stderr_has(&["cannot decode the file as UTF-8", ".csv:1 [field "]);
    let zh = check(dir.path(), true, &["--encoding", "utf-8"]);
    zh.expect_code(2).stderr_has(&["无法按 UTF-8 解码"]);
    let out = temp_dir();
    score(dir.path(), &out.path().join("s.csv"), false, &["--encoding", "utf-8"])
        .expect_code(2)
        .stderr_has(&["cannot decode"]);
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

#[test]
fn undecodable_bytes_are_rejected_with_their_line() {
    // 0x80 followed by 0xFF is neither UTF-8 nor GB18030.
    let mut c =
        format!("{CUSTOMERS_HEADER}\n2024-06,C1,N,retail,B01,M01,2019-01-15,100,0,0,0,deposit,1\n").into_bytes();
    c.extend_from_slice(b"2024-06,C2,\x80\xFF,retail,B01,M01,2019-01-15,100,0,0,0,deposit,1\n");
    let dir = data_dir(&[("customers.csv", &c), ("managers.csv", MANAGERS_CSV.as_bytes())]);
    let (en, _) = rejected(dir.path(), &[]);
    en.stderr_has(&["customers.csv:3 [name]: cannot decode"]);
}

/// `--timings` (benchmarks only): one `timing PHASE=…ms` line per phase, then `timing total=…ms`,
/// each on its own line, so no later message runs into them.
#[test]
fn timings_print_one_line_per_phase() {
    let dir = copy_sample_data();
    let out = temp_dir();
    let scores = out.path().join("scores.csv");
    let r = run_args([
        "--timings".as_ref(),
        "score".as_ref(),
        dir.path().as_os_str(),
        "--out".as_ref(),
        scores.as_os_str(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("timing")).collect();
    let phases: Vec<&str> =
        lines.iter().map(|l| l.trim_start_matches("timing ").split('=').next().unwrap_or("")).collect();
    assert_eq!(phases, ["load", "analyze", "write", "total"], "{}", r.stderr);
    for l in &lines {
        let ms = l.split('=').nth(1).and_then(|v| v.strip_suffix("ms")).unwrap_or("");
        assert!(ms.parse::<f64>().is_ok_and(|v| v >= 0.0), "not `timing PHASE=…ms`: {l:?}");
    }
    assert!(r.stderr.ends_with("ms\n"), "the last timing line ends with a newline: {:?}", r.stderr);
}
