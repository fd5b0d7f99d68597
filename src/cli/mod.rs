//! The command line: parses arguments, runs a subcommand, reports.
//!
//! Each subcommand lives in its own file (as in xsv): it turns its raw
//! arguments into the validated options of the library call it makes, runs
//! it, and maps the result to an [`Outcome`]. Errors are printed as one line
//! on stderr, prefixed `bayan: `.

mod dataset_args;
mod export;
mod map;
mod merge;
mod run;
mod schemas;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::exit::{HELP_TABLE, Outcome};

const ABOUT: &str = "Turns government press statements into open datasets.

bayan reads press statements in any language and script (plain text,
HTML pages, JSON Lines, RSS/Atom feeds, Markdown with front matter, WARC
archives; gzip or zstd compressed), finds their title, paragraphs and
boilerplate, normalises their text, extracts dates, money amounts, places,
people and organisations, and writes CSV, Parquet and JSON-LD tables with a
Frictionless datapackage.json, CSVW and DCAT metadata and SHA256SUMS.";

/// The top-level command.
#[derive(Debug, Parser)]
#[command(
    name = "bayan",
    version,
    about = ABOUT,
    after_help = HELP_TABLE,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Export(export::ExportArgs),
    Map(map::MapArgs),
    Merge(merge::MergeArgs),
    Run(run::RunArgs),
    Schemas(schemas::SchemasArgs),
    Validate(validate::ValidateArgs),
}

/// Runs the command line of this process; returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let outcome = if error.use_stderr() {
                Outcome::Usage
            } else {
                Outcome::Success
            };
            // clap prints help and version to stdout, usage errors to stderr.
            let _ = error.print();
            return outcome.into();
        }
    };
    let result = match cli.command {
        Command::Export(args) => export::run(args),
        Command::Map(args) => map::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Run(args) => run::run(args),
        Command::Schemas(args) => schemas::run(args),
        Command::Validate(args) => validate::run(args),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err((outcome, error)) => {
            eprintln!("bayan: {}", one_line(&error));
            outcome.into()
        }
    }
}

/// An error and its causes on one line: `what failed: because: because`.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(|cause| cause.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
