//! Display text: [`clean`].

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::ZWNJ;
use super::runs::{Piece, pieces};

/// Cleans `text` for display.
///
/// - Characters that carry no text are removed: C0/C1 controls other than
///   white space, zero-width characters (U+200B space, U+200D joiner,
///   U+2060 word joiner, U+FEFF byte-order mark), the soft hyphen, and bidi
///   controls (U+200E/U+200F marks, U+061C Arabic letter mark, U+202A–U+202E
///   embeddings, U+2066–U+2069 isolates). They are removed *before* NFC, so
///   that a mark they separated from its letter still composes with it.
/// - The rest is put in Unicode NFC (a + U+0301 → á).
/// - Every run of white space (including no-break and ideographic spaces and
///   line breaks) becomes one space; leading and trailing space is dropped.
/// - ZWNJ (U+200C) is kept between two letters, and dropped where it does
///   nothing: at either end, next to white space, or doubled.
///
/// The result is a fixed point: `clean(clean(t)) == clean(t)`.
pub fn clean(text: &str) -> String {
    let survey = Survey::of(text);
    // Text is often cleaned again (a line, then the paragraph it joins):
    // finding that out takes the one pass and no writing.
    if survey.is_clean(text) {
        return text.to_string();
    }
    let mut nfc = survey.nfc;
    if nfc.is_yes() {
        // Most text is in NFC once its invisible characters are gone (the
        // quick check says so for ASCII and most letters without marks):
        // then the clean start the survey found is kept as it is, and the
        // rest filtered and collapsed in one pass, a run of ASCII at a
        // time, while the check goes on; the normaliser is needed only
        // when the check fails.
        let (kept, mut collapser) = survey.clean_start(text);
        let mut out = String::with_capacity(text.len());
        out.push_str(kept);
        let rest = text.get(survey.clean_until..).unwrap_or_default();
        if collapser.push_checked(rest, &mut nfc, &mut out) {
            return out;
        }
    }
    let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut collapser = Collapser::default();
    for c in visible.nfc() {
        collapser.push(c, &mut out);
    }
    out
}

/// What one pass over the start of a text tells [`clean`]: how far the
/// text is laid out as [`clean`] lays it out, and the NFC quick check of
/// that start.
#[derive(Debug)]
struct Survey {
    /// Where the first piece (a run of ASCII or a character) that breaks
    /// the layout starts, or the length of the text: before it there is
    /// nothing invisible, no white space but single spaces after a
    /// character, and ZWNJ only after a character. A text ending in a
    /// space or ZWNJ breaks the layout at its end.
    clean_until: usize,
    /// The text before `clean_until` ends in a space or a ZWNJ.
    ends_with: Previous,
    /// The quick check of the text before `clean_until`.
    nfc: NfcCheck,
}

impl Survey {
    fn of(text: &str) -> Survey {
        let mut previous = Previous::Nothing;
        let mut nfc = NfcCheck::default();
        let mut at = 0;
        for piece in pieces(text) {
            let fits = match piece {
                Piece::Ascii(run) => {
                    let starts_ok = !run.starts_with(' ') || previous == Previous::Character;
                    starts_ok && !has_ascii_control(run) && !run.contains("  ")
                }
                Piece::Other(ZWNJ) => previous == Previous::Character,
                Piece::Other(c) => !c.is_whitespace() && !is_invisible(c),
            };
            if !fits {
                break;
            }
            match piece {
                Piece::Ascii(run) => {
                    previous = if run.ends_with(' ') {
                        Previous::Space
                    } else {
                        Previous::Character
                    };
                    // A run that fits has no control: a starter.
                    nfc.push_ascii();
                    at += run.len();
                }
                Piece::Other(c) => {
                    previous = if c == ZWNJ {
                        Previous::Zwnj
                    } else {
                        Previous::Character
                    };
                    nfc.push(c);
                    at += c.len_utf8();
                }
            }
        }
        Survey {
            clean_until: at,
            ends_with: previous,
            nfc,
        }
    }

    /// The text is what [`clean`] makes of it: laid out so to its end,
    /// without a final separator, and NFC.
    fn is_clean(&self, text: &str) -> bool {
        self.clean_until == text.len()
            && !matches!(self.ends_with, Previous::Space | Previous::Zwnj)
            && self.nfc.is_yes()
    }

