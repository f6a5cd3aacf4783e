//! `branchlens build DATA_DIR --out SITE_DIR`: the static report set.
//!
//! Reads the data directory once (hashing each input for manifest.json), analyses the period
//! once, renders every page with `branchlens_report`, and writes the site atomically: all files
//! go into a temporary directory beside SITE_DIR, which then replaces SITE_DIR in two renames. A
//! failed build leaves the previous SITE_DIR as it was and no temporary directory.
//!
//! With `--split-by branch`, SITE_DIR holds `head-office/` (every branch) and one
//! `branch-<slug>/` per branch (only that branch's customers), so folder permissions decide who
//! sees what.

use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use branchlens_core::config::Lang;
use branchlens_core::summary::analyze;
use branchlens_i18n::Msg;
use branchlens_report::{render_site_with_progress, InputDigest, QualityInput, SiteFile, SiteOptions, Templates};
use sha2::{Digest, Sha256};

use crate::{input, passwords, score, BuildArgs, Failure, Timings};

/// Runs `build`. `report_lang` is the global `--lang` (else the configuration's `report.lang`);
/// `lang` is the language of the messages.
pub fn run(a: &BuildArgs, report_lang: Option<Lang>, lang: Lang, t: &mut Timings) -> Result<u8, Failure> {
    let progress = Progress::new();
    let (cfg, cfg_path) = input::read_config(a.data.config.as_deref(), Some(&a.data.data_dir))?;
    let files = input::locate(&a.data.data_dir, &cfg.input)?;
    guard_out(&a.out, &a.data.data_dir)?;
    let templates = read_templates(a.templates.as_deref())?;
    let passwords = passwords::read(a.password_file.as_deref(), a.passwords.as_deref(), a.split_by.is_some())?;

    // Hash every input for manifest.json on a second thread while the loader reads the files
    // (streaming: the files are not held twice in memory).
    let mut paths: Vec<(PathBuf, String)> = files.all().map(|f| (f.path.clone(), f.name.clone())).collect();
    paths.extend(cfg_path.iter().map(|p| (p.clone(), file_name(p))));
    let (loaded, inputs) = std::thread::scope(|s| {
        let hashing = s.spawn(|| paths.iter().map(|(p, n)| digest(p, n)).collect::<Result<Vec<_>, Failure>>());
        let loaded = input::load_dir(&files, a.data.encoding, &cfg);
        let inputs = hashing.join().unwrap_or_else(|_| Err(Failure::msg(Msg::BuildHashingFailed, &[])));
        (loaded, inputs)
    });
    let (loaded, inputs) = (loaded?, inputs?);
    t.mark("load");
    loaded.verdict(a.data.strict, cfg.data_quality.max_bad_row_ratio).map_err(input::InputError::Load)?;
    score::report_issues(&loaded.issues, lang);
    let ds = &loaded.dataset;
    let as_of = score::as_of(ds, a.period)?;
    let analysis = analyze(ds, &cfg, as_of);
    score::report_findings(&analysis.findings, lang);
    t.mark("analyze");
    let encryption = passwords.map(|p| p.encryption(&analysis)).transpose()?;
    let encrypted = encryption.is_some();

    let site_opts = SiteOptions {
        lang: report_lang.unwrap_or(cfg.report.lang),
        unit: a.unit.unwrap_or(cfg.report.unit),
        mask: cfg.report.mask && !a.no_mask,
        split_by_branch: a.split_by.is_some(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        inputs,
        config_file: cfg_path.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
        templates_overridden: templates.1,
        encryption,
    };
    let quality = QualityInput { files: &loaded.files, issues: &loaded.issues };
    let site = render_site_with_progress(&analysis, &quality, &site_opts, &templates.0, &|done, total| {
        progress.tick(done, total, lang);
    })
    .map_err(|e| Failure::msg(Msg::BuildReportFailed, &[("error", &e)]))?;
    t.mark("render");
    progress.message(Msg::BuildWritingFiles.text(lang));
    write_site_atomic(&a.out, &site).map_err(|e| io_fail(&a.out, Msg::CliCannotWrite, &e))?;
    progress.finish();
    t.mark("write");
    let pages = site.iter().filter(|f| f.path.ends_with(".html")).count();
    println!("{}", Msg::BuildBuilt.fill(lang, &[("period", &as_of), ("pages", &pages), ("out", &a.out.display())]));
    if encrypted {
        let sites = site.iter().filter(|f| f.path.ends_with("manifest.json")).count();
        println!("{}", Msg::BuildEncrypted.fill(lang, &[("sites", &sites)]));
    }
    Ok(0)
}

/// The SHA-256 of an input file, read in 1 MiB blocks.
/// The file name of `p`, as the manifest lists the configuration file.
fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The digest of input `p`, listed as `name` (its path relative to the data directory).
fn digest(p: &Path, name: &str) -> Result<InputDigest, Failure> {
    use std::io::Read;
    // The loader's own checks first (regular file, size limit): a device such as /dev/zero
    // would otherwise be hashed forever on this thread while the loader has refused it.
    let mut f = input::open(p)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| io_fail(p, Msg::CliCannotRead, &e))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok(InputDigest { file: name.to_string(), bytes: n, sha256: hex::encode(h.finalize()) })
}

