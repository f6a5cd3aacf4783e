//! The string tables: customer ids, branch ids, manager ids (the ones kept), product codes and
//! the bundle's texts, each strictly ascending, so that `Sym` order is string order.

use branchlens_core::model::{Dataset, Interner, MAX_PRODUCTS};

use crate::select::Selection;
use crate::varint::{put_str, put_uv, Reader};
use crate::{BundleError, Section};

/// The decoded string tables.
pub(crate) struct Tables {
    pub(crate) customer_ids: Interner,
    pub(crate) branch_ids: Interner,
    pub(crate) manager_ids: Interner,
    pub(crate) products: Interner,
    pub(crate) text: Interner,
}

pub(crate) fn encode_tables(buf: &mut Vec<u8>, ds: &Dataset, sel: &Selection<'_>) {
    sel.customers.write_table(buf, &ds.customer_ids);
    sel.branches.write_table(buf, &ds.branch_ids);
    sel.manager_ids.write_table(buf, &ds.manager_ids);
    put_uv(buf, ds.products.len() as u64);
    for (_, s) in ds.products.iter() {
        put_str(buf, s);
    }
    put_uv(buf, sel.text.len() as u64);
    for (_, s) in sel.text.iter() {
        put_str(buf, s);
    }
}

pub(crate) fn decode_tables(rd: &mut Reader<'_>) -> Result<Tables, BundleError> {
    let customer_ids = rd.table(Section::CustomerIds)?;
    let branch_ids = rd.table(Section::BranchIds)?;
    let manager_ids = rd.table(Section::ManagerIds)?;
    let products = rd.table(Section::Products)?;
    if products.len() > MAX_PRODUCTS {
        return Err(rd.invalid("product count"));
    }
    let text = rd.table(Section::Text)?;
    Ok(Tables { customer_ids, branch_ids, manager_ids, products, text })
}
