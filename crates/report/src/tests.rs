//! Whole-site tests on a small bank built in code: page snapshots in both languages, escaping,
//! masking, branch scoping, links, determinism, and the per-scope aggregates against core.

use std::collections::BTreeSet;

use branchlens_core::config::{Config, Lang, Unit};
use branchlens_core::metrics::customer::{counts, figures, tier_migration_between};
use branchlens_core::summary::{analyze, Analysis};
use branchlens_core::{load, Inputs, LoadOptions, Loaded, Period};

use crate::model::{Model, Scope};
use crate::{render_site, QualityInput, SiteFile, SiteOptions, Templates};

const CUSTOMERS: &str = "\
period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone
2026-08,C001,张三丰,retail,B01,M01,2015-03-01,500000,0,300000,100,deposit;card;wealth,20,,,,2026-08-20,0,13812341234
2026-08,C002,华兴建材有限公司,corporate,B01,M01,2012-06-01,800000,2000000,0,3000,deposit;loan;ebank,40,C,normal,0,2026-08-15,0,
2026-08,C003,李四,retail,B01,M02,2019-01-01,20000,0,0,0,deposit;card,8,,,,2026-08-01,0,13900001111
2026-08,C005,赵六,retail,B01,M01,2020-01-01,60000,0,10000,20,deposit;card,10,,,,2026-08-10,0,
2026-08,C006,宏达钢铁,corporate,总行/营业部,M 03,2010-01-01,300000,1000000,0,500,deposit;loan,30,C,normal,0,2026-08-05,0,
2026-08,C007,孙七,retail,总行/营业部,M 03,2024-01-01,1000,0,0,0,deposit,1,,,,2026-08-01,0,
2026-08,C008,周八,retail,B01,M01,2021-01-01,40000,0,5000,10,deposit;card,6,,,,2026-08-01,0,
2026-09,C001,张三丰,retail,B01,M01,2015-03-01,520000,0,300000,120,deposit;card;wealth,22,,,,2026-09-20,0,13812341234
2026-09,C002,华兴建材有限公司,corporate,B01,M01,2012-06-01,780000,2000000,0,2800,deposit;loan;ebank,38,C,normal,0,2026-09-15,0,
2026-09,C003,李四,retail,B01,M02,2019-01-01,20000,0,0,0,deposit;card,8,,,,2026-09-01,0,13900001111
2026-09,C005,赵六,retail,B01,M01,2020-01-01,60000,0,10000,20,deposit;card,10,,,,2026-09-10,0,
2026-09,C006,宏达钢铁,corporate,总行/营业部,M 03,2010-01-01,300000,1000000,0,500,deposit;loan,30,C,normal,0,2026-09-05,0,
2026-09,C007,孙七,retail,总行/营业部,M 03,2024-01-01,1000,0,0,0,deposit,1,,,,2026-09-01,0,
2026-09,C008,周八,retail,B01,M01,2021-01-01,40000,0,5000,10,deposit;card,6,,,,2026-09-01,0,
2026-09,C009,<script>alert(1)</script>,retail,总行/营业部,M 03,2026-09-02,8000,0,0,0,deposit,2,,,,2026-09-02,0,13700002222
2026-10,C001,张三丰,retail,B01,M01,2015-03-01,540000,0,310000,130,deposit;card;wealth,21,,,,2026-10-20,0,13812341234
2026-10,C002,华兴建材有限公司,corporate,B01,M01,2012-06-01,200000,2000000,0,2500,deposit;loan;ebank,0,C,substandard,95,2026-10-15,1,
2026-10,C003,李四,retail,B01,M02,2019-01-01,19000,0,0,0,deposit,8,,,,2026-10-01,0,13900001111
2026-10,C004,王五,retail,B01,,2026-10-05,5000,0,0,0,deposit,2,,,,2026-10-05,0,
2026-10,C006,宏达钢铁,corporate,总行/营业部,M 03,2010-01-01,290000,1000000,0,450,deposit;loan,28,C,special,12,2026-10-05,0,
2026-10,C007,孙七,retail,总行/营业部,M 03,2024-01-01,1000,0,0,0,deposit,1,,,,2026-10-01,0,
2026-10,C008,周八,retail,总行/营业部,M 03,2021-01-01,41000,0,5000,10,deposit;card,6,,,,2026-10-01,0,
2026-10,C009,<script>alert(1)</script>,retail,总行/营业部,M 03,2026-09-02,9000,10000,0,0,deposit;loan,2,,special,5,2026-10-02,0,13700002222
";

