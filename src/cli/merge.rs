//! `bayan merge`: the outputs of many shards in, one release out.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::dataset_args::DatasetArgs;
use crate::exit::{HELP_TABLE, Outcome};
use crate::merge::{MergeOptions, merge};
use crate::publish::{PackageInfo, remote};
use crate::storage::{self, Location};

const EXAMPLES: &str = "Examples:
  bayan merge shard-1/ shard-2/ shard-3/ --out dataset
  bayan merge mapped-*.jsonl rejects-*.jsonl --out dataset
  bayan merge s3://bucket/parts/1 s3://bucket/parts/2 --out s3://bucket/merged";

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
    /// Dataset directories and `bayan map` JSON Lines files, local or on an
    /// object store (s3://, gs://, az://: an export's --out URL, or an
    /// object).
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,

    #[command(flatten)]
    dataset: DatasetArgs,
}

/// Runs the merge; `Err` carries the outcome and the error to print.
pub fn run(args: MergeArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let downloads = tempfile::Builder::new()
        .prefix("bayan-parts-")
        .tempdir()
        .map_err(|error| {
            (
                Outcome::Io,
                anyhow::Error::new(error)
                    .context("cannot create a directory for the parts; check TMPDIR"),
            )
        })?;
    let parts = local_parts(&args.parts, downloads.path()).map_err(|error| (Outcome::Io, error))?;
    let destination = args.dataset.destination()?;
    let options = MergeOptions {
        parts,
        out: destination.dir(),
        write: args.dataset.write_options(),
        package: PackageInfo::default(),
        strict: args.dataset.strict,
    };
    match merge(&options) {
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

/// The parts as local paths: a part on an object store (the `--out` URL
/// of an export, a release prefix, or a `bayan map` JSON Lines object) is
/// downloaded into its own directory under `downloads`.
fn local_parts(parts: &[PathBuf], downloads: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut local = Vec::with_capacity(parts.len());
    for (number, part) in parts.iter().enumerate() {
        local.push(match storage::location(part)? {
            Location::Local(path) => path,
            Location::Object(url) => remote::fetch_part(&url, &downloads.join(number.to_string()))
                .with_context(|| format!("cannot download the part {url}"))?,
        });
    }
    Ok(local)
}
