//! One [`Session`] owns everything a run needs: the data on the device, one
//! or two networks with their optimisers (two for Compare / `--mode both`,
//! started from the same weights), the nHSIC analyzer and the histories.
//! The CLI and the page both drive it; they differ only in how they pace it.

use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::config::RunConfig;
use crate::data::{DataError, Dataset, Split};
use crate::hsic::{HsicAnalyzer, HsicError};
use crate::metrics::{History, LayerHsic, MetricsFile, Snapshot};
use crate::model::Mlp;
use crate::train::{DeviceData, Mode, Trainer};

/// Why a session could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("data: {0}")]
    Data(#[from] DataError),
    #[error("settings: {0}")]
    Config(String),
    #[error("nHSIC: {0}")]
    Hsic(#[from] HsicError),
    #[error("reading results back from the device failed: {0}")]
    ReadBack(String),
    #[error(
        "run '{run}' diverged at epoch {epoch}: the loss is {loss:.3e}. Lower the learning rate and start again."
    )]
    Diverged {
        run: String,
        epoch: usize,
        loss: f64,
    },
}

/// One network being trained, and what it recorded.
pub struct Run {
    pub trainer: Trainer,
    pub history: History,
}

/// Labelled inputs on the device for evaluation.
#[derive(Clone, Debug)]
struct EvalData {
    /// `[n, num_inputs]`
    inputs: Tensor<2>,
    /// `[n, 1]` class indices.
    labels: Tensor<2, Int>,
    len: usize,
}

pub struct Session {
    config: RunConfig,
    device: Device,
    split: Split,
    train: DeviceData,
    train_eval: EvalData,
    test_eval: EvalData,
    /// The fixed nHSIC evaluation subset (rows of the training set).
    hsic_inputs: Tensor<2>,
    hsic_labels: Vec<u32>,
    analyzer: HsicAnalyzer,
    runs: Vec<Run>,
}

impl Session {
    /// Builds the data (or takes `dataset`, e.g. a parsed CSV), splits and
    /// standardises it, and creates one run per entry of `modes`, all from
    /// the same initial weights. `device` should have autodiff enabled.
    pub async fn new(
        config: RunConfig,
        dataset: Option<Dataset>,
        modes: &[Mode],
        device: Device,
    ) -> Result<Self, SessionError> {
        config.model.validate().map_err(SessionError::Config)?;
        config.train.validate().map_err(SessionError::Config)?;
        if modes.is_empty() {
            return Err(SessionError::Config(
                "at least one training mode is needed".into(),
            ));
        }
        if config.hsic.snapshot_every == 0 {
            return Err(SessionError::Config(
                "the snapshot interval must be at least 1 epoch".into(),
            ));
        }
        if config.hsic.eval_samples < 4 {
            return Err(SessionError::Config(
                "the nHSIC evaluation set needs at least 4 samples".into(),
            ));
        }

        let dataset = match dataset {
            Some(dataset) => dataset,
            None => Dataset::build(&config.data, config.seed)?,
        };
        let split = Split::new(&dataset, config.data.train_frac, config.seed)?;
        let train = device_data(&split.train, &device);
        let train_eval = eval_data(&split.train, &device);
        let test_eval = eval_data(&split.test, &device);

        let mut order: Vec<usize> = (0..split.train.len()).collect();
        order.shuffle(&mut StdRng::seed_from_u64(
            config.seed ^ HSIC_SUBSET_SEED_OFFSET,
        ));
        order.truncate(config.hsic.eval_samples.min(split.train.len()));
        let hsic_set = split.train.subset(&order);
        let hsic_inputs = features_tensor(&hsic_set, &device);
        let hsic_labels = hsic_set.labels.clone();
        let analyzer = HsicAnalyzer::new(hsic_inputs.clone(), &hsic_labels, &config.hsic).await?;

        let mut runs = Vec::with_capacity(modes.len());
        for &mode in modes {
            let model = Mlp::new(
                &config.model,
                split.train.num_features,
                split.train.num_classes,
                config.seed,
                &device,
            )
            .map_err(SessionError::Config)?;
            let mut train_config = config.train.clone();
            train_config.mode = mode;
            runs.push(Run {
                trainer: Trainer::new(model, train_config, config.seed),
                history: History::new(mode.name()),
            });
        }
        log::info!(
            "session: {} train / {} test samples, {} features, {} classes, {} run(s)",
            split.train.len(),
            split.test.len(),
            split.train.num_features,
            split.train.num_classes,
            runs.len()
        );

        Ok(Self {
            config,
            device,
            split,
            train,
            train_eval,
            test_eval,
            hsic_inputs,
            hsic_labels,
            analyzer,
            runs,
        })
    }

    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    pub fn split(&self) -> &Split {
        &self.split
    }

    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    pub fn histories(&self) -> Vec<&History> {
        self.runs.iter().map(|r| &r.history).collect()
    }

