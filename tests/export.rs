//! End-to-end tests of `bayan export`: they run the real binary on the seed
//! statement and on `samples/`, read the published files back (CSV with the
//! csv crate, Parquet with the parquet crate's Arrow reader, JSON-LD with
//! serde_json, `SHA256SUMS`) and check them field by field against the
//! dataset contract (`../shared/spec/DATASET.md`) and the exit codes of the
//! README.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use assert_cmd::Command;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const SEED_NAME: &str = "000_9e8232f106620835.txt";
const SEED_COOKIE_TEXT: &str = "ملفات تعريف الارتباط";

/// The files every release holds, whatever the input.
const RELEASE_FILES: [&str; 12] = [
    "SHA256SUMS",
    "amounts.csv",
    "amounts.parquet",
    "datapackage.json",
    "dates.csv",
    "dates.parquet",
    "mentions.csv",
    "mentions.parquet",
    "rejects.csv",
    "statements.csv",
    "statements.jsonld",
    "statements.parquet",
];

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn seed() -> PathBuf {
    repo_path("../shared/seed").join(SEED_NAME)
}

fn seed_text() -> String {
    fs::read_to_string(seed()).expect("the seed statement is readable UTF-8")
}

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

/// A dataset directory published by one run, and what the run printed.
struct Run {
    /// Keeps the temporary directory alive as long as the run is looked at
    /// (`None` for the shared runs, which live in the target directory).
    _temp: Option<TempDir>,
    out: PathBuf,
    output: Output,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Panics with what the run printed unless it exited 0.
    fn assert_success(self) -> Run {
        assert_eq!(
            self.code(),
            Some(0),
            "bayan export failed\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    fn file(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }

    /// Rows of a CSV table, each a map from column name to cell text.
    fn csv(&self, table: &str) -> Vec<BTreeMap<String, String>> {
        let path = self.file(&format!("{table}.csv"));
        let mut reader = csv::Reader::from_path(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        reader
            .deserialize()
            .map(|row| row.unwrap_or_else(|e| panic!("bad row in {}: {e}", path.display())))
            .collect()
    }

    /// The header row of a CSV table.
    fn csv_header(&self, table: &str) -> Vec<String> {
        let path = self.file(&format!("{table}.csv"));
        let mut reader = csv::Reader::from_path(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        reader
            .headers()
            .expect("a header row")
            .iter()
            .map(str::to_string)
            .collect()
    }

    /// All record batches of a Parquet table.
    fn parquet(&self, table: &str) -> Vec<RecordBatch> {
        let path = self.file(&format!("{table}.parquet"));
        let file =
            fs::File::open(&path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|builder| builder.build())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .map(|batch| batch.expect("a readable record batch"))
            .collect()
    }

    fn jsonld(&self) -> Value {
        let text = fs::read_to_string(self.file("statements.jsonld"))
            .expect("statements.jsonld is readable UTF-8");
        serde_json::from_str(&text).expect("statements.jsonld is JSON")
    }

    /// Every entry of the output directory, hidden ones included.
    fn entries(&self) -> Vec<String> {
        directory_entries(&self.out)
    }

    /// Every entry of the output directory with its bytes (`None` for a
    /// directory).
    fn contents(&self) -> Vec<(String, Option<Vec<u8>>)> {
        self.entries()
            .into_iter()
            .map(|name| {
                let bytes = fs::read(self.file(&name)).ok();
                (name, bytes)
            })
            .collect()
    }
}

fn directory_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Runs `bayan export INPUTS --out <fresh dir> EXTRA`.
fn export(inputs: &[&Path], extra: &[&str]) -> Run {
    export_with_stdin(inputs, extra, "")
}

/// Like [`export`], with `stdin` on standard input.
fn export_with_stdin(inputs: &[&Path], extra: &[&str], stdin: &str) -> Run {
    let temp = TempDir::new().expect("a temporary directory");
    let out = temp.path().join("dataset");
    let output = export_command(&out, inputs, extra)
        .write_stdin(stdin)
        .output()
        .expect("bayan runs");
    Run {
        _temp: Some(temp),
        out,
        output,
    }
}

/// Runs `bayan export INPUTS --out OUT EXTRA` into a directory of the
/// caller's.
fn export_into(out: &Path, inputs: &[&Path], extra: &[&str]) -> Output {
    export_command(out, inputs, extra)
        .output()
        .expect("bayan runs")
}

fn export_command(out: &Path, inputs: &[&Path], extra: &[&str]) -> Command {
    let mut command = bayan();
    command
        .arg("export")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra);
    command
}

fn export_seed() -> Run {
    export(&[&seed()], &[]).assert_success()
}

/// The seed exported once for the tests that only read the result.
fn seed_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| shared_run("seed", &[&seed()]))
}

/// `samples/statements` and `samples/bad` exported once for the tests that
/// only read the result.
fn samples_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let statements = repo_path("samples/statements");
        let bad = repo_path("samples/bad");
        shared_run("samples", &[&statements, &bad])
    })
}

