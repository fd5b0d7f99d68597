//! Word counts by Unicode word segmentation: [`word_count`].

use unicode_segmentation::UnicodeSegmentation;

/// How many words `text` has by Unicode word segmentation (UAX #29: what
/// `unicode_words` yields).
///
/// Most texts are made only of characters with a [`word_class`] (English
/// with its curly quotes and dashes): they are counted in one pass of
/// [`PlainWords`] over the whole text, where spaces and line breaks are
/// [`WordClass::Other`] like any other break ([`plain_word_count`]). A text
/// with another character is cut into pieces ([`segmented_word_count`]).
pub fn word_count(text: &str) -> usize {
    plain_word_count(text).unwrap_or_else(|| segmented_word_count(text))
}

/// The words of `text` when each of its characters has a [`word_class`],
/// a byte of ASCII at a time through [`ASCII_STEPS`]; `None` on the first
/// character without one.
///
/// A space or line break is a break on both sides between two characters
/// with a class (see [`segmented_word_count`]), and [`PlainWords`] ends
/// its run on one and starts afresh after it, as a new piece would: so the
/// count of the whole text is the sum of the counts of its pieces.
fn plain_word_count(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut state = Run::Outside;
    let mut words = 0;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if let Some(steps) = ASCII_STEPS.get(usize::from(byte)) {
            let step = steps[state as usize];
            state = step.next;
            words += usize::from(step.ended);
            at += 1;
            if state == Run::AfterLetter {
                // More letters leave the run after a letter: on to the
                // last of them.
                while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
                    at += 1;
                }
            }
            continue;
        }
        let c = text.get(at..)?.chars().next()?;
        let step = Step::of(state, word_class(c)?);
        state = step.next;
        words += usize::from(step.ended);
        at += c.len_utf8();
    }
    Some(words + usize::from(ends_a_word(state)))
}

/// What [`PlainWords::push`] does in one state with one class: the state
/// after, and whether a word ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    next: Run,
    ended: bool,
}

impl Step {
    const fn of(state: Run, class: WordClass) -> Step {
        if let Some(next) = joined(state, class) {
            return Step { next, ended: false };
        }
        // The run ends before this character, which may start the next.
        let ended = ends_a_word(state);
        let next = match joined(Run::Outside, class) {
            Some(next)
                if matches!(
                    class,
                    WordClass::Letter | WordClass::Digit | WordClass::Underscore
                ) =>
            {
                next
            }
            _ => Run::Outside,
        };
        Step { next, ended }
    }
}

/// Every state of [`Run`], in the order of their values.
const RUNS: [Run; 7] = [
    Run::Outside,
    Run::Underscores,
    Run::AfterLetter,
    Run::AfterDigit,
    Run::AfterUnderscore,
    Run::LetterSeparator,
    Run::DigitSeparator,
];

/// The [`Step`] of each ASCII byte in each state of [`Run`].
const ASCII_STEPS: [[Step; 7]; 128] = {
    let mut table = [[Step {
        next: Run::Outside,
        ended: false,
    }; 7]; 128];
    let mut byte = 0;
    while byte < 128 {
        let mut state = 0;
        while state < RUNS.len() {
            table[byte][state] = Step::of(RUNS[state], ascii_word_class(byte as u8));
            state += 1;
        }
        byte += 1;
    }
    table
};

/// How many words `text` has, segmenting only what the common case does
/// not cover.
///
/// The text is cut at ASCII spaces and line breaks. No rule of UAX #29
/// looks across one of those, and the segmenter breaks on both sides of it
/// unless a combining mark follows: so a piece between two of them whose
/// characters all have a [`word_class`] is counted on its own by
/// [`PlainWords`], and only the stretches between such pieces go through
/// the segmenter.
fn segmented_word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut unsegmented = Unsegmented::default();
    let mut piece = PlainWords::default();
    let mut piece_start = 0;
    let mut at = 0;
    while at <= bytes.len() {
        let byte = bytes.get(at).copied();
        if matches!(byte, None | Some(b' ' | b'\n')) {
            if at > piece_start {
                words += piece.finish() + unsegmented.words_before(text, piece_start, at);
            }
            piece = PlainWords::default();
            piece_start = at + 1;
            at += 1;
            continue;
        }
        let (class, len) = match byte {
            Some(byte) if byte.is_ascii() => (Some(ascii_word_class(byte)), 1),
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                (word_class(c), c.len_utf8())
            }
        };
        if let Some(class) = class {
            piece.push(class);
            at += len;
            if class == WordClass::Letter {
                // More letters leave the piece after a letter: on to the
                // last of them.
                at += (bytes[at..].iter())
                    .position(|b| !b.is_ascii_alphabetic())
                    .unwrap_or(bytes.len() - at);
            }
        } else {
            // The piece is left to the segmenter: on to its end.
            let rest = &bytes[at..];
            at += (rest.iter().position(|&b| b == b' ' || b == b'\n')).unwrap_or(rest.len());
            piece_start = at;
            unsegmented.left = true;
        }
    }
    words + unsegmented.words_before(text, bytes.len(), bytes.len())
}

