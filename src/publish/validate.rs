//! Checks a published release: what `bayan validate` runs.
//!
//! Every check adds the problems it finds to one report and goes on, so a
//! single run lists every problem, not just the first:
//!
//! - `SHA256SUMS`: each entry matches its file, and every file of the
//!   release is listed;
//! - each table's CSV file against the table definition in
//!   [`crate::schema`]: the exact header, field counts, types (dates,
//!   decimals, integers, booleans), required cells, code lists, statement
//!   ids of 16 lowercase hex characters, the formula rule that
//!   `datapackage.json` states (`bayan:csvFormulas`), and unique primary
//!   keys;
//! - each Parquet file: its Arrow schema equals the one derived from the
//!   table definition, then the same row checks;
//! - key integrity: every `statement_id` of a child table names a
//!   statement; the CSV and Parquet forms of a table have as many rows;
//! - counts and sums the release states about itself: the rows of
//!   `manifest.json`, the records of `manifest.json` and `datapackage.json`
//!   (every record seen is a statement or a reject, and the tables hold
//!   that many rows), the sizes and hashes of `datapackage.json` and
//!   `catalog.jsonld`, the statements in `statements.jsonld`, the files
//!   and columns of `csv-metadata.json`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value as Json;

use super::describe::{csv_reader, for_each_csv_row, for_each_parquet_row};
use super::manifest::{Manifest, RecordCounts};
use super::release::{CHECKSUMS, CURRENT};
use super::{csvw, datapackage, dcat, sha256_file};
use crate::schema::{Column, ColumnType, STATEMENTS, TABLES, Table};
use crate::write::Format;
use crate::write::csv::{FormulaRule, looks_like_formula};
use crate::write::parquet::{TABLE_KEY, arrow_schema};
use crate::write::partition::{NULL_PARTITION, PART_FILE};

/// How many problems of one file the report shows unless asked for all.
pub const PROBLEMS_SHOWN_PER_FILE: usize = 20;

/// One thing wrong with a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the release directory.
    pub file: String,
    /// Where in the file: `header`, `row 4` (data rows from 1), `line 4`
    /// (of `SHA256SUMS`), or nothing.
    pub at: Option<String>,
    pub message: String,
}

/// What validating a release found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The release directory that was checked.
    pub dir: PathBuf,
    /// Files listed in `SHA256SUMS`.
    pub files: usize,
    /// Data rows checked, over every table file.
    pub rows: u64,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems, one per line, at most [`PROBLEMS_SHOWN_PER_FILE`] per
    /// file unless `all`; then a summary line.
    pub fn render(&self, all: bool) -> String {
        let mut out = String::new();
        let mut shown: HashMap<&str, usize> = HashMap::new();
        let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
        for problem in &self.problems {
            *per_file.entry(&problem.file).or_default() += 1;
            let count = shown.entry(&problem.file).or_default();
            *count += 1;
            if all || *count <= PROBLEMS_SHOWN_PER_FILE {
                let _ = match &problem.at {
                    Some(at) => writeln!(out, "{} {at}: {}", problem.file, problem.message),
                    None => writeln!(out, "{}: {}", problem.file, problem.message),
                };
            }
        }
        for (file, count) in &per_file {
            if !all && *count > PROBLEMS_SHOWN_PER_FILE {
                let _ = writeln!(
                    out,
                    "{file}: {} more problems (--all lists them)",
                    count - PROBLEMS_SHOWN_PER_FILE
                );
            }
        }
        if self.is_valid() {
            let _ = writeln!(
                out,
                "{} is valid: {} files match SHA256SUMS, {} rows checked",
                self.dir.display(),
                self.files,
                self.rows
            );
        } else {
            let _ = writeln!(
                out,
                "{} is NOT valid: {} problems in {} files",
                self.dir.display(),
                self.problems.len(),
                per_file.len()
            );
        }
        out
    }

    fn problem(&mut self, file: &str, at: Option<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            at,
            message: message.into(),
        });
    }
}

/// The release to check for `dir`: `dir/current` when `dir` is the output
/// directory of `bayan run`, else `dir` itself.
pub fn release_dir(dir: &Path) -> PathBuf {
    let current = dir.join(CURRENT);
    if current.is_dir() {
        current
    } else {
        dir.to_path_buf()
    }
}

