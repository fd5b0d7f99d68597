//! End-to-end tests of the files that describe a release (`csv-metadata.json`,
//! `catalog.jsonld`, `README.md`, `index.html`) and of `bayan validate`:
//! they run the real binary on `samples/`, read the files back, tamper with
//! copies of a release, and render the landing page in headless Chromium
//! (Debian's `chromium` package; the test is skipped only when it is absent
//! and `CI` is unset).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// The files `bayan export` adds to describe a release.
const DESCRIBING_FILES: [&str; 4] = [
    "csv-metadata.json",
    "catalog.jsonld",
    "README.md",
    "index.html",
];

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn bayan() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("bayan")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exports `samples/statements` and `samples/bad` into `out`.
fn export_samples(out: &Path, extra: &[&str]) {
    let output = bayan()
        .arg("export")
        .arg(repo_path("samples/statements"))
        .arg(repo_path("samples/bad"))
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("bayan runs");
    assert!(
        output.status.success(),
        "bayan export failed: {}",
        text(&output.stderr)
    );
}

/// The samples exported once, for the tests that only read the release.
fn release() -> &'static Path {
    static RELEASE: OnceLock<TempDir> = OnceLock::new();
    RELEASE
        .get_or_init(|| {
            let temp = TempDir::new().expect("temp dir");
            export_samples(temp.path(), &[]);
            temp
        })
        .path()
}

/// A copy of the shared release to tamper with.
fn release_copy() -> TempDir {
    let copy = TempDir::new().expect("temp dir");
    for entry in fs::read_dir(release()).expect("release") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copied");
    }
    copy
}

fn validate(dir: &Path) -> Output {
    bayan()
        .arg("validate")
        .arg(dir)
        .output()
        .expect("bayan runs")
}

/// Asserts `bayan validate` fails with exit code 6 and reports `expected`.
fn assert_invalid(dir: &Path, expected: &[&str]) {
    let output = validate(dir);
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(6), "report: {report}");
    for line in expected {
        assert!(report.contains(line), "{line:?} missing from:\n{report}");
    }
    assert!(text(&output.stderr).contains("problems in"));
}

fn json(dir: &Path, name: &str) -> Value {
    let text = fs::read_to_string(dir.join(name)).expect("file");
    serde_json::from_str(&text).expect("valid JSON")
}

fn sha256(path: &Path) -> String {
    let bytes = fs::read(path).expect("file");
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn csv_header(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("CSV");
    reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect()
}

fn csv_rows(path: &Path) -> usize {
    csv::Reader::from_path(path).expect("CSV").records().count()
}

fn release_files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("release")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn describing_files_are_checksummed_and_the_release_validates() {
    let dir = release();
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
    for name in DESCRIBING_FILES {
        let line = format!("{}  {name}", sha256(&dir.join(name)));
        assert!(sums.lines().any(|l| l == line), "{name} in SHA256SUMS");
    }
    let output = validate(dir);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("is valid: 15 files match SHA256SUMS"));
}

#[test]
fn describing_files_are_the_same_for_the_same_input() {
    let again = TempDir::new().expect("temp dir");
    export_samples(again.path(), &[]);
    for name in DESCRIBING_FILES {
        let first = fs::read(release().join(name)).expect("first");
        let second = fs::read(again.path().join(name)).expect("second");
        assert!(first == second, "{name} differs between two exports");
    }
}

