//! What kind of document a statement is, from the words its title (or,
//! failing that, its first lines) uses for itself.
//!
//! The table below lists, per language, the words a ministry puts on a
//! document: "Joint Statement", بيان مشترك, "Déclaration conjointe",
//! 联合声明. The keyword that starts leftmost in the title wins, and among
//! keywords starting at the same place the longest, so "Joint Statement"
//! beats "Statement" and a statement *about* a briefing (بيان حول ...) is a
//! statement. Words that are also ordinary vocabulary ("Address", "Letter",
//! كلمة) count only when they open the title.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::record::DocType;
use crate::text;

/// Where a keyword may stand in a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Anywhere, as a whole word ("Secretary Blinken's Remarks to ...").
    Anywhere,
    /// Only at the start of the title ("Address by ...", not "to Address").
    Start,
}

use DocType::*;
use Position::{Anywhere, Start};

/// The keywords, as written; they are folded to matching keys before use.
const KEYWORDS: &[(&str, DocType, Position)] = &[
    // en
    ("statement", Statement, Anywhere),
    ("declaration", Statement, Start),
    ("joint statement", JointStatement, Anywhere),
    ("joint declaration", JointStatement, Anywhere),
    ("joint communique", JointStatement, Anywhere),
    ("press release", PressRelease, Anywhere),
    ("news release", PressRelease, Anywhere),
    ("readout", Readout, Anywhere),
    // State Department and White House readouts are titled by the event.
    ("call with", Readout, Anywhere),
    ("calls with", Readout, Anywhere),
    ("meeting with", Readout, Anywhere),
    ("meets with", Readout, Anywhere),
    ("the following is attributable to", Readout, Start),
    ("the below is attributable to", Readout, Start),
    ("remarks", Remarks, Anywhere),
    ("speech", Speech, Anywhere),
    ("address", Speech, Start),
    ("keynote address", Speech, Anywhere),
    ("briefing", Briefing, Anywhere),
    ("press briefing", Briefing, Anywhere),
    ("press conference", Briefing, Anywhere),
    ("press availability", Briefing, Anywhere),
    ("interview", Interview, Anywhere),
    ("fact sheet", FactSheet, Anywhere),
    ("media note", MediaNote, Anywhere),
    ("notice", Notice, Start),
    ("public notice", Notice, Anywhere),
    ("letter", Letter, Start),
    ("text of a letter", Letter, Anywhere),
    // ar
    ("بيان", Statement, Anywhere),
    ("البيان", Statement, Anywhere),
    ("بيان مشترك", JointStatement, Anywhere),
    ("البيان المشترك", JointStatement, Anywhere),
    ("بيان ختامي مشترك", JointStatement, Anywhere),
    ("إعلان مشترك", JointStatement, Anywhere),
    ("بيان صحفي", PressRelease, Anywhere),
    ("بيان صحافي", PressRelease, Anywhere),
    ("بيان إعلامي", PressRelease, Anywhere),
    ("ملخص", Readout, Start),
    ("تصريحات", Remarks, Anywhere),
    ("ملاحظات", Remarks, Start),
    ("كلمة", Speech, Start),
    ("خطاب", Speech, Start),
    ("إحاطة", Briefing, Anywhere),
    ("إحاطة صحفية", Briefing, Anywhere),
    ("مؤتمر صحفي", Briefing, Anywhere),
    ("موجز صحفي", Briefing, Anywhere),
    ("مقابلة", Interview, Anywhere),
    ("حوار", Interview, Start),
    ("ورقة حقائق", FactSheet, Anywhere),
    ("صحيفة وقائع", FactSheet, Anywhere),
    ("مذكرة إعلامية", MediaNote, Anywhere),
    ("ملاحظة إعلامية", MediaNote, Anywhere),
    ("إشعار", Notice, Start),
    ("تعميم", Notice, Start),
    ("رسالة", Letter, Start),
    // fr
    ("déclaration conjointe", JointStatement, Anywhere),
    ("déclaration commune", JointStatement, Anywhere),
    ("communiqué conjoint", JointStatement, Anywhere),
    ("communiqué de presse", PressRelease, Anywhere),
    ("communiqué", PressRelease, Anywhere),
    ("compte rendu", Readout, Anywhere),
    ("remarques", Remarks, Anywhere),
    ("allocution", Speech, Anywhere),
    ("discours", Speech, Anywhere),
    ("point de presse", Briefing, Anywhere),
    ("conférence de presse", Briefing, Anywhere),
    ("entretien", Interview, Anywhere),
    ("fiche d'information", FactSheet, Anywhere),
    ("note aux médias", MediaNote, Anywhere),
    ("avis", Notice, Start),
    ("lettre", Letter, Start),
    // es
    ("declaración", Statement, Anywhere),
    ("declaración conjunta", JointStatement, Anywhere),
    ("comunicado conjunto", JointStatement, Anywhere),
    ("comunicado de prensa", PressRelease, Anywhere),
    ("comunicado", PressRelease, Anywhere),
    ("nota de prensa", PressRelease, Anywhere),
    ("resumen", Readout, Start),
    ("palabras", Remarks, Start),
    ("comentarios", Remarks, Start),
    ("discurso", Speech, Anywhere),
    ("sesión informativa", Briefing, Anywhere),
    ("rueda de prensa", Briefing, Anywhere),
    ("conferencia de prensa", Briefing, Anywhere),
    ("entrevista", Interview, Anywhere),
    ("hoja informativa", FactSheet, Anywhere),
    ("nota para los medios", MediaNote, Anywhere),
    ("aviso", Notice, Start),
    ("carta", Letter, Start),
    // pt
    ("declaração", Statement, Anywhere),
    ("declaração conjunta", JointStatement, Anywhere),
    ("comunicado de imprensa", PressRelease, Anywhere),
    ("nota à imprensa", PressRelease, Anywhere),
    ("observações", Remarks, Start),
    ("coletiva de imprensa", Briefing, Anywhere),
    ("ficha informativa", FactSheet, Anywhere),
    ("nota aos meios de comunicação", MediaNote, Anywhere),
    // ru
    ("заявление", Statement, Anywhere),
    ("совместное заявление", JointStatement, Anywhere),
    ("совместная декларация", JointStatement, Anywhere),
    ("пресс-релиз", PressRelease, Anywhere),
    ("сообщение для печати", PressRelease, Anywhere),
    ("сообщение для прессы", PressRelease, Anywhere),
    ("выступление", Speech, Anywhere),
    ("речь", Speech, Start),
    ("брифинг", Briefing, Anywhere),
    ("пресс-конференция", Briefing, Anywhere),
    ("интервью", Interview, Anywhere),
    ("справка", FactSheet, Start),
    ("информационный бюллетень", FactSheet, Anywhere),
    ("уведомление", Notice, Start),
    ("извещение", Notice, Start),
    ("письмо", Letter, Start),
    ("послание", Letter, Start),
    // zh
    ("声明", Statement, Anywhere),
    ("联合声明", JointStatement, Anywhere),
    ("共同声明", JointStatement, Anywhere),
    ("新闻稿", PressRelease, Anywhere),
    ("新闻公报", PressRelease, Anywhere),
    ("致辞", Remarks, Anywhere),
    ("讲话", Speech, Anywhere),
    ("演讲", Speech, Anywhere),
    ("简报会", Briefing, Anywhere),
    ("新闻发布会", Briefing, Anywhere),
    ("记者会", Briefing, Anywhere),
    ("采访", Interview, Anywhere),
    ("专访", Interview, Anywhere),
    ("情况说明书", FactSheet, Anywhere),
    ("概况介绍", FactSheet, Anywhere),
    ("媒体说明", MediaNote, Anywhere),
    ("通知", Notice, Anywhere),
    ("公告", Notice, Anywhere),
    ("信函", Letter, Anywhere),
    // fa
    ("بیانیه", Statement, Anywhere),
    ("بیانیه مشترک", JointStatement, Anywhere),
    ("بیانیه پایانی مشترک", JointStatement, Anywhere),
    ("اطلاعیه مطبوعاتی", PressRelease, Anywhere),
    ("خبرنامه", PressRelease, Start),
    ("اظهارات", Remarks, Anywhere),
    ("سخنرانی", Speech, Anywhere),
    ("نشست خبری", Briefing, Anywhere),
    ("کنفرانس خبری", Briefing, Anywhere),
    ("مصاحبه", Interview, Anywhere),
    ("برگه اطلاعات", FactSheet, Anywhere),
    ("اطلاعیه", Notice, Start),
    ("نامه", Letter, Start),
    // ur (بیان folds to the same key as the Arabic بيان)
    ("مشترکہ بیان", JointStatement, Anywhere),
    ("مشترکہ اعلامیہ", JointStatement, Anywhere),
    ("پریس ریلیز", PressRelease, Anywhere),
    ("ریمارکس", Remarks, Anywhere),
    ("تقریر", Speech, Anywhere),
    ("خطاب", Speech, Start),
    ("پریس بریفنگ", Briefing, Anywhere),
    ("انٹرویو", Interview, Anywhere),
    ("فیکٹ شیٹ", FactSheet, Anywhere),
    ("نوٹس", Notice, Start),
    ("خط", Letter, Start),
];

