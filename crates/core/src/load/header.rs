//! Header mapping: the contract's columns of each file (the accepted names of each column are
//! [`Column::names`]), the match of a header row against them (case-insensitive, Chinese
//! aliases), and the hints when a required column is missing (the closest header, a wrong
//! separator, a file without a header row).

use crate::issue::{clip, FileKind, IssueKind, LoadError, RowIssue, Severity};
use crate::model::{Date, Period};

use super::synonyms::header_key;

/// A column of the contract.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub alias: &'static str,
    /// The column must be present in the header.
    pub required: bool,
}

impl Column {
    /// The header keys (trimmed, lowercased, `-` and spaces as `_`) this column is found under: its name and its alias.
    pub fn names(&self) -> [&'static str; 2] {
        [self.name, self.alias]
    }
}

const fn col(name: &'static str, alias: &'static str, required: bool) -> Column {
    Column { name, alias, required }
}

/// customers.csv columns, in contract order.
pub const CUSTOMER_COLUMNS: [Column; 19] = [
    col("period", "期间", true),
    col("customer_id", "客户号", true),
    col("name", "客户名称", true),
    col("kind", "客户类型", true),
    col("branch_id", "机构号", true),
    col("manager_id", "客户经理号", true),
    col("open_date", "开户日期", true),
    col("deposit_avg", "存款日均", true),
    col("loan_balance", "贷款余额", true),
    col("aum", "金融资产", true),
    col("fee_income", "中间业务收入", true),
    col("products", "持有产品", true),
    col("txn_count", "交易笔数", true),
    col("industry", "行业", false),
    col("loan_class", "五级分类", false),
    col("overdue_days", "逾期天数", false),
    col("last_contact", "最近联系日期", false),
    col("complaints", "投诉次数", false),
    col("phone", "手机号", false),
];

/// managers.csv columns, in contract order.
pub const MANAGER_COLUMNS: [Column; 11] = [
    col("manager_id", "客户经理号", true),
    col("name", "姓名", true),
    col("branch_id", "机构号", true),
    col("grade", "等级", true),
    col("hire_date", "入职日期", true),
    col("status", "状态", true),
    col("period", "期间", false),
    col("deposit_target", "存款目标", false),
    col("loan_target", "贷款目标", false),
    col("fee_target", "中收目标", false),
    col("new_customers_target", "新客户目标", false),
];

/// credit_splits.csv columns.
pub const SPLIT_COLUMNS: [Column; 3] =
    [col("customer_id", "客户号", true), col("manager_id", "客户经理号", true), col("share", "分成比例", true)];

/// Indices of the customers.csv columns in [`CUSTOMER_COLUMNS`].
pub(super) mod c {
    pub const PERIOD: usize = 0;
    pub const CUSTOMER_ID: usize = 1;
    pub const NAME: usize = 2;
    pub const KIND: usize = 3;
    pub const BRANCH_ID: usize = 4;
    pub const MANAGER_ID: usize = 5;
    pub const OPEN_DATE: usize = 6;
    pub const DEPOSIT_AVG: usize = 7;
    pub const LOAN_BALANCE: usize = 8;
    pub const AUM: usize = 9;
    pub const FEE_INCOME: usize = 10;
    pub const PRODUCTS: usize = 11;
    pub const TXN_COUNT: usize = 12;
    pub const INDUSTRY: usize = 13;
    pub const LOAN_CLASS: usize = 14;
    pub const OVERDUE_DAYS: usize = 15;
    pub const LAST_CONTACT: usize = 16;
    pub const COMPLAINTS: usize = 17;
    pub const PHONE: usize = 18;
}

/// Indices of the managers.csv columns in [`MANAGER_COLUMNS`].
pub(super) mod m {
    pub const MANAGER_ID: usize = 0;
    pub const NAME: usize = 1;
    pub const BRANCH_ID: usize = 2;
    pub const GRADE: usize = 3;
    pub const HIRE_DATE: usize = 4;
    pub const STATUS: usize = 5;
    pub const PERIOD: usize = 6;
    pub const DEPOSIT_TARGET: usize = 7;
    pub const LOAN_TARGET: usize = 8;
    pub const FEE_TARGET: usize = 9;
    pub const NEW_CUSTOMERS_TARGET: usize = 10;
}