/// An export into a new directory under the target directory, kept for
/// the whole test run (each export costs seconds of start-up in a debug
/// build, and statics are never dropped). Other test processes may share
/// the target directory, so each run gets its own directory; those left
/// by runs over an hour old are removed.
fn shared_run(name: &str, inputs: &[&Path]) -> Run {
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let prefix = format!("export-{name}-");
    remove_stale_runs(parent, &prefix);
    let dir = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(parent)
        .expect("a directory in the target directory")
        .keep();
    let out = dir.join("dataset");
    let output = export_into(&out, inputs, &[]);
    Run {
        _temp: None,
        out,
        output,
    }
    .assert_success()
}

fn remove_stale_runs(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > hour));
        if stale && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Values of one column over all batches, as text (`None` for null), so
/// Parquet cells compare with CSV cells.
fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    let mut values = Vec::new();
    for batch in batches {
        let array = batch
            .column_by_name(column)
            .unwrap_or_else(|| panic!("no column {column}"));
        let strings = array.as_string::<i32>();
        for i in 0..strings.len() {
            values.push((!strings.is_null(i)).then(|| strings.value(i).to_string()));
        }
    }
    values
}

fn int32s(batches: &[RecordBatch], column: &str) -> Vec<i32> {
    let mut values = Vec::new();
    for batch in batches {
        let array = batch
            .column_by_name(column)
            .unwrap_or_else(|| panic!("no column {column}"));
        values.extend(array.as_primitive::<Int32Type>().values().iter().copied());
    }
    values
}

fn data_type(batches: &[RecordBatch], column: &str) -> DataType {
    let batch = batches.first().expect("at least one record batch");
    batch
        .schema()
        .field_with_name(column)
        .unwrap_or_else(|_| panic!("no column {column}"))
        .data_type()
        .clone()
}

