//! The explorer's data bundle: a compact, columnar binary encoding of the customer rows (and the
//! manager rows, credit splits and configuration) that customer scoring needs, so that the
//! in-page explorer can rebuild a [`Dataset`] and run the very same [`crate::metrics`] functions.
//!
//! Pure: [`encode`] turns a dataset into bytes, [`decode`] turns bytes back into a [`Bundle`].
//! Decoding never panics on any input: every length is checked against the bytes left before
//! anything is allocated, every value against its domain, and problems are typed
//! [`BundleError`]s carrying the section and the byte offset.
//!
//! # What is in a bundle
//!
//! - The periods up to `L` that the scoring windows of the build's [`Config`] reach
//!   ([`periods_needed`]), so that the windows over the bundle's positions are the windows over
//!   the full data.
//! - Every row, in those periods, of the customers present in `L` (of one branch, for a split
//!   site: customers whose `L` row is in that branch). Customers absent from `L` are not scored
//!   and are left out.
//! - Names and phones only on the `L` rows, masked with [`crate::mask`] unless the site is built
//!   with `--no-mask`.
//! - managers.csv rows up to `L` (the churn signals need each manager's status in `L`) and credit
//!   splits of the included customers; the configuration in force, as JSON.
//!
//! # Layout (version 1)
//!
//! All integers are LEB128 varints (`uv`); signed values are zigzag-mapped first (`zz`).
//!
//! ```text
//! magic "BLBNDL" version:u8=1
//! flags:uv (bit 0 masked, bit 1 split by branch, bit 2 every period up to L)  [branch:uv  when bit 1]
//! period L:uv   periods: n:uv, first:uv, then n-1 gaps:uv (≥ 1)
//! config: len:uv, JSON bytes (serde form of Config; JSON, not TOML, keeps the TOML reader out of the wasm module)
//! string tables customer_ids, branch_ids, manager_ids, products, text:
//!     count:uv, then per string len:uv + UTF-8 bytes; strictly ascending (Sym order = string order)
//! managers: count:uv, per row manager, name, branch, grade, hire_date(zz), status, period(0|p+1),
//!     deposit/loan/fee targets (0|zz+1), new_customers target (0|v+1)
//! splits: count:uv, per split customer:uv manager:uv share:f64 (8 bytes LE)
//! customers: rows per period (one uv per period), then 16 columns, each
//!     mode:u8 (0 raw, 1 delta), len:uv, len bytes of n varints
//! ```
//!
//! The customer column holds, per period, the first id and then the gaps minus one (ids are
//! ascending within a period). Every other column holds one code per row (see [`Col`]); in delta
//! mode a row's code is stored as the zigzag difference from the code of the same customer's row
//! in the previous bundle period (0 when it has none). The encoder picks, per column, whichever
//! mode is shorter: slowly changing columns (kind, branch, manager, dates, products) cost almost
//! nothing after gzip, amounts cost their entropy.

use thiserror::Error;

use crate::config::{Config, ConfigError};
use crate::mask;
use crate::model::{
    Amount, CustomerRow, Dataset, Date, Industry, Interner, Kind, LoanClass, ManagerRow, Period, ProductSet, Split,
    Status, Sym, Targets, MAX_PRODUCTS,
};

/// The first bytes of every bundle.
pub const MAGIC: &[u8; 6] = b"BLBNDL";
/// The layout version written by [`encode`].
pub const VERSION: u8 = 1;

/// Largest absolute amount accepted, in fen: the loader's limit (16 integer digits).
const MAX_FEN: i64 = 1_000_000_000_000_000_000;

/// A decoded bundle.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The rows and tables; interners are in string order like a loaded dataset. Names and
    /// phones are set only on `L` rows (empty name, no phone elsewhere).
    pub dataset: Dataset,
    /// `L`, the latest period of the bundle.
    pub period: Period,
    /// The configuration the site was built with.
    pub config: Config,
    /// Whether names and phones were masked.
    pub masked: bool,
    /// For a site split by branch: that branch (into `dataset.branch_ids`).
    pub branch: Option<Sym>,
    /// Whether the bundle holds every period of the data up to `L` (then any scoring window
    /// gives the CLI's result; otherwise only windows within [`periods_needed`] of the bundle).
    pub complete: bool,
}

