//! [`HsicAnalyzer`]: X and Y prepared once per run, then any number of
//! layers measured against both; and [`nhsic_pair`] for a single pair.

use burn::tensor::Tensor;
use faer::Mat;

use super::device::read_features;
use super::estimate::References;
use super::kernel::{check_finite, gaussian_centred, labels_centred, linear_centred};
use super::{Bandwidth, Estimator, HsicConfig, HsicError, MIN_SAMPLES};
use crate::metrics::LayerHsic;

/// Measures layers on the information plane against a fixed evaluation set.
///
/// Built once per run from the evaluation inputs X and their labels; it
/// keeps X's and Y's kernels prepared for the configured estimator (for
/// [`Estimator::Paper`] the factors of R_X and R_Y, for the others the
/// centred kernels), so that [`HsicAnalyzer::measure`] does only the work
/// that depends on the layers.
///
/// The evaluation set's size m is X's row count; `HsicConfig::eval_samples`
/// is for whoever draws that subset.
#[derive(Debug)]
pub struct HsicAnalyzer {
    config: HsicConfig,
    num_samples: usize,
    references: References,
}

impl HsicAnalyzer {
    /// Prepares the analysis of the evaluation set `x` with class indices
    /// `labels` (any `u32` values; only equality matters, as for the linear
    /// kernel of one-hot codes).
    ///
    /// # Shapes
    ///
    /// - `x`: `[m, d_x]`, with `m >= 4`
    /// - `labels`: `m` class indices
    ///
    /// # Errors
    ///
    /// [`HsicError`] if the shapes disagree, m < 4, X is not finite, a
    /// setting is unusable (σ or ε not positive), or the read-back fails.
    pub async fn new(x: Tensor<2>, labels: &[u32], config: &HsicConfig) -> Result<Self, HsicError> {
        check_config(config)?;
        let [m, d_x] = x.dims();
        if m < MIN_SAMPLES {
            return Err(HsicError::TooFewSamples { m });
        }
        check_shape([m, d_x], m, "X")?;
        check_rows(labels.len(), m, "labels")?;

        let features = read_features(vec![x], "X").await?;
        let features_x = features.first().map(Vec::as_slice).unwrap_or_default();
        check_finite(features_x, "X")?;
        let centred_x = gaussian_centred(features_x, m, d_x, config.bandwidth, config.sigma);
        let centred_y = labels_centred(labels);
        let references = References::new(vec![centred_x, centred_y], &["X", "labels"], config)?;

        log::debug!(
            "HSIC analyzer ready: m = {m}, d_x = {d_x}, estimator {}",
            config.estimator.name()
        );
        Ok(Self {
            config: config.clone(),
            num_samples: m,
            references,
        })
    }

    /// The size m of the evaluation set.
    pub fn num_samples(&self) -> usize {
        self.num_samples
    }

    /// The settings the analyzer was built with.
    pub fn config(&self) -> &HsicConfig {
        &self.config
    }

    /// nHSIC(X;Z) and nHSIC(Y;Z) for each representation Z in `layers`,
    /// all evaluated on the same m samples as X, in one read-back.
    ///
    /// # Shapes
    ///
    /// - `layers`: each `[m, d_l]`, widths free
    /// - output: one [`LayerHsic`] per layer, in order
    ///
    /// # Errors
    ///
    /// [`HsicError`] naming the layer (counted from 1) whose row count is
    /// not m, that has no columns, or that holds NaN or infinity (a diverged
    /// network); or a failed read-back or factorisation.
    pub async fn measure(&self, layers: &[Tensor<2>]) -> Result<Vec<LayerHsic>, HsicError> {
        let m = self.num_samples;
        let names: Vec<String> = (1..=layers.len())
            .map(|index| format!("layer {index}"))
            .collect();
        for (layer, name) in layers.iter().zip(&names) {
            check_shape(layer.dims(), m, name)?;
        }

        let features = read_features(layers.to_vec(), "the layers").await?;

        let mut measured = Vec::with_capacity(layers.len());
        for ((values, layer), name) in features.iter().zip(layers).zip(&names) {
            check_finite(values, name)?;
            let centred = gaussian_centred(
                values,
                m,
                layer.dims()[1],
                self.config.bandwidth,
                self.config.sigma,
            );
            let values = self.references.estimate(&centred, name)?;
            let (Some(&nhsic_xz), Some(&nhsic_yz)) = (values.first(), values.get(1)) else {
                return Err(HsicError::Singular {
                    what: name.clone(),
                    reason: "the estimator returned fewer than two values".to_string(),
                });
            };
            measured.push(LayerHsic { nhsic_xz, nhsic_yz });
        }
        Ok(measured)
    }
}

