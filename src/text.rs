//! Text utilities shared by every stage: display cleaning and matching keys.
//!
//! Display text keeps what the author wrote (diacritics included) but in
//! one canonical form: Unicode NFC, no zero-width or bidi control
//! characters (except U+200C ZERO WIDTH NON-JOINER, which Persian and Urdu
//! spelling needs), white space collapsed. Matching keys go further and fold
//! the variants a reader treats as the same letter, so dictionary lookups
//! match however a name was typed. This module knows no stage.

use unicode_normalization::UnicodeNormalization;

/// Cleans `text` for display: NFC, control characters removed, runs of
/// white space collapsed to one space, trimmed.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Characters that carry no text: zero-width and bidi controls (ZWNJ is
/// kept), the byte-order mark, and C0/C1 controls other than white space.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
        || (c.is_control() && !c.is_whitespace())
}

/// A matching key of a text: the folded text, and for every byte of it the
/// code-point offset of the display character it came from, so a match
/// found in the key maps back to a span of the display text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    /// The folded text (see [`fold_char`] for the rules).
    pub key: String,
    /// `origin[b]` is the code-point offset, in the source text, of the
    /// character that produced byte `b` of `key`; one extra entry at the end
    /// holds the source length in code points.
    origin: Vec<u32>,
}

impl Folded {
    /// The code-point span `[start, end)` of the source text that produced
    /// the key bytes `[byte_start, byte_end)`. Both must be char boundaries
    /// of `key` with `byte_start < byte_end`.
    pub fn source_span(&self, byte_start: usize, byte_end: usize) -> (usize, usize) {
        let start = self.origin.get(byte_start).copied().unwrap_or(0);
        let last = byte_end.saturating_sub(1);
        let end = self.origin.get(last).map_or(start, |&o| o + 1);
        (start as usize, end as usize)
    }
}

/// Folds `text` into its matching key, remembering where each folded
/// character came from.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded::default();
    let mut count = 0u32;
    for (index, c) in text.chars().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        if let Some(f) = fold_char(c) {
            let before = folded.key.len();
            folded.key.push(f);
            folded
                .origin
                .extend(std::iter::repeat_n(index, folded.key.len() - before));
        }
        count = index.saturating_add(1);
    }
    folded.origin.push(count);
    folded
}

/// The matching key of a dictionary entry (no offsets needed).
pub fn fold_key(text: &str) -> String {
    text.chars().flat_map(fold_char).collect()
}

/// The folded form of one character: nothing for marks that do not change
/// which word is meant, one character otherwise.
///
/// - Arabic harakat, superscript alef and Quranic marks, and tatweel, are
///   dropped: المصغّرة and المصغرة share a key.
/// - Alef with hamza or madda and alef wasla become bare alef
///   (أفريقيا / إفريقيا → افريقيا); ى becomes ي; Persian ی and ک become
///   Arabic ي and ك.
/// - Arabic-Indic and Persian digits become ASCII digits.
/// - Latin and Cyrillic letters are lowercased; combining marks over Latin
///   letters are dropped after decomposition (é → e).
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' | 'ی' => Some('ي'),
        'ک' => Some('ك'),
        '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10),
        '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
        c if c.is_ascii() => Some(c.to_ascii_lowercase()),
        c => {
            let base = c.nfd().next().unwrap_or(c);
            if unicode_normalization::char::is_combining_mark(c) {
                None
            } else {
                base.to_lowercase().next()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_controls_keeps_zwnj() {
        assert_eq!(clean("  a\u{200F}b \u{200C}c\n\n d "), "ab \u{200C}c d");
    }

    #[test]
    fn fold_unifies_spellings() {
        assert_eq!(fold_key("أفريقيا"), fold_key("إفريقيا"));
        assert_eq!(fold_key("المصغّرة"), fold_key("المصغرة"));
        assert_eq!(fold_key("۲۰۲۱"), "2021");
        assert_eq!(fold_key("Irakien"), "irakien");
        assert_eq!(fold_key("Élysée"), "elysee");
    }

    #[test]
    fn fold_maps_back_to_source_offsets() {
        let text = "في أفريقيا.";
        let folded = fold(text);
        let needle = fold_key("افريقيا");
        let at = folded.key.find(&needle).expect("found");
        let (start, end) = folded.source_span(at, at + needle.len());
        let found: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(found, "أفريقيا");
    }
}
