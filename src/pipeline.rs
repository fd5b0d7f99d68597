//! Drives records through the stages, in input order, and publishes the
//! result.
//!
//! The pipeline owns the order of things: inputs are discovered and sorted
//! by `read`, each record goes through `parse` and `normalise`, statements
//! whose content was already exported become `duplicate` rejects, every
//! record (accepted or not) goes to the dataset writer, and `publish` turns
//! the written files into a release. It knows no command line: `cli` builds
//! an [`ExportOptions`] and calls [`export`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

use crate::exit::Outcome;
use crate::normalise;
use crate::parse;
use crate::publish::{self, PackageInfo};
use crate::read::{self, ReadOptions};
use crate::record::{Record, RejectReason};
use crate::write::{DatasetWriter, WriteOptions};

/// Everything an export needs, validated and ready to run.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Files, directories, or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// The directory the dataset is published into.
    pub out: PathBuf,
    pub read: ReadOptions,
    pub write: WriteOptions,
    pub package: PackageInfo,
    /// Any reject makes the run fail and nothing is published.
    pub strict: bool,
}

/// What a run produced, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub statements: usize,
    pub rejects: usize,
    pub mentions: usize,
    pub amounts: usize,
    pub dates: usize,
    pub seconds: f64,
}

impl Summary {
    fn count(&mut self, record: &Record) {
        if record.is_accepted() {
            self.statements += 1;
            self.mentions += record.mentions.len();
            self.amounts += record.amounts.len();
            self.dates += record.dates.len();
        } else {
            self.rejects += 1;
        }
    }

    /// The one line printed at the end of a run.
    pub fn line(&self) -> String {
        format!(
            "{} statements, {} rejects, {} mentions, {} amounts, {} dates in {:.2}s",
            self.statements, self.rejects, self.mentions, self.amounts, self.dates, self.seconds
        )
    }
}

/// A run that could not publish a dataset: the outcome for the exit code
/// and the error to print.
#[derive(Debug)]
pub struct Fatal {
    pub outcome: Outcome,
    pub error: anyhow::Error,
}

impl Fatal {
    fn io(error: anyhow::Error) -> Fatal {
        Fatal {
            outcome: Outcome::Io,
            error,
        }
    }
}

/// Remembers every statement accepted so far, by content and by id, so that
/// the same statement arriving twice is exported once and no two rows of
/// `statements` share a `statement_id`.
///
/// Two records with the same canonical URL but different text (a statement
/// revised after a feed first carried it) get the same URL-based id; the
/// first one read is kept and the later one becomes a `duplicate` reject
/// that says so, rather than a second row under the same id.
#[derive(Debug, Default)]
struct Deduplicator {
    by_content: HashMap<String, String>,
    by_id: HashMap<String, String>,
}

impl Deduplicator {
    fn check(&mut self, record: &mut Record) {
        if !record.is_accepted() {
            return;
        }
        let statement = &record.statement;
        if let Some(kept) = self.by_content.get(&statement.content_sha256) {
            let detail = format!(
                "same title and body as {kept}, which was exported; remove one of the copies"
            );
            record.reject(RejectReason::Duplicate, detail);
            return;
        }
        if let Some(kept) = self.by_id.get(&statement.statement_id) {
            let detail = format!(
                "same URL as {kept}, which was exported, but different text (a revised \
                 version?); keep the version you want in the inputs"
            );
            record.reject(RejectReason::Duplicate, detail);
            return;
        }
        let source = record.source.clone();
        self.by_content
            .insert(statement.content_sha256.clone(), source.clone());
        self.by_id.insert(statement.statement_id.clone(), source);
    }
}

/// Reads every input, runs the stages and publishes the dataset into
/// `options.out`.
pub fn export(options: &ExportOptions) -> Result<Summary, Fatal> {
    let started = Instant::now();
    let inputs = read::discover(&options.inputs).map_err(Fatal::io)?;
    let staging = publish::Staging::create(&options.out).map_err(Fatal::io)?;
    let mut writer = DatasetWriter::create(staging.path(), &options.write).map_err(Fatal::io)?;
    let mut summary = Summary::default();
    let mut dedup = Deduplicator::default();
    let mut first_reject: Option<String> = None;

    for input in &inputs {
        for mut record in read::read_input(input, &options.read) {
            parse::parse(&mut record);
            normalise::normalise(&mut record);
            dedup.check(&mut record);
            if let (None, Some(reject)) = (&first_reject, &record.reject) {
                first_reject = Some(format!(
                    "{}: {} ({})",
                    record.source,
                    reject.reason.as_str(),
                    reject.detail
                ));
            }
            summary.count(&record);
            writer
                .write(&record)
                .with_context(|| format!("cannot write the dataset for {}", record.source))
                .map_err(Fatal::io)?;
        }
    }

    if options.strict
        && let Some(reject) = first_reject
    {
        return Err(Fatal {
            outcome: Outcome::StrictRejects,
            error: anyhow::anyhow!(
                "--strict: {} input(s) rejected, nothing published; first: {reject}",
                summary.rejects
            ),
        });
    }

    let files = writer.finish().map_err(Fatal::io)?;
    staging
        .publish(&files, &options.package)
        .map_err(Fatal::io)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(source: &str, id: &str, content: &str) -> Record {
        let mut record = Record::new(source, Default::default());
        record.statement.statement_id = id.to_string();
        record.statement.content_sha256 = content.to_string();
        record
    }

    #[test]
    fn same_content_is_a_duplicate() {
        let mut dedup = Deduplicator::default();
        let mut first = accepted("a.txt", "1", "x");
        let mut second = accepted("b.txt", "2", "x");
        dedup.check(&mut first);
        dedup.check(&mut second);
        assert!(first.is_accepted());
        let reject = second.reject.expect("rejected");
        assert_eq!(reject.reason, RejectReason::Duplicate);
        assert!(reject.detail.contains("a.txt"));
    }

    #[test]
    fn same_id_with_other_content_is_a_duplicate() {
        let mut dedup = Deduplicator::default();
        let mut first = accepted("feed.jsonl#3", "1", "x");
        let mut revised = accepted("feed.jsonl#9", "1", "y");
        dedup.check(&mut first);
        dedup.check(&mut revised);
        let reject = revised.reject.expect("rejected");
        assert!(reject.detail.contains("same URL as feed.jsonl#3"));
    }
}
