//! Header facts of a plain statement: the issuer line ("Office of the
//! Spokesperson") and the dateline's place ("Berlin, 27 November 2023",
//! "القاهرة في 3 تموز/يوليو 2023", "2021年2月11日，北京") among the lines
//! right after the title.
//!
//! The lines stay in the body: the date of a dateline is still found (and
//! can date the statement) by the date extractor, and nothing a reader sees
//! is lost when a guess is wrong.

use crate::text;

/// How many lines after the title may hold the issuer and the dateline.
const HEADER_LINES: usize = 3;
/// A dateline line is short: at most this many words...
const MAX_WORDS: usize = 12;
/// ...and this many characters.
const MAX_CHARS: usize = 80;
/// A place name has at most this many words ("Ciudad de México").
const MAX_PLACE_WORDS: usize = 4;

/// Where a place and a date meet: a comma (Latin, Arabic, full-width) or
/// the Arabic "في" ("in, on").
const SEPARATORS: &[&str] = &[",", "،", "，", " في "];

/// Words an issuer line opens with (after an optional "The"), in the
/// languages bayan reads: the office or body that issues statements.
const ISSUER_OPENINGS: &[&str] = &[
    "office",
    "spokesperson",
    "ministry",
    "embassy",
    "consulate",
    "mission",
    "department",
    "presidency",
    "government",
    "bureau",
    "press secretary",
    "white house",
    "مكتب",
    "المتحدث",
    "الناطق",
    "وزارة",
    "سفارة",
    "القنصلية",
    "الرئاسة",
    "porte-parole",
    "ministere",
    "ambassade",
    "portavoz",
    "ministerio",
    "secretaria",
    "embajada",
    "cancilleria",
    "porta-voz",
    "embaixada",
    "министерство",
    "посольство",
    "пресс-служба",
    "официальный представитель",
    "外交部",
    "发言人",
    "大使馆",
    "وزارت",
    "سخنگو",
    "سفارت",
    "دفتر",
    "ترجمان",
    "سفارتخانہ",
];

/// A header block has at most this many lines ("Office of the
/// Spokesperson" / "March 14, 2024").
const MAX_HEADER_BLOCK_LINES: usize = 3;

/// The header lines: the lines of the leading blocks that are not prose.
/// A block of hard-wrapped prose ends a sentence; a header block (issuer,
/// place and date) does not, and has only a few short lines.
pub fn lines(blocks: &[Vec<String>]) -> Vec<&str> {
    blocks
        .iter()
        .take_while(|block| {
            block.len() <= MAX_HEADER_BLOCK_LINES
                && block.iter().all(|line| line.chars().count() <= MAX_CHARS)
                && block.last().is_some_and(|line| !ends_sentence(line.trim()))
        })
        .flatten()
        .take(HEADER_LINES)
        .map(String::as_str)
        .collect()
}

/// How many words an issuer line may have at most.
const MAX_ISSUER_WORDS: usize = 10;

/// The issuer line among the header lines: short, no digits, no
/// punctuation of a sentence or a salutation, and opening with the name of
/// an office ("Office of the Spokesperson", "مكتب المتحدث الرسمي").
pub fn issuer<S: AsRef<str>>(lines: &[S]) -> Option<String> {
    lines
        .iter()
        .take(HEADER_LINES)
        .map(|line| line.as_ref().trim())
        .find(|line| is_issuer_line(line))
        .map(str::to_string)
}

fn is_issuer_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let punctuated = line.contains([':', '(', ';', '!', '?']) || ends_sentence(line);
    if words == 0 || words > MAX_ISSUER_WORDS || has_digit(line) || punctuated {
        return false;
    }
    let key = text::fold_key(line);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    ISSUER_OPENINGS.iter().any(|opening| {
        let opening = text::fold_key(opening);
        key.strip_prefix(&opening).is_some_and(|rest| {
            let next = rest.chars().next();
            !next.is_some_and(char::is_alphanumeric) || opening.chars().any(is_han)
        })
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', ';', '؟', '。'])
}

/// The place of the dateline among the header lines, if one of them is a
/// dateline line.
pub fn place<S: AsRef<str>>(lines: &[S]) -> Option<String> {
    lines
        .iter()
        .take(HEADER_LINES)
        .find_map(|line| place_of_line(line.as_ref()))
}

/// The place of one dateline line: a short line, no sentence ending, a
/// place without digits on one side of the first separator and a date
/// (with digits) on the other.
fn place_of_line(line: &str) -> Option<String> {
    let line = line.trim();
    let words = line.split_whitespace().count();
    if words > MAX_WORDS || line.chars().count() > MAX_CHARS || ends_sentence(line) {
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
    fn finds_issuer_lines() {
        let issuer_of = |line: &str| issuer(&[line]);
        assert_eq!(
            issuer_of("Office of the Spokesperson").as_deref(),
            Some("Office of the Spokesperson")
        );
        assert!(issuer_of("مكتب المتحدث باسم وزارة الخارجية").is_some());
        assert!(issuer_of("Ministère de l'Europe et des Affaires étrangères").is_some());
        assert!(issuer_of("外交部发言人办公室").is_some());
        assert!(issuer_of("The White House").is_some());
        assert!(issuer_of("The Minister spoke with her counterpart today.").is_none());
        assert!(issuer_of("March 14, 2024").is_none());
        assert!(issuer_of("Ceasefire talks continue").is_none());
        assert!(issuer_of("Officials met").is_none());
        assert!(issuer_of("Dear Madam Speaker: (Dear Madam President:)").is_none());
        assert!(issuer_of("MEMORANDUM FOR THE SECRETARY OF ENERGY").is_none());
        assert!(issuer_of("Public White House Tour Requests").is_none());
        assert!(issuer_of("Melanie Egorin, Nominee for Assistant Secretary").is_none());
        assert!(issuer_of("Officer Smith").is_none());
    }

    #[test]
    fn header_lines_stop_at_prose() {
        let block = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let blocks = [
            block(&["Office of the Spokesperson", "March 14, 2024"]),
            block(&["The following is attributable to the Spokesperson:"]),
            block(&["Berlin, 2 May 2023"]),
        ];
        assert_eq!(
            lines(&blocks),
            ["Office of the Spokesperson", "March 14, 2024"]
        );
        let long = [block(&["One", "Two", "Three", "Four"])];
        assert!(lines(&long).is_empty());
        let prose = [block(&[
            "The President met",
            "the Prime Minister in Tokyo, Japan.",
        ])];
        assert!(lines(&prose).is_empty());
    }

    #[test]
    fn looks_only_at_the_header_lines() {
        let lines = [
            "Office of the Spokesperson",
            "Berlin, 27 November 2023",
            "Body.",
        ];
        assert_eq!(place(&lines).as_deref(), Some("Berlin"));
        let late = [
            "Body one.",
            "Body two.",
            "Body three.",
            "Berlin, 2 May 2023",
        ];
        assert_eq!(place(&late), None);
    }
}
