//! Configuration: `branchlens.toml`.
//!
//! Every rate, cost, cut-off, threshold, point value and weight of the metric definitions
//! (DESIGN.md, "Metric definitions") lives in [`Config`], together with the report options
//! (language, masking, currency unit) and the data-quality limits. [`Config::default()`] holds
//! the documented v1 defaults; [`DEFAULT_TOML`] is the same defaults as a commented file
//! (`branchlens init` writes it verbatim).
//!
//! [`parse`] reads a TOML text: every section and every key is optional, an unknown key is an
//! error (with a suggestion when a valid key is close), a value of the wrong type is an error,
//! and [`Config::validate`] checks ranges and the relations between keys. Errors name the dotted
//! key path and, where it can be found, the 1-based line, and have an English and a Chinese
//! message ([`ConfigError::message_en`], [`ConfigError::message_zh`]).
//!
//! Pure: no IO. The caller reads the file and passes its text.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::issue::edit_distance;

/// The commented default configuration file. Sets every key to its default, section by
/// section in the order of [`Config`]'s fields. `parse(DEFAULT_TOML) == Ok(Config::default())`.
pub const DEFAULT_TOML: &str = include_str!("config_default.toml");

// ---------------------------------------------------------------------------------------------
// The configuration
// ---------------------------------------------------------------------------------------------

/// The whole configuration (`branchlens.toml`). Each field is one TOML table (section); every
/// section and every key may be omitted and then takes its default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[report]`: language, masking of personal data, currency unit.
    pub report: ReportConfig,
    /// `[contribution]`: monthly customer contribution (贡献度).
    pub contribution: ContributionConfig,
    /// `[tiers]`: value tiers (客户分层) and the "rising" flag.
    pub tiers: TiersConfig,
    /// `[pareto]`: the 20/80 rule (二八).
    pub pareto: ParetoConfig,
    /// `[churn]`: churn early warning (流失预警).
    pub churn: ChurnConfig,
    /// `[risk]`: relationship risk class (银企关系分类).
    pub risk: RiskConfig,
    /// `[provision]`: required provision rates by five-level class (拨备).
    pub provision: ProvisionRates,
    /// `[performance]`: relationship-manager performance (客户经理绩效考核) and anomalies (业绩异动).
    pub performance: PerformanceConfig,
    /// `[cross_sell]`: cross-sell depth (交叉销售).
    pub cross_sell: CrossSellConfig,
    /// `[data_quality]`: data-quality limits (数据质量).
    pub data_quality: DataQualityConfig,
    /// `[churn_model]`: a churn model fitted by `branchlens calibrate --target churn`
    /// (optional; absent = only the rule-based churn points are in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn_model: Option<crate::calibrate::churn::ChurnModel>,
    /// `[credit_scorecard]`: a points scorecard fitted by `branchlens calibrate --target credit`
    /// (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_scorecard: Option<crate::calibrate::scorecard::Scorecard>,
}

/// Report language. TOML values `"en"` and `"zh-CN"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// English (`"en"`).
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese (`"zh-CN"`).
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// Every language, in the order of [`Lang::CHOICES`].
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];
    /// The TOML spellings, in the order of [`Lang::ALL`].
    pub const CHOICES: [&'static str; 2] = ["en", "zh-CN"];

    /// The TOML spelling (also a BCP 47 language tag): `"en"` or `"zh-CN"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }
}

/// Currency unit in which the report shows amounts. TOML values `"yuan"` and `"wan"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Yuan (元), amounts as they are in the input (`"yuan"`).
    #[default]
    Yuan,
    /// Ten thousand yuan (万元) (`"wan"`).
    Wan,
}

impl Unit {
    /// Every unit, in the order of [`Unit::CHOICES`].
    pub const ALL: [Unit; 2] = [Unit::Yuan, Unit::Wan];
    /// The TOML spellings, in the order of [`Unit::ALL`].
    pub const CHOICES: [&'static str; 2] = ["yuan", "wan"];

    /// The TOML spelling: `"yuan"` or `"wan"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Wan => "wan",
        }
    }

    /// Yuan per display unit: 1 for yuan, 10,000 for wan. Display value = yuan / divisor.
    pub fn divisor(self) -> f64 {
        match self {
            Unit::Yuan => 1.0,
            Unit::Wan => 10_000.0,
        }
    }
}

/// `[report]`: presentation options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// Language of the report pages: `"en"` or `"zh-CN"`. Default `"en"`.
    pub lang: Lang,
    /// Mask personal data (customer names, phone numbers) in the reports. Default `true`.
    pub mask: bool,
    /// Currency unit for amounts shown in the reports: `"yuan"` (元) or `"wan"` (万元).
    /// Default `"yuan"`. Computations always run in yuan.
    pub unit: Unit,
}

impl Default for ReportConfig {
    fn default() -> Self {
        Self { lang: Lang::En, mask: true, unit: Unit::Yuan }
    }
}

/// `[contribution]`: monthly contribution (贡献度) of a customer-month:
/// `deposit_avg*deposit_spread/12 + loan_balance*loan_spread/12 + aum*aum_fee_rate/12 + fee_income
/// - cost_per_customer[kind] - txn_count*cost_per_txn - loan_balance*credit_cost_rate[class]/12`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContributionConfig {
    /// Annual net interest spread earned on the average deposit balance (存款利差), a fraction
    /// per year. Default 0.015. Range [0, 1].
    pub deposit_spread: f64,
    /// Annual net interest spread earned on the loan balance (贷款利差), a fraction per year.
    /// Default 0.025. Range [0, 1].
    pub loan_spread: f64,
    /// Annual fee rate earned on assets under management (AUM, 管理资产), a fraction per year.
    /// Default 0.005. Range [0, 1].
    pub aum_fee_rate: f64,
    /// Monthly service cost per retail customer (零售客户), yuan per month. Default 5. ≥ 0.
    pub cost_per_customer_retail: f64,
    /// Monthly service cost per corporate customer (对公客户), yuan per month. Default 200. ≥ 0.
    pub cost_per_customer_corporate: f64,
    /// Processing cost per transaction, yuan per transaction. Default 0.5. ≥ 0.
    pub cost_per_txn: f64,
    /// `[contribution.credit_cost_rate]`: annual credit cost (expected loss) rate by the loan's
    /// five-level class (五级分类).
    pub credit_cost_rate: CreditCostRates,
}

impl Default for ContributionConfig {
    fn default() -> Self {
        Self {
            deposit_spread: 0.015,
            loan_spread: 0.025,
            aum_fee_rate: 0.005,
            cost_per_customer_retail: 5.0,
            cost_per_customer_corporate: 200.0,
            cost_per_txn: 0.5,
            credit_cost_rate: CreditCostRates::default(),
        }
    }
}

