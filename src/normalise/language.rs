//! The language of a statement, as a BCP 47 tag (`statements.language`).
//!
//! The text is the best witness of its own language, so the detector
//! (`whatlang`'s, on the first [`DETECTOR_SAMPLE_CHARS`] characters) decides
//! when it is sure: when it says its guess is reliable,
//! or when the text has [`ENOUGH_WORDS`] words or more (on shorter text it
//! confuses Arabic, Persian and Urdu). Otherwise the language the source
//! declared (feed, front matter, HTML `lang`) is used, and failing that the
//! letters: Urdu, Persian and Arabic each use letters the others do not, and
//! Han, kana and Hangul name their language. What none of these settles is
//! `und`.
//!
//! Tags are written the BCP 47 way: the shortest language code (`ar`, not
//! `ara`; `fa` for Iranian Persian `pes`; `zh` for Mandarin `cmn`), from a
//! table generated from CLDR (`tables/languages.tsv`, made by
//! `tools/tables/languages.py`). A declared tag that names the detected
//! language more precisely (`fa-AF`, `pt-BR`, `zh-Hant`) is kept.
//!
//! The detector ([`detector`]) gives exactly `whatlang::detect`'s language
//! and reliability, but scores the languages from an index of whatlang's
//! trigram profiles by trigram ([`profiles`]), so its cost follows the
//! text's trigrams rather than the dozens of profiles of a script, and ranks
//! the text's trigrams by sorting numbers ([`reading`]); whatlang stays the
//! reference its tests compare against.

mod counts;
mod detector;
mod profiles;
mod reading;
mod scripts;
mod table;

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

/// The tag for a text whose language cannot be told.
pub const UNDETERMINED: &str = "und";

/// From this many words on, the detector's guess is trusted even when it
/// does not call it reliable (measured: it is right on statement-length
/// Arabic, Persian and Urdu; its misses are on a few words).
pub const ENOUGH_WORDS: usize = 8;

/// The BCP 47 tag of `text`'s language; `declared` is the language the
/// source gave, if any, in any common spelling (`ar`, `AR`, `ar_SA`,
/// `ara`).
pub fn detect(text: &str, declared: Option<&str>) -> String {
    let declared = declared.and_then(Tag::parse);
    let tag = match (detected(text), declared) {
        (Some(found), Some(declared)) if found.language == declared.language => declared,
        (Some(found), _) => found,
        (None, Some(declared)) => declared,
        (None, None) => match by_letters(text) {
            Some(language) => Tag::language(language),
            None => return UNDETERMINED.to_string(),
        },
    };
    tag.to_string()
}

/// The detector reads at most this many characters of a text, about 170
/// words: enough for a stable answer (on every statement of the test and
/// benchmark corpora, and on Arabic newswire, the first 1,000 characters
/// give the language of the whole), while its cost grows with the length
/// of what it reads (it was a seventh of an export's time at 3,000).
pub const DETECTOR_SAMPLE_CHARS: usize = 1000;

/// The detector's answer, when it can be trusted (see the module docs).
fn detected(text: &str) -> Option<Tag> {
    let found = detector::detect(detector_sample(text))?;
    let enough_words = || text.unicode_words().nth(ENOUGH_WORDS - 1).is_some();
    if !(found.reliable || enough_words()) {
        return None;
    }
    Tag::parse(found.lang.code())
}

/// The first [`DETECTOR_SAMPLE_CHARS`] characters of `text`, cut back to
/// the last white space so no word is split.
fn detector_sample(text: &str) -> &str {
    let Some(at) = char_start(text, DETECTOR_SAMPLE_CHARS) else {
        return text;
    };
    let head = &text[..at];
    match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    }
}

/// Where the character numbered `n` (from 0) of `text` starts, if it has
/// that many characters. A character starts at each byte that does not
/// continue one; those are counted 64 bytes at a time (in bytes, many at
/// once) up to the block where the character starts, then one by one.
fn char_start(text: &str, n: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let starts_char = |b: &u8| (b & 0xC0) != 0x80;
    let bytes = text.as_bytes();
    let (mut before, mut at) = (0, 0);
    for block in bytes.chunks(BLOCK) {
        let starts = block.iter().map(|b| u8::from(starts_char(b)));
        let starts = usize::from(starts.fold(0u8, u8::wrapping_add));
        if before + starts > n {
            break;
        }
        before += starts;
        at += block.len();
    }
    let mut rest = (at..).zip(&bytes[at..]).filter(|(_, b)| starts_char(b));
    rest.nth(n - before).map(|(at, _)| at)
}

