//! Places mentioned in a statement: countries, regions and continents,
//! capitals and major cities, and adjectives of nationality.
//!
//! The table (`tables/places.tsv`, made by `tools/tables/places.py`) joins
//! CLDR territory names in 22 locales, UNTERM and Natural Earth country
//! names, Natural Earth and GeoNames city names, GeoNames continent names,
//! Arabic relative adjectives derived from the names (العراق → العراقية) and
//! a curated list of demonyms in other languages. Matching follows the
//! [`gazetteer`](super::gazetteer) rules; on top of them a few English
//! place names that are also given names (Jordan, Chad, ...) are dropped
//! next to another capitalised word ("Michael Jordan", "Chad Smith", "Paris
//! Agreement").

use std::sync::LazyLock;

use super::gazetteer::EntityTable;
use crate::normalise::FieldTexts;
use crate::record::{Mention, MentionKind, Statement};

static PLACES: LazyLock<EntityTable> =
    LazyLock::new(|| EntityTable::from_tsv(include_str!("../tables/places.tsv")));

/// Builds the table now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_table() {
    LazyLock::force(&PLACES);
}

/// English place names that are as often part of a longer name: a person
/// ("Michael Jordan", "George Washington"), an agreement or a newspaper
/// ("Paris Agreement", "Washington Post").
const NAME_PARTS: [&str; 20] = [
    "Jordan",
    "Chad",
    "Georgia",
    "Victoria",
    "Florence",
    "Sydney",
    "Austin",
    "Charlotte",
    "Jackson",
    "Lincoln",
    "Columbus",
    "Washington",
    "Montgomery",
    "Buffalo",
    "Salem",
    "Paris",
    "Santiago",
    "Orlando",
    "Houston",
    "Regina",
];

