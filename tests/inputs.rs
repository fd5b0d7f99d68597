//! End-to-end tests of the input formats: the real binary reads a
//! directory holding JSON Lines, HTML, Markdown, an RSS feed and a gzip
//! file, and every record ends in `statements.csv` or `rejects.csv` with
//! the fields its container gave.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;

type Row = BTreeMap<String, String>;

const JSON_LINES: &str = concat!(
    r#"{"title": "Secretary Blinken&#8217;s Call with Kenyan Cabinet Secretary", "link": "https://example.gov/call/", "pubDate": "Fri, 16 Jul 2021 21:10:00 -0400", "creator": "Office of the Spokesperson", "content_html": "<p>Office of the Spokesperson</p>\n<p>The below is attributable to Spokesperson Ned Price:</p>\n<p>Secretary Blinken spoke today with the Cabinet Secretary.</p>\n<p><input type=\"hidden\" data-filter=\"x\" /></p>"}"#,
    "\n",
    r#"{"title": "Broken", "#,
    "\n",
    r#"{"headline": "Joint Statement on Ethiopia", "text": "The governments call for a ceasefire.\n\nThey urge talks.", "date": "2021-11-05", "language": "en"}"#,
    "\n"
);

const HTML_PAGE: &str = r#"<!DOCTYPE html><html lang="fr"><head>
<title>Déclaration | Ministère</title>
<meta property="og:title" content="Déclaration conjointe sur le Sahel">
<link rel="canonical" href="https://example.fr/declaration-sahel">
<meta property="article:published_time" content="2023-05-02T09:00:00+02:00">
</head><body>
<section class="usa-banner">An official website of the United States Government</section>
<nav><a href="/">Accueil</a></nav>
<main><h1>Déclaration conjointe sur le Sahel</h1>
<p>Les ministres ont adopté une déclaration sur la situation humanitaire.</p>
<p>Ils appellent à garantir l&#8217;accès humanitaire.</p>
<p>Partager</p></main>
<footer>Tous droits réservés</footer></body></html>"#;

const MARKDOWN: &str = "---\ndate: '2022-06-10'\nsource_url: https://example.gov/la-declaration/\n\
title: \"Los Angeles Declaration on Migration and\\_Protection\"\n---\n \n\
We, the Heads of State and Government, reiterate our will\nto strengthen cooperation.\n\n\
-   First commitment.\n-   Second commitment.\n\n\\###\n";

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Press</title><language>en-US</language>
<item><title>Media Note: Travel to Brussels</title><link>https://example.gov/travel/</link>
<pubDate>Mon, 19 Jul 2021 19:25:27 +0000</pubDate>
<content:encoded><![CDATA[<p>The Secretary will travel to Brussels.</p>]]></content:encoded></item>
<item><title>Only a link</title><link>https://example.gov/empty/</link></item>
</channel></rss>"#;

const LISTING: &str = r#"<html><body><h1>Press Releases</h1>
<h3><a href="/1">Senator Introduces Bill on Water Quality</a></h3><p>Apr 16, 2015</p>
<h3><a href="/2">Senator Welcomes New Funding for Rural Roads</a></h3><p>Apr 15, 2015</p>
<h3><a href="/3">Senator Statement on the Budget Proposal Today</a></h3><p>Apr 14, 2015</p>
<h3><a href="/4">Senator Meets with Local Farmers in the District</a></h3><p>Apr 13, 2015</p>
<h3><a href="/5">Senator Announces Town Hall Meetings for April</a></h3><p>Apr 12, 2015</p>
</body></html>"#;

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).expect("compress");
    encoder.finish().expect("compress")
}

fn write_inputs(dir: &Path) {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_9e8232f106620835.txt"
    );
    let seed_text = fs::read_to_string(seed).expect("the seed is readable");
    fs::write(dir.join("a.jsonl"), JSON_LINES).expect("write");
    fs::write(dir.join("b.html"), HTML_PAGE).expect("write");
    fs::write(dir.join("c.md"), MARKDOWN).expect("write");
    fs::write(dir.join("d.xml"), FEED).expect("write");
    fs::write(dir.join("e.txt.gz"), gzip(&seed_text)).expect("write");
    fs::write(dir.join("f.html"), LISTING).expect("write");
}

