//! The view models of the pages: plain, already formatted and translated values that the
//! templates lay out. Charts are built in [`crate::figures`]; this module holds tables, cards
//! and lists.
//!
//! Lists of customers are capped at [`LIST_CAP`] rows (with the count of the rest): the explorer
//! shows everything. Every list of customers is filtered by the scope of the site, so a branch's
//! site never holds a row of another branch's customer.

use branchlens_core::mask;
use branchlens_core::metrics::customer::{
    loan_quality, provision_rate, CustomerMetric, CustomerMetrics, Reason, RiskClass, Tier, TierState, WarningLevel,
};
use branchlens_core::metrics::performance::{BranchPerf, ManagerPerf, Metric, OrphanReason, Suggestion, TargetSource};
use branchlens_core::{Kind, LoanClass, Period, Status, Sym};
use serde::Serialize;

use crate::format::{Delta, Fmt, NONE};
use crate::i18n::I18n;
use crate::model::{Model, Scope};

/// The most rows of a customer list on a page.
pub const LIST_CAP: usize = 50;

/// Text with an optional link (relative to the site root).
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub href: Option<String>,
}

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

/// A headline figure with its 环比 and 同比 changes.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub label: String,
    pub value: String,
    pub unit: String,
    pub mom: Option<Delta>,
    pub yoy: Option<Delta>,
}

/// A generic table (headers and formatted cells; the first column may link).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Columns that hold numbers (right-aligned), by index.
    pub numeric: Vec<usize>,
    /// The column that carries a row's link.
    pub link_col: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// Link of the cell in `link_col`.
    pub href: Option<String>,
    /// A CSS class for the row (e.g. `current`, `total`).
    pub class: &'static str,
}

impl Table {
    pub fn new(headers: Vec<String>, numeric: Vec<usize>) -> Table {
        Table { headers, rows: Vec::new(), numeric, link_col: 0 }
    }
    pub fn push(&mut self, cells: Vec<String>, href: Option<String>, class: &'static str) {
        self.rows.push(TableRow { cells, href, class });
    }
}

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

/// Page-building context: the model, formatting, translations, masking, and the site's scope
/// (which pages exist and may be linked).
pub struct Ctx<'m> {
    pub m: &'m Model<'m>,
    pub f: Fmt,
    pub tr: &'m I18n,
    pub mask: bool,
    /// The scope of the site being built: the bank (head office) or one branch.
    pub site: Scope,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("site", &self.site).field("mask", &self.mask).finish()
    }
}

impl<'m> Ctx<'m> {
    pub fn t(&self, key: &str) -> String {
        self.tr.get(key).to_string()
    }

