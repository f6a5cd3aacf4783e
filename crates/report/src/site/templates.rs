//! The templates and the style sheet: embedded from this crate's `templates/` with
//! `include_str!`, each replaceable by a file of the same name (`--templates DIR`), and the
//! minijinja environment they render in (strict undefined, HTML auto-escaping).

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};

use super::ReportError;

/// The templates and the style sheet: the embedded defaults, each replaceable by a file of the
/// same name.
#[derive(Clone, Debug)]
pub struct Templates {
    sources: BTreeMap<&'static str, String>,
}

/// The embedded templates (`crates/report/templates/`), by name.
pub const EMBEDDED: [(&str, &str); 16] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("scope.html", include_str!("../../templates/scope.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("branch.html", include_str!("../../templates/branch.html")),
    ("branches.html", include_str!("../../templates/branches.html")),
    ("manager.html", include_str!("../../templates/manager.html")),
    ("managers.html", include_str!("../../templates/managers.html")),
    ("segments.html", include_str!("../../templates/segments.html")),
    ("warnings.html", include_str!("../../templates/warnings.html")),
    ("loans.html", include_str!("../../templates/loans.html")),
    ("quality.html", include_str!("../../templates/quality.html")),
    ("methodology.html", include_str!("../../templates/methodology.html")),
    ("explorer.html", include_str!("../../templates/explorer.html")),
    ("backtest.html", include_str!("../../templates/backtest.html")),
    ("style.css", include_str!("../../templates/style.css")),
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

    pub(super) fn get(&self, name: &str) -> &str {
        self.sources.get(name).map_or("", String::as_str)
    }
}

pub(super) fn environment(t: &Templates) -> Result<Environment<'_>, ReportError> {
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
