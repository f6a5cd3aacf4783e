//! What the pages need beyond [`Analysis`], computed once per build (not per page, not per
//! site): the metrics of the month before (for "what changed"), every group's figures from
//! core's one grouping pass ([`branchlens_core::metrics::groups`]: monthly figures, counts,
//! Pareto, migration, cross-sell, industries, loan quality, headlines of the bank and of every
//! branch; the customers of each branch and manager), the managers' credited figures over time,
//! and the slugs of every page.
//!
//! Every number here comes from core functions; this module only picks a scope's figures and
//! caches views of them.

use std::borrow::Cow;
use std::sync::OnceLock;

use branchlens_core::metrics::contribution::contributions;
use branchlens_core::metrics::customer::{customer_metrics, CustomerMetric, CustomerMetrics};
use branchlens_core::metrics::groups::{groups, GroupFigures, Groups, ManagerCustomers};
use branchlens_core::metrics::performance::{credited, Figures as Credited};
use branchlens_core::summary::Analysis;
use branchlens_core::{Period, Sym};

use crate::slug::SlugMap;

/// The figures of one group in one period (the trend lines), summed by core.
pub use branchlens_core::metrics::customer::Monthly;

/// A group of customers a page is about: the whole bank or one branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Bank,
    Branch(Sym),
}

impl Scope {
    pub fn branch(self) -> Option<Sym> {
        match self {
            Scope::Bank => None,
            Scope::Branch(b) => Some(b),
        }
    }
    /// Whether a customer (by the branch of its row) is in the scope.
    pub fn has(self, branch: Sym) -> bool {
        match self {
            Scope::Bank => true,
            Scope::Branch(b) => b == branch,
        }
    }
}

/// The shared, precomputed model of one build.
#[derive(Debug)]
pub struct Model<'a> {
    pub a: &'a Analysis<'a>,
    /// P(churn) of each customer of `L` from the configured `[churn_model]` (customer-sorted;
    /// empty without a model), from `calibrate::churn::predict`.
    pub churn_prob: Vec<(Sym, f64)>,
    /// Customer metrics as of the position before `L` (for migration and new/resolved warnings).
    pub prev: Option<CustomerMetrics>,
    /// The figures of the bank, of every branch and of every manager's customers in `L`.
    pub groups: Groups,
    /// Managers' credited figures per period position, by manager index (computed on first use).
    manager_trend: OnceLock<Vec<Vec<Credited>>>,
    pub branch_slugs: SlugMap,
    pub manager_slugs: SlugMap,
}

impl<'a> Model<'a> {
    pub fn new(a: &'a Analysis<'a>) -> Model<'a> {
        let (ds, cfg, l) = (a.ds, a.cfg, a.period);
        let prev_period = ds.periods.iter().rev().find(|&&p| p < l).copied();
        let prev = prev_period.map(|p| customer_metrics(ds, cfg, p));
        let groups = groups(ds, cfg, l, &a.customers, prev.as_ref());
        let branch_slugs = SlugMap::new(ds.branch_ids.iter().map(|(_, s)| s));
        let manager_slugs = SlugMap::new(ds.manager_ids.iter().map(|(_, s)| s));
        Model {
            a,
            churn_prob: branchlens_core::calibrate::churn::predict(ds, cfg, l),
            prev,
            groups,
            manager_trend: OnceLock::new(),
            branch_slugs,
            manager_slugs,
        }
    }

    /// Periods of the data up to `L`.
    pub fn periods(&self) -> &[Period] {
        &self.groups.periods
    }

    /// The credited figures of manager `m` per period position (all zeros when nothing is
    /// credited). Computed for every manager on first use, with core's `credited` per period.
    pub fn manager_trend(&self, m: Sym) -> &[Credited] {
        let all = self.manager_trend.get_or_init(|| {
            let (ds, cfg, l) = (self.a.ds, self.a.cfg, self.a.period);
            let periods = self.periods();
            let mut t = vec![vec![Credited::default(); periods.len()]; ds.manager_ids.len()];
            if !self.a.performance.managers.is_empty() {
                let contrib = contributions(ds, &cfg.contribution);
                for (pi, &p) in periods.iter().enumerate() {
                    for pf in credited(ds, &contrib, p, l) {
                        if let Some(v) = t.get_mut(pf.manager.index()).and_then(|v| v.get_mut(pi)) {
                            *v = pf.figures;
                        }
                    }
                }
            }
            t
        });
        all.get(m.index()).map_or(&[], Vec::as_slice)
    }

    /// The figures of `scope` (a branch of the dataset, or the bank).
    pub fn scope_data(&self, scope: Scope) -> &GroupFigures {
        match scope {
            Scope::Bank => &self.groups.bank,
            // Every branch of the dataset has its figures (one per branch id).
            Scope::Branch(b) => &self.groups.branches[b.index()],
        }
    }

    /// The configured churn model's probability for customer `c` (`None` without a model).
    pub fn churn_prob_of(&self, c: Sym) -> Option<f64> {
        self.churn_prob.binary_search_by_key(&c, |&(s, _)| s).ok().and_then(|i| self.churn_prob.get(i)).map(|&(_, p)| p)
    }

    /// The customers (metrics in `L`) of a scope, in customer-id order.
    pub fn customers(&self, scope: Scope) -> Box<dyn Iterator<Item = &CustomerMetric> + '_> {
        match scope {
            Scope::Bank => Box::new(self.a.customers.customers.iter()),
            Scope::Branch(_) => Box::new(self.in_l(&self.scope_data(scope).customers)),
        }
    }

    /// The metrics in `L` at positions `idx` (indices into `a.customers.customers`).
    pub fn in_l<'s>(&'s self, idx: &'s [usize]) -> impl Iterator<Item = &'s CustomerMetric> + 's {
        idx.iter().filter_map(|&i| self.a.customers.customers.get(i))
    }

    /// The lost customers of a scope (metrics of the month before), in customer-id order.
    pub fn lost(&self, scope: Scope) -> impl Iterator<Item = &CustomerMetric> + '_ {
        let prev = self.prev.as_ref().map_or(&[][..], |p| p.customers.as_slice());
        self.scope_data(scope).lost.iter().filter_map(move |&i| prev.get(i))
    }

    /// The customers of record of a manager in a scope (ids, tiers, call list).
    pub fn manager_customers(&self, manager: Sym, scope: Scope) -> Cow<'_, ManagerCustomers> {
        let cur = &self.a.customers;
        let Some(all) = self.groups.manager(manager) else {
            return Cow::Owned(ManagerCustomers::new(cur, Vec::new()));
        };
        if self.in_l(&all.customers).all(|c| scope.has(c.branch)) {
            Cow::Borrowed(all)
        } else {
            Cow::Owned(all.only(cur, |c| scope.has(c.branch)))
        }
    }

    pub fn monthly(&self, scope: Scope) -> &[Monthly] {
        &self.scope_data(scope).monthly
    }

    pub fn branch_slug(&self, b: Sym) -> String {
        self.branch_slugs.get(self.a.ds.branch_id(b))
    }

    pub fn manager_slug(&self, m: Sym) -> String {
        self.manager_slugs.get(self.a.ds.manager_id(m))
    }
}