/// Validates the release at `dir` (see [`release_dir`]). `Err` only when
/// the directory cannot be read at all.
pub fn validate(dir: &Path) -> anyhow::Result<Report> {
    let release = release_dir(dir);
    if !release.is_dir() {
        anyhow::bail!(
            "{} is not a directory; give a release directory or the output directory of \
             bayan run",
            release.display()
        );
    }
    let mut report = Report {
        dir: release.clone(),
        ..Report::default()
    };
    check_checksums(&release, &mut report)?;
    let formulas = stated_csv_formulas(&release, &mut report);
    let rows = check_tables(&release, formulas, &mut report);
    check_manifest(&release, &rows, &mut report);
    check_package_records(&release, &rows, &mut report);
    check_descriptors(&release, &mut report);
    check_jsonld(&release, &rows, &mut report);
    Ok(report)
}

/// `SHA256SUMS` matches every file, and lists every file.
fn check_checksums(dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let Ok(text) = fs::read_to_string(dir.join(CHECKSUMS)) else {
        report.problem(CHECKSUMS, None, "is missing or not UTF-8 text");
        return Ok(());
    };
    let mut listed = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let at = Some(format!("line {}", number + 1));
        let Some((digest, name)) = parse_checksum_line(line) else {
            report.problem(CHECKSUMS, at, format!("is not a sha256sum line: {line:?}"));
            continue;
        };
        if !listed.insert(name.to_string()) {
            report.problem(CHECKSUMS, at, format!("lists {name} twice"));
            continue;
        }
        let path = dir.join(name);
        if !path.is_file() {
            report.problem(CHECKSUMS, at, format!("lists {name}, which is missing"));
            continue;
        }
        let actual = sha256_file(&path)?;
        if actual != digest {
            report.problem(
                name,
                None,
                format!("SHA-256 is {actual}, SHA256SUMS says {digest}: the file changed"),
            );
        }
    }
    report.files = listed.len();
    for name in release_files(dir)? {
        if name != CHECKSUMS && !listed.contains(&name) {
            report.problem(&name, None, "is not listed in SHA256SUMS");
        }
    }
    Ok(())
}

/// `<64 hex>  <name>` (or ` *<name>`, binary mode), with a safe relative
/// name.
fn parse_checksum_line(line: &str) -> Option<(&str, &str)> {
    let (digest, rest) = line.split_at_checked(64)?;
    let name = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    let hex = digest
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let safe = !name.is_empty()
        && !name.starts_with('/')
        && name.split('/').all(|part| part != ".." && !part.is_empty());
    (hex && safe).then_some((digest, name))
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
fn release_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        names.push(parts.join("/"));
    }
    Ok(names)
}

/// Rows counted per file name.
type RowCounts = BTreeMap<String, u64>;

/// The formula rule `datapackage.json` says the CSV files follow; the
/// apostrophe rule when it cannot be read (other checks report why).
fn stated_csv_formulas(dir: &Path, report: &mut Report) -> FormulaRule {
    let Some(descriptor) = fs::read_to_string(dir.join(datapackage::FILE_NAME))
        .ok()
        .and_then(|text| serde_json::from_str::<Json>(&text).ok())
    else {
        return FormulaRule::default();
    };
    datapackage::csv_formulas(&descriptor).unwrap_or_else(|error| {
        report.problem(datapackage::FILE_NAME, None, format!("{error:#}"));
        FormulaRule::default()
    })
}

/// Checks every table file, CSV text under `formulas`; returns the rows of
/// each.
fn check_tables(dir: &Path, formulas: FormulaRule, report: &mut Report) -> RowCounts {
    let mut rows = RowCounts::new();
    let mut statement_ids: HashMap<Format, HashSet<String>> = HashMap::new();
    let mut partitions = HashMap::new();
    for table in TABLES {
        if dir.join(table.name).is_dir() {
            let ids = parent_ids(&statement_ids, Format::Parquet);
            let mut checker = RowChecker::new(table, table.name, Format::Parquet, ids, formulas);
            check_partitions(dir, &mut checker, &mut partitions);
            report.rows += checker.rows;
            rows.insert(format!("{}.parquet", table.name), checker.rows);
            if table.name == STATEMENTS.name {
                statement_ids.insert(Format::Parquet, checker.ids);
            }
            report.problems.append(&mut checker.problems);
        }
        for format in [Format::Csv, Format::Parquet] {
            let name = format!("{}.{}", table.name, format.as_str());
            let path = dir.join(&name);
            if !path.is_file() {
                if table.name == "rejects" && format == Format::Csv {
                    report.problem(&name, None, "is missing; every release has it");
                }
                continue;
            }
            let ids = parent_ids(&statement_ids, format);
            let mut checker = RowChecker::new(table, &name, format, ids, formulas);
            let read = match format {
                Format::Csv => checker.check_csv(&path),
                _ => checker.check_parquet(&path),
            };
            if let Err(error) = read {
                checker.problem(None, format!("cannot be read to the end: {error:#}"));
            }
            report.rows += checker.rows;
            rows.insert(name.clone(), checker.rows);
            if table.name == STATEMENTS.name {
                statement_ids.insert(format, checker.ids);
            }
            report.problems.append(&mut checker.problems);
        }
        let csv = rows.get(&format!("{}.csv", table.name));
        let parquet = rows.get(&format!("{}.parquet", table.name));
        if let (Some(csv), Some(parquet)) = (csv, parquet)
            && csv != parquet
        {
            report.problem(
                &format!("{}.parquet", table.name),
                None,
                format!("has {parquet} rows but {}.csv has {csv}", table.name),
            );
        }
    }
    rows
}

