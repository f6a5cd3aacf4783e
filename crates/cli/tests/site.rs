//! End-to-end tests of built sites: the real `branchlens build` on `sample-data/`, then every
//! page opened in real headless Chromium (`crates/cli/tests/browser/check-site.mjs`), and the files on disk
//! searched for personal data, other branches' customers, nondeterminism and leftovers.
//!
//! The browser checks need `node`, `/usr/bin/chromium` and `tests/browser/node_modules`: when
//! one is missing the tests FAIL and say to run `bash scripts/setup.sh --browser`.
//!
//! Sites that several tests read are built once per test process under
//! `<target>/e2e-sites/NAME` (rebuilt on every run; two runs of this test binary must not share
//! a target directory at the same time).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{
    build_site, check_site, copy_sample_data, entries, files_under, read, read_text, sample_data_dir, target_dir,
    temp_dir, write, Run,
};

/// The latest period of `sample-data/` and the one before it.
const LATEST: &str = "2026-10";
const BEFORE: &str = "2026-09";

// ---------------------------------------------------------------------------------------------
// helpers

/// Builds `data` into `<target>/e2e-sites/NAME` (removing an earlier one) and asserts success.
fn build_shared(name: &str, data: &Path, args: &[&str]) -> PathBuf {
    let root = target_dir().join("e2e-sites");
    let dir = root.join(name);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot remove {}: {e}", dir.display()),
    }
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("cannot create {}: {e}", root.display()));
    build_site(data, &dir, args).expect_code(0);
    assert!(dir.join("index.html").is_file() || args.contains(&"--split-by"), "no index.html in {}", dir.display());
    dir
}

/// `sample-data/` built with default options.
fn default_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_shared("default", &sample_data_dir(), &[]))
}

/// `sample-data/` built in Chinese with amounts in 万元.
fn zh_wan_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_shared("zh-wan", &sample_data_dir(), &["--lang", "zh-CN", "--unit", "wan"]))
}

/// `sample-data/` built with `--no-mask`.
fn unmasked_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_shared("no-mask", &sample_data_dir(), &["--no-mask"]))
}

/// `sample-data/` built with `--split-by branch`: one site per branch plus a head-office site.
fn split_root() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_shared("split", &sample_data_dir(), &["--split-by", "branch"]))
}

/// Asserts that check-site.mjs passed, showing its whole report otherwise.
#[track_caller]
fn assert_pages_pass(run: &Run, what: &str) -> usize {
    assert_eq!(
        run.code,
        Some(0),
        "browser check of {what} failed\n--- stdout ---\n{}\n--- stderr ---\n{}",
        run.stdout,
        run.stderr
    );
    pages_checked(run)
}

/// The page count of check-site.mjs's last line, "checked N pages (…): ok".
fn pages_checked(run: &Run) -> usize {
    run.stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("checked ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no page count in check-site output:\n{}", run.stdout))
}

/// The `.html` files of a site.
fn html_pages(site: &Path) -> Vec<PathBuf> {
    files_under(site).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")).collect()
}

/// The rows of a CSV file as maps column → value (the csv crate; headers as in the file).
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader.headers().expect("a CSV header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("bad CSV row in {}: {e}", path.display()));
            headers.iter().zip(r.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect()
        })
        .collect()
}

/// A file's text with the escapes a page or a JSON/JS bundle may use for non-ASCII text undone
/// (`\uXXXX`, `&#xHHHH;`, `&#DDDD;`), so that a name cannot hide from a byte search behind an
/// escape. Non-UTF-8 bytes are replaced (binary assets hold no text worth finding).
fn unescaped_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(pos) = rest.find(['\\', '&']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let decoded = if let Some(hex) = rest.strip_prefix("\\u").and_then(|r| r.get(..4)) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(|c| (c, 6))
        } else if let Some(r) = rest.strip_prefix("&#x").or_else(|| rest.strip_prefix("&#X")) {
            r.find(';')
                .filter(|&n| n <= 6)
                .and_then(|n| u32::from_str_radix(&r[..n], 16).ok().and_then(char::from_u32).map(|c| (c, 3 + n + 1)))
        } else if let Some(r) = rest.strip_prefix("&#") {
            r.find(';')
                .filter(|&n| n <= 7)
                .and_then(|n| r[..n].parse::<u32>().ok().and_then(char::from_u32).map(|c| (c, 2 + n + 1)))
        } else {
            None
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The bytes of the base64 (RFC 4648, standard alphabet, padding optional) runs of at least 64
/// characters in `text`: the explorer's data bundle and the wasm module are embedded in `.js`
/// files this way, and personal data inside them must be found too. (A few lines rather than a
/// new dependency: the test only decodes, and a wrong decoder fails the `--no-mask` control.)
fn base64_payloads(text: &str) -> Vec<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::new();
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/')) {
        if run.len() < 64 {
            continue;
        }
        let mut bytes = Vec::with_capacity(run.len() / 4 * 3 + 3);
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in run.bytes() {
            acc = (acc << 6) | value(c).expect("the run holds base64 letters only");
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                bytes.push(((acc >> bits) & 0xff) as u8);
            }
        }
        out.push(bytes);
    }
    out
}