    /// A translated text with `{name}` placeholders filled in.
    pub fn tf(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.tr.get(key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    pub fn money(&self, yuan: f64) -> String {
        self.f.money(yuan)
    }

    pub fn tier(&self, t: Tier) -> String {
        self.t(&format!("tier_{}", t.code()))
    }
    pub fn level(&self, l: WarningLevel) -> String {
        self.t(&format!("level_{}", l.code()))
    }
    pub fn risk(&self, r: RiskClass) -> String {
        self.t(&format!("risk_{}", r.code()))
    }
    pub fn kind(&self, k: Kind) -> String {
        self.t(&format!("kind_{}", k.code()))
    }
    pub fn class(&self, c: LoanClass) -> String {
        self.t(&format!("class_{}", c.code()))
    }
    pub fn status(&self, s: Status) -> String {
        self.t(&format!("status_{}", s.code()))
    }
    pub fn suggestion(&self, s: Suggestion) -> String {
        self.t(match s {
            Suggestion::Promote => "suggestion_promote",
            Suggestion::Keep => "suggestion_keep",
            Suggestion::Review => "suggestion_review",
        })
    }
    pub fn industry(&self, letter: Option<char>) -> String {
        match letter {
            Some(c) => format!("{c} {}", self.t(&format!("industry_{}", c.to_ascii_lowercase()))),
            None => self.t("industry_none"),
        }
    }

    /// A churn reason in words, with the thresholds of the configuration in force.
    pub fn reason(&self, r: Reason) -> String {
        let c = &self.m.a.cfg.churn;
        let pct = |x: f64| self.f.pct(x).replace(".0%", "%");
        match r {
            Reason::Funds30 => self.tf("reason_funds", &[("x", pct(c.funds_drop_1))]),
            Reason::Funds60 => self.tf("reason_funds", &[("x", pct(c.funds_drop_2))]),
            Reason::Txn0 => self.t("reason_txn0"),
            Reason::Txn50 => self.tf("reason_txn_half", &[("x", pct(c.txn_half_ratio))]),
            Reason::ProductLost => self.t("reason_product_lost"),
            Reason::NoContact90 => self.tf("reason_no_contact", &[("x", c.no_contact_days_1.to_string())]),
            Reason::NoContact180 => self.tf("reason_no_contact", &[("x", c.no_contact_days_2.to_string())]),
            Reason::ManagerLeft => self.t("reason_manager_left"),
            Reason::Unassigned => self.t("reason_unassigned"),
            Reason::Complaints1 => self.tf("reason_complaints", &[("x", c.complaints_1.to_string())]),
            Reason::Complaints3 => self.tf("reason_complaints", &[("x", c.complaints_2.to_string())]),
        }
    }

    /// The page of a branch, if this site has it.
    pub fn branch_href(&self, b: Sym) -> Option<String> {
        match self.site {
            Scope::Bank => Some(format!("branch/{}.html", self.m.branch_slug(b))),
            Scope::Branch(s) if s == b => Some("index.html".to_string()),
            Scope::Branch(_) => None,
        }
    }

    /// The page of a manager, if this site has it (managers known in `L`; in a branch site,
    /// those whose state names the branch).
    pub fn manager_href(&self, m: Sym) -> Option<String> {
        let mp = self.manager(m)?;
        self.site.has(mp.state.branch).then(|| format!("manager/{}.html", self.m.manager_slug(m)))
    }

    pub fn manager(&self, m: Sym) -> Option<&'m ManagerPerf> {
        let ms = &self.m.a.performance.managers;
        ms.binary_search_by(|x| x.state.manager.cmp(&m)).ok().and_then(|i| ms.get(i))
    }

    pub fn branch_link(&self, b: Sym) -> Link {
        Link { text: self.m.a.ds.branch_id(b).to_string(), href: self.branch_href(b) }
    }

    pub fn manager_link(&self, m: Option<Sym>) -> Link {
        match m {
            Some(m) => Link { text: self.m.a.ds.manager_id(m).to_string(), href: self.manager_href(m) },
            None => Link { text: self.t("unassigned"), href: None },
        }
    }

    pub fn period(&self, p: Period) -> String {
        self.f.period(p)
    }

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
                .map_or_else(String::new, |d| self.tf("overdue_days", &[("n", self.f.count(d as usize))])),
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
        CustList { rows, total, more, more_text: self.tf("list_more", &[("n", self.f.count(more))]), model: false }
    }

