//! Loading and validating the three input files per the data contract (v1), over `impl Read`.
//!
//! File-level problems reject the input ([`LoadError`]); row-level problems are data
//! ([`RowIssue`]) next to the [`Dataset`]. Whether the row-level problems are too many is a
//! separate decision ([`Loaded::verdict`]) so that `check` can still list them.
//!
//! The steps, one module each: `decode` (bytes to text), `header` (the contract's columns and
//! the header row's match to them), `records` (the CSV record loop and line numbers), `fields`
//! (typed values of one record), `customers` and `chunk` (customers.csv, in record-aligned
//! chunks, on several threads with the `parallel` feature), `builder` (managers.csv,
//! credit_splits.csv, and the finished, string-ordered dataset).

mod builder;
mod chunk;
mod customers;
mod decode;
mod fields;
mod header;
mod records;
mod sheet;
mod synonyms;

#[cfg(test)]
mod tests;

use std::io::Read;

use crate::config::ValueMaps;
use crate::issue::{FileKind, LoadError, RowIssue, Severity};
use crate::model::Dataset;

pub use decode::{decode, Encoding};
pub use header::{Column, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
pub use sheet::{column_letters, Cell, Sheet};
pub use synonyms::{header_key, split_unit, synonyms, SYNONYMS};

use builder::Builder;

/// Options for [`load`].
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub encoding: Encoding,
    /// Shares of one customer must sum to 1 ± this.
    pub split_share_tolerance: f64,
    /// The `[values.*]` maps: applied to the enumerated columns and the product codes before
    /// their built-in forms.
    pub values: ValueMaps,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { encoding: Encoding::Auto, split_share_tolerance: 0.001, values: ValueMaps::default() }
    }
}

/// Per-file facts of a load.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileStats {
    pub file: FileKind,
    /// The encoding the file was read in.
    pub encoding: &'static str,
    /// Data rows (lines after the header that hold a record).
    pub rows: u64,
    /// Rows skipped because of an error.
    pub skipped: u64,
}

/// The result of a load: the dataset, every row-level issue (sorted by file, line), and
/// per-file statistics.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub issues: Vec<RowIssue>,
    pub files: Vec<FileStats>,
}

impl Loaded {
    /// Fails when any file has more than `max_bad_row_ratio` of its rows skipped, or — with
    /// `strict` — when any row was skipped.
    pub fn verdict(&self, strict: bool, max_bad_row_ratio: f64) -> Result<(), LoadError> {
        if strict {
            if let Some(i) = self.issues.iter().find(|i| i.severity == Severity::Error) {
                return Err(LoadError::Strict { file: i.file, line: i.line, issue: Box::new(i.clone()) });
            }
        }
        for f in &self.files {
            if f.rows > 0 && f.skipped as f64 > max_bad_row_ratio * f.rows as f64 {
                return Err(LoadError::TooManyBadRows {
                    file: f.file,
                    bad: f.skipped,
                    total: f.rows,
                    max_ratio: max_bad_row_ratio,
                });
            }
        }
        Ok(())
    }

    /// The worst severity among the issues, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }
}

/// The inputs of one load: the raw bytes of each file.
#[derive(Debug)]
pub struct Inputs<C, M, S> {
    pub customers: C,
    pub managers: M,
    pub credit_splits: Option<S>,
}

/// Loads and validates the three files. `credit_splits` is optional.
pub fn load<C: Read, M: Read, S: Read>(inputs: Inputs<C, M, S>, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_with(readers(inputs), opts)
}

/// [`load`] with each file's bytes supplied by a function, called when the loader gets to that
/// file (managers.csv, then customers.csv, then credit_splits.csv). A caller can read the files
/// its own way (say, a big file on several threads); the bytes are decoded in place.
pub fn load_with<C: Source, M: Source, S: Source>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
) -> Result<Loaded, LoadError> {
    load_chunked(inputs, opts, None)
}

/// The bytes of one file for [`load_with`]: any `FnOnce() -> io::Result<Vec<u8>>`.
pub trait Source {
    fn bytes(self) -> std::io::Result<Vec<u8>>;
}

impl<F: FnOnce() -> std::io::Result<Vec<u8>>> Source for F {
    fn bytes(self) -> std::io::Result<Vec<u8>> {
        self()
    }
}

/// The readers of `inputs` as [`load_with`] byte sources.
fn readers<C: Read, M: Read, S: Read>(inputs: Inputs<C, M, S>) -> Inputs<impl Source, impl Source, impl Source> {
    fn read_all<R: Read>(mut r: R) -> impl Source {
        move || {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    Inputs { customers: read_all(customers), managers: read_all(managers), credit_splits: credit_splits.map(read_all) }
}

fn load_chunked<C: Source, M: Source, S: Source>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
    force_chunks: Option<usize>,
) -> Result<Loaded, LoadError> {
    fn read(file: FileKind, source: impl Source) -> Result<Vec<u8>, LoadError> {
        source.bytes().map_err(|e| LoadError::Read { file, kind: e.kind(), message: e.to_string() })
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    let mut b = Builder::new(force_chunks, opts.values.clone());
    let mut files = Vec::new();

    let (text, enc) = decode(FileKind::Managers, read(FileKind::Managers, managers)?, opts.encoding)?;
    files.push(b.managers(&text, enc)?);
    drop(text);
    let (text, enc) = decode(FileKind::Customers, read(FileKind::Customers, customers)?, opts.encoding)?;
    files.push(b.customers(text, enc)?);
    if let Some(s) = credit_splits {
        let (text, enc) = decode(FileKind::CreditSplits, read(FileKind::CreditSplits, s)?, opts.encoding)?;
        files.push(b.splits(&text, enc, opts.split_share_tolerance)?);
    }
    let (dataset, issues) = b.finish();
    files.sort_by_key(|f| f.file);
    // Duplicates are found only once all rows are in: count skipped rows from the issues.
    for f in &mut files {
        f.skipped = skipped_rows(&issues, f.file);
    }
    Ok(Loaded { dataset, issues, files })
}

/// Counts issue rows that skipped a row, per file (a duplicate found in `finish` also skips).
pub fn skipped_rows(issues: &[RowIssue], file: FileKind) -> u64 {
    let mut lines: Vec<u64> =
        issues.iter().filter(|i| i.file == file && i.severity == Severity::Error).map(|i| i.line).collect();
    lines.dedup();
    lines.len() as u64
}
