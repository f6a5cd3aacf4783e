//! The site renderer: every page of a report set as bytes, from one [`Analysis`]. Pure: the CLI
//! reads inputs and template overrides and writes the files.
//!
//! Layout of one site (paths relative to its root; `root` in templates is `""` or `"../"`):
//!
//! ```text
//! index.html            overview (a branch site: the branch's page)
//! branches.html         every branch (head-office site only)
//! branch/<slug>.html    one per branch (head-office site only)
//! managers.html         every manager of the site's scope
//! manager/<slug>.html   one per manager of the site's scope
//! segments.html  warnings.html  loans.html  quality.html  methodology.html  explorer.html
//! backtest.html         only with a [churn_model] or [credit_scorecard] in the configuration
//! assets/style.css      the one style sheet
//! summary.json          the same content as `branchlens score` writes
//! manifest.json         tool version, period, options, configuration, SHA-256 of each input
//! ```
//!
//! With `split_by_branch`, the files of the head-office site are under `head-office/` and each
//! branch's site under `branch-<slug>/`.
//!
//! With [`SiteOptions::encryption`] every site is locked (see [`branchlens_lock`]): its pages carry
//! their customer-level fragments sealed, `data/bundle.js` the sealed bundle, and
//! `assets/lock.js` unlocks them in the browser.
//!
//! - [`templates`] — [`Templates`] (embedded, each replaceable) and the minijinja environment.
//! - [`renderer`] — the pages of one head-office or branch site, in order.
//! - [`manifest`] — manifest.json, and the JSON writer of summary.json and manifest.json.

use branchlens_core::config::{Lang, Unit};
use branchlens_core::load::FileStats;
use branchlens_core::summary::Analysis;
use branchlens_core::{RowIssue, Sym};
use branchlens_lock::{Encryption, SiteKey};
use serde::Serialize;

use crate::format::Fmt;
use crate::i18n::I18n;
use crate::model::{Model, Scope};
use crate::pages::Ctx;

mod manifest;
mod renderer;
mod templates;

use manifest::{json, manifest_json};
use renderer::{page_count, SiteRenderer};
pub use templates::{Templates, EMBEDDED};

/// One output file of a site: a path relative to the output directory (always `/`-separated,
/// never absolute, never with `..`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What the explorer needs to build its assets and data bundle.
#[derive(Clone, Copy, Debug)]
pub struct ExplorerInput<'a> {
    pub analysis: &'a Analysis<'a>,
    pub lang: Lang,
    pub unit: Unit,
    /// Mask customer names and phones in the bundle.
    pub mask: bool,
    /// A branch-scoped site: only this branch's customers may go into the bundle.
    pub branch: Option<Sym>,
}

/// An input file's digest for manifest.json.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputDigest {
    /// The file name (no directory, so the manifest does not depend on where the data is).
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Options of a build.
#[derive(Clone, Debug)]
pub struct SiteOptions {
    pub lang: Lang,
    pub unit: Unit,
    /// Mask personal data (default on; `--no-mask` turns it off).
    pub mask: bool,
    /// One site per branch plus a head-office site.
    pub split_by_branch: bool,
    /// `branchlens` version, for the footer and manifest.json.
    pub tool_version: String,
    /// Input files, for manifest.json.
    pub inputs: Vec<InputDigest>,
    /// File name of the configuration in force (`None`: built-in defaults).
    pub config_file: Option<String>,
    /// Whether page templates were overridden (`--templates`), for manifest.json.
    pub templates_overridden: Vec<String>,
    /// Lock every site with a password (`None`: customer-level content in clear, masked).
    pub encryption: Option<Encryption>,
}

/// The data-quality findings of the load, for the data-quality page.
#[derive(Clone, Copy, Debug)]
pub struct QualityInput<'a> {
    pub files: &'a [FileStats],
    pub issues: &'a [RowIssue],
}

/// A rendering failure.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("template {name}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Template { name: String, line: Option<usize>, message: String },
    #[error("{what}: {message}")]
    Serialize { what: String, message: String },
    #[error(transparent)]
    Lock(#[from] branchlens_lock::LockError),
}

