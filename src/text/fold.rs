//! Matching keys: text folded so that the spellings a reader treats as
//! the same letter look the same, with the way back to the source.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::ZWNJ;
use super::runs::{Piece, pieces};

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
    let mut folder = Folder::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Ascii(run) => folder.push_ascii(run),
            Piece::Other(c) => folder.push_char(c),
        };
    }
    folder.finish()
}

/// Builds a [`Folded`] a piece of the source at a time.
struct Folder {
    folded: Folded,
    /// Code points of the source read so far.
    count: u32,
}

impl Folder {
    fn with_capacity(bytes: usize) -> Folder {
        Folder {
            folded: Folded {
                key: String::with_capacity(bytes),
                origin: Vec::with_capacity(bytes + 1),
            },
            count: 0,
        }
    }

    /// A run of ASCII: one key byte per character, at consecutive offsets.
    fn push_ascii(&mut self, run: &str) {
        push_ascii_run(run, &mut self.folded.key);
        let first = self.count;
        let last = u32::try_from(run.len())
            .ok()
            .and_then(|len| first.checked_add(len));
        match last {
            Some(last) => {
                self.folded.origin.extend(first..last);
                self.count = last;
            }
            // Past four billion characters the offsets saturate.
            None => run.chars().for_each(|c| self.push_folded(c, push_ascii)),
        }
    }

    fn push_char(&mut self, c: char) {
        self.push_folded(c, push_folded_char);
    }

    /// Appends what `fold` makes of `c`, every byte pointing at `c`.
    fn push_folded(&mut self, c: char, fold: fn(char, &mut String)) {
        let before = self.folded.key.len();
        fold(c, &mut self.folded.key);
        let produced = self.folded.key.len() - before;
        (self.folded.origin).extend(std::iter::repeat_n(self.count, produced));
        self.count = self.count.saturating_add(1);
    }

