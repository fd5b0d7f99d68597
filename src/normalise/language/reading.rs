//! A text as whatlang reads it, in one pass over its characters: the
//! letters counted by script (whatlang's `detect_script`); the text
//! lowercased, its stop characters (ASCII spaces, digits, punctuation and
//! symbols) read as spaces; its letters counted, and its trigrams ranked by
//! frequency.
//!
//! Each distinct character read gets a number (an id) as it first occurs;
//! what a character of the text reads as (its script, its lowercase ids) is
//! worked out once per distinct character, and the text is kept as ids.
//! To rank the trigrams, the ids are renumbered by their places among the
//! text's characters in order, so that a trigram of places, as a number,
//! orders as whatlang's `Trigram` does: the trigrams are counted in a table
//! indexed by those numbers and ranked by a counting sort, without sorting
//! ([`super::counts`]). A text of more than 128 distinct characters has all
//! its trigrams sorted, then counted.

use whatlang::Script;

use super::counts;
use super::profiles::{TrigramKey, trigram_key};
use super::scripts::{self, LATIN, ScriptClass, ScriptCounts};
use super::table::KeyTable;
use crate::text;

/// The text, read.
#[derive(Debug)]
pub struct Reading {
    /// Its distinct characters, by id; the space is id [`SPACE`].
    chars: Vec<char>,
    /// The lowercased text, as ids.
    ids: Vec<u32>,
    /// Its letters by script.
    scripts: ScriptCounts,
}

/// whatlang's `is_stop_char`: ASCII spaces, punctuation, digits and
/// symbols, which count for nothing.
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// At most this many of the text's trigrams, the most frequent, are
/// ranked (whatlang's `TEXT_TRIGRAMS_SIZE`).
const TEXT_TRIGRAMS: usize = 600;

/// The id of the space, which stop characters read as.
const SPACE: u32 = 0;

impl Reading {
    pub fn new(text: &str) -> Reading {
        let mut reader = Reader::new(text.len());
        if text.contains('Σ') {
            // The one character `str::to_lowercase` lowercases by its
            // context (to a final ς at the end of a word).
            text.chars().for_each(|c| reader.scripts.add_char(c));
            for c in text.to_lowercase().chars() {
                let id = reader.id_of(c);
                reader.ids.push(id);
            }
        } else {
            reader.read_text(text);
        }
        Reading {
            chars: reader.chars,
            ids: reader.ids,
            scripts: reader.scripts,
        }
    }

    /// whatlang's `detect_script` of the text.
    pub fn script(&self) -> Option<Script> {
        self.scripts.main_script()
    }

    /// Each distinct character but the space, with how often it occurs.
    pub fn letter_counts(&self) -> impl Iterator<Item = (char, usize)> {
        let mut occurrences = vec![0usize; self.chars.len()];
        for &id in &self.ids {
            occurrences[id as usize] += 1;
        }
        (self.chars.iter().copied()).zip(occurrences).skip(1)
    }

    /// The text's distinct trigrams, most frequent first (ties: the greater
    /// trigram first), at most [`TEXT_TRIGRAMS`]; whatlang's
    /// `get_trigrams_with_positions`. The text is framed by spaces; a
    /// trigram centred on a space that has a space beside it is skipped.
    pub fn ranked_trigrams(self) -> Vec<TrigramKey> {
        let Reading { chars, ids, .. } = self;
        // The ids by character, and each id's place among them.
        let mut by_place: Vec<u32> = (0..chars.len() as u32).collect();
        by_place.sort_unstable_by_key(|&id| chars[id as usize]);
        let mut place_of = vec![0u32; chars.len()];
        for (place, &id) in (0u32..).zip(&by_place) {
            place_of[id as usize] = place;
        }
        // A trigram as the number of its places, a digit of `bits` bits
        // each, the first highest: numbers order as trigrams do.
        let bits = (u32::BITS - (chars.len() as u32 - 1).leading_zeros()).max(1);
        let space = place_of[SPACE as usize];
        let char_of_place: Vec<char> = by_place.iter().map(|&id| chars[id as usize]).collect();
        if chars.len() <= counts::MAX_PLACES && ids.len() < counts::MAX_TRIGRAMS {
            let bits = bits.max(counts::MIN_BITS);
            let places = ids.iter().map(|&id| place_of[id as usize]);
            let ranked = counts::ranked(places, space, bits, TEXT_TRIGRAMS);
            trigram_keys(ranked.into_iter().map(u64::from), bits, &char_of_place)
        } else {
            let ranked = by_frequency(&sorted_by_comparison(&ids, &place_of, bits));
            trigram_keys(ranked.into_iter(), bits, &char_of_place)
        }
    }
}

