//! customers.csv: the data rows cut into record-aligned chunks, each chunk parsed into rows with
//! chunk-local ids (its own copies of the pools), then merged into the dataset in order.

use super::builder::{intern_hinted, Builder};
use super::cells::SheetRecords;
use super::chunk::{adopt_or_map, chunk_count, record_chunks, run_chunks, Segment};
use super::fields::{FieldResult, Fields};
use super::header::{c, HeaderMap, CUSTOMER_COLUMNS};
use super::records::{count_lines, read_header, read_records};
use super::source::period_from_name;
use super::{SourceStats, TableMapping};
use crate::config::ValueMaps;
use crate::issue::{clip, FileKind, FileRef, IssueKind, LoadError, RowIssue};
use crate::model::{
    Amount, CustomerRow, Date, Industry, Interner, Kind, LoanClass, OptionalColumn, Period, ProductSet, Sym,
    MAX_PRODUCTS,
};

/// Read-only state shared by the chunk parsers.
pub(super) struct Shared<'a> {
    file: &'a FileRef,
    map: &'a HeaderMap,
    /// The period of every row, from the file name, when the source has no period column.
    fixed_period: Option<Period>,
    /// The dataset's pools as managers.csv left them. Each chunk starts from a copy, so the ids
    /// below their lengths mean the same in every chunk and in the dataset.
    text: &'a Interner,
    branch_ids: &'a Interner,
    manager_ids: &'a Interner,
    /// Which of `manager_ids` are listed in managers.csv, to flag unknown references.
    listed: &'a [bool],
    /// The `[values.*]` maps in force.
    values: &'a ValueMaps,
    /// Rows to reserve room for in the first chunk: all the rows of the file, so that the
    /// other chunks' rows are appended to it without moving it.
    first_chunk_rows: usize,
    /// The source's index, shifted into the high bits of a row's position ([`super::builder::pos`]).
    src: u64,
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
fn values<'f>(f: &'f Fields<'_>, fixed_period: Option<Period>, maps: &ValueMaps) -> FieldResult<Values<'f>> {
    Ok(Values {
        period: match fixed_period {
            Some(p) => p,
            None => f.period(c::PERIOD)?,
        },
        customer_id: f.required(c::CUSTOMER_ID)?,
        kind: f.kind(c::KIND, &maps.kind)?,
        branch_id: f.required(c::BRANCH_ID)?,
        open_date: f.date(c::OPEN_DATE)?,
        deposit_avg: f.amount(c::DEPOSIT_AVG, true)?,
        loan_balance: f.amount(c::LOAN_BALANCE, true)?,
        aum: f.amount(c::AUM, true)?,
        fee_income: f.amount(c::FEE_INCOME, false)?,
        txn_count: f.count(c::TXN_COUNT)?,
        industry: f.opt_industry(c::INDUSTRY, &maps.industry)?,
        loan_class: f.opt_loan_class(c::LOAN_CLASS, &maps.loan_class)?,
        overdue_days: f.opt_count(c::OVERDUE_DAYS)?,
        last_contact: f.opt_date(c::LAST_CONTACT)?,
        complaints: f.opt_count(c::COMPLAINTS)?,
    })
}