/// `[contribution.credit_cost_rate]`: annual credit cost rate (信用成本率) charged on the loan
/// balance, by five-level class (五级分类); fractions per year, each in [0, 1]. A loan balance
/// with an empty class counts as `normal`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreditCostRates {
    /// Normal (正常). Default 0.01.
    pub normal: f64,
    /// Special mention (关注). Default 0.03.
    pub special: f64,
    /// Substandard (次级). Default 0.10.
    pub substandard: f64,
    /// Doubtful (可疑). Default 0.20.
    pub doubtful: f64,
    /// Loss (损失). Default 0.30.
    pub loss: f64,
}

impl Default for CreditCostRates {
    fn default() -> Self {
        Self { normal: 0.01, special: 0.03, substandard: 0.10, doubtful: 0.20, loss: 0.30 }
    }
}

/// `[tiers]`: value tiers (客户分层), per customer kind, for customers present in the latest
/// period: rank by `s3` (average contribution over the last `window` periods), descending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TiersConfig {
    /// Share of customers (of the kind) that are `vip`: rank ≤ ceil(vip_share × n).
    /// Default 0.05. Range [0, 1], ≤ `key_share`.
    pub vip_share: f64,
    /// Share of customers (of the kind) that are `vip` or `key`: rank ≤ ceil(key_share × n).
    /// Default 0.20. Range [0, 1].
    pub key_share: f64,
    /// Number of periods averaged into `s3`; `p3` averages the same number of periods before
    /// those. Default 3. Range 1–12.
    pub window: u32,
    /// `rising` when `p3 > 0` and `s3 ≥ rising_factor × p3`. Default 1.5. ≥ 1.
    pub rising_factor: f64,
}

impl Default for TiersConfig {
    fn default() -> Self {
        Self { vip_share: 0.05, key_share: 0.20, window: 3, rising_factor: 1.5 }
    }
}

/// `[pareto]`: the 20/80 rule (二八).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParetoConfig {
    /// The top share of customers (by latest-month contribution) whose share of the total
    /// positive contribution is reported: top ceil(top_share × n). Default 0.20. Range [0, 1].
    pub top_share: f64,
}

impl Default for ParetoConfig {
    fn default() -> Self {
        Self { top_share: 0.20 }
    }
}

/// `[churn]`: churn early warning (流失预警) for customers present in the latest period `L`.
/// Points of the firing signals are summed and capped at `cap`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChurnConfig {
    /// `FUNDS30`/`FUNDS60` fire only when the baseline funds `f_prev` (average of
    /// deposit_avg + aum over the `baseline_window` periods before `L`) ≥ this, yuan.
    /// Default 1000. ≥ 0.
    pub funds_min_baseline: f64,
    /// `FUNDS30`: funds drop `1 − f/f_prev` ≥ this (a fraction). Default 0.3. Range [0, 1],
    /// < `funds_drop_2`.
    pub funds_drop_1: f64,
    /// Points for `FUNDS30`. Default 25. Range 0–1000.
    pub funds_drop_1_points: u32,
    /// `FUNDS60`: funds drop ≥ this (a fraction); replaces `FUNDS30`. Default 0.6. Range [0, 1].
    pub funds_drop_2: f64,
    /// Points for `FUNDS60`. Default 40. Range 0–1000.
    pub funds_drop_2_points: u32,
    /// `TXN0`/`TXN50` fire only when the baseline `t_prev` (average txn_count over the
    /// `baseline_window` periods before `L`) ≥ this, transactions per month. Default 5. ≥ 0.
    pub txn_min_baseline: f64,
    /// Points for `TXN0`: txn_count in `L` is 0. Default 20. Range 0–1000.
    pub txn_zero_points: u32,
    /// `TXN50`: txn_count in `L` (not 0) ≤ txn_half_ratio × t_prev. Default 0.5. Range [0, 1].
    pub txn_half_ratio: f64,
    /// Points for `TXN50`. Default 15. Range 0–1000.
    pub txn_half_points: u32,
    /// Points for `PRODUCT_LOST`: a product held in the month before `L` is missing in `L`.
    /// Default 15. Range 0–1000.
    pub product_lost_points: u32,
    /// `NO_CONTACT90` (vip and key only): days from last_contact to the last day of `L` >
    /// this. Default 90. Range 1–3650, < `no_contact_days_2`.
    pub no_contact_days_1: u32,
    /// Points for `NO_CONTACT90`. Default 10. Range 0–1000.
    pub no_contact_1_points: u32,
    /// `NO_CONTACT180` (vip and key only): days since last contact > this (an empty
    /// last_contact counts as more); replaces `NO_CONTACT90`. Default 180. Range 1–3650.
    pub no_contact_days_2: u32,
    /// Points for `NO_CONTACT180`. Default 20. Range 0–1000.
    pub no_contact_2_points: u32,
    /// Points for `MANAGER_LEFT`: the customer's own manager has status `left`. Default 20.
    /// Range 0–1000.
    pub manager_left_points: u32,
    /// Points for `UNASSIGNED` (vip and key only): no manager, or one not in managers.csv.
    /// Default 10. Range 0–1000.
    pub unassigned_points: u32,
    /// Number of periods (including `L`) over which complaints are summed. Default 3.
    /// Range 1–12.
    pub complaints_window: u32,
    /// `COMPLAINTS1`: complaints summed over `complaints_window` ≥ this. Default 1.
    /// Range 1–1000, ≤ `complaints_2`.
    pub complaints_1: u32,
    /// Points for `COMPLAINTS1`. Default 10. Range 0–1000.
    pub complaints_1_points: u32,
    /// `COMPLAINTS3`: complaints summed ≥ this; replaces `COMPLAINTS1`. Default 3.
    /// Range 1–1000.
    pub complaints_2: u32,
    /// Points for `COMPLAINTS3`. Default 20. Range 0–1000.
    pub complaints_2_points: u32,
    /// Upper limit of the summed points. Default 100. Range 1–1000.
    pub cap: u32,
    /// Level `yellow` (黄色预警) from this many points. Default 30. Range 1–1000,
    /// < `level_orange`.
    pub level_yellow: u32,
    /// Level `orange` (橙色预警) from this many points. Default 50. < `level_red`.
    pub level_orange: u32,
    /// Level `red` (红色预警) from this many points. Default 70. ≤ `cap`.
    pub level_red: u32,
    /// Number of periods before `L` averaged into the funds and transaction baselines.
    /// Default 3. Range 1–12.
    pub baseline_window: u32,
}

impl Default for ChurnConfig {
    fn default() -> Self {
        Self {
            funds_min_baseline: 1000.0,
            funds_drop_1: 0.3,
            funds_drop_1_points: 25,
            funds_drop_2: 0.6,
            funds_drop_2_points: 40,
            txn_min_baseline: 5.0,
            txn_zero_points: 20,
            txn_half_ratio: 0.5,
            txn_half_points: 15,
            product_lost_points: 15,
            no_contact_days_1: 90,
            no_contact_1_points: 10,
            no_contact_days_2: 180,
            no_contact_2_points: 20,
            manager_left_points: 20,
            unassigned_points: 10,
            complaints_window: 3,
            complaints_1: 1,
            complaints_1_points: 10,
            complaints_2: 3,
            complaints_2_points: 20,
            cap: 100,
            level_yellow: 30,
            level_orange: 50,
            level_red: 70,
            baseline_window: 3,
        }
    }
}

