//! customers.csv: the data rows cut into record-aligned chunks, each chunk parsed into rows with
//! chunk-local ids (its own copies of the pools), then merged into the dataset in order.

use super::builder::{intern_hinted, Builder};
use super::chunk::{adopt_or_map, chunk_count, record_chunks, run_chunks, Segment};
use super::fields::{FieldResult, Fields};
use super::header::{c, HeaderMap, CUSTOMER_COLUMNS};
use super::records::{count_lines, read_header, read_records};
use super::FileStats;
use crate::issue::{clip, FileKind, IssueKind, LoadError, RowIssue};
use crate::model::{
    Amount, CustomerRow, Date, Industry, Interner, Kind, LoanClass, OptionalColumn, Period, ProductSet, Sym,
    MAX_PRODUCTS,
};

/// Read-only state shared by the chunk parsers.
pub(super) struct Shared<'a> {
    map: &'a HeaderMap,
    /// The dataset's pools as managers.csv left them. Each chunk starts from a copy, so the ids
    /// below their lengths mean the same in every chunk and in the dataset.
    text: &'a Interner,
    branch_ids: &'a Interner,
    manager_ids: &'a Interner,
    /// Which of `manager_ids` are listed in managers.csv, to flag unknown references.
    listed: &'a [bool],
    /// Rows to reserve room for in the first chunk: all the rows of the file, so that the
    /// other chunks' rows are appended to it without moving it.
    first_chunk_rows: usize,
}

/// customers.csv rows parsed from one chunk, with chunk-local ids.
#[derive(Default)]
pub(super) struct CustomerChunk {
    rows: Vec<CustomerRow>,
    lines: Vec<u64>,
    issues: Vec<RowIssue>,
    customer_ids: Interner,
    text: Interner,
    branch_ids: Interner,
    manager_ids: Interner,
    products: Interner,
    rows_seen: u64,
    skipped: u64,
}

/// A customer's interned values in its latest row: hints for its next row.
#[derive(Clone, Copy)]
struct LastText {
    name: Sym,
    phone: Option<Sym>,
    branch: Sym,
    manager: Option<Sym>,
}

/// What a chunk parser remembers from row to row to skip lookups.
#[derive(Default)]
struct Hints {
    /// Per customer: the texts of its last row. Names and phones rarely change between months,
    /// so comparing with these skips most lookups in the large text interner.
    last_text: Vec<LastText>,
    /// Distinct product lists are few: one lookup per row instead of one per code.
    product_sets: hashbrown::HashMap<Box<str>, ProductSet>,
    /// The previous row's customer.
    prev_customer: Option<Sym>,
}

/// The typed values of one customers.csv row, before interning.
struct Values<'f> {
    period: Period,
    customer_id: &'f str,
    kind: Kind,
    branch_id: &'f str,
    open_date: Date,
    deposit_avg: Amount,
    loan_balance: Amount,
    aum: Amount,
    fee_income: Amount,
    txn_count: u32,
    industry: Option<Industry>,
    loan_class: Option<LoanClass>,
    overdue_days: Option<u32>,
    last_contact: Option<Date>,
    complaints: Option<u32>,
}

/// Parses the typed fields of a row, in column order (the first bad one is the row's issue).
fn values<'f>(f: &'f Fields<'_>) -> FieldResult<Values<'f>> {
    Ok(Values {
        period: f.period(c::PERIOD)?,
        customer_id: f.required(c::CUSTOMER_ID)?,
        kind: f.kind(c::KIND)?,
        branch_id: f.required(c::BRANCH_ID)?,
        open_date: f.date(c::OPEN_DATE)?,
        deposit_avg: f.amount(c::DEPOSIT_AVG, true)?,
        loan_balance: f.amount(c::LOAN_BALANCE, true)?,
        aum: f.amount(c::AUM, true)?,
        fee_income: f.amount(c::FEE_INCOME, false)?,
        txn_count: f.count(c::TXN_COUNT)?,
        industry: f.opt_industry(c::INDUSTRY)?,
        loan_class: f.opt_loan_class(c::LOAN_CLASS)?,
        overdue_days: f.opt_count(c::OVERDUE_DAYS)?,
        last_contact: f.opt_date(c::LAST_CONTACT)?,
        complaints: f.opt_count(c::COMPLAINTS)?,
    })
}

/// Parses the customers.csv rows in `body` (starting on `first_line`).
pub(super) fn parse_customer_chunk(
    body: &str,
    first_line: u64,
    first: bool,
    shared: &Shared<'_>,
) -> Result<CustomerChunk, LoadError> {
    let mut ch = CustomerChunk {
        text: shared.text.clone(),
        branch_ids: shared.branch_ids.clone(),
        manager_ids: shared.manager_ids.clone(),
        ..CustomerChunk::default()
    };
    let reserve = if first { shared.first_chunk_rows } else { body.len() / 110 + 16 };
    ch.rows.reserve(reserve);
    ch.lines.reserve(reserve);
    let mut hints = Hints::default();
    let mut issues = Vec::new();
    let (rows, skipped) = read_records(
        FileKind::Customers,
        body,
        first_line,
        shared.map,
        &CUSTOMER_COLUMNS,
        &mut issues,
        |f, issues| match values(f) {
            Ok(v) => {
                let row = ch.intern_row(f, v, &mut hints, shared.listed, issues);
                ch.rows.push(row);
                ch.lines.push(f.line);
                true
            }
            Err(i) => {
                issues.push(i);
                false
            }
        },
    )?;
    ch.issues = issues;
    ch.rows_seen = rows;
    ch.skipped = skipped;
    Ok(ch)
}

