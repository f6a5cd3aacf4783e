//! Header mapping: the contract's columns of each file (the accepted names of each column are
//! [`Column::names`], the built-in synonyms, or only the header the mapping configures), the
//! match of a header row against them (on header keys, a unit suffix such as `(万元)` giving an
//! amount column's unit), and the hints when a required column is missing (the closest header, a
//! wrong separator, a file without a header row).

use crate::issue::{clip, FileKind, FileRef, IssueKind, LoadError, RowIssue, Severity};
use crate::model::{AmountUnit, Date, Period};

use super::synonyms::{header_key, split_unit, synonyms};
use super::TableMapping;

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

/// The amount columns (their unit is the file's `amount_unit` or their header's suffix).
const AMOUNT_COLUMNS: [&str; 7] =
    ["deposit_avg", "loan_balance", "aum", "fee_income", "deposit_target", "loan_target", "fee_target"];

/// The result of matching a header row against the contract.
pub(super) struct HeaderMap {
    /// Field index of each contract column, when present.
    pub(super) index: Vec<Option<usize>>,
    /// The unit of each contract column (yuan but for amount columns in 万元).
    pub(super) units: Vec<AmountUnit>,
    pub(super) fields: usize,
    /// The header each contract column was read from, as written in the file.
    pub(super) headers: Vec<Option<String>>,
}

/// Matches `header` against `columns` under `mapping`: a repeated column is a notice (the first
/// is read), a missing required column rejects the file (but `may_lack`, the customers' period
/// that a file name can give), and headers no column takes are listed in a notice.
pub(super) fn map_header(
    file: &FileRef,
    header: &csv::StringRecord,
    columns: &[Column],
    mapping: &TableMapping,
    may_lack: Option<usize>,
    issues: &mut Vec<RowIssue>,
) -> Result<HeaderMap, LoadError> {
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let (index, used) = match_columns(file, header, &keys, columns, mapping, issues)?;
    let missing =
        columns.iter().zip(&index).enumerate().find(|(ci, (c, i))| c.required && i.is_none() && may_lack != Some(*ci));
    if let Some((_, (c, _))) = missing {
        return Err(missing_column(file.kind, header, &keys, &used, c));
    }
    let units = column_units(file, header, &keys, columns, &index, mapping)?;
    let unknown: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(fi, h)| !used[*fi] && !h.trim().is_empty())
        .map(|(_, h)| clip(h.trim()))
        .collect();
    if !unknown.is_empty() {
        issues.push(RowIssue {
            file: file.clone(),
            line: 1,
            cell: None,
            column: None,
            value: String::new(),
            kind: IssueKind::UnknownColumns { columns: unknown },
            severity: Severity::Notice,
        });
    }
    let headers = index.iter().map(|i| i.and_then(|i| header.get(i)).map(|h| h.trim().to_string())).collect();
    Ok(HeaderMap { index, units, fields: header.len(), headers })
}

/// The unit of each column: an amount column's header suffix, which must agree with the
/// configured `amount_unit` when both are given; else the configured unit; else yuan.
fn column_units(
    file: &FileRef,
    header: &csv::StringRecord,
    keys: &[String],
    columns: &[Column],
    index: &[Option<usize>],
    mapping: &TableMapping,
) -> Result<Vec<AmountUnit>, LoadError> {
    let mut units = Vec::with_capacity(columns.len());
    for (c, i) in columns.iter().zip(index) {
        let from_header = i.and_then(|i| split_unit(&keys[i]).1);
        let unit = match (from_header, mapping.amount_unit) {
            _ if !AMOUNT_COLUMNS.contains(&c.name) => AmountUnit::Yuan,
            (Some(h), Some(configured)) if h != configured => {
                let header = i.and_then(|i| header.get(i)).unwrap_or_default().trim().to_string();
                return Err(LoadError::UnitConflict { file: file.clone(), column: c.name, header, configured });
            }
            (Some(u), _) | (None, Some(u)) => u,
            (None, None) => AmountUnit::Yuan,
        };
        units.push(unit);
    }
    Ok(units)
}

/// Whether the header key `key` names column `c` of `file`: the configured header only, when
/// the mapping gives one; else the contract name, the alias or a built-in synonym. Unit
/// suffixes are not part of the name.
fn names_column(file: FileKind, c: &Column, key: &str, configured: Option<&str>) -> bool {
    let bare = split_unit(key).0;
    match configured {
        Some(want) => key == want || bare == split_unit(want).0,
        None => c.names().contains(&bare) || synonyms(file, c.name).iter().any(|s| header_key(s) == bare),
    }
}

/// The config key of the header configured for column `column` of `file`.
pub(super) fn mapping_key(file: FileKind, column: &str) -> String {
    format!("input.{}.columns.{column}", file.table_name())
}

