//! Writes a serde value (the core `Config`) as TOML text.
//!
//! The explorer exports its parameters as a `branchlens.toml` for the CLI. The `toml` crate's
//! writer (with its reader, `toml_edit` and `winnow`) would add about 80 KB (gzip) to the wasm
//! module, over the 250 KB budget; the configuration is plain tables of numbers, strings,
//! booleans and lists, so this short writer over `serde_json::Value` does instead. Its output is
//! checked by the tests with the CLI's own reader: `config::parse(write(cfg)) == cfg`.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Number, Value};

/// The TOML text of `v`, which must serialize to an object (a table).
pub fn to_toml<T: Serialize>(v: &T) -> String {
    let mut out = String::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(v) {
        table(&mut out, &[], &map);
    }
    out
}

/// Writes the scalar and list keys of `map` under the header `[path]` (none for the root),
/// then its sub-tables and arrays of tables.
fn table(out: &mut String, path: &[&str], map: &Map<String, Value>) {
    let is_table = |v: &Value| v.is_object();
    let is_table_array = |v: &Value| matches!(v, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object));
    let mut wrote = false;
    for (k, v) in map {
        if is_table(v) || is_table_array(v) || v.is_null() {
            continue;
        }
        if !wrote && !path.is_empty() {
            header(out, path, false);
        }
        wrote = true;
        let _ = writeln!(out, "{} = {}", key(k), value(v));
    }
    if !wrote && !path.is_empty() && map.values().all(|v| !is_table(v) && !is_table_array(v)) {
        header(out, path, false);
    }
    for (k, v) in map {
        let mut sub: Vec<&str> = path.to_vec();
        sub.push(k);
        match v {
            Value::Object(m) => table(out, &sub, m),
            Value::Array(items) if is_table_array(v) => {
                for item in items {
                    if let Value::Object(m) = item {
                        header(out, &sub, true);
                        for (ik, iv) in m {
                            if !iv.is_null() {
                                let _ = writeln!(out, "{} = {}", key(ik), value(iv));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn header(out: &mut String, path: &[&str], array: bool) {
    if !out.is_empty() {
        out.push('\n');
    }
    let p: Vec<String> = path.iter().map(|k| key(k)).collect();
    if array {
        let _ = writeln!(out, "[[{}]]", p.join("."));
    } else {
        let _ = writeln!(out, "[{}]", p.join("."));
    }
}

/// A bare key when it can be one, else a quoted key.
fn key(k: &str) -> String {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        k.to_owned()
    } else {
        string(k)
    }
}

/// A basic string: JSON's escapes are all valid TOML escapes.
fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn number(n: &Number) -> String {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or(0.0);
        // `{:?}` keeps a decimal point or an exponent ("5.0", "0.015", "1e-7"): a TOML float, and
        // the shortest text that reads back to the same bits.
        format!("{f:?}")
    } else {
        n.to_string()
    }
}

/// An inline value (scalar, list, or inline table inside a list).
fn value(v: &Value) -> String {
    match v {
        Value::Null => "\"\"".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => string(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter(|x| !x.is_null()).map(value).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(m) => {
            let parts: Vec<String> =
                m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| format!("{} = {}", key(k), value(x))).collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads the written text back with the `toml` crate and compares with the input.
    fn round_trip(v: Value) {
        let text = to_toml(&v);
        let back: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let back = serde_json::to_value(back).expect("json");
        assert_eq!(back, v, "{text}");
    }

    #[test]
    fn tables_lists_and_table_arrays() {
        round_trip(json!({
            "a": { "x": 0.015, "n": 3, "on": true, "s": "zh-CN", "deep": { "y": 5.0, "z": 1e-7 } },
            "b": { "list": [1.5, 2.0], "words": ["deposit", "a \"quoted\" \\ word\n"] },
            "models": [ { "name": "m1", "w": [0.25] }, { "name": "m2", "w": [] } ],
            "empty": {},
            "card": { "base": 600.0, "features": [
                { "name": "x", "bins": [ { "kind": "range", "upper": 1.5, "woe": 0.1 }, { "kind": "rest", "woe": -0.2 } ] },
                { "name": "y", "bins": [] }
            ] },
            "odd key": { "é": -1 }
        }));
    }

    #[test]
    fn floats_keep_their_bits() {
        for f in [0.1, 1.0 / 3.0, 5e-324, 1e21, 123_456_789.125, -0.5] {
            let text = to_toml(&json!({ "t": { "f": f } }));
            let back: toml::Table = toml::from_str(&text).expect("toml");
            let got = back["t"]["f"].as_float().expect("float");
            assert_eq!(got.to_bits(), f64::to_bits(f), "{text}");
        }
    }
}
