//! The host half of the kernels: from a gram read back in f32 to a
//! double-centred kernel HKH in f64.

use faer::Mat;

use super::{Bandwidth, HsicError};

/// Squared distances below this fraction of G_ii + G_jj are round-off of
/// the f32 gram, not distance, and count as 0. This keeps rows that are
/// identical (a dead ReLU layer) exactly coincident, which the median
/// bandwidth relies on.
const ROUNDOFF_FLOOR: f64 = 8.0 * f32::EPSILON as f64;

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

/// The double-centred Gaussian kernel of a representation with `num_columns`
/// columns, from the linear gram `gram` (m×m, row-major) of its centred
/// features.
///
/// Fixed bandwidth: K_ij = exp(−D_ij / (2σ²d)); median bandwidth:
/// K_ij = exp(−D_ij / (2s²)) with s the median of √D_ij over pairs i < j,
/// and, when s = 0 (more than half of the pairs coincide), its limit
/// K_ij = [D_ij = 0].
pub(crate) fn gaussian_centred(
    gram: &[f32],
    m: usize,
    num_columns: usize,
    bandwidth: Bandwidth,
    sigma: f64,
) -> Mat<f64> {
    let dist2 = squared_distances(gram, m);

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

/// The double-centred linear kernel K = G from a gram read back from the
/// device (symmetrised, as the device's f32 matmul need not be exactly).
pub(crate) fn linear_centred(gram: &[f32], m: usize) -> Mat<f64> {
    let k: Vec<f64> = (0..m * m)
        .map(|index| {
            let (i, j) = (index / m, index % m);
            0.5 * (f64::from(gram[i * m + j]) + f64::from(gram[j * m + i]))
        })
        .collect();
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

/// D_ij = G_ii + G_jj − 2G_ij in f64, symmetric, zero on the diagonal and
/// wherever it is below the round-off of the gram.
fn squared_distances(gram: &[f32], m: usize) -> Vec<f64> {
    let g = |i: usize, j: usize| f64::from(gram[i * m + j]);
    let mut dist2 = vec![0.0; m * m];
    for i in 0..m {
        for j in i + 1..m {
            let norms = g(i, i) + g(j, j);
            let d2 = norms - g(i, j) - g(j, i);
            let d2 = if d2 <= ROUNDOFF_FLOOR * norms {
                0.0
            } else {
                d2
            };
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
