//! Points scorecards (评分卡) on WoE bins.
//!
//! A logistic regression of "bad" on the WoE of each selected feature,
//! `logit P(bad) = β₀ + Σ_j β_j·WoE_j(x)`, is turned into points with the standard scaling: a
//! score of `base_score` at good:bad odds `base_odds`, and `pdo` more points for each doubling
//! of the odds. With `factor = pdo / ln 2` and `offset = base_score − factor·ln(base_odds)`:
//!
//! ```text
//! score = offset + factor·ln(odds good) = base_points + Σ_j points_j(bin)
//! base_points      = offset − factor·β₀
//! points_j(bin)    = −factor·β_j·WoE_j(bin)
//! P(bad | score)   = 1 / (1 + exp((score − offset) / factor))
//! ```
//!
//! Defaults 600 points at 50:1 and 20 points to double the odds: factor = 28.8539,
//! offset = 600 − 28.8539·ln 50 = 487.1229.
//!
//! Features enter by information value (≥ `min_iv`, best first, at most `max_features`); since a
//! higher WoE means lower risk, a feature whose fitted coefficient is not negative (a collinear
//! feature pulling the wrong way) is dropped and the model refitted.

use branchlens_i18n::Msg;
use serde::{Deserialize, Serialize};

use super::logistic::{self, FitOptions, LogisticFit};
use super::woe::{bin_feature, bin_of, BinKind, BinOptions, BinRule, Binning};
use super::{metrics, Backtest, CalibrateError, Column, FeatureIv, FeatureValue, ModelKind, ScorecardRow, Weight};

/// The points scaling.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    /// Score at `base_odds`. Default 600.
    pub base_score: f64,
    /// Good:bad odds at `base_score`. Default 50 (50:1).
    pub base_odds: f64,
    /// Points to double the odds. Default 20.
    pub pdo: f64,
}

impl Default for Scaling {
    fn default() -> Self {
        Scaling { base_score: 600.0, base_odds: 50.0, pdo: 20.0 }
    }
}

impl Scaling {
    pub fn factor(&self) -> f64 {
        self.pdo / std::f64::consts::LN_2
    }
    pub fn offset(&self) -> f64 {
        self.base_score - self.factor() * self.base_odds.ln()
    }
}

/// One bin of a scorecard feature (the `[[credit_scorecard.features.bins]]` tables).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBin {
    pub kind: BinKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_missing: bool,
    pub woe: f64,
    pub points: f64,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ScoreBin {
    pub fn rule(&self) -> BinRule {
        BinRule {
            kind: self.kind,
            upper: self.upper,
            categories: self.categories.clone(),
            with_missing: self.with_missing,
        }
    }
}

/// One feature of a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardFeature {
    pub name: String,
    /// β_j of the logistic regression on WoE.
    pub coefficient: f64,
    pub bins: Vec<ScoreBin>,
}

/// A fitted points scorecard: what `[credit_scorecard]` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub base_score: f64,
    pub base_odds: f64,
    pub pdo: f64,
    /// β₀ of the logistic regression on WoE.
    pub intercept: f64,
    /// offset − factor·β₀.
    pub base_points: f64,
    pub features: Vec<ScorecardFeature>,
}

impl Scorecard {
    pub fn scaling(&self) -> Scaling {
        Scaling { base_score: self.base_score, base_odds: self.base_odds, pdo: self.pdo }
    }
    /// The points of one feature's value (0 when no bin takes it).
    pub fn feature_points(f: &ScorecardFeature, v: FeatureValue<'_>) -> f64 {
        let rules: Vec<BinRule> = f.bins.iter().map(ScoreBin::rule).collect();
        let refs: Vec<&BinRule> = rules.iter().collect();
        bin_of(&refs, v).map_or(0.0, |i| f.bins[i].points)
    }
    /// Total points of a row; `value(name)` gives the value of each feature.
    pub fn points<'a>(&self, value: impl Fn(&str) -> FeatureValue<'a>) -> f64 {
        let mut s = self.base_points;
        for f in &self.features {
            s += Scorecard::feature_points(f, value(&f.name));
        }
        s
    }
    /// P(bad) for a score.
    pub fn probability(&self, points: f64) -> f64 {
        let sc = self.scaling();
        logistic::sigmoid(-(points - sc.offset()) / sc.factor())
    }
}

