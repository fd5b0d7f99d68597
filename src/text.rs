//! Text utilities shared by every stage: display text and matching keys.
//!
//! Display text ([`clean`]) keeps what the author wrote, diacritics
//! included, in one canonical form, so that offsets into it mean the same
//! thing on every run. Matching keys ([`fold`], [`fold_key`]) go further and
//! fold the variants a reader treats as the same letter, so dictionary
//! lookups (places, organisations, month names, currency words) match however
//! a word was typed; [`Folded::source_span`] maps a match in a key back to
//! code-point offsets in the display text. This module knows no stage.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// ZERO WIDTH NON-JOINER: Persian and Urdu spelling needs it (می‌خواهم),
/// so display text keeps it where it separates two letters.
const ZWNJ: char = '\u{200C}';

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
    // Text is often cleaned again (a line, then the paragraph it joins):
    // checking that takes one pass and no writing.
    if is_clean(text) {
        return text.to_string();
    }
    // Most text has no invisible characters and is already in NFC (the
    // quick check says so for ASCII and most letters without marks): then
    // neither the filtered copy nor the normaliser is needed.
    let visible: Cow<'_, str> = if text.chars().any(is_invisible) {
        Cow::Owned(text.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(visible.len());
    if visible.is_ascii() || is_nfc_quick(visible.chars()) == IsNormalized::Yes {
        push_collapsed(visible.chars(), &mut out);
    } else {
        push_collapsed(visible.nfc(), &mut out);
    }
    out
}

