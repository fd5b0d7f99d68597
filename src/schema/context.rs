//! The JSON-LD context, derived from the tables' `term`s, types and
//! [`LdValue`]s.
//!
//! Every key the JSON-LD writer emits is a term defined here: the classes
//! of the tables' nodes, the properties that link a statement to its
//! mentions, amounts and dates, and one term per column that has a `term`.
//! A term is written in the document under its local name (`headline`,
//! `publishedSource`) and defined in the context as a compact IRI
//! (`schema:headline`, `bayan:publishedSource`), with the type coercion its
//! column type asks for, so that a JSON-LD processor expands every key.

use serde_json::{Map, Value as Json, json};

use super::{ColumnType, LdValue, TABLES, Table};

/// schema.org, where most terms come from.
pub const SCHEMA_ORG: &str = "https://schema.org/";
/// The project's own vocabulary, for what schema.org lacks.
pub const BAYAN_VOCAB: &str = "https://w3id.org/bayan/vocab#";
/// XML Schema datatypes, for typed literals.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The default prefix of the statements' `@id`s: `urn:bayan:statement:`
/// followed by the `statement_id`.
pub const DEFAULT_STATEMENT_BASE: &str = "urn:bayan:statement:";

/// The prefixes the context declares, in the order it declares them.
pub const PREFIXES: [(&str, &str); 3] =
    [("schema", SCHEMA_ORG), ("bayan", BAYAN_VOCAB), ("xsd", XSD)];

/// What a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// The class of a table's nodes.
    Class,
    /// The property linking a statement to the rows of a child table.
    Link,
    /// The property carrying a column's value.
    Column,
}

/// One term of the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The key written in the document.
    pub key: &'static str,
    /// The compact IRI it stands for (`schema:headline`).
    pub iri: String,
    /// `@type` coercion: `@id` or an `xsd:` datatype.
    pub coercion: Option<&'static str>,
    pub kind: TermKind,
    /// Where the term is used: `table` or `table.column`, in table order.
    pub used_by: Vec<String>,
}

impl Term {
    /// The full IRI, with the prefix expanded.
    pub fn full_iri(&self) -> String {
        expand(&self.iri)
    }

    fn same_definition(&self, other: &Term) -> bool {
        self.key == other.key && self.iri == other.iri && self.coercion == other.coercion
    }
}

/// The key a term is written under: its local name (`bayan:start` →
/// `start`, `headline` → `headline`).
pub fn key(term: &'static str) -> &'static str {
    // A byte search rather than `rsplit_once`: the JSON-LD writer asks for
    // the key of every value it writes, and terms are a few bytes long.
    match term.bytes().rposition(|b| b == b':') {
        Some(colon) => &term[colon + 1..],
        None => term,
    }
}

/// The compact IRI of a term: terms without a prefix are schema.org's.
pub fn compact_iri(term: &str) -> String {
    if term.contains(':') {
        term.to_string()
    } else {
        format!("schema:{term}")
    }
}

/// A compact IRI with its prefix replaced by the namespace.
pub fn expand(compact: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, namespace)| {
            compact
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|local| format!("{namespace}{local}"))
        })
        .unwrap_or_else(|| compact.to_string())
}

/// The datatype or `@id` coercion a column's values get.
pub fn coercion(ty: ColumnType, ld: LdValue) -> Option<&'static str> {
    match (ty, ld) {
        (_, LdValue::Iri { .. }) => Some("@id"),
        (ColumnType::Date32, _) => Some("xsd:date"),
        (ColumnType::Decimal38x2, _) => Some("xsd:decimal"),
        // Text carries its language in a value object; JSON numbers and
        // booleans are typed by JSON-LD itself.
        (ColumnType::Utf8 | ColumnType::Int32 | ColumnType::Bool, _) => None,
    }
}

