//! The pages of one site (the head office's or a branch's) in a fixed order: the overview or the
//! branch's page, branches, managers, segments, warnings, loans, quality, methodology, backtest,
//! the explorer, and the assets.

use branchlens_core::config::Unit;
use branchlens_i18n::Msg;
use branchlens_lock::{SiteKey, LOCK_JS};
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::{ExplorerInput, QualityInput, ReportError, SiteFile, SiteOptions, Templates};
use crate::model::{Model, Scope};
use crate::pages::Ctx;

/// Pages of one site, for the progress total.
pub(super) fn page_count(m: &Model<'_>, scope: Scope) -> usize {
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

/// The progress callback of the rendering threads: called with the number of pages just done.
pub(super) type Tick<'t> = &'t (dyn Fn(usize) + Sync);

/// The pages rendered so far; the progress callback is ticked after each one.
struct Pages<'p> {
    files: Vec<SiteFile>,
    tick: Tick<'p>,
}

impl Pages<'_> {
    fn push(&mut self, page: SiteFile) {
        self.files.push(page);
        (self.tick)(1);
    }
}

/// Renders the files of one site (the head office's or a branch's) under `prefix`.
pub(super) struct SiteRenderer<'r> {
    pub(super) env: &'r Environment<'r>,
    pub(super) ctx: &'r Ctx<'r>,
    pub(super) opts: &'r SiteOptions,
    pub(super) quality: &'r QualityInput<'r>,
    pub(super) prefix: &'r str,
    pub(super) templates: &'r Templates,
    /// The model backtest; `None` without a configured model (then no backtest page).
    pub(super) backtest: Option<&'r crate::backtest::BacktestData>,
    /// The site's key when the site is locked.
    pub(super) key: Option<&'r SiteKey>,
}

