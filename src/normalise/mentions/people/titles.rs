//! The search of the title keys in a folded text.
//!
//! The titles are searched leftmost-longest: at the leftmost position where
//! a title starts, the longest title there, then on from its end. An
//! unanchored automaton reads every byte of the text through its
//! transitions, though titles start at few of them. Instead a table of
//! the hashes of the titles' first three bytes tells where none can start:
//! English text passes it at one position in twenty-five ("pre" begins
//! "president" and "prepared"). The text is read 32 bytes at a time;
//! each position is one load of four bytes, a multiplication and a table
//! read (see [`trigram_hash`]).
//! Where only titles of [`PREFIX`] bytes or more start with the three
//! bytes, a bit set of the hashes of their first [`PREFIX`] bytes rules out
//! most of the rest. The automaton is walked anchored only from the other
//! positions. Skipping a position where no title starts changes nothing,
//! so the titles found are the same, in the same order.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// The title keys, with what rules out most start positions.
pub(super) struct TitleSearch {
    /// Anchored only: every walk starts where a title may start.
    automaton: DFA,
    /// By [`trigram_hash`] of the three bytes at a position: what titles
    /// may start there, [`LONG`] and [`SHORT`] bits. A table of bytes
    /// rather than of bits: it is read at every position of the text.
    starts: Box<[u8; 1 << 16]>,
    /// Bit set of the hashes of the first [`PREFIX`] bytes of the titles
    /// that long.
    prefixes: Vec<u64>,
}

/// In [`TitleSearch::starts`]: a title of [`PREFIX`] bytes or more.
const LONG: u8 = 1;

/// In [`TitleSearch::starts`]: a shorter title.
const SHORT: u8 = 2;

/// Bytes of the text read at once.
const CHUNK: usize = 32;

/// Positions read from each [`CHUNK`]: a position is read with the three
/// bytes after it.
const STEP: usize = CHUNK - 3;

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
            starts: Box::new([0; 1 << 16]),
            prefixes: vec![0; (1 << PREFIX_HASH_BITS) / 64],
        };
        for title in titles {
            search.add_start(title.as_bytes());
        }
        search
    }

    /// Marks where `title` may start: its first three bytes, or every
    /// three bytes that begin with a shorter title.
    fn add_start(&mut self, title: &[u8]) {
        let kind = match title.first_chunk::<PREFIX>() {
            Some(prefix) => {
                set_bit(&mut self.prefixes, prefix_hash(prefix));
                LONG
            }
            None => SHORT,
        };
        match *title {
            [] => {}
            [first, second, third, ..] => {
                self.starts[trigram_hash(u32::from_le_bytes([first, second, third, 0]))] |= kind;
            }
            // Any byte may follow a title of one or two bytes, or stand
            // past the end of the text (read as zeros).
            [first, second] => {
                for third in 0..=u8::MAX {
                    let bytes = u32::from_le_bytes([first, second, third, 0]);
                    self.starts[trigram_hash(bytes)] |= SHORT;
                }
            }
            [_] => self.starts.fill(SHORT),
        }
    }

    /// The titles in `text`, leftmost-longest, as byte spans.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(start) = self.next_start(bytes, at) {
                if self.kind_at(bytes, start) == LONG && !self.may_start_long(bytes, start) {
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
    /// byte and the two after it.
    #[inline]
    fn next_start(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<CHUNK>) {
            if let Some(offset) = self.first_start(chunk) {
                return Some(at + offset);
            }
            at += STEP;
        }
        (at..bytes.len()).find(|&start| self.kind_at(bytes, start) != 0)
    }

    /// The first of the [`STEP`] first positions of `chunk` where a title
    /// may start.
    #[inline(always)]
    fn first_start(&self, chunk: &[u8; CHUNK]) -> Option<usize> {
        (0..STEP).find(|&offset| {
            // Four bytes read at once; the hash leaves out the fourth.
            chunk[offset..]
                .first_chunk::<4>()
                .is_some_and(|&four| self.starts[trigram_hash(u32::from_le_bytes(four))] != 0)
        })
    }

    /// What titles may start at `start` ([`LONG`] and [`SHORT`] bits), by
    /// the three bytes there, zeros past the end of the text.
    fn kind_at(&self, bytes: &[u8], start: usize) -> u8 {
        let mut four = [0; 4];
        let three = bytes.get(start..).unwrap_or_default().iter().take(3);
        for (slot, &byte) in four.iter_mut().zip(three) {
            *slot = byte;
        }
        self.starts[trigram_hash(u32::from_le_bytes(four))]
    }

    /// False when only titles of [`PREFIX`] bytes or more may start at
    /// `start` and none with the [`PREFIX`] bytes there.
    #[inline]
    fn may_start_long(&self, bytes: &[u8], start: usize) -> bool {
        bytes
            .get(start..)
            .and_then(<[u8]>::first_chunk::<PREFIX>)
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

/// The hash of the three low bytes of `bytes` (the first three in text
/// order): the high bits of their product with a 24-bit multiplier, modulo
/// 2^24. The multiplier is shifted up by a byte, so the product of the
/// fourth byte falls past 2^32: it does not count and need not be cleared,
/// and the hash is the top sixteen bits of the 32-bit product.
///
/// Sixteen bits: a table of 64 KiB, some 1,300 entries set (a title of
/// two bytes sets one for every byte that may follow it).
fn trigram_hash(bytes: u32) -> usize {
    let product = bytes.wrapping_mul(0x9E37_7900);
    (product >> 16) as usize
}

fn prefix_hash(prefix: &[u8; PREFIX]) -> usize {
    let mut eight = [0; 8];
    eight[..PREFIX].copy_from_slice(prefix);
    let mixed = u64::from_le_bytes(eight).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - PREFIX_HASH_BITS)) as usize
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
            "dr.",
            "roi",
            "queen",
        ]
        .iter()
        .map(|t| (*t).to_string())
        .collect()
    }

    /// The titles without the one of one byte, which any position may
    /// start.
    fn titles_of_two_bytes_or_more() -> Vec<String> {
        titles().into_iter().filter(|t| t.len() >= 2).collect()
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

    #[test]
    fn finds_titles_in_the_last_bytes() {
        let titles = titles_of_two_bytes_or_more();
        let search = TitleSearch::new(&titles);
        for text in [
            "mr",
            "a mr",
            "queen",
            "xx queen",
            "roi",
            "abcdefg mr",
            "abcdefgh roi",
        ] {
            let found: Vec<_> = search.find_iter(text).collect();
            assert_eq!(found, unanchored(&titles, text), "{text}");
            assert_eq!(found.len(), 1, "{text}");
        }
        assert_eq!(search.find_iter("m").count(), 0);
        assert_eq!(search.find_iter("").count(), 0);
    }

    proptest! {
        #[test]
        fn same_titles_as_the_plain_search(
            text in "(minister|of|foreign|affairs|prime|secretary|state|mr|m\\.|x|ad|dr\\.|roi|queen|الرئيس|президент|[ a-z.,]){0,40}"
        ) {
            for titles in [titles(), titles_of_two_bytes_or_more()] {
                let search = TitleSearch::new(&titles);
                let found: Vec<_> = search.find_iter(&text).collect();
                prop_assert_eq!(found, unanchored(&titles, &text));
            }
        }

        #[test]
        fn same_titles_as_the_plain_search_in_any_text(text in "\\PC{0,40}") {
            let titles = titles_of_two_bytes_or_more();
            let search = TitleSearch::new(&titles);
            let found: Vec<_> = search.find_iter(&text).collect();
            prop_assert_eq!(found, unanchored(&titles, &text));
        }
    }
}