/// Checks the files of a Hive-partitioned table (`statements/year=2021/
/// language=ar/part-0.parquet`, written with `--partition`): each as a
/// Parquet file of the table, the keys unique across all of them, a
/// statement's `language` and `published` year equal to its directory's
/// values, and a child row in its statement's partition. `partitions` maps
/// each statement id to its partition, filled by the statements table.
fn check_partitions(
    dir: &Path,
    checker: &mut RowChecker,
    partitions: &mut HashMap<String, String>,
) {
    let table = checker.table.name;
    let files = match release_files(&dir.join(table)) {
        Ok(files) => files,
        Err(error) => return checker.problem(None, format!("cannot be listed: {error:#}")),
    };
    for name in files {
        checker.file = format!("{table}/{name}");
        let Some(partition) = name
            .strip_suffix(PART_FILE)
            .map(|p| p.trim_end_matches('/'))
        else {
            checker.problem(None, format!("is not a partition file ({PART_FILE})"));
            continue;
        };
        checker.partition = Some(partition.to_string());
        if let Err(error) = checker.check_parquet(&dir.join(table).join(&name)) {
            checker.problem(None, format!("cannot be read to the end: {error:#}"));
        }
        for (id, place) in std::mem::take(&mut checker.placed) {
            if table == STATEMENTS.name {
                partitions.insert(id, place);
            } else if partitions
                .get(&id)
                .is_some_and(|expected| *expected != place)
            {
                let message = format!("statement_id {id:?} belongs in another partition");
                checker.problem(None, message);
            }
        }
    }
}

/// A statement's cells against the `key=value` directories it is in.
fn partition_problem(
    partition: &str,
    language: Option<&str>,
    published: Option<&str>,
) -> Option<String> {
    for level in partition.split('/') {
        let (key, value) = level.split_once('=')?;
        let value = (value != NULL_PARTITION).then_some(value);
        let actual = match key {
            "language" => language.map(str::to_string),
            "year" => published
                .and_then(|date| date.split('-').next())
                .map(str::to_string),
            _ => return Some(format!("is in an unknown partition key {key:?}")),
        };
        if actual.as_deref() != value {
            return Some(format!(
                "has {key} {}, but is in the partition {level}",
                actual.as_deref().unwrap_or("null")
            ));
        }
    }
    None
}

/// The statement ids children of a `format` file are checked against: the
/// statements file of that format, else of the other.
fn parent_ids(ids: &HashMap<Format, HashSet<String>>, format: Format) -> Option<HashSet<String>> {
    ids.get(&format).or_else(|| ids.values().next()).cloned()
}

/// Checks the rows of one table file.
struct RowChecker {
    table: &'static Table,
    file: String,
    format: Format,
    /// How the release's CSV files write would-be formulas.
    formulas: FormulaRule,
    /// The statements' ids, for a child table's foreign key.
    parents: Option<HashSet<String>>,
    /// Primary key → where it was first seen.
    keys: HashMap<String, String>,
    /// The ids seen, when this is the statements table.
    ids: HashSet<String>,
    /// The partition directory of the file being read, when partitioned.
    partition: Option<String>,
    /// Statement id → partition, of the rows of that file.
    placed: HashMap<String, String>,
    rows: u64,
    problems: Vec<Problem>,
}

