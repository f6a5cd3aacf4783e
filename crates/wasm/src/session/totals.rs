//! Counts and sums over the selection, through the core's `counts` and `figures`.

use branchlens_core::metrics::customer::{counts, figures, Counts, Figures};
use branchlens_core::CustomerRow;
use serde::Serialize;

use super::Session;

/// Counts and sums over the selection.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    pub counts: Counts,
    pub figures: Figures,
    /// Selected customers whose tier differs from the build's.
    pub moved_tier: usize,
    /// Selected customers whose warning level differs from the build's.
    pub moved_level: usize,
}

impl Session {
    /// The selected customers as a mask over customer symbols.
    fn mask(&self) -> Vec<bool> {
        let mut mask = vec![false; self.b.dataset.customer_ids.len()];
        for &i in &self.sel {
            if let Some(m) = self.metrics.customers.get(i as usize) {
                if let Some(x) = mask.get_mut(m.customer.index()) {
                    *x = true;
                }
            }
        }
        mask
    }

    /// Counts (core `counts`) and sums (core `figures`) of the selection in `L`.
    pub fn totals(&self) -> Totals {
        let ds = &self.b.dataset;
        let mask = self.mask();
        let pick = |r: &CustomerRow| mask.get(r.customer.index()).copied().unwrap_or(false);
        let c = counts(ds, &self.metrics, pick);
        let f = figures(ds, &self.cfg, self.b.period, pick);
        let mut moved_tier = 0;
        let mut moved_level = 0;
        for &i in &self.sel {
            let i = i as usize;
            let m = &self.metrics.customers[i];
            moved_tier += usize::from(usize::from(self.base_tier[i]) != m.tier.index());
            moved_level += usize::from(usize::from(self.base_level[i]) != m.churn_level.index());
        }
        Totals { counts: c, figures: f, moved_tier, moved_level }
    }

    pub fn totals_json(&self) -> String {
        serde_json::to_string(&self.totals()).unwrap_or_default()
    }
}
