//! Aggregates over customers of a group (the whole bank, a branch, a kind, or any row filter):
//! Pareto (二八) and the Lorenz curve, loan quality (五级分类, NPL ratio, required provision),
//! tier / warning-level / risk-class counts, the tier migration matrix, cross-sell depth and
//! product penetration (交叉销售), the industry breakdown of corporate customers, and the
//! month-on-month (环比) / year-on-year (同比) headline figures.
//!
//! Every function takes a `filter: impl Fn(&CustomerRow) -> bool` on the customer's row (use
//! [`Group::matches`] for the usual groups), so the same code serves the bank and a branch.
//! Tiers, warning levels and risk classes are always those of the bank-wide
//! [`CustomerMetrics`] (a branch's vip is a bank vip); the filter only selects whom to count.
//!
//! Sums of amounts are exact ([`Amount`], fen); sums of `f64` contribution run in row order
//! (`ds.customers` is sorted by period, then customer id). Nothing iterates a hash map.
//!
//! # Readings of DESIGN.md
//!
//! - **Pareto**: the top `ceil(top_share·n)` by latest-month contribution (descending, ties by
//!   customer id); `share = Σ max(c, 0) over the top / Σ max(c, 0) over the group`, both summed
//!   in customer-id order; `None` when the group's positive total is 0. The Lorenz curve runs
//!   over the same ranking, cumulative positive contribution over its total (so it ends at
//!   exactly (1, 1)); empty when the positive total is 0.
//! - **Migration**: membership in a group is judged on the customer's `L` row; a "lost"
//!   customer (in the position before `L`, not in `L`) on its row in that position. With no
//!   position before `L`, every customer is "new".
//! - **Provision** is `Σ_class (balance of the class) × rate`, balances summed exactly per class
//!   (the same number as summing row by row, without the rounding of many products).
//! - **Headlines**: "month-on-month" is the position before `as_of` in `P`, "year-on-year" the
//!   calendar month 12 months earlier when it is in `P`; `mom`/`yoy` are `None` otherwise.

use serde::Serialize;

use crate::config::{Config, ProvisionRates};
use crate::metrics::contribution::contribution;
use crate::model::{Amount, CustomerRow, Dataset, Industry, Kind, LoanClass, Period, Sym};

use super::{find, ser_opt_sym, CustomerMetrics, Positions, Reason, RiskClass, Tier, WarningLevel};
use crate::metrics::ceil_share;

// ---------------------------------------------------------------------------------------------
// Groups and small helpers
// ---------------------------------------------------------------------------------------------

/// A group of customers: all, one branch, one kind, or one kind in one branch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Group {
    /// Only customers whose row names this branch (serialized as the index).
    #[serde(serialize_with = "ser_opt_sym")]
    pub branch: Option<Sym>,
    /// Only customers of this kind.
    pub kind: Option<Kind>,
}

impl Group {
    /// The whole bank.
    pub const ALL: Group = Group { branch: None, kind: None };
    pub fn branch(b: Sym) -> Group {
        Group { branch: Some(b), kind: None }
    }
    pub fn kind(k: Kind) -> Group {
        Group { branch: None, kind: Some(k) }
    }
    /// Whether `r` belongs to the group.
    pub fn matches(&self, r: &CustomerRow) -> bool {
        self.branch.map_or(true, |b| r.branch == b) && self.kind.map_or(true, |k| r.kind == k)
    }
}

fn add(a: &mut Amount, b: Amount) {
    a.0 = a.0.saturating_add(b.0);
}

/// `num / den` as a share; `None` when `den` is 0.
fn share(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Amount ratio in one division of the exact fen values; `None` when `den` is 0.
fn amount_ratio(num: Amount, den: Amount) -> Option<f64> {
    (den.0 != 0).then(|| num.0 as f64 / den.0 as f64)
}

/// Relative change `now / before − 1`; `None` when `before` is 0 or either is not finite.
pub fn growth(now: f64, before: f64) -> Option<f64> {
    let g = now / before - 1.0;
    (before != 0.0 && g.is_finite()).then_some(g)
}

// ---------------------------------------------------------------------------------------------
// Pareto (二八) and the Lorenz curve
// ---------------------------------------------------------------------------------------------

/// The most points of a down-sampled Lorenz curve.
pub const LORENZ_MAX_POINTS: usize = 200;

/// One point of the Lorenz curve: the top `customers` share of customers (ranked by latest
/// contribution, descending) holds `contribution` share of the positive contribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LorenzPoint {
    pub customers: f64,
    pub contribution: f64,
}

/// The 20/80 figures of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pareto {
    /// n: customers of the group in `L`.
    pub customers: usize,
    /// ceil(top_share · n).
    pub top_customers: usize,
    /// Σ max(contribution, 0) over the top customers, yuan.
    pub top_positive: f64,
    /// Σ max(contribution, 0) over the group, yuan.
    pub total_positive: f64,
    /// `top_positive / total_positive`; `None` when the total is 0.
    pub share: Option<f64>,
    /// The Lorenz curve from (0, 0) to (1, 1), at most [`LORENZ_MAX_POINTS`] points (all points
    /// when n + 1 fits); empty when the positive total is 0.
    pub curve: Vec<LorenzPoint>,
}

/// Pareto overall and per kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoSet {
    pub period: Period,
    pub overall: Pareto,
    pub retail: Pareto,
    pub corporate: Pareto,
}

/// The Pareto figures of `items` = (customer, latest contribution), in customer-id order.
pub fn pareto_of(items: &[(Sym, f64)], top_share: f64) -> Pareto {
    let n = items.len();
    let mut rank: Vec<usize> = (0..n).collect();
    rank.sort_by(|&a, &b| items[b].1.total_cmp(&items[a].1).then(items[a].0.cmp(&items[b].0)));
    let top = ceil_share(top_share, n);
    let mut in_top = vec![false; n];
    for &i in rank.iter().take(top) {
        in_top[i] = true;
    }
    let pos = |c: f64| if c > 0.0 { c } else { 0.0 };
    let mut total = 0.0;
    let mut top_sum = 0.0;
    for (i, &(_, c)) in items.iter().enumerate() {
        total += pos(c);
        if in_top[i] {
            top_sum += pos(c);
        }
    }
    let mut curve = Vec::new();
    if total > 0.0 {
        let mut cum = Vec::with_capacity(n + 1);
        cum.push(0.0);
        let mut acc = 0.0;
        for &i in &rank {
            acc += pos(items[i].1);
            cum.push(acc);
        }
        let point = |k: usize| LorenzPoint {
            customers: k as f64 / n as f64,
            contribution: if acc > 0.0 { cum[k] / acc } else { 0.0 },
        };
        if n < LORENZ_MAX_POINTS {
            curve.extend((0..=n).map(point));
        } else {
            // Deterministic down-sampling: k_j = round(j·n / (M − 1)), strictly increasing
            // because n ≥ M − 1; k_0 = 0, k_{M−1} = n.
            let m = LORENZ_MAX_POINTS - 1;
            curve.extend((0..=m).map(|j| point((j * n + m / 2) / m)));
        }
    }
    Pareto {
        customers: n,
        top_customers: top,
        top_positive: top_sum,
        total_positive: total,
        share: (total > 0.0).then(|| top_sum / total),
        curve,
    }
}

