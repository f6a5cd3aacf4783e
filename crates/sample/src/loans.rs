//! The loan book: five-level classes and overdue days, a loan's month (amortisation, pay-off,
//! class migration, new loans) and the bank-wide control that keeps the NPL and special-mention
//! ratios in a realistic band.

use rand::Rng as _;

use crate::customers::Cust;
use crate::draw::{chance, lognormal, nrm, unif, Rng};
use crate::products::{cap_depth, P_LOAN, P_MORTGAGE};

/// The loan_class column by class code (`NONE_CLASS` is the empty cell).
pub(crate) const CLASSES: [&str; 6] = ["", "normal", "special", "substandard", "doubtful", "loss"];
pub(crate) const NONE_CLASS: u8 = 0;
pub(crate) const NORMAL: u8 = 1;
pub(crate) const SPECIAL: u8 = 2;
pub(crate) const SUBSTANDARD: u8 = 3;
pub(crate) const DOUBTFUL: u8 = 4;
pub(crate) const LOSS: u8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoanKind {
    None,
    Mortgage,
    Consumer,
    Corporate,
}

/// Overdue days drawn for a loan that has just entered `class`.
pub(crate) fn overdue_for(rng: &mut Rng, class: u8) -> u16 {
    match class {
        SPECIAL if chance(rng, 0.6) => rng.gen_range(1..=90),
        SUBSTANDARD if chance(rng, 0.8) => rng.gen_range(91..=180),
        DOUBTFUL if chance(rng, 0.9) => rng.gen_range(181..=360),
        LOSS if chance(rng, 0.95) => rng.gen_range(361..=1200),
        _ => 0,
    }
}

fn overdue_cap(class: u8) -> u16 {
    match class {
        SPECIAL => 90,
        SUBSTANDARD => 180,
        DOUBTFUL => 360,
        LOSS => 3000,
        _ => 0,
    }
}

/// Paid off, sold or written off: no loan, no class, no loan product.
pub(crate) fn remove_loan(c: &mut Cust) {
    c.loan = 0.0;
    c.class = NONE_CLASS;
    c.overdue = 0;
    c.loan_kind = LoanKind::None;
    c.products &= !(P_LOAN | P_MORTGAGE);
}

/// A customer's loan in a new month of `span` days: amortisation, pay-off and migration of a
/// live loan; now and then a new loan for a customer without one.
pub(crate) fn loan_month(rng: &mut Rng, c: &mut Cust, span: i32) {
    if c.loan > 0.0 {
        if c.class <= SPECIAL {
            match c.loan_kind {
                LoanKind::Mortgage => c.loan *= 0.994,
                LoanKind::Consumer => {
                    c.loan *= 0.90 + 0.08 * unif(rng);
                    if c.loan < 2_000.0 {
                        remove_loan(c);
                    }
                }
                LoanKind::Corporate | LoanKind::None => c.loan *= (0.05 * nrm(rng)).exp(),
            }
        }
        if c.loan > 0.0 {
            migrate(rng, c, span);
        }
    } else if !c.dormant && c.drain_len == 0 {
        let pnew = if c.corp { 0.006 } else { 0.001 };
        if chance(rng, pnew) {
            if c.corp {
                c.loan = lognormal(rng, 2_000_000.0, 1.0);
                c.loan_kind = LoanKind::Corporate;
                c.products |= P_LOAN;
            } else {
                c.loan = lognormal(rng, 60_000.0, 0.6);
                c.loan_kind = LoanKind::Consumer;
                c.products |= P_LOAN;
            }
            c.class = NORMAL;
            c.products = cap_depth(c.products);
        }
    }
}

/// Natural month-to-month loan-class migration (classes are sticky).
fn migrate(rng: &mut Rng, c: &mut Cust, span: i32) {
    let r = unif(rng);
    let before = c.class;
    match c.class {
        NORMAL if r < 0.004 => c.class = SPECIAL,
        SPECIAL if r < 0.08 => c.class = NORMAL,
        SPECIAL if r < 0.14 => c.class = SUBSTANDARD,
        SUBSTANDARD if r < 0.10 => c.class = DOUBTFUL,
        SUBSTANDARD if r < 0.14 => c.class = SPECIAL,
        DOUBTFUL if r < 0.08 => c.class = LOSS,
        LOSS if r < 0.05 => {
            remove_loan(c); // written off
            return;
        }
        _ => {}
    }
    if c.class != before {
        c.overdue = overdue_for(rng, c.class);
    } else if c.overdue > 0 {
        c.overdue = (c.overdue + span as u16).min(overdue_cap(c.class));
    }
}

