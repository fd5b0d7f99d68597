//! "Original text:" lines: where a translated statement names the page of
//! its original ("للاطلاع على النص الأصلي: https://…", "Original text:",
//! "Texte original :", "Texto original:", "Оригинальный текст:", "متن
//! اصلی:", "原文：").
//!
//! Such a line says where the statement comes from, not what it says: its
//! URL becomes `translation_of`, and the line (with a URL on the line after
//! a bare label) is counted as boilerplate, never left in the body. A label
//! followed by anything but a URL is a sentence and stays.

use std::sync::LazyLock;

use super::Blocks;
use crate::text;

/// Labels that name the original of a translation, before their colon.
const LABELS: &[&str] = &[
    "للاطلاع على النص الأصلي",
    "للاطلاع على النص الأصلي باللغة الإنجليزية",
    "النص الأصلي",
    "رابط النص الأصلي",
    "original text",
    "original text in english",
    "read the original",
    "read the original text",
    "original version",
    "texte original",
    "texte d'origine",
    "version originale",
    "texto original",
    "versión original",
    "оригинальный текст",
    "текст оригинала",
    "оригинал",
    "متن اصلی",
    "متن اصلی به انگلیسی",
    "اصل متن",
    "انگریزی متن",
    "原文",
    "英文原文",
    "原文链接",
];

/// [`LABELS`] as matching keys, folded once per process.
static LABEL_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| LABELS.iter().map(|label| text::fold_key(label)).collect());

/// What a statement's "Original text" lines gave: the first URL, and how
/// many lines they took.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OriginalLinks {
    pub url: Option<String>,
    pub lines: usize,
}

/// Removes every "Original text:" line (and the bare URL line after a
/// label that has none) from `blocks`, returning what they said.
pub fn take_links(blocks: Blocks) -> (Blocks, OriginalLinks) {
    let mut found = OriginalLinks::default();
    let mut label_waiting = false;
    let kept = blocks
        .into_iter()
        .map(|lines| {
            lines
                .into_iter()
                .filter(|line| {
                    if let Some(url) = labelled_url(line) {
                        found.lines += 1;
                        label_waiting = url.is_none();
                        found.url = found.url.take().or(url);
                        return false;
                    }
                    if std::mem::take(&mut label_waiting)
                        && let Some(url) = bare_url(line)
                    {
                        found.lines += 1;
                        found.url = found.url.take().or(Some(url));
                        return false;
                    }
                    true
                })
                .collect::<Vec<String>>()
        })
        .filter(|lines| !lines.is_empty())
        .collect();
    (kept, found)
}

/// For an "Original text:" line, the URL after its label (`Some(None)`
/// when the label stands alone); `None` for any other line.
fn labelled_url(line: &str) -> Option<Option<String>> {
    let (label, rest) = split_at_colon(line.trim())?;
    let key = text::fold_key(label.trim());
    if !LABEL_KEYS.contains(&key) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(None);
    }
    bare_url(rest).map(Some)
}

/// `line` around its first colon, ASCII or full-width: what
/// `line.split_once([':', '：'])` gives, found with byte searches rather
/// than by decoding every character of a long line.
fn split_at_colon(line: &str) -> Option<(&str, &str)> {
    let ascii = memchr::memchr(b':', line.as_bytes());
    let before_ascii = line.get(..ascii.unwrap_or(line.len())).unwrap_or(line);
    let (at, colon) = match before_ascii.find('：') {
        Some(at) => (at, '：'),
        None => (ascii?, ':'),
    };
    Some((line.get(..at)?, line.get(at + colon.len_utf8()..)?))
}

/// The URL when `line` is nothing but an absolute http(s) URL (perhaps in
/// angle brackets or followed by a full stop).
fn bare_url(line: &str) -> Option<String> {
    let url = line.trim().trim_start_matches('<');
    let url = url.trim_end_matches(['>', '.', ',', ')', '،']);
    let is_web = ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    });
    (is_web && !url.contains(char::is_whitespace)).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &[&[&str]]) -> Blocks {
        text.iter()
            .map(|lines| lines.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn takes_the_url_of_original_text_lines_in_every_language() {
        let lines = [
            "للاطلاع على النص الأصلي: https://www.state.gov/a/",
            "Original text: https://www.state.gov/a/",
            "Texte original : https://www.state.gov/a/",
            "Texto original: <https://www.state.gov/a/>",
            "Оригинальный текст: https://www.state.gov/a/",
            "متن اصلی: https://www.state.gov/a/",
            "原文：https://www.state.gov/a/",
        ];
        for line in lines {
            let (kept, found) = take_links(blocks(&[&["Body."], &[line]]));
            assert_eq!(kept, blocks(&[&["Body."]]), "{line}");
            assert_eq!(
                found.url.as_deref(),
                Some("https://www.state.gov/a/"),
                "{line}"
            );
            assert_eq!(found.lines, 1);
        }
    }

    proptest::proptest! {
        #[test]
        fn splits_at_the_colon_split_once_finds(line in "[a:：é \\u{FF1A}\\u{FF1B}\\u{3A3A}]{0,12}|\\PC{0,30}") {
            proptest::prop_assert_eq!(split_at_colon(&line), line.split_once([':', '：']));
        }
    }

    #[test]
    fn a_bare_label_takes_the_url_on_the_next_line() {
        let (kept, found) = take_links(blocks(&[
            &["Body."],
            &["Original text:"],
            &["https://www.state.gov/a/", "Next."],
        ]));
        assert_eq!(kept, blocks(&[&["Body."], &["Next."]]));
        assert_eq!(found.url.as_deref(), Some("https://www.state.gov/a/"));
        assert_eq!(found.lines, 2);
    }

    #[test]
    fn a_label_followed_by_prose_is_a_sentence() {
        let text = blocks(&[
            &["Original text: the minister said the talks would go on."],
            &["https://www.state.gov/a/"],
            &["Texte original de la déclaration : voir ci-dessous"],
        ]);
        let (kept, found) = take_links(text.clone());
        assert_eq!(kept, text);
        assert_eq!(found, OriginalLinks::default());
    }
}
