//! nHSIC between a layer's representation and the input or the labels.
//!
//! The information plane of Sakamoto & Sato (TMLR 2024) places every layer
//! Z at (nHSIC(X;Z), nHSIC(Y;Z)) for a fixed evaluation set of m samples.
//! [`HsicAnalyzer`] prepares X and Y once per run and then measures any
//! number of layers; [`nhsic_pair`] measures one pair for the command line.
//!
//! # Kernels
//!
//! A representation A (m rows, d columns) gets the Gaussian kernel
//! K_ij = exp(−‖a_i − a_j‖² / (2 b²)) with b = σ√d for [`Bandwidth::Fixed`]
//! (σ = 5 in the authors' code) or b = the median pairwise distance for
//! [`Bandwidth::Median`]. Labels get the linear kernel L = Y Yᵀ of their
//! one-hot codes, i.e. L_ij = 1 when samples i and j share a class.
//!
//! # Estimators
//!
//! With H = I − 11ᵀ/m and the ridge c = εm:
//!
//! * [`Estimator::Paper`]: nHSIC(A;B) = tr(R_A R_B), R = K̃(K̃ + cI)⁻¹, K̃ = KH.
//!   It is not bounded by 1: for labels of k classes it approaches k − 1.
//! * [`Estimator::Cka`]: tr(KHLH) / √(tr(KHKH)·tr(LHLH)), in [0, 1].
//! * [`Estimator::Hsic`]: the biased HSIC tr(KHLH) / (m − 1)².
//!
//! # Where the arithmetic runs
//!
//! The layers' forward pass runs on the burn device of the given tensors;
//! their features (m·d values each, not m×m grams) come back in one
//! `into_data_async` read (the same code runs on WebGPU in the browser).
//! The rest runs on the host in f64: the pairwise distances, the kernel, its
//! centring, and for the paper estimator an m×m factorisation with faer.
//! The ridge c = εm is 2.56e-3 at m = 256, so R's smallest eigenvalues come
//! from a system whose condition number is about 10⁵; in f32 that leaves
//! barely two correct digits, in f64 eleven. Distances taken from an f32
//! gram on the device were not accurate enough either (errors above 1e-3
//! against the float64 fixtures), so they are formed from the features in
//! f64 (see `tests/hsic.rs`).

mod analyzer;
mod device;
mod estimate;
mod kernel;

pub use analyzer::{HsicAnalyzer, nhsic_pair};

use serde::{Deserialize, Serialize};

/// Which normalised dependence measure to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Estimator {
    /// Sakamoto & Sato's nHSIC: tr(R_A R_B), R = K̃(K̃ + εmI)⁻¹, K̃ = KH.
    #[default]
    Paper,
    /// Centred kernel alignment: HSIC(A,B)/√(HSIC(A,A)·HSIC(B,B)).
    Cka,
    /// Plain biased HSIC, tr(KHLH)/(m−1)².
    Hsic,
}

impl Estimator {
    /// The name written to `metrics.json` and accepted on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Estimator::Paper => "paper",
            Estimator::Cka => "cka",
            Estimator::Hsic => "hsic",
        }
    }
}

/// How the Gaussian kernel's bandwidth is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Bandwidth {
    /// σ·√d, d the feature dimension (the paper's choice).
    #[default]
    Fixed,
    /// The median pairwise distance of the evaluation samples.
    Median,
}

/// Settings of the nHSIC analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HsicConfig {
    /// Which dependence measure to report.
    pub estimator: Estimator,
    /// How the Gaussian kernels of X and of the layers are scaled.
    pub bandwidth: Bandwidth,
    /// σ of the Gaussian kernel for [`Bandwidth::Fixed`]; 5 in the paper.
    pub sigma: f64,
    /// Ridge ε of the paper estimator; 1e-5 in the authors' code.
    pub epsilon: f64,
    /// Size m of the fixed evaluation subset.
    pub eval_samples: usize,
    /// Take a snapshot every this many epochs.
    pub snapshot_every: usize,
}

impl Default for HsicConfig {
    fn default() -> Self {
        Self {
            estimator: Estimator::Paper,
            bandwidth: Bandwidth::Fixed,
            sigma: 5.0,
            epsilon: 1e-5,
            eval_samples: 256,
            snapshot_every: 10,
        }
    }
}

/// Why an nHSIC value could not be computed.
///
/// `what` names the operand: `"X"`, `"labels"`, `"layer 3"` (layers count
/// from 1, as in `metrics.csv`), or `"A"` / `"B"` for [`nhsic_pair`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HsicError {
    /// An operand's row count differs from the evaluation set's size m.
    #[error("{what} has {rows} rows but the evaluation set has {expected}")]
    RowMismatch {
        what: String,
        rows: usize,
        expected: usize,
    },
    /// An operand has no columns, so it carries no kernel.
    #[error("{what} has no columns")]
    NoColumns { what: String },
    /// Fewer than 4 evaluation samples: centring leaves too little to measure.
    #[error("at least {MIN_SAMPLES} evaluation samples are needed, got {m}")]
    TooFewSamples { m: usize },
    /// NaN or infinity in an operand, typically a diverged network.
    #[error("{what} contains NaN or infinite values (has the network diverged?)")]
    NonFinite { what: String },
    /// A setting that no kernel or ridge can use, e.g. σ ≤ 0.
    #[error("invalid HSIC setting: {0}")]
    InvalidConfig(String),
    /// Reading the grams back from the device failed.
    #[error("reading {what} back from the device failed: {reason}")]
    ReadBack { what: String, reason: String },
    /// The ridge system (K̃ + εmI) could not be factorised.
    #[error("the ridge system of {what} could not be solved: {reason}")]
    Singular { what: String, reason: String },
}

/// The smallest evaluation set the analyzer accepts.
pub const MIN_SAMPLES: usize = 4;

/// The largest evaluation set a run may ask for: the analyzer holds a few
/// m × m matrices per layer in f64 and factorises each (m³), so m = 2048
/// already takes seconds per snapshot.
pub const MAX_EVAL_SAMPLES: usize = 2048;

impl HsicConfig {
    /// Whether these settings can be measured with.
    ///
    /// # Errors
    ///
    /// A sentence naming the first setting out of range.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.sigma.is_finite() && self.sigma > 0.0) {
            return Err(format!(
                "the kernel width sigma (σ) must be a positive number, got {}",
                self.sigma
            ));
        }
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return Err(format!(
                "the ridge ε must be a positive number, got {}",
                self.epsilon
            ));
        }
        if !(MIN_SAMPLES..=MAX_EVAL_SAMPLES).contains(&self.eval_samples) {
            return Err(format!(
                "the nHSIC evaluation set must have {MIN_SAMPLES} to {MAX_EVAL_SAMPLES} samples, \
                 got {}",
                self.eval_samples
            ));
        }
        if self.snapshot_every == 0 {
            return Err("the snapshot interval must be at least 1 epoch".into());
        }
        Ok(())
    }
}
