//! Container metadata shared by the structured readers: publication dates
//! as feeds, front matter and HTML meta tags write them.

use chrono::{DateTime, NaiveDate};

/// The calendar date of a publication timestamp, as the publisher wrote it
/// (the date in the timestamp's own offset, not converted to UTC, so a
/// statement dated "Thu, 20 May 2021 22:14:56 -0400" stays on 20 May).
///
/// Accepts RFC 2822 (RSS `pubDate`), RFC 3339 / ISO 8601 (`datePublished`,
/// `<time datetime>`), `YYYY-MM-DD HH:MM:SS±HH:MM` and a bare `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(stamp) = DateTime::parse_from_rfc2822(text) {
        return Some(stamp.date_naive());
    }
    if let Ok(stamp) = DateTime::parse_from_rfc3339(text) {
        return Some(stamp.date_naive());
    }
    let day = text.get(..10)?;
    let rest = &text[10..];
    let separated = rest.is_empty() || rest.starts_with(['T', 't', ' ']);
    if !separated {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn parses_the_forms_feeds_and_pages_use() {
        assert_eq!(
            parse_date("Thu, 20 May 2021 22:14:56 +0000"),
            day(2021, 5, 20)
        );
        assert_eq!(
            parse_date("Thu, 20 May 2021 22:14:56 -0400"),
            day(2021, 5, 20)
        );
        assert_eq!(parse_date("2021-05-20T23:30:00-05:00"), day(2021, 5, 20));
        assert_eq!(parse_date("2022-03-10 08:15:49-05:00"), day(2022, 3, 10));
        assert_eq!(parse_date(" 2022-06-10 "), day(2022, 6, 10));
        assert_eq!(parse_date("2022-06-10T08:00"), day(2022, 6, 10));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2022-13-40"), None);
        assert_eq!(parse_date("2022-06-101"), None);
        assert_eq!(parse_date("٢٠٢٢"), None);
    }
}
