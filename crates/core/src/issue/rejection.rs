//! [`LoadError`]: a whole input rejected, and its message in each language.

use std::fmt;

use branchlens_i18n::{Lang, Msg};

use super::{io_reason, DecodeReason, FileKind, FileRef, Hint, RowIssue};

/// A whole input is rejected: nothing is built. `Display` is the English message.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    MissingFile {
        file: FileKind,
    },
    MissingColumn {
        file: FileKind,
        column: &'static str,
        alias: &'static str,
        /// The closest header in the file, if one is close.
        closest: Option<String>,
        /// The separator the header seems to use, when it is not a comma.
        separator_hint: Option<char>,
        /// The first row matches no column of the contract and holds a period or a date: the
        /// file seems to have no header row.
        header_is_data: bool,
    },
    Undecodable {
        file: FileKind,
        line: u64,
        /// The 1-based field of the record the first bad byte is in (`None` for a file refused
        /// as a whole, such as UTF-16).
        field: Option<u32>,
        /// The contract column the header puts at that field, below the header.
        column: Option<&'static str>,
        reason: DecodeReason,
    },
    NoDataRows {
        file: FileKind,
    },
    UnclosedQuote {
        file: FileKind,
        line: u64,
    },
    Csv {
        file: FileKind,
        line: u64,
        message: String,
    },
    /// Reading the bytes failed (an I/O error of the source, e.g. a network share dropping).
    Read {
        file: FileKind,
        kind: std::io::ErrorKind,
        message: String,
    },
    TooManyBadRows {
        file: FileKind,
        bad: u64,
        total: u64,
        max_ratio: f64,
    },
    /// A bad row while the caller asked for strict checking ([`Hint::Strict`]).
    Strict {
        file: FileKind,
        line: u64,
        /// The first bad row; rendered in the language of the message.
        issue: Box<RowIssue>,
    },
    /// `error` of a source other than the contract file of its table: the message names `file`
    /// where the contract's file name would be.
    In {
        file: FileRef,
        error: Box<LoadError>,
    },
    /// The configured header of a contract column (`key`, e.g. `input.customers.columns.
    /// customer_id`) is not in the file's header row.
    MappedColumnMissing {
        key: String,
        header: String,
        file: FileRef,
        /// The file's header nearest to `header` (edit distance at most 2, or a third of its length).
        closest: Option<String>,
    },
    /// An amount column's header gives a unit (`(万元)`) other than the configured `amount_unit`.
    UnitConflict {
        file: FileRef,
        column: &'static str,
        header: String,
        configured: crate::model::AmountUnit,
    },
    /// A customers source without a period column whose name holds no period (`YYYYMM`, `YYYY-MM`).
    NoPeriodInName {
        file: FileRef,
    },
    /// Two customers sources without a period column whose names give the same period.
    SamePeriodInNames {
        period: crate::model::Period,
        first: FileRef,
        second: FileRef,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// The message in `lang` (without the caller's [`LoadError::hint`]).
    pub fn message(&self, lang: Lang) -> String {
        self.message_with(lang, None)
    }

    /// The message, naming `name` instead of the contract file where given.
    fn message_with(&self, lang: Lang, name: Option<&FileRef>) -> String {
        match self {
            LoadError::In { file, error } => error.message_with(lang, Some(file)),
            LoadError::MappedColumnMissing { key, header, file, closest } => {
                let mut s =
                    Msg::LoadMappedColumnMissing.fill(lang, &[("file", file), ("key", key), ("header", header)]);
                if let Some(c) = closest {
                    s.push_str(&Msg::LoadClosestColumn.fill(lang, &[("closest", c)]));
                }
                s
            }
            LoadError::UnitConflict { file, column, header, configured } => Msg::LoadUnitConflict
                .fill(lang, &[("file", file), ("column", column), ("header", header), ("unit", &configured.as_str())]),
            LoadError::NoPeriodInName { file } => Msg::LoadNoPeriodInName.fill(lang, &[("file", file)]),
            LoadError::SamePeriodInNames { period, first, second } => {
                Msg::LoadSamePeriodInNames.fill(lang, &[("period", period), ("first", first), ("second", second)])
            }
            _ => {
                let contract = FileRef::contract(self.file());
                self.contract_message(lang, name.unwrap_or(&contract))
            }
        }
    }

    /// The message of a variant that names one file (`file` as given).
    fn contract_message(&self, lang: Lang, file: &FileRef) -> String {
        match self {
            LoadError::MissingFile { .. } => Msg::LoadMissingFile.fill(lang, &[("file", file)]),
            LoadError::MissingColumn { column, alias, closest, separator_hint, header_is_data, .. } => {
                let mut s = Msg::LoadMissingColumn.fill(lang, &[("file", file), ("column", column), ("alias", alias)]);
                if let Some(c) = closest {
                    s.push_str(&Msg::LoadClosestColumn.fill(lang, &[("closest", c)]));
                }
                if let Some(c) = separator_hint {
                    s.push_str(&Msg::LoadSeparatorHint.fill(lang, &[("separator", c)]));
                }
                if *header_is_data {
                    s.push_str(Msg::LoadHeaderIsData.text(lang));
                }
                s
            }
            LoadError::Undecodable { line, field, column, reason, .. } => {
                let at = match (column, field) {
                    (Some(c), _) => Msg::RowAtColumn.fill(lang, &[("file", file), ("line", line), ("column", c)]),
                    (None, Some(n)) => Msg::RowAtField.fill(lang, &[("file", file), ("line", line), ("field", n)]),
                    (None, None) => Msg::RowAt.fill(lang, &[("file", file), ("line", line)]),
                };
                Msg::LoadUndecodable
                    .fill(lang, &[("at", &at), ("encoding", &reason.encoding(lang)), ("reason", &reason.reason(lang))])
            }
            LoadError::NoDataRows { .. } => Msg::LoadNoDataRows.fill(lang, &[("file", file)]),
            LoadError::UnclosedQuote { line, .. } => {
                Msg::LoadUnclosedQuote.fill(lang, &[("file", file), ("line", line)])
            }
            LoadError::Csv { line, message, .. } => {
                Msg::LoadCsv.fill(lang, &[("file", file), ("line", line), ("message", message)])
            }
            LoadError::Read { kind, message, .. } => {
                Msg::LoadRead.fill(lang, &[("file", file), ("reason", &io_reason(*kind, message, lang))])
            }
            LoadError::TooManyBadRows { bad, total, max_ratio, .. } => {
                let share = format!("{:.2}", *bad as f64 * 100.0 / (*total).max(1) as f64);
                let max = format!("{:.2}", max_ratio * 100.0);
                Msg::LoadTooManyBadRows
                    .fill(lang, &[("file", file), ("bad", bad), ("total", total), ("share", &share), ("max", &max)])
            }
            LoadError::Strict { line, issue, .. } => {
                Msg::LoadStrict.fill(lang, &[("file", file), ("line", line), ("issue", &issue.message(lang))])
            }
            LoadError::In { .. }
            | LoadError::MappedColumnMissing { .. }
            | LoadError::UnitConflict { .. }
            | LoadError::NoPeriodInName { .. }
            | LoadError::SamePeriodInNames { .. } => self.message_with(lang, Some(file)),
        }
    }

    /// What the caller can do about it (the CLI appends it with its flag), when there is something.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            LoadError::Undecodable { reason, .. } => reason.hint(),
            LoadError::Strict { .. } => Some(Hint::Strict),
            LoadError::In { error, .. } => error.hint(),
            _ => None,
        }
    }

    pub fn file(&self) -> FileKind {
        match self {
            LoadError::MissingFile { file }
            | LoadError::MissingColumn { file, .. }
            | LoadError::Undecodable { file, .. }
            | LoadError::NoDataRows { file }
            | LoadError::UnclosedQuote { file, .. }
            | LoadError::Csv { file, .. }
            | LoadError::Read { file, .. }
            | LoadError::TooManyBadRows { file, .. }
            | LoadError::Strict { file, .. } => *file,
            LoadError::In { file, .. }
            | LoadError::MappedColumnMissing { file, .. }
            | LoadError::UnitConflict { file, .. }
            | LoadError::NoPeriodInName { file } => file.kind,
            LoadError::SamePeriodInNames { first, .. } => first.kind,
        }
    }

    /// `self` as an error of `file`: unchanged for the contract file, else wrapped in
    /// [`LoadError::In`] so that the message names the real source.
    pub fn of(self, file: &FileRef) -> LoadError {
        match self {
            e @ (LoadError::In { .. }
            | LoadError::MappedColumnMissing { .. }
            | LoadError::UnitConflict { .. }
            | LoadError::NoPeriodInName { .. }
            | LoadError::SamePeriodInNames { .. }) => e,
            e if file.is_contract() => e,
            e => LoadError::In { file: file.clone(), error: Box::new(e) },
        }
    }
}
