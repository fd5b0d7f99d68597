//! Scores the HTML main-content extraction crates named in the input issue
//! (`trafilatura`, `rs-trafilatura`, `dom_smoothie`) on the HTML-bearing
//! records of `tests/extract/`, with the same expected files and the same
//! paragraph matching as bayan's own suite (`tests/extract/score.rs`).
//!
//! Each crate gets the record's HTML as bayan's reader would hand it over:
//! a JSON Lines `content_html` or a feed's `content:encoded` as the body of
//! a minimal document, a listing page as it is. Its extracted content HTML is
//! split into paragraphs at block elements (`<p>`, `<li>`, headings, table
//! cells, ...). Two scores per crate: the raw extraction, and after the
//! header step bayan's `parse` applies to any extractor's output (leading
//! paragraphs that repeat the feed's `dc:creator`, then one "City, Country"
//! place line, are the issuer and dateline, not body). A listing page counts
//! as rejected when the crate itself says so (`rs-trafilatura`: page type
//! `listing` or `collection`; `dom_smoothie`: not probably readable;
//! `trafilatura`: an extraction error); otherwise all of its paragraphs are
//! false positives.
//!
//! Run from this folder: `cargo run` (prints a Markdown table).

// Shared with tests/extract.rs, which uses the parts this tool does not.
#[allow(dead_code)]
#[path = "../../../../tests/extract/score.rs"]
mod score;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use score::{Case, Outcome, Score, fold};
use scraper::{ElementRef, Html, Selector};

/// Elements whose text is one paragraph (when they hold no other one).
const BLOCKS: &str = "p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, dd, dt, pre, figcaption";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";

/// One HTML-bearing record of the suite.
struct Sample {
    case: Case,
    html: String,
    /// The feed's `dc:creator`, when the container has one.
    creator: Option<String>,
}

/// What an extractor made of one page.
enum Extraction {
    Paragraphs(Vec<String>),
    /// The crate itself says the page is not an article.
    Rejected,
}

type Extractor = fn(&str) -> Extraction;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let cases = match score::load_cases(&root.join("tests/extract")) {
        Ok(cases) => cases,
        Err(error) => {
            eprintln!("error: cannot load the suite: {error}");
            std::process::exit(1);
        }
    };
    let samples: Vec<Sample> = cases
        .into_iter()
        .filter_map(|case| sample(&root, case))
        .collect();
    let extractors: [(&str, Extractor); 4] = [
        ("trafilatura 0.6", with_trafilatura),
        ("rs-trafilatura 0.2", with_rs_trafilatura),
        ("dom_smoothie 0.19", with_dom_smoothie),
        (
            "dom_smoothie 0.19, no readability check",
            with_dom_smoothie_always,
        ),
    ];
    println!(
        "{} HTML-bearing records ({} statements, {} listing pages)\n",
        samples.len(),
        samples.iter().filter(|s| is_statement(&s.case)).count(),
        samples.iter().filter(|s| !is_statement(&s.case)).count()
    );
    println!(
        "| crate | statements: P / R / F1 (raw) | statements: P / R / F1 (+ header step) | \
         listings rejected | all: P / R / F1 (+ header step) | time |"
    );
    println!("|---|---|---|---:|---|---:|");
    for (name, extractor) in extractors {
        let row = measure(&samples, extractor);
        println!(
            "| {name} | {} | {} | {} of {} | {} | {:.1} s |",
            triple(row.raw),
            triple(row.statements),
            row.listings_rejected,
            row.listings,
            triple(row.all),
            row.time.as_secs_f64()
        );
        for miss in row.misses {
            eprintln!("{name}: {miss}");
        }
    }
}

fn triple(score: Score) -> String {
    format!(
        "{:.3} / {:.3} / {:.3}",
        score.precision(),
        score.recall(),
        score.f1()
    )
}

fn is_statement(case: &Case) -> bool {
    matches!(case.outcome, Outcome::Statement(_))
}

#[derive(Default)]
struct Row {
    raw: Score,
    statements: Score,
    all: Score,
    listings: usize,
    listings_rejected: usize,
    time: Duration,
    misses: Vec<String>,
}

fn measure(samples: &[Sample], extractor: Extractor) -> Row {
    let mut row = Row::default();
    for sample in samples {
        let started = Instant::now();
        let extraction = extractor(&sample.html);
        row.time += started.elapsed();
        match (&sample.case.outcome, extraction) {
            (Outcome::Statement(expected), Extraction::Paragraphs(found)) => {
                row.raw.add(Score::of(&found, &expected.paragraphs));
                let body = without_header(found, sample.creator.as_deref());
                let score = Score::of(&body, &expected.paragraphs);
                if score.matched < score.expected.max(score.predicted) {
                    row.misses.push(format!(
                        "{}: {} of {} expected, {} found",
                        sample.case.name, score.matched, score.expected, score.predicted
                    ));
                }
                row.statements.add(score);
                row.all.add(score);
            }
            (Outcome::Statement(expected), Extraction::Rejected) => {
                let score = Score::of(&[], &expected.paragraphs);
                row.raw.add(score);
                row.statements.add(score);
                row.all.add(score);
                row.misses.push(format!(
                    "{}: a statement taken for a non-article",
                    sample.case.name
                ));
            }
            (Outcome::Reject(_), Extraction::Paragraphs(found)) => {
                row.listings += 1;
                row.all.add(Score::of(&found, &[]));
                row.misses.push(format!(
                    "{}: listing page kept, {} paragraphs",
                    sample.case.name,
                    found.len()
                ));
            }
            (Outcome::Reject(_), Extraction::Rejected) => {
                row.listings += 1;
                row.listings_rejected += 1;
            }
        }
    }
    row
}

