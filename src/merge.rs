//! Many shards' outputs → one release, as one export of all their inputs
//! would have written it.
//!
//! A part is a dataset directory written by `bayan export` (its Parquet
//! tables, or its CSV tables when it has no Parquet, plus `rejects.csv`) or
//! a JSON Lines file written by `bayan map` (statement objects with their
//! rows nested, and reject objects; a `map` rejects file is a part too).
//! Every row is turned back into the [`Record`] it was written from, the
//! records of all parts are put in the order an export reads them (by
//! `source` path in byte order, then by the record number after `#`,
//! compared as a number), duplicates across parts are rejected again as an
//! export rejects them, and the records go through the one dataset writer
//! ([`DatasetWriter`]) and are published through [`Staging`]. The data
//! files are therefore byte for byte those of a single export of the same
//! inputs.
//!
//! A part's `duplicate` reject for the same content stays a reject (it is
//! made to name the statement kept in the end when it was a copy of a
//! copy). A part's reject for the same URL as a statement it kept is the
//! one decision another part can undo: when the merge rejects that kept
//! statement as a copy of an earlier one from another part, a single export
//! would have kept the later statement instead. Shards therefore hold such
//! statements back whole (`held-back.jsonl` in a dataset directory, the
//! `held_back` key of a `map` reject; see [`crate::write::ndjson`]), and
//! the merge puts each back in the place of its reject and decides again.
//! A merge writes no held-back file: merge every part of a job in one
//! merge, not merges of merges. The records of all parts are held in
//! memory while they are sorted. CSV parts are read under the
//! formula rule their `datapackage.json` states (`--csv-raw` or not); under
//! the apostrophe rule they lose one thing: a text that itself started with
//! an apostrophe before `=`, `+`, `-` or `@` cannot be told from one the
//! CSV writer protected. Parquet parts and raw CSV parts have no such loss.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow, bail};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Int32Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Map, Value as Json};

use crate::dedup::{Deduplicator, is_held_back};
use crate::exit::Outcome;
use crate::pipeline::{Fatal, Summary, Tally, reconcile};
use crate::publish::{DataFacts, PackageInfo, Staging, datapackage};
use crate::record::{
    Amount, Calendar, DateMention, DocType, Field, Mention, MentionKind, Precision,
    PublishedSource, Qualifier, Record, Reject, RejectReason, Span,
};
use crate::schema::{AMOUNTS, Column, ColumnType, DATES, MENTIONS, REJECTS, STATEMENTS, Table};
use crate::write::csv::FormulaRule;
use crate::write::ndjson::{self, child_tables};
use crate::write::{DatasetWriter, WriteOptions};

/// Everything a merge needs, validated and ready to run.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// Dataset directories and `map` JSON Lines files.
    pub parts: Vec<PathBuf>,
    /// The directory the release is published into.
    pub out: PathBuf,
    pub write: WriteOptions,
    pub package: PackageInfo,
    /// Any reject makes the merge fail and nothing is published.
    pub strict: bool,
}