/// Pareto (二八) of the customers in `L = as_of` matching `filter`: overall and per kind.
pub fn pareto(ds: &Dataset, cfg: &Config, as_of: Period, filter: impl Fn(&CustomerRow) -> bool) -> ParetoSet {
    let rows: Vec<&CustomerRow> = ds.rows_in(as_of).iter().filter(|r| filter(r)).collect();
    let of = |k: Option<Kind>| -> Pareto {
        let items: Vec<(Sym, f64)> = rows
            .iter()
            .filter(|r| k.map_or(true, |k| r.kind == k))
            .map(|r| (r.customer, contribution(r, &cfg.contribution)))
            .collect();
        pareto_of(&items, cfg.pareto.top_share)
    };
    ParetoSet { period: as_of, overall: of(None), retail: of(Some(Kind::Retail)), corporate: of(Some(Kind::Corporate)) }
}

// ---------------------------------------------------------------------------------------------
// Loan quality (五级分类)
// ---------------------------------------------------------------------------------------------

/// Loan balances by five-level class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClassBalances {
    pub normal: Amount,
    pub special: Amount,
    pub substandard: Amount,
    pub doubtful: Amount,
    pub loss: Amount,
}

impl ClassBalances {
    pub fn get(&self, c: LoanClass) -> Amount {
        match c {
            LoanClass::Normal => self.normal,
            LoanClass::Special => self.special,
            LoanClass::Substandard => self.substandard,
            LoanClass::Doubtful => self.doubtful,
            LoanClass::Loss => self.loss,
        }
    }
    fn get_mut(&mut self, c: LoanClass) -> &mut Amount {
        match c {
            LoanClass::Normal => &mut self.normal,
            LoanClass::Special => &mut self.special,
            LoanClass::Substandard => &mut self.substandard,
            LoanClass::Doubtful => &mut self.doubtful,
            LoanClass::Loss => &mut self.loss,
        }
    }
}

/// Loan quality of a set of rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoanQuality {
    /// Balances by class (an empty class with a balance counts as normal).
    pub balances: ClassBalances,
    /// Σ loan_balance.
    pub total: Amount,
    /// substandard + doubtful + loss.
    pub npl: Amount,
    /// `npl / total`; `None` when the total is 0.
    pub npl_ratio: Option<f64>,
    /// Required provision (a stock): Σ balance × rate by class, yuan.
    pub provision: f64,
    /// Rows with a loan balance > 0.
    pub borrowers: usize,
    /// Balances whose class was empty (counted as normal): a data-quality figure.
    pub unclassified: Amount,
}

/// The provision rate of a class.
pub fn provision_rate(c: LoanClass, r: &ProvisionRates) -> f64 {
    match c {
        LoanClass::Normal => r.normal,
        LoanClass::Special => r.special,
        LoanClass::Substandard => r.substandard,
        LoanClass::Doubtful => r.doubtful,
        LoanClass::Loss => r.loss,
    }
}

/// Loan quality of `rows` (e.g. one period's rows of a branch).
pub fn loan_quality<'a>(rows: impl IntoIterator<Item = &'a CustomerRow>, rates: &ProvisionRates) -> LoanQuality {
    let mut q = LoanQuality::default();
    for r in rows {
        let Some(class) = r.effective_loan_class() else { continue };
        q.borrowers += 1;
        add(q.balances.get_mut(class), r.loan_balance);
        add(&mut q.total, r.loan_balance);
        if class.is_npl() {
            add(&mut q.npl, r.loan_balance);
        }
        if r.loan_class.is_none() {
            add(&mut q.unclassified, r.loan_balance);
        }
    }
    q.npl_ratio = amount_ratio(q.npl, q.total);
    q.provision = LoanClass::ALL.iter().map(|&c| q.balances.get(c).yuan() * provision_rate(c, rates)).sum();
    q
}

/// Loan quality of the rows in `period` matching `filter`.
pub fn loan_quality_in(
    ds: &Dataset,
    cfg: &Config,
    period: Period,
    filter: impl Fn(&CustomerRow) -> bool,
) -> LoanQuality {
    loan_quality(ds.rows_in(period).iter().filter(|r| filter(r)), &cfg.provision)
}

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

/// Customers per tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TierCounts {
    pub vip: usize,
    pub key: usize,
    pub ordinary: usize,
    pub below_cost: usize,
}

/// Customers per warning level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts {
    pub none: usize,
    pub yellow: usize,
    pub orange: usize,
    pub red: usize,
}

/// Customers per relationship risk class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RiskCounts {
    pub normal: usize,
    pub watch: usize,
    pub doubtful: usize,
    pub exit: usize,
}

/// Customers carrying one churn reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: Reason,
    pub customers: usize,
}

/// Counts over the customers of a group in `L`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub customers: usize,
    pub tiers: TierCounts,
    pub levels: LevelCounts,
    pub risk: RiskCounts,
    pub rising: usize,
    /// Every reason code in DESIGN order with its count (zeros included).
    pub reasons: Vec<ReasonCount>,
}

/// Tier, warning-level, risk-class, rising and reason counts of the customers of `m` whose `L`
/// row matches `filter`.
pub fn counts(ds: &Dataset, m: &CustomerMetrics, filter: impl Fn(&CustomerRow) -> bool) -> Counts {
    let mut c = Counts::default();
    let mut reasons = [0usize; Reason::ALL.len()];
    for x in &m.customers {
        if !ds.customers.get(x.row).is_some_and(&filter) {
            continue;
        }
        c.customers += 1;
        *match x.tier {
            Tier::Vip => &mut c.tiers.vip,
            Tier::Key => &mut c.tiers.key,
            Tier::Ordinary => &mut c.tiers.ordinary,
            Tier::BelowCost => &mut c.tiers.below_cost,
        } += 1;
        *match x.churn_level {
            WarningLevel::None => &mut c.levels.none,
            WarningLevel::Yellow => &mut c.levels.yellow,
            WarningLevel::Orange => &mut c.levels.orange,
            WarningLevel::Red => &mut c.levels.red,
        } += 1;
        *match x.risk_class {
            RiskClass::Normal => &mut c.risk.normal,
            RiskClass::Watch => &mut c.risk.watch,
            RiskClass::Doubtful => &mut c.risk.doubtful,
            RiskClass::Exit => &mut c.risk.exit,
        } += 1;
        c.rising += usize::from(x.rising);
        for (i, r) in Reason::ALL.iter().enumerate() {
            reasons[i] += usize::from(x.reasons.contains(*r));
        }
    }
    c.reasons = Reason::ALL.iter().zip(reasons).map(|(&reason, customers)| ReasonCount { reason, customers }).collect();
    c
}

