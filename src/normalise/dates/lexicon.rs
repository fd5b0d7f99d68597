//! The words dates are written with.
//!
//! Month names come from `tables/months.tsv`, generated from Unicode CLDR
//! by `tools/tables/months.py`, and are read here as matching keys (see
//! [`months`](super::months) for how they are found). The grammar words
//! around them (year nouns, prepositions, era marks, range connectors,
//! "last"/"next") are small closed classes of each language, listed here
//! in their ordinary spelling and folded when first used.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::record::Calendar;
use crate::text::fold_key;

/// One spelling of a month name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthName {
    pub calendar: Calendar,
    /// 1 to 12.
    pub number: u8,
    /// Only ever an abbreviation (`janv`, `Sep`, `ago`): such a spelling is
    /// a date only beside a day or a year, never on its own.
    pub abbreviated: bool,
    /// Also an everyday word or too short to trust (`صفر` "zero",
    /// Persian `مه` "fog",
    /// Latin-script Hijri and Solar Hijri names such as `Azar`): a date only
    /// when a year is written next to it.
    pub needs_year: bool,
    /// May be a date written alone, after a preposition (`في حزيران`,
    /// `تا پایان آذر`): a full name that is not an everyday word. The
    /// Afghan zodiac names (`ثور` "bull") are dates only beside a day or
    /// a year.
    pub alone: bool,
}

/// The month-name table (see `tools/tables/months.py`).
pub const MONTHS_TSV: &str = include_str!("../tables/months.tsv");