impl RowChecker {
    fn new(
        table: &'static Table,
        file: &str,
        format: Format,
        parents: Option<HashSet<String>>,
        formulas: FormulaRule,
    ) -> RowChecker {
        RowChecker {
            table,
            file: file.to_string(),
            format,
            formulas,
            parents,
            keys: HashMap::new(),
            ids: HashSet::new(),
            partition: None,
            placed: HashMap::new(),
            rows: 0,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, at: Option<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            at,
            message: message.into(),
        });
    }

    fn check_csv(&mut self, path: &Path) -> anyhow::Result<()> {
        let header = csv_reader(path)?.headers()?.clone();
        let names: Vec<&str> = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                if i == 0 {
                    name.trim_start_matches('\u{FEFF}')
                } else {
                    name
                }
            })
            .collect();
        let expected: Vec<&str> = self.table.columns.iter().map(|c| c.name).collect();
        let header_ok = names == expected;
        if !header_ok {
            self.problem(
                Some("header".to_string()),
                format!(
                    "header is {}; expected {}",
                    names.join(","),
                    expected.join(",")
                ),
            );
        }
        if !self.table.foreign_keys.is_empty() && self.parents.is_none() {
            self.problem(None, "no statements file to check its statement_id against");
        }
        for_each_csv_row(path, &mut |row, cells| {
            self.rows += 1;
            let at = format!("row {row}");
            if !header_ok {
                return Ok(());
            }
            if cells.len() != expected.len() {
                self.problem(
                    Some(at),
                    format!("has {} fields, the header {}", cells.len(), expected.len()),
                );
                return Ok(());
            }
            let cells: Vec<Option<&str>> = cells
                .iter()
                .map(|c| (!c.is_empty()).then_some(*c))
                .collect();
            self.check_row(at, &cells);
            Ok(())
        })
    }

    fn check_parquet(&mut self, path: &Path) -> anyhow::Result<()> {
        let file = fs::File::open(path)?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .context("not a readable Parquet file")?;
        let expected = arrow_schema(self.table);
        let actual = builder.schema().clone();
        let table_name = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|x| x.key == TABLE_KEY))
            .and_then(|x| x.value.clone());
        if table_name.as_deref() != Some(self.table.name) {
            self.problem(
                None,
                format!(
                    "key-value metadata {TABLE_KEY} is {table_name:?}, expected {:?}",
                    self.table.name
                ),
            );
        }
        if actual.fields() != expected.fields() {
            self.problem(None, schema_difference(&actual, &expected));
            self.rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
            return Ok(());
        }
        for_each_parquet_row(path, &mut |row, cells| {
            self.rows += 1;
            self.check_row(format!("row {row}"), cells);
            Ok(())
        })
    }

    /// Checks one row whose cell count matches the columns.
    fn check_row(&mut self, at: String, cells: &[Option<&str>]) {
        for (column, cell) in self.table.columns.iter().zip(cells) {
            if let Some(message) = self.cell_problem(column, *cell) {
                self.problem(Some(at.clone()), format!("`{}` {message}", column.name));
            }
        }
        self.check_keys(at, cells);
    }

    fn cell_problem(&self, column: &Column, cell: Option<&str>) -> Option<String> {
        let Some(text) = cell else {
            return (!column.nullable).then(|| "is empty but required".to_string());
        };
        if let Some(message) = type_problem(column.ty, text) {
            return Some(message);
        }
        if let Some(allowed) = column.allowed {
            let allowed = allowed();
            if !allowed.contains(&text) {
                return Some(format!("is {text:?}, not one of {}", allowed.join(", ")));
            }
        }
        if column.name == "statement_id" && !is_statement_id(text) {
            return Some(format!("is {text:?}, not 16 lowercase hex characters"));
        }
        let protected = self.format == Format::Csv && self.formulas == FormulaRule::Apostrophe;
        if protected && column.ty == ColumnType::Utf8 && looks_like_formula(text) {
            return Some(format!(
                "is {text:?}: text a spreadsheet would run as a formula must start with an \
                 apostrophe"
            ));
        }
        None
    }

    fn check_keys(&mut self, at: String, cells: &[Option<&str>]) {
        let value = |name: &str| {
            self.table
                .columns
                .iter()
                .position(|c| c.name == name)
                .and_then(|i| cells.get(i).copied().flatten())
                .unwrap_or_default()
        };
        let cell = |name: &str| Some(value(name)).filter(|text| !text.is_empty());
        let id = value("statement_id").to_string();
        if !self.table.primary_key.is_empty() {
            let key: Vec<&str> = self.table.primary_key.iter().map(|k| value(k)).collect();
            let key = key.join("\u{1f}");
            if let Some(first) = self.keys.get(&key) {
                let message = format!(
                    "repeats the primary key ({}) of {first}",
                    self.table.primary_key.join(", ")
                );
                self.problem(Some(at.clone()), message);
            } else {
                self.keys.insert(key, at.clone());
            }
        }
        if let Some(partition) = &self.partition {
            let problem = (self.table.name == STATEMENTS.name)
                .then(|| partition_problem(partition, cell("language"), cell("published")))
                .flatten();
            self.placed.insert(id.clone(), partition.clone());
            if let Some(message) = problem {
                self.problem(Some(at.clone()), message);
            }
        }
        if self.table.name == STATEMENTS.name {
            self.ids.insert(id);
        } else if !self.table.foreign_keys.is_empty()
            && let Some(parents) = &self.parents
            && !parents.contains(&id)
        {
            self.problem(Some(at), format!("statement_id {id:?} is not a statement"));
        }
    }
}

