//! People mentioned in a statement: names introduced by a role or title,
//! and later mentions of the same surname.
//!
//! A person is found where a title from the role lexicon
//! (`tools/tables/curated/roles.tsv`, compiled by the project from common
//! official titles) stands right before a name:
//!
//! - Latin and Cyrillic script: the name is the run of capitalised words
//!   after the title, with initials and name particles ("Secretary of State
//!   Antony J. Blinken", "President Biden", "Ambassador Linda
//!   Thomas-Greenfield", "le secrétaire d'État Antony Blinken", "el
//!   presidente Joe Biden", "госсекретарь Энтони Блинкен"). Capitalised
//!   words that are not names stop it ("Secretary of State Travel", "the
//!   President's" give no person). Speaker labels of transcripts count:
//!   "SECRETARY BLINKEN:", "MR PRICE:".
//! - Arabic, Persian and Urdu: after the title come its modifiers (Arabic
//!   words with the article, "لدى", country names listed in the lexicon),
//!   then up to three name words, stopped by function words, punctuation or
//!   case endings: "المبعوث الأمريكي الخاص بالإنابة للتحالف الدولي جون
//!   غودفري", "وزير الخارجية أنتوني بلينكن", "وزیر امور خارجه آمریکا آنتونی
//!   بلینکن".
//! - Chinese: two to four characters after the title ("国务卿布林肯"), or a
//!   name with a middle dot ("国务卿安东尼·布林肯").
//!
//! Titles with a complement: the name may follow the complement and a
//! comma ("el ministro de Salud, Fernando Ruiz", "رئیس کل بانک مرکزی،
//! عبدالناصر همتی"), end an English complement ("Special Envoy for the Horn
//! of Africa Jeffrey Feltman"; in a title-case headline only the surname is
//! kept), or stand before the title and a comma ("Jean-Yves Le Drian,
//! ministre de l'Europe", "محمدجواد ظریف، وزیر امور خارجه"). An Arabic title
//! without the article takes the next word as its complement ("رئيس مجلس
//! النواب نبيه بري"); a Russian country in the genitive joins the role
//! ("Президент России Владимир Путин"). Nationality words and acronyms just
//! before a title join the role ("Algerian Foreign Minister", "U.S. Special
//! Envoy", Urdu "امریکی وزیر خارجہ").
//!
//! # Fields
//!
//! - `text` and the span cover the name only, as written; the title is in
//!   `role`. An Arabic proclitic stays outside the span.
//! - `role`: the title as written, with its Arabic modifiers ("المبعوث
//!   الأمريكي الخاص بالإنابة للتحالف الدولي", "Secretary of State",
//!   "SECRETARY"); empty for a surname-only mention.
//! - `name`: the canonical English name when the people table has the
//!   name (see [`canonical`]): "جون غودفري", the later "المبعوث الخاص
//!   غودفري" and "John T. Godfrey" all have name "John Godfrey". Otherwise
//!   the fullest form of the name found in the statement, as written (no
//!   transliteration): after "Antony J. Blinken", "Secretary Blinken" and
//!   "BLINKEN:" have name "Antony J. Blinken". A name known only in
//!   capitals is written in title case ("PRICE" → "Price"). A Russian name
//!   found by a title is put in the nominative first (see [`russian`]):
//!   "министром Мухтаром Тлеуберди" has name "Мухтар Тлеуберди".
//! - Later mentions: once a name is known, every other occurrence of its
//!   last word (capitalised, in cased scripts; in Russian with a case
//!   ending, "Лаврова") is a mention of that person. A full name from the
//!   people table is a mention wherever it stands, title or not.
//! - `wikidata` and `country` are empty: no reference gives people's ids.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::chars_are;
use crate::normalise::FieldTexts;
use crate::record::{Field, Mention, MentionKind, Span, Statement};
use crate::text::{FoldedText, fold_key};

mod canonical;
mod russian;
mod surnames;
mod titles;

use surnames::Surnames;
use titles::TitleSearch;

const ROLES: &str = include_str!("../../../tools/tables/curated/roles.tsv");
const ROLE_PLACES: &str = include_str!("../tables/roles_places.tsv");

/// Capitalised words that follow a title without being a name.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "and",
    "the",
    "of",
    "for",
    "on",
    "in",
    "at",
    "to",
    "by",
    "with",
    "from",
    "as",
    "is",
    "was",
    "will",
    "would",
    "has",
    "have",
    "had",
    "said",
    "says",
    "this",
    "that",
    "these",
    "it",
    "he",
    "she",
    "we",
    "they",
    "his",
    "her",
    "our",
    "their",
    "but",
    "so",
    "also",
    "or",
    "state",
    "states",
    "department",
    "travel",
    "travels",
    "office",
    "affairs",
    "general",
    "assembly",
    "council",
    "committee",
    "commission",
    "secretary",
    "minister",
    "ministry",
    "president",
    "presidential",
    "ambassador",
    "statement",
    "remarks",
    "press",
    "briefing",
    "meeting",
    "meets",
    "visit",
    "visits",
    "trip",
    "call",
    "calls",
    "announces",
    "announcement",
    "government",
    "administration",
    "embassy",
    "mission",
    "bureau",
    "agency",
    "senate",
    "house",
    "congress",
    "congressional",
    "union",
    "nations",
    "united",
    "republic",
    "kingdom",
    "democratic",
    "national",
    "international",
    "security",
    "foreign",
    "policy",
    "program",
    "day",
    "week",
    "year",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "question",
    "thank",
    "thanks",
    "yes",
    "no",
    "special",
    "envoy",
    "deputy",
    "assistant",
    "under",
    "acting",
    "chief",
    "staff",
    "spokesperson",
    "spokesman",
    "human",
    "rights",
    "act",
    "bill",
    "law",
    "treaty",
    "agreement",
    "summit",
    "conference",
    "forum",
    "dialogue",
    "partnership",
    "initiative",
    "plan",
    "strategy",
    "award",
    "fund",
    "designate",
    "elect",
    "emeritus",
    "i",
    "ii",
    "iii",
    "on-the-record",
    "background",
    "via",
    "teleconference",
    "le",
    "la",
    "les",
    "el",
    "los",
    "las",
    "de",
    "del",
    "et",
    "y",
    "coalition",
    "organization",
    "organisation",
    "forces",
    "court",
    "group",
    "alliance",
    "association",
    "institute",
    "global",
    "world",
    "trafficking",
    "persons",
    "terrorism",
    "counterterrorism",
    "religious",
    "freedom",
    "democracy",
    "labor",
    "energy",
    "health",
    "education",
    "justice",
    "refugees",
    "migration",
    "narcotics",
    "intelligence",
    "operations",
    "diplomacy",
    "public",
    "economic",
    "political",
    "military",
    "arms",
    "control",
    "vice",
    "chairman",
    "chairwoman",
    "chair",
    "prime",
    "senior",
    "official",
    "officials",
    "adviser",
    "advisor",
    "counselor",
    "coordinator",
    "representative",
    "director",
    "administrator",
    "commissioner",
    "governor",
    "mayor",
    "senator",
    "admiral",
    "colonel",
    "commander",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sheikh",
    "sultan",
    "chancellor",
    "pope",
    "leader",
    "head",
    "officer",
    "sexual",
    "violence",
    "conflict",
    "crisis",
    "response",
    "humanitarian",
    "assistance",
    "new",
    "north",
    "south",
    "east",
    "west",
    "central",
    "meetings",
    "before",
    "after",
    "during",
    "ahead",
    "following",
    "excellency",
    "joint",
    "upon",
    "regarding",
    "concerning",
    "about",
    "speaks",
    "holds",
    "delivers",
    "welcomes",
    "launches",
    "hosts",
];

/// Lower-case particles inside a name ("Mohammed bin Salman", "Ursula von
/// der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "der", "van", "von", "la", "le",
    "du", "dos", "das",
];

/// Words of Arabic, Persian and Urdu text that end a name (prepositions,
/// particles, common verbs and time words), as matching keys.
const NAME_STOPS: &[&str] = &[
    // Arabic
    "في",
    "على",
    "إلى",
    "من",
    "عن",
    "مع",
    "أن",
    "إن",
    "قد",
    "لقد",
    "كما",
    "ثم",
    "أو",
    "و",
    "هذا",
    "هذه",
    "ذلك",
    "التي",
    "الذي",
    "الذين",
    "اليوم",
    "أمس",
    "غدا",
    "خلال",
    "بعد",
    "قبل",
    "حول",
    "عند",
    "لدى",
    "بين",
    "يوم",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "قال",
    "قالت",
    "أكد",
    "أكدت",
    "أعلن",
    "أعلنت",
    "أشار",
    "أشارت",
    "تحديثا",
    "بيانا",
    "كلمة",
    "رسالة",
    "اتصالا",
    "هاتفيا",
    "زيارة",
    "مؤتمر",
    "لقاء",
    "اجتماع",
    "أنه",
    "بأن",
    "ليس",
    "كان",
    "كانت",
    "سوف",
    "عبر",
    "حيث",
    "أيضا",
    "نيابة",
    "الخاص",
    "إنه",
    "يوم",
    "بشأن",
    "قول",
    "وصول",
    "عقب",
    "حتى",
    "وجود",
    "صرف",
    "مواقف",
    "دولة",
    "جهود",
    "تعليمات",
    "احتجاج",
    "يستقبل",
    "يبحث",
    "بحث",
    "يجري",
    "أجرى",
    "زار",
    "يدعو",
    "دعا",
    "يرحب",
    "رحب",
    "يؤكد",
    "شدد",
    "أعرب",
    "عقد",
    "يعقد",
    "وقع",
    "يوقع",
    "الى",
    "تصريحا",
    "مؤتمرا",
    "يزور",
    "يلتقي",
    "التقى",
    "استقبل",
    "وزير",
    "الرئيس",
    // Persian
    "در",
    "از",
    "به",
    "با",
    "که",
    "را",
    "این",
    "آن",
    "روز",
    "امروز",
    "دیروز",
    "گفت",
    "اعلام",
    "است",
    "بود",
    "نیز",
    "برای",
    "تا",
    "طی",
    "پس",
    "پیش",
    "هم",
    "همچنین",
    "ضمن",
    "شنبه",
    "یکشنبه",
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
    "کرد",
    "دیدار",
    "سفر",
    "بیانیه",
];

