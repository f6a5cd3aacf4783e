//! End-to-end test helpers, shared by the integration tests of `branchlens-cli` (each test file
//! has `mod common;`): the real `branchlens` binary driven through `assert_cmd` (cargo builds it
//! for these tests and passes its path as `CARGO_BIN_EXE_branchlens`), temporary data
//! directories, and the headless-Chromium scripts of `crates/cli/tests/browser/`.

// Every test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::assert::Assert;
pub use assert_cmd::Command;
pub use tempfile::TempDir;

/// The workspace root (two levels above this package's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/cli sits two levels inside the workspace")
        .to_path_buf()
}

/// The committed `sample-data/` directory.
pub fn sample_data_dir() -> PathBuf {
    workspace_root().join("sample-data")
}

/// A directory under `crates/cli/tests/fixtures/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    tests_dir().join("fixtures").join(name)
}

/// This package's `tests/` directory.
fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Cargo's target directory, where the tests keep the sites they build for inspection:
/// `CARGO_TARGET_DIR` when set (a relative one is taken from the workspace root), else
/// `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// A command for the real `branchlens` binary (built by cargo for these tests, in the profile of
/// the test run). The working directory is left as is: tests pass absolute paths.
pub fn branchlens() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_branchlens"));
    // A panic must show up as a panic message, not depend on the caller's environment.
    cmd.env_remove("RUST_BACKTRACE").env_remove("RUST_LIB_BACKTRACE");
    cmd
}

/// The outcome of one run of the binary, as text; the assertions go through `assert_cmd`.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    output: std::process::Output,
    /// The command line, shown when an assertion fails.
    command: String,
}

impl Run {
    /// The `assert_cmd` assertions over this run's output.
    fn assert(&self) -> Assert {
        Assert::new(self.output.clone()).append_context("command", self.command.clone())
    }

    /// Asserts the exit code, showing both streams when it differs. Returns `self` for chaining.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        self.assert().code(code);
        self
    }

    /// Asserts that stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Run {
        let mut a = self.assert();
        for p in parts {
            a = a.stderr(predicates::str::contains(*p));
        }
        self
    }

    /// Asserts that stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Run {
        let mut a = self.assert();
        for p in parts {
            a = a.stdout(predicates::str::contains(*p));
        }
        self
    }
}

/// `PROGRAM ARG…` of `cmd`, each quoted as Rust would.
fn command_line(cmd: &Command) -> String {
    let mut line = format!("{:?}", cmd.get_program());
    for a in cmd.get_args() {
        line.push_str(&format!(" {a:?}"));
    }
    line
}

/// Runs `cmd` to completion. Fails the test if the binary panicked (a panic is always a bug)
/// or if an output stream is not UTF-8.
#[track_caller]
pub fn run(cmd: &mut Command) -> Run {
    let command = command_line(cmd);
    let output = cmd.output().expect("cannot run branchlens");
    let stdout = String::from_utf8(output.stdout.clone()).expect("stdout is not UTF-8");
    let stderr = String::from_utf8(output.stderr.clone()).expect("stderr is not UTF-8");
    assert!(
        !stderr.contains("panicked at") && output.status.code() != Some(101),
        "branchlens panicked ({command}):\n{stderr}"
    );
    Run { code: output.status.code(), stdout, stderr, output, command }
}

/// Runs `branchlens ARGS…`.
#[track_caller]
pub fn run_args<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(branchlens().args(args))
}

/// A fresh, empty temporary directory (removed when dropped).
pub fn temp_dir() -> TempDir {
    tempfile::Builder::new().prefix("branchlens-e2e-").tempdir().expect("cannot create a temporary directory")
}

/// Copies the regular files directly in `from` into `to` (no subdirectories).
pub fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("cannot create the target directory");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot list {}: {e}", from.display())) {
        let path = entry.expect("cannot read a directory entry").path();
        if path.is_file() {
            let name = path.file_name().expect("a file has a name");
            std::fs::copy(&path, to.join(name)).unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        }
    }
}

/// A temporary copy of `sample-data/`; the data files are directly in the returned directory.
pub fn copy_sample_data() -> TempDir {
    let dir = temp_dir();
    copy_files(&sample_data_dir(), dir.path());
    dir
}

/// A temporary copy of the fixture directory `crates/cli/tests/fixtures/NAME`.
pub fn copy_fixture(name: &str) -> TempDir {
    let dir = temp_dir();
    copy_files(&fixture_dir(name), dir.path());
    dir
}

/// A temporary data directory holding exactly `files` (name, contents as bytes).
pub fn data_dir(files: &[(&str, &[u8])]) -> TempDir {
    let dir = temp_dir();
    for (name, bytes) in files {
        write(&dir.path().join(name), bytes);
    }
    dir
}

/// Writes `bytes` to `path`, creating parent directories.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Reads a whole file as UTF-8 text.
pub fn read_text(path: &Path) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
}

/// The names of the entries of `dir`, sorted (to check what a run left behind).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("cannot read a directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Replaces every spelling of `dir` in `text` (as given, and canonicalized) by `[DATA]`, so
/// output naming temporary paths can be compared and snapshot.
pub fn redact(text: &str, dir: &Path) -> String {
    let mut out = text.to_owned();
    let mut spellings = vec![dir.display().to_string()];
    if let Ok(c) = dir.canonicalize() {
        spellings.push(c.display().to_string());
    }
    // Longest first, so a canonical path that extends the given one is replaced whole.
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in spellings.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s.as_str(), "[DATA]");
    }
    out
}

