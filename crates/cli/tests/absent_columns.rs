//! An optional column absent from the export is not an empty cell (issue 11, item 6): the
//! signals that need it are switched off, not fired for everyone, and `check`, `score`,
//! `build` (the methodology and data-quality pages) say which. The explorer's side is in
//! explorer.rs (`explorer_on_an_export_without_last_contact`).

mod common;

use common::*;

const OFF_CONTACT_EN: &str = "NO_CONTACT90/NO_CONTACT180 are off: customers.csv has no last_contact column";
const OFF_COMPLAINTS_EN: &str = "COMPLAINTS1/COMPLAINTS3 are off: customers.csv has no complaints column";
const OFF_CONTACT_ZH: &str = "NO_CONTACT90/NO_CONTACT180 已关闭：customers.csv 没有 last_contact 列";

/// The churn reasons of a score CSV (its churn_reasons column, `|`-separated).
fn reasons(scores: &str) -> Vec<String> {
    let mut rdr = csv::Reader::from_reader(scores.as_bytes());
    let i = rdr.headers().expect("header").iter().position(|h| h == "churn_reasons").expect("churn_reasons");
    rdr.records()
        .flat_map(|r| {
            r.expect("record")[i].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn check_score_and_build_say_which_signals_are_off() {
    let full = copy_sample_data();
    let data = sample_data_without(&["last_contact", "complaints"]);

    // check: the findings, in English and Chinese; nothing of the kind with every column.
    let en = run_args([&"check".as_ref(), &data.path().as_os_str()]);
    assert!(en.stdout.contains("What this export cannot show (for 2026-10):"), "{}", en.stdout);
    assert!(en.stdout.contains(&format!("  ! {OFF_CONTACT_EN}")), "{}", en.stdout);
    assert!(en.stdout.contains(&format!("  ! {OFF_COMPLAINTS_EN}")), "{}", en.stdout);
    let zh = run_args([&"check".as_ref(), &data.path().as_os_str(), &"--lang".as_ref(), &"zh-CN".as_ref()]);
    assert!(zh.stdout.contains("本数据无法给出的内容（2026-10）："), "{}", zh.stdout);
    assert!(zh.stdout.contains(OFF_CONTACT_ZH), "{}", zh.stdout);
    let plain = run_args([&"check".as_ref(), &full.path().as_os_str()]);
    assert!(!plain.stdout.contains("cannot show"), "{}", plain.stdout);

    // score: a note on stderr, and the signals never fire (they do with the columns).
    let out = temp_dir();
    let scores = out.path().join("scores.csv");
    let s = run(branchlens().arg("score").arg(data.path()).arg("--out").arg(&scores));
    s.expect_code(0);
    assert!(s.stderr.contains(&format!("note: {OFF_CONTACT_EN}")), "{}", s.stderr);
    let off = reasons(&read_text(&scores));
    let scores_full = out.path().join("full.csv");
    run(branchlens().arg("score").arg(full.path()).arg("--out").arg(&scores_full)).expect_code(0);
    let on = reasons(&read_text(&scores_full));
    for code in ["NO_CONTACT180", "NO_CONTACT90", "COMPLAINTS1"] {
        assert!(on.iter().any(|r| r == code), "{code} fires on sample-data");
        assert!(!off.iter().any(|r| r == code), "{code} fired without its column");
    }

    // build: the methodology and data-quality pages list them, in the page's language.
    let site = temp_dir();
    let b = build_site(data.path(), &site.path().join("en"), &[]);
    b.expect_code(0);
    assert!(b.stderr.contains(&format!("note: {OFF_COMPLAINTS_EN}")), "{}", b.stderr);
    for page in ["methodology.html", "quality.html"] {
        let html = read_text(&site.path().join("en").join(page));
        assert!(html.contains("<section id=\"findings\" class=\"findings\">"), "{page}");
        // (Pages escape `/` as `&#x2f;`.)
        let esc = |m: &str| m.replace('/', "&#x2f;");
        assert!(html.contains(&esc(OFF_CONTACT_EN)) && html.contains(&esc(OFF_COMPLAINTS_EN)), "{page}");
    }
    build_site(data.path(), &site.path().join("zh"), &["--lang", "zh-CN"]).expect_code(0);
    assert!(read_text(&site.path().join("zh/methodology.html")).contains(&OFF_CONTACT_ZH.replace('/', "&#x2f;")));
    build_site(full.path(), &site.path().join("full"), &[]).expect_code(0);
    assert!(!read_text(&site.path().join("full/methodology.html")).contains("id=\"findings\""));
}

#[test]
fn a_column_only_some_monthly_files_have_is_a_warning() {
    // Two monthly files of sample-data; the later one lacks last_contact.
    let dir = temp_dir();
    let all = read_text(&sample_data_dir().join("customers.csv"));
    let (head, body) = all.split_once('\n').expect("a header");
    let month = |p: &str| {
        let rows: String = body.lines().filter(|l| l.starts_with(p)).map(|l| format!("{l}\n")).collect();
        format!("{head}\n{rows}")
    };
    write(&dir.path().join("m/customers_202511.csv"), month("2025-11"));
    write(&dir.path().join("m/customers_202512.csv"), drop_columns(&month("2025-12"), &["last_contact"]));
    for f in ["managers.csv", "credit_splits.csv"] {
        std::fs::copy(sample_data_dir().join(f), dir.path().join(f)).expect("copy");
    }
    write(&dir.path().join("branchlens.toml"), "[input.customers]\nfiles = [\"m/customers_*.csv\"]\n");
    let c = run_args([&"check".as_ref(), &dir.path().as_os_str()]);
    c.expect_code(1);
    assert!(
        c.stdout.contains(
            "m/customers_202512.csv:1 [last_contact]: this file has no such column, but m/customers_202511.csv has it \
             (1 of 2 files lack it)"
        ),
        "{}",
        c.stdout
    );
    assert!(c.stdout.contains(&format!("  ! {OFF_CONTACT_EN}")), "{}", c.stdout);
}