/// Every term of the context, in a fixed order: classes, then links, then
/// column terms, each in table and column order. A term used by several
/// tables appears once, listing every use.
pub fn terms() -> Vec<Term> {
    let tables: Vec<&Table> = TABLES
        .iter()
        .copied()
        .filter(|t| t.jsonld.is_some())
        .collect();
    let mut terms: Vec<Term> = Vec::new();
    for table in &tables {
        for class in table.jsonld.iter().flat_map(|node| node.classes) {
            add(
                &mut terms,
                term(class, None, TermKind::Class, table.name.to_string()),
            );
        }
    }
    for table in &tables {
        if let Some(link) = table.jsonld.as_ref().and_then(|node| node.link) {
            add(
                &mut terms,
                term(link, None, TermKind::Link, table.name.to_string()),
            );
        }
    }
    for table in &tables {
        for column in table.columns {
            if let Some(name) = column.term {
                let used_by = format!("{}.{}", table.name, column.name);
                let coerced = coercion(column.ty, column.ld);
                add(&mut terms, term(name, coerced, TermKind::Column, used_by));
            }
        }
    }
    terms
}

fn term(
    name: &'static str,
    coercion: Option<&'static str>,
    kind: TermKind,
    used_by: String,
) -> Term {
    Term {
        key: key(name),
        iri: compact_iri(name),
        coercion,
        kind,
        used_by: vec![used_by],
    }
}

/// Adds `new`, or records another use of an identical term already there.
/// A key defined twice in different ways is kept twice, for
/// [`conflicts`] to report.
fn add(terms: &mut Vec<Term>, new: Term) {
    match terms.iter_mut().find(|t| t.same_definition(&new)) {
        Some(existing) => existing.used_by.extend(new.used_by),
        None => terms.push(new),
    }
}

/// Keys that [`terms`] defines in more than one way, or that clash with a
/// prefix: each would make the context ambiguous.
pub fn conflicts() -> Vec<&'static str> {
    let terms = terms();
    let mut clashing: Vec<&'static str> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let twice = terms[..i].iter().any(|t| t.key == term.key);
        let prefix = PREFIXES.iter().any(|(p, _)| *p == term.key);
        if (twice || prefix) && !clashing.contains(&term.key) {
            clashing.push(term.key);
        }
    }
    clashing
}

/// The context object (the value of `@context`).
pub fn context() -> Json {
    let mut context = Map::new();
    context.insert("@version".to_string(), json!(1.1));
    for (prefix, namespace) in PREFIXES {
        context.insert(prefix.to_string(), json!(namespace));
    }
    for term in terms() {
        let definition = match (term.kind, term.coercion) {
            (_, Some(coercion)) => json!({ "@id": term.iri, "@type": coercion }),
            // Links always hold a list of nodes, also when there is one.
            (TermKind::Link, None) => json!({ "@id": term.iri, "@container": "@set" }),
            (_, None) => json!(term.iri),
        };
        context.insert(term.key.to_string(), definition);
    }
    Json::Object(context)
}

/// `schemas/context.jsonld`: the context as a document of its own.
pub fn context_document() -> Json {
    json!({ "@context": context() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_defined_twice() {
        assert_eq!(conflicts(), Vec::<&str>::new());
    }

    #[test]
    fn keys_are_local_names() {
        assert_eq!(key("bayan:publishedSource"), "publishedSource");
        assert_eq!(key("headline"), "headline");
        assert_eq!(compact_iri("headline"), "schema:headline");
        assert_eq!(expand("bayan:start"), "https://w3id.org/bayan/vocab#start");
        assert_eq!(expand("schema:Place"), "https://schema.org/Place");
    }

    #[test]
    fn context_types_the_values() {
        let context = context();
        assert_eq!(context["@version"], json!(1.1));
        assert_eq!(
            context["datePublished"],
            json!({"@id": "schema:datePublished", "@type": "xsd:date"})
        );
        assert_eq!(
            context["value"],
            json!({"@id": "schema:value", "@type": "xsd:decimal"})
        );
        assert_eq!(
            context["sameAs"],
            json!({"@id": "schema:sameAs", "@type": "@id"})
        );
        assert_eq!(context["url"], json!({"@id": "schema:url", "@type": "@id"}));
        assert_eq!(context["headline"], json!("schema:headline"));
        assert_eq!(context["start"], json!("bayan:start"));
        assert_eq!(context["DateMention"], json!("bayan:DateMention"));
        assert_eq!(
            context["mentions"],
            json!({"@id": "schema:mentions", "@container": "@set"})
        );
    }

    #[test]
    fn shared_terms_list_every_use() {
        let start = terms()
            .into_iter()
            .find(|t| t.key == "start")
            .expect("start is a term");
        assert_eq!(
            start.used_by,
            ["mentions.start", "amounts.start", "dates.start"]
        );
    }
}
