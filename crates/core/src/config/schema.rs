//! The schema check: every key and value type of a parsed text against the serialized
//! defaults (unknown keys, with a suggestion when a valid key is close, and values of the wrong
//! type).

use super::location::KeyLines;
use super::{Config, ConfigError, Expected, Lang, Unit};

/// Every unknown key and every value of the wrong type in `table` (unordered). The schema is the
/// serialized defaults plus examples of the optional model sections. (Serializing the defaults
/// cannot fail; were it to, serde's own checks in [`super::parse`] still reject unknown keys and
/// wrong types.)
pub(super) fn check(table: &toml::Table, keys: &KeyLines<'_>) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    if let Ok(toml::Value::Table(mut schema)) = toml::Value::try_from(Config::default()) {
        // The optional model sections are absent from the defaults: check them against examples.
        for (key, example) in model_schemas() {
            schema.insert(key.to_string(), example);
        }
        if let Some(input) = super::input::schema() {
            schema.insert("input".to_string(), input);
        }
        // `[values.*]` is empty by default: its tables, each open (any key, see `check_open`).
        let tables = super::ValueMaps::TABLES.iter().map(|t| (t.to_string(), toml::Value::Table(toml::Table::new())));
        schema.insert("values".to_string(), toml::Value::Table(tables.collect()));
        check_table(keys, table, &schema, &schema, &mut Vec::new(), &mut errors);
    }
    errors
}

/// Example values of the optional model sections, as key schemas (top-level keys and types).
fn model_schemas() -> Vec<(&'static str, toml::Value)> {
    let churn =
        crate::calibrate::churn::ChurnModel { horizon: 3, intercept: 0.0, features: Vec::new(), weights: Vec::new() };
    let card = crate::calibrate::scorecard::Scorecard {
        base_score: 600.0,
        base_odds: 50.0,
        pdo: 20.0,
        intercept: 0.0,
        base_points: 0.0,
        features: Vec::new(),
    };
    let mut out = Vec::new();
    if let Ok(v) = toml::Value::try_from(churn) {
        out.push(("churn_model", v));
    }
    if let Ok(v) = toml::Value::try_from(card) {
        out.push(("credit_scorecard", v));
    }
    out
}

/// Checks the keys and value types of `table` (at `path`) against `schema` (the serialized
/// defaults at the same path); `root` is the whole schema, for suggestions.
fn check_table(
    keys: &KeyLines<'_>,
    table: &toml::Table,
    schema: &toml::Table,
    root: &toml::Table,
    path: &mut Vec<String>,
    errors: &mut Vec<ConfigError>,
) {
    for (name, value) in table {
        path.push(name.clone());
        let key = path.join(".");
        match schema.get(name) {
            None => {
                errors.push(ConfigError::UnknownKey {
                    line: keys.line(path),
                    suggestion: suggest(name, schema, root, &path[..path.len() - 1]),
                    value: value.to_string(),
                    key,
                });
            }
            Some(toml::Value::Table(sub_schema)) => match value {
                toml::Value::Table(sub) if super::values::is_open_table(path) => check_open(keys, sub, path, errors),
                toml::Value::Table(sub) => match super::input::columns_table(path) {
                    Some(kind) => super::input::check_columns(kind, sub, keys, path, errors),
                    None => check_table(keys, sub, sub_schema, root, path, errors),
                },
                other => errors.push(ConfigError::InvalidValue {
                    line: keys.line(path),
                    value: other.to_string(),
                    expected: Expected::Table,
                    key,
                }),
            },
            Some(default) => {
                if let Some(expected) = type_mismatch(&key, default, value) {
                    errors.push(ConfigError::InvalidValue {
                        line: keys.line(path),
                        value: value.to_string(),
                        expected,
                        key,
                    });
                }
            }
        }
        path.pop();
    }
}

/// Checks an open table (at `path`): any key, each value a text.
fn check_open(keys: &KeyLines<'_>, table: &toml::Table, path: &mut Vec<String>, errors: &mut Vec<ConfigError>) {
    for (name, value) in table {
        if value.is_str() {
            continue;
        }
        path.push(name.clone());
        let key = path.iter().map(|p| toml_edit::Key::new(p.as_str()).display_repr().into_owned());
        errors.push(ConfigError::InvalidValue {
            line: keys.line(path),
            value: value.to_string(),
            expected: Expected::Described(branchlens_i18n::Msg::ExpectedText),
            key: key.collect::<Vec<_>>().join("."),
        });
        path.pop();
    }
}

/// `Some(what was expected)` when `value` cannot stand for a key whose default is `default`.
fn type_mismatch(key: &str, default: &toml::Value, value: &toml::Value) -> Option<Expected> {
    use toml::Value as V;
    match default {
        V::Float(_) => match value {
            V::Float(_) | V::Integer(_) => None,
            _ => Some(Expected::Number),
        },
        V::Integer(_) => match value {
            V::Integer(i) if u32::try_from(*i).is_ok() => None,
            _ => Some(Expected::WholeNumber),
        },
        V::Boolean(_) => match value {
            V::Boolean(_) => None,
            _ => Some(Expected::Bool),
        },
        V::String(_) => {
            let choices: &[&str] = match key {
                "report.lang" => &Lang::CHOICES,
                "report.unit" => &Unit::CHOICES,
                _ => super::input::choices(key).unwrap_or(&[]),
            };
            match value {
                V::String(s) if choices.is_empty() || choices.contains(&s.as_str()) => None,
                _ => Some(Expected::OneOf(choices.iter().map(|c| (*c).to_string()).collect())),
            }
        }
        // No other kinds of value occur in the configuration; let serde judge.
        _ => None,
    }
}

/// A valid key close to the unknown `name`: a key of the same table within edit distance 2
/// (the closest, then the first in order), else a key of the same name in another section.
/// Returned as a dotted path.
fn suggest(name: &str, schema: &toml::Table, root: &toml::Table, parent: &[String]) -> Option<String> {
    let lower = name.to_lowercase();
    let near = schema
        .keys()
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d);
    if let Some((_, k)) = near {
        let mut p = parent.to_vec();
        p.push(k.clone());
        return Some(p.join("."));
    }
    let mut found = None;
    find_leaf(root, &lower, &mut Vec::new(), &mut found);
    found
}

fn find_leaf(table: &toml::Table, name: &str, path: &mut Vec<String>, found: &mut Option<String>) {
    for (k, v) in table {
        if found.is_some() {
            return;
        }
        path.push(k.clone());
        match v {
            toml::Value::Table(sub) => find_leaf(sub, name, path, found),
            _ if k.to_lowercase() == name => *found = Some(path.join(".")),
            _ => {}
        }
        path.pop();
    }
}