/// Urdu words that end a name; kept apart because some are Arabic names
/// ("جو", Joe).
const URDU_NAME_STOPS: &[&str] = &[
    "نے",
    "کا",
    "کی",
    "کے",
    "سے",
    "میں",
    "پر",
    "کو",
    "اور",
    "ہے",
    "ہیں",
    "تھا",
    "تھے",
    "بھی",
    "کہا",
    "جو",
    "یہ",
    "وہ",
    "آج",
    "کل",
    "کہ",
    "لیے",
    "ساتھ",
    "ملاقات",
    "دورہ",
];

/// Han characters that end a Chinese name (verbs and particles that follow
/// a name).
const HAN_STOPS: &str = "表说在与和的于将对同会访称向就也已今昨日发宣指通致参出抵举主前后等及了是为从并即所以战级们晤谈兼、，。；：（）";

/// Arabic proclitics that may be glued to a title or a name.
const PROCLITICS: &str = "وفبلك";

/// What a role-lexicon pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoleKind {
    Title,
    Modifier,
}

/// The role lexicon: titles in one search, modifiers (and country names
/// from CLDR) by matching key.
struct Roles {
    titles: TitleSearch,
    title_keys: HashSet<String>,
    modifiers: HashMap<String, usize>,
    /// Longest modifier, in words.
    modifier_words: usize,
    stops: Vec<String>,
    urdu_stops: Vec<String>,
}

static ROLE_LEXICON: LazyLock<Roles> = LazyLock::new(Roles::build);

/// Builds the tables of roles and of canonical names now rather than on
/// first use (see `pipeline::workers::build_tables`).
pub fn build_tables() {
    LazyLock::force(&ROLE_LEXICON);
    canonical::build_table();
}

impl Roles {
    fn build() -> Roles {
        let mut titles: Vec<String> = Vec::new();
        let mut modifiers = HashMap::new();
        for line in ROLES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let [_, kind, form, ..] = line.split('\t').collect::<Vec<_>>()[..] else {
                continue;
            };
            let kind = match kind {
                "title" => RoleKind::Title,
                "modifier" => RoleKind::Modifier,
                _ => continue,
            };
            let key = fold_key(form);
            if kind == RoleKind::Modifier {
                let words = key.split_whitespace().count();
                modifiers.insert(key, words);
                continue;
            }
            // "للمبعوث": after the preposition ل the article's alef is
            // not written.
            if let Some(rest) = key.strip_prefix("ال") {
                titles.push(format!("ل{rest}"));
            }
            titles.push(key);
        }
        for line in ROLE_PLACES
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .skip(1)
        {
            if let Some((_, name)) = line.split_once('\t') {
                let key = fold_key(name);
                let words = key.split_whitespace().count();
                modifiers.insert(key, words);
            }
        }
        titles.sort();
        titles.dedup();
        let title_keys = titles.iter().cloned().collect();
        let modifier_words = modifiers.values().copied().max().unwrap_or(1);
        Roles {
            titles: TitleSearch::new(&titles),
            title_keys,
            modifiers,
            modifier_words,
            stops: NAME_STOPS.iter().map(|w| fold_key(w)).collect(),
            urdu_stops: URDU_NAME_STOPS.iter().map(|w| fold_key(w)).collect(),
        }
    }
}

