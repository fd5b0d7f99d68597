//! The search of a gazetteer's matching keys in a folded text: the keys
//! that may stand on the word boundaries a name needs.
//!
//! An unanchored search of the whole text walks every byte through the
//! automaton's failure transitions and reports every key inside a longer
//! word ("us" in "business", "oman" in "woman"), only for the boundary
//! rules ([`super::starts_cleanly`], [`super::ends_cleanly`]) to throw it
//! away. Instead the text is read word by word, and the automaton is walked
//! anchored only from where a name may start, and only when the word there
//! may begin a key:
//!
//! - A name starts a word, follows one or two Arabic proclitics attached to
//!   it (وبالعراق), or starts with a character that is no word character
//!   (中国: Chinese, Japanese and Korean characters are boundaries of their
//!   own).
//! - A name that starts with a word and ends on a word boundary holds that
//!   whole word: the word is the whole key, or the key's first word with
//!   the same character after it and then the same character again, if the
//!   key goes on ("united", a space and "s" for "united states"; "u", a
//!   full stop and "s" for "u.s."). A bit set of the hashes of the keys'
//!   first words rules out most words in a few instructions, and one of
//!   the whole keys and of the first words with what follows them most of
//!   the others ("united" in "united in").
//! - Russian stems end inside a word (Росси‑ей), so Russian words are
//!   always walked.
//!
//! So every key that can end up a hit is found, in the order of the
//! unanchored search, and few others.

use super::trie::{Trie, TrieBuilder};
use super::{PROCLITIC_CHAINS, is_arabic, is_word_char};

/// A key found in a text: byte offsets in the folded text and the index of
/// the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct KeyMatch {
    pub end: usize,
    pub start: usize,
    pub key: usize,
}

/// The keys in one trie, with what rules out most start positions before
/// the trie is walked.
#[derive(Debug, Clone)]
pub(super) struct KeySearch {
    trie: Trie,
    /// Bit set of the hashes of the keys' first words, of the keys of one
    /// word, and of the first words of the other keys with the two
    /// characters after them (see [`FirstWord`]).
    first_words: Box<FirstWordBits>,
    /// What the scan does at each byte that starts a character.
    classes: [ByteClass; 256],
    /// First bytes of the keys that start with no word character.
    unworded_first_bytes: [bool; 256],
}

/// The bits of [`KeySearch::first_words`]: a fixed size, so that a hash
/// indexes it without a bounds check.
type FirstWordBits = [u64; 1 << (FIRST_WORD_HASH_BITS - 6)];

/// What [`KeySearch::matches`] does at a byte that starts a character, so
/// that one lookup sends most bytes on their way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// An ASCII byte that is no word character and starts no key: passed.
    Skip,
    /// An ASCII letter or digit: a word starts there.
    Word,
    /// An ASCII byte that is no word character but starts a key.
    Unworded,
    /// The first byte of a character outside ASCII.
    Other,
}

/// Bits of a first word's hash: a 512 KiB bit set, sparse enough for the
/// some 60,000 hashes of the keys that other words seldom collide with
/// them.
const FIRST_WORD_HASH_BITS: u32 = 22;

/// The ASCII bytes that make up words (letters and digits).
const ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// A [`KeySearch`] as its keys are added.
#[derive(Debug, Clone)]
pub(super) struct KeySearchBuilder {
    trie: TrieBuilder,
    first_words: Vec<u64>,
    unworded_first_bytes: [bool; 256],
}

impl KeySearchBuilder {
    pub fn new() -> KeySearchBuilder {
        KeySearchBuilder {
            trie: TrieBuilder::default(),
            first_words: vec![0; 1 << (FIRST_WORD_HASH_BITS - 6)],
            unworded_first_bytes: [false; 256],
        }
    }

    /// The index of `key`: the number of different keys added before it
    /// was first added.
    pub fn add(&mut self, key: &str) -> usize {
        let (index, new) = self.trie.add(key.as_bytes());
        if new {
            self.add_first_word(key);
        }
        index
    }

