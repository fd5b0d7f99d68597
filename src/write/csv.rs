//! CSV files: RFC 4180, UTF-8, a header row, formula-safe text cells.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or carriage return) get a leading apostrophe, the
//! OWASP rule: spreadsheets show the text, and the apostrophe is easy to
//! strip. `--csv-raw` ([`FormulaRule::Raw`]) writes such text as it is, for
//! tools that load CSV without evaluating it and want the exact text.
//! Parquet and JSON-LD always keep the text as it is. The rule a release's
//! CSV files follow is stated in its descriptive files, so readers (and
//! `bayan merge`, `bayan validate`) know whether to strip the apostrophe.

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::output::{BUFFER_BYTES, OutputFile};
use super::{Format, Sink, WriteOptions, WrittenFile};
use crate::record::Record;
use crate::schema::{Table, Value};

/// One table as a CSV file.
pub struct CsvSink {
    path: PathBuf,
    table: &'static Table,
    writer: csv::Writer<BufWriter<OutputFile>>,
    formulas: FormulaRule,
    rows: u64,
}

impl CsvSink {
    pub fn create(
        path: PathBuf,
        table: &'static Table,
        options: &WriteOptions,
    ) -> anyhow::Result<CsvSink> {
        let mut buffered = BufWriter::with_capacity(BUFFER_BYTES, OutputFile::create(&path)?);
        if options.csv_bom {
            buffered.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(BUFFER_BYTES)
            .from_writer(buffered);
        writer.write_record(table.columns.iter().map(|c| c.name))?;
        Ok(CsvSink {
            path,
            table,
            writer,
            formulas: options.csv_formulas,
            rows: 0,
        })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        // Cell by cell: a text cell is written from the record's own
        // string, without a copy.
        for row in 0..(self.table.rows)(record) {
            for column in self.table.columns {
                // Numbers are offsets and counts in every mention, amount
                // and date row: formatted without a String each.
                let mut digits = itoa::Buffer::new();
                let text = match (column.get)(record, row) {
                    Value::Int(n) => Cow::Borrowed(digits.format(n)),
                    value => cell(value, self.formulas),
                };
                self.writer.write_field(text.as_bytes())?;
            }
            self.writer.write_record(None::<&[u8]>)?;
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
        let finished = file.finish()?;
        Ok(WrittenFile {
            name: format!("{}.csv", self.table.name),
            format: Format::Csv,
            table: Some(self.table.name),
            rows: self.rows,
            sha256: Some(finished.sha256),
        })
    }
}

/// The CSV text of a cell: empty for null, ISO dates, plain decimals, text
/// under `formulas`.
pub fn cell(value: Value<'_>, formulas: FormulaRule) -> Cow<'_, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Str(text) => formulas.write(text),
        Value::Date(date) => Cow::Owned(date.format("%Y-%m-%d").to_string()),
        Value::Decimal(cents) => Cow::Owned(decimal(cents)),
        Value::Int(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
    }
}

/// `12345` hundredths → `123.45`; never an exponent.
pub fn decimal(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    format!("{sign}{}.{:02}", magnitude / 100, magnitude % 100)
}

/// The characters that make a spreadsheet run a cell as a formula when
/// the cell starts with one.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would run `text` as a formula.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// How the CSV files write text cells that a spreadsheet would run as a
/// formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormulaRule {
    /// OWASP's rule: a leading apostrophe, which spreadsheets take as "show
    /// this as text" (the default).
    #[default]
    Apostrophe,
    /// As they are (`--csv-raw`): the exact text, for tools that never
    /// evaluate cells.
    Raw,
}

impl FormulaRule {
    pub const ALL: [FormulaRule; 2] = [FormulaRule::Apostrophe, FormulaRule::Raw];

    /// The rule's name in the descriptive files (`bayan:csvFormulas` of
    /// `datapackage.json`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormulaRule::Apostrophe => "apostrophe",
            FormulaRule::Raw => "raw",
        }
    }

    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<FormulaRule> {
        FormulaRule::ALL
            .into_iter()
            .find(|rule| rule.as_str() == name)
    }

    /// The rule for people, as the descriptive files of a release say it.
    pub fn description(self) -> &'static str {
        match self {
            FormulaRule::Apostrophe => {
                "Text cells that begin with =, +, -, @, a tab or a carriage return are \
                 written with a leading apostrophe (') so that spreadsheets show them \
                 instead of running them as formulas; drop the apostrophe to get the text \
                 back. The Parquet and JSON-LD files keep such text unchanged."
            }
            FormulaRule::Raw => {
                "Text cells are written exactly as the text is, also when they begin with \
                 =, +, -, @, a tab or a carriage return (the release was written with \
                 --csv-raw): a spreadsheet may run such a cell as a formula, so open these \
                 files only in tools that do not evaluate cells. The Parquet and JSON-LD \
                 files hold the same text."
            }
        }
    }

    /// The CSV cell of `text`.
    pub fn write(self, text: &str) -> Cow<'_, str> {
        match self {
            FormulaRule::Apostrophe if looks_like_formula(text) => Cow::Owned(format!("'{text}")),
            _ => Cow::Borrowed(text),
        }
    }

    /// The text of CSV cell `cell`: the inverse of [`FormulaRule::write`].
    /// Under the apostrophe rule, a text that itself began with an
    /// apostrophe before a formula character cannot be told from a
    /// protected one and loses that apostrophe.
    pub fn read(self, cell: &str) -> &str {
        match (self, cell.strip_prefix('\'')) {
            (FormulaRule::Apostrophe, Some(rest)) if looks_like_formula(rest) => rest,
            _ => cell,
        }
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
    fn formulas_are_neutralised_and_read_back() {
        let rule = FormulaRule::Apostrophe;
        assert_eq!(rule.write("=1+1"), "'=1+1");
        assert_eq!(rule.write("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(rule.write("-2"), "'-2");
        assert_eq!(rule.write("\tx"), "'\tx");
        assert_eq!(rule.write("بيان"), "بيان");
        assert_eq!(rule.write(""), "");
        assert_eq!(rule.read("'=1+1"), "=1+1");
        assert_eq!(rule.read("'-#3"), "-#3");
        assert_eq!(rule.read("'quoted'"), "'quoted'");
    }

    #[test]
    fn raw_cells_are_the_text() {
        let rule = FormulaRule::Raw;
        for text in ["=1+1", "@SUM(A1)", "'=1+1", "\rx", "plain"] {
            assert_eq!(rule.write(text), text);
            assert_eq!(rule.read(text), text, "a raw cell is read as it is");
        }
    }

    #[test]
    fn rules_are_named() {
        for rule in FormulaRule::ALL {
            assert_eq!(FormulaRule::from_name(rule.as_str()), Some(rule));
        }
        assert_eq!(FormulaRule::from_name("quote"), None);
        assert!(FormulaRule::Apostrophe.description().contains("apostrophe"));
        assert!(FormulaRule::Raw.description().contains("--csv-raw"));
    }
}