/// Whether `text` is written as the CSV writer writes a value of `ty`.
fn type_problem(ty: ColumnType, text: &str) -> Option<String> {
    let ok = match ty {
        ColumnType::Utf8 => true,
        ColumnType::Date32 => {
            text.len() == 10 && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
        }
        ColumnType::Decimal38x2 => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            digits.split_once('.').is_some_and(|(units, cents)| {
                !units.is_empty()
                    && units.len() <= 36
                    && cents.len() == 2
                    && units
                        .bytes()
                        .chain(cents.bytes())
                        .all(|b| b.is_ascii_digit())
            })
        }
        ColumnType::Int32 => text.parse::<i32>().is_ok_and(|n| n.to_string() == text),
        ColumnType::Bool => text == "true" || text == "false",
    };
    (!ok).then(|| format!("is {text:?}, not a {}", type_name(ty)))
}

fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Utf8 => "text",
        ColumnType::Date32 => "date (YYYY-MM-DD)",
        ColumnType::Decimal38x2 => "decimal with two places (123.45)",
        ColumnType::Int32 => "32-bit integer",
        ColumnType::Bool => "boolean (true or false)",
    }
}

fn is_statement_id(text: &str) -> bool {
    text.len() == 16
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The first differences between a file's Arrow schema and the expected.
fn schema_difference(actual: &arrow_schema::Schema, expected: &arrow_schema::Schema) -> String {
    let describe = |field: &arrow_schema::Field| {
        let null = if field.is_nullable() { " null" } else { "" };
        format!("{} {}{null}", field.name(), field.data_type())
    };
    let actual: Vec<String> = actual.fields().iter().map(|f| describe(f)).collect();
    let expected: Vec<String> = expected.fields().iter().map(|f| describe(f)).collect();
    let differences: Vec<String> = (0..actual.len().max(expected.len()))
        .filter_map(|i| {
            let a = actual.get(i).map_or("(none)", String::as_str);
            let e = expected.get(i).map_or("(none)", String::as_str);
            (a != e).then(|| format!("column {}: {a}, expected {e}", i + 1))
        })
        .collect();
    format!(
        "Arrow schema differs from the table definition: {}",
        differences.join("; ")
    )
}

/// The rows `manifest.json` states, against the rows counted.
fn check_manifest(dir: &Path, rows: &RowCounts, report: &mut Report) {
    let file = super::manifest::FILE_NAME;
    if !dir.join(file).is_file() {
        return;
    }
    let manifest = match Manifest::read(dir) {
        Ok(manifest) => manifest,
        Err(error) => return report.problem(file, None, format!("{error:#}")),
    };
    check_records(file, &manifest.records, rows, report);
    for (name, stated) in &manifest.rows {
        match rows.get(name) {
            Some(counted) if counted != stated => report.problem(
                file,
                None,
                format!("says {name} has {stated} rows; it has {counted}"),
            ),
            None if !dir.join(name).is_file() => {
                report.problem(file, None, format!("lists {name}, which is missing"))
            }
            _ => {}
        }
    }
}

/// The record counts `datapackage.json` states, if it states any (its
/// other problems are reported by [`check_descriptors`]).
fn check_package_records(dir: &Path, rows: &RowCounts, report: &mut Report) {
    let file = datapackage::FILE_NAME;
    let Some(descriptor) = fs::read_to_string(dir.join(file))
        .ok()
        .and_then(|text| serde_json::from_str::<Json>(&text).ok())
    else {
        return;
    };
    match datapackage::records(&descriptor) {
        Ok(Some(records)) => check_records(file, &records, rows, report),
        Ok(None) => {}
        Err(error) => report.problem(file, None, format!("{error:#}")),
    }
}

/// Record counts stated in `file`: every record seen is a statement or a
/// reject, and the tables hold as many rows as it says.
fn check_records(file: &str, records: &RecordCounts, rows: &RowCounts, report: &mut Report) {
    if let Err(problem) = records.check() {
        report.problem(file, None, format!("says {problem}"));
    }
    let stated = [
        ("statements.csv", records.statements),
        ("statements.parquet", records.statements),
        ("rejects.csv", records.rejects),
    ];
    for (name, count) in stated {
        if let Some(&counted) = rows.get(name)
            && counted != count
        {
            report.problem(
                file,
                None,
                format!("says {count} records went into {name}; it has {counted} rows"),
            );
        }
    }
}

/// Sizes and hashes stated in `datapackage.json` and `catalog.jsonld`.
fn check_descriptors(dir: &Path, report: &mut Report) {
    if let Some(package) = read_json(dir, datapackage::FILE_NAME, report) {
        let resources = package["resources"].as_array().cloned().unwrap_or_default();
        for resource in resources {
            // A partitioned table is one resource with a list of paths.
            for part in resource["path"].as_array().into_iter().flatten() {
                if let Some(path) = part.as_str() {
                    check_stated(dir, datapackage::FILE_NAME, path, None, None, report);
                }
            }
            let Some(path) = resource["path"].as_str() else {
                continue;
            };
            let hash = resource["hash"]
                .as_str()
                .map(|h| h.trim_start_matches("sha256:"));
            check_stated(
                dir,
                datapackage::FILE_NAME,
                path,
                resource["bytes"].as_u64(),
                hash,
                report,
            );
        }
    }
    if let Some(metadata) = read_json(dir, csvw::FILE_NAME, report) {
        check_csv_metadata(dir, &metadata, report);
    }
    if let Some(catalog) = read_json(dir, dcat::FILE_NAME, report) {
        let distributions = catalog["dcat:dataset"]["dcat:distribution"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for distribution in distributions {
            let Some(url) = distribution["dcat:downloadURL"]["@id"].as_str() else {
                continue;
            };
            let name = released_name(dir, url);
            let bytes = distribution["dcat:byteSize"]["@value"]
                .as_str()
                .and_then(|b| b.parse().ok());
            let hash = distribution["spdx:checksum"]["spdx:checksumValue"]["@value"].as_str();
            check_stated(dir, dcat::FILE_NAME, name, bytes, hash, report);
        }
    }
}

/// The file of the release a download URL names: the longest ending of the
/// URL after a `/` that is a file (partition files sit in directories),
/// else its last segment.
fn released_name<'a>(dir: &Path, url: &'a str) -> &'a str {
    let last = url.rsplit('/').next().unwrap_or(url);
    std::iter::once(url)
        .chain(url.match_indices('/').map(|(i, _)| &url[i + 1..]))
        .find(|name| {
            !name.is_empty()
                && !name.starts_with('/')
                && !name.contains("..")
                && dir.join(name).is_file()
        })
        .unwrap_or(last)
}

