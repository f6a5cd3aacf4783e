//! Calibration on any tabular CSV (`branchlens calibrate --table FILE.csv --label COLUMN`): a
//! header row, numeric and categorical columns, a 0/1 label. Lets the method be checked on public
//! datasets.
//!
//! Reading ([`parse_table`], over `impl Read`): UTF-8 (a BOM is skipped) or, when not valid
//! UTF-8, GB18030. A column is numeric when every non-missing value reads as a finite number,
//! else categorical. Missing: empty, `NA`, `N/A`, `NaN`, `null`, `None`, `?` (any case).
//!
//! Fitting ([`calibrate_table`]): a seeded stratified split (70/30 by default), then
//! 1. **logistic** — numeric columns as they are (a missing value takes the training mean and
//!    sets a `COLUMN=missing` indicator), categorical columns one-hot (levels with ≥ 1% of the
//!    training rows, at most 30; the most frequent level is the reference), standardised, L2;
//! 2. **scorecard** — WoE bins of every column and a points scorecard ([`super::scorecard`]).
//!
//! Columns that look like identifiers (categorical with more than 50 levels that are more than
//! half of the rows) and constant columns are left out and listed.

use std::io::Read;

use branchlens_i18n::Msg;
use serde::Serialize;

use super::logistic::{self, FitOptions};
use super::scorecard::{fit_scorecard, ScorecardFit, ScorecardOptions};
use super::{parse_label, stratified_split, Backtest, CalibrateError, Column, ColumnData, ModelKind, Weight};

/// A parsed table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub file: String,
    pub columns: Vec<Column>,
    /// `lines[i]` is the 1-based line of row `i`.
    pub lines: Vec<u64>,
    /// The trimmed texts of every column (for the label column and its error messages).
    raw: Vec<Vec<String>>,
}

fn is_missing(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || ["na", "n/a", "nan", "null", "none", "?"].iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Decodes bytes: UTF-8 (BOM skipped), else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(b).0.into_owned(),
    }
}

/// Reads a CSV table. `file` names it in errors.
pub fn parse_table(mut reader: impl Read, file: &str) -> Result<Table, CalibrateError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| CalibrateError::Csv {
        file: file.into(),
        line: None,
        message: e.to_string(),
    })?;
    let text = decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let csv_err = |e: csv::Error| CalibrateError::Csv {
        file: file.into(),
        line: e.position().map(|p| p.line()),
        message: e.to_string(),
    };
    let header: Vec<String> = rdr.headers().map_err(csv_err)?.iter().map(|h| h.trim().to_string()).collect();
    if header.is_empty() || header.iter().all(String::is_empty) {
        return Err(CalibrateError::Csv { file: file.into(), line: Some(1), message: "no header row".into() });
    }
    let mut raw: Vec<Vec<String>> = vec![Vec::new(); header.len()];
    let mut lines = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        lines.push(rec.position().map_or(0, |p| p.line()));
        for (k, col) in raw.iter_mut().enumerate() {
            col.push(rec.get(k).unwrap_or("").trim().to_string());
        }
    }
    let columns = header
        .iter()
        .zip(&raw)
        .map(|(name, vals)| {
            let nums: Option<Vec<f64>> = vals
                .iter()
                .map(|v| if is_missing(v) { Some(f64::NAN) } else { v.parse::<f64>().ok().filter(|x| x.is_finite()) })
                .collect();
            let data = match nums {
                Some(v) => ColumnData::Numeric(v),
                None => {
                    let texts: Vec<&str> = vals.iter().map(|v| if is_missing(v) { "" } else { v.as_str() }).collect();
                    ColumnData::categorical(&texts)
                }
            };
            Column { name: name.clone(), data }
        })
        .collect();
    Ok(Table { file: file.into(), columns, lines, raw })
}