/// How many leading lines are looked at when the title names no type (a
/// page whose headline is the topic and whose first line says "Readout").
const FIRST_LINES: usize = 2;

/// A transcript has at least this many paragraphs opening with a speaker
/// label.
const MIN_SPEAKER_TURNS: usize = 3;

/// The doc type named by `title`, else by the start of one of the first
/// `paragraphs`, else told by the shape of a transcript, else
/// [`DocType::Other`].
pub fn classify<S: AsRef<str>>(title: &str, paragraphs: &[S]) -> DocType {
    if let Some(doc_type) = find(title, false) {
        return doc_type;
    }
    paragraphs
        .iter()
        .take(FIRST_LINES)
        .find_map(|line| find(line.as_ref(), true))
        .or_else(|| transcript_type(paragraphs))
        .unwrap_or(DocType::Other)
}

/// The type of a transcript whose title names none (State Department
/// transcripts are titled "Secretary Blinken With Steve Inskeep of NPR"):
/// paragraphs open with upper-case speaker labels ("QUESTION:", "SECRETARY
/// BLINKEN:"). One speaker answering "QUESTION" is an interview; anything
/// else (a moderator, several officials) is remarks.
fn transcript_type<S: AsRef<str>>(paragraphs: &[S]) -> Option<DocType> {
    let speakers: Vec<&str> = paragraphs
        .iter()
        .filter_map(|paragraph| speaker_label(paragraph.as_ref()))
        .collect();
    if speakers.len() < MIN_SPEAKER_TURNS {
        return None;
    }
    let mut distinct = speakers.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let interview = distinct.len() == 2 && distinct.contains(&"QUESTION");
    Some(if interview {
        DocType::Interview
    } else {
        DocType::Remarks
    })
}

