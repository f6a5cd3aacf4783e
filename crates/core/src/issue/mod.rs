//! Typed problems found while loading: row-level [`RowIssue`]s (data, never panics) and
//! file-level [`LoadError`]s (the input is rejected). Each carries file, line, column and the
//! offending value, and renders in English and Chinese from the message table
//! ([`branchlens_i18n::Msg`], `messages/load.toml`). No message names a CLI flag: a rejection the
//! caller can act on carries a [`Hint`], which the CLI renders with its flag.

use std::fmt;

use branchlens_i18n::{Lang, Msg};
use serde::Serialize;

mod file_ref;
mod rejection;

pub use file_ref::FileRef;
pub use rejection::LoadError;

/// Which input file a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Customers,
    Managers,
    CreditSplits,
}

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Customers, FileKind::Managers, FileKind::CreditSplits];
    /// The file name of the contract.
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Customers => "customers.csv",
            FileKind::Managers => "managers.csv",
            FileKind::CreditSplits => "credit_splits.csv",
        }
    }
}

impl FileKind {
    /// The table's name in the configuration (`[input.customers]`, …).
    pub fn table_name(self) -> &'static str {
        match self {
            FileKind::Customers => "customers",
            FileKind::Managers => "managers",
            FileKind::CreditSplits => "credit_splits",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// How bad a row-level problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Information only (e.g. extra columns ignored).
    Notice,
    /// The row is kept; a value was flagged or defaulted.
    Warning,
    /// The row was skipped.
    Error,
}

/// What is wrong with a row or value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum IssueKind {
    /// Columns not in the contract; reported once per file.
    UnknownColumns { columns: Vec<String> },
    /// The same column appears twice; the first one is used.
    DuplicateColumn,
    /// A required value is empty.
    MissingValue,
    /// Not a decimal amount.
    BadNumber,
    /// Not a whole number ≥ 0.
    BadInteger,
    /// Not a valid `YYYY-MM-DD` date.
    BadDate,
    /// Not a valid `YYYY-MM` period.
    BadPeriod,
    /// Not one of the allowed values.
    BadEnum { expected: Accepted },
    /// An amount that must be ≥ 0 is negative.
    NegativeAmount,
    /// An amount whose size is beyond any customer's (more than [`MAX_PLAUSIBLE_YUAN`] yuan):
    /// a unit or export error, which would otherwise swamp every total.
    ImplausibleAmount,
    /// The row's field count differs from the header's.
    RaggedRow { expected: usize, found: usize },
    /// A key seen before; `first_line` is where.
    DuplicateKey { first_line: u64 },
    /// A key seen before in another source of the table (`first_file`, as messages name it).
    DuplicateKeyIn { first_file: Box<str>, first_line: u64 },
    /// The shares of a customer do not sum to 1.
    SharesSum { sum_millis: i64 },
    /// The shares of a customer no longer sum to 1 once its stale splits (naming a manager not
    /// in the data) are dropped: its splits are dropped, it is credited to its manager of record.
    SharesSumAfterDrop { sum_millis: i64 },
    /// A text value longer than [`MAX_TEXT_CHARS`] characters (likely a broken export: a
    /// quote never closed swallows the rows after it); kept, shown clipped.
    LongText { chars: usize },
    /// An optional column that this source lacks but `present_in` has (`lacking` of the
    /// table's `sources` lack it): it counts as absent from the whole table.
    ColumnInSomeSources { present_in: Box<str>, lacking: usize, sources: usize },
    /// A share outside (0, 1].
    BadShare,
    /// A manager id that managers.csv does not list.
    UnknownManager,
    /// A customer id (of a credit split) that customers.csv does not list: the split is dropped.
    UnknownCustomer,
    /// A loan balance with an empty loan_class: counted as normal.
    LoanWithoutClass,
    /// A loan class without a loan balance: ignored.
    ClassWithoutLoan,
    /// A date after the end of the row's period.
    DateAfterPeriod,
    /// More distinct product codes than the model holds; the code is dropped.
    TooManyProducts,
}

