//! The typed data model: periods, dates, amounts, enums, interned ids and the loaded dataset.
//!
//! Lean by design: a customer-month is one fixed-size [`CustomerRow`] (no `String` per cell);
//! every text value (ids, names, phones, grades) is interned once in an [`Interner`]. After
//! loading, every interner is renumbered in ascending string order, so comparing two [`Sym`]s
//! compares their strings: "ties break by customer_id ascending" is `a.customer < b.customer`.

use std::fmt;
use std::hash::BuildHasher;

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

/// Retail (对私/个人) or corporate (对公/公司).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Retail,
    Corporate,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Retail, Kind::Corporate];
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        if is("retail") || matches!(s, "对私" | "个人" | "零售") {
            Some(Kind::Retail)
        } else if is("corporate") || matches!(s, "对公" | "公司" | "企业") {
            Some(Kind::Corporate)
        } else {
            None
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Kind::Retail => "retail",
            Kind::Corporate => "corporate",
        }
    }
}

/// Five-level loan classification (五级分类), best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanClass {
    Normal,
    Special,
    Substandard,
    Doubtful,
    Loss,
}

impl LoanClass {
    pub const ALL: [LoanClass; 5] =
        [LoanClass::Normal, LoanClass::Special, LoanClass::Substandard, LoanClass::Doubtful, LoanClass::Loss];
    pub fn parse(s: &str) -> Option<LoanClass> {
        let s = s.trim();
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        Some(if is("normal") || is("pass") || s == "正常" {
            LoanClass::Normal
        } else if is("special") || is("special mention") || s == "关注" {
            LoanClass::Special
        } else if is("substandard") || s == "次级" {
            LoanClass::Substandard
        } else if is("doubtful") || s == "可疑" {
            LoanClass::Doubtful
        } else if is("loss") || s == "损失" {
            LoanClass::Loss
        } else {
            return None;
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            LoanClass::Normal => "normal",
            LoanClass::Special => "special",
            LoanClass::Substandard => "substandard",
            LoanClass::Doubtful => "doubtful",
            LoanClass::Loss => "loss",
        }
    }
    /// Non-performing: substandard, doubtful or loss.
    pub fn is_npl(self) -> bool {
        self >= LoanClass::Substandard
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A relationship manager's status (在岗/离岗).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Left,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("active") || matches!(s, "在岗" | "在职") {
            Some(Status::Active)
        } else if s.eq_ignore_ascii_case("left") || matches!(s, "离岗" | "离职") {
            Some(Status::Left)
        } else {
            None
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Left => "left",
        }
    }
}

/// GB/T 4754 industry section, stored as its letter `A`..=`T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Industry(pub u8);

impl Industry {
    pub fn parse(s: &str) -> Option<Industry> {
        let b = s.trim().as_bytes();
        match b {
            [c] if c.to_ascii_uppercase().is_ascii_uppercase() && (b'A'..=b'T').contains(&c.to_ascii_uppercase()) => {
                Some(Industry(c.to_ascii_uppercase()))
            }
            _ => None,
        }
    }
    pub fn letter(self) -> char {
        char::from(self.0)
    }
}

impl Serialize for Industry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(self.letter())
    }
}

/// An interned string; after [`Interner::finish`] ids are in ascending string order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Sym(pub u32);

impl Sym {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A string pool. During loading, ids are handed out in first-seen order; `finish` renumbers
/// them in ascending (byte-wise) string order and returns the old→new map.
///
/// All strings live in one arena (no allocation per string); the hash table stores only ids
/// and hashes the arena's text. The table is never iterated, so its seed cannot reach output.
#[derive(Clone, Default)]
pub struct Interner {
    arena: String,
    /// `(start, end)` of each id's text in `arena`.
    spans: Vec<(u32, u32)>,
    table: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner").field("len", &self.spans.len()).field("bytes", &self.arena.len()).finish()
    }
}

