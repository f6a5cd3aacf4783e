//! The random draws every part of the generator shares: one `ChaCha8Rng`, standard normal,
//! uniform, Bernoulli and log-normal draws.

use rand::Rng as _;
use rand_distr::StandardNormal;

/// The generator's random source (one per bank, consumed in a fixed order).
pub(crate) type Rng = rand_chacha::ChaCha8Rng;

pub(crate) fn nrm(rng: &mut Rng) -> f64 {
    rng.sample(StandardNormal)
}

pub(crate) fn unif(rng: &mut Rng) -> f64 {
    rng.gen::<f64>()
}

pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.gen::<f64>() < p
}

pub(crate) fn lognormal(rng: &mut Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * nrm(rng)).exp()
}

/// Index into `len` items, weighted towards the front (common surnames, common words).
pub(crate) fn front_weighted(rng: &mut Rng, len: usize) -> u8 {
    let u = unif(rng).powf(1.7);
    ((u * len as f64) as usize).min(len - 1) as u8
}
