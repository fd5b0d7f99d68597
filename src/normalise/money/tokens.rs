//! The tokens an amount is read from: the numbers of a matching key and the
//! lexicon words standing at word edges.
//!
//! The lexicon is walked only from the places a word may start (see
//! [`for_each_place`]), and only where the word of the text there
//! is the first word of some key: a key ends at a word edge, so its letters
//! up to its first sign, digit or space are the letters the text has there.
//! Most words of a statement ("the", "ministry") start no key, and are
//! passed over without walking the lexicon.
//!
//! Nor is the key read at all far from the places an amount may be (see
//! [`windows_around_anchors`]): every amount holds a number or a scale
//! word, found by a scan of the whole key, and a word of ASCII letters that
//! is no word of any key (a barrier) ends the stretch of text an amount
//! may reach, since no key covers it and no amount reads across it. Only
//! the stretches between barriers around those anchors are read.

use std::cmp::Reverse;
use std::ops::Range;

use super::lexicon::{Entry, LEXICON, Lexicon, WordKind};
use super::number::{self, RawNumber};
use super::{is_arabic, is_word_char, only_proclitics_before};
use crate::text::Folded;

/// A number or a lexicon word, by byte range in the key.
#[derive(Debug)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub piece: Piece,
}

#[derive(Debug)]
pub(super) enum Piece {
    Number(RawNumber),
    /// Index into the lexicon's entries.
    Word(usize),
}

/// Numbers and lexicon words of a key, in order, none overlapping. Where
/// words overlap, the leftmost wins, then the longest. Words are looked
/// for only in the stretches that may hold an amount: the amounts read
/// from the tokens are those read from every word of the key.
pub(super) fn tokenize(folded: &Folded, chars: &[char]) -> Vec<Token> {
    let key = folded.key.as_str();
    let lexicon: &Lexicon = &LEXICON;
    let numbers = number::scan(key);
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    for window in windows_around_anchors(key, lexicon, &numbers) {
        for_each_place_in(key, lexicon, window, |place| {
            let Place::Start(start) = place else { return };
            lexicon.words_at(key, start, |end, id| {
                if is_a_word(folded, chars, &numbers, (start, end, id)) {
                    words.push((start, end, id));
                }
            });
        });
    }
    tokens_of(numbers, words)
}

/// [`tokenize`] from every lexicon word of the key, found by an unanchored
/// search of the whole key.
#[cfg(test)]
pub(super) fn tokenize_everywhere(folded: &Folded, chars: &[char]) -> Vec<Token> {
    use aho_corasick::automaton::Automaton;
    let numbers = number::scan(&folded.key);
    let words = LEXICON
        .automaton()
        .try_find_overlapping_iter(aho_corasick::Input::new(&folded.key))
        .expect("an unanchored overlapping search")
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .filter(|&word| is_a_word(folded, chars, &numbers, word))
        .collect();
    tokens_of(numbers, words)
}

/// Whether the lexicon key `id` found at `start..end` is a word of the
/// text: at word edges, in capitals if it is a code, not inside a number.
fn is_a_word(
    folded: &Folded,
    chars: &[char],
    numbers: &[RawNumber],
    (start, end, id): (usize, usize, usize),
) -> bool {
    let entry = &LEXICON.entries[id];
    at_word_edges(&folded.key, start, end, entry)
        && (!entry.is_code || is_capitals(folded, chars, start, end))
        && !overlaps_a_number(numbers, start, end)
}

/// The numbers and, of the `words` found, the leftmost then longest where
/// they overlap, in order.
fn tokens_of(numbers: Vec<RawNumber>, mut words: Vec<(usize, usize, usize)>) -> Vec<Token> {
    words.sort_by_key(|&(start, end, _)| (start, Reverse(end)));
    let mut tokens: Vec<Token> = Vec::new();
    let mut taken_to = 0;
    for (start, end, id) in words {
        if start >= taken_to {
            tokens.push(Token {
                start,
                end,
                piece: Piece::Word(id),
            });
            taken_to = end;
        }
    }
    tokens.extend(numbers.into_iter().map(|n| Token {
        start: n.span.start,
        end: n.span.end,
        piece: Piece::Number(n),
    }));
    tokens.sort_by_key(|t| t.start);
    tokens
}

