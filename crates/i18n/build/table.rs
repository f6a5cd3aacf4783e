//! Reading and checking the message files: every message has an English and a Chinese text,
//! neither empty, with the same `{placeholders}`; keys are unique across all files. Pure (text
//! in, entries or problems out), so `tests/build_checks.rs` runs it on bad files too.

use std::collections::{BTreeMap, BTreeSet};

/// The languages of a message, as written in the files (the `Lang` spellings).
pub const LANGS: [&str; 2] = ["en", "zh-CN"];

/// One message file.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path shown in problems (relative to the workspace, e.g.
    /// `crates/i18n/messages/load.toml`).
    pub path: String,
    /// The domain: the file's stem, or the name of its folder under `messages/`.
    pub domain: String,
    pub text: String,
}

/// One checked message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub domain: String,
    pub key: String,
    /// The Rust variant name (the key in CamelCase).
    pub variant: String,
    /// The texts, in the order of [`LANGS`].
    pub texts: [String; 2],
    /// The placeholders, in order of first appearance in the English text.
    pub holes: Vec<String>,
}

/// Reads every source; on any problem, all problems found (each `path:line: [key] what`).
pub fn read(sources: &[Source]) -> Result<Vec<Entry>, Vec<String>> {
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for s in sources {
        read_one(s, &mut entries, &mut problems);
    }
    let mut seen: BTreeMap<&str, &Entry> = BTreeMap::new();
    let mut variants: BTreeMap<&str, &Entry> = BTreeMap::new();
    for e in &entries {
        if let Some(first) = seen.insert(&e.key, e) {
            problems.push(format!("[{}] is defined twice (domains {} and {})", e.key, first.domain, e.domain));
        } else if let Some(first) = variants.insert(&e.variant, e) {
            problems.push(format!("[{}] and [{}] both become Msg::{}", first.key, e.key, e.variant));
        }
    }
    if problems.is_empty() {
        entries.sort_by(|a, b| (&a.domain, &a.key).cmp(&(&b.domain, &b.key)));
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn read_one(s: &Source, entries: &mut Vec<Entry>, problems: &mut Vec<String>) {
    let table: toml::Table = match s.text.parse() {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!("{}: not valid TOML: {}", s.path, e.message()));
            return;
        }
    };
    for (key, value) in &table {
        let at = format!("{}:{}: [{key}]", s.path, line_of(&s.text, key));
        let mut bad = |what: String| problems.push(format!("{at} {what}"));
        if !is_key(key) {
            bad("is not a key: lower-case letters, digits and `_`, starting with a letter".into());
            continue;
        }
        let Some(fields) = value.as_table() else {
            bad("must be a table with `en` and `zh-CN` texts".into());
            continue;
        };
        for name in fields.keys() {
            if !LANGS.contains(&name.as_str()) {
                bad(format!("has `{name}`, which is not a language (en, zh-CN)"));
            }
        }
        let mut texts: Vec<String> = Vec::new();
        let mut holes: Vec<Vec<String>> = Vec::new();
        for lang in LANGS {
            match fields.get(lang) {
                None => bad(format!("has no {lang} text")),
                Some(toml::Value::String(t)) if t.trim().is_empty() => bad(format!("has an empty {lang} text")),
                Some(toml::Value::String(t)) => match placeholders(t) {
                    Ok(h) => {
                        texts.push(t.clone());
                        holes.push(h);
                    }
                    Err(why) => bad(format!("{lang}: {why}")),
                },
                Some(_) => bad(format!("{lang} must be a string")),
            }
        }
        let [en, zh] = match <[String; 2]>::try_from(texts) {
            Ok(t) => t,
            Err(_) => continue,
        };
        let (en_holes, zh_holes) = (&holes[0], &holes[1]);
        let as_set = |h: &[String]| h.iter().cloned().collect::<BTreeSet<_>>();
        if as_set(en_holes) != as_set(zh_holes) {
            bad(format!("has placeholders {} in en but {} in zh-CN", holes_text(en_holes), holes_text(zh_holes)));
            continue;
        }
        if en == zh {
            bad("has the same text in en and zh-CN (untranslated?)".into());
            continue;
        }
        entries.push(Entry {
            domain: s.domain.clone(),
            key: key.clone(),
            variant: camel(key),
            texts: [en, zh],
            holes: en_holes.clone(),
        });
    }
}

/// `{a}, {b}`, or `none`.
fn holes_text(holes: &[String]) -> String {
    if holes.is_empty() {
        "none".to_string()
    } else {
        holes.iter().map(|h| format!("{{{h}}}")).collect::<Vec<_>>().join(", ")
    }
}

/// A message key: `[a-z][a-z0-9_]*`.
fn is_key(k: &str) -> bool {
    let mut b = k.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// `card_aum` → `CardAum`, `def_tiers_1` → `DefTiers1`.
pub fn camel(key: &str) -> String {
    key.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The `{name}` placeholders of a text, each once, in order of first appearance. A name is
/// lower-case letters, digits, `_` and `.` (`{tiers.vip_share}`); any other brace is an error
/// (no text needs a literal one).
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return Err(format!("a `}}` without its `{{` in {text:?}"));
        }
        let Some(len) = rest[i + 1..].find('}') else {
            return Err(format!("a `{{` without its `}}` in {text:?}"));
        };
        let name = &rest[i + 1..i + 1 + len];
        let ok = name.bytes().next().is_some_and(|c| c.is_ascii_lowercase() || c == b'_')
            && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.');
        if !ok {
            return Err(format!("`{{{name}}}` is not a placeholder (lower-case letters, digits, `_`, `.`)"));
        }
        if !out.iter().any(|h| h == name) {
            out.push(name.to_string());
        }
        rest = &rest[i + len + 2..];
    }
    Ok(out)
}

/// The 1-based line of the table header `[key]` in a file (1 when not found).
fn line_of(text: &str, key: &str) -> usize {
    let header = format!("[{key}]");
    text.lines().position(|l| l.trim_start().starts_with(&header)).map_or(1, |i| i + 1)
}
