//! Customer lists: one customer as a row ([`CustRow`], masked unless `--no-mask`) and a list capped
//! at [`LIST_CAP`] rows ([`CustList`]). Which customers a list holds and in which order is core's
//! (e.g. the call list: `branchlens_core::metrics::customer::call_list`).

use branchlens_core::mask;
use branchlens_core::metrics::customer::CustomerMetric;
use branchlens_core::LoanClass;
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::format::NONE;
use crate::pages::{Ctx, Link};

/// The most rows of a customer list on a page.
pub const LIST_CAP: usize = 50;

/// One customer in a list.
#[derive(Clone, Debug, Serialize)]
pub struct CustRow {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub kind: String,
    pub tier: String,
    pub tier_code: &'static str,
    pub contribution: String,
    pub s3: String,
    pub deposit: String,
    pub loan: String,
    pub points: u32,
    pub level: String,
    pub level_code: &'static str,
    pub reasons: Vec<String>,
    pub risk: String,
    pub risk_code: &'static str,
    pub loan_class: String,
    pub overdue: String,
    pub last_contact: String,
    pub branch: Link,
    pub manager: Link,
    /// P(churn) from the configured `[churn_model]`, on the early-warning lists only.
    pub model_prob: Option<String>,
}

/// A capped list of customers.
#[derive(Clone, Debug, Serialize)]
pub struct CustList {
    pub rows: Vec<CustRow>,
    pub total: usize,
    pub more: usize,
    pub more_text: String,
    /// The rows carry the churn model's probability (a column beside the rule points).
    pub model: bool,
}

impl Ctx<'_> {
    /// A customer as a list row (from the metrics of any month; its row gives the details).
    pub fn cust_row(&self, c: &CustomerMetric) -> CustRow {
        let ds = self.m.a.ds;
        let row = ds.customers.get(c.row);
        let name = row.map_or("", |r| ds.text(r.name));
        let phone = row.and_then(|r| r.phone).map_or("", |p| ds.text(p));
        let (name, phone) = if self.mask {
            (mask::name(c.kind, name), mask::phone(phone))
        } else {
            (name.to_string(), phone.to_string())
        };
        CustRow {
            id: ds.customer_id(c.customer).to_string(),
            name,
            phone,
            kind: self.kind(c.kind),
            tier: self.tier(c.tier),
            tier_code: c.tier.code(),
            contribution: self.money(c.contribution),
            s3: self.money(c.s3),
            deposit: row.map_or_else(String::new, |r| self.money(r.deposit_avg.yuan())),
            loan: row.map_or_else(String::new, |r| self.money(r.loan_balance.yuan())),
            points: c.churn_points,
            level: self.level(c.churn_level),
            level_code: c.churn_level.code(),
            reasons: c.reasons.iter().map(|r| self.reason(r)).collect(),
            risk: self.risk(c.risk_class),
            risk_code: c.risk_class.code(),
            loan_class: row
                .and_then(|r| r.effective_loan_class())
                .filter(|&k| k != LoanClass::Normal)
                .map_or_else(String::new, |k| self.class(k)),
            overdue: row
                .and_then(|r| r.overdue_days)
                .filter(|&d| d > 0)
                .map_or_else(String::new, |d| self.tf(Msg::OverdueDays, &[("n", self.f.count(d as usize))])),
            last_contact: row.and_then(|r| r.last_contact).map_or_else(|| NONE.to_string(), |d| self.f.date(d)),
            branch: self.branch_link(c.branch),
            manager: self.manager_link(c.manager),
            model_prob: None,
        }
    }

    /// The first [`LIST_CAP`] of `items` (already sorted) as a list.
    pub fn cust_list<'x>(&self, items: impl IntoIterator<Item = &'x CustomerMetric>) -> CustList {
        let mut rows = Vec::new();
        let mut total = 0;
        for c in items {
            if total < LIST_CAP {
                rows.push(self.cust_row(c));
            }
            total += 1;
        }
        let more = total - rows.len();
        CustList { rows, total, more, more_text: self.tf(Msg::ListMore, &[("n", self.f.count(more))]), model: false }
    }
}