/// The estimate of `config` between two representations of the same m
/// samples, for `infoplane hsic A.csv B.csv [--labels]`.
///
/// A gets the Gaussian kernel of `config.bandwidth`. B gets it too, unless
/// `b_is_labels`: then B's rows are label codes (one-hot rows, m×k) and B
/// gets the linear kernel B Bᵀ.
///
/// # Shapes
///
/// - `a`: `[m, d_a]`, with `m >= 4`
/// - `b`: `[m, d_b]`, on the same device as `a`
///
/// # Errors
///
/// As [`HsicAnalyzer::measure`], naming the operands `"A"` and `"B"`.
pub async fn nhsic_pair(
    a: Tensor<2>,
    b: Tensor<2>,
    b_is_labels: bool,
    config: &HsicConfig,
) -> Result<f64, HsicError> {
    check_config(config)?;
    let [m, d_a] = a.dims();
    if m < MIN_SAMPLES {
        return Err(HsicError::TooFewSamples { m });
    }
    check_shape([m, d_a], m, "A")?;
    let [_, d_b] = b.dims();
    check_shape(b.dims(), m, "B")?;

    let features = read_features(vec![a, b], "A and B").await?;
    let (Some(features_a), Some(features_b)) = (features.first(), features.get(1)) else {
        return Err(HsicError::ReadBack {
            what: "A and B".to_string(),
            reason: "missing features".to_string(),
        });
    };
    check_finite(features_a, "A")?;
    check_finite(features_b, "B")?;

    let centred_a = gaussian_centred(features_a, m, d_a, config.bandwidth, config.sigma);
    let centred_b: Mat<f64> = if b_is_labels {
        linear_centred(features_b, m, d_b)
    } else {
        gaussian_centred(features_b, m, d_b, config.bandwidth, config.sigma)
    };
    let references = References::new(vec![centred_a], &["A"], config)?;
    let values = references.estimate(&centred_b, "B")?;
    values.first().copied().ok_or_else(|| HsicError::Singular {
        what: "B".to_string(),
        reason: "the estimator returned no value".to_string(),
    })
}

/// Rejects settings no kernel or ridge can use.
fn check_config(config: &HsicConfig) -> Result<(), HsicError> {
    if config.bandwidth == Bandwidth::Fixed && !(config.sigma.is_finite() && config.sigma > 0.0) {
        return Err(HsicError::InvalidConfig(format!(
            "sigma must be positive, got {}",
            config.sigma
        )));
    }
    if config.estimator == Estimator::Paper && !(config.epsilon.is_finite() && config.epsilon > 0.0)
    {
        return Err(HsicError::InvalidConfig(format!(
            "epsilon must be positive, got {}",
            config.epsilon
        )));
    }
    Ok(())
}

fn check_shape([rows, columns]: [usize; 2], m: usize, what: &str) -> Result<(), HsicError> {
    check_rows(rows, m, what)?;
    if columns == 0 {
        return Err(HsicError::NoColumns {
            what: what.to_string(),
        });
    }
    Ok(())
}

fn check_rows(rows: usize, m: usize, what: &str) -> Result<(), HsicError> {
    if rows == m {
        Ok(())
    } else {
        Err(HsicError::RowMismatch {
            what: what.to_string(),
            rows,
            expected: m,
        })
    }
}
