//! Month-on-month performance anomalies (业绩异动) of one manager: a robust z-score against the
//! manager's own history of changes, and a jump rule against the month before and the branch.
//! See the module docs of `performance` for the reading of docs/metrics.md.

use serde::Serialize;

use super::{Figures, PerfParams};

/// A figure judged for anomalies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Deposit,
    Loan,
    Contribution,
}

impl Metric {
    pub(super) fn of(self, f: &Figures) -> f64 {
        match self {
            Metric::Deposit => f.deposit,
            Metric::Loan => f.loan,
            Metric::Contribution => f.contribution,
        }
    }
}

/// A flagged month-on-month change of one metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anomaly {
    pub metric: Metric,
    /// `x(L)`.
    pub current: f64,
    /// `x` at the position before `L` in `P`.
    pub previous: f64,
    /// `d = current − previous`.
    pub change: f64,
    /// `|D|`: earlier changes between months that both had credited customers.
    pub history: usize,
    /// `median(D)` and `MAD(D)`, when `|D| ≥ anomaly_min_history`.
    pub median: Option<f64>,
    pub mad: Option<f64>,
    /// `|d − median(D)| / (1.4826·MAD(D))`, when the history is long enough and MAD > 0.
    pub z: Option<f64>,
    /// The mean of the metric in `L` over the branch's active managers.
    pub branch_average: Option<f64>,
    /// The robust z-score rule fired.
    pub robust_rule: bool,
    /// The jump rule (vs. the month before and the branch average) fired.
    pub jump_rule: bool,
}

/// The median (mean of the two middle values for an even count); `None` when empty.
/// Sorts `v` in place (by `total_cmp`).
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Judges the last change of `series` (`series[i]` = x at position `i` of `P`; the last is `L`);
/// `present[i]` = the manager had credited customers at position `i`. `None` when nothing fires.
pub(super) fn judge(
    metric: Metric,
    series: &[f64],
    present: &[bool],
    branch_average: Option<f64>,
    p: &PerfParams,
) -> Option<Anomaly> {
    let li = series.len().checked_sub(1)?;
    if li == 0 {
        return None;
    }
    let (current, previous) = (series[li], series[li - 1]);
    let d = current - previous;
    // Earlier changes: pairs (i−1, i) with i ≤ li−1, both months with credited customers.
    let mut hist: Vec<f64> = (1..li)
        .filter(|&i| present.get(i).copied().unwrap_or(false) && present.get(i - 1).copied().unwrap_or(false))
        .map(|i| series[i] - series[i - 1])
        .collect();
    let history = hist.len();
    let (mut med, mut mad, mut z) = (None, None, None);
    if history >= p.anomaly_min_history.max(1) {
        if let Some(m) = median(&mut hist) {
            let mut dev: Vec<f64> = hist.iter().map(|x| (x - m).abs()).collect();
            let md = median(&mut dev).unwrap_or(0.0);
            med = Some(m);
            mad = Some(md);
            if md > 0.0 {
                z = Some((d - m).abs() / (1.4826 * md));
            }
        }
    }
    let robust_rule = z.is_some_and(|z| z > p.anomaly_z);
    let jump_rule = branch_average.is_some_and(|avg| {
        d.abs() > p.anomaly_jump_ratio * previous.abs() && d.abs() > p.anomaly_branch_ratio * avg.abs()
    });
    (robust_rule || jump_rule).then_some(Anomaly {
        metric,
        current,
        previous,
        change: d,
        history,
        median: med,
        mad,
        z,
        branch_average,
        robust_rule,
        jump_rule,
    })
}
