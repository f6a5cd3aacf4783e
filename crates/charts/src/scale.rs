//! Axis ranges, "nice" tick values and histogram binning. Pure arithmetic, no drawing; every
//! result is a deterministic function of the input (no libm calls whose last bit could differ
//! between platforms: powers of ten are built by multiplication, which is exact up to 1e22).

/// 10^e by repeated exact multiplication (exact for |e| ≤ 22, deterministic beyond).
fn pow10(e: i32) -> f64 {
    let mut p = 1.0;
    for _ in 0..e.unsigned_abs() {
        p *= 10.0;
    }
    p
}

/// The tick step `m × 10^e`, kept as parts so that tick values can be computed with a single
/// rounding (`k·m / 10^-e` rather than `k · 0.1`, which gives 0.30000000000000004).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Step {
    m: f64,
    e: i32,
}

impl Step {
    fn value(self, k: i64) -> f64 {
        let km = k as f64 * self.m;
        if self.e >= 0 {
            km * pow10(self.e)
        } else {
            km / pow10(-self.e)
        }
    }
    fn size(self) -> f64 {
        self.value(1)
    }
}

/// The smallest step of the form {1, 2, 2.5, 5} × 10^e that is ≥ `raw` (> 0, finite).
fn nice_step(raw: f64) -> Step {
    let mut e = 0i32;
    while e < 300 && pow10(e + 1) <= raw {
        e += 1;
    }
    while e > -300 && (if e >= 0 { pow10(e) } else { 1.0 / pow10(-e) }) > raw {
        e -= 1;
    }
    let base = if e >= 0 { pow10(e) } else { 1.0 / pow10(-e) };
    let norm = raw / base;
    match norm {
        n if n <= 1.0 => Step { m: 1.0, e },
        n if n <= 2.0 => Step { m: 2.0, e },
        n if n <= 2.5 => Step { m: 2.5, e },
        n if n <= 5.0 => Step { m: 5.0, e },
        _ => Step { m: 1.0, e: e + 1 },
    }
}

/// An axis range extended to whole ticks, and its tick values (ascending, both ends included).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub values: Vec<f64>,
}

/// Nice ticks covering `[lo, hi]` with about `target` intervals. A degenerate range is widened
/// (0 → 0..1, v → v ± 10 %). Non-finite input gives the unit range.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    if lo == hi {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        if lo == 0.0 {
            hi = 1.0;
        } else {
            lo -= d;
            hi += d;
        }
    }
    let raw = (hi / target.max(1) as f64) - (lo / target.max(1) as f64);
    if !(raw.is_finite() && raw > 0.0) {
        return Ticks { lo, hi, values: vec![lo, hi] };
    }
    let step = nice_step(raw);
    let k0 = (lo / step.size()).floor();
    let k1 = (hi / step.size()).ceil();
    if !(k0.is_finite() && k1.is_finite()) || k1 - k0 > 1000.0 {
        return Ticks { lo, hi, values: vec![lo, hi] };
    }
    let values: Vec<f64> = (k0 as i64..=k1 as i64).map(|k| step.value(k)).collect();
    let (first, last) = (values[0], values[values.len() - 1]);
    Ticks { lo: first, hi: last, values }
}

/// Ticks for counts from 0 to `max` (≥ 0): whole-number steps only (1, 2, 5 × 10^e, or 25 × 10^e).
pub(crate) fn count_ticks(max: f64, target: usize) -> Ticks {
    let max = if max.is_finite() && max >= 1.0 { max } else { 1.0 };
    let raw = max / target.max(1) as f64;
    let mut step = nice_step(raw);
    if step.e < 0 {
        step = Step { m: 1.0, e: 0 };
    } else if step.e == 0 && step.m == 2.5 {
        step = Step { m: 5.0, e: 0 };
    }
    let k1 = (max / step.size()).ceil();
    if !k1.is_finite() || k1 > 1000.0 {
        return Ticks { lo: 0.0, hi: max, values: vec![0.0, max] };
    }
    let values: Vec<f64> = (0..=k1 as i64).map(|k| step.value(k)).collect();
    let hi = values[values.len() - 1];
    Ticks { lo: 0.0, hi, values }
}

/// Ticks of `[lo, hi]` that lie inside it (for an axis whose range is fixed by the data, such as
/// a histogram's bin edges), with about `target` intervals.
pub(crate) fn inner_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let t = nice_ticks(lo, hi, target);
    let eps = (hi - lo).abs() * 1e-9;
    t.values.into_iter().filter(|v| *v >= lo - eps && *v <= hi + eps).collect()
}

