//! What the page reads once or per column: the tables and facts (`meta_json`), the static
//! columns of the `L` rows and the score columns under the configuration in force.

use branchlens_core::config::Config;
use branchlens_core::findings::switched_off;
use branchlens_core::metrics::customer::Reason;
use branchlens_core::{CustomerRow, Kind, Period};
use serde::Serialize;

use super::{ExplorerError, Session};

impl Session {
    /// Tables and facts the page needs once: JSON.
    pub fn meta_json(&self) -> String {
        let ds = &self.b.dataset;
        #[derive(Serialize)]
        struct Meta<'a> {
            period: Period,
            periods: &'a [Period],
            complete: bool,
            masked: bool,
            branch: Option<&'a str>,
            customers: usize,
            /// Customer rows (customer-periods) in the bundle.
            rows: usize,
            ids: Vec<&'a str>,
            names: Vec<&'a str>,
            phones: Vec<&'a str>,
            branches: Vec<&'a str>,
            managers: Vec<&'a str>,
            manager_names: Vec<&'a str>,
            products: Vec<&'a str>,
            reasons: Vec<&'static str>,
            config: &'a Config,
            /// What is switched off for want of a column (issue 11), in the session's language:
            /// the same texts as `branchlens check` and the methodology page.
            switched_off: Vec<String>,
        }
        let manager_names = self.manager_names();
        let rows: Vec<&CustomerRow> = (0..self.len()).filter_map(|i| self.row(i)).collect();
        let meta = Meta {
            period: self.b.period,
            periods: &ds.periods,
            complete: self.b.complete,
            masked: self.b.masked,
            branch: self.b.branch.map(|s| ds.branch_id(s)),
            customers: self.len(),
            rows: ds.customers.len(),
            ids: rows.iter().map(|r| ds.customer_id(r.customer)).collect(),
            names: rows.iter().map(|r| ds.text(r.name)).collect(),
            phones: rows.iter().map(|r| r.phone.map_or("", |p| ds.text(p))).collect(),
            branches: ds.branch_ids.iter().map(|x| x.1).collect(),
            managers: ds.manager_ids.iter().map(|x| x.1).collect(),
            manager_names,
            products: ds.products.iter().map(|x| x.1).collect(),
            reasons: Reason::ALL.iter().map(|r| r.code()).collect(),
            config: &self.b.config,
            switched_off: switched_off(ds.columns).into_iter().map(|s| s.message(self.lang())).collect(),
        };
        serde_json::to_string(&meta).unwrap_or_default()
    }

    /// A static column of the `L` rows as numbers: `kind` (0 retail, 1 corporate), `branch`,
    /// `manager` (−1 none), `industry` (0 none, else the letter's code), `products_lo`/`_hi`
    /// (bit sets), `deposit`, `loan`, `aum`, `fee` (yuan).
    pub fn column(&self, name: &str) -> Result<Vec<f64>, ExplorerError> {
        let f: fn(&CustomerRow) -> f64 = match name {
            "kind" => |r| f64::from(u8::from(r.kind == Kind::Corporate)),
            "branch" => |r| f64::from(r.branch.0),
            "manager" => |r| r.manager.map_or(-1.0, |m| f64::from(m.0)),
            "industry" => |r| r.industry.map_or(0.0, |x| f64::from(x.0)),
            "products_lo" => |r| f64::from(r.products.0 as u32),
            "products_hi" => |r| f64::from((r.products.0 >> 32) as u32),
            "deposit" => |r| r.deposit_avg.yuan(),
            "loan" => |r| r.loan_balance.yuan(),
            "aum" => |r| r.aum.yuan(),
            "fee" => |r| r.fee_income.yuan(),
            _ => return Err(ExplorerError::Unknown(name.to_owned())),
        };
        Ok((0..self.len()).map(|i| self.row(i).map_or(0.0, f)).collect())
    }

    /// A score column under the configuration in force: `contribution`, `s3`, `tier`, `level`,
    /// `points`, `reasons` (bit set in `Reason::ALL` order), `risk`, `rising`, `p_churn` (the
    /// `[churn_model]` probability, NaN without a model), and the build's
    /// `base_tier`, `base_level` (indices in the `ALL` orders).
    pub fn score_column(&self, name: &str) -> Result<Vec<f64>, ExplorerError> {
        let m = &self.metrics.customers;
        Ok(match name {
            "contribution" => m.iter().map(|m| m.contribution).collect(),
            "s3" => m.iter().map(|m| m.s3).collect(),
            "tier" => m.iter().map(|m| m.tier.index() as f64).collect(),
            "level" => m.iter().map(|m| m.churn_level.index() as f64).collect(),
            "points" => m.iter().map(|m| f64::from(m.churn_points)).collect(),
            "reasons" => m.iter().map(|m| f64::from(m.reasons.0)).collect(),
            "risk" => m.iter().map(|m| m.risk_class.index() as f64).collect(),
            "rising" => m.iter().map(|m| f64::from(u8::from(m.rising))).collect(),
            "p_churn" => self.churn_p.clone(),
            "base_tier" => self.base_tier.iter().map(|&v| f64::from(v)).collect(),
            "base_level" => self.base_level.iter().map(|&v| f64::from(v)).collect(),
            _ => return Err(ExplorerError::Unknown(name.to_owned())),
        })
    }
}