impl Table {
    pub fn rows(&self) -> usize {
        self.lines.len()
    }
    /// The 0/1 label column `name`.
    pub fn label(&self, name: &str) -> Result<Vec<bool>, CalibrateError> {
        let k = self
            .columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)))
            .ok_or_else(|| CalibrateError::MissingColumn { file: self.file.clone(), column: name.into() })?;
        self.raw[k]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                parse_label(v).ok_or_else(|| CalibrateError::BadValue {
                    file: self.file.clone(),
                    line: self.lines[i],
                    column: self.columns[k].name.clone(),
                    value: v.clone(),
                    expected: Msg::CalibrateExpectedLabel,
                })
            })
            .collect()
    }
}

/// One column of a logistic design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Term {
    /// Source column's value; a missing value takes `fill`.
    Numeric { source: usize, fill: f64 },
    /// 1 when the source value is missing.
    Missing { source: usize },
    /// 1 when the source category is `level`.
    Level { source: usize, level: String },
}

/// How raw columns expand into the design of the logistic model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Design {
    pub terms: Vec<Term>,
    pub names: Vec<String>,
}

impl Design {
    /// The design of `columns` fitted on the `train` rows.
    pub fn build(columns: &[Column], train: &[usize]) -> Design {
        let (mut terms, mut names) = (Vec::new(), Vec::new());
        for (k, c) in columns.iter().enumerate() {
            match &c.data {
                ColumnData::Numeric(v) => {
                    let (mut sum, mut n, mut miss) = (0.0, 0u64, false);
                    for &i in train {
                        match v.get(i) {
                            Some(x) if !x.is_nan() => {
                                sum += x;
                                n += 1;
                            }
                            _ => miss = true,
                        }
                    }
                    terms.push(Term::Numeric { source: k, fill: if n > 0 { sum / n as f64 } else { 0.0 } });
                    names.push(c.name.clone());
                    if miss {
                        terms.push(Term::Missing { source: k });
                        names.push(format!("{}=missing", c.name));
                    }
                }
                ColumnData::Categorical { levels, codes } => {
                    let mut cnt = vec![0u64; levels.len()];
                    let mut miss = false;
                    for &i in train {
                        match codes.get(i).map(|&c| c as usize) {
                            Some(c) if c < levels.len() => cnt[c] += 1,
                            _ => miss = true,
                        }
                    }
                    let mut order: Vec<usize> = (0..levels.len()).filter(|&l| cnt[l] > 0).collect();
                    order.sort_by(|&a, &b| cnt[b].cmp(&cnt[a]).then(a.cmp(&b)));
                    let min = (train.len() as f64 * 0.01).ceil() as u64;
                    for &l in order.iter().skip(1).filter(|&&l| cnt[l] >= min).take(30) {
                        terms.push(Term::Level { source: k, level: levels[l].clone() });
                        names.push(format!("{}={}", c.name, levels[l]));
                    }
                    if miss {
                        terms.push(Term::Missing { source: k });
                        names.push(format!("{}=missing", c.name));
                    }
                }
            }
        }
        Design { terms, names }
    }

    /// Appends the design row of row `i` to `out`.
    pub fn row(&self, columns: &[Column], i: usize, out: &mut Vec<f64>) {
        for t in &self.terms {
            let v = match t {
                Term::Numeric { source, fill } => match columns[*source].data.value(i) {
                    super::FeatureValue::Num(x) => x,
                    _ => *fill,
                },
                Term::Missing { source } => {
                    f64::from(u8::from(columns[*source].data.value(i) == super::FeatureValue::Missing))
                }
                Term::Level { source, level } => {
                    f64::from(u8::from(columns[*source].data.value(i) == super::FeatureValue::Cat(level)))
                }
            };
            out.push(v);
        }
    }
}

/// Settings of a table calibration.
#[derive(Clone, Debug, PartialEq)]
pub struct TableOptions {
    pub seed: u64,
    pub train_share: f64,
    /// L2 penalty of the logistic model (on standardised columns).
    pub l2: f64,
    pub scorecard: ScorecardOptions,
    /// Columns to leave out.
    pub ignore: Vec<String>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions { seed: 42, train_share: 0.7, l2: 1.0, scorecard: ScorecardOptions::default(), ignore: Vec::new() }
    }
}

