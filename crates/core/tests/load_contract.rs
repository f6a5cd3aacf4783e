//! The input data contract (v1) (docs/data-contract.md), rule by rule, against `branchlens_core::load`.
//!
//! Fixtures live in `tests/fixtures/load/`; encodings (BOM, GB18030/GBK) and line endings
//! (CRLF) are produced from them here, so the fixture files stay plain UTF-8 with LF.

use std::path::PathBuf;

use branchlens_core::config::Lang;
use branchlens_core::issue::Hint;
use branchlens_core::load::FileStats;
use branchlens_core::{
    load, Accepted, Amount, CustomerRow, Dataset, Date, DecodeReason, Encoding, FileKind, Industry, Inputs, Interner,
    IssueKind, Kind, LoadError, LoadOptions, Loaded, LoanClass, ManagerRow, Period, ProductSet, RowIssue, Severity,
    Status, Targets,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fx(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fx_text(name: &str) -> String {
    String::from_utf8(fx(name)).expect("fixtures are UTF-8")
}

fn try_load_opts(c: &[u8], m: &[u8], s: Option<&[u8]>, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load(Inputs { customers: c, managers: m, credit_splits: s }, opts)
}

fn try_load(c: &[u8], m: &[u8], s: Option<&[u8]>) -> Result<Loaded, LoadError> {
    try_load_opts(c, m, s, &LoadOptions::default())
}

fn ok(r: Result<Loaded, LoadError>) -> Loaded {
    r.unwrap_or_else(|e| panic!("load failed: {e}"))
}

fn err(r: Result<Loaded, LoadError>) -> LoadError {
    match r {
        Ok(l) => panic!("expected a LoadError, got Ok with issues {:#?}", l.issues),
        Err(e) => e,
    }
}

/// The valid English fixtures, all three files.
fn load_valid() -> Loaded {
    ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(&fx("credit_splits.csv"))))
}

fn iss(
    file: FileKind,
    line: u64,
    column: Option<&'static str>,
    value: &str,
    kind: IssueKind,
    severity: Severity,
) -> RowIssue {
    RowIssue { file: file.into(), line, cell: None, column, value: value.to_string(), kind, severity }
}

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

fn gb18030(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(s);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the GB18030 bytes must not be valid UTF-8");
    bytes.into_owned()
}

fn with_bom(b: &[u8]) -> Vec<u8> {
    let mut v = vec![0xEF, 0xBB, 0xBF];
    v.extend_from_slice(b);
    v
}

fn per(s: &str) -> Period {
    Period::parse(s).expect("valid period")
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).expect("valid date")
}

fn sym(i: &Interner, s: &str) -> branchlens_core::Sym {
    i.get(s).unwrap_or_else(|| panic!("'{s}' not interned"))
}

fn strings(i: &Interner) -> Vec<String> {
    i.iter().map(|(_, s)| s.to_string()).collect()
}

fn row<'a>(ds: &'a Dataset, period: &str, id: &str) -> &'a CustomerRow {
    let (p, c) = (per(period), sym(&ds.customer_ids, id));
    ds.customers.iter().find(|r| r.period == p && r.customer == c).unwrap_or_else(|| panic!("no row ({period}, {id})"))
}

fn has_row(ds: &Dataset, period: &str, id: &str) -> bool {
    let p = per(period);
    ds.customer_ids.get(id).is_some_and(|c| ds.customers.iter().any(|r| r.period == p && r.customer == c))
}

fn product_set(ds: &Dataset, codes: &[&str]) -> ProductSet {
    let mut ps = ProductSet::default();
    for c in codes {
        ps.insert(sym(&ds.products, c));
    }
    ps
}

/// (period, customer_id) of every customer row, in dataset order.
fn keys(ds: &Dataset) -> Vec<(String, String)> {
    ds.customers.iter().map(|r| (r.period.to_string(), ds.customer_id(r.customer).to_string())).collect()
}

fn stats(l: &Loaded, file: FileKind) -> &FileStats {
    l.files.iter().find(|f| f.file == file).unwrap_or_else(|| panic!("no stats for {file}"))
}

/// Two loads built the same dataset (interners compared as their sorted strings).
fn assert_same_dataset(a: &Dataset, b: &Dataset) {
    assert_eq!(a.periods, b.periods, "periods");
    assert_eq!(a.customers, b.customers, "customers");
    assert_eq!(a.managers, b.managers, "managers");
    assert_eq!(a.splits, b.splits, "splits");
    assert_eq!(strings(&a.customer_ids), strings(&b.customer_ids), "customer_ids");
    assert_eq!(strings(&a.branch_ids), strings(&b.branch_ids), "branch_ids");
    assert_eq!(strings(&a.manager_ids), strings(&b.manager_ids), "manager_ids");
    assert_eq!(strings(&a.products), strings(&b.products), "products");
    assert_eq!(strings(&a.text), strings(&b.text), "text");
}

/// The documented invariants of `Dataset` and of the issue list.
fn check_invariants(l: &Loaded, tolerance: f64) {
    let ds = &l.dataset;
    // Interners finished: Sym order is string order, no duplicates.
    for (what, i) in [
        ("customer_ids", &ds.customer_ids),
        ("branch_ids", &ds.branch_ids),
        ("manager_ids", &ds.manager_ids),
        ("products", &ds.products),
        ("text", &ds.text),
    ] {
        let s = strings(i);
        assert!(s.windows(2).all(|w| w[0] < w[1]), "{what} not in string order: {s:?}");
        for (sy, st) in i.iter() {
            assert_eq!(i.get(st), Some(sy), "{what}: get/resolve disagree");
        }
    }
    // periods: sorted, distinct, exactly those of the rows.
    assert!(ds.periods.windows(2).all(|w| w[0] < w[1]), "periods not sorted/distinct");
    let mut from_rows: Vec<Period> = ds.customers.iter().map(|r| r.period).collect();
    from_rows.dedup();
    assert_eq!(from_rows, ds.periods);
    // customers: sorted by (period, customer), distinct; Sym order == id string order.
    for w in ds.customers.windows(2) {
        assert!((w[0].period, w[0].customer) < (w[1].period, w[1].customer), "customers not sorted/distinct");
        if w[0].period == w[1].period {
            assert!(ds.customer_id(w[0].customer) < ds.customer_id(w[1].customer));
        }
    }
    for r in &ds.customers {
        assert!(r.customer.index() < ds.customer_ids.len());
        assert!(r.branch.index() < ds.branch_ids.len());
        if let Some(m) = r.manager {
            assert!(m.index() < ds.manager_ids.len());
        }
        assert!(r.name.index() < ds.text.len());
        assert!(!r.deposit_avg.is_negative() && !r.loan_balance.is_negative() && !r.aum.is_negative());
        assert!(r.loan_class.is_none() || r.loan_balance.0 > 0, "a class is only kept with a loan");
        assert!(r.products.iter().all(|p| p.index() < ds.products.len()));
    }
    // managers: sorted by (manager, period) with undated first, distinct.
    for w in ds.managers.windows(2) {
        assert!((w[0].manager, w[0].period) < (w[1].manager, w[1].period), "managers not sorted/distinct");
    }
    // splits: sorted by (customer, manager), distinct; shares sum to 1 per customer.
    for w in ds.splits.windows(2) {
        assert!((w[0].customer, w[0].manager) < (w[1].customer, w[1].manager), "splits not sorted/distinct");
    }
    let mut i = 0;
    while i < ds.splits.len() {
        let c = ds.splits[i].customer;
        let sum: f64 = ds.splits[i..].iter().take_while(|s| s.customer == c).map(|s| s.share).sum();
        assert!((sum - 1.0).abs() <= tolerance, "shares sum to {sum}");
        assert!(ds.splits[i..].iter().take_while(|s| s.customer == c).all(|s| s.share > 0.0 && s.share <= 1.0));
        i += ds.splits[i..].iter().take_while(|s| s.customer == c).count();
    }
    // Issues: sorted by (file, line, column), 1-based lines, clipped values.
    assert!(l
        .issues
        .windows(2)
        .all(|w| (w[0].file.kind, w[0].line, w[0].column) <= (w[1].file.kind, w[1].line, w[1].column)));
    for i in &l.issues {
        match i.kind {
            IssueKind::UnknownColumns { .. } | IssueKind::DuplicateColumn => assert_eq!(i.line, 1),
            _ => assert!(i.line >= 1, "{i:?}"),
        }
        assert!(i.value.chars().count() <= 81);
    }
}

