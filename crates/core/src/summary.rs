//! The analysis of one period and the machine-readable outputs built from it: the per-customer
//! score rows (`branchlens score`) and `summary.json`. Pure: callers serialize and write.

use serde::Serialize;

use crate::config::Config;
use crate::findings::{findings, Finding};
use crate::metrics::customer::{
    counts, customer_metrics, figures, headlines, loan_quality, pareto, tally, Counts, CustomerMetrics, Headlines,
    LoanQuality, Pareto, ParetoSet, RiskClass, Tier, TierCounts, WarningLevel,
};
use crate::metrics::groups::GroupFigures;
use crate::metrics::performance::{self, BranchPerf, ManagerPerf, PerformanceReport};
use crate::model::{Dataset, Kind, Period};

/// The `schema` value of `summary.json`; bumped on any incompatible change.
pub const SUMMARY_SCHEMA: &str = "branchlens.summary/1";

/// Every metric of one period, computed once.
#[derive(Clone, Debug)]
pub struct Analysis<'a> {
    pub ds: &'a Dataset,
    pub cfg: &'a Config,
    /// `L`.
    pub period: Period,
    /// Per-customer metrics of the customers present in `L`.
    pub customers: CustomerMetrics,
    /// Managers, branches and orphans in `L`.
    pub performance: PerformanceReport,
    /// What no row shows: signals switched off for want of a column, a period without targets.
    pub findings: Vec<Finding>,
}

/// Analyses `ds` as of `as_of` (rows after it are ignored).
pub fn analyze<'a>(ds: &'a Dataset, cfg: &'a Config, as_of: Period) -> Analysis<'a> {
    let performance = performance::performance(ds, cfg, as_of);
    Analysis {
        ds,
        cfg,
        period: as_of,
        customers: customer_metrics(ds, cfg, as_of),
        findings: findings(ds, as_of),
        performance,
    }
}

/// A text cell made safe from spreadsheet formula injection (OWASP "CSV injection"): `'` before
/// a leading `=`, `+`, `-`, `@`, tab or carriage return, so a spreadsheet shows the text instead
/// of evaluating it. Used for every text cell of an exported CSV (the score CSV's ids, the
/// explorer's call list).
pub fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{s}")),
        _ => std::borrow::Cow::Borrowed(s),
    }
}

/// One row of the score CSV: the columns and their order are a contract (docs/summary-json.md).
/// Id cells pass through [`spreadsheet_safe`] when written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreRow<'a> {
    pub period: Period,
    pub customer_id: &'a str,
    pub kind: Kind,
    pub branch_id: &'a str,
    /// Empty when the customer has no manager.
    pub manager_id: &'a str,
    pub contribution: f64,
    pub s3: f64,
    pub tier: Tier,
    pub rising: bool,
    pub churn_points: u32,
    pub churn_level: WarningLevel,
    /// Reason codes joined by `|`, in the order of the definitions.
    pub churn_reasons: String,
    pub risk_class: RiskClass,
}

/// The column names of [`ScoreRow`], in order.
pub const SCORE_COLUMNS: [&str; 13] = [
    "period",
    "customer_id",
    "kind",
    "branch_id",
    "manager_id",
    "contribution",
    "s3",
    "tier",
    "rising",
    "churn_points",
    "churn_level",
    "churn_reasons",
    "risk_class",
];

impl<'a> Analysis<'a> {
    /// The score rows of every customer present in `L`, by customer id.
    pub fn score_rows(&self) -> impl Iterator<Item = ScoreRow<'a>> + '_ {
        let ds = self.ds;
        self.customers.customers.iter().map(move |m| ScoreRow {
            period: self.period,
            customer_id: ds.customer_id(m.customer),
            kind: m.kind,
            branch_id: ds.branch_id(m.branch),
            manager_id: m.manager.map_or("", |s| ds.manager_id(s)),
            contribution: m.contribution,
            s3: m.s3,
            tier: m.tier,
            rising: m.rising,
            churn_points: m.churn_points,
            churn_level: m.churn_level,
            churn_reasons: m.reasons.join(),
            risk_class: m.risk_class,
        })
    }

