//! The files that describe a release to the people and programs that
//! download it, and the facts they are built from.
//!
//! After the data files and `datapackage.json` are written, [`describe`]
//! adds, in this order: `csv-metadata.json` ([`csvw`](super::csvw)),
//! `catalog.jsonld` ([`dcat`](super::dcat)), `README.md`
//! ([`card`](super::card)) and `index.html` ([`landing`](super::landing)).
//! Each lists the files written before it with their size and SHA-256, so
//! the order matters. Everything they say comes from [`crate::schema`], the
//! files in the release directory and the statements table read back from
//! it: no clock, no host name, no absolute path. The same data files give
//! the same descriptive files, byte for byte; run-time facts stay in
//! `manifest.json`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Int32Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::release::{CHECKSUMS, ReleaseFacts};
use super::{
    DataFacts, PackageInfo, card, csvw, datapackage, dcat, landing, sha256_file, write_synced,
};
use crate::schema::{STATEMENTS, TABLES, Table};
use crate::write::csv::{FormulaRule, decimal};
use crate::write::{Format, WrittenFile};

/// The run manifest's file name, linked from the landing page when the
/// release has one.
const MANIFEST: &str = super::manifest::FILE_NAME;

/// How many statement titles the landing page shows, one per language.
const SAMPLE_LANGUAGES: usize = 12;

/// Titles longer than this many characters are cut on the landing page.
const SAMPLE_TITLE_CHARS: usize = 160;

/// The files [`describe`] writes, in order; `csv-metadata.json` only when
/// the release has CSV files.
pub const FILE_NAMES: [&str; 4] = [
    csvw::FILE_NAME,
    dcat::FILE_NAME,
    card::FILE_NAME,
    landing::FILE_NAME,
];

/// What the caller knows about the release beyond its files.
#[derive(Debug, Clone, Copy)]
pub struct Describe<'a> {
    /// The data files and what they follow.
    pub data: DataFacts<'a>,
    pub package: &'a PackageInfo,
    /// Who publishes the dataset, if known.
    pub publisher: Option<&'a str>,
    /// Absolute IRI the release's files are downloaded from (the directory,
    /// `/` added when missing). `None` writes relative references, which
    /// resolve against the document they are in.
    pub download_base: Option<&'a str>,
    /// Whether the release will hold `manifest.json` (a `bayan run`
    /// release does, a `bayan export` directory does not).
    pub has_manifest: bool,
}

/// Writes the descriptive files into release directory `dir`; returns
/// their names, in the order written.
pub fn describe(dir: &Path, describe: &Describe) -> anyhow::Result<Vec<String>> {
    let mut written = Vec::new();
    if let Some(metadata) = csvw::csv_metadata(&describe.data, describe.package) {
        write_file(dir, csvw::FILE_NAME, &pretty(&metadata), &mut written)?;
    }
    let statements = StatementFacts::read(dir, &describe.data)?;
    // Each file is hashed once; each new file joins the list for the next.
    let mut summary = ReleaseSummary::gather(dir, describe, &written, statements)?;
    let catalog = pretty(&dcat::catalog(&summary));
    write_file(dir, dcat::FILE_NAME, &catalog, &mut written)?;
    summary.add_file(dir, dcat::FILE_NAME)?;
    let card = card::dataset_card(&summary);
    write_file(dir, card::FILE_NAME, &card, &mut written)?;
    summary.add_file(dir, card::FILE_NAME)?;
    let page = landing::landing_page(&summary);
    write_file(dir, landing::FILE_NAME, &page, &mut written)?;
    Ok(written)
}

/// Writes one descriptive file and notes its name.
fn write_file(dir: &Path, name: &str, text: &str, written: &mut Vec<String>) -> anyhow::Result<()> {
    write_synced(&dir.join(name), text.as_bytes())?;
    written.push(name.to_string());
    Ok(())
}

/// [`describe`] as a step of `bayan run`'s release (see
/// [`super::release::RELEASE_FILES`]). The download base is not part of the
/// run's facts yet, so references are relative.
pub fn build_for_release(dir: &Path, facts: &ReleaseFacts) -> anyhow::Result<Vec<String>> {
    describe(
        dir,
        &Describe {
            data: facts.data,
            package: facts.package,
            publisher: facts.publisher,
            download_base: None,
            has_manifest: true,
        },
    )
}

/// Pretty JSON with a final newline.
fn pretty(value: &serde_json::Value) -> String {
    crate::schema::files::pretty_json(value)
}