// ---------------------------------------------------------------------------------------------
// Valid input: column names, aliases, order, parsed values
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_english_fixture_parses_every_column() {
    let l = load_valid();
    assert_eq!(l.issues, vec![], "valid fixtures give no issues");
    assert_eq!(l.worst(), None);
    check_invariants(&l, 0.001);
    let ds = &l.dataset;

    assert_eq!(ds.periods, vec![per("2024-05"), per("2024-06")]);
    let k: Vec<(String, String)> = [
        ("2024-05", "C001"),
        ("2024-05", "C003"),
        ("2024-06", "C001"),
        ("2024-06", "C002"),
        ("2024-06", "C004"),
        ("2024-06", "C005"),
        ("2024-06", "C006"),
        ("2024-06", "C007"),
    ]
    .iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect();
    assert_eq!(keys(ds), k);
    assert_eq!(strings(&ds.products), ["card", "deposit", "ebank", "loan", "wealth"]);
    assert_eq!(strings(&ds.manager_ids), ["M01", "M02", "M03"]);
    assert_eq!(strings(&ds.branch_ids), ["B01", "B02"]);

    // Every column of one row, including the quoted amount with thousands separators.
    let expected = CustomerRow {
        period: per("2024-06"),
        customer: sym(&ds.customer_ids, "C002"),
        name: sym(&ds.text, "华丰贸易有限公司"),
        kind: Kind::Corporate,
        branch: sym(&ds.branch_ids, "B01"),
        manager: Some(sym(&ds.manager_ids, "M01")),
        open_date: day(2018, 4, 2),
        deposit_avg: Amount(123_456_789),
        loan_balance: Amount(500_000_000),
        aum: Amount(0),
        fee_income: Amount(120_050),
        products: product_set(ds, &["deposit", "loan", "ebank"]),
        txn_count: 45,
        industry: Some(Industry(b'F')),
        loan_class: Some(LoanClass::Special),
        overdue_days: Some(12),
        last_contact: Some(day(2024, 6, 20)),
        complaints: Some(1),
        phone: None,
    };
    assert_eq!(*row(ds, "2024-06", "C002"), expected);

    // Retail, a negative fee income (allowed), a phone, decimals.
    let r = row(ds, "2024-06", "C001");
    assert_eq!(r.kind, Kind::Retail);
    assert_eq!(r.fee_income, Amount(-320));
    assert_eq!(r.aum, Amount(20_000_000));
    assert_eq!(r.phone.map(|p| ds.text(p)), Some("13800000000"));
    assert_eq!(r.loan_class, None);
    assert_eq!((r.industry, r.overdue_days, r.complaints), (None, None, Some(0)));
    assert_eq!(r.last_contact, Some(day(2024, 5, 30)));
    assert_eq!(row(ds, "2024-05", "C001").deposit_avg, Amount(4_800_050));
    // An empty manager_id is unassigned; empty products give an empty set.
    let r = row(ds, "2024-05", "C003");
    assert_eq!(r.manager, None);
    assert!(r.products.is_empty());
    assert_eq!(r.last_contact, None);
    // The five loan classes in English.
    for (id, class) in [
        ("C002", LoanClass::Special),
        ("C004", LoanClass::Normal),
        ("C005", LoanClass::Substandard),
        ("C006", LoanClass::Doubtful),
        ("C007", LoanClass::Loss),
    ] {
        assert_eq!(row(ds, "2024-06", id).loan_class, Some(class), "{id}");
    }
    assert_eq!(row(ds, "2024-06", "C005").overdue_days, Some(95));
    assert_eq!(row(ds, "2024-06", "C006").industry.map(Industry::letter), Some('G'));

    // Managers: sorted by (manager, period), undated first; targets parsed.
    let mk = |id: &str, p: Option<&str>| (id.to_string(), p.map(str::to_string));
    let got: Vec<(String, Option<String>)> =
        ds.managers.iter().map(|m| (ds.manager_id(m.manager).to_string(), m.period.map(|p| p.to_string()))).collect();
    assert_eq!(got, vec![mk("M01", None), mk("M01", Some("2024-06")), mk("M02", Some("2024-06")), mk("M03", None)]);
    assert_eq!(
        ds.managers[1],
        ManagerRow {
            manager: sym(&ds.manager_ids, "M01"),
            name: sym(&ds.text, "王芳"),
            branch: sym(&ds.branch_ids, "B01"),
            grade: sym(&ds.text, "senior"),
            hire_date: day(2015, 3, 1),
            status: Status::Active,
            period: Some(per("2024-06")),
            targets: Targets {
                deposit: Some(Amount(500_000_000)),
                loan: Some(Amount(200_000_000)),
                fee: Some(Amount(1_500_050)),
                new_customers: Some(3),
            },
        }
    );
    assert_eq!(ds.managers[0].targets, Targets { deposit: Some(Amount(400_000_000)), ..Targets::default() });
    assert!(ds.managers[3].targets.is_empty());
    assert_eq!(ds.managers[3].status, Status::Left);

    // Splits.
    let sp: Vec<(&str, &str, f64)> =
        ds.splits.iter().map(|s| (ds.customer_id(s.customer), ds.manager_id(s.manager), s.share)).collect();
    assert_eq!(sp, vec![("C002", "M01", 0.6), ("C002", "M02", 0.4)]);

    // File statistics.
    assert_eq!(
        l.files,
        vec![
            FileStats { file: FileKind::Customers, encoding: "UTF-8", rows: 8, skipped: 0 },
            FileStats { file: FileKind::Managers, encoding: "UTF-8", rows: 4, skipped: 0 },
            FileStats { file: FileKind::CreditSplits, encoding: "UTF-8", rows: 2, skipped: 0 },
        ]
    );
    l.verdict(true, 0.0).expect("a clean load passes a strict verdict");
}

#[test]
fn chinese_aliases_any_column_order_and_chinese_enum_values() {
    // customers_zh/managers_zh/credit_splits_zh hold the same data as the English fixtures,
    // with every column under its Chinese alias, in another column and row order, and
    // kind/loan_class/status in Chinese (对私/个人/对公/公司, 正常/关注/次级/可疑/损失, 在岗/离岗).
    let en = load_valid();
    let zh = ok(try_load(&fx("customers_zh.csv"), &fx("managers_zh.csv"), Some(&fx("credit_splits_zh.csv"))));
    assert_eq!(zh.issues, vec![]);
    check_invariants(&zh, 0.001);
    assert_same_dataset(&en.dataset, &zh.dataset);
    assert_eq!(row(&zh.dataset, "2024-06", "C007").kind, Kind::Retail, "个人");
    assert_eq!(row(&zh.dataset, "2024-06", "C006").kind, Kind::Corporate, "公司");
    assert_eq!(row(&zh.dataset, "2024-06", "C005").loan_class, Some(LoanClass::Substandard), "次级");
}

#[test]
fn chinese_enum_values_one_by_one() {
    let head = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,loan_class\n";
    let mut csv = head.to_string();
    let cases = [
        ("对私", "正常", Kind::Retail, LoanClass::Normal),
        ("对公", "关注", Kind::Corporate, LoanClass::Special),
        ("个人", "次级", Kind::Retail, LoanClass::Substandard),
        ("公司", "可疑", Kind::Corporate, LoanClass::Doubtful),
        ("retail", "损失", Kind::Retail, LoanClass::Loss),
    ];
    for (i, (kind, class, _, _)) in cases.iter().enumerate() {
        csv.push_str(&format!("2024-06,C{i},n,{kind},B01,M01,2020-01-01,0,100,0,0,loan,0,{class}\n"));
    }
    let managers = "manager_id,name,branch_id,grade,hire_date,status\nM01,a,B01,g,2020-01-01,在岗\nM02,b,B01,g,2020-01-01,离岗\nM03,c,B01,g,2020-01-01,left\n";
    let l = ok(try_load(csv.as_bytes(), managers.as_bytes(), None));
    assert_eq!(l.issues, vec![]);
    for (i, (_, _, kind, class)) in cases.iter().enumerate() {
        let r = row(&l.dataset, "2024-06", &format!("C{i}"));
        assert_eq!((r.kind, r.loan_class), (*kind, Some(*class)), "row {i}");
    }
    let st: Vec<Status> = l.dataset.managers.iter().map(|m| m.status).collect();
    assert_eq!(st, vec![Status::Active, Status::Left, Status::Left]);
}

#[test]
fn headers_are_case_insensitive_in_any_order_and_unknown_columns_are_one_notice() {
    let l = ok(try_load(&fx("customers_case.csv"), &fx("managers.csv"), None));
    assert_eq!(
        l.issues,
        vec![iss(
            FileKind::Customers,
            1,
            None,
            "",
            IssueKind::UnknownColumns { columns: vec!["Note".into(), "Segment".into()] },
            Severity::Notice,
        )]
    );
    assert_eq!(l.worst(), Some(Severity::Notice));
    let r = row(&l.dataset, "2024-06", "C001");
    assert_eq!(r.deposit_avg, Amount(5_000_000));
    assert_eq!(l.dataset.manager_id(r.manager.expect("manager")), "M02");
    assert_eq!(r.txn_count, 12);
    // A notice is not a bad row.
    l.verdict(true, 0.0).expect("notices pass strict");
    let msg = l.issues[0].message(Lang::En);
    assert!(msg.contains("customers.csv:1") && msg.contains("Note, Segment"), "{msg}");
    let zh = l.issues[0].message(Lang::ZhCn);
    assert!(zh.contains("customers.csv 第 1 行") && zh.contains("Note、Segment"), "{zh}");
}

#[test]
fn unknown_columns_are_reported_once_per_file() {
    let managers = "Manager_ID,name,Branch_id,GRADE,hire_date,status,remark\nM01,a,B01,g,2020-01-01,active,x\n";
    let splits = "customer_id,manager_id,share,comment\nC002,M01,1,x\n";
    let l = ok(try_load(&fx("customers.csv"), managers.as_bytes(), Some(splits.as_bytes())));
    // customers.csv names M02/M03 that this managers file does not list.
    let notices: Vec<&RowIssue> = l.issues.iter().filter(|i| i.severity == Severity::Notice).collect();
    assert_eq!(
        notices,
        vec![
            &iss(
                FileKind::Managers,
                1,
                None,
                "",
                IssueKind::UnknownColumns { columns: vec!["remark".into()] },
                Severity::Notice
            ),
            &iss(
                FileKind::CreditSplits,
                1,
                None,
                "",
                IssueKind::UnknownColumns { columns: vec!["comment".into()] },
                Severity::Notice
            ),
        ]
    );
}