    /// What [`Collapser`] writes of the text before `clean_until` (the
    /// text without its final separator), and the collapser as it is after
    /// it (that separator pending).
    fn clean_start<'t>(&self, text: &'t str) -> (&'t str, Collapser) {
        let start = text.get(..self.clean_until).unwrap_or_default();
        let (kept, pending) = match self.ends_with {
            Previous::Space => (start.strip_suffix(' '), Pending::Space),
            Previous::Zwnj => (start.strip_suffix(ZWNJ), Pending::Zwnj),
            Previous::Nothing | Previous::Character => (Some(start), Pending::Nothing),
        };
        (kept.unwrap_or(start), Collapser { pending })
    }
}

/// The character before, for the layout rules of [`Survey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Previous {
    Nothing,
    Space,
    Zwnj,
    Character,
}

/// The NFC quick check (UAX #15) of a text, fed a character at a time:
/// `is_nfc_quick` of the whole text is `Yes` exactly when [`is_yes`]
/// is. Characters common in running text that are starters allowed in NFC
/// are known without the lookups (see [`is_nfc_starter`]).
///
/// [`is_yes`]: NfcCheck::is_yes
#[derive(Debug, Clone, Copy, Default)]
struct NfcCheck {
    /// Canonical combining class of the last character.
    last_class: u8,
    /// The check has said `No` or `Maybe`.
    not_yes: bool,
}

impl NfcCheck {
    /// An ASCII character (or several): a starter, always allowed.
    fn push_ascii(&mut self) {
        self.last_class = 0;
    }

    fn push(&mut self, c: char) {
        if self.not_yes {
            return;
        }
        if is_nfc_starter(c) {
            self.last_class = 0;
            return;
        }
        let class = canonical_combining_class(c);
        let misordered = self.last_class > class && class != 0;
        // The quick check of one character is its NFC_Quick_Check value.
        if misordered || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            self.not_yes = true;
        }
        self.last_class = class;
    }

    fn is_yes(&self) -> bool {
        !self.not_yes
    }
}

/// Characters of running text with combining class 0 and
/// NFC_Quick_Check `Yes`: Latin-1 and the Latin extensions (up to the
/// combining diacritics), Cyrillic letters, the Arabic letters and digits,
/// and the dashes, quotes and ellipsis of general punctuation. A test
/// checks every one against the Unicode tables.
fn is_nfc_starter(c: char) -> bool {
    matches!(c,
        '\u{0080}'..='\u{02FF}' | '\u{0400}'..='\u{0482}' | '\u{0621}'..='\u{064A}'
        | '\u{0660}'..='\u{066F}' | '\u{2010}'..='\u{2027}')
}

/// Writes characters with white space collapsed and ZWNJ kept only
/// between two letters (see [`clean`]).
#[derive(Debug, Default)]
struct Collapser {
    pending: Pending,
}

/// A separator [`Collapser`] has seen but not written yet: it is only
/// written when a character follows it, so none is left at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pending {
    #[default]
    Nothing,
    Space,
    Zwnj,
}

impl Collapser {
    fn push(&mut self, c: char, out: &mut String) {
        if c.is_whitespace() {
            self.push_space(out);
        } else if c == ZWNJ {
            if !out.is_empty() && self.pending == Pending::Nothing {
                self.pending = Pending::Zwnj;
            }
        } else {
            self.flush(out);
            out.push(c);
        }
    }

    /// Writes `text` while making the NFC quick check of its visible
    /// characters; false as soon as the check fails (what was written is
    /// then of no use).
    fn push_checked(&mut self, text: &str, nfc: &mut NfcCheck, out: &mut String) -> bool {
        for piece in pieces(text) {
            match piece {
                Piece::Ascii(run) => {
                    // Controls other than white space are invisible: they
                    // are not there for the check.
                    if !run.bytes().all(|b| is_invisible_ascii(&b)) {
                        nfc.push_ascii();
                    }
                    self.push_ascii(run, out);
                }
                Piece::Other(c) if !is_invisible(c) => {
                    nfc.push(c);
                    if !nfc.is_yes() {
                        return false;
                    }
                    self.push(c, out);
                }
                Piece::Other(_) => {}
            }
        }
        true
    }