impl IssueKind {
    pub fn severity(&self) -> Severity {
        match self {
            IssueKind::UnknownColumns { .. } | IssueKind::DuplicateColumn => Severity::Notice,
            IssueKind::UnknownManager
            | IssueKind::LoanWithoutClass
            | IssueKind::ClassWithoutLoan
            | IssueKind::DateAfterPeriod
            | IssueKind::TooManyProducts
            | IssueKind::SharesSumAfterDrop { .. }
            | IssueKind::LongText { .. }
            | IssueKind::ColumnInSomeSources { .. } => Severity::Warning,
            IssueKind::UnknownCustomer => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A stable short code, for grouping.
    pub fn code(&self) -> &'static str {
        match self {
            IssueKind::UnknownColumns { .. } => "unknown_columns",
            IssueKind::DuplicateColumn => "duplicate_column",
            IssueKind::MissingValue => "missing_value",
            IssueKind::BadNumber => "bad_number",
            IssueKind::BadInteger => "bad_integer",
            IssueKind::BadDate => "bad_date",
            IssueKind::BadPeriod => "bad_period",
            IssueKind::BadEnum { .. } => "bad_enum",
            IssueKind::NegativeAmount => "negative_amount",
            IssueKind::ImplausibleAmount => "implausible_amount",
            IssueKind::RaggedRow { .. } => "ragged_row",
            IssueKind::DuplicateKey { .. } | IssueKind::DuplicateKeyIn { .. } => "duplicate_key",
            IssueKind::SharesSum { .. } => "shares_sum",
            IssueKind::SharesSumAfterDrop { .. } => "shares_sum_after_drop",
            IssueKind::LongText { .. } => "long_text",
            IssueKind::ColumnInSomeSources { .. } => "column_in_some_sources",
            IssueKind::BadShare => "bad_share",
            IssueKind::UnknownManager => "unknown_manager",
            IssueKind::UnknownCustomer => "unknown_customer",
            IssueKind::LoanWithoutClass => "loan_without_class",
            IssueKind::ClassWithoutLoan => "class_without_loan",
            IssueKind::DateAfterPeriod => "date_after_period",
            IssueKind::TooManyProducts => "too_many_products",
        }
    }

    /// A short title of the kind (for group headings), in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        let m = match self {
            IssueKind::UnknownColumns { .. } => Msg::IssueTitleUnknownColumns,
            IssueKind::DuplicateColumn => Msg::IssueTitleDuplicateColumn,
            IssueKind::MissingValue => Msg::IssueTitleMissingValue,
            IssueKind::BadNumber => Msg::IssueTitleBadNumber,
            IssueKind::BadInteger => Msg::IssueTitleBadInteger,
            IssueKind::BadDate => Msg::IssueTitleBadDate,
            IssueKind::BadPeriod => Msg::IssueTitleBadPeriod,
            IssueKind::BadEnum { .. } => Msg::IssueTitleBadEnum,
            IssueKind::NegativeAmount => Msg::IssueTitleNegativeAmount,
            IssueKind::ImplausibleAmount => Msg::IssueTitleImplausibleAmount,
            IssueKind::RaggedRow { .. } => Msg::IssueTitleRaggedRow,
            IssueKind::DuplicateKey { .. } | IssueKind::DuplicateKeyIn { .. } => Msg::IssueTitleDuplicateKey,
            IssueKind::SharesSum { .. } => Msg::IssueTitleSharesSum,
            IssueKind::SharesSumAfterDrop { .. } => Msg::IssueTitleSharesSumAfterDrop,
            IssueKind::LongText { .. } => Msg::IssueTitleLongText,
            IssueKind::ColumnInSomeSources { .. } => Msg::IssueTitleColumnInSomeSources,
            IssueKind::BadShare => Msg::IssueTitleBadShare,
            IssueKind::UnknownManager => Msg::IssueTitleUnknownManager,
            IssueKind::UnknownCustomer => Msg::IssueTitleUnknownCustomer,
            IssueKind::LoanWithoutClass => Msg::IssueTitleLoanWithoutClass,
            IssueKind::ClassWithoutLoan => Msg::IssueTitleClassWithoutLoan,
            IssueKind::DateAfterPeriod => Msg::IssueTitleDateAfterPeriod,
            IssueKind::TooManyProducts => Msg::IssueTitleTooManyProducts,
        };
        m.text(lang)
    }
}

