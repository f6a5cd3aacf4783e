//! A month's rows: each present customer's figures (drained by churn, seasonal, moved by the
//! planted events, fees, transactions, loan class and overdue days, complaints), the crediting
//! of its manager(s), and the managers' targets; written through [`CsvOut`].

use std::io::{self, Write};

use rand::Rng as _;

use crate::bank::Bank;
use crate::customers::Cust;
use crate::draw::{chance, nrm, unif, Rng};
use crate::events::{Event, EventKind};
use crate::loans::NORMAL;
use crate::managers::{targets, MgrRef};
use crate::period::{season, Period};
use crate::splits::{Split, NO_SPLIT};
use crate::write::{period_label, CsvOut};

/// Amount in yuan → fen.
pub(crate) fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// A customer's figures of one month (amounts in fen).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CustomerMonth {
    pub(crate) deposit: i64,
    pub(crate) loan: i64,
    pub(crate) aum: i64,
    pub(crate) fee: i64,
    pub(crate) txn: u64,
    /// The loan_class cell is left empty (a data-quality case).
    pub(crate) blank_class: bool,
    pub(crate) overdue: u64,
    pub(crate) complaints: u64,
}

/// The rows printed with an empty loan_class: with probability `p` each, at most 20.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmptyClasses {
    pub(crate) p: f64,
    pub(crate) rows: u32,
}

impl EmptyClasses {
    fn draw(&mut self, rng: &mut Rng) -> bool {
        let blank = self.rows < 20 && chance(rng, self.p);
        if blank {
            self.rows += 1;
        }
        blank
    }
}

/// What every customer's month shares.
struct MonthCtx<'a> {
    p: usize,
    per: Period,
    /// The last period: the planted events apply.
    last: bool,
    events: &'a [Event],
    prev_credited: &'a [[f64; 4]],
}

impl Bank {
    /// Writes period `p`'s customers.csv and managers.csv rows.
    pub(crate) fn write_month(
        &mut self,
        p: usize,
        customers: &mut CsvOut<impl Write>,
        managers: &mut CsvOut<impl Write>,
    ) -> io::Result<()> {
        let per = self.periods[p];
        let label = period_label(per);
        std::mem::swap(&mut self.credited, &mut self.prev_credited);
        for x in &mut self.credited {
            *x = [0.0; 4];
        }
        let last = p + 1 == self.periods.len();
        let Bank { rng, custs, mgrs, splits, credited, empty_classes, events, prev_credited, .. } = self;
        let ctx = MonthCtx { p, per, last, events, prev_credited };
        for (i, c) in custs.iter().enumerate() {
            let (join, leave) = (usize::from(c.join), usize::from(c.leave));
            if p < join || p >= leave {
                continue;
            }
            let m = customer_month(rng, c, i as u32, &ctx, empty_classes);
            customers.customer_row(&label, i as u32, c, &m)?;
            credit(credited, splits, c, &m, p, per);
        }

        // managers.csv rows for this period.
        for (j, m) in mgrs.iter().enumerate() {
            let active = usize::from(m.leave) > p;
            let t = targets(rng, m, &credited[j], active);
            managers.manager_row(j as u32, m, active, &label, t)?;
        }
        Ok(())
    }
}

/// The figures of customer `i` (`c`) in the month of `ctx`.
fn customer_month(rng: &mut Rng, c: &Cust, i: u32, ctx: &MonthCtx<'_>, empty: &mut EmptyClasses) -> CustomerMonth {
    let draining = c.drain_len > 0 && ctx.p >= usize::from(c.drain_start);
    // Churners drain over 2–3 months before they leave.
    let (fmul, tmul) = if draining {
        let k = ctx.p - usize::from(c.drain_start);
        let sched: &[f64] = if c.drain_len == 2 { &[0.5, 0.15] } else { &[0.6, 0.3, 0.1] };
        let m = sched[k.min(sched.len() - 1)] * (0.85 + 0.3 * unif(rng));
        (m, m * 0.8 + 0.05)
    } else {
        (1.0, 1.0)
    };
    let mut deposit = f64::from(c.dep_base) * f64::from(c.dep_x).exp() * season(c.corp, ctx.per.month) * fmul;
    if ctx.last {
        for e in ctx.events.iter().filter(|e| e.cust == i) {
            match e.kind {
                EventKind::Inflow(x) => deposit += x * ctx.prev_credited[e.mgr as usize][0],
                EventKind::Outflow(keep) => deposit *= keep,
            }
        }
    }
    let aum = if c.aum_base > 0.0 { f64::from(c.aum_base) * f64::from(c.aum_x).exp() * fmul } else { 0.0 };
    let fee = fee(rng, c, fmul);
    let txn = (f64::from(c.txn_base) * (0.25 * nrm(rng)).exp() * tmul).round().clamp(0.0, 200.0) as u64;
    let loan = cents(c.loan);
    let (mut blank_class, mut overdue) = (false, 0);
    if loan > 0 {
        blank_class = empty.draw(rng);
        overdue = if c.class == NORMAL {
            if chance(rng, 0.02) {
                rng.gen_range(1..=30)
            } else {
                0
            }
        } else {
            c.overdue
        };
    }
    CustomerMonth {
        deposit: cents(deposit),
        loan,
        aum: cents(aum),
        fee: cents(fee),
        txn,
        blank_class,
        overdue: overdue.into(),
        complaints: complaints(rng, draining),
    }
}

/// Fee income in yuan: none for some months, log-normal around the customer's base.
fn fee(rng: &mut Rng, c: &Cust, fmul: f64) -> f64 {
    if c.fee_base <= 0.0 {
        0.0
    } else if c.corp {
        if chance(rng, 0.1) {
            0.0
        } else {
            f64::from(c.fee_base) * (0.5 * nrm(rng)).exp() * fmul
        }
    } else if chance(rng, 0.25) {
        0.0
    } else {
        f64::from(c.fee_base) * (0.4 * nrm(rng)).exp() * fmul
    }
}

/// Complaints in the month: mostly 0, some 1, rarely 2–4; more often while draining.
fn complaints(rng: &mut Rng, draining: bool) -> u64 {
    if draining && chance(rng, 0.3) {
        if chance(rng, 0.8) {
            1
        } else {
            rng.gen_range(2..=3)
        }
    } else {
        let r = unif(rng);
        if r < 0.0015 {
            rng.gen_range(2..=4)
        } else if r < 0.018 {
            1
        } else {
            0
        }
    }
}

/// Credits the manager(s) of `c` for their targets: deposit, loan, fee and a new customer, by
/// the split shares when the customer is shared.
fn credit(credited: &mut [[f64; 4]], splits: &[Split], c: &Cust, m: &CustomerMonth, p: usize, per: Period) {
    let is_new = usize::from(c.join) == p && c.open_day >= per.first_day;
    let vals = [m.deposit as f64 / 100.0, m.loan as f64 / 100.0, m.fee as f64 / 100.0, if is_new { 1.0 } else { 0.0 }];
    if c.split != NO_SPLIT {
        let s = &splits[c.split as usize];
        for k in 0..usize::from(s.n) {
            let share = f64::from(s.pct[k]) / 100.0;
            let acc = &mut credited[s.mgrs[k] as usize];
            for (a, v) in acc.iter_mut().zip(vals) {
                *a += v * share;
            }
        }
    } else if let MgrRef::Known(m) = c.mgr {
        let acc = &mut credited[m as usize];
        for (a, v) in acc.iter_mut().zip(vals) {
            *a += v;
        }
    }
}
