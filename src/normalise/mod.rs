//! Structure → normalised fields: clean text, language, ids, hashes, and
//! the extracted dates, amounts and mentions.
//!
//! [`normalise`] takes a parsed record and fills every column of its
//! `statements` row that parse does not: display text ([`text::clean`]) for
//! the title, paragraphs, dateline and issuer; the body; the word count;
//! the content hash and `statement_id` ([`ids`]); the language
//! ([`language`]); and what the source's metadata knows (URL, publication
//! date, and title and issuer where parse found none). Then the extractors
//! ([`dates`], [`money`], [`mentions`]) read the finished title and body, so
//! their offsets count code points of exactly the text that is written.

pub mod dates;
pub mod ids;
pub mod language;
pub mod mentions;
pub mod money;

use unicode_segmentation::UnicodeSegmentation;

use crate::record::{PublishedSource, Record, RejectReason, SourceMeta, Statement};
use crate::text;

/// Normalises an accepted record's fields in place; a record left without
/// body text is rejected as `empty`.
pub fn normalise(record: &mut Record) {
    if !record.is_accepted() {
        return;
    }
    clean_text_fields(&mut record.statement);
    take_metadata(&mut record.statement, &record.raw.meta, &record.source);
    if record.statement.paragraphs.is_empty() {
        let detail = empty_body_detail(&record.statement);
        record.reject(RejectReason::Empty, detail);
        return;
    }
    let body_bytes = body_len(&record.statement.paragraphs);
    if body_bytes > MAX_BODY_BYTES {
        record.reject(RejectReason::TooLarge, too_large_detail(body_bytes));
        return;
    }
    derive_fields(&mut record.statement, record.raw.meta.language.as_deref());
    extract_fields(record);
}

/// The largest body one statement may have, in UTF-8 bytes. Real statements
/// (even long transcripts) stay far below it; above it the input is a
/// collection or a data file. It also keeps every CSV row under DuckDB's
/// default `max_line_size` (2 MiB), so the CSV loads without options.
pub const MAX_BODY_BYTES: usize = 1_000_000;

/// Bytes of the body that `paragraphs` make, separators included.
fn body_len(paragraphs: &[String]) -> usize {
    let text: usize = paragraphs.iter().map(String::len).sum();
    text + 2 * paragraphs.len().saturating_sub(1)
}

fn too_large_detail(body_bytes: usize) -> String {
    format!(
        "its body is {body_bytes} bytes, over the {MAX_BODY_BYTES}-byte limit of one \
         statement; if the file holds many statements, split it (or use JSON Lines, \
         one statement per line)"
    )
}

/// Puts every text field in display form; paragraphs that clean to nothing
/// (invisible characters, stray white space) are dropped.
fn clean_text_fields(statement: &mut Statement) {
    statement.title = text::clean(&statement.title);
    let paragraphs = std::mem::take(&mut statement.paragraphs);
    statement.paragraphs = paragraphs
        .iter()
        .map(|paragraph| text::clean(paragraph))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    statement.dateline = clean_optional(statement.dateline.as_deref());
    statement.issuer = clean_optional(statement.issuer.as_deref());
}

/// The display form of an optional field; `None` when nothing is left.
fn clean_optional(value: Option<&str>) -> Option<String> {
    value.map(text::clean).filter(|value| !value.is_empty())
}

/// Fills the fields the container's metadata knows: the URL and the
/// publication date always (the publisher's own record beats what the text
/// says), the title and issuer only where parse found none.
fn take_metadata(statement: &mut Statement, meta: &SourceMeta, source: &str) {
    if let Some(url) = meta.url.as_deref().or(statement.url.as_deref()) {
        let canonical = ids::canonical_url(url);
        if canonical.is_none() {
            tracing::warn!("{source}: URL {url:?} is not an absolute http(s) URL; it is left out");
        }
        statement.url = canonical;
    }
    if let Some(published) = meta.published {
        statement.published = Some(published);
        statement.published_source = PublishedSource::Metadata;
    }
    if statement.title.is_empty() {
        statement.title = clean_optional(meta.title.as_deref()).unwrap_or_default();
    }
    if statement.issuer.is_none() {
        statement.issuer = clean_optional(meta.issuer.as_deref());
    }
}

