//! The three training modes and the optimiser loop that applies them.
//!
//! - [`Mode::E2e`]: cross-entropy on the classifier, back-propagated through
//!   every layer.
//! - [`Mode::Layerwise`]: each hidden layer has its own head and loss on a
//!   detached input; the classifier learns on the detached last layer; all
//!   layers step together.
//! - [`Mode::LayerwiseSeq`]: greedy: layer 1 with its head for a number of
//!   epochs, then it is frozen and layer 2 trains, …, then the classifier.

use burn::optim::{
    AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig, decay::WeightDecayConfig,
    momentum::MomentumConfig,
};
use burn::tensor::loss::cross_entropy_with_logits;
use burn::tensor::{Int, Tensor};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::model::Mlp;

/// How gradients reach the layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    E2e,
    Layerwise,
    LayerwiseSeq,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::E2e, Mode::Layerwise, Mode::LayerwiseSeq];

    pub fn name(self) -> &'static str {
        match self {
            Mode::E2e => "e2e",
            Mode::Layerwise => "layerwise",
            Mode::LayerwiseSeq => "layerwise-seq",
        }
    }

    pub fn is_layerwise(self) -> bool {
        self != Mode::E2e
    }
}

/// The optimiser family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum OptimizerKind {
    #[default]
    Adam,
    /// Stochastic gradient descent with (heavy-ball) momentum.
    Sgd,
}

impl OptimizerKind {
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Adam => "adam",
            OptimizerKind::Sgd => "sgd",
        }
    }
}

/// Optimisation settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    pub mode: Mode,
    pub optimizer: OptimizerKind,
    pub learning_rate: f64,
    /// Samples per step; 0 means full batch.
    pub batch_size: usize,
    /// L2 penalty added to the gradient; 0 disables it.
    pub weight_decay: f64,
    /// Momentum of [`OptimizerKind::Sgd`]; ignored by Adam.
    pub momentum: f64,
    /// Epochs a run lasts (the CLI stops there; the page keeps going).
    pub epochs: usize,
    /// In [`Mode::LayerwiseSeq`], epochs spent on each layer before it is
    /// frozen and the next one trains.
    pub epochs_per_stage: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            mode: Mode::E2e,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            batch_size: 0,
            weight_decay: 0.0,
            momentum: 0.9,
            epochs: 1000,
            epochs_per_stage: 200,
        }
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(format!(
                "learning rate must be a positive number, got {}",
                self.learning_rate
            ));
        }
        if !(self.weight_decay.is_finite() && self.weight_decay >= 0.0) {
            return Err(format!(
                "weight decay must be ≥ 0, got {}",
                self.weight_decay
            ));
        }
        if !(self.momentum.is_finite() && (0.0..1.0).contains(&self.momentum)) {
            return Err(format!("momentum must be in [0, 1), got {}", self.momentum));
        }
        if self.epochs_per_stage == 0 {
            return Err("epochs per stage must be at least 1".into());
        }
        Ok(())
    }

    fn optimizer(&self) -> ModuleOptimizer {
        let decay =
            (self.weight_decay > 0.0).then(|| WeightDecayConfig::new(self.weight_decay as f32));
        match self.optimizer {
            OptimizerKind::Adam => AdamConfig::new().with_weight_decay(decay).init(),
            OptimizerKind::Sgd => SgdConfig::new()
                .with_weight_decay(decay)
                .with_momentum(
                    (self.momentum > 0.0)
                        .then(|| MomentumConfig::new().with_momentum(self.momentum)),
                )
                .init(),
        }
    }
}

/// The part of the network a [`Mode::LayerwiseSeq`] run is training.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Hidden layer `l` (0-based) with its head; layers before it are frozen.
    Layer(usize),
    /// The classifier on the frozen trunk.
    Classifier,
}

/// Training data on the device, kept for the whole run.
#[derive(Clone, Debug)]
pub struct DeviceData {
    /// `[n, num_inputs]`
    pub inputs: Tensor<2>,
    /// `[n, num_classes]`, one-hot.
    pub targets: Tensor<2>,
    pub len: usize,
}

/// Owns the network and the optimiser of one run and steps them.
pub struct Trainer {
    model: Option<Mlp>,
    optimizer: ModuleOptimizer,
    config: TrainConfig,
    batch_rng: StdRng,
    epoch: usize,
    /// Epoch at which the current mode began (sequential stages count from it).
    mode_start_epoch: usize,
}