impl Interner {
    pub fn new() -> Interner {
        Interner::default()
    }
    fn text<'a>(arena: &'a str, spans: &[(u32, u32)], id: u32) -> &'a str {
        spans.get(id as usize).and_then(|&(a, b)| arena.get(a as usize..b as usize)).unwrap_or("")
    }
    pub fn intern(&mut self, s: &str) -> Sym {
        let hash = self.hasher.hash_one(s);
        let (arena, spans) = (&self.arena, &self.spans);
        if let Some(&id) = self.table.find(hash, |&id| Interner::text(arena, spans, id) == s) {
            return Sym(id);
        }
        let id = self.spans.len() as u32;
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        self.spans.push((start, self.arena.len() as u32));
        let (arena, spans, hasher) = (&self.arena, &self.spans, &self.hasher);
        self.table.insert_unique(hash, id, |&id| hasher.hash_one(Interner::text(arena, spans, id)));
        Sym(id)
    }
    pub fn get(&self, s: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&id| Interner::text(&self.arena, &self.spans, id) == s).map(|&id| Sym(id))
    }
    /// The text of `sym` ("" for an id this pool did not hand out).
    pub fn resolve(&self, sym: Sym) -> &str {
        Interner::text(&self.arena, &self.spans, sym.0)
    }
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    /// All strings, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &str)> + '_ {
        (0..self.spans.len() as u32).map(|i| (Sym(i), Interner::text(&self.arena, &self.spans, i)))
    }
    /// Renumbers in ascending string order. Returns `map` with `map[old] = new`.
    pub fn finish(&mut self) -> Vec<Sym> {
        let (arena, spans) = (&self.arena, &self.spans);
        // Sort by the first 16 bytes as one big-endian integer (no pointer chasing per
        // comparison), then by the whole string within each run of equal prefixes. Zero padding
        // orders a string before its extensions, so the prefix order never contradicts the
        // string order, and the strings are distinct: the order is total.
        let mut order: Vec<(u128, u32)> = (0..spans.len() as u32)
            .map(|id| {
                let s = Interner::text(arena, spans, id).as_bytes();
                let mut key = [0u8; 16];
                let n = s.len().min(16);
                key[..n].copy_from_slice(&s[..n]);
                (u128::from_be_bytes(key), id)
            })
            .collect();
        order.sort_unstable();
        for run in order.chunk_by_mut(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            run.sort_unstable_by(|a, b| Interner::text(arena, spans, a.1).cmp(Interner::text(arena, spans, b.1)));
        }
        let mut map = vec![Sym(0); order.len()];
        for (new, &(_, old)) in order.iter().enumerate() {
            map[old as usize] = Sym(new as u32);
        }
        self.spans = order.iter().map(|&(_, old)| self.spans[old as usize]).collect();
        // Same strings, same hashes: only the ids stored in the table change.
        for id in self.table.iter_mut() {
            *id = map[*id as usize].0;
        }
        map
    }
}

/// The set of product codes a customer holds, as a bit set over [`Dataset::products`]
/// (at most [`MAX_PRODUCTS`] distinct codes per dataset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProductSet(pub u64);

/// The most distinct product codes a dataset may hold.
pub const MAX_PRODUCTS: usize = 64;

impl ProductSet {
    pub fn contains(self, p: Sym) -> bool {
        p.0 < 64 && self.0 & (1 << p.0) != 0
    }
    pub fn insert(&mut self, p: Sym) {
        if p.0 < 64 {
            self.0 |= 1 << p.0;
        }
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Codes in `self` that are missing from `other`.
    pub fn minus(self, other: ProductSet) -> ProductSet {
        ProductSet(self.0 & !other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Sym> {
        (0..64u32).filter(move |i| self.0 & (1 << i) != 0).map(Sym)
    }
}

/// One customer in one period (a row of customers.csv).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CustomerRow {
    pub period: Period,
    /// Into [`Dataset::customer_ids`].
    pub customer: Sym,
    /// Into [`Dataset::text`]. Personal data.
    pub name: Sym,
    pub kind: Kind,
    /// Into [`Dataset::branch_ids`].
    pub branch: Sym,
    /// Into [`Dataset::manager_ids`]; `None` when empty (unassigned).
    pub manager: Option<Sym>,
    pub open_date: Date,
    pub deposit_avg: Amount,
    pub loan_balance: Amount,
    pub aum: Amount,
    pub fee_income: Amount,
    pub products: ProductSet,
    pub txn_count: u32,
    pub industry: Option<Industry>,
    pub loan_class: Option<LoanClass>,
    pub overdue_days: Option<u32>,
    pub last_contact: Option<Date>,
    pub complaints: Option<u32>,
    /// Into [`Dataset::text`]. Personal data.
    pub phone: Option<Sym>,
}

impl CustomerRow {
    /// The class used wherever a class is needed: a loan balance with an empty class counts as
    /// normal; no loan gives `None`.
    pub fn effective_loan_class(&self) -> Option<LoanClass> {
        if self.loan_balance.0 > 0 {
            Some(self.loan_class.unwrap_or(LoanClass::Normal))
        } else {
            None
        }
    }
    /// Funds: deposit_avg + aum.
    pub fn funds(&self) -> Amount {
        Amount(self.deposit_avg.0 + self.aum.0)
    }
}

/// Targets of a manager for a month (or undated).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    pub deposit: Option<Amount>,
    pub loan: Option<Amount>,
    pub fee: Option<Amount>,
    pub new_customers: Option<u32>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.deposit.is_none() && self.loan.is_none() && self.fee.is_none() && self.new_customers.is_none()
    }
}

