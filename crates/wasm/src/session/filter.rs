//! The filter over the customers of `L` and the selection it makes.

use branchlens_core::metrics::customer::Reason;
use branchlens_core::Kind;
use serde::{Deserialize, Serialize};

use super::{ExplorerError, Session};

/// A filter over the customers of `L`; empty lists and `None` bounds do not constrain.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Branch indices (into the branch table).
    pub branch: Vec<u32>,
    /// Manager indices; `-1` is "no manager".
    pub manager: Vec<i64>,
    /// Kinds, tiers, warning levels, risk classes: indices in the `ALL` orders of
    /// `Kind`, `Tier`, `WarningLevel`, `RiskClass`.
    pub kind: Vec<u8>,
    pub tier: Vec<u8>,
    pub level: Vec<u8>,
    pub risk: Vec<u8>,
    /// Industry letters; `""` is "no industry".
    pub industry: Vec<String>,
    /// Product indices: the customer holds at least one of them in `L`.
    pub product: Vec<u32>,
    /// Reason codes: the customer carries at least one of them.
    pub reason: Vec<String>,
    /// `[min, max]` in yuan (inclusive), either may be null.
    pub contribution: [Option<f64>; 2],
    pub aum: [Option<f64>; 2],
    pub deposit: [Option<f64>; 2],
    pub loan: [Option<f64>; 2],
    /// Case-insensitive substring of the customer id or the (masked) name.
    pub q: String,
    /// Only customers whose tier or warning level differs from the build's.
    pub moved: bool,
}

/// Selects by `[min, max]`.
fn within(v: f64, r: &[Option<f64>; 2]) -> bool {
    r[0].is_none_or(|lo| v >= lo) && r[1].is_none_or(|hi| v <= hi)
}

impl Session {
    /// Selects the customers matching `f`; returns the selection, in the display order.
    pub fn filter(&mut self, f: &Filter) -> Result<&[u32], ExplorerError> {
        let ds = &self.b.dataset;
        let mut reasons = 0u16;
        for code in &f.reason {
            reasons |= 1 << (Reason::parse(code).ok_or_else(|| ExplorerError::Unknown(code.clone()))? as u16);
        }
        let mut products = 0u64;
        for &p in &f.product {
            if p < 64 {
                products |= 1 << p;
            }
        }
        let industries: Vec<Option<u8>> =
            f.industry.iter().map(|s| s.as_bytes().first().map(u8::to_ascii_uppercase)).collect();
        let q = f.q.trim().to_lowercase();
        let picked: Vec<bool> = (0..self.len())
            .map(|i| {
                let m = &self.metrics.customers[i];
                let Some(r) = ds.customers.get(m.row) else { return false };
                (f.branch.is_empty() || f.branch.contains(&r.branch.0))
                    && (f.manager.is_empty() || f.manager.contains(&r.manager.map_or(-1, |s| i64::from(s.0))))
                    && (f.kind.is_empty() || f.kind.contains(&u8::from(r.kind == Kind::Corporate)))
                    && (f.tier.is_empty() || f.tier.contains(&(m.tier.index() as u8)))
                    && (f.level.is_empty() || f.level.contains(&(m.churn_level.index() as u8)))
                    && (f.risk.is_empty() || f.risk.contains(&(m.risk_class.index() as u8)))
                    && (industries.is_empty() || industries.contains(&r.industry.map(|x| x.0)))
                    && (f.product.is_empty() || r.products.0 & products != 0)
                    && (f.reason.is_empty() || m.reasons.0 & reasons != 0)
                    && within(m.contribution, &f.contribution)
                    && within(r.aum.yuan(), &f.aum)
                    && within(r.deposit_avg.yuan(), &f.deposit)
                    && within(r.loan_balance.yuan(), &f.loan)
                    && (q.is_empty()
                        || ds.customer_id(r.customer).to_lowercase().contains(&q)
                        || ds.text(r.name).to_lowercase().contains(&q))
                    && (!f.moved || self.moved(i))
            })
            .collect();
        self.picked = picked;
        self.reselect();
        Ok(&self.sel)
    }

    /// [`Session::filter`] from JSON.
    pub fn filter_json(&mut self, json: &str) -> Result<&[u32], ExplorerError> {
        let f: Filter = serde_json::from_str(json)?;
        self.filter(&f)
    }

    pub fn selection(&self) -> &[u32] {
        &self.sel
    }
}
