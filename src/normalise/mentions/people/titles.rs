//! The search of the title keys in a folded text.
//!
//! The titles are searched leftmost-longest: at the leftmost position where
//! a title starts, the longest title there, then on from its end. An
//! unanchored automaton reads every byte of the text through its
//! transitions, though titles start at few of them. Instead a table of the
//! titles' first two bytes tells in a few instructions where none can
//! start. Two bytes of English text pass that table at one position in
//! six ("en" begins "envoy" and "when"), so where no title of one or two
//! bytes starts with them, a bit set of the hashes of the titles' first
//! three bytes rules out most of the rest; where only long titles start
//! with them, a bit set of the hashes of their first six bytes too ("pr"
//! begins "president" and "prepared", "ال" most Arabic words). The
//! automaton is walked anchored only from the other positions. Skipping a
//! position where no title starts changes nothing, so the titles found are
//! the same, in the same order.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// The title keys, with what rules out most start positions.
pub(super) struct TitleSearch {
    /// Anchored only: every walk starts where a title may start.
    automaton: DFA,
    /// By the first two bytes of a position (the first one highest): what
    /// titles start with them. A table of bytes rather than of bits: it is
    /// read at every position of the text.
    first_pairs: Box<[Pair; 1 << 16]>,
    /// Bit set of the hashes of the first [`PREFIX`] bytes of the titles
    /// that long.
    prefixes: Vec<u64>,
    /// Bit set of the hashes of the first three bytes of the titles that
    /// long.
    trigrams: Vec<u64>,
    /// The titles of one byte, which also start every pair they begin.
    one_byte: [bool; 256],
}

impl TitleSearch {
    /// # Panics
    ///
    /// Only if the automaton cannot be built for the compiled-in titles.
    pub fn new(titles: &[String]) -> TitleSearch {
        let automaton = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(titles)
            .unwrap_or_else(|error| panic!("the role lexicon does not compile: {error}"));
        let mut search = TitleSearch {
            automaton,
            first_pairs: Box::new([Pair::None; 1 << 16]),
            prefixes: vec![0; (1 << PREFIX_HASH_BITS) / 64],
            trigrams: vec![0; (1 << PREFIX_HASH_BITS) / 64],
            one_byte: [false; 256],
        };
        for title in titles {
            match title.as_bytes() {
                [] => {}
                [only] => {
                    search.one_byte[usize::from(*only)] = true;
                    for second in 0..=u8::MAX {
                        search.first_pairs[pair_index(*only, second)] = Pair::Short;
                    }
                }
                [first, second, rest @ ..] => {
                    let pair = &mut search.first_pairs[pair_index(*first, *second)];
                    if let Some(&third) = rest.first() {
                        set_bit(&mut search.trigrams, trigram_hash(*first, *second, third));
                    }
                    match title.as_bytes().first_chunk::<PREFIX>() {
                        Some(prefix) => {
                            set_bit(&mut search.prefixes, prefix_hash(prefix));
                            *pair = (*pair).max(Pair::Long);
                        }
                        None if rest.is_empty() => *pair = Pair::Short,
                        None => *pair = (*pair).max(Pair::Medium),
                    }
                }
            }
        }
        search
    }

