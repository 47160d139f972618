//! The network: an MLP whose forward pass returns every hidden
//! representation, with one auxiliary head per hidden layer for layer-wise
//! training.
//!
//! Initial weights come from the run's seed through a host-side generator,
//! not from the backend's RNG, so the same seed gives the same network on
//! every backend and in every training mode.

use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::activation;
use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

/// Width of the hidden layer of a [`HeadKind::Mlp`] auxiliary head.
pub const MLP_HEAD_WIDTH: usize = 16;

/// Slope of leaky ReLU for negative inputs (PyTorch's default).
const LEAKY_RELU_SLOPE: f64 = 0.01;

/// Offset that separates the heads' random stream from the trunk's, so the
/// head type never changes the trunk's initial weights.
const HEAD_SEED_OFFSET: u64 = 0x5ee_d0f4_ead5;

/// The non-linearity after every hidden layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    #[default]
    Tanh,
    Relu,
    Sigmoid,
    Gelu,
    LeakyRelu,
}

impl Activation {
    pub const ALL: [Activation; 5] = [
        Activation::Tanh,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Gelu,
        Activation::LeakyRelu,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Gelu => "gelu",
            Activation::LeakyRelu => "leaky-relu",
        }
    }

    pub fn apply(self, x: Tensor<2>) -> Tensor<2> {
        match self {
            Activation::Tanh => activation::tanh(x),
            Activation::Relu => activation::relu(x),
            Activation::Sigmoid => activation::sigmoid(x),
            Activation::Gelu => activation::gelu(x),
            Activation::LeakyRelu => activation::leaky_relu(x, LEAKY_RELU_SLOPE),
        }
    }
}

/// The auxiliary classifier attached to each hidden layer in layer-wise
/// training.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum HeadKind {
    /// One linear layer to the class logits.
    #[default]
    Linear,
    /// Linear → activation → linear, with [`MLP_HEAD_WIDTH`] hidden units.
    Mlp,
}

/// Shape of the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelConfig {
    /// Width of each hidden layer, input side first.
    pub hidden_widths: Vec<usize>,
    pub activation: Activation,
    pub head: HeadKind,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            hidden_widths: vec![6; 5],
            activation: Activation::Tanh,
            head: HeadKind::Linear,
        }
    }
}

impl ModelConfig {
    /// Checks the widths; the message names the offending layer.
    pub fn validate(&self) -> Result<(), String> {
        if self.hidden_widths.is_empty() {
            return Err("the network needs at least one hidden layer".into());
        }
        if self.hidden_widths.len() > MAX_HIDDEN_LAYERS {
            return Err(format!(
                "at most {MAX_HIDDEN_LAYERS} hidden layers are supported"
            ));
        }
        for (layer, &width) in self.hidden_widths.iter().enumerate() {
            if width == 0 || width > MAX_WIDTH {
                return Err(format!(
                    "hidden layer {} has width {width}; widths must be between 1 and {MAX_WIDTH}",
                    layer + 1
                ));
            }
        }
        Ok(())
    }
}

/// Upper bounds that keep a browser tab responsive.
pub const MAX_HIDDEN_LAYERS: usize = 12;
pub const MAX_WIDTH: usize = 512;

/// An auxiliary head: one or two linear layers.
#[derive(Module, Debug)]
pub struct AuxHead {
    layers: Vec<Linear>,
    #[module(skip)]
    activation: Activation,
}

impl AuxHead {
    /// # Shapes
    /// - `features`: `[batch, width]` → logits `[batch, num_classes]`
    pub fn forward(&self, features: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len() - 1;
        let mut x = features;
        for (i, layer) in self.layers.iter().enumerate() {
            x = layer.forward(x);
            if i < last {
                x = self.activation.apply(x);
            }
        }
        x
    }
}

/// The MLP trunk, its classifier and the auxiliary heads.
#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Vec<Linear>,
    classifier: Linear,
    heads: Vec<AuxHead>,
    #[module(skip)]
    activation: Activation,
}

/// Everything one forward pass produces.
#[derive(Debug, Clone)]
pub struct ForwardOutput {
    /// Post-activation output of each hidden layer, `[batch, width_l]`.
    pub hidden: Vec<Tensor<2>>,
    /// Classifier logits, `[batch, num_classes]`.
    pub logits: Tensor<2>,
}

