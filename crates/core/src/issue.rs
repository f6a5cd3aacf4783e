//! Typed problems found while loading: row-level [`RowIssue`]s (data, never panics) and
//! file-level [`LoadError`]s (the input is rejected). Each carries file, line, column and the
//! offending value, and renders in English and Chinese.

use std::fmt;

use serde::Serialize;

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
    BadEnum { expected: &'static str },
    /// An amount that must be ≥ 0 is negative.
    NegativeAmount,
    /// An amount whose size is beyond any customer's (more than [`MAX_PLAUSIBLE_YUAN`] yuan):
    /// a unit or export error, which would otherwise swamp every total.
    ImplausibleAmount,
    /// The row's field count differs from the header's.
    RaggedRow { expected: usize, found: usize },
    /// A key seen before; `first_line` is where.
    DuplicateKey { first_line: u64 },
    /// The shares of a customer do not sum to 1.
    SharesSum { sum_millis: i64 },
    /// A share outside (0, 1].
    BadShare,
    /// A manager id that managers.csv does not list.
    UnknownManager,
    /// A customer id that customers.csv does not list.
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
            | IssueKind::TooManyProducts => Severity::Warning,
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
            IssueKind::DuplicateKey { .. } => "duplicate_key",
            IssueKind::SharesSum { .. } => "shares_sum",
            IssueKind::BadShare => "bad_share",
            IssueKind::UnknownManager => "unknown_manager",
            IssueKind::UnknownCustomer => "unknown_customer",
            IssueKind::LoanWithoutClass => "loan_without_class",
            IssueKind::ClassWithoutLoan => "class_without_loan",
            IssueKind::DateAfterPeriod => "date_after_period",
            IssueKind::TooManyProducts => "too_many_products",
        }
    }

    /// A short English title of the kind (for group headings).
    pub fn title_en(&self) -> &'static str {
        match self {
            IssueKind::UnknownColumns { .. } => "Unknown columns ignored",
            IssueKind::DuplicateColumn => "Duplicate column",
            IssueKind::MissingValue => "Missing required value",
            IssueKind::BadNumber => "Not a number",
            IssueKind::BadInteger => "Not a whole number",
            IssueKind::BadDate => "Invalid date",
            IssueKind::BadPeriod => "Invalid period",
            IssueKind::BadEnum { .. } => "Value not allowed",
            IssueKind::NegativeAmount => "Negative amount",
            IssueKind::ImplausibleAmount => "Implausibly large amount",
            IssueKind::RaggedRow { .. } => "Wrong number of fields",
            IssueKind::DuplicateKey { .. } => "Duplicate key",
            IssueKind::SharesSum { .. } => "Credit shares do not sum to 1",
            IssueKind::BadShare => "Invalid share",
            IssueKind::UnknownManager => "Unknown manager",
            IssueKind::UnknownCustomer => "Unknown customer",
            IssueKind::LoanWithoutClass => "Loan without five-level class",
            IssueKind::ClassWithoutLoan => "Loan class without a loan",
            IssueKind::DateAfterPeriod => "Date after the period",
            IssueKind::TooManyProducts => "Too many product codes",
        }
    }

    /// A short Chinese title of the kind.
    pub fn title_zh(&self) -> &'static str {
        match self {
            IssueKind::UnknownColumns { .. } => "忽略未知列",
            IssueKind::DuplicateColumn => "重复列",
            IssueKind::MissingValue => "必填值为空",
            IssueKind::BadNumber => "不是有效数字",
            IssueKind::BadInteger => "不是有效整数",
            IssueKind::BadDate => "日期无效",
            IssueKind::BadPeriod => "期间无效",
            IssueKind::BadEnum { .. } => "取值不在允许范围",
            IssueKind::NegativeAmount => "金额为负",
            IssueKind::ImplausibleAmount => "金额大得不合理",
            IssueKind::RaggedRow { .. } => "字段个数不符",
            IssueKind::DuplicateKey { .. } => "主键重复",
            IssueKind::SharesSum { .. } => "分成比例之和不为 1",
            IssueKind::BadShare => "分成比例无效",
            IssueKind::UnknownManager => "客户经理不存在",
            IssueKind::UnknownCustomer => "客户不存在",
            IssueKind::LoanWithoutClass => "贷款缺少五级分类",
            IssueKind::ClassWithoutLoan => "有五级分类但无贷款",
            IssueKind::DateAfterPeriod => "日期晚于期间",
            IssueKind::TooManyProducts => "产品代码过多",
        }
    }
}

