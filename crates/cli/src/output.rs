//! Writing outputs atomically: a file is written beside its target under a temporary name and
//! renamed into place, so a failed run never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A temporary path beside `target` (same directory, so the rename is atomic).
fn temp_beside(target: &Path) -> PathBuf {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Writes `bytes` to `target` atomically.
pub fn write_file_atomic(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    commit_all(vec![Staged::write(target, fill)?]).map_err(|(_, e)| e)
}

/// A file written in full under a temporary name beside its target, not yet renamed into
/// place. Dropping it without [`commit_all`] removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    tmp: Option<PathBuf>,
}

impl Staged {
    /// Writes `fill`'s bytes to a temporary file beside `target` (creating the directory) and
    /// syncs it. On failure nothing is left behind.
    pub fn write(target: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<Staged> {
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = temp_beside(target);
        // From here on, dropping `staged` removes the temporary file.
        let staged = Staged { target: target.to_path_buf(), tmp: Some(tmp.clone()) };
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut f)?;
        f.flush()?;
        f.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()?;
        Ok(staged)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A path beside `target` to keep its previous contents while a set of files is committed.
fn backup_beside(target: &Path) -> PathBuf {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    target.with_file_name(format!(".{name}.bak-{}", std::process::id()))
}

/// Renames every staged file into place, as a set: when one rename fails, the files already
/// renamed are put back as they were (the previous file restored, or a new one removed) and the
/// remaining temporary files are removed. Returns the target that failed with the error.
///
/// Not atomic against a crash between two renames (no file system offers that), but a failure
/// the process sees never leaves a mix of new and old outputs.
pub fn commit_all(mut staged: Vec<Staged>) -> Result<(), (PathBuf, std::io::Error)> {
    // (target, backup of its previous contents) of the files renamed so far.
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for s in &mut staged {
        let Some(tmp) = s.tmp.clone() else { continue };
        // Keep the previous file under a second name (a hard link: the target never disappears).
        let backup = if std::fs::symlink_metadata(&s.target).is_ok_and(|m| m.is_file()) {
            let b = backup_beside(&s.target);
            let _ = std::fs::remove_file(&b);
            match std::fs::hard_link(&s.target, &b).or_else(|_| std::fs::copy(&s.target, &b).map(|_| ())) {
                Ok(()) => Some(b),
                Err(e) => {
                    failure = Some((s.target.clone(), e));
                    break;
                }
            }
        } else {
            None
        };
        match std::fs::rename(&tmp, &s.target) {
            Ok(()) => {
                s.tmp = None;
                done.push((s.target.clone(), backup));
            }
            Err(e) => {
                if let Some(b) = backup {
                    let _ = std::fs::remove_file(b);
                }
                failure = Some((s.target.clone(), e));
                break;
            }
        }
    }
    match failure {
        None => {
            for (_, backup) in done {
                if let Some(b) = backup {
                    let _ = std::fs::remove_file(b);
                }
            }
            Ok(())
        }
        Some(err) => {
            for (target, backup) in done.into_iter().rev() {
                let _ = match backup {
                    Some(b) => std::fs::rename(b, &target),
                    None => std::fs::remove_file(&target),
                };
            }
            // Dropping `staged` removes the temporary files not renamed.
            Err(err)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The names in `dir`, sorted (tests of atomic writes: nothing left beside the target).
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_all_renames_every_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.json"));
        std::fs::write(&a, b"old a").expect("write");
        let staged = vec![
            Staged::write(&a, |w: &mut dyn Write| w.write_all(b"new a")).expect("stage a"),
            Staged::write(&b, |w: &mut dyn Write| w.write_all(b"new b")).expect("stage b"),
        ];
        commit_all(staged).expect("commit");
        assert_eq!(std::fs::read(&a).expect("a"), b"new a");
        assert_eq!(std::fs::read(&b).expect("b"), b"new b");
        assert_eq!(names(dir.path()), ["a.csv", "b.json"]);
    }

    #[test]
    fn commit_all_failing_on_the_second_restores_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b, c) = (dir.path().join("a.csv"), dir.path().join("b.json"), dir.path().join("c.csv"));
        std::fs::write(&a, b"old a").expect("write");
        // A directory where b.json should go: its rename fails.
        std::fs::create_dir(&b).expect("mkdir");
        let staged = vec![
            Staged::write(&a, |w: &mut dyn Write| w.write_all(b"new a")).expect("stage a"),
            Staged::write(&c, |w: &mut dyn Write| w.write_all(b"new c")).expect("stage c"),
            Staged::write(&b, |w: &mut dyn Write| w.write_all(b"new b")).expect("stage b"),
        ];
        let (failed, _) = commit_all(staged).expect_err("b is a directory");
        assert_eq!(failed, b);
        // a.csv has its old contents again, c.csv (new) is gone, no temporary or backup file.
        assert_eq!(std::fs::read(&a).expect("a"), b"old a");
        assert_eq!(names(dir.path()), ["a.csv", "b.json"]);
    }

    #[test]
    fn a_failed_stage_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.csv");
        let r = Staged::write(&a, |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        let staged = Staged::write(&a, |w: &mut dyn Write| w.write_all(b"x")).expect("stage");
        drop(staged);
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("a.csv");
        std::fs::write(&target, b"old").expect("write");
        let r = write_file_atomic(&target, |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
        write_file_atomic(&target, |w: &mut dyn Write| w.write_all(b"new")).expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
    }
}
