//! Releases of `bayan run`: complete dataset directories published with an
//! atomic swap.
//!
//! The output directory of a run looks like this:
//!
//! ```text
//! DIR/.lock                          the run lock (see `lock`)
//! DIR/state/bayan.redb               the state store (see `state`)
//! DIR/releases/20260101T060000.123Z/ one complete release per run
//! DIR/current -> releases/20260101T060000.123Z
//! ```
//!
//! A release is built in `DIR/releases/.building-*`, beside its final place,
//! so that no rename crosses a file system. When its data files are
//! written, the [release file builders](RELEASE_FILES) add the files that
//! describe the data (each gets the directory and the [`ReleaseFacts`]),
//! `SHA256SUMS` lists them all, every file and the directory are synced,
//! and the directory is renamed to its timestamp. Only then does `current`
//! move: a new symlink is made under a temporary name and renamed over
//! `current`, which POSIX makes atomic. A reader following `current` sees
//! the old complete release or the new complete one, never a mix; a crash
//! at any step leaves `current` on a complete release and, at worst, an
//! unfinished build that the next run removes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

use super::manifest::Manifest;
use super::{DataFacts, PackageInfo, datapackage, describe, sha256_file, sync_dir, write_synced};
use crate::permissions::StagingDir;

/// The directory of releases inside the output directory.
pub const RELEASES_DIR: &str = "releases";
/// The symlink to the newest complete release.
pub const CURRENT: &str = "current";
/// The checksum list of a release, written last.
pub const CHECKSUMS: &str = "SHA256SUMS";

const BUILDING_PREFIX: &str = ".building-";
const LINK_PREFIX: &str = ".current-";

/// Everything a release file builder may describe: the data files written,
/// the dataset's facts and the run's facts.
#[derive(Debug, Clone, Copy)]
pub struct ReleaseFacts<'a> {
    /// The data files and what they follow.
    pub data: DataFacts<'a>,
    pub package: &'a PackageInfo,
    /// Who publishes the dataset (`publisher` of `bayan.toml`), if given.
    pub publisher: Option<&'a str>,
    /// The URL the output directory is served from (`download_base`), if
    /// given: a release's files are at `<it>/releases/<name>/<file>`.
    pub download_base: Option<&'a str>,
    /// The run facts; `finished` and `seconds.package` are filled in when
    /// `manifest.json` is built.
    pub manifest: &'a Manifest,
    /// When the run started.
    pub started: SystemTime,
}

/// Writes one or more files describing the release into the release
/// directory (the first argument), after the data files and before
/// `SHA256SUMS`; returns the names of the files it wrote.
pub type ReleaseFileBuilder = fn(&Path, &ReleaseFacts) -> anyhow::Result<Vec<String>>;

/// The files every release holds besides its data files, in the order they
/// are built; `manifest.json` comes last so that its time covers the others.
/// A new kind of release file is one more entry here.
pub const RELEASE_FILES: &[(&str, ReleaseFileBuilder)] = &[
    (datapackage::FILE_NAME, build_datapackage),
    ("describe", build_description),
    (super::manifest::FILE_NAME, build_manifest),
];

fn build_datapackage(dir: &Path, facts: &ReleaseFacts) -> anyhow::Result<Vec<String>> {
    let descriptor = datapackage::datapackage(dir, &facts.data, facts.package)?;
    let mut text = serde_json::to_string_pretty(&descriptor)?;
    text.push('\n');
    write_synced(&dir.join(datapackage::FILE_NAME), text.as_bytes())?;
    Ok(vec![datapackage::FILE_NAME.to_string()])
}

/// CSVW metadata, DCAT catalog, dataset card and landing page.
fn build_description(dir: &Path, facts: &ReleaseFacts) -> anyhow::Result<Vec<String>> {
    let download_base = facts
        .download_base
        .map(|base| release_url(base, &facts.manifest.release));
    let description = describe::Describe {
        data: facts.data,
        package: facts.package,
        publisher: facts.publisher,
        download_base: download_base.as_deref(),
        has_manifest: true,
    };
    describe::describe(dir, &description)
}

/// The URL of release `name` when the output directory is served at
/// `base`.
pub fn release_url(base: &str, name: &str) -> String {
    let slash = if base.ends_with('/') { "" } else { "/" };
    format!("{base}{slash}{RELEASES_DIR}/{name}/")
}

