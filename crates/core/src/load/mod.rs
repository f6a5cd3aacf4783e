//! Loading and validating the three input files per the data contract (v1), over `impl Read`.
//!
//! File-level problems reject the input ([`LoadError`]); row-level problems are data
//! ([`RowIssue`]) next to the [`Dataset`]. Whether the row-level problems are too many is a
//! separate decision ([`Loaded::verdict`]) so that `check` can still list them.
//!
//! The steps, one module each: `source` (several sources per table, the mapping in force,
//! periods from file names), `decode` (bytes to text), `header` (the contract's columns and the
//! header row's match to them, synonyms and unit suffixes), `records` (the CSV record loop and
//! line numbers), `cells` (a worksheet's cells as records), `fields` (typed values of one
//! record), `customers` and `chunk` (customers, in record-aligned chunks, on several threads
//! with the `parallel` feature), `builder` (managers, credit splits, and the finished,
//! string-ordered dataset).

mod builder;
mod cells;
mod chunk;
mod customers;
mod decode;
mod fields;
mod header;
mod records;
mod sheet;
mod source;
mod synonyms;

#[cfg(test)]
mod tests;

use std::io::Read;

use crate::config::ValueMaps;
use crate::issue::{FileKind, FileRef, LoadError, RowIssue, Severity};
use crate::model::Dataset;

pub use decode::{decode, Encoding};
pub use header::{Column, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
pub use sheet::{column_letters, Cell, Sheet};
pub use source::{
    load_tables, period_from_name, period_in_name, ColumnSource, Content, Source, SourceStats, TableMapping, Tables,
};
pub use synonyms::{header_key, split_unit, synonyms, SYNONYMS};

/// Options for [`load`] and [`load_tables`].
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The encoding of every table whose mapping names none.
    pub encoding: Encoding,
    /// Shares of one customer must sum to 1 ± this.
    pub split_share_tolerance: f64,
    /// The mapping in force per table.
    pub customers: TableMapping,
    pub managers: TableMapping,
    pub credit_splits: TableMapping,
    /// The `[values.*]` maps: applied to the enumerated columns and the product codes before
    /// their built-in forms.
    pub values: ValueMaps,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            encoding: Encoding::Auto,
            split_share_tolerance: 0.001,
            customers: TableMapping::default(),
            managers: TableMapping::default(),
            credit_splits: TableMapping::default(),
            values: ValueMaps::default(),
        }
    }
}

impl LoadOptions {
    /// The mapping of table `kind`.
    pub fn mapping(&self, kind: FileKind) -> &TableMapping {
        match kind {
            FileKind::Customers => &self.customers,
            FileKind::Managers => &self.managers,
            FileKind::CreditSplits => &self.credit_splits,
        }
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
/// per-table and per-source statistics.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub issues: Vec<RowIssue>,
    /// Per table (all its sources), in table order.
    pub files: Vec<FileStats>,
    /// Per source, in the order read (managers, customers, credit splits).
    pub sources: Vec<SourceStats>,
}

impl Loaded {
    /// Fails when any file has more than `max_bad_row_ratio` of its rows skipped, or — with
    /// `strict` — when any row was skipped.
    pub fn verdict(&self, strict: bool, max_bad_row_ratio: f64) -> Result<(), LoadError> {
        if strict {
            if let Some(i) = self.issues.iter().find(|i| i.severity == Severity::Error) {
                let e = LoadError::Strict { file: i.file.kind, line: i.line, issue: Box::new(i.clone()) };
                return Err(e.of(&i.file));
            }
        }
        for f in &self.files {
            if f.rows > 0 && f.skipped as f64 > max_bad_row_ratio * f.rows as f64 {
                let e = LoadError::TooManyBadRows {
                    file: f.file,
                    bad: f.skipped,
                    total: f.rows,
                    max_ratio: max_bad_row_ratio,
                };
                return Err(e.of(&self.table_ref(f.file)));
            }
        }
        Ok(())
    }

    /// How messages name table `kind` as a whole: its one source, or its sources' names.
    fn table_ref(&self, kind: FileKind) -> FileRef {
        let names: Vec<String> = self.sources.iter().filter(|s| s.file == kind).map(|s| s.file.to_string()).collect();
        match &self.sources.iter().filter(|s| s.file == kind).collect::<Vec<_>>()[..] {
            [one] => one.file.clone(),
            _ => FileRef { kind, name: names.join(", ").into(), sheet: None },
        }
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
pub fn load_with<C: ByteSource, M: ByteSource, S: ByteSource>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
) -> Result<Loaded, LoadError> {
    load_chunked(inputs, opts, None)
}

/// The bytes of one file for [`load_with`]: any `FnOnce() -> io::Result<Vec<u8>>`.
pub trait ByteSource {
    fn bytes(self) -> std::io::Result<Vec<u8>>;
}

impl<F: FnOnce() -> std::io::Result<Vec<u8>>> ByteSource for F {
    fn bytes(self) -> std::io::Result<Vec<u8>> {
        self()
    }
}

/// The readers of `inputs` as [`load_with`] byte sources.
fn readers<C: Read, M: Read, S: Read>(
    inputs: Inputs<C, M, S>,
) -> Inputs<impl ByteSource, impl ByteSource, impl ByteSource> {
    fn read_all<R: Read>(mut r: R) -> impl ByteSource {
        move || {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    Inputs { customers: read_all(customers), managers: read_all(managers), credit_splits: credit_splits.map(read_all) }
}

/// The three contract files as [`Tables`] of one source each.
fn load_chunked<'a, C: ByteSource + 'a, M: ByteSource + 'a, S: ByteSource + 'a>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
    force_chunks: Option<usize>,
) -> Result<Loaded, LoadError> {
    fn one<'a>(kind: FileKind, bytes: impl ByteSource + 'a) -> Vec<Source<'a>> {
        vec![Source { name: kind.file_name().to_string(), content: Content::Text(Box::new(move || bytes.bytes())) }]
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    let tables = Tables {
        customers: one(FileKind::Customers, customers),
        managers: one(FileKind::Managers, managers),
        credit_splits: credit_splits.map_or_else(Vec::new, |s| one(FileKind::CreditSplits, s)),
    };
    source::load_tables_chunked(tables, opts, force_chunks)
}

/// Counts issue rows that skipped a row, per table (a duplicate found in `finish` also skips).
pub fn skipped_rows(issues: &[RowIssue], file: FileKind) -> u64 {
    let mut lines: Vec<(&str, u64)> = issues
        .iter()
        .filter(|i| i.file == file && i.severity == Severity::Error)
        .map(|i| (&*i.file.name, i.line))
        .collect();
    lines.dedup();
    lines.len() as u64
}