/// Everything the catalog, the card and the landing page say.
#[derive(Debug, Clone)]
pub struct ReleaseSummary {
    pub package: PackageInfo,
    pub publisher: Option<String>,
    /// The download base, ending in `/`, if one was given.
    pub base: Option<String>,
    /// The release's files that exist now, data files first.
    pub files: Vec<FileFacts>,
    /// Files that will be beside them, without facts yet
    /// (`SHA256SUMS`, `manifest.json`).
    pub later_files: Vec<&'static str>,
    /// Rows per table, in the contract's order, for the tables written.
    pub tables: Vec<TableRows>,
    pub statements: StatementFacts,
    /// How the CSV files write text a spreadsheet would run.
    pub csv_formulas: FormulaRule,
}

/// One table's row count and the formats it was written in.
#[derive(Debug, Clone)]
pub struct TableRows {
    pub table: &'static Table,
    pub rows: u64,
    pub formats: Vec<Format>,
}

impl ReleaseSummary {
    fn gather(
        dir: &Path,
        describe: &Describe,
        described: &[String],
        statements: StatementFacts,
    ) -> anyhow::Result<ReleaseSummary> {
        let mut ordered: Vec<&WrittenFile> = describe.data.files.iter().collect();
        ordered.sort_by_key(|f| (table_position(f.table), f.format, f.name.clone()));
        let mut files = Vec::new();
        for file in ordered {
            files.push(FileFacts::read(dir, &file.name, Some(file))?);
        }
        let mut metadata = vec![datapackage::FILE_NAME.to_string()];
        metadata.extend(described.iter().cloned());
        for name in metadata {
            if dir.join(&name).is_file() {
                files.push(FileFacts::read(dir, &name, None)?);
            }
        }
        let mut later_files = vec![CHECKSUMS];
        if describe.has_manifest {
            later_files.push(MANIFEST);
        }
        Ok(ReleaseSummary {
            package: describe.package.clone(),
            publisher: describe.publisher.map(str::to_string),
            base: describe.download_base.map(directory_iri),
            files,
            later_files,
            tables: table_rows(describe.data.files),
            statements,
            csv_formulas: describe.data.csv_formulas,
        })
    }

    /// Adds descriptive file `name`, just written into `dir`.
    fn add_file(&mut self, dir: &Path, name: &str) -> anyhow::Result<()> {
        self.files.push(FileFacts::read(dir, name, None)?);
        Ok(())
    }

    /// The reference to release file `name`: absolute under the download
    /// base, else relative.
    pub fn link(&self, name: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{name}"),
            None => name.to_string(),
        }
    }

    /// The data files, with their table when they hold one.
    pub fn data_files(&self) -> impl Iterator<Item = &FileFacts> {
        self.files.iter().filter(|f| f.data.is_some())
    }

    /// The licence's page at SPDX.
    pub fn license_url(&self) -> String {
        format!("https://spdx.org/licenses/{}.html", self.package.license)
    }

    /// The licence as people read it: its title, else its SPDX id.
    pub fn license_name(&self) -> &str {
        self.package
            .license_title
            .as_deref()
            .unwrap_or(&self.package.license)
    }

    /// Whether the release has this file now.
    pub fn has_file(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }
}

/// `1 row`, `2 rows`: a count with its noun (plural by `s`).
pub fn count_of(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A size for people: `812 B`, `12.4 kB`, `3.1 MB` (powers of 1000).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut size = bytes as f64 / 1000.0;
    let mut unit = 0;
    while size >= 999.95 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    format!("{size:.1} {}", UNITS[unit])
}

