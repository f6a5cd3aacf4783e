//! Customer metrics (客户指标) in a month `L = as_of`, per docs/metrics.md: value
//! tiers (客户分层) and `rising`, churn early warning (流失预警) with reason codes, and the
//! relationship risk class (银企关系分类). Aggregates over customers (Pareto 二八, loan quality
//! 五级分类, counts, tier migration, cross-sell, industries, 环比/同比 headlines) are in
//! [`aggregate`] and re-exported here, as is the call list ([`at_risk`], [`sort_at_risk`]).
//!
//! Every function takes `as_of`: customer rows after it are ignored, `P` is the sorted list of
//! distinct periods ≤ `as_of` in the data, and `L = as_of`. "The last 3 months", "the month
//! before" and the like are *positions* in `P`, not calendar months.
//!
//! # Readings of docs/metrics.md (where the text leaves a choice)
//!
//! - **`as_of` not in `P`**: nobody is "present in `L`", so every per-customer list is empty
//!   (no fallback to an earlier month: a report for a month without data is empty, not silently
//!   another month's).
//! - **Windows**: `s3` averages the customer's rows in the last `tiers.window` positions of `P`
//!   up to `L` (always ≥ 1 row: the customer is present in `L`); `p3` the `tiers.window`
//!   positions before those (`None` without rows). The funds/transaction baseline averages the
//!   rows in the `churn.baseline_window` positions before `L`; complaints are summed over the
//!   `churn.complaints_window` positions ending at `L`; `PRODUCT_LOST` compares with the
//!   position just before `L`.
//! - **Graded signals** (`FUNDS30`/`FUNDS60`, `TXN0`/`TXN50`, `NO_CONTACT90`/`NO_CONTACT180`,
//!   `COMPLAINTS1`/`COMPLAINTS3`) are one signal each: only the higher grade fires and leaves
//!   its code (e.g. a 70% drop gives `FUNDS60` and 40 points, not 25 + 40).
//! - **Tiers** rank the customers of one kind (kind of the `L` row) by `s3` descending, ties by
//!   customer id. `vip` for rank ≤ `ceil(vip_share·n)`, `key` for rank ≤ `ceil(key_share·n)`
//!   (computed in integers on the share in parts per million, like the performance module); a
//!   customer with `s3 < 0` is `below_cost` even at such a rank, and its place is not handed on
//!   (ranks are not recomputed without it). `s3 = 0` is not below cost.
//! - **Funds drop** (`funds_drop`) is `Some` only when the baseline exists and
//!   `f_prev ≥ churn.funds_min_baseline` ("as defined above" in the risk rules includes that
//!   minimum); it may be negative (funds grew). The drop is one division of exact fen integers,
//!   `(Σf_prev − k·f) / Σf_prev`, so a drop of exactly 30% compares equal to `0.3`.
//! - **`t_prev`** likewise is `Σtxn / k` in one division; `TXN50` fires when
//!   `0 < txn ≤ txn_half_ratio·t_prev`.
//! - **Manager state in `L`**: the manager's latest managers.csv row with `period ≤ L`, else its
//!   undated row; a manager with only rows after `L` is *not known in `L`* (like an id missing
//!   from managers.csv): `UNASSIGNED` for vip/key, and no `MANAGER_LEFT`.
//! - **`NO_CONTACT`**: days = `L.last_day − last_contact`; a last_contact after the end of `L`
//!   gives negative days and does not fire.
//! - **Risk class**: overdue_days empty = 0. `exit`: loss, or doubtful with overdue >
//!   `risk.exit_doubtful_overdue_days`; `doubtful`: substandard or doubtful, or overdue >
//!   `risk.doubtful_overdue_days`; `watch`: special, or overdue ≥ 1, or `funds_drop ≥
//!   risk.watch_funds_drop`. The class uses [`CustomerRow::effective_loan_class`].

use serde::{Serialize, Serializer};

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::metrics::manager_state;
use crate::model::{CustomerRow, Dataset, Kind, Period, Status, Sym};

pub mod aggregate;
mod call_list;
mod churn;
mod risk;
mod tiers;
mod windows;

pub use aggregate::*;
pub use call_list::{at_risk, call_list, call_order, sort_at_risk};
pub use churn::{Reason, Reasons, WarningLevel};
pub use risk::{risk_class, RiskClass};
pub use tiers::Tier;
pub(crate) use windows::{find, Positions};

use churn::{churn, ChurnInputs};
use tiers::assign_tiers;
use windows::{baseline, cursors, funds_drop, mean_contribution, Cursor};

/// Serializes a [`Sym`] as its index (the report resolves it through the [`Dataset`]).
pub(crate) fn ser_sym<S: Serializer>(v: &Sym, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(v.0)
}

/// Serializes an optional [`Sym`] as its index or `null`.
pub(crate) fn ser_opt_sym<S: Serializer>(v: &Option<Sym>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&v.0),
        None => s.serialize_none(),
    }
}

// ---------------------------------------------------------------------------------------------
// Per-customer metrics
// ---------------------------------------------------------------------------------------------

