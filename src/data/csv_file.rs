//! Data sets read from CSV text: numeric feature columns, then one integer
//! label column, with an optional header row.

use csv::{ReaderBuilder, StringRecord, Trim};

use super::{DataError, Dataset};

/// Most data rows a CSV text may have; larger files are rejected before
/// they fill the page's memory.
pub const MAX_CSV_ROWS: usize = 100_000;

/// Reads a labelled data set from CSV text.
///
/// Every column but the last is a feature and must hold finite numbers; the
/// last holds labels, non-negative integers (`3` and `3.0` both count).
/// Labels are renumbered `0..k` in sorted order, so class `j` is the
/// `j`-th smallest label found. The first row is taken as a header when
/// any of its cells is not a number. Cells are trimmed of surrounding
/// whitespace, blank lines are skipped, and a leading byte-order mark is
/// ignored. The separator is a comma.
///
/// # Errors
///
/// [`DataError::Csv`] with the 1-based line of the first problem: an empty
/// file or one with only a header, fewer than 2 columns, a row whose
/// column count differs from the first row's, a cell that is not a finite
/// number, a label that is not a non-negative integer, a single class, or
/// more than [`MAX_CSV_ROWS`] data rows.
pub fn parse_csv(text: &str) -> Result<Dataset, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(Trim::All)
        .from_reader(text.as_bytes());

    let mut layout: Option<Layout> = None;
    let mut features = Vec::new();
    let mut raw_labels: Vec<u32> = Vec::new();
    let mut first_data_line = None;
    let lines = LineIndex::new(text);
    let mut line = 1;
    for result in reader.records() {
        let record = result.map_err(|error| read_error(&error, &lines, line))?;
        line = record
            .position()
            .map_or(line, |position| lines.line_at(position.byte()));
        if is_blank(&record) {
            continue;
        }

        if layout.is_none() {
            let first = Layout::from_first_row(&record, line)?;
            let is_header = first.header.is_some();
            layout = Some(first);
            if is_header {
                continue;
            }
        }
        let Some(layout) = &layout else { continue };
        if raw_labels.len() == MAX_CSV_ROWS {
            return Err(csv_error(
                line,
                format!("the file has more than {MAX_CSV_ROWS} data rows, the most it may have"),
            ));
        }
        raw_labels.push(layout.read_row(&record, line, &mut features)?);
        first_data_line.get_or_insert(line);
    }

    let Some(layout) = layout else {
        return Err(csv_error(
            1,
            "the file is empty; expected feature columns and a label column",
        ));
    };
    let Some(first_data_line) = first_data_line else {
        return Err(csv_error(
            layout.first_line,
            "the file has a header row but no data rows",
        ));
    };

    let mut classes = raw_labels.clone();
    classes.sort_unstable();
    classes.dedup();
    if let [only_label] = classes[..] {
        return Err(csv_error(
            first_data_line,
            format!("every row has label {only_label}, but a classifier needs at least 2 classes"),
        ));
    }
    // Every raw label is among the classes, so the search always succeeds.
    let labels = raw_labels
        .iter()
        .map(|label| classes.binary_search(label).unwrap_or(0) as u32)
        .collect();

    let dataset = Dataset {
        features,
        labels,
        num_features: layout.num_columns - 1,
        num_classes: classes.len(),
    };
    log::debug!(
        "CSV data: {} rows, {} features, {} classes",
        dataset.len(),
        dataset.num_features,
        dataset.num_classes
    );
    Ok(dataset)
}

/// The shape every row must have, fixed by the first non-blank row.
struct Layout {
    num_columns: usize,
    /// Column names, when the first row was a header.
    header: Option<Vec<String>>,
    /// Line of the first non-blank row.
    first_line: usize,
}

impl Layout {
    fn from_first_row(record: &StringRecord, line: usize) -> Result<Layout, DataError> {
        let num_columns = record.len();
        if num_columns < 2 {
            return Err(csv_error(
                line,
                format!(
                    "found {num_columns} column, but at least 2 are needed: \
                     feature columns, then the label column"
                ),
            ));
        }
        let is_numeric = record.iter().all(|cell| cell.parse::<f64>().is_ok());
        Ok(Layout {
            num_columns,
            header: (!is_numeric).then(|| record.iter().map(str::to_owned).collect()),
            first_line: line,
        })
    }

