//! The configuration's types and their documented defaults: [`Config`] and one struct per
//! `[section]` of `branchlens.toml`, plus the report options [`Lang`] and [`Unit`].

use std::fmt;

use serde::{Deserialize, Serialize};

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
    /// `[values.*]`: value maps, a value of the bank's export = the contract value (optional;
    /// not serialized when empty).
    #[serde(default, skip_serializing_if = "super::ValueMaps::is_empty")]
    pub values: super::ValueMaps,
    /// `[churn_model]`: a churn model fitted by `branchlens calibrate --target churn`
    /// (optional; absent = only the rule-based churn points are in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn_model: Option<crate::calibrate::churn::ChurnModel>,
    /// `[credit_scorecard]`: a points scorecard fitted by `branchlens calibrate --target credit`
    /// (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_scorecard: Option<crate::calibrate::scorecard::Scorecard>,
    /// `[input.*]`: the files of each table and how to read them (optional; absent = the
    /// contract files).
    #[serde(default, skip_serializing_if = "super::InputConfig::is_default")]
    pub input: super::InputConfig,
}

/// Report language: [`branchlens_i18n::Lang`] (TOML values `"en"` and `"zh-CN"`), the
/// language of the message table; re-exported here as `config::Lang`.
pub use branchlens_i18n::Lang;

/// Serde form of [`Lang`] (its TOML spelling): the i18n crate has no dependencies.
mod lang_serde {
    use super::Lang;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, &Lang::CHOICES))
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
    #[serde(with = "lang_serde")]
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

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
