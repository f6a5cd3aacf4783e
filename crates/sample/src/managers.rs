//! Relationship managers: staffing the branches (grades from tenure, hire dates), the few who
//! leave and those without targets, the manager a new customer gets, the reassignment of a
//! leaver's portfolio, and each month's targets sized from the credited portfolio.

use rand::Rng as _;

use crate::draw::{chance, nrm, unif, Rng};
use crate::period::{Period, NEVER};
use crate::vocab::person_name;
use crate::SampleSpec;

#[derive(Debug, Clone)]
pub(crate) struct Mgr {
    pub(crate) branch: u16,
    pub(crate) name: [u8; 3],
    /// Index into `GRADES`.
    pub(crate) grade: u8,
    pub(crate) hire_day: i32,
    /// First period with status `left` (`NEVER` = stays).
    pub(crate) leave: u16,
    pub(crate) no_targets: bool,
    pub(crate) target_factor: f32,
    pub(crate) new_target: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MgrRef {
    None,
    Known(u32),
    /// A manager id that is not in managers.csv (the number after `M`).
    Unknown(u32),
}

/// The managers of the bank and, per branch, their indices: about one per 80–100 customers of
/// the branch (`n` customers spread by the branch weights `bw`), or `spec.managers` spread
/// the same way; at least 3 a branch.
pub(crate) fn staff(
    rng: &mut Rng,
    spec: &SampleSpec,
    n: usize,
    bw: &[f64],
    first: Period,
) -> (Vec<Mgr>, Vec<Vec<u32>>) {
    let bw_total: f64 = bw.iter().sum();
    let mut mgrs = Vec::new();
    let mut branch_mgrs = vec![Vec::new(); bw.len()];
    for (b, w) in bw.iter().enumerate() {
        let expected = n as f64 * w / bw_total;
        // Drawn in both cases, so that `managers: None` keeps the same random stream.
        let per = 80.0 + 20.0 * unif(rng);
        let count = match spec.managers {
            Some(total) => (f64::from(total) * w / bw_total).round() as usize,
            None => (expected / per).round() as usize,
        }
        .max(3);
        for _ in 0..count {
            branch_mgrs[b].push(mgrs.len() as u32);
            mgrs.push(hire(rng, b as u16, first));
        }
    }
    (mgrs, branch_mgrs)
}

/// One manager of branch `branch`, hired 0.5–24.5 years before the first period.
fn hire(rng: &mut Rng, branch: u16, first: Period) -> Mgr {
    let tenure_years = 0.5 + 24.0 * unif(rng).powf(1.3);
    let t = tenure_years + 3.0 * nrm(rng);
    let grade = if t < 2.5 {
        0
    } else if t < 7.0 {
        1
    } else if t < 14.0 {
        2
    } else {
        3
    };
    Mgr {
        branch,
        name: person_name(rng),
        grade,
        hire_day: first.first_day - (tenure_years * 365.25) as i32,
        leave: NEVER,
        no_targets: false,
        target_factor: (0.9 + 0.3 * unif(rng)) as f32,
        new_target: rng.gen_range(1..=5),
    }
}

/// 1–3 managers leave mid-range (never leaving a branch with fewer than 2 active); a few
/// active ones have no targets.
pub(crate) fn mark_leavers_and_untargeted(rng: &mut Rng, mgrs: &mut [Mgr], branch_mgrs: &[Vec<u32>], months: usize) {
    let total_mgrs = mgrs.len();
    let leavers = rng.gen_range(1..=3usize).min(total_mgrs / 3);
    let mut left = 0;
    let mut tries = 0;
    while left < leavers && tries < 1000 {
        tries += 1;
        let m = rng.gen_range(0..total_mgrs);
        let b = usize::from(mgrs[m].branch);
        let active_in_branch = branch_mgrs[b].iter().filter(|&&k| mgrs[k as usize].leave == NEVER).count();
        if mgrs[m].leave != NEVER || active_in_branch <= 2 {
            continue;
        }
        mgrs[m].leave = if months >= 2 { rng.gen_range(1..months) as u16 } else { 0 };
        left += 1;
    }
    let untargeted = if total_mgrs >= 4 { ((total_mgrs as f64 * 0.05).round() as usize).max(1) } else { 0 };
    let mut marked = 0;
    tries = 0;
    while marked < untargeted && tries < 1000 {
        tries += 1;
        let m = rng.gen_range(0..total_mgrs);
        if mgrs[m].leave == NEVER && !mgrs[m].no_targets {
            mgrs[m].no_targets = true;
            marked += 1;
        }
    }
}

/// The relationship manager of a customer joining in period `join`: ~1 % unassigned, ~0.3 % an
/// id missing from managers.csv; else one of the branch's (`branch_mgrs`), preferably senior
/// for a corporate customer and not one who has already left.
pub(crate) fn pick_manager(rng: &mut Rng, mgrs: &[Mgr], branch_mgrs: &[u32], corp: bool, join: u16) -> MgrRef {
    let r = unif(rng);
    if r < 0.01 {
        MgrRef::None
    } else if r < 0.013 {
        MgrRef::Unknown(mgrs.len() as u32 + 1 + rng.gen_range(0..3))
    } else {
        let mut m = branch_mgrs[rng.gen_range(0..branch_mgrs.len())];
        for _ in 0..10 {
            let mg = &mgrs[m as usize];
            let too_junior = corp && mg.grade < 2 && chance(rng, 0.6);
            let gone = join > 0 && mg.leave <= join;
            if !too_junior && !gone {
                break;
            }
            m = branch_mgrs[rng.gen_range(0..branch_mgrs.len())];
        }
        MgrRef::Known(m)
    }
}

/// A departing manager in period `p`: about half the portfolio is reassigned to an active
/// manager of the same branch, the rest orphaned.
pub(crate) fn reassign(rng: &mut Rng, mgr: &mut MgrRef, mgrs: &[Mgr], branch_mgrs: &[Vec<u32>], p: usize) {
    if let MgrRef::Known(m) = *mgr {
        let mg = &mgrs[m as usize];
        if usize::from(mg.leave) == p && chance(rng, 0.5) {
            let list = &branch_mgrs[usize::from(mg.branch)];
            let active: Vec<u32> = list.iter().copied().filter(|&k| usize::from(mgrs[k as usize].leave) > p).collect();
            if !active.is_empty() {
                *mgr = MgrRef::Known(active[rng.gen_range(0..active.len())]);
            }
        }
    }
}

/// A month's targets of an active manager with targets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Targets {
    /// Deposit, loan and fee targets in fen (`None`: the cell is empty).
    pub(crate) amounts: [Option<i64>; 3],
    pub(crate) new_customers: u32,
}

/// The targets of `m` this month from its `credited` deposit, loan and fee: ≈ the credited
/// portfolio × the manager's target factor; deposit and loan targets in thousands, fee targets
/// in tens of yuan. `None` for a manager who left or has no targets.
pub(crate) fn targets(rng: &mut Rng, m: &Mgr, credited: &[f64; 4], active: bool) -> Option<Targets> {
    if !active || m.no_targets {
        return None;
    }
    let base = f64::from(m.target_factor);
    let mut amounts = [None; 3];
    for (k, unit) in [(0, 1000.0), (1, 1000.0), (2, 10.0)] {
        let t = (credited[k] * base * (0.97 + 0.06 * unif(rng)) / unit).round() * unit;
        if t >= 1.0 {
            amounts[k] = Some(crate::month::cents(t));
        }
    }
    let r = rng.gen_range(-1..=1i32);
    let nt = (i32::from(m.new_target) + r).clamp(1, 5);
    Some(Targets { amounts, new_customers: nt.unsigned_abs() })
}
