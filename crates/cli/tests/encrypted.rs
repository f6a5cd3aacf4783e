//! End-to-end tests of encrypted sites (`build --password-file`, `--split-by branch
//! --passwords`): the real binary on `sample-data/`, the files searched for customer data in
//! clear, and the sites unlocked (and refused) in real headless Chromium by
//! `crates/cli/tests/browser/lock.mjs` — from file://, over HTTP on 127.0.0.1, and over plain HTTP from an
//! intranet host name where WebCrypto is unavailable.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{
    browser_script, build_site, check_site, files_under, read_text, run, sample_data_dir, temp_dir, write, Run,
};

const PASSWORD: &str = "correct horse battery";

fn password_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    write(&p, text);
    p
}

/// The text of a file without the base64 of its sealed data (ciphertext may hold any letters).
fn without_ciphertext(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = ["data-ct=\"", "\"ct\": \""].iter().filter_map(|m| rest.find(m).map(|i| i + m.len())).min() {
        out.push_str(&rest[..i]);
        let close = rest[i..].find('"').map_or(rest.len(), |j| i + j);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Values of `<th scope="row" class="id">…</th>` cells (customer ids) and of cells holding a
/// masked name or phone (`*`) in the html pages of `site`.
fn customer_values(site: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut ids, mut masked) = (BTreeSet::new(), BTreeSet::new());
    for rel in files_under(site).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let html = read_text(&site.join(rel));
        for part in html.split("<th scope=\"row\" class=\"id\">").skip(1) {
            ids.extend(part.split('<').next().map(str::to_string));
        }
        for part in html.split("<td class=\"nowrap\">").skip(1) {
            let v = part.split('<').next().unwrap_or_default();
            if v.contains('*') && v.chars().count() >= 2 {
                masked.insert(v.to_string());
            }
        }
    }
    (ids, masked)
}

/// Raw names (3+ characters, not also a manager's name) and phones of `sample-data/`.
fn raw_personal_data() -> BTreeSet<String> {
    let data = sample_data_dir();
    let managers = read_text(&data.join("managers.csv"));
    let manager_names: BTreeSet<&str> = managers.lines().skip(1).filter_map(|l| l.split(',').nth(1)).collect();
    let customers = read_text(&data.join("customers.csv"));
    let mut out = BTreeSet::new();
    for line in customers.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let Some(name) = f.get(2).filter(|n| n.chars().count() >= 3 && !manager_names.contains(*n)) {
            out.insert((*name).to_string());
        }
        if let Some(phone) = f.last().filter(|p| p.len() == 11) {
            out.insert((*phone).to_string());
        }
    }
    out
}

/// Every file of `site` whose text (ciphertext aside) contains one of `needles`.
fn found_in(site: &Path, needles: &BTreeSet<String>) -> Vec<String> {
    let mut hits = Vec::new();
    for rel in files_under(site) {
        let text = without_ciphertext(&String::from_utf8_lossy(&std::fs::read(site.join(&rel)).expect("read")));
        for n in needles.iter().filter(|n| text.contains(n.as_str())) {
            hits.push(format!("{}: {n}", rel.display()));
            if hits.len() > 20 {
                return hits;
            }
        }
    }
    hits
}

fn lock_check(site: &Path, password: &str, wrong: &[&str], extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--password", password];
    for w in wrong {
        args.extend(["--wrong", w]);
    }
    args.extend(extra);
    let r = browser_script("lock.mjs", site, &args);
    assert_eq!(r.code, Some(0), "lock.mjs on {}:\n{}\n{}", site.display(), r.stdout, r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("lock.mjs printed no JSON ({e}):\n{}", r.stdout))
}

