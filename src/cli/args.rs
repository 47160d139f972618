//! Command-line flags. Every flag of `run` is optional: unset flags keep the
//! value of the preset (or of the defaults), so `--preset paper-spiral
//! --epochs 500` changes only the length.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use infoplane::backend::BackendChoice;
use infoplane::data::DatasetKind;
use infoplane::hsic::{Bandwidth, Estimator};
use infoplane::model::{Activation, HeadKind};
use infoplane::train::{Mode, OptimizerKind};

#[derive(Parser, Debug)]
#[command(
    name = "infoplane",
    version,
    about = "Train small MLPs end-to-end or layer-wise and measure every layer on the \
             HSIC information plane (Sakamoto & Sato, TMLR 2024).",
    after_help = "Examples:\n  infoplane run --preset paper-spiral --mode both --out out/\n  \
                  infoplane hsic features.csv labels.csv --labels"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train one network (or E2E and layer-wise side by side) and write
    /// metrics.json, metrics.csv, info_plane.svg and curves.svg.
    Run(Box<RunArgs>),
    /// Print nHSIC between two matrices stored as CSV (rows = samples).
    Hsic(HsicArgs),
    /// List the presets.
    Presets,
}

/// `--mode`: a training mode, or both E2E and layer-wise from one init.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Cross-entropy on the output, back-propagated through every layer.
    E2e,
    /// A local head and loss per layer, all layers updated every step.
    Layerwise,
    /// Greedy: train layer 1, freeze it, then layer 2, …, then the classifier.
    LayerwiseSeq,
    /// E2E and layer-wise side by side from the same initial weights.
    Both,
}

