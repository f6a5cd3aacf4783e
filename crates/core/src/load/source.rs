//! Several sources per table: [`Source`] (a CSV file's bytes or a decoded worksheet, with the
//! name messages use), [`Tables`], [`load_tables`] (the sources of each table read as one table,
//! in the order given), the mapping in force per table ([`TableMapping`]), what each source held
//! ([`SourceStats`]: rows, and which header each contract column was read from), and the period
//! a customers source without a period column takes from its file name.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::builder::Builder;
use super::cells::SheetRecords;
use super::customers::CustomerBody;
use super::header::{Column, HeaderMap};
use super::records::Body;
use super::sheet::Sheet;
use super::{decode, skipped_rows, Encoding, FileStats, LoadOptions, Loaded};
use crate::issue::{FileKind, FileRef, LoadError, Severity};
use crate::model::{AmountUnit, Period};

/// One input source of a table.
#[derive(Debug)]
pub struct Source<'a> {
    /// How messages name it: the path relative to the data directory as the user wrote it
    /// (`exports/客户月报_202412.xlsx`); for the contract default `customers.csv`.
    pub name: String,
    pub content: Content<'a>,
}

/// What a source holds.
pub enum Content<'a> {
    /// A text (CSV) file: its bytes, read when the loader reaches it.
    Text(Box<dyn FnOnce() -> std::io::Result<Vec<u8>> + 'a>),
    /// A sheet of a workbook, decoded by the caller when the loader reaches it (so only one
    /// workbook's cells are held at a time).
    Sheet(Box<dyn FnOnce() -> std::io::Result<Sheet> + 'a>),
}

impl std::fmt::Debug for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Text(_) => f.write_str("Text(..)"),
            Content::Sheet(_) => f.write_str("Sheet(..)"),
        }
    }
}

/// The sources of each table, each read in the order given (the CLI sorts them by name).
/// `customers` and `managers` need at least one; `credit_splits` may be empty.
#[derive(Debug, Default)]
pub struct Tables<'a> {
    pub customers: Vec<Source<'a>>,
    pub managers: Vec<Source<'a>>,
    pub credit_splits: Vec<Source<'a>>,
}

/// The mapping in force for one table (from `[input.*]` of the configuration).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableMapping {
    /// The text encoding of its CSV files (`None`: [`LoadOptions::encoding`]).
    pub encoding: Option<Encoding>,
    /// The unit of every amount column (`None`: each header's unit suffix, else yuan).
    pub amount_unit: Option<AmountUnit>,
    /// Contract column → the header it is read from (only that one, then).
    pub columns: BTreeMap<String, String>,
}

/// Where one contract column was read from in a source.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ColumnSource {
    pub column: &'static str,
    /// The header as written in the file (`None`: the column is absent).
    pub header: Option<String>,
    /// The unit of an amount column (`None` for other columns).
    pub unit: Option<AmountUnit>,
}

/// Per-source facts of a load.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SourceStats {
    pub file: FileRef,
    /// The encoding the file was read in (`Excel` for a worksheet).
    pub encoding: &'static str,
    pub rows: u64,
    pub skipped: u64,
    /// Each contract column of the table and the header it was read from.
    pub columns: Vec<ColumnSource>,
}

const AMOUNTS: [&str; 7] =
    ["deposit_avg", "loan_balance", "aum", "fee_income", "deposit_target", "loan_target", "fee_target"];

impl SourceStats {
    pub(super) fn new(
        file: &FileRef,
        encoding: &'static str,
        rows: u64,
        skipped: u64,
        columns: &[Column],
        map: &HeaderMap,
    ) -> SourceStats {
        SourceStats::of(file, encoding, rows, skipped, columns, Some(map))
    }

    /// `map`: `None` for an empty source.
    pub(super) fn of(
        file: &FileRef,
        encoding: &'static str,
        rows: u64,
        skipped: u64,
        columns: &[Column],
        map: Option<&HeaderMap>,
    ) -> SourceStats {
        let columns = columns
            .iter()
            .enumerate()
            .map(|(ci, c)| ColumnSource {
                column: c.name,
                header: map.and_then(|m| m.headers[ci].clone()),
                unit: AMOUNTS.contains(&c.name).then(|| map.map_or(AmountUnit::Yuan, |m| m.units[ci])),
            })
            .collect();
        SourceStats { file: file.clone(), encoding, rows, skipped, columns }
    }
}

