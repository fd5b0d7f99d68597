//! `bayan.toml`: the configuration file of `bayan run`.
//!
//! This module owns the file's keys, their types and their checks. It reads
//! the file into a [`Config`] whose every field is optional, so that the
//! command line can override any key and defaults apply to what neither
//! gives. Every error names the file, the line and the key, because a cron
//! job's only feedback is the mail that quotes it. Paths in the file are
//! relative to the file's own directory, not to wherever cron started.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::write::Format;
use crate::write::partition::{PartitionKey, parse_keys};

/// The keys of `bayan.toml`, each optional; see `samples/bayan.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Files or directories to read, resolved against the file's directory.
    pub inputs: Vec<PathBuf>,
    /// The output directory (releases, `current`, state), resolved against
    /// the file's directory.
    pub out: Option<PathBuf>,
    pub formats: Option<Vec<Format>>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub license: Option<String>,
    pub base_iri: Option<String>,
    /// The URL the output directory is served from, for download links.
    pub download_base: Option<String>,
    /// How many releases to keep (at least 1).
    pub keep: Option<usize>,
    pub strict: Option<bool>,
    pub keep_removed: Option<bool>,
    pub max_bytes: Option<u64>,
    /// The largest record (`--max-record-bytes`).
    pub max_record_bytes: Option<u64>,
    /// The most a compressed input or an archive may decompress to
    /// (`--max-decompressed-bytes`).
    pub max_decompressed_bytes: Option<u64>,
    pub csv_bom: Option<bool>,
    /// CSV text as it is, without the formula apostrophe (`--csv-raw`).
    pub csv_raw: Option<bool>,
    /// Hive partition keys of the Parquet tables (`--partition`).
    pub partition: Option<Vec<PartitionKey>>,
    /// Threads for reading, parsing and normalising.
    pub jobs: Option<usize>,
}

/// A configuration file that cannot be used: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as the user named it.
    pub file: PathBuf,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The file as TOML gives it, before the values are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    inputs: Option<Spanned<Vec<String>>>,
    out: Option<Spanned<String>>,
    formats: Option<Spanned<Vec<String>>>,
    name: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    publisher: Option<Spanned<String>>,
    #[serde(alias = "licence")]
    license: Option<Spanned<String>>,
    base_iri: Option<Spanned<String>>,
    download_base: Option<Spanned<String>>,
    keep: Option<Spanned<i64>>,
    strict: Option<bool>,
    keep_removed: Option<bool>,
    max_bytes: Option<Spanned<i64>>,
    max_record_bytes: Option<Spanned<i64>>,
    max_decompressed_bytes: Option<Spanned<i64>>,
    csv_bom: Option<bool>,
    csv_raw: Option<bool>,
    partition: Option<Spanned<Vec<String>>>,
    jobs: Option<Spanned<i64>>,
}

/// Reads and checks the configuration file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot read the configuration file ({error}); check --config"),
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    parse(&text, path, base)
}

/// Parses configuration `text` read from `file`; relative paths in it are
/// resolved against `base`.
pub fn parse(text: &str, file: &Path, base: &Path) -> Result<Config, ConfigError> {
    let source = Source { text, file };
    let raw: RawConfig = toml::from_str(text).map_err(|error| source.toml_error(&error))?;
    Checker { source, base }.check(raw)
}

/// The text of the file, to turn byte spans into line numbers.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Source<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, span: Option<Range<usize>>, message: String) -> ConfigError {
        ConfigError {
            file: self.file.to_path_buf(),
            line: span.map(|span| self.line_of(span.start)),
            message,
        }
    }

    fn bad_value(&self, span: Range<usize>, key: &str, problem: &str) -> ConfigError {
        self.error(Some(span), format!("`{key}`: {problem}"))
    }

    /// A TOML syntax or type error, reworded to name the key.
    fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let message = error.message().trim();
        let span = error.span();
        let reworded = if let Some(rest) = message.strip_prefix("unknown field ") {
            match rest.split_once(", expected ") {
                Some((key, expected)) => format!("unknown key {key} (expected {expected})"),
                None => format!("unknown key {rest}"),
            }
        } else {
            match span.clone().and_then(|span| self.key_on_line(span.start)) {
                Some(key) => format!("`{key}`: {message}"),
                None => message.to_string(),
            }
        };
        self.error(span, reworded)
    }

    /// The key assigned on the line holding `offset` (`key = value`).
    fn key_on_line(&self, offset: usize) -> Option<String> {
        let start = self.text[..offset.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = self.text[start..].lines().next()?;
        let (key, _) = line.split_once('=')?;
        let key = key.trim().trim_matches('"');
        (!key.is_empty() && !key.starts_with('#')).then(|| key.to_string())
    }
}

