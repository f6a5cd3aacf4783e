//! The chart of the data-quality page: customers per month in the data.

use branchlens_charts::{self as charts, BarChart, Series};
use branchlens_i18n::Msg;
use minijinja::Value;

use super::{count_fmt, Slots};
use crate::pages::Ctx;

impl Ctx<'_> {
    pub fn quality_charts(&self) -> Value {
        let ds = self.m.a.ds;
        let mut s = Slots::with(&["periods"]);
        let site = self.site;
        s.set(
            "periods",
            charts::bar(
                &BarChart {
                    id: "chart-periods".into(),
                    title: self.t(Msg::ChartPeriods),
                    x_label: self.t(Msg::AxisMonth),
                    y_label: self.t(Msg::AxisCustomers),
                    categories: ds.periods.iter().map(|&p| self.f.period_short(p)).collect(),
                    series: vec![Series {
                        name: self.t(Msg::AxisCustomers),
                        values: self.m.scope_data(site).data_rows.iter().map(|&n| Some(n as f64)).collect(),
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
