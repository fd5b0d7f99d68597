//! HTML inputs: a page (or fragment) kept as HTML for `parse`, with the
//! metadata its head carries taken into [`SourceMeta`].
//!
//! Title: `og:title`, else the page's only `<h1>`, else `<title>`. URL: the
//! canonical link, else `og:url`. Date: `article:published_time` and the
//! other publication-date meta names, else the first `<time datetime>`.
//! Language: `<html lang>`, else `og:locale`. Issuer: `<meta name=author>`
//! when it is a name rather than a link.

use scraper::{Html, Selector};

use super::meta::parse_date;
use crate::record::{Raw, RawFormat, Record, RejectReason, SourceMeta};

/// Meta tags that carry a publication date, in order of trust.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "pubdate",
    "publish-date",
    "publishdate",
    "citation_publication_date",
    "og:published_time",
];

/// The record of an HTML input; a page nested too deeply to parse safely is
/// rejected as `malformed` (see [`depth`](super::depth)).
pub fn record(source: &str, html: String) -> Record {
    if let Err(detail) = super::depth::check(&html) {
        let mut record = Record::new(source, Raw::default());
        record.reject(RejectReason::Malformed, detail);
        return record;
    }
    // One parse of the page gives both its metadata and the structure
    // that `parse` would otherwise parse the page again for.
    let document = Html::parse_document(&html);
    let meta = metadata_of(&document);
    let structure = crate::parse::html::structure_of(&document);
    let raw = Raw {
        text: html,
        format: RawFormat::Html,
        meta,
    };
    let mut record = Record::new(source, raw);
    record.html_structure = Some(structure);
    record
}

/// What the page says about itself.
pub fn metadata(html: &str) -> SourceMeta {
    metadata_of(&Html::parse_document(html))
}

/// [`metadata`] of a page already parsed.
fn metadata_of(document: &Html) -> SourceMeta {
    let page = Page { document };
    SourceMeta {
        title: page
            .meta(&["og:title", "twitter:title", "dc.title"])
            .or_else(|| page.only_text("h1"))
            .or_else(|| page.first_text("title").map(|t| without_site_name(&t))),
        url: page
            .attribute("link[rel~=canonical]", "href")
            .or_else(|| page.meta(&["og:url"]))
            .filter(|url| url.starts_with("http://") || url.starts_with("https://")),
        published: page
            .meta(DATE_META)
            .and_then(|d| parse_date(&d))
            .or_else(|| {
                page.attribute("time[datetime]", "datetime")
                    .and_then(|d| parse_date(&d))
            }),
        language: page
            .attribute("html[lang]", "lang")
            .or_else(|| page.meta(&["og:locale", "content-language", "dc.language"]))
            .map(|lang| lang.replace('_', "-")),
        issuer: page
            .meta(&["author", "dc.creator", "article:author"])
            .filter(|author| !author.contains("://")),
    }
}

/// A `<title>` without the site name browsers show after it
/// ("Statement on Yemen | U.S. Department of State" → "Statement on
/// Yemen"): the part before the last " | ", " – " or " — ".
fn without_site_name(title: &str) -> String {
    [" | ", " – ", " — "]
        .iter()
        .filter_map(|separator| title.rfind(separator))
        .max()
        .map(|at| title[..at].trim())
        .filter(|head| !head.is_empty())
        .unwrap_or(title)
        .to_string()
}

struct Page<'a> {
    document: &'a Html,
}

impl Page<'_> {
    /// The content of the first `<meta>` whose `name` or `property` is one
    /// of `names` (compared case-insensitively), in the order of `names`.
    fn meta(&self, names: &[&str]) -> Option<String> {
        let selector = Selector::parse("meta[content]").ok()?;
        let tags: Vec<(String, String)> = self
            .document
            .select(&selector)
            .filter_map(|tag| {
                let element = tag.value();
                let name = element
                    .attr("property")
                    .or_else(|| element.attr("name"))
                    .or_else(|| element.attr("http-equiv"))
                    .or_else(|| element.attr("itemprop"))?;
                let content = crate::text::clean(element.attr("content")?);
                Some((name.to_ascii_lowercase(), content))
            })
            .filter(|(_, content)| !content.is_empty())
            .collect();
        names.iter().find_map(|wanted| {
            tags.iter()
                .find(|(name, _)| name == wanted)
                .map(|(_, content)| content.clone())
        })
    }

    fn attribute(&self, selector: &str, attribute: &str) -> Option<String> {
        let selector = Selector::parse(selector).ok()?;
        self.document
            .select(&selector)
            .find_map(|element| element.value().attr(attribute))
            .map(crate::text::clean)
            .filter(|value| !value.is_empty())
    }

    fn first_text(&self, selector: &str) -> Option<String> {
        let selector = Selector::parse(selector).ok()?;
        let element = self.document.select(&selector).next()?;
        let text = crate::text::clean(&element.text().collect::<String>());
        (!text.is_empty()).then_some(text)
    }

    /// The text of the element `selector` names when the page has exactly
    /// one (several `<h1>` mean a listing page, not one statement).
    fn only_text(&self, selector: &str) -> Option<String> {
        let parsed = Selector::parse(selector).ok()?;
        if self.document.select(&parsed).nth(1).is_some() {
            return None;
        }
        self.first_text(selector)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_page_metadata() {
        let html = r#"<!DOCTYPE html><html lang="ar"><head>
            <title>Statement | Ministry</title>
            <meta property="og:title" content="بيان حول الاجتماع">
            <meta property="article:published_time" content="2021-09-02T10:00:00+03:00">
            <link rel="canonical" href="https://example.gov/ar/statement/">
            <meta name="author" content="Office of the Spokesperson">
            </head><body><h1>Other</h1><p>Body</p></body></html>"#;
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("بيان حول الاجتماع"));
        assert_eq!(
            meta.url.as_deref(),
            Some("https://example.gov/ar/statement/")
        );
        assert_eq!(meta.published, chrono::NaiveDate::from_ymd_opt(2021, 9, 2));
        assert_eq!(meta.language.as_deref(), Some("ar"));
        assert_eq!(meta.issuer.as_deref(), Some("Office of the Spokesperson"));
    }

    #[test]
    fn falls_back_to_h1_title_and_time() {
        let html = "<html><head><title>Site - Page</title></head><body><h1>Readout</h1>\
                    <time datetime=\"2022-01-05\">5 January</time><p>x</p></body></html>";
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("Readout"));
        assert_eq!(meta.published, chrono::NaiveDate::from_ymd_opt(2022, 1, 5));
        assert_eq!(meta.url, None);
        let listing =
            "<html><head><title>Press</title></head><body><h1>A</h1><h1>B</h1></body></html>";
        assert_eq!(metadata(listing).title.as_deref(), Some("Press"));
    }
}
