//! Seeded 2-D toy sets: circle, XOR, two Gaussians, spirals and moons.
//!
//! Each generator places noise-free points roughly within [-1, 1]² and then
//! adds isotropic Gaussian noise of standard deviation
//! [`DataConfig::noise`]. Sample `i` belongs to class `i % num_classes`, so
//! classes are balanced (counts differ by at most one) and interleaved.

use std::f64::consts::{PI, TAU};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

use super::{DataConfig, DataError, Dataset, DatasetKind};

/// Most samples a toy set may have; a setting read from a URL cannot ask
/// for more memory than this.
pub const MAX_TOY_SAMPLES: usize = 100_000;

/// Radius of the circle set's inner disc (class 0).
const CIRCLE_DISC_RADIUS: f64 = 0.5;
/// Inner radius of the circle set's outer ring (class 1); the ring ends at 1.
const CIRCLE_RING_INNER_RADIUS: f64 = 0.7;
/// Distance of noise-free XOR points from the axes, so that quadrants of
/// different classes do not touch before noise is added.
const XOR_AXIS_MARGIN: f64 = 0.05;
/// Blob centres sit at (−c, −c) and (c, c).
const BLOB_CENTRE: f64 = 0.5;
/// Spread of each blob before noise is added.
const BLOB_STD: f64 = 0.2;
/// The moons (spanning 3 × 1.5 units as drawn) are shrunk by this factor to
/// fit [-1, 1] × [-0.5, 0.5].
const MOONS_SCALE: f64 = 1.0 / 1.5;

/// Generates the toy set that `config.kind` names, with `config.num_samples`
/// points in 2 features. The same config and seed give identical points.
///
/// # Errors
///
/// [`DataError::Invalid`] when the configuration is out of range (see
/// [`DataConfig::validate`]) or names the digits or a CSV file.
pub fn generate_toy(config: &DataConfig, seed: u64) -> Result<Dataset, DataError> {
    config.validate()?;
    let shape = match config.kind {
        DatasetKind::Circle => Shape::Circle,
        DatasetKind::Xor => Shape::Xor,
        DatasetKind::Gaussians => Shape::Blobs,
        DatasetKind::Moons => Shape::Moons,
        DatasetKind::Spiral => Shape::Spiral {
            num_arms: config.spiral_classes,
            turns: f64::from(config.spiral_turns),
        },
        DatasetKind::Digits | DatasetKind::Csv => {
            return Err(DataError::Invalid(format!(
                "generate_toy makes only the 2-D toy sets, not {:?}; use Dataset::build.",
                config.kind
            )));
        }
    };
    let num_classes = match shape {
        Shape::Spiral { num_arms, .. } => num_arms,
        Shape::Circle | Shape::Xor | Shape::Blobs | Shape::Moons => 2,
    };

    let num_samples = config.num_samples;
    let noise_std = f64::from(config.noise);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut features = Vec::with_capacity(2 * num_samples);
    let mut labels = Vec::with_capacity(num_samples);
    for i in 0..num_samples {
        let class = i % num_classes;
        let arm = ArmPosition {
            rank: i / num_classes,
            class_size: num_samples / num_classes + usize::from(class < num_samples % num_classes),
        };
        let (x, y) = match shape {
            Shape::Circle => circle_point(class, &mut rng),
            Shape::Xor => xor_point(class, &mut rng),
            Shape::Blobs => blob_point(class, &mut rng),
            Shape::Moons => moon_point(class, arm.along(&mut rng)),
            Shape::Spiral { num_arms, turns } => {
                spiral_point(class, num_arms, turns, arm.along(&mut rng))
            }
        };
        let noise_x: f64 = rng.sample(StandardNormal);
        let noise_y: f64 = rng.sample(StandardNormal);
        features.push((x + noise_std * noise_x) as f32);
        features.push((y + noise_std * noise_y) as f32);
        labels.push(class as u32);
    }

    Ok(Dataset {
        features,
        labels,
        num_features: 2,
        num_classes,
    })
}

/// The noise-free layout of one toy kind.
#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Xor,
    Blobs,
    Moons,
    Spiral { num_arms: usize, turns: f64 },
}

/// Where a sample sits among the `class_size` samples of its class.
struct ArmPosition {
    rank: usize,
    class_size: usize,
}

impl ArmPosition {
    /// A position along a curve in [0, 1): one random draw inside the
    /// sample's own slice of the curve, so that every arm is evenly covered.
    fn along(&self, rng: &mut StdRng) -> f64 {
        let jitter: f64 = rng.random();
        (self.rank as f64 + jitter) / self.class_size as f64
    }
}

/// Class 0 uniform over a disc, class 1 uniform over the ring around it.
fn circle_point(class: usize, rng: &mut StdRng) -> (f64, f64) {
    let area_frac: f64 = rng.random();
    let angle_rad = TAU * rng.random::<f64>();
    // sqrt of a uniform area fraction makes the density uniform per area.
    let radius = if class == 0 {
        CIRCLE_DISC_RADIUS * area_frac.sqrt()
    } else {
        let inner_sq = CIRCLE_RING_INNER_RADIUS * CIRCLE_RING_INNER_RADIUS;
        (inner_sq + area_frac * (1.0 - inner_sq)).sqrt()
    };
    (radius * angle_rad.cos(), radius * angle_rad.sin())
}

/// Class 0 in the quadrants where x and y share a sign, class 1 elsewhere.
fn xor_point(class: usize, rng: &mut StdRng) -> (f64, f64) {
    let x_abs = rng.random_range(XOR_AXIS_MARGIN..1.0);
    let y_abs = rng.random_range(XOR_AXIS_MARGIN..1.0);
    let sign = if rng.random::<bool>() { 1.0 } else { -1.0 };
    let y_sign = if class == 0 { sign } else { -sign };
    (sign * x_abs, y_sign * y_abs)
}

/// Class 0 around (−c, −c), class 1 around (c, c).
fn blob_point(class: usize, rng: &mut StdRng) -> (f64, f64) {
    let centre = if class == 0 {
        -BLOB_CENTRE
    } else {
        BLOB_CENTRE
    };
    let dx: f64 = rng.sample(StandardNormal);
    let dy: f64 = rng.sample(StandardNormal);
    (centre + BLOB_STD * dx, centre + BLOB_STD * dy)
}

/// Class 0 on an upper half circle, class 1 on a lower half circle shifted
/// right and down so that each reaches into the other's hollow.
fn moon_point(class: usize, along: f64) -> (f64, f64) {
    let angle_rad = PI * along;
    let (x, y) = if class == 0 {
        (angle_rad.cos(), angle_rad.sin())
    } else {
        (1.0 - angle_rad.cos(), 0.5 - angle_rad.sin())
    };
    // Centre the pair (it spans [-1, 2] × [-0.5, 1]) on the origin.
    ((x - 0.5) * MOONS_SCALE, (y - 0.25) * MOONS_SCALE)
}

/// Arm `class` of `num_arms`: the radius grows linearly from 0 to 1 while
/// the angle makes `turns` turns; arms are rotated evenly against each
/// other, so that along any ray the classes alternate.
fn spiral_point(class: usize, num_arms: usize, turns: f64, along: f64) -> (f64, f64) {
    let angle_rad = TAU * (turns * along + class as f64 / num_arms as f64);
    (along * angle_rad.cos(), along * angle_rad.sin())
}