fn assert_sorted<T: Ord + Clone + std::fmt::Debug>(items: &[T], what: &str) {
    let mut sorted = items.to_vec();
    sorted.sort();
    assert_eq!(items, sorted, "{what}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_statement_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The text of `field` (`title` or `body`) from `start` to `end`, in code
/// points, as the contract defines offsets.
fn slice_code_points(text: &str, start: i32, end: i32) -> String {
    let start = usize::try_from(start).expect("start is not negative");
    let end = usize::try_from(end).expect("end is not negative");
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

mod seed_statement {
    use super::*;

    #[test]
    fn statement_fields_follow_the_contract() {
        let run = seed_run();
        let rows = run.csv("statements");
        assert_eq!(rows.len(), 1, "one statement from the seed");
        let row = &rows[0];
        let first_line = seed_text().lines().next().unwrap_or_default().to_string();
        assert_eq!(row["title"], first_line, "title is the first line");
        assert_eq!(row["source"], SEED_NAME);
        assert_eq!(row["language"], "ar");
        assert_eq!(row["doc_type"], "statement", "the title starts with بيان");
        assert_eq!(row["paragraph_count"], "4");
        assert_eq!(row["boilerplate_lines"], "1", "the cookie banner");
        assert!(
            !row["body"].contains(SEED_COOKIE_TEXT),
            "the cookie banner is not in the body"
        );
        assert!(row["body"].starts_with("عقد ممثلون دبلوماسيون كبار"));
        assert_eq!(row["body"].split("\n\n").count(), 4);
        assert!(
            is_statement_id(&row["statement_id"]),
            "{}",
            row["statement_id"]
        );
        assert_eq!(row["url"], "", "a plain-text file gives no URL");
        let content = format!("{}\n\n{}", row["title"], row["body"]);
        assert_eq!(row["content_sha256"], sha256_hex(content.as_bytes()));
        let words: i32 = row["word_count"].parse().expect("word_count is an integer");
        assert!((300..700).contains(&words), "word_count {words}");
        assert!(run.csv("rejects").is_empty());
    }

    /// The headers come from the one table definition (whose unit test
    /// ties it to the contract), in its column order.
    #[test]
    fn every_table_has_the_contract_header() {
        let run = seed_run();
        for table in bayan::schema::TABLES {
            let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(
                run.csv_header(table.name),
                columns,
                "header of {}.csv",
                table.name
            );
        }
    }

    #[test]
    fn parquet_holds_the_same_statement_with_contract_types() {
        let run = seed_run();
        let csv = &run.csv("statements")[0];
        let batches = run.parquet("statements");
        for column in [
            "statement_id",
            "source",
            "title",
            "doc_type",
            "language",
            "body",
        ] {
            assert_eq!(
                strings(&batches, column),
                vec![Some(csv[column].clone())],
                "statements.parquet {column}"
            );
        }
        assert_eq!(int32s(&batches, "paragraph_count"), vec![4]);
        assert_eq!(int32s(&batches, "boilerplate_lines"), vec![1]);
        assert_eq!(data_type(&batches, "published"), DataType::Date32);
        assert_eq!(data_type(&batches, "word_count"), DataType::Int32);
        let amounts = run.parquet("amounts");
        if !amounts.is_empty() {
            assert_eq!(data_type(&amounts, "value"), DataType::Decimal128(38, 2));
        }
        let dates = run.parquet("dates");
        if !dates.is_empty() {
            assert_eq!(data_type(&dates, "date"), DataType::Date32);
            assert_eq!(data_type(&dates, "year_inferred"), DataType::Boolean);
        }
    }

    #[test]
    fn jsonld_describes_the_statement() {
        let run = seed_run();
        let row = &run.csv("statements")[0];
        let document = run.jsonld();
        assert!(document["@context"].is_object(), "the @context is inline");
        let graph = document["@graph"].as_array().expect("a @graph array");
        assert_eq!(graph.len(), 1, "one node per statement");
        let node = &graph[0];
        let id = node
            .get("@id")
            .or_else(|| node.get("id"))
            .and_then(Value::as_str)
            .expect("the statement has an @id");
        assert!(id.contains(':'), "@id {id} is an absolute IRI");
        assert!(
            id.ends_with(&row["statement_id"]),
            "@id {id} names the statement"
        );
        let text_of = |value: &Value| -> Option<String> {
            match value {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("@value").and_then(Value::as_str).map(str::to_string),
                _ => None,
            }
        };
        assert_eq!(text_of(&node["genre"]).as_deref(), Some("statement"));
        assert_eq!(text_of(&node["headline"]), Some(row["title"].clone()));
        assert_eq!(
            node["headline"]["@language"].as_str(),
            Some("ar"),
            "the headline carries its language"
        );
    }

    #[test]
    fn amounts_dates_and_places_are_extracted() {
        let run = seed_run();
        let amounts = run.csv("amounts");
        let has_amount = |number: &str, value: &str, qualifier: &str| {
            amounts.iter().any(|a| {
                a["text"].contains(number)
                    && a["value"] == value
                    && a["currency"] == "USD"
                    && a["qualifier"] == qualifier
                    && a["field"] == "body"
            })
        };
        assert!(
            has_amount("600 مليون دولار", "600000000.00", "more_than"),
            "{amounts:?}"
        );
        assert!(
            has_amount("670 مليون دولار", "670000000.00", "exact"),
            "{amounts:?}"
        );

        let dates = run.csv("dates");
        let kabul_attack = dates
            .iter()
            .find(|d| d["text"].contains("26 آب/أغسطس"))
            .unwrap_or_else(|| panic!("the date of the Kabul attack: {dates:?}"));
        assert_eq!(kabul_attack["date"], "2021-08-26");
        assert_eq!(kabul_attack["precision"], "day");
        assert_eq!(kabul_attack["year_inferred"], "true");
        assert_eq!(kabul_attack["calendar"], "gregorian");
        let year = dates
            .iter()
            .find(|d| d["text"].contains("2021") && d["precision"] == "year")
            .unwrap_or_else(|| panic!("the year 2021: {dates:?}"));
        assert_eq!(year["date"], "2021-01-01");
        assert_eq!(year["year_inferred"], "false");

        let mentions = run.csv("mentions");
        for (name, country) in [
            ("Iraq", "IQ"),
            ("Syria", "SY"),
            ("Afghanistan", "AF"),
            ("Kabul", "AF"),
            ("Rome", "IT"),
        ] {
            assert!(
                mentions
                    .iter()
                    .any(|m| m["kind"] == "place" && m["name"] == name && m["country"] == country),
                "place {name} ({country}) in {mentions:?}"
            );
        }
        assert!(
            mentions.iter().any(|m| m["kind"] == "person"
                && m["text"] == "جون غودفري"
                && !m["role"].is_empty()),
            "the envoy with his role in {mentions:?}"
        );
    }

    #[test]
    fn same_input_gives_the_same_id_and_identical_files() {
        let first = seed_run();
        let second = export_seed();
        assert_eq!(
            first.csv("statements")[0]["statement_id"],
            second.csv("statements")[0]["statement_id"]
        );
        let names = first.entries();
        assert_eq!(names, second.entries());
        for name in RELEASE_FILES {
            assert!(names.iter().any(|n| n == name), "{name} is published");
        }
        for name in &names {
            let a = fs::read(first.file(name)).expect("readable");
            let b = fs::read(second.file(name)).expect("readable");
            assert!(a == b, "{name} differs between two runs on the same input");
        }
    }

    #[test]
    fn release_has_no_staging_left_and_checksums_match() {
        let run = seed_run();
        let entries = run.entries();
        assert!(
            entries.iter().all(|name| !name.starts_with('.')),
            "staging or hidden files left behind: {entries:?}"
        );
        let sums = fs::read_to_string(run.file("SHA256SUMS")).expect("SHA256SUMS is published");
        let mut listed = Vec::new();
        for line in sums.lines() {
            let (digest, name) = line
                .split_once("  ")
                .unwrap_or_else(|| panic!("not a sha256sum line: {line:?}"));
            let bytes = fs::read(run.file(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(digest, sha256_hex(&bytes), "checksum of {name}");
            listed.push(name.to_string());
        }
        let mut expected: Vec<String> = entries.into_iter().filter(|n| n != "SHA256SUMS").collect();
        expected.sort();
        listed.sort();
        assert_eq!(listed, expected, "SHA256SUMS lists every other file");
    }

    /// A release replaces the one before it: no file of the old release
    /// stays beside the new one, unlisted in its SHA256SUMS.
    #[test]
    fn a_new_release_leaves_no_file_of_the_old_one() {
        let run = export_seed();
        let output = export_into(&run.out, &[&seed()], &["--formats", "csv"]);
        assert_eq!(output.status.code(), Some(0));
        let entries = run.entries();
        assert!(
            entries
                .iter()
                .all(|name| !name.ends_with(".parquet") && name != "statements.jsonld"),
            "files of the previous release left: {entries:?}"
        );
        let sums = fs::read_to_string(run.file("SHA256SUMS")).expect("SHA256SUMS is published");
        for name in entries.iter().filter(|n| *n != "SHA256SUMS") {
            assert!(
                sums.lines()
                    .any(|line| line.ends_with(&format!("  {name}"))),
                "{name} is in the directory but not in SHA256SUMS"
            );
        }
    }

    #[test]
    fn stdin_dash_reads_one_statement() {
        let from_stdin = export_with_stdin(&[Path::new("-")], &[], &seed_text()).assert_success();
        let row = &from_stdin.csv("statements")[0];
        // `-` starts like a formula, so the CSV rule gives it an apostrophe;
        // Parquet keeps it as it is.
        assert_eq!(row["source"], "'-");
        assert_eq!(
            strings(&from_stdin.parquet("statements"), "source"),
            vec![Some("-".to_string())]
        );
        let from_file = &seed_run().csv("statements")[0];
        assert_eq!(row["title"], from_file["title"]);
        assert_eq!(
            row["statement_id"], from_file["statement_id"],
            "same content, same id, wherever it came from"
        );
    }

    #[test]
    fn summary_line_counts_the_run() {
        let run = seed_run();
        let stdout = run.stdout();
        let line = stdout
            .strip_suffix('\n')
            .expect("one line ending in a newline");
        assert!(!line.contains('\n'), "one line: {stdout:?}");
        let pattern = regex::Regex::new(
            r"^1 statements, 0 rejects, \d+ mentions, \d+ amounts, \d+ dates in \d+\.\d\ds$",
        )
        .expect("a valid pattern");
        assert!(pattern.is_match(line), "summary line {line:?}");
        assert!(run.stderr().is_empty(), "stderr: {}", run.stderr());
    }

    #[test]
    fn quiet_prints_nothing() {
        let run = export(&[&seed()], &["--quiet"]).assert_success();
        assert_eq!(run.stdout(), "");
        assert_eq!(run.stderr(), "");
        assert_eq!(run.csv("statements").len(), 1, "--quiet still exports");
    }
}

mod failures {
    use super::*;

    #[test]
    fn missing_input_exits_4_with_one_error_line() {
        let temp = TempDir::new().expect("a temporary directory");
        let missing = temp.path().join("no-such-statement.txt");
        let run = export(&[&missing], &[]);
        assert_eq!(run.code(), Some(4));
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "one error line: {stderr:?}");
        assert!(stderr.starts_with("bayan: "), "{stderr:?}");
        assert!(
            stderr.contains("no-such-statement.txt"),
            "names the input: {stderr:?}"
        );
        assert_eq!(run.stdout(), "");
    }

    #[test]
    fn unwritable_output_exits_4() {
        let temp = TempDir::new().expect("a temporary directory");
        // A regular file where a directory must go: fails even for root.
        let blocker = temp.path().join("a-file");
        fs::write(&blocker, "not a directory").expect("writable temp dir");
        let output = export_into(&blocker.join("dataset"), &[&seed()], &[]);
        assert_eq!(output.status.code(), Some(4));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "one error line: {stderr:?}");
        assert!(stderr.starts_with("bayan: "), "{stderr:?}");
    }

    #[test]
    fn unknown_format_is_a_usage_error() {
        let run = export(&[&seed()], &["--formats", "xlsx"]);
        assert_eq!(run.code(), Some(2));
        assert!(run.stderr().contains("xlsx"), "{}", run.stderr());
        assert!(!run.out.exists(), "nothing done on a usage error");
    }

    #[test]
    fn rejects_alone_are_not_a_failure() {
        let bad = repo_path("samples/bad");
        let run = export(&[&seed(), &bad], &[]).assert_success();
        assert_eq!(run.csv("statements").len(), 1);
        assert!(!run.csv("rejects").is_empty());
        assert!(
            run.stdout().starts_with("1 statements, 5 rejects, "),
            "{}",
            run.stdout()
        );
    }

    #[test]
    fn strict_with_rejects_exits_3_and_publishes_nothing() {
        let bad = repo_path("samples/bad");
        let run = export(&[&seed(), &bad], &["--strict"]);
        assert_eq!(run.code(), Some(3), "stderr: {}", run.stderr());
        assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
        assert!(
            run.entries().is_empty(),
            "nothing published, no staging left: {:?}",
            run.entries()
        );
    }

    #[test]
    fn strict_failure_keeps_the_previous_release() {
        let run = export_seed();
        let before = run.contents();
        let bad = repo_path("samples/bad");
        let output = export_into(&run.out, &[&bad], &["--strict"]);
        assert_eq!(output.status.code(), Some(3));
        let after = run.contents();
        let names = |c: &[(String, Option<Vec<u8>>)]| -> Vec<String> {
            c.iter().map(|(name, _)| name.clone()).collect()
        };
        assert_eq!(names(&before), names(&after), "the same entries");
        assert!(
            before == after,
            "the release before the failed run is untouched"
        );
    }

    #[test]
    fn strict_without_rejects_succeeds() {
        let run = export(&[&seed()], &["--strict"]).assert_success();
        assert_eq!(run.csv("statements").len(), 1);
    }
}

mod options {
    use super::*;

    const BOM: &[u8] = b"\xEF\xBB\xBF";

    #[test]
    fn csv_has_a_byte_order_mark_only_on_request() {
        let plain = seed_run();
        let with_bom = export(&[&seed()], &["--csv-bom"]).assert_success();
        for table in ["statements", "mentions", "amounts", "dates", "rejects"] {
            let name = format!("{table}.csv");
            let bytes = fs::read(plain.file(&name)).expect("readable");
            assert!(!bytes.starts_with(BOM), "{name} has a BOM by default");
            let bytes = fs::read(with_bom.file(&name)).expect("readable");
            assert!(bytes.starts_with(BOM), "{name} has no BOM with --csv-bom");
        }
    }

    #[test]
    fn formats_limit_the_files_but_rejects_csv_is_always_written() {
        let run = export(&[&seed()], &["--formats", "parquet"]).assert_success();
        let entries = run.entries();
        for name in ["statements.parquet", "rejects.csv", "SHA256SUMS"] {
            assert!(entries.iter().any(|n| n == name), "{name} in {entries:?}");
        }
        assert!(
            !entries
                .iter()
                .any(|n| n == "statements.csv" || n == "statements.jsonld"),
            "only the asked formats: {entries:?}"
        );
    }

    #[test]
    fn inputs_over_max_bytes_are_rejected_as_too_large() {
        let run = export(&[&seed()], &["--max-bytes", "100"]).assert_success();
        assert!(run.csv("statements").is_empty());
        let rejects = run.csv("rejects");
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0]["source"], SEED_NAME);
        assert_eq!(rejects[0]["reason"], "too_large");
    }

    #[test]
    fn the_same_statement_twice_is_exported_once() {
        let copy_dir = TempDir::new().expect("a temporary directory");
        let copy = copy_dir.path().join("copy-of-the-seed.txt");
        fs::write(&copy, seed_text()).expect("writable temp dir");
        let run = export(&[&seed(), &copy], &[]).assert_success();
        assert_eq!(run.csv("statements").len(), 1);
        let rejects = run.csv("rejects");
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!(rejects[0]["reason"], "duplicate");
    }
}

mod samples {
    use super::*;

    /// Each bad sample and the reason it must be rejected with.
    const BAD: [(&str, &str); 5] = [
        ("binary_nul_bytes.docx", "binary"),
        ("boilerplate_only.txt", "not_a_statement"),
        ("empty.txt", "empty"),
        ("latin1_not_utf8.txt", "not_utf8"),
        ("whitespace_only.txt", "empty"),
    ];

    /// Each sample statement with its language and document type.
    const STATEMENTS: [(&str, &str, &str); 12] = [
        (
            "ar_joint_statement_sudan_ceasefire.txt",
            "ar",
            "joint_statement",
        ),
        ("ar_statement_yemen_pledges.txt", "ar", "statement"),
        (
            "en_joint_statement_ukraine_energy.txt",
            "en",
            "joint_statement",
        ),
        ("en_media_note_visa_appointments.txt", "en", "media_note"),
        ("en_readout_call_kenya.txt", "en", "readout"),
        ("en_statement_translation_courtesy.txt", "en", "statement"),
        (
            "es_comunicado_conjunto_centroamerica.txt",
            "es",
            "joint_statement",
        ),
        ("fa_bayanieh_refugees.txt", "fa", "statement"),
        ("fr_declaration_sahel.txt", "fr", "statement"),
        ("ru_zayavlenie_arctic.txt", "ru", "statement"),
        ("ur_mushtarka_bayan_floods.txt", "ur", "joint_statement"),
        ("zh_shengming_vaccines.txt", "zh", "statement"),
    ];

    /// Boilerplate lines of each sample: none may be left in the body, and
    /// `boilerplate_lines` counts them.
    const BOILERPLATE: [(&str, &[&str]); 12] = [
        (
            "ar_joint_statement_sudan_ceasefire.txt",
            &["جميع الحقوق محفوظة"],
        ),
        (
            "ar_statement_yemen_pledges.txt",
            &[
                "هذه الترجمة مقدمة كخدمة",
                "شارك هذا",
                "طباعة",
                "ملفات تعريف الارتباط",
            ],
        ),
        (
            "en_joint_statement_ukraine_energy.txt",
            &["We use cookies", "Share this page", "Crown copyright"],
        ),
        ("en_media_note_visa_appointments.txt", &["Share", "Print"]),
        (
            "en_readout_call_kenya.txt",
            &["Share this", "Print", "Copyright ©"],
        ),
        (
            "en_statement_translation_courtesy.txt",
            &[
                "provided as a courtesy",
                "Print this page",
                "Cookie settings",
            ],
        ),
        (
            "es_comunicado_conjunto_centroamerica.txt",
            &[
                "utiliza cookies",
                "Compartir",
                "Imprimir",
                "Todos los derechos reservados",
            ],
        ),
        (
            "fa_bayanieh_refugees.txt",
            &["از کوکی‌ها استفاده", "اشتراک‌گذاری", "چاپ"],
        ),
        (
            "fr_declaration_sahel.txt",
            &["utilise des cookies", "Partager", "Imprimer", "© Ministère"],
        ),
        (
            "ru_zayavlenie_arctic.txt",
            &["Поделиться", "Версия для печати", "Все права защищены"],
        ),
        (
            "ur_mushtarka_bayan_floods.txt",
            &["سہولت کے لیے فراہم", "شیئر کریں", "پرنٹ کریں"],
        ),
        (
            "zh_shengming_vaccines.txt",
            &["分享到", "打印本页", "版权所有"],
        ),
    ];

    fn by_source(
        rows: Vec<BTreeMap<String, String>>,
    ) -> BTreeMap<String, BTreeMap<String, String>> {
        rows.into_iter()
            .map(|row| (row["source"].clone(), row))
            .collect()
    }

    #[test]
    fn every_bad_sample_is_one_reject_with_its_reason() {
        let bad = repo_path("samples/bad");
        let run = export(&[&bad], &[]).assert_success();
        assert!(run.csv("statements").is_empty());
        let rejects = run.csv("rejects");
        let got: Vec<(&str, &str)> = rejects
            .iter()
            .map(|r| (r["source"].as_str(), r["reason"].as_str()))
            .collect();
        assert_eq!(got, BAD, "one reject per bad input, in input order");
        for reject in &rejects {
            assert!(
                reject["detail"].len() > 10,
                "{}: the detail says what to do",
                reject["source"]
            );
        }
    }

    #[test]
    fn every_sample_statement_is_accepted_with_its_language_and_type() {
        let run = samples_run();
        let statements = by_source(run.csv("statements"));
        let sources: Vec<&str> = statements.keys().map(String::as_str).collect();
        let expected: Vec<&str> = STATEMENTS.iter().map(|(file, _, _)| *file).collect();
        assert_eq!(sources, expected);
        let mut wrong = Vec::new();
        for (file, language, doc_type) in STATEMENTS {
            let row = &statements[file];
            if row["language"] != language || row["doc_type"] != doc_type {
                wrong.push(format!(
                    "{file}: {}/{} (want {language}/{doc_type})",
                    row["language"], row["doc_type"]
                ));
            }
            assert!(is_statement_id(&row["statement_id"]), "{file}");
        }
        assert!(wrong.is_empty(), "language/doc_type:\n{}", wrong.join("\n"));
        assert_eq!(run.csv("rejects").len(), BAD.len());
    }

    #[test]
    fn boilerplate_is_removed_and_counted() {
        let run = samples_run();
        let statements = by_source(run.csv("statements"));
        let mut wrong = Vec::new();
        for (file, lines) in BOILERPLATE {
            let row = &statements[file];
            let body_lines: Vec<&str> = row["body"].lines().collect();
            for line in lines {
                if body_lines.iter().any(|l| l.contains(line)) {
                    wrong.push(format!("{file}: {line:?} left in the body"));
                }
            }
            if row["boilerplate_lines"] != lines.len().to_string() {
                wrong.push(format!(
                    "{file}: boilerplate_lines {} (want {})",
                    row["boilerplate_lines"],
                    lines.len()
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The header of each sample: dateline place, publication date.
    const HEADERS: [(&str, Option<&str>, Option<&str>); 12] = [
        (
            "ar_joint_statement_sudan_ceasefire.txt",
            Some("القاهرة"),
            Some("2023-07-03"),
        ),
        (
            "ar_statement_yemen_pledges.txt",
            Some("واشنطن"),
            Some("2022-05-12"),
        ),
        (
            "en_joint_statement_ukraine_energy.txt",
            Some("Berlin"),
            Some("2023-11-27"),
        ),
        ("en_media_note_visa_appointments.txt", None, None),
        ("en_readout_call_kenya.txt", None, Some("2024-03-14")),
        (
            "en_statement_translation_courtesy.txt",
            None,
            Some("2023-10-09"),
        ),
        (
            "es_comunicado_conjunto_centroamerica.txt",
            Some("Ciudad de México"),
            Some("2024-01-18"),
        ),
        (
            "fa_bayanieh_refugees.txt",
            Some("تهران"),
            Some("2022-05-13"),
        ),
        (
            "fr_declaration_sahel.txt",
            Some("Paris"),
            Some("2023-03-03"),
        ),
        (
            "ru_zayavlenie_arctic.txt",
            Some("Мурманск"),
            Some("2023-03-15"),
        ),
        (
            "ur_mushtarka_bayan_floods.txt",
            Some("اسلام آباد"),
            Some("2023-01-09"),
        ),
        (
            "zh_shengming_vaccines.txt",
            Some("北京"),
            Some("2021-02-11"),
        ),
    ];

    #[test]
    fn datelines_give_the_place_and_the_publication_date() {
        let run = samples_run();
        let statements = by_source(run.csv("statements"));
        let mut wrong = Vec::new();
        for (file, place, published) in HEADERS {
            let row = &statements[file];
            if row["dateline"] != place.unwrap_or_default() {
                wrong.push(format!(
                    "{file}: dateline {:?}, want {place:?}",
                    row["dateline"]
                ));
            }
            if row["published"] != published.unwrap_or_default() {
                wrong.push(format!(
                    "{file}: published {:?}, want {published:?}",
                    row["published"]
                ));
            }
            let source = row["published_source"].as_str();
            let expected_source = match published {
                Some(_) => ["dateline", "text"].contains(&source),
                None => source == "none",
            };
            if !expected_source {
                wrong.push(format!("{file}: published_source {source:?}"));
            }
        }
        let readout = &statements["en_readout_call_kenya.txt"];
        if readout["issuer"] != "Office of the Spokesperson" {
            wrong.push(format!("readout issuer {:?}", readout["issuer"]));
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn csv_neutralises_formulas_and_parquet_keeps_the_text() {
        let run = samples_run();
        let file = "en_media_note_visa_appointments.txt";
        let csv_body = by_source(run.csv("statements"))[file]["body"].clone();
        assert!(csv_body.starts_with("'@USinNigeria"), "{csv_body:?}");
        let batches = run.parquet("statements");
        let sources = strings(&batches, "source");
        let bodies = strings(&batches, "body");
        let index = sources
            .iter()
            .position(|s| s.as_deref() == Some(file))
            .expect("the media note is in statements.parquet");
        let parquet_body = bodies[index].clone().expect("a body");
        assert!(parquet_body.starts_with("@USinNigeria"), "{parquet_body:?}");
        assert_eq!(csv_body, format!("'{parquet_body}"));
    }

    #[test]
    fn child_offsets_give_back_their_text() {
        let run = samples_run();
        let statements = run.parquet("statements");
        let ids = strings(&statements, "statement_id");
        let titles = strings(&statements, "title");
        let bodies = strings(&statements, "body");
        let field_text = |id: &str, field: &str| -> String {
            let index = ids
                .iter()
                .position(|x| x.as_deref() == Some(id))
                .unwrap_or_else(|| panic!("statement {id} exists"));
            let texts = if field == "title" { &titles } else { &bodies };
            texts[index].clone().unwrap_or_default()
        };
        let mut checked = 0;
        for table in ["mentions", "amounts", "dates"] {
            let batches = run.parquet(table);
            let rows = strings(&batches, "statement_id")
                .into_iter()
                .zip(strings(&batches, "field"))
                .zip(strings(&batches, "text"))
                .zip(
                    int32s(&batches, "start")
                        .into_iter()
                        .zip(int32s(&batches, "end")),
                );
            for (((id, field), text), (start, end)) in rows {
                let (id, field, text) = (
                    id.unwrap_or_default(),
                    field.unwrap_or_default(),
                    text.unwrap_or_default(),
                );
                assert!(start < end, "{table} {id} {field} [{start}, {end})");
                assert_eq!(
                    slice_code_points(&field_text(&id, &field), start, end),
                    text,
                    "{table} {id} {field}[{start}..{end}]"
                );
                checked += 1;
            }
        }
        assert!(
            checked >= 30,
            "only {checked} extracted values in the samples"
        );
    }

    #[test]
    fn child_rows_follow_statement_then_field_then_start() {
        let run = samples_run();
        let order: Vec<String> = run
            .csv("statements")
            .into_iter()
            .map(|row| row["statement_id"].clone())
            .collect();
        for table in ["mentions", "amounts", "dates"] {
            let keys: Vec<(usize, bool, i64)> = run
                .csv(table)
                .iter()
                .map(|row| {
                    let position = order
                        .iter()
                        .position(|id| *id == row["statement_id"])
                        .unwrap_or_else(|| panic!("{table} row of unknown statement"));
                    let start: i64 = row["start"].parse().expect("start is an integer");
                    (position, row["field"] == "body", start)
                })
                .collect();
            assert_sorted(&keys, &format!("{table} rows in contract order"));
        }
    }

    #[test]
    fn statements_follow_input_order() {
        let run = samples_run();
        let sources: Vec<String> = run
            .csv("statements")
            .into_iter()
            .map(|row| row["source"].clone())
            .collect();
        assert_sorted(&sources, "inputs sorted by path");
    }

    #[test]
    fn dates_read_as_contract_types() {
        let run = samples_run();
        let batches = run.parquet("dates");
        assert_eq!(data_type(&batches, "date"), DataType::Date32);
        assert_eq!(data_type(&batches, "end_date"), DataType::Date32);
        let mut days = 0;
        for batch in &batches {
            let column = batch.column_by_name("date").expect("a date column");
            days += column.as_primitive::<Date32Type>().len();
        }
        assert_eq!(days, run.csv("dates").len(), "the same rows as dates.csv");
    }
}
