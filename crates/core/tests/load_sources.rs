//! Several sources per table (issue 11): the same data as one contract CSV and as monthly
//! platform exports (synonym headers, 万元, YYYYMMDD, periods from file names, worksheets) loads
//! into the same dataset; every message names the real source.

use std::collections::BTreeMap;
use std::path::PathBuf;

use branchlens_core::config::{Config, Lang};
use branchlens_core::load::{load_tables, Cell, Content, Sheet, Source, TableMapping, Tables};
use branchlens_core::summary::analyze;
use branchlens_core::{load, AmountUnit, Inputs, IssueKind, LoadError, LoadOptions, Loaded};

fn sample(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample-data").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn text(name: &str, body: String) -> Source<'static> {
    Source { name: name.to_string(), content: Content::Text(Box::new(move || Ok(body.into_bytes()))) }
}

/// A yuan amount (`-3.2`, `160949.12`) as the same amount in 万元, exactly (`-0.00032`).
fn to_wan(yuan: &str) -> String {
    if yuan.is_empty() {
        return String::new();
    }
    let (sign, v) = yuan.strip_prefix('-').map_or(("", yuan), |v| ("-", v));
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let fen = format!("{}{:0<2}", int.replace(',', ""), frac);
    let fen = format!("{fen:0>7}");
    let (w, f) = fen.split_at(fen.len() - 6);
    let w = w.trim_start_matches('0');
    format!("{sign}{}.{f}", if w.is_empty() { "0" } else { w })
}

/// `2020-01-05` → `20200105`.
fn compact_date(d: &str) -> String {
    d.replace('-', "")
}

const PLATFORM_CUSTOMERS: [(&str, &str); 18] = [
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

/// customers.csv as one platform export per month: no period column, the period in the file
/// name, synonym headers with unit suffixes, amounts in 万元, dates as YYYYMMDD.
fn monthly_exports(customers: &str) -> Vec<(String, String)> {
    let mut rdr = csv::Reader::from_reader(customers.as_bytes());
    let header: Vec<String> = rdr.headers().expect("header").iter().map(str::to_string).collect();
    let col = |n: &str| header.iter().position(|h| h == n).expect("column");
    let mut months: BTreeMap<String, csv::Writer<Vec<u8>>> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.expect("record");
        let period = rec[col("period")].replace('-', "");
        let w = months.entry(period).or_insert_with(|| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(PLATFORM_CUSTOMERS.iter().map(|(_, h)| *h)).expect("write");
            w
        });
        let fields: Vec<String> = PLATFORM_CUSTOMERS
            .iter()
            .map(|(c, _)| {
                let v = &rec[col(c)];
                match *c {
                    "deposit_avg" | "loan_balance" | "aum" | "fee_income" => to_wan(v),
                    "open_date" | "last_contact" => compact_date(v),
                    _ => v.to_string(),
                }
            })
            .collect();
        w.write_record(&fields).expect("write");
    }
    months
        .into_iter()
        .map(|(p, w)| {
            (format!("exports/客户月报_{p}.csv"), String::from_utf8(w.into_inner().expect("flush")).expect("utf-8"))
        })
        .collect()
}

fn managers_platform(managers: &str) -> String {
    let mut lines = managers.lines();
    let header = lines.next().expect("header").replace("manager_id", "员工编号").replace("name", "员工姓名");
    let header = header.replace("grade", "职级").replace("status", "在职状态").replace("hire_date", "入行日期");
    std::iter::once(header).chain(lines.map(str::to_string)).map(|l| l + "\n").collect()
}

fn score_rows(l: &Loaded) -> Vec<String> {
    let cfg = Config::default();
    let last = *l.dataset.periods.last().expect("periods");
    let a = analyze(&l.dataset, &cfg, last);
    a.score_rows().map(|r| format!("{r:?}")).collect()
}

