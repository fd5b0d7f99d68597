//! The JSON Schema (draft 2020-12) of one statement as a JSON object: the
//! `statements` columns, with the rows of every child table nested as an
//! array named after the table. This is the shape `bayan map` emits, one
//! statement a line (`crate::write::ndjson`), and `bayan merge` reads.
//!
//! Derived from the table definitions: a child table is one with a foreign
//! key to `statements`, and its key columns are left out of the nested
//! objects (the nesting already says which statement they belong to).

use serde_json::{Map, Value as Json, json};

use super::{Column, ColumnType, SCHEMA_VERSION, STATEMENTS, TABLES, Table};

/// The draft the schema declares.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// How a decimal(38,2) is written in JSON: as a string, so that no JSON
/// reader turns it into a binary float.
pub const DECIMAL_PATTERN: &str = r"^-?[0-9]+\.[0-9]{2}$";

/// `schemas/statement.schema.json`.
pub fn statement_schema() -> Json {
    let mut schema = object_schema(&STATEMENTS, &[]);
    if let Json::Object(properties) = &mut schema["properties"] {
        for child in children() {
            let fields = foreign_key_fields(child);
            let items = object_schema(child, &fields);
            properties.insert(
                child.name.to_string(),
                json!({
                    "description": child.description,
                    "type": "array",
                    "items": items,
                }),
            );
        }
    }
    if let Json::Object(required) = &mut schema {
        let mut names: Vec<Json> = STATEMENTS.columns.iter().map(|c| json!(c.name)).collect();
        names.extend(children().map(|t| json!(t.name)));
        required.insert("required".to_string(), Json::Array(names));
    }
    let mut document = Map::new();
    document.insert("$schema".to_string(), json!(DRAFT));
    document.insert("title".to_string(), json!("Statement"));
    let names: Vec<&str> = children().map(|t| t.name).collect();
    let listed = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    document.insert(
        "description".to_string(),
        json!(format!(
            "One statement of a bayan dataset (contract {SCHEMA_VERSION}) with its \
             {listed}, as one JSON object: bayan map writes one such object a line"
        )),
    );
    if let Json::Object(body) = schema {
        document.extend(body);
    }
    Json::Object(document)
}

/// Tables whose rows belong to a statement.
fn children() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().copied().filter(|table| {
        table
            .foreign_keys
            .iter()
            .any(|fk| fk.table == STATEMENTS.name)
    })
}

fn foreign_key_fields(table: &Table) -> Vec<&'static str> {
    table
        .foreign_keys
        .iter()
        .filter(|fk| fk.table == STATEMENTS.name)
        .flat_map(|fk| fk.fields.iter().copied())
        .collect()
}

/// An object with one property per column, all required, nothing else.
fn object_schema(table: &Table, skip: &[&str]) -> Json {
    let columns: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| !skip.contains(&c.name))
        .collect();
    let properties: Map<String, Json> = columns
        .iter()
        .map(|c| (c.name.to_string(), column_schema(c)))
        .collect();
    let required: Vec<&str> = columns.iter().map(|c| c.name).collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn column_schema(column: &Column) -> Json {
    let mut schema = Map::new();
    schema.insert("description".to_string(), json!(column.description));
    let (ty, refinement) = json_type(column.ty);
    let ty = if column.nullable {
        json!([ty, "null"])
    } else {
        json!(ty)
    };
    schema.insert("type".to_string(), ty);
    if let Some((keyword, value)) = refinement {
        schema.insert(keyword.to_string(), json!(value));
    }
    if let Some(allowed) = column.allowed {
        schema.insert("enum".to_string(), json!(allowed()));
    }
    Json::Object(schema)
}

/// The JSON type of a column type, and the keyword that narrows it.
fn json_type(ty: ColumnType) -> (&'static str, Option<(&'static str, &'static str)>) {
    match ty {
        ColumnType::Utf8 => ("string", None),
        ColumnType::Date32 => ("string", Some(("format", "date"))),
        ColumnType::Decimal38x2 => ("string", Some(("pattern", DECIMAL_PATTERN))),
        ColumnType::Int32 => ("integer", None),
        ColumnType::Bool => ("boolean", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_nests_its_children() {
        let schema = statement_schema();
        assert_eq!(schema["$schema"], json!(DRAFT));
        let properties = &schema["properties"];
        assert_eq!(properties["statement_id"]["type"], json!("string"));
        assert_eq!(properties["published"]["type"], json!(["string", "null"]));
        assert_eq!(properties["published"]["format"], json!("date"));
        assert_eq!(properties["word_count"]["type"], json!("integer"));
        let amount = &properties["amounts"]["items"]["properties"];
        assert_eq!(amount["value"]["pattern"], json!(DECIMAL_PATTERN));
        assert!(amount.get("statement_id").is_none());
        let date = &properties["dates"]["items"]["properties"];
        assert_eq!(date["year_inferred"]["type"], json!("boolean"));
        let required = schema["required"].as_array().expect("required is a list");
        assert!(required.contains(&json!("mentions")));
        assert!(properties.get("rejects").is_none());
    }

    #[test]
    fn code_lists_become_enums() {
        let schema = statement_schema();
        let doc_type = &schema["properties"]["doc_type"]["enum"];
        assert_eq!(doc_type[0], json!("statement"));
        let kinds = &schema["properties"]["mentions"]["items"]["properties"]["kind"]["enum"];
        assert_eq!(kinds, &json!(["place", "person", "organization"]));
    }
}
