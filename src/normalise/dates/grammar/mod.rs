//! The date grammar: finds date expressions in a matching key and says
//! which day, month and year each one wrote, without inferring anything.
//!
//! It reads tokens (see [`tokens`](super::tokens)) and month names (see
//! [`lexicon`](super::lexicon)) and tries, at each token, every form below,
//! keeping the longest that fits:
//!
//! - day first: `26 آب/أغسطس`, `1er mars 2022`, `20 de diciembre de 2023`,
//!   `28 февраля 2022 года`, `۷ اردیبهشت ۱۴۰۲`, `1 رمضان 1445 هـ`,
//!   `the 1st of May`;
//! - month first: `March 3, 2022`, `May 3rd`;
//! - month and year: `March 2022`, `حزيران 2021`, `июне 2022 года`;
//! - a month alone after a preposition or with "last"/"next":
//!   `في حزيران`, `حزيران/يونيو الماضي`, `last June`, `juin dernier`;
//! - a year after a year noun, a preposition or before an era mark:
//!   `عام 2021`, `in 2021`, `1445 هـ`, `2021 год`;
//! - Chinese `2021年2月11日`, `2021年2月`, `2021年`; digits `2022-05-03`,
//!   `۱۴۰۰/۰۱/۱۵`, `28.02.2022`;
//! - ranges of any of these joined by a dash, "to", "between … and":
//!   `3–5 May 2022`, `from 3 to 5 May 2022`, `2021–2022`, `بين 2019 و2021`.

use std::cell::OnceCell;
use std::ops::Range;

use crate::record::Calendar;

mod range;
mod single;

use super::lexicon::{self, MonthName};
use super::months::{MONTHS, MonthMatch};
use super::tokens::{self, Kind, Token};

/// The day, month and year an expression wrote (any may be missing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Point {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A word that places a month or day relative to the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relative {
    /// "last June": the most recent one before the reference date.
    Last,
    /// "next May": the first one after it.
    Next,
    /// "this June": the one nearest to it.
    This,
    /// "January 20 of this year", `20 آذار من العام الجاري`: in the
    /// reference date's year.
    ThisYear,
    /// "June 3 last year", `في آذار من العام الماضي`: in the year before it.
    LastYear,
    /// "March of next year", `في آذار من العام المقبل`: in the year after it.
    NextYear,
}

/// A date expression found in a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the key.
    pub start: usize,
    pub end: usize,
    pub calendar: Calendar,
    /// The date, or the first end of a range.
    pub from: Point,
    /// The last end of a range written with two ends.
    pub to: Option<Point>,
    pub relative: Option<Relative>,
}

/// Every date expression in `key`, in order, not overlapping.
/// `language` is the statement's BCP 47 tag (`und` when unknown); it only
/// decides how `04/05/2021` is read.
pub fn find(key: &str, language: &str) -> Vec<Found> {
    Grammar::new(key, language).find()
}

/// [`find`] reading every token of the key, as it did before it read
/// only those near numbers and month names.
#[cfg(test)]
pub fn find_in_every_token(key: &str, language: &str) -> Vec<Found> {
    let tokens = tokens::tokenize(key);
    let words = (tokens.iter())
        .filter(|token| token.kind == Kind::Word)
        .map(|token| token.start..token.end);
    let hits = MONTHS.find(key, words);
    Grammar::with_tokens(key, language, tokens, &hits).find()
}

/// Tokens the grammar may read before the token a number or a month name
/// is in: a year noun and `بين` before a year (`بين عام 2019`), a
/// preposition and `de` before a month (`au mois de juin`), a word and a
/// hyphen (`mid-2022`); one more to spare.
const READ_BEFORE: usize = 3;

/// Tokens the grammar may read past the last number or month name of an
/// expression: a closing parenthesis, `ماه` and a relative phrase of three
/// words with periods between after a month (`(مايو) من العام الماضي`),
/// or an era mark of three tokens and a scale word after a year (`ه.ش`);
/// two more to spare.
const READ_AFTER: usize = 10;

