//! Datasets: seeded 2-D toy sets, the 8×8 digits, and CSV files, plus the
//! train/test split and standardisation from training statistics.

mod csv_file;
mod digits;
mod matrix;
mod toy;

pub use csv_file::{MAX_CSV_ROWS, parse_csv};
pub use digits::load_digits;
pub use matrix::{Matrix, parse_matrix};
pub use toy::{MAX_TOY_SAMPLES, generate_toy};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// A labelled data set, features stored row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// `len() * num_features` values, one row per sample.
    pub features: Vec<f32>,
    /// One class index per sample, each `< num_classes`.
    pub labels: Vec<u32>,
    /// Values per row (2 for the toy sets, 64 for the digits).
    pub num_features: usize,
    /// Number of classes; labels run over `0..num_classes`.
    pub num_classes: usize,
}

/// Which data set to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// A disc (class 0) inside a ring (class 1).
    Circle,
    /// Four quadrants; diagonal quadrants share a class.
    Xor,
    /// Two Gaussian blobs on the diagonal.
    Gaussians,
    /// `spiral_classes` interleaved arms of `spiral_turns` turns each.
    Spiral,
    /// Two interleaving half circles.
    Moons,
    /// The 8×8 handwritten digits (1797 samples, 10 classes).
    Digits,
    /// Rows supplied by the user; generation is replaced by [`parse_csv`].
    Csv,
}

/// Parameters of the data set; fields that a kind does not use are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataConfig {
    /// Which data set to build.
    pub kind: DatasetKind,
    /// Total samples of a toy set (train + test).
    pub num_samples: usize,
    /// Standard deviation of the Gaussian noise added to toy points, in the
    /// toy set's own units (its points lie roughly within [-1, 1]).
    pub noise: f32,
    /// Fraction of samples used for training, in (0, 1).
    pub train_frac: f32,
    /// Number of spiral arms (= classes).
    pub spiral_classes: usize,
    /// Number of turns each spiral arm makes.
    pub spiral_turns: f32,
}

impl Default for DataConfig {
    fn default() -> Self {
        Self {
            kind: DatasetKind::Spiral,
            num_samples: 600,
            noise: 0.05,
            train_frac: 0.7,
            spiral_classes: 2,
            spiral_turns: 2.0,
        }
    }
}

/// Why a data set could not be built or read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DataError {
    /// A setting is out of range, or a kind was asked of the wrong builder;
    /// the text is a sentence meant for the user.
    #[error("{0}")]
    Invalid(String),
    /// A CSV text could not be used.
    #[error("CSV line {line}: {reason}")]
    Csv {
        /// 1-based line of the text, as an editor numbers it.
        line: usize,
        /// What is wrong on that line.
        reason: String,
    },
}

/// Train and test parts of one data set, standardised with the training
/// part's statistics.
#[derive(Clone, Debug)]
pub struct Split {
    /// Standardised training samples, in shuffled order.
    pub train: Dataset,
    /// Test samples, standardised with the training statistics.
    pub test: Dataset,
    /// The statistics fitted on the raw training samples.
    pub standardizer: Standardizer,
}

/// Per-feature mean and standard deviation of the training part.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    /// Mean of each feature over the raw training rows.
    pub mean: Vec<f32>,
    /// Population standard deviation of each feature; 1 for a constant
    /// feature, so that standardising never divides by zero.
    pub std: Vec<f32>,
}

/// Offset mixed into the split's seed, so that the split does not replay
/// the random stream that generated a toy set from the same run seed.
const SPLIT_STREAM: u64 = 0x5eed_5b11_7000_0001;

