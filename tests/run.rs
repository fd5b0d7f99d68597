//! End-to-end tests of `bayan run`: they copy `samples/statements` into a
//! temporary directory, run the real binary over it (and over changed
//! copies), and check the releases it publishes through their
//! `manifest.json`, `SHA256SUMS` and `statements.csv`: what a second run
//! with nothing changed does, that a changed input replaces its records and
//! a removed one disappears (or stays with `--keep-removed`), the lock,
//! configuration errors, retention and `--strict`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

/// A corpus (a copy of `samples/statements`) and an output directory.
struct Site {
    _temp: TempDir,
    corpus: PathBuf,
    out: PathBuf,
}

impl Site {
    fn new() -> Site {
        let temp = tempfile::tempdir().expect("temp dir");
        let corpus = temp.path().join("corpus");
        fs::create_dir(&corpus).expect("corpus dir");
        for entry in fs::read_dir(repo_path("samples/statements")).expect("samples") {
            let entry = entry.expect("entry");
            fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
        }
        let out = temp.path().join("out");
        Site {
            _temp: temp,
            corpus,
            out,
        }
    }

    /// Runs `bayan run CORPUS --out OUT -v ARGS...`.
    fn run(&self, args: &[&str]) -> Output {
        bayan()
            .arg("run")
            .arg(&self.corpus)
            .arg("--out")
            .arg(&self.out)
            .arg("-v")
            .args(args)
            .output()
            .expect("bayan runs")
    }

    fn run_ok(&self, args: &[&str]) -> Output {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "bayan run failed\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// The directory `current` points at.
    fn current(&self) -> PathBuf {
        let link = fs::read_link(self.out.join("current")).expect("current is a symlink");
        assert!(link.is_relative(), "current is a relative link: {link:?}");
        self.out.join(link)
    }

    fn releases(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.out.join("releases"))
            .expect("releases")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn manifest(&self) -> Value {
        let text = fs::read_to_string(self.current().join("manifest.json")).expect("manifest");
        serde_json::from_str(&text).expect("manifest is JSON")
    }

    /// The `source` column of the current release's statements.
    fn statement_sources(&self) -> Vec<String> {
        let mut reader =
            csv::Reader::from_path(self.current().join("statements.csv")).expect("statements");
        let headers = reader.headers().expect("header").clone();
        let column = headers
            .iter()
            .position(|h| h == "source")
            .expect("a source column");
        reader
            .records()
            .map(|row| row.expect("row")[column].to_string())
            .collect()
    }

    /// The `title` column of the current release's statements.
    fn titles(&self) -> Vec<String> {
        let mut reader =
            csv::Reader::from_path(self.current().join("statements.csv")).expect("statements");
        let headers = reader.headers().expect("header").clone();
        let column = headers
            .iter()
            .position(|h| h == "title")
            .expect("a title column");
        reader
            .records()
            .map(|row| row.expect("row")[column].to_string())
            .collect()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file of release `dir` but the two that describe the run, by name.
fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("release")
        .map(|e| e.expect("entry"))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "manifest.json" && name != "SHA256SUMS")
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("file");
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_second_run_with_nothing_changed_parses_nothing() {
    let site = Site::new();
    let started = Instant::now();
    site.run_ok(&[]);
    let first_seconds = started.elapsed();
    let first = site.current();
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["seen"], 12);
    assert_eq!(manifest["inputs"]["added"], 12);
    assert_eq!(manifest["inputs"]["parsed"], 12);
    assert_eq!(manifest["records"]["statements"], 12);
    assert_eq!(manifest["rows"]["statements.csv"], 12);
    let output = bayan()
        .arg("validate")
        .arg(&site.out)
        .output()
        .expect("bayan validate runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let started = Instant::now();
    let output = site.run_ok(&[]);
    let second_seconds = started.elapsed();
    assert!(
        stderr(&output).contains("nothing changed since release"),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.current(), first, "no new release");
    assert_eq!(site.releases().len(), 1);
    assert!(
        second_seconds < first_seconds,
        "second run {second_seconds:?}, first {first_seconds:?}"
    );

    // Forced, it builds a release from the cache: nothing parsed, the data
    // files byte for byte those of the first release.
    site.run_ok(&["--force"]);
    assert_ne!(site.current(), first);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["unchanged"], 12);
    assert_eq!(manifest["inputs"]["parsed"], 0);
    assert_eq!(manifest["seconds"]["parse"], 0.0);
    assert_eq!(manifest["records"]["statements"], 12);
    assert_eq!(data_files(&site.current()), data_files(&first));
    let sums = fs::read_to_string(site.current().join("SHA256SUMS")).expect("sums");
    assert!(sums.contains("  manifest.json\n"), "{sums}");
}

/// A JSON Lines input over 9 MiB (larger than a run reads with other
/// inputs): `lines` statements, one in five with a body, the others
/// rejected as empty, each line padded with a field bayan does not read.
fn write_large_jsonl(path: &Path, lines: usize) {
    let padding = "x".repeat(9 * 1024);
    let mut text = String::new();
    for n in 0..lines {
        let body = if n % 5 == 0 {
            format!("Statement number {n} on the cooperation of Kenya and Peru, signed in Lima.")
        } else {
            String::new()
        };
        let line =
            serde_json::json!({"title": format!("Line {n}"), "text": body, "padding": padding});
        text.push_str(&line.to_string());
        text.push('\n');
    }
    assert!(text.len() > 9 * 1024 * 1024);
    fs::write(path, text).expect("write the large input");
}

#[test]
fn a_large_input_is_cached_in_chunks_and_matches_an_export() {
    let site = Site::new();
    write_large_jsonl(&site.corpus.join("large.jsonl"), 1_100);
    site.run_ok(&[]);
    let first = site.current();
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["parsed"], 13);
    assert_eq!(record_counts(&manifest).0, 12 + 1_100);

