//! Findings of an analysis that no single row shows (docs/data-contract.md, "Absent columns"): the
//! signals switched off because the export lacks their column, and a period without targets.
//! They need `L` or the whole dataset, so they are computed with the [`crate::summary::Analysis`],
//! not by the loader; `check`, `score`, `build` (the data-quality and methodology pages) and
//! the explorer show them.

use branchlens_i18n::{Lang, Msg};

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
/// targets (managers.csv has dated rows, none for `L`, and no undated row: every manager's
/// targets are then [`TargetSource::None`](crate::metrics::performance::TargetSource::None)).
/// Needs only the dataset, so `check` shows the same findings as the pages.
pub fn findings(ds: &Dataset, period: Period) -> Vec<Finding> {
    let mut out: Vec<Finding> = switched_off(ds.columns).into_iter().map(Finding::SwitchedOff).collect();
    let dated = ds.managers.iter().any(|r| r.period.is_some());
    let targets = ds.managers.iter().any(|r| r.period.is_none() || r.period == Some(period));
    if dated && !targets {
        out.push(Finding::NoTargetsFor { period });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::load::{load, Inputs, LoadOptions};
    use crate::metrics::performance::{performance, TargetSource};

    const CUSTOMERS: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,\
                             aum,fee_income,products,txn_count\n\
                             2024-01,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n\
                             2024-02,C1,n,retail,B01,M01,2020-01-01,1,0,0,0,,0\n";
    const MANAGERS_HEAD: &str = "manager_id,name,branch_id,grade,hire_date,status";

    fn ds(customers: &str, managers: &str) -> Dataset {
        let inputs =
            Inputs { customers: customers.as_bytes(), managers: managers.as_bytes(), credit_splits: None::<&[u8]> };
        load(inputs, &LoadOptions::default()).expect("loads").dataset
    }

    fn period(s: &str) -> Period {
        Period::parse(s).expect("period")
    }

    #[test]
    fn absent_columns_switch_their_signals_off_in_a_fixed_order() {
        // The customers above have none of the optional columns: all five are off.
        let managers = format!("{MANAGERS_HEAD}\nM01,王芳,B01,senior,2015-03-01,active\n");
        let d = ds(CUSTOMERS, &managers);
        assert_eq!(switched_off(d.columns), SwitchedOff::ALL.to_vec());
        assert_eq!(
            SwitchedOff::NoContact.message(Lang::En),
            "NO_CONTACT90/NO_CONTACT180 are off: customers.csv has no last_contact column (an absent column is not \
             an empty cell: nobody is flagged for it)"
        );
        // With last_contact and complaints (even empty cells), those two are on.
        let with =
            CUSTOMERS.replacen("txn_count\n", "txn_count,last_contact,complaints\n", 1).replace(",,0\n", ",,0,,\n");
        let d = ds(&with, &managers);
        let off = switched_off(d.columns);
        assert_eq!(off, [SwitchedOff::OverdueRules, SwitchedOff::LoanClass, SwitchedOff::Industries]);
        assert!(switched_off(ColumnsPresent::ALL).is_empty());
    }

    #[test]
    fn a_period_without_targets_is_a_finding_exactly_when_no_manager_has_targets() {
        let cfg = Config::default();
        let cases = [
            // (managers rows, L, finding expected)
            ("period,manager_id,name,branch_id,grade,hire_date,status\n2024-01,M01,王芳,B01,senior,2015-03-01,active", "2024-02", true),
            ("period,manager_id,name,branch_id,grade,hire_date,status\n2024-01,M01,王芳,B01,senior,2015-03-01,active", "2024-01", false),
            // An undated row gives targets in every period.
            ("period,manager_id,name,branch_id,grade,hire_date,status\n2024-01,M01,王芳,B01,senior,2015-03-01,active\n,M02,李明,B01,junior,2019-03-01,active", "2024-02", false),
            // Without a period column: undated targets, never the finding.
            ("manager_id,name,branch_id,grade,hire_date,status\nM01,王芳,B01,senior,2015-03-01,active", "2024-02", false),
        ];
        for (managers, l, expected) in cases {
            let d = ds(CUSTOMERS, &format!("{managers}\n"));
            let l = period(l);
            let got = findings(&d, l).contains(&Finding::NoTargetsFor { period: l });
            assert_eq!(got, expected, "{managers} in {l}");
            // When it is reported, the performance pass finds no manager with targets either.
            // (Not conversely: there a manager without customers in `L`, such as M02, is not
            // scored, but it still has targets.)
            let none = performance(&d, &cfg, l).managers.iter().all(|m| m.state.targets_source == TargetSource::None);
            assert!(!got || none, "{managers} in {l}");
        }
        let f = Finding::NoTargetsFor { period: period("2024-02") };
        assert_eq!(
            f.message(Lang::En),
            "managers.csv has a period column but no row for 2024-02: no manager has targets for 2024-02, so scores \
             are not computed"
        );
        assert!(f.message(Lang::ZhCn).starts_with("managers.csv 有期间列，但没有 2024-02 的行"));
    }
}
