//! The words and symbols around a money amount: currencies, scale words,
//! qualifiers and range words, and the decimal separator of each locale.
//!
//! Currencies, scale words and separators come from the generated tables in
//! `src/normalise/tables/` (see `tools/tables/currencies.py`). Qualifiers and
//! range words are grammar, closed lists per language, and live here.
//! Everything is folded with [`crate::text::fold_key`] and compiled into one
//! Aho-Corasick automaton, built once per process.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::MatchKind;
use aho_corasick::nfa::contiguous::NFA;
use regex::Regex;

use super::is_word_char;
use super::number::RawNumber;
use super::tokens::first_word_end;
use crate::normalise::anchored::keys_starting_at;
use crate::record::Qualifier;
use crate::text::fold_key;

const CURRENCIES: &str = include_str!("../tables/currencies.tsv");
const SCALES: &str = include_str!("../tables/currencies_scales.tsv");
const NUMBER_WORDS: &str = include_str!("../tables/currencies_number_words.tsv");
const SEPARATORS: &str = include_str!("../tables/currencies_separators.tsv");

/// Where a qualifier stands relative to the amount it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    Before,
    After,
}

use Placement::{After, Before};
use Qualifier::{About, AtLeast, LessThan, MoreThan, UpTo};

/// Qualifier phrases per language. Synonyms of "nearly" and "almost" count
/// as `about`: statements use them for round estimates.
const QUALIFIERS: &[(&str, Qualifier, Placement)] = &[
    // Arabic
    ("أكثر من", MoreThan, Before),
    ("ما يزيد على", MoreThan, Before),
    ("ما يزيد عن", MoreThan, Before),
    ("يزيد على", MoreThan, Before),
    ("يزيد عن", MoreThan, Before),
    ("أزيد من", MoreThan, Before),
    ("ما يربو على", MoreThan, Before),
    ("يربو على", MoreThan, Before),
    ("نحو", About, Before),
    ("حوالي", About, Before),
    ("حوالى", About, Before),
    ("قرابة", About, Before),
    ("زهاء", About, Before),
    ("ما يقارب", About, Before),
    ("يقارب", About, Before),
    ("ما يقرب من", About, Before),
    ("ما يناهز", About, Before),
    ("يناهز", About, Before),
    ("تقريبا", About, Before),
    ("تقريبا", About, After),
    ("أقل من", LessThan, Before),
    ("ما يقل عن", LessThan, Before),
    ("على الأقل", AtLeast, Before),
    ("على الأقل", AtLeast, After),
    ("ما لا يقل عن", AtLeast, Before),
    ("لا يقل عن", AtLeast, Before),
    ("ما يصل إلى", UpTo, Before),
    ("يصل إلى", UpTo, Before),
    ("حتى", UpTo, Before),
    ("بحد أقصى", UpTo, Before),
    // Verbs of exceeding: "تجاوزت 5 ملايين دولار", "превысил 140 млрд".
    ("تجاوز", MoreThan, Before),
    ("تجاوزت", MoreThan, Before),
    ("يتجاوز", MoreThan, Before),
    ("تتجاوز", MoreThan, Before),
    // English
    ("more than", MoreThan, Before),
    ("over", MoreThan, Before),
    ("just over", MoreThan, Before),
    ("in excess of", MoreThan, Before),
    ("upwards of", MoreThan, Before),
    ("above", MoreThan, Before),
    ("nearly", About, Before),
    ("almost", About, Before),
    ("about", About, Before),
    ("around", About, Before),
    ("approximately", About, Before),
    ("approx.", About, Before),
    ("roughly", About, Before),
    ("some", About, Before),
    ("an estimated", About, Before),
    ("estimated", About, Before),
    ("close to", About, Before),
    ("up to", UpTo, Before),
    ("as much as", UpTo, Before),
    ("a maximum of", UpTo, Before),
    ("at most", UpTo, Before),
    ("no more than", UpTo, Before),
    ("not to exceed", UpTo, Before),
    ("not exceeding", UpTo, Before),
    ("exceeding", MoreThan, Before),
    ("at least", AtLeast, Before),
    ("a minimum of", AtLeast, Before),
    ("no less than", AtLeast, Before),
    ("not less than", AtLeast, Before),
    ("or more", AtLeast, After),
    ("less than", LessThan, Before),
    ("just under", LessThan, Before),
    ("under", LessThan, Before),
    ("below", LessThan, Before),
    // French
    ("plus de", MoreThan, Before),
    ("plus d'", MoreThan, Before),
    ("au-delà de", MoreThan, Before),
    ("près de", About, Before),
    ("environ", About, Before),
    ("quelque", About, Before),
    ("approximativement", About, Before),
    ("autour de", About, Before),
    ("presque", About, Before),
    ("jusqu'à", UpTo, Before),
    ("jusqu’à", UpTo, Before),
    ("au maximum", UpTo, Before),
    ("au moins", AtLeast, Before),
    ("pas moins de", AtLeast, Before),
    ("moins de", LessThan, Before),
    // Spanish and Portuguese
    ("más de", MoreThan, Before),
    ("mais de", MoreThan, Before),
    ("casi", About, Before),
    ("quase", About, Before),
    ("cerca de", About, Before),
    ("alrededor de", About, Before),
    ("aproximadamente", About, Before),
    ("unos", About, Before),
    ("unas", About, Before),
    ("hasta", UpTo, Before),
    ("até", UpTo, Before),
    ("al menos", AtLeast, Before),
    ("por lo menos", AtLeast, Before),
    ("pelo menos", AtLeast, Before),
    ("como mínimo", AtLeast, Before),
    ("no menos de", AtLeast, Before),
    ("menos de", LessThan, Before),
    // Russian
    ("более", MoreThan, Before),
    ("более чем", MoreThan, Before),
    ("свыше", MoreThan, Before),
    ("больше", MoreThan, Before),
    ("около", About, Before),
    ("почти", About, Before),
    ("примерно", About, Before),
    ("приблизительно", About, Before),
    ("порядка", About, Before),
    // Bare "до" is not a qualifier: "довести до 200 млрд" is a target, and
    // "от 5 до 10" a range.
    ("вплоть до", UpTo, Before),
    ("превысил", MoreThan, Before),
    ("превысила", MoreThan, Before),
    ("превысило", MoreThan, Before),
    ("превысили", MoreThan, Before),
    ("превышает", MoreThan, Before),
    ("превысит", MoreThan, Before),
    ("не более", UpTo, Before),
    ("максимум", UpTo, Before),
    ("не менее", AtLeast, Before),
    ("не меньше", AtLeast, Before),
    ("по меньшей мере", AtLeast, Before),
    ("как минимум", AtLeast, Before),
    ("минимум", AtLeast, Before),
    ("менее", LessThan, Before),
    ("меньше", LessThan, Before),
    // Persian
    ("بیش از", MoreThan, Before),
    ("بیشتر از", MoreThan, Before),
    ("حدود", About, Before),
    ("حدودا", About, Before),
    ("نزدیک به", About, Before),
    ("قریب به", About, Before),
    ("دست کم", AtLeast, Before),
    ("دستکم", AtLeast, Before),
    ("حداقل", AtLeast, Before),
    ("حداکثر", UpTo, Before),
    ("تا", UpTo, Before),
    ("تا سقف", UpTo, Before),
    ("کمتر از", LessThan, Before),
    // Urdu
    ("تقریباً", About, Before),
    ("لگ بھگ", About, Before),
    ("کم از کم", AtLeast, Before),
    ("زیادہ سے زیادہ", UpTo, Before),
    ("سے زائد", MoreThan, After),
    ("سے زیادہ", MoreThan, After),
    ("سے کم", LessThan, After),
    ("تک", UpTo, After),
    // Chinese
    ("超过", MoreThan, Before),
    ("逾", MoreThan, Before),
    ("多于", MoreThan, Before),
    ("以上", MoreThan, After),
    ("约", About, Before),
    ("大约", About, Before),
    ("近", About, Before),
    ("将近", About, Before),
    ("接近", About, Before),
    ("左右", About, After),
    ("至少", AtLeast, Before),
    ("不少于", AtLeast, Before),
    ("最多", UpTo, Before),
    ("高达", UpTo, Before),
    ("不到", LessThan, Before),
    ("少于", LessThan, Before),
    ("不足", LessThan, Before),
];

