//! Russian names in the nominative.
//!
//! Russian declines names: the foreign minister is "Сергей Лавров", but
//! "переговоры с Сергеем Лавровым", "визит Сергея Лаврова". A person's
//! `name` is the nominative; `text` stays as written. The case is read off
//! the title before the name, which agrees with it ("министром" →
//! instrumental, "министра" → genitive, "Министр" → nominative), so only
//! names found by a title are changed. A later bare surname links to the
//! person with any of the case endings of [`ENDINGS`].
//!
//! The rules cover the common endings, word by word (given name,
//! patronymic, surname), and leave a word alone when none applies
//! (indeclinable names such as "Тлеуберди", "Энтони"):
//!
//! | nominative | genitive | dative | instrumental | prepositional |
//! |---|---|---|---|---|
//! | Лавров, Путин (-ов/-ев/-ин/-ын) | Лаврова | Лаврову | Лавровым | Лаврове |
//! | Блинкен, Владимир (consonant) | Блинкена | Блинкену | Блинкеном | Блинкене |
//! | Сергей (-ей/-ай/-ой) | Сергея | Сергею | Сергеем | Сергее |
//! | Игорь (-ь) | Игоря | Игорю | Игорем | – |
//! | Захарова (-ова/-ева/-ина) | Захаровой | Захаровой | Захаровой | Захаровой |
//! | Зеленский (-ский/-цкий) | Зеленского | Зеленскому | Зеленским | Зеленском |
//! | Мария (-ия) | Марии | Марии | Марией | Марии |
//!
//! After ж, ш, ч, щ, ц the instrumental of a consonant stem is -ем
//! ("Гутеррешем" → "Гутерреш"). A stem is never cut below three letters.

/// The grammatical case of a name, as its title shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    Nominative,
    Genitive,
    Dative,
    Instrumental,
    Prepositional,
}

/// Case endings a later bare surname may carry after the nominative
/// ("Лавров" → "Лаврова", "Лавровым"); longest first.
pub(super) const ENDINGS: &[&str] = &["ым", "ом", "ем", "ой", "а", "у", "е", "я", "ю"];

/// Nominative titles that end like an oblique case.
const NOMINATIVE_TITLES: &[&str] = &["глава", "судья"];

/// Adjective endings: a title's qualifiers ("американского госсекретаря"),
/// skipped to reach the head noun.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ий", "ый", "ой", "ая", "ое", "ого", "его", "ому", "ему", "ым", "им", "ую", "ей", "ых", "их",
];

const SIBILANTS: &str = "жшчщц";
const VOWELS: &str = "аеёиоуыэюя";

pub(super) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// The case a title stands in, from its head noun: the first Cyrillic
/// word that is not an adjective. A role in another script, or with no
/// such word, is taken as nominative.
pub(super) fn case_of_role(role: &str) -> Case {
    let head = role
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| w.chars().all(is_cyrillic) && w.chars().count() >= 3)
        .find(|w| !ADJECTIVE_ENDINGS.iter().any(|e| w.ends_with(e)));
    let Some(head) = head else {
        return Case::Nominative;
    };
    if NOMINATIVE_TITLES.contains(&head.as_str()) {
        return Case::Nominative;
    }
    match head.chars().last() {
        _ if head.ends_with("ом") || head.ends_with("ем") || head.ends_with("ём") => {
            Case::Instrumental
        }
        Some('а' | 'я') => Case::Genitive,
        Some('у' | 'ю') => Case::Dative,
        Some('е') => Case::Prepositional,
        _ => Case::Nominative,
    }
}

/// The name in the nominative, word by word; white space and other
/// scripts kept as written.
pub(super) fn nominative(name: &str, case: Case) -> String {
    if case == Case::Nominative {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            out.push_str(&nominative_word(&word, case));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&nominative_word(&word, case));
    out
}