// ---------------------------------------------------------------------------------------------
// Tier migration
// ---------------------------------------------------------------------------------------------

/// A row or column of the migration matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierState {
    /// Not present in the month before (rows only).
    New,
    Vip,
    Key,
    Ordinary,
    BelowCost,
    /// Present in the month before, not in `L` (columns only).
    Lost,
}

impl TierState {
    pub const ALL: [TierState; 6] =
        [TierState::New, TierState::Vip, TierState::Key, TierState::Ordinary, TierState::BelowCost, TierState::Lost];
    pub fn code(self) -> &'static str {
        match self {
            TierState::New => "new",
            TierState::Vip => "vip",
            TierState::Key => "key",
            TierState::Ordinary => "ordinary",
            TierState::BelowCost => "below_cost",
            TierState::Lost => "lost",
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<Tier> for TierState {
    fn from(t: Tier) -> TierState {
        match t {
            Tier::Vip => TierState::Vip,
            Tier::Key => TierState::Key,
            Tier::Ordinary => TierState::Ordinary,
            Tier::BelowCost => TierState::BelowCost,
        }
    }
}

/// The tier migration matrix: `cells[from][to]` customers, indexed by [`TierState::index`]
/// (rows: new, vip, key, ordinary, below_cost, lost-unused; columns: new-unused, vip, key,
/// ordinary, below_cost, lost).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Migration {
    /// The position before `L`, if any.
    pub from: Option<Period>,
    pub to: Period,
    pub states: [TierState; 6],
    pub cells: [[usize; 6]; 6],
}

impl Migration {
    pub fn get(&self, from: TierState, to: TierState) -> usize {
        self.cells[from.index()][to.index()]
    }
}

/// The migration from the tiers of `prev` (the metrics of the position before `L`, or `None`)
/// to those of `cur`, over customers matching `filter` (see the module notes).
pub fn tier_migration_between(
    ds: &Dataset,
    prev: Option<&CustomerMetrics>,
    cur: &CustomerMetrics,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Migration {
    let mut cells = [[0usize; 6]; 6];
    let empty = Vec::new();
    let before = prev.map_or(&empty, |p| &p.customers);
    let ok = |row: usize| ds.customers.get(row).is_some_and(&filter);
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < cur.customers.len() {
        let a = before.get(i);
        let b = cur.customers.get(j);
        let (from, to, row) = match (a, b) {
            (Some(a), Some(b)) if a.customer == b.customer => {
                i += 1;
                j += 1;
                (TierState::from(a.tier), TierState::from(b.tier), b.row)
            }
            (Some(a), Some(b)) if a.customer < b.customer => {
                i += 1;
                (TierState::from(a.tier), TierState::Lost, a.row)
            }
            (Some(a), None) => {
                i += 1;
                (TierState::from(a.tier), TierState::Lost, a.row)
            }
            (_, Some(b)) => {
                j += 1;
                (TierState::New, TierState::from(b.tier), b.row)
            }
            (None, None) => break,
        };
        if ok(row) {
            cells[from.index()][to.index()] += 1;
        }
    }
    Migration { from: prev.map(|p| p.period), to: cur.period, states: TierState::ALL, cells }
}

/// The tier migration into `cur` (the metrics of `L`), computing the tiers of the position
/// before `L` with [`super::customer_metrics`] as of that period.
pub fn tier_migration(
    ds: &Dataset,
    cfg: &Config,
    cur: &CustomerMetrics,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Migration {
    let prev = Positions::new(ds, cur.period).prev().map(|p| super::customer_metrics(ds, cfg, p));
    tier_migration_between(ds, prev.as_ref(), cur, filter)
}

// ---------------------------------------------------------------------------------------------
// Cross-sell (交叉销售)
// ---------------------------------------------------------------------------------------------

/// Holders of one product code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductPenetration {
    pub code: String,
    pub customers: usize,
    pub share: Option<f64>,
    pub retail: usize,
    pub retail_share: Option<f64>,
    pub corporate: usize,
    pub corporate_share: Option<f64>,
}

/// Cross-sell depth and product penetration of a group in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossSell {
    pub period: Period,
    pub customers: usize,
    pub retail: usize,
    pub corporate: usize,
    /// `histogram[d]` customers hold exactly `d` distinct products (`0..=max`; empty when no
    /// customers).
    pub histogram: Vec<usize>,
    /// Mean distinct products per customer.
    pub mean_depth: Option<f64>,
    /// The "embedded" threshold (`cross_sell.embedded_min_products`).
    pub embedded_min_products: u32,
    /// Customers with at least that many products.
    pub embedded: usize,
    pub embedded_share: Option<f64>,
    /// Every product code of the dataset, in code order.
    pub products: Vec<ProductPenetration>,
}

/// Cross-sell depth and product penetration of the customers in `L = as_of` matching `filter`.
pub fn cross_sell(ds: &Dataset, cfg: &Config, as_of: Period, filter: impl Fn(&CustomerRow) -> bool) -> CrossSell {
    let min = cfg.cross_sell.embedded_min_products;
    let mut histogram: Vec<usize> = Vec::new();
    let (mut n, mut retail, mut corporate, mut embedded, mut depth_sum) = (0usize, 0usize, 0usize, 0usize, 0u64);
    let np = ds.products.len();
    let mut holders = vec![[0usize; 2]; np];
    for r in ds.rows_in(as_of).iter().filter(|r| filter(r)) {
        n += 1;
        let k = match r.kind {
            Kind::Retail => {
                retail += 1;
                0
            }
            Kind::Corporate => {
                corporate += 1;
                1
            }
        };
        let d = r.products.len();
        let di = d as usize;
        if histogram.len() <= di {
            histogram.resize(di + 1, 0);
        }
        histogram[di] += 1;
        depth_sum += u64::from(d);
        embedded += usize::from(d >= min);
        for p in r.products.iter() {
            if let Some(h) = holders.get_mut(p.index()) {
                h[k] += 1;
            }
        }
    }
    let products = ds
        .products
        .iter()
        .zip(&holders)
        .map(|((_, code), h)| ProductPenetration {
            code: code.to_string(),
            customers: h[0] + h[1],
            share: share(h[0] + h[1], n),
            retail: h[0],
            retail_share: share(h[0], retail),
            corporate: h[1],
            corporate_share: share(h[1], corporate),
        })
        .collect();
    CrossSell {
        period: as_of,
        customers: n,
        retail,
        corporate,
        histogram,
        mean_depth: (n > 0).then(|| depth_sum as f64 / n as f64),
        embedded_min_products: min,
        embedded,
        embedded_share: share(embedded, n),
        products,
    }
}

// ---------------------------------------------------------------------------------------------
// Industries (corporate)
// ---------------------------------------------------------------------------------------------

/// Corporate customers of one industry section in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndustryRow {
    /// GB/T 4754 section letter; `None` (null) for customers without an industry.
    pub industry: Option<Industry>,
    pub customers: usize,
    pub deposits: Amount,
    pub loans: Amount,
    pub npl: Amount,
    pub npl_ratio: Option<f64>,
    pub contribution: f64,
}

