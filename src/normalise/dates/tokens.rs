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
