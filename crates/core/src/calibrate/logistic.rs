//! L2-regularised logistic regression fitted by Newton's method (IRLS), and scoring.
//!
//! Minimises `Σ_i [softplus(η_i) − y_i·η_i] + (λ/2)·Σ_{j≥1} β_j²` with `η_i = β_0 + x_iᵀβ` (the
//! intercept is not penalised). This is scikit-learn's `LogisticRegression(C = 1/λ)` objective
//! (and, with `λ = 0`, the unpenalised maximum-likelihood fit of statsmodels' `Logit`).
//!
//! Why hand-written: the problem has at most a few dozen parameters, so one Newton step is a
//! p×p Cholesky solve and a fit converges in under ten steps. `linfa-logistic` (ndarray + linfa +
//! argmin's L-BFGS) and `argmin` (its wasm32 build goes through `getrandom`'s wasm-bindgen
//! backend) would put a browser-facing dependency and a numeric framework into the core for that.
//!
//! With `standardize`, columns are centred and scaled (population standard deviation) before the
//! fit, so that one `λ` treats every feature alike; the result is converted back, so the returned
//! weights apply to the raw features. A constant column gets weight 0.
//!
//! Deterministic: every sum runs in row order; no threads.

use serde::{Deserialize, Serialize};

/// Fit settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// L2 penalty λ on the (standardised, when `standardize`) weights; 0 = none. `1/C` in
    /// scikit-learn's terms.
    pub l2: f64,
    /// Centre and scale the columns before fitting (the weights returned are for raw columns).
    pub standardize: bool,
    /// Newton steps at most.
    pub max_iter: u32,
    /// Stop when the largest parameter change of a step is below this.
    pub tol: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { l2: 1.0, standardize: true, max_iter: 100, tol: 1e-10 }
    }
}

/// A fitted model: `P(y = 1 | x) = σ(intercept + Σ weights_j·x_j)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogisticFit {
    pub intercept: f64,
    pub weights: Vec<f64>,
    /// Newton steps taken.
    pub iterations: u32,
    /// Whether the step size fell below `tol` within `max_iter`.
    pub converged: bool,
    /// The penalised objective at the solution (on the fitting scale).
    pub objective: f64,
}

/// Why a fit could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("no rows to fit")]
    NoRows,
    #[error("the label has only one class ({ones} of {rows} rows are 1)")]
    OneClass { rows: usize, ones: usize },
    #[error("the design has {len} values, not rows × {p}")]
    Shape { len: usize, p: usize },
    #[error("a feature value or label is not a finite number (row {row})")]
    NotFinite { row: usize },
    #[error("the system is singular (collinear columns without an L2 penalty)")]
    Singular,
}

/// The logistic function, computed without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// `P(y = 1)` of one feature vector: `σ(intercept + Σ w_j·x_j)` (missing trailing features
/// count as 0; extra ones are ignored).
pub fn probability(intercept: f64, weights: &[f64], x: &[f64]) -> f64 {
    sigmoid(linear(intercept, weights, x))
}

/// `intercept + Σ w_j·x_j`, summed in feature order.
pub fn linear(intercept: f64, weights: &[f64], x: &[f64]) -> f64 {
    let mut eta = intercept;
    for (w, v) in weights.iter().zip(x) {
        eta += w * v;
    }
    eta
}

/// Scores a row-major `n × p` design: `P(y = 1)` per row.
pub fn predict(intercept: f64, weights: &[f64], x: &[f64], p: usize) -> Vec<f64> {
    if p == 0 {
        return vec![sigmoid(intercept); if x.is_empty() { 0 } else { x.len() }];
    }
    x.chunks_exact(p).map(|row| probability(intercept, weights, row)).collect()
}

