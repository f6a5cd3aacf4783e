//! The charts of the early-warning page: levels, risk classes, churn points, reasons, levels by
//! branch.

use branchlens_charts::{self as charts, BarChart, HistogramChart, Series};
use branchlens_core::metrics::customer::{Counts, WarningLevel};
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{count_fmt, num, Slots};
use crate::model::Scope;
use crate::pages::Ctx;

/// Bins of 5 points (the usual step of the point values), at most 20.
fn point_bins(points: &[f64]) -> usize {
    let lo = points.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = points.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return 1;
    }
    (((hi - lo) / 5.0).ceil() as usize).clamp(1, 20)
}

impl Ctx<'_> {
    pub fn warnings_charts(&self, scope: Scope) -> Value {
        let a = self.m.a;
        let mut s = Slots::with(&["levels", "points", "reasons", "by_branch", "risk"]);
        let data = self.m.scope_data(scope);
        s.set("levels", self.levels_chart(scope));
        s.set("risk", self.risk_chart(scope));
        let points: Vec<f64> =
            self.m.customers(scope).filter(|c| c.churn_points > 0).map(|c| f64::from(c.churn_points)).collect();
        s.set(
            "points",
            charts::histogram(
                &HistogramChart {
                    id: "chart-points".into(),
                    title: self.t(Msg::ChartPoints),
                    x_label: self.t(Msg::ColPoints),
                    y_label: self.t(Msg::AxisCustomers),
                    bins: point_bins(&points),
                    values: points,
                },
                &num,
            ),
        );
        let c = &data.counts;
        s.set(
            "reasons",
            charts::bar(
                &BarChart {
                    id: "chart-reasons".into(),
                    title: self.t(Msg::ChartReasons),
                    x_label: self.t(Msg::ColReason),
                    y_label: self.t(Msg::AxisCustomers),
                    categories: c.reasons.iter().map(|r| r.reason.code().to_string()).collect(),
                    series: vec![Series {
                        name: self.t(Msg::AxisCustomers),
                        values: c.reasons.iter().map(|r| Some(r.customers as f64)).collect(),
                    }],
                    stacked: false,
                    horizontal: true,
                },
                &count_fmt,
            ),
        );
        if scope == Scope::Bank {
            let branches = &a.performance.branches;
            let per = |f: &dyn Fn(&Counts) -> usize| -> Vec<Option<f64>> {
                branches.iter().map(|bp| Some(f(&self.m.scope_data(Scope::Branch(bp.branch)).counts) as f64)).collect()
            };
            type W = WarningLevel;
            s.set(
                "by_branch",
                charts::bar(
                    &BarChart {
                        id: "chart-levels-by-branch".into(),
                        title: self.t(Msg::ChartLevelsByBranch),
                        x_label: self.t(Msg::ColBranch),
                        y_label: self.t(Msg::AxisCustomers),
                        categories: branches.iter().map(|b| b.branch_id.clone()).collect(),
                        series: vec![
                            Series { name: self.level(W::Red), values: per(&|c| c.levels.red) },
                            Series { name: self.level(W::Orange), values: per(&|c| c.levels.orange) },
                            Series { name: self.level(W::Yellow), values: per(&|c| c.levels.yellow) },
                        ],
                        stacked: true,
                        horizontal: true,
                    },
                    &count_fmt,
                ),
            );
        }
        s.value()
    }
}