/// A place met reading a key from start to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A byte where a lexicon word may start.
    Start(usize),
    /// The start of a barrier: a word of ASCII letters, between characters
    /// that are no word characters, that is no whole word of any key (see
    /// [`barrier_at`]).
    ///
    /// No lexicon word at word edges covers any of it: one that did would
    /// hold it whole between signs or spaces (a word starting or ending
    /// inside it would start or end inside a word). And no amount reads
    /// across it: the tokens of an amount touch or stand apart by white
    /// space or a hyphen.
    Barrier(usize),
}

/// Byte ranges of the key, in order and apart, that hold every stretch
/// between barriers with a number or a scale word in it.
///
/// Every amount holds a number or a scale word: a number word counts only
/// before a scale word, and a scale word alone is one. Its tokens lie in
/// one stretch, and the tokens of other stretches change nothing it reads
/// (no amount reads across a barrier), so the amounts read from the
/// windows are those read from the whole key. Each window runs from the
/// end of a barrier (or the start of the key) to the start of one (or the
/// end of the key): both are places the reading of the whole key stops at.
pub(super) fn windows_around_anchors(
    key: &str,
    lexicon: &Lexicon,
    numbers: &[RawNumber],
) -> Vec<Range<usize>> {
    let mut anchors: Vec<Range<usize>> = numbers.iter().map(|n| n.span.clone()).collect();
    anchors.extend(lexicon.scale_word_candidates(key));
    anchors.sort_unstable_by_key(|anchor| anchor.start);
    let mut windows: Vec<Range<usize>> = Vec::new();
    for anchor in anchors {
        if let Some(last) = windows.last_mut()
            && anchor.start < last.end
        {
            if anchor.end > last.end {
                last.end = barrier_start_from(key, lexicon, anchor.end);
            }
            continue;
        }
        let start = barrier_end_before(key, lexicon, anchor.start);
        let end = barrier_start_from(key, lexicon, anchor.end);
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = end,
            _ => windows.push(start..end),
        }
    }
    windows
}

/// The end of the last barrier that ends at or before byte `at` of `key`,
/// or the start of the key.
fn barrier_end_before(key: &str, lexicon: &Lexicon, at: usize) -> usize {
    let bytes = key.as_bytes();
    let mut before = at;
    while let Some(last_letter) = bytes[..before].iter().rposition(u8::is_ascii_alphabetic) {
        let start = bytes[..last_letter]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        if let Some(end) = barrier_at(key, lexicon, start)
            && end <= at
        {
            return end;
        }
        before = start;
    }
    0
}

/// The start of the first barrier that starts at or after byte `at` of
/// `key`, or the end of the key.
fn barrier_start_from(key: &str, lexicon: &Lexicon, at: usize) -> usize {
    let bytes = key.as_bytes();
    // Letters that go on with a word started before `at` start none.
    let mut from = if at > 0 && bytes.get(at - 1).is_some_and(u8::is_ascii_alphabetic) {
        ascii_letters_run_end(bytes, at)
    } else {
        at
    };
    while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_alphabetic) {
        let start = from + offset;
        if barrier_at(key, lexicon, start).is_some() {
            return start;
        }
        from = ascii_letters_run_end(bytes, start);
    }
    key.len()
}

/// Where the run of ASCII letters from `at` ends.
fn ascii_letters_run_end(bytes: &[u8], at: usize) -> usize {
    let mut end = ascii_letters_end(bytes, at);
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    end
}

