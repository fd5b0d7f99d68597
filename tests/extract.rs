//! The extraction suite: real corpus records in every input format, run
//! through the real pipeline (read → parse → normalise) and compared with
//! the hand-checked expectations of `tests/extract/` (see its README).
//!
//! - `suite_is_large_and_varied`: at least 30 records, every format;
//! - `paragraph_f1_meets_target`: paragraph-level F1 over the suite ≥ 0.95;
//! - `fields_match_the_expected_values`: outcome (statement or reject
//!   reason), title (exact), published, issuer, url, paragraph count and the
//!   first and last paragraph of every record;
//! - `statedept_jsonl_exports_clean_complete_records`: all 1,110 records of
//!   the State Department JSON Lines file become statements with
//!   `published`, `url` and `issuer`, and no script or watermark text;
//! - `eval_report` (ignored; `make eval` runs it): prints the report and
//!   writes `eval/EXTRACT.md`.

#[path = "extract/score.rs"]
mod score;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bayan::read::{Input, ReadOptions};
use bayan::record::Record;

use score::{Case, ExpectedStatement, Outcome, Score, fold};

/// The paragraph-level F1 the suite must reach.
const TARGET_F1: f64 = 0.95;
const MIN_CASES: usize = 30;
/// How much of a paragraph a failure message shows.
const PREVIEW_CHARS: usize = 60;
const STATEDEPT_JSONL: &str =
    "statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl";
const STATEDEPT_RECORDS: usize = 1_110;
/// Text of the feed's script and tracking furniture that must not reach a
/// body (folded, so compared in lower case).
const FURNITURE: &[&str] = &["jquery", "<script", "data-filter", "lnks.gd", "watermark"];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(
        || match score::load_cases(&repo_root().join("tests/extract")) {
            Ok(cases) => cases,
            Err(error) => panic!("cannot load the extraction suite: {error}"),
        },
    )
}

/// The records of a corpus file, as the pipeline makes them (read once
/// per test process).
fn records_of(source: &str) -> &'static [Record] {
    static FILES: OnceLock<BTreeMap<String, Vec<Record>>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let mut sources: Vec<&str> = cases().iter().map(|case| case.source.as_str()).collect();
        sources.push(STATEDEPT_JSONL);
        sources.sort_unstable();
        sources.dedup();
        sources
            .into_iter()
            .map(|source| (source.to_string(), process(source)))
            .collect()
    });
    match files.get(source) {
        Some(records) => records,
        None => panic!("{source} was not read"),
    }
}

fn process(source: &str) -> Vec<Record> {
    let path = repo_root().join("../shared/corpus").join(source);
    let name = source.rsplit('/').next().unwrap_or(source).to_string();
    let input = Input {
        path: Some(path),
        source: name,
    };
    bayan::pipeline::process(&input, &ReadOptions::default())
}

/// The input format a case exercises, for the per-format table.
fn format_of(case: &Case) -> &'static str {
    match case.source.rsplit('.').next() {
        Some("jsonl") => "JSON Lines (State Department)",
        Some("xml") if case.source.starts_with("statedept") => "RSS 2.0 (State Department)",
        Some("xml") => "RSS (Congress)",
        Some("md") => "Markdown (White House)",
        Some("html") => "HTML listing pages (Congress)",
        _ => "other",
    }
}

/// How one record came out.
struct Measured {
    name: String,
    format: &'static str,
    score: Score,
    /// Field checks that failed, each saying expected and found.
    failures: Vec<String>,
}

fn measure(case: &Case) -> Measured {
    let wanted = case.bayan_source();
    let record = records_of(&case.source)
        .iter()
        .find(|record| record.source == wanted);
    let (score, failures) = match (record, &case.outcome) {
        (None, Outcome::Statement(expected)) => (
            Score::of(&[], &expected.paragraphs),
            vec![format!("no record named {wanted}")],
        ),
        (None, Outcome::Reject(_)) => (Score::default(), vec![format!("no record named {wanted}")]),
        (Some(record), Outcome::Statement(expected)) => compare_statement(record, expected),
        (Some(record), Outcome::Reject(reason)) => compare_reject(record, reason),
    };
    Measured {
        name: case.name.clone(),
        format: format_of(case),
        score,
        failures,
    }
}