#[test]
fn a_column_given_twice_is_a_notice_and_the_first_is_used() {
    let csv = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,存款日均\n\
               2024-06,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0,2\n";
    let l = ok(try_load(csv.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(
        l.issues,
        vec![iss(
            FileKind::Customers,
            1,
            Some("deposit_avg"),
            "存款日均",
            IssueKind::DuplicateColumn,
            Severity::Notice
        )]
    );
    assert_eq!(row(&l.dataset, "2024-06", "C1").deposit_avg, Amount(100));
}

// ---------------------------------------------------------------------------------------------
// Encodings and line endings
// ---------------------------------------------------------------------------------------------

#[test]
fn utf8_with_bom_is_the_same_as_without() {
    let plain = load_valid();
    let l = ok(try_load(
        &with_bom(&fx("customers.csv")),
        &with_bom(&fx("managers.csv")),
        Some(&with_bom(&fx("credit_splits.csv"))),
    ));
    assert_eq!(l.issues, vec![], "the BOM must not turn the first header into an unknown column");
    assert_same_dataset(&plain.dataset, &l.dataset);
    assert!(l.files.iter().all(|f| f.encoding == "UTF-8"));
    // Forced UTF-8 strips the BOM too.
    let opts = LoadOptions { encoding: Encoding::Utf8, ..LoadOptions::default() };
    let l = ok(try_load_opts(&with_bom(&fx("customers_zh.csv")), &fx("managers_zh.csv"), None, &opts));
    assert_eq!(l.issues, vec![]);
}

#[test]
fn gb18030_and_gbk_bytes_are_detected_and_decoded() {
    let en = load_valid();
    // Chinese column names, Chinese enum values and Chinese names, all in GB18030 bytes.
    let c = gb18030(&fx_text("customers_zh.csv"));
    let m = gb18030(&fx_text("managers_zh.csv"));
    let s = gb18030(&fx_text("credit_splits_zh.csv"));
    for enc in [Encoding::Auto, Encoding::Gb18030] {
        let opts = LoadOptions { encoding: enc, ..LoadOptions::default() };
        let l = ok(try_load_opts(&c, &m, Some(&s), &opts));
        assert_eq!(l.issues, vec![], "{enc:?}");
        assert_same_dataset(&en.dataset, &l.dataset);
        let encs: Vec<&str> = l.files.iter().map(|f| f.encoding).collect();
        assert_eq!(encs, vec!["GB18030"; 3], "{enc:?}");
    }
    // GBK proper (encoding_rs::GBK) reads the same.
    let text = fx_text("customers.csv");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let l = ok(try_load(&gbk, &fx("managers.csv"), Some(&fx("credit_splits.csv"))));
    assert_eq!(l.issues, vec![]);
    assert_same_dataset(&en.dataset, &l.dataset);
    assert_eq!(stats(&l, FileKind::Customers).encoding, "GB18030");
    assert_eq!(stats(&l, FileKind::Managers).encoding, "UTF-8");
}

#[test]
fn forced_utf8_on_gbk_bytes_is_undecodable_at_the_right_line() {
    let opts = LoadOptions { encoding: Encoding::Utf8, ..LoadOptions::default() };
    // Chinese header: line 1.
    let e = err(try_load_opts(&gb18030(&fx_text("customers_zh.csv")), &fx("managers.csv"), None, &opts));
    match &e {
        LoadError::Undecodable {
            file: FileKind::Customers,
            line: 1,
            reason: DecodeReason::InvalidUtf8 { byte, .. },
            ..
        } => {
            assert!(*byte >= 0x80, "{byte:#X}")
        }
        other => panic!("{other:?}"),
    }
    // English header, first Chinese name on line 2.
    let e = err(try_load_opts(&gb18030(&fx_text("customers.csv")), &fx("managers.csv"), None, &opts));
    assert!(
        matches!(
            e,
            LoadError::Undecodable { file: FileKind::Customers, line: 2, reason: DecodeReason::InvalidUtf8 { .. }, .. }
        ),
        "{e:?}"
    );
    assert!(
        e.message(Lang::En).starts_with("customers.csv:2 [name]: cannot decode the file as UTF-8"),
        "{}",
        e.message(Lang::En)
    );
    assert!(e.message(Lang::ZhCn).contains("customers.csv 第 2 行"), "{}", e.message(Lang::ZhCn));
    // managers.csv is read the same way.
    let e = err(try_load_opts(&fx("customers.csv"), &gb18030(&fx_text("managers.csv")), None, &opts));
    assert!(matches!(e, LoadError::Undecodable { file: FileKind::Managers, line: 2, .. }), "{e:?}");
    // A UTF-8 BOM in front of GBK bytes: the BOM says UTF-8, so auto does not fall back.
    let e = err(try_load(&with_bom(&gb18030(&fx_text("customers.csv"))), &fx("managers.csv"), None));
    assert!(
        matches!(
            e,
            LoadError::Undecodable { file: FileKind::Customers, line: 2, reason: DecodeReason::InvalidUtf8 { .. }, .. }
        ),
        "{e:?}"
    );
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let lf = load_valid();
    let l = ok(try_load(
        crlf(&fx_text("customers.csv")).as_bytes(),
        crlf(&fx_text("managers.csv")).as_bytes(),
        Some(crlf(&fx_text("credit_splits.csv")).as_bytes()),
    ));
    assert_eq!(l.issues, vec![]);
    assert_same_dataset(&lf.dataset, &l.dataset);
    // And in GB18030.
    let l =
        ok(try_load(&gb18030(&crlf(&fx_text("customers_zh.csv"))), &gb18030(&crlf(&fx_text("managers_zh.csv"))), None));
    assert_eq!(l.issues, vec![]);
    assert_eq!(l.dataset.customers, lf.dataset.customers);
}

#[test]
fn encoding_names_parse() {
    assert_eq!(Encoding::parse("auto"), Some(Encoding::Auto));
    assert_eq!(Encoding::parse("UTF-8"), Some(Encoding::Utf8));
    assert_eq!(Encoding::parse("utf8"), Some(Encoding::Utf8));
    assert_eq!(Encoding::parse("GBK"), Some(Encoding::Gb18030));
    assert_eq!(Encoding::parse("gb18030"), Some(Encoding::Gb18030));
    assert_eq!(Encoding::parse("latin1"), None);
    assert_eq!(Encoding::default(), Encoding::Auto);
}

// ---------------------------------------------------------------------------------------------
// File-level rejections
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_required_column_suggests_the_closest_header() {
    let e = err(try_load(&fx("customers_typo.csv"), &fx("managers.csv"), None));
    assert_eq!(
        e,
        LoadError::MissingColumn {
            file: FileKind::Customers,
            column: "customer_id",
            alias: "客户号",
            closest: Some("custmer_id".into()),
            separator_hint: None,
            header_is_data: false,
        }
    );
    let en = e.message(Lang::En);
    assert!(
        en.contains("customers.csv:1") && en.contains("'customer_id'") && en.contains("did you mean 'custmer_id'"),
        "{en}"
    );
    let zh = e.message(Lang::ZhCn);
    assert!(zh.contains("customers.csv 第 1 行") && zh.contains("客户号") && zh.contains("custmer_id"), "{zh}");

    // A typo in a Chinese alias suggests it as well. (客户编号 is a built-in synonym since
    // issue 11: the typo is a traditional 戶.)
    let zh_typo = fx_text("customers_zh.csv").replacen("客户号", "客戶号", 1);
    let e = err(try_load(zh_typo.as_bytes(), &fx("managers.csv"), None));
    assert!(
        matches!(&e, LoadError::MissingColumn { column: "customer_id", closest: Some(c), .. } if c == "客戶号"),
        "{e:?}"
    );

    // No close header: no suggestion.
    let no_kind = "period,customer_id,name,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,zzzzzzzzzz\n2024-06,C1,n,B01,M01,2020-01-01,0,0,0,0,,0,x\n";
    let e = err(try_load(no_kind.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(
        e,
        LoadError::MissingColumn {
            file: FileKind::Customers,
            column: "kind",
            alias: "客户类型",
            closest: None,
            separator_hint: None,
            header_is_data: false,
        }
    );

    // managers.csv and credit_splits.csv.
    let m = "manager_id,name,branch_id,grade,hire_date\nM01,a,B01,g,2020-01-01\n";
    let e = err(try_load(&fx("customers.csv"), m.as_bytes(), None));
    assert!(
        matches!(e, LoadError::MissingColumn { file: FileKind::Managers, column: "status", alias: "状态", .. }),
        "{e:?}"
    );
    let s = "customer_id,manager_id,shares\nC002,M01,1\n";
    let e = err(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(s.as_bytes())));
    assert_eq!(
        e,
        LoadError::MissingColumn {
            file: FileKind::CreditSplits,
            column: "share",
            alias: "分成比例",
            closest: Some("shares".into()),
            separator_hint: None,
            header_is_data: false,
        }
    );
}

#[test]
fn semicolon_separated_header_gets_a_separator_hint() {
    let e = err(try_load(&fx("customers_semicolon.csv"), &fx("managers.csv"), None));
    match &e {
        LoadError::MissingColumn { file: FileKind::Customers, column: "period", separator_hint: Some(';'), .. } => {}
        other => panic!("{other:?}"),
    }
    assert!(e.message(Lang::En).contains("separated by ';'"), "{}", e.message(Lang::En));
    assert!(e.message(Lang::ZhCn).contains("“;”分隔"), "{}", e.message(Lang::ZhCn));
    // Tab-separated too.
    let tsv = fx_text("customers_semicolon.csv").replace(';', "\t");
    let e = err(try_load(tsv.as_bytes(), &fx("managers.csv"), None));
    assert!(matches!(e, LoadError::MissingColumn { separator_hint: Some('\t'), .. }), "{e:?}");
}

#[test]
fn binary_and_undecodable_files_are_rejected() {
    // NUL bytes: a binary file (e.g. an .xlsx saved as .csv), with the line of the first NUL.
    let zip = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
    let e = err(try_load(zip, &fx("managers.csv"), None));
    assert!(
        matches!(e, LoadError::Undecodable { file: FileKind::Customers, line: 1, reason: DecodeReason::NulBytes, .. }),
        "{e:?}"
    );
    let mut nul_on_3 = fx("customers.csv");
    let at = nul_on_3.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(1).map(|(i, _)| i + 5).expect("3 lines");
    nul_on_3[at] = 0;
    let e = err(try_load(&nul_on_3, &fx("managers.csv"), None));
    assert!(matches!(e, LoadError::Undecodable { file: FileKind::Customers, line: 3, .. }), "{e:?}");
    // NUL in GBK text is still binary, whatever the encoding asked for.
    for enc in [Encoding::Auto, Encoding::Utf8, Encoding::Gb18030] {
        let opts = LoadOptions { encoding: enc, ..LoadOptions::default() };
        let e = err(try_load_opts(&fx("customers.csv"), b"manager_id\0", None, &opts));
        assert!(
            matches!(
                e,
                LoadError::Undecodable { file: FileKind::Managers, line: 1, reason: DecodeReason::NulBytes, .. }
            ),
            "{e:?}"
        );
    }
    // Bytes that are neither UTF-8 nor GB18030 (0xFF is never valid in either).
    let mut bad = fx("customers.csv");
    let second_line = bad.iter().position(|&b| b == b'\n').expect("newline") + 1;
    bad[second_line + 2] = 0xFF;
    let e = err(try_load(&bad, &fx("managers.csv"), None));
    assert!(
        matches!(
            e,
            LoadError::Undecodable { file: FileKind::Customers, line: 2, reason: DecodeReason::NotUtf8NorGb18030, .. }
        ),
        "{e:?}"
    );
    // UTF-16 with a byte-order mark (as Excel's "Unicode text" saves): named, not "binary".
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        let mut utf16 = bom.to_vec();
        for u in "period,customer_id\n".encode_utf16() {
            utf16.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let e = err(try_load(&utf16, &fx("managers.csv"), None));
        assert_eq!(
            e,
            LoadError::Undecodable {
                file: FileKind::Customers,
                line: 1,
                field: None,
                column: None,
                reason: DecodeReason::Utf16 { big_endian }
            }
        );
        assert!(
            e.message(Lang::En).contains("UTF-16") && e.message(Lang::ZhCn).contains("UTF-16"),
            "{}",
            e.message(Lang::ZhCn)
        );
        assert!(!e.message(Lang::ZhCn).contains("it is"), "{}", e.message(Lang::ZhCn));
    }
    // Every reason has a Chinese text without English words.
    for r in [
        DecodeReason::NulBytes,
        DecodeReason::Utf16 { big_endian: false },
        DecodeReason::InvalidUtf8 { byte: 0xC3, offset: 7 },
        DecodeReason::NotUtf8NorGb18030,
        DecodeReason::InvalidGb18030 { byte: 0xFF, offset: 7 },
        DecodeReason::Utf8ButGbkForced,
    ] {
        let zh = LoadError::Undecodable { file: FileKind::Managers, line: 2, field: None, column: None, reason: r }
            .message(Lang::ZhCn);
        assert!(zh.starts_with("managers.csv 第 2 行："), "{zh}");
        for english in ["cannot", "invalid", "binary", "text", "neither", "offset"] {
            assert!(!zh.contains(english), "English '{english}' in {zh}");
        }
    }
    // Forced GB18030 on the same bytes (managers.csv in GBK, as it should be then).
    let opts = LoadOptions { encoding: Encoding::Gb18030, ..LoadOptions::default() };
    let e = err(try_load_opts(&bad, &gb18030(&fx_text("managers.csv")), None, &opts));
    assert!(matches!(e, LoadError::Undecodable { file: FileKind::Customers, line: 2, .. }), "{e:?}");
    // Forced GB18030 on UTF-8 text with Chinese: refused at the first non-ASCII line rather than
    // read as garbled names (pure ASCII is the same in both and is read).
    let e = err(try_load_opts(&fx("customers.csv"), &gb18030(&fx_text("managers.csv")), None, &opts));
    assert_eq!(
        e,
        LoadError::Undecodable {
            file: FileKind::Customers,
            line: 2,
            field: Some(3),
            column: Some("name"),
            reason: DecodeReason::Utf8ButGbkForced
        }
    );
    // The core names no CLI flag: it says what the caller can do, the CLI renders it with its flag
    // (crates/cli/tests/bad_inputs.rs checks "use --encoding auto or utf-8" in its output).
    assert_eq!(e.hint(), Some(Hint::AutoOrUtf8Encoding));
    assert!(!e.message(Lang::En).contains("--"), "{}", e.message(Lang::En));
}

#[test]
fn header_only_and_empty_files_have_no_data_rows() {
    let e = err(try_load(&fx("customers_header_only.csv"), &fx("managers.csv"), None));
    assert_eq!(e, LoadError::NoDataRows { file: FileKind::Customers });
    assert!(e.message(Lang::En).contains("customers.csv") && e.message(Lang::ZhCn).contains("没有数据行"));
    let e = err(try_load(&fx("customers.csv"), &fx("managers_header_only.csv"), None));
    assert_eq!(e, LoadError::NoDataRows { file: FileKind::Managers });
    // Empty files (0 bytes, or only a BOM, or only line breaks).
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\n", b"\r\n"] {
        let e = err(try_load(empty, &fx("managers.csv"), None));
        assert_eq!(e, LoadError::NoDataRows { file: FileKind::Customers }, "{empty:?}");
        let e = err(try_load(&fx("customers.csv"), empty, None));
        assert_eq!(e, LoadError::NoDataRows { file: FileKind::Managers }, "{empty:?}");
    }
    // A header followed by blank lines only.
    let mut h = fx_text("customers_header_only.csv");
    h.push_str("\n\n,,,\n");
    let e = err(try_load(h.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(e, LoadError::NoDataRows { file: FileKind::Customers });
    // credit_splits.csv is optional: empty or header-only means no shared customers.
    for s in [&b""[..], b"customer_id,manager_id,share\n"] {
        let l = ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(s)));
        assert!(l.dataset.splits.is_empty());
        assert_eq!(l.issues, vec![]);
    }
}

// ---------------------------------------------------------------------------------------------
// Row-level problems
// ---------------------------------------------------------------------------------------------

fn customer_error_issues() -> Vec<RowIssue> {
    use FileKind::Customers as C;
    use IssueKind as K;
    use Severity::{Error as E, Warning as W};
    vec![
        iss(C, 3, Some("deposit_avg"), "12x", K::BadNumber, E),
        iss(C, 4, Some("txn_count"), "1.5", K::BadInteger, E),
        iss(C, 5, Some("open_date"), "2024-02-30", K::BadDate, E),
        iss(C, 6, Some("period"), "2024-13", K::BadPeriod, E),
        iss(C, 7, Some("kind"), "private", K::BadEnum { expected: Accepted::Kind }, E),
        iss(C, 8, Some("loan_balance"), "-5", K::NegativeAmount, E),
        iss(C, 9, Some("customer_id"), "", K::MissingValue, E),
        iss(C, 10, None, "", K::RaggedRow { expected: 15, found: 5 }, E),
        iss(C, 11, Some("customer_id"), "(2024-06, C01)", K::DuplicateKey { first_line: 2 }, E),
        iss(C, 12, Some("manager_id"), "M99", K::UnknownManager, W),
        iss(C, 13, Some("loan_balance"), "5000", K::LoanWithoutClass, W),
        iss(C, 14, Some("loan_class"), "关注", K::ClassWithoutLoan, W),
        iss(C, 15, Some("last_contact"), "2024-07-02", K::DateAfterPeriod, W),
        iss(C, 15, Some("open_date"), "2024-07-01", K::DateAfterPeriod, W),
        // Lines 16-17: one record with a quoted line break in `name`.
        iss(C, 18, Some("deposit_avg"), "abc", K::BadNumber, E),
        iss(C, 19, Some("loan_class"), "substandardish", K::BadEnum { expected: Accepted::LoanClass }, E),
        iss(C, 20, Some("kind"), "", K::MissingValue, E),
        iss(C, 21, Some("last_contact"), "2024-6-1", K::BadDate, E),
    ]
}

fn check_customer_errors(l: &Loaded, newline: &str) {
    assert_eq!(l.issues, customer_error_issues());
    check_invariants(l, 0.001);
    assert_eq!(
        *stats(l, FileKind::Customers),
        FileStats { file: FileKind::Customers, encoding: "UTF-8", rows: 20, skipped: 13 }
    );
    let ds = &l.dataset;
    let kept: Vec<&str> = ds.customers.iter().map(|r| ds.customer_id(r.customer)).collect();
    assert_eq!(kept, ["C01", "C10", "C11", "C12", "C13", "C14", "C19"]);
    // The first of a duplicate pair is the one kept.
    assert_eq!(ds.text(row(ds, "2024-06", "C01").name), "good");
    // Warnings keep the row.
    assert_eq!(row(ds, "2024-06", "C10").manager.map(|m| ds.manager_id(m)), Some("M99"));
    let r = row(ds, "2024-06", "C11");
    assert_eq!(
        (r.loan_balance, r.loan_class, r.effective_loan_class()),
        (Amount(500_000), None, Some(LoanClass::Normal))
    );
    let r = row(ds, "2024-06", "C12");
    assert_eq!((r.loan_class, r.effective_loan_class()), (None, None), "a class without a loan is ignored");
    let r = row(ds, "2024-06", "C13");
    assert_eq!((r.open_date, r.last_contact), (day(2024, 7, 1), Some(day(2024, 7, 2))));
    assert_eq!(ds.text(row(ds, "2024-06", "C14").name), format!("two-line{newline}name"));
    assert_eq!(row(ds, "2024-06", "C19").deposit_avg, Amount(123_456_789));
    for id in ["C02", "C03", "C04", "C06", "C07", "C09", "C15", "C16", "C17", "C18"] {
        assert!(!has_row(ds, "2024-06", id), "{id} must be skipped");
    }
    assert!(ds.customer_ids.get("C05").is_none());
}

#[test]
fn customer_row_problems_with_line_numbers() {
    let l = ok(try_load(&fx("customers_errors.csv"), &fx("managers.csv"), None));
    check_customer_errors(&l, "\n");
}

#[test]
fn customer_row_problems_with_crlf_keep_line_numbers() {
    let l = ok(try_load(crlf(&fx_text("customers_errors.csv")).as_bytes(), &fx("managers.csv"), None));
    check_customer_errors(&l, "\r\n");
}

#[test]
fn customer_row_problems_in_gb18030_keep_line_numbers() {
    let l = ok(try_load(&gb18030(&fx_text("customers_errors.csv")), &fx("managers.csv"), None));
    assert_eq!(l.issues, customer_error_issues());
    assert_eq!(stats(&l, FileKind::Customers).encoding, "GB18030");
}

#[test]
fn blank_lines_do_not_shift_line_numbers() {
    let head = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count\n";
    let good = "2024-06,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n";
    let bad = |id: &str| format!("2024-06,{id},n,retail,B01,M01,2020-01-01,bad,0,0,0,,0\n");
    for nl in ["\n", "\r\n"] {
        // line 1 header, 2 good, 3 blank, 4 bad, 5-6 blank, 7 bad, 8 blank
        let text = format!("{head}{good}\n{}\n\n{}\n", bad("C2"), bad("C3")).replace('\n', nl);
        let l = ok(try_load(text.as_bytes(), &fx("managers.csv"), None));
        let lines: Vec<u64> = l.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![4, 7], "newline {nl:?}");
        assert_eq!(stats(&l, FileKind::Customers).rows, 3);
        // A line of separators only is not a row either.
        let text = format!("{head}{good},,,\n{}", bad("C2")).replace('\n', nl);
        let l = ok(try_load(text.as_bytes(), &fx("managers.csv"), None));
        let lines: Vec<u64> = l.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![4], "newline {nl:?}");
        assert_eq!(stats(&l, FileKind::Customers).rows, 2);
    }
}

