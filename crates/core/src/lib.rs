//! Branchlens core: the pure domain. Data model, loading and validation over `impl Read`,
//! configuration, metrics. No file system, no network, no clap, no templates; compiles to
//! `wasm32-unknown-unknown`.

pub mod calibrate;
pub mod config;
pub mod findings;
pub mod issue;
pub mod load;
pub mod mask;
pub mod metrics;
pub mod model;
pub mod summary;

pub use issue::{Accepted, DecodeReason, FileKind, FileRef, IssueKind, LoadError, RowIssue, Severity};
pub use load::{load, Encoding, Inputs, LoadOptions, Loaded};
pub use model::*;