/// The industry breakdown of the corporate customers in `L = as_of` matching `filter`: one row
/// per section letter present (A→T), then one for an empty industry, if any.
pub fn industries(
    ds: &Dataset,
    cfg: &Config,
    as_of: Period,
    filter: impl Fn(&CustomerRow) -> bool,
) -> Vec<IndustryRow> {
    // Slots 0..=19: A..=T; 20: no industry.
    let mut slots: Vec<IndustryRow> = (0..21u8)
        .map(|i| IndustryRow {
            industry: (i < 20).then(|| Industry(b'A' + i)),
            customers: 0,
            deposits: Amount::ZERO,
            loans: Amount::ZERO,
            npl: Amount::ZERO,
            npl_ratio: None,
            contribution: 0.0,
        })
        .collect();
    for r in ds.rows_in(as_of).iter().filter(|r| r.kind == Kind::Corporate && filter(r)) {
        let slot = match r.industry {
            Some(Industry(c)) if (b'A'..=b'T').contains(&c) => usize::from(c - b'A'),
            _ => 20,
        };
        let s = &mut slots[slot];
        s.customers += 1;
        add(&mut s.deposits, r.deposit_avg);
        add(&mut s.loans, r.loan_balance);
        if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
            add(&mut s.npl, r.loan_balance);
        }
        s.contribution += contribution(r, &cfg.contribution);
    }
    slots
        .into_iter()
        .filter(|s| s.customers > 0)
        .map(|mut s| {
            s.npl_ratio = amount_ratio(s.npl, s.loans);
            s
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Headline figures, 环比 and 同比
// ---------------------------------------------------------------------------------------------

/// The headline figures of a group in one period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    pub customers: usize,
    pub deposit_avg: Amount,
    pub loan_balance: Amount,
    pub aum: Amount,
    pub fee_income: Amount,
    /// Σ contribution, yuan, in row order.
    pub contribution: f64,
    pub npl_ratio: Option<f64>,
}

/// The figures of the rows in `period` matching `filter`.
pub fn figures(ds: &Dataset, cfg: &Config, period: Period, filter: impl Fn(&CustomerRow) -> bool) -> Figures {
    let mut f = Figures {
        period,
        customers: 0,
        deposit_avg: Amount::ZERO,
        loan_balance: Amount::ZERO,
        aum: Amount::ZERO,
        fee_income: Amount::ZERO,
        contribution: 0.0,
        npl_ratio: None,
    };
    let mut npl = Amount::ZERO;
    for r in ds.rows_in(period).iter().filter(|r| filter(r)) {
        f.customers += 1;
        add(&mut f.deposit_avg, r.deposit_avg);
        add(&mut f.loan_balance, r.loan_balance);
        add(&mut f.aum, r.aum);
        add(&mut f.fee_income, r.fee_income);
        f.contribution += contribution(r, &cfg.contribution);
        if r.effective_loan_class().is_some_and(LoanClass::is_npl) {
            add(&mut npl, r.loan_balance);
        }
    }
    f.npl_ratio = amount_ratio(npl, f.loan_balance);
    f
}

/// One headline figure with its month-on-month and year-on-year comparison values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Headline<T> {
    pub value: T,
    /// The value in the position before (环比 base); `None` when there is none.
    pub mom: Option<T>,
    /// The value 12 calendar months earlier (同比 base); `None` when that month is not in `P`.
    pub yoy: Option<T>,
}

/// Every headline figure of a group in `as_of`, with 环比 and 同比 bases.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Headlines {
    pub period: Period,
    pub mom_period: Option<Period>,
    pub yoy_period: Option<Period>,
    pub customers: Headline<usize>,
    pub deposit_avg: Headline<Amount>,
    pub loan_balance: Headline<Amount>,
    pub aum: Headline<Amount>,
    pub fee_income: Headline<Amount>,
    pub contribution: Headline<f64>,
    /// `mom`/`yoy` are `Some(None)` (serialized `null`) when that period had no loans; check
    /// `mom_period`/`yoy_period` to tell it from "no such period".
    pub npl_ratio: Headline<Option<f64>>,
}

/// The headline figures of the group `filter` in `as_of`, with the position before it in `P`
/// (环比) and the same month a year earlier (同比) when present.
pub fn headlines(ds: &Dataset, cfg: &Config, as_of: Period, filter: impl Fn(&CustomerRow) -> bool) -> Headlines {
    let pos = Positions::new(ds, as_of);
    let mom_period = pos.prev();
    let yoy_period = as_of.year_before().filter(|p| pos.l.is_some() && pos.periods.binary_search(p).is_ok());
    let now = figures(ds, cfg, as_of, &filter);
    let mom = mom_period.map(|p| figures(ds, cfg, p, &filter));
    let yoy = yoy_period.map(|p| figures(ds, cfg, p, &filter));
    fn h<T: Copy>(
        now: &Figures,
        mom: &Option<Figures>,
        yoy: &Option<Figures>,
        f: impl Fn(&Figures) -> T,
    ) -> Headline<T> {
        Headline { value: f(now), mom: mom.as_ref().map(&f), yoy: yoy.as_ref().map(&f) }
    }
    Headlines {
        period: as_of,
        mom_period,
        yoy_period,
        customers: h(&now, &mom, &yoy, |f| f.customers),
        deposit_avg: h(&now, &mom, &yoy, |f| f.deposit_avg),
        loan_balance: h(&now, &mom, &yoy, |f| f.loan_balance),
        aum: h(&now, &mom, &yoy, |f| f.aum),
        fee_income: h(&now, &mom, &yoy, |f| f.fee_income),
        contribution: h(&now, &mom, &yoy, |f| f.contribution),
        npl_ratio: h(&now, &mom, &yoy, |f| f.npl_ratio),
    }
}

