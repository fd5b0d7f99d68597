//! Records → data files: CSV, Parquet and JSON-LD.
//!
//! [`DatasetWriter`] opens one [`Sink`] per table and format in a directory
//! and pushes every record to each of them; the sinks take what they need
//! from the record through the one table definition in [`crate::schema`].
//! Writers stream: nothing here holds the whole corpus.

pub mod csv;
mod direction;
mod json_string;
pub mod jsonld;
pub mod ndjson;
pub mod output;
pub mod parquet;
pub mod partition;
#[cfg(test)]
pub(crate) mod test_records;

use std::path::{Path, PathBuf};

use crate::record::Record;
use crate::schema::context::DEFAULT_STATEMENT_BASE;
use crate::schema::{REJECTS, STATEMENTS, TABLES, Table};
use partition::{PartitionKey, PartitionedParquet};

/// An output format the user can ask for with `--formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    JsonLd,
    Parquet,
    /// The statements a shard holds back ([`ndjson::HELD_BACK_FILE`]):
    /// written by `--shard`, never asked for with `--formats`.
    JsonLines,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::JsonLd, Format::Parquet];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLd => "jsonld",
            Format::Parquet => "parquet",
            Format::JsonLines => "jsonl",
        }
    }

    /// The format called `name` (`csv`, `jsonld`, `parquet`): one
    /// `--formats` can ask for.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// How the data files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    pub formats: Vec<Format>,
    /// Prefix of the JSON-LD `@id`s of statements: the `@id` is this
    /// followed by the `statement_id` (see [`jsonld::statement_base`] for
    /// the separator added when it has none). Default
    /// `urn:bayan:statement:`.
    pub base_iri: String,
    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    pub csv_bom: bool,
    /// How CSV text cells that a spreadsheet would run are written
    /// (`--csv-raw` is [`csv::FormulaRule::Raw`]).
    pub csv_formulas: csv::FormulaRule,
    /// Write the Parquet tables Hive-partitioned by these keys, in this
    /// order ([`partition`]); empty: one file per table.
    pub partition: Vec<PartitionKey>,
    /// Write the statements held back for a merge ([`ndjson::HELD_BACK_FILE`]):
    /// set for one shard of a job (`--shard I/N`, N > 1).
    pub held_back: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            formats: Format::ALL.to_vec(),
            base_iri: DEFAULT_STATEMENT_BASE.to_string(),
            csv_bom: false,
            csv_formulas: csv::FormulaRule::default(),
            partition: Vec::new(),
            held_back: false,
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
    /// The hex SHA-256 of its bytes, when the writer computed it on the
    /// way out ([`output::OutputFile`]); publishing hashes the others.
    pub sha256: Option<String>,
}

/// Something records are pushed into and that ends as one file.
pub trait Sink: Send {
    fn write(&mut self, record: &Record) -> anyhow::Result<()>;
    fn finish(self: Box<Self>) -> anyhow::Result<WrittenFile>;
}

/// All the sinks of one dataset.
pub struct DatasetWriter {
    sinks: Vec<Box<dyn Sink>>,
    partitioned: Vec<PartitionedParquet>,
}

impl DatasetWriter {
    /// Opens a sink for every table in every requested format inside `dir`,
    /// and one for `statements.jsonld`. `rejects` is always written as CSV:
    /// it is for people to read.
    pub fn create(dir: &Path, options: &WriteOptions) -> anyhow::Result<DatasetWriter> {
        let wants = |format| options.formats.contains(&format);
        let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
        let mut partitioned = Vec::new();
        // First, so that a bad base IRI stops the run before any file exists.
        if wants(Format::JsonLd) {
            sinks.push(Box::new(jsonld::JsonLdSink::create(
                dir.join(jsonld::FILE_NAME),
                options,
            )?));
        }
        for table in TABLES {
            if wants(Format::Csv) || !table.parquet {
                sinks.push(Box::new(csv::CsvSink::create(
                    file_path(dir, table, "csv"),
                    table,
                    options,
                )?));
            }
            if wants(Format::Parquet) && table.parquet && !options.partition.is_empty() {
                partitioned.push(PartitionedParquet::new(dir, table, &options.partition));
            } else if wants(Format::Parquet) && table.parquet {
                sinks.push(Box::new(parquet::ParquetSink::create(
                    file_path(dir, table, "parquet"),
                    table,
                )?));
            }
        }
        if options.held_back {
            sinks.push(Box::new(ndjson::HeldBackSink::create(
                dir.join(ndjson::HELD_BACK_FILE),
            )?));
        }
        Ok(DatasetWriter { sinks, partitioned })
    }