/// The keys of `trigrams`, numbers of three places of `bits` bits;
/// `char_of_place` has the characters by place.
fn trigram_keys(
    trigrams: impl Iterator<Item = u64>,
    bits: u32,
    char_of_place: &[char],
) -> Vec<TrigramKey> {
    let digit = (1u64 << bits) - 1;
    let char_at = |trigram: u64, shift: u32| {
        let place = ((trigram >> shift) & digit) as usize;
        // Every place of a trigram has its character.
        char_of_place.get(place).copied().unwrap_or(' ')
    };
    (trigrams)
        .map(|trigram| {
            trigram_key(
                char_at(trigram, 2 * bits),
                char_at(trigram, bits),
                char_at(trigram, 0),
            )
        })
        .collect()
}

/// Calls `each` with the places of each trigram of the text, framed by
/// spaces, but those centred on a space with a space beside it.
fn for_each_trigram(ids: &[u32], place_of: &[u32], mut each: impl FnMut(u32, u32, u32)) {
    let space = place_of[SPACE as usize];
    let (mut first, mut second) = (space, space);
    for third in (ids.iter().map(|&id| place_of[id as usize])).chain([space]) {
        if !(second == space && (first == space || third == space)) {
            each(first, second, third);
        }
        (first, second) = (second, third);
    }
}

/// The trigrams as numbers of `bits`-bit digits, sorted by comparison.
fn sorted_by_comparison(ids: &[u32], place_of: &[u32], bits: u32) -> Vec<u64> {
    let mut numbers = Vec::with_capacity(ids.len());
    for_each_trigram(ids, place_of, |first, second, third| {
        let [first, second, third] = [first, second, third].map(u64::from);
        numbers.push((first << (2 * bits)) | (second << bits) | third);
    });
    numbers.sort_unstable();
    numbers
}

/// The first [`TEXT_TRIGRAMS`] distinct trigrams of the sorted `trigrams`
/// by count, greatest first, the greater trigram first among equal counts
/// (a counting sort).
fn by_frequency<T: Copy + Default + PartialEq>(trigrams: &[T]) -> Vec<T> {
    // The distinct trigrams, greatest first, with their counts.
    let mut distinct: Vec<(u32, T)> = Vec::with_capacity(trigrams.len());
    for &trigram in trigrams.iter().rev() {
        match distinct.last_mut() {
            Some((count, last)) if *last == trigram => *count += 1,
            _ => distinct.push((1, trigram)),
        }
    }
    let most = distinct.iter().map(|&(count, _)| count).max().unwrap_or(0) as usize;
    // Where each count's trigrams start, greatest count first.
    let mut starts = vec![0usize; most + 1];
    for &(count, _) in &distinct {
        starts[count as usize] += 1;
    }
    let mut place = 0;
    for start in starts.iter_mut().rev() {
        (*start, place) = (place, place + *start);
    }
    let mut ranked = vec![T::default(); distinct.len().min(TEXT_TRIGRAMS)];
    for &(count, trigram) in &distinct {
        let start = &mut starts[count as usize];
        if let Some(rank) = ranked.get_mut(*start) {
            *rank = trigram;
        }
        *start += 1;
    }
    ranked
}

/// What a character of the text (not ASCII) reads as.
#[derive(Debug, Clone, Copy)]
struct CharReading {
    /// The script whatlang counts it in.
    script: Option<ScriptClass>,
    /// Its lowercase, as ids: `Reader::lowercase_ids[start..end]`.
    start: u32,
    end: u32,
}

