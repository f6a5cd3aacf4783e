//! Crediting (业绩归属): which known manager is credited what share of each customer row (by the
//! credit splits, else the customer's own manager), and the credited figures per period and
//! manager.

use super::{manager_states, Figures, ManagerState, Portfolio};
use crate::model::{CustomerRow, Dataset, Date, Period, Split, Sym};

/// Who is credited what: the managers known in `L` (by slot) and the credit splits.
pub(crate) struct Crediting {
    /// Roster slot by manager sym (`NO_SLOT`: not on the roster). Syms are dense ids.
    slot: Vec<u32>,
    /// Splits sorted by (customer, manager).
    splits: Vec<Split>,
    /// `splits[first[c]..first[c + 1]]` are the splits of customer sym `c` (empty when the
    /// customer has none or its sym is past the end).
    first: Vec<u32>,
}

const NO_SLOT: u32 = u32::MAX;

impl Crediting {
    pub(crate) fn new(ds: &Dataset, states: &[ManagerState]) -> Crediting {
        let mut slot = vec![NO_SLOT; ds.manager_ids.len()];
        for (i, s) in states.iter().enumerate() {
            if let Some(x) = slot.get_mut(s.manager.index()) {
                *x = i as u32;
            }
        }
        let mut splits = ds.splits.clone();
        splits.sort_by_key(|s| (s.customer, s.manager));
        // Counting sort offsets by customer: first[c] = splits of customers before c.
        let customers = splits.last().map_or(0, |s| s.customer.index() + 1);
        let mut first = vec![0u32; customers + 1];
        for s in &splits {
            first[s.customer.index() + 1] += 1;
        }
        for c in 0..customers {
            first[c + 1] += first[c];
        }
        Crediting { slot, splits, first }
    }

    /// The splits of a customer (empty when none).
    pub(crate) fn splits_of(&self, customer: Sym) -> &[Split] {
        match (self.first.get(customer.index()), self.first.get(customer.index() + 1)) {
            (Some(&a), Some(&b)) => &self.splits[a as usize..b as usize],
            _ => &[],
        }
    }

    pub(crate) fn slot(&self, m: Sym) -> Option<usize> {
        self.slot.get(m.index()).copied().filter(|&s| s != NO_SLOT).map(|s| s as usize)
    }

    /// Calls `f(slot, share)` for every known manager credited with a share of `r`.
    fn credit(&self, r: &CustomerRow, mut f: impl FnMut(usize, f64)) {
        let splits = self.splits_of(r.customer);
        if splits.is_empty() {
            if let Some(s) = r.manager.and_then(|m| self.slot(m)) {
                f(s, 1.0);
            }
        } else {
            for sp in splits {
                if let Some(s) = self.slot(sp.manager) {
                    f(s, sp.share);
                }
            }
        }
    }
}

/// Distinct periods ≤ `as_of` that have customer rows, sorted (`P`).
pub(crate) fn periods_upto(ds: &Dataset, as_of: Period) -> Vec<Period> {
    let mut p: Vec<Period> = ds.customers.iter().map(|r| r.period).filter(|&q| q <= as_of).collect();
    p.sort_unstable();
    p.dedup();
    p
}

/// Credited figures for every period of `periods` × every roster slot, summed over
/// `ds.customers` in its order. Index `pi * slots + slot`; the `u32` counts credited rows.
pub(super) fn credit_grid(
    ds: &Dataset,
    c: &Crediting,
    slots: usize,
    periods: &[Period],
    contrib: &[f64],
) -> Vec<(Figures, u32)> {
    let mut grid = vec![(Figures::default(), 0u32); periods.len() * slots];
    // Rows come grouped by period (a Dataset invariant, though nothing here relies on it):
    // the period's index and month bounds are looked up once per run of equal periods.
    let mut at: Option<(Period, Option<usize>, Date, Date)> = None;
    for (i, r) in ds.customers.iter().enumerate() {
        let (pi, first, last) = match at {
            Some((p, pi, first, last)) if p == r.period => (pi, first, last),
            _ => {
                let pi = periods.binary_search(&r.period).ok();
                let (first, last) = (r.period.first_day(), r.period.last_day());
                at = Some((r.period, pi, first, last));
                (pi, first, last)
            }
        };
        let Some(pi) = pi else { continue };
        let k = contrib.get(i).copied().unwrap_or(0.0);
        let new = r.open_date >= first && r.open_date <= last;
        c.credit(r, |s, share| {
            if let Some(cell) = grid.get_mut(pi * slots + s) {
                cell.0.add(share, r, k, new);
                cell.1 += 1;
            }
        });
    }
    grid
}

/// The credited portfolio of every manager known in `as_of`, for `period` (any period; rows
/// of other periods are not used), sorted by manager id. Managers with nothing credited are
/// listed with zeros.
pub fn credited(ds: &Dataset, contrib: &[f64], period: Period, as_of: Period) -> Vec<Portfolio> {
    let states = manager_states(ds, as_of);
    let c = Crediting::new(ds, &states);
    let grid = credit_grid(ds, &c, states.len(), &[period], contrib);
    states
        .iter()
        .zip(grid)
        .map(|(s, (figures, rows))| Portfolio {
            manager: s.manager,
            manager_id: s.manager_id.clone(),
            period,
            figures,
            customer_rows: rows,
        })
        .collect()
}