/// Checks the values of a parsed file.
struct Checker<'a> {
    source: Source<'a>,
    base: &'a Path,
}

impl Checker<'_> {
    fn check(&self, raw: RawConfig) -> Result<Config, ConfigError> {
        Ok(Config {
            inputs: match raw.inputs {
                Some(inputs) => self.inputs(inputs)?,
                None => Vec::new(),
            },
            out: raw.out.map(|out| self.path(out, "out")).transpose()?,
            formats: raw.formats.map(|f| self.formats(f)).transpose()?,
            name: raw.name.map(|name| self.name(name)).transpose()?,
            title: raw.title.map(|t| self.text(t, "title")).transpose()?,
            description: raw
                .description
                .map(|d| self.text(d, "description"))
                .transpose()?,
            publisher: raw
                .publisher
                .map(|p| self.text(p, "publisher"))
                .transpose()?,
            license: raw.license.map(|l| self.license(l)).transpose()?,
            base_iri: raw
                .base_iri
                .map(|iri| self.absolute_iri(iri, "base_iri"))
                .transpose()?,
            download_base: raw
                .download_base
                .map(|iri| self.absolute_iri(iri, "download_base"))
                .transpose()?,
            keep: raw.keep.map(|keep| self.keep(keep)).transpose()?,
            strict: raw.strict,
            keep_removed: raw.keep_removed,
            max_bytes: raw
                .max_bytes
                .map(|m| self.bytes(m, "max_bytes"))
                .transpose()?,
            max_record_bytes: raw
                .max_record_bytes
                .map(|m| self.bytes(m, "max_record_bytes"))
                .transpose()?,
            max_decompressed_bytes: raw
                .max_decompressed_bytes
                .map(|m| self.bytes(m, "max_decompressed_bytes"))
                .transpose()?,
            csv_bom: raw.csv_bom,
            csv_raw: raw.csv_raw,
            partition: raw.partition.map(|keys| self.partition(keys)).transpose()?,
            jobs: raw.jobs.map(|jobs| self.jobs(jobs)).transpose()?,
        })
    }

    fn inputs(&self, inputs: Spanned<Vec<String>>) -> Result<Vec<PathBuf>, ConfigError> {
        let span = inputs.span();
        let inputs = inputs.into_inner();
        if inputs.is_empty() {
            return Err(self.source.bad_value(
                span,
                "inputs",
                "is empty; list the files or directories to read",
            ));
        }
        inputs
            .into_iter()
            .map(|input| self.path(Spanned::new(span.clone(), input), "inputs"))
            .collect()
    }

    fn path(&self, path: Spanned<String>, key: &str) -> Result<PathBuf, ConfigError> {
        let span = path.span();
        let path = path.into_inner();
        if path.trim().is_empty() {
            return Err(self.source.bad_value(span, key, "is an empty path"));
        }
        if path == "-" {
            return Err(self.source.bad_value(
                span,
                key,
                "standard input cannot be configured; use `bayan export -` for it",
            ));
        }
        Ok(self.base.join(path))
    }

    fn formats(&self, formats: Spanned<Vec<String>>) -> Result<Vec<Format>, ConfigError> {
        let span = formats.span();
        let mut parsed = Vec::new();
        for name in formats.into_inner() {
            let format = Format::from_name(&name).ok_or_else(|| {
                self.source.bad_value(
                    span.clone(),
                    "formats",
                    &format!("unknown format {name:?}; use \"csv\", \"jsonld\" or \"parquet\""),
                )
            })?;
            parsed.push(format);
        }
        if parsed.is_empty() {
            return Err(self.source.bad_value(
                span,
                "formats",
                "is empty; list at least one of \"csv\", \"jsonld\", \"parquet\"",
            ));
        }
        parsed.sort();
        parsed.dedup();
        Ok(parsed)
    }

    fn partition(&self, keys: Spanned<Vec<String>>) -> Result<Vec<PartitionKey>, ConfigError> {
        let span = keys.span();
        parse_keys(&keys.into_inner())
            .map_err(|problem| self.source.bad_value(span, "partition", &problem))
    }

    fn name(&self, name: Spanned<String>) -> Result<String, ConfigError> {
        let span = name.span();
        let name = name.into_inner();
        check_name(&name).map_err(|problem| self.source.bad_value(span, "name", &problem))?;
        Ok(name)
    }

    fn text(&self, text: Spanned<String>, key: &str) -> Result<String, ConfigError> {
        let span = text.span();
        let text = text.into_inner();
        if text.trim().is_empty() {
            return Err(self.source.bad_value(
                span,
                key,
                "is empty; give a value or leave the key out",
            ));
        }
        Ok(text.trim().to_string())
    }

    fn license(&self, license: Spanned<String>) -> Result<String, ConfigError> {
        let span = license.span();
        let license = license.into_inner();
        check_license(&license)
            .map_err(|problem| self.source.bad_value(span, "license", &problem))?;
        Ok(license)
    }

    fn absolute_iri(&self, iri: Spanned<String>, key: &str) -> Result<String, ConfigError> {
        let span = iri.span();
        let iri = iri.into_inner();
        check_base_iri(&iri).map_err(|problem| self.source.bad_value(span, key, &problem))?;
        Ok(iri)
    }

    fn keep(&self, keep: Spanned<i64>) -> Result<usize, ConfigError> {
        let span = keep.span();
        check_keep(*keep.get_ref()).map_err(|problem| self.source.bad_value(span, "keep", &problem))
    }

    fn jobs(&self, jobs: Spanned<i64>) -> Result<usize, ConfigError> {
        let jobs = self.positive(jobs, "jobs", "threads")?;
        Ok(usize::try_from(jobs).unwrap_or(usize::MAX))
    }

    /// A size limit, key `key`.
    fn bytes(&self, limit: Spanned<i64>, key: &str) -> Result<u64, ConfigError> {
        self.positive(limit, key, "bytes")
    }

    /// A count that must be at least 1: `unit` says of what.
    fn positive(&self, value: Spanned<i64>, key: &str, unit: &str) -> Result<u64, ConfigError> {
        let span = value.span();
        match u64::try_from(*value.get_ref()) {
            Ok(count) if count > 0 => Ok(count),
            _ => Err(self.source.bad_value(
                span,
                key,
                &format!(
                    "must be a positive number of {unit}, not {}",
                    value.get_ref()
                ),
            )),
        }
    }
}

