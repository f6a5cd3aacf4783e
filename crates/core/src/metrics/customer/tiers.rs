//! Value tiers (客户分层): the [`Tier`] enum and the ranking of the customers of one kind by
//! `s3` that assigns them.

use serde::Serialize;

use super::CustomerMetric;
use crate::metrics::ceil_share;
use crate::model::Kind;

/// Value tier (客户分层).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Vip,
    Key,
    Ordinary,
    BelowCost,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Vip, Tier::Key, Tier::Ordinary, Tier::BelowCost];
    pub fn code(self) -> &'static str {
        match self {
            Tier::Vip => "vip",
            Tier::Key => "key",
            Tier::Ordinary => "ordinary",
            Tier::BelowCost => "below_cost",
        }
    }
    /// vip or key: the tiers the contact and assignment signals watch.
    pub fn is_valuable(self) -> bool {
        matches!(self, Tier::Vip | Tier::Key)
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Tiers of `items` (one entry per customer, any order): per kind, rank by `s3` descending then
/// customer id ascending; see the module notes.
pub(super) fn assign_tiers(items: &mut [CustomerMetric], cfg: &crate::config::TiersConfig) {
    for kind in Kind::ALL {
        let mut idx: Vec<usize> = (0..items.len()).filter(|&i| items[i].kind == kind).collect();
        idx.sort_by(|&a, &b| items[b].s3.total_cmp(&items[a].s3).then(items[a].customer.cmp(&items[b].customer)));
        let n = idx.len();
        let vip = ceil_share(cfg.vip_share, n);
        let key = ceil_share(cfg.key_share, n);
        for (pos, &i) in idx.iter().enumerate() {
            let rank = pos + 1;
            let m = &mut items[i];
            m.tier = if m.s3 < 0.0 {
                Tier::BelowCost
            } else if rank <= vip {
                Tier::Vip
            } else if rank <= key {
                Tier::Key
            } else {
                Tier::Ordinary
            };
        }
    }
}
