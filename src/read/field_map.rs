//! `--map FIELD=PATH`: where the statement's fields sit in JSON objects
//! whose field names bayan does not recognise by itself.
//!
//! `PATH` is a dotted path into nested objects (`payload.article_html`,
//! `meta.ts`), matched exactly, then case-insensitively. A mapped field is
//! looked up before the recognised names; an object without the mapped path
//! falls back to them. A mapped date may be a date string (RFC 3339, RFC
//! 2822, `YYYY-MM-DD…`) or a Unix time stamp in seconds or milliseconds.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

/// The record fields `--map` can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappedField {
    Title,
    Body,
    Url,
    Date,
    Language,
    Issuer,
}

impl MappedField {
    const ALL: [(MappedField, &'static str); 6] = [
        (MappedField::Title, "title"),
        (MappedField::Body, "body"),
        (MappedField::Url, "url"),
        (MappedField::Date, "date"),
        (MappedField::Language, "language"),
        (MappedField::Issuer, "issuer"),
    ];
}

/// One `--map FIELD=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub field: MappedField,
    /// The path's member names, outermost first.
    pub path: Vec<String>,
}

/// `--map`'s parser: `FIELD=PATH`, or an error saying what is accepted.
pub fn parse_mapping(text: &str) -> Result<Mapping, String> {
    let names: Vec<&str> = MappedField::ALL.iter().map(|(_, name)| *name).collect();
    let Some((name, path)) = text.split_once('=') else {
        return Err(format!(
            "{text:?} is not FIELD=PATH; write e.g. body=payload.article_html (fields: {})",
            names.join(", ")
        ));
    };
    let name = name.trim().to_ascii_lowercase();
    let Some(field) = (MappedField::ALL.iter())
        .find(|(_, known)| *known == name)
        .map(|(field, _)| *field)
    else {
        return Err(format!(
            "unknown field {name:?} in --map; use one of {}",
            names.join(", ")
        ));
    };
    let path: Vec<String> = path.trim().split('.').map(str::to_string).collect();
    if path.iter().any(String::is_empty) {
        return Err(format!(
            "the path {:?} has an empty member; write names joined by dots, e.g. meta.ts",
            path.join(".")
        ));
    }
    Ok(Mapping { field, path })
}

/// The value the mapping for `field` points at in `object`, with the
/// path's last member (which tells whether the value is HTML).
pub fn lookup<'a>(
    mappings: &'a [Mapping],
    field: MappedField,
    object: &'a Value,
) -> Option<(&'a str, &'a Value)> {
    mappings
        .iter()
        .filter(|mapping| mapping.field == field)
        .find_map(|mapping| {
            let value = follow(object, &mapping.path)?;
            let last = mapping.path.last()?;
            Some((last.as_str(), value))
        })
}

/// The member at `path` of nested objects.
fn follow<'a>(mut value: &'a Value, path: &[String]) -> Option<&'a Value> {
    for name in path {
        let object = value.as_object()?;
        value = match object.get(name) {
            Some(member) => member,
            None => object
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, member)| member)?,
        };
    }
    (!value.is_null()).then_some(value)
}

/// A Unix time stamp: seconds, or milliseconds when it is too large to be
/// seconds of this era.
pub fn date_of_timestamp(value: &Value) -> Option<NaiveDate> {
    let number = value.as_i64()?;
    let seconds = if number.abs() >= 100_000_000_000 {
        number / 1000
    } else {
        number
    };
    DateTime::from_timestamp(seconds, 0).map(|stamp| stamp.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_field_and_dotted_path() {
        let mapping = parse_mapping("body=payload.article_html").expect("valid");
        assert_eq!(mapping.field, MappedField::Body);
        assert_eq!(mapping.path, ["payload", "article_html"]);
        assert!(parse_mapping("body").is_err());
        let error = parse_mapping("summary=x").expect_err("unknown field");
        assert!(
            error.contains("title, body, url, date, language, issuer"),
            "{error}"
        );
        assert!(parse_mapping("date=meta..ts").is_err());
    }

    #[test]
    fn follows_nested_objects() {
        let object: Value =
            serde_json::json!({"Meta": {"ts": 1_646_265_600}, "payload": {"text": null}});
        let mappings = [
            parse_mapping("date=meta.ts").expect("valid"),
            parse_mapping("body=payload.text").expect("valid"),
        ];
        let (last, value) = lookup(&mappings, MappedField::Date, &object).expect("found");
        assert_eq!(last, "ts");
        assert_eq!(
            date_of_timestamp(value),
            NaiveDate::from_ymd_opt(2022, 3, 3)
        );
        assert_eq!(lookup(&mappings, MappedField::Body, &object), None);
        let millis = serde_json::json!(1_646_265_600_000_i64);
        assert_eq!(
            date_of_timestamp(&millis),
            NaiveDate::from_ymd_opt(2022, 3, 3)
        );
    }
}
