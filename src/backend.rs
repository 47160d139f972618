//! Compute devices and the start-up check that a GPU device computes what
//! the CPU computes.
//!
//! Software WebGPU stacks have produced silently wrong numbers (see
//! shared/SPIKE.md), so before a GPU device is trusted the same tiny run is
//! made on it and on the CPU backend and the results are compared.

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use crate::config::RunConfig;
use crate::data::{DataConfig, DatasetKind};
use crate::hsic::HsicConfig;
use crate::metrics::Snapshot;
use crate::model::ModelConfig;
use crate::session::{Session, SessionError};
use crate::train::{Mode, TrainConfig};

/// Which backend the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BackendChoice {
    /// Measure both and take the faster one that passes the cross-check.
    #[default]
    Auto,
    /// burn-wgpu: WebGPU in the browser, Vulkan/Metal/DX12 natively.
    Gpu,
    /// burn's ndarray backend on the CPU.
    Cpu,
}

impl BackendChoice {
    pub fn name(self) -> &'static str {
        match self {
            BackendChoice::Auto => "auto",
            BackendChoice::Gpu => "gpu",
            BackendChoice::Cpu => "cpu",
        }
    }
}

/// The CPU backend with autodiff.
pub fn cpu_device() -> Device {
    Device::ndarray().autodiff()
}

/// The default wgpu adapter with autodiff (native only; the browser must
/// initialise WebGPU asynchronously, see the `web` module).
#[cfg(not(target_family = "wasm"))]
pub fn native_gpu_device() -> Device {
    Device::wgpu(burn::tensor::DeviceKind::DefaultDevice).autodiff()
}

/// Epochs of the cross-check run.
pub const PROBE_EPOCHS: usize = 3;

/// Largest relative difference between a GPU and the CPU cross-check result
/// that still counts as agreement (f32 kernels in a different order).
pub const CROSS_CHECK_TOLERANCE: f64 = 1e-2;

/// A tiny run: 64 spiral points, 2 layers of 8, three full-batch Adam steps.
pub fn probe_config() -> RunConfig {
    RunConfig {
        data: DataConfig {
            kind: DatasetKind::Spiral,
            num_samples: 64,
            ..DataConfig::default()
        },
        model: ModelConfig {
            hidden_widths: vec![8, 8],
            ..ModelConfig::default()
        },
        train: TrainConfig {
            epochs: PROBE_EPOCHS,
            learning_rate: 0.05,
            ..TrainConfig::default()
        },
        hsic: HsicConfig {
            eval_samples: 32,
            snapshot_every: PROBE_EPOCHS,
            ..HsicConfig::default()
        },
        seed: 7,
    }
}

/// Runs [`probe_config`] on `device` and returns its final snapshot.
pub async fn probe(device: Device) -> Result<Snapshot, SessionError> {
    let mut session = Session::new(probe_config(), None, &[Mode::E2e], device).await?;
    for _ in 0..PROBE_EPOCHS {
        session.train_epoch();
    }
    session.snapshot().await?;
    session
        .runs()
        .first()
        .and_then(|run| run.history.last().cloned())
        .ok_or_else(|| SessionError::Config("the probe run recorded nothing".into()))
}

/// Largest relative difference between two snapshots' loss, accuracies and
/// nHSIC values (relative to max(|a|, |b|, 1e-3)).
pub fn max_relative_difference(a: &Snapshot, b: &Snapshot) -> f64 {
    let mut pairs = vec![
        (a.train_loss, b.train_loss),
        (a.train_accuracy, b.train_accuracy),
        (a.test_accuracy, b.test_accuracy),
    ];
    if a.layers.len() != b.layers.len() {
        return f64::INFINITY;
    }
    for (la, lb) in a.layers.iter().zip(&b.layers) {
        pairs.push((la.nhsic_xz, lb.nhsic_xz));
        pairs.push((la.nhsic_yz, lb.nhsic_yz));
    }
    pairs
        .into_iter()
        .map(|(x, y)| {
            let diff = (x - y).abs() / x.abs().max(y.abs()).max(1e-3);
            if diff.is_nan() { f64::INFINITY } else { diff }
        })
        .fold(0.0, f64::max)
}
