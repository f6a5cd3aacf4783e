//! The credit-splits section: per split the customer, the manager and the share (8 bytes,
//! little-endian), sorted by (customer, manager).

use branchlens_core::model::Split;

use crate::select::Selection;
use crate::tables::Tables;
use crate::varint::{put_uv, Reader};
use crate::{BundleError, Section};

pub(crate) fn encode_splits(buf: &mut Vec<u8>, sel: &Selection<'_>) {
    put_uv(buf, sel.splits.len() as u64);
    for s in &sel.splits {
        put_uv(buf, u64::from(sel.customers.get(s.customer).0));
        put_uv(buf, u64::from(sel.manager_ids.get(s.manager).0));
        buf.extend_from_slice(&s.share.to_le_bytes());
    }
}

pub(crate) fn decode_splits(rd: &mut Reader<'_>, t: &Tables) -> Result<Vec<Split>, BundleError> {
    rd.section = Section::Splits;
    let ns = rd.count(10)?;
    let mut splits = Vec::with_capacity(ns);
    for _ in 0..ns {
        let at = rd.pos;
        let customer = rd.sym(t.customer_ids.len(), "customer")?;
        let manager = rd.sym(t.manager_ids.len(), "manager")?;
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
    Ok(splits)
}
