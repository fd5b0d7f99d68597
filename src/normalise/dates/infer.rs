//! Turns what an expression wrote into first and last days: fills in a
//! year that was not written, resolves "last June", converts Hijri and
//! Solar Hijri dates to Gregorian.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::record::{Calendar, Precision};

use super::calendar;
use super::grammar::{Found, Point, Relative};

/// A found expression resolved to days of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub precision: Precision,
    pub year_inferred: bool,
}

/// What a missing year is inferred from: the publication date, else the
/// full dates the statement writes, else the years it writes.
pub struct Reference {
    published: Option<NaiveDate>,
    /// Days and months written with their year, in document order:
    /// position in that order, the (first) day.
    days: Vec<(usize, NaiveDate)>,
    /// Years written in full, in document order (title first): position in
    /// that order, calendar, year.
    written: Vec<(usize, Calendar, i32)>,
}

impl Reference {
    /// The reference for a statement published on `published` whose date
    /// expressions, in document order, are `found`.
    pub fn new<'a>(
        published: Option<NaiveDate>,
        found: impl Iterator<Item = &'a Found>,
    ) -> Reference {
        let found: Vec<&Found> = found.collect();
        let written = found
            .iter()
            .enumerate()
            .filter_map(|(order, f)| Some((order, f.calendar, written_year(f)?)))
            .collect();
        let days = found
            .iter()
            .enumerate()
            .filter(|(_, f)| f.from.year.is_some() && f.from.month.is_some())
            .filter_map(|(order, f)| Some((order, first_day(f.calendar, f.from)?)))
            .collect();
        Reference {
            published,
            written,
            days,
        }
    }

    /// The year to give expression number `order`, which wrote none.
    fn infer(&self, found: &Found, order: usize) -> Option<i32> {
        let offset = match found.relative {
            Some(Relative::LastYear) => Some(-1),
            Some(Relative::ThisYear) => Some(0),
            Some(Relative::NextYear) => Some(1),
            _ => None,
        };
        let reference = self.published.or_else(|| self.day_nearby(order));
        match (reference, offset) {
            (Some(day), Some(offset)) => Some(calendar::year_of(found.calendar, day)? + offset),
            (Some(day), None) => nearest_to_published(found, day),
            (None, offset) => {
                Some(self.written_nearby(found.calendar, order)? + offset.unwrap_or(0))
            }
        }
    }

    /// The nearest day or month written with its year before the
    /// expression, else the first one after it: a statement's dated events
    /// stand in for its missing publication date (`5 كانون الثاني 2022 …
    /// في 20 آذار` → 20 March 2022; `junio de 2021 … el 17 de agosto` →
    /// 17 August 2021).
    fn day_nearby(&self, order: usize) -> Option<NaiveDate> {
        // `days` is in document order: the ones before `order` come first.
        let split = self.days.partition_point(|(o, _)| *o < order);
        let before = split.checked_sub(1).and_then(|at| self.days.get(at));
        let after = self.days[split..].iter().find(|(o, _)| *o > order);
        before.or(after).map(|(_, day)| *day)
    }

    /// The nearest year written before the expression, else the year the
    /// statement writes most often (the first of equals).
    fn written_nearby(&self, calendar: Calendar, order: usize) -> Option<i32> {
        let same = || self.written.iter().filter(move |(_, c, _)| *c == calendar);
        let split = self.written.partition_point(|(o, _, _)| *o < order);
        let before = self.written[..split]
            .iter()
            .rev()
            .find(|(_, c, _)| *c == calendar);
        if let Some(&(_, _, year)) = before {
            return Some(year);
        }
        let mut counts: HashMap<i32, usize> = HashMap::new();
        for (_, _, year) in same() {
            *counts.entry(*year).or_default() += 1;
        }
        let mut best: Option<(i32, usize)> = None;
        for (_, _, year) in same() {
            let n = counts.get(year).copied().unwrap_or(0);
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((*year, n));
            }
        }
        best.map(|(year, _)| year)
    }
}

/// The year the expression wrote (for a range: either end's).
fn written_year(found: &Found) -> Option<i32> {
    found.to.and_then(|p| p.year).or(found.from.year)
}

/// Resolves expression number `order` (in document order), or `None` when
/// it names no real day (31 February) or its year cannot be inferred.
pub fn resolve(found: &Found, order: usize, reference: &Reference) -> Option<Resolved> {
    let mut from = found.from;
    let mut to = found.to;
    let year_inferred = written_year(found).is_none();
    if year_inferred {
        let year = reference.infer(found, order)?;
        from.year = Some(year);
        if let Some(to) = to.as_mut() {
            to.year = Some(year);
        }
    }
    let calendar = found.calendar;
    // `28 December to 3 January` with the year inferred for the end.
    if year_inferred && to.is_some_and(|to| from.month > to.month) {
        from.year = from.year.map(|y| y - 1);
    }
    let date = first_day(calendar, from)?;
    let end_date = match to {
        Some(to) => Some(last_day(calendar, to)?).filter(|end| *end > date),
        None => None,
    };
    if to.is_some() && end_date.is_none() {
        return None;
    }
    Some(Resolved {
        date,
        end_date,
        precision: precision(from),
        year_inferred,
    })
}

