//! The customers section: the rows per period, the customer column (per period the first id,
//! then the gaps minus one), then one column per [`Col`], each stored raw or as the zigzag
//! difference from the same customer's row in the previous period, whichever is shorter.

use branchlens_core::model::{Amount, CustomerRow, Date, Kind, Period, ProductSet, Sym};

use crate::columns::{Col, Limits};
use crate::header::Header;
use crate::select::Selection;
use crate::tables::Tables;
use crate::varint::{put_uv, unzz, zz, Reader};
use crate::{BundleError, Section};

pub(crate) fn encode_customers(buf: &mut Vec<u8>, sel: &Selection<'_>, l: Period) {
    let rows = bundle_rows(sel, l);
    let per_period: Vec<usize> = sel.periods.iter().map(|&p| rows.iter().filter(|r| r.period == p).count()).collect();
    for &n in &per_period {
        put_uv(buf, n as u64);
    }
    let refs = references(&rows, &per_period);

    // The customer column: per period, the first id, then gaps − 1.
    let mut col = Vec::new();
    let mut start = 0;
    for &n in &per_period {
        let mut last: Option<u32> = None;
        for r in &rows[start..start + n] {
            put_uv(&mut col, u64::from(r.customer.0 - last.map_or(0, |x| x + 1)));
            last = Some(r.customer.0);
        }
        start += n;
    }
    buf.push(0);
    put_uv(buf, col.len() as u64);
    buf.extend_from_slice(&col);

    for c in Col::ALL {
        let mut raw = Vec::new();
        let mut delta = Vec::new();
        for (r, rf) in rows.iter().zip(&refs) {
            let code = c.code(r);
            put_uv(&mut raw, code);
            let base = rf.map_or(0, |i| c.code(&rows[i]));
            put_uv(&mut delta, zz(code.wrapping_sub(base) as i64));
        }
        let (mode, bytes) = if delta.len() < raw.len() { (1u8, delta) } else { (0u8, raw) };
        buf.push(mode);
        put_uv(buf, bytes.len() as u64);
        buf.extend_from_slice(&bytes);
    }
}

/// The selected rows with their symbols renumbered into the bundle's tables; names and phones
/// on the `L` rows only.
fn bundle_rows(sel: &Selection<'_>, l: Period) -> Vec<CustomerRow> {
    let empty = sel.text_sym(Sym(0));
    let mut l_texts = sel.l_texts.iter();
    sel.rows
        .iter()
        .map(|r| {
            let mut o = **r;
            o.customer = sel.customers.get(r.customer);
            o.branch = sel.branches.get(r.branch);
            o.manager = r.manager.map(|m| sel.manager_ids.get(m));
            if r.period == l {
                let (name, phone) = l_texts.next().copied().unwrap_or((Sym(0), None));
                o.name = sel.text_sym(name);
                o.phone = phone.map(|p| sel.text_sym(p));
            } else {
                o.name = empty;
                o.phone = None;
            }
            o
        })
        .collect()
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

pub(crate) fn decode_customers(rd: &mut Reader<'_>, h: &Header, t: &Tables) -> Result<Vec<CustomerRow>, BundleError> {
    rd.section = Section::Customers;
    let mut per_period = Vec::with_capacity(h.periods.len());
    let mut n: usize = 0;
    for _ in &h.periods {
        let k = rd.count(1)?;
        n = n.checked_add(k).filter(|&t| t <= rd.remaining()).ok_or_else(|| rd.truncated())?;
        per_period.push(k);
    }
    let mut rows = decode_ids(rd, h, t, &per_period, n)?;
    let refs = references(&rows, &per_period);
    decode_columns(rd, t, &mut rows, &refs)?;
    Ok(rows)
}

/// The customer column: one row per id, every other value still to be read.
fn decode_ids(
    rd: &mut Reader<'_>,
    h: &Header,
    t: &Tables,
    per_period: &[usize],
    n: usize,
) -> Result<Vec<CustomerRow>, BundleError> {
    let mode = rd.u8()?;
    if mode != 0 {
        return Err(rd.invalid("column mode"));
    }
    let len = rd.count(1)?;
    let mut cr = Reader::new(rd.bytes(len)?, Section::Customers);
    let template = CustomerRow {
        period: h.period,
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
    for (&p, &k) in h.periods.iter().zip(per_period) {
        let mut next: u64 = 0;
        for _ in 0..k {
            let id = next.checked_add(cr.uv()?).ok_or_else(|| cr.invalid("customer"))?;
            let customer = match u32::try_from(id) {
                Ok(s) if (s as usize) < t.customer_ids.len() => Sym(s),
                _ => return Err(cr.invalid("customer")),
            };
            next = id + 1;
            rows.push(CustomerRow { period: p, customer, ..template });
        }
    }
    if cr.remaining() != 0 {
        return Err(cr.invalid("column length"));
    }
    Ok(rows)
}

/// The columns of [`Col`]: the column slices first, then one pass over the rows (each row is
/// touched once, not once per column: the rows are large and many).
fn decode_columns(
    rd: &mut Reader<'_>,
    t: &Tables,
    rows: &mut [CustomerRow],
    refs: &[Option<usize>],
) -> Result<(), BundleError> {
    let lim = Limits {
        text: t.text.len(),
        branches: t.branch_ids.len(),
        managers: t.manager_ids.len(),
        products: t.products.len(),
    };
    let mut cols: Vec<(Col, bool, usize, Reader<'_>)> = Vec::with_capacity(Col::ALL.len());
    for c in Col::ALL {
        let mode = rd.u8()?;
        if mode > 1 {
            return Err(rd.invalid("column mode"));
        }
        let len = rd.count(1)?;
        let base = rd.pos;
        cols.push((c, mode == 1, base, Reader::new(rd.bytes(len)?, Section::Column(c))));
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
    Ok(())
}
