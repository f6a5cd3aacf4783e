//! The scoring windows over the positions of `P`: [`Positions`], a galloping lookup of a
//! customer's row in a period, mean contributions (`s3`, `p3`), and the funds and transaction
//! baselines with the funds drop.

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::model::{CustomerRow, Dataset, Period, Sym};

/// Positions of `P` (periods ≤ `as_of`) and of `L` in it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Positions<'a> {
    /// `P`: `ds.periods` up to `as_of`.
    pub periods: &'a [Period],
    /// Index of `L` in `periods`, when `as_of` is a period of the data.
    pub l: Option<usize>,
}

impl<'a> Positions<'a> {
    pub fn new(ds: &'a Dataset, as_of: Period) -> Positions<'a> {
        let end = ds.periods.partition_point(|&p| p <= as_of);
        let periods = &ds.periods[..end];
        let l = match periods.last() {
            Some(&p) if p == as_of => Some(end - 1),
            _ => None,
        };
        Positions { periods, l }
    }
    /// The `len` positions ending just before index `end` (fewer at the start of `P`).
    pub fn before(&self, end: usize, len: usize) -> &'a [Period] {
        let end = end.min(self.periods.len());
        &self.periods[end.saturating_sub(len)..end]
    }
    /// The position just before `L`.
    pub fn prev(&self) -> Option<Period> {
        self.l.and_then(|l| l.checked_sub(1)).and_then(|i| self.periods.get(i).copied())
    }
}

/// The row of `customer` in a customer-sorted slice of one period.
pub(crate) fn find(rows: &[CustomerRow], customer: Sym) -> Option<&CustomerRow> {
    rows.binary_search_by_key(&customer, |r| r.customer).ok().and_then(|i| rows.get(i))
}

/// [`find`] for a run of ascending customer ids: remembers where the previous one was and
/// gallops forward from there, so a pass over all customers reads each slice once instead of
/// binary-searching it per customer. Any order of lookups gives the same answers as `find`.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a> {
    rows: &'a [CustomerRow],
    /// `rows[..at]` hold ids below the last one looked up.
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(rows: &'a [CustomerRow]) -> Cursor<'a> {
        Cursor { rows, at: 0 }
    }

    pub(super) fn find(&mut self, customer: Sym) -> Option<&'a CustomerRow> {
        if self.at > 0 && self.rows.get(self.at - 1).is_some_and(|r| r.customer >= customer) {
            self.at = 0; // an id not above the previous one: start over
        }
        let rest = self.rows.get(self.at..).unwrap_or(&[]);
        // rest[..lo] are below `customer`; probe lo + 1, 2, 4, … then search the last gap.
        let (mut lo, mut step) = (0, 1);
        while lo + step <= rest.len() && rest[lo + step - 1].customer < customer {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(rest.len());
        self.at += lo + rest[lo..hi].partition_point(|r| r.customer < customer);
        self.rows.get(self.at).filter(|r| r.customer == customer)
    }
}

pub(super) fn cursors<'a>(slices: &[&'a [CustomerRow]]) -> Vec<Cursor<'a>> {
    slices.iter().map(|rows| Cursor::new(rows)).collect()
}

/// Mean contribution over the rows `customer` has in the period slices; `None` without rows.
/// Summed in period order.
pub(super) fn mean_contribution(slices: &mut [Cursor<'_>], customer: Sym, cfg: &Config) -> Option<f64> {
    let mut sum = 0.0;
    let mut k = 0u32;
    for rows in slices {
        if let Some(r) = rows.find(customer) {
            sum += contribution(r, &cfg.contribution);
            k += 1;
        }
    }
    (k > 0).then(|| sum / f64::from(k))
}

/// Funds and transaction baselines over the rows of the customer in `slices`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Baseline {
    pub(super) rows: u32,
    /// Σ funds, fen.
    pub(super) funds: i128,
    /// Σ txn_count.
    pub(super) txn: u64,
}

pub(super) fn baseline(slices: &mut [Cursor<'_>], customer: Sym) -> Baseline {
    let mut b = Baseline::default();
    for rows in slices {
        if let Some(r) = rows.find(customer) {
            b.rows += 1;
            b.funds += i128::from(r.funds().0);
            b.txn += u64::from(r.txn_count);
        }
    }
    b
}

/// The funds drop `1 − f/f_prev` of `row` against baseline `b`, when `f_prev ≥ min_baseline`.
pub(super) fn funds_drop(row: &CustomerRow, b: &Baseline, min_baseline: f64) -> Option<f64> {
    if b.rows == 0 {
        return None;
    }
    let k = i128::from(b.rows);
    // f_prev in yuan: one division of exact numbers.
    let f_prev = b.funds as f64 / (100.0 * k as f64);
    if f_prev < min_baseline || b.funds <= 0 {
        return None;
    }
    // 1 − f/f_prev = (Σf_prev − k·f) / Σf_prev, in exact integers, divided once.
    let num = b.funds - k * i128::from(row.funds().0);
    Some(num as f64 / b.funds as f64)
}
