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
    // Boxed: the run options are many times the size of the others.
    Run(Box<run::RunArgs>),
    Schemas(schemas::SchemasArgs),
    Validate(validate::ValidateArgs),
}

/// Runs the command line of this process; returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version, on stdout.
        Err(error) if !error.use_stderr() => {
            let _ = error.print();
            return Outcome::Success.into();
        }
        Err(error) => {
            eprintln!("bayan: {}", usage_line(&error.render().to_string()));
            return Outcome::Usage.into();
        }
    };
    let result = match cli.command {
        Command::Export(args) => export::run(args),
        Command::Map(args) => map::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Run(args) => run::run(*args),
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

/// A command-line error as clap writes it (`error: ...`, tips, `Usage:`,
/// a pointer to `--help`, on several lines) on one line, as every error
/// of bayan: what is wrong, the tips, then the usage and `--help`.
fn usage_line(rendered: &str) -> String {
    let mut parts = Vec::new();
    let mut usage = None;
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest);
        } else if !line.starts_with("For more information") {
            parts.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    // A line ending in `:` introduces the next (a list of arguments).
    let mut line = String::new();
    for part in parts {
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(part);
    }
    if let Some(usage) = usage {
        line.push_str(&format!(" (usage: {usage})"));
    }
    line.push_str("; see --help");
    line
}

/// An error and its causes on one line: `what failed: because: because`.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(|cause| cause.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_are_one_line() {
        let rendered = "error: unexpected argument '--formts' found\n\n  tip: a similar \
                        argument exists: '--formats'\n\nUsage: bayan export --out <DIR|URL> \
                        <INPUT>...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_line(rendered),
            "unexpected argument '--formts' found; tip: a similar argument exists: \
             '--formats' (usage: bayan export --out <DIR|URL> <INPUT>...); see --help"
        );
        let parsed = Cli::try_parse_from(["bayan", "export", "--out", "x"]);
        let line = usage_line(&parsed.expect_err("no input").render().to_string());
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains("<INPUT>"), "{line}");
    }
}
