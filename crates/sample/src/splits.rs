//! Shared customers (credit_splits.csv): about 2 % of the customers, mostly corporate, served by
//! 2–3 managers with fixed shares, some across branches.

use rand::Rng as _;

use crate::customers::Cust;
use crate::draw::{chance, Rng};
use crate::managers::MgrRef;

/// `Cust::split` of a customer that is not shared.
pub(crate) const NO_SPLIT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    pub(crate) cust: u32,
    pub(crate) n: u8,
    pub(crate) mgrs: [u32; 3],
    /// Shares in percent.
    pub(crate) pct: [u8; 3],
}

/// Draws the shared customers among `custs` (setting their `split`): the own manager keeps the
/// first share, the others come from the same branch or, 30 % of the time with several
/// branches, from anywhere in the bank.
pub(crate) fn share_customers(rng: &mut Rng, custs: &mut [Cust], branch_mgrs: &[Vec<u32>]) -> Vec<Split> {
    const PATTERNS: [&[u8]; 6] = [&[50, 50], &[60, 40], &[70, 30], &[40, 30, 30], &[50, 30, 20], &[50, 25, 25]];
    let nb = branch_mgrs.len();
    let total_mgrs: usize = branch_mgrs.iter().map(Vec::len).sum();
    let mut splits = Vec::new();
    for (i, c) in custs.iter_mut().enumerate() {
        let MgrRef::Known(own) = c.mgr else { continue };
        let p = if c.corp { 0.10 } else { 0.006 };
        if !chance(rng, p) {
            continue;
        }
        let pat = PATTERNS[rng.gen_range(0..PATTERNS.len())];
        let mut s = Split { cust: i as u32, n: 1, mgrs: [own, 0, 0], pct: [pat[0], 0, 0] };
        for &share in &pat[1..] {
            let mut pick = None;
            for _ in 0..20 {
                let other_branch = nb > 1 && chance(rng, 0.3);
                let cand = if other_branch {
                    rng.gen_range(0..total_mgrs) as u32
                } else {
                    let list = &branch_mgrs[usize::from(c.branch)];
                    list[rng.gen_range(0..list.len())]
                };
                if !s.mgrs[..usize::from(s.n)].contains(&cand) {
                    pick = Some(cand);
                    break;
                }
            }
            let Some(m) = pick else { break };
            s.mgrs[usize::from(s.n)] = m;
            s.pct[usize::from(s.n)] = share;
            s.n += 1;
        }
        if s.n < 2 {
            continue;
        }
        if s.n < pat.len() as u8 {
            // Fewer managers than the pattern: give the rest to the first.
            let given: u8 = s.pct[..usize::from(s.n)].iter().sum();
            s.pct[0] += 100 - given;
        }
        c.split = splits.len() as u32;
        splits.push(s);
    }
    splits
}
