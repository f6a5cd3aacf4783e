//! Bit-for-bit parity of the core's metrics between native and wasm32.
//!
//! One test, built twice: natively (`#[test]`) and for wasm32-unknown-unknown, where
//! wasm-bindgen-test-runner runs it in Node (`#[wasm_bindgen_test]`). It loads a slice of
//! `sample-data/` embedded in the binary (`tests/data/`, made by `tests/data/make.sh`), analyses
//! the latest period and writes a fingerprint: one line per figure, every float as its IEEE-754
//! bits in hex. Both builds compare the fingerprint with the same golden file, the insta
//! snapshot `tests/snapshots/parity__fingerprint.snap`: natively with `insta::assert_snapshot!`,
//! under wasm32 (no file system) with the snapshot's body embedded by `include_str!`. Passing on
//! both means native == wasm to the bit.
//!
//! Update the golden file after an intended change of the metrics (natively only):
//!
//! ```text
//! INSTA_UPDATE=always cargo test -p branchlens-wasm --test parity
//! ```
//!
//! or run the test and accept the new snapshot with `cargo insta review`.
//! `scripts/wasm-parity.sh` runs both builds.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use branchlens_core::config::{Config, Lang};
use branchlens_core::summary::analyze;
use branchlens_core::{load, Inputs, LoadOptions};
use serde::ser::{self, Serialize};

const CUSTOMERS: &[u8] = include_bytes!("data/customers.csv");
const MANAGERS: &[u8] = include_bytes!("data/managers.csv");
const CREDIT_SPLITS: &[u8] = include_bytes!("data/credit_splits.csv");
/// The golden snapshot, for the wasm32 build (and the native mismatch report).
const SNAPSHOT: &str = include_str!("snapshots/parity__fingerprint.snap");

/// The first lines of the fingerprint. Its text is part of the golden content and stays as it
/// was when the golden file was a plain text file updated with `PARITY_UPDATE=1` (see
/// [`refuse_parity_update`]).
const HEADER: &str = "# branchlens parity fingerprint: one figure a line, floats as f64 bits (decimal after #).\n\
# Regenerate natively: PARITY_UPDATE=1 cargo test -p branchlens-wasm --test parity\n";

/// How to update the golden snapshot after an intended change.
const UPDATE_HINT: &str = "INSTA_UPDATE=always cargo test -p branchlens-wasm --test parity (or cargo insta review)";

#[cfg(target_arch = "wasm32")]
macro_rules! say {
    ($($t:tt)*) => { wasm_bindgen_test::console_log!($($t)*) };
}
#[cfg(not(target_arch = "wasm32"))]
macro_rules! say {
    ($($t:tt)*) => { println!($($t)*) };
}

const TARGET: &str = if cfg!(target_arch = "wasm32") { "wasm32" } else { "native" };

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn metrics_match_golden_bits() {
    #[cfg(not(target_arch = "wasm32"))]
    refuse_parity_update();
    let actual = fingerprint();
    let figures = actual.lines().filter(|l| !l.starts_with('#')).count();
    let expected = snapshot_body(SNAPSHOT);

    #[cfg(not(target_arch = "wasm32"))]
    {
        if actual != expected {
            // A figure-by-figure summary before insta's line diff (and before an update).
            eprintln!("{}", mismatch_report(&expected, &actual));
        }
        insta::assert_snapshot!("fingerprint", actual);
    }
    #[cfg(target_arch = "wasm32")]
    if actual != expected {
        panic!("{}", mismatch_report(&expected, &actual));
    }
    if actual == expected {
        say!("PARITY {TARGET} {figures} figures identical to tests/snapshots/parity__fingerprint.snap");
    } else {
        // Only natively, when insta was told to accept the new snapshot.
        say!("PARITY {TARGET} {figures} figures written to tests/snapshots/parity__fingerprint.snap");
    }
}

/// `PARITY_UPDATE=1` (named by the fingerprint's header) used to rewrite the golden file; the
/// golden file is an insta snapshot now, so the old switch fails with the new command rather
/// than silently comparing.
#[cfg(not(target_arch = "wasm32"))]
fn refuse_parity_update() {
    if std::env::var_os("PARITY_UPDATE").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!("PARITY_UPDATE is retired: the golden file is the insta snapshot tests/snapshots/parity__fingerprint.snap; update it with {UPDATE_HINT}");
    }
}

