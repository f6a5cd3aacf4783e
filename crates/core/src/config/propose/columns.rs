//! Which header names each contract column, and how sure that is: exact (the contract's name,
//! its alias, a built-in synonym, after the unit suffix), else similar with fitting values; and
//! what the sample values say (values seen, values that do not fit, the amount unit).

use crate::issue::FileKind;
use crate::load::{header_key, split_unit, synonyms, Column, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
use crate::model::{AmountUnit, Date, Period};

use super::{SampleFile, UnitProposal};

/// Least similarity (normalised Levenshtein, in characters) of a guessed header.
const GUESS_SIMILARITY: f64 = 0.6;

/// The proposal for one contract column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnProposal {
    pub column: &'static str,
    pub required: bool,
    pub found: Found,
}

/// What was found for a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// `header` names the column.
    Header {
        header: String,
        how: How,
        /// The unit of the header's suffix (`(万元)`), if any.
        unit: Option<AmountUnit>,
        values: ValueNote,
        /// Files of the table whose headers lack this one (a check: a configured header must
        /// be in every file).
        missing_in: Vec<String>,
    },
    /// No header: a TODO when the column is required, else absent. The closest headers first.
    Missing { closest: Vec<String> },
}

/// How a header was matched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum How {
    Name,
    Alias,
    Synonym,
    /// Similar to one of the column's names, with this score (0–1).
    Similar(f64),
}

/// What the sample values of a matched header say.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueNote {
    /// No typed check (text columns) or no values.
    Nothing,
    /// Every non-empty value fits the column's type.
    Fit { total: usize },
    /// `bad` of `total` non-empty values do not fit (the first is `example`).
    Misfit { bad: usize, total: usize, example: String },
    /// The distinct values of a coded column (kind, loan class, status, industry), first seen first.
    Seen(Vec<String>),
}

/// The kind of value a column holds, for the sample check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Date,
    Period,
    Amount,
    Integer,
    Number,
    Code,
    Text,
}

/// The value kind of a contract column.
pub fn value_kind(column: &str) -> ValueKind {
    match column {
        "open_date" | "last_contact" | "hire_date" => ValueKind::Date,
        "period" => ValueKind::Period,
        "deposit_avg" | "loan_balance" | "aum" | "fee_income" | "deposit_target" | "loan_target" | "fee_target" => {
            ValueKind::Amount
        }
        "txn_count" | "overdue_days" | "complaints" | "new_customers_target" => ValueKind::Integer,
        "share" => ValueKind::Number,
        "kind" | "loan_class" | "status" | "industry" => ValueKind::Code,
        _ => ValueKind::Text,
    }
}

/// The contract columns of a table.
pub fn columns_of(t: FileKind) -> &'static [Column] {
    match t {
        FileKind::Customers => &CUSTOMER_COLUMNS,
        FileKind::Managers => &MANAGER_COLUMNS,
        FileKind::CreditSplits => &SPLIT_COLUMNS,
    }
}

/// How `header` exactly names column `c` of table `t`, if it does.
fn exact(t: FileKind, c: &Column, header: &str) -> Option<How> {
    let key = header_key(header);
    let (base, _) = split_unit(&key);
    if base == c.name {
        Some(How::Name)
    } else if base == header_key(c.alias) {
        Some(How::Alias)
    } else if synonyms(t, c.name).iter().any(|s| header_key(s) == base) {
        Some(How::Synonym)
    } else {
        None
    }
}

/// The unit suffix of a header.
fn unit_of(header: &str) -> Option<AmountUnit> {
    split_unit(&header_key(header)).1
}

/// How well `headers` fit table `t`: the columns exactly named, and the share of its required
/// columns among them.
pub fn table_score(t: FileKind, headers: &[String]) -> (usize, f64) {
    let cols = columns_of(t);
    let named: Vec<&Column> = cols.iter().filter(|c| headers.iter().any(|h| exact(t, c, h).is_some())).collect();
    let required = cols.iter().filter(|c| c.required).count().max(1);
    (named.len(), named.iter().filter(|c| c.required).count() as f64 / required as f64)
}