/// The rows of one chunk: CSV text starting on a line, or a whole worksheet.
#[derive(Clone, Copy)]
pub(super) enum ChunkBody<'a> {
    Csv(&'a str, u64),
    Sheet(&'a SheetRecords),
}

/// Parses the customers.csv rows in `body`.
pub(super) fn parse_customer_chunk(
    body: ChunkBody<'_>,
    first: bool,
    shared: &Shared<'_>,
) -> Result<CustomerChunk, LoadError> {
    let mut ch = CustomerChunk {
        text: shared.text.clone(),
        branch_ids: shared.branch_ids.clone(),
        manager_ids: shared.manager_ids.clone(),
        ..CustomerChunk::default()
    };
    let reserve = match body {
        _ if first => shared.first_chunk_rows,
        ChunkBody::Csv(text, _) => text.len() / 110 + 16,
        ChunkBody::Sheet(_) => 0,
    };
    ch.rows.reserve(reserve);
    ch.lines.reserve(reserve);
    let mut hints = Hints::default();
    let mut issues = Vec::new();
    let row = |f: &Fields<'_>, issues: &mut Vec<RowIssue>| match values(f, shared.fixed_period, shared.values) {
        Ok(v) => {
            let row = ch.intern_row(f, v, &mut hints, shared, issues);
            ch.rows.push(row);
            ch.lines.push(shared.src | f.line);
            true
        }
        Err(i) => {
            issues.push(*i);
            false
        }
    };
    let (rows, skipped) = match body {
        ChunkBody::Csv(text, first_line) => {
            read_records(shared.file, text, first_line, shared.map, &CUSTOMER_COLUMNS, &mut issues, row)?
        }
        ChunkBody::Sheet(sheet) => sheet.read_records(shared.file, shared.map, &CUSTOMER_COLUMNS, &mut issues, row),
    };
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
        shared: &Shared<'_>,
        issues: &mut Vec<RowIssue>,
    ) -> CustomerRow {
        let listed = shared.listed;
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
        let products = self.products_of(f, &shared.values.products, &mut hints.product_sets, issues);
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

    /// The product set of the row's `products` list, each code through `map` (`[values.products]`)
    /// when it has it; a code beyond [`MAX_PRODUCTS`] is dropped with a warning.
    fn products_of(
        &mut self,
        f: &Fields<'_>,
        map: &super::fields::ValueMap,
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
            let code = map.get(code).map_or(code, String::as_str);
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

/// The text of one customers source: CSV text, or a worksheet.
pub(super) enum CustomerBody {
    Csv(String),
    Sheet(SheetRecords),
}

/// The chunks of the CSV data rows from `body_start` of `text`, each with its first line.
fn csv_jobs(text: &str, body_start: usize, force_chunks: Option<usize>) -> Vec<(ChunkBody<'_>, bool)> {
    let body = &text[body_start..];
    let first_line = 1 + count_lines(text.as_bytes(), 0..body_start);
    let parts = force_chunks.unwrap_or_else(|| chunk_count(body.len()));
    let ranges = record_chunks(body.as_bytes(), parts);
    let mut line = first_line;
    let mut prev = 0;
    let mut jobs = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        line += count_lines(body.as_bytes(), prev..r.start);
        prev = r.start;
        jobs.push((ChunkBody::Csv(&body[r.clone()], line), i == 0));
    }
    jobs
}

impl Builder {
    /// Parses one customers source. CSV text: the data rows are cut into record-aligned chunks
    /// (one per core with the `parallel` feature, else one), each parsed with its own interners,
    /// then merged in order; the result does not depend on the number of chunks. A sheet is one
    /// chunk. Without a period column the period comes from the source's name.
    pub(super) fn customers(
        &mut self,
        file: &FileRef,
        body: CustomerBody,
        encoding: &'static str,
        mapping: &TableMapping,
    ) -> Result<SourceStats, LoadError> {
        let kind = FileKind::Customers;
        // The contract file keeps its rule: the period column is required.
        let may_lack = (!file.is_contract()).then_some(c::PERIOD);
        let src = self.add_source(file);
        let (map, csv) = match &body {
            CustomerBody::Csv(text) => {
                let header = read_header(file, text, &CUSTOMER_COLUMNS, mapping, may_lack, &mut self.issues, false)?;
                let Some((map, body_start)) = header else { return Err(LoadError::NoDataRows { file: kind }) };
                (map, Some((text.as_str(), body_start)))
            }
            CustomerBody::Sheet(sheet) => {
                let map = sheet.header_map(file, &CUSTOMER_COLUMNS, mapping, may_lack, &mut self.issues, false)?;
                let Some(map) = map else { return Err(LoadError::NoDataRows { file: kind }) };
                (map, None)
            }
        };
        // Which optional columns this source has; `Builder::optional_columns` derives the
        // dataset's absent set (absent from any source) and the mixed-presence warning.
        for (k, (col, i)) in [
            (OptionalColumn::Industry, c::INDUSTRY),
            (OptionalColumn::LoanClass, c::LOAN_CLASS),
            (OptionalColumn::OverdueDays, c::OVERDUE_DAYS),
            (OptionalColumn::LastContact, c::LAST_CONTACT),
            (OptionalColumn::Complaints, c::COMPLAINTS),
            (OptionalColumn::Phone, c::PHONE),
        ]
        .into_iter()
        .enumerate()
        {
            debug_assert_eq!(OptionalColumn::ALL[k], col);
            let (with, without) = &mut self.presence[k];
            if map.index[i].is_none() {
                without.push(file.clone());
            } else if with.is_none() {
                *with = Some(file.clone());
            }
        }
        let fixed_period = match map.index[c::PERIOD] {
            Some(_) => None,
            None => Some(self.name_period(file)?),
        };
        let first_chunk_rows = csv.map_or(0, |(text, start)| (text.len() - start) / 110 + 16);
        let shared = Shared {
            file,
            map: &map,
            fixed_period,
            text: &self.ds.text,
            branch_ids: &self.ds.branch_ids,
            manager_ids: &self.ds.manager_ids,
            listed: &self.listed,
            first_chunk_rows,
            src: super::builder::pos(src, 0),
            values: &self.values,
        };
        let chunks = match (&body, csv) {
            (CustomerBody::Csv(_), Some((text, body_start))) => {
                let jobs = csv_jobs(text, body_start, self.force_chunks);
                run_chunks(&jobs, &shared)
            }
            (CustomerBody::Sheet(sheet), _) => vec![parse_customer_chunk(ChunkBody::Sheet(sheet), true, &shared)],
            (CustomerBody::Csv(_), None) => Vec::new(),
        };
        drop(body);
        let (mut rows, mut skipped) = (0, 0);
        let seeds = (self.ds.text.len(), self.ds.branch_ids.len(), self.ds.manager_ids.len());
        for chunk in chunks {
            let chunk = chunk?;
            rows += chunk.rows_seen;
            skipped += chunk.skipped;
            self.merge(chunk, seeds);
        }
        if rows == 0 {
            return Err(LoadError::NoDataRows { file: kind });
        }
        Ok(SourceStats::new(file, encoding, rows, skipped, &CUSTOMER_COLUMNS, &map))
    }

    /// The period a customers source without a period column takes from its name; two sources
    /// may not give the same one.
    fn name_period(&mut self, file: &FileRef) -> Result<Period, LoadError> {
        let Some(period) = period_from_name(&file.name) else {
            return Err(LoadError::NoPeriodInName { file: file.clone() });
        };
        if let Some((_, first)) = self.name_periods.iter().find(|(p, _)| *p == period) {
            return Err(LoadError::SamePeriodInNames { period, first: first.clone(), second: file.clone() });
        }
        self.name_periods.push((period, file.clone()));
        Ok(period)
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
                for (r, &pos) in ch.rows.iter().zip(&ch.lines) {
                    if r.products.contains(local) {
                        let (src, line) = super::builder::unpos(pos);
                        self.issues.push(RowIssue {
                            file: self.sources[src].clone(),
                            line,
                            cell: None,
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
