//! JSON Lines and JSON documents: one statement per object.
//!
//! A JSON Lines input holds one object per line; a JSON input holds an
//! array of objects, a JSON Feed (`{"items": [...]}`), or a single object.
//! Each object becomes a record named `path#N` (N: 1-based line number, or
//! element number in an array). The common field names of feeds, scrapers
//! and CMS exports are recognised (see [`TITLE_FIELDS`] and its siblings);
//! a malformed line rejects that record only.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use super::Emit;
use super::field_map::{MappedField, Mapping, date_of_timestamp, lookup};
use super::meta::parse_date;
use crate::record::{Raw, RawFormat, Record, RejectReason, SourceMeta};

/// Field names, compared case-insensitively, in order of preference.
const TITLE_FIELDS: &[&str] = &["title", "headline", "name"];
/// Full content fields come before summaries: an RSS `description` often
/// only repeats the start of the body (and on state.gov starts with a
/// script).
const BODY_FIELDS: &[&str] = &[
    "content_html",
    "content:encoded",
    "body_html",
    "articlebody",
    "body",
    "content",
    "text",
    "content_text",
    "description_html",
    "description",
    "summary",
];
const URL_FIELDS: &[&str] = &[
    "url",
    "link",
    "canonical_url",
    "permalink",
    "source_url",
    "guid",
    "id",
];
const DATE_FIELDS: &[&str] = &[
    "datepublished",
    "date_published",
    "published",
    "published_at",
    "publishedat",
    "published_time",
    "pubdate",
    "pub_date",
    "date",
    "created",
];
const LANGUAGE_FIELDS: &[&str] = &["lang", "language", "inlanguage", "locale"];
const ISSUER_FIELDS: &[&str] = &[
    "issuer",
    "creator",
    "dc:creator",
    "author",
    "authors",
    "publisher",
    "byline",
];

/// Reads a JSON Lines text: one record per non-blank line.
pub fn read_lines(source: &str, text: &str) -> Vec<Record> {
    read_lines_mapped(source, text, &[])
}

/// [`read_lines`] with the `--map` options.
pub fn read_lines_mapped(source: &str, text: &str, mappings: &[Mapping]) -> Vec<Record> {
    let mut records = Vec::new();
    let lines = Lines {
        source,
        max_line_bytes: u64::MAX,
        mappings,
    };
    // Reading from memory cannot fail.
    let _ = lines.read(&mut text.as_bytes(), &mut |record| {
        records.push(record);
        ControlFlow::Continue(())
    });
    records
}

/// How to read a JSON Lines stream.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    /// The input's name: line N is the record `source#N`.
    pub source: &'a str,
    /// A longer line is refused as `too_large` without being held whole.
    pub max_line_bytes: u64,
    /// The `--map` options.
    pub mappings: &'a [Mapping],
}