/// `[risk]`: relationship risk class (银企关系分类) of borrowers in `L`, worst rule wins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    /// `exit` (退出) when the loan class is doubtful and overdue_days > this (loss is always
    /// `exit`). Days. Default 180. Range 0–3650.
    pub exit_doubtful_overdue_days: u32,
    /// `doubtful` (可疑) when overdue_days > this; overdue 1..=this days is `watch` (关注).
    /// Days. Default 90. Range 0–3650.
    pub doubtful_overdue_days: u32,
    /// `watch` (关注) when the funds drop (as in `[churn]`, with its minimum baseline) ≥ this
    /// fraction. Default 0.3. Range [0, 1].
    pub watch_funds_drop: f64,
}

impl Default for RiskConfig {
    fn default() -> Self {
        Self { exit_doubtful_overdue_days: 180, doubtful_overdue_days: 90, watch_funds_drop: 0.3 }
    }
}

/// `[provision]`: required provision rates (拨备计提比例, a stock, regulatory) by five-level
/// class (五级分类): required provision = Σ balance × rate. Fractions, each in [0, 1].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProvisionRates {
    /// Normal (正常). Default 0.01.
    pub normal: f64,
    /// Special mention (关注). Default 0.02.
    pub special: f64,
    /// Substandard (次级). Default 0.25.
    pub substandard: f64,
    /// Doubtful (可疑). Default 0.50.
    pub doubtful: f64,
    /// Loss (损失). Default 1.00.
    pub loss: f64,
}

impl Default for ProvisionRates {
    fn default() -> Self {
        Self { normal: 0.01, special: 0.02, substandard: 0.25, doubtful: 0.50, loss: 1.00 }
    }
}

/// `[performance]`: relationship-manager (and branch) performance against plan
/// (客户经理绩效考核): `score = 100 × Σ w·min(completion, completion_cap) / Σ w` over the
/// targets present; suggestions; anomalies (业绩异动); key-person risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PerformanceConfig {
    /// Weight of the deposit target (存款). Default 0.35. ≥ 0; the weights' sum must be > 0.
    pub weight_deposit: f64,
    /// Weight of the loan target (贷款). Default 0.25. ≥ 0.
    pub weight_loan: f64,
    /// Weight of the fee income target (中收). Default 0.25. ≥ 0.
    pub weight_fee: f64,
    /// Weight of the new customers target (新客户). Default 0.15. ≥ 0.
    pub weight_new_customers: f64,
    /// Upper limit of one target's completion ratio in the score (1.5 = 150%). Default 1.5. ≥ 1.
    pub completion_cap: f64,
    /// `promote`: bank-wide rank ≤ ceil(promote_share × n) among the n ranked managers …
    /// Default 0.20. Range [0, 1].
    pub promote_share: f64,
    /// … and score ≥ this. Default 110. ≥ 0.
    pub promote_min_score: f64,
    /// `review`: rank > n − ceil(review_share × n) … Default 0.10. Range [0, 1].
    pub review_share: f64,
    /// … or score < this. Default 60. ≥ 0, ≤ `promote_min_score`.
    pub review_max_score: f64,
    /// Anomaly, robust z rule: only when the manager has ≥ this many earlier month-on-month
    /// changes. Default 6. Range 1–120.
    pub anomaly_min_history: u32,
    /// Anomaly, robust z rule: flag when |d − median| / (1.4826·MAD) > this. Default 3.5. > 0.
    pub anomaly_z: f64,
    /// Anomaly, jump rule: |d| > this × the month before's value … Default 0.5. ≥ 0.
    pub anomaly_jump_ratio: f64,
    /// … and |d| > this × the branch's average of the metric over its active managers.
    /// Default 0.10. ≥ 0.
    pub anomaly_branch_ratio: f64,
    /// Key-person risk (关键人风险): one manager's credited contribution > this share of the
    /// branch's contribution. Default 0.25. Range [0, 1].
    pub key_person_share: f64,
}

impl Default for PerformanceConfig {
    fn default() -> Self {
        Self {
            weight_deposit: 0.35,
            weight_loan: 0.25,
            weight_fee: 0.25,
            weight_new_customers: 0.15,
            completion_cap: 1.5,
            promote_share: 0.20,
            promote_min_score: 110.0,
            review_share: 0.10,
            review_max_score: 60.0,
            anomaly_min_history: 6,
            anomaly_z: 3.5,
            anomaly_jump_ratio: 0.5,
            anomaly_branch_ratio: 0.10,
            key_person_share: 0.25,
        }
    }
}

/// `[cross_sell]`: cross-sell depth (交叉销售, distinct products per customer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrossSellConfig {
    /// A customer holding at least this many distinct products is "embedded" (深度绑定).
    /// Default 3. Range 1–100.
    pub embedded_min_products: u32,
}

impl Default for CrossSellConfig {
    fn default() -> Self {
        Self { embedded_min_products: 3 }
    }
}

/// `[data_quality]`: data-quality limits (数据质量).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataQualityConfig {
    /// Highest tolerated share of rejected (bad) rows in an input file; above it the run fails.
    /// Default 0.01. Range [0, 1].
    pub max_bad_row_ratio: f64,
    /// The credit-split shares of one customer must sum to 1 within ± this. Default 0.001.
    /// Range [0, 0.5].
    pub split_share_tolerance: f64,
}

impl Default for DataQualityConfig {
    fn default() -> Self {
        Self { max_bad_row_ratio: 0.01, split_share_tolerance: 0.001 }
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

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
    fn flipped(&self, own_key: &str, own_value: &str) -> Option<(String, String, Constraint)> {
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

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Parses a `branchlens.toml` text (a leading BOM is ignored): TOML syntax, then every key and
/// value type against the schema (unknown keys and wrong types are errors), then
/// [`Config::validate`]. Keys that are absent take their defaults. When there are several
/// problems, the one on the earliest line is returned.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table: toml::Table = toml::from_str(text).map_err(|e| ConfigError::Toml {
        line: e.span().map(|span| line_of_offset(text, span.start)),
        message: one_line(e.message()),
    })?;

    // Keys and types, against the serialized defaults. (Serializing the defaults cannot fail;
    // were it to, serde's own checks below still reject unknown keys and wrong types.)
    if let Ok(toml::Value::Table(mut schema)) = toml::Value::try_from(Config::default()) {
        // The optional model sections are absent from the defaults: check them against examples.
        for (key, example) in model_schemas() {
            schema.insert(key.to_string(), example);
        }
        let mut errors = Vec::new();
        check_table(text, &table, &schema, &schema, &mut Vec::new(), &mut errors);
        if let Some(first) = earliest(errors) {
            return Err(first);
        }
    }