/// The end of the barrier that starts at byte `start` of `key`, if one
/// does: a word of ASCII letters after no word character, before no word
/// character or digit, that is no word of any key.
fn barrier_at(key: &str, lexicon: &Lexicon, start: usize) -> Option<usize> {
    if !key.as_bytes().get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let after_non_word = !key[..start].chars().next_back().is_some_and(is_word_char);
    let end = first_word_end(key, start);
    let kind = lexicon.word_kind(&key[start..end]);
    is_barrier(key, start..end, after_non_word, kind).then_some(end)
}

/// Whether the word `word` of `key`, whose first byte is an ASCII letter,
/// read whole by [`first_word_end`], of lexicon kind `kind`, is a barrier.
fn is_barrier(key: &str, word: Range<usize>, after_non_word: bool, kind: WordKind) -> bool {
    let before_non_word = !key.as_bytes().get(word.end).is_some_and(u8::is_ascii_digit);
    after_non_word && before_non_word && key[word].is_ascii() && !kind.may_be_in_a_key
}

/// Calls `visit` with the byte offsets of `key` where a lexicon word may
/// start, in order (see [`for_each_place_in`]).
#[cfg(test)]
pub(super) fn for_each_possible_start(key: &str, lexicon: &Lexicon, mut visit: impl FnMut(usize)) {
    for_each_place_in(key, lexicon, 0..key.len(), |place| {
        if let Place::Start(at) = place {
            visit(at);
        }
    });
}

/// Calls `visit` with the places of `window` of `key` where a lexicon word
/// may start, and with its barriers, in order. The window starts and ends
/// at places a reading of the whole key stops at (its start, its end, the
/// ends and starts of barriers), so that the places met are those a
/// reading of the whole key meets there.
///
/// A word may start at every offset whose left edge [`at_word_edges`] can
/// accept (the start of the key, a character after a non-word character or
/// a digit, a non-word character itself: signs such as `$` stand anywhere,
/// and an Arabic letter after proclitics), whose byte starts some key, and
/// whose [`first_word_end`] word is the first word of some key.
pub(super) fn for_each_place_in(
    key: &str,
    lexicon: &Lexicon,
    window: Range<usize>,
    mut visit: impl FnMut(Place),
) {
    let bytes = key.as_bytes();
    let mut previous: Option<char> = key[..window.start].chars().next_back();
    let mut at = window.start;
    while let Some(&byte) = bytes.get(at).filter(|_| at < window.end) {
        let start = at;
        if byte.is_ascii_alphabetic() {
            // No word starts after an ASCII letter up to the end of its word
            // (the letters before would be more than proclitics): the word
            // is passed in one step, whether or not it is visited.
            let word_end = first_word_end(key, start);
            let kind = lexicon.word_kind(&key[start..word_end]);
            let after_non_word = previous.is_none_or(|b| !is_word_char(b));
            if is_barrier(key, start..word_end, after_non_word, kind) {
                visit(Place::Barrier(start));
            } else if (after_non_word || previous.is_some_and(|b| b.is_ascii_digit()))
                && lexicon.may_start_with(byte)
                && kind.may_start_a_key
            {
                visit(Place::Start(start));
            }
            at = word_end;
            // What follows the word is a non-word character, which may
            // start a word whatever comes before it, or an ASCII digit,
            // which may not after any letter: the first stands for the
            // last.
            previous = Some(char::from(byte));
            continue;
        }
        // ASCII, most of a key, is read without decoding.
        let c = if byte.is_ascii() {
            char::from(byte)
        } else {
            key[at..].chars().next().unwrap_or_default()
        };
        at += c.len_utf8();
        let before = previous.replace(c);
        if !lexicon.may_start_with(byte) {
            continue;
        }
        let possible = match before {
            None => true,
            Some(b) if !is_word_char(b) || b.is_ascii_digit() || !is_word_char(c) => true,
            Some(b) => "وفبلك".contains(b) && is_arabic(c) && only_proclitics_before(key, start),
        };
        if possible
            && lexicon
                .word_kind(&key[start..first_word_end(key, start)])
                .may_start_a_key
        {
            visit(Place::Start(start));
        }
    }
}