/// A file's searchable text: [`unescaped_text`] of its bytes, followed by the decoded base64
/// payloads it embeds (each after a NUL).
fn searchable_text(bytes: &[u8]) -> String {
    let mut text = unescaped_text(bytes);
    for payload in base64_payloads(&text.clone()) {
        text.push('\0');
        text.push_str(&String::from_utf8_lossy(&payload));
    }
    text
}

/// Every maximal run of ASCII letters/digits/`_`/`-` in `text`: customer, branch and manager ids.
fn ascii_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).filter(|t| !t.is_empty())
}

/// Every maximal run of ASCII digits in `text` (a phone number is a whole run: `\n138…` or
/// `tel:138…` still show it, `9138…` is another number).
fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty())
}

/// Where any of `needles` (non-empty strings) occurs in `text`: the needles found, sorted.
/// Substring search, started only at characters that begin some needle (fast enough for the
/// megabytes of a site in a debug build).
fn find_substrings<'a>(text: &str, needles: &'a BTreeSet<String>) -> BTreeSet<&'a str> {
    let mut by_first: BTreeMap<char, Vec<&'a str>> = BTreeMap::new();
    for n in needles {
        if let Some(c) = n.chars().next() {
            by_first.entry(c).or_default().push(n);
        }
    }
    let mut found = BTreeSet::new();
    for (i, c) in text.char_indices() {
        if let Some(cands) = by_first.get(&c) {
            for n in cands {
                if text[i..].starts_with(n) {
                    found.insert(*n);
                }
            }
        }
    }
    found
}

/// Personal data of `sample-data/customers.csv` that a default site must not show.
struct Personal {
    /// Full customer names (retail and corporate) that cannot occur in a site for any other
    /// reason; see [`personal_data`].
    names: BTreeSet<String>,
    /// Phone numbers (11 digits in the sample).
    phones: HashSet<String>,
}

/// Reads the customer names and phone numbers of `sample-data/` (the csv crate).
///
/// A default site legitimately shows some text that may equal a customer name, so such names
/// are left out of the search, or the test would fail for no leak:
/// - names shorter than 2 characters (a 1-character name is the masked form's own first
///   character, `张**`);
/// - names that occur inside a manager's name (manager names are not masked: a 2-character
///   customer name such as `王芳` may be part of manager `王芳菲`), or inside another customer's
///   masked form (a corporate name keeps its first 2 characters: `华兴**` contains a retail
///   customer named `华兴`);
/// - names that occur in the site built from data whose customer names were all replaced (see
///   `control_text`): interface text, industry names and the like.
///
/// Phones are matched as whole digit runs (a phone inside a longer number is not a phone).
fn personal_data(control_text: &str) -> Personal {
    let customers = read_csv(&sample_data_dir().join("customers.csv"));
    let managers = read_csv(&sample_data_dir().join("managers.csv"));
    let manager_names: Vec<&str> = managers.iter().map(|m| m["name"].as_str()).collect();
    let mut masked_prefixes: BTreeSet<String> = BTreeSet::new();
    let mut all_names = BTreeSet::new();
    let mut phones = HashSet::new();
    for c in &customers {
        let name = c["name"].trim();
        let keep = if c["kind"] == "corporate" { 2 } else { 1 };
        masked_prefixes.insert(name.chars().take(keep).collect());
        all_names.insert(name.to_owned());
        let phone = c["phone"].trim();
        if !phone.is_empty() {
            phones.insert(phone.to_owned());
        }
    }
    let names = all_names
        .into_iter()
        .filter(|n| n.chars().count() >= 2)
        .filter(|n| !manager_names.iter().any(|m| m.contains(n.as_str())))
        .filter(|n| !masked_prefixes.iter().any(|p| p.contains(n.as_str())))
        .filter(|n| !control_text.contains(n.as_str()))
        .collect();
    Personal { names, phones }
}

/// Customer names and phones found in the files of `site`: file → what was found.
fn personal_data_in(site: &Path, personal: &Personal) -> BTreeMap<PathBuf, Vec<String>> {
    let mut out = BTreeMap::new();
    for rel in files_under(site) {
        let text = searchable_text(&read(&site.join(&rel)));
        let mut hits: Vec<String> = find_substrings(&text, &personal.names).into_iter().map(str::to_owned).collect();
        let phones: BTreeSet<&str> = digit_runs(&text).filter(|t| personal.phones.contains(*t)).collect();
        hits.extend(phones.into_iter().map(str::to_owned));
        if !hits.is_empty() {
            out.insert(rel, hits);
        }
    }
    out
}

