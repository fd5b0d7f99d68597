//! `statements.jsonld`: every accepted statement as one JSON-LD 1.1
//! document, `{"@context": {...}, "@graph": [...]}`, written as the records
//! arrive (one statement a line inside `@graph`).
//!
//! The context and every key come from [`crate::schema::context`], so the
//! document cannot use a term the context does not define. A statement is
//! an `Article` whose `@id` is the base IRI followed by its `statement_id`;
//! its mentions, amounts and dates are nested nodes. Text carries its
//! language and, when it reads right to left, its direction.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;

use super::csv::decimal;
use super::direction::is_rtl;
use super::json_string::write_str;
use super::output::{BUFFER_BYTES, OutputFile};
use super::{Format, Sink, WriteOptions, WrittenFile};
use crate::record::Record;
use crate::schema::context::{context, key};
use crate::schema::{LdValue, STATEMENTS, TABLES, Table, Value};

/// The file name.
pub const FILE_NAME: &str = "statements.jsonld";

/// The undetermined language: text in it gets no `@language`.
const UNDETERMINED: &str = "und";

/// All statements as one JSON-LD document.
pub struct JsonLdSink {
    path: PathBuf,
    writer: BufWriter<OutputFile>,
    /// The `@id` prefix, ready to have an id appended.
    base: String,
    rows: u64,
}

impl JsonLdSink {
    pub fn create(path: PathBuf, options: &WriteOptions) -> anyhow::Result<JsonLdSink> {
        let base = statement_base(&options.base_iri)?;
        let mut writer = BufWriter::with_capacity(BUFFER_BYTES, OutputFile::create(&path)?);
        let context = serde_json::to_string_pretty(&context())?.replace('\n', "\n  ");
        write!(writer, "{{\n  \"@context\": {context},\n  \"@graph\": [")
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(JsonLdSink {
            path,
            writer,
            base,
            rows: 0,
        })
    }
}

impl Sink for JsonLdSink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        if (STATEMENTS.rows)(record) == 0 {
            return Ok(());
        }
        let separator = if self.rows == 0 { "\n    " } else { ",\n    " };
        self.writer
            .write_all(separator.as_bytes())
            .and_then(|()| write_statement(&mut self.writer, record, &self.base))
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<WrittenFile> {
        self.writer.write_all(b"\n  ]\n}\n")?;
        let path = self.path.clone();
        let file = self
            .writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot flush {}: {}", path.display(), e.error()))?;
        let finished = file.finish()?;
        Ok(WrittenFile {
            name: FILE_NAME.to_string(),
            format: Format::JsonLd,
            table: None,
            rows: self.rows,
            sha256: Some(finished.sha256),
        })
    }
}

/// The `@id` prefix for `--base-iri`: the base itself when it ends in `/`,
/// `#` or `:`; else the base with `/` (hierarchical IRIs such as
/// `https://…`) or `:` (URNs) added, so that the id never runs into it.
pub fn statement_base(base: &str) -> anyhow::Result<String> {
    if !is_absolute_iri(base) {
        anyhow::bail!(
            "the base IRI {base:?} is not an absolute IRI; give one with a scheme and no spaces, \
             such as https://data.example.org/statements/ or urn:example:statement:"
        );
    }
    let mut prefix = base.to_string();
    if !base.ends_with(['/', '#', ':']) {
        prefix.push(if base.contains("://") { '/' } else { ':' });
    }
    Ok(prefix)
}

/// A scheme (RFC 3987: a letter, then letters, digits, `+`, `-`, `.`), a
/// colon, and nothing an IRI may not hold.
fn is_absolute_iri(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok && iri_chars_allowed(text)
}

/// Whether `text` holds nothing an IRI may not: white space, control
/// characters, `<>"{}|\^` and the backtick.
fn iri_chars_allowed(text: &str) -> bool {
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    };
    !text.chars().any(forbidden)
}