#[test]
fn monthly_platform_exports_load_like_the_contract_file() {
    let (c, m, s) = (sample("customers.csv"), sample("managers.csv"), sample("credit_splits.csv"));
    let contract = load(
        Inputs { customers: c.as_bytes(), managers: m.as_bytes(), credit_splits: Some(s.as_bytes()) },
        &LoadOptions::default(),
    )
    .expect("contract load");
    let months = monthly_exports(&c);
    assert!(months.len() >= 3, "{} months", months.len());
    let tables = Tables {
        customers: months.into_iter().map(|(n, t)| text(&n, t)).collect(),
        managers: vec![text("人员.csv", managers_platform(&m))],
        credit_splits: vec![text("credit_splits.csv", s.clone())],
    };
    let mapped = load_tables(tables, &LoadOptions::default()).expect("monthly load");
    assert_eq!(mapped.dataset.customers, contract.dataset.customers);
    assert_eq!(mapped.dataset.periods, contract.dataset.periods);
    assert_eq!(score_rows(&mapped), score_rows(&contract));
    assert_eq!(
        mapped.files.iter().map(|f| (f.file, f.rows)).collect::<Vec<_>>(),
        contract.files.iter().map(|f| (f.file, f.rows)).collect::<Vec<_>>()
    );
    // The mapping in force: which header each column was read from, and its unit.
    let first = mapped.sources.iter().find(|s| s.file.name.starts_with("exports/")).expect("a customers source");
    let deposit = first.columns.iter().find(|c| c.column == "deposit_avg").expect("deposit_avg");
    assert_eq!((deposit.header.as_deref(), deposit.unit), (Some("存款日均余额(万元)"), Some(AmountUnit::Wan)));
    let period = first.columns.iter().find(|c| c.column == "period").expect("period");
    assert_eq!(period.header, None);
}

const MANAGERS: &str = "manager_id,name,branch_id,grade,hire_date,status\nM01,王芳,B01,senior,2015-03-01,active\n";
const HEADER: &str =
    "customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count";

fn two_months(a: &str, b: &str, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_tables(
        Tables {
            customers: vec![text("m/客户_202401.csv", a.to_string()), text("m/客户_202402.csv", b.to_string())],
            managers: vec![text("managers.csv", MANAGERS.to_string())],
            credit_splits: vec![],
        },
        opts,
    )
}

/// One workbook source `name` holding `sheet` as customers, with [`MANAGERS`].
fn workbook(name: &str, sheet: Sheet) -> Result<Loaded, LoadError> {
    load_tables(
        Tables {
            customers: vec![Source { name: name.into(), content: Content::Sheet(Box::new(move || Ok(sheet))) }],
            managers: vec![text("managers.csv", MANAGERS.to_string())],
            credit_splits: vec![],
        },
        &LoadOptions::default(),
    )
}

#[test]
fn messages_name_the_real_source() {
    let good = format!("{HEADER}\nC1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n");
    let bad =
        format!("{HEADER}\nC1,n,retail,B01,M01,2020-01-01,x,0,0,0,,0\nC2,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n");
    let l = two_months(&good, &bad, &LoadOptions::default()).expect("loads");
    let i = l.issues.iter().find(|i| i.kind == IssueKind::BadNumber).expect("bad number");
    assert_eq!(i.message(Lang::En), "m/客户_202402.csv:2 [deposit_avg]: 'x' is not a decimal amount; row skipped");
    assert!(i.message(Lang::ZhCn).starts_with("m/客户_202402.csv 第 2 行 [deposit_avg]"), "{}", i.message(Lang::ZhCn));
    assert_eq!(l.sources.iter().map(|s| (s.rows, s.skipped)).collect::<Vec<_>>(), [(1, 0), (1, 0), (2, 1)]);

    // A file-level error of a named source names it.
    let e = two_months(&good, "", &LoadOptions::default()).expect_err("empty");
    assert!(e.message(Lang::En).starts_with("m/客户_202402.csv"), "{}", e.message(Lang::En));

    // The same customer twice in one period across two files names both.
    let dup = load_tables(
        Tables {
            customers: vec![text("a/客户_202401.csv", good.clone()), text("b/客户_2024-01.csv", good.clone())],
            managers: vec![text("managers.csv", MANAGERS.to_string())],
            credit_splits: vec![],
        },
        &LoadOptions::default(),
    );
    let e = dup.expect_err("same period twice");
    assert!(matches!(e, LoadError::SamePeriodInNames { .. }), "{e:?}");
    assert_eq!(e.message(Lang::En), "a/客户_202401.csv and b/客户_2024-01.csv: both file names give the period 2024-01 (neither has a period column)");
    let with_period = format!("period,{HEADER}\n2024-01,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n");
    let l = load_tables(
        Tables {
            customers: vec![text("a.csv", with_period.clone()), text("b.csv", with_period)],
            managers: vec![text("managers.csv", MANAGERS.to_string())],
            credit_splits: vec![],
        },
        &LoadOptions::default(),
    )
    .expect("loads");
    let d = l.issues.iter().find(|i| matches!(i.kind, IssueKind::DuplicateKeyIn { .. })).expect("duplicate");
    assert_eq!(
        d.message(Lang::En),
        "b.csv:2 [customer_id]: duplicate key (2024-01, C1) (first seen in a.csv on line 2); row skipped"
    );

    // No period column and none in the name.
    let e = load_tables(
        Tables {
            customers: vec![text("exports/客户月报_20241231.csv", good)],
            managers: vec![text("managers.csv", MANAGERS.to_string())],
            credit_splits: vec![],
        },
        &LoadOptions::default(),
    )
    .expect_err("no period");
    assert_eq!(e, LoadError::NoPeriodInName { file: e_file(&e) });
    assert!(e.message(Lang::ZhCn).starts_with("exports/客户月报_20241231.csv："), "{}", e.message(Lang::ZhCn));
}

