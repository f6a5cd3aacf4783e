//! Weight of evidence (WoE) binning and information value (IV).
//!
//! Conventions (Siddiqi, *Credit Risk Scorecards*): "bad" = event (label 1), "good" = 0;
//! `WoE_i = ln( (good_i / G) / (bad_i / B) )`, so a higher WoE means lower risk;
//! `IV = Σ_i (good_i/G − bad_i/B) · WoE_i`. A bin without goods or without bads counts 0.5 of
//! the missing kind so that its WoE stays finite.
//!
//! **Numeric features** get *monotonic* bins: start from up to 20 quantile groups (equal values
//! never split), merge every group smaller than `min_share` of all rows into the neighbour with
//! the closer bad rate, then merge adjacent groups that break monotonicity (pool-adjacent-
//! violators) — once for an increasing and once for a decreasing bad rate, keeping the one with
//! the larger IV. Missing values (NaN) get their own bin when they are at least `min_share` of
//! the rows; fewer take the WoE of the range bin with the closest bad rate (without being counted
//! in it, which keeps the range bins monotone) and are left out of the IV.
//!
//! **Categorical features**: one bin per category with at least `min_share` of the rows; the
//! smaller ones (and categories never seen in training) share an `other` bin, which, when itself
//! too small, joins the bin with the closest bad rate. Bins are listed by bad rate.

use serde::{Deserialize, Serialize};

use super::{ColumnData, FeatureValue};

/// What a bin holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinKind {
    /// Numeric values above the previous range bin's `upper` and ≤ its own `upper` (the last
    /// range bin has no `upper`).
    Range,
    /// Missing values only.
    Missing,
    /// The listed categories.
    Categories,
    /// The listed categories and every category not listed in another bin.
    Other,
}

/// One bin's rule: which values fall in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BinRule {
    pub kind: BinKind,
    /// Range bins: the inclusive upper limit; absent on the last range bin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// Category bins: the categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Missing values also fall in this bin.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_missing: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl BinRule {
    /// A short text for tables: `≤ 12.5`, `> 12.5`, `12.5 – 40`, `missing`, `a, b`, `other`.
    pub fn label(&self, lower: Option<f64>) -> String {
        let mut s = match (self.kind, lower.map(edge), self.upper.map(edge)) {
            (BinKind::Range, None, None) => "all".to_string(),
            (BinKind::Range, None, Some(u)) => format!("≤ {u}"),
            (BinKind::Range, Some(l), None) => format!("> {l}"),
            (BinKind::Range, Some(l), Some(u)) => format!("({l}, {u}]"),
            (BinKind::Missing, ..) => "missing".to_string(),
            (BinKind::Categories, ..) => self.categories.join(", "),
            (BinKind::Other, ..) if self.categories.is_empty() => "other".to_string(),
            (BinKind::Other, ..) => format!("{}, other", self.categories.join(", ")),
        };
        if self.with_missing && self.kind != BinKind::Missing {
            s.push_str(" (+missing)");
        }
        s
    }
}

/// A bin edge for display: at most 4 decimals, trailing zeros dropped (the rule keeps the
/// exact value).
fn edge(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The bin a value falls in, among `rules` of one feature; `None` when no bin takes it (then
/// it carries no evidence: WoE 0).
pub fn bin_of(rules: &[&BinRule], v: FeatureValue<'_>) -> Option<usize> {
    match v {
        FeatureValue::Missing => rules.iter().position(|r| r.kind == BinKind::Missing || r.with_missing),
        FeatureValue::Num(x) if x.is_nan() => bin_of(rules, FeatureValue::Missing),
        FeatureValue::Num(x) => rules.iter().position(|r| r.kind == BinKind::Range && r.upper.is_none_or_ge(x)),
        FeatureValue::Cat(c) => rules
            .iter()
            .position(|r| matches!(r.kind, BinKind::Categories | BinKind::Other) && r.categories.iter().any(|k| k == c))
            .or_else(|| rules.iter().position(|r| r.kind == BinKind::Other)),
    }
}

trait UpperExt {
    fn is_none_or_ge(&self, x: f64) -> bool;
}

impl UpperExt for Option<f64> {
    fn is_none_or_ge(&self, x: f64) -> bool {
        match self {
            None => true,
            Some(u) => x <= *u,
        }
    }
}

/// One fitted bin with its training counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bin {
    pub rule: BinRule,
    pub rows: u64,
    /// Rows with label 1.
    pub bads: u64,
    pub woe: f64,
}

impl Bin {
    pub fn bad_rate(&self) -> f64 {
        if self.rows == 0 {
            0.0
        } else {
            self.bads as f64 / self.rows as f64
        }
    }
}

/// The bins of one feature and its information value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binning {
    pub feature: String,
    pub bins: Vec<Bin>,
    pub iv: f64,
}

