//! Chunking of customers.csv: record-aligned chunks of the data rows, parsed on several threads
//! with the `parallel` feature (one chunk without it), and the translation of the chunks'
//! interned symbols to the dataset's. Chunking never changes the result (tested).

use super::builder::intern_hinted;
use super::customers::{parse_customer_chunk, ChunkBody, CustomerChunk, Shared};
use crate::issue::LoadError;
use crate::model::{CustomerRow, Interner, ProductSet, Sym};

/// Splits `body` into about `parts` ranges that each start at the beginning of a record, for
/// parsing in parallel. Quote-aware: a newline inside a quoted field is not a boundary. Returns
/// a single range when the quoting is anything but regular (a quote that does not open a field
/// or close one), so that chunked parsing always reads exactly what one reader would.
pub(super) fn record_chunks(body: &[u8], parts: usize) -> Vec<std::ops::Range<usize>> {
    #[allow(clippy::single_range_in_vec_init)] // a list of one range, on purpose
    let whole = vec![0..body.len()];
    if parts <= 1 || body.is_empty() {
        return whole;
    }
    let mut cuts = Vec::with_capacity(parts);
    let mut quotes = memchr::memchr_iter(b'"', body).peekable();
    let mut in_quotes = false;
    // Advances the quote state over every quote before `end`; false on irregular quoting.
    let mut advance = |end: usize, in_quotes: &mut bool| -> bool {
        while let Some(&q) = quotes.peek() {
            if q >= end {
                break;
            }
            quotes.next();
            if *in_quotes {
                if body.get(q + 1) == Some(&b'"') {
                    quotes.next(); // an escaped quote
                } else if matches!(body.get(q + 1), None | Some(b',' | b'\r' | b'\n')) {
                    *in_quotes = false;
                } else {
                    return false;
                }
            } else if q == 0 || matches!(body[q - 1], b',' | b'\n') {
                *in_quotes = true;
            } else {
                return false;
            }
        }
        true
    };
    let mut from = 0;
    for k in 1..parts {
        let target = (body.len() / parts * k).max(from);
        let mut nl = match memchr::memchr(b'\n', &body[target..]) {
            Some(i) => target + i,
            None => break,
        };
        loop {
            if !advance(nl, &mut in_quotes) {
                return whole;
            }
            if !in_quotes {
                break;
            }
            nl = match memchr::memchr(b'\n', &body[nl + 1..]) {
                Some(i) => nl + 1 + i,
                None => return whole,
            };
        }
        if nl + 1 < body.len() {
            cuts.push(nl + 1);
            from = nl + 1;
        }
    }
    if !advance(body.len(), &mut in_quotes) || in_quotes {
        return whole;
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        ranges.push(start..c);
        start = c;
    }
    ranges.push(start..body.len());
    ranges
}

