//! Web boilerplate: lines that belong to the page a statement was copied
//! from, not to the statement.
//!
//! A line is boilerplate when, once cleaned and folded to its matching key,
//! it is made only of known phrases (see [`phrases`]) and separators
//! (white space, punctuation, symbols, digits): "This website uses cookies
//! to improve your experience. Accept Read More" is, "Officials discussed
//! cookies and privacy" is not. Removed lines are counted by the caller,
//! never dropped silently.
//!
//! The phrases make one anchored pattern, run as a lazy DFA
//! (`regex-automata`'s hybrid engine, the one `regex` itself runs such a
//! pattern with) so that a line can be judged on its first words: most
//! lines are paragraphs whose first words already rule out every phrase,
//! and folding only those words is a small part of folding the whole
//! paragraph.

pub mod phrases;

use std::cell::RefCell;
use std::sync::OnceLock;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::{BuildError, LazyStateID};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

use crate::text;

/// Lines longer than this (in bytes of the matching key) are never taken
/// for boilerplate: the longest consent banners are a few hundred
/// characters, and a long line is much more likely to be a paragraph.
const MAX_BOILERPLATE_BYTES: usize = 2000;

/// What `…` in a phrase stands for: a short run of words that stays inside
/// one sentence.
#[cfg(test)]
const FREE_WORDS: &str = r"[^.!?؟。！？\n]{0,80}";

/// [`FREE_WORDS`] as the automaton reads it: the character class written
/// as the bytes of its characters in UTF-8. On valid UTF-8 read from a
/// character boundary it matches what the class matches (a test checks
/// every character), and its eighty copies compile to a few byte states
/// each instead of a UTF-8 automaton each, which was most of the time
/// building the automaton took.
const FREE_WORDS_BYTES: &str = concat!(
    r"(?-u:",
    // ASCII but the line break and . ! ?
    r"[\x00-\x09\x0B-\x20\x22-\x2D\x2F-\x3E\x40-\x7F]",
    // A character of two, three or four bytes but the four below, as
    // what comes before its last byte, then that byte: a lead byte of
    // two, one of three and the next byte, one of four and the next two.
    r"|(?:[\xC0-\xD7\xD9-\xDF]",
    r"|(?:[\xE0-\xE2\xE4-\xEE]|[\xF0-\xF7][\x80-\xBF])[\x80-\xBF]",
    r"|\xE3[\x81-\xBF]|\xEF[\x80-\xBB\xBD-\xBF])[\x80-\xBF]",
    // The rest of D8, E3 80 and EF BC: all but ؟ (D8 9F), 。 (E3 80 82),
    // ！ (EF BC 81) and ？ (EF BC 9F).
    r"|\xD8[\x80-\x9E\xA0-\xBF]|\xE3\x80[\x80\x81\x83-\xBF]",
    r"|\xEF\xBC[\x80\x82-\x9E\xA0-\xBF]",
    r"){0,80}",
);

/// What may stand between two phrases of a line: white space,
/// punctuation, symbols (|, ©, ›) and digits (years, page numbers).
const SEPARATOR: &str = r"[\s\p{P}\p{S}\d]";

/// A line longer than one of these (in bytes) is first judged on its
/// words up to the first space from there on ([`text::head`], whose key
/// starts the key of the line), the shorter head first.
const HEAD_BYTES: [usize; 2] = [16, 48];

/// True when `line` is made only of web boilerplate phrases.
pub fn is_boilerplate(line: &str) -> bool {
    for head_bytes in HEAD_BYTES {
        if let Some(head) = text::head(line, head_bytes)
            && read_key(&matching_key(head)).is_none()
        {
            return false;
        }
    }
    let key = matching_key(line);
    if key.is_empty() || key.len() > MAX_BOILERPLATE_BYTES {
        return false;
    }
    read_key(&key).is_some_and(|state| state.is_match())
}

