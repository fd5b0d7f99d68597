//! Records → data files: CSV, Parquet and JSON-LD.
//!
//! [`DatasetWriter`] opens one [`Sink`] per table and format in a directory
//! and pushes every record to each of them; the sinks take what they need
//! from the record through the one table definition in [`crate::schema`].
//! Writers stream: nothing here holds the whole corpus.

pub mod csv;

use std::path::{Path, PathBuf};

use crate::record::Record;
use crate::schema::{TABLES, Table};

/// An output format the user can ask for with `--formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    JsonLd,
    Parquet,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::JsonLd, Format::Parquet];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLd => "jsonld",
            Format::Parquet => "parquet",
        }
    }

    /// The format called `name` (`csv`, `jsonld`, `parquet`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// How the data files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    pub formats: Vec<Format>,
    /// Prefix of the JSON-LD `@id`s of statements.
    pub base_iri: String,
    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    pub csv_bom: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            formats: Format::ALL.to_vec(),
            base_iri: "urn:bayan:".to_string(),
            csv_bom: false,
        }
    }
}

/// A data file that was written, for the manifest and checksums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// The file name inside the dataset directory.
    pub name: String,
    pub format: Format,
    /// The table it holds; `None` for documents that span tables (JSON-LD).
    pub table: Option<&'static str>,
    pub rows: u64,
}

/// Something records are pushed into and that ends as one file.
pub trait Sink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()>;
    fn finish(self: Box<Self>) -> anyhow::Result<WrittenFile>;
}

/// All the sinks of one dataset.
pub struct DatasetWriter {
    sinks: Vec<Box<dyn Sink>>,
}

impl DatasetWriter {
    /// Opens a sink for every table in every requested format inside `dir`.
    /// `rejects` is always written as CSV: it is for people to read.
    pub fn create(dir: &Path, options: &WriteOptions) -> anyhow::Result<DatasetWriter> {
        let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
        for table in TABLES {
            if options.formats.contains(&Format::Csv) || !table.parquet {
                sinks.push(Box::new(csv::CsvSink::create(
                    file_path(dir, table, "csv"),
                    table,
                    options,
                )?));
            }
        }
        Ok(DatasetWriter { sinks })
    }

    pub fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        for sink in &mut self.sinks {
            sink.write(record)?;
        }
        Ok(())
    }

    /// Flushes and closes every file; returns what was written.
    pub fn finish(self) -> anyhow::Result<Vec<WrittenFile>> {
        self.sinks.into_iter().map(|sink| sink.finish()).collect()
    }
}

fn file_path(dir: &Path, table: &Table, extension: &str) -> PathBuf {
    dir.join(format!("{}.{extension}", table.name))
}
