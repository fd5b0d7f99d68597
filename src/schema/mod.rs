//! The one definition of the dataset's tables.
//!
//! Every column of the contract (`DATASET.md`) is defined here exactly once:
//! its name, position, type, nullability, meaning, allowed values, the
//! JSON-LD term it maps to, and how to read its value off a [`Record`]. The
//! CSV headers and cells, the Arrow/Parquet schemas, the Frictionless table
//! schemas, the JSON Schema of a statement and the JSON-LD context are all
//! derived from these definitions, so they cannot drift apart.

pub mod context;
pub mod files;
pub mod json_schema;
pub mod table_schema;
pub mod vocab;

use chrono::NaiveDate;

use crate::record::{
    Calendar, DocType, Field, MentionKind, Precision, PublishedSource, Qualifier, Record,
    RejectReason,
};

/// Version of the dataset contract these tables implement. Written into
/// Parquet key-value metadata, `datapackage.json` and the JSON Schema.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// The logical type of a column, as Parquet/Arrow and the CSV text form
/// understand it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Utf8,
    /// A calendar date; `YYYY-MM-DD` in CSV, `date32` in Parquet.
    Date32,
    /// A decimal with 38 digits and 2 after the point; plain `123.45` in CSV.
    Decimal38x2,
    /// A 32-bit signed integer.
    Int32,
    /// `true` / `false`.
    Bool,
}

/// One cell, borrowed from the record it describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Str(&'a str),
    Date(NaiveDate),
    /// Hundredths of the unit: the `decimal(38,2)` unscaled value.
    Decimal(i128),
    Int(i32),
    Bool(bool),
}

impl<'a> Value<'a> {
    /// `Str` for `Some`, `Null` for `None`.
    pub fn opt_str(text: &'a Option<String>) -> Value<'a> {
        text.as_deref().map_or(Value::Null, Value::Str)
    }

    /// `Date` for `Some`, `Null` for `None`.
    pub fn opt_date(date: Option<NaiveDate>) -> Value<'a> {
        date.map_or(Value::Null, Value::Date)
    }
}

/// Reads one cell: the record, and the index of the row within the rows
/// that record contributes to the table (always 0 for one-row tables).
pub type Getter = for<'a> fn(&'a Record, usize) -> Value<'a>;

/// One column of a table.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    pub nullable: bool,
    /// What the column means, for schemas and the dataset card.
    pub description: &'static str,
    /// The only values allowed, where the column is a code list.
    pub allowed: Option<fn() -> Vec<&'static str>>,
    /// The JSON-LD term (compact IRI) the value maps to; `None` when the
    /// column is structural in JSON-LD (ids, offsets) or not exported there.
    pub term: Option<&'static str>,
    /// How a value of the column is written in JSON-LD.
    pub ld: LdValue,
    pub get: Getter,
}

/// How a column's value is written in JSON-LD, beyond what its type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LdValue {
    /// A plain literal: codes, ids, hashes, numbers, dates (typed through
    /// the context from the column type).
    Literal,
    /// Natural-language text in the statement's language: a value object
    /// with `@language` and, for right-to-left text, `@direction`.
    StatementText,
    /// Natural-language text in English (canonical names).
    EnglishText,
    /// A node reference: the IRI is `prefix` followed by the value.
    Iri { prefix: &'static str },
}

/// How a table's rows appear in the JSON-LD document.
#[derive(Debug)]
pub struct LdNode {
    /// The property linking a statement to each of the table's rows;
    /// `None` when the rows are the statements themselves (the graph's
    /// top-level nodes).
    pub link: Option<&'static str>,
    /// Every class a row's node can have (compact IRIs), for the context.
    pub classes: &'static [&'static str],
    /// The class of one row's node.
    pub class_of: fn(&Record, usize) -> &'static str,
}

/// A foreign key from a table to another.
#[derive(Debug)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

