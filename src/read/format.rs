//! Which reader an input needs: by its file extension, else by its content;
//! and whether it is a zip archive, whose files are read one by one.

use std::fmt;

/// The input formats bayan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One statement as plain text.
    Text,
    /// One statement as an HTML page or fragment.
    Html,
    /// One JSON object per line, one statement each.
    JsonLines,
    /// A JSON array of statements, a JSON Feed, or one object.
    Json,
    /// Markdown, with optional YAML front matter.
    Markdown,
    /// An RSS or Atom feed, one statement per item.
    Feed,
    /// A WARC web archive, one statement per HTML response.
    Warc,
}

impl InputFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [InputFormat; 7] = [
        InputFormat::Text,
        InputFormat::Html,
        InputFormat::JsonLines,
        InputFormat::Json,
        InputFormat::Markdown,
        InputFormat::Feed,
        InputFormat::Warc,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::JsonLines => "jsonl",
            InputFormat::Json => "json",
            InputFormat::Markdown => "markdown",
            InputFormat::Feed => "feed",
            InputFormat::Warc => "warc",
        }
    }

    /// The format called `name` on the command line.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.as_str() {
            "txt" | "plain" => "text",
            "htm" => "html",
            "ndjson" => "jsonl",
            "md" => "markdown",
            "rss" | "atom" | "xml" => "feed",
            other => other,
        };
        InputFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// `--input-format`'s parser: the format called `name`, or an error
/// listing the names there are.
pub fn parse_name(name: &str) -> Result<InputFormat, String> {
    InputFormat::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = InputFormat::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown input format {name:?}; use one of {}",
            names.join(", ")
        )
    })
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// True when the input named `source` holding `bytes` is a WARC file: its
/// extension says so, or it starts with a WARC version line. (WARC files
/// hold binary payloads, so they are told apart before decoding as text.)
pub fn is_warc(source: &str, bytes: &[u8]) -> bool {
    by_extension(source) == Some(InputFormat::Warc)
        || (by_extension(source).is_none() && super::warc::is_warc(bytes))
}

/// The first four bytes of a zip archive: the signature of its first
/// entry's local header.
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";

/// True when the input named `source` holding (decompressed) `bytes` is a
/// zip archive: it starts with a zip entry's signature, whatever it is
/// called (like gzip), or it is called `.zip` (an archive with no entries
/// starts with the end record instead, and a damaged one should be
/// reported as a damaged archive, not read as text). Office and e-book
/// files are zip containers too, but of one document, not of statements:
/// they are left to the binary check, which says to export their text.
pub fn is_zip(source: &str, bytes: &[u8]) -> bool {
    let document = DOCUMENT_CONTAINERS
        .iter()
        .any(|document| has_extension(source, document));
    !document && (bytes.starts_with(&ZIP_MAGIC) || has_extension(source, "zip"))
}

/// Extensions of document formats stored as zip containers (OOXML,
/// OpenDocument, EPUB).
const DOCUMENT_CONTAINERS: [&str; 10] = [
    "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "docm", "xlsm", "pptm",
];

fn has_extension(source: &str, wanted: &str) -> bool {
    extension(source).is_some_and(|extension| extension.eq_ignore_ascii_case(wanted))
}

/// What follows the last dot of the file name of `source`, if anything.
fn extension(source: &str) -> Option<&str> {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.rsplit_once('.').map(|(_, extension)| extension)
}

/// The format of an input named `source` holding `text`: its extension
/// when it has a known one, else what its first characters look like.
pub fn detect(source: &str, text: &str) -> InputFormat {
    by_extension(source).unwrap_or_else(|| by_content(text))
}

fn by_extension(source: &str) -> Option<InputFormat> {
    match extension(source)?.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(InputFormat::Text),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "jsonl" | "ndjson" | "jsonlines" => Some(InputFormat::JsonLines),
        "json" => Some(InputFormat::Json),
        "md" | "markdown" => Some(InputFormat::Markdown),
        "xml" | "rss" | "atom" => Some(InputFormat::Feed),
        "warc" => Some(InputFormat::Warc),
        _ => None,
    }
}

