//! The tier migration matrix between the position before `L` and `L`, with new and lost
//! customers.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::customer::{CustomerMetrics, Positions, Tier};
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

/// The migration from the tiers of `prev` (the metrics of the position before `L`, or `None`)
/// to those of `cur`, over customers matching `filter` (see the module notes).
pub fn tier_migration_between(
    ds: &Dataset,
    prev: Option<&CustomerMetrics>,
    cur: &CustomerMetrics,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Migration {
    let mut cells = [[0usize; 6]; 6];
    let empty = Vec::new();
    let before = prev.map_or(&empty, |p| &p.customers);
    let ok = |row: usize| ds.customers.get(row).is_some_and(&filter);
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < cur.customers.len() {
        let a = before.get(i);
        let b = cur.customers.get(j);
        let (from, to, row) = match (a, b) {
            (Some(a), Some(b)) if a.customer == b.customer => {
                i += 1;
                j += 1;
                (TierState::from(a.tier), TierState::from(b.tier), b.row)
            }
            (Some(a), Some(b)) if a.customer < b.customer => {
                i += 1;
                (TierState::from(a.tier), TierState::Lost, a.row)
            }
            (Some(a), None) => {
                i += 1;
                (TierState::from(a.tier), TierState::Lost, a.row)
            }
            (_, Some(b)) => {
                j += 1;
                (TierState::New, TierState::from(b.tier), b.row)
            }
            (None, None) => break,
        };
        if ok(row) {
            cells[from.index()][to.index()] += 1;
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
