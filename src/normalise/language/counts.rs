//! A text's trigrams counted and ranked without sorting, for a text of at
//! most [`MAX_PLACES`] distinct characters and fewer than [`MAX_TRIGRAMS`]
//! trigrams (every text the detector reads, in practice).
//!
//! A trigram is a number: the places of its three characters among the
//! text's characters in order (see [`super::reading`]), `bits` bits each,
//! the first highest, so numbers order as trigrams do. Each number indexes
//! a table of counts directly, and a bit per number (with a bit per word of
//! those bits) marks the trigrams met; reading the marks in order gives the
//! distinct trigrams in order with their counts, and a counting sort by
//! count ranks them: most frequent first, the greater trigram first among
//! equal counts.
//!
//! The tables are kept from text to text, one set per thread; reading the
//! marks empties what a text filled, so each text costs what its trigrams
//! cost, not what the tables hold.

use std::cell::RefCell;

/// The most bits a character's place takes here.
const MAX_BITS: u32 = 7;

/// The fewest bits a character's place takes here: places of 5, 6 and 7
/// bits are counted by loops of their own.
pub const MIN_BITS: u32 = 5;

/// A text of at most this many distinct characters (the space included)
/// can be counted here.
pub const MAX_PLACES: usize = 1 << MAX_BITS;

/// A text of fewer trigrams than this can be counted here (counts are
/// `u16`).
pub const MAX_TRIGRAMS: usize = u16::MAX as usize;

/// How many trigram numbers there are at most.
const NUMBERS: usize = 1 << (3 * MAX_BITS);

/// Bits in a word of marks.
const WORD: u32 = u64::BITS;

/// Words of marks of words of marks.
const WORDS: usize = NUMBERS / (WORD * WORD) as usize;

/// The tables, all zero between texts.
#[derive(Debug)]
struct Tables {
    /// The count of each trigram number.
    counts: Box<[u16; NUMBERS]>,
    /// A bit per trigram number met.
    met: Box<[u64; NUMBERS / WORD as usize]>,
    /// A bit per word of `met` that is not zero.
    words: Box<[u64; WORDS]>,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            counts: zeros(),
            met: zeros(),
            words: zeros(),
        }
    }

    /// Counts one trigram number (below [`NUMBERS`]).
    #[inline]
    fn count(&mut self, trigram: u32) {
        let trigram = trigram as usize % NUMBERS;
        let count = &mut self.counts[trigram];
        if *count == 0 {
            let word = trigram / WORD as usize;
            self.met[word] |= 1 << (trigram % WORD as usize);
            self.words[word / WORD as usize % WORDS] |= 1 << (word % WORD as usize);
        }
        *count += 1;
    }

    /// Calls `each` with each trigram number met and its count, in order of
    /// the numbers below `numbers`, and empties the tables.
    fn drain(&mut self, numbers: usize, mut each: impl FnMut(u32, u32)) {
        let words = numbers.div_ceil((WORD * WORD) as usize);
        for (at, summary) in (0..).zip(&mut self.words[..words]) {
            let mut summary = std::mem::take(summary);
            while summary != 0 {
                let word = at * WORD as usize + summary.trailing_zeros() as usize;
                summary &= summary - 1;
                let mut marks = std::mem::take(&mut self.met[word % (NUMBERS / WORD as usize)]);
                while marks != 0 {
                    let trigram = word * WORD as usize + marks.trailing_zeros() as usize;
                    marks &= marks - 1;
                    let count = std::mem::take(&mut self.counts[trigram % NUMBERS]);
                    each(trigram as u32, u32::from(count));
                }
            }
        }
    }
}

/// An array of zeros on the heap (too large for the stack).
fn zeros<T: Copy + Default + std::fmt::Debug, const N: usize>() -> Box<[T; N]> {
    (vec![T::default(); N].into_boxed_slice())
        .try_into()
        .expect("a slice of N items is an array of N")
}

/// What ranks a text's trigrams: the tables and room reused from text to
/// text.
#[derive(Debug)]
struct Ranker {
    tables: Tables,
    /// The distinct trigrams of a text, in order, with their counts.
    distinct: Vec<(u32, u32)>,
    /// Per count, where its trigrams end in the ranking.
    ends: Vec<u32>,
}

thread_local! {
    /// The ranker, one per thread.
    static RANKER: RefCell<Option<Ranker>> = const { RefCell::new(None) };
}

