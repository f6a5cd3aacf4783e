//! Pareto (二八): the top share's part of the positive contribution, and the Lorenz curve.

use serde::Serialize;

use crate::config::Config;
use crate::metrics::ceil_share;
use crate::metrics::contribution::contribution;
use crate::model::{CustomerRow, Kind, Period, Sym};

/// The most points of a down-sampled Lorenz curve.
pub const LORENZ_MAX_POINTS: usize = 200;

/// One point of the Lorenz curve: the top `customers` share of customers (ranked by latest
/// contribution, descending) holds `contribution` share of the positive contribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LorenzPoint {
    pub customers: f64,
    pub contribution: f64,
}

/// The 20/80 figures of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pareto {
    /// n: customers of the group in `L`.
    pub customers: usize,
    /// ceil(top_share · n).
    pub top_customers: usize,
    /// Σ max(contribution, 0) over the top customers, yuan.
    pub top_positive: f64,
    /// Σ max(contribution, 0) over the group, yuan.
    pub total_positive: f64,
    /// `top_positive / total_positive`; `None` when the total is 0.
    pub share: Option<f64>,
    /// The Lorenz curve from (0, 0) to (1, 1), at most [`LORENZ_MAX_POINTS`] points (all points
    /// when n + 1 fits); empty when the positive total is 0.
    pub curve: Vec<LorenzPoint>,
}

/// Pareto overall and per kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoSet {
    pub period: Period,
    pub overall: Pareto,
    pub retail: Pareto,
    pub corporate: Pareto,
}

/// The Pareto figures of `items` = (customer, latest contribution), in customer-id order.
pub fn pareto_of(items: &[(Sym, f64)], top_share: f64) -> Pareto {
    let n = items.len();
    let mut rank: Vec<usize> = (0..n).collect();
    rank.sort_by(|&a, &b| items[b].1.total_cmp(&items[a].1).then(items[a].0.cmp(&items[b].0)));
    let top = ceil_share(top_share, n);
    let mut in_top = vec![false; n];
    for &i in rank.iter().take(top) {
        in_top[i] = true;
    }
    let pos = |c: f64| if c > 0.0 { c } else { 0.0 };
    let mut total = 0.0;
    let mut top_sum = 0.0;
    for (i, &(_, c)) in items.iter().enumerate() {
        total += pos(c);
        if in_top[i] {
            top_sum += pos(c);
        }
    }
    let mut curve = Vec::new();
    if total > 0.0 {
        let mut cum = Vec::with_capacity(n + 1);
        cum.push(0.0);
        let mut acc = 0.0;
        for &i in &rank {
            acc += pos(items[i].1);
            cum.push(acc);
        }
        let point = |k: usize| LorenzPoint {
            customers: k as f64 / n as f64,
            contribution: if acc > 0.0 { cum[k] / acc } else { 0.0 },
        };
        if n < LORENZ_MAX_POINTS {
            curve.extend((0..=n).map(point));
        } else {
            // Deterministic down-sampling: k_j = round(j·n / (M − 1)), strictly increasing
            // because n ≥ M − 1; k_0 = 0, k_{M−1} = n.
            let m = LORENZ_MAX_POINTS - 1;
            curve.extend((0..=m).map(|j| point((j * n + m / 2) / m)));
        }
    }
    Pareto {
        customers: n,
        top_customers: top,
        top_positive: top_sum,
        total_positive: total,
        share: (total > 0.0).then(|| top_sum / total),
        curve,
    }
}

/// Pareto (二八) of a group's `rows` in `L = as_of` (one period's rows, in row order, i.e. by
/// customer id): overall and per kind.
pub fn pareto<'a>(cfg: &Config, as_of: Period, rows: impl IntoIterator<Item = &'a CustomerRow>) -> ParetoSet {
    let rows: Vec<(Kind, Sym, f64)> =
        rows.into_iter().map(|r| (r.kind, r.customer, contribution(r, &cfg.contribution))).collect();
    let of = |k: Option<Kind>| -> Pareto {
        let items: Vec<(Sym, f64)> =
            rows.iter().filter(|r| k.is_none_or(|k| r.0 == k)).map(|&(_, customer, c)| (customer, c)).collect();
        pareto_of(&items, cfg.pareto.top_share)
    };
    ParetoSet { period: as_of, overall: of(None), retail: of(Some(Kind::Retail)), corporate: of(Some(Kind::Corporate)) }
}
