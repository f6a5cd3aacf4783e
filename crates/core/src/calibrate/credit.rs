//! The credit scorecard (信用评分卡) from a labels file joined to the bank's history.
//!
//! **Labels file**: `customer_id, period, label` (aliases 客户号, 期间, 标签; `label` 1 = default
//! within 12 months of `period`, 0 = not). Each labelled row is joined to the customer's row of
//! that period in customers.csv; labels without such a row are counted and left out.
//!
//! **Features** ([`FEATURES`]): balances and activity of that month, the loan's five-level class
//! and overdue days, complaints, tenure, the churn ratios (funds and transaction drop, months
//! since contact), the rule-based churn points, value tier, kind and industry. Each is binned by
//! WoE ([`super::woe`]) and the points scorecard is fitted on a seeded stratified split
//! ([`super::scorecard`]).

use std::io::Read;

use super::churn::features_at;
use super::scorecard::{fit_scorecard, ScorecardFit, ScorecardOptions};
use super::table::decode;
use super::{parse_label, stratified_split, CalibrateError, Column, ColumnData};
use crate::config::Config;
use crate::metrics::customer::customer_metrics;
use crate::model::{Dataset, Period};
use branchlens_i18n::Msg;

/// A credit feature: name (as in `[credit_scorecard]`) and meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureDef {
    pub name: &'static str,
    /// What it measures (`credit_feature_<name>` in `messages/calibrate.toml`).
    pub meaning: Msg,
    pub categorical: bool,
}

const fn num(name: &'static str, meaning: Msg) -> FeatureDef {
    FeatureDef { name, meaning, categorical: false }
}
const fn cat(name: &'static str, meaning: Msg) -> FeatureDef {
    FeatureDef { name, meaning, categorical: true }
}

/// Every credit feature.
pub const FEATURES: [FeatureDef; 18] = [
    num("loan_balance", Msg::CreditFeatureLoanBalance),
    num("deposit_avg", Msg::CreditFeatureDepositAvg),
    num("aum", Msg::CreditFeatureAum),
    num("fee_income", Msg::CreditFeatureFeeIncome),
    num("loan_to_funds", Msg::CreditFeatureLoanToFunds),
    num("txn_count", Msg::CreditFeatureTxnCount),
    num("product_count", Msg::CreditFeatureProductCount),
    num("overdue_days", Msg::CreditFeatureOverdueDays),
    num("complaints", Msg::CreditFeatureComplaints),
    num("tenure_years", Msg::CreditFeatureTenureYears),
    num("funds_drop", Msg::CreditFeatureFundsDrop),
    num("txn_drop", Msg::CreditFeatureTxnDrop),
    num("months_since_contact", Msg::CreditFeatureMonthsSinceContact),
    num("churn_points", Msg::CreditFeatureChurnPoints),
    cat("loan_class", Msg::CreditFeatureLoanClass),
    cat("kind", Msg::CreditFeatureKind),
    cat("industry", Msg::CreditFeatureIndustry),
    cat("tier", Msg::CreditFeatureTier),
];

/// The meaning of a credit feature (`None` for an unknown name).
pub fn meaning(name: &str) -> Option<Msg> {
    FEATURES.iter().find(|d| d.name == name).map(|d| d.meaning)
}

/// One labelled row.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub customer_id: String,
    pub period: Period,
    pub label: bool,
    /// 1-based line in the labels file.
    pub line: u64,
}