#[test]
fn quoted_newlines_do_not_shift_line_numbers() {
    let head = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count\n";
    // line 2-4: one record over three lines; line 5: bad; line 6-7: another; line 8: ragged.
    let text = format!(
        "{head}2024-06,C1,\"a\nb\nc\",retail,B01,M01,2020-01-01,1,0,0,0,,0\n\
         2024-06,C2,n,retail,B01,M01,2020-01-01,bad,0,0,0,,0\n\
         2024-06,C3,\"x\ny\",retail,B01,M01,2020-01-01,-1,0,0,0,,0\n\
         2024-06,C4,n\n"
    );
    for nl in ["\n", "\r\n"] {
        let t = text.replace('\n', nl);
        let l = ok(try_load(t.as_bytes(), &fx("managers.csv"), None));
        let got: Vec<(u64, &str)> = l.issues.iter().map(|i| (i.line, i.kind.code())).collect();
        assert_eq!(got, vec![(5, "bad_number"), (6, "negative_amount"), (8, "ragged_row")], "newline {nl:?}");
    }
}

#[test]
fn manager_row_problems_with_line_numbers() {
    use FileKind::{Customers as C, Managers as M};
    use IssueKind as K;
    use Severity::{Error as E, Warning as W};
    for text in [fx_text("managers_errors.csv"), crlf(&fx_text("managers_errors.csv"))] {
        let l = ok(try_load(&fx("customers.csv"), text.as_bytes(), None));
        assert_eq!(
            l.issues,
            vec![
                // M02 and M03 have no valid row: the customers that name them get a warning.
                iss(C, 3, Some("manager_id"), "M02", K::UnknownManager, W),
                iss(C, 4, Some("manager_id"), "M02", K::UnknownManager, W),
                iss(C, 6, Some("manager_id"), "M03", K::UnknownManager, W),
                iss(C, 7, Some("manager_id"), "M03", K::UnknownManager, W),
                iss(M, 3, Some("hire_date"), "2015-02-30", K::BadDate, E),
                iss(M, 4, Some("status"), "retired", K::BadEnum { expected: Accepted::Status }, E),
                iss(M, 5, Some("manager_id"), "M01", K::DuplicateKey { first_line: 2 }, E),
                iss(M, 7, Some("manager_id"), "(M01, 2024-06)", K::DuplicateKey { first_line: 6 }, E),
                iss(M, 8, Some("period"), "2024-6", K::BadPeriod, E),
                iss(M, 9, Some("deposit_target"), "-100", K::NegativeAmount, E),
                iss(M, 10, Some("new_customers_target"), "2.5", K::BadInteger, E),
                iss(M, 11, Some("loan_target"), "1e3", K::BadNumber, E),
                iss(M, 12, Some("manager_id"), "", K::MissingValue, E),
            ]
        );
        check_invariants(&l, 0.001);
        assert_eq!(*stats(&l, M), FileStats { file: M, encoding: "UTF-8", rows: 11, skipped: 9 });
        let ds = &l.dataset;
        assert_eq!(ds.managers.len(), 2);
        assert_eq!(ds.managers[0].period, None);
        assert_eq!(ds.text(ds.managers[0].name), "王芳", "the first of a duplicate pair is kept");
        assert_eq!(ds.managers[1].targets.deposit, Some(Amount(10_000)));
        // Rows with an unknown manager are kept.
        assert_eq!(ds.customers.len(), 8);
    }
}