    let config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Toml { line: None, message: one_line(e.message()) })?;

    let mut errors: Vec<ConfigError> = config.violations().into_iter().map(|e| locate_violation(text, e)).collect();
    errors.extend(model_violations(&config, text));
    match earliest(errors) {
        Some(first) => Err(first),
        None => Ok(config),
    }
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

/// Problems of the model sections: unknown feature names, lengths, numbers.
fn model_violations(config: &Config, text: &str) -> Vec<ConfigError> {
    let mut out = Vec::new();
    let mut push = |(key, value, problem): (String, String, &'static str), names: &[&str]| {
        // `churn_model.features[2]` is written on the line of `features`.
        let path: Vec<String> = key.split('.').map(|p| p.split('[').next().unwrap_or(p).to_string()).collect();
        let expected = if problem == "a churn feature name" || problem == "a credit feature name" {
            Expected::OneOf(names.iter().map(|n| (*n).to_string()).collect())
        } else {
            Expected::Described { en: problem.to_string(), zh: model_problem_zh(problem).to_string() }
        };
        out.push(ConfigError::InvalidValue { line: line_of_key(text, &path), key, value, expected });
    };
    if let Some(m) = &config.churn_model {
        let names: Vec<&str> = crate::calibrate::churn::FEATURES.iter().map(|d| d.name).collect();
        if let Some(e) = m.check("churn_model") {
            push(e, &names);
        }
    }
    if let Some(sc) = &config.credit_scorecard {
        let names: Vec<&str> = crate::calibrate::credit::FEATURES.iter().map(|d| d.name).collect();
        let unknown = sc.features.iter().enumerate().find(|(_, f)| !names.contains(&f.name.as_str()));
        if let Some((i, f)) = unknown {
            push(
                (format!("credit_scorecard.features[{i}].name"), format!("\"{}\"", f.name), "a credit feature name"),
                &names,
            );
        } else if let Some(e) = crate::calibrate::scorecard::check(sc, "credit_scorecard") {
            push(e, &names);
        }
    }
    out
}

/// Chinese for the problems reported by the model checks.
fn model_problem_zh(problem: &str) -> &'static str {
    match problem {
        "a finite number" => "有限数值",
        "a whole number from 1 to 12" => "1 到 12 的整数",
        "listed once" => "只出现一次的特征名",
        "one weight per feature" => "与特征一一对应的权重",
        "a number greater than 0" => "大于 0 的数",
        "at least one bin" => "至少一个分箱",
        "after the open-ended range bin: none" => "无上限分箱之后不应再有区间分箱",
        "finite and above the previous bin's" => "有限且大于前一分箱的上限",
        _ => "有效值",
    }
}

impl Config {
    /// Checks ranges and the relations between keys; returns the first problem, in field order.
    /// Errors carry no line (see [`parse`], which adds it).
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self.violations().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every range and relation problem, in field order.
    fn violations(&self) -> Vec<ConfigError> {
        let mut c = Checker::default();
        let unit = (0.0, 1.0);

        let k = &self.contribution;
        c.between("contribution.deposit_spread", k.deposit_spread, unit);
        c.between("contribution.loan_spread", k.loan_spread, unit);
        c.between("contribution.aum_fee_rate", k.aum_fee_rate, unit);
        c.at_least("contribution.cost_per_customer_retail", k.cost_per_customer_retail, 0.0);
        c.at_least("contribution.cost_per_customer_corporate", k.cost_per_customer_corporate, 0.0);
        c.at_least("contribution.cost_per_txn", k.cost_per_txn, 0.0);
        let r = &k.credit_cost_rate;
        c.between("contribution.credit_cost_rate.normal", r.normal, unit);
        c.between("contribution.credit_cost_rate.special", r.special, unit);
        c.between("contribution.credit_cost_rate.substandard", r.substandard, unit);
        c.between("contribution.credit_cost_rate.doubtful", r.doubtful, unit);
        c.between("contribution.credit_cost_rate.loss", r.loss, unit);

        let t = &self.tiers;
        c.between("tiers.vip_share", t.vip_share, unit);
        c.between("tiers.key_share", t.key_share, unit);
        c.between_u("tiers.window", t.window, (1, 12));
        c.at_least("tiers.rising_factor", t.rising_factor, 1.0);
        c.at_most_key(("tiers.vip_share", t.vip_share), ("tiers.key_share", t.key_share));

        c.between("pareto.top_share", self.pareto.top_share, unit);

        let ch = &self.churn;
        let points = (0, 1000);
        c.at_least("churn.funds_min_baseline", ch.funds_min_baseline, 0.0);
        c.between("churn.funds_drop_1", ch.funds_drop_1, unit);
        c.between_u("churn.funds_drop_1_points", ch.funds_drop_1_points, points);
        c.between("churn.funds_drop_2", ch.funds_drop_2, unit);
        c.between_u("churn.funds_drop_2_points", ch.funds_drop_2_points, points);
        c.at_least("churn.txn_min_baseline", ch.txn_min_baseline, 0.0);
        c.between_u("churn.txn_zero_points", ch.txn_zero_points, points);
        c.between("churn.txn_half_ratio", ch.txn_half_ratio, unit);
        c.between_u("churn.txn_half_points", ch.txn_half_points, points);
        c.between_u("churn.product_lost_points", ch.product_lost_points, points);
        c.between_u("churn.no_contact_days_1", ch.no_contact_days_1, (1, 3650));
        c.between_u("churn.no_contact_1_points", ch.no_contact_1_points, points);
        c.between_u("churn.no_contact_days_2", ch.no_contact_days_2, (1, 3650));
        c.between_u("churn.no_contact_2_points", ch.no_contact_2_points, points);
        c.between_u("churn.manager_left_points", ch.manager_left_points, points);
        c.between_u("churn.unassigned_points", ch.unassigned_points, points);
        c.between_u("churn.complaints_window", ch.complaints_window, (1, 12));
        c.between_u("churn.complaints_1", ch.complaints_1, (1, 1000));
        c.between_u("churn.complaints_1_points", ch.complaints_1_points, points);
        c.between_u("churn.complaints_2", ch.complaints_2, (1, 1000));
        c.between_u("churn.complaints_2_points", ch.complaints_2_points, points);
        c.between_u("churn.cap", ch.cap, (1, 1000));
        c.between_u("churn.level_yellow", ch.level_yellow, (1, 1000));
        c.between_u("churn.level_orange", ch.level_orange, (1, 1000));
        c.between_u("churn.level_red", ch.level_red, (1, 1000));
        c.between_u("churn.baseline_window", ch.baseline_window, (1, 12));
        c.less_than_key(("churn.funds_drop_1", ch.funds_drop_1), ("churn.funds_drop_2", ch.funds_drop_2));
        c.less_than_key(
            ("churn.no_contact_days_1", f64::from(ch.no_contact_days_1)),
            ("churn.no_contact_days_2", f64::from(ch.no_contact_days_2)),
        );
        c.at_most_key(
            ("churn.complaints_1", f64::from(ch.complaints_1)),
            ("churn.complaints_2", f64::from(ch.complaints_2)),
        );
        c.less_than_key(
            ("churn.level_yellow", f64::from(ch.level_yellow)),
            ("churn.level_orange", f64::from(ch.level_orange)),
        );
        c.less_than_key(
            ("churn.level_orange", f64::from(ch.level_orange)),
            ("churn.level_red", f64::from(ch.level_red)),
        );
        c.at_most_key(("churn.level_red", f64::from(ch.level_red)), ("churn.cap", f64::from(ch.cap)));

        let rk = &self.risk;
        c.between_u("risk.exit_doubtful_overdue_days", rk.exit_doubtful_overdue_days, (0, 3650));
        c.between_u("risk.doubtful_overdue_days", rk.doubtful_overdue_days, (0, 3650));
        c.between("risk.watch_funds_drop", rk.watch_funds_drop, unit);

        let p = &self.provision;
        c.between("provision.normal", p.normal, unit);
        c.between("provision.special", p.special, unit);
        c.between("provision.substandard", p.substandard, unit);
        c.between("provision.doubtful", p.doubtful, unit);
        c.between("provision.loss", p.loss, unit);

        let pf = &self.performance;
        let weights = [
            ("performance.weight_deposit", pf.weight_deposit),
            ("performance.weight_loan", pf.weight_loan),
            ("performance.weight_fee", pf.weight_fee),
            ("performance.weight_new_customers", pf.weight_new_customers),
        ];
        for (key, w) in weights {
            c.at_least(key, w, 0.0);
        }
        c.at_least("performance.completion_cap", pf.completion_cap, 1.0);
        c.between("performance.promote_share", pf.promote_share, unit);
        c.at_least("performance.promote_min_score", pf.promote_min_score, 0.0);
        c.between("performance.review_share", pf.review_share, unit);
        c.at_least("performance.review_max_score", pf.review_max_score, 0.0);
        c.between_u("performance.anomaly_min_history", pf.anomaly_min_history, (1, 120));
        c.greater_than("performance.anomaly_z", pf.anomaly_z, 0.0);
        c.at_least("performance.anomaly_jump_ratio", pf.anomaly_jump_ratio, 0.0);
        c.at_least("performance.anomaly_branch_ratio", pf.anomaly_branch_ratio, 0.0);
        c.between("performance.key_person_share", pf.key_person_share, unit);
        c.positive_sum("performance", &weights);
        c.at_most_key(
            ("performance.review_max_score", pf.review_max_score),
            ("performance.promote_min_score", pf.promote_min_score),
        );

        c.between_u("cross_sell.embedded_min_products", self.cross_sell.embedded_min_products, (1, 100));

        let dq = &self.data_quality;
        c.between("data_quality.max_bad_row_ratio", dq.max_bad_row_ratio, unit);
        c.between("data_quality.split_share_tolerance", dq.split_share_tolerance, (0.0, 0.5));

        c.errors
    }
}