/// Every person mention in the statement's title and body.
pub fn extract(statement: &Statement) -> Vec<Mention> {
    extract_in(statement, &FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(statement: &Statement, texts: &FieldTexts) -> Vec<Mention> {
    let fields = texts.each();
    let mut found: Vec<Found> = Vec::new();
    for (field, text) in fields {
        let language = Language {
            urdu: is_urdu(&statement.language, text.text),
            arabic: is_arabic_language(&statement.language, text.text),
        };
        found.extend(titled_names(field, text, language));
    }
    for (field, text) in fields {
        let known = known_names(field, text, &found);
        found.extend(known);
    }
    let names = canonical_names(&found);
    if let Some(surnames) = surname_search(&names) {
        for (field, text) in fields {
            let later = later_mentions(field, text, &surnames, &found);
            found.extend(later);
        }
    }
    // Most names are mentioned more than once: each is looked up once.
    let mut looked_up: Vec<(String, String)> = Vec::new();
    found
        .into_iter()
        .filter_map(|f| {
            let name = match looked_up.iter().find(|(lemma, _)| *lemma == f.lemma) {
                Some((_, name)) => name.clone(),
                None => {
                    let name = person_name(&f.lemma, &names);
                    looked_up.push((f.lemma.clone(), name.clone()));
                    name
                }
            };
            f.into_mention(name)
        })
        .collect()
}

/// The name of a person found as `lemma`: the canonical English name when
/// the people table has it, else the fullest form found in the statement.
fn person_name(lemma: &str, names: &HashMap<String, String>) -> String {
    let written = names
        .get(&surname_key(lemma))
        .cloned()
        .unwrap_or_else(|| display_name(lemma));
    // The lemma is looked up only when it is not the form just looked up.
    canonical::english_name(&written)
        .or_else(|| (lemma != written).then(|| canonical::english_name(lemma))?)
        .map_or(written, str::to_string)
}

/// A name found in a field, by code points.
#[derive(Debug, Clone)]
struct Found {
    field: Field,
    start: usize,
    end: usize,
    text: String,
    /// The name in its dictionary form: `text`, or for a Russian name
    /// found by a title its nominative.
    lemma: String,
    role: Option<String>,
}

impl Found {
    /// The mention of this name, `name` being [`person_name`] of its lemma.
    fn into_mention(self, name: String) -> Option<Mention> {
        Some(Mention {
            kind: MentionKind::Person,
            text: self.text,
            name,
            wikidata: None,
            country: None,
            role: self.role,
            span: Span {
                field: self.field,
                start: i32::try_from(self.start).ok()?,
                end: i32::try_from(self.end).ok()?,
            },
        })
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A letter or digit that makes a word longer (Han characters do not:
/// Chinese has no spaces).
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '\u{200C}') && !is_han(c)
}

/// True when the characters before `start` back to the previous non-word
/// character are one or two Arabic proclitics.
fn proclitics_before(chars: &[char], start: usize) -> bool {
    let glued = chars[..start]
        .iter()
        .rev()
        .take_while(|c| is_word_char(**c))
        .count();
    (1..=2).contains(&glued)
        && chars[start - glued..start]
            .iter()
            .all(|c| PROCLITICS.contains(*c))
}

/// Urdu by the statement's language, or when unknown by letters only Urdu
/// uses (ے ں ٹ ڈ ڑ).
fn is_urdu(language: &str, text: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    match primary {
        "" | "und" => text.chars().any(|c| "ےںٹڈڑ".contains(c)),
        _ => primary == "ur",
    }
}

/// Arabic (not Persian or Urdu) by the statement's language, or when
/// unknown by the absence of letters only Persian and Urdu use.
fn is_arabic_language(language: &str, text: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    match primary {
        "" | "und" => !text.chars().any(|c| "پچژگیکےںٹڈڑ".contains(c)),
        _ => primary == "ar",
    }
}

/// What the extractor needs to know of a field's language.
#[derive(Debug, Clone, Copy)]
struct Language {
    /// Urdu: Urdu stop words apply ("جو" is a pronoun, not Joe).
    urdu: bool,
    /// Arabic: a title without the article is in construct state and
    /// takes the next word as its complement ("رئيس مجلس النواب").
    arabic: bool,
}

/// Names introduced by a title in one field.
fn titled_names(field: Field, text: &FoldedText, language: Language) -> Vec<Found> {
    let (folded, chars) = (&text.folded, text.chars.as_slice());
    let mut found: Vec<Found> = Vec::new();
    for (key_start, key_end) in ROLE_LEXICON.titles.find_iter(&folded.key) {
        let (start, end) = folded.source_span(key_start, key_end);
        if !title_stands_alone(chars, start, end) {
            continue;
        }
        if !abbreviation_written_as_title(&chars[start..end]) {
            continue;
        }
        let title = Title {
            chars,
            start,
            end,
            arabic: language.arabic,
        };
        let first = chars.get(start).copied().unwrap_or(' ');
        let named = if is_han(first) {
            title.han_name()
        } else if is_arabic(first) {
            title.arabic_script_name(language)
        } else {
            title.cased_name()
        };
        let Some(named) = named else { continue };
        let overlaps = found
            .iter()
            .any(|f| f.start < named.end && named.start < f.end);
        if !overlaps {
            let text: String = chars[named.start..named.end].iter().collect();
            let lemma = if text.chars().any(russian::is_cyrillic) {
                russian::nominative(&text, russian::case_of_role(&named.role))
            } else {
                text.clone()
            };
            found.push(Found {
                field,
                start: named.start,
                end: named.end,
                text,
                lemma,
                role: Some(named.role),
            });
        }
    }
    found
}

/// Full names from the people table that stand in a field without a
/// title ("王毅" in a headline), outside the names already found.
fn known_names(field: Field, text: &FoldedText, found: &[Found]) -> Vec<Found> {
    let chars = &text.chars;
    canonical::known_names_in(text)
        .into_iter()
        .filter(|&(start, end)| {
            !found
                .iter()
                .any(|f| f.field == field && f.start < end && start < f.end)
        })
        .map(|(start, end)| {
            let text: String = chars[start..end].iter().collect();
            Found {
                field,
                start,
                end,
                lemma: text.clone(),
                text,
                role: None,
            }
        })
        .collect()
}

/// Short Latin titles ("M.", "Mr", "Dr", "Sen.") count only with their
/// capital: "p.m. EDT" holds no "M." title.
fn abbreviation_written_as_title(title: &[char]) -> bool {
    let letters = title.iter().filter(|c| c.is_alphabetic()).count();
    let latin = title.iter().all(|c| c.is_ascii());
    !latin || letters > 3 || title.first().is_some_and(|c| c.is_uppercase())
}

/// The title is a whole word (Arabic proclitics allowed before it).
fn title_stands_alone(chars: &[char], start: usize, end: usize) -> bool {
    let (Some(&first), Some(&last)) = (chars.get(start), chars.get(end.wrapping_sub(1))) else {
        return false;
    };
    let before_ok = !is_word_char(first)
        || start == 0
        || !is_word_char(chars[start - 1])
        || (is_arabic(first) && proclitics_before(chars, start));
    let after_ok = !is_word_char(last) || chars.get(end).is_none_or(|c| !is_word_char(*c));
    before_ok && after_ok
}

/// Splits `chars[from..]` into words: (start, end) of each run of
/// non-space characters, stopping at a line break.
fn words_after(chars: &[char], from: usize, limit: usize) -> Vec<(usize, usize)> {
    words_from(chars, from).take(limit).collect()
}

/// The words of [`words_after`] one by one, for callers that mostly stop
/// at the first.
fn words_from(chars: &[char], from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = from.min(chars.len());
    std::iter::from_fn(move || {
        let gap = chars[at..].iter().take_while(|c| c.is_whitespace()).count();
        if chars[at..at + gap].contains(&'\n') || gap > 2 {
            return None;
        }
        let start = at + gap;
        let len = chars[start..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .count();
        if len == 0 {
            return None;
        }
        at = start + len;
        Some((start, at))
    })
}

/// Words before `to`, nearest first, stopping at a line break.
fn words_before(chars: &[char], to: usize, limit: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut at = to.min(chars.len());
    while words.len() < limit {
        let gap = chars[..at]
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        if chars[at - gap..at].contains(&'\n') || gap > 2 {
            break;
        }
        let end = at - gap;
        let len = chars[..end]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .count();
        if len == 0 {
            break;
        }
        words.push((end - len, end));
        at = end - len;
    }
    words
}

/// Trailing punctuation of a word: where the word proper ends, and whether
/// punctuation followed it (which ends the name).
fn trim_punctuation(chars: &[char], start: usize, end: usize) -> (usize, bool) {
    let mut stop = end;
    while stop > start && !is_word_char(chars[stop - 1]) && chars[stop - 1] != '.' {
        stop -= 1;
    }
    (stop, stop < end)
}

/// Like [`trim_punctuation`], for scripts without initials: a full stop
/// ends the word too.
fn trim_all_punctuation(chars: &[char], start: usize, end: usize) -> (usize, bool) {
    let mut stop = end;
    while stop > start && !is_word_char(chars[stop - 1]) {
        stop -= 1;
    }
    (stop, stop < end)
}

/// True when the word ends with a comma (Latin or Arabic).
fn ends_with_comma(chars: &[char], start: usize, end: usize) -> bool {
    end > start && matches!(chars[end - 1], ',' | '،')
}

fn text_of(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

/// `chars[start..end]` written into `buffer`: the word checks take a
/// `&str`, and one buffer serves all the words a search looks at.
fn text_in<'b>(buffer: &'b mut String, chars: &[char], start: usize, end: usize) -> &'b str {
    buffer.clear();
    buffer.extend(&chars[start..end]);
    buffer
}

/// A name particle as written ("bin", "von").
fn is_particle(word: &[char]) -> bool {
    NAME_PARTICLES.iter().any(|p| chars_are(word, p))
}

/// A name particle in any case ("Al", "VON").
fn is_particle_any_case(word: &str) -> bool {
    if word.is_ascii() {
        NAME_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
    } else {
        NAME_PARTICLES.contains(&word.to_lowercase().as_str())
    }
}

/// A person named with a title: the role as written and the name's span.
#[derive(Debug)]
struct Named {
    role: String,
    start: usize,
    end: usize,
}

/// A title found in a field, by code points.
struct Title<'c> {
    chars: &'c [char],
    start: usize,
    end: usize,
    /// The field is in Arabic (see [`Language::arabic`]).
    arabic: bool,
}

impl Title<'_> {
    /// True when a comma (and white space) stands right before the title:
    /// "Jean-Yves Le Drian, ministre", "محمدجواد ظریف، وزیر".
    fn follows_comma(&self) -> bool {
        let before = self.chars[..self.start]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace());
        matches!(before, Some(',' | '،'))
    }

    fn named(&self, role_end: usize, name: &[(usize, usize)]) -> Option<Named> {
        let (&(start, _), &(_, end)) = (name.first()?, name.last()?);
        Some(Named {
            role: text_of(self.chars, self.role_start(), role_end),
            start,
            end,
        })
    }

    /// The title's start, extended over the words that qualify it from the
    /// left: "Acting U.S. Special Envoy", "Algerian Foreign Minister", Urdu
    /// "امریکی وزیر خارجہ".
    fn role_start(&self) -> usize {
        let mut start = self.start;
        let mut buffer = String::new();
        for (word_start, word_end) in words_before(self.chars, self.start, 3) {
            let word = text_in(&mut buffer, self.chars, word_start, word_end);
            if !qualifies_title(word) {
                break;
            }
            start = word_start;
        }
        start
    }

    /// The capitalised name after a title in Latin or Cyrillic script,
    /// else a name written before it ("Jean-Yves Le Drian, ministre..."),
    /// else one after a complement and a comma ("el ministro de Salud,
    /// Fernando Ruiz").
    fn cased_name(&self) -> Option<Named> {
        let chars = self.chars;
        let direct = cased_run(chars, self.end);
        if !direct.is_empty() {
            return self.cyrillic_surname_last(direct);
        }
        if self.follows_comma() {
            let before = cased_run_before(chars, self.start);
            if before.len() >= 2 {
                return self.named_before(&before);
            }
        }
        if chars.get(self.end) == Some(&',') {
            return self.named(self.end, &cased_run(chars, self.end + 1));
        }
        let mut buffer = String::new();
        let mut words = words_from(chars, self.end).take(14).peekable();
        let &(first_start, first_end) = words.peek()?;
        let first_word = text_in(&mut buffer, chars, first_start, first_end);
        if ["for", "of", "to", "and"].contains(&first_word) {
            return self.name_after_english_complement(words);
        }
        self.name_after_complement_comma(words)
    }

    /// "el ministro de Salud, Fernando Ruiz": the name after the first
    /// comma, when a link word ("de", "of the") shows the words before it
    /// are the title's complement, at most two of them are in lower case
    /// and no sentence ends before it. One pass over the words, stopping
    /// at the first that decides.
    fn name_after_complement_comma(
        &self,
        words: impl Iterator<Item = (usize, usize)>,
    ) -> Option<Named> {
        let chars = self.chars;
        let mut buffer = String::new();
        let (mut has_link, mut lower_words) = (false, 0);
        for (start, end) in words {
            let (stop, _) = trim_punctuation(chars, start, end);
            let word = text_in(&mut buffer, chars, start, stop);
            let link = is_complement_word(word);
            has_link |= link;
            if !word.starts_with(char::is_uppercase) && !link {
                lower_words += 1;
            }
            let comma = ends_with_comma(chars, start, end);
            if comma && !has_link {
                return None;
            }
            if lower_words > 2 || matches!(chars[end - 1], '.' | ';' | ':' | '!' | '?') {
                return None;
            }
            if comma {
                return self.named(stop, &cased_run(chars, end));
            }
        }
        None
    }

    /// "Special Envoy for the Horn of Africa Jeffrey Feltman", "Minister of
    /// Foreign Affairs and International Cooperation Luigi Di Maio": after
    /// the complement's capitalised words, the last two (with particles and
    /// initials between) are the name. Three capitalised words at least,
    /// so that "Ambassador to South Africa" names no one.
    /// The words are read one by one: the run mostly ends after a few.
    fn name_after_english_complement(
        &self,
        words: impl Iterator<Item = (usize, usize)>,
    ) -> Option<Named> {
        let chars = self.chars;
        let mut run: Vec<(usize, usize)> = Vec::new();
        // Whether each word of the run is a name word, found once.
        let mut names: Vec<bool> = Vec::new();
        let mut cut_by_common_word = false;
        for (start, end) in words {
            let (mut stop, mut punctuated) = trim_punctuation(chars, start, end);
            if !is_initial_chars(&chars[start..stop]) {
                while stop > start && chars[stop - 1] == '.' {
                    stop -= 1;
                    punctuated = true;
                }
            }
            let word = text_of(chars, start, stop);
            let (stem, possessive) = strip_possessive(&word);
            let linking = ENGLISH_LINKS.contains(&stem) || NAME_PARTICLES.contains(&stem);
            if !linking && !is_capitalised_word(stem) && !is_initial(stem) {
                break;
            }
            // A capitalised common word after two name words ends the run:
            // "...Africa Feltman Visits Qatar".
            let name_word = is_name_word(stem);
            let common = !linking && !name_word && !is_initial(stem) && !is_complement_title(stem);
            let trailing_names = names.iter().rev().take_while(|&&name| name).count();
            if common && trailing_names >= 2 {
                cut_by_common_word = true;
                break;
            }
            // "...Andriy Yermak of Ukraine": a link word after two name
            // words ends the run too.
            if ENGLISH_LINKS.contains(&stem) && trailing_names >= 2 {
                break;
            }
            run.push((start, start + stem.chars().count()));
            names.push(name_word);
            if punctuated || possessive {
                break;
            }
        }
        let is_content = |i: usize| {
            let (s, e) = run[i];
            names[i] && !NAME_PARTICLES.contains(&text_of(chars, s, e).to_lowercase().as_str())
        };
        let content: Vec<usize> = (0..run.len()).filter(|&i| is_content(i)).collect();
        // Three capitalised words at least ("Ambassador to South Africa"
        // names no one), unless a second title shows where the name starts
        // ("Deputy Prime Minister and Minister of Foreign Affairs Al-Thani").
        let has_title = run
            .iter()
            .any(|&(s, e)| is_complement_title(&text_of(chars, s, e)));
        let (&last_content, needed) = (content.last()?, if has_title { 1 } else { 3 });
        if content.len() < needed {
            return None;
        }
        // The name follows the complement's last link word or title word;
        // a name with a particle inside ("Mohammed bin Abdulrahman
        // Al-Thani") is taken whole, else its last two words.
        let is_separator = |i: usize| {
            let (s, e) = run[i];
            let word = text_of(chars, s, e);
            let kept = names[i] || is_initial(&word) || NAME_PARTICLES.contains(&word.as_str());
            !kept || is_complement_title(&word)
        };
        let segment_start = (0..run.len()).rposition(is_separator).map_or(0, |i| i + 1);
        let segment = &run[segment_start..];
        let has_particle = segment
            .iter()
            .any(|&(s, e)| NAME_PARTICLES.contains(&text_of(chars, s, e).as_str()));
        let first = if cut_by_common_word {
            // A headline in title case ("...Africa Feltman Visits Qatar"):
            // only the surname is safe.
            last_content
        } else if has_particle && segment.len() >= 3 {
            segment_start
        } else {
            let second_last = content
                .len()
                .checked_sub(2)
                .map_or(last_content, |i| content[i]);
            second_last.max(segment_start)
        };
        if !content.iter().any(|&i| i >= first) {
            return None;
        }
        let name = &run[first..];
        let role_end = run.get(first.wrapping_sub(1)).map_or(self.end, |&(_, e)| e);
        self.named(role_end, name)
    }

    /// Russian puts the country in the genitive between title and name
    /// ("Президент России Владимир Путин"): of three or more capitalised
    /// words, the last two are the name and the rest joins the role.
    fn cyrillic_surname_last(&self, name: Vec<(usize, usize)>) -> Option<Named> {
        let cyrillic = self.chars[self.start..self.end]
            .iter()
            .any(|c| ('\u{0400}'..='\u{04FF}').contains(c));
        if !cyrillic {
            return self.named(self.end, &name);
        }
        let genitive_places = name
            .iter()
            .take_while(|&&(s, e)| looks_like_russian_place(&text_of(self.chars, s, e)))
            .count();
        let split = genitive_places.max(name.len().saturating_sub(2));
        if split == 0 {
            return self.named(self.end, &name);
        }
        let role_end = name[split - 1].1;
        self.named(role_end, &name[split..])
    }

    /// A name written before the title, the title and its complement
    /// after it as the role.
    fn named_before(&self, name: &[(usize, usize)]) -> Option<Named> {
        let (&(start, _), &(_, end)) = (name.first()?, name.last()?);
        let mut role_end = self.end;
        if is_arabic(self.chars[self.start]) {
            role_end = self
                .arabic_modifiers(&words_after(self.chars, self.end, 14))
                .0;
        } else {
            for (s, e) in words_after(self.chars, self.end, 8) {
                let (stop, punctuated) = trim_punctuation(self.chars, s, e);
                if punctuated {
                    role_end = stop;
                    break;
                }
            }
        }
        Some(Named {
            role: text_of(self.chars, self.start, role_end),
            start,
            end,
        })
    }

    /// The name after a title in Arabic, Persian or Urdu: modifiers of the
    /// title join the role, then up to three name words. A name written
    /// before the title and a comma comes first ("محمدجواد ظریف، وزیر
    /// امور خارجه").
    fn arabic_script_name(&self, language: Language) -> Option<Named> {
        let roles = &*ROLE_LEXICON;
        let stops: Vec<&String> = if language.urdu {
            roles.stops.iter().chain(&roles.urdu_stops).collect()
        } else {
            roles.stops.iter().collect()
        };
        if self.follows_comma() {
            let before = arabic_run_before(self.chars, self.start, &stops);
            if before.len() >= 2 {
                return self.named_before(&before);
            }
        }
        let words = words_after(self.chars, self.end, 14);
        let (role_end, at) = self.arabic_modifiers(&words);
        let name = arabic_run(self.chars, &words[at..], &stops);
        let after_comma = name
            .last()
            .filter(|&&(_, e)| matches!(self.chars.get(e), Some(',' | '،')))
            .map(|&(_, e)| e + 1);
        if let Some(comma_end) = after_comma {
            let rest = words
                .iter()
                .position(|&(s, _)| s > comma_end)
                .unwrap_or(words.len());
            let appositive = arabic_run(self.chars, &words[rest..], &stops);
            if appositive.len() >= 2 {
                let (role_stop, _) = trim_all_punctuation(self.chars, self.start, comma_end);
                return self.named(role_stop, &appositive);
            }
        }
        self.named(role_end, &name)
    }

    /// The words that qualify an Arabic-script title: words with the
    /// article (الأمريكي، بالإنابة، للتحالف), listed modifiers and country
    /// names (آمریکا، روسیه), "إلى"/"لدى" with a country or a word with the
    /// article, and a construct noun with ل before one with the article
    /// (لجامعة الدول). Returns the role's end and the first word after.
    fn arabic_modifiers(&self, words: &[(usize, usize)]) -> (usize, usize) {
        let roles = &*ROLE_LEXICON;
        let chars = self.chars;
        let mut role_end = self.end;
        let mut at = 0;
        // An Arabic title without the article ("رئيس", "وزير خارجية") is in
        // construct state: the next word is its complement ("رئيس مجلس
        // النواب", "رئيس وزراء بريطانيا"); so is the word after "باسم" or
        // "لشؤون" ("المتحدث باسم وزارة الخارجية").
        let title_key = fold_key(&text_of(chars, self.start, self.end));
        let last_word = title_key.rsplit(' ').next().unwrap_or(&title_key);
        let mut genitive_next = self.arabic && !key_has_article(last_word);
        while at < words.len() {
            let key_of = |i: usize| {
                let (s, e) = words[i];
                fold_key(&text_of(chars, s, trim_all_punctuation(chars, s, e).0))
            };
            let is_modifier = |i: usize, n: usize| {
                let phrase: Vec<String> = (i..i + n).map(key_of).collect();
                roles.modifiers.contains_key(&phrase.join(" "))
            };
            let longest = (1..=roles.modifier_words.min(words.len() - at))
                .rev()
                .find(|&n| is_modifier(at, n));
            let next_is_place_or_article = at + 1 < words.len()
                && (is_modifier(at + 1, 1) || key_has_article(&key_of(at + 1)));
            let key = key_of(at);
            let taken = if genitive_next {
                1
            } else if let Some(n) = longest {
                n
            } else if key_has_article(&key) {
                1
            } else if matches!(key.as_str(), "الى" | "لدي") && next_is_place_or_article {
                2
            } else if key.starts_with('ل') && !key.starts_with("لل") && next_is_place_or_article
            {
                1
            } else {
                break;
            };
            let (last_start, last_end) = words[at + taken - 1];
            let (stop, punctuated) = trim_all_punctuation(chars, last_start, last_end);
            genitive_next = self.arabic && matches!(key.as_str(), "باسم" | "لشوون" | "لشؤون");
            role_end = stop;
            at += taken;
            if punctuated {
                break;
            }
        }
        (role_end, at)
    }

    /// The Chinese name after a title: Han characters up to a stop
    /// character, two to four of them, or longer with a middle dot.
    fn han_name(&self) -> Option<Named> {
        let chars = self.chars;
        let run = chars[self.end..]
            .iter()
            .take_while(|c| {
                (is_han(**c) && !HAN_STOPS.contains(**c)) || matches!(c, '·' | '•' | '・')
            })
            .count();
        let dotted = chars[self.end..self.end + run].iter().any(|c| !is_han(*c));
        let length = if dotted { run.min(12) } else { run.min(4) };
        (length >= 2).then(|| Named {
            role: text_of(chars, self.start, self.end),
            start: self.end,
            end: self.end + length,
        })
    }
}

