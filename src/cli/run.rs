//! `bayan run`: the configured, incremental, cron-safe run.
//!
//! Settings come from three places, later ones winning: bayan's defaults,
//! the configuration file (`--config`), and the command line. This file
//! merges them into [`RunOptions`], sets up logging (stderr; quiet unless
//! stderr is a terminal or `-v` is given; `--log-format json` for log
//! collectors), shows a progress bar only on a terminal, and runs
//! [`pipeline::run`].

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use tracing::Level;

use super::dataset_args::{formula_rule, parse_base_iri, parse_format};
use crate::config::{self, Config};
use crate::exit::{HELP_TABLE, Outcome};
use crate::pipeline::{self, RunOptions, Shard, default_jobs};
use crate::publish::PackageInfo;
use crate::read::ReadOptions;
use crate::write::partition::PartitionKey;
use crate::write::{Format, WriteOptions};

const EXAMPLES: &str = "Examples:
  bayan run --config /etc/bayan/bayan.toml
  bayan run --out /srv/data/statements feeds/ archive/ --keep 10
  bayan run --config bayan.toml --strict -v

Layout of the output directory:
  DIR/current -> releases/<UTC time>   the newest complete release
  DIR/releases/<UTC time>/             data files, datapackage.json,
                                       manifest.json, SHA256SUMS
  DIR/state/bayan.redb                 what each input was, and its records
  DIR/.lock                            held while a run is going on";

/// The default number of releases kept.
const DEFAULT_KEEP: usize = 5;

/// Arguments of `bayan run`.
#[derive(Debug, Args)]
#[command(
    about = "Publish a new release of the dataset if any input changed (for cron)",
    long_about = "Reads the inputs named in the configuration file or on the command line, \
                  re-reads only those that changed since the last run (the state store in \
                  DIR/state remembers each input's size, time, SHA-256 and records), and \
                  publishes a complete new release into DIR/releases/<UTC time>, then points \
                  DIR/current at it in one atomic step. When nothing changed, no release is \
                  made. Only one run at a time may use DIR. Every configuration key can be \
                  given on the command line, which wins.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct RunArgs {
    /// Files or directories to read, instead of the configuration's
    /// `inputs` (directories are walked recursively in sorted order).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// The configuration file (TOML; see samples/bayan.toml).
    #[arg(long, short, value_name = "FILE")]
    config: Option<PathBuf>,

    /// The output directory: releases, `current`, the state store.
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Comma-separated formats to write: csv, jsonld, parquet [default: all].
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    formats: Option<Vec<Format>>,

    /// Write the Parquet tables Hive-partitioned by these keys: year,
    /// language, or both, in directory order [default: not partitioned].
    #[arg(long, value_name = "KEYS", value_delimiter = ',',
          value_parser = super::dataset_args::parse_partition_key)]
    partition: Option<Vec<PartitionKey>>,

    /// The dataset's machine name (lowercase letters, digits, - . _).
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    name: Option<String>,

    /// The dataset's title.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,

    /// The dataset's description.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,

    /// Who publishes the dataset.
    #[arg(long, value_name = "TEXT")]
    publisher: Option<String>,

    /// SPDX identifier of the data licence [default: CC0-1.0].
    #[arg(long, alias = "licence", value_name = "SPDX", value_parser = parse_license)]
    license: Option<String>,

    /// IRI prefix of the statements' JSON-LD @ids.
    #[arg(long, value_name = "IRI", value_parser = parse_base_iri)]
    base_iri: Option<String>,

    /// The URL DIR is served from, for the download links of catalog.jsonld
    /// and index.html (releases are under <URL>/releases/<name>/).
    #[arg(long, value_name = "URL", value_parser = parse_base_iri)]
    download_base: Option<String>,

    /// How many releases to keep, the current one included [default: 5].
    #[arg(long, value_name = "N", value_parser = parse_keep)]
    keep: Option<usize>,

    /// Fail (exit 3) and publish nothing if any input is rejected.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    strict: Option<bool>,

    /// Keep the records of inputs that disappeared since earlier runs.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    keep_removed: Option<bool>,

    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    csv_bom: Option<bool>,

    /// Write CSV text cells exactly as the text is, without the leading
    /// apostrophe that keeps spreadsheets from running =, +, -, @, tab or
    /// CR as a formula (for tools that never evaluate cells).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    csv_raw: Option<bool>,

    /// Reject inputs larger than this many bytes [default: 16 MiB].
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,

    /// Reject one record (a file's statement, a JSON line, a feed item, a
    /// WARC page) larger than this many bytes [default: 4 MiB].
    #[arg(long, value_name = "BYTES")]
    max_record_bytes: Option<u64>,

    /// Reject compressed inputs that decompress to more than this many
    /// bytes, and the files of a zip archive past that many decompressed
    /// bytes [default: 256 MiB].
    #[arg(long, value_name = "BYTES")]
    max_decompressed_bytes: Option<u64>,

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

    /// Build a new release even if nothing changed.
    #[arg(long)]
    force: bool,

    /// Threads for reading, parsing and normalising [default: one per
    /// core]. The dataset does not depend on it.
    #[arg(long, short, value_name = "N", value_parser = super::export::parse_jobs)]
    jobs: Option<usize>,

    /// Keep only part I of N (1-based) of the records, chosen by a hash of
    /// each record's source, so N machines can share a job. Duplicates are
    /// found only within the shard; the state store of --out belongs to
    /// this shard.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,

    /// Log more: -v for what the run does, -vv for details. Without it a
    /// run logs only warnings and errors unless stderr is a terminal.
    #[arg(long, short, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    verbose: u8,

    /// Log only errors.
    #[arg(long, short)]
    quiet: bool,

    /// How log lines are written to stderr.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

