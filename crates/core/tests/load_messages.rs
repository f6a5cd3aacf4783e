//! The loader's messages that a real export needs (issue 11, item 6): where an undecodable byte
//! is (line, field, contract column), stale credit splits, over-long text fields.
//! Fixtures: `tests/fixtures/load/`, varied here.

use std::path::PathBuf;

use branchlens_core::config::Lang;
use branchlens_core::{load, DecodeReason, Encoding, FileKind, Inputs, LoadError, LoadOptions, Loaded};

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
    assert!(e.message(Lang::En).starts_with("customers.csv:2 [customer_id]: cannot decode the file as UTF-8 or"), "{e}");
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
    assert!(en.starts_with("customers.csv:6 [open_date]: cannot decode the file as GB18030/GBK: invalid byte 0xFF"), "{en}");
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
    let c = corrupt(&fx("customers.csv").iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect::<Vec<_>>(),
        "C004", b"C\xFF04");
    let (line, field, column, _) = position(&err(try_load(&c, &fx("managers.csv"), None, Encoding::Utf8)));
    assert_eq!((line, field, column), (6, Some(2), Some("customer_id")));
    assert_eq!(FileKind::Customers.file_name(), "customers.csv");
}
