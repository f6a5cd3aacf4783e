//! The display order: sorting by a column (ties by customer id), kept across filters.

use branchlens_core::CustomerRow;

use super::{ExplorerError, Session};

impl Session {
    /// The picked indices in display order.
    pub(super) fn reselect(&mut self) {
        let picked = &self.picked;
        self.sel = self.order.iter().copied().filter(|&i| picked.get(i as usize).copied().unwrap_or(false)).collect();
    }

    /// Sets the display order to `key` (ties: customer id ascending); returns the selection in
    /// that order. Filtering keeps the order, so only a new key or new scores sort again.
    pub fn sort(&mut self, key: &str, descending: bool) -> Result<&[u32], ExplorerError> {
        let ds = &self.b.dataset;
        let m = &self.metrics.customers;
        let num = |f: fn(&CustomerRow) -> i64| -> Vec<f64> {
            m.iter().map(|x| ds.customers.get(x.row).map_or(0.0, |r| f(r) as f64)).collect()
        };
        let values: Vec<f64> = match key {
            "id" => (0..m.len()).map(|i| i as f64).collect(),
            "contribution" => m.iter().map(|x| x.contribution).collect(),
            "s3" => m.iter().map(|x| x.s3).collect(),
            "points" => m.iter().map(|x| f64::from(x.churn_points)).collect(),
            "tier" => m.iter().map(|x| x.tier.index() as f64).collect(),
            "level" => m.iter().map(|x| x.churn_level.index() as f64).collect(),
            "risk" => m.iter().map(|x| x.risk_class.index() as f64).collect(),
            "p_churn" => self.churn_p.clone(),
            "deposit" => num(|r| r.deposit_avg.0),
            "aum" => num(|r| r.aum.0),
            "loan" => num(|r| r.loan_balance.0),
            "branch" => num(|r| i64::from(r.branch.0)),
            "manager" => num(|r| r.manager.map_or(-1, |s| i64::from(s.0))),
            _ => return Err(ExplorerError::Unknown(key.to_owned())),
        };
        let v = |i: u32| values.get(i as usize).copied().unwrap_or(0.0);
        let mut order: Vec<u32> = (0..m.len() as u32).collect();
        if key != "id" {
            order.sort_unstable_by(|&a, &b| {
                let o = v(a).total_cmp(&v(b));
                (if descending { o.reverse() } else { o }).then(a.cmp(&b))
            });
        } else if descending {
            order.reverse();
        }
        self.order = order;
        self.sort_key = key.to_owned();
        self.sort_desc = descending;
        self.reselect();
        Ok(&self.sel)
    }
}
