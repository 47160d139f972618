//! The complete, serialisable description of a run: every setting and the
//! seed. The CLI reads it from flags, the page from the URL hash, and
//! `metrics.json` stores it, so one value reproduces one run.

use serde::{Deserialize, Serialize};

use crate::data::DataConfig;
use crate::hsic::HsicConfig;
use crate::model::ModelConfig;
use crate::train::TrainConfig;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RunConfig {
    pub data: DataConfig,
    pub model: ModelConfig,
    pub train: TrainConfig,
    pub hsic: HsicConfig,
    /// Seeds the data, the split, the initial weights and the batches.
    pub seed: u64,
}

impl RunConfig {
    /// Checks every part; the error is a sentence naming the first setting
    /// out of range. (Whether the data has enough samples for the split and
    /// the evaluation set is known only once it is built.)
    pub fn validate(&self) -> Result<(), String> {
        self.data.validate().map_err(|e| e.to_string())?;
        self.model.validate()?;
        self.train.validate()?;
        self.hsic.validate()
    }
}
