//! Configuration errors: [`ConfigError`] with its messages (`messages/config.toml`), what a
//! value should have been ([`Expected`]) and the rule it broke ([`Constraint`]).

use branchlens_i18n::{Lang, Msg};

/// What a configuration value should have been (for [`ConfigError::InvalidValue`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// A number (integer or decimal).
    Number,
    /// A whole number from 0 to `u32::MAX`.
    WholeNumber,
    /// `true` or `false`.
    Bool,
    /// One of these strings.
    OneOf(Vec<String>),
    /// A table (a `[section]`).
    Table,
    /// A contract value: one of `choices`; `closest` is the one probably meant.
    ContractValue {
        /// The contract's values.
        choices: Vec<String>,
        /// The value probably meant (the code of a built-in form, or a close spelling).
        closest: Option<String>,
    },
    /// Something described in words, e.g. "one weight per feature" ([`Msg::ExpectedWeightPerFeature`]).
    Described(Msg),
}

impl Expected {
    /// The description in `lang`, e.g. "a whole number from 0 to 4294967295".
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Expected::Number => Msg::ExpectedNumber.text(lang).to_string(),
            Expected::WholeNumber => Msg::ExpectedWholeNumber.fill(lang, &[("max", &u32::MAX)]),
            Expected::Bool => Msg::ExpectedBool.text(lang).to_string(),
            Expected::OneOf(choices) => Msg::ExpectedOneOf.fill(lang, &[("choices", &quoted_list(choices, lang))]),
            Expected::Table => Msg::ExpectedTable.text(lang).to_string(),
            Expected::ContractValue { choices, closest } => {
                let mut s = Msg::ExpectedOneOf.fill(lang, &[("choices", &quoted_list(choices, lang))]);
                if let Some(c) = closest {
                    s.push_str(&Msg::ConfigDidYouMean.fill(lang, &[("suggestion", &format!("\"{c}\""))]));
                }
                s
            }
            Expected::Described(m) => m.text(lang).to_string(),
        }
    }
}

/// The rule a value broke (for [`ConfigError::OutOfRange`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// A finite number in `[min, max]` (inclusive).
    Between {
        /// Lowest allowed value.
        min: f64,
        /// Highest allowed value.
        max: f64,
    },
    /// A finite number ≥ `min`.
    AtLeast {
        /// Lowest allowed value.
        min: f64,
    },
    /// A finite number > `min`.
    GreaterThan {
        /// The value must exceed this.
        min: f64,
    },
    /// Less than another key's value.
    LessThanKey {
        /// The other key's dotted path.
        key: String,
        /// The other key's value, as text.
        value: String,
    },
    /// Greater than another key's value.
    GreaterThanKey {
        /// The other key's dotted path.
        key: String,
        /// The other key's value, as text.
        value: String,
    },
    /// At most another key's value.
    AtMostKey {
        /// The other key's dotted path.
        key: String,
        /// The other key's value, as text.
        value: String,
    },
    /// At least another key's value.
    AtLeastKey {
        /// The other key's dotted path.
        key: String,
        /// The other key's value, as text.
        value: String,
    },
    /// The sum of these keys (the error's value) must be greater than 0.
    PositiveSum {
        /// Dotted paths of the summed keys.
        keys: Vec<String>,
    },
}

impl Constraint {
    /// The description in `lang`, e.g. "the allowed range is 0 to 1".
    pub fn describe(&self, lang: Lang) -> String {
        let relation = |m: Msg, key: &str, value: &str| m.fill(lang, &[("key", &key), ("value", &value)]);
        match self {
            Constraint::Between { min, max } => {
                Msg::RuleBetween.fill(lang, &[("min", &fmt_num(*min)), ("max", &fmt_num(*max))])
            }
            Constraint::AtLeast { min } => Msg::RuleAtLeast.fill(lang, &[("min", &fmt_num(*min))]),
            Constraint::GreaterThan { min } => Msg::RuleGreaterThan.fill(lang, &[("min", &fmt_num(*min))]),
            Constraint::LessThanKey { key, value } => relation(Msg::RuleLessThanKey, key, value),
            Constraint::GreaterThanKey { key, value } => relation(Msg::RuleGreaterThanKey, key, value),
            Constraint::AtMostKey { key, value } => relation(Msg::RuleAtMostKey, key, value),
            Constraint::AtLeastKey { key, value } => relation(Msg::RuleAtLeastKey, key, value),
            Constraint::PositiveSum { keys } => {
                Msg::RulePositiveSum.fill(lang, &[("keys", &keys.join(Msg::ListSeparator.text(lang)))])
            }
        }
    }

    /// The same relation seen from the other key, for relations between two keys.
    pub(super) fn flipped(&self, own_key: &str, own_value: &str) -> Option<(String, String, Constraint)> {
        let (key, value) = (own_key.to_string(), own_value.to_string());
        match self {
            Constraint::LessThanKey { key: k, value: v } => {
                Some((k.clone(), v.clone(), Constraint::GreaterThanKey { key, value }))
            }
            Constraint::GreaterThanKey { key: k, value: v } => {
                Some((k.clone(), v.clone(), Constraint::LessThanKey { key, value }))
            }
            Constraint::AtMostKey { key: k, value: v } => {
                Some((k.clone(), v.clone(), Constraint::AtLeastKey { key, value }))
            }
            Constraint::AtLeastKey { key: k, value: v } => {
                Some((k.clone(), v.clone(), Constraint::AtMostKey { key, value }))
            }
            _ => None,
        }
    }
}

