//! End-to-end tests of `bayan merge`: an input tree (the samples and
//! generated statements, with copies inside one file and across files) is
//! split into 1, 2 and 7 parts, each part is exported (or mapped with
//! `bayan map --paths`), the parts are merged, and every file of the merged
//! release must be byte for byte the file a single export of the whole
//! tree writes.

mod common;

use common::{assert_ok, csv_column};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Places, amounts and dates the extractors find, so the child tables of
/// the generated statements are not empty.
const PLACES: [&str; 5] = ["Kenya", "Sudan", "Ukraine", "Jordan", "Peru"];

/// One generated JSON Lines statement.
fn generated_line(n: usize) -> String {
    let place = PLACES[n % PLACES.len()];
    let record = serde_json::json!({
        "title": format!("Statement {n} on assistance to {place}"),
        "body": format!(
            "<p>The Department announced ${} million in assistance to {place} on March {}, 2024.</p>\
             <p>Paragraph two of statement {n} says more about {place}.</p>",
            n + 1,
            n % 27 + 1
        ),
        "url": format!("https://example.gov/statements/{n}"),
        "date": "2024-03-01",
    });
    record.to_string()
}

/// The input tree: `samples/` (statements and bad inputs), a JSON Lines
/// feed of 23 lines (a copy of line 2 at line 12, a broken line, a blank
/// line, so record numbers pass 9), and a copy of a sample statement under
/// another name (a copy that lands in another part when the tree is split).
fn input_tree() -> TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    for dir in ["statements", "bad"] {
        let from = repo_path("samples").join(dir);
        fs::create_dir_all(root.path().join(dir)).expect("mkdir");
        for entry in fs::read_dir(&from).expect("samples") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a file name");
            fs::copy(&path, root.path().join(dir).join(name)).expect("copy");
        }
    }
    let mut feed = String::new();
    for n in 1..=23 {
        let line = match n {
            12 => generated_line(2).replace("statements/2", "statements/2-copy"),
            15 => "{\"title\": \"broken".to_string(),
            17 => String::new(),
            _ => generated_line(n),
        };
        feed.push_str(&line);
        feed.push('\n');
    }
    fs::create_dir_all(root.path().join("generated")).expect("mkdir");
    fs::write(root.path().join("generated/feed.jsonl"), feed).expect("feed");
    fs::copy(
        repo_path("samples/statements/en_readout_call_kenya.txt"),
        root.path().join("generated/kenya_copy.txt"),
    )
    .expect("copy");
    root
}

