//! Ids of the elements in `index.html` that the Rust side reads or writes.
//! The page test drives the same ids.

pub const STATUS: &str = "status";
pub const BACKEND_STATUS: &str = "backend-status";
pub const MESSAGE: &str = "message";
pub const EPOCH: &str = "epoch";
pub const STAGE: &str = "stage";
pub const ACCURACY: &str = "accuracy";

pub const PRESET: &str = "preset";
pub const APPLY_PRESET: &str = "apply-preset";
pub const DATASET: &str = "dataset";
pub const CSV_FILE: &str = "csv-file";
pub const NOISE: &str = "noise";
pub const SAMPLES: &str = "samples";
pub const TRAIN_FRAC: &str = "train-frac";
pub const SEED: &str = "seed";
pub const SPIRAL_CLASSES: &str = "spiral-classes";
pub const SPIRAL_TURNS: &str = "spiral-turns";
pub const REGENERATE: &str = "regenerate";

pub const HIDDEN: &str = "hidden";
pub const ADD_LAYER: &str = "add-layer";
pub const REMOVE_LAYER: &str = "remove-layer";
pub const ACTIVATION: &str = "activation";

pub const MODE: &str = "mode";
pub const HEAD: &str = "head";
pub const EPOCHS_PER_STAGE: &str = "epochs-per-stage";
pub const COMPARE: &str = "compare";
pub const OPTIMIZER: &str = "optimizer";
pub const LEARNING_RATE: &str = "learning-rate";
pub const BATCH_SIZE: &str = "batch-size";

pub const ESTIMATOR: &str = "estimator";
pub const BANDWIDTH: &str = "bandwidth";
pub const SIGMA: &str = "sigma";
pub const EVAL_SAMPLES: &str = "eval-samples";
pub const SNAPSHOT_EVERY: &str = "snapshot-every";

pub const PLAY: &str = "play";
pub const STEP: &str = "step";
pub const RESET: &str = "reset";
pub const SPEED: &str = "speed";
pub const BACKEND: &str = "backend";
pub const LARGE_TEXT: &str = "large-text";

pub const EXPORT_JSON: &str = "export-json";
pub const EXPORT_CSV: &str = "export-csv";

pub const CANVAS_INFO_PLANE: &str = "canvas-info-plane";
pub const CANVAS_PROFILE: &str = "canvas-profile";
pub const CANVAS_CURVES: &str = "canvas-curves";
pub const CANVAS_BOUNDARY: &str = "canvas-boundary";
pub const CANVAS_REPRESENTATIONS: &str = "canvas-representations";
pub const ESTIMATOR_NOTE: &str = "estimator-note";

/// Canvas id and the file name its PNG export gets.
pub const CANVASES: [(&str, &str); 5] = [
    (CANVAS_INFO_PLANE, "info_plane.png"),
    (CANVAS_PROFILE, "layer_profile.png"),
    (CANVAS_CURVES, "curves.png"),
    (CANVAS_BOUNDARY, "decision_boundary.png"),
    (CANVAS_REPRESENTATIONS, "representations.png"),
];
