//! The streaming filter behind `bayan map`: statements in on one stream,
//! normalised statements out on another, one a line.
//!
//! Each input line is either a JSON Lines record in the shapes `export`
//! reads ([`crate::read::jsonl`]), named `-#N` for line N of the stream as
//! an export of standard input names it (or `NAME#N` when the stream is
//! given a name), or (with [`MapInput::Paths`]) the
//! path of an input file, named by that path as given. Every record goes
//! through `parse` and `normalise` as in an export; a statement is written
//! as one JSON object with its rows nested ([`crate::write::ndjson`]), a
//! reject as one `rejects` row object on the other stream. Lines are taken
//! one at a time: memory holds one line (at most `max_record_bytes` of it) and
//! the content hashes and ids of the statements seen so far, which the
//! duplicate check needs; nothing is written to disk. Every record is
//! counted as it comes and as it is written, and a count that does not add
//! up (`seen = statements + rejects`, as in an export) fails the map.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;

use crate::dedup::Deduplicator;
use crate::merge::count;
use crate::pipeline::{self, Fatal, Summary, tally};
use crate::publish::manifest::RecordCounts;
use crate::read::{Input, ReadOptions, jsonl};
use crate::record::{Record, RejectReason};
use crate::write::ndjson;
use crate::{normalise, parse};

/// What each input line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapInput {
    /// One JSON object: a statement's fields, as in a `.jsonl` input.
    #[default]
    JsonLines,
    /// The path of one input file (any format `export` reads).
    Paths,
}

/// Everything a map needs.
#[derive(Debug, Clone)]
pub struct MapOptions {
    pub input: MapInput,
    pub read: ReadOptions,
    /// What the stream is called in `source`: line N of a JSON Lines
    /// stream is `NAME#N`. `-` (standard input) by default; a process of
    /// many that share one job gives each its own name, so that their
    /// records stay apart when their outputs are merged.
    pub name: String,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            input: MapInput::default(),
            read: ReadOptions::default(),
            name: "-".to_string(),
        }
    }
}

/// Where a map writes: statements and rejects go to separate streams.
pub struct MapOutput<'a> {
    pub statements: &'a mut dyn Write,
    pub rejects: &'a mut dyn Write,
}

/// Maps every line of `input`; returns the counts. Fails when an output
/// cannot be written or the input cannot be read (`Io`), or when the
/// records written do not add up to those read (an internal error).
pub fn map(
    input: &mut dyn BufRead,
    output: &mut MapOutput<'_>,
    options: &MapOptions,
) -> Result<Summary, Fatal> {
    let mut dedup = Deduplicator::default();
    let mut summary = Summary::default();
    let mut written = RecordCounts::default();
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        number += 1;
        let Some(complete) = jsonl::next_line(input, &mut line, options.read.max_record_bytes)
            .context("cannot read standard input")
            .map_err(Fatal::io)?
        else {
            break;
        };
        let records = records_of(&line, complete, number, options);
        written.seen += records.len() as u64;
        for mut record in records {
            dedup.check(&mut record);
            count(&mut summary, &record);
            emit(&record, output, &mut written).map_err(Fatal::io)?;
        }
    }
    output
        .statements
        .flush()
        .context("cannot write the statements")
        .and_then(|()| output.rejects.flush().context("cannot write the rejects"))
        .map_err(Fatal::io)?;
    written.check().map_err(tally::internal)?;
    Ok(summary)
}

/// The records of one input line, through `parse` and `normalise`.
fn records_of(line: &[u8], complete: bool, number: usize, options: &MapOptions) -> Vec<Record> {
    if line.iter().all(u8::is_ascii_whitespace) && complete {
        return Vec::new();
    }
    let name = format!("{}#{number}", options.name);
    if !complete {
        return vec![refused(
            name,
            RejectReason::TooLarge,
            format!(
                "line {number} is longer than the limit of {} bytes; raise --max-record-bytes \
                 if it is a real statement",
                options.read.max_record_bytes
            ),
        )];
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return vec![refused(
            name,
            RejectReason::NotUtf8,
            format!("line {number} is not UTF-8; convert the stream to UTF-8"),
        )];
    };
    match options.input {
        MapInput::JsonLines => {
            let mut record =
                jsonl::read_line_mapped(&options.name, number, text, &options.read.field_map);
            parse::parse(&mut record);
            normalise::normalise(&mut record);
            vec![record]
        }
        MapInput::Paths => {
            let input = Input {
                path: Some(PathBuf::from(text)),
                source: text.to_string(),
            };
            pipeline::process(&input, &options.read)
        }
    }
}

