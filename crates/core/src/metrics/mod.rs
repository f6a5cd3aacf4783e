//! Metrics over a loaded [`crate::Dataset`] and a checked [`crate::config::Config`]: pure
//! functions, summed in a fixed order (rows sorted by period, then customer id), so that the
//! CLI, the explorer (wasm) and a second run agree to the bit.

pub mod contribution;
pub mod customer;
pub mod groups;
pub mod performance;

use crate::model::{Dataset, ManagerRow, Period, Sym};

/// `ceil(share × n)` without float surprises: the share is taken in parts per million, then the
/// ceiling is exact integer arithmetic (so `ceil(5% of 100) = 5`, `ceil(20% of 10) = 2`).
/// Clamped to `0..=n`; a non-finite or non-positive share gives 0.
pub fn ceil_share(share: f64, n: usize) -> usize {
    if !share.is_finite() || share <= 0.0 {
        return 0;
    }
    let ppm = (share * 1_000_000.0).round().min(1_000_000.0) as u128;
    let v = (n as u128 * ppm).div_ceil(1_000_000);
    usize::try_from(v).map_or(n, |v| v.min(n))
}

/// The state of manager `m` in `as_of`: its latest row with `period ≤ as_of`, else its undated
/// row; `None` when managers.csv does not know it then.
pub fn manager_state(ds: &Dataset, m: Sym, as_of: Period) -> Option<&ManagerRow> {
    let a = ds.managers.partition_point(|r| r.manager < m);
    let b = ds.managers.partition_point(|r| r.manager <= m);
    let rows = ds.managers.get(a..b).unwrap_or(&[]);
    rows.iter()
        .filter(|r| r.period.is_some_and(|p| p <= as_of))
        .max_by_key(|r| r.period)
        .or_else(|| rows.iter().find(|r| r.period.is_none()))
}
