//! Finds the month names (see [`lexicon`](super::lexicon)) in a key, from
//! its words.
//!
//! The grammar takes a month name only where a word starts, or right
//! after a clitic `و` or `ب` glued to it (`وآذار`), and only as the names
//! a leftmost-longest search of the whole key finds: a name found from
//! inside a word hides any name that starts before it ends. So the names
//! are walked, with an anchored DFA, from those places only, in order,
//! passing over a place inside a name already found. Every key starts with
//! a letter, so a name found from inside a word can hide another only if
//! it runs on past the word's end, which needs the word to end with the
//! first word of a key that goes on (`jan` of `jan.`, `ذو` of `ذو الحجه`)
//! and the key to go on with the byte after the word; such a word, rare,
//! is walked from each of its characters, as the whole-key search would.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::lexicon::{self, MonthName};
use super::tokens;

/// A month name found in a key: byte range and what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthMatch {
    pub start: usize,
    pub end: usize,
    pub name: MonthName,
}

/// Every month name of the table, and the automaton that finds them.
pub struct Months {
    /// The keys as an anchored DFA and its start state; `None` only if it
    /// could not be built, which a test rules out.
    automaton: Option<(DFA, StateID)>,
    names: Vec<MonthName>,
    /// The first two bytes of every key (see [`BytePairs`]).
    openings: BytePairs,
    heads: SpanningHeads,
}

/// The month names of a key, found a word at a time (see
/// [`Months::finder`]).
pub struct MonthFinder<'m> {
    months: &'m Months,
    /// Where the next name may start: names do not overlap.
    free: usize,
    /// The names found so far, in order.
    pub found: Vec<MonthMatch>,
}

impl MonthFinder<'_> {
    /// Reads the next `word` (a run of letters) of `key`.
    #[inline]
    pub fn word(&mut self, key: &str, word: Range<usize>) {
        if word.end <= self.free {
            return;
        }
        let months = self.months;
        let bytes = key.as_bytes();
        // Most words neither open a name, nor carry a clitic, nor end
        // with the first word of one: two bit tests tell.
        let first = bytes.get(word.start).copied().unwrap_or_default();
        let second = bytes.get(word.start + 1).copied().unwrap_or_default();
        let last = bytes.get(word.end.wrapping_sub(1)).copied();
        let next = bytes.get(word.end).copied();
        let may_open = months.openings.contains(first, second)
            || matches!((first, second), (0xD9, 0x88) | (0xD8, 0xA8));
        let may_run_on = last
            .zip(next)
            .is_some_and(|(last, next)| months.heads.pairs.contains(last, next));
        if may_open || may_run_on {
            months.find_in_word(key, &word, &mut self.free, &mut self.found);
        }
    }
}

/// The month-name automaton, built on first use.
pub static MONTHS: LazyLock<Months> =
    LazyLock::new(|| Months::new(&lexicon::month_keys(lexicon::MONTHS_TSV)));

impl Months {
    fn new(keys: &[(String, MonthName)]) -> Months {
        let patterns = keys.iter().map(|(key, _)| key);
        // A DFA (anchored only) reads a byte with one lookup.
        let automaton = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(patterns)
            .ok()
            .and_then(|dfa| {
                let start = dfa.start_state(Anchored::Yes).ok()?;
                Some((dfa, start))
            });
        let mut openings = BytePairs::new();
        for (key, _) in keys {
            match *key.as_bytes() {
                [first, second, ..] => openings.insert(first, second),
                [first] => (0..=u8::MAX).for_each(|second| openings.insert(first, second)),
                [] => {}
            }
        }
        Months {
            automaton,
            names: keys.iter().map(|(_, name)| *name).collect(),
            openings,
            heads: SpanningHeads::new(keys.iter().map(|(key, _)| key.as_str())),
        }
    }

    /// The month names in `key`, whose `words` (the byte ranges of its
    /// runs of letters, in order) are given, that start a word or follow a
    /// clitic, in order, as a leftmost-longest search of the whole key
    /// finds them; not yet checked for where they end.
    #[cfg(test)]
    pub fn find(
        &self,
        key: &str,
        words: impl IntoIterator<Item = Range<usize>>,
    ) -> Vec<MonthMatch> {
        let mut finder = self.finder();
        for word in words {
            finder.word(key, word);
        }
        finder.found
    }