    fn finish(mut self) -> Folded {
        self.folded.origin.push(self.count);
        self.folded
    }
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
    /// Folds `text` and lists its code points in one pass.
    pub fn new(text: &'s str) -> FoldedText<'s> {
        let mut folder = Folder::with_capacity(text.len());
        let mut chars = Vec::with_capacity(text.len());
        for piece in pieces(text) {
            match piece {
                Piece::Ascii(run) => {
                    folder.push_ascii(run);
                    chars.extend(run.bytes().map(char::from));
                }
                Piece::Other(c) => {
                    folder.push_char(c);
                    chars.push(c);
                }
            }
        }
        FoldedText {
            text,
            folded: folder.finish(),
            chars,
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
    for piece in pieces(text) {
        match piece {
            Piece::Ascii(run) => push_ascii_run(run, &mut key),
            Piece::Other(c) => push_folded_char(c, &mut key),
        }
    }
    key
}

/// Appends the fold of a run of ASCII to `key`: the run lowercased, with
/// white space other than a line break as a plain space.
fn push_ascii_run(run: &str, key: &mut String) {
    // Read without stopping, so that it is compiled to vector instructions.
    let rewritten_space = (run.bytes()).fold(false, |found, b| {
        found | (b.is_ascii_whitespace() && b != b' ' && b != b'\n')
    });
    if rewritten_space {
        run.chars().for_each(|c| push_ascii(c, key));
    } else {
        let from = key.len();
        key.push_str(run);
        key[from..].make_ascii_lowercase();
    }
}

/// Appends the fold of a character outside ASCII to `key`: from the table
/// of common characters when it is there, else by [`fold_char`].
fn push_folded_char(c: char, key: &mut String) {
    if let Some(folded) = COMMON_FOLDS.get(c) {
        key.push_str(folded);
    } else if folds_to_itself(c) {
        key.push(c);
    } else {
        fold_char(c, key);
    }
}

/// The blocks most non-ASCII text is written in: Latin-1 and the Latin
/// extensions, Greek, Cyrillic, Hebrew and Arabic (every character of two
/// UTF-8 bytes), Devanagari, and the general punctuation of typeset
/// English (’ – “).
const COMMON_BLOCKS: [(u32, u32); 3] = [(0x80, 0x7FF), (0x900, 0x97F), (0x2000, 0x20FF)];

/// Scripts without case or marks the fold drops, whose characters are
/// their own fold (a test checks every one): kana, CJK ideographs, Hangul
/// syllables.
fn folds_to_itself(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
}

/// What [`fold_char`] makes of every character of [`COMMON_BLOCKS`],
/// worked out once: a lookup instead of case mapping, decomposition and
/// the letter tables for each character.
static COMMON_FOLDS: LazyLock<FoldTable> = LazyLock::new(FoldTable::build);

struct FoldTable {
    /// The folds one after the other, in code point order.
    folds: String,
    /// Where the fold of each character starts in `folds`, and one more
    /// entry where the last one ends.
    bounds: Vec<usize>,
}

impl FoldTable {
    fn build() -> FoldTable {
        let mut table = FoldTable {
            folds: String::new(),
            bounds: vec![0],
        };
        for (first, last) in COMMON_BLOCKS {
            for c in (first..=last).filter_map(char::from_u32) {
                fold_char(c, &mut table.folds);
                table.bounds.push(table.folds.len());
            }
        }
        table
    }

    /// The fold of `c`, if it is in [`COMMON_BLOCKS`].
    fn get(&self, c: char) -> Option<&str> {
        let code = u32::from(c);
        let mut index = 0;
        for (first, last) in COMMON_BLOCKS {
            if (first..=last).contains(&code) {
                index += usize::try_from(code - first).ok()?;
                let bounds = self.bounds.get(index..=index + 1)?;
                return self.folds.get(bounds[0]..bounds[1]);
            }
            index += usize::try_from(last - first + 1).ok()?;
        }
        None
    }
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
    use crate::text::char_slice;
    use proptest::prelude::*;

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
    fn the_table_holds_what_fold_char_makes() {
        for (first, last) in COMMON_BLOCKS {
            for c in (first..=last).filter_map(char::from_u32) {
                let mut expected = String::new();
                fold_char(c, &mut expected);
                assert_eq!(COMMON_FOLDS.get(c), Some(expected.as_str()), "{c:?}");
            }
        }
        assert_eq!(COMMON_FOLDS.get('\u{7F}'), None);
        assert_eq!(COMMON_FOLDS.get('\u{800}'), None);
        assert_eq!(COMMON_FOLDS.get('\u{8FF}'), None);
        assert_eq!(COMMON_FOLDS.get('\u{980}'), None);
        assert_eq!(COMMON_FOLDS.get('\u{2100}'), None);
    }

    #[test]
    fn the_scripts_said_to_fold_to_themselves_do() {
        for c in ('\u{80}'..=char::MAX).filter(|&c| folds_to_itself(c)) {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            assert_eq!(folded, c.to_string(), "{c:?}");
        }
    }

    /// [`fold`] without its shortcuts: every character through
    /// [`fold_char`].
    fn fold_in_full(text: &str) -> Folded {
        let mut folded = Folded::default();
        let mut count = 0u32;
        for c in text.chars() {
            let before = folded.key.len();
            fold_char(c, &mut folded.key);
            let produced = folded.key.len() - before;
            folded.origin.extend(std::iter::repeat_n(count, produced));
            count = count.saturating_add(1);
        }
        folded.origin.push(count);
        folded
    }

    /// Text of ASCII (with the white space the fold rewrites) between
    /// letters of the scripts the table covers and some it does not.
    const MIXED: &str = "([a-zA-Z0-9 .,]{1,8}|[\\t\\n\\r\\u{000B}\\u{000C}\\u{0001}]|[\\u{0080}-\\u{07FF}]{1,3}|[\\u{2000}-\\u{20FF}]|[\\u{0900}-\\u{097F}\\u{3041}-\\u{30FF}\\u{4E00}-\\u{4E20}\\u{AC00}-\\u{AC20}]{1,3}|[\\u{FB00}-\\u{FB06}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFC}\\u{FF10}-\\u{FF5A}\\u{1E00}-\\u{1FFF}\\u{06D6}-\\u{06ED}\\u{08D3}-\\u{08FF}]|\\PC){0,24}";

    proptest! {
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

        #[test]
        fn the_shortcuts_of_fold_change_nothing(text in MIXED) {
            let expected = fold_in_full(&text);
            prop_assert_eq!(fold_key(&text), expected.key.clone());
            prop_assert_eq!(fold(&text), expected.clone());
            let folded = FoldedText::new(&text);
            prop_assert_eq!(&folded.folded, &expected);
            prop_assert_eq!(folded.chars, text.chars().collect::<Vec<char>>());
        }
    }
}