/// One statement with its nested mentions, amounts and dates, written
/// straight to `out` as compact JSON: no tree of values is built first,
/// since a statement has dozens of nested nodes.
fn write_statement<W: Write>(out: &mut W, record: &Record, base: &str) -> io::Result<()> {
    let language = language_tag(&record.statement.language);
    let mut node = Object::open(out)?;
    node.key("@id")?;
    write_str(
        node.out,
        &format!("{base}{}", record.statement.statement_id),
    )?;
    write_row(&mut node, &STATEMENTS, record, 0, language)?;
    for table in TABLES {
        let Some(link) = table.jsonld.as_ref().and_then(|ld| ld.link) else {
            continue;
        };
        let rows = (table.rows)(record);
        if rows == 0 {
            continue;
        }
        node.key(key(link))?;
        node.out.write_all(b"[")?;
        for row in 0..rows {
            if row > 0 {
                node.out.write_all(b",")?;
            }
            let mut child = Object::open(node.out)?;
            write_row(&mut child, table, record, row, language)?;
            child.close()?;
        }
        node.out.write_all(b"]")?;
    }
    node.close()
}

/// A JSON object being written: entries go out in the order they are
/// given.
struct Object<'w, W: Write> {
    out: &'w mut W,
    empty: bool,
}

impl<'w, W: Write> Object<'w, W> {
    fn open(out: &'w mut W) -> io::Result<Object<'w, W>> {
        out.write_all(b"{")?;
        Ok(Object { out, empty: true })
    }

    /// Writes `key` and the colon; the value is written next.
    fn key(&mut self, key: &str) -> io::Result<()> {
        if !self.empty {
            self.out.write_all(b",")?;
        }
        self.empty = false;
        write_str(self.out, key)?;
        self.out.write_all(b":")
    }

    fn close(self) -> io::Result<()> {
        self.out.write_all(b"}")
    }
}

/// `@type` and every column with a term, nulls left out. The schema gives
/// every column of a table its own term (checked in `crate::schema`), so
/// no key is written twice.
fn write_row<W: Write>(
    node: &mut Object<'_, W>,
    table: &Table,
    record: &Record,
    row: usize,
    language: Option<&str>,
) -> io::Result<()> {
    if let Some(ld) = &table.jsonld {
        node.key("@type")?;
        write_str(node.out, key((ld.class_of)(record, row)))?;
    }
    for column in table.columns {
        let Some(term) = column.term else {
            continue;
        };
        let value = (column.get)(record, row);
        if value == Value::Null {
            continue;
        }
        node.key(key(term))?;
        write_value(node.out, value, column.ld, language)?;
    }
    Ok(())
}

/// The JSON-LD form of a cell that is not null. Dates and decimals are
/// strings that the context types as `xsd:date` and `xsd:decimal`.
fn write_value<W: Write>(
    out: &mut W,
    value: Value<'_>,
    ld: LdValue,
    language: Option<&str>,
) -> io::Result<()> {
    match value {
        Value::Null => out.write_all(b"null"),
        Value::Str(text) => match ld {
            LdValue::Literal => write_str(out, text),
            LdValue::StatementText => write_text(out, text, language),
            LdValue::EnglishText => write_text(out, text, Some("en")),
            LdValue::Iri { prefix } => write_iri(out, prefix, text),
        },
        Value::Date(date) => write_str(out, &date.format("%Y-%m-%d").to_string()),
        Value::Decimal(cents) => write_str(out, &decimal(cents)),
        Value::Int(n) => out.write_all(itoa::Buffer::new().format(n).as_bytes()),
        Value::Bool(flag) => out.write_all(if flag { b"true" } else { b"false" }),
    }
}

/// An IRI, which the context coerces to a node reference. A value that
/// is not an absolute IRI would be resolved against wherever the document
/// is read (or dropped from RDF), so it is kept as a plain literal instead.
fn write_iri<W: Write>(out: &mut W, prefix: &str, text: &str) -> io::Result<()> {
    let iri = format!("{prefix}{text}");
    // A prefix of the schema is an absolute IRI (a test checks them all),
    // so after one only `text` needs looking at.
    let absolute = if prefix.is_empty() {
        is_absolute_iri(text)
    } else {
        iri_chars_allowed(text)
    };
    if absolute {
        return write_str(out, &iri);
    }
    let mut value = Object::open(out)?;
    value.key("@value")?;
    write_str(value.out, &iri)?;
    value.close()
}

/// Text with its language and, when its first strong character is
/// right-to-left (Unicode bidi rules P2 and P3), `@direction: "rtl"`.
fn write_text<W: Write>(out: &mut W, text: &str, language: Option<&str>) -> io::Result<()> {
    let rtl = is_rtl(text);
    if language.is_none() && !rtl {
        return write_str(out, text);
    }
    let mut value = Object::open(out)?;
    value.key("@value")?;
    write_str(value.out, text)?;
    if let Some(language) = language {
        value.key("@language")?;
        write_str(value.out, language)?;
    }
    if rtl {
        value.key("@direction")?;
        write_str(value.out, "rtl")?;
    }
    value.close()
}

/// The statement's language as a `@language`, unless unknown.
fn language_tag(language: &str) -> Option<&str> {
    (!language.is_empty() && language != UNDETERMINED).then_some(language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::context::context;
    use crate::write::test_records;
    use serde_json::{Value as Json, json};

    fn document(records: &[Record], base_iri: &str) -> Json {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let options = WriteOptions {
            base_iri: base_iri.to_string(),
            ..WriteOptions::default()
        };
        let mut sink = Box::new(JsonLdSink::create(path.clone(), &options).expect("sink opens"));
        for record in records {
            sink.write(record).expect("record written");
        }
        let written = sink.finish().expect("file finished");
        assert_eq!(
            written.rows,
            records.iter().filter(|r| r.is_accepted()).count() as u64
        );
        let text = std::fs::read_to_string(&path).expect("file written");
        serde_json::from_str(&text).expect("the document is JSON")
    }

    #[test]
    fn statements_are_articles_with_nested_nodes() {
        let doc = document(&test_records::all(), "urn:bayan:statement:");
        assert_eq!(doc["@context"], context());
        let graph = doc["@graph"].as_array().expect("@graph is a list");
        assert_eq!(graph.len(), 2, "the reject is left out");
        let arabic = &graph[0];
        assert_eq!(arabic["@id"], json!("urn:bayan:statement:0123456789abcdef"));
        assert_eq!(arabic["@type"], json!("Article"));
        assert_eq!(arabic["genre"], json!("statement"));
        assert_eq!(arabic["inLanguage"], json!("ar"));
        assert_eq!(arabic["datePublished"], json!("2021-07-02"));
        assert_eq!(arabic["url"], json!("https://example.org/ar/statement"));
        assert_eq!(
            arabic["headline"],
            json!({"@value": test_records::ARABIC_TITLE, "@language": "ar", "@direction": "rtl"})
        );
        assert_eq!(arabic["publishedSource"], json!("metadata"));
        assert_eq!(arabic["paragraphCount"], json!(1));
        assert!(arabic.get("dateline").is_none(), "nulls are left out");

        let place = &arabic["mentions"][0];
        assert_eq!(place["@type"], json!("Place"));
        assert_eq!(place["name"], json!({"@value": "Iraq", "@language": "en"}));
        assert_eq!(
            place["sameAs"],
            json!("http://www.wikidata.org/entity/Q796")
        );
        assert_eq!(place["start"], json!(40));
        assert!(place.get("jobTitle").is_none());
        let amount = &arabic["amount"][0];
        assert_eq!(amount["@type"], json!("MonetaryAmount"));
        assert_eq!(amount["value"], json!("600000000.00"));
        assert_eq!(amount["currency"], json!("USD"));
        let date = &arabic["dateMention"][0];
        assert_eq!(date["@type"], json!("DateMention"));
        assert_eq!(date["startDate"], json!("2021-01-01"));
        assert_eq!(date["endDate"], json!("2021-12-31"));
        assert_eq!(date["yearInferred"], json!(false));
    }

    #[test]
    fn english_text_has_no_direction_and_keeps_formulas() {
        let doc = document(&test_records::all(), "urn:bayan:statement:");
        let english = &doc["@graph"][1];
        assert_eq!(
            english["text"],
            json!({"@value": "=1+1 is not a formula here.", "@language": "en"})
        );
        assert!(
            english.get("mentions").is_none(),
            "empty lists are left out"
        );
        assert!(english.get("datePublished").is_none());
    }

    /// Every key outside JSON-LD keywords, at any depth.
    fn keys(value: &Json, into: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (key, inner) in map {
                    if !key.starts_with('@') {
                        into.push(key.clone());
                    }
                    keys(inner, into);
                }
            }
            Json::Array(items) => items.iter().for_each(|item| keys(item, into)),
            _ => {}
        }
    }

