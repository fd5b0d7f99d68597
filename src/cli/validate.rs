//! `bayan validate`: checks a published release and reports every problem.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::exit::{HELP_TABLE, Outcome};
use crate::publish::remote;
use crate::publish::validate::{Report, validate};
use crate::storage::{self, Location, ObjectUrl};

const EXAMPLES: &str = "Examples:
  bayan validate out              the release out/current points at (bayan run)
  bayan validate dataset          a directory written by bayan export
  bayan validate out/releases/20260101T060000.000Z --all
  bayan validate s3://bucket/dataset   the release its current.json points at";

/// Arguments of `bayan validate`.
#[derive(Debug, Args)]
#[command(
    about = "Check a release: checksums, schemas, keys and row counts",
    long_about = "Checks a release directory, or the release DIR/current points at when DIR \
                  is the output directory of bayan run: every SHA256SUMS entry matches its \
                  file and every file is listed; each CSV file has the exact header, types, \
                  required cells, code values and statement ids of its table; each Parquet \
                  file has the Arrow schema of its table; primary keys are unique and every \
                  statement_id of mentions, amounts and dates names a statement; the row \
                  counts of manifest.json and the sizes and hashes of datapackage.json and \
                  catalog.jsonld match the files; csv-metadata.json names files of the \
                  release with their tables' columns. Every problem is listed on stdout, then a \
                  summary line; the exit code is 6 when there is any problem.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct ValidateArgs {
    /// The release directory, the output directory of `bayan run`, or the
    /// object-store URL of an export (s3://BUCKET/PREFIX, gs://, az://).
    #[arg(value_name = "DIR|URL")]
    dir: PathBuf,

    /// List every problem (by default at most 20 per file, then a count).
    #[arg(long)]
    all: bool,

    /// Print nothing when the release is valid.
    #[arg(long, short)]
    quiet: bool,
}

/// Validates the release; `Err` carries the outcome and the error.
pub fn run(args: ValidateArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let report = match storage::location(&args.dir).map_err(|error| (Outcome::Usage, error))? {
        Location::Local(dir) => validate(&dir),
        Location::Object(url) => validate_object_store(&url),
    }
    .map_err(|error| (Outcome::Io, error))?;
    if report.is_valid() {
        if !args.quiet {
            print!("{}", report.render(args.all));
        }
        return Ok(Outcome::Success);
    }
    print!("{}", report.render(args.all));
    Err((
        Outcome::Invalid,
        anyhow::anyhow!(
            "{} problems in {}; the report above lists them",
            report.problems.len(),
            report.dir.display()
        ),
    ))
}

/// Downloads the release an object-store URL names (following its
/// `current.json`, checked against the pointer's digest) and validates it.
fn validate_object_store(url: &ObjectUrl) -> anyhow::Result<Report> {
    let download = tempfile::Builder::new()
        .prefix("bayan-validate-")
        .tempdir()
        .context("cannot create a directory to download the release into; check TMPDIR")?;
    let release = remote::fetch(url, download.path())?;
    let mut report = validate(download.path())?;
    report.dir = PathBuf::from(release.to_string());
    Ok(report)
}