/// Words that open a range: "between $5 and $10 million".
const RANGE_OPENERS: &[&str] = &[
    "between",
    "from",
    "entre",
    "от",
    "между",
    "بين",
    "من",
    "از",
    "从",
];

/// Words between the two ends of a range, and whether they need an opener
/// ("and" is a range only after "between").
const RANGE_JOINERS: &[(&str, bool)] = &[
    ("-", false),
    ("–", false),
    ("—", false),
    ("to", false),
    ("and", true),
    ("إلى", false),
    ("و", true),
    ("à", false),
    ("a", false),
    ("y", true),
    ("et", true),
    ("e", true),
    ("и", true),
    ("до", false),
    ("تا", false),
    ("至", false),
    ("到", false),
    ("سے", false),
];

/// Words allowed between a scale word and the currency: "millions de
/// dollars", "milliards d'euros".
const SCALE_LINKS: &[&str] = &["de", "d'", "d’"];

/// Chinese characters between a number and its scale word that mean "more
/// than": "600多万", "300余万".
const SCALE_INFIXES: &[&str] = &["多", "余"];

/// One reading of a currency form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CurrencyReading {
    pub code: String,
    /// The language the reading is for, `*` for any.
    pub lang: String,
    /// A symbol or code, which can stand before the number ("$5", "USD 5");
    /// a name only follows it.
    pub symbolic: bool,
    /// Matching keys of which one must occur in the statement for this
    /// reading to apply (a bare "درهم" is MAD where Morocco is named);
    /// empty for a reading that needs none.
    pub context: Vec<String>,
}