/// Scorecard fit settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScorecardOptions {
    pub bins: BinOptions,
    /// Features with a lower IV are left out. Default 0.02 ("not predictive" below).
    pub min_iv: f64,
    /// At most this many features, by IV. Default 20.
    pub max_features: usize,
    /// L2 penalty of the regression on WoE. Default 1.
    pub l2: f64,
    pub scaling: Scaling,
}

impl Default for ScorecardOptions {
    fn default() -> Self {
        ScorecardOptions {
            bins: BinOptions::default(),
            min_iv: 0.02,
            max_features: 20,
            l2: 1.0,
            scaling: Scaling::default(),
        }
    }
}

/// A fitted scorecard and its backtest.
#[derive(Clone, Debug, PartialEq)]
pub struct ScorecardFit {
    pub scorecard: Scorecard,
    pub binnings: Vec<Binning>,
    pub backtest: Backtest,
}

/// Fits a scorecard on the rows with `is_train[i]` and backtests it on the others. `meaning`
/// gives the meaning of a feature for the weights table.
pub fn fit_scorecard(
    columns: &[Column],
    labels: &[bool],
    is_train: &[bool],
    split: String,
    opts: &ScorecardOptions,
    meaning: &dyn Fn(&str) -> Option<Msg>,
) -> Result<ScorecardFit, CalibrateError> {
    let train: Vec<usize> = (0..labels.len()).filter(|&i| is_train.get(i).copied().unwrap_or(false)).collect();
    let test: Vec<usize> = (0..labels.len()).filter(|&i| !is_train.get(i).copied().unwrap_or(false)).collect();
    let events = train.iter().filter(|&&i| labels[i]).count() as u64;
    if events == 0 || events == train.len() as u64 {
        return Err(CalibrateError::OneClass { what: "training".into(), rows: train.len() as u64, events });
    }
    let binnings: Vec<Binning> =
        columns.iter().map(|c| bin_feature(&c.name, &c.data, labels, &train, &opts.bins)).collect();

    let (order, mut selected) = select_features(&binnings, opts)?;
    let fit = fit_signed(columns, &binnings, labels, &train, &mut selected, opts)?;
    let scorecard = scale(&binnings, &selected, &fit, opts.scaling);

    let points = |i: usize| {
        let mut s = scorecard.base_points;
        for (f, &k) in scorecard.features.iter().zip(&selected) {
            s += Scorecard::feature_points(f, columns[k].data.value(i));
        }
        s
    };
    let (train_pts, test_pts): (Vec<f64>, Vec<f64>) =
        (train.iter().map(|&i| points(i)).collect(), test.iter().map(|&i| points(i)).collect());
    let train_p: Vec<f64> = train_pts.iter().map(|&s| scorecard.probability(s)).collect();
    let test_p: Vec<f64> = test_pts.iter().map(|&s| scorecard.probability(s)).collect();
    let train_y: Vec<bool> = train.iter().map(|&i| labels[i]).collect();
    let test_y: Vec<bool> = test.iter().map(|&i| labels[i]).collect();
    let weights = scorecard.features.iter().map(|f| Weight::new(&f.name, f.coefficient, meaning(&f.name))).collect();
    let mut bt =
        Backtest::measure(ModelKind::Scorecard, split, &train_p, &train_y, &test_p, &test_y, fit.intercept, weights);
    bt.scorecard.push(ScorecardRow {
        feature: "(base)".into(),
        bin: String::new(),
        rows: train.len() as u64,
        bad_rate: events as f64 / train.len() as f64,
        woe: 0.0,
        points: scorecard.base_points,
    });
    for (f, &k) in scorecard.features.iter().zip(&selected) {
        for ((b, sb), label) in binnings[k].bins.iter().zip(&f.bins).zip(binnings[k].labels()) {
            bt.scorecard.push(ScorecardRow {
                feature: f.name.clone(),
                bin: label,
                rows: b.rows,
                bad_rate: b.bad_rate(),
                woe: b.woe,
                points: sb.points,
            });
        }
    }
    bt.iv = order
        .iter()
        .map(|&k| FeatureIv { feature: binnings[k].feature.clone(), iv: binnings[k].iv, used: selected.contains(&k) })
        .collect();
    bt.points_histogram = Some(metrics::histogram(&test_pts, &test_y, 20, None));
    Ok(ScorecardFit { scorecard, binnings, backtest: bt })
}