/// Each table of `csv-metadata.json` names a file of the release and the
/// columns of its table definition.
fn check_csv_metadata(dir: &Path, metadata: &Json, report: &mut Report) {
    let tables = metadata["tables"].as_array().cloned().unwrap_or_default();
    for described in tables {
        let Some(url) = described["url"].as_str() else {
            report.problem(csvw::FILE_NAME, None, "has a table without a url");
            continue;
        };
        if !dir.join(url).is_file() {
            report.problem(
                csvw::FILE_NAME,
                None,
                format!("describes {url}, which is missing"),
            );
            continue;
        }
        let stem = url.strip_suffix(".csv").unwrap_or(url);
        let Some(table) = TABLES.iter().find(|t| t.name == stem) else {
            report.problem(
                csvw::FILE_NAME,
                None,
                format!("describes {url}, not a table"),
            );
            continue;
        };
        let columns: Vec<&str> = described["tableSchema"]["columns"]
            .as_array()
            .map(|list| list.iter().filter_map(|c| c["name"].as_str()).collect())
            .unwrap_or_default();
        let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        if columns != expected {
            report.problem(
                csvw::FILE_NAME,
                None,
                format!(
                    "gives {url} the columns {}; expected {}",
                    columns.join(","),
                    expected.join(",")
                ),
            );
        }
    }
}

fn read_json(dir: &Path, name: &str, report: &mut Report) -> Option<Json> {
    let text = fs::read_to_string(dir.join(name)).ok()?;
    match serde_json::from_str(&text) {
        Ok(json) => Some(json),
        Err(error) => {
            report.problem(name, None, format!("is not valid JSON: {error}"));
            None
        }
    }
}

/// A file's size and SHA-256 as a descriptor states them.
fn check_stated(
    dir: &Path,
    descriptor: &str,
    name: &str,
    bytes: Option<u64>,
    sha256: Option<&str>,
    report: &mut Report,
) {
    let path = dir.join(name);
    let Ok(metadata) = fs::metadata(&path) else {
        return report.problem(
            descriptor,
            None,
            format!("describes {name}, which is missing"),
        );
    };
    if let Some(bytes) = bytes
        && bytes != metadata.len()
    {
        report.problem(
            descriptor,
            None,
            format!("says {name} has {bytes} bytes; it has {}", metadata.len()),
        );
    }
    if let Some(stated) = sha256
        && let Ok(actual) = sha256_file(&path)
        && actual != stated
    {
        report.problem(
            descriptor,
            None,
            format!("states a SHA-256 of {name} that does not match the file"),
        );
    }
}

