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

fn fail(en: String, zh: String) -> Failure {
    Failure::new(2, en, zh)
}

fn read_small(p: &Path, what: &str) -> Result<String, Failure> {
    let meta = std::fs::metadata(p).map_err(|e| {
        fail(
            format!("{}: cannot read {what}: {e}", p.display()),
            format!("{}：无法读取{}：{e}", p.display(), zh_what(what)),
        )
    })?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!("{}: not a {what} (not a regular file of at most 1 MiB)", p.display()),
            format!("{}：不是{}（应为不超过 1 MiB 的普通文件）", p.display(), zh_what(what)),
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| {
        fail(
            format!("{}: cannot read {what}: {e}", p.display()),
            format!("{}：无法读取{}：{e}", p.display(), zh_what(what)),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            format!("{}: the {what} is not UTF-8 text", p.display()),
            format!("{}：{}不是 UTF-8 文本", p.display(), zh_what(what)),
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

fn zh_what(what: &str) -> &'static str {
    if what == "password file" {
        "密码文件"
    } else {
        "网点密码文件"
    }
}

fn weak(p: &Path, line: Option<u64>, e: PasswordError) -> Failure {
    let at = line.map(|l| format!(", line {l}")).unwrap_or_default();
    let at_zh = line.map(|l| format!("第 {l} 行")).unwrap_or_default();
    fail(
        format!("{}{at}: password refused: {e}", p.display()),
        format!("{}{}{at_zh}：密码不可用：{}", p.display(), if at_zh.is_empty() { "" } else { " " }, e.message_zh()),
    )
}

/// Reads `--password-file` and `--passwords` (`None` when neither is given).
pub fn read(password_file: Option<&Path>, passwords: Option<&Path>, split: bool) -> Result<Option<Passwords>, Failure> {
    if passwords.is_some() && !split {
        return Err(fail(
            "--passwords sets one password per branch site; it needs --split-by branch".into(),
            "--passwords 为每个网点站点设置密码，需要同时使用 --split-by branch".into(),
        ));
    }
    let Some(pf) = password_file else {
        return match passwords {
            None => Ok(None),
            Some(_) => Err(fail(
                "--passwords covers the branch sites; the head-office site needs its own password: add --password-file FILE".into(),
                "--passwords 只覆盖网点站点；总行站点需要单独的密码：请加上 --password-file FILE".into(),
            )),
        };
    };
    let text = read_small(pf, "password file")?;
    let line = text.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&text);
    if line.contains('\n') {
        return Err(fail(
            format!("{}: a password file holds one line, the password; this one has more", pf.display()),
            format!("{}：密码文件只应有一行（密码），此文件有多行", pf.display()),
        ));
    }
    let main = Password::new(line.to_string()).map_err(|e| weak(pf, None, e))?;
    let mut branches = BTreeMap::new();
    if let Some(bf) = passwords {
        branches = read_branch_passwords(bf)?;
    }
    Ok(Some(Passwords { main, branches, branches_file: passwords.map(Path::to_path_buf) }))
}

fn read_branch_passwords(p: &Path) -> Result<BTreeMap<String, (Password, u64)>, Failure> {
    let text = read_small(p, "branch passwords file")?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let bad_header = || {
        fail(
            format!("{}, line 1: the header must be branch_id,password (or 网点编号,密码)", p.display()),
            format!("{} 第 1 行：表头应为 branch_id,password（或 网点编号,密码）", p.display()),
        )
    };
    let headers = rdr.headers().map_err(|_| bad_header())?.clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if !(names == ["branch_id", "password"] || names == ["网点编号", "密码"]) {
        return Err(bad_header());
    }
    let mut out: BTreeMap<String, (Password, u64)> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            fail(
                format!("{}: not a valid CSV file: {e}", p.display()),
                format!("{}：不是有效的 CSV 文件：{e}", p.display()),
            )
        })?;
        let line = rec.position().map_or(0, |pos| pos.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != 2 {
            return Err(fail(
                format!("{}, line {line}: expected 2 fields (branch_id,password), found {}", p.display(), rec.len()),
                format!("{} 第 {line} 行：应有 2 个字段（branch_id,password），实有 {} 个", p.display(), rec.len()),
            ));
        }
        let id = rec[0].trim().to_string();
        let pw = Password::new(rec[1].to_string()).map_err(|e| weak(p, Some(line), e))?;
        if id.is_empty() {
            return Err(fail(
                format!("{}, line {line}: empty branch_id", p.display()),
                format!("{} 第 {line} 行：branch_id 为空", p.display()),
            ));
        }
        if let Some((_, first)) = out.get(&id) {
            return Err(fail(
                format!("{}, line {line}: branch {id} has a password already (line {first})", p.display()),
                format!("{} 第 {line} 行：网点 {id} 已有密码（第 {first} 行）", p.display()),
            ));
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
                return Err(fail(
                    format!(
                        "{}: no password for branch {} (every branch site needs one)",
                        file.display(),
                        missing.join(", ")
                    ),
                    format!("{}：网点 {} 没有密码（每个网点站点都需要密码）", file.display(), missing.join("、")),
                ));
            }
            if let Some((id, (_, line))) = self.branches.iter().find(|(id, _)| !data.contains(&id.as_str())) {
                return Err(fail(
                    format!("{}, line {line}: branch {id} is not in the data (a typo?)", file.display()),
                    format!("{} 第 {line} 行：数据中没有网点 {id}（是否写错？）", file.display()),
                ));
            }
        }
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|e| {
            fail(
                format!("cannot read random bytes from the operating system: {e}"),
                format!("无法从操作系统获取随机数：{e}"),
            )
        })?;
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
            assert!(e.en.contains(needle) && e.en.contains("bad"), "{}", e.en);
            assert!(!e.zh.is_empty());
        }
        let e = read(Some(&d.path().join("none")), None, false).expect_err("missing");
        assert!(e.en.contains("cannot read password file"), "{}", e.en);
    }

    #[test]
    fn branch_passwords_need_split_and_a_head_office_password() {
        let d = tempfile::tempdir().expect("tempdir");
        let pw = file(d.path(), "pw", "head office password\n");
        let bp = file(d.path(), "bp.csv", "branch_id,password\nB01,branch one password\n");
        assert!(read(Some(&pw), Some(&bp), false).expect_err("no split").en.contains("--split-by branch"));
        assert!(read(None, Some(&bp), true).expect_err("no head office").en.contains("--password-file"));
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
            assert!(e.en.contains(needle), "{text:?}: {}", e.en);
        }
        // Chinese headers, a BOM, blank lines.
        let f = file(d.path(), "bp.csv", "\u{feff}网点编号,密码\nB01,branch one password\n\nB02,branch two password\n");
        assert_eq!(read(Some(&pw), Some(&f), true).expect("read").expect("some").branches.len(), 2);
    }
}
