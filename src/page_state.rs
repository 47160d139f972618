//! Everything the page lets a user set, as one serialisable value that the
//! URL hash mirrors: opening a shared link reproduces the run exactly.
//!
//! Kept out of the `web` module so the encoding is tested natively.

use serde::{Deserialize, Serialize};

use crate::backend::BackendChoice;
use crate::config::RunConfig;
use crate::presets;

/// Prefix of the hash that holds the state: `#state=<JSON, URI-encoded>`.
pub const HASH_KEY: &str = "state=";

/// Largest epochs-per-frame setting of the speed slider.
pub const MAX_SPEED: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageState {
    pub config: RunConfig,
    /// Train E2E and a layer-wise variant side by side.
    pub compare: bool,
    pub backend: BackendChoice,
    /// Epochs per animation frame, 1..=MAX_SPEED.
    pub speed: usize,
    pub large_text: bool,
}

impl Default for PageState {
    fn default() -> Self {
        let config = presets::find("paper-spiral")
            .map(|p| (p.config)())
            .unwrap_or_default();
        Self {
            config,
            compare: false,
            backend: BackendChoice::Auto,
            speed: 5,
            large_text: false,
        }
    }
}

impl PageState {
    /// The JSON the hash carries (before URI encoding).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the JSON part of a hash; `Err` says what was wrong, for the
    /// page to show while it falls back to the defaults.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let mut state: PageState = serde_json::from_str(json)
            .map_err(|e| format!("the link's settings could not be read ({e})"))?;
        state.speed = state.speed.clamp(1, MAX_SPEED);
        state
            .config
            .validate()
            .map_err(|e| format!("the link's settings are invalid: {e}"))?;
        Ok(state)
    }
}
