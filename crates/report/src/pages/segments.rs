//! The segments page: tiers, Pareto, cross-sell depth and products, industries, rising and
//! below-cost customers.

use branchlens_core::metrics::customer::{CustomerMetric, Tier};
use branchlens_core::Kind;
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::format::NONE;
use crate::model::Scope;
use crate::pages::{Ctx, CustList, Table};

#[derive(Clone, Debug, Serialize)]
pub struct SegmentsView {
    pub tiers: Table,
    pub pareto_text: String,
    pub cross_sell_text: String,
    pub depth: Table,
    pub products: Table,
    pub industries: Table,
    pub rising: CustList,
    pub below_cost: CustList,
}

impl Ctx<'_> {
    pub fn segments_view(&self, scope: Scope) -> SegmentsView {
        let f = &self.f;
        let data = self.m.scope_data(scope);
        let cs = &data.cross_sell;
        let cross_sell_text = self.tf(
            Msg::CrossSellText,
            &[
                ("mean", cs.mean_depth.map_or_else(|| NONE.to_string(), |x| f.num(x, 2))),
                ("min", cs.embedded_min_products.to_string()),
                ("n", f.count(cs.embedded)),
                ("share", f.opt_pct(cs.embedded_share)),
            ],
        );
        let mut depth = Table::new(
            vec![self.t(Msg::ColProductsHeld), self.t(Msg::ColCustomers), self.t(Msg::ColShare)],
            vec![1, 2],
        );
        for (d, &n) in cs.histogram.iter().enumerate() {
            depth.push(
                vec![d.to_string(), f.count(n), f.opt_pct((cs.customers > 0).then(|| n as f64 / cs.customers as f64))],
                None,
                "",
            );
        }
        let mut products = Table::new(
            vec![
                self.t(Msg::ColProduct),
                self.t(Msg::ColCustomers),
                self.t(Msg::ColShare),
                self.kind(Kind::Retail),
                self.kind(Kind::Corporate),
            ],
            vec![1, 2, 3, 4],
        );
        for p in &cs.products {
            products.push(
                vec![
                    p.code.clone(),
                    f.count(p.customers),
                    f.opt_pct(p.share),
                    f.opt_pct(p.retail_share),
                    f.opt_pct(p.corporate_share),
                ],
                None,
                "",
            );
        }
        let mut ind = Table::new(
            vec![
                self.t(Msg::ColIndustry),
                self.t(Msg::ColCustomers),
                self.with_unit(Msg::ColDeposits),
                self.with_unit(Msg::ColLoans),
                self.t(Msg::ColNplRatio),
                self.with_unit(Msg::ColContribution),
            ],
            vec![1, 2, 3, 4, 5],
        );
        for r in &data.industries {
            ind.push(
                vec![
                    self.industry(r.industry.map(|i| i.letter())),
                    f.count(r.customers),
                    self.money(r.deposits.yuan()),
                    self.money(r.loans.yuan()),
                    f.opt_pct2(r.npl_ratio),
                    self.money(r.contribution),
                ],
                None,
                "",
            );
        }
        let mut rising: Vec<&CustomerMetric> = self.m.customers(scope).filter(|c| c.rising).collect();
        rising.sort_by(|x, y| y.s3.total_cmp(&x.s3).then(x.customer.cmp(&y.customer)));
        let mut below: Vec<&CustomerMetric> = self.m.customers(scope).filter(|c| c.tier == Tier::BelowCost).collect();
        below.sort_by(|x, y| x.s3.total_cmp(&y.s3).then(x.customer.cmp(&y.customer)));
        SegmentsView {
            tiers: self.tier_table(scope),
            pareto_text: self.pareto_text(scope),
            cross_sell_text,
            depth,
            products,
            industries: ind,
            rising: self.cust_list(rising),
            below_cost: self.cust_list(below),
        }
    }
}
