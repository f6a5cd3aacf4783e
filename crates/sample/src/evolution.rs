//! A customer's month: balances drift (autoregressive), one-off outflows, the loan's month,
//! contacts, products taken up or given up, a departing manager's portfolio reassigned; then
//! the bank keeps its NPL ratio in band.

use rand::Rng as _;

use crate::bank::Bank;
use crate::customers::Cust;
use crate::draw::{chance, nrm, unif, Rng};
use crate::loans::{control_npl, loan_month};
use crate::managers::reassign;
use crate::period::Period;
use crate::products::{add_optional, drop_optional};

impl Bank {
    /// Evolves every present customer into period `p`, then keeps the NPL ratio in band.
    pub(crate) fn step(&mut self, p: usize) {
        let per = self.periods[p];
        let Bank { rng, custs, mgrs, branch_mgrs, .. } = self;
        for c in custs.iter_mut() {
            let (join, leave) = (usize::from(c.join), usize::from(c.leave));
            if p <= join || p >= leave {
                continue; // not present, or initialised for its first month
            }
            evolve(rng, c, p, per);
            reassign(rng, &mut c.mgr, mgrs, branch_mgrs, p);
        }
        control_npl(rng, custs, p);
    }
}

/// One present customer from the month before into period `p` (`per`).
fn evolve(rng: &mut Rng, c: &mut Cust, p: usize, per: Period) {
    let span = per.last_day - per.first_day + 1;
    let corp = c.corp;
    let (rho, sd) = if corp { (0.7, 0.18) } else { (0.7, 0.08) };
    c.dep_x = (rho * f64::from(c.dep_x) + sd * nrm(rng)) as f32;
    c.aum_x = (0.8 * f64::from(c.aum_x) + 0.06 * nrm(rng)) as f32;
    if c.drain_len == 0 && chance(rng, 0.004) {
        // A one-off outflow (a large purchase, funds moved elsewhere); it recovers.
        c.dep_x -= (0.4 + 0.5 * unif(rng)) as f32;
    }

    // Loans: amortisation, pay-off, new loans; classes sticky with migrations.
    loan_month(rng, c, span);

    // Contacts.
    if !c.never_contacted && chance(rng, f64::from(c.contact_rate)) {
        c.last_contact = (per.first_day + rng.gen_range(0..span)).max(c.open_day);
    }

    // Products: churners drop one while draining; others rarely change.
    if c.drain_len > 0 && p >= usize::from(c.drain_start) {
        let k = p - usize::from(c.drain_start);
        if (k == 0 && chance(rng, 0.45)) || (k == 1 && chance(rng, 0.6)) {
            drop_optional(rng, &mut c.products);
        }
    } else if chance(rng, 0.0015) {
        drop_optional(rng, &mut c.products);
    } else if chance(rng, 0.004) {
        add_optional(rng, &mut c.products, corp);
    }
}
