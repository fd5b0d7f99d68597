//! Hive-partitioned Parquet tables (`--partition year,language`).
//!
//! Each Parquet table becomes a directory of files, one per partition:
//! `statements/year=2021/language=ar/part-0.parquet`, and the same
//! partition directories under `mentions/`, `amounts/` and `dates/`. A
//! child row goes into its statement's partition, so a join by
//! `statement_id` never has to look outside the partition, and every
//! partition that holds a statement has a file in all four tables (an empty
//! one keeps its schema). `year` is the year of `published`; a statement
//! without a date, or a value that is empty, goes into Hive's null partition
//! [`NULL_PARTITION`], which Spark, DuckDB, polars and pyarrow read as null.
//!
//! The files keep every column of the table, `language` included: each
//! file is complete on its own, matches the one table definition (and so
//! `datapackage.json`, `bayan validate` and `bayan merge`), and its
//! `language` cells always equal the directory's value, so an engine that
//! takes the value from the path and one that takes it from the file agree.
//!
//! Partitions are opened as their first statement arrives, so the rows of a
//! file follow the input order and the same input gives the same files and
//! bytes. Many partitions are open at once; to keep memory bounded however
//! many there are, the rows buffered across all of them are capped at
//! [`BUFFER_BYTES`]: past it, the partition holding the most is written out
//! as a row group of its file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::parquet::ParquetSink;
use super::{Sink, WrittenFile};
use crate::record::Record;
use crate::schema::{STATEMENTS, Table, Value};

/// Hive's directory value for null, which the engines read back as null.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The name of every partition's file: one file per partition and table.
pub const PART_FILE: &str = "part-0.parquet";

/// Estimated bytes of rows buffered, across every open partition of a
/// table, before the fullest one is written out.
pub const BUFFER_BYTES: usize = 64 * 1024 * 1024;

/// A column a dataset can be partitioned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartitionKey {
    /// The year of `published`, an integer.
    Year,
    /// The statement's `language`, a string.
    Language,
}

impl PartitionKey {
    pub const ALL: [PartitionKey; 2] = [PartitionKey::Year, PartitionKey::Language];

    pub fn as_str(self) -> &'static str {
        match self {
            PartitionKey::Year => "year",
            PartitionKey::Language => "language",
        }
    }

    /// The key called `name` (`year`, `language`).
    pub fn from_name(name: &str) -> Option<PartitionKey> {
        PartitionKey::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// This key's value for an accepted statement; `None` is null.
    fn value(self, record: &Record) -> Option<String> {
        let statement = &record.statement;
        match self {
            PartitionKey::Year => statement
                .published
                .map(|date| chrono::Datelike::year(&date).to_string()),
            PartitionKey::Language => {
                Some(statement.language.clone()).filter(|language| !language.is_empty())
            }
        }
    }
}

/// Checks a `--partition` list: known keys, each once, in the order given
/// (which is the order of the directory levels).
pub fn parse_keys(names: &[String]) -> Result<Vec<PartitionKey>, String> {
    let mut keys = Vec::new();
    for name in names {
        let name = name.trim();
        let key = PartitionKey::from_name(name)
            .ok_or_else(|| format!("unknown partition key {name:?}; use year, language or both"))?;
        if keys.contains(&key) {
            return Err(format!("partition key {name:?} is given twice"));
        }
        keys.push(key);
    }
    Ok(keys)
}

/// The partition directory of an accepted statement, e.g.
/// `year=2021/language=ar`.
pub fn partition_path(keys: &[PartitionKey], record: &Record) -> String {
    keys.iter()
        .map(|key| {
            let value = key.value(record);
            let value = value.as_deref().map_or(NULL_PARTITION.to_string(), escape);
            format!("{}={value}", key.as_str())
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Escapes a value as Hive does for a path segment: `%XX` for every byte
/// that is not an ASCII letter, digit, `-`, `_` or `.`, so a value can
/// never add a directory level or an `=`.
fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_') {
            escaped.push(char::from(byte));
        } else if byte == b'.' && value != "." && value != ".." {
            escaped.push('.');
        } else {
            escaped.push_str(&format!("%{byte:02X}"));
        }
    }
    escaped
}

/// One partition's open file and the bytes it buffers.
struct OpenPartition {
    sink: Box<ParquetSink>,
    buffered: usize,
}

/// One table written as a directory of partition files.
pub struct PartitionedParquet {
    dir: PathBuf,
    table: &'static Table,
    keys: Vec<PartitionKey>,
    /// By partition path: files are finished (and listed) in path order.
    open: BTreeMap<String, OpenPartition>,
    buffered: usize,
    /// [`BUFFER_BYTES`]; smaller in tests.
    limit: usize,
}

impl PartitionedParquet {
    /// A table to be written under `dataset_dir/<table>/`.
    pub fn new(dataset_dir: &Path, table: &'static Table, keys: &[PartitionKey]) -> Self {
        PartitionedParquet {
            dir: dataset_dir.to_path_buf(),
            table,
            keys: keys.to_vec(),
            open: BTreeMap::new(),
            buffered: 0,
            limit: BUFFER_BYTES,
        }
    }

