//! The branch ranking: the table of branches.html, also on the overview and each branch's page.

use branchlens_core::metrics::performance::BranchPerf;
use branchlens_core::Sym;
use branchlens_i18n::Msg;

use crate::format::NONE;
use crate::pages::{Ctx, Table};

impl Ctx<'_> {
    /// The branch ranking table (every branch: aggregates only, no customer rows).
    pub fn ranking(&self, highlight: Option<Sym>) -> Table {
        let f = &self.f;
        let mut t = Table::new(
            vec![
                self.t(Msg::ColRank),
                self.t(Msg::ColBranch),
                self.t(Msg::ColCustomers),
                self.t(Msg::ColNewCustomers),
                self.with_unit(Msg::ColDeposits),
                self.with_unit(Msg::ColLoans),
                self.with_unit(Msg::ColAum),
                self.with_unit(Msg::ColContribution),
                self.t(Msg::ColNplRatio),
                self.t(Msg::ColScore),
            ],
            vec![0, 2, 3, 4, 5, 6, 7, 8, 9],
        );
        let mut branches: Vec<&BranchPerf> = self.m.a.performance.branches.iter().collect();
        branches.sort_by_key(|b| (b.rank.is_none(), b.rank, b.branch));
        for b in branches {
            let class = if Some(b.branch) == highlight { "current" } else { "" };
            t.push(
                vec![
                    b.rank.map_or_else(|| NONE.to_string(), |r| r.to_string()),
                    b.branch_id.clone(),
                    f.count(b.figures.customers as usize),
                    f.count(b.figures.new_customers as usize),
                    self.money(b.figures.deposit),
                    self.money(b.figures.loan),
                    self.money(b.figures.aum),
                    self.money(b.figures.contribution),
                    f.opt_pct2(b.npl_ratio),
                    b.score.map_or_else(|| NONE.to_string(), |s| f.num(s, 1)),
                ],
                self.branch_href(b.branch),
                class,
            );
        }
        // The first column is the rank; the link goes on the branch id.
        t.link_col = 1;
        t
    }
}