/// A word that qualifies a title from its left: "Acting", an acronym
/// ("U.S.", "NSC", "UN"), a nationality ("Algerian", "Dutch", "Iraqi"), or
/// an Urdu adjective in ی ("امریکی").
fn qualifies_title(word: &str) -> bool {
    if word == "Acting" {
        return true;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic());
    let acronym = (2..=4).contains(&letters.clone().count())
        && letters.into_iter().all(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic() || c == '.');
    let demonym = word.starts_with(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
        && ["an", "ian", "ese", "ish", "i", "ch", "ic"]
            .iter()
            .any(|suffix| word.ends_with(suffix))
        && !is_listed_not_name(word);
    let urdu_adjective =
        word.ends_with('ی') && word.chars().all(is_arabic) && !URDU_NAME_STOPS.contains(&word);
    acronym || demonym || urdu_adjective
}

/// English words that open a title's complement ("Envoy for ...",
/// "Minister of ... and ...").
const ENGLISH_LINKS: &[&str] = &["for", "of", "to", "and", "the", "in", "on", "against"];

/// Titles inside a complement ("Deputy Prime Minister and Minister of
/// Foreign Affairs"): capitalised, but not names.
fn is_complement_title(word: &str) -> bool {
    [
        "Minister",
        "Secretary",
        "Affairs",
        "Foreign",
        "Deputy",
        "Prime",
    ]
    .contains(&word)
}

/// A Russian country or body in the genitive, or an acronym, standing
/// between a title and a name: "России", "Казахстана", "Франции", "КНР",
/// "США", "ООН".
fn looks_like_russian_place(word: &str) -> bool {
    let acronym = word.chars().count() >= 2 && word.chars().all(char::is_uppercase);
    acronym
        || ["ии", "стана", "ции", "ов"]
            .iter()
            .any(|end| word.ends_with(end))
}

/// Words that may sit in a title's complement before a comma: "de",
/// "del", "of the", "chargée du", "l'OTAN".
fn is_complement_word(word: &str) -> bool {
    const LINKS: &[&str] = &[
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "of",
        "the",
        "for",
        "des",
        "du",
        "le",
        "les",
        "en",
        "y",
        "et",
        "and",
        "chargé",
        "chargée",
        "gerente",
        "general",
        "générale",
        "général",
        "adjunto",
        "adjunta",
        "à",
        "a",
        "para",
        "pour",
    ];
    LINKS.contains(&word)
        || word.starts_with("d'")
        || word.starts_with("l'")
        || word.starts_with("d’")
        || word.starts_with("l’")
}

/// The run of capitalised name words starting after `from`: "Antony J.
/// Blinken", "Linda Thomas-Greenfield", "BLINKEN" (possessive "'s" and
/// punctuation end it; particles inside are kept).
fn cased_run(chars: &[char], from: usize) -> Vec<(usize, usize)> {
    read_cased_run(chars, from, true)
}

/// [`cased_run`]; with `skip_unopenable`, a first word that cannot open a
/// name ends the run before it is copied and read (most titles are
/// followed by a word in lower case), which changes nothing but the cost.
fn read_cased_run(chars: &[char], from: usize, skip_unopenable: bool) -> Vec<(usize, usize)> {
    let mut name: Vec<(usize, usize)> = Vec::new();
    let mut buffer = String::new();
    for (start, end) in words_from(chars, from).take(6) {
        if skip_unopenable && name.is_empty() && !may_open_name(chars[start]) {
            break;
        }
        let (mut stop, mut punctuated) = trim_punctuation(chars, start, end);
        let written = text_in(&mut buffer, chars, start, stop);
        if is_initial(written) {
            name.push((start, stop));
            continue;
        }
        // Full stops are one byte and one character each.
        let word = written.trim_end_matches('.');
        if word.len() < written.len() {
            stop -= written.len() - word.len();
            punctuated = true;
        }
        let (word, possessive) = strip_possessive(word);
        if possessive {
            stop = start + word.chars().count();
            punctuated = true;
        }
        if !name.is_empty() && is_particle_any_case(word) {
            name.push((start, stop));
            continue;
        }
        let numeral = !name.is_empty() && ["II", "III", "IV", "Jr"].contains(&word);
        if !numeral && !is_name_word(word) {
            break;
        }
        name.push((start, stop));
        if punctuated {
            break;
        }
    }
    while name.last().is_some_and(|&(s, e)| is_particle(&chars[s..e])) {
        name.pop();
    }
    let has_full_word = name.iter().any(|&(s, e)| {
        let word = &chars[s..e];
        !is_initial_chars(word) && !is_particle(word)
    });
    if has_full_word { name } else { Vec::new() }
}

/// Whether a word beginning with `first` may be an initial or a name word
/// (see [`is_initial`] and [`is_name_word`]): a capital, or the first
/// letter of "al-", "el-", "ad-", "as-", "ash-" or "bin-".
fn may_open_name(first: char) -> bool {
    first.is_uppercase() || matches!(first, 'a' | 'e' | 'b')
}

/// The capitalised name words right before the comma that precedes a
/// title at `title_start`, first word first.
fn cased_run_before(chars: &[char], title_start: usize) -> Vec<(usize, usize)> {
    let mut name = Vec::new();
    let mut buffer = String::new();
    for (i, (start, end)) in words_before(chars, title_start, 5).into_iter().enumerate() {
        let (stop, punctuated) = trim_punctuation(chars, start, end);
        if punctuated != (i == 0) {
            break;
        }
        let word = text_in(&mut buffer, chars, start, stop);
        let ok = is_name_word(word)
            || (i > 0 && NAME_PARTICLES.contains(&word))
            || word.starts_with(char::is_uppercase) && is_particle_any_case(word);
        if !ok {
            break;
        }
        name.push((start, stop));
    }
    name.reverse();
    name
}

fn is_initial(word: &str) -> bool {
    let mut letters = word.chars();
    matches!(
        (letters.next(), letters.next(), letters.next()),
        (Some(first), Some('.'), None) if first.is_uppercase()
    )
}

/// [`is_initial`] of a word as code points.
fn is_initial_chars(word: &[char]) -> bool {
    matches!(word, [first, '.'] if first.is_uppercase())
}

fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    (word, false)
}

