//! Ranges: two ends joined by a dash, "to", or "between … and", and lists
//! of days sharing one month.

use crate::record::Calendar;

use super::{Grammar, Piece, Point, lexicon, longest, year_point};

impl Grammar<'_> {
    /// The first day of a list sharing one month (`3` in `les 3 et 4 mai
    /// 2022`, `on 3, 4 and 5 May`, `يومي 3 و4 أيار`), which takes the month
    /// and year of the day after it.
    pub(super) fn listed_day(&self, i: usize) -> Option<Piece> {
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

    /// Two ends joined by a dash, "to", or "between … and"; `single` is
    /// [`Self::single`] at `i`, which the caller has already read.
    pub(super) fn range(&self, i: usize, single: Option<Piece>) -> Option<Piece> {
        let lefts = [
            self.chinese_month_number(i),
            single,
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
    pub(super) fn right_end(&self, i: usize, j: usize) -> Option<usize> {
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
    pub(super) fn joins_range(&self, i: usize, j: usize) -> bool {
        let dash = self.punct(j).is_some_and(|c| "-–—‐‑".contains(c));
        let word = self.is_word_in(j, &lexicon::RANGE_WORDS);
        let and =
            self.is_word_in(j, &lexicon::AND_WORDS) && self.word_before(i, &lexicon::BETWEEN_WORDS);
        dash || word || and
    }

    /// The `14, 2021` of `October 12-14, 2021`, or the `14th` of
    /// `October 12-14th`: a day and maybe a year, whose month the left end
    /// of the range gives.
    pub(super) fn day_and_year(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn chinese_day(&self, i: usize) -> Option<Piece> {
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
    pub(super) fn chinese_month_number(&self, i: usize) -> Option<Piece> {
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

    pub(super) fn lone_day(&self, i: usize) -> Option<Piece> {
        let (day, last) = self.day(i)?;
        let point = Point {
            day: Some(day),
            ..Point::default()
        };
        Some(self.piece(i, last, Calendar::Gregorian, point))
    }

    pub(super) fn lone_month(&self, i: usize) -> Option<Piece> {
        let month = self.month(i)?;
        if month.name.needs_year && !month.paired {
            return None;
        }
        Some(self.month_piece(&month, month.last, None))
    }

    /// A Gregorian year with no context: only ever one end of a range.
    pub(super) fn lone_year(&self, i: usize) -> Option<Piece> {
        let year = self.year_of(i, Calendar::Gregorian)?;
        Some(self.piece(i, year.last, Calendar::Gregorian, year_point(year.value)))
    }

    /// The `22` of `2021-22`.
    pub(super) fn short_year(&self, i: usize, left: &Piece) -> Option<Piece> {
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
