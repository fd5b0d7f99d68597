//! `datapackage.json`: a Frictionless Data Package (v2) describing every
//! data file of a release.
//!
//! Each CSV and Parquet file is a tabular resource with its Table Schema
//! inline (derived from the table definition), `rejects.csv` included;
//! `statements.jsonld` is a file resource. Every resource gives its SHA-256,
//! and all but the Parquet files their size (frictionless cannot check it), so
//! that a download can be checked against the descriptor alone.
//! Nothing here depends on the time or the machine: the same files give the
//! same descriptor.

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::Context;
use serde_json::{Map, Value as Json, json};

use super::manifest::RecordCounts;
use super::{DataFacts, PackageInfo, sha256_file};
use crate::schema::table_schema::table_schema_with;
use crate::schema::{SCHEMA_VERSION, TABLES, Table};
use crate::write::csv::FormulaRule;
use crate::write::{Format, WrittenFile};

/// The file name.
pub const FILE_NAME: &str = "datapackage.json";

/// The profile the descriptor declares.
pub const PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";

/// The UTF-8 byte order mark, which `--csv-bom` puts at the start of CSV
/// files.
const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// The package property naming the rule the CSV files follow for text a
/// spreadsheet would run: `apostrophe` or `raw` ([`FormulaRule`]).
pub const CSV_FORMULAS: &str = "bayan:csvFormulas";

/// The package property giving the records of the dataset
/// ([`RecordCounts`]): those read (`seen`), the statements and rejects
/// they became, and those other shards hold (`other_shards`).
pub const RECORDS: &str = "bayan:records";

/// The descriptor of the files in `dir`.
pub fn datapackage(dir: &Path, data: &DataFacts, package: &PackageInfo) -> anyhow::Result<Json> {
    let files = data.files;
    let (partitioned, whole): (Vec<&WrittenFile>, Vec<&WrittenFile>) =
        files.iter().partition(|f| f.name.contains('/'));
    let mut ordered = whole;
    ordered.extend(
        partitioned
            .iter()
            .filter(|f| is_first_part(f, &partitioned)),
    );
    ordered.sort_by_key(|f| (table_position(f.table), f.format, f.name.clone()));
    let resources = ordered
        .into_iter()
        .map(|file| match file.name.contains('/') {
            true => partitioned_resource(dir, file, &partitioned),
            false => resource(dir, file, data.csv_formulas),
        })
        .collect::<anyhow::Result<Vec<Json>>>()?;

    let mut license = Map::new();
    license.insert("name".to_string(), json!(package.license));
    license.insert(
        "path".to_string(),
        json!(format!(
            "https://spdx.org/licenses/{}.html",
            package.license
        )),
    );
    if let Some(title) = &package.license_title {
        license.insert("title".to_string(), json!(title));
    }

    let mut descriptor = Map::new();
    descriptor.insert("$schema".to_string(), json!(PACKAGE_PROFILE));
    descriptor.insert("name".to_string(), json!(package.name));
    descriptor.insert("title".to_string(), json!(package.title));
    descriptor.insert("description".to_string(), json!(package.description));
    descriptor.insert("version".to_string(), json!(SCHEMA_VERSION));
    descriptor.insert("licenses".to_string(), json!([license]));
    descriptor.insert(CSV_FORMULAS.to_string(), json!(data.csv_formulas.as_str()));
    descriptor.insert(RECORDS.to_string(), serde_json::to_value(data.records)?);
    descriptor.insert("resources".to_string(), Json::Array(resources));
    Ok(Json::Object(descriptor))
}

/// Whether `file` is the first listed partition file of its table.
fn is_first_part(file: &WrittenFile, partitioned: &[&WrittenFile]) -> bool {
    partitioned
        .iter()
        .find(|f| f.table == file.table)
        .is_some_and(|first| std::ptr::eq(*first, file))
}