/// `https://example.org/data` → `https://example.org/data/`.
fn directory_iri(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// Tables in the contract's order; files that span tables last.
fn table_position(table: Option<&str>) -> usize {
    table
        .and_then(|name| TABLES.iter().position(|t| t.name == name))
        .unwrap_or(TABLES.len())
}

fn table_rows(files: &[WrittenFile]) -> Vec<TableRows> {
    let mut tables = Vec::new();
    for table in TABLES {
        let mut of_table = files.iter().filter(|f| f.table == Some(table.name));
        let Some(first) = of_table.next() else {
            continue;
        };
        let mut formats = vec![first.format];
        formats.extend(of_table.map(|f| f.format));
        formats.sort();
        tables.push(TableRows {
            table,
            rows: first.rows,
            formats,
        });
    }
    tables
}

/// A data file's format and table.
#[derive(Debug, Clone, Copy)]
pub struct DataFile {
    pub format: Format,
    pub table: Option<&'static Table>,
    pub rows: u64,
}

/// One file of the release: what it is, how big, its checksum.
#[derive(Debug, Clone)]
pub struct FileFacts {
    pub name: String,
    /// `Some` for data files.
    pub data: Option<DataFile>,
    pub bytes: u64,
    pub sha256: String,
}

impl FileFacts {
    fn read(dir: &Path, name: &str, written: Option<&WrittenFile>) -> anyhow::Result<FileFacts> {
        let path = dir.join(name);
        let bytes = fs::metadata(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        let data = written.map(|file| DataFile {
            format: file.format,
            table: file
                .table
                .and_then(|t| TABLES.iter().copied().find(|x| x.name == t)),
            rows: file.rows,
        });
        Ok(FileFacts {
            name: name.to_string(),
            data,
            bytes,
            sha256: sha256_file(&path)?,
        })
    }

    /// The IANA media type.
    pub fn media_type(&self) -> &'static str {
        media_type(&self.name)
    }

    /// A short format name for people: `CSV`, `Parquet`, `JSON-LD`...
    pub fn format_label(&self) -> &'static str {
        format_label(&self.name)
    }

    /// What the file holds, in a few words.
    pub fn title(&self) -> String {
        match self.data {
            Some(DataFile {
                table: Some(table), ..
            }) => table.title.to_string(),
            Some(DataFile {
                format: Format::JsonLines,
                ..
            }) => crate::write::ndjson::HELD_BACK_TITLE.to_string(),
            Some(DataFile { table: None, .. }) => "Statements with their mentions, amounts \
                                                  and dates"
                .to_string(),
            None => metadata_title(&self.name).to_string(),
        }
    }
}

/// The IANA media type of a release file, by its name.
pub fn media_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        _ if name == csvw::FILE_NAME => "application/csvm+json",
        Some("csv") => "text/csv",
        Some("parquet") => "application/vnd.apache.parquet",
        Some("jsonld") => "application/ld+json",
        Some("jsonl") => "application/jsonl",
        Some("json") => "application/json",
        Some("md") => "text/markdown",
        Some("html") => "text/html",
        _ => "text/plain",
    }
}

/// A short format name of a release file, by its name.
pub fn format_label(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        _ if name == csvw::FILE_NAME => "CSVW metadata",
        _ if name == datapackage::FILE_NAME => "Data Package",
        _ if name == dcat::FILE_NAME => "DCAT (JSON-LD)",
        Some("csv") => "CSV",
        Some("parquet") => "Parquet",
        Some("jsonld") => "JSON-LD",
        Some("jsonl") => "JSON Lines",
        Some("json") => "JSON",
        Some("md") => "Markdown",
        Some("html") => "HTML",
        _ => "text",
    }
}

/// What a descriptive file is, for people.
pub fn metadata_title(name: &str) -> &'static str {
    match name {
        datapackage::FILE_NAME => "Frictionless Data Package descriptor: resources, schemas, keys",
        csvw::FILE_NAME => "W3C CSV on the Web metadata of the CSV files",
        dcat::FILE_NAME => "DCAT catalog of the dataset and its downloads",
        card::FILE_NAME => "Dataset card: contents, schemas, how to load, licence",
        landing::FILE_NAME => "This page",
        CHECKSUMS => "SHA-256 checksums of every file (sha256sum -c SHA256SUMS)",
        MANIFEST => "Facts of the run that built this release",
        _ => "",
    }
}

/// What the statements table says about languages, kinds and dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatementFacts {
    /// Whether a statements file could be read (a JSON-LD-only release has
    /// none).
    pub known: bool,
    pub total: u64,
    pub languages: BTreeMap<String, u64>,
    pub doc_types: BTreeMap<String, u64>,
    /// The earliest and latest `published` dates.
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    /// Statements without a publication date.
    pub undated: u64,
    /// The first statement of each language (up to [`SAMPLE_LANGUAGES`]),
    /// in table order.
    pub samples: Vec<Sample>,
}

/// A statement shown on the landing page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub statement_id: String,
    pub language: String,
    pub published: Option<NaiveDate>,
    pub title: String,
}

