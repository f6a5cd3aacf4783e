//! The realistic platform-export fixture (`tests/fixtures/platform/`, issue 11): regenerating it
//! with the `platform_export` example from `sample-data/` gives the committed bytes (contract
//! subset and export, workbooks included), so it cannot drift silently; the CSV form of the
//! export has the promised encodings and forms; the contract subset is clean data.
//!
//! Regenerate after a deliberate change (see fixtures/platform/README.md):
//! `cargo run -p branchlens-cli --example platform_export -- sample-data crates/cli/tests/fixtures/platform/export
//! --customers 300 --last-months 4 --contract-out crates/cli/tests/fixtures/platform/contract`

mod common;

use std::path::Path;
use std::process::Command;

use common::{
    branchlens, entries, fixture_dir, read, read_text, run, run_args, sample_data_dir, temp_dir, workspace_root,
};

/// Runs the `platform_export` example (built by a nested cargo in the profile of this test run,
/// with the dependencies the test build already compiled) with `args`; fails on a non-zero exit.
#[track_caller]
fn platform_export(args: &[&std::ffi::OsStr]) {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(workspace_root()).args(["run", "--quiet", "-p", "branchlens-cli", "--example", "platform_export"]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let out = cmd.arg("--").args(args).output().expect("cannot run cargo");
    assert!(out.status.success(), "platform_export failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Asserts that `got` holds exactly the files of `want`, byte for byte.
#[track_caller]
fn same_files(got: &Path, want: &Path) {
    assert_eq!(entries(got), entries(want), "the files of {} differ", want.display());
    for name in entries(want) {
        assert!(
            read(&got.join(&name)) == read(&want.join(&name)),
            "{}/{name} differs from what platform_export writes now; regenerate the fixture deliberately",
            want.display()
        );
    }
}

#[test]
fn fixture_regenerates_byte_for_byte() {
    let tmp = temp_dir();
    let (contract, export) = (tmp.path().join("contract"), tmp.path().join("export"));
    let sample = sample_data_dir();
    platform_export(&[
        sample.as_os_str(),
        export.as_os_str(),
        "--customers".as_ref(),
        "300".as_ref(),
        "--last-months".as_ref(),
        "4".as_ref(),
        "--contract-out".as_ref(),
        contract.as_os_str(),
    ]);
    let fixture = fixture_dir("platform");
    same_files(&contract, &fixture.join("contract"));
    same_files(&export, &fixture.join("export"));
    assert_eq!(
        entries(&fixture.join("export")),
        [
            "README.md",
            "branchlens.toml",
            "业绩分成.csv",
            "客户月报_202607.xlsx",
            "客户月报_202608.xlsx",
            "客户月报_202609.xlsx",
            "客户月报_202610.xlsx",
            "客户经理.csv",
        ]
    );
}

#[test]
fn contract_subset_is_clean() {
    let contract = fixture_dir("platform").join("contract");
    run_args([std::ffi::OsStr::new("check"), contract.as_os_str()])
        .expect_code(0)
        .stdout_has(&["Managers: 20", "Issues: 0 errors (row skipped), 0 warnings, 0 notices"]);
}

#[test]
fn csv_form_of_the_export() {
    let tmp = temp_dir();
    let contract = fixture_dir("platform").join("contract");
    platform_export(&[contract.as_os_str(), tmp.path().as_os_str(), "--format".as_ref(), "csv".as_ref()]);
    let month = read(&tmp.path().join("客户月报_202610.csv"));
    let text = std::str::from_utf8(&month).expect("the customers export is UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("the customers export starts with a BOM");
    let header = text.split("\r\n").next().unwrap_or_default();
    assert!(header.starts_with("客户编号,客户名称,证件号码,客户类别,"), "{header}");
    assert!(
        header.contains("存款日均余额(万元)") && !header.contains("期间") && !header.contains("period"),
        "{header}"
    );
    let slash_date = |f: &str| f.len() == 10 && f.as_bytes()[4] == b'/' && f.as_bytes()[7] == b'/';
    assert!(text.split([',', '\r', '\n']).any(slash_date), "some last contacts are YYYY/MM/DD");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line endings");

    let managers = read(&tmp.path().join("客户经理.csv"));
    assert!(std::str::from_utf8(&managers).is_err(), "the managers file is GBK, not UTF-8");
    let (managers, _, bad) = encoding_rs::GBK.decode(&managers);
    assert!(!bad);
    assert!(
        managers.starts_with("员工编号,员工姓名,所属机构,职级,入职日期,在职状态,统计月份,存款目标(万元),"),
        "{managers}"
    );
    assert!(managers.contains(",在职,202610,"));

    let config = read_text(&tmp.path().join("branchlens.toml"));
    assert!(config.contains("files = [\"客户月报_*.csv\"]") && !config.contains("sheet ="), "{config}");
    assert!(config.contains("encoding = \"gbk\"") && config.contains("\"单位活期存款\" = \"deposit\""), "{config}");
}

/// Copies the files of `from` (one level) into `to`, which is created.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("cannot create the copy");
    for name in entries(from) {
        std::fs::copy(from.join(&name), to.join(&name)).expect("cannot copy a fixture file");
    }
}

/// `score DIR` into the fresh directory `out`: the scores CSV and summary.json.
fn score(dir: &Path, out: &Path) -> (Vec<u8>, Vec<u8>) {
    std::fs::create_dir_all(out).expect("cannot create the output directory");
    let csv = out.join("scores.csv");
    run(branchlens().args(["score".as_ref(), dir.as_os_str(), "--out".as_ref(), csv.as_os_str()])).expect_code(0);
    (read(&csv), read(&out.join("summary.json")))
}

/// Issue 11, item 7: the platform export (monthly .xlsx without a period column, platform
/// headers, 万元, YYYYMMDD numbers and date cells, Chinese values, a GBK managers file, extra
/// columns) scores byte-identically to the same data in contract form — with its committed
/// mapping, and with the mapping `init --from` proposes (no hand edits).
#[test]
fn the_export_scores_like_its_contract_form() {
    let fixture = fixture_dir("platform");
    let tmp = temp_dir();
    let contract = score(&fixture.join("contract"), &tmp.path().join("contract"));
    let mapped = score(&fixture.join("export"), &tmp.path().join("mapped"));
    assert!(mapped.0 == contract.0, "score of the mapped export differs from the contract form");
    assert!(mapped.1 == contract.1, "summary.json of the mapped export differs from the contract form");

    let proposed = tmp.path().join("proposed");
    copy_files(&fixture.join("export"), &proposed);
    std::fs::remove_file(proposed.join("branchlens.toml")).expect("cannot remove the mapping");
    run(branchlens().args(["init".as_ref(), "--from".as_ref(), proposed.as_os_str()])).expect_code(0);
    let toml = read_text(&proposed.join("branchlens.toml"));
    assert!(toml.contains("files = [\"客户月报_*.xlsx\"]") && toml.contains("sheet = \"客户明细\""), "{toml}");
    assert!(!toml.contains("# TODO"), "the proposal needs hand edits:\n{toml}");
    let from_proposal = score(&proposed, &tmp.path().join("from-proposal"));
    assert!(from_proposal.0 == contract.0, "score after init --from differs from the contract form");

    // `check` names the workbook's sheet and reads the 万元 columns as such.
    let c = run(branchlens().args(["check".as_ref(), fixture.join("export").as_os_str()]));
    c.expect_code(0);
    c.stdout_has(&["客户月报_202610.xlsx!客户明细", "deposit_avg            ← 存款日均余额(万元)  (in 10,000 yuan)"]);
}
