//! The bodies of the fuzz targets, shared with the corpus replay test of the core
//! (`crates/core/tests/fuzz_corpus.rs` includes `targets.rs` by path).

pub mod targets;