fn csv(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).expect("a CSV file");
    reader
        .deserialize::<Row>()
        .map(|row| row.expect("a CSV row"))
        .collect()
}

fn by_source(rows: &[Row]) -> BTreeMap<String, Row> {
    rows.iter()
        .map(|row| (row["source"].clone(), row.clone()))
        .collect()
}

#[test]
fn every_input_format_ends_in_statements_or_rejects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    let out = dir.path().join("out");
    fs::create_dir(&inputs).expect("mkdir");
    write_inputs(&inputs);
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["export", "--quiet", "--formats", "csv", "--out"])
        .arg(&out)
        .arg(&inputs)
        .assert()
        .success();

    let statements = by_source(&csv(&out.join("statements.csv")));
    let rejects = by_source(&csv(&out.join("rejects.csv")));
    let sources: Vec<&str> = statements.keys().map(String::as_str).collect();
    assert_eq!(
        sources,
        [
            "a.jsonl#1",
            "a.jsonl#3",
            "b.html",
            "c.md",
            "d.xml#1",
            "e.txt.gz"
        ]
    );
    let rejected: Vec<(&str, &str)> = rejects
        .iter()
        .map(|(source, row)| (source.as_str(), row["reason"].as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            ("a.jsonl#2", "malformed"),
            ("d.xml#2", "empty"),
            ("f.html", "not_a_statement")
        ]
    );
    assert!(rejects["a.jsonl#2"]["detail"].starts_with("line 2 is not valid JSON"));

    let call = &statements["a.jsonl#1"];
    assert_eq!(
        call["title"],
        "Secretary Blinken’s Call with Kenyan Cabinet Secretary"
    );
    assert_eq!(call["doc_type"], "readout");
    assert_eq!(call["url"], "https://example.gov/call/");
    assert_eq!(call["published"], "2021-07-16");
    assert_eq!(call["published_source"], "metadata");
    assert_eq!(call["issuer"], "Office of the Spokesperson");
    assert_eq!(call["paragraph_count"], "2");
    assert!(!call["body"].contains("Office of the Spokesperson"));

    let joint = &statements["a.jsonl#3"];
    assert_eq!(joint["doc_type"], "joint_statement");
    assert_eq!(
        joint["body"],
        "The governments call for a ceasefire.\n\nThey urge talks."
    );

    let page = &statements["b.html"];
    assert_eq!(page["title"], "Déclaration conjointe sur le Sahel");
    assert_eq!(page["doc_type"], "joint_statement");
    assert_eq!(page["url"], "https://example.fr/declaration-sahel");
    assert_eq!(page["published"], "2023-05-02");
    assert_eq!(page["paragraph_count"], "2");
    assert_eq!(page["boilerplate_lines"], "1");
    assert!(page["body"].contains("l’accès humanitaire"));
    assert!(!page["body"].contains("official website"));

    let markdown = &statements["c.md"];
    assert_eq!(
        markdown["title"],
        "Los Angeles Declaration on Migration and Protection"
    );
    assert_eq!(markdown["published"], "2022-06-10");
    assert_eq!(markdown["paragraph_count"], "3");
    assert_eq!(markdown["boilerplate_lines"], "1");

    let feed = &statements["d.xml#1"];
    assert_eq!(feed["doc_type"], "media_note");
    assert_eq!(feed["published"], "2021-07-19");

    let seed = &statements["e.txt.gz"];
    assert_eq!(seed["doc_type"], "statement");
    assert_eq!(seed["paragraph_count"], "4");
    assert_eq!(seed["boilerplate_lines"], "1");
}

/// Exports `inputs` with `extra` options; the rows of `statements.csv` and
/// `rejects.csv` by source.
fn export(inputs: &Path, extra: &[&str]) -> (BTreeMap<String, Row>, BTreeMap<String, Row>) {
    let out = inputs.with_file_name("out");
    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["export", "--quiet", "--formats", "csv", "--out"])
        .arg(&out)
        .args(extra)
        .arg(inputs)
        .assert()
        .success();
    let statements = by_source(&csv(&out.join("statements.csv")));
    let rejects = by_source(&csv(&out.join("rejects.csv")));
    (statements, rejects)
}