fn nominative_word(word: &str, case: Case) -> String {
    if word.is_empty() || !word.chars().all(is_cyrillic) {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    match rule_for(&lower, case) {
        Some((cut, add)) if lower.chars().count() - cut >= 3 => {
            let kept: String = word.chars().take(word.chars().count() - cut).collect();
            kept + add
        }
        _ => word.to_string(),
    }
}

/// How many letters to cut from the end of a (lower-case) word and what
/// to add, or `None` when no rule applies.
fn rule_for(word: &str, case: Case) -> Option<(usize, &'static str)> {
    let stem_before =
        |ending: &str| -> Option<char> { word.strip_suffix(ending).and_then(|s| s.chars().last()) };
    let after_consonant = |ending: &str| {
        stem_before(ending)
            .is_some_and(|c| c.is_alphabetic() && !VOWELS.contains(c) && c != 'ь' && c != 'й')
    };
    let after_vowel =
        |ending: &str, vowels: &str| stem_before(ending).is_some_and(|c| vowels.contains(c));
    let possessive_stem = |ending: &str| {
        ["ов", "ев", "ёв", "ин", "ын"]
            .iter()
            .any(|s| word.strip_suffix(ending).is_some_and(|w| w.ends_with(s)))
    };
    let adjective_stem = |ending: &str| {
        ["ск", "цк"]
            .iter()
            .any(|s| word.strip_suffix(ending).is_some_and(|w| w.ends_with(s)))
    };
    // Feminine surnames: one form for every oblique case.
    if possessive_stem("ой") {
        return Some((2, "а"));
    }
    match case {
        Case::Nominative => None,
        Case::Genitive => {
            if adjective_stem("ого") {
                Some((3, "ий"))
            } else if word.ends_with("ии") {
                Some((1, "я"))
            } else if after_vowel("я", "еао") {
                Some((1, "й"))
            } else if after_consonant("я") {
                Some((1, "ь"))
            } else if after_consonant("а") {
                Some((1, ""))
            } else {
                None
            }
        }
        Case::Dative => {
            if adjective_stem("ому") {
                Some((3, "ий"))
            } else if word.ends_with("ии") {
                Some((1, "я"))
            } else if after_vowel("ю", "еао") {
                Some((1, "й"))
            } else if after_consonant("ю") {
                Some((1, "ь"))
            } else if after_consonant("у") {
                Some((1, ""))
            } else {
                None
            }
        }
        Case::Instrumental => {
            if adjective_stem("им") {
                Some((2, "ий"))
            } else if word.ends_with("ией") {
                Some((2, "я"))
            } else if possessive_stem("ым") {
                Some((2, ""))
            } else if after_vowel("ем", "еао") {
                Some((2, "й"))
            } else if stem_before("ем").is_some_and(|c| SIBILANTS.contains(c)) {
                Some((2, ""))
            } else if after_consonant("ем") {
                Some((2, "ь"))
            } else if after_consonant("ом") {
                Some((2, ""))
            } else {
                None
            }
        }
        Case::Prepositional => {
            if adjective_stem("ом") {
                Some((2, "ий"))
            } else if word.ends_with("ии") {
                Some((1, "я"))
            } else if after_vowel("е", "еао") {
                Some((1, "й"))
            } else if after_consonant("е") {
                Some((1, ""))
            } else {
                None
            }
        }
    }
}

/// The case ending that follows a surname at `end` ("Лавров|ым"), as a
/// number of characters, when the word ends there.
pub(super) fn ending_after(chars: &[char], end: usize) -> usize {
    let rest = |n: usize| chars.get(end..end + n);
    for ending in ENDINGS {
        let n = ending.chars().count();
        let Some(letters) = rest(n) else { continue };
        let matches = letters
            .iter()
            .flat_map(|c| c.to_lowercase())
            .eq(ending.chars());
        let word_ends = chars.get(end + n).is_none_or(|c| !c.is_alphanumeric());
        if matches && word_ends {
            return n;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_the_case() {
        assert_eq!(
            case_of_role("министром иностранных дел Казахстана"),
            Case::Instrumental
        );
        assert_eq!(
            case_of_role("министра иностранных дел России"),
            Case::Genitive
        );
        assert_eq!(case_of_role("американского госсекретаря"), Case::Genitive);
        assert_eq!(case_of_role("президенту"), Case::Dative);
        assert_eq!(
            case_of_role("Министр иностранных дел России"),
            Case::Nominative
        );
        assert_eq!(case_of_role("госсекретарь"), Case::Nominative);
        assert_eq!(case_of_role("Председатель КНР"), Case::Nominative);
        assert_eq!(case_of_role("глава МИД"), Case::Nominative);
        assert_eq!(case_of_role("Secretary of State"), Case::Nominative);
    }

    #[test]
    fn names_return_to_the_nominative() {
        let cases = [
            ("Сергея Лаврова", Case::Genitive, "Сергей Лавров"),
            ("Сергею Лаврову", Case::Dative, "Сергей Лавров"),
            ("Сергеем Лавровым", Case::Instrumental, "Сергей Лавров"),
            ("Сергее Лаврове", Case::Prepositional, "Сергей Лавров"),
            ("Энтони Блинкена", Case::Genitive, "Энтони Блинкен"),
            ("Энтони Блинкеном", Case::Instrumental, "Энтони Блинкен"),
            ("Мухтаром Тлеуберди", Case::Instrumental, "Мухтар Тлеуберди"),
            ("Владимиром Путиным", Case::Instrumental, "Владимир Путин"),
            ("Си Цзиньпина", Case::Genitive, "Си Цзиньпин"),
            ("Марии Захаровой", Case::Genitive, "Мария Захарова"),
            ("Владимира Зеленского", Case::Genitive, "Владимир Зеленский"),
            ("Игорем Моргуловым", Case::Instrumental, "Игорь Моргулов"),
            ("Антониу Гутеррешем", Case::Instrumental, "Антониу Гутерреш"),
        ];
        for (written, case, expected) in cases {
            assert_eq!(nominative(written, case), expected, "{written}");
        }
    }

    #[test]
    fn the_nominative_and_other_scripts_stay() {
        assert_eq!(
            nominative("Мария Захарова", Case::Nominative),
            "Мария Захарова"
        );
        assert_eq!(
            nominative("Antony Blinken", Case::Genitive),
            "Antony Blinken"
        );
        assert_eq!(nominative("Ли", Case::Genitive), "Ли");
        assert_eq!(nominative("Ивана", Case::Genitive), "Иван");
    }

    #[test]
    fn endings_after_a_surname() {
        let text: Vec<char> = "с Лавровым и Лавровка".chars().collect();
        assert_eq!(ending_after(&text, 8), 2);
        assert_eq!(ending_after(&text, 19), 0);
    }
}
