//! `bayan merge`: the outputs of many shards in, one release out.

use std::path::PathBuf;

use clap::Args;

use super::export::parse_format;
use crate::exit::{HELP_TABLE, Outcome};
use crate::merge::{MergeOptions, merge};
use crate::publish::PackageInfo;
use crate::write::{Format, WriteOptions};

const EXAMPLES: &str = "Examples:
  bayan merge shard-1/ shard-2/ shard-3/ --out dataset
  bayan merge mapped-*.jsonl rejects-*.jsonl --out dataset";

/// Arguments of `bayan merge`.
#[derive(Debug, Args)]
#[command(
    about = "Merge the outputs of many shards into one release",
    long_about = "Reads each PART - a dataset directory written by bayan export (its Parquet \
                  tables, or its CSV tables when it has no Parquet, and rejects.csv) or a JSON \
                  Lines file written by bayan map (statements, or rejects) - puts every record \
                  in the order one export of all the inputs would have read them (by source \
                  path in byte order, then record number), rejects statements whose content \
                  or id an earlier part already holds as duplicates, and publishes one release \
                  into --out with the files of export (CSV, Parquet, JSON-LD, datapackage.json, \
                  the describe files, SHA256SUMS). The data files are byte for byte those of \
                  a single export of the same inputs, when the parts come from one input \
                  tree. All records are held in memory while they are sorted.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct MergeArgs {
    /// Dataset directories and `bayan map` JSON Lines files.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,

    /// Directory to publish the release into (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,

    /// Comma-separated formats to write: csv, jsonld, parquet.
    /// rejects.csv is always written.
    #[arg(long, value_name = "LIST", default_value = "csv,jsonld,parquet",
          value_delimiter = ',', value_parser = parse_format)]
    formats: Vec<Format>,

    /// Fail (exit 3) and publish nothing if any record is rejected.
    #[arg(long)]
    strict: bool,

    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short)]
    quiet: bool,

    /// IRI prefix of the statements' JSON-LD @ids (as for export).
    #[arg(long, value_name = "IRI", default_value_t = WriteOptions::default().base_iri)]
    base_iri: String,

    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    csv_bom: bool,
}

/// Runs the merge; `Err` carries the outcome and the error to print.
pub fn run(args: MergeArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let mut formats = args.formats;
    formats.sort();
    formats.dedup();
    let options = MergeOptions {
        parts: args.parts,
        out: args.out,
        write: WriteOptions {
            formats,
            base_iri: args.base_iri,
            csv_bom: args.csv_bom,
        },
        package: PackageInfo::default(),
        strict: args.strict,
    };
    match merge(&options) {
        Ok(summary) => {
            if !args.quiet {
                println!("{}", summary.line());
            }
            Ok(Outcome::Success)
        }
        Err(fatal) => Err((fatal.outcome, fatal.error)),
    }
}