/// The content of an insta snapshot file: the text after its `---` metadata header, with the
/// line ends of the checkout normalised to LF.
fn snapshot_body(snap: &str) -> String {
    let snap = snap.replace("\r\n", "\n");
    let body = snap
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or_else(|| panic!("tests/snapshots/parity__fingerprint.snap has no insta header"), |(_, body)| body);
    body.to_owned()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn version_is_the_package_version() {
    assert_eq!(branchlens_wasm::version(), env!("CARGO_PKG_VERSION"));
}

/// The fingerprint text of the embedded dataset's latest period.
fn fingerprint() -> String {
    let inputs = Inputs { customers: CUSTOMERS, managers: MANAGERS, credit_splits: Some(CREDIT_SPLITS) };
    let loaded = match load(inputs, &LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => panic!("the embedded dataset does not load: {}", e.message(Lang::En)),
    };
    let ds = &loaded.dataset;
    let cfg = Config::default();
    let Some(as_of) = ds.latest() else { panic!("the embedded dataset has no rows") };
    let analysis = analyze(ds, &cfg, as_of);
    assert!(analysis.customers.customers.len() > 250, "too few customers in {as_of}");

    let mut out = Flat::default();
    // The sample's deliberate data problems (unknown managers, loans without a class): warnings
    // that keep the row, so they are part of what the metrics see.
    out.emit("load.files", &loaded.files);
    out.emit("load.issues", &loaded.issues);
    out.emit("period", &analysis.period);

    // Every customer present in L: the score-CSV row plus the two inputs of the rules that it
    // leaves out (p3 and the funds drop).
    for (row, m) in analysis.score_rows().zip(&analysis.customers.customers) {
        assert_eq!(row.customer_id, ds.customer_id(m.customer), "score rows out of step with the metrics");
        let at = format!("customer.{}", row.customer_id);
        out.emit(&at, &row);
        out.emit(&format!("{at}.p3"), &m.p3);
        out.emit(&format!("{at}.funds_drop"), &m.funds_drop);
    }

    // summary.json, with managers and branches keyed by id rather than by position.
    let mut summary = analysis.summary();
    for m in std::mem::take(&mut summary.managers) {
        out.emit(&format!("manager.{}", m.state.manager_id), &m);
    }
    for b in std::mem::take(&mut summary.branches) {
        out.emit(&format!("branch.{}", b.branch_id), &b);
    }
    out.emit("summary", &summary);
    out.lines.retain(|l| l != "summary.managers = []" && l != "summary.branches = []");

    // Orphans (summary.json only counts them).
    for (i, o) in analysis.performance.orphans.iter().enumerate() {
        out.emit(&format!("orphan[{i}]"), o);
    }

    let mut text = String::from(HEADER);
    for line in &out.lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// What differs between the golden text and this run's, keyed by figure, at most a few of each.
fn mismatch_report(expected: &str, actual: &str) -> String {
    const SHOW: usize = 20;
    let parse = |t: &str| -> BTreeMap<String, String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| match l.split_once(" = ") {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (l.to_owned(), String::new()),
            })
            .collect()
    };
    let (e, a) = (parse(expected), parse(actual));
    let changed: Vec<_> =
        e.iter().filter_map(|(k, ev)| a.get(k).filter(|av| *av != ev).map(|av| (k, ev, av))).collect();
    let missing: Vec<_> = e.keys().filter(|k| !a.contains_key(*k)).collect();
    let extra: Vec<_> = a.keys().filter(|k| !e.contains_key(*k)).collect();

    let mut r = String::new();
    let _ = writeln!(
        r,
        "{TARGET}: the metrics differ from tests/snapshots/parity__fingerprint.snap: {} changed, {} missing, {} new \
         ({} figures expected, {} computed)",
        changed.len(),
        missing.len(),
        extra.len(),
        e.len(),
        a.len(),
    );
    for (k, ev, av) in changed.iter().take(SHOW) {
        let _ = writeln!(r, "  {k}\n    - expected {ev}\n    + actual   {av}");
    }
    for k in missing.iter().take(SHOW) {
        let _ = writeln!(r, "  - missing  {k} = {}", e[*k]);
    }
    for k in extra.iter().take(SHOW) {
        let _ = writeln!(r, "  + new      {k} = {}", a[*k]);
    }
    if changed.len().max(missing.len()).max(extra.len()) > SHOW {
        let _ = writeln!(r, "  (only the first {SHOW} of each shown)");
    }
    if changed.is_empty() && missing.is_empty() && extra.is_empty() {
        let _ = writeln!(r, "  same figures, but in another order, duplicated, or a changed header");
    }
    if cfg!(target_arch = "wasm32") {
        let _ = writeln!(
            r,
            "If the native run of this test passes, native and wasm32 compute different bits: a parity bug."
        );
    }
    let _ = write!(r, "If the change of the metrics is intended, update the snapshot natively: {UPDATE_HINT}");
    r
}

// ---------------------------------------------------------------------------------------------
// A serde serializer that flattens any value to `path = value` lines
// ---------------------------------------------------------------------------------------------

