//! The header section: magic bytes, version, flags (masked, split by branch, complete, some
//! optional columns absent), the branch of a split site, the absent optional columns, `L` and
//! the bundle's periods (the first, then the gaps).

use branchlens_core::model::{ColumnsPresent, Period, Sym};

use crate::columns::period_ok;
use crate::select::Selection;
use crate::tables::Tables;
use crate::varint::{put_uv, Reader};
use crate::{BundleError, EncodeOptions, Section, MAGIC, VERSION};

/// The decoded header.
pub(crate) struct Header {
    pub(crate) masked: bool,
    pub(crate) complete: bool,
    /// The optional customers.csv columns of the export (flag bit 3: some are absent).
    pub(crate) columns: ColumnsPresent,
    /// The branch of a split site, as written (checked once the branch table is read).
    branch_code: Option<u64>,
    /// `L`.
    pub(crate) period: Period,
    pub(crate) periods: Vec<Period>,
}

impl Header {
    /// The branch of a split site, checked against the branch table.
    pub(crate) fn branch(&self, tables: &Tables) -> Result<Option<Sym>, BundleError> {
        match self.branch_code {
            Some(b) => match u32::try_from(b) {
                Ok(s) if (s as usize) < tables.branch_ids.len() => Ok(Some(Sym(s))),
                _ => Err(BundleError::Invalid { section: Section::Header, offset: 0, what: "branch" }),
            },
            None => Ok(None),
        }
    }
}

/// Flag bit 3: some optional columns are absent; their set follows the branch. (A dataset with
/// every column writes neither: its bundle bytes are those of a bundle before the flag.)
const ABSENT_COLUMNS: u64 = 8;

pub(crate) fn encode_header(buf: &mut Vec<u8>, opts: &EncodeOptions, sel: &Selection<'_>, columns: ColumnsPresent) {
    buf.extend_from_slice(MAGIC);
    buf.push(VERSION);
    let flags = u64::from(opts.mask)
        | (u64::from(opts.branch.is_some()) << 1)
        | (u64::from(sel.complete) << 2)
        | if columns.all() { 0 } else { ABSENT_COLUMNS };
    put_uv(buf, flags);
    if let Some(b) = opts.branch {
        put_uv(buf, u64::from(sel.branches.get(b).0));
    }
    if !columns.all() {
        put_uv(buf, u64::from(columns.absent_bits()));
    }
    put_uv(buf, u64::from(opts.period.0));
    put_uv(buf, sel.periods.len() as u64);
    let mut prev: Option<Period> = None;
    for &p in sel.periods {
        put_uv(buf, u64::from(p.0 - prev.map_or(0, |q| q.0)));
        prev = Some(p);
    }
}

pub(crate) fn decode_header(rd: &mut Reader<'_>) -> Result<Header, BundleError> {
    if rd.bytes(MAGIC.len()).map_err(|_| BundleError::BadMagic)? != MAGIC {
        return Err(BundleError::BadMagic);
    }
    let version = rd.u8()?;
    if version != VERSION {
        return Err(BundleError::Version(version));
    }
    let flags = rd.uv()?;
    if flags > 15 {
        return Err(rd.invalid("flags"));
    }
    let masked = flags & 1 != 0;
    let complete = flags & 4 != 0;
    let branch_code = if flags & 2 != 0 { Some(rd.uv()?) } else { None };
    let columns = if flags & ABSENT_COLUMNS != 0 {
        // Written only when some column is absent: an empty set here is not what encode writes.
        ColumnsPresent::from_absent_bits(rd.uv()?).filter(|c| !c.all()).ok_or_else(|| rd.invalid("columns"))?
    } else {
        ColumnsPresent::ALL
    };
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
    Ok(Header { masked, complete, columns, branch_code, period: l, periods })
}