/// The enumerated column whose accepted values a [`IssueKind::BadEnum`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accepted {
    Kind,
    LoanClass,
    Status,
    Industry,
}

impl Accepted {
    /// The list of the accepted values (every built-in form), in the message table.
    pub fn msg(self) -> Msg {
        match self {
            Accepted::Kind => Msg::AcceptedKind,
            Accepted::LoanClass => Msg::AcceptedLoanClass,
            Accepted::Status => Msg::AcceptedStatus,
            Accepted::Industry => Msg::AcceptedIndustry,
        }
    }
}

/// One row-level problem.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RowIssue {
    #[serde(flatten)]
    pub file: FileRef,
    /// 1-based line in the file (the header is line 1); for a worksheet, the sheet row.
    pub line: u64,
    /// For a worksheet: the sheet column of the cell (0 = A; Excel has at most 16,384), when
    /// the problem is in one cell.
    #[serde(skip)]
    pub cell: Option<u16>,
    /// The column's canonical (English) name, when the problem is in one column.
    pub column: Option<&'static str>,
    /// The offending value (truncated to 80 characters).
    pub value: String,
    #[serde(flatten)]
    pub kind: IssueKind,
    /// Usually `kind.severity()`; a reference problem that skips the row is an error.
    pub severity: Severity,
}

/// Whether `c` would be invisible or act on the terminal when printed: control characters
/// (escape sequences), byte-order marks, zero-width and bidirectional formatting characters.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}')
        || matches!(c, '\u{2066}'..='\u{2069}' | '\u{fff9}'..='\u{fffb}')
}

