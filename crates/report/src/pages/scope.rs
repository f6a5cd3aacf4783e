//! The overview of a scope: the bank's overview page and each branch's page (headline cards,
//! tiers, Pareto, warning levels and risk classes, the ranking, what changed since last month;
//! on a branch page its managers, call list and reassignment list).

use branchlens_core::metrics::customer::{
    call_list, sort_at_risk, CustomerMetric, CustomerMetrics, RiskClass, Tier, TierState, WarningLevel,
};
use branchlens_core::metrics::performance::ManagerPerf;
use branchlens_core::{Kind, Period};
use branchlens_i18n::Msg;
use serde::Serialize;

use crate::format::{Delta, NONE};
use crate::model::Scope;
use crate::pages::managers::ManagerRow;
use crate::pages::{Ctx, CustList, Table};

/// A headline figure with its 环比 and 同比 changes.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub label: String,
    pub value: String,
    pub unit: String,
    pub mom: Option<Delta>,
    pub yoy: Option<Delta>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelCount {
    pub label: String,
    pub code: &'static str,
    pub count: String,
    pub share: String,
}

/// "What changed since last month".
#[derive(Clone, Debug, Serialize)]
pub struct Changes {
    pub from: String,
    pub migration: Table,
    pub new_warnings: CustList,
    pub resolved: CustList,
    pub new_customers: CustList,
    pub lost_customers: CustList,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScopeView {
    pub title: String,
    pub period: String,
    pub mom_period: String,
    pub yoy_period: String,
    pub cards: Vec<Card>,
    pub pareto_text: String,
    pub tiers: Table,
    pub levels: Vec<LevelCount>,
    pub risk: Vec<LevelCount>,
    pub ranking: Table,
    pub rank_text: String,
    pub changes: Option<Changes>,
    /// Branch pages only.
    pub managers: Vec<ManagerRow>,
    pub at_risk: Option<CustList>,
    pub orphans: Option<Table>,
    pub orphans_total: usize,
    pub orphans_more: String,
}

impl Ctx<'_> {
    pub fn cards(&self, scope: Scope) -> (Vec<Card>, Option<Period>, Option<Period>) {
        let data = self.m.scope_data(scope);
        let h = data.headlines;
        let f = &self.f;
        let money_card = |key: Msg, hl: branchlens_core::metrics::customer::Headline<branchlens_core::Amount>| Card {
            label: self.t(key),
            value: self.money(hl.value.yuan()),
            unit: f.money_unit().to_string(),
            mom: hl.mom.and_then(|x| f.delta(hl.value.yuan(), x.yuan(), true)),
            yoy: hl.yoy.and_then(|x| f.delta(hl.value.yuan(), x.yuan(), true)),
        };
        let mut cards = vec![Card {
            label: self.t(Msg::CardCustomers),
            value: f.count(h.customers.value),
            unit: String::new(),
            mom: h.customers.mom.and_then(|x| f.delta(h.customers.value as f64, x as f64, true)),
            yoy: h.customers.yoy.and_then(|x| f.delta(h.customers.value as f64, x as f64, true)),
        }];
        cards.push(money_card(Msg::CardDeposits, h.deposit_avg));
        cards.push(money_card(Msg::CardLoans, h.loan_balance));
        cards.push(money_card(Msg::CardAum, h.aum));
        cards.push(money_card(Msg::CardFee, h.fee_income));
        let c = h.contribution;
        cards.push(Card {
            label: self.t(Msg::CardContribution),
            value: self.money(c.value),
            unit: f.money_unit().to_string(),
            mom: c.mom.and_then(|x| f.delta(c.value, x, true)),
            yoy: c.yoy.and_then(|x| f.delta(c.value, x, true)),
        });
        let n = h.npl_ratio;
        let pp = |base: Option<Option<f64>>| match (n.value, base.flatten()) {
            (Some(v), Some(x)) => f.delta_pp(v, x, false),
            _ => None,
        };
        cards.push(Card {
            label: self.t(Msg::CardNplRatio),
            value: f.opt_pct2(n.value),
            unit: String::new(),
            mom: pp(n.mom),
            yoy: pp(n.yoy),
        });
        (cards, h.mom_period, h.yoy_period)
    }

