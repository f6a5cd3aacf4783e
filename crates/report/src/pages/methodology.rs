//! The methodology page: the definitions of every figure, filled with the configuration in
//! force, and that configuration against the defaults.

use std::collections::BTreeMap;

use branchlens_core::config::Config;
use serde::Serialize;

use crate::pages::Ctx;

/// One definition section of the methodology page.
#[derive(Clone, Debug, Serialize)]
pub struct Definition {
    pub id: &'static str,
    pub title: String,
    pub paragraphs: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConfigRow {
    pub key: String,
    pub value: String,
    pub default: String,
    pub changed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct MethodologyView {
    pub definitions: Vec<Definition>,
    pub config: Vec<ConfigRow>,
    pub config_source: String,
    pub changed: usize,
    /// Which churn scoring is in force.
    pub scoring: String,
}

/// The sections of the methodology page: (id, number of paragraphs). Texts are
/// `def_<id>_title` and `def_<id>_<i>` in the i18n table, with `{section.key}` placeholders
/// filled from the configuration in force.
pub const DEFINITIONS: [(&str, usize); 11] = [
    ("periods", 2),
    ("contribution", 2),
    ("tiers", 3),
    ("pareto", 1),
    ("churn", 4),
    ("risk", 2),
    ("loans", 2),
    ("performance", 5),
    ("branches", 1),
    ("comparisons", 2),
    ("privacy", 2),
];

/// The configuration flattened to `section.key` → value, in key order.
pub fn flatten_config(cfg: &Config) -> BTreeMap<String, String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::String(s) => {
                out.insert(prefix.to_string(), format!("\"{s}\""));
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Ok(v) = serde_json::to_value(cfg) {
        walk("", &v, &mut out);
    }
    out
}

impl Ctx<'_> {
    pub fn methodology_view(&self, config_source: Option<&str>) -> MethodologyView {
        let now = flatten_config(self.m.a.cfg);
        let defaults = flatten_config(&Config::default());
        let fill = |s: String| -> String {
            let mut s = s;
            for (k, v) in &now {
                let needle = format!("{{{k}}}");
                if s.contains(&needle) {
                    s = s.replace(&needle, v);
                }
            }
            s
        };
        let definitions = DEFINITIONS
            .iter()
            .map(|&(id, n)| Definition {
                id,
                title: self.t(&format!("def_{id}_title")),
                paragraphs: (1..=n).map(|i| fill(self.t(&format!("def_{id}_{i}")))).collect(),
            })
            .collect();
        let config: Vec<ConfigRow> = now
            .iter()
            .map(|(k, v)| {
                let d = defaults.get(k).cloned().unwrap_or_default();
                ConfigRow { key: k.clone(), value: v.clone(), changed: *v != d, default: d }
            })
            .collect();
        let changed = config.iter().filter(|r| r.changed).count();
        MethodologyView {
            definitions,
            config_source: match config_source {
                Some(name) => self.tf("config_from_file", &[("file", name.to_string())]),
                None => self.t("config_defaults"),
            },
            changed,
            config,
            scoring: self.churn_scoring(),
        }
    }
}
