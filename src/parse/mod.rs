//! Raw record → structure: title, paragraphs, boilerplate, doc type.

use crate::record::{Record, RejectReason};

/// Finds the structure of an accepted record's raw text.
pub fn parse(record: &mut Record) {
    if !record.is_accepted() {
        return;
    }
    let text = record.raw.text.clone();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(title) = lines.next() else {
        record.reject(
            RejectReason::Empty,
            "the file holds no text; remove it or fill it",
        );
        return;
    };
    record.statement.title = title.to_string();
    record.statement.paragraphs = lines.map(str::to_string).collect();
}