    pub fn manager_row(&self, mp: &ManagerPerf) -> ManagerRow {
        let n_ranked = self.m.a.performance.managers.iter().filter(|x| x.rank_bank.is_some()).count();
        let n_branch = self
            .m
            .a
            .performance
            .managers
            .iter()
            .filter(|x| x.rank_branch.is_some() && x.state.branch == mp.state.branch)
            .count();
        let mut flags = Vec::new();
        for an in &mp.anomalies {
            flags.push(self.tf("flag_anomaly", &[("metric", self.metric(an.metric))]));
        }
        if mp.key_person {
            flags.push(self.t("flag_key_person"));
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

    pub fn metric(&self, m: Metric) -> String {
        self.t(match m {
            Metric::Deposit => "metric_deposit",
            Metric::Loan => "metric_loan",
            Metric::Contribution => "metric_contribution",
        })
    }

    /// The managers of a scope (by the branch of their state in `L`), by manager id.
    pub fn managers_in(&self, scope: Scope) -> impl Iterator<Item = &'m ManagerPerf> + 'm {
        self.m.a.performance.managers.iter().filter(move |mp| scope.has(mp.state.branch))
    }

    /// The branch ranking table (every branch: aggregates only, no customer rows).
    pub fn ranking(&self, highlight: Option<Sym>) -> Table {
        let f = &self.f;
        let mut t = Table::new(
            vec![
                self.t("col_rank"),
                self.t("col_branch"),
                self.t("col_customers"),
                self.t("col_new_customers"),
                self.with_unit("col_deposits"),
                self.with_unit("col_loans"),
                self.with_unit("col_aum"),
                self.with_unit("col_contribution"),
                self.t("col_npl_ratio"),
                self.t("col_score"),
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

    /// A column header with the money unit, when the unit is per column (yuan mode).
    pub fn with_unit(&self, key: &str) -> String {
        let u = self.f.money_unit();
        if u.is_empty() {
            self.t(key)
        } else {
            format!("{} ({u})", self.t(key))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scope overview (the bank's overview page and each branch's page)
// ---------------------------------------------------------------------------------------------

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
        let money_card = |key: &str, hl: branchlens_core::metrics::customer::Headline<branchlens_core::Amount>| Card {
            label: self.t(key),
            value: self.money(hl.value.yuan()),
            unit: f.money_unit().to_string(),
            mom: hl.mom.and_then(|x| f.delta(hl.value.yuan(), x.yuan(), true)),
            yoy: hl.yoy.and_then(|x| f.delta(hl.value.yuan(), x.yuan(), true)),
        };
        let mut cards = vec![Card {
            label: self.t("card_customers"),
            value: f.count(h.customers.value),
            unit: String::new(),
            mom: h.customers.mom.and_then(|x| f.delta(h.customers.value as f64, x as f64, true)),
            yoy: h.customers.yoy.and_then(|x| f.delta(h.customers.value as f64, x as f64, true)),
        }];
        cards.push(money_card("card_deposits", h.deposit_avg));
        cards.push(money_card("card_loans", h.loan_balance));
        cards.push(money_card("card_aum", h.aum));
        cards.push(money_card("card_fee", h.fee_income));
        let c = h.contribution;
        cards.push(Card {
            label: self.t("card_contribution"),
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
            label: self.t("card_npl_ratio"),
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
            vec![self.t("col_tier"), self.kind(Kind::Retail), self.kind(Kind::Corporate), self.t("col_total")],
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
                self.t("col_total"),
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
                "pareto_text",
                &[
                    ("top", self.f.pct(a.cfg.pareto.top_share).replace(".0%", "%")),
                    ("n", self.f.count(p.overall.top_customers)),
                    ("share", self.f.pct(s)),
                ],
            ),
            None => self.t("pareto_none"),
        }
    }

    /// The migration matrix as a table (rows: last month's state; columns: this month's).
    pub fn migration(&self, scope: Scope) -> Option<(Table, [[usize; 6]; 6])> {
        let prev = self.m.prev.as_ref()?;
        let _ = prev;
        let data = self.m.scope_data(scope);
        let mig = data.migration.as_ref()?;
        let state = |s: TierState| self.t(&format!("state_{}", s.code()));
        let from_states = [TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::New];
        let to_states = [TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::Lost];
        let mut headers = vec![self.t("col_from_to")];
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
        let mut lost: Vec<&CustomerMetric> = prev
            .customers
            .iter()
            .zip(&self.m.prev_scope)
            .filter(|(p, (_, still))| !still && scope.has(p.branch))
            .map(|(p, _)| p)
            .collect();
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
            Scope::Bank => self.t("title_overview"),
            Scope::Branch(b) => self.tf("title_branch", &[("id", a.ds.branch_id(b).to_string())]),
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
                view.rank_text = self.tf("rank_of", &[("rank", r.to_string()), ("n", ranked.to_string())]);
            }
            let mut ms: Vec<&ManagerPerf> = self.managers_in(scope).collect();
            ms.sort_by_key(|m| (m.rank_branch.is_none(), m.rank_branch, m.state.manager));
            view.managers = ms.into_iter().map(|m| self.manager_row(m)).collect();
            let mut risky: Vec<&CustomerMetric> = self.m.customers(scope).filter(|c| at_risk(c)).collect();
            sort_at_risk(&mut risky);
            view.at_risk = Some(self.cust_list(risky));
            let (t, total, more) = self.orphans(scope);
            view.orphans = Some(t);
            view.orphans_total = total;
            view.orphans_more = more;
        }
        view
    }

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

/// A customer worth a call: any churn warning, or a relationship risk class other than normal.
pub fn at_risk(c: &CustomerMetric) -> bool {
    c.churn_level > WarningLevel::None || c.risk_class > RiskClass::Normal
}

/// Most urgent first: churn points, then risk class, then contribution, then customer id.
pub fn sort_at_risk(v: &mut [&CustomerMetric]) {
    v.sort_by(|x, y| {
        y.churn_points
            .cmp(&x.churn_points)
            .then(y.risk_class.cmp(&x.risk_class))
            .then(y.contribution.total_cmp(&x.contribution))
            .then(x.customer.cmp(&y.customer))
    });
}

// ---------------------------------------------------------------------------------------------
// Manager page
// ---------------------------------------------------------------------------------------------

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
        let mut add = |key: &str, target: Option<String>, actual: String, comp: Option<f64>| {
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
        add("target_deposit", t.deposit.map(|x| self.money(x.yuan())), self.money(p.deposit), c.deposit);
        add("target_loan", t.loan.map(|x| self.money(x.yuan())), self.money(p.loan), c.loan);
        add("target_fee", t.fee.map(|x| self.money(x.yuan())), self.money(p.fee), c.fee);
        add(
            "target_new_customers",
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
                    rules.push(self.t("rule_robust"));
                }
                if an.jump_rule {
                    rules.push(self.t("rule_jump"));
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
        let mut portfolio = Table::new(vec![self.t("col_figure"), self.t("col_value")], vec![1]);
        let u = |k: &str| self.with_unit(k);
        for (label, value) in [
            (self.t("col_customers"), f.count_f(p.customers)),
            (self.t("col_new_customers"), f.count_f(p.new_customers)),
            (u("col_deposits"), self.money(p.deposit)),
            (u("col_loans"), self.money(p.loan)),
            (u("col_aum"), self.money(p.aum)),
            (u("col_fee"), self.money(p.fee)),
            (u("col_contribution"), self.money(p.contribution)),
        ] {
            portfolio.push(vec![label, value], None, "");
        }
        let own = self.m.manager_customers(mp.state.manager, self.site);
        let mut tiers = Table::new(
            vec![self.t("col_tier"), self.t("col_customers"), self.with_unit("col_contribution")],
            vec![1, 2],
        );
        for tier in Tier::ALL {
            let (n, sum) =
                own.iter().filter(|c| c.tier == tier).fold((0usize, 0.0f64), |(n, s), c| (n + 1, s + c.contribution));
            tiers.push(vec![self.tier(tier), f.count(n), self.money(sum)], None, "");
        }
        let mut risky: Vec<&CustomerMetric> = own.iter().copied().filter(|c| at_risk(c)).collect();
        sort_at_risk(&mut risky);
        let key_person = mp.key_person_share.map_or_else(String::new, |s| {
            self.tf(
                if mp.key_person { "key_person_yes" } else { "key_person_no" },
                &[("share", f.pct(s)), ("limit", f.pct(self.m.a.cfg.performance.key_person_share))],
            )
        });
        ManagerView {
            row: self.manager_row(mp),
            title: format!("{} {}", mp.state.manager_id, mp.state.name),
            targets_source: self.t(match mp.state.targets_source {
                TargetSource::Month => "targets_month",
                TargetSource::Undated => "targets_undated",
                TargetSource::None => "targets_none",
            }),
            plan,
            key_person,
            anomalies,
            portfolio,
            tiers,
            call_list: self.cust_list(risky),
            own_customers: self.tf("own_customers", &[("n", f.count(own.len()))]),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Segments, early warning, loan quality
// ---------------------------------------------------------------------------------------------

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
            "cross_sell_text",
            &[
                ("mean", cs.mean_depth.map_or_else(|| NONE.to_string(), |x| f.num(x, 2))),
                ("min", cs.embedded_min_products.to_string()),
                ("n", f.count(cs.embedded)),
                ("share", f.opt_pct(cs.embedded_share)),
            ],
        );
        let mut depth =
            Table::new(vec![self.t("col_products_held"), self.t("col_customers"), self.t("col_share")], vec![1, 2]);
        for (d, &n) in cs.histogram.iter().enumerate() {
            depth.push(
                vec![d.to_string(), f.count(n), f.opt_pct((cs.customers > 0).then(|| n as f64 / cs.customers as f64))],
                None,
                "",
            );
        }
        let mut products = Table::new(
            vec![
                self.t("col_product"),
                self.t("col_customers"),
                self.t("col_share"),
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
                self.t("col_industry"),
                self.t("col_customers"),
                self.with_unit("col_deposits"),
                self.with_unit("col_loans"),
                self.t("col_npl_ratio"),
                self.with_unit("col_contribution"),
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
        let data = self.m.scope_data(scope);
        let c = &data.counts;
        let f = &self.f;
        let (levels, risk) = self.level_counts(scope);
        let mut reasons = Table::new(
            vec![
                self.t("col_code"),
                self.t("col_reason"),
                self.t("col_points"),
                self.t("col_customers"),
                self.t("col_share"),
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
        let by_branch = (scope == Scope::Bank).then(|| {
            let mut t = Table::new(
                vec![
                    self.t("col_branch"),
                    self.t("col_customers"),
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
                let mut n = [0usize; 7];
                for cm in self.m.customers(Scope::Branch(bp.branch)) {
                    n[0] += 1;
                    match cm.churn_level {
                        WarningLevel::Red => n[1] += 1,
                        WarningLevel::Orange => n[2] += 1,
                        WarningLevel::Yellow => n[3] += 1,
                        WarningLevel::None => {}
                    }
                    match cm.risk_class {
                        RiskClass::Watch => n[4] += 1,
                        RiskClass::Doubtful => n[5] += 1,
                        RiskClass::Exit => n[6] += 1,
                        RiskClass::Normal => {}
                    }
                }
                let mut cells = vec![bp.branch_id.clone()];
                cells.extend(n.iter().map(|&x| f.count(x)));
                t.push(cells, self.branch_href(bp.branch), "");
            }
            t
        });
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
}

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
                self.t("col_class"),
                self.with_unit("col_balance"),
                self.t("col_share"),
                self.t("col_provision_rate"),
                self.with_unit("col_provision"),
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
                self.t("col_total"),
                self.money(total),
                f.opt_pct((total > 0.0).then_some(1.0)),
                String::new(),
                self.money(q.provision),
            ],
            None,
            "total",
        );
        let text = self.tf(
            "loans_text",
            &[
                ("total", self.money(total)),
                ("npl", self.money(q.npl.yuan())),
                ("ratio", f.opt_pct2(q.npl_ratio)),
                ("provision", self.money(q.provision)),
                ("borrowers", f.count(q.borrowers)),
            ],
        );
        let mut by_branch = Table::new(
            vec![
                self.t("col_branch"),
                self.with_unit("col_loans"),
                self.class(LoanClass::Normal),
                self.class(LoanClass::Special),
                self.class(LoanClass::Substandard),
                self.class(LoanClass::Doubtful),
                self.class(LoanClass::Loss),
                self.t("col_npl_ratio"),
                self.with_unit("col_provision"),
            ],
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
        // Five-level classes by industry of the corporate borrowers: core's `loan_quality` over
        // the rows of each industry (one pass to group them).
        let mut groups: Vec<Vec<&branchlens_core::CustomerRow>> = vec![Vec::new(); 21];
        for r in a.ds.rows_in(a.period).iter().filter(|r| r.kind == Kind::Corporate && r.loan_balance.0 > 0) {
            if !scope.has(r.branch) {
                continue;
            }
            let slot = match r.industry {
                Some(i) if (b'A'..=b'T').contains(&i.0) => usize::from(i.0 - b'A'),
                _ => 20,
            };
            groups[slot].push(r);
        }
        let mut ind = Table::new(
            vec![
                self.t("col_industry"),
                self.t("col_borrowers"),
                self.with_unit("col_loans"),
                self.class(LoanClass::Normal),
                self.class(LoanClass::Special),
                self.class(LoanClass::Substandard),
                self.class(LoanClass::Doubtful),
                self.class(LoanClass::Loss),
                self.t("col_npl_ratio"),
                self.with_unit("col_provision"),
            ],
            (1..=9).collect(),
        );
        for (slot, rows) in groups.iter().enumerate().filter(|(_, g)| !g.is_empty()) {
            let q = loan_quality(rows.iter().copied(), &a.cfg.provision);
            let letter = (slot < 20).then(|| char::from(b'A' + slot as u8));
            let mut cells = vec![self.industry(letter), f.count(q.borrowers), self.money(q.total.yuan())];
            cells.extend(LoanClass::ALL.iter().map(|&c| self.money(q.balances.get(c).yuan())));
            cells.push(f.opt_pct2(q.npl_ratio));
            cells.push(self.money(q.provision));
            ind.push(cells, None, "");
        }
        let mut trend = Table::new(
            vec![self.t("col_period"), self.with_unit("col_loans"), self.with_unit("col_npl"), self.t("col_npl_ratio")],
            vec![1, 2, 3],
        );
        for (p, m) in self.m.periods.iter().zip(self.m.monthly(scope)) {
            trend.push(
                vec![self.period(*p), self.money(m.loan.yuan()), self.money(m.npl.yuan()), f.opt_pct2(m.npl_ratio())],
                None,
                "",
            );
        }
        LoansView { text, classes, by_branch, industries: ind, trend }
    }
}