/// The stretch of text since the last piece [`PlainWords`] counted.
#[derive(Debug, Default)]
struct Unsegmented {
    /// Where the stretch starts.
    from: usize,
    /// A piece the segmenter must read is in the stretch: without one,
    /// the stretch is spaces and line breaks.
    left: bool,
}

impl Unsegmented {
    /// The words of the stretch up to a counted piece `[start, end)`, and
    /// the stretch after it begun.
    #[inline]
    fn words_before(&mut self, text: &str, start: usize, end: usize) -> usize {
        let words = if self.left {
            text[self.from..start].unicode_words().count()
        } else {
            0
        };
        *self = Unsegmented {
            from: end,
            left: false,
        };
        words
    }
}

/// The word break property (UAX #29) of the characters [`PlainWords`]
/// reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// ExtendNumLet: `_`.
    Underscore,
    /// MidLetter: `:`.
    MidLetter,
    /// MidNumLet and Single_Quote: `.` `'` `‘` `’`.
    MidNumLet,
    /// MidNum: `,` `;`.
    MidNum,
    /// Any other property whose characters break on both sides: other
    /// punctuation, symbols, controls.
    Other,
}

/// The word class of `c`, for ASCII and the few other characters common
/// in English text (letters of Latin-1, curly quotes, dashes, the
/// ellipsis); `None` for the rest, which the segmenter reads.
fn word_class(c: char) -> Option<WordClass> {
    if let Ok(byte) = u8::try_from(c)
        && byte.is_ascii()
    {
        return Some(ascii_word_class(byte));
    }
    let class = match c {
        '‘' | '’' => WordClass::MidNumLet,
        '\u{00D7}' | '\u{00F7}' | '–' | '—' | '“' | '”' | '…' => WordClass::Other,
        '\u{00C0}'..='\u{00FF}' => WordClass::Letter,
        _ => return None,
    };
    Some(class)
}

/// The word class of an ASCII character.
#[inline]
const fn ascii_word_class(byte: u8) -> WordClass {
    use WordClass::*;
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => Letter,
        b'0'..=b'9' => Digit,
        b'_' => Underscore,
        b':' => MidLetter,
        b'.' | b'\'' => MidNumLet,
        b',' | b';' => MidNum,
        _ => Other,
    }
}

/// Counts the words of a piece without spaces or line breaks, a character
/// class at a time.
///
/// A word is a run of letters, digits and underscores that holds a letter
/// or a digit; a `.` `'` `:` between two letters (WB6, WB7: `U.S`,
/// `don't`) and a `.` `'` `,` `;` between two digits (WB11, WB12:
/// `1,000.5`) keep the run together. Everything else breaks (WB999).
#[derive(Debug, Clone, Copy, Default)]
struct PlainWords {
    state: Run,
    words: usize,
}

/// Where [`PlainWords`] is in a run of word characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Run {
    /// Not in a run.
    #[default]
    Outside,
    /// In a run of underscores only.
    Underscores,
    /// In a run that holds a letter or digit, after a letter, a digit or
    /// an underscore.
    AfterLetter,
    AfterDigit,
    AfterUnderscore,
    /// After a letter and a separator that joins it to a following letter.
    LetterSeparator,
    /// After a digit and a separator that joins it to a following digit.
    DigitSeparator,
}

impl PlainWords {
    fn push(&mut self, class: WordClass) {
        let step = Step::of(self.state, class);
        self.words += usize::from(step.ended);
        self.state = step.next;
    }

    fn finish(self) -> usize {
        self.words + usize::from(ends_a_word(self.state))
    }
}

/// The state after `class` when the character continues the run of
/// `state` (or starts one from [`Run::Outside`]); `None` when it breaks it.
const fn joined(state: Run, class: WordClass) -> Option<Run> {
    use Run::*;
    use WordClass::*;
    match (state, class) {
        (LetterSeparator, Letter) => Some(AfterLetter),
        (DigitSeparator, Digit) => Some(AfterDigit),
        (LetterSeparator | DigitSeparator, _) => None,
        (Outside | Underscores, Underscore) => Some(Underscores),
        (_, Letter) => Some(AfterLetter),
        (_, Digit) => Some(AfterDigit),
        (_, Underscore) => Some(AfterUnderscore),
        (AfterLetter, MidLetter | MidNumLet) => Some(LetterSeparator),
        (AfterDigit, MidNum | MidNumLet) => Some(DigitSeparator),
        _ => None,
    }
}

