//! [`Amount`]: money in exact fen, its parsing from decimal text and its display.

use std::fmt;

use serde::Serialize;

/// An amount of money in fen (0.01 CNY): exact, so sums do not depend on order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

impl Amount {
    pub const ZERO: Amount = Amount(0);
    /// The amount in yuan as a float, for rate arithmetic.
    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
    /// Parses a plain decimal: optional sign, digits with optional `,` thousands separators,
    /// optional fraction. More than two decimals are rounded half away from zero to fen.
    /// Also accepts a trailing `元`-free plain form only; currency symbols are rejected.
    pub fn parse(s: &str) -> Option<Amount> {
        Amount::parse_bytes(s.trim().as_bytes())
    }
    /// [`Amount::parse`] on already trimmed bytes.
    pub fn parse_bytes(s: &[u8]) -> Option<Amount> {
        let (neg, digits) = match s.first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match digits.iter().position(|&c| c == b'.') {
            Some(i) => (&digits[..i], &digits[i + 1..]),
            None => (digits, &digits[digits.len()..]),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        // Thousands separators: groups of exactly three digits after the first.
        let mut whole: i64 = 0;
        if int.contains(&b',') {
            let mut groups = int.split(|&c| c == b',');
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 {
                return None;
            }
            whole = parse_i64_digits(first)?;
            for g in groups {
                if g.len() != 3 {
                    return None;
                }
                whole = whole.checked_mul(1000)?.checked_add(parse_i64_digits(g)?)?;
            }
        } else if !int.is_empty() {
            whole = parse_i64_digits(int)?;
        }
        if !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let d = |i: usize| frac.get(i).map_or(0, |c| i64::from(c - b'0'));
        let mut fen = d(0) * 10 + d(1);
        if d(2) >= 5 {
            fen += 1;
        }
        let v = whole.checked_mul(100)?.checked_add(fen)?;
        Some(Amount(if neg { -v } else { v }))
    }
}

fn parse_i64_digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.yuan())
    }
}

/// The unit amounts are written in: 元 (the contract's) or 万元 (10,000 元, common in bank
/// platform exports).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    #[default]
    Yuan,
    Wan,
}

impl AmountUnit {
    /// The config spelling: `yuan` or `wan`.
    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "yuan",
            AmountUnit::Wan => "wan",
        }
    }
}