    // The same data as an export of the same inputs.
    let exported = site.out.parent().expect("parent").join("exported");
    let output = bayan()
        .arg("export")
        .arg(&site.corpus)
        .arg("--out")
        .arg(&exported)
        .arg("--quiet")
        .output()
        .expect("bayan export runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for (name, bytes) in data_files(&first) {
        if name.ends_with(".csv") {
            let export = fs::read(exported.join(&name)).expect("exported file");
            assert!(bytes == export, "{name} differs from the export");
        }
    }

    // From the cache, chunk by chunk: nothing parsed, the same files.
    site.run_ok(&["--force"]);
    assert_eq!(site.manifest()["inputs"]["parsed"], 0);
    assert_eq!(record_counts(&site.manifest()), record_counts(&manifest));
    assert_eq!(data_files(&site.current()), data_files(&first));

    // A changed large input replaces all its chunks: fewer lines leave
    // none of the old ones behind.
    write_large_jsonl(&site.corpus.join("large.jsonl"), 1_050);
    site.run_ok(&[]);
    assert_eq!(site.manifest()["inputs"]["parsed"], 1);
    assert_eq!(record_counts(&site.manifest()).0, 12 + 1_050);
    site.run_ok(&["--force"]);
    assert_eq!(site.manifest()["inputs"]["parsed"], 0);
    assert_eq!(record_counts(&site.manifest()).0, 12 + 1_050);
}

/// `seen`, `statements + rejects` and `other_shards` of the current
/// release's manifest.
fn record_counts(manifest: &Value) -> (u64, u64, u64) {
    let records = &manifest["records"];
    let count = |key: &str| {
        records[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key}: {records}"))
    };
    (
        count("seen"),
        count("statements") + count("rejects"),
        count("other_shards"),
    )
}

