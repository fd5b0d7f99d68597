//! Anchored walks of an Aho-Corasick automaton: the keys that start at a
//! given byte, which the gazetteer and the money lexicon look for at the
//! few places a name or an amount word may begin, instead of searching the
//! whole text.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, PatternID};

/// Calls `found(end, key)` for every key of `automaton` that starts at
/// byte `start` of `bytes`, in order of `end`. The automaton must have been
/// built to allow anchored searches.
#[inline]
pub fn keys_starting_at(
    automaton: &impl Automaton,
    bytes: &[u8],
    start: usize,
    mut found: impl FnMut(usize, PatternID),
) {
    let Ok(mut state) = automaton.start_state(Anchored::Yes) else {
        return;
    };
    let rest = bytes.get(start..).unwrap_or_default();
    for (length, &byte) in (1..).zip(rest) {
        state = automaton.next_state(Anchored::Yes, state, byte);
        if automaton.is_dead(state) {
            return;
        }
        if !automaton.is_match(state) {
            continue;
        }
        // A state's matches include the keys that are suffixes of the path
        // walked; only those as long as the walk start at `start`.
        for index in 0..automaton.match_len(state) {
            let pattern = automaton.match_pattern(state, index);
            if automaton.pattern_len(pattern) == length {
                found(start + length, pattern);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::nfa::contiguous::NFA;
    use aho_corasick::{Input, MatchKind};

    use super::*;

    fn walk(keys: &[&str], text: &str, start: usize) -> Vec<(usize, usize)> {
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .expect("keys build");
        let mut found = Vec::new();
        keys_starting_at(&nfa, text.as_bytes(), start, |end, key| {
            found.push((end, key.as_usize()))
        });
        found
    }

    #[test]
    fn only_keys_that_start_at_the_byte_are_found() {
        let keys = ["united", "united states", "states", "ted"];
        assert_eq!(walk(&keys, "united states", 0), [(6, 0), (13, 1)]);
        // "ted" ends inside the walk from 0 but starts at 3.
        assert_eq!(walk(&keys, "united states", 3), [(6, 3)]);
        assert_eq!(walk(&keys, "united states", 7), [(13, 2)]);
        assert_eq!(walk(&keys, "united states", 13), []);
        assert_eq!(walk(&keys, "united states", 99), []);
    }

    #[test]
    fn agrees_with_an_overlapping_search() {
        let keys = ["a", "ab", "abc", "b", "bc", "c", "ca"];
        let text = "abcabca";
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .expect("keys build");
        let mut expected = Vec::new();
        let mut state = aho_corasick::automaton::OverlappingState::start();
        loop {
            nfa.try_find_overlapping(&Input::new(text), &mut state)
                .expect("searches");
            let Some(hit) = state.get_match() else { break };
            expected.push((hit.start(), hit.end(), hit.pattern().as_usize()));
        }
        let mut walked = Vec::new();
        for start in 0..text.len() {
            for (end, key) in walk(&keys, text, start) {
                walked.push((start, end, key));
            }
        }
        expected.sort();
        walked.sort();
        assert_eq!(walked, expected);
    }
}
