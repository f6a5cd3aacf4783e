//! The dataset builder: rows accumulate while the interners hand out first-seen ids; managers.csv
//! and credit_splits.csv are parsed here (customers.csv in `customers`); `finish` renumbers every
//! pool in string order, translates the rows, drops duplicate keys and sorts.

use super::chunk::{compose, join, remap_parts, RowMaps, Segment, PARALLEL_ROWS};
use super::fields::FieldResult;
use super::header::{m, s, MANAGER_COLUMNS, SPLIT_COLUMNS};
use super::records::{for_each_record, Body};
use super::{SourceStats, TableMapping};
use crate::config::ValueMaps;
use crate::issue::{FileRef, IssueKind, LoadError, RowIssue, Severity};
use crate::model::{CustomerRow, Dataset, Interner, ManagerRow, OptionalColumn, Period, Split, Sym, Targets};

/// Accumulates rows while the interners hand out first-seen ids; `finish` renumbers.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) ds: Dataset,
    pub(super) issues: Vec<RowIssue>,
    /// The position ([`pos`]: source and line) of each row of `ds.customers`.
    pub(super) customer_lines: Vec<u64>,
    manager_lines: Vec<u64>,
    /// Every source read, by index (the high bits of a position).
    pub(super) sources: Vec<FileRef>,
    /// The periods customers sources took from their names, and which source.
    pub(super) name_periods: Vec<(Period, FileRef)>,
    /// Parsed credit splits of every splits source, with their positions, checked in
    /// [`Builder::finish_splits`].
    raw_splits: Vec<(Split, u64)>,
    /// Customers (first-seen ids) that lost a split to an unknown manager, over every source.
    stale_splits: Vec<Sym>,
    /// Which manager syms are listed in managers.csv (first-seen ids).
    pub(super) listed: Vec<bool>,
    /// customers.csv rows in `ds.customers` still hold chunk-local ids: `finish` translates
    /// them, one segment per chunk, straight to the final (string-ordered) ids.
    pub(super) segments: Vec<Segment>,
    /// Tests: parse customers.csv in this many chunks regardless of its size.
    pub(super) force_chunks: Option<usize>,
    /// The `[values.*]` maps in force.
    pub(super) values: ValueMaps,
    /// Per optional customers column (in [`OptionalColumn::ALL`] order): the first source that
    /// has it and every source that lacks it; `finish` derives `ds.columns` from it.
    pub(super) presence: [(Option<FileRef>, Vec<FileRef>); OptionalColumn::ALL.len()],
}

/// Bits of a row position below the source index: a position is `source << 40 | line`, so
/// that rows sort by source, then line, in one `u64`.
const SRC_SHIFT: u32 = 40;

/// The position of `line` of source `src`.
pub(super) fn pos(src: usize, line: u64) -> u64 {
    ((src as u64) << SRC_SHIFT) | line
}

/// (source, line) of a position.
pub(super) fn unpos(pos: u64) -> (usize, u64) {
    ((pos >> SRC_SHIFT) as usize, pos & ((1 << SRC_SHIFT) - 1))
}

/// Interns `s`, trying `hint` (a previous value likely equal) before the hash table.
pub(super) fn intern_hinted(pool: &mut Interner, hint: Option<Sym>, s: &str) -> Sym {
    match hint {
        Some(h) if h.index() < pool.len() && pool.resolve(h) == s => h,
        _ => pool.intern(s),
    }
}

/// The issue of a key seen before at `first` (a position), found again in source `src`.
fn duplicate_of(sources: &[FileRef], src: usize, first: u64) -> IssueKind {
    let (first_src, first_line) = unpos(first);
    if first_src == src {
        IssueKind::DuplicateKey { first_line }
    } else {
        IssueKind::DuplicateKeyIn { first_file: sources[first_src].to_string().into(), first_line }
    }
}

impl Builder {
    /// An empty builder reading values through `values`; `force_chunks` (tests) parses
    /// customers.csv in that many chunks.
    pub(super) fn new(force_chunks: Option<usize>, values: ValueMaps) -> Builder {
        Builder { force_chunks, values, ..Builder::default() }
    }

    /// Registers a source; returns its index.
    pub(super) fn add_source(&mut self, file: &FileRef) -> usize {
        self.sources.push(file.clone());
        self.sources.len() - 1
    }

    fn duplicate_of(&self, src: usize, first: u64) -> IssueKind {
        duplicate_of(&self.sources, src, first)
    }