/// What to put in a bundle.
#[derive(Clone, Copy, Debug)]
pub struct EncodeOptions {
    /// `L`.
    pub period: Period,
    /// Mask names and phones ([`crate::mask`]).
    pub mask: bool,
    /// Only the customers whose `L` row is in this branch (a split site).
    pub branch: Option<Sym>,
}

/// The part of a bundle a problem was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Header,
    Periods,
    Config,
    CustomerIds,
    BranchIds,
    ManagerIds,
    Products,
    Text,
    Managers,
    Splits,
    Customers,
    Column(Col),
}

/// Why bytes are not a valid bundle. `offset` is the byte position where the problem was found.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum BundleError {
    #[error("not a Branchlens data bundle (bad magic bytes)")]
    BadMagic,
    #[error("data bundle version {0} is not supported (this explorer reads version {VERSION})")]
    Version(u8),
    #[error("data bundle truncated in {section:?} at byte {offset}")]
    Truncated { section: Section, offset: usize },
    #[error("data bundle: number too long in {section:?} at byte {offset}")]
    Varint { section: Section, offset: usize },
    #[error("data bundle: invalid {what} in {section:?} at byte {offset}")]
    Invalid { section: Section, offset: usize, what: &'static str },
    #[error("data bundle: text is not UTF-8 in {section:?} at byte {offset}")]
    Utf8 { section: Section, offset: usize },
    #[error("data bundle: {section:?} is not in ascending order at byte {offset}")]
    Unsorted { section: Section, offset: usize },
    #[error("data bundle: {0} unexpected bytes at the end")]
    Trailing(usize),
    #[error("data bundle: configuration: {0}")]
    Config(#[source] ConfigError),
    #[error("data bundle: configuration is not readable: {0}")]
    ConfigJson(String),
}

/// How many periods up to `L` the scoring windows of `cfg` reach: `2·tiers.window` (s3 and p3),
/// `churn.baseline_window + 1`, `churn.complaints_window`, and 2 (PRODUCT_LOST).
pub fn periods_needed(cfg: &Config) -> usize {
    let w = |v: u32| usize::try_from(v).unwrap_or(usize::MAX);
    w(cfg.tiers.window)
        .saturating_mul(2)
        .max(w(cfg.churn.baseline_window).saturating_add(1))
        .max(w(cfg.churn.complaints_window))
        .max(2)
}

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/// The customer-row columns after the customer id, in bundle order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Name,
    Kind,
    Branch,
    Manager,
    OpenDate,
    Deposit,
    Loan,
    Aum,
    Fee,
    Products,
    Txn,
    Industry,
    LoanClass,
    Overdue,
    LastContact,
    Complaints,
    Phone,
}

impl Col {
    const ALL: [Col; 17] = [
        Col::Name,
        Col::Kind,
        Col::Branch,
        Col::Manager,
        Col::OpenDate,
        Col::Deposit,
        Col::Loan,
        Col::Aum,
        Col::Fee,
        Col::Products,
        Col::Txn,
        Col::Industry,
        Col::LoanClass,
        Col::Overdue,
        Col::LastContact,
        Col::Complaints,
        Col::Phone,
    ];

    /// The code of this column of `r`.
    #[inline(always)]
    fn code(self, r: &CustomerRow) -> u64 {
        let opt = |v: Option<u64>| v.map_or(0, |v| v + 1);
        match self {
            Col::Name => u64::from(r.name.0),
            Col::Kind => u64::from(r.kind == Kind::Corporate),
            Col::Branch => u64::from(r.branch.0),
            Col::Manager => opt(r.manager.map(|m| u64::from(m.0))),
            Col::OpenDate => zz(i64::from(r.open_date.0)),
            Col::Deposit => zz(r.deposit_avg.0),
            Col::Loan => zz(r.loan_balance.0),
            Col::Aum => zz(r.aum.0),
            Col::Fee => zz(r.fee_income.0),
            Col::Products => r.products.0,
            Col::Txn => u64::from(r.txn_count),
            Col::Industry => opt(r.industry.map(|i| u64::from(i.0))),
            Col::LoanClass => opt(r.loan_class.map(|c| c.index() as u64)),
            Col::Overdue => opt(r.overdue_days.map(u64::from)),
            Col::LastContact => opt(r.last_contact.map(|d| zz(i64::from(d.0)))),
            Col::Complaints => opt(r.complaints.map(u64::from)),
            Col::Phone => opt(r.phone.map(|p| u64::from(p.0))),
        }
    }