/// One row-level problem.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RowIssue {
    pub file: FileKind,
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
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

    fn location(&self) -> String {
        match self.column {
            Some(c) => format!("{}:{} [{}]", self.file, self.line, c),
            None => format!("{}:{}", self.file, self.line),
        }
    }

    /// The full English message, starting with `file:line [column]`.
    pub fn message_en(&self) -> String {
        let v = &self.value;
        let what = match &self.kind {
            IssueKind::UnknownColumns { columns } => {
                format!("unknown columns ignored: {}", columns.join(", "))
            }
            IssueKind::DuplicateColumn => format!("column '{v}' appears more than once; the first is used"),
            IssueKind::MissingValue => "required value is empty; row skipped".to_string(),
            IssueKind::BadNumber => format!("'{v}' is not a decimal amount; row skipped"),
            IssueKind::BadInteger => format!("'{v}' is not a whole number ≥ 0; row skipped"),
            IssueKind::BadDate => format!("'{v}' is not a valid date (YYYY-MM-DD); row skipped"),
            IssueKind::BadPeriod => format!("'{v}' is not a valid period (YYYY-MM); row skipped"),
            IssueKind::BadEnum { expected } => format!("'{v}' is not one of {expected}; row skipped"),
            IssueKind::NegativeAmount => format!("amount {v} must not be negative; row skipped"),
            IssueKind::ImplausibleAmount => {
                format!("amount {v} is larger than any customer's (limit 10,000,000,000,000 yuan); row skipped")
            }
            IssueKind::RaggedRow { expected, found } => {
                format!("row has {found} fields, the header has {expected}; row skipped")
            }
            IssueKind::DuplicateKey { first_line } => {
                format!("duplicate key {v} (first seen on line {first_line}); row skipped")
            }
            IssueKind::SharesSum { sum_millis } => format!(
                "shares of customer {v} sum to {:.3}, not 1; all splits of this customer skipped",
                *sum_millis as f64 / 1000.0
            ),
            IssueKind::BadShare => format!("share '{v}' must be a number in (0, 1]; row skipped"),
            IssueKind::UnknownManager if self.file == FileKind::CreditSplits => {
                format!("manager '{v}' is not in managers.csv; row skipped")
            }
            IssueKind::UnknownManager => {
                format!("manager '{v}' is not in managers.csv; the customer counts as unassigned")
            }
            IssueKind::UnknownCustomer => format!("customer '{v}' is not in customers.csv; row skipped"),
            IssueKind::LoanWithoutClass => {
                format!("loan balance {v} has an empty loan_class; counted as normal")
            }
            IssueKind::ClassWithoutLoan => format!("loan_class '{v}' given without a loan balance; ignored"),
            IssueKind::DateAfterPeriod => format!("date {v} is after the end of the row's period"),
            IssueKind::TooManyProducts => format!("more than 64 distinct product codes; '{v}' dropped"),
        };
        format!("{}: {what}", self.location())
    }

    /// The full Chinese message.
    pub fn message_zh(&self) -> String {
        let v = &self.value;
        let what = match &self.kind {
            IssueKind::UnknownColumns { columns } => format!("已忽略未知列：{}", columns.join("、")),
            IssueKind::DuplicateColumn => format!("列“{v}”出现多次，使用第一列"),
            IssueKind::MissingValue => "必填值为空，已跳过该行".to_string(),
            IssueKind::BadNumber => format!("“{v}”不是有效金额，已跳过该行"),
            IssueKind::BadInteger => format!("“{v}”不是非负整数，已跳过该行"),
            IssueKind::BadDate => format!("“{v}”不是有效日期（YYYY-MM-DD），已跳过该行"),
            IssueKind::BadPeriod => format!("“{v}”不是有效期间（YYYY-MM），已跳过该行"),
            IssueKind::BadEnum { expected } => format!("“{v}”不在允许取值 {expected} 之内，已跳过该行"),
            IssueKind::NegativeAmount => format!("金额 {v} 不能为负，已跳过该行"),
            IssueKind::ImplausibleAmount => format!("金额 {v} 超出任何客户的可能规模（上限 10 万亿元），已跳过该行"),
            IssueKind::RaggedRow { expected, found } => {
                format!("该行有 {found} 个字段，表头有 {expected} 个，已跳过该行")
            }
            IssueKind::DuplicateKey { first_line } => {
                format!("主键 {v} 重复（首次出现在第 {first_line} 行），已跳过该行")
            }
            IssueKind::SharesSum { sum_millis } => format!(
                "客户 {v} 的分成比例之和为 {:.3}，不等于 1，已跳过该客户的全部分成",
                *sum_millis as f64 / 1000.0
            ),
            IssueKind::BadShare => format!("分成比例“{v}”必须是 (0, 1] 之间的数，已跳过该行"),
            IssueKind::UnknownManager if self.file == FileKind::CreditSplits => {
                format!("客户经理“{v}”不在 managers.csv 中，已跳过该行")
            }
            IssueKind::UnknownManager => format!("客户经理“{v}”不在 managers.csv 中，该客户视为未分配"),
            IssueKind::UnknownCustomer => format!("客户“{v}”不在 customers.csv 中，已跳过该行"),
            IssueKind::LoanWithoutClass => format!("贷款余额 {v} 的五级分类为空，按正常类计"),
            IssueKind::ClassWithoutLoan => format!("无贷款余额却有五级分类“{v}”，已忽略"),
            IssueKind::DateAfterPeriod => format!("日期 {v} 晚于该行期间的最后一天"),
            IssueKind::TooManyProducts => format!("产品代码超过 64 种，已舍弃“{v}”"),
        };
        let loc = match self.column {
            Some(c) => format!("{} 第 {} 行 [{}]", self.file, self.line, c),
            None => format!("{} 第 {} 行", self.file, self.line),
        };
        format!("{loc}：{what}")
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
    /// GB18030/GBK forced, but the file is UTF-8 text with non-ASCII characters (reading it as
    /// GBK would garble every name; real GBK text is practically never valid UTF-8).
    Utf8ButGbkForced,
}

