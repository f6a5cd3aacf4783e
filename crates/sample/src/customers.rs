//! Customers: the per-customer state the generator evolves (about 100 bytes each) and a new
//! customer's draw: segment, name, balances, loan, products, manager, churn plan and contact
//! history.

use rand::Rng as _;

use crate::draw::{chance, lognormal, nrm, unif, Rng};
use crate::loans::{overdue_for, LoanKind, NONE_CLASS, NORMAL, SPECIAL};
use crate::managers::{pick_manager, Mgr, MgrRef};
use crate::period::{Period, NEVER};
use crate::products::{
    cap_depth, P_CARD, P_CASH_MGMT, P_DEPOSIT, P_EBANK, P_FUND, P_FX, P_INSURANCE, P_LOAN, P_MORTGAGE, P_PAYROLL,
    P_TRADE_FIN, P_WEALTH,
};
use crate::splits::NO_SPLIT;
use crate::vocab::{mobile, person_name, pick_industry, CITIES, INDUSTRIES, PREFIXES};

/// No last-contact date.
pub(crate) const NO_DATE: i32 = i32::MIN;

#[derive(Debug, Clone)]
pub(crate) struct Cust {
    pub(crate) corp: bool,
    pub(crate) dormant: bool,
    pub(crate) never_contacted: bool,
    pub(crate) branch: u16,
    /// GB/T section index into `INDUSTRIES` (corporate only).
    pub(crate) industry: u8,
    /// Retail: surname, given 1, given 2 (255 = none). Corporate: city (255 = none), prefix,
    /// industry word, suffix.
    pub(crate) name: [u8; 4],
    pub(crate) join: u16,
    /// First period with no row (`NEVER` = stays).
    pub(crate) leave: u16,
    pub(crate) drain_start: u16,
    pub(crate) drain_len: u8,
    pub(crate) class: u8,
    pub(crate) overdue: u16,
    pub(crate) products: u16,
    pub(crate) loan_kind: LoanKind,
    pub(crate) mgr: MgrRef,
    pub(crate) split: u32,
    pub(crate) phone: u64,
    pub(crate) open_day: i32,
    pub(crate) last_contact: i32,
    pub(crate) contact_rate: f32,
    pub(crate) dep_base: f32,
    pub(crate) dep_x: f32,
    pub(crate) aum_base: f32,
    pub(crate) aum_x: f32,
    pub(crate) fee_base: f32,
    pub(crate) txn_base: f32,
    pub(crate) loan: f64,
}

/// What a new customer brings: identity, balances, loan and products before the depth cap.
struct Profile {
    industry: u8,
    name: [u8; 4],
    phone: u64,
    dormant: bool,
    dep_base: f64,
    aum_base: f64,
    loan: f64,
    loan_kind: LoanKind,
    txn_base: f64,
    fee_base: f64,
    products: u16,
}

