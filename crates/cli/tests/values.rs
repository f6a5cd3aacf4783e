//! Platform values (issue 11, item 4): a data directory in contract form but with the values a
//! bank's platform exports (正常类, 个人客户, 制造业, C31, 在职, 20240531, product codes mapped by
//! `[values.products]`) checks clean and scores byte-identically to the same data with contract
//! values.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{copy_fixture, fixture_dir, read, read_text, run, temp_dir, write};

/// `YYYY-MM-DD` dates in `text` rewritten by `f(year, month, day)`.
fn rewrite_dates(text: &str, f: impl Fn(&str, &str, &str) -> String) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let date = b.get(i..i + 10).filter(|w| {
            w.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() })
        });
        match date {
            Some(_) => {
                out.push_str(&f(&text[i..i + 4], &text[i + 5..i + 7], &text[i + 8..i + 10]));
                i += 10;
            }
            None => {
                let ch = text[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// The clean fixture with platform values instead of contract values.
fn platform_dir() -> tempfile::TempDir {
    let dir = copy_fixture("clean");
    let customers = read_text(&fixture_dir("clean").join("customers.csv"));
    let mut c = rewrite_dates(&customers, |y, m, d| format!("{y}{m}{d}"));
    for (from, to) in [
        ("\n2024-05,", "\n20240531,"),
        ("\n2024-06,", "\n202406,"),
        (",retail,", ",个人客户,"),
        (",corporate,B01,", ",单位客户,B01,"),
        (",corporate,B02,", ",对公,B02,"),
        (",F,normal,", ",批发和零售业,正常类,"),
        (",C,special,", ",C3110,关注类,"),
        ("deposit", "D01"),
        ("card", "银行卡"),
    ] {
        assert!(c.contains(from), "{from}");
        c = c.replace(from, to);
    }
    // The header stays (its `deposit_avg` is not a product code).
    let header = customers.lines().next().unwrap();
    let c = c.replacen(&header.replace("deposit", "D01"), header, 1);
    write(&dir.path().join("customers.csv"), c);
    let managers = read_text(&fixture_dir("clean").join("managers.csv"));
    let m = rewrite_dates(&managers, |y, m, d| format!("{y}/{m}/{d}")).replace(",active", ",在职");
    write(&dir.path().join("managers.csv"), m);
    write(&dir.path().join("branchlens.toml"), "[values.products]\n\"D01\" = \"deposit\"\n\"银行卡\" = \"card\"\n");
    dir
}

fn check(dir: &Path) -> common::Run {
    run(common::branchlens().arg("check").arg(dir))
}

fn score(dir: &Path, out: &Path) {
    run(common::branchlens().arg("score").arg(dir).arg("--out").arg(out)).expect_code(0);
}

#[test]
fn platform_values_score_like_contract_values() {
    let platform = platform_dir();
    let text = read_text(&platform.path().join("customers.csv"));
    assert!(text.contains("个人客户") && text.contains("C3110") && text.contains("20240531"), "{text}");
    let contract = check(&fixture_dir("clean"));
    let mapped = check(platform.path());
    assert_eq!(mapped.code, contract.code, "{}", mapped.stdout);
    assert!(!mapped.stdout.contains("bad_enum") && !mapped.stdout.contains("Value not allowed"), "{}", mapped.stdout);
    let (out_a, out_b) = (temp_dir(), temp_dir());
    let (a, b) = (out_a.path().join("scores.csv"), out_b.path().join("scores.csv"));
    score(&fixture_dir("clean"), &a);
    score(platform.path(), &b);
    assert!(!read(&a).is_empty());
    assert_eq!(read_text(&b), read_text(&a));
    for (x, y) in [(out_a.path(), out_b.path())] {
        let names: Vec<String> = common::entries(x);
        assert_eq!(names, common::entries(y));
        for n in names {
            assert_eq!(read(&y.join(&n)), read(&x.join(&n)), "{n}");
        }
    }
}

#[test]
fn a_bad_value_map_is_refused_with_its_line() {
    let platform = platform_dir();
    write(
        &platform.path().join("branchlens.toml"),
        "[values.products]\n\"D01\" = \"deposit\"\n\n[values.kind]\n\"私行\" = \"对私\"\n",
    );
    let r = check(platform.path());
    r.expect_code(2).stderr_has(&["values.kind.\"私行\"", "(line 5)", "did you mean \"retail\"?"]);
}