    /// Sets this column of `r` from `code`; `Err(what)` when the code is out of its domain.
    #[inline(always)]
    fn set(self, r: &mut CustomerRow, code: u64, lim: &Limits) -> Result<(), &'static str> {
        // 0 → None, v + 1 → Some(v).
        let opt = |code: u64| code.checked_sub(1);
        let sym = |v: u64, len: usize, what| match u32::try_from(v) {
            Ok(s) if (s as usize) < len => Ok(Sym(s)),
            _ => Err(what),
        };
        let amount = |code: u64, non_negative: bool, what| {
            let v = unzz(code);
            // unsigned_abs: a code of u64::MAX unzigzags to i64::MIN, whose abs() overflows.
            if v.unsigned_abs() >= MAX_FEN.unsigned_abs() || (non_negative && v < 0) {
                Err(what)
            } else {
                Ok(Amount(v))
            }
        };
        let u32_of = |v: u64, what| u32::try_from(v).map_err(|_| what);
        match self {
            Col::Name => r.name = sym(code, lim.text, "name")?,
            Col::Kind => {
                r.kind = match code {
                    0 => Kind::Retail,
                    1 => Kind::Corporate,
                    _ => return Err("kind"),
                }
            }
            Col::Branch => r.branch = sym(code, lim.branches, "branch")?,
            Col::Manager => r.manager = opt(code).map(|v| sym(v, lim.managers, "manager")).transpose()?,
            Col::OpenDate => r.open_date = date(code).ok_or("open_date")?,
            Col::Deposit => r.deposit_avg = amount(code, true, "deposit_avg")?,
            Col::Loan => r.loan_balance = amount(code, true, "loan_balance")?,
            Col::Aum => r.aum = amount(code, true, "aum")?,
            Col::Fee => r.fee_income = amount(code, false, "fee_income")?,
            Col::Products => {
                if lim.products < MAX_PRODUCTS && code >> lim.products != 0 {
                    return Err("products");
                }
                r.products = ProductSet(code);
            }
            Col::Txn => r.txn_count = u32_of(code, "txn_count")?,
            Col::Industry => {
                r.industry = match opt(code) {
                    None => None,
                    Some(v @ 65..=84) => Some(Industry(v as u8)),
                    Some(_) => return Err("industry"),
                }
            }
            Col::LoanClass => {
                r.loan_class = match opt(code) {
                    None => None,
                    Some(v) => Some(*LoanClass::ALL.get(usize::try_from(v).unwrap_or(usize::MAX)).ok_or("loan_class")?),
                }
            }
            Col::Overdue => r.overdue_days = opt(code).map(|v| u32_of(v, "overdue_days")).transpose()?,
            Col::LastContact => {
                r.last_contact = opt(code).map(|v| date(v).ok_or("last_contact")).transpose()?;
            }
            Col::Complaints => r.complaints = opt(code).map(|v| u32_of(v, "complaints")).transpose()?,
            Col::Phone => r.phone = opt(code).map(|v| sym(v, lim.text, "phone")).transpose()?,
        }
        Ok(())
    }
}

/// Table sizes the codes are checked against.
struct Limits {
    text: usize,
    branches: usize,
    managers: usize,
    products: usize,
}