/// One table of the dataset.
#[derive(Debug)]
pub struct Table {
    /// File stem: `statements` gives `statements.csv` and `statements.parquet`.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// Whether the contract asks for a Parquet file beside the CSV.
    pub parquet: bool,
    /// How the rows appear in JSON-LD; `None` when they do not.
    pub jsonld: Option<LdNode>,
    /// How many rows a record contributes.
    pub rows: fn(&Record) -> usize,
}

impl Table {
    /// The column called `name`, if the table has one.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// All tables, in the order the contract lists them.
pub static TABLES: [&Table; 5] = [&STATEMENTS, &MENTIONS, &AMOUNTS, &DATES, &REJECTS];

fn accepted_rows(record: &Record) -> usize {
    usize::from(record.is_accepted())
}

fn statement_id(record: &Record, _row: usize) -> Value<'_> {
    Value::Str(&record.statement.statement_id)
}

fn doc_types() -> Vec<&'static str> {
    DocType::ALL.iter().map(|d| d.as_str()).collect()
}

fn published_sources() -> Vec<&'static str> {
    PublishedSource::ALL.iter().map(|d| d.as_str()).collect()
}

fn fields() -> Vec<&'static str> {
    Field::ALL.iter().map(|d| d.as_str()).collect()
}

fn mention_kinds() -> Vec<&'static str> {
    MentionKind::ALL.iter().map(|d| d.as_str()).collect()
}

fn qualifiers() -> Vec<&'static str> {
    Qualifier::ALL.iter().map(|d| d.as_str()).collect()
}

fn precisions() -> Vec<&'static str> {
    Precision::ALL.iter().map(|d| d.as_str()).collect()
}

fn calendars() -> Vec<&'static str> {
    Calendar::ALL.iter().map(|d| d.as_str()).collect()
}

fn reject_reasons() -> Vec<&'static str> {
    RejectReason::ALL.iter().map(|d| d.as_str()).collect()
}

/// Wikidata's IRI prefix for entities: `Q796` is
/// `http://www.wikidata.org/entity/Q796`.
const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";

const STATEMENT_ID_DESCRIPTION: &str = "The statement (joins statements.statement_id)";

/// `statement_id` as the first column of a child table.
const CHILD_STATEMENT_ID: Column = Column {
    name: "statement_id",
    ty: ColumnType::Utf8,
    nullable: false,
    description: STATEMENT_ID_DESCRIPTION,
    allowed: None,
    term: None,
    ld: LdValue::Literal,
    get: statement_id,
};

/// A plain column: no code list; `term` where JSON-LD carries it.
const fn column(
    name: &'static str,
    ty: ColumnType,
    nullable: bool,
    description: &'static str,
    term: Option<&'static str>,
    get: Getter,
) -> Column {
    Column {
        name,
        ty,
        nullable,
        description,
        allowed: None,
        term,
        ld: LdValue::Literal,
        get,
    }
}

/// A column whose values come from a fixed code list.
const fn code_column(
    name: &'static str,
    description: &'static str,
    allowed: fn() -> Vec<&'static str>,
    term: Option<&'static str>,
    get: Getter,
) -> Column {
    Column {
        allowed: Some(allowed),
        ..column(name, Utf8, false, description, term, get)
    }
}

/// A column of natural-language text in the statement's language.
const fn text_column(
    name: &'static str,
    nullable: bool,
    description: &'static str,
    term: Option<&'static str>,
    get: Getter,
) -> Column {
    Column {
        ld: LdValue::StatementText,
        ..column(name, Utf8, nullable, description, term, get)
    }
}

/// A column whose value, after `prefix`, is an IRI.
const fn iri_column(
    name: &'static str,
    prefix: &'static str,
    description: &'static str,
    term: Option<&'static str>,
    get: Getter,
) -> Column {
    Column {
        ld: LdValue::Iri { prefix },
        ..column(name, Utf8, true, description, term, get)
    }
}

