//! `bayan merge`: the outputs of many shards in, one release out.

use std::path::PathBuf;

use clap::Args;

use super::dataset_args::DatasetArgs;
use crate::exit::{HELP_TABLE, Outcome};
use crate::merge::{MergeOptions, merge};
use crate::publish::PackageInfo;

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

    #[command(flatten)]
    dataset: DatasetArgs,
}

/// Runs the merge; `Err` carries the outcome and the error to print.
pub fn run(args: MergeArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let options = MergeOptions {
        parts: args.parts,
        out: args.dataset.out.clone(),
        write: args.dataset.write_options(),
        package: PackageInfo::default(),
        strict: args.dataset.strict,
    };
    match merge(&options) {
        Ok(summary) => {
            if !args.dataset.quiet {
                println!("{}", summary.line());
            }
            Ok(Outcome::Success)
        }
        Err(fatal) => Err((fatal.outcome, fatal.error)),
    }
}