/// Appends `chars` to `out` with white space collapsed and ZWNJ kept only
/// between two letters (see [`clean`]).
fn push_collapsed(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut pending = Pending::Nothing;
    for c in chars {
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
}

/// Whether `text` is what [`clean`] makes of it: nothing invisible, no
/// white space but single spaces between characters, ZWNJ only between
/// two characters that are neither space nor ZWNJ, and NFC.
fn is_clean(text: &str) -> bool {
    let mut previous: Option<char> = None;
    let mut ascii = true;
    let separates = |previous: Option<char>| previous.is_some_and(|p| p != ' ' && p != ZWNJ);
    for c in text.chars() {
        let fits = if c == ' ' || c == ZWNJ {
            separates(previous)
        } else if c.is_ascii() {
            // Tab, line breaks and the other controls: white space or
            // invisible.
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

/// A separator [`clean`] has seen but not written yet: it is only written
/// when a character follows it, so none is left at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Nothing,
    Space,
    Zwnj,
}

/// Characters that carry no text (see [`clean`]).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200D}'
        | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
        || (c.is_control() && !c.is_whitespace())
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

/// How many words `text` has by Unicode word segmentation (UAX #29: what
/// `unicode_words` yields), without segmenting its plain ASCII words.
///
/// A run of ASCII letters and digits with an ASCII space or line break (or
/// an end of the text) on each side is exactly one word: UAX #29 breaks
/// between such a separator and a letter or digit on either side, and no
/// rule looks across a separator. So those runs are counted as they are,
/// and only the stretches between them (punctuation, other scripts) go
/// through the segmenter.
pub fn word_count(text: &str) -> usize {
    let mut words = 0;
    let mut unsegmented_from = 0;
    let mut piece_start = 0;
    for piece in text.split([' ', '\n']) {
        let piece_end = piece_start + piece.len();
        if !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_alphanumeric()) {
            words += 1 + text[unsegmented_from..piece_start].unicode_words().count();
            unsegmented_from = piece_end;
        }
        piece_start = piece_end + 1;
    }
    words + text[unsegmented_from..].unicode_words().count()
}

/// The matching key of a text, with the way back to the text.
///
/// The fold is *not* one character for one character: a mark can fold to
/// nothing (المصغّرة → المصغرة) and a ligature to several characters
/// (ß → ss, ﻻ → لا). So every byte of the key remembers the code-point
/// offset of the source character it came from, and [`Folded::source_span`]
/// turns a byte range of the key (what `aho_corasick` and `regex` report)
/// into a code-point range of the source text (what the dataset stores).
///
/// Fold the *display* text (the output of [`clean`]): offsets then count
/// code points of the `title` or `body` column, and NFC input guarantees
/// that one letter folds the same way wherever it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    /// The folded text (see [`fold`] for the rules).
    pub key: String,
    /// `origin[b]` is the code-point offset, in the source text, of the
    /// character that produced byte `b` of `key`; one extra entry at the end
    /// holds the source length in code points.
    origin: Vec<u32>,
}

impl Folded {
    /// The code-point offset, in the source text, of the character that
    /// produced key byte `byte`; the source length for `byte == key.len()`
    /// (or beyond).
    pub fn source_index(&self, byte: usize) -> usize {
        let last = self.origin.last().copied().unwrap_or(0);
        self.origin.get(byte).copied().unwrap_or(last) as usize
    }

    /// The code-point span `[start, end)` of the source text that produced
    /// the key bytes `[byte_start, byte_end)`, e.g. a match reported by
    /// `aho_corasick`.
    ///
    /// The span starts at the source character of the first byte and ends
    /// after the source character of the last byte, plus any characters the
    /// fold dropped right after it: the marks and tatweel of the last letter
    /// belong to the word (a match of اجتماعا in اجتماعاً covers the
    /// tanween too, so the span never splits a letter from its marks).
    pub fn source_span(&self, byte_start: usize, byte_end: usize) -> (usize, usize) {
        let start = self.source_index(byte_start);
        if byte_end <= byte_start {
            return (start, start);
        }
        let last = self.source_index(byte_end - 1);
        let next = self.source_index(byte_end);
        (start, next.max(last + 1))
    }
}

/// Folds `text` into its matching key, remembering for every byte of the key
/// the source character it came from.
///
/// Rules, each with an example (source → key):
///
/// - Arabic harakat and tanween (U+064B–U+065F), superscript alef (U+0670),
///   Quranic marks (U+0610–U+061A, U+06D6–U+06ED, U+08D3–U+08FF) and tatweel
///   (U+0640) are dropped: المصغّرة → المصغرة, اجتماعاً → اجتماعا,
///   عـاجل → عاجل.
/// - Alef with hamza above or below, with madda, and alef wasla become bare
///   alef: أفريقيا, إفريقيا → افريقيا; آسيا → اسيا.
/// - Hamza on a seat becomes the seat: ؤ → و (مسؤول → مسوول), ئ → ي
///   (رئيس → رييس). The two spellings of the same word (مسؤول / مسئول)
///   keep distinct keys, so a dictionary that needs both lists both.
/// - Alef maqsura becomes yeh: مصطفى → مصطفي.
/// - Teh marbuta becomes heh: القاهرة → القاهره. It only ever ends a word,
///   so the rule needs no context: it unifies the spelling with a dotless
///   final heh, common in informal and Egyptian writing.
/// - Persian and Urdu letter forms become the Arabic ones: ی → ي, ک → ك,
///   ۀ ہ ھ ۃ → ه (ایران → ايران, پاکستان → پاكستان). Letters only Persian
///   and Urdu have (پ چ ژ گ ٹ ڈ ڑ ں ے) are kept.
/// - Arabic presentation forms (from PDFs and old encodings) become the
///   letters they show: ﻻ → لا. Latin ligatures too: ﬁ → fi.
/// - Arabic-Indic, Persian and full-width digits become ASCII digits, and the
///   Arabic decimal and thousands separators and percent sign become `.`
///   `,` `%`: ٢٠٢١ → 2021, ۱۴۰۰ → 1400, ٦٠٠٬٥ → 600,5, ２０２１ → 2021.
/// - Letters are lowercased: Washington → washington, МОСКВА → москва.
/// - Latin and Greek letters lose their diacritics: Élysée → elysee,
///   São Paulo → sao paulo, Αθήνα → αθηνα; a few letters without a
///   decomposition are spelled out: ß → ss, æ → ae, œ → oe, ø → o, ł → l,
///   đ → d, ı → i. Greek final sigma becomes σ. Combining marks from the
///   generic combining blocks (U+0300–U+036F and its supplements) are
///   dropped wherever they occur.
/// - Cyrillic ё becomes е (Пётр → петр), as Russian text often writes it.
/// - ZWNJ and every white space other than a line break become a plain
///   space: می‌خواهم → مي خواهم, so the ZWNJ and spaced spellings share a
///   key. Line breaks are kept, so no key crosses a paragraph.
///
/// Everything else (punctuation, other scripts) is kept as it is. The fold
/// is idempotent: `fold_key(&fold_key(t)) == fold_key(t)`.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        key: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len() + 1),
    };
    let mut count = 0u32;
    for c in text.chars() {
        if c.is_ascii() {
            // One byte for one byte: most of a statement.
            push_ascii(c, &mut folded.key);
            folded.origin.push(count);
        } else {
            let before = folded.key.len();
            fold_char(c, &mut folded.key);
            let produced = folded.key.len() - before;
            folded.origin.extend(std::iter::repeat_n(count, produced));
        }
        count = count.saturating_add(1);
    }
    folded.origin.push(count);
    folded
}

