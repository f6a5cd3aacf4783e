//! Safe, deterministic file names for branch and manager pages.
//!
//! Ids come from the bank's exports and may hold anything: `/`, `..`, spaces, Chinese, names
//! reserved on Windows (`CON`), or differ only in case (`b01` and `B01`, the same file on a
//! case-insensitive file system). Rule:
//!
//! - An id made only of ASCII letters, digits, `-` and `_`, starting with a letter or digit, at
//!   most 48 characters, that is not a Windows device name, is its own slug (`B01`, `m-017`).
//! - Any other id becomes its ASCII letters and digits (others replaced by `_`, runs collapsed,
//!   at most 32 kept) followed by `-` and the first 10 hex digits of the SHA-256 of the id
//!   (`总行/营业部` → `x-<hash>`, `a b` → `a_b-<hash>`).
//! - [`SlugMap`] resolves ids that would collide once case is folded: every member of such a
//!   group takes the hashed form, so no two pages share a file name on any file system.
//!
//! The slug depends only on the id (and, for case collisions, on the set of ids of the same
//! kind), so links stay consistent across pages and builds.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

fn is_plain(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 48
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        && !WINDOWS_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(id))
}

/// The hashed form of `id`: its ASCII letters and digits, then `-` and 10 hex digits of SHA-256.
pub fn hashed(id: &str) -> String {
    let mut stem = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('_') && !stem.is_empty() {
            stem.push('_');
        }
        if stem.len() >= 32 {
            break;
        }
    }
    let stem = stem.trim_end_matches('_');
    let stem = if stem.is_empty() { "x" } else { stem };
    let digest = Sha256::digest(id.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}")
}

/// The slug of one id, ignoring collisions with other ids (see the module notes).
pub fn slug(id: &str) -> String {
    if is_plain(id) {
        id.to_string()
    } else {
        hashed(id)
    }
}

/// Slugs of a set of ids of one kind, with case-folded collisions resolved.
#[derive(Clone, Debug, Default)]
pub struct SlugMap {
    map: BTreeMap<String, String>,
}

impl SlugMap {
    /// Slugs for `ids` (any order; duplicates are fine).
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> SlugMap {
        let mut by_fold: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for id in ids {
            let s = slug(id);
            let group = by_fold.entry(s.to_ascii_lowercase()).or_default();
            if !group.contains(&id) {
                group.push(id);
            }
        }
        let mut map = BTreeMap::new();
        for group in by_fold.values() {
            let collide = group.len() > 1;
            for &id in group {
                map.insert(id.to_string(), if collide { hashed(id) } else { slug(id) });
            }
        }
        SlugMap { map }
    }

    /// The slug of `id` (computed on the fly for an id not given to [`SlugMap::new`]).
    pub fn get(&self, id: &str) -> String {
        self.map.get(id).cloned().unwrap_or_else(|| slug(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(s: &str) -> bool {
        !s.is_empty()
            && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            && !s.starts_with('-')
            && !s.contains("..")
    }

    #[test]
    fn plain_ids_are_kept() {
        assert_eq!(slug("B01"), "B01");
        assert_eq!(slug("m-017_x"), "m-017_x");
    }

    #[test]
    fn unsafe_ids_are_hashed() {
        for id in
            ["../etc/passwd", "a/b", "a b", "总行营业部", "", ".", "..", "-x", "CON", "nul", "x".repeat(49).as_str()]
        {
            let s = slug(id);
            assert!(safe(&s), "{id:?} → {s:?}");
            assert_ne!(s, id);
            // Deterministic.
            assert_eq!(s, slug(id));
        }
        // The readable part keeps ASCII letters and digits.
        assert!(slug("../etc/passwd").starts_with("etc_passwd-"));
        assert!(slug("总行营业部").starts_with("x-"));
        assert!(slug("支行 B07").starts_with("B07-"));
        // Different ids with the same readable part differ by their hash.
        assert_ne!(slug("a/b"), slug("a b"));
        assert_eq!(slug("a/b").len(), "a_b-".len() + 10);
    }

    #[test]
    fn case_collisions_are_resolved() {
        let m = SlugMap::new(["B01", "b01", "B02", "B02"]);
        assert_ne!(m.get("B01").to_ascii_lowercase(), m.get("b01").to_ascii_lowercase());
        assert!(m.get("B01").starts_with("B01-"));
        assert_eq!(m.get("B02"), "B02");
        // An id outside the map gets its plain slug.
        assert_eq!(m.get("Z9"), "Z9");
    }
}