/// A word written with a capital and letters only: "Cooperation",
/// "Al-Thani".
fn is_capitalised_word(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
}

/// A capitalised word that can be part of a name: "Blinken",
/// "Thomas-Greenfield", "al-Kadhimi", "BLINKEN"; not a common word.
fn is_name_word(word: &str) -> bool {
    let mut letters = word.chars();
    let Some(first) = letters.next() else {
        return false;
    };
    let prefixed = || {
        ["al-", "el-", "ad-", "as-", "ash-", "bin-"]
            .iter()
            .any(|p| {
                word.strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with(char::is_uppercase))
            })
    };
    let shape = (first.is_uppercase() || prefixed())
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
    if !shape {
        return false;
    }
    !is_contraction(word) && !is_listed_not_name(word)
}

/// A word ending like "I'm", "they’re", "don't": each of those endings
/// has an apostrophe, so the words without one (nearly all the words read
/// after a title) are told without comparing their ends with all twelve.
fn is_contraction(word: &str) -> bool {
    word.contains(['\'', '’'])
        && [
            "’m", "'m", "’re", "'re", "’ll", "'ll", "’ve", "'ve", "’d", "'d", "n’t", "n't",
        ]
        .iter()
        .any(|ending| word.ends_with(ending))
}

/// [`NOT_NAMES`] in byte order, to be searched by halves.
static NOT_NAMES_SORTED: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let mut sorted = NOT_NAMES.to_vec();
    sorted.sort_unstable();
    sorted
});

/// The longest of [`NOT_NAMES`], in bytes.
const NOT_NAME_MAX: usize = 24;

/// A word of up to [`NOT_NAME_MAX`] bytes as three integers, zeros past
/// its end: two keys are compared in a few instructions, not byte by byte.
type NotNameKey = [u64; NOT_NAME_MAX / 8];

/// The [`NotNameKey`] of the bytes in `buffer`.
fn not_name_key(buffer: &[u8; NOT_NAME_MAX]) -> NotNameKey {
    let (eights, _) = buffer.as_chunks::<8>();
    let mut key = [0; NOT_NAME_MAX / 8];
    for (part, eight) in key.iter_mut().zip(eights) {
        *part = u64::from_le_bytes(*eight);
    }
    key
}

/// The keys of [`NOT_NAMES`] by their length in bytes, each length in
/// order: a word is compared only with the listed words as long.
static NOT_NAMES_BY_LENGTH: LazyLock<Vec<Vec<NotNameKey>>> = LazyLock::new(|| {
    let mut by_length = vec![Vec::new(); NOT_NAME_MAX + 1];
    for listed in NOT_NAMES {
        let mut buffer = [0; NOT_NAME_MAX];
        buffer[..listed.len()].copy_from_slice(listed.as_bytes());
        by_length[listed.len()].push(not_name_key(&buffer));
    }
    for keys in &mut by_length {
        keys.sort_unstable();
    }
    by_length
});

