//! The relationship risk class (银企关系分类) of a borrower in `L`.

use serde::Serialize;

use crate::model::{CustomerRow, LoanClass};

/// Relationship risk class (银企关系分类), best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    Normal,
    Watch,
    Doubtful,
    Exit,
}

impl RiskClass {
    pub const ALL: [RiskClass; 4] = [RiskClass::Normal, RiskClass::Watch, RiskClass::Doubtful, RiskClass::Exit];
    pub fn code(self) -> &'static str {
        match self {
            RiskClass::Normal => "normal",
            RiskClass::Watch => "watch",
            RiskClass::Doubtful => "doubtful",
            RiskClass::Exit => "exit",
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The relationship risk class of the `L` row, worst rule first.
pub fn risk_class(row: &CustomerRow, funds_drop: Option<f64>, c: &crate::config::RiskConfig) -> RiskClass {
    let Some(class) = row.effective_loan_class() else {
        return RiskClass::Normal;
    };
    let overdue = row.overdue_days.unwrap_or(0);
    if class == LoanClass::Loss || (class == LoanClass::Doubtful && overdue > c.exit_doubtful_overdue_days) {
        RiskClass::Exit
    } else if matches!(class, LoanClass::Substandard | LoanClass::Doubtful) || overdue > c.doubtful_overdue_days {
        RiskClass::Doubtful
    } else if class == LoanClass::Special || overdue >= 1 || funds_drop.is_some_and(|d| d >= c.watch_funds_drop) {
        RiskClass::Watch
    } else {
        RiskClass::Normal
    }
}
