//! Parquet files: one per table that the contract publishes as Parquet.
//!
//! The Arrow schema is derived from the table definition (column names,
//! order, types and nullability). Rows are gathered into Arrow arrays of at
//! most [`BATCH_ROWS`] rows or [`BATCH_TEXT_BYTES`] of text, whichever comes
//! first, and handed to `ArrowWriter`, which flushes a row
//! group every [`ROW_GROUP_BYTES`]: memory stays bounded however large the
//! corpus. Files are zstd-compressed, carry page and chunk statistics, and
//! name the dataset contract version and the table in their key-value
//! metadata. Nothing in them depends on the time or the machine, so the same
//! rows give the same bytes.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, Int32Builder, StringBuilder,
};
use arrow_array::types::Date32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use super::output::OutputFile;
use super::{Format, Sink, WrittenFile};
use crate::record::Record;
use crate::schema::{Column, ColumnType, SCHEMA_VERSION, Table, Value};

/// Rows per Arrow record batch.
pub const BATCH_ROWS: usize = 8192;

/// Text bytes at which a batch is handed on before it has [`BATCH_ROWS`]
/// rows: statement bodies run to kilobytes each, and 8,192 of them in Arrow
/// arrays would hold tens of megabytes that the writer's pages then copy.
pub const BATCH_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Estimated encoded size at which a row group is closed: a row group's
/// pages are held in memory until then. 8 MiB of compressed pages is some
/// 5,000 statements (40 MB of text) or 800,000 mentions: large enough for
/// scans and statistics to pay, small enough that peak memory stays flat.
pub const ROW_GROUP_BYTES: usize = 8 * 1024 * 1024;

/// zstd level 1, the level pyarrow and Arrow C++ write by default. Level 3
/// (zstd's own default) makes `statements.parquet` about 12 % smaller and
/// the other tables about 1 %, but its compression was a twentieth of an
/// export's CPU time, where level 1 takes about half that.
const ZSTD_LEVEL: i32 = 1;

/// Text columns whose values are all or nearly all different, written
/// without a dictionary. A dictionary would not shrink them: the writer
/// would fill one (holding the values in memory), find it too large, and
/// fall back to plain pages, for every row group, at a cost in time and in
/// tens of megabytes of memory.
const DISTINCT_TEXT_COLUMNS: [(&str, &str); 6] = [
    ("statements", "statement_id"),
    ("statements", "url"),
    ("statements", "source"),
    ("statements", "title"),
    ("statements", "body"),
    ("statements", "content_sha256"),
];

/// Key-value metadata key naming the dataset contract version.
pub const SCHEMA_VERSION_KEY: &str = "bayan.schema_version";
/// Key-value metadata key naming the table.
pub const TABLE_KEY: &str = "bayan.table";

/// Precision and scale of `decimal(38,2)`.
const DECIMAL_PRECISION: u8 = 38;
const DECIMAL_SCALE: i8 = 2;

/// The Arrow type of a column type.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Utf8 => DataType::Utf8,
        ColumnType::Date32 => DataType::Date32,
        ColumnType::Decimal38x2 => DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        ColumnType::Int32 => DataType::Int32,
        ColumnType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of a table: one field per column, in order.
pub fn arrow_schema(table: &Table) -> Schema {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable))
        .collect();
    Schema::new(fields)
}

/// The writer properties every Parquet file of the dataset is written with.
pub fn writer_properties(table: &Table) -> anyhow::Result<WriterProperties> {
    let level = ZstdLevel::try_new(ZSTD_LEVEL).context("invalid zstd level")?;
    let metadata = vec![
        KeyValue::new(SCHEMA_VERSION_KEY.to_string(), SCHEMA_VERSION.to_string()),
        KeyValue::new(TABLE_KEY.to_string(), table.name.to_string()),
    ];
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_key_value_metadata(Some(metadata));
    for (_, column) in DISTINCT_TEXT_COLUMNS
        .iter()
        .filter(|(t, _)| *t == table.name)
    {
        builder = builder.set_column_dictionary_enabled(ColumnPath::from(*column), false);
    }
    Ok(builder.build())
}

