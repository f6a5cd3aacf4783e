//! Configuration errors: [`ConfigError`] with its English and Chinese messages, what a value
//! should have been ([`Expected`]) and the rule it broke ([`Constraint`]).

use super::Lang;

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
    /// Something described in words (English, Chinese), e.g. "one weight per feature".
    Described {
        /// English description.
        en: String,
        /// Chinese description.
        zh: String,
    },
}

impl Expected {
    /// English description, e.g. "a whole number from 0 to 4294967295".
    pub fn describe_en(&self) -> String {
        match self {
            Expected::Number => "a number".to_string(),
            Expected::WholeNumber => format!("a whole number from 0 to {}", u32::MAX),
            Expected::Bool => "true or false".to_string(),
            Expected::OneOf(choices) => format!("one of {}", quoted_list(choices, ", ")),
            Expected::Table => "a table (section)".to_string(),
            Expected::Described { en, .. } => en.clone(),
        }
    }

    /// Chinese description, e.g. "不小于 0 的整数（最大 4294967295）".
    pub fn describe_zh(&self) -> String {
        match self {
            Expected::Number => "数字".to_string(),
            Expected::WholeNumber => format!("不小于 0 的整数（最大 {}）", u32::MAX),
            Expected::Bool => "true 或 false".to_string(),
            Expected::OneOf(choices) => format!("以下之一：{}", quoted_list(choices, "、")),
            Expected::Table => "表（配置节）".to_string(),
            Expected::Described { zh, .. } => zh.clone(),
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
    /// English description, e.g. "the allowed range is 0 to 1".
    pub fn describe_en(&self) -> String {
        match self {
            Constraint::Between { min, max } => {
                format!("the allowed range is {} to {}", fmt_num(*min), fmt_num(*max))
            }
            Constraint::AtLeast { min } => format!("it must be {} or more", fmt_num(*min)),
            Constraint::GreaterThan { min } => {
                format!("it must be greater than {}", fmt_num(*min))
            }
            Constraint::LessThanKey { key, value } => {
                format!("it must be less than {key} ({value})")
            }
            Constraint::GreaterThanKey { key, value } => {
                format!("it must be greater than {key} ({value})")
            }
            Constraint::AtMostKey { key, value } => {
                format!("it must not be greater than {key} ({value})")
            }
            Constraint::AtLeastKey { key, value } => {
                format!("it must not be less than {key} ({value})")
            }
            Constraint::PositiveSum { keys } => {
                format!("the sum of {} must be greater than 0", keys.join(", "))
            }
        }
    }

    /// Chinese description, e.g. "允许范围为 0 到 1".
    pub fn describe_zh(&self) -> String {
        match self {
            Constraint::Between { min, max } => {
                format!("允许范围为 {} 到 {}", fmt_num(*min), fmt_num(*max))
            }
            Constraint::AtLeast { min } => format!("应不小于 {}", fmt_num(*min)),
            Constraint::GreaterThan { min } => format!("应大于 {}", fmt_num(*min)),
            Constraint::LessThanKey { key, value } => format!("应小于 {key}（{value}）"),
            Constraint::GreaterThanKey { key, value } => format!("应大于 {key}（{value}）"),
            Constraint::AtMostKey { key, value } => format!("应不大于 {key}（{value}）"),
            Constraint::AtLeastKey { key, value } => format!("应不小于 {key}（{value}）"),
            Constraint::PositiveSum { keys } => format!("{} 之和应大于 0", keys.join("、")),
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
/// example a default value that conflicts with a value set in the file). `Display` is
/// [`ConfigError::message_en`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// Not valid TOML (or, rarely, a value the checks let through but the reader rejects).
    #[error("{}", self.message_en())]
    Toml {
        /// Line of the error, when known.
        line: Option<usize>,
        /// The TOML reader's message (English).
        message: String,
    },
    /// A key that Branchlens does not know.
    #[error("{}", self.message_en())]
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
    #[error("{}", self.message_en())]
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
    #[error("{}", self.message_en())]
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

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.message_en(),
            Lang::ZhCn => self.message_zh(),
        }
    }

    /// English message, e.g. "config key churn.level_red = 150 (line 7) is out of range;
    /// it must not be greater than churn.cap (100)".
    pub fn message_en(&self) -> String {
        let at = |line: &Option<usize>| match line {
            Some(n) => format!(" (line {n})"),
            None => String::new(),
        };
        match self {
            ConfigError::Toml { line, message } => {
                format!("configuration is not valid TOML{}: {message}", at(line))
            }
            ConfigError::UnknownKey { key, line, suggestion, .. } => {
                let mut s = format!("unknown config key {key}{}", at(line));
                if let Some(sugg) = suggestion {
                    s.push_str(&format!("; did you mean {sugg}?"));
                }
                s
            }
            ConfigError::InvalidValue { key, line, value, expected } => {
                format!("config key {key} = {value}{} is not valid: expected {}", at(line), expected.describe_en())
            }
            ConfigError::OutOfRange { key, line, value, constraint } => match constraint {
                Constraint::PositiveSum { .. } => format!(
                    "config section {key}{} is not valid: the sum is {value}; {}",
                    at(line),
                    constraint.describe_en()
                ),
                _ => format!("config key {key} = {value}{} is out of range; {}", at(line), constraint.describe_en()),
            },
        }
    }

    /// Chinese message, e.g. "配置项 churn.level_red 的值 150（第 7 行）超出范围：应不大于
    /// churn.cap（100）".
    pub fn message_zh(&self) -> String {
        let at = |line: &Option<usize>| match line {
            Some(n) => format!("（第 {n} 行）"),
            None => " ".to_string(),
        };
        match self {
            ConfigError::Toml { line, message } => {
                let at = line.map(|n| format!("（第 {n} 行）")).unwrap_or_default();
                format!("配置文件不是有效的 TOML{at}：{message}")
            }
            ConfigError::UnknownKey { key, line, suggestion, .. } => {
                let at = line.map(|n| format!("（第 {n} 行）")).unwrap_or_default();
                let mut s = format!("未知的配置项 {key}{at}");
                if let Some(sugg) = suggestion {
                    s.push_str(&format!("；是否应为 {sugg}？"));
                }
                s
            }
            ConfigError::InvalidValue { key, line, value, expected } => {
                format!("配置项 {key} 的值 {value}{}无效：应为{}", at(line), expected.describe_zh())
            }
            ConfigError::OutOfRange { key, line, value, constraint } => match constraint {
                Constraint::PositiveSum { .. } => {
                    format!("配置节 {key}{}无效：合计为 {value}；{}", at(line), constraint.describe_zh())
                }
                _ => format!("配置项 {key} 的值 {value}{}超出范围：{}", at(line), constraint.describe_zh()),
            },
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

fn quoted_list(items: &[String], sep: &str) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(sep)
}