/// Linear map from a data interval onto a pixel interval.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub(crate) fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() {
            return self.r0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Range of finite values, widened to include zero (bars and lines are read against zero).
pub(crate) fn range_with_zero(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut r: Option<(f64, f64)> = None;
    for v in values.into_iter().filter(|v| v.is_finite()) {
        r = Some(match r {
            None => (v, v),
            Some((a, b)) => (a.min(v), b.max(v)),
        });
    }
    r.map(|(a, b)| (a.min(0.0), b.max(0.0)))
}

/// Equal-width histogram bins.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bins {
    /// `counts.len() + 1` ascending edges; bin i is `[edges[i], edges[i+1])`, the last one closed.
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

/// Most bins a histogram gets, whatever is asked.
pub(crate) const MAX_BINS: usize = 200;

/// Bin the finite values into `bins` equal-width bins from the minimum to the maximum
/// (`bins == 0` picks Sturges' rule, ⌈log2 n⌉ + 1). All values equal: one bin of width
/// 2 × max(|v| / 20, 0.5) centred on the value. No finite value: `None`.
pub(crate) fn bin(values: &[f64], bins: usize) -> Option<Bins> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    let (min, max) = finite.iter().fold(None, |acc: Option<(f64, f64)>, &v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    })?;
    if min == max {
        let d = (min.abs() / 20.0).max(0.5);
        return Some(Bins { edges: vec![min - d, max + d], counts: vec![n as u64] });
    }
    let bins = if bins == 0 {
        // ⌈log2 n⌉ + 1 without floating point.
        (usize::BITS - (n - 1).leading_zeros()) as usize + 1
    } else {
        bins
    }
    .clamp(1, MAX_BINS);
    let nb = bins as f64;
    let mut width = (max - min) / nb;
    if !width.is_finite() {
        width = max / nb - min / nb;
    }
    let mut edges: Vec<f64> = (0..bins).map(|i| min + width * i as f64).collect();
    edges.push(max);
    let mut counts = vec![0u64; bins];
    for v in finite {
        let guess = ((v - min) / width).floor();
        let mut i = if guess.is_finite() && guess > 0.0 { (guess as usize).min(bins - 1) } else { 0 };
        // Make the bin agree with the stored edges whatever the rounding of the division.
        while i > 0 && v < edges[i] {
            i -= 1;
        }
        while i + 1 < bins && v >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Some(Bins { edges, counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_hand_computed() {
        // 0..97 in ~5 steps: raw 19.4 → step 20; 0,20,…,100.
        let t = nice_ticks(0.0, 97.0, 5);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!((t.lo, t.hi), (0.0, 100.0));
        // -12..30, raw 8.4 → step 10; floor(-1.2) = -2 → -20 … ceil(3) = 3 → 30.
        let t = nice_ticks(-12.0, 30.0, 5);
        assert_eq!(t.values, vec![-20.0, -10.0, 0.0, 10.0, 20.0, 30.0]);
        // 0..1 in 5: raw 0.2 → step 2×10^-1; values computed as k·2/10 are the shortest decimals.
        let t = nice_ticks(0.0, 1.0, 5);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        // 0..0.3 in 3: raw 0.1 → step 1×10^-1; 3·1/10 is exactly the double nearest 0.3.
        let t = nice_ticks(0.0, 0.3, 3);
        assert_eq!(t.values, vec![0.0, 0.1, 0.2, 0.3]);
        // raw 2.2 → 2.5; 0..11 → 0, 2.5, …, 12.5.
        let t = nice_ticks(0.0, 11.0, 5);
        assert_eq!(t.values, vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
    }

    #[test]
    fn count_ticks_are_whole_numbers() {
        // max 3 in 5: raw 0.6 → would be 1×10^-1 ·… → forced to step 1: 0,1,2,3.
        assert_eq!(count_ticks(3.0, 5).values, vec![0.0, 1.0, 2.0, 3.0]);
        // max 12 in 5: raw 2.4 → 2.5, not a whole number → 5: 0,5,10,15.
        assert_eq!(count_ticks(12.0, 5).values, vec![0.0, 5.0, 10.0, 15.0]);
        // max 120 in 5: raw 24 → 25 (whole): 0,25,…,125.
        assert_eq!(count_ticks(120.0, 5).values, vec![0.0, 25.0, 50.0, 75.0, 100.0, 125.0]);
        assert_eq!(count_ticks(0.0, 5).values, vec![0.0, 1.0]);
    }

    #[test]
    fn nice_ticks_degenerate_ranges() {
        assert_eq!(nice_ticks(0.0, 0.0, 5).values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = nice_ticks(f64::NAN, 3.0, 5);
        assert_eq!((t.lo, t.hi), (0.0, 1.0));
        let t = nice_ticks(-f64::MAX, f64::MAX, 5);
        assert!(t.values.iter().all(|v| v.is_finite()));
        assert!(t.lo <= -f64::MAX && t.hi >= f64::MAX);
        let t = nice_ticks(5.0, 5.0, 5);
        assert!(t.lo <= 4.5 && t.hi >= 5.5);
    }

    #[test]
    fn range_with_zero_includes_zero_and_skips_non_finite() {
        assert_eq!(range_with_zero([3.0, 5.0]), Some((0.0, 5.0)));
        assert_eq!(range_with_zero([-3.0, -1.0, f64::NAN]), Some((-3.0, 0.0)));
        assert_eq!(range_with_zero([-2.0, f64::INFINITY, 4.0]), Some((-2.0, 4.0)));
        assert_eq!(range_with_zero([f64::NAN]), None);
    }

    #[test]
    fn linear_maps_and_inverts_direction() {
        let s = Linear { d0: 0.0, d1: 100.0, r0: 300.0, r1: 100.0 };
        assert_eq!(s.map(0.0), 300.0);
        assert_eq!(s.map(50.0), 200.0);
        assert_eq!(s.map(100.0), 100.0);
        let flat = Linear { d0: 1.0, d1: 1.0, r0: 7.0, r1: 9.0 };
        assert_eq!(flat.map(1.0), 7.0);
    }

    #[test]
    fn binning_hand_computed() {
        // min 0, max 10, 4 bins of width 2.5: edges 0, 2.5, 5, 7.5, 10.
        // 0, 1 → bin 0; 2.5 (left edge is inclusive), 4.9 → bin 1; 5 → bin 2; 9.99, 10 → bin 3
        // (10 is the maximum: the last bin is closed). NaN and inf are ignored.
        let v = [0.0, 1.0, 2.5, 4.9, 5.0, 9.99, 10.0, f64::NAN, f64::INFINITY];
        let b = bin(&v, 4).expect("finite values");
        assert_eq!(b.edges, vec![0.0, 2.5, 5.0, 7.5, 10.0]);
        assert_eq!(b.counts, vec![2, 2, 1, 2]);
        assert_eq!(b.counts.iter().sum::<u64>(), 7);
    }

    #[test]
    fn binning_negative_and_rounding_edges() {
        // min -1, max 0.2, 3 bins: width 0.4 (in binary slightly off), edges -1, -0.6, -0.2, 0.2.
        // -0.6 lies on an edge computed as -1 + 0.4: it must land where the stored edge says.
        let b = bin(&[-1.0, -0.6, -0.2, 0.1, 0.2], 3).expect("finite values");
        assert_eq!(b.edges.len(), 4);
        assert_eq!(b.edges[3], 0.2);
        assert_eq!(b.counts.iter().sum::<u64>(), 5);
        // Each count must match the stored edges exactly.
        let mut expect = [0u64; 3];
        for v in [-1.0, -0.6, -0.2, 0.1, 0.2] {
            let k = (0..3).find(|&k| v >= b.edges[k] && (v < b.edges[k + 1] || k == 2)).expect("in a bin");
            expect[k] += 1;
        }
        assert_eq!(b.counts, expect.to_vec());
    }

    #[test]
    fn binning_degenerate_inputs() {
        assert_eq!(bin(&[], 5), None);
        assert_eq!(bin(&[f64::NAN, f64::NEG_INFINITY], 5), None);
        // All equal: one bin centred on the value, half-width max(|4|/20, 0.5) = 0.5.
        assert_eq!(bin(&[4.0, 4.0, 4.0], 5), Some(Bins { edges: vec![3.5, 4.5], counts: vec![3] }));
        // bins = 0 → Sturges: n = 8 → ⌈log2 8⌉ + 1 = 4 bins.
        let b = bin(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 0).expect("finite values");
        assert_eq!(b.counts.len(), 4);
        // n = 9 → ⌈log2 9⌉ + 1 = 5.
        let b = bin(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 0).expect("finite values");
        assert_eq!(b.counts.len(), 5);
        // Absurd bin counts are capped.
        let b = bin(&[0.0, 1.0], 1_000_000).expect("finite values");
        assert_eq!(b.counts.len(), MAX_BINS);
        // Extreme range whose width overflows stays finite.
        let b = bin(&[-f64::MAX, f64::MAX], 2).expect("finite values");
        assert_eq!(b.edges, vec![-f64::MAX, 0.0, f64::MAX]);
        assert_eq!(b.counts, vec![1, 1]);
    }
}