/// The whole text of every file of `site`, unescaped, concatenated (separated by NUL).
fn site_text(site: &Path) -> String {
    files_under(site).iter().map(|rel| searchable_text(&read(&site.join(rel)))).collect::<Vec<_>>().join("\0")
}

/// Personal data of sample-data, minus what a site shows anyway (built once per process).
fn sample_personal_data() -> &'static Personal {
    static P: OnceLock<Personal> = OnceLock::new();
    P.get_or_init(|| {
        // The control: sample-data with every customer name replaced by a neutral token and
        // every phone emptied; whatever customer name still occurs in its site is text the
        // site shows for another reason.
        let data = copy_sample_data();
        let path = data.path().join("customers.csv");
        let mut reader = csv::Reader::from_path(&path).expect("customers.csv of the copy");
        let headers = reader.headers().expect("a header").clone();
        let name_col = headers.iter().position(|h| h == "name").expect("a name column");
        let phone_col = headers.iter().position(|h| h == "phone").expect("a phone column");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).expect("write header");
        for (i, r) in reader.records().enumerate() {
            let r = r.expect("a sample row");
            let row: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(col, v)| match col {
                    c if c == name_col => format!("N{i}"),
                    c if c == phone_col => String::new(),
                    _ => v.to_owned(),
                })
                .collect();
            writer.write_record(&row).expect("write row");
        }
        write(&path, writer.into_inner().expect("flush"));
        let site = temp_dir();
        let out = site.path().join("site");
        build_site(data.path(), &out, &["--no-mask"]).expect_code(0);
        personal_data(&site_text(&out))
    })
}

/// Asserts that two directory trees hold the same files with the same bytes.
#[track_caller]
fn assert_same_tree(a: &Path, b: &Path) {
    let fa = files_under(a);
    let fb = files_under(b);
    assert_eq!(fa, fb, "the two builds hold different files");
    for rel in &fa {
        let (x, y) = (read(&a.join(rel)), read(&b.join(rel)));
        if x != y {
            let at = x.iter().zip(&y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
            let show =
                |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(60)..(at + 60).min(v.len())]).into_owned();
            panic!(
                "{} differs between the two builds at byte {at} (lengths {} and {}):\n  {:?}\n  {:?}",
                rel.display(),
                x.len(),
                y.len(),
                show(&x),
                show(&y)
            );
        }
    }
}

/// A snapshot of a tree: relative path → bytes.
fn tree_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir).into_iter().map(|rel| (rel.clone(), read(&dir.join(rel)))).collect()
}

// ---------------------------------------------------------------------------------------------
// the checker itself: it passes a clean site and catches every kind of fault

const GOOD_INDEX: &str = r##"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:">
<title>Overview</title><link rel="stylesheet" href="assets/style.css"><script src="data/bundle.js"></script></head>
<body><h1 id="top">Overview</h1><a href="branches/B01.html#k">B01</a> <a href="#top">top</a>
<a href="https://example.com/">a link out is not a request</a></body></html>"##;
const GOOD_BRANCH: &str = r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>B01</title>
<link rel="stylesheet" href="../assets/style.css"></head><body><p id="k">x</p><a href="../index.html">back</a></body></html>"##;
const BAD_INDEX: &str = r##"<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; img-src 'self' data:">
<link rel="stylesheet" href="assets/missing.css"><script src="assets/app.js"></script></head>
<body><a href="sub/">a directory</a> <a href="nope.html">missing page</a> <a href="sub/p.html#nowhere">missing anchor</a>
<a href="../../outside.html">leaves the site</a><img src="https://cdn.example.invalid/x.png">
<script>console.log('inline, blocked by the CSP')</script></body></html>"##;
const BAD_APP_JS: &str = "console.error('boom');\nsetTimeout(() => { throw new Error('uncaught!'); }, 10);\n";
const BAD_SUB: &str = r#"<!doctype html><html lang="en"><head><title></title></head><body><img src="gone.png">
<p>{{ total }}: NaN</p></body></html>"#;