    /// A run of ASCII, its controls left out (they are invisible).
    fn push_ascii(&mut self, run: &str, out: &mut String) {
        let bytes = run.as_bytes();
        let mut at = 0;
        while let Some(byte) = bytes.get(at) {
            if !byte.is_ascii_graphic() {
                if !is_invisible_ascii(byte) {
                    self.push_space(out);
                }
                at += 1;
                continue;
            }
            // Words and the single spaces between them are written as they
            // are, in one piece.
            let start = at;
            at += 1;
            while let Some(byte) = bytes.get(at) {
                if byte.is_ascii_graphic() {
                    at += 1;
                } else if *byte == b' ' && bytes.get(at + 1).is_some_and(u8::is_ascii_graphic) {
                    at += 2;
                } else {
                    break;
                }
            }
            self.flush(out);
            out.push_str(&run[start..at]);
        }
    }

    fn push_space(&mut self, out: &str) {
        if !out.is_empty() {
            self.pending = Pending::Space;
        }
    }

    fn flush(&mut self, out: &mut String) {
        match self.pending {
            Pending::Space => out.push(' '),
            Pending::Zwnj => out.push(ZWNJ),
            Pending::Nothing => {}
        }
        self.pending = Pending::Nothing;
    }
}

/// Characters that carry no text (see [`clean`]).
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200D}'
        | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
        || (c.is_control() && !c.is_whitespace())
}

/// Whether `run` has a control character (white space other than the
/// space, or invisible). Read without stopping, so that it is compiled to
/// vector instructions.
fn has_ascii_control(run: &str) -> bool {
    run.bytes()
        .fold(false, |found, b| found | b.is_ascii_control())
}

