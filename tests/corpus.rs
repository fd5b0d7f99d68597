//! Nothing lost, over the whole real corpus: the real binary exports every
//! file of `../shared/corpus` (JSON Lines, RSS, Markdown, HTML, XML, text,
//! TSV), and the record counts the release states in `datapackage.json`
//! (`bayan:records`) must add up (`seen = statements + rejects`), match the
//! rows of `statements.csv` and `rejects.csv`, and match a count this test
//! makes itself from the files: one record per line of a JSON Lines file,
//! one per `<item>` or `<entry>` of an RSS or Atom feed, one for any other
//! file. Every file must have exactly that many rows, by source.
//!
//! It takes about a minute in a debug build on two busy cores.

mod common;

use common::{Records, assert_ok, csv_column, package_records};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// How many records a file holds, counted without bayan: `None` for a
/// format this test cannot count exactly (archives, WARC, compressed or
/// JSON files, which hold at least one record).
fn expected_records(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let multi_record = [".zip", ".warc", ".gz", ".zst", ".json"];
    if multi_record.iter().any(|suffix| name.ends_with(suffix)) {
        return None;
    }
    let bytes = fs::read(path).expect("a corpus file");
    let text = String::from_utf8_lossy(&bytes);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Some(text.lines().filter(|l| !l.trim().is_empty()).count() as u64);
    }
    let is_feed = text.contains("<rss") || text.contains("<feed");
    if is_feed && (name.ends_with(".xml") || name.ends_with(".rss") || name.ends_with(".atom")) {
        let tags = |tag: &str| {
            (text.matches(&format!("{tag}>")).count() + text.matches(&format!("{tag} ")).count())
                as u64
        };
        return Some(tags("<item") + tags("<entry"));
    }
    Some(1)
}

/// Every file bayan reads under `dir` (hidden ones are skipped), by its
/// source: the path relative to `dir`.
fn corpus_files(dir: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        })
        .map(|entry| entry.expect("a readable corpus"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let source = entry
                .path()
                .strip_prefix(dir)
                .expect("inside the corpus")
                .to_string_lossy()
                .replace('\\', "/");
            (source, entry.path().to_path_buf())
        })
        .collect()
}

/// The rows of the release per input file: `file#N` and `file!/entry`
/// count for `file`.
fn rows_per_file(out: &Path) -> BTreeMap<String, u64> {
    let mut rows = BTreeMap::new();
    for table in ["statements.csv", "rejects.csv"] {
        for source in csv_column(&out.join(table), "source") {
            let file = source.split("!/").next().unwrap_or(&source);
            let file = file.split('#').next().unwrap_or(file);
            *rows.entry(file.to_string()).or_insert(0) += 1;
        }
    }
    rows
}

#[test]
fn every_record_of_the_corpus_is_a_statement_or_a_reject_and_counted() {
    let out = tempfile::tempdir().expect("temp dir");
    let started = std::time::Instant::now();
    let output = assert_cmd::cargo::cargo_bin_cmd!("bayan")
        .arg("export")
        .arg(corpus())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("bayan runs");
    assert_ok(&output, "export of the corpus");
    eprintln!("the corpus was exported in {:?}", started.elapsed());

    let records = package_records(out.path());
    assert_eq!(records.other_shards, 0, "no --shard, nothing held back");
    let Records {
        seen,
        statements,
        rejects,
        ..
    } = records;
    let csv_rows = |table: &str| csv_column(&out.path().join(table), "source").len() as u64;
    assert_eq!(csv_rows("statements.csv"), statements);
    assert_eq!(csv_rows("rejects.csv"), rejects);
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.starts_with(&format!("{statements} statements, {rejects} rejects,")),
        "{summary}"
    );

    let rows = rows_per_file(out.path());
    let mut exact = 0;
    let mut at_least = 0;
    let mut wrong = Vec::new();
    for (source, path) in corpus_files(&corpus()) {
        let found = rows.get(&source).copied().unwrap_or(0);
        match expected_records(&path) {
            Some(expected) => {
                exact += expected;
                if found != expected {
                    wrong.push(format!("{source}: {found} rows, {expected} records"));
                }
            }
            None => {
                at_least += 1;
                if found == 0 {
                    wrong.push(format!("{source}: no row"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "records lost or made up:\n{}",
        wrong.join("\n")
    );
    if at_least == 0 {
        assert_eq!(seen, exact, "the records counted from the files");
    } else {
        assert!(seen >= exact + at_least, "{seen} < {exact} + {at_least}");
    }
    // The corpus as SOURCES.md describes it: the 1,110 State Department
    // records and the 155 White House statements among them.
    assert!(seen > 1_300, "{seen} records: is the corpus complete?");
}