    fn add_first_word(&mut self, key: &str) {
        let end = word_end(key, 0);
        if end == 0 {
            if let Some(&first) = key.as_bytes().first() {
                self.unworded_first_bytes[usize::from(first)] = true;
            }
            return;
        }
        let word = FirstWord::of(key.as_bytes(), 0, end);
        set_bit(&mut self.first_words, word.first());
        let hash = match char_at(key, end) {
            None => word.whole(),
            Some(after) => word.followed(after, char_at(key, end + after.len_utf8())),
        };
        set_bit(&mut self.first_words, hash);
    }

    pub fn build(self) -> KeySearch {
        let mut first_words = Box::new([0; 1 << (FIRST_WORD_HASH_BITS - 6)]);
        first_words.copy_from_slice(&self.first_words);
        KeySearch {
            trie: self.trie.build(),
            first_words,
            classes: std::array::from_fn(|byte| {
                if ASCII_WORD_BYTES[byte] {
                    ByteClass::Word
                } else if byte >= 0x80 {
                    ByteClass::Other
                } else if self.unworded_first_bytes[byte] {
                    ByteClass::Unworded
                } else {
                    ByteClass::Skip
                }
            }),
            unworded_first_bytes: self.unworded_first_bytes,
        }
    }
}

impl KeySearch {
    /// The keys in `text` (a folded key) that may start and end where a
    /// name can (see the module docs), ordered by end, then start: the
    /// order of an unanchored overlapping search.
    #[inline(never)]
    pub fn matches(&self, text: &str) -> Vec<KeyMatch> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            match self.classes[usize::from(byte)] {
                ByteClass::Skip => at += 1,
                ByteClass::Word => {
                    let (end, word) = ascii_word_at(text, at);
                    if self.may_begin_a_key(text, end, &word) {
                        self.walk(bytes, at, &mut found);
                    }
                    at = end;
                }
                ByteClass::Unworded => {
                    self.walk(bytes, at, &mut found);
                    at += 1;
                }
                ByteClass::Other => at = self.outside_ascii(text, at, &mut found),
            }
        }
        found.sort_unstable();
        found
    }

    /// Walks the trie from the character outside ASCII at byte `at` of
    /// `text`, and from the word it starts, where a key may start there;
    /// where the scan goes on.
    #[inline(never)]
    fn outside_ascii(&self, text: &str, at: usize, found: &mut Vec<KeyMatch>) -> usize {
        let bytes = text.as_bytes();
        let c = char_at(text, at).unwrap_or(' ');
        if !is_word_char(c) {
            if self.unworded_first_bytes[usize::from(bytes[at])] {
                self.walk(bytes, at, found);
            }
            return at + c.len_utf8();
        }
        let end = word_end(text, at);
        self.walk_word(text, at, end, found);
        if is_arabic(c) {
            for after in after_proclitics(text, at, end) {
                self.walk_word(text, after, end, found);
            }
        }
        end.max(at + 1)
    }

    /// Walks the trie from the word `text[start..end]` if it may be a key's
    /// first word.
    #[inline]
    fn walk_word(&self, text: &str, start: usize, end: usize, found: &mut Vec<KeyMatch>) {
        let bytes = text.as_bytes();
        if is_russian(bytes.get(start).copied())
            || self.may_begin_a_key(text, end, &FirstWord::of(bytes, start, end))
        {
            self.walk(bytes, start, found);
        }
    }

    /// Whether `word`, which ends at byte `end` of `text`, may be the first
    /// word of a key that ends on a word boundary (see the module docs).
    #[inline(always)]
    fn may_begin_a_key(&self, text: &str, end: usize, word: &FirstWord) -> bool {
        // Most words begin no key: their one test is made here, the others
        // out of line.
        self.knows(word.first()) && self.may_be_a_key_or_go_on(text, end, word)
    }

    /// Whether `word`, some key's first word, is a key or goes on into one
    /// (the second test of [`KeySearch::may_begin_a_key`]).
    #[inline(never)]
    fn may_be_a_key_or_go_on(&self, text: &str, end: usize, word: &FirstWord) -> bool {
        self.knows(word.whole())
            || char_at(text, end).is_some_and(|after| {
                let next = char_at(text, end + after.len_utf8());
                self.knows(word.followed(after, None))
                    || next.is_some_and(|next| self.knows(word.followed(after, Some(next))))
            })
    }

    /// Whether the bit of `hash` is set in [`KeySearch::first_words`].
    #[inline(always)]
    fn knows(&self, hash: usize) -> bool {
        let bits = &self.first_words;
        bits[(hash / 64) % bits.len()] & (1 << (hash % 64)) != 0
    }

    /// The keys that start at byte `start` of `bytes`.
    #[inline(never)]
    fn walk(&self, bytes: &[u8], start: usize, found: &mut Vec<KeyMatch>) {
        self.trie.walk(bytes, start, |end, key| {
            found.push(KeyMatch { end, start, key })
        });
    }

    /// Every key, in order of index, for tests that search them unanchored.
    #[cfg(test)]
    pub fn keys(&self) -> Vec<Vec<u8>> {
        self.trie.keys()
    }
}