/// A Hive-partitioned table as one multipart resource (Data Package v2):
/// `path` lists its partition files in order; all share the table's
/// schema. A multipart resource has no single `bytes` or `hash`:
/// `SHA256SUMS` pins each file.
fn partitioned_resource(
    dir: &Path,
    first: &WrittenFile,
    partitioned: &[&WrittenFile],
) -> anyhow::Result<Json> {
    // Partitions are Parquet: no CSV rule applies.
    let mut resource = resource(dir, first, FormulaRule::default())?;
    let paths: Vec<&str> = partitioned
        .iter()
        .filter(|f| f.table == first.table)
        .map(|f| f.name.as_str())
        .collect();
    if let Json::Object(fields) = &mut resource {
        let table = first.table.unwrap_or_default();
        fields.insert("name".to_string(), json!(format!("{table}-parquet")));
        fields.insert("path".to_string(), json!(paths));
        fields.remove("hash");
        fields.remove("bytes");
    }
    Ok(resource)
}

/// Resources follow the contract's table order; the JSON-LD document,
/// which spans tables, comes last.
fn table_position(table: Option<&str>) -> usize {
    table
        .and_then(|name| TABLES.iter().position(|t| t.name == name))
        .unwrap_or(TABLES.len())
}

/// The rule the CSV files of the package `descriptor` follow; the
/// apostrophe rule when it does not say (bayan wrote no other before
/// `--csv-raw`).
pub fn csv_formulas(descriptor: &Json) -> anyhow::Result<FormulaRule> {
    match descriptor.get(CSV_FORMULAS) {
        None => Ok(FormulaRule::Apostrophe),
        Some(Json::String(name)) => FormulaRule::from_name(name).ok_or_else(|| {
            anyhow::anyhow!("{CSV_FORMULAS} is {name:?}, not \"apostrophe\" or \"raw\"")
        }),
        Some(other) => anyhow::bail!("{CSV_FORMULAS} is {other}, not a string"),
    }
}

/// The record counts the package `descriptor` states; `None` for a
/// release written before they were.
pub fn records(descriptor: &Json) -> anyhow::Result<Option<RecordCounts>> {
    descriptor
        .get(RECORDS)
        .map(|counts| {
            serde_json::from_value(counts.clone()).map_err(|error| {
                anyhow::anyhow!("{RECORDS} is not a set of record counts: {error}")
            })
        })
        .transpose()
}

/// The name of a file's resource: a table's CSV is the table itself
/// (`statements`); any other file is its stem and format
/// (`statements-parquet`, `statements-jsonld`).
pub fn resource_name(file_name: &str, format: Format) -> String {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    match format {
        Format::Csv => stem.to_string(),
        Format::Parquet | Format::JsonLd | Format::JsonLines => {
            format!("{stem}-{}", format.as_str())
        }
    }
}

