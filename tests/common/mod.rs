//! Helpers shared by the end-to-end tests that read bayan's CSV output.

use std::path::Path;

/// Every value of `column` in the CSV file at `path`, in row order.
pub fn csv_column(path: &Path, column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("a CSV file");
    let index = reader
        .headers()
        .expect("header")
        .iter()
        .position(|c| c == column)
        .expect("the column");
    reader
        .records()
        .map(|row| row.expect("a row")[index].to_string())
        .collect()
}
