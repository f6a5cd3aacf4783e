//! The industry breakdown (GB/T 4754 sections) of corporate customers.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::model::{Amount, CustomerRow, Dataset, Industry, Kind, LoanClass, Period};

use super::{add, amount_ratio};

/// Corporate customers of one industry section in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndustryRow {
    /// GB/T 4754 section letter; `None` (null) for customers without an industry.
    pub industry: Option<Industry>,
    pub customers: usize,
    pub deposits: Amount,
    pub loans: Amount,
    pub npl: Amount,
    pub npl_ratio: Option<f64>,
    pub contribution: f64,
}

/// The industry breakdown of the corporate customers in `L = as_of` matching `filter`: one row
/// per section letter present (A→T), then one for an empty industry, if any.
pub fn industries(
    ds: &Dataset,
    cfg: &Config,
    as_of: Period,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Vec<IndustryRow> {
    // Slots 0..=19: A..=T; 20: no industry.
    let mut slots: Vec<IndustryRow> = (0..21u8)
        .map(|i| IndustryRow {
            industry: (i < 20).then(|| Industry(b'A' + i)),
            customers: 0,
            deposits: Amount::ZERO,
            loans: Amount::ZERO,
            npl: Amount::ZERO,
            npl_ratio: None,
            contribution: 0.0,
        })
        .collect();
    for r in ds.rows_in(as_of).iter().filter(|r| r.kind == Kind::Corporate && filter(r)) {
        let slot = match r.industry {
            Some(Industry(c)) if (b'A'..=b'T').contains(&c) => usize::from(c - b'A'),
            _ => 20,
        };
        let s = &mut slots[slot];
        s.customers += 1;
        add(&mut s.deposits, r.deposit_avg);
        add(&mut s.loans, r.loan_balance);
        if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
            add(&mut s.npl, r.loan_balance);
        }
        s.contribution += contribution(r, &cfg.contribution);
    }
    slots
        .into_iter()
        .filter(|s| s.customers > 0)
        .map(|mut s| {
            s.npl_ratio = amount_ratio(s.npl, s.loans);
            s
        })
        .collect()
}