    /// Parses one managers source (managers are read first: customers and credit splits refer
    /// to them). [`Builder::managers_done`] follows the last.
    pub(super) fn managers(
        &mut self,
        file: &FileRef,
        body: Body<'_>,
        encoding: &'static str,
        mapping: &TableMapping,
    ) -> Result<SourceStats, LoadError> {
        let src = pos(self.add_source(file), 0);
        let mut issues = std::mem::take(&mut self.issues);
        let ds = &mut self.ds;
        let lines = &mut self.manager_lines;
        let status_map = &self.values.status;
        let (rows, skipped, map) =
            for_each_record(file, body, &MANAGER_COLUMNS, mapping, &mut issues, false, |f, issues| {
                let parsed = (|| -> FieldResult<ManagerRow> {
                    let manager = ds.manager_ids.intern(f.required(m::MANAGER_ID)?);
                    let name = ds.text.intern(f.get(m::NAME));
                    let branch = ds.branch_ids.intern(f.required(m::BRANCH_ID)?);
                    let grade = ds.text.intern(f.get(m::GRADE));
                    let hire_date = f.date(m::HIRE_DATE)?;
                    let status = f.status(m::STATUS, status_map)?;
                    let period = f.opt_period(m::PERIOD)?;
                    let targets = Targets {
                        deposit: f.opt_amount(m::DEPOSIT_TARGET)?,
                        loan: f.opt_amount(m::LOAN_TARGET)?,
                        fee: f.opt_amount(m::FEE_TARGET)?,
                        new_customers: f.opt_count(m::NEW_CUSTOMERS_TARGET)?,
                    };
                    Ok(ManagerRow { manager, name, branch, grade, hire_date, status, period, targets })
                })();
                match parsed {
                    Ok(r) => {
                        ds.managers.push(r);
                        lines.push(src | f.line);
                        true
                    }
                    Err(i) => {
                        issues.push(*i);
                        false
                    }
                }
            })?;
        self.issues = issues;
        Ok(SourceStats::of(file, encoding, rows, skipped, &MANAGER_COLUMNS, map.as_ref()))
    }

    /// After the last managers source: which managers are listed.
    pub(super) fn managers_done(&mut self) {
        self.listed = vec![false; self.ds.manager_ids.len()];
        for r in &self.ds.managers {
            self.listed[r.manager.index()] = true;
        }
    }

    /// Parses one credit splits source. A row naming a customer or manager not in the data is
    /// a stale split (a closed account, a manager who left): a warning, and the split is
    /// dropped. The shares are checked over all sources in [`Builder::finish_splits`]; when they
    /// no longer sum to 1 because a stale split was dropped, that too is a warning (the
    /// customer's splits are dropped and it is credited to its manager of record), so that stale
    /// splits never fail the run.
    pub(super) fn splits(
        &mut self,
        file: &FileRef,
        body: Body<'_>,
        encoding: &'static str,
        mapping: &TableMapping,
    ) -> Result<SourceStats, LoadError> {
        let src = pos(self.add_source(file), 0);
        let mut issues = std::mem::take(&mut self.issues);
        let ds = &self.ds;
        let listed = &self.listed;
        let raw = &mut self.raw_splits;
        let stale = &mut self.stale_splits;
        let (rows, skipped, map) =
            for_each_record(file, body, &SPLIT_COLUMNS, mapping, &mut issues, true, |f, issues| {
                let parsed = (|| -> FieldResult<Split> {
                    let cid = f.required(s::CUSTOMER_ID)?;
                    let mid = f.required(s::MANAGER_ID)?;
                    let share = f.share(s::SHARE)?;
                    let Some(customer) = ds.customer_ids.get(cid) else {
                        return Err(f.bad(s::CUSTOMER_ID, cid, IssueKind::UnknownCustomer));
                    };
                    let manager = match ds.manager_ids.get(mid) {
                        Some(m) if listed.get(m.index()).copied().unwrap_or(false) => m,
                        _ => {
                            stale.push(customer);
                            return Err(f.bad(s::MANAGER_ID, mid, IssueKind::UnknownManager));
                        }
                    };
                    Ok(Split { customer, manager, share })
                })();
                match parsed {
                    Ok(s) => {
                        raw.push((s, src | f.line));
                        true
                    }
                    Err(i) => {
                        let kept = i.severity < Severity::Error;
                        issues.push(*i);
                        kept
                    }
                }
            })?;
        self.issues = issues;
        Ok(SourceStats::of(file, encoding, rows, skipped, &SPLIT_COLUMNS, map.as_ref()))
    }