/// Where the word starting at byte `start` of `text` ends: the first
/// character that is not a word character, or is an ASCII digit.
///
/// A lexicon key that matches at `start` and ends at a word edge (see
/// [`at_word_edges`]) has exactly this word as its own first word: either
/// the key is this word, the character after it being no letter, or the
/// key goes on past its first word with a sign, space or digit, which the
/// text has there too.
pub(super) fn first_word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = ascii_letters_end(bytes, start);
    while let Some(&byte) = bytes.get(end) {
        if byte.is_ascii_alphabetic() {
            end += 1;
            continue;
        }
        // Other ASCII characters are digits or no word characters.
        if byte.is_ascii() {
            break;
        }
        let c = match text.get(end..).and_then(|rest| rest.chars().next()) {
            Some(c) if !c.is_ascii() && is_word_char(c) => c,
            _ => break,
        };
        end += c.len_utf8();
    }
    end
}

/// Where the run of ASCII letters from `at` ends, or the last stretch of
/// eight bytes before the end of `bytes`, whichever comes first. Eight
/// bytes are tested at a time: a byte is a letter when it has no high bit
/// and, with the lowercase bit set, lies between `a` and `z`; adding
/// `0x80 - 'a'` and `0x80 - ('z' + 1)` to each of the seven-bit bytes
/// sets their high bit from `a` and past `z`, without a carry between
/// bytes.
fn ascii_letters_end(bytes: &[u8], at: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut end = at;
    while let Some(eight) = bytes
        .get(end..end + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        let x = u64::from_le_bytes(eight);
        let lowered = (x | 0x2020_2020_2020_2020) & !HIGH;
        let from_a = lowered + 0x1f1f_1f1f_1f1f_1f1f;
        let past_z = lowered + 0x0505_0505_0505_0505;
        let others = !(from_a & !past_z & !x) & HIGH;
        if others != 0 {
            return end + (others.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    end
}

/// True when `start..end` overlaps one of `numbers` (sorted by position).
fn overlaps_a_number(numbers: &[RawNumber], start: usize, end: usize) -> bool {
    let first_ending_after = numbers.partition_point(|n| n.span.end <= start);
    numbers
        .get(first_ending_after)
        .is_some_and(|n| n.span.start < end)
}

/// A lexicon match must not start or end inside a word. Exceptions: scale
/// and currency words may touch digits (`5m`, `USD5`), range words too
/// (`و10`), and Arabic words may carry proclitics (`بأكثر من`).
pub(super) fn at_word_edges(key: &str, start: usize, end: usize, entry: &Entry) -> bool {
    let form = &key[start..end];
    let (Some(first), Some(last)) = (form.chars().next(), form.chars().next_back()) else {
        return false;
    };
    // "5m", "5€", "و10" are written together; an ISO code glued to digits
    // is a name ("COP27", "G20"), not money.
    let touches_digits = (!entry.currencies.is_empty() && !entry.is_code)
        || !entry.scales.is_empty()
        || entry.joins_range.is_some();
    let edge_ok = |neighbour: Option<char>, inner: char| match neighbour {
        _ if !is_word_char(inner) => true,
        None => true,
        Some(c) if !is_word_char(c) => true,
        Some(c) if c.is_ascii_digit() => touches_digits,
        Some(_) => false,
    };
    let before = key[..start].chars().next_back();
    let left_ok =
        edge_ok(before, first) || (is_arabic(first) && only_proclitics_before(key, start));
    left_ok && edge_ok(key[end..].chars().next(), last)
}

/// ISO codes count only when written in capitals in the source text.
fn is_capitals(folded: &Folded, chars: &[char], start: usize, end: usize) -> bool {
    let (from, to) = folded.source_span(start, end);
    chars
        .get(from..to)
        .is_some_and(|written| written.iter().all(char::is_ascii_uppercase))
}
