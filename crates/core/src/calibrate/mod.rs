//! Calibration: fitting scores on the bank's own history and measuring them (`branchlens
//! calibrate`). Pure: the CLI reads the files and passes bytes or a [`crate::Dataset`].
//!
//! - [`churn`] — churn labels from history (a customer disappears, or its funds fall by ≥ 80%,
//!   within the next 3 periods), features from the warning signals and their ratios, an
//!   L2-regularised logistic regression with a time-based split, and [`churn::predict`].
//! - [`credit`] — a labels file (`customer_id, period, label`) joined to the dataset, and a
//!   points [`scorecard`] on WoE bins ([`woe`]).
//! - [`table`] — the same two model types on any CSV with a 0/1 label column.
//! - [`logistic`] (IRLS with L2), [`metrics`] (AUC, KS, ROC, deciles, histograms).
//!
//! Every fit produces a [`Backtest`]: the figures a backtest page draws (ROC points, lift per
//! decile, score histograms by outcome, the calibration table, the scorecard table, weights
//! with the meaning of their features).

pub mod churn;
pub mod credit;
pub mod logistic;
pub mod metrics;
pub mod scorecard;
pub mod table;
pub mod woe;

use serde::Serialize;

use branchlens_i18n::{Lang, Msg};

/// One value of a feature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FeatureValue<'a> {
    Num(f64),
    Cat(&'a str),
    Missing,
}

/// The values of one feature over all rows.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnData {
    /// NaN = missing.
    Numeric(Vec<f64>),
    /// `codes[i]` indexes `levels`; `u32::MAX` = missing.
    Categorical { levels: Vec<String>, codes: Vec<u32> },
}

impl ColumnData {
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Categorical { codes, .. } => codes.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The value of row `i`.
    pub fn value(&self, i: usize) -> FeatureValue<'_> {
        match self {
            ColumnData::Numeric(v) => match v.get(i) {
                Some(x) if !x.is_nan() => FeatureValue::Num(*x),
                _ => FeatureValue::Missing,
            },
            ColumnData::Categorical { levels, codes } => match codes.get(i).and_then(|&c| levels.get(c as usize)) {
                Some(s) => FeatureValue::Cat(s),
                None => FeatureValue::Missing,
            },
        }
    }
    /// Builds a categorical column from texts (empty = missing); levels sorted.
    pub fn categorical<S: AsRef<str>>(values: &[S]) -> ColumnData {
        let mut levels: Vec<String> =
            values.iter().map(|v| v.as_ref()).filter(|v| !v.is_empty()).map(str::to_string).collect();
        levels.sort();
        levels.dedup();
        let codes = values
            .iter()
            .map(|v| {
                let v = v.as_ref();
                if v.is_empty() {
                    u32::MAX
                } else {
                    levels.binary_search_by(|l| l.as_str().cmp(v)).map_or(u32::MAX, |i| i as u32)
                }
            })
            .collect();
        ColumnData::Categorical { levels, codes }
    }
}

/// A named feature column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

/// A fitted weight with the meaning of its feature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Weight {
    pub feature: String,
    pub weight: f64,
    /// What the feature measures (English / Chinese, both written to the backtest JSON); empty
    /// for a generic table's columns.
    pub meaning_en: String,
    pub meaning_zh: String,
}

impl Weight {
    /// The weight of `feature`, with the texts of its meaning (none: empty).
    pub fn new(feature: &str, weight: f64, meaning: Option<Msg>) -> Weight {
        let text = |lang| meaning.map_or_else(String::new, |m| m.text(lang).to_string());
        Weight { feature: feature.to_string(), weight, meaning_en: text(Lang::En), meaning_zh: text(Lang::ZhCn) }
    }

    /// The meaning in `lang` (empty for a generic table's columns).
    pub fn meaning(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.meaning_en,
            Lang::ZhCn => &self.meaning_zh,
        }
    }
}

/// One row of a scorecard table: a bin of a feature and its points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScorecardRow {
    pub feature: String,
    pub bin: String,
    pub rows: u64,
    pub bad_rate: f64,
    pub woe: f64,
    pub points: f64,
}

/// Information value of one feature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureIv {
    pub feature: String,
    pub iv: f64,
    /// Whether the feature entered the model.
    pub used: bool,
}

/// What was fitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Logistic regression on raw (standardised) features.
    Logistic,
    /// Points scorecard on WoE bins.
    Scorecard,
}

