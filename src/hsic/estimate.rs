//! The three estimators, over double-centred kernels M = HKH in f64.
//!
//! The references (X and the labels) are prepared once; each probe (a
//! layer) is then compared with all of them.
//!
//! # The paper estimator without the right-centred inverse
//!
//! The paper defines R = K̃(K̃ + cI)⁻¹ with the right-centred K̃ = KH and
//! c = εm. Since KH·1 = 0, (KH + cI)⁻¹ keeps 1 fixed up to 1/c and maps
//! 1⊥ to itself, which gives R = KH(M + cI)⁻¹H with the symmetric M = HKH.
//! As H commutes with (M + cI)⁻¹ and HK_BH = M_B,
//!
//!   tr(R_A R_B) = tr(R'_A R'_B),  R' = M(M + cI)⁻¹ = I − c(M + cI)⁻¹,
//!
//! the normalised cross-covariance of Fukumizu et al. (NIPS 2007). R' is
//! symmetric with eigenvalues λ/(λ + c) ∈ [0, 1) for the eigenvalues λ ≥ 0
//! of M. So a reference is factored once by its eigendecomposition,
//! R'_A = F Fᵀ, and a probe needs only the Cholesky factor L of the
//! positive-definite M_B + cI:
//!
//!   tr(R'_A R'_B) = tr(F Fᵀ) − c‖L⁻¹F‖²_F,
//!
//! one m³/3 factorisation plus a triangular solve with as many right-hand
//! sides as F has columns, instead of an LU solve with m of them. The float64
//! fixtures, computed with the literal right-centred formula, check this.

use faer::{Mat, Side};

use super::{Estimator, HsicConfig, HsicError};

/// Eigen-components of a reference whose share λ/(λ + c) of R' is below
/// this are dropped: each moves a trace by at most this much, so all of them
/// together by at most m·1e-12, while the labels' R' keeps only k − 1
/// columns and smooth kernels of X far fewer than m.
const NEGLIGIBLE_SHARE: f64 = 1e-12;

/// The reference kernels, prepared for one estimator.
#[derive(Debug)]
pub(crate) enum References {
    /// R'_i = F_i F_iᵀ; `factors` holds [F_1 | F_2 | …], reference i in
    /// columns `ends[i-1]..ends[i]`, and `traces[i]` = tr(R'_i).
    Paper {
        factors: Mat<f64>,
        ends: Vec<usize>,
        traces: Vec<f64>,
        ridge: f64,
    },
    /// Centred kernels with their self-dependence tr(M_i M_i).
    Cka {
        grams: Vec<Mat<f64>>,
        self_hsics: Vec<f64>,
    },
    /// Centred kernels; HSIC needs no self-terms.
    Hsic { grams: Vec<Mat<f64>> },
}

impl References {
    /// Prepares the double-centred kernels `centred` (named by `names` in
    /// errors) for the estimator of `config`.
    pub(crate) fn new(
        centred: Vec<Mat<f64>>,
        names: &[&str],
        config: &HsicConfig,
    ) -> Result<Self, HsicError> {
        match config.estimator {
            Estimator::Paper => {
                let m = centred.first().map_or(0, Mat::nrows);
                let ridge = config.epsilon * m as f64;
                let mut columns: Vec<Vec<f64>> = Vec::new();
                let mut ends = Vec::new();
                let mut traces = Vec::new();
                for (gram, name) in centred.iter().zip(names) {
                    let (factor_columns, trace) = paper_factor(gram, ridge, name)?;
                    columns.extend(factor_columns);
                    ends.push(columns.len());
                    traces.push(trace);
                }
                let factors = Mat::from_fn(m, columns.len(), |i, j| columns[j][i]);
                Ok(References::Paper {
                    factors,
                    ends,
                    traces,
                    ridge,
                })
            }
            Estimator::Cka => {
                let self_hsics = centred
                    .iter()
                    .map(|gram| frobenius_inner(gram, gram))
                    .collect();
                Ok(References::Cka {
                    grams: centred,
                    self_hsics,
                })
            }
            Estimator::Hsic => Ok(References::Hsic { grams: centred }),
        }
    }

