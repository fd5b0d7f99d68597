//! A text as whatlang reads it: lowercased, its stop characters (ASCII
//! spaces, digits, punctuation and symbols) read as spaces; its letters
//! counted, and its trigrams ranked by frequency.
//!
//! whatlang counts the trigrams in a hash map and sorts them by count. Here
//! each distinct character is numbered by its place among the text's
//! characters in order, so a trigram is a number below K³ (K distinct
//! characters, some 50 in a statement) that orders as the trigram does: a
//! radix sort of those numbers puts equal trigrams side by side and in
//! order, one pass counts them, and a counting sort by count ranks them.

use std::collections::HashMap;
use std::iter;

use super::profiles::{TrigramHashing, TrigramKey, trigram_key};

/// The text, read.
#[derive(Debug)]
pub struct Reading {
    /// Its distinct characters, sorted; a space is always one.
    chars: Vec<char>,
    /// The text, each character as its place in `chars`.
    text: Vec<u32>,
    /// The place of the space in `chars`.
    space: u32,
}

/// whatlang's `is_stop_char`: ASCII spaces, punctuation, digits and
/// symbols, which count for nothing.
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// At most this many of the text's trigrams, the most frequent, are
/// ranked (whatlang's `TEXT_TRIGRAMS_SIZE`).
const TEXT_TRIGRAMS: usize = 600;

impl Reading {
    pub fn new(text: &str) -> Reading {
        let mut numbers = CharNumbers::default();
        numbers.number(' ');
        let mut read = Vec::with_capacity(text.len());
        for_each_lowercase(text, |c| {
            read.push(numbers.number(if is_stop_char(c) { ' ' } else { c }));
        });
        let (chars, place_of) = numbers.sorted();
        for number in &mut read {
            *number = place_of[*number as usize];
        }
        Reading {
            space: place_of[0],
            chars,
            text: read,
        }
    }

    /// Each distinct character but the space, with how often it occurs.
    pub fn letter_counts(&self) -> impl Iterator<Item = (char, usize)> {
        let mut counts = vec![0usize; self.chars.len()];
        for &place in &self.text {
            counts[place as usize] += 1;
        }
        (self.chars.iter().copied().zip(counts)).filter(|&(c, _)| c != ' ')
    }

    /// The text's distinct trigrams, most frequent first (ties: the greater
    /// trigram first), at most [`TEXT_TRIGRAMS`]; whatlang's
    /// `get_trigrams_with_positions`. The text is framed by spaces; a
    /// trigram centred on a space that has a space beside it is skipped.
    pub fn ranked_trigrams(&self) -> Vec<TrigramKey> {
        // A trigram is its three places as digits in base K, the first
        // highest.
        let base = self.chars.len() as u64;
        let space = self.space;
        let mut framed = self.text.iter().copied().chain(iter::once(space));
        let (mut first, mut second) = (space, framed.next().unwrap_or(space));
        let mut trigrams = Vec::with_capacity(self.text.len() + 1);
        for third in framed {
            if !(second == space && (first == space || third == space)) {
                let number = (u64::from(first) * base + u64::from(second)) * base;
                trigrams.push(number + u64::from(third));
            }
            (first, second) = (second, third);
        }
        sort_below(&mut trigrams, base.saturating_pow(3));
        let mut distinct: Vec<(u32, u64)> = Vec::with_capacity(trigrams.len());
        for &trigram in trigrams.iter().rev() {
            match distinct.last_mut() {
                Some((count, last)) if *last == trigram => *count += 1,
                _ => distinct.push((1, trigram)),
            }
        }
        let char_at = |place: u64| self.chars[place as usize];
        by_frequency(&distinct)
            .into_iter()
            .map(|n| {
                trigram_key(
                    char_at(n / base / base),
                    char_at(n / base % base),
                    char_at(n % base),
                )
            })
            .collect()
    }
}