fn build_manifest(dir: &Path, facts: &ReleaseFacts) -> anyhow::Result<Vec<String>> {
    let now = SystemTime::now();
    let mut manifest = facts.manifest.clone();
    manifest.finished = utc_timestamp(now);
    manifest.seconds.package = now
        .duration_since(facts.started)
        .unwrap_or(Duration::ZERO)
        .as_secs_f64()
        - manifest.seconds.scan
        - manifest.seconds.parse
        - manifest.seconds.cache
        - manifest.seconds.write;
    manifest.seconds.package = manifest.seconds.package.max(0.0);
    manifest.write(dir)?;
    Ok(vec![super::manifest::FILE_NAME.to_string()])
}

/// `2026-01-01T06:00:00.123Z`: the time stamps of manifests and logs.
pub fn utc_timestamp(time: SystemTime) -> String {
    DateTime::<Utc>::from(time)
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// `20260101T060000.123Z`: a release's directory name, sortable, with no
/// character that needs quoting in a URL or a shell.
pub fn release_name(time: SystemTime) -> String {
    DateTime::<Utc>::from(time)
        .format("%Y%m%dT%H%M%S%.3fZ")
        .to_string()
}

/// Stops the process at a named point of a run when the environment
/// variable `BAYAN_TEST_PAUSE_AT` names that point, so that the kill tests
/// can land a SIGKILL exactly there. It prints `paused at POINT` on stderr
/// and sleeps for `BAYAN_TEST_PAUSE_SECS` seconds (default 120), then goes
/// on. Unset (always, outside tests) it costs one comparison.
pub fn pause_point(point: &str) {
    static WANTED: OnceLock<Option<String>> = OnceLock::new();
    let wanted = WANTED.get_or_init(|| std::env::var("BAYAN_TEST_PAUSE_AT").ok());
    if wanted.as_deref() != Some(point) {
        return;
    }
    let seconds = std::env::var("BAYAN_TEST_PAUSE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    eprintln!("bayan: paused at {point}");
    std::thread::sleep(Duration::from_secs(seconds));
}

/// The releases of one output directory.
#[derive(Debug, Clone)]
pub struct Releases {
    out: PathBuf,
    dir: PathBuf,
}

impl Releases {
    /// The releases of output directory `out` (creating `out/releases`).
    pub fn open(out: &Path) -> anyhow::Result<Releases> {
        let dir = out.join(RELEASES_DIR);
        crate::permissions::create_published_dir_all(&dir)
            .with_context(|| format!("cannot create {}; check the permissions", dir.display()))?;
        Ok(Releases {
            out: out.to_path_buf(),
            dir,
        })
    }

    /// The name of the release `current` points at, if it points at one.
    pub fn current(&self) -> Option<String> {
        let target = std::fs::read_link(self.out.join(CURRENT)).ok()?;
        let name = target.file_name()?.to_string_lossy().into_owned();
        self.dir.join(&name).is_dir().then_some(name)
    }

    /// The directory of release `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Names of the complete releases, oldest first.
    pub fn list(&self) -> anyhow::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.dir)
            .with_context(|| format!("cannot list {}", self.dir.display()))?
        {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && entry.file_type()?.is_dir() {
                names.push(name);
            }
        }
        names.sort_by(|a, b| release_order(a).cmp(&release_order(b)));
        Ok(names)
    }

    /// Removes what interrupted runs left: unfinished builds and temporary
    /// links. Call it only while holding the run lock. Returns how many
    /// were removed.
    pub fn remove_unfinished(&self) -> anyhow::Result<usize> {
        let mut removed = 0;
        for (dir, prefix) in [(&self.dir, BUILDING_PREFIX), (&self.out, LINK_PREFIX)] {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                if !entry.file_name().to_string_lossy().starts_with(prefix) {
                    continue;
                }
                let path = entry.path();
                if entry.file_type()?.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                }
                .with_context(|| format!("cannot remove {}", path.display()))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Starts a release named after `started` (a suffix makes it unique).
    pub fn begin(&self, started: SystemTime) -> anyhow::Result<ReleaseBuild> {
        let base = release_name(started);
        let mut name = base.clone();
        let mut suffix = 1;
        while self.dir.join(&name).exists() {
            suffix += 1;
            name = format!("{base}-{suffix}");
        }
        let staging = StagingDir::create(&self.dir, &format!("{BUILDING_PREFIX}{name}-"))
            .with_context(|| format!("cannot write into {}", self.dir.display()))?;
        Ok(ReleaseBuild {
            releases: self.clone(),
            name,
            dir: staging.path.clone(),
            staging,
        })
    }

    /// Deletes the oldest releases so that `keep` remain; the one `current`
    /// points at is never deleted. Returns the names deleted.
    pub fn prune(&self, keep: usize) -> anyhow::Result<Vec<String>> {
        let names = self.list()?;
        let current = self.current();
        let excess = names.len().saturating_sub(keep.max(1));
        let mut deleted = Vec::new();
        for name in names.into_iter().take(excess) {
            if Some(&name) == current.as_ref() {
                continue;
            }
            let path = self.dir.join(&name);
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot delete the old release {}", path.display()))?;
            deleted.push(name);
        }
        Ok(deleted)
    }

    /// Points `current` at release `name`, atomically.
    fn point_current_at(&self, name: &str) -> anyhow::Result<()> {
        let current = self.out.join(CURRENT);
        if let Ok(metadata) = std::fs::symlink_metadata(&current)
            && !metadata.file_type().is_symlink()
        {
            bail!(
                "{} is not a symbolic link; move it away so that bayan can point it at the \
                 newest release",
                current.display()
            );
        }
        let link = self.out.join(format!("{LINK_PREFIX}{name}"));
        let target = Path::new(RELEASES_DIR).join(name);
        symlink(&target, &link)
            .with_context(|| format!("cannot create the link {}", link.display()))?;
        pause_point("linked");
        std::fs::rename(&link, &current)
            .with_context(|| format!("cannot point {} at {name}", current.display()))?;
        sync_dir(&self.out)
    }
}

/// Sort key of a release name: its time stamp, then its suffix number.
pub(super) fn release_order(name: &str) -> (&str, u64) {
    match name.rsplit_once('-') {
        Some((base, suffix)) if suffix.bytes().all(|b| b.is_ascii_digit()) => {
            (base, suffix.parse().unwrap_or(u64::MAX))
        }
        _ => (name, 1),
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// A release being built in a temporary directory.
#[derive(Debug)]
pub struct ReleaseBuild {
    releases: Releases,
    name: String,
    dir: PathBuf,
    /// The directory's permissions: private until it is published.
    staging: StagingDir,
}

impl ReleaseBuild {
    /// The temporary directory to write the data files into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The name the release will have.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Completes the release (release files, `SHA256SUMS`, sync), moves it
    /// to its final name and points `current` at it.
    pub fn publish(self, facts: &ReleaseFacts) -> anyhow::Result<String> {
        let mut names: Vec<String> = facts.data.files.iter().map(|f| f.name.clone()).collect();
        let _digests = super::DigestMemo::start(&self.dir, facts.data.files);
        for (file, build) in RELEASE_FILES {
            names.extend(build(&self.dir, facts).with_context(|| format!("cannot build {file}"))?);
            pause_point(&format!("built:{file}"));
        }
        names.sort();
        names.dedup();
        let mut sums = String::new();
        for name in &names {
            let path = self.dir.join(name);
            sync_file(&path)?;
            sums.push_str(&format!("{}  {name}\n", sha256_file(&path)?));
        }
        write_synced(&self.dir.join(CHECKSUMS), sums.as_bytes())?;
        self.staging
            .open_up()
            .with_context(|| format!("cannot set the permissions of {}", self.dir.display()))?;
        sync_dir(&self.dir)?;
        pause_point("synced");

        let target = self.releases.path(&self.name);
        std::fs::rename(&self.dir, &target)
            .with_context(|| format!("cannot move the new release into {}", target.display()))?;
        sync_dir(&self.releases.dir)?;
        pause_point("renamed");
        self.releases.point_current_at(&self.name)?;
        pause_point("swapped");
        Ok(self.name)
    }
}

/// Flushes a file written by a data writer to disk.
fn sync_file(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot sync {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{Format, WrittenFile};

    fn facts_for<'a>(
        files: &'a [WrittenFile],
        package: &'a PackageInfo,
        manifest: &'a Manifest,
    ) -> ReleaseFacts<'a> {
        ReleaseFacts {
            data: crate::write::test_records::data_facts(files),
            package,
            publisher: None,
            download_base: None,
            manifest,
            started: SystemTime::now(),
        }
    }

    /// Publishes a release holding one small CSV file with `text`.
    fn publish_one(releases: &Releases, text: &str) -> String {
        let build = releases.begin(SystemTime::now()).expect("begin");
        std::fs::write(build.path().join("rejects.csv"), text).expect("data");
        let files = vec![WrittenFile {
            name: "rejects.csv".to_string(),
            format: Format::Csv,
            table: Some("rejects"),
            rows: 0,
            sha256: None,
        }];
        let package = PackageInfo::default();
        let manifest = Manifest::default();
        build
            .publish(&facts_for(&files, &package, &manifest))
            .expect("published")
    }

    #[test]
    fn current_follows_the_newest_release_and_prune_keeps_it() {
        let out = tempfile::tempdir().expect("temp dir");
        let releases = Releases::open(out.path()).expect("open");
        assert_eq!(releases.current(), None);
        let first = publish_one(&releases, "source,reason,detail\n");
        assert_eq!(releases.current().as_deref(), Some(first.as_str()));
        let second = publish_one(&releases, "source,reason,detail\n");
        let third = publish_one(&releases, "source,reason,detail\n");
        assert_eq!(releases.current().as_deref(), Some(third.as_str()));
        assert_eq!(
            releases.list().expect("list"),
            [first.clone(), second.clone(), third.clone()]
        );

        let deleted = releases.prune(2).expect("pruned");
        assert_eq!(deleted, [first]);
        assert_eq!(releases.list().expect("list"), [second, third.clone()]);
        let link = std::fs::read_link(out.path().join(CURRENT)).expect("link");
        assert_eq!(link, Path::new(RELEASES_DIR).join(&third), "relative link");
    }

    #[test]
    fn a_release_lists_every_file_in_its_checksums() {
        let out = tempfile::tempdir().expect("temp dir");
        let releases = Releases::open(out.path()).expect("open");
        let name = publish_one(&releases, "source,reason,detail\n");
        let dir = releases.path(&name);
        let sums = std::fs::read_to_string(dir.join(CHECKSUMS)).expect("sums");
        let listed: Vec<&str> = sums
            .lines()
            .map(|line| line.split_once("  ").expect("sum line").1)
            .collect();
        let mut expected = vec!["datapackage.json", "manifest.json", "rejects.csv"];
        expected.extend(describe::FILE_NAMES);
        expected.sort();
        assert_eq!(listed, expected);
        for line in sums.lines() {
            let (digest, file) = line.split_once("  ").expect("sum line");
            assert_eq!(digest, sha256_file(&dir.join(file)).expect("hash"));
        }
    }

    #[test]
    fn download_links_point_into_the_release() {
        assert_eq!(
            release_url("https://data.example.org/bayan", "20260101T000000.000Z"),
            "https://data.example.org/bayan/releases/20260101T000000.000Z/"
        );
        assert_eq!(
            release_url("https://data.example.org/bayan/", "x"),
            "https://data.example.org/bayan/releases/x/"
        );
    }

    #[test]
    fn unfinished_builds_are_removed() {
        let out = tempfile::tempdir().expect("temp dir");
        let releases = Releases::open(out.path()).expect("open");
        let build = releases.begin(SystemTime::now()).expect("begin");
        std::fs::write(build.path().join("statements.csv"), "x").expect("data");
        symlink(Path::new("releases/x"), &out.path().join(".current-x")).expect("link");
        drop(build); // a crash: the directory stays
        assert_eq!(releases.remove_unfinished().expect("removed"), 2);
        assert!(releases.list().expect("list").is_empty());
        assert_eq!(releases.current(), None);
    }

    #[test]
    fn names_sort_by_time_then_suffix() {
        let mut names = vec![
            "20260101T000000.000Z-10".to_string(),
            "20260101T000000.000Z-2".to_string(),
            "20260101T000000.000Z".to_string(),
            "20251231T000000.000Z".to_string(),
        ];
        names.sort_by(|a, b| release_order(a).cmp(&release_order(b)));
        assert_eq!(
            names,
            [
                "20251231T000000.000Z",
                "20260101T000000.000Z",
                "20260101T000000.000Z-2",
                "20260101T000000.000Z-10"
            ]
        );
    }
}