/// Reads every part, orders and de-duplicates their records, and publishes
/// them into `options.out`.
pub fn merge(options: &MergeOptions) -> Result<Summary, Fatal> {
    let started = Instant::now();
    let mut records = Vec::new();
    let mut tally = Tally::default();
    for part in &options.parts {
        let part_records = read_part(part).map_err(Fatal::io)?;
        tally.seen += part_records.len() as u64;
        records.extend(part_records);
    }
    records.sort_by(|a, b| order_key(&a.source).cmp(&order_key(&b.source)));
    let staging = Staging::create(&options.out).map_err(Fatal::io)?;
    let staging_dir = staging.path().to_path_buf();
    let published = write_and_publish(records, tally, staging, options);
    if published.is_err() {
        let _ = std::fs::remove_dir_all(&staging_dir);
    }
    let mut summary = published?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Writes `records` (counted as `tally` when read) into `staging` and
/// publishes them.
fn write_and_publish(
    records: Vec<Record>,
    tally: Tally,
    staging: Staging,
    options: &MergeOptions,
) -> Result<Summary, Fatal> {
    let output = |error| Fatal::output(&options.out, error);
    let mut writer = DatasetWriter::create(staging.path(), &options.write).map_err(output)?;
    let mut dedup = Deduplicator::default();
    let mut summary = Summary::default();
    let mut first_reject = None;
    for mut record in records {
        dedup.check(&mut record);
        count(&mut summary, &record);
        if let (None, Some(reject)) = (&first_reject, &record.reject) {
            first_reject = Some(format!("{}: {}", record.source, reject.reason.as_str()));
        }
        writer
            .write(&record)
            .with_context(|| format!("writing the record {}", record.source))
            .map_err(output)?;
    }
    if options.strict
        && let Some(first) = first_reject
    {
        return Err(Fatal {
            outcome: Outcome::StrictRejects,
            error: anyhow!(
                "--strict: {} record(s) rejected, nothing published; first: {first}",
                summary.rejects
            ),
        });
    }
    let files = writer.finish().map_err(output)?;
    let data = DataFacts {
        files: &files,
        csv_formulas: options.write.csv_formulas,
        records: reconcile(tally, &files)?,
    };
    staging.publish(&data, &options.package).map_err(output)?;
    Ok(summary)
}

/// Adds a record to the counts of the one-line summary.
pub fn count(summary: &mut Summary, record: &Record) {
    if record.is_accepted() {
        summary.statements += 1;
        summary.mentions += record.mentions.len();
        summary.amounts += record.amounts.len();
        summary.dates += record.dates.len();
    } else {
        summary.rejects += 1;
    }
}

/// The position of a record in an export: its input's path (byte order),
/// then its number within the input (`feed.jsonl#10` after `#9`).
pub fn order_key(source: &str) -> (&[u8], u64) {
    if let Some((path, number)) = source.rsplit_once('#')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && let Ok(number) = number.parse::<u64>()
    {
        return (path.as_bytes(), number);
    }
    (source.as_bytes(), 0)
}

/// The records of one part: a dataset directory or a JSON Lines file.
pub fn read_part(part: &Path) -> anyhow::Result<Vec<Record>> {
    let metadata = std::fs::metadata(part)
        .with_context(|| format!("part {} cannot be opened; check the path", part.display()))?;
    let records = if metadata.is_dir() {
        read_dataset(part)
    } else {
        read_json_lines(part)
    };
    records.with_context(|| {
        format!(
            "cannot read the part {}; give a directory bayan export wrote or a JSON Lines \
             file of bayan map",
            part.display()
        )
    })
}

/// One cell as read back from a part.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Text(String),
    Date(NaiveDate),
    Decimal(i128),
    Int(i32),
    Bool(bool),
}

/// One row of a table, its cells in column order.
struct Row {
    table: &'static Table,
    cells: Vec<Cell>,
}

impl Row {
    fn cell(&self, name: &str) -> anyhow::Result<&Cell> {
        let index = self
            .table
            .columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| anyhow!("{} has no column {name}", self.table.name))?;
        self.cells
            .get(index)
            .ok_or_else(|| anyhow!("a row of {} has no {name}", self.table.name))
    }

    fn opt_text(&self, name: &str) -> anyhow::Result<Option<String>> {
        match self.cell(name)? {
            Cell::Null => Ok(None),
            Cell::Text(text) => Ok(Some(text.clone())),
            other => bail!("{}.{name} holds {other:?}, not text", self.table.name),
        }
    }

    fn text(&self, name: &str) -> anyhow::Result<String> {
        self.opt_text(name)?
            .ok_or_else(|| anyhow!("{}.{name} is empty", self.table.name))
    }

    fn opt_date(&self, name: &str) -> anyhow::Result<Option<NaiveDate>> {
        match self.cell(name)? {
            Cell::Null => Ok(None),
            Cell::Date(date) => Ok(Some(*date)),
            other => bail!("{}.{name} holds {other:?}, not a date", self.table.name),
        }
    }

    fn date(&self, name: &str) -> anyhow::Result<NaiveDate> {
        self.opt_date(name)?
            .ok_or_else(|| anyhow!("{}.{name} is empty", self.table.name))
    }

    fn int(&self, name: &str) -> anyhow::Result<i32> {
        match self.cell(name)? {
            Cell::Int(n) => Ok(*n),
            other => bail!("{}.{name} holds {other:?}, not an integer", self.table.name),
        }
    }

    fn decimal(&self, name: &str) -> anyhow::Result<i128> {
        match self.cell(name)? {
            Cell::Decimal(cents) => Ok(*cents),
            other => bail!("{}.{name} holds {other:?}, not a decimal", self.table.name),
        }
    }

    fn bool(&self, name: &str) -> anyhow::Result<bool> {
        match self.cell(name)? {
            Cell::Bool(b) => Ok(*b),
            other => bail!(
                "{}.{name} holds {other:?}, not true or false",
                self.table.name
            ),
        }
    }

    /// A code-list value: the one of `all` whose code is the cell's text.
    fn code<T: Copy>(
        &self,
        name: &str,
        all: &[T],
        code: fn(T) -> &'static str,
    ) -> anyhow::Result<T> {
        let text = self.text(name)?;
        all.iter()
            .copied()
            .find(|value| code(*value) == text)
            .ok_or_else(|| anyhow!("{}.{name} holds the unknown code {text:?}", self.table.name))
    }

    fn span(&self) -> anyhow::Result<Span> {
        Ok(Span {
            field: self.code("field", &Field::ALL, Field::as_str)?,
            start: self.int("start")?,
            end: self.int("end")?,
        })
    }
}

