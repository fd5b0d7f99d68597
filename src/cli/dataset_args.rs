//! The options of every subcommand that publishes a dataset directory
//! (`export`, `merge`): where it goes, which formats, how strict, how the
//! files are written. Defined once and flattened into each subcommand.

use std::path::PathBuf;

use clap::Args;

use crate::exit::Outcome;
use crate::publish::remote::Destination;
use crate::write::csv::FormulaRule;
use crate::write::partition::{PartitionKey, parse_keys};
use crate::write::{Format, WriteOptions};

/// Output options shared by `export` and `merge`.
#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// Directory to write the dataset into (created if missing), or an
    /// object-store URL (s3://BUCKET/PREFIX, gs://..., az://...) to upload
    /// it to as a new release.
    #[arg(long, short, value_name = "DIR|URL")]
    pub out: PathBuf,

    /// With an object-store --out: how many releases to keep under it, the
    /// new one included.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub keep: usize,

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
    #[arg(long, value_name = "IRI", default_value_t = WriteOptions::default().base_iri,
          value_parser = parse_base_iri)]
    pub base_iri: String,

    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub csv_bom: bool,

    /// Write CSV text cells exactly as the text is, also those starting
    /// with =, +, -, @, tab or CR, which by default get a leading
    /// apostrophe so that spreadsheets do not run them as formulas. For
    /// tools that never evaluate cells; the release's descriptive files say
    /// which rule its CSV files follow.
    #[arg(long)]
    pub csv_raw: bool,

    /// Write the Parquet tables Hive-partitioned by these keys (year,
    /// language, or both, in directory order):
    /// statements/year=2021/language=ar/part-0.parquet
    #[arg(long, value_name = "KEYS", value_delimiter = ',',
          value_parser = parse_partition_key)]
    pub partition: Vec<PartitionKey>,
}

impl DatasetArgs {
    /// Where `--out` sends the dataset: a local directory, or a local
    /// staging directory uploaded as a release to an object store.
    pub fn destination(&self) -> Result<Destination, (Outcome, anyhow::Error)> {
        Destination::new(&self.out).map_err(|error| (Outcome::Usage, error))
    }

    /// Uploads a dataset staged for an object store, keeping `--keep`
    /// releases, and says where it went.
    pub fn upload(&self, destination: Destination) -> Result<(), (Outcome, anyhow::Error)> {
        let uploaded = destination
            .finish(self.keep)
            .map_err(|error| (Outcome::Io, error))?;
        if let (Some(uploaded), false) = (uploaded, self.quiet) {
            println!("released {} at {}", uploaded.release, uploaded.url);
        }
        Ok(())
    }

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
            csv_formulas: formula_rule(self.csv_raw),
            partition: first_of_each(&self.partition),
            // For one part of a job: `export --part`, or the pipeline for `--shard`.
            held_back: false,
        }
    }
}

/// The CSV formula rule `--csv-raw` (or `csv_raw`) asks for.
pub fn formula_rule(csv_raw: bool) -> FormulaRule {
    if csv_raw {
        FormulaRule::Raw
    } else {
        FormulaRule::Apostrophe
    }
}

/// The keys in the order given, a repeated one kept at its first place.
pub fn first_of_each(keys: &[PartitionKey]) -> Vec<PartitionKey> {
    let mut unique = Vec::new();
    for key in keys {
        if !unique.contains(key) {
            unique.push(*key);
        }
    }
    unique
}

/// A `--partition` item.
pub fn parse_partition_key(name: &str) -> Result<PartitionKey, String> {
    parse_keys(&[name.to_string()])?
        .into_iter()
        .next()
        .ok_or_else(|| "give a partition key: year or language".to_string())
}

/// An absolute IRI (`--base-iri`, `--download-base`).
pub fn parse_base_iri(iri: &str) -> Result<String, String> {
    crate::config::check_base_iri(iri).map(|()| iri.to_string())
}

/// A `--formats` item.
pub fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name)
        .ok_or_else(|| format!("unknown format {name:?}; use csv, jsonld or parquet"))
}