    /// Writes a record's rows of this table into its statement's partition;
    /// a rejected record has none.
    pub fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        if (STATEMENTS.rows)(record) == 0 {
            return Ok(());
        }
        let path = partition_path(&self.keys, record);
        let bytes = row_bytes(self.table, record);
        if !self.open.contains_key(&path) {
            let partition = self.create(&path)?;
            self.open.insert(path.clone(), partition);
        }
        let Some(partition) = self.open.get_mut(&path) else {
            anyhow::bail!("partition {path} of {} was not opened", self.table.name);
        };
        partition.sink.write(record)?;
        partition.buffered += bytes;
        self.buffered += bytes;
        if self.buffered > self.limit {
            self.write_out_fullest()?;
        }
        Ok(())
    }

    fn create(&self, path: &str) -> anyhow::Result<OpenPartition> {
        let dir = self.dir.join(self.table.name).join(path);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the partition {}", dir.display()))?;
        let sink = ParquetSink::create(dir.join(PART_FILE), self.table)?;
        Ok(OpenPartition {
            sink: Box::new(sink),
            buffered: 0,
        })
    }

    /// Writes the rows of the partition that buffers the most as a row
    /// group, freeing their memory.
    fn write_out_fullest(&mut self) -> anyhow::Result<()> {
        let fullest = self
            .open
            .values_mut()
            .max_by_key(|partition| partition.buffered);
        if let Some(partition) = fullest {
            partition.sink.flush_row_group()?;
            self.buffered -= partition.buffered;
            partition.buffered = 0;
        }
        Ok(())
    }

    /// Closes every partition's file; lists them by their path inside the
    /// dataset directory, in path order.
    pub fn finish(self) -> anyhow::Result<Vec<WrittenFile>> {
        let table = self.table.name;
        self.open
            .into_iter()
            .map(|(path, partition)| {
                let mut written = partition.sink.finish()?;
                written.name = format!("{table}/{path}/{PART_FILE}");
                Ok(written)
            })
            .collect()
    }
}

/// A rough size of a record's rows of `table`: the text it holds plus eight
/// bytes for any other value.
fn row_bytes(table: &Table, record: &Record) -> usize {
    let mut bytes = 0;
    for row in 0..(table.rows)(record) {
        for column in table.columns {
            bytes += match (column.get)(record, row) {
                Value::Str(text) => text.len(),
                _ => 8,
            };
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{MENTIONS, TABLES};
    use crate::write::test_records;

    const BOTH: [PartitionKey; 2] = [PartitionKey::Year, PartitionKey::Language];

    #[test]
    fn keys_are_checked() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(parse_keys(&names(&["year", "language"])), Ok(BOTH.to_vec()));
        assert_eq!(
            parse_keys(&names(&["language"])),
            Ok(vec![PartitionKey::Language])
        );
        let unknown = parse_keys(&names(&["country"])).expect_err("unknown key");
        assert!(unknown.contains("use year, language"), "{unknown}");
        let twice = parse_keys(&names(&["year", "year"])).expect_err("repeated key");
        assert!(twice.contains("twice"), "{twice}");
    }

    #[test]
    fn a_statement_is_placed_by_its_year_and_language() {
        let arabic = test_records::arabic_statement();
        assert_eq!(partition_path(&BOTH, &arabic), "year=2021/language=ar");
        assert_eq!(
            partition_path(&[PartitionKey::Language, PartitionKey::Year], &arabic),
            "language=ar/year=2021"
        );
    }

    #[test]
    fn no_date_is_the_null_partition() {
        let english = test_records::english_statement();
        assert_eq!(english.statement.published, None);
        assert_eq!(
            partition_path(&BOTH, &english),
            "year=__HIVE_DEFAULT_PARTITION__/language=en"
        );
    }

    #[test]
    fn values_cannot_add_a_directory_level() {
        assert_eq!(escape("zh-Hant_TW"), "zh-Hant_TW");
        assert_eq!(escape("a/b=c"), "a%2Fb%3Dc");
        assert_eq!(escape(".."), "%2E%2E");
        assert_eq!(escape("é"), "%C3%A9");
    }

    #[test]
    fn children_follow_their_statement_and_every_partition_has_every_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut written = Vec::new();
        for table in TABLES.iter().filter(|t| t.parquet) {
            let mut partitioned = PartitionedParquet::new(dir.path(), table, &BOTH);
            for record in test_records::all() {
                partitioned.write(&record).expect("written");
            }
            written.extend(partitioned.finish().expect("finished"));
        }
        let names: Vec<&str> = written.iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"mentions/year=2021/language=ar/part-0.parquet"));
        assert!(
            names.contains(&"mentions/year=__HIVE_DEFAULT_PARTITION__/language=en/part-0.parquet")
        );
        assert_eq!(names.len(), 8, "two partitions of four tables: {names:?}");
        let rows = |name: &str| written.iter().find(|f| f.name == name).map(|f| f.rows);
        assert_eq!(
            rows("mentions/year=2021/language=ar/part-0.parquet"),
            Some(1)
        );
        assert_eq!(
            rows("mentions/year=__HIVE_DEFAULT_PARTITION__/language=en/part-0.parquet"),
            Some(0),
            "an empty file keeps the table's schema"
        );
        assert!(written.iter().all(|f| f.table.is_some()));
        assert!(
            dir.path()
                .join("statements/year=2021/language=ar/part-0.parquet")
                .is_file()
        );
    }

    #[test]
    fn a_full_buffer_writes_out_the_fullest_partition() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut partitioned = PartitionedParquet::new(dir.path(), &MENTIONS, &BOTH);
        partitioned.limit = 100;
        let mut record = test_records::arabic_statement();
        record.mentions[0].text = "x".repeat(60);
        for _ in 0..3 {
            partitioned.write(&record).expect("written");
        }
        assert!(
            partitioned.buffered <= partitioned.limit,
            "buffered {} after writing out",
            partitioned.buffered
        );
        let written = partitioned.finish().expect("finished");
        assert_eq!(written[0].rows, 3);
    }
}
