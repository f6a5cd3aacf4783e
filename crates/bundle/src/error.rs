//! Why bytes are not a bundle: [`BundleError`], with the [`Section`] and byte offset.

use branchlens_core::config::ConfigError;
use thiserror::Error;

use crate::{Col, VERSION};

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