/// One table as a Parquet file.
pub struct ParquetSink {
    path: PathBuf,
    table: &'static Table,
    schema: SchemaRef,
    writer: ArrowWriter<OutputFile>,
    columns: Vec<ColumnBuilder>,
    /// Rows in the builders, not yet handed to the writer.
    pending: usize,
    /// Bytes of text in the builders.
    pending_text: usize,
    rows: u64,
}

impl ParquetSink {
    pub fn create(path: PathBuf, table: &'static Table) -> anyhow::Result<ParquetSink> {
        let file = OutputFile::create(&path)?;
        let schema = Arc::new(arrow_schema(table));
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(writer_properties(table)?))
            .with_context(|| format!("cannot start the Parquet file {}", path.display()))?;
        let columns = table
            .columns
            .iter()
            .map(|c| ColumnBuilder::new(c.ty))
            .collect::<anyhow::Result<_>>()?;
        Ok(ParquetSink {
            path,
            table,
            schema,
            writer,
            columns,
            pending: 0,
            pending_text: 0,
            rows: 0,
        })
    }

    /// Hands the gathered rows to the Parquet writer as one record batch.
    fn flush_batch(&mut self) -> anyhow::Result<()> {
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(ColumnBuilder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .with_context(|| format!("rows of {} do not fit its schema", self.table.name))?;
        self.writer
            .write(&batch)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.pending = 0;
        self.pending_text = 0;
        Ok(())
    }

    /// Hands on a full batch, then makes room in the text builders for a
    /// batch like it (after the write, so that the batch's arrays are
    /// freed first). Only a full batch is followed by another: the last
    /// one, and a row group flushed to free a partition's memory, are not.
    fn flush_full_batch(&mut self) -> anyhow::Result<()> {
        let sizes: Vec<Option<TextSize>> =
            self.columns.iter().map(ColumnBuilder::text_size).collect();
        self.flush_batch()?;
        for (builder, size) in self.columns.iter_mut().zip(sizes) {
            if let Some(size) = size {
                builder.reserve_text(size);
            }
        }
        Ok(())
    }
}

