//! Splits a matching key into the tokens the date grammar reads: digit
//! runs, words and single punctuation marks, each with its byte range in
//! the key and whether white space came before it (so `1er` and `1 er`
//! can be told apart).
//!
//! The key is read a byte at a time: a character of one or two UTF-8
//! bytes is classed by a table filled once from the Unicode tables, ASCII
//! letters are skipped eight at a time, and only longer characters ask
//! the Unicode tables themselves.

use std::ops::Range;
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
    #[inline(always)]
    fn letters_end(&self, mut at: usize) -> usize {
        let bytes = self.key.as_bytes();
        loop {
            let Some(&lead) = bytes.get(at) else {
                return at;
            };
            if lead < 0x80 {
                if !lead.is_ascii_alphabetic() {
                    return at;
                }
                at += 1 + ascii_letters(bytes.get(at + 1..).unwrap_or_default());
            } else if lead < 0xE0 {
                // Two bytes: the table says, without making a `char`.
                let trail = bytes.get(at + 1).copied().unwrap_or_default();
                let code = usize::from(lead & 0x1F) << 6 | usize::from(trail & 0x3F);
                if self.short.get(code) != Some(&Class::Letter) {
                    return at;
                }
                at += 2;
            } else {
                match self.at(at) {
                    Some((_, Class::Letter, length)) => at += length,
                    _ => return at,
                }
            }
        }
    }

    /// The class of the character at byte `at` (a character boundary) and
    /// its length in bytes.
    #[inline]
    fn class_at(&self, at: usize) -> Option<(Class, usize)> {
        let bytes = self.key.as_bytes();
        let lead = *bytes.get(at)?;
        if lead < 0x80 {
            return Some((*self.short.get(usize::from(lead))?, 1));
        }
        if lead < 0xE0 {
            let trail = *bytes.get(at + 1)?;
            let code = usize::from(lead & 0x1F) << 6 | usize::from(trail & 0x3F);
            return Some((*self.short.get(code)?, 2));
        }
        self.at(at).map(|(_, class, length)| (class, length))
    }
}

/// The tokens of `key`, in order.
#[cfg(test)]
pub fn tokenize(key: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(key.len() / 4 + 1);
    tokens.extend(Tokenizer::new(key));
    tokens
}

/// Reads the tokens of a key one after the other, from any place where a
/// token may start: the start of the key, or a place [`Tokenizer::jump`]
/// may go to.
struct Tokenizer<'k> {
    reader: Reader<'k>,
    /// Where the next token is looked for.
    at: usize,
    /// White space was read since the last token.
    spaced: bool,
}

impl<'k> Tokenizer<'k> {
    fn new(key: &'k str) -> Tokenizer<'k> {
        Tokenizer {
            reader: Reader {
                key,
                short: &SHORT_CLASSES,
            },
            at: 0,
            spaced: false,
        }
    }

    /// Goes on reading from byte `to`, an ASCII white space: the tokens
    /// read from there are those the whole key has there.
    fn jump(&mut self, to: usize) {
        self.at = to;
        self.spaced = false;
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let bytes = self.reader.key.as_bytes();
        while let Some((c, class, length)) = self.reader.at(self.at) {
            let start = self.at;
            let next = start + length;
            let (kind, end) = match class {
                Class::Space => {
                    self.spaced = true;
                    self.at = next;
                    continue;
                }
                Class::Digit => number_at(bytes, start),
                Class::Letter => (Kind::Word, self.reader.letters_end(next)),
                Class::Ideograph => (Kind::Word, next),
                Class::Mark => (Kind::Punct(c), next),
            };
            let token = Token {
                kind,
                start,
                end,
                spaced: self.spaced,
            };
            self.spaced = false;
            self.at = end;
            return Some(token);
        }
        None
    }
}

/// The tokens of `key` near the `anchors` (byte ranges, in order, not
/// overlapping): for each, at least `before` tokens before the token it
/// starts in, its own tokens, and `after` tokens past the last token that
/// any anchor reaches into. They are the tokens the whole key has there,
/// in order; the tokens far from every anchor are never read.
pub fn tokenize_near(
    key: &str,
    anchors: &[Range<usize>],
    before: usize,
    after: usize,
) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut tokenizer = Tokenizer::new(key);
    let mut pending = anchors.iter().peekable();
    while let Some(anchor) = pending.peek() {
        let start = start_before(key, anchor.start, tokenizer.at, before);
        if start > tokenizer.at {
            tokenizer.jump(start);
        }
        // Where the anchors read so far end, and how many tokens were
        // read past that.
        let mut reach = None;
        let mut idle = 0;
        for token in tokenizer.by_ref() {
            while let Some(anchor) = pending.next_if(|anchor| anchor.start < token.end) {
                reach = reach.max(Some(anchor.end));
            }
            tokens.push(token);
            match reach {
                Some(reach) if token.start >= reach => idle += 1,
                _ => idle = 0,
            }
            if idle == after {
                break;
            }
        }
        // An anchor outside every token (never one the grammar gives) is
        // passed over.
        while pending
            .next_if(|anchor| anchor.start < tokenizer.at)
            .is_some()
        {}
        if tokenizer.at >= key.len() {
            break;
        }
    }
    tokens
}