/// The offsets in the word `text[start..end]` right after one or two
/// attached proclitics, where an Arabic letter follows.
fn after_proclitics(text: &str, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    PROCLITIC_CHAINS.iter().filter_map(move |chain| {
        // Arabic letters only, so the chain is the whole run before `after`.
        let after = start + chain.len();
        let attached = after < end
            && text.get(start..after) == Some(*chain)
            && char_at(text, after).is_some_and(is_arabic);
        attached.then_some(after)
    })
}

/// Where the word that starts at byte `start` of `text` ends.
#[inline]
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    loop {
        // Most words are ASCII: step over those bytes without decoding.
        while at < bytes.len() && ASCII_WORD_BYTES[usize::from(bytes[at])] {
            at += 1;
        }
        match bytes.get(at) {
            Some(byte) if !byte.is_ascii() => {}
            _ => return at,
        }
        match char_at(text, at) {
            Some(c) if is_word_char(c) => at += c.len_utf8(),
            _ => return at,
        }
    }
}

/// Where the word that starts with an ASCII letter or digit at byte
/// `start` of `text` ends, and the word as a [`FirstWord`]. Its ASCII
/// letters and digits are counted eight bytes at a time; most words are
/// shorter and read from a single load.
#[inline]
fn ascii_word_at(text: &str, start: usize) -> (usize, FirstWord) {
    let bytes = text.as_bytes();
    let mut end = start;
    while let Some(eight) = bytes.get(end..).and_then(<[u8]>::first_chunk::<8>) {
        let chunk = u64::from_le_bytes(*eight);
        let length = leading_ascii_word_bytes(chunk);
        if length == 8 {
            end += 8;
            continue;
        }
        // The word ends there unless a letter outside ASCII goes on with it.
        if end == start && eight.get(length).is_some_and(u8::is_ascii) {
            return (start + length, FirstWord::of_chunk(chunk, length));
        }
        end += length;
        break;
    }
    let end = word_end(text, end);
    (end, FirstWord::of(bytes, start, end))
}

/// How many of the eight bytes of `chunk` (the first one lowest) are ASCII
/// letters or digits before the first that is not, by comparing all eight
/// at once.
#[inline]
fn leading_ascii_word_bytes(chunk: u64) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // Each byte's low seven bits: sums of two of them carry into no other byte.
    let low = chunk & !HIGH;
    // The high bit of each byte whose low bits are in `first..=last`.
    let within = |bits: u64, first: u8, last: u8| {
        let at_least_first = bits + ONES * u64::from(0x80 - first);
        let above_last = bits + ONES * u64::from(0x7F - last);
        at_least_first & !above_last
    };
    // Letters of either case, with the case bit set.
    let letters = within(low | (ONES * 0x20), b'a', b'z');
    let digits = within(low, b'0', b'9');
    let word_bytes = (letters | digits) & !chunk & HIGH;
    ((!word_bytes & HIGH).trailing_zeros() / 8) as usize
}

