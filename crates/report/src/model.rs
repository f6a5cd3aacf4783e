//! What the pages need beyond [`Analysis`], computed once per build (not per page, not per
//! site): the metrics of the month before (for "what changed"), monthly figures of the bank and
//! of every branch in one pass over the rows, the customers of each branch and manager, the
//! managers' credited figures over time, and the slugs of every page.
//!
//! Every number here comes from core functions (`contribution`, `credited`, `customer_metrics`,
//! the aggregates); this module only groups rows. Sums run in row order (period, customer id),
//! so a branch's monthly figure is bit-identical to `core::metrics::customer::figures` with the
//! branch filter (tested).

use std::sync::{Arc, OnceLock};

use branchlens_core::metrics::contribution::{contribution, contributions};
use branchlens_core::metrics::customer::{
    counts, cross_sell, customer_metrics, headlines, industries, loan_quality_in, pareto, tier_migration_between,
    Counts, CrossSell, CustomerMetric, CustomerMetrics, Headlines, IndustryRow, LoanQuality, Migration, ParetoSet,
};
use branchlens_core::metrics::performance::{credited, Figures as Credited};
use branchlens_core::summary::Analysis;
use branchlens_core::{Amount, Kind, LoanClass, Period, Sym};

use crate::slug::SlugMap;

/// The figures of one group in one period (the trend lines).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Monthly {
    pub customers: usize,
    pub deposit: Amount,
    pub loan: Amount,
    pub aum: Amount,
    pub fee: Amount,
    pub contribution: f64,
    pub npl: Amount,
}

impl Monthly {
    pub fn npl_ratio(&self) -> Option<f64> {
        (self.loan.0 != 0).then(|| self.npl.0 as f64 / self.loan.0 as f64)
    }
}

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
    /// Index into per-group tables: 0 for the bank, 1 + branch index for a branch.
    pub fn index(self) -> usize {
        match self {
            Scope::Bank => 0,
            Scope::Branch(b) => 1 + b.index(),
        }
    }
}

/// The aggregates of one scope (bank or branch) in `L`, computed once and shared by its pages
/// and charts. All from core functions; counts and migration run over the scope's own
/// customers (the same result as core's row filter, see [`Model::scope_data`]).
#[derive(Debug)]
pub struct ScopeData {
    pub counts: Counts,
    pub retail: Counts,
    pub corporate: Counts,
    pub pareto: ParetoSet,
    pub migration: Option<Migration>,
    pub cross_sell: CrossSell,
    pub industries: Vec<IndustryRow>,
    pub loans: LoanQuality,
    pub headlines: Headlines,
}

/// The shared, precomputed model of one build.
#[derive(Debug)]
pub struct Model<'a> {
    pub a: &'a Analysis<'a>,
    /// P(churn) of each customer of `L` from the configured `[churn_model]` (customer-sorted;
    /// empty without a model), from `calibrate::churn::predict`.
    pub churn_prob: Vec<(Sym, f64)>,
    /// Periods of the data up to `L`.
    pub periods: Vec<Period>,
    /// The position before `L`, if any.
    pub prev_period: Option<Period>,
    /// Customer metrics as of the position before `L` (for migration and new/resolved warnings).
    pub prev: Option<CustomerMetrics>,
    /// `monthly[scope.index()][period position]`.
    pub monthly: Vec<Vec<Monthly>>,
    /// Indices into `a.customers.customers` per branch index.
    pub by_branch: Vec<Vec<usize>>,
    /// Indices into `a.customers.customers` per manager index (the customer's own manager_id).
    pub by_manager: Vec<Vec<usize>>,
    /// For each customer of `prev` (same order): the branch that puts it in a scope — its `L`
    /// row's branch when it is still a customer in `L`, else its own row's — and whether it is
    /// still a customer.
    pub prev_scope: Vec<(Sym, bool)>,
    /// Managers' credited figures per period position, by manager index (computed on first use).
    manager_trend: OnceLock<Vec<Vec<Credited>>>,
    pub branch_slugs: SlugMap,
    pub manager_slugs: SlugMap,
    /// `scope_data` by [`Scope::index`], computed on first use (thread-safe).
    cache: Vec<OnceLock<Arc<ScopeData>>>,
}