/// Reads a text into a [`Reading`].
struct Reader {
    chars: Vec<char>,
    ids: Vec<u32>,
    scripts: ScriptCounts,
    /// For an ASCII character, the id it reads as ([`UNSEEN`] until seen).
    ascii_ids: [u32; 128],
    /// For an Arabic letter (U+0600 to U+06FF), its place in
    /// `char_readings` ([`UNSEEN`] until seen): the common case, looked up
    /// directly.
    arabic_readings: [u32; 256],
    /// For another character of the text, its place in `char_readings`.
    char_readings_of: KeyTable,
    char_readings: Vec<CharReading>,
    lowercase_ids: Vec<u32>,
    /// For a character of the lowercased text but ASCII, its id.
    lowercase_ids_of: KeyTable,
}

/// An ASCII character or Arabic letter not met yet.
const UNSEEN: u32 = u32::MAX;

/// The first character of `Reader::arabic_readings`.
const ARABIC_BLOCK: u32 = 0x0600;

impl Reader {
    /// A reader for a text of `bytes` bytes.
    fn new(bytes: usize) -> Reader {
        Reader {
            chars: vec![' '],
            ids: Vec::with_capacity(bytes),
            scripts: ScriptCounts::default(),
            ascii_ids: [UNSEEN; 128],
            arabic_readings: [UNSEEN; 256],
            char_readings_of: KeyTable::with_capacity(32),
            char_readings: Vec::new(),
            lowercase_ids: Vec::new(),
            lowercase_ids_of: KeyTable::with_capacity(32),
        }
    }

    /// Reads the text: its runs of ASCII characters a run at a time, and
    /// the characters between them one by one.
    fn read_text(&mut self, text: &str) {
        if text.is_ascii() {
            // Most texts: one run.
            self.read_ascii(text.as_bytes());
            return;
        }
        let mut rest = text;
        loop {
            let ascii = text::ascii_prefix_len(rest.as_bytes());
            let (run, others) = rest.split_at(ascii);
            self.read_ascii(run.as_bytes());
            let mut chars = others.chars();
            let Some(c) = chars.next() else {
                return;
            };
            self.read_other(c);
            rest = chars.as_str();
        }
    }

    /// Reads a run of ASCII characters: their letters count for Latin (as
    /// many single letters in a row do), and each reads as its id.
    fn read_ascii(&mut self, run: &[u8]) {
        let Reader {
            chars,
            ids,
            ascii_ids,
            ..
        } = self;
        ids.extend(run.iter().map(|&b| {
            let id = ascii_ids[usize::from(b & 0x7F)];
            if id != UNSEEN {
                id
            } else {
                ascii_id(ascii_ids, chars, char::from(b))
            }
        }));
        // Counted in bytes, 255 letters at most per count: the counts of
        // bytes are summed many at a time.
        let letters = (run.chunks(usize::from(u8::MAX)))
            .map(|chunk| {
                let letters = chunk.iter().map(|b| u8::from(b.is_ascii_alphabetic()));
                usize::from(letters.fold(0u8, u8::wrapping_add))
            })
            .sum();
        self.scripts.add_run(LATIN, letters);
    }

    /// Reads a character of the text but ASCII.
    #[inline]
    fn read_other(&mut self, c: char) {
        let place = self.char_reading(c);
        let CharReading { script, start, end } = self.char_readings[place as usize];
        if let Some(class) = script {
            self.scripts.add(class);
        }
        for at in start..end {
            let id = self.lowercase_ids[at as usize];
            self.ids.push(id);
        }
    }

    /// The place of `c`'s reading in `char_readings`, worked out if it is
    /// new.
    #[inline]
    fn char_reading(&mut self, c: char) -> u32 {
        let next = self.char_readings.len() as u32;
        let code = u32::from(c);
        let place = if (ARABIC_BLOCK..ARABIC_BLOCK + 256).contains(&code) {
            let slot = &mut self.arabic_readings[(code - ARABIC_BLOCK) as usize];
            if *slot != UNSEEN {
                return *slot;
            }
            *slot = next;
            next
        } else {
            self.char_readings_of.get_or_insert(u64::from(code), next)
        };
        if place == next {
            let reading = self.new_reading(c);
            self.char_readings.push(reading);
        }
        place
    }

