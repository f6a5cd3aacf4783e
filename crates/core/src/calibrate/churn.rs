//! The churn model (流失模型) fitted on the bank's own history.
//!
//! **Label.** A customer present in period `t` (a position in `P`) *churns* when, within the next
//! `horizon` positions (default 3), it is missing from a period, or its funds (deposit_avg + aum)
//! in one of them are at most `1 − funds_fall` (default 20%) of its funds in `t` (only when those
//! are > 0). Periods `t` whose next `horizon` positions are not all in the data are not labelled.
//!
//! **Features** of a customer in `t` ([`FEATURES`], all numeric): the ratios behind the warning
//! signals (funds drop and transaction drop against the `churn.baseline_window` positions before
//! `t`, products lost since the position before, months since the last contact, complaints over
//! `churn.complaints_window`), tenure, size of funds, product count, value tier, kind, and the
//! eleven rule-based warning signals as 0/1 flags (as computed by
//! [`crate::metrics::customer::customer_metrics`] with the configured rules).
//!
//! **Split.** Time-based: the latest `test_periods` labelled periods are the test set; training
//! uses the labelled periods whose outcome window ends no later than the first test period (so no
//! training label looks into the test months), from the second period of the data on.
//!
//! **Model.** L2-regularised logistic regression on standardised features
//! ([`super::logistic`]); the weights written to `[churn_model]` apply to the raw features.
//! [`predict`] scores the customers of a period with the configured model; the rule-based
//! points stay the default warning and the fixed score CSV contract is unchanged.

use serde::{Deserialize, Serialize};

use super::logistic::{self, FitOptions};
use super::{Backtest, CalibrateError, ModelKind, Weight};
use crate::config::Config;
use crate::metrics::customer::{customer_metrics, Reason, Tier};
use crate::model::{CustomerRow, Dataset, Kind, Period, Sym};
use branchlens_i18n::Msg;

/// A feature of the churn model: its name (as written in `[churn_model] features`) and meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureDef {
    pub name: &'static str,
    /// What it measures (`churn_feature_<name>` in `messages/calibrate.toml`).
    pub meaning: Msg,
}

const fn f(name: &'static str, meaning: Msg) -> FeatureDef {
    FeatureDef { name, meaning }
}

/// Number of churn features.
pub const N_FEATURES: usize = 23;

/// Every churn feature, in the order of a feature vector.
pub const FEATURES: [FeatureDef; N_FEATURES] = [
    f("funds_drop", Msg::ChurnFeatureFundsDrop),
    f("txn_drop", Msg::ChurnFeatureTxnDrop),
    f("products_lost", Msg::ChurnFeatureProductsLost),
    f("product_count", Msg::ChurnFeatureProductCount),
    f("months_since_contact", Msg::ChurnFeatureMonthsSinceContact),
    f("complaints", Msg::ChurnFeatureComplaints),
    f("tenure_years", Msg::ChurnFeatureTenureYears),
    f("log_funds", Msg::ChurnFeatureLogFunds),
    f("tier_vip", Msg::ChurnFeatureTierVip),
    f("tier_key", Msg::ChurnFeatureTierKey),
    f("tier_below_cost", Msg::ChurnFeatureTierBelowCost),
    f("corporate", Msg::ChurnFeatureCorporate),
    f("signal_funds30", Msg::ChurnFeatureSignalFunds30),
    f("signal_funds60", Msg::ChurnFeatureSignalFunds60),
    f("signal_txn0", Msg::ChurnFeatureSignalTxn0),
    f("signal_txn50", Msg::ChurnFeatureSignalTxn50),
    f("signal_product_lost", Msg::ChurnFeatureSignalProductLost),
    f("signal_no_contact90", Msg::ChurnFeatureSignalNoContact90),
    f("signal_no_contact180", Msg::ChurnFeatureSignalNoContact180),
    f("signal_manager_left", Msg::ChurnFeatureSignalManagerLeft),
    f("signal_unassigned", Msg::ChurnFeatureSignalUnassigned),
    f("signal_complaints1", Msg::ChurnFeatureSignalComplaints1),
    f("signal_complaints3", Msg::ChurnFeatureSignalComplaints3),
];

/// Index of the first signal flag in [`FEATURES`] (flags follow in [`Reason::ALL`] order).
const SIGNALS: usize = 12;