/// Every figure of a backtest on held-out rows: what a backtest page draws. Scores are event
/// probabilities (for a scorecard, the probability its points stand for).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    pub model: ModelKind,
    /// How the rows were split (e.g. "train 2025-10..2026-03, test 2026-06..2026-07").
    pub split: String,
    pub train_rows: u64,
    pub train_events: u64,
    pub test_rows: u64,
    pub test_events: u64,
    pub auc: Option<f64>,
    pub ks: Option<f64>,
    /// Lift of the top decile of the test rows.
    pub top_decile_lift: Option<f64>,
    /// AUC on the training rows (to see over-fitting).
    pub train_auc: Option<f64>,
    pub roc: Vec<metrics::RocPoint>,
    /// Lift per decile and the calibration table (mean predicted vs observed rate).
    pub deciles: Vec<metrics::Decile>,
    /// Test score histogram by outcome (probabilities, 20 bins over [0, 1]).
    pub histogram: metrics::Histogram,
    pub intercept: f64,
    pub weights: Vec<Weight>,
    /// Scorecard models: every bin with its points.
    pub scorecard: Vec<ScorecardRow>,
    /// Scorecard models: IV of every candidate feature.
    pub iv: Vec<FeatureIv>,
    /// Test points histogram by outcome (scorecards only).
    pub points_histogram: Option<metrics::Histogram>,
}

impl Backtest {
    /// The metrics of test scores `test` (probabilities) against `test_y`, and of `train`.
    #[allow(clippy::too_many_arguments)]
    pub fn measure(
        model: ModelKind,
        split: String,
        train: &[f64],
        train_y: &[bool],
        test: &[f64],
        test_y: &[bool],
        intercept: f64,
        weights: Vec<Weight>,
    ) -> Backtest {
        let deciles = metrics::deciles(test, test_y);
        Backtest {
            model,
            split,
            train_rows: train.len() as u64,
            train_events: train_y.iter().filter(|&&l| l).count() as u64,
            test_rows: test.len() as u64,
            test_events: test_y.iter().filter(|&&l| l).count() as u64,
            auc: metrics::auc(test, test_y),
            ks: metrics::ks(test, test_y),
            top_decile_lift: if test_y.iter().any(|&l| l) { deciles.first().map(|d| d.lift) } else { None },
            train_auc: metrics::auc(train, train_y),
            roc: metrics::roc(test, test_y, 201),
            deciles,
            histogram: metrics::histogram(test, test_y, 20, Some((0.0, 1.0))),
            intercept,
            weights,
            scorecard: Vec::new(),
            iv: Vec::new(),
            points_histogram: None,
        }
    }
}

/// A deterministic pseudo-random generator (SplitMix64): seeded splits without a `rand`
/// dependency in the core.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A seeded stratified split: within each class, a Fisher–Yates shuffle, then the first
/// `round(train_share · n_class)` rows train. Returns `is_train` per row.
pub fn stratified_split(labels: &[bool], train_share: f64, seed: u64) -> Vec<bool> {
    let mut rng = SplitMix64::new(seed);
    let mut is_train = vec![false; labels.len()];
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        for i in (1..idx.len()).rev() {
            let j = rng.below(i + 1);
            idx.swap(i, j);
        }
        let k = (train_share.clamp(0.0, 1.0) * idx.len() as f64).round() as usize;
        for &i in &idx[..k.min(idx.len())] {
            is_train[i] = true;
        }
    }
    is_train
}

/// Why a calibration could not be made (messages in `messages/calibrate.toml`).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    /// A CSV file could not be read (not CSV, no header, a broken record).
    #[error("{}", self.message(Lang::En))]
    Csv { file: String, line: Option<u64>, message: String },
    /// A required column is missing.
    #[error("{}", self.message(Lang::En))]
    MissingColumn { file: String, column: String },
    /// A value that cannot be read.
    #[error("{}", self.message(Lang::En))]
    BadValue { file: String, line: u64, column: String, value: String, expected: Msg },
    /// Not enough periods of history for the labels.
    #[error("{}", self.message(Lang::En))]
    NotEnoughPeriods { have: usize, need: usize },
    /// No labelled rows (or none left after joining).
    #[error("{}", self.message(Lang::En))]
    NoRows { what: String },
    /// The labels of the training (or test) rows have only one class.
    #[error("{}", self.message(Lang::En))]
    OneClass { what: String, rows: u64, events: u64 },
    /// The optimisation failed.
    #[error("{}", self.message(Lang::En))]
    Fit { message: String },
}

