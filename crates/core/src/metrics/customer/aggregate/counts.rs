//! Counts of customers by tier, warning level, risk class and churn reason, and customers and
//! contribution per tier.

use serde::Serialize;

use crate::metrics::customer::{CustomerMetric, CustomerMetrics, Reason, Tier};
use crate::model::{CustomerRow, Dataset};

/// Customers per tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TierCounts {
    pub vip: usize,
    pub key: usize,
    pub ordinary: usize,
    pub below_cost: usize,
}

/// Customers per warning level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts {
    pub none: usize,
    pub yellow: usize,
    pub orange: usize,
    pub red: usize,
}

/// Customers per relationship risk class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RiskCounts {
    pub normal: usize,
    pub watch: usize,
    pub doubtful: usize,
    pub exit: usize,
}

/// Customers carrying one churn reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: Reason,
    pub customers: usize,
}

/// Counts over the customers of a group in `L`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub customers: usize,
    pub tiers: TierCounts,
    pub levels: LevelCounts,
    pub risk: RiskCounts,
    pub rising: usize,
    /// Every reason code in the order of docs/metrics.md with its count (zeros included).
    pub reasons: Vec<ReasonCount>,
}

/// Tier, warning-level, risk-class, rising and reason counts of the customers of `m` whose `L`
/// row matches `filter` (the explorer's selection; groups use [`tally`] on their own customers).
pub fn counts(ds: &Dataset, m: &CustomerMetrics, filter: impl Fn(&CustomerRow) -> bool) -> Counts {
    tally(m.customers.iter().filter(|x| ds.customers.get(x.row).is_some_and(&filter)))
}

/// Tier, warning-level, risk-class, rising and reason counts of `customers`.
pub fn tally<'a>(customers: impl IntoIterator<Item = &'a CustomerMetric>) -> Counts {
    let mut t = Tally::default();
    for x in customers {
        t.add(x);
    }
    t.finish()
}

/// The running counts behind [`Counts`]: customers are added one by one, and the counts of
/// disjoint sets add up exactly (integers), so a bank's counts are the sum of its branches'.
/// Tiers, levels and risk classes are counted by their `index()`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    customers: usize,
    rising: usize,
    tiers: [usize; 4],
    levels: [usize; 4],
    risk: [usize; 4],
    reasons: [usize; Reason::ALL.len()],
}

impl Tally {
    pub(crate) fn add(&mut self, x: &CustomerMetric) {
        self.customers += 1;
        self.rising += usize::from(x.rising);
        // Each enum has four variants: `index()` is in 0..4.
        self.tiers[x.tier.index()] += 1;
        self.levels[x.churn_level.index()] += 1;
        self.risk[x.risk_class.index()] += 1;
        for (n, r) in self.reasons.iter_mut().zip(Reason::ALL) {
            *n += usize::from(x.reasons.contains(r));
        }
    }

    /// Adds the counts of a disjoint set of customers.
    pub(crate) fn merge(&mut self, o: &Tally) {
        self.customers += o.customers;
        self.rising += o.rising;
        for (a, b) in [(&mut self.tiers, &o.tiers), (&mut self.levels, &o.levels), (&mut self.risk, &o.risk)] {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        }
        self.reasons.iter_mut().zip(&o.reasons).for_each(|(a, b)| *a += b);
    }

    pub(crate) fn finish(self) -> Counts {
        let [vip, key, ordinary, below_cost] = self.tiers;
        let [none, yellow, orange, red] = self.levels;
        let [normal, watch, doubtful, exit] = self.risk;
        Counts {
            customers: self.customers,
            tiers: TierCounts { vip, key, ordinary, below_cost },
            levels: LevelCounts { none, yellow, orange, red },
            risk: RiskCounts { normal, watch, doubtful, exit },
            rising: self.rising,
            reasons: Reason::ALL
                .iter()
                .zip(self.reasons)
                .map(|(&reason, customers)| ReasonCount { reason, customers })
                .collect(),
        }
    }
}

/// The customers of one tier among a set of customers and their summed contribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TierSum {
    pub tier: Tier,
    pub customers: usize,
    /// Σ contribution in `L`, yuan, summed in the order the customers are given.
    pub contribution: f64,
}

/// Customers and contribution per tier of `customers` (in [`Tier::ALL`] order).
pub fn tier_sums<'a>(customers: impl IntoIterator<Item = &'a CustomerMetric>) -> [TierSum; 4] {
    let mut out = Tier::ALL.map(|tier| TierSum { tier, customers: 0, contribution: 0.0 });
    for c in customers {
        if let Some(s) = out.get_mut(c.tier.index()) {
            s.customers += 1;
            s.contribution += c.contribution;
        }
    }
    out
}
