//! Calendar arithmetic: Islamic (Umm al-Qura) and Persian (Solar Hijri)
//! dates to Gregorian, month lengths, and the year a Gregorian day falls in
//! under each calendar. All of it is ICU4X `icu_calendar`, so the rules
//! (Umm al-Qura month starts, the Persian 33-year leap cycle) are not ours
//! to get wrong.
//!
//! Islamic dates use the Umm al-Qura calendar, the official calendar of
//! Saudi Arabia and the one Gulf governments print on their statements;
//! it can differ by a day from the arithmetic (civil) Hijri calendar
//! (1 Muharram 1446 is 2024-07-07 in Umm al-Qura, 2024-07-08 civil).

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::{Hijri, Persian};
use icu_calendar::{AsCalendar, Date, Iso};

use crate::record::Calendar;

/// The Gregorian date of day `day` of month `month` of `year` in `calendar`,
/// or `None` when no such day exists (31 February, 31 Esfand).
pub fn to_gregorian(calendar: Calendar, year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    match calendar {
        Calendar::Gregorian => NaiveDate::from_ymd_opt(year, month.into(), day.into()),
        Calendar::Islamic => {
            let date = Date::try_new_hijri_with_calendar(year, month, day, umm_al_qura()).ok()?;
            from_icu(&date)
        }
        Calendar::Persian => from_icu(&Date::try_new_persian(year, month, day).ok()?),
    }
}

/// Number of days of month `month` of `year` in `calendar`.
pub fn days_in_month(calendar: Calendar, year: i32, month: u8) -> Option<u8> {
    match calendar {
        Calendar::Gregorian => {
            let first = NaiveDate::from_ymd_opt(year, month.into(), 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            u8::try_from(next.signed_duration_since(first).num_days()).ok()
        }
        Calendar::Islamic => {
            let date = Date::try_new_hijri_with_calendar(year, month, 1, umm_al_qura()).ok()?;
            Some(date.days_in_month())
        }
        Calendar::Persian => Some(Date::try_new_persian(year, month, 1).ok()?.days_in_month()),
    }
}

/// The first day of a year, or of a month when `month` is given.
pub fn first_day(calendar: Calendar, year: i32, month: Option<u8>) -> Option<NaiveDate> {
    to_gregorian(calendar, year, month.unwrap_or(1), 1)
}

/// The last day of a year, or of a month when `month` is given. Every
/// calendar here has twelve months.
pub fn last_day(calendar: Calendar, year: i32, month: Option<u8>) -> Option<NaiveDate> {
    let month = month.unwrap_or(12);
    to_gregorian(calendar, year, month, days_in_month(calendar, year, month)?)
}

/// The year that the Gregorian day `date` falls in, counted in `calendar`.
pub fn year_of(calendar: Calendar, date: NaiveDate) -> Option<i32> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    let iso = Date::try_new_iso(date.year(), month, day).ok()?;
    Some(match calendar {
        Calendar::Gregorian => date.year(),
        Calendar::Islamic => iso.to_calendar(umm_al_qura()).year().extended_year(),
        Calendar::Persian => iso.to_calendar(Persian).year().extended_year(),
    })
}

fn umm_al_qura() -> Hijri<icu_calendar::cal::hijri::UmmAlQura> {
    Hijri::new_umm_al_qura()
}

fn from_icu<A: AsCalendar>(date: &Date<A>) -> Option<NaiveDate> {
    let iso: Date<Iso> = date.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        iso.month().ordinal.into(),
        iso.day_of_month().0.into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn hijri_is_umm_al_qura() {
        assert_eq!(
            to_gregorian(Calendar::Islamic, 1445, 9, 1),
            ymd(2024, 3, 11)
        );
        assert_eq!(to_gregorian(Calendar::Islamic, 1446, 1, 1), ymd(2024, 7, 7));
        assert_eq!(
            ymd(2024, 3, 11).and_then(|d| year_of(Calendar::Islamic, d)),
            Some(1445)
        );
    }

    #[test]
    fn persian_dates() {
        assert_eq!(
            to_gregorian(Calendar::Persian, 1402, 2, 7),
            ymd(2023, 4, 27)
        );
        assert_eq!(
            to_gregorian(Calendar::Persian, 1402, 1, 1),
            ymd(2023, 3, 21)
        );
        assert_eq!(last_day(Calendar::Persian, 1402, None), ymd(2024, 3, 19));
        assert_eq!(to_gregorian(Calendar::Persian, 1402, 12, 31), None);
        assert_eq!(
            ymd(2023, 4, 27).and_then(|d| year_of(Calendar::Persian, d)),
            Some(1402)
        );
    }

    #[test]
    fn gregorian_month_ends() {
        assert_eq!(
            last_day(Calendar::Gregorian, 2024, Some(2)),
            ymd(2024, 2, 29)
        );
        assert_eq!(
            last_day(Calendar::Gregorian, 2023, Some(2)),
            ymd(2023, 2, 28)
        );
        assert_eq!(last_day(Calendar::Gregorian, 2022, None), ymd(2022, 12, 31));
        assert_eq!(
            first_day(Calendar::Gregorian, 2021, Some(6)),
            ymd(2021, 6, 1)
        );
        assert_eq!(to_gregorian(Calendar::Gregorian, 2023, 2, 29), None);
    }
}
