//! The charts of the segments page: tiers, Lorenz curve, contribution histogram, cross-sell
//! depth and products, industries.

use branchlens_charts::{self as charts, BarChart, Chart, HistogramChart, Series};
use branchlens_core::metrics::customer::CustomerMetric;
use branchlens_core::Kind;
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{count_fmt, num, pct, Slots};
use crate::model::Scope;
use crate::pages::Ctx;

impl Ctx<'_> {
    pub fn segments_charts(&self, scope: Scope) -> Value {
        let mut s = Slots::with(&["tiers", "lorenz", "contribution", "depth", "products", "industries"]);
        s.set("tiers", self.tiers_chart(scope));
        s.set("lorenz", self.lorenz_chart(scope));
        if let Some(c) = self.contribution_histogram(scope) {
            s.set("contribution", c);
        }
        let data = self.m.scope_data(scope);
        let cs = &data.cross_sell;
        s.set(
            "depth",
            charts::bar(
                &BarChart {
                    id: "chart-depth".into(),
                    title: self.t(Msg::ChartDepth),
                    x_label: self.t(Msg::ColProductsHeld),
                    y_label: self.t(Msg::AxisCustomers),
                    categories: (0..cs.histogram.len()).map(|d| d.to_string()).collect(),
                    series: vec![Series {
                        name: self.t(Msg::AxisCustomers),
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
                    title: self.t(Msg::ChartProducts),
                    x_label: self.t(Msg::ColProduct),
                    y_label: self.t(Msg::ColShare),
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
                        title: self.t(Msg::ChartIndustries),
                        x_label: self.t(Msg::ColIndustry),
                        y_label: self.money_axis(Msg::AxisAmount),
                        categories: ind.iter().map(|r| self.industry(r.industry.map(|i| i.letter()))).collect(),
                        series: vec![
                            Series {
                                name: self.t(Msg::ColDeposits),
                                values: ind.iter().map(|r| Some(self.cm(r.deposits.yuan()))).collect(),
                            },
                            Series {
                                name: self.t(Msg::ColLoans),
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

    /// Contribution histogram between the 1st and 99th percentile (the tails would squeeze
    /// every other bar into one); the title says so. `None` for a scope without customers.
    fn contribution_histogram(&self, scope: Scope) -> Option<Chart> {
        let mut values: Vec<f64> = self.m.customers(scope).map(|c: &CustomerMetric| self.cm(c.contribution)).collect();
        values.sort_by(f64::total_cmp);
        if values.is_empty() {
            return None;
        }
        let lo = values[(values.len() - 1) / 100];
        let hi = values[(values.len() - 1) * 99 / 100];
        let inner: Vec<f64> = values.iter().copied().filter(|&v| v >= lo && v <= hi).collect();
        Some(charts::histogram(
            &HistogramChart {
                id: "chart-contribution".into(),
                title: self.t(Msg::ChartContributionHist),
                x_label: self.money_axis(Msg::ColContribution),
                y_label: self.t(Msg::AxisCustomers),
                values: inner,
                bins: 30,
            },
            &num,
        ))
    }
}