impl SiteRenderer<'_> {
    /// The context every page shares: language, translations, navigation, titles.
    fn base(&self) -> Value {
        let c = self.ctx;
        let a = c.m.a;
        let mut nav_items = vec![("overview", "index.html", Msg::NavOverview)];
        if c.site == Scope::Bank {
            nav_items.push(("branches", "branches.html", Msg::NavBranches));
        }
        nav_items.extend([
            ("managers", "managers.html", Msg::NavManagers),
            ("segments", "segments.html", Msg::NavSegments),
            ("warnings", "warnings.html", Msg::NavWarnings),
            ("loans", "loans.html", Msg::NavLoans),
            ("quality", "quality.html", Msg::NavQuality),
            ("methodology", "methodology.html", Msg::NavMethodology),
        ]);
        if self.backtest.is_some() {
            nav_items.push(("backtest", "backtest.html", Msg::NavBacktest));
        }
        nav_items.push(("explorer", "explorer.html", Msg::NavExplorer));
        let nav: Vec<NavItem> =
            nav_items.into_iter().map(|(key, href, label)| NavItem { key, href, label: c.t(label) }).collect();
        let site_title = match c.site {
            Scope::Bank => c.t(Msg::SiteHeadOffice),
            Scope::Branch(b) => c.tf(Msg::SiteBranch, &[("id", a.ds.branch_id(b).to_string())]),
        };
        context! {
            lang => self.opts.lang.as_str(),
            t => c.tr.value(),
            nav => Value::from_serialize(&nav),
            site_title => site_title,
            period => c.period(a.period),
            version => self.opts.tool_version.clone(),
            unit_note => c.t(match self.opts.unit { Unit::Yuan => Msg::UnitNoteYuan, Unit::Wan => Msg::UnitNoteWan }),
            mask_note => c.t(if self.opts.mask { Msg::MaskNoteOn } else { Msg::MaskNoteOff }),
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
            html = branchlens_lock::seal_page(key, &path, &html, &self.ctx.t(Msg::LockedSlot))?;
        }
        Ok(SiteFile { path: format!("{}{path}", self.prefix), bytes: html.into_bytes() })
    }

    /// Every file of the site. The manager list and pages render on a second thread while this
    /// one renders the rest (both only read the model; the output order is fixed).
    pub(super) fn render(&self, files: &mut Vec<SiteFile>, tick: Tick<'_>) -> Result<(), ReportError> {
        let base = self.base();
        let panicked =
            |what: &str| ReportError::Serialize { what: what.into(), message: "the rendering thread panicked".into() };
        let (managers, explorer, rest) = std::thread::scope(|s| {
            let m = s.spawn(|| self.render_managers(&base, tick));
            let e = s.spawn(|| self.explorer_files());
            let rest = self.render_rest(&base, tick);
            (m.join(), e.join(), rest)
        });
        files.extend(rest?);
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
    fn render_managers(&self, base: &Value, tick: Tick<'_>) -> Result<Vec<SiteFile>, ReportError> {
        let c = self.ctx;
        let m = c.m;
        let mut out = Pages { files: Vec::new(), tick };
        let rows: Vec<_> = c.managers_in(c.site).map(|mp| c.manager_row(mp)).collect();
        out.push(self.page(
            base,
            "managers.html",
            "managers.html".into(),
            "managers",
            context! {
                title => c.t(Msg::TitleManagers),
                page => context! { managers => Value::from_serialize(&rows) },
                charts => c.managers_charts(),
            },
        )?);
        for mp in c.managers_in(c.site) {
            let view = c.manager_view(mp);
            out.push(self.page(
                base,
                "manager.html",
                format!("manager/{}.html", m.manager_slug(mp.state.manager)),
                "managers",
                context! { title => view.title.clone(), page => Value::from_serialize(&view), charts => c.manager_charts(mp) },
            )?);
        }
        Ok(out.files)
    }

    /// Every page but the managers', then the style sheet (and the unlocking script of a locked
    /// site).
    fn render_rest(&self, base: &Value, tick: Tick<'_>) -> Result<Vec<SiteFile>, ReportError> {
        let mut out = Pages { files: Vec::new(), tick };
        self.render_scope_pages(base, &mut out)?;
        self.render_topic_pages(base, &mut out)?;
        let mut files = out.files;
        files.push(SiteFile {
            path: format!("{}assets/style.css", self.prefix),
            bytes: self.templates.get("style.css").as_bytes().to_vec(),
        });
        if self.key.is_some() {
            files.push(SiteFile { path: format!("{}assets/lock.js", self.prefix), bytes: LOCK_JS.as_bytes().to_vec() });
        }
        Ok(files)
    }

    /// The overview (bank) or the branch's own page; on the head-office site also branches.html
    /// and every branch's page.
    fn render_scope_pages(&self, base: &Value, out: &mut Pages<'_>) -> Result<(), ReportError> {
        let c = self.ctx;
        let m = c.m;
        let a = m.a;
        let page =
            |template: &str, path: String, active: &str, extra: Value| self.page(base, template, path, active, extra);

        // Overview (bank) or the branch's own page.
        let (template, scope_title) = match c.site {
            Scope::Bank => ("index.html", c.t(Msg::TitleOverview)),
            Scope::Branch(b) => ("branch.html", c.tf(Msg::TitleBranch, &[("id", a.ds.branch_id(b).to_string())])),
        };
        let view = c.scope_view(c.site);
        out.push(page(
            template,
            "index.html".into(),
            "overview",
            context! { title => scope_title, page => Value::from_serialize(&view), charts => c.scope_charts(c.site) },
        )?);

        if c.site == Scope::Bank {
            let ranking = c.ranking(None);
            out.push(page(
                "branches.html",
                "branches.html".into(),
                "branches",
                context! {
                    title => c.t(Msg::TitleBranches),
                    page => context! { ranking => Value::from_serialize(&ranking) },
                    charts => c.branches_charts(),
                },
            )?);
            for b in &a.performance.branches {
                let scope = Scope::Branch(b.branch);
                let view = c.scope_view(scope);
                out.push(page(
                    "branch.html",
                    format!("branch/{}.html", m.branch_slug(b.branch)),
                    "branches",
                    context! { title => view.title.clone(), page => Value::from_serialize(&view), charts => c.scope_charts(scope) },
                )?);
            }
        }
        Ok(())
    }

    /// The pages of the site's scope on one topic each (segments, warnings, loans), the
    /// data-quality and methodology pages, the backtest page (with a configured model) and the
    /// explorer's page.
    fn render_topic_pages(&self, base: &Value, out: &mut Pages<'_>) -> Result<(), ReportError> {
        let c = self.ctx;
        let a = c.m.a;
        let scoped = |key: Msg| match c.site {
            Scope::Bank => c.t(key),
            Scope::Branch(b) => format!("{} · {}", c.t(key), a.ds.branch_id(b)),
        };
        // Each of these pages is `<name>.html`, `<name>` in the navigation.
        let mut emit = |name: &str, title: String, view: Value, charts: Value| -> Result<(), ReportError> {
            let template = format!("{name}.html");
            let extra = context! { title => title, page => view, charts => charts };
            out.push(self.page(base, &template, template.clone(), name, extra)?);
            Ok(())
        };
        let site = c.site;
        emit(
            "segments",
            scoped(Msg::TitleSegments),
            Value::from_serialize(c.segments_view(site)),
            c.segments_charts(site),
        )?;
        emit(
            "warnings",
            scoped(Msg::TitleWarnings),
            Value::from_serialize(c.warnings_view(site)),
            c.warnings_charts(site),
        )?;
        emit("loans", scoped(Msg::TitleLoans), Value::from_serialize(c.loans_view(site)), c.loans_charts(site))?;
        emit(
            "quality",
            c.t(Msg::TitleQuality),
            Value::from_serialize(c.quality_view(self.quality)),
            c.quality_charts(),
        )?;
        let methodology = c.methodology_view(self.opts.config_file.as_deref());
        emit("methodology", c.t(Msg::TitleMethodology), Value::from_serialize(methodology), context! {})?;
        if let Some(d) = self.backtest {
            emit("backtest", c.t(Msg::TitleBacktest), Value::from_serialize(c.backtest_view(d)), c.backtest_charts(d))?;
        }
        // The explorer's page (same layout); its files come from `explorer_files`.
        let strings = crate::explorer::messages_json(c.tr.lang());
        emit("explorer", c.t(Msg::TitleExplorer), context! { messages => strings }, context! {})?;
        Ok(())
    }
}