fn precision(point: Point) -> Precision {
    match (point.month, point.day) {
        (Some(_), Some(_)) => Precision::Day,
        (Some(_), None) => Precision::Month,
        _ => Precision::Year,
    }
}

fn first_day(calendar: Calendar, point: Point) -> Option<NaiveDate> {
    match (point.month, point.day) {
        (Some(month), Some(day)) => calendar::to_gregorian(calendar, point.year?, month, day),
        (month, _) => calendar::first_day(calendar, point.year?, month),
    }
}

fn last_day(calendar: Calendar, point: Point) -> Option<NaiveDate> {
    match (point.month, point.day) {
        (Some(month), Some(day)) => calendar::to_gregorian(calendar, point.year?, month, day),
        (month, _) => calendar::last_day(calendar, point.year?, month),
    }
}

/// The year, among the one `published` falls in and its neighbours, that
/// puts the expression nearest to `published`; "last" takes the latest one
/// wholly before it, "next" the earliest one wholly after it.
fn nearest_to_published(found: &Found, published: NaiveDate) -> Option<i32> {
    let base = calendar::year_of(found.calendar, published)?;
    let point = found.to.unwrap_or(found.from);
    let mut candidates = (base - 1..=base + 1).filter_map(|year| {
        let at = Point {
            year: Some(year),
            ..point
        };
        Some((
            year,
            first_day(found.calendar, at)?,
            last_day(found.calendar, at)?,
        ))
    });
    match found.relative {
        Some(Relative::Last) => candidates.rev().find(|(_, _, end)| *end < published),
        Some(Relative::Next) => candidates.find(|(_, start, _)| *start > published),
        Some(Relative::This | Relative::ThisYear | Relative::LastYear | Relative::NextYear)
        | None => candidates.min_by_key(|(_, start, end)| distance(published, *start, *end)),
    }
    .map(|(year, _, _)| year)
}

/// Days from `day` to the period `[start, end]` (0 inside it).
fn distance(day: NaiveDate, start: NaiveDate, end: NaiveDate) -> i64 {
    if day < start {
        (start - day).num_days()
    } else if day > end {
        (day - end).num_days()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn found(point: Point, relative: Option<Relative>) -> Found {
        Found {
            start: 0,
            end: 1,
            calendar: Calendar::Gregorian,
            from: point,
            to: None,
            relative,
        }
    }

    fn month(m: u8) -> Point {
        Point {
            month: Some(m),
            ..Point::default()
        }
    }

    #[test]
    fn last_june_is_before_publication() {
        let last_june = found(month(6), Some(Relative::Last));
        assert_eq!(
            nearest_to_published(&last_june, ymd(2021, 9, 10)),
            Some(2021)
        );
        assert_eq!(
            nearest_to_published(&last_june, ymd(2021, 6, 10)),
            Some(2020)
        );
        assert_eq!(
            nearest_to_published(&last_june, ymd(2021, 3, 1)),
            Some(2020)
        );
    }

    #[test]
    fn next_may_is_after_publication() {
        let next_may = found(month(5), Some(Relative::Next));
        assert_eq!(
            nearest_to_published(&next_may, ymd(2021, 9, 10)),
            Some(2022)
        );
        assert_eq!(
            nearest_to_published(&next_may, ymd(2021, 2, 10)),
            Some(2021)
        );
    }

    #[test]
    fn plain_day_takes_the_nearest_year() {
        let dec_28 = found(
            Point {
                month: Some(12),
                day: Some(28),
                year: None,
            },
            None,
        );
        assert_eq!(nearest_to_published(&dec_28, ymd(2022, 1, 5)), Some(2021));
        assert_eq!(nearest_to_published(&dec_28, ymd(2022, 11, 5)), Some(2022));
    }

    #[test]
    fn document_years_nearest_before_then_most_frequent() {
        let year = |y| {
            found(
                Point {
                    year: Some(y),
                    ..Point::default()
                },
                None,
            )
        };
        let undated = found(month(6), None);
        let all = [year(2019), year(2021), undated, year(2020), year(2020)];
        let reference = Reference::new(None, all.iter());
        assert_eq!(reference.infer(&undated, 2), Some(2021));
        assert_eq!(reference.infer(&undated, 0), Some(2020));
    }

    #[test]
    fn impossible_days_are_dropped() {
        let reference = Reference::new(None, std::iter::empty());
        let feb_30 = found(
            Point {
                year: Some(2022),
                month: Some(2),
                day: Some(30),
            },
            None,
        );
        assert_eq!(resolve(&feb_30, 0, &reference), None);
        let undated = found(month(6), None);
        assert_eq!(resolve(&undated, 0, &reference), None);
    }
}
