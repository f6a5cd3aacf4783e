//! The charts of each page, drawn by [`branchlens_charts`] from the model, one module per page
//! family. Every page gets a map of chart slots (`charts.<name>` in the templates); a slot with
//! nothing to show is `none`.
//!
//! Amounts are drawn in one unit per chart (yuan or 万元, see [`Fmt::chart_money`]); shares in
//! percent. Strings are translated here; the charts crate escapes them into the SVG.
//!
//! [`Fmt::chart_money`]: crate::format::Fmt::chart_money

use branchlens_i18n::Msg;
use std::collections::BTreeMap;

use branchlens_charts::Chart;
use minijinja::Value;
use serde::Serialize;

use crate::format::{chart_number, chart_pct};
use crate::pages::Ctx;

mod loans;
mod managers;
mod quality;
mod scope;
mod segments;
mod warnings;

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
    fn money_axis(&self, m: Msg) -> String {
        format!("{} ({})", self.t(m), self.f.chart_money().1)
    }

    fn cm(&self, yuan: f64) -> f64 {
        yuan / self.f.chart_money().0
    }

    fn months(&self) -> Vec<String> {
        self.m.periods().iter().map(|&p| self.f.period_short(p)).collect()
    }
}
