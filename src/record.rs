//! The one record type that flows through the pipeline.
//!
//! A [`Record`] is born in `read` (where it came from and its raw bytes),
//! gets its structure in `parse` (title, paragraphs, header facts,
//! boilerplate count), its normalised fields in `normalise` (clean text,
//! language, identifiers, extracted dates, amounts and mentions), and is
//! turned into table rows by `write`. A record that a stage cannot accept
//! carries a [`Reject`] from then on; later stages pass it through untouched,
//! so every input record ends in exactly one of `statements` or `rejects`.
//!
//! This module knows no stage: it only defines the data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One input record (a file, or one record of a multi-record file) on its
/// way to becoming a statement or a reject.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Record {
    /// Where it came from: the path relative to the input argument (`-` for
    /// stdin), plus `#N` for the Nth record of a multi-record input.
    pub source: String,
    /// What the reader found: the raw content and any metadata the
    /// container carried (feed fields, front matter, HTML meta tags).
    pub raw: Raw,
    /// The statement as parsed and normalised so far.
    pub statement: Statement,
    /// Dates mentioned in the title and body.
    pub dates: Vec<DateMention>,
    /// Money amounts mentioned in the title and body.
    pub amounts: Vec<Amount>,
    /// Places, people and organisations mentioned in the title and body.
    pub mentions: Vec<Mention>,
    /// Set by the first stage that cannot accept the record.
    pub reject: Option<Reject>,
    /// What `parse` finds in an HTML page, when the reader has already
    /// parsed the page for its metadata: `parse` takes it rather than
    /// parsing the page a second time. Never stored.
    #[serde(skip)]
    pub html_structure: Option<HtmlStructure>,
}

/// The blocks of an HTML document (each a paragraph candidate of one or
/// more lines), and how many of them are whole-block links to other pages
/// (the headlines of a listing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlStructure {
    pub blocks: Vec<Vec<String>>,
    pub link_blocks: usize,
}

impl Record {
    /// A fresh record for `source` holding `raw`.
    pub fn new(source: impl Into<String>, raw: Raw) -> Record {
        Record {
            source: source.into(),
            raw,
            ..Record::default()
        }
    }

    /// Marks the record as rejected, unless an earlier stage already did
    /// (the first reason is the one a person needs to fix).
    pub fn reject(&mut self, reason: RejectReason, detail: impl Into<String>) {
        if self.reject.is_none() {
            self.reject = Some(Reject {
                reason,
                detail: detail.into(),
            });
        }
    }

    /// True while no stage has rejected the record.
    pub fn is_accepted(&self) -> bool {
        self.reject.is_none()
    }
}

/// The record as the reader handed it over.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Raw {
    /// The decoded text of the statement (for a plain-text input: the whole
    /// file). Empty when the reader rejected the record.
    pub text: String,
    /// How the text is marked up, so `parse` knows how to find its structure.
    pub format: RawFormat,
    /// Metadata carried beside the text by the container, if any.
    pub meta: SourceMeta,
}

/// The markup of [`Raw::text`].
#[derive(Debug, Clone, Serialize, Deserialize, Copy, Default, PartialEq, Eq)]
pub enum RawFormat {
    /// Plain text: first non-empty line is the title, paragraphs follow.
    #[default]
    PlainText,
    /// An HTML document or fragment.
    Html,
    /// Markdown (front matter already taken into [`SourceMeta`]).
    Markdown,
}

/// Metadata a container gave about a record (feed item fields, front matter,
/// HTML meta tags). Every field is optional: plain text carries none.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
pub struct SourceMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub language: Option<String>,
    pub issuer: Option<String>,
}

/// A statement's fields, one per column of the `statements` table.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
pub struct Statement {
    pub statement_id: String,
    pub url: Option<String>,
    pub title: String,
    pub doc_type: DocType,
    pub language: String,
    pub published: Option<NaiveDate>,
    pub published_source: PublishedSource,
    pub dateline: Option<String>,
    pub issuer: Option<String>,
    pub translation_of: Option<String>,
    /// Body paragraphs, boilerplate removed. `body` is these joined by one
    /// blank line.
    pub paragraphs: Vec<String>,
    pub body: String,
    pub word_count: i32,
    pub boilerplate_lines: i32,
    pub content_sha256: String,
}

impl Statement {
    /// Number of paragraphs in the body, as the table stores it.
    pub fn paragraph_count(&self) -> i32 {
        i32::try_from(self.paragraphs.len()).unwrap_or(i32::MAX)
    }
}

/// What kind of document a statement is (`statements.doc_type`).
#[derive(
    Debug, Clone, Serialize, Deserialize, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum DocType {
    Statement,
    JointStatement,
    PressRelease,
    Readout,
    Remarks,
    Speech,
    Briefing,
    Interview,
    FactSheet,
    MediaNote,
    Notice,
    Letter,
    #[default]
    Other,
}

impl DocType {
    /// Every doc type, in the order the contract lists them.
    pub const ALL: [DocType; 13] = [
        DocType::Statement,
        DocType::JointStatement,
        DocType::PressRelease,
        DocType::Readout,
        DocType::Remarks,
        DocType::Speech,
        DocType::Briefing,
        DocType::Interview,
        DocType::FactSheet,
        DocType::MediaNote,
        DocType::Notice,
        DocType::Letter,
        DocType::Other,
    ];

