//! Statements as JSON Lines: one statement a line, with its mentions,
//! amounts and dates nested, in the shape of `schemas/statement.schema.json`.
//!
//! The objects are built from the one table definition in
//! [`crate::schema`], as the CSV and Parquet writers build their rows, so the
//! three cannot disagree: columns in contract order, dates as `YYYY-MM-DD`,
//! decimals as strings (`"600000000.00"`, never a binary float), nulls as
//! `null`, and no `statement_id` inside the nested rows. A rejected record
//! is one `rejects` row as an object (`source`, `reason`, `detail`).
//!
//! One shard of a job also writes, beside its rejects, the whole statement
//! of every record it rejected for the URL of a statement it kept
//! ([`crate::dedup::is_held_back`]): in [`HELD_BACK_FILE`] for an export,
//! under the reject object's `held_back` key for `bayan map`. The statement
//! kept for that URL may be a copy of one in another shard; `bayan merge`
//! then rejects it and keeps the held-back statement, as one export of
//! every input does.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use serde_json::{Map, Value as Json};

use super::{Format, Sink, WrittenFile};
use crate::dedup::is_held_back;
use crate::record::Record;
use crate::schema::{REJECTS, STATEMENTS, TABLES, Table, Value};

/// The file of a shard's held-back statements: statement objects, one a
/// line, each also a row of the shard's `rejects` table.
pub const HELD_BACK_FILE: &str = "held-back.jsonl";

/// The key of a `map` reject object that holds the held-back statement.
pub const HELD_BACK_KEY: &str = "held_back";

/// What [`HELD_BACK_FILE`] holds, in a few words (its title in the
/// release's descriptions).
pub const HELD_BACK_TITLE: &str = "Statements held back for the merge of the shards";

/// The tables nested in a statement object: those whose rows belong to a
/// statement (a foreign key to `statements`).
pub fn child_tables() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().copied().filter(|table| {
        table
            .foreign_keys
            .iter()
            .any(|fk| fk.table == STATEMENTS.name)
    })
}

/// The columns of a child table that the nesting makes redundant.
pub fn is_nesting_key(table: &Table, column: &str) -> bool {
    table
        .foreign_keys
        .iter()
        .any(|fk| fk.table == STATEMENTS.name && fk.fields.contains(&column))
}

/// An accepted record as one statement object with its children nested.
pub fn statement_object(record: &Record) -> Json {
    let mut object = row_object(&STATEMENTS, record, 0, |_| true);
    for table in child_tables() {
        let rows: Vec<Json> = (0..(table.rows)(record))
            .map(|row| {
                Json::Object(row_object(table, record, row, |c| {
                    !is_nesting_key(table, c)
                }))
            })
            .collect();
        object.insert(table.name.to_string(), Json::Array(rows));
    }
    Json::Object(object)
}

/// A rejected record as one `rejects` row object; a held-back statement
/// ([`is_held_back`]) is nested under [`HELD_BACK_KEY`].
pub fn reject_object(record: &Record) -> Json {
    let mut object = row_object(&REJECTS, record, 0, |_| true);
    if is_held_back(record) {
        object.insert(HELD_BACK_KEY.to_string(), held_back_object(record));
    }
    Json::Object(object)
}

/// A held-back statement as the statement object it was before its
/// reject (the tables leave out the rows of a rejected record).
fn held_back_object(record: &Record) -> Json {
    let mut whole = record.clone();
    whole.reject = None;
    statement_object(&whole)
}

/// Writes the held-back statements of a shard into [`HELD_BACK_FILE`].
pub struct HeldBackSink {
    path: PathBuf,
    out: BufWriter<File>,
    rows: u64,
}