/// An accepted record from its `statements` row and its children's rows.
fn statement_record(row: &Row, children: &mut Children) -> anyhow::Result<Record> {
    let mut record = Record::new(row.text("source")?, Default::default());
    let statement = &mut record.statement;
    statement.statement_id = row.text("statement_id")?;
    statement.url = row.opt_text("url")?;
    statement.title = row.opt_text("title")?.unwrap_or_default();
    statement.doc_type = row.code("doc_type", &DocType::ALL, DocType::as_str)?;
    statement.language = row.text("language")?;
    statement.published = row.opt_date("published")?;
    statement.published_source = row.code(
        "published_source",
        &PublishedSource::ALL,
        PublishedSource::as_str,
    )?;
    statement.dateline = row.opt_text("dateline")?;
    statement.issuer = row.opt_text("issuer")?;
    statement.translation_of = row.opt_text("translation_of")?;
    statement.body = row.text("body")?;
    statement.paragraphs = statement.body.split("\n\n").map(str::to_string).collect();
    if i64::from(row.int("paragraph_count")?) != statement.paragraphs.len() as i64 {
        bail!(
            "statement {} says {} paragraphs but its body has {}; the part was not written \
             by this version of bayan",
            statement.statement_id,
            row.int("paragraph_count")?,
            statement.paragraphs.len()
        );
    }
    statement.word_count = row.int("word_count")?;
    statement.boilerplate_lines = row.int("boilerplate_lines")?;
    statement.content_sha256 = row.text("content_sha256")?;
    let id = statement.statement_id.clone();
    record.mentions = children
        .take(&MENTIONS, &id)
        .iter()
        .map(mention)
        .collect::<Result<_, _>>()?;
    record.amounts = children
        .take(&AMOUNTS, &id)
        .iter()
        .map(amount)
        .collect::<Result<_, _>>()?;
    record.dates = children
        .take(&DATES, &id)
        .iter()
        .map(date_mention)
        .collect::<Result<_, _>>()?;
    Ok(record)
}

fn mention(row: &Row) -> anyhow::Result<Mention> {
    Ok(Mention {
        kind: row.code("kind", &MentionKind::ALL, MentionKind::as_str)?,
        text: row.text("text")?,
        name: row.text("name")?,
        wikidata: row.opt_text("wikidata")?,
        country: row.opt_text("country")?,
        role: row.opt_text("role")?,
        span: row.span()?,
    })
}

fn amount(row: &Row) -> anyhow::Result<Amount> {
    Ok(Amount {
        text: row.text("text")?,
        value_cents: row.decimal("value")?,
        currency: row.text("currency")?,
        qualifier: row.code("qualifier", &Qualifier::ALL, Qualifier::as_str)?,
        span: row.span()?,
    })
}

fn date_mention(row: &Row) -> anyhow::Result<DateMention> {
    Ok(DateMention {
        text: row.text("text")?,
        date: row.date("date")?,
        end_date: row.opt_date("end_date")?,
        precision: row.code("precision", &Precision::ALL, Precision::as_str)?,
        year_inferred: row.bool("year_inferred")?,
        calendar: row.code("calendar", &Calendar::ALL, Calendar::as_str)?,
        span: row.span()?,
    })
}

fn reject_record(row: &Row) -> anyhow::Result<Record> {
    let mut record = Record::new(row.text("source")?, Default::default());
    record.reject = Some(Reject {
        reason: row.code("reason", &RejectReason::ALL, RejectReason::as_str)?,
        detail: row.opt_text("detail")?.unwrap_or_default(),
    });
    Ok(record)
}

/// The rows of the child tables, by statement id, in file order.
#[derive(Default)]
struct Children {
    by_table: HashMap<&'static str, HashMap<String, Vec<Row>>>,
}

