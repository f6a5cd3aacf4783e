//! The loader's messages that a real export needs (issue 11, item 6): where an undecodable byte
//! is (line, field, contract column), stale credit splits, over-long text fields.
//! Fixtures: `tests/fixtures/load/`, varied here.

use std::path::PathBuf;

use branchlens_core::config::Lang;
use branchlens_core::{load, DecodeReason, Encoding, FileKind, Inputs, LoadError, LoadOptions, Loaded, Severity};

fn fx(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fx_text(name: &str) -> String {
    String::from_utf8(fx(name)).expect("fixtures are UTF-8")
}

fn try_load(c: &[u8], m: &[u8], s: Option<&[u8]>, enc: Encoding) -> Result<Loaded, LoadError> {
    let opts = LoadOptions { encoding: enc, ..LoadOptions::default() };
    load(Inputs { customers: c, managers: m, credit_splits: s }, &opts)
}

fn err(r: Result<Loaded, LoadError>) -> LoadError {
    match r {
        Ok(l) => panic!("expected a LoadError, got Ok with issues {:#?}", l.issues),
        Err(e) => e,
    }
}

fn gb18030(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

/// `text` with the bytes of `needle` (which occurs once) replaced by `bad`.
fn corrupt(text: &[u8], needle: &str, bad: &[u8]) -> Vec<u8> {
    let n = needle.as_bytes();
    let at = text.windows(n.len()).position(|w| w == n).unwrap_or_else(|| panic!("no {needle}"));
    let mut v = text[..at].to_vec();
    v.extend_from_slice(bad);
    v.extend_from_slice(&text[at + n.len()..]);
    v
}

fn position(e: &LoadError) -> (u64, Option<u32>, Option<&'static str>, DecodeReason) {
    match e {
        LoadError::Undecodable { line, field, column, reason, .. } => (*line, *field, *column, *reason),
        other => panic!("{other:?}"),
    }
}

#[test]
fn auto_detection_names_the_corrupt_byte_of_a_utf8_file_not_its_first_chinese_name() {
    // UTF-8 with Chinese names from line 2 on; one corrupt byte in line 6's products (field 12).
    // Before: GB18030 (tried next) failed at line 2, the first Chinese name.
    let c = corrupt(&fx("customers.csv"), "loan,0,C,substandard", b"lo\xFFan,0,C,substandard");
    let e = err(try_load(&c, &fx("managers.csv"), None, Encoding::Auto));
    let (line, field, column, reason) = position(&e);
    assert_eq!((line, field, column), (7, Some(12), Some("products")));
    assert!(matches!(reason, DecodeReason::InvalidUtf8 { byte: 0xFF, .. }), "{reason:?}");
    assert!(e.message(Lang::En).starts_with("customers.csv:7 [products]: cannot decode the file as UTF-8"), "{e}");
    assert!(e.message(Lang::ZhCn).starts_with("customers.csv 第 7 行 [products]：无法按 UTF-8 解码"), "{e}");
}

#[test]
fn auto_detection_on_ascii_then_bad_bytes_names_the_field() {
    // ASCII up to the bad byte: neither decoder reads it; the place is the same for both.
    let header = fx_text("customers.csv").lines().next().map(str::to_owned).expect("a header");
    let text = format!("{header}\n2024-05,C003,Li,retail,B02,,2024-05-20,100,0,0,0,,0,,,,,,\n");
    let c = corrupt(text.as_bytes(), "C003", b"C0\x80\xFF");
    let e = err(try_load(&c, &fx("managers.csv"), None, Encoding::Auto));
    let (line, field, column, reason) = position(&e);
    assert_eq!((line, field, column, reason), (2, Some(2), Some("customer_id"), DecodeReason::NotUtf8NorGb18030));
    assert!(
        e.message(Lang::En).starts_with("customers.csv:2 [customer_id]: cannot decode the file as UTF-8 or"),
        "{e}"
    );
}

#[test]
fn forced_utf8_names_line_field_and_column() {
    let c = corrupt(&fx("customers.csv"), "王五", b"\xCD\xF5\xCE\xE5");
    let e = err(try_load(&c, &fx("managers.csv"), None, Encoding::Utf8));
    assert_eq!(position(&e).0..=position(&e).0, 9..=9);
    assert_eq!((position(&e).1, position(&e).2), (Some(3), Some("name")));
}

#[test]
fn forced_gbk_names_line_field_and_column_past_quotes_and_multiline_fields() {
    // GBK text; a quoted deposit with a comma on line 2, a quoted name over two lines on line 3;
    // 0xFF (never valid in GB18030) in line 5's open_date (its 7th field).
    let text = fx_text("customers.csv")
        .replace("C001,张三,retail,B01,M02,2019-01-15,50000", "C001,\"张\n三\",retail,B01,M02,2019-01-15,50000");
    let c = corrupt(&gb18030(&text), "2024-05-20", b"2024-05-\xFF0");
    let e = err(try_load(&c, &gb18030(&fx_text("managers.csv")), None, Encoding::Gb18030));
    let (line, field, column, reason) = position(&e);
    assert_eq!((line, field, column), (6, Some(7), Some("open_date")));
    assert!(matches!(reason, DecodeReason::InvalidGb18030 { byte: 0xFF, .. }), "{reason:?}");
    let en = e.message(Lang::En);
    assert!(
        en.starts_with("customers.csv:6 [open_date]: cannot decode the file as GB18030/GBK: invalid byte 0xFF"),
        "{en}"
    );
    assert!(e.message(Lang::ZhCn).starts_with("customers.csv 第 6 行 [open_date]：无法按 GB18030/GBK 解码"), "{e}");
}

#[test]
fn a_bad_byte_in_the_header_or_an_unmapped_column_names_the_field() {
    // In the header (line 1): the field, no column.
    let c = corrupt(&fx("customers.csv"), "open_date", b"open\xFFdate");
    let e = err(try_load(&c, &fx("managers.csv"), None, Encoding::Utf8));
    assert_eq!(position(&e).0..=position(&e).0, 1..=1);
    assert_eq!((position(&e).1, position(&e).2), (Some(7), None));
    assert!(e.message(Lang::En).starts_with("customers.csv:1 [field 7]: cannot decode"), "{e}");
    assert!(e.message(Lang::ZhCn).starts_with("customers.csv 第 1 行 [第 7 个字段]："), "{e}");
    // Below a header field that is not a contract column: the field.
    let text = fx_text("customers.csv").replacen("phone\n", "phone,证件号码\n", 1);
    let c = corrupt(text.as_bytes(), "13800000000\n2024-05", b"13800000000,\xFF\n2024-05");
    let e = err(try_load(&c, &fx("managers.csv"), None, Encoding::Utf8));
    let (line, field, column, _) = position(&e);
    assert_eq!((line, field, column), (3, Some(20), None));
    // Old Mac line breaks (a lone \r) count as lines, as the record reader counts them.
    let c = corrupt(
        &fx("customers.csv").iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect::<Vec<_>>(),
        "C004",
        b"C\xFF04",
    );
    let (line, field, column, _) = position(&err(try_load(&c, &fx("managers.csv"), None, Encoding::Utf8)));
    assert_eq!((line, field, column), (6, Some(2), Some("customer_id")));
    assert_eq!(FileKind::Customers.file_name(), "customers.csv");
}

fn issues(l: &Loaded) -> Vec<(FileKind, u64, &'static str, &'static str, Severity)> {
    l.issues.iter().map(|i| (i.file.kind, i.line, i.column.unwrap_or(""), i.kind.code(), i.severity)).collect()
}

#[test]
fn stale_splits_are_warnings_dropped_and_the_other_shares_rechecked() {
    use FileKind::CreditSplits as S;
    use Severity::Warning as W;
    // C002: 0.6 to M01, 0.4 to M99 (left the bank): without the stale split C002's shares sum
    // to 0.6, so its splits are dropped too (a warning). C001: 1.0 to M01 and a stale 0.5 to a
    // gone customer C404. C004: 0.5 + 0.5, one of them stale (M77): 0.5 left, dropped.
    let s = "customer_id,manager_id,share\nC002,M01,0.6\nC002,M99,0.4\nC001,M01,1\nC404,M01,0.5\nC004,M03,0.5\nC004,M77,0.5\n";
    let l = load(
        Inputs {
            customers: &fx("customers.csv")[..],
            managers: &fx("managers.csv")[..],
            credit_splits: Some(s.as_bytes()),
        },
        &LoadOptions::default(),
    )
    .expect("stale splits never fail the load");
    assert_eq!(
        issues(&l),
        vec![
            (S, 2, "share", "shares_sum_after_drop", W),
            (S, 3, "manager_id", "unknown_manager", W),
            (S, 5, "customer_id", "unknown_customer", W),
            (S, 6, "share", "shares_sum_after_drop", W),
            (S, 7, "manager_id", "unknown_manager", W),
        ]
    );
    let ds = &l.dataset;
    let kept: Vec<(&str, &str)> =
        ds.splits.iter().map(|s| (ds.customer_id(s.customer), ds.manager_id(s.manager))).collect();
    assert_eq!(kept, vec![("C001", "M01")]);
    // Nothing counts as skipped: the 1% rule is not touched, even on a 6-row file.
    assert_eq!(l.files.iter().find(|f| f.file == S).map(|f| f.skipped), Some(0));
    assert_eq!(l.verdict(false, 0.01), Ok(()));
    let m =
        |line: u64, lang: Lang| l.issues.iter().find(|i| i.line == line).map(|i| i.message(lang)).unwrap_or_default();
    assert_eq!(
        m(3, Lang::En),
        "credit_splits.csv:3 [manager_id]: manager 'M99' is not in managers.csv (a stale split?); split dropped"
    );
    assert_eq!(
        m(5, Lang::ZhCn),
        "credit_splits.csv 第 5 行 [customer_id]：客户“C404”不在 customers.csv 中（可能是过期的分成），已舍弃该分成"
    );
    assert_eq!(
        m(2, Lang::En),
        "credit_splits.csv:2 [share]: shares of customer C002 sum to 0.600 once its stale splits are dropped, not 1; \
         all splits of this customer dropped (credited to its manager of record)"
    );
    assert!(m(2, Lang::ZhCn)
        .starts_with("credit_splits.csv 第 2 行 [share]：舍弃过期分成后，客户 C002 的分成比例之和为 0.600"));
    // Without a stale split, a wrong sum stays the error it was.
    let s = "customer_id,manager_id,share\nC002,M01,0.6\nC002,M02,0.3\n";
    let l = load(
        Inputs {
            customers: &fx("customers.csv")[..],
            managers: &fx("managers.csv")[..],
            credit_splits: Some(s.as_bytes()),
        },
        &LoadOptions::default(),
    )
    .expect("loads");
    assert_eq!(
        issues(&l),
        vec![(S, 2, "share", "shares_sum", Severity::Error), (S, 3, "share", "shares_sum", Severity::Error)]
    );
}

#[test]
fn a_text_over_1000_characters_is_a_warning_with_the_value_clipped() {
    // 1,000 characters are fine; 1,001 (Chinese, 3 bytes each) are a warning; the row is kept.
    let ok_name = "名".repeat(1000);
    let long = "长".repeat(1001);
    let text =
        fx_text("customers.csv").replacen("张三,retail", &format!("{ok_name},retail"), 1).replacen("李四", &long, 1);
    let l = try_load(text.as_bytes(), &fx("managers.csv"), None, Encoding::Auto).expect("loads");
    assert_eq!(issues(&l), vec![(FileKind::Customers, 5, "name", "long_text", Severity::Warning)]);
    assert_eq!(l.dataset.customers.len(), 8, "the row is kept");
    let en = l.issues[0].message(Lang::En);
    assert_eq!(
        en,
        format!("customers.csv:5 [name]: a text of 1001 characters ('{}…'): likely a broken export (a quote never closed?); value kept", "长".repeat(80))
    );
    assert!(l.issues[0].message(Lang::ZhCn).starts_with("customers.csv 第 5 行 [name]：文本长达 1001 个字符"));
    // A long number is a bad number, not also a long text; managers.csv is checked too.
    let m = fx_text("managers.csv").replacen("senior", &"s".repeat(1200), 1);
    let l = try_load(&fx("customers.csv"), m.as_bytes(), None, Encoding::Auto).expect("loads");
    assert_eq!(issues(&l), vec![(FileKind::Managers, 2, "grade", "long_text", Severity::Warning)]);
}