/// Fits on a row-major `n × p` design `x` (`x.len() == n·p`) and labels `y` (1 = event; any
/// non-zero value counts as 1).
pub fn fit(x: &[f64], p: usize, y: &[f64], opts: &FitOptions) -> Result<LogisticFit, FitError> {
    let n = y.len();
    if n == 0 {
        return Err(FitError::NoRows);
    }
    if x.len() != n * p {
        return Err(FitError::Shape { len: x.len(), p });
    }
    if let Some(row) = (0..n).find(|&i| !y[i].is_finite() || x[i * p..(i + 1) * p].iter().any(|v| !v.is_finite())) {
        return Err(FitError::NotFinite { row });
    }
    let yb: Vec<f64> = y.iter().map(|&v| if v != 0.0 { 1.0 } else { 0.0 }).collect();
    let ones = yb.iter().filter(|&&v| v == 1.0).count();
    if ones == 0 || ones == n {
        return Err(FitError::OneClass { rows: n, ones });
    }

    // Column centring and scaling (identity when not standardising).
    let (mean, scale) = if opts.standardize { column_stats(x, n, p) } else { (vec![0.0; p], vec![1.0; p]) };
    let active: Vec<bool> = scale.iter().map(|&s| s > 0.0).collect();
    let z = |i: usize, j: usize| if active[j] { (x[i * p + j] - mean[j]) / scale[j] } else { 0.0 };

    let k = p + 1; // parameters: intercept, then weights
    let lambda = opts.l2.max(0.0);
    // Start at the intercept of the base rate.
    let rate = ones as f64 / n as f64;
    let mut beta = vec![0.0; k];
    beta[0] = (rate / (1.0 - rate)).ln();

    let objective = |beta: &[f64]| -> f64 {
        let mut f = 0.0;
        let mut row = vec![0.0; p];
        for (i, yi) in yb.iter().enumerate() {
            for (j, r) in row.iter_mut().enumerate() {
                *r = z(i, j);
            }
            let eta = linear(beta[0], &beta[1..], &row);
            f += softplus(eta) - yi * eta;
        }
        f + 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
    };

    let mut f_old = objective(&beta);
    let mut iterations = 0;
    let mut converged = false;
    let mut row = vec![0.0; k];
    let mut h = vec![0.0; k * k];
    let mut g = vec![0.0; k];
    while iterations < opts.max_iter {
        iterations += 1;
        h.iter_mut().for_each(|v| *v = 0.0);
        g.iter_mut().for_each(|v| *v = 0.0);
        for (i, yi) in yb.iter().enumerate() {
            row[0] = 1.0;
            for j in 0..p {
                row[j + 1] = z(i, j);
            }
            let mu = sigmoid(linear(beta[0], &beta[1..], &row[1..]));
            let w = (mu * (1.0 - mu)).max(1e-12);
            let r = mu - yi;
            for a in 0..k {
                g[a] += r * row[a];
                let wa = w * row[a];
                if wa != 0.0 {
                    let ha = &mut h[a * k..a * k + a + 1];
                    for (hb, rb) in ha.iter_mut().zip(&row[..=a]) {
                        *hb += wa * rb;
                    }
                }
            }
        }
        for a in 1..k {
            g[a] += lambda * beta[a];
            h[a * k + a] += lambda;
            if !active[a - 1] {
                // A constant column: pin its weight at 0.
                h[a * k + a] = 1.0;
                g[a] = 0.0;
            }
        }
        let step = cholesky_solve(&mut h, &g, k).ok_or(FitError::Singular)?;
        // Newton step with halving until the objective does not increase.
        let mut t = 1.0;
        let mut next: Vec<f64>;
        let mut f_new;
        loop {
            next = beta.iter().zip(&step).map(|(b, s)| b - t * s).collect();
            f_new = objective(&next);
            if f_new <= f_old + 1e-12 * f_old.abs().max(1.0) || t < 1e-8 {
                break;
            }
            t *= 0.5;
        }
        let change = beta.iter().zip(&next).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        beta = next;
        f_old = f_new;
        if change < opts.tol {
            converged = true;
            break;
        }
    }

    // Back to raw columns: w_j = β_j / s_j, b = β_0 − Σ β_j·m_j / s_j.
    let mut weights = vec![0.0; p];
    let mut intercept = beta[0];
    for j in 0..p {
        if active[j] {
            weights[j] = beta[j + 1] / scale[j];
            intercept -= beta[j + 1] * mean[j] / scale[j];
        }
    }
    Ok(LogisticFit { intercept, weights, iterations, converged, objective: f_old })
}

