//! Branch figures (by the customer's branch_id, all customers) and the orphaned-customer
//! reassignment list, in `L = as_of`. See the module docs of `performance` for the readings.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{manager_states, score, Completion, Crediting, PerfParams, TargetSet};
use crate::config::Config;
use crate::model::{Dataset, Kind, LoanClass, Period, Status, Sym};

/// Loan balances by five-level class (yuan), with the class a row counts in
/// ([`crate::model::CustomerRow::effective_loan_class`]: empty class with a balance = normal).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LoanBook {
    pub normal: f64,
    pub special: f64,
    pub substandard: f64,
    pub doubtful: f64,
    pub loss: f64,
}

/// A branch's own figures in `L` (every customer whose branch_id is the branch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct BranchFigures {
    pub customers: u64,
    pub new_customers: u64,
    pub deposit: f64,
    pub loan: f64,
    pub aum: f64,
    pub fee: f64,
    pub contribution: f64,
}

/// One branch's performance in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BranchPerf {
    #[serde(skip)]
    pub branch: Sym,
    pub branch_id: String,
    pub period: Period,
    #[serde(flatten)]
    pub figures: BranchFigures,
    pub loans_by_class: LoanBook,
    /// (substandard + doubtful + loss) / total loans; `None` without loans.
    pub npl_ratio: Option<f64>,
    /// Σ balance × provision rate of its class (a stock).
    pub required_provision: f64,
    /// Active managers whose state in `L` names this branch.
    pub active_managers: u32,
    /// The sum of the targets of those active managers.
    pub targets: TargetSet,
    pub completion: Completion,
    pub score: Option<f64>,
    /// 1-based rank among the branches with a score (score desc, then branch id).
    pub rank: Option<u32>,
}

/// Why a customer is on the reassignment list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrphanReason {
    /// The manager's state in `L` is `left`.
    Left,
    /// The manager_id names no manager known in `L`.
    Unknown,
    /// The manager_id is empty.
    Unassigned,
}

/// A customer in `L` whose own manager has left, is unknown or is empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Orphan {
    #[serde(skip)]
    pub customer: Sym,
    pub customer_id: String,
    pub kind: Kind,
    #[serde(skip)]
    pub branch: Sym,
    pub branch_id: String,
    /// The customer's own manager_id (`None` when empty).
    pub manager_id: Option<String>,
    pub reason: OrphanReason,
    pub contribution: f64,
    pub deposit: f64,
    pub loan: f64,
    pub aum: f64,
    /// The customer is credited through credit_splits.csv (its performance still counts).
    pub credited_via_splits: bool,
}

/// Branch figures in `as_of`, sorted by branch id.
pub fn branch_performance(ds: &Dataset, cfg: &Config, contrib: &[f64], as_of: Period) -> Vec<BranchPerf> {
    branches_with(ds, &PerfParams::from_config(cfg), contrib, as_of)
}

#[derive(Default)]
struct Acc {
    customers: u64,
    new_customers: u64,
    deposit: i128,
    loan: i128,
    aum: i128,
    fee: i128,
    contribution: f64,
    by_class: [i128; 5],
    active: u32,
    targets: TargetSet,
}

fn yuan(fen: i128) -> f64 {
    fen as f64 / 100.0
}

