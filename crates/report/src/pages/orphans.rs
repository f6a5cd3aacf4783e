//! The reassignment list of a branch page: customers whose manager left, is unknown or is
//! missing (core's orphans, in core's order), capped at [`LIST_CAP`] rows.

use branchlens_core::mask;
use branchlens_core::metrics::performance::OrphanReason;

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
                self.t("col_customer"),
                self.t("col_name"),
                self.t("col_kind"),
                self.t("col_manager"),
                self.t("col_reason"),
                self.with_unit("col_contribution"),
                self.with_unit("col_deposits"),
                self.with_unit("col_loans"),
                self.with_unit("col_aum"),
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
                OrphanReason::Left => "orphan_left",
                OrphanReason::Unknown => "orphan_unknown",
                OrphanReason::Unassigned => "orphan_unassigned",
            });
            let reason = if o.credited_via_splits { format!("{reason} ({})", self.t("orphan_splits")) } else { reason };
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
        let text = if more > 0 { self.tf("list_more", &[("n", self.f.count(more))]) } else { String::new() };
        (t, n, text)
    }
}