    /// The estimate between each reference and the probe with centred kernel
    /// `probe`, in the order of the references; `what` names the probe in
    /// errors.
    pub(crate) fn estimate(&self, probe: &Mat<f64>, what: &str) -> Result<Vec<f64>, HsicError> {
        match self {
            References::Paper {
                factors,
                ends,
                traces,
                ridge,
            } => {
                let solved = solve_ridge(probe, factors, *ridge, what)?;
                let mut start = 0;
                let mut values = Vec::with_capacity(ends.len());
                for (&end, &trace) in ends.iter().zip(traces) {
                    let residual: f64 = (start..end)
                        .map(|j| squared_norm(solved.col_as_slice(j)))
                        .sum();
                    values.push(trace - ridge * residual);
                    start = end;
                }
                Ok(values)
            }
            References::Cka { grams, self_hsics } => {
                let probe_self = frobenius_inner(probe, probe);
                Ok(grams
                    .iter()
                    .zip(self_hsics)
                    .map(|(gram, &reference_self)| {
                        let denominator = (reference_self * probe_self).sqrt();
                        // A constant representation has no variation to align with.
                        if denominator > 0.0 {
                            frobenius_inner(gram, probe) / denominator
                        } else {
                            0.0
                        }
                    })
                    .collect())
            }
            References::Hsic { grams } => {
                let m = probe.nrows() as f64;
                Ok(grams
                    .iter()
                    .map(|gram| frobenius_inner(gram, probe) / ((m - 1.0) * (m - 1.0)))
                    .collect())
            }
        }
    }
}

/// The columns of F with R' = M(M + cI)⁻¹ = F Fᵀ, and tr(R').
fn paper_factor(
    gram: &Mat<f64>,
    ridge: f64,
    what: &str,
) -> Result<(Vec<Vec<f64>>, f64), HsicError> {
    let eigen = gram
        .self_adjoint_eigen(Side::Lower)
        .map_err(|e| HsicError::Singular {
            what: what.to_string(),
            reason: format!("eigendecomposition failed: {e:?}"),
        })?;
    let eigenvalues = eigen.S().column_vector();
    let eigenvectors = eigen.U();

    let mut columns = Vec::new();
    let mut trace = 0.0;
    for k in 0..gram.nrows() {
        let lambda = eigenvalues[k].max(0.0);
        let share = lambda / (lambda + ridge);
        if share < NEGLIGIBLE_SHARE {
            continue;
        }
        trace += share;
        let scale = share.sqrt();
        columns.push(
            (0..gram.nrows())
                .map(|i| eigenvectors[(i, k)] * scale)
                .collect(),
        );
    }
    Ok((columns, trace))
}

/// L⁻¹F, with L the Cholesky factor of M + cI.
fn solve_ridge(
    gram: &Mat<f64>,
    factors: &Mat<f64>,
    ridge: f64,
    what: &str,
) -> Result<Mat<f64>, HsicError> {
    let m = gram.nrows();
    let shifted = Mat::from_fn(m, m, |i, j| {
        if i == j {
            gram[(i, j)] + ridge
        } else {
            gram[(i, j)]
        }
    });
    let cholesky = shifted.llt(Side::Lower).map_err(|e| HsicError::Singular {
        what: what.to_string(),
        reason: format!("Cholesky factorisation of M + εmI failed: {e:?}"),
    })?;

    let mut solved = factors.clone();
    cholesky
        .L()
        .solve_lower_triangular_in_place(solved.as_mut());
    Ok(solved)
}

/// ⟨A, B⟩_F = tr(A B) for symmetric A and B.
fn frobenius_inner(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    (0..a.ncols())
        .map(|j| {
            a.col_as_slice(j)
                .iter()
                .zip(b.col_as_slice(j))
                .map(|(x, y)| x * y)
                .sum::<f64>()
        })
        .sum()
}

fn squared_norm(values: &[f64]) -> f64 {
    values.iter().map(|v| v * v).sum()
}
