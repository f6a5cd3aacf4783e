//! `build --password-file FILE` and `build --split-by branch --passwords FILE`: the passwords of
//! an encrypted build, read and checked before anything is loaded, and the random seed of the
//! sites' salts (the one place the build uses randomness).
//!
//! - `--password-file FILE`: one line, the password (a final newline is dropped). It locks the
//!   site, or with `--split-by branch` every site (head office and branches).
//! - `--passwords FILE`: CSV with the header `branch_id,password` (or `网点编号,密码`), one row
//!   per branch of the data; needs `--split-by branch` and a `--password-file` for the head-office
//!   site. A branch missing from the file, a branch the data does not have, a repeated branch or
//!   a weak password is an error naming the file and line: a typo must not leave a branch's site
//!   under the wrong password.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use branchlens_core::summary::Analysis;
use branchlens_i18n::Msg;
use branchlens_report::{Encryption, Password, PasswordError};

use crate::Failure;

/// A password file larger than this is not a password file.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The passwords as read, before they are matched with the data's branches.
#[derive(Debug)]
pub struct Passwords {
    main: Password,
    /// Branch id → (password, line in the passwords file).
    branches: BTreeMap<String, (Password, u64)>,
    branches_file: Option<PathBuf>,
}

/// A problem with `what` (a [`Msg::PasswordFile`] or a [`Msg::BranchPasswordsFile`]) at `p`.
fn file_fail(m: Msg, p: &Path, what: Msg, error: Option<String>) -> Failure {
    let path = p.display().to_string();
    Failure::new(2, move |lang| {
        let what = what.text(lang);
        match &error {
            Some(e) => m.fill(lang, &[("path", &path), ("what", &what), ("error", e)]),
            None => m.fill(lang, &[("path", &path), ("what", &what)]),
        }
    })
}

fn read_small(p: &Path, what: Msg) -> Result<String, Failure> {
    let unreadable = |e: std::io::Error| file_fail(Msg::PasswordCannotRead, p, what, Some(e.to_string()));
    let meta = std::fs::metadata(p).map_err(unreadable)?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(file_fail(Msg::PasswordNotAFile, p, what, None));
    }
    let bytes = std::fs::read(p).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| file_fail(Msg::PasswordNotUtf8, p, what, None))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

fn weak(p: &Path, line: Option<u64>, e: PasswordError) -> Failure {
    let path = p.display().to_string();
    Failure::new(2, move |lang| {
        let reason = e.message(lang);
        match line {
            Some(l) => Msg::PasswordRefusedAtLine.fill(lang, &[("path", &path), ("line", &l), ("reason", &reason)]),
            None => Msg::PasswordRefused.fill(lang, &[("path", &path), ("reason", &reason)]),
        }
    })
}

/// Reads `--password-file` and `--passwords` (`None` when neither is given).
pub fn read(password_file: Option<&Path>, passwords: Option<&Path>, split: bool) -> Result<Option<Passwords>, Failure> {
    if passwords.is_some() && !split {
        return Err(Failure::msg(Msg::PasswordsNeedSplit, &[]));
    }
    let Some(pf) = password_file else {
        return match passwords {
            None => Ok(None),
            Some(_) => Err(Failure::msg(Msg::PasswordsNeedHeadOffice, &[])),
        };
    };
    let text = read_small(pf, Msg::PasswordFile)?;
    let line = text.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&text);
    if line.contains('\n') {
        return Err(Failure::msg(Msg::PasswordFileOneLine, &[("path", &pf.display())]));
    }
    let main = Password::new(line.to_string()).map_err(|e| weak(pf, None, e))?;
    let mut branches = BTreeMap::new();
    if let Some(bf) = passwords {
        branches = read_branch_passwords(bf)?;
    }
    Ok(Some(Passwords { main, branches, branches_file: passwords.map(Path::to_path_buf) }))
}

fn read_branch_passwords(p: &Path) -> Result<BTreeMap<String, (Password, u64)>, Failure> {
    let text = read_small(p, Msg::BranchPasswordsFile)?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let bad_header = || Failure::msg(Msg::PasswordsBadHeader, &[("path", &p.display())]);
    let headers = rdr.headers().map_err(|_| bad_header())?.clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if !(names == ["branch_id", "password"] || names == ["网点编号", "密码"]) {
        return Err(bad_header());
    }
    let mut out: BTreeMap<String, (Password, u64)> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Failure::msg(Msg::PasswordsBadCsv, &[("path", &p.display()), ("error", &e)]))?;
        let line = rec.position().map_or(0, |pos| pos.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != 2 {
            let found = rec.len();
            return Err(Failure::msg(
                Msg::PasswordsFieldCount,
                &[("path", &p.display()), ("line", &line), ("found", &found)],
            ));
        }
        let id = rec[0].trim().to_string();
        let pw = Password::new(rec[1].to_string()).map_err(|e| weak(p, Some(line), e))?;
        if id.is_empty() {
            return Err(Failure::msg(Msg::PasswordsEmptyBranch, &[("path", &p.display()), ("line", &line)]));
        }
        if let Some((_, first)) = out.get(&id) {
            let at = [("path", &p.display() as &dyn std::fmt::Display), ("line", &line), ("id", &id), ("first", first)];
            return Err(Failure::msg(Msg::PasswordsRepeatedBranch, &at));
        }
        out.insert(id, (pw, line));
    }
    Ok(out)
}