/// The field index of each column (the first header it is found under) and which fields a
/// column took. A column found twice is a notice; a configured header not in the file rejects it.
fn match_columns(
    file: &FileRef,
    header: &csv::StringRecord,
    keys: &[String],
    columns: &[Column],
    mapping: &TableMapping,
    issues: &mut Vec<RowIssue>,
) -> Result<(Vec<Option<usize>>, Vec<bool>), LoadError> {
    let mut index = vec![None; columns.len()];
    let mut used = vec![false; keys.len()];
    for (ci, c) in columns.iter().enumerate() {
        let configured = mapping.columns.get(c.name).map(|h| header_key(h));
        for (fi, k) in keys.iter().enumerate() {
            if names_column(file.kind, c, k, configured.as_deref()) {
                if index[ci].is_none() {
                    index[ci] = Some(fi);
                } else {
                    issues.push(RowIssue {
                        file: file.clone(),
                        line: 1,
                        cell: None,
                        column: Some(c.name),
                        value: clip(header.get(fi).unwrap_or_default()),
                        kind: IssueKind::DuplicateColumn,
                        severity: Severity::Notice,
                    });
                }
                used[fi] = true;
            }
        }
        if let (Some(want), None) = (&configured, index[ci]) {
            let closest = keys
                .iter()
                .enumerate()
                .map(|(fi, k)| (strsim::osa_distance(k, want), fi))
                .filter(|(d, _)| *d <= 2.max(want.chars().count() / 3))
                .min()
                .and_then(|(_, fi)| header.get(fi))
                .map(|h| h.trim().to_string());
            let header = mapping.columns.get(c.name).cloned().unwrap_or_default();
            return Err(LoadError::MappedColumnMissing {
                key: mapping_key(file.kind, c.name),
                header,
                file: file.clone(),
                closest,
            });
        }
    }
    Ok((index, used))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn map(kind: FileKind, header: &[&str], mapping: &TableMapping) -> Result<HeaderMap, LoadError> {
        let file = FileRef { kind, name: "x.csv".into(), sheet: None };
        let columns = match kind {
            FileKind::Customers => &CUSTOMER_COLUMNS[..],
            FileKind::Managers => &MANAGER_COLUMNS[..],
            FileKind::CreditSplits => &SPLIT_COLUMNS[..],
        };
        map_header(&file, &csv::StringRecord::from(header.to_vec()), columns, mapping, None, &mut Vec::new())
    }

    #[test]
    fn synonyms_and_unit_suffixes_name_columns() {
        let m = TableMapping::default();
        // Contract name, alias, synonym; a unit suffix is not part of the name.
        let h = map(FileKind::CreditSplits, &["customer_id", "客户经理号", "分配比例（%）"], &m).expect("maps");
        assert_eq!(h.index, [Some(0), Some(1), Some(2)]);
        let h = map(
            FileKind::Managers,
            &["员工编号", "员工姓名", "网点号", "职级", "入行日期", "在职状态", "存款任务(万元)"],
            &m,
        )
        .expect("maps");
        assert_eq!(h.index[m::DEPOSIT_TARGET], Some(6));
        assert_eq!(h.units[m::DEPOSIT_TARGET], AmountUnit::Wan);
        assert_eq!(h.units[m::LOAN_TARGET], AmountUnit::Yuan);
        assert_eq!(h.headers[m::STATUS].as_deref(), Some("在职状态"));
        // A suffix on a column that is not an amount gives no unit.
        assert_eq!(h.units[m::NAME], AmountUnit::Yuan);
    }

    #[test]
    fn a_configured_header_is_the_only_one_accepted() {
        let mut m = TableMapping::default();
        m.columns.insert("share".into(), "比例值".into());
        let h = map(FileKind::CreditSplits, &["客户编号", "工号", "比例值（万元）"], &m).expect("maps");
        assert_eq!(h.index[s::SHARE], Some(2));
        let e = map(FileKind::CreditSplits, &["客户编号", "工号", "share"], &m).err();
        assert!(
            matches!(&e, Some(LoadError::MappedColumnMissing { key, header, .. }) if key == "input.credit_splits.columns.share" && header == "比例值"),
            "{e:?}"
        );
    }

    #[test]
    fn the_configured_unit_and_the_header_unit_must_agree() {
        let header = ["员工编号", "员工姓名", "网点号", "职级", "入行日期", "在职状态", "存款任务(元)"];
        let wan = TableMapping { amount_unit: Some(AmountUnit::Wan), ..TableMapping::default() };
        assert!(matches!(
            map(FileKind::Managers, &header, &wan),
            Err(LoadError::UnitConflict { column: "deposit_target", .. })
        ));
        let yuan = TableMapping { amount_unit: Some(AmountUnit::Yuan), ..TableMapping::default() };
        assert!(map(FileKind::Managers, &header, &yuan).is_ok());
        // Without a suffix the configured unit holds for every amount column.
        let h = map(FileKind::Managers, &header[..6], &wan).expect("maps");
        assert_eq!(h.units[m::FEE_TARGET], AmountUnit::Wan);
    }
}