/// The language the letters of `text` give away, if they do: the script
/// most of its letters are in decides, then the letters only one language of
/// that script uses.
fn by_letters(text: &str) -> Option<&'static str> {
    let mut counts = LetterCounts::default();
    for c in text.chars() {
        counts.add(c);
    }
    counts.language()
}

/// Letters of `text` by the script groups that tell languages apart.
#[derive(Debug, Default)]
struct LetterCounts {
    arabic_script: usize,
    urdu: usize,
    persian: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    other: usize,
}

impl LetterCounts {
    fn add(&mut self, c: char) {
        match c {
            // Urdu only: yeh barree, noon ghunna, heh goal, tteh, ddal, rreh.
            'ے' | 'ۓ' | 'ں' | 'ہ' | 'ۃ' | 'ٹ' | 'ڈ' | 'ڑ' => {
                self.urdu += 1;
                self.arabic_script += 1;
            }
            // Persian (and Urdu): peh, tcheh, jeh, gaf, Farsi yeh, keheh.
            'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => {
                self.persian += 1;
                self.arabic_script += 1;
            }
            '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' => {
                self.arabic_script += 1;
            }
            '\u{3040}'..='\u{30FF}' => self.kana += 1,
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => self.hangul += 1,
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
                self.han += 1;
            }
            c if c.is_alphabetic() => self.other += 1,
            _ => {}
        }
    }

    fn language(&self) -> Option<&'static str> {
        let cjk = self.han + self.kana + self.hangul;
        if self.arabic_script > cjk.max(self.other) {
            return Some(if self.urdu > 0 {
                "ur"
            } else if self.persian > 0 {
                "fa"
            } else {
                "ar"
            });
        }
        if cjk > self.other.max(self.arabic_script) {
            // Japanese writes Han too, and Korean sometimes does: their own
            // letters decide.
            return Some(if self.kana > 0 {
                "ja"
            } else if self.hangul > 0 {
                "ko"
            } else {
                "zh"
            });
        }
        None
    }
}

/// A language tag reduced to what the dataset writes: language, script and
/// region subtags (variants and extensions are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    language: String,
    script: Option<String>,
    region: Option<String>,
}

impl Tag {
    fn language(language: &str) -> Tag {
        Tag {
            language: language.to_string(),
            script: None,
            region: None,
        }
    }

    /// Reads a tag in any common spelling (case, `_` for `-`, ISO 639-2/3
    /// codes) into its BCP 47 form; `None` for what is not a tag of a
    /// language (empty, `und`, `x-default`, a language name).
    fn parse(text: &str) -> Option<Tag> {
        let mut subtags = text.trim().split(['-', '_']);
        let code = subtags.next()?.to_ascii_lowercase();
        if !(2..=3).contains(&code.len())
            || !code.bytes().all(|b| b.is_ascii_lowercase())
            || code == UNDETERMINED
        {
            return None;
        }
        // An alias can carry a script or region (`sh` → `sr-Latn`,
        // `prs` → `fa-AF`); subtags the input spells out win over it.
        let mut tag = match alias(&code) {
            Some(replacement) => Tag::read_subtags(replacement.split('-'))?,
            None => Tag::language(&code),
        };
        let given = Tag::read_subtags(std::iter::once(code.as_str()).chain(subtags))?;
        tag.script = given.script.or(tag.script);
        tag.region = given.region.or(tag.region);
        Some(tag)
    }

    /// Reads a language subtag, then an optional script and region; stops at
    /// the first subtag that is neither (a variant or an extension).
    fn read_subtags<'a>(mut subtags: impl Iterator<Item = &'a str>) -> Option<Tag> {
        let mut tag = Tag::language(&subtags.next()?.to_ascii_lowercase());
        for subtag in subtags {
            let letters = subtag.bytes().all(|b| b.is_ascii_alphabetic());
            let digits = subtag.bytes().all(|b| b.is_ascii_digit());
            if subtag.len() == 4 && letters && tag.script.is_none() && tag.region.is_none() {
                tag.script = Some(title_case(subtag));
            } else if (subtag.len() == 2 && letters || subtag.len() == 3 && digits)
                && tag.region.is_none()
            {
                tag.region = Some(subtag.to_ascii_uppercase());
            } else {
                break;
            }
        }
        Some(tag)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.language)?;
        for subtag in [&self.script, &self.region].into_iter().flatten() {
            write!(f, "-{subtag}")?;
        }
        Ok(())
    }
}

