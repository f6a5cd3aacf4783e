//! Validation: the ranges of the values and the relations between keys ([`Config::validate`]),
//! and the checks of the fitted model sections; each problem located on its line for
//! [`super::parse`].

use branchlens_i18n::Msg;

use super::error::{fmt_num, Constraint};
use super::location::KeyLines;
use super::{
    ChurnConfig, Config, ConfigError, ContributionConfig, DataQualityConfig, Expected, PerformanceConfig,
    ProvisionRates, RiskConfig, TiersConfig,
};

/// A fraction: `[0, 1]`.
const UNIT: (f64, f64) = (0.0, 1.0);
/// The points of one churn signal.
const POINTS: (u32, u32) = (0, 1000);

/// Every range, relation and model-section problem of `config`, each on its line in the text.
pub(super) fn located_violations(config: &Config, keys: &KeyLines<'_>) -> Vec<ConfigError> {
    let mut errors: Vec<ConfigError> = config.violations().into_iter().map(|e| locate_violation(keys, e)).collect();
    errors.extend(model_violations(config, keys));
    errors.extend(super::input::violations(&config.input, keys));
    errors.extend(super::values::located_violations(&config.values, keys));
    errors
}

impl Config {
    /// Checks ranges and the relations between keys; returns the first problem, in field order.
    /// Errors carry no line (see [`super::parse`], which adds it).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let values = self.values.violations().into_iter().map(|(_, e)| e);
        match self.violations().into_iter().chain(values).next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every range and relation problem, in field order.
    fn violations(&self) -> Vec<ConfigError> {
        let mut c = Checker::default();
        check_contribution(&mut c, &self.contribution);
        check_tiers(&mut c, &self.tiers);
        c.between("pareto.top_share", self.pareto.top_share, UNIT);
        check_churn(&mut c, &self.churn);
        check_risk(&mut c, &self.risk);
        check_provision(&mut c, &self.provision);
        check_performance(&mut c, &self.performance);
        c.between_u("cross_sell.embedded_min_products", self.cross_sell.embedded_min_products, (1, 100));
        check_data_quality(&mut c, &self.data_quality);
        c.errors
    }
}

fn check_contribution(c: &mut Checker, k: &ContributionConfig) {
    c.between("contribution.deposit_spread", k.deposit_spread, UNIT);
    c.between("contribution.loan_spread", k.loan_spread, UNIT);
    c.between("contribution.aum_fee_rate", k.aum_fee_rate, UNIT);
    c.at_least("contribution.cost_per_customer_retail", k.cost_per_customer_retail, 0.0);
    c.at_least("contribution.cost_per_customer_corporate", k.cost_per_customer_corporate, 0.0);
    c.at_least("contribution.cost_per_txn", k.cost_per_txn, 0.0);
    let r = &k.credit_cost_rate;
    c.between("contribution.credit_cost_rate.normal", r.normal, UNIT);
    c.between("contribution.credit_cost_rate.special", r.special, UNIT);
    c.between("contribution.credit_cost_rate.substandard", r.substandard, UNIT);
    c.between("contribution.credit_cost_rate.doubtful", r.doubtful, UNIT);
    c.between("contribution.credit_cost_rate.loss", r.loss, UNIT);
}

fn check_tiers(c: &mut Checker, t: &TiersConfig) {
    c.between("tiers.vip_share", t.vip_share, UNIT);
    c.between("tiers.key_share", t.key_share, UNIT);
    c.between_u("tiers.window", t.window, (1, 12));
    c.at_least("tiers.rising_factor", t.rising_factor, 1.0);
    c.at_most_key(("tiers.vip_share", t.vip_share), ("tiers.key_share", t.key_share));
}

fn check_churn(c: &mut Checker, ch: &ChurnConfig) {
    c.at_least("churn.funds_min_baseline", ch.funds_min_baseline, 0.0);
    c.between("churn.funds_drop_1", ch.funds_drop_1, UNIT);
    c.between_u("churn.funds_drop_1_points", ch.funds_drop_1_points, POINTS);
    c.between("churn.funds_drop_2", ch.funds_drop_2, UNIT);
    c.between_u("churn.funds_drop_2_points", ch.funds_drop_2_points, POINTS);
    c.at_least("churn.txn_min_baseline", ch.txn_min_baseline, 0.0);
    c.between_u("churn.txn_zero_points", ch.txn_zero_points, POINTS);
    c.between("churn.txn_half_ratio", ch.txn_half_ratio, UNIT);
    c.between_u("churn.txn_half_points", ch.txn_half_points, POINTS);
    c.between_u("churn.product_lost_points", ch.product_lost_points, POINTS);
    c.between_u("churn.no_contact_days_1", ch.no_contact_days_1, (1, 3650));
    c.between_u("churn.no_contact_1_points", ch.no_contact_1_points, POINTS);
    c.between_u("churn.no_contact_days_2", ch.no_contact_days_2, (1, 3650));
    c.between_u("churn.no_contact_2_points", ch.no_contact_2_points, POINTS);
    c.between_u("churn.manager_left_points", ch.manager_left_points, POINTS);
    c.between_u("churn.unassigned_points", ch.unassigned_points, POINTS);
    c.between_u("churn.complaints_window", ch.complaints_window, (1, 12));
    c.between_u("churn.complaints_1", ch.complaints_1, (1, 1000));
    c.between_u("churn.complaints_1_points", ch.complaints_1_points, POINTS);
    c.between_u("churn.complaints_2", ch.complaints_2, (1, 1000));
    c.between_u("churn.complaints_2_points", ch.complaints_2_points, POINTS);
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
    c.less_than_key(("churn.level_orange", f64::from(ch.level_orange)), ("churn.level_red", f64::from(ch.level_red)));
    c.at_most_key(("churn.level_red", f64::from(ch.level_red)), ("churn.cap", f64::from(ch.cap)));
}