impl Binning {
    /// The WoE of a value (0 when no bin takes it).
    pub fn woe(&self, v: FeatureValue<'_>) -> f64 {
        let rules: Vec<&BinRule> = self.bins.iter().map(|b| &b.rule).collect();
        bin_of(&rules, v).map_or(0.0, |i| self.bins[i].woe)
    }
    /// Text labels of the bins, in order.
    pub fn labels(&self) -> Vec<String> {
        let mut lower = None;
        self.bins
            .iter()
            .map(|b| {
                let l = b.rule.label(lower);
                if b.rule.kind == BinKind::Range {
                    lower = b.rule.upper;
                }
                l
            })
            .collect()
    }
}

/// WoE of a bin with `good` goods and `bad` bads out of totals `g` and `b`.
pub fn woe(good: u64, bad: u64, g: u64, b: u64) -> f64 {
    let (gd, bd) = ((good as f64).max(0.5), (bad as f64).max(0.5));
    ((gd / g.max(1) as f64) / (bd / b.max(1) as f64)).ln()
}

/// Fills WoE from counts and returns the IV.
fn finish(bins: &mut [Bin]) -> f64 {
    let b: u64 = bins.iter().map(|x| x.bads).sum();
    let g: u64 = bins.iter().map(|x| x.rows - x.bads).sum();
    let mut iv = 0.0;
    for bin in bins.iter_mut() {
        let good = bin.rows - bin.bads;
        bin.woe = woe(good, bin.bads, g, b);
        // The same (smoothed) shares as the WoE, so every term is ≥ 0.
        let dg = (good as f64).max(0.5) / g.max(1) as f64;
        let db = (bin.bads as f64).max(0.5) / b.max(1) as f64;
        iv += (dg - db) * bin.woe;
    }
    iv
}

/// A group of sorted numeric values under construction: (max value, rows, bads).
#[derive(Clone, Copy, Debug)]
struct Group {
    max: f64,
    rows: u64,
    bads: u64,
}

impl Group {
    fn rate(&self) -> f64 {
        self.bads as f64 / self.rows.max(1) as f64
    }
    fn merge(&mut self, o: &Group) {
        self.max = self.max.max(o.max);
        self.rows += o.rows;
        self.bads += o.bads;
    }
}

/// Binning options.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinOptions {
    /// Each bin holds at least this share of the rows. Default 0.05.
    pub min_share: f64,
    /// Initial quantile groups of a numeric feature. Default 20.
    pub initial_bins: usize,
}

impl Default for BinOptions {
    fn default() -> Self {
        BinOptions { min_share: 0.05, initial_bins: 20 }
    }
}

/// Bins feature `name` over `rows` (indices into `data` and `labels`).
pub fn bin_feature(name: &str, data: &ColumnData, labels: &[bool], rows: &[usize], o: &BinOptions) -> Binning {
    let min_rows = ((o.min_share.clamp(0.0, 1.0) * rows.len() as f64).ceil() as u64).max(1);
    let mut bins = match data {
        ColumnData::Numeric(x) => bin_numeric(x, labels, rows, min_rows, o.initial_bins.max(1)),
        ColumnData::Categorical { levels, codes } => bin_categorical(levels, codes, labels, rows, min_rows),
    };
    let iv = finish(&mut bins);
    Binning { feature: name.to_string(), bins, iv }
}

