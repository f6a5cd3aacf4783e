//! The three CSV files: headers and rows written through `csv::Writer` (LF line ends, quoting
//! only where needed, which the generated text never needs), numbers through `itoa`.

use std::io::{self, Write};

use crate::customers::{Cust, NO_DATE};
use crate::loans::CLASSES;
use crate::managers::{Mgr, MgrRef, Targets};
use crate::month::CustomerMonth;
use crate::period::Period;
use crate::products::PRODUCTS;
use crate::splits::Split;
use crate::vocab::{push_customer_name, push_person, GRADES, INDUSTRIES};

pub(crate) const CUSTOMERS_HEADER: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone\n";
pub(crate) const MANAGERS_HEADER: &str = "manager_id,name,branch_id,grade,hire_date,status,period,deposit_target,loan_target,fee_target,new_customers_target\n";
pub(crate) const SPLITS_HEADER: &str = "customer_id,manager_id,share\n";

/// One of the generated files: a CSV writer (64 KiB buffer), the record being built (written
/// whole, through the writer's fast path for records) and the bytes of the field being built.
#[derive(Debug)]
pub(crate) struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    record: csv::ByteRecord,
    scratch: Vec<u8>,
}

impl<W: Write> CsvOut<W> {
    pub(crate) fn new(w: W) -> Self {
        CsvOut {
            w: csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(w),
            record: csv::ByteRecord::new(),
            scratch: Vec::new(),
        }
    }

    /// Writes a header line given as `a,b,c\n`.
    pub(crate) fn header(&mut self, line: &str) -> io::Result<()> {
        Ok(self.w.write_record(line.trim_end().split(','))?)
    }

    /// Writes what is buffered and flushes the underlying writer.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    /// Adds one field built by `f` to the record.
    fn field(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.scratch.clear();
        f(&mut self.scratch);
        self.record.push_field(&self.scratch);
    }

    fn text(&mut self, s: &str) {
        self.record.push_field(s.as_bytes());
    }

    /// Writes the record built and starts the next.
    fn end_record(&mut self) -> io::Result<()> {
        self.w.write_byte_record(&self.record)?;
        self.record.clear();
        Ok(())
    }

    /// The credit_splits.csv rows of one shared customer: `customer_id,manager_id,share`.
    pub(crate) fn split_rows(&mut self, s: &Split) -> io::Result<()> {
        for k in 0..usize::from(s.n) {
            self.field(|f| push_cust_id(f, s.cust));
            self.field(|f| push_mgr_id(f, s.mgrs[k] + 1));
            self.field(|f| push_share(f, s.pct[k]));
            self.end_record()?;
        }
        Ok(())
    }

    /// The customers.csv row of customer `i` (`c`) in the period labelled `label`.
    pub(crate) fn customer_row(&mut self, label: &[u8], i: u32, c: &Cust, m: &CustomerMonth) -> io::Result<()> {
        self.record.push_field(label);
        self.field(|f| push_cust_id(f, i));
        self.field(|f| push_customer_name(f, c));
        self.text(if c.corp { "corporate" } else { "retail" });
        self.field(|f| push_branch_id(f, c.branch));
        self.field(|f| match c.mgr {
            MgrRef::None => {}
            MgrRef::Known(m) => push_mgr_id(f, m + 1),
            MgrRef::Unknown(k) => push_mgr_id(f, k),
        });
        self.field(|f| push_date(f, c.open_day));
        for v in [m.deposit, m.loan, m.aum, m.fee] {
            self.field(|f| push_cents(f, v));
        }
        self.field(|f| push_products(f, c.products));
        self.field(|f| push_int(f, m.txn));
        self.field(|f| {
            if c.corp {
                f.push(INDUSTRIES[usize::from(c.industry)].0);
            }
        });
        self.text(if m.loan > 0 && !m.blank_class { CLASSES[usize::from(c.class)] } else { "" });
        self.field(|f| push_int(f, m.overdue));
        self.field(|f| {
            if c.last_contact != NO_DATE {
                push_date(f, c.last_contact);
            }
        });
        self.field(|f| push_int(f, m.complaints));
        self.field(|f| {
            if c.phone != 0 {
                push_int(f, c.phone);
            }
        });
        self.end_record()
    }

