//! The managers' pages: a row of the league table ([`ManagerRow`], on managers.html and the
//! branch pages) and one manager's page ([`ManagerView`]: plan against actual, anomalies,
//! credited portfolio, tiers, call list).

use branchlens_core::metrics::performance::{ManagerPerf, Suggestion, TargetSource};
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::format::NONE;
use crate::model::Scope;
use crate::pages::{Ctx, CustList, Link, Table};

/// One row of a manager league table.
#[derive(Clone, Debug, Serialize)]
pub struct ManagerRow {
    pub id: Link,
    pub name: String,
    pub branch: Link,
    pub grade: String,
    pub status: String,
    pub status_code: &'static str,
    pub customers: String,
    pub deposit: String,
    pub loan: String,
    pub fee: String,
    pub contribution: String,
    pub score: String,
    pub rank_bank: String,
    pub rank_branch: String,
    pub suggestion: String,
    pub suggestion_code: &'static str,
    pub flags: Vec<String>,
}

impl<'m> Ctx<'m> {
    /// The managers of a scope (by the branch of their state in `L`), by manager id.
    pub fn managers_in(&self, scope: Scope) -> impl Iterator<Item = &'m ManagerPerf> + 'm {
        self.m.a.performance.managers.iter().filter(move |mp| scope.has(mp.state.branch))
    }