impl Children {
    fn add(&mut self, row: Row) -> anyhow::Result<()> {
        let id = row.text("statement_id")?;
        self.by_table
            .entry(row.table.name)
            .or_default()
            .entry(id)
            .or_default()
            .push(row);
        Ok(())
    }

    fn take(&mut self, table: &Table, id: &str) -> Vec<Row> {
        self.by_table
            .get_mut(table.name)
            .and_then(|rows| rows.remove(id))
            .unwrap_or_default()
    }
}

/// A dataset directory: Parquet tables when it has them, else CSV; the
/// rejects always from `rejects.csv`.
fn read_dataset(dir: &Path) -> anyhow::Result<Vec<Record>> {
    let parquet = dir.join("statements.parquet").is_file();
    if !parquet && !dir.join("statements.csv").is_file() {
        bail!(
            "it holds neither statements.parquet nor statements.csv; give a directory \
             bayan export wrote"
        );
    }
    let formulas = part_csv_formulas(dir)?;
    let read = |table: &'static Table| {
        if parquet && table.parquet {
            read_parquet(&dir.join(format!("{}.parquet", table.name)), table)
        } else {
            read_csv(&dir.join(format!("{}.csv", table.name)), table, formulas)
        }
    };
    let mut children = Children::default();
    for table in child_tables() {
        for row in read(table)? {
            children.add(row)?;
        }
    }
    let mut records = Vec::new();
    for row in read(&STATEMENTS)? {
        records.push(statement_record(&row, &mut children)?);
    }
    let mut held_back = read_held_back(dir)?;
    for row in read(&REJECTS)? {
        let reject = reject_record(&row)?;
        let held = is_held_back(&reject)
            .then(|| held_back.remove(&reject.source))
            .flatten();
        records.push(held.unwrap_or(reject));
    }
    if let Some(source) = held_back.keys().min() {
        bail!(
            "{} holds the statement {source}, which its rejects.csv does not reject for its URL; \
             the part is incomplete or was not written by this version of bayan",
            ndjson::HELD_BACK_FILE
        );
    }
    Ok(records)
}

/// The statements a shard held back ([`ndjson::HELD_BACK_FILE`]), by
/// source; none when the part has no such file (it was not a shard).
fn read_held_back(dir: &Path) -> anyhow::Result<HashMap<String, Record>> {
    let path = dir.join(ndjson::HELD_BACK_FILE);
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let mut held = HashMap::new();
    for record in read_json_lines(&path)? {
        if !record.is_accepted() {
            bail!("{} holds a reject, not a statement", path.display());
        }
        held.insert(record.source.clone(), record);
    }
    Ok(held)
}

/// The formula rule the CSV files of dataset directory `dir` follow, as
/// its `datapackage.json` states it (the apostrophe rule without one).
fn part_csv_formulas(dir: &Path) -> anyhow::Result<FormulaRule> {
    let path = dir.join(datapackage::FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FormulaRule::default());
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let descriptor: Json = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    datapackage::csv_formulas(&descriptor).with_context(|| path.display().to_string())
}

fn read_parquet(path: &Path, table: &'static Table) -> anyhow::Result<Vec<Row>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|builder| builder.build())
        .with_context(|| format!("{} is not a Parquet file", path.display()))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.with_context(|| format!("cannot read {}", path.display()))?;
        rows.extend(batch_rows(&batch, table).with_context(|| path.display().to_string())?);
    }
    Ok(rows)
}

fn batch_rows(batch: &RecordBatch, table: &'static Table) -> anyhow::Result<Vec<Row>> {
    let columns: Vec<&ArrayRef> = table
        .columns
        .iter()
        .map(|column| {
            batch
                .column_by_name(column.name)
                .ok_or_else(|| anyhow!("column {} is missing", column.name))
        })
        .collect::<Result<_, _>>()?;
    (0..batch.num_rows())
        .map(|index| {
            let cells = columns
                .iter()
                .map(|array| arrow_cell(array, index))
                .collect::<Result<_, _>>()?;
            Ok(Row { table, cells })
        })
        .collect()
}

fn arrow_cell(array: &ArrayRef, index: usize) -> anyhow::Result<Cell> {
    if array.is_null(index) {
        return Ok(Cell::Null);
    }
    Ok(match array.data_type() {
        DataType::Utf8 => Cell::Text(array.as_string::<i32>().value(index).to_string()),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(index);
            Cell::Date(date_from_days(days)?)
        }
        DataType::Decimal128(_, 2) => {
            Cell::Decimal(array.as_primitive::<Decimal128Type>().value(index))
        }
        DataType::Int32 => Cell::Int(array.as_primitive::<Int32Type>().value(index)),
        DataType::Boolean => Cell::Bool(array.as_boolean().value(index)),
        other => bail!("a column of type {other} is not one bayan writes"),
    })
}

