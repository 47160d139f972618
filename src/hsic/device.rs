//! The device half of the analysis: centred linear grams, computed where
//! the tensors live and read back to the host in one batch.

use burn::tensor::Tensor;

use super::HsicError;

/// The linear gram G = Z̄ Z̄ᵀ of the column-centred features Z̄ = Z − mean.
///
/// Centring first keeps the entries, and so the f32 round-off of the
/// squared distances G_ii + G_jj − 2G_ij later taken from them, near the
/// scale of the spread of the points rather than of their offset.
///
/// # Shapes
///
/// - `z`: `[m, d]`
/// - output: `[m, m]`
pub(crate) fn centred_gram(z: Tensor<2>) -> Tensor<2> {
    let centred = z.clone() - z.mean_dim(0);
    centred.clone().matmul(centred.transpose())
}

/// The centred grams of several operands with the same row count m, read
/// back in one transfer, as one `m * m` block per operand (row-major).
///
/// `what` names the batch in a read-back error.
///
/// # Shapes
///
/// - `operands`: each `[m, d_i]`, all on one device
/// - output: `operands.len()` blocks of `m * m` values
pub(crate) async fn read_centred_grams(
    operands: Vec<Tensor<2>>,
    what: &str,
) -> Result<Vec<Vec<f32>>, HsicError> {
    let Some(first) = operands.first() else {
        return Ok(Vec::new());
    };
    let m = first.dims()[0];
    let count = operands.len();

    let grams: Vec<Tensor<2>> = operands.into_iter().map(centred_gram).collect();
    let stacked: Tensor<3> = Tensor::stack(grams, 0);
    let read_back_error = |reason: String| HsicError::ReadBack {
        what: what.to_string(),
        reason,
    };
    let data = stacked
        .into_data_async()
        .await
        .map_err(|e| read_back_error(format!("{e:?}")))?;
    let values = data
        .convert::<f32>()
        .into_vec::<f32>()
        .map_err(|e| read_back_error(format!("{e:?}")))?;

    if values.len() != count * m * m {
        return Err(read_back_error(format!(
            "expected {} values, got {}",
            count * m * m,
            values.len()
        )));
    }
    Ok(values.chunks_exact(m * m).map(<[f32]>::to_vec).collect())
}