impl From<logistic::FitError> for CalibrateError {
    fn from(e: logistic::FitError) -> CalibrateError {
        CalibrateError::Fit { message: e.to_string() }
    }
}

impl CalibrateError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CalibrateError::Csv { file, line: Some(l), message } => {
                Msg::CalibrateCsv.fill(lang, &[("file", file), ("line", l), ("message", message)])
            }
            CalibrateError::Csv { file, line: None, message } => {
                Msg::CalibrateCsvNoLine.fill(lang, &[("file", file), ("message", message)])
            }
            CalibrateError::MissingColumn { file, column } => {
                Msg::CalibrateMissingColumn.fill(lang, &[("file", file), ("column", column)])
            }
            CalibrateError::BadValue { file, line, column, value, expected } => Msg::CalibrateBadValue.fill(
                lang,
                &[
                    ("file", file),
                    ("line", line),
                    ("column", column),
                    ("value", value),
                    ("expected", &expected.text(lang)),
                ],
            ),
            CalibrateError::NotEnoughPeriods { have, need } => {
                Msg::CalibrateNotEnoughPeriods.fill(lang, &[("have", have), ("need", need)])
            }
            CalibrateError::NoRows { what } => Msg::CalibrateNoRows.fill(lang, &[("what", what)]),
            CalibrateError::OneClass { what, rows, events } => {
                Msg::CalibrateOneClass.fill(lang, &[("what", what), ("events", events), ("rows", rows)])
            }
            CalibrateError::Fit { message } => Msg::CalibrateFitFailed.fill(lang, &[("message", message)]),
        }
    }
}

/// A whole `branchlens.toml` for `cfg` (every section, the model sections included), after
/// `header` (each line written as a `#` comment). `config::parse` of the result gives `cfg` back.
pub fn config_toml(cfg: &crate::config::Config, header: &str) -> Result<String, CalibrateError> {
    let body = toml::to_string(cfg).map_err(|e| CalibrateError::Fit { message: e.to_string() })?;
    let mut s = String::new();
    for line in header.lines() {
        s.push_str("# ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&body);
    Ok(s)
}

/// 0/1 labels: "0"/"1" (also "0.0"/"1.0", "true"/"false", "yes"/"no").
pub fn parse_label(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "1.0" | "true" | "yes" | "y" => Some(true),
        "0" | "0.0" | "false" | "no" | "n" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibrate_stratified_split_is_seeded_and_stratified() {
        let labels: Vec<bool> = (0..100).map(|i| i % 5 == 0).collect();
        let a = stratified_split(&labels, 0.7, 7);
        assert_eq!(a, stratified_split(&labels, 0.7, 7));
        assert_ne!(a, stratified_split(&labels, 0.7, 8));
        // 20 events → 14 train; 80 non-events → 56 train.
        assert_eq!(a.iter().zip(&labels).filter(|(t, l)| **t && **l).count(), 14);
        assert_eq!(a.iter().zip(&labels).filter(|(t, l)| **t && !**l).count(), 56);
    }

    #[test]
    fn calibrate_labels_and_columns() {
        assert_eq!(parse_label(" 1 "), Some(true));
        assert_eq!(parse_label("No"), Some(false));
        assert_eq!(parse_label("2"), None);
        let c = ColumnData::categorical(&["b", "", "a", "b"]);
        assert_eq!(c.value(0), FeatureValue::Cat("b"));
        assert_eq!(c.value(1), FeatureValue::Missing);
        assert_eq!(c.value(9), FeatureValue::Missing);
        assert_eq!(ColumnData::Numeric(vec![f64::NAN]).value(0), FeatureValue::Missing);
    }

    #[test]
    fn calibrate_errors_have_both_languages() {
        let e = CalibrateError::BadValue {
            file: "labels.csv".into(),
            line: 3,
            column: "label".into(),
            value: "x".into(),
            expected: Msg::CalibrateExpectedLabel,
        };
        assert_eq!(e.message(Lang::En), "labels.csv:3: column 'label': 'x' is not 0 or 1");
        assert_eq!(e.message(Lang::ZhCn), "labels.csv:3：列“label”的值“x”不是0 或 1");
    }
}