fn date_from_days(days: i32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(i64::from(days))))
        .ok_or_else(|| anyhow!("day {days} since 1970 is not a date"))
}

fn read_csv(path: &Path, table: &'static Table, formulas: FormulaRule) -> anyhow::Result<Vec<Row>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut reader = csv::Reader::from_reader(BufReader::new(file));
    let mut rows = Vec::new();
    for (line, result) in reader.records().enumerate() {
        let fields = result.with_context(|| format!("cannot read {}", path.display()))?;
        let cells = table
            .columns
            .iter()
            .zip(fields.iter())
            .map(|(column, text)| csv_cell(column, text, formulas))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("{}, row {}", path.display(), line + 1))?;
        if cells.len() != table.columns.len() {
            bail!("{}, row {}: too few columns", path.display(), line + 1);
        }
        rows.push(Row { table, cells });
    }
    Ok(rows)
}

/// A CSV cell back to its value: the inverse of the CSV writer's `cell`
/// under `formulas`.
fn csv_cell(column: &Column, text: &str, formulas: FormulaRule) -> anyhow::Result<Cell> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.is_empty() && (column.nullable || column.ty != ColumnType::Utf8) {
        return Ok(Cell::Null);
    }
    text_cell(column.ty, formulas.read(text))
}

/// A value written as text (CSV, or JSON strings for dates and decimals).
fn text_cell(ty: ColumnType, text: &str) -> anyhow::Result<Cell> {
    Ok(match ty {
        ColumnType::Utf8 => Cell::Text(text.to_string()),
        ColumnType::Date32 => Cell::Date(
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .with_context(|| format!("{text:?} is not a YYYY-MM-DD date"))?,
        ),
        ColumnType::Decimal38x2 => Cell::Decimal(parse_decimal(text)?),
        ColumnType::Int32 => Cell::Int(
            text.parse()
                .with_context(|| format!("{text:?} is not an integer"))?,
        ),
        ColumnType::Bool => match text {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => bail!("{text:?} is not true or false"),
        },
    })
}

/// `123.45` → 12345 hundredths.
fn parse_decimal(text: &str) -> anyhow::Result<i128> {
    let error = || anyhow!("{text:?} is not a decimal with two places");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (units, hundredths) = digits.split_once('.').ok_or_else(error)?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(units) || hundredths.len() != 2 || !all_digits(hundredths) {
        return Err(error());
    }
    let units: i128 = units.parse().map_err(|_| error())?;
    let hundredths: i128 = hundredths.parse().map_err(|_| error())?;
    let cents = units
        .checked_mul(100)
        .and_then(|c| c.checked_add(hundredths))
        .ok_or_else(error)?;
    Ok(if negative { -cents } else { cents })
}

/// A `map` output: one statement object or one reject object a line.
fn read_json_lines(path: &Path) -> anyhow::Result<Vec<Record>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut records = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record = json_record(&line)
            .with_context(|| format!("{}, line {}", path.display(), index + 1))?;
        records.push(record);
    }
    Ok(records)
}

fn json_record(line: &str) -> anyhow::Result<Record> {
    let object: Map<String, Json> =
        serde_json::from_str(line).context("not a JSON object written by bayan map")?;
    object_record(&object)
}

/// The record of one object written by `bayan map`: a statement or a
/// reject.
fn object_record(object: &Map<String, Json>) -> anyhow::Result<Record> {
    if object.contains_key("statement_id") {
        let row = json_row(&STATEMENTS, object, None)?;
        let id = row.text("statement_id")?;
        let mut children = Children::default();
        for table in child_tables() {
            let items = match object.get(table.name) {
                Some(Json::Array(items)) => items,
                _ => bail!("the statement has no {} array", table.name),
            };
            for item in items {
                let Json::Object(item) = item else {
                    bail!("an item of {} is not an object", table.name);
                };
                children.add(json_row(table, item, Some(&id))?)?;
            }
        }
        statement_record(&row, &mut children)
    } else if object.contains_key("reason") {
        let reject = reject_record(&json_row(&REJECTS, object, None)?)?;
        match object.get(ndjson::HELD_BACK_KEY) {
            Some(held) if is_held_back(&reject) => held_back_record(held, &reject.source),
            Some(_) => bail!(
                "the reject {} holds a statement under {:?} but was not rejected for its URL",
                reject.source,
                ndjson::HELD_BACK_KEY
            ),
            None => Ok(reject),
        }
    } else {
        bail!("neither a statement (no statement_id) nor a reject (no reason)")
    }
}