impl Lines<'_> {
    /// Reads `input` a line at a time, handing each non-blank line's record
    /// to `emit` until it asks to stop. Memory holds one line at a time.
    /// Fails only when `input` cannot be read.
    pub fn read(
        &self,
        input: &mut dyn BufRead,
        emit: &mut Emit<'_>,
    ) -> std::io::Result<ControlFlow<()>> {
        let mut line = Vec::new();
        let mut number = 0usize;
        while let Some(complete) = next_line(input, &mut line, self.max_line_bytes)? {
            number += 1;
            let record = match std::str::from_utf8(&line) {
                _ if !complete => self.too_long(number),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => read_line_mapped(self.source, number, text, self.mappings),
                Err(error) => malformed(
                    format!("{}#{number}", self.source),
                    format!(
                        "line {number} is not UTF-8 (at byte {} of the line); convert the file \
                         to UTF-8",
                        error.valid_up_to()
                    ),
                ),
            };
            if emit(record).is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    fn too_long(&self, number: usize) -> Record {
        let mut record = Record::new(format!("{}#{number}", self.source), Raw::default());
        record.reject(
            RejectReason::TooLarge,
            format!(
                "line {number} is longer than the limit of {} bytes for one record; raise \
                 --max-record-bytes if it is a real statement",
                self.max_line_bytes
            ),
        );
        record
    }
}

/// Reads the next line into `line`, without its line break, keeping at
/// most `limit + 1` bytes of it (the rest is read and dropped). Returns
/// `None` at the end of the input, else whether the line was kept whole.
pub fn next_line(
    input: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Option<bool>> {
    line.clear();
    let read = Read::take(&mut *input, limit.saturating_add(1)).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(None);
    }
    let ended = line.last() == Some(&b'\n');
    if ended {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
    let complete = ended || (line.len() as u64) <= limit;
    if !complete {
        skip_rest_of_line(input)?;
    }
    Ok(Some(complete))
}

fn skip_rest_of_line(input: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => {
                input.consume(at + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

/// Reads line `number` (1-based) of the JSON Lines input `source`: the
/// record `source#number`. For readers that take a stream line by line.
pub fn read_line(source: &str, number: usize, line: &str) -> Record {
    read_line_mapped(source, number, line, &[])
}

/// [`read_line`] with the `--map` options.
pub fn read_line_mapped(source: &str, number: usize, line: &str, mappings: &[Mapping]) -> Record {
    let name = format!("{source}#{number}");
    match serde_json::from_str::<Value>(line) {
        Ok(value) => from_value(name, &value, &format!("line {number}"), mappings),
        Err(error) => malformed(
            name,
            format!(
                "line {number} is not valid JSON ({}, column {}); fix or remove that line",
                describe(&error),
                error.column()
            ),
        ),
    }
}

/// Reads a JSON document: an array of objects, a JSON Feed, or one object.
/// `mappings` are the `--map` options.
pub fn read_document(source: &str, text: &str, mappings: &[Mapping]) -> Vec<Record> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return vec![malformed(
                source.to_string(),
                format!(
                    "not valid JSON ({} at line {}, column {}); fix the file, or name it .jsonl \
                     if it holds one object per line",
                    describe(&error),
                    error.line(),
                    error.column()
                ),
            )];
        }
    };
    let items = match &value {
        Value::Array(items) => items,
        Value::Object(object) => match object.get("items") {
            Some(Value::Array(items)) => items,
            _ => {
                return vec![from_value(
                    source.to_string(),
                    &value,
                    "the document",
                    mappings,
                )];
            }
        },
        _ => {
            return vec![malformed(
                source.to_string(),
                "holds a single JSON value, not an object or an array of objects; give one \
                 object per statement",
            )];
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let number = index + 1;
            from_value(
                format!("{source}#{number}"),
                item,
                &format!("element {number}"),
                mappings,
            )
        })
        .collect()
}

/// The error's message without serde_json's own position suffix.
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

fn malformed(source: String, detail: impl Into<String>) -> Record {
    let mut record = Record::new(source, Raw::default());
    record.reject(RejectReason::Malformed, detail);
    record
}

/// One object → one record; `what` names it in a reject ("line 7"). A
/// field `mappings` point at comes before the recognised names.
fn from_value(source: String, value: &Value, what: &str, mappings: &[Mapping]) -> Record {
    let Value::Object(object) = value else {
        return malformed(
            source,
            format!("{what} is not a JSON object; give one object per statement"),
        );
    };
    let fields = Fields::new(object);
    let mapped =
        |field| lookup(mappings, field, value).and_then(|(name, v)| Some((name, text_of(v)?)));
    let body = mapped(MappedField::Body).or_else(|| fields.first_text(BODY_FIELDS));
    let Some((body_field, body)) = body else {
        return malformed(
            source,
            format!(
                "{what} has no body field; name the statement's text one of {}, or point \
                 --map body=PATH at it",
                BODY_FIELDS.join(", ")
            ),
        );
    };
    let format = if body_field.contains("html")
        || body_field.contains("encoded")
        || looks_like_html(&body)
    {
        RawFormat::Html
    } else {
        RawFormat::PlainText
    };
    let mapped_date = lookup(mappings, MappedField::Date, value)
        .and_then(|(_, v)| date_of_timestamp(v).or_else(|| parse_date(&text_of(v)?)));
    let meta = SourceMeta {
        title: mapped(MappedField::Title)
            .or_else(|| fields.first_text(TITLE_FIELDS))
            .map(|(_, t)| t),
        url: (mapped(MappedField::Url).map(|(_, u)| u).into_iter())
            .chain(fields.all_texts(URL_FIELDS))
            .find(|u| u.starts_with("http://") || u.starts_with("https://")),
        published: mapped_date
            .or_else(|| fields.all_texts(DATE_FIELDS).find_map(|d| parse_date(&d))),
        language: mapped(MappedField::Language)
            .or_else(|| fields.first_text(LANGUAGE_FIELDS))
            .map(|(_, l)| l),
        issuer: mapped(MappedField::Issuer)
            .or_else(|| fields.first_text(ISSUER_FIELDS))
            .map(|(_, i)| i),
    };
    Record::new(
        source,
        Raw {
            text: body,
            format,
            meta,
        },
    )
}

/// True when `text` holds HTML tags a body would use.
pub fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "<p>", "<p ", "<br", "<div", "</p>", "</div>", "<span", "<strong>", "<em>", "<h1", "<h2",
        "<h3", "<ul>", "<li>", "<a href", "<script", "<table",
    ];
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    TAGS.iter().any(|tag| head.contains(tag))
}

