//! Web boilerplate: lines that belong to the page a statement was copied
//! from, not to the statement.
//!
//! A line is boilerplate when, once cleaned and folded to its matching key,
//! it is made only of known phrases (see [`phrases`]) and separators
//! (white space, punctuation, symbols, digits): "This website uses cookies
//! to improve your experience. Accept Read More" is, "Officials discussed
//! cookies and privacy" is not. Removed lines are counted by the caller,
//! never dropped silently.

pub mod phrases;

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use crate::text;

/// Lines longer than this (in bytes of the matching key) are never taken
/// for boilerplate: the longest consent banners are a few hundred
/// characters, and a long line is much more likely to be a paragraph.
const MAX_BOILERPLATE_BYTES: usize = 2000;

/// What `…` in a phrase stands for: a short run of words that stays inside
/// one sentence.
const FREE_WORDS: &str = r"[^.!?؟。！？\n]{0,80}";

/// What may stand between two phrases of a line: white space,
/// punctuation, symbols (|, ©, ›) and digits (years, page numbers).
const SEPARATOR: &str = r"[\s\p{P}\p{S}\d]";

/// True when `line` is made only of web boilerplate phrases.
pub fn is_boilerplate(line: &str) -> bool {
    let key = matching_key(line);
    if key.is_empty() || key.len() > MAX_BOILERPLATE_BYTES {
        return false;
    }
    matcher().is_match(&key)
}

/// The form lines and phrases are compared in: cleaned, folded, with the
/// Persian/Urdu zero-width non-joiner read as a space (کوکی‌ها, کوکی ها).
fn matching_key(text: &str) -> String {
    text::fold_key(&text::clean(text)).replace('\u{200C}', " ")
}

/// Compiles the boilerplate phrases now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_tables() {
    matcher();
}

fn matcher() -> &'static Regex {
    static MATCHER: OnceLock<Regex> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let pattern = line_pattern();
        // Every phrase is a fixed, tested string: failing here is a bug in
        // `phrases`, caught by the tests below, not a problem of the input.
        // The phrases make a large automaton: under the default lazy-DFA
        // cache (2 MiB) the regex falls back to the much slower PikeVM and
        // backtracker on every line; 8 MiB lets the lazy DFA run.
        match RegexBuilder::new(&pattern)
            .size_limit(64 << 20)
            .dfa_size_limit(8 << 20)
            .build()
        {
            Ok(regex) => regex,
            Err(error) => panic!("the boilerplate phrases do not compile: {error}"),
        }
    })
}

/// One regex for a whole line: one or more phrases, separators around them.
fn line_pattern() -> String {
    let alternatives: Vec<String> = phrases::FAMILIES
        .iter()
        .flat_map(|(_, family)| family.iter())
        .map(|phrase| phrase_pattern(phrase))
        .collect();
    format!(
        "^(?:{SEPARATOR}*(?:{}))+{SEPARATOR}*$",
        alternatives.join("|")
    )
}

/// A phrase as it is matched: folded like the lines, `…` expanded.
fn phrase_pattern(phrase: &str) -> String {
    let folded = matching_key(phrase);
    format!("(?:{})", folded.replace('…', FREE_WORDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_compiles_on_its_own() {
        for (family, list) in phrases::FAMILIES {
            for phrase in *list {
                let pattern = format!("^{}$", phrase_pattern(phrase));
                assert!(
                    Regex::new(&pattern).is_ok(),
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