impl Trainer {
    pub fn new(model: Mlp, config: TrainConfig, seed: u64) -> Self {
        Self {
            optimizer: config.optimizer(),
            model: Some(model),
            batch_rng: StdRng::seed_from_u64(seed ^ BATCH_SEED_OFFSET),
            config,
            epoch: 0,
            mode_start_epoch: 0,
        }
    }

    pub fn model(&self) -> &Mlp {
        // The model is only taken out for the duration of an optimiser step.
        self.model.as_ref().expect("model present between steps")
    }

    pub fn epoch(&self) -> usize {
        self.epoch
    }

    pub fn mode(&self) -> Mode {
        self.config.mode
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Continues from the current weights in another mode; sequential
    /// training starts again at layer 1.
    pub fn set_mode(&mut self, mode: Mode) {
        if mode != self.config.mode {
            self.config.mode = mode;
            self.mode_start_epoch = self.epoch;
        }
    }

    /// Changes the learning rate; the optimiser state is kept.
    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        self.config.learning_rate = learning_rate;
    }

    /// Which part a sequential run trains during the current epoch.
    pub fn stage(&self) -> Stage {
        self.stage_of(self.model())
    }

    /// One pass over the training data in mini-batches (one step when the
    /// batch size is 0 or covers the data). Reads nothing back from the
    /// device.
    pub fn train_epoch(&mut self, data: &DeviceData) {
        let batch_size = match self.config.batch_size {
            0 => data.len,
            b => b.min(data.len),
        };
        if batch_size >= data.len {
            self.step(data.inputs.clone(), data.targets.clone());
        } else {
            let mut order: Vec<i64> = (0..data.len as i64).collect();
            order.shuffle(&mut self.batch_rng);
            let device = data.inputs.device();
            for chunk in order.chunks(batch_size) {
                let index = Tensor::<1, Int>::from_data(chunk, &device);
                let inputs = data.inputs.clone().select(0, index.clone());
                let targets = data.targets.clone().select(0, index);
                self.step(inputs, targets);
            }
        }
        self.epoch += 1;
    }

    fn step(&mut self, inputs: Tensor<2>, targets: Tensor<2>) {
        let model = self.model.take().expect("model present between steps");
        let loss = training_loss(
            &model,
            self.config.mode,
            self.stage_of(&model),
            inputs,
            targets,
        );
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.optimizer.step(self.config.learning_rate, model, grads));
    }

    fn stage_of(&self, model: &Mlp) -> Stage {
        let done = (self.epoch - self.mode_start_epoch) / self.config.epochs_per_stage;
        if done < model.num_hidden() {
            Stage::Layer(done)
        } else {
            Stage::Classifier
        }
    }
}

const BATCH_SEED_OFFSET: u64 = 0x0ba7_c4e5;

/// The scalar loss whose gradient one optimiser step follows.
///
/// # Shapes
/// - `inputs`: `[batch, num_inputs]`, `targets`: `[batch, num_classes]` one-hot
pub fn training_loss(
    model: &Mlp,
    mode: Mode,
    stage: Stage,
    inputs: Tensor<2>,
    targets: Tensor<2>,
) -> Tensor<1> {
    match mode {
        Mode::E2e => cross_entropy_with_logits(model.forward(inputs).logits, targets),
        Mode::Layerwise => {
            let out = model.forward_detached(inputs);
            let mut total = cross_entropy_with_logits(out.logits, targets.clone());
            for (layer, features) in out.hidden.into_iter().enumerate() {
                let head = model.head_logits(layer, features);
                total = total + cross_entropy_with_logits(head, targets.clone());
            }
            total
        }
        Mode::LayerwiseSeq => {
            let out = model.forward_detached(inputs);
            match stage {
                Stage::Layer(layer) => {
                    let features = out.hidden[layer].clone();
                    cross_entropy_with_logits(model.head_logits(layer, features), targets)
                }
                Stage::Classifier => cross_entropy_with_logits(out.logits, targets),
            }
        }
    }
}

/// The loss of one hidden layer's head alone, with the layer's input
/// detached: the quantity whose gradient must not reach earlier layers.
pub fn layer_loss(model: &Mlp, layer: usize, inputs: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    let out = model.forward_detached(inputs);
    cross_entropy_with_logits(model.head_logits(layer, out.hidden[layer].clone()), targets)
}
