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

use std::collections::BTreeMap;

use branchlens_core::config::{Config, Lang, Unit};
use branchlens_core::load::FileStats;
use branchlens_core::summary::Analysis;
use branchlens_core::{Period, RowIssue, Sym};
use minijinja::{context, Environment, UndefinedBehavior, Value};
use serde::Serialize;

use branchlens_lock::{Encryption, SiteKey, LOCK_JS};

use crate::format::Fmt;
use crate::i18n::I18n;
use crate::model::{Model, Scope};
use crate::pages::Ctx;

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

/// The templates and the style sheet: the embedded defaults, each replaceable by a file of the
/// same name.
#[derive(Clone, Debug)]
pub struct Templates {
    sources: BTreeMap<&'static str, String>,
}

/// The embedded templates (`crates/report/templates/`), by name.
pub const EMBEDDED: [(&str, &str); 16] = [
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("scope.html", include_str!("../templates/scope.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("branch.html", include_str!("../templates/branch.html")),
    ("branches.html", include_str!("../templates/branches.html")),
    ("manager.html", include_str!("../templates/manager.html")),
    ("managers.html", include_str!("../templates/managers.html")),
    ("segments.html", include_str!("../templates/segments.html")),
    ("warnings.html", include_str!("../templates/warnings.html")),
    ("loans.html", include_str!("../templates/loans.html")),
    ("quality.html", include_str!("../templates/quality.html")),
    ("methodology.html", include_str!("../templates/methodology.html")),
    ("explorer.html", include_str!("../templates/explorer.html")),
    ("backtest.html", include_str!("../templates/backtest.html")),
    ("style.css", include_str!("../templates/style.css")),
];

impl Default for Templates {
    fn default() -> Self {
        Templates::embedded()
    }
}

impl Templates {
    pub fn embedded() -> Templates {
        Templates { sources: EMBEDDED.iter().map(|&(n, s)| (n, s.to_string())).collect() }
    }

    /// The names a `--templates DIR` may override.
    pub fn names() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|&(n, _)| n)
    }

    /// Replaces template `name` (one of [`Templates::names`]); returns false for an unknown name.
    pub fn set(&mut self, name: &str, source: String) -> bool {
        match EMBEDDED.iter().find(|&&(n, _)| n == name) {
            Some(&(n, _)) => {
                self.sources.insert(n, source);
                true
            }
            None => false,
        }
    }

    fn get(&self, name: &str) -> &str {
        self.sources.get(name).map_or("", String::as_str)
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
    let env = environment(templates)?;
    let tr = I18n::new(opts.lang);
    let summary = json(&analysis.summary(), "summary.json")?;
    let manifest = json(&manifest(analysis, opts), "manifest.json")?;
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

fn json<T: Serialize>(v: &T, what: &str) -> Result<Vec<u8>, ReportError> {
    let mut bytes = serde_json::to_vec_pretty(v)
        .map_err(|e| ReportError::Serialize { what: what.to_string(), message: e.to_string() })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// manifest.json: what produced the site, from which inputs (no timestamps: builds are
/// reproducible).
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    schema: &'static str,
    tool: &'static str,
    version: &'a str,
    period: Period,
    periods: Vec<Period>,
    options: ManifestOptions<'a>,
    config_file: Option<&'a str>,
    config: &'a Config,
    inputs: &'a [InputDigest],
}

#[derive(Debug, Serialize)]
struct ManifestOptions<'a> {
    lang: &'static str,
    unit: &'static str,
    mask: bool,
    split_by: Option<&'static str>,
    templates_overridden: &'a [String],
    /// `null`, or how the customer-level content of each site is encrypted (the salt is in
    /// each page).
    encryption: Option<ManifestEncryption>,
}

#[derive(Debug, Serialize)]
struct ManifestEncryption {
    cipher: &'static str,
    kdf: &'static str,
    iterations: u32,
    per_branch_passwords: bool,
}

fn manifest<'a>(a: &'a Analysis<'_>, o: &'a SiteOptions) -> Manifest<'a> {
    Manifest {
        schema: "branchlens.manifest/1",
        tool: "branchlens",
        version: &o.tool_version,
        period: a.period,
        periods: a.ds.periods.iter().copied().filter(|&p| p <= a.period).collect(),
        options: ManifestOptions {
            lang: o.lang.as_str(),
            unit: o.unit.as_str(),
            mask: o.mask,
            split_by: o.split_by_branch.then_some("branch"),
            templates_overridden: &o.templates_overridden,
            encryption: o.encryption.as_ref().map(|e| ManifestEncryption {
                cipher: "AES-256-GCM",
                kdf: "PBKDF2-HMAC-SHA256",
                iterations: e.iterations,
                per_branch_passwords: !e.branch_passwords.is_empty(),
            }),
        },
        config_file: o.config_file.as_deref(),
        config: a.cfg,
        inputs: &o.inputs,
    }
}