    /// The titles in `text`, leftmost-longest, as byte spans.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(start) = self.next_start(bytes, at) {
                if !self.may_start_long(bytes, start) {
                    at = start + 1;
                    continue;
                }
                if let Some(end) = self.longest_at(bytes, start) {
                    at = end;
                    return Some((start, end));
                }
                at = start + 1;
            }
            None
        })
    }

    /// The first position from `from` on where a title may start, by its
    /// byte and the one after it.
    #[inline]
    fn next_start(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        let table: &[Pair; 1 << 16] = &self.first_pairs;
        let by_pair = rest.windows(2).position(|pair| {
            table[usize::from(u16::from_be_bytes([pair[0], pair[1]]))] != Pair::None
        });
        match by_pair {
            Some(offset) => Some(from + offset),
            None => {
                let last = rest.last()?;
                self.one_byte[usize::from(*last)].then(|| bytes.len() - 1)
            }
        }
    }

    /// False when only titles of three bytes or more start with the two
    /// bytes at `start` and none with the three there, or only titles of
    /// [`PREFIX`] bytes or more and none with the [`PREFIX`] there.
    #[inline]
    fn may_start_long(&self, bytes: &[u8], start: usize) -> bool {
        let Some(&[first, second]) = bytes.get(start..start + 2) else {
            return true;
        };
        let pair = self.first_pairs[pair_index(first, second)];
        if pair >= Pair::Short {
            return true;
        }
        let Some(&third) = bytes.get(start + 2) else {
            return false;
        };
        if !has_bit(&self.trigrams, trigram_hash(first, second, third)) {
            return false;
        }
        pair != Pair::Long
            || bytes[start..]
                .first_chunk::<PREFIX>()
                .is_some_and(|prefix| has_bit(&self.prefixes, prefix_hash(prefix)))
    }

    /// Where the longest title that starts at byte `start` ends.
    fn longest_at(&self, bytes: &[u8], start: usize) -> Option<usize> {
        let automaton = &self.automaton;
        let mut state = automaton.start_state(Anchored::Yes).ok()?;
        let mut longest = None;
        for (end, &byte) in (start + 1..).zip(&bytes[start..]) {
            state = automaton.next_state(Anchored::Yes, state, byte);
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                longest = Some(end);
            }
        }
        longest
    }
}

/// What titles start with a pair of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pair {
    None,
    /// Titles of [`PREFIX`] bytes or more only.
    Long,
    /// Titles of three bytes or more only, some shorter than [`PREFIX`].
    Medium,
    /// Also a title of two bytes, or one of one byte that any byte may
    /// follow.
    Short,
}

/// Bytes of a title's start hashed into [`TitleSearch::prefixes`]: three
/// Arabic or Cyrillic letters, "presid" of "president".
const PREFIX: usize = 6;

/// Bits of a prefix hash: an 8 KiB bit set for some 350 titles.
const PREFIX_HASH_BITS: u32 = 16;

fn set_bit(bits: &mut [u64], hash: usize) {
    bits[hash / 64] |= 1 << (hash % 64);
}

fn has_bit(bits: &[u64], hash: usize) -> bool {
    bits[hash / 64] & (1 << (hash % 64)) != 0
}

fn trigram_hash(first: u8, second: u8, third: u8) -> usize {
    let bytes = u32::from_le_bytes([first, second, third, 0]);
    (bytes.wrapping_mul(0x9E37_79B1) >> (32 - PREFIX_HASH_BITS)) as usize
}

fn prefix_hash(prefix: &[u8; PREFIX]) -> usize {
    let mut eight = [0; 8];
    eight[..PREFIX].copy_from_slice(prefix);
    let mixed = u64::from_le_bytes(eight).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - PREFIX_HASH_BITS)) as usize
}

/// Where the pair of bytes `first`, `second` stands in
/// [`TitleSearch::first_pairs`].
fn pair_index(first: u8, second: u8) -> usize {
    usize::from(u16::from(first) << 8 | u16::from(second))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;
    use proptest::prelude::*;

    fn titles() -> Vec<String> {
        [
            "minister",
            "minister of foreign affairs",
            "mr",
            "m.",
            "x",
            "prime minister",
            "الرئيس",
            "президент",
            "secretary of state",
            "state",
        ]
        .iter()
        .map(|t| (*t).to_string())
        .collect()
    }

    /// The plain search the skipping one replaces.
    fn unanchored(titles: &[String], text: &str) -> Vec<(usize, usize)> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(titles)
            .expect("the test titles build")
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn finds_titles_inside_words_as_the_plain_search() {
        let titles = titles();
        let search = TitleSearch::new(&titles);
        let text = "the administer of foreign affairs, prime minister mr. x and الرئيس";
        let found: Vec<_> = search.find_iter(text).collect();
        assert_eq!(found, unanchored(&titles, text));
        assert_eq!(&text[found[0].0..found[0].1], "minister of foreign affairs");
    }

    proptest! {
        #[test]
        fn same_titles_as_the_plain_search(
            text in "(minister|of|foreign|affairs|prime|secretary|state|mr|m\\.|x|ad|الرئيس|президент|[ a-z.,]){0,40}"
        ) {
            let titles = titles();
            let search = TitleSearch::new(&titles);
            let found: Vec<_> = search.find_iter(&text).collect();
            prop_assert_eq!(found, unanchored(&titles, &text));
        }
    }
}
