//! Loan quality (五级分类): balances by class, NPL ratio and the required provision, overall and
//! by industry of the corporate borrowers.

use serde::Serialize;

use crate::config::ProvisionRates;
use crate::model::{Amount, CustomerRow, Industry, Kind, LoanClass};

use super::{add, amount_ratio, industry_slot, slot_industry, INDUSTRY_SLOTS};

/// Loan balances by five-level class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClassBalances {
    pub normal: Amount,
    pub special: Amount,
    pub substandard: Amount,
    pub doubtful: Amount,
    pub loss: Amount,
}

impl ClassBalances {
    pub fn get(&self, c: LoanClass) -> Amount {
        match c {
            LoanClass::Normal => self.normal,
            LoanClass::Special => self.special,
            LoanClass::Substandard => self.substandard,
            LoanClass::Doubtful => self.doubtful,
            LoanClass::Loss => self.loss,
        }
    }
    fn get_mut(&mut self, c: LoanClass) -> &mut Amount {
        match c {
            LoanClass::Normal => &mut self.normal,
            LoanClass::Special => &mut self.special,
            LoanClass::Substandard => &mut self.substandard,
            LoanClass::Doubtful => &mut self.doubtful,
            LoanClass::Loss => &mut self.loss,
        }
    }
}

/// Loan quality of a set of rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoanQuality {
    /// Balances by class (an empty class with a balance counts as normal).
    pub balances: ClassBalances,
    /// Σ loan_balance.
    pub total: Amount,
    /// substandard + doubtful + loss.
    pub npl: Amount,
    /// `npl / total`; `None` when the total is 0.
    pub npl_ratio: Option<f64>,
    /// Required provision (a stock): Σ balance × rate by class, yuan.
    pub provision: f64,
    /// Rows with a loan balance > 0.
    pub borrowers: usize,
    /// Balances whose class was empty (counted as normal): a data-quality figure.
    pub unclassified: Amount,
}

/// The provision rate of a class.
pub fn provision_rate(c: LoanClass, r: &ProvisionRates) -> f64 {
    match c {
        LoanClass::Normal => r.normal,
        LoanClass::Special => r.special,
        LoanClass::Substandard => r.substandard,
        LoanClass::Doubtful => r.doubtful,
        LoanClass::Loss => r.loss,
    }
}

/// Loan quality of `rows` (e.g. one period's rows of a branch).
pub fn loan_quality<'a>(rows: impl IntoIterator<Item = &'a CustomerRow>, rates: &ProvisionRates) -> LoanQuality {
    let mut q = LoanQuality::default();
    for r in rows {
        let Some(class) = r.effective_loan_class() else { continue };
        q.borrowers += 1;
        add(q.balances.get_mut(class), r.loan_balance);
        add(&mut q.total, r.loan_balance);
        if class.is_npl() {
            add(&mut q.npl, r.loan_balance);
        }
        if r.loan_class.is_none() {
            add(&mut q.unclassified, r.loan_balance);
        }
    }
    q.npl_ratio = amount_ratio(q.npl, q.total);
    q.provision = LoanClass::ALL.iter().map(|&c| q.balances.get(c).yuan() * provision_rate(c, rates)).sum();
    q
}

/// Loan quality of the corporate borrowers of one industry section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndustryLoans {
    /// GB/T 4754 section letter; `None` for borrowers without an industry (or outside A–T).
    pub industry: Option<Industry>,
    pub quality: LoanQuality,
}

/// Loan quality by industry of the corporate borrowers (loan balance > 0) among `rows` (one
/// period's rows of a group, in row order): one entry per section letter present (A→T), then one
/// for an empty industry, if any.
pub fn loans_by_industry<'a>(
    rows: impl IntoIterator<Item = &'a CustomerRow>,
    rates: &ProvisionRates,
) -> Vec<IndustryLoans> {
    let mut slots: Vec<Vec<&CustomerRow>> = vec![Vec::new(); INDUSTRY_SLOTS];
    for r in rows.into_iter().filter(|r| r.kind == Kind::Corporate && r.loan_balance.0 > 0) {
        slots[industry_slot(r.industry)].push(r);
    }
    slots
        .iter()
        .enumerate()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(slot, rows)| IndustryLoans {
            industry: slot_industry(slot),
            quality: loan_quality(rows.iter().copied(), rates),
        })
        .collect()
}
