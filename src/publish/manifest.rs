//! `manifest.json`: the facts of the run that built a release.
//!
//! When, with which bayan, from how many inputs (and how many of them
//! changed), how many records became statements or rejects, how many rows
//! each data file holds, and how long each stage took. With `SHA256SUMS` it
//! is the only file of a release that differs between two runs over the
//! same inputs; its `fingerprint` is what a run compares to decide that
//! nothing changed since the current release.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::write_synced;

/// The file's name inside a release.
pub const FILE_NAME: &str = "manifest.json";

/// The run facts of one release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The release's directory name under `releases/`.
    pub release: String,
    pub bayan_version: String,
    /// UTC, RFC 3339 with milliseconds.
    pub started: String,
    pub finished: String,
    /// SHA-256 over the options and the inputs' contents that made the
    /// data: equal fingerprints mean byte-identical data files.
    pub fingerprint: String,
    pub inputs: InputCounts,
    pub records: RecordCounts,
    /// Rows per data file, by file name.
    pub rows: BTreeMap<String, u64>,
    /// Seconds spent per stage.
    pub seconds: StageSeconds,
}

/// What happened to the input files since the state store last saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputCounts {
    /// Input files found this run.
    pub seen: u64,
    /// Known and unchanged: their cached records were used.
    pub unchanged: u64,
    /// Known but changed: read and parsed again.
    pub changed: u64,
    /// Not known before: read and parsed.
    pub added: u64,
    /// Known but gone: their records were dropped.
    pub removed: u64,
    /// Known but gone, and kept because of `--keep-removed`.
    pub kept_removed: u64,
    /// Files read and parsed this run (changed + added + any whose cache
    /// was missing or unusable).
    pub parsed: u64,
}

/// Records (one per file, or one per line, item, page or archive entry of
/// a multi-record file) and where they went.
///
/// `seen` is counted where the records enter the pipeline, `statements`
/// and `rejects` from the rows the writers wrote; a run checks that
/// `seen = statements + rejects` before it publishes anything (see
/// [`RecordCounts::check`]). The records of inputs that belong to other
/// shards (`--shard`) are not part of the run and are counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCounts {
    pub seen: u64,
    pub statements: u64,
    pub rejects: u64,
    /// Records read but held back by `--shard`: in no file of this release.
    #[serde(default)]
    pub other_shards: u64,
}

impl RecordCounts {
    /// `Err` with one line saying what does not add up unless every record
    /// seen became a statement or a reject.
    pub fn check(&self) -> Result<(), String> {
        let written = self.statements.saturating_add(self.rejects);
        if written == self.seen {
            return Ok(());
        }
        Err(format!(
            "{} records were read but {} statements and {} rejects were written ({} {}); \
             this is a bug in bayan, please report it with the command line",
            self.seen,
            self.statements,
            self.rejects,
            self.seen.abs_diff(written),
            if written < self.seen {
                "lost"
            } else {
                "too many"
            },
        ))
    }
}

/// Wall-clock seconds per stage of the run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageSeconds {
    /// Finding the inputs and comparing them with the state store.
    pub scan: f64,
    /// Reading, parsing and normalising changed inputs.
    pub parse: f64,
    /// Loading the cached records of unchanged inputs.
    pub cache: f64,
    /// Writing the data files.
    pub write: f64,
    /// Writing the release's descriptive files up to this one.
    pub package: f64,
}

impl Manifest {
    /// Writes the manifest into release directory `dir` and syncs it.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        write_synced(&dir.join(FILE_NAME), text.as_bytes())
    }

    /// Reads the manifest of release directory `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a bayan manifest: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_manifest_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let manifest = Manifest {
            release: "20260101T000000.000Z".to_string(),
            fingerprint: "ab".repeat(32),
            records: RecordCounts {
                seen: 3,
                statements: 2,
                rejects: 1,
                other_shards: 4,
            },
            rows: BTreeMap::from([("statements.csv".to_string(), 2)]),
            ..Manifest::default()
        };
        manifest.write(dir.path()).expect("written");
        assert_eq!(Manifest::read(dir.path()).expect("read"), manifest);
    }

    #[test]
    fn record_counts_must_add_up() {
        let counts = RecordCounts {
            seen: 5,
            statements: 3,
            rejects: 2,
            other_shards: 7,
        };
        assert_eq!(counts.check(), Ok(()));
        let lost = RecordCounts { seen: 6, ..counts };
        let message = lost.check().expect_err("one record is lost");
        assert!(message.starts_with("6 records were read but 3 statements and 2 rejects"));
        assert!(message.contains("(1 lost)"), "{message}");
        let extra = RecordCounts { seen: 4, ..counts };
        assert!(
            extra
                .check()
                .expect_err("one too many")
                .contains("(1 too many)")
        );
    }

    #[test]
    fn a_manifest_without_other_shards_still_reads() {
        let counts: RecordCounts =
            serde_json::from_str(r#"{"seen": 2, "statements": 1, "rejects": 1}"#).expect("read");
        assert_eq!(counts.other_shards, 0);
    }
}
