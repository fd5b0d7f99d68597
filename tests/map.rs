//! End-to-end tests of `bayan map`: the real binary as a filter, fed on
//! standard input as Spark's `RDD.pipe` and GNU parallel feed it. What it
//! writes must be what `bayan export` makes of the same records, with
//! statements alone on stdout and rejects on their own stream.

mod common;

use common::csv_column;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

fn shared(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative)
}

/// The first 40 items of the State Department feed of the shared corpus,
/// a copy of item 3 (a duplicate), a line that is not JSON and a blank line.
fn stream() -> String {
    let feed =
        shared("corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl");
    let text = fs::read_to_string(&feed)
        .unwrap_or_else(|e| panic!("cannot read the shared corpus file {}: {e}", feed.display()));
    let mut lines: Vec<&str> = text.lines().take(40).collect();
    assert_eq!(lines.len(), 40, "the feed has 40 items");
    let copy = lines[2];
    lines.insert(10, copy);
    lines.insert(20, "{\"title\": \"cut short");
    lines.insert(30, "");
    let mut stream = lines.join("\n");
    stream.push('\n');
    stream
}

fn map(args: &[&str], input: &str) -> Output {
    bayan()
        .arg("map")
        .args(args)
        .write_stdin(input.to_string())
        .output()
        .expect("bayan runs")
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn map_writes_the_statements_export_writes() {
    let input = stream();
    let work = tempfile::tempdir().expect("temp dir");
    let rejects = work.path().join("rejects.jsonl");
    let output = map(
        &["--rejects", rejects.to_str().expect("UTF-8 path")],
        &input,
    );
    assert_eq!(output.status.code(), Some(0), "rejects do not fail a map");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let statements = json_lines(&output.stdout);

    let exported = work.path().join("export");
    let run = bayan()
        .arg("export")
        .arg("-")
        .arg("--out")
        .arg(&exported)
        .arg("--quiet")
        .write_stdin(input.clone())
        .output()
        .expect("bayan runs");
    assert_eq!(run.status.code(), Some(0));

    let ids: Vec<String> = statements
        .iter()
        .map(|s| s["statement_id"].as_str().expect("an id").to_string())
        .collect();
    assert_eq!(ids.len(), 40, "41 items, one a copy");
    assert_eq!(
        ids,
        csv_column(&exported.join("statements.csv"), "statement_id")
    );
    let hashes: Vec<String> = statements
        .iter()
        .map(|s| s["content_sha256"].as_str().expect("a hash").to_string())
        .collect();
    assert_eq!(
        hashes,
        csv_column(&exported.join("statements.csv"), "content_sha256")
    );
    assert_eq!(statements[0]["source"], "-#1");
    assert_eq!(statements[39]["source"], "-#43", "numbered by stream line");
    let mentions: usize = statements
        .iter()
        .map(|s| s["mentions"].as_array().expect("nested mentions").len())
        .sum();
    assert_eq!(
        mentions,
        csv_column(&exported.join("mentions.csv"), "statement_id").len()
    );
    assert!(mentions > 0);

    // Merged back into a release, the map output is the export, byte for byte.
    let stdout = work.path().join("statements.jsonl");
    fs::write(&stdout, &output.stdout).expect("write");
    let merged = work.path().join("merged");
    let merge = bayan()
        .arg("merge")
        .args([&stdout, &rejects])
        .arg("--out")
        .arg(&merged)
        .output()
        .expect("bayan runs");
    assert_eq!(
        merge.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    for name in [
        "statements.csv",
        "statements.parquet",
        "mentions.parquet",
        "amounts.csv",
        "dates.csv",
        "rejects.csv",
        "statements.jsonld",
    ] {
        let a = fs::read(exported.join(name)).expect("exported");
        let b = fs::read(merged.join(name)).expect("merged");
        assert!(a == b, "{name} differs");
    }
}

#[test]
fn rejects_go_to_their_own_stream_and_stdout_has_only_statements() {
    let input = stream();
    let output = map(&[], &input);
    assert_eq!(output.status.code(), Some(0));
    for statement in json_lines(&output.stdout) {
        assert!(statement.get("statement_id").is_some());
        assert!(statement.get("reason").is_none());
    }
    let rejects = json_lines(&output.stderr);
    let summary: Vec<(String, String)> = rejects
        .iter()
        .map(|r| {
            (
                r["source"].as_str().expect("source").to_string(),
                r["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("-#11".to_string(), "duplicate".to_string()),
            ("-#21".to_string(), "malformed".to_string()),
        ]
    );
    assert!(
        rejects[0]["detail"]
            .as_str()
            .expect("detail")
            .contains("-#3")
    );
}

#[test]
fn the_same_stream_gives_the_same_bytes() {
    let input = stream();
    let first = map(&[], &input);
    let second = map(&[], &input);
    assert!(first.stdout == second.stdout);
    assert!(first.stderr == second.stderr);
}

#[test]
fn exit_codes_follow_export() {
    let input = stream();
    let strict = map(&["--strict"], &input);
    assert_eq!(strict.status.code(), Some(3));
    assert_eq!(
        json_lines(&strict.stdout).len(),
        40,
        "statements still written"
    );
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("bayan: --strict: 2 record(s) rejected"),
        "{stderr}"
    );

    let clean = map(
        &["--strict"],
        "{\"title\": \"T\", \"body\": \"One clean body.\"}\n",
    );
    assert_eq!(clean.status.code(), Some(0));

    assert_eq!(map(&["--no-such-flag"], "").status.code(), Some(2));
    let nowhere = map(&["--rejects", "no/such/dir/rejects.jsonl"], &input);
    assert_eq!(nowhere.status.code(), Some(4));
    assert!(
        nowhere.stdout.is_empty(),
        "nothing mapped without a rejects stream"
    );
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("cannot create the rejects file"));
}

#[test]
fn paths_name_their_records_by_the_path_given() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = bayan()
        .current_dir(root)
        .args(["map", "--paths", "--source", "ignored-for-paths"])
        .write_stdin("samples/statements/fr_declaration_sahel.txt\nsamples/missing.txt\n")
        .output()
        .expect("bayan runs");
    assert_eq!(output.status.code(), Some(0));
    let statements = json_lines(&output.stdout);
    assert_eq!(statements.len(), 1);
    assert_eq!(
        statements[0]["source"],
        "samples/statements/fr_declaration_sahel.txt"
    );
    assert_eq!(statements[0]["language"], "fr");
    let rejects = json_lines(&output.stderr);
    assert_eq!(rejects[0]["source"], "samples/missing.txt");
    assert_eq!(rejects[0]["reason"], "unreadable");
}

#[test]
fn a_named_stream_numbers_its_lines_under_that_name() {
    let output = map(
        &["--source", "part-2"],
        "\n{\"title\": \"Named\", \"body\": \"A body of a named stream.\"}\n",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_lines(&output.stdout)[0]["source"], "part-2#2");
}

#[test]
fn fields_are_found_where_map_options_point() {
    let line = "{\"heading\": \"Statement on the floods\", \"payload\": {\"article\": \"The ministry sent aid to the flooded districts.\"}}\n";
    let unmapped = map(&[], line);
    assert!(unmapped.stdout.is_empty(), "no known body field");
    let mapped = map(
        &["--map", "body=payload.article", "--map", "title=heading"],
        line,
    );
    assert_eq!(mapped.status.code(), Some(0));
    let statements = json_lines(&mapped.stdout);
    assert_eq!(
        statements.len(),
        1,
        "{}",
        String::from_utf8_lossy(&mapped.stderr)
    );
    assert_eq!(statements[0]["title"], "Statement on the floods");
    assert_eq!(
        statements[0]["body"],
        "The ministry sent aid to the flooded districts."
    );
}