/// Whether `word` in lower case is one of [`NOT_NAMES`].
fn is_listed_not_name(word: &str) -> bool {
    if word.is_ascii() {
        // Lower-cased into a buffer on the stack, without a new string.
        let mut buffer = [0; NOT_NAME_MAX];
        let Some(lower) = buffer.get_mut(..word.len()) else {
            return false;
        };
        for (to, from) in lower.iter_mut().zip(word.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        NOT_NAMES_BY_LENGTH[word.len()]
            .binary_search(&not_name_key(&buffer))
            .is_ok()
    } else {
        NOT_NAMES_SORTED
            .binary_search(&word.to_lowercase().as_str())
            .is_ok()
    }
}

/// Arabic name particles that join the next word ("عبد الوافي", "أبو
/// الغيط", "محمد بن سلمان"); they do not count towards the word limit.
const ARABIC_PARTICLES: &[&str] = &["عبد", "ابو", "بن", "ابن", "ال", "بنت", "ابي"];

/// Up to three Arabic-script name words from `words`, stopped by function
/// words, words with case endings, a second word beginning with و, a title,
/// or punctuation. A word with the article ends the name ("أيمن الصفدي")
/// unless it follows a particle ("عبد الوافي لفتيت").
fn arabic_run(chars: &[char], words: &[(usize, usize)], stops: &[&String]) -> Vec<(usize, usize)> {
    let mut name: Vec<(usize, usize)> = Vec::new();
    let mut counted = 0;
    let mut after_particle = false;
    for &(start, end) in words {
        let (stop, punctuated) = trim_all_punctuation(chars, start, end);
        let word = &chars[start..stop];
        let key = fold_key(&word.iter().collect::<String>());
        if !is_name_word_arabic(word, stops) || ROLE_LEXICON.title_keys.contains(&key) {
            break;
        }
        if !name.is_empty() && !after_particle && key.starts_with('و') {
            break;
        }
        let article = has_article(word);
        if article && name.is_empty() {
            break;
        }
        let particle = ARABIC_PARTICLES.contains(&key.as_str());
        name.push((start, stop));
        if !particle {
            counted += 1;
        }
        if punctuated || (article && !after_particle) || counted == 3 {
            break;
        }
        after_particle = particle;
    }
    while name
        .last()
        .is_some_and(|&(s, e)| ARABIC_PARTICLES.contains(&fold_key(&text_of(chars, s, e)).as_str()))
    {
        name.pop();
    }
    name
}

/// Arabic-script name words right before the comma that precedes a title,
/// first word first.
fn arabic_run_before(chars: &[char], title_start: usize, stops: &[&String]) -> Vec<(usize, usize)> {
    let mut name = Vec::new();
    for (i, (start, end)) in words_before(chars, title_start, 4).into_iter().enumerate() {
        let (stop, punctuated) = trim_all_punctuation(chars, start, end);
        if punctuated != (i == 0) {
            break;
        }
        let word = &chars[start..stop];
        let key = fold_key(&word.iter().collect::<String>());
        let conjunction =
            key.starts_with('و') && name.len() + 1 < 4 && stops.iter().any(|s| **s == key[2..]);
        if !is_name_word_arabic(word, stops)
            || has_article(word)
            || conjunction
            || ROLE_LEXICON.title_keys.contains(&key)
        {
            break;
        }
        name.push((start, stop));
        if name.len() == 3 {
            break;
        }
    }
    name.reverse();
    name
}

/// An Arabic word with the article, after any proclitics: الأمريكي,
/// بالإنابة, للتحالف.
fn has_article(word: &[char]) -> bool {
    key_has_article(&fold_key(&word.iter().collect::<String>()))
}

fn key_has_article(key: &str) -> bool {
    let bare = key.trim_start_matches(|c| PROCLITICS.contains(c));
    key.starts_with("ال") || key.starts_with("لل") || bare.starts_with("ال")
}

/// An Arabic-script word that may be part of a name: letters only, no case
/// ending (tanween), not a function word.
fn is_name_word_arabic(word: &[char], stops: &[&String]) -> bool {
    if word.is_empty() || !word.iter().all(|c| is_arabic(*c) || *c == '\u{200C}') {
        return false;
    }
    if word.iter().any(|c| matches!(c, '\u{064B}'..='\u{064D}')) {
        return false;
    }
    let key = fold_key(&word.iter().collect::<String>());
    let bare = key.strip_prefix(['و', 'ف']).unwrap_or(&key);
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !stops.iter().any(|s| **s == key || *s == bare) && !is_verbal_noun(&key)
}

/// Arabic verbal nouns of the تفعيل pattern ("ترسيم", "تشكيل", "تفعيل"),
/// which follow a title as its object far more often than a name does.
fn is_verbal_noun(key: &str) -> bool {
    let letters: Vec<char> = key.chars().collect();
    letters.len() == 5
        && letters[0] == 'ت'
        && letters[3] == 'ي'
        && letters[1] != 'ي'
        && letters[2] != 'ا'
}

/// The key a name is grouped by: its last word, folded (possessive and
/// middle dot split off).
fn surname_key(name: &str) -> String {
    let last = name
        .split(|c: char| c.is_whitespace() || matches!(c, '·' | '•' | '・'))
        .rfind(|w| !w.is_empty())
        .unwrap_or(name);
    fold_key(last)
}

/// A name for display: capitals-only Latin names in title case.
fn display_name(text: &str) -> String {
    if text.chars().any(char::is_lowercase) || !text.chars().any(char::is_uppercase) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        if word_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        word_start = !c.is_alphabetic();
    }
    out
}

/// For every surname, the fullest name seen with it (most words, then
/// longest, then first).
fn canonical_names(found: &[Found]) -> HashMap<String, String> {
    let mut names: HashMap<String, String> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        // A lemma seen before gives the same candidate, which is no better.
        if found[..i].iter().any(|seen| seen.lemma == f.lemma) {
            continue;
        }
        let candidate = display_name(&f.lemma);
        let better = |current: &String| {
            let words = |s: &str| s.split_whitespace().count();
            (words(&candidate), candidate.chars().count())
                > (words(current), current.chars().count())
        };
        let key = surname_key(&f.lemma);
        match names.get(&key) {
            Some(current) if !better(current) => {}
            _ => {
                names.insert(key, candidate);
            }
        }
    }
    names
}

/// One search of the surname keys of `names` (three letters or more) for
/// both fields of a statement; `None` when there are none.
fn surname_search(names: &HashMap<String, String>) -> Option<Surnames> {
    Surnames::new(names.keys().filter(|k| k.chars().count() >= 3))
}

/// Bare surnames of known people elsewhere in a field ("غودفري",
/// "Blinken"), not inside a mention already found; `surnames` is
/// [`surname_search`] of the names found.
fn later_mentions(
    field: Field,
    text: &FoldedText,
    surnames: &Surnames,
    found: &[Found],
) -> Vec<Found> {
    let (folded, chars) = (&text.folded, text.chars.as_slice());
    let taken: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.field == field)
        .map(|f| (f.start, f.end))
        .collect();
    let mut later = Vec::new();
    for (key_start, key_end) in surnames.find_all(&folded.key) {
        let (start, lemma_end) = folded.source_span(key_start, key_end);
        let first = chars.get(start).copied().unwrap_or(' ');
        let cased_ok = !first.is_lowercase();
        // "Лаврова", "Лавровым": a Russian surname with its case ending.
        let end = if russian::is_cyrillic(first) {
            lemma_end + russian::ending_after(chars, lemma_end)
        } else {
            lemma_end
        };
        let overlaps = taken.iter().any(|&(s, e)| s < end && start < e);
        if overlaps || !cased_ok || !name_stands_alone(chars, start, end) {
            continue;
        }
        later.push(Found {
            field,
            start,
            end,
            text: chars[start..end].iter().collect(),
            lemma: chars[start..lemma_end].iter().collect(),
            role: None,
        });
    }
    later
}

