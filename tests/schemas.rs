//! `schemas/` is generated from the table definitions by `bayan schemas`
//! and committed. This test runs the real binary into a temporary
//! directory and fails when the committed files differ from what it writes,
//! or when `schemas/` holds a file the generator no longer writes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const OUT_OF_DATE: &str = "schemas/ is out of date; run `make schemas`";

/// Every file under `dir`, by its path relative to `dir`.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable directory");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("inside the directory")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(relative, fs::read(entry.path()).expect("readable file"));
        }
    }
    files
}

#[test]
fn committed_schemas_match_the_generator() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let generated_dir = tempfile::tempdir().expect("temp dir");
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["schemas", "--quiet", "--out"])
        .arg(generated_dir.path())
        .assert()
        .success();

    let generated = files_under(generated_dir.path());
    let committed = files_under(&committed_dir);
    assert!(generated.len() >= 8, "the generator writes every schema");
    for (path, contents) in &generated {
        match committed.get(path) {
            None => panic!("{OUT_OF_DATE} (schemas/{path} is missing)"),
            Some(old) if old != contents => panic!("{OUT_OF_DATE} (schemas/{path} differs)"),
            Some(_) => {}
        }
    }
    for path in committed.keys() {
        assert!(
            generated.contains_key(path),
            "{OUT_OF_DATE} (schemas/{path} is no longer generated; delete it)"
        );
    }
}

#[test]
fn schemas_are_written_where_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("nested").join("schemas");
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .arg("schemas")
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("8 schema files"));
    let context = fs::read_to_string(out.join("context.jsonld")).expect("context written");
    let context: serde_json::Value = serde_json::from_str(&context).expect("context is JSON");
    assert_eq!(context["@context"]["@version"], serde_json::json!(1.1));
    // A second run finds nothing to change.
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["schemas", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("(0 changed)"));
}

#[test]
fn exported_documents_carry_the_committed_context() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = root.join("../shared/seed");
    let out = tempfile::tempdir().expect("temp dir");
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["export", "--quiet", "--formats", "jsonld", "--out"])
        .arg(out.path())
        .arg(&seed)
        .assert()
        .success();
    let read_json = |path: &Path| -> serde_json::Value {
        let text = fs::read_to_string(path).expect("readable JSON file");
        serde_json::from_str(&text).expect("valid JSON")
    };
    let document = read_json(&out.path().join("statements.jsonld"));
    let committed = read_json(&root.join("schemas/context.jsonld"));
    assert_eq!(
        document["@context"], committed["@context"],
        "statements.jsonld and schemas/context.jsonld disagree; run `make schemas`"
    );
    assert!(
        !document["@graph"].as_array().expect("@graph").is_empty(),
        "the seed statement is exported"
    );
}