impl Mlp {
    /// Builds the network with weights drawn from `seed`, PyTorch-style:
    /// weights and biases uniform in ±1/√fan_in.
    pub fn new(
        config: &ModelConfig,
        num_inputs: usize,
        num_classes: usize,
        seed: u64,
        device: &Device,
    ) -> Result<Self, String> {
        config.validate()?;
        if num_inputs == 0 || num_classes < 2 {
            return Err(format!(
                "need at least one input feature and two classes, got {num_inputs} and {num_classes}"
            ));
        }

        let mut trunk_rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![num_inputs];
        widths.extend(&config.hidden_widths);
        let hidden = widths
            .windows(2)
            .map(|w| seeded_linear(w[0], w[1], &mut trunk_rng, device))
            .collect();
        let last_width = *widths.last().unwrap_or(&num_inputs);
        let classifier = seeded_linear(last_width, num_classes, &mut trunk_rng, device);

        let mut head_rng = StdRng::seed_from_u64(seed.wrapping_add(HEAD_SEED_OFFSET));
        let heads = config
            .hidden_widths
            .iter()
            .map(|&width| {
                let layers = match config.head {
                    HeadKind::Linear => {
                        vec![seeded_linear(width, num_classes, &mut head_rng, device)]
                    }
                    HeadKind::Mlp => vec![
                        seeded_linear(width, MLP_HEAD_WIDTH, &mut head_rng, device),
                        seeded_linear(MLP_HEAD_WIDTH, num_classes, &mut head_rng, device),
                    ],
                };
                AuxHead {
                    layers,
                    activation: config.activation,
                }
            })
            .collect();

        Ok(Self {
            hidden,
            classifier,
            heads,
            activation: config.activation,
        })
    }

    pub fn num_hidden(&self) -> usize {
        self.hidden.len()
    }

    /// Hidden layer `layer` (0-based).
    pub fn hidden_layer(&self, layer: usize) -> &Linear {
        &self.hidden[layer]
    }

    pub fn classifier(&self) -> &Linear {
        &self.classifier
    }

    /// End-to-end forward pass: gradients of the classifier loss reach every
    /// layer.
    ///
    /// # Shapes
    /// - `input`: `[batch, num_inputs]`
    /// - output: `hidden[l]`: `[batch, width_l]`, `logits`: `[batch, num_classes]`
    pub fn forward(&self, input: Tensor<2>) -> ForwardOutput {
        let mut hidden = Vec::with_capacity(self.hidden.len());
        let mut x = input;
        for layer in &self.hidden {
            x = self.activation.apply(layer.forward(x));
            hidden.push(x.clone());
        }
        let logits = self.classifier.forward(x);
        ForwardOutput { hidden, logits }
    }

    /// Layer-wise forward pass: every layer (and the classifier) sees a
    /// detached copy of its input, so no gradient crosses a layer boundary.
    /// The returned hidden outputs are attached to their own layer only.
    ///
    /// # Shapes
    /// As [`Mlp::forward`].
    pub fn forward_detached(&self, input: Tensor<2>) -> ForwardOutput {
        let mut hidden = Vec::with_capacity(self.hidden.len());
        let mut x = input;
        for layer in &self.hidden {
            x = self.activation.apply(layer.forward(x.detach()));
            hidden.push(x.clone());
        }
        let logits = self.classifier.forward(x.detach());
        ForwardOutput { hidden, logits }
    }

    /// Logits of hidden layer `layer`'s auxiliary head.
    ///
    /// # Shapes
    /// - `features`: `[batch, width_layer]` → `[batch, num_classes]`
    pub fn head_logits(&self, layer: usize, features: Tensor<2>) -> Tensor<2> {
        self.heads[layer].forward(features)
    }

    /// A one-element tensor that depends on the latest weights: reading it
    /// back waits for every queued step, which bounds the GPU queue.
    pub fn sync_value(&self) -> Tensor<1> {
        self.classifier.weight.val().sum()
    }

    /// Classifier logits on (already computed) last-layer features.
    pub fn classify(&self, features: Tensor<2>) -> Tensor<2> {
        self.classifier.forward(features)
    }
}

fn seeded_linear(d_input: usize, d_output: usize, rng: &mut StdRng, device: &Device) -> Linear {
    let bound = 1.0 / (d_input as f32).sqrt();
    let mut uniform =
        |n: usize| -> Vec<f32> { (0..n).map(|_| rng.random_range(-bound..=bound)).collect() };
    let weight = uniform(d_input * d_output);
    let bias = uniform(d_output);
    Linear {
        // burn's row layout: weight is [d_input, d_output].
        weight: Param::from_tensor(Tensor::from_data(
            TensorData::new(weight, [d_input, d_output]),
            device,
        )),
        bias: Some(Param::from_tensor(Tensor::from_data(
            TensorData::new(bias, [d_output]),
            device,
        ))),
    }
}