    fn new_reading(&mut self, c: char) -> CharReading {
        let start = self.lowercase_ids.len() as u32;
        for lower in c.to_lowercase() {
            let id = self.id_of(lower);
            self.lowercase_ids.push(id);
        }
        CharReading {
            script: scripts::class_of(c),
            start,
            end: self.lowercase_ids.len() as u32,
        }
    }

    /// The id of `c`, a character of the lowercased text.
    fn id_of(&mut self, c: char) -> u32 {
        if c.is_ascii() {
            return ascii_id(&mut self.ascii_ids, &mut self.chars, c);
        }
        let next = self.chars.len() as u32;
        let id = self.lowercase_ids_of.get_or_insert(u64::from(c), next);
        if id == next {
            new_id(&mut self.chars, c);
        }
        id
    }
}

/// The id an ASCII character reads as: its lowercase's, the space's for a
/// stop character; `ascii_ids` holds those known, `chars` the characters
/// by id.
fn ascii_id(ascii_ids: &mut [u32; 128], chars: &mut Vec<char>, c: char) -> u32 {
    let known = ascii_ids[c as usize % 128];
    if known != UNSEEN {
        return known;
    }
    let lower = c.to_ascii_lowercase();
    let id = if is_stop_char(lower) {
        SPACE
    } else if lower != c {
        ascii_id(ascii_ids, chars, lower)
    } else {
        new_id(chars, c)
    };
    ascii_ids[c as usize % 128] = id;
    id
}

/// A new id, for `c`.
fn new_id(chars: &mut Vec<char>, c: char) -> u32 {
    let id = chars.len() as u32;
    chars.push(c);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use std::iter;

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

    /// The letters of `text.to_lowercase()`, stop characters left out, and
    /// how often each occurs, by letter.
    fn letters_by_counting(text: &str) -> Vec<(char, usize)> {
        let mut counts: HashMap<char, usize> = HashMap::new();
        for c in text.to_lowercase().chars().filter(|&c| !is_stop_char(c)) {
            *counts.entry(c).or_insert(0) += 1;
        }
        let mut counts: Vec<(char, usize)> = counts.into_iter().collect();
        counts.sort_unstable();
        counts
    }

    fn letters_read(text: &str) -> Vec<(char, usize)> {
        let mut counts: Vec<(char, usize)> = Reading::new(text).letter_counts().collect();
        counts.sort_unstable();
        counts
    }

    #[test]
    fn reads_each_character_lowercased_as_str_to_lowercase_does() {
        let mut text = String::new();
        for c in '\0'..=char::MAX {
            text.clear();
            text.push(c);
            assert_eq!(letters_read(&text), letters_by_counting(&text), "{c:?}");
        }
        for text in ["ΟΔΟΣ ΣΑΣ Σ", "İİ Kk\u{212A}", "ǅǆǄ"] {
            assert_eq!(letters_read(text), letters_by_counting(text), "{text:?}");
        }
    }

    #[test]
    fn counts_the_letters_read() {
        assert_eq!(letters_read("Aa, B-b 1 Éé"), [('a', 2), ('b', 2), ('é', 2)]);
        assert_eq!(Reading::new("").letter_counts().count(), 0);
    }

    #[test]
    fn ranks_short_and_empty_texts() {
        for text in [
            "",
            " ",
            "a",
            "ab",
            "a b",
            "..",
            "aaa aaa",
            "Σ",
            "ΟΔΟΣ",
            "İ",
            "\u{212A}k",
        ] {
            assert_eq!(
                Reading::new(text).ranked_trigrams(),
                ranked_by_sorting(text),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Few characters (many repeats and ties) and many.
        #[test]
        fn ranks_trigrams_as_whatlang_does(
            text in prop_oneof![
                "[a-dA-D .,1é’]{0,400}",
                prop::collection::vec(any::<char>(), 0..3000)
                    .prop_map(|chars| chars.into_iter().collect::<String>()),
            ]
        ) {
            let reading = Reading::new(&text);
            prop_assert_eq!(reading.script(), whatlang::detect_script(&text));
            prop_assert_eq!(reading.ranked_trigrams(), ranked_by_sorting(&text));
            prop_assert_eq!(letters_read(&text), letters_by_counting(&text));
        }
    }
}