fn resource(dir: &Path, file: &WrittenFile, formulas: FormulaRule) -> anyhow::Result<Json> {
    let path = dir.join(&file.name);
    let bytes = fs::metadata(&path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    let hash = sha256_file(&path)?;
    let table = file
        .table
        .and_then(|name| TABLES.iter().copied().find(|t| t.name == name));

    let mut resource = Map::new();
    resource.insert(
        "name".to_string(),
        json!(resource_name(&file.name, file.format)),
    );
    if table.is_some() {
        resource.insert("type".to_string(), json!("table"));
    }
    resource.insert("path".to_string(), json!(file.name));
    match file.format {
        Format::Csv => {
            resource.insert("format".to_string(), json!("csv"));
            resource.insert("mediatype".to_string(), json!("text/csv"));
            resource.insert("encoding".to_string(), json!(csv_encoding(&path)?));
        }
        Format::Parquet => {
            resource.insert("format".to_string(), json!("parquet"));
            resource.insert(
                "mediatype".to_string(),
                json!("application/vnd.apache.parquet"),
            );
        }
        Format::JsonLd => {
            resource.insert("format".to_string(), json!("jsonld"));
            resource.insert("mediatype".to_string(), json!("application/ld+json"));
            resource.insert("encoding".to_string(), json!("utf-8"));
        }
        Format::JsonLines => {
            resource.insert("format".to_string(), json!("jsonl"));
            resource.insert("mediatype".to_string(), json!("application/jsonl"));
            resource.insert("encoding".to_string(), json!("utf-8"));
        }
    }
    // frictionless-py 5 reads Parquet through pandas, never sees the
    // bytes, and reports any `bytes` as a mismatch; `SHA256SUMS` and `hash`
    // still pin the file.
    if file.format != Format::Parquet {
        resource.insert("bytes".to_string(), json!(bytes));
    }
    resource.insert("hash".to_string(), json!(format!("sha256:{hash}")));
    describe(&mut resource, file, table, formulas);
    if let Some(table) = table {
        if file.format == Format::Csv {
            resource.insert("dialect".to_string(), csv_dialect());
        }
        let format = file.format;
        let schema = table_schema_with(table, &|target| resource_name(target, format));
        resource.insert("schema".to_string(), schema);
    }
    Ok(Json::Object(resource))
}

fn describe(
    resource: &mut Map<String, Json>,
    file: &WrittenFile,
    table: Option<&Table>,
    formulas: FormulaRule,
) {
    let (title, description) = match (table, file.format) {
        (Some(table), Format::Csv) => (
            table.title.to_string(),
            format!("{} {}", table.description, formulas.description()),
        ),
        (Some(table), _) => (table.title.to_string(), table.description.to_string()),
        (None, Format::JsonLd) => (
            "Statements (JSON-LD)".to_string(),
            "The statements with their mentions, amounts and dates as one JSON-LD 1.1 \
             document; the vocabulary is documented in the project's schemas/vocab.md."
                .to_string(),
        ),
        (None, Format::JsonLines) => (
            crate::write::ndjson::HELD_BACK_TITLE.to_string(),
            "Statements this shard rejected for the URL of a statement it kept, whole, in \
             the JSON Lines form of bayan map (schemas/statement.schema.json); each is also a \
             row of rejects. bayan merge decides them again with every shard's statements."
                .to_string(),
        ),
        (None, _) => (file.name.clone(), String::new()),
    };
    resource.insert("title".to_string(), json!(title));
    if !description.is_empty() {
        resource.insert("description".to_string(), json!(description));
    }
}

/// `utf-8-sig` when the file starts with a byte order mark, so that
/// readers do not take it for part of the first column's name.
fn csv_encoding(path: &Path) -> anyhow::Result<&'static str> {
    let mut start = [0u8; 3];
    let mut file =
        fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let read = file.read(&mut start)?;
    Ok(if &start[..read] == BOM {
        "utf-8-sig"
    } else {
        "utf-8"
    })
}

