//! Releases on an object store: `--out s3://bucket/prefix` (or `gs://`,
//! `az://`).
//!
//! An object store has no rename and no symbolic link, so a release there
//! is a set of objects under its own key prefix and a pointer object that
//! names it:
//!
//! ```text
//! PREFIX/releases/20260101T060000.123Z/statements.csv   data and describe files
//! PREFIX/releases/20260101T060000.123Z/SHA256SUMS       after every file it lists
//! PREFIX/current.json                                   the pointer, written last
//! ```
//!
//! The dataset is first written to a local directory exactly as a local
//! `--out` would hold it ([`Destination`]); then every file its
//! `SHA256SUMS` lists is uploaded under a new release prefix, `SHA256SUMS`
//! after them, and `current.json` last (a single PUT, which object stores
//! make visible whole or not at all). Releases beyond `--keep` are deleted
//! only after that, never the one the pointer names.
//!
//! Readers follow the pointer ([`Pointer`]): read `current.json`, read
//! `<path>SHA256SUMS` and check that its SHA-256 is the pointer's
//! `sha256sums`, then read the files it lists and check each. A reader
//! never sees a half-written release: until the pointer is written, it
//! names the previous complete one; an upload cut short leaves objects
//! under a prefix no pointer names, which the next publication's pruning
//! deletes once it is older than the releases kept.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::release::{CHECKSUMS, RELEASES_DIR, pause_point, release_name, utc_timestamp};
use super::sha256_file;
use crate::storage::{self, Location, ObjectUrl};

/// The pointer object, beside `releases/`.
pub const POINTER: &str = "current.json";

/// The content of `current.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pointer {
    /// The release's name (its time stamp).
    pub release: String,
    /// The release's key prefix relative to the pointer, ending in `/`.
    pub path: String,
    /// Hex SHA-256 of the release's `SHA256SUMS`.
    pub sha256sums: String,
    /// When the pointer was written (UTC).
    pub published: String,
}

/// Where a command writes its dataset: straight into a local directory, or
/// into a local staging directory that [`Destination::finish`] uploads.
#[derive(Debug)]
pub enum Destination {
    Local(PathBuf),
    Object {
        url: ObjectUrl,
        /// Removed when the destination is dropped, uploaded or not.
        staging: tempfile::TempDir,
    },
}

/// A release uploaded to an object store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    /// The prefix the release went under.
    pub url: ObjectUrl,
    pub release: String,
    /// Old releases deleted by `--keep`.
    pub pruned: Vec<String>,
}

impl Destination {
    /// The destination an `--out` argument names. For an object store, the
    /// dataset is staged in the system's temporary directory (`TMPDIR`).
    pub fn new(out: &Path) -> anyhow::Result<Destination> {
        match storage::location(out)? {
            Location::Local(path) => Ok(Destination::Local(path)),
            Location::Object(url) => {
                let staging = tempfile::Builder::new()
                    .prefix("bayan-upload-")
                    .tempdir()
                    .context("cannot create a staging directory; check TMPDIR")?;
                Ok(Destination::Object { url, staging })
            }
        }
    }

    /// The local directory the dataset is published into.
    pub fn dir(&self) -> PathBuf {
        match self {
            Destination::Local(path) => path.clone(),
            Destination::Object { staging, .. } => staging.path().join("dataset"),
        }
    }

    /// Uploads the dataset when the destination is an object store.
    pub fn finish(self, keep: usize) -> anyhow::Result<Option<Uploaded>> {
        let dir = self.dir();
        match self {
            Destination::Local(_) => Ok(None),
            Destination::Object { url, staging } => {
                let uploaded = publish(&dir, &url, keep)?;
                drop(staging);
                Ok(Some(uploaded))
            }
        }
    }
}

/// Uploads the dataset in local directory `dataset` as a new release under
/// `out`, moves the pointer to it and prunes to `keep` releases.
pub fn publish(dataset: &Path, out: &ObjectUrl, keep: usize) -> anyhow::Result<Uploaded> {
    let sums = std::fs::read_to_string(dataset.join(CHECKSUMS))
        .with_context(|| format!("cannot read {CHECKSUMS} of {}", dataset.display()))?;
    let names = listed_files(&sums)?;
    let releases = out.join(RELEASES_DIR);
    let release = unused_name(&releases, SystemTime::now())?;
    let prefix = releases.join(&release);
    for name in &names {
        storage::upload(&dataset.join(name), &prefix.join(name))?;
        pause_point("uploaded");
    }
    storage::upload(&dataset.join(CHECKSUMS), &prefix.join(CHECKSUMS))?;
    let pointer = Pointer {
        release: release.clone(),
        path: format!("{RELEASES_DIR}/{release}/"),
        sha256sums: sha256_file(&dataset.join(CHECKSUMS))?,
        published: utc_timestamp(SystemTime::now()),
    };
    let mut text = serde_json::to_string_pretty(&pointer)?;
    text.push('\n');
    storage::put(&out.join(POINTER), text.into_bytes())?;
    let pruned = prune(&releases, keep, &release)?;
    Ok(Uploaded {
        url: prefix,
        release,
        pruned,
    })
}

/// The file names a `SHA256SUMS` lists, refusing any that would leave the
/// release.
fn listed_files(sums: &str) -> anyhow::Result<Vec<String>> {
    sums.lines()
        .map(|line| match line.split_once("  ") {
            Some((_, name)) if super::is_plain_file_name(name) => Ok(name.to_string()),
            _ => bail!("{CHECKSUMS} has a line that names no file of the release: {line:?}"),
        })
        .collect()
}

