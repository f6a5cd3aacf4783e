//! Aggregates over customers of a group (the whole bank, a branch, a kind, or any selection):
//! Pareto (二八) and the Lorenz curve, loan quality (五级分类, NPL ratio, required provision,
//! by industry), tier / warning-level / risk-class counts, the tier migration matrix, cross-sell
//! depth and product penetration (交叉销售), the industry breakdown of corporate customers, the
//! running sums of a period ([`Monthly`]) and the month-on-month (环比) / year-on-year (同比)
//! headline figures.
//!
//! Every function takes the group's own rows (one period's, in row order) or its customers, so
//! [`crate::metrics::groups`] computes a branch's figures in one pass over that branch's rows.
//! [`counts`], [`figures`] and [`tier_migration_between`] also take a `filter: impl
//! Fn(&CustomerRow) -> bool` on the customer's row (the explorer's selection; [`Group::matches`]
//! for the usual groups), implemented on the same code. Tiers, warning levels and risk classes
//! are always those of the bank-wide
//! [`CustomerMetrics`](crate::metrics::customer::CustomerMetrics) (a branch's vip is a bank vip);
//! the group only selects whom to count.
//!
//! Sums of amounts are exact ([`Amount`], fen); sums of `f64` contribution run in row order
//! (`ds.customers` is sorted by period, then customer id). Nothing iterates a hash map.
//!
//! # Readings of docs/metrics.md
//!
//! - **Pareto**: the top `ceil(top_share·n)` by latest-month contribution (descending, ties by
//!   customer id); `share = Σ max(c, 0) over the top / Σ max(c, 0) over the group`, both summed
//!   in customer-id order; `None` when the group's positive total is 0. The Lorenz curve runs
//!   over the same ranking, cumulative positive contribution over its total (so it ends at
//!   exactly (1, 1)); empty when the positive total is 0.
//! - **Migration**: membership in a group is judged on the customer's `L` row; a "lost"
//!   customer (in the position before `L`, not in `L`) on its row in that position. With no
//!   position before `L`, every customer is "new".
//! - **Provision** is `Σ_class (balance of the class) × rate`, balances summed exactly per class
//!   (the same number as summing row by row, without the rounding of many products).
//! - **Headlines**: "month-on-month" is the position before `as_of` in `P`, "year-on-year" the
//!   calendar month 12 months earlier when it is in `P`; `mom`/`yoy` are `None` otherwise.

mod counts;
mod cross_sell;
mod headlines;
mod industries;
mod loan_quality;
mod migration;
mod pareto;

pub use counts::*;
pub use cross_sell::*;
pub use headlines::*;
pub use industries::*;
pub use loan_quality::*;
pub use migration::*;
pub use pareto::*;

use serde::Serialize;

use crate::metrics::customer::ser_opt_sym;
use crate::model::{Amount, CustomerRow, Industry, Kind, Sym};

/// A group of customers: all, one branch, one kind, or one kind in one branch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Group {
    /// Only customers whose row names this branch (serialized as the index).
    #[serde(serialize_with = "ser_opt_sym")]
    pub branch: Option<Sym>,
    /// Only customers of this kind.
    pub kind: Option<Kind>,
}

impl Group {
    /// The whole bank.
    pub const ALL: Group = Group { branch: None, kind: None };
    pub fn branch(b: Sym) -> Group {
        Group { branch: Some(b), kind: None }
    }
    pub fn kind(k: Kind) -> Group {
        Group { branch: None, kind: Some(k) }
    }
    /// Whether `r` belongs to the group.
    pub fn matches(&self, r: &CustomerRow) -> bool {
        self.branch.is_none_or(|b| r.branch == b) && self.kind.is_none_or(|k| r.kind == k)
    }
}

/// Industry slots of the breakdowns: 0..=19 for the sections A..=T, 20 for none (or another
/// letter).
const INDUSTRY_SLOTS: usize = 21;

fn industry_slot(i: Option<Industry>) -> usize {
    match i {
        Some(Industry(c)) if (b'A'..=b'T').contains(&c) => usize::from(c - b'A'),
        _ => INDUSTRY_SLOTS - 1,
    }
}

fn slot_industry(slot: usize) -> Option<Industry> {
    u8::try_from(slot).ok().filter(|&s| s < 20).map(|s| Industry(b'A' + s))
}

fn add(a: &mut Amount, b: Amount) {
    a.0 = a.0.saturating_add(b.0);
}

/// `num / den` as a share; `None` when `den` is 0.
fn share(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Amount ratio in one division of the exact fen values; `None` when `den` is 0.
fn amount_ratio(num: Amount, den: Amount) -> Option<f64> {
    (den.0 != 0).then(|| num.0 as f64 / den.0 as f64)
}

/// Relative change `now / before − 1`; `None` when `before` is 0 or either is not finite.
pub fn growth(now: f64, before: f64) -> Option<f64> {
    let g = now / before - 1.0;
    (before != 0.0 && g.is_finite()).then_some(g)
}

#[cfg(test)]
mod tests;