/// The meaning of a churn feature (`None` for an unknown name).
pub fn meaning(name: &str) -> Option<Msg> {
    FEATURES.iter().find(|d| d.name == name).map(|d| d.meaning)
}

/// A churn feature vector, in [`FEATURES`] order.
pub type Features = [f64; N_FEATURES];

/// The fitted churn model: what `[churn_model]` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnModel {
    /// Periods ahead the probability looks (the label's horizon when fitted). 1–12.
    pub horizon: u32,
    pub intercept: f64,
    /// Feature names, from [`FEATURES`].
    pub features: Vec<String>,
    /// One weight per feature, on the raw feature scale.
    pub weights: Vec<f64>,
}

impl ChurnModel {
    /// Checks names, lengths and numbers. Returns (key path, value, problem) of the first fault.
    pub fn check(&self, section: &str) -> Option<(String, String, Msg)> {
        if !(1..=12).contains(&self.horizon) {
            return Some((format!("{section}.horizon"), self.horizon.to_string(), Msg::ExpectedHorizon));
        }
        if !self.intercept.is_finite() {
            return Some((format!("{section}.intercept"), self.intercept.to_string(), Msg::ExpectedFiniteNumber));
        }
        for (i, name) in self.features.iter().enumerate() {
            if !FEATURES.iter().any(|d| d.name == name) {
                return Some((format!("{section}.features[{i}]"), format!("\"{name}\""), Msg::ExpectedChurnFeature));
            }
            if self.features[..i].contains(name) {
                return Some((format!("{section}.features[{i}]"), format!("\"{name}\""), Msg::ExpectedListedOnce));
            }
        }
        if self.weights.len() != self.features.len() {
            return Some((
                format!("{section}.weights"),
                format!("{} values", self.weights.len()),
                Msg::ExpectedWeightPerFeature,
            ));
        }
        if let Some(i) = self.weights.iter().position(|w| !w.is_finite()) {
            return Some((format!("{section}.weights[{i}]"), self.weights[i].to_string(), Msg::ExpectedFiniteNumber));
        }
        None
    }

    /// P(churn within `horizon` periods) of a feature vector: the pure scoring function the
    /// explorer calls. Unknown names (rejected by [`ChurnModel::check`]) count 0.
    pub fn score(&self, x: &Features) -> f64 {
        let mut eta = self.intercept;
        for (name, w) in self.features.iter().zip(&self.weights) {
            if let Some(k) = FEATURES.iter().position(|d| d.name == name) {
                eta += w * x[k];
            }
        }
        logistic::sigmoid(eta)
    }
}

/// Rows of a customer-sorted period slice.
fn find(rows: &[CustomerRow], c: Sym) -> Option<&CustomerRow> {
    rows.binary_search_by_key(&c, |r| r.customer).ok().and_then(|i| rows.get(i))
}

