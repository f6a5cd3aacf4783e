//! The loan-quality page: five-level classes with provisions, by branch, by industry of the
//! corporate borrowers, and the NPL trend.

use branchlens_core::metrics::customer::provision_rate;
use branchlens_core::LoanClass;
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::model::Scope;
use crate::pages::{Ctx, Table};

#[derive(Clone, Debug, Serialize)]
pub struct LoansView {
    pub text: String,
    pub classes: Table,
    pub by_branch: Table,
    pub industries: Table,
    pub trend: Table,
}

impl Ctx<'_> {
    pub fn loans_view(&self, scope: Scope) -> LoansView {
        let a = self.m.a;
        let f = &self.f;
        let data = self.m.scope_data(scope);
        let q = &data.loans;
        let mut classes = Table::new(
            vec![
                self.t(Msg::ColClass),
                self.with_unit(Msg::ColBalance),
                self.t(Msg::ColShare),
                self.t(Msg::ColProvisionRate),
                self.with_unit(Msg::ColProvision),
            ],
            vec![1, 2, 3, 4],
        );
        let total = q.total.yuan();
        for c in LoanClass::ALL {
            let bal = q.balances.get(c).yuan();
            let rate = provision_rate(c, &a.cfg.provision);
            classes.push(
                vec![
                    self.class(c),
                    self.money(bal),
                    f.opt_pct((total > 0.0).then(|| bal / total)),
                    f.pct(rate),
                    self.money(bal * rate),
                ],
                None,
                "",
            );
        }
        classes.push(
            vec![
                self.t(Msg::ColTotal),
                self.money(total),
                f.opt_pct((total > 0.0).then_some(1.0)),
                String::new(),
                self.money(q.provision),
            ],
            None,
            "total",
        );
        let text = self.tf(
            Msg::LoansText,
            &[
                ("total", self.money(total)),
                ("npl", self.money(q.npl.yuan())),
                ("ratio", f.opt_pct2(q.npl_ratio)),
                ("provision", self.money(q.provision)),
                ("borrowers", f.count(q.borrowers)),
            ],
        );
        LoansView {
            text,
            classes,
            by_branch: self.loans_by_branch(scope),
            industries: self.loans_by_industry(scope),
            trend: self.npl_trend(scope),
        }
    }

    /// `leading` column headers, then the five classes, the NPL ratio and the provision.
    fn class_columns(&self, mut leading: Vec<String>) -> Vec<String> {
        leading.extend(LoanClass::ALL.iter().map(|&c| self.class(c)));
        leading.push(self.t(Msg::ColNplRatio));
        leading.push(self.with_unit(Msg::ColProvision));
        leading
    }

    /// Loans by five-level class of each branch of the scope.
    fn loans_by_branch(&self, scope: Scope) -> Table {
        let a = self.m.a;
        let f = &self.f;
        let mut by_branch = Table::new(
            self.class_columns(vec![self.t(Msg::ColBranch), self.with_unit(Msg::ColLoans)]),
            (1..=8).collect(),
        );
        for bp in a.performance.branches.iter().filter(|bp| scope.has(bp.branch)) {
            let lb = &bp.loans_by_class;
            by_branch.push(
                vec![
                    bp.branch_id.clone(),
                    self.money(bp.figures.loan),
                    self.money(lb.normal),
                    self.money(lb.special),
                    self.money(lb.substandard),
                    self.money(lb.doubtful),
                    self.money(lb.loss),
                    f.opt_pct2(bp.npl_ratio),
                    self.money(bp.required_provision),
                ],
                self.branch_href(bp.branch),
                "",
            );
        }
        by_branch
    }

    /// Loans by five-level class and industry of the corporate borrowers of the scope.
    fn loans_by_industry(&self, scope: Scope) -> Table {
        let f = &self.f;
        let mut ind = Table::new(
            self.class_columns(vec![
                self.t(Msg::ColIndustry),
                self.t(Msg::ColBorrowers),
                self.with_unit(Msg::ColLoans),
            ]),
            (1..=9).collect(),
        );
        for row in &self.m.scope_data(scope).loans_by_industry {
            let q = &row.quality;
            let mut cells =
                vec![self.industry(row.industry.map(|i| i.letter())), f.count(q.borrowers), self.money(q.total.yuan())];
            cells.extend(LoanClass::ALL.iter().map(|&c| self.money(q.balances.get(c).yuan())));
            cells.push(f.opt_pct2(q.npl_ratio));
            cells.push(self.money(q.provision));
            ind.push(cells, None, "");
        }
        ind
    }

    /// Loans, NPL and NPL ratio of the scope in every month.
    fn npl_trend(&self, scope: Scope) -> Table {
        let f = &self.f;
        let mut trend = Table::new(
            vec![
                self.t(Msg::ColPeriod),
                self.with_unit(Msg::ColLoans),
                self.with_unit(Msg::ColNpl),
                self.t(Msg::ColNplRatio),
            ],
            vec![1, 2, 3],
        );
        for (p, m) in self.m.periods().iter().zip(self.m.monthly(scope)) {
            trend.push(
                vec![self.period(*p), self.money(m.loan.yuan()), self.money(m.npl.yuan()), f.opt_pct2(m.npl_ratio())],
                None,
                "",
            );
        }
        trend
    }
}
