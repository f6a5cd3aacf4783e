//! Cross-sell (交叉销售): products per customer, embedded customers and product penetration.

use serde::Serialize;

use crate::config::Config;
use crate::model::{CustomerRow, Dataset, Kind, Period};

use super::share;

/// Holders of one product code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductPenetration {
    pub code: String,
    pub customers: usize,
    pub share: Option<f64>,
    pub retail: usize,
    pub retail_share: Option<f64>,
    pub corporate: usize,
    pub corporate_share: Option<f64>,
}

/// Cross-sell depth and product penetration of a group in `L`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossSell {
    pub period: Period,
    pub customers: usize,
    pub retail: usize,
    pub corporate: usize,
    /// `histogram[d]` customers hold exactly `d` distinct products (`0..=max`; empty when no
    /// customers).
    pub histogram: Vec<usize>,
    /// Mean distinct products per customer.
    pub mean_depth: Option<f64>,
    /// The "embedded" threshold (`cross_sell.embedded_min_products`).
    pub embedded_min_products: u32,
    /// Customers with at least that many products.
    pub embedded: usize,
    pub embedded_share: Option<f64>,
    /// Every product code of the dataset, in code order.
    pub products: Vec<ProductPenetration>,
}

/// Cross-sell depth and product penetration of a group's `rows` in `L = as_of` (products of
/// `ds`).
pub fn cross_sell<'a>(
    ds: &Dataset,
    cfg: &Config,
    as_of: Period,
    rows: impl IntoIterator<Item = &'a CustomerRow>,
) -> CrossSell {
    let min = cfg.cross_sell.embedded_min_products;
    let mut histogram: Vec<usize> = Vec::new();
    let (mut n, mut retail, mut corporate, mut embedded, mut depth_sum) = (0usize, 0usize, 0usize, 0usize, 0u64);
    let np = ds.products.len();
    let mut holders = vec![[0usize; 2]; np];
    for r in rows {
        n += 1;
        let k = match r.kind {
            Kind::Retail => {
                retail += 1;
                0
            }
            Kind::Corporate => {
                corporate += 1;
                1
            }
        };
        let d = r.products.len();
        let di = d as usize;
        if histogram.len() <= di {
            histogram.resize(di + 1, 0);
        }
        histogram[di] += 1;
        depth_sum += u64::from(d);
        embedded += usize::from(d >= min);
        for p in r.products.iter() {
            if let Some(h) = holders.get_mut(p.index()) {
                h[k] += 1;
            }
        }
    }
    let products = ds
        .products
        .iter()
        .zip(&holders)
        .map(|((_, code), h)| ProductPenetration {
            code: code.to_string(),
            customers: h[0] + h[1],
            share: share(h[0] + h[1], n),
            retail: h[0],
            retail_share: share(h[0], retail),
            corporate: h[1],
            corporate_share: share(h[1], corporate),
        })
        .collect();
    CrossSell {
        period: as_of,
        customers: n,
        retail,
        corporate,
        histogram,
        mean_depth: (n > 0).then(|| depth_sum as f64 / n as f64),
        embedded_min_products: min,
        embedded,
        embedded_share: share(embedded, n),
        products,
    }
}