#[test]
fn a_sharded_run_counts_every_record_also_from_its_cache() {
    let site = Site::new();
    let lines: Vec<String> = (1..=6)
        .map(|n| {
            serde_json::json!({
                "title": format!("Statement {n} on the talks"),
                "body": format!("Paragraph of statement {n}, different from the others."),
            })
            .to_string()
        })
        .collect();
    fs::write(site.corpus.join("feed.jsonl"), lines.join("\n") + "\n").expect("feed");
    // 12 sample statements and 6 lines.
    let all_records = 18;

    site.run_ok(&["--shard", "1/2"]);
    let (seen, written, other_shards) = record_counts(&site.manifest());
    assert_eq!(seen, written, "seen = statements + rejects");
    assert_eq!(seen + other_shards, all_records);
    assert!(
        seen > 0 && other_shards > 0,
        "{seen} kept, {other_shards} held back"
    );

    // From the cache, nothing read: the same counts.
    site.run_ok(&["--shard", "1/2", "--force"]);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["parsed"], 0);
    assert_eq!(record_counts(&manifest), (seen, written, other_shards));
}

#[test]
fn a_touched_but_unchanged_input_is_not_parsed() {
    let site = Site::new();
    site.run_ok(&[]);
    let path = site.corpus.join("fr_declaration_sahel.txt");
    let text = fs::read(&path).expect("read");
    fs::write(&path, text).expect("rewrite the same bytes");
    site.run_ok(&["--force"]);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["unchanged"], 12);
    assert_eq!(manifest["inputs"]["parsed"], 0);
}

#[test]
fn a_changed_input_replaces_its_records() {
    let site = Site::new();
    site.run_ok(&[]);
    let path = site.corpus.join("en_readout_call_kenya.txt");
    let text = fs::read_to_string(&path).expect("read");
    let (old_title, rest) = text.split_once('\n').expect("a title line");
    fs::write(
        &path,
        format!("Readout of a Call About Rain Gauges\n{rest}"),
    )
    .expect("write");

    site.run_ok(&[]);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["changed"], 1);
    assert_eq!(manifest["inputs"]["unchanged"], 11);
    assert_eq!(manifest["inputs"]["parsed"], 1);
    assert_eq!(manifest["records"]["statements"], 12);
    let titles = site.titles();
    assert!(
        titles
            .iter()
            .any(|t| t == "Readout of a Call About Rain Gauges")
    );
    assert!(
        !titles.iter().any(|t| t == old_title),
        "{old_title} is gone"
    );
}

#[test]
fn a_removed_input_disappears_unless_kept() {
    let site = Site::new();
    site.run_ok(&[]);
    fs::remove_file(site.corpus.join("ru_zayavlenie_arctic.txt")).expect("remove");

    // Kept, its records make the same data: no new release is needed.
    let output = site.run_ok(&["--keep-removed"]);
    assert!(
        stderr(&output).contains("nothing changed since release"),
        "{}",
        stderr(&output)
    );
    site.run_ok(&["--keep-removed", "--force"]);
    let manifest = site.manifest();
    assert_eq!(manifest["records"]["statements"], 12);
    assert_eq!(manifest["inputs"]["seen"], 11);
    assert_eq!(manifest["inputs"]["removed"], 1);
    assert_eq!(manifest["inputs"]["kept_removed"], 1);
    assert_eq!(manifest["inputs"]["parsed"], 0);
    assert!(
        site.statement_sources()
            .contains(&"ru_zayavlenie_arctic.txt".to_string())
    );

    site.run_ok(&[]);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["removed"], 1);
    assert_eq!(manifest["inputs"]["kept_removed"], 0);
    assert_eq!(manifest["records"]["statements"], 11);
    assert!(
        !site
            .statement_sources()
            .contains(&"ru_zayavlenie_arctic.txt".to_string())
    );

    // Forgotten for good: keeping removed inputs now brings nothing back.
    site.run_ok(&["--keep-removed", "--force"]);
    assert_eq!(site.manifest()["records"]["statements"], 11);
}

