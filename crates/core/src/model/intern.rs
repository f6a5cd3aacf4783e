//! Interned strings: [`Sym`] ids handed out by an [`Interner`] (one arena per pool, renumbered in
//! string order after loading), and [`ProductSet`], a bit set over the product pool.

use std::fmt;
use std::hash::BuildHasher;

/// An interned string; after [`Interner::finish`] ids are in ascending string order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Sym(pub u32);

impl Sym {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A string pool. During loading, ids are handed out in first-seen order; `finish` renumbers
/// them in ascending (byte-wise) string order and returns the old→new map.
///
/// All strings live in one arena (no allocation per string); the hash table stores only ids
/// and hashes the arena's text. The table is never iterated, so its seed cannot reach output.
#[derive(Clone, Default)]
pub struct Interner {
    arena: String,
    /// `(start, end)` of each id's text in `arena`.
    spans: Vec<(u32, u32)>,
    table: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner").field("len", &self.spans.len()).field("bytes", &self.arena.len()).finish()
    }
}

impl Interner {
    pub fn new() -> Interner {
        Interner::default()
    }
    fn text<'a>(arena: &'a str, spans: &[(u32, u32)], id: u32) -> &'a str {
        spans.get(id as usize).and_then(|&(a, b)| arena.get(a as usize..b as usize)).unwrap_or("")
    }
    pub fn intern(&mut self, s: &str) -> Sym {
        let hash = self.hasher.hash_one(s);
        let (arena, spans) = (&self.arena, &self.spans);
        if let Some(&id) = self.table.find(hash, |&id| Interner::text(arena, spans, id) == s) {
            return Sym(id);
        }
        let id = self.spans.len() as u32;
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        self.spans.push((start, self.arena.len() as u32));
        let (arena, spans, hasher) = (&self.arena, &self.spans, &self.hasher);
        self.table.insert_unique(hash, id, |&id| hasher.hash_one(Interner::text(arena, spans, id)));
        Sym(id)
    }
    pub fn get(&self, s: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&id| Interner::text(&self.arena, &self.spans, id) == s).map(|&id| Sym(id))
    }
    /// The text of `sym` ("" for an id this pool did not hand out).
    pub fn resolve(&self, sym: Sym) -> &str {
        Interner::text(&self.arena, &self.spans, sym.0)
    }
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    /// All strings, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &str)> + '_ {
        (0..self.spans.len() as u32).map(|i| (Sym(i), Interner::text(&self.arena, &self.spans, i)))
    }
    /// Renumbers in ascending string order. Returns `map` with `map[old] = new`.
    pub fn finish(&mut self) -> Vec<Sym> {
        let (arena, spans) = (&self.arena, &self.spans);
        // Sort by the first 16 bytes as one big-endian integer (no pointer chasing per
        // comparison), then by the whole string within each run of equal prefixes. Zero padding
        // orders a string before its extensions, so the prefix order never contradicts the
        // string order, and the strings are distinct: the order is total.
        let mut order: Vec<(u128, u32)> = (0..spans.len() as u32)
            .map(|id| {
                let s = Interner::text(arena, spans, id).as_bytes();
                let mut key = [0u8; 16];
                let n = s.len().min(16);
                key[..n].copy_from_slice(&s[..n]);
                (u128::from_be_bytes(key), id)
            })
            .collect();
        order.sort_unstable();
        for run in order.chunk_by_mut(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            run.sort_unstable_by(|a, b| Interner::text(arena, spans, a.1).cmp(Interner::text(arena, spans, b.1)));
        }
        let mut map = vec![Sym(0); order.len()];
        for (new, &(_, old)) in order.iter().enumerate() {
            map[old as usize] = Sym(new as u32);
        }
        self.spans = order.iter().map(|&(_, old)| self.spans[old as usize]).collect();
        // Same strings, same hashes: only the ids stored in the table change.
        for id in self.table.iter_mut() {
            *id = map[*id as usize].0;
        }
        map
    }
}

/// The set of product codes a customer holds, as a bit set over [`Dataset::products`](super::Dataset::products)
/// (at most [`MAX_PRODUCTS`] distinct codes per dataset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProductSet(pub u64);

/// The most distinct product codes a dataset may hold.
pub const MAX_PRODUCTS: usize = 64;

impl ProductSet {
    pub fn contains(self, p: Sym) -> bool {
        p.0 < 64 && self.0 & (1 << p.0) != 0
    }
    pub fn insert(&mut self, p: Sym) {
        if p.0 < 64 {
            self.0 |= 1 << p.0;
        }
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Codes in `self` that are missing from `other`.
    pub fn minus(self, other: ProductSet) -> ProductSet {
        ProductSet(self.0 & !other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Sym> {
        (0..64u32).filter(move |i| self.0 & (1 << i) != 0).map(Sym)
    }
}