impl CustomerChunk {
    /// The row of parsed values `v`: its texts interned into the chunk's pools, and the warnings
    /// about its references and values recorded.
    fn intern_row(
        &mut self,
        f: &Fields<'_>,
        v: Values<'_>,
        hints: &mut Hints,
        listed: &[bool],
        issues: &mut Vec<RowIssue>,
    ) -> CustomerRow {
        // Exports list customers in the same order every month: the id after the previous row's
        // is usually this row's (a check on memory read in sequence, no hashing).
        let customer =
            intern_hinted(&mut self.customer_ids, hints.prev_customer.map(|p: Sym| Sym(p.0 + 1)), v.customer_id);
        hints.prev_customer = Some(customer);
        // The customer's previous row: its texts, branch and manager rarely change.
        let last = hints.last_text.get(customer.index()).copied();
        let manager_id = f.get(c::MANAGER_ID);
        let manager = (!manager_id.is_empty())
            .then(|| intern_hinted(&mut self.manager_ids, last.and_then(|l| l.manager), manager_id));
        if manager.is_some_and(|m| !listed.get(m.index()).copied().unwrap_or(false)) {
            issues.push(f.issue(c::MANAGER_ID, manager_id, IssueKind::UnknownManager));
        }
        let products = self.products_of(f, &mut hints.product_sets, issues);
        value_warnings(f, &v, issues);
        let name = intern_hinted(&mut self.text, last.map(|l| l.name), f.get(c::NAME));
        let phone = f.get(c::PHONE);
        let phone = (!phone.is_empty()).then(|| intern_hinted(&mut self.text, last.and_then(|l| l.phone), phone));
        let branch = intern_hinted(&mut self.branch_ids, last.map(|l| l.branch), v.branch_id);
        let now = LastText { name, phone, branch, manager };
        if customer.index() == hints.last_text.len() {
            hints.last_text.push(now);
        } else if let Some(slot) = hints.last_text.get_mut(customer.index()) {
            *slot = now;
        }
        CustomerRow {
            period: v.period,
            customer,
            name,
            kind: v.kind,
            branch,
            manager,
            open_date: v.open_date,
            deposit_avg: v.deposit_avg,
            loan_balance: v.loan_balance,
            aum: v.aum,
            fee_income: v.fee_income,
            products,
            txn_count: v.txn_count,
            industry: v.industry,
            loan_class: if v.loan_balance.0 > 0 { v.loan_class } else { None },
            overdue_days: v.overdue_days,
            last_contact: v.last_contact,
            complaints: v.complaints,
            phone,
        }
    }

    /// The product set of the row's `products` list; a code beyond [`MAX_PRODUCTS`] is dropped
    /// with a warning.
    fn products_of(
        &mut self,
        f: &Fields<'_>,
        sets: &mut hashbrown::HashMap<Box<str>, ProductSet>,
        issues: &mut Vec<RowIssue>,
    ) -> ProductSet {
        let raw_products = f.get(c::PRODUCTS);
        if let Some(&set) = sets.get(raw_products) {
            return set;
        }
        let mut set = ProductSet::default();
        let mut complete = true;
        for code in raw_products.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            if self.products.get(code).is_none() && self.products.len() >= MAX_PRODUCTS {
                issues.push(f.issue(c::PRODUCTS, code, IssueKind::TooManyProducts));
                complete = false;
                continue;
            }
            set.insert(self.products.intern(code));
        }
        // Only a complete set is remembered, so every row that drops a code says so.
        if complete {
            sets.insert(raw_products.into(), set);
        }
        set
    }
}

/// Warnings about values that are each valid but do not fit together: a loan without a class,
/// a class without a loan, dates after the end of the row's period.
fn value_warnings(f: &Fields<'_>, v: &Values<'_>, issues: &mut Vec<RowIssue>) {
    // (Without a loan_class column the class is unknown, not empty: no warning per row.)
    if v.loan_balance.0 > 0 && v.loan_class.is_none() && f.map.index[c::LOAN_CLASS].is_some() {
        issues.push(f.issue(c::LOAN_BALANCE, f.get(c::LOAN_BALANCE), IssueKind::LoanWithoutClass));
    }
    if v.loan_balance.0 == 0 && v.loan_class.is_some() {
        issues.push(f.issue(c::LOAN_CLASS, f.get(c::LOAN_CLASS), IssueKind::ClassWithoutLoan));
    }
    let end = v.period.last_day();
    if v.open_date > end {
        issues.push(f.issue(c::OPEN_DATE, f.get(c::OPEN_DATE), IssueKind::DateAfterPeriod));
    }
    if v.last_contact.is_some_and(|d| d > end) {
        issues.push(f.issue(c::LAST_CONTACT, f.get(c::LAST_CONTACT), IssueKind::DateAfterPeriod));
    }
}