fn bin_numeric(x: &[f64], labels: &[bool], rows: &[usize], min_rows: u64, initial: usize) -> Vec<Bin> {
    let mut vals: Vec<(f64, bool)> = Vec::with_capacity(rows.len());
    let (mut miss_rows, mut miss_bads) = (0u64, 0u64);
    for &i in rows {
        let (v, l) = (x.get(i).copied().unwrap_or(f64::NAN), labels.get(i).copied().unwrap_or(false));
        if v.is_nan() {
            miss_rows += 1;
            miss_bads += u64::from(l);
        } else {
            vals.push((v, l));
        }
    }
    vals.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Initial quantile groups; equal values stay together.
    let target = (vals.len() / initial).max(1) as u64;
    let mut groups: Vec<Group> = Vec::new();
    let mut cur: Option<Group> = None;
    for (k, &(v, l)) in vals.iter().enumerate() {
        let g = cur.get_or_insert(Group { max: v, rows: 0, bads: 0 });
        g.max = v;
        g.rows += 1;
        g.bads += u64::from(l);
        let next_differs = vals.get(k + 1).is_none_or(|n| n.0 != v);
        if g.rows >= target && next_differs {
            groups.extend(cur.take());
        }
    }
    groups.extend(cur.take());
    merge_small(&mut groups, min_rows);

    let best = if groups.len() <= 1 {
        groups
    } else {
        let up = monotone(groups.clone(), true);
        let down = monotone(groups, false);
        let iv = |g: &[Group]| {
            let mut bins = to_bins(g, 0, 0);
            finish(&mut bins)
        };
        if iv(&down) > iv(&up) + 1e-12 {
            down
        } else {
            up
        }
    };
    let mut bins = to_bins(&best, miss_rows, miss_bads);
    // Too few missing values for a bin: they take the WoE of the bin with the closest bad rate
    // (and are not counted in it, so the range bins stay monotone).
    if miss_rows > 0 && miss_rows < min_rows && bins.len() > 1 {
        let Some(m) = bins.pop() else { return bins };
        let rate = m.bad_rate();
        let mut k = 0;
        for (i, b) in bins.iter().enumerate() {
            if (b.bad_rate() - rate).abs() < (bins[k].bad_rate() - rate).abs() {
                k = i;
            }
        }
        bins[k].rule.with_missing = true;
    }
    bins
}

/// Range bins of `groups` (last without upper), then a missing bin when there are missing rows.
fn to_bins(groups: &[Group], miss_rows: u64, miss_bads: u64) -> Vec<Bin> {
    let mut bins: Vec<Bin> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| Bin {
            rule: BinRule {
                kind: BinKind::Range,
                upper: (i + 1 < groups.len()).then_some(g.max),
                categories: Vec::new(),
                with_missing: false,
            },
            rows: g.rows,
            bads: g.bads,
            woe: 0.0,
        })
        .collect();
    if miss_rows > 0 {
        let rule = BinRule { kind: BinKind::Missing, upper: None, categories: Vec::new(), with_missing: false };
        bins.push(Bin { rule, rows: miss_rows, bads: miss_bads, woe: 0.0 });
    }
    bins
}

/// Merges every group below `min_rows` into the neighbour with the closer bad rate (smallest
/// group first, leftmost on ties) until none is left or one group remains.
fn merge_small(groups: &mut Vec<Group>, min_rows: u64) {
    while groups.len() > 1 {
        let Some((i, _)) =
            groups.iter().enumerate().filter(|(_, g)| g.rows < min_rows).min_by_key(|(i, g)| (g.rows, *i))
        else {
            break;
        };
        let j = if i == 0 {
            1
        } else if i + 1 == groups.len() {
            i - 1
        } else {
            let r = groups[i].rate();
            if (groups[i - 1].rate() - r).abs() <= (groups[i + 1].rate() - r).abs() {
                i - 1
            } else {
                i + 1
            }
        };
        let (a, b) = (i.min(j), i.max(j));
        let g = groups.remove(b);
        groups[a].merge(&g);
    }
}

/// Pool-adjacent-violators: merges adjacent groups until the bad rate is monotone (increasing
/// when `up`). Merging never makes a group smaller, so the size rule still holds.
fn monotone(mut groups: Vec<Group>, up: bool) -> Vec<Group> {
    loop {
        let bad = (0..groups.len().saturating_sub(1)).find(|&i| {
            let (a, b) = (groups[i].rate(), groups[i + 1].rate());
            if up {
                a > b
            } else {
                a < b
            }
        });
        let Some(i) = bad else { return groups };
        let g = groups.remove(i + 1);
        groups[i].merge(&g);
    }
}