use ColumnType::{Bool, Date32, Decimal38x2, Int32, Utf8};

pub static STATEMENTS: Table = Table {
    name: "statements",
    title: "Statements",
    description: "One row per accepted statement.",
    primary_key: &["statement_id"],
    foreign_keys: &[],
    parquet: true,
    jsonld: Some(LdNode {
        link: None,
        classes: &["Article"],
        class_of: |_, _| "Article",
    }),
    rows: accepted_rows,
    columns: &[
        column(
            "statement_id",
            Utf8,
            false,
            "Stable id, 16 lowercase hex characters: from the canonical URL when the input gives one, else from the normalised content",
            Some("identifier"),
            statement_id,
        ),
        iri_column(
            "url",
            "",
            "Canonical URL when known",
            Some("url"),
            |r, _| Value::opt_str(&r.statement.url),
        ),
        column(
            "source",
            Utf8,
            false,
            "Where it came from: path relative to the input argument (- for stdin), plus #N for the Nth record of a multi-record input",
            Some("bayan:source"),
            |r, _| Value::Str(&r.source),
        ),
        text_column(
            "title",
            false,
            "Normalised title",
            Some("headline"),
            |r, _| Value::Str(&r.statement.title),
        ),
        code_column(
            "doc_type",
            "Kind of document",
            doc_types,
            Some("genre"),
            |r, _| Value::Str(r.statement.doc_type.as_str()),
        ),
        column(
            "language",
            Utf8,
            false,
            "BCP 47 language of the text",
            Some("inLanguage"),
            |r, _| Value::Str(&r.statement.language),
        ),
        column(
            "published",
            Date32,
            true,
            "Publication date",
            Some("datePublished"),
            |r, _| Value::opt_date(r.statement.published),
        ),
        code_column(
            "published_source",
            "Where published came from",
            published_sources,
            Some("bayan:publishedSource"),
            |r, _| Value::Str(r.statement.published_source.as_str()),
        ),
        text_column(
            "dateline",
            true,
            "Place of the dateline or header, as written",
            Some("bayan:dateline"),
            |r, _| Value::opt_str(&r.statement.dateline),
        ),
        text_column(
            "issuer",
            true,
            "Issuing office or person, as written",
            Some("bayan:issuer"),
            |r, _| Value::opt_str(&r.statement.issuer),
        ),
        iri_column(
            "translation_of",
            "",
            "URL of the original when the statement says it is a translation",
            Some("translationOfWork"),
            |r, _| Value::opt_str(&r.statement.translation_of),
        ),
        text_column(
            "body",
            false,
            "Normalised body, paragraphs separated by one blank line, boilerplate removed",
            Some("text"),
            |r, _| Value::Str(&r.statement.body),
        ),
        column(
            "paragraph_count",
            Int32,
            false,
            "Paragraphs in body",
            Some("bayan:paragraphCount"),
            |r, _| Value::Int(r.statement.paragraph_count()),
        ),
        column(
            "word_count",
            Int32,
            false,
            "Words in body (Unicode word segmentation)",
            Some("wordCount"),
            |r, _| Value::Int(r.statement.word_count),
        ),
        column(
            "boilerplate_lines",
            Int32,
            false,
            "Lines removed as web boilerplate",
            Some("bayan:boilerplateLines"),
            |r, _| Value::Int(r.statement.boilerplate_lines),
        ),
        column(
            "content_sha256",
            Utf8,
            false,
            "Hex SHA-256 of title + \"\\n\\n\" + body",
            Some("bayan:contentSha256"),
            |r, _| Value::Str(&r.statement.content_sha256),
        ),
    ],
};

const STATEMENT_FK: &[ForeignKey] = &[ForeignKey {
    fields: &["statement_id"],
    table: "statements",
    reference: &["statement_id"],
}];