/// Collects range problems; a relation between two keys is checked only when both keys passed
/// their own range checks.
#[derive(Default)]
struct Checker {
    errors: Vec<ConfigError>,
    failed: Vec<&'static str>,
}

impl Checker {
    fn fail(&mut self, key: &'static str, value: String, constraint: Constraint) {
        self.failed.push(key);
        self.errors.push(ConfigError::OutOfRange { key: key.to_string(), line: None, value, constraint });
    }

    fn between(&mut self, key: &'static str, v: f64, (min, max): (f64, f64)) {
        if !(v.is_finite() && v >= min && v <= max) {
            self.fail(key, fmt_num(v), Constraint::Between { min, max });
        }
    }

    fn between_u(&mut self, key: &'static str, v: u32, (min, max): (u32, u32)) {
        if v < min || v > max {
            let constraint = Constraint::Between { min: f64::from(min), max: f64::from(max) };
            self.fail(key, v.to_string(), constraint);
        }
    }

    fn at_least(&mut self, key: &'static str, v: f64, min: f64) {
        if !(v.is_finite() && v >= min) {
            self.fail(key, fmt_num(v), Constraint::AtLeast { min });
        }
    }

    fn greater_than(&mut self, key: &'static str, v: f64, min: f64) {
        if !(v.is_finite() && v > min) {
            self.fail(key, fmt_num(v), Constraint::GreaterThan { min });
        }
    }

    fn both_ok(&self, a: &str, b: &str) -> bool {
        !self.failed.iter().any(|k| *k == a || *k == b)
    }

    /// `a < b`, reported on `a`.
    fn less_than_key(&mut self, (a, av): (&'static str, f64), (b, bv): (&'static str, f64)) {
        if self.both_ok(a, b) && av >= bv {
            let constraint = Constraint::LessThanKey { key: b.to_string(), value: fmt_num(bv) };
            self.fail(a, fmt_num(av), constraint);
        }
    }

    /// `a ≤ b`, reported on `a`.
    fn at_most_key(&mut self, (a, av): (&'static str, f64), (b, bv): (&'static str, f64)) {
        if self.both_ok(a, b) && av > bv {
            let constraint = Constraint::AtMostKey { key: b.to_string(), value: fmt_num(bv) };
            self.fail(a, fmt_num(av), constraint);
        }
    }

    /// The sum of the values must be > 0, reported on `section`.
    fn positive_sum(&mut self, section: &'static str, items: &[(&'static str, f64)]) {
        if items.iter().any(|(k, _)| self.failed.contains(k)) {
            return;
        }
        let sum: f64 = items.iter().map(|(_, v)| v).sum();
        if sum.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            let keys = items.iter().map(|(k, _)| (*k).to_string()).collect();
            self.fail(section, fmt_num(sum), Constraint::PositiveSum { keys });
        }
    }
}

/// Adds the line to a range problem; for a relation between two keys of which only the other
/// one is written in the file, reports it on that other key instead.
fn locate_violation(text: &str, err: ConfigError) -> ConfigError {
    let ConfigError::OutOfRange { key, value, constraint, .. } = err else {
        return err;
    };
    let line = line_of_key(text, &split_path(&key));
    if line.is_none() {
        if let Some((other_key, other_value, flipped)) = constraint.flipped(&key, &value) {
            let other_line = line_of_key(text, &split_path(&other_key));
            if other_line.is_some() {
                return ConfigError::OutOfRange {
                    key: other_key,
                    line: other_line,
                    value: other_value,
                    constraint: flipped,
                };
            }
        }
    }
    ConfigError::OutOfRange { key, line, value, constraint }
}

