//! The charts of the loan-quality page: balances by class, the NPL trend, classes by branch.

use branchlens_charts::{self as charts, BarChart, LineChart, Series};
use branchlens_core::LoanClass;
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{num, Slots};
use crate::format::chart_number;
use crate::model::Scope;
use crate::pages::Ctx;

impl Ctx<'_> {
    pub fn loans_charts(&self, scope: Scope) -> Value {
        let a = self.m.a;
        let mut s = Slots::with(&["classes", "npl_trend", "by_branch"]);
        let mm = self.m.monthly(scope);
        s.set(
            "npl_trend",
            charts::line(
                &LineChart {
                    id: "chart-npl-trend".into(),
                    title: self.t(Msg::ChartNplTrend),
                    x_label: self.t(Msg::AxisMonth),
                    y_label: self.t(Msg::ColNplRatio),
                    categories: self.months(),
                    series: vec![Series {
                        name: self.t(Msg::ColNplRatio),
                        values: mm.iter().map(|m| m.npl_ratio()).collect(),
                    }],
                },
                &|x| format!("{}%", chart_number((x * 10000.0).round() / 100.0)),
            ),
        );
        let branches: Vec<_> = a.performance.branches.iter().filter(|b| scope.has(b.branch)).collect();
        let class_of = |lb: &branchlens_core::metrics::performance::LoanBook, c: LoanClass| match c {
            LoanClass::Normal => lb.normal,
            LoanClass::Special => lb.special,
            LoanClass::Substandard => lb.substandard,
            LoanClass::Doubtful => lb.doubtful,
            LoanClass::Loss => lb.loss,
        };
        s.set_unit(
            "by_branch",
            charts::bar(
                &BarChart {
                    id: "chart-classes-by-branch".into(),
                    title: self.t(Msg::ChartClassesByBranch),
                    x_label: self.t(Msg::ColBranch),
                    y_label: self.money_axis(Msg::ColLoans),
                    categories: branches.iter().map(|b| b.branch_id.clone()).collect(),
                    series: LoanClass::ALL
                        .iter()
                        .map(|&c| Series {
                            name: self.class(c),
                            values: branches.iter().map(|b| Some(self.cm(class_of(&b.loans_by_class, c)))).collect(),
                        })
                        .collect(),
                    stacked: true,
                    horizontal: true,
                },
                &num,
            ),
            self.f.chart_money().1,
        );
        let data = self.m.scope_data(scope);
        let q = &data.loans;
        s.set_unit(
            "classes",
            charts::bar(
                &BarChart {
                    id: "chart-classes".into(),
                    title: self.t(Msg::ChartClasses),
                    x_label: self.t(Msg::ColClass),
                    y_label: self.money_axis(Msg::ColBalance),
                    categories: LoanClass::ALL.iter().map(|&c| self.class(c)).collect(),
                    series: vec![Series {
                        name: self.t(Msg::ColBalance),
                        values: LoanClass::ALL.iter().map(|&c| Some(self.cm(q.balances.get(c).yuan()))).collect(),
                    }],
                    stacked: false,
                    horizontal: false,
                },
                &num,
            ),
            self.f.chart_money().1,
        );
        s.value()
    }
}