/// Loads and validates the sources of the three tables: managers first, then customers, then
/// credit splits; each source's bytes are read (and dropped) when the loader reaches it.
pub fn load_tables(tables: Tables<'_>, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_tables_chunked(tables, opts, None)
}

/// A source's text or sheet, read and decoded; `file` gains the sheet's name.
enum Read {
    Text(String, &'static str),
    Sheet(SheetRecords),
}

fn read_source(file: &mut FileRef, content: Content<'_>, encoding: Encoding) -> Result<Read, LoadError> {
    match content {
        Content::Text(bytes) => {
            let kind = file.kind;
            let bytes = bytes().map_err(|e| LoadError::Read { file: kind, kind: e.kind(), message: e.to_string() });
            let (text, enc) = decode(kind, bytes.map_err(|e| e.of(file))?, encoding).map_err(|e| e.of(file))?;
            Ok(Read::Text(text, enc))
        }
        Content::Sheet(sheet) => {
            let kind = file.kind;
            let sheet =
                sheet().map_err(|e| LoadError::Read { file: kind, kind: e.kind(), message: e.to_string() }.of(file))?;
            file.sheet = Some(Arc::from(sheet.name.as_str()));
            let records = SheetRecords::new(sheet).ok_or_else(|| LoadError::NoDataRows { file: file.kind }.of(file))?;
            Ok(Read::Sheet(records))
        }
    }
}

/// The name of a sheet source's encoding in the statistics.
const SHEET: &str = "Excel";

pub(super) fn load_tables_chunked(
    tables: Tables<'_>,
    opts: &LoadOptions,
    force_chunks: Option<usize>,
) -> Result<Loaded, LoadError> {
    let Tables { customers, managers, credit_splits } = tables;
    for (kind, sources) in [(FileKind::Customers, &customers), (FileKind::Managers, &managers)] {
        if sources.is_empty() {
            return Err(LoadError::MissingFile { file: kind });
        }
    }
    let mut b = Builder::new(force_chunks, opts.values.clone());
    let mut stats = Vec::new();
    let file_of = |kind: FileKind, name: String| FileRef { kind, name: Arc::from(name), sheet: None };
    let enc = |m: &TableMapping| m.encoding.unwrap_or(opts.encoding);

    for s in managers {
        let mut file = file_of(FileKind::Managers, s.name);
        let st = match read_source(&mut file, s.content, enc(&opts.managers))? {
            Read::Text(text, e) => b.managers(&file, Body::Csv(&text), e, &opts.managers),
            Read::Sheet(r) => b.managers(&file, Body::Sheet(&r), SHEET, &opts.managers),
        };
        stats.push(st.map_err(|e| e.of(&file))?);
    }
    b.managers_done();
    for s in customers {
        let mut file = file_of(FileKind::Customers, s.name);
        let body = match read_source(&mut file, s.content, enc(&opts.customers))? {
            Read::Text(text, e) => (CustomerBody::Csv(text), e),
            Read::Sheet(r) => (CustomerBody::Sheet(r), SHEET),
        };
        stats.push(b.customers(&file, body.0, body.1, &opts.customers).map_err(|e| e.of(&file))?);
    }
    let has_splits = !credit_splits.is_empty();
    for s in credit_splits {
        let mut file = file_of(FileKind::CreditSplits, s.name);
        let st = match read_source(&mut file, s.content, enc(&opts.credit_splits))? {
            Read::Text(text, e) => b.splits(&file, Body::Csv(&text), e, &opts.credit_splits),
            Read::Sheet(r) => b.splits(&file, Body::Sheet(&r), SHEET, &opts.credit_splits),
        };
        stats.push(st.map_err(|e| e.of(&file))?);
    }
    if has_splits {
        b.finish_splits(opts.split_share_tolerance);
    }
    let (dataset, issues) = b.finish();
    // Duplicates are found only once all rows are in: count skipped rows from the issues.
    for s in &mut stats {
        s.skipped = skipped_in(&issues, &s.file);
    }
    let mut files: Vec<FileStats> = Vec::new();
    for s in &stats {
        match files.iter_mut().find(|f| f.file == s.file.kind) {
            Some(f) => f.rows += s.rows,
            None => files.push(FileStats { file: s.file.kind, encoding: s.encoding, rows: s.rows, skipped: 0 }),
        }
    }
    files.sort_by_key(|f| f.file);
    for f in &mut files {
        f.skipped = skipped_rows(&issues, f.file);
    }
    Ok(Loaded { dataset, issues, files, sources: stats })
}

/// Rows of `file` that an error skipped.
fn skipped_in(issues: &[super::RowIssue], file: &FileRef) -> u64 {
    let mut lines: Vec<u64> =
        issues.iter().filter(|i| i.file == *file && i.severity == Severity::Error).map(|i| i.line).collect();
    lines.dedup();
    lines.len() as u64
}

/// The period in a file name (its last path component, without the extension): exactly one
/// `YYYYMM` (a run of exactly six digits) or `YYYY-MM` (a run of four digits, `-`, a run of two),
/// year 1900–2199, month 01–12. A longer digit run is not a period: `客户月报_20241231` holds a
/// date, and which month's data an export dated so holds (December's, or the month before's,
/// run on the 31st) is not ours to guess. Two different periods in one name give none.
pub fn period_from_name(name: &str) -> Option<Period> {
    period_in_name(name).map(|(_, p)| p)
}

/// [`period_from_name`] with the byte range of the period in `name` (its first occurrence), so
/// that `init --from` can put a `*` in its place.
pub fn period_in_name(name: &str) -> Option<(std::ops::Range<usize>, Period)> {
    let file_start = name.rfind(['/', '\\']).map_or(0, |i| i + 1);
    let file = &name[file_start..];
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let b = stem.as_bytes();
    // Runs of ASCII digits: (start, end).
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    let num = |r: (usize, usize)| stem[r.0..r.1].parse::<u32>().ok();
    let period = |y: u32, m: u32| (1900..=2199).contains(&y).then(|| Period::new(y as i32, m)).flatten();
    let mut found: Vec<(std::ops::Range<usize>, Period)> = Vec::new();
    for (k, &r) in runs.iter().enumerate() {
        let len = r.1 - r.0;
        let p = if len == 6 {
            num((r.0, r.0 + 4)).zip(num((r.0 + 4, r.1))).and_then(|(y, m)| period(y, m)).map(|p| (r.1, p))
        } else if len == 4 && b.get(r.1) == Some(&b'-') {
            match runs.get(k + 1) {
                Some(&n) if n.0 == r.1 + 1 && n.1 - n.0 == 2 => {
                    num(r).zip(num(n)).and_then(|(y, m)| period(y, m)).map(|p| (n.1, p))
                }
                _ => None,
            }
        } else {
            None
        };
        if let Some((end, p)) = p {
            if !found.iter().any(|(_, q)| *q == p) {
                found.push((file_start + r.0..file_start + end, p));
            }
        }
    }
    match <[_; 1]>::try_from(found) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::period_from_name;
    use crate::model::Period;

    #[test]
    fn periods_from_file_names() {
        let p = |y, m| Period::new(y, m);
        assert_eq!(period_from_name("客户月报_202412.csv"), p(2024, 12));
        assert_eq!(period_from_name("exports/2023/客户月报_2024-01.xlsx"), p(2024, 1));
        assert_eq!(period_from_name("customers_202401_v2.csv"), p(2024, 1));
        assert_eq!(period_from_name("202402"), p(2024, 2));
        // The same period twice is one period.
        assert_eq!(period_from_name("202403_客户_2024-03.csv"), p(2024, 3));
        // Not periods: a date (a longer digit run), month 13, a year out of range, no digits.
        assert_eq!(period_from_name("客户月报_20241231.xlsx"), None);
        assert_eq!(period_from_name("客户月报_202413.csv"), None);
        assert_eq!(period_from_name("客户月报_180012.csv"), None);
        assert_eq!(period_from_name("customers.csv"), None);
        assert_eq!(period_from_name("2024-1.csv"), None);
        assert_eq!(period_from_name("12024-01.csv"), None);
        // Two different periods: which one is meant is not guessed.
        assert_eq!(period_from_name("客户_202411_202412.csv"), None);
        // Directories do not count; the extension does not either.
        assert_eq!(period_from_name("202411/customers.csv"), None);
        assert_eq!(period_from_name("customers.202411"), None);
    }
}