/// A release name after `time` that no release under `releases` has.
fn unused_name(releases: &ObjectUrl, time: SystemTime) -> anyhow::Result<String> {
    let existing = storage::list_directories(releases)?;
    let base = release_name(time);
    let mut name = base.clone();
    let mut suffix = 1;
    while existing.contains(&name) {
        suffix += 1;
        name = format!("{base}-{suffix}");
    }
    Ok(name)
}

/// Deletes the oldest releases so that `keep` remain; never `current`.
/// Prefixes that an interrupted upload left are releases too, and go once
/// they are old enough.
fn prune(releases: &ObjectUrl, keep: usize, current: &str) -> anyhow::Result<Vec<String>> {
    let mut names = storage::list_directories(releases)?;
    names.sort_by(|a, b| super::release::release_order(a).cmp(&super::release::release_order(b)));
    let excess = names.len().saturating_sub(keep.max(1));
    let mut deleted = Vec::new();
    for name in names.into_iter().take(excess) {
        if name == current {
            continue;
        }
        storage::delete_all(&releases.join(&name))
            .with_context(|| format!("cannot delete the old release {name}"))?;
        deleted.push(name);
    }
    Ok(deleted)
}

/// The pointer under `out`, if there is one.
pub fn current(out: &ObjectUrl) -> anyhow::Result<Option<Pointer>> {
    let url = out.join(POINTER);
    if storage::size(&url)?.is_none() {
        return Ok(None);
    }
    let bytes = match storage::read(&url, 1024 * 1024) {
        Ok(bytes) => bytes,
        Err(storage::ReadError::TooLarge) => bail!("{url} is over 1 MiB: not a bayan pointer"),
        Err(storage::ReadError::Failed(error)) => return Err(error),
    };
    let pointer: Pointer = serde_json::from_slice(&bytes)
        .with_context(|| format!("{url} is not a bayan release pointer"))?;
    if !super::is_plain_file_name(pointer.path.trim_end_matches('/')) {
        bail!("{url} points outside its prefix: {:?}", pointer.path);
    }
    Ok(Some(pointer))
}

/// Downloads the release `url` names into the empty directory `into`: the
/// one its `current.json` points at, or the release at `url` itself when
/// it holds a `SHA256SUMS`. Every object of the release is downloaded, so
/// that a validator also sees files `SHA256SUMS` does not list. Returns the
/// release's URL.
pub fn fetch(url: &ObjectUrl, into: &Path) -> anyhow::Result<ObjectUrl> {
    let (release, expected) = match current(url)? {
        Some(pointer) => (url.join(&pointer.path), Some(pointer.sha256sums)),
        None if storage::size(&url.join(CHECKSUMS))?.is_some() => (url.clone(), None),
        None => bail!(
            "{url} holds no release: neither {POINTER} nor {CHECKSUMS}; give the --out URL of \
             bayan export or merge, or a release prefix under releases/"
        ),
    };
    for object in storage::list(&release)? {
        if !super::is_plain_file_name(&object.relative) {
            continue;
        }
        let path = into.join(&object.relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        storage::download(&object.url, &path)?;
    }
    if let Some(expected) = expected {
        let sums = into.join(CHECKSUMS);
        let found = sha256_file(&sums).with_context(|| {
            format!("{release} has no {CHECKSUMS}: the pointer names an incomplete release")
        })?;
        if found != expected {
            bail!(
                "the {CHECKSUMS} of {release} is not the one {POINTER} names; the release was \
                 changed after it was published"
            );
        }
    }
    Ok(release)
}

/// Makes an object-store `part` of `bayan merge` local: a single object
/// (a `bayan map` JSON Lines file) is downloaded under its own name, a
/// prefix holding a release is fetched. Returns the local path, inside
/// `into`.
pub fn fetch_part(part: &ObjectUrl, into: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(into).with_context(|| format!("cannot create {}", into.display()))?;
    // A prefix with objects below it is a release; listed first, since
    // some S3 servers answer a HEAD of a mere prefix with an error.
    if storage::list(part)?.is_empty() && storage::size(part)?.is_some() {
        let name = part.key().rsplit('/').next().unwrap_or("part.jsonl");
        let path = into.join(name);
        storage::download(part, &path)?;
        return Ok(path);
    }
    let dir = into.join("release");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fetch(part, &dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_names_must_stay_inside_the_release() {
        let sums = "ab  statements.csv\ncd  statements/year=2021/part-0.parquet\n";
        assert_eq!(
            listed_files(sums).expect("names"),
            ["statements.csv", "statements/year=2021/part-0.parquet"]
        );
        assert!(listed_files("ab  ../elsewhere\n").is_err());
        assert!(listed_files("ab  /etc/passwd\n").is_err());
        assert!(listed_files("not a checksum line\n").is_err());
    }

    #[test]
    fn a_local_out_is_written_in_place() {
        let destination = Destination::new(Path::new("dataset")).expect("local");
        assert_eq!(destination.dir(), Path::new("dataset"));
        assert_eq!(destination.finish(2).expect("nothing to upload"), None);
    }

    #[test]
    fn an_object_store_out_is_staged_locally_first() {
        let destination = Destination::new(Path::new("s3://bucket/data")).expect("s3");
        let dir = destination.dir();
        assert!(dir.starts_with(std::env::temp_dir()));
        assert!(dir.ends_with("dataset"));
        drop(destination);
        assert!(!dir.parent().expect("staging").exists(), "staging removed");
    }
}
