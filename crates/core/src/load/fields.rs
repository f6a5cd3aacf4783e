//! Field parsing: [`Fields`], the typed access to the fields of one record by contract column,
//! with one function per type of value (periods, dates, counts, amounts, enums, shares), each
//! turning a bad value into its [`RowIssue`].

use super::header::{Column, HeaderMap};
use crate::issue::{clip, Accepted, FileRef, IssueKind, RowIssue};
use crate::model::{Amount, AmountUnit, Date, Industry, Kind, LoanClass, Period, Status};

/// Access to the fields of one record by contract column index.
pub(super) struct Fields<'a> {
    pub(super) file: &'a FileRef,
    pub(super) line: u64,
    pub(super) rec: &'a csv::ByteRecord,
    /// All fields of `rec` as text, when valid UTF-8.
    pub(super) text: Option<&'a str>,
    pub(super) map: &'a HeaderMap,
    pub(super) columns: &'a [Column],
    /// For a worksheet: the sheet column of field 0 (issues then name their cell).
    pub(super) first_col: Option<u32>,
}

/// A parse failure of one field: the issue to report (boxed: the hot path returns values).
pub(super) type FieldResult<T> = Result<T, Box<RowIssue>>;

impl Fields<'_> {
    /// The bytes of column `c` without surrounding ASCII whitespace (empty when absent).
    fn raw(&self, c: usize) -> &[u8] {
        self.map.index[c].and_then(|i| self.rec.get(i)).map_or(&[][..], <[u8]>::trim_ascii)
    }

    /// The trimmed text of column `c` (empty when the column is absent).
    pub(super) fn get(&self, c: usize) -> &str {
        let Some(i) = self.map.index[c] else { return "" };
        let field = match self.text {
            Some(text) => self.rec.range(i).and_then(|r| text.get(r)),
            None => self.rec.get(i).and_then(|f| std::str::from_utf8(f).ok()),
        };
        field.map_or("", trim)
    }

    pub(super) fn issue(&self, c: usize, value: &str, kind: IssueKind) -> RowIssue {
        let severity = kind.severity();
        let cell = self.first_col.zip(self.map.index[c]).and_then(|(first, i)| u16::try_from(first as usize + i).ok());
        RowIssue {
            file: self.file.clone(),
            line: self.line,
            cell,
            column: Some(self.columns[c].name),
            value: clip(value),
            kind,
            severity,
        }
    }

    /// [`Fields::issue`] as a field's failure.
    pub(super) fn bad(&self, c: usize, value: &str, kind: IssueKind) -> Box<RowIssue> {
        Box::new(self.issue(c, value, kind))
    }

    pub(super) fn required(&self, c: usize) -> FieldResult<&str> {
        let v = self.get(c);
        if v.is_empty() {
            Err(self.bad(c, v, IssueKind::MissingValue))
        } else {
            Ok(v)
        }
    }

    fn parse_req<T>(&self, c: usize, f: impl Fn(&str) -> Option<T>, bad: IssueKind) -> FieldResult<T> {
        let v = self.required(c)?;
        f(v).ok_or_else(|| self.bad(c, v, bad))
    }

    fn parse_opt<T>(&self, c: usize, f: impl Fn(&str) -> Option<T>, bad: IssueKind) -> FieldResult<Option<T>> {
        let v = self.get(c);
        if v.is_empty() {
            return Ok(None);
        }
        f(v).map(Some).ok_or_else(|| self.bad(c, v, bad))
    }

    /// Like `parse_req` for ASCII-only values (numbers, dates, periods): parses the raw bytes
    /// first (the hot path, no UTF-8 check) and falls back to the Unicode-trimmed text.
    fn parse_req_b<T>(&self, c: usize, f: impl Fn(&[u8]) -> Option<T>, bad: IssueKind) -> FieldResult<T> {
        match f(self.raw(c)) {
            Some(v) => Ok(v),
            None => self.parse_req(c, |s| f(s.as_bytes()), bad),
        }
    }

    /// Like `parse_opt` for ASCII-only values.
    fn parse_opt_b<T>(&self, c: usize, f: impl Fn(&[u8]) -> Option<T>, bad: IssueKind) -> FieldResult<Option<T>> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        match f(raw) {
            Some(v) => Ok(Some(v)),
            None => self.parse_opt(c, |s| f(s.as_bytes()), bad),
        }
    }

    // Typed values: one function per type of field, each with the issue a bad value gives.

    /// A required period (`YYYY-MM`, `YYYY/MM`, `YYYYMM`, or a full date: its month).
    pub(super) fn period(&self, c: usize) -> FieldResult<Period> {
        self.parse_req_b(c, Period::parse_or_date_bytes, IssueKind::BadPeriod)
    }

    /// An optional period.
    pub(super) fn opt_period(&self, c: usize) -> FieldResult<Option<Period>> {
        self.parse_opt_b(c, Period::parse_or_date_bytes, IssueKind::BadPeriod)
    }

    /// A required date (`YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`).
    pub(super) fn date(&self, c: usize) -> FieldResult<Date> {
        self.parse_req_b(c, Date::parse_bytes, IssueKind::BadDate)
    }

    /// An optional date.
    pub(super) fn opt_date(&self, c: usize) -> FieldResult<Option<Date>> {
        self.parse_opt_b(c, Date::parse_bytes, IssueKind::BadDate)
    }

    /// A required whole number ≥ 0 ([`parse_count`]).
    pub(super) fn count(&self, c: usize) -> FieldResult<u32> {
        self.parse_req_b(c, parse_count, IssueKind::BadInteger)
    }

    /// An optional whole number ≥ 0.
    pub(super) fn opt_count(&self, c: usize) -> FieldResult<Option<u32>> {
        self.parse_opt_b(c, parse_count, IssueKind::BadInteger)
    }

    // Enumerated values: the `[values.*]` map of the column first, then the built-in forms.

    /// A required customer kind (`map`, then [`Kind::parse`]).
    pub(super) fn kind(&self, c: usize, map: &ValueMap) -> FieldResult<Kind> {
        let bad = IssueKind::BadEnum { expected: Accepted::Kind };
        self.parse_req(c, |s| mapped(map, s, Kind::from_code, Kind::parse), bad)
    }

    /// A required manager status (`map`, then [`Status::parse`]).
    pub(super) fn status(&self, c: usize, map: &ValueMap) -> FieldResult<Status> {
        let bad = IssueKind::BadEnum { expected: Accepted::Status };
        self.parse_req(c, |s| mapped(map, s, Status::from_code, Status::parse), bad)
    }

    /// An optional industry section (`map`, then [`Industry::parse`]).
    pub(super) fn opt_industry(&self, c: usize, map: &ValueMap) -> FieldResult<Option<Industry>> {
        let bad = IssueKind::BadEnum { expected: Accepted::Industry };
        self.parse_opt(c, |s| mapped(map, s, Industry::from_code, Industry::parse), bad)
    }

    /// An optional five-level loan class (`map`, then [`LoanClass::parse`]).
    pub(super) fn opt_loan_class(&self, c: usize, map: &ValueMap) -> FieldResult<Option<LoanClass>> {
        let bad = IssueKind::BadEnum { expected: Accepted::LoanClass };
        self.parse_opt(c, |s| mapped(map, s, LoanClass::from_code, LoanClass::parse), bad)
    }

    /// A required credit-split share: a number in (0, 1].
    pub(super) fn share(&self, c: usize) -> FieldResult<f64> {
        let share = self.parse_req(c, |s| s.parse::<f64>().ok(), IssueKind::BadShare)?;
        if !(share > 0.0 && share <= 1.0) {
            return Err(self.bad(c, self.get(c), IssueKind::BadShare));
        }
        Ok(share)
    }

    /// A required amount (see [`Amount::parse`]), `non_negative` when it must not be below 0.
    pub(super) fn amount(&self, c: usize, non_negative: bool) -> FieldResult<Amount> {
        let a = match self.map.units[c] {
            AmountUnit::Yuan => self.parse_req_b(c, Amount::parse_bytes, IssueKind::BadNumber)?,
            unit => self.parse_req_b(c, |s| Amount::parse_bytes_in(s, unit), IssueKind::BadNumber)?,
        };
        if non_negative && a.is_negative() {
            return Err(self.bad(c, self.get(c), IssueKind::NegativeAmount));
        }
        self.plausible(c, a)
    }

    /// An optional amount ≥ 0.
    pub(super) fn opt_amount(&self, c: usize) -> FieldResult<Option<Amount>> {
        let a = match self.map.units[c] {
            AmountUnit::Yuan => self.parse_opt_b(c, Amount::parse_bytes, IssueKind::BadNumber)?,
            unit => self.parse_opt_b(c, |s| Amount::parse_bytes_in(s, unit), IssueKind::BadNumber)?,
        };
        if a.is_some_and(Amount::is_negative) {
            return Err(self.bad(c, self.get(c), IssueKind::NegativeAmount));
        }
        a.map(|a| self.plausible(c, a)).transpose()
    }

    /// `a` unless its size is beyond [`crate::issue::MAX_PLAUSIBLE_YUAN`].
    fn plausible(&self, c: usize, a: Amount) -> FieldResult<Amount> {
        if a.0.unsigned_abs() > crate::issue::MAX_PLAUSIBLE_YUAN.unsigned_abs() * 100 {
            return Err(self.bad(c, self.get(c), IssueKind::ImplausibleAmount));
        }
        Ok(a)
    }
}

