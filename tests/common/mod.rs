//! Helpers shared by the end-to-end tests that read bayan's CSV output.

// Each test crate compiles this module and uses only some of it.
#![allow(dead_code)]

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

/// Fails the test with the command's output unless it exited with 0.
pub fn assert_ok(output: &std::process::Output, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
