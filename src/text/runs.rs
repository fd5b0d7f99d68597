//! Text cut into runs of ASCII and single other characters.
//!
//! Most of what bayan reads is ASCII (English statements, the markup and
//! digits of every other language), and an ASCII character needs none of the
//! Unicode tables: the loops over text ([`super::clean`], [`super::fold`],
//! [`super::word_count`]) take a run of ASCII at once and look up only the
//! characters outside it.

/// A stretch of a text: a run of ASCII characters (never empty), or one
/// character outside ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'t> {
    Ascii(&'t str),
    Other(char),
}

/// The pieces of `text`, in order: together they are the text.
pub fn pieces(text: &str) -> Pieces<'_> {
    Pieces { rest: text }
}

/// Iterator of [`pieces`].
#[derive(Debug, Clone)]
pub struct Pieces<'t> {
    rest: &'t str,
}

impl<'t> Iterator for Pieces<'t> {
    type Item = Piece<'t>;

    fn next(&mut self) -> Option<Piece<'t>> {
        let first = *self.rest.as_bytes().first()?;
        // Text in other scripts is read a character at a time: no run to
        // measure after each one.
        let ascii = if first.is_ascii() {
            ascii_prefix_len(self.rest.as_bytes())
        } else {
            0
        };
        if ascii > 0 {
            let (run, rest) = self.rest.split_at(ascii);
            self.rest = rest;
            return Some(Piece::Ascii(run));
        }
        let c = self.rest.chars().next()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(Piece::Other(c))
    }
}

/// How many bytes `bytes` starts with that are ASCII, read eight at a time.
pub fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if u64::from_le_bytes(word) & HIGH_BITS != 0 {
            break;
        }
        len += 8;
    }
    let tail = &bytes[len..];
    len + tail
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn runs_of_ascii_and_single_other_characters() {
        let got: Vec<Piece> = pieces("Paris, le 3 mars — à 10h").collect();
        assert_eq!(
            got,
            [
                Piece::Ascii("Paris, le 3 mars "),
                Piece::Other('—'),
                Piece::Ascii(" "),
                Piece::Other('à'),
                Piece::Ascii(" 10h"),
            ]
        );
        assert_eq!(pieces("").count(), 0);
    }

    proptest! {
        #[test]
        fn pieces_make_the_text(text in "([a-z ,.]{0,20}|[é—\\u{0600}-\\u{06FF}]{0,3}){0,6}|\\PC{0,40}") {
            let mut joined = String::new();
            for piece in pieces(&text) {
                match piece {
                    Piece::Ascii(run) => {
                        prop_assert!(!run.is_empty() && run.is_ascii());
                        joined.push_str(run);
                    }
                    Piece::Other(c) => {
                        prop_assert!(!c.is_ascii());
                        joined.push(c);
                    }
                }
            }
            prop_assert_eq!(joined, text);
        }

        #[test]
        fn ascii_prefix_is_measured_exactly(text in "[a-z]{0,20}[é\\u{0600}]?[a-z]{0,3}") {
            let expected = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
            prop_assert_eq!(ascii_prefix_len(text.as_bytes()), expected);
        }
    }
}
