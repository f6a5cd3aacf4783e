//! The in-page explorer end to end: the real binary builds `sample-data/` (`branchlens build`)
//! and scores it (`branchlens score`); `crates/cli/tests/browser/explorer.mjs` then opens each site's
//! `explorer.html` from file:// in headless Chromium and checks that, with default parameters, the
//! explorer's per-customer tiers, warning levels, points, reasons, risk classes, contributions
//! and s3 equal the score CSV, and its totals equal summary.json; then it drives filters,
//! re-scoring, the URL hash, the CSV and branchlens.toml exports and both layouts. Any console
//! error or non-file request fails it.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Builds `sample-data/` into `<target>/e2e-explorer/NAME` with `args`.
fn build(name: &str, args: &[&str]) -> PathBuf {
    let dir = target_dir().join("e2e-explorer").join(name);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot remove {}: {e}", dir.display()),
    }
    std::fs::create_dir_all(dir.parent().expect("a parent")).expect("cannot create the sites directory");
    build_site(&sample_data_dir(), &dir, args).expect_code(0);
    dir
}

/// `branchlens score sample-data` into a temporary directory: (dir, scores.csv, summary.json).
fn score() -> (TempDir, PathBuf, PathBuf) {
    let dir = temp_dir();
    let csv = dir.path().join("scores.csv");
    run(branchlens().arg("score").arg(sample_data_dir()).arg("--out").arg(&csv)).expect_code(0);
    let summary = dir.path().join("summary.json");
    (dir, csv, summary)
}

/// Runs explorer.mjs with `args`; asserts it passed, showing its report otherwise.
#[track_caller]
fn explorer(site: &Path, args: &[&std::ffi::OsStr]) {
    require_browser();
    let out = std::process::Command::new("node")
        .current_dir(browser_dir())
        .arg("explorer.mjs")
        .arg("--site")
        .arg(site)
        .args(args)
        .output()
        .expect("cannot run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("explorer: all checks passed"),
        "explorer.mjs failed on {}:\n{stdout}\n{stderr}",
        site.display()
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn explorer_equals_score_and_summary_in_english() {
    let site = build("en", &[]);
    let (_dir, csv, summary) = score();
    // The build's summary.json is the score command's.
    assert_eq!(read(&site.join("summary.json")), read(&summary));
    explorer(&site, &["--scores".as_ref(), csv.as_os_str(), "--summary".as_ref(), summary.as_os_str()]);
}

#[test]
fn explorer_in_chinese() {
    let site = build("zh", &["--lang", "zh-CN"]);
    let (_dir, csv, summary) = score();
    explorer(
        &site,
        &[
            "--scores".as_ref(),
            csv.as_os_str(),
            "--summary".as_ref(),
            summary.as_os_str(),
            "--lang".as_ref(),
            "zh-CN".as_ref(),
        ],
    );
}

#[test]
fn split_sites_explorer() {
    let root = build("split", &["--split-by", "branch"]);
    let (_dir, csv, _summary) = score();
    // The head-office site carries the whole bank: the same equality as an unsplit site.
    let ho = root.join("head-office");
    let ho_summary = ho.join("summary.json");
    explorer(&ho, &["--scores".as_ref(), csv.as_os_str(), "--summary".as_ref(), ho_summary.as_os_str()]);
    // A branch site's bundle holds only that branch's customers.
    explorer(&root.join("branch-B02"), &["--scores".as_ref(), csv.as_os_str(), "--branch".as_ref(), "B02".as_ref()]);
}

#[test]
fn explorer_files_are_in_every_site() {
    let site = build("files", &["--no-mask"]);
    for f in
        ["explorer.html", "assets/explorer.js", "assets/explorer.css", "assets/branchlens_wasm.js", "data/bundle.js"]
    {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    // The wasm and the script are the committed files under crates/report/site/ (what
    // scripts/build-wasm.sh keeps in step with crates/wasm); the script is the modules of
    // crates/report/site/explorer/ in file-name order, a blank line between two.
    let root = workspace_root();
    let modules = root.join("crates/report/site/explorer");
    let script: Vec<Vec<u8>> = entries(&modules).iter().map(|m| read(&modules.join(m))).collect();
    assert_eq!(
        read(&site.join("assets/branchlens_wasm.js")),
        read(&root.join("crates/report/site/generated/branchlens_wasm.js"))
    );
    assert_eq!(read(&site.join("assets/explorer.js")), script.join(&b'\n'));
    // The page loads classic scripts only, no inline code.
    let html = read_text(&site.join("explorer.html"));
    for src in ["data/bundle.js", "assets/branchlens_wasm.js", "assets/explorer.js"] {
        assert!(html.contains(&format!("<script src=\"{src}\"></script>")), "{src} not loaded");
    }
    assert_eq!(html.matches("<script").count(), 3, "{html}");
}

#[test]
fn explorer_on_an_export_without_last_contact() {
    // sample-data without last_contact and complaints: the explorer re-scores with
    // NO_CONTACT* and COMPLAINTS* off, equal to `branchlens score` on the same data, and its
    // parameters panel says which two signals are off.
    let data = sample_data_without(&["last_contact", "complaints"]);
    let site = target_dir().join("e2e-explorer").join("absent");
    let _ = std::fs::remove_dir_all(&site);
    build_site(data.path(), &site, &[]).expect_code(0);
    let out = temp_dir();
    let (csv, summary) = (out.path().join("scores.csv"), out.path().join("summary.json"));
    run(branchlens().arg("score").arg(data.path()).arg("--out").arg(&csv)).expect_code(0);
    explorer(
        &site,
        &[
            "--scores".as_ref(),
            csv.as_os_str(),
            "--summary".as_ref(),
            summary.as_os_str(),
            "--switched-off".as_ref(),
            "2".as_ref(),
        ],
    );
}