/// The schema.org class of a mentioned thing (`@type` in JSON-LD, which
/// also carries the `kind` column).
fn mention_class(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Place => "Place",
        MentionKind::Person => "Person",
        MentionKind::Organization => "Organization",
    }
}

fn mention_rows(record: &Record) -> usize {
    if record.is_accepted() {
        record.mentions.len()
    } else {
        0
    }
}

fn amount_rows(record: &Record) -> usize {
    if record.is_accepted() {
        record.amounts.len()
    } else {
        0
    }
}

fn date_rows(record: &Record) -> usize {
    if record.is_accepted() {
        record.dates.len()
    } else {
        0
    }
}

pub static MENTIONS: Table = Table {
    name: "mentions",
    title: "Mentions",
    description: "One row per mention of a place, person or organisation.",
    primary_key: &["statement_id", "field", "start", "end", "kind"],
    foreign_keys: STATEMENT_FK,
    parquet: true,
    jsonld: Some(LdNode {
        link: Some("mentions"),
        classes: &["Place", "Person", "Organization"],
        class_of: |r, i| mention_class(r.mentions[i].kind),
    }),
    rows: mention_rows,
    columns: &[
        CHILD_STATEMENT_ID,
        code_column(
            "kind",
            "place, person or organization",
            mention_kinds,
            None,
            |r, i| Value::Str(r.mentions[i].kind.as_str()),
        ),
        text_column(
            "text",
            false,
            "The surface form as written, without attached clitics or punctuation",
            Some("bayan:surfaceForm"),
            |r, i| Value::Str(&r.mentions[i].text),
        ),
        Column {
            ld: LdValue::EnglishText,
            ..column(
                "name",
                Utf8,
                false,
                "Canonical English name",
                Some("name"),
                |r, i| Value::Str(&r.mentions[i].name),
            )
        },
        iri_column(
            "wikidata",
            WIKIDATA_ENTITY,
            "Wikidata Q-identifier",
            Some("sameAs"),
            |r, i| Value::opt_str(&r.mentions[i].wikidata),
        ),
        column(
            "country",
            Utf8,
            true,
            "ISO 3166-1 alpha-2 of the country the place is or lies in",
            Some("bayan:country"),
            |r, i| Value::opt_str(&r.mentions[i].country),
        ),
        text_column(
            "role",
            true,
            "For a person: the role or title stated with the name",
            Some("jobTitle"),
            |r, i| Value::opt_str(&r.mentions[i].role),
        ),
        code_column(
            "field",
            "title or body",
            fields,
            Some("bayan:field"),
            |r, i| Value::Str(r.mentions[i].span.field.as_str()),
        ),
        column(
            "start",
            Int32,
            false,
            "Offset of the mention in that field, in Unicode code points",
            Some("bayan:start"),
            |r, i| Value::Int(r.mentions[i].span.start),
        ),
        column(
            "end",
            Int32,
            false,
            "End offset (exclusive), in code points",
            Some("bayan:end"),
            |r, i| Value::Int(r.mentions[i].span.end),
        ),
    ],
};