/// The churn features of every customer present in `as_of` (customer-sorted). Empty when
/// `as_of` is not a period of the data.
pub fn features_at(ds: &Dataset, cfg: &Config, as_of: Period) -> Vec<(Sym, Features)> {
    let Some(l) = ds.period_index(as_of) else {
        return Vec::new();
    };
    let metrics = customer_metrics(ds, cfg, as_of);
    let window = |len: u32, end: usize| -> Vec<&[CustomerRow]> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        ds.periods[end.saturating_sub(len)..end].iter().map(|&p| ds.rows_in(p)).collect()
    };
    let base = window(cfg.churn.baseline_window, l);
    let compl = window(cfg.churn.complaints_window, l + 1);
    let prev: &[CustomerRow] = if l > 0 { ds.rows_in(ds.periods[l - 1]) } else { &[] };
    let end_day = i64::from(as_of.last_day().0);
    metrics
        .customers
        .iter()
        .filter_map(|m| {
            let r = ds.customers.get(m.row)?;
            let mut x = [0.0; N_FEATURES];
            let (mut k, mut funds, mut txn) = (0u32, 0i128, 0u64);
            for rows in &base {
                if let Some(b) = find(rows, r.customer) {
                    k += 1;
                    funds += i128::from(b.funds().0);
                    txn += u64::from(b.txn_count);
                }
            }
            if k > 0 && funds > 0 {
                // 1 − f/f_prev = (Σf − k·f)/Σf.
                let num = funds - i128::from(k) * i128::from(r.funds().0);
                x[0] = (num as f64 / funds as f64).clamp(-1.0, 1.0);
            }
            if k > 0 && txn > 0 {
                let t_prev = txn as f64 / f64::from(k);
                x[1] = (1.0 - f64::from(r.txn_count) / t_prev).clamp(-1.0, 1.0);
            }
            if let Some(p) = find(prev, r.customer) {
                x[2] = f64::from(p.products.minus(r.products).len());
            }
            x[3] = f64::from(r.products.len());
            x[4] = r.last_contact.map_or(24.0, |d| ((end_day - i64::from(d.0)).max(0) as f64 / 30.4375).min(24.0));
            x[5] = compl
                .iter()
                .filter_map(|rows| find(rows, r.customer))
                .map(|c| f64::from(c.complaints.unwrap_or(0)))
                .sum();
            x[6] = ((end_day - i64::from(r.open_date.0)).max(0) as f64) / 365.25;
            x[7] = (1.0 + r.funds().yuan().max(0.0)).log10();
            x[8] = f64::from(u8::from(m.tier == Tier::Vip));
            x[9] = f64::from(u8::from(m.tier == Tier::Key));
            x[10] = f64::from(u8::from(m.tier == Tier::BelowCost));
            x[11] = f64::from(u8::from(r.kind == Kind::Corporate));
            for (j, reason) in Reason::ALL.iter().enumerate() {
                x[SIGNALS + j] = f64::from(u8::from(m.reasons.contains(*reason)));
            }
            Some((m.customer, x))
        })
        .collect()
}

/// The churn label of every customer present in position `t` (customer-sorted), or `None`
/// when the next `horizon` positions are not all in the data.
pub fn labels_at(ds: &Dataset, t: usize, horizon: usize, funds_fall: f64) -> Option<Vec<(Sym, bool)>> {
    if t + horizon >= ds.periods.len() {
        return None;
    }
    let now = ds.rows_in(ds.periods[t]);
    let later: Vec<&[CustomerRow]> = (1..=horizon).map(|k| ds.rows_in(ds.periods[t + k])).collect();
    // Exact: funds ≤ keep·f0 compared in integers, keep in parts per million.
    let keep = ((1.0 - funds_fall.clamp(0.0, 1.0)) * 1e6).round() as i128;
    Some(
        now.iter()
            .map(|r| {
                let f0 = r.funds().0;
                let churn = later.iter().any(|rows| match find(rows, r.customer) {
                    None => true,
                    Some(x) => f0 > 0 && i128::from(x.funds().0) * 1_000_000 <= keep * i128::from(f0),
                });
                (r.customer, churn)
            })
            .collect(),
    )
}

/// Churn calibration settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChurnOptions {
    /// Positions ahead in the label. Default 3.
    pub horizon: usize,
    /// Funds fall that counts as churn (fraction). Default 0.8.
    pub funds_fall: f64,
    /// Latest labelled periods held out for the test. Default 2.
    pub test_periods: usize,
    /// L2 penalty on the standardised weights. Default 1.
    pub l2: f64,
}

impl Default for ChurnOptions {
    fn default() -> Self {
        ChurnOptions { horizon: 3, funds_fall: 0.8, test_periods: 2, l2: 1.0 }
    }
}

/// A fitted churn model and its backtests.
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnCalibration {
    pub model: ChurnModel,
    /// The fitted model on the test periods.
    pub backtest: Backtest,
    /// The rule-based points (`churn_points / churn.cap` as the score) on the same test rows.
    pub rules: Backtest,
    pub train_periods: Vec<Period>,
    pub test_periods: Vec<Period>,
}

/// The rows of the time-based split (see the module docs): feature vectors (flattened, in
/// [`FEATURES`] order), labels and rule-based scores (`churn_points / churn.cap`).
struct SplitRows {
    x_train: Vec<f64>,
    y_train: Vec<bool>,
    rule_train: Vec<f64>,
    x_test: Vec<f64>,
    y_test: Vec<bool>,
    rule_test: Vec<f64>,
    train_pos: Vec<usize>,
    test_pos: Vec<usize>,
    split: String,
}