/// Starts a run that stops at `point` and returns once it has.
fn paused_run(site: &Site, point: &str) -> Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("bayan"))
        .arg("run")
        .arg(&site.corpus)
        .arg("--out")
        .arg(&site.out)
        .env("BAYAN_TEST_PAUSE_AT", point)
        .env("BAYAN_TEST_PAUSE_SECS", "30")
        .stderr(Stdio::piped())
        .spawn()
        .expect("bayan starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stderr), &mut line).expect("line");
    assert!(line.contains(&format!("paused at {point}")), "{line}");
    child
}

#[test]
fn a_second_run_is_refused_at_once_while_one_holds_the_lock() {
    let site = Site::new();
    let mut first = paused_run(&site, "locked");
    let started = Instant::now();
    let output = site.run(&[]);
    assert!(started.elapsed() < Duration::from_secs(5), "did not wait");
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("locked by another bayan run (pid {}", first.id())),
        "{message}"
    );
    first.kill().expect("kill");
    first.wait().expect("reaped");

    // The killed holder's lock is gone with it; its text marks it.
    let output = site.run_ok(&[]);
    assert!(
        stderr(&output).contains(&format!("the previous run (pid {}", first.id())),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.manifest()["records"]["statements"], 12);
}

#[test]
fn a_damaged_state_store_is_set_aside_and_rebuilt() {
    let site = Site::new();
    site.run_ok(&[]);
    let store = site.out.join("state/bayan.redb");
    let mut bytes = fs::read(&store).expect("state store");
    let middle = bytes.len() / 2;
    let end = (middle + 16384).min(bytes.len());
    bytes[middle..end].fill(0xAB);
    fs::write(&store, bytes).expect("damaged");

    let output = site.run_ok(&["--force"]);
    assert!(stderr(&output).contains("damaged"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(site.manifest()["records"]["statements"], 12);
    let aside = fs::read_dir(site.out.join("state"))
        .expect("state dir")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            name.to_string_lossy().starts_with("bayan.redb.broken-")
        })
        .count();
    assert_eq!(aside, 1);
    // Damage found on opening the store is rebuilt by the same run; damage
    // met only while reading cached records (where an optimised build of
    // redb may first notice it) stops the use of the cache, and the next
    // run rebuilds the store. Either way a rebuilt store then serves.
    site.run_ok(&["--force"]);
    if site.manifest()["inputs"]["parsed"] != 0 {
        assert_eq!(site.manifest()["inputs"]["parsed"], 12);
        site.run_ok(&["--force"]);
    }
    assert_eq!(site.manifest()["inputs"]["parsed"], 0);
}

#[test]
fn retention_keeps_the_newest_releases() {
    let site = Site::new();
    for _ in 0..4 {
        site.run_ok(&["--force", "--keep", "2"]);
    }
    let releases = site.releases();
    assert_eq!(releases.len(), 2, "{releases:?}");
    let current = site.current();
    assert_eq!(
        current.file_name().expect("name").to_string_lossy(),
        releases[1]
    );
}

