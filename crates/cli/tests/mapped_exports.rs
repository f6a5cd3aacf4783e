//! Issue 11 end to end: a data directory of monthly platform exports (no period column, the
//! period in the file name, synonym headers with 万元 suffixes, YYYYMMDD dates, a GBK managers
//! file under its own name) with a `branchlens.toml` mapping scores byte-identically to the same
//! data in contract form; `check` prints the sources and the mapping in force; the new messages
//! name their file and line in both languages.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{branchlens, read, read_text, run, sample_data_dir, temp_dir, write, Run};

const CONFIG: &str = r#"[input.customers]
files = ["exports/客户月报_*.csv"]

[input.managers]
files = ["人员信息.csv"]
encoding = "gbk"

[input.managers.columns]
grade = "岗位职级"
"#;

const PLATFORM: [(&str, &str); 18] = [
    ("customer_id", "客户编号"),
    ("name", "客户姓名"),
    ("kind", "客户类别"),
    ("branch_id", "所属机构"),
    ("manager_id", "管户经理"),
    ("open_date", "开户时间"),
    ("deposit_avg", "存款日均余额(万元)"),
    ("loan_balance", "贷款余额合计（万元）"),
    ("aum", "金融资产余额(单位：万元)"),
    ("fee_income", "中收(万元)"),
    ("products", "持有产品代码"),
    ("txn_count", "交易次数"),
    ("industry", "国标行业"),
    ("loan_class", "贷款五级分类"),
    ("overdue_days", "最长逾期天数"),
    ("last_contact", "最近接触日期"),
    ("complaints", "投诉笔数"),
    ("phone", "手机号码"),
];

/// A yuan amount as the same amount in 万元, exactly (`-3.2` → `-0.000320`).
fn to_wan(yuan: &str) -> String {
    if yuan.is_empty() {
        return String::new();
    }
    let (sign, v) = yuan.strip_prefix('-').map_or(("", yuan), |v| ("-", v));
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let fen = format!("{:0>7}", format!("{}{:0<2}", int.replace(',', ""), frac));
    let (w, f) = fen.split_at(fen.len() - 6);
    let w = w.trim_start_matches('0');
    format!("{sign}{}.{f}", if w.is_empty() { "0" } else { w })
}