    /// [`Self::find`] a word at a time: hand it every word of the key, in
    /// order, with [`MonthFinder::word`].
    pub fn finder(&self) -> MonthFinder<'_> {
        MonthFinder {
            months: self,
            free: 0,
            found: Vec::new(),
        }
    }

    /// The names of [`Self::find`] that start in `word`.
    fn find_in_word(
        &self,
        key: &str,
        word: &Range<usize>,
        free: &mut usize,
        found: &mut Vec<MonthMatch>,
    ) {
        let after_clitic = has_clitic(key, word).then_some(word.start + 2);
        if self.heads.may_end(key, word) {
            let text = key.get(word.start..word.end).unwrap_or_default();
            for (offset, _) in text.char_indices() {
                let at = word.start + offset;
                // A name from inside the word only hides others.
                if let Some(hit) = self.walk_from(key, at, free)
                    && (at == word.start || Some(at) == after_clitic)
                {
                    found.push(hit);
                }
            }
        } else {
            found.extend(self.walk_from(key, word.start, free));
            if let Some(at) = after_clitic {
                found.extend(self.walk_from(key, at, free));
            }
        }
    }

    /// The longest name that starts at byte `at`, unless an earlier name
    /// covers `at`; `free` is where the names found so far end, and moves
    /// to the end of the name found.
    #[inline]
    fn walk_from(&self, key: &str, at: usize, free: &mut usize) -> Option<MonthMatch> {
        if at < *free {
            return None;
        }
        let hit = self.longest_at(key, at)?;
        *free = hit.end;
        Some(hit)
    }

    /// The longest month name that starts at byte `at` of `key`.
    #[inline]
    fn longest_at(&self, key: &str, at: usize) -> Option<MonthMatch> {
        let bytes = key.as_bytes().get(at..)?;
        if let [first, second, ..] = *bytes
            && !self.openings.contains(first, second)
        {
            return None;
        }
        self.walk(bytes, at)
    }

    /// [`Self::longest_at`] past its first test: `bytes` is the key from
    /// byte `at`.
    fn walk(&self, bytes: &[u8], at: usize) -> Option<MonthMatch> {
        let (dfa, start) = self.automaton.as_ref()?;
        let mut state = *start;
        let mut longest = None;
        for (end, &byte) in (at + 1..).zip(bytes) {
            state = dfa.next_state(Anchored::Yes, state, byte);
            if !dfa.is_special(state) {
                continue;
            }
            if dfa.is_dead(state) {
                break;
            }
            if dfa.is_match(state) {
                let pattern = dfa.match_pattern(state, 0);
                // Only a name that starts at `at` is the one looked for.
                if end.checked_sub(dfa.pattern_len(pattern)) == Some(at) {
                    longest = Some((pattern, end));
                }
            }
        }
        let (pattern, end) = longest?;
        Some(MonthMatch {
            start: at,
            end,
            name: *self.names.get(pattern.as_usize())?,
        })
    }
}

/// The word starts with a clitic `و` or `ب` and goes on after it.
fn has_clitic(key: &str, word: &Range<usize>) -> bool {
    const CLITICS: [[u8; 2]; 2] = [[0xD9, 0x88], [0xD8, 0xA8]];
    let first = key.as_bytes().get(word.start..word.start + 2);
    word.end > word.start + 2 && first.is_some_and(|first| CLITICS.iter().any(|c| c == first))
}

/// A set of pairs of bytes, one bit each.
struct BytePairs(Vec<u64>);

impl BytePairs {
    fn new() -> BytePairs {
        BytePairs(vec![0; 256 * 256 / 64])
    }

    fn bit(first: u8, second: u8) -> (usize, u64) {
        let bit = usize::from(first) << 8 | usize::from(second);
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, first: u8, second: u8) {
        let (word, mask) = BytePairs::bit(first, second);
        if let Some(bits) = self.0.get_mut(word) {
            *bits |= mask;
        }
    }

    fn contains(&self, first: u8, second: u8) -> bool {
        let (word, mask) = BytePairs::bit(first, second);
        self.0.get(word).is_some_and(|bits| bits & mask != 0)
    }
}

/// The first words of the keys that go on past them (`jan` of `jan.`,
/// `ذو` of `ذو الحجه`), with the byte each key goes on with.
struct SpanningHeads {
    /// The last byte of a head and the byte its key goes on with.
    pairs: BytePairs,
    /// The heads with the byte their key goes on with, by that byte and
    /// the head's last byte.
    heads: Vec<(u8, u8, String)>,
}