#[test]
fn strict_publishes_nothing_when_an_input_is_rejected() {
    let site = Site::new();
    site.run_ok(&[]);
    let before = site.current();
    fs::write(site.corpus.join("empty.txt"), "  \n").expect("write");
    let output = site.run(&["--strict"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(site.current(), before);
    assert_eq!(site.releases().len(), 1, "no release, no leftover build");
    // Without --strict the reject is a row of rejects.csv.
    site.run_ok(&[]);
    assert_eq!(site.manifest()["records"]["rejects"], 1);
}

#[test]
fn the_configuration_file_drives_the_run_and_the_command_line_wins() {
    let site = Site::new();
    let config = site.corpus.parent().expect("parent").join("bayan.toml");
    fs::write(
        &config,
        "# relative to this file\ninputs = [\"corpus\"]\nout = \"configured\"\n\
         formats = [\"csv\"]\nname = \"sample-statements\"\nlicence = \"CC0-1.0\"\nkeep = 3\n\
         download_base = \"https://data.example.org/bayan\"\n",
    )
    .expect("config");
    let output = bayan()
        .arg("run")
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&site.out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let files: Vec<String> = data_files(&site.current())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert!(files.contains(&"statements.csv".to_string()));
    assert!(
        !files.contains(&"statements.parquet".to_string()),
        "{files:?}"
    );
    let package: Value = serde_json::from_slice(
        &fs::read(site.current().join("datapackage.json")).expect("datapackage"),
    )
    .expect("json");
    assert_eq!(package["name"], "sample-statements");
    let release = site.current();
    let name = release.file_name().expect("name").to_string_lossy();
    let catalog = fs::read_to_string(release.join("catalog.jsonld")).expect("catalog");
    let link = format!("https://data.example.org/bayan/releases/{name}/statements.csv");
    assert!(catalog.contains(&link), "{link} in {catalog}");
    assert!(!config.with_file_name("configured").exists(), "--out won");
}

#[test]
fn configuration_errors_name_the_line_and_exit_2() {
    let site = Site::new();
    let config = site.corpus.parent().expect("parent").join("bayan.toml");
    let cases = [
        (
            "out = \"o\"\n\nformts = [\"csv\"]\n",
            "line 3: unknown key `formts`",
        ),
        (
            "out = \"o\"\nkeep = -1\n",
            "line 2: `keep`: must be at least 1",
        ),
        (
            "formats = [\"csv\", \"xml\"]\n",
            "line 1: `formats`: unknown format \"xml\"",
        ),
        ("name = \"\"\n", "line 1: `name`: is empty"),
    ];
    for (text, expected) in cases {
        fs::write(&config, text).expect("config");
        let output = bayan()
            .arg("run")
            .arg("--config")
            .arg(&config)
            .arg(&site.corpus)
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{text:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{text:?}: {}",
            stderr(&output)
        );
    }
    assert!(!site.out.exists(), "nothing was done");
}

#[test]
fn json_logs_are_one_object_per_line() {
    let site = Site::new();
    let output = site.run_ok(&["--log-format", "json"]);
    let text = stderr(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        let event: Value = serde_json::from_str(line).expect("a JSON log line");
        assert!(event["level"].is_string(), "{line}");
    }
}

#[test]
fn changing_a_read_option_reads_every_input_again() {
    let site = Site::new();
    let feed = site.corpus.join("zz_cms_export.jsonl");
    fs::write(
        &feed,
        "{\"title\": \"Statement on Rain Gauges\", \"story\": {\"text\": \"The ministry \
         welcomes the rain gauges installed on 3 March 2024 in Nairobi.\"}}\n",
    )
    .expect("write the feed");
    site.run_ok(&[]);
    let first = site.current();
    assert_eq!(site.manifest()["inputs"]["parsed"], 13);
    assert!(
        !site
            .titles()
            .iter()
            .any(|t| t == "Statement on Rain Gauges"),
        "without --map the object has no body"
    );

    // The same inputs with a --map: the cached records were made without
    // it, so every input is read again and a new release is made.
    let output = site.run_ok(&["--map", "body=story.text"]);
    assert!(
        stderr(&output).contains("every input is read again"),
        "{}",
        stderr(&output)
    );
    assert_ne!(site.current(), first);
    let manifest = site.manifest();
    assert_eq!(manifest["inputs"]["parsed"], 13);
    assert_eq!(manifest["records"]["statements"], 13);
    assert!(
        site.titles()
            .iter()
            .any(|t| t == "Statement on Rain Gauges")
    );

    // Another limit is another cache too.
    let output = site.run_ok(&["--map", "body=story.text", "--max-record-bytes", "100"]);
    assert!(stderr(&output).contains("every input is read again"));
    assert_eq!(site.manifest()["inputs"]["parsed"], 13);
    assert!(
        !site
            .titles()
            .iter()
            .any(|t| t == "Statement on Rain Gauges")
    );
}
