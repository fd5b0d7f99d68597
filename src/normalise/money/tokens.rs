//! The tokens an amount is read from: the numbers of a matching key and the
//! lexicon words standing at word edges.
//!
//! The lexicon is walked only from the places a word may start (see
//! [`for_each_possible_start`]), and only where the word of the text there
//! is the first word of some key: a key ends at a word edge, so its letters
//! up to its first sign, digit or space are the letters the text has there.
//! Most words of a statement ("the", "ministry") start no key, and are
//! passed over without walking the lexicon.

use std::cmp::Reverse;

use super::lexicon::{Entry, LEXICON, Lexicon};
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
/// words overlap, the leftmost wins, then the longest.
pub(super) fn tokenize(folded: &Folded, chars: &[char]) -> Vec<Token> {
    let key = folded.key.as_str();
    let lexicon: &Lexicon = &LEXICON;
    let numbers = number::scan(key);
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    for_each_possible_start(key, lexicon, |start| {
        lexicon.words_at(key, start, |end, id| {
            let entry = &lexicon.entries[id];
            if at_word_edges(key, start, end, entry)
                && (!entry.is_code || is_capitals(folded, chars, start, end))
                && !overlaps_a_number(&numbers, start, end)
            {
                words.push((start, end, id));
            }
        });
    });
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

/// Calls `visit` with the byte offsets of `key` where a lexicon word may
/// start, in order.
///
/// That is every offset whose left edge [`at_word_edges`] can accept (the
/// start of the key, a character after a non-word character or a digit, a
/// non-word character itself: signs such as `$` stand anywhere, and an
/// Arabic letter after proclitics), whose byte starts some key, and whose
/// [`first_word_end`] word is the first word of some key.
pub(super) fn for_each_possible_start(key: &str, lexicon: &Lexicon, mut visit: impl FnMut(usize)) {
    let bytes = key.as_bytes();
    let mut previous: Option<char> = None;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let start = at;
        if byte.is_ascii_alphabetic() {
            // No word starts after an ASCII letter up to the end of its word
            // (the letters before would be more than proclitics): the word
            // is passed in one step, whether or not it is visited.
            let word_end = first_word_end(key, start);
            let possible = previous.is_none_or(|b| !is_word_char(b) || b.is_ascii_digit());
            if possible
                && lexicon.may_start_with(byte)
                && lexicon.may_be_first_word(&key[start..word_end])
            {
                visit(start);
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
        if !possible {
            continue;
        }
        let word_end = first_word_end(key, start);
        if lexicon.may_be_first_word(&key[start..word_end]) {
            visit(start);
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
    let mut end = start;
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
