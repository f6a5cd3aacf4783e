//! Product holdings as a bit set over the contract's product codes: the codes, the depth cap,
//! and the products a customer takes up or gives up from month to month.

use rand::Rng as _;

use crate::draw::Rng;

/// The product codes, bit `k` of a holding is `PRODUCTS[k]`.
pub(crate) const PRODUCTS: [&str; 12] = [
    "deposit",
    "card",
    "ebank",
    "wealth",
    "fund",
    "insurance",
    "loan",
    "mortgage",
    "payroll",
    "fx",
    "cash_mgmt",
    "trade_fin",
];
pub(crate) const P_DEPOSIT: u16 = 1;
pub(crate) const P_CARD: u16 = 1 << 1;
pub(crate) const P_EBANK: u16 = 1 << 2;
pub(crate) const P_WEALTH: u16 = 1 << 3;
pub(crate) const P_FUND: u16 = 1 << 4;
pub(crate) const P_INSURANCE: u16 = 1 << 5;
pub(crate) const P_LOAN: u16 = 1 << 6;
pub(crate) const P_MORTGAGE: u16 = 1 << 7;
pub(crate) const P_PAYROLL: u16 = 1 << 8;
pub(crate) const P_FX: u16 = 1 << 9;
pub(crate) const P_CASH_MGMT: u16 = 1 << 10;
pub(crate) const P_TRADE_FIN: u16 = 1 << 11;
/// Products a customer may give up (never the deposit account or a live loan).
const OPTIONAL: [u16; 9] = [P_CARD, P_EBANK, P_WEALTH, P_FUND, P_INSURANCE, P_PAYROLL, P_FX, P_CASH_MGMT, P_TRADE_FIN];
const MAX_DEPTH: u32 = 6;

/// Removes optional products until at most `MAX_DEPTH` remain.
pub(crate) fn cap_depth(mut p: u16) -> u16 {
    const DROP: [u16; 9] = [P_FX, P_INSURANCE, P_FUND, P_PAYROLL, P_TRADE_FIN, P_CARD, P_CASH_MGMT, P_EBANK, P_WEALTH];
    for b in DROP {
        if p.count_ones() <= MAX_DEPTH {
            break;
        }
        p &= !b;
    }
    p
}

/// Gives up one optional product held, if any.
pub(crate) fn drop_optional(rng: &mut Rng, products: &mut u16) {
    let held: Vec<u16> = OPTIONAL.iter().copied().filter(|b| *products & b != 0).collect();
    if !held.is_empty() {
        *products &= !held[rng.gen_range(0..held.len())];
    }
}

/// Takes up one product typical of the segment, unless that exceeds `MAX_DEPTH`.
pub(crate) fn add_optional(rng: &mut Rng, products: &mut u16, corp: bool) {
    let pool: &[u16] = if corp {
        &[P_EBANK, P_CASH_MGMT, P_FX, P_PAYROLL, P_TRADE_FIN]
    } else {
        &[P_CARD, P_EBANK, P_FUND, P_INSURANCE, P_PAYROLL]
    };
    let b = pool[rng.gen_range(0..pool.len())];
    if (*products | b).count_ones() <= MAX_DEPTH {
        *products |= b;
    }
}