/// The features by information value (best first, ties by position) and the candidates: those
/// with `iv ≥ min_iv` and more than one bin, at most `max_features`; else the best with more
/// than one bin.
fn select_features(binnings: &[Binning], opts: &ScorecardOptions) -> Result<(Vec<usize>, Vec<usize>), CalibrateError> {
    let mut order: Vec<usize> = (0..binnings.len()).collect();
    order.sort_by(|&a, &b| binnings[b].iv.total_cmp(&binnings[a].iv).then(a.cmp(&b)));
    let mut selected: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&k| binnings[k].iv >= opts.min_iv && binnings[k].bins.len() > 1)
        .take(opts.max_features.max(1))
        .collect();
    if selected.is_empty() {
        selected.extend(order.iter().copied().find(|&k| binnings[k].bins.len() > 1));
    }
    if selected.is_empty() {
        return Err(CalibrateError::NoRows {
            what: "no feature separates the outcomes (every feature has one bin)".into(),
        });
    }
    Ok((order, selected))
}

/// The logistic fit on the WoE of the `selected` features over the training rows; a feature
/// whose coefficient is not negative is dropped from `selected` (the worst first) and the model
/// refitted, down to one feature.
fn fit_signed(
    columns: &[Column],
    binnings: &[Binning],
    labels: &[bool],
    train: &[usize],
    selected: &mut Vec<usize>,
    opts: &ScorecardOptions,
) -> Result<LogisticFit, CalibrateError> {
    // WoE of every row and candidate feature.
    let woe_of = |k: usize, i: usize| binnings[k].woe(columns[k].data.value(i));
    let y_train: Vec<f64> = train.iter().map(|&i| f64::from(u8::from(labels[i]))).collect();
    let fit_opts = FitOptions { l2: opts.l2, standardize: false, ..FitOptions::default() };
    loop {
        let p = selected.len();
        let mut x = Vec::with_capacity(train.len() * p);
        for &i in train {
            x.extend(selected.iter().map(|&k| woe_of(k, i)));
        }
        let fit = logistic::fit(&x, p, &y_train, &fit_opts)?;
        // Drop the feature pulling the wrong way the most, if any, and refit.
        let worst =
            (0..p).filter(|&j| fit.weights[j] >= 0.0).max_by(|&a, &b| fit.weights[a].total_cmp(&fit.weights[b]));
        match worst {
            Some(j) if p > 1 => {
                selected.remove(j);
            }
            _ => return Ok(fit),
        }
    }
}

/// The scorecard of `fit` on the `selected` features: points per bin with the scaling `sc`.
fn scale(binnings: &[Binning], selected: &[usize], fit: &LogisticFit, sc: Scaling) -> Scorecard {
    let (factor, offset) = (sc.factor(), sc.offset());
    let features: Vec<ScorecardFeature> = selected
        .iter()
        .zip(&fit.weights)
        .map(|(&k, &beta)| ScorecardFeature {
            name: binnings[k].feature.clone(),
            coefficient: beta,
            bins: binnings[k]
                .bins
                .iter()
                .map(|b| ScoreBin {
                    kind: b.rule.kind,
                    upper: b.rule.upper,
                    categories: b.rule.categories.clone(),
                    with_missing: b.rule.with_missing,
                    woe: b.woe,
                    points: -factor * beta * b.woe,
                })
                .collect(),
        })
        .collect();
    Scorecard {
        base_score: sc.base_score,
        base_odds: sc.base_odds,
        pdo: sc.pdo,
        intercept: fit.intercept,
        base_points: offset - factor * fit.intercept,
        features,
    }
}

