//! `--jobs` changes how fast an export runs, never what it writes: the
//! same inputs exported on one thread and on four give byte-identical data
//! files, duplicates included (the first copy in input order is kept).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The data files of an export (the files describing a release may carry
/// times; these may not).
const DATA_FILES: [&str; 10] = [
    "statements.csv",
    "statements.jsonld",
    "statements.parquet",
    "mentions.csv",
    "mentions.parquet",
    "amounts.csv",
    "amounts.parquet",
    "dates.csv",
    "dates.parquet",
    "rejects.csv",
];

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The State Department JSON Lines file of the shared corpus.
fn state_department_jsonl() -> PathBuf {
    repo("../shared/corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl")
}

/// A corpus made of the samples, each copied several times under distinct
/// titles (so they are distinct statements), one exact copy (a duplicate
/// that must lose to its original whatever the thread count), and the
/// first `lines` records of the State Department JSON Lines file.
fn generated_corpus(dir: &Path, lines: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).expect("create corpus dir");
    let samples = repo("samples/statements");
    let mut names: Vec<PathBuf> = fs::read_dir(&samples)
        .expect("samples/statements")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "too few samples in {}", samples.display());
    for (n, path) in names.iter().enumerate() {
        let text = fs::read_to_string(path).expect("read sample");
        for copy in 0..3 {
            let titled = format!("Copy {copy} of statement {n}\n\n{text}");
            fs::write(corpus.join(format!("{copy}_{n:02}.txt")), titled).expect("write copy");
        }
    }
    let original = format!(
        "Twice-sent statement\n\n{}",
        fs::read_to_string(&names[0]).expect("read sample")
    );
    fs::write(corpus.join("0_original.txt"), &original).expect("write original");
    fs::write(corpus.join("9_exact_copy.txt"), &original).expect("write copy");
    let jsonl = fs::read_to_string(state_department_jsonl()).expect("State Department JSONL");
    let head: Vec<&str> = jsonl.lines().take(lines).collect();
    fs::write(corpus.join("5_feed.jsonl"), head.join("\n") + "\n").expect("write jsonl");
    corpus
}

fn export(inputs: &[&Path], out: &Path, jobs: &str) {
    Command::cargo_bin("bayan")
        .expect("bayan binary")
        .arg("export")
        .args(inputs)
        .args(["--quiet", "--jobs", jobs, "--out"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn one_thread_and_four_threads_write_the_same_bytes() {
    let dir = TempDir::new().expect("temp dir");
    let corpus = generated_corpus(dir.path(), 40);
    let samples = repo("samples");
    let one = dir.path().join("one");
    let four = dir.path().join("four");
    export(&[&samples, &corpus], &one, "1");
    export(&[&samples, &corpus], &four, "4");
    for name in DATA_FILES {
        let single = fs::read(one.join(name)).expect("single-threaded file");
        let parallel = fs::read(four.join(name)).expect("parallel file");
        assert!(
            single == parallel,
            "{name} differs between --jobs 1 and --jobs 4"
        );
    }
    let rejects = fs::read_to_string(one.join("rejects.csv")).expect("rejects.csv");
    let duplicate = rejects
        .lines()
        .find(|line| line.contains(",duplicate,"))
        .expect("the exact copy is a duplicate");
    assert!(
        duplicate.contains("9_exact_copy.txt") && duplicate.contains("0_original.txt"),
        "the later copy in input order is the duplicate: {duplicate}"
    );
    let statements = fs::read_to_string(one.join("statements.csv")).expect("statements.csv");
    assert!(statements.lines().count() > 60, "the corpus was exported");
}

#[test]
fn jobs_must_be_a_positive_number() {
    let dir = TempDir::new().expect("temp dir");
    for bad in ["0", "-2", "many"] {
        Command::cargo_bin("bayan")
            .expect("bayan binary")
            .args(["export", "-", &format!("--jobs={bad}"), "--out"])
            .arg(dir.path().join("out"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("number of threads"));
    }
}