/// Used by the tests and callers that hold a customer's row: the row of `customer` in `period`.
pub fn row_of(ds: &Dataset, period: Period, customer: Sym) -> Option<&CustomerRow> {
    find(ds.rows_in(period), customer)
}

#[cfg(test)]
mod tests {
    use super::super::customer_metrics;
    use super::super::fixture::{bid, cid, csv, load, load_text, p, Row, MANAGERS};
    use super::*;
    use proptest::prelude::*;

    fn cfg() -> Config {
        Config::default()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn pareto_top_share_and_lorenz() {
        // 11 retail customers in L with contributions 100, 90, …, 10 and −50.
        // n = 11 → top ceil(0.2 × 11) = ceil(2.2) = 3: 100 + 90 + 80 = 270.
        // Positive total = 100 + 90 + … + 10 = 550 (the −50 adds nothing) → 270 / 550.
        let mut rows: Vec<Row> = (1..=10).map(|i| Row::new("2026-10", &format!("R{i:02}")).contrib(10 * i)).collect();
        rows.push(Row::new("2026-10", "Z").contrib(-50));
        // Two corporate: 1,000 and 0 → top ceil(0.4) = 1 → 1,000 / 1,000 = 1.
        rows.push(Row::new("2026-10", "C1").corporate().contrib(1_000));
        rows.push(Row::new("2026-10", "C2").corporate().contrib(0));
        // A row in another period is not counted.
        rows.push(Row::new("2026-09", "R01").contrib(1_000_000));
        let ds = load(&rows, MANAGERS);
        let s = pareto(&ds, &cfg(), p("2026-10"), |_| true);
        let r = &s.retail;
        assert_eq!((r.customers, r.top_customers), (11, 3));
        assert_eq!((r.top_positive, r.total_positive), (270.0, 550.0));
        assert_eq!(r.share, Some(270.0 / 550.0));
        // Curve: 12 points, (0, 0), (1/11, 100/550), …, (1, 1); the last two are flat (Z adds 0).
        assert_eq!(r.curve.len(), 12);
        assert_eq!(r.curve[0], LorenzPoint { customers: 0.0, contribution: 0.0 });
        assert_eq!(r.curve[1], LorenzPoint { customers: 1.0 / 11.0, contribution: 100.0 / 550.0 });
        assert_eq!(r.curve[10].contribution, 1.0);
        assert_eq!(r.curve[11], LorenzPoint { customers: 1.0, contribution: 1.0 });
        assert_eq!((s.corporate.customers, s.corporate.top_customers, s.corporate.share), (2, 1, Some(1.0)));
        // Overall: n = 13 → top ceil(2.6) = 3: 1,000 + 100 + 90 = 1,190 of 1,550.
        assert_eq!((s.overall.customers, s.overall.top_customers), (13, 3));
        assert_eq!((s.overall.top_positive, s.overall.total_positive), (1_190.0, 1_550.0));
        // A branch subset.
        let b = pareto(&ds, &cfg(), p("2026-10"), |r| r.kind == Kind::Corporate);
        assert_eq!(b.overall.total_positive, 1_000.0);
    }

    #[test]
    fn pareto_ties_empty_and_no_positive() {
        // Ties at the cut by id: n = 5 → top 1; A and B both 100: A (lower id) is the top one.
        let items: Vec<(Sym, f64)> =
            vec![(Sym(0), 100.0), (Sym(1), 100.0), (Sym(2), 5.0), (Sym(3), 0.0), (Sym(4), -1.0)];
        let x = pareto_of(&items, 0.2);
        assert_eq!((x.top_customers, x.top_positive, x.total_positive), (1, 100.0, 205.0));
        assert_eq!(x.curve[1].contribution, 100.0 / 205.0);
        // No positive contribution: no share, no curve.
        let x = pareto_of(&[(Sym(0), -5.0), (Sym(1), 0.0)], 0.2);
        assert_eq!((x.share, x.curve.len()), (None, 0));
        let x = pareto_of(&[], 0.2);
        assert_eq!((x.customers, x.top_customers, x.share, x.curve.len()), (0, 0, None, 0));
    }

    #[test]
    fn lorenz_down_sampled() {
        // n = 1,000 equal contributions: 200 points, k_j = round(j × 1000 / 199), from (0, 0) to
        // (1, 1), strictly increasing, and on the diagonal.
        let items: Vec<(Sym, f64)> = (0..1_000).map(|i| (Sym(i), 1.0)).collect();
        let x = pareto_of(&items, 0.2);
        assert_eq!(x.curve.len(), LORENZ_MAX_POINTS);
        assert_eq!(x.curve[0], LorenzPoint { customers: 0.0, contribution: 0.0 });
        assert_eq!(x.curve[199], LorenzPoint { customers: 1.0, contribution: 1.0 });
        // j = 1: (1000 + 99) / 199 = 5 → (0.005, 0.005).
        assert_eq!(x.curve[1].customers, 0.005);
        assert!(x.curve.windows(2).all(|w| w[0].customers < w[1].customers));
        assert!(x.curve.iter().all(|pt| close(pt.customers, pt.contribution)));
        // top 200 of 1,000 = 0.2.
        assert_eq!(x.share, Some(0.2));
        // n = 199: all 200 points.
        let items: Vec<(Sym, f64)> = (0..199).map(|i| (Sym(i), 1.0)).collect();
        assert_eq!(pareto_of(&items, 0.2).curve.len(), 200);
    }

    #[test]
    fn loan_quality_by_class() {
        let rows = vec![
            Row::new("2026-10", "A").corporate().loan(1_000_000, "normal", ""),
            Row::new("2026-10", "B").corporate().loan(200_000, "special", ""),
            Row::new("2026-10", "C").corporate().loan(100_000, "substandard", ""),
            Row::new("2026-10", "D").corporate().loan(50_000, "doubtful", ""),
            Row::new("2026-10", "E").corporate().loan(10_000, "loss", ""),
            Row::new("2026-10", "F").loan(40_000, "", ""), // empty class → normal
            Row::new("2026-10", "G"),                      // no loan
            Row::new("2026-09", "A").corporate().loan(9_999_999, "loss", ""),
        ];
        let ds = load(&rows, MANAGERS);
        let q = loan_quality_in(&ds, &cfg(), p("2026-10"), |_| true);
        // normal 1,000,000 + 40,000 = 1,040,000; total 1,400,000; NPL 100,000 + 50,000 + 10,000
        // = 160,000 → 160,000 / 1,400,000 = 0.1142857…
        let y = |v: i64| Amount(v * 100);
        assert_eq!(q.balances.normal, y(1_040_000));
        assert_eq!(q.balances.special, y(200_000));
        assert_eq!(q.balances.loss, y(10_000));
        assert_eq!((q.total, q.npl, q.unclassified, q.borrowers), (y(1_400_000), y(160_000), y(40_000), 6));
        assert_eq!(q.npl_ratio, Some(160_000.0 / 1_400_000.0));
        // Provision: 1,040,000 × 0.01 = 10,400; 200,000 × 0.02 = 4,000; 100,000 × 0.25 = 25,000;
        // 50,000 × 0.50 = 25,000; 10,000 × 1.00 = 10,000 → 74,400.
        assert!(close(q.provision, 74_400.0), "{}", q.provision);
        // A branch / kind subset: retail only → F: 40,000 normal, provision 400, NPL ratio 0.
        let r = loan_quality_in(&ds, &cfg(), p("2026-10"), |r| r.kind == Kind::Retail);
        assert_eq!((r.total, r.npl_ratio), (y(40_000), Some(0.0)));
        assert!(close(r.provision, 400.0));
        // No loans: ratio None.
        let e = loan_quality(std::iter::empty(), &cfg().provision);
        assert_eq!((e.total, e.npl_ratio, e.provision), (Amount::ZERO, None, 0.0));
    }

    #[test]
    fn counts_by_group() {
        // Branch B1: A (vip), B (ordinary, MANAGER_LEFT 20 → none); branch B2: C (below_cost).
        // n = 3 retail: vip ≤ 1, key ≤ ceil(0.6) = 1.
        let rows = vec![
            Row::new("2026-10", "A").contrib(100),
            Row::new("2026-10", "B").contrib(10).manager("M2"),
            Row::new("2026-10", "C").contrib(-10).branch("B2"),
        ];
        let ds = load(&rows, MANAGERS);
        let m = customer_metrics(&ds, &cfg(), p("2026-10"));
        let all = counts(&ds, &m, |_| true);
        assert_eq!(all.customers, 3);
        assert_eq!(all.tiers, TierCounts { vip: 1, key: 0, ordinary: 1, below_cost: 1 });
        assert_eq!(all.levels, LevelCounts { none: 3, yellow: 0, orange: 0, red: 0 });
        assert_eq!(all.risk.normal, 3);
        let left = all.reasons.iter().find(|r| r.reason == Reason::ManagerLeft).map(|r| r.customers);
        assert_eq!(left, Some(1));
        assert_eq!(all.reasons.len(), 11);
        let b2 = bid(&ds, "B2");
        let g = Group::branch(b2);
        let c2 = counts(&ds, &m, |r| g.matches(r));
        assert_eq!((c2.customers, c2.tiers.below_cost, c2.tiers.vip), (1, 1, 0));
    }

    #[test]
    fn tier_migration_matrix() {
        // 2026-09 (n = 6; vip ≤ ceil(0.3) = 1, key ≤ ceil(1.2) = 2), s3 = that month:
        //   A 100 vip, B 90 key, L1 60, C 50, D 10 ordinary, E −5 below_cost.
        // 2026-10 (n = 6), s3 = mean of 09 and 10:
        //   A (100 + 0) / 2 = 50, B 90, C (50 + 250) / 2 = 150, D 10, E (−5 + 25) / 2 = 10,
        //   N1 500 → N1 vip, C key, B, A, D, E (D/E tie at 10, D first) ordinary.
        // A vip→ordinary, B key→ordinary, C ordinary→key, D ordinary→ordinary,
        // E below_cost→ordinary, L1 ordinary→lost, N1 new→vip.
        let rows = vec![
            Row::new("2026-09", "A").contrib(100),
            Row::new("2026-09", "B").contrib(90),
            Row::new("2026-09", "C").contrib(50),
            Row::new("2026-09", "D").contrib(10),
            Row::new("2026-09", "E").contrib(-5),
            Row::new("2026-09", "L1").contrib(60).branch("B2"),
            Row::new("2026-10", "A").contrib(0),
            Row::new("2026-10", "B").contrib(90),
            Row::new("2026-10", "C").contrib(250),
            Row::new("2026-10", "D").contrib(10),
            Row::new("2026-10", "E").contrib(25),
            Row::new("2026-10", "N1").contrib(500).branch("B2"),
        ];
        let ds = load(&rows, MANAGERS);
        let cur = customer_metrics(&ds, &cfg(), p("2026-10"));
        let mg = tier_migration(&ds, &cfg(), &cur, |_| true);
        use TierState::*;
        assert_eq!(mg.from, Some(p("2026-09")));
        let mut want = [[0usize; 6]; 6];
        for (f, t) in [
            (Vip, Ordinary),
            (Key, Ordinary),
            (Ordinary, Key),
            (Ordinary, Ordinary),
            (BelowCost, Ordinary),
            (Ordinary, Lost),
            (New, Vip),
        ] {
            want[f.index()][t.index()] += 1;
        }
        assert_eq!(mg.cells, want);
        assert_eq!(mg.get(Ordinary, Lost), 1);
        // Branch B2: L1 (lost, judged on its 09 row) and N1 (new).
        let g = Group::branch(bid(&ds, "B2"));
        let b = tier_migration(&ds, &cfg(), &cur, |r| g.matches(r));
        let total: usize = b.cells.iter().flatten().sum();
        assert_eq!((total, b.get(Ordinary, Lost), b.get(New, Vip)), (2, 1, 1));
        // No position before: everyone is new.
        let first = customer_metrics(&ds, &cfg(), p("2026-09"));
        let f = tier_migration(&ds, &cfg(), &first, |_| true);
        assert_eq!(
            (f.from, f.get(New, Vip), f.get(New, Key), f.get(New, Ordinary), f.get(New, BelowCost)),
            (None, 1, 1, 3, 1)
        );
        // The tier of C in 09 matches customer_metrics as of 09.
        assert_eq!(first.get(cid(&ds, "C")).map(|x| x.tier), Some(Tier::Ordinary));
    }

    #[test]
    fn cross_sell_depth_and_penetration() {
        let rows = vec![
            Row::new("2026-10", "R1").products("deposit;card;wealth"), // 3
            Row::new("2026-10", "R2").products("deposit"),             // 1
            Row::new("2026-10", "R3").products(""),                    // 0
            Row::new("2026-10", "C1").corporate().products("deposit;loan;ebank;settle"), // 4
            Row::new("2026-10", "C2").corporate().products("deposit;ebank"), // 2
            Row::new("2026-09", "R1").products("fx"),
        ];
        let ds = load(&rows, MANAGERS);
        let x = cross_sell(&ds, &cfg(), p("2026-10"), |_| true);
        // Depths 3, 1, 0, 4, 2: histogram [1, 1, 1, 1, 1]; mean 10 / 5 = 2; embedded (≥ 3) R1, C1
        // = 2 of 5 = 0.4.
        assert_eq!((x.customers, x.retail, x.corporate), (5, 3, 2));
        assert_eq!(x.histogram, vec![1, 1, 1, 1, 1]);
        assert_eq!((x.mean_depth, x.embedded, x.embedded_share), (Some(2.0), 2, Some(0.4)));
        let codes: Vec<&str> = x.products.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["card", "deposit", "ebank", "fx", "loan", "settle", "wealth"]);
        // deposit: R1, R2, C1, C2 → 4 / 5 = 0.8; retail 2 / 3; corporate 2 / 2 = 1.
        let d = &x.products[1];
        assert_eq!(
            (d.customers, d.share, d.retail, d.retail_share, d.corporate, d.corporate_share),
            (4, Some(0.8), 2, Some(2.0 / 3.0), 2, Some(1.0))
        );
        // fx: held only in 09 → 0.
        assert_eq!((x.products[3].customers, x.products[3].share), (0, Some(0.0)));
        // Embedded threshold from config: ≥ 2 → R1, C1, C2.
        let mut c = cfg();
        c.cross_sell.embedded_min_products = 2;
        assert_eq!(cross_sell(&ds, &c, p("2026-10"), |_| true).embedded, 3);
        // Empty group.
        let e = cross_sell(&ds, &cfg(), p("2026-10"), |_| false);
        assert_eq!((e.customers, e.histogram.len(), e.mean_depth, e.embedded_share), (0, 0, None, None));
    }