/// A surname occurrence is a whole word; in Latin script "'s" may follow.
fn name_stands_alone(chars: &[char], start: usize, end: usize) -> bool {
    let Some(&first) = chars.get(start) else {
        return false;
    };
    if is_han(first) {
        return true;
    }
    let before_ok = start == 0
        || !is_word_char(chars[start - 1])
        || (is_arabic(first) && proclitics_before(chars, start));
    let after_ok = chars.get(end).is_none_or(|c| !is_word_char(*c));
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::normalise::money::tests::{seed, slice};

    fn people(language: &str, body: &str) -> Vec<(String, String, Option<String>)> {
        let statement = Statement {
            body: body.to_string(),
            language: language.to_string(),
            ..Statement::default()
        };
        extract(&statement)
            .into_iter()
            .map(|m| (m.text, m.name, m.role))
            .collect()
    }

    fn person(text: &str, name: &str, role: Option<&str>) -> (String, String, Option<String>) {
        (text.to_string(), name.to_string(), role.map(str::to_string))
    }

    #[test]
    fn seed_statement() {
        let statement = seed("ar");
        let found = extract(&statement);
        let godfrey = "جون غودفري";
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].text, godfrey);
        assert_eq!(
            found[0].role.as_deref(),
            Some("المبعوث الأمريكي الخاص بالإنابة للتحالف الدولي")
        );
        for mention in &found {
            assert_eq!(mention.name, "John Godfrey");
            assert_eq!(mention.kind, MentionKind::Person);
            assert_eq!(slice(&statement.body, mention.span), mention.text);
        }
        assert_eq!(found[1].text, "غودفري");
        assert_eq!(found[1].role.as_deref(), Some("المبعوث الخاص"));
    }

    #[test]
    fn english_titles() {
        assert_eq!(
            people(
                "en",
                "Secretary of State Antony J. Blinken met President Biden's team. Later, Blinken spoke."
            ),
            vec![
                person(
                    "Antony J. Blinken",
                    "Antony Blinken",
                    Some("Secretary of State")
                ),
                person("Biden", "Biden", Some("President")),
                person("Blinken", "Antony Blinken", None),
            ]
        );
        assert_eq!(
            people(
                "en",
                "Ambassador Linda Thomas-Greenfield and Prime Minister Mustafa al-Kadhimi"
            ),
            vec![
                person(
                    "Linda Thomas-Greenfield",
                    "Linda Thomas-Greenfield",
                    Some("Ambassador")
                ),
                person(
                    "Mustafa al-Kadhimi",
                    "Mustafa al-Kadhimi",
                    Some("Prime Minister")
                ),
            ]
        );
        assert_eq!(people("en", "Secretary of State Travel to Rome"), vec![]);
        assert_eq!(
            people(
                "en",
                "the President's budget and the Secretary General Assembly"
            ),
            vec![]
        );
        assert_eq!(people("en", "the president said on Monday"), vec![]);
    }

    #[test]
    fn speaker_labels() {
        assert_eq!(
            people(
                "en",
                "SECRETARY BLINKEN: Thank you.\n\nMR PRICE: Next question.\n\nQUESTION: Thanks."
            ),
            vec![
                person("BLINKEN", "Blinken", Some("SECRETARY")),
                person("PRICE", "Price", Some("MR")),
            ]
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            people("ar", "وقال وزير الخارجية أنتوني بلينكن إن"),
            vec![person(
                "أنتوني بلينكن",
                "أنتوني بلينكن",
                Some("وزير الخارجية")
            )]
        );
        assert_eq!(
            people(
                "ar",
                "التقت السفيرة الأمريكية لدى الأمم المتحدة ليندا توماس غرينفيلد اليوم"
            ),
            vec![person(
                "ليندا توماس غرينفيلد",
                "ليندا توماس غرينفيلد",
                Some("السفيرة الأمريكية لدى الأمم المتحدة")
            )]
        );
        assert_eq!(
            people("fr", "le secrétaire d'État Antony Blinken a déclaré"),
            vec![person(
                "Antony Blinken",
                "Antony Blinken",
                Some("secrétaire d'État")
            )]
        );
        assert_eq!(
            people("es", "el presidente Joe Biden dijo"),
            vec![person("Joe Biden", "Joe Biden", Some("presidente"))]
        );
        assert_eq!(
            people("ru", "госсекретарь Энтони Блинкен заявил"),
            vec![person(
                "Энтони Блинкен",
                "Энтони Блинкен",
                Some("госсекретарь")
            )]
        );
        assert_eq!(
            people("fa", "وزیر امور خارجه آمریکا آنتونی بلینکن در دیدار"),
            vec![person(
                "آنتونی بلینکن",
                "آنتونی بلینکن",
                Some("وزیر امور خارجه آمریکا")
            )]
        );
        assert_eq!(
            people("ur", "امریکی وزیر خارجہ انٹونی بلنکن نے کہا"),
            vec![person(
                "انٹونی بلنکن",
                "انٹونی بلنکن",
                Some("امریکی وزیر خارجہ")
            )]
        );
        assert_eq!(
            people("zh", "国务卿布林肯表示，布林肯将访问"),
            vec![
                person("布林肯", "布林肯", Some("国务卿")),
                person("布林肯", "布林肯", None),
            ]
        );
    }

    #[test]
    fn names_after_a_complement_or_before_the_title() {
        assert_eq!(
            people("es", "El ministro de Salud, Fernando Ruiz, indicó que"),
            vec![person(
                "Fernando Ruiz",
                "Fernando Ruiz",
                Some("ministro de Salud")
            )]
        );
        assert_eq!(
            people(
                "fr",
                "Jean-Yves Le Drian, ministre de l'Europe et des Affaires étrangères, a"
            ),
            vec![person(
                "Jean-Yves Le Drian",
                "Jean-Yves Le Drian",
                Some("ministre de l'Europe et des Affaires étrangères")
            )]
        );
        assert_eq!(
            people("fa", "وی با سرگئی لاوروف، وزیر خارجه روسیه دیدار کرد"),
            vec![person(
                "سرگئی لاوروف",
                "Sergey Lavrov",
                Some("وزیر خارجه روسیه")
            )]
        );
        assert_eq!(
            people("fa", "رئیس کل بانک مرکزی، عبدالناصر همتی، روز"),
            vec![person(
                "عبدالناصر همتی",
                "عبدالناصر همتی",
                Some("رئیس کل بانک مرکزی")
            )]
        );
        assert_eq!(
            people(
                "ru",
                "Переговоры провели Президент России Владимир Путин и Председатель КНР Си Цзиньпин."
            ),
            vec![
                person("Владимир Путин", "Vladimir Putin", Some("Президент России")),
                person("Си Цзиньпин", "Xi Jinping", Some("Председатель КНР")),
            ]
        );
        assert_eq!(
            people(
                "en",
                "Secretary Blinken met Algerian Foreign Minister Ramtane Lamamra."
            ),
            vec![
                person("Blinken", "Blinken", Some("Secretary")),
                person(
                    "Ramtane Lamamra",
                    "Ramtane Lamamra",
                    Some("Algerian Foreign Minister")
                ),
            ]
        );
    }

    #[test]
    fn english_complements() {
        assert_eq!(
            people(
                "en",
                "U.S. Special Envoy for the Horn of Africa Jeffrey Feltman will travel"
            ),
            vec![person(
                "Jeffrey Feltman",
                "Jeffrey Feltman",
                Some("U.S. Special Envoy for the Horn of Africa")
            )]
        );
        assert_eq!(
            people(
                "en",
                "join Italian Minister of Foreign Affairs and International Cooperation Luigi Di Maio in"
            ),
            vec![person(
                "Luigi Di Maio",
                "Luigi Di Maio",
                Some("Italian Minister of Foreign Affairs and International Cooperation")
            )]
        );
        assert_eq!(
            people("en", "Ambassador to South Africa will attend"),
            vec![]
        );
        assert_eq!(
            people(
                "en",
                "Envoy for the Horn of Africa Feltman Visits Qatar, Saudi Arabia, UAE"
            ),
            vec![person(
                "Feltman",
                "Feltman",
                Some("Envoy for the Horn of Africa")
            )]
        );
        assert_eq!(
            people(
                "en",
                "Acting U.S. Special Envoy for the Global Coalition to Defeat ISIS John T. Godfrey will travel"
            ),
            vec![person(
                "John T. Godfrey",
                "John Godfrey",
                Some("Acting U.S. Special Envoy for the Global Coalition to Defeat ISIS")
            )]
        );
    }

    #[test]
    fn complements_with_particles_and_adjectives() {
        assert_eq!(
            people(
                "en",
                "Deputy Prime Minister and Minister of Foreign Affairs Mohammed bin Abdulrahman Al-Thani met"
            ),
            vec![person(
                "Mohammed bin Abdulrahman Al-Thani",
                "Mohammed bin Abdulrahman Al-Thani",
                Some("Deputy Prime Minister and Minister of Foreign Affairs")
            )]
        );
        assert_eq!(
            people(
                "fr",
                "avec le ministre algérien de la Formation professionnelle, Karim Benali."
            ),
            vec![person(
                "Karim Benali",
                "Karim Benali",
                Some("ministre algérien de la Formation professionnelle")
            )]
        );
        assert_eq!(
            people(
                "en",
                "Memorandum for the Secretary of State on Unexpected Urgent Refugee and Migration Needs"
            ),
            vec![]
        );
        assert_eq!(
            people(
                "ar",
                "التقى المبعوث الخاص للأمم المتحدة إلى سوريا غير بيدرسن. وبحث"
            ),
            vec![person(
                "غير بيدرسن",
                "Geir Pedersen",
                Some("المبعوث الخاص للأمم المتحدة إلى سوريا")
            )]
        );
        assert_eq!(
            people("zh", "国务委员兼外交部长王毅在成都"),
            vec![person("王毅", "Wang Yi", Some("外交部长"))]
        );
    }

    #[test]
    fn complements_end_before_the_country() {
        assert_eq!(
            people(
                "en",
                "Meeting with Head of Presidential Office Andriy Yermak of Ukraine"
            ),
            vec![]
        );
        assert_eq!(
            people(
                "en",
                "met Head of the Office of the President of Ukraine Andriy Yermak."
            ),
            vec![person(
                "Andriy Yermak",
                "Andriy Yermak",
                Some("Head of the Office of the President of Ukraine")
            )]
        );
        assert_eq!(
            people(
                "en",
                "Deputy Prime Minister and Minister of Foreign Affairs Al-Thani"
            ),
            vec![person(
                "Al-Thani",
                "Al-Thani",
                Some("Deputy Prime Minister and Minister of Foreign Affairs")
            )]
        );
    }

    #[test]
    fn listed_not_names_as_by_lower_case() {
        let mut words: Vec<String> = NOT_NAMES.iter().map(|w| w.to_string()).collect();
        words.extend(NOT_NAMES.iter().map(|w| w.to_uppercase()));
        words.extend(
            [
                "Blinken",
                "THE",
                "Thé",
                "İstanbul",
                "",
                "Zzz",
                "À",
                "aa",
                "counterterrorismterrorism",
            ]
            .map(String::from),
        );
        for word in words {
            assert_eq!(
                is_listed_not_name(&word),
                NOT_NAMES.contains(&word.to_lowercase().as_str()),
                "{word}"
            );
        }
    }

    proptest! {
        #[test]
        fn listed_not_names_of_any_word(word in "(?i:the|an?d?|of|mr|[a-zé'’-]{0,6})") {
            prop_assert_eq!(
                is_listed_not_name(&word),
                NOT_NAMES.contains(&word.to_lowercase().as_str())
            );
        }
    }

    #[test]
    fn common_words_are_not_names() {
        assert_eq!(people("en", "at 10:00 a.m. EDT and 2 p.m. LOCAL"), vec![]);
        assert_eq!(people("en", "Thank you, Secretary, I’m glad"), vec![]);
        assert_eq!(
            people(
                "en",
                "Ambassador-at-Large to Monitor and Combat Trafficking in Persons Kari Johnstone said"
            ),
            vec![person(
                "Kari Johnstone",
                "Kari Johnstone",
                Some("Ambassador-at-Large to Monitor and Combat Trafficking in Persons")
            )]
        );
        assert_eq!(
            people("en", "French Foreign Minister Jean-Yves Le Drian said"),
            vec![person(
                "Jean-Yves Le Drian",
                "Jean-Yves Le Drian",
                Some("French Foreign Minister")
            )]
        );
    }

    #[test]
    fn contractions_are_no_name_words() {
        for word in [
            "I'm",
            "They’re",
            "We'll",
            "You’ve",
            "He'd",
            "Don't",
            "Won’t",
        ] {
            assert!(is_contraction(word), "{word}");
            assert!(!is_name_word(word), "{word}");
        }
        for word in ["O'Brien", "D’Souza", "Blinken", "N'Diaye"] {
            assert!(!is_contraction(word), "{word}");
            assert!(is_name_word(word), "{word}");
        }
    }

    #[test]
    fn russian_names_in_case_are_named_in_the_nominative() {
        assert_eq!(
            people(
                "ru",
                "Встреча с госсекретарем США Энтони Блинкеном. Позиция Блинкена ясна, \
                 сказал Блинкен."
            ),
            vec![
                person(
                    "Энтони Блинкеном",
                    "Энтони Блинкен",
                    Some("госсекретарем США")
                ),
                person("Блинкена", "Энтони Блинкен", None),
                person("Блинкен", "Энтони Блинкен", None),
            ]
        );
        assert_eq!(
            people("ru", "визит министра иностранных дел России Сергея Лаврова"),
            vec![person(
                "Сергея Лаврова",
                "Sergey Lavrov",
                Some("министра иностранных дел России")
            )]
        );
    }

    #[test]
    fn table_names_take_the_english_name() {
        assert_eq!(
            people(
                "en",
                "Acting Special Envoy John T. Godfrey said. Godfrey added."
            ),
            vec![
                person(
                    "John T. Godfrey",
                    "John Godfrey",
                    Some("Acting Special Envoy")
                ),
                person("Godfrey", "John Godfrey", None),
            ]
        );
        assert_eq!(
            people("zh", "王毅会见库雷希。国务委员兼外交部长王毅表示"),
            vec![
                person("王毅", "Wang Yi", Some("外交部长")),
                person("王毅", "Wang Yi", None),
                person("库雷希", "Shah Mahmood Qureshi", None),
            ]
        );
        // Not in the table: as written.
        assert_eq!(
            people("fr", "le ministre Karim Benali a déclaré"),
            vec![person("Karim Benali", "Karim Benali", Some("ministre"))]
        );
    }

    #[test]
    fn russian_genitives_join_the_role() {
        assert_eq!(
            people(
                "ru",
                "переговоры с министром иностранных дел Казахстана Мухтаром Тлеуберди."
            ),
            vec![person(
                "Мухтаром Тлеуберди",
                "Mukhtar Tileuberdi",
                Some("министром иностранных дел Казахстана")
            )]
        );
        assert_eq!(
            people("ru", "переговоры с министром иностранных дел Казахстана"),
            vec![]
        );
    }

    #[test]
    fn arabic_title_modifiers_and_compound_names() {
        assert_eq!(
            people(
                "ar",
                "وأكد الأمين العام لجامعة الدول العربية أحمد أبو الغيط أن"
            ),
            vec![person(
                "أحمد أبو الغيط",
                "أحمد أبو الغيط",
                Some("الأمين العام لجامعة الدول العربية")
            )]
        );
        assert_eq!(
            people("ar", "وقّع وزير الكهرباء المصري محمد شاكر ونظيره السوداني"),
            vec![person(
                "محمد شاكر",
                "محمد شاكر",
                Some("وزير الكهرباء المصري")
            )]
        );
        assert_eq!(
            people(
                "ar",
                "التقى المبعوث الخاص للأمم المتحدة إلى سوريا غير بيدرسن"
            ),
            vec![person(
                "غير بيدرسن",
                "Geir Pedersen",
                Some("المبعوث الخاص للأمم المتحدة إلى سوريا")
            )]
        );
        assert_eq!(
            people("ar", "وزير الداخلية المغربي عبد الوافي لفتيت"),
            vec![person(
                "عبد الوافي لفتيت",
                "عبد الوافي لفتيت",
                Some("وزير الداخلية المغربي")
            )]
        );
        assert_eq!(people("ar", "وزير الخارجية يستقبل المبعوث الأممي"), vec![]);
    }

    #[test]
    fn arabic_titles_in_construct_state() {
        assert_eq!(
            people("ar", "قال رئيس مجلس النواب نبيه بري إن"),
            vec![person("نبيه بري", "نبيه بري", Some("رئيس مجلس النواب"))]
        );
        assert_eq!(
            people("ar", "التقى رئيس وزراء بريطانيا توني بلير"),
            vec![person(
                "توني بلير",
                "توني بلير",
                Some("رئيس وزراء بريطانيا")
            )]
        );
        assert_eq!(
            people("ar", "وقال الناطق باسم وزارة الخارجية نيد برايس إن"),
            vec![person(
                "نيد برايس",
                "نيد برايس",
                Some("الناطق باسم وزارة الخارجية")
            )]
        );
        assert_eq!(people("ar", "وقال رئيس الجامعة إن"), vec![]);
        assert_eq!(people("ar", "وبحث الرئيس السوري ترسيم الحدود"), vec![]);
    }

    #[test]
    fn arabic_proclitics_stay_outside() {
        assert_eq!(
            people("ar", "أشار الرئيس جو بايدن، ثم قال لبايدن"),
            vec![
                person("جو بايدن", "جو بايدن", Some("الرئيس")),
                person("بايدن", "جو بايدن", None),
            ]
        );
    }

    proptest! {
        #[test]
        fn cased_run_skips_only_words_that_open_no_name(
            words in "((Blinken|Antony|J\\.|al-Thani|el-Sisi|bin|ash-Sharif|de|Le|II|Smith's|the|said|É|[a-zA-Zé.,'’-]{1,5}|\\PC)[ \n]{1,3}){0,8}"
        ) {
            let text = format!("President {words}");
            let chars: Vec<char> = text.chars().collect();
            prop_assert_eq!(cased_run(&chars, 9), read_cased_run(&chars, 9, false));
        }
    }

    /// The two passes [`Title::name_after_complement_comma`] replaced.
    fn complement_comma_in_two_passes(title: &Title, words: &[(usize, usize)]) -> Option<Named> {
        let chars = title.chars;
        let mut has_link = false;
        for &(start, end) in words {
            let (stop, _) = trim_punctuation(chars, start, end);
            has_link |= is_complement_word(&text_of(chars, start, stop));
            if ends_with_comma(chars, start, end) && !has_link {
                return None;
            }
        }
        let mut lower_words = 0;
        for &(start, end) in words {
            let (stop, _) = trim_punctuation(chars, start, end);
            let word = text_of(chars, start, stop);
            if !word.starts_with(char::is_uppercase) && !is_complement_word(&word) {
                lower_words += 1;
            }
            if lower_words > 2 || matches!(chars[end - 1], '.' | ';' | ':' | '!' | '?') {
                return None;
            }
            if ends_with_comma(chars, start, end) {
                return title.named(stop, &cased_run(chars, end));
            }
        }
        None
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_slice_back(body in "\\PC{0,200}") {
            let statement = Statement { body: body.clone(), ..Statement::default() };
            for mention in extract(&statement) {
                prop_assert_eq!(slice(&body, mention.span), mention.text);
            }
        }

        #[test]
        fn titled_text_slices_back(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("Secretary "), Just("Blinken"), Just("J. "), Just("'s"), Just(", "),
                    Just("المبعوث "), Just("الخاص "), Just("غودفري"), Just("و"), Just("ل"),
                    Just("国务卿"), Just("布林肯"), Just("·"), Just("\n\n"), Just(" "), Just(":"),
                ],
                0..20,
            )
        ) {
            let body: String = parts.concat();
            let statement = Statement { body: body.clone(), ..Statement::default() };
            for mention in extract(&statement) {
                prop_assert_eq!(slice(&body, mention.span), mention.text);
            }
        }

        /// The one pass after a complement finds the name the two passes
        /// it replaced found: the first ruling out a comma with no link
        /// word before it, the second taking the name after the comma.
        #[test]
        fn complement_comma_in_one_pass_as_in_two(
            complement in "((de|Salud,|Fernando|Ruiz|the|of|said|general\\.|Foo:|bar,|l'OTAN,|Ahmed،|y|Le|\n) ){0,20}"
        ) {
            let text = format!("ministro {complement}");
            let chars: Vec<char> = text.chars().collect();
            let title = Title { chars: &chars, start: 0, end: 8, arabic: false };
            let words = words_after(&chars, title.end, 14);
            let summary = |named: Option<Named>| named.map(|n| (n.role, n.start, n.end));
            prop_assert_eq!(
                summary(title.name_after_complement_comma(words.iter().copied())),
                summary(complement_comma_in_two_passes(&title, &words))
            );
        }

        #[test]
        fn title_search_finds_what_the_unanchored_automaton_finds(
            body in "(minister|prime |secretary|of state|ad|mr|m\\.|dr |президент|الرئيس|وزير|ال|国务卿|[ a-z.,]|\\PC){0,40}"
        ) {
            let text = fold_key(&body);
            let titles: Vec<&String> = ROLE_LEXICON.title_keys.iter().collect();
            let unanchored = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(titles)
                .expect("the role lexicon builds");
            let expected: Vec<(usize, usize)> =
                unanchored.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let found: Vec<(usize, usize)> = ROLE_LEXICON.titles.find_iter(&text).collect();
            prop_assert_eq!(found, expected);
        }
    }
}