pub static AMOUNTS: Table = Table {
    name: "amounts",
    title: "Amounts",
    description: "One row per money amount found in a statement.",
    primary_key: &["statement_id", "field", "start", "end"],
    foreign_keys: STATEMENT_FK,
    parquet: true,
    jsonld: Some(LdNode {
        link: Some("bayan:amount"),
        classes: &["MonetaryAmount"],
        class_of: |_, _| "MonetaryAmount",
    }),
    rows: amount_rows,
    columns: &[
        CHILD_STATEMENT_ID,
        text_column(
            "text",
            false,
            "The surface form as written",
            Some("bayan:surfaceForm"),
            |r, i| Value::Str(&r.amounts[i].text),
        ),
        column(
            "value",
            Decimal38x2,
            false,
            "The amount in units of the currency (600 million -> 600000000.00)",
            Some("value"),
            |r, i| Value::Decimal(r.amounts[i].value_cents),
        ),
        column(
            "currency",
            Utf8,
            false,
            "ISO 4217 code",
            Some("currency"),
            |r, i| Value::Str(&r.amounts[i].currency),
        ),
        code_column(
            "qualifier",
            "exact, about, more_than, less_than, at_least or up_to",
            qualifiers,
            Some("bayan:qualifier"),
            |r, i| Value::Str(r.amounts[i].qualifier.as_str()),
        ),
        code_column(
            "field",
            "title or body",
            fields,
            Some("bayan:field"),
            |r, i| Value::Str(r.amounts[i].span.field.as_str()),
        ),
        column(
            "start",
            Int32,
            false,
            "Code point offset",
            Some("bayan:start"),
            |r, i| Value::Int(r.amounts[i].span.start),
        ),
        column(
            "end",
            Int32,
            false,
            "Code point offset, exclusive",
            Some("bayan:end"),
            |r, i| Value::Int(r.amounts[i].span.end),
        ),
    ],
};

pub static DATES: Table = Table {
    name: "dates",
    title: "Dates",
    description: "One row per date or period mentioned in a statement.",
    primary_key: &["statement_id", "field", "start", "end"],
    foreign_keys: STATEMENT_FK,
    parquet: true,
    jsonld: Some(LdNode {
        link: Some("bayan:dateMention"),
        classes: &["bayan:DateMention"],
        class_of: |_, _| "bayan:DateMention",
    }),
    rows: date_rows,
    columns: &[
        CHILD_STATEMENT_ID,
        text_column(
            "text",
            false,
            "The surface form as written",
            Some("bayan:surfaceForm"),
            |r, i| Value::Str(&r.dates[i].text),
        ),
        column(
            "date",
            Date32,
            false,
            "First day of the date or period",
            Some("startDate"),
            |r, i| Value::Date(r.dates[i].date),
        ),
        column(
            "end_date",
            Date32,
            true,
            "Last day, for periods and ranges",
            Some("endDate"),
            |r, i| Value::opt_date(r.dates[i].end_date),
        ),
        code_column(
            "precision",
            "day, month or year: what the text gave",
            precisions,
            Some("bayan:precision"),
            |r, i| Value::Str(r.dates[i].precision.as_str()),
        ),
        column(
            "year_inferred",
            Bool,
            false,
            "True when the year was not written and was inferred",
            Some("bayan:yearInferred"),
            |r, i| Value::Bool(r.dates[i].year_inferred),
        ),
        code_column(
            "calendar",
            "The calendar the text used: gregorian, islamic or persian",
            calendars,
            Some("bayan:calendar"),
            |r, i| Value::Str(r.dates[i].calendar.as_str()),
        ),
        code_column(
            "field",
            "title or body",
            fields,
            Some("bayan:field"),
            |r, i| Value::Str(r.dates[i].span.field.as_str()),
        ),
        column(
            "start",
            Int32,
            false,
            "Code point offset",
            Some("bayan:start"),
            |r, i| Value::Int(r.dates[i].span.start),
        ),
        column(
            "end",
            Int32,
            false,
            "Code point offset, exclusive",
            Some("bayan:end"),
            |r, i| Value::Int(r.dates[i].span.end),
        ),
    ],
};

fn reject_rows(record: &Record) -> usize {
    usize::from(!record.is_accepted())
}