/// Reads a labels file (UTF-8 or GB18030; columns matched case-insensitively or by alias).
pub fn parse_labels(mut reader: impl Read, file: &str) -> Result<Vec<Label>, CalibrateError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| CalibrateError::Csv {
        file: file.into(),
        line: None,
        message: e.to_string(),
    })?;
    let text = decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let csv_err = |e: csv::Error| CalibrateError::Csv {
        file: file.into(),
        line: e.position().map(|p| p.line()),
        message: e.to_string(),
    };
    let header: Vec<String> = rdr.headers().map_err(csv_err)?.iter().map(|h| h.trim().to_string()).collect();
    let col = |names: &[&str]| {
        header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n))).ok_or_else(|| {
            CalibrateError::MissingColumn { file: file.into(), column: names.first().copied().unwrap_or("").into() }
        })
    };
    let (ci, pi, li) = (col(&["customer_id", "客户号"])?, col(&["period", "期间"])?, col(&["label", "标签"])?);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |k: usize| rec.get(k).unwrap_or("").trim();
        let bad = |k: usize, expected: Msg| CalibrateError::BadValue {
            file: file.into(),
            line,
            column: header[k].clone(),
            value: get(k).into(),
            expected,
        };
        let period = Period::parse(get(pi)).ok_or_else(|| bad(pi, Msg::CalibrateExpectedPeriod))?;
        let label = parse_label(get(li)).ok_or_else(|| bad(li, Msg::CalibrateExpectedLabel))?;
        out.push(Label { customer_id: get(ci).to_string(), period, label, line });
    }
    Ok(out)
}

/// The labelled rows joined to the data: feature columns in [`FEATURES`] order, labels, and the
/// lines of the labels that found no customer row.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditRows {
    pub columns: Vec<Column>,
    pub labels: Vec<bool>,
    pub unmatched: Vec<u64>,
}

/// Joins `labels` to `ds` and computes the credit features.
pub fn credit_rows(ds: &Dataset, cfg: &Config, labels: &[Label]) -> CreditRows {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| labels[a].period.cmp(&labels[b].period).then(a.cmp(&b)));
    let mut nums: Vec<Vec<f64>> = vec![Vec::new(); 14];
    let mut cats: Vec<Vec<String>> = vec![Vec::new(); 4];
    let (mut y, mut unmatched) = (Vec::new(), Vec::new());
    let mut k = 0;
    while k < order.len() {
        let p = labels[order[k]].period;
        let end = k + order[k..].iter().take_while(|&&i| labels[i].period == p).count();
        let metrics = customer_metrics(ds, cfg, p);
        let churn = features_at(ds, cfg, p);
        for &i in &order[k..end] {
            let l = &labels[i];
            let hit = ds.customer_ids.get(&l.customer_id).and_then(|c| metrics.get(c).map(|m| (c, m)));
            let Some((c, m)) = hit else {
                unmatched.push(l.line);
                continue;
            };
            let Some(r) = ds.customers.get(m.row) else {
                unmatched.push(l.line);
                continue;
            };
            let cx = churn
                .binary_search_by_key(&c, |(s, _)| *s)
                .ok()
                .map(|j| churn[j].1)
                .unwrap_or([0.0; super::churn::N_FEATURES]);
            let funds = r.funds().yuan();
            let v = [
                r.loan_balance.yuan(),
                r.deposit_avg.yuan(),
                r.aum.yuan(),
                r.fee_income.yuan(),
                r.loan_balance.yuan() / (funds.max(0.0) + 1.0),
                f64::from(r.txn_count),
                f64::from(r.products.len()),
                f64::from(r.overdue_days.unwrap_or(0)),
                cx[5],
                cx[6],
                cx[0],
                cx[1],
                cx[4],
                f64::from(m.churn_points),
            ];
            for (col, x) in nums.iter_mut().zip(v) {
                col.push(x);
            }
            let c4 = [
                r.effective_loan_class().map_or("none", |c| c.code()).to_string(),
                r.kind.code().to_string(),
                r.industry.map(|i| i.letter().to_string()).unwrap_or_default(),
                m.tier.code().to_string(),
            ];
            for (col, x) in cats.iter_mut().zip(c4) {
                col.push(x);
            }
            y.push(l.label);
        }
        k = end;
    }
    let mut columns = Vec::with_capacity(FEATURES.len());
    let (mut ni, mut ci) = (nums.into_iter(), cats.into_iter());
    for d in FEATURES {
        let data = if d.categorical {
            ColumnData::categorical(&ci.next().unwrap_or_default())
        } else {
            ColumnData::Numeric(ni.next().unwrap_or_default())
        };
        columns.push(Column { name: d.name.into(), data });
    }
    unmatched.sort_unstable();
    CreditRows { columns, labels: y, unmatched }
}