impl DecodeReason {
    /// The encoding the file was tried in, in English.
    pub fn encoding_en(self) -> &'static str {
        match self {
            DecodeReason::NulBytes | DecodeReason::Utf16 { .. } => "text",
            DecodeReason::InvalidUtf8 { .. } => "UTF-8",
            DecodeReason::NotUtf8NorGb18030 => "UTF-8 or GB18030/GBK",
            DecodeReason::Utf8ButGbkForced => "GB18030/GBK",
        }
    }

    /// The encoding the file was tried in, in Chinese (with the spaces around it).
    pub fn encoding_zh(self) -> &'static str {
        match self {
            DecodeReason::NulBytes | DecodeReason::Utf16 { .. } => "文本",
            DecodeReason::InvalidUtf8 { .. } => " UTF-8 ",
            DecodeReason::NotUtf8NorGb18030 => " UTF-8 或 GB18030/GBK ",
            DecodeReason::Utf8ButGbkForced => " GB18030/GBK ",
        }
    }

    /// Why, in English.
    pub fn en(self) -> String {
        match self {
            DecodeReason::NulBytes => "it contains NUL bytes (a binary file?)".into(),
            DecodeReason::Utf16 { big_endian } => format!(
                "it is UTF-16 ({}), which the contract does not accept; save it as UTF-8 or GBK",
                if big_endian { "big-endian" } else { "little-endian" }
            ),
            DecodeReason::InvalidUtf8 { byte, offset } => format!("invalid byte 0x{byte:02X} at offset {offset}"),
            DecodeReason::NotUtf8NorGb18030 => {
                "the bytes are neither valid UTF-8 nor valid GB18030 (use --encoding to force one)".into()
            }
            DecodeReason::Utf8ButGbkForced => {
                "the file is UTF-8 text; read as GBK its names would be garbled (use --encoding auto or utf-8)".into()
            }
        }
    }

    /// Why, in Chinese.
    pub fn zh(self) -> String {
        match self {
            DecodeReason::NulBytes => "文件含有 NUL 字节（是否为二进制文件？）".into(),
            DecodeReason::Utf16 { big_endian } => format!(
                "文件为 UTF-16 编码（{}），数据约定不接受；请另存为 UTF-8 或 GBK",
                if big_endian { "大端" } else { "小端" }
            ),
            DecodeReason::InvalidUtf8 { byte, offset } => format!("偏移 {offset} 处的字节 0x{byte:02X} 无效"),
            DecodeReason::NotUtf8NorGb18030 => {
                "字节既不是有效的 UTF-8，也不是有效的 GB18030（可用 --encoding 指定编码）".into()
            }
            DecodeReason::Utf8ButGbkForced => {
                "文件是 UTF-8 文本，按 GBK 读取会使名称变成乱码（请用 --encoding auto 或 utf-8）".into()
            }
        }
    }
}

/// The Chinese text of the common I/O error kinds (the operating system's own text is English).
pub fn io_kind_zh(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "文件不存在",
        K::PermissionDenied => "没有权限",
        K::InvalidData => "不是有效的 UTF-8 文本",
        K::UnexpectedEof => "文件意外结束（读取中被截断？）",
        K::TimedOut => "读取超时",
        K::Interrupted => "读取被中断",
        K::OutOfMemory => "内存不足",
        _ => return None,
    })
}