impl Passwords {
    /// Matches the branch passwords with the branches of the analysis and draws the random seed
    /// of the salts from the operating system.
    pub fn encryption(self, a: &Analysis<'_>) -> Result<Encryption, Failure> {
        if let Some(file) = &self.branches_file {
            let data: Vec<&str> = a.performance.branches.iter().map(|b| a.ds.branch_id(b.branch)).collect();
            let missing: Vec<&str> = data.iter().copied().filter(|id| !self.branches.contains_key(*id)).collect();
            if !missing.is_empty() {
                let path = file.display().to_string();
                let missing: Vec<String> = missing.iter().map(|id| id.to_string()).collect();
                return Err(Failure::new(2, move |lang| {
                    let ids = missing.join(Msg::ListSeparator.text(lang));
                    Msg::PasswordsMissingBranch.fill(lang, &[("path", &path), ("ids", &ids)])
                }));
            }
            if let Some((id, (_, line))) = self.branches.iter().find(|(id, _)| !data.contains(&id.as_str())) {
                let at = [("path", &file.display() as &dyn std::fmt::Display), ("line", line), ("id", id)];
                return Err(Failure::msg(Msg::PasswordsUnknownBranch, &at));
            }
        }
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|e| Failure::msg(Msg::PasswordsNoRandomness, &[("error", &e)]))?;
        Ok(Encryption {
            password: self.main,
            branch_passwords: self.branches.into_iter().map(|(k, (p, _))| (k, p)).collect(),
            seed,
            iterations: branchlens_report::lock::PBKDF2_ITERATIONS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use branchlens_core::config::Lang;

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn reads_one_line_and_refuses_weak_or_odd_files() {
        let d = tempfile::tempdir().expect("tempdir");
        let ok = file(d.path(), "pw", "correct horse battery\r\n");
        let p = read(Some(&ok), None, false).expect("read").expect("some");
        assert_eq!(p.main, Password::new("correct horse battery".into()).expect("valid"));
        assert!(read(None, None, false).expect("read").is_none());
        for (text, needle) in [
            ("short\n", "shorter than 8"),
            ("two lines here\nsecond line\n", "one line"),
            ("tab\tinside password\n", "control character"),
        ] {
            let f = file(d.path(), "bad", text);
            let e = read(Some(&f), None, false).expect_err(text);
            assert!(
                e.message(Lang::En).contains(needle) && e.message(Lang::En).contains("bad"),
                "{}",
                e.message(Lang::En)
            );
            assert!(!e.message(Lang::ZhCn).is_empty());
        }
        let e = read(Some(&d.path().join("none")), None, false).expect_err("missing");
        assert!(e.message(Lang::En).contains("cannot read password file"), "{}", e.message(Lang::En));
    }

    #[test]
    fn branch_passwords_need_split_and_a_head_office_password() {
        let d = tempfile::tempdir().expect("tempdir");
        let pw = file(d.path(), "pw", "head office password\n");
        let bp = file(d.path(), "bp.csv", "branch_id,password\nB01,branch one password\n");
        assert!(read(Some(&pw), Some(&bp), false)
            .expect_err("no split")
            .message(Lang::En)
            .contains("--split-by branch"));
        assert!(read(None, Some(&bp), true).expect_err("no head office").message(Lang::En).contains("--password-file"));
        let p = read(Some(&pw), Some(&bp), true).expect("read").expect("some");
        assert_eq!(p.branches.len(), 1);
        assert_eq!(p.branches["B01"].1, 2);
    }

    #[test]
    fn branch_password_files_are_checked_line_by_line() {
        let d = tempfile::tempdir().expect("tempdir");
        let pw = file(d.path(), "pw", "head office password\n");
        for (text, needle) in [
            ("id,pw\nB01,branch one password\n", "line 1: the header"),
            ("branch_id,password\nB01,short\n", "line 2: password refused"),
            (
                "branch_id,password\nB01,branch one password\nB01,branch one again\n",
                "line 3: branch B01 has a password already (line 2)",
            ),
            ("branch_id,password\nB01,branch one password,extra\n", "line 2: expected 2 fields"),
            ("branch_id,password\n,branch one password\n", "line 2: empty branch_id"),
        ] {
            let f = file(d.path(), "bp.csv", text);
            let e = read(Some(&pw), Some(&f), true).expect_err(text);
            assert!(e.message(Lang::En).contains(needle), "{text:?}: {}", e.message(Lang::En));
        }
        // Chinese headers, a BOM, blank lines.
        let f = file(d.path(), "bp.csv", "\u{feff}网点编号,密码\nB01,branch one password\n\nB02,branch two password\n");
        assert_eq!(read(Some(&pw), Some(&f), true).expect("read").expect("some").branches.len(), 2);
    }
}
