//! Headline figures of a period and their month-on-month (环比) and year-on-year (同比)
//! changes.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::metrics::customer::{find, Positions};
use crate::model::{Amount, CustomerRow, Dataset, LoanClass, Period, Sym};

use super::{add, amount_ratio};

/// The headline figures of a group in one period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    pub customers: usize,
    pub deposit_avg: Amount,
    pub loan_balance: Amount,
    pub aum: Amount,
    pub fee_income: Amount,
    /// Σ contribution, yuan, in row order.
    pub contribution: f64,
    pub npl_ratio: Option<f64>,
}

/// The figures of the rows in `period` matching `filter`.
pub fn figures(ds: &Dataset, cfg: &Config, period: Period, filter: impl Fn(&CustomerRow) -> bool) -> Figures {
    let mut f = Figures {
        period,
        customers: 0,
        deposit_avg: Amount::ZERO,
        loan_balance: Amount::ZERO,
        aum: Amount::ZERO,
        fee_income: Amount::ZERO,
        contribution: 0.0,
        npl_ratio: None,
    };
    let mut npl = Amount::ZERO;
    for r in ds.rows_in(period).iter().filter(|r| filter(r)) {
        f.customers += 1;
        add(&mut f.deposit_avg, r.deposit_avg);
        add(&mut f.loan_balance, r.loan_balance);
        add(&mut f.aum, r.aum);
        add(&mut f.fee_income, r.fee_income);
        f.contribution += contribution(r, &cfg.contribution);
        if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
            add(&mut npl, r.loan_balance);
        }
    }
    f.npl_ratio = amount_ratio(npl, f.loan_balance);
    f
}

/// One headline figure with its month-on-month and year-on-year comparison values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Headline<T> {
    pub value: T,
    /// The value in the position before (环比 base); `None` when there is none.
    pub mom: Option<T>,
    /// The value 12 calendar months earlier (同比 base); `None` when that month is not in `P`.
    pub yoy: Option<T>,
}

/// Every headline figure of a group in `as_of`, with 环比 and 同比 bases.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Headlines {
    pub period: Period,
    pub mom_period: Option<Period>,
    pub yoy_period: Option<Period>,
    pub customers: Headline<usize>,
    pub deposit_avg: Headline<Amount>,
    pub loan_balance: Headline<Amount>,
    pub aum: Headline<Amount>,
    pub fee_income: Headline<Amount>,
    pub contribution: Headline<f64>,
    /// `mom`/`yoy` are `Some(None)` (serialized `null`) when that period had no loans; check
    /// `mom_period`/`yoy_period` to tell it from "no such period".
    pub npl_ratio: Headline<Option<f64>>,
}

/// The headline figures of the group `filter` in `as_of`, with the position before it in `P`
/// (环比) and the same month a year earlier (同比) when present.
pub fn headlines(ds: &Dataset, cfg: &Config, as_of: Period, filter: impl Fn(&CustomerRow) -> bool) -> Headlines {
    let pos = Positions::new(ds, as_of);
    let mom_period = pos.prev();
    let yoy_period = as_of.year_before().filter(|p| pos.l.is_some() && pos.periods.binary_search(p).is_ok());
    let now = figures(ds, cfg, as_of, &filter);
    let mom = mom_period.map(|p| figures(ds, cfg, p, &filter));
    let yoy = yoy_period.map(|p| figures(ds, cfg, p, &filter));
    fn h<T: Copy>(
        now: &Figures,
        mom: &Option<Figures>,
        yoy: &Option<Figures>,
        f: impl Fn(&Figures) -> T,
    ) -> Headline<T> {
        Headline { value: f(now), mom: mom.as_ref().map(&f), yoy: yoy.as_ref().map(&f) }
    }
    Headlines {
        period: as_of,
        mom_period,
        yoy_period,
        customers: h(&now, &mom, &yoy, |f| f.customers),
        deposit_avg: h(&now, &mom, &yoy, |f| f.deposit_avg),
        loan_balance: h(&now, &mom, &yoy, |f| f.loan_balance),
        aum: h(&now, &mom, &yoy, |f| f.aum),
        fee_income: h(&now, &mom, &yoy, |f| f.fee_income),
        contribution: h(&now, &mom, &yoy, |f| f.contribution),
        npl_ratio: h(&now, &mom, &yoy, |f| f.npl_ratio),
    }
}

/// Used by the tests and callers that hold a customer's row: the row of `customer` in `period`.
pub fn row_of(ds: &Dataset, period: Period, customer: Sym) -> Option<&CustomerRow> {
    find(ds.rows_in(period), customer)
}
