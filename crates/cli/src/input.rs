//! Reading a data directory: locating the contract files, the configuration, and loading them
//! through the core loader. The only place besides `site` that touches the file system for input.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use branchlens_core::config::Config;
use branchlens_core::{load, Encoding, FileKind, Inputs, LoadError, LoadOptions, Loaded};

/// Largest input file accepted, in bytes. The loader holds a whole file in memory while
/// parsing (about 1.7× its size at peak, see docs/data-contract.md); above this the run is
/// refused before reading rather than risk the machine's memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The paths of the contract files in a data directory.
#[derive(Debug, Clone)]
pub struct DataFiles {
    pub customers: PathBuf,
    pub managers: PathBuf,
    pub credit_splits: Option<PathBuf>,
}

/// A data-directory problem found before the core loader runs.
#[derive(Debug)]
pub enum InputError {
    NotADirectory(PathBuf),
    Load(LoadError),
    TooLarge { path: PathBuf, bytes: u64 },
    Io { path: PathBuf, source: std::io::Error },
}

impl InputError {
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (InputError::NotADirectory(p), false) => format!("{}: not a directory", p.display()),
            (InputError::NotADirectory(p), true) => format!("{}：不是目录", p.display()),
            (InputError::Load(e), false) => e.message_en(),
            (InputError::Load(e), true) => e.message_zh(),
            (InputError::TooLarge { path, bytes }, false) => format!(
                "{}: the file is {} MiB, more than the {} MiB limit; split it by period",
                path.display(),
                bytes >> 20,
                MAX_FILE_BYTES >> 20
            ),
            (InputError::TooLarge { path, bytes }, true) => format!(
                "{}：文件大小 {} MiB，超过 {} MiB 的上限；请按期间拆分",
                path.display(),
                bytes >> 20,
                MAX_FILE_BYTES >> 20
            ),
            (InputError::Io { path, source }, false) => format!("{}: cannot read: {source}", path.display()),
            (InputError::Io { path, source }, true) => format!("{}：无法读取：{source}", path.display()),
        }
    }
}

/// Finds the contract files (names matched case-insensitively) in `dir`.
pub fn locate(dir: &Path) -> Result<DataFiles, InputError> {
    if !dir.is_dir() {
        return Err(InputError::NotADirectory(dir.to_path_buf()));
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| InputError::Io { path: dir.to_path_buf(), source })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let find = |kind: FileKind| -> Option<PathBuf> {
        let mut hits: Vec<&PathBuf> = entries
            .iter()
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case(kind.file_name()))
            })
            .collect();
        hits.sort();
        hits.first().map(|p| (*p).clone())
    };
    let customers =
        find(FileKind::Customers).ok_or(InputError::Load(LoadError::MissingFile { file: FileKind::Customers }))?;
    let managers =
        find(FileKind::Managers).ok_or(InputError::Load(LoadError::MissingFile { file: FileKind::Managers }))?;
    Ok(DataFiles { customers, managers, credit_splits: find(FileKind::CreditSplits) })
}

/// Opens an input file, refusing one over [`MAX_FILE_BYTES`]. Unbuffered on purpose: the loader
/// reads whole files, and `File::read_to_end` sizes its buffer from the file's length.
fn open(path: &Path) -> Result<File, InputError> {
    let f = File::open(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    let bytes = f.metadata().map(|m| m.len()).unwrap_or(0);
    if bytes > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { path: path.to_path_buf(), bytes });
    }
    Ok(f)
}

/// Loads the files of a data directory.
pub fn load_dir(files: &DataFiles, encoding: Encoding, cfg: &Config) -> Result<Loaded, InputError> {
    let opts = LoadOptions { encoding, split_share_tolerance: cfg.data_quality.split_share_tolerance };
    let splits: Option<Box<dyn Read>> = match &files.credit_splits {
        Some(p) => Some(Box::new(open(p)?)),
        None => None,
    };
    load(Inputs { customers: open(&files.customers)?, managers: open(&files.managers)?, credit_splits: splits }, &opts)
        .map_err(InputError::Load)
}

/// Reads the configuration: `explicit` if given (must exist), else `DATA_DIR/branchlens.toml`
/// when present, else the defaults. Returns the config and the file it came from.
pub fn read_config(explicit: Option<&Path>, data_dir: Option<&Path>) -> anyhow::Result<(Config, Option<PathBuf>)> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => data_dir.map(|d| d.join("branchlens.toml")).filter(|p| p.is_file()),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
    let cfg = branchlens_core::config::parse(&text).map_err(|e| ConfigFileError { path: path.clone(), error: e })?;
    Ok((cfg, Some(path)))
}

/// A configuration error with the file it is in.
#[derive(Debug)]
pub struct ConfigFileError {
    pub path: PathBuf,
    pub error: branchlens_core::config::ConfigError,
}

impl std::fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error.message_en())
    }
}

impl std::error::Error for ConfigFileError {}