fn environment(t: &Templates) -> Result<Environment<'_>, ReportError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Auto-escape every .html template (minijinja's default callback does this by extension;
    // set explicitly so an override cannot turn it off).
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    for (name, _) in EMBEDDED.iter().filter(|(n, _)| n.ends_with(".html")) {
        env.add_template(name, t.get(name)).map_err(|e| ReportError::template(name, &e))?;
    }
    Ok(env)
}

/// Pages of one site, for the progress total.
fn page_count(m: &Model<'_>, scope: Scope) -> usize {
    let managers = m.a.performance.managers.iter().filter(|x| scope.has(x.state.branch)).count();
    let branches = if scope == Scope::Bank { m.a.performance.branches.len() + 1 } else { 0 };
    8 + managers + branches
}

/// One navigation entry.
#[derive(Debug, Serialize)]
struct NavItem {
    key: &'static str,
    href: &'static str,
    label: String,
}

struct SiteRenderer<'r> {
    env: &'r Environment<'r>,
    ctx: &'r Ctx<'r>,
    opts: &'r SiteOptions,
    quality: &'r QualityInput<'r>,
    prefix: &'r str,
    templates: &'r Templates,
    /// The model backtest; `None` without a configured model (then no backtest page).
    backtest: Option<&'r crate::backtest::BacktestData>,
    /// The site's key when the site is locked.
    key: Option<&'r SiteKey>,
}