/// One row of managers.csv.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ManagerRow {
    /// Into [`Dataset::manager_ids`].
    pub manager: Sym,
    /// Into [`Dataset::text`].
    pub name: Sym,
    pub branch: Sym,
    /// Into [`Dataset::text`].
    pub grade: Sym,
    pub hire_date: Date,
    pub status: Status,
    /// `None` for an undated row.
    pub period: Option<Period>,
    pub targets: Targets,
}

/// One row of credit_splits.csv: `share` of `customer` is credited to `manager`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Split {
    pub customer: Sym,
    pub manager: Sym,
    pub share: f64,
}

/// Everything loaded and validated. Invariants (established by [`crate::load::Loader`]):
/// - `periods` is sorted and distinct, and is exactly the set of periods in `customers`.
/// - `customers` is sorted by (period, customer) with no duplicate pair.
/// - `managers` is sorted by (manager, period) with undated rows first; no duplicate pair.
/// - `splits` is sorted by (customer, manager); the shares of each customer sum to 1 ± tolerance,
///   and every customer and manager they name exists.
/// - All interners are finished: `Sym` order is string order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub periods: Vec<Period>,
    pub customers: Vec<CustomerRow>,
    pub managers: Vec<ManagerRow>,
    pub splits: Vec<Split>,
    pub customer_ids: Interner,
    pub branch_ids: Interner,
    pub manager_ids: Interner,
    pub products: Interner,
    /// Names, phones, grades.
    pub text: Interner,
}

