//! Written files → a published dataset directory.
//!
//! Files are written into a staging directory beside their final place
//! (inside the output directory, so a rename never crosses file systems).
//! Publishing adds `datapackage.json` and `SHA256SUMS`, syncs, and renames
//! each file to its final name, data files first and `SHA256SUMS` last: a
//! crash at any point leaves only complete files under final names, and a
//! checksum list that matches what it lists.

pub mod card;
pub mod csvw;
pub mod datapackage;
pub mod dcat;
pub mod describe;
pub mod landing;
pub mod lock;
pub mod manifest;
pub mod release;
pub mod remote;
pub mod state;
pub mod validate;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::write::WrittenFile;
use crate::write::csv::FormulaRule;
use manifest::RecordCounts;

/// What the files describing a dataset say about its data files beyond
/// their bytes.
#[derive(Debug, Clone, Copy)]
pub struct DataFacts<'a> {
    /// The data files, as the writers reported them.
    pub files: &'a [WrittenFile],
    /// How the CSV files write text a spreadsheet would run.
    pub csv_formulas: FormulaRule,
    /// The records that went into them, checked to add up.
    pub records: RecordCounts,
}

/// Facts about the dataset as a whole, for `datapackage.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInfo {
    /// Machine name: lowercase letters, digits, `-`, `.`, `_`.
    pub name: String,
    pub title: String,
    pub description: String,
    /// SPDX identifier of the data licence.
    pub license: String,
    /// The licence's full name as SPDX gives it, when known.
    pub license_title: Option<String>,
}

impl Default for PackageInfo {
    fn default() -> Self {
        PackageInfo {
            name: "bayan-statements".to_string(),
            title: "Government press statements".to_string(),
            description: "Government press statements with the places, people, \
                          organisations, money amounts and dates they mention, \
                          exported by bayan."
                .to_string(),
            license: "CC0-1.0".to_string(),
            license_title: Some("Creative Commons Zero v1.0 Universal".to_string()),
        }
    }
}

/// A directory where a dataset is being written before it is published.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
}

impl Staging {
    /// Creates `out` if needed and a fresh staging directory inside it.
    pub fn create(out: &Path) -> anyhow::Result<Staging> {
        crate::permissions::create_published_dir_all(out).with_context(|| {
            format!(
                "cannot create the output directory {}; check the path and permissions",
                out.display()
            )
        })?;
        // Private while written; the files are published one by one.
        let dir = crate::permissions::StagingDir::create(out, ".bayan-staging-")
            .with_context(|| {
                format!(
                    "cannot write into {}; check that it is writable",
                    out.display()
                )
            })?
            .path;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Adds the package descriptor and checksums, then moves every file to
    /// its final name.
    pub fn publish(self, data: &DataFacts, package: &PackageInfo) -> anyhow::Result<()> {
        let files = data.files;
        let _digests = DigestMemo::start(&self.dir, files);
        let descriptor = datapackage::datapackage(&self.dir, data, package)?;
        let mut text = serde_json::to_string_pretty(&descriptor)?;
        text.push('\n');
        write_synced(&self.dir.join(datapackage::FILE_NAME), text.as_bytes())?;
        let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        names.push(datapackage::FILE_NAME.to_string());
        let description = describe::Describe {
            data: *data,
            package,
            publisher: None,
            download_base: None,
            has_manifest: false,
        };
        names.extend(describe::describe(&self.dir, &description)?);
        names.sort();
        let sums = checksums(&self.dir, &names)?;
        write_synced(&self.dir.join("SHA256SUMS"), sums.as_bytes())?;
        names.push("SHA256SUMS".to_string());
        let previous = previously_published(&self.out);
        for name in &names {
            create_parent(&self.out, name)?;
            fs::rename(self.dir.join(name), self.out.join(name))
                .with_context(|| format!("cannot move {name} into {}", self.out.display()))?;
        }
        remove_stale(&self.out, &previous, &names)?;
        sync_dir(&self.out)?;
        // Empty partition directories are all that is left.
        fs::remove_dir_all(&self.dir)
            .with_context(|| format!("cannot remove {}", self.dir.display()))?;
        Ok(())
    }
}

/// The directories of a partitioned file (`statements/year=2021/...`)
/// inside `out`, made before the file is moved there.
fn create_parent(out: &Path, name: &str) -> anyhow::Result<()> {
    match Path::new(name).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => fs::create_dir_all(out.join(parent))
            .with_context(|| format!("cannot create {} in {}", parent.display(), out.display())),
        _ => Ok(()),
    }
}