impl Builder {
    /// Parses customers.csv: the data rows are cut into record-aligned chunks (one per core with
    /// the `parallel` feature, else one), each parsed with its own interners, then merged in
    /// order. The result does not depend on the number of chunks.
    pub(super) fn customers(&mut self, text: String, encoding: &'static str) -> Result<FileStats, LoadError> {
        let file = FileKind::Customers;
        let Some((map, body_start)) = read_header(file, &text, &CUSTOMER_COLUMNS, &mut self.issues, false)? else {
            return Err(LoadError::NoDataRows { file });
        };
        for (col, i) in [
            (OptionalColumn::Industry, c::INDUSTRY),
            (OptionalColumn::LoanClass, c::LOAN_CLASS),
            (OptionalColumn::OverdueDays, c::OVERDUE_DAYS),
            (OptionalColumn::LastContact, c::LAST_CONTACT),
            (OptionalColumn::Complaints, c::COMPLAINTS),
            (OptionalColumn::Phone, c::PHONE),
        ] {
            if map.index[i].is_none() {
                self.ds.columns.set_absent(col);
            }
        }
        let body = &text[body_start..];
        let first_line = 1 + count_lines(text.as_bytes(), 0..body_start);
        let parts = self.force_chunks.unwrap_or_else(|| chunk_count(body.len()));
        let ranges = record_chunks(body.as_bytes(), parts);
        let mut starts = Vec::with_capacity(ranges.len());
        let mut line = first_line;
        let mut prev = 0;
        for r in &ranges {
            line += count_lines(body.as_bytes(), prev..r.start);
            prev = r.start;
            starts.push(line);
        }
        let shared = Shared {
            map: &map,
            text: &self.ds.text,
            branch_ids: &self.ds.branch_ids,
            manager_ids: &self.ds.manager_ids,
            listed: &self.listed,
            first_chunk_rows: body.len() / 110 + 16,
        };
        let jobs: Vec<(&str, u64)> = ranges.iter().map(|r| &body[r.clone()]).zip(starts).collect();
        let chunks = run_chunks(&jobs, &shared);
        drop(jobs);
        drop(text);
        let (mut rows, mut skipped) = (0, 0);
        let seeds = (self.ds.text.len(), self.ds.branch_ids.len(), self.ds.manager_ids.len());
        for chunk in chunks {
            let chunk = chunk?;
            rows += chunk.rows_seen;
            skipped += chunk.skipped;
            self.merge(chunk, seeds);
        }
        if rows == 0 {
            return Err(LoadError::NoDataRows { file });
        }
        Ok(FileStats { file, encoding, rows, skipped })
    }

    /// Moves a parsed chunk into the dataset: its strings into the dataset's pools, its rows
    /// (still with local ids, translated in `finish`) to the end of `ds.customers`.
    /// `seeds`: the lengths of the text, branch and manager pools each chunk started from.
    fn merge(&mut self, mut ch: CustomerChunk, seeds: (usize, usize, usize)) {
        let ds = &mut self.ds;
        let customers = adopt_or_map(&mut ds.customer_ids, ch.customer_ids, 0);
        let text = adopt_or_map(&mut ds.text, ch.text, seeds.0);
        let branches = adopt_or_map(&mut ds.branch_ids, ch.branch_ids, seeds.1);
        let managers = adopt_or_map(&mut ds.manager_ids, ch.manager_ids, seeds.2);
        // Product codes beyond the dataset's limit are dropped, with a warning on each row.
        let mut products: Vec<Option<Sym>> = Vec::with_capacity(ch.products.len());
        for (local, code) in ch.products.iter() {
            if ds.products.get(code).is_none() && ds.products.len() >= MAX_PRODUCTS {
                products.push(None);
                for (r, &line) in ch.rows.iter().zip(&ch.lines) {
                    if r.products.contains(local) {
                        self.issues.push(RowIssue {
                            file: FileKind::Customers,
                            line,
                            column: Some("products"),
                            value: clip(code),
                            kind: IssueKind::TooManyProducts,
                            severity: IssueKind::TooManyProducts.severity(),
                        });
                    }
                }
            } else {
                products.push(Some(ds.products.intern(code)));
            }
        }
        let start = ds.customers.len();
        if ds.customers.is_empty() {
            ds.customers = ch.rows;
            self.customer_lines = ch.lines;
        } else {
            ds.customers.append(&mut ch.rows);
            self.customer_lines.append(&mut ch.lines);
        }
        self.segments.push(Segment { rows: start..ds.customers.len(), customers, text, branches, managers, products });
        self.issues.append(&mut ch.issues);
    }
}
