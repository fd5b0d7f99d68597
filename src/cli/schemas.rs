//! `bayan schemas`: writes the machine-readable schemas of the dataset
//! (JSON-LD context, JSON Schema of a statement, Frictionless Table Schemas,
//! vocabulary) into a directory; the repository keeps them in `schemas/`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::exit::{HELP_TABLE, Outcome};
use crate::schema::files::{SchemaFile, schema_files};

const EXAMPLES: &str = "Examples:
  bayan schemas
  bayan schemas --out /srv/www/bayan/schemas";

/// Arguments of `bayan schemas`.
#[derive(Debug, Args)]
#[command(
    about = "Write the dataset's JSON-LD context, JSON Schema and Table Schemas",
    long_about = "Writes the schemas derived from the table definitions into --out: \
                  context.jsonld (the JSON-LD context of statements.jsonld), \
                  statement.schema.json (JSON Schema of one statement with its \
                  mentions, amounts and dates), tables/<table>.json (Frictionless \
                  Table Schemas) and vocab.md (the JSON-LD vocabulary). Files whose \
                  content is unchanged are left untouched.",
    after_help = format!("{EXAMPLES}\n\n{HELP_TABLE}")
)]
pub struct SchemasArgs {
    /// Directory to write the schemas into (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "schemas")]
    out: PathBuf,

    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short)]
    quiet: bool,
}

/// Writes every schema file; `Err` carries the outcome and the error.
pub fn run(args: SchemasArgs) -> Result<Outcome, (Outcome, anyhow::Error)> {
    let files = schema_files();
    let mut changed = 0;
    for file in &files {
        match write_if_changed(&args.out, file) {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(error) => return Err((Outcome::Io, error)),
        }
    }
    if !args.quiet {
        println!(
            "{} schema files in {} ({changed} changed)",
            files.len(),
            args.out.display()
        );
    }
    Ok(Outcome::Success)
}

/// Writes `file` under `dir` unless it already holds that text; returns
/// whether it wrote.
fn write_if_changed(dir: &Path, file: &SchemaFile) -> anyhow::Result<bool> {
    let path = dir.join(&file.path);
    if fs::read(&path).is_ok_and(|old| old == file.contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| {
            format!(
                "cannot create {}; check the path and permissions",
                parent.display()
            )
        })?;
    }
    fs::write(&path, &file.contents).with_context(|| {
        format!(
            "cannot write {}; check the path and permissions",
            path.display()
        )
    })?;
    Ok(true)
}