/// The statement a `map` reject of `source` held back, accepted again for
/// the merge to decide.
fn held_back_record(held: &Json, source: &str) -> anyhow::Result<Record> {
    let Json::Object(held) = held else {
        bail!(
            "the {:?} of the reject {source} is not an object",
            ndjson::HELD_BACK_KEY
        );
    };
    let record = object_record(held)?;
    if !record.is_accepted() || record.source != source {
        bail!(
            "the {:?} of the reject {source} is not its statement",
            ndjson::HELD_BACK_KEY
        );
    }
    Ok(record)
}

/// A row from a JSON object; `parent` fills the nesting key of a child.
fn json_row(
    table: &'static Table,
    object: &Map<String, Json>,
    parent: Option<&str>,
) -> anyhow::Result<Row> {
    let mut cells = Vec::with_capacity(table.columns.len());
    for column in table.columns {
        let value = match (object.get(column.name), parent) {
            (None, Some(id)) if column.name == "statement_id" => Json::String(id.to_string()),
            (Some(value), _) => value.clone(),
            (None, _) => bail!("{} has no {}", table.name, column.name),
        };
        let cell = match value {
            Json::Null => Cell::Null,
            Json::String(text) => text_cell(column.ty, &text)?,
            Json::Number(number) if column.ty == ColumnType::Int32 => Cell::Int(
                number
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| {
                        anyhow!(
                            "{}.{} = {number} is not a 32-bit integer",
                            table.name,
                            column.name
                        )
                    })?,
            ),
            Json::Bool(b) if column.ty == ColumnType::Bool => Cell::Bool(b),
            other => bail!(
                "{}.{} = {other} has the wrong type",
                table.name,
                column.name
            ),
        };
        cells.push(cell);
    }
    Ok(Row { table, cells })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::ndjson::{reject_object, statement_object};
    use crate::write::test_records;

    #[test]
    fn records_are_ordered_by_path_then_number() {
        let mut sources = vec![
            "b.txt",
            "a.jsonl#10",
            "a.jsonl#9",
            "a.jsonl#2",
            "-#3",
            "a#b.txt",
        ];
        sources.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        assert_eq!(
            sources,
            [
                "-#3",
                "a#b.txt",
                "a.jsonl#2",
                "a.jsonl#9",
                "a.jsonl#10",
                "b.txt"
            ]
        );
    }

    #[test]
    fn decimals_read_back() {
        assert_eq!(parse_decimal("600000000.00").ok(), Some(60_000_000_000));
        assert_eq!(parse_decimal("-1.50").ok(), Some(-150));
        assert!(parse_decimal("1.5").is_err());
        assert!(parse_decimal("1e3").is_err());
    }

    #[test]
    fn json_lines_give_back_the_records_they_were_written_from() {
        for record in test_records::all() {
            let object = if record.is_accepted() {
                statement_object(&record)
            } else {
                reject_object(&record)
            };
            let back = json_record(&object.to_string()).expect("read back");
            assert_eq!(back.source, record.source);
            assert_eq!(back.statement, record.statement);
            assert_eq!(back.mentions, record.mentions);
            assert_eq!(back.amounts, record.amounts);
            assert_eq!(back.dates, record.dates);
            assert_eq!(back.reject, record.reject);
        }
    }

    #[test]
    fn a_dataset_directory_gives_back_its_records() {
        for formats in [
            vec![crate::write::Format::Parquet],
            vec![crate::write::Format::Csv],
        ] {
            let dir = tempfile::tempdir().expect("temp dir");
            let options = WriteOptions {
                formats,
                ..WriteOptions::default()
            };
            test_records::write_all(dir.path(), &options);
            let back = read_dataset(dir.path()).expect("read back");
            let written = test_records::all();
            assert_eq!(back.len(), written.len());
            for record in &written {
                let found = back
                    .iter()
                    .find(|r| r.source == record.source)
                    .expect("found");
                assert_eq!(found.statement, record.statement, "{}", record.source);
                assert_eq!(found.mentions, record.mentions);
                assert_eq!(found.amounts, record.amounts);
                assert_eq!(found.dates, record.dates);
                assert_eq!(found.reject, record.reject);
            }
        }
    }
}
