//! Counts of customers by tier, warning level, risk class and churn reason.

use serde::Serialize;

use crate::metrics::customer::{CustomerMetrics, Reason, RiskClass, Tier, WarningLevel};
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
/// row matches `filter`.
pub fn counts(ds: &Dataset, m: &CustomerMetrics, filter: impl Fn(&CustomerRow) -> bool) -> Counts {
    let mut c = Counts::default();
    let mut reasons = [0usize; Reason::ALL.len()];
    for x in &m.customers {
        if !ds.customers.get(x.row).is_some_and(&filter) {
            continue;
        }
        c.customers += 1;
        *match x.tier {
            Tier::Vip => &mut c.tiers.vip,
            Tier::Key => &mut c.tiers.key,
            Tier::Ordinary => &mut c.tiers.ordinary,
            Tier::BelowCost => &mut c.tiers.below_cost,
        } += 1;
        *match x.churn_level {
            WarningLevel::None => &mut c.levels.none,
            WarningLevel::Yellow => &mut c.levels.yellow,
            WarningLevel::Orange => &mut c.levels.orange,
            WarningLevel::Red => &mut c.levels.red,
        } += 1;
        *match x.risk_class {
            RiskClass::Normal => &mut c.risk.normal,
            RiskClass::Watch => &mut c.risk.watch,
            RiskClass::Doubtful => &mut c.risk.doubtful,
            RiskClass::Exit => &mut c.risk.exit,
        } += 1;
        c.rising += usize::from(x.rising);
        for (i, r) in Reason::ALL.iter().enumerate() {
            reasons[i] += usize::from(x.reasons.contains(*r));
        }
    }
    c.reasons = Reason::ALL.iter().zip(reasons).map(|(&reason, customers)| ReasonCount { reason, customers }).collect();
    c
}