impl Dataset {
    /// The latest period, if any rows.
    pub fn latest(&self) -> Option<Period> {
        self.periods.last().copied()
    }
    /// Rows of one period (a contiguous, customer-sorted slice).
    pub fn rows_in(&self, p: Period) -> &[CustomerRow] {
        let start = self.customers.partition_point(|r| r.period < p);
        let end = self.customers.partition_point(|r| r.period <= p);
        &self.customers[start..end]
    }
    /// Index of `p` in `periods`.
    pub fn period_index(&self, p: Period) -> Option<usize> {
        self.periods.binary_search(&p).ok()
    }
    pub fn customer_id(&self, s: Sym) -> &str {
        self.customer_ids.resolve(s)
    }
    pub fn branch_id(&self, s: Sym) -> &str {
        self.branch_ids.resolve(s)
    }
    pub fn manager_id(&self, s: Sym) -> &str {
        self.manager_ids.resolve(s)
    }
    pub fn text(&self, s: Sym) -> &str {
        self.text.resolve(s)
    }
    /// Keeps only the periods up to and including `p` (rebuilding an earlier month's pack).
    pub fn truncate_to(&mut self, p: Period) {
        self.periods.retain(|&q| q <= p);
        self.customers.retain(|r| r.period <= p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_roundtrip() {
        let p = Period::parse("2026-10").expect("valid");
        assert_eq!(p.to_string(), "2026-10");
        assert_eq!(p.year_before().map(|p| p.to_string()).as_deref(), Some("2025-10"));
        assert_eq!(
            Period::parse("2026-01").and_then(Period::month_before).map(|p| p.to_string()).as_deref(),
            Some("2025-12")
        );
        assert_eq!(Period::parse("202610"), Some(p));
        assert_eq!(Period::parse("2026-13"), None);
        assert_eq!(Period::parse("2026-1"), None);
        assert_eq!(p.last_day().to_string(), "2026-10-31");
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
        assert_eq!(Date::parse("2024-02-30"), None);
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2000-02-29").map(|d| d.ymd()), Some((2000, 2, 29)));
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(Date::parse("20261031"), Date::parse("2026-10-31"));
        // 2026-10-31 minus 2026-08-02 = 29 (Aug rest) + 30 (Sep) + 31 (Oct) = 90 days
        let a = Date::parse("2026-08-02").expect("valid");
        let b = Date::parse("2026-10-31").expect("valid");
        assert_eq!(b.0 - a.0, 90);
        for d in (-800_000..2_900_000).step_by(997) {
            let (y, m, dd) = Date(d).ymd();
            if (1900..=9999).contains(&y) {
                assert_eq!(Date::from_ymd(y, m, dd), Some(Date(d)));
            }
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(Amount::parse("1,234,567.89"), Some(Amount(123_456_789)));
        assert_eq!(Amount::parse("-12.5"), Some(Amount(-1250)));
        assert_eq!(Amount::parse("0.005"), Some(Amount(1)));
        assert_eq!(Amount::parse("0.004"), Some(Amount(0)));
        assert_eq!(Amount::parse(".5"), Some(Amount(50)));
        assert_eq!(Amount::parse("7"), Some(Amount(700)));
        assert_eq!(Amount::parse("1,23"), None);
        assert_eq!(Amount::parse("12a"), None);
        assert_eq!(Amount::parse(""), None);
        assert_eq!(Amount::parse("-"), None);
        assert_eq!(Amount::parse("1e5"), None);
        assert_eq!(Amount::parse("99999999999999999999"), None);
        assert_eq!(Amount(-1250).to_string(), "-12.50");
    }

    #[test]
    fn interner_sorted_after_finish() {
        let mut i = Interner::new();
        let b = i.intern("b");
        let a = i.intern("a");
        let c = i.intern("c");
        assert_eq!(i.intern("b"), b);
        let map = i.finish();
        assert_eq!(map[a.index()], Sym(0));
        assert_eq!(map[b.index()], Sym(1));
        assert_eq!(map[c.index()], Sym(2));
        assert_eq!(i.resolve(Sym(2)), "c");
        assert_eq!(i.get("a"), Some(Sym(0)));
    }

    proptest::proptest! {
        /// The prefix-keyed sort of `finish` gives plain string order, also for strings that
        /// share their first 16 bytes, are prefixes of one another, are empty or hold NULs.
        #[test]
        fn interner_finish_is_string_order(
            words in proptest::collection::vec("(0123456789abcdef|客户){0,2}[a\\x00é]{0,3}", 0..40)
        ) {
            let mut i = Interner::new();
            let syms: Vec<Sym> = words.iter().map(|w| i.intern(w)).collect();
            let map = i.finish();
            let mut want: Vec<&str> = words.iter().map(String::as_str).collect();
            want.sort_unstable();
            want.dedup();
            proptest::prop_assert!(i.iter().map(|(_, s)| s).eq(want.iter().copied()));
            for (w, s) in words.iter().zip(syms) {
                proptest::prop_assert_eq!(i.resolve(map[s.index()]), w.as_str());
                proptest::prop_assert_eq!(i.get(w), Some(map[s.index()]));
            }
        }
    }

    #[test]
    fn enums_accept_chinese() {
        assert_eq!(Kind::parse("对公"), Some(Kind::Corporate));
        assert_eq!(Kind::parse("Retail"), Some(Kind::Retail));
        assert_eq!(LoanClass::parse("次级"), Some(LoanClass::Substandard));
        assert_eq!(Status::parse("离岗"), Some(Status::Left));
        assert_eq!(Industry::parse("c").map(Industry::letter), Some('C'));
        assert_eq!(Industry::parse("U"), None);
    }
}