/// Calls `push` with each character of `text.to_lowercase()`, without
/// making the string.
fn for_each_lowercase(text: &str, mut push: impl FnMut(char)) {
    if text.contains('Σ') {
        // The one character `str::to_lowercase` lowercases by its context
        // (to a final ς at the end of a word).
        text.to_lowercase().chars().for_each(push);
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
}

/// Numbers a text's distinct characters in the order they first occur.
#[derive(Debug)]
struct CharNumbers {
    ascii: [Option<u32>; 128],
    others: HashMap<char, u32, TrigramHashing>,
    chars: Vec<char>,
}

impl Default for CharNumbers {
    fn default() -> CharNumbers {
        CharNumbers {
            ascii: [None; 128],
            others: HashMap::default(),
            chars: Vec::new(),
        }
    }
}

impl CharNumbers {
    fn number(&mut self, c: char) -> u32 {
        let next = self.chars.len() as u32;
        let number = match self.ascii.get_mut(c as usize) {
            Some(slot) => *slot.get_or_insert(next),
            None => *self.others.entry(c).or_insert(next),
        };
        if number == next {
            self.chars.push(c);
        }
        number
    }

    /// The characters, sorted, and each number's place among them.
    fn sorted(self) -> (Vec<char>, Vec<u32>) {
        let mut chars = self.chars;
        let mut numbers: Vec<u32> = (0..chars.len() as u32).collect();
        numbers.sort_unstable_by_key(|&number| chars[number as usize]);
        let mut place_of = vec![0; chars.len()];
        for (place, &number) in (0u32..).zip(&numbers) {
            place_of[number as usize] = place;
        }
        chars.sort_unstable();
        (chars, place_of)
    }
}

/// Sorts `numbers`, all below `bound`: by radix, a digit of up to
/// [`DIGIT_BITS`] bits a pass, when that takes at most three passes (a
/// statement's trigrams take two), else by comparison.
fn sort_below(numbers: &mut Vec<u64>, bound: u64) {
    let bits = u64::BITS - bound.saturating_sub(1).leading_zeros();
    let passes = bits.div_ceil(DIGIT_BITS);
    if passes > 3 {
        numbers.sort_unstable();
        return;
    }
    let digit_bits = bits.div_ceil(passes.max(1));
    let mask = (1usize << digit_bits) - 1;
    let mut sorted = vec![0; numbers.len()];
    let mut starts = vec![0usize; mask + 1];
    for pass in 0..passes {
        let shift = pass * digit_bits;
        let digit = |number: u64| (number >> shift) as usize & mask;
        starts.fill(0);
        for &number in numbers.iter() {
            starts[digit(number)] += 1;
        }
        let mut place = 0;
        for start in &mut starts {
            (*start, place) = (place, place + *start);
        }
        for &number in numbers.iter() {
            let start = &mut starts[digit(number)];
            sorted[*start] = number;
            *start += 1;
        }
        std::mem::swap(numbers, &mut sorted);
    }
}

/// The widest digit [`sort_below`] sorts by in one pass.
const DIGIT_BITS: u32 = 11;

/// The first [`TEXT_TRIGRAMS`] of `distinct`'s trigrams by count, greatest
/// first, in their order in `distinct` among equal counts (a counting sort).
fn by_frequency(distinct: &[(u32, u64)]) -> Vec<u64> {
    let most = distinct.iter().map(|&(count, _)| count).max().unwrap_or(0) as usize;
    // Where each count's trigrams start, greatest count first.
    let mut starts = vec![0usize; most + 1];
    for &(count, _) in distinct {
        starts[count as usize] += 1;
    }
    let mut place = 0;
    for start in starts.iter_mut().rev() {
        (*start, place) = (place, place + *start);
    }
    let mut ranked = vec![0; distinct.len().min(TEXT_TRIGRAMS)];
    for &(count, trigram) in distinct {
        let start = &mut starts[count as usize];
        if let Some(rank) = ranked.get_mut(*start) {
            *rank = trigram;
        }
        *start += 1;
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// whatlang's way: count in a map, sort by (count, trigram), greatest
    /// first, keep 600.
    fn ranked_by_sorting(text: &str) -> Vec<TrigramKey> {
        let lowercase = text.to_lowercase();
        let chars: Vec<char> = (lowercase.chars())
            .map(|c| if is_stop_char(c) { ' ' } else { c })
            .collect();
        let framed: Vec<char> = iter::once(' ')
            .chain(chars)
            .chain(iter::once(' '))
            .collect();
        let mut counts: HashMap<TrigramKey, u32> = HashMap::new();
        for window in framed.windows(3) {
            let [first, second, third] = [window[0], window[1], window[2]];
            if !(second == ' ' && (first == ' ' || third == ' ')) {
                *counts.entry(trigram_key(first, second, third)).or_insert(0) += 1;
            }
        }
        let mut by_count: Vec<(u32, TrigramKey)> =
            counts.into_iter().map(|(k, n)| (n, k)).collect();
        by_count.sort_unstable_by(|a, b| b.cmp(a));
        by_count.truncate(TEXT_TRIGRAMS);
        by_count.into_iter().map(|(_, key)| key).collect()
    }

    #[test]
    fn lowercases_as_str_to_lowercase_does() {
        for c in ('\0'..=char::MAX).filter(|&c| c != 'Σ') {
            let mut lowered = String::new();
            for_each_lowercase(&c.to_string(), |c| lowered.push(c));
            assert_eq!(lowered, c.to_string().to_lowercase(), "{c:?}");
        }
        let mut lowered = String::new();
        for_each_lowercase("ΟΔΟΣ ΣΑΣ Σ", |c| lowered.push(c));
        assert_eq!(lowered, "οδος σας σ");
    }

    #[test]
    fn counts_the_letters_read() {
        let reading = Reading::new("Aa, B-b 1 Éé");
        let counts: Vec<(char, usize)> = reading.letter_counts().collect();
        assert_eq!(counts, [('a', 2), ('b', 2), ('é', 2)]);
        assert_eq!(Reading::new("").letter_counts().count(), 0);
    }

    #[test]
    fn sorts_by_radix_and_by_comparison() {
        let mut numbers: Vec<u64> = (0..5000u64).map(|n| n * 7919 % 4099).collect();
        let mut expected = numbers.clone();
        expected.sort_unstable();
        sort_below(&mut numbers, 4099);
        assert_eq!(numbers, expected);
        let mut large: Vec<u64> = (0..100u64).map(|n| (n * 7919) << 40).rev().collect();
        sort_below(&mut large, u64::MAX);
        assert!(large.is_sorted());
    }

    #[test]
    fn ranks_short_and_empty_texts() {
        for text in ["", " ", "a", "ab", "a b", "..", "aaa aaa", "Σ", "ΟΔΟΣ"] {
            assert_eq!(
                Reading::new(text).ranked_trigrams(),
                ranked_by_sorting(text),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Few characters (many repeats and ties) and many (keys past the
        /// radix sort's reach).
        #[test]
        fn ranks_trigrams_as_whatlang_does(
            text in prop_oneof![
                "[a-dA-D .,1é’]{0,400}",
                prop::collection::vec(any::<char>(), 0..3000)
                    .prop_map(|chars| chars.into_iter().collect::<String>()),
            ]
        ) {
            prop_assert_eq!(Reading::new(&text).ranked_trigrams(), ranked_by_sorting(&text));
        }
    }
}
