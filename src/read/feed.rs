//! RSS and Atom feeds: one statement per item or entry.
//!
//! Each `<item>` (RSS 0.9x, 1.0 and 2.0) or `<entry>` (Atom) becomes a
//! record named `path#N` (N: 1-based item number). The full content
//! (`content:encoded`, Atom `<content>`) is preferred over the summary
//! (`<description>`, `<summary>`); the link, publication date
//! (`pubDate`, `dc:date`, `published`, `updated`), author (`dc:creator`,
//! `<author>`) and language (the channel's `<language>` or `xml:lang`) go
//! into [`SourceMeta`]. Dates keep the publisher's own calendar day.

use roxmltree::{Document, Node, ParsingOptions};

use super::jsonl::looks_like_html;
use super::meta::parse_date;
use crate::record::{Raw, RawFormat, Record, RejectReason, SourceMeta};

const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// True when `text` is an RSS or Atom document.
pub fn is_feed(text: &str) -> bool {
    let head: String = text.chars().take(2048).collect();
    ["<rss", "<feed", "<rdf:RDF"]
        .iter()
        .any(|root| head.contains(root))
}

/// Reads a feed into one record per item.
pub fn read(source: &str, text: &str) -> Vec<Record> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let document = match Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(error) => {
            return vec![rejected(
                source,
                RejectReason::Malformed,
                format!("not well-formed XML ({error}); fix the feed or give its items as files"),
            )];
        }
    };
    let root = document.root_element();
    let root_name = root.tag_name().name();
    if !matches!(root_name, "rss" | "feed" | "RDF") {
        return vec![rejected(
            source,
            RejectReason::Malformed,
            format!(
                "an XML file whose root element is <{root_name}>, not an RSS or Atom feed; give \
                 statements as text, HTML, Markdown, JSON Lines or a feed"
            ),
        )];
    }
    let language = channel_language(root);
    let items: Vec<Node> = root
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "item" | "entry"))
        .collect();
    if items.is_empty() {
        return vec![rejected(
            source,
            RejectReason::Empty,
            "a feed with no items; nothing to export from it",
        )];
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| from_item(format!("{source}#{}", index + 1), *item, &language))
        .collect()
}

fn rejected(source: &str, reason: RejectReason, detail: impl Into<String>) -> Record {
    let mut record = Record::new(source, Raw::default());
    record.reject(reason, detail);
    record
}

/// The feed's language: RSS `<channel><language>`, else `xml:lang` on the
/// root.
fn channel_language(root: Node) -> Option<String> {
    root.descendants()
        .find(|n| {
            n.has_tag_name("language") && n.parent().is_some_and(|p| p.has_tag_name("channel"))
        })
        .and_then(text_of)
        .or_else(|| root.attribute((XML_NS, "lang")).map(str::to_string))
}

fn from_item(source: String, item: Node, language: &Option<String>) -> Record {
    let child = |name: &str| {
        item.children()
            .filter(|n| n.is_element() && n.tag_name().name() == name)
            .find_map(text_of)
    };
    let content = item
        .children()
        .filter(|n| n.is_element())
        .find(|n| n.tag_name().name() == "encoded" && n.tag_name().namespace() == Some(CONTENT_NS))
        .and_then(text_of)
        .or_else(|| child("content"))
        .or_else(|| child("description"))
        .or_else(|| child("summary"));
    let Some(body) = content else {
        return rejected(
            &source,
            RejectReason::Empty,
            "a feed item with no content or description, only a title and link; export the linked page instead",
        );
    };
    let format = if looks_like_html(&body) {
        RawFormat::Html
    } else {
        RawFormat::PlainText
    };
    let meta = SourceMeta {
        title: child("title"),
        url: item_link(item),
        published: ["pubDate", "date", "published", "issued", "updated"]
            .iter()
            .filter_map(|name| child(name))
            .find_map(|date| parse_date(&date)),
        language: item
            .attribute((XML_NS, "lang"))
            .map(str::to_string)
            .or_else(|| language.clone()),
        issuer: child("creator").or_else(|| author_name(item)),
    };
    Record::new(
        source,
        Raw {
            text: body,
            format,
            meta,
        },
    )
}

/// The item's web address: RSS `<link>` text, Atom `<link rel="alternate"
/// href>`, else a `<guid>` that is a URL.
fn item_link(item: Node) -> Option<String> {
    let is_web = |url: &String| url.starts_with("http://") || url.starts_with("https://");
    let links = item
        .children()
        .filter(|n| n.has_tag_name("link") || n.tag_name().name() == "link");
    for link in links {
        let href = link
            .attribute("href")
            .filter(|_| matches!(link.attribute("rel"), None | Some("alternate")))
            .map(|h| h.trim().to_string())
            .or_else(|| text_of(link));
        if let Some(url) = href.filter(is_web) {
            return Some(url);
        }
    }
    item.children()
        .filter(|n| n.tag_name().name() == "guid" || n.tag_name().name() == "id")
        .find_map(text_of)
        .filter(is_web)
}

