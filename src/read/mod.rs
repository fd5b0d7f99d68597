//! Inputs → raw records.
//!
//! `read` finds the input files (walking directories in sorted byte order),
//! reads each one within the size limit, and hands over [`Record`]s whose
//! [`Raw`](crate::record::Raw) holds decoded text. What cannot be read as a
//! statement (unreadable, too large, binary, not UTF-8, empty) becomes a
//! record that is already rejected, so the run goes on and nothing is lost.

pub mod discover;
pub mod text;

pub use discover::{Input, discover};

use crate::record::Record;

/// Limits and choices for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Inputs larger than this many bytes are rejected as `too_large`.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Reads one input into its records (a plain-text file is one record).
pub fn read_input(input: &Input, options: &ReadOptions) -> Vec<Record> {
    vec![text::read(input, options)]
}
