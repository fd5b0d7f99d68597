//! `catalog.jsonld`: a DCAT 3 catalog of the dataset and its distributions,
//! as JSON-LD.
//!
//! The catalog holds one `dcat:Dataset` (title, description, licence,
//! publisher, keywords, languages, temporal coverage, landing page) with a
//! `dcat:Distribution` per data file: download URL, media type, byte size
//! and SHA-256 checksum (`spdx:checksum`).
//!
//! Download URLs are the download base followed by the file name when a
//! base is given, else relative references that JSON-LD processors resolve
//! against the catalog's own URL (the files sit beside it).
//!
//! `dct:modified` is the newest statement's publication date, not the time
//! of the run: the catalog must come out byte-identical when the data did,
//! and the newest `published` date is when the dataset's content last moved
//! forward. The time of the run is in `manifest.json`.

use serde_json::{Map, Value as Json, json};

use super::describe::{FileFacts, ReleaseSummary};

/// The file name.
pub const FILE_NAME: &str = "catalog.jsonld";

/// IANA's media type registry: a media type's IRI is this followed by it.
const IANA_MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";

/// The Library of Congress ISO 639 vocabularies, for `dct:language`.
const ISO_639_1: &str = "http://id.loc.gov/vocabulary/iso639-1/";
const ISO_639_2: &str = "http://id.loc.gov/vocabulary/iso639-2/";

/// Keywords every release has; the document types present are added.
const KEYWORDS: [&str; 5] = [
    "government",
    "press statements",
    "named entities",
    "money amounts",
    "dates",
];

/// The catalog document.
pub fn catalog(summary: &ReleaseSummary) -> Json {
    let mut catalog = Map::new();
    catalog.insert("@context".to_string(), context());
    catalog.insert("@id".to_string(), json!(summary.link(FILE_NAME)));
    catalog.insert("@type".to_string(), json!("dcat:Catalog"));
    about(&mut catalog, summary);
    catalog.insert("dcat:dataset".to_string(), dataset(summary));
    Json::Object(catalog)
}

/// Title, description, licence and publisher: the catalog and the
/// dataset both say them.
fn about(node: &mut Map<String, Json>, summary: &ReleaseSummary) {
    node.insert("dct:title".to_string(), json!(summary.package.title));
    node.insert(
        "dct:description".to_string(),
        json!(summary.package.description),
    );
    node.insert("dct:license".to_string(), license(summary));
    if let Some(name) = summary.publisher.as_deref() {
        let publisher = json!({"@type": "foaf:Agent", "foaf:name": name});
        node.insert("dct:publisher".to_string(), publisher);
    }
}

/// The prefixes; no default language, since the title, description and
/// publisher come from the configuration in whatever language it uses.
fn context() -> Json {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "spdx": "http://spdx.org/rdf/terms#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    })
}

fn dataset(summary: &ReleaseSummary) -> Json {
    let mut dataset = Map::new();
    dataset.insert(
        "@id".to_string(),
        json!(format!("{}#dataset", summary.link(FILE_NAME))),
    );
    dataset.insert("@type".to_string(), json!("dcat:Dataset"));
    dataset.insert("dct:identifier".to_string(), json!(summary.package.name));
    about(&mut dataset, summary);
    dataset.insert("dcat:keyword".to_string(), json!(keywords(summary)));
    let languages: Vec<Json> = language_iris(summary)
        .into_iter()
        .map(|iri| json!({"@id": iri}))
        .collect();
    if !languages.is_empty() {
        dataset.insert("dct:language".to_string(), Json::Array(languages));
    }
    let statements = &summary.statements;
    if let (Some(first), Some(last)) = (statements.first_published, statements.last_published) {
        dataset.insert(
            "dct:temporal".to_string(),
            json!({
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": date(first),
                "dcat:endDate": date(last),
            }),
        );
        dataset.insert("dct:modified".to_string(), date(last));
    }
    // The landing page is written right after the catalog and the card.
    dataset.insert(
        "dcat:landingPage".to_string(),
        json!({"@id": summary.link(super::landing::FILE_NAME)}),
    );
    let distributions: Vec<Json> = summary
        .data_files()
        .map(|file| distribution(summary, file))
        .collect();
    dataset.insert("dcat:distribution".to_string(), Json::Array(distributions));
    Json::Object(dataset)
}

fn distribution(summary: &ReleaseSummary, file: &FileFacts) -> Json {
    let link = summary.link(&file.name);
    json!({
        "@id": format!("{}#{}", summary.link(FILE_NAME), file.name),
        "@type": "dcat:Distribution",
        "dct:title": format!("{} ({})", file.title(), file.format_label()),
        "dcat:accessURL": {"@id": link},
        "dcat:downloadURL": {"@id": link},
        "dcat:mediaType": {"@id": format!("{IANA_MEDIA_TYPES}{}", file.media_type())},
        "dcat:byteSize": {"@value": file.bytes.to_string(), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": {"@value": file.sha256, "@type": "xsd:hexBinary"},
        },
        "dct:license": license(summary),
    })
}

fn date(date: chrono::NaiveDate) -> Json {
    json!({"@value": date.format("%Y-%m-%d").to_string(), "@type": "xsd:date"})
}