#[test]
fn checker_passes_a_clean_site_and_reports_every_fault() {
    let dir = temp_dir();
    let good = dir.path().join("good");
    write(&good.join("index.html"), GOOD_INDEX);
    write(&good.join("branches/B01.html"), GOOD_BRANCH);
    write(&good.join("assets/style.css"), "body { color: #222 }\n");
    write(&good.join("data/bundle.js"), "window.BUNDLE = { a: 1 };\n");
    for mode in [&[][..], &["--http"][..]] {
        let run = check_site(&good, &[&["--lang", "en"][..], mode].concat());
        assert_eq!(assert_pages_pass(&run, "the clean hand-made site"), 2);
    }

    let bad = dir.path().join("bad");
    write(&bad.join("index.html"), BAD_INDEX);
    write(&bad.join("assets/app.js"), BAD_APP_JS);
    write(&bad.join("sub/p.html"), BAD_SUB);
    for mode in [&[][..], &["--http"][..]] {
        let run = check_site(&bad, mode);
        assert_eq!(run.code, Some(1), "the faulty site passed:\n{}\n{}", run.stdout, run.stderr);
        assert_eq!(pages_checked(&run), 2);
        for expected in [
            "console error: boom",
            "uncaught exception: uncaught!",
            "CSP violation: img-src blocked https://cdn.example.invalid/x.png",
            "CSP violation: script-src-elem blocked inline",
            "request outside the site: https://cdn.example.invalid/x.png",
            "resource outside the site: https://cdn.example.invalid/x.png",
            "missing resource: assets/missing.css",
            "missing resource: gone.png",
            "broken link: sub/",
            "broken link: nope.html",
            "link leaves the site: ../../outside.html",
            "link to a missing anchor: sub/p.html#nowhere",
            "<html> has no lang attribute",
            "no <title> (or an empty one)",
            r#"the rendered page shows "NaN""#,
            r#"the rendered page shows "{{""#,
        ] {
            assert!(run.stderr.contains(expected), "check-site did not report {expected:?}:\n{}", run.stderr);
        }
    }
    let run = check_site(&good, &["--lang", "zh-CN"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(r#"<html lang="en">, expected "zh-CN""#), "{}", run.stderr);
}

/// See `privacy_search_sees_through_escapes_and_respects_digit_boundaries`.
const BASE64_SAMPLE: &str = "QkxCTkRMAQnmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejignmnpfls7Dno4oJ5p6X5bOw56OKCeael+WzsOejigsxMzcyNDE5MjI4MA==";

#[test]
fn privacy_search_sees_through_escapes_and_respects_digit_boundaries() {
    // 林峰磊 as JSON escapes, as HTML hex and decimal entities, and plain; a phone inside a longer
    // digit run is not that phone.
    let text = unescaped_text(
        br#"{"n":"\u6797\u5cf0\u78ca","h":"&#x5434;&#21147;","p":"x13724192280y","q":"913724192280","r":"\q&amp;"}"#,
    );
    assert_eq!(text, r#"{"n":"林峰磊","h":"吴力","p":"x13724192280y","q":"913724192280","r":"\q&amp;"}"#);
    let names: BTreeSet<String> = ["林峰磊", "吴力", "王芳"].iter().map(|s| s.to_string()).collect();
    assert_eq!(find_substrings(&text, &names), BTreeSet::from(["吴力", "林峰磊"]));
    let runs: Vec<&str> = digit_runs(&text).filter(|t| t.contains("1372419")).collect();
    assert_eq!(runs, ["13724192280", "913724192280"]);
    assert_eq!(ascii_tokens("C0000001,B02;M0012").collect::<Vec<_>>(), ["C0000001", "B02", "M0012"]);

    // Inside a base64 payload (as the data bundle embeds its binary encoding): the bytes
    // "BLBNDL\x01" + 30 × "\x09林峰磊" + "\x0b13724192280", encoded by Python's base64 module.
    let mut raw = b"BLBNDL\x01".to_vec();
    for _ in 0..30 {
        raw.push(9);
        raw.extend_from_slice("林峰磊".as_bytes());
    }
    raw.push(11);
    raw.extend_from_slice(b"13724192280");
    let js = format!("var B = \"{}\";", BASE64_SAMPLE);
    assert_eq!(base64_payloads(&js), [raw]);
    let text = searchable_text(js.as_bytes());
    assert_eq!(find_substrings(&text, &names), BTreeSet::from(["林峰磊"]));
    assert!(digit_runs(&text).any(|r| r == "13724192280"));
}

// ---------------------------------------------------------------------------------------------
// every page in a real browser

#[test]
fn default_site_passes_browser_checks_from_file_and_http() {
    let site = default_site();
    let pages = html_pages(site).len();
    assert!(pages >= 8, "only {pages} pages in the default site");
    assert_eq!(assert_pages_pass(&check_site(site, &["--lang", "en"]), "the default site (file://)"), pages);
    assert_eq!(assert_pages_pass(&check_site(site, &["--lang", "en", "--http"]), "the default site (http)"), pages);
}

#[test]
fn chinese_site_in_wan_passes_browser_checks() {
    let site = zh_wan_site();
    let pages = html_pages(site).len();
    assert_eq!(assert_pages_pass(&check_site(site, &["--lang", "zh-CN"]), "the zh-CN/wan site"), pages);
    let index = read_text(&site.join("index.html"));
    assert!(index.contains("万元"), "the zh-CN/wan overview never names the unit 万元");
}

#[test]
fn split_sites_pass_browser_checks() {
    let root = split_root();
    let sites = split_sites(root);
    for (name, site) in &sites {
        let pages = html_pages(site).len();
        assert!(pages > 0, "no pages in split site {name}");
        assert_eq!(assert_pages_pass(&check_site(site, &[]), &format!("split site {name}")), pages);
    }
}

/// `sample-data/` made hostile: branch `B01` renamed `总行/营业部`, managers renamed to a Windows
/// device name, a case twin of another manager, a path climbing up and an id with URL
/// delimiters; every customer whose id ends in 7 named with an HTML injection; a manager named
/// with quotes, an entity and markup.
fn hostile_data() -> common::TempDir {
    let data = copy_sample_data();
    let branch = |b: &str| if b == "B01" { "总行/营业部".to_owned() } else { b.to_owned() };
    let manager = |m: &str| {
        match m {
            "M0001" => "CON",
            "M0002" => "m0003",
            "M0004" => "../etc",
            "M0005" => "a b#?x",
            other => other,
        }
        .to_owned()
    };
    for file in ["customers.csv", "managers.csv", "credit_splits.csv"] {
        let path = data.path().join(file);
        let mut reader = csv::Reader::from_path(&path).expect("a copied data file");
        let headers = reader.headers().expect("a header").clone();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).expect("write header");
        for r in reader.records() {
            let r = r.expect("a sample row");
            let id = headers.iter().position(|h| h == "customer_id").map(|c| r[c].to_owned());
            let row: Vec<String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| match h {
                    "branch_id" => branch(v),
                    "manager_id" => manager(v),
                    "name" if file == "customers.csv" && id.as_deref().is_some_and(|i| i.ends_with('7')) => {
                        format!("<img src=x onerror=alert({})>", id.as_deref().unwrap_or_default())
                    }
                    "name" if file == "managers.csv" && r[0] == *"M0007" => "'\"&amp;<b>x</b>".to_owned(),
                    _ => v.to_owned(),
                })
                .collect();
            writer.write_record(&row).expect("write row");
        }
        write(&path, writer.into_inner().expect("flush"));
    }
    data
}

#[test]
fn hostile_ids_and_names_are_escaped_and_pass_browser_checks() {
    let data = hostile_data();
    let dir = temp_dir();
    let site = dir.path().join("site");
    build_site(data.path(), &site, &["--no-mask"]).expect_code(0);
    // check-site fails on an alert() dialog, a script error, a CSP violation and any link or
    // resource that does not resolve to a file of the site (odd ids must get safe file names).
    let pages = html_pages(&site);
    assert_eq!(assert_pages_pass(&check_site(&site, &[]), "the site of hostile data"), pages.len());
    let managers = pages.iter().filter(|p| p.starts_with("manager")).count();
    let branches = pages.iter().filter(|p| p.starts_with("branch")).count();
    assert_eq!((managers, branches), (20, 3), "manager and branch pages: {pages:?}");

    let mut escaped = 0;
    for page in &pages {
        let html = read_text(&site.join(page));
        assert!(!html.contains("<img src=x"), "{} holds a customer name as markup", page.display());
        assert!(!html.contains("<b>x</b>"), "{} holds a manager name as markup", page.display());
        escaped += html.matches("&lt;img src=x onerror=alert(").count();
    }
    assert!(escaped > 0, "no page shows the (escaped) names of the hostile customers");
}

#[test]
fn edge_case_sites_pass_browser_checks() {
    // One customer without a manager, one manager without targets, one month (in Chinese); the
    // committed clean fixture; and sample-data as of its first month (no history: no 环比/同比,
    // no scoring window before it).
    let tiny = common::data_dir(&[
        (
            "customers.csv",
            format!("{}\n2024-06,C1,张三,retail,B01,,2019-01-15,100,0,0,0,deposit,1\n", common::CUSTOMERS_HEADER)
                .as_bytes(),
        ),
        ("managers.csv", common::MANAGERS_CSV.as_bytes()),
    ]);
    let dir = temp_dir();
    let cases: [(&str, &Path, &[&str], &str); 3] = [
        ("tiny", tiny.path(), &["--lang", "zh-CN"], "zh-CN"),
        ("clean", &common::fixture_dir("clean"), &[], "en"),
        ("first-month", &sample_data_dir(), &["--period", "2025-10"], "en"),
    ];
    for (name, data, args, lang) in cases {
        let site = dir.path().join(name);
        build_site(data, &site, args).expect_code(0);
        let pages = html_pages(&site).len();
        assert_eq!(assert_pages_pass(&check_site(&site, &["--lang", lang]), name), pages);
    }
}

// ---------------------------------------------------------------------------------------------
// privacy

#[test]
fn default_site_shows_no_customer_name_or_phone() {
    let personal = sample_personal_data();
    assert!(personal.names.len() > 1000, "only {} names to look for", personal.names.len());
    assert!(personal.phones.len() > 500, "only {} phones to look for", personal.phones.len());
    let leaks = personal_data_in(default_site(), personal);
    assert!(leaks.is_empty(), "customer names/phones in a default (masked) site: {leaks:#?}");
}

#[test]
fn unmasked_site_shows_names_and_phones() {
    // The search above must be able to fail: with --no-mask the same search finds names and
    // phones, both in the explorer's data bundle (base64 inside a .js file) and on the pages.
    let personal = sample_personal_data();
    let found = personal_data_in(unmasked_site(), personal);
    let count = |file: &str, phones: bool| {
        found
            .get(Path::new(file))
            .map_or(0, |hits| hits.iter().filter(|h| personal.phones.contains(h.as_str()) == phones).count())
    };
    assert!(count("data/bundle.js", false) > 1000, "names in the unmasked bundle: {}", count("data/bundle.js", false));
    assert!(count("data/bundle.js", true) > 500, "phones in the unmasked bundle: {}", count("data/bundle.js", true));
    let pages_with_names = found.keys().filter(|p| p.extension().is_some_and(|e| e == "html")).count();
    assert!(pages_with_names > 0, "no page of a --no-mask site shows a customer name: {:?}", found.keys());
}

// ---------------------------------------------------------------------------------------------
// split by branch

/// The sites of a `--split-by branch` build: directory name → path.
fn split_sites(root: &Path) -> BTreeMap<String, PathBuf> {
    let sites: BTreeMap<String, PathBuf> = entries(root)
        .into_iter()
        .map(|n| (n.clone(), root.join(n)))
        .filter(|(_, p)| p.join("index.html").is_file())
        .collect();
    assert!(sites.len() >= 2, "a split build holds {} sites: {:?}", sites.len(), entries(root));
    sites
}

/// The directory of branch `id`'s site in a split build (crates/report/src/site.rs: `branch-<slug>`,
/// and a plain id such as `B01` is its own slug).
fn branch_site_name(id: &str) -> String {
    format!("branch-{id}")
}

#[test]
fn split_sites_hold_only_their_own_branch() {
    let customers = read_csv(&sample_data_dir().join("customers.csv"));
    let mut branches_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &customers {
        branches_of.entry(c["customer_id"].as_str()).or_default().insert(c["branch_id"].as_str());
    }
    let branches: BTreeSet<&str> = customers.iter().map(|c| c["branch_id"].as_str()).collect();
    let sites = split_sites(split_root());
    let expected: BTreeSet<String> =
        branches.iter().map(|b| branch_site_name(b)).chain(["head-office".to_owned()]).collect();
    assert_eq!(sites.keys().cloned().collect::<BTreeSet<_>>(), expected, "the sites of a split build");

    for branch in &branches {
        let name = branch_site_name(branch);
        let site = &sites[&name];
        // Customer ids never seen in this branch must not occur in any file of its site (ids
        // are whole tokens: `C0000001` is not found inside `C00000012`).
        let foreign: HashSet<&str> =
            branches_of.iter().filter(|(_, b)| !b.contains(branch)).map(|(id, _)| *id).collect();
        let mut leaks: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
        let mut own = BTreeSet::new();
        for rel in files_under(site) {
            let text = searchable_text(&read(&site.join(&rel)));
            for t in ascii_tokens(&text) {
                if foreign.contains(t) {
                    leaks.entry(rel.clone()).or_default().insert(t.to_owned());
                } else if branches_of.get(t).is_some_and(|b| b.contains(branch)) {
                    own.insert(t.to_owned());
                }
            }
        }
        let n_leaks: usize = leaks.values().map(BTreeSet::len).sum();
        assert!(leaks.is_empty(), "branch site {name} holds {n_leaks} customer ids of other branches: {leaks:#?}");
        assert!(!own.is_empty(), "branch site {name} names none of its own customers");
    }

    let site = &sites["head-office"];
    let text = site_text(site);
    let tokens: BTreeSet<&str> = ascii_tokens(&text).collect();
    for branch in &branches {
        assert!(tokens.contains(branch), "the head-office site never names branch {branch}");
        assert!(
            site.join("branch").join(format!("{branch}.html")).is_file(),
            "the head-office site has no page for branch {branch}"
        );
        let shown = branches_of.iter().filter(|(id, b)| b.contains(branch) && tokens.contains(*id)).count();
        assert!(shown > 0, "the head-office site holds none of the customers of branch {branch}");
    }
}

// ---------------------------------------------------------------------------------------------
// determinism and --period

#[test]
fn two_builds_are_byte_identical() {
    // The second build reads a copy of the data in another directory and writes elsewhere: the
    // site depends on neither path.
    let data = copy_sample_data();
    let dir = temp_dir();
    let again = dir.path().join("site");
    build_site(data.path(), &again, &[]).expect_code(0);
    assert_same_tree(default_site(), &again);
    let split = dir.path().join("split");
    build_site(data.path(), &split, &["--split-by", "branch"]).expect_code(0);
    assert_same_tree(split_root(), &split);
}

#[test]
fn site_summary_equals_score_summary_and_manifest_hashes_the_inputs() {
    // summary.json of a site is the one `branchlens score` writes (crates/report/src/site.rs).
    let dir = temp_dir();
    common::run_args([
        "score".as_ref(),
        sample_data_dir().as_os_str(),
        "--out".as_ref(),
        dir.path().join("scores.csv").as_os_str(),
    ])
    .expect_code(0);
    assert_eq!(
        read_text(&default_site().join("summary.json")),
        read_text(&dir.path().join("summary.json")),
        "summary.json of the site differs from the one `branchlens score` writes"
    );

    // manifest.json names each input file with its size and SHA-256 (checked with sha256sum).
    let manifest: serde_json::Value =
        serde_json::from_str(&read_text(&default_site().join("manifest.json"))).expect("manifest.json is JSON");
    let text = manifest.to_string();
    for file in ["customers.csv", "managers.csv", "credit_splits.csv"] {
        let path = sample_data_dir().join(file);
        let out = std::process::Command::new("sha256sum").arg(&path).output().expect("sha256sum runs");
        let sum = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_owned();
        assert_eq!(sum.len(), 64, "sha256sum of {}", path.display());
        assert!(text.contains(&sum), "manifest.json lacks the SHA-256 {sum} of {file}:\n{manifest:#}");
        let bytes = std::fs::metadata(&path).expect("a sample file").len();
        assert!(text.contains(&format!("\"bytes\":{bytes}")), "manifest.json lacks the size {bytes} of {file}");
    }
}

/// `sample-data/` cut to the periods up to `last` (customers and dated manager rows).
fn data_truncated_to(last: &str) -> common::TempDir {
    let data = copy_sample_data();
    for (file, dated) in [("customers.csv", true), ("managers.csv", false)] {
        let path = data.path().join(file);
        let mut reader = csv::Reader::from_path(&path).expect("a copied data file");
        let headers = reader.headers().expect("a header").clone();
        let col = headers.iter().position(|h| h == "period").expect("a period column");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).expect("write header");
        for r in reader.records() {
            let r = r.expect("a sample row");
            let p = &r[col];
            if (dated || !p.is_empty()) && p > last {
                continue;
            }
            writer.write_record(&r).expect("write row");
        }
        write(&path, writer.into_inner().expect("flush"));
    }
    data
}

#[test]
fn period_option_builds_the_month_before() {
    let dir = temp_dir();
    let before = dir.path().join("before");
    build_site(&sample_data_dir(), &before, &["--period", BEFORE]).expect_code(0);
    let index = read_text(&before.join("index.html"));
    assert!(index.contains(BEFORE), "the overview of a --period {BEFORE} build never shows {BEFORE}");
    let summary: serde_json::Value =
        serde_json::from_str(&read_text(&before.join("summary.json"))).expect("summary.json is JSON");
    assert_eq!(summary["period"], BEFORE, "summary.json of a --period {BEFORE} build");
    let latest: serde_json::Value =
        serde_json::from_str(&read_text(&default_site().join("summary.json"))).expect("summary.json is JSON");
    assert_eq!(latest["period"], LATEST);
    assert_ne!(tree_bytes(&before), tree_bytes(default_site()), "--period changed nothing");

    // The figures of a month do not depend on later months: the same summary.json as a build
    // of the data cut after that month.
    let cut = data_truncated_to(BEFORE);
    let cut_site = dir.path().join("cut");
    build_site(cut.path(), &cut_site, &[]).expect_code(0);
    assert_eq!(
        read_text(&cut_site.join("summary.json")),
        read_text(&before.join("summary.json")),
        "summary.json of --period {BEFORE} differs from a build of the data cut after {BEFORE}"
    );
    // So do the pages, except the data-quality page (it describes the input files as read:
    // their rows and issues) — and manifest.json (the inputs' hashes) and the explorer's bundle
    // (not compared here) are not pages.
    let cut_pages = html_pages(&cut_site);
    assert_eq!(cut_pages, html_pages(&before));
    for page in cut_pages.iter().filter(|p| p != &Path::new("quality.html")) {
        assert!(
            read(&cut_site.join(page)) == read(&before.join(page)),
            "{} of --period {BEFORE} differs from the build of the data cut after {BEFORE}",
            page.display()
        );
    }
}

#[test]
// Was a bug (fixed in b314dab): the bundle of a --period build held the managers.csv rows dated
// after the period.
fn period_bundle_equals_the_bundle_of_the_cut_data() {
    let dir = temp_dir();
    let before = dir.path().join("before");
    build_site(&sample_data_dir(), &before, &["--period", BEFORE]).expect_code(0);
    let cut = data_truncated_to(BEFORE);
    let cut_site = dir.path().join("cut");
    build_site(cut.path(), &cut_site, &[]).expect_code(0);
    assert!(
        read(&before.join("data/bundle.js")) == read(&cut_site.join("data/bundle.js")),
        "data/bundle.js of --period {BEFORE} differs from the one of the data cut after {BEFORE}"
    );
}

// ---------------------------------------------------------------------------------------------
// atomicity

/// Asserts that a failed build left nothing in `parent` but `expected` entries.
#[track_caller]
fn assert_left_only(parent: &Path, expected: &[&str]) {
    assert_eq!(entries(parent), expected, "a failed build left files behind in {}", parent.display());
}

#[test]
fn failed_build_leaves_no_site_and_no_temp_dir() {
    // A required column missing: the data is rejected.
    let data = copy_sample_data();
    let path = data.path().join("customers.csv");
    let text = read_text(&path).replacen("deposit_avg", "deposit_average", 1);
    write(&path, text);
    let parent = temp_dir();
    let run = build_site(data.path(), &parent.path().join("site"), &[]);
    assert_ne!(run.code, Some(0), "a build of rejected data succeeded:\n{}", run.stderr);
    assert_left_only(parent.path(), &[]);
}

#[test]
fn failed_rebuild_leaves_the_previous_site_untouched() {
    let parent = temp_dir();
    let site = parent.path().join("site");
    build_site(&sample_data_dir(), &site, &[]).expect_code(0);
    let before = tree_bytes(&site);

    let data = copy_sample_data();
    write(&data.path().join("managers.csv"), "not,a,managers\nfile,at,all\n");
    let run = build_site(data.path(), &site, &[]);
    assert_ne!(run.code, Some(0), "a build of rejected data succeeded:\n{}", run.stderr);
    assert_left_only(parent.path(), &["site"]);
    assert!(before == tree_bytes(&site), "a failed rebuild changed the previous site");
}

#[test]
fn build_refuses_to_replace_what_is_not_a_site() {
    // --out is replaced whole on success, so it must never be a directory of other files, the
    // data directory itself, or a regular file: each is refused (exit 2) and left as it was.
    let dir = temp_dir();
    let data = dir.path().join("data");
    common::copy_files(&sample_data_dir(), &data);
    let docs = dir.path().join("docs");
    write(&docs.join("thesis.txt"), "precious");
    let file = dir.path().join("file");
    write(&file, "a file");
    let before = tree_bytes(dir.path());
    for out in [&docs, &data, &file] {
        let run = build_site(&data, out, &[]);
        assert_eq!(run.code, Some(2), "build --out {} was not refused:\n{}", out.display(), run.stderr);
        assert!(before == tree_bytes(dir.path()), "a refused build --out {} changed files", out.display());
        assert_eq!(entries(dir.path()), ["data", "docs", "file"], "a refused build left files behind");
    }
}

// ---------------------------------------------------------------------------------------------
// --templates

#[test]
fn user_templates_override_and_a_broken_one_fails_cleanly() {
    let dir = temp_dir();
    let builtin = sample_data_dir().parent().expect("the workspace").join("crates/report/templates");
    let base = std::fs::read_to_string(builtin.join("base.html"))
        .unwrap_or_else(|e| panic!("cannot read the built-in crates/report/templates/base.html: {e}"));

    // A user base.html with a marker: it must appear on every page. A user page template
    // (loans.html) with another marker: it must appear on that page only.
    let marker = "<!-- user-template-marker-7f3a -->";
    let page_marker = "user-loans-template-marker-91c2";
    let ok_templates = dir.path().join("ok");
    let patched = base.replacen("<body", &format!("{marker}<body"), 1);
    assert_ne!(patched, base, "crates/report/templates/base.html has no <body");
    write(&ok_templates.join("base.html"), patched);
    write(
        &ok_templates.join("loans.html"),
        format!("{{% extends \"base.html\" %}}{{% block content %}}<p>{page_marker}</p>{{% endblock %}}\n"),
    );
    let site = dir.path().join("site");
    let templates = ok_templates.to_str().expect("a UTF-8 temp path");
    build_site(&sample_data_dir(), &site, &["--templates", templates]).expect_code(0);
    let pages = html_pages(&site);
    assert!(pages.len() >= 8, "only {} pages", pages.len());
    for page in &pages {
        let html = read_text(&site.join(page));
        assert!(html.contains(marker), "{} lacks the user base.html's marker", page.display());
        assert_eq!(html.contains(page_marker), page == Path::new("loans.html"), "{}: user loans.html", page.display());
    }
    // A broken template: exit non-zero, no site, nothing left beside it.
    let broken = dir.path().join("broken");
    write(&broken.join("base.html"), "{% block content %}{{ unclosed\n");
    let out_parent = dir.path().join("out");
    std::fs::create_dir(&out_parent).expect("create out");
    let run =
        build_site(&sample_data_dir(), &out_parent.join("site"), &["--templates", broken.to_str().expect("utf-8")]);
    assert_ne!(run.code, Some(0), "a build with a broken template succeeded");
    assert!(run.stderr.contains("base.html"), "the error does not name the broken template:\n{}", run.stderr);
    assert_left_only(&out_parent, &[]);
}
