//! `bayan validate`: checks a published release and reports every problem.

use std::path::PathBuf;

use clap::Args;

use crate::exit::{HELP_TABLE, Outcome};
use crate::publish::validate::validate;

const EXAMPLES: &str = "Examples:
  bayan validate out              the release out/current points at (bayan run)
  bayan validate dataset          a directory written by bayan export
  bayan validate out/releases/20260101T060000.000Z --all";

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
    /// The release directory, or the output directory of `bayan run`.
    #[arg(value_name = "DIR")]
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
    let report = validate(&args.dir).map_err(|error| (Outcome::Io, error))?;
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