fn zz(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzz(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// 1900-01-01 and 9999-12-31 as days since 1970 (the loader's years; checked by a test).
const DATE_MIN: i32 = -25_567;
const DATE_MAX: i32 = 2_932_896;

/// The date of a zigzag code, when within the loader's years (1900..=9999).
#[inline]
fn date(code: u64) -> Option<Date> {
    let d = i32::try_from(unzz(code)).ok()?;
    (DATE_MIN..=DATE_MAX).contains(&d).then_some(Date(d))
}

fn period_ok(v: u64) -> Option<Period> {
    let p = u32::try_from(v).ok()?;
    let lo = Period::new(1900, 1)?;
    let hi = Period::new(9999, 12)?;
    (lo.0..=hi.0).contains(&p).then_some(Period(p))
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

fn put_uv(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    put_uv(buf, s.len() as u64);
    buf.extend_from_slice(s.as_bytes());
}

/// Old symbols → new symbols of a subset of a string-ordered pool (keeps the order).
struct Remap {
    map: Vec<u32>,
}

impl Remap {
    const NONE: u32 = u32::MAX;
    fn new(used: &[bool]) -> Remap {
        let mut next = 0u32;
        let map = used
            .iter()
            .map(|&u| {
                if u {
                    next += 1;
                    next - 1
                } else {
                    Remap::NONE
                }
            })
            .collect();
        Remap { map }
    }
    fn get(&self, s: Sym) -> Sym {
        Sym(self.map.get(s.index()).copied().unwrap_or(Remap::NONE))
    }
    fn write_table(&self, buf: &mut Vec<u8>, pool: &Interner) {
        let strings: Vec<&str> = pool
            .iter()
            .filter(|(s, _)| self.map.get(s.index()).is_some_and(|&m| m != Remap::NONE))
            .map(|x| x.1)
            .collect();
        put_uv(buf, strings.len() as u64);
        for s in strings {
            put_str(buf, s);
        }
    }
}

/// Encodes the rows of `ds` that scoring `L = opts.period` with `cfg` needs (see the module
/// notes). `cfg` is stored in the bundle and decides how many periods are kept.
pub fn encode(ds: &Dataset, cfg: &Config, opts: &EncodeOptions) -> Vec<u8> {
    let l = opts.period;
    let end = ds.periods.partition_point(|&p| p <= l);
    let first = end.saturating_sub(periods_needed(cfg));
    let periods = &ds.periods[first..end];

    // The customers of the bundle: present in L (and in the branch).
    let l_rows = ds.rows_in(l);
    let mut keep = vec![false; ds.customer_ids.len()];
    for r in l_rows.iter().filter(|r| opts.branch.map_or(true, |b| r.branch == b)) {
        if let Some(k) = keep.get_mut(r.customer.index()) {
            *k = true;
        }
    }
    let rows: Vec<&CustomerRow> = periods
        .iter()
        .flat_map(|&p| ds.rows_in(p))
        .filter(|r| keep.get(r.customer.index()).copied().unwrap_or(false))
        .collect();

    // Managers: all, or for a split site those of the branch and those its customers name.
    let mut used_mgr = vec![false; ds.manager_ids.len()];
    for r in &rows {
        if let Some(m) = r.manager.and_then(|m| used_mgr.get_mut(m.index())) {
            *m = true;
        }
    }
    // managers.csv rows dated after L are left out: a build as of L ignores later rows.
    let in_time = |m: &ManagerRow| m.period.map_or(true, |p| p <= l);
    for m in ds.managers.iter().filter(|m| in_time(m)) {
        if opts.branch.map_or(true, |b| m.branch == b) {
            if let Some(u) = used_mgr.get_mut(m.manager.index()) {
                *u = true;
            }
        }
    }
    let managers: Vec<&ManagerRow> = ds
        .managers
        .iter()
        .filter(|m| in_time(m) && used_mgr.get(m.manager.index()).copied().unwrap_or(false))
        .collect();
    let splits: Vec<&Split> = ds
        .splits
        .iter()
        .filter(|s| {
            keep.get(s.customer.index()).copied().unwrap_or(false)
                && used_mgr.get(s.manager.index()).copied().unwrap_or(false)
        })
        .collect();

    let mut used_branch = vec![false; ds.branch_ids.len()];
    let mark = |used: &mut Vec<bool>, s: Sym| {
        if let Some(u) = used.get_mut(s.index()) {
            *u = true;
        }
    };
    for r in &rows {
        mark(&mut used_branch, r.branch);
    }
    for m in &managers {
        mark(&mut used_branch, m.branch);
    }
    if let Some(b) = opts.branch {
        mark(&mut used_branch, b);
    }

    // Text: masked names and phones of the L rows, manager names and grades, and "".
    let mut text = Interner::new();
    text.intern("");
    let l_masked: Vec<(Sym, Option<Sym>)> = rows
        .iter()
        .filter(|r| r.period == l)
        .map(|r| {
            let name = text.intern(&mask::name_if(opts.mask, r.kind, ds.text(r.name)));
            let phone = r.phone.map(|p| text.intern(&mask::phone_if(opts.mask, ds.text(p))));
            (name, phone)
        })
        .collect();
    let mgr_text: Vec<(Sym, Sym)> =
        managers.iter().map(|m| (text.intern(ds.text(m.name)), text.intern(ds.text(m.grade)))).collect();
    let text_map = text.finish();
    let tsym = |s: Sym| text_map.get(s.index()).copied().unwrap_or(Sym(0));
    let empty = tsym(Sym(0));

    let cust = Remap::new(&keep);
    let branch = Remap::new(&used_branch);
    let mgr = Remap::new(&used_mgr);

    let mut buf = Vec::new();
    buf.extend_from_slice(MAGIC);
    buf.push(VERSION);
    put_uv(&mut buf, u64::from(opts.mask) | (u64::from(opts.branch.is_some()) << 1) | (u64::from(first == 0) << 2));
    if let Some(b) = opts.branch {
        put_uv(&mut buf, u64::from(branch.get(b).0));
    }
    put_uv(&mut buf, u64::from(l.0));
    put_uv(&mut buf, periods.len() as u64);
    let mut prev: Option<Period> = None;
    for &p in periods {
        put_uv(&mut buf, u64::from(p.0 - prev.map_or(0, |q| q.0)));
        prev = Some(p);
    }
    // Serializing a Config cannot fail (plain structs of numbers, bools, strings and lists).
    put_str(&mut buf, &serde_json::to_string(cfg).unwrap_or_default());

    cust.write_table(&mut buf, &ds.customer_ids);
    branch.write_table(&mut buf, &ds.branch_ids);
    mgr.write_table(&mut buf, &ds.manager_ids);
    put_uv(&mut buf, ds.products.len() as u64);
    for (_, s) in ds.products.iter() {
        put_str(&mut buf, s);
    }
    put_uv(&mut buf, text.len() as u64);
    for (_, s) in text.iter() {
        put_str(&mut buf, s);
    }

    put_uv(&mut buf, managers.len() as u64);
    for (m, &(name, grade)) in managers.iter().zip(&mgr_text) {
        put_uv(&mut buf, u64::from(mgr.get(m.manager).0));
        put_uv(&mut buf, u64::from(tsym(name).0));
        put_uv(&mut buf, u64::from(branch.get(m.branch).0));
        put_uv(&mut buf, u64::from(tsym(grade).0));
        put_uv(&mut buf, zz(i64::from(m.hire_date.0)));
        put_uv(&mut buf, u64::from(m.status == Status::Left));
        put_uv(&mut buf, m.period.map_or(0, |p| u64::from(p.0) + 1));
        for t in [m.targets.deposit, m.targets.loan, m.targets.fee] {
            put_uv(&mut buf, t.map_or(0, |a| zz(a.0) + 1));
        }
        put_uv(&mut buf, m.targets.new_customers.map_or(0, |v| u64::from(v) + 1));
    }
    put_uv(&mut buf, splits.len() as u64);
    for s in &splits {
        put_uv(&mut buf, u64::from(cust.get(s.customer).0));
        put_uv(&mut buf, u64::from(mgr.get(s.manager).0));
        buf.extend_from_slice(&s.share.to_le_bytes());
    }

    // Customer rows, with symbols renumbered into the bundle's tables.
    let mut l_iter = l_masked.into_iter();
    let out_rows: Vec<CustomerRow> = rows
        .iter()
        .map(|r| {
            let mut o = **r;
            o.customer = cust.get(r.customer);
            o.branch = branch.get(r.branch);
            o.manager = r.manager.map(|m| mgr.get(m));
            if r.period == l {
                let (name, phone) = l_iter.next().unwrap_or((Sym(0), None));
                o.name = tsym(name);
                o.phone = phone.map(tsym);
            } else {
                o.name = empty;
                o.phone = None;
            }
            o
        })
        .collect();
    let per_period: Vec<usize> = periods.iter().map(|&p| out_rows.iter().filter(|r| r.period == p).count()).collect();
    for &n in &per_period {
        put_uv(&mut buf, n as u64);
    }
    let refs = references(&out_rows, &per_period);

    // The customer column: per period, the first id, then gaps − 1.
    let mut col = Vec::new();
    let mut start = 0;
    for &n in &per_period {
        let mut last: Option<u32> = None;
        for r in &out_rows[start..start + n] {
            put_uv(&mut col, u64::from(r.customer.0 - last.map_or(0, |x| x + 1)));
            last = Some(r.customer.0);
        }
        start += n;
    }
    buf.push(0);
    put_uv(&mut buf, col.len() as u64);
    buf.extend_from_slice(&col);

    for c in Col::ALL {
        let mut raw = Vec::new();
        let mut delta = Vec::new();
        for (r, rf) in out_rows.iter().zip(&refs) {
            let code = c.code(r);
            put_uv(&mut raw, code);
            let base = rf.map_or(0, |i| c.code(&out_rows[i]));
            put_uv(&mut delta, zz(code.wrapping_sub(base) as i64));
        }
        let (mode, bytes) = if delta.len() < raw.len() { (1u8, delta) } else { (0u8, raw) };
        buf.push(mode);
        put_uv(&mut buf, bytes.len() as u64);
        buf.extend_from_slice(&bytes);
    }
    buf
}

/// For each row, the index of the same customer's row in the previous period block, if any.
fn references(rows: &[CustomerRow], per_period: &[usize]) -> Vec<Option<usize>> {
    let mut refs = vec![None; rows.len()];
    let mut prev = 0..0;
    let mut start = 0;
    for &n in per_period {
        let cur = start..start + n;
        let mut j = prev.start;
        for i in cur.clone() {
            let c = rows[i].customer;
            while j < prev.end && rows[j].customer < c {
                j += 1;
            }
            if j < prev.end && rows[j].customer == c {
                refs[i] = Some(j);
            }
        }
        prev = cur;
        start += n;
    }
    refs
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    section: Section,
}

impl<'a> Reader<'a> {
    fn truncated(&self) -> BundleError {
        BundleError::Truncated { section: self.section, offset: self.pos }
    }
    fn invalid(&self, what: &'static str) -> BundleError {
        BundleError::Invalid { section: self.section, offset: self.pos, what }
    }
    fn remaining(&self) -> usize {
        self.b.len().saturating_sub(self.pos)
    }
    fn u8(&mut self) -> Result<u8, BundleError> {
        let v = *self.b.get(self.pos).ok_or_else(|| self.truncated())?;
        self.pos += 1;
        Ok(v)
    }
    #[inline(always)]
    fn uv(&mut self) -> Result<u64, BundleError> {
        // Most codes fit in one byte.
        if let Some(&b) = self.b.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
        }
        self.uv_long()
    }
    #[inline(never)]
    fn uv_long(&mut self) -> Result<u64, BundleError> {
        let start = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(BundleError::Varint { section: self.section, offset: start });
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BundleError::Varint { section: self.section, offset: start })
    }
    /// A count of items each taking at least `min_bytes`: never more than the bytes left allow.
    fn count(&mut self, min_bytes: usize) -> Result<usize, BundleError> {
        let v = self.uv()?;
        match usize::try_from(v) {
            Ok(n) if n.saturating_mul(min_bytes.max(1)) <= self.remaining() => Ok(n),
            _ => Err(self.truncated()),
        }
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| self.truncated())?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn str(&mut self) -> Result<&'a str, BundleError> {
        let n = self.count(1)?;
        let at = self.pos;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| BundleError::Utf8 { section: self.section, offset: at })
    }
    fn sym(&mut self, len: usize, what: &'static str) -> Result<Sym, BundleError> {
        let v = self.uv()?;
        match u32::try_from(v) {
            Ok(s) if (s as usize) < len => Ok(Sym(s)),
            _ => Err(self.invalid(what)),
        }
    }
    /// A strictly ascending string table.
    fn table(&mut self, section: Section) -> Result<Interner, BundleError> {
        self.section = section;
        let n = self.count(1)?;
        let mut pool = Interner::new();
        let mut last: Option<&str> = None;
        for _ in 0..n {
            let at = self.pos;
            let s = self.str()?;
            if last.is_some_and(|l| l >= s) {
                return Err(BundleError::Unsorted { section, offset: at });
            }
            pool.intern(s);
            last = Some(s);
        }
        Ok(pool)
    }
}