/// A minimal valid customers.csv with `good` distinct good rows (period 2024-06) followed by
/// `bad` rows with an unparsable `deposit_avg`; line numbers of the bad rows are
/// `good + 2 ..= good + bad + 1`. Managers: see [`MANAGERS_CSV`].
pub fn customers_with_bad_rows(good: usize, bad: usize) -> String {
    let mut s = String::from(CUSTOMERS_HEADER);
    s.push('\n');
    for i in 0..good {
        s.push_str(&format!("2024-06,C{i:05},N{i},retail,B01,M01,2019-01-15,100,0,0,0,deposit,1\n"));
    }
    for i in 0..bad {
        s.push_str(&format!("2024-06,X{i:05},N{i},retail,B01,M01,2019-01-15,abc,0,0,0,deposit,1\n"));
    }
    s
}

/// `csv` without the columns named in `drop` (an export that lacks them), through the csv
/// crate so that quoted fields stay whole.
pub fn drop_columns(csv: &str, drop: &[&str]) -> String {
    let mut rdr = ::csv::Reader::from_reader(csv.as_bytes());
    let head = rdr.headers().expect("a header").clone();
    let keep: Vec<usize> = (0..head.len()).filter(|&i| !drop.contains(&&head[i])).collect();
    assert_eq!(keep.len() + drop.len(), head.len(), "every dropped column is in the header");
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(keep.iter().map(|&i| &head[i])).expect("write");
    for r in rdr.records() {
        let r = r.expect("a record");
        w.write_record(keep.iter().map(|&i| &r[i])).expect("write");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("UTF-8")
}

/// A temporary copy of `sample-data/` whose customers.csv lacks the columns `drop`.
pub fn sample_data_without(drop: &[&str]) -> TempDir {
    let dir = copy_sample_data();
    let path = dir.path().join("customers.csv");
    write(&path, drop_columns(&read_text(&path), drop));
    dir
}

/// The required columns of customers.csv, in contract order.
pub const CUSTOMERS_HEADER: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count";

/// A managers.csv with the one manager (`M01`, branch `B01`) the generated customers use.
pub const MANAGERS_CSV: &str =
    "manager_id,name,branch_id,grade,hire_date,status\nM01,王芳,B01,senior,2015-03-01,active\n";

// ---------------------------------------------------------------------------------------------
// Built sites and the headless-browser checks (crates/cli/tests/browser/check-site.mjs).

/// The Chromium executable the browser checks drive (Debian's package).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// `crates/cli/tests/browser/`: the Node scripts that drive headless Chromium, and their
/// `node_modules`.
pub fn browser_dir() -> PathBuf {
    tests_dir().join("browser")
}

/// Fails the test (never skips it) when the browser checks cannot run: no `node`, no
/// `/usr/bin/chromium`, or no `crates/cli/tests/browser/node_modules/playwright-core`.
#[track_caller]
pub fn require_browser() {
    const HINT: &str =
        "run `bash scripts/setup.sh --browser` (installs chromium and runs `npm ci` in crates/cli/tests/browser)";
    let node = std::process::Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "the browser checks need `node` on PATH ({node:?}); install Node.js 20+, then {HINT}"
    );
    assert!(Path::new(CHROMIUM).is_file(), "the browser checks need {CHROMIUM}; {HINT}");
    let pw = browser_dir().join("node_modules").join("playwright-core").join("package.json");
    assert!(pw.is_file(), "the browser checks need {}; {HINT}", pw.display());
}

/// Runs `node check-site.mjs SITE ARGS…` in [`browser_dir`] (after [`require_browser`]). Exit 0:
/// every page passed; 1: problems, listed on stderr; 2: usage or setup error.
#[track_caller]
pub fn check_site(site: &Path, args: &[&str]) -> Run {
    browser_script("check-site.mjs", site, args)
}

/// Runs `node SCRIPT SITE ARGS…` in [`browser_dir`] (after [`require_browser`]).
#[track_caller]
pub fn browser_script(script: &str, site: &Path, args: &[&str]) -> Run {
    require_browser();
    let mut cmd = std::process::Command::new("node");
    cmd.current_dir(browser_dir()).arg(script).arg(site).args(args);
    let output = cmd.output().expect("cannot run node");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        output,
        command: format!("{cmd:?}"),
    }
}

/// Runs `branchlens build DATA --out OUT ARGS…`.
#[track_caller]
pub fn build_site(data: &Path, out: &Path, args: &[&str]) -> Run {
    run(branchlens().arg("build").arg(data).arg("--out").arg(out).args(args))
}

/// Every regular file under `dir` (recursively), as paths relative to `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
            let entry = entry.expect("cannot read a directory entry");
            let path = entry.path();
            let kind = entry.file_type().expect("cannot read a file type");
            if kind.is_dir() {
                walk(root, &path, out);
            } else if kind.is_file() {
                out.push(path.strip_prefix(root).expect("a walked path is under its root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