/// One `[values.*]` map: a value as the file writes it → the contract value.
pub(super) type ValueMap = std::collections::BTreeMap<String, String>;

/// The value of the (trimmed) text `s`: through `map` when it has `s` as a key (its target is a
/// contract code, read by `code`; config validation sees to that, an invalid target is a bad
/// value), else through the built-in forms of `builtin`.
pub(super) fn mapped<T>(
    map: &ValueMap,
    s: &str,
    code: impl Fn(&str) -> Option<T>,
    builtin: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    match map.get(s) {
        Some(to) => code(to),
        None => builtin(s),
    }
}

/// `str::trim`, with a shortcut for the usual field that starts and ends with a visible ASCII
/// character (no whitespace, ASCII or not, can be trimmed then).
fn trim(s: &str) -> &str {
    let visible = |c: &u8| c.is_ascii_graphic();
    if s.as_bytes().first().is_some_and(visible) && s.as_bytes().last().is_some_and(visible) {
        s
    } else {
        s.trim()
    }
}

/// A whole number ≥ 0 (a trailing `.0`, as spreadsheets write, is accepted).
fn parse_count(s: &[u8]) -> Option<u32> {
    let s = s.strip_suffix(b".0").unwrap_or(s);
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    u32::try_from(v).ok()
}
