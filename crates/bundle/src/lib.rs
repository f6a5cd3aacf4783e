//! The explorer's data bundle: a compact, columnar binary encoding of the customer rows (and the
//! manager rows, credit splits and configuration) that customer scoring needs, so that the
//! in-page explorer can rebuild a [`Dataset`] and run the very same
//! [`branchlens_core::metrics`] functions. The report encodes it (`data/bundle.js`), the wasm
//! explorer decodes it.
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
//! - Names and phones only on the `L` rows, masked with [`branchlens_core::mask`] unless the site is built
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
//! flags:uv (bit 0 masked, bit 1 split by branch, bit 2 every period up to L, bit 3 some optional
//!     columns absent)  [branch:uv  when bit 1]  [absent columns:uv, bit i = OptionalColumn::ALL[i],
//!     when bit 3]
//! period L:uv   periods: n:uv, first:uv, then n-1 gaps:uv (≥ 1)
//! config: len:uv, JSON bytes (serde form of Config; JSON, not TOML, keeps the TOML reader out of the wasm module)
//! string tables customer_ids, branch_ids, manager_ids, products, text:
//!     count:uv, then per string len:uv + UTF-8 bytes; strictly ascending (Sym order = string order)
//! managers: count:uv, per row manager, name, branch, grade, hire_date(zz), status, period(0|p+1),
//!     deposit/loan/fee targets (0|zz+1), new_customers target (0|v+1)
//! splits: count:uv, per split customer:uv manager:uv share:f64 (8 bytes LE)
//! customers: rows per period (one uv per period), then the customer column and the 17 columns
//!     of Col, each mode:u8 (0 raw, 1 delta), len:uv, len bytes of n varints
//! ```
//!
//! The customer column holds, per period, the first id and then the gaps minus one (ids are
//! ascending within a period). Every other column holds one code per row (see [`Col`]); in delta
//! mode a row's code is stored as the zigzag difference from the code of the same customer's row
//! in the previous bundle period (0 when it has none). The encoder picks, per column, whichever
//! mode is shorter: slowly changing columns (kind, branch, manager, dates, products) cost almost
//! nothing after gzip, amounts cost their entropy.

//!
//! # Modules
//!
//! One module per section, each with its `encode_*`/`decode_*` pair: `header` (magic, flags,
//! periods), `config`, `tables` (the string tables), `managers`, `splits`, `customers` (the
//! customer rows, column by column, with `columns`: the codes of each column). `select` decides
//! what goes in; `varint` holds the shared LEB128, zigzag and reading primitives.

mod columns;
mod config;
mod customers;
mod error;
mod header;
mod managers;
mod select;
mod splits;
mod tables;
mod varint;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests;

use branchlens_core::config::Config;
use branchlens_core::model::{Dataset, Period, Sym};

pub use columns::Col;
pub use error::{BundleError, Section};

use select::Selection;
use varint::Reader;

/// The first bytes of every bundle.
pub const MAGIC: &[u8; 6] = b"BLBNDL";
/// The layout version written by [`encode`].
pub const VERSION: u8 = 1;

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
    /// Mask names and phones ([`branchlens_core::mask`]).
    pub mask: bool,
    /// Only the customers whose `L` row is in this branch (a split site).
    pub branch: Option<Sym>,
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

/// Encodes the rows of `ds` that scoring `L = opts.period` with `cfg` needs (see the crate
/// notes). `cfg` is stored in the bundle and decides how many periods are kept.
pub fn encode(ds: &Dataset, cfg: &Config, opts: &EncodeOptions) -> Vec<u8> {
    let sel = Selection::new(ds, cfg, opts);
    let mut buf = Vec::new();
    header::encode_header(&mut buf, opts, &sel, ds.columns);
    config::encode_config(&mut buf, cfg);
    tables::encode_tables(&mut buf, ds, &sel);
    managers::encode_managers(&mut buf, &sel);
    splits::encode_splits(&mut buf, &sel);
    customers::encode_customers(&mut buf, &sel, opts.period);
    buf
}

/// Decodes a bundle written by [`encode`]. Never panics; any problem is a [`BundleError`].
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    let mut rd = Reader::new(bytes, Section::Header);
    let header = header::decode_header(&mut rd)?;
    let config = config::decode_config(&mut rd)?;
    let tables = tables::decode_tables(&mut rd)?;
    let branch = header.branch(&tables)?;
    let managers = managers::decode_managers(&mut rd, &tables)?;
    let splits = splits::decode_splits(&mut rd, &tables)?;
    let customers = customers::decode_customers(&mut rd, &header, &tables)?;
    if rd.remaining() != 0 {
        return Err(BundleError::Trailing(rd.remaining()));
    }
    let tables::Tables { customer_ids, branch_ids, manager_ids, products, text } = tables;
    let dataset = Dataset {
        periods: header.periods,
        customers,
        managers,
        splits,
        customer_ids,
        branch_ids,
        manager_ids,
        products,
        text,
        columns: header.columns,
    };
    Ok(Bundle { dataset, period: header.period, config, masked: header.masked, branch, complete: header.complete })
}