/// The speaker label a transcript paragraph opens with: up to five
/// upper-case words before a colon.
fn speaker_label(paragraph: &str) -> Option<&str> {
    let (label, _) = paragraph.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    let upper = label.chars().any(char::is_uppercase)
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’'));
    (upper && (1..=5).contains(&words)).then_some(label)
}

/// The type of the leftmost (then longest) keyword in `text` standing as a
/// whole word where its [`Position`] allows; with `at_start_only`, only a
/// keyword opening the text counts.
fn find(text: &str, at_start_only: bool) -> Option<DocType> {
    let keywords = keywords();
    if at_start_only && let Some(head) = text::head(text, keywords.longest + HEAD_MARGIN_BYTES) {
        // Only matches at the start count: the key of the first words
        // holds them all, with the character after each, once it reaches
        // past the longest keyword from there (see `text::head`).
        let key = text::fold_key(&text::clean(head));
        if key.len() > lead_in_len(&key) + keywords.longest {
            return find_in_key(&key, at_start_only, keywords);
        }
    }
    find_in_key(&text::fold_key(&text::clean(text)), at_start_only, keywords)
}

/// How far past the longest keyword the first words of a paragraph are
/// read, in bytes of the paragraph: a few lead-in characters and the
/// character after the keyword.
const HEAD_MARGIN_BYTES: usize = 16;

/// The bytes of the characters `key` opens with before its first word.
fn lead_in_len(key: &str) -> usize {
    key.len() - key.trim_start_matches(is_lead_in).len()
}

/// [`find`] in the matching key of the text.
fn find_in_key(key: &str, at_start_only: bool, keywords: &Keywords) -> Option<DocType> {
    let Keywords {
        matcher, entries, ..
    } = keywords;
    let start = lead_in_len(key);
    for found in matcher.find_overlapping_iter_leftmost(key) {
        let (doc_type, position) = entries[found.pattern().as_usize()];
        let opens = found.start() == start;
        if (position == Start || at_start_only) && !opens {
            continue;
        }
        if is_whole_word(key, found.start(), found.end()) {
            return Some(doc_type);
        }
    }
    None
}

/// Characters a title may open with before its first word (quotes,
/// brackets, dashes).
fn is_lead_in(c: char) -> bool {
    !c.is_alphanumeric()
}