const MANAGERS: &str = "\
manager_id,name,branch_id,grade,hire_date,status,deposit_target,loan_target,fee_target,new_customers_target
M01,王芳,B01,senior,2015-03-01,active,1000000,2000000,5000,2
M02,李雷,B01,junior,2020-07-15,left,,,,
M 03,赵敏,总行/营业部,principal,2010-01-10,active,600000,1000000,800,1
";

const SPLITS: &str = "customer_id,manager_id,share\nC001,M01,0.7\nC001,M02,0.3\n";

fn loaded() -> Loaded {
    let opts = LoadOptions::default();
    load(
        Inputs {
            customers: CUSTOMERS.as_bytes(),
            managers: MANAGERS.as_bytes(),
            credit_splits: Some(SPLITS.as_bytes()),
        },
        &opts,
    )
    .expect("fixture loads")
}

fn period(s: &str) -> Period {
    Period::parse(s).expect("period")
}

fn options(lang: Lang, unit: Unit, mask: bool, split: bool) -> SiteOptions {
    SiteOptions {
        lang,
        unit,
        mask,
        split_by_branch: split,
        tool_version: "0.0.0-test".into(),
        inputs: Vec::new(),
        config_file: None,
        templates_overridden: Vec::new(),
        encryption: None,
    }
}

fn build(l: &Loaded, cfg: &Config, opts: &SiteOptions) -> Vec<SiteFile> {
    let a = analyze(&l.dataset, cfg, period("2026-10"));
    let q = QualityInput { files: &l.files, issues: &l.issues };
    render_site(&a, &q, opts, &Templates::embedded()).expect("site renders")
}

fn page<'f>(files: &'f [SiteFile], path: &str) -> &'f str {
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&f.bytes).expect("utf-8")
}

/// The page without its SVG bodies (charts have their own snapshots).
fn without_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        match rest[i..].find("</svg>") {
            Some(j) => {
                out.push_str("<svg/>");
                rest = &rest[i + j + "</svg>".len()..];
            }
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn snapshots_of_key_pages_in_both_languages() {
    let l = loaded();
    let cfg = Config::default();
    for (lang, unit, tag) in [(Lang::En, Unit::Yuan, "en"), (Lang::ZhCn, Unit::Wan, "zh")] {
        let files = build(&l, &cfg, &options(lang, unit, true, false));
        for (path, name) in [
            ("index.html", "overview"),
            ("branch/B01.html", "branch"),
            ("manager/M01.html", "manager"),
            ("methodology.html", "methodology"),
        ] {
            insta::assert_snapshot!(format!("{name}_{tag}"), without_svg(page(&files, path)));
        }
    }
}

#[test]
fn every_page_is_complete_html_with_csp_and_no_inline_script() {
    let l = loaded();
    for lang in [Lang::En, Lang::ZhCn] {
        let files = build(&l, &Config::default(), &options(lang, Unit::Yuan, true, false));
        for f in files.iter().filter(|f| f.path.ends_with(".html")) {
            let html = without_svg(std::str::from_utf8(&f.bytes).expect("utf-8"));
            assert!(html.starts_with("<!doctype html>"), "{}", f.path);
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.as_str())), "{}", f.path);
            assert!(html.contains("<meta charset=\"utf-8\">"), "{}", f.path);
            assert!(html.contains("http-equiv=\"Content-Security-Policy\""), "{}", f.path);
            assert!(html.contains("default-src 'none'") && html.contains("'wasm-unsafe-eval'"), "{}", f.path);
            // Scripts only by src; no inline handlers, no network URLs.
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..i + html[i..].find('>').expect("tag ends")];
                assert!(tag.contains(" src=\""), "{}: inline script {tag}", f.path);
            }
            for bad in [" onclick=", " onload=", " onerror=", "http://", "https://", "javascript:"] {
                assert!(!html.contains(bad), "{}: {bad}", f.path);
            }
        }
    }
}

