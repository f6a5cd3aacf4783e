//! The early-warning page: churn levels and reasons, relationship risk classes, counts by
//! branch (head office), and the customer lists of each level and class.

use branchlens_core::metrics::customer::{sort_at_risk, CustomerMetric, Reason, RiskClass, WarningLevel};
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::model::Scope;
use crate::pages::scope::LevelCount;
use crate::pages::{Ctx, CustList, Table};

#[derive(Clone, Debug, Serialize)]
pub struct WarningsView {
    pub levels: Vec<LevelCount>,
    pub risk: Vec<LevelCount>,
    pub reasons: Table,
    pub by_branch: Option<Table>,
    pub red: CustList,
    pub orange: CustList,
    pub yellow: CustList,
    pub exit: CustList,
    pub doubtful: CustList,
    pub watch: CustList,
    /// Which churn scoring is in force (rule points, or the configured model beside them).
    pub scoring: String,
}

impl Ctx<'_> {
    pub fn warnings_view(&self, scope: Scope) -> WarningsView {
        let a = self.m.a;
        let (levels, risk) = self.level_counts(scope);
        let reasons = self.reason_table(scope);
        let by_branch = (scope == Scope::Bank).then(|| self.warnings_by_branch());
        let by_level = |l: WarningLevel| {
            let mut v: Vec<&CustomerMetric> = self.m.customers(scope).filter(|c| c.churn_level == l).collect();
            sort_at_risk(&mut v);
            let mut list = self.cust_list(v.iter().copied());
            // The configured churn model's probability beside the rule points (the levels stay
            // rule-based: they are the contract of summary.json and the score CSV).
            if a.cfg.churn_model.is_some() {
                list.model = true;
                for (row, c) in list.rows.iter_mut().zip(&v) {
                    row.model_prob = Some(self.f.opt_pct(self.m.churn_prob_of(c.customer)));
                }
            }
            list
        };
        let by_risk = |k: RiskClass| {
            let ds = a.ds;
            let loan = |c: &CustomerMetric| ds.customers.get(c.row).map_or(0, |r| r.loan_balance.0);
            let mut v: Vec<&CustomerMetric> = self.m.customers(scope).filter(|c| c.risk_class == k).collect();
            v.sort_by(|x, y| loan(y).cmp(&loan(x)).then(x.customer.cmp(&y.customer)));
            self.cust_list(v)
        };
        WarningsView {
            levels,
            risk,
            reasons,
            by_branch,
            red: by_level(WarningLevel::Red),
            orange: by_level(WarningLevel::Orange),
            yellow: by_level(WarningLevel::Yellow),
            exit: by_risk(RiskClass::Exit),
            doubtful: by_risk(RiskClass::Doubtful),
            watch: by_risk(RiskClass::Watch),
            scoring: self.churn_scoring(),
        }
    }

    /// The churn reasons of the scope's customers with their points in the configuration.
    fn reason_table(&self, scope: Scope) -> Table {
        let a = self.m.a;
        let data = self.m.scope_data(scope);
        let c = &data.counts;
        let f = &self.f;
        let mut reasons = Table::new(
            vec![
                self.t(Msg::ColCode),
                self.t(Msg::ColReason),
                self.t(Msg::ColPoints),
                self.t(Msg::ColCustomers),
                self.t(Msg::ColShare),
            ],
            vec![2, 3, 4],
        );
        let ch = &a.cfg.churn;
        for rc in &c.reasons {
            let points = match rc.reason {
                Reason::Funds30 => ch.funds_drop_1_points,
                Reason::Funds60 => ch.funds_drop_2_points,
                Reason::Txn0 => ch.txn_zero_points,
                Reason::Txn50 => ch.txn_half_points,
                Reason::ProductLost => ch.product_lost_points,
                Reason::NoContact90 => ch.no_contact_1_points,
                Reason::NoContact180 => ch.no_contact_2_points,
                Reason::ManagerLeft => ch.manager_left_points,
                Reason::Unassigned => ch.unassigned_points,
                Reason::Complaints1 => ch.complaints_1_points,
                Reason::Complaints3 => ch.complaints_2_points,
            };
            reasons.push(
                vec![
                    rc.reason.code().to_string(),
                    self.reason(rc.reason),
                    points.to_string(),
                    f.count(rc.customers),
                    f.opt_pct((c.customers > 0).then(|| rc.customers as f64 / c.customers as f64)),
                ],
                None,
                "",
            );
        }
        reasons
    }

    /// Customers, warning levels and risk classes of every branch (head-office site).
    fn warnings_by_branch(&self) -> Table {
        let a = self.m.a;
        let f = &self.f;
        let mut t = Table::new(
            vec![
                self.t(Msg::ColBranch),
                self.t(Msg::ColCustomers),
                self.level(WarningLevel::Red),
                self.level(WarningLevel::Orange),
                self.level(WarningLevel::Yellow),
                self.risk(RiskClass::Watch),
                self.risk(RiskClass::Doubtful),
                self.risk(RiskClass::Exit),
            ],
            (1..=7).collect(),
        );
        for bp in &a.performance.branches {
            let c = &self.m.scope_data(Scope::Branch(bp.branch)).counts;
            let n = [
                c.customers,
                c.levels.red,
                c.levels.orange,
                c.levels.yellow,
                c.risk.watch,
                c.risk.doubtful,
                c.risk.exit,
            ];
            let mut cells = vec![bp.branch_id.clone()];
            cells.extend(n.iter().map(|&x| f.count(x)));
            t.push(cells, self.branch_href(bp.branch), "");
        }
        t
    }
}