    /// The managers.csv row of manager `j` (0-based) in the period labelled `label`; the four
    /// target cells empty without targets.
    pub(crate) fn manager_row(
        &mut self,
        j: u32,
        m: &Mgr,
        active: bool,
        label: &[u8],
        targets: Option<Targets>,
    ) -> io::Result<()> {
        self.field(|f| push_mgr_id(f, j + 1));
        self.field(|f| push_person(f, m.name));
        self.field(|f| push_branch_id(f, m.branch));
        self.text(GRADES[usize::from(m.grade)]);
        self.field(|f| push_date(f, m.hire_day));
        self.text(if active { "active" } else { "left" });
        self.record.push_field(label);
        match targets {
            Some(t) => {
                for amount in t.amounts {
                    self.field(|f| {
                        if let Some(v) = amount {
                            push_cents(f, v);
                        }
                    });
                }
                self.field(|f| push_int(f, t.new_customers.into()));
            }
            None => {
                for _ in 0..4 {
                    self.text("");
                }
            }
        }
        self.end_record()
    }
}

/// `YYYY-MM`.
pub(crate) fn period_label(per: Period) -> Vec<u8> {
    let mut l = Vec::with_capacity(7);
    push_padded(&mut l, per.year.unsigned_abs().into(), 4);
    l.push(b'-');
    push_padded(&mut l, per.month.into(), 2);
    l
}

fn push_int(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// `v` zero-padded to at least `width` digits.
fn push_padded(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(v).as_bytes();
    out.resize(out.len() + width.saturating_sub(digits.len()), b'0');
    out.extend_from_slice(digits);
}

/// Fen as yuan with two decimals: `-12.05`.
fn push_cents(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let a = v.unsigned_abs();
    push_int(out, a / 100);
    out.push(b'.');
    push_padded(out, a % 100, 2);
}

/// `YYYY-MM-DD` of a day number (years clamped to 0–9999).
fn push_date(out: &mut Vec<u8>, day: i32) {
    let (y, m, d) = branchlens_core::Date(day).ymd();
    push_padded(out, u64::from(y.clamp(0, 9999).unsigned_abs()), 4);
    out.push(b'-');
    push_padded(out, m.into(), 2);
    out.push(b'-');
    push_padded(out, d.into(), 2);
}

/// An id: `prefix` and the number `n` zero-padded to `width` digits.
fn push_id(out: &mut Vec<u8>, prefix: u8, n: u64, width: usize) {
    out.push(prefix);
    push_padded(out, n, width);
}

/// `C0000001` for the 0-based customer index `i`.
fn push_cust_id(out: &mut Vec<u8>, i: u32) {
    push_id(out, b'C', u64::from(i) + 1, 7);
}

/// `M0001` for the 1-based manager number `n`.
fn push_mgr_id(out: &mut Vec<u8>, n: u32) {
    push_id(out, b'M', n.into(), 4);
}

/// `B01` for the 0-based branch index `b`.
fn push_branch_id(out: &mut Vec<u8>, b: u16) {
    push_id(out, b'B', u64::from(b) + 1, 2);
}

/// A share in percent as the shortest decimal fraction: `1`, `0.5`, `0.25`, `0.05`.
fn push_share(out: &mut Vec<u8>, pct: u8) {
    if pct >= 100 {
        out.push(b'1');
        return;
    }
    out.extend_from_slice(b"0.");
    push_padded(out, u64::from(pct), 2);
    if pct.is_multiple_of(10) {
        out.pop();
    }
}

/// The `;`-separated product codes of a holding, in `PRODUCTS` order.
fn push_products(out: &mut Vec<u8>, p: u16) {
    let mut first = true;
    for (k, code) in PRODUCTS.iter().enumerate() {
        if p & (1 << k) != 0 {
            if !first {
                out.push(b';');
            }
            out.extend_from_slice(code.as_bytes());
            first = false;
        }
    }
}
