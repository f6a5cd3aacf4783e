//! Discrimination and calibration metrics of a score against 0/1 outcomes: AUC, KS, the ROC
//! curve, deciles (lift, capture, predicted vs observed) and score histograms by outcome.
//!
//! Scores are "higher = more likely an event" (a probability of churn or default). Ties are
//! handled exactly: tied scores form one step of the ROC curve, count ½ in the AUC, and KS is
//! measured only between distinct scores. Deciles split the rows sorted by score descending (ties
//! by input order) into ten groups whose sizes differ by at most one.

use serde::Serialize;

/// One point of the ROC curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RocPoint {
    /// False positive rate (share of non-events at or above the threshold).
    pub fpr: f64,
    /// True positive rate (share of events at or above the threshold).
    pub tpr: f64,
}

/// One decile of rows sorted by score, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Decile {
    /// 1 = the highest scores.
    pub decile: u32,
    pub rows: u64,
    pub events: u64,
    /// Lowest and highest score in the decile.
    pub min_score: f64,
    pub max_score: f64,
    /// Mean score (the predicted event rate, when the score is a probability).
    pub mean_predicted: f64,
    /// events / rows.
    pub observed_rate: f64,
    /// observed_rate / the overall event rate.
    pub lift: f64,
    /// Share of all events found in deciles 1..=this.
    pub cumulative_capture: f64,
}

/// Score histogram split by outcome: `events[i]` and `non_events[i]` count the scores in
/// `[edges[i], edges[i+1])` (the last bin includes its upper edge).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub events: Vec<u64>,
    pub non_events: Vec<u64>,
}

/// Row order by score descending, ties by index (stable).
fn order_desc(scores: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    idx
}

fn counts(labels: &[bool]) -> (u64, u64) {
    let pos = labels.iter().filter(|&&l| l).count() as u64;
    (pos, labels.len() as u64 - pos)
}

/// Area under the ROC curve (the probability that a random event scores above a random
/// non-event, ties ½). `None` without both outcomes or when the lengths differ.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    if scores.len() != labels.len() {
        return None;
    }
    let (pos, neg) = counts(labels);
    if pos == 0 || neg == 0 {
        return None;
    }
    // Walk from the highest score: each event beats the non-events below it; ties count ½.
    let idx = order_desc(scores);
    let (mut neg_above, mut wins) = (0u64, 0f64);
    let mut i = 0;
    while i < idx.len() {
        let s = scores[idx[i]];
        let mut j = i;
        let (mut p, mut n) = (0u64, 0u64);
        while j < idx.len() && scores[idx[j]].total_cmp(&s).is_eq() {
            if labels[idx[j]] {
                p += 1;
            } else {
                n += 1;
            }
            j += 1;
        }
        // Events in this tie group beat the non-events strictly below: neg − neg_above − n.
        wins += p as f64 * ((neg - neg_above - n) as f64 + 0.5 * n as f64);
        neg_above += n;
        i = j;
    }
    Some(wins / (pos as f64 * neg as f64))
}

