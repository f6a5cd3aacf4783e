//! Headline figures of a period and their month-on-month (环比) and year-on-year (同比)
//! changes, from the running sums of a group in a period ([`Monthly`]).

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

/// The running sums of one group in one period (a point of the trend lines): rows are added
/// one by one, in row order, so the `f64` contribution sums the same way everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Monthly {
    pub customers: usize,
    pub deposit: Amount,
    pub loan: Amount,
    pub aum: Amount,
    pub fee: Amount,
    /// Σ contribution, yuan, in row order.
    pub contribution: f64,
    /// Loan balances of the NPL classes (substandard, doubtful, loss).
    pub npl: Amount,
}

impl Monthly {
    /// Adds row `r`, whose contribution is `contribution`.
    pub fn add(&mut self, r: &CustomerRow, contribution: f64) {
        self.customers += 1;
        add(&mut self.deposit, r.deposit_avg);
        add(&mut self.loan, r.loan_balance);
        add(&mut self.aum, r.aum);
        add(&mut self.fee, r.fee_income);
        self.contribution += contribution;
        if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
            add(&mut self.npl, r.loan_balance);
        }
    }

    /// `npl / loan`; `None` without loans.
    pub fn npl_ratio(&self) -> Option<f64> {
        amount_ratio(self.npl, self.loan)
    }

    /// The headline figures of these sums in `period`.
    pub fn figures(&self, period: Period) -> Figures {
        Figures {
            period,
            customers: self.customers,
            deposit_avg: self.deposit,
            loan_balance: self.loan,
            aum: self.aum,
            fee_income: self.fee,
            contribution: self.contribution,
            npl_ratio: self.npl_ratio(),
        }
    }
}

/// The sums of `rows` (in row order).
pub fn monthly<'a>(cfg: &Config, rows: impl IntoIterator<Item = &'a CustomerRow>) -> Monthly {
    let mut m = Monthly::default();
    for r in rows {
        m.add(r, contribution(r, &cfg.contribution));
    }
    m
}

/// The figures of the rows in `period` matching `filter` (the explorer's selection; groups sum
/// their own rows with [`Monthly`]).
pub fn figures(ds: &Dataset, cfg: &Config, period: Period, filter: impl Fn(&CustomerRow) -> bool) -> Figures {
    monthly(cfg, ds.rows_in(period).iter().filter(|r| filter(r))).figures(period)
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

/// The headline figures of a group in `as_of`, with the position before it in `P` (环比) and
/// the same month a year earlier (同比) when present; `figures_at(p)` gives the group's figures
/// in period `p` (e.g. from its [`Monthly`] sums).
pub fn headlines(ds: &Dataset, as_of: Period, figures_at: impl Fn(Period) -> Figures) -> Headlines {
    let pos = Positions::new(ds, as_of);
    let mom_period = pos.prev();
    let yoy_period = as_of.year_before().filter(|p| pos.l.is_some() && pos.periods.binary_search(p).is_ok());
    let now = figures_at(as_of);
    let mom = mom_period.map(&figures_at);
    let yoy = yoy_period.map(&figures_at);
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