/// One reading of a scale word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ScaleReading {
    pub lang: String,
    pub power: u32,
    /// The number meant when the word stands alone ("مليار دولار" is one
    /// billion, "مليونا دولار" two million).
    pub alone: Option<RawNumber>,
}

/// Everything a folded form can mean.
#[derive(Debug, Clone, Default)]
pub(super) struct Entry {
    pub currencies: Vec<CurrencyReading>,
    pub scales: Vec<ScaleReading>,
    pub qualifiers: Vec<(Qualifier, Placement)>,
    pub opens_range: bool,
    /// `Some(needs_opener)` when the form joins the two ends of a range.
    pub joins_range: Option<bool>,
    pub links_scale: bool,
    /// The value of a number word ("three", "ثلاثة"), which counts only
    /// before a scale word.
    pub number_word: Option<RawNumber>,
    /// ISO codes are matched only when written in capitals ("ALL" the lek,
    /// not "all").
    pub is_code: bool,
}

impl Entry {
    /// The currency the form means in a text of language `lang` whose
    /// matching key is `context`: a reading whose context words occur
    /// first, then one for the language, then one for any language.
    pub fn currency(&self, lang: &str, context: &str) -> Option<&CurrencyReading> {
        let in_context = |r: &&CurrencyReading| {
            !r.context.is_empty() && r.context.iter().any(|word| context.contains(word.as_str()))
        };
        let plain = || self.currencies.iter().filter(|r| r.context.is_empty());
        self.currencies
            .iter()
            .find(in_context)
            .or_else(|| plain().find(|r| r.lang == lang))
            .or_else(|| plain().find(|r| r.lang == "*"))
            .or_else(|| plain().next())
    }

    /// The scale the word means in a text of language `lang`.
    pub fn scale(&self, lang: &str) -> Option<&ScaleReading> {
        self.scales
            .iter()
            .find(|r| r.lang == lang)
            .or_else(|| self.scales.iter().find(|r| r.lang == "en"))
            .or_else(|| self.scales.first())
    }

    pub fn qualifier(&self, placement: Placement) -> Option<Qualifier> {
        self.qualifiers
            .iter()
            .find(|(_, p)| *p == placement)
            .map(|(q, _)| *q)
    }
}