    pub fn level_counts(&self, scope: Scope) -> (Vec<LevelCount>, Vec<LevelCount>) {
        let data = self.m.scope_data(scope);
        let c = &data.counts;
        let n = c.customers;
        let share = |x: usize| self.f.opt_pct((n > 0).then(|| x as f64 / n as f64));
        let levels = [
            (WarningLevel::Red, c.levels.red),
            (WarningLevel::Orange, c.levels.orange),
            (WarningLevel::Yellow, c.levels.yellow),
            (WarningLevel::None, c.levels.none),
        ]
        .into_iter()
        .map(|(l, x)| LevelCount { label: self.level(l), code: l.code(), count: self.f.count(x), share: share(x) })
        .collect();
        let risk = [
            (RiskClass::Exit, c.risk.exit),
            (RiskClass::Doubtful, c.risk.doubtful),
            (RiskClass::Watch, c.risk.watch),
            (RiskClass::Normal, c.risk.normal),
        ]
        .into_iter()
        .map(|(r, x)| LevelCount { label: self.risk(r), code: r.code(), count: self.f.count(x), share: share(x) })
        .collect();
        (levels, risk)
    }

    /// Tier counts by kind (rows: tiers; columns: retail, corporate, all).
    pub fn tier_table(&self, scope: Scope) -> Table {
        let data = self.m.scope_data(scope);
        let (retail, corporate) = (&data.retail, &data.corporate);
        let mut t = Table::new(
            vec![self.t(Msg::ColTier), self.kind(Kind::Retail), self.kind(Kind::Corporate), self.t(Msg::ColTotal)],
            vec![1, 2, 3],
        );
        let get = |c: &branchlens_core::metrics::customer::TierCounts, tier: Tier| match tier {
            Tier::Vip => c.vip,
            Tier::Key => c.key,
            Tier::Ordinary => c.ordinary,
            Tier::BelowCost => c.below_cost,
        };
        for tier in Tier::ALL {
            let (x, y) = (get(&retail.tiers, tier), get(&corporate.tiers, tier));
            t.push(vec![self.tier(tier), self.f.count(x), self.f.count(y), self.f.count(x + y)], None, "");
        }
        t.push(
            vec![
                self.t(Msg::ColTotal),
                self.f.count(retail.customers),
                self.f.count(corporate.customers),
                self.f.count(retail.customers + corporate.customers),
            ],
            None,
            "total",
        );
        t
    }

    pub fn pareto_text(&self, scope: Scope) -> String {
        let a = self.m.a;
        let data = self.m.scope_data(scope);
        let p = &data.pareto;
        match p.overall.share {
            Some(s) => self.tf(
                Msg::ParetoText,
                &[
                    ("top", self.f.pct(a.cfg.pareto.top_share).replace(".0%", "%")),
                    ("n", self.f.count(p.overall.top_customers)),
                    ("share", self.f.pct(s)),
                ],
            ),
            None => self.t(Msg::ParetoNone),
        }
    }

    /// The migration matrix as a table (rows: last month's state; columns: this month's).
    pub fn migration(&self, scope: Scope) -> Option<(Table, [[usize; 6]; 6])> {
        let prev = self.m.prev.as_ref()?;
        let _ = prev;
        let data = self.m.scope_data(scope);
        let mig = data.migration.as_ref()?;
        let state = |s: TierState| self.t(crate::i18n::tier_state(s));
        let from_states = [TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::New];
        let to_states = [TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::Lost];
        let mut headers = vec![self.t(Msg::ColFromTo)];
        headers.extend(to_states.iter().map(|&s| state(s)));
        let mut t = Table::new(headers, (1..=5).collect());
        for from in from_states {
            let mut cells = vec![state(from)];
            cells.extend(to_states.iter().map(|&to| self.f.count(mig.get(from, to))));
            t.push(cells, None, "");
        }
        Some((t, mig.cells))
    }