/// Writes the sample data as monthly platform exports into `dir` (and the mapping).
fn write_exports(dir: &Path) {
    let customers = read_text(&sample_data_dir().join("customers.csv"));
    let mut rdr = csv::Reader::from_reader(customers.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let mut months: BTreeMap<String, csv::Writer<Vec<u8>>> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let w = months.entry(rec[col("period")].replace('-', "")).or_insert_with(|| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(PLATFORM.iter().map(|(_, h)| *h)).unwrap();
            w
        });
        let fields: Vec<String> = PLATFORM
            .iter()
            .map(|(c, _)| match *c {
                "deposit_avg" | "loan_balance" | "aum" | "fee_income" => to_wan(&rec[col(c)]),
                "open_date" | "last_contact" => rec[col(c)].replace('-', ""),
                _ => rec[col(c)].to_string(),
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    for (p, w) in months {
        write(&dir.join(format!("exports/客户月报_{p}.csv")), w.into_inner().unwrap());
    }
    let managers = read_text(&sample_data_dir().join("managers.csv"));
    let (head, body) = managers.split_once('\n').unwrap();
    let head = head.replace("manager_id", "员工编号").replace("name", "员工姓名").replace("grade", "岗位职级");
    let text = format!("{head}\n{body}");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    write(&dir.join("人员信息.csv"), &gbk);
    write(&dir.join("credit_splits.csv"), read(&sample_data_dir().join("credit_splits.csv")));
    write(&dir.join("branchlens.toml"), CONFIG);
}

fn cli(zh: bool, args: &[&std::ffi::OsStr]) -> Run {
    let mut cmd = branchlens();
    if zh {
        cmd.args(["--lang", "zh-CN"]);
    }
    run(cmd.args(args))
}

fn check(dir: &Path, zh: bool) -> Run {
    cli(zh, &["check".as_ref(), dir.as_os_str()])
}

#[test]
fn monthly_exports_with_a_mapping_score_like_the_contract_files() {
    let dir = temp_dir();
    write_exports(dir.path());
    let out = temp_dir();
    let (mapped, contract) = (out.path().join("mapped.csv"), out.path().join("contract.csv"));
    cli(false, &["score".as_ref(), dir.path().as_os_str(), "--out".as_ref(), mapped.as_os_str()]).expect_code(0);
    cli(false, &["score".as_ref(), sample_data_dir().as_os_str(), "--out".as_ref(), contract.as_os_str()])
        .expect_code(0);
    assert!(read(&mapped) == read(&contract), "score output differs");

    let c = check(dir.path(), false);
    assert_eq!(c.code, check(&sample_data_dir(), false).code, "{}", c.stdout);
    c.stdout_has(&[
        "  customers ",
        "    exports/客户月报_",
        "    人员信息.csv",
        "GB18030",
        "Mapping in force (contract column ← header in the file):",
        "    period                 (from the file name)",
        "    deposit_avg            ← 存款日均余额(万元)  (in 10,000 yuan)",
        "    grade                  ← 岗位职级",
    ]);
    check(dir.path(), true).stdout_has(&[
        "生效的列映射（契约列 ← 文件中的表头）：",
        "    period                 （取自文件名）",
        "    aum                    ← 金融资产余额(单位：万元)  （单位：万元）",
    ]);
}

#[test]
fn new_messages_name_their_file_and_line() {
    let dir = temp_dir();
    write_exports(dir.path());
    let first = std::fs::read_dir(dir.path().join("exports")).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let name = format!("exports/{}", first.file_name().unwrap().to_string_lossy());
    // A bad amount on line 3 of one monthly file.
    let text = read_text(&first);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    fields[6] = "abc".into();
    lines[2] = fields.join(",");
    write(&first, lines.join("\n") + "\n");
    check(dir.path(), false).stdout_has(&[&format!("{name}:3 [deposit_avg]: 'abc' is not a decimal amount")]);
    check(dir.path(), true).stdout_has(&[&format!("{name} 第 3 行 [deposit_avg]：“abc”不是有效金额")]);

    // A configured header not in the file: the key, the file and the closest header.
    write(&dir.path().join("branchlens.toml"), CONFIG.replace("岗位职级", "岗位职"));
    check(dir.path(), false).expect_code(2).stderr_has(&[
        "人员信息.csv:1: the header '岗位职' that input.managers.columns.grade names is not in the file; did you mean '岗位职级'?",
    ]);
    check(dir.path(), true).expect_code(2).stderr_has(&[
        "人员信息.csv 第 1 行：input.managers.columns.grade 指定的表头“岗位职”不在文件中；是否应为“岗位职级”？",
    ]);

    // A pattern that matches nothing.
    write(&dir.path().join("branchlens.toml"), CONFIG.replace("客户月报_*", "月报_*"));
    check(dir.path(), false)
        .expect_code(2)
        .stderr_has(&["input.customers.files: the pattern 'exports/月报_*.csv' matches no file in the data directory"]);
    check(dir.path(), true)
        .expect_code(2)
        .stderr_has(&["input.customers.files：模式“exports/月报_*.csv”在数据目录中没有匹配到任何文件"]);

    // A mapping key that is not a column, on its line, with the closest column.
    write(&dir.path().join("branchlens.toml"), CONFIG.replace("grade =", "grad ="));
    check(dir.path(), false).expect_code(2).stderr_has(&[
        "input.managers.columns.grad",
        "line 9",
        "input.managers.columns.grade",
    ]);

    // A pattern leaving the data directory.
    write(&dir.path().join("branchlens.toml"), CONFIG.replace("人员信息.csv", "../人员信息.csv"));
    check(dir.path(), false).expect_code(2).stderr_has(&["input.managers.files", "line 5"]);
}