/// Keeps (substandard + doubtful + loss) / total loans within 2.3–3.5 % and special-mention
/// loans within 1.2–5 % of the book in period `p`, by downgrading, upgrading or disposing of
/// individual loans, as a bank's risk book drifts and is managed.
pub(crate) fn control_npl(rng: &mut Rng, custs: &mut [Cust], p: usize) {
    let present = |c: &Cust| usize::from(c.join) <= p && p < usize::from(c.leave);
    let borrowers: Vec<u32> =
        (0..custs.len() as u32).filter(|&i| present(&custs[i as usize]) && custs[i as usize].loan > 0.0).collect();
    if borrowers.len() < 20 {
        return;
    }
    let total = control_npl_ratio(rng, custs, &borrowers, p == 0);
    control_special_ratio(rng, custs, &borrowers, total);
}

/// The sum of the loans of `borrowers` whose customer satisfies `f`.
fn sum_where(custs: &[Cust], borrowers: &[u32], f: &dyn Fn(&Cust) -> bool) -> f64 {
    borrowers.iter().map(|&i| &custs[i as usize]).filter(|c| f(c)).map(|c| c.loan).sum()
}

/// Brings the NPL ratio into band (near a drawn target in the first period, `init`); returns
/// the total book after disposals.
fn control_npl_ratio(rng: &mut Rng, custs: &mut [Cust], borrowers: &[u32], init: bool) -> f64 {
    let mut total = sum_where(custs, borrowers, &|_| true);
    let mut npl = sum_where(custs, borrowers, &|c| c.class >= SUBSTANDARD);
    let target = 0.029 + 0.003 * nrm(rng).clamp(-1.0, 1.0);
    for _ in 0..4 * borrowers.len() + 200 {
        let ratio = npl / total;
        if (0.023..=0.035).contains(&ratio) && (!init || (ratio - target).abs() < 0.003) {
            break;
        }
        let c = &mut custs[borrowers[rng.gen_range(0..borrowers.len())] as usize];
        if c.loan <= 0.0 {
            continue;
        }
        if ratio < target {
            if c.class <= SPECIAL && c.loan <= (target - ratio) * total * 1.5 {
                let r = unif(rng);
                c.class = match (init, r) {
                    (true, r) if r < 0.45 => SUBSTANDARD,
                    (true, r) if r < 0.8 => DOUBTFUL,
                    (true, _) => LOSS,
                    (false, r) if r < 0.8 => SUBSTANDARD,
                    (false, _) => DOUBTFUL,
                };
                c.overdue = overdue_for(rng, c.class);
                npl += c.loan;
            }
        } else if c.class >= SUBSTANDARD && c.loan <= (ratio - target) * total * 1.5 {
            npl -= c.loan;
            total -= c.loan;
            remove_loan(c); // sold or written off
        }
    }
    total
}

/// Brings the special-mention share of a book of `total` into band.
fn control_special_ratio(rng: &mut Rng, custs: &mut [Cust], borrowers: &[u32], total: f64) {
    let mut special = sum_where(custs, borrowers, &|c| c.class == SPECIAL);
    let target = 0.028;
    for _ in 0..4 * borrowers.len() + 200 {
        let ratio = special / total;
        if (0.012..=0.05).contains(&ratio) {
            break;
        }
        let c = &mut custs[borrowers[rng.gen_range(0..borrowers.len())] as usize];
        if ratio < target && c.class == NORMAL && c.loan > 0.0 && c.loan <= (target - ratio) * total * 1.5 {
            c.class = SPECIAL;
            c.overdue = overdue_for(rng, SPECIAL);
            special += c.loan;
        } else if ratio > target && c.class == SPECIAL {
            c.class = NORMAL;
            c.overdue = 0;
            special -= c.loan;
        }
    }
}