/// The format of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// One line of text per event.
    Text,
    /// One JSON object per event (for log collectors).
    Json,
}

fn parse_name(name: &str) -> Result<String, String> {
    config::check_name(name).map(|()| name.to_string())
}

fn parse_license(license: &str) -> Result<String, String> {
    config::check_license(license).map(|()| license.to_string())
}

fn parse_keep(keep: &str) -> Result<usize, String> {
    let keep: i64 = keep
        .parse()
        .map_err(|_| format!("{keep:?} is not a number"))?;
    config::check_keep(keep)
}

/// Runs `bayan run`; `Err` carries the outcome and the error to print.
pub fn run(args: RunArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    init_logging(&args);
    let config = match &args.config {
        Some(path) => config::load(path).map_err(|e| (Outcome::Usage, e.into()))?,
        None => Config::default(),
    };
    let options = options(args, config).map_err(|e| (Outcome::Usage, e))?;
    let bar = progress_bar();
    let mut progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let result = pipeline::run(&options, &mut progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(report) => {
            tracing::info!("{}", report.line());
            Ok(Outcome::Success)
        }
        Err(fatal) => Err((fatal.outcome, fatal.error)),
    }
}

/// Merges the defaults, the configuration and the command line.
fn options(args: RunArgs, config: Config) -> anyhow::Result<RunOptions> {
    let inputs = if args.inputs.is_empty() {
        config.inputs
    } else {
        args.inputs
    };
    if inputs.is_empty() {
        anyhow::bail!("no inputs: give files or directories, or `inputs` in the --config file");
    }
    if inputs.iter().any(|input| input.as_os_str() == "-") {
        anyhow::bail!(
            "bayan run does not read standard input (it cannot tell whether it changed); \
             use bayan export for it"
        );
    }
    let Some(out) = args.out.or(config.out) else {
        anyhow::bail!("no output directory: give --out DIR, or `out` in the --config file");
    };
    let defaults = PackageInfo::default();
    let license = args.license.or(config.license);
    let package = PackageInfo {
        name: args.name.or(config.name).unwrap_or(defaults.name),
        title: args.title.or(config.title).unwrap_or(defaults.title),
        description: args
            .description
            .or(config.description)
            .unwrap_or(defaults.description),
        license_title: match &license {
            Some(license) if *license != defaults.license => None,
            _ => defaults.license_title,
        },
        license: license.unwrap_or(defaults.license),
    };
    let write_defaults = WriteOptions::default();
    let read_defaults = ReadOptions::default();
    let mut formats = args
        .formats
        .or(config.formats)
        .unwrap_or(write_defaults.formats);
    formats.sort();
    formats.dedup();
    Ok(RunOptions {
        inputs,
        out,
        read: ReadOptions {
            max_bytes: args
                .max_bytes
                .or(config.max_bytes)
                .unwrap_or(read_defaults.max_bytes),
            max_record_bytes: args
                .max_record_bytes
                .or(config.max_record_bytes)
                .unwrap_or(read_defaults.max_record_bytes),
            max_decompressed_bytes: args
                .max_decompressed_bytes
                .or(config.max_decompressed_bytes)
                .unwrap_or(read_defaults.max_decompressed_bytes),
            format: args.input_format,
            field_map: args.map,
        },
        write: WriteOptions {
            formats,
            base_iri: args
                .base_iri
                .or(config.base_iri)
                .unwrap_or(write_defaults.base_iri),
            csv_bom: args.csv_bom.or(config.csv_bom).unwrap_or(false),
            csv_formulas: formula_rule(args.csv_raw.or(config.csv_raw).unwrap_or(false)),
            partition: args
                .partition
                .or(config.partition.clone())
                .map(|keys| super::dataset_args::first_of_each(&keys))
                .unwrap_or_default(),
            // Set by the pipeline for one shard of a job (`--shard`).
            held_back: false,
        },
        package,
        publisher: args.publisher.or(config.publisher),
        download_base: args.download_base.or(config.download_base),
        strict: args.strict.or(config.strict).unwrap_or(false),
        keep: args.keep.or(config.keep).unwrap_or(DEFAULT_KEEP),
        keep_removed: args.keep_removed.or(config.keep_removed).unwrap_or(false),
        force: args.force,
        jobs: args.jobs.or(config.jobs).unwrap_or_else(default_jobs),
        shard: args.shard.unwrap_or_default(),
    })
}