pub static REJECTS: Table = Table {
    name: "rejects",
    title: "Rejects",
    description: "One row per input (or input record) that was not accepted, with the reason.",
    // No primary key: two input arguments may hold files of the same
    // relative name, and both must still be listed.
    primary_key: &[],
    foreign_keys: &[],
    parquet: false,
    jsonld: None,
    rows: reject_rows,
    columns: &[
        column(
            "source",
            Utf8,
            false,
            "Where it came from, as in statements.source",
            None,
            |r, _| Value::Str(&r.source),
        ),
        code_column(
            "reason",
            "A short code saying why the record was not accepted",
            reject_reasons,
            None,
            |r, _| Value::Str(r.reject.as_ref().map_or("", |x| x.reason.as_str())),
        ),
        column(
            "detail",
            Utf8,
            false,
            "A sentence a person can act on",
            None,
            |r, _| Value::Str(r.reject.as_ref().map_or("", |x| x.detail.as_str())),
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The column names and order of DATASET.md, typed here a second time
    /// on purpose: this is the check that the definition matches the
    /// contract.
    #[test]
    fn columns_match_the_contract() {
        let expected: [(&str, &[&str]); 5] = [
            (
                "statements",
                &[
                    "statement_id",
                    "url",
                    "source",
                    "title",
                    "doc_type",
                    "language",
                    "published",
                    "published_source",
                    "dateline",
                    "issuer",
                    "translation_of",
                    "body",
                    "paragraph_count",
                    "word_count",
                    "boilerplate_lines",
                    "content_sha256",
                ],
            ),
            (
                "mentions",
                &[
                    "statement_id",
                    "kind",
                    "text",
                    "name",
                    "wikidata",
                    "country",
                    "role",
                    "field",
                    "start",
                    "end",
                ],
            ),
            (
                "amounts",
                &[
                    "statement_id",
                    "text",
                    "value",
                    "currency",
                    "qualifier",
                    "field",
                    "start",
                    "end",
                ],
            ),
            (
                "dates",
                &[
                    "statement_id",
                    "text",
                    "date",
                    "end_date",
                    "precision",
                    "year_inferred",
                    "calendar",
                    "field",
                    "start",
                    "end",
                ],
            ),
            ("rejects", &["source", "reason", "detail"]),
        ];
        for (table, (name, columns)) in TABLES.iter().zip(expected) {
            assert_eq!(table.name, name);
            let got: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(got, columns, "columns of {name}");
        }
    }

    /// The JSON-LD writer streams each node's keys as it goes, so a key
    /// must never come twice in one node: a statement node holds `@id`,
    /// `@type`, its columns' terms and the links to the nested tables; a
    /// nested node `@type` and its columns' terms.
    #[test]
    fn jsonld_keys_are_unique_in_every_node() {
        let links: Vec<&str> = TABLES
            .iter()
            .filter_map(|t| t.jsonld.as_ref()?.link)
            .map(context::key)
            .collect();
        for table in TABLES.iter().filter(|t| t.jsonld.is_some()) {
            let mut keys = vec!["@type"];
            keys.extend(
                table
                    .columns
                    .iter()
                    .filter_map(|c| c.term)
                    .map(context::key),
            );
            if std::ptr::eq(*table, &STATEMENTS) {
                keys.push("@id");
                keys.extend(&links);
            }
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{}: {keys:?}", table.name);
        }
    }

    #[test]
    fn keys_name_existing_columns() {
        for table in TABLES {
            for key in table.primary_key {
                assert!(table.column(key).is_some(), "{}.{key}", table.name);
            }
            for fk in table.foreign_keys {
                let target = TABLES
                    .iter()
                    .find(|t| t.name == fk.table)
                    .expect("foreign key target exists");
                for (field, reference) in fk.fields.iter().zip(fk.reference) {
                    assert!(table.column(field).is_some());
                    assert!(target.column(reference).is_some());
                }
            }
        }
    }

    #[test]
    fn rows_follow_acceptance() {
        let mut record = Record::default();
        assert_eq!((STATEMENTS.rows)(&record), 1);
        assert_eq!((REJECTS.rows)(&record), 0);
        record.reject(RejectReason::Empty, "nothing here");
        assert_eq!((STATEMENTS.rows)(&record), 0);
        assert_eq!((REJECTS.rows)(&record), 1);
        assert_eq!((REJECTS.columns[1].get)(&record, 0), Value::Str("empty"));
    }
}
