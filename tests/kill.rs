//! The kill test: `bayan run` is killed with SIGKILL at many points of a run
//! over a corpus, and after every kill the published data must still be a
//! complete, valid release, and the next run must succeed and publish
//! exactly what an uninterrupted run publishes.
//!
//! The corpus is `samples/statements` plus 200 short statements generated
//! here. It has two versions, A and B (B changes 20 statements, removes 5
//! and adds 5), and each case switches the corpus to the other version, so
//! that every killed run has real work to do. Reference releases of A and B
//! come from clean runs into fresh directories.
//!
//! Most kills land exactly at a named point of the run, using the test hook
//! `BAYAN_TEST_PAUSE_AT` (see `publish::release::pause_point`): the binary
//! prints `paused at POINT` and sleeps, and the test kills it then. The
//! others land after a delay spread over a run's measured duration.
//!
//! "Valid" means: every file listed in `SHA256SUMS` with its checksum and
//! nothing unlisted, the manifest's counts equal to the CSV files' rows,
//! and data files byte for byte those of a reference release, which
//! `bayan validate` checked (schemas, keys, counts) once.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Named points of a run where a kill is landed (see `pipeline::run` and
/// `publish::release`).
const POINTS: [&str; 16] = [
    "locked",
    "scanned",
    "input:1",
    "input:12",
    "input:50",
    "input:100",
    "input:150",
    "input:200",
    "written",
    "built:datapackage.json",
    "built:manifest.json",
    "synced",
    "renamed",
    "linked",
    "swapped",
    "committed",
];

/// Points at which the very first run into an empty directory is killed.
const FIRST_RUN_POINTS: [&str; 2] = ["input:100", "swapped"];

/// Fractions of a run's duration after which a run is killed.
const DELAYS: [f64; 4] = [0.1, 0.35, 0.6, 0.85];

/// Number of generated statements.
const GENERATED: usize = 200;

const REGIONS: [&str; 8] = [
    "the northern valleys",
    "the coastal provinces",
    "the river delta",
    "the eastern highlands",
    "the southern plains",
    "the border districts",
    "the capital region",
    "the island communities",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A generated statement; `revision` 1 is the changed text of version B.
fn statement(number: usize, revision: u32) -> String {
    let region = REGIONS[number % REGIONS.len()];
    let month = MONTHS[number % MONTHS.len()];
    let day = number % 27 + 1;
    let millions = number * 3 + 5 + revision as usize * 100;
    let title = if revision == 0 {
        format!("Statement on Water Programme Number {number}")
    } else {
        format!("Revised Statement on Water Programme Number {number}")
    };
    format!(
        "{title}\n\nOffice of the Spokesperson\n{month} {day}, 2024\n\n\
         The ministry announced today a grant of ${millions} million for clean water in \
         {region}. The programme will build wells and repair pipes in {count} villages \
         before the end of the year.\n\n\
         Officials will report on the progress of programme {number} every quarter, and \
         the first report is due on {month} {day}, 2025.\n",
        count = number % 40 + 10,
    )
}

/// The two versions of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    A,
    B,
}

/// The generated files of a version: name → text.
fn generated(version: Version) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for number in 0..GENERATED + 5 {
        let name = format!("gen_{number:03}.txt");
        let text = match version {
            Version::A if number < GENERATED => statement(number, 0),
            Version::B if number < GENERATED - 5 && number % 10 == 0 => statement(number, 1),
            Version::B if !(GENERATED - 5..GENERATED).contains(&number) => statement(number, 0),
            _ => continue,
        };
        files.insert(name, text);
    }
    files
}

/// Makes `dir` hold `version` of the corpus, writing only what differs.
fn switch_corpus(dir: &Path, version: Version) {
    let files = generated(version);
    for entry in fs::read_dir(dir).expect("corpus") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("gen_") && !files.contains_key(&name) {
            fs::remove_file(dir.join(&name)).expect("remove");
        }
    }
    for (name, text) in files {
        let path = dir.join(&name);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).expect("write");
        }
    }
}

fn bayan(corpus: &Path, out: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("bayan"));
    command.arg("run").arg(corpus).arg("--out").arg(out);
    command
}