    /// Duplicates and sums of the parsed splits of every source, per customer.
    pub(super) fn finish_splits(&mut self, tolerance: f64) {
        let raw = std::mem::take(&mut self.raw_splits);
        let mut issues = std::mem::take(&mut self.issues);
        let mut stale = std::mem::take(&mut self.stale_splits);
        stale.sort_unstable();
        stale.dedup();
        self.check_split_groups(raw, tolerance, &stale, &mut issues);
        self.issues = issues;
    }

    /// Duplicates and sums of the parsed splits, per customer (first-seen ids are fine for
    /// grouping); the splits that pass go into the dataset. `stale` (sorted) are the customers
    /// that lost a split to an unknown manager: their sum is re-checked as a warning. Returns
    /// the rows skipped.
    fn check_split_groups(
        &mut self,
        mut raw: Vec<(Split, u64)>,
        tolerance: f64,
        stale: &[Sym],
        issues: &mut Vec<RowIssue>,
    ) -> u64 {
        let mut skipped = 0;
        raw.sort_by_key(|(s, line)| (s.customer, *line));
        for group in raw.chunk_by(|a, b| a.0.customer == b.0.customer) {
            let cust = group[0].0.customer;
            let mut ok: Vec<(Split, u64)> = Vec::new();
            for &(s, at) in group {
                let (src, line) = unpos(at);
                if let Some(&(_, first)) = ok.iter().find(|(o, _)| o.manager == s.manager) {
                    let ds = &self.ds;
                    issues.push(RowIssue {
                        file: self.sources[src].clone(),
                        line,
                        cell: None,
                        column: Some("manager_id"),
                        value: format!("({}, {})", ds.customer_ids.resolve(cust), ds.manager_ids.resolve(s.manager)),
                        kind: self.duplicate_of(src, first),
                        severity: Severity::Error,
                    });
                    skipped += 1;
                } else {
                    ok.push((s, at));
                }
            }
            // Sum in line order: a fixed order.
            let sum: f64 = ok.iter().map(|(s, _)| s.share).sum();
            let ds = &mut self.ds;
            if (sum - 1.0).abs() > tolerance {
                let sum_millis = (sum * 1000.0).round() as i64;
                let (kind, severity) = if stale.binary_search(&cust).is_ok() {
                    (IssueKind::SharesSumAfterDrop { sum_millis }, Severity::Warning)
                } else {
                    (IssueKind::SharesSum { sum_millis }, Severity::Error)
                };
                for &(_, at) in &ok {
                    let (src, line) = unpos(at);
                    issues.push(RowIssue {
                        file: self.sources[src].clone(),
                        line,
                        cell: None,
                        column: Some("share"),
                        value: ds.customer_ids.resolve(cust).to_string(),
                        kind: kind.clone(),
                        severity,
                    });
                    skipped += u64::from(severity == Severity::Error);
                }
            } else {
                ds.splits.extend(ok.into_iter().map(|(s, _)| s));
            }
        }
        skipped
    }

    /// Renumbers interners in string order, sorts, drops duplicate customer and manager keys.
    pub(super) fn finish(mut self) -> (Dataset, Vec<RowIssue>) {
        self.optional_columns();
        self.renumber();
        self.dedupe_customers();
        let ds = &mut self.ds;
        ds.periods = ds.customers.iter().map(|r| r.period).collect();
        ds.periods.dedup();
        self.dedupe_managers();
        self.issues.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        (self.ds, self.issues)
    }

    /// The optional customers columns of the dataset: a column absent from any source is
    /// absent (its signals are off for every month). One that some sources have and others
    /// lack is also a warning, which a user would otherwise not guess from the files that have
    /// it, named on the first source without it.
    fn optional_columns(&mut self) {
        for (&col, (with, without)) in OptionalColumn::ALL.iter().zip(&self.presence) {
            let Some(first) = without.first() else { continue };
            self.ds.columns.set_absent(col);
            let Some(with) = with else { continue };
            self.issues.push(RowIssue {
                file: first.clone(),
                line: 1,
                cell: None,
                column: Some(col.name()),
                value: String::new(),
                kind: IssueKind::ColumnInSomeSources {
                    present_in: with.to_string().into(),
                    lacking: without.len(),
                    sources: self.sources.iter().filter(|f| f.kind == first.kind).count(),
                },
                severity: Severity::Warning,
            });
        }
    }

