//! The monthly customers export: the platform's columns (order, headers, which contract column
//! each carries and in what form) and the conversion of contract rows into sheet cells.

use std::collections::BTreeMap;

use branchlens_core::load::{Cell, Sheet};
use branchlens_core::model::{Amount, Date, Kind, LoanClass, Period};
use csv::StringRecord;

use crate::contract::{field, parse_period, Table};
use crate::vocab;
use crate::Result;

/// What a platform column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A contract column as text (ids, names).
    Text(&'static str),
    /// A contract column mapped to the platform's words.
    Kind,
    LoanClass,
    Industry,
    Products,
    /// A contract date as a `YYYYMMDD` number.
    DateNumber(&'static str),
    /// The last contact: a real date cell or a `YYYYMMDD` number, by customer and month.
    MixedDate(&'static str),
    /// A contract amount in 万元.
    Wan(&'static str),
    /// A contract integer as a number.
    Count(&'static str),
    /// The phone: a number cell when it is all digits without a leading zero, else text.
    Phone,
    /// Columns the contract does not have.
    IdNumber,
    CustomerGrade,
    ExtractDate,
}

impl Field {
    /// The contract column this platform column carries (none for the extra columns).
    pub fn contract(self) -> Option<&'static str> {
        match self {
            Field::Text(c) | Field::DateNumber(c) | Field::MixedDate(c) | Field::Wan(c) | Field::Count(c) => Some(c),
            Field::Kind => Some("kind"),
            Field::LoanClass => Some("loan_class"),
            Field::Industry => Some("industry"),
            Field::Products => Some("products"),
            Field::Phone => Some("phone"),
            Field::IdNumber | Field::CustomerGrade | Field::ExtractDate => None,
        }
    }
}

/// The platform's customer columns in its order (not the contract's): identity first, then
/// balances, risk, activity, and the platform's own batch date last.
pub const COLUMNS: [(&str, Field); 21] = [
    ("客户编号", Field::Text("customer_id")),
    ("客户名称", Field::Text("name")),
    ("证件号码", Field::IdNumber),
    ("客户类别", Field::Kind),
    ("客户等级", Field::CustomerGrade),
    ("所属机构", Field::Text("branch_id")),
    ("管户经理", Field::Text("manager_id")),
    ("开户日期", Field::DateNumber("open_date")),
    ("手机号码", Field::Phone),
    ("存款日均余额(万元)", Field::Wan("deposit_avg")),
    ("金融资产余额(万元)", Field::Wan("aum")),
    ("贷款余额(万元)", Field::Wan("loan_balance")),
    ("五级分类", Field::LoanClass),
    ("逾期天数", Field::Count("overdue_days")),
    ("国标行业", Field::Industry),
    ("中间业务收入(万元)", Field::Wan("fee_income")),
    ("持有产品", Field::Products),
    ("交易笔数", Field::Count("txn_count")),
    ("最近联系日期", Field::MixedDate("last_contact")),
    ("投诉次数", Field::Count("complaints")),
    ("提数日期", Field::ExtractDate),
];

/// One month's export: its period and its sheet (header row first).
pub struct Month {
    pub period: Period,
    pub sheet: Sheet,
}

/// The sheet name of the customers workbooks.
pub const SHEET: &str = "客户明细";

/// The customers of every period, one [`Month`] each, in period order; rows sorted by branch
/// and customer id, as the platform lists them.
pub fn monthly(table: &Table) -> Result<Vec<Month>> {
    let period = table.index("period")?;
    let mut by_period: BTreeMap<Period, Vec<&StringRecord>> = BTreeMap::new();
    for r in &table.rows {
        by_period.entry(parse_period(field(r, period))?).or_default().push(r);
    }
    let idx = Indices::new(table)?;
    let (branch, id) = (table.index("branch_id")?, table.index("customer_id")?);
    let mut out = Vec::new();
    for (p, mut rows) in by_period {
        rows.sort_by(|a, b| (field(a, branch), field(a, id)).cmp(&(field(b, branch), field(b, id))));
        let mut cells = vec![COLUMNS.iter().map(|(h, _)| Cell::Text(h.to_string())).collect::<Vec<_>>()];
        for r in rows {
            cells.push(row(r, &idx, p)?);
        }
        out.push(Month {
            period: p,
            sheet: Sheet { name: SHEET.to_string(), first_row: 1, first_col: 0, rows: cells },
        });
    }
    Ok(out)
}

/// The index in the contract file of each platform column's contract column.
struct Indices {
    cols: Vec<Option<usize>>,
    kind: usize,
    aum: usize,
    deposit: usize,
}

impl Indices {
    fn new(t: &Table) -> Result<Indices> {
        let cols = COLUMNS.iter().map(|(_, f)| f.contract().and_then(|c| t.try_index(c))).collect();
        Ok(Indices { cols, kind: t.index("kind")?, aum: t.index("aum")?, deposit: t.index("deposit_avg")? })
    }
}

fn row(r: &StringRecord, idx: &Indices, p: Period) -> Result<Vec<Cell>> {
    let kind = Kind::parse(field(r, idx.kind)).ok_or("bad kind in the contract data")?;
    let id = field(r, idx.cols[0].ok_or("no customer_id")?);
    let h = vocab::hash(id);
    let mut out = Vec::with_capacity(COLUMNS.len());
    for (i, (_, f)) in COLUMNS.iter().enumerate() {
        let v = idx.cols[i].map_or("", |c| field(r, c)).trim();
        out.push(match *f {
            Field::IdNumber => Cell::Text(vocab::id_number(kind, h)),
            Field::CustomerGrade => {
                let (aum, dep) = (fen(field(r, idx.aum))?, fen(field(r, idx.deposit))?);
                Cell::Text(vocab::customer_grade(kind, aum, dep).to_string())
            }
            Field::ExtractDate => {
                let next = Period(p.0 + 1);
                Cell::Number(f64::from(next.year() as u32 * 10_000 + next.month() * 100 + 2))
            }
            _ if v.is_empty() => Cell::Empty,
            Field::Text(_) => Cell::Text(v.to_string()),
            Field::Kind => Cell::Text(vocab::kind(kind).to_string()),
            Field::LoanClass => {
                let c = LoanClass::parse(v).ok_or_else(|| format!("bad loan class {v:?}"))?;
                Cell::Text(vocab::loan_class(c).to_string())
            }
            Field::Industry => Cell::Text(vocab::industry(v, h).ok_or_else(|| format!("bad industry {v:?}"))?),
            Field::Products => Cell::Text(products(v, kind)?),
            Field::DateNumber(_) => Cell::Number(f64::from(ymd_number(v)?)),
            Field::MixedDate(_) => {
                let n = ymd_number(v)?;
                if vocab::hash(&format!("{id}{p}")).is_multiple_of(3) {
                    Cell::Number(f64::from(n))
                } else {
                    Cell::Date { year: (n / 10_000) as i32, month: n / 100 % 100, day: n % 100 }
                }
            }
            Field::Wan(_) => Cell::Number(wan(fen(v)?)),
            Field::Count(_) => Cell::Number(v.parse::<u32>().map_err(|_| format!("bad integer {v:?}"))?.into()),
            Field::Phone if v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0') && v.len() <= 15 => {
                Cell::Number(v.parse::<u64>().map_err(|_| format!("bad phone {v:?}"))? as f64)
            }
            Field::Phone => Cell::Text(v.to_string()),
        });
    }
    Ok(out)
}

/// `;`-separated contract codes as the platform's words (still `;`-separated).
fn products(v: &str, k: Kind) -> Result<String> {
    let words: Option<Vec<&str>> =
        v.split(';').filter(|c| !c.trim().is_empty()).map(|c| vocab::product(c.trim(), k)).collect();
    Ok(words.ok_or_else(|| format!("a product code of {v:?} has no platform word (vocab::PRODUCTS)"))?.join(";"))
}

/// A contract amount (yuan, decimal text) in fen.
pub fn fen(v: &str) -> Result<i64> {
    if v.trim().is_empty() {
        return Ok(0);
    }
    Ok(Amount::parse(v).ok_or_else(|| format!("bad amount {v:?}"))?.0)
}

/// Fen as 万元: the nearest double of the exact decimal (fen / 10^6 is correctly rounded), so
/// its shortest display is that decimal and ×10^4 rounded to the fen gives the fen back.
pub fn wan(fen: i64) -> f64 {
    fen as f64 / 1_000_000.0
}

/// A contract date as the number `YYYYMMDD`.
pub fn ymd_number(v: &str) -> Result<u32> {
    let (y, m, d) = Date::parse(v).ok_or_else(|| format!("bad date {v:?}"))?.ymd();
    Ok(y as u32 * 10_000 + m * 100 + d)
}
