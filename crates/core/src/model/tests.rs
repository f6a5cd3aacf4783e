use super::*;

#[test]
fn period_roundtrip() {
    let p = Period::parse("2026-10").expect("valid");
    assert_eq!(p.to_string(), "2026-10");
    assert_eq!(p.year_before().map(|p| p.to_string()).as_deref(), Some("2025-10"));
    assert_eq!(
        Period::parse("2026-01").and_then(Period::month_before).map(|p| p.to_string()).as_deref(),
        Some("2025-12")
    );
    assert_eq!(Period::parse("202610"), Some(p));
    assert_eq!(Period::parse("2026-13"), None);
    assert_eq!(Period::parse("2026-1"), None);
    assert_eq!(p.last_day().to_string(), "2026-10-31");
}

#[test]
fn dates() {
    assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
    assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
    assert_eq!(Date::parse("2024-02-30"), None);
    assert_eq!(Date::parse("2023-02-29"), None);
    assert_eq!(Date::parse("2000-02-29").map(|d| d.ymd()), Some((2000, 2, 29)));
    assert_eq!(Date::parse("1900-02-29"), None);
    assert_eq!(Date::parse("20261031"), Date::parse("2026-10-31"));
    // 2026-10-31 minus 2026-08-02 = 29 (Aug rest) + 30 (Sep) + 31 (Oct) = 90 days
    let a = Date::parse("2026-08-02").expect("valid");
    let b = Date::parse("2026-10-31").expect("valid");
    assert_eq!(b.0 - a.0, 90);
    for d in (-800_000..2_900_000).step_by(997) {
        let (y, m, dd) = Date(d).ymd();
        if (1900..=9999).contains(&y) {
            assert_eq!(Date::from_ymd(y, m, dd), Some(Date(d)));
        }
    }
}

#[test]
fn amounts() {
    assert_eq!(Amount::parse("1,234,567.89"), Some(Amount(123_456_789)));
    assert_eq!(Amount::parse("-12.5"), Some(Amount(-1250)));
    assert_eq!(Amount::parse("0.005"), Some(Amount(1)));
    assert_eq!(Amount::parse("0.004"), Some(Amount(0)));
    assert_eq!(Amount::parse(".5"), Some(Amount(50)));
    assert_eq!(Amount::parse("7"), Some(Amount(700)));
    assert_eq!(Amount::parse("1,23"), None);
    assert_eq!(Amount::parse("12a"), None);
    assert_eq!(Amount::parse(""), None);
    assert_eq!(Amount::parse("-"), None);
    assert_eq!(Amount::parse("1e5"), None);
    assert_eq!(Amount::parse("99999999999999999999"), None);
    assert_eq!(Amount(-1250).to_string(), "-12.50");
}

#[test]
fn interner_sorted_after_finish() {
    let mut i = Interner::new();
    let b = i.intern("b");
    let a = i.intern("a");
    let c = i.intern("c");
    assert_eq!(i.intern("b"), b);
    let map = i.finish();
    assert_eq!(map[a.index()], Sym(0));
    assert_eq!(map[b.index()], Sym(1));
    assert_eq!(map[c.index()], Sym(2));
    assert_eq!(i.resolve(Sym(2)), "c");
    assert_eq!(i.get("a"), Some(Sym(0)));
}

proptest::proptest! {
    /// The prefix-keyed sort of `finish` gives plain string order, also for strings that
    /// share their first 16 bytes, are prefixes of one another, are empty or hold NULs.
    #[test]
    fn interner_finish_is_string_order(
        words in proptest::collection::vec("(0123456789abcdef|客户){0,2}[a\\x00é]{0,3}", 0..40)
    ) {
        let mut i = Interner::new();
        let syms: Vec<Sym> = words.iter().map(|w| i.intern(w)).collect();
        let map = i.finish();
        let mut want: Vec<&str> = words.iter().map(String::as_str).collect();
        want.sort_unstable();
        want.dedup();
        proptest::prop_assert!(i.iter().map(|(_, s)| s).eq(want.iter().copied()));
        for (w, s) in words.iter().zip(syms) {
            proptest::prop_assert_eq!(i.resolve(map[s.index()]), w.as_str());
            proptest::prop_assert_eq!(i.get(w), Some(map[s.index()]));
        }
    }
}

