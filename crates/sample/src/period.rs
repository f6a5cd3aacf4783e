//! The monthly periods of a generated bank (first and last day of each month, in the core's
//! day numbers) and the month-end seasonality of deposits.

use crate::SampleSpec;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) first_day: i32,
    pub(crate) last_day: i32,
}

/// Days since 1970-01-01 of a civil date (the core's calendar arithmetic).
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    branchlens_core::Date::from_ymd_unchecked(y, m, d).0
}

/// The `spec.months` consecutive periods ending at `spec.end_period`.
pub(crate) fn periods(spec: &SampleSpec) -> Vec<Period> {
    let months = spec.months.clamp(1, 1200) as i32;
    let (ey, em) = (spec.end_period.0, spec.end_period.1.clamp(1, 12) as i32);
    let end_index = ey * 12 + em - 1;
    (end_index - months + 1..=end_index)
        .map(|k| {
            let (year, month) = (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32);
            let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            let first_day = days_from_civil(year, month, 1);
            Period { year, month, first_day, last_day: days_from_civil(ny, nm, 1) - 1 }
        })
        .collect()
}

/// Month-end seasonality of average deposits.
pub(crate) fn season(corp: bool, month: u32) -> f64 {
    match (corp, month) {
        (true, 12) => 1.08,
        (true, 1) => 0.95,
        (true, 6) => 1.04,
        (false, 1 | 2) => 1.04,
        _ => 1.0,
    }
}

/// A period index that is never reached: a customer who stays, a manager who never leaves.
pub(crate) const NEVER: u16 = u16::MAX;