fn license(summary: &ReleaseSummary) -> Json {
    json!({"@id": summary.license_url()})
}

pub(super) fn keywords(summary: &ReleaseSummary) -> Vec<String> {
    let mut keywords: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    for kind in summary.statements.doc_types.keys() {
        let kind = kind.replace('_', " ");
        if !keywords.contains(&kind) {
            keywords.push(kind);
        }
    }
    keywords
}

/// The languages of the statements as ISO 639 IRIs, one per primary
/// language subtag (`fa` and `fa-AF` are both Persian); subtags ISO 639
/// has no IRI for are left out.
fn language_iris(summary: &ReleaseSummary) -> Vec<String> {
    let mut iris: Vec<String> = summary
        .statements
        .languages
        .keys()
        .filter_map(|tag| {
            let primary = tag.split('-').next()?.to_ascii_lowercase();
            let letters = primary.bytes().all(|b| b.is_ascii_lowercase());
            match primary.len() {
                2 if letters => Some(format!("{ISO_639_1}{primary}")),
                3 if letters => Some(format!("{ISO_639_2}{primary}")),
                _ => None,
            }
        })
        .collect();
    iris.dedup();
    iris
}

#[cfg(test)]
mod tests {
    use super::super::describe::{DataFile, StatementFacts};
    use super::super::{PackageInfo, describe::TableRows};
    use super::*;
    use crate::schema::STATEMENTS;
    use crate::write::Format;
    use chrono::NaiveDate;

    fn summary(base: Option<&str>) -> ReleaseSummary {
        let mut statements = StatementFacts {
            known: true,
            total: 3,
            first_published: NaiveDate::from_ymd_opt(2021, 7, 2),
            last_published: NaiveDate::from_ymd_opt(2023, 1, 5),
            ..StatementFacts::default()
        };
        for (language, count) in [("ar", 1), ("fa", 1), ("fa-AF", 1), ("und", 0)] {
            statements.languages.insert(language.to_string(), count);
        }
        statements.doc_types.insert("press_release".to_string(), 3);
        ReleaseSummary {
            package: PackageInfo::default(),
            publisher: Some("Example Office".to_string()),
            base: base.map(str::to_string),
            files: vec![FileFacts {
                name: "statements.csv".to_string(),
                data: Some(DataFile {
                    format: Format::Csv,
                    table: Some(&STATEMENTS),
                    rows: 3,
                }),
                bytes: 1234,
                sha256: "ab".repeat(32),
            }],
            later_files: vec![],
            tables: vec![TableRows {
                table: &STATEMENTS,
                rows: 3,
                formats: vec![Format::Csv],
            }],
            statements,
            csv_formulas: Default::default(),
        }
    }

    #[test]
    fn distributions_carry_size_type_and_checksum() {
        let catalog = catalog(&summary(None));
        let dataset = &catalog["dcat:dataset"];
        let distribution = &dataset["dcat:distribution"][0];
        assert_eq!(
            distribution["dcat:downloadURL"],
            json!({"@id": "statements.csv"})
        );
        assert_eq!(
            distribution["dcat:mediaType"],
            json!({"@id": "https://www.iana.org/assignments/media-types/text/csv"})
        );
        assert_eq!(distribution["dcat:byteSize"]["@value"], json!("1234"));
        assert_eq!(
            distribution["spdx:checksum"]["spdx:checksumValue"]["@value"],
            json!("ab".repeat(32))
        );
        assert_eq!(
            dataset["dct:license"],
            json!({"@id": "https://spdx.org/licenses/CC0-1.0.html"})
        );
        assert_eq!(
            dataset["dct:publisher"]["foaf:name"],
            json!("Example Office")
        );
    }

    #[test]
    fn coverage_and_modified_come_from_the_statements() {
        let catalog = catalog(&summary(None));
        let dataset = &catalog["dcat:dataset"];
        assert_eq!(
            dataset["dct:temporal"]["dcat:startDate"]["@value"],
            json!("2021-07-02")
        );
        assert_eq!(dataset["dct:modified"]["@value"], json!("2023-01-05"));
        assert_eq!(
            dataset["dct:language"],
            json!([
                {"@id": "http://id.loc.gov/vocabulary/iso639-1/ar"},
                {"@id": "http://id.loc.gov/vocabulary/iso639-1/fa"},
                {"@id": "http://id.loc.gov/vocabulary/iso639-2/und"},
            ])
        );
        let keywords = dataset["dcat:keyword"].as_array().expect("keywords");
        assert!(keywords.contains(&json!("press release")));
    }

    #[test]
    fn a_base_makes_download_urls_absolute() {
        let catalog = catalog(&summary(Some("https://data.example.org/bayan/")));
        assert_eq!(
            catalog["@id"],
            json!("https://data.example.org/bayan/catalog.jsonld")
        );
        let dataset = &catalog["dcat:dataset"];
        assert_eq!(
            dataset["dcat:distribution"][0]["dcat:downloadURL"],
            json!({"@id": "https://data.example.org/bayan/statements.csv"})
        );
        assert_eq!(
            dataset["dcat:landingPage"],
            json!({"@id": "https://data.example.org/bayan/index.html"})
        );
    }
}
