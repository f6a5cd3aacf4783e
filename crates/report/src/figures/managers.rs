//! The charts of managers.html (scores) and of each manager's page (completion of plan,
//! credited balances and income over time).

use branchlens_charts::{self as charts, BarChart, Chart, HistogramChart, LineChart, Series};
use branchlens_core::metrics::performance::ManagerPerf;
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{num, pct, Slots};
use crate::pages::Ctx;

impl Ctx<'_> {
    pub(super) fn scores_chart(&self, managers: &[&ManagerPerf], id: &str) -> Option<Chart> {
        let scored: Vec<&&ManagerPerf> = managers.iter().filter(|m| m.score.is_some()).collect();
        if scored.is_empty() {
            return None;
        }
        if scored.len() <= 30 {
            let mut v = scored.clone();
            v.sort_by(|a, b| {
                b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)).then(a.state.manager.cmp(&b.state.manager))
            });
            return Some(charts::bar(
                &BarChart {
                    id: id.into(),
                    title: self.t(Msg::ChartScores),
                    x_label: self.t(Msg::ColManager),
                    y_label: self.t(Msg::ColScore),
                    categories: v.iter().map(|m| format!("{} {}", m.state.manager_id, m.state.name)).collect(),
                    series: vec![Series { name: self.t(Msg::ColScore), values: v.iter().map(|m| m.score).collect() }],
                    stacked: false,
                    horizontal: true,
                },
                &num,
            ));
        }
        Some(charts::histogram(
            &HistogramChart {
                id: id.into(),
                title: self.t(Msg::ChartScoreDistribution),
                x_label: self.t(Msg::ColScore),
                y_label: self.t(Msg::AxisManagers),
                values: scored.iter().filter_map(|m| m.score).collect(),
                bins: 15,
            },
            &num,
        ))
    }

    pub fn managers_charts(&self) -> Value {
        let mut s = Slots::with(&["scores"]);
        let ms: Vec<&ManagerPerf> = self.managers_in(self.site).collect();
        if let Some(c) = self.scores_chart(&ms, "chart-scores") {
            s.set("scores", c);
        }
        s.value()
    }

    pub fn manager_charts(&self, mp: &ManagerPerf) -> Value {
        let mut s = Slots::with(&["completion", "trends"]);
        let c = &mp.completion;
        let items: Vec<(String, f64)> = [
            (Msg::TargetDeposit, c.deposit),
            (Msg::TargetLoan, c.loan),
            (Msg::TargetFee, c.fee),
            (Msg::TargetNewCustomers, c.new_customers),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (self.t(k), v)))
        .collect();
        if !items.is_empty() {
            s.set(
                "completion",
                charts::bar(
                    &BarChart {
                        id: "chart-completion".into(),
                        title: self.t(Msg::ChartCompletion),
                        x_label: self.t(Msg::ColTarget),
                        y_label: self.t(Msg::ColCompletion),
                        categories: items.iter().map(|(k, _)| k.clone()).collect(),
                        series: vec![Series {
                            name: self.t(Msg::ColCompletion),
                            values: items.iter().map(|(_, v)| Some(*v)).collect(),
                        }],
                        stacked: false,
                        horizontal: true,
                    },
                    &pct,
                ),
            );
        }
        let trend = self.m.manager_trend(mp.state.manager);
        let series = |key: Msg, f: &dyn Fn(&branchlens_core::metrics::performance::Figures) -> f64| Series {
            name: self.t(key),
            values: trend.iter().map(|x| Some(f(x))).collect(),
        };
        let balances = LineChart {
            id: "chart-manager-balances".into(),
            title: self.t(Msg::ChartCreditedBalances),
            x_label: self.t(Msg::AxisMonth),
            y_label: self.money_axis(Msg::AxisAmount),
            categories: self.months(),
            series: vec![
                series(Msg::CardDeposits, &|x| self.cm(x.deposit)),
                series(Msg::CardLoans, &|x| self.cm(x.loan)),
                series(Msg::CardAum, &|x| self.cm(x.aum)),
            ],
        };
        let income = LineChart {
            id: "chart-manager-income".into(),
            title: self.t(Msg::ChartCreditedIncome),
            x_label: self.t(Msg::AxisMonth),
            y_label: self.money_axis(Msg::AxisAmount),
            categories: self.months(),
            series: vec![
                series(Msg::CardContribution, &|x| self.cm(x.contribution)),
                series(Msg::CardFee, &|x| self.cm(x.fee)),
            ],
        };
        let unit = Some(self.f.chart_money().1);
        s.set_list("trends", vec![(charts::line(&balances, &num), unit), (charts::line(&income, &num), unit)]);
        s.value()
    }
}
