//! The performance cases planted in every bank: outperforming and struggling managers (their
//! targets) and, in the last month, one large deposit inflow and one outflow of a corporate
//! customer (业绩异动), from a random stream of their own.

use rand::{Rng as _, SeedableRng};

use crate::customers::Cust;
use crate::draw::{unif, Rng};
use crate::managers::{Mgr, MgrRef};
use crate::period::NEVER;
use crate::splits::NO_SPLIT;

/// A planted change of one corporate customer's deposits in the last month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    pub(crate) cust: u32,
    pub(crate) mgr: u32,
    pub(crate) kind: EventKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum EventKind {
    /// Adds this multiple of the manager's previous-month credited deposits.
    Inflow(f64),
    /// Keeps this fraction of the customer's deposits.
    Outflow(f64),
}

/// Plants the performance cases a report must be able to show, drawn from a generator of their
/// own (seeded from `seed`) so that everything else is the same bytes as without them. Among
/// the active managers with targets, in a shuffled order:
/// - 1–3 outperformers (about 10 %), whose book grew well past the plan: targets 0.65–0.72 ×
///   the book they hold (completion ≈ 1.4, score ≥ 110 → `promote`);
/// - as many strugglers, carrying a plan sized for a bigger book: targets 2.0–2.3 × their book
///   and 4–5 new customers (score < 60 → `review`);
/// - in the last month, the largest corporate customer of the next manager parks the
///   proceeds of an asset sale: + 0.7–0.95 × the manager's previous-month deposits (a
///   业绩异动 jump, > 50 % of the month before);
/// - in the last month, a corporate customer of another manager moves 85–95 % of its
///   deposits to another bank: the customer that weighs most in its manager's book.
///
/// Nothing is planted with fewer than 4 such managers; no events with a single month.
pub(crate) fn plant(seed: u64, months: usize, mgrs: &mut [Mgr], custs: &[Cust]) -> Vec<Event> {
    let mut rng = Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut cand: Vec<u32> =
        (0..mgrs.len() as u32).filter(|&m| mgrs[m as usize].leave == NEVER && !mgrs[m as usize].no_targets).collect();
    if cand.len() < 4 {
        return Vec::new();
    }
    for i in (1..cand.len()).rev() {
        cand.swap(i, rng.gen_range(0..=i));
    }
    let k = ((cand.len() as f64 * 0.1).round() as usize).clamp(1, 3);
    for &m in &cand[..k] {
        mgrs[m as usize].target_factor = (0.65 + 0.07 * unif(&mut rng)) as f32;
    }
    for &m in &cand[k..2 * k] {
        let mg = &mut mgrs[m as usize];
        mg.target_factor = (2.0 + 0.3 * unif(&mut rng)) as f32;
        mg.new_target = 5;
    }
    if months < 2 {
        return Vec::new();
    }
    // Corporate customers of one manager present in the last two months, not shared, not churning.
    let last = months - 1;
    let eligible = |c: &Cust, m: u32| {
        c.corp
            && c.mgr == MgrRef::Known(m)
            && c.split == NO_SPLIT
            && usize::from(c.join) < last
            && c.leave == NEVER
            && c.drain_len == 0
    };
    // One pass: per manager, the sum of deposit bases and the largest eligible customer.
    let mut total = vec![0.0f64; mgrs.len()];
    let mut top: Vec<Option<(u32, f64)>> = vec![None; mgrs.len()];
    for (i, c) in custs.iter().enumerate() {
        let MgrRef::Known(m) = c.mgr else { continue };
        let d = f64::from(c.dep_base);
        total[m as usize] += d;
        let t = &mut top[m as usize];
        if eligible(c, m) && t.is_none_or(|(_, x)| d > x) {
            *t = Some((i as u32, d));
        }
    }
    let mut events = Vec::new();
    let rest = &cand[2 * k..];
    let inflow = rest.iter().find_map(|&m| top[m as usize].map(|(cust, _)| (m, cust)));
    if let Some((m, cust)) = inflow {
        events.push(Event { cust, mgr: m, kind: EventKind::Inflow(0.7 + 0.25 * unif(&mut rng)) });
    }
    let mut best: Option<(u32, u32, f64)> = None;
    for &m in rest.iter().filter(|&&m| Some(m) != inflow.map(|x| x.0)) {
        if let Some((cust, d)) = top[m as usize] {
            let share = d / total[m as usize];
            if best.is_none_or(|(_, _, s)| share > s) {
                best = Some((m, cust, share));
            }
        }
    }
    if let Some((m, cust, _)) = best {
        events.push(Event { cust, mgr: m, kind: EventKind::Outflow(0.05 + 0.1 * unif(&mut rng)) });
    }
    events
}