#[test]
fn csv_metadata_describes_each_csv_file_as_written() {
    let dir = release();
    let metadata = json(dir, "csv-metadata.json");
    assert_eq!(metadata["@context"][0], "http://www.w3.org/ns/csvw");
    let tables = metadata["tables"].as_array().expect("tables");
    let described: BTreeSet<String> = tables
        .iter()
        .filter_map(|t| t["url"].as_str().map(str::to_string))
        .collect();
    let csv_files: BTreeSet<String> = release_files(dir)
        .into_iter()
        .filter(|name| name.ends_with(".csv"))
        .collect();
    assert_eq!(described, csv_files);
    for table in tables {
        let url = table["url"].as_str().expect("url");
        let columns: Vec<String> = table["tableSchema"]["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .filter_map(|c| c["name"].as_str().map(str::to_string))
            .collect();
        assert_eq!(columns, csv_header(&dir.join(url)), "{url}");
    }
}

#[test]
fn the_catalog_states_each_data_file_truly() {
    let dir = release();
    let catalog = json(dir, "catalog.jsonld");
    let dataset = &catalog["dcat:dataset"];
    assert_eq!(dataset["@type"], "dcat:Dataset");
    assert_eq!(
        dataset["dct:license"]["@id"],
        "https://spdx.org/licenses/CC0-1.0.html"
    );
    let languages = dataset["dct:language"].as_array().expect("languages");
    assert!(
        languages.contains(&serde_json::json!({"@id": "http://id.loc.gov/vocabulary/iso639-1/ar"}))
    );
    let distributions = dataset["dcat:distribution"].as_array().expect("list");
    assert_eq!(distributions.len(), 10, "every data file, no metadata file");
    for distribution in distributions {
        let name = distribution["dcat:downloadURL"]["@id"]
            .as_str()
            .expect("URL");
        let path = dir.join(name);
        let bytes = fs::metadata(&path).expect("the URL names a file").len();
        assert_eq!(distribution["dcat:byteSize"]["@value"], bytes.to_string());
        assert_eq!(
            distribution["spdx:checksum"]["spdx:checksumValue"]["@value"],
            sha256(&path)
        );
    }
}

#[test]
fn the_card_counts_what_the_tables_hold() {
    let dir = release();
    let card = fs::read_to_string(dir.join("README.md")).expect("card");
    for table in ["statements", "mentions", "amounts", "dates", "rejects"] {
        let rows = csv_rows(&dir.join(format!("{table}.csv")));
        assert!(
            card.contains(&format!("| {table} | {rows} |")),
            "{table} has {rows} rows in the card"
        );
    }
    assert!(card.contains("| ar | 2 |"), "{card}");
    assert!(card.contains("pd.read_parquet(\"statements.parquet\")"));
    assert!(card.contains("GeoNames"));
}

#[test]
fn a_changed_byte_is_caught() {
    let copy = release_copy();
    let path = copy.path().join("amounts.parquet");
    let mut bytes = fs::read(&path).expect("file");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&path, bytes).expect("tampered");
    assert_invalid(
        copy.path(),
        &["amounts.parquet: SHA-256 is", "the file changed"],
    );
}

#[test]
fn a_removed_file_is_caught() {
    let copy = release_copy();
    fs::remove_file(copy.path().join("mentions.csv")).expect("removed");
    assert_invalid(
        copy.path(),
        &[
            "SHA256SUMS line",
            "lists mentions.csv, which is missing",
            "datapackage.json: describes mentions.csv, which is missing",
        ],
    );
}

#[test]
fn a_row_with_an_unknown_statement_is_caught() {
    let copy = release_copy();
    let path = copy.path().join("dates.csv");
    let mut dates = fs::read_to_string(&path).expect("dates");
    dates.push_str("0000000000000000,2021,2021-01-01,,year,false,gregorian,body,0,4\r\n");
    fs::write(&path, dates).expect("tampered");
    let rows = csv_rows(&path);
    assert_invalid(
        copy.path(),
        &[
            &format!("dates.csv row {rows}: statement_id \"0000000000000000\" is not a statement"),
            "dates.parquet: has",
        ],
    );
}

#[test]
fn a_value_outside_its_code_list_is_caught() {
    let copy = release_copy();
    let path = copy.path().join("rejects.csv");
    let rejects = fs::read_to_string(&path).expect("rejects");
    let mut lines: Vec<String> = rejects.split("\r\n").map(str::to_string).collect();
    let fields: Vec<&str> = lines[1].splitn(3, ',').collect();
    let reason = fields[1].to_string();
    lines[1] = lines[1].replacen(&format!(",{reason},"), ",lost_in_the_post,", 1);
    fs::write(&path, lines.join("\r\n")).expect("tampered");
    assert_invalid(
        copy.path(),
        &["rejects.csv row 1: `reason` is \"lost_in_the_post\", not one of"],
    );
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let copy = release_copy();
    fs::remove_file(copy.path().join("dates.parquet")).expect("removed");
    fs::write(copy.path().join("notes.txt"), "x").expect("extra file");
    let output = validate(copy.path());
    let report = text(&output.stdout);
    assert!(
        report.contains("notes.txt: is not listed in SHA256SUMS"),
        "{report}"
    );
    assert!(
        report.contains("lists dates.parquet, which is missing"),
        "{report}"
    );
    assert!(report.contains("is NOT valid: "), "{report}");
}

#[test]
fn a_missing_directory_is_an_input_output_error() {
    let temp = TempDir::new().expect("temp dir");
    let output = validate(&temp.path().join("nowhere"));
    assert_eq!(output.status.code(), Some(4));
    assert!(text(&output.stderr).contains("is not a directory"));
}