fn title_case(subtag: &str) -> String {
    let lower = subtag.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The tag BCP 47 writes for the language code `code` (`ara` → `ar`), when
/// it is not `code` itself.
fn alias(code: &str) -> Option<&'static str> {
    ALIASES.get(code).copied()
}

/// Builds the table of language code aliases and the detector's profiles
/// now rather than on first use (see `pipeline::workers::build_tables`).
pub fn build_table() {
    LazyLock::force(&ALIASES);
    profiles::build_table();
}

/// `tables/languages.tsv`: alias, tag, reason.
static ALIASES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    table_rows(include_str!("tables/languages.tsv"))
        .filter_map(|mut columns| Some((columns.next()?, columns.next()?)))
        .collect()
});

/// The rows of a generated table, each as its tab-separated columns; `#`
/// lines and the header skipped.
fn table_rows(table: &'static str) -> impl Iterator<Item = std::str::Split<'static, char>> {
    (table.lines())
        .filter(|line| !line.starts_with('#'))
        .skip(1)
        .map(|line| line.split('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few sentences of a made-up foreign-ministry statement, one per
    /// language the project must recognise.
    const STATEMENTS: [(&str, &str); 9] = [
        (
            "ar",
            "أعربت وزارة الخارجية اليوم عن قلقها البالغ إزاء تصاعد أعمال العنف في \
             المنطقة، ودعت جميع الأطراف إلى ضبط النفس والعودة إلى طاولة المفاوضات. \
             وأكد المتحدث باسم الوزارة أن الحكومة ستواصل دعم الجهود الإنسانية.",
        ),
        (
            "fa",
            "وزارت امور خارجه امروز در بیانیه‌ای اعلام کرد که دولت از همه طرف‌ها \
             می‌خواهد خویشتنداری کنند و به میز مذاکره بازگردند. سخنگوی وزارت گفت \
             که کمک‌های بشردوستانه ادامه خواهد یافت.",
        ),
        (
            "ur",
            "وزارت خارجہ نے آج ایک بیان میں کہا کہ حکومت تمام فریقین سے تحمل کا \
             مظاہرہ کرنے اور مذاکرات کی میز پر واپس آنے کا مطالبہ کرتی ہے۔ ترجمان \
             نے کہا کہ انسانی امداد جاری رہے گی۔",
        ),
        (
            "en",
            "The Ministry of Foreign Affairs today expressed deep concern about the \
             escalation of violence in the region and called on all parties to \
             exercise restraint. The spokesperson said humanitarian assistance \
             would continue.",
        ),
        (
            "fr",
            "Le ministère des Affaires étrangères a exprimé aujourd'hui sa profonde \
             préoccupation face à l'escalade de la violence dans la région et \
             appelle toutes les parties à faire preuve de retenue. Le porte-parole \
             a indiqué que l'aide humanitaire se poursuivra.",
        ),
        (
            "es",
            "El Ministerio de Asuntos Exteriores expresó hoy su profunda \
             preocupación por la escalada de violencia en la región y pidió a todas \
             las partes que actúen con moderación. El portavoz afirmó que la ayuda \
             humanitaria continuará.",
        ),
        (
            "ru",
            "Министерство иностранных дел сегодня выразило глубокую обеспокоенность \
             эскалацией насилия в регионе и призвало все стороны проявлять \
             сдержанность. Официальный представитель заявил, что гуманитарная \
             помощь будет продолжена.",
        ),
        (
            "zh",
            "外交部今天对该地区暴力升级表示严重关切，呼吁各方保持克制，回到谈判桌前。\
             发言人表示，人道主义援助将继续进行。",
        ),
        (
            "pt",
            "O Ministério das Relações Exteriores expressou hoje profunda \
             preocupação com a escalada da violência na região e apelou a todas as \
             partes para que exerçam moderação. O porta-voz afirmou que a ajuda \
             humanitária continuará.",
        ),
    ];

    #[test]
    fn detects_each_language_of_the_project_on_statement_length_text() {
        for (expected, text) in STATEMENTS {
            assert_eq!(detect(text, None), expected, "{text}");
        }
    }

    #[test]
    fn the_text_wins_over_a_wrong_declared_language() {
        let (_, arabic) = STATEMENTS[0];
        assert_eq!(detect(arabic, Some("en")), "ar");
    }

    #[test]
    fn a_declared_tag_that_refines_the_detected_language_is_kept() {
        let (_, persian) = STATEMENTS[1];
        assert_eq!(detect(persian, Some("fa_af")), "fa-AF");
        assert_eq!(detect(persian, Some("prs")), "fa-AF");
        let (_, portuguese) = STATEMENTS[8];
        assert_eq!(detect(portuguese, Some("pt-br")), "pt-BR");
    }

    #[test]
    fn the_detector_reads_a_sample_cut_at_white_space() {
        assert_eq!(detector_sample("short text"), "short text");
        let long = "word ".repeat(DETECTOR_SAMPLE_CHARS);
        let sample = detector_sample(&long);
        assert!(sample.len() < DETECTOR_SAMPLE_CHARS);
        assert!(sample.ends_with("word"), "{sample:?}");
        let unspaced = "国".repeat(DETECTOR_SAMPLE_CHARS + 1);
        assert_eq!(
            detector_sample(&unspaced).chars().count(),
            DETECTOR_SAMPLE_CHARS
        );
    }

    proptest::proptest! {
        /// ASCII, two-byte and wider characters, before and after `n`.
        #[test]
        fn finds_where_a_character_starts_as_counting_them_does(
            text in "[a-c é€𝄞]{0,200}",
            n in 0usize..210,
        ) {
            let counted = text.char_indices().nth(n).map(|(at, _)| at);
            proptest::prop_assert_eq!(char_start(&text, n), counted);
        }
    }

    #[test]
    fn seed_statement_is_arabic() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/000_9e8232f106620835.txt"
        );
        let text = std::fs::read_to_string(path).expect("the seed statement is readable");
        assert_eq!(detect(&text, None), "ar");
    }

    #[test]
    fn short_text_falls_back_to_the_declared_language() {
        assert_eq!(detect("Statement", Some("EN-gb")), "en-GB");
        assert_eq!(detect("بيان", Some("ara")), "ar");
    }

    #[test]
    fn short_text_without_a_declared_language_goes_by_its_letters() {
        assert_eq!(detect("وزارت خارجہ", None), "ur");
        assert_eq!(detect("سخنگوی وزارت", None), "fa");
        assert_eq!(detect("بيان صحفي", None), "ar");
        assert_eq!(detect("外交部声明", None), "zh");
        assert_eq!(detect("外務省の声明", None), "ja");
    }

    #[test]
    fn what_cannot_be_told_is_undetermined() {
        assert_eq!(detect("", None), "und");
        assert_eq!(detect("2021-05-20", None), "und");
        assert_eq!(detect("OK", Some("x-default")), "und");
        assert_eq!(detect("OK", Some("und")), "und");
    }

    #[test]
    fn declared_tags_are_written_the_bcp_47_way() {
        let canonical = |text| Tag::parse(text).map(|tag| tag.to_string());
        assert_eq!(canonical("AR"), Some("ar".to_string()));
        assert_eq!(canonical("ar_SA"), Some("ar-SA".to_string()));
        assert_eq!(canonical("zh-hant-tw"), Some("zh-Hant-TW".to_string()));
        assert_eq!(canonical("pes"), Some("fa".to_string()));
        assert_eq!(canonical("per"), Some("fa".to_string()));
        assert_eq!(canonical("iw"), Some("he".to_string()));
        assert_eq!(canonical("sh"), Some("sr-Latn".to_string()));
        assert_eq!(canonical("es-419"), Some("es-419".to_string()));
        assert_eq!(canonical("en-US-x-twain"), Some("en-US".to_string()));
        assert_eq!(canonical("Arabic"), None);
        assert_eq!(canonical(""), None);
    }

    #[test]
    fn every_detector_language_has_a_bcp_47_tag() {
        for lang in whatlang::Lang::all() {
            let tag = Tag::parse(lang.code()).expect("a detector code is a language code");
            let language = &tag.language;
            assert!(
                (2..=3).contains(&language.len()) && alias(language).is_none(),
                "{} → {tag}",
                lang.code()
            );
        }
        for (code, expected) in [
            ("ara", "ar"),
            ("pes", "fa"),
            ("urd", "ur"),
            ("cmn", "zh"),
            ("eng", "en"),
            ("fra", "fr"),
            ("spa", "es"),
            ("rus", "ru"),
            ("por", "pt"),
        ] {
            assert_eq!(
                Tag::parse(code).map(|t| t.to_string()).as_deref(),
                Some(expected)
            );
        }
    }
}
