//! `infoplane hsic A.csv B.csv`: nHSIC between two matrices a researcher
//! extracted from their own model.

use std::path::Path;

use burn::tensor::{Tensor, TensorData};

use infoplane::data::{self, Matrix};
use infoplane::hsic::{self, HsicConfig};

use super::CliError;
use super::args::HsicArgs;

pub fn run(args: HsicArgs) -> Result<(), CliError> {
    let a = read_matrix(&args.a)?;
    let b = read_matrix(&args.b)?;
    if a.num_rows != b.num_rows {
        return Err(CliError::Usage(format!(
            "{} has {} rows but {} has {}; rows must be the same samples",
            args.a.display(),
            a.num_rows,
            args.b.display(),
            b.num_rows
        )));
    }
    if a.num_rows > MAX_ROWS {
        return Err(CliError::Usage(format!(
            "{} has {} rows; nHSIC costs m³, so `hsic` takes at most {MAX_ROWS}: \
             measure a random subset of the rows",
            args.a.display(),
            a.num_rows
        )));
    }
    if args.labels && b.num_cols != 1 {
        return Err(CliError::Usage(format!(
            "--labels expects one label column in {}, found {}",
            args.b.display(),
            b.num_cols
        )));
    }
    let config = HsicConfig {
        estimator: args.estimator.into(),
        bandwidth: args.bandwidth.into(),
        sigma: args.sigma,
        ..HsicConfig::default()
    };
    config.validate().map_err(CliError::Usage)?;
    let device = infoplane::backend::cpu_device();
    let b = if args.labels {
        one_hot(&integer_labels(&b.values, &args.b)?)
    } else {
        b
    };
    let value = pollster::block_on(hsic::nhsic_pair(
        to_tensor(&a, &device),
        to_tensor(&b, &device),
        args.labels,
        &config,
    ))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    // Rounded first, so that a value within rounding of zero prints as
    // 0.000000, not -0.000000 (adding +0.0 turns -0.0 into +0.0).
    let shown = (value * 1e6).round() / 1e6 + 0.0;
    println!("{shown:.6}");
    Ok(())
}

/// The most rows `hsic` compares (4096 took about 25 s on 2 cores).
const MAX_ROWS: usize = 4096;

fn read_matrix(path: &Path) -> Result<Matrix, CliError> {
    let text = super::read_input(path)?;
    data::parse_matrix(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

/// Largest class index `--labels` accepts (bounds the one-hot matrix).
const MAX_LABEL: u32 = 1000;

fn integer_labels(values: &[f32], path: &Path) -> Result<Vec<u32>, CliError> {
    values
        .iter()
        .enumerate()
        .map(|(row, &v)| {
            if v >= 0.0 && v.fract() == 0.0 && v <= MAX_LABEL as f32 {
                Ok(v as u32)
            } else {
                Err(CliError::Usage(format!(
                    "{}: row {}: label {v} is not an integer between 0 and {MAX_LABEL}",
                    path.display(),
                    row + 1
                )))
            }
        })
        .collect()
}

/// One row per label with a 1 in the label's column.
fn one_hot(labels: &[u32]) -> Matrix {
    let num_cols = labels.iter().max().map_or(1, |&max| max as usize + 1);
    let mut values = vec![0.0; labels.len() * num_cols];
    for (row, &label) in labels.iter().enumerate() {
        values[row * num_cols + label as usize] = 1.0;
    }
    Matrix {
        values,
        num_rows: labels.len(),
        num_cols,
    }
}

fn to_tensor(matrix: &Matrix, device: &burn::tensor::Device) -> Tensor<2> {
    Tensor::from_data(
        TensorData::new(matrix.values.clone(), [matrix.num_rows, matrix.num_cols]),
        device,
    )
}