fn compare_statement(record: &Record, expected: &ExpectedStatement) -> (Score, Vec<String>) {
    let mut failures = Vec::new();
    if let Some(reject) = &record.reject {
        failures.push(format!(
            "rejected as {}: {}",
            reject.reason.as_str(),
            reject.detail
        ));
        return (Score::of(&[], &expected.paragraphs), failures);
    }
    let statement = &record.statement;
    let published = statement
        .published
        .map(|d| d.format("%Y-%m-%d").to_string());
    let mut check = |field: &str, want: Option<&str>, found: Option<&str>| {
        if want != found {
            failures.push(format!("{field}: expected {want:?}, found {found:?}"));
        }
    };
    check("title", Some(&expected.title), Some(&statement.title));
    check(
        "published",
        expected.published.as_deref(),
        published.as_deref(),
    );
    check(
        "issuer",
        expected.issuer.as_deref(),
        statement.issuer.as_deref(),
    );
    check("url", expected.url.as_deref(), statement.url.as_deref());
    let paragraphs = &statement.paragraphs;
    if paragraphs.len() != expected.paragraph_count {
        failures.push(format!(
            "paragraph count: expected {}, found {}",
            expected.paragraph_count,
            paragraphs.len()
        ));
    }
    for (which, want, found) in [
        ("first", &expected.first_paragraph, paragraphs.first()),
        ("last", &expected.last_paragraph, paragraphs.last()),
    ] {
        let found = found.map(String::as_str).unwrap_or_default();
        if !fold(found).starts_with(&fold(want)) {
            failures.push(format!(
                "{which} paragraph: expected to start {want:?}, found {:?}",
                preview(found)
            ));
        }
    }
    let alignment = score::align(paragraphs, &expected.paragraphs);
    for (paragraph, matched) in paragraphs.iter().zip(&alignment) {
        if matched.is_none() {
            failures.push(format!(
                "found paragraph matches none expected: {:?}",
                preview(paragraph)
            ));
        }
    }
    let mut missed: Vec<usize> = (0..expected.paragraphs.len()).collect();
    missed.retain(|index| !alignment.contains(&Some(*index)));
    if !missed.is_empty() {
        let numbers: Vec<String> = missed.iter().map(|index| (index + 1).to_string()).collect();
        failures.push(format!(
            "expected paragraph(s) not found: {}",
            numbers.join(", ")
        ));
    }
    (Score::of(paragraphs, &expected.paragraphs), failures)
}

fn compare_reject(record: &Record, reason: &str) -> (Score, Vec<String>) {
    match &record.reject {
        Some(reject) if reject.reason.as_str() == reason => (Score::default(), Vec::new()),
        Some(reject) => (
            Score::default(),
            vec![format!(
                "expected a {reason} reject, found {}: {}",
                reject.reason.as_str(),
                reject.detail
            )],
        ),
        None => {
            // Every paragraph of a page that is not a statement is a false
            // positive.
            let score = Score::of(&record.statement.paragraphs, &[]);
            let failure = format!(
                "expected a {reason} reject, exported as a statement ({} paragraphs, title {:?})",
                score.predicted, record.statement.title
            );
            (score, vec![failure])
        }
    }
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(PREVIEW_CHARS).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn measured() -> &'static [Measured] {
    static MEASURED: OnceLock<Vec<Measured>> = OnceLock::new();
    MEASURED.get_or_init(|| cases().iter().map(measure).collect())
}

fn total(measured: &[Measured]) -> Score {
    let mut total = Score::default();
    for record in measured {
        total.add(record.score);
    }
    total
}

/// The report `make eval` prints and writes to `eval/EXTRACT.md`.
fn report(measured: &[Measured]) -> String {
    let mut out = String::new();
    let all = total(measured);
    let records_ok = measured.iter().filter(|m| m.failures.is_empty()).count();
    let _ = writeln!(out, "# Extraction quality on real inputs\n");
    let _ = writeln!(
        out,
        "Generated by `make eval` from `tests/extract/` ({} corpus records); matching rule \
         in `tests/extract/README.md`. Do not edit by hand.\n",
        measured.len()
    );
    let _ = writeln!(
        out,
        "Paragraph level: precision {:.3}, recall {:.3}, F1 {:.3} (target {TARGET_F1:.2}: {}). \
         Records with every field right: {records_ok} of {}.\n",
        all.precision(),
        all.recall(),
        all.f1(),
        if all.f1() >= TARGET_F1 {
            "met"
        } else {
            "not met"
        },
        measured.len()
    );
    let _ = writeln!(out, "## Per format\n");
    let _ = writeln!(
        out,
        "| format | records | fields right | expected ¶ | found ¶ | matched | precision | recall | F1 |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut formats: BTreeMap<&str, Vec<&Measured>> = BTreeMap::new();
    for record in measured {
        formats.entry(record.format).or_default().push(record);
    }
    for (format, records) in &formats {
        let mut score = Score::default();
        records.iter().for_each(|r| score.add(r.score));
        let right = records.iter().filter(|r| r.failures.is_empty()).count();
        let _ = writeln!(
            out,
            "| {format} | {} | {right} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            records.len(),
            score.expected,
            score.predicted,
            score.matched,
            score.precision(),
            score.recall(),
            score.f1()
        );
    }
    let _ = writeln!(out, "\n## Per record\n");
    let _ = writeln!(
        out,
        "| record | expected ¶ | found ¶ | matched | F1 | fields |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---|");
    for record in measured {
        let score = record.score;
        let fields = if record.failures.is_empty() {
            "ok".to_string()
        } else {
            record.failures.join("; ").replace('|', "\\|")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3} | {fields} |",
            record.name,
            score.expected,
            score.predicted,
            score.matched,
            score.f1()
        );
    }
    out
}