/// An object's fields by lower-cased name.
struct Fields<'a> {
    by_name: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn new(object: &'a Map<String, Value>) -> Fields<'a> {
        let by_name = object
            .iter()
            .map(|(name, value)| (name.to_lowercase(), value))
            .collect();
        Fields { by_name }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.by_name
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| *value)
    }

    /// The first of `names` holding non-blank text, with the name.
    fn first_text(&self, names: &[&'static str]) -> Option<(&'static str, String)> {
        names
            .iter()
            .find_map(|&name| self.get(name).and_then(text_of).map(|text| (name, text)))
    }

    /// Every non-blank text among `names`, in order of preference.
    fn all_texts(&self, names: &'static [&'static str]) -> impl Iterator<Item = String> + '_ {
        names
            .iter()
            .filter_map(|&name| self.get(name).and_then(text_of))
    }
}

/// The text of a field: a string; the `rendered`/`value`/`name`/`text`/
/// `html` member of an object (WordPress REST API, JSON-LD, JSON Feed
/// authors); the texts of an array, one per line.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_string(),
        Value::Object(object) => [
            "rendered", "value", "@value", "name", "text", "html", "#text",
        ]
        .iter()
        .find_map(|key| object.get(*key).and_then(text_of))?,
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(text_of).collect();
            texts.join(", ")
        }
        Value::Number(number) => number.to_string(),
        Value::Bool(_) | Value::Null => return None,
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_fields_come_from_nested_paths() {
        let text = r#"{"id": 7, "payload": {"article_html": "<p>Body.</p>", "head": "Readout"}, "meta": {"ts": 1646265600, "where": "https://example.gov/r"}, "title": "Feed title"}"#;
        let mappings: Vec<Mapping> = [
            "body=payload.article_html",
            "title=payload.head",
            "date=meta.ts",
            "url=meta.where",
        ]
        .iter()
        .map(|m| super::super::field_map::parse_mapping(m).expect("valid"))
        .collect();
        let records = read_lines_mapped("s.jsonl", text, &mappings);
        let raw = &records[0].raw;
        assert_eq!(raw.text, "<p>Body.</p>");
        assert_eq!(raw.format, RawFormat::Html);
        assert_eq!(raw.meta.title.as_deref(), Some("Readout"));
        assert_eq!(raw.meta.url.as_deref(), Some("https://example.gov/r"));
        assert_eq!(
            raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2022, 3, 3)
        );
        let unmapped = read_lines("s.jsonl", text);
        let reject = unmapped[0].reject.as_ref().expect("no body field");
        assert!(
            reject.detail.contains("--map body=PATH"),
            "{}",
            reject.detail
        );
    }

    #[test]
    fn reads_one_record_per_line_with_metadata() {
        let text = concat!(
            r#"{"title": "Readout", "link": "https://example.gov/r", "pubDate": "Thu, 20 May 2021 22:14:56 +0000", "creator": "Office of the Spokesperson", "content_html": "<p>Office of the Spokesperson</p><p>Body.</p>"}"#,
            "\n\n",
            r#"{"headline": "Two", "text": "Plain body.", "language": "fr", "datePublished": "2022-06-10"}"#,
            "\n"
        );
        let records = read_lines("feed.jsonl", text);
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first.source, "feed.jsonl#1");
        assert_eq!(first.raw.format, RawFormat::Html);
        assert_eq!(first.raw.meta.title.as_deref(), Some("Readout"));
        assert_eq!(first.raw.meta.url.as_deref(), Some("https://example.gov/r"));
        assert_eq!(
            first.raw.meta.issuer.as_deref(),
            Some("Office of the Spokesperson")
        );
        assert_eq!(
            first.raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2021, 5, 20)
        );
        let second = &records[1];
        assert_eq!(second.source, "feed.jsonl#3");
        assert_eq!(second.raw.format, RawFormat::PlainText);
        assert_eq!(second.raw.text, "Plain body.");
        assert_eq!(second.raw.meta.language.as_deref(), Some("fr"));
    }

    #[test]
    fn a_malformed_line_rejects_only_its_record() {
        let text =
            "{\"title\": \"A\", \"body\": \"x\"}\n{\"title\": \"B\", \n[1]\n{\"title\": \"C\"}\n";
        let records = read_lines("f.jsonl", text);
        assert_eq!(records.len(), 4);
        assert!(records[0].is_accepted());
        let broken = records[1].reject.as_ref().expect("rejected");
        assert_eq!(broken.reason, RejectReason::Malformed);
        assert!(
            broken.detail.starts_with("line 2 is not valid JSON"),
            "{}",
            broken.detail
        );
        assert!(!broken.detail.contains("at line 1"), "{}", broken.detail);
        let array = records[2].reject.as_ref().expect("rejected");
        assert!(
            array.detail.contains("line 3 is not a JSON object"),
            "{}",
            array.detail
        );
        let bodiless = records[3].reject.as_ref().expect("rejected");
        assert!(
            bodiless.detail.contains("line 4 has no body field"),
            "{}",
            bodiless.detail
        );
    }

    #[test]
    fn reads_arrays_feeds_and_wordpress_objects() {
        let array = r#"[{"title": {"rendered": "A &#8217;s"}, "content": {"rendered": "<p>x</p>"}, "date": "2021-01-02T10:00:00"}, {"title": "B", "body": "y"}]"#;
        let records = read_document("a.json", array, &[]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].source, "a.json#1");
        assert_eq!(records[0].raw.meta.title.as_deref(), Some("A &#8217;s"));
        assert_eq!(records[0].raw.format, RawFormat::Html);
        assert_eq!(
            records[0].raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2021, 1, 2)
        );
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"title": "T", "content_text": "x", "authors": [{"name": "Ministry"}]}]}"#;
        let records = read_document("feed.json", feed, &[]);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].raw.meta.issuer.as_deref(), Some("Ministry"));
        let single = read_document("one.json", r#"{"title": "T", "body": "x"}"#, &[]);
        assert_eq!(single[0].source, "one.json");
        let broken = read_document("bad.json", "[{\"title\": }]", &[]);
        assert_eq!(
            broken[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Malformed)
        );
        assert!(
            broken[0]
                .reject
                .as_ref()
                .is_some_and(|r| r.detail.contains("line 1, column"))
        );
    }

    #[test]
    fn reads_the_state_department_feed() {
        let text = crate::read::shared_text(
            "corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl",
        );
        let records = read_lines("press.jsonl", &text);
        assert_eq!(records.len(), 1110);
        assert!(records.iter().all(Record::is_accepted));
        assert!(records.iter().all(|r| r.raw.format == RawFormat::Html));
        assert!(records.iter().all(|r| r.raw.meta.title.is_some()));
        assert!(records.iter().all(|r| r.raw.meta.published.is_some()));
        assert!(records.iter().all(|r| {
            r.raw
                .meta
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://www.state.gov/"))
        }));
        assert_eq!(records[1109].source, "press.jsonl#1110");
    }
}
