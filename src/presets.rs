//! Named starting points. `paper-spiral` is the setting in which the paper's
//! phenomenon shows: end-to-end training separates the layers' roles and
//! beats layer-wise training on a hard spiral.

use crate::config::RunConfig;
use crate::data::{DataConfig, DatasetKind};
use crate::hsic::HsicConfig;
use crate::model::{Activation, HeadKind, ModelConfig};
use crate::train::{Mode, OptimizerKind, TrainConfig};

/// A named configuration with a sentence for the page and `--help`.
pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    pub config: fn() -> RunConfig,
}

pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "paper-spiral",
        description: "Hard 2-turn spiral, 5 tanh layers of width 6, full-batch Adam: \
                      E2E spreads the layers over the plane and wins; layer-wise bunches them.",
        config: paper_spiral,
    },
    Preset {
        name: "easy-circle",
        description: "A circle inside a ring: every mode solves it; watch the layers anyway.",
        config: easy_circle,
    },
    Preset {
        name: "moons-relu",
        description: "Two moons with a wider ReLU network and mini-batches.",
        config: moons_relu,
    },
    Preset {
        name: "digits",
        description: "8×8 handwritten digits (64 inputs, 10 classes); nHSIC(Y;Z) can reach 9.",
        config: digits,
    },
];

pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

fn paper_spiral() -> RunConfig {
    RunConfig {
        data: DataConfig {
            kind: DatasetKind::Spiral,
            num_samples: 1000,
            noise: 0.02,
            train_frac: 0.7,
            spiral_classes: 2,
            spiral_turns: 2.0,
        },
        model: ModelConfig {
            hidden_widths: vec![6; 5],
            activation: Activation::Tanh,
            head: HeadKind::Linear,
        },
        train: TrainConfig {
            mode: Mode::E2e,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            batch_size: 0,
            weight_decay: 0.0,
            momentum: 0.9,
            epochs: 3000,
            epochs_per_stage: 500,
        },
        hsic: HsicConfig {
            snapshot_every: 50,
            ..HsicConfig::default()
        },
        seed: 1,
    }
}

fn easy_circle() -> RunConfig {
    RunConfig {
        data: DataConfig {
            kind: DatasetKind::Circle,
            num_samples: 600,
            noise: 0.05,
            ..DataConfig::default()
        },
        model: ModelConfig {
            hidden_widths: vec![8, 8, 8],
            ..ModelConfig::default()
        },
        train: TrainConfig {
            epochs: 500,
            ..TrainConfig::default()
        },
        hsic: HsicConfig {
            snapshot_every: 10,
            ..HsicConfig::default()
        },
        seed: 1,
    }
}

fn moons_relu() -> RunConfig {
    RunConfig {
        data: DataConfig {
            kind: DatasetKind::Moons,
            num_samples: 800,
            noise: 0.1,
            ..DataConfig::default()
        },
        model: ModelConfig {
            hidden_widths: vec![16, 16, 16, 16],
            activation: Activation::Relu,
            head: HeadKind::Linear,
        },
        train: TrainConfig {
            epochs: 300,
            batch_size: 64,
            learning_rate: 0.005,
            ..TrainConfig::default()
        },
        hsic: HsicConfig {
            snapshot_every: 5,
            ..HsicConfig::default()
        },
        seed: 1,
    }
}

fn digits() -> RunConfig {
    RunConfig {
        data: DataConfig {
            kind: DatasetKind::Digits,
            train_frac: 0.7,
            ..DataConfig::default()
        },
        model: ModelConfig {
            hidden_widths: vec![32, 16, 16, 16],
            ..ModelConfig::default()
        },
        train: TrainConfig {
            epochs: 100,
            batch_size: 128,
            learning_rate: 0.003,
            ..TrainConfig::default()
        },
        hsic: HsicConfig {
            snapshot_every: 5,
            ..HsicConfig::default()
        },
        seed: 1,
    }
}
