//! What a run records: one [`Snapshot`] every few epochs, kept in a
//! [`History`] that serialises to the `metrics.json` / `metrics.csv` schema
//! shared by the CLI and the page.

use serde::{Deserialize, Serialize};

use crate::config::RunConfig;
use crate::train::Mode;

/// nHSIC of one layer's representation Z with the input X and the labels Y.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerHsic {
    /// Dependence of the layer on the input, nHSIC(X;Z).
    pub nhsic_xz: f64,
    /// Dependence of the layer on the label, nHSIC(Y;Z).
    pub nhsic_yz: f64,
}

/// The state of one run at one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Epochs completed so far (0 = the initial network).
    pub epoch: usize,
    /// Training mode in force when the snapshot was taken.
    pub mode: Mode,
    /// Mean cross-entropy of the classifier on the training set.
    pub train_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    /// One entry per hidden layer, then one for the classifier output.
    pub layers: Vec<LayerHsic>,
    /// Training accuracy of each hidden layer's auxiliary head; empty in E2E.
    pub head_accuracy: Vec<f64>,
}

/// Every snapshot of one run, with the settings that produced it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// A label for the run, e.g. "e2e" or "layerwise".
    pub name: String,
    pub snapshots: Vec<Snapshot>,
    /// Epochs at which the user switched the training mode mid-run.
    #[serde(default)]
    pub mode_switches: Vec<usize>,
}

impl History {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            snapshots: Vec::new(),
            mode_switches: Vec::new(),
        }
    }

    pub fn last(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }
}

/// The content of `metrics.json`: the settings and one history per run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricsFile {
    /// Schema version; bump on any incompatible change.
    pub schema: u32,
    /// Name of the nHSIC estimator the values were measured with.
    pub estimator: String,
    pub config: RunConfig,
    pub runs: Vec<History>,
}

pub const METRICS_SCHEMA: u32 = 1;

impl MetricsFile {
    pub fn new(config: RunConfig, runs: Vec<History>) -> Self {
        Self {
            schema: METRICS_SCHEMA,
            estimator: config.hsic.estimator.name().to_string(),
            config,
            runs,
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain numbers, strings and vectors cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One row per (run, snapshot, layer); the per-snapshot columns repeat
    /// on each layer row so the file loads as one flat table.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header = [
            "run",
            "epoch",
            "mode",
            "train_loss",
            "train_accuracy",
            "test_accuracy",
            "layer",
            "nhsic_xz",
            "nhsic_yz",
            "head_accuracy",
        ];
        let _ = writer.write_record(header);
        for run in &self.runs {
            for snap in &run.snapshots {
                for (layer, hsic) in snap.layers.iter().enumerate() {
                    let head = snap
                        .head_accuracy
                        .get(layer)
                        .map(|a| a.to_string())
                        .unwrap_or_default();
                    let _ = writer.write_record([
                        run.name.clone(),
                        snap.epoch.to_string(),
                        snap.mode.name().to_string(),
                        snap.train_loss.to_string(),
                        snap.train_accuracy.to_string(),
                        snap.test_accuracy.to_string(),
                        (layer + 1).to_string(),
                        hsic.nhsic_xz.to_string(),
                        hsic.nhsic_yz.to_string(),
                        head,
                    ]);
                }
            }
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}
