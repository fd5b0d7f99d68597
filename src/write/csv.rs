//! CSV files: RFC 4180, UTF-8, a header row, formula-safe text cells.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or carriage return) get a leading apostrophe, the
//! OWASP rule: spreadsheets show the text, and the apostrophe is easy to
//! strip. Parquet and JSON-LD keep the text as it is.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;

use super::{Format, Sink, WriteOptions, WrittenFile};
use crate::record::Record;
use crate::schema::{Table, Value};

/// One table as a CSV file.
pub struct CsvSink {
    path: PathBuf,
    table: &'static Table,
    writer: csv::Writer<BufWriter<File>>,
    rows: u64,
    cells: Vec<String>,
}

impl CsvSink {
    pub fn create(
        path: PathBuf,
        table: &'static Table,
        options: &WriteOptions,
    ) -> anyhow::Result<CsvSink> {
        let file = crate::permissions::create_published_file(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut buffered = BufWriter::new(file);
        if options.csv_bom {
            buffered.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(buffered);
        writer.write_record(table.columns.iter().map(|c| c.name))?;
        Ok(CsvSink {
            path,
            table,
            writer,
            rows: 0,
            cells: Vec::new(),
        })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        for row in 0..(self.table.rows)(record) {
            self.cells.clear();
            for column in self.table.columns {
                self.cells.push(cell((column.get)(record, row)));
            }
            self.writer.write_record(&self.cells)?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<WrittenFile> {
        let path = self.path.clone();
        let buffered = self
            .writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot flush {}: {}", path.display(), e.error()))?;
        let file = buffered
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot flush {}: {}", path.display(), e.error()))?;
        file.sync_all()
            .with_context(|| format!("cannot sync {}", path.display()))?;
        Ok(WrittenFile {
            name: format!("{}.csv", self.table.name),
            format: Format::Csv,
            table: Some(self.table.name),
            rows: self.rows,
        })
    }
}

/// The CSV text of a cell: empty for null, ISO dates, plain decimals.
pub fn cell(value: Value<'_>) -> String {
    match value {
        Value::Null => String::new(),
        Value::Str(text) => neutralise_formula(text),
        Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        Value::Decimal(cents) => decimal(cents),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

/// `12345` hundredths → `123.45`; never an exponent.
pub fn decimal(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    format!("{sign}{}.{:02}", magnitude / 100, magnitude % 100)
}

/// Prefixes an apostrophe to text a spreadsheet would run as a formula.
pub fn neutralise_formula(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_plain() {
        assert_eq!(decimal(60_000_000_000), "600000000.00");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(-150), "-1.50");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise_formula("=1+1"), "'=1+1");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("-2"), "'-2");
        assert_eq!(neutralise_formula("\tx"), "'\tx");
        assert_eq!(neutralise_formula("بيان"), "بيان");
        assert_eq!(neutralise_formula(""), "");
    }
}