fn bin_categorical(levels: &[String], codes: &[u32], labels: &[bool], rows: &[usize], min_rows: u64) -> Vec<Bin> {
    // Counts per level (missing = index levels.len()).
    let m = levels.len();
    let mut cnt = vec![(0u64, 0u64); m + 1];
    for &i in rows {
        let c = codes.get(i).map_or(m, |&c| (c as usize).min(m));
        cnt[c].0 += 1;
        cnt[c].1 += u64::from(labels.get(i).copied().unwrap_or(false));
    }
    let mut bins: Vec<Bin> = Vec::new();
    let mut other = Bin {
        rule: BinRule { kind: BinKind::Other, upper: None, categories: Vec::new(), with_missing: false },
        rows: 0,
        bads: 0,
        woe: 0.0,
    };
    for (c, &(r, b)) in cnt.iter().enumerate() {
        if r == 0 {
            continue;
        }
        if c == m {
            if r >= min_rows {
                let rule = BinRule { kind: BinKind::Missing, upper: None, categories: Vec::new(), with_missing: false };
                bins.push(Bin { rule, rows: r, bads: b, woe: 0.0 });
            } else {
                other.rule.with_missing = true;
                other.rows += r;
                other.bads += b;
            }
        } else if r >= min_rows {
            let rule = BinRule {
                kind: BinKind::Categories,
                upper: None,
                categories: vec![levels[c].clone()],
                with_missing: false,
            };
            bins.push(Bin { rule, rows: r, bads: b, woe: 0.0 });
        } else {
            other.rule.categories.push(levels[c].clone());
            other.rows += r;
            other.bads += b;
        }
    }
    if other.rows >= min_rows || bins.is_empty() {
        bins.push(other);
    } else if other.rows > 0 || bins.iter().all(|b| b.rule.kind != BinKind::Other) {
        // Too small (or empty): the bin with the closest bad rate becomes the `other` bin.
        let rate = other.bad_rate();
        let cats: Vec<usize> =
            (0..bins.len()).filter(|&i| bins[i].rule.kind == BinKind::Categories).collect::<Vec<_>>();
        let pool = if cats.is_empty() { (0..bins.len()).collect() } else { cats };
        let mut k = pool[0];
        for &i in &pool {
            if (bins[i].bad_rate() - rate).abs() < (bins[k].bad_rate() - rate).abs() {
                k = i;
            }
        }
        let t = &mut bins[k];
        if t.rule.kind == BinKind::Categories {
            t.rule.kind = BinKind::Other;
        }
        t.rule.categories.extend(other.rule.categories);
        t.rule.with_missing |= other.rule.with_missing;
        t.rows += other.rows;
        t.bads += other.bads;
    }
    bins.sort_by(|a, b| a.bad_rate().total_cmp(&b.bad_rate()).then(a.rule.categories.cmp(&b.rule.categories)));
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn woe_iv_hand_computed() {
        // Bin A: 40 good, 10 bad; bin B: 60 good, 30 bad; G = 100, B = 40.
        // WoE_A = ln(0.40/0.25) = ln 1.6 = 0.4700036; WoE_B = ln(0.60/0.75) = ln 0.8 = −0.2231436.
        // IV = (0.40 − 0.25)·0.4700036 + (0.60 − 0.75)·(−0.2231436) = 0.0705005 + 0.0334715 = 0.1039721.
        let mut bins = vec![
            Bin { rule: rule(Some(1.0)), rows: 50, bads: 10, woe: 0.0 },
            Bin { rule: rule(None), rows: 90, bads: 30, woe: 0.0 },
        ];
        let iv = finish(&mut bins);
        assert!((bins[0].woe - 1.6f64.ln()).abs() < 1e-12);
        assert!((bins[1].woe - 0.8f64.ln()).abs() < 1e-12);
        assert!((iv - 0.103_972_1).abs() < 1e-7, "{iv}");
        // A bin without bads counts 0.5 bad: WoE = ln((10/20) / (0.5/10)) = ln 10.
        assert!((woe(10, 0, 20, 10) - 10f64.ln()).abs() < 1e-12);
        assert_eq!(edge(0.27104722792607805), "0.271");
        assert_eq!(edge(440879.0), "440879");
        assert_eq!(edge(-0.00001), "0");
        assert_eq!(rule(Some(2.5)).label(Some(-1.0)), "(-1, 2.5]");
    }

    fn rule(upper: Option<f64>) -> BinRule {
        BinRule { kind: BinKind::Range, upper, categories: Vec::new(), with_missing: false }
    }

    #[test]
    fn woe_numeric_bins_merge_to_monotone() {
        // 100 rows, x = 0..99; bad when x is even and x < 40, or x ≥ 80 → not monotone at first.
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        let y: Vec<bool> = (0..100).map(|i| (i % 2 == 0 && i < 40) || i >= 80).collect();
        let rows: Vec<usize> = (0..100).collect();
        let b = bin_feature("x", &ColumnData::Numeric(x.clone()), &y, &rows, &BinOptions::default());
        assert!(b.bins.len() >= 2, "{b:?}");
        assert!(b.bins.iter().all(|x| x.rows >= 5));
        let rates: Vec<f64> = b.bins.iter().map(Bin::bad_rate).collect();
        let up = rates.windows(2).all(|w| w[0] <= w[1]);
        let down = rates.windows(2).all(|w| w[0] >= w[1]);
        assert!(up || down, "{rates:?}");
        assert_eq!(b.bins.last().and_then(|x| x.rule.upper), None);
        // Every training value falls in a bin, and the bin counts add up.
        let rules: Vec<&BinRule> = b.bins.iter().map(|x| &x.rule).collect();
        let mut count = vec![0u64; b.bins.len()];
        for v in &x {
            count[bin_of(&rules, FeatureValue::Num(*v)).expect("binned")] += 1;
        }
        assert_eq!(count, b.bins.iter().map(|x| x.rows).collect::<Vec<_>>());
    }

    #[test]
    fn woe_missing_and_categories() {
        // 20 rows: a ×10 (2 bad), b ×8 (6 bad), c ×1 (bad), missing ×1 (good); min share 10% → 2 rows.
        let levels = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let mut codes = vec![0u32; 10];
        codes.extend([1; 8]);
        codes.push(2);
        codes.push(u32::MAX);
        let mut y = vec![false; 20];
        for i in [0, 1, 10, 11, 12, 13, 14, 15, 18] {
            y[i] = true;
        }
        let rows: Vec<usize> = (0..20).collect();
        let o = BinOptions { min_share: 0.1, initial_bins: 20 };
        let b = bin_feature("k", &ColumnData::Categorical { levels, codes }, &y, &rows, &o);
        // c and missing (2 rows, 1 bad: rate 0.5) form `other`, which is large enough (2 ≥ 2).
        assert_eq!(b.bins.len(), 3, "{b:?}");
        let rules: Vec<&BinRule> = b.bins.iter().map(|x| &x.rule).collect();
        let other = bin_of(&rules, FeatureValue::Cat("zzz")).expect("other bin");
        assert_eq!(bin_of(&rules, FeatureValue::Cat("c")), Some(other));
        assert_eq!(bin_of(&rules, FeatureValue::Missing), Some(other));
        assert_eq!(b.bins[other].rows, 2);
        // Sorted by bad rate: a (0.2), other (0.5), b (0.75).
        assert_eq!(b.labels(), vec!["a".to_string(), "c, other (+missing)".to_string(), "b".to_string()]);
    }

    proptest::proptest! {
        #[test]
        fn woe_bins_monotone_and_large_enough(
            v in proptest::collection::vec((0u16..50, 0u8..100, proptest::bool::ANY), 20..300),
        ) {
            // Bad with a probability rising in x (plus noise); some values missing.
            let x: Vec<f64> = v.iter().map(|(x, _, m)| if *m && x % 7 == 0 { f64::NAN } else { f64::from(*x) }).collect();
            let y: Vec<bool> = v.iter().map(|(x, r, _)| u16::from(*r) < 20 + *x).collect();
            let rows: Vec<usize> = (0..x.len()).collect();
            let o = BinOptions::default();
            let b = bin_feature("x", &ColumnData::Numeric(x.clone()), &y, &rows, &o);
            let min_rows = (0.05 * x.len() as f64).ceil() as u64;
            let ranges: Vec<&Bin> = b.bins.iter().filter(|b| b.rule.kind == BinKind::Range).collect();
            if ranges.len() > 1 {
                for r in &ranges {
                    proptest::prop_assert!(r.rows >= min_rows, "{:?}", b);
                }
                let rates: Vec<f64> = ranges.iter().map(|b| b.bad_rate()).collect();
                let up = rates.windows(2).all(|w| w[0] <= w[1]);
                let down = rates.windows(2).all(|w| w[0] >= w[1]);
                proptest::prop_assert!(up || down, "{:?}", rates);
            }
            for bin in &b.bins {
                proptest::prop_assert!(bin.rows >= min_rows || b.bins.len() == 1 || bin.rule.kind == BinKind::Range && ranges.len() == 1, "{:?}", b);
            }
            let missing = x.iter().filter(|v| v.is_nan()).count() as u64;
            let counted = b.bins.iter().map(|b| b.rows).sum::<u64>();
            let folded = b.bins.iter().any(|b| b.rule.with_missing);
            proptest::prop_assert_eq!(counted, x.len() as u64 - if folded { missing } else { 0 });
            proptest::prop_assert!(b.iv >= 0.0 && b.iv.is_finite());
        }
    }
}
