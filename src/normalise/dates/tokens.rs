//! Splits a matching key into the tokens the date grammar reads: digit
//! runs, words and single punctuation marks, each with its byte range in
//! the key and whether white space came before it (so `1er` and `1 er`
//! can be told apart).
//!
//! The key is read a byte at a time: a character of one or two UTF-8
//! bytes is classed by a table filled once from the Unicode tables, ASCII
//! letters are skipped eight at a time, and only longer characters ask
//! the Unicode tables themselves.

use std::sync::LazyLock;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of ASCII digits (the key has every digit as ASCII). `value`
    /// is `None` when the run is too long to be a day or a year.
    Number { value: Option<u32>, digits: usize },
    /// A run of letters and combining marks. Each CJK ideograph is a word
    /// of its own, since Chinese does not separate words with spaces.
    Word,
    /// Any other character that is not white space.
    Punct(char),
}

/// One token of a matching key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte range in the key.
    pub start: usize,
    pub end: usize,
    /// White space (or a zero-width non-joiner) separates it from the
    /// token before.
    pub spaced: bool,
}

/// How a character takes part in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// White space or a zero-width non-joiner: separates tokens.
    Space,
    /// An ASCII digit: runs of them are numbers.
    Digit,
    /// A letter or mark (see [`is_word_char`]) other than a CJK
    /// ideograph: runs of them are words.
    Letter,
    /// A CJK ideograph: a word on its own.
    Ideograph,
    /// Anything else: a token on its own.
    Mark,
}

/// The class of every character below U+0800, the ones UTF-8 writes in
/// one or two bytes (ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic).
static SHORT_CLASSES: LazyLock<[Class; 0x800]> = LazyLock::new(|| {
    let mut table = [Class::Mark; 0x800];
    for (code, class) in (0u32..).zip(table.iter_mut()) {
        *class = char::from_u32(code).map_or(Class::Mark, class_of);
    }
    table
});

/// The class of `c`, from the Unicode tables.
fn class_of(c: char) -> Class {
    if c.is_whitespace() || c == '\u{200C}' {
        Class::Space
    } else if c.is_ascii_digit() {
        Class::Digit
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        // General punctuation, common in any text (dashes, quotes): no
        // letter or mark there, so the tables need not be asked.
        Class::Mark
    } else if !is_word_char(c) {
        Class::Mark
    } else if is_ideograph(c) {
        Class::Ideograph
    } else {
        Class::Letter
    }
}

/// Reads the characters of a key with their classes: one or two bytes
/// from the table, longer characters from the Unicode tables.
struct Reader<'k> {
    key: &'k str,
    short: &'static [Class; 0x800],
}

impl Reader<'_> {
    /// The character at byte `at` (a character boundary), its class and
    /// its length in bytes.
    #[inline]
    fn at(&self, at: usize) -> Option<(char, Class, usize)> {
        let bytes = self.key.as_bytes();
        let lead = *bytes.get(at)?;
        if lead < 0x80 {
            let class = *self.short.get(usize::from(lead))?;
            return Some((char::from(lead), class, 1));
        }
        if lead < 0xE0 {
            let trail = *bytes.get(at + 1)?;
            let code = (u32::from(lead & 0x1F) << 6) | u32::from(trail & 0x3F);
            let class = *self.short.get(usize::try_from(code).ok()?)?;
            return Some((char::from_u32(code)?, class, 2));
        }
        let c = self.key.get(at..)?.chars().next()?;
        Some((c, class_of(c), c.len_utf8()))
    }

    /// The end of the run of letters (not ideographs) from byte `at`.
    #[inline]
    fn letters_end(&self, mut at: usize) -> usize {
        let bytes = self.key.as_bytes();
        loop {
            match bytes.get(at) {
                Some(byte) if byte.is_ascii_alphabetic() => {
                    at += 1 + ascii_letters(bytes.get(at + 1..).unwrap_or_default());
                }
                Some(&byte) if byte >= 0x80 => match self.at(at) {
                    Some((_, Class::Letter, length)) => at += length,
                    _ => return at,
                },
                _ => return at,
            }
        }
    }
}

/// The tokens of `key`, in order.
pub fn tokenize(key: &str) -> Vec<Token> {
    let reader = Reader {
        key,
        short: &SHORT_CLASSES,
    };
    let bytes = key.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(key.len() / 4 + 1);
    let mut spaced = false;
    let mut at = 0;
    while let Some((c, class, length)) = reader.at(at) {
        let start = at;
        let next = start + length;
        let (kind, end) = match class {
            Class::Space => {
                spaced = true;
                at = next;
                continue;
            }
            Class::Digit => number_at(bytes, start),
            Class::Letter => (Kind::Word, reader.letters_end(next)),
            Class::Ideograph => (Kind::Word, next),
            Class::Mark => (Kind::Punct(c), next),
        };
        tokens.push(Token {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
        at = end;
    }
    tokens
}

/// How many ASCII letters `bytes` starts with, read eight bytes at a time.
fn ascii_letters(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |byte: u8| u64::from_ne_bytes([byte; 8]);
    let mut count = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Per byte: the high bit of `from_a` is set when the lowercased
        // byte is at least `a`, that of `past_z` when it is past `z`. A
        // byte outside ASCII may carry into the next one, but it is not a
        // letter, and only the bytes before the first non-letter count.
        let lower = word | ones(0x20);
        let from_a = lower.wrapping_add(ones(0x80 - b'a'));
        let past_z = lower.wrapping_add(ones(0x80 - b'z' - 1));
        let letters = from_a & !past_z & !word & HIGH;
        if letters != HIGH {
            let first_other = (!letters & HIGH).trailing_zeros() / 8;
            return count + first_other as usize;
        }
        count += 8;
    }
    let rest = chunks.remainder();
    count + rest.iter().take_while(|b| b.is_ascii_alphabetic()).count()
}

/// The number whose digits start at byte `start`, and where they end.
fn number_at(bytes: &[u8], start: usize) -> (Kind, usize) {
    let digits = bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len() - start);
    // Nine digits cannot overflow a u32.
    let value = (digits <= 9).then(|| {
        (bytes[start..start + digits].iter())
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    });
    (Kind::Number { value, digits }, start + digits)
}