/// A text with its matching key and its code points, made once and read
/// by every matcher of the text (the extractors each need both: the key to
/// search, the code points to cut spans and read case).
#[derive(Debug, Clone)]
pub struct FoldedText<'s> {
    pub text: &'s str,
    /// [`fold`] of `text`.
    pub folded: Folded,
    pub chars: Vec<char>,
}

impl<'s> FoldedText<'s> {
    pub fn new(text: &'s str) -> FoldedText<'s> {
        FoldedText {
            text,
            folded: fold(text),
            chars: text.chars().collect(),
        }
    }

    /// The matching key.
    pub fn key(&self) -> &str {
        &self.folded.key
    }
}

/// The matching key of `text` without the offsets: for dictionary entries.
pub fn fold_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut key);
    }
    key
}

/// Appends the fold of one source character to `key`.
fn fold_char(c: char, key: &mut String) {
    if c.is_ascii() {
        push_ascii(c, key);
    } else if is_presentation_form(c) {
        for part in c.nfkd() {
            // A compatibility decomposition is never itself decomposable,
            // so this recursion is one level deep.
            if part == c {
                fold_lowercase(c, key);
            } else {
                fold_char(part, key);
            }
        }
    } else {
        for lower in c.to_lowercase() {
            fold_lowercase(lower, key);
        }
    }
}

/// Appends the fold of an already lowercased character to `key`.
fn fold_lowercase(c: char, key: &mut String) {
    if is_dropped_mark(c) {
        return;
    }
    if c.is_ascii() {
        push_ascii(c, key);
    } else if let Some(same) = same_letter(c) {
        key.push(same);
    } else if let Some(spelled) = spelled_out(c) {
        key.push_str(spelled);
    } else if is_latin_or_greek(c) {
        for part in c.nfd().filter(|&part| !is_dropped_mark(part)) {
            key.push_str(spelled_out(part).unwrap_or(part.encode_utf8(&mut [0; 4])));
        }
    } else {
        key.push(c);
    }
}

fn push_ascii(c: char, key: &mut String) {
    if c.is_ascii_whitespace() && c != '\n' {
        key.push(' ');
    } else {
        key.push(c.to_ascii_lowercase());
    }
}

/// Marks the fold drops (see [`fold`]).
fn is_dropped_mark(c: char) -> bool {
    matches!(c,
        // Arabic: Quranic honorifics and small high letters, harakat and
        // tanween, superscript alef, tatweel, Quranic annotation signs.
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}'
        // Generic combining diacritics (used with Latin, Greek, Cyrillic).
        | '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The one character a variant letter, digit or separator folds to.
fn same_letter(c: char) -> Option<char> {
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => 'ا',
        'ؤ' => 'و',
        'ئ' | 'ى' | 'ی' => 'ي',
        'ک' | 'ڪ' => 'ك',
        'ة' | 'ۀ' | 'ہ' | 'ھ' | 'ۃ' => 'ه',
        '٠'..='٩' => digit(c, '٠'),
        '۰'..='۹' => digit(c, '۰'),
        '０'..='９' => digit(c, '０'),
        'Ａ'..='Ｚ' => ascii_offset(c, 'Ａ', b'a'),
        'ａ'..='ｚ' => ascii_offset(c, 'ａ', b'a'),
        '٫' => '.',
        '٬' => ',',
        '٪' => '%',
        'ς' => 'σ',
        'ё' => 'е',
        ZWNJ => ' ',
        c if c.is_whitespace() => ' ',
        _ => return None,
    };
    Some(folded)
}

/// The ASCII digit of `c`, a digit of the script whose zero is `zero`.
fn digit(c: char, zero: char) -> char {
    ascii_offset(c, zero, b'0')
}

/// The ASCII character as far from `base` as `c` is from `first`.
fn ascii_offset(c: char, first: char, base: u8) -> char {
    let offset = u32::from(c).saturating_sub(u32::from(first));
    u8::try_from(offset).map_or(c, |offset| char::from(base.saturating_add(offset)))
}

/// Latin letters that do not decompose but have a usual ASCII spelling.
fn spelled_out(c: char) -> Option<&'static str> {
    let spelled = match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ı' => "i",
        _ => return None,
    };
    Some(spelled)
}