impl ReportError {
    fn template(name: &str, e: &minijinja::Error) -> ReportError {
        let mut message = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            message.push_str(": ");
            message.push_str(&s.to_string());
            src = s.source();
        }
        ReportError::Template { name: e.name().unwrap_or(name).to_string(), line: e.line(), message }
    }
}

/// Progress of a build: pages rendered so far and in all. Called from the rendering threads.
pub type Progress<'p> = &'p (dyn Fn(usize, usize) + Sync);

/// Renders the whole report set (see the module docs for the layout).
pub fn render_site(
    analysis: &Analysis<'_>,
    quality: &QualityInput<'_>,
    opts: &SiteOptions,
    templates: &Templates,
) -> Result<Vec<SiteFile>, ReportError> {
    render_site_with_progress(analysis, quality, opts, templates, &|_, _| {})
}

/// [`render_site`], reporting progress after each page.
pub fn render_site_with_progress(
    analysis: &Analysis<'_>,
    quality: &QualityInput<'_>,
    opts: &SiteOptions,
    templates: &Templates,
    progress: Progress<'_>,
) -> Result<Vec<SiteFile>, ReportError> {
    let model = Model::new(analysis);
    let env = templates::environment(templates)?;
    let tr = I18n::new(opts.lang);
    let summary = json(&analysis.summary_of(&model.groups.bank), "summary.json")?;
    let manifest = manifest_json(analysis, opts)?;
    // The model backtest is bank-wide: computed once, shown on every site's backtest page.
    let backtest = crate::backtest::compute(analysis);
    let mut sites: Vec<(String, Scope)> = Vec::new();
    if opts.split_by_branch {
        sites.push(("head-office/".to_string(), Scope::Bank));
        for b in &analysis.performance.branches {
            sites.push((format!("branch-{}/", model.branch_slug(b.branch)), Scope::Branch(b.branch)));
        }
    } else {
        sites.push((String::new(), Scope::Bank));
    }
    let keys = site_keys(analysis, opts.encryption.as_ref(), &sites);
    let total: usize = sites.iter().map(|(_, s)| page_count(&model, *s) + usize::from(backtest.is_some())).sum();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = |n: usize| {
        let d = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
        progress(d, total);
    };
    let mut files = Vec::new();
    for ((prefix, scope), key) in sites.into_iter().zip(keys) {
        let ctx = Ctx { m: &model, f: Fmt::new(opts.lang, opts.unit), tr: &tr, mask: opts.mask, site: scope };
        let r = SiteRenderer {
            env: &env,
            ctx: &ctx,
            opts,
            quality,
            prefix: &prefix,
            templates,
            backtest: backtest.as_ref(),
            key: key.as_ref(),
        };
        r.render(&mut files, &tick)?;
        files.push(SiteFile { path: format!("{prefix}summary.json"), bytes: summary.clone() });
        files.push(SiteFile { path: format!("{prefix}manifest.json"), bytes: manifest.clone() });
    }
    Ok(files)
}

/// The key of each site (`None` each without encryption). PBKDF2 is slow by design (~65 ms per
/// key in a release build), so the keys of a split build are derived on two threads.
fn site_keys(a: &Analysis<'_>, enc: Option<&Encryption>, sites: &[(String, Scope)]) -> Vec<Option<SiteKey>> {
    let Some(enc) = enc else { return sites.iter().map(|_| None).collect() };
    let derive = |(prefix, scope): &(String, Scope)| {
        let branch = scope.branch().map(|b| a.ds.branch_id(b));
        SiteKey::derive(enc.password_for(branch), enc.salt_for(prefix), enc.iterations)
    };
    let half = sites.len().div_ceil(2);
    let (first, second) = sites.split_at(half);
    std::thread::scope(|s| {
        let h = s.spawn(|| second.iter().map(derive).collect::<Vec<_>>());
        let mut keys: Vec<Option<SiteKey>> = first.iter().map(|x| Some(derive(x))).collect();
        let rest = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        keys.extend(rest.into_iter().map(Some));
        keys
    })
}