#[test]
fn credit_split_problems_with_line_numbers() {
    use FileKind::CreditSplits as S;
    use IssueKind as K;
    use Severity::Error as E;
    let l = ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(&fx("credit_splits_errors.csv"))));
    assert_eq!(
        l.issues,
        vec![
            // C002: 0.5 + 0.4: every split of the customer is skipped.
            iss(S, 3, Some("share"), "C002", K::SharesSum { sum_millis: 900 }, E),
            iss(S, 4, Some("share"), "C002", K::SharesSum { sum_millis: 900 }, E),
            iss(S, 8, Some("share"), "abc", K::BadShare, E),
            iss(S, 9, Some("share"), "1.5", K::BadShare, E),
            iss(S, 10, Some("share"), "0", K::BadShare, E),
            // Stale splits (issue 11): warnings, the split dropped.
            iss(S, 11, Some("customer_id"), "C009", K::UnknownCustomer, Severity::Warning),
            iss(S, 12, Some("manager_id"), "M99", K::UnknownManager, Severity::Warning),
            iss(S, 13, Some("manager_id"), "(C001, M01)", K::DuplicateKey { first_line: 2 }, E),
            iss(S, 14, Some("manager_id"), "", K::MissingValue, E),
        ]
    );
    check_invariants(&l, 0.001);
    assert_eq!(*stats(&l, S), FileStats { file: S, encoding: "UTF-8", rows: 13, skipped: 7 });
    let ds = &l.dataset;
    let sp: Vec<(&str, &str, f64)> =
        ds.splits.iter().map(|s| (ds.customer_id(s.customer), ds.manager_id(s.manager), s.share)).collect();
    // C003: 0.3333 + 0.3333 + 0.3334 = 1 within ±0.001.
    assert_eq!(
        sp,
        vec![("C001", "M01", 1.0), ("C003", "M01", 0.3333), ("C003", "M02", 0.3333), ("C003", "M03", 0.3334)]
    );
    // The messages say the whole customer was skipped, with its sum.
    assert!(l.issues[0].message(Lang::En).contains("C002 sum to 0.900"), "{}", l.issues[0].message(Lang::En));
    assert!(l.issues[0].message(Lang::ZhCn).contains("0.900"), "{}", l.issues[0].message(Lang::ZhCn));
    assert!(l.issues[6].message(Lang::En).contains("'M99' is not in managers.csv (a stale split?); split dropped"));
}