/// What the CSV writer writes: RFC 4180 with a header row and CRLF.
fn csv_dialect() -> Json {
    json!({
        "header": true,
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": "\"",
        "doubleQuote": true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::WriteOptions;
    use crate::write::test_records::{data_facts, write_all as written};

    fn resource<'a>(descriptor: &'a Json, name: &str) -> &'a Json {
        descriptor["resources"]
            .as_array()
            .and_then(|list| list.iter().find(|r| r["name"] == json!(name)))
            .unwrap_or_else(|| panic!("no resource {name}"))
    }

    #[test]
    fn every_file_is_a_resource_with_its_hash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = written(dir.path(), &WriteOptions::default());
        let descriptor = datapackage(dir.path(), &data_facts(&files), &PackageInfo::default())
            .expect("descriptor");
        let resources = descriptor["resources"].as_array().expect("resources");
        assert_eq!(resources.len(), files.len());
        for file in &files {
            let found = resources
                .iter()
                .find(|r| r["path"] == json!(file.name))
                .unwrap_or_else(|| panic!("{} is listed", file.name));
            let path = dir.path().join(&file.name);
            let bytes = fs::read(&path).expect("file");
            if file.format == Format::Parquet {
                assert!(found.get("bytes").is_none(), "{}", file.name);
            } else {
                assert_eq!(found["bytes"], json!(bytes.len()), "{}", file.name);
            }
            let hash = sha256_file(&path).expect("hash");
            assert_eq!(found["hash"], json!(format!("sha256:{hash}")));
        }
        let names: Vec<&str> = resources
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "statements",
                "statements-parquet",
                "mentions",
                "mentions-parquet",
                "amounts",
                "amounts-parquet",
                "dates",
                "dates-parquet",
                "rejects",
                "statements-jsonld",
            ]
        );
    }

    #[test]
    fn resources_carry_schemas_and_formats() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = written(dir.path(), &WriteOptions::default());
        let descriptor = datapackage(dir.path(), &data_facts(&files), &PackageInfo::default())
            .expect("descriptor");
        assert_eq!(descriptor["$schema"], json!(PACKAGE_PROFILE));
        assert_eq!(descriptor["version"], json!(SCHEMA_VERSION));
        assert_eq!(descriptor["licenses"][0]["name"], json!("CC0-1.0"));
        assert_eq!(
            descriptor["licenses"][0]["path"],
            json!("https://spdx.org/licenses/CC0-1.0.html")
        );

        let csv = resource(&descriptor, "mentions");
        assert_eq!(csv["format"], json!("csv"));
        assert_eq!(csv["encoding"], json!("utf-8"));
        assert_eq!(csv["schema"]["fields"][0]["name"], json!("statement_id"));
        assert_eq!(
            csv["schema"]["foreignKeys"][0]["reference"]["resource"],
            json!("statements")
        );
        let parquet = resource(&descriptor, "mentions-parquet");
        assert_eq!(parquet["format"], json!("parquet"));
        assert_eq!(
            parquet["schema"]["foreignKeys"][0]["reference"]["resource"],
            json!("statements-parquet")
        );
        let jsonld = resource(&descriptor, "statements-jsonld");
        assert_eq!(jsonld["mediatype"], json!("application/ld+json"));
        assert!(jsonld.get("schema").is_none());
        assert!(jsonld.get("type").is_none());
        let rejects = resource(&descriptor, "rejects");
        assert!(rejects["schema"].get("primaryKey").is_none());
    }

    #[test]
    fn a_byte_order_mark_is_declared() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = WriteOptions {
            csv_bom: true,
            ..WriteOptions::default()
        };
        let files = written(dir.path(), &options);
        let descriptor = datapackage(dir.path(), &data_facts(&files), &PackageInfo::default())
            .expect("descriptor");
        assert_eq!(
            resource(&descriptor, "statements")["encoding"],
            json!("utf-8-sig")
        );
        assert_eq!(
            resource(&descriptor, "statements-jsonld")["encoding"],
            json!("utf-8")
        );
    }

    #[test]
    fn the_csv_formula_rule_is_declared_and_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = written(dir.path(), &WriteOptions::default());
        for rule in FormulaRule::ALL {
            let data = DataFacts {
                csv_formulas: rule,
                ..data_facts(&files)
            };
            let descriptor =
                datapackage(dir.path(), &data, &PackageInfo::default()).expect("descriptor");
            assert_eq!(descriptor[CSV_FORMULAS], json!(rule.as_str()));
            assert_eq!(csv_formulas(&descriptor).expect("a rule"), rule);
            let described = resource(&descriptor, "statements")["description"].clone();
            assert!(
                described
                    .as_str()
                    .is_some_and(|d| d.ends_with(rule.description())),
                "{described}"
            );
            let parquet = resource(&descriptor, "statements-parquet")["description"].clone();
            assert!(!parquet.as_str().unwrap_or_default().contains("formula"));
        }
        assert_eq!(
            csv_formulas(&json!({})).expect("an older release"),
            FormulaRule::Apostrophe
        );
        assert!(csv_formulas(&json!({CSV_FORMULAS: "quote"})).is_err());
    }

    #[test]
    fn the_record_counts_are_stated_and_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = written(dir.path(), &WriteOptions::default());
        let data = data_facts(&files);
        let descriptor =
            datapackage(dir.path(), &data, &PackageInfo::default()).expect("descriptor");
        assert_eq!(
            descriptor[RECORDS],
            json!({"seen": 3, "statements": 2, "rejects": 1, "other_shards": 0})
        );
        assert_eq!(records(&descriptor).expect("counts"), Some(data.records));
        assert_eq!(records(&json!({})).expect("an older release"), None);
        assert!(records(&json!({RECORDS: {"seen": "three"}})).is_err());
    }
}
