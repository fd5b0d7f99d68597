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

use crate::record::Calendar;

use super::lexicon::{self, MONTHS, MonthName};
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
    let grammar = Grammar::new(key, language);
    let mut found: Vec<Found> = Vec::new();
    let mut at = 0;
    while at < grammar.tokens.len() {
        let best =
            longest(grammar.range(at), grammar.single(at)).or_else(|| grammar.listed_day(at));
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
    /// The text has letters only Persian writes (پ چ ژ گ).
    persian_script: bool,
}

impl<'k> Grammar<'k> {
    fn new(key: &'k str, language: &str) -> Grammar<'k> {
        let tokens = tokens::tokenize(key);
        let mut months = vec![None; tokens.len()];
        for hit in MONTHS.find(key) {
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
        let letters = key.chars().filter(|c| c.is_alphabetic());
        let (latin, other) = letters.fold((0usize, 0usize), |(l, o), c| {
            if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                (l + 1, o)
            } else {
                (l, o + 1)
            }
        });
        Grammar {
            key,
            tokens,
            months,
            day_first: match language.split('-').next() {
                Some("en") => false,
                Some("und" | "") | None => latin <= other,
                Some(_) => true,
            },
            persian_script: key.contains(['پ', 'چ', 'ژ', 'گ']),
        }
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

    // ----- single expressions ----------------------------------------------

    /// The longest single (non-range) expression starting at token `i`.
    fn single(&self, i: usize) -> Option<Piece> {
        [
            self.numeric(i),
            self.chinese(i),
            self.day_first(i),
            self.month_first(i),
            self.month_year(i),
            self.year_alone(i),
            self.month_alone(i),
        ]
        .into_iter()
        .fold(None, longest)
    }

    fn piece(&self, first: usize, last: usize, calendar: Calendar, point: Point) -> Piece {
        let start = self.tokens.get(first).map_or(0, |t| t.start);
        Piece {
            start,
            last,
            calendar,
            point,
            to: None,
            relative: None,
        }
    }

    /// Adds a relative word next to a date written without a year.
    fn with_relative(&self, mut piece: Piece, first: usize) -> Piece {
        if piece.point.year.is_none()
            && let Some((relative, from, last)) = self.relative(first, piece.last)
        {
            piece.relative = Some(relative);
            piece.start = self.tokens.get(from).map_or(piece.start, |t| t.start);
            piece.last = last;
        }
        piece
    }

    /// `26 آب/أغسطس`, `1er mars 2022`, `20 de diciembre de 2023`, `1st of May`.
    fn day_first(&self, i: usize) -> Option<Piece> {
        let (day, mut j) = self.day(i)?;
        j += 1;
        if self.is_word_in(j, &lexicon::DAY_MONTH_LINKS) {
            j += 1;
        }
        let month = self.month(j)?;
        let calendar = month.name.calendar;
        let mut point = Point {
            year: None,
            month: Some(month.name.number),
            day: Some(day),
        };
        let mut last = month.last;
        match self.year_after_month(month.last + 1, calendar) {
            Some(year) => {
                point.year = Some(year.value);
                last = year.last;
            }
            None if month.name.needs_year && !month.paired => return None,
            None => {}
        }
        Some(self.with_relative(self.piece(i, last, calendar, point), i))
    }

    /// `March 3, 2022`, `May 3rd`: Latin and Cyrillic Gregorian names only,
    /// since Arabic-script text puts the day first.
    fn month_first(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        let calendar = month.name.calendar;
        let latin = self
            .word(i)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c < '\u{0590}');
        if calendar != Calendar::Gregorian || !latin {
            return None;
        }
        let (day, day_last) = self.day(month.last + 1)?;
        let year = self.year_after_month(day_last + 1, calendar);
        if year.is_none() && month.name.needs_year {
            return None;
        }
        let last = year.map_or(day_last, |y| y.last);
        let mut piece = self.month_piece(&month, last, year.map(|y| y.value));
        piece.point.day = Some(day);
        Some(self.with_relative(piece, i))
    }

    /// `March 2022`, `حزيران 2021`, `اردیبهشت ۱۴۰۲`.
    fn month_year(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        let calendar = month.name.calendar;
        let year = self.year_after_month(month.last + 1, calendar)?;
        Some(self.month_piece(&month, year.last, Some(year.value)))
    }

    /// A month written alone: a date only after a preposition (`في حزيران`,
    /// `in June`, `au mois de juin`, `تا پایان آذر`), before an Urdu
    /// postposition (`ستمبر میں`, `ستمبر اور اکتوبر کے دوران`), or with a
    /// relative word (`حزيران/يونيو الماضي`, `last June`).
    fn month_alone(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        if !(month.name.alone || month.paired && !month.name.abbreviated) {
            return None;
        }
        let piece = self.with_relative(self.month_piece(&month, month.last, None), i);
        if month.name.calendar == Calendar::Persian {
            let context = self.word_before(i, &lexicon::PERSIAN_MONTH_CONTEXT);
            return (piece.relative.is_some() || context).then_some(piece);
        }
        let context = piece.relative.is_some()
            || self.month_context(i)
            || self.is_word_in(month.last + 1, &lexicon::POSTPOSITIONS)
            || self.coordinated_with_postposition(month.last + 1);
        context.then_some(piece)
    }

    /// `اور اکتوبر کے` after a month: "and" another month and a postposition.
    fn coordinated_with_postposition(&self, j: usize) -> bool {
        self.is_word_in(j, &lexicon::AND_WORDS)
            && self
                .month(j + 1)
                .is_some_and(|next| self.is_word_in(next.last + 1, &lexicon::POSTPOSITIONS))
    }

    /// A preposition before a month, looking through `de`/`of` in
    /// `au mois de juin`, `el mes de junio`, `end of June`.
    fn month_context(&self, i: usize) -> bool {
        if self.word_before(i, &lexicon::MONTH_PREPOSITIONS) {
            return true;
        }
        let link = i.checked_sub(1).and_then(|j| self.word(j));
        matches!(link, Some("de" | "do" | "of"))
            && i >= 2
            && self.is_word_in(i - 2, &lexicon::MONTH_PREPOSITIONS)
    }

    /// A piece that starts with `month` and ends at token `last`.
    fn month_piece(&self, month: &MonthRef, last: usize, year: Option<i32>) -> Piece {
        let point = Point {
            year,
            month: Some(month.name.number),
            day: None,
        };
        Piece {
            start: month.start,
            last,
            calendar: month.name.calendar,
            point,
            to: None,
            relative: None,
        }
    }

    /// A year on its own: after a year noun (`عام 2021`, `لعام 2021`,
    /// `سال ۱۴۰۲`), after a preposition (`in 2021`), or before an era mark
    /// (`1445 هـ`, `2021 год`). Never before a scale word (`في 2000 مليون`).
    fn year_alone(&self, i: usize) -> Option<Piece> {
        if let Some((noun_start, persian_noun)) = self.year_noun(i) {
            let year = self.year(i + 1)?;
            let calendar = year.era.unwrap_or(
                if persian_noun && plausible_year(Calendar::Persian, year.value) {
                    Calendar::Persian
                } else {
                    Calendar::Gregorian
                },
            );
            if !plausible_year(calendar, year.value) || self.scale_after(year.last) {
                return None;
            }
            let mut piece = self.piece(i, year.last, calendar, year_point(year.value));
            piece.start = noun_start;
            return Some(piece);
        }
        let year = self.year(i)?;
        let calendar = year.era.unwrap_or(Calendar::Gregorian);
        let period_of = i >= 2
            && self.is_word_in(i - 1, &lexicon::OF_WORDS)
            && self.is_word_in(i - 2, &lexicon::PERIOD_NOUNS);
        let context = year.era.is_some()
            || period_of
            || self.word_before(i, &lexicon::YEAR_PREPOSITIONS)
            || self.is_word_in(year.last + 1, &lexicon::POSTPOSITIONS);
        if !context || !plausible_year(calendar, year.value) || self.scale_after(year.last) {
            return None;
        }
        Some(self.piece(i, year.last, calendar, year_point(year.value)))
    }

    /// A year noun at token `i`, possibly after clitics (`لعام`, `وللعام`):
    /// the byte where the noun starts, and whether it is Persian `سال`.
    fn year_noun(&self, i: usize) -> Option<(usize, bool)> {
        let word = self.word(i)?;
        let start = self.tokens.get(i)?.start;
        let mut rest = word;
        for _ in 0..3 {
            if lexicon::YEAR_NOUNS.contains(rest) {
                let persian = rest == "سال";
                return Some((start + word.len() - rest.len(), persian));
            }
            rest = ["و", "ف", "ب", "ل", "ك"]
                .iter()
                .find_map(|c| rest.strip_prefix(c))?;
        }
        None
    }

    fn scale_after(&self, last: usize) -> bool {
        self.is_word_in(last + 1, &lexicon::SCALE_WORDS) || self.punct(last + 1) == Some('%')
    }

    /// `2021年2月11日`, `2021年2月`, `2021年`, `2月11日`, `8月`.
    fn chinese(&self, i: usize) -> Option<Piece> {
        let mut point = Point::default();
        let mut j = i;
        if let Some((year, 4)) = self.number(i)
            && self.word(i + 1) == Some("年")
        {
            point.year = Some(i32::try_from(year).ok()?);
            j = i + 2;
        }
        let small = |k: usize, max: u32| {
            self.number(k)
                .filter(|&(v, d)| d <= 2 && (1..=max).contains(&v))
        };
        if let Some((month, _)) = small(j, 12)
            && self.word(j + 1) == Some("月")
        {
            point.month = u8::try_from(month).ok();
            j += 2;
            if let Some((day, _)) = small(j, 31)
                && matches!(self.word(j + 1), Some("日" | "号"))
            {
                point.day = u8::try_from(day).ok();
                j += 2;
            }
        }
        if j == i
            || point
                .year
                .is_some_and(|y| !plausible_year(Calendar::Gregorian, y))
        {
            return None;
        }
        Some(self.piece(i, j - 1, Calendar::Gregorian, point))
    }

    /// A date written in digits: `2022-05-03`, `2021/04/13`, `۱۴۰۰/۰۱/۱۵`,
    /// `1445/09/01هـ`, `28.02.2022`, `13/04/2021`. With the year last, the
    /// day comes first, except where the numbers say otherwise (`04/13/2021`)
    /// or the statement is in English, where `04/05/2021` may be either
    /// (US usage puts the month first): left out.
    fn numeric(&self, i: usize) -> Option<Piece> {
        let (first, first_digits) = self.number(i)?;
        let separator = self.punct(i + 1).filter(|c| matches!(c, '-' | '/' | '.'))?;
        let joined = |k: usize| self.punct(k) == Some(separator) && self.glued(k);
        if !(joined(i + 1) && joined(i + 3) && self.glued(i + 2) && self.glued(i + 4)) {
            return None;
        }
        let (second, second_digits) = self.number(i + 2)?;
        let (third, third_digits) = self.number(i + 4)?;
        let marks = |c: Option<char>| c.is_some_and(|c| matches!(c, '-' | '/' | '.' | ':'));
        let runs_on = marks(self.punct(i + 5))
            && self.glued(i + 5)
            && self.glued(i + 6)
            && self.number(i + 6).is_some();
        let runs_in = i > 0 && marks(self.punct(i - 1)) && self.glued(i);
        if runs_on || runs_in || second_digits > 2 {
            return None;
        }
        let (year, month, day) = match (first_digits, third_digits) {
            (4, 1..=2) => (first, second, third),
            (1..=2, 4) => {
                let (day, month) = self.day_month_order(first, second, separator)?;
                (third, month, day)
            }
            _ => return None,
        };
        let year = i32::try_from(year).ok()?;
        let (calendar, last) = match self.era(i + 5) {
            Some((era, last)) => (era, last),
            None => (self.numeric_calendar(year), i + 4),
        };
        let point = Point {
            year: Some(year),
            month: u8::try_from(month).ok().filter(|m| (1..=12).contains(m)),
            day: u8::try_from(day).ok().filter(|d| (1..=31).contains(d)),
        };
        point.month.and(point.day)?;
        plausible_year(calendar, year).then(|| self.piece(i, last, calendar, point))
    }

    /// Which of two numbers before a year is the day: see [`Self::numeric`].
    fn day_month_order(&self, first: u32, second: u32, separator: char) -> Option<(u32, u32)> {
        if separator == '.' || first > 12 || first == second {
            Some((first, second))
        } else if second > 12 {
            Some((second, first))
        } else {
            self.day_first.then_some((first, second))
        }
    }

    /// The calendar of a year written in digits without an era mark:
    /// Gregorian in 1900–2100; 1300–1500 is Solar Hijri in Persian text
    /// (written with پ چ ژ گ), Hijri otherwise.
    fn numeric_calendar(&self, year: i32) -> Calendar {
        if plausible_year(Calendar::Gregorian, year) {
            Calendar::Gregorian
        } else if self.persian_script {
            Calendar::Persian
        } else {
            Calendar::Islamic
        }
    }

    // ----- ranges -------------------------------------------------------

    /// The first day of a list sharing one month (`3` in `les 3 et 4 mai
    /// 2022`, `on 3, 4 and 5 May`, `يومي 3 و4 أيار`), which takes the month
    /// and year of the day after it.
    fn listed_day(&self, i: usize) -> Option<Piece> {
        /// Longer runs of small numbers are tables or counts, not days.
        const MAX_LISTED: usize = 6;
        let (day, day_last) = self.day(i)?;
        let mut last = day_last;
        for _ in 0..MAX_LISTED {
            let joined = matches!(self.punct(last + 1), Some(',' | '،'))
                || self.is_word_in(last + 1, &lexicon::AND_WORDS);
            if !joined {
                return None;
            }
            if let Some(next) = self.single(last + 2) {
                let dated = next.point.day.is_some() && next.point.month.is_some();
                if !dated || next.to.is_some() {
                    return None;
                }
                let shared = Point {
                    day: Some(day),
                    ..next.point
                };
                let mut piece = self.piece(i, day_last, next.calendar, shared);
                piece.relative = next.relative;
                return Some(piece);
            }
            last = self.day(last + 2)?.1;
        }
        None
    }

    /// Two ends joined by a dash, "to", or "between … and".
    fn range(&self, i: usize) -> Option<Piece> {
        let lefts = [
            self.chinese_month_number(i),
            self.single(i),
            self.lone_day(i),
            self.lone_month(i),
            self.lone_year(i),
        ];
        lefts
            .into_iter()
            .flatten()
            .filter(|left| left.relative.is_none() && left.to.is_none())
            .filter_map(|left| {
                let k = self.right_end(i, left.last + 1)?;
                let rights = [
                    self.single(k),
                    self.chinese_day(k),
                    self.day_and_year(k).filter(|_| left.point.day.is_some()),
                    self.lone_year(k),
                    self.short_year(k, &left),
                    self.lone_month(k).filter(|_| left.point.year.is_none()),
                ];
                rights
                    .into_iter()
                    .flatten()
                    .find_map(|right| join(left, right))
            })
            .fold(None, |best, piece| longest(best, Some(piece)))
    }

    /// Where the right end of a range starts, when token `j` joins it to a
    /// left end that starts at token `i`: after the joining token, or at
    /// `j` itself when "and" is a clitic of its month (`بين كانون الثاني
    /// وآذار`).
    fn right_end(&self, i: usize, j: usize) -> Option<usize> {
        if self.joins_range(i, j) {
            return Some(j + 1);
        }
        let clitic_and = self
            .months
            .get(j)
            .copied()
            .flatten()
            .zip(self.tokens.get(j))
            .is_some_and(|((_, _, start), token)| start > token.start);
        (clitic_and && self.word_before(i, &lexicon::BETWEEN_WORDS)).then_some(j)
    }

    /// Token `j` joins the two ends of a range whose left end starts at `i`.
    fn joins_range(&self, i: usize, j: usize) -> bool {
        let dash = self.punct(j).is_some_and(|c| "-–—‐‑".contains(c));
        let word = self.is_word_in(j, &lexicon::RANGE_WORDS);
        let and =
            self.is_word_in(j, &lexicon::AND_WORDS) && self.word_before(i, &lexicon::BETWEEN_WORDS);
        dash || word || and
    }

    /// The `14, 2021` of `October 12-14, 2021`, or the `14th` of
    /// `October 12-14th`: a day and maybe a year, whose month the left end
    /// of the range gives.
    fn day_and_year(&self, i: usize) -> Option<Piece> {
        let (day, day_last) = self.day(i)?;
        if self.months.get(day_last + 1).is_some_and(Option::is_some) {
            return None;
        }
        let year = self.year_after_month(day_last + 1, Calendar::Gregorian);
        let last = year.map_or(day_last, |y| y.last);
        let point = Point {
            year: year.map(|y| y.value),
            month: None,
            day: Some(day),
        };
        Some(self.piece(i, last, Calendar::Gregorian, point))
    }

    /// The `5日` of `2021年3月1日至5日`.
    fn chinese_day(&self, i: usize) -> Option<Piece> {
        let (day, _) = self.day(i)?;
        if !matches!(self.word(i + 1), Some("日" | "号")) {
            return None;
        }
        let point = Point {
            day: Some(day),
            ..Point::default()
        };
        Some(self.piece(i, i + 1, Calendar::Gregorian, point))
    }

    /// The `1` of `1至5月`: a month number before `至` or `到`.
    fn chinese_month_number(&self, i: usize) -> Option<Piece> {
        let (month, 1..=2) = self.number(i)? else {
            return None;
        };
        if !(1..=12).contains(&month) || !matches!(self.word(i + 1), Some("至" | "到")) {
            return None;
        }
        let point = Point {
            month: u8::try_from(month).ok(),
            ..Point::default()
        };
        Some(self.piece(i, i, Calendar::Gregorian, point))
    }

    fn lone_day(&self, i: usize) -> Option<Piece> {
        let (day, last) = self.day(i)?;
        let point = Point {
            day: Some(day),
            ..Point::default()
        };
        Some(self.piece(i, last, Calendar::Gregorian, point))
    }

    fn lone_month(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        if month.name.needs_year && !month.paired {
            return None;
        }
        Some(self.month_piece(&month, month.last, None))
    }

    /// A Gregorian year with no context: only ever one end of a range.
    fn lone_year(&self, i: usize) -> Option<Piece> {
        let year = self.year_of(i, Calendar::Gregorian)?;
        Some(self.piece(i, year.last, Calendar::Gregorian, year_point(year.value)))
    }

    /// The `22` of `2021-22`.
    fn short_year(&self, i: usize, left: &Piece) -> Option<Piece> {
        let (value, 2) = self.number(i)? else {
            return None;
        };
        let from = left.point.year.filter(|_| left.point.month.is_none())?;
        let value = i32::try_from(value).ok()?;
        if !self.glued(i) || self.in_bigger_number(i) || value <= from % 100 {
            return None;
        }
        let year = from - from % 100 + value;
        Some(self.piece(i, i, left.calendar, year_point(year)))
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

/// Joins two ends into a range, lending the left end the month and year
/// only the right end wrote (`3 to 5 May 2022`). Both ends must give the
/// same parts, and the left must come first.
fn join(left: Piece, right: Piece) -> Option<Piece> {
    let calendars_differ = left.calendar != right.calendar && left.point.month.is_some();
    if right.relative.is_some() || right.to.is_some() || calendars_differ {
        return None;
    }
    let l = left.point;
    // A right end without a month takes it from the left one, and its
    // year too if it has none (`2021年3月1日至5日`, `October 12-14, 2021`).
    let r = match right.point {
        Point {
            year,
            month: None,
            day: Some(day),
        } => Point {
            year: year.or(l.year),
            month: l.month,
            day: Some(day),
        },
        r => r,
    };
    if l.day.is_some() != r.day.is_some() || r.year.is_none() && l.year.is_some() {
        return None;
    }
    let mut from = Point {
        year: l.year.or(r.year),
        month: l.month.or(r.month),
        day: l.day,
    };
    if from.day.is_some() && from.month.is_none() {
        return None;
    }
    // `28 December to 3 January 2022`: the left end is in the year before.
    let crosses_year = l.year.is_none() && from.month > r.month;
    if crosses_year {
        from.year = from.year.map(|y| y - 1);
    }
    let same_parts =
        from.month.is_some() == r.month.is_some() && from.year.is_some() == r.year.is_some();
    let ordered = crosses_year || (from.year, from.month, from.day) < (r.year, r.month, r.day);
    if !same_parts || !ordered {
        return None;
    }
    Some(Piece {
        start: left.start,
        last: right.last,
        calendar: right.calendar,
        point: from,
        to: Some(r),
        relative: None,
    })
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