/// The record's HTML and creator, for the records that carry HTML.
fn sample(root: &Path, case: Case) -> Option<Sample> {
    let path = case.path(root);
    let text = std::fs::read_to_string(&path).ok()?;
    let (html, creator) = if case.source.ends_with(".jsonl") {
        let line = text.lines().nth(case.record.checked_sub(1)?)?;
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        let body = value["content_html"].as_str()?;
        (
            document(body),
            value["creator"].as_str().map(str::to_string),
        )
    } else if case.source.starts_with("statedept") && case.source.ends_with(".xml") {
        let (body, creator) = feed_item(&text, case.record)?;
        (document(&body), creator)
    } else if case.source.ends_with(".html") {
        (text, None)
    } else {
        return None;
    };
    Some(Sample {
        case,
        html,
        creator,
    })
}

fn document(body: &str) -> String {
    format!("<!DOCTYPE html><html><head></head><body>{body}</body></html>")
}

/// The `content:encoded` and `dc:creator` of the `number`th item of an RSS
/// feed.
fn feed_item(text: &str, number: usize) -> Option<(String, Option<String>)> {
    let document = roxmltree::Document::parse(text).ok()?;
    let item = document
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .nth(number.checked_sub(1)?)?;
    let child_text = |namespace: &str, name: &str| {
        item.children()
            .find(|node| node.has_tag_name((namespace, name)))
            .and_then(|node| node.text())
            .map(str::to_string)
    };
    Some((
        child_text(CONTENT_NS, "encoded")?,
        child_text(DC_NS, "creator"),
    ))
}

/// Drops what bayan's parse treats as header whatever the extractor:
/// leading paragraphs that repeat the creator, then a place line.
fn without_header(mut paragraphs: Vec<String>, creator: Option<&str>) -> Vec<String> {
    let Some(creator) = creator else {
        return paragraphs;
    };
    let creator = squeezed(creator);
    let mut removed = 0;
    while paragraphs
        .first()
        .is_some_and(|p| !squeezed(p).is_empty() && creator.contains(&squeezed(p)))
    {
        paragraphs.remove(0);
        removed += 1;
    }
    if removed > 0 && paragraphs.first().is_some_and(|p| is_place_line(p)) {
        paragraphs.remove(0);
    }
    paragraphs
}

fn squeezed(text: &str) -> String {
    fold(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_place_line(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= 60
        && line.split_whitespace().count() <= 7
        && line.contains(',')
        && !line.ends_with(['!', '?', ':', ';'])
        // "Washington, D.C." is a place; "It rained, then stopped." is not.
        && !(line.ends_with('.') && line.matches('.').count() == 1)
}

/// The paragraphs of an extracted content HTML: the text of each block
/// element that holds no other block element.
fn paragraphs(content_html: &str) -> Vec<String> {
    let document = Html::parse_document(content_html);
    let Ok(blocks) = Selector::parse(BLOCKS) else {
        return Vec::new();
    };
    document
        .select(&blocks)
        .filter(|element| element.select(&blocks).nth(1).is_none())
        .map(|element: ElementRef<'_>| {
            let text: String = element.text().collect();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|text| !text.is_empty())
        .collect()
}

/// Paragraphs from content HTML, else from the plain text's lines.
fn paragraphs_or_lines(content_html: &str, content_text: &str) -> Vec<String> {
    let found = paragraphs(content_html);
    if !found.is_empty() {
        return found;
    }
    content_text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

fn with_trafilatura(html: &str) -> Extraction {
    match trafilatura::extract(html, &trafilatura::Options::default()) {
        Ok(result) => Extraction::Paragraphs(paragraphs_or_lines(
            &result.content_html,
            &result.content_text,
        )),
        Err(_) => Extraction::Rejected,
    }
}

fn with_rs_trafilatura(html: &str) -> Extraction {
    match rs_trafilatura::extract(html) {
        Ok(result) => {
            let page_type = result.metadata.page_type.as_deref();
            if matches!(page_type, Some("listing" | "collection")) {
                return Extraction::Rejected;
            }
            let content_html = result.content_html.unwrap_or_default();
            Extraction::Paragraphs(paragraphs_or_lines(&content_html, &result.content_text))
        }
        Err(_) => Extraction::Paragraphs(Vec::new()),
    }
}

fn with_dom_smoothie(html: &str) -> Extraction {
    dom_smoothie_extract(html, true)
}

/// dom_smoothie without its "probably readable" test, which turns short
/// statements away.
fn with_dom_smoothie_always(html: &str) -> Extraction {
    dom_smoothie_extract(html, false)
}

fn dom_smoothie_extract(html: &str, check_readable: bool) -> Extraction {
    let Ok(mut readability) = dom_smoothie::Readability::new(html, None, None) else {
        return Extraction::Paragraphs(Vec::new());
    };
    if check_readable && !readability.is_probably_readable() {
        return Extraction::Rejected;
    }
    match readability.parse() {
        Ok(article) => {
            Extraction::Paragraphs(paragraphs_or_lines(&article.content, &article.text_content))
        }
        Err(_) => Extraction::Paragraphs(Vec::new()),
    }
}