/// The matching keys of the month names of `table` (the text of
/// `months.tsv`), each once, in the order of the table, with what they name.
pub fn month_keys(table: &str) -> Vec<(String, MonthName)> {
    let mut by_key: HashMap<String, MonthName> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let Some((key, name)) = parse_row(line) else {
            continue;
        };
        match by_key.get_mut(&key) {
            // Several spellings fold to one key (Jan / jan): it is an
            // abbreviation or a weak name only if every spelling is.
            Some(seen) if seen.calendar == name.calendar && seen.number == name.number => {
                seen.abbreviated &= name.abbreviated;
                seen.needs_year &= name.needs_year;
                seen.alone |= name.alone;
            }
            Some(_) => {}
            None => {
                order.push(key.clone());
                by_key.insert(key, name);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| {
            let name = by_key.get(&key).copied()?;
            Some((key, name))
        })
        .collect()
}

/// One row of `months.tsv`: name, calendar, month, form, source, locales.
fn parse_row(line: &str) -> Option<(String, MonthName)> {
    let mut columns = line.split('\t');
    let spelling = columns.next()?;
    let calendar = match columns.next()? {
        "gregorian" => Calendar::Gregorian,
        "islamic" => Calendar::Islamic,
        "persian" => Calendar::Persian,
        _ => return None,
    };
    let number: u8 = columns
        .next()?
        .parse()
        .ok()
        .filter(|n| (1..=12).contains(n))?;
    let abbreviated = columns.next()? == "abbreviated";
    let locales = columns.nth(1)?;
    let key = fold_key(spelling);
    let needs_year = needs_year(&key, calendar);
    let alone = !abbreviated && !needs_year && locales != "fa-AF";
    Some((
        key,
        MonthName {
            calendar,
            number,
            abbreviated,
            needs_year,
            alone,
        },
    ))
}

fn needs_year(key: &str, calendar: Calendar) -> bool {
    let short = key.chars().count() <= 2;
    if calendar == Calendar::Gregorian {
        return short;
    }
    let latin_or_cyrillic = key.chars().any(|c| c.is_alphabetic() && c < '\u{0590}');
    short || latin_or_cyrillic || key == fold_key("صفر")
}

/// A closed class of grammar words, kept as matching keys.
pub struct Words(HashSet<String>);

impl Words {
    fn new(words: &[&str]) -> Words {
        Words(words.iter().map(|w| fold_key(w)).collect())
    }

    /// `word` must already be a matching key.
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

macro_rules! words {
    ($(#[$doc:meta])* $name:ident = [$($w:literal),* $(,)?]) => {
        $(#[$doc])*
        pub static $name: LazyLock<Words> = LazyLock::new(|| Words::new(&[$($w),*]));
    };
}

words!(
    /// Nouns meaning "year" written before it; part of the date's text
    /// (`عام 2021`, `year 2021`).
    YEAR_NOUNS = ["عام", "العام", "سنة", "السنة", "سال", "year", "année", "año", "ano"]
);

words!(
    /// Prepositions after which a bare four-digit number is a year
    /// (`في 2021`, `in 2021`, `en 2021`, `с 2019 года`); not part of the text.
    YEAR_PREPOSITIONS = [
        "في", "منذ", "خلال", "حتى", "قبل", "بعد", "مطلع", "بداية", "نهاية", "أواخر", "أوائل",
        "منتصف", "أواسط", "لغاية", "طوال", "in", "since", "by", "during", "until", "till",
        "before", "after", "from", "early", "late", "mid", "throughout", "en", "depuis", "dès",
        "avant", "après", "fin", "début", "desde", "hasta", "durante", "antes", "después", "em",
        "até", "após", "в", "с", "до", "после", "к", "در", "از", "تا", "طی",
    ]
);

words!(
    /// Parts of a year named before "of" (`the first quarter of 2022`,
    /// `the end of 2021`, `the summer of 2020`).
    PERIOD_NOUNS = [
        "quarter", "half", "end", "beginning", "start", "middle", "spring", "summer", "autumn",
        "fall", "winter", "course", "rest", "remainder",
    ]
);

words!(
    /// Prefixes joined to a year by a hyphen (`mid-2022`, `pre-2020`).
    HYPHEN_PREFIXES = ["mid", "early", "late", "pre", "post", "mi", "fin", "début"]
);

words!(
    /// "Of" between a part of a year and the year.
    OF_WORDS = ["of"]
);

words!(
    /// Era marks after a year that make it Gregorian (`2021 م`, `2022 года`).
    GREGORIAN_ERA = ["م", "ميلادي", "ميلادية", "میلادی", "г", "года", "год", "году", "гг", "ad"]
);

words!(
    /// Era marks after a year that make it Hijri (`1445 هـ`, `1445 AH`).
    ISLAMIC_ERA = ["هـ", "ه", "هجري", "هجرية", "ہجری", "ah", "قمري"]
);

words!(
    /// Era marks after a year that make it Solar Hijri (`1402 ش`).
    PERSIAN_ERA = ["ش", "شمسی", "خورشیدی"]
);

words!(
    /// Words after a four-digit number that make it an amount, not a year
    /// (`في 2000 مليون`, `in 2000 thousand`).
    SCALE_WORDS = [
        "مليون", "ملايين", "مليار", "مليارات", "ألف", "آلاف", "بالمئة", "بالمائة", "هزار",
        "میلیون", "میلیارد", "درصد", "million", "millions", "billion", "billions", "thousand",
        "thousands", "trillion", "percent", "per", "mille", "milliard", "milliards", "millón",
        "millones", "mil", "milhão", "milhões", "тысяч", "тыс", "млн", "млрд", "миллиона",
        "миллионов", "миллиард", "процентов",
    ]
);

words!(
    /// "Last": a month or day before the reference date
    /// (`حزيران/يونيو الماضي`, `juin dernier`, `last June`).
    RELATIVE_LAST = [
        "الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "dernier", "dernière",
        "pasado", "passado", "گذشته", "last", "past",
    ]
);

words!(
    /// "Next": a month or day after the reference date (`أيار المقبل`, `next May`).
    RELATIVE_NEXT = [
        "المقبل", "المقبلة", "القادم", "القادمة", "prochain", "prochaine", "próximo", "próxima",
        "آینده", "next", "coming",
    ]
);

words!(
    /// "This": the month or day in the reference year (`this June`, `آب الجاري`).
    RELATIVE_THIS = ["الجاري", "الحالي", "this"]
);

words!(
    /// Relative words that come before the month in their language
    /// (`last June`, `el pasado 20 de diciembre`), never after it: in
    /// "May this new year", `this` is not about May.
    RELATIVE_BEFORE_ONLY = ["last", "past", "next", "coming", "this"]
);

words!(
    /// "Since" before a date without a year: the date is in the past
    /// (`since January`, `منذ آذار`, `depuis mars`).
    SINCE_WORDS = ["since", "منذ", "depuis", "desde"]
);

words!(
    /// Words before a month written alone that make it a date
    /// (`في حزيران`, `in June`, `en juin`, `в июне`).
    MONTH_PREPOSITIONS = [
        "في", "خلال", "منذ", "حتى", "شهر", "مطلع", "أواخر", "أوائل", "منتصف", "بداية", "نهاية",
        "أواسط", "in", "during", "since", "until", "by", "early", "late", "mid", "en", "depuis",
        "jusqu", "mois", "fin", "début", "mi", "courant", "desde", "hasta", "durante", "mes",
        "finales", "principios", "mediados", "fines", "em", "até", "mês", "final", "início",
        "meados", "в", "с", "до", "к", "end", "beginning", "start", "middle", "در", "ماه", "پایان",
        "اوایل", "اواسط", "اواخر", "ابتدای", "конца", "начала", "середины",
        "конце", "начале", "середине",
    ]
);

words!(
    /// The only words before a Solar Hijri month written alone that make it
    /// a date: several months are also given names (`بهمن`, `آذر`, `مهر`),
    /// so "from" and "until" are not enough (`از بهمن` is "from Bahman").
    PERSIAN_MONTH_CONTEXT = ["در", "ماه", "پایان", "اوایل", "اواسط", "اواخر", "ابتدای"]
);

words!(
    /// Urdu postpositions after a month or a year that make it a date
    /// (`ستمبر میں`, `اکتوبر کے دوران`, `2022 تک`).
    POSTPOSITIONS = ["میں", "تک", "کا", "کی", "کے", "کو"]
);

words!(
    /// Words between a day and its month (`1st of May`, `1 de mayo`).
    DAY_MONTH_LINKS = ["of", "de", "من"]
);

words!(
    /// Words between a month and its year (`mayo de 2022`, `March of 2022`).
    MONTH_YEAR_LINKS = ["de", "del", "of", "do", "من"]
);

words!(
    /// Words after a month name that only say "month" (`خرداد ماه ۱۴۰۲`).
    MONTH_NOUNS_AFTER = ["ماه"]
);

words!(
    /// Words that join the two ends of a range (`3 to 5 May`, `من 3 إلى 5 أيار`).
    RANGE_WORDS = [
        "to", "through", "thru", "until", "till", "إلى", "حتى", "لغاية", "au", "à", "al", "hasta",
        "até", "по", "до", "تا", "سے", "至", "到",
    ]
);

words!(
    /// "Between", which lets "and" join a range (`بين 2019 و2021`).
    BETWEEN_WORDS = ["بين", "between", "entre", "между", "بین"]
);

words!(
    /// "And" after "between".
    AND_WORDS = ["و", "and", "et", "y", "e", "и", "اور"]
);

words!(
    /// Ordinal suffixes written right after a day number (`1st`, `1er`, `2e`, `1º`).
    ORDINAL_SUFFIXES = ["st", "nd", "rd", "th", "er", "re", "e", "eme", "º", "ª", "o", "a"]
);

/// Closed lists of word sequences, kept as matching keys split at white
/// space.
pub struct Phrases(Vec<Vec<String>>);

impl Phrases {
    fn new(phrases: &[&str]) -> Phrases {
        let split = |p: &&str| fold_key(p).split_whitespace().map(str::to_string).collect();
        Phrases(phrases.iter().map(split).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Vec<String>> {
        self.0.iter()
    }
}

/// "Of this year" after a day or month (`January 20th of this year`).
pub static THIS_YEAR: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "of this year",
        "this year",
        "من هذا العام",
        "من العام الجاري",
        "من العام الحالي",
        "هذا العام",
        "من هذه السنة",
        "de cette année",
        "de este año",
        "deste ano",
        "этого года",
        "امسال",
    ])
});

/// Marks after a year that put it before the Common Era (`2000 ق.م`,
/// `500 BC`): no statement dates anything then.
pub static BEFORE_CHRIST: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "ق م",
        "قبل الميلاد",
        "bc",
        "b c",
        "bce",
        "av j c",
        "a c",
        "до н э",
        "پیش از میلاد",
    ])
});

