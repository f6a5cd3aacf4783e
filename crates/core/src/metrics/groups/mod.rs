//! The figures of every group the report shows — the bank, each branch, each manager's customers
//! of record — from one pass that groups the rows and customers of `L` by branch and by manager
//! once (index lists, row order kept) and then runs each aggregate over each group's own rows.
//!
//! The cost is linear in rows + customers, whatever the number of branches and managers. Results
//! are those of the aggregates with a row filter (tested to the bit): sums run in row order
//! within each group, exactly as a filter over the whole bank visits them.

use crate::config::Config;
use crate::metrics::contribution::contribution;
use crate::metrics::customer::{
    call_list, cross_sell, headlines, industries, loan_quality, loans_by_industry, pareto, steps, tier_sums, Counts,
    CrossSell, CustomerMetric, CustomerMetrics, Headlines, IndustryLoans, IndustryRow, LoanQuality, Migration, Monthly,
    ParetoSet, Tally, TierState, TierSum,
};
use crate::model::{CustomerRow, Dataset, Kind, Period, Sym};

/// The figures of one group (the bank or a branch) in `L`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupFigures {
    /// The group's customers in `L` (by the branch of their `L` row): indices into the metrics of
    /// `L`, in customer-id order.
    pub customers: Vec<usize>,
    /// The group's lost customers (present the month before, not in `L`; placed by their row of
    /// the month before): indices into the metrics of the month before, in customer-id order.
    pub lost: Vec<usize>,
    /// Sums per position of [`Groups::periods`] (the trend lines).
    pub monthly: Vec<Monthly>,
    /// Customer rows per period of the data (`Dataset::periods`, also those after `L`).
    pub data_rows: Vec<usize>,
    /// Counts over the group's customers, overall and per kind.
    pub counts: Counts,
    pub retail: Counts,
    pub corporate: Counts,
    pub pareto: ParetoSet,
    /// The tier migration from the month before; `None` without metrics of a month before.
    pub migration: Option<Migration>,
    pub cross_sell: CrossSell,
    pub industries: Vec<IndustryRow>,
    pub loans: LoanQuality,
    pub loans_by_industry: Vec<IndustryLoans>,
    pub headlines: Headlines,
}

/// The customers of record of one manager (the manager_id of their `L` row).
#[derive(Clone, Debug, PartialEq)]
pub struct ManagerCustomers {
    /// Indices into the metrics of `L`, in customer-id order.
    pub customers: Vec<usize>,
    /// Customers and contribution per tier, in [`Tier::ALL`](crate::metrics::customer::Tier::ALL)
    /// order.
    pub tiers: [TierSum; 4],
    /// The call list: the customers [`at_risk`](crate::metrics::customer::at_risk), most urgent
    /// first (indices into the metrics of `L`).
    pub call_list: Vec<usize>,
}

impl ManagerCustomers {
    /// The tiers and call list of `customers` (indices into `cur.customers`, in id order).
    pub fn new(cur: &CustomerMetrics, customers: Vec<usize>) -> ManagerCustomers {
        let of = |i: &usize| cur.customers.get(*i);
        let tiers = tier_sums(customers.iter().filter_map(of));
        let list = call_list(customers.iter().filter_map(of));
        // `call_list` returns references into `cur.customers`; map them back to indices.
        let call_list = list.iter().filter_map(|c| index_of(cur, c)).collect();
        ManagerCustomers { customers, tiers, call_list }
    }

    /// The same figures over those customers that `keep` (e.g. the ones of one branch).
    pub fn only(&self, cur: &CustomerMetrics, keep: impl Fn(&CustomerMetric) -> bool) -> ManagerCustomers {
        let kept = self.customers.iter().copied().filter(|&i| cur.customers.get(i).is_some_and(&keep)).collect();
        ManagerCustomers::new(cur, kept)
    }
}

/// The position of `c` (a metric of `cur`) in `cur.customers`.
fn index_of(cur: &CustomerMetrics, c: &CustomerMetric) -> Option<usize> {
    cur.customers.binary_search_by_key(&c.customer, |m| m.customer).ok()
}

/// Every group's figures in `L`.
#[derive(Clone, Debug, PartialEq)]
pub struct Groups {
    /// `L`.
    pub period: Period,
    /// `P`: the periods of the data up to `L`.
    pub periods: Vec<Period>,
    pub bank: GroupFigures,
    /// By branch index ([`Sym::index`] into `Dataset::branch_ids`).
    pub branches: Vec<GroupFigures>,
    /// By manager index ([`Sym::index`] into `Dataset::manager_ids`).
    pub managers: Vec<ManagerCustomers>,
}

