//! Plain-text inputs: bytes to a [`Record`] holding UTF-8 text.

use std::io::Read;

use super::{Input, ReadOptions};
use crate::record::{Raw, RawFormat, Record, RejectReason};

/// Reads a plain-text input into one record.
pub fn read(input: &Input, options: &ReadOptions) -> Record {
    let mut record = Record::new(input.source.clone(), Raw::default());
    let bytes = match load(input, options.max_bytes) {
        Ok(bytes) => bytes,
        Err(error) => {
            record.reject(RejectReason::Unreadable, error);
            return record;
        }
    };
    if bytes.len() as u64 > options.max_bytes {
        record.reject(
            RejectReason::TooLarge,
            format!(
                "larger than the limit of {} bytes; raise --max-bytes if it is a real statement",
                options.max_bytes
            ),
        );
        return record;
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            record.raw = Raw {
                text,
                format: RawFormat::PlainText,
                meta: Default::default(),
            };
        }
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            record.reject(
                RejectReason::NotUtf8,
                format!("invalid UTF-8 at byte {offset}; convert the file to UTF-8"),
            );
        }
    }
    record
}

/// Reads at most `limit + 1` bytes, so an oversized file is detected
/// without reading all of it.
fn load(input: &Input, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let result = match &input.path {
        Some(path) => {
            std::fs::File::open(path).and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        }
        None => std::io::stdin().take(limit + 1).read_to_end(&mut bytes),
    };
    result
        .map(|_| bytes)
        .map_err(|error| format!("cannot read it ({error}); check that it exists and is readable"))
}
