//! Report pages and charts: turns one [`branchlens_core::summary::Analysis`] into a static HTML
//! report set (minijinja templates from this crate's `templates/`, SVG charts) with
//! `summary.json` and `manifest.json`. Pure: no file or network IO; the CLI reads inputs and writes the files.
//!
//! - [`site`] — [`render_site`]: the pages of a build, their layout and the public types
//!   ([`SiteFile`], [`SiteOptions`], [`Templates`], [`ExplorerInput`], [`ReportError`]).
//! - [`model`] — what the pages need beyond the analysis, computed once per build.
//! - [`pages`] — view models (formatted, translated tables and lists) of each page.
//! - [`figures`] — the charts of each page, drawn by [`branchlens_charts`].
//! - [`backtest`] — the backtest page of a configured churn model or credit scorecard.
//! - [`lock`] — encrypted sites ([`branchlens_lock`], re-exported: [`SiteOptions::encryption`]
//!   takes its [`Encryption`]): key derivation, sealing of customer-level fragments.
//! - [`i18n`], [`format`], [`slug`] — translations, number formats, safe file names.

pub mod backtest;
pub mod explorer;
pub mod figures;
pub mod format;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod site;
pub mod slug;
#[cfg(test)]
mod tests;

pub use branchlens_lock as lock;
pub use branchlens_lock::{Encryption, Password, PasswordError};
pub use site::{
    render_site, render_site_with_progress, ExplorerInput, InputDigest, QualityInput, ReportError, SiteFile,
    SiteOptions, Templates,
};
