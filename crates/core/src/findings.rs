//! Findings of an analysis that no single row shows (docs/data-contract.md, "Findings"): the
//! signals switched off because the export lacks their column, and a period without targets.
//! They need `L` or the whole dataset, so they are computed with the [`crate::summary::Analysis`],
//! not by the loader; `check`, `score`, `build` (the data-quality and methodology pages) and
//! the explorer show them.

use branchlens_i18n::{Lang, Msg};

use crate::metrics::performance::{PerformanceReport, TargetSource};
use crate::model::{ColumnsPresent, Dataset, OptionalColumn, Period};

/// A rule or figure that is off because the export has no column for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SwitchedOff {
    /// `NO_CONTACT90`/`NO_CONTACT180`, without last_contact.
    NoContact,
    /// `COMPLAINTS1`/`COMPLAINTS3`, without complaints.
    Complaints,
    /// The risk-class rules on overdue days, without overdue_days.
    OverdueRules,
    /// The risk-class rules on the loan class, and loan quality by class, without loan_class.
    LoanClass,
    /// The industry breakdown, without industry.
    Industries,
}

impl SwitchedOff {
    pub const ALL: [SwitchedOff; 5] = [
        SwitchedOff::NoContact,
        SwitchedOff::Complaints,
        SwitchedOff::OverdueRules,
        SwitchedOff::LoanClass,
        SwitchedOff::Industries,
    ];

    /// The column whose absence switches it off.
    pub fn column(self) -> OptionalColumn {
        match self {
            SwitchedOff::NoContact => OptionalColumn::LastContact,
            SwitchedOff::Complaints => OptionalColumn::Complaints,
            SwitchedOff::OverdueRules => OptionalColumn::OverdueDays,
            SwitchedOff::LoanClass => OptionalColumn::LoanClass,
            SwitchedOff::Industries => OptionalColumn::Industry,
        }
    }

    /// A stable short code (for JSON and the explorer's message keys).
    pub fn code(self) -> &'static str {
        match self {
            SwitchedOff::NoContact => "no_contact",
            SwitchedOff::Complaints => "complaints",
            SwitchedOff::OverdueRules => "overdue_rules",
            SwitchedOff::LoanClass => "loan_class",
            SwitchedOff::Industries => "industries",
        }
    }

    /// What is off and why, in `lang` (names the column).
    pub fn message(self, lang: Lang) -> String {
        let m = match self {
            SwitchedOff::NoContact => Msg::OffNoContact,
            SwitchedOff::Complaints => Msg::OffComplaints,
            SwitchedOff::OverdueRules => Msg::OffOverdueRules,
            SwitchedOff::LoanClass => Msg::OffLoanClass,
            SwitchedOff::Industries => Msg::OffIndustries,
        };
        m.fill(lang, &[("column", &self.column().name())])
    }
}

/// What is switched off with the columns `present`, in the order of [`SwitchedOff::ALL`].
pub fn switched_off(present: ColumnsPresent) -> Vec<SwitchedOff> {
    SwitchedOff::ALL.into_iter().filter(|s| !present.has(s.column())).collect()
}

/// A finding of the analysis of `L`.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// A signal or figure is off (its column is absent from customers.csv).
    SwitchedOff(SwitchedOff),
    /// managers.csv has dated rows but none for `L`, and no undated targets either: no manager
    /// has targets for `L`, so no score is computed.
    NoTargetsFor { period: Period },
}

impl Finding {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Finding::SwitchedOff(s) => s.message(lang),
            Finding::NoTargetsFor { period } => Msg::FindingNoTargets.fill(lang, &[("period", period)]),
        }
    }
}

/// The findings of the analysis of `L = period`: what is switched off, then a period without
/// targets.
pub fn findings(ds: &Dataset, performance: &PerformanceReport, period: Period) -> Vec<Finding> {
    let mut out: Vec<Finding> = switched_off(ds.columns).into_iter().map(Finding::SwitchedOff).collect();
    let dated = ds.managers.iter().any(|r| r.period.is_some());
    let for_l = ds.managers.iter().any(|r| r.period == Some(period));
    let none_has_targets = performance.managers.iter().all(|m| m.state.targets_source == TargetSource::None);
    if dated && !for_l && none_has_targets && !ds.managers.is_empty() {
        out.push(Finding::NoTargetsFor { period });
    }
    out
}