impl ModeArg {
    pub fn modes(self) -> Vec<Mode> {
        match self {
            ModeArg::E2e => vec![Mode::E2e],
            ModeArg::Layerwise => vec![Mode::Layerwise],
            ModeArg::LayerwiseSeq => vec![Mode::LayerwiseSeq],
            ModeArg::Both => vec![Mode::E2e, Mode::Layerwise],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DatasetArg {
    /// Inner disc against an outer ring (2 classes).
    Circle,
    /// Four quadrants, opposite ones share a class (2 classes).
    Xor,
    /// Two Gaussian blobs (2 classes).
    Gaussians,
    /// Interleaved spiral arms (--spiral-classes arms, --spiral-turns turns).
    Spiral,
    /// Two interleaving half circles (2 classes).
    Moons,
    /// The 8×8 handwritten digits: 1,797 samples, 64 features, 10 classes.
    Digits,
}

impl From<DatasetArg> for DatasetKind {
    fn from(arg: DatasetArg) -> Self {
        match arg {
            DatasetArg::Circle => DatasetKind::Circle,
            DatasetArg::Xor => DatasetKind::Xor,
            DatasetArg::Gaussians => DatasetKind::Gaussians,
            DatasetArg::Spiral => DatasetKind::Spiral,
            DatasetArg::Moons => DatasetKind::Moons,
            DatasetArg::Digits => DatasetKind::Digits,
        }
    }
}

#[derive(Args, Debug, Default)]
// `--lr -1` is a bad value to explain, not an unknown flag.
#[command(allow_negative_numbers = true)]
pub struct RunArgs {
    /// Start from a named preset (see `infoplane presets`); other flags override it.
    #[arg(long)]
    pub preset: Option<String>,

    /// Toy data set to generate.
    #[arg(long, value_enum, conflicts_with = "csv")]
    pub dataset: Option<DatasetArg>,
    /// Train on a CSV file instead: numeric feature columns, integer label in the last column,
    /// optional header row.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Total number of samples of a toy data set (train + test).
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Standard deviation of the Gaussian noise added to toy points (points lie within about ±1).
    #[arg(long)]
    pub noise: Option<f32>,
    /// Fraction of samples used for training, in (0, 1); the rest is the test set.
    #[arg(long, value_name = "FRAC")]
    pub train_frac: Option<f32>,
    /// Number of spiral arms (= classes).
    #[arg(long, value_name = "K")]
    pub spiral_classes: Option<usize>,
    /// Number of turns of each spiral arm.
    #[arg(long, value_name = "TURNS")]
    pub spiral_turns: Option<f32>,

    /// Hidden layer widths, input side first, comma-separated (e.g. 6,6,6,6,6).
    #[arg(long, value_delimiter = ',', value_name = "W1,W2,...")]
    pub hidden: Option<Vec<usize>>,
    /// Non-linearity after every hidden layer.
    #[arg(long, value_enum)]
    pub activation: Option<ActivationArg>,
    /// Auxiliary head of each layer in layer-wise modes: one linear layer, or a small MLP.
    #[arg(long, value_enum)]
    pub head: Option<HeadArg>,

    /// Training mode.
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// Number of epochs (passes over the training set).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// In layerwise-seq mode, epochs spent on each layer before it is frozen.
    #[arg(long, value_name = "N")]
    pub epochs_per_stage: Option<usize>,
    /// Optimiser.
    #[arg(long, value_enum)]
    pub optimizer: Option<OptimizerArg>,
    /// Learning rate.
    #[arg(long, value_name = "RATE")]
    pub lr: Option<f64>,
    /// Momentum of SGD (ignored by Adam).
    #[arg(long)]
    pub momentum: Option<f64>,
    /// L2 weight decay.
    #[arg(long)]
    pub weight_decay: Option<f64>,
    /// Samples per step; 0 = full batch.
    #[arg(long, value_name = "N")]
    pub batch_size: Option<usize>,
    /// Seed of the data, split, initial weights and batch order.
    #[arg(long)]
    pub seed: Option<u64>,

    /// Record a snapshot (losses, accuracies, nHSIC per layer) every N epochs.
    #[arg(long, value_name = "N")]
    pub snapshot_every: Option<usize>,
    /// Size m of the fixed nHSIC evaluation subset (drawn from the training set).
    #[arg(long, value_name = "M")]
    pub hsic_samples: Option<usize>,
    /// nHSIC estimator: the paper's tr(R_A R_B), CKA, or biased HSIC.
    #[arg(long, value_enum)]
    pub estimator: Option<EstimatorArg>,
    /// Gaussian kernel bandwidth rule: fixed σ·√d, or the median pairwise distance.
    #[arg(long, value_enum)]
    pub bandwidth: Option<BandwidthArg>,
    /// σ of the fixed bandwidth rule (the paper uses 5).
    #[arg(long)]
    pub sigma: Option<f64>,

    /// Compute backend: cpu (burn ndarray) or gpu (burn wgpu).
    #[arg(long, value_enum, default_value = "cpu")]
    pub backend: BackendArg,
    /// Directory for metrics.json, metrics.csv, info_plane.svg and curves.svg (created if needed).
    #[arg(long, value_name = "DIR", default_value = "infoplane-out")]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct HsicArgs {
    /// CSV of the first matrix A (rows = samples, numeric columns, optional header).
    pub a: PathBuf,
    /// CSV of the second matrix B, with the same number of rows as A.
    pub b: PathBuf,
    /// Treat B as class labels (one integer column): linear kernel on one-hot codes.
    #[arg(long)]
    pub labels: bool,
    /// Estimator.
    #[arg(long, value_enum, default_value = "paper")]
    pub estimator: EstimatorArg,
    /// Gaussian kernel bandwidth rule.
    #[arg(long, value_enum, default_value = "fixed")]
    pub bandwidth: BandwidthArg,
    /// σ of the fixed bandwidth rule.
    #[arg(long, default_value_t = 5.0)]
    pub sigma: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ActivationArg {
    Tanh,
    Relu,
    Sigmoid,
    Gelu,
    LeakyRelu,
}

impl From<ActivationArg> for Activation {
    fn from(arg: ActivationArg) -> Self {
        match arg {
            ActivationArg::Tanh => Activation::Tanh,
            ActivationArg::Relu => Activation::Relu,
            ActivationArg::Sigmoid => Activation::Sigmoid,
            ActivationArg::Gelu => Activation::Gelu,
            ActivationArg::LeakyRelu => Activation::LeakyRelu,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HeadArg {
    Linear,
    Mlp,
}

impl From<HeadArg> for HeadKind {
    fn from(arg: HeadArg) -> Self {
        match arg {
            HeadArg::Linear => HeadKind::Linear,
            HeadArg::Mlp => HeadKind::Mlp,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OptimizerArg {
    Adam,
    /// SGD with momentum (--momentum).
    Sgd,
}

impl From<OptimizerArg> for OptimizerKind {
    fn from(arg: OptimizerArg) -> Self {
        match arg {
            OptimizerArg::Adam => OptimizerKind::Adam,
            OptimizerArg::Sgd => OptimizerKind::Sgd,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EstimatorArg {
    /// Sakamoto & Sato: tr(R_A R_B), R = K̃(K̃+εmI)⁻¹; up to classes−1 for labels.
    Paper,
    /// Centred kernel alignment, in [0, 1].
    Cka,
    /// Biased HSIC tr(KHLH)/(m−1)².
    Hsic,
}

impl From<EstimatorArg> for Estimator {
    fn from(arg: EstimatorArg) -> Self {
        match arg {
            EstimatorArg::Paper => Estimator::Paper,
            EstimatorArg::Cka => Estimator::Cka,
            EstimatorArg::Hsic => Estimator::Hsic,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BandwidthArg {
    /// σ·√d, d the feature dimension.
    Fixed,
    /// Median pairwise distance.
    Median,
}

impl From<BandwidthArg> for Bandwidth {
    fn from(arg: BandwidthArg) -> Self {
        match arg {
            BandwidthArg::Fixed => Bandwidth::Fixed,
            BandwidthArg::Median => Bandwidth::Median,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum BackendArg {
    /// burn's ndarray backend.
    #[default]
    Cpu,
    /// burn-wgpu on the default adapter (Vulkan, Metal or DX12).
    Gpu,
}

impl From<BackendArg> for BackendChoice {
    fn from(arg: BackendArg) -> Self {
        match arg {
            BackendArg::Cpu => BackendChoice::Cpu,
            BackendArg::Gpu => BackendChoice::Gpu,
        }
    }
}