/// The result of a table calibration.
#[derive(Clone, Debug, PartialEq)]
pub struct TableCalibration {
    pub rows: usize,
    pub label: String,
    /// `is_train[i]` per row.
    pub is_train: Vec<bool>,
    pub logistic: Backtest,
    pub design: Design,
    pub scorecard: ScorecardFit,
    /// Columns left out and why ("identifier-like", "constant", "ignored").
    pub skipped: Vec<(String, &'static str)>,
}

/// Fits and backtests both model types on `table` with label column `label`.
pub fn calibrate_table(table: &Table, label: &str, o: &TableOptions) -> Result<TableCalibration, CalibrateError> {
    let y = table.label(label)?;
    let n = y.len();
    if n == 0 {
        return Err(CalibrateError::NoRows { what: format!("{} has no data rows", table.file) });
    }
    let mut skipped = Vec::new();
    let label_name =
        table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(label)).map_or(label, |c| c.name.as_str());
    let features: Vec<Column> = table
        .columns
        .iter()
        .filter(|c| c.name != label_name)
        .filter(|c| {
            let why = if o.ignore.iter().any(|g| g == &c.name) {
                Some("ignored")
            } else {
                match &c.data {
                    ColumnData::Categorical { levels, .. } if levels.len() > 50 && levels.len() * 2 > n => {
                        Some("identifier-like")
                    }
                    ColumnData::Categorical { levels, .. } if levels.len() <= 1 => Some("constant"),
                    ColumnData::Numeric(v) => {
                        let mut it = v.iter().filter(|x| !x.is_nan());
                        let first = it.next();
                        first.is_none_or(|f| it.all(|x| x == f)).then_some("constant")
                    }
                    _ => None,
                }
            };
            if let Some(w) = why {
                skipped.push((c.name.clone(), w));
            }
            why.is_none()
        })
        .cloned()
        .collect();
    if features.is_empty() {
        return Err(CalibrateError::NoRows {
            what: format!("{} has no feature columns besides the label", table.file),
        });
    }
    let is_train = stratified_split(&y, o.train_share, o.seed);
    let split = format!("seeded stratified split (seed {}, {:.0}% train)", o.seed, o.train_share * 100.0);
    let train: Vec<usize> = (0..n).filter(|&i| is_train[i]).collect();
    let test: Vec<usize> = (0..n).filter(|&i| !is_train[i]).collect();
    for (what, idx) in [("training", &train), ("test", &test)] {
        let events = idx.iter().filter(|&&i| y[i]).count() as u64;
        if events == 0 || events == idx.len() as u64 {
            return Err(CalibrateError::OneClass { what: what.into(), rows: idx.len() as u64, events });
        }
    }

