//! The host half of the kernels: from features read back in f32 to a
//! double-centred kernel HKH in f64.

use faer::Mat;

use super::{Bandwidth, HsicError};

/// Fails with [`HsicError::NonFinite`] if any value is NaN or infinite.
pub(crate) fn check_finite(values: &[f32], what: &str) -> Result<(), HsicError> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(HsicError::NonFinite {
            what: what.to_string(),
        })
    }
}

/// The double-centred Gaussian kernel of the representation `features`
/// (m rows of `num_columns` values, row-major).
///
/// Fixed bandwidth: K_ij = exp(−D_ij / (2σ²d)); median bandwidth:
/// K_ij = exp(−D_ij / (2s²)) with s the median of √D_ij over pairs i < j,
/// and, when s = 0 (more than half of the pairs coincide), its limit
/// K_ij = [D_ij = 0].
pub(crate) fn gaussian_centred(
    features: &[f32],
    m: usize,
    num_columns: usize,
    bandwidth: Bandwidth,
    sigma: f64,
) -> Mat<f64> {
    let dist2 = squared_distances(features, m, num_columns);

    let two_b2 = match bandwidth {
        Bandwidth::Fixed => 2.0 * sigma * sigma * num_columns as f64,
        Bandwidth::Median => {
            let s = median_distance(&dist2, m);
            2.0 * s * s
        }
    };
    let kernel = |d2: f64| {
        if two_b2 > 0.0 {
            (-d2 / two_b2).exp()
        } else if d2 == 0.0 {
            1.0
        } else {
            0.0
        }
    };

    let mut k = vec![0.0; m * m];
    for i in 0..m {
        k[i * m + i] = 1.0;
        for j in i + 1..m {
            let value = kernel(dist2[i * m + j]);
            k[i * m + j] = value;
            k[j * m + i] = value;
        }
    }
    double_centre(&k, m)
}

/// The double-centred linear kernel K = Z Zᵀ of `features` (m rows of
/// `num_columns` values, row-major), in f64.
pub(crate) fn linear_centred(features: &[f32], m: usize, num_columns: usize) -> Mat<f64> {
    let row = |i: usize| &features[i * num_columns..(i + 1) * num_columns];
    let mut k = vec![0.0; m * m];
    for i in 0..m {
        for j in i..m {
            let dot: f64 = row(i)
                .iter()
                .zip(row(j))
                .map(|(&a, &b)| f64::from(a) * f64::from(b))
                .sum();
            k[i * m + j] = dot;
            k[j * m + i] = dot;
        }
    }
    double_centre(&k, m)
}

/// The double-centred linear kernel of one-hot labels, L_ij = [y_i = y_j].
pub(crate) fn labels_centred(labels: &[u32]) -> Mat<f64> {
    let m = labels.len();
    let k: Vec<f64> = (0..m * m)
        .map(|index| f64::from(u8::from(labels[index / m] == labels[index % m])))
        .collect();
    double_centre(&k, m)
}

/// D_ij = ‖z_i − z_j‖² in f64, symmetric and zero on the diagonal;
/// identical rows (a dead ReLU layer) give exactly 0, which the median
/// bandwidth relies on.
fn squared_distances(features: &[f32], m: usize, num_columns: usize) -> Vec<f64> {
    let row = |i: usize| &features[i * num_columns..(i + 1) * num_columns];
    let mut dist2 = vec![0.0; m * m];
    for i in 0..m {
        for j in i + 1..m {
            let d2: f64 = row(i)
                .iter()
                .zip(row(j))
                .map(|(&a, &b)| {
                    let diff = f64::from(a) - f64::from(b);
                    diff * diff
                })
                .sum();
            dist2[i * m + j] = d2;
            dist2[j * m + i] = d2;
        }
    }
    dist2
}

/// The median of √D_ij over the m(m−1)/2 pairs i < j (for an even count,
/// the mean of the two middle values, as numpy's `median`).
fn median_distance(dist2: &[f64], m: usize) -> f64 {
    let mut distances: Vec<f64> = (0..m)
        .flat_map(|i| (i + 1..m).map(move |j| dist2[i * m + j].sqrt()))
        .collect();
    let count = distances.len();
    if count == 0 {
        return 0.0;
    }

    let (lower, upper_middle, _) = distances.select_nth_unstable_by(count / 2, f64::total_cmp);
    let upper_middle = *upper_middle;
    if count % 2 == 1 {
        return upper_middle;
    }
    let lower_middle = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    0.5 * (lower_middle + upper_middle)
}

/// HKH for a symmetric K given row-major: K_ij − r_i − r_j + r̄, with r the
/// row means and r̄ their mean.
fn double_centre(k: &[f64], m: usize) -> Mat<f64> {
    let row_means: Vec<f64> = k
        .chunks_exact(m)
        .map(|row| row.iter().sum::<f64>() / m as f64)
        .collect();
    let grand_mean = row_means.iter().sum::<f64>() / m as f64;
    Mat::from_fn(m, m, |i, j| {
        k[i * m + j] - row_means[i] - row_means[j] + grand_mean
    })
}
