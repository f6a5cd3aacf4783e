//! Key locations: the 1-based line on which each key of a configuration text is written, for
//! the error messages, from the spans the TOML parser (`toml_edit`, the parser behind `toml`)
//! keeps for every key and table header.

use toml_edit::{ImDocument, Item, Table};

/// Where the keys of one configuration text are written.
#[derive(Debug)]
pub(super) struct KeyLines<'t> {
    text: &'t str,
    /// Every key path written in the text, in document order of the parser's tables.
    entries: Vec<Entry>,
}

/// One place a key path is written.
#[derive(Debug)]
struct Entry {
    /// The dotted path, one part per key (the elements of an array of tables share their path).
    path: Vec<String>,
    /// Byte offset of the key of a `key = value`, or of a table's `[header]`.
    offset: usize,
    /// A `key = value` (its value may be an inline table or an array), not a `[header]`.
    value: bool,
}

impl<'t> KeyLines<'t> {
    /// The key locations of `doc`, parsed from `text`.
    pub(super) fn new(text: &'t str, doc: &ImDocument<&str>) -> KeyLines<'t> {
        let mut entries = Vec::new();
        collect(doc.as_table(), &mut Vec::new(), &mut entries);
        KeyLines { text, entries }
    }

    /// 1-based line where the key `path` is first written: its own `key = value` line (also as a
    /// dotted key, or inside the line of an inline table that holds it) or, for a table, its
    /// `[header]` or the first key under it. `None` when it is not written.
    pub(super) fn line(&self, path: &[String]) -> Option<usize> {
        self.entries
            .iter()
            .filter(|e| e.path.starts_with(path) || (e.value && path.starts_with(&e.path)))
            .map(|e| e.offset)
            .min()
            .map(|offset| line_of_offset(self.text, offset))
    }

    /// [`KeyLines::line`] of a dotted key path such as `tiers.vip_share`.
    pub(super) fn line_of(&self, dotted: &str) -> Option<usize> {
        self.line(&dotted.split('.').map(str::to_string).collect::<Vec<_>>())
    }
}

/// Adds the keys and headers of `table` (at `path`) to `out`.
fn collect(table: &Table, path: &mut Vec<String>, out: &mut Vec<Entry>) {
    for (name, item) in table.iter() {
        path.push(name.to_string());
        match item {
            Item::Value(_) => {
                if let Some(span) = table.key(name).and_then(toml_edit::Key::span) {
                    out.push(Entry { path: path.clone(), offset: span.start, value: true });
                }
            }
            Item::Table(sub) => collect_table(sub, path, out),
            Item::ArrayOfTables(array) => {
                for sub in array.iter() {
                    collect_table(sub, path, out);
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

/// A table's `[header]` (tables made implicitly, by dotted keys or by a deeper header, have no
/// span), then its keys.
fn collect_table(table: &Table, path: &mut Vec<String>, out: &mut Vec<Entry>) {
    if let Some(span) = table.span() {
        out.push(Entry { path: path.clone(), offset: span.start, value: false });
    }
    collect(table, path, out);
}

/// 1-based line of a byte offset.
pub(super) fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}