/// Indices of the credit_splits.csv columns in [`SPLIT_COLUMNS`].
pub(super) mod s {
    pub const CUSTOMER_ID: usize = 0;
    pub const MANAGER_ID: usize = 1;
    pub const SHARE: usize = 2;
}

/// The result of matching a header row against the contract.
pub(super) struct HeaderMap {
    /// Field index of each contract column, when present.
    pub(super) index: Vec<Option<usize>>,
    pub(super) fields: usize,
}

/// Matches `header` against `columns`: a repeated column is a notice (the first is read), a
/// missing required column rejects the file, and headers no column takes are listed in a notice.
pub(super) fn map_header(
    file: FileKind,
    header: &csv::StringRecord,
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
) -> Result<HeaderMap, LoadError> {
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let (index, used) = match_columns(file, header, &keys, columns, issues);
    if let Some((c, _)) = columns.iter().zip(&index).find(|(c, i)| c.required && i.is_none()) {
        return Err(missing_column(file, header, &keys, &used, c));
    }
    let unknown: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(fi, h)| !used[*fi] && !h.trim().is_empty())
        .map(|(_, h)| clip(h.trim()))
        .collect();
    if !unknown.is_empty() {
        issues.push(RowIssue {
            file,
            line: 1,
            column: None,
            value: String::new(),
            kind: IssueKind::UnknownColumns { columns: unknown },
            severity: Severity::Notice,
        });
    }
    Ok(HeaderMap { index, fields: header.len() })
}

/// The field index of each column (the first header it is found under) and which fields a
/// column took. A column found twice is a notice.
fn match_columns(
    file: FileKind,
    header: &csv::StringRecord,
    keys: &[String],
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut index = vec![None; columns.len()];
    let mut used = vec![false; keys.len()];
    for (ci, c) in columns.iter().enumerate() {
        for (fi, k) in keys.iter().enumerate() {
            if c.names().contains(&k.as_str()) {
                if index[ci].is_none() {
                    index[ci] = Some(fi);
                } else {
                    issues.push(RowIssue {
                        file,
                        line: 1,
                        column: Some(c.name),
                        value: clip(header.get(fi).unwrap_or_default()),
                        kind: IssueKind::DuplicateColumn,
                        severity: Severity::Notice,
                    });
                }
                used[fi] = true;
            }
        }
    }
    (index, used)
}

/// The rejection of a file without the required column `c`, with the hints that explain it.
fn missing_column(file: FileKind, header: &csv::StringRecord, keys: &[String], used: &[bool], c: &Column) -> LoadError {
    // No header at all: the first row is data (no column matches, a field is a period or date).
    let header_is_data =
        !used.contains(&true) && header.iter().any(|h| Period::parse(h).is_some() || Date::parse(h).is_some());
    let closest = if header_is_data { None } else { closest_header(header, keys, used, c) };
    LoadError::MissingColumn {
        file,
        column: c.name,
        alias: c.alias,
        closest,
        separator_hint: separator_hint(header),
        header_is_data,
    }
}

/// The unused header nearest to one of the names of `c` (edit distance at most 2, or a third of
/// the header's length), as written in the file.
fn closest_header(header: &csv::StringRecord, keys: &[String], used: &[bool], c: &Column) -> Option<String> {
    keys.iter()
        .enumerate()
        .filter(|(fi, _)| !used[*fi])
        .filter_map(|(fi, k)| c.names().iter().map(|n| strsim::osa_distance(k, n)).min().map(|d| (d, fi)))
        .filter(|(d, fi)| *d <= 2.max(keys[*fi].chars().count() / 3))
        .min()
        .and_then(|(_, fi)| header.get(fi).map(|s| s.trim().to_string()))
}

/// The separator the file seems to use instead of `,`: only for a header read as one field.
fn separator_hint(header: &csv::StringRecord) -> Option<char> {
    let joined = header.iter().collect::<Vec<_>>().join(",");
    if header.len() <= 1 {
        [';', '\t', '|'].into_iter().find(|&s| joined.contains(s))
    } else {
        None
    }
}