#[test]
fn names_are_masked_by_default_and_escaped_always() {
    let l = loaded();
    let cfg = Config::default();
    let masked = build(&l, &cfg, &options(Lang::En, Unit::Yuan, true, false));
    let unmasked = build(&l, &cfg, &options(Lang::En, Unit::Yuan, false, false));
    let all = |files: &[SiteFile]| -> String {
        files
            .iter()
            .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".json"))
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect()
    };
    let (m, u) = (all(&masked), all(&unmasked));
    for secret in ["张三丰", "华兴建材有限公司", "13812341234", "13900001111", "alert(1)"] {
        assert!(!m.contains(secret), "masked site shows {secret}");
    }
    assert!(m.contains("李**") && m.contains("139****1111"), "masked forms shown");
    // Unmasked: shown, and the script-like name is escaped, never live markup.
    assert!(u.contains("李四") && u.contains("13900001111"), "unmasked forms shown");
    assert!(
        u.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") || u.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!u.contains("<script>alert(1)"));
}

#[test]
fn split_sites_hold_only_their_branch() {
    let l = loaded();
    let files = build(&l, &Config::default(), &options(Lang::En, Unit::Yuan, true, true));
    let roots: BTreeSet<&str> = files.iter().filter_map(|f| f.path.split('/').next()).collect();
    let hashed = crate::slug::slug("总行/营业部");
    let other = format!("branch-{hashed}");
    assert_eq!(roots, BTreeSet::from(["branch-B01", other.as_str(), "head-office"]));
    // B01's site: none of the other branch's customers (C006, C007, C009, and C008, which moved
    // there in L), nor its manager pages.
    for f in files.iter().filter(|f| f.path.starts_with("branch-B01/") && !f.path.ends_with("bundle.js")) {
        let text = String::from_utf8_lossy(&f.bytes);
        for id in ["C006", "C007", "C009", "宏达", "孙**"] {
            assert!(!text.contains(id), "{} holds {id}", f.path);
        }
        assert!(!f.path.contains("manager/M_03"), "{}", f.path);
    }
    assert!(page(&files, "branch-B01/index.html").contains("C002"));
    // The other branch's site does not show B01's customers.
    for f in files.iter().filter(|f| f.path.starts_with(&format!("{other}/")) && f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&f.bytes);
        for id in ["C001", "C002", "C003", "C004"] {
            assert!(!text.contains(id), "{} holds {id}", f.path);
        }
    }
    // The head-office site has every branch page.
    assert!(files.iter().any(|f| f.path == format!("head-office/branch/{hashed}.html")));
}

/// Every relative link and resource of every page names a file of the site.
#[test]
fn links_resolve_within_the_site() {
    let l = loaded();
    for split in [false, true] {
        let files = build(&l, &Config::default(), &options(Lang::ZhCn, Unit::Yuan, true, split));
        let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for f in files.iter().filter(|f| f.path.ends_with(".html")) {
            let html = std::str::from_utf8(&f.bytes).expect("utf-8");
            let dir = f.path.rsplit_once('/').map_or("", |(d, _)| d);
            for attr in ["href=\"", "src=\""] {
                for (i, _) in html.match_indices(attr) {
                    let start = i + attr.len();
                    let url = &html[start..start + html[start..].find('"').expect("quote")];
                    // minijinja's HTML escaping writes `/` as `&#x2f;`; a browser decodes it.
                    let url = url.replace("&#x2f;", "/");
                    let url = url.split('#').next().unwrap_or("");
                    if url.is_empty() {
                        continue;
                    }
                    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
                    for seg in url.split('/') {
                        match seg {
                            ".." => {
                                assert!(parts.pop().is_some(), "{}: {url} leaves the site", f.path);
                            }
                            "." => {}
                            s => parts.push(s),
                        }
                    }
                    let target = parts.join("/");
                    assert!(paths.contains(target.as_str()), "{}: broken link {url}", f.path);
                }
            }
        }
    }
}

#[test]
fn builds_are_byte_identical() {
    let l = loaded();
    let o = options(Lang::ZhCn, Unit::Wan, true, true);
    assert_eq!(build(&l, &Config::default(), &o), build(&l, &Config::default(), &o));
}

