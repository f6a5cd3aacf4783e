//! Churn early warning (流失预警): the reason codes and their set, the warning levels, and the
//! rules that fire the signals of one customer-month.

use serde::{Serialize, Serializer};

use super::windows::Baseline;
use super::Tier;
use crate::model::{ColumnsPresent, CustomerRow, OptionalColumn, Period, Status};

/// Churn warning level (预警等级).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    None,
    Yellow,
    Orange,
    Red,
}

impl WarningLevel {
    pub const ALL: [WarningLevel; 4] =
        [WarningLevel::None, WarningLevel::Yellow, WarningLevel::Orange, WarningLevel::Red];
    pub fn code(self) -> &'static str {
        match self {
            WarningLevel::None => "none",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        }
    }
    /// The level of a (capped) point total.
    pub fn from_points(points: u32, c: &crate::config::ChurnConfig) -> WarningLevel {
        if points >= c.level_red {
            WarningLevel::Red
        } else if points >= c.level_orange {
            WarningLevel::Orange
        } else if points >= c.level_yellow {
            WarningLevel::Yellow
        } else {
            WarningLevel::None
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A churn reason code, in the order of docs/metrics.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    Funds30,
    Funds60,
    Txn0,
    Txn50,
    ProductLost,
    NoContact90,
    NoContact180,
    ManagerLeft,
    Unassigned,
    Complaints1,
    Complaints3,
}

impl Reason {
    /// All codes in the order of docs/metrics.md (the order of [`Reasons::codes`]).
    pub const ALL: [Reason; 11] = [
        Reason::Funds30,
        Reason::Funds60,
        Reason::Txn0,
        Reason::Txn50,
        Reason::ProductLost,
        Reason::NoContact90,
        Reason::NoContact180,
        Reason::ManagerLeft,
        Reason::Unassigned,
        Reason::Complaints1,
        Reason::Complaints3,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Reason::Funds30 => "FUNDS30",
            Reason::Funds60 => "FUNDS60",
            Reason::Txn0 => "TXN0",
            Reason::Txn50 => "TXN50",
            Reason::ProductLost => "PRODUCT_LOST",
            Reason::NoContact90 => "NO_CONTACT90",
            Reason::NoContact180 => "NO_CONTACT180",
            Reason::ManagerLeft => "MANAGER_LEFT",
            Reason::Unassigned => "UNASSIGNED",
            Reason::Complaints1 => "COMPLAINTS1",
            Reason::Complaints3 => "COMPLAINTS3",
        }
    }
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == s)
    }
    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A set of churn reasons (bit i = `Reason::ALL[i]`). Serializes as the list of codes, in the order of
/// docs/metrics.md.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Reasons(pub u16);

impl Reasons {
    pub fn insert(&mut self, r: Reason) {
        self.0 |= r.bit();
    }
    pub fn contains(self, r: Reason) -> bool {
        self.0 & r.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    /// The reasons in the order of docs/metrics.md.
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |r| self.contains(*r))
    }
    /// The codes in the order of docs/metrics.md.
    pub fn codes(self) -> impl Iterator<Item = &'static str> {
        self.iter().map(Reason::code)
    }
    /// The codes `|`-joined, in the order of docs/metrics.md (the `churn_reasons` column); empty when none.
    pub fn join(self) -> String {
        self.joined("|")
    }
    /// The codes joined with `sep`.
    pub fn joined(self, sep: &str) -> String {
        let mut s = String::new();
        for (i, c) in self.codes().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(c);
        }
        s
    }
}

impl FromIterator<Reason> for Reasons {
    fn from_iter<I: IntoIterator<Item = Reason>>(iter: I) -> Reasons {
        let mut r = Reasons::default();
        for x in iter {
            r.insert(x);
        }
        r
    }
}

impl Serialize for Reasons {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The churn signals of one customer-month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Churn {
    pub(super) points: u32,
    pub(super) reasons: Reasons,
}

impl Churn {
    fn fire(&mut self, r: Reason, points: u32) {
        self.reasons.insert(r);
        self.points = self.points.saturating_add(points);
    }
}

/// Inputs of the churn rules that are not on the `L` row.
pub(super) struct ChurnInputs<'r> {
    pub(super) tier: Tier,
    pub(super) baseline: Baseline,
    pub(super) funds_drop: Option<f64>,
    pub(super) prev_row: Option<&'r CustomerRow>,
    pub(super) complaints: u64,
    /// `Some(status)` when the manager is known in `L`; `None` when unknown or empty.
    pub(super) manager_status: Option<Status>,
    /// The optional columns of the export: `NO_CONTACT*` needs last_contact, `COMPLAINTS*`
    /// needs complaints; without the column the signal is off (never fired).
    pub(super) columns: ColumnsPresent,
}

pub(super) fn churn(row: &CustomerRow, l: Period, x: &ChurnInputs<'_>, c: &crate::config::ChurnConfig) -> Churn {
    let mut ch = Churn::default();
    // FUNDS30 / FUNDS60.
    if let Some(drop) = x.funds_drop {
        if drop >= c.funds_drop_2 {
            ch.fire(Reason::Funds60, c.funds_drop_2_points);
        } else if drop >= c.funds_drop_1 {
            ch.fire(Reason::Funds30, c.funds_drop_1_points);
        }
    }
    // TXN0 / TXN50.
    if x.baseline.rows > 0 {
        let t_prev = x.baseline.txn as f64 / f64::from(x.baseline.rows);
        if t_prev >= c.txn_min_baseline {
            if row.txn_count == 0 {
                ch.fire(Reason::Txn0, c.txn_zero_points);
            } else if f64::from(row.txn_count) <= c.txn_half_ratio * t_prev {
                ch.fire(Reason::Txn50, c.txn_half_points);
            }
        }
    }
    // PRODUCT_LOST.
    if let Some(prev) = x.prev_row {
        if !prev.products.minus(row.products).is_empty() {
            ch.fire(Reason::ProductLost, c.product_lost_points);
        }
    }
    // NO_CONTACT90 / NO_CONTACT180 (vip and key only; off without a last_contact column).
    if x.tier.is_valuable() && x.columns.has(OptionalColumn::LastContact) {
        let days = row.last_contact.map(|d| i64::from(l.last_day().0) - i64::from(d.0));
        match days {
            None => ch.fire(Reason::NoContact180, c.no_contact_2_points),
            Some(d) if d > i64::from(c.no_contact_days_2) => ch.fire(Reason::NoContact180, c.no_contact_2_points),
            Some(d) if d > i64::from(c.no_contact_days_1) => ch.fire(Reason::NoContact90, c.no_contact_1_points),
            Some(_) => {}
        }
    }
    // MANAGER_LEFT / UNASSIGNED (vip and key only).
    match x.manager_status {
        Some(Status::Left) => ch.fire(Reason::ManagerLeft, c.manager_left_points),
        Some(Status::Active) => {}
        None if x.tier.is_valuable() => ch.fire(Reason::Unassigned, c.unassigned_points),
        None => {}
    }
    // COMPLAINTS1 / COMPLAINTS3 (off without a complaints column).
    let complaints = if x.columns.has(OptionalColumn::Complaints) { x.complaints } else { 0 };
    if complaints >= u64::from(c.complaints_2) {
        ch.fire(Reason::Complaints3, c.complaints_2_points);
    } else if complaints >= u64::from(c.complaints_1) {
        ch.fire(Reason::Complaints1, c.complaints_1_points);
    }
    ch.points = ch.points.min(c.cap);
    ch
}
