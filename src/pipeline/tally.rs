//! Nothing lost, checked: records are counted where they enter the
//! pipeline, and the count is compared with what the writers wrote before
//! anything is published.
//!
//! A [`Tally`] counts every record a reader hands over (each record of a
//! multi-record file: a JSON line, a feed item, a WARC page, a zip entry)
//! and every record taken from the state store, split into those this run
//! keeps and those `--shard` holds back. Duplicates are not a separate
//! count: the duplicate check turns a record into a reject, which the
//! writers count. [`reconcile`] then takes the statements and rejects from
//! the row counts of the written files and fails the run, as an internal
//! error, unless `seen = statements + rejects`.

use crate::exit::Outcome;
use crate::publish::manifest::RecordCounts;
use crate::record::Record;
use crate::write::{WrittenFile, written_records};

use super::Fatal;

/// Records counted as they enter the pipeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records this run keeps: each must end as a statement or a reject.
    pub seen: u64,
    /// Records read but held back by `--shard`.
    pub other_shards: u64,
}

impl Tally {
    /// Counts the records of one input.
    pub fn add(&mut self, input: &InputRecords) {
        self.seen += input.records.len() as u64;
        self.other_shards += input.other_shards;
    }
}

/// The records of one input that this run keeps, and how many of its
/// records belong to other shards.
#[derive(Debug, Clone, Default)]
pub struct InputRecords {
    pub records: Vec<Record>,
    pub other_shards: u64,
}

/// The record counts of a dataset whose records entered as `tally` and
/// whose writers wrote `files`. A fatal internal error, with one line
/// saying what does not add up, unless every record seen became a
/// statement or a reject; the caller publishes nothing then.
pub fn reconcile(tally: Tally, files: &[WrittenFile]) -> Result<RecordCounts, Fatal> {
    let unpublished = |problem: String| internal(format!("nothing was published: {problem}"));
    let (statements, rejects) =
        written_records(files).map_err(|problem| unpublished(format!("{problem}; {BUG}")))?;
    let counts = RecordCounts {
        seen: tally.seen,
        statements,
        rejects,
        other_shards: tally.other_shards,
    };
    counts.check().map_err(unpublished)?;
    Ok(counts)
}

/// What to do about a count that does not add up.
const BUG: &str = "this is a bug in bayan, please report it with the command line";

/// The fatal error of a `problem` inside bayan (exit code 1).
pub fn internal(problem: String) -> Fatal {
    Fatal {
        outcome: Outcome::Failure,
        error: anyhow::anyhow!("internal error: {problem}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::test_records::write_all;
    use crate::write::{Format, WriteOptions};

    #[test]
    fn counts_that_add_up_are_recorded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = write_all(dir.path(), &WriteOptions::default());
        let tally = Tally {
            seen: 3,
            other_shards: 5,
        };
        let counts = reconcile(tally, &files).expect("2 statements and 1 reject");
        assert_eq!(
            counts,
            RecordCounts {
                seen: 3,
                statements: 2,
                rejects: 1,
                other_shards: 5,
            }
        );
    }

    #[test]
    fn a_lost_record_is_an_internal_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions {
            formats: vec![Format::Csv],
            ..WriteOptions::default()
        };
        let files = write_all(dir.path(), &options);
        let tally = Tally {
            seen: 4,
            other_shards: 0,
        };
        let fatal = reconcile(tally, &files).expect_err("one record is missing");
        assert_eq!(fatal.outcome, Outcome::Failure);
        let message = fatal.error.to_string();
        assert!(
            message.starts_with("internal error: nothing was published: 4 records were read"),
            "{message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
    }

    #[test]
    fn input_records_are_tallied_with_the_records_of_other_shards() {
        let mut tally = Tally::default();
        tally.add(&InputRecords {
            records: vec![Record::new("a.jsonl#1", Default::default())],
            other_shards: 2,
        });
        tally.add(&InputRecords::default());
        assert_eq!(
            tally,
            Tally {
                seen: 1,
                other_shards: 2
            }
        );
    }
}