/// The compiled lexicon.
pub(super) struct Lexicon {
    /// The keys of the entries, walked from given starts (see
    /// [`Lexicon::words_at`]).
    automaton: NFA,
    /// Whether some key starts with this byte.
    first_bytes: [bool; 256],
    /// The first word of every key (see [`first_word_end`]).
    first_words: WordFilter,
    /// Finds the places that may hold a scale word (see
    /// [`Lexicon::scale_word_candidates`]).
    scale_words: Regex,
    /// Every run of word characters in a key (see [`Lexicon::word_kind`]).
    key_words: WordFilter,
    /// Entry of each automaton pattern, by pattern id.
    pub entries: Vec<Entry>,
    /// Decimal separator of the Latin digits per locale (`en` → `.`).
    decimal_by_locale: HashMap<String, char>,
}

pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    fn build() -> Lexicon {
        let mut builder = Builder::default();
        for row in table_rows(CURRENCIES) {
            if let [form, code, kind, lang, context] = row.as_slice() {
                let symbolic = matches!(*kind, "symbol" | "code") || has_symbol_char(form);
                let entry = builder.entry(form);
                entry.is_code |= *kind == "code";
                entry.currencies.push(CurrencyReading {
                    code: code.to_string(),
                    lang: lang.to_string(),
                    symbolic,
                    context: context
                        .split(',')
                        .filter(|w| !w.trim().is_empty())
                        .map(|w| fold_key(w.trim()))
                        .collect(),
                });
            }
        }
        for row in table_rows(SCALES) {
            if let [lang, word, power, alone] = row.as_slice()
                && let Ok(power) = power.parse()
            {
                builder.entry(word).scales.push(ScaleReading {
                    lang: lang.to_string(),
                    power,
                    alone: alone.parse().ok().map(RawNumber::whole),
                });
            }
        }
        for row in table_rows(NUMBER_WORDS) {
            if let [_, word, value] = row.as_slice()
                && let Ok(value) = value.parse()
            {
                let entry = builder.entry(word);
                entry.number_word.get_or_insert(RawNumber::whole(value));
            }
        }
        for &(phrase, qualifier, placement) in QUALIFIERS {
            builder
                .entry(phrase)
                .qualifiers
                .push((qualifier, placement));
        }
        for opener in RANGE_OPENERS {
            builder.entry(opener).opens_range = true;
        }
        for &(joiner, needs_opener) in RANGE_JOINERS {
            builder.entry(joiner).joins_range = Some(needs_opener);
        }
        for link in SCALE_LINKS {
            builder.entry(link).links_scale = true;
        }
        for infix in SCALE_INFIXES {
            builder.entry(infix);
        }
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&builder.keys)
            .unwrap_or_else(|error| panic!("money lexicon does not compile: {error}"));
        let mut first_bytes = [false; 256];
        let mut first_words = WordFilter::default();
        let mut key_words = WordFilter::default();
        for key in &builder.keys {
            if let Some(&byte) = key.as_bytes().first() {
                first_bytes[usize::from(byte)] = true;
            }
            let first_word = &key[..first_word_end(key, 0)];
            first_words.insert(first_word);
            for word in key.split(|c: char| !is_word_char(c)) {
                key_words.insert(word);
            }
        }
        Lexicon {
            automaton,
            first_bytes,
            first_words,
            scale_words: scale_word_finder(&builder.keys, &builder.entries),
            key_words,
            entries: builder.entries,
            decimal_by_locale: decimal_separators(),
        }
    }

    /// Every key that starts at byte `start` of `key`, as `(end, entry
    /// id)` in order of length.
    ///
    /// The tokenizer asks only at the places where a word may start: an
    /// unanchored search of the whole key would also report every "a",
    /// "un" and "de" inside other words (hundreds per statement) only for
    /// them to be thrown away.
    pub fn words_at(&self, key: &str, start: usize, mut found: impl FnMut(usize, usize)) {
        let bytes = key.as_bytes();
        if !bytes.get(start).is_some_and(|&b| self.may_start_with(b)) {
            return;
        }
        keys_starting_at(&self.automaton, bytes, start, |end, key| {
            found(end, key.as_usize())
        });
    }

    /// Whether some key starts with `byte`.
    pub fn may_start_with(&self, byte: u8) -> bool {
        self.first_bytes[usize::from(byte)]
    }

    /// What `word`, a word of a text as [`first_word_end`] reads it, may be
    /// in the lexicon. Each answer is `false` only when the word is not.
    pub fn word_kind(&self, word: &str) -> WordKind {
        let slot = WordFilter::slot(word);
        WordKind {
            may_start_a_key: self.first_words.may_hold(slot),
            may_be_in_a_key: self.key_words.may_hold(slot),
        }
    }

    /// Byte ranges of `key`, in order, such that every scale word of the
    /// key at word edges overlaps one or starts where one ends.
    ///
    /// A scale word of ASCII letters at word edges has no ASCII letter on
    /// either side, and is looked for as such ("m" in "5 m", not in
    /// "ministry"); other scale words are looked for anywhere. A search
    /// that passes over a scale word does so because it overlaps the range
    /// found before it, or, when the sign before it was taken as the end of
    /// that range ("m m"), starts where that range ends.
    pub fn scale_word_candidates<'k>(
        &self,
        key: &'k str,
    ) -> impl Iterator<Item = Range<usize>> + use<'_, 'k> {
        self.scale_words.find_iter(key).map(|found| found.range())
    }

    /// The automaton of every key, for tests that search it unanchored.
    #[cfg(test)]
    pub fn automaton(&self) -> &NFA {
        &self.automaton
    }

    /// The decimal separator of Latin digits in `locale` (`fr-CA` falls back
    /// to `fr`), if CLDR knows the locale.
    pub fn decimal_separator(&self, locale: &str) -> Option<char> {
        let primary = locale.split(['-', '_']).next().unwrap_or(locale);
        self.decimal_by_locale
            .get(locale)
            .or_else(|| self.decimal_by_locale.get(primary))
            .copied()
    }
}