fn check_risk(c: &mut Checker, rk: &RiskConfig) {
    c.between_u("risk.exit_doubtful_overdue_days", rk.exit_doubtful_overdue_days, (0, 3650));
    c.between_u("risk.doubtful_overdue_days", rk.doubtful_overdue_days, (0, 3650));
    c.between("risk.watch_funds_drop", rk.watch_funds_drop, UNIT);
}

fn check_provision(c: &mut Checker, p: &ProvisionRates) {
    c.between("provision.normal", p.normal, UNIT);
    c.between("provision.special", p.special, UNIT);
    c.between("provision.substandard", p.substandard, UNIT);
    c.between("provision.doubtful", p.doubtful, UNIT);
    c.between("provision.loss", p.loss, UNIT);
}

fn check_performance(c: &mut Checker, pf: &PerformanceConfig) {
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
    c.between("performance.promote_share", pf.promote_share, UNIT);
    c.at_least("performance.promote_min_score", pf.promote_min_score, 0.0);
    c.between("performance.review_share", pf.review_share, UNIT);
    c.at_least("performance.review_max_score", pf.review_max_score, 0.0);
    c.between_u("performance.anomaly_min_history", pf.anomaly_min_history, (1, 120));
    c.greater_than("performance.anomaly_z", pf.anomaly_z, 0.0);
    c.at_least("performance.anomaly_jump_ratio", pf.anomaly_jump_ratio, 0.0);
    c.at_least("performance.anomaly_branch_ratio", pf.anomaly_branch_ratio, 0.0);
    c.between("performance.key_person_share", pf.key_person_share, UNIT);
    c.positive_sum("performance", &weights);
    c.at_most_key(
        ("performance.review_max_score", pf.review_max_score),
        ("performance.promote_min_score", pf.promote_min_score),
    );
}

fn check_data_quality(c: &mut Checker, dq: &DataQualityConfig) {
    c.between("data_quality.max_bad_row_ratio", dq.max_bad_row_ratio, UNIT);
    c.between("data_quality.split_share_tolerance", dq.split_share_tolerance, (0.0, 0.5));
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
/// Adds the line to a range problem; for a relation between two keys of which only the other
/// one is written in the file, reports it on that other key instead.
fn locate_violation(keys: &KeyLines<'_>, err: ConfigError) -> ConfigError {
    let ConfigError::OutOfRange { key, value, constraint, .. } = err else {
        return err;
    };
    let line = keys.line_of(&key);
    if line.is_none() {
        if let Some((other_key, other_value, flipped)) = constraint.flipped(&key, &value) {
            let other_line = keys.line_of(&other_key);
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

/// Problems of the model sections: unknown feature names, lengths, numbers.
fn model_violations(config: &Config, keys: &KeyLines<'_>) -> Vec<ConfigError> {
    let mut out = Vec::new();
    let mut push = |(key, value, problem): (String, String, Msg), names: &[&str]| {
        // `churn_model.features[2]` is written on the line of `features`.
        let path: Vec<String> = key.split('.').map(|p| p.split('[').next().unwrap_or(p).to_string()).collect();
        let expected = if matches!(problem, Msg::ExpectedChurnFeature | Msg::ExpectedCreditFeature) {
            Expected::OneOf(names.iter().map(|n| (*n).to_string()).collect())
        } else {
            Expected::Described(problem)
        };
        out.push(ConfigError::InvalidValue { line: keys.line(&path), key, value, expected });
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
                (format!("credit_scorecard.features[{i}].name"), format!("\"{}\"", f.name), Msg::ExpectedCreditFeature),
                &names,
            );
        } else if let Some(e) = crate::calibrate::scorecard::check(sc, "credit_scorecard") {
            push(e, &names);
        }
    }
    out
}