/// The error on the earliest line (errors without a line last); ties keep their order.
fn earliest(mut errors: Vec<ConfigError>) -> Option<ConfigError> {
    errors.sort_by_key(|e| e.line().unwrap_or(usize::MAX));
    errors.into_iter().next()
}

/// Checks the keys and value types of `table` (at `path`) against `schema` (the serialized
/// defaults at the same path); `root` is the whole schema, for suggestions.
fn check_table(
    text: &str,
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
                    line: line_of_key(text, path),
                    suggestion: suggest(name, schema, root, &path[..path.len() - 1]),
                    value: value.to_string(),
                    key,
                });
            }
            Some(toml::Value::Table(sub_schema)) => match value {
                toml::Value::Table(sub) => check_table(text, sub, sub_schema, root, path, errors),
                other => errors.push(ConfigError::InvalidValue {
                    line: line_of_key(text, path),
                    value: other.to_string(),
                    expected: Expected::Table,
                    key,
                }),
            },
            Some(default) => {
                if let Some(expected) = type_mismatch(&key, default, value) {
                    errors.push(ConfigError::InvalidValue {
                        line: line_of_key(text, path),
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
                _ => &[],
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
        .map(|k| (edit_distance(&lower, &k.to_lowercase()), k))
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

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

/// 1-based line of a byte offset.
fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

fn split_path(key: &str) -> Vec<String> {
    key.split('.').map(str::to_string).collect()
}

/// 1-based line where the key `path` is written: its own `key = value` line (also as a dotted
/// key, or inside an inline table's line) or, for a table, its `[header]` or first dotted key.
/// A light line scanner, enough for configuration files; `None` when not found.
fn line_of_key(text: &str, path: &[String]) -> Option<usize> {
    let mut table: Vec<String> = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, raw)) = lines.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            let inner = line.trim_start_matches('[');
            let end = find_unquoted(inner, ']').unwrap_or(inner.len());
            table = split_key(&inner[..end]);
            if table.starts_with(path) {
                return Some(i + 1);
            }
            continue;
        }
        let Some(eq) = find_unquoted(line, '=') else {
            continue;
        };
        let mut full = table.clone();
        full.extend(split_key(&line[..eq]));
        if full.starts_with(path) || path.starts_with(&full) {
            return Some(i + 1);
        }
        // Skip the rest of a multi-line string or array.
        let value = line[eq + 1..].trim_start();
        for delim in ["\"\"\"", "'''"] {
            if let Some(rest) = value.strip_prefix(delim) {
                if !rest.contains(delim) {
                    for (_, next) in lines.by_ref() {
                        if next.contains(delim) {
                            break;
                        }
                    }
                }
            }
        }
        if value.starts_with('[') {
            let mut depth = bracket_balance(value);
            while depth > 0 {
                match lines.next() {
                    Some((_, next)) => depth += bracket_balance(next),
                    None => break,
                }
            }
        }
    }
    None
}

/// Opening minus closing square brackets outside strings and comments.
fn bracket_balance(s: &str) -> i64 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '[') => depth += 1,
            (None, ']') => depth -= 1,
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    depth
}

/// Byte index of the first `target` outside quotes.
fn find_unquoted(s: &str, target: char) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            None if c == target => return Some(i),
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The parts of a (possibly dotted, possibly quoted) TOML key.
fn split_key(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            None if c == '.' => parts.push(std::mem::take(&mut current).trim().to_string()),
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => current.push(c),
        }
    }
    parts.push(current.trim().to_string());
    parts
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/// A number as text: shortest round-trip form, `1` for 1.0, `nan`/`inf` as in TOML.
fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        v.to_string()
    }
}

/// A possibly multi-line message on one line, its lines joined by "; ".
fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
}

