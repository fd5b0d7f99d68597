//! Text utilities shared by every stage: display text and matching keys.
//!
//! Display text ([`clean`]) keeps what the author wrote, diacritics
//! included, in one canonical form, so that offsets into it mean the same
//! thing on every run. Matching keys ([`fold`], [`fold_key`]) go further and
//! fold the variants a reader treats as the same letter, so dictionary
//! lookups (places, organisations, month names, currency words) match however
//! a word was typed; [`Folded::source_span`] maps a match in a key back to
//! code-point offsets in the display text. This module knows no stage.

mod clean;
mod fold;
mod runs;
mod words;

pub use clean::clean;
pub use fold::{Folded, FoldedText, fold, fold_key};
pub use runs::ascii_prefix_len;
pub use words::word_count;

/// ZERO WIDTH NON-JOINER: Persian and Urdu spelling needs it (می‌خواهم),
/// so display text keeps it where it separates two letters.
const ZWNJ: char = '\u{200C}';

/// The first words of `text`: the text before the first ASCII space at or
/// after byte `bytes`; `None` when there is none.
///
/// The matching key of the head (`fold_key(&clean(head))`) is the start of
/// the matching key of the text: the head ends before white space, which
/// [`clean`] keeps between words and which nothing before it composes
/// with, and folding goes a character at a time. So a matcher that only
/// looks at the start of a text can read the key of its head.
pub fn head(text: &str, bytes: usize) -> Option<&str> {
    let rest = text.as_bytes().get(bytes..)?;
    let space = rest.iter().position(|&b| b == b' ')?;
    text.get(..bytes + space)
}

/// The code points `[start, end)` of `text`, as a string slice; clamped to
/// the text, so a span from a stale offset gives a shorter slice, not a
/// panic. Extractors use it to take a mention's surface form from the
/// display text.
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let byte_at = |index: usize| {
        text.char_indices()
            .nth(index)
            .map_or(text.len(), |(byte, _)| byte)
    };
    let from = byte_at(start);
    let to = byte_at(end.max(start));
    &text[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn char_slice_clamps_to_the_text() {
        assert_eq!(char_slice("داعش", 1, 3), "اع");
        assert_eq!(char_slice("داعش", 2, 99), "عش");
        assert_eq!(char_slice("داعش", 9, 3), "");
    }

    proptest! {
        #[test]
        fn the_key_of_a_head_starts_the_key_of_its_text(
            text in "([a-zA-Zé ,.]{1,8}|[\u{0600}-\u{06FF}\u{200C}\u{064B}]{1,4}|[ \t\n\u{A0}\u{200B}\u{0301}]|\\PC{1,3}){0,24}",
            bytes in 0usize..64,
        ) {
            if let Some(head) = head(&text, bytes) {
                let whole = fold_key(&clean(&text));
                let start = fold_key(&clean(head));
                prop_assert!(whole.starts_with(&start), "{:?}", text);
            }
        }

        #[test]
        fn char_slice_never_panics(text in any::<String>(), start in 0usize..50, end in 0usize..50) {
            let slice = char_slice(&text, start, end);
            prop_assert!(slice.chars().count() <= end.saturating_sub(start));
            prop_assert!(text.contains(slice));
        }
    }
}
