//! `index.html`: the release's landing page, for people downloading the
//! dataset.
//!
//! A static page, no JavaScript: what the dataset is, the files with their
//! format, rows, size, SHA-256 and a relative download link, a few
//! statement titles (the first of each language, with `lang` and
//! `dir="auto"` so right-to-left titles display right to left), row counts,
//! coverage, each table's columns, the licence and attribution. A
//! schema.org `Dataset` in `<script type="application/ld+json">`, with a
//! `DataDownload` per data file, lets dataset search engines index it.
//!
//! Everything that comes from the configuration or the data is
//! HTML-escaped; the embedded JSON escapes `<`, `>` and `&` so no text can
//! close the script element.

use std::fmt::Write as _;

use serde_json::{Map, Value as Json, json};

use super::card::{REFERENCE_DATA, keys_sentence, meaning};
use super::csvw::datatype_name;
use super::dcat;
use super::describe::{ReleaseSummary, count_of, human_size, metadata_title};
use crate::schema::Table;
use crate::write::Format;

/// The file name.
pub const FILE_NAME: &str = "index.html";

/// Keeps the page readable without any external resource.
const STYLE: &str = "
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; line-height: 1.5; color: #1b1b1b; }
h1 { margin-bottom: 0.25rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem; vertical-align: top; text-align: start; }
th { background: #f3f3f3; }
td.number { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-size: 0.85em; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.5rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.note { color: #555; font-size: 0.9em; }
";

/// The landing page.
pub fn landing_page(summary: &ReleaseSummary) -> String {
    let title = escape(&summary.package.title);
    let description = escape(&summary.package.description);
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n");
    page.push_str("<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(page, "<title>{title}</title>");
    let _ = writeln!(
        page,
        "<meta name=\"description\" content=\"{description}\">"
    );
    let _ = writeln!(page, "<style>{STYLE}</style>");
    let _ = writeln!(
        page,
        "<script type=\"application/ld+json\">\n{}\n</script>",
        script_json(&schema_org_dataset(summary))
    );
    page.push_str("</head>\n<body>\n");
    let _ = writeln!(
        page,
        "<header>\n<h1>{title}</h1>\n<p>{description}</p>\n</header>"
    );
    page.push_str("<main>\n");
    at_a_glance(&mut page, summary);
    downloads(&mut page, summary);
    samples(&mut page, summary);
    tables(&mut page, summary);
    licence(&mut page, summary);
    page.push_str("</main>\n");
    let _ = writeln!(
        page,
        "<footer class=\"note\">Written by bayan {}.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    page
}

/// The schema.org `Dataset` description.
pub fn schema_org_dataset(summary: &ReleaseSummary) -> Json {
    let package = &summary.package;
    let mut dataset = Map::new();
    dataset.insert("@context".to_string(), json!("https://schema.org"));
    dataset.insert("@type".to_string(), json!("Dataset"));
    dataset.insert("name".to_string(), json!(package.title));
    dataset.insert("description".to_string(), json!(package.description));
    dataset.insert("identifier".to_string(), json!(package.name));
    if summary.base.is_some() {
        dataset.insert("url".to_string(), json!(summary.link(FILE_NAME)));
    }
    dataset.insert("license".to_string(), json!(summary.license_url()));
    dataset.insert("isAccessibleForFree".to_string(), json!(true));
    if let Some(publisher) = &summary.publisher {
        let organization = json!({"@type": "Organization", "name": publisher});
        dataset.insert("publisher".to_string(), organization.clone());
        dataset.insert("creator".to_string(), organization);
    }
    dataset.insert("keywords".to_string(), json!(dcat::keywords(summary)));
    let statements = &summary.statements;
    let languages: Vec<&String> = statements.languages.keys().collect();
    if !languages.is_empty() {
        dataset.insert("inLanguage".to_string(), json!(languages));
    }
    if let (Some(first), Some(last)) = (statements.first_published, statements.last_published) {
        dataset.insert(
            "temporalCoverage".to_string(),
            json!(format!("{first}/{last}")),
        );
        dataset.insert("dateModified".to_string(), json!(last.to_string()));
    }
    let downloads: Vec<Json> = summary
        .data_files()
        .map(|file| {
            json!({
                "@type": "DataDownload",
                "name": file.name,
                "description": file.title(),
                "encodingFormat": file.media_type(),
                "contentUrl": summary.link(&file.name),
                "contentSize": format!("{} B", file.bytes),
                "sha256": file.sha256,
            })
        })
        .collect();
    dataset.insert("distribution".to_string(), Json::Array(downloads));
    Json::Object(dataset)
}

/// JSON for a `<script>` element: `<`, `>` and `&` only ever occur inside
/// JSON strings, where their `\u` escapes mean the same.
fn script_json(value: &Json) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn at_a_glance(page: &mut String, summary: &ReleaseSummary) {
    page.push_str("<section id=\"summary\">\n<h2>At a glance</h2>\n<dl>\n");
    if let Some(publisher) = &summary.publisher {
        let _ = writeln!(page, "<dt>Publisher</dt><dd>{}</dd>", escape(publisher));
    }
    for rows in &summary.tables {
        let _ = writeln!(
            page,
            "<dt>{}</dt><dd>{}</dd>",
            escape(rows.table.title),
            count_of(rows.rows, "row")
        );
    }
    let statements = &summary.statements;
    if statements.known {
        let coverage = match (statements.first_published, statements.last_published) {
            (Some(first), Some(last)) => format!(
                "<time datetime=\"{first}\">{first}</time> to <time datetime=\"{last}\">{last}</time>"
            ),
            _ => "no publication dates".to_string(),
        };
        let undated = if statements.undated > 0 && statements.undated < statements.total {
            format!(" ({} undated)", count_of(statements.undated, "statement"))
        } else {
            String::new()
        };
        let _ = writeln!(page, "<dt>Published</dt><dd>{coverage}{undated}</dd>");
        let _ = writeln!(
            page,
            "<dt>Languages</dt><dd>{}</dd>",
            count_list(&statements.languages, true)
        );
        let _ = writeln!(
            page,
            "<dt>Document types</dt><dd>{}</dd>",
            count_list(&statements.doc_types, false)
        );
    }
    let _ = writeln!(
        page,
        "<dt>Licence</dt><dd><a href=\"{}\" rel=\"license\">{}</a></dd>\n</dl>\n</section>",
        escape(&summary.license_url()),
        escape(summary.license_name())
    );
}

/// `ar (12), en (3)`, most frequent first.
fn count_list(counts: &std::collections::BTreeMap<String, u64>, languages: bool) -> String {
    let mut sorted: Vec<(&String, &u64)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let items: Vec<String> = sorted
        .into_iter()
        .map(|(value, count)| {
            let value = escape(value);
            if languages {
                format!("<code>{value}</code> ({count})")
            } else {
                format!("{value} ({count})")
            }
        })
        .collect();
    items.join(", ")
}

fn downloads(page: &mut String, summary: &ReleaseSummary) {
    page.push_str(
        "<section id=\"downloads\">\n<h2>Downloads</h2>\n<table>\n<thead><tr><th>File</th>\
         <th>Format</th><th>Rows</th><th>Size</th><th>SHA-256</th></tr></thead>\n<tbody>\n",
    );
    for file in &summary.files {
        let rows = file
            .data
            .map_or(String::new(), |data| data.rows.to_string());
        let _ = writeln!(
            page,
            "<tr><td><a href=\"{name}\" type=\"{media}\"{download}>{name}</a><br>\
             <span class=\"note\">{title}</span></td><td>{format}</td>\
             <td class=\"number\">{rows}</td>\
             <td class=\"number\"><data value=\"{bytes}\">{size}</data></td>\
             <td><code>{sha}</code></td></tr>",
            name = escape(&file.name),
            media = file.media_type(),
            download = if file.data.is_some() { " download" } else { "" },
            title = escape(&file.title()),
            format = file.format_label(),
            bytes = file.bytes,
            size = human_size(file.bytes),
            sha = file.sha256,
        );
    }
    for name in std::iter::once(FILE_NAME).chain(summary.later_files.iter().copied()) {
        let _ = writeln!(
            page,
            "<tr><td><a href=\"{name}\">{name}</a><br><span class=\"note\">{}</span></td>\
             <td>{}</td><td></td><td></td><td class=\"note\">in SHA256SUMS</td></tr>",
            escape(metadata_title(name)),
            super::describe::format_label(name),
        );
    }
    page.push_str(
        "</tbody>\n</table>\n<p class=\"note\">Check the downloads with \
         <code>sha256sum -c SHA256SUMS</code>.</p>\n</section>\n",
    );
}

fn samples(page: &mut String, summary: &ReleaseSummary) {
    let samples = &summary.statements.samples;
    if samples.is_empty() {
        return;
    }
    page.push_str(
        "<section id=\"samples\">\n<h2>Statements</h2>\n<p>The first statement of each \
         language.</p>\n<table>\n<thead><tr><th>Language</th><th>Published</th>\
         <th>Title</th></tr></thead>\n<tbody>\n",
    );
    for sample in samples {
        let lang = if sample.language.is_empty() || sample.language == "und" {
            String::new()
        } else {
            format!(" lang=\"{}\"", escape(&sample.language))
        };
        let published = sample.published.map_or(String::new(), |d| d.to_string());
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{published}</td>\
             <td{lang} dir=\"auto\">{}</td></tr>",
            escape(&sample.language),
            escape(&sample.title)
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn tables(page: &mut String, summary: &ReleaseSummary) {
    page.push_str("<section id=\"tables\">\n<h2>Tables</h2>\n<p>");
    page.push_str(
        "In CSV an empty field is null, dates are <code>YYYY-MM-DD</code>, decimals are \
         plain with a <code>.</code>, booleans <code>true</code>/<code>false</code>. \
         Offsets count Unicode code points in the statement's title or body.",
    );
    if summary
        .tables
        .iter()
        .any(|rows| rows.formats.contains(&Format::Csv))
    {
        let _ = write!(page, " {}", escape(summary.csv_formulas.description()));
    }
    page.push_str("</p>\n");
    for rows in &summary.tables {
        table(page, rows.table, rows.rows);
    }
    page.push_str("</section>\n");
}

fn table(page: &mut String, table: &Table, rows: u64) {
    let _ = writeln!(
        page,
        "<h3 id=\"table-{name}\">{name}</h3>\n<p>{} {}.",
        escape(table.description),
        count_of(rows, "row"),
        name = table.name,
    );
    let _ = write!(
        page,
        " {}",
        keys_sentence(table, &|names| format!("<code>{}</code>", escape(names)))
    );
    page.push_str(
        "</p>\n<table>\n<thead><tr><th>Column</th><th>Type</th><th>Required</th>\
         <th>Meaning</th></tr></thead>\n<tbody>\n",
    );
    for column in table.columns {
        let meaning = escape(&meaning(column));
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{meaning}</td></tr>",
            column.name,
            datatype_name(column.ty),
            if column.nullable { "no" } else { "yes" },
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

fn licence(page: &mut String, summary: &ReleaseSummary) {
    let _ = writeln!(
        page,
        "<section id=\"licence\">\n<h2>Licence and attribution</h2>\n<p>The dataset is \
         published under <a href=\"{}\" rel=\"license\">{}</a>. The statements' text is \
         the issuing governments' own; reuse it on their terms. The canonical names, \
         Wikidata ids and countries of mentions and the currency codes of amounts come \
         from this reference data:</p>\n<table>\n<thead><tr><th>What</th><th>Source</th>\
         <th>Licence</th></tr></thead>\n<tbody>",
        escape(&summary.license_url()),
        escape(summary.license_name())
    );
    for (what, source, licence) in REFERENCE_DATA {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(what),
            escape(source),
            escape(licence)
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// Text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::PackageInfo;
    use super::super::describe::{DataFile, FileFacts, Sample, StatementFacts, TableRows};
    use super::*;
    use crate::schema::STATEMENTS;

    fn summary() -> ReleaseSummary {
        let mut statements = StatementFacts {
            known: true,
            total: 1,
            first_published: chrono::NaiveDate::from_ymd_opt(2021, 7, 2),
            last_published: chrono::NaiveDate::from_ymd_opt(2021, 7, 2),
            ..StatementFacts::default()
        };
        statements.languages.insert("ar".to_string(), 1);
        statements.samples.push(Sample {
            statement_id: "0123456789abcdef".to_string(),
            language: "ar".to_string(),
            published: statements.first_published,
            title: "بيان <script>alert(1)</script> & \"x\"".to_string(),
        });
        ReleaseSummary {
            package: PackageInfo {
                title: "Statements </script><b>".to_string(),
                ..PackageInfo::default()
            },
            publisher: None,
            base: None,
            files: vec![FileFacts {
                name: "statements.csv".to_string(),
                data: Some(DataFile {
                    format: Format::Csv,
                    table: Some(&STATEMENTS),
                    rows: 1,
                }),
                bytes: 4321,
                sha256: "ef".repeat(32),
            }],
            later_files: vec!["SHA256SUMS"],
            tables: vec![TableRows {
                table: &STATEMENTS,
                rows: 1,
                formats: vec![Format::Csv],
            }],
            statements,
            csv_formulas: Default::default(),
        }
    }

    #[test]
    fn data_is_escaped_everywhere() {
        let page = landing_page(&summary());
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(
            !page.contains("</script><b>"),
            "the title cannot close the script"
        );
        assert_eq!(page.matches("</script>").count(), 1);
    }

    #[test]
    fn titles_carry_language_and_direction() {
        let page = landing_page(&summary());
        assert!(page.contains("<td lang=\"ar\" dir=\"auto\">بيان"));
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    }

    #[test]
    fn downloads_list_size_checksum_and_relative_links() {
        let page = landing_page(&summary());
        assert!(page.contains("<a href=\"statements.csv\" type=\"text/csv\" download>"));
        assert!(page.contains("<data value=\"4321\">4.3 kB</data>"));
        assert!(page.contains(&"ef".repeat(32)));
        assert!(page.contains("<a href=\"SHA256SUMS\">"));
    }

    #[test]
    fn the_embedded_dataset_parses_and_lists_downloads() {
        let page = landing_page(&summary());
        let start = page
            .find("<script type=\"application/ld+json\">")
            .expect("script")
            + "<script type=\"application/ld+json\">".len();
        let end = page[start..].find("</script>").expect("end") + start;
        let dataset: Json = serde_json::from_str(&page[start..end]).expect("JSON");
        assert_eq!(dataset["@type"], json!("Dataset"));
        assert_eq!(dataset["name"], json!("Statements </script><b>"));
        assert_eq!(dataset["temporalCoverage"], json!("2021-07-02/2021-07-02"));
        assert_eq!(
            dataset["distribution"][0]["contentUrl"],
            json!("statements.csv")
        );
        assert_eq!(dataset["distribution"][0]["sha256"], json!("ef".repeat(32)));
    }
}
