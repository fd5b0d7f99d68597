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