    #[test]
    fn industry_breakdown() {
        let rows = vec![
            Row::new("2026-10", "C1").corporate().industry("C").funds(1_000_000, 0).loan(500_000, "substandard", ""),
            Row::new("2026-10", "C2").corporate().industry("C").funds(200_000, 0).loan(300_000, "normal", ""),
            Row::new("2026-10", "C3").corporate().industry("F").funds(50_000, 0),
            Row::new("2026-10", "C4").corporate().funds(10_000, 0),
            Row::new("2026-10", "R1").industry("C").funds(999_999, 0), // retail: excluded
        ];
        let ds = load(&rows, MANAGERS);
        let v = industries(&ds, &cfg(), p("2026-10"), |_| true);
        assert_eq!(
            v.iter().map(|r| r.industry.map(Industry::letter)).collect::<Vec<_>>(),
            [Some('C'), Some('F'), None]
        );
        let c = &v[0];
        let y = |v: i64| Amount(v * 100);
        assert_eq!((c.customers, c.deposits, c.loans, c.npl), (2, y(1_200_000), y(800_000), y(500_000)));
        // NPL ratio 500,000 / 800,000 = 0.625.
        assert_eq!(c.npl_ratio, Some(0.625));
        // C1: 1,000,000 × 0.015 / 12 = 1,250; 500,000 × 0.025 / 12 = 1,041.67; − 200;
        //     − 500,000 × 0.10 / 12 = 4,166.67 → −2,075.
        // C2: 200,000 × 0.015 / 12 = 250; 300,000 × 0.025 / 12 = 625; − 200; − 300,000 × 0.01 / 12
        //     = 250 → 425.  Industry C: −2,075 + 425 = −1,650.
        assert!(close(c.contribution, -1_650.0), "{}", c.contribution);
        // F: 50,000 × 0.015 / 12 = 62.5 − 200 = −137.5; no loans → ratio None.
        assert_eq!((v[1].contribution, v[1].npl_ratio), (-137.5, None));
        // Unspecified: 10,000 × 0.015 / 12 = 12.5 − 200 = −187.5.
        assert_eq!((v[2].customers, v[2].contribution), (1, -187.5));
        assert!(serde_json::to_string(&v).expect("serializes").contains(r#""industry":"C""#));
    }

    #[test]
    fn headlines_mom_and_yoy() {
        // P = 2025-10, 2026-08, 2026-10.
        let rows = vec![
            Row::new("2025-10", "A").funds(100_000, 0),
            Row::new("2026-08", "A").funds(150_000, 0),
            Row::new("2026-08", "B").funds(50_000, 0).branch("B2"),
            Row::new("2026-10", "A").funds(200_000, 0),
            Row::new("2026-10", "B").funds(60_000, 0).branch("B2"),
            Row::new("2026-10", "C").loan(100_000, "doubtful", "").branch("B2"),
        ];
        let ds = load(&rows, MANAGERS);
        let h = headlines(&ds, &cfg(), p("2026-10"), |_| true);
        // 环比 base is the position before (2026-08), not the calendar month 2026-09.
        assert_eq!((h.mom_period, h.yoy_period), (Some(p("2026-08")), Some(p("2025-10"))));
        assert_eq!(h.customers, Headline { value: 3, mom: Some(2), yoy: Some(1) });
        let y = |v: i64| Amount(v * 100);
        assert_eq!(h.deposit_avg, Headline { value: y(260_000), mom: Some(y(200_000)), yoy: Some(y(100_000)) });
        assert_eq!(h.loan_balance.value, y(100_000));
        // NPL: doubtful 100,000 of 100,000 → 1; no loans in 08 → Some(None).
        assert_eq!(h.npl_ratio, Headline { value: Some(1.0), mom: Some(None), yoy: Some(None) });
        // Contribution 2026-10: A 200,000 × 0.015 / 12 − 5 = 245; B 60,000 → 75 − 5 = 70;
        // C 100,000 × 0.025 / 12 = 208.33 − 5 − 100,000 × 0.20 / 12 = 1,666.67 → −1,463.33.
        // Σ = 245 + 70 − 1,463.33 = −1,148.33…; 2026-08: 182.5 + 57.5 = 240; 2025-10: 120.
        let want = 245.0 + 70.0 + (100_000.0 * 0.025 / 12.0 - 5.0 - 100_000.0 * 0.2 / 12.0);
        assert!(close(h.contribution.value, want), "{}", h.contribution.value);
        assert_eq!(h.contribution.mom, Some(240.0));
        assert_eq!(h.contribution.yoy, Some(120.0));
        // Branch B2: 2 customers, 1 the position before, 0 a year before (period exists).
        let g = Group::branch(bid(&ds, "B2"));
        let b = headlines(&ds, &cfg(), p("2026-10"), |r| g.matches(r));
        assert_eq!(b.customers, Headline { value: 2, mom: Some(1), yoy: Some(0) });
        // As of 2026-08: 环比 is 2025-10 (the position before); 同比 2025-08 is not in P.
        let e = headlines(&ds, &cfg(), p("2026-08"), |_| true);
        assert_eq!((e.mom_period, e.yoy_period), (Some(p("2025-10")), None));
        assert_eq!(e.customers, Headline { value: 2, mom: Some(1), yoy: None });
        // First period: neither.
        let f = headlines(&ds, &cfg(), p("2025-10"), |_| true);
        assert_eq!((f.customers.mom, f.customers.yoy), (None, None));
        assert_eq!(growth(150.0, 100.0), Some(0.5));
        assert_eq!(growth(1.0, 0.0), None);
    }

    #[test]
    fn empty_dataset_everywhere() {
        let ds = Dataset::default();
        let c = cfg();
        let l = p("2026-10");
        let m = customer_metrics(&ds, &c, l);
        assert_eq!(counts(&ds, &m, |_| true).customers, 0);
        assert_eq!(pareto(&ds, &c, l, |_| true).overall.share, None);
        assert_eq!(loan_quality_in(&ds, &c, l, |_| true).npl_ratio, None);
        assert_eq!(tier_migration(&ds, &c, &m, |_| true).cells, [[0; 6]; 6]);
        assert_eq!(cross_sell(&ds, &c, l, |_| true).customers, 0);
        assert!(industries(&ds, &c, l, |_| true).is_empty());
        let h = headlines(&ds, &c, l, |_| true);
        assert_eq!((h.customers.value, h.mom_period, h.yoy_period), (0, None, None));
    }

    /// Every output of this module and of `customer_metrics`, as JSON (f64 printed exactly).
    fn everything(ds: &Dataset) -> String {
        let c = cfg();
        let mut out = Vec::new();
        for &q in &ds.periods {
            let m = customer_metrics(ds, &c, q);
            let b1 = ds.branch_ids.get("B1");
            let g = Group { branch: b1, kind: None };
            out.push(serde_json::to_string(&m).expect("json"));
            out.push(serde_json::to_string(&counts(ds, &m, |r| g.matches(r))).expect("json"));
            out.push(serde_json::to_string(&pareto(ds, &c, q, |_| true)).expect("json"));
            out.push(serde_json::to_string(&loan_quality_in(ds, &c, q, |r| g.matches(r))).expect("json"));
            out.push(serde_json::to_string(&tier_migration(ds, &c, &m, |_| true)).expect("json"));
            out.push(serde_json::to_string(&cross_sell(ds, &c, q, |_| true)).expect("json"));
            out.push(serde_json::to_string(&industries(ds, &c, q, |_| true)).expect("json"));
            out.push(serde_json::to_string(&headlines(ds, &c, q, |r| g.matches(r))).expect("json"));
        }
        out.join("\n")
    }

    fn arb_row(q: &'static str, id: String) -> impl Strategy<Value = Row> {
        (
            (any::<bool>(), 0usize..3, 0usize..5, 0i64..2_000_000, 0i64..2_000_000, 0i64..500_000, -5_000i64..20_000),
            (
                0u32..40,
                0u32..64,
                0usize..7,
                0u32..200,
                proptest::option::of(0u32..300),
                proptest::option::of(0u32..4),
                proptest::option::of(0u8..20),
            ),
        )
            .prop_map(
                move |((corp, br, mg, dep, loan, aum, fee), (txn, prods, class, overdue, contact, compl, ind))| {
                    let mut r = Row::new(q, &id).funds(dep, aum).txn(txn);
                    if corp {
                        r = r.corporate();
                    }
                    r.fee = fee;
                    r.branch = ["B1", "B2", "B3"][br].into();
                    r.manager = ["M1", "M2", "MX", "", "M1"][mg].into();
                    let codes = ["deposit", "card", "wealth", "ebank", "loan", "fx"];
                    r.products = codes
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| prods & (1 << i) != 0)
                        .map(|(_, c)| *c)
                        .collect::<Vec<_>>()
                        .join(";");
                    let classes = ["", "normal", "special", "substandard", "doubtful", "loss", "normal"];
                    if loan % 3 != 0 {
                        r = r.loan(loan, classes[class], &overdue.to_string());
                    }
                    r.contact = contact.map_or(String::new(), |d| {
                        let base = crate::model::Date::parse("2026-02-01").expect("valid date");
                        crate::model::Date(base.0 + d as i32).to_string()
                    });
                    r.complaints = compl.map_or(String::new(), |c| c.to_string());
                    if corp {
                        r.industry = ind.map_or(String::new(), |i| char::from(b'A' + i).to_string());
                    }
                    r
                },
            )
    }

    fn arb_rows() -> impl Strategy<Value = Vec<Row>> {
        let periods: [&'static str; 5] = ["2025-06", "2026-05", "2026-06", "2026-08", "2026-09"];
        proptest::collection::vec(proptest::collection::vec(any::<bool>(), 5), 1..14).prop_flat_map(move |present| {
            let mut strategies = Vec::new();
            for (i, ps) in present.iter().enumerate() {
                for (j, &here) in ps.iter().enumerate() {
                    if here || j == 4 && i % 3 == 0 {
                        strategies.push(arb_row(periods[j], format!("K{i:02}")));
                    }
                }
            }
            strategies
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Shuffling the lines of customers.csv and managers.csv changes nothing.
        #[test]
        fn independent_of_input_row_order(rows in arb_rows(), seed in any::<u64>()) {
            let managers_lines = ["M1,Wang,B1,senior,2018-01-01,active,", "M2,Li,B2,junior,2018-01-01,left,",
                "M2,Li,B2,junior,2018-01-01,active,2026-05"];
            let managers = |order: &[usize]| {
                let mut s = String::from("manager_id,name,branch_id,grade,hire_date,status,period\n");
                for &i in order {
                    s.push_str(managers_lines[i]);
                    s.push('\n');
                }
                s
            };
            let a = load_text(&csv(&rows), &managers(&[0, 1, 2]));
            // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
            let mut shuffled = rows.clone();
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let j = (x >> 33) as usize % (i + 1);
                shuffled.swap(i, j);
            }
            let b = load_text(&csv(&shuffled), &managers(&[2, 0, 1]));
            prop_assert_eq!(everything(&a), everything(&b));
        }
    }
}