/// What a word of a text may be in the lexicon (see [`Lexicon::word_kind`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct WordKind {
    /// The first word of some key.
    pub may_start_a_key: bool,
    /// A whole run of word characters in some key ("of" in "in excess
    /// of", "approx" in "approx.").
    pub may_be_in_a_key: bool,
}

/// A set of words that may answer yes for a word it does not hold, never
/// no for one it holds: one bit per hash of a word, a lookup with no
/// comparison of bytes.
struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    /// Bits of the hash used: 2^17 bits (16 KiB) for the two thousand
    /// first words of the lexicon leave about one word in sixty not held
    /// answering yes.
    const HASH_BITS: u32 = 17;

    fn insert(&mut self, word: &str) {
        let slot = Self::slot(word);
        if let Some(bits) = self.bits.get_mut(slot / 64) {
            *bits |= 1 << (slot % 64);
        }
    }

    fn may_hold(&self, slot: usize) -> bool {
        self.bits
            .get(slot / 64)
            .is_none_or(|bits| bits & (1 << (slot % 64)) != 0)
    }

    /// FNV-1a of the word's bytes, mixed (the finaliser of MurmurHash3)
    /// so that its high bits depend on every byte of a short word.
    fn slot(word: &str) -> usize {
        let mut hash = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        usize::try_from(hash >> (64 - Self::HASH_BITS)).unwrap_or(0)
    }
}

impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter {
            bits: vec![0; (1 << Self::HASH_BITS) / 64],
        }
    }
}

/// A regular expression that finds the scale words of the lexicon (see
/// [`Lexicon::scale_word_candidates`]).
fn scale_word_finder(keys: &[String], entries: &[Entry]) -> Regex {
    let scale_keys = keys
        .iter()
        .zip(entries)
        .filter(|(_, entry)| !entry.scales.is_empty())
        .map(|(key, _)| regex::escape(key));
    let (words, others): (Vec<String>, Vec<String>) =
        scale_keys.partition(|key| key.bytes().all(|b| b.is_ascii_alphabetic()));
    let mut alternatives = others;
    if !words.is_empty() {
        alternatives.push(format!(
            "(?:^|[^A-Za-z])(?:{})(?:[^A-Za-z]|$)",
            words.join("|")
        ));
    }
    Regex::new(&alternatives.join("|"))
        .unwrap_or_else(|error| panic!("scale words do not compile: {error}"))
}