    pub fn manager_row(&self, mp: &ManagerPerf) -> ManagerRow {
        let (n_ranked, n_branch) = (mp.ranked_bank, mp.ranked_branch);
        let mut flags = Vec::new();
        for an in &mp.anomalies {
            flags.push(self.tf(Msg::FlagAnomaly, &[("metric", self.metric(an.metric))]));
        }
        if mp.key_person {
            flags.push(self.t(Msg::FlagKeyPerson));
        }
        let p = &mp.portfolio;
        ManagerRow {
            id: Link { text: mp.state.manager_id.clone(), href: self.manager_href(mp.state.manager) },
            name: mp.state.name.clone(),
            branch: self.branch_link(mp.state.branch),
            grade: mp.state.grade.clone(),
            status: self.status(mp.state.status),
            status_code: mp.state.status.code(),
            customers: self.f.count_f(p.customers),
            deposit: self.money(p.deposit),
            loan: self.money(p.loan),
            fee: self.money(p.fee),
            contribution: self.money(p.contribution),
            score: mp.score.map_or_else(|| NONE.to_string(), |s| self.f.num(s, 1)),
            rank_bank: mp.rank_bank.map_or_else(|| NONE.to_string(), |r| format!("{r} / {n_ranked}")),
            rank_branch: mp.rank_branch.map_or_else(|| NONE.to_string(), |r| format!("{r} / {n_branch}")),
            suggestion: mp.suggestion.map_or_else(|| NONE.to_string(), |s| self.suggestion(s)),
            suggestion_code: mp.suggestion.map_or("none", |s| match s {
                Suggestion::Promote => "promote",
                Suggestion::Keep => "keep",
                Suggestion::Review => "review",
            }),
            flags,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanRow {
    pub label: String,
    pub target: String,
    pub actual: String,
    pub completion: String,
    /// Completion in percent, capped at 150, for the bar width.
    pub bar: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnomalyRow {
    pub metric: String,
    pub current: String,
    pub previous: String,
    pub change: String,
    pub median: String,
    pub z: String,
    pub branch_average: String,
    pub rules: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ManagerView {
    pub row: ManagerRow,
    pub title: String,
    pub targets_source: String,
    pub plan: Vec<PlanRow>,
    pub key_person: String,
    pub anomalies: Vec<AnomalyRow>,
    pub portfolio: Table,
    pub tiers: Table,
    pub call_list: CustList,
    pub own_customers: String,
}

impl Ctx<'_> {
    pub fn manager_view(&self, mp: &ManagerPerf) -> ManagerView {
        let f = &self.f;
        let t = &mp.state.targets;
        let c = &mp.completion;
        let p = &mp.portfolio;
        let mut plan = Vec::new();
        let mut add = |key: Msg, target: Option<String>, actual: String, comp: Option<f64>| {
            if let Some(target) = target {
                plan.push(PlanRow {
                    label: self.t(key),
                    target,
                    actual,
                    completion: f.opt_pct(comp),
                    bar: comp.map_or(0, |x| (x * 100.0).clamp(0.0, 150.0).round() as u32),
                });
            }
        };
        add(Msg::TargetDeposit, t.deposit.map(|x| self.money(x.yuan())), self.money(p.deposit), c.deposit);
        add(Msg::TargetLoan, t.loan.map(|x| self.money(x.yuan())), self.money(p.loan), c.loan);
        add(Msg::TargetFee, t.fee.map(|x| self.money(x.yuan())), self.money(p.fee), c.fee);
        add(
            Msg::TargetNewCustomers,
            t.new_customers.map(|x| f.count(x as usize)),
            f.count_f(p.new_customers),
            c.new_customers,
        );
        let anomalies = mp
            .anomalies
            .iter()
            .map(|an| {
                let mut rules = Vec::new();
                if an.robust_rule {
                    rules.push(self.t(Msg::RuleRobust));
                }
                if an.jump_rule {
                    rules.push(self.t(Msg::RuleJump));
                }
                AnomalyRow {
                    metric: self.metric(an.metric),
                    current: self.money(an.current),
                    previous: self.money(an.previous),
                    change: self.money(an.change),
                    median: an.median.map_or_else(|| NONE.to_string(), |x| self.money(x)),
                    z: an.z.map_or_else(|| NONE.to_string(), |x| f.num(x, 1)),
                    branch_average: an.branch_average.map_or_else(|| NONE.to_string(), |x| self.money(x)),
                    rules: rules.join(", "),
                }
            })
            .collect();
        let mut portfolio = Table::new(vec![self.t(Msg::ColFigure), self.t(Msg::ColValue)], vec![1]);
        let u = |k: Msg| self.with_unit(k);
        for (label, value) in [
            (self.t(Msg::ColCustomers), f.count_f(p.customers)),
            (self.t(Msg::ColNewCustomers), f.count_f(p.new_customers)),
            (u(Msg::ColDeposits), self.money(p.deposit)),
            (u(Msg::ColLoans), self.money(p.loan)),
            (u(Msg::ColAum), self.money(p.aum)),
            (u(Msg::ColFee), self.money(p.fee)),
            (u(Msg::ColContribution), self.money(p.contribution)),
        ] {
            portfolio.push(vec![label, value], None, "");
        }
        let own = self.m.manager_customers(mp.state.manager, self.site);
        let mut tiers = Table::new(
            vec![self.t(Msg::ColTier), self.t(Msg::ColCustomers), self.with_unit(Msg::ColContribution)],
            vec![1, 2],
        );
        for t in &own.tiers {
            tiers.push(vec![self.tier(t.tier), f.count(t.customers), self.money(t.contribution)], None, "");
        }
        let key_person = mp.key_person_share.map_or_else(String::new, |s| {
            self.tf(
                if mp.key_person { Msg::KeyPersonYes } else { Msg::KeyPersonNo },
                &[("share", f.pct(s)), ("limit", f.pct(self.m.a.cfg.performance.key_person_share))],
            )
        });
        ManagerView {
            row: self.manager_row(mp),
            title: format!("{} {}", mp.state.manager_id, mp.state.name),
            targets_source: self.t(match mp.state.targets_source {
                TargetSource::Month => Msg::TargetsMonth,
                TargetSource::Undated => Msg::TargetsUndated,
                TargetSource::None => Msg::TargetsNone,
            }),
            plan,
            key_person,
            anomalies,
            portfolio,
            tiers,
            call_list: self.cust_list(self.m.in_l(&own.call_list)),
            own_customers: self.tf(Msg::OwnCustomers, &[("n", f.count(own.customers.len()))]),
        }
    }
}