#[test]
fn scope_aggregates_equal_core_with_a_row_filter() {
    let l = loaded();
    let cfg = Config::default();
    let ds = &l.dataset;
    let a: Analysis<'_> = analyze(ds, &cfg, period("2026-10"));
    let m = Model::new(&a);
    for (b, _) in ds.branch_ids.iter() {
        let d = m.scope_data(Scope::Branch(b));
        let filter = |r: &branchlens_core::CustomerRow| r.branch == b;
        assert_eq!(d.counts, counts(ds, &a.customers, filter));
        let prev = m.prev.as_ref().expect("a month before L");
        assert_eq!(d.migration.as_ref(), Some(&tier_migration_between(ds, Some(prev), &a.customers, filter)));
        // Monthly figures of the one-pass table equal core's `figures` to the bit.
        for (pi, &p) in m.periods().iter().enumerate() {
            let f = figures(ds, &cfg, p, filter);
            let x = m.monthly(Scope::Branch(b))[pi];
            assert_eq!(
                (x.customers, x.deposit, x.loan, x.aum, x.fee, x.contribution.to_bits(), x.npl_ratio()),
                (
                    f.customers,
                    f.deposit_avg,
                    f.loan_balance,
                    f.aum,
                    f.fee_income,
                    f.contribution.to_bits(),
                    f.npl_ratio
                )
            );
        }
    }
    // C008 moved from B01 to the other branch in L: a migration inside the other branch, not a
    // "lost" in B01.
    let b01 = ds.branch_ids.get("B01").expect("B01");
    let mig = m.scope_data(Scope::Branch(b01)).migration.clone().expect("migration");
    let lost: usize = mig.cells.iter().map(|row| row[5]).sum();
    assert_eq!(lost, 1, "only C005 is lost in B01");
}