/// Where to start reading tokens so that at least `before` tokens come
/// before the one byte `at` is in: an ASCII white space, or `floor` (where
/// the tokens read so far end) when that is nearer. Each stretch between
/// two ASCII white spaces that has a character other than white space
/// holds a token of its own; the stretch `at` is in is not counted, since
/// the token `at` is in may start there (after a clitic).
fn start_before(key: &str, at: usize, floor: usize, before: usize) -> usize {
    let bytes = key.as_bytes();
    let is_space = |byte: &u8| matches!(byte, b' ' | b'\n' | b'\t');
    let Some(mut start) = bytes
        .get(floor..at)
        .and_then(|range| range.iter().rposition(is_space))
    else {
        return floor;
    };
    start += floor;
    let mut counted = 0;
    while counted < before {
        let Some(space) = bytes
            .get(floor..start)
            .and_then(|range| range.iter().rposition(is_space))
        else {
            return floor;
        };
        let stretch = floor + space + 1..start;
        if has_token(key, stretch) {
            counted += 1;
        }
        start = floor + space;
    }
    start
}

/// The byte range `range` of `key` has a character other than white space.
fn has_token(key: &str, range: Range<usize>) -> bool {
    let reader = Reader {
        key,
        short: &SHORT_CLASSES,
    };
    let mut at = range.start;
    while at < range.end {
        match reader.class_at(at) {
            Some((Class::Space, length)) => at += length,
            Some(_) => return true,
            None => return false,
        }
    }
    false
}

/// Calls `on_run` with every run of letters (not ideographs) and every
/// run of digits of `key`, with whether it is digits: the words and
/// numbers of [`tokenize`], without the rest. The runs of letters come in
/// order, and so do the runs of digits (the two may interleave otherwise).
///
/// Eight bytes of ASCII are read at once: a bit per byte says whether it
/// is a letter (a digit), and where the bit changes a run starts or ends.
/// Other bytes are read a character at a time.
pub fn each_run(key: &str, mut on_run: impl FnMut(Range<usize>, bool)) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let reader = Reader {
        key,
        short: &SHORT_CLASSES,
    };
    let bytes = key.as_bytes();
    // Where the run of letters (digits) being read started.
    let mut word: Option<usize> = None;
    let mut number: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let block = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
            if block & HIGH == 0 {
                let (letters, digits) = ascii_masks(block);
                word = runs_in_block(letters, word, at, &mut |run| on_run(run, false));
                number = runs_in_block(digits, number, at, &mut |run| on_run(run, true));
                at += 8;
                continue;
            }
        }
        // At least the eight bytes just looked at, a character at a time.
        let until = at + 8;
        while at < until {
            let Some((class, length)) = reader.class_at(at) else {
                break;
            };
            if class != Class::Letter
                && let Some(start) = word.take()
            {
                on_run(start..at, false);
            }
            if class != Class::Digit
                && let Some(start) = number.take()
            {
                on_run(start..at, true);
            }
            match class {
                Class::Letter => {
                    word.get_or_insert(at);
                }
                Class::Digit => {
                    number.get_or_insert(at);
                }
                Class::Space | Class::Ideograph | Class::Mark => {}
            }
            at += length;
        }
    }
    if let Some(start) = word {
        on_run(start..bytes.len(), false);
    }
    if let Some(start) = number {
        on_run(start..bytes.len(), true);
    }
}

/// The bytes of `block` (eight bytes of ASCII) that are letters, and those
/// that are digits, as the high bit of each byte.
#[inline]
fn ascii_masks(block: u64) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |byte: u8| u64::from_ne_bytes([byte; 8]);
    // No byte is above 0x7F, so no sum below carries into the next byte.
    let lower = block | ones(0x20);
    let from_a = lower.wrapping_add(ones(0x80 - b'a'));
    let past_z = lower.wrapping_add(ones(0x80 - b'z' - 1));
    let from_0 = block.wrapping_add(ones(0x80 - b'0'));
    let past_9 = block.wrapping_add(ones(0x80 - b'9' - 1));
    (from_a & !past_z & HIGH, from_0 & !past_9 & HIGH)
}

