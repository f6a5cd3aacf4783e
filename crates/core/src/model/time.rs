//! Time: [`Period`] (a month) and [`Date`] (a calendar day), their parsing from the forms bank
//! exports use, and the calendar arithmetic behind them.

use std::fmt;

use serde::Serialize;

/// A month, stored as `year * 12 + (month - 1)`; formatted `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period(pub u32);

impl Period {
    /// `Period::new(2026, 10)` is October 2026. `None` when the month is not 1..=12 or the
    /// year is outside 1900..=9999.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return None;
        }
        Some(Period(year as u32 * 12 + (month - 1)))
    }
    pub fn year(self) -> i32 {
        (self.0 / 12) as i32
    }
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }
    /// The same month one year earlier.
    pub fn year_before(self) -> Option<Period> {
        self.0.checked_sub(12).map(Period)
    }
    /// The previous calendar month.
    pub fn month_before(self) -> Option<Period> {
        self.0.checked_sub(1).map(Period)
    }
    /// First day of the month.
    pub fn first_day(self) -> Date {
        Date::from_ymd_unchecked(self.year(), self.month(), 1)
    }
    /// Last day of the month.
    pub fn last_day(self) -> Date {
        Date::from_ymd_unchecked(self.year(), self.month(), days_in_month(self.year(), self.month()))
    }
    /// Parses `YYYY-MM` (also `YYYY/MM` and `YYYYMM`, common in bank exports).
    pub fn parse(s: &str) -> Option<Period> {
        Period::parse_bytes(s.trim().as_bytes())
    }
    /// [`Period::parse`] on already trimmed bytes.
    pub fn parse_bytes(b: &[u8]) -> Option<Period> {
        let (y, m) = match b.len() {
            7 if b[4] == b'-' || b[4] == b'/' => (&b[..4], &b[5..7]),
            6 => (&b[..4], &b[4..6]),
            _ => return None,
        };
        Period::new(parse_digits(y)? as i32, parse_digits(m)?)
    }
    /// A period column's value: a period ([`Period::parse_bytes`]) or a full date
    /// ([`Date::parse_bytes`]), read as the month it falls in, so that a platform's 数据日期
    /// `20241231` is the period 2024-12. An impossible date (`20240230`) is neither.
    pub fn parse_or_date_bytes(b: &[u8]) -> Option<Period> {
        Period::parse_bytes(b).or_else(|| Date::parse_bytes(b).map(Date::period))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A calendar date as days since 1970-01-01 (proleptic Gregorian); formatted `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    /// `None` for an impossible date such as 2024-02-30, or a year outside 1900..=9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date::from_ymd_unchecked(year, month, day))
    }

    /// The date of (year, month 1..=12, day) without range checks (the sample generator counts
    /// days with it; loading uses [`Date::from_ymd`]).
    pub fn from_ymd_unchecked(year: i32, month: u32, day: u32) -> Date {
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// The month this date falls in.
    pub fn period(self) -> Period {
        let (y, m, _) = self.ymd();
        Period(y as u32 * 12 + (m - 1))
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYYMMDD`).
    pub fn parse(s: &str) -> Option<Date> {
        Date::parse_bytes(s.trim().as_bytes())
    }
    /// [`Date::parse`] on already trimmed bytes.
    pub fn parse_bytes(b: &[u8]) -> Option<Date> {
        let (y, m, d) = match b.len() {
            10 if (b[4] == b'-' && b[7] == b'-') || (b[4] == b'/' && b[7] == b'/') => (&b[..4], &b[5..7], &b[8..10]),
            8 => (&b[..4], &b[4..6], &b[6..8]),
            _ => return None,
        };
        Date::from_ymd(parse_digits(y)? as i32, parse_digits(m)?, parse_digits(d)?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month; 0 for an invalid month.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn parse_digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}
