//! The moves between the build's tiers and warning levels and those under the parameters in
//! force.

use serde::Serialize;

use super::Session;

/// How many customers moved between tiers and levels after a re-score (over everyone).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diff {
    /// `tiers[from][to]`, in `Tier::ALL` order (from = the build's tier).
    pub tiers: [[usize; 4]; 4],
    /// `levels[from][to]`, in `WarningLevel::ALL` order.
    pub levels: [[usize; 4]; 4],
    pub moved_tier: usize,
    pub moved_level: usize,
    pub moved: usize,
}

impl Session {
    pub(super) fn diff(&self) -> Diff {
        let mut d = Diff { tiers: [[0; 4]; 4], levels: [[0; 4]; 4], moved_tier: 0, moved_level: 0, moved: 0 };
        for (i, m) in self.metrics.customers.iter().enumerate() {
            let (bt, bl) = (usize::from(self.base_tier[i]), usize::from(self.base_level[i]));
            let (t, l) = (m.tier.index(), m.churn_level.index());
            d.tiers[bt][t] += 1;
            d.levels[bl][l] += 1;
            d.moved_tier += usize::from(bt != t);
            d.moved_level += usize::from(bl != l);
            d.moved += usize::from(bt != t || bl != l);
        }
        d
    }

    pub(super) fn moved(&self, i: usize) -> bool {
        let m = &self.metrics.customers[i];
        usize::from(self.base_tier[i]) != m.tier.index() || usize::from(self.base_level[i]) != m.churn_level.index()
    }
}