impl HeldBackSink {
    pub fn create(path: PathBuf) -> anyhow::Result<HeldBackSink> {
        let file = crate::permissions::create_published_file(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(HeldBackSink {
            path,
            out: BufWriter::new(file),
            rows: 0,
        })
    }
}

impl Sink for HeldBackSink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        if is_held_back(record) {
            write_line(&mut self.out, &held_back_object(record))
                .with_context(|| format!("cannot write {}", self.path.display()))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<WrittenFile> {
        self.out
            .flush()
            .and_then(|()| self.out.get_ref().sync_all())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(WrittenFile {
            name: HELD_BACK_FILE.to_string(),
            format: Format::JsonLines,
            table: None,
            rows: self.rows,
            sha256: None,
        })
    }
}

/// One row of `table` as an object of the columns `keep` accepts.
fn row_object(
    table: &Table,
    record: &Record,
    row: usize,
    keep: impl Fn(&str) -> bool,
) -> Map<String, Json> {
    table
        .columns
        .iter()
        .filter(|column| keep(column.name))
        .map(|column| {
            (
                column.name.to_string(),
                json_value((column.get)(record, row)),
            )
        })
        .collect()
}

/// A cell as JSON: the form the JSON Schema of a statement gives.
pub fn json_value(value: Value<'_>) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Str(text) => Json::String(text.to_string()),
        Value::Date(date) => Json::String(date.format("%Y-%m-%d").to_string()),
        Value::Decimal(cents) => Json::String(super::csv::decimal(cents)),
        Value::Int(n) => Json::from(n),
        Value::Bool(b) => Json::Bool(b),
    }
}

/// Writes `object` as one line (compact JSON and `\n`).
pub fn write_line(out: &mut (impl Write + ?Sized), object: &Json) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, object)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::json_schema::statement_schema;
    use crate::write::test_records::all as records;

    /// Every property of an emitted object is one the schema lists, with
    /// the JSON type the schema gives, and every required one is present.
    fn assert_matches(schema: &Json, object: &Json) {
        let properties = schema["properties"].as_object().expect("properties");
        let fields = object.as_object().expect("an object");
        for name in schema["required"].as_array().expect("required") {
            let name = name.as_str().expect("a name");
            assert!(fields.contains_key(name), "{name} is missing");
        }
        for (name, value) in fields {
            let property = properties
                .get(name)
                .unwrap_or_else(|| panic!("{name} not in schema"));
            let ty = match value {
                Json::Null => "null",
                Json::String(_) => "string",
                Json::Number(_) => "integer",
                Json::Bool(_) => "boolean",
                Json::Array(items) => {
                    for item in items {
                        assert_matches(&property["items"], item);
                    }
                    "array"
                }
                Json::Object(_) => "object",
            };
            let allowed = &property["type"];
            let ok = allowed == ty
                || allowed
                    .as_array()
                    .is_some_and(|a| a.iter().any(|t| t == ty));
            assert!(ok, "{name}: {value} is not of type {allowed}");
        }
    }

    fn keys_of(object: &Json) -> Vec<&str> {
        let fields = object.as_object().expect("an object");
        fields.keys().map(String::as_str).collect()
    }

    #[test]
    fn statements_follow_the_json_schema() {
        let schema = statement_schema();
        let mut seen = 0;
        for record in records().iter().filter(|r| r.is_accepted()) {
            let object = statement_object(record);
            assert_matches(&schema, &object);
            seen += 1;
        }
        assert!(seen > 0, "the test records hold statements");
    }

    #[test]
    fn nested_rows_and_cells_take_their_json_form() {
        let all = records();
        let record = all
            .iter()
            .find(|r| !r.amounts.is_empty() || !r.mentions.is_empty());
        let record = record.expect("a record with children");
        let object = statement_object(record);
        let keys = keys_of(&object);
        let columns: Vec<&str> = STATEMENTS.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            &keys[..columns.len()],
            columns.as_slice(),
            "columns in contract order"
        );
        assert_eq!(&keys[columns.len()..], ["mentions", "amounts", "dates"]);
        for mention in object["mentions"].as_array().expect("mentions") {
            assert!(mention.get("statement_id").is_none());
        }
        assert_eq!(
            json_value(Value::Decimal(60_000_000_000)),
            Json::from("600000000.00")
        );
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
        assert_eq!(json_value(Value::Date(date)), Json::from("2024-02-29"));
    }

    #[test]
    fn a_reject_is_its_rejects_row() {
        let all = records();
        let rejected = all.iter().find(|r| !r.is_accepted()).expect("a reject");
        let object = reject_object(rejected);
        let keys = keys_of(&object);
        assert_eq!(keys, ["source", "reason", "detail"]);
        let mut line = Vec::new();
        write_line(&mut line, &object).expect("written");
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert!(line.ends_with(b"}\n"));
    }
}
