//! The header names bank platforms export, besides the contract's name and alias of each
//! column ([`SYNONYMS`], listed in docs/data-contract.md), and the header key they are matched
//! on: trimmed, without BOM, ASCII-lowercased, spaces and `-` as `_`, full-width parentheses and
//! colons as ASCII, and without a unit suffix such as `(万元)` ([`split_unit`]), which instead
//! gives the column's unit.

use crate::issue::FileKind;
use crate::model::AmountUnit;

/// Built-in synonyms per file and contract column. Keys are header keys ([`header_key`]); no
/// key names two columns of one file (tested).
pub const SYNONYMS: &[(FileKind, &str, &[&str])] = &[
    (FileKind::Customers, "period", &["统计月份", "数据日期", "数据月份", "统计期间", "报表月份", "月份"]),
    (FileKind::Customers, "customer_id", &["客户编号", "客户代码", "客户编码", "客户号码", "cust_id"]),
    (FileKind::Customers, "name", &["客户姓名", "户名"]),
    (FileKind::Customers, "kind", &["客户类别", "客户性质", "对公对私标志", "对公对私"]),
    (
        FileKind::Customers,
        "branch_id",
        &["所属机构", "机构代码", "机构编号", "网点号", "网点代码", "所属网点", "归属机构"],
    ),
    (FileKind::Customers, "manager_id", &["管户经理", "客户经理编号", "管户经理编号", "客户经理工号", "经理编号"]),
    (FileKind::Customers, "open_date", &["开户时间", "首次开户日期", "建立关系日期"]),
    (FileKind::Customers, "deposit_avg", &["存款日均余额", "日均存款", "存款月日均", "存款日均余额合计"]),
    (FileKind::Customers, "loan_balance", &["贷款余额合计", "各项贷款余额"]),
    (FileKind::Customers, "aum", &["金融资产余额", "资产余额", "aum余额", "管理资产"]),
    (FileKind::Customers, "fee_income", &["中收", "中收收入", "中间业务收入合计"]),
    (FileKind::Customers, "products", &["持有产品代码", "产品持有", "产品"]),
    (FileKind::Customers, "txn_count", &["交易次数", "月交易笔数"]),
    (FileKind::Customers, "industry", &["国标行业", "行业分类", "所属行业", "国民经济行业", "行业门类"]),
    (FileKind::Customers, "loan_class", &["贷款五级分类", "风险分类", "五级分类结果"]),
    (FileKind::Customers, "overdue_days", &["最长逾期天数", "逾期天"]),
    (FileKind::Customers, "last_contact", &["最近接触日期", "最后联系日期", "最近拜访日期"]),
    (FileKind::Customers, "complaints", &["投诉笔数"]),
    (FileKind::Customers, "phone", &["手机号码", "联系电话", "移动电话", "联系方式"]),
    (FileKind::Managers, "manager_id", &["员工编号", "客户经理编号", "员工号", "工号", "经理编号"]),
    (FileKind::Managers, "name", &["员工姓名", "客户经理姓名", "经理姓名"]),
    (
        FileKind::Managers,
        "branch_id",
        &["所属机构", "机构代码", "机构编号", "网点号", "网点代码", "所属网点", "归属机构"],
    ),
    (FileKind::Managers, "grade", &["职级", "岗位等级", "客户经理等级", "职务等级"]),
    (FileKind::Managers, "hire_date", &["入行日期", "入职时间"]),
    (FileKind::Managers, "status", &["在职状态", "人员状态", "岗位状态"]),
    (FileKind::Managers, "period", &["统计月份", "数据日期", "数据月份", "考核月份", "月份"]),
    (FileKind::Managers, "deposit_target", &["存款考核目标", "存款任务"]),
    (FileKind::Managers, "loan_target", &["贷款考核目标", "贷款任务"]),
    (FileKind::Managers, "fee_target", &["中间业务收入目标", "中收任务"]),
    (FileKind::Managers, "new_customers_target", &["新增客户目标", "新客户任务", "拓客目标"]),
    (FileKind::CreditSplits, "customer_id", &["客户编号", "客户代码", "客户编码", "客户号码", "cust_id"]),
    (FileKind::CreditSplits, "manager_id", &["客户经理编号", "管户经理", "员工编号", "经理编号", "工号"]),
    (FileKind::CreditSplits, "share", &["业绩分成比例", "分配比例", "认定比例", "分润比例"]),
];

/// The built-in synonyms of `column` in `file` (empty when it has none).
pub fn synonyms(file: FileKind, column: &str) -> &'static [&'static str] {
    SYNONYMS.iter().find(|(f, c, _)| *f == file && *c == column).map_or(&[], |(_, _, s)| s)
}