/// Runs to the end; returns how long it took.
fn run_through(corpus: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let output = bayan(corpus, out).output().expect("bayan runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "an uninterrupted run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// Runs until `point`, then kills the process there.
fn kill_at_point(corpus: &Path, out: &Path, point: &str) {
    let mut child = bayan(corpus, out)
        .env("BAYAN_TEST_PAUSE_AT", point)
        .env("BAYAN_TEST_PAUSE_SECS", "60")
        .stderr(Stdio::piped())
        .spawn()
        .expect("bayan starts");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = Vec::new();
    let mut paused = false;
    for line in stderr.lines() {
        let line = line.expect("stderr line");
        if line.contains(&format!("paused at {point}")) {
            paused = true;
            break;
        }
        seen.push(line);
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert!(paused, "the run never reached {point}: {seen:?}");
}

/// Runs for `delay`, then kills the process wherever it is (it may have
/// finished by then).
fn kill_after(corpus: &Path, out: &Path, delay: Duration) {
    let mut child = bayan(corpus, out)
        .stderr(Stdio::null())
        .spawn()
        .expect("bayan starts");
    std::thread::sleep(delay);
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
}

/// The data files of a release: every file but `manifest.json` and
/// `SHA256SUMS`, which describe the run rather than the data.
type DataFiles = BTreeMap<String, Vec<u8>>;

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks the release `current` points at, if any, and returns its data
/// files: every file is listed in `SHA256SUMS` with its checksum, nothing
/// else is in the directory, and the manifest's counts match the tables.
fn current_release(out: &Path) -> Option<DataFiles> {
    let link = fs::read_link(out.join("current")).ok()?;
    let dir = out.join(&link);
    let sums = fs::read_to_string(dir.join("SHA256SUMS"))
        .unwrap_or_else(|e| panic!("{} has no SHA256SUMS: {e}", dir.display()));
    let mut files = BTreeMap::new();
    for line in sums.lines() {
        let (digest, name) = line.split_once("  ").expect("a sha256sum line");
        let bytes = fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} is listed: {e}"));
        assert_eq!(hex_sha256(&bytes), digest, "{name} matches its checksum");
        files.insert(name.to_string(), bytes);
    }
    let mut present: Vec<String> = fs::read_dir(&dir)
        .expect("release")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "SHA256SUMS")
        .collect();
    present.sort();
    let listed: Vec<String> = files.keys().cloned().collect();
    assert_eq!(present, listed, "every file of {link:?} is listed");

    let manifest: Value =
        serde_json::from_slice(&files["manifest.json"]).expect("manifest.json is JSON");
    let records = &manifest["records"];
    assert_eq!(
        records["seen"].as_u64(),
        Some(
            records["statements"].as_u64().unwrap_or(0) + records["rejects"].as_u64().unwrap_or(0)
        ),
        "seen = statements + rejects"
    );
    for (name, rows) in manifest["rows"].as_object().expect("rows") {
        if let Some(bytes) = name.ends_with(".csv").then(|| &files[name]) {
            let count = csv::Reader::from_reader(bytes.as_slice()).records().count();
            assert_eq!(Some(count as u64), rows.as_u64(), "rows of {name}");
        }
    }
    assert_eq!(manifest["rows"]["statements.csv"], records["statements"]);
    assert_eq!(manifest["rows"]["rejects.csv"], records["rejects"]);
    files.remove("manifest.json");
    Some(files)
}

/// `bayan validate` finds nothing wrong with the release `current` points
/// at: checksums, schemas, keys, and the counts the manifest states.
fn assert_validates(out: &Path, case: &str) {
    let output = Command::new(assert_cmd::cargo::cargo_bin!("bayan"))
        .arg("validate")
        .arg(out)
        .output()
        .expect("bayan validate runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{case}: bayan validate: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A published release is one of the references, whole.
fn assert_one_of(out: &Path, references: &[&DataFiles], case: &str) {
    if let Some(files) = current_release(out) {
        assert!(
            references.iter().any(|reference| **reference == files),
            "{case}: current is a release of neither version"
        );
    }
}

fn assert_converged(out: &Path, reference: &DataFiles, case: &str) {
    let files = current_release(out).unwrap_or_else(|| panic!("{case}: no current release"));
    assert!(files == *reference, "{case}: the next run did not converge");
    let leftovers: Vec<String> = fs::read_dir(out.join("releases"))
        .expect("releases")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{case}: left over {leftovers:?}");
}

#[test]
fn killed_runs_never_publish_a_broken_release_and_the_next_run_converges() {
    let temp = tempfile::tempdir().expect("temp dir");
    let corpus = temp.path().join("corpus");
    fs::create_dir(&corpus).expect("corpus");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/statements");
    for entry in fs::read_dir(samples).expect("samples") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
    }

    let reference = |version: Version, name: &str| -> DataFiles {
        switch_corpus(&corpus, version);
        let out = temp.path().join(name);
        run_through(&corpus, &out);
        assert_validates(&out, name);
        current_release(&out).expect("a reference release")
    };
    let version_a = reference(Version::A, "reference-a");
    let version_b = reference(Version::B, "reference-b");
    assert_ne!(version_a, version_b);
    let reference_of = |version| match version {
        Version::A => &version_a,
        Version::B => &version_b,
    };
    let mut kills = 0;

    // The very first run, into an empty directory.
    for point in FIRST_RUN_POINTS {
        let out: PathBuf = temp
            .path()
            .join(format!("first-{}", point.replace(':', "-")));
        kill_at_point(&corpus, &out, point);
        kills += 1;
        assert_one_of(&out, &[&version_b], point);
        run_through(&corpus, &out);
        assert_converged(&out, &version_b, point);
    }

    // Later runs, each over the other version of the corpus.
    let out = temp.path().join("out");
    run_through(&corpus, &out);
    let mut version = Version::B;
    let mut next_version = || {
        version = if version == Version::A {
            Version::B
        } else {
            Version::A
        };
        switch_corpus(&corpus, version);
        version
    };
    let mut run_seconds = Duration::ZERO;
    for point in POINTS {
        let target = next_version();
        kill_at_point(&corpus, &out, point);
        kills += 1;
        assert_one_of(&out, &[&version_a, &version_b], point);
        run_seconds = run_seconds.max(run_through(&corpus, &out));
        assert_converged(&out, reference_of(target), point);
    }
    for fraction in DELAYS {
        let target = next_version();
        let delay = run_seconds.mul_f64(fraction);
        let case = format!("after {delay:?}");
        kill_after(&corpus, &out, delay);
        kills += 1;
        assert_one_of(&out, &[&version_a, &version_b], &case);
        run_through(&corpus, &out);
        assert_converged(&out, reference_of(target), &case);
    }
    assert!(kills >= 20, "{kills} kills");
    assert_validates(&out, "the last run");
}
