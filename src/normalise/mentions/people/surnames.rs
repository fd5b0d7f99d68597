//! The surnames of the people a statement names, searched for again in its
//! title and body.
//!
//! A statement names a handful of people, so the search is built for each
//! statement. An Aho-Corasick automaton cost several times more to build
//! than to search with; the packed searcher of the same crate (Teddy, on
//! processors with SIMD) takes a few keys at little cost and searches as
//! fast. The automaton stays for where Teddy is not available. Both search
//! leftmost-longest: at the leftmost position where a key starts, the
//! longest key there, then on from its end.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, packed};

/// A search for the surname keys of a statement.
pub(super) enum Surnames {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Surnames {
    /// The search for `keys`, or `None` when there are none.
    pub fn new<'k>(keys: impl IntoIterator<Item = &'k String>) -> Option<Surnames> {
        let keys: Vec<&String> = keys.into_iter().collect();
        if keys.is_empty() {
            return None;
        }
        Surnames::packed(&keys).or_else(|| Surnames::automaton(&keys))
    }

    fn packed(keys: &[&String]) -> Option<Surnames> {
        packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(keys)
            .build()
            .map(Surnames::Packed)
    }

    fn automaton(keys: &[&String]) -> Option<Surnames> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // A handful of names searched in one statement: building a DFA
            // (the default for few patterns) costs more than it saves.
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(keys)
            .ok()
            .map(Surnames::Automaton)
    }

    /// The leftmost-longest, non-overlapping matches in `haystack`, as byte
    /// ranges in order.
    pub fn find_all(&self, haystack: &str) -> Vec<(usize, usize)> {
        match self {
            Surnames::Packed(searcher) => searcher
                .find_iter(haystack)
                .map(|m| (m.start(), m.end()))
                .collect(),
            Surnames::Automaton(automaton) => automaton
                .find_iter(haystack)
                .map(|m| (m.start(), m.end()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The packed searcher finds what the automaton finds.
        #[test]
        fn packed_as_the_automaton(
            keys in proptest::collection::vec("[abé ]{1,6}", 1..8),
            haystack in "[abcé ]{0,300}",
        ) {
            let keys: Vec<&String> = keys.iter().collect();
            let automaton = Surnames::automaton(&keys).expect("an automaton");
            let expected = automaton.find_all(&haystack);
            if let Some(packed) = Surnames::packed(&keys) {
                prop_assert_eq!(packed.find_all(&haystack), expected);
            }
        }
    }

    /// Teddy needs SSSE3, which every x86-64 processor made since 2006 has.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn a_few_surnames_are_searched_packed() {
        let keys = ["blinken", "price", "غودفري"].map(String::from);
        let surnames = Surnames::new(&keys).expect("keys");
        assert!(matches!(surnames, Surnames::Packed(_)));
        let haystack = "secretary blinken and ned price met غودفري; blinken said";
        assert_eq!(
            surnames.find_all(haystack),
            [(10, 17), (26, 31), (36, 48), (50, 57)]
        );
    }
}