/// The files an earlier export published into `out`, as its `SHA256SUMS`
/// lists them (plus that file itself). Only plain file names and relative
/// paths down into `out` count: a line naming a path elsewhere is never
/// trusted.
fn previously_published(out: &Path) -> Vec<String> {
    let Ok(sums) = fs::read_to_string(out.join("SHA256SUMS")) else {
        return Vec::new();
    };
    sums.lines()
        .filter_map(|line| line.split_once("  ").map(|(_, name)| name))
        .filter(|name| is_plain_file_name(name))
        .map(str::to_string)
        .collect()
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Removes what an earlier export published and this one did not (a format
/// no longer asked for), so `out` holds exactly what its new `SHA256SUMS`
/// lists. Files bayan never listed are left alone.
fn remove_stale(out: &Path, previous: &[String], current: &[String]) -> anyhow::Result<()> {
    for name in previous.iter().filter(|name| !current.contains(name)) {
        match fs::remove_file(out.join(name)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| {
                    format!("cannot remove {name}, left from the previous export")
                });
            }
            _ => {}
        }
        // A partition that is gone leaves no empty directory behind; one
        // that still holds anything stays (remove_dir fails on it).
        for parent in Path::new(name).ancestors().skip(1) {
            if parent.as_os_str().is_empty() || fs::remove_dir(out.join(parent)).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// `sha256sum -c` lines for `names` inside `dir`.
fn checksums(dir: &Path, names: &[String]) -> anyhow::Result<String> {
    let mut out = String::new();
    for name in names {
        let digest = sha256_file(&dir.join(name))?;
        out.push_str(&format!("{digest}  {name}\n"));
    }
    Ok(out)
}

thread_local! {
    /// The digests [`sha256_file`] has computed on this thread while a
    /// [`DigestMemo`] is alive.
    static DIGESTS: RefCell<Option<HashMap<PathBuf, String>>> = const { RefCell::new(None) };
}

/// While it lives, [`sha256_file`] on this thread reads each file once.
/// Publishing names every data file's digest three times (in
/// `datapackage.json`, the catalogue and `SHA256SUMS`), and reading a
/// release of 100,000 statements (2 GB) three times over took longer than
/// writing it. Only for files that no longer change once hashed: the
/// staging directory of a release being published.
pub struct DigestMemo(());

impl DigestMemo {
    /// Starts remembering the digests of the data files: those their
    /// writers computed as they wrote them (see
    /// [`crate::write::output::OutputFile`]), and those of the others,
    /// read at once on every core (a file that cannot be read is left for
    /// the caller of [`sha256_file`] to report).
    pub fn start(dir: &Path, files: &[WrittenFile]) -> DigestMemo {
        let (known, unknown): (Vec<&WrittenFile>, Vec<&WrittenFile>) =
            files.iter().partition(|file| file.sha256.is_some());
        let mut digests: HashMap<PathBuf, String> = unknown
            .into_par_iter()
            .filter_map(|file| {
                let path = dir.join(&file.name);
                read_digest(&path).ok().map(|digest| (path, digest))
            })
            .collect();
        for file in known {
            if let Some(digest) = &file.sha256 {
                digests.insert(dir.join(&file.name), digest.clone());
            }
        }
        DIGESTS.with(|memo| *memo.borrow_mut() = Some(digests));
        DigestMemo(())
    }
}

impl Drop for DigestMemo {
    fn drop(&mut self) {
        DIGESTS.with(|memo| *memo.borrow_mut() = None);
    }
}

/// Hex SHA-256 of a file, read in chunks (once while a [`DigestMemo`]
/// lives).
pub fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let remembered = DIGESTS.with(|memo| memo.borrow().as_ref()?.get(path).cloned());
    if let Some(digest) = remembered {
        return Ok(digest);
    }
    let digest = read_digest(path)?;
    DIGESTS.with(|memo| {
        if let Some(digests) = memo.borrow_mut().as_mut() {
            digests.insert(path.to_path_buf(), digest.clone());
        }
    });
    Ok(digest)
}

fn read_digest(path: &Path) -> anyhow::Result<String> {
    let mut file =
        fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(crate::write::output::hex(&hasher.finalize()))
}

/// Writes `bytes` to `path` and syncs it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let write = || -> std::io::Result<()> {
        let mut file = crate::permissions::create_published_file(path)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()
    };
    write().with_context(|| format!("cannot write {}", path.display()))
}

fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::WriteOptions;
    use crate::write::test_records::{data_facts, write_all};

    /// Writes the test records through a staging directory into `out`.
    fn publish_into(out: &Path) -> Vec<WrittenFile> {
        let staging = Staging::create(out).expect("staging");
        let files = write_all(staging.path(), &WriteOptions::default());
        staging
            .publish(&data_facts(&files), &PackageInfo::default())
            .expect("published");
        files
    }

    #[test]
    fn files_of_the_previous_export_that_are_not_written_again_go() {
        let out = tempfile::tempdir().expect("temp dir");
        publish_into(out.path());
        fs::write(out.path().join("notes.txt"), "mine").expect("user file");
        let staging = Staging::create(out.path()).expect("staging");
        let options = WriteOptions {
            formats: vec![crate::write::Format::Csv],
            ..WriteOptions::default()
        };
        let files = write_all(staging.path(), &options);
        staging
            .publish(&data_facts(&files), &PackageInfo::default())
            .expect("published");
        assert!(!out.path().join("statements.parquet").exists());
        assert!(!out.path().join("statements.jsonld").exists());
        assert!(out.path().join("statements.csv").exists());
        assert!(out.path().join("notes.txt").exists(), "not bayan's file");
    }

    #[test]
    fn a_checksum_line_naming_a_path_elsewhere_is_not_trusted() {
        assert!(is_plain_file_name("statements.csv"));
        assert!(is_plain_file_name("statements/year=2021/part-0.parquet"));
        assert!(!is_plain_file_name("../etc/passwd"));
        assert!(!is_plain_file_name("statements/../../x"));
        assert!(!is_plain_file_name("/etc/passwd"));
        assert!(!is_plain_file_name(".."));
        assert!(!is_plain_file_name("a\\b"));
    }

    #[test]
    fn checksums_cover_every_file_and_the_descriptor() {
        let out = tempfile::tempdir().expect("temp dir");
        let files = publish_into(out.path());
        let sums = fs::read_to_string(out.path().join("SHA256SUMS")).expect("SHA256SUMS");
        let mut listed: Vec<&str> = Vec::new();
        for line in sums.lines() {
            let (digest, name) = line.split_once("  ").expect("sha256sum line");
            assert_eq!(digest, sha256_file(&out.path().join(name)).expect("hash"));
            listed.push(name);
        }
        let mut expected: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        expected.push(datapackage::FILE_NAME);
        expected.extend(describe::FILE_NAMES);
        expected.sort();
        assert_eq!(listed, expected);

        let mut present: Vec<String> = fs::read_dir(out.path())
            .expect("out")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        present.sort();
        let mut all: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        all.push("SHA256SUMS".to_string());
        all.sort();
        assert_eq!(present, all, "nothing but the release, no staging left");
    }

    #[test]
    fn the_same_records_publish_the_same_bytes() {
        let first = tempfile::tempdir().expect("temp dir");
        let second = tempfile::tempdir().expect("temp dir");
        publish_into(first.path());
        publish_into(second.path());
        for name in [datapackage::FILE_NAME, "SHA256SUMS"] {
            let a = fs::read(first.path().join(name)).expect("first");
            let b = fs::read(second.path().join(name)).expect("second");
            assert!(a == b, "{name} differs between two runs");
        }
    }
}
