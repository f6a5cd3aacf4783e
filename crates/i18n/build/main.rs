//! Build script of `branchlens-i18n`: reads `messages/<domain>.toml` and
//! `messages/<domain>/*.toml`, checks them ([`table`]) and writes the typed table
//! (`OUT_DIR/messages.rs`, see [`generate`]). A problem in a file becomes a compile error naming
//! the file, line and key, so a message missing a language, an empty text or placeholders that
//! differ between the languages never reach a build.

mod generate;
mod table;

use std::path::{Path, PathBuf};

use table::Source;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let dir = manifest.join("messages");
    println!("cargo:rerun-if-changed=messages");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=Cargo.toml");
    let code = match sources(&dir) {
        Ok((domains, sources)) => {
            let mut problems = missing_features(&manifest.join("Cargo.toml"), &domains);
            match table::read(&sources) {
                Ok(entries) if problems.is_empty() => generate::rust(&domains, &entries),
                Ok(_) => generate::problems(&problems),
                Err(more) => {
                    problems.extend(more);
                    generate::problems(&problems)
                }
            }
        }
        Err(e) => generate::problems(&[format!("crates/i18n/messages: {e}")]),
    };
    if let Err(e) = std::fs::write(out.join("messages.rs"), code) {
        panic!("cannot write {}: {e}", out.join("messages.rs").display());
    }
}

/// The domains not named with lower-case letters (their names become Rust names), and those
/// without a feature of their name in the crate's Cargo.toml (each domain but
/// [`generate::ALWAYS`] is compiled in only with it).
fn missing_features(cargo_toml: &Path, domains: &[String]) -> Vec<String> {
    let features: Vec<String> = std::fs::read_to_string(cargo_toml)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("features").and_then(|f| f.as_table()).map(|f| f.keys().cloned().collect()))
        .unwrap_or_default();
    let is_name =
        |d: &str| d.starts_with(|c: char| c.is_ascii_lowercase()) && d.bytes().all(|c| c.is_ascii_lowercase());
    let mut problems: Vec<String> = domains
        .iter()
        .filter(|d| !is_name(d))
        .map(|d| format!("crates/i18n/messages/{d}: a domain is named with lower-case letters only"))
        .collect();
    problems.extend(
        domains
            .iter()
            .filter(|d| d.as_str() != generate::ALWAYS && !features.contains(d))
            .map(|d| format!("crates/i18n/Cargo.toml: the domain `{d}` (messages/{d}) needs a feature `{d}`")),
    );
    problems
}

/// The domains (sorted) and their files: `messages/<domain>.toml`, or every `*.toml` of
/// `messages/<domain>/` (sorted by name).
fn sources(dir: &Path) -> std::io::Result<(Vec<String>, Vec<Source>)> {
    let mut domains = Vec::new();
    let mut sources = Vec::new();
    for entry in sorted(dir)? {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if entry.is_dir() {
            for file in sorted(&entry)?.into_iter().filter(|p| is_toml(p)) {
                sources.push(source(&file, &name)?);
            }
            domains.push(name);
        } else if let Some(stem) = name.strip_suffix(".toml") {
            sources.push(source(&entry, stem)?);
            domains.push(stem.to_string());
        }
    }
    domains.sort();
    domains.dedup();
    Ok((domains, sources))
}

fn sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    v.sort();
    Ok(v)
}

fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

fn source(path: &Path, domain: &str) -> std::io::Result<Source> {
    let text = std::fs::read_to_string(path)?;
    let shown = path.to_string_lossy();
    let shown = match shown.find("crates/i18n/") {
        Some(i) => shown[i..].to_string(),
        None => shown.into_owned(),
    };
    Ok(Source { path: shown, domain: domain.to_string(), text })
}