    #[test]
    fn every_key_is_defined_in_the_context() {
        let doc = document(&test_records::all(), "urn:bayan:statement:");
        let mut used = Vec::new();
        keys(&doc["@graph"], &mut used);
        assert!(used.len() > 30, "the test records use most terms");
        let context = context();
        for key in used {
            assert!(context.get(&key).is_some(), "{key} is not in the context");
        }
    }

    #[test]
    fn every_iri_prefix_is_absolute() {
        let prefixes = TABLES
            .iter()
            .flat_map(|table| table.columns)
            .filter_map(|column| match column.ld {
                LdValue::Iri { prefix } if !prefix.is_empty() => Some(prefix),
                _ => None,
            });
        let mut count = 0;
        for prefix in prefixes {
            assert!(is_absolute_iri(prefix), "{prefix}");
            count += 1;
        }
        assert!(count > 0, "the schema has IRI prefixes");
    }

    #[test]
    fn relative_urls_stay_literals() {
        let mut record = test_records::english_statement();
        record.statement.url = Some("/en/remarks".to_string());
        record.statement.translation_of = Some("https://example.org/fr/remarques".to_string());
        let doc = document(&[record], "urn:bayan:statement:");
        let node = &doc["@graph"][0];
        assert_eq!(node["url"], json!({"@value": "/en/remarks"}));
        assert_eq!(
            node["translationOfWork"],
            json!("https://example.org/fr/remarques")
        );
    }

    #[test]
    fn no_statements_is_an_empty_graph() {
        let doc = document(&[test_records::rejected()], "urn:bayan:statement:");
        assert_eq!(doc["@graph"], json!([]));
    }

    #[test]
    fn base_iris_get_a_separator() {
        let base = |b: &str| statement_base(b).expect("valid base");
        assert_eq!(base("urn:bayan:statement:"), "urn:bayan:statement:");
        assert_eq!(base("urn:example:statement"), "urn:example:statement:");
        assert_eq!(
            base("https://data.example.org/s/"),
            "https://data.example.org/s/"
        );
        assert_eq!(
            base("https://data.example.org/s"),
            "https://data.example.org/s/"
        );
        assert_eq!(
            base("https://data.example.org/s#"),
            "https://data.example.org/s#"
        );
        for bad in [
            "statements/",
            "",
            "1http://x/",
            "https://x.org/a b/",
            "://x",
        ] {
            assert!(statement_base(bad).is_err(), "{bad:?} is refused");
        }
        let doc = document(
            &[test_records::english_statement()],
            "https://data.example.org/s",
        );
        assert_eq!(
            doc["@graph"][0]["@id"],
            json!("https://data.example.org/s/fedcba9876543210")
        );
    }
}