/// Case-insensitive header key: trimmed, without BOM, ASCII-lowercased, inner spaces and `-` as
/// `_`, full-width `（）：` as `():`. The unit suffix stays; see [`split_unit`].
pub fn header_key(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Splits a unit suffix off a header key ([`header_key`]): `存款日均余额(万元)` →
/// (`存款日均余额`, `Some(Wan)`); `逾期天数(天)` → (`逾期天数`, `None`). A suffix is a final
/// `(…)` or `[…]` whose content, after an optional `单位:`, is a unit word (元, 万元, 人民币元,
/// 人民币万元, 天, 日, 笔, 次, 户, 个, %); other parentheses are part of the name. Only money
/// units give a unit.
pub fn split_unit(key: &str) -> (&str, Option<AmountUnit>) {
    let Some((open, close)) = [('(', ')'), ('[', ']')].into_iter().find(|(_, c)| key.ends_with(*c)) else {
        return (key, None);
    };
    let Some(start) = key.rfind(open) else { return (key, None) };
    let inner = &key[start + open.len_utf8()..key.len() - close.len_utf8()];
    let inner = inner.trim().strip_prefix("单位").map_or(inner.trim(), |r| r.trim_start_matches(':').trim());
    let unit = match inner {
        "元" | "人民币元" => Some(AmountUnit::Yuan),
        "万元" | "人民币万元" => Some(AmountUnit::Wan),
        "天" | "日" | "笔" | "次" | "户" | "个" | "%" => None,
        _ => return (key, None),
    };
    let name = key[..start].trim_end_matches('_');
    if name.is_empty() {
        return (key, None);
    }
    (name, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};

    #[test]
    fn keys_normalise_width_case_and_separators() {
        assert_eq!(header_key("\u{feff} Deposit-Avg "), "deposit_avg");
        assert_eq!(header_key("存款日均余额（万元）"), "存款日均余额(万元)");
        assert_eq!(header_key("金额（单位：万元）"), "金额(单位:万元)");
        assert_eq!(header_key("AUM"), "aum");
    }

    #[test]
    fn unit_suffixes() {
        assert_eq!(split_unit("存款日均余额(万元)"), ("存款日均余额", Some(AmountUnit::Wan)));
        assert_eq!(split_unit(&header_key("存款日均余额（万元）")), ("存款日均余额", Some(AmountUnit::Wan)));
        assert_eq!(split_unit(&header_key("贷款余额(单位：万元)")), ("贷款余额", Some(AmountUnit::Wan)));
        assert_eq!(split_unit("贷款余额(元)"), ("贷款余额", Some(AmountUnit::Yuan)));
        assert_eq!(split_unit("aum[人民币万元]"), ("aum", Some(AmountUnit::Wan)));
        assert_eq!(split_unit("deposit_avg_(万元)"), ("deposit_avg", Some(AmountUnit::Wan)));
        assert_eq!(split_unit("逾期天数(天)"), ("逾期天数", None));
        // Not a unit: the parentheses are part of the name.
        assert_eq!(split_unit("存款(含理财)"), ("存款(含理财)", None));
        assert_eq!(split_unit("(万元)"), ("(万元)", None));
        assert_eq!(split_unit("贷款余额"), ("贷款余额", None));
    }

    #[test]
    fn no_key_names_two_columns_of_a_file() {
        let tables = [
            (FileKind::Customers, &CUSTOMER_COLUMNS[..]),
            (FileKind::Managers, &MANAGER_COLUMNS[..]),
            (FileKind::CreditSplits, &SPLIT_COLUMNS[..]),
        ];
        for (file, columns) in tables {
            let mut seen: Vec<(String, &str)> = Vec::new();
            for c in columns {
                let mut keys: Vec<String> = c.names().iter().map(|n| n.to_string()).collect();
                keys.extend(synonyms(file, c.name).iter().map(|s| header_key(s)));
                for k in keys {
                    assert_eq!(split_unit(&k).0, k, "{file} {}: synonym {k} carries a unit suffix", c.name);
                    if let Some((_, other)) = seen.iter().find(|(s, _)| *s == k) {
                        panic!("{file}: {k} names both {other} and {}", c.name);
                    }
                    seen.push((k, c.name));
                }
            }
        }
        // Every synonym entry names a real column of its file.
        for (file, column, _) in SYNONYMS {
            let columns = match file {
                FileKind::Customers => &CUSTOMER_COLUMNS[..],
                FileKind::Managers => &MANAGER_COLUMNS[..],
                FileKind::CreditSplits => &SPLIT_COLUMNS[..],
            };
            assert!(columns.iter().any(|c| c.name == *column), "{file}: no column {column}");
        }
    }
}