    /// Epochs completed (all runs advance together).
    pub fn epoch(&self) -> usize {
        self.runs.first().map_or(0, |r| r.trainer.epoch())
    }

    /// Labels of the fixed nHSIC evaluation subset.
    pub fn hsic_labels(&self) -> &[u32] {
        &self.hsic_labels
    }

    /// Whether the epoch just completed is due for a snapshot.
    pub fn snapshot_due(&self) -> bool {
        let epoch = self.epoch();
        epoch.is_multiple_of(self.config.hsic.snapshot_every)
    }

    /// One epoch of every run. Reads nothing back.
    pub fn train_epoch(&mut self) {
        for run in &mut self.runs {
            run.trainer.train_epoch(&self.train);
        }
    }

    /// Switches run `run`'s mode, continuing from its current weights, and
    /// marks the switch in its history.
    pub fn set_mode(&mut self, run: usize, mode: Mode) {
        if let Some(run) = self.runs.get_mut(run)
            && run.trainer.mode() != mode
        {
            run.trainer.set_mode(mode);
            run.history.mode_switches.push(run.trainer.epoch());
            run.history.name = mode.name().to_string();
        }
    }

    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        self.config.train.learning_rate = learning_rate;
        for run in &mut self.runs {
            run.trainer.set_learning_rate(learning_rate);
        }
    }

    /// Measures every run (loss, accuracies, per-layer nHSIC) and appends a
    /// snapshot to its history. A loss that is not finite or above
    /// [`DIVERGED_LOSS`] is reported as [`SessionError::Diverged`] and
    /// nothing is appended.
    pub async fn snapshot(&mut self) -> Result<(), SessionError> {
        for index in 0..self.runs.len() {
            let snapshot = self.measure(index).await?;
            self.runs[index].history.snapshots.push(snapshot);
        }
        Ok(())
    }

    async fn measure(&self, index: usize) -> Result<Snapshot, SessionError> {
        let run = &self.runs[index];
        let model = run.trainer.model();
        let mode = run.trainer.mode();

        // All scalar metrics travel back in one read.
        let train_out = model.forward(self.train_eval.inputs.clone());
        let targets = self.train.targets.clone();
        let mut scalars = vec![
            burn::tensor::loss::cross_entropy_with_logits(train_out.logits.clone(), targets),
            accuracy(train_out.logits.clone(), &self.train_eval),
            accuracy(
                model.forward(self.test_eval.inputs.clone()).logits,
                &self.test_eval,
            ),
        ];
        if mode.is_layerwise() {
            for (layer, features) in train_out.hidden.into_iter().enumerate() {
                scalars.push(accuracy(
                    model.head_logits(layer, features),
                    &self.train_eval,
                ));
            }
        }
        let values = read_f32(Tensor::cat(scalars, 0)).await?;
        let (train_loss, train_accuracy, test_accuracy) =
            (values[0] as f64, values[1] as f64, values[2] as f64);
        let head_accuracy = values[3..].iter().map(|&v| v as f64).collect();
        if !(train_loss.is_finite() && train_loss < DIVERGED_LOSS) {
            return Err(SessionError::Diverged {
                run: run.history.name.clone(),
                epoch: run.trainer.epoch(),
                loss: train_loss,
            });
        }

        let layers = self.measure_layers(model).await?;
        Ok(Snapshot {
            epoch: run.trainer.epoch(),
            mode,
            train_loss,
            train_accuracy,
            test_accuracy,
            layers,
            head_accuracy,
        })
    }

    async fn measure_layers(&self, model: &Mlp) -> Result<Vec<LayerHsic>, SessionError> {
        let out = model.forward(self.hsic_inputs.clone());
        let mut representations = out.hidden;
        representations.push(out.logits);
        Ok(self.analyzer.measure(&representations).await?)
    }

    /// Waits until the device has finished every queued training step.
    pub async fn flush(&self) -> Result<(), SessionError> {
        let values: Vec<Tensor<1>> = self
            .runs
            .iter()
            .map(|r| r.trainer.model().sync_value())
            .collect();
        if !values.is_empty() {
            read_f32(Tensor::cat(values, 0)).await?;
        }
        Ok(())
    }

    /// Each hidden layer's representation of the nHSIC evaluation subset,
    /// as `(row-major values, width)`.
    pub async fn representations(
        &self,
        run: usize,
    ) -> Result<Vec<(Vec<f32>, usize)>, SessionError> {
        let Some(run) = self.runs.get(run) else {
            return Ok(Vec::new());
        };
        let out = run.trainer.model().forward(self.hsic_inputs.clone());
        let widths: Vec<usize> = out.hidden.iter().map(|h| h.dims()[1]).collect();
        let flat = read_f32(Tensor::cat(out.hidden, 1)).await?;
        let total: usize = widths.iter().sum();
        let rows = flat.len() / total.max(1);
        let mut offset = 0;
        let mut layers = Vec::with_capacity(widths.len());
        for width in widths {
            let mut values = Vec::with_capacity(rows * width);
            for row in 0..rows {
                let start = row * total + offset;
                values.extend_from_slice(&flat[start..start + width]);
            }
            layers.push((values, width));
            offset += width;
        }
        Ok(layers)
    }

    /// Class probabilities of run `run` on a `resolution`² grid spanning
    /// `x_range` × `y_range` (standardised units), row 0 at the top (max y).
    /// Only meaningful for 2-D inputs; returns `None` otherwise.
    pub async fn class_probabilities(
        &self,
        run: usize,
        resolution: usize,
        x_range: (f32, f32),
        y_range: (f32, f32),
    ) -> Result<Option<Vec<f32>>, SessionError> {
        let Some(run) = self.runs.get(run) else {
            return Ok(None);
        };
        if self.split.train.num_features != 2 || resolution < 2 {
            return Ok(None);
        }
        let step = |lo: f32, hi: f32, i: usize| lo + (hi - lo) * i as f32 / (resolution - 1) as f32;
        let mut grid = Vec::with_capacity(resolution * resolution * 2);
        for row in 0..resolution {
            let y = step(y_range.1, y_range.0, row);
            for col in 0..resolution {
                grid.push(step(x_range.0, x_range.1, col));
                grid.push(y);
            }
        }
        let inputs = Tensor::<2>::from_data(
            TensorData::new(grid, [resolution * resolution, 2]),
            &self.device,
        );
        let logits = run.trainer.model().forward(inputs).logits;
        let probs = burn::tensor::activation::softmax(logits, 1);
        Ok(Some(read_f32(probs).await?))
    }

    /// The metrics of every run in the shared `metrics.json` schema.
    pub fn metrics_file(&self) -> MetricsFile {
        MetricsFile::new(
            self.config.clone(),
            self.runs.iter().map(|r| r.history.clone()).collect(),
        )
    }
}