/// Runs the boilerplate DFA over `key` from the start of a line: `None`
/// when no boilerplate line starts with `key`, else the state after it,
/// with the end of the line read (a match state when `key` is a whole
/// boilerplate line).
fn read_key(key: &str) -> Option<LazyStateID> {
    let dfa = matcher().as_ref()?;
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cache = cache.get_or_insert_with(|| dfa.create_cache());
        let mut state = dfa
            .start_state_forward(cache, &Input::new(key).anchored(Anchored::Yes))
            .ok()?;
        for &byte in key.as_bytes() {
            state = dfa.next_state(cache, state, byte).ok()?;
            if state.is_dead() {
                return None;
            }
        }
        let end = dfa.next_eoi_state(cache, state).ok()?;
        Some(end)
    })
}

thread_local! {
    /// The lazy DFA's transition cache, one per thread.
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// The form lines and phrases are compared in: cleaned, folded, with the
/// Persian/Urdu zero-width non-joiner read as a space (کوکی‌ها, کوکی ها).
fn matching_key(text: &str) -> String {
    let key = text::fold_key(&text::clean(text));
    // Folding already makes a ZWNJ a space; the copy is only made if one
    // is left.
    if key.contains('\u{200C}') {
        key.replace('\u{200C}', " ")
    } else {
        key
    }
}

/// Compiles the boilerplate phrases now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_tables() {
    matcher();
}

/// The lazy DFA of [`line_pattern`] (with `…` read as
/// [`FREE_WORDS_BYTES`]); `None` only if the phrases do not compile, which
/// the tests below rule out (nothing is then boilerplate).
fn matcher() -> &'static Option<DFA> {
    static MATCHER: OnceLock<Option<DFA>> = OnceLock::new();
    MATCHER.get_or_init(|| match build_matcher(&line_pattern(FREE_WORDS_BYTES)) {
        Ok(dfa) => Some(dfa),
        Err(error) => {
            tracing::error!("the boilerplate phrases do not compile: {error}");
            None
        }
    })
}

/// The phrases make a large automaton: its transitions are cached in
/// 8 MiB per thread (with the 2 MiB default the cache would be cleared
/// over and over on a long line). The pattern may name bytes of UTF-8
/// ([`FREE_WORDS_BYTES`]); the keys it reads are text.
fn build_matcher(pattern: &str) -> Result<DFA, Box<BuildError>> {
    DFA::builder()
        .configure(DFA::config().cache_capacity(8 << 20))
        .syntax(syntax::Config::new().utf8(false))
        .thompson(thompson::Config::new().nfa_size_limit(Some(64 << 20)))
        .build(pattern)
        .map_err(Box::new)
}

/// One regex for a whole line: one or more phrases, separators around
/// them, `…` read as `free_words`.
fn line_pattern(free_words: &str) -> String {
    let alternatives: Vec<String> = phrases::FAMILIES
        .iter()
        .flat_map(|(_, family)| family.iter())
        .map(|phrase| phrase_pattern(phrase, free_words))
        .collect();
    format!(
        "^(?:{SEPARATOR}*(?:{}))+{SEPARATOR}*$",
        alternatives.join("|")
    )
}

