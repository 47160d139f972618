//! The device half of the analysis: the operands' features, read back to
//! the host in one batch.
//!
//! Only the features travel (m·d values per operand, not an m×m gram):
//! the kernels are then built in f64 on the host. A gram taken on the
//! device in f32 is not accurate enough for the paper estimator, whose
//! ridge εm makes it sensitive to the kernel's smallest eigenvalues: the
//! f32 round-off of G_ii + G_jj − 2G_ij moved nHSIC by more than 1e-3
//! relative against the float64 fixtures.

use burn::tensor::Tensor;

use super::HsicError;

/// The features of several operands with the same row count m, read back
/// in one transfer, each as row-major `m * d_i` values.
///
/// `what` names the batch in a read-back error.
///
/// # Shapes
///
/// - `operands`: each `[m, d_i]`, all on one device
/// - output: one block of `m * d_i` values per operand, in order
pub(crate) async fn read_features(
    operands: Vec<Tensor<2>>,
    what: &str,
) -> Result<Vec<Vec<f32>>, HsicError> {
    let Some(first) = operands.first() else {
        return Ok(Vec::new());
    };
    let m = first.dims()[0];
    let widths: Vec<usize> = operands.iter().map(|t| t.dims()[1]).collect();
    let total: usize = widths.iter().sum();

    let read_back_error = |reason: String| HsicError::ReadBack {
        what: what.to_string(),
        reason,
    };
    let data = Tensor::cat(operands, 1)
        .into_data_async()
        .await
        .map_err(|e| read_back_error(format!("{e:?}")))?;
    let values = data
        .convert::<f32>()
        .into_vec::<f32>()
        .map_err(|e| read_back_error(format!("{e:?}")))?;
    if values.len() != m * total {
        return Err(read_back_error(format!(
            "expected {} values, got {}",
            m * total,
            values.len()
        )));
    }

    // Split the concatenated rows [Z_1 | Z_2 | …] back into the operands.
    let mut blocks: Vec<Vec<f32>> = widths.iter().map(|&d| Vec::with_capacity(m * d)).collect();
    for row in values.chunks_exact(total.max(1)) {
        let mut offset = 0;
        for (block, &width) in blocks.iter_mut().zip(&widths) {
            block.extend_from_slice(&row[offset..offset + width]);
            offset += width;
        }
    }
    Ok(blocks)
}