impl Groups {
    pub fn branch(&self, b: Sym) -> Option<&GroupFigures> {
        self.branches.get(b.index())
    }
    pub fn manager(&self, m: Sym) -> Option<&ManagerCustomers> {
        self.managers.get(m.index())
    }
}

/// The figures of the bank, of every branch and of every manager's customers in `L = as_of`.
/// `cur` is `customer_metrics(ds, cfg, as_of)`; `prev` the metrics of the month before (for the
/// migration and the lost customers), if any.
pub fn groups(
    ds: &Dataset,
    cfg: &Config,
    as_of: Period,
    cur: &CustomerMetrics,
    prev: Option<&CustomerMetrics>,
) -> Groups {
    let nb = ds.branch_ids.len();
    let periods: Vec<Period> = ds.periods.iter().copied().filter(|&p| p <= as_of).collect();
    let mut pass = Pass {
        sums: Sums::new(ds, cfg, as_of, &periods),
        members: Members::new(ds, as_of, cur, prev),
        tallies: tallies(cur, nb),
    };
    let ctx = Ctx { ds, cfg, as_of, periods: &periods, cur, prev };
    let bank = pass.parts(0, ds.rows_in(as_of).iter().collect(), (0..cur.customers.len()).collect());
    let bank = ctx.figures(bank);
    let branches = (0..nb)
        .map(|b| {
            let rows = take(&mut pass.members.rows, b);
            let customers = take(&mut pass.members.customers, b);
            let parts = pass.parts(1 + b, rows.iter().filter_map(|&i| ds.customers.get(i)).collect(), customers);
            ctx.figures(parts)
        })
        .collect();
    let managers = pass.members.by_manager.into_iter().map(|v| ManagerCustomers::new(cur, v)).collect();
    Groups { period: as_of, periods, bank, branches, managers }
}

fn take<T: Default>(v: &mut [T], i: usize) -> T {
    v.get_mut(i).map(std::mem::take).unwrap_or_default()
}

/// The inputs shared by every group.
struct Ctx<'a> {
    ds: &'a Dataset,
    cfg: &'a Config,
    as_of: Period,
    periods: &'a [Period],
    cur: &'a CustomerMetrics,
    prev: Option<&'a CustomerMetrics>,
}

/// The tables of the grouping pass, by group (0: the bank, 1 + branch index: a branch), handed
/// out to the groups one by one.
struct Pass {
    sums: Sums,
    members: Members,
    /// Counts overall, retail, corporate.
    tallies: Vec<[Tally; 3]>,
}

impl Pass {
    /// What the pass gives group `g`, whose rows in `L` and customers are given.
    fn parts<'a>(&mut self, g: usize, rows: Vec<&'a CustomerRow>, customers: Vec<usize>) -> Parts<'a> {
        Parts {
            rows,
            customers,
            monthly: take(&mut self.sums.monthly, g),
            data_rows: take(&mut self.sums.data_rows, g),
            counts: take(&mut self.tallies, g),
            lost: take(&mut self.members.lost, g),
            cells: self.members.cells.get(g).copied(),
        }
    }
}

/// What the grouping pass gives one group.
struct Parts<'a> {
    /// Its rows in `L`, in row order.
    rows: Vec<&'a CustomerRow>,
    customers: Vec<usize>,
    monthly: Vec<Monthly>,
    data_rows: Vec<usize>,
    counts: [Tally; 3],
    lost: Vec<usize>,
    cells: Option<[[usize; 6]; 6]>,
}

impl Ctx<'_> {
    /// The aggregates of one group over its own rows.
    fn figures(&self, f: Parts<'_>) -> GroupFigures {
        let (ds, cfg, as_of) = (self.ds, self.cfg, self.as_of);
        let rows = || f.rows.iter().copied();
        let monthly = &f.monthly;
        let figures_at = |p: Period| {
            let m = self.periods.binary_search(&p).ok().and_then(|i| monthly.get(i)).copied().unwrap_or_default();
            m.figures(p)
        };
        let [counts, retail, corporate] = f.counts;
        GroupFigures {
            headlines: headlines(ds, as_of, figures_at),
            counts: counts.finish(),
            retail: retail.finish(),
            corporate: corporate.finish(),
            pareto: pareto(cfg, as_of, rows()),
            migration: self.prev.zip(f.cells).map(|(p, cells)| Migration {
                from: Some(p.period),
                to: self.cur.period,
                states: TierState::ALL,
                cells,
            }),
            cross_sell: cross_sell(ds, cfg, as_of, rows()),
            industries: industries(cfg, rows()),
            loans: loan_quality(rows(), &cfg.provision),
            loans_by_industry: loans_by_industry(rows(), &cfg.provision),
            customers: f.customers,
            lost: f.lost,
            monthly: f.monthly,
            data_rows: f.data_rows,
        }
    }
}