impl SpanningHeads {
    fn new<'a>(keys: impl Iterator<Item = &'a str>) -> SpanningHeads {
        let mut found = SpanningHeads {
            pairs: BytePairs::new(),
            heads: Vec::new(),
        };
        for key in keys {
            let head = key
                .find(|c: char| !tokens::is_letter(c))
                .unwrap_or(key.len());
            let (Some(&last), Some(&next)) = (
                key.as_bytes().get(head.wrapping_sub(1)),
                key.as_bytes().get(head),
            ) else {
                continue;
            };
            found.pairs.insert(last, next);
            found.heads.push((next, last, key[..head].to_string()));
        }
        found.heads.sort_unstable();
        found.heads.dedup();
        found
    }

    /// A key may start inside the `word` of `key` and run on past its
    /// end: the word ends with a head whose key goes on with the byte after
    /// the word, and is longer than the head.
    #[inline]
    fn may_end(&self, key: &str, word: &Range<usize>) -> bool {
        let bytes = key.as_bytes();
        let (Some(&last), Some(&next)) = (bytes.get(word.end.wrapping_sub(1)), bytes.get(word.end))
        else {
            return false;
        };
        let word = bytes.get(word.start..word.end).unwrap_or_default();
        let from = self
            .heads
            .partition_point(|(n, l, _)| (*n, *l) < (next, last));
        let heads = self.heads.get(from..).unwrap_or_default();
        heads
            .iter()
            .take_while(|(n, l, _)| (*n, *l) == (next, last))
            .any(|(_, _, head)| head.len() < word.len() && word.ends_with(head.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::{AhoCorasick, AhoCorasickKind};
    use proptest::prelude::*;

    use super::*;
    use crate::normalise::dates::tokens::Kind;
    use crate::record::Calendar;
    use crate::text::fold_key;

    fn months_in(text: &str) -> Vec<(Calendar, u8)> {
        let key = fold_key(text);
        words_search(&MONTHS, &key)
            .into_iter()
            .map(|m| (m.name.calendar, m.name.number))
            .collect()
    }

    #[test]
    fn table_loads_every_family() {
        assert!(MONTHS.automaton.is_some());
        assert!(
            MONTHS.names.len() > 300,
            "only {} month keys",
            MONTHS.names.len()
        );
        assert_eq!(months_in("كانون الثاني"), [(Calendar::Gregorian, 1)]);
        assert_eq!(months_in("يناير"), [(Calendar::Gregorian, 1)]);
        assert_eq!(months_in("جويلية"), [(Calendar::Gregorian, 7)]);
        assert_eq!(months_in("غشت"), [(Calendar::Gregorian, 8)]);
        assert_eq!(months_in("شتنبر"), [(Calendar::Gregorian, 9)]);
        assert_eq!(months_in("اغسطس"), [(Calendar::Gregorian, 8)]);
        assert_eq!(months_in("آوریل"), [(Calendar::Gregorian, 4)]);
        assert_eq!(months_in("اردیبهشت"), [(Calendar::Persian, 2)]);
        assert_eq!(months_in("ذو الحجة"), [(Calendar::Islamic, 12)]);
        assert_eq!(months_in("ذي الحجة"), [(Calendar::Islamic, 12)]);
        assert_eq!(months_in("февраля"), [(Calendar::Gregorian, 2)]);
        assert_eq!(months_in("июне"), [(Calendar::Gregorian, 6)]);
        assert_eq!(months_in("Février"), [(Calendar::Gregorian, 2)]);
    }

    #[test]
    fn weak_names_need_a_year() {
        let name = |text: &str| {
            let key = fold_key(text);
            words_search(&MONTHS, &key).first().map(|m| m.name)
        };
        assert_eq!(name("صفر").map(|n| n.needs_year), Some(true));
        assert_eq!(name("Azar").map(|n| n.needs_year), Some(true));
        assert_eq!(name("رمضان").map(|n| n.needs_year), Some(false));
        assert_eq!(name("Sep").map(|n| n.abbreviated), Some(true));
    }

    /// What the word-by-word search stands on: a name found from inside a
    /// word can only hide another by running past the word's end.
    #[test]
    fn every_key_starts_with_a_letter() {
        for (key, _) in table() {
            let first = key.chars().next();
            assert!(first.is_some_and(tokens::is_letter), "{key:?}");
        }
    }

    /// The names of `keys` a leftmost-longest search of the whole key
    /// finds, as the grammar searched them before, that start a word or
    /// follow a clitic.
    fn whole_key_search(keys: &[(String, MonthName)], key: &str) -> Vec<MonthMatch> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(keys.iter().map(|(key, _)| key))
            .unwrap_or_else(|e| panic!("{e}"));
        let tokens = tokens::tokenize(key);
        let word_place = |at: usize| {
            tokens.iter().any(|t| {
                let word = t.start..t.end;
                t.kind == Kind::Word
                    && (t.start == at || (t.start + 2 == at && has_clitic(key, &word)))
            })
        };
        automaton
            .find_iter(key)
            .filter(|m| word_place(m.start()))
            .map(|m| MonthMatch {
                start: m.start(),
                end: m.end(),
                name: keys[m.pattern().as_usize()].1,
            })
            .collect()
    }

    fn words_search(months: &Months, key: &str) -> Vec<MonthMatch> {
        let mut finder = months.finder();
        tokens::each_run(key, |run, digits| {
            if !digits {
                finder.word(key, run);
            }
        });
        finder.found
    }

    fn table() -> &'static [(String, MonthName)] {
        static KEYS: LazyLock<Vec<(String, MonthName)>> =
            LazyLock::new(|| lexicon::month_keys(lexicon::MONTHS_TSV));
        &KEYS
    }

    #[test]
    fn names_run_past_words_as_in_the_whole_key() {
        for key in [
            "azerbaijan. jan. 2022",
            "xjan.janvier",
            "xذو الحجه",
            "الذي الحجه",
            "xذو وآذار",
            "وآذار بآذار وxآذار",
            "mayor may",
            "ر بيع الاول",
            "جر بيع الاول",
            "xjumada i ii",
            "kدجمادي الاولي",
            "xrabiʻ ii",
            "xdhou al qi`da",
            "septembre sept. xsept.x",
            "throughout. about. outset.",
        ] {
            let key = fold_key(key);
            let want = whole_key_search(table(), &key);
            assert_eq!(words_search(&MONTHS, &key), want, "{key:?}");
        }
    }

    /// Pieces of month names, their first words, letters they start and
    /// end with, clitics, and what goes between words.
    fn piece() -> impl Strategy<Value = String> {
        let keys: Vec<String> = table().iter().map(|(key, _)| key.clone()).collect();
        let heads: Vec<String> = keys
            .iter()
            .filter_map(|key| key.split([' ', '.', '-', '`']).next())
            .map(str::to_string)
            .collect();
        prop_oneof![
            4 => proptest::sample::select(keys),
            2 => proptest::sample::select(heads),
            3 => proptest::sample::select(vec![
                " ", " ", ".", "-", "`", "/", "،", "2", "x", "ab", "و", "ب", "ر", "ال", "ج",
                "\u{64e}", "\u{200c}", "年", "॰", "ʻ",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// A made-up table: keys of a few letters, clitics, spaces and periods,
    /// so that names run past words and hide one another far more often
    /// than the real names do.
    fn made_up_keys() -> impl Strategy<Value = Vec<(String, MonthName)>> {
        let letter = proptest::sample::select(vec!['a', 'b', 'و', 'ب', 'ر']);
        let any = proptest::sample::select(vec!['a', 'b', 'و', 'ب', 'ر', ' ', '.', '-']);
        let key = (letter, proptest::collection::vec(any, 0..5))
            .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect::<String>());
        proptest::collection::vec(key, 1..8).prop_map(|mut keys| {
            keys.sort_unstable();
            keys.dedup();
            let name = |number| MonthName {
                calendar: Calendar::Gregorian,
                number,
                abbreviated: false,
                needs_year: false,
                alone: true,
            };
            (1u8..).zip(keys).map(|(n, key)| (key, name(n))).collect()
        })
    }

    fn made_up_text() -> impl Strategy<Value = String> {
        let c = proptest::sample::select(vec!['a', 'b', 'و', 'ب', 'ر', ' ', '.', '-', '1', 'x']);
        proptest::collection::vec(c, 0..30).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn words_search_finds_what_the_whole_key_search_found(
            pieces in proptest::collection::vec(piece(), 0..12)
        ) {
            let key = pieces.concat();
            prop_assert_eq!(words_search(&MONTHS, &key), whole_key_search(table(), &key));
        }

        #[test]
        fn so_it_does_for_any_table(keys in made_up_keys(), key in made_up_text()) {
            let months = Months::new(&keys);
            prop_assert_eq!(words_search(&months, &key), whole_key_search(&keys, &key));
        }
    }
}