impl Grammar<'_> {
    /// Every date expression of the key, in order, not overlapping.
    fn find(&self) -> Vec<Found> {
        let grammar = self;
        let mut found: Vec<Found> = Vec::new();
        let mut at = 0;
        while at < grammar.tokens.len() {
            let best = if grammar.may_start(at) {
                let single = grammar.single(at);
                longest(grammar.range(at, single), single).or_else(|| grammar.listed_day(at))
            } else {
                None
            };
            match best {
                Some(piece) => {
                    let floor = found.last().map_or(0, |f| f.end);
                    found.extend(grammar.to_found(&piece, floor));
                    at = piece.last + 1;
                }
                None => at += 1,
            }
        }
        found
    }
}

/// A parsed expression: token range and what it wrote.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte where the text starts (inside the first token when a clitic is
    /// left out, before it when "last" comes first).
    start: usize,
    /// Index of the last token.
    last: usize,
    calendar: Calendar,
    point: Point,
    to: Option<Point>,
    relative: Option<Relative>,
}

/// A month name as used: the name, whether it was paired with another
/// spelling of the same month (`آب/أغسطس`), and its last token.
#[derive(Debug, Clone, Copy)]
struct MonthRef {
    name: MonthName,
    paired: bool,
    last: usize,
    /// Byte where the name starts.
    start: usize,
}

/// A four-digit number, with the calendar its era mark names.
#[derive(Debug, Clone, Copy)]
struct YearRef {
    value: i32,
    era: Option<Calendar>,
    last: usize,
}

struct Grammar<'k> {
    key: &'k str,
    tokens: Vec<Token>,
    /// For each token that starts a month name: the name, the index of its
    /// last token, and the byte where the name starts (after a clitic
    /// `و` or `ب` glued to it, as in `وآذار`).
    months: Vec<Option<(MonthName, usize, usize)>>,
    /// `04/05/2021` is 4 May: the statement is not in English, or, when its
    /// language is unknown, not in Latin script.
    day_first: bool,
    /// The text has letters only Persian writes (پ چ ژ گ): looked for
    /// the first time it is asked, which few statements need.
    persian_script: OnceCell<bool>,
}

impl<'k> Grammar<'k> {
    /// The grammar of `key`, with the tokens near its numbers and month
    /// names only: every expression has one of them, and the grammar reads
    /// at most [`READ_BEFORE`] tokens before them and [`READ_AFTER`] past
    /// them, so the others cannot change what it finds.
    fn new(key: &'k str, language: &str) -> Grammar<'k> {
        let mut anchors: Vec<Range<usize>> = Vec::new();
        let mut finder = MONTHS.finder();
        tokens::each_run(key, |run, digits| {
            if digits {
                anchors.push(run);
            } else {
                finder.word(key, run);
            }
        });
        let hits = finder.found;
        anchors.extend(hits.iter().map(|hit| hit.start..hit.end));
        anchors.sort_unstable_by_key(|anchor| anchor.start);
        let tokens = tokens::tokenize_near(key, &anchors, READ_BEFORE, READ_AFTER);
        Grammar::with_tokens(key, language, tokens, &hits)
    }

    /// The grammar of `key` with the given `tokens` (in order, as the
    /// whole key has them) and month names.
    fn with_tokens(
        key: &'k str,
        language: &str,
        tokens: Vec<Token>,
        hits: &[MonthMatch],
    ) -> Grammar<'k> {
        let mut months = vec![None; tokens.len()];
        for hit in hits {
            let first = tokens
                .binary_search_by_key(&hit.start, |t| t.start)
                .or_else(|_| after_clitic(key, &tokens, hit.start));
            let last = tokens.binary_search_by_key(&hit.end, |t| t.end);
            if let (Ok(first), Ok(last)) = (first, last)
                && tokens[first].kind == Kind::Word
                && let Some(slot) = months.get_mut(first)
            {
                *slot = Some((hit.name, last, hit.start));
            }
        }
        Grammar {
            key,
            tokens,
            months,
            day_first: match language.split('-').next() {
                Some("en") => false,
                Some("und" | "") | None => !mostly_latin(key),
                Some(_) => true,
            },
            persian_script: OnceCell::new(),
        }
    }