#[test]
fn optional_customer_columns_are_validated_when_present() {
    use FileKind::Customers as C;
    use IssueKind as K;
    use Severity::Error as E;
    let head = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,overdue_days,complaints,phone\n";
    let rows = [
        "2024-06,C1,n,corporate,B01,M01,2020-01-01,1,0,0,0,,0,U,,,",
        "2024-06,C2,n,retail,B01,M01,2020-01-01,1,0,0,0,,0,,-1,,",
        "2024-06,C3,n,retail,B01,M01,2020-01-01,1,0,0,0,,0,,,x,",
        "2024-06,C4,n,retail,B01,M01,2020-01-01,1,0,-0.01,0,,0,,,,",
        "2024-06,C5,n,retail,B01,M01,2020-01-01,1,0,0,0,,0,,,,138 0000 0000",
    ];
    let csv = format!("{head}{}\n", rows.join("\n"));
    let l = ok(try_load(csv.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(
        l.issues,
        vec![
            iss(C, 2, Some("industry"), "U", K::BadEnum { expected: Accepted::Industry }, E),
            iss(C, 3, Some("overdue_days"), "-1", K::BadInteger, E),
            iss(C, 4, Some("complaints"), "x", K::BadInteger, E),
            iss(C, 5, Some("aum"), "-0.01", K::NegativeAmount, E),
        ]
    );
    let ds = &l.dataset;
    assert_eq!(row(ds, "2024-06", "C5").phone.map(|p| ds.text(p)), Some("138 0000 0000"));
}

#[test]
fn more_than_64_product_codes_drop_the_extra_codes_with_a_warning() {
    let codes: Vec<String> = (0..66).map(|k| format!("p{k:02}")).collect();
    let csv = format!(
        "{}2024-06,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,{},0\n2024-06,C2,n,retail,B01,M01,2020-01-01,1,0,0,0,p00;p65,0\n",
        fx_text("customers_header_only.csv"),
        codes[..65].join(";")
    );
    let l = ok(try_load(csv.as_bytes(), &fx("managers.csv"), None));
    let got: Vec<(u64, &str, &str, Severity)> =
        l.issues.iter().map(|i| (i.line, i.kind.code(), i.value.as_str(), i.severity)).collect();
    assert_eq!(
        got,
        vec![(2, "too_many_products", "p64", Severity::Warning), (3, "too_many_products", "p65", Severity::Warning)]
    );
    let ds = &l.dataset;
    assert_eq!(ds.products.len(), 64);
    assert_eq!(row(ds, "2024-06", "C1").products.len(), 64);
    assert_eq!(row(ds, "2024-06", "C2").products, product_set(ds, &["p00"]));
}

#[test]
fn split_share_tolerance_is_an_option() {
    let s = "customer_id,manager_id,share\nC002,M01,0.5\nC002,M02,0.4\n";
    let opts = LoadOptions { split_share_tolerance: 0.2, ..LoadOptions::default() };
    let l = ok(try_load_opts(&fx("customers.csv"), &fx("managers.csv"), Some(s.as_bytes()), &opts));
    assert_eq!(l.issues, vec![]);
    assert_eq!(l.dataset.splits.len(), 2);
    // Just outside the default ±0.001.
    let s = "customer_id,manager_id,share\nC002,M01,0.6\nC002,M02,0.402\n";
    let l = ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(s.as_bytes())));
    assert_eq!(l.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![2, 3]);
    assert!(matches!(l.issues[0].kind, IssueKind::SharesSum { sum_millis: 1002 }));
    // Just inside.
    let s = "customer_id,manager_id,share\nC002,M01,0.6\nC002,M02,0.4009\n";
    let l = ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(s.as_bytes())));
    assert_eq!(l.issues, vec![]);
}

