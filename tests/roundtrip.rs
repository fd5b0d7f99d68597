//! Property tests of the writers: what bayan writes reads back the same.
//!
//! Statements with arbitrary Unicode text (quotes, line breaks, NUL, tabs,
//! right-to-left and bidi control marks, formula starters) are pushed
//! through the real CSV and Parquet sinks of `bayan::write`, then read
//! back with the `csv` crate and the `parquet` crate's Arrow reader. CSV
//! text cells come back as written except for the documented formula rule
//! (a leading apostrophe on text starting with `=`, `+`, `-`, `@`, tab or
//! carriage return); Parquet keeps text exactly and nulls as nulls.
//!
//! Normaliser idempotence and the extractors' offsets are property-tested
//! next to their code (`src/text.rs`, `src/normalise/*`).

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use bayan::record::{Record, Statement};
use bayan::schema::{STATEMENTS, Table};
use bayan::write::csv::CsvSink;
use bayan::write::parquet::ParquetSink;
use bayan::write::{Sink, WriteOptions};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use proptest::prelude::*;

/// Text a hostile page could hold: any printable character, plus the
/// characters CSV quoting and spreadsheets care about.
const CELL_TEXT: &str =
    "(\\PC|[\"',;\\n\\r\\t\\x00\\x{200F}\\x{200E}\\x{202E}\\x{2067}\\x{FEFF}=+@-]){0,40}";
/// The same, never empty (CSV cannot tell an empty text from a null).
const NONEMPTY_CELL_TEXT: &str =
    "(\\PC|[\"',;\\n\\r\\t\\x00\\x{200F}\\x{200E}\\x{202E}\\x{2067}\\x{FEFF}=+@-]){1,40}";

#[derive(Debug, Clone)]
struct Texts {
    title: String,
    body: String,
    url: Option<String>,
    issuer: Option<String>,
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        CELL_TEXT,
        CELL_TEXT,
        proptest::option::of("\\PC{1,20}"),
        proptest::option::of(NONEMPTY_CELL_TEXT),
    )
        .prop_map(|(title, body, url, issuer)| Texts {
            title,
            body,
            url,
            issuer,
        })
}

fn record(index: usize, texts: &Texts) -> Record {
    let mut record = Record::new(format!("in/{index}.txt"), Default::default());
    record.statement = Statement {
        statement_id: format!("{index:016x}"),
        url: texts.url.clone(),
        title: texts.title.clone(),
        language: "und".to_string(),
        issuer: texts.issuer.clone(),
        paragraphs: vec![texts.body.clone()],
        body: texts.body.clone(),
        content_sha256: "0".repeat(64),
        ..Default::default()
    };
    record
}

fn write_all(sink: Box<dyn Sink>, records: &[Record]) {
    let mut sink = sink;
    for record in records {
        sink.write(record).expect("write a record");
    }
    sink.finish().expect("finish the file");
}

/// The documented CSV rule, written out independently of the writer.
fn as_csv_cell(text: &str) -> String {
    let formula_start = ['=', '+', '-', '@', '\t', '\r'];
    match text.chars().next() {
        Some(first) if formula_start.contains(&first) => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn column_at(table: &Table, name: &str) -> usize {
    table
        .columns
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("{} has no column {name}", table.name))
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let file = File::open(path).expect("Parquet file exists");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("a valid Parquet file")
        .build()
        .expect("a batch reader");
    reader
        .map(|batch| batch.expect("a readable batch"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_reads_back_the_same_rows(all in proptest::collection::vec(texts(), 1..6)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("statements.csv");
        let records: Vec<Record> = all.iter().enumerate().map(|(i, t)| record(i, t)).collect();
        let sink = CsvSink::create(path.clone(), &STATEMENTS, &WriteOptions::default())
            .expect("create the CSV file");
        write_all(Box::new(sink), &records);

        let mut reader = csv::Reader::from_path(&path).expect("open the CSV file");
        let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
        let names: Vec<&str> = STATEMENTS.columns.iter().map(|c| c.name).collect();
        prop_assert_eq!(header, names);
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
        prop_assert_eq!(rows.len(), records.len());
        for (row, texts) in rows.iter().zip(&all) {
            prop_assert_eq!(&row[column_at(&STATEMENTS, "title")], as_csv_cell(&texts.title));
            prop_assert_eq!(&row[column_at(&STATEMENTS, "body")], as_csv_cell(&texts.body));
            let url = texts.url.as_deref().map(as_csv_cell).unwrap_or_default();
            prop_assert_eq!(&row[column_at(&STATEMENTS, "url")], url);
            let issuer = texts.issuer.as_deref().map(as_csv_cell).unwrap_or_default();
            prop_assert_eq!(&row[column_at(&STATEMENTS, "issuer")], issuer);
        }
    }

    #[test]
    fn parquet_reads_back_the_same_values(all in proptest::collection::vec(texts(), 1..6)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("statements.parquet");
        let records: Vec<Record> = all.iter().enumerate().map(|(i, t)| record(i, t)).collect();
        let sink = ParquetSink::create(path.clone(), &STATEMENTS).expect("create the Parquet file");
        write_all(Box::new(sink), &records);

        let batches = read_parquet(&path);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        prop_assert_eq!(rows, records.len());
        let batch = &batches[0];
        let text = |name: &str| batch.column(column_at(&STATEMENTS, name)).as_string::<i32>().clone();
        let (title, body, url, issuer) = (text("title"), text("body"), text("url"), text("issuer"));
        for (row, texts) in all.iter().enumerate() {
            prop_assert_eq!(title.value(row), texts.title.as_str());
            prop_assert_eq!(body.value(row), texts.body.as_str());
            prop_assert_eq!(url.is_valid(row).then(|| url.value(row)), texts.url.as_deref());
            prop_assert_eq!(issuer.is_valid(row).then(|| issuer.value(row)), texts.issuer.as_deref());
        }
    }
}