/// `path: cannot read/write: the OS's text` (`m` is [`Msg::CliCannotRead`] or
/// [`Msg::CliCannotWrite`]).
fn io_fail(p: &Path, m: Msg, e: &std::io::Error) -> Failure {
    Failure::msg(m, &[("path", &p.display()), ("reason", e)])
}

/// Reads template overrides: every file in `dir` whose name is one of the embedded templates.
/// Returns the templates and the names overridden (sorted).
fn read_templates(dir: Option<&Path>) -> Result<(Templates, Vec<String>), Failure> {
    let mut t = Templates::embedded();
    let mut names = Vec::new();
    let Some(dir) = dir else { return Ok((t, names)) };
    if !dir.is_dir() {
        return Err(Failure::msg(Msg::BuildTemplatesNotADirectory, &[("path", &dir.display())]));
    }
    for name in Templates::names() {
        let p = dir.join(name);
        if p.is_file() {
            let src = std::fs::read_to_string(&p).map_err(|e| io_fail(&p, Msg::CliCannotRead, &e))?;
            t.set(name, src);
            names.push(name.to_string());
        }
    }
    Ok((t, names))
}

/// Refuses an output directory that would replace the data or an unrelated directory: SITE_DIR
/// must not be, or contain, the data directory; an existing SITE_DIR must be empty or look like
/// a site this tool wrote (it has manifest.json or head-office/manifest.json).
fn guard_out(out: &Path, data: &Path) -> Result<(), Failure> {
    let refuse = |m: Msg| Err(Failure::msg(m, &[("path", &out.display())]));
    if let (Ok(o), Ok(d)) = (out.canonicalize(), data.canonicalize()) {
        if d.starts_with(&o) {
            return refuse(Msg::BuildOutHoldsData);
        }
    }
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => refuse(Msg::BuildOutNotADirectory),
        Ok(_) => {
            let empty = std::fs::read_dir(out).map(|mut r| r.next().is_none()).unwrap_or(false);
            let site = out.join("manifest.json").is_file() || out.join("head-office").join("manifest.json").is_file();
            if empty || site {
                Ok(())
            } else {
                refuse(Msg::BuildOutNotASite)
            }
        }
    }
}

/// A relative, `/`-separated path with only normal components.
fn safe_relative(p: &str) -> Option<PathBuf> {
    let path = Path::new(p);
    let ok = !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| path.to_path_buf())
}

