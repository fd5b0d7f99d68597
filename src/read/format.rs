//! Which reader an input needs: by its file extension, else by its content.

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

/// The format of an input named `source` holding `text`: its extension
/// when it has a known one, else what its first characters look like.
pub fn detect(source: &str, text: &str) -> InputFormat {
    by_extension(source).unwrap_or_else(|| by_content(text))
}

fn by_extension(source: &str) -> Option<InputFormat> {
    let name = source.rsplit('/').next().unwrap_or(source);
    let (_, extension) = name.rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
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
}
