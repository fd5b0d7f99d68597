//! Markdown inputs: YAML front matter into [`SourceMeta`], the body kept as
//! Markdown for `parse`.
//!
//! Front matter is read for its top-level scalar fields only (title, date,
//! URL, language, author): plain, single-quoted and double-quoted scalars,
//! with YAML's escapes (`\_` no-break space, `\u2019`, `\xF1`) and folded
//! continuation lines. Nested structures are skipped, not misread.

use super::meta::parse_date;
use crate::record::{Raw, RawFormat, Record, RejectReason, SourceMeta};

const TITLE_KEYS: &[&str] = &["title", "headline"];
const URL_KEYS: &[&str] = &["source_url", "url", "canonical_url", "link", "permalink"];
const DATE_KEYS: &[&str] = &[
    "published_time",
    "date",
    "published",
    "pubdate",
    "datepublished",
];
const LANGUAGE_KEYS: &[&str] = &["lang", "language", "locale"];
const ISSUER_KEYS: &[&str] = &["issuer", "author", "creator", "byline"];

/// The record of a Markdown input.
pub fn record(source: &str, text: &str) -> Record {
    let (front, body) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err(detail) => {
            let mut record = Record::new(source, Raw::default());
            record.reject(RejectReason::Malformed, detail);
            return record;
        }
    };
    let fields = front.map(scalars).unwrap_or_default();
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| fields.iter().find(|(k, _)| k == key))
            .map(|(_, value)| value.clone())
    };
    let meta = SourceMeta {
        title: first(TITLE_KEYS),
        url: first(URL_KEYS).filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        published: DATE_KEYS
            .iter()
            .filter_map(|key| fields.iter().find(|(k, _)| k == key))
            .find_map(|(_, value)| parse_date(value)),
        language: first(LANGUAGE_KEYS),
        issuer: first(ISSUER_KEYS),
    };
    let raw = Raw {
        text: body.to_string(),
        format: RawFormat::Markdown,
        meta,
    };
    Record::new(source, raw)
}

/// Splits `---` front matter from the body. A file that opens front matter
/// and never closes it is malformed.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str), String> {
    let start = text.trim_start_matches('\u{FEFF}');
    let Some(rest) = start
        .strip_prefix("---\n")
        .or_else(|| start.strip_prefix("---\r\n"))
    else {
        return Ok((None, text));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok((Some(&rest[..offset]), &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(
        "opens YAML front matter with --- but never closes it; add a --- line after the \
         front matter"
            .to_string(),
    )
}

/// The top-level `key: scalar` pairs of a front matter, keys lower-cased.
fn scalars(front: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in front.lines() {
        let continued = line.starts_with([' ', '\t']);
        if continued {
            if let Some((_, value)) = current.as_mut() {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        if let Some(done) = current.take() {
            fields.push(done);
        }
        if let Some((key, value)) = line.split_once(':')
            && !key.is_empty()
            && !key.contains(' ')
        {
            current = Some((key.trim().to_lowercase(), value.trim_start().to_string()));
        }
    }
    fields.extend(current);
    fields
        .into_iter()
        .filter_map(|(key, value)| scalar(&value).map(|value| (key, value)))
        .collect()
}

/// The value of one YAML scalar, or `None` for an empty value, a block
/// scalar or a nested structure.
fn scalar(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let value = if let Some(quoted) = raw.strip_prefix('"') {
        double_quoted(quoted.strip_suffix('"')?)
    } else if let Some(quoted) = raw.strip_prefix('\'') {
        fold_lines(quoted.strip_suffix('\'')?).replace("''", "'")
    } else if raw.starts_with(['|', '>', '[', '{', '-', '&', '*', '!']) || raw.is_empty() {
        return None;
    } else {
        fold_lines(raw.split(" #").next().unwrap_or(raw))
    };
    let value = crate::text::clean(&value);
    (!value.is_empty()).then_some(value)
}

/// YAML line folding: a line break inside a scalar reads as one space.
fn fold_lines(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// A double-quoted scalar's escapes; a backslash at a line end joins the
/// lines with nothing between them.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {},
                Some('_') => out.push('\u{A0}'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('0') => {}
                Some('x') => push_code(&mut out, &mut chars, 2),
                Some('u') => push_code(&mut out, &mut chars, 4),
                Some('U') => push_code(&mut out, &mut chars, 8),
                Some(other) => out.push(other),
                None => {}
            },
            '\n' => {
                while out.ends_with([' ', '\t']) {
                    out.pop();
                }
                out.push(' ');
                while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            }
            c => out.push(c),
        }
    }
    out
}

fn push_code(
    out: &mut String,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    digits: usize,
) {
    let hex: String = (0..digits).filter_map(|_| chars.next()).collect();
    let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
    out.push(decoded.unwrap_or('\u{FFFD}'));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_scalars() {
        let text = "---\ntags: statements-releases\ndate: '2021-03-04'\n\
                    source_url: https://example.gov/briefing-room/x/\n\
                    published_time: 2021-03-04 22:41:16-05:00\n\
                    title: \"Readout of a Call with President Alejandro Giammattei\\\n  \\ Falla of\\_Guatemala\"\n\
                    ---\n \nPresident Biden spoke today.\n";
        let record = record("a.md", text);
        let meta = &record.raw.meta;
        assert_eq!(
            meta.title.as_deref(),
            Some("Readout of a Call with President Alejandro Giammattei Falla of Guatemala")
        );
        assert_eq!(
            meta.url.as_deref(),
            Some("https://example.gov/briefing-room/x/")
        );
        assert_eq!(meta.published, chrono::NaiveDate::from_ymd_opt(2021, 3, 4));
        assert_eq!(record.raw.format, RawFormat::Markdown);
        assert_eq!(record.raw.text, " \nPresident Biden spoke today.\n");
    }

    #[test]
    fn decodes_yaml_escapes_and_quotes() {
        assert_eq!(
            scalar("\"Quad Leaders\\u2019 Joint \\u201CSpirit\\u201D\"").as_deref(),
            Some("Quad Leaders’ Joint “Spirit”")
        );
        assert_eq!(scalar("\"Luise\\xF1o\"").as_deref(), Some("Luiseño"));
        assert_eq!(scalar("'It''s'").as_deref(), Some("It's"));
        assert_eq!(
            scalar("plain words # comment").as_deref(),
            Some("plain words")
        );
        assert_eq!(scalar("[a, b]"), None);
        assert_eq!(scalar(""), None);
    }

    #[test]
    fn without_front_matter_the_whole_text_is_the_body() {
        let record = record("b.md", "# Title\n\nBody.");
        assert_eq!(record.raw.text, "# Title\n\nBody.");
        assert_eq!(record.raw.meta, SourceMeta::default());
    }

    #[test]
    fn unclosed_front_matter_is_malformed() {
        let record = record("c.md", "---\ntitle: x\nBody\n");
        assert_eq!(
            record.reject.map(|r| r.reason),
            Some(RejectReason::Malformed)
        );
    }
}