/// True when a run ending in `state` was a word: it held a letter or a
/// digit.
const fn ends_a_word(state: Run) -> bool {
    !matches!(state, Run::Outside | Run::Underscores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The words of a piece, if every character has a [`word_class`].
    fn plain_word_count(piece: &str) -> Option<usize> {
        if piece.is_empty() {
            return None;
        }
        let mut counter = PlainWords::default();
        for c in piece.chars() {
            counter.push(word_class(c)?);
        }
        Some(counter.finish())
    }

    /// Pieces of characters [`word_class`] knows.
    const PLAIN: &str =
        "[a-zA-Z0-9_:.'‘’,;\\-\"()$%/\\t\\r\\u{0001}\\u{007F}–—“”…×÷\\u{00C0}-\\u{00FF}]{1,12}";

    #[test]
    fn plain_pieces_are_counted_as_the_segmenter_does() {
        let pieces = [
            "U.S.",
            "don't",
            "1,000.50",
            "10:30",
            "e.g.,",
            "(2021)",
            "a_b",
            "__",
            "’s",
            "U.S.’s",
            "—",
            "“Yes,”",
            "1.a",
            "a.1",
            "a..b",
            "a:b:c",
            "1;2",
            "1:2",
            "x’y",
            "café",
            "×2",
            "...",
        ];
        for piece in pieces {
            assert_eq!(
                plain_word_count(piece),
                Some(piece.unicode_words().count()),
                "{piece:?}"
            );
        }
        assert_eq!(plain_word_count(""), None);
        assert_eq!(plain_word_count("naïve\u{0301}"), None);
    }

    #[test]
    fn every_plain_character_breaks_as_the_segmenter_says() {
        let plain: Vec<char> = ('\0'..='\u{2100}')
            .filter(|&c| c != ' ' && c != '\n' && word_class(c).is_some())
            .collect();
        let contexts = ["a", "1", "_", ".", ",", ":", "-"];
        for c in plain {
            for before in contexts {
                for after in contexts {
                    let piece = format!("{before}{c}{after}");
                    assert_eq!(
                        plain_word_count(&piece),
                        Some(piece.unicode_words().count()),
                        "{piece:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_states_are_listed_in_the_order_of_their_values() {
        for (value, state) in RUNS.iter().enumerate() {
            assert_eq!(*state as usize, value, "{state:?}");
        }
    }

    proptest! {
        #[test]
        fn one_pass_counts_what_the_pieces_count(text in "([a-zA-Z0-9]{1,6}|[ \\n]{1,2}|[.,:;'’‘_\\-\"“”–—…]|[\\u{00C0}-\\u{00FF}]|[\\u{0300}\\u{064B}\\u{0627}\\u{200D}\\u{00AD}]|\\t|\\r|\\u{0001}){0,40}|\\PC{0,30}") {
            if let Some(count) = plain_word_count(&text) {
                prop_assert_eq!(count, segmented_word_count(&text));
            }
            prop_assert_eq!(word_count(&text), segmented_word_count(&text));
        }

        #[test]
        fn word_count_is_that_of_unicode_segmentation(text in "([a-zA-Z0-9]{1,6}|[ \\n]{1,3}|[.,:;'’_\\-\"]|[\\u{0300}\\u{0301}\\u{064B}\\u{0651}\\u{200C}\\u{200D}\\u{00AD}]|[\\u{0621}-\\u{064A}]{1,4}|[\\u{05D0}-\\u{05EA}]|[\\u{1F1E6}-\\u{1F1FF}]|\\u{1F469}|[\\u{4E00}-\\u{4E10}]|é|\\t|\\u{3000}|\\r){0,30}|\\PC{0,30}") {
            prop_assert_eq!(word_count(&text), text.unicode_words().count());
        }

        #[test]
        fn plain_text_is_counted_as_the_segmenter_does(text in "([a-zA-Z0-9]{1,6}|[ \\n]{1,2}|[.,:;'’‘_\\-\"“”–—…]|[\\u{00C0}-\\u{00FF}]|[\\u{0300}\\u{064B}\\u{200D}\\u{00AD}\\u{05D0}]|\\t|\\r){0,40}") {
            prop_assert_eq!(word_count(&text), text.unicode_words().count());
        }

        #[test]
        fn a_plain_piece_is_counted_as_the_segmenter_does(piece in PLAIN) {
            prop_assert_eq!(plain_word_count(&piece), Some(piece.unicode_words().count()));
        }
    }
}
