//! `[input.customers|managers|credit_splits]`: which files make up each table (globs relative to
//! the data directory), their sheet, encoding and amount unit, and the header each contract
//! column is read from (`[input.*.columns]`, an open table checked against the contract's
//! columns). Absent by default; then the contract file names and headers are read.

use std::collections::BTreeMap;

use branchlens_i18n::Msg;
use serde::{Deserialize, Serialize};

use super::location::KeyLines;
use super::{ConfigError, Expected};
use crate::issue::FileKind;
use crate::load::{Encoding, TableMapping, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
use crate::model::AmountUnit;

/// `[input]`: the sources of each table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    #[serde(skip_serializing_if = "TableInput::is_default")]
    pub customers: TableInput,
    #[serde(skip_serializing_if = "TableInput::is_default")]
    pub managers: TableInput,
    #[serde(skip_serializing_if = "TableInput::is_default")]
    pub credit_splits: TableInput,
}

/// `[input.<table>]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableInput {
    /// Globs relative to the data directory (empty: the contract file name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The sheet of `.xlsx`/`.xls` files (`None`: the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// `auto` | `utf-8` | `gbk` (`None`: auto).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// `yuan` | `wan`: the unit of every amount column of these files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_unit: Option<AmountUnit>,
    /// Contract column = the header in the file.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

impl TableInput {
    pub fn is_default(&self) -> bool {
        *self == TableInput::default()
    }

    /// The loader's mapping of this table (the encoding as configured; the caller lets a
    /// command-line encoding override it).
    pub fn mapping(&self) -> TableMapping {
        TableMapping { encoding: self.encoding, amount_unit: self.amount_unit, columns: self.columns.clone() }
    }
}

impl InputConfig {
    pub fn is_default(&self) -> bool {
        *self == InputConfig::default()
    }

    /// The section of table `kind`.
    pub fn table(&self, kind: FileKind) -> &TableInput {
        match kind {
            FileKind::Customers => &self.customers,
            FileKind::Managers => &self.managers,
            FileKind::CreditSplits => &self.credit_splits,
        }
    }
}

/// The key schema of `[input]`: every table with every key (columns as an open table, checked
/// by [`check_columns`]).
pub(super) fn schema() -> Option<toml::Value> {
    let example = TableInput {
        files: vec!["x".into()],
        sheet: Some("x".into()),
        encoding: Some(Encoding::Auto),
        amount_unit: Some(AmountUnit::Yuan),
        columns: BTreeMap::new(),
    };
    let mut table = toml::Table::new();
    for kind in FileKind::ALL {
        let mut t = toml::Table::try_from(&example).ok()?;
        t.insert("columns".into(), toml::Value::Table(toml::Table::new()));
        table.insert(kind.table_name().into(), toml::Value::Table(t));
    }
    Some(toml::Value::Table(table))
}

/// The choices of a string key of `[input.*]`, when it has a fixed set.
pub(super) fn choices(key: &str) -> Option<&'static [&'static str]> {
    let rest = key.strip_prefix("input.")?;
    match rest.split_once('.')?.1 {
        "encoding" => Some(&["auto", "utf-8", "gbk"]),
        "amount_unit" => Some(&["yuan", "wan"]),
        _ => None,
    }
}

/// The table whose `columns` `path` is (`input.<table>.columns`).
pub(super) fn columns_table(path: &[String]) -> Option<FileKind> {
    match path {
        [input, table, columns] if input == "input" && columns == "columns" => {
            FileKind::ALL.into_iter().find(|k| k.table_name() == table)
        }
        _ => None,
    }
}

/// `[input.<table>.columns]`: each key a contract column of the table (else unknown, with the
/// closest column), each value a non-empty header text.
pub(super) fn check_columns(
    kind: FileKind,
    table: &toml::Table,
    keys: &KeyLines<'_>,
    path: &mut Vec<String>,
    errors: &mut Vec<ConfigError>,
) {
    let columns = match kind {
        FileKind::Customers => &CUSTOMER_COLUMNS[..],
        FileKind::Managers => &MANAGER_COLUMNS[..],
        FileKind::CreditSplits => &SPLIT_COLUMNS[..],
    };
    for (name, value) in table {
        path.push(name.clone());
        let key = path.join(".");
        if !columns.iter().any(|c| c.name == name) {
            let lower = name.to_lowercase();
            let near = columns
                .iter()
                .map(|c| (strsim::osa_distance(&lower, c.name), c.name))
                .filter(|(d, _)| *d <= 2.max(lower.chars().count() / 3))
                .min();
            let parent = path[..path.len() - 1].join(".");
            errors.push(ConfigError::UnknownKey {
                line: keys.line(path),
                suggestion: near.map(|(_, c)| format!("{parent}.{c}")),
                value: value.to_string(),
                key,
            });
        } else if !matches!(value, toml::Value::String(s) if !s.trim().is_empty()) {
            errors.push(ConfigError::InvalidValue {
                line: keys.line(path),
                value: value.to_string(),
                expected: Expected::Described(Msg::ExpectedHeaderText),
                key,
            });
        }
        path.pop();
    }
}