#[test]
fn input_format_overrides_the_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).expect("mkdir");
    fs::write(inputs.join("page.txt"), HTML_PAGE).expect("write");
    let (statements, _) = export(&inputs, &["--input-format", "html"]);
    let page = &statements["page.txt"];
    assert_eq!(page["title"], "Déclaration conjointe sur le Sahel");
    assert_eq!(page["url"], "https://example.fr/declaration-sahel");
    assert!(!page["body"].contains("<p>"));

    Command::cargo_bin("bayan")
        .expect("the bayan binary")
        .args(["export", "--input-format", "pdf", "--out"])
        .arg(dir.path().join("never"))
        .arg(&inputs)
        .assert()
        .failure()
        .stderr(predicates::str::contains("use one of text, html, jsonl"));
}

#[test]
fn a_translation_takes_its_date_from_the_dateline_and_names_its_original() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).expect("mkdir");
    let text = "بيان بشأن تعهدات المانحين لليمن\n\n\
                واشنطن، 12 أيار/مايو 2022\n\n\
                رحّبت وزارة الخارجية بنتائج مؤتمر إعلان التعهدات.\n\n\
                للاطلاع على النص الأصلي: https://www.state.gov/yemen-pledges/#main\n";
    fs::write(inputs.join("yemen.txt"), text).expect("write");
    let (statements, _) = export(&inputs, &[]);
    let row = &statements["yemen.txt"];
    assert_eq!(row["dateline"], "واشنطن");
    assert_eq!(row["published"], "2022-05-12");
    assert_eq!(row["published_source"], "dateline");
    assert_eq!(
        row["translation_of"],
        "https://www.state.gov/yemen-pledges/"
    );
    assert_eq!(row["boilerplate_lines"], "1");
    assert!(!row["body"].contains("النص الأصلي"));
}

#[test]
fn map_points_at_fields_with_unknown_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).expect("mkdir");
    let line = r#"{"payload": {"article_html": "<h1>Statement on Talks</h1><p>The ministers met today.</p>"}, "meta": {"ts": 1646265600, "page": "https://example.gov/talks/"}}"#;
    fs::write(inputs.join("crawl.jsonl"), format!("{line}\n")).expect("write");
    let maps = [
        "--map",
        "body=payload.article_html",
        "--map",
        "date=meta.ts",
        "--map",
        "url=meta.page",
    ];
    let (statements, _) = export(&inputs, &maps);
    let row = &statements["crawl.jsonl#1"];
    assert_eq!(row["title"], "Statement on Talks");
    assert_eq!(row["body"], "The ministers met today.");
    assert_eq!(row["published"], "2022-03-03");
    assert_eq!(row["url"], "https://example.gov/talks/");
    let (_, rejects) = export(&inputs, &[]);
    assert_eq!(rejects["crawl.jsonl#1"]["reason"], "malformed");
}

/// One WARC record, gzip-compressed on its own as crawlers write them.
fn warc_gz_record(kind: &str, uri: &str, block: &str) -> Vec<u8> {
    let record = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2021-07-19T12:00:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    gzip(&record)
}

#[test]
fn a_warc_archive_gives_one_statement_per_html_response() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).expect("mkdir");
    let page = "<html><head><title>Readout of the Call</title></head><body><main>\
                <h1>Readout of the Call</h1><p>The Secretary spoke today with the Minister.</p>\
                </main></body></html>";
    let response =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n{page}");
    let mut file = warc_gz_record("warcinfo", "", "software: test-crawler\r\n");
    file.extend(warc_gz_record(
        "request",
        "https://example.gov/call/",
        "GET /call/ HTTP/1.1\r\n\r\n",
    ));
    file.extend(warc_gz_record(
        "response",
        "https://example.gov/call/",
        &response,
    ));
    file.extend(warc_gz_record(
        "response",
        "https://example.gov/fr/",
        &response.replace("Readout", "Compte rendu"),
    ));
    fs::write(inputs.join("crawl.warc.gz"), file).expect("write");
    let (statements, rejects) = export(&inputs, &[]);
    assert!(rejects.is_empty(), "{rejects:?}");
    let sources: Vec<&str> = statements.keys().map(String::as_str).collect();
    assert_eq!(sources, ["crawl.warc.gz#3", "crawl.warc.gz#4"]);
    let call = &statements["crawl.warc.gz#3"];
    assert_eq!(call["title"], "Readout of the Call");
    assert_eq!(call["url"], "https://example.gov/call/");
    assert_eq!(call["published"], "2021-07-19");
    assert_eq!(call["published_source"], "metadata");
    assert_eq!(call["body"], "The Secretary spoke today with the Minister.");
}