/// Labels, features and the split of `ds` with the options `o`: what [`calibrate_churn`] fits
/// on and what [`backtest_model`] measures a configured model on.
fn split_rows(ds: &Dataset, cfg: &Config, o: &ChurnOptions) -> Result<SplitRows, CalibrateError> {
    let h = o.horizon.max(1);
    let tp = o.test_periods.max(1);
    let n = ds.periods.len();
    let need = 2 * h + tp + 1;
    if n < need {
        return Err(CalibrateError::NotEnoughPeriods { have: n, need });
    }
    let last_labelled = n - 1 - h;
    let first_test = last_labelled + 1 - tp;
    let train_pos: Vec<usize> = (1..=first_test - h).collect();
    let test_pos: Vec<usize> = (first_test..=last_labelled).collect();

    let collect = |positions: &[usize]| -> (Vec<f64>, Vec<bool>, Vec<f64>) {
        let (mut x, mut y, mut rule) = (Vec::new(), Vec::new(), Vec::new());
        for &t in positions {
            let p = ds.periods[t];
            let Some(labels) = labels_at(ds, t, h, o.funds_fall) else { continue };
            let feats = features_at(ds, cfg, p);
            let points = customer_metrics(ds, cfg, p);
            // Both lists are customer-sorted over the same rows of `t`.
            for ((c, fx), (lc, l)) in feats.iter().zip(&labels) {
                debug_assert_eq!(c, lc);
                x.extend_from_slice(fx);
                y.push(*l);
                let pts = points.get(*c).map_or(0, |m| m.churn_points);
                rule.push(f64::from(pts) / f64::from(cfg.churn.cap.max(1)));
            }
        }
        (x, y, rule)
    };
    let (x_train, y_train, rule_train) = collect(&train_pos);
    let (x_test, y_test, rule_test) = collect(&test_pos);
    for (what, y) in [("training", &y_train), ("test", &y_test)] {
        let events = y.iter().filter(|&&l| l).count() as u64;
        if y.is_empty() {
            return Err(CalibrateError::NoRows { what: format!("no {what} rows") });
        }
        if events == 0 || events == y.len() as u64 {
            return Err(CalibrateError::OneClass { what: what.into(), rows: y.len() as u64, events });
        }
    }
    let span = |pos: &[usize]| match (pos.first(), pos.last()) {
        (Some(&a), Some(&b)) => format!("{}..{}", ds.periods[a], ds.periods[b]),
        _ => String::new(),
    };
    let split = format!(
        "time-based: train {} (outcomes to {}), test {}",
        span(&train_pos),
        ds.periods[first_test],
        span(&test_pos)
    );
    Ok(SplitRows { x_train, y_train, rule_train, x_test, y_test, rule_test, train_pos, test_pos, split })
}

/// Fits the churn model on `ds` and backtests it on the latest labelled periods.
pub fn calibrate_churn(ds: &Dataset, cfg: &Config, o: &ChurnOptions) -> Result<ChurnCalibration, CalibrateError> {
    let s = split_rows(ds, cfg, o)?;
    let yf: Vec<f64> = s.y_train.iter().map(|&l| f64::from(u8::from(l))).collect();
    let fit = logistic::fit(&s.x_train, N_FEATURES, &yf, &FitOptions { l2: o.l2, ..FitOptions::default() })?;
    let model = ChurnModel {
        horizon: u32::try_from(o.horizon.max(1)).unwrap_or(u32::MAX),
        intercept: fit.intercept,
        features: FEATURES.iter().map(|d| d.name.to_string()).collect(),
        weights: fit.weights.clone(),
    };
    Ok(measure_model(ds, model, s))
}

/// The backtest of a configured churn model (e.g. the `[churn_model]` in force) on the split
/// [`calibrate_churn`] uses, with the model's horizon as the label horizon (the other options
/// from `o`): nothing is refitted, the model's own weights score the held-out periods.
pub fn backtest_model(
    ds: &Dataset,
    cfg: &Config,
    model: &ChurnModel,
    o: &ChurnOptions,
) -> Result<ChurnCalibration, CalibrateError> {
    let o = ChurnOptions { horizon: usize::try_from(model.horizon).unwrap_or(usize::MAX), ..*o };
    let s = split_rows(ds, cfg, &o)?;
    Ok(measure_model(ds, model.clone(), s))
}