fn refused(source: String, reason: RejectReason, detail: String) -> Record {
    let mut record = Record::new(source, Default::default());
    record.reject(reason, detail);
    record
}

/// Writes a record to its stream and flushes it, so a consumer reading
/// the pipe sees each statement as soon as it is made; counts the line in
/// `written`.
fn emit(
    record: &Record,
    output: &mut MapOutput<'_>,
    written: &mut RecordCounts,
) -> anyhow::Result<()> {
    if record.is_accepted() {
        ndjson::write_line(output.statements, &ndjson::statement_object(record))
            .and_then(|()| output.statements.flush())
            .context("cannot write the statements")?;
        written.statements += 1;
    } else {
        ndjson::write_line(output.rejects, &ndjson::reject_object(record))
            .and_then(|()| output.rejects.flush())
            .context("cannot write the rejects")?;
        written.rejects += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, options: &MapOptions) -> (String, String, Summary) {
        let mut statements = Vec::new();
        let mut rejects = Vec::new();
        let mut output = MapOutput {
            statements: &mut statements,
            rejects: &mut rejects,
        };
        let summary = map(&mut input.as_bytes(), &mut output, options).expect("mapped");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
        (text(statements), text(rejects), summary)
    }

    #[test]
    fn lines_are_named_by_their_number_and_copies_rejected() {
        let input = concat!(
            "{\"title\": \"Statement on the talks\", \"body\": \"The talks went well.\"}\n",
            "\n",
            "{\"title\": \"B\", \n",
            "{\"title\": \"Statement on the talks\", \"body\": \"The talks went well.\"}\r\n",
        );
        let (statements, rejects, summary) = run(input, &MapOptions::default());
        assert_eq!((summary.statements, summary.rejects), (1, 2));
        assert_eq!(statements.lines().count(), 1);
        assert!(statements.contains("\"source\":\"-#1\""), "{statements}");
        let rejects: Vec<&str> = rejects.lines().collect();
        assert!(rejects[0].contains("\"source\":\"-#3\"") && rejects[0].contains("malformed"));
        assert!(
            rejects[0].contains("line 3 is not valid JSON"),
            "{}",
            rejects[0]
        );
        assert!(rejects[1].contains("\"source\":\"-#4\"") && rejects[1].contains("duplicate"));
    }

    #[test]
    fn an_overlong_line_is_refused_and_the_next_one_read() {
        let options = MapOptions {
            read: ReadOptions {
                max_record_bytes: 80,
                ..ReadOptions::default()
            },
            ..MapOptions::default()
        };
        let long = format!("{{\"title\": \"T\", \"body\": \"{}\"}}", "x".repeat(200));
        let input = format!("{long}\n{{\"title\": \"Short\", \"body\": \"A short body.\"}}\n");
        let (statements, rejects, _) = run(&input, &options);
        assert!(
            rejects.contains("too_large") && rejects.contains("-#1"),
            "{rejects}"
        );
        assert!(statements.contains("\"source\":\"-#2\""), "{statements}");
    }

    #[test]
    fn bytes_that_are_not_utf8_reject_their_line() {
        let mut statements = Vec::new();
        let mut rejects = Vec::new();
        let mut output = MapOutput {
            statements: &mut statements,
            rejects: &mut rejects,
        };
        let input: &[u8] = b"\xff\xfe\n";
        let summary = map(&mut &input[..], &mut output, &MapOptions::default()).expect("mapped");
        assert_eq!(summary.rejects, 1);
        assert!(String::from_utf8_lossy(&rejects).contains("not_utf8"));
    }
}
