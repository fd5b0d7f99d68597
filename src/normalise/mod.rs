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
//! Last, a statement its container left undated takes the date of its
//! dateline or release line from the dates found ([`date_from_text`]).

mod anchored;
pub mod dates;
pub mod ids;
pub mod language;
pub mod mentions;
pub mod money;

use unicode_segmentation::UnicodeSegmentation;

use chrono::NaiveDate;

use crate::record::{
    DateMention, Field, Precision, PublishedSource, Record, RejectReason, SourceMeta, Statement,
};
use crate::text::{self, FoldedText};

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
    date_from_text(record);
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
/// says), the title and issuer only where parse found none. The URL of the
/// original of a translation is put in the same canonical form as `url`.
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
    statement.translation_of = (statement.translation_of.as_deref()).and_then(ids::canonical_url);
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
    i32::try_from(text::word_count(text)).unwrap_or(i32::MAX)
}

/// Fills the child tables, each in contract order: title before body, then
/// by start offset.
fn extract_fields(record: &mut Record) {
    let statement = &record.statement;
    let texts = FieldTexts::new(statement);
    record.dates = dates::extract_in(statement, &texts);
    record.amounts = money::extract_in(statement, &texts);
    record.mentions = mentions::extract_in(statement, &texts);
    record.dates.sort_by_key(|d| d.span);
    record.amounts.sort_by_key(|a| a.span);
    record.mentions.sort_by_key(|m| (m.span, m.kind));
}

/// The title and body of a statement, folded once for all the extractors.
#[derive(Debug, Clone)]
pub struct FieldTexts<'s> {
    pub title: FoldedText<'s>,
    pub body: FoldedText<'s>,
}

