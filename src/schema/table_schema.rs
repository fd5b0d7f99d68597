//! Frictionless Table Schemas (v2), derived from the table definitions.
//!
//! One schema per table: a field per column with its Frictionless type,
//! `constraints.required` for columns that are never null,
//! `constraints.enum` for code lists, the primary key, the foreign keys, and
//! `missingValues: [""]` (the CSV files write null as an empty field and
//! nothing else).

use serde_json::{Map, Value as Json, json};

use super::{Column, ColumnType, Table};

/// The profile the schemas declare.
pub const TABLE_SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

/// The schema of `table`, its foreign keys naming the tables they point to
/// (as in `schemas/tables/`).
pub fn table_schema(table: &Table) -> Json {
    table_schema_with(table, &|name| name.to_string())
}

/// The schema of `table`, its foreign keys pointing to the resource
/// `resource_of(table name)`: a data package names its resources, which
/// need not be the table names (`statements-parquet`).
pub fn table_schema_with(table: &Table, resource_of: &dyn Fn(&str) -> String) -> Json {
    let mut schema = Map::new();
    schema.insert("$schema".to_string(), json!(TABLE_SCHEMA_PROFILE));
    let fields: Vec<Json> = table.columns.iter().map(field).collect();
    schema.insert("fields".to_string(), Json::Array(fields));
    schema.insert("missingValues".to_string(), json!([""]));
    if !table.primary_key.is_empty() {
        schema.insert("primaryKey".to_string(), json!(table.primary_key));
    }
    if !table.foreign_keys.is_empty() {
        let keys: Vec<Json> = table
            .foreign_keys
            .iter()
            .map(|fk| {
                json!({
                    "fields": fk.fields,
                    "reference": {
                        "resource": resource_of(fk.table),
                        "fields": fk.reference,
                    },
                })
            })
            .collect();
        schema.insert("foreignKeys".to_string(), Json::Array(keys));
    }
    Json::Object(schema)
}

fn field(column: &Column) -> Json {
    let mut field = Map::new();
    field.insert("name".to_string(), json!(column.name));
    field.insert("type".to_string(), json!(field_type(column.ty)));
    field.insert("description".to_string(), json!(column.description));
    let mut constraints = Map::new();
    if !column.nullable {
        constraints.insert("required".to_string(), json!(true));
    }
    if let Some(allowed) = column.allowed {
        constraints.insert("enum".to_string(), json!(allowed()));
    }
    if !constraints.is_empty() {
        field.insert("constraints".to_string(), Json::Object(constraints));
    }
    Json::Object(field)
}

/// The Frictionless type of a column type. Dates use the default format
/// (ISO `YYYY-MM-DD`), booleans the default true/false values, decimals a
/// plain `.`: what the CSV writer writes.
pub fn field_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Utf8 => "string",
        ColumnType::Date32 => "date",
        ColumnType::Decimal38x2 => "number",
        ColumnType::Int32 => "integer",
        ColumnType::Bool => "boolean",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{AMOUNTS, REJECTS, STATEMENTS};

    #[test]
    fn fields_follow_the_columns() {
        let schema = table_schema(&AMOUNTS);
        let fields = schema["fields"].as_array().expect("fields is a list");
        assert_eq!(fields.len(), AMOUNTS.columns.len());
        assert_eq!(fields[2]["name"], json!("value"));
        assert_eq!(fields[2]["type"], json!("number"));
        assert_eq!(fields[2]["constraints"]["required"], json!(true));
        assert_eq!(
            fields[4]["constraints"]["enum"][0],
            json!("exact"),
            "qualifier is a code list"
        );
        assert_eq!(schema["missingValues"], json!([""]));
        assert_eq!(
            schema["primaryKey"],
            json!(["statement_id", "field", "start", "end"])
        );
    }

    #[test]
    fn nullable_columns_are_not_required() {
        let schema = table_schema(&STATEMENTS);
        let url = &schema["fields"][1];
        assert_eq!(url["name"], json!("url"));
        assert!(url.get("constraints").is_none());
        assert!(schema.get("foreignKeys").is_none());
    }

    #[test]
    fn foreign_keys_name_the_resource() {
        let schema = table_schema_with(&AMOUNTS, &|name| format!("{name}-parquet"));
        assert_eq!(
            schema["foreignKeys"],
            json!([{
                "fields": ["statement_id"],
                "reference": {"resource": "statements-parquet", "fields": ["statement_id"]},
            }])
        );
        let rejects = table_schema(&REJECTS);
        assert!(rejects.get("primaryKey").is_none());
    }
}