impl StatementFacts {
    /// Reads the statements table back: the Parquet file when there is one
    /// (its text is exactly the statement's), else the CSV file.
    fn read(dir: &Path, data: &DataFacts) -> anyhow::Result<StatementFacts> {
        let files = data.files;
        let mut facts = StatementFacts::default();
        let of = |format| {
            files
                .iter()
                .find(|f| f.table == Some(STATEMENTS.name) && f.format == format)
        };
        let column = |name: &str| STATEMENTS.columns.iter().position(|c| c.name == name);
        let (Some(id), Some(language), Some(doc_type), Some(published), Some(title)) = (
            column("statement_id"),
            column("language"),
            column("doc_type"),
            column("published"),
            column("title"),
        ) else {
            return Ok(facts);
        };
        let mut add = |cells: &[Option<&str>]| {
            let cell = |i: usize| cells.get(i).copied().flatten().unwrap_or_default();
            facts.add(Sample {
                statement_id: cell(id).to_string(),
                language: cell(language).to_string(),
                published: NaiveDate::parse_from_str(cell(published), "%Y-%m-%d").ok(),
                title: cell(title).to_string(),
            });
            *facts
                .doc_types
                .entry(cell(doc_type).to_string())
                .or_default() += 1;
            Ok(())
        };
        if let Some(file) = of(Format::Parquet) {
            let columns = [id, language, doc_type, published, title];
            let path = dir.join(&file.name);
            for_each_parquet_row_of(&path, Some(&columns), &mut |_, cells| add(cells))?;
        } else if let Some(file) = of(Format::Csv) {
            for_each_csv_row(&dir.join(&file.name), &mut |_, cells| {
                let text: Vec<Option<String>> = cells
                    .iter()
                    .map(|c| (!c.is_empty()).then(|| data.csv_formulas.read(c).to_string()))
                    .collect();
                let borrowed: Vec<Option<&str>> = text.iter().map(|c| c.as_deref()).collect();
                add(&borrowed)
            })?;
        } else {
            return Ok(facts);
        }
        facts.known = true;
        Ok(facts)
    }

    fn add(&mut self, sample: Sample) {
        self.total += 1;
        *self.languages.entry(sample.language.clone()).or_default() += 1;
        match sample.published {
            Some(date) => {
                self.first_published = Some(self.first_published.map_or(date, |d| d.min(date)));
                self.last_published = Some(self.last_published.map_or(date, |d| d.max(date)));
            }
            None => self.undated += 1,
        }
        let new_language = !self.samples.iter().any(|s| s.language == sample.language);
        if new_language && self.samples.len() < SAMPLE_LANGUAGES {
            let title = cut(&sample.title, SAMPLE_TITLE_CHARS);
            self.samples.push(Sample { title, ..sample });
        }
    }
}