/// Column means and population standard deviations (two passes, row order).
pub fn column_stats(x: &[f64], n: usize, p: usize) -> (Vec<f64>, Vec<f64>) {
    let mut mean = vec![0.0; p];
    if n == 0 || p == 0 {
        return (mean, vec![0.0; p]);
    }
    for row in x.chunks_exact(p) {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut var = vec![0.0; p];
    for row in x.chunks_exact(p) {
        for ((s, v), m) in var.iter_mut().zip(row).zip(&mean) {
            *s += (v - m) * (v - m);
        }
    }
    let scale = var
        .iter()
        .zip(&mean)
        .map(|(s, m)| {
            let sd = (s / n as f64).sqrt();
            // A spread lost in rounding counts as constant.
            if sd > 1e-12 * m.abs().max(1.0) {
                sd
            } else {
                0.0
            }
        })
        .collect();
    (mean, scale)
}

/// Solves `H s = g` for a symmetric positive definite `H` of which the lower triangle (row-major,
/// `k × k`) is filled. `None` when `H` is not positive definite.
fn cholesky_solve(h: &mut [f64], g: &[f64], k: usize) -> Option<Vec<f64>> {
    // In-place Cholesky: lower triangle of h becomes L with H = L·Lᵀ.
    for j in 0..k {
        let mut d = h[j * k + j];
        for m in 0..j {
            d -= h[j * k + m] * h[j * k + m];
        }
        if d.is_nan() || d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        h[j * k + j] = d;
        for i in j + 1..k {
            let mut s = h[i * k + j];
            for m in 0..j {
                s -= h[i * k + m] * h[j * k + m];
            }
            h[i * k + j] = s / d;
        }
    }
    // L y = g, then Lᵀ s = y.
    let mut y = vec![0.0; k];
    for i in 0..k {
        let mut s = g[i];
        for m in 0..i {
            s -= h[i * k + m] * y[m];
        }
        y[i] = s / h[i * k + i];
    }
    let mut s = vec![0.0; k];
    for i in (0..k).rev() {
        let mut v = y[i];
        for m in i + 1..k {
            v -= h[m * k + i] * s[m];
        }
        s[i] = v / h[i * k + i];
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20 rows, 2 features; the reference coefficients were computed with this script
    /// (scikit-learn 1.x, statsmodels 0.14):
    ///
    /// ```python
    /// import numpy as np, statsmodels.api as sm
    /// from sklearn.linear_model import LogisticRegression
    /// X = np.array(REF_X).reshape(-1, 2); y = np.array(REF_Y)
    /// print(sm.Logit(y, sm.add_constant(X)).fit(method="newton", tol=1e-14, disp=0).params)
    /// m = LogisticRegression(C=0.5, solver="newton-cg", tol=1e-12, max_iter=1000).fit(X, y)
    /// print(m.intercept_, m.coef_)
    /// from sklearn.preprocessing import StandardScaler
    /// s = StandardScaler().fit(X)
    /// m2 = LogisticRegression(C=0.5, solver="newton-cg", tol=1e-12, max_iter=1000).fit(s.transform(X), y)
    /// print(m2.intercept_[0] - np.sum(m2.coef_[0] * s.mean_ / s.scale_), m2.coef_[0] / s.scale_)
    /// ```
    const REF_X: [f64; 40] = [
        0.5, 1.2, 1.0, -0.3, 1.5, 0.8, 2.0, -1.1, 2.5, 0.4, 3.0, 1.9, 3.5, -0.7, 4.0, 0.0, 4.5, 1.1, 5.0, -1.5, 0.2,
        0.3, 0.8, 2.2, 1.8, -0.9, 2.2, 1.4, 2.8, -0.2, 3.2, 0.9, 3.8, -1.3, 4.2, 2.0, 4.8, 0.6, 5.5, -0.4,
    ];
    const REF_Y: [f64; 20] = [0., 0., 0., 1., 0., 1., 0., 1., 1., 1., 0., 1., 0., 0., 1., 0., 1., 1., 1., 1.];

    fn check(f: &LogisticFit, want: [f64; 3]) {
        assert!(f.converged, "{f:?}");
        let got = [f.intercept, f.weights[0], f.weights[1]];
        for (g, w) in got.iter().zip(want) {
            assert!(close(*g, w, 1e-6), "got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn logistic_matches_statsmodels_unpenalised() {
        let o = FitOptions { l2: 0.0, standardize: false, ..FitOptions::default() };
        let f = fit(&REF_X, 2, &REF_Y, &o).expect("fit");
        check(&f, [-2.9698799177781035, 1.121708386701221, 0.2988088224153206]);
    }

    #[test]
    fn logistic_matches_sklearn_l2() {
        // C = 0.5 → λ = 1/C = 2.
        let o = FitOptions { l2: 2.0, standardize: false, ..FitOptions::default() };
        let f = fit(&REF_X, 2, &REF_Y, &o).expect("fit");
        check(&f, [-2.0605248971645636, 0.8017799011283139, 0.14121479853065685]);
    }

    #[test]
    fn logistic_matches_sklearn_l2_standardised() {
        let o = FitOptions { l2: 2.0, standardize: true, ..FitOptions::default() };
        let f = fit(&REF_X, 2, &REF_Y, &o).expect("fit");
        check(&f, [-1.5490662575181673, 0.6181061071884392, 0.10131461079489974]);
        // The raw-scale weights score like the fit: p = σ(b + w·x).
        let p = predict(f.intercept, &f.weights, &REF_X, 2);
        assert_eq!(p.len(), 20);
        assert!(p.iter().all(|v| *v > 0.0 && *v < 1.0));
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn logistic_sigmoid_and_softplus_are_stable() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(1000.0) == 1.0 && sigmoid(-1000.0) == 0.0);
        assert!(close(softplus(0.0), 2f64.ln(), 1e-15));
        assert_eq!(softplus(1000.0), 1000.0);
        assert_eq!(softplus(-1000.0), 0.0);
    }

    #[test]
    fn logistic_cholesky_solves_a_known_system() {
        // H = [[4, 2], [2, 3]], g = [2, 1]: det = 8, s = H⁻¹g = [(3·2 − 2·1)/8, (4·1 − 2·2)/8] = [0.5, 0].
        let mut h = vec![4.0, 0.0, 2.0, 3.0];
        let s = cholesky_solve(&mut h, &[2.0, 1.0], 2).expect("positive definite");
        assert!(close(s[0], 0.5, 1e-15) && close(s[1], 0.0, 1e-15), "{s:?}");
        let mut bad = vec![1.0, 0.0, 2.0, 1.0]; // [[1, 2], [2, 1]] is indefinite
        assert!(cholesky_solve(&mut bad, &[1.0, 1.0], 2).is_none());
    }

    #[test]
    fn logistic_rejects_bad_input() {
        let o = FitOptions::default();
        assert_eq!(fit(&[], 1, &[], &o), Err(FitError::NoRows));
        assert_eq!(fit(&[1.0, 2.0], 1, &[1.0, 1.0], &o), Err(FitError::OneClass { rows: 2, ones: 2 }));
        assert_eq!(fit(&[1.0], 1, &[1.0, 0.0], &o), Err(FitError::Shape { len: 1, p: 1 }));
        assert_eq!(fit(&[1.0, f64::NAN], 1, &[1.0, 0.0], &o), Err(FitError::NotFinite { row: 1 }));
    }

    #[test]
    fn logistic_one_feature_closed_form() {
        // One binary feature: the MLE reproduces the two group rates exactly.
        // x = 0: 1 of 4 are 1 → intercept = ln(1/3); x = 1: 3 of 4 are 1 → b + w = ln(3) → w = 2·ln 3.
        let x = [0., 0., 0., 0., 1., 1., 1., 1.];
        let y = [1., 0., 0., 0., 1., 1., 1., 0.];
        let o = FitOptions { l2: 0.0, standardize: false, ..FitOptions::default() };
        let f = fit(&x, 1, &y, &o).expect("fit");
        assert!(f.converged);
        assert!(close(f.intercept, (1.0f64 / 3.0).ln(), 1e-9), "{f:?}");
        assert!(close(f.weights[0], 2.0 * 3f64.ln(), 1e-9), "{f:?}");
        // Standardising changes nothing without a penalty.
        let s = fit(&x, 1, &y, &FitOptions { standardize: true, ..o }).expect("fit");
        assert!(close(s.intercept, f.intercept, 1e-9) && close(s.weights[0], f.weights[0], 1e-9));
    }

    #[test]
    fn logistic_constant_column_gets_zero_weight() {
        let x = [0., 5., 0., 5., 1., 5., 1., 5., 1., 5., 0., 5.];
        let y = [0., 1., 1., 1., 0., 0.];
        let f = fit(&x, 2, &y, &FitOptions::default()).expect("fit");
        assert_eq!(f.weights[1], 0.0);
        assert!(f.weights[0].is_finite() && f.intercept.is_finite());
    }
}