/// Why a statement without body text is rejected, in words a person can act
/// on.
fn empty_body_detail(statement: &Statement) -> String {
    if statement.title.is_empty() {
        "no visible text left after removing control and zero-width characters; \
         check the file's encoding and content"
            .to_string()
    } else {
        format!(
            "only a title (\"{}\") and no body text; a statement needs at least one \
             paragraph after its title: check that the input holds the whole statement",
            text::char_slice(&statement.title, 0, 80)
        )
    }
}

/// The fields computed from the cleaned text: body, word count, content
/// hash, language and id.
fn derive_fields(statement: &mut Statement, declared_language: Option<&str>) {
    statement.body = statement.paragraphs.join("\n\n");
    statement.word_count = count_words(&statement.body);
    let content = format!("{}\n\n{}", statement.title, statement.body);
    statement.content_sha256 = ids::sha256_hex(content.as_bytes());
    statement.language = language::detect(&content, declared_language);
    statement.statement_id = ids::statement_id(statement.url.as_deref(), &statement.content_sha256);
}

/// Words by Unicode word segmentation (UAX #29): punctuation is not a word,
/// and marks and ZWNJ stay inside their word (المصغّرة and می‌خواهم are one
/// word each). Han text has no spaces and UAX #29 no dictionary, so each
/// ideograph counts as a word there.
fn count_words(text: &str) -> i32 {
    i32::try_from(text.unicode_words().count()).unwrap_or(i32::MAX)
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn oversized_body_is_rejected() {
        let paragraph = "word ".repeat(MAX_BODY_BYTES / 5 + 1);
        let mut record = parsed("Title", &[paragraph.as_str()], SourceMeta::default());
        normalise(&mut record);
        let reject = record.reject.expect("rejected");
        assert_eq!(reject.reason, RejectReason::TooLarge);
        assert!(reject.detail.contains("split it"), "{}", reject.detail);
    }

    use super::*;
    use crate::record::Raw;

    /// A parsed record, as `parse` hands it over.
    fn parsed(title: &str, paragraphs: &[&str], meta: SourceMeta) -> Record {
        let raw = Raw {
            meta,
            ..Raw::default()
        };
        let mut record = Record::new("statement.txt", raw);
        record.statement.title = title.to_string();
        record.statement.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        record
    }

    const PARAGRAPHS: [&str; 2] = [
        "The Ministry  of Foreign Affairs today expressed deep concern about the escalation.",
        "It called on all parties to exercise restraint and return to talks.",
    ];

    #[test]
    fn cleans_the_text_and_builds_the_body() {
        let mut record = parsed(
            "\u{FEFF}Statement\u{200F} on talks ",
            &[PARAGRAPHS[0], " \u{200B} ", PARAGRAPHS[1]],
            SourceMeta::default(),
        );
        normalise(&mut record);
        let statement = &record.statement;
        assert!(record.is_accepted());
        assert_eq!(statement.title, "Statement on talks");
        assert_eq!(statement.paragraphs.len(), 2);
        assert_eq!(
            statement.body,
            "The Ministry of Foreign Affairs today expressed deep concern about the \
             escalation.\n\nIt called on all parties to exercise restraint and return to talks."
        );
        assert_eq!(statement.word_count, 24);
        assert_eq!(statement.language, "en");
    }

    #[test]
    fn hashes_the_content_and_derives_the_id_from_it_without_a_url() {
        let mut record = parsed("عنوان", &["نص"], SourceMeta::default());
        normalise(&mut record);
        let statement = &record.statement;
        // `printf 'عنوان\n\nنص' | sha256sum`
        assert_eq!(
            statement.content_sha256,
            "af935fd6fadb81e8af741195278cd8fafb9d5b6c21032fc73158f56b293bfb1f"
        );
        assert_eq!(statement.statement_id, "af935fd6fadb81e8");
        assert_eq!(statement.url, None);
    }

    #[test]
    fn takes_url_date_title_and_issuer_from_the_metadata() {
        let published = NaiveDate::from_ymd_opt(2021, 12, 2);
        let meta = SourceMeta {
            title: Some("Statement on talks".to_string()),
            url: Some("HTTPS://WWW.State.gov/x#top".to_string()),
            published,
            language: Some("en-US".to_string()),
            issuer: Some(" Office of the Spokesperson ".to_string()),
        };
        let mut record = parsed("", &PARAGRAPHS, meta);
        normalise(&mut record);
        let statement = &record.statement;
        assert_eq!(statement.url.as_deref(), Some("https://www.state.gov/x"));
        // `printf '%s' https://www.state.gov/x | sha256sum`
        assert_eq!(statement.statement_id, "011c6ecc507c6ea3");
        assert_eq!(statement.published, published);
        assert_eq!(statement.published_source, PublishedSource::Metadata);
        assert_eq!(statement.title, "Statement on talks");
        assert_eq!(
            statement.issuer.as_deref(),
            Some("Office of the Spokesperson")
        );
        assert_eq!(statement.language, "en-US");
    }

    #[test]
    fn what_parse_found_wins_over_metadata_title_and_issuer() {
        let meta = SourceMeta {
            title: Some("Feed title".to_string()),
            issuer: Some("Feed author".to_string()),
            url: Some("not a url".to_string()),
            ..SourceMeta::default()
        };
        let mut record = parsed("Statement on talks", &PARAGRAPHS, meta);
        record.statement.issuer = Some("Office of the Spokesperson".to_string());
        normalise(&mut record);
        let statement = &record.statement;
        assert_eq!(statement.title, "Statement on talks");
        assert_eq!(
            statement.issuer.as_deref(),
            Some("Office of the Spokesperson")
        );
        assert_eq!(statement.url, None);
        assert_eq!(statement.statement_id, &statement.content_sha256[..16]);
    }

    #[test]
    fn a_statement_without_body_text_is_rejected_as_empty() {
        let mut record = parsed(
            "Statement on talks",
            &["\u{200B}", " \u{200F} "],
            SourceMeta::default(),
        );
        normalise(&mut record);
        let reject = record.reject.expect("rejected");
        assert_eq!(reject.reason, RejectReason::Empty);
        assert!(
            reject.detail.contains("\"Statement on talks\""),
            "{}",
            reject.detail
        );

        let mut record = parsed("\u{FEFF}", &[], SourceMeta::default());
        normalise(&mut record);
        assert_eq!(record.reject.map(|r| r.reason), Some(RejectReason::Empty));
    }

    #[test]
    fn a_rejected_record_is_left_alone() {
        let mut record = parsed(" Title ", &PARAGRAPHS, SourceMeta::default());
        record.reject(RejectReason::Binary, "binary");
        normalise(&mut record);
        assert_eq!(record.statement.title, " Title ");
        assert!(record.statement.statement_id.is_empty());
    }

    #[test]
    fn words_are_counted_by_unicode_segmentation() {
        assert_eq!(count_words("المجموعة المصغّرة، اليوم."), 3);
        assert_eq!(count_words("می\u{200C}خواهم بروم"), 2);
        assert_eq!(count_words("U.S. $600 million — 2021"), 4);
        assert_eq!(count_words(""), 0);
    }

    /// The model input, read, parsed and normalised as the pipeline does.
    fn seed_record() -> Record {
        let path = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/000_9e8232f106620835.txt"
        ));
        let inputs = crate::read::discover(&[path]).expect("the seed statement exists");
        let mut records = crate::read::read_input(&inputs[0], &Default::default());
        assert_eq!(records.len(), 1);
        let mut record = records.remove(0);
        crate::parse::parse(&mut record);
        normalise(&mut record);
        record
    }

    #[test]
    fn seed_statement_end_to_end() {
        let record = seed_record();
        assert!(record.is_accepted(), "{:?}", record.reject);
        let statement = &record.statement;
        assert_eq!(statement.language, "ar");
        assert_eq!(statement.url, None);
        let id = &statement.statement_id;
        assert_eq!(id.len(), 16);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_eq!(id, &statement.content_sha256[..16]);
        assert_eq!(seed_record().statement.statement_id, *id);
        // The title keeps its shadda, and a word with one is one word.
        assert!(statement.title.contains("المصغّرة"));
        assert_eq!(count_words(&statement.title), 11);
        assert_eq!(statement.word_count, count_words(&statement.body));
        assert!(statement.word_count > 200, "{}", statement.word_count);
        assert_eq!(statement.body, statement.paragraphs.join("\n\n"));
    }
}