impl<'a> Model<'a> {
    pub fn new(a: &'a Analysis<'a>) -> Model<'a> {
        let (ds, cfg, l) = (a.ds, a.cfg, a.period);
        let periods: Vec<Period> = ds.periods.iter().copied().filter(|&p| p <= l).collect();
        let prev_period = periods.iter().rev().find(|&&p| p < l).copied();
        let prev = prev_period.map(|p| customer_metrics(ds, cfg, p));

        let nb = ds.branch_ids.len();
        let mut monthly = vec![vec![Monthly::default(); periods.len()]; nb + 1];
        for (pi, &p) in periods.iter().enumerate() {
            for r in ds.rows_in(p) {
                let c = contribution(r, &cfg.contribution);
                for g in [0, 1 + r.branch.index()] {
                    let Some(m) = monthly.get_mut(g).and_then(|v| v.get_mut(pi)) else { continue };
                    m.customers += 1;
                    add(&mut m.deposit, r.deposit_avg);
                    add(&mut m.loan, r.loan_balance);
                    add(&mut m.aum, r.aum);
                    add(&mut m.fee, r.fee_income);
                    m.contribution += c;
                    if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
                        add(&mut m.npl, r.loan_balance);
                    }
                }
            }
        }

        let mut by_branch = vec![Vec::new(); nb];
        let mut by_manager = vec![Vec::new(); ds.manager_ids.len()];
        for (i, m) in a.customers.customers.iter().enumerate() {
            if let Some(v) = by_branch.get_mut(m.branch.index()) {
                v.push(i);
            }
            if let Some(v) = m.manager.and_then(|s| by_manager.get_mut(s.index())) {
                v.push(i);
            }
        }

        // Merge-join of the two id-sorted metric lists.
        let mut prev_scope = Vec::new();
        if let Some(p) = &prev {
            let cur = &a.customers.customers;
            let mut j = 0;
            prev_scope.reserve(p.customers.len());
            for m in &p.customers {
                while j < cur.len() && cur[j].customer < m.customer {
                    j += 1;
                }
                prev_scope.push(match cur.get(j) {
                    Some(c) if c.customer == m.customer => (c.branch, true),
                    _ => (m.branch, false),
                });
            }
        }

        let branch_slugs = SlugMap::new(ds.branch_ids.iter().map(|(_, s)| s));
        let manager_slugs = SlugMap::new(ds.manager_ids.iter().map(|(_, s)| s));
        Model {
            a,
            churn_prob: branchlens_core::calibrate::churn::predict(ds, cfg, l),
            periods,
            prev_period,
            prev,
            monthly,
            by_branch,
            by_manager,
            prev_scope,
            manager_trend: OnceLock::new(),
            branch_slugs,
            manager_slugs,
            cache: (0..=nb).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The credited figures of manager `m` per period position (all zeros when nothing is
    /// credited). Computed for every manager on first use, with core's `credited` per period.
    pub fn manager_trend(&self, m: Sym) -> &[Credited] {
        let all = self.manager_trend.get_or_init(|| {
            let (ds, cfg, l) = (self.a.ds, self.a.cfg, self.a.period);
            let mut t = vec![vec![Credited::default(); self.periods.len()]; ds.manager_ids.len()];
            if !self.a.performance.managers.is_empty() {
                let contrib = contributions(ds, &cfg.contribution);
                for (pi, &p) in self.periods.iter().enumerate() {
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

    /// The aggregates of `scope`, computed on first use.
    ///
    /// For a branch, counts and the migration run over metric lists holding only the branch's
    /// customers (judged like core's row filter: on the `L` row, and for a customer gone in `L`
    /// on its row the month before), which gives the same numbers as filtering every customer
    /// of the bank, without scanning the whole bank once per branch and call.
    pub fn scope_data(&self, scope: Scope) -> Arc<ScopeData> {
        match self.cache.get(scope.index()) {
            Some(cell) => Arc::clone(cell.get_or_init(|| Arc::new(self.compute_scope_data(scope)))),
            None => Arc::new(self.compute_scope_data(scope)),
        }
    }

    fn compute_scope_data(&self, scope: Scope) -> ScopeData {
        let a = self.a;
        let (ds, cfg, l) = (a.ds, a.cfg, a.period);
        let b = scope.branch();
        let filter = |r: &branchlens_core::CustomerRow| b.map_or(true, |b| r.branch == b);
        let subsets = match scope {
            Scope::Bank => None,
            Scope::Branch(b) => {
                let cur = CustomerMetrics {
                    period: a.customers.period,
                    has_data: a.customers.has_data,
                    customers: self.customers(scope).cloned().collect(),
                };
                let prev = self.prev.as_ref().map(|p| CustomerMetrics {
                    period: p.period,
                    has_data: p.has_data,
                    customers: p
                        .customers
                        .iter()
                        .zip(&self.prev_scope)
                        .filter(|(_, (branch, _))| *branch == b)
                        .map(|(m, _)| m.clone())
                        .collect(),
                });
                Some((cur, prev))
            }
        };
        let (cur, prev) = match &subsets {
            None => (&a.customers, self.prev.as_ref()),
            Some((c, p)) => (c, p.as_ref()),
        };
        ScopeData {
            counts: counts(ds, cur, |_| true),
            retail: counts(ds, cur, |r| r.kind == Kind::Retail),
            corporate: counts(ds, cur, |r| r.kind == Kind::Corporate),
            pareto: pareto(ds, cfg, l, filter),
            migration: prev.map(|p| tier_migration_between(ds, Some(p), cur, |_| true)),
            cross_sell: cross_sell(ds, cfg, l, filter),
            industries: industries(ds, cfg, l, filter),
            loans: loan_quality_in(ds, cfg, l, filter),
            headlines: headlines(ds, cfg, l, filter),
        }
    }

    /// The customers (metrics in `L`) of a scope, in customer-id order.
    /// The configured churn model's probability for customer `c` (`None` without a model).
    pub fn churn_prob_of(&self, c: Sym) -> Option<f64> {
        self.churn_prob.binary_search_by_key(&c, |&(s, _)| s).ok().and_then(|i| self.churn_prob.get(i)).map(|&(_, p)| p)
    }

    pub fn customers(&self, scope: Scope) -> Box<dyn Iterator<Item = &CustomerMetric> + '_> {
        let all = &self.a.customers.customers;
        match scope {
            Scope::Bank => Box::new(all.iter()),
            Scope::Branch(b) => Box::new(
                self.by_branch.get(b.index()).map(|v| v.as_slice()).unwrap_or(&[]).iter().filter_map(|&i| all.get(i)),
            ),
        }
    }

    /// The customers of record of a manager in a scope, in customer-id order.
    pub fn manager_customers(&self, manager: Sym, scope: Scope) -> Vec<&CustomerMetric> {
        let all = &self.a.customers.customers;
        self.by_manager
            .get(manager.index())
            .map(|v| v.iter().filter_map(|&i| all.get(i)).filter(|m| scope.has(m.branch)).collect())
            .unwrap_or_default()
    }

    pub fn monthly(&self, scope: Scope) -> &[Monthly] {
        self.monthly.get(scope.index()).map_or(&[], Vec::as_slice)
    }

    pub fn branch_slug(&self, b: Sym) -> String {
        self.branch_slugs.get(self.a.ds.branch_id(b))
    }

    pub fn manager_slug(&self, m: Sym) -> String {
        self.manager_slugs.get(self.a.ds.manager_id(m))
    }
}

fn add(a: &mut Amount, b: Amount) {
    a.0 = a.0.saturating_add(b.0);
}
