//! Helpers shared by the end-to-end tests that run bayan and read what it
//! wrote.

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

/// The record counts a release states in `datapackage.json`
/// (`bayan:records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Records {
    pub seen: u64,
    pub statements: u64,
    pub rejects: u64,
    pub other_shards: u64,
}

/// The record counts of the release in `dir`, which must add up:
/// `seen = statements + rejects`.
pub fn package_records(dir: &Path) -> Records {
    let path = dir.join("datapackage.json");
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let package: serde_json::Value = serde_json::from_slice(&text).expect("valid JSON");
    let records = &package["bayan:records"];
    let count = |key: &str| {
        records[key]
            .as_u64()
            .unwrap_or_else(|| panic!("bayan:records.{key} in {}", path.display()))
    };
    let records = Records {
        seen: count("seen"),
        statements: count("statements"),
        rejects: count("rejects"),
        other_shards: count("other_shards"),
    };
    assert_eq!(
        records.seen,
        records.statements + records.rejects,
        "seen = statements + rejects in {}",
        path.display()
    );
    records
}
