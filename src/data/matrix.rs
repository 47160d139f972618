//! Plain numeric matrices from CSV (rows = samples), for `infoplane hsic`.

use super::DataError;

/// A dense row-major matrix of `f32`.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub values: Vec<f32>,
    pub num_rows: usize,
    pub num_cols: usize,
}

/// Parses a CSV of numbers; a first row that is not all numbers is taken as
/// a header. Errors name the 1-based line and the reason.
pub fn parse_matrix(text: &str) -> Result<Matrix, DataError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut values = Vec::new();
    let mut num_cols = None;
    let mut num_rows = 0;
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|e| DataError::Csv {
            line,
            reason: e.to_string(),
        })?;
        if record.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        let parsed: Result<Vec<f32>, usize> = record
            .iter()
            .enumerate()
            .map(|(col, cell)| cell.parse::<f32>().map_err(|_| col))
            .collect();
        let row = match parsed {
            Ok(row) => row,
            Err(_) if index == 0 => continue, // header
            Err(col) => {
                return Err(DataError::Csv {
                    line,
                    reason: format!("column {}: '{}' is not a number", col + 1, &record[col]),
                });
            }
        };
        if let Some(col) = row.iter().position(|v| !v.is_finite()) {
            return Err(DataError::Csv {
                line,
                reason: format!("column {}: value is not finite", col + 1),
            });
        }
        match num_cols {
            None => num_cols = Some(row.len()),
            Some(expected) if expected != row.len() => {
                return Err(DataError::Csv {
                    line,
                    reason: format!("expected {expected} columns, found {}", row.len()),
                });
            }
            Some(_) => {}
        }
        if num_rows >= super::MAX_CSV_ROWS {
            return Err(DataError::Csv {
                line,
                reason: format!("more than {} rows", super::MAX_CSV_ROWS),
            });
        }
        values.extend(row);
        num_rows += 1;
    }
    let num_cols = num_cols.ok_or(DataError::Csv {
        line: 1,
        reason: "the file has no numeric rows".into(),
    })?;
    Ok(Matrix {
        values,
        num_rows,
        num_cols,
    })
}