/// Scores the split's rows with `model` and measures it and the rule-based points.
fn measure_model(ds: &Dataset, model: ChurnModel, s: SplitRows) -> ChurnCalibration {
    let score = |x: &[f64]| -> Vec<f64> {
        x.chunks_exact(N_FEATURES)
            .map(|c| {
                let mut fx = [0.0; N_FEATURES];
                fx.copy_from_slice(c);
                model.score(&fx)
            })
            .collect()
    };
    let s_train = score(&s.x_train);
    let s_test = score(&s.x_test);
    let weights: Vec<Weight> =
        model.features.iter().zip(&model.weights).map(|(name, &w)| Weight::new(name, w, meaning(name))).collect();
    let backtest = Backtest::measure(
        ModelKind::Logistic,
        s.split.clone(),
        &s_train,
        &s.y_train,
        &s_test,
        &s.y_test,
        model.intercept,
        weights,
    );
    let rules = Backtest::measure(
        ModelKind::Logistic,
        s.split,
        &s.rule_train,
        &s.y_train,
        &s.rule_test,
        &s.y_test,
        0.0,
        Vec::new(),
    );
    ChurnCalibration {
        model,
        backtest,
        rules,
        train_periods: s.train_pos.iter().map(|&t| ds.periods[t]).collect(),
        test_periods: s.test_pos.iter().map(|&t| ds.periods[t]).collect(),
    }
}

/// P(churn) of every customer present in `as_of` with the configured `[churn_model]`
/// (customer-sorted); empty when no model is configured or `as_of` is not in the data.
pub fn predict(ds: &Dataset, cfg: &Config, as_of: Period) -> Vec<(Sym, f64)> {
    match &cfg.churn_model {
        Some(model) => predict_with(ds, cfg, model, as_of),
        None => Vec::new(),
    }
}

