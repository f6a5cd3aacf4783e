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
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temp_beside(target);
    let result = (|| {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut f)?;
        f.flush()?;
        f.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

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