/// A customer of branch `branch` who opened on `open_day` and has its first row in period
/// `join`; `z` (drawn here) ties its deposits, loans, transactions and fees together.
pub(crate) fn new_customer(
    rng: &mut Rng,
    periods: &[Period],
    mgrs: &[Mgr],
    branch_mgrs: &[u32],
    branch: usize,
    open_day: i32,
    join: u16,
) -> Cust {
    let months = periods.len();
    let corp = chance(rng, 0.15);
    let z = nrm(rng);
    let pr = if corp { corporate_profile(rng, z) } else { retail_profile(rng, z) };
    let products = cap_depth(pr.products);
    let mgr = pick_manager(rng, mgrs, branch_mgrs, corp, join);
    let (drain_start, drain_len, leave) = churn_plan(rng, corp, months, join);

    // Contact history.
    let big = corp && z > 1.5;
    let never_contacted = chance(rng, if big { 0.10 } else { 0.025 });
    let contact_rate = if chance(rng, 0.08) {
        0.02
    } else if corp {
        0.35 + 0.55 * unif(rng)
    } else {
        0.25 + 0.55 * unif(rng)
    } as f32;
    let last_contact = first_contact(rng, never_contacted, contact_rate, open_day, periods[usize::from(join)]);

    let sd0 = if corp { 0.18 / 0.51f64.sqrt() } else { 0.08 / 0.51f64.sqrt() };
    let class = if pr.loan > 0.0 {
        if chance(rng, if join == 0 { 0.035 } else { 0.01 }) {
            SPECIAL
        } else {
            NORMAL
        }
    } else {
        NONE_CLASS
    };
    let overdue = overdue_for(rng, class);
    Cust {
        corp,
        dormant: pr.dormant,
        never_contacted,
        branch: branch as u16,
        industry: pr.industry,
        name: pr.name,
        join,
        leave,
        drain_start,
        drain_len,
        class,
        overdue,
        products,
        loan_kind: pr.loan_kind,
        mgr,
        split: NO_SPLIT,
        phone: pr.phone,
        open_day,
        last_contact,
        contact_rate,
        dep_base: pr.dep_base as f32,
        dep_x: (sd0 * nrm(rng)) as f32,
        aum_base: pr.aum_base as f32,
        aum_x: (0.06 / 0.36f64.sqrt() * nrm(rng)) as f32,
        fee_base: pr.fee_base as f32,
        txn_base: pr.txn_base as f32,
        loan: (pr.loan * 100.0).round() / 100.0,
    }
}

/// A company: industry and name, large deposits, often a loan, cash-management products.
fn corporate_profile(rng: &mut Rng, z: f64) -> Profile {
    let mut products = P_DEPOSIT;
    let industry = pick_industry(rng);
    let words = INDUSTRIES[usize::from(industry)].2;
    let city = if chance(rng, 0.4) { rng.gen_range(0..CITIES.len()) as u8 } else { 255 };
    let suffix = {
        let r = unif(rng);
        if r < 0.85 {
            0
        } else if r < 0.95 {
            1
        } else {
            2
        }
    };
    let prefix = rng.gen_range(0..PREFIXES.len());
    let name = [city, prefix as u8, rng.gen_range(0..words.len()) as u8, suffix];
    let phone = if chance(rng, 0.3) { mobile(rng) } else { 0 };
    let dep_base = lognormal(rng, 600_000.0, 0.4) * (1.3 * z).exp();
    let aum_base = if chance(rng, 0.12) { dep_base * (0.2 + 0.8 * unif(rng)) } else { 0.0 };
    let (loan, loan_kind) = if chance(rng, 0.6) {
        products |= P_LOAN;
        (lognormal(rng, 900_000.0, 0.6) * (1.0 * z).exp(), LoanKind::Corporate)
    } else {
        (0.0, LoanKind::None)
    };
    let txn_base = (lognormal(rng, 55.0, 0.7) * (0.3 * z).exp()).clamp(3.0, 190.0);
    let fee_base = if chance(rng, 0.12) { 0.0 } else { lognormal(rng, 350.0, 0.9) * (0.6 * z).exp() };
    for (b, p) in [(P_EBANK, 0.8), (P_CASH_MGMT, 0.4), (P_FX, 0.15), (P_PAYROLL, 0.2)] {
        if chance(rng, p) {
            products |= b;
        }
    }
    let trade = if matches!(INDUSTRIES[usize::from(industry)].0, b'C' | b'F') { 0.3 } else { 0.08 };
    if chance(rng, trade) {
        products |= P_TRADE_FIN;
    }
    if aum_base > 0.0 {
        products |= P_WEALTH;
    }
    Profile { industry, name, phone, dormant: false, dep_base, aum_base, loan, loan_kind, txn_base, fee_base, products }
}