/// A letter or mark that a word runs on with: a word character other than
/// a CJK ideograph.
pub fn is_letter(c: char) -> bool {
    class_of(c) == Class::Letter
}

/// Letters and the marks that belong to them (Arabic, Devanagari and
/// Latin combining marks), but not digits.
pub fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_ascii_digit())
        || unicode_normalization::char::is_combining_mark(c)
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`tokenize`] a character at a time, without its shortcuts.
    fn tokenize_in_full(key: &str) -> Vec<Token> {
        let mut tokens: Vec<Token> = Vec::new();
        let mut spaced = false;
        let mut chars = key.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() || c == '\u{200C}' {
                spaced = true;
                continue;
            }
            let mut end = start + c.len_utf8();
            let kind = if c.is_ascii_digit() {
                while let Some(&(at, next)) = chars.peek().filter(|(_, n)| n.is_ascii_digit()) {
                    end = at + next.len_utf8();
                    chars.next();
                }
                let digits = end - start;
                let value = if digits <= 9 {
                    key[start..end].parse().ok()
                } else {
                    None
                };
                Kind::Number { value, digits }
            } else if is_word_char(c) {
                if !is_ideograph(c) {
                    while let Some(&(at, next)) = chars
                        .peek()
                        .filter(|(_, n)| is_word_char(*n) && !is_ideograph(*n))
                    {
                        end = at + next.len_utf8();
                        chars.next();
                    }
                }
                Kind::Word
            } else {
                Kind::Punct(c)
            };
            tokens.push(Token {
                kind,
                start,
                end,
                spaced,
            });
            spaced = false;
        }
        tokens
    }

    proptest! {
        #[test]
        fn the_shortcuts_of_tokenize_change_nothing(key in "([a-zA-Z]{1,6}|[0-9]{1,11}|[ \\t\\n\\r\\u{000B}\\u{000C}\\u{0085}\\u{00A0}\\u{200C}]|[.,/:()\\-]|[\\u{0621}-\\u{065F}\\u{0300}\\u{0301}é\\u{0660}]{1,4}|[\\u{4E00}-\\u{4E10}年月日]|[\\u{0900}-\\u{0970}]{1,3}){0,20}|\\PC{0,40}") {
            prop_assert_eq!(tokenize(&key), tokenize_in_full(&key));
        }
    }

    /// Every character, alone, inside a word, after a digit and before
    /// one, is tokenized as the Unicode tables say.
    #[test]
    fn every_character_is_classed_as_by_char() {
        let mut key = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            key.clear();
            key.extend([c, 'a', c, '1', c, c, 'ب', c, ' ', c]);
            assert_eq!(tokenize(&key), tokenize_in_full(&key), "{c:?}");
        }
    }

    /// Every byte, at every place of a chunk of eight and of the rest.
    #[test]
    fn ascii_letters_stops_at_every_other_byte() {
        for byte in 0..=u8::MAX {
            for place in 0..12 {
                let mut bytes = *b"abcdefghijKLMNOPqrstuvwxyZ";
                bytes[place] = byte;
                let want = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                assert_eq!(ascii_letters(&bytes), want, "{byte:#x} at {place}");
            }
        }
    }

    proptest! {
        #[test]
        fn ascii_letters_counts_as_take_while(bytes in proptest::collection::vec(
            prop_oneof![
                6 => proptest::num::u8::ANY.prop_map(|b| b'a' + b % 26),
                3 => proptest::num::u8::ANY.prop_map(|b| b'A' + b % 26),
                3 => proptest::num::u8::ANY,
            ],
            0..40,
        )) {
            let want = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            prop_assert_eq!(ascii_letters(&bytes), want);
        }
    }

    fn shapes(key: &str) -> Vec<(String, bool)> {
        tokenize(key)
            .into_iter()
            .map(|t| (key[t.start..t.end].to_string(), t.spaced))
            .collect()
    }

    #[test]
    fn numbers_words_and_marks() {
        let got = shapes("le 1er mars, 2022");
        let want = [
            ("le", false),
            ("1", true),
            ("er", false),
            ("mars", true),
            (",", false),
            ("2022", true),
        ];
        let want: Vec<(String, bool)> = want.iter().map(|(s, b)| (s.to_string(), *b)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn chinese_ideographs_stand_alone() {
        let words: Vec<String> = shapes("2021年2月11日在北京")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(
            words,
            ["2021", "年", "2", "月", "11", "日", "在", "北", "京"]
        );
    }

    #[test]
    fn zero_width_non_joiner_separates() {
        let got = shapes("اردیبهشت\u{200C}ماه");
        assert_eq!(got.len(), 2);
        assert!(got[1].1);
    }

    #[test]
    fn long_digit_runs_have_no_value() {
        let tokens = tokenize("12345678901");
        assert_eq!(
            tokens[0].kind,
            Kind::Number {
                value: None,
                digits: 11
            }
        );
    }
}
