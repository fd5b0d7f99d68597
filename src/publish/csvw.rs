//! `csv-metadata.json`: W3C CSV on the Web (CSVW) metadata for the CSV
//! files of a release.
//!
//! One table group with a table per CSV file, each with its columns (name,
//! title, datatype, `required`, `null: ""`), primary key and foreign keys,
//! all derived from [`crate::schema`]; a dialect saying what the CSV writer
//! writes (a header row, UTF-8, CRLF). Code lists become a `format` regular
//! expression on the string datatype, which is how CSVW constrains strings,
//! and `statement_id` is constrained to 16 lowercase hex characters. The
//! CSV formula rule (a leading apostrophe before text that a spreadsheet
//! would run, or none with `--csv-raw`) is stated in each table's
//! `dc:description`.

use serde_json::{Map, Value as Json, json};

use super::{DataFacts, PackageInfo};
use crate::schema::{Column, ColumnType, TABLES, Table};
use crate::write::Format;

/// The file name, the one CSVW processors look for beside a CSV file's
/// directory (`csv-metadata.json`, CSVW §5.3).
pub const FILE_NAME: &str = "csv-metadata.json";

/// The CSVW namespace, as the `@context`.
pub const CSVW_CONTEXT: &str = "http://www.w3.org/ns/csvw";

/// The pattern of a statement id.
pub const STATEMENT_ID_PATTERN: &str = "^[0-9a-f]{16}$";

/// The metadata of the CSV files among the data files; `None` when there
/// are none.
pub fn csv_metadata(data: &DataFacts, package: &PackageInfo) -> Option<Json> {
    let files = data.files;
    let tables: Vec<Json> = TABLES
        .iter()
        .filter_map(|table| {
            files
                .iter()
                .find(|f| f.format == Format::Csv && f.table == Some(table.name))
                .map(|file| csv_table(table, &file.name, data))
        })
        .collect();
    if tables.is_empty() {
        return None;
    }
    Some(json!({
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "dc:title": package.title,
        "dc:description": package.description,
        "dc:license": {"@id": format!("https://spdx.org/licenses/{}.html", package.license)},
        "dialect": dialect(),
        "tables": tables,
    }))
}

/// What the CSV writer writes: RFC 4180 with a header row and CRLF, UTF-8
/// (a byte order mark, written on request, is skipped by UTF-8 decoding).
fn dialect() -> Json {
    json!({
        "encoding": "utf-8",
        "header": true,
        "headerRowCount": 1,
        "delimiter": ",",
        "quoteChar": "\"",
        "doubleQuote": true,
        "lineTerminators": ["\r\n", "\n"],
        "skipBlankRows": false,
        "skipInitialSpace": false,
        "trim": false,
    })
}

fn csv_table(table: &Table, url: &str, data: &DataFacts) -> Json {
    let files = data.files;
    let mut schema = Map::new();
    let columns: Vec<Json> = table.columns.iter().map(column).collect();
    schema.insert("columns".to_string(), Json::Array(columns));
    match table.primary_key {
        [] => {}
        [one] => {
            schema.insert("primaryKey".to_string(), json!(one));
        }
        many => {
            schema.insert("primaryKey".to_string(), json!(many));
        }
    }
    let foreign_keys: Vec<Json> = table
        .foreign_keys
        .iter()
        .filter_map(|fk| {
            let target = files
                .iter()
                .find(|f| f.format == Format::Csv && f.table == Some(fk.table))?;
            Some(json!({
                "columnReference": fk.fields,
                "reference": {"resource": target.name, "columnReference": fk.reference},
            }))
        })
        .collect();
    if !foreign_keys.is_empty() {
        schema.insert("foreignKeys".to_string(), Json::Array(foreign_keys));
    }
    json!({
        "url": url,
        "dc:title": table.title,
        "dc:description": format!("{} {}", table.description, data.csv_formulas.description()),
        "tableSchema": schema,
    })
}

fn column(column: &Column) -> Json {
    let mut out = Map::new();
    out.insert("name".to_string(), json!(column.name));
    out.insert("titles".to_string(), json!(column.name));
    out.insert("dc:description".to_string(), json!(column.description));
    out.insert("datatype".to_string(), datatype(column));
    out.insert("required".to_string(), json!(!column.nullable));
    out.insert("null".to_string(), json!(""));
    Json::Object(out)
}

/// The CSVW datatype of a column: a built-in name, or a string datatype
/// with a `format` pattern for code lists and statement ids.
fn datatype(column: &Column) -> Json {
    let pattern = match column.allowed {
        Some(allowed) => Some(format!("^({})$", allowed().join("|"))),
        None if column.name == "statement_id" => Some(STATEMENT_ID_PATTERN.to_string()),
        None => None,
    };
    match pattern {
        Some(format) => json!({"base": "string", "format": format}),
        None => json!(datatype_name(column.ty)),
    }
}