/// [`is_invisible`] for an ASCII byte: a control that is not white space.
fn is_invisible_ascii(byte: &u8) -> bool {
    byte.is_ascii_control() && !matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clean_removes_invisible_characters_and_keeps_zwnj() {
        assert_eq!(clean("  a\u{200F}b \u{200C}c\n\n d "), "ab c d");
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(clean("\u{FEFF}\u{202B}نص\u{202C}\u{200B}"), "نص");
        assert_eq!(clean("a\u{200C}\u{200C}b\u{200C}"), "a\u{200C}b");
        assert_eq!(clean("soft\u{00AD}ware\u{0007}"), "software");
    }

    #[test]
    fn clean_collapses_every_kind_of_white_space() {
        assert_eq!(
            clean("\tone\u{00A0}\u{00A0}two\u{3000}three\r\n"),
            "one two three"
        );
        assert_eq!(clean(" \n\t "), "");
    }

    #[test]
    fn clean_composes_and_keeps_diacritics() {
        assert_eq!(clean("Ele\u{0301}ments"), "Eléments");
        assert_eq!(clean("e\u{200B}\u{0301}"), "é");
        assert_eq!(clean("المصغّرة"), "المصغّرة");
        assert_eq!(clean("ا\u{0653}"), "آ");
    }

    fn is_clean(text: &str) -> bool {
        Survey::of(text).is_clean(text)
    }

    #[test]
    fn clean_text_is_recognised() {
        for text in ["", "a", "a b", "می\u{200C}خواهم", "Eléments", "a, b."] {
            assert!(is_clean(text), "{text:?}");
        }
        for text in [
            " a",
            "a ",
            "a  b",
            "a\nb",
            "a\u{200C}",
            "a\u{200C} b",
            "a\u{200B}",
            "e\u{0301}",
        ] {
            assert!(!is_clean(text), "{text:?}");
        }
    }

    #[test]
    fn the_common_starters_are_starters_allowed_in_nfc() {
        for c in ('\u{80}'..='\u{FFFF}').filter(|&c| is_nfc_starter(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    /// [`clean`] without its shortcuts: every character through the
    /// filter and the normaliser, then collapsed one at a time.
    fn clean_in_full(text: &str) -> String {
        let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
        let mut out = String::new();
        let mut pending = Pending::Nothing;
        for c in visible.nfc() {
            if c.is_whitespace() {
                if !out.is_empty() {
                    pending = Pending::Space;
                }
            } else if c == ZWNJ {
                if !out.is_empty() && pending == Pending::Nothing {
                    pending = Pending::Zwnj;
                }
            } else {
                match pending {
                    Pending::Space => out.push(' '),
                    Pending::Zwnj => out.push(ZWNJ),
                    Pending::Nothing => {}
                }
                pending = Pending::Nothing;
                out.push(c);
            }
        }
        out
    }

    /// Whether `text` is clean, checked a character at a time with the
    /// whole-text quick check.
    fn is_clean_in_full(text: &str) -> bool {
        let mut previous: Option<char> = None;
        let mut ascii = true;
        let separates = |previous: Option<char>| previous.is_some_and(|p| p != ' ' && p != ZWNJ);
        for c in text.chars() {
            let fits = if c == ' ' || c == ZWNJ {
                separates(previous)
            } else if c.is_ascii() {
                !c.is_ascii_control()
            } else {
                ascii = false;
                !c.is_whitespace() && !is_invisible(c)
            };
            if !fits {
                return false;
            }
            previous = Some(c);
        }
        (previous.is_none() || separates(previous))
            && (ascii || is_nfc_quick(text.chars()) == IsNormalized::Yes)
    }

    /// Text of ASCII words, spaces, controls and marks between letters of
    /// several scripts: what the survey's runs must get right.
    const MIXED: &str = "([a-zA-Z0-9.,]{1,8}| {1,3}|[\\t\\n\\r\\u{0001}\\u{001F}\\u{007F}]|[\\u{0300}-\\u{0310}\\u{0323}\\u{0327}\\u{0653}-\\u{0655}\\u{064B}-\\u{0652}]|[\\u{0621}-\\u{064A}\\u{00C0}-\\u{00FF}\\u{0100}-\\u{02FF}\\u{0400}-\\u{0482}\\u{2010}-\\u{2027}]|[\\u{00A0}\\u{3000}\\u{200B}-\\u{200F}\\u{FEFF}\\u{00AD}\\u{0085}]|[\\u{0340}\\u{0344}\\u{2000}\\u{212B}\\u{F900}]){0,24}";

    proptest! {
        #[test]
        fn what_is_clean_stays_as_it_is(text in "[a-c \\u{200C}\\u{00A0}\\u{0301}é\\u{200B}\\n]{0,12}|\\PC{0,20}") {
            prop_assert!(!is_clean(&text) || clean_in_full(&text) == text);
        }

        #[test]
        fn the_survey_finds_what_the_full_check_finds(text in MIXED) {
            prop_assert_eq!(is_clean(&text), is_clean_in_full(&text));
        }

        #[test]
        fn the_survey_agrees_on_cleaned_text(text in MIXED) {
            let once = clean_in_full(&text);
            prop_assert_eq!(is_clean(&once), is_clean_in_full(&once));
        }

        #[test]
        fn the_shortcuts_of_clean_change_nothing(text in "[\\u{0600}-\\u{06FF}\\u{0300}-\\u{0310}\\u{200B}-\\u{200F}\\u{FEFF}\\u{00C0}-\\u{00FF}a-e \\n\\t]{0,40}|\\PC{0,40}|.{0,40}") {
            prop_assert_eq!(clean(&text), clean_in_full(&text));
        }

        #[test]
        fn the_shortcuts_of_clean_change_nothing_in_mixed_text(text in MIXED) {
            prop_assert_eq!(clean(&text), clean_in_full(&text));
        }

        #[test]
        fn clean_is_idempotent(text in any::<String>()) {
            let once = clean(&text);
            prop_assert_eq!(clean(&once), once);
        }

        #[test]
        fn clean_is_idempotent_on_arabic_and_marks(text in "[\\u{0600}-\\u{06FF}\\u{0300}-\\u{0310} \\u{200B}-\\u{200F}\\u{FEFF}a-zé\\n]{0,40}") {
            let once = clean(&text);
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("  "));
            prop_assert_eq!(clean(&once), once);
        }
    }
}