impl DataConfig {
    /// Whether this configuration can be built.
    ///
    /// Checks `train_frac` for every kind; the sample count and noise for
    /// the toy kinds; the arm count and turns for the spiral.
    ///
    /// # Errors
    ///
    /// [`DataError::Invalid`] naming the first field out of range.
    pub fn validate(&self) -> Result<(), DataError> {
        check_train_frac(self.train_frac)?;
        let num_classes = match self.kind {
            DatasetKind::Digits | DatasetKind::Csv => return Ok(()),
            DatasetKind::Spiral => {
                if self.spiral_classes < 2 {
                    return invalid(format!(
                        "A spiral needs at least 2 arms, but spiral_classes is {}.",
                        self.spiral_classes
                    ));
                }
                if !(self.spiral_turns.is_finite() && self.spiral_turns > 0.0) {
                    return invalid(format!(
                        "Spiral arms need a positive, finite number of turns, \
                         but spiral_turns is {}.",
                        self.spiral_turns
                    ));
                }
                self.spiral_classes
            }
            DatasetKind::Circle
            | DatasetKind::Xor
            | DatasetKind::Gaussians
            | DatasetKind::Moons => 2,
        };
        if self.num_samples == 0 {
            return invalid("A toy data set needs at least one sample, but num_samples is 0.");
        }
        if self.num_samples < num_classes {
            return invalid(format!(
                "num_samples is {} but the data set has {num_classes} classes; \
                 each class needs at least one sample.",
                self.num_samples
            ));
        }
        if self.num_samples > MAX_TOY_SAMPLES {
            return invalid(format!(
                "num_samples is {}, more than the limit of {MAX_TOY_SAMPLES}.",
                self.num_samples
            ));
        }
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return invalid(format!(
                "noise is a standard deviation and must be finite and not negative, \
                 but it is {}.",
                self.noise
            ));
        }
        Ok(())
    }
}

impl Dataset {
    /// Builds the data set that `config.kind` names: a seeded toy set or
    /// the digits. CSV data is read with [`parse_csv`] instead.
    ///
    /// # Errors
    ///
    /// [`DataError::Invalid`] when the configuration is out of range or
    /// names [`DatasetKind::Csv`].
    pub fn build(config: &DataConfig, seed: u64) -> Result<Dataset, DataError> {
        config.validate()?;
        let dataset = match config.kind {
            DatasetKind::Digits => load_digits()?,
            DatasetKind::Csv => {
                return invalid("CSV data is not generated; load the file's text with parse_csv.");
            }
            DatasetKind::Circle
            | DatasetKind::Xor
            | DatasetKind::Gaussians
            | DatasetKind::Spiral
            | DatasetKind::Moons => generate_toy(config, seed)?,
        };
        log::info!(
            "data set {:?}: {} samples, {} features, {} classes",
            config.kind,
            dataset.len(),
            dataset.num_features,
            dataset.num_classes
        );
        Ok(dataset)
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The features of sample `i`.
    ///
    /// # Panics
    ///
    /// When `i >= self.len()`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.features[i * self.num_features..(i + 1) * self.num_features]
    }

    /// How many samples each class has, indexed by class.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.num_classes];
        for &label in &self.labels {
            if let Some(count) = counts.get_mut(label as usize) {
                *count += 1;
            }
        }
        counts
    }

    /// The samples at `indices`, in that order (repeats allowed). The class
    /// count is kept, so labels mean the same in every subset.
    ///
    /// # Panics
    ///
    /// When an index is `>= self.len()`.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut features = Vec::with_capacity(indices.len() * self.num_features);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            features.extend_from_slice(self.row(i));
            labels.push(self.labels[i]);
        }
        Dataset {
            features,
            labels,
            num_features: self.num_features,
            num_classes: self.num_classes,
        }
    }
}

impl Split {
    /// Splits `dataset` into shuffled train and test parts, class by class,
    /// and standardises both with statistics of the training part only.
    ///
    /// Each class of `n` samples puts `round(train_frac · n)` of them in
    /// the training part, but at least one on each side when `n ≥ 2`. The
    /// same seed gives the same split.
    ///
    /// # Errors
    ///
    /// [`DataError::Invalid`] when `train_frac` is not in (0, 1) or when
    /// the training or the test part would be empty.
    pub fn new(dataset: &Dataset, train_frac: f32, seed: u64) -> Result<Split, DataError> {
        check_train_frac(train_frac)?;
        let mut rng = StdRng::seed_from_u64(seed.wrapping_add(SPLIT_STREAM));

        let mut by_class = vec![Vec::new(); dataset.num_classes];
        for (i, &label) in dataset.labels.iter().enumerate() {
            match by_class.get_mut(label as usize) {
                Some(members) => members.push(i),
                None => {
                    return invalid(format!(
                        "Sample {i} has label {label}, but the data set has only {} classes.",
                        dataset.num_classes
                    ));
                }
            }
        }

        let mut train_indices = Vec::new();
        let mut test_indices = Vec::new();
        for mut members in by_class {
            members.shuffle(&mut rng);
            let num_train = class_train_count(members.len(), train_frac);
            train_indices.extend_from_slice(&members[..num_train]);
            test_indices.extend_from_slice(&members[num_train..]);
        }
        if train_indices.is_empty() || test_indices.is_empty() {
            let empty_part = if train_indices.is_empty() {
                "training"
            } else {
                "test"
            };
            return invalid(format!(
                "train_frac {train_frac} leaves the {empty_part} part empty for a data set \
                 of {} samples.",
                dataset.len()
            ));
        }
        train_indices.shuffle(&mut rng);
        test_indices.shuffle(&mut rng);

        let mut train = dataset.subset(&train_indices);
        let mut test = dataset.subset(&test_indices);
        let standardizer = Standardizer::fit(&train);
        standardizer.apply(&mut train);
        standardizer.apply(&mut test);
        Ok(Split {
            train,
            test,
            standardizer,
        })
    }
}