/// A dataset name as Frictionless allows it: lowercase letters, digits,
/// `-`, `.` and `_`.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty; give a machine name such as \"us-state-statements\"".to_string());
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(*c)))
    {
        Some(bad) => Err(format!(
            "{name:?} has {bad:?}; use lowercase letters, digits, '-', '.' and '_'"
        )),
        None => Ok(()),
    }
}

/// An SPDX licence identifier: letters, digits, `-`, `.` and `+`.
pub fn check_license(license: &str) -> Result<(), String> {
    let valid = !license.is_empty()
        && license
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.+".contains(c));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{license:?} is not an SPDX licence identifier (such as \"CC0-1.0\" or \"CC-BY-4.0\")"
        ))
    }
}

/// A base IRI must be absolute: it starts with a scheme such as `https:`.
pub fn check_base_iri(iri: &str) -> Result<(), String> {
    let scheme = iri.split_once(':').map(|(scheme, _)| scheme);
    let absolute = scheme.is_some_and(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if absolute && !iri.chars().any(char::is_whitespace) {
        Ok(())
    } else {
        Err(format!(
            "{iri:?} is not an absolute IRI; use one such as \"https://data.example.org/statements/\""
        ))
    }
}

/// Retention: how many releases to keep, at least one.
pub fn check_keep(keep: i64) -> Result<usize, String> {
    match usize::try_from(keep) {
        Ok(keep) if keep >= 1 => Ok(keep),
        _ => Err(format!(
            "must be at least 1 (the current release is always kept), not {keep}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("bayan.toml"), Path::new("conf"))
    }

    fn error_of(text: &str) -> String {
        parse_text(text).expect_err("an error").to_string()
    }

    #[test]
    fn every_key_is_read() {
        let config = parse_text(
            r#"
inputs = ["statements", "/srv/feeds/a.jsonl"]
out = "public"
formats = ["parquet", "csv"]
name = "us-statements"
title = "US statements"
description = "Statements of the US State Department"
publisher = "Example Open Data"
licence = "CC-BY-4.0"
base_iri = "https://data.example.org/statements/"
download_base = "https://data.example.org/bayan/"
keep = 3
strict = true
keep_removed = true
max_bytes = 1000
max_record_bytes = 500
max_decompressed_bytes = 4000
csv_bom = false
csv_raw = true
partition = ["year", "language"]
jobs = 2
"#,
        )
        .expect("valid");
        assert_eq!(
            config.inputs,
            vec![
                PathBuf::from("conf/statements"),
                PathBuf::from("/srv/feeds/a.jsonl")
            ]
        );
        assert_eq!(config.out, Some(PathBuf::from("conf/public")));
        assert_eq!(config.formats, Some(vec![Format::Csv, Format::Parquet]));
        assert_eq!(config.license.as_deref(), Some("CC-BY-4.0"));
        assert_eq!(config.keep, Some(3));
        assert_eq!(config.jobs, Some(2));
        assert_eq!(
            config.partition,
            Some(vec![PartitionKey::Year, PartitionKey::Language])
        );
        assert_eq!(
            config.download_base.as_deref(),
            Some("https://data.example.org/bayan/")
        );
        assert_eq!(config.max_bytes, Some(1000));
        assert_eq!(config.max_record_bytes, Some(500));
        assert_eq!(config.max_decompressed_bytes, Some(4000));
        assert_eq!(config.strict, Some(true));
        assert_eq!(config.keep_removed, Some(true));
        assert_eq!(config.csv_raw, Some(true));
    }

    #[test]
    fn an_empty_file_is_all_defaults() {
        assert_eq!(parse_text("# nothing\n").expect("valid"), Config::default());
    }

    #[test]
    fn unknown_keys_name_the_key_the_line_and_the_choices() {
        let message = error_of("keep = 2\n\nformts = [\"csv\"]\n");
        assert!(
            message.starts_with("bayan.toml line 3: unknown key `formts` (expected"),
            "{message}"
        );
        assert!(message.contains("`formats`"), "{message}");
    }

    #[test]
    fn bad_values_name_the_key_and_the_line() {
        let cases = [
            (
                "formats = [\"csv\", \"xml\"]\n",
                1,
                "`formats`: unknown format \"xml\"",
            ),
            (
                "name = \"ok\"\nkeep = -1\n",
                2,
                "`keep`: must be at least 1",
            ),
            ("\n\nname = \"\"\n", 3, "`name`: is empty"),
            (
                "name = \"Has Spaces\"\n",
                1,
                "`name`: \"Has Spaces\" has 'H'",
            ),
            ("keep = \"two\"\n", 1, "`keep`: invalid type"),
            ("\ncsv_raw = \"yes\"\n", 2, "`csv_raw`: invalid type"),
            ("max_bytes = 0\n", 1, "`max_bytes`: must be a positive"),
            (
                "max_record_bytes = -1\n",
                1,
                "`max_record_bytes`: must be a positive number of bytes",
            ),
            (
                "\nmax_decompressed_bytes = 0\n",
                2,
                "`max_decompressed_bytes`: must be a positive",
            ),
            (
                "\njobs = -4\n",
                2,
                "`jobs`: must be a positive number of threads",
            ),
            (
                "base_iri = \"statements/\"\n",
                1,
                "`base_iri`: \"statements/\" is not",
            ),
            (
                "license = \"CC0 1.0\"\n",
                1,
                "`license`: \"CC0 1.0\" is not an SPDX",
            ),
            ("inputs = []\n", 1, "`inputs`: is empty"),
            ("inputs = [\"-\"]\n", 1, "`inputs`: standard input"),
        ];
        for (text, line, expected) in cases {
            let message = error_of(text);
            let prefix = format!("bayan.toml line {line}: {expected}");
            assert!(message.starts_with(&prefix), "{text:?} gave {message}");
        }
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let message = error_of("keep = 2\nname = \"unterminated\n");
        assert!(message.starts_with("bayan.toml line 2: "), "{message}");
    }

    #[test]
    fn the_sample_configuration_is_valid() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let config = load(&samples.join("bayan.toml")).expect("samples/bayan.toml is valid");
        assert_eq!(
            config.inputs,
            [samples.join("statements"), samples.join("bad")]
        );
        assert_eq!(config.license.as_deref(), Some("CC0-1.0"));
        assert_eq!(config.keep, Some(5));
    }

    #[test]
    fn a_missing_file_says_so() {
        let error = load(Path::new("no/such/bayan.toml")).expect_err("missing");
        assert_eq!(error.line, None);
        assert!(
            error
                .to_string()
                .contains("cannot read the configuration file")
        );
    }
}