/// The best similarity of `header` to column `c`'s names (name, alias, synonyms).
fn similarity(t: FileKind, c: &Column, header: &str) -> f64 {
    let key = header_key(header);
    let (base, _) = split_unit(&key);
    let mut names: Vec<String> = vec![c.name.to_string(), header_key(c.alias)];
    names.extend(synonyms(t, c.name).iter().map(|s| header_key(s)));
    names.iter().map(|n| strsim::normalized_levenshtein(base, n)).fold(0.0, f64::max)
}

/// The columns of a table and the headers no column takes.
pub struct Matched {
    pub columns: Vec<ColumnProposal>,
    pub ignored: Vec<String>,
}

/// Matches the headers of `model` (the first file) to the columns of `t`, checking the other
/// `files` for each chosen header.
pub fn match_columns(t: FileKind, model: &SampleFile, files: &[&SampleFile]) -> Matched {
    let cols = columns_of(t);
    let headers = &model.headers;
    let mut taken = vec![false; headers.len()];
    let mut chosen: Vec<Option<(usize, How)>> = vec![None; cols.len()];
    // Exact names first, in header order (the first header naming a column is read).
    for (ci, c) in cols.iter().enumerate() {
        if let Some((hi, how)) =
            headers.iter().enumerate().find_map(|(hi, h)| exact(t, c, h).filter(|_| !taken[hi]).map(|how| (hi, how)))
        {
            chosen[ci] = Some((hi, how));
            taken[hi] = true;
        }
    }
    // Headers that exactly name an already named column are duplicates: not guessed for others.
    let duplicate: Vec<bool> =
        headers.iter().enumerate().map(|(hi, h)| !taken[hi] && cols.iter().any(|c| exact(t, c, h).is_some())).collect();
    // Then guesses: the best (score, column, header) among the rest whose values fit, greedily.
    let mut guesses: Vec<(f64, usize, usize)> = Vec::new();
    for (ci, c) in cols.iter().enumerate().filter(|(ci, _)| chosen[*ci].is_none()) {
        for (hi, h) in headers.iter().enumerate().filter(|(hi, _)| !taken[*hi] && !duplicate[*hi]) {
            let s = similarity(t, c, h);
            if s >= GUESS_SIMILARITY && !matches!(values(c.name, model, hi), ValueNote::Misfit { .. }) {
                guesses.push((s, ci, hi));
            }
        }
    }
    guesses.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(&b.1)));
    for (s, ci, hi) in guesses {
        if chosen[ci].is_none() && !taken[hi] {
            chosen[ci] = Some((hi, How::Similar((s * 100.0).round() / 100.0)));
            taken[hi] = true;
        }
    }
    let columns = cols
        .iter()
        .zip(&chosen)
        .map(|(c, ch)| {
            let found = match ch {
                Some((hi, how)) => {
                    let header = headers[*hi].clone();
                    let key = header_key(&header);
                    let missing_in = files
                        .iter()
                        .filter(|f| !f.headers.iter().any(|h| header_key(h) == key))
                        .map(|f| f.name.clone())
                        .collect();
                    Found::Header {
                        unit: unit_of(&header),
                        values: values(c.name, model, *hi),
                        header,
                        how: *how,
                        missing_in,
                    }
                }
                None => Found::Missing { closest: closest(t, c, headers, &taken) },
            };
            ColumnProposal { column: c.name, required: c.required, found }
        })
        .collect();
    let ignored =
        headers.iter().zip(&taken).filter(|(h, t)| !**t && !h.trim().is_empty()).map(|(h, _)| h.clone()).collect();
    Matched { columns, ignored }
}

/// Up to three free headers closest to column `c`, the closest first.
fn closest(t: FileKind, c: &Column, headers: &[String], taken: &[bool]) -> Vec<String> {
    let mut v: Vec<(f64, &String)> = headers
        .iter()
        .zip(taken)
        .filter(|(h, t)| !**t && !h.trim().is_empty())
        .map(|(h, _)| (similarity(t, c, h), h))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    v.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    v.into_iter().take(3).map(|(_, h)| h.clone()).collect()
}