    /// The code written to the dataset.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Statement => "statement",
            DocType::JointStatement => "joint_statement",
            DocType::PressRelease => "press_release",
            DocType::Readout => "readout",
            DocType::Remarks => "remarks",
            DocType::Speech => "speech",
            DocType::Briefing => "briefing",
            DocType::Interview => "interview",
            DocType::FactSheet => "fact_sheet",
            DocType::MediaNote => "media_note",
            DocType::Notice => "notice",
            DocType::Letter => "letter",
            DocType::Other => "other",
        }
    }
}

/// Where `published` came from (`statements.published_source`).
#[derive(Debug, Clone, Serialize, Deserialize, Copy, Default, PartialEq, Eq)]
pub enum PublishedSource {
    Metadata,
    Dateline,
    Url,
    Text,
    #[default]
    None,
}

impl PublishedSource {
    pub const ALL: [PublishedSource; 5] = [
        PublishedSource::Metadata,
        PublishedSource::Dateline,
        PublishedSource::Url,
        PublishedSource::Text,
        PublishedSource::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Metadata => "metadata",
            PublishedSource::Dateline => "dateline",
            PublishedSource::Url => "url",
            PublishedSource::Text => "text",
            PublishedSource::None => "none",
        }
    }
}

/// Which text field an extracted value sits in.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Body,
}

impl Field {
    pub const ALL: [Field; 2] = [Field::Title, Field::Body];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
        }
    }
}

/// Where an extracted value sits: a field and a code-point range in it.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub field: Field,
    /// Offset of the first code point.
    pub start: i32,
    /// Offset one past the last code point.
    pub end: i32,
}

/// A place, person or organisation mentioned (`mentions` table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mention {
    pub kind: MentionKind,
    /// The surface form as written, without clitics or punctuation.
    pub text: String,
    /// Canonical English name.
    pub name: String,
    pub wikidata: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    Place,
    Person,
    Organization,
}

impl MentionKind {
    pub const ALL: [MentionKind; 3] = [
        MentionKind::Place,
        MentionKind::Person,
        MentionKind::Organization,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Place => "place",
            MentionKind::Person => "person",
            MentionKind::Organization => "organization",
        }
    }
}

/// A money amount (`amounts` table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Amount {
    pub text: String,
    /// The amount in hundredths of the currency unit (600 million →
    /// 60_000_000_000), so that `decimal(38,2)` holds it exactly.
    pub value_cents: i128,
    /// ISO 4217 code.
    pub currency: String,
    pub qualifier: Qualifier,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    About,
    MoreThan,
    LessThan,
    AtLeast,
    UpTo,
}

impl Qualifier {
    pub const ALL: [Qualifier; 6] = [
        Qualifier::Exact,
        Qualifier::About,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::AtLeast,
        Qualifier::UpTo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::UpTo => "up_to",
        }
    }
}

/// A date or period mentioned (`dates` table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DateMention {
    pub text: String,
    /// First day of the date or period.
    pub date: NaiveDate,
    /// Last day, for periods and ranges.
    pub end_date: Option<NaiveDate>,
    pub precision: Precision,
    pub year_inferred: bool,
    pub calendar: Calendar,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub const ALL: [Precision; 3] = [Precision::Day, Precision::Month, Precision::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    Gregorian,
    Islamic,
    Persian,
}

impl Calendar {
    pub const ALL: [Calendar; 3] = [Calendar::Gregorian, Calendar::Islamic, Calendar::Persian];

    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Islamic => "islamic",
            Calendar::Persian => "persian",
        }
    }
}

/// Why a record was not accepted (`rejects` table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Reject {
    pub reason: RejectReason,
    /// A sentence a person can act on.
    pub detail: String,
}

/// The short reject codes of the `rejects.reason` column.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, Hash)]
pub enum RejectReason {
    /// The bytes are not valid UTF-8 (and no other encoding was declared).
    NotUtf8,
    /// Nothing but white space.
    Empty,
    /// Over a configured size limit.
    TooLarge,
    /// Looks like a binary file (NUL bytes, control characters).
    Binary,
    /// Could not be read or parsed as the format it claims.
    Malformed,
    /// Only web boilerplate, or a page that is not a statement.
    NotAStatement,
    /// The same content as a statement exported earlier in the run.
    Duplicate,
    /// The file could not be read at all (permissions, I/O error).
    Unreadable,
}

impl RejectReason {
    pub const ALL: [RejectReason; 8] = [
        RejectReason::NotUtf8,
        RejectReason::Empty,
        RejectReason::TooLarge,
        RejectReason::Binary,
        RejectReason::Malformed,
        RejectReason::NotAStatement,
        RejectReason::Duplicate,
        RejectReason::Unreadable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::NotUtf8 => "not_utf8",
            RejectReason::Empty => "empty",
            RejectReason::TooLarge => "too_large",
            RejectReason::Binary => "binary",
            RejectReason::Malformed => "malformed",
            RejectReason::NotAStatement => "not_a_statement",
            RejectReason::Duplicate => "duplicate",
            RejectReason::Unreadable => "unreadable",
        }
    }
}
