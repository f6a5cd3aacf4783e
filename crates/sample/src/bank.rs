//! The bank being generated: branches and their sizes, managers, customers (existing ones and
//! those opening in each month), shared customers and planted events, and the state carried
//! from month to month.

use rand::{Rng as _, SeedableRng};

use crate::customers::{new_customer, Cust};
use crate::draw::{unif, Rng};
use crate::events::{plant, Event};
use crate::managers::{mark_leavers_and_untargeted, staff, Mgr};
use crate::month::EmptyClasses;
use crate::period::{periods, Period};
use crate::splits::{share_customers, Split};
use crate::SampleSpec;

#[derive(Debug)]
pub(crate) struct Bank {
    pub(crate) rng: Rng,
    pub(crate) periods: Vec<Period>,
    pub(crate) custs: Vec<Cust>,
    pub(crate) mgrs: Vec<Mgr>,
    pub(crate) branch_mgrs: Vec<Vec<u32>>,
    pub(crate) splits: Vec<Split>,
    /// Per manager, this month: credited deposit, loan, fee, new customers.
    pub(crate) credited: Vec<[f64; 4]>,
    /// The loan rows printed with an empty class (a data-quality case).
    pub(crate) empty_classes: EmptyClasses,
    /// Planted events of the last month (see [`plant`]).
    pub(crate) events: Vec<Event>,
    /// Per manager, last month's credited figures (sizes the planted inflow).
    pub(crate) prev_credited: Vec<[f64; 4]>,
}

impl Bank {
    pub(crate) fn new(spec: &SampleSpec) -> Self {
        let mut rng = Rng::seed_from_u64(spec.seed);
        let periods = periods(spec);
        let months = periods.len();
        let n = spec.customers as usize;
        let nb = spec.branches.clamp(1, 999) as usize;

        // Branch sizes.
        let bw: Vec<f64> = (0..nb).map(|_| 0.5 + unif(&mut rng)).collect();
        let (mut mgrs, branch_mgrs) = staff(&mut rng, spec, n, &bw, periods[0]);
        mark_leavers_and_untargeted(&mut rng, &mut mgrs, &branch_mgrs, months);

        let open_days = open_days(&mut rng, &periods, n);
        let bw_total: f64 = bw.iter().sum();
        let mut bcum = Vec::with_capacity(nb);
        let mut acc = 0.0;
        for w in &bw {
            acc += w / bw_total;
            bcum.push(acc);
        }
        let mut custs = Vec::with_capacity(n);
        for &(open_day, join) in &open_days {
            let u = unif(&mut rng);
            let branch = bcum.iter().position(|&c| u < c).unwrap_or(nb - 1);
            let c = new_customer(&mut rng, &periods, &mgrs, &branch_mgrs[branch], branch, open_day, join);
            custs.push(c);
        }
        let splits = share_customers(&mut rng, &mut custs, &branch_mgrs);

        let events = plant(spec.seed, months, &mut mgrs, &custs);
        let est_loan_rows = (n as f64 * months as f64 * 0.3).max(1.0);
        Bank {
            rng,
            periods,
            custs,
            credited: vec![[0.0; 4]; mgrs.len()],
            prev_credited: vec![[0.0; 4]; mgrs.len()],
            mgrs,
            branch_mgrs,
            splits,
            empty_classes: EmptyClasses { p: 12.0 / est_loan_rows, rows: 0 },
            events,
        }
    }
}

/// The open dates of `n` customers with the period of their first row: existing customers
/// (opened up to 15 years before the first period, ids in open-date order) and the new ones of
/// each month, in date order.
fn open_days(rng: &mut Rng, periods: &[Period], n: usize) -> Vec<(i32, u16)> {
    let months = periods.len();
    let first = periods[0];
    let n_base = if n == 0 { 0 } else { ((n as f64 / (1.0 + 0.015 * months as f64)).round() as usize).clamp(1, n) };
    let n_new = n - n_base;
    let mut open_days: Vec<(i32, u16)> = Vec::with_capacity(n);
    let mut offsets: Vec<i32> = (0..n_base).map(|_| 1 + (5479.0 * unif(rng).powf(1.3)) as i32).collect();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    open_days.extend(offsets.iter().map(|o| (first.first_day - o, 0u16)));
    let mw: Vec<f64> = (0..months).map(|_| 0.7 + 0.6 * unif(rng)).collect();
    let mw_total: f64 = mw.iter().sum();
    let mut cum = 0.0;
    let mut assigned = 0usize;
    for (p, w) in mw.iter().enumerate() {
        cum += w;
        let upto = ((n_new as f64 * cum / mw_total).round() as usize).min(n_new);
        let per = periods[p];
        let span = per.last_day - per.first_day + 1;
        let mut days: Vec<i32> = (assigned..upto).map(|_| per.first_day + rng.gen_range(0..span)).collect();
        days.sort_unstable();
        open_days.extend(days.into_iter().map(|d| (d, p as u16)));
        assigned = upto;
    }
    open_days
}