fn quoted_list(items: &[String], sep: &str) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(sep)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn err(text: &str) -> ConfigError {
        match parse(text) {
            Ok(c) => panic!("expected an error for {text:?}, got {c:?}"),
            Err(e) => e,
        }
    }

    /// Dotted paths of every leaf of a serialized table.
    fn leaf_paths(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
        for (k, v) in table {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::Table(sub) => leaf_paths(sub, &path, out),
                _ => out.push(path),
            }
        }
    }

    fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
        let mut parts = path.split('.');
        let mut value = table.get(parts.next()?)?;
        for part in parts {
            value = value.as_table()?.get(part)?;
        }
        Some(value)
    }

    #[test]
    fn config_default_toml_parses_to_defaults() {
        assert_eq!(parse(DEFAULT_TOML), Ok(Config::default()));
    }

    #[test]
    fn config_default_toml_sets_every_key() {
        let toml::Value::Table(defaults) = toml::Value::try_from(Config::default()).unwrap() else {
            panic!("defaults do not serialize to a table");
        };
        let template: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
        let mut paths = Vec::new();
        leaf_paths(&defaults, "", &mut paths);
        assert!(paths.len() > 60, "{paths:?}");
        for path in &paths {
            let written = lookup(&template, path);
            assert!(written.is_some(), "{path} is missing from config_default.toml");
            // Same type as the default: decimals written as decimals, counts as integers.
            let default = lookup(&defaults, path).unwrap();
            assert_eq!(written.unwrap().type_str(), default.type_str(), "{path}");
        }
        let mut written = Vec::new();
        leaf_paths(&template, "", &mut written);
        assert_eq!(written.len(), paths.len());
    }

    #[test]
    fn config_default_toml_sections_in_field_order() {
        let sections = [
            "[report]",
            "[contribution]",
            "[contribution.credit_cost_rate]",
            "[tiers]",
            "[pareto]",
            "[churn]",
            "[risk]",
            "[provision]",
            "[performance]",
            "[cross_sell]",
            "[data_quality]",
        ];
        let positions: Vec<usize> = sections
            .iter()
            .map(|s| DEFAULT_TOML.lines().position(|l| l.trim() == *s).unwrap_or_else(|| panic!("{s} missing")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }

    #[test]
    fn config_defaults_are_valid_and_documented_values() {
        let c = Config::default();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.report.lang, Lang::En);
        assert!(c.report.mask);
        assert_eq!(c.report.unit, Unit::Yuan);
        assert_eq!(c.contribution.credit_cost_rate.loss, 0.30);
        assert_eq!(c.provision.loss, 1.00);
        assert_eq!(c.churn.level_red, 70);
        assert_eq!(c.performance.weight_new_customers, 0.15);
        assert_eq!(c.data_quality.max_bad_row_ratio, 0.01);
    }

    #[test]
    fn config_serialization_round_trips() {
        let mut c = Config::default();
        c.report.lang = Lang::ZhCn;
        c.report.unit = Unit::Wan;
        let text = toml::to_string(&c).unwrap();
        assert!(text.contains("lang = \"zh-CN\""), "{text}");
        assert!(text.contains("unit = \"wan\""), "{text}");
        assert_eq!(parse(&text), Ok(c.clone()));
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["report"]["lang"], "zh-CN");
        assert_eq!(json["churn"]["cap"], 100);
    }

    #[test]
    fn config_empty_text_is_defaults() {
        assert_eq!(parse(""), Ok(Config::default()));
        assert_eq!(parse("\u{feff}# nothing\n\n"), Ok(Config::default()));
    }

    #[test]
    fn config_partial_file_overrides_only_given_keys() {
        let text = "[report]\nlang = \"zh-CN\"\n\n[contribution.credit_cost_rate]\nspecial = 0.05\n\n\
                    [churn]\nlevel_red = 80\n";
        let c = parse(text).unwrap();
        let mut want = Config::default();
        want.report.lang = Lang::ZhCn;
        want.contribution.credit_cost_rate.special = 0.05;
        want.churn.level_red = 80;
        assert_eq!(c, want);
        // An integer is accepted for a decimal key.
        let c = parse("[contribution]\ncost_per_customer_corporate = 150\n").unwrap();
        assert_eq!(c.contribution.cost_per_customer_corporate, 150.0);
        assert_eq!(c.contribution.cost_per_customer_retail, 5.0);
        // Dotted keys and inline tables work too.
        let c = parse("tiers.vip_share = 0.1\nprovision = { loss = 0.9 }\n").unwrap();
        assert_eq!(c.tiers.vip_share, 0.1);
        assert_eq!(c.provision.loss, 0.9);
        assert_eq!(c.provision.normal, 0.01);
    }

    #[test]
    fn config_unknown_key_names_path_and_suggests() {
        let e = err("[report]\nmask = false\n\n[tiers]\nvip_shar = 0.1\n");
        assert_eq!(e.key(), Some("tiers.vip_shar"));
        assert_eq!(e.line(), Some(5));
        let ConfigError::UnknownKey { suggestion, value, .. } = &e else { panic!("{e:?}") };
        assert_eq!(suggestion.as_deref(), Some("tiers.vip_share"));
        assert_eq!(value, "0.1");
        let msg = e.message_en();
        assert!(msg.contains("tiers.vip_shar") && msg.contains("did you mean tiers.vip_share"), "{msg}");
        assert!(e.message_zh().contains("tiers.vip_share"), "{}", e.message_zh());

        // A misspelt section.
        let e = err("\n[tier]\nvip_share = 0.1\n");
        assert_eq!(e.key(), Some("tier"));
        assert_eq!(e.line(), Some(2));
        let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
        assert_eq!(suggestion.as_deref(), Some("tiers"));

        // A nested table.
        let e = err("[contribution.credit_cost_rate]\nnormall = 0.02\n");
        assert_eq!(e.key(), Some("contribution.credit_cost_rate.normall"));
        assert_eq!(e.line(), Some(2));
        let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
        assert_eq!(suggestion.as_deref(), Some("contribution.credit_cost_rate.normal"));

        // A key in the wrong section: suggested where it belongs.
        let e = err("lang = \"zh-CN\"\n");
        let ConfigError::UnknownKey { key, suggestion, .. } = &e else { panic!("{e:?}") };
        assert_eq!(key, "lang");
        assert_eq!(suggestion.as_deref(), Some("report.lang"));

        // Far from anything: no suggestion.
        let e = err("[churn]\ncompletely_unrelated = 1\n");
        let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
        assert_eq!(suggestion, &None);
        assert!(!e.message_en().contains("did you mean"));
    }

    #[test]
    fn config_out_of_range_names_key_value_and_line() {
        let e = err("# churn\n[churn]\nlevel_yellow = 30\nlevel_red = 150\n");
        assert_eq!(e.key(), Some("churn.level_red"));
        assert_eq!(e.value(), Some("150"));
        assert_eq!(e.line(), Some(4));
        let msg = e.message_en();
        assert!(msg.contains("churn.level_red") && msg.contains("150") && msg.contains("line 4"), "{msg}");
        assert!(msg.contains("churn.cap (100)"), "{msg}");

        let e = err("[tiers]\n\nkey_share = 1.5\n");
        assert_eq!(e.key(), Some("tiers.key_share"));
        assert_eq!(e.line(), Some(3));
        assert_eq!(e.value(), Some("1.5"));
        assert!(e.message_en().contains("allowed range is 0 to 1"), "{}", e.message_en());

        let e = err("[tiers]\nwindow = 0\n");
        assert!(e.message_en().contains("1 to 12"), "{}", e.message_en());

        // Not finite.
        let e = err("[contribution]\ncost_per_txn = nan\n");
        assert_eq!(e.key(), Some("contribution.cost_per_txn"));
        assert_eq!(e.value(), Some("nan"));
    }

    #[test]
    fn config_relations_between_keys() {
        // Blamed on the key that is written in the file.
        let e = err("[tiers]\nvip_share = 0.5\n");
        assert_eq!(e.key(), Some("tiers.vip_share"));
        assert!(e.message_en().contains("tiers.key_share (0.2)"), "{}", e.message_en());
        let e = err("[tiers]\nkey_share = 0.01\n");
        assert_eq!(e.key(), Some("tiers.key_share"));
        assert_eq!(e.line(), Some(2));
        assert!(matches!(&e, ConfigError::OutOfRange { constraint: Constraint::AtLeastKey { .. }, .. }));

        let e = err("[churn]\nlevel_orange = 20\n");
        assert_eq!(e.key(), Some("churn.level_orange"));
        assert!(e.message_en().contains("greater than churn.level_yellow (30)"), "{}", e.message_en());
        assert!(parse("[churn]\nfunds_drop_1 = 0.6\n").is_err());
        assert!(parse("[churn]\nno_contact_days_2 = 90\n").is_err());
        assert!(parse("[churn]\ncomplaints_1 = 4\n").is_err());
        assert!(parse("[churn]\ncomplaints_1 = 3\n").is_ok());
        assert!(parse("[churn]\nlevel_red = 100\n").is_ok());
        assert!(parse("[churn]\ncap = 60\n").is_err());

        let e = err("[performance]\nweight_deposit = 0\nweight_loan = 0\nweight_fee = 0\n\
                     weight_new_customers = 0\n");
        assert_eq!(e.key(), Some("performance"));
        assert_eq!(e.line(), Some(1));
        assert!(e.message_en().contains("performance.weight_fee"), "{}", e.message_en());
        assert!(parse("[performance]\nweight_deposit = 0\n").is_ok());
        assert!(parse("[performance]\nweight_loan = -0.1\n").is_err());
        assert!(parse("[performance]\ncompletion_cap = 0.9\n").is_err());

        // validate() on a struct built in code.
        let mut c = Config::default();
        c.churn.level_yellow = 60;
        let e = c.validate().unwrap_err();
        assert_eq!(e.key(), Some("churn.level_yellow"));
        assert_eq!(e.line(), None);
    }

    #[test]
    fn config_wrong_type_names_key() {
        let e = err("[churn]\nlevel_red = \"high\"\n");
        assert_eq!(e.key(), Some("churn.level_red"));
        assert_eq!(e.line(), Some(2));
        assert_eq!(e.value(), Some("\"high\""));
        assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::WholeNumber, .. }));
        assert!(e.message_en().contains("churn.level_red"), "{}", e.message_en());

        let e = err("[churn]\nlevel_red = 70.5\n");
        assert_eq!(e.key(), Some("churn.level_red"));
        let e = err("[churn]\nlevel_red = -1\n");
        assert_eq!(e.key(), Some("churn.level_red"));

        let e = err("[report]\nmask = \"yes\"\n");
        assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Bool, .. }));

        let e = err("[report]\nlang = \"fr\"\n");
        assert_eq!(e.key(), Some("report.lang"));
        assert!(e.message_en().contains("\"zh-CN\""), "{}", e.message_en());

        let e = err("[contribution]\ndeposit_spread = \"1.5%\"\n");
        assert_eq!(e.key(), Some("contribution.deposit_spread"));
        assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Number, .. }));

        let e = err("tiers = 3\n");
        assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Table, .. }));
        assert_eq!(e.key(), Some("tiers"));
    }

    #[test]
    fn config_earliest_error_wins() {
        let e = err("[report]\nlang = \"xx\"\n[tiers]\nvip_shar = 1\n");
        assert_eq!(e.key(), Some("report.lang"));
        let e = err("[tiers]\nvip_shar = 1\n[report]\nlang = \"xx\"\n");
        assert_eq!(e.key(), Some("tiers.vip_shar"));
    }

    #[test]
    fn config_syntax_error_has_line() {
        let e = err("[report]\nmask = true\nlang = \n");
        assert!(matches!(e, ConfigError::Toml { .. }));
        assert_eq!(e.line(), Some(3));
        assert_eq!(e.key(), None);
        assert!(!e.message_en().is_empty());
        assert!(e.message_zh().contains("TOML"));
    }

    #[test]
    fn config_chinese_message_names_key() {
        let e = err("[churn]\nlevel_red = 150\n");
        let zh = e.message_zh();
        assert!(!zh.is_empty());
        assert!(zh.contains("churn.level_red") && zh.contains("150") && zh.contains("第 2 行"), "{zh}");
        assert!(zh.contains("超出范围"), "{zh}");
        assert_eq!(e.message(Lang::ZhCn), zh);
        assert_eq!(e.to_string(), e.message_en());

        let e = err("[tiers]\nvip_shar = 0.1\n");
        let zh = e.message_zh();
        assert!(zh.contains("tiers.vip_shar") && zh.contains("未知"), "{zh}");

        let e = err("[report]\nunit = \"jiao\"\n");
        let zh = e.message_zh();
        assert!(zh.contains("report.unit") && zh.contains("\"wan\""), "{zh}");
    }

    #[test]
    fn config_edit_distance() {
        assert_eq!(edit_distance("vip_shar", "vip_share"), 1);
        assert_eq!(edit_distance("lagn", "lang"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn config_line_scanner() {
        let text = "# c\n[a]\nx = \"\"\"\ny = 1\n\"\"\"\nz = [\n  1,\n]\ny = 2\n[a.b]\nq = 1\n";
        let p = |s: &str| split_path(s);
        assert_eq!(line_of_key(text, &p("a.y")), Some(9));
        assert_eq!(line_of_key(text, &p("a.b.q")), Some(11));
        assert_eq!(line_of_key(text, &p("a.b")), Some(10));
        assert_eq!(line_of_key(text, &p("a.nope")), None);
        assert_eq!(line_of_key("\"a\" . b = 1\n", &p("a.b")), Some(1));
    }

    const CHURN_MODEL: &str = "[churn_model]\nhorizon = 3\nintercept = -2.5\nfeatures = [\"funds_drop\", \"corporate\"]\nweights = [3.0, -0.25]\n";

    #[test]
    fn config_churn_model_section_parses_and_round_trips() {
        let c = parse(CHURN_MODEL).unwrap();
        let m = c.churn_model.clone().unwrap();
        assert_eq!(m.features, vec!["funds_drop".to_string(), "corporate".to_string()]);
        assert_eq!(m.weights, vec![3.0, -0.25]);
        assert_eq!(c.credit_scorecard, None);
        let text = toml::to_string(&c).unwrap();
        assert_eq!(parse(&text), Ok(c));
        // Without the section nothing is written for it.
        assert!(!toml::to_string(&Config::default()).unwrap().contains("churn_model"));
    }

    #[test]
    fn config_churn_model_unknown_feature_names_the_key() {
        let e = err(&CHURN_MODEL.replace("\"corporate\"", "\"corprate\""));
        assert_eq!(e.key(), Some("churn_model.features[1]"));
        assert_eq!(e.line(), Some(4));
        assert_eq!(e.value(), Some("\"corprate\""));
        assert!(e.message_en().contains("\"funds_drop\""), "{}", e.message_en());
        assert!(e.message_zh().contains("churn_model.features[1]"), "{}", e.message_zh());
        let e = err(&CHURN_MODEL.replace("[3.0, -0.25]", "[3.0]"));
        assert_eq!(e.key(), Some("churn_model.weights"));
        assert_eq!(
            e.message_en(),
            "config key churn_model.weights = 1 values (line 5) is not valid: expected one weight per feature"
        );
        let e = err(&CHURN_MODEL.replace("horizon", "horizn"));
        assert_eq!(e.key(), Some("churn_model.horizn"));
        assert!(e.message_en().contains("did you mean churn_model.horizon?"), "{}", e.message_en());
    }

    #[test]
    fn config_credit_scorecard_section_is_checked() {
        let text = "[credit_scorecard]\nbase_score = 600.0\nbase_odds = 50.0\npdo = 20.0\nintercept = -3.0\nbase_points = 573.7\n\n\
                    [[credit_scorecard.features]]\nname = \"overdue_days\"\ncoefficient = -0.9\n\n\
                    [[credit_scorecard.features.bins]]\nkind = \"range\"\nupper = 0.0\nwoe = 0.4\npoints = 10.4\n\n\
                    [[credit_scorecard.features.bins]]\nkind = \"range\"\nwoe = -1.2\npoints = -31.2\n";
        let c = parse(text).unwrap();
        let sc = c.credit_scorecard.clone().unwrap();
        assert_eq!(sc.features[0].bins.len(), 2);
        assert_eq!(parse(&toml::to_string(&c).unwrap()), Ok(c));
        let e = err(&text.replace("overdue_days", "overdue"));
        assert_eq!(e.key(), Some("credit_scorecard.features[0].name"));
        let e = err(&text.replace("pdo = 20.0", "pdo = 0.0"));
        assert_eq!(e.key(), Some("credit_scorecard.pdo"));
        assert_eq!(e.line(), Some(4));
    }
}