    /// Renumbers every pool in string order and translates the rows' symbols: customers.csv
    /// rows from their chunk-local ids straight to the final ids, one segment per chunk.
    fn renumber(&mut self) {
        let ds = &mut self.ds;
        // (Tests that force chunks take the threaded paths too.)
        let big = ds.customers.len() >= PARALLEL_ROWS || self.force_chunks.is_some_and(|n| n > 1);
        let (customer_ids, text) = (&mut ds.customer_ids, &mut ds.text);
        let (cmap, tmap) = join(big, || customer_ids.finish(), || text.finish());
        let bmap = ds.branch_ids.finish();
        let mmap = ds.manager_ids.finish();
        let pmap = ds.products.finish();
        let maps: Vec<RowMaps<'_>> = self
            .segments
            .iter()
            .map(|seg| RowMaps {
                customers: compose(seg.customers.as_deref(), &cmap),
                text: compose(seg.text.as_deref(), &tmap),
                branches: compose(seg.branches.as_deref(), &bmap),
                managers: compose(seg.managers.as_deref(), &mmap),
                products: seg.products.iter().map(|p| p.map(|g| pmap[g.index()])).collect(),
            })
            .collect();
        let mut parts = Vec::with_capacity(maps.len());
        let mut rest = &mut ds.customers[..];
        for (seg, m) in self.segments.iter().zip(&maps) {
            let (part, tail) = std::mem::take(&mut rest).split_at_mut(seg.rows.len());
            parts.push((part, m));
            rest = tail;
        }
        remap_parts(big, parts);
        drop(maps);
        for r in &mut ds.managers {
            r.manager = mmap[r.manager.index()];
            r.name = tmap[r.name.index()];
            r.branch = bmap[r.branch.index()];
            r.grade = tmap[r.grade.index()];
        }
        for s in &mut ds.splits {
            s.customer = cmap[s.customer.index()];
            s.manager = mmap[s.manager.index()];
        }
        ds.splits.sort_by_key(|s| (s.customer, s.manager));
    }

    /// Customers: sorts by (period, customer, line) and keeps the first of each key. Exports are
    /// usually in that order already (then nothing moves and no key repeats).
    fn dedupe_customers(&mut self) {
        let ds = &mut self.ds;
        let key = |r: &CustomerRow| (u64::from(r.period.0) << 32) | u64::from(r.customer.0);
        if ds.customers.windows(2).all(|w| key(&w[0]) < key(&w[1])) {
            return;
        }
        let mut order: Vec<(u64, u64, u32)> = ds
            .customers
            .iter()
            .zip(&self.customer_lines)
            .enumerate()
            .map(|(i, (r, &line))| (key(r), line, i as u32))
            .collect();
        order.sort_unstable();
        let mut rows = Vec::with_capacity(order.len());
        let mut prev: Option<(u64, u64)> = None;
        for &(key, at, i) in &order {
            let r = ds.customers[i as usize];
            match prev {
                Some((k, first)) if k == key => {
                    let (src, line) = unpos(at);
                    let kind = duplicate_of(&self.sources, src, first);
                    self.issues.push(RowIssue {
                        file: self.sources[src].clone(),
                        line,
                        cell: None,
                        column: Some("customer_id"),
                        value: format!("({}, {})", r.period, ds.customer_ids.resolve(r.customer)),
                        kind,
                        severity: Severity::Error,
                    });
                }
                _ => {
                    prev = Some((key, at));
                    rows.push(r);
                }
            }
        }
        drop(order);
        ds.customers = rows;
    }

    /// Managers: sorts by (manager, period with undated first, line) and keeps the first.
    fn dedupe_managers(&mut self) {
        let ds = &mut self.ds;
        let mut order: Vec<(Sym, Option<Period>, u64, usize)> = ds
            .managers
            .iter()
            .zip(&self.manager_lines)
            .enumerate()
            .map(|(i, (r, &l))| (r.manager, r.period, l, i))
            .collect();
        order.sort_unstable();
        let mut rows = Vec::with_capacity(order.len());
        let mut prev: Option<(Sym, Option<Period>, u64)> = None;
        for &(m, p, at, i) in &order {
            match prev {
                Some((pm, pp, first)) if pm == m && pp == p => {
                    let (src, line) = unpos(at);
                    let kind = duplicate_of(&self.sources, src, first);
                    self.issues.push(RowIssue {
                        file: self.sources[src].clone(),
                        line,
                        cell: None,
                        column: Some("manager_id"),
                        value: match p {
                            Some(p) => format!("({}, {p})", ds.manager_ids.resolve(m)),
                            None => ds.manager_ids.resolve(m).to_string(),
                        },
                        kind,
                        severity: Severity::Error,
                    });
                }
                _ => {
                    prev = Some((m, p, at));
                    rows.push(ds.managers[i]);
                }
            }
        }
        ds.managers = rows;
    }
}