/// Credit calibration settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CreditOptions {
    pub seed: u64,
    pub train_share: f64,
    pub scorecard: ScorecardOptions,
}

impl Default for CreditOptions {
    fn default() -> Self {
        CreditOptions { seed: 42, train_share: 0.7, scorecard: ScorecardOptions::default() }
    }
}

/// A fitted credit scorecard.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditCalibration {
    pub fit: ScorecardFit,
    pub rows: usize,
    /// Lines of labels without a customer row in their period.
    pub unmatched: Vec<u64>,
}

/// Fits and backtests the credit scorecard.
pub fn calibrate_credit(
    ds: &Dataset,
    cfg: &Config,
    labels: &[Label],
    o: &CreditOptions,
) -> Result<CreditCalibration, CalibrateError> {
    let rows = credit_rows(ds, cfg, labels);
    if rows.labels.is_empty() {
        return Err(CalibrateError::NoRows {
            what: format!("none of the {} labels matches a customer in its period", labels.len()),
        });
    }
    let is_train = stratified_split(&rows.labels, o.train_share, o.seed);
    let split = format!("seeded stratified split (seed {}, {:.0}% train)", o.seed, o.train_share * 100.0);
    let fit = fit_scorecard(&rows.columns, &rows.labels, &is_train, split, &o.scorecard, &meaning)?;
    Ok(CreditCalibration { fit, rows: rows.labels.len(), unmatched: rows.unmatched })
}

#[cfg(test)]
mod tests {
    use super::*;
    use branchlens_i18n::Lang;

    #[test]
    fn credit_labels_parse_with_aliases_and_errors() {
        let l = parse_labels("客户号,期间,标签\nC1,2026-01,1\nC2,2026-02,0\n".as_bytes(), "l.csv").expect("parse");
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].customer_id.as_str(), l[0].label, l[0].line), ("C1", true, 2));
        let e = parse_labels("customer_id,period,label\nC1,2026-13,1\n".as_bytes(), "l.csv").expect_err("bad");
        assert_eq!(e.message(Lang::En), "l.csv:2: column 'period': '2026-13' is not a period YYYY-MM");
        let e = parse_labels("customer_id,period\n".as_bytes(), "l.csv").expect_err("missing");
        assert_eq!(e.message(Lang::En), "l.csv:1: required column 'label' not found");
    }

    #[test]
    fn credit_rows_join_and_count_unmatched() {
        use crate::metrics::customer::fixture::{load, Row, MANAGERS};
        let rows = vec![
            Row::new("2026-01", "C1").loan(1000, "special", "20").funds(50, 0),
            Row::new("2026-01", "C2").funds(5000, 0),
        ];
        let ds = load(&rows, MANAGERS);
        let labels = parse_labels(
            "customer_id,period,label\nC1,2026-01,1\nC2,2026-01,0\nC9,2026-01,1\nC1,2025-01,0\n".as_bytes(),
            "l.csv",
        )
        .expect("parse");
        let r = credit_rows(&ds, &Config::default(), &labels);
        assert_eq!(r.labels, vec![true, false]);
        assert_eq!(r.unmatched, vec![4, 5]);
        assert_eq!(r.columns.len(), FEATURES.len());
        // loan_to_funds of C1 = 1000 / (50 + 1).
        assert!(matches!(&r.columns[4].data, ColumnData::Numeric(v) if (v[0] - 1000.0 / 51.0).abs() < 1e-12));
        assert_eq!(r.columns[14].data.value(0), super::super::FeatureValue::Cat("special"));
        assert_eq!(r.columns[14].data.value(1), super::super::FeatureValue::Cat("none"));
    }
}