impl<'s> FieldTexts<'s> {
    pub fn new(statement: &'s Statement) -> FieldTexts<'s> {
        FieldTexts {
            title: FoldedText::new(&statement.title),
            body: FoldedText::new(&statement.body),
        }
    }

    /// Title, then body: the order of the child tables.
    pub fn each(&self) -> [(Field, &FoldedText<'s>); 2] {
        [(Field::Title, &self.title), (Field::Body, &self.body)]
    }
}

/// How many paragraphs at the top of the body may be the header.
const HEADER_PARAGRAPHS: usize = 3;
/// A header paragraph (issuer, place, date) is short: at most this many
/// characters (three header lines of 80).
const MAX_HEADER_CHARS: usize = 250;
/// A release line is shorter still...
const MAX_RELEASE_LINE_CHARS: usize = 80;
/// ...and has at most this many words besides its date ("Tuesday",
/// "For Immediate Release", "Released on").
const MAX_RELEASE_LINE_WORDS: usize = 3;

/// Dates a statement the container left undated from its own text, using
/// the dates the extractor already found (never reading dates twice):
///
/// - `dateline`: parse found a header in the body (a dateline place, or an
///   issuer line), and the short paragraph among the first
///   [`HEADER_PARAGRAPHS`] that holds it has a full date (day precision,
///   year written, not a range): "Paris, le 3 mars 2023", "Office of the
///   Spokesperson / March 14, 2024", "وزارة الخارجية الأمريكية / مكتب
///   المتحدّث الرسمي / 12 أيار/مايو 2021 / بيان".
/// - `text`: otherwise, the first paragraph is a release line: a full date
///   and at most [`MAX_RELEASE_LINE_WORDS`] other words, no sentence
///   ending ("October 9, 2023", "Tuesday, October 9, 2023"). A date inside
///   prose ("On March 3, 2022 the ministers met.") never dates the
///   statement: it may be the date of an event.
fn date_from_text(record: &mut Record) {
    let statement = &mut record.statement;
    if statement.published.is_some() {
        return;
    }
    let ranges = paragraph_ranges(&statement.paragraphs);
    let from_header = header_paragraph(statement, &ranges)
        .and_then(|range| first_full_date(&record.dates, range))
        .map(|date| (date, PublishedSource::Dateline));
    let found = from_header.or_else(|| {
        release_line_date(statement, ranges.first().copied(), &record.dates)
            .map(|date| (date, PublishedSource::Text))
    });
    if let Some((date, source)) = found {
        statement.published = Some(date);
        statement.published_source = source;
    }
}

/// The code-point range of each paragraph in the body they are joined
/// into (with one blank line between two).
fn paragraph_ranges(paragraphs: &[String]) -> Vec<(usize, usize)> {
    let mut start = 0;
    paragraphs
        .iter()
        .map(|paragraph| {
            let end = start + paragraph.chars().count();
            let range = (start, end);
            start = end + 2;
            range
        })
        .collect()
}

/// The range of the header paragraph: the first short paragraph at the top
/// of the body that holds the dateline place or the issuer parse found.
fn header_paragraph(statement: &Statement, ranges: &[(usize, usize)]) -> Option<(usize, usize)> {
    let marks: Vec<&str> = [statement.dateline.as_deref(), statement.issuer.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    statement
        .paragraphs
        .iter()
        .zip(ranges)
        .take(HEADER_PARAGRAPHS)
        .find(|(paragraph, (start, end))| {
            end - start <= MAX_HEADER_CHARS && marks.iter().any(|mark| paragraph.contains(mark))
        })
        .map(|(_, range)| *range)
}

/// A full date (day precision, year written, one day) of the body inside
/// `range`.
fn first_full_date(dates: &[DateMention], range: (usize, usize)) -> Option<NaiveDate> {
    full_date_mention(dates, range).map(|mention| mention.date)
}

fn full_date_mention(dates: &[DateMention], (start, end): (usize, usize)) -> Option<&DateMention> {
    dates.iter().find(|mention| {
        let span = mention.span;
        span.field == Field::Body
            && usize::try_from(span.start).is_ok_and(|s| s >= start)
            && usize::try_from(span.end).is_ok_and(|e| e <= end)
            && mention.precision == Precision::Day
            && !mention.year_inferred
            && mention.end_date.is_none()
    })
}

/// The date of a first paragraph that is a release line (see
/// [`date_from_text`]).
fn release_line_date(
    statement: &Statement,
    first: Option<(usize, usize)>,
    dates: &[DateMention],
) -> Option<NaiveDate> {
    let (start, end) = first?;
    let line = statement.paragraphs.first()?;
    if end - start > MAX_RELEASE_LINE_CHARS || line.trim_end().ends_with(SENTENCE_ENDS) {
        return None;
    }
    let mention = full_date_mention(dates, (start, end))?;
    let date_start = usize::try_from(mention.span.start).ok()? - start;
    let date_end = usize::try_from(mention.span.end).ok()? - start;
    let before = text::char_slice(line, 0, date_start);
    let after = text::char_slice(line, date_end, end - start);
    let other_words = before.unicode_words().count() + after.unicode_words().count();
    (other_words <= MAX_RELEASE_LINE_WORDS).then_some(mention.date)
}

/// Marks that end a sentence, in the scripts bayan reads.
const SENTENCE_ENDS: [char; 7] = ['.', '!', '?', '؟', '。', '！', '？'];

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
        record.statement.translation_of = Some("HTTPS://www.STATE.gov/original#x".to_string());
        normalise(&mut record);
        let statement = &record.statement;
        assert_eq!(statement.url.as_deref(), Some("https://www.state.gov/x"));
        assert_eq!(
            statement.translation_of.as_deref(),
            Some("https://www.state.gov/original")
        );
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

    /// A normalised record with these paragraphs and header facts.
    fn dated(paragraphs: &[&str], dateline: Option<&str>, issuer: Option<&str>) -> Statement {
        let mut record = parsed("Statement", paragraphs, SourceMeta::default());
        record.statement.dateline = dateline.map(str::to_string);
        record.statement.issuer = issuer.map(str::to_string);
        normalise(&mut record);
        assert!(record.is_accepted(), "{:?}", record.reject);
        record.statement
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_dateline_dates_an_undated_statement() {
        let statement = dated(
            &["Paris, le 3 mars 2023", PARAGRAPHS[0]],
            Some("Paris"),
            None,
        );
        assert_eq!(statement.published, day(2023, 3, 3));
        assert_eq!(statement.published_source, PublishedSource::Dateline);
        let statement = dated(
            &[
                "واشنطن، 12 أيار/مايو 2022 الموافق 11 شوال 1443 هـ",
                "رحّبت الوزارة بالنتائج.",
            ],
            Some("واشنطن"),
            None,
        );
        assert_eq!(statement.published, day(2022, 5, 12));
        assert_eq!(statement.published_source, PublishedSource::Dateline);
    }

    #[test]
    fn the_issuer_block_dates_an_undated_statement() {
        let statement = dated(
            &[
                "وزارة الخارجية الأمريكية مكتب المتحدّث الرسمي 12 أيار/مايو 2021 بيان",
                "عقد ممثلون دبلوماسيون كبار اجتماعاً افتراضياً في 3 حزيران/يونيو 2021.",
            ],
            None,
            Some("وزارة الخارجية الأمريكية"),
        );
        assert_eq!(statement.published, day(2021, 5, 12));
        assert_eq!(statement.published_source, PublishedSource::Dateline);
    }

    #[test]
    fn a_release_line_dates_the_statement_from_the_text() {
        let statement = dated(&["October 9, 2023", PARAGRAPHS[0]], None, None);
        assert_eq!(statement.published, day(2023, 10, 9));
        assert_eq!(statement.published_source, PublishedSource::Text);
    }

    #[test]
    fn dates_in_prose_or_without_a_year_do_not_date_the_statement() {
        let prose = "On March 3, 2022 the ministers met in Paris.";
        let statement = dated(&[prose, PARAGRAPHS[1]], None, None);
        assert_eq!(statement.published, None);
        assert_eq!(statement.published_source, PublishedSource::None);
        let statement = dated(
            &["Berlin, 27 November", PARAGRAPHS[0]],
            Some("Berlin"),
            None,
        );
        assert_eq!(statement.published, None);
        let statement = dated(
            &["Berlin, November 2023", PARAGRAPHS[0]],
            Some("Berlin"),
            None,
        );
        assert_eq!(statement.published, None);
    }

    #[test]
    fn the_metadata_date_wins_over_the_dateline() {
        let meta = SourceMeta {
            published: day(2023, 3, 4),
            ..SourceMeta::default()
        };
        let mut record = parsed("Statement", &["Paris, le 3 mars 2023", PARAGRAPHS[0]], meta);
        record.statement.dateline = Some("Paris".to_string());
        normalise(&mut record);
        assert_eq!(record.statement.published, day(2023, 3, 4));
        assert_eq!(record.statement.published_source, PublishedSource::Metadata);
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
        // Its only dates are a month and a relative month: it stays undated.
        assert_eq!(statement.published, None);
    }
}
