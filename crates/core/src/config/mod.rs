//! Configuration: `branchlens.toml`.
//!
//! Every rate, cost, cut-off, threshold, point value and weight of the metric definitions
//! (docs/metrics.md) lives in [`Config`], together with the report options (language, masking,
//! currency unit) and the data-quality limits. [`Config::default()`] holds the documented v1
//! defaults; [`DEFAULT_TOML`] is the same defaults as a commented file (`branchlens init` writes
//! it verbatim).
//!
//! [`parse`] reads a TOML text: every section and every key is optional, an unknown key is an
//! error (with a suggestion when a valid key is close), a value of the wrong type is an error,
//! and [`Config::validate`] checks ranges and the relations between keys. Errors name the dotted
//! key path and, where it can be found, the 1-based line, and have a message in each language
//! ([`ConfigError::message`], texts in the i18n crate's `messages/config.toml`).
//!
//! The types and defaults are in `types`, the key and type check in `schema`, the ranges and
//! relations in `validate`, the lines of keys in `location` and the errors in `error`.
//!
//! Pure: no IO. The caller reads the file and passes its text.

mod error;
mod input;
mod location;
pub mod propose;
mod schema;
mod types;
mod validate;
mod values;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests;

use serde::Deserialize;

pub use values::ValueMaps;

pub use error::{ConfigError, Constraint, Expected};
pub use input::{is_inside, InputConfig, TableInput};
pub use types::{
    ChurnConfig, Config, ContributionConfig, CreditCostRates, CrossSellConfig, DataQualityConfig, Lang, ParetoConfig,
    PerformanceConfig, ProvisionRates, ReportConfig, RiskConfig, TiersConfig, Unit,
};

use error::one_line;
use location::{line_of_offset, KeyLines};

/// The commented default configuration file. Sets every key to its default, section by
/// section in the order of [`Config`]'s fields. `parse(DEFAULT_TOML) == Ok(Config::default())`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Parses a `branchlens.toml` text (a leading BOM is ignored): TOML syntax, then every key and
/// value type against the schema (unknown keys and wrong types are errors), then
/// [`Config::validate`]. Keys that are absent take their defaults. When there are several
/// problems, the one on the earliest line is returned.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One parse keeps the spans (for the lines of keys) and gives the values.
    let syntax = |line: Option<std::ops::Range<usize>>, message: &str| ConfigError::Toml {
        line: line.map(|span| line_of_offset(text, span.start)),
        message: one_line(message),
    };
    let doc = toml_edit::ImDocument::parse(text).map_err(|e| syntax(e.span(), e.message()))?;
    let keys = KeyLines::new(text, &doc);
    let table =
        toml::Table::deserialize(toml_edit::de::Deserializer::from(doc)).map_err(|e| syntax(e.span(), e.message()))?;

    if let Some(first) = earliest(schema::check(&table, &keys)) {
        return Err(first);
    }

    let config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Toml { line: None, message: one_line(e.message()) })?;

    match earliest(validate::located_violations(&config, &keys)) {
        Some(first) => Err(first),
        None => Ok(config),
    }
}

/// The error on the earliest line (errors without a line last); ties keep their order.
fn earliest(mut errors: Vec<ConfigError>) -> Option<ConfigError> {
    errors.sort_by_key(|e| e.line().unwrap_or(usize::MAX));
    errors.into_iter().next()
}