/// Every file below `root`, relative to it, sorted.
fn files_below(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("below root");
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// Splits the files of `root` into `n` lists, file i into list i mod n.
fn split(root: &Path, n: usize) -> Vec<Vec<String>> {
    let mut parts = vec![Vec::new(); n];
    for (i, file) in files_below(root).into_iter().enumerate() {
        parts[i % n].push(file);
    }
    parts
}

/// Copies `files` of `root` into a new directory `dir`, same relative paths.
fn part_tree(root: &Path, files: &[String], dir: &Path) {
    for file in files {
        let target = dir.join(file);
        fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        fs::copy(root.join(file), target).expect("copy");
    }
}

fn export(inputs: &Path, out: &Path, formats: &str) {
    export_with(inputs, out, &["--formats", formats]);
}

/// `bayan export INPUTS --out OUT ARGS... --quiet`, which must succeed.
fn export_with(inputs: &Path, out: &Path, args: &[&str]) {
    let output = bayan()
        .arg("export")
        .arg(inputs)
        .arg("--out")
        .arg(out)
        .args(args)
        .arg("--quiet")
        .output()
        .expect("bayan runs");
    assert_ok(&output, &format!("export {}", args.join(" ")));
}

fn merge(parts: &[PathBuf], out: &Path, formats: &str) -> Output {
    let output = bayan()
        .arg("merge")
        .args(parts)
        .arg("--out")
        .arg(out)
        .args(["--formats", formats])
        .output()
        .expect("bayan runs");
    assert_ok(&output, "merge");
    output
}

/// Every file of `expected` (a release) is in `actual` with the same bytes,
/// and `actual` has no other file.
fn assert_same_release(expected: &Path, actual: &Path, what: &str) {
    let names = files_below(expected);
    assert!(names.contains(&"statements.csv".to_string()), "{names:?}");
    assert_eq!(files_below(actual), names, "{what}: the same files");
    for name in &names {
        let a = fs::read(expected.join(name)).expect("expected file");
        let b = fs::read(actual.join(name)).expect("merged file");
        assert!(a == b, "{what}: {name} differs from the single export");
    }
}

#[test]
fn merged_exports_of_1_2_and_7_parts_equal_one_export() {
    let tree = input_tree();
    let work = tempfile::tempdir().expect("temp dir");
    let single = work.path().join("single");
    export(tree.path(), &single, "csv,jsonld,parquet");
    let sources = csv_column(&single.join("statements.csv"), "source");
    assert!(sources.contains(&"generated/feed.jsonl#23".to_string()));
    let rejects = fs::read_to_string(single.join("rejects.csv")).expect("rejects");
    assert!(
        rejects.contains("generated/feed.jsonl#12,duplicate"),
        "{rejects}"
    );
    assert!(
        rejects.contains("statements/en_readout_call_kenya.txt,duplicate"),
        "{rejects}"
    );

    for n in [1, 2, 7] {
        let mut parts = Vec::new();
        for (k, files) in split(tree.path(), n).iter().enumerate() {
            let inputs = work.path().join(format!("in-{n}-{k}"));
            part_tree(tree.path(), files, &inputs);
            let out = work.path().join(format!("out-{n}-{k}"));
            export(&inputs, &out, "csv,jsonld,parquet");
            parts.push(out);
        }
        if n > 1 {
            // The copy and its original sit in different parts: each part
            // kept its own, and only the merge can see they are the same.
            let kept: usize = parts
                .iter()
                .map(|part| csv_column(&part.join("statements.csv"), "source"))
                .filter(|sources| {
                    sources.iter().any(|s| {
                        s == "generated/kenya_copy.txt"
                            || s == "statements/en_readout_call_kenya.txt"
                    })
                })
                .count();
            assert_eq!(kept, 2, "{n} parts: the copies were split apart");
        }
        let merged = work.path().join(format!("merged-{n}"));
        let output = merge(&parts, &merged, "csv,jsonld,parquet");
        let line = String::from_utf8_lossy(&output.stdout);
        assert!(
            line.contains(&format!("{} statements", sources.len())),
            "{line}"
        );
        assert_same_release(&single, &merged, &format!("{n} parts"));
    }
}

#[test]
fn merged_csv_only_parts_equal_one_csv_export() {
    let tree = input_tree();
    let work = tempfile::tempdir().expect("temp dir");
    let single = work.path().join("single");
    export(tree.path(), &single, "csv");
    let mut parts = Vec::new();
    for (k, files) in split(tree.path(), 3).iter().enumerate() {
        let inputs = work.path().join(format!("in-{k}"));
        part_tree(tree.path(), files, &inputs);
        let out = work.path().join(format!("out-{k}"));
        export(&inputs, &out, "csv");
        parts.push(out);
    }
    let merged = work.path().join("merged");
    merge(&parts, &merged, "csv");
    assert_same_release(&single, &merged, "CSV parts");
}

/// Runs `bayan map --paths` in `root` over `files`; returns the statements
/// file and the rejects file it wrote.
fn map_paths(root: &Path, files: &[String], out: &Path, name: &str) -> [PathBuf; 2] {
    let statements = out.join(format!("{name}.jsonl"));
    let rejects = out.join(format!("{name}.rejects.jsonl"));
    let mut list = files.join("\n");
    list.push('\n');
    let output = bayan()
        .current_dir(root)
        .args(["map", "--paths", "--rejects"])
        .arg(&rejects)
        .write_stdin(list)
        .output()
        .expect("bayan runs");
    assert_ok(&output, "map");
    assert!(output.stderr.is_empty(), "rejects went to the file");
    fs::write(&statements, &output.stdout).expect("statements");
    [statements, rejects]
}

#[test]
fn merged_map_outputs_of_1_2_and_7_parts_equal_one_export() {
    let tree = input_tree();
    let work = tempfile::tempdir().expect("temp dir");
    let single = work.path().join("single");
    export(tree.path(), &single, "csv,jsonld,parquet");
    for n in [1, 2, 7] {
        let mut parts = Vec::new();
        for (k, files) in split(tree.path(), n).iter().enumerate() {
            parts.extend(map_paths(
                tree.path(),
                files,
                work.path(),
                &format!("map-{n}-{k}"),
            ));
        }
        let merged = work.path().join(format!("merged-{n}"));
        merge(&parts, &merged, "csv,jsonld,parquet");
        assert_same_release(&single, &merged, &format!("{n} mapped parts"));
    }
}

#[test]
fn a_part_that_is_not_bayan_output_is_refused() {
    let work = tempfile::tempdir().expect("temp dir");
    let stray = work.path().join("notes.jsonl");
    fs::write(&stray, "{\"hello\": 1}\n").expect("write");
    let out = work.path().join("out");
    let output = bayan()
        .arg("merge")
        .arg(&stray)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("bayan runs");
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("notes.jsonl, line 1"), "{stderr}");
    assert!(stderr.contains("neither a statement"), "{stderr}");
    assert!(!out.join("statements.csv").exists());
    let empty_dir = work.path().join("empty");
    fs::create_dir_all(&empty_dir).expect("mkdir");
    let output = bayan()
        .arg("merge")
        .arg(&empty_dir)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("bayan runs");
    assert_eq!(output.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bayan export wrote"));
}

#[test]
fn a_copy_of_a_copy_names_the_statement_kept_in_the_end() {
    let work = tempfile::tempdir().expect("temp dir");
    let statement = repo_path("samples/statements/fr_declaration_sahel.txt");
    let tree = work.path().join("tree");
    fs::create_dir_all(&tree).expect("mkdir");
    for name in ["a.txt", "b.txt", "c.txt"] {
        fs::copy(&statement, tree.join(name)).expect("copy");
    }
    let single = work.path().join("single");
    export(&tree, &single, "csv,jsonld,parquet");
    // Part 2 keeps b.txt and rejects c.txt as its copy; the merge finds
    // b.txt a copy of a.txt from part 1, and c.txt must say a.txt too.
    let mut parts = Vec::new();
    for (k, files) in [
        vec!["a.txt".to_string()],
        vec!["b.txt".to_string(), "c.txt".to_string()],
    ]
    .iter()
    .enumerate()
    {
        let inputs = work.path().join(format!("in-{k}"));
        part_tree(&tree, files, &inputs);
        let out = work.path().join(format!("out-{k}"));
        export(&inputs, &out, "csv,jsonld,parquet");
        parts.push(out);
    }
    let part_rejects = fs::read_to_string(parts[1].join("rejects.csv")).expect("rejects");
    assert!(
        part_rejects.contains("same title and body as b.txt"),
        "{part_rejects}"
    );
    let merged = work.path().join("merged");
    merge(&parts, &merged, "csv,jsonld,parquet");
    assert_same_release(&single, &merged, "copies of copies");
}

#[test]
fn merged_shards_of_1_2_and_7_equal_one_export() {
    let tree = input_tree();
    let work = tempfile::tempdir().expect("temp dir");
    let single = work.path().join("single");
    export(tree.path(), &single, "csv,jsonld,parquet");
    for n in [1, 2, 7] {
        let mut parts = Vec::new();
        for i in 1..=n {
            let out = work.path().join(format!("shard-{i}-of-{n}"));
            export_with(tree.path(), &out, &["--shard", &format!("{i}/{n}")]);
            parts.push(out);
        }
        if n == 7 {
            // The records of the feed are spread over the shards, so the
            // merge must interleave them by record number.
            let holding_feed = parts
                .iter()
                .filter(|part| {
                    csv_column(&part.join("statements.csv"), "source")
                        .iter()
                        .any(|s| s.starts_with("generated/feed.jsonl#"))
                })
                .count();
            assert!(holding_feed > 2, "feed records in {holding_feed} shards");
        }
        let merged = work.path().join(format!("merged-{n}"));
        merge(&parts, &merged, "csv,jsonld,parquet");
        assert_same_release(&single, &merged, &format!("{n} shards"));
    }
}

/// One JSON Lines statement of `title` and `body` at `url`.
fn statement_line(title: &str, body: &str, url: &str) -> String {
    let line = serde_json::json!({"title": title, "body": body, "url": url, "date": "2024-03-01"});
    format!("{line}\n")
}

/// The case a part cannot decide alone: `a.jsonl#1` is statement A; in
/// `b.jsonl`, line 1 is a copy of A at another URL and line 2 a different
/// text at that same URL. One export rejects line 1 as A's copy and keeps
/// line 2; a part without `a.jsonl` keeps line 1 and rejects line 2 for
/// its URL, so it must hold line 2 back for the merge to keep.
fn rival_tree(root: &Path, a_name: &str, b_name: &str) {
    let body = "The ministers met in Nairobi on 3 March 2024 and agreed on $5 million in aid.";
    fs::create_dir_all(root).expect("mkdir");
    fs::write(
        root.join(a_name),
        statement_line("Readout of the talks", body, "https://example.gov/a"),
    )
    .expect("a");
    let b = statement_line("Readout of the talks", body, "https://example.gov/b")
        + &statement_line(
            "Readout of the talks, revised",
            "The ministers met in Kampala on 4 March 2024.",
            "https://example.gov/b",
        );
    fs::write(root.join(b_name), b).expect("b");
}

#[test]
fn a_statement_held_back_for_its_url_is_kept_when_the_rival_was_a_copy() {
    let work = tempfile::tempdir().expect("temp dir");
    let tree = work.path().join("tree");
    rival_tree(&tree, "a.jsonl", "b.jsonl");
    let single = work.path().join("single");
    export(&tree, &single, "csv,jsonld,parquet");
    let kept = csv_column(&single.join("statements.csv"), "source");
    assert_eq!(kept, ["a.jsonl#1", "b.jsonl#2"]);

    // Exports of the inputs split by hand, marked as parts.
    let mut parts = Vec::new();
    for (k, name) in ["a.jsonl", "b.jsonl"].iter().enumerate() {
        let inputs = work.path().join(format!("in-{k}"));
        part_tree(&tree, &[name.to_string()], &inputs);
        let out = work.path().join(format!("out-{k}"));
        export_with(&inputs, &out, &["--part"]);
        parts.push(out);
    }
    let held = fs::read_to_string(parts[1].join("held-back.jsonl")).expect("held back");
    assert_eq!(held.lines().count(), 1, "{held}");
    assert!(held.contains("\"source\":\"b.jsonl#2\""), "{held}");
    let merged = work.path().join("merged");
    merge(&parts, &merged, "csv,jsonld,parquet");
    assert_same_release(&single, &merged, "held-back statement, export parts");

    // The same inputs through bayan map: the reject carries the statement.
    let mut map_parts = Vec::new();
    for (k, name) in ["a.jsonl", "b.jsonl"].iter().enumerate() {
        map_parts.extend(map_paths(
            &tree,
            &[name.to_string()],
            work.path(),
            &format!("m-{k}"),
        ));
    }
    let rejects = fs::read_to_string(&map_parts[3]).expect("map rejects");
    assert!(rejects.contains("\"held_back\":{"), "{rejects}");
    let merged = work.path().join("merged-map");
    merge(&map_parts, &merged, "csv,jsonld,parquet");
    assert_same_release(&single, &merged, "held-back statement, map parts");
}

#[test]
fn shards_hold_back_what_another_shard_may_undo() {
    use bayan::pipeline::Shard;
    // File names whose records fall as the case needs: a's line in shard
    // 1 of 2, both of b's lines in shard 2, a before b.
    let (first, second) = (
        Shard::new(1, 2).expect("1/2"),
        Shard::new(2, 2).expect("2/2"),
    );
    let a_name = (0..1000)
        .map(|n| format!("a{n}.jsonl"))
        .find(|name| first.holds(&format!("{name}#1")))
        .expect("a name in shard 1");
    let b_name = (0..1000)
        .map(|n| format!("b{n}.jsonl"))
        .find(|name| (1..=2).all(|line| second.holds(&format!("{name}#{line}"))))
        .expect("a name in shard 2");
    let work = tempfile::tempdir().expect("temp dir");
    let tree = work.path().join("tree");
    rival_tree(&tree, &a_name, &b_name);
    let single = work.path().join("single");
    export(&tree, &single, "csv,jsonld,parquet");
    let mut parts = Vec::new();
    for i in 1..=2 {
        let out = work.path().join(format!("shard-{i}"));
        export_with(&tree, &out, &["--shard", &format!("{i}/2")]);
        let package = fs::read_to_string(out.join("datapackage.json")).expect("package");
        assert!(package.contains("held-back.jsonl"), "described");
        parts.push(out);
    }
    assert_eq!(
        csv_column(&parts[1].join("statements.csv"), "source"),
        [format!("{b_name}#1")]
    );
    let merged = work.path().join("merged");
    merge(&parts, &merged, "csv,jsonld,parquet");
    assert_same_release(&single, &merged, "2 shards with a held-back statement");
    let output = bayan()
        .arg("validate")
        .arg(&parts[1])
        .output()
        .expect("bayan runs");
    assert_ok(&output, "validate a shard");
}