/// The character at byte `at` of `text`, if any.
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        Some(_) => text.get(at..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// A word starting with a Cyrillic lower-case letter а to я: Russian
/// stems match inside such words.
fn is_russian(first_byte: Option<u8>) -> bool {
    matches!(first_byte, Some(0xD0 | 0xD1))
}

/// A word's bytes mixed into one number, to be hashed as a key's first
/// word.
struct FirstWord(u64);

impl FirstWord {
    const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

    fn of(bytes: &[u8], start: usize, end: usize) -> FirstWord {
        let length = end.saturating_sub(start);
        let mut mixed = length as u64;
        // Most words: eight bytes or fewer, with eight to read.
        if let (1..=8, Some(eight)) = (
            length,
            bytes.get(start..).and_then(<[u8]>::first_chunk::<8>),
        ) {
            return FirstWord::of_chunk(u64::from_le_bytes(*eight), length);
        }
        let mut at = start;
        while at < end {
            let length = (end - at).min(8);
            mixed =
                (mixed.rotate_left(29) ^ load(bytes, at, length)).wrapping_mul(Self::MULTIPLIER);
            at += length;
        }
        FirstWord(mixed)
    }

    /// The word of the first `length` bytes (one to eight) of `chunk`.
    #[inline]
    fn of_chunk(chunk: u64, length: usize) -> FirstWord {
        let word = chunk & (u64::MAX >> (64 - 8 * length.clamp(1, 8)));
        FirstWord(((length as u64).rotate_left(29) ^ word).wrapping_mul(Self::MULTIPLIER))
    }

    /// The hash of the word as some key's first word.
    fn first(&self) -> usize {
        Self::bits(self.0)
    }

    /// The hash of a key made of this one word.
    fn whole(&self) -> usize {
        Self::bits(self.0 ^ Self::MULTIPLIER)
    }

    /// The hash of a longer key whose first word this is, followed by
    /// `after` and then by `next` (`None`: the key ends with `after`).
    fn followed(&self, after: char, next: Option<char>) -> usize {
        let next = next.map_or(0, |c| u64::from(c) + 1);
        let characters = (u64::from(after) + 1) << 32 | next;
        Self::bits(self.0 ^ characters.wrapping_mul(Self::MULTIPLIER).rotate_left(17))
    }

    fn bits(mixed: u64) -> usize {
        (mixed.wrapping_mul(Self::MULTIPLIER) >> (64 - FIRST_WORD_HASH_BITS)) as usize
    }
}

/// The `length` bytes (one to eight) of `bytes` from `start`, the first
/// one lowest.
fn load(bytes: &[u8], start: usize, length: usize) -> u64 {
    let mask = u64::MAX >> (64 - 8 * length.clamp(1, 8));
    match bytes.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        Some(eight) => u64::from_le_bytes(*eight) & mask,
        None => bytes
            .get(start..start + length)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |value, &byte| value << 8 | u64::from(byte)),
    }
}

fn set_bit(bits: &mut [u64], at: usize) {
    if let Some(word) = bits.get_mut(at / 64) {
        *word |= 1 << (at % 64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn eight_bytes_at_once_count_as_one_by_one(chunk in any::<u64>()) {
            let one_by_one = chunk
                .to_le_bytes()
                .iter()
                .take_while(|&&byte| ASCII_WORD_BYTES[usize::from(byte)])
                .count();
            prop_assert_eq!(leading_ascii_word_bytes(chunk), one_by_one);
        }

        #[test]
        fn ascii_words_end_and_hash_as_any_word(
            text in "[a-zA-Z0-9]{1,12}(\\PC|[ .,'a-z0-9éаяالع中]){0,12}",
        ) {
            let (end, word) = ascii_word_at(&text, 0);
            let expected_end = word_end(&text, 0);
            prop_assert_eq!(end, expected_end);
            prop_assert_eq!(word.0, FirstWord::of(text.as_bytes(), 0, expected_end).0);
        }
    }
}