    /// The text has letters only Persian writes (پ چ ژ گ).
    fn persian_script(&self) -> bool {
        *(self.persian_script).get_or_init(|| self.key.contains(['پ', 'چ', 'ژ', 'گ']))
    }

    /// Whether an expression may start at token `i`: every form starts
    /// with a number, a month name or a year noun before a number (a
    /// relative word or preposition before it is looked back at from
    /// there), so any other token is skipped without trying them all.
    fn may_start(&self, i: usize) -> bool {
        self.number(i).is_some()
            || self.months.get(i).is_some_and(Option::is_some)
            || (self.number(i + 1).is_some() && self.year_noun(i).is_some())
    }

    // ----- token access -------------------------------------------------

    fn word(&self, i: usize) -> Option<&'k str> {
        let token = self.tokens.get(i)?;
        (token.kind == Kind::Word).then(|| &self.key[token.start..token.end])
    }

    fn number(&self, i: usize) -> Option<(u32, usize)> {
        match self.tokens.get(i)?.kind {
            Kind::Number {
                value: Some(v),
                digits,
            } => Some((v, digits)),
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.tokens.get(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    /// Token `i` follows token `i - 1` with no space between.
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.tokens.get(i).is_some_and(|t| !t.spaced)
    }

    fn is_word_in(&self, i: usize, words: &lexicon::Words) -> bool {
        self.word(i).is_some_and(|w| words.contains(w))
    }

    fn word_before(&self, i: usize, words: &lexicon::Words) -> bool {
        i > 0 && self.is_word_in(i - 1, words)
    }

    /// Number `i` is part of a larger written number: `1,000`, `3.5`,
    /// `10:30`, `12/05`.
    fn in_bigger_number(&self, i: usize) -> bool {
        let joins = |c: Option<char>| c.is_some_and(|c| ".,:/'٫٬".contains(c));
        let before = i >= 2
            && joins(self.punct(i - 1))
            && self.glued(i)
            && self.glued(i - 1)
            && self.number(i - 2).is_some();
        let after = joins(self.punct(i + 1))
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.number(i + 2).is_some();
        before || after
    }

    // ----- parts ----------------------------------------------------------

    /// A day of the month, with an ordinal suffix if one is glued on.
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let (value, digits) = self.number(i)?;
        if digits > 2 || !(1..=31).contains(&value) || self.in_bigger_number(i) {
            return None;
        }
        let last = if self.glued(i + 1) && self.is_word_in(i + 1, &lexicon::ORDINAL_SUFFIXES) {
            i + 1
        } else {
            i
        };
        Some((u8::try_from(value).ok()?, last))
    }

    /// A four-digit number and the era mark after it, if any.
    fn year(&self, i: usize) -> Option<YearRef> {
        let (value, digits) = self.number(i)?;
        if digits != 4 || self.in_bigger_number(i) {
            return None;
        }
        let value = i32::try_from(value).ok()?;
        if self.phrase(i + 1, &lexicon::BEFORE_CHRIST).is_some() {
            return None;
        }
        let (era, last) = self.era(i + 1).map_or((None, i), |(c, l)| (Some(c), l));
        Some(YearRef { value, era, last })
    }

    /// An era mark starting at token `i`: `هـ`, `ه.ق`, `ه.ش`, `هجري شمسي`,
    /// `م`, `AH`, `года`.
    fn era(&self, i: usize) -> Option<(Calendar, usize)> {
        let word = self.word(i)?;
        let dotted =
            |letter: &str| self.punct(i + 1) == Some('.') && self.word(i + 2) == Some(letter);
        if word == "ه" && dotted("ش") {
            return Some((Calendar::Persian, i + 2));
        }
        if word == "ه" && dotted("ق") {
            return Some((Calendar::Islamic, i + 2));
        }
        if lexicon::ISLAMIC_ERA.contains(word) {
            return match self.word(i + 1) {
                Some(next) if lexicon::PERSIAN_ERA.contains(next) => {
                    Some((Calendar::Persian, i + 1))
                }
                Some(next) if lexicon::ISLAMIC_ERA.contains(next) => {
                    Some((Calendar::Islamic, i + 1))
                }
                _ => Some((Calendar::Islamic, i)),
            };
        }
        if lexicon::PERSIAN_ERA.contains(word) {
            return Some((Calendar::Persian, i));
        }
        lexicon::GREGORIAN_ERA
            .contains(word)
            .then_some((Calendar::Gregorian, i))
    }

    /// A year of `calendar` at token `i`: its era mark, if any, must agree,
    /// and it must be in the range documents of that calendar use.
    fn year_of(&self, i: usize, calendar: Calendar) -> Option<YearRef> {
        let year = self.year(i)?;
        let agrees = year.era.is_none_or(|era| era == calendar);
        (agrees && plausible_year(calendar, year.value)).then_some(year)
    }

    /// A month name at token `i`, with its optional period, paired
    /// spelling (`آب/أغسطس`, `أيار (مايو)`) and Persian `ماه`.
    fn month(&self, i: usize) -> Option<MonthRef> {
        let (name, mut last, start) = (*self.months.get(i)?)?;
        if name.abbreviated && self.punct(last + 1) == Some('.') && self.glued(last + 1) {
            last += 1;
        }
        let mut paired = false;
        let same = |j: usize| {
            self.months
                .get(j)
                .copied()
                .flatten()
                .filter(|(other, _, _)| {
                    other.calendar == name.calendar && other.number == name.number
                })
        };
        match self.punct(last + 1) {
            // `فبراير شباط الماضي`, `11 سبتمبر ايلول 2001`: the two names
            // side by side, as Arabic newswire often writes them.
            None => {
                if let Some((_, end, _)) = same(last + 1) {
                    (paired, last) = (true, end);
                }
            }
            Some('/') => {
                if let Some((_, end, _)) = same(last + 2) {
                    (paired, last) = (true, end);
                }
            }
            Some('(') => {
                if let Some((_, end, _)) = same(last + 2)
                    && self.punct(end + 1) == Some(')')
                {
                    (paired, last) = (true, end + 1);
                }
            }
            _ => {}
        }
        if self.is_word_in(last + 1, &lexicon::MONTH_NOUNS_AFTER) {
            last += 1;
        }
        Some(MonthRef {
            name,
            paired,
            last,
            start,
        })
    }

    /// A year after a month: `mayo de 2022`, `March, 2022`, `آذار/مارس، 2022`,
    /// `يوليو من عام 1987`.
    fn year_after_month(&self, i: usize, calendar: Calendar) -> Option<YearRef> {
        let mut j = i;
        if matches!(self.punct(j), Some(',' | '،')) {
            j += 1;
        }
        if self.is_word_in(j, &lexicon::MONTH_YEAR_LINKS) {
            j += 1;
        }
        if self.is_word_in(j, &lexicon::YEAR_NOUNS) {
            j += 1;
        }
        self.year_of(j, calendar)
    }

    /// A relative word right after token `last`, or right before token
    /// `first`.
    fn relative(&self, first: usize, last: usize) -> Option<(Relative, usize, usize)> {
        let years = [
            (&lexicon::THIS_YEAR, Relative::ThisYear),
            (&lexicon::LAST_YEAR, Relative::LastYear),
            (&lexicon::NEXT_YEAR, Relative::NextYear),
        ];
        for (phrases, relative) in years {
            if let Some(end) = self.phrase(last + 1, phrases) {
                return Some((relative, first, end));
            }
        }
        let after = self.word(last + 1);
        if let Some(r) = after
            .filter(|w| !lexicon::RELATIVE_BEFORE_ONLY.contains(w))
            .and_then(relative_word)
        {
            return Some((r, first, last + 1));
        }
        let before = first.checked_sub(1)?;
        if let Some(r) = self.word(before).and_then(relative_word) {
            return Some((r, before, last));
        }
        // "Since June": a June before the reference date; the word stays
        // out of the text, like any preposition.
        self.is_word_in(before, &lexicon::SINCE_WORDS)
            .then_some((Relative::Last, first, last))
    }

    /// The last token of the longest of `phrases` that starts at token `i`.
    /// Periods between the words are skipped (`ق.م`, `B.C.`).
    fn phrase(&self, i: usize, phrases: &lexicon::Phrases) -> Option<usize> {
        phrases
            .iter()
            .filter_map(|words| self.words_at(i, words))
            .max()
    }

    /// The last token of `words` written from token `i` on, periods
    /// between them allowed.
    fn words_at(&self, i: usize, words: &[String]) -> Option<usize> {
        let mut at = i;
        for (k, word) in words.iter().enumerate() {
            if k > 0 && self.punct(at) == Some('.') {
                at += 1;
            }
            if self.word(at) != Some(word.as_str()) {
                return None;
            }
            at += 1;
        }
        at.checked_sub(1)
    }

    // ----- output -------------------------------------------------------

    /// The key span of a piece, without punctuation at its end (a closing
    /// parenthesis stays when its opening one is inside), starting no
    /// earlier than `floor`.
    fn to_found(&self, piece: &Piece, floor: usize) -> Option<Found> {
        let mut last = piece.last;
        while let Some(c) = self.punct(last) {
            let opened = c == ')'
                && self
                    .key
                    .get(piece.start..self.tokens.get(last)?.start)?
                    .contains('(');
            if opened || last == 0 {
                break;
            }
            last -= 1;
        }
        let end = self.tokens.get(last)?.end;
        let start = piece.start.max(floor);
        (start < end).then_some(Found {
            start,
            end,
            calendar: piece.calendar,
            from: piece.point,
            to: piece.to,
            relative: piece.relative,
        })
    }
}