/// The lines written so far.
#[derive(Debug, Default)]
struct Flat {
    lines: Vec<String>,
}

impl Flat {
    fn emit<T: Serialize + ?Sized>(&mut self, path: &str, v: &T) {
        if let Err(e) = v.serialize(At { out: &mut self.lines, path: path.to_owned() }) {
            panic!("{path}: cannot fingerprint: {e}");
        }
    }
}

#[derive(Debug)]
struct FlatError(String);

impl fmt::Display for FlatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FlatError {}

impl ser::Error for FlatError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FlatError(msg.to_string())
    }
}

/// Serializes one value at `path`.
#[derive(Debug)]
struct At<'a> {
    out: &'a mut Vec<String>,
    path: String,
}

impl<'a> At<'a> {
    fn leaf(self, v: fmt::Arguments<'_>) -> Result<(), FlatError> {
        self.out.push(format!("{} = {v}", self.path));
        Ok(())
    }
    fn compound(self, sub: Option<&'static str>) -> Compound<'a> {
        let path = match sub {
            Some(s) => format!("{}.{s}", self.path),
            None => self.path,
        };
        Compound { out: self.out, path, items: 0, key: None }
    }
}

/// A sequence, tuple, map or struct being serialized at `path`.
#[derive(Debug)]
struct Compound<'a> {
    out: &'a mut Vec<String>,
    path: String,
    items: usize,
    key: Option<String>,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        let path = format!("{}[{}]", self.path, self.items);
        self.items += 1;
        v.serialize(At { out: self.out, path })
    }
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, v: &T) -> Result<(), FlatError> {
        let path = format!("{}.{name}", self.path);
        self.items += 1;
        v.serialize(At { out: self.out, path })
    }
    /// Makes an empty list or struct visible.
    fn end(self, empty: &str) -> Result<(), FlatError> {
        if self.items == 0 {
            self.out.push(format!("{} = {empty}", self.path));
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for At<'a> {
    type Ok = ();
    type Error = FlatError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), FlatError> {
        self.leaf(format_args!("{v}"))
    }
    fn serialize_i8(self, v: i8) -> Result<(), FlatError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), FlatError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), FlatError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), FlatError> {
        self.leaf(format_args!("{v}"))
    }
    fn serialize_i128(self, v: i128) -> Result<(), FlatError> {
        self.leaf(format_args!("{v}"))
    }
    fn serialize_u8(self, v: u8) -> Result<(), FlatError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), FlatError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), FlatError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), FlatError> {
        self.leaf(format_args!("{v}"))
    }
    fn serialize_u128(self, v: u128) -> Result<(), FlatError> {
        self.leaf(format_args!("{v}"))
    }
    fn serialize_f32(self, v: f32) -> Result<(), FlatError> {
        self.leaf(format_args!("f32:{:08x} # {v:?}", v.to_bits()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), FlatError> {
        self.leaf(format_args!("f64:{:016x} # {v:?}", v.to_bits()))
    }
    fn serialize_char(self, v: char) -> Result<(), FlatError> {
        self.leaf(format_args!("{v:?}"))
    }
    fn serialize_str(self, v: &str) -> Result<(), FlatError> {
        self.leaf(format_args!("{v:?}"))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), FlatError> {
        self.leaf(format_args!("{v:02x?}"))
    }
    fn serialize_none(self) -> Result<(), FlatError> {
        self.leaf(format_args!("none"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), FlatError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FlatError> {
        self.leaf(format_args!("()"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), FlatError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result<(), FlatError> {
        self.leaf(format_args!("{variant}"))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Result<(), FlatError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), FlatError> {
        v.serialize(At { path: format!("{}.{variant}", self.path), out: self.out })
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(None))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(None))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(None))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(Some(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, FlatError> {
        Ok(self.compound(Some(variant)))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        self.element(v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "[]")
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        self.element(v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "()")
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        self.element(v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "()")
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        self.element(v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "()")
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), FlatError> {
        // A key is written as its leaf text (strings unquoted).
        let mut tmp = Vec::new();
        k.serialize(At { out: &mut tmp, path: String::new() })?;
        match tmp.as_slice() {
            [one] => {
                let text = one.strip_prefix(" = ").unwrap_or(one);
                self.key = Some(text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text).to_owned());
                Ok(())
            }
            _ => Err(FlatError(format!("{}: map key is not a scalar", self.path))),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), FlatError> {
        let Some(key) = self.key.take() else {
            return Err(FlatError(format!("{}: map value without a key", self.path)));
        };
        self.field(&key, v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "{}")
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T) -> Result<(), FlatError> {
        self.field(name, v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "{}")
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T) -> Result<(), FlatError> {
        self.field(name, v)
    }
    fn end(self) -> Result<(), FlatError> {
        Compound::end(self, "{}")
    }
}
