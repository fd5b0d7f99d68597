//! The files of `schemas/`, generated from the table definitions by
//! `bayan schemas` and committed, so that readers of the repository and
//! validators have them without running anything.

use serde_json::Value as Json;

use super::TABLES;
use super::context::context_document;
use super::json_schema::statement_schema;
use super::table_schema::table_schema;
use super::vocab::vocab_markdown;

/// One generated file: its path inside the schemas directory (`/`
/// separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    pub path: String,
    pub contents: String,
}

/// Every file of the schemas directory, in a fixed order.
pub fn schema_files() -> Vec<SchemaFile> {
    let mut files = vec![
        json_file("context.jsonld", &context_document()),
        json_file("statement.schema.json", &statement_schema()),
    ];
    for table in TABLES {
        files.push(json_file(
            &format!("tables/{}.json", table.name),
            &table_schema(table),
        ));
    }
    files.push(SchemaFile {
        path: "vocab.md".to_string(),
        contents: vocab_markdown(),
    });
    files
}

/// Pretty JSON with a final newline, as every JSON file of the project.
pub fn pretty_json(value: &Json) -> String {
    // Serialising a `Value` cannot fail: its keys are strings.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn json_file(path: &str, value: &Json) -> SchemaFile {
    SchemaFile {
        path: path.to_string(),
        contents: pretty_json(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_schema_per_table() {
        let files = schema_files();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "context.jsonld",
                "statement.schema.json",
                "tables/statements.json",
                "tables/mentions.json",
                "tables/amounts.json",
                "tables/dates.json",
                "tables/rejects.json",
                "vocab.md",
            ]
        );
        for file in files
            .iter()
            .filter(|f| f.path.ends_with("json") || f.path.ends_with("jsonld"))
        {
            let parsed: Result<Json, _> = serde_json::from_str(&file.contents);
            assert!(parsed.is_ok(), "{} is JSON", file.path);
            assert!(file.contents.ends_with("}\n"));
        }
    }
}