/// True when the match is not part of a longer word. Han script has no
/// spaces between words, so a Han keyword counts wherever it stands.
fn is_whole_word(key: &str, start: usize, end: usize) -> bool {
    let is_han = |c: char| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}');
    let before = key[..start].chars().next_back();
    let after = key[end..].chars().next();
    let first = key[start..].chars().next();
    if first.is_some_and(is_han) {
        return true;
    }
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

type Entries = Vec<(DocType, Position)>;

/// Builds the keyword automaton now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_tables() {
    keywords();
}

fn keywords() -> &'static Keywords {
    static KEYWORDS_MATCHER: OnceLock<Keywords> = OnceLock::new();
    KEYWORDS_MATCHER.get_or_init(|| {
        let patterns: Vec<String> = KEYWORDS.iter().map(|(k, _, _)| text::fold_key(k)).collect();
        let entries = KEYWORDS.iter().map(|&(_, t, p)| (t, p)).collect();
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        // Fixed, tested keywords: a failure here is a bug in the table.
        match AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
        {
            Ok(matcher) => Keywords {
                matcher,
                entries,
                longest,
            },
            Err(error) => panic!("the doc type keywords do not build: {error}"),
        }
    })
}

/// The keyword matcher, what each keyword says, and the length of the
/// longest keyword's key in bytes.
struct Keywords {
    matcher: AhoCorasick,
    entries: Entries,
    longest: usize,
}

/// Overlapping matches ordered leftmost first, then longest first, so the
/// first acceptable one is the leftmost-longest that also stands as a word.
trait LeftmostOverlapping {
    fn find_overlapping_iter_leftmost(&self, haystack: &str) -> Vec<aho_corasick::Match>;
}