#[test]
fn one_oversized_record_is_rejected_alone_with_the_option_to_raise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).expect("mkdir");
    let long = "The ministers met. ".repeat(40);
    let lines = format!(
        "{{\"title\": \"Long\", \"body\": \"{long}\"}}\n{{\"title\": \"Short\", \"body\": \"They met.\"}}\n"
    );
    fs::write(inputs.join("s.jsonl"), lines).expect("write");
    let (statements, rejects) = export(&inputs, &["--max-record-bytes", "500"]);
    assert!(statements.contains_key("s.jsonl#2"));
    let reject = &rejects["s.jsonl#1"];
    assert_eq!(reject["reason"], "too_large");
    assert!(
        reject["detail"].contains("--max-record-bytes"),
        "{reject:?}"
    );
}

/// The inputs of [`write_inputs`] packed into one zip archive, with an
/// entry whose name climbs out of the archive and a directory entry.
fn zip_of_inputs(dir: &Path) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut names: Vec<_> = fs::read_dir(dir)
        .expect("inputs")
        .map(|entry| entry.expect("entry").path())
        .collect();
    names.sort();
    archive
        .add_directory("press/", SimpleFileOptions::default())
        .expect("a directory entry");
    for path in names {
        let name = format!(
            "press/{}",
            path.file_name().expect("a name").to_string_lossy()
        );
        archive
            .start_file(name, SimpleFileOptions::default())
            .expect("an entry");
        archive
            .write_all(&fs::read(&path).expect("read an input"))
            .expect("write an entry");
    }
    archive
        .start_file("../outside.txt", SimpleFileOptions::default())
        .expect("an entry");
    archive
        .write_all(b"Statement on Escapes\n\nA body.\n")
        .expect("write an entry");
    archive.finish().expect("finish the archive").into_inner()
}

#[test]
fn a_zip_archive_exports_entry_by_entry_like_the_files_it_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let loose = dir.path().join("loose");
    fs::create_dir(&loose).expect("mkdir");
    write_inputs(&loose);
    let packed = dir.path().join("packed");
    fs::create_dir(&packed).expect("mkdir");
    fs::write(packed.join("press.zip"), zip_of_inputs(&loose)).expect("write the archive");

    let (loose_statements, loose_rejects) = export(&loose, &[]);
    let (statements, rejects) = export(&packed, &[]);
    // Every record of the loose files comes out of the archive the same,
    // named after its entry.
    let entry = |source: &str| format!("press.zip!/press/{source}");
    assert_eq!(statements.len(), loose_statements.len());
    for (source, row) in &loose_statements {
        let packed_row = statements
            .get(&entry(source))
            .unwrap_or_else(|| panic!("{source} is missing from the archive's export"));
        for field in [
            "statement_id",
            "title",
            "published",
            "url",
            "issuer",
            "content_sha256",
        ] {
            assert_eq!(packed_row[field], row[field], "{source}: {field}");
        }
    }
    for (source, row) in &loose_rejects {
        assert_eq!(rejects[&entry(source)]["reason"], row["reason"], "{source}");
    }
    let escape = &rejects["press.zip!/../outside.txt"];
    assert_eq!(escape["reason"], "malformed");
    assert!(escape["detail"].contains(".."), "{}", escape["detail"]);
    assert_eq!(rejects.len(), loose_rejects.len() + 1);
}
