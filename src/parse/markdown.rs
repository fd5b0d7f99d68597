//! Markdown → blocks.
//!
//! Paragraphs are separated by blank lines as in plain text; on top of
//! that, headings, list items and table rows are blocks of their own, and inline
//! markup is dropped: emphasis markers, backslash escapes (`\$`, `\###`),
//! link targets (the link text stays), images and HTML comments.

use std::sync::OnceLock;

use regex::Regex;

use super::Blocks;

/// The blocks of a Markdown body.
pub fn blocks(markdown: &str) -> Blocks {
    let mut blocks: Blocks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for raw_line in markdown.lines() {
        let line = raw_line.trim();
        if line.is_empty() || is_rule(line) {
            flush(&mut blocks, &mut current);
            continue;
        }
        if let Some(row) = table_row(line) {
            flush(&mut blocks, &mut current);
            let text = inline_text(&row);
            if !text.is_empty() {
                blocks.push(vec![text]);
            }
            continue;
        }
        let (starts_block, content) = block_start(line);
        if starts_block {
            flush(&mut blocks, &mut current);
        }
        let text = inline_text(content);
        if !text.is_empty() {
            current.push(text);
        }
        if line.starts_with('#') {
            flush(&mut blocks, &mut current);
        }
    }
    flush(&mut blocks, &mut current);
    blocks
}

fn flush(blocks: &mut Blocks, current: &mut Vec<String>) {
    if !current.is_empty() {
        blocks.push(std::mem::take(current));
    }
}

/// The cells of a pipe-table row (`| Jordan | $10 million |`), joined by a
/// space; each row is a block of its own.
fn table_row(line: &str) -> Option<String> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    Some(cells.join(" "))
}

/// A thematic break (`---`, `***`, `___`) or a table rule (`+---+`, `|---|`).
fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '+' | '|' | ':' | '=' | ' '))
}

/// Whether a line starts a block of its own (heading, list item, quote),
/// and its content without the marker.
fn block_start(line: &str) -> (bool, &str) {
    let heading = line.trim_start_matches('#');
    if heading.len() < line.len() && (heading.is_empty() || heading.starts_with(' ')) {
        return (true, heading.trim());
    }
    for marker in ["- ", "* ", "+ ", "> "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (true, rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (true, rest.trim());
        }
    }
    (false, line)
}

/// A line's text without inline markup.
fn inline_text(line: &str) -> String {
    static MARKUP: OnceLock<[(Regex, &str); 5]> = OnceLock::new();
    let markup = MARKUP.get_or_init(|| {
        let compile = |pattern: &str| match Regex::new(pattern) {
            Ok(regex) => regex,
            Err(error) => panic!("markdown pattern {pattern:?} does not compile: {error}"),
        };
        [
            (compile(r"<!--.*?-->"), ""),
            (compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
            (compile(r"\[([^\]]*)\]\([^)]*\)"), "$1"),
            (compile(r"\{[.#][^}]*\}"), ""),
            (compile(r"(\*\*|__|\*|`)"), ""),
        ]
    });
    let mut text = line.to_string();
    for (pattern, replacement) in markup {
        text = pattern.replace_all(&text, *replacement).into_owned();
    }
    unescape(&text)
}

/// Removes Markdown backslash escapes (`\$` → `$`, `\###` → `###`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    crate::text::clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(markdown: &str) -> Vec<String> {
        blocks(markdown)
            .into_iter()
            .map(|lines| lines.join(" "))
            .collect()
    }

    #[test]
    fn paragraphs_headings_and_lists() {
        let markdown = " \nFirst line\nwrapped.\n\n**Bold heading**\n\n## Section\nText with \\$53 million.\n\n\
                        -   One\n-   Two\n    continued\n1. Three\n\n\\###\n";
        assert_eq!(
            texts(markdown),
            [
                "First line wrapped.",
                "Bold heading",
                "Section",
                "Text with $53 million.",
                "One",
                "Two continued",
                "Three",
                "###"
            ]
        );
    }

    #[test]
    fn pipe_tables_give_one_block_per_row() {
        let markdown =
            "Before.\n\n| Country | Amount |\n|---|---|\n| Jordan | $10 million |\n\nAfter.";
        assert_eq!(
            texts(markdown),
            ["Before.", "Country Amount", "Jordan $10 million", "After."]
        );
    }

    #[test]
    fn links_images_and_rules() {
        let markdown = "See [the fact sheet](https://example.gov/f) ![logo](l.png)\n\n* * *\n\nEnd";
        assert_eq!(texts(markdown), ["See the fact sheet", "End"]);
    }
}
