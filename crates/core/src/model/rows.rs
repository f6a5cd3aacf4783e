//! The rows of the three input files ([`CustomerRow`], [`ManagerRow`] with its [`Targets`],
//! [`Split`]) and the loaded [`Dataset`] that holds them with its string pools.

use super::{Amount, ColumnsPresent, Date, Industry, Interner, Kind, LoanClass, Period, ProductSet, Status, Sym};

/// One customer in one period (a row of customers.csv).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CustomerRow {
    pub period: Period,
    /// Into [`Dataset::customer_ids`].
    pub customer: Sym,
    /// Into [`Dataset::text`]. Personal data.
    pub name: Sym,
    pub kind: Kind,
    /// Into [`Dataset::branch_ids`].
    pub branch: Sym,
    /// Into [`Dataset::manager_ids`]; `None` when empty (unassigned).
    pub manager: Option<Sym>,
    pub open_date: Date,
    pub deposit_avg: Amount,
    pub loan_balance: Amount,
    pub aum: Amount,
    pub fee_income: Amount,
    pub products: ProductSet,
    pub txn_count: u32,
    pub industry: Option<Industry>,
    pub loan_class: Option<LoanClass>,
    pub overdue_days: Option<u32>,
    pub last_contact: Option<Date>,
    pub complaints: Option<u32>,
    /// Into [`Dataset::text`]. Personal data.
    pub phone: Option<Sym>,
}

impl CustomerRow {
    /// The class used wherever a class is needed: a loan balance with an empty class counts as
    /// normal; no loan gives `None`.
    pub fn effective_loan_class(&self) -> Option<LoanClass> {
        if self.loan_balance.0 > 0 {
            Some(self.loan_class.unwrap_or(LoanClass::Normal))
        } else {
            None
        }
    }
    /// Funds: deposit_avg + aum.
    pub fn funds(&self) -> Amount {
        Amount(self.deposit_avg.0 + self.aum.0)
    }
}

/// Targets of a manager for a month (or undated).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    pub deposit: Option<Amount>,
    pub loan: Option<Amount>,
    pub fee: Option<Amount>,
    pub new_customers: Option<u32>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.deposit.is_none() && self.loan.is_none() && self.fee.is_none() && self.new_customers.is_none()
    }
}

/// One row of managers.csv.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ManagerRow {
    /// Into [`Dataset::manager_ids`].
    pub manager: Sym,
    /// Into [`Dataset::text`].
    pub name: Sym,
    pub branch: Sym,
    /// Into [`Dataset::text`].
    pub grade: Sym,
    pub hire_date: Date,
    pub status: Status,
    /// `None` for an undated row.
    pub period: Option<Period>,
    pub targets: Targets,
}

/// One row of credit_splits.csv: `share` of `customer` is credited to `manager`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Split {
    pub customer: Sym,
    pub manager: Sym,
    pub share: f64,
}

/// Everything loaded and validated. Invariants (established by [`crate::load::load`]):
/// - `periods` is sorted and distinct, and is exactly the set of periods in `customers`.
/// - `customers` is sorted by (period, customer) with no duplicate pair.
/// - `managers` is sorted by (manager, period) with undated rows first; no duplicate pair.
/// - `splits` is sorted by (customer, manager); the shares of each customer sum to 1 ± tolerance,
///   and every customer and manager they name exists.
/// - All interners are finished: `Sym` order is string order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub periods: Vec<Period>,
    pub customers: Vec<CustomerRow>,
    pub managers: Vec<ManagerRow>,
    pub splits: Vec<Split>,
    pub customer_ids: Interner,
    pub branch_ids: Interner,
    pub manager_ids: Interner,
    pub products: Interner,
    /// Names, phones, grades.
    pub text: Interner,
    /// The optional customers.csv columns the export holds (all, unless loaded from an export
    /// without some): the signals that need an absent column are off.
    pub columns: ColumnsPresent,
}

impl Dataset {
    /// The latest period, if any rows.
    pub fn latest(&self) -> Option<Period> {
        self.periods.last().copied()
    }
    /// Rows of one period (a contiguous, customer-sorted slice).
    pub fn rows_in(&self, p: Period) -> &[CustomerRow] {
        let start = self.customers.partition_point(|r| r.period < p);
        let end = self.customers.partition_point(|r| r.period <= p);
        &self.customers[start..end]
    }
    /// Index of `p` in `periods`.
    pub fn period_index(&self, p: Period) -> Option<usize> {
        self.periods.binary_search(&p).ok()
    }
    pub fn customer_id(&self, s: Sym) -> &str {
        self.customer_ids.resolve(s)
    }
    pub fn branch_id(&self, s: Sym) -> &str {
        self.branch_ids.resolve(s)
    }
    pub fn manager_id(&self, s: Sym) -> &str {
        self.manager_ids.resolve(s)
    }
    pub fn text(&self, s: Sym) -> &str {
        self.text.resolve(s)
    }
    /// Keeps only the periods up to and including `p` (rebuilding an earlier month's pack).
    pub fn truncate_to(&mut self, p: Period) {
        self.periods.retain(|&q| q <= p);
        self.customers.retain(|r| r.period <= p);
    }
}