fn by_content(text: &str) -> InputFormat {
    if super::warc::is_warc(text.as_bytes()) {
        return InputFormat::Warc;
    }
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if start.starts_with('[') {
        return InputFormat::Json;
    }
    if start.starts_with('{') {
        let first_line = start.lines().next().unwrap_or_default();
        let one_object_per_line =
            serde_json::from_str::<serde_json::Value>(first_line).is_ok_and(|v| v.is_object());
        return if one_object_per_line {
            InputFormat::JsonLines
        } else {
            InputFormat::Json
        };
    }
    if start.starts_with("<?xml") && super::feed::is_feed(start) {
        return InputFormat::Feed;
    }
    if start.starts_with("<rss") || start.starts_with("<feed") {
        return InputFormat::Feed;
    }
    if start.starts_with("---\n") || start.starts_with("---\r\n") {
        return InputFormat::Markdown;
    }
    let head: String = start
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_markers = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<p>",
        "<p ",
        "<div",
    ];
    if head.starts_with('<') && html_markers.iter().any(|m| head.contains(m)) {
        return InputFormat::Html;
    }
    InputFormat::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_first() {
        assert_eq!(detect("a/b.JSONL", "x"), InputFormat::JsonLines);
        assert_eq!(detect("b.htm", "plain"), InputFormat::Html);
        assert_eq!(detect("b.txt", "<html>"), InputFormat::Text);
        assert_eq!(detect("b.md", ""), InputFormat::Markdown);
        assert_eq!(detect("b.json", "{}"), InputFormat::Json);
        assert_eq!(detect("b.rss", ""), InputFormat::Feed);
    }

    #[test]
    fn content_decides_otherwise() {
        assert_eq!(
            detect("-", "{\"a\": 1}\n{\"a\": 2}"),
            InputFormat::JsonLines
        );
        assert_eq!(detect("-", "{\n  \"a\": 1\n}"), InputFormat::Json);
        assert_eq!(detect("-", " [ {} ]"), InputFormat::Json);
        assert_eq!(
            detect("statement", "<!DOCTYPE html><html>"),
            InputFormat::Html
        );
        assert_eq!(
            detect("statement", "---\ntitle: x\n---\nBody"),
            InputFormat::Markdown
        );
        assert_eq!(detect("statement", "بيان\n\nنص"), InputFormat::Text);
        assert_eq!(detect("x.v2", "<3 is not html"), InputFormat::Text);
        assert_eq!(
            detect("-", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            InputFormat::Feed
        );
        assert_eq!(
            detect("feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            InputFormat::Feed
        );
    }

    #[test]
    fn names_round_trip() {
        for format in InputFormat::ALL {
            assert_eq!(InputFormat::from_name(format.name()), Some(format));
        }
        assert_eq!(
            InputFormat::from_name("NDJSON"),
            Some(InputFormat::JsonLines)
        );
        assert_eq!(InputFormat::from_name("pdf"), None);
        assert_eq!(parse_name("RSS"), Ok(InputFormat::Feed));
        let error = parse_name("pdf").expect_err("not a format");
        assert!(
            error.contains("text, html, jsonl, json, markdown, feed, warc"),
            "{error}"
        );
        assert!(is_warc("crawl.warc", b""));
        assert!(is_warc("crawl", b"WARC/1.0\r\n"));
        assert!(!is_warc("notes.txt", b"WARC/1.0\r\n"));
    }

    #[test]
    fn zip_archives_by_signature_or_name() {
        assert!(is_zip("statements.zip", b""));
        assert!(is_zip("dir/OLD.ZIP", b"PK\x05\x06"));
        assert!(is_zip("misnamed.txt", b"PK\x03\x04rest"));
        assert!(is_zip("-", b"PK\x03\x04"));
        assert!(!is_zip("notes.txt", b"PK is a tag"));
        assert!(!is_zip("zip", b"plain"));
        assert!(!is_zip("archive.zip/notes.txt", b"text"));
        assert!(!is_zip("statement.docx", b"PK\x03\x04word/document.xml"));
        assert!(!is_zip("minutes.ODT", b"PK\x03\x04mimetype"));
    }
}
