//! The group-by table of the selection (branch, manager, tier, kind, industry, product).

use branchlens_core::metrics::customer::{Monthly, Tier, WarningLevel};
use branchlens_core::{Kind, Sym};
use serde::Serialize;

use super::{ExplorerError, Session};

/// One row of the group-by table.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// The group's key: a table index (branch, manager, product), a code (tier, kind) or an
    /// industry letter; `null` for "none".
    pub key: Option<String>,
    pub customers: usize,
    pub deposit: f64,
    pub loan: f64,
    pub aum: f64,
    pub fee: f64,
    pub contribution: f64,
    /// vip + key customers.
    pub valuable: usize,
    /// Customers with a yellow, orange or red warning.
    pub warned: usize,
    /// Customers whose tier or level moved.
    pub moved: usize,
}

impl Session {
    /// The selection grouped by `branch`, `manager`, `tier`, `kind`, `industry` or `product`
    /// (a customer counts in the group of every product it holds), groups in key order. Sums
    /// run in customer id order.
    pub fn groups(&self, by: &str) -> Result<Vec<Group>, ExplorerError> {
        let ds = &self.b.dataset;
        let nkeys = match by {
            "branch" => ds.branch_ids.len(),
            "manager" => ds.manager_ids.len() + 1,
            "tier" => 4,
            "kind" => 2,
            "industry" => 21,
            "product" => ds.products.len(),
            _ => return Err(ExplorerError::Unknown(by.to_owned())),
        };
        let empty = |key| Group {
            key,
            customers: 0,
            deposit: 0.0,
            loan: 0.0,
            aum: 0.0,
            fee: 0.0,
            contribution: 0.0,
            valuable: 0,
            warned: 0,
            moved: 0,
        };
        // Core's sums per group (exact in fen; contribution in the order of the selection).
        let mut acc: Vec<(Group, Monthly)> = (0..nkeys)
            .map(|k| {
                let key = match by {
                    "manager" if k == 0 => None,
                    "manager" => Some((k - 1).to_string()),
                    "tier" => Some(Tier::ALL[k].code().to_owned()),
                    "kind" => Some(Kind::ALL[k].code().to_owned()),
                    "industry" if k == 0 => None,
                    "industry" => Some(char::from(b'A' + k as u8 - 1).to_string()),
                    _ => Some(k.to_string()),
                };
                (empty(key), Monthly::default())
            })
            .collect();
        let mut keys: Vec<usize> = Vec::with_capacity(4);
        for &i in &self.sel {
            let i = i as usize;
            let m = &self.metrics.customers[i];
            let Some(r) = ds.customers.get(m.row) else { continue };
            keys.clear();
            match by {
                "branch" => keys.push(r.branch.index()),
                "manager" => keys.push(r.manager.map_or(0, |s| s.index() + 1)),
                "tier" => keys.push(m.tier.index()),
                "kind" => keys.push(usize::from(r.kind == Kind::Corporate)),
                "industry" => keys.push(r.industry.map_or(0, |x| usize::from(x.0.saturating_sub(b'A')) + 1)),
                _ => keys.extend(r.products.iter().map(Sym::index)),
            }
            for &k in &keys {
                let Some((g, sums)) = acc.get_mut(k) else { continue };
                sums.add(r, m.contribution);
                g.valuable += usize::from(m.tier.is_valuable());
                g.warned += usize::from(m.churn_level != WarningLevel::None);
                g.moved += usize::from(self.moved(i));
            }
        }
        Ok(acc
            .into_iter()
            .filter(|(_, sums)| sums.customers > 0)
            .map(|(mut g, s)| {
                g.customers = s.customers;
                (g.deposit, g.loan, g.aum, g.fee) = (s.deposit.yuan(), s.loan.yuan(), s.aum.yuan(), s.fee.yuan());
                g.contribution = s.contribution;
                g
            })
            .collect())
    }

    pub fn groups_json(&self, by: &str) -> Result<String, ExplorerError> {
        Ok(serde_json::to_string(&self.groups(by)?).unwrap_or_default())
    }
}
