//! Reading a data directory: locating the contract files, the configuration, and loading them
//! through the core loader. The only place besides `site` that touches the file system for input.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::excel;
use branchlens_core::config::{Config, InputConfig, Lang};
use branchlens_core::issue::{io_kind_message, Hint};
use branchlens_core::load::{load_tables, Content, Source, Tables};
use branchlens_core::{Encoding, FileKind, LoadError, LoadOptions, Loaded};
use branchlens_i18n::Msg;

/// Largest input file accepted, in bytes. The loader holds a whole file in memory while
/// parsing (about 1.7× its size at peak, see docs/data-contract.md); above this the run is
/// refused before reading rather than risk the machine's memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// One input file: its path and the name messages use (relative to the data directory).
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    pub path: PathBuf,
    pub name: String,
}

/// The input files of each table in a data directory, each table's sorted by name.
#[derive(Debug, Clone)]
pub struct DataFiles {
    pub customers: Vec<InputFile>,
    pub managers: Vec<InputFile>,
    /// Empty: no credit splits.
    pub credit_splits: Vec<InputFile>,
}

/// A data-directory problem found before the core loader runs.
#[derive(Debug)]
pub enum InputError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    Load(LoadError),
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    /// Loading would need more memory than the machine has available (checked before reading,
    /// so the run ends with this message instead of the out-of-memory killer).
    OutOfMemory {
        path: PathBuf,
        bytes: u64,
        needed: u64,
        available: u64,
        /// Where `available` comes from (`MemAvailable`, the cgroup limit, or the variable).
        source: &'static str,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The configuration file cannot be read (e.g. `--config` names a missing file).
    ConfigRead {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The configuration file is a directory, or larger than [`MAX_CONFIG_BYTES`].
    ConfigNotAFile {
        path: PathBuf,
        directory: bool,
    },
    /// The configuration file is not a valid configuration.
    Config(Box<ConfigFileError>),
    /// A contract file name that is a directory, a device or a pipe, not a regular file.
    NotAFile {
        path: PathBuf,
        directory: bool,
    },
    /// Several files in the data directory match one contract name (names are matched
    /// case-insensitively).
    Ambiguous {
        file: FileKind,
        names: Vec<String>,
    },
    /// An output path names one of the input files.
    OutputIsInput {
        output: PathBuf,
        input: PathBuf,
    },
    /// A configured `files` pattern (`key`) matches no file.
    NoMatch {
        key: String,
        pattern: String,
    },
    /// A configured `files` pattern is not a valid glob.
    BadPattern {
        key: String,
        pattern: String,
        reason: String,
    },
    /// A workbook that cannot be read as a table.
    Excel(Box<excel::ExcelError>),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

/// An I/O error's text in `lang`: the operating system's (English) text, or in Chinese the
/// table's text of its kind where one is known.
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let known = io_kind_message(e.kind()).or(match e.raw_os_error() {
        // EISDIR and ELOOP (Linux): their `ErrorKind`s are newer than the crate's minimum Rust.
        Some(21) if cfg!(target_os = "linux") => Some(Msg::IoIsADirectory),
        Some(40) if cfg!(target_os = "linux") => Some(Msg::IoTooManyLinks),
        _ => None,
    });
    known.map_or_else(|| e.to_string(), |m| m.text(lang).to_string())
}

/// A core loading error with the CLI's hint (its flag) appended, in `lang`.
pub fn load_message(e: &LoadError, lang: Lang) -> String {
    let hint = e.hint().map(|h| match h {
        Hint::ForceEncoding => Msg::HintForceEncoding,
        Hint::AutoOrUtf8Encoding => Msg::HintAutoOrUtf8Encoding,
        Hint::Strict => Msg::HintStrict,
    });
    let mut s = e.message(lang);
    s.extend(hint.map(|m| m.text(lang)));
    s
}

impl InputError {
    pub fn message(&self, lang: Lang) -> String {
        let path = |p: &Path| p.display().to_string();
        let at = |m: Msg, p: &Path| m.fill(lang, &[("path", &path(p))]);
        match self {
            InputError::NotFound(p) => at(Msg::InputNoSuchDirectory, p),
            InputError::NotADirectory(p) => at(Msg::InputNotADirectory, p),
            InputError::Load(e) => load_message(e, lang),
            InputError::TooLarge { path: p, bytes } => Msg::InputTooLarge.fill(
                lang,
                &[("path", &path(p)), ("bytes", bytes), ("limit", &MAX_FILE_BYTES), ("gib", &(MAX_FILE_BYTES >> 30))],
            ),
            InputError::OutOfMemory { path: p, bytes, needed, available, source } => Msg::InputOutOfMemory.fill(
                lang,
                &[
                    ("path", &path(p)),
                    ("size", &human(*bytes)),
                    ("needed", &human(*needed)),
                    ("available", &human(*available)),
                    ("source", source),
                ],
            ),
            InputError::Io { path: p, source } => {
                Msg::CliCannotRead.fill(lang, &[("path", &path(p)), ("reason", &io_reason(source, lang))])
            }
            InputError::ConfigRead { path: p, source } => {
                Msg::InputConfigUnreadable.fill(lang, &[("path", &path(p)), ("reason", &io_reason(source, lang))])
            }
            InputError::ConfigNotAFile { path: p, directory: true } => at(Msg::InputConfigIsDirectory, p),
            InputError::ConfigNotAFile { path: p, directory: false } => at(Msg::InputConfigTooLarge, p),
            InputError::Config(c) => c.message(lang),
            InputError::NotAFile { path: p, directory: true } => at(Msg::InputIsADirectory, p),
            InputError::NotAFile { path: p, directory: false } => at(Msg::InputNotARegularFile, p),
            InputError::Ambiguous { file, names } => {
                Msg::InputAmbiguous.fill(lang, &[("file", file), ("names", &names.join(Msg::ListSeparator.text(lang)))])
            }
            InputError::OutputIsInput { output, input } => {
                Msg::InputOutputIsInput.fill(lang, &[("output", &path(output)), ("input", &path(input))])
            }
            InputError::NoMatch { key, pattern } => Msg::InputNoMatch.fill(lang, &[("key", key), ("pattern", pattern)]),
            InputError::BadPattern { key, pattern, reason } => {
                Msg::InputBadPattern.fill(lang, &[("key", key), ("pattern", pattern), ("reason", reason)])
            }
            InputError::Excel(e) => e.message(lang),
        }
    }
}

/// Finds the input files of each table in `dir`: the `files` patterns of `[input.<table>]`
/// where given (each must match a file), else the contract file (its name matched
/// case-insensitively).
pub fn locate(dir: &Path, input: &InputConfig) -> Result<DataFiles, InputError> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(InputError::NotFound(dir.to_path_buf())),
        Err(source) => return Err(InputError::Io { path: dir.to_path_buf(), source }),
        Ok(_) => {}
    }
    if !dir.is_dir() {
        return Err(InputError::NotADirectory(dir.to_path_buf()));
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| InputError::Io { path: dir.to_path_buf(), source })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let find = |kind: FileKind| -> Result<Vec<InputFile>, InputError> {
        let patterns = &input.table(kind).files;
        if !patterns.is_empty() {
            return matching(dir, kind, patterns);
        }
        let mut hits: Vec<&PathBuf> = entries
            .iter()
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case(kind.file_name()))
            })
            .collect();
        hits.sort();
        if hits.len() > 1 {
            let names = hits.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
            return Err(InputError::Ambiguous { file: kind, names });
        }
        Ok(hits
            .first()
            // Messages name it as the contract does, whatever its case.
            .map(|p| InputFile { path: (*p).clone(), name: kind.file_name().to_string() })
            .into_iter()
            .collect())
    };
    let customers = find(FileKind::Customers)?;
    if customers.is_empty() {
        return Err(InputError::Load(LoadError::MissingFile { file: FileKind::Customers }));
    }
    let managers = find(FileKind::Managers)?;
    if managers.is_empty() {
        return Err(InputError::Load(LoadError::MissingFile { file: FileKind::Managers }));
    }
    Ok(DataFiles { customers, managers, credit_splits: find(FileKind::CreditSplits)? })
}