#[test]
fn an_encrypted_site_holds_no_customer_data_in_clear_and_unlocks_only_with_its_password() {
    let tmp = temp_dir();
    let pw = password_file(tmp.path(), "pw.txt", &format!("{PASSWORD}\n"));
    let plain = tmp.path().join("plain");
    let locked = tmp.path().join("locked");
    let unmasked = tmp.path().join("unmasked");
    build_site(&sample_data_dir(), &plain, &[]).expect_code(0);
    build_site(&sample_data_dir(), &locked, &["--password-file", pw.to_str().expect("utf-8")])
        .expect_code(0)
        .stdout_has(&["encrypted", "AES-256-GCM", "600000"]);
    build_site(&sample_data_dir(), &unmasked, &["--password-file", pw.to_str().expect("utf-8"), "--no-mask"])
        .expect_code(0);

    // What the unlocked site shows: customer ids and masked names/phones (the control: the
    // search below can find them).
    let (ids, masked) = customer_values(&plain);
    assert!(
        ids.len() > 100 && masked.len() > 50,
        "{} ids, {} masked values in the plain site",
        ids.len(),
        masked.len()
    );
    assert!(!found_in(&plain, &ids).is_empty());
    // None of it in the encrypted site, in any file (pages, bundle, summary.json, manifest).
    let mut needles = ids.clone();
    needles.extend(masked);
    let hits = found_in(&locked, &needles);
    assert!(hits.is_empty(), "customer data in clear in the encrypted site: {hits:?}");
    // Nor, with --no-mask, any raw name or phone of the input.
    let raw = raw_personal_data();
    assert!(raw.len() > 1000, "{} raw values", raw.len());
    let hits = found_in(&unmasked, &raw);
    assert!(hits.is_empty(), "personal data in clear in an unmasked encrypted site: {hits:?}");
    assert!(!read_text(&locked.join("data/bundle.js")).contains("var BRANCHLENS_BUNDLE = \""));

    // 600,000 PBKDF2 iterations, in the pages and the manifest; a fresh salt per build.
    let index = read_text(&locked.join("index.html"));
    assert!(index.contains("data-iterations=\"600000\""));
    let manifest: serde_json::Value = serde_json::from_str(&read_text(&locked.join("manifest.json"))).expect("json");
    assert_eq!(manifest["options"]["encryption"]["iterations"], 600000);
    assert_eq!(manifest["options"]["encryption"]["cipher"], "AES-256-GCM");
    let salt = |html: &str| html.split("data-salt=\"").nth(1).and_then(|s| s.split('"').next()).map(str::to_string);
    let again = tmp.path().join("again");
    build_site(&sample_data_dir(), &again, &["--password-file", pw.to_str().expect("utf-8")]).expect_code(0);
    assert_ne!(salt(&index), salt(&read_text(&again.join("index.html"))), "two builds share a salt");

    // In Chromium: locked, refused with a wrong password, unlocked with the right one, the
    // explorer waits and then opens; plain HTTP from an intranet name says WebCrypto is missing.
    let summary = lock_check(&locked, PASSWORD, &["wrong password 1", "Correct horse battery"], &[]);
    let runs = summary["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2, "{summary}");
    for r in runs {
        assert!(r["customerRows"].as_u64() > Some(0) && r["explorerCustomers"].as_u64() > Some(1000), "{summary}");
        assert_eq!(r["wrongRefused"], 2);
    }
    assert_eq!(summary["plainHttp"], "no-webcrypto");
    // And every page of the locked site passes the general browser checks (no console error,
    // CSP violation, broken link or outside request) from file:// (lock.mjs covered HTTP).
    let r = check_site(&locked, &[]);
    assert_eq!(r.code, Some(0), "check-site:\n{}\n{}", r.stdout, r.stderr);
}

#[test]
fn split_sites_lock_each_branch_with_its_own_password() {
    let tmp = temp_dir();
    let head = password_file(tmp.path(), "head.txt", "head office password\n");
    let branches = password_file(
        tmp.path(),
        "branches.csv",
        "branch_id,password\nB01,branch one password\nB02,branch two password\nB03,branch three password\n",
    );
    let out = tmp.path().join("sites");
    build_site(
        &sample_data_dir(),
        &out,
        &["--split-by", "branch", "--password-file", path(&head), "--passwords", path(&branches)],
    )
    .expect_code(0)
    .stdout_has(&["4 site(s)"]);
    let manifest: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("head-office/manifest.json"))).expect("json");
    assert_eq!(manifest["options"]["encryption"]["per_branch_passwords"], true);
    // B01's site opens with B01's password only; the head office's with its own.
    let b01 = lock_check(
        &out.join("branch-B01"),
        "branch one password",
        &["branch two password", "head office password"],
        &[],
    );
    assert_eq!(b01["plainHttp"], "no-webcrypto");
    lock_check(&out.join("head-office"), "head office password", &["branch one password"], &["--no-explorer"]);
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn password_options_are_checked_and_a_refused_build_writes_nothing() {
    let tmp = temp_dir();
    let good = password_file(tmp.path(), "good.txt", "head office password\n");
    let short = password_file(tmp.path(), "short.txt", "1234567\n");
    let two = password_file(tmp.path(), "two.txt", "first line password\nsecond line\n");
    let partial = password_file(tmp.path(), "partial.csv", "branch_id,password\nB01,branch one password\n");
    let typo = password_file(
        tmp.path(),
        "typo.csv",
        "branch_id,password\nB01,branch one password\nB02,branch two password\nB03,branch three password\nB04,branch four password\n",
    );
    let out = tmp.path().join("site");
    let data = sample_data_dir();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["--password-file", path(&short)], "short.txt: password refused: shorter than 8 characters", "密码不可用"),
        (vec!["--password-file", path(&two)], "two.txt: a password file holds one line", "只应有一行"),
        (vec!["--password-file", "/nonexistent/pw"], "cannot read password file", "无法读取密码文件"),
        (
            vec!["--password-file", path(&good), "--passwords", path(&partial)],
            "needs --split-by branch",
            "--split-by branch",
        ),
        (
            vec!["--split-by", "branch", "--passwords", path(&partial)],
            "needs its own password: add --password-file",
            "--password-file",
        ),
        (
            vec!["--split-by", "branch", "--password-file", path(&good), "--passwords", path(&partial)],
            "partial.csv: no password for branch B02, B03",
            "网点 B02、B03 没有密码",
        ),
        (
            vec!["--split-by", "branch", "--password-file", path(&good), "--passwords", path(&typo)],
            "typo.csv, line 5: branch B04 is not in the data",
            "第 5 行：数据中没有网点 B04",
        ),
    ];
    for (args, en, zh) in cases {
        let r: Run = build_site(&data, &out, &args);
        r.expect_code(2).stderr_has(&[en]);
        run(common::branchlens().arg("--lang").arg("zh-CN").arg("build").arg(&data).arg("--out").arg(&out).args(&args))
            .expect_code(2)
            .stderr_has(&[zh]);
        assert!(!out.exists(), "{args:?}: a refused build wrote {}", out.display());
    }
}