fn e_file(e: &LoadError) -> branchlens_core::FileRef {
    match e {
        LoadError::NoPeriodInName { file } => file.clone(),
        _ => panic!("{e:?}"),
    }
}

#[test]
fn configured_headers_and_units() {
    let row = "C1,n,retail,B01,M01,2020-01-01,1.5,0,0,0,,0\n";
    let odd = HEADER.replace("customer_id", "客户唯一标识");
    let a = format!("{odd}\n{row}");
    let mut opts = LoadOptions::default();
    // Unmapped, the odd header is not found.
    assert!(matches!(two_months(&a, &a, &opts), Err(LoadError::In { .. })));
    opts.customers.columns.insert("customer_id".into(), "客户唯一标识".into());
    opts.customers.amount_unit = Some(AmountUnit::Wan);
    let l = two_months(&a, &a, &opts).expect("mapped");
    assert_eq!(l.dataset.customers[0].deposit_avg.0, 1_500_000);
    // Configured, only that header: the contract name no longer counts.
    let plain = format!("{HEADER}\n{row}");
    let e = two_months(&plain, &plain, &opts).expect_err("mapped header missing");
    assert_eq!(
        e.message(Lang::En),
        "m/客户_202401.csv:1: the header '客户唯一标识' that input.customers.columns.customer_id names is not in the file"
    );
    let near = format!("{}\n{row}", HEADER.replace("customer_id", "客户唯一标识码"));
    let e = two_months(&near, &near, &opts).expect_err("mapped header missing");
    assert!(e.message(Lang::ZhCn).ends_with("不在文件中；是否应为“客户唯一标识码”？"), "{}", e.message(Lang::ZhCn));
    // A header unit that contradicts amount_unit.
    let yuan = format!("{}\n{row}", odd.replace("deposit_avg", "存款日均(元)"));
    let e = two_months(&yuan, &yuan, &opts).expect_err("unit conflict");
    assert!(matches!(e, LoadError::UnitConflict { column: "deposit_avg", .. }), "{e:?}");
    assert!(e.message(Lang::ZhCn).contains("amount_unit = \"wan\""), "{}", e.message(Lang::ZhCn));
    // Without amount_unit the suffix decides.
    let t = TableMapping { columns: opts.customers.columns.clone(), ..TableMapping::default() };
    let opts = LoadOptions { customers: t, ..LoadOptions::default() };
    let wan = format!("{}\n{row}", odd.replace("deposit_avg", "存款日均余额（万元）"));
    let l = two_months(&wan, &a, &opts).expect("suffix");
    let rows: Vec<i64> = l.dataset.customers.iter().map(|r| r.deposit_avg.0).collect();
    assert_eq!(rows, [1_500_000, 150]);
}

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

