//! The charts of the overview and branch pages (trends, tiers, Lorenz curve, warning levels,
//! the branch ranking, tier migration, managers' scores) and of branches.html.

use branchlens_charts::{self as charts, BarChart, Chart, HeatMap, LineChart, LorenzChart, Series};
use branchlens_core::metrics::customer::{RiskClass, Tier, WarningLevel};
use branchlens_core::metrics::performance::ManagerPerf;
use branchlens_core::Kind;
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{count_fmt, num, pct, Slots};
use crate::model::Scope;
use crate::pages::Ctx;

impl Ctx<'_> {
    /// Trend lines of a scope over all months: balances, and contribution with fee income.
    fn scope_trends(&self, scope: Scope, id: &str) -> Vec<(Chart, Option<&'static str>)> {
        let mm = self.m.monthly(scope);
        let series = |key: Msg, f: &dyn Fn(&crate::model::Monthly) -> f64| Series {
            name: self.t(key),
            values: mm.iter().map(|m| Some(f(m))).collect(),
        };
        let balances = LineChart {
            id: format!("{id}-balances"),
            title: self.t(Msg::ChartBalances),
            x_label: self.t(Msg::AxisMonth),
            y_label: self.money_axis(Msg::AxisAmount),
            categories: self.months(),
            series: vec![
                series(Msg::CardDeposits, &|m| self.cm(m.deposit.yuan())),
                series(Msg::CardLoans, &|m| self.cm(m.loan.yuan())),
                series(Msg::CardAum, &|m| self.cm(m.aum.yuan())),
            ],
        };
        let income = LineChart {
            id: format!("{id}-income"),
            title: self.t(Msg::ChartIncome),
            x_label: self.t(Msg::AxisMonth),
            y_label: self.money_axis(Msg::AxisAmount),
            categories: self.months(),
            series: vec![
                series(Msg::CardContribution, &|m| self.cm(m.contribution)),
                series(Msg::CardFee, &|m| self.cm(m.fee.yuan())),
            ],
        };
        let customers = LineChart {
            id: format!("{id}-customers"),
            title: self.t(Msg::ChartCustomers),
            x_label: self.t(Msg::AxisMonth),
            y_label: self.t(Msg::AxisCustomers),
            categories: self.months(),
            series: vec![series(Msg::CardCustomers, &|m| m.customers as f64)],
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
                title: self.t(Msg::ChartTiers),
                x_label: self.t(Msg::ColKind),
                y_label: self.t(Msg::AxisCustomers),
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
                title: self.t(Msg::ChartLorenz),
                x_label: self.t(Msg::AxisCustomerShare),
                y_label: self.t(Msg::AxisContributionShare),
                curve_label: self.t(Msg::LorenzCurve),
                equality_label: self.t(Msg::LorenzEquality),
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
                title: self.t(Msg::ChartLevels),
                x_label: self.t(Msg::ColLevel),
                y_label: self.t(Msg::AxisCustomers),
                categories: vec![
                    self.level(WarningLevel::Red),
                    self.level(WarningLevel::Orange),
                    self.level(WarningLevel::Yellow),
                ],
                series: vec![Series {
                    name: self.t(Msg::AxisCustomers),
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
                title: self.t(Msg::ChartRisk),
                x_label: self.t(Msg::ColRisk),
                y_label: self.t(Msg::AxisCustomers),
                categories: vec![
                    self.risk(RiskClass::Watch),
                    self.risk(RiskClass::Doubtful),
                    self.risk(RiskClass::Exit),
                ],
                series: vec![Series {
                    name: self.t(Msg::AxisCustomers),
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
                title: self.t(Msg::ChartBranchContribution),
                x_label: self.t(Msg::ColBranch),
                y_label: self.money_axis(Msg::ColContribution),
                categories: bs.iter().map(|b| b.branch_id.clone()).collect(),
                series: vec![Series {
                    name: self.t(Msg::ColContribution),
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
                title: self.t(Msg::ChartMigration),
                x_label: self.t(Msg::AxisTierNow),
                y_label: self.t(Msg::AxisTierBefore),
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
