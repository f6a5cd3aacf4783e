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

    /// [`Amount::parse`] of an amount written in `unit`: in 万元 the decimal is exact to the fen
    /// (up to 6 decimals; the 7th rounds half away from zero), `12.3456785` → 123456.79 元.
    pub fn parse_in(s: &str, unit: AmountUnit) -> Option<Amount> {
        Amount::parse_bytes_in(s.trim().as_bytes(), unit)
    }

    /// [`Amount::parse_in`] on already trimmed bytes.
    pub fn parse_bytes_in(s: &[u8], unit: AmountUnit) -> Option<Amount> {
        if unit == AmountUnit::Yuan {
            return Amount::parse_bytes(s);
        }
        // Read as yuan with the decimal point moved four places right: the digits after the
        // 4th decimal are the yuan amount's decimals, rounded by `parse_bytes`.
        let (sign, body) = match s.first()? {
            c @ (b'-' | b'+') => (Some(*c), &s[1..]),
            _ => (None, s),
        };
        let point = body.iter().position(|&c| c == b'.').unwrap_or(body.len());
        let (int, frac) = (&body[..point], body.get(point + 1..).unwrap_or_default());
        if (int.is_empty() && frac.is_empty()) || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if int.contains(&b',') {
            Amount::parse_bytes(int)?; // the separators are checked as in yuan
        }
        let mut moved = Vec::with_capacity(s.len() + 6);
        moved.extend(sign);
        moved.extend(int.iter().filter(|&&c| c != b','));
        let shift = frac.len().min(4);
        moved.extend_from_slice(&frac[..shift]);
        moved.extend(std::iter::repeat_n(b'0', 4 - shift));
        if frac.len() > 4 {
            moved.push(b'.');
            moved.extend_from_slice(&frac[4..]);
        }
        Amount::parse_bytes(&moved)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan_amounts_are_exact_to_the_fen() {
        let wan = |s: &str| Amount::parse_in(s, AmountUnit::Wan).map(|a| a.0);
        assert_eq!(wan("1"), Some(1_000_000));
        assert_eq!(wan("12.3456785"), Some(12_345_679)); // the 7th decimal rounds half away
        assert_eq!(wan("12.3456784"), Some(12_345_678));
        assert_eq!(wan("-12.3456785"), Some(-12_345_679));
        assert_eq!(wan("0.000001"), Some(1));
        assert_eq!(wan("0.0000005"), Some(1));
        assert_eq!(wan("0.0000004"), Some(0));
        assert_eq!(wan(".5"), Some(500_000));
        assert_eq!(wan("5."), Some(5_000_000));
        assert_eq!(wan("1,234.5"), Some(1_234_500_000));
        assert_eq!(wan("+3.25"), Some(3_250_000));
        for bad in ["", ".", "-", "1.2.3", "abc", "1,23", "1e5", "12,3456.7"] {
            assert_eq!(wan(bad), None, "{bad}");
        }
        // Yuan is `parse`.
        assert_eq!(Amount::parse_in("0.125", AmountUnit::Yuan), Amount::parse("0.125"));
    }
}