pub(super) fn branches_with(ds: &Dataset, p: &PerfParams, contrib: &[f64], as_of: Period) -> Vec<BranchPerf> {
    let mut acc: BTreeMap<Sym, Acc> = BTreeMap::new();
    let (first, last) = (as_of.first_day(), as_of.last_day());
    for (i, r) in ds.customers.iter().enumerate() {
        if r.period != as_of {
            continue;
        }
        let a = acc.entry(r.branch).or_default();
        a.customers += 1;
        if r.open_date >= first && r.open_date <= last {
            a.new_customers += 1;
        }
        a.deposit += i128::from(r.deposit_avg.0);
        a.loan += i128::from(r.loan_balance.0);
        a.aum += i128::from(r.aum.0);
        a.fee += i128::from(r.fee_income.0);
        a.contribution += contrib.get(i).copied().unwrap_or(0.0);
        if let Some(c) = r.effective_loan_class() {
            a.by_class[c.index()] += i128::from(r.loan_balance.0);
        }
    }
    for s in manager_states(ds, as_of) {
        if s.status == Status::Active {
            let a = acc.entry(s.branch).or_default();
            a.active += 1;
            a.targets.add(&s.targets);
        }
    }
    let mut out: Vec<BranchPerf> = acc
        .into_iter()
        .map(|(b, a)| {
            let figures = BranchFigures {
                customers: a.customers,
                new_customers: a.new_customers,
                deposit: yuan(a.deposit),
                loan: yuan(a.loan),
                aum: yuan(a.aum),
                fee: yuan(a.fee),
                contribution: a.contribution,
            };
            let npl: i128 = LoanClass::ALL.iter().filter(|c| c.is_npl()).map(|c| a.by_class[c.index()]).sum();
            let npl_ratio = (a.loan > 0).then(|| npl as f64 / a.loan as f64);
            let mut required_provision = 0.0;
            for c in LoanClass::ALL {
                required_provision += yuan(a.by_class[c.index()]) * p.provision[c.index()];
            }
            let (completion, score) =
                score(&a.targets, figures.deposit, figures.loan, figures.fee, figures.new_customers as f64, p);
            BranchPerf {
                branch: b,
                branch_id: ds.branch_id(b).to_string(),
                period: as_of,
                figures,
                loans_by_class: LoanBook {
                    normal: yuan(a.by_class[0]),
                    special: yuan(a.by_class[1]),
                    substandard: yuan(a.by_class[2]),
                    doubtful: yuan(a.by_class[3]),
                    loss: yuan(a.by_class[4]),
                },
                npl_ratio,
                required_provision,
                active_managers: a.active,
                targets: a.targets,
                completion,
                score,
                rank: None,
            }
        })
        .collect();
    let mut ranked: Vec<(f64, Sym, usize)> =
        out.iter().enumerate().filter_map(|(i, b)| b.score.map(|s| (s, b.branch, i))).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (pos, &(_, _, i)) in ranked.iter().enumerate() {
        out[i].rank = Some(pos as u32 + 1);
    }
    out
}

/// The reassignment list in `as_of`: customers whose own manager_id is empty, names no
/// manager known in `as_of`, or names a manager whose state is `left`. Largest contribution
/// first, ties by customer id.
pub fn orphans(ds: &Dataset, contrib: &[f64], as_of: Period) -> Vec<Orphan> {
    let states = manager_states(ds, as_of);
    let c = Crediting::new(ds, &states);
    let mut out = Vec::new();
    for (i, r) in ds.customers.iter().enumerate() {
        if r.period != as_of {
            continue;
        }
        let reason = match r.manager {
            None => OrphanReason::Unassigned,
            Some(m) => match c.slot(m).and_then(|s| states.get(s)) {
                None => OrphanReason::Unknown,
                Some(s) if s.status == Status::Left => OrphanReason::Left,
                Some(_) => continue,
            },
        };
        out.push(Orphan {
            customer: r.customer,
            customer_id: ds.customer_id(r.customer).to_string(),
            kind: r.kind,
            branch: r.branch,
            branch_id: ds.branch_id(r.branch).to_string(),
            manager_id: r.manager.map(|m| ds.manager_id(m).to_string()),
            reason,
            contribution: contrib.get(i).copied().unwrap_or(0.0),
            deposit: r.deposit_avg.yuan(),
            loan: r.loan_balance.yuan(),
            aum: r.aum.yuan(),
            credited_via_splits: !c.splits_of(r.customer).is_empty(),
        });
    }
    out.sort_by(|a, b| b.contribution.total_cmp(&a.contribution).then(a.customer.cmp(&b.customer)));
    out
}