/// Monthly sums over `P` and row counts over every period of the data, by group (0: the bank,
/// 1 + branch index: a branch), in one pass over the rows.
struct Sums {
    monthly: Vec<Vec<Monthly>>,
    data_rows: Vec<Vec<usize>>,
}

impl Sums {
    fn new(ds: &Dataset, cfg: &Config, as_of: Period, periods: &[Period]) -> Sums {
        let ng = ds.branch_ids.len() + 1;
        let mut monthly = vec![vec![Monthly::default(); periods.len()]; ng];
        let mut data_rows = vec![vec![0usize; ds.periods.len()]; ng];
        for (di, &p) in ds.periods.iter().enumerate() {
            // `P` is the leading part of the data's periods.
            let pi = (p <= as_of).then_some(di);
            for r in ds.rows_in(p) {
                let c = pi.map(|_| contribution(r, &cfg.contribution));
                for g in [0, 1 + r.branch.index()] {
                    if let Some(n) = data_rows.get_mut(g).and_then(|v| v.get_mut(di)) {
                        *n += 1;
                    }
                    if let (Some(pi), Some(c)) = (pi, c) {
                        if let Some(m) = monthly.get_mut(g).and_then(|v| v.get_mut(pi)) {
                            m.add(r, c);
                        }
                    }
                }
            }
        }
        Sums { monthly, data_rows }
    }
}

/// Who is in which group: rows of `L` by branch, customers by branch and by manager, the
/// migration cells and lost customers by group (0: the bank, 1 + branch index).
struct Members {
    /// Row indices (into `Dataset::customers`) of `L` by branch index.
    rows: Vec<Vec<usize>>,
    /// Indices into `cur.customers` by branch index.
    customers: Vec<Vec<usize>>,
    /// Indices into `cur.customers` by manager index.
    by_manager: Vec<Vec<usize>>,
    /// Migration cells by group (empty without `prev`).
    cells: Vec<[[usize; 6]; 6]>,
    /// Indices into `prev.customers` by group.
    lost: Vec<Vec<usize>>,
}

impl Members {
    fn new(ds: &Dataset, as_of: Period, cur: &CustomerMetrics, prev: Option<&CustomerMetrics>) -> Members {
        let nb = ds.branch_ids.len();
        let start = ds.customers.partition_point(|r| r.period < as_of);
        let mut rows = vec![Vec::new(); nb];
        for (i, r) in ds.rows_in(as_of).iter().enumerate() {
            if let Some(v) = rows.get_mut(r.branch.index()) {
                v.push(start + i);
            }
        }
        let mut customers = vec![Vec::new(); nb];
        let mut by_manager = vec![Vec::new(); ds.manager_ids.len()];
        for (i, m) in cur.customers.iter().enumerate() {
            if let Some(v) = customers.get_mut(m.branch.index()) {
                v.push(i);
            }
            if let Some(v) = m.manager.and_then(|s| by_manager.get_mut(s.index())) {
                v.push(i);
            }
        }
        let mut cells = Vec::new();
        let mut lost = vec![Vec::new(); nb + 1];
        if let Some(prev) = prev {
            cells = vec![[[0usize; 6]; 6]; nb + 1];
            for s in steps(&prev.customers, &cur.customers) {
                let Some(r) = ds.customers.get(s.row) else { continue };
                for g in [0, 1 + r.branch.index()] {
                    if let Some(c) = cells.get_mut(g) {
                        c[s.from.index()][s.to.index()] += 1;
                    }
                    if let (Some(i), Some(v)) = (s.lost, lost.get_mut(g)) {
                        v.push(i);
                    }
                }
            }
        }
        Members { rows, customers, by_manager, cells, lost }
    }
}

/// Counts (overall, retail, corporate) by group (0: the bank, 1 + branch index): each customer
/// is added once, to its branch and kind; the rest are exact integer sums of those.
fn tallies(cur: &CustomerMetrics, nb: usize) -> Vec<[Tally; 3]> {
    let mut by_kind = vec![[Tally::default(), Tally::default()]; nb];
    for m in &cur.customers {
        let k = usize::from(m.kind == Kind::Corporate);
        if let Some(t) = by_kind.get_mut(m.branch.index()).and_then(|t| t.get_mut(k)) {
            t.add(m);
        }
    }
    let mut out = Vec::with_capacity(nb + 1);
    let mut bank = [Tally::default(), Tally::default(), Tally::default()];
    for [retail, corporate] in by_kind {
        let mut all = retail.clone();
        all.merge(&corporate);
        bank[0].merge(&all);
        bank[1].merge(&retail);
        bank[2].merge(&corporate);
        out.push([all, retail, corporate]);
    }
    out.insert(0, bank);
    out
}

#[cfg(test)]
mod tests;
