//! The charts of managers.html (scores) and of each manager's page (completion of plan,
//! credited balances and income over time).

use branchlens_charts::{self as charts, BarChart, Chart, HistogramChart, LineChart, Series};
use branchlens_core::metrics::performance::ManagerPerf;
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
                    title: self.t("chart_scores"),
                    x_label: self.t("col_manager"),
                    y_label: self.t("col_score"),
                    categories: v.iter().map(|m| format!("{} {}", m.state.manager_id, m.state.name)).collect(),
                    series: vec![Series { name: self.t("col_score"), values: v.iter().map(|m| m.score).collect() }],
                    stacked: false,
                    horizontal: true,
                },
                &num,
            ));
        }
        Some(charts::histogram(
            &HistogramChart {
                id: id.into(),
                title: self.t("chart_score_distribution"),
                x_label: self.t("col_score"),
                y_label: self.t("axis_managers"),
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
            ("target_deposit", c.deposit),
            ("target_loan", c.loan),
            ("target_fee", c.fee),
            ("target_new_customers", c.new_customers),
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
                        title: self.t("chart_completion"),
                        x_label: self.t("col_target"),
                        y_label: self.t("col_completion"),
                        categories: items.iter().map(|(k, _)| k.clone()).collect(),
                        series: vec![Series {
                            name: self.t("col_completion"),
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
        let series = |key: &str, f: &dyn Fn(&branchlens_core::metrics::performance::Figures) -> f64| Series {
            name: self.t(key),
            values: trend.iter().map(|x| Some(f(x))).collect(),
        };
        let balances = LineChart {
            id: "chart-manager-balances".into(),
            title: self.t("chart_credited_balances"),
            x_label: self.t("axis_month"),
            y_label: self.money_axis("axis_amount"),
            categories: self.months(),
            series: vec![
                series("card_deposits", &|x| self.cm(x.deposit)),
                series("card_loans", &|x| self.cm(x.loan)),
                series("card_aum", &|x| self.cm(x.aum)),
            ],
        };
        let income = LineChart {
            id: "chart-manager-income".into(),
            title: self.t("chart_credited_income"),
            x_label: self.t("axis_month"),
            y_label: self.money_axis("axis_amount"),
            categories: self.months(),
            series: vec![
                series("card_contribution", &|x| self.cm(x.contribution)),
                series("card_fee", &|x| self.cm(x.fee)),
            ],
        };
        let unit = Some(self.f.chart_money().1);
        s.set_list("trends", vec![(charts::line(&balances, &num), unit), (charts::line(&income, &num), unit)]);
        s.value()
    }
}