/// Decodes a bundle written by [`encode`]. Never panics; any problem is a [`BundleError`].
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    let mut rd = Reader { b: bytes, pos: 0, section: Section::Header };
    if rd.bytes(MAGIC.len()).map_err(|_| BundleError::BadMagic)? != MAGIC {
        return Err(BundleError::BadMagic);
    }
    let version = rd.u8()?;
    if version != VERSION {
        return Err(BundleError::Version(version));
    }
    let flags = rd.uv()?;
    if flags > 7 {
        return Err(rd.invalid("flags"));
    }
    let masked = flags & 1 != 0;
    let complete = flags & 4 != 0;
    let branch_code = if flags & 2 != 0 { Some(rd.uv()?) } else { None };
    let l = period_ok(rd.uv()?).ok_or_else(|| rd.invalid("period"))?;

    rd.section = Section::Periods;
    let np = rd.count(1)?;
    let mut periods = Vec::with_capacity(np);
    let mut acc: u64 = 0;
    for i in 0..np {
        let gap = rd.uv()?;
        if i > 0 && gap == 0 {
            return Err(BundleError::Unsorted { section: Section::Periods, offset: rd.pos });
        }
        acc = acc.checked_add(gap).ok_or_else(|| rd.invalid("period"))?;
        periods.push(period_ok(acc).ok_or_else(|| rd.invalid("period"))?);
    }
    if periods.last() != Some(&l) {
        return Err(rd.invalid("latest period"));
    }

    rd.section = Section::Config;
    let config: Config = serde_json::from_str(rd.str()?).map_err(|e| BundleError::ConfigJson(e.to_string()))?;
    config.validate().map_err(BundleError::Config)?;

    let customer_ids = rd.table(Section::CustomerIds)?;
    let branch_ids = rd.table(Section::BranchIds)?;
    let manager_ids = rd.table(Section::ManagerIds)?;
    let products = rd.table(Section::Products)?;
    if products.len() > MAX_PRODUCTS {
        return Err(rd.invalid("product count"));
    }
    let text = rd.table(Section::Text)?;
    let branch = match branch_code {
        Some(b) => match u32::try_from(b) {
            Ok(s) if (s as usize) < branch_ids.len() => Some(Sym(s)),
            _ => return Err(BundleError::Invalid { section: Section::Header, offset: 0, what: "branch" }),
        },
        None => None,
    };

    rd.section = Section::Managers;
    let nm = rd.count(12)?;
    let mut managers = Vec::with_capacity(nm);
    for _ in 0..nm {
        let at = rd.pos;
        let manager = rd.sym(manager_ids.len(), "manager")?;
        let name = rd.sym(text.len(), "name")?;
        let branch = rd.sym(branch_ids.len(), "branch")?;
        let grade = rd.sym(text.len(), "grade")?;
        let hire_date = date(rd.uv()?).ok_or_else(|| rd.invalid("hire_date"))?;
        let status = match rd.uv()? {
            0 => Status::Active,
            1 => Status::Left,
            _ => return Err(rd.invalid("status")),
        };
        let period = match rd.uv()?.checked_sub(1) {
            None => None,
            Some(v) => Some(period_ok(v).ok_or_else(|| rd.invalid("period"))?),
        };
        let amount = |rd: &mut Reader<'_>| -> Result<Option<Amount>, BundleError> {
            match rd.uv()?.checked_sub(1) {
                None => Ok(None),
                Some(v) => {
                    let a = unzz(v);
                    if a.unsigned_abs() >= MAX_FEN.unsigned_abs() {
                        Err(rd.invalid("target"))
                    } else {
                        Ok(Some(Amount(a)))
                    }
                }
            }
        };
        let deposit = amount(&mut rd)?;
        let loan = amount(&mut rd)?;
        let fee = amount(&mut rd)?;
        let new_customers = match rd.uv()?.checked_sub(1) {
            None => None,
            Some(v) => Some(u32::try_from(v).map_err(|_| rd.invalid("target"))?),
        };
        let row = ManagerRow {
            manager,
            name,
            branch,
            grade,
            hire_date,
            status,
            period,
            targets: Targets { deposit, loan, fee, new_customers },
        };
        // Sorted by (manager, period), undated first (None < Some), no duplicate pair.
        if managers.last().is_some_and(|p: &ManagerRow| (p.manager, p.period) >= (row.manager, row.period)) {
            return Err(BundleError::Unsorted { section: Section::Managers, offset: at });
        }
        managers.push(row);
    }

    rd.section = Section::Splits;
    let ns = rd.count(10)?;
    let mut splits = Vec::with_capacity(ns);
    for _ in 0..ns {
        let at = rd.pos;
        let customer = rd.sym(customer_ids.len(), "customer")?;
        let manager = rd.sym(manager_ids.len(), "manager")?;
        let mut share = [0u8; 8];
        share.copy_from_slice(rd.bytes(8)?);
        let share = f64::from_le_bytes(share);
        if !share.is_finite() {
            return Err(rd.invalid("share"));
        }
        if splits.last().is_some_and(|p: &Split| (p.customer, p.manager) >= (customer, manager)) {
            return Err(BundleError::Unsorted { section: Section::Splits, offset: at });
        }
        splits.push(Split { customer, manager, share });
    }

    rd.section = Section::Customers;
    let mut per_period = Vec::with_capacity(periods.len());
    let mut n: usize = 0;
    for _ in &periods {
        let k = rd.count(1)?;
        n = n.checked_add(k).filter(|&t| t <= rd.remaining()).ok_or_else(|| rd.truncated())?;
        per_period.push(k);
    }

    // Customer column.
    let mode = rd.u8()?;
    if mode != 0 {
        return Err(rd.invalid("column mode"));
    }
    let len = rd.count(1)?;
    let mut cr = Reader { b: rd.bytes(len)?, pos: 0, section: Section::Customers };
    let template = CustomerRow {
        period: l,
        customer: Sym(0),
        name: Sym(0),
        kind: Kind::Retail,
        branch: Sym(0),
        manager: None,
        open_date: Date(0),
        deposit_avg: Amount::ZERO,
        loan_balance: Amount::ZERO,
        aum: Amount::ZERO,
        fee_income: Amount::ZERO,
        products: ProductSet(0),
        txn_count: 0,
        industry: None,
        loan_class: None,
        overdue_days: None,
        last_contact: None,
        complaints: None,
        phone: None,
    };
    let mut rows = Vec::with_capacity(n);
    for (&p, &k) in periods.iter().zip(&per_period) {
        let mut next: u64 = 0;
        for _ in 0..k {
            let id = next.checked_add(cr.uv()?).ok_or_else(|| cr.invalid("customer"))?;
            let customer = match u32::try_from(id) {
                Ok(s) if (s as usize) < customer_ids.len() => Sym(s),
                _ => return Err(cr.invalid("customer")),
            };
            next = id + 1;
            rows.push(CustomerRow { period: p, customer, ..template });
        }
    }
    if cr.remaining() != 0 {
        return Err(cr.invalid("column length"));
    }
    let refs = references(&rows, &per_period);

    let lim =
        Limits { text: text.len(), branches: branch_ids.len(), managers: manager_ids.len(), products: products.len() };
    // The column slices first, then one pass over the rows (each row is touched once, not once
    // per column: the rows are large and many).
    let mut cols: Vec<(Col, bool, usize, Reader<'_>)> = Vec::with_capacity(Col::ALL.len());
    for c in Col::ALL {
        let mode = rd.u8()?;
        if mode > 1 {
            return Err(rd.invalid("column mode"));
        }
        let len = rd.count(1)?;
        let base = rd.pos;
        cols.push((c, mode == 1, base, Reader { b: rd.bytes(len)?, pos: 0, section: Section::Column(c) }));
    }
    for i in 0..rows.len() {
        let prev = refs.get(i).copied().flatten().and_then(|j| rows.get(j)).copied();
        let Some(row) = rows.get_mut(i) else { break };
        for (c, delta, base, cr) in cols.iter_mut() {
            let v = cr.uv()?;
            let code = match (&prev, *delta) {
                (_, false) => v,
                (Some(p), true) => c.code(p).wrapping_add(unzz(v) as u64),
                (None, true) => unzz(v) as u64,
            };
            c.set(row, code, &lim).map_err(|what| BundleError::Invalid {
                section: Section::Column(*c),
                offset: *base + cr.pos,
                what,
            })?;
        }
    }
    for (_, _, _, cr) in &cols {
        if cr.remaining() != 0 {
            return Err(cr.invalid("column length"));
        }
    }
    if rd.remaining() != 0 {
        return Err(BundleError::Trailing(rd.remaining()));
    }

    let dataset =
        Dataset { periods, customers: rows, managers, splits, customer_ids, branch_ids, manager_ids, products, text };
    Ok(Bundle { dataset, period: l, config, masked, branch, complete })
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
