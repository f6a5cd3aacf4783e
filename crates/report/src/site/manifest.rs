//! manifest.json (what produced the site, from which inputs) and the JSON writer shared with
//! summary.json.

use branchlens_core::config::Config;
use branchlens_core::summary::Analysis;
use branchlens_core::Period;
use serde::Serialize;

use super::{InputDigest, ReportError, SiteOptions};

pub(super) fn json<T: Serialize>(v: &T, what: &str) -> Result<Vec<u8>, ReportError> {
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

/// manifest.json of a build, as bytes.
pub(super) fn manifest_json(a: &Analysis<'_>, o: &SiteOptions) -> Result<Vec<u8>, ReportError> {
    json(&manifest(a, o), "manifest.json")
}
