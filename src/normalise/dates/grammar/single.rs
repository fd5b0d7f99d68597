//! Single date expressions: a day, a month or a year as written, with
//! the words around them that make them dates (see the parent module).

use crate::record::Calendar;

use super::{Grammar, MonthRef, Piece, Point, lexicon, longest, plausible_year, year_point};

impl Grammar<'_> {
    /// The longest single (non-range) expression starting at token `i`.
    pub(super) fn single(&self, i: usize) -> Option<Piece> {
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

    pub(super) fn piece(
        &self,
        first: usize,
        last: usize,
        calendar: Calendar,
        point: Point,
    ) -> Piece {
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
    pub(super) fn with_relative(&self, mut piece: Piece, first: usize) -> Piece {
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
    pub(super) fn day_first(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn month_first(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn month_year(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        let calendar = month.name.calendar;
        let year = self.year_after_month(month.last + 1, calendar)?;
        Some(self.month_piece(&month, year.last, Some(year.value)))
    }

    /// A month written alone: a date only after a preposition (`في حزيران`,
    /// `in June`, `au mois de juin`, `تا پایان آذر`), before an Urdu
    /// postposition (`ستمبر میں`, `ستمبر اور اکتوبر کے دوران`), or with a
    /// relative word (`حزيران/يونيو الماضي`, `last June`).
    pub(super) fn month_alone(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn coordinated_with_postposition(&self, j: usize) -> bool {
        self.is_word_in(j, &lexicon::AND_WORDS)
            && self
                .month(j + 1)
                .is_some_and(|next| self.is_word_in(next.last + 1, &lexicon::POSTPOSITIONS))
    }

    /// A preposition before a month, looking through `de`/`of` in
    /// `au mois de juin`, `el mes de junio`, `end of June`.
    pub(super) fn month_context(&self, i: usize) -> bool {
        if self.word_before(i, &lexicon::MONTH_PREPOSITIONS)
            || self.hyphenated_after(i, &lexicon::MONTH_PREPOSITIONS)
        {
            return true;
        }
        let link = i.checked_sub(1).and_then(|j| self.word(j));
        matches!(link, Some("de" | "do" | "of"))
            && i >= 2
            && self.is_word_in(i - 2, &lexicon::MONTH_PREPOSITIONS)
    }

    /// Token `i` follows one of `words` and a hyphen (`mid-2022`,
    /// `pre-2020`, `mid-June`).
    fn hyphenated_after(&self, i: usize, words: &lexicon::Words) -> bool {
        i >= 2
            && self.punct(i - 1) == Some('-')
            && self.glued(i)
            && self.glued(i - 1)
            && self.is_word_in(i - 2, words)
    }

    /// A piece that starts with `month` and ends at token `last`.
    pub(super) fn month_piece(&self, month: &MonthRef, last: usize, year: Option<i32>) -> Piece {
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
    pub(super) fn year_alone(&self, i: usize) -> Option<Piece> {
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
            || self.hyphenated_after(i, &lexicon::HYPHEN_PREFIXES)
            || self.is_word_in(year.last + 1, &lexicon::POSTPOSITIONS);
        if !context || !plausible_year(calendar, year.value) || self.scale_after(year.last) {
            return None;
        }
        Some(self.piece(i, year.last, calendar, year_point(year.value)))
    }

    /// A year noun at token `i`, possibly after clitics (`لعام`, `وللعام`):
    /// the byte where the noun starts, and whether it is Persian `سال`.
    pub(super) fn year_noun(&self, i: usize) -> Option<(usize, bool)> {
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

    pub(super) fn scale_after(&self, last: usize) -> bool {
        self.is_word_in(last + 1, &lexicon::SCALE_WORDS) || self.punct(last + 1) == Some('%')
    }

    /// `2021年2月11日`, `2021年2月`, `2021年`, `2月11日`, `8月`.
    pub(super) fn chinese(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn numeric(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn day_month_order(
        &self,
        first: u32,
        second: u32,
        separator: char,
    ) -> Option<(u32, u32)> {
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
    pub(super) fn numeric_calendar(&self, year: i32) -> Calendar {
        if plausible_year(Calendar::Gregorian, year) {
            Calendar::Gregorian
        } else if self.persian_script() {
            Calendar::Persian
        } else {
            Calendar::Islamic
        }
    }
}
