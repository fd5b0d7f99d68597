//! Records for the writers' tests: an Arabic statement with one row in
//! every child table, an English statement with nulls and no child rows,
//! and a rejected input. The Arabic text is made up for the tests.

use std::path::Path;

use chrono::NaiveDate;

use super::{DatasetWriter, WriteOptions, WrittenFile};
use crate::record::{
    Amount, Calendar, DateMention, DocType, Field, Mention, MentionKind, Precision,
    PublishedSource, Qualifier, Record, RejectReason, Span, Statement,
};

pub const ARABIC_TITLE: &str = "بيان بشأن العراق";
pub const ARABIC_BODY: &str = "تعهد الشركاء بتقديم 600 مليون دولار إلى العراق في عام 2021.";

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

fn body_span(start: i32, end: i32) -> Span {
    Span {
        field: Field::Body,
        start,
        end,
    }
}

/// An accepted Arabic statement with a place, an amount and a year.
pub fn arabic_statement() -> Record {
    let mut record = Record::new("ar/statement.txt", Default::default());
    record.statement = Statement {
        statement_id: "0123456789abcdef".to_string(),
        url: Some("https://example.org/ar/statement".to_string()),
        title: ARABIC_TITLE.to_string(),
        doc_type: DocType::Statement,
        language: "ar".to_string(),
        published: Some(date(2021, 7, 2)),
        published_source: PublishedSource::Metadata,
        dateline: None,
        issuer: Some("مكتب المتحدث الرسمي".to_string()),
        translation_of: Some("https://example.org/en/statement".to_string()),
        paragraphs: vec![ARABIC_BODY.to_string()],
        body: ARABIC_BODY.to_string(),
        word_count: 10,
        boilerplate_lines: 1,
        content_sha256: "ab".repeat(32),
    };
    record.mentions = vec![Mention {
        kind: MentionKind::Place,
        text: "العراق".to_string(),
        name: "Iraq".to_string(),
        wikidata: Some("Q796".to_string()),
        country: Some("IQ".to_string()),
        role: None,
        span: body_span(40, 46),
    }];
    record.amounts = vec![Amount {
        text: "600 مليون دولار".to_string(),
        value_cents: 60_000_000_000,
        currency: "USD".to_string(),
        qualifier: Qualifier::Exact,
        span: body_span(20, 35),
    }];
    record.dates = vec![DateMention {
        text: "عام 2021".to_string(),
        date: date(2021, 1, 1),
        end_date: Some(date(2021, 12, 31)),
        precision: Precision::Year,
        year_inferred: false,
        calendar: Calendar::Gregorian,
        span: body_span(50, 58),
    }];
    record
}

/// An accepted English statement: no date, no URL, no child rows.
pub fn english_statement() -> Record {
    let mut record = Record::new("en/remarks.txt", Default::default());
    record.statement = Statement {
        statement_id: "fedcba9876543210".to_string(),
        title: "Remarks to the press".to_string(),
        doc_type: DocType::Remarks,
        language: "en".to_string(),
        paragraphs: vec!["=1+1 is not a formula here.".to_string()],
        body: "=1+1 is not a formula here.".to_string(),
        word_count: 6,
        content_sha256: "cd".repeat(32),
        ..Statement::default()
    };
    record
}

/// An input that was not accepted.
pub fn rejected() -> Record {
    let mut record = Record::new("broken.bin", Default::default());
    record.reject(
        RejectReason::Binary,
        "the file holds NUL bytes; give a text file",
    );
    record
}

/// All three, in input order.
pub fn all() -> Vec<Record> {
    vec![arabic_statement(), english_statement(), rejected()]
}

/// Writes [`all`] into `dir` as `options` ask; returns the files.
pub fn write_all(dir: &Path, options: &WriteOptions) -> Vec<WrittenFile> {
    let mut writer = DatasetWriter::create(dir, options).expect("sinks open");
    for record in all() {
        writer.write(&record).expect("record written");
    }
    writer.finish().expect("files finished")
}

/// What the descriptive files say about `files` written with the default
/// options, every record written counted as seen.
pub fn data_facts(files: &[WrittenFile]) -> crate::publish::DataFacts<'_> {
    let (statements, rejects) = super::written_records(files).unwrap_or_default();
    crate::publish::DataFacts {
        files,
        csv_formulas: Default::default(),
        records: crate::publish::manifest::RecordCounts {
            seen: statements + rejects,
            statements,
            rejects,
            other_shards: 0,
        },
    }
}

#[test]
fn offsets_slice_back_to_text() {
    let record = arabic_statement();
    let body: Vec<char> = record.statement.body.chars().collect();
    let slice = |span: Span| -> String {
        body[span.start as usize..span.end as usize]
            .iter()
            .collect()
    };
    assert_eq!(slice(record.mentions[0].span), record.mentions[0].text);
    assert_eq!(slice(record.amounts[0].span), record.amounts[0].text);
    assert_eq!(slice(record.dates[0].span), record.dates[0].text);
}