#[test]
fn suite_is_large_and_varied() {
    let cases = cases();
    assert!(
        cases.len() >= MIN_CASES,
        "the suite has {} records; it needs at least {MIN_CASES}",
        cases.len()
    );
    let formats: std::collections::BTreeSet<&str> = cases.iter().map(format_of).collect();
    assert_eq!(formats.len(), 5, "formats covered: {formats:?}");
    for case in cases {
        let path = case.path(&repo_root());
        assert!(
            path.is_file(),
            "{}: {} is missing",
            case.name,
            path.display()
        );
        if let Outcome::Statement(expected) = &case.outcome {
            assert_eq!(
                expected.paragraphs.len(),
                expected.paragraph_count,
                "{}: run tools/extract/annotate.py again",
                case.name
            );
        }
    }
}

#[test]
fn fingerprints_follow_the_matching_rule() {
    let expected = score::Fingerprint::of("The Secretary spoke today with the Foreign Minister.");
    assert!(expected.matches("the  SECRETARY spoke today with the Foreign Minister."));
    assert!(expected.matches("The Secretary spoke today with the Foreign Minister. Read"));
    assert!(expected.matches("The Secretary spoke today with the Foreign Minister"));
    assert!(expected.matches("Secretary spoke today with the Foreign Minister."));
    assert!(!expected.matches("The Secretary spoke today."));
    assert!(!expected.matches(
        "The Secretary spoke today with the Foreign Minister. And then the Secretary spoke again."
    ));
    let score = Score::of(
        &[
            "The Secretary spoke today with the Foreign Minister.".to_string(),
            "Share".to_string(),
        ],
        &[expected],
    );
    assert_eq!((score.matched, score.predicted, score.expected), (1, 2, 1));
    assert!((score.precision() - 0.5).abs() < 1e-9 && (score.recall() - 1.0).abs() < 1e-9);
}

#[test]
fn paragraph_f1_meets_target() {
    let all = total(measured());
    assert!(
        all.f1() >= TARGET_F1,
        "paragraph F1 {:.3} (precision {:.3}, recall {:.3}) is below {TARGET_F1}; run `make eval` \
         and read eval/EXTRACT.md",
        all.f1(),
        all.precision(),
        all.recall()
    );
}

#[test]
fn fields_match_the_expected_values() {
    let failures: Vec<String> = measured()
        .iter()
        .flat_map(|m| m.failures.iter().map(move |f| format!("{}: {f}", m.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} field(s) differ from the expected files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn statedept_jsonl_exports_clean_complete_records() {
    let records = records_of(STATEDEPT_JSONL);
    assert_eq!(records.len(), STATEDEPT_RECORDS);
    let mut problems = Vec::new();
    for record in records {
        if let Some(reject) = &record.reject {
            problems.push(format!(
                "{}: rejected as {} ({})",
                record.source,
                reject.reason.as_str(),
                reject.detail
            ));
            continue;
        }
        let statement = &record.statement;
        let missing: Vec<&str> = [
            ("published", statement.published.is_none()),
            ("url", statement.url.is_none()),
            ("issuer", statement.issuer.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, missing)| missing.then_some(field))
        .collect();
        if !missing.is_empty() {
            problems.push(format!("{}: no {}", record.source, missing.join(", ")));
        }
        let body = statement.body.to_lowercase();
        for furniture in FURNITURE {
            if body.contains(furniture) {
                problems.push(format!("{}: body holds {furniture:?}", record.source));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the State Department records:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `make eval`: prints the report and writes `eval/EXTRACT.md`.
#[test]
#[ignore = "writes eval/EXTRACT.md; run with `make eval`"]
fn eval_report() {
    let report = report(measured());
    println!("{report}");
    let path = repo_root().join("eval/EXTRACT.md");
    if let Err(error) = std::fs::write(&path, &report) {
        panic!("cannot write {}: {error}", path.display());
    }
    println!("wrote {}", Path::new("eval/EXTRACT.md").display());
}
