//! Two-dimensional PCA of a layer's representation, for drawing it.

use faer::{Mat, Side};

use super::PlotError;

/// Projects each row of `features` onto the top two principal axes.
///
/// The rows are centred on their mean; the covariance is formed in f64 and
/// decomposed with faer's symmetric eigensolver. Each axis's sign is fixed
/// so its largest-magnitude loading is positive, so repeated calls on
/// similar data do not flip the picture. With one column the second
/// coordinate is 0. Rows containing a non-finite value are left out of the
/// mean and covariance and come back as `[NaN, NaN]` (the plots skip them).
///
/// # Shapes
/// `features`: `num_rows × num_cols`, row-major. Returns `num_rows` points.
///
/// # Errors
/// [`PlotError::Shape`] when `features.len() != num_rows * num_cols`;
/// [`PlotError::Numeric`] when the eigendecomposition fails.
pub fn pca_2d(
    features: &[f32],
    num_rows: usize,
    num_cols: usize,
) -> Result<Vec<[f32; 2]>, PlotError> {
    if num_rows.checked_mul(num_cols) != Some(features.len()) {
        return Err(PlotError::Shape(format!(
            "PCA of {num_rows} rows × {num_cols} columns needs {} values, got {}",
            num_rows.saturating_mul(num_cols),
            features.len()
        )));
    }
    if num_cols == 0 {
        return Ok(vec![[0.0, 0.0]; num_rows]);
    }

    let rows: Vec<&[f32]> = features.chunks_exact(num_cols).collect();
    let is_finite = |row: &[f32]| row.iter().all(|v| v.is_finite());
    let num_finite = rows.iter().filter(|row| is_finite(row)).count();

    let mut mean = vec![0.0f64; num_cols];
    for row in rows.iter().filter(|row| is_finite(row)) {
        for (m, &v) in mean.iter_mut().zip(row.iter()) {
            *m += f64::from(v);
        }
    }
    for m in &mut mean {
        *m /= num_finite.max(1) as f64;
    }

    // The scale of the covariance does not move its eigenvectors, so the
    // sum of outer products is enough.
    let mut scatter = Mat::<f64>::zeros(num_cols, num_cols);
    let mut centred = vec![0.0f64; num_cols];
    for row in rows.iter().filter(|row| is_finite(row)) {
        for ((c, &v), m) in centred.iter_mut().zip(row.iter()).zip(&mean) {
            *c = f64::from(v) - m;
        }
        for i in 0..num_cols {
            for j in 0..=i {
                scatter[(i, j)] += centred[i] * centred[j];
            }
        }
    }

    let eigen = scatter
        .self_adjoint_eigen(Side::Lower)
        .map_err(|err| PlotError::Numeric(format!("PCA eigendecomposition failed: {err:?}")))?;
    let vectors = eigen.U();
    // Eigenvalues come in nondecreasing order: the top axis is the last.
    let axis = |k: usize| -> Vec<f64> {
        if k >= num_cols {
            return vec![0.0; num_cols];
        }
        let column = num_cols - 1 - k;
        let mut loadings: Vec<f64> = (0..num_cols).map(|i| vectors[(i, column)]).collect();
        let largest =
            loadings.iter().copied().fold(
                0.0f64,
                |best, v| if v.abs() > best.abs() { v } else { best },
            );
        if largest < 0.0 {
            loadings.iter_mut().for_each(|v| *v = -*v);
        }
        loadings
    };
    let (first, second) = (axis(0), axis(1));

    let project = |row: &[f32], loadings: &[f64]| -> f32 {
        row.iter()
            .zip(&mean)
            .zip(loadings)
            .map(|((&v, m), l)| (f64::from(v) - m) * l)
            .sum::<f64>() as f32
    };
    Ok(rows
        .iter()
        .map(|row| {
            if is_finite(row) {
                [project(row, &first), project(row, &second)]
            } else {
                [f32::NAN, f32::NAN]
            }
        })
        .collect())
}
