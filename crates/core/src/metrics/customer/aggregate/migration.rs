//! The tier migration matrix between the position before `L` and `L`, with new and lost
//! customers.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::customer::{CustomerMetric, CustomerMetrics, Positions, Tier};
use crate::model::{CustomerRow, Dataset, Period};

/// A row or column of the migration matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierState {
    /// Not present in the month before (rows only).
    New,
    Vip,
    Key,
    Ordinary,
    BelowCost,
    /// Present in the month before, not in `L` (columns only).
    Lost,
}

impl TierState {
    pub const ALL: [TierState; 6] =
        [TierState::New, TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::Lost];
    pub fn code(self) -> &'static str {
        match self {
            TierState::New => "new",
            TierState::Vip => "vip",
            TierState::Key => "key",
            TierState::Ordinary => "ordinary",
            TierState::BelowCost => "below_cost",
            TierState::Lost => "lost",
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<Tier> for TierState {
    fn from(t: Tier) -> TierState {
        match t {
            Tier::Vip => TierState::Vip,
            Tier::Key => TierState::Key,
            Tier::Ordinary => TierState::Ordinary,
            Tier::BelowCost => TierState::BelowCost,
        }
    }
}

/// The tier migration matrix: `cells[from][to]` customers, indexed by [`TierState::index`]
/// (rows: new, vip, key, ordinary, below_cost, lost-unused; columns: new-unused, vip, key,
/// ordinary, below_cost, lost).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Migration {
    /// The position before `L`, if any.
    pub from: Option<Period>,
    pub to: Period,
    pub states: [TierState; 6],
    pub cells: [[usize; 6]; 6],
}

impl Migration {
    pub fn get(&self, from: TierState, to: TierState) -> usize {
        self.cells[from.index()][to.index()]
    }
}

/// One customer of the month before or of `L` in the migration: its state before and after, the
/// row that places it in a group (its `L` row; for a lost customer its row the month before) and,
/// for a lost customer, its index in the metrics of the month before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub from: TierState,
    pub to: TierState,
    pub row: usize,
    pub lost: Option<usize>,
}

/// Every customer of `before` or `cur` (both sorted by customer id) once, in customer-id order.
pub(crate) fn steps<'a>(before: &'a [CustomerMetric], cur: &'a [CustomerMetric]) -> impl Iterator<Item = Step> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let step = match (before.get(i), cur.get(j)) {
            (Some(a), Some(b)) if a.customer == b.customer => {
                i += 1;
                j += 1;
                Step { from: TierState::from(a.tier), to: TierState::from(b.tier), row: b.row, lost: None }
            }
            (Some(a), Some(b)) if a.customer < b.customer => {
                i += 1;
                Step { from: TierState::from(a.tier), to: TierState::Lost, row: a.row, lost: Some(i - 1) }
            }
            (Some(a), None) => {
                i += 1;
                Step { from: TierState::from(a.tier), to: TierState::Lost, row: a.row, lost: Some(i - 1) }
            }
            (_, Some(b)) => {
                j += 1;
                Step { from: TierState::New, to: TierState::from(b.tier), row: b.row, lost: None }
            }
            (None, None) => return None,
        };
        Some(step)
    })
}

/// The migration from the tiers of `prev` (the metrics of the position before `L`, or `None`)
/// to those of `cur`, over customers matching `filter` (see the module notes).
pub fn tier_migration_between(
    ds: &Dataset,
    prev: Option<&CustomerMetrics>,
    cur: &CustomerMetrics,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Migration {
    let mut cells = [[0usize; 6]; 6];
    let before = prev.map_or(&[][..], |p| p.customers.as_slice());
    for s in steps(before, &cur.customers) {
        if ds.customers.get(s.row).is_some_and(&filter) {
            cells[s.from.index()][s.to.index()] += 1;
        }
    }
    Migration { from: prev.map(|p| p.period), to: cur.period, states: TierState::ALL, cells }
}

/// The tier migration into `cur` (the metrics of `L`), computing the tiers of the position
/// before `L` with [`crate::metrics::customer::customer_metrics`] as of that period.
pub fn tier_migration(
    ds: &Dataset,
    cfg: &Config,
    cur: &CustomerMetrics,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Migration {
    let prev = Positions::new(ds, cur.period).prev().map(|p| crate::metrics::customer::customer_metrics(ds, cfg, p));
    tier_migration_between(ds, prev.as_ref(), cur, filter)
}