/// `files` of each table: non-empty, each pattern relative and inside the data directory.
pub(super) fn violations(input: &InputConfig, keys: &KeyLines<'_>) -> Vec<ConfigError> {
    let mut out = Vec::new();
    for kind in FileKind::ALL {
        let t = input.table(kind);
        let bad = t.files.iter().any(|p| !is_inside(p));
        let empty = t.files.is_empty() && keys.line_of(&format!("input.{}.files", kind.table_name())).is_some();
        if bad || empty {
            let path: Vec<String> = ["input", kind.table_name(), "files"].iter().map(|s| s.to_string()).collect();
            let value = toml::Value::try_from(&t.files).map_or_else(|_| String::new(), |v| v.to_string());
            out.push(ConfigError::InvalidValue {
                line: keys.line(&path),
                key: path.join("."),
                value,
                expected: Expected::Described(Msg::ExpectedFileGlobs),
            });
        }
    }
    out
}

/// Whether the glob `p` stays inside the data directory: not empty, not absolute (`/x`,
/// `C:\x`, `\\server`), no `..` component.
pub fn is_inside(p: &str) -> bool {
    let p = p.trim();
    let drive = p.len() >= 2 && p.as_bytes()[1] == b':' && p.as_bytes()[0].is_ascii_alphabetic();
    !p.is_empty() && !p.starts_with(['/', '\\']) && !drive && !p.split(['/', '\\']).any(|c| c == "..")
}

#[cfg(test)]
mod tests {
    use super::is_inside;
    use crate::config::{parse, ConfigError, Expected};
    use crate::load::Encoding;
    use crate::model::AmountUnit;

    #[test]
    fn input_sections_parse() {
        let text = "[input.customers]\nfiles = [\"exports/客户月报_*.csv\"]\nencoding = \"gbk\"\namount_unit = \"wan\"\n[input.customers.columns]\ncustomer_id = \"客户编号\"\n";
        let cfg = parse(text).map_err(|e| e.message(crate::config::Lang::En)).expect("parses");
        let t = &cfg.input.customers;
        assert_eq!(t.files, ["exports/客户月报_*.csv"]);
        assert_eq!((t.encoding, t.amount_unit), (Some(Encoding::Gb18030), Some(AmountUnit::Wan)));
        assert_eq!(t.columns.get("customer_id").map(String::as_str), Some("客户编号"));
        assert!(cfg.input.managers.is_default());
        // Round trip through serde (the explorer bundle carries the config as JSON).
        let back: crate::config::Config =
            serde_json::from_str(&serde_json::to_string(&cfg).expect("json")).expect("back");
        assert_eq!(back.input, cfg.input);
    }

    #[test]
    fn input_keys_are_checked() {
        let err = |t: &str| parse(t).expect_err(t);
        match err("[input.customers.columns]\ncustomer_idd = \"x\"\n") {
            ConfigError::UnknownKey { key, line, suggestion, .. } => {
                assert_eq!(key, "input.customers.columns.customer_idd");
                assert_eq!(line, Some(2));
                assert_eq!(suggestion.as_deref(), Some("input.customers.columns.customer_id"));
            }
            e => panic!("{e:?}"),
        }
        match err("[input.customer]\nfiles = [\"a.csv\"]\n") {
            ConfigError::UnknownKey { suggestion, .. } => assert_eq!(suggestion.as_deref(), Some("input.customers")),
            e => panic!("{e:?}"),
        }
        match err("[input.managers]\namount_unit = \"wanyuan\"\n") {
            ConfigError::InvalidValue { key, expected: Expected::OneOf(c), line, .. } => {
                assert_eq!((key.as_str(), line), ("input.managers.amount_unit", Some(2)));
                assert_eq!(c, ["yuan", "wan"]);
            }
            e => panic!("{e:?}"),
        }
        assert!(matches!(err("[input.managers]\nencoding = \"latin1\"\n"), ConfigError::InvalidValue { .. }));
        for files in ["[]", "[\"../x.csv\"]", "[\"/etc/x.csv\"]"] {
            match err(&format!("\n[input.credit_splits]\nfiles = {files}\n")) {
                ConfigError::InvalidValue { key, line, .. } => {
                    assert_eq!((key.as_str(), line), ("input.credit_splits.files", Some(3)), "{files}")
                }
                e => panic!("{files}: {e:?}"),
            }
        }
        assert!(matches!(err("[input.customers.columns]\nname = 3\n"), ConfigError::InvalidValue { .. }));
    }

    #[test]
    fn globs_stay_inside() {
        assert!(is_inside("exports/客户月报_*.xlsx"));
        assert!(is_inside("*.csv"));
        assert!(is_inside("a/./b.csv"));
        for bad in ["", " ", "/etc/passwd", "../x.csv", "a/../../x", "C:\\x.csv", "\\\\server\\x", "a\\..\\b"] {
            assert!(!is_inside(bad), "{bad}");
        }
    }
}