    /// New red/orange warnings, resolved ones, new and lost customers of a scope.
    pub fn changes(&self, scope: Scope) -> Option<Changes> {
        let prev: &CustomerMetrics = self.m.prev.as_ref()?;
        let from = self.period(prev.period);
        let (migration, _) = self.migration(scope)?;
        let serious = |l: WarningLevel| l >= WarningLevel::Orange;
        let mut new_warn: Vec<&CustomerMetric> = Vec::new();
        let mut resolved: Vec<&CustomerMetric> = Vec::new();
        let mut new_cust: Vec<&CustomerMetric> = Vec::new();
        for c in self.m.customers(scope) {
            match prev.get(c.customer) {
                Some(p) => {
                    if serious(c.churn_level) && c.churn_level > p.churn_level {
                        new_warn.push(c);
                    }
                    if serious(p.churn_level) && !serious(c.churn_level) {
                        resolved.push(c);
                    }
                }
                None => {
                    if serious(c.churn_level) {
                        new_warn.push(c);
                    }
                    new_cust.push(c);
                }
            }
        }
        let mut lost: Vec<&CustomerMetric> = self.m.lost(scope).collect();
        sort_at_risk(&mut new_warn);
        resolved.sort_by(|x, y| y.contribution.total_cmp(&x.contribution).then(x.customer.cmp(&y.customer)));
        new_cust.sort_by(|x, y| y.contribution.total_cmp(&x.contribution).then(x.customer.cmp(&y.customer)));
        lost.sort_by(|x, y| y.contribution.total_cmp(&x.contribution).then(x.customer.cmp(&y.customer)));
        Some(Changes {
            from,
            migration,
            new_warnings: self.cust_list(new_warn),
            resolved: self.cust_list(resolved),
            new_customers: self.cust_list(new_cust),
            lost_customers: self.cust_list(lost),
        })
    }

    pub fn scope_view(&self, scope: Scope) -> ScopeView {
        let a = self.m.a;
        let (cards, mom, yoy) = self.cards(scope);
        let (levels, risk) = self.level_counts(scope);
        let title = match scope {
            Scope::Bank => self.t(Msg::TitleOverview),
            Scope::Branch(b) => self.tf(Msg::TitleBranch, &[("id", a.ds.branch_id(b).to_string())]),
        };
        let mut view = ScopeView {
            title,
            period: self.period(a.period),
            mom_period: mom.map_or_else(|| NONE.to_string(), |p| self.period(p)),
            yoy_period: yoy.map_or_else(|| NONE.to_string(), |p| self.period(p)),
            cards,
            pareto_text: self.pareto_text(scope),
            tiers: self.tier_table(scope),
            levels,
            risk,
            ranking: self.ranking(scope.branch()),
            rank_text: String::new(),
            changes: self.changes(scope),
            managers: Vec::new(),
            at_risk: None,
            orphans: None,
            orphans_total: 0,
            orphans_more: String::new(),
        };
        if let Scope::Branch(b) = scope {
            let branches = &a.performance.branches;
            let ranked = branches.iter().filter(|x| x.rank.is_some()).count();
            if let Some(r) = branches.iter().find(|x| x.branch == b).and_then(|x| x.rank) {
                view.rank_text = self.tf(Msg::RankOf, &[("rank", r.to_string()), ("n", ranked.to_string())]);
            }
            let mut ms: Vec<&ManagerPerf> = self.managers_in(scope).collect();
            ms.sort_by_key(|m| (m.rank_branch.is_none(), m.rank_branch, m.state.manager));
            view.managers = ms.into_iter().map(|m| self.manager_row(m)).collect();
            view.at_risk = Some(self.cust_list(call_list(self.m.customers(scope))));
            let (t, total, more) = self.orphans(scope);
            view.orphans = Some(t);
            view.orphans_total = total;
            view.orphans_more = more;
        }
        view
    }
}
