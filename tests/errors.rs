//! Fatal errors, with the real binary: a run that cannot go on prints one
//! line on standard error, `bayan: ...`, that names the input, file or
//! directory at fault and says what to do, and exits with the code of the
//! README's table. No backtrace, no second line: cron mails that line and
//! nothing else.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

/// A scratch directory with one statement, a file where a directory is
/// expected (`not-a-dir`), and nothing else.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(
            dir.path().join("statement.txt"),
            "Statement on the talks\n\nThe talks went well.\n",
        )
        .expect("input");
        fs::write(dir.path().join("not-a-dir"), "a file").expect("file");
        Scratch { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// An output directory that cannot be created: its parent is a file.
    fn unwritable_out(&self) -> PathBuf {
        self.path("not-a-dir/out")
    }
}

/// Runs `bayan COMMAND ARGS... [--out OUT]`; `command` may hold flags
/// (`"run -q"`).
fn bayan_with(command: &str, args: &[&Path], out: Option<&Path>) -> Output {
    let mut bayan = bayan();
    bayan.args(command.split_whitespace()).args(args);
    if let Some(out) = out {
        bayan.arg("--out").arg(out);
    }
    bayan.output().expect("bayan runs")
}

/// Checks that `output` failed with `code` and one line on stderr that
/// names `names` and holds `remedy`; returns the line.
fn assert_fatal(output: &Output, code: i32, names: &Path, remedy: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code; stderr: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("bayan: "), "{stderr:?}");
    let named = names.display().to_string();
    assert!(stderr.contains(&named), "names {named}: {stderr:?}");
    assert!(
        stderr.contains(remedy),
        "says what to do ({remedy}): {stderr:?}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
    stderr
}

#[test]
fn an_output_directory_that_cannot_be_made_stops_every_command_with_4() {
    let scratch = Scratch::new();
    let out = scratch.unwritable_out();
    let input = scratch.path("statement.txt");
    let remedy = "check the path and permissions";
    let export = bayan_with("export", &[&input], Some(&out));
    assert_fatal(&export, 4, &out, remedy);
    let run = bayan_with("run -q", &[&input], Some(&out));
    assert_fatal(&run, 4, &out, remedy);

    let part = scratch.path("part");
    let exported = bayan_with("export --quiet", &[&input], Some(&part));
    assert_eq!(exported.status.code(), Some(0), "the part is exported");
    let merge = bayan_with("merge", &[&part], Some(&out));
    assert_fatal(&merge, 4, &out, remedy);

    let rejects = scratch.path("not-a-dir/rejects.jsonl");
    let map = bayan()
        .arg("map")
        .arg("--rejects")
        .arg(&rejects)
        .write_stdin("{\"title\": \"T\", \"body\": \"B\"}\n")
        .output()
        .expect("bayan runs");
    assert_fatal(&map, 4, &rejects, remedy);
}

#[test]
fn a_file_that_cannot_be_replaced_names_the_output_directory() {
    let scratch = Scratch::new();
    let out = scratch.path("out");
    // A directory where statements.csv is to go: the export writes all
    // its files, then cannot move that one into place.
    fs::create_dir_all(out.join("statements.csv/in-the-way")).expect("a directory in the way");
    let export = bayan_with("export", &[&scratch.path("statement.txt")], Some(&out));
    let line = assert_fatal(&export, 4, &out, "check that it is writable");
    assert!(line.contains("statements.csv"), "{line}");
    // SHA256SUMS, the file that completes a release, is not there.
    assert!(
        !out.join("SHA256SUMS").exists(),
        "the release is not complete"
    );
    let staging_left = fs::read_dir(&out).expect("out").any(|entry| {
        entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .starts_with('.')
    });
    assert!(!staging_left, "no staging directory left behind");
}

#[test]
fn a_missing_input_names_the_path_and_publishes_nothing() {
    let scratch = Scratch::new();
    let missing = scratch.path("no-such-statement.txt");
    let out = scratch.path("out");
    let input = scratch.path("statement.txt");
    let export = bayan_with("export", &[&input, &missing], Some(&out));
    assert_fatal(&export, 4, &missing, "check the path");
    assert!(!out.join("statements.csv").exists(), "nothing published");
    let run = bayan_with("run -q", &[&missing], Some(&out));
    assert_fatal(&run, 4, &missing, "check the path");
    assert!(!out.join("current").exists(), "no release");
    let merge = bayan_with("merge", &[&missing], Some(&out));
    assert_fatal(&merge, 4, &missing, "check the path");

    let empty = scratch.path("empty");
    fs::create_dir(&empty).expect("empty dir");
    let nothing = bayan_with("export", &[&empty], Some(&out));
    assert_fatal(
        &nothing,
        4,
        &empty,
        "give files, directories that hold some",
    );
}

#[test]
fn a_bad_configuration_value_names_the_file_the_line_and_the_fix_with_2() {
    let scratch = Scratch::new();
    let config = scratch.path("bayan.toml");
    let out = scratch.path("out");
    let cases = [
        ("keep = 0\n", "line 1: `keep`: must be at least 1"),
        (
            "name = \"ok\"\nbase_iri = \"statements/\"\n",
            "line 2: `base_iri`: \"statements/\" is not an absolute IRI; use one such as",
        ),
        ("csv_raw = \"yes\"\n", "line 1: `csv_raw`: invalid type"),
    ];
    for (text, expected) in cases {
        fs::write(&config, text).expect("configuration");
        let inputs = [config.as_path(), &scratch.path("statement.txt")];
        let run = bayan_with("run -q --config", &inputs, Some(&out));
        assert_fatal(&run, 2, &config, expected);
    }
    let missing = scratch.path("no-such.toml");
    let run = bayan_with("run -q --config", &[&missing], None);
    assert_fatal(&run, 2, &missing, "check --config");
    assert!(!out.exists(), "nothing was done");
}

#[test]
fn a_bad_command_line_is_one_line_too() {
    let scratch = Scratch::new();
    let out = scratch.path("out");
    let input = scratch.path("statement.txt");
    let relative_iri = bayan_with("export --base-iri statements/", &[&input], Some(&out));
    let remedy = "is not an absolute IRI; use one such as";
    assert_fatal(&relative_iri, 2, Path::new("--base-iri"), remedy);
    let missing_out = bayan_with("export", &[&input], None);
    assert_fatal(&missing_out, 2, Path::new("--out"), "see --help");
    assert!(!out.exists(), "nothing was done");
}