/// `statements.jsonld` holds one node per statement.
fn check_jsonld(dir: &Path, rows: &RowCounts, report: &mut Report) {
    let name = "statements.jsonld";
    let Some(document) = read_json(dir, name, report) else {
        return;
    };
    let Some(graph) = document["@graph"].as_array() else {
        return report.problem(name, None, "has no @graph");
    };
    let statements = rows
        .get("statements.parquet")
        .or_else(|| rows.get("statements.csv"));
    if let Some(&count) = statements
        && graph.len() as u64 != count
    {
        report.problem(
            name,
            None,
            format!(
                "holds {} statements; the statements table {count}",
                graph.len()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::{DataFacts, PackageInfo, Staging};
    use crate::write::test_records::data_facts;
    use crate::write::{DatasetWriter, WriteOptions, test_records};

    /// A release of the test records, published as `bayan export` does.
    fn release() -> tempfile::TempDir {
        release_with(FormulaRule::Apostrophe, FormulaRule::Apostrophe)
    }

    /// A release whose CSV files are written under `written` and described
    /// as following `stated`.
    fn release_with(written: FormulaRule, stated: FormulaRule) -> tempfile::TempDir {
        let out = tempfile::tempdir().expect("temp dir");
        let staging = Staging::create(out.path()).expect("staging");
        let options = WriteOptions {
            csv_formulas: written,
            ..WriteOptions::default()
        };
        let mut writer = DatasetWriter::create(staging.path(), &options).expect("sinks");
        for record in test_records::all() {
            writer.write(&record).expect("record written");
        }
        let files = writer.finish().expect("files");
        let data = DataFacts {
            csv_formulas: stated,
            ..data_facts(&files)
        };
        staging
            .publish(&data, &PackageInfo::default())
            .expect("published");
        out
    }

    fn messages(report: &Report) -> Vec<String> {
        report
            .problems
            .iter()
            .map(|p| {
                format!(
                    "{} {}: {}",
                    p.file,
                    p.at.clone().unwrap_or_default(),
                    p.message
                )
            })
            .collect()
    }

    #[test]
    fn raw_csv_is_checked_against_the_rule_its_release_states() {
        let raw = release_with(FormulaRule::Raw, FormulaRule::Raw);
        let report = validate(raw.path()).expect("validated");
        assert!(report.is_valid(), "{:?}", messages(&report));

        let misdescribed = release_with(FormulaRule::Raw, FormulaRule::Apostrophe);
        let report = validate(misdescribed.path()).expect("validated");
        let found = messages(&report);
        assert!(
            found
                .iter()
                .any(|m| m.starts_with("statements.csv row 2: `body`") && m.contains("apostrophe")),
            "{found:?}"
        );
    }

    #[test]
    fn a_published_release_is_valid() {
        let out = release();
        let report = validate(out.path()).expect("validated");
        assert!(report.is_valid(), "{:?}", messages(&report));
        assert!(report.files >= 10);
        assert!(report.rows > 0);
        assert!(report.render(false).contains("is valid"));
    }

    #[test]
    fn long_reports_are_cut_per_file_unless_all_are_asked_for() {
        let mut report = Report::default();
        for row in 1..=25 {
            report.problem("dates.csv", Some(format!("row {row}")), "is wrong");
        }
        report.problem("SHA256SUMS", None, "is missing or not UTF-8 text");
        let short = report.render(false);
        assert!(short.contains("dates.csv row 20: is wrong\n"));
        assert!(!short.contains("dates.csv row 21:"));
        assert!(short.contains("dates.csv: 5 more problems (--all lists them)"));
        assert!(short.contains("SHA256SUMS: is missing"));
        assert!(short.ends_with("is NOT valid: 26 problems in 2 files\n"));
        let all = report.render(true);
        assert!(all.contains("dates.csv row 25: is wrong\n"));
        assert!(!all.contains("more problems"));
    }

    #[test]
    fn checksum_lines_are_parsed_strictly() {
        let digest = "a".repeat(64);
        assert_eq!(
            parse_checksum_line(&format!("{digest}  x.csv")),
            Some((digest.as_str(), "x.csv"))
        );
        assert!(parse_checksum_line(&format!("{digest}  ../x.csv")).is_none());
        assert!(parse_checksum_line(&format!("{digest}  /etc/passwd")).is_none());
        assert!(parse_checksum_line(&format!("{}  x.csv", "A".repeat(64))).is_none());
        assert!(parse_checksum_line("short  x.csv").is_none());
    }

    #[test]
    fn cells_are_checked_against_their_types() {
        assert!(type_problem(ColumnType::Date32, "2021-07-02").is_none());
        assert!(type_problem(ColumnType::Date32, "2021-7-2").is_some());
        assert!(type_problem(ColumnType::Decimal38x2, "-600000000.00").is_none());
        assert!(type_problem(ColumnType::Decimal38x2, "6e8").is_some());
        assert!(type_problem(ColumnType::Decimal38x2, "1.5").is_some());
        assert!(type_problem(ColumnType::Int32, "012").is_some());
        assert!(type_problem(ColumnType::Int32, "-12").is_none());
        assert!(type_problem(ColumnType::Bool, "True").is_some());
        assert!(is_statement_id("0123456789abcdef"));
        assert!(!is_statement_id("0123456789ABCDEF"));
    }

    #[test]
    fn every_problem_is_listed() {
        let out = release();
        let dir = out.path();
        let statements = fs::read_to_string(dir.join("statements.csv")).expect("csv");
        let changed = statements.replacen(",press_release,", ",memo,", 1);
        let changed = if changed == statements {
            statements.replacen(",remarks,", ",memo,", 1)
        } else {
            changed
        };
        assert_ne!(changed, statements, "a doc_type to change");
        fs::write(dir.join("statements.csv"), changed).expect("tampered");
        let mut mentions = fs::read_to_string(dir.join("mentions.csv")).expect("csv");
        mentions.push_str("ffffffffffffffff,place,x,X,,,,body,0,1\r\n");
        fs::write(dir.join("mentions.csv"), mentions).expect("tampered");
        fs::remove_file(dir.join("dates.parquet")).expect("removed");
        fs::write(dir.join("extra.txt"), "x").expect("extra");

        let report = validate(dir).expect("validated");
        let all = messages(&report).join("\n");
        assert!(all.contains("statements.csv : SHA-256 is"), "{all}");
        assert!(all.contains("`doc_type` is \"memo\", not one of"), "{all}");
        assert!(
            all.contains("statement_id \"ffffffffffffffff\" is not a statement"),
            "{all}"
        );
        assert!(
            all.contains("lists dates.parquet, which is missing"),
            "{all}"
        );
        assert!(
            all.contains("extra.txt : is not listed in SHA256SUMS"),
            "{all}"
        );
        assert!(
            all.contains("mentions.parquet : has 1 rows but mentions.csv has 2"),
            "{all}"
        );
        assert!(report.render(false).contains("is NOT valid"));
    }

    #[test]
    fn stated_record_counts_must_add_up_and_match_the_tables() {
        let out = release();
        let dir = out.path();
        let path = dir.join(datapackage::FILE_NAME);
        let mut descriptor: Json =
            serde_json::from_str(&fs::read_to_string(&path).expect("descriptor")).expect("JSON");
        assert_eq!(descriptor[datapackage::RECORDS]["seen"], 3);
        descriptor[datapackage::RECORDS]["seen"] = 5.into();
        descriptor[datapackage::RECORDS]["rejects"] = 2.into();
        fs::write(&path, descriptor.to_string()).expect("tampered");
        let all = messages(&validate(dir).expect("validated")).join("\n");
        assert!(
            all.contains("datapackage.json : says 5 records were read but 2 statements and 2"),
            "{all}"
        );
        assert!(
            all.contains("says 2 records went into rejects.csv; it has 1 rows"),
            "{all}"
        );
    }

    #[test]
    fn csv_metadata_must_match_the_files() {
        let out = release();
        let dir = out.path();
        let path = dir.join(csvw::FILE_NAME);
        let text = fs::read_to_string(&path).expect("metadata");
        let changed = text.replacen("\"name\": \"kind\"", "\"name\": \"sort\"", 1);
        assert_ne!(changed, text);
        fs::write(&path, changed).expect("tampered");
        fs::remove_file(dir.join("rejects.csv")).expect("removed");
        let all = messages(&validate(dir).expect("validated")).join("\n");
        assert!(
            all.contains("gives mentions.csv the columns statement_id,sort,"),
            "{all}"
        );
        assert!(
            all.contains("describes rejects.csv, which is missing"),
            "{all}"
        );
    }

    #[test]
    fn a_wrong_parquet_schema_is_reported() {
        let out = release();
        let dir = out.path();
        fs::copy(dir.join("amounts.parquet"), dir.join("dates.parquet")).expect("copied");
        let report = validate(dir).expect("validated");
        let all = messages(&report).join("\n");
        assert!(
            all.contains("dates.parquet : Arrow schema differs from the table definition"),
            "{all}"
        );
        assert!(all.contains("bayan.table is Some(\"amounts\")"), "{all}");
    }
}