/// The non-empty sample values of field `hi`.
fn sample(file: &SampleFile, hi: usize) -> impl Iterator<Item = &str> {
    file.rows.iter().filter_map(move |r| r.get(hi)).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// What the sample values of field `hi` say for `column`.
fn values(column: &str, file: &SampleFile, hi: usize) -> ValueNote {
    let kind = value_kind(column);
    let fits = |v: &str| match kind {
        ValueKind::Date => Date::parse(v).is_some(),
        ValueKind::Period => Period::parse(v).is_some() || Date::parse(v).is_some(),
        ValueKind::Amount | ValueKind::Number => number(v).is_some(),
        ValueKind::Integer => v.bytes().all(|b| b.is_ascii_digit()),
        ValueKind::Code | ValueKind::Text => true,
    };
    match kind {
        ValueKind::Text => ValueNote::Nothing,
        ValueKind::Code => {
            let mut seen: Vec<String> = Vec::new();
            for v in sample(file, hi) {
                if !seen.iter().any(|s| s == v) {
                    seen.push(v.to_string());
                }
            }
            if seen.is_empty() {
                ValueNote::Nothing
            } else {
                ValueNote::Seen(seen)
            }
        }
        _ => {
            let (mut total, mut bad, mut example) = (0, 0, None);
            for v in sample(file, hi) {
                total += 1;
                if !fits(v) {
                    bad += 1;
                    example.get_or_insert_with(|| v.to_string());
                }
            }
            match (total, example) {
                (0, _) => ValueNote::Nothing,
                (_, Some(example)) => ValueNote::Misfit { bad, total, example },
                (_, None) => ValueNote::Fit { total },
            }
        }
    }
}

/// A plain decimal, optionally signed, with optional `,` thousands separators.
fn number(v: &str) -> Option<f64> {
    v.replace(',', "").parse::<f64>().ok().filter(|f| f.is_finite())
}

/// The decimals of a plain decimal text (`12.3400` → 2); `None` for other text.
fn decimals(v: &str) -> Option<usize> {
    number(v)?;
    Some(v.split_once('.').map_or(0, |(_, d)| d.trim_end_matches('0').len()))
}

/// The proposed amount unit of a table: from the amount headers' suffixes, else from the
/// precision of the sample amounts (see the module doc).
pub fn amount_unit(columns: &[ColumnProposal], files: &[&SampleFile]) -> UnitProposal {
    let amounts: Vec<(&str, Option<AmountUnit>)> = columns
        .iter()
        .filter(|c| value_kind(c.column) == ValueKind::Amount)
        .filter_map(|c| match &c.found {
            Found::Header { header, unit, .. } => Some((header.as_str(), *unit)),
            Found::Missing { .. } => None,
        })
        .collect();
    if amounts.is_empty() {
        return UnitProposal::Yuan;
    }
    let wan = amounts.iter().filter(|(_, u)| *u == Some(AmountUnit::Wan)).count();
    let yuan = amounts.iter().filter(|(_, u)| *u == Some(AmountUnit::Yuan)).count();
    if wan == amounts.len() {
        return UnitProposal::WanFromHeaders(amounts.iter().map(|(h, _)| h.to_string()).collect());
    }
    if wan > 0 {
        return UnitProposal::Mixed(amounts.iter().map(|(h, u)| (h.to_string(), *u)).collect());
    }
    if yuan > 0 {
        return UnitProposal::YuanFromHeaders;
    }
    let (mut fine, mut total) = (0, 0);
    for f in files {
        for (header, _) in &amounts {
            let key = header_key(header);
            let Some(hi) = f.headers.iter().position(|h| header_key(h) == key) else { continue };
            for v in sample(f, hi) {
                let Some(d) = decimals(v) else { continue };
                if number(v).is_some_and(|n| n != 0.0) {
                    total += 1;
                    fine += usize::from((3..=6).contains(&d));
                }
            }
        }
    }
    if fine >= 5 && fine * 10 >= total {
        UnitProposal::WanFromValues { fine, total }
    } else {
        UnitProposal::Yuan
    }
}