/// Letters whose diacritics the fold strips: Latin-1 Supplement, Latin
/// Extended-A/B and Additional, Greek and Greek Extended.
fn is_latin_or_greek(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'
        | '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

/// Presentation forms (Latin ligatures, Arabic contextual forms and
/// ligatures), folded through their compatibility decomposition.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FB06}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
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

    #[test]
    fn fold_unifies_arabic_spellings() {
        assert_eq!(fold_key("أفريقيا"), fold_key("إفريقيا"));
        assert_eq!(fold_key("آسيا"), "اسيا");
        assert_eq!(fold_key("المصغّرة"), fold_key("المصغره"));
        assert_eq!(fold_key("اجتماعاً"), "اجتماعا");
        assert_eq!(fold_key("عـاجل"), "عاجل");
        assert_eq!(fold_key("مصطفى"), "مصطفي");
        assert_eq!(fold_key("مسؤول"), "مسوول");
        assert_eq!(fold_key("رئيس"), "رييس");
        assert_eq!(fold_key("ﻻ"), "لا");
    }

    #[test]
    fn fold_unifies_persian_and_urdu_letters_with_arabic() {
        assert_eq!(fold_key("ایران"), fold_key("ايران"));
        assert_eq!(fold_key("پاکستان"), "پاكستان");
        assert_eq!(fold_key("خانۀ"), "خانه");
        assert_eq!(fold_key("می\u{200C}خواهم"), fold_key("می خواهم"));
    }

    #[test]
    fn fold_makes_digits_ascii() {
        assert_eq!(fold_key("٢٠٢١"), "2021");
        assert_eq!(fold_key("۱۴۰۰"), "1400");
        assert_eq!(fold_key("٦٠٠٬٥٠٠٫٥٪"), "600,500.5%");
        assert_eq!(fold_key("２０２１年"), "2021年");
    }

    #[test]
    fn fold_lowercases_and_strips_latin_and_greek_diacritics() {
        assert_eq!(fold_key("Irakien"), "irakien");
        assert_eq!(fold_key("Élysée"), "elysee");
        assert_eq!(fold_key("São Paulo"), "sao paulo");
        assert_eq!(fold_key("Straße"), "strasse");
        assert_eq!(fold_key("Łódź"), "lodz");
        assert_eq!(fold_key("Αθήνα"), "αθηνα");
        assert_eq!(fold_key("ΚΥΠΡΟΣ"), fold_key("Κύπρος"));
        assert_eq!(fold_key("ﬁnance"), "finance");
    }

    #[test]
    fn fold_keeps_cyrillic_letters_apart_but_unifies_yo() {
        assert_eq!(fold_key("МОСКВА"), "москва");
        assert_eq!(fold_key("Пётр"), "петр");
        assert_ne!(fold_key("мой"), fold_key("мои"));
    }

    #[test]
    fn fold_keeps_line_breaks_and_unifies_other_spaces() {
        assert_eq!(fold_key("a\u{00A0}b\tc\n\nd"), "a b c\n\nd");
    }

    #[test]
    fn fold_maps_back_to_source_offsets() {
        let text = "في أفريقيا.";
        let folded = fold(text);
        let needle = fold_key("افريقيا");
        let at = folded.key.find(&needle).expect("the needle is in the key");
        let (start, end) = folded.source_span(at, at + needle.len());
        assert_eq!(char_slice(text, start, end), "أفريقيا");
    }

    #[test]
    fn source_span_takes_the_marks_of_the_last_letter() {
        let text = "عقد اجتماعاً افتراضياً";
        let folded = fold(text);
        let at = folded.key.find("اجتماعا").expect("found");
        let (start, end) = folded.source_span(at, at + "اجتماعا".len());
        assert_eq!(char_slice(text, start, end), "اجتماعاً");
        let tail = folded.key.find("افتراضيا").expect("found");
        let (start, end) = folded.source_span(tail, folded.key.len());
        assert_eq!(char_slice(text, start, end), "افتراضياً");
        assert_eq!(end, text.chars().count());
    }

    #[test]
    fn source_span_covers_an_expanded_letter() {
        let text = "Straße";
        let folded = fold(text);
        assert_eq!(folded.key, "strasse");
        assert_eq!(folded.source_span(4, 5), (4, 5));
        assert_eq!(folded.source_span(5, 7), (4, 6));
        assert_eq!(folded.source_span(3, 3), (3, 3));
    }

    #[test]
    fn char_slice_clamps_to_the_text() {
        assert_eq!(char_slice("داعش", 1, 3), "اع");
        assert_eq!(char_slice("داعش", 2, 99), "عش");
        assert_eq!(char_slice("داعش", 9, 3), "");
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

    /// [`clean`] without its shortcuts: every character through the
    /// filter and the normaliser.
    fn clean_in_full(text: &str) -> String {
        let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
        let mut out = String::new();
        push_collapsed(visible.nfc(), &mut out);
        out
    }

    proptest! {
        #[test]
        fn what_is_clean_stays_as_it_is(text in "[a-c \\u{200C}\\u{00A0}\\u{0301}é\\u{200B}\\n]{0,12}|\\PC{0,20}") {
            prop_assert!(!is_clean(&text) || clean_in_full(&text) == text);
        }

        #[test]
        fn the_shortcuts_of_clean_change_nothing(text in "[\\u{0600}-\\u{06FF}\\u{0300}-\\u{0310}\\u{200B}-\\u{200F}\\u{FEFF}\\u{00C0}-\\u{00FF}a-e \\n\\t]{0,40}|\\PC{0,40}|.{0,40}") {
            prop_assert_eq!(clean(&text), clean_in_full(&text));
        }

        #[test]
        fn word_count_is_that_of_unicode_segmentation(text in "([a-zA-Z0-9]{1,6}|[ \\n]{1,3}|[.,:;'’_\\-\"]|[\\u{0300}\\u{0301}\\u{064B}\\u{0651}\\u{200C}\\u{200D}\\u{00AD}]|[\\u{0621}-\\u{064A}]{1,4}|[\\u{05D0}-\\u{05EA}]|[\\u{1F1E6}-\\u{1F1FF}]|\\u{1F469}|[\\u{4E00}-\\u{4E10}]|é|\\t|\\u{3000}|\\r){0,30}|\\PC{0,30}") {
            prop_assert_eq!(word_count(&text), text.unicode_words().count());
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

        #[test]
        fn char_slice_never_panics(text in any::<String>(), start in 0usize..50, end in 0usize..50) {
            let slice = char_slice(&text, start, end);
            prop_assert!(slice.chars().count() <= end.saturating_sub(start));
            prop_assert!(text.contains(slice));
        }

        #[test]
        fn fold_is_idempotent(text in any::<String>()) {
            let once = fold_key(&text);
            prop_assert_eq!(fold_key(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_likely_scripts(text in "[\\u{0600}-\\u{06FF}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}\\u{00C0}-\\u{024F}\\u{0370}-\\u{04FF}\\u{2000}-\\u{2130}\\u{FF00}-\\u{FF5E} ]{0,40}") {
            let once = fold_key(&text);
            prop_assert_eq!(fold_key(&once), once);
        }

        #[test]
        fn fold_offsets_are_consistent(text in "[\\u{0600}-\\u{06FF}\\u{FB50}-\\u{FDFF}\\u{00C0}-\\u{024F}a-zA-Z0-9 .\\u{200C}]{0,40}|\\PC{0,40}") {
            let chars: Vec<char> = text.chars().collect();
            let folded = fold(&text);
            prop_assert_eq!(folded.source_index(folded.key.len()), chars.len());
            // The key is the folds of the source characters, in order, and
            // every byte points at the character it came from.
            let mut byte = 0;
            for (index, c) in chars.iter().enumerate() {
                let part = fold_key(&c.to_string());
                prop_assert_eq!(&folded.key[byte..byte + part.len()], part.as_str());
                for b in byte..byte + part.len() {
                    prop_assert_eq!(folded.source_index(b), index);
                }
                byte += part.len();
            }
            prop_assert_eq!(byte, folded.key.len());
        }

        #[test]
        fn a_match_maps_back_to_text_with_the_same_key(text in "[\\u{0621}-\\u{065F}\\u{06A9}\\u{06CC}\\u{0640}a-zA-Zéß ]{1,30}", from in 0usize..30, len in 1usize..10) {
            let folded = fold(&text);
            let boundaries: Vec<usize> = (0..=folded.key.len())
                .filter(|&b| folded.key.is_char_boundary(b)
                    && (b == 0 || b == folded.key.len()
                        || folded.source_index(b) != folded.source_index(b - 1)))
                .collect();
            prop_assume!(boundaries.len() >= 2);
            let first = from % (boundaries.len() - 1);
            let start = boundaries[first];
            let end = boundaries[(first + len).min(boundaries.len() - 1)];
            let (source_start, source_end) = folded.source_span(start, end);
            prop_assert!(source_start < source_end);
            let found = char_slice(&text, source_start, source_end);
            prop_assert_eq!(fold_key(found), &folded.key[start..end]);
        }
    }
}
