//! Timing of the calibration core (prints figures; asserts nothing):
//! - fitting the L2 logistic regression on 100,000 rows × 20 features (IRLS, standardised);
//! - scoring 1,000,000 rows with the fitted model.
//!
//! `cargo run --release -p branchlens-core --example bench_calibrate [-- --csv FILE]` — with
//! `--csv`, also writes the 100,000-row table (x01..x20, y) for the scikit-learn comparison
//! (`scripts/bench-calibrate.sh`). The data are generated with a fixed seed.

use std::io::Write;
use std::time::Instant;

use branchlens_core::calibrate::logistic::{fit, predict, FitOptions};
use branchlens_core::calibrate::SplitMix64;

const P: usize = 20;

/// Standard normal by Box–Muller.
fn normal(rng: &mut SplitMix64) -> f64 {
    let u = rng.next_f64().max(1e-300);
    let v = rng.next_f64();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// `n` rows: 20 features (normal, some correlated, two 0/1, one skewed), y from a logistic
/// model with fixed true weights.
fn generate(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = SplitMix64::new(seed);
    let truth: [f64; P] =
        [0.8, -0.6, 0.5, 0.0, 0.3, -0.3, 0.2, 0.0, 0.1, -0.1, 0.7, 0.0, 0.0, 0.4, -0.2, 0.0, 0.05, 0.0, 0.6, -0.4];
    let mut x = Vec::with_capacity(n * P);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let mut row = [0.0; P];
        for v in row.iter_mut() {
            *v = normal(&mut rng);
        }
        row[1] = 0.6 * row[0] + 0.8 * row[1];
        row[10] = f64::from(u8::from(rng.next_f64() < 0.3));
        row[11] = f64::from(u8::from(rng.next_f64() < 0.1));
        row[18] = (row[18] * 0.5).exp();
        let eta = -2.0 + row.iter().zip(&truth).map(|(a, b)| a * b).sum::<f64>();
        y.push(f64::from(u8::from(rng.next_f64() < 1.0 / (1.0 + (-eta).exp()))));
        x.extend_from_slice(&row);
    }
    (x, y)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let csv = args.iter().position(|a| a == "--csv").and_then(|i| args.get(i + 1));

    let (x, y) = generate(100_000, 42);
    let opts = FitOptions::default();
    let t = Instant::now();
    let f = fit(&x, P, &y, &opts).map_err(std::io::Error::other)?;
    let fit_s = t.elapsed().as_secs_f64();
    println!(
        "fit: 100000 rows x {P} features, l2 = {}, standardised: {:.3} s ({} Newton steps, converged: {})",
        opts.l2, fit_s, f.iterations, f.converged
    );

    let (big, _) = generate(1_000_000, 7);
    let t = Instant::now();
    let p = predict(f.intercept, &f.weights, &big, P);
    let score_s = t.elapsed().as_secs_f64();
    let mean = p.iter().sum::<f64>() / p.len() as f64;
    println!("score: 1000000 rows x {P} features: {score_s:.3} s (mean probability {mean:.4})");

    if let Some(path) = csv {
        let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
        let header: Vec<String> = (1..=P).map(|j| format!("x{j:02}")).collect();
        writeln!(w, "{},y", header.join(","))?;
        for (row, yi) in x.chunks_exact(P).zip(&y) {
            let cells: Vec<String> = row.iter().map(|v| format!("{v:.6}")).collect();
            writeln!(w, "{},{}", cells.join(","), *yi as u8)?;
        }
        w.flush()?;
        println!("wrote {path} (100000 rows)");
    }
    Ok(())
}