#[test]
fn worksheets_read_cells_by_column_type() {
    let header: Vec<Cell> =
        "客户编号,客户姓名,客户类别,所属机构,管户经理,开户日期,存款日均余额(万元),贷款余额,aum,中收,持有产品,交易笔数"
            .split(',')
            .map(t)
            .collect();
    let row = |id: Cell, deposit: Cell| {
        vec![
            id,
            t("张三"),
            t("retail"),
            t("B01"),
            t("M01"),
            Cell::Date { year: 2020, month: 1, day: 5 },
            deposit,
            Cell::Number(0.0),
            Cell::Number(0.125),
            Cell::Number(1e-7),
            Cell::Empty,
            Cell::Number(3.0),
        ]
    };
    let sheet = Sheet {
        name: "客户明细".into(),
        first_row: 2,
        first_col: 1,
        rows: vec![
            vec![],
            header,
            row(Cell::Number(1001.0), Cell::Number(12.3456785)),
            row(t("C2"), Cell::Error("#N/A".into())),
        ],
    };
    let l = workbook("客户月报_202412.xlsx", sheet).expect("sheet loads");
    let r = &l.dataset.customers[0];
    assert_eq!(l.dataset.customer_ids.resolve(r.customer), "1001");
    assert_eq!((r.deposit_avg.0, r.aum.0, r.fee_income.0, r.txn_count), (12_345_679, 13, 0, 3));
    assert_eq!(r.open_date, branchlens_core::Date::from_ymd(2020, 1, 5).expect("date"));
    let i = l.issues.iter().find(|i| i.kind == IssueKind::BadNumber).expect("#N/A");
    // Row 5 of the sheet (rows start at 2, the header is on 3), column H (B + 6).
    assert_eq!(
        i.message(Lang::En),
        "客户月报_202412.xlsx!客户明细:H5 [deposit_avg]: '#N/A' is not a decimal amount; row skipped"
    );
    assert_eq!(i.message(Lang::ZhCn).split('：').next(), Some("客户月报_202412.xlsx!客户明细 单元格 H5 [deposit_avg]"));
}

#[test]
fn a_column_only_some_files_have_is_a_warning_and_counts_as_absent() {
    // January has last_contact, February does not: the column is absent from the table (its
    // signals are off for both months), and the February file is named with the January one.
    let jan = format!("{HEADER},last_contact\nC1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0,2024-01-10\n");
    let feb = format!("{HEADER}\nC1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n");
    let l = two_months(&jan, &feb, &LoadOptions::default()).expect("loads");
    assert!(!l.dataset.columns.has(branchlens_core::model::OptionalColumn::LastContact));
    let w: Vec<_> = l.issues.iter().filter(|i| i.kind.code() == "column_in_some_sources").collect();
    assert_eq!(w.len(), 1, "{:?}", l.issues);
    assert_eq!(w[0].severity, branchlens_core::Severity::Warning);
    assert_eq!(
        w[0].message(Lang::En),
        "m/客户_202402.csv:1 [last_contact]: this file has no such column, but m/客户_202401.csv has it (1 of 2 files \
         lack it): the column counts as absent for every month, and what needs it is off (see check); export it in \
         every month or in none"
    );
    assert!(w[0].message(Lang::ZhCn).starts_with(
        "m/客户_202402.csv 第 1 行 [last_contact]：该文件没有此列，但 m/客户_202401.csv 有（2 个文件中有 1 个缺少）"
    ));
    // Absent from every file (or present in every one): no warning.
    for (a, b) in [(&feb, &feb), (&jan, &jan.replace("2024-01-10", "2024-02-10"))] {
        let l = two_months(a, b, &LoadOptions::default()).expect("loads");
        assert!(l.issues.iter().all(|i| i.kind.code() != "column_in_some_sources"), "{:?}", l.issues);
    }
}

#[test]
fn a_long_text_in_a_sheet_names_its_cell() {
    // The name cell (B, as the sheet starts at column A) of row 2 holds 1,001 characters.
    let header: Vec<Cell> = HEADER.split(',').map(t).collect();
    let long = "长".repeat(1001);
    let row: Vec<Cell> = ["C1", &long, "retail", "B01", "M01", "2020-01-01", "1", "0", "0", "0", "", "0"]
        .iter()
        .map(|s| if s.is_empty() { Cell::Empty } else { t(s) })
        .collect();
    let sheet = Sheet { name: "客户明细".into(), first_row: 1, first_col: 0, rows: vec![header, row] };
    let l = workbook("客户月报_202412.xlsx", sheet).expect("loads");
    let i = l.issues.iter().find(|i| i.kind.code() == "long_text").expect("long text");
    assert!(
        i.message(Lang::En).starts_with("客户月报_202412.xlsx!客户明细:B2 [name]: a text of 1001 characters ('长长"),
        "{}",
        i.message(Lang::En)
    );
    assert_eq!(l.dataset.customers.len(), 1, "the row is kept");
}