/// More letters of `key` are Latin than not (only asked when the
/// statement's language is unknown).
fn mostly_latin(key: &str) -> bool {
    let letters = key.chars().filter(|c| c.is_alphabetic());
    let (latin, other) = letters.fold((0usize, 0usize), |(l, o), c| {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            (l + 1, o)
        } else {
            (l, o + 1)
        }
    });
    latin > other
}

/// The token that a month name found at byte `start` begins inside, when
/// only a conjunction or preposition clitic (`و`, `ب`) comes before it.
fn after_clitic(key: &str, tokens: &[Token], start: usize) -> Result<usize, usize> {
    let index = tokens
        .partition_point(|t| t.start < start)
        .checked_sub(1)
        .ok_or(0usize)?;
    let token = tokens.get(index).ok_or(index)?;
    let clitic = key.get(token.start..start).ok_or(index)?;
    if token.kind == Kind::Word && matches!(clitic, "و" | "ب") {
        Ok(index)
    } else {
        Err(index)
    }
}

fn longest(a: Option<Piece>, b: Option<Piece>) -> Option<Piece> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.last > a.last { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn year_point(year: i32) -> Point {
    Point {
        year: Some(year),
        ..Point::default()
    }
}

/// Years a statement plausibly writes: 1900–2100 Gregorian, 1300–1500 in
/// the Hijri and Solar Hijri calendars (1300 AH is 1882, 1300 SH is 1921).
pub fn plausible_year(calendar: Calendar, year: i32) -> bool {
    match calendar {
        Calendar::Gregorian => (1900..=2100).contains(&year),
        Calendar::Islamic | Calendar::Persian => (1300..=1500).contains(&year),
    }
}

fn relative_word(word: &str) -> Option<Relative> {
    if lexicon::RELATIVE_LAST.contains(word) {
        Some(Relative::Last)
    } else if lexicon::RELATIVE_NEXT.contains(word) {
        Some(Relative::Next)
    } else if lexicon::RELATIVE_THIS.contains(word) {
        Some(Relative::This)
    } else {
        None
    }
}
