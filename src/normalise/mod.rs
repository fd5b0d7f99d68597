//! Structure → normalised fields: clean text, language, ids, hashes.

use sha2::{Digest, Sha256};

use crate::record::Record;
use crate::text;

/// Normalises an accepted record's fields in place.
pub fn normalise(record: &mut Record) {
    if !record.is_accepted() {
        return;
    }
    let statement = &mut record.statement;
    statement.title = text::clean(&statement.title);
    for paragraph in &mut statement.paragraphs {
        *paragraph = text::clean(paragraph);
    }
    statement.body = statement.paragraphs.join("\n\n");
    let content = format!("{}\n\n{}", statement.title, statement.body);
    statement.content_sha256 = hex(&Sha256::digest(content.as_bytes()));
    statement.statement_id = statement.content_sha256[..16].to_string();
    statement.language = "und".to_string();
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
