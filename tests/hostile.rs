//! Hostile inputs end to end: the real binary over the corpus that
//! `tools/hostile/make_corpus.py` writes into a temporary directory (broken
//! encodings, binary bytes, a 200 MB line, a gzip bomb, an archive with
//! escaping paths, XML entity bombs and external entities, truncated files
//! of every format, a symlink loop, an unreadable file), under a memory cap
//! and a time limit.
//!
//! Every input must end as exactly one statement or one reject row (inputs
//! seen = statements + rejects, records of multi-record files one by one),
//! with a reject reason that fits what is wrong with it; nothing may be
//! written outside `--out` and nothing may be fetched.
//!
//! The two large cases (200 MB and 50 MB) are part of the default run: bayan
//! stops reading at `--max-bytes`, so they cost a few seconds of disk
//! writes. `BAYAN_HOSTILE_SMALL=1` leaves them out for quick local runs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The address space bayan may use: far above what a streaming run needs,
/// far below what a gzip bomb or an entity expansion would take.
const MEMORY_CAP_KIB: u64 = 2 * 1024 * 1024;

/// Wall-clock limit of one run over the corpus, in a debug build on a busy
/// machine.
const TIME_LIMIT: Duration = Duration::from_secs(120);

fn make_corpus(dir: &Path, canary: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/hostile/make_corpus.py");
    let mut command = Command::new("python3");
    command.arg(script).arg(dir).args(["--canary-url", canary]);
    if std::env::var_os("BAYAN_HOSTILE_SMALL").is_some() {
        command.arg("--small");
    }
    let status = command.status().expect("python3 runs the corpus generator");
    assert!(status.success(), "make_corpus.py failed: {status}");
}

/// Runs `bayan export <inputs> --out <out>` through `sh -c 'ulimit -v ...'`,
/// killing it when it outlives `limit`.
fn export_capped(inputs: &[PathBuf], out: &Path, limit: Duration) -> (Output, Duration) {
    let mut script = format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" export -q --out \"$1\"");
    for index in 0..inputs.len() {
        script.push_str(&format!(" \"${}\"", index + 2));
    }
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_bayan"))
        .arg(out)
        .args(inputs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    while child.try_wait().expect("wait for bayan").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("collect bayan's output");
            panic!(
                "bayan export {inputs:?} ran longer than {limit:?}; stderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("collect bayan's output");
    (output, started.elapsed())
}

/// `source` → reason for rejects, `source` → "accept" for statements.
fn outcomes(out: &Path) -> BTreeMap<String, String> {
    let mut outcomes = BTreeMap::new();
    for (file, column) in [("statements.csv", None), ("rejects.csv", Some("reason"))] {
        let mut reader = csv::Reader::from_path(out.join(file)).expect(file);
        let headers = reader.headers().expect("header row").clone();
        let source_at = headers.iter().position(|h| h == "source").expect("source");
        let reason_at = column.map(|c| headers.iter().position(|h| h == c).expect("reason"));
        for row in reader.records() {
            let row = row.expect("a CSV row");
            let outcome = reason_at.map_or("accept", |at| &row[at]).to_string();
            let previous = outcomes.insert(row[source_at].to_string(), outcome);
            assert!(previous.is_none(), "{} has two rows", &row[source_at]);
        }
    }
    outcomes
}

/// The corpus manifest: input → the outcomes that fit it.
fn expectations(corpus: &Path) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(corpus.join(".manifest.tsv")).expect("manifest");
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(name, expect)| {
            (
                name.to_string(),
                expect.split(' ').map(String::from).collect(),
            )
        })
        .collect()
}

/// Every path under `dir`, symlinks not followed.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.path().to_path_buf())
        .collect()
}

