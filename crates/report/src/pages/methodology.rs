//! The methodology page: the definitions of every figure, filled with the configuration in
//! force, and that configuration against the defaults.

use std::collections::BTreeMap;

use branchlens_core::config::Config;
use branchlens_i18n::Msg;
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
    /// What the export cannot show (signals off for want of a column, no targets for `L`).
    pub findings: Vec<String>,
}

/// The sections of the methodology page: (id, title, paragraphs). Texts are `def_<id>_title`
/// and `def_<id>_<i>` in `messages/report/methodology.toml`, with `{section.key}` placeholders
/// filled from the configuration in force.
pub const DEFINITIONS: [(&str, Msg, &[Msg]); 11] = [
    ("periods", Msg::DefPeriodsTitle, &[Msg::DefPeriods1, Msg::DefPeriods2]),
    ("contribution", Msg::DefContributionTitle, &[Msg::DefContribution1, Msg::DefContribution2]),
    ("tiers", Msg::DefTiersTitle, &[Msg::DefTiers1, Msg::DefTiers2, Msg::DefTiers3]),
    ("pareto", Msg::DefParetoTitle, &[Msg::DefPareto1]),
    ("churn", Msg::DefChurnTitle, &[Msg::DefChurn1, Msg::DefChurn2, Msg::DefChurn3, Msg::DefChurn4]),
    ("risk", Msg::DefRiskTitle, &[Msg::DefRisk1, Msg::DefRisk2]),
    ("loans", Msg::DefLoansTitle, &[Msg::DefLoans1, Msg::DefLoans2]),
    (
        "performance",
        Msg::DefPerformanceTitle,
        &[Msg::DefPerformance1, Msg::DefPerformance2, Msg::DefPerformance3, Msg::DefPerformance4, Msg::DefPerformance5],
    ),
    ("branches", Msg::DefBranchesTitle, &[Msg::DefBranches1]),
    ("comparisons", Msg::DefComparisonsTitle, &[Msg::DefComparisons1, Msg::DefComparisons2]),
    ("privacy", Msg::DefPrivacyTitle, &[Msg::DefPrivacy1, Msg::DefPrivacy2]),
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
    /// The analysis's findings in the page's language, for the methodology and data-quality
    /// pages (the same texts as `branchlens check`).
    pub fn findings(&self) -> Vec<String> {
        self.m.a.findings.iter().map(|f| f.message(self.tr.lang())).collect()
    }

    pub fn methodology_view(&self, config_source: Option<&str>) -> MethodologyView {
        let now = flatten_config(self.m.a.cfg);
        let defaults = flatten_config(&Config::default());
        let fill = |m: &Msg| m.fill_with(self.tr.lang(), |hole| now.get(hole).cloned());
        let definitions = DEFINITIONS
            .iter()
            .map(|&(id, title, paragraphs)| Definition {
                id,
                title: self.t(title),
                paragraphs: paragraphs.iter().map(fill).collect(),
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
                Some(name) => self.tf(Msg::ConfigFromFile, &[("file", name.to_string())]),
                None => self.t(Msg::ConfigDefaults),
            },
            changed,
            config,
            scoring: self.churn_scoring(),
            findings: self.findings(),
        }
    }
}