/// The files the `patterns` of `[input.<kind>]` match in `dir` (directories left out), sorted
/// by their names relative to `dir`; a pattern matching nothing is an error. (The config check
/// has refused patterns that leave the directory.)
fn matching(dir: &Path, kind: FileKind, patterns: &[String]) -> Result<Vec<InputFile>, InputError> {
    let key = format!("input.{}.files", kind.table_name());
    let base = glob::Pattern::escape(&dir.to_string_lossy());
    let mut found: Vec<InputFile> = Vec::new();
    for pattern in patterns {
        let full = format!("{base}/{}", pattern.trim().trim_start_matches("./"));
        let paths = glob::glob(&full).map_err(|e| InputError::BadPattern {
            key: key.clone(),
            pattern: pattern.clone(),
            reason: e.msg.to_string(),
        })?;
        let mut any = false;
        for path in paths.flatten() {
            if path.is_dir() {
                continue;
            }
            any = true;
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if !found.iter().any(|f| f.path == path) {
                found.push(InputFile { path, name });
            }
        }
        if !any {
            return Err(InputError::NoMatch { key: key.clone(), pattern: pattern.clone() });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Opens an input file, refusing one over [`MAX_FILE_BYTES`]. Unbuffered on purpose: the loader
/// reads whole files, and `File::read_to_end` sizes its buffer from the file's length.
pub(crate) fn open(path: &Path) -> Result<File, InputError> {
    let f = File::open(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    let meta = f.metadata().map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    // Only regular files: a directory cannot be read, and a device (/dev/zero) or a pipe has no
    // size to check and could be read forever.
    if !meta.is_file() {
        return Err(InputError::NotAFile { path: path.to_path_buf(), directory: meta.is_dir() });
    }
    let bytes = meta.len();
    if bytes > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { path: path.to_path_buf(), bytes });
    }
    Ok(f)
}

/// Whether the loader will decode `f` as GB18030/GBK: forced, or (auto) its first 64 KiB are
/// not UTF-8. Leaves the file offset at the start.
fn decodes_as_gbk(f: &mut File, encoding: Encoding) -> bool {
    use std::io::{Seek, SeekFrom};
    match encoding {
        Encoding::Utf8 => false,
        Encoding::Gb18030 => true,
        Encoding::Auto => {
            let mut head = Vec::with_capacity(64 << 10);
            let ok = Read::by_ref(f).take(64 << 10).read_to_end(&mut head).is_ok();
            let rewound = f.seek(SeekFrom::Start(0)).is_ok();
            // A character cut at the end of the sample is not a decoding error.
            ok && rewound && std::str::from_utf8(&head).is_err_and(|e| e.error_len().is_some())
        }
    }
}

/// Memory the process may still use, and where the figure comes from: the smallest of
/// `BRANCHLENS_MEMORY_LIMIT` (bytes; for tests and for machines whose limits are not visible),
/// the cgroup v2 limit less its current use, and `MemAvailable` of /proc/meminfo. `None` where
/// none is known (then no check is made).
fn memory_available() -> Option<(u64, &'static str)> {
    let mut best: Option<(u64, &'static str)> = None;
    let mut offer = |v: Option<u64>, what: &'static str| {
        if let Some(v) = v {
            if best.is_none_or(|(b, _)| v < b) {
                best = Some((v, what));
            }
        }
    };
    offer(std::env::var("BRANCHLENS_MEMORY_LIMIT").ok().and_then(|v| v.trim().parse().ok()), "BRANCHLENS_MEMORY_LIMIT");
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let limit = read("/sys/fs/cgroup/memory.max").and_then(|v| v.trim().parse::<u64>().ok());
    let current = read("/sys/fs/cgroup/memory.current").and_then(|v| v.trim().parse::<u64>().ok());
    offer(limit.map(|l| l.saturating_sub(current.unwrap_or(0))), "cgroup memory.max");
    let meminfo = read("/proc/meminfo").and_then(|m| {
        let line = m.lines().find(|l| l.starts_with("MemAvailable:"))?.to_string();
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    });
    offer(meminfo, "MemAvailable");
    best
}

/// `bytes` for a message: `812 MB`, `3.4 GB`.
fn human(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else {
        format!("{} MB", bytes.div_ceil(1_000_000))
    }
}

/// Loads the files of a data directory under the mapping of `cfg.input`. A non-automatic
/// `encoding` (the command line's) overrides every table's.
pub fn load_dir(files: &DataFiles, encoding: Encoding, cfg: &Config) -> Result<Loaded, InputError> {
    let mut opts = LoadOptions {
        encoding,
        split_share_tolerance: cfg.data_quality.split_share_tolerance,
        customers: cfg.input.customers.mapping(),
        managers: cfg.input.managers.mapping(),
        credit_splits: cfg.input.credit_splits.mapping(),
        values: cfg.values.clone(),
    };
    if encoding != Encoding::Auto {
        for m in [&mut opts.customers, &mut opts.managers, &mut opts.credit_splits] {
            m.encoding = None;
        }
    }
    // Read in the loader's order (managers, customers, credit splits): the memory guard sums
    // what is held at once, the dataset's share of every file read so far and the largest text.
    let mut guard = MemoryGuard::default();
    let mut table = |kind: FileKind, list: &[InputFile]| -> Result<Vec<Source<'static>>, InputError> {
        let enc = opts.mapping(kind).encoding.unwrap_or(encoding);
        let mut out = Vec::with_capacity(list.len());
        for f in list {
            if excel::is_workbook(&f.path) {
                // The workbook and its sheet are checked now (a typed, translated error); its
                // cells are read when the loader reaches it, so one workbook is held at a time.
                let sheet = sheet_of(cfg, kind);
                let names = excel::sheet_names(&f.path).map_err(|e| InputError::Excel(Box::new(e)))?;
                if let Some(s) = sheet.filter(|s| !names.iter().any(|n| n == s)) {
                    // The reader names the closest sheets.
                    excel::read_sheet(&f.path, Some(s)).map_err(|e| InputError::Excel(Box::new(e)))?;
                }
                let bytes = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
                guard.add_workbook(&f.path, bytes)?;
                let path = f.path.clone();
                let sheet = sheet.map(str::to_string);
                let read = move || excel::read_sheet(&path, sheet.as_deref()).map_err(std::io::Error::other);
                out.push(Source { name: f.name.clone(), content: Content::Sheet(Box::new(read)) });
                continue;
            }
            let mut file = open(&f.path)?;
            let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
            guard.add(&f.path, bytes, decodes_as_gbk(&mut file, enc))?;
            out.push(Source { name: f.name.clone(), content: Content::Text(Box::new(move || read_file(file))) });
        }
        Ok(out)
    };
    let managers = table(FileKind::Managers, &files.managers)?;
    let customers = table(FileKind::Customers, &files.customers)?;
    let credit_splits = table(FileKind::CreditSplits, &files.credit_splits)?;
    load_tables(Tables { customers, managers, credit_splits }, &opts).map_err(InputError::Load)
}

/// The configured sheet of `kind`'s workbooks (`None`: the first sheet).
fn sheet_of(cfg: &Config, kind: FileKind) -> Option<&str> {
    let t = match kind {
        FileKind::Customers => &cfg.input.customers,
        FileKind::Managers => &cfg.input.managers,
        FileKind::CreditSplits => &cfg.input.credit_splits,
    };
    t.sheet.as_deref()
}

/// What the files read so far hold at once: the dataset's share of each (1.2 × its size) and
/// the text of the largest being decoded (0.9 ×; 2.4 × for GBK, whose UTF-8 copy is up to 1.5×
/// its size), plus 64 MiB. For one file that is the measured peak of loading it: 2.1 × its size
/// (`check`/`score`/`build` of a 147 MB customers.csv peak at 300–302 MB, of a 1.5 GB one at
/// 2.9 GB, docs/data-contract.md), 3.6 × for GBK.
#[derive(Default)]
struct MemoryGuard {
    rows: f64,
    text: f64,
}

impl MemoryGuard {
    fn add(&mut self, path: &Path, bytes: u64, gbk: bool) -> Result<(), InputError> {
        let b = bytes as f64;
        self.rows += 1.2 * b;
        self.text = self.text.max(if gbk { 2.4 } else { 0.9 } * b);
        self.check(path, bytes)
    }

    /// A workbook of `bytes` (compressed): its rows take what the same rows as CSV take (its
    /// CSV is ~1.7 × the .xlsx), and while it is read calamine's cells and core's copy of
    /// them are held at once (WORKBOOK_CELLS × the file).
    fn add_workbook(&mut self, path: &Path, bytes: u64) -> Result<(), InputError> {
        let b = bytes as f64;
        self.rows += 2.0 * b;
        self.text = self.text.max(WORKBOOK_CELLS * b);
        self.check(path, bytes)
    }

    fn check(&self, path: &Path, bytes: u64) -> Result<(), InputError> {
        let needed = (self.rows + self.text) as u64 + (64 << 20);
        match memory_available() {
            Some((available, source)) if needed > available => {
                Err(InputError::OutOfMemory { path: path.to_path_buf(), bytes, needed, available, source })
            }
            _ => Ok(()),
        }
    }
}

/// What the cells of a workbook being read take, per byte of the .xlsx: an estimate, not yet
/// measured (`scripts/bench-load.sh` prints the peak RSS of loading the benchmark's workbooks).
const WORKBOOK_CELLS: f64 = 40.0;

/// Files at least this big are read on two threads.
const PARALLEL_READ_BYTES: u64 = 32 << 20;

/// Reads a whole file. A big one is read by two threads into the two halves of one buffer
/// (positional reads): copying from the page cache and faulting in the fresh buffer's pages is
/// most of the time it takes, and both halve.
fn read_file(f: File) -> std::io::Result<Vec<u8>> {
    read_file_from(f, PARALLEL_READ_BYTES)
}

fn read_file_from(mut f: File, parallel_from: u64) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        let len = f.metadata()?.len();
        if len >= parallel_from {
            if let Some(buf) = read_halves(&f, len)? {
                return Ok(buf);
            }
        }
    }
    // Positional reads leave the file offset at the start.
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)?;
    Ok(buf)
}

