//! Inputs → raw records.
//!
//! `read` finds the input files (walking directories in sorted byte order),
//! reads each one within the size limit, and hands over [`Record`]s whose
//! [`Raw`](crate::record::Raw) holds decoded text. What cannot be read as a
//! statement (unreadable, too large, binary, not UTF-8, empty) becomes a
//! record that is already rejected, so the run goes on and nothing is lost.

pub mod discover;
pub mod feed;
pub mod format;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod meta;
pub mod text;

pub use discover::{Input, discover};
pub use format::InputFormat;

use std::io::Read;

use crate::record::{Record, RejectReason};

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

/// Why an input (or one record of it) cannot be used: the reject reason
/// and a sentence saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: RejectReason,
    pub detail: String,
}

impl Refusal {
    pub fn new(reason: RejectReason, detail: impl Into<String>) -> Refusal {
        Refusal {
            reason,
            detail: detail.into(),
        }
    }
}

/// Reads one input into its records: one for a plain-text, HTML or
/// Markdown file, one per line or element for JSON Lines and JSON, one per
/// item for an RSS or Atom feed. An input
/// that cannot be read at all is one rejected record.
pub fn read_input(input: &Input, options: &ReadOptions) -> Vec<Record> {
    let text = match load(input, options.max_bytes).and_then(|bytes| text::decode(&bytes)) {
        Ok(text) => text,
        Err(refusal) => {
            let mut record = Record::new(input.source.clone(), Default::default());
            record.reject(refusal.reason, refusal.detail);
            return vec![record];
        }
    };
    let source = input.source.as_str();
    match format::detect(source, &text) {
        InputFormat::Text => vec![text::record(source, text)],
        InputFormat::Markdown => vec![markdown::record(source, &text)],
        InputFormat::Html => vec![html::record(source, text)],
        InputFormat::JsonLines => jsonl::read_lines(source, &text),
        InputFormat::Json => jsonl::read_document(source, &text),
        InputFormat::Feed => feed::read(source, &text),
    }
}

/// Reads the bytes of an input, at most `limit + 1` of them, so an
/// oversized file is refused without reading all of it.
fn load(input: &Input, limit: u64) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    let result = match &input.path {
        Some(path) => std::fs::File::open(path)
            .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes)),
        None => std::io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes),
    };
    if let Err(error) = result {
        return Err(Refusal::new(
            RejectReason::Unreadable,
            format!("cannot read it ({error}); check that it exists and is readable"),
        ));
    }
    if bytes.len() as u64 > limit {
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!(
                "larger than the limit of {limit} bytes; raise --max-bytes if it is a real \
                 statement"
            ),
        ));
    }
    Ok(bytes)
}

/// The text of a file of the shared test material (`../shared/...`).
#[cfg(test)]
pub(crate) fn shared_text(relative: &str) -> String {
    let path = format!("{}/../shared/{relative}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read the shared test file {path}: {error}"),
    }
}