impl Standardizer {
    /// Per-feature mean and population standard deviation of `dataset`.
    /// A constant feature, or a data set without rows, gets standard
    /// deviation 1.
    pub fn fit(dataset: &Dataset) -> Standardizer {
        let num_rows = dataset.len();
        let mut mean = Vec::with_capacity(dataset.num_features);
        let mut std = Vec::with_capacity(dataset.num_features);
        for feature in 0..dataset.num_features {
            let column = || (0..num_rows).map(|i| f64::from(dataset.row(i)[feature]));
            let column_mean = if num_rows == 0 {
                0.0
            } else {
                column().sum::<f64>() / num_rows as f64
            };
            let first = column().next();
            let is_constant = column().all(|value| Some(value) == first);
            let column_std = if is_constant {
                1.0
            } else {
                let variance =
                    column().map(|v| (v - column_mean).powi(2)).sum::<f64>() / num_rows as f64;
                variance.sqrt()
            };
            mean.push(column_mean as f32);
            // A spread too small for f32 would divide by zero like a constant.
            std.push(if (column_std as f32).is_normal() {
                column_std as f32
            } else {
                1.0
            });
        }
        Standardizer { mean, std }
    }

    /// Replaces every row `x` of `dataset` by `(x − mean) / std`.
    ///
    /// # Panics
    ///
    /// When `dataset` has a different number of features than were fitted.
    pub fn apply(&self, dataset: &mut Dataset) {
        assert_eq!(
            dataset.num_features,
            self.mean.len(),
            "standardizer fitted on {} features applied to {}",
            self.mean.len(),
            dataset.num_features
        );
        if dataset.num_features == 0 {
            return;
        }
        for row in dataset.features.chunks_exact_mut(dataset.num_features) {
            self.apply_row(row);
        }
    }

    /// Standardises one raw row in place, e.g. a grid point of a decision
    /// boundary plot given in the data set's own coordinates.
    ///
    /// # Panics
    ///
    /// When `row` has a different length than the fitted feature count.
    pub fn apply_row(&self, row: &mut [f32]) {
        assert_eq!(
            row.len(),
            self.mean.len(),
            "row length differs from fitted features"
        );
        for ((value, mean), std) in row.iter_mut().zip(&self.mean).zip(&self.std) {
            *value = (*value - mean) / std;
        }
    }
}

/// Training samples taken from a class of `class_size`: the rounded share,
/// kept off both ends when the class can give one sample to each side.
fn class_train_count(class_size: usize, train_frac: f32) -> usize {
    let share = (f64::from(train_frac) * class_size as f64).round() as usize;
    if class_size >= 2 {
        share.clamp(1, class_size - 1)
    } else {
        share.min(class_size)
    }
}

fn check_train_frac(train_frac: f32) -> Result<(), DataError> {
    if train_frac > 0.0 && train_frac < 1.0 {
        Ok(())
    } else {
        invalid(format!(
            "train_frac is the fraction of samples used for training and must lie \
             strictly between 0 and 1, but it is {train_frac}."
        ))
    }
}

fn invalid<T>(sentence: impl Into<String>) -> Result<T, DataError> {
    Err(DataError::Invalid(sentence.into()))
}