/// The largest amount (in yuan, either sign) a row may carry: 10 trillion yuan (10 万亿元), more
/// than any single customer's balance at any bank. Larger values are export or unit errors.
pub const MAX_PLAUSIBLE_YUAN: i64 = 10_000_000_000_000;

/// A whole input is rejected: nothing is built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: required file not found")]
    MissingFile { file: FileKind },
    #[error("{file}:1: required column '{column}' ({alias}) not found{}", closest.as_ref().map(|c| format!("; did you mean '{c}'?")).unwrap_or_default())]
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
    #[error("{file}:{line}: cannot decode the file as {}: {}", reason.encoding_en(), reason.en())]
    Undecodable { file: FileKind, line: u64, reason: DecodeReason },
    #[error("{file}: the file has no data rows")]
    NoDataRows { file: FileKind },
    #[error("{file}:{line}: a quoted field opened on this line is never closed; the rest of the file would be read as one field")]
    UnclosedQuote { file: FileKind, line: u64 },
    #[error("{file}:{line}: CSV error: {message}")]
    Csv { file: FileKind, line: u64, message: String },
    /// Reading the bytes failed (an I/O error of the source, e.g. a network share dropping).
    #[error("{file}: cannot read the file: {message}")]
    Read { file: FileKind, kind: std::io::ErrorKind, message: String },
    #[error("{file}: {bad} of {total} rows are bad ({:.2}%), more than the {:.2}% allowed", *bad as f64 * 100.0 / (*total).max(1) as f64, max_ratio * 100.0)]
    TooManyBadRows { file: FileKind, bad: u64, total: u64, max_ratio: f64 },
    #[error("{file}:{line}: bad row and --strict is set: {}", issue.message_en())]
    Strict {
        file: FileKind,
        line: u64,
        /// The first bad row; rendered in the language of the message.
        issue: Box<RowIssue>,
    },
}

impl LoadError {
    /// The English message (same as `Display`).
    pub fn message_en(&self) -> String {
        let mut s = self.to_string();
        if let LoadError::MissingColumn { separator_hint: Some(c), .. } = self {
            s.push_str(&format!(" (the header seems to be separated by '{c}'; the contract requires ',')"));
        }
        if let LoadError::MissingColumn { header_is_data: true, .. } = self {
            s.push_str("; the first row looks like data: the file seems to have no header row");
        }
        s
    }

    /// The Chinese message.
    pub fn message_zh(&self) -> String {
        match self {
            LoadError::MissingFile { file } => format!("{file}：找不到必需的文件"),
            LoadError::MissingColumn { file, column, alias, closest, separator_hint, header_is_data } => {
                let mut s = format!("{file} 第 1 行：缺少必需列“{column}”（{alias}）");
                if let Some(c) = closest {
                    s.push_str(&format!("；是否应为“{c}”？"));
                }
                if let Some(c) = separator_hint {
                    s.push_str(&format!("（表头似乎以“{c}”分隔，数据约定要求使用逗号）"));
                }
                if *header_is_data {
                    s.push_str("；第一行似乎是数据：文件似乎缺少表头行");
                }
                s
            }
            LoadError::Undecodable { file, line, reason } => {
                format!("{file} 第 {line} 行：无法按{}解码文件：{}", reason.encoding_zh(), reason.zh())
            }
            LoadError::NoDataRows { file } => format!("{file}：文件没有数据行"),
            LoadError::UnclosedQuote { file, line } => {
                format!("{file} 第 {line} 行：此行开始的带引号字段没有结束引号，文件其余部分会被读成一个字段")
            }
            LoadError::Csv { file, line, message } => format!("{file} 第 {line} 行：CSV 格式错误：{message}"),
            LoadError::Read { file, kind, message } => {
                format!("{file}：无法读取文件：{}", io_kind_zh(*kind).map_or_else(|| message.clone(), str::to_string))
            }
            LoadError::TooManyBadRows { file, bad, total, max_ratio } => format!(
                "{file}：{total} 行中有 {bad} 行有误（{:.2}%），超过允许的 {:.2}%",
                *bad as f64 * 100.0 / (*total).max(1) as f64,
                max_ratio * 100.0
            ),
            LoadError::Strict { file, line, issue } => {
                format!("{file} 第 {line} 行：存在错误行且设置了 --strict：{}", issue.message_zh())
            }
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
        }
    }
}