/// Reads the eight bytes from byte `at` whose membership in a kind of run
/// is `mask` (the high bit of each byte): calls `emit` with every run that
/// ends there, and gives where the run still going at the end started.
/// `open` is where the run going before them started.
#[inline]
fn runs_in_block(
    mask: u64,
    mut open: Option<usize>,
    at: usize,
    emit: &mut impl FnMut(Range<usize>),
) -> Option<usize> {
    let before = if open.is_some() { 0x80 } else { 0 };
    let mut changes = mask ^ (mask << 8 | before);
    while changes != 0 {
        let place = at + (changes.trailing_zeros() / 8) as usize;
        match open.take() {
            Some(start) => emit(start..place),
            None => open = Some(place),
        }
        changes &= changes - 1;
    }
    open
}

/// How many ASCII letters `bytes` starts with, read eight bytes at a time.
#[inline]
fn ascii_letters(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |byte: u8| u64::from_ne_bytes([byte; 8]);
    let mut count = 0;
    while let Some(chunk) = bytes.get(count..count + 8) {
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
    let rest = bytes.get(count..).unwrap_or_default();
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
    use std::ops::Range;

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

    /// The runs of [`each_run`], letters first, then digits.
    fn runs_of(key: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let (mut words, mut numbers) = (Vec::new(), Vec::new());
        each_run(key, |run, digits| {
            if digits {
                numbers.push(run);
            } else {
                words.push(run);
            }
        });
        (words, numbers)
    }

    /// The runs of letters and of digits, from the tokens.
    fn runs_of_tokens(key: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let tokens = tokenize_in_full(key);
        let letters =
            |t: &&Token| t.kind == Kind::Word && key[t.start..t.end].chars().all(is_letter);
        let words = tokens.iter().filter(letters).map(|t| t.start..t.end);
        let numbers = tokens
            .iter()
            .filter(|t| matches!(t.kind, Kind::Number { .. }));
        (words.collect(), numbers.map(|t| t.start..t.end).collect())
    }

    /// Keys of ASCII and other characters, so that blocks of eight ASCII
    /// bytes start and end anywhere in runs.
    const RUNS_KEY: &str = "([a-zA-Z]{1,12}|[0-9]{1,12}|[ .,@`\\[{/:\\n\\t-]{1,3}|[\u{0621}-\u{065F}\u{0300}é\u{00A0}\u{200C}]{1,3}|[\u{4E00}-\u{4E10}年]|[\u{0900}-\u{0970}]{1,3}){0,24}|\\PC{0,40}";

    proptest! {
        #[test]
        fn each_run_reads_the_words_and_numbers_of_the_tokens(key in RUNS_KEY) {
            prop_assert_eq!(runs_of(&key), runs_of_tokens(&key));
        }

        /// The tokens near the anchors are those of the whole key there:
        /// a run of them, in order, from `before` tokens before the first
        /// anchor's token to `after` past the last one's, taken whole.
        #[test]
        fn tokenize_near_reads_what_the_whole_key_has(
            key in RUNS_KEY,
            picks in proptest::collection::vec(proptest::num::usize::ANY, 0..4),
            before in 0usize..4,
            after in 1usize..6,
        ) {
            let all = tokenize(&key);
            let mut anchors: Vec<Range<usize>> = picks
                .iter()
                .filter(|_| !all.is_empty())
                .map(|pick| all[pick % all.len()])
                .map(|token| token.start..token.end)
                .collect();
            anchors.sort_unstable_by_key(|anchor| anchor.start);
            anchors.dedup();
            let near = tokenize_near(&key, &anchors, before, after);
            // A subsequence of the whole key's tokens.
            let mut rest = all.iter();
            for token in &near {
                prop_assert!(rest.any(|t| t == token), "{:?} not in order", token);
            }
            // Every token within reach of an anchor is there.
            for anchor in &anchors {
                let Some(index) = all.iter().position(|t| t.start == anchor.start) else {
                    continue;
                };
                let from = index.saturating_sub(before);
                let to = (index + after).min(all.len() - 1);
                for token in &all[from..=to] {
                    prop_assert!(near.contains(token), "{:?} missing", token);
                }
            }
        }

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