/// `text` cut to at most `chars` characters, with an ellipsis when cut.
fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Calls `visit` with each data row of a CSV file (header skipped, a
/// leading byte order mark ignored) and its 1-based row number, the
/// header not counted (a row may span lines: text cells hold newlines).
pub fn for_each_csv_row(
    path: &Path,
    visit: &mut dyn FnMut(u64, &[&str]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut reader = csv_reader(path)?;
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    while reader
        .read_record(&mut record)
        .with_context(|| format!("{} is not valid CSV", path.display()))?
    {
        row += 1;
        let cells: Vec<&str> = record.iter().collect();
        visit(row, &cells)?;
    }
    Ok(())
}

/// A CSV reader over `path` that has read the header row; rows may have any
/// number of fields (the validator reports a wrong count itself).
pub fn csv_reader(path: &Path) -> anyhow::Result<csv::Reader<fs::File>> {
    let file = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    reader
        .headers()
        .with_context(|| format!("{} has no readable header row", path.display()))?;
    Ok(reader)
}

/// Receives a row's number and its cells (`None` for null).
pub type RowVisitor<'a> = dyn FnMut(u64, &[Option<&str>]) -> anyhow::Result<()> + 'a;

/// Calls `visit` with each row of a Parquet file as text cells (`None` for
/// null), written as the CSV files write them but without the formula
/// rule, and its 1-based row number.
pub fn for_each_parquet_row(path: &Path, visit: &mut RowVisitor) -> anyhow::Result<()> {
    for_each_parquet_row_of(path, None, visit)
}

/// [`for_each_parquet_row`] reading only the top-level columns at
/// `columns` (file order): the others are not decoded and come as `None`.
/// Reading a statements table back for its facts then skips the bodies,
/// which are most of its bytes.
fn for_each_parquet_row_of(
    path: &Path,
    columns: Option<&[usize]>,
    visit: &mut RowVisitor,
) -> anyhow::Result<()> {
    let file = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|builder| {
            let width = builder.parquet_schema().root_schema().get_fields().len();
            let mut wanted: Vec<usize> = match columns {
                Some(columns) => columns.iter().copied().filter(|&c| c < width).collect(),
                None => (0..width).collect(),
            };
            // The batches hold the projected columns in file order.
            wanted.sort_unstable();
            wanted.dedup();
            let mask = ProjectionMask::roots(builder.parquet_schema(), wanted.iter().copied());
            Ok((builder.with_projection(mask).build()?, wanted, width))
        })
        .with_context(|| format!("{} is not a readable Parquet file", path.display()))?;
    let (reader, wanted, width) = reader;
    let mut row_number = 0;
    for batch in reader {
        let batch = batch.with_context(|| format!("cannot read {}", path.display()))?;
        for row in 0..batch.num_rows() {
            row_number += 1;
            let cells = row_text(&batch, row, &wanted, width)?;
            let borrowed: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
            visit(row_number, &borrowed)?;
        }
    }
    Ok(())
}

/// One row of a record batch holding the file columns `wanted` (in file
/// order), as text cells of a row `width` columns wide.
fn row_text(
    batch: &RecordBatch,
    row: usize,
    wanted: &[usize],
    width: usize,
) -> anyhow::Result<Vec<Option<String>>> {
    let mut cells = vec![None; width];
    for (array, &column) in batch.columns().iter().zip(wanted) {
        if let Some(cell) = cells.get_mut(column) {
            *cell = cell_text(array, row)?;
        }
    }
    Ok(cells)
}

fn cell_text(array: &ArrayRef, row: usize) -> anyhow::Result<Option<String>> {
    if array.is_null(row) {
        return Ok(None);
    }
    let array: &Arc<dyn Array> = array;
    let text = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .value_as_date(row)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        DataType::Decimal128(_, 2) => decimal(array.as_primitive::<Decimal128Type>().value(row)),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Boolean => array.as_boolean().value(row).to_string(),
        other => anyhow::bail!("a column of type {other} is not one the dataset writes"),
    };
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::test_records::data_facts;
    use crate::write::{DatasetWriter, WriteOptions, test_records};

    fn written(dir: &Path, options: &WriteOptions) -> Vec<WrittenFile> {
        let mut writer = DatasetWriter::create(dir, options).expect("sinks open");
        for record in test_records::all() {
            writer.write(&record).expect("record written");
        }
        writer.finish().expect("files finished")
    }

    #[test]
    fn parquet_and_csv_give_the_same_statement_facts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = written(dir.path(), &WriteOptions::default());
        let from_parquet = StatementFacts::read(dir.path(), &data_facts(&files)).expect("facts");
        let csv_only: Vec<WrittenFile> = files
            .iter()
            .filter(|f| f.format != Format::Parquet)
            .cloned()
            .collect();
        let from_csv = StatementFacts::read(dir.path(), &data_facts(&csv_only)).expect("facts");
        assert!(from_parquet.known);
        assert_eq!(from_parquet, from_csv);
        assert_eq!(from_parquet.total, 2);
        assert_eq!(from_parquet.undated, 1);
        assert_eq!(
            from_parquet.first_published,
            NaiveDate::from_ymd_opt(2021, 7, 2)
        );
        assert_eq!(from_parquet.samples.len(), from_parquet.languages.len());
        assert_eq!(from_parquet.samples[0].title, test_records::ARABIC_TITLE);
    }

    #[test]
    fn a_release_without_statement_tables_has_no_statement_facts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions {
            formats: vec![Format::JsonLd],
            ..WriteOptions::default()
        };
        let files = written(dir.path(), &options);
        let facts = StatementFacts::read(dir.path(), &data_facts(&files)).expect("facts");
        assert!(!facts.known);
        assert_eq!(facts.total, 0);
    }

    #[test]
    fn titles_are_cut() {
        assert_eq!(cut("بيان صحفي", 4), "بيان…");
        assert_eq!(cut("short", 10), "short");
    }

    #[test]
    fn media_types_follow_names() {
        assert_eq!(media_type("statements.csv"), "text/csv");
        assert_eq!(media_type(csvw::FILE_NAME), "application/csvm+json");
        assert_eq!(
            media_type("dates.parquet"),
            "application/vnd.apache.parquet"
        );
        assert_eq!(media_type(CHECKSUMS), "text/plain");
        assert_eq!(directory_iri("https://x.org/d"), "https://x.org/d/");
        assert_eq!(count_of(1, "row"), "1 row");
        assert_eq!(count_of(0, "statement"), "0 statements");
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(12_400), "12.4 kB");
        assert_eq!(human_size(999_990), "1.0 MB");
        assert_eq!(human_size(3_100_000), "3.1 MB");
    }
}