    let design = Design::build(&features, &train);
    let p = design.terms.len();
    let matrix = |idx: &[usize]| {
        let mut x = Vec::with_capacity(idx.len() * p);
        for &i in idx {
            design.row(&features, i, &mut x);
        }
        x
    };
    let (x_train, x_test) = (matrix(&train), matrix(&test));
    let y_train: Vec<f64> = train.iter().map(|&i| f64::from(u8::from(y[i]))).collect();
    let fit = logistic::fit(&x_train, p, &y_train, &FitOptions { l2: o.l2, ..FitOptions::default() })?;
    let s_train = logistic::predict(fit.intercept, &fit.weights, &x_train, p);
    let s_test = logistic::predict(fit.intercept, &fit.weights, &x_test, p);
    let ty: Vec<bool> = train.iter().map(|&i| y[i]).collect();
    let vy: Vec<bool> = test.iter().map(|&i| y[i]).collect();
    let weights = design.names.iter().zip(&fit.weights).map(|(name, &w)| Weight::new(name, w, None)).collect();
    let logistic =
        Backtest::measure(ModelKind::Logistic, split.clone(), &s_train, &ty, &s_test, &vy, fit.intercept, weights);
    let scorecard = fit_scorecard(&features, &y, &is_train, split, &o.scorecard, &|_| None)?;
    Ok(TableCalibration { rows: n, label: label_name.to_string(), is_train, logistic, design, scorecard, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use branchlens_i18n::Lang;

    #[test]
    fn table_parses_types_missing_and_labels() {
        let csv = "\u{feff}id,age,city,y\nA1,30,bj,1\nA2,NA,sh,0\nA3,45.5,,1\n";
        let t = parse_table(csv.as_bytes(), "t.csv").expect("parse");
        assert_eq!(t.rows(), 3);
        assert!(matches!(&t.columns[1].data, ColumnData::Numeric(v) if v[0] == 30.0 && v[1].is_nan() && v[2] == 45.5));
        assert!(matches!(&t.columns[2].data, ColumnData::Categorical { levels, codes }
            if levels == &["bj".to_string(), "sh".to_string()] && codes[2] == u32::MAX));
        assert_eq!(t.label("y").expect("label"), vec![true, false, true]);
        assert_eq!(t.lines, vec![2, 3, 4]);
        let e = t.label("city").expect_err("not 0/1");
        assert_eq!(e.message(Lang::En), "t.csv:2: column 'city': 'bj' is not 0 or 1");
        assert!(matches!(t.label("nope"), Err(CalibrateError::MissingColumn { .. })));
    }

    #[test]
    fn table_broken_csv_names_the_line() {
        let e = parse_table("a,b\n1,2\n3\n".as_bytes(), "x.csv").expect_err("ragged");
        assert!(matches!(e, CalibrateError::Csv { line: Some(3), .. }), "{e:?}");
        let t = parse_table("a,b\n".as_bytes(), "x.csv").expect("header only");
        assert!(matches!(t.label("a").map(|v| v.len()), Ok(0)));
    }

    #[test]
    fn table_without_features_is_an_error() {
        let t = parse_table("k,y\n5,1\n5,0\n5,1\n5,0\n".as_bytes(), "n.csv").expect("parse");
        let e = calibrate_table(&t, "y", &TableOptions::default()).expect_err("no features");
        assert!(matches!(e, CalibrateError::NoRows { .. }), "{e:?}");
    }

    #[test]
    fn table_gbk_bytes_decode() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("城市,y\n北京,1\n上海,0\n");
        let t = parse_table(&bytes[..], "g.csv").expect("parse");
        assert_eq!(t.columns[0].name, "城市");
    }

    #[test]
    fn table_calibration_finds_the_signal() {
        // y = 1 when 2·x − z + city effect + noise > 0; id column must be skipped.
        let mut rng = crate::calibrate::SplitMix64::new(5);
        let mut s = String::from("id,x,z,city,const,y\n");
        for i in 0..600 {
            let x = rng.next_f64() * 4.0 - 2.0;
            let z = rng.next_f64() * 4.0 - 2.0;
            let city = ["bj", "sh", "gz"][rng.below(3)];
            let eff = match city {
                "bj" => 0.5,
                "sh" => -0.5,
                _ => 0.0,
            };
            let noise = (rng.next_f64() - 0.5) * 2.0;
            let y = u8::from(2.0 * x - z + eff + noise > 0.0);
            s.push_str(&format!("r{i},{x:.4},{z:.4},{city},7,{y}\n"));
        }
        let t = parse_table(s.as_bytes(), "gen.csv").expect("parse");
        let c = calibrate_table(&t, "y", &TableOptions::default()).expect("calibrate");
        assert_eq!(c.rows, 600);
        assert_eq!(c.is_train.iter().filter(|&&b| b).count(), 420);
        assert_eq!(c.skipped, vec![("id".to_string(), "identifier-like"), ("const".to_string(), "constant")]);
        let auc = c.logistic.auc.expect("auc");
        assert!(auc > 0.9, "logistic AUC {auc}");
        let sauc = c.scorecard.backtest.auc.expect("auc");
        assert!(sauc > 0.85, "scorecard AUC {sauc}");
        let wx = c.logistic.weights.iter().find(|w| w.feature == "x").map(|w| w.weight).unwrap_or(0.0);
        assert!(wx > 0.0);
        // Same seed, same result.
        assert_eq!(calibrate_table(&t, "y", &TableOptions::default()).expect("again"), c);
    }
}
