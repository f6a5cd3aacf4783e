//! The columns of the customer rows after the customer id ([`Col`]): each column's code of a
//! row and, when decoding, the row's value from a code, checked against its domain.

use branchlens_core::model::{
    Amount, CustomerRow, Date, Industry, Kind, LoanClass, Period, ProductSet, Sym, MAX_PRODUCTS,
};

use crate::varint::{unzz, zz};

/// Largest absolute amount accepted, in fen: the loader's limit (16 integer digits).
pub(crate) const MAX_FEN: i64 = 1_000_000_000_000_000_000;

/// The customer-row columns after the customer id, in bundle order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Name,
    Kind,
    Branch,
    Manager,
    OpenDate,
    Deposit,
    Loan,
    Aum,
    Fee,
    Products,
    Txn,
    Industry,
    LoanClass,
    Overdue,
    LastContact,
    Complaints,
    Phone,
}

impl Col {
    pub(crate) const ALL: [Col; 17] = [
        Col::Name,
        Col::Kind,
        Col::Branch,
        Col::Manager,
        Col::OpenDate,
        Col::Deposit,
        Col::Loan,
        Col::Aum,
        Col::Fee,
        Col::Products,
        Col::Txn,
        Col::Industry,
        Col::LoanClass,
        Col::Overdue,
        Col::LastContact,
        Col::Complaints,
        Col::Phone,
    ];

    /// The code of this column of `r`.
    #[inline(always)]
    pub(crate) fn code(self, r: &CustomerRow) -> u64 {
        let opt = |v: Option<u64>| v.map_or(0, |v| v + 1);
        match self {
            Col::Name => u64::from(r.name.0),
            Col::Kind => u64::from(r.kind == Kind::Corporate),
            Col::Branch => u64::from(r.branch.0),
            Col::Manager => opt(r.manager.map(|m| u64::from(m.0))),
            Col::OpenDate => zz(i64::from(r.open_date.0)),
            Col::Deposit => zz(r.deposit_avg.0),
            Col::Loan => zz(r.loan_balance.0),
            Col::Aum => zz(r.aum.0),
            Col::Fee => zz(r.fee_income.0),
            Col::Products => r.products.0,
            Col::Txn => u64::from(r.txn_count),
            Col::Industry => opt(r.industry.map(|i| u64::from(i.0))),
            Col::LoanClass => opt(r.loan_class.map(|c| c.index() as u64)),
            Col::Overdue => opt(r.overdue_days.map(u64::from)),
            Col::LastContact => opt(r.last_contact.map(|d| zz(i64::from(d.0)))),
            Col::Complaints => opt(r.complaints.map(u64::from)),
            Col::Phone => opt(r.phone.map(|p| u64::from(p.0))),
        }
    }

    /// Sets this column of `r` from `code`; `Err(what)` when the code is out of its domain.
    #[inline(always)]
    pub(crate) fn set(self, r: &mut CustomerRow, code: u64, lim: &Limits) -> Result<(), &'static str> {
        // 0 → None, v + 1 → Some(v).
        let opt = |code: u64| code.checked_sub(1);
        let sym = |v: u64, len: usize, what| match u32::try_from(v) {
            Ok(s) if (s as usize) < len => Ok(Sym(s)),
            _ => Err(what),
        };
        let amount = |code: u64, non_negative: bool, what| {
            let v = unzz(code);
            // unsigned_abs: a code of u64::MAX unzigzags to i64::MIN, whose abs() overflows.
            if v.unsigned_abs() >= MAX_FEN.unsigned_abs() || (non_negative && v < 0) {
                Err(what)
            } else {
                Ok(Amount(v))
            }
        };
        let u32_of = |v: u64, what| u32::try_from(v).map_err(|_| what);
        match self {
            Col::Name => r.name = sym(code, lim.text, "name")?,
            Col::Kind => {
                r.kind = match code {
                    0 => Kind::Retail,
                    1 => Kind::Corporate,
                    _ => return Err("kind"),
                }
            }
            Col::Branch => r.branch = sym(code, lim.branches, "branch")?,
            Col::Manager => r.manager = opt(code).map(|v| sym(v, lim.managers, "manager")).transpose()?,
            Col::OpenDate => r.open_date = date(code).ok_or("open_date")?,
            Col::Deposit => r.deposit_avg = amount(code, true, "deposit_avg")?,
            Col::Loan => r.loan_balance = amount(code, true, "loan_balance")?,
            Col::Aum => r.aum = amount(code, true, "aum")?,
            Col::Fee => r.fee_income = amount(code, false, "fee_income")?,
            Col::Products => {
                if lim.products < MAX_PRODUCTS && code >> lim.products != 0 {
                    return Err("products");
                }
                r.products = ProductSet(code);
            }
            Col::Txn => r.txn_count = u32_of(code, "txn_count")?,
            Col::Industry => {
                r.industry = match opt(code) {
                    None => None,
                    Some(v @ 65..=84) => Some(Industry(v as u8)),
                    Some(_) => return Err("industry"),
                }
            }
            Col::LoanClass => {
                r.loan_class = match opt(code) {
                    None => None,
                    Some(v) => Some(*LoanClass::ALL.get(usize::try_from(v).unwrap_or(usize::MAX)).ok_or("loan_class")?),
                }
            }
            Col::Overdue => r.overdue_days = opt(code).map(|v| u32_of(v, "overdue_days")).transpose()?,
            Col::LastContact => {
                r.last_contact = opt(code).map(|v| date(v).ok_or("last_contact")).transpose()?;
            }
            Col::Complaints => r.complaints = opt(code).map(|v| u32_of(v, "complaints")).transpose()?,
            Col::Phone => r.phone = opt(code).map(|v| sym(v, lim.text, "phone")).transpose()?,
        }
        Ok(())
    }
}

/// Table sizes the codes are checked against.
pub(crate) struct Limits {
    pub(crate) text: usize,
    pub(crate) branches: usize,
    pub(crate) managers: usize,
    pub(crate) products: usize,
}

/// 1900-01-01 and 9999-12-31 as days since 1970 (the loader's years; checked by a test).
pub(crate) const DATE_MIN: i32 = -25_567;
pub(crate) const DATE_MAX: i32 = 2_932_896;

/// The date of a zigzag code, when within the loader's years (1900..=9999).
#[inline]
pub(crate) fn date(code: u64) -> Option<Date> {
    let d = i32::try_from(unzz(code)).ok()?;
    (DATE_MIN..=DATE_MAX).contains(&d).then_some(Date(d))
}

/// The period of a code, when within the loader's years (1900..=9999).
pub(crate) fn period_ok(v: u64) -> Option<Period> {
    let p = u32::try_from(v).ok()?;
    let lo = Period::new(1900, 1)?;
    let hi = Period::new(9999, 12)?;
    (lo.0..=hi.0).contains(&p).then_some(Period(p))
}
