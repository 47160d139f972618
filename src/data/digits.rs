//! The 8×8 handwritten digits, embedded in the binary.
//!
//! The file is scikit-learn's copy of the test part of the UCI "Optical
//! Recognition of Handwritten Digits" data (Alpaydin & Kaynak, CC BY 4.0);
//! see `data/README.md`. Each row holds 64 pixel counts in 0..=16, then the
//! digit.

use std::io::Read;

use flate2::read::GzDecoder;

use super::{DataError, Dataset, parse_csv};

/// The gzip-compressed CSV as shipped in scikit-learn (57 KB).
const DIGITS_CSV_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

/// Samples in the embedded file.
const NUM_DIGITS: usize = 1797;
/// Pixels per image, 8 × 8.
const NUM_DIGIT_PIXELS: usize = 64;

/// Decompresses and parses the embedded digits: 1797 samples of 64 raw
/// pixel counts (0..=16, not standardised) and labels 0..=9.
///
/// # Errors
///
/// [`DataError::Invalid`] if the embedded file cannot be decompressed or
/// does not have the expected shape; this would mean a broken build.
pub fn load_digits() -> Result<Dataset, DataError> {
    let mut text = String::new();
    GzDecoder::new(DIGITS_CSV_GZ)
        .read_to_string(&mut text)
        .map_err(|error| {
            DataError::Invalid(format!(
                "The embedded digits file could not be unpacked: {error}."
            ))
        })?;
    let dataset = parse_csv(&text).map_err(|error| {
        DataError::Invalid(format!(
            "The embedded digits file could not be read: {error}."
        ))
    })?;

    if dataset.len() != NUM_DIGITS
        || dataset.num_features != NUM_DIGIT_PIXELS
        || dataset.num_classes != 10
    {
        return Err(DataError::Invalid(format!(
            "The embedded digits file has {} samples of {} features in {} classes, \
             expected {NUM_DIGITS} of {NUM_DIGIT_PIXELS} in 10.",
            dataset.len(),
            dataset.num_features,
            dataset.num_classes
        )));
    }
    Ok(dataset)
}
