//! `--csv-raw` end to end, with the real binary: `export`, `run` (and its
//! `csv_raw` configuration key) and `merge` write CSV text cells exactly
//! as the text is instead of putting an apostrophe before those a
//! spreadsheet would run as a formula; the Parquet and JSON-LD files are
//! byte for byte the same either way; the release's descriptive files say
//! which rule its CSV files follow, `bayan validate` checks the CSV files
//! against that rule, and `bayan merge` reads each part by its own rule.

mod common;

use common::{assert_ok, csv_column};

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A statement whose title and first paragraph start like formulas.
const FORMULA_STATEMENT: &str = "=1+1 is how this title starts\n\n\
    =SUM(1,1) opens the first paragraph of this statement.\n\n\
    @handle opens the second paragraph.\n";

/// A statement whose title itself starts with an apostrophe before `=`:
/// under the apostrophe rule it cannot be told from a protected cell.
const QUOTED_STATEMENT: &str = "'=quoted is how this other title starts\n\n\
    The body of the other statement is plain.\n";

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

/// `all/` holds both statements (`one/formula.txt`, `two/quoted.txt`);
/// `part-1/` and `part-2/` hold one each at the same relative path, so
/// that their records have the sources of an export of `all/`.
fn inputs() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (trees, file, text) in [
        (["all", "part-2"], "one/formula.txt", FORMULA_STATEMENT),
        (["all", "part-1"], "two/quoted.txt", QUOTED_STATEMENT),
    ] {
        for tree in trees {
            let path = dir.path().join(tree).join(file);
            fs::create_dir_all(path.parent().expect("a parent")).expect("input dir");
            fs::write(&path, text).expect("input");
        }
    }
    dir
}

fn export(inputs: &[PathBuf], out: &Path, extra: &[&str]) {
    let output = bayan()
        .arg("export")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("bayan runs");
    assert_ok(&output, "export");
}

fn validate(release: &Path) {
    let output = bayan()
        .arg("validate")
        .arg(release)
        .output()
        .expect("bayan runs");
    assert_ok(&output, "validate");
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("a JSON file")).expect("valid JSON")
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The rule sentences the releases state, told apart by what only each
/// says.
const RAW_MARK: &str = "written with --csv-raw";
const APOSTROPHE_MARK: &str = "written with a leading apostrophe";

/// The descriptive files of `release` all state one rule: the one marked
/// by `mark`, and not the other.
fn assert_states_rule(release: &Path, rule: &str, mark: &str, other: &str) {
    let package = json(&release.join("datapackage.json"));
    assert_eq!(package["bayan:csvFormulas"], rule, "datapackage.json");
    for name in [
        "datapackage.json",
        "csv-metadata.json",
        "README.md",
        "index.html",
    ] {
        let described = text(&release.join(name));
        assert!(described.contains(mark), "{name} states the {rule} rule");
        assert!(!described.contains(other), "{name} states only one rule");
    }
}

#[test]
fn export_writes_raw_csv_only_when_asked_and_the_other_files_are_the_same() {
    let inputs = inputs();
    let work = tempfile::tempdir().expect("temp dir");
    let (protected, raw) = (work.path().join("protected"), work.path().join("raw"));
    let all = [inputs.path().join("all")];
    export(&all, &protected, &[]);
    export(&all, &raw, &["--csv-raw"]);

    let titles = |release: &Path| csv_column(&release.join("statements.csv"), "title");
    let bodies = |release: &Path| csv_column(&release.join("statements.csv"), "body");
    assert_eq!(titles(&protected)[0], "'=1+1 is how this title starts");
    assert!(bodies(&protected)[0].starts_with("'=SUM(1,1) opens"));
    assert_eq!(titles(&raw)[0], "=1+1 is how this title starts");
    assert!(bodies(&raw)[0].starts_with("=SUM(1,1) opens"));
    assert_eq!(titles(&raw)[1], "'=quoted is how this other title starts");

    for name in [
        "statements.parquet",
        "mentions.parquet",
        "amounts.parquet",
        "dates.parquet",
        "statements.jsonld",
    ] {
        let a = fs::read(protected.join(name)).expect("protected release");
        let b = fs::read(raw.join(name)).expect("raw release");
        assert!(a == b, "{name} does not depend on --csv-raw");
    }
    assert_states_rule(&protected, "apostrophe", APOSTROPHE_MARK, RAW_MARK);
    assert_states_rule(&raw, "raw", RAW_MARK, APOSTROPHE_MARK);
    validate(&protected);
    validate(&raw);
}

#[test]
fn run_takes_csv_raw_from_the_configuration_and_the_command_line_wins() {
    let inputs = inputs();
    let work = tempfile::tempdir().expect("temp dir");
    let config = work.path().join("bayan.toml");
    fs::write(
        &config,
        format!(
            "inputs = [{:?}]\nout = \"site\"\ncsv_raw = true\n",
            inputs.path().join("all/one").display().to_string()
        ),
    )
    .expect("configuration");
    let run = |extra: &[&str]| {
        let output = bayan()
            .args(["run", "--config"])
            .arg(&config)
            .args(extra)
            .output()
            .expect("bayan runs");
        assert_ok(&output, "run");
    };
    let current = work.path().join("site/current");
    let title = || csv_column(&current.join("statements.csv"), "title")[0].clone();

    run(&[]);
    assert_eq!(title(), "=1+1 is how this title starts");
    assert_states_rule(&current, "raw", RAW_MARK, APOSTROPHE_MARK);
    validate(&current);

    // The rule is part of what a release depends on: switching it off
    // makes a new release although no input changed.
    run(&["--csv-raw=false"]);
    assert_eq!(title(), "'=1+1 is how this title starts");
    assert_states_rule(&current, "apostrophe", APOSTROPHE_MARK, RAW_MARK);
    validate(&current);
}

#[test]
fn merge_reads_each_part_by_its_own_rule() {
    let inputs = inputs();
    let work = tempfile::tempdir().expect("temp dir");
    let single = work.path().join("single");
    export(&[inputs.path().join("all")], &single, &["--csv-raw"]);
    // Two CSV-only parts, one raw and one protected: the merge must strip
    // the apostrophe of the second only, or the title that begins with
    // one would lose it.
    let (raw_part, protected_part) = (work.path().join("part-1"), work.path().join("part-2"));
    let part_inputs = |part: &str| [inputs.path().join(part)];
    export(
        &part_inputs("part-1"),
        &raw_part,
        &["--formats", "csv", "--csv-raw"],
    );
    export(
        &part_inputs("part-2"),
        &protected_part,
        &["--formats", "csv"],
    );

    let merged = work.path().join("merged");
    let output = bayan()
        .arg("merge")
        .arg(&raw_part)
        .arg(&protected_part)
        .arg("--out")
        .arg(&merged)
        .args(["--csv-raw", "--quiet"])
        .output()
        .expect("bayan runs");
    assert_ok(&output, "merge");
    for name in ["statements.csv", "statements.parquet", "datapackage.json"] {
        let expected = fs::read(single.join(name)).expect("single export");
        let actual = fs::read(merged.join(name)).expect("merged release");
        assert!(
            expected == actual,
            "{name} of the merge differs from one export"
        );
    }
    validate(&merged);
}