/// Writes `files` into a temporary directory beside `target`, then swaps it into place: the
/// previous `target` (if any) is renamed aside, the new one renamed in, the old one removed.
/// On failure the temporary directory is removed and `target` is left as it was.
pub fn write_site_atomic(target: &Path, files: &[SiteFile]) -> std::io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        std::fs::create_dir(&tmp)?;
        write_files(&tmp, files)?;
        let had_old = std::fs::symlink_metadata(target).is_ok();
        if had_old {
            std::fs::rename(target, &old)?;
        }
        if let Err(e) = std::fs::rename(&tmp, target) {
            if had_old {
                let _ = std::fs::rename(&old, target);
            }
            return Err(e);
        }
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Writes every file under `dir`: the folders first (each once), then the files on two threads
/// taking the next file in turn (the bundle is as big as all pages together, so a fixed split
/// would leave one thread idle). The first error stops both threads and is returned.
fn write_files(dir: &Path, files: &[SiteFile]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let mut jobs = Vec::with_capacity(files.len());
    let mut dirs = std::collections::BTreeSet::new();
    for f in files {
        let rel = safe_relative(&f.path).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("unsafe output path {:?}", f.path))
        })?;
        let dest = dir.join(rel);
        if let Some(d) = dest.parent() {
            dirs.insert(d.to_path_buf());
        }
        jobs.push((dest, &f.bytes));
    }
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || -> std::io::Result<()> {
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((dest, bytes)) = jobs.get(i) else { return Ok(()) };
            if let Err(e) = std::fs::write(dest, bytes) {
                failed.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    };
    std::thread::scope(|s| {
        let other = s.spawn(work);
        let mine = work();
        let theirs = other.join().unwrap_or_else(|_| Err(std::io::Error::other("the writing thread panicked")));
        mine.and(theirs)
    })
}

/// An indicatif bar on stderr, shown only when stderr is a terminal and the build has run for
/// more than a second. Ticked from the rendering threads.
struct Progress {
    start: Instant,
    on: bool,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    fn new() -> Progress {
        Progress { start: Instant::now(), on: std::io::stderr().is_terminal(), bar: std::sync::OnceLock::new() }
    }

    fn tick(&self, done: usize, total: usize, lang: Lang) {
        if !self.on {
            return;
        }
        if self.bar.get().is_none() && self.start.elapsed() <= Duration::from_secs(1) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar =
                indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
            let style = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(Msg::BuildRenderingPages.text(lang));
            bar
        });
        bar.set_position(done as u64);
    }

    fn message(&self, m: &'static str) {
        if let Some(b) = self.bar.get() {
            b.set_message(m);
        }
    }

    fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::names;

    fn site(files: &[(&str, &str)]) -> Vec<SiteFile> {
        files.iter().map(|(p, b)| SiteFile { path: p.to_string(), bytes: b.as_bytes().to_vec() }).collect()
    }

    #[test]
    fn writes_and_replaces_a_site() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site");
        write_site_atomic(&out, &site(&[("index.html", "one"), ("branch/B01.html", "b")])).expect("first");
        assert_eq!(std::fs::read_to_string(out.join("branch/B01.html")).expect("read"), "b");
        write_site_atomic(&out, &site(&[("index.html", "two")])).expect("second");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("read"), "two");
        // The old site is replaced whole (no stale page) and nothing is left beside it.
        assert!(!out.join("branch").exists());
        assert_eq!(names(dir.path()), ["site"]);
    }

    #[test]
    fn a_failed_build_leaves_the_old_site_and_no_temp_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site");
        write_site_atomic(&out, &site(&[("index.html", "old")])).expect("first");
        for bad in ["../escape.html", "/abs.html", "a/../../b.html", ""] {
            let r = write_site_atomic(&out, &site(&[("index.html", "new"), (bad, "x")]));
            assert!(r.is_err(), "{bad:?} accepted");
            assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("read"), "old");
            assert_eq!(names(dir.path()), ["site"]);
        }
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn guard_refuses_data_and_foreign_directories() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("mkdir");
        std::fs::write(data.join("customers.csv"), "x").expect("write");
        // The data directory itself, and a parent of it.
        assert!(guard_out(&data, &data).is_err());
        assert!(guard_out(dir.path(), &data).is_err());
        // A directory with other files.
        let other = dir.path().join("other");
        std::fs::create_dir(&other).expect("mkdir");
        std::fs::write(other.join("notes.txt"), "x").expect("write");
        assert!(guard_out(&other, &data).is_err());
        // A new, an empty, and a previous site's directory are fine.
        assert!(guard_out(&dir.path().join("new"), &data).is_ok());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).expect("mkdir");
        assert!(guard_out(&empty, &data).is_ok());
        std::fs::write(other.join("manifest.json"), "{}").expect("write");
        assert!(guard_out(&other, &data).is_ok());
    }
}