impl ParquetSink {
    /// Writes the rows gathered so far as a row group of their own, so that
    /// their memory is freed (many files open at once, as partitions are).
    pub fn flush_row_group(&mut self) -> anyhow::Result<()> {
        if self.pending > 0 {
            self.flush_batch()?;
        }
        self.writer
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

impl Sink for ParquetSink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        for row in 0..(self.table.rows)(record) {
            for (builder, column) in self.columns.iter_mut().zip(self.table.columns) {
                let value = (column.get)(record, row);
                if let Value::Str(text) = value {
                    self.pending_text += text.len();
                }
                builder.append(value, self.table, column)?;
            }
            self.pending += 1;
            self.rows += 1;
            if self.pending == BATCH_ROWS || self.pending_text >= BATCH_TEXT_BYTES {
                self.flush_full_batch()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<WrittenFile> {
        if self.pending > 0 {
            self.flush_batch()?;
        }
        let path = self.path.clone();
        let file = self
            .writer
            .into_inner()
            .with_context(|| format!("cannot finish the Parquet file {}", path.display()))?;
        let finished = file.finish()?;
        Ok(WrittenFile {
            name: format!("{}.parquet", self.table.name),
            format: Format::Parquet,
            table: Some(self.table.name),
            rows: self.rows,
            sha256: Some(finished.sha256),
        })
    }
}

/// Rows and bytes of text a text column held in its last batch.
#[derive(Debug, Clone, Copy)]
struct TextSize {
    rows: usize,
    bytes: usize,
}

/// The Arrow array being built for one column.
enum ColumnBuilder {
    Utf8(StringBuilder),
    Date32(Date32Builder),
    Decimal(Decimal128Builder),
    Int32(Int32Builder),
    Bool(BooleanBuilder),
}

impl ColumnBuilder {
    fn new(ty: ColumnType) -> anyhow::Result<ColumnBuilder> {
        Ok(match ty {
            ColumnType::Utf8 => ColumnBuilder::Utf8(StringBuilder::new()),
            ColumnType::Date32 => ColumnBuilder::Date32(Date32Builder::new()),
            ColumnType::Decimal38x2 => ColumnBuilder::Decimal(
                Decimal128Builder::new()
                    .with_precision_and_scale(DECIMAL_PRECISION, DECIMAL_SCALE)?,
            ),
            ColumnType::Int32 => ColumnBuilder::Int32(Int32Builder::new()),
            ColumnType::Bool => ColumnBuilder::Bool(BooleanBuilder::new()),
        })
    }

    fn append(&mut self, value: Value<'_>, table: &Table, column: &Column) -> anyhow::Result<()> {
        match (self, value) {
            (ColumnBuilder::Utf8(b), Value::Str(text)) => b.append_value(text),
            (ColumnBuilder::Utf8(b), Value::Null) => b.append_null(),
            (ColumnBuilder::Date32(b), Value::Date(date)) => {
                b.append_value(Date32Type::from_naive_date(date));
            }
            (ColumnBuilder::Date32(b), Value::Null) => b.append_null(),
            (ColumnBuilder::Decimal(b), Value::Decimal(cents)) => b.append_value(cents),
            (ColumnBuilder::Decimal(b), Value::Null) => b.append_null(),
            (ColumnBuilder::Int32(b), Value::Int(n)) => b.append_value(n),
            (ColumnBuilder::Int32(b), Value::Null) => b.append_null(),
            (ColumnBuilder::Bool(b), Value::Bool(flag)) => b.append_value(flag),
            (ColumnBuilder::Bool(b), Value::Null) => b.append_null(),
            (_, value) => anyhow::bail!(
                "{}.{} is declared {:?} but its getter gave {value:?}; \
                 fix the table definition in src/schema",
                table.name,
                column.name,
                column.ty
            ),
        }
        Ok(())
    }

    /// The size of a text column's batch so far; `None` for other types.
    fn text_size(&self) -> Option<TextSize> {
        match self {
            ColumnBuilder::Utf8(b) => Some(TextSize {
                rows: b.len(),
                bytes: b.values_slice().len(),
            }),
            _ => None,
        }
    }

    /// Starts a text column's next batch with room for `size`. A finished
    /// builder starts empty, and a statement text column grown from empty
    /// to its megabytes is copied again at every doubling, into memory
    /// freshly taken from the system.
    fn reserve_text(&mut self, size: TextSize) {
        if let ColumnBuilder::Utf8(b) = self {
            *b = StringBuilder::with_capacity(size.rows, size.bytes);
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Utf8(b) => Arc::new(b.finish()),
            ColumnBuilder::Date32(b) => Arc::new(b.finish()),
            ColumnBuilder::Decimal(b) => Arc::new(b.finish()),
            ColumnBuilder::Int32(b) => Arc::new(b.finish()),
            ColumnBuilder::Bool(b) => Arc::new(b.finish()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{AMOUNTS, DATES, MENTIONS, STATEMENTS};
    use crate::write::test_records;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Decimal128Type;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::metadata::ParquetMetaData;

    fn write(dir: &std::path::Path, table: &'static Table, records: &[Record]) -> PathBuf {
        let path = dir.join(format!("{}.parquet", table.name));
        let mut sink = Box::new(ParquetSink::create(path.clone(), table).expect("sink opens"));
        for record in records {
            sink.write(record).expect("record written");
        }
        let written = sink.finish().expect("file finished");
        assert_eq!(written.format, Format::Parquet);
        path
    }

    fn read(path: &std::path::Path) -> (ParquetMetaData, SchemaRef, Vec<RecordBatch>) {
        let file = std::fs::File::open(path).expect("file exists");
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("valid Parquet");
        let metadata = builder.metadata().as_ref().clone();
        let schema = builder.schema().clone();
        let batches = builder
            .build()
            .expect("reader")
            .collect::<Result<Vec<_>, _>>()
            .expect("batches");
        (metadata, schema, batches)
    }

    #[test]
    fn the_columns_without_a_dictionary_are_text_columns_of_the_contract() {
        for (table, column) in DISTINCT_TEXT_COLUMNS {
            let table = crate::schema::TABLES
                .iter()
                .find(|t| t.name == table)
                .unwrap_or_else(|| panic!("no table {table}"));
            let column = table.columns.iter().find(|c| c.name == column);
            assert_eq!(column.map(|c| c.ty), Some(ColumnType::Utf8), "{column:?}");
        }
    }

    #[test]
    fn statements_read_back_with_their_types() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), &STATEMENTS, &test_records::all());
        let (metadata, schema, batches) = read(&path);
        assert_eq!(schema.fields(), arrow_schema(&STATEMENTS).fields());
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 2, "the reject is not a statement");
        let title = batch.column(3).as_string::<i32>();
        assert_eq!(title.value(0), test_records::ARABIC_TITLE);
        let published = batch.column(6).as_primitive::<Date32Type>();
        assert_eq!(schema.field(6).data_type(), &DataType::Date32);
        assert_eq!(
            published.value(0),
            Date32Type::from_naive_date(chrono::NaiveDate::from_ymd_opt(2021, 7, 2).expect("date"))
        );
        assert!(published.is_null(1), "no publication date is null");
        assert!(batch.column(1).is_null(1), "no URL is null");
        let body = batch.column(11).as_string::<i32>();
        assert_eq!(
            body.value(1),
            "=1+1 is not a formula here.",
            "no formula rule"
        );
        assert_eq!(
            batch
                .column(13)
                .as_primitive::<arrow_array::types::Int32Type>()
                .value(0),
            10
        );

        let file = metadata.file_metadata();
        let metadata_value = |key: &str| {
            file.key_value_metadata()
                .and_then(|kv| kv.iter().find(|x| x.key == key))
                .and_then(|x| x.value.clone())
        };
        assert_eq!(
            metadata_value(SCHEMA_VERSION_KEY).as_deref(),
            Some(SCHEMA_VERSION)
        );
        assert_eq!(metadata_value(TABLE_KEY).as_deref(), Some("statements"));
        let chunk = metadata.row_group(0).column(0);
        assert!(matches!(chunk.compression(), Compression::ZSTD(_)));
        assert!(
            chunk.statistics().is_some(),
            "column statistics are written"
        );
    }

    #[test]
    fn amounts_keep_exact_decimals() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), &AMOUNTS, &test_records::all());
        let (_, schema, batches) = read(&path);
        assert_eq!(schema.field(2).data_type(), &DataType::Decimal128(38, 2));
        assert!(!schema.field(2).is_nullable());
        let values = batches[0].column(2).as_primitive::<Decimal128Type>();
        assert_eq!(values.value(0), 60_000_000_000);
        assert_eq!(values.value_as_string(0), "600000000.00");
        let text = batches[0].column(1).as_string::<i32>();
        assert_eq!(text.value(0), "600 مليون دولار");
    }

    #[test]
    fn dates_keep_booleans_and_null_ends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut records = test_records::all();
        records[0].dates[0].end_date = None;
        let path = write(dir.path(), &DATES, &records);
        let (_, schema, batches) = read(&path);
        assert_eq!(schema.field(5).data_type(), &DataType::Boolean);
        assert!(!batches[0].column(5).as_boolean().value(0));
        assert!(batches[0].column(3).is_null(0));
    }

    #[test]
    fn empty_tables_keep_their_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), &MENTIONS, &[test_records::rejected()]);
        let (metadata, schema, batches) = read(&path);
        assert_eq!(schema.fields(), arrow_schema(&MENTIONS).fields());
        assert_eq!(metadata.file_metadata().num_rows(), 0);
        assert!(batches.iter().all(|b| b.num_rows() == 0));
    }

    #[test]
    fn large_tables_are_written_in_batches() {
        let dir = tempfile::tempdir().expect("temp dir");
        let template = test_records::english_statement();
        let records: Vec<Record> = (0..BATCH_ROWS + 5)
            .map(|i| {
                let mut record = template.clone();
                record.statement.statement_id = format!("{i:016x}");
                record
            })
            .collect();
        let path = write(dir.path(), &STATEMENTS, &records);
        let (metadata, _, batches) = read(&path);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows, BATCH_ROWS + 5);
        assert_eq!(metadata.file_metadata().num_rows(), (BATCH_ROWS + 5) as i64);
        let last = batches.last().expect("a batch");
        let ids = last.column(0).as_string::<i32>();
        assert_eq!(
            ids.value(last.num_rows() - 1),
            format!("{:016x}", BATCH_ROWS + 4)
        );
    }
}
