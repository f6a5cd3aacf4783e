//! The charts of the overview and branch pages (trends, tiers, Lorenz curve, warning levels,
//! the branch ranking, tier migration, managers' scores) and of branches.html.

use branchlens_charts::{self as charts, BarChart, Chart, HeatMap, LineChart, LorenzChart, Series};
use branchlens_core::metrics::customer::{RiskClass, Tier, WarningLevel};
use branchlens_core::metrics::performance::ManagerPerf;
use branchlens_core::Kind;
use minijinja::Value;

use super::{count_fmt, num, pct, Slots};
use crate::model::Scope;
use crate::pages::Ctx;

impl Ctx<'_> {
    /// Trend lines of a scope over all months: balances, and contribution with fee income.
    fn scope_trends(&self, scope: Scope, id: &str) -> Vec<(Chart, Option<&'static str>)> {
        let mm = self.m.monthly(scope);
        let series = |key: &str, f: &dyn Fn(&crate::model::Monthly) -> f64| Series {
            name: self.t(key),
            values: mm.iter().map(|m| Some(f(m))).collect(),
        };
        let balances = LineChart {
            id: format!("{id}-balances"),
            title: self.t("chart_balances"),
            x_label: self.t("axis_month"),
            y_label: self.money_axis("axis_amount"),
            categories: self.months(),
            series: vec![
                series("card_deposits", &|m| self.cm(m.deposit.yuan())),
                series("card_loans", &|m| self.cm(m.loan.yuan())),
                series("card_aum", &|m| self.cm(m.aum.yuan())),
            ],
        };
        let income = LineChart {
            id: format!("{id}-income"),
            title: self.t("chart_income"),
            x_label: self.t("axis_month"),
            y_label: self.money_axis("axis_amount"),
            categories: self.months(),
            series: vec![
                series("card_contribution", &|m| self.cm(m.contribution)),
                series("card_fee", &|m| self.cm(m.fee.yuan())),
            ],
        };
        let customers = LineChart {
            id: format!("{id}-customers"),
            title: self.t("chart_customers"),
            x_label: self.t("axis_month"),
            y_label: self.t("axis_customers"),
            categories: self.months(),
            series: vec![series("card_customers", &|m| m.customers as f64)],
        };
        let unit = Some(self.f.chart_money().1);
        vec![
            (charts::line(&balances, &num), unit),
            (charts::line(&income, &num), unit),
            (charts::line(&customers, &count_fmt), None),
        ]
    }

    pub(super) fn tiers_chart(&self, scope: Scope) -> Chart {
        let data = self.m.scope_data(scope);
        let (r, c) = (data.retail.tiers, data.corporate.tiers);
        let get = |t: &branchlens_core::metrics::customer::TierCounts, tier: Tier| {
            Some(match tier {
                Tier::Vip => t.vip,
                Tier::Key => t.key,
                Tier::Ordinary => t.ordinary,
                Tier::BelowCost => t.below_cost,
            } as f64)
        };
        charts::bar(
            &BarChart {
                id: "chart-tiers".into(),
                title: self.t("chart_tiers"),
                x_label: self.t("col_kind"),
                y_label: self.t("axis_customers"),
                categories: vec![self.kind(Kind::Retail), self.kind(Kind::Corporate)],
                series: Tier::ALL
                    .iter()
                    .map(|&t| Series { name: self.tier(t), values: vec![get(&r, t), get(&c, t)] })
                    .collect(),
                stacked: true,
                horizontal: true,
            },
            &count_fmt,
        )
    }

    pub(super) fn lorenz_chart(&self, scope: Scope) -> Chart {
        let data = self.m.scope_data(scope);
        let p = &data.pareto;
        charts::lorenz(
            &LorenzChart {
                id: "chart-lorenz".into(),
                title: self.t("chart_lorenz"),
                x_label: self.t("axis_customer_share"),
                y_label: self.t("axis_contribution_share"),
                curve_label: self.t("lorenz_curve"),
                equality_label: self.t("lorenz_equality"),
                points: p.overall.curve.iter().map(|q| (q.customers, q.contribution)).collect(),
            },
            &pct,
        )
    }

    pub(super) fn levels_chart(&self, scope: Scope) -> Chart {
        let data = self.m.scope_data(scope);
        let c = &data.counts;
        charts::bar(
            &BarChart {
                id: "chart-levels".into(),
                title: self.t("chart_levels"),
                x_label: self.t("col_level"),
                y_label: self.t("axis_customers"),
                categories: vec![
                    self.level(WarningLevel::Red),
                    self.level(WarningLevel::Orange),
                    self.level(WarningLevel::Yellow),
                ],
                series: vec![Series {
                    name: self.t("axis_customers"),
                    values: vec![Some(c.levels.red as f64), Some(c.levels.orange as f64), Some(c.levels.yellow as f64)],
                }],
                stacked: false,
                horizontal: false,
            },
            &count_fmt,
        )
    }

    pub(super) fn risk_chart(&self, scope: Scope) -> Chart {
        let data = self.m.scope_data(scope);
        let c = &data.counts;
        charts::bar(
            &BarChart {
                id: "chart-risk".into(),
                title: self.t("chart_risk"),
                x_label: self.t("col_risk"),
                y_label: self.t("axis_customers"),
                categories: vec![
                    self.risk(RiskClass::Watch),
                    self.risk(RiskClass::Doubtful),
                    self.risk(RiskClass::Exit),
                ],
                series: vec![Series {
                    name: self.t("axis_customers"),
                    values: vec![Some(c.risk.watch as f64), Some(c.risk.doubtful as f64), Some(c.risk.exit as f64)],
                }],
                stacked: false,
                horizontal: false,
            },
            &count_fmt,
        )
    }

    fn ranking_chart(&self) -> Chart {
        let mut bs: Vec<_> = self.m.a.performance.branches.iter().collect();
        bs.sort_by_key(|b| (b.rank.is_none(), b.rank, b.branch));
        charts::bar(
            &BarChart {
                id: "chart-ranking".into(),
                title: self.t("chart_branch_contribution"),
                x_label: self.t("col_branch"),
                y_label: self.money_axis("col_contribution"),
                categories: bs.iter().map(|b| b.branch_id.clone()).collect(),
                series: vec![Series {
                    name: self.t("col_contribution"),
                    values: bs.iter().map(|b| Some(self.cm(b.figures.contribution))).collect(),
                }],
                stacked: false,
                horizontal: true,
            },
            &num,
        )
    }

    fn migration_chart(&self, scope: Scope) -> Option<Chart> {
        let (t, _) = self.migration(scope)?;
        Some(charts::heatmap(
            &HeatMap {
                id: "chart-migration".into(),
                title: self.t("chart_migration"),
                x_label: self.t("axis_tier_now"),
                y_label: self.t("axis_tier_before"),
                rows: t.rows.iter().map(|r| r.cells[0].clone()).collect(),
                cols: t.headers[1..].to_vec(),
                cells: t
                    .rows
                    .iter()
                    .map(|r| r.cells[1..].iter().map(|c| c.replace(',', "").parse::<f64>().unwrap_or(0.0)).collect())
                    .collect(),
            },
            &count_fmt,
        ))
    }

    /// Charts of the overview / a branch page.
    pub fn scope_charts(&self, scope: Scope) -> Value {
        let mut s = Slots::with(&["trends", "tiers", "lorenz", "levels", "scores", "ranking", "migration"]);
        s.set_list("trends", self.scope_trends(scope, "chart-trend"));
        s.set("tiers", self.tiers_chart(scope));
        s.set("lorenz", self.lorenz_chart(scope));
        s.set("levels", self.levels_chart(scope));
        s.set_unit("ranking", self.ranking_chart(), self.f.chart_money().1);
        if let Some(c) = self.migration_chart(scope) {
            s.set("migration", c);
        }
        if scope != Scope::Bank {
            let ms: Vec<&ManagerPerf> = self.managers_in(scope).collect();
            if let Some(c) = self.scores_chart(&ms, "chart-scores") {
                s.set("scores", c);
            }
        }
        s.value()
    }

    pub fn branches_charts(&self) -> Value {
        let mut s = Slots::with(&["ranking"]);
        s.set_unit("ranking", self.ranking_chart(), self.f.chart_money().1);
        s.value()
    }
}