/// An error in a configuration text. `line` is 1-based and `None` when it cannot be told (for
/// example a default value that conflicts with a value set in the file). `Display` is the
/// English [`ConfigError::message`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// Not valid TOML (or, rarely, a value the checks let through but the reader rejects).
    #[error("{}", self.message(Lang::En))]
    Toml {
        /// Line of the error, when known.
        line: Option<usize>,
        /// The TOML reader's message (English).
        message: String,
    },
    /// A key that Branchlens does not know.
    #[error("{}", self.message(Lang::En))]
    UnknownKey {
        /// Dotted path of the unknown key, e.g. `tiers.vip_shar`.
        key: String,
        /// Line of the key, when found.
        line: Option<usize>,
        /// The value given to the unknown key, as TOML text.
        value: String,
        /// The valid key (dotted path) that was probably meant.
        suggestion: Option<String>,
    },
    /// A value of the wrong type, or a word that is not one of the allowed ones.
    #[error("{}", self.message(Lang::En))]
    InvalidValue {
        /// Dotted path of the key, e.g. `report.lang`.
        key: String,
        /// Line of the key, when found.
        line: Option<usize>,
        /// The value as written, as TOML text (strings quoted).
        value: String,
        /// What the value should be.
        expected: Expected,
    },
    /// A value outside its allowed range, or in conflict with another key.
    #[error("{}", self.message(Lang::En))]
    OutOfRange {
        /// Dotted path of the key, e.g. `churn.level_red` (for a sum rule, the section).
        key: String,
        /// Line of the key, when found.
        line: Option<usize>,
        /// The offending value as text (for a sum rule, the sum).
        value: String,
        /// The rule it broke.
        constraint: Constraint,
    },
}

impl ConfigError {
    /// Dotted path of the key concerned (`None` for a TOML syntax error).
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::Toml { .. } => None,
            ConfigError::UnknownKey { key, .. }
            | ConfigError::InvalidValue { key, .. }
            | ConfigError::OutOfRange { key, .. } => Some(key),
        }
    }

    /// 1-based line in the configuration text, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Toml { line, .. }
            | ConfigError::UnknownKey { line, .. }
            | ConfigError::InvalidValue { line, .. }
            | ConfigError::OutOfRange { line, .. } => *line,
        }
    }

    /// The offending value as text (`None` for a TOML syntax error).
    pub fn value(&self) -> Option<&str> {
        match self {
            ConfigError::Toml { .. } => None,
            ConfigError::UnknownKey { value, .. }
            | ConfigError::InvalidValue { value, .. }
            | ConfigError::OutOfRange { value, .. } => Some(value),
        }
    }

    /// The message in `lang`, e.g. "config key churn.level_red = 150 (line 7) is out of range;
    /// it must not be greater than churn.cap (100)".
    pub fn message(&self, lang: Lang) -> String {
        // Each message exists with and without the line.
        let at = |line: &Option<usize>, with: Msg, without: Msg, args: &[(&str, &dyn std::fmt::Display)]| match line {
            Some(n) => {
                let mut all = args.to_vec();
                all.push(("line", n));
                with.fill(lang, &all)
            }
            None => without.fill(lang, args),
        };
        match self {
            ConfigError::Toml { line, message } => {
                at(line, Msg::ConfigNotToml, Msg::ConfigNotTomlNoLine, &[("message", message)])
            }
            ConfigError::UnknownKey { key, line, suggestion, .. } => {
                let mut s = at(line, Msg::ConfigUnknownKey, Msg::ConfigUnknownKeyNoLine, &[("key", key)]);
                if let Some(sugg) = suggestion {
                    s.push_str(&Msg::ConfigDidYouMean.fill(lang, &[("suggestion", sugg)]));
                }
                s
            }
            ConfigError::InvalidValue { key, line, value, expected } => at(
                line,
                Msg::ConfigInvalidValue,
                Msg::ConfigInvalidValueNoLine,
                &[("key", key), ("value", value), ("expected", &expected.describe(lang))],
            ),
            ConfigError::OutOfRange { key, line, value, constraint } => {
                let (with, without) = match constraint {
                    Constraint::PositiveSum { .. } => (Msg::ConfigBadSum, Msg::ConfigBadSumNoLine),
                    _ => (Msg::ConfigOutOfRange, Msg::ConfigOutOfRangeNoLine),
                };
                at(line, with, without, &[("key", key), ("value", value), ("rule", &constraint.describe(lang))])
            }
        }
    }
}

/// A number as text: shortest round-trip form, `1` for 1.0, `nan`/`inf` as in TOML.
pub(super) fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        v.to_string()
    }
}

/// A possibly multi-line message on one line, its lines joined by "; ".
pub(super) fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
}

fn quoted_list(items: &[String], lang: Lang) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(Msg::ListSeparator.text(lang))
}