/// Every place mention in the statement's title and body.
pub fn extract(statement: &Statement) -> Vec<Mention> {
    extract_in(&FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(texts: &FieldTexts) -> Vec<Mention> {
    let mut places = PLACES.mentions(texts, MentionKind::Place, |text, start, end| {
        !reads_as_personal_name(&text.chars, start, end)
    });
    for place in &mut places {
        amman_by_its_shadda(place);
    }
    places
}

/// عمان is Oman (عُمان) or Amman (عَمّان): matching keys drop the marks
/// that tell them apart, so a shadda written on the name makes it Amman.
fn amman_by_its_shadda(place: &mut Mention) {
    const SHADDA: char = '\u{0651}';
    if place.wikidata.as_deref() != Some(OMAN) || !place.text.contains(SHADDA) {
        return;
    }
    if let Some(amman) = PLACES.entity(AMMAN) {
        place.name = amman.name.clone();
        place.wikidata = amman.wikidata.clone();
        place.country = amman.country.clone();
    }
}

const OMAN: &str = "Q842";
const AMMAN: &str = "P:Q3805";

/// Whether the place name at `[start, end)` is one of [`NAME_PARTS`] with
/// a capitalised word right before or after it, as in a longer name.
fn reads_as_personal_name(chars: &[char], start: usize, end: usize) -> bool {
    let surface: String = chars.iter().skip(start).take(end - start).collect();
    if !NAME_PARTS.contains(&surface.as_str()) {
        return false;
    }
    let before = chars.get(..start).unwrap_or(chars);
    let after = chars.get(end..).unwrap_or_default();
    let is_space = |c: &char| *c == ' ';
    let previous = (before.strip_suffix(&[' '])).and_then(|b| b.rsplit(is_space).next());
    let next = (after.strip_prefix(&[' '])).and_then(|a| a.split(is_space).next());
    let capitalised = |w: &[char]| w.first().is_some_and(|c| c.is_uppercase());
    let ends_sentence = |w: &[char]| w.last().is_some_and(|c| matches!(c, '.' | ':' | '!' | '?'));
    previous.is_some_and(|w| capitalised(w) && !ends_sentence(w)) || next.is_some_and(capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(title: &str, body: &str) -> Statement {
        Statement {
            title: title.to_string(),
            body: body.to_string(),
            language: "und".to_string(),
            ..Statement::default()
        }
    }

    /// `(name, text)` of each place in the body.
    fn places(body: &str) -> Vec<(String, String)> {
        extract(&statement("", body))
            .into_iter()
            .map(|m| (m.name, m.text))
            .collect()
    }

    fn names(body: &str) -> Vec<String> {
        extract(&statement("", body))
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn arabic_countries_with_clitics_and_variants() {
        assert_eq!(
            places("في العراق وسوريا وبالعراق وللعراق وسورية"),
            [
                ("Iraq", "العراق"),
                ("Syria", "سوريا"),
                ("Iraq", "العراق"),
                ("Iraq", "لعراق"),
                ("Syria", "سورية"),
            ]
            .map(|(n, t)| (n.to_string(), t.to_string()))
        );
        assert_eq!(
            names("أفريقيا وإفريقيا وافريقيا"),
            ["Africa", "Africa", "Africa"]
        );
        assert_eq!(names("الولايات المتحدة"), ["United States"]);
        assert_eq!(names("المحتجزين في شمال شرق سوريا"), ["Syria"]);
    }

    #[test]
    fn arabic_nisba_is_the_country() {
        assert_eq!(
            places("قوات الأمن العراقية والحكومة السورية"),
            [("Iraq", "العراقية"), ("Syria", "السورية")]
                .map(|(n, t)| (n.to_string(), t.to_string()))
        );
        assert_eq!(names("المبعوث الأمريكي"), ["United States"]);
    }

    #[test]
    fn codes_and_wikidata() {
        let found = extract(&statement("", "Iraq"));
        assert_eq!(found[0].country.as_deref(), Some("IQ"));
        assert_eq!(found[0].wikidata.as_deref(), Some("Q796"));
        let kabul = extract(&statement("", "هجوم في كابول"));
        assert_eq!(kabul[0].name, "Kabul");
        assert_eq!(kabul[0].country.as_deref(), Some("AF"));
    }

    #[test]
    fn english_demonyms_and_false_friends() {
        assert_eq!(
            names("Iraqi and Syrian officials met in Rome."),
            ["Iraq", "Syria", "Rome"]
        );
        assert_eq!(names("a roast turkey"), Vec::<String>::new());
        assert_eq!(names("Michael Jordan and Chad Smith"), Vec::<String>::new());
        assert_eq!(
            names("King Abdullah of Jordan met officials from Chad."),
            ["Jordan", "Chad"]
        );
        assert_eq!(
            names("the United States and the U.S. and us"),
            ["United States", "United States"]
        );
    }

    #[test]
    fn regions_no_reference_names() {
        assert_eq!(
            names("peace in the Middle East, the West Bank, and Gaza"),
            ["Middle East", "West Bank", "Gaza"]
        );
        assert_eq!(names("في الشرق الأوسط وقطاع غزة"), ["Middle East", "Gaza"]);
        let gaza = extract(&statement("", "Gaza"));
        assert_eq!(gaza[0].country.as_deref(), Some("PS"));
    }

    #[test]
    fn amman_is_told_from_oman_by_its_shadda() {
        assert_eq!(names("في عمّان وسلطنة عُمان"), ["Amman", "Oman"]);
    }

    #[test]
    fn persian_adjectives() {
        assert_eq!(
            names("مقامات ایرانی و نیروهای آمریکایی در سوریه"),
            ["Iran", "United States", "Syria"]
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            names("le gouvernement irakien et la Syrie"),
            ["Iraq", "Syria"]
        );
        assert_eq!(
            names("el pueblo sirio y Afganistán"),
            ["Syria", "Afghanistan"]
        );
        assert_eq!(names("دولت افغانستان و ایران"), ["Afghanistan", "Iran"]);
        assert_eq!(names("Россия и Сирия"), ["Russia", "Syria"]);
        assert_eq!(
            names("в Российской Федерации, Казахстане и Пекине"),
            ["Russia", "Kazakhstan", "Beijing"]
        );
        assert_eq!(names("中国与印度尼西亚"), ["China", "Indonesia"]);
    }
}