#[test]
fn enums_accept_chinese() {
    assert_eq!(Kind::parse("对公"), Some(Kind::Corporate));
    assert_eq!(Kind::parse("Retail"), Some(Kind::Retail));
    assert_eq!(LoanClass::parse("次级"), Some(LoanClass::Substandard));
    assert_eq!(Status::parse("离岗"), Some(Status::Left));
    assert_eq!(Industry::parse("c").map(Industry::letter), Some('C'));
    assert_eq!(Industry::parse("U"), None);
}

#[test]
fn kinds_of_bank_exports() {
    for s in ["retail", "RETAIL", "对私", "个人", "个人客户", "零售", "对私客户", "零售客户", " 个人客户 "]
    {
        assert_eq!(Kind::parse(s), Some(Kind::Retail), "{s}");
    }
    for s in ["corporate", "Corporate", "对公", "公司", "公司客户", "单位", "单位客户", "企业", "对公客户", "企业客户"]
    {
        assert_eq!(Kind::parse(s), Some(Kind::Corporate), "{s}");
    }
    for s in ["", "private", "个", "客户", "机构", "同业"] {
        assert_eq!(Kind::parse(s), None, "{s}");
    }
    assert_eq!(Kind::from_code("retail"), Some(Kind::Retail));
    assert_eq!(Kind::from_code("corporate"), Some(Kind::Corporate));
    assert_eq!(Kind::from_code("Retail"), None, "a map target is the exact code");
    assert_eq!(Kind::from_code("对私"), None);
}

#[test]
fn loan_classes_of_bank_exports() {
    use LoanClass::*;
    let cases = [
        (Normal, ["normal", "Pass", "正常", "正常类", "1"]),
        (Special, ["special", "Special Mention", "关注", "关注类", "2"]),
        (Substandard, ["substandard", "SUBSTANDARD", "次级", "次级类", "3"]),
        (Doubtful, ["doubtful", "Doubtful", "可疑", "可疑类", "4"]),
        (Loss, ["loss", "LOSS", "损失", "损失类", "5"]),
    ];
    for (class, forms) in cases {
        for s in forms {
            assert_eq!(LoanClass::parse(s), Some(class), "{s}");
        }
        assert_eq!(LoanClass::from_code(class.code()), Some(class));
    }
    for s in ["", "0", "6", "01", "1.0", "正常级", "类", "不良"] {
        assert_eq!(LoanClass::parse(s), None, "{s}");
    }
    assert_eq!(LoanClass::from_code("正常"), None);
    assert_eq!(LoanClass::from_code("1"), None);
}

#[test]
fn statuses_of_bank_exports() {
    for s in ["active", "Active", "在岗", "在职"] {
        assert_eq!(Status::parse(s), Some(Status::Active), "{s}");
    }
    for s in ["left", "LEFT", "离岗", "离职"] {
        assert_eq!(Status::parse(s), Some(Status::Left), "{s}");
    }
    for s in ["", "retired", "退休", "在"] {
        assert_eq!(Status::parse(s), None, "{s}");
    }
    assert_eq!(Status::from_code("left"), Some(Status::Left));
    assert_eq!(Status::from_code("离职"), None);
}

#[test]
fn date_and_period_forms() {
    let d = Date::parse("2024-12-31");
    assert!(d.is_some());
    for s in ["20241231", "2024/12/31", " 2024-12-31 "] {
        assert_eq!(Date::parse(s), d, "{s}");
    }
    for s in ["2024-12-32", "20240230", "2024/02/30", "2024-12/31", "2024.12.31", "241231", "2024-1-31", "2024123"] {
        assert_eq!(Date::parse(s), None, "{s}");
    }
    let p = Period::parse("2024-12");
    assert!(p.is_some());
    for s in ["202412", "2024/12", " 2024-12 "] {
        assert_eq!(Period::parse(s), p, "{s}");
    }
    for s in ["2024-13", "202400", "2024.12", "2024-1", "20241", "20241231"] {
        assert_eq!(Period::parse(s), None, "{s}");
    }
}

#[test]
fn a_period_column_accepts_a_full_date() {
    let p = Period::parse("2024-12");
    for s in ["2024-12", "202412", "2024/12", "20241231", "2024-12-31", "2024/12/31", "20241201", "2024-12-15"] {
        assert_eq!(Period::parse_or_date_bytes(s.as_bytes()), p, "{s}");
    }
    assert_eq!(Period::parse_or_date_bytes(b"20240229"), Period::parse("2024-02"));
    for s in ["20240230", "20231301", "2024-12-32", "2024-13", "2024", ""] {
        assert_eq!(Period::parse_or_date_bytes(s.as_bytes()), None, "{s}");
    }
}