#[test]
fn other_formats_and_a_byte_order_mark_validate() {
    for extra in [&["--formats", "parquet"][..], &["--csv-bom"][..]] {
        let temp = TempDir::new().expect("temp dir");
        export_samples(temp.path(), extra);
        let output = validate(temp.path());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{extra:?}: {}",
            text(&output.stdout)
        );
    }
}

#[test]
fn validate_checks_the_current_release_of_a_run() {
    let temp = TempDir::new().expect("temp dir");
    let out = temp.path().join("out");
    let output = bayan()
        .arg("run")
        .arg("--out")
        .arg(&out)
        .arg("--download-base")
        .arg("https://data.example.org/bayan")
        .arg(repo_path("samples/statements"))
        .output()
        .expect("bayan runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = validate(&out);
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.contains("current is valid"), "{report}");

    // A run's release describes itself too, with absolute download URLs
    // under the download base and relative links on the landing page.
    let current = out.join("current");
    for name in DESCRIBING_FILES {
        assert!(current.join(name).is_file(), "{name} in the run's release");
    }
    let release = fs::read_link(&current).expect("current is a link");
    let release = release
        .file_name()
        .expect("a release name")
        .to_string_lossy();
    let catalog = json(&current, "catalog.jsonld");
    let url = &catalog["dcat:dataset"]["dcat:distribution"][0]["dcat:downloadURL"]["@id"];
    assert_eq!(
        url.as_str(),
        Some(format!("https://data.example.org/bayan/releases/{release}/statements.csv").as_str())
    );
    let page = fs::read_to_string(current.join("index.html")).expect("page");
    assert!(page.contains("<a href=\"statements.csv\""));
    assert!(page.contains("<a href=\"manifest.json\">"));

    // The manifest's row counts are checked too.
    let manifest = fs::read_to_string(current.join("manifest.json")).expect("manifest");
    let statements = csv_rows(&current.join("statements.csv"));
    let needle = format!("\"statements.csv\": {statements}");
    assert!(manifest.contains(&needle), "{manifest}");
    let tampered = manifest.replacen(&needle, "\"statements.csv\": 999", 1);
    fs::remove_file(current.join("manifest.json")).expect("unlinked");
    fs::write(current.join("manifest.json"), tampered).expect("tampered");
    assert_invalid(
        &out,
        &[&format!(
            "manifest.json: says statements.csv has 999 rows; it has {statements}"
        )],
    );
}

/// Chromium, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// Whether this is a CI run, where a missing browser is a failure.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false")
}

/// The DOM Chromium builds from `page`, serialised.
fn rendered_dom(chromium: &Path, page: &Path) -> String {
    let profile = TempDir::new().expect("temp dir");
    let output = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        text(&output.stderr)
    );
    text(&output.stdout)
}

#[test]
fn the_landing_page_renders_and_its_links_resolve() {
    let Some(chromium) = chromium() else {
        assert!(
            !in_ci(),
            "chromium is not installed; CI must install Debian's chromium package"
        );
        eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
        return;
    };
    let dir = release();
    let page = dir.join("index.html");
    let dom = rendered_dom(&chromium, &page);
    let document = scraper::Html::parse_document(&dom);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");

    let files = release_files(dir);
    let mut linked = BTreeSet::new();
    for link in document.select(&select("a[href]")) {
        let href = link.value().attr("href").unwrap_or_default();
        if href.starts_with("https://") {
            assert_eq!(
                href, "https://spdx.org/licenses/CC0-1.0.html",
                "outside link"
            );
            continue;
        }
        assert!(files.contains(href), "{href} is a file of the release");
        linked.insert(href.to_string());
    }
    assert_eq!(linked, files, "every file of the release is linked");

    let scripts: Vec<String> = document
        .select(&select("script[type=\"application/ld+json\"]"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts.len(), 1);
    let dataset: Value = serde_json::from_str(&scripts[0]).expect("the JSON-LD parses");
    assert_eq!(dataset["@type"], "Dataset");
    for download in dataset["distribution"].as_array().expect("distribution") {
        let name = download["contentUrl"].as_str().expect("URL");
        assert_eq!(download["sha256"], sha256(&dir.join(name)), "{name}");
    }

    let arabic = document
        .select(&select("td[lang=\"ar\"][dir=\"auto\"]"))
        .count();
    assert_eq!(
        arabic, 1,
        "the Arabic title carries its language and direction"
    );
    let title: String = document
        .select(&select("h1"))
        .flat_map(|h| h.text())
        .collect();
    assert_eq!(title, "Government press statements");
}