/// Truncates a value for display in messages (at most 80 characters, then `…`), writing
/// invisible characters as `\u{…}` escapes so that a message shows what is really in the file
/// and cannot drive the terminal. The limit counts the characters shown, escapes included.
pub fn clip(value: &str) -> String {
    const MAX: usize = 80;
    let mut s = String::new();
    let mut shown = 0;
    for c in value.chars() {
        let escaped = is_invisible(c).then(|| c.escape_unicode().to_string());
        let width = escaped.as_ref().map_or(1, |e| e.chars().count());
        if shown + width > MAX {
            s.push('…');
            break;
        }
        shown += width;
        match escaped {
            Some(e) => s.push_str(&e),
            None => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod clip_tests {
    use super::clip;

    #[test]
    fn clip_counts_escapes_in_the_limit() {
        // 80 plain characters fit; the 81st gives the ellipsis.
        assert_eq!(clip(&"a".repeat(80)), "a".repeat(80));
        assert_eq!(clip(&"a".repeat(81)), format!("{}…", "a".repeat(80)));
        // A BOM shows as the 8 characters `\u{feff}`: 10 of them fill the 80, the 11th does not fit.
        let v = "\u{feff}".repeat(20);
        let c = clip(&v);
        assert!(c.chars().count() <= 81, "{c}");
        assert_eq!(c, format!("{}…", "\\u{feff}".repeat(10)));
        assert_eq!(clip("a\u{1b}b"), "a\\u{1b}b");
    }
}

impl RowIssue {
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Where the problem is: `file:line [column]` (`file 第 line 行 [column]`).
    fn location(&self, lang: Lang) -> String {
        if let (Some(cell), Some(c)) = (self.cell, self.column) {
            let cell = format!("{}{}", crate::load::column_letters(cell as usize), self.line);
            return Msg::RowAtCell.fill(lang, &[("file", &self.file), ("cell", &cell), ("column", &c)]);
        }
        match self.column {
            Some(c) => Msg::RowAtColumn.fill(lang, &[("file", &self.file), ("line", &self.line), ("column", &c)]),
            None => Msg::RowAt.fill(lang, &[("file", &self.file), ("line", &self.line)]),
        }
    }

    /// The full message in `lang`, starting with where the problem is.
    pub fn message(&self, lang: Lang) -> String {
        let v: &dyn fmt::Display = &self.value;
        let what = match &self.kind {
            IssueKind::UnknownColumns { columns } => {
                let columns = columns.join(Msg::ListSeparator.text(lang));
                Msg::IssueUnknownColumns.fill(lang, &[("columns", &columns)])
            }
            IssueKind::DuplicateColumn => Msg::IssueDuplicateColumn.fill(lang, &[("value", v)]),
            IssueKind::MissingValue => Msg::IssueMissingValue.text(lang).to_string(),
            IssueKind::BadNumber => Msg::IssueBadNumber.fill(lang, &[("value", v)]),
            IssueKind::BadInteger => Msg::IssueBadInteger.fill(lang, &[("value", v)]),
            IssueKind::BadDate => Msg::IssueBadDate.fill(lang, &[("value", v)]),
            IssueKind::BadPeriod => Msg::IssueBadPeriod.fill(lang, &[("value", v)]),
            IssueKind::BadEnum { expected } => {
                Msg::IssueBadEnum.fill(lang, &[("value", v), ("expected", &expected.msg().text(lang))])
            }
            IssueKind::NegativeAmount => Msg::IssueNegativeAmount.fill(lang, &[("value", v)]),
            IssueKind::ImplausibleAmount => Msg::IssueImplausibleAmount.fill(lang, &[("value", v)]),
            IssueKind::RaggedRow { expected, found } => {
                Msg::IssueRaggedRow.fill(lang, &[("found", found), ("expected", expected)])
            }
            IssueKind::DuplicateKey { first_line } => {
                Msg::IssueDuplicateKey.fill(lang, &[("value", v), ("first_line", first_line)])
            }
            IssueKind::DuplicateKeyIn { first_file, first_line } => Msg::IssueDuplicateKeyIn
                .fill(lang, &[("value", v), ("first_file", first_file), ("first_line", first_line)]),
            IssueKind::SharesSum { sum_millis } => {
                let sum = format!("{:.3}", *sum_millis as f64 / 1000.0);
                Msg::IssueSharesSum.fill(lang, &[("value", v), ("sum", &sum)])
            }
            IssueKind::SharesSumAfterDrop { sum_millis } => {
                let sum = format!("{:.3}", *sum_millis as f64 / 1000.0);
                Msg::IssueSharesSumAfterDrop.fill(lang, &[("value", v), ("sum", &sum)])
            }
            IssueKind::LongText { chars } => Msg::IssueLongText.fill(lang, &[("value", v), ("chars", chars)]),
            IssueKind::ColumnInSomeSources { present_in, lacking, sources } => Msg::IssueColumnInSomeSources
                .fill(lang, &[("present_in", present_in), ("lacking", lacking), ("sources", sources)]),
            IssueKind::BadShare => Msg::IssueBadShare.fill(lang, &[("value", v)]),
            IssueKind::UnknownManager if self.file.kind == FileKind::CreditSplits => {
                Msg::IssueUnknownSplitManager.fill(lang, &[("value", v)])
            }
            IssueKind::UnknownManager => Msg::IssueUnknownManager.fill(lang, &[("value", v)]),
            IssueKind::UnknownCustomer => Msg::IssueUnknownCustomer.fill(lang, &[("value", v)]),
            IssueKind::LoanWithoutClass => Msg::IssueLoanWithoutClass.fill(lang, &[("value", v)]),
            IssueKind::ClassWithoutLoan => Msg::IssueClassWithoutLoan.fill(lang, &[("value", v)]),
            IssueKind::DateAfterPeriod => Msg::IssueDateAfterPeriod.fill(lang, &[("value", v)]),
            IssueKind::TooManyProducts => Msg::IssueTooManyProducts.fill(lang, &[("value", v)]),
        };
        Msg::RowIssue.fill(lang, &[("at", &self.location(lang)), ("what", &what)])
    }
}

/// Why a file could not be decoded as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum DecodeReason {
    /// The bytes hold a NUL (0x00): a binary file (UTF-16 with a BOM is [`DecodeReason::Utf16`]).
    NulBytes,
    /// The file starts with a UTF-16 byte-order mark.
    Utf16 { big_endian: bool },
    /// Not valid UTF-8 (UTF-8 forced, or after a UTF-8 BOM): the first bad byte and its offset.
    InvalidUtf8 { byte: u8, offset: u64 },
    /// With automatic detection: neither valid UTF-8 nor valid GB18030.
    NotUtf8NorGb18030,
    /// GB18030/GBK forced, and the bytes are not valid GB18030: the first bad byte and its offset.
    InvalidGb18030 { byte: u8, offset: u64 },
    /// GB18030/GBK forced, but the file is UTF-8 text with non-ASCII characters (reading it as
    /// GBK would garble every name; real GBK text is practically never valid UTF-8).
    Utf8ButGbkForced,
}

impl DecodeReason {
    /// The encoding the file was tried in.
    pub fn encoding(self, lang: Lang) -> &'static str {
        let m = match self {
            DecodeReason::NulBytes | DecodeReason::Utf16 { .. } => Msg::EncodingText,
            DecodeReason::InvalidUtf8 { .. } => Msg::EncodingUtf8,
            DecodeReason::NotUtf8NorGb18030 => Msg::EncodingUtf8OrGbk,
            DecodeReason::Utf8ButGbkForced | DecodeReason::InvalidGb18030 { .. } => Msg::EncodingGbk,
        };
        m.text(lang)
    }

    /// Why, in `lang`.
    pub fn reason(self, lang: Lang) -> String {
        match self {
            DecodeReason::NulBytes => Msg::DecodeNulBytes.text(lang).to_string(),
            DecodeReason::Utf16 { big_endian } => {
                let endian = if big_endian { Msg::DecodeBigEndian } else { Msg::DecodeLittleEndian };
                Msg::DecodeUtf16.fill(lang, &[("endian", &endian.text(lang))])
            }
            DecodeReason::InvalidUtf8 { byte, offset } | DecodeReason::InvalidGb18030 { byte, offset } => {
                Msg::DecodeInvalidUtf8.fill(lang, &[("byte", &format_args!("{byte:02X}")), ("offset", &offset)])
            }
            DecodeReason::NotUtf8NorGb18030 => Msg::DecodeNotUtf8NorGb18030.text(lang).to_string(),
            DecodeReason::Utf8ButGbkForced => Msg::DecodeUtf8ButGbkForced.text(lang).to_string(),
        }
    }

    /// What the caller could do about it, when there is something.
    pub fn hint(self) -> Option<Hint> {
        match self {
            DecodeReason::NotUtf8NorGb18030 => Some(Hint::ForceEncoding),
            DecodeReason::Utf8ButGbkForced => Some(Hint::AutoOrUtf8Encoding),
            _ => None,
        }
    }
}

/// What the caller can do about a rejected input; the core names no CLI flag, the CLI renders
/// each hint with its own (`messages/cli.toml`, `hint_*`) after the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hint {
    /// Neither UTF-8 nor GB18030 could be detected: the encoding can be forced.
    ForceEncoding,
    /// GBK was forced on UTF-8 text: automatic detection or UTF-8 reads it.
    AutoOrUtf8Encoding,
    /// A bad row was refused because the caller asked for strict checking.
    Strict,
}

