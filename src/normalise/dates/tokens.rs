//! Splits a matching key into the tokens the date grammar reads: digit
//! runs, words and single punctuation marks, each with its byte range in
//! the key and whether white space came before it (so `1er` and `1 er`
//! can be told apart).

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

/// The tokens of `key`, in order.
pub fn tokenize(key: &str) -> Vec<Token> {
    let bytes = key.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(key.len() / 4);
    let mut spaced = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let start = at;
        let (kind, end) = if byte.is_ascii() {
            // ASCII, most of a key, is read without decoding.
            match byte {
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => (None, start + 1),
                b'0'..=b'9' => number_at(bytes, start),
                b'a'..=b'z' | b'A'..=b'Z' => (Some(Kind::Word), word_end(key, start)),
                _ => (Some(Kind::Punct(char::from(byte))), start + 1),
            }
        } else {
            let c = key[start..].chars().next().unwrap_or_default();
            let next = start + c.len_utf8();
            if c.is_whitespace() || c == '\u{200C}' {
                (None, next)
            } else if !is_word_char(c) {
                (Some(Kind::Punct(c)), next)
            } else if is_ideograph(c) {
                (Some(Kind::Word), next)
            } else {
                (Some(Kind::Word), word_end(key, start))
            }
        };
        at = end;
        let Some(kind) = kind else {
            spaced = true;
            continue;
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

/// The number whose digits start at byte `start`, and where they end.
fn number_at(bytes: &[u8], start: usize) -> (Option<Kind>, usize) {
    let digits = bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len() - start);
    // Nine digits cannot overflow a u32.
    let value = (digits <= 9).then(|| {
        (bytes[start..start + digits].iter())
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    });
    (Some(Kind::Number { value, digits }), start + digits)
}

/// Where the word that starts at byte `start` ends: its letters and marks,
/// up to a digit, a sign, a space or an ideograph.
#[inline]
fn word_end(key: &str, start: usize) -> usize {
    let bytes = key.as_bytes();
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    match bytes.get(end) {
        Some(byte) if !byte.is_ascii() => word_end_past_ascii(key, end),
        _ => end,
    }
}

/// [`word_end`] from a character outside ASCII at byte `at`.
#[cold]
fn word_end_past_ascii(key: &str, at: usize) -> usize {
    let rest = &key[at..];
    let length = rest
        .char_indices()
        .find(|&(_, c)| !is_word_char(c) || is_ideograph(c))
        .map_or(rest.len(), |(at, _)| at);
    at + length
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