/// Logs to stderr: errors only with `-q`; warnings by default when stderr
/// is not a terminal (cron mails every line); what the run does when it is
/// a terminal or with `-v`; details with `-vv`.
fn init_logging(args: &RunArgs) {
    let terminal = std::io::stderr().is_terminal();
    let level = match (args.quiet, args.verbose) {
        (true, _) => Level::ERROR,
        (false, 0) if terminal => Level::INFO,
        (false, 0) => Level::WARN,
        (false, 1) => Level::INFO,
        (false, _) => Level::DEBUG,
    };
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false);
    // A second initialisation (never in the binary) is not worth failing over.
    let _ = match args.log_format {
        LogFormat::Text => builder.with_ansi(terminal).try_init(),
        LogFormat::Json => builder.json().with_ansi(false).try_init(),
    };
}

/// A progress bar on stderr, only when a person is watching it.
fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} inputs {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: RunArgs,
    }

    fn args(line: &[&str]) -> RunArgs {
        let mut argv = vec!["bayan-run"];
        argv.extend_from_slice(line);
        Wrapper::try_parse_from(argv).expect("valid arguments").args
    }

    #[test]
    fn the_command_line_wins_over_the_configuration() {
        let config = Config {
            inputs: vec![PathBuf::from("conf/in")],
            out: Some(PathBuf::from("conf/out")),
            name: Some("from-config".to_string()),
            keep: Some(3),
            strict: Some(true),
            license: Some("CC-BY-4.0".to_string()),
            max_record_bytes: Some(1_000),
            max_decompressed_bytes: Some(2_000),
            partition: Some(vec![PartitionKey::Year]),
            ..Config::default()
        };
        let line = [
            "--out",
            "cli-out",
            "--strict=false",
            "--name",
            "from-cli",
            "--max-decompressed-bytes",
            "3000",
            "--partition",
            "language,year,language",
        ];
        let options = options(args(&line), config).expect("options");
        assert_eq!(
            options.write.partition,
            [PartitionKey::Language, PartitionKey::Year]
        );
        assert_eq!(options.read.max_record_bytes, 1_000);
        assert_eq!(options.read.max_decompressed_bytes, 3_000);
        assert_eq!(options.inputs, [PathBuf::from("conf/in")]);
        assert_eq!(options.out, PathBuf::from("cli-out"));
        assert_eq!(options.package.name, "from-cli");
        assert_eq!(options.package.license, "CC-BY-4.0");
        assert_eq!(options.package.license_title, None);
        assert_eq!(options.keep, 3);
        assert!(!options.strict);
    }

    #[test]
    fn defaults_fill_what_neither_gives() {
        let options =
            options(args(&["in", "--out", "out", "--strict"]), Config::default()).expect("options");
        assert_eq!(options.package, PackageInfo::default());
        assert_eq!(options.write, WriteOptions::default());
        assert_eq!(options.read, ReadOptions::default());
        assert_eq!(options.keep, DEFAULT_KEEP);
        assert!(options.strict);
        assert!(!options.keep_removed);
    }

    #[test]
    fn missing_inputs_or_output_are_usage_errors() {
        let error = options(args(&["--out", "out"]), Config::default()).expect_err("no inputs");
        assert!(error.to_string().contains("no inputs"));
        let error = options(args(&["in"]), Config::default()).expect_err("no out");
        assert!(error.to_string().contains("no output directory"));
        let error = options(args(&["-", "--out", "o"]), Config::default()).expect_err("stdin");
        assert!(error.to_string().contains("standard input"));
    }

    #[test]
    fn bad_values_on_the_command_line_are_refused() {
        let parse = |line: &[&str]| {
            let mut argv = vec!["bayan-run"];
            argv.extend_from_slice(line);
            Wrapper::try_parse_from(argv).map(|_| ())
        };
        assert!(parse(&["--keep", "0"]).is_err());
        assert!(parse(&["--keep", "-2"]).is_err());
        assert!(parse(&["--name", "Bad Name"]).is_err());
        assert!(parse(&["--formats", "csv,xml"]).is_err());
        assert!(parse(&["--base-iri", "relative/"]).is_err());
        assert!(parse(&["--keep", "2", "--licence", "CC-BY-4.0"]).is_ok());
    }
}