    pub fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        for sink in &mut self.sinks {
            sink.write(record)?;
        }
        for table in &mut self.partitioned {
            table.write(record)?;
        }
        Ok(())
    }

    /// Flushes and closes every file; returns what was written.
    ///
    /// The files are finished at once, each on a thread of its own: the
    /// last Parquet row groups are encoded and compressed, and each file
    /// waits for its sync to disk, beside the others rather than one after
    /// another while the rest of the machine has nothing left to do.
    pub fn finish(self) -> anyhow::Result<Vec<WrittenFile>> {
        let finished: Vec<anyhow::Result<WrittenFile>> = std::thread::scope(|scope| {
            let finishing: Vec<_> = self
                .sinks
                .into_iter()
                .map(|sink| scope.spawn(move || sink.finish()))
                .collect();
            finishing
                .into_iter()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut files: Vec<WrittenFile> = finished.into_iter().collect::<anyhow::Result<_>>()?;
        for table in self.partitioned {
            files.extend(table.finish()?);
        }
        Ok(files)
    }
}

/// The statements and the rejects `files` hold, from the rows their
/// writers counted: the statements of every format that holds them (a
/// table's partition files summed) must agree. `Err` says what does not.
pub fn written_records(files: &[WrittenFile]) -> Result<(u64, u64), String> {
    let mut statements: Vec<(Format, u64)> = Vec::new();
    let mut rejects = None;
    for file in files {
        let holds_statements = match file.format {
            Format::JsonLd => file.table.is_none(),
            Format::Csv | Format::Parquet => file.table == Some(STATEMENTS.name),
            // Rejects: counted in the rejects table.
            Format::JsonLines => false,
        };
        if holds_statements {
            match statements
                .iter_mut()
                .find(|(format, _)| *format == file.format)
            {
                Some((_, rows)) => *rows += file.rows,
                None => statements.push((file.format, file.rows)),
            }
        } else if file.table == Some(REJECTS.name) {
            *rejects.get_or_insert(0) += file.rows;
        }
    }
    let Some(&(first_format, first)) = statements.first() else {
        return Err("no file of the dataset holds the statements".to_string());
    };
    if let Some((format, rows)) = statements.iter().find(|(_, rows)| *rows != first) {
        return Err(format!(
            "the {} files hold {first} statements but the {} files {rows}",
            first_format.as_str(),
            format.as_str()
        ));
    }
    let rejects = rejects.ok_or("the dataset has no rejects file")?;
    Ok((first, rejects))
}

fn file_path(dir: &Path, table: &Table, extension: &str) -> PathBuf {
    dir.join(format!("{}.{extension}", table.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_records::write_all as write_dataset;

    #[test]
    fn same_records_give_same_bytes() {
        let first = tempfile::tempdir().expect("temp dir");
        let second = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions::default();
        let files = write_dataset(first.path(), &options);
        assert_eq!(write_dataset(second.path(), &options), files);
        for file in &files {
            let a = std::fs::read(first.path().join(&file.name)).expect("first copy");
            let b = std::fs::read(second.path().join(&file.name)).expect("second copy");
            assert!(!a.is_empty(), "{} is empty", file.name);
            assert!(a == b, "{} differs between two runs", file.name);
        }
    }

    #[test]
    fn every_format_gets_its_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = write_dataset(dir.path(), &WriteOptions::default());
        let mut names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "amounts.csv",
                "amounts.parquet",
                "dates.csv",
                "dates.parquet",
                "mentions.csv",
                "mentions.parquet",
                "rejects.csv",
                "statements.csv",
                "statements.jsonld",
                "statements.parquet",
            ]
        );
        let rows = |name: &str| files.iter().find(|f| f.name == name).map(|f| f.rows);
        assert_eq!(rows("statements.parquet"), Some(2));
        assert_eq!(rows("statements.jsonld"), Some(2));
        assert_eq!(rows("mentions.parquet"), Some(1));
        assert_eq!(rows("rejects.csv"), Some(1));
    }

    #[test]
    fn rejects_stay_csv_whatever_the_formats() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions {
            formats: vec![Format::Parquet],
            ..WriteOptions::default()
        };
        let mut names: Vec<String> = write_dataset(dir.path(), &options)
            .into_iter()
            .map(|f| f.name)
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "amounts.parquet",
                "dates.parquet",
                "mentions.parquet",
                "rejects.csv",
                "statements.parquet",
            ]
        );
    }

    #[test]
    fn a_bad_base_iri_stops_before_writing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions {
            base_iri: "statements/".to_string(),
            ..WriteOptions::default()
        };
        let error = DatasetWriter::create(dir.path(), &options)
            .err()
            .expect("a relative base IRI is refused");
        assert!(error.to_string().contains("not an absolute IRI"), "{error}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert!(left.is_empty(), "no file was created");
    }

    #[test]
    fn written_records_are_counted_from_the_rows_of_every_format() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = write_dataset(dir.path(), &WriteOptions::default());
        assert_eq!(written_records(&files), Ok((2, 1)));
        let mut disagreeing = files.clone();
        for file in &mut disagreeing {
            if file.name == "statements.parquet" {
                file.rows = 1;
            }
        }
        let error = written_records(&disagreeing).expect_err("the formats disagree");
        assert!(
            error.contains("hold 2 statements but the parquet files 1"),
            "{error}"
        );
        let no_rejects: Vec<WrittenFile> = files
            .into_iter()
            .filter(|f| f.table != Some(REJECTS.name))
            .collect();
        assert!(written_records(&no_rejects).is_err());
    }
}
