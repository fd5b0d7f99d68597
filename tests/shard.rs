//! `--shard I/N` splits an export into N disjoint parts whose union is the
//! unsharded export: for N in {2, 3, 7}, every row of `statements.csv` and
//! `rejects.csv` of the whole export is in exactly one shard, and the
//! shards hold nothing else. Multi-record files (JSON Lines) split too.
//! Each shard counts the records it keeps and those it holds back
//! (`bayan:records` of `datapackage.json`): together they are every record
//! of the whole export.

mod common;

use common::package_records;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Inputs without duplicates: the samples (good and bad) and the first
/// records of the State Department JSON Lines file.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let jsonl = repo(
        "../shared/corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl",
    );
    let text = fs::read_to_string(jsonl).expect("State Department JSONL");
    let head: Vec<&str> = text.lines().take(30).collect();
    let feed = dir.join("feed.jsonl");
    fs::write(&feed, head.join("\n") + "\n").expect("write feed");
    vec![repo("samples/statements"), repo("samples/bad"), feed]
}

fn export(inputs: &[PathBuf], out: &Path, shard: Option<String>) {
    let mut command = Command::cargo_bin("bayan").expect("bayan binary");
    command
        .arg("export")
        .args(inputs)
        .arg("--quiet")
        .arg("--out")
        .arg(out);
    if let Some(shard) = shard {
        command.args(["--shard", &shard]);
    }
    command.assert().success();
}

/// The rows of a CSV file (header left out), counted.
fn rows(path: &Path) -> BTreeMap<Vec<String>, usize> {
    let mut reader = csv::Reader::from_path(path).expect("open CSV");
    let mut rows = BTreeMap::new();
    for row in reader.records() {
        let row: Vec<String> = row.expect("CSV row").iter().map(str::to_string).collect();
        *rows.entry(row).or_insert(0) += 1;
    }
    rows
}

#[test]
fn the_shards_are_disjoint_and_their_union_is_the_whole_export() {
    let dir = TempDir::new().expect("temp dir");
    let inputs = inputs(dir.path());
    let whole = dir.path().join("whole");
    export(&inputs, &whole, None);
    let whole_records = package_records(&whole);
    assert_eq!(
        whole_records.other_shards, 0,
        "the whole export holds nothing back"
    );
    let all_records = whole_records.seen;
    for table in ["statements.csv", "rejects.csv"] {
        assert!(
            rows(&whole.join(table)).len() >= 5,
            "{table} has too few rows to split"
        );
    }
    for count in [2, 3, 7] {
        let mut union: BTreeMap<&str, BTreeMap<Vec<String>, usize>> = BTreeMap::new();
        let mut empty_shards = 0;
        let mut kept = 0;
        for index in 1..=count {
            let out = dir.path().join(format!("shard-{index}-of-{count}"));
            export(&inputs, &out, Some(format!("{index}/{count}")));
            let records = package_records(&out);
            assert_eq!(
                records.seen + records.other_shards,
                all_records,
                "shard {index}/{count}"
            );
            kept += records.seen;
            let mut shard_rows = 0;
            for table in ["statements.csv", "rejects.csv"] {
                for (row, n) in rows(&out.join(table)) {
                    shard_rows += n;
                    *union.entry(table).or_default().entry(row).or_insert(0) += n;
                }
            }
            if shard_rows == 0 {
                empty_shards += 1;
            }
        }
        assert_eq!(
            kept, all_records,
            "the {count} shards keep every record once"
        );
        assert!(
            empty_shards < count / 2 + 1,
            "{empty_shards} of {count} shards are empty"
        );
        for table in ["statements.csv", "rejects.csv"] {
            let expected = rows(&whole.join(table));
            let got = union.remove(table).unwrap_or_default();
            assert!(
                got == expected,
                "{table}: the union of {count} shards differs from the whole export \
                 ({} rows vs {})",
                got.values().sum::<usize>(),
                expected.values().sum::<usize>()
            );
        }
    }
}

#[test]
fn a_shard_that_does_not_exist_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    for bad in ["0/3", "4/3", "1/0", "half"] {
        Command::cargo_bin("bayan")
            .expect("bayan binary")
            .args(["export", "-", "--shard", bad, "--out"])
            .arg(dir.path().join("out"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("shard"));
    }
}