#[test]
fn every_hostile_input_ends_as_one_row_within_bounds() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let corpus = scratch.path().join("corpus");
    let out = scratch.path().join("out");
    let canary = TcpListener::bind("127.0.0.1:0").expect("listen on a local port");
    canary.set_nonblocking(true).expect("non-blocking listener");
    let canary_url = format!("http://{}", canary.local_addr().expect("local address"));
    make_corpus(&corpus, &canary_url);
    // The deeply nested pages have their own test below.
    std::fs::rename(corpus.join("deep"), scratch.path().join("deep")).expect("move deep/");
    let before = tree(scratch.path());

    let (output, took) = export_capped(std::slice::from_ref(&corpus), &out, TIME_LIMIT);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {}; stderr:\n{stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    eprintln!("hostile corpus exported in {took:?}");

    let outcomes = outcomes(&out);
    assert_eq!(
        common::package_records(&out).seen,
        outcomes.len() as u64,
        "every record read is one row"
    );
    let expected = expectations(&corpus);
    let root_reads_anything = std::fs::read(corpus.join("fs/unreadable.txt")).is_ok();
    for (input, fitting) in expected
        .iter()
        .filter(|(name, _)| !name.starts_with("deep/"))
    {
        let rows: Vec<(&String, &String)> = outcomes
            .iter()
            .filter(|(source, _)| {
                *source == input
                    || source.starts_with(&format!("{input}#"))
                    || source.starts_with(&format!("{input}!/"))
            })
            .collect();
        assert!(
            !rows.is_empty(),
            "{input} is lost: no statement and no reject"
        );
        let mut fitting = fitting.clone();
        if input == "fs/unreadable.txt" && root_reads_anything {
            // Running as root, chmod 000 does not stop reading: the file
            // is a normal statement then.
            fitting = vec!["accept".to_string()];
        }
        // A multi-record input must have at least one row that fits; the
        // rest may be its good records.
        assert!(
            rows.iter().any(|(_, outcome)| fitting.contains(outcome)),
            "{input}: got {rows:?}, expected one of {fitting:?}"
        );
    }
    for source in outcomes.keys() {
        // `file#N` is a record of a file, `archive.zip!/entry` an entry.
        let file = source.split("!/").next().unwrap_or(source);
        let input = file.split('#').next().unwrap_or(file);
        assert!(
            expected.contains_key(input),
            "row for unknown input {source}"
        );
    }

    // Nothing escapes --out: the only new paths are inside it.
    let after = tree(scratch.path());
    let escaped: Vec<_> = after
        .difference(&before)
        .filter(|path| !path.starts_with(&out))
        .collect();
    assert!(escaped.is_empty(), "written outside --out: {escaped:?}");
    for path in tree(&out) {
        let kind = std::fs::symlink_metadata(&path).expect("stat").file_type();
        assert!(
            kind.is_file() || kind.is_dir(),
            "{} is not a plain file",
            path.display()
        );
    }
    // Nothing is fetched, and the external entity is not expanded.
    assert!(canary.accept().is_err(), "bayan connected to {canary_url}");
    for path in tree(&out).into_iter().filter(|p| p.is_file()) {
        let bytes = std::fs::read(&path).expect("read output");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("root:x:0:0"),
            "{} holds /etc/passwd",
            path.display()
        );
    }
}

/// html5ever's tree builder scans the stack of open elements for every
/// start tag, so a page nested 100,000 deep would take time quadratic in
/// its depth (about 25 s at 8,000 levels in a debug build, hours at
/// 100,000). The reader measures the depth first and rejects such pages as
/// `malformed` before anything parses them.
#[test]
fn deeply_nested_html_ends_within_bounds() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let corpus = scratch.path().join("corpus");
    make_corpus(&corpus, "http://127.0.0.1:9");
    let out = scratch.path().join("out");
    let (output, _) = export_capped(&[corpus.join("deep")], &out, Duration::from_secs(60));
    assert!(output.status.success(), "exit {}", output.status);
    let outcomes = outcomes(&out);
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).expect("rejects.csv");
    assert_eq!(rejects.matches(",malformed,").count(), 2, "{rejects}");
}