    /// Appends the row's features to `features` and returns its raw label.
    fn read_row(
        &self,
        record: &StringRecord,
        line: usize,
        features: &mut Vec<f32>,
    ) -> Result<u32, DataError> {
        if record.len() != self.num_columns {
            return Err(csv_error(
                line,
                format!(
                    "expected {} columns (as on line {}) but found {}",
                    self.num_columns,
                    self.first_line,
                    record.len()
                ),
            ));
        }

        let label_column = self.num_columns - 1;
        for (column, cell) in record.iter().enumerate().take(label_column) {
            features.push(self.read_feature(cell, column, line)?);
        }
        let label_cell = record.get(label_column).unwrap_or_default();
        parse_label(label_cell).ok_or_else(|| {
            csv_error(
                line,
                format!(
                    "label {} in {} is not a non-negative integer",
                    quoted(label_cell),
                    self.column_name(label_column)
                ),
            )
        })
    }

    fn read_feature(&self, cell: &str, column: usize, line: usize) -> Result<f32, DataError> {
        if cell.is_empty() {
            return Err(csv_error(
                line,
                format!("{} is empty", self.column_name(column)),
            ));
        }
        let value: f32 = cell.parse().map_err(|_| {
            csv_error(
                line,
                format!(
                    "cell {} in {} is not a number",
                    quoted(cell),
                    self.column_name(column)
                ),
            )
        })?;
        if !value.is_finite() {
            return Err(csv_error(
                line,
                format!(
                    "cell {} in {} is not a finite number",
                    quoted(cell),
                    self.column_name(column)
                ),
            ));
        }
        Ok(value)
    }

    /// "column 2", or "column 2 (\"petal_width\")" when there is a header.
    fn column_name(&self, column: usize) -> String {
        match self.header.as_ref().and_then(|names| names.get(column)) {
            Some(name) if !name.is_empty() => format!("column {} (\"{name}\")", column + 1),
            _ => format!("column {}", column + 1),
        }
    }
}

/// A cell in quotes for an error message, cut short if it is long.
fn quoted(cell: &str) -> String {
    const MAX_SHOWN_CHARS: usize = 40;
    if cell.chars().count() <= MAX_SHOWN_CHARS {
        format!("\"{cell}\"")
    } else {
        let start: String = cell.chars().take(MAX_SHOWN_CHARS - 1).collect();
        format!("\"{start}…\"")
    }
}

/// A non-negative integer label; integral decimals such as `3.0` count.
fn parse_label(cell: &str) -> Option<u32> {
    if let Ok(label) = cell.parse::<u32>() {
        return Some(label);
    }
    let value: f64 = cell.parse().ok()?;
    let is_integral = value.is_finite() && value.fract() == 0.0;
    (is_integral && (0.0..=f64::from(u32::MAX)).contains(&value)).then_some(value as u32)
}

/// A line with nothing on it but whitespace.
fn is_blank(record: &StringRecord) -> bool {
    record.len() <= 1 && record.get(0).is_none_or(str::is_empty)
}

/// Line numbers as an editor shows them. The `csv` crate's own line count
/// skips blank lines, and a record's byte position points just past the
/// previous record, before any blank lines.
struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of every `\n`.
    newline_offsets: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let newline_offsets = text.match_indices('\n').map(|(offset, _)| offset).collect();
        LineIndex {
            text,
            newline_offsets,
        }
    }

    /// The 1-based line of the first character at or after `byte` that is
    /// not a line break.
    fn line_at(&self, byte: u64) -> usize {
        let byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let breaks = self.text.as_bytes()[byte..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        1 + self
            .newline_offsets
            .partition_point(|&offset| offset < byte + breaks)
    }
}

fn read_error(error: &csv::Error, lines: &LineIndex, line_before: usize) -> DataError {
    let line = error
        .position()
        .map_or(line_before, |position| lines.line_at(position.byte()));
    csv_error(line, format!("the text could not be read as CSV: {error}"))
}

fn csv_error(line: usize, reason: impl Into<String>) -> DataError {
    DataError::Csv {
        line,
        reason: reason.into(),
    }
}