/// The first `most` distinct trigrams of a text, most frequent first, the
/// greater trigram first among equal counts. `places` are the places of
/// its characters (`bits` bits each, [`MIN_BITS`] at least, at most
/// [`MAX_PLACES`] places), `space` the
/// space's; the text is framed by spaces, and a trigram centred on a space
/// that has a space beside it is skipped. The text has fewer than
/// [`MAX_TRIGRAMS`] characters.
pub fn ranked(places: impl Iterator<Item = u32>, space: u32, bits: u32, most: usize) -> Vec<u32> {
    debug_assert!((MIN_BITS..=MAX_BITS).contains(&bits));
    RANKER.with_borrow_mut(|ranker| {
        let ranker = ranker.get_or_insert_with(|| Ranker {
            tables: Tables::new(),
            distinct: Vec::new(),
            ends: Vec::new(),
        });
        count_trigrams(&mut ranker.tables, places, space, bits);
        ranker.distinct.clear();
        let mut most_count = 0;
        (ranker.tables).drain(1 << (3 * bits), |trigram, count| {
            most_count = most_count.max(count);
            ranker.distinct.push((trigram, count));
        });
        by_count(&ranker.distinct, most_count, &mut ranker.ends, most)
    })
}

/// Counts the trigrams of the text whose characters have `places`, in a
/// loop of its own for each width of a place.
fn count_trigrams(tables: &mut Tables, places: impl Iterator<Item = u32>, space: u32, bits: u32) {
    match bits {
        ..=5 => count_trigrams_of::<5>(tables, places, space),
        6 => count_trigrams_of::<6>(tables, places, space),
        _ => count_trigrams_of::<7>(tables, places, space),
    }
}

/// [`count_trigrams`] with places of `BITS` bits.
fn count_trigrams_of<const BITS: u32>(
    tables: &mut Tables,
    places: impl Iterator<Item = u32>,
    space: u32,
) {
    let field = (1 << BITS) - 1;
    let all = (1 << (3 * BITS)) - 1;
    let mut window = (space << BITS) | space;
    let mut add = |place: u32| {
        window = ((window << BITS) | place) & all;
        let (first, second) = (window >> (2 * BITS), (window >> BITS) & field);
        if !(second == space && (first == space || place == space)) {
            tables.count(window);
        }
    };
    places.for_each(&mut add);
    add(space);
}

/// The first `most` of the `distinct` trigrams (in order, with their
/// counts, the greatest `most_count`) by count, greatest first, the greater
/// trigram first among equal counts.
fn by_count(
    distinct: &[(u32, u32)],
    most_count: u32,
    ends: &mut Vec<u32>,
    most: usize,
) -> Vec<u32> {
    ends.clear();
    ends.resize(most_count as usize + 1, 0);
    for &(_, count) in distinct {
        ends[count as usize] += 1;
    }
    // A count's trigrams end where those of lower counts begin.
    let mut end = 0;
    for at in ends.iter_mut().rev() {
        end += *at;
        *at = end;
    }
    let mut ranked = vec![0; distinct.len().min(most)];
    for &(trigram, count) in distinct {
        let end = &mut ends[count as usize];
        *end -= 1;
        if let Some(rank) = ranked.get_mut(*end as usize) {
            *rank = trigram;
        }
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Counted in a map, sorted by (count, trigram), greatest first.
    fn ranked_by_sorting(places: &[u32], space: u32, bits: u32, most: usize) -> Vec<u32> {
        let framed: Vec<u32> = [space]
            .iter()
            .chain(places)
            .chain([&space])
            .copied()
            .collect();
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for window in framed.windows(3) {
            let [first, second, third] = [window[0], window[1], window[2]];
            if !(second == space && (first == space || third == space)) {
                let trigram = (first << (2 * bits)) | (second << bits) | third;
                *counts.entry(trigram).or_insert(0) += 1;
            }
        }
        let mut by_count: Vec<(u32, u32)> = counts.into_iter().map(|(t, n)| (n, t)).collect();
        by_count.sort_unstable_by(|a, b| b.cmp(a));
        by_count.into_iter().take(most).map(|(_, t)| t).collect()
    }

    /// A text as places: its number of bits, the space's place, and the
    /// places of its characters (few of them, for ties, or many).
    fn text() -> impl Strategy<Value = (u32, u32, Vec<u32>)> {
        (MIN_BITS..=MAX_BITS).prop_flat_map(|bits| {
            let places = 1u32 << bits;
            let chars = prop_oneof![0..places.min(3), 0..places];
            (Just(bits), 0..places, prop::collection::vec(chars, 0..2000))
        })
    }

    proptest! {
        /// Texts one after the other on the same tables.
        #[test]
        fn ranks_as_sorting_the_counts_does(
            texts in prop::collection::vec(text(), 1..4),
            most in 1usize..700,
        ) {
            for (bits, space, places) in &texts {
                let got = ranked(places.iter().copied(), *space, *bits, most);
                prop_assert_eq!(got, ranked_by_sorting(places, *space, *bits, most));
            }
        }
    }
}
