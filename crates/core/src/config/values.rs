//! `[values.*]`: the value maps of `branchlens.toml` ([`ValueMaps`]), one table per enumerated
//! column (and the product codes) from a value as the bank's export writes it to the contract
//! value; their check (every target a contract value, every key a trimmed, non-empty text).
//! The loader applies them before the built-in forms (docs/data-contract.md, "Values").

use std::collections::BTreeMap;

use branchlens_i18n::Msg;
use serde::{Deserialize, Serialize};

use super::location::KeyLines;
use super::{ConfigError, Expected};
use crate::model::{Kind, LoanClass, Status};

/// `[values.kind]`, `[values.loan_class]`, `[values.status]`, `[values.industry]`,
/// `[values.products]`: file value = contract value. Empty by default (and then not
/// serialized, so the explorer bundle of a default configuration does not change).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueMaps {
    /// Customer kind: `retail` or `corporate`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub kind: BTreeMap<String, String>,
    /// Five-level loan class: `normal`, `special`, `substandard`, `doubtful` or `loss`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub loan_class: BTreeMap<String, String>,
    /// Manager status: `active` or `left`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub status: BTreeMap<String, String>,
    /// Industry: a GB/T 4754 section letter `A`..=`T`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub industry: BTreeMap<String, String>,
    /// Product codes, one code of the `products` list at a time: any code (not empty, without
    /// `;` and surrounding spaces).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub products: BTreeMap<String, String>,
}

/// The section letters, the targets of `[values.industry]`.
const INDUSTRY_LETTERS: [&str; 20] =
    ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"];

impl ValueMaps {
    /// The names of the tables under `[values]`, in field order.
    pub const TABLES: [&'static str; 5] = ["kind", "loan_class", "status", "industry", "products"];

    /// No map has an entry (the default).
    pub fn is_empty(&self) -> bool {
        self.tables().iter().all(|(_, m)| m.is_empty())
    }

    fn tables(&self) -> [(&'static str, &BTreeMap<String, String>); 5] {
        [
            ("kind", &self.kind),
            ("loan_class", &self.loan_class),
            ("status", &self.status),
            ("industry", &self.industry),
            ("products", &self.products),
        ]
    }

    /// Every entry whose key (file value) or target (contract value) is not valid, with the key
    /// path of the entry (for its line), in field order and key order. The errors carry no line.
    pub(super) fn violations(&self) -> Vec<(Vec<String>, ConfigError)> {
        let mut out = Vec::new();
        for (table, map) in self.tables() {
            for (from, to) in map {
                let path = vec!["values".to_string(), table.to_string(), from.clone()];
                let key = dotted(&path);
                if from.is_empty() || from.trim() != from {
                    let expected = Expected::Described(Msg::ExpectedTrimmedFileValue);
                    out.push((path, ConfigError::InvalidValue { key, line: None, value: quoted(from), expected }));
                } else if let Some(expected) = bad_target(table, to) {
                    out.push((path, ConfigError::InvalidValue { key, line: None, value: quoted(to), expected }));
                }
            }
        }
        out
    }
}

/// What `to` should have been, when it is not a contract value of `table`.
fn bad_target(table: &str, to: &str) -> Option<Expected> {
    let (codes, closest): (Vec<&str>, Option<&str>) = match table {
        "kind" => (Kind::ALL.map(Kind::code).to_vec(), Kind::parse(to).map(Kind::code)),
        "loan_class" => (LoanClass::ALL.map(LoanClass::code).to_vec(), LoanClass::parse(to).map(LoanClass::code)),
        "status" => (Status::ALL.map(Status::code).to_vec(), Status::parse(to).map(Status::code)),
        "industry" => {
            let closest = crate::model::Industry::parse(to)
                .and_then(|i| INDUSTRY_LETTERS.iter().copied().find(|l| l.starts_with(i.letter())));
            (INDUSTRY_LETTERS.to_vec(), closest)
        }
        _ => {
            let ok = !to.is_empty() && to.trim() == to && !to.contains(';');
            return (!ok).then_some(Expected::Described(Msg::ExpectedProductCode));
        }
    };
    if codes.contains(&to) {
        return None;
    }
    // A built-in form of a value (对公, 制造业, c) names its code; else the code within edit
    // distance 2, if any.
    let closest = closest.or_else(|| {
        let lower = to.to_lowercase();
        codes.iter().map(|c| (strsim::osa_distance(&lower, c), *c)).filter(|(d, _)| *d <= 2).min().map(|(_, c)| c)
    });
    Some(Expected::ContractValue {
        choices: codes.iter().map(|c| (*c).to_string()).collect(),
        closest: closest.map(str::to_string),
    })
}

/// A key path as TOML writes it: `values.kind."个人客户"`.
fn dotted(path: &[String]) -> String {
    path.iter().map(|p| toml_edit::Key::new(p.as_str()).display_repr().into_owned()).collect::<Vec<_>>().join(".")
}

/// A string as TOML text.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Adds its line to each problem of the value maps.
pub(super) fn located_violations(values: &ValueMaps, keys: &KeyLines<'_>) -> Vec<ConfigError> {
    let mut out = Vec::new();
    for (path, e) in values.violations() {
        if let ConfigError::InvalidValue { key, value, expected, .. } = e {
            out.push(ConfigError::InvalidValue { key, line: keys.line(&path), value, expected });
        }
    }
    out
}

/// The schema of `[values]`: its tables, each open (any key, text values); see
/// [`super::schema`].
pub(super) fn is_open_table(path: &[String]) -> bool {
    matches!(path, [v, t] if v == "values" && ValueMaps::TABLES.contains(&t.as_str()))
}
