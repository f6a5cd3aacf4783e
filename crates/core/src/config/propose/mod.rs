//! The mapping proposal behind `branchlens init --from DATA_DIR`: from the headers and a sample
//! of values of the files found there, which table each file is, the globs of monthly files,
//! the sheet, encoding and amount unit, and the header of each contract column with how sure
//! the guess is ([`propose`]); [`Proposal::render`] writes it as the `[input.*]` sections of a
//! `branchlens.toml`, every line with a comment saying why. Pure: the CLI reads the files.
//!
//! Decisions, documented in docs/data-contract.md:
//! - a file is the table most of whose columns its headers name (contract name, alias, built-in
//!   synonym; at least two), ties to the table with the larger share of its required columns;
//! - a header names a column when its key without unit suffix is the column's name, alias or a
//!   built-in synonym (sure), else when it is similar to one of them (normalised Levenshtein ≥
//!   0.6) and its sample values fit the column's type (a guess to check);
//! - `amount_unit = "wan"` when every amount header carries `(万元)`, or when no amount header
//!   carries a unit and at least 5 sample amounts, and 10% of the non-zero ones, have 3 to 6
//!   decimals — finer than the fen, so not yuan; amounts with more decimals are float noise
//!   and say nothing.

mod columns;
mod names;
mod render;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests;

use crate::issue::FileKind;
use crate::load::Encoding;
use crate::model::AmountUnit;

pub use columns::{ColumnProposal, Found, How, ValueNote};

/// Data rows sampled per file (the CLI reads no more).
pub const SAMPLE_ROWS: usize = 200;

/// One table candidate read from a file: its header row and the first data rows, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleFile {
    /// The path relative to DATA_DIR, `/`-separated (`exports/客户月报_202412.xlsx`).
    pub name: String,
    /// The encoding a text file was decoded in (`Utf8` or `Gb18030`); `None` for a workbook.
    pub encoding: Option<Encoding>,
    /// The sheet of a workbook this sample is from. A workbook gives one sample per sheet; the
    /// sheet whose headers match a table best is proposed.
    pub sheet: Option<SampleSheet>,
    pub headers: Vec<String>,
    /// Up to [`SAMPLE_ROWS`] data rows, cells as text (dates as `YYYY-MM-DD`).
    pub rows: Vec<Vec<String>>,
}

/// A sheet of a workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleSheet {
    pub name: String,
    /// The workbook's first sheet (read when `sheet` is not set).
    pub first: bool,
}

/// The proposed mapping of a data directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// One per table some file was recognised as, in contract order.
    pub tables: Vec<TableProposal>,
    /// Required tables (customers, managers) no file was recognised as.
    pub missing: Vec<FileKind>,
    /// Files recognised as no table (ignored), by name.
    pub unrecognised: Vec<String>,
}

/// The proposed `[input.<table>]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct TableProposal {
    pub table: FileKind,
    /// The `files` globs: a monthly run of names as one glob (`客户月报_*.xlsx`).
    pub files: Vec<String>,
    /// The files recognised as this table, sorted.
    pub matched: Vec<String>,
    /// `sheet`, when the matching sheet is not the workbook's first.
    pub sheet: Option<String>,
    /// Files whose matching sheet has another name than `sheet` (a check).
    pub sheet_differs: Vec<String>,
    pub encoding: EncodingProposal,
    pub amount_unit: UnitProposal,
    /// Customers without a period column: the first and last period of the file names, or
    /// `None` when some file name has none (a TODO).
    pub period_from_names: Option<Option<(String, String)>>,
    /// Every contract column of the table, in contract order (the period of customers taken
    /// from file names left out).
    pub columns: Vec<ColumnProposal>,
    /// Headers no column takes (shown as ignored).
    pub ignored: Vec<String>,
}

/// The proposed `encoding`.
#[derive(Clone, Debug, PartialEq)]
pub enum EncodingProposal {
    /// Workbooks, or UTF-8 text: nothing to set.
    Default,
    /// Every file is GBK (GB18030).
    Gbk,
    /// Some files are GBK, some UTF-8: left to detection, per file.
    Mixed,
}

/// The proposed `amount_unit`, and why.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitProposal {
    /// No amount column, or nothing says 万元: yuan, the default (nothing written).
    Yuan,
    /// Headers say 元 (`(元)`): yuan.
    YuanFromHeaders,
    /// Every amount header says 万元.
    WanFromHeaders(Vec<String>),
    /// No header says a unit; `fine` of the `total` non-zero sample amounts have 3–6 decimals.
    WanFromValues { fine: usize, total: usize },
    /// The headers disagree: no `amount_unit`, each header's unit applies (yuan where none).
    Mixed(Vec<(String, Option<AmountUnit>)>),
}

