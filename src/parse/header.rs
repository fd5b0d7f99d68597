//! The dateline: the place a statement was issued from, as its header line
//! writes it ("Berlin, 27 November 2023", "القاهرة في 3 تموز/يوليو 2023",
//! "2021年2月11日，北京").
//!
//! Only the place is taken; the line stays in the body, so the date in it
//! is still found (and can date the statement) by the date extractor.

/// How many leading paragraphs may hold the dateline.
const HEADER_PARAGRAPHS: usize = 2;
/// A dateline line is short: at most this many words...
const MAX_WORDS: usize = 12;
/// ...and this many characters.
const MAX_CHARS: usize = 80;
/// A place name has at most this many words ("Ciudad de México").
const MAX_PLACE_WORDS: usize = 4;

/// Where a place and a date meet: a comma (Latin, Arabic, full-width) or
/// the Arabic "في" ("in, on").
const SEPARATORS: &[&str] = &[",", "،", "，", " في "];

/// The place of the dateline among the first paragraphs, if one of them is
/// a dateline line.
pub fn place<S: AsRef<str>>(paragraphs: &[S]) -> Option<String> {
    paragraphs
        .iter()
        .take(HEADER_PARAGRAPHS)
        .find_map(|paragraph| place_of_line(paragraph.as_ref()))
}

/// The place of one dateline line: a short line, no sentence ending, a
/// place without digits on one side of the first separator and a date
/// (with digits) on the other.
fn place_of_line(line: &str) -> Option<String> {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let ends_sentence = line.ends_with(['.', '!', '?', ':', ';', '؟', '。']);
    if words > MAX_WORDS || line.chars().count() > MAX_CHARS || ends_sentence {
        return None;
    }
    let (at, separator) = SEPARATORS
        .iter()
        .filter_map(|s| line.find(s).map(|at| (at, *s)))
        .min_by_key(|(at, _)| *at)?;
    let before = line[..at].trim();
    let after = line[at + separator.len()..].trim();
    let place = match (has_digit(before), has_digit(after)) {
        (false, true) => before,
        (true, false) => after,
        _ => return None,
    };
    let is_name = place.chars().next().is_some_and(char::is_alphabetic)
        && place.split_whitespace().count() <= MAX_PLACE_WORDS;
    is_name.then(|| place.to_string())
}

fn has_digit(text: &str) -> bool {
    text.chars().any(char::is_numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(line: &str) -> Option<String> {
        place(&[line])
    }

    #[test]
    fn finds_the_place_in_every_script() {
        assert_eq!(of("Berlin, 27 November 2023").as_deref(), Some("Berlin"));
        assert_eq!(of("Paris, le 3 mars 2023").as_deref(), Some("Paris"));
        assert_eq!(
            of("Ciudad de México, 18 de enero de 2024").as_deref(),
            Some("Ciudad de México")
        );
        assert_eq!(
            of("Мурманск, 15 марта 2023 года").as_deref(),
            Some("Мурманск")
        );
        assert_eq!(
            of("القاهرة في 3 تموز/يوليو 2023").as_deref(),
            Some("القاهرة")
        );
        assert_eq!(
            of("واشنطن، 12 أيار/مايو 2022 الموافق 11 شوال 1443 هـ").as_deref(),
            Some("واشنطن")
        );
        assert_eq!(of("تهران، ۲۳ اردیبهشت ۱۴۰۱").as_deref(), Some("تهران"));
        assert_eq!(of("اسلام آباد، 9 جنوری 2023").as_deref(), Some("اسلام آباد"));
        assert_eq!(of("2021年2月11日，北京").as_deref(), Some("北京"));
    }

    #[test]
    fn ignores_dates_alone_and_sentences() {
        assert_eq!(of("October 9, 2023"), None);
        assert_eq!(of("Office of the Spokesperson"), None);
        assert_eq!(
            of("The ministers met in Berlin, on 27 November 2023."),
            None
        );
        assert_eq!(
            of("In Berlin, the ministers agreed on 27 November to fund 3 projects in the region"),
            None
        );
    }

    #[test]
    fn looks_only_at_the_first_paragraphs() {
        let paragraphs = [
            "Office of the Spokesperson",
            "Berlin, 27 November 2023",
            "Body.",
        ];
        assert_eq!(place(&paragraphs).as_deref(), Some("Berlin"));
        let late = ["Body one.", "Body two.", "Berlin, 27 November 2023"];
        assert_eq!(place(&late), None);
    }
}