/// The metrics of one customer present in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerMetric {
    /// Into [`Dataset::customer_ids`] (serialized as the index).
    #[serde(serialize_with = "ser_sym")]
    pub customer: Sym,
    /// Index of the customer's `L` row in [`Dataset::customers`].
    pub row: usize,
    /// Kind of the `L` row (tiers are per kind).
    pub kind: Kind,
    /// Branch of the `L` row (serialized as the index).
    #[serde(serialize_with = "ser_sym")]
    pub branch: Sym,
    /// Manager of the `L` row (serialized as the index).
    #[serde(serialize_with = "ser_opt_sym")]
    pub manager: Option<Sym>,
    /// Contribution in `L`, yuan.
    pub contribution: f64,
    /// Mean contribution over the customer's rows in the last `tiers.window` positions.
    pub s3: f64,
    /// Mean contribution over the customer's rows in the window before; `None` without rows.
    pub p3: Option<f64>,
    pub tier: Tier,
    pub rising: bool,
    /// Churn points, capped at `churn.cap`.
    pub churn_points: u32,
    pub churn_level: WarningLevel,
    pub reasons: Reasons,
    /// `1 − f/f_prev` when the baseline exists and `f_prev ≥ churn.funds_min_baseline`.
    pub funds_drop: Option<f64>,
    pub risk_class: RiskClass,
}

/// The metrics of every customer present in `L = as_of`, sorted by customer id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerMetrics {
    /// `L`.
    pub period: Period,
    /// Whether `L` is a period of the data (else `customers` is empty).
    pub has_data: bool,
    pub customers: Vec<CustomerMetric>,
}

impl CustomerMetrics {
    /// The metric of `customer`, if present in `L`.
    pub fn get(&self, customer: Sym) -> Option<&CustomerMetric> {
        self.customers.binary_search_by_key(&customer, |m| m.customer).ok().and_then(|i| self.customers.get(i))
    }
}

/// The metrics of every customer present in `L = as_of`, sorted by customer id. Rows after
/// `as_of` are ignored.
pub fn customer_metrics(ds: &Dataset, cfg: &Config, as_of: Period) -> CustomerMetrics {
    let pos = Positions::new(ds, as_of);
    let Some(l) = pos.l else {
        return CustomerMetrics { period: as_of, has_data: false, customers: Vec::new() };
    };
    let slices = |ps: &[Period]| -> Vec<&[CustomerRow]> { ps.iter().map(|&p| ds.rows_in(p)).collect() };
    let window = usize::try_from(cfg.tiers.window).unwrap_or(usize::MAX).max(1);
    let mut s3_win = cursors(&slices(pos.before(l + 1, window)));
    let mut p3_win = cursors(&slices(pos.before((l + 1).saturating_sub(window), window)));
    let mut base_win =
        cursors(&slices(pos.before(l, usize::try_from(cfg.churn.baseline_window).unwrap_or(usize::MAX))));
    let mut compl_win =
        cursors(&slices(pos.before(l + 1, usize::try_from(cfg.churn.complaints_window).unwrap_or(usize::MAX))));
    let mut prev_rows = Cursor::new(pos.prev().map_or(&[], |p| ds.rows_in(p)));
    // Manager states by manager sym, looked up once per manager.
    let mut manager_status: Vec<Option<Option<Status>>> = vec![None; ds.manager_ids.len()];

    let start = ds.customers.partition_point(|r| r.period < as_of);
    let l_rows = ds.rows_in(as_of);

    // Pass 1: contribution, s3, p3, rising; tiers need every customer of the kind.
    let mut out: Vec<CustomerMetric> = l_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let s3 = mean_contribution(&mut s3_win, r.customer, cfg).unwrap_or(0.0);
            let p3 = mean_contribution(&mut p3_win, r.customer, cfg);
            let rising = p3.is_some_and(|p| p > 0.0 && s3 >= cfg.tiers.rising_factor * p);
            CustomerMetric {
                customer: r.customer,
                row: start + i,
                kind: r.kind,
                branch: r.branch,
                manager: r.manager,
                contribution: contribution(r, &cfg.contribution),
                s3,
                p3,
                tier: Tier::Ordinary,
                rising,
                churn_points: 0,
                churn_level: WarningLevel::None,
                reasons: Reasons::default(),
                funds_drop: None,
                risk_class: RiskClass::Normal,
            }
        })
        .collect();
    assign_tiers(&mut out, &cfg.tiers);

    // Pass 2: churn and risk.
    for (m, r) in out.iter_mut().zip(l_rows) {
        let b = baseline(&mut base_win, r.customer);
        let drop = funds_drop(r, &b, cfg.churn.funds_min_baseline);
        let complaints: u64 = compl_win
            .iter_mut()
            .filter_map(|rows| rows.find(r.customer))
            .map(|x| u64::from(x.complaints.unwrap_or(0)))
            .sum();
        let status_of = |mg: Sym| manager_state(ds, mg, as_of).map(|s| s.status);
        let status = r.manager.and_then(|mg| match manager_status.get_mut(mg.index()) {
            Some(Some(known)) => *known,
            Some(slot) => *slot.insert(status_of(mg)),
            None => status_of(mg),
        });
        let inputs = ChurnInputs {
            tier: m.tier,
            baseline: b,
            funds_drop: drop,
            prev_row: prev_rows.find(r.customer),
            complaints,
            manager_status: status,
            columns: ds.columns,
        };
        let ch = churn(r, as_of, &inputs, &cfg.churn);
        m.churn_points = ch.points;
        m.churn_level = WarningLevel::from_points(ch.points, &cfg.churn);
        m.reasons = ch.reasons;
        m.funds_drop = drop;
        m.risk_class = risk_class(r, drop, &cfg.risk);
    }
    CustomerMetrics { period: as_of, has_data: true, customers: out }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