/// The ROC curve from (0, 0) to (1, 1), one point per distinct score (thinned to at most
/// `max_points` points, keeping both ends, when there are more). Empty without both outcomes.
pub fn roc(scores: &[f64], labels: &[bool], max_points: usize) -> Vec<RocPoint> {
    let (pos, neg) = counts(labels);
    if pos == 0 || neg == 0 || scores.len() != labels.len() {
        return Vec::new();
    }
    let idx = order_desc(scores);
    let mut pts = vec![RocPoint { fpr: 0.0, tpr: 0.0 }];
    let (mut tp, mut fp) = (0u64, 0u64);
    for (k, &i) in idx.iter().enumerate() {
        if labels[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_tie = idx.get(k + 1).is_none_or(|&nx| !scores[nx].total_cmp(&scores[i]).is_eq());
        if last_of_tie {
            pts.push(RocPoint { fpr: fp as f64 / neg as f64, tpr: tp as f64 / pos as f64 });
        }
    }
    thin(pts, max_points)
}

/// At most `max` of `pts` (≥ 2), evenly spaced by index, first and last kept.
fn thin<T: Copy>(pts: Vec<T>, max: usize) -> Vec<T> {
    let max = max.max(2);
    if pts.len() <= max {
        return pts;
    }
    let last = pts.len() - 1;
    (0..max).map(|k| pts[k * last / (max - 1)]).collect()
}

/// Kolmogorov–Smirnov statistic: the largest gap between the cumulative shares of events and
/// of non-events, over thresholds between distinct scores. `None` without both outcomes.
pub fn ks(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let pts = roc(scores, labels, usize::MAX);
    if pts.is_empty() {
        return None;
    }
    Some(pts.iter().map(|p| (p.tpr - p.fpr).abs()).fold(0.0, f64::max))
}

/// Ten deciles by score descending (fewer when there are fewer than ten rows). Empty when
/// there are no rows or the lengths differ.
pub fn deciles(scores: &[f64], labels: &[bool]) -> Vec<Decile> {
    let n = scores.len();
    if n == 0 || labels.len() != n {
        return Vec::new();
    }
    let (pos, _) = counts(labels);
    let overall = pos as f64 / n as f64;
    let idx = order_desc(scores);
    let groups = n.min(10);
    let mut out = Vec::with_capacity(groups);
    let mut found = 0u64;
    for g in 0..groups {
        let part = &idx[g * n / groups..(g + 1) * n / groups];
        let rows = part.len() as u64;
        let events = part.iter().filter(|&&i| labels[i]).count() as u64;
        found += events;
        let sum: f64 = part.iter().map(|&i| scores[i]).sum();
        let observed = events as f64 / rows as f64;
        out.push(Decile {
            decile: g as u32 + 1,
            rows,
            events,
            min_score: part.iter().map(|&i| scores[i]).fold(f64::INFINITY, f64::min),
            max_score: part.iter().map(|&i| scores[i]).fold(f64::NEG_INFINITY, f64::max),
            mean_predicted: sum / rows as f64,
            observed_rate: observed,
            lift: if overall > 0.0 { observed / overall } else { 0.0 },
            cumulative_capture: if pos > 0 { found as f64 / pos as f64 } else { 0.0 },
        });
    }
    out
}

/// Histogram of scores by outcome over `bins` equal-width bins spanning `[lo, hi]` (the scores'
/// own range when `range` is `None`).
pub fn histogram(scores: &[f64], labels: &[bool], bins: usize, range: Option<(f64, f64)>) -> Histogram {
    let bins = bins.max(1);
    let finite = || scores.iter().copied().filter(|s| s.is_finite());
    let (lo, hi) = range.unwrap_or_else(|| {
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        if lo.is_finite() {
            (lo, hi)
        } else {
            (0.0, 1.0)
        }
    });
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let width = (hi - lo) / bins as f64;
    let edges: Vec<f64> = (0..=bins).map(|k| if k == bins { hi } else { lo + width * k as f64 }).collect();
    let (mut events, mut non_events) = (vec![0u64; bins], vec![0u64; bins]);
    for (s, &l) in scores.iter().zip(labels) {
        if !s.is_finite() {
            continue;
        }
        let k = (((s - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        if l {
            events[k] += 1;
        } else {
            non_events[k] += 1;
        }
    }
    Histogram { edges, events, non_events }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Scores 0.9 … 0.2 with outcomes 1 1 0 1 0 0 1 0 (4 events, 4 non-events).
    const S: [f64; 8] = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
    const L: [bool; 8] = [true, true, false, true, false, false, true, false];

    #[test]
    fn metrics_auc_hand_computed() {
        // Pairs event > non-event out of 4·4 = 16: 0.9 beats 4, 0.8 beats 4, 0.6 beats 3
        // (0.55, 0.4, 0.2), 0.3 beats 1 (0.2) → 12/16 = 0.75.
        assert_eq!(auc(&S, &L), Some(0.75));
        // Order of the input does not matter.
        let mut s = S;
        let mut l = L;
        s.reverse();
        l.reverse();
        assert_eq!(auc(&s, &l), Some(0.75));
        // Ties count ½: all scores equal → 0.5.
        assert_eq!(auc(&[1.0; 4], &[true, false, true, false]), Some(0.5));
        // Event 0.5 tied with one non-event 0.5, above another 0.1: (1 + ½)/2 = 0.75.
        assert_eq!(auc(&[0.5, 0.5, 0.1], &[true, false, false]), Some(0.75));
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn metrics_ks_hand_computed() {
        // Walking down: (tpr, fpr) = (.25,0) (.5,0) (.5,.25) (.75,.25) (.75,.5) (.75,.75) (1,.75) (1,1);
        // largest gap 0.5 (after 0.8 and after 0.6).
        assert_eq!(ks(&S, &L), Some(0.5));
        // Perfect separation → 1.
        assert_eq!(ks(&[0.9, 0.8, 0.1], &[true, true, false]), Some(1.0));
    }

    #[test]
    fn metrics_roc_steps_at_distinct_scores() {
        let r = roc(&[0.5, 0.5, 0.1], &[true, false, false], 100);
        // (0,0); after the tie at 0.5: tpr 1, fpr ½; after 0.1: (1, 1).
        assert_eq!(
            r,
            vec![RocPoint { fpr: 0.0, tpr: 0.0 }, RocPoint { fpr: 0.5, tpr: 1.0 }, RocPoint { fpr: 1.0, tpr: 1.0 }]
        );
        let thinned = roc(&S, &L, 3);
        assert_eq!(thinned.len(), 3);
        assert_eq!(thinned[2], RocPoint { fpr: 1.0, tpr: 1.0 });
    }

    #[test]
    fn metrics_deciles_lift_hand_computed() {
        // 20 rows, scores 20..1 descending; events at scores 20, 19, 18 and 5: rate 4/20 = 0.2.
        let scores: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let labels: Vec<bool> = scores.iter().map(|s| *s >= 18.0 || *s == 5.0).collect();
        let d = deciles(&scores, &labels);
        assert_eq!(d.len(), 10);
        // Decile 1 = scores 20, 19: 2 events of 2 → rate 1, lift 1/0.2 = 5, capture 2/4.
        assert_eq!((d[0].rows, d[0].events), (2, 2));
        assert_eq!(d[0].lift, 5.0);
        assert_eq!(d[0].cumulative_capture, 0.5);
        assert_eq!(d[0].mean_predicted, 19.5);
        // Decile 2 = 18, 17: rate ½, lift 2.5, capture ¾.
        assert_eq!((d[1].lift, d[1].cumulative_capture), (2.5, 0.75));
        // Score 5 is in decile 8 (16..=1 → 8th pair is 6, 5).
        assert_eq!(d[7].events, 1);
        assert_eq!(d[9].cumulative_capture, 1.0);
        assert_eq!(d.iter().map(|x| x.rows).sum::<u64>(), 20);
        // Sizes differ by at most one.
        let d = deciles(&S[..7], &L[..7]);
        assert_eq!(d.len(), 7);
        let d = deciles(&[0.0; 15], &[false; 15]);
        assert!(d.iter().all(|x| x.rows == 1 || x.rows == 2));
        assert_eq!(d.iter().map(|x| x.rows).sum::<u64>(), 15);
    }

    #[test]
    fn metrics_histogram_by_outcome() {
        let h = histogram(&S, &L, 2, Some((0.0, 1.0)));
        // [0, .5): 0.4, 0.3, 0.2 → events 1 (0.3), non-events 2; [.5, 1]: events 3, non-events 2.
        assert_eq!(h.edges, vec![0.0, 0.5, 1.0]);
        assert_eq!(h.events, vec![1, 3]);
        assert_eq!(h.non_events, vec![2, 2]);
        let h = histogram(&[1.0], &[true], 4, None);
        assert_eq!(h.events.iter().sum::<u64>(), 1);
    }

    proptest::proptest! {
        #[test]
        fn metrics_auc_matches_pair_count(v in proptest::collection::vec((0u8..6, proptest::bool::ANY), 2..60)) {
            let scores: Vec<f64> = v.iter().map(|(s, _)| f64::from(*s)).collect();
            let labels: Vec<bool> = v.iter().map(|(_, l)| *l).collect();
            let mut wins = 0.0;
            let mut pairs = 0.0;
            for (i, &a) in labels.iter().enumerate() {
                for (j, &b) in labels.iter().enumerate() {
                    if a && !b {
                        pairs += 1.0;
                        wins += if scores[i] > scores[j] { 1.0 } else if scores[i] == scores[j] { 0.5 } else { 0.0 };
                    }
                }
            }
            let got = auc(&scores, &labels);
            if pairs == 0.0 {
                proptest::prop_assert_eq!(got, None);
            } else {
                let want = wins / pairs;
                proptest::prop_assert!((got.unwrap_or(-1.0) - want).abs() < 1e-12);
                let k = ks(&scores, &labels).unwrap_or(-1.0);
                proptest::prop_assert!((0.0..=1.0).contains(&k));
            }
        }
    }
}
