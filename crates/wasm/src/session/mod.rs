//! The explorer's state, in plain Rust (tested natively): the decoded bundle, the configuration
//! in force, the per-customer metrics computed by `branchlens_core::metrics` and the current
//! selection. `lib.rs` wraps it for JavaScript and converts its errors in one place.
//!
//! Index `i` everywhere is the position of a customer in the metrics of `L` (customer id order).
//! The submodules add the session's operations: `columns` (the page's tables and columns),
//! `params` (re-scoring with new parameters, their JSON and TOML), `diff` (moves against the
//! build), `filter`, `sort`, `totals`, `groups` and `export` (the call-list CSV).

use branchlens_bundle::{self as bundle, Bundle};
use branchlens_core::calibrate::churn;
use branchlens_core::config::{Config, Lang};
use branchlens_core::metrics::customer::{customer_metrics, CustomerMetrics, WarningLevel};
use branchlens_core::{CustomerRow, Dataset, Period};

mod columns;
mod diff;
mod error;
mod export;
mod filter;
mod groups;
mod params;
mod sort;
mod totals;

pub use diff::Diff;
pub use error::ExplorerError;
pub use export::safe;
pub use filter::Filter;
pub use groups::Group;
pub use totals::Totals;

/// The explorer's state.
#[derive(Debug)]
pub struct Session {
    b: Bundle,
    /// The configuration in force.
    cfg: Config,
    metrics: CustomerMetrics,
    /// P(churn) of index `i` from the configured `[churn_model]` (core `calibrate::churn::predict`);
    /// NaN everywhere when no model is in force.
    churn_p: Vec<f64>,
    base_tier: Vec<u8>,
    base_level: Vec<u8>,
    /// Every index, in the display order (see [`Session::sort`]).
    order: Vec<u32>,
    sort_key: String,
    sort_desc: bool,
    /// Whether index `i` matches the current filter.
    picked: Vec<bool>,
    /// The current selection: the picked indices in display order.
    sel: Vec<u32>,
    lang: Lang,
}

fn level_index(l: WarningLevel) -> u8 {
    l.index() as u8
}

/// P(churn) of every customer of `metrics` under `cfg`'s `[churn_model]`, by index; NaN for
/// a customer `predict` does not score (none when a model is in force) and for everyone without
/// a model.
fn model_probabilities(ds: &Dataset, cfg: &Config, period: Period, metrics: &CustomerMetrics) -> Vec<f64> {
    let mut p = vec![f64::NAN; metrics.customers.len()];
    if cfg.churn_model.is_some() {
        for (c, v) in churn::predict(ds, cfg, period) {
            if let Ok(i) = metrics.customers.binary_search_by_key(&c, |m| m.customer) {
                p[i] = v;
            }
        }
    }
    p
}

impl Session {
    /// Decodes `bytes` and scores `L` with the build's configuration.
    pub fn new(bytes: &[u8], lang: Lang) -> Result<Session, ExplorerError> {
        let b = bundle::decode(bytes)?;
        let cfg = b.config.clone();
        let metrics = customer_metrics(&b.dataset, &cfg, b.period);
        let churn_p = model_probabilities(&b.dataset, &cfg, b.period, &metrics);
        let base_tier = metrics.customers.iter().map(|m| m.tier.index() as u8).collect();
        let base_level = metrics.customers.iter().map(|m| level_index(m.churn_level)).collect();
        let n = metrics.customers.len();
        let order: Vec<u32> = (0..n as u32).collect();
        Ok(Session {
            b,
            cfg,
            metrics,
            churn_p,
            base_tier,
            base_level,
            sel: order.clone(),
            order,
            sort_key: "id".to_owned(),
            sort_desc: false,
            picked: vec![true; n],
            lang,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn dataset(&self) -> &Dataset {
        &self.b.dataset
    }

    pub fn period(&self) -> Period {
        self.b.period
    }

    pub fn metrics(&self) -> &CustomerMetrics {
        &self.metrics
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Whether a fitted `[churn_model]` is in force (then `score_column("p_churn")` holds its
    /// probabilities); otherwise the rule-based points are the only churn scoring.
    pub fn model_in_force(&self) -> bool {
        self.cfg.churn_model.is_some()
    }

    /// P(churn) by index from the `[churn_model]` in force (NaN without a model).
    pub fn churn_probabilities(&self) -> &[f64] {
        &self.churn_p
    }

    pub fn len(&self) -> usize {
        self.metrics.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.metrics.customers.is_empty()
    }

    fn row(&self, i: usize) -> Option<&CustomerRow> {
        self.metrics.customers.get(i).and_then(|m| self.b.dataset.customers.get(m.row))
    }

    /// The name of every manager by symbol index (`""` for an id without a managers.csv row).
    fn manager_names(&self) -> Vec<&str> {
        let ds = &self.b.dataset;
        let mut names = vec![""; ds.manager_ids.len()];
        for m in &ds.managers {
            if let Some(n) = names.get_mut(m.manager.index()) {
                *n = ds.text(m.name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests;
