//! The options of every subcommand that publishes a dataset directory
//! (`export`, `merge`): where it goes, which formats, how strict, how the
//! files are written. Defined once and flattened into each subcommand.

use std::path::PathBuf;

use clap::Args;

use crate::write::{Format, WriteOptions};

/// Output options shared by `export` and `merge`.
#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// Directory to write the dataset into (created if missing).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// Comma-separated formats to write: csv, jsonld, parquet.
    /// rejects.csv is always written.
    #[arg(long, value_name = "LIST", default_value = "csv,jsonld,parquet",
          value_delimiter = ',', value_parser = parse_format)]
    pub formats: Vec<Format>,

    /// Fail (exit 3) and publish nothing if any input or record is rejected.
    #[arg(long)]
    pub strict: bool,

    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short)]
    pub quiet: bool,

    /// IRI prefix of the statements' JSON-LD @ids, e.g.
    /// https://data.example.org/statements/
    #[arg(long, value_name = "IRI", default_value_t = WriteOptions::default().base_iri)]
    pub base_iri: String,

    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub csv_bom: bool,
}

impl DatasetArgs {
    /// The writer options these arguments ask for (formats deduplicated, in
    /// a fixed order).
    pub fn write_options(&self) -> WriteOptions {
        let mut formats = self.formats.clone();
        formats.sort();
        formats.dedup();
        WriteOptions {
            formats,
            base_iri: self.base_iri.clone(),
            csv_bom: self.csv_bom,
        }
    }
}

/// A `--formats` item.
pub fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name)
        .ok_or_else(|| format!("unknown format {name:?}; use csv, jsonld or parquet"))
}