impl Proposal {
    /// The count of guesses and TODOs: what a user must look at.
    pub fn to_check(&self) -> (usize, usize) {
        let mut guesses = 0;
        let mut todos = self.missing.len();
        for t in &self.tables {
            for c in &t.columns {
                match &c.found {
                    Found::Header { how: How::Similar(_), .. } => guesses += 1,
                    Found::Header { values: ValueNote::Misfit { .. }, .. } => guesses += 1,
                    Found::Header { missing_in, .. } if !missing_in.is_empty() => guesses += 1,
                    Found::Missing { .. } if c.required => todos += 1,
                    _ => {}
                }
            }
            todos += usize::from(t.period_from_names == Some(None));
            guesses +=
                usize::from(matches!(t.amount_unit, UnitProposal::Mixed(_) | UnitProposal::WanFromValues { .. }));
        }
        (guesses, todos)
    }
}

/// The proposal for `samples` (any order: sorted by name here).
pub fn propose(samples: &[SampleFile]) -> Proposal {
    let mut samples: Vec<&SampleFile> = samples.iter().collect();
    samples.sort_by(|a, b| a.name.cmp(&b.name).then(sheet_order(a).cmp(&sheet_order(b))));
    // Per file, the best (table, score) of its samples (sheets).
    let mut chosen: Vec<(FileKind, &SampleFile)> = Vec::new();
    let mut unrecognised = Vec::new();
    let mut i = 0;
    while i < samples.len() {
        let name = &samples[i].name;
        let same: Vec<&SampleFile> = samples[i..].iter().take_while(|s| &s.name == name).copied().collect();
        i += same.len();
        let best = same
            .iter()
            .flat_map(|s| FileKind::ALL.map(|t| (columns::table_score(t, &s.headers), t, *s)))
            .filter(|(score, ..)| score.0 >= 2)
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal).then(b.1.cmp(&a.1)));
        match best {
            Some((_, t, s)) => chosen.push((t, s)),
            None => unrecognised.push(name.clone()),
        }
    }
    let mut tables = Vec::new();
    let mut missing = Vec::new();
    for t in FileKind::ALL {
        let files: Vec<&SampleFile> = chosen.iter().filter(|(k, _)| *k == t).map(|(_, s)| *s).collect();
        if files.is_empty() {
            if t != FileKind::CreditSplits {
                missing.push(t);
            }
            continue;
        }
        tables.push(table(t, &files));
    }
    Proposal { tables, missing, unrecognised }
}

/// Samples of one file: the first sheet first, then in name order.
fn sheet_order(s: &SampleFile) -> (bool, Option<&str>) {
    (!s.sheet.as_ref().is_some_and(|x| x.first), s.sheet.as_ref().map(|x| x.name.as_str()))
}

/// The section of table `t` read from `files` (sorted by name; the first is the model).
fn table(t: FileKind, files: &[&SampleFile]) -> TableProposal {
    let model = files[0];
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let matched = columns::match_columns(t, model, files);
    let has_period = matched.columns.iter().any(|c| c.column == "period" && matches!(c.found, Found::Header { .. }));
    let period_from_names = (t == FileKind::Customers && !has_period).then(|| names::period_span(&names));
    let columns = matched
        .columns
        .into_iter()
        .filter(|c| !(c.column == "period" && period_from_names.as_ref().is_some_and(Option::is_some)))
        .collect::<Vec<_>>();
    let sheet = model.sheet.as_ref().filter(|s| !s.first).map(|s| s.name.clone());
    let model_sheet = model.sheet.as_ref().map(|s| s.name.as_str());
    let sheet_differs = files
        .iter()
        .filter(|f| f.sheet.as_ref().map(|s| s.name.as_str()) != model_sheet)
        .map(|f| f.name.clone())
        .collect();
    let gbk = files.iter().filter(|f| f.encoding == Some(Encoding::Gb18030)).count();
    let encoding = match gbk {
        0 => EncodingProposal::Default,
        n if n == files.len() => EncodingProposal::Gbk,
        _ => EncodingProposal::Mixed,
    };
    let amount_unit = columns::amount_unit(&columns, files);
    TableProposal {
        table: t,
        files: names::globs(t, &names),
        matched: names,
        sheet,
        sheet_differs,
        encoding,
        amount_unit,
        period_from_names,
        columns,
        ignored: matched.ignored,
    }
}

/// The `[input.<key>]` key of a table.
pub(crate) fn table_key(t: FileKind) -> &'static str {
    match t {
        FileKind::Customers => "customers",
        FileKind::Managers => "managers",
        FileKind::CreditSplits => "credit_splits",
    }
}