/// RSS `<author>` (often an e-mail address) or Atom `<author><name>`.
fn author_name(item: Node) -> Option<String> {
    let author = item.children().find(|n| n.tag_name().name() == "author")?;
    author
        .children()
        .find(|n| n.tag_name().name() == "name")
        .and_then(text_of)
        .or_else(|| text_of(author))
}

/// The trimmed text of an element (CDATA included), if not blank.
fn text_of(node: Node) -> Option<String> {
    let text: String = node
        .children()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Press</title><language>en-US</language>
<item><title>Readout &#8211; Call</title><link>https://example.gov/r/</link>
<dc:creator><![CDATA[Office of the Spokesperson]]></dc:creator>
<pubDate>Mon, 19 Jul 2021 22:25:27 -0400</pubDate>
<description><![CDATA[<script>x</script><p>Short</p>]]></description>
<content:encoded><![CDATA[<p>Office of the Spokesperson</p><p>Full body.</p>]]></content:encoded></item>
<item><title>Two</title><link>index.cfm?id=2</link><description>Plain text.</description></item>
<item><title>Empty</title></item>
</channel></rss>"#;

    #[test]
    fn reads_rss_items() {
        assert!(is_feed(RSS));
        let records = read("feed.xml", RSS);
        assert_eq!(records.len(), 3);
        let first = &records[0];
        assert_eq!(first.source, "feed.xml#1");
        assert_eq!(
            first.raw.text,
            "<p>Office of the Spokesperson</p><p>Full body.</p>"
        );
        assert_eq!(first.raw.format, RawFormat::Html);
        let meta = &first.raw.meta;
        assert_eq!(meta.title.as_deref(), Some("Readout – Call"));
        assert_eq!(meta.url.as_deref(), Some("https://example.gov/r/"));
        assert_eq!(meta.issuer.as_deref(), Some("Office of the Spokesperson"));
        assert_eq!(meta.published, chrono::NaiveDate::from_ymd_opt(2021, 7, 19));
        assert_eq!(meta.language.as_deref(), Some("en-US"));
        let second = &records[1];
        assert_eq!(second.raw.format, RawFormat::PlainText);
        assert_eq!(second.raw.meta.url, None);
        assert_eq!(
            records[2].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Empty)
        );
    }

    #[test]
    fn reads_atom_entries() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<entry><title>Déclaration</title><link rel="alternate" href="https://example.fr/d"/>
<published>2022-06-10T17:11:30+02:00</published><author><name>Porte-parole</name></author>
<content type="html">&lt;p&gt;Texte.&lt;/p&gt;</content></entry></feed>"#;
        let records = read("feed.atom", atom);
        assert_eq!(records.len(), 1);
        let meta = &records[0].raw.meta;
        assert_eq!(meta.url.as_deref(), Some("https://example.fr/d"));
        assert_eq!(meta.issuer.as_deref(), Some("Porte-parole"));
        assert_eq!(meta.language.as_deref(), Some("fr"));
        assert_eq!(records[0].raw.text, "<p>Texte.</p>");
        assert_eq!(records[0].raw.format, RawFormat::Html);
    }

    #[test]
    fn rejects_broken_xml_and_other_xml() {
        let broken = read("b.xml", "<rss><channel><item></channel></rss>");
        assert_eq!(
            broken[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Malformed)
        );
        let other = read("trips.xml", "<?xml version=\"1.0\"?><trips><trip/></trips>");
        let detail = other[0]
            .reject
            .as_ref()
            .map(|r| r.detail.clone())
            .unwrap_or_default();
        assert!(detail.contains("<trips>"), "{detail}");
    }

    #[test]
    fn reads_the_state_department_snapshot() {
        let text = crate::read::shared_text(
            "corpus/statedept-press-releases-rss/data.rss.snapshot-2021-07-19.xml",
        );
        let records = read("data.rss", &text);
        assert_eq!(records.len(), 10);
        assert!(records.iter().all(Record::is_accepted));
        assert!(records.iter().all(|r| r.raw.format == RawFormat::Html));
        assert!(records.iter().all(|r| r.raw.meta.published.is_some()));
        assert!(
            records
                .iter()
                .all(|r| r.raw.meta.language.as_deref() == Some("en-US"))
        );
    }
}