/// "Of last year" after a day or month (`في آذار من العام الماضي`).
pub static LAST_YEAR: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "of last year",
        "last year",
        "من العام الماضي",
        "العام الماضي",
        "من السنة الماضية",
        "del año pasado",
        "do ano passado",
        "прошлого года",
        "سال گذشته",
    ])
});

/// "Of next year" after a day or month (`في آذار من العام المقبل`).
pub static NEXT_YEAR: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "of next year",
        "next year",
        "من العام المقبل",
        "العام المقبل",
        "من العام القادم",
        "العام القادم",
        "del próximo año",
        "do próximo ano",
        "следующего года",
        "سال آینده",
    ])
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_its_source_and_licence() {
        let header: Vec<&str> = MONTHS_TSV
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect();
        assert!(
            header
                .iter()
                .any(|l| l.contains("cldr-dates-full") && l.contains("Unicode License"))
        );
        assert!(header.iter().any(|l| l.contains("tools/tables/months.py")));
    }

    #[test]
    fn no_spelling_names_two_months() {
        let mut seen: HashMap<String, (Calendar, u8)> = HashMap::new();
        let rows = MONTHS_TSV.lines().filter(|l| !l.starts_with('#')).skip(1);
        for (key, name) in rows.filter_map(parse_row) {
            let month = (name.calendar, name.number);
            let first = *seen.entry(key.clone()).or_insert(month);
            assert_eq!(first, month, "{key} names two months");
        }
        assert!(seen.len() > 300);
    }

    #[test]
    fn grammar_words_are_folded() {
        assert!(RANGE_WORDS.contains(&fold_key("الى")));
        assert!(RELATIVE_LAST.contains("الماضي"));
        assert!(YEAR_PREPOSITIONS.contains("apres"));
    }
}
