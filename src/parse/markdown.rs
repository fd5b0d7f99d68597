//! Markdown → blocks.
//!
//! Paragraphs are separated by blank lines as in plain text; on top of
//! that, headings, list items and table rows are blocks of their own, and inline
//! markup is dropped: emphasis markers, backslash escapes (`\$`, `\###`),
//! link targets (the link text stays), images, HTML comments and raw
//! HTML tags (their text stays, entities decoded).

use std::sync::OnceLock;

use regex::Regex;

use super::Blocks;

/// The blocks of a Markdown body. Each block is one line: the lines of a
/// hard-wrapped paragraph are joined before inline markup is read, so a
/// link or an emphasis that wraps is still recognised.
pub fn blocks(markdown: &str) -> Blocks {
    let mut blocks: Blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for raw_line in markdown.lines() {
        let line = raw_line.trim();
        if line.is_empty() || is_rule(line) {
            flush(&mut blocks, &mut current);
            continue;
        }
        if let Some(row) = table_row(line) {
            flush(&mut blocks, &mut current);
            push_text(&mut blocks, &row);
            continue;
        }
        let (starts_block, content) = block_start(line);
        if starts_block {
            flush(&mut blocks, &mut current);
        }
        current.push(content);
        if line.starts_with('#') {
            flush(&mut blocks, &mut current);
        }
    }
    flush(&mut blocks, &mut current);
    blocks
}

fn flush(blocks: &mut Blocks, current: &mut Vec<&str>) {
    if !current.is_empty() {
        push_text(blocks, &current.join(" "));
        current.clear();
    }
}

/// Adds the text of a block's markup, unless nothing is left of it.
fn push_text(blocks: &mut Blocks, markup: &str) {
    let text = inline_text(markup);
    if !text.is_empty() {
        blocks.push(vec![text]);
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

/// A thematic break (`---`, `***`, `___`, a line of dashes of any kind) or
/// a table rule (`+---+`, `|---|`).
fn is_rule(line: &str) -> bool {
    line.chars().count() >= 3
        && line.chars().all(|c| {
            matches!(
                c,
                '-' | '*' | '_' | '+' | '|' | ':' | '=' | ' ' | '–' | '—' | '―' | '─'
            )
        })
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
    static MARKUP: OnceLock<[(Regex, &str); 6]> = OnceLock::new();
    let markup = MARKUP.get_or_init(|| {
        let compile = |pattern: &str| match Regex::new(pattern) {
            Ok(regex) => regex,
            Err(error) => panic!("markdown pattern {pattern:?} does not compile: {error}"),
        };
        [
            (compile(r"<!--.*?-->"), ""),
            // Autolinks (<https://example.gov>, <press@example.gov>) are
            // text, not tags.
            (
                compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@<]+@[^>\s]+)>"),
                "$1",
            ),
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
    let text = unescape(&text);
    if text.contains(['<', '&']) {
        // Raw HTML inside Markdown (<sup>e</sup>, <span style=...>, &amp;):
        // the HTML parser drops the tags and decodes the entities.
        super::html::fragment_text(&text)
    } else {
        text
    }
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
    fn wrapped_links_raw_html_and_dash_rules() {
        let markdown = "Read the [executive\norder](https://example.gov/eo) on the 9<sup>e</sup>\n\
                        <span style=\"text-decoration: underline\">summit</span> &amp; more.\n\n\
                        ————————————————-\n\nApply at\n<http://www.DisasterAssistance.gov> or <press@example.gov>.\n\nLast.";
        assert_eq!(
            texts(markdown),
            [
                "Read the executive order on the 9e summit & more.",
                "Apply at http://www.DisasterAssistance.gov or press@example.gov.",
                "Last."
            ]
        );
    }

    #[test]
    fn links_images_and_rules() {
        let markdown = "See [the fact sheet](https://example.gov/f) ![logo](l.png)\n\n* * *\n\nEnd";
        assert_eq!(texts(markdown), ["See the fact sheet", "End"]);
    }
}