/// True for "$", "US$", "C$": a form with a sign in it, which can stand
/// before the number, unlike a name ("U.S. dollars").
fn has_symbol_char(form: &str) -> bool {
    form.chars()
        .any(|c| !c.is_alphabetic() && !c.is_whitespace() && !matches!(c, '.' | '\'' | '’'))
}

/// Collects entries by folded key, so that one form with several meanings
/// ("billion": 10^9 in English, 10^12 in French) is one pattern.
#[derive(Default)]
struct Builder {
    keys: Vec<String>,
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl Builder {
    fn entry(&mut self, form: &str) -> &mut Entry {
        let key = fold_key(form);
        let next = self.entries.len();
        let at = *self.index.entry(key.clone()).or_insert(next);
        if at == next {
            self.keys.push(key);
            self.entries.push(Entry::default());
        }
        &mut self.entries[at]
    }
}

/// Data rows of a generated TSV: comments and the header skipped.
fn table_rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1)
        .map(|line| line.split('\t').collect())
}

fn decimal_separators() -> HashMap<String, char> {
    table_rows(SEPARATORS)
        .filter_map(|row| match row.as_slice() {
            [locale, "latn", _, decimal, _] => Some((locale.to_string(), decimal.chars().next()?)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(form: &str) -> &'static Entry {
        let key = fold_key(form);
        let mut id = None;
        LEXICON.words_at(&key, 0, |end, found| {
            if end == key.len() {
                id = Some(found);
            }
        });
        let id = id.unwrap_or_else(|| panic!("{form} is not in the lexicon"));
        &LEXICON.entries[id]
    }

    #[test]
    fn tables_load() {
        assert!(LEXICON.entries.len() > 1000);
        assert_eq!(LEXICON.decimal_separator("fr"), Some(','));
        assert_eq!(LEXICON.decimal_separator("en-GB"), Some('.'));
        assert_eq!(LEXICON.decimal_separator("xx"), None);
    }

    #[test]
    fn currency_readings_follow_the_language() {
        assert_eq!(
            entry("$").currency("en", "").map(|r| r.code.as_str()),
            Some("USD")
        );
        assert_eq!(
            entry("¥").currency("zh", "").map(|r| r.code.as_str()),
            Some("CNY")
        );
        assert_eq!(
            entry("¥").currency("ja", "").map(|r| r.code.as_str()),
            Some("JPY")
        );
        assert_eq!(
            entry("ريال").currency("fa", "").map(|r| r.code.as_str()),
            Some("IRR")
        );
        assert_eq!(
            entry("ریال").currency("ar", "").map(|r| r.code.as_str()),
            Some("SAR")
        );
        assert_eq!(
            entry("دولار أمريكي")
                .currency("ar", "")
                .map(|r| r.code.as_str()),
            Some("USD")
        );
        assert_eq!(
            entry("EUR").currency("en", "").map(|r| r.code.as_str()),
            Some("EUR")
        );
        assert!(entry("EUR").is_code);
        let dirham = entry("درهم");
        let code = |context: &str| {
            dirham
                .currency("ar", &fold_key(context))
                .map(|r| r.code.as_str())
        };
        assert_eq!(code("خصصت الحكومة المغربية"), Some("MAD"));
        assert_eq!(code("قدمت الإمارات"), Some("AED"));
        assert_eq!(code(""), Some("AED"));
        assert_eq!(entry("pesos").currency("es", ""), None);
    }

    #[test]
    fn scale_readings_follow_the_language() {
        assert_eq!(entry("billion").scale("en").map(|r| r.power), Some(9));
        assert_eq!(entry("billion").scale("fr").map(|r| r.power), Some(12));
        assert_eq!(entry("ملايين").scale("ar").map(|r| r.power), Some(6));
    }
}