/// `len` bytes of `f` read as two halves in parallel; `None` when the file is no longer `len`
/// bytes long (changed while read: the caller reads it again, sequentially).
#[cfg(unix)]
fn read_halves(f: &File, len: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::FileExt;
    let Ok(n) = usize::try_from(len) else { return Ok(None) };
    // Zeroed by the allocator (fresh pages from the OS): nothing is touched before the reads.
    let mut buf = vec![0u8; n];
    let (head, tail) = buf.split_at_mut(n / 2);
    let mid = head.len() as u64;
    let (a, b) = std::thread::scope(|s| {
        let h = s.spawn(|| f.read_exact_at(tail, mid));
        let a = f.read_exact_at(head, 0);
        (a, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    for r in [a, b] {
        match r {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    if f.read_at(&mut [0u8; 1], len)? != 0 {
        return Ok(None);
    }
    Ok(Some(buf))
}

impl DataFiles {
    /// Every input file: customers, managers, credit splits, each table's sorted by name.
    pub fn all(&self) -> impl Iterator<Item = &InputFile> {
        self.customers.iter().chain(&self.managers).chain(&self.credit_splits)
    }

    /// The paths of [`DataFiles::all`].
    pub fn paths(&self) -> Vec<&Path> {
        self.all().map(|f| f.path.as_path()).collect()
    }
}

/// The absolute path `p` names, with symbolic links resolved; for a path that does not exist
/// yet, its directory resolved and the file name appended.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let name = p.file_name()?;
    let dir = match p.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.canonicalize().ok()?,
        None => std::env::current_dir().ok()?,
    };
    Some(dir.join(name))
}

/// Whether `a` and `b` are the same existing file (also through a hard link).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses any output path that is one of the input files (compared as resolved paths, and as
/// files, so a symbolic or hard link to an input is caught too).
pub fn refuse_overwriting_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), InputError> {
    for out in outputs {
        let out_r = resolved(out);
        for input in inputs {
            let same = same_file(out, input) || (out_r.is_some() && out_r == resolved(input));
            if same {
                return Err(InputError::OutputIsInput { output: out.to_path_buf(), input: input.to_path_buf() });
            }
        }
    }
    Ok(())
}

/// Reads the configuration: `explicit` if given (must exist), else `DATA_DIR/branchlens.toml`
/// when present, else the defaults. Returns the config and the file it came from.
pub fn read_config(explicit: Option<&Path>, data_dir: Option<&Path>) -> Result<(Config, Option<PathBuf>), InputError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => data_dir.map(|d| d.join("branchlens.toml")).filter(|p| p.is_file()),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = read_config_text(&path)?;
    let cfg = branchlens_core::config::parse(&text)
        .map_err(|e| InputError::Config(Box::new(ConfigFileError { path: path.clone(), error: e })))?;
    Ok((cfg, Some(path)))
}

/// Largest configuration file read (the commented defaults are about 8 KiB).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads a configuration file: not a directory, at most [`MAX_CONFIG_BYTES`] (also from a
/// device or a pipe, which have no size to check), UTF-8.
fn read_config_text(path: &Path) -> Result<String, InputError> {
    let io = |source| InputError::ConfigRead { path: path.to_path_buf(), source };
    let f = File::open(path).map_err(io)?;
    if f.metadata().map_err(io)?.is_dir() {
        return Err(InputError::ConfigNotAFile { path: path.to_path_buf(), directory: true });
    }
    let mut text = String::new();
    f.take(MAX_CONFIG_BYTES + 1).read_to_string(&mut text).map_err(io)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(InputError::ConfigNotAFile { path: path.to_path_buf(), directory: false });
    }
    Ok(text)
}

/// A configuration error with the file it is in.
#[derive(Debug)]
pub struct ConfigFileError {
    pub path: PathBuf,
    pub error: branchlens_core::config::ConfigError,
}

impl ConfigFileError {
    /// `path: message` in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        Msg::CliPathError.fill(lang, &[("path", &self.path.display()), ("error", &self.error.message(lang))])
    }
}

impl std::fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ConfigFileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_in_halves_are_read_whole() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for len in [0usize, 1, 2, 3, 4095, 4096, 100_001] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            std::fs::write(&path, &bytes)?;
            assert_eq!(read_file_from(File::open(&path)?, 1)?, bytes, "{len} bytes, halves");
            assert_eq!(read_file_from(File::open(&path)?, u64::MAX)?, bytes, "{len} bytes, sequential");
        }
        Ok(())
    }
}