/// Checks a scorecard read from a configuration: finite numbers, positive `pdo` and
/// `base_odds`, bins in a usable order. Returns (key path, value, problem) of the first fault.
pub fn check(sc: &Scorecard, section: &str) -> Option<(String, String, Msg)> {
    let num = |key: &str, v: f64| {
        (!v.is_finite()).then(|| (format!("{section}.{key}"), v.to_string(), Msg::ExpectedFiniteNumber))
    };
    for (key, v) in [("base_score", sc.base_score), ("intercept", sc.intercept), ("base_points", sc.base_points)] {
        if let Some(e) = num(key, v) {
            return Some(e);
        }
    }
    for (key, v) in [("base_odds", sc.base_odds), ("pdo", sc.pdo)] {
        if !(v.is_finite() && v > 0.0) {
            return Some((format!("{section}.{key}"), v.to_string(), Msg::ExpectedPositiveNumber));
        }
    }
    for (i, f) in sc.features.iter().enumerate() {
        let at = format!("{section}.features[{i}]");
        if !f.coefficient.is_finite() {
            return Some((format!("{at}.coefficient"), f.coefficient.to_string(), Msg::ExpectedFiniteNumber));
        }
        if f.bins.is_empty() {
            return Some((format!("{at}.bins"), "[]".into(), Msg::ExpectedSomeBin));
        }
        let mut last_upper: Option<f64> = None;
        let mut open_range = false;
        for (j, b) in f.bins.iter().enumerate() {
            let bk = format!("{at}.bins[{j}]");
            if !(b.woe.is_finite() && b.points.is_finite()) {
                return Some((format!("{bk}.points"), b.points.to_string(), Msg::ExpectedFiniteNumber));
            }
            if b.kind == BinKind::Range {
                if open_range {
                    return Some((format!("{bk}.upper"), "-".into(), Msg::ExpectedNoBinAfterOpenEnd));
                }
                match b.upper {
                    Some(u) if !u.is_finite() || last_upper.is_some_and(|l| u <= l) => {
                        return Some((format!("{bk}.upper"), u.to_string(), Msg::ExpectedAscendingBin));
                    }
                    Some(u) => last_upper = Some(u),
                    None => open_range = true,
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::ColumnData;

    #[test]
    fn scorecard_standard_scaling() {
        // factor = 20 / ln 2 = 28.853901; offset = 600 − 28.853901 · ln 50 (3.912023) = 487.122876.
        let s = Scaling::default();
        assert!((s.factor() - 28.853_900_817_779_27).abs() < 1e-9);
        assert!((s.offset() - 487.122_876_205_376_3).abs() < 1e-6, "{}", s.offset());
        // 600 points ↔ odds 50:1 ↔ P(bad) = 1/51; 620 points ↔ 100:1 ↔ 1/101.
        let sc = Scorecard {
            base_score: 600.0,
            base_odds: 50.0,
            pdo: 20.0,
            intercept: 0.0,
            base_points: 0.0,
            features: Vec::new(),
        };
        assert!((sc.probability(600.0) - 1.0 / 51.0).abs() < 1e-12);
        assert!((sc.probability(620.0) - 1.0 / 101.0).abs() < 1e-12);
    }

    #[test]
    fn scorecard_points_reproduce_the_regression() {
        // x in 0..200; bad rate rises with x; a noise category.
        let n = 400;
        let x: Vec<f64> = (0..n).map(|i| f64::from(i % 200)).collect();
        let labels: Vec<bool> = (0..n).map(|i| (i * 37 % 100) < (i % 200) / 4 + 5).collect();
        let cat: Vec<&str> = (0..n).map(|i| if i % 3 == 0 { "a" } else { "b" }).collect();
        let columns = vec![
            Column { name: "x".into(), data: ColumnData::Numeric(x.clone()) },
            Column { name: "k".into(), data: ColumnData::categorical(&cat) },
        ];
        let is_train = crate::calibrate::stratified_split(&labels, 0.7, 1);
        let opts = ScorecardOptions { min_iv: 0.0, ..ScorecardOptions::default() };
        let fit = fit_scorecard(&columns, &labels, &is_train, "seeded".into(), &opts, &|_| None).expect("fit");
        let sc = &fit.scorecard;
        assert!(sc.features.iter().all(|f| f.coefficient < 0.0), "{sc:?}");
        assert!(check(sc, "credit_scorecard").is_none());
        // Points → probability equals the regression's probability on WoE.
        for i in 0..n as usize {
            let value =
                |name: &str| columns.iter().find(|c| c.name == name).map_or(FeatureValue::Missing, |c| c.data.value(i));
            let pts = sc.points(value);
            let mut eta = sc.intercept;
            for f in &sc.features {
                let b = fit.binnings.iter().find(|b| b.feature == f.name).expect("binning");
                eta += f.coefficient * b.woe(value(&f.name));
            }
            assert!((sc.probability(pts) - logistic::sigmoid(eta)).abs() < 1e-12);
        }
        let auc = fit.backtest.auc.expect("auc");
        assert!(auc > 0.6, "{auc}");
        // The table lists the base points and every bin.
        assert_eq!(fit.backtest.scorecard.len(), 1 + sc.features.iter().map(|f| f.bins.len()).sum::<usize>());
    }
}