impl SiteRenderer<'_> {
    /// The context every page shares: language, translations, navigation, titles.
    fn base(&self) -> Value {
        let c = self.ctx;
        let a = c.m.a;
        let mut nav_items = vec![("overview", "index.html", "nav_overview")];
        if c.site == Scope::Bank {
            nav_items.push(("branches", "branches.html", "nav_branches"));
        }
        nav_items.extend([
            ("managers", "managers.html", "nav_managers"),
            ("segments", "segments.html", "nav_segments"),
            ("warnings", "warnings.html", "nav_warnings"),
            ("loans", "loans.html", "nav_loans"),
            ("quality", "quality.html", "nav_quality"),
            ("methodology", "methodology.html", "nav_methodology"),
        ]);
        if self.backtest.is_some() {
            nav_items.push(("backtest", "backtest.html", "nav_backtest"));
        }
        nav_items.push(("explorer", "explorer.html", "nav_explorer"));
        let nav: Vec<NavItem> =
            nav_items.into_iter().map(|(key, href, label)| NavItem { key, href, label: c.t(label) }).collect();
        let site_title = match c.site {
            Scope::Bank => c.t("site_head_office"),
            Scope::Branch(b) => c.tf("site_branch", &[("id", a.ds.branch_id(b).to_string())]),
        };
        context! {
            lang => self.opts.lang.as_str(),
            t => c.tr.value(),
            nav => Value::from_serialize(&nav),
            site_title => site_title,
            period => c.period(a.period),
            version => self.opts.tool_version.clone(),
            unit_note => c.t(match self.opts.unit { Unit::Yuan => "unit_note_yuan", Unit::Wan => "unit_note_wan" }),
            mask_note => c.t(if self.opts.mask { "mask_note_on" } else { "mask_note_off" }),
            locked => self.key.is_some(),
            lock => self.key.map(|k| context! {
                salt => branchlens_lock::salt_base64(&k.salt()),
                iterations => k.iterations(),
            }),
        }
    }

    /// Renders `template` to `path` (relative to the site root) with the shared context.
    fn page(
        &self,
        base: &Value,
        template: &str,
        path: String,
        active: &str,
        extra: Value,
    ) -> Result<SiteFile, ReportError> {
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let ctx = minijinja::value::merge_maps([context! { root => root, active => active }, extra, base.clone()]);
        let tmpl = self.env.get_template(template).map_err(|e| ReportError::template(template, &e))?;
        let mut html = tmpl.render(ctx).map_err(|e| ReportError::template(template, &e))?;
        if let Some(key) = self.key {
            html = branchlens_lock::seal_page(key, &path, &html, &self.ctx.t("locked_slot"))?;
        }
        Ok(SiteFile { path: format!("{}{path}", self.prefix), bytes: html.into_bytes() })
    }

    /// Every file of the site. The manager list and pages render on a second thread while this
    /// one renders the rest (both only read the model; the output order is fixed).
    fn render(&self, files: &mut Vec<SiteFile>, tick: &(dyn Fn(usize) + Sync)) -> Result<(), ReportError> {
        let base = self.base();
        let panicked =
            |what: &str| ReportError::Serialize { what: what.into(), message: "the rendering thread panicked".into() };
        let (managers, explorer, rest) = std::thread::scope(|s| {
            let m = s.spawn(|| self.render_managers(&base, tick));
            let e = s.spawn(|| self.explorer_files());
            let rest = self.render_rest(&base, files, tick);
            (m.join(), e.join(), rest)
        });
        rest?;
        files.extend(explorer.map_err(|_| panicked("explorer files"))??);
        files.extend(managers.map_err(|_| panicked("manager pages"))??);
        Ok(())
    }

    /// The explorer's assets and data bundle, scoped like the site (a branch site's bundle
    /// holds only that branch's customers).
    fn explorer_files(&self) -> Result<Vec<SiteFile>, ReportError> {
        let c = self.ctx;
        let input = ExplorerInput {
            analysis: c.m.a,
            lang: self.opts.lang,
            unit: self.opts.unit,
            mask: self.opts.mask,
            branch: c.site.branch(),
        };
        Ok(crate::explorer::files(&input, self.key)?
            .into_iter()
            .map(|f| SiteFile { path: format!("{}{}", self.prefix, f.path), bytes: f.bytes })
            .collect())
    }

    /// managers.html and one page per manager of the site's scope.
    fn render_managers(&self, base: &Value, tick: &(dyn Fn(usize) + Sync)) -> Result<Vec<SiteFile>, ReportError> {
        let c = self.ctx;
        let m = c.m;
        let mut files = Vec::new();
        let rows: Vec<_> = c.managers_in(c.site).map(|mp| c.manager_row(mp)).collect();
        files.push(self.page(
            base,
            "managers.html",
            "managers.html".into(),
            "managers",
            context! {
                title => c.t("title_managers"),
                page => context! { managers => Value::from_serialize(&rows) },
                charts => c.managers_charts(),
            },
        )?);
        tick(1);
        for mp in c.managers_in(c.site) {
            let view = c.manager_view(mp);
            files.push(self.page(
                base,
                "manager.html",
                format!("manager/{}.html", m.manager_slug(mp.state.manager)),
                "managers",
                context! { title => view.title.clone(), page => Value::from_serialize(&view), charts => c.manager_charts(mp) },
            )?);
            tick(1);
        }
        Ok(files)
    }

    /// Every page but the managers', the style sheet and the explorer's files.
    fn render_rest(
        &self,
        base: &Value,
        files: &mut Vec<SiteFile>,
        tick: &(dyn Fn(usize) + Sync),
    ) -> Result<(), ReportError> {
        let c = self.ctx;
        let m = c.m;
        let a = m.a;
        let bank = c.site == Scope::Bank;
        let page =
            |template: &str, path: String, active: &str, extra: Value| self.page(base, template, path, active, extra);

        // Overview (bank) or the branch's own page.
        let (template, scope_title) = match c.site {
            Scope::Bank => ("index.html", c.t("title_overview")),
            Scope::Branch(b) => ("branch.html", c.tf("title_branch", &[("id", a.ds.branch_id(b).to_string())])),
        };
        let view = c.scope_view(c.site);
        files.push(page(
            template,
            "index.html".into(),
            "overview",
            context! { title => scope_title, page => Value::from_serialize(&view), charts => c.scope_charts(c.site) },
        )?);
        tick(1);

        if bank {
            let ranking = c.ranking(None);
            files.push(page(
                "branches.html",
                "branches.html".into(),
                "branches",
                context! {
                    title => c.t("title_branches"),
                    page => context! { ranking => Value::from_serialize(&ranking) },
                    charts => c.branches_charts(),
                },
            )?);
            tick(1);
            for b in &a.performance.branches {
                let scope = Scope::Branch(b.branch);
                let view = c.scope_view(scope);
                files.push(page(
                    "branch.html",
                    format!("branch/{}.html", m.branch_slug(b.branch)),
                    "branches",
                    context! { title => view.title.clone(), page => Value::from_serialize(&view), charts => c.scope_charts(scope) },
                )?);
                tick(1);
            }
        }

        let scoped = |key: &str| match c.site {
            Scope::Bank => c.t(key),
            Scope::Branch(b) => format!("{} · {}", c.t(key), a.ds.branch_id(b)),
        };
        let segments = c.segments_view(c.site);
        files.push(page(
            "segments.html",
            "segments.html".into(),
            "segments",
            context! { title => scoped("title_segments"), page => Value::from_serialize(&segments), charts => c.segments_charts(c.site) },
        )?);
        tick(1);
        let warnings = c.warnings_view(c.site);
        files.push(page(
            "warnings.html",
            "warnings.html".into(),
            "warnings",
            context! { title => scoped("title_warnings"), page => Value::from_serialize(&warnings), charts => c.warnings_charts(c.site) },
        )?);
        tick(1);
        let loans = c.loans_view(c.site);
        files.push(page(
            "loans.html",
            "loans.html".into(),
            "loans",
            context! { title => scoped("title_loans"), page => Value::from_serialize(&loans), charts => c.loans_charts(c.site) },
        )?);
        tick(1);
        let quality = c.quality_view(self.quality);
        files.push(page(
            "quality.html",
            "quality.html".into(),
            "quality",
            context! { title => c.t("title_quality"), page => Value::from_serialize(&quality), charts => c.quality_charts() },
        )?);
        tick(1);
        let methodology = c.methodology_view(self.opts.config_file.as_deref());
        files.push(page(
            "methodology.html",
            "methodology.html".into(),
            "methodology",
            context! { title => c.t("title_methodology"), page => Value::from_serialize(&methodology), charts => context! {} },
        )?);
        tick(1);

        if let Some(d) = self.backtest {
            files.push(page(
                "backtest.html",
                "backtest.html".into(),
                "backtest",
                context! { title => c.t("title_backtest"), page => Value::from_serialize(c.backtest_view(d)), charts => c.backtest_charts(d) },
            )?);
            tick(1);
        }

        // The explorer's page (same layout); its files come from `explorer_files`.
        files.push(page(
            "explorer.html",
            "explorer.html".into(),
            "explorer",
            context! { title => c.t("title_explorer"), page => context! {}, charts => context! {} },
        )?);
        tick(1);

        files.push(SiteFile {
            path: format!("{}assets/style.css", self.prefix),
            bytes: self.templates.get("style.css").as_bytes().to_vec(),
        });
        if self.key.is_some() {
            files.push(SiteFile { path: format!("{}assets/lock.js", self.prefix), bytes: LOCK_JS.as_bytes().to_vec() });
        }
        Ok(())
    }
}
