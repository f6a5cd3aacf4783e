//! The reassignment list of a branch page: customers whose manager left, is unknown or is
//! missing (core's orphans, in core's order), capped at [`LIST_CAP`] rows.

use branchlens_core::mask;
use branchlens_core::metrics::performance::OrphanReason;
use branchlens_i18n::Msg;

use crate::format::NONE;
use crate::model::Scope;
use crate::pages::{Ctx, Table, LIST_CAP};

impl Ctx<'_> {
    /// The reassignment list of a scope (largest contribution first, as core orders it).
    pub fn orphans(&self, scope: Scope) -> (Table, usize, String) {
        let a = self.m.a;
        let ds = a.ds;
        let mut t = Table::new(
            vec![
                self.t(Msg::ColCustomer),
                self.t(Msg::ColName),
                self.t(Msg::ColKind),
                self.t(Msg::ColManager),
                self.t(Msg::ColReason),
                self.with_unit(Msg::ColContribution),
                self.with_unit(Msg::ColDeposits),
                self.with_unit(Msg::ColLoans),
                self.with_unit(Msg::ColAum),
            ],
            vec![5, 6, 7, 8],
        );
        let mut n = 0usize;
        for o in a.performance.orphans.iter().filter(|o| scope.has(o.branch)) {
            n += 1;
            if n > LIST_CAP {
                continue;
            }
            let name = a
                .customers
                .get(o.customer)
                .and_then(|m| ds.customers.get(m.row))
                .map_or(String::new(), |r| mask::name_if(self.mask, o.kind, ds.text(r.name)));
            let reason = self.t(match o.reason {
                OrphanReason::Left => Msg::OrphanLeft,
                OrphanReason::Unknown => Msg::OrphanUnknown,
                OrphanReason::Unassigned => Msg::OrphanUnassigned,
            });
            let reason =
                if o.credited_via_splits { format!("{reason} ({})", self.t(Msg::OrphanSplits)) } else { reason };
            t.push(
                vec![
                    o.customer_id.clone(),
                    name,
                    self.kind(o.kind),
                    o.manager_id.clone().unwrap_or_else(|| NONE.to_string()),
                    reason,
                    self.money(o.contribution),
                    self.money(o.deposit),
                    self.money(o.loan),
                    self.money(o.aum),
                ],
                None,
                "",
            );
        }
        let more = n.saturating_sub(LIST_CAP);
        let text = if more > 0 { self.tf(Msg::ListMore, &[("n", self.f.count(more))]) } else { String::new() };
        (t, n, text)
    }
}
