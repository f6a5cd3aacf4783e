//! The industry breakdown (GB/T 4754 sections) of corporate customers.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::model::{Amount, CustomerRow, Industry, Kind, LoanClass};

use super::{add, amount_ratio, industry_slot, slot_industry, INDUSTRY_SLOTS};

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

/// The industry breakdown of the corporate customers among a group's `rows` (one period's, in
/// row order): one row per section letter present (A→T), then one for an empty industry, if any.
pub fn industries<'a>(cfg: &Config, rows: impl IntoIterator<Item = &'a CustomerRow>) -> Vec<IndustryRow> {
    // Slots 0..=19: A..=T; 20: no industry.
    let mut slots: Vec<IndustryRow> = (0..INDUSTRY_SLOTS)
        .map(|slot| IndustryRow {
            industry: slot_industry(slot),
            customers: 0,
            deposits: Amount::ZERO,
            loans: Amount::ZERO,
            npl: Amount::ZERO,
            npl_ratio: None,
            contribution: 0.0,
        })
        .collect();
    for r in rows.into_iter().filter(|r| r.kind == Kind::Corporate) {
        let s = &mut slots[industry_slot(r.industry)];
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