#[test]
fn template_override_is_used_and_errors_name_the_template() {
    let l = loaded();
    let cfg = Config::default();
    let a = analyze(&l.dataset, &cfg, period("2026-10"));
    let q = QualityInput { files: &l.files, issues: &l.issues };
    let mut t = Templates::embedded();
    assert!(t.set("methodology.html", "{% extends \"base.html\" %}{% block content %}OVERRIDDEN{% endblock %}".into()));
    assert!(!t.set("nope.html", String::new()));
    let files = render_site(&a, &q, &options(Lang::En, Unit::Yuan, true, false), &t).expect("renders");
    assert!(page(&files, "methodology.html").contains("OVERRIDDEN"));
    let mut bad = Templates::embedded();
    bad.set(
        "loans.html",
        "{% extends \"base.html\" %}{% block content %}\n\n{{ page.no_such_field }}{% endblock %}".into(),
    );
    let err = render_site(&a, &q, &options(Lang::En, Unit::Yuan, true, false), &bad).expect_err("strict undefined");
    match err {
        crate::ReportError::Template { name, line, .. } => {
            assert_eq!(name, "loans.html");
            assert_eq!(line, Some(3));
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// Puts a locked page back together the way `assets/lock.js` ([`branchlens_lock::LOCK_JS`]) does: each numbered placeholder
/// replaced by its decrypted fragment, the lock box and the script removed.
fn unlocked(key: &branchlens_lock::SiteKey, html: &str, root: &str) -> String {
    let fragments = branchlens_lock::open_page(key, html).expect("opens: a sealed JSON array of fragments");
    let start = html.find("\n<section id=\"bl-lock\"").expect("lock box");
    let end = start + html[start..].find("</section>").expect("end of the lock box") + "</section>".len();
    let mut page = format!("{}{}", &html[..start], &html[end..]);
    let root = root.replace('/', "&#x2f;"); // as autoescaping writes it
    page = page.replacen(&format!("\n<script src=\"{root}assets/lock.js\"></script>"), "", 1);
    for (i, f) in fragments.iter().enumerate() {
        let at = page.find(&format!("<div class=\"locked-slot\" data-slot=\"{i}\">")).expect("placeholder");
        let end = at + page[at..].find("</div>").expect("end of placeholder") + "</div>".len();
        page.replace_range(at..end, f);
    }
    assert!(!page.contains("locked-slot"), "a placeholder without its fragment");
    page
}

/// The text of a page without the base64 of its sealed data (which may hold any letters).
fn without_ciphertext(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" data-ct=\"").or_else(|| rest.find("\"ct\": \"")) {
        let open = i + rest[i..].find('"').expect("quote") + 1;
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('"').expect("closing quote");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_locked_site_shows_no_customer_until_unlocked_and_then_the_same_pages() {
    use branchlens_lock::{Encryption, Password, SiteKey};
    let l = loaded();
    let cfg = Config::default();
    let password = Password::new("correct horse battery".into()).expect("valid");
    for split in [false, true] {
        let plain = build(&l, &cfg, &options(Lang::ZhCn, Unit::Yuan, false, split));
        let mut opts = options(Lang::ZhCn, Unit::Yuan, false, split);
        let b01 = Password::new("branch one password".into()).expect("valid");
        let enc = Encryption {
            password: password.clone(),
            branch_passwords: [("B01".to_string(), b01.clone())].into_iter().collect(),
            seed: [9u8; 32],
            // Fewer than the CLI's PBKDF2_ITERATIONS so the test runs fast; the e2e tests check
            // the CLI's sites use 600,000.
            iterations: 1000,
        };
        opts.encryption = Some(enc.clone());
        let locked = build(&l, &cfg, &opts);
        // With the same seed, the same bytes (the CLI draws a new seed for every build).
        assert_eq!(locked, build(&l, &cfg, &opts), "split={split}");
        let mut sites: Vec<&str> = locked.iter().filter_map(|f| f.path.strip_suffix("manifest.json")).collect();
        sites.sort_unstable();
        let mut checked = 0;
        for prefix in sites {
            let pw = if prefix == "branch-B01/" { &b01 } else { &password };
            let key = SiteKey::derive(pw, enc.salt_for(prefix), enc.iterations);
            let other = SiteKey::derive(
                if prefix == "branch-B01/" { &password } else { &b01 },
                enc.salt_for(prefix),
                enc.iterations,
            );
            for f in locked.iter().filter(|f| f.path.starts_with(prefix) && f.path.ends_with(".html")) {
                let rel = &f.path[prefix.len()..];
                let html = std::str::from_utf8(&f.bytes).expect("utf-8");
                let root = "../".repeat(rel.matches('/').count());
                // No customer id, name (unmasked here) or phone outside the ciphertext.
                let public = without_ciphertext(html);
                for needle in ["C001", "C002", "C009", "张三丰", "华兴建材", "13812341234", "alert(1)", "<script>alert"]
                {
                    assert!(!public.contains(needle), "{}: {needle} in clear", f.path);
                }
                assert!(html.contains("data-salt=") && html.contains("id=\"bl-sealed\""), "{}", f.path);
                // Unlocked, the page is exactly the page of the unlocked build.
                assert_eq!(unlocked(&key, html, &root), page(&plain, &f.path), "{}", f.path);
                // The other site's password opens nothing.
                let blob = branchlens_lock::sealed_in(html).expect("a sealed blob");
                assert!(key.open(&blob).is_some() && other.open(&blob).is_none(), "{}", f.path);
                checked += 1;
            }
            // The explorer's bundle: sealed, and the same bytes as the unlocked build's once opened.
            let js = page(&locked, &format!("{prefix}data/bundle.js"));
            assert!(js.contains("var BRANCHLENS_BUNDLE = null;"));
            let field = |name: &str| {
                let v = js.split(&format!("\"{name}\": \"")).nth(1).and_then(|s| s.split('"').next()).expect(name);
                crate::explorer::tests::unb64(v)
            };
            let sealed = branchlens_lock::Sealed { iv: field("iv").try_into().expect("nonce"), ct: field("ct") };
            let plain_js = page(&plain, &format!("{prefix}data/bundle.js"));
            let plain_b64 = plain_js.split("var BRANCHLENS_BUNDLE = \"").nth(1).and_then(|s| s.split('"').next());
            let plain_bundle = crate::explorer::tests::unb64(plain_b64.expect("plain bundle"));
            assert_eq!(key.open(&sealed).expect("bundle opens"), plain_bundle, "{prefix}");
            assert!(page(&locked, &format!("{prefix}assets/lock.js")).contains("PBKDF2"));
        }
        assert!(checked >= 10, "{checked} pages checked");
    }
}
