//! `bayan map`: a streaming filter, statements in on stdin, normalised
//! statements out on stdout, for Spark's `RDD.pipe`, Hadoop streaming,
//! Beam and Flink external transforms and GNU parallel.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::exit::{HELP_TABLE, Outcome};
use crate::map::{MapInput, MapOptions, MapOutput, map};
use crate::read::ReadOptions;

const EXAMPLES: &str = "Examples:
  bayan map < statements.jsonl > mapped.jsonl 2> rejects.jsonl
  find corpus -type f | bayan map --paths --rejects rejects.jsonl > mapped.jsonl
  parallel --pipe -N1000 bayan map --source part-{#} < feed.jsonl > mapped.jsonl
  rdd.pipe(\"bayan map\")   (Spark: one JSON record per element)";

/// Arguments of `bayan map`.
#[derive(Debug, Args)]
#[command(
    about = "Normalise statements from stdin to JSON Lines on stdout",
    long_about = "Reads one statement per line from standard input (a JSON object with \
                  title, body, url, date, lang... fields as in a .jsonl input of export, or, \
                  with --paths, the path of an input file) and writes each normalised \
                  statement as one JSON object per line on standard output, with its \
                  mentions, amounts and dates nested (schemas/statement.schema.json). \
                  Standard output carries statements only. Rejects, as JSON Lines objects \
                  (source, reason, detail), go to --rejects FILE, or to standard error when \
                  no file is given; nothing else is written there. Line N of the stream is \
                  named -#N in source (as export names the records of standard input), or \
                  NAME#N with --source NAME; a path line is named by the path as given. \
                  A statement with the same \
                  content or URL as an earlier one of the same stream is a duplicate reject. \
                  Lines are processed one at a time and no temporary file is written; \
                  output is in input order and the same input gives the same bytes.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct MapArgs {
    /// Each input line is the path of an input file, not a JSON record.
    #[arg(long)]
    paths: bool,

    /// Write the rejects (JSON Lines) to FILE instead of standard error.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,

    /// Exit with 3 if any record was rejected (the statements are still
    /// written: a stream cannot be taken back).
    #[arg(long)]
    strict: bool,

    /// Name the stream NAME in source: line N becomes NAME#N (default -,
    /// standard input). Give each process of a parallel job its own name
    /// (e.g. parallel's {#}) so that merged outputs keep their records apart.
    #[arg(long, value_name = "NAME", default_value = "-")]
    source: String,

    /// Where a JSON field sits when its name is not recognised, e.g.
    /// body=payload.article_html (repeatable; as for export).
    #[arg(long = "map", value_name = "FIELD=PATH",
          value_parser = crate::read::field_map::parse_mapping)]
    map: Vec<crate::read::field_map::Mapping>,

    /// With --paths: read every file as this format instead of detecting
    /// it (text, html, jsonl, json, markdown or feed).
    #[arg(long, value_name = "FORMAT", requires = "paths",
          value_parser = crate::read::format::parse_name)]
    input_format: Option<crate::read::InputFormat>,

    /// Reject a line (one JSON record), or with --paths one record of a
    /// file, larger than this many bytes.
    #[arg(long, value_name = "BYTES",
          default_value_t = ReadOptions::default().max_record_bytes)]
    max_record_bytes: u64,

    /// With --paths: reject files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,
}

/// Runs the filter; `Err` carries the outcome and the error to print.
pub fn run(args: MapArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let options = MapOptions {
        input: if args.paths {
            MapInput::Paths
        } else {
            MapInput::JsonLines
        },
        read: ReadOptions {
            max_bytes: args.max_bytes,
            max_record_bytes: args.max_record_bytes,
            format: args.input_format,
            field_map: args.map,
            ..ReadOptions::default()
        },
        name: args.source,
    };
    let mut rejects: Box<dyn Write> = match &args.rejects {
        Some(path) => {
            let file = File::create(path)
                .with_context(|| {
                    format!(
                        "cannot create the rejects file {}; check the path and permissions",
                        path.display()
                    )
                })
                .map_err(|error| (Outcome::Io, error))?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(std::io::stderr().lock()),
    };
    let mut statements = BufWriter::new(std::io::stdout().lock());
    let mut output = MapOutput {
        statements: &mut statements,
        rejects: &mut rejects,
    };
    let mut input = std::io::stdin().lock();
    let summary =
        map(&mut input, &mut output, &options).map_err(|fatal| (fatal.outcome, fatal.error))?;
    if args.strict && summary.rejects > 0 {
        return Err((
            Outcome::StrictRejects,
            anyhow::anyhow!(
                "--strict: {} record(s) rejected; the rejects stream lists them",
                summary.rejects
            ),
        ));
    }
    Ok(Outcome::Success)
}