impl LeftmostOverlapping for AhoCorasick {
    fn find_overlapping_iter_leftmost(&self, haystack: &str) -> Vec<aho_corasick::Match> {
        let mut matches: Vec<aho_corasick::Match> = self.find_overlapping_iter(haystack).collect();
        matches.sort_by_key(|m| (m.start(), std::cmp::Reverse(m.end())));
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Lines opening with keywords, lead-in characters and other words.
    fn opening() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(KEYWORDS).prop_map(|(keyword, _, _)| keyword.to_string()),
            prop::sample::select(KEYWORDS)
                .prop_map(|(keyword, _, _)| keyword.to_uppercase().replace(' ', "\u{A0}")),
            "[\"“«(\\-— ]{1,4}",
            "[a-zA-Zé]{1,9}",
            "[\u{0600}-\u{06FF}\u{200C}]{1,6}",
            "\\PC{1,4}",
        ];
        prop::collection::vec(piece, 1..12).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #[test]
        fn reading_the_first_words_finds_what_the_whole_line_finds(line in opening()) {
            let whole = find_in_key(&text::fold_key(&text::clean(&line)), true, keywords());
            prop_assert_eq!(find(&line, true), whole, "{:?}", line);
        }
    }

    fn title(text: &str) -> DocType {
        classify::<&str>(text, &[])
    }

    #[test]
    fn arabic() {
        assert_eq!(
            title("بيان حول اجتماع المجموعة المصغّرة للمدراء السياسيين للتحالف الدولي لهزيمة داعش"),
            Statement
        );
        assert_eq!(title("بيان مشترك بشأن سوريا"), JointStatement);
        assert_eq!(
            title("البيان المشترك للولايات المتحدة والعراق"),
            JointStatement
        );
        assert_eq!(title("بيان صحفي: وزير الخارجية يزور عمّان"), PressRelease);
        assert_eq!(title("مقابلة وزير الخارجية مع قناة العربية"), Interview);
        assert_eq!(title("ورقة حقائق: المساعدات الإنسانية"), FactSheet);
        assert_eq!(title("كلمة الوزير في افتتاح المؤتمر"), Speech);
        assert_eq!(title("الوزير يلقي كلمة في المؤتمر"), Other);
        assert_eq!(title("وزير الخارجية يلتقي نظيره الأردني"), Other);
    }

    #[test]
    fn english() {
        assert_eq!(
            title("Joint Statement on the Situation in Ethiopia"),
            JointStatement
        );
        assert_eq!(title("U.S.-Japan Joint Statement"), JointStatement);
        assert_eq!(
            title("Statement on the Joint Readout of the Talks"),
            Statement
        );
        assert_eq!(
            title("Readout of Secretary Blinken's Call with Foreign Minister"),
            Readout
        );
        assert_eq!(title("Media Note: Travel to Brussels"), MediaNote);
        assert_eq!(title("FACT SHEET: U.S. Assistance to Ukraine"), FactSheet);
        assert_eq!(title("Secretary Blinken's Remarks to the Press"), Remarks);
        assert_eq!(title("Press Release: New Sanctions"), PressRelease);
        assert_eq!(title("Department Press Briefing – July 19, 2021"), Briefing);
        assert_eq!(
            title("Secretary Blinken's Interview With Al Arabiya"),
            Interview
        );
        assert_eq!(title("Address by the President to the Nation"), Speech);
        assert_eq!(title("Working Together to Address Climate Change"), Other);
        assert_eq!(title("Notice of Intent to Designate"), Notice);
        assert_eq!(title("Letter to the Speaker of the House"), Letter);
        assert_eq!(title("Statements and Statistics"), Other);
        assert_eq!(
            title("President Biden Approves Alabama Disaster Declaration"),
            Other
        );
        assert_eq!(
            title("Declaration on the Future of the Internet"),
            Statement
        );
        assert_eq!(title("Secretary Blinken's Travel to Kenya"), Other);
        assert_eq!(
            title("Secretary Blinken’s Call with Bulgarian President Radev"),
            Readout
        );
        assert_eq!(title("Remarks at a Meeting with Civil Society"), Remarks);
        assert_eq!(
            title("Secretary Blinken at a Joint Press Availability"),
            Briefing
        );
    }

    #[test]
    fn french_spanish_portuguese() {
        assert_eq!(
            title("Déclaration conjointe sur la migration"),
            JointStatement
        );
        assert_eq!(title("Déclaration du porte-parole"), Statement);
        assert_eq!(title("Communiqué de presse du ministère"), PressRelease);
        assert_eq!(
            title("Declaración de Los Ángeles sobre Migración"),
            Statement
        );
        assert_eq!(
            title("Declaración conjunta de Estados Unidos y México"),
            JointStatement
        );
        assert_eq!(title("Comunicado del Ministerio"), PressRelease);
        assert_eq!(title("Declaração de Los Angeles sobre Migração"), Statement);
        assert_eq!(title("Declaração conjunta dos ministros"), JointStatement);
        assert_eq!(title("Entrevista con el Secretario"), Interview);
    }

    #[test]
    fn russian_and_chinese() {
        assert_eq!(title("Заявление официального представителя"), Statement);
        assert_eq!(title("Совместное заявление России и Китая"), JointStatement);
        assert_eq!(title("Интервью министра"), Interview);
        assert_eq!(title("外交部发言人声明"), Statement);
        assert_eq!(title("中美联合声明"), JointStatement);
        assert_eq!(title("外交部新闻稿"), PressRelease);
    }

    #[test]
    fn persian_and_urdu() {
        assert_eq!(title("بیانیه وزارت امور خارجه"), Statement);
        assert_eq!(title("بیانیه مشترک ایران و عراق"), JointStatement);
        assert_eq!(title("مصاحبه وزیر امور خارجه"), Interview);
        assert_eq!(title("دفتر خارجہ کا بیان"), Statement);
        assert_eq!(title("پاکستان اور چین کا مشترکہ بیان"), JointStatement);
        assert_eq!(title("پریس ریلیز"), PressRelease);
    }

    #[test]
    fn tells_transcripts_by_their_speaker_labels() {
        let interview = [
            "Washington, D.C.",
            "QUESTION: Mr. Secretary, thank you.",
            "SECRETARY BLINKEN: Good to be with you.",
            "QUESTION: What comes next?",
            "SECRETARY BLINKEN: Diplomacy.",
        ];
        assert_eq!(
            classify("Secretary Blinken With Steve Inskeep of NPR", &interview),
            Interview
        );
        let panel = [
            "MODERATOR: Welcome.",
            "SECRETARY BLINKEN: Thank you.",
            "QUESTION: A question.",
            "MINISTER KULEBA: An answer.",
        ];
        assert_eq!(
            classify("Secretary Blinken and Foreign Minister Kuleba", &panel),
            Remarks
        );
        let prose = [
            "Note: the meeting was postponed.",
            "The Secretary met the Minister.",
        ];
        assert_eq!(classify("Travel to Kenya", &prose), Other);
    }

    #[test]
    fn looks_at_the_first_lines_when_the_title_names_no_type() {
        assert_eq!(
            classify(
                "Secretary Blinken's Call with Kenyan Cabinet Secretary",
                &["READOUT", "x"]
            ),
            Readout
        );
        assert_eq!(
            classify(
                "Travel to Kenya",
                &["The Secretary will deliver remarks on Monday."]
            ),
            Other
        );
    }
}