    /// The figures of `summary.json`.
    pub fn summary(&self) -> Summary {
        let (ds, cfg, l) = (self.ds, self.cfg, self.period);
        let rows = ds.rows_in(l);
        let by_kind = |k: Kind| counts(ds, &self.customers, |r| r.kind == k);
        self.summary_from(Bank {
            headlines: headlines(ds, l, |q| figures(ds, cfg, q, |_| true)),
            counts: tally(&self.customers.customers),
            retail: by_kind(Kind::Retail),
            corporate: by_kind(Kind::Corporate),
            pareto: &pareto(cfg, l, rows),
            loans: loan_quality(rows, &cfg.provision),
        })
    }

    /// [`Analysis::summary`] from the bank's figures of the grouping pass
    /// ([`crate::metrics::groups::groups`] with these customer metrics), without computing
    /// them again.
    pub fn summary_of(&self, bank: &GroupFigures) -> Summary {
        self.summary_from(Bank {
            headlines: bank.headlines,
            counts: bank.counts.clone(),
            retail: bank.retail.clone(),
            corporate: bank.corporate.clone(),
            pareto: &bank.pareto,
            loans: bank.loans.clone(),
        })
    }

    fn summary_from(&self, bank: Bank<'_>) -> Summary {
        let p = bank.pareto;
        Summary {
            schema: SUMMARY_SCHEMA,
            period: self.period,
            periods: self.ds.periods.iter().copied().filter(|&q| q <= self.period).collect(),
            headlines: bank.headlines,
            counts: bank.counts,
            tiers_by_kind: TiersByKind { retail: bank.retail.tiers, corporate: bank.corporate.tiers },
            pareto: ParetoShares {
                overall: ParetoShare::from(&p.overall),
                retail: ParetoShare::from(&p.retail),
                corporate: ParetoShare::from(&p.corporate),
            },
            loan_quality: bank.loans,
            branches: self.performance.branches.clone(),
            managers: self.performance.managers.clone(),
            orphans: self.performance.orphans.len(),
        }
    }
}

/// The bank-wide figures of `summary.json`.
struct Bank<'a> {
    headlines: Headlines,
    counts: Counts,
    retail: Counts,
    corporate: Counts,
    pareto: &'a ParetoSet,
    loans: LoanQuality,
}

/// `summary.json`: bank-wide, per-branch and per-manager figures of `L`. Documented in
/// `docs/summary-json.md`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub period: Period,
    /// The periods of the data up to `period`.
    pub periods: Vec<Period>,
    /// Bank-wide headline figures with 环比 (`mom`) and 同比 (`yoy`) bases.
    pub headlines: Headlines,
    /// Tier, warning-level, risk-class, rising and reason counts over all customers in `L`.
    pub counts: Counts,
    pub tiers_by_kind: TiersByKind,
    pub pareto: ParetoShares,
    pub loan_quality: LoanQuality,
    pub branches: Vec<BranchPerf>,
    pub managers: Vec<ManagerPerf>,
    /// Customers whose manager left, is unknown or is empty.
    pub orphans: usize,
}

/// Tier counts per customer kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TiersByKind {
    pub retail: TierCounts,
    pub corporate: TierCounts,
}

/// The 20/80 share of one group (without the Lorenz curve).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ParetoShare {
    pub customers: usize,
    pub top_customers: usize,
    pub top_positive: f64,
    pub total_positive: f64,
    pub share: Option<f64>,
}

impl From<&Pareto> for ParetoShare {
    fn from(p: &Pareto) -> ParetoShare {
        ParetoShare {
            customers: p.customers,
            top_customers: p.top_customers,
            top_positive: p.top_positive,
            total_positive: p.total_positive,
            share: p.share,
        }
    }
}

/// Pareto shares overall and per kind.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ParetoShares {
    pub overall: ParetoShare,
    pub retail: ParetoShare,
    pub corporate: ParetoShare,
}