const HSIC_SUBSET_SEED_OFFSET: u64 = 0x45_1c;

/// A mean cross-entropy above this counts as divergence even while it is
/// still finite. Guessing costs ln k (2.3 for 10 classes), and a sane but
/// over-confident network stays within tens; a learning rate like 1e30
/// gives weights, logits and so losses near 1e30 that f32 still holds
/// without overflowing (saturated tanh layers stop the gradient reaching
/// infinity).
pub const DIVERGED_LOSS: f64 = 1e6;

/// Fraction of rows whose arg-max logit is the label, as a `[1]` tensor.
fn accuracy(logits: Tensor<2>, data: &EvalData) -> Tensor<1> {
    let predicted = logits.argmax(1);
    predicted
        .equal(data.labels.clone())
        .float()
        .sum()
        .div_scalar(data.len as f32)
}

fn features_tensor(dataset: &Dataset, device: &Device) -> Tensor<2> {
    Tensor::from_data(
        TensorData::new(
            dataset.features.clone(),
            [dataset.len(), dataset.num_features],
        ),
        device,
    )
}

fn device_data(dataset: &Dataset, device: &Device) -> DeviceData {
    let mut one_hot = vec![0.0f32; dataset.len() * dataset.num_classes];
    for (row, &label) in dataset.labels.iter().enumerate() {
        one_hot[row * dataset.num_classes + label as usize] = 1.0;
    }
    DeviceData {
        inputs: features_tensor(dataset, device),
        targets: Tensor::from_data(
            TensorData::new(one_hot, [dataset.len(), dataset.num_classes]),
            device,
        ),
        len: dataset.len(),
    }
}

fn eval_data(dataset: &Dataset, device: &Device) -> EvalData {
    let labels: Vec<i64> = dataset.labels.iter().map(|&l| l as i64).collect();
    EvalData {
        inputs: features_tensor(dataset, device),
        labels: Tensor::from_data(TensorData::new(labels, [dataset.len(), 1]), device),
        len: dataset.len(),
    }
}

/// Reads a tensor back as `f32` values; the only read-back path, async so
/// that it also works on WebGPU in the browser.
pub async fn read_f32<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, SessionError> {
    let data = tensor
        .into_data_async()
        .await
        .map_err(|e| SessionError::ReadBack(format!("{e:?}")))?;
    data.to_vec::<f32>()
        .map_err(|e| SessionError::ReadBack(format!("{e:?}")))
}
