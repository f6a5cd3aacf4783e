//! The charts of each page, drawn by [`branchlens_charts`] from the model. Every page gets a map of
//! chart slots (`charts.<name>` in the templates); a slot with nothing to show is `none`.
//!
//! Amounts are drawn in one unit per chart (yuan or 万元, see [`Fmt::chart_money`]); shares in
//! percent. Strings are translated here; the charts module escapes them into the SVG.

use std::collections::BTreeMap;

use branchlens_core::metrics::customer::RiskClass;
use branchlens_core::metrics::customer::{CustomerMetric, Tier, WarningLevel};
use branchlens_core::metrics::performance::ManagerPerf;
use branchlens_core::{Kind, LoanClass};
use minijinja::Value;
use serde::Serialize;

use crate::format::{chart_number, chart_pct};
use crate::model::Scope;
use crate::pages::Ctx;
use branchlens_charts::{self as charts, BarChart, Chart, HeatMap, HistogramChart, LineChart, LorenzChart, Series};

/// A chart as the templates see it.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl From<Chart> for ChartView {
    fn from(c: Chart) -> ChartView {
        ChartView { id: c.id, title: c.title, svg: c.svg, headers: c.table.headers, rows: c.table.rows }
    }
}

/// The chart slots of one page.
#[derive(Debug, Default)]
pub struct Slots(BTreeMap<&'static str, Value>);

impl Slots {
    fn with(names: &[&'static str]) -> Slots {
        Slots(names.iter().map(|&n| (n, Value::from(()))).collect())
    }
    fn set(&mut self, name: &'static str, c: Chart) {
        self.0.insert(name, Value::from_serialize(ChartView::from(c)));
    }
    /// Like [`Slots::set`], naming `unit` in the data table's value columns.
    fn set_unit(&mut self, name: &'static str, c: Chart, unit: &str) {
        self.0.insert(name, Value::from_serialize(with_unit(ChartView::from(c), unit)));
    }
    fn set_list(&mut self, name: &'static str, cs: Vec<(Chart, Option<&str>)>) {
        let v: Vec<ChartView> = cs
            .into_iter()
            .map(|(c, unit)| match unit {
                Some(u) => with_unit(ChartView::from(c), u),
                None => ChartView::from(c),
            })
            .collect();
        self.0.insert(name, Value::from_serialize(v));
    }
    pub fn value(self) -> Value {
        Value::from_iter(self.0)
    }
}

/// The data table of a money chart with the unit in its value columns' headers.
fn with_unit(mut v: ChartView, unit: &str) -> ChartView {
    for h in v.headers.iter_mut().skip(1) {
        *h = format!("{h} ({unit})");
    }
    v
}

/// Bins of 5 points (the usual step of the point values), at most 20.
fn point_bins(points: &[f64]) -> usize {
    let lo = points.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = points.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return 1;
    }
    (((hi - lo) / 5.0).ceil() as usize).clamp(1, 20)
}

fn num(x: f64) -> String {
    chart_number(x)
}

fn pct(x: f64) -> String {
    chart_pct(x)
}

fn count_fmt(x: f64) -> String {
    chart_number(x.round())
}

impl Ctx<'_> {
    fn money_axis(&self, key: &str) -> String {
        format!("{} ({})", self.t(key), self.f.chart_money().1)
    }

    fn cm(&self, yuan: f64) -> f64 {
        yuan / self.f.chart_money().0
    }

    fn months(&self) -> Vec<String> {
        self.m.periods.iter().map(|&p| self.f.period_short(p)).collect()
    }

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

    fn tiers_chart(&self, scope: Scope) -> Chart {
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

    fn lorenz_chart(&self, scope: Scope) -> Chart {
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

    fn levels_chart(&self, scope: Scope) -> Chart {
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

    fn risk_chart(&self, scope: Scope) -> Chart {
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

    fn scores_chart(&self, managers: &[&ManagerPerf], id: &str) -> Option<Chart> {
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

    pub fn segments_charts(&self, scope: Scope) -> Value {
        let mut s = Slots::with(&["tiers", "lorenz", "contribution", "depth", "products", "industries"]);
        s.set("tiers", self.tiers_chart(scope));
        s.set("lorenz", self.lorenz_chart(scope));
        // Contribution histogram between the 1st and 99th percentile (the tails would squeeze
        // every other bar into one); the title says so.
        let mut values: Vec<f64> = self.m.customers(scope).map(|c: &CustomerMetric| self.cm(c.contribution)).collect();
        values.sort_by(f64::total_cmp);
        if !values.is_empty() {
            let lo = values[(values.len() - 1) / 100];
            let hi = values[(values.len() - 1) * 99 / 100];
            let inner: Vec<f64> = values.iter().copied().filter(|&v| v >= lo && v <= hi).collect();
            s.set(
                "contribution",
                charts::histogram(
                    &HistogramChart {
                        id: "chart-contribution".into(),
                        title: self.t("chart_contribution_hist"),
                        x_label: self.money_axis("col_contribution"),
                        y_label: self.t("axis_customers"),
                        values: inner,
                        bins: 30,
                    },
                    &num,
                ),
            );
        }
        let data = self.m.scope_data(scope);
        let cs = &data.cross_sell;
        s.set(
            "depth",
            charts::bar(
                &BarChart {
                    id: "chart-depth".into(),
                    title: self.t("chart_depth"),
                    x_label: self.t("col_products_held"),
                    y_label: self.t("axis_customers"),
                    categories: (0..cs.histogram.len()).map(|d| d.to_string()).collect(),
                    series: vec![Series {
                        name: self.t("axis_customers"),
                        values: cs.histogram.iter().map(|&n| Some(n as f64)).collect(),
                    }],
                    stacked: false,
                    horizontal: false,
                },
                &count_fmt,
            ),
        );
        s.set(
            "products",
            charts::bar(
                &BarChart {
                    id: "chart-products".into(),
                    title: self.t("chart_products"),
                    x_label: self.t("col_product"),
                    y_label: self.t("col_share"),
                    categories: cs.products.iter().map(|p| p.code.clone()).collect(),
                    series: vec![
                        Series {
                            name: self.kind(Kind::Retail),
                            values: cs.products.iter().map(|p| p.retail_share).collect(),
                        },
                        Series {
                            name: self.kind(Kind::Corporate),
                            values: cs.products.iter().map(|p| p.corporate_share).collect(),
                        },
                    ],
                    stacked: false,
                    horizontal: true,
                },
                &pct,
            ),
        );
        let ind = &data.industries;
        if !ind.is_empty() {
            s.set_unit(
                "industries",
                charts::bar(
                    &BarChart {
                        id: "chart-industries".into(),
                        title: self.t("chart_industries"),
                        x_label: self.t("col_industry"),
                        y_label: self.money_axis("axis_amount"),
                        categories: ind.iter().map(|r| self.industry(r.industry.map(|i| i.letter()))).collect(),
                        series: vec![
                            Series {
                                name: self.t("col_deposits"),
                                values: ind.iter().map(|r| Some(self.cm(r.deposits.yuan()))).collect(),
                            },
                            Series {
                                name: self.t("col_loans"),
                                values: ind.iter().map(|r| Some(self.cm(r.loans.yuan()))).collect(),
                            },
                        ],
                        stacked: false,
                        horizontal: true,
                    },
                    &num,
                ),
                self.f.chart_money().1,
            );
        }
        s.value()
    }

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
                    title: self.t("chart_points"),
                    x_label: self.t("col_points"),
                    y_label: self.t("axis_customers"),
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
                    title: self.t("chart_reasons"),
                    x_label: self.t("col_reason"),
                    y_label: self.t("axis_customers"),
                    categories: c.reasons.iter().map(|r| r.reason.code().to_string()).collect(),
                    series: vec![Series {
                        name: self.t("axis_customers"),
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
            let per = |f: &dyn Fn(&CustomerMetric) -> bool| -> Vec<Option<f64>> {
                branches
                    .iter()
                    .map(|bp| Some(self.m.customers(Scope::Branch(bp.branch)).filter(|c| f(c)).count() as f64))
                    .collect()
            };
            type W = WarningLevel;
            s.set(
                "by_branch",
                charts::bar(
                    &BarChart {
                        id: "chart-levels-by-branch".into(),
                        title: self.t("chart_levels_by_branch"),
                        x_label: self.t("col_branch"),
                        y_label: self.t("axis_customers"),
                        categories: branches.iter().map(|b| b.branch_id.clone()).collect(),
                        series: vec![
                            Series { name: self.level(W::Red), values: per(&|c| c.churn_level == W::Red) },
                            Series { name: self.level(W::Orange), values: per(&|c| c.churn_level == W::Orange) },
                            Series { name: self.level(W::Yellow), values: per(&|c| c.churn_level == W::Yellow) },
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

    pub fn loans_charts(&self, scope: Scope) -> Value {
        let a = self.m.a;
        let mut s = Slots::with(&["classes", "npl_trend", "by_branch"]);
        let mm = self.m.monthly(scope);
        s.set(
            "npl_trend",
            charts::line(
                &LineChart {
                    id: "chart-npl-trend".into(),
                    title: self.t("chart_npl_trend"),
                    x_label: self.t("axis_month"),
                    y_label: self.t("col_npl_ratio"),
                    categories: self.months(),
                    series: vec![Series {
                        name: self.t("col_npl_ratio"),
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
                    title: self.t("chart_classes_by_branch"),
                    x_label: self.t("col_branch"),
                    y_label: self.money_axis("col_loans"),
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
                    title: self.t("chart_classes"),
                    x_label: self.t("col_class"),
                    y_label: self.money_axis("col_balance"),
                    categories: LoanClass::ALL.iter().map(|&c| self.class(c)).collect(),
                    series: vec![Series {
                        name: self.t("col_balance"),
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

    pub fn quality_charts(&self) -> Value {
        let ds = self.m.a.ds;
        let mut s = Slots::with(&["periods"]);
        let site = self.site;
        s.set(
            "periods",
            charts::bar(
                &BarChart {
                    id: "chart-periods".into(),
                    title: self.t("chart_periods"),
                    x_label: self.t("axis_month"),
                    y_label: self.t("axis_customers"),
                    categories: ds.periods.iter().map(|&p| self.f.period_short(p)).collect(),
                    series: vec![Series {
                        name: self.t("axis_customers"),
                        values: ds
                            .periods
                            .iter()
                            .map(|&p| Some(ds.rows_in(p).iter().filter(|r| site.has(r.branch)).count() as f64))
                            .collect(),
                    }],
                    stacked: false,
                    horizontal: false,
                },
                &count_fmt,
            ),
        );
        s.value()
    }
}