/// [`predict`] with an explicit model.
pub fn predict_with(ds: &Dataset, cfg: &Config, model: &ChurnModel, as_of: Period) -> Vec<(Sym, f64)> {
    features_at(ds, cfg, as_of).into_iter().map(|(c, x)| (c, model.score(&x))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::customer::fixture::{load, Row, MANAGERS};

    #[test]
    fn churn_features_hand_computed() {
        // C1: funds 1000, 1000, 1000 then 400 in 2026-04 → drop = (3000 − 3·400)/3000 = 0.6;
        // txn 10, 10, 10 then 2 → 1 − 2/10 = 0.8; products deposit;card → deposit: 1 lost.
        let mut rows = Vec::new();
        for p in ["2026-01", "2026-02", "2026-03"] {
            rows.push(Row::new(p, "C1").funds(1000, 0).txn(10).products("deposit;card"));
            rows.push(Row::new(p, "C2").funds(500, 0).txn(1));
        }
        rows.push(Row::new("2026-04", "C1").funds(400, 0).txn(2).products("deposit").complaints("2"));
        rows.push(Row::new("2026-04", "C2").funds(500, 0).txn(1).corporate());
        let ds = load(&rows, MANAGERS);
        let p = Period::parse("2026-04").expect("period");
        let f = features_at(&ds, &Config::default(), p);
        assert_eq!(f.len(), 2);
        let x = &f[0].1;
        assert!((x[0] - 0.6).abs() < 1e-12, "{x:?}");
        assert!((x[1] - 0.8).abs() < 1e-12);
        assert_eq!(x[2], 1.0);
        assert_eq!(x[3], 1.0);
        // Last contact 2026-04-01, end of April 2026-04-30: 29 days = 0.953 months.
        assert!((x[4] - 29.0 / 30.4375).abs() < 1e-12);
        assert_eq!(x[5], 2.0);
        assert!((x[7] - 401f64.log10()).abs() < 1e-12);
        // FUNDS60, TXN50, PRODUCT_LOST and COMPLAINTS1 fired.
        let fired: Vec<&str> = (0..11).filter(|&j| x[SIGNALS + j] == 1.0).map(|j| FEATURES[SIGNALS + j].name).collect();
        assert_eq!(fired, vec!["signal_funds60", "signal_txn50", "signal_product_lost", "signal_complaints1"]);
        assert_eq!(f[1].1[11], 1.0); // C2 corporate
        assert_eq!(f[1].1[0], 0.0); // no drop
    }

    #[test]
    fn churn_labels_hand_computed() {
        // C1 leaves after 2026-02; C2's funds fall from 1000 to 200 (−80%) in 2026-04;
        // C3 falls to 201 (−79.9%); C4 stays.
        let mut rows = Vec::new();
        for (i, p) in ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"].iter().enumerate() {
            if i < 2 {
                rows.push(Row::new(p, "C1").funds(1000, 0));
            }
            rows.push(Row::new(p, "C2").funds(if i == 3 { 200 } else { 1000 }, 0));
            rows.push(Row::new(p, "C3").funds(if i == 3 { 201 } else { 1000 }, 0));
            rows.push(Row::new(p, "C4").funds(0, 0));
        }
        let ds = load(&rows, MANAGERS);
        let at = |t| labels_at(&ds, t, 3, 0.8).expect("labelled");
        let names =
            |v: Vec<(Sym, bool)>| v.into_iter().map(|(c, l)| (ds.customer_id(c).to_string(), l)).collect::<Vec<_>>();
        // t = 2026-01: window 02..04 → C1 missing in 03, C2 at 20%.
        assert_eq!(
            names(at(0)),
            vec![("C1".into(), true), ("C2".into(), true), ("C3".into(), false), ("C4".into(), false)]
        );
        // t = 2026-02: window 03..05.
        assert_eq!(names(at(1))[0], ("C1".into(), true));
        // t = 2026-03: window 04..06 — 06 is not in the data.
        assert!(labels_at(&ds, 2, 3, 0.8).is_none());
    }

    #[test]
    fn churn_predict_uses_the_configured_model() {
        let rows = vec![
            Row::new("2026-01", "C1").funds(1000, 0),
            Row::new("2026-02", "C1").funds(100, 0),
            Row::new("2026-02", "C2").funds(100, 0),
        ];
        let ds = load(&rows, MANAGERS);
        let p = Period::parse("2026-02").expect("period");
        let mut cfg = Config::default();
        assert!(predict(&ds, &cfg, p).is_empty());
        // σ(−1 + 2·funds_drop): C1 drop = 1 − 100/1000 = 0.9 → σ(0.8); C2 no baseline → σ(−1).
        cfg.churn_model =
            Some(ChurnModel { horizon: 3, intercept: -1.0, features: vec!["funds_drop".into()], weights: vec![2.0] });
        let got = predict(&ds, &cfg, p);
        assert_eq!(got.len(), 2);
        assert!((got[0].1 - logistic::sigmoid(0.8)).abs() < 1e-12, "{got:?}");
        assert!((got[1].1 - logistic::sigmoid(-1.0)).abs() < 1e-12);
        assert!(predict(&ds, &cfg, Period::parse("2030-01").expect("period")).is_empty());
    }

    #[test]
    fn churn_calibration_needs_enough_periods() {
        let rows = vec![Row::new("2026-01", "C1"), Row::new("2026-02", "C1")];
        let ds = load(&rows, MANAGERS);
        let e = calibrate_churn(&ds, &Config::default(), &ChurnOptions::default()).expect_err("too short");
        assert_eq!(e, CalibrateError::NotEnoughPeriods { have: 2, need: 9 });
    }

    #[test]
    fn churn_model_check_and_score() {
        let m = ChurnModel {
            horizon: 3,
            intercept: -2.0,
            features: vec!["funds_drop".into(), "corporate".into()],
            weights: vec![3.0, 0.5],
        };
        assert_eq!(m.check("churn_model"), None);
        let mut x = [0.0; N_FEATURES];
        x[0] = 0.5;
        x[11] = 1.0;
        // σ(−2 + 3·0.5 + 0.5·1) = σ(0) = 0.5.
        assert_eq!(m.score(&x), 0.5);
        let bad = ChurnModel { features: vec!["funds_dorp".into(), "corporate".into()], ..m.clone() };
        assert_eq!(
            bad.check("churn_model"),
            Some(("churn_model.features[0]".into(), "\"funds_dorp\"".into(), Msg::ExpectedChurnFeature))
        );
        let short = ChurnModel { weights: vec![1.0], ..m };
        assert_eq!(short.check("churn_model").map(|e| e.0), Some("churn_model.weights".into()));
    }
}