/// The table's text of the common I/O error kinds (`None` for the others).
pub fn io_kind_message(kind: std::io::ErrorKind) -> Option<Msg> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => Msg::IoNotFound,
        K::PermissionDenied => Msg::IoPermissionDenied,
        K::InvalidData => Msg::IoInvalidData,
        K::UnexpectedEof => Msg::IoUnexpectedEof,
        K::TimedOut => Msg::IoTimedOut,
        K::Interrupted => Msg::IoInterrupted,
        K::OutOfMemory => Msg::IoOutOfMemory,
        _ => return None,
    })
}

/// Why an I/O error happened, in `lang`: the operating system's own text (`os_text`) in
/// English; in Chinese the table's text of the common kinds ([`io_kind_message`]), else the
/// OS's text.
pub fn io_reason(kind: std::io::ErrorKind, os_text: &str, lang: Lang) -> String {
    match (lang, io_kind_message(kind)) {
        (Lang::ZhCn, Some(m)) => m.text(lang).to_string(),
        _ => os_text.to_string(),
    }
}

/// The largest amount (in yuan, either sign) a row may carry: 10 trillion yuan (10 万亿元), more
/// than any single customer's balance at any bank. Larger values are export or unit errors.
pub const MAX_PLAUSIBLE_YUAN: i64 = 10_000_000_000_000;

/// The longest text value (in characters) a field may hold without a warning: no name, id,
/// grade or product list of a real export comes near it.
pub const MAX_TEXT_CHARS: usize = 1_000;