#[test]
fn split_referencing_a_customer_whose_rows_were_all_skipped_is_unknown() {
    let c = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count\n\
             2024-06,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n\
             2024-06,C2,n,retail,B01,M01,2020-01-01,x,0,0,0,,0\n";
    let s = "customer_id,manager_id,share\nC2,M01,1\n";
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), Some(s.as_bytes())));
    let got: Vec<(FileKind, u64, &str)> = l.issues.iter().map(|i| (i.file.kind, i.line, i.kind.code())).collect();
    assert_eq!(got, vec![(FileKind::Customers, 3, "bad_number"), (FileKind::CreditSplits, 2, "unknown_customer")]);
    // A stale split (issue 11): a warning, the split dropped.
    assert_eq!(l.issues[1].severity, Severity::Warning);
    assert!(l.dataset.splits.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

#[test]
fn messages_name_file_line_column_and_value() {
    let l = ok(try_load(&fx("customers_errors.csv"), &fx("managers.csv"), None));
    let at = |line: u64, code: &str| -> &RowIssue {
        l.issues.iter().find(|i| i.line == line && i.kind.code() == code).unwrap_or_else(|| panic!("{line} {code}"))
    };
    let cases: [(&RowIssue, &[&str], &[&str]); 6] = [
        (
            at(3, "bad_number"),
            &["customers.csv:3", "[deposit_avg]", "'12x'", "row skipped"],
            &["customers.csv 第 3 行", "12x", "已跳过该行"],
        ),
        (at(5, "bad_date"), &["customers.csv:5", "2024-02-30", "YYYY-MM-DD"], &["第 5 行", "2024-02-30"]),
        (
            at(7, "bad_enum"),
            &["customers.csv:7", "'private'", "retail|corporate"],
            &["第 7 行", "private", "对私、个人"],
        ),
        (
            at(11, "duplicate_key"),
            &["customers.csv:11", "(2024-06, C01)", "first seen on line 2"],
            &["第 11 行", "(2024-06, C01)", "首次出现在第 2 行"],
        ),
        (at(12, "unknown_manager"), &["customers.csv:12", "'M99'", "unassigned"], &["第 12 行", "M99", "未分配"]),
        (at(14, "class_without_loan"), &["customers.csv:14", "关注"], &["第 14 行", "关注"]),
    ];
    for (i, en, zh) in cases {
        let (me, mz) = (i.message(Lang::En), i.message(Lang::ZhCn));
        for s in en {
            assert!(me.contains(s), "'{s}' not in {me}");
        }
        for s in zh {
            assert!(mz.contains(s), "'{s}' not in {mz}");
        }
    }
    let ragged = at(10, "ragged_row").message(Lang::En);
    assert!(ragged.contains("row has 5 fields, the header has 15"), "{ragged}");
    // Long values are clipped to 80 characters in issues.
    let long = "x".repeat(200);
    let c = format!("{}2024-06,C1,n,retail,B01,M01,2020-01-01,{long},0,0,0,,0\n", fx_text("customers_header_only.csv"));
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(l.issues[0].value, format!("{}…", "x".repeat(80)));
}

// ---------------------------------------------------------------------------------------------
// Verdict
// ---------------------------------------------------------------------------------------------

/// customers.csv with `n` rows, the one at data index `bad` (0-based) having a bad amount.
fn customers_with_one_bad(n: usize, bad: usize) -> String {
    let mut s = fx_text("customers_header_only.csv");
    for i in 0..n {
        let dep = if i == bad { "oops".to_string() } else { (i * 10).to_string() };
        s.push_str(&format!("2024-06,C{i},n{i},retail,B01,M01,2020-01-01,{dep},0,0,0,deposit,1\n"));
    }
    s
}

#[test]
fn verdict_too_many_bad_rows() {
    let c = customers_with_one_bad(50, 7);
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(l.issues.len(), 1);
    assert_eq!(l.issues[0].line, 9);
    assert_eq!((stats(&l, FileKind::Customers).rows, stats(&l, FileKind::Customers).skipped), (50, 1));
    // 1/50 = 2% > 1%.
    let e = l.verdict(false, 0.01).expect_err("2% > 1%");
    assert_eq!(e, LoadError::TooManyBadRows { file: FileKind::Customers, bad: 1, total: 50, max_ratio: 0.01 });
    let en = e.message(Lang::En);
    assert!(
        en.contains("customers.csv") && en.contains("1 of 50") && en.contains("2.00%") && en.contains("1.00%"),
        "{en}"
    );
    assert!(e.message(Lang::ZhCn).contains("50 行中有 1 行"), "{}", e.message(Lang::ZhCn));
    // Exactly at the limit is allowed; the limit is per file.
    l.verdict(false, 0.02).expect("2% ≤ 2%");
    assert_eq!(l.dataset.customers.len(), 49);
}

#[test]
fn verdict_ok_below_the_ratio() {
    let c = customers_with_one_bad(200, 199);
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(l.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![201]);
    // 1/200 = 0.5% ≤ 1%.
    l.verdict(false, 0.01).expect("0.5% ≤ 1%");
    let e = l.verdict(false, 0.004).expect_err("0.5% > 0.4%");
    assert!(matches!(e, LoadError::TooManyBadRows { bad: 1, total: 200, .. }));
}

#[test]
fn verdict_strict() {
    let c = customers_with_one_bad(200, 3);
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    let e = l.verdict(true, 1.0).expect_err("strict fails on any skipped row");
    assert_eq!(e, LoadError::Strict { file: FileKind::Customers, line: 5, issue: Box::new(l.issues[0].clone()) });
    assert!(
        e.message(Lang::En).contains("strict mode") && e.message(Lang::En).contains("oops"),
        "{}",
        e.message(Lang::En)
    );
    assert_eq!(e.hint(), Some(Hint::Strict));
    assert!(e.message(Lang::ZhCn).contains("第 5 行"), "{}", e.message(Lang::ZhCn));
    // The Chinese message renders the row issue in Chinese.
    assert!(e.message(Lang::ZhCn).contains(&l.issues[0].message(Lang::ZhCn)), "{}", e.message(Lang::ZhCn));
    assert!(!e.message(Lang::ZhCn).contains("row skipped"), "{}", e.message(Lang::ZhCn));
    // Warnings and notices alone do not fail strict.
    let w = ok(try_load(
        &fx("customers.csv"),
        &fx("managers_errors.csv").split(|&b| b == b'\n').take(2).collect::<Vec<_>>().join(&b'\n'),
        None,
    ));
    assert_eq!(w.worst(), Some(Severity::Warning));
    w.verdict(true, 0.0).expect("warnings only");
    // Errors in credit_splits.csv count too.
    let s = ok(try_load(&fx("customers.csv"), &fx("managers.csv"), Some(&fx("credit_splits_errors.csv"))));
    assert!(matches!(s.verdict(true, 1.0), Err(LoadError::Strict { file: FileKind::CreditSplits, line: 3, .. })));
    assert!(matches!(
        s.verdict(false, 0.5),
        // (The two stale splits are warnings: 7 rows skipped.)
        Err(LoadError::TooManyBadRows { file: FileKind::CreditSplits, bad: 7, total: 13, .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Dataset invariants and order independence
// ---------------------------------------------------------------------------------------------

/// A synthetic bank: ids whose string order differs from numeric order (C10 < C2), several
/// periods, products, loans, an unknown manager and credit splits.
fn synthetic() -> (String, String, String) {
    let periods = ["2024-03", "2024-04", "2024-05", "2024-06"];
    let products = ["wealth", "card", "deposit", "loan", "ebank", "fx"];
    let classes = ["normal", "special", "substandard", "doubtful", "loss"];
    let mut c = String::from("period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,loan_class,last_contact\n");
    for (pi, p) in periods.iter().enumerate() {
        for i in 0..25usize {
            if (i + pi) % 9 == 0 {
                continue; // not every customer in every month
            }
            let kind = if i % 4 == 0 { "corporate" } else { "retail" };
            let mgr = if i % 11 == 5 {
                "M9".to_string()
            } else if i % 7 == 3 {
                String::new()
            } else {
                format!("M{}", i % 4)
            };
            let prods: Vec<&str> =
                products.iter().enumerate().filter(|(k, _)| (i * 7 + pi * 3) >> k & 1 == 1).map(|(_, s)| *s).collect();
            let (loan, class) =
                if i % 3 == 0 { (format!("{}", 1000 * (i + 1)), classes[(i + pi) % 5]) } else { ("0".into(), "") };
            c.push_str(&format!(
                "{p},C{i},客户{i},{kind},B{},{mgr},2019-0{}-1{},\"{},{:03}.5\",{loan},{},{}.25,{},{},{class},{}\n",
                i % 3,
                1 + i % 9,
                i % 10,
                1 + i,
                (i * 37 + pi) % 1000,
                i * 100,
                i as i64 - 10,
                prods.join(";"),
                i * 3 + pi,
                if i % 2 == 0 { format!("{p}-0{}", 1 + i % 9) } else { String::new() },
            ));
        }
    }
    let mut m = String::from("manager_id,name,branch_id,grade,hire_date,status,period,deposit_target\n");
    for k in 0..4 {
        m.push_str(&format!(
            "M{k},经理{k},B{},senior,2015-01-0{},{},,\n",
            k % 3,
            k + 1,
            if k == 3 { "left" } else { "active" }
        ));
        for p in &periods[2..] {
            m.push_str(&format!("M{k},经理{k},B{},senior,2015-01-0{},active,{p},{}\n", k % 3, k + 1, 1000 * (k + 1)));
        }
    }
    let mut s = String::from("customer_id,manager_id,share\n");
    for i in (0..25).step_by(5) {
        s.push_str(&format!("C{i},M{},0.25\nC{i},M{},0.75\n", i % 4, (i + 1) % 4));
    }
    (c, m, s)
}

/// Shuffles the data lines of a CSV without quoted line breaks (header stays first).
fn shuffle_lines(text: &str, seed: u64) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let mut x = seed | 1;
    for i in (1..lines.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lines.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut out = String::from(header);
    for l in lines {
        out.push('\n');
        out.push_str(l);
    }
    out.push('\n');
    out
}

#[test]
fn dataset_invariants_hold_on_a_synthetic_bank() {
    let (c, m, s) = synthetic();
    let l = ok(try_load(c.as_bytes(), m.as_bytes(), Some(s.as_bytes())));
    check_invariants(&l, 0.001);
    assert_eq!(l.dataset.periods.len(), 4);
    assert!(l.issues.iter().all(|i| i.severity != Severity::Error), "{:#?}", l.issues);
    assert!(l.issues.iter().any(|i| i.kind == IssueKind::UnknownManager));
    assert_eq!(l.dataset.splits.len(), 10);
    // Sym order is string order: C10 sorts before C2.
    let ids: Vec<&str> = l.dataset.rows_in(per("2024-06")).iter().map(|r| l.dataset.customer_id(r.customer)).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(ids.iter().position(|&i| i == "C10") < ids.iter().position(|&i| i == "C2"));
}

#[test]
fn result_does_not_depend_on_row_order() {
    let (c, m, s) = synthetic();
    let base = ok(try_load(c.as_bytes(), m.as_bytes(), Some(s.as_bytes())));
    let issue_set = |l: &Loaded| {
        let mut v: Vec<(FileKind, String, String)> =
            l.issues.iter().map(|i| (i.file.kind, i.kind.code().to_string(), i.value.clone())).collect();
        v.sort();
        v
    };
    for seed in [1u64, 2, 3, 0xDEAD_BEEF, 42] {
        let l = ok(try_load(
            shuffle_lines(&c, seed).as_bytes(),
            shuffle_lines(&m, seed * 3).as_bytes(),
            Some(shuffle_lines(&s, seed * 7).as_bytes()),
        ));
        check_invariants(&l, 0.001);
        assert_same_dataset(&base.dataset, &l.dataset);
        assert_eq!(issue_set(&base), issue_set(&l), "seed {seed}");
    }
    // The fixtures too (customers.csv is not in key order).
    let base = load_valid();
    for seed in [5u64, 6, 7] {
        let l = ok(try_load(
            shuffle_lines(&fx_text("customers.csv"), seed).as_bytes(),
            shuffle_lines(&fx_text("managers.csv"), seed).as_bytes(),
            Some(shuffle_lines(&fx_text("credit_splits.csv"), seed).as_bytes()),
        ));
        assert_same_dataset(&base.dataset, &l.dataset);
    }
}

// ---------------------------------------------------------------------------------------------
// Robustness: arbitrary and mutated input never panics
// ---------------------------------------------------------------------------------------------

/// Loads and, on success, checks the invariants and that every issue's line exists in its file.
fn load_never_panics(c: &[u8], m: &[u8], s: Option<&[u8]>) {
    // LF, CRLF and a bare CR each end one line.
    let lines = |b: &[u8]| {
        1 + b.iter().enumerate().filter(|&(k, &x)| x == b'\n' || (x == b'\r' && b.get(k + 1) != Some(&b'\n'))).count()
            as u64
    };
    match try_load(c, m, s) {
        Ok(l) => {
            check_invariants(&l, 0.001);
            for i in &l.issues {
                let file = match i.file.kind {
                    FileKind::Customers => c,
                    FileKind::Managers => m,
                    FileKind::CreditSplits => s.unwrap_or_default(),
                };
                let max = lines(file);
                assert!(i.line <= max, "line {} of a {max}-line file: {i:?}", i.line);
                if !matches!(i.kind, IssueKind::UnknownColumns { .. } | IssueKind::DuplicateColumn) {
                    assert!(i.line >= 2, "a row issue on the header line: {i:?}");
                }
                let _ = (i.message(Lang::En), i.message(Lang::ZhCn));
            }
            for f in &l.files {
                assert!(f.skipped <= f.rows, "{f:?}");
            }
            let _ = l.verdict(true, 0.0);
            let _ = l.verdict(false, 0.01);
        }
        Err(e) => {
            let _ = (e.message(Lang::En), e.message(Lang::ZhCn), e.file());
        }
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, &'static [u8]),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pieces: Vec<&'static [u8]> = vec![
        b"\"",
        b",",
        b"\n",
        b"\r",
        b"\r\n",
        b"\0",
        b"\"\"",
        b";",
        b"\xFF",
        b"\xEF\xBB\xBF",
        b"-",
        b"1,234",
        "关注".as_bytes(),
        b"\xB9\xD8",
        b"\xE5",
        b",,,,,,,,",
        b"\n\n",
        b"9999999999999999999",
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..20).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), proptest::sample::select(pieces)).prop_map(|(i, p)| Mutation::Insert(i, p)),
    ]
}

fn mutate(mut b: Vec<u8>, ops: &[Mutation]) -> Vec<u8> {
    for op in ops {
        match *op {
            Mutation::Flip(i, x) if !b.is_empty() => {
                let n = b.len();
                b[i % n] = x;
            }
            Mutation::Flip(..) => {}
            Mutation::Truncate(i) => b.truncate(i % (b.len() + 1)),
            Mutation::Delete(i, n) => {
                let at = i % (b.len() + 1);
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            Mutation::Insert(i, p) => {
                let at = i % (b.len() + 1);
                b.splice(at..at, p.iter().copied());
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        other in proptest::collection::vec(any::<u8>(), 0..200),
        which in 0u8..4,
    ) {
        let (c, m, s) = (fx("customers.csv"), fx("managers.csv"), fx("credit_splits.csv"));
        match which {
            0 => load_never_panics(&bytes, &m, Some(&s)),
            1 => load_never_panics(&c, &bytes, Some(&s)),
            2 => load_never_panics(&bytes, &other, None),
            _ => load_never_panics(&c, &m, Some(&bytes)),
        }
    }

    #[test]
    fn mutated_csv_never_panics(
        ops in proptest::collection::vec(mutation(), 1..8),
        which in 0u8..4,
        errors in any::<bool>(),
    ) {
        let base_c = if errors { fx("customers_errors.csv") } else { fx("customers.csv") };
        let base_m = if errors { fx("managers_errors.csv") } else { fx("managers.csv") };
        let base_s = if errors { fx("credit_splits_errors.csv") } else { fx("credit_splits.csv") };
        match which {
            0 => load_never_panics(&mutate(base_c, &ops), &base_m, Some(&base_s)),
            1 => load_never_panics(&base_c, &mutate(base_m, &ops), Some(&base_s)),
            2 => load_never_panics(&mutate(base_c, &ops), &mutate(base_m, &ops), None),
            _ => load_never_panics(&base_c, &base_m, Some(&mutate(base_s, &ops))),
        }
    }

    #[test]
    fn mutated_gbk_csv_never_panics(ops in proptest::collection::vec(mutation(), 1..6)) {
        let c = gb18030(&fx_text("customers_zh.csv"));
        let m = gb18030(&fx_text("managers_zh.csv"));
        load_never_panics(&mutate(c, &ops), &m, None);
    }
}

// ---------------------------------------------------------------------------------------------
// Hardening: defects found by the bad-input suite (crates/cli/tests/bad_inputs.rs) and fuzzing.

#[test]
fn cr_only_line_endings_count_lines() {
    // Old Mac exports end lines with a lone CR: every record is its own line. Row 3 (line 4,
    // i = 2) has a bad deposit; before the fix every issue was reported on line 1.
    let c = customers_with_one_bad(5, 2).replace('\n', "\r");
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(l.issues.iter().map(|i| (i.line, i.kind.code())).collect::<Vec<_>>(), vec![(4, "bad_number")]);
    assert_eq!(l.files[0].rows, 5);
    // Mixed endings: LF, CR, CRLF each end one line.
    let mixed = customers_with_one_bad(4, 3);
    let mut parts = mixed.split_inclusive('\n');
    let header = parts.next().expect("header");
    let rows: Vec<&str> = parts.collect();
    let mixed =
        format!("{header}{}{}{}{}", rows[0].replace('\n', "\r"), rows[1].replace('\n', "\r\n"), rows[2], rows[3]);
    let l = ok(try_load(mixed.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(l.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![5]);
}

#[test]
fn unclosed_quote_rejects_the_file() {
    // An opening quote on line 3 that is never closed would swallow every later row into one
    // field (rows silently lost): the file is rejected, naming the line.
    let c = customers_with_one_bad(6, 99).replacen("n1,", "\"n1,", 1);
    let e = err(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert_eq!(e, LoadError::UnclosedQuote { file: FileKind::Customers, line: 3 });
    assert!(e.message(Lang::En).starts_with("customers.csv:3: a quoted field"), "{}", e.message(Lang::En));
    assert!(
        e.message(Lang::ZhCn).starts_with("customers.csv 第 3 行：") && e.message(Lang::ZhCn).contains("引号"),
        "{}",
        e.message(Lang::ZhCn)
    );
    // In managers.csv and credit_splits.csv too.
    let m = fx_text("managers.csv") + "M9,\"open,B01,senior,2020-01-01,active\n";
    assert!(matches!(
        err(try_load(&fx("customers.csv"), m.as_bytes(), None)),
        LoadError::UnclosedQuote { file: FileKind::Managers, .. }
    ));
    // Closed quotes, also spanning lines and with escaped quotes, are fine.
    let c = customers_with_one_bad(4, 99).replacen("n1,", "\"n\"\"1\nsecond line\",", 1);
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.files[0].rows, 4);
    // A quote in the middle of an unquoted field is a literal character, not an opening quote.
    let c = customers_with_one_bad(4, 99).replacen("n1,", "n\"1,", 1);
    ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
}

#[test]
fn missing_header_row_is_named() {
    // The first line is a data row: no "did you mean '2024-06'", but a hint that the header is missing.
    let c = customers_with_one_bad(3, 99);
    let body = c.split_once('\n').expect("header").1;
    let e = err(try_load(body.as_bytes(), &fx("managers.csv"), None));
    assert!(
        matches!(&e, LoadError::MissingColumn { column: "period", closest: None, header_is_data: true, .. }),
        "{e:?}"
    );
    assert!(e.message(Lang::En).ends_with("the file seems to have no header row"), "{}", e.message(Lang::En));
    assert!(e.message(Lang::ZhCn).ends_with("文件似乎缺少表头行"), "{}", e.message(Lang::ZhCn));
}

#[test]
fn invisible_characters_in_values_are_escaped_in_messages() {
    // A BOM in the middle (two exports concatenated) and a terminal escape sequence: the message
    // shows them as \u{…} rather than printing them.
    let mut c = customers_with_one_bad(3, 99);
    c.push_str("\u{feff}period,x\n");
    c.push_str("\u{1b}[2J2024-06,C9,n,retail,B01,M01,2020-01-01,1,0,0,0,deposit,1\n");
    let l = ok(try_load(c.as_bytes(), &fx("managers.csv"), None));
    let msgs: Vec<String> = l.issues.iter().map(|i| i.message(Lang::En)).collect();
    assert!(msgs.iter().any(|m| m.contains("customers.csv:5") && m.contains("row has 2 fields")), "{msgs:?}");
    let m = l.issues.iter().find(|i| i.line == 6).expect("line 6").message(Lang::En);
    assert!(m.contains("'\\u{1b}[2J2024-06' is not a valid period"), "{m}");
    for i in &l.issues {
        for text in [i.message(Lang::En), i.message(Lang::ZhCn)] {
            assert!(!text.chars().any(|c| c.is_control() || c == '\u{feff}'), "{text:?}");
        }
    }
    assert_eq!(branchlens_core::issue::clip("a\u{feff}b\u{202e}c"), "a\\u{feff}b\\u{202e}c");
    assert_eq!(branchlens_core::issue::clip("对\u{3000}私"), "对\u{3000}私");
}

#[test]
fn implausibly_large_amounts_are_row_errors_at_the_limit_plus_one_fen() {
    // The limit is 10,000,000,000,000 yuan (issue::MAX_PLAUSIBLE_YUAN), either sign: exactly
    // the limit passes, one fen more is an error; fee income may be negative, so -limit-0.01
    // fails too. Such values (e.g. 9e15 yuan from a unit error) would otherwise saturate totals.
    let head = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count\n";
    let c = format!(
        "{head}\
         2024-06,C001,a,retail,B01,M01,2019-01-15,10000000000000,0,0,0,deposit,1\n\
         2024-06,C002,b,retail,B01,M01,2019-01-15,10000000000000.01,0,0,0,deposit,1\n\
         2024-06,C003,c,retail,B01,M01,2019-01-15,0,0,0,-10000000000000.01,deposit,1\n\
         2024-06,C004,d,retail,B01,M01,2019-01-15,0,0,9000000000000000,0,deposit,1\n"
    );
    let m = "manager_id,name,branch_id,grade,hire_date,status\nM01,王芳,B01,senior,2015-03-01,active\n";
    let l = ok(try_load(c.as_bytes(), m.as_bytes(), None));
    let got: Vec<(u64, Option<&str>, &str, &str)> =
        l.issues.iter().map(|i| (i.line, i.column, i.value.as_str(), i.kind.code())).collect();
    assert_eq!(
        got,
        [
            (3, Some("deposit_avg"), "10000000000000.01", "implausible_amount"),
            (4, Some("fee_income"), "-10000000000000.01", "implausible_amount"),
            (5, Some("aum"), "9000000000000000", "implausible_amount"),
        ]
    );
    assert!(has_row(&l.dataset, "2024-06", "C001") && !has_row(&l.dataset, "2024-06", "C002"));
    assert!(l.issues[0].message(Lang::ZhCn).contains("10 万亿元"), "{}", l.issues[0].message(Lang::ZhCn));
}

#[test]
fn a_read_error_is_a_typed_rejection_in_both_languages() {
    // A source that fails mid-read (a network share dropping): not a "CSV error at line 0".
    let failing = || -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "connection timed out"))
    };
    let managers = || -> std::io::Result<Vec<u8>> { Ok(fx("managers.csv")) };
    let e = load::load_with(
        Inputs { customers: failing, managers, credit_splits: None::<fn() -> std::io::Result<Vec<u8>>> },
        &LoadOptions::default(),
    )
    .expect_err("the read fails");
    assert!(
        matches!(e, LoadError::Read { file: FileKind::Customers, kind: std::io::ErrorKind::TimedOut, .. }),
        "{e:?}"
    );
    assert_eq!(e.message(Lang::En), "customers.csv: cannot read the file: connection timed out");
    assert_eq!(e.message(Lang::ZhCn), "customers.csv：无法读取文件：读取超时");
}