/// A phrase as it is matched: folded like the lines, `…` expanded to
/// `free_words`.
fn phrase_pattern(phrase: &str, free_words: &str) -> String {
    let folded = matching_key(phrase);
    format!("(?:{})", folded.replace('…', free_words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::RegexBuilder;

    #[test]
    fn the_phrases_compile() {
        assert!(matcher().is_some());
    }

    /// What `is_boilerplate` computed before lines were judged on their
    /// head: the whole line's key against the pattern, with `regex`.
    fn judged_whole(line: &str) -> bool {
        static WHOLE: OnceLock<regex::Regex> = OnceLock::new();
        let regex = WHOLE.get_or_init(|| {
            RegexBuilder::new(&line_pattern(FREE_WORDS))
                .size_limit(64 << 20)
                .dfa_size_limit(8 << 20)
                .build()
                .expect("the phrases compile")
        });
        let key = matching_key(line);
        !key.is_empty() && key.len() <= MAX_BOILERPLATE_BYTES && regex.is_match(&key)
    }

    /// Pieces lines are made of: words and phrases of boilerplate, words
    /// of statements, and what is hard for cleaning and folding (marks,
    /// invisible characters, ZWNJ, white space of every kind).
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("This website uses cookies".to_string()),
            Just("to improve your experience.".to_string()),
            Just("Accept".to_string()),
            Just("Read More".to_string()),
            Just("Share | Print | Email".to_string()),
            Just("يستخدم موقع الويب هذا ملفات تعريف الارتباط".to_string()),
            Just("قبول قراءة المزيد".to_string()),
            Just("این وب‌سایت از کوکی‌ها استفاده می‌کند.".to_string()),
            Just("© 2021".to_string()),
            Just("The Secretary met the Minister".to_string()),
            Just("\u{301}\u{200C}\u{200B}\u{A0}\t ".to_string()),
            "[a-zA-Zéß ]{1,12}",
            "[\u{0600}-\u{06FF}\u{200C}\u{064B} ]{1,12}",
            any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #[test]
        fn judging_the_head_first_changes_no_answer(
            pieces in prop::collection::vec(piece(), 1..16),
            separators in prop::collection::vec("[ .|,\n]{1,2}", 16),
        ) {
            let line: String = pieces
                .iter()
                .zip(&separators)
                .flat_map(|(piece, sep)| [piece.as_str(), sep.as_str()])
                .collect();
            prop_assert_eq!(is_boilerplate(&line), judged_whole(&line), "{:?}", line);
        }

        #[test]
        fn the_key_of_a_head_starts_the_key_of_its_line(
            words in prop::collection::vec(prop_oneof![piece(), "\\PC{0,8}"], 1..24),
        ) {
            let line = words.join(" ");
            for head_bytes in HEAD_BYTES {
                if let Some(head) = text::head(&line, head_bytes) {
                    let whole = matching_key(&line);
                    let start = matching_key(head);
                    prop_assert!(whole.starts_with(&start), "{:?}", line);
                }
            }
        }
    }

    #[test]
    fn every_phrase_compiles_on_its_own() {
        for (family, list) in phrases::FAMILIES {
            for phrase in *list {
                let pattern = format!("^{}$", phrase_pattern(phrase, FREE_WORDS_BYTES));
                assert!(
                    build_matcher(&pattern).is_ok(),
                    "{family}: {phrase:?} does not compile"
                );
                let upper_escape = phrase
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0] == b'\\' && w[1].is_ascii_uppercase());
                assert!(
                    !upper_escape,
                    "{family}: {phrase:?} has an upper-case escape"
                );
            }
        }
    }

    #[test]
    fn the_bytes_of_free_words_match_the_characters_of_its_class() {
        let one = |pattern: &str| {
            let single = pattern.replace("{0,80}", "");
            regex::bytes::RegexBuilder::new(&format!("^(?:{single})$"))
                .unicode(true)
                .build()
                .expect("the class compiles")
        };
        let (class, bytes) = (one(FREE_WORDS), one(FREE_WORDS_BYTES));
        let mut buffer = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(bytes.is_match(encoded), class.is_match(encoded), "{c:?}");
        }
        assert!(FREE_WORDS.ends_with("{0,80}") && FREE_WORDS_BYTES.ends_with("){0,80}"));
    }

    #[test]
    fn recognises_the_seed_cookie_banner() {
        assert!(is_boilerplate(
            "يستخدم موقع الويب هذا ملفات تعريف الارتباط لتحسين تجربتك, يمكنك إلغاء الاشتراك إذا كنت ترغب في ذلك. قبول قراءة المزيد"
        ));
    }

    #[test]
    fn recognises_consent_banners_in_every_language() {
        let banners = [
            "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. Accept Read More",
            "We use cookies to give you the best experience. Cookie settings ACCEPT",
            "Ce site utilise des cookies pour améliorer votre expérience. Nous supposerons que vous êtes d'accord, mais vous pouvez vous désinscrire si vous le souhaitez. Accepter En savoir plus",
            "Este sitio web utiliza cookies para mejorar su experiencia. Asumiremos que está de acuerdo con esto, pero puede optar por no participar si lo desea. Aceptar Leer más",
            "Este site usa cookies para melhorar sua experiência. Aceitar Leia mais",
            "Этот веб-сайт использует файлы cookie для улучшения вашего опыта. Мы будем считать, что вы согласны с этим, но вы можете отказаться, если хотите. Принять Подробнее",
            "本网站使用cookies来改善您的体验。接受 阅读更多",
            "این وب‌سایت از کوکی‌ها برای بهبود تجربه شما استفاده می‌کند. قبول ادامه مطلب",
            "یہ ویب سائٹ آپ کے تجربے کو بہتر بنانے کے لیے کوکیز کا استعمال کرتی ہے۔ قبول کریں مزید پڑھیں",
        ];
        for banner in banners {
            assert!(is_boilerplate(banner), "not recognised: {banner}");
        }
    }

    #[test]
    fn recognises_links_footers_banners_and_disclaimers() {
        let lines = [
            "Read more »",
            "Share | Print | Email",
            "Share on Facebook",
            "Subscribe to updates",
            "Back to top",
            "Skip to main content",
            "© 2021 U.S. Department of State. All rights reserved.",
            "Privacy Policy | Terms of Use | Accessibility | Contact Us",
            "An official website of the United States Government",
            "Here’s how you know",
            "This translation is provided as a courtesy and only the original English source should be considered authoritative.",
            "هذه الترجمة مقدمة كخدمة مجانية، ويعتبر النص الأصلي باللغة الإنجليزية هو النص الرسمي المعتمد.",
            "Cette traduction est fournie à titre de courtoisie et seule la source originale en anglais fait foi.",
            "Esta traducción se proporciona como cortesía y solo se debe considerar oficial el texto original en inglés.",
            "Этот перевод предоставлен в качестве любезности, и только оригинальный текст на английском языке следует считать официальным.",
            "本译文仅供参考，仅以英文原文为准。",
            "جميع الحقوق محفوظة",
            "العودة إلى الأعلى",
            "سياسة الخصوصية | اتصل بنا",
            "Retour en haut de la page",
            "Todos los derechos reservados",
            "Все права защищены",
            "返回顶部",
            "تماس با ما",
            "جملہ حقوق محفوظ ہیں",
            "مشاركة طباعة البريد الإلكتروني",
            "###",
            "# # #",
            "End text.",
            "-30-",
            "شارك هذا",
            "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies. Accept all",
            "Cookie settings | Privacy notice | Legal notice",
            "Este sitio utiliza cookies propias y de terceros. Aceptar",
            "این وب‌سایت از کوکی‌ها استفاده می‌کند. پذیرفتن",
            "分享到：微信 微博",
        ];
        for line in lines {
            assert!(is_boilerplate(line), "not recognised: {line}");
        }
    }

    #[test]
    fn keeps_real_sentences_that_mention_cookies_or_privacy() {
        let paragraphs = [
            "Officials discussed how cookies and other tracking tools affect the privacy of citizens, and agreed that every ministry website will publish a privacy policy by June.",
            "The ministry said this website uses cookies only where the law allows, and it published its privacy policy today.",
            "وناقش المسؤولون سياسة الخصوصية وملفات تعريف الارتباط في المواقع الحكومية.",
            "Privacy and security were at the heart of the talks.",
            "Share",
        ];
        assert!(!is_boilerplate(paragraphs[0]));
        assert!(!is_boilerplate(paragraphs[1]));
        assert!(!is_boilerplate(paragraphs[2]));
        assert!(!is_boilerplate(paragraphs[3]));
        assert!(is_boilerplate(paragraphs[4]));
    }

    #[test]
    fn keeps_titles_and_statement_lines() {
        for line in [
            "بيان حول اجتماع المجموعة المصغّرة للمدراء السياسيين للتحالف الدولي لهزيمة داعش",
            "Office of the Spokesperson",
            "Accept the outcome of the election, the Secretary urged.",
            "2021",
            "",
        ] {
            assert!(!is_boilerplate(line), "taken for boilerplate: {line}");
        }
    }
}