/// The CSVW (XML Schema) datatype name of a column type.
pub fn datatype_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Utf8 => "string",
        ColumnType::Date32 => "date",
        ColumnType::Decimal38x2 => "decimal",
        ColumnType::Int32 => "integer",
        ColumnType::Bool => "boolean",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{MENTIONS, REJECTS, STATEMENTS};
    use crate::write::WrittenFile;
    use crate::write::csv::FormulaRule;
    use crate::write::test_records::data_facts;

    fn file(table: &'static Table, format: Format) -> WrittenFile {
        let extension = if format == Format::Csv {
            "csv"
        } else {
            "parquet"
        };
        WrittenFile {
            name: format!("{}.{extension}", table.name),
            format,
            table: Some(table.name),
            rows: 0,
            sha256: None,
        }
    }

    fn metadata(files: &[WrittenFile]) -> Json {
        csv_metadata(&data_facts(files), &PackageInfo::default()).expect("CSV files are described")
    }

    #[test]
    fn every_csv_file_is_a_table_with_the_schema_columns() {
        let files: Vec<WrittenFile> = TABLES.iter().map(|t| file(t, Format::Csv)).collect();
        let metadata = metadata(&files);
        assert_eq!(metadata["@context"][0], json!(CSVW_CONTEXT));
        assert_eq!(metadata["dialect"]["lineTerminators"][0], json!("\r\n"));
        let tables = metadata["tables"].as_array().expect("tables");
        assert_eq!(tables.len(), TABLES.len());
        for (described, table) in tables.iter().zip(TABLES) {
            assert_eq!(described["url"], json!(format!("{}.csv", table.name)));
            let columns = described["tableSchema"]["columns"]
                .as_array()
                .expect("columns");
            let names: Vec<&str> = columns.iter().filter_map(|c| c["name"].as_str()).collect();
            let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(names, expected);
            assert!(
                described["dc:description"]
                    .as_str()
                    .is_some_and(|d| d.contains("apostrophe")),
                "the formula rule is documented for {}",
                table.name
            );
        }
    }

    #[test]
    fn columns_carry_types_requirements_and_code_lists() {
        let metadata = metadata(&[file(&STATEMENTS, Format::Csv), file(&MENTIONS, Format::Csv)]);
        let statements = &metadata["tables"][0]["tableSchema"];
        assert_eq!(statements["primaryKey"], json!("statement_id"));
        let id = &statements["columns"][0];
        assert_eq!(id["required"], json!(true));
        assert_eq!(id["datatype"]["format"], json!(STATEMENT_ID_PATTERN));
        let published = &statements["columns"][6];
        assert_eq!(published["name"], json!("published"));
        assert_eq!(published["datatype"], json!("date"));
        assert_eq!(published["required"], json!(false));
        assert_eq!(published["null"], json!(""));
        let doc_type = &statements["columns"][4];
        let format = doc_type["datatype"]["format"].as_str().expect("a pattern");
        assert!(format.starts_with("^(statement|"), "{format}");

        let mentions = &metadata["tables"][1]["tableSchema"];
        assert_eq!(
            mentions["primaryKey"],
            json!(["statement_id", "field", "start", "end", "kind"])
        );
        assert_eq!(
            mentions["foreignKeys"],
            json!([{
                "columnReference": ["statement_id"],
                "reference": {"resource": "statements.csv", "columnReference": ["statement_id"]},
            }])
        );
        assert_eq!(mentions["columns"][8]["datatype"], json!("integer"));
    }

    #[test]
    fn parquet_only_releases_describe_only_rejects() {
        let files = [
            file(&STATEMENTS, Format::Parquet),
            file(&MENTIONS, Format::Parquet),
            file(&REJECTS, Format::Csv),
        ];
        let metadata = metadata(&files);
        let tables = metadata["tables"].as_array().expect("tables");
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0]["url"], json!("rejects.csv"));
        assert!(tables[0]["tableSchema"].get("primaryKey").is_none());
        assert!(csv_metadata(&data_facts(&files[..2]), &PackageInfo::default()).is_none());
    }

    #[test]
    fn raw_csv_files_say_so() {
        let files = [file(&STATEMENTS, Format::Csv)];
        let data = DataFacts {
            csv_formulas: FormulaRule::Raw,
            ..data_facts(&files)
        };
        let metadata = csv_metadata(&data, &PackageInfo::default()).expect("described");
        let description = metadata["tables"][0]["dc:description"].as_str();
        assert!(
            description.is_some_and(|d| d.ends_with(FormulaRule::Raw.description())),
            "{description:?}"
        );
    }
}
