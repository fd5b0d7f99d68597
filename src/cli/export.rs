//! `bayan export`: inputs in, one dataset directory out.

use std::path::PathBuf;

use clap::Args;

use super::dataset_args::DatasetArgs;
use crate::exit::{HELP_TABLE, Outcome};
use crate::pipeline::{self, ExportOptions, Shard};
use crate::publish::PackageInfo;
use crate::read::ReadOptions;
use crate::write::WriteOptions;

const EXAMPLES: &str = "Examples:
  bayan export samples/ --out dataset
  bayan export statement.txt more/ --out dataset --formats csv,parquet
  cat statement.txt | bayan export - --out dataset --quiet
  bayan export s3://bucket/statements/ --out s3://bucket/dataset";

/// Arguments of `bayan export`.
#[derive(Debug, Args)]
#[command(
    about = "Export statements into a CSV, Parquet and JSON-LD dataset",
    long_about = "Reads every input, parses and normalises each statement, and writes the \
                  dataset tables (statements, mentions, amounts, dates, rejects) with \
                  datapackage.json and SHA256SUMS into --out. Inputs that cannot be used \
                  become rows of rejects.csv; the run goes on.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct ExportArgs {
    /// Files or directories to read (directories are walked recursively in
    /// sorted order); `-` reads one statement from standard input;
    /// s3://, gs:// and az:// URLs name an object or a prefix of objects.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    #[command(flatten)]
    dataset: DatasetArgs,

    /// Reject inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,

    /// Reject one record (a file's statement, a JSON line, a feed item, a
    /// WARC page) larger than this many bytes.
    #[arg(long, value_name = "BYTES",
          default_value_t = ReadOptions::default().max_record_bytes)]
    max_record_bytes: u64,

    /// Reject compressed inputs that decompress to more than this many bytes.
    #[arg(long, value_name = "BYTES",
          default_value_t = ReadOptions::default().max_decompressed_bytes)]
    max_decompressed_bytes: u64,

    /// Read every input as this format instead of detecting it: text,
    /// html, jsonl, json, markdown, feed or warc.
    #[arg(long, value_name = "FORMAT", value_parser = crate::read::format::parse_name)]
    input_format: Option<crate::read::InputFormat>,

    /// Where a JSON field sits when its name is not recognised, e.g.
    /// body=payload.article_html or date=meta.ts (repeatable; fields:
    /// title, body, url, date, language, issuer).
    #[arg(long = "map", value_name = "FIELD=PATH",
          value_parser = crate::read::field_map::parse_mapping)]
    map: Vec<crate::read::field_map::Mapping>,

    /// Threads for reading, parsing and normalising [default: one per
    /// core]. The dataset does not depend on it.
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,

    /// Export only part I of N (1-based) of the records, chosen by a hash
    /// of each record's source (path, and #line within a multi-record
    /// file), so N machines can share a job; the N parts are disjoint and
    /// together hold every record. Duplicates are found only within the
    /// shard: merging the parts is where copies in different shards meet.
    #[arg(long, value_name = "I/N", default_value_t = Shard::ALL)]
    shard: Shard,

    /// This export is one part of a job that bayan merge will put
    /// together (inputs split by hand, not by --shard, which implies it):
    /// also write held-back.jsonl, the statements rejected for the URL of a
    /// statement kept here, which another part may reject as a copy.
    #[arg(long)]
    part: bool,
}

pub(super) fn parse_jobs(jobs: &str) -> Result<usize, String> {
    match jobs.parse::<usize>() {
        Ok(jobs) if jobs > 0 => Ok(jobs),
        _ => Err(format!(
            "{jobs:?} is not a number of threads; use 1 or more"
        )),
    }
}

/// Runs the export; `Err` carries the outcome and the error to print.
pub fn run(args: ExportArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let destination = args.dataset.destination()?;
    let options = ExportOptions {
        inputs: args.inputs,
        out: destination.dir(),
        read: ReadOptions {
            max_bytes: args.max_bytes,
            format: args.input_format,
            field_map: args.map,
            max_record_bytes: args.max_record_bytes,
            max_decompressed_bytes: args.max_decompressed_bytes,
        },
        write: WriteOptions {
            held_back: args.part,
            ..args.dataset.write_options()
        },
        package: PackageInfo::default(),
        strict: args.dataset.strict,
        jobs: args.jobs.unwrap_or_else(pipeline::default_jobs),
        shard: args.shard,
    };
    match pipeline::export(&options) {
        Ok(summary) => {
            args.dataset.upload(destination)?;
            if !args.dataset.quiet {
                println!("{}", summary.line());
            }
            Ok(Outcome::Success)
        }
        Err(fatal) => Err((fatal.outcome, fatal.error)),
    }
}
