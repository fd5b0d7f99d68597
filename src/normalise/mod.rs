//! Structure → normalised fields: clean text, language, ids, hashes, and
//! the extracted dates, amounts and mentions.

pub mod dates;
pub mod mentions;
pub mod money;

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
    extract_fields(record);
}

/// Fills the child tables, each in contract order: title before body, then
/// by start offset.
fn extract_fields(record: &mut Record) {
    let statement = &record.statement;
    record.dates = dates::extract(statement);
    record.amounts = money::extract(statement);
    record.mentions = mentions::extract(statement);
    record.dates.sort_by_key(|d| d.span);
    record.amounts.sort_by_key(|a| a.span);
    record.mentions.sort_by_key(|m| (m.span, m.kind));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