/// A person: a name and usually a phone; some dormant accounts; mortgages and consumer loans;
/// wealth products for the better-off.
fn retail_profile(rng: &mut Rng, z: f64) -> Profile {
    let mut products = P_DEPOSIT;
    let [s, g1, g2] = person_name(rng);
    let name = [s, g1, g2, 0];
    let phone = if chance(rng, 0.95) { mobile(rng) } else { 0 };
    let dormant = chance(rng, 0.05);
    let (dep_base, aum_base, txn_base, fee_base);
    if dormant {
        dep_base = lognormal(rng, 300.0, 1.5);
        aum_base = 0.0;
        txn_base = 2.0 * unif(rng);
        fee_base = 0.0;
    } else {
        dep_base = lognormal(rng, 50_000.0, 0.35) * (1.25 * z).exp();
        aum_base = if z + 0.8 * nrm(rng) > 0.85 { lognormal(rng, 150_000.0, 0.6) * (0.9 * z).exp() } else { 0.0 };
        txn_base = lognormal(rng, 15.0, 0.6).clamp(1.0, 180.0);
        fee_base = if chance(rng, 0.45) { 0.0 } else { lognormal(rng, 12.0, 0.9) + aum_base * 0.0004 };
    }
    let has_loan = chance(rng, if dormant { 0.05 } else { 0.26 });
    let (loan, loan_kind) = if has_loan && chance(rng, 0.65) {
        products |= P_MORTGAGE;
        (lognormal(rng, 330_000.0, 0.6), LoanKind::Mortgage)
    } else if has_loan {
        products |= P_LOAN;
        (lognormal(rng, 60_000.0, 0.8), LoanKind::Consumer)
    } else {
        (0.0, LoanKind::None)
    };
    if !dormant {
        for (b, p) in [(P_CARD, 0.75), (P_EBANK, 0.6), (P_PAYROLL, 0.25), (P_FX, 0.03)] {
            if chance(rng, p) {
                products |= b;
            }
        }
    }
    if aum_base > 0.0 {
        products |= P_WEALTH;
        if chance(rng, 0.4) {
            products |= P_FUND;
        }
        if chance(rng, 0.3) {
            products |= P_INSURANCE;
        }
    }
    Profile { industry: 0, name, phone, dormant, dep_base, aum_base, loan, loan_kind, txn_base, fee_base, products }
}

/// Churn: ~5 %, draining over 2–3 months; a good part is still draining at the end. Returns
/// (drain start, drain length, first period without a row); `(0, 0, NEVER)` for a customer who
/// stays.
fn churn_plan(rng: &mut Rng, corp: bool, months: usize, join: u16) -> (u16, u8, u16) {
    let (mut drain_start, mut drain_len, mut leave) = (0u16, 0u8, NEVER);
    if chance(rng, if corp { 0.04 } else { 0.055 }) {
        let d = if chance(rng, 0.5) { 2usize } else { 3 };
        let start = if chance(rng, 0.5) {
            let lo = months.saturating_sub(d).max(1);
            (lo < months).then(|| rng.gen_range(lo..months))
        } else if months > d + 1 {
            Some(rng.gen_range(1..months - d))
        } else {
            None
        };
        if let Some(s) = start.filter(|&s| s > usize::from(join)) {
            drain_start = s as u16;
            drain_len = d as u8;
            leave = if s + d < months { (s + d) as u16 } else { NEVER };
        }
    }
    (drain_start, drain_len, leave)
}

/// The last contact before the first row (in the join period `jp`): mostly at or after the
/// opening for a customer new that month, else an exponential gap back from the month end.
fn first_contact(rng: &mut Rng, never_contacted: bool, contact_rate: f32, open_day: i32, jp: Period) -> i32 {
    if never_contacted {
        NO_DATE
    } else if open_day >= jp.first_day {
        if chance(rng, 0.9) {
            open_day + rng.gen_range(0..=jp.last_day - open_day)
        } else {
            NO_DATE
        }
    } else {
        let gap = -(unif(rng).max(1e-9)).ln() * 30.0 / f64::from(contact_rate);
        (jp.last_day - gap.min(5000.0) as i32).max(open_day)
    }
}