/// How many chunks to parse `len` bytes of rows in.
pub(super) fn chunk_count(len: usize) -> usize {
    const MIN_CHUNK: usize = 8 << 20;
    if !cfg!(feature = "parallel") || len < 2 * MIN_CHUNK {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    cores.min(len / MIN_CHUNK).clamp(1, 8)
}

#[cfg(feature = "parallel")]
pub(super) fn run_chunks(jobs: &[(ChunkBody<'_>, bool)], shared: &Shared<'_>) -> Vec<Result<CustomerChunk, LoadError>> {
    if jobs.len() <= 1 {
        return jobs.iter().map(|&(body, first)| parse_customer_chunk(body, first, shared)).collect();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            jobs.iter().map(|&(body, first)| scope.spawn(move || parse_customer_chunk(body, first, shared))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(not(feature = "parallel"))]
pub(super) fn run_chunks(jobs: &[(ChunkBody<'_>, bool)], shared: &Shared<'_>) -> Vec<Result<CustomerChunk, LoadError>> {
    jobs.iter().map(|&(body, first)| parse_customer_chunk(body, first, shared)).collect()
}

/// Runs `a` and `b`, on two threads with the `parallel` feature when `big`.
pub(super) fn join<A: Send, B: Send>(big: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    if big {
        return std::thread::scope(|scope| {
            let h = scope.spawn(a);
            let b = b();
            (h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
        });
    }
    let _ = big;
    (a(), b())
}

/// Below this many customers.csv rows, `finish` does not bother with threads.
pub(super) const PARALLEL_ROWS: usize = 200_000;

/// The rows of one chunk in `Dataset::customers` and the translation of its local ids to the
/// dataset's first-seen ids (`None`: the same ids).
pub(super) struct Segment {
    pub(super) rows: std::ops::Range<usize>,
    pub(super) customers: Option<Vec<Sym>>,
    pub(super) text: Option<Vec<Sym>>,
    pub(super) branches: Option<Vec<Sym>>,
    pub(super) managers: Option<Vec<Sym>>,
    /// Local product → dataset product (`None`: dropped, beyond [`MAX_PRODUCTS`]).
    pub(super) products: Vec<Option<Sym>>,
}

/// Brings the strings of a chunk's pool `local` into the dataset's pool `global`. Both began
/// as the same first `seed` strings; while `global` has nothing beyond them, `local` simply
/// replaces it (the ids stay: `None`). Otherwise returns the local → dataset id map.
pub(super) fn adopt_or_map(global: &mut Interner, local: Interner, seed: usize) -> Option<Vec<Sym>> {
    if global.len() == seed {
        *global = local;
        return None;
    }
    // Chunks see strings in about the order earlier chunks did: try the id after the previous
    // new string's before hashing.
    let mut prev: Option<Sym> = None;
    let map = local
        .iter()
        .map(|(id, s)| {
            if id.index() < seed {
                return id;
            }
            let g = intern_hinted(global, prev.map(|p| Sym(p.0 + 1)), s);
            prev = Some(g);
            g
        })
        .collect();
    Some(map)
}

/// Chunk-local → final ids of one segment of customers.csv rows.
pub(super) struct RowMaps<'a> {
    pub(super) customers: std::borrow::Cow<'a, [Sym]>,
    pub(super) text: std::borrow::Cow<'a, [Sym]>,
    pub(super) branches: std::borrow::Cow<'a, [Sym]>,
    pub(super) managers: std::borrow::Cow<'a, [Sym]>,
    pub(super) products: Vec<Option<Sym>>,
}

/// `fin ∘ local` (`local` `None`: the identity).
pub(super) fn compose<'a>(local: Option<&[Sym]>, fin: &'a [Sym]) -> std::borrow::Cow<'a, [Sym]> {
    match local {
        None => std::borrow::Cow::Borrowed(fin),
        Some(local) => std::borrow::Cow::Owned(local.iter().map(|g| fin[g.index()]).collect()),
    }
}

fn remap_rows(rows: &mut [CustomerRow], m: &RowMaps<'_>) {
    for r in rows {
        r.customer = m.customers[r.customer.index()];
        r.name = m.text[r.name.index()];
        r.branch = m.branches[r.branch.index()];
        r.manager = r.manager.map(|s| m.managers[s.index()]);
        r.phone = r.phone.map(|s| m.text[s.index()]);
        let mut set = ProductSet::default();
        let mut bits = r.products.0;
        while bits != 0 {
            if let Some(Some(g)) = m.products.get(bits.trailing_zeros() as usize) {
                set.insert(*g);
            }
            bits &= bits - 1;
        }
        r.products = set;
    }
}

/// Translates each segment's rows, on one thread per segment with the `parallel` feature.
pub(super) fn remap_parts(big: bool, parts: Vec<(&mut [CustomerRow], &RowMaps<'_>)>) {
    #[cfg(feature = "parallel")]
    if big && parts.len() > 1 {
        std::thread::scope(|scope| {
            let mut parts = parts.into_iter();
            let first = parts.next();
            for (rows, m) in parts {
                scope.spawn(move || remap_rows(rows, m));
            }
            if let Some((rows, m)) = first {
                remap_rows(rows, m);
            }
        });
        return;
    }
    let _ = big;
    for (rows, m) in parts {
        remap_rows(rows, m);
    }
}
