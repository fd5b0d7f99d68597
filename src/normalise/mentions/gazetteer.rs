//! Dictionary matching of names (places, organisations, people) in text.
//!
//! A [`Gazetteer`] holds aliases folded into matching keys
//! ([`crate::text::fold_key`]) in one trie, built once for all its tables. [`Gazetteer::find`] folds a text, finds every alias occurrence,
//! keeps those that sit on word boundaries and are written in an acceptable
//! case, and resolves overlaps by taking the longest match first, so
//! "الولايات المتحدة" is one name, not "الولايات", and "داعش خراسان" is not
//! "داعش" followed by a word.
//!
//! Rules, applied on the folded key and mapped back to code points of the
//! original text:
//!
//! - **Word boundaries.** A match must not start or end inside a word,
//!   except that an Arabic-script alias may follow attached proclitics: و ف
//!   (and, so) then ب ل ك (in, for, like), alone or combined — وسوريا, بالعراق,
//!   فبغداد, وللعراق. The clitics are outside the span. Chinese, Japanese and
//!   Korean characters are boundaries of their own, since those scripts
//!   write no spaces: 中国 is found in 中国与世界卫生组织.
//! - **Russian case endings.** A name whose last word is Russian also
//!   matches its stem followed by a case ending, and the span runs to the end
//!   of the word: Россия → России, Россией; Москва → Москве; Ирак → Ираку.
//!   Stems under four letters are not inflected (Мали, Рим).
//! - **The article.** ال is part of a name written with it, so بالعراق gives
//!   "العراق". After the preposition ل the article's alef is elided (للعراق):
//!   the span then starts after the first ل and the text is "لعراق". A bare ال
//!   is never stripped: المالي is not مالي (Mali).
//! - **Case** (scripts with letter case only). An alias written in capitals
//!   without spaces ("US", "NATO", "U.S.") matches only capitals, so "us" and
//!   "who" are not names; an alias with any capital letter ("Chad", "Turkey",
//!   "Al-Qaida") needs at least one capital in the text ("turkey", the bird,
//!   is not a country; "al-Qaida" still matches); an alias written all in
//!   lower case ("irakien", "sirio") matches in any case.
//! - **One owner per spelling.** When two aliases of one table fold to the
//!   same key, the first entity added keeps it; tables list their most
//!   important entities first.
//!
//! One gazetteer may serve several tables (places and organisations share
//! one): a text is then scanned once for all of them, and each table's hits
//! are settled on their own, exactly as if it had its own automaton.
//!
//! The tables behind a gazetteer are TSV files with `E` (entity) and `A`
//! (alias) rows, read by [`EntityTables::from_tsvs`].

use std::collections::HashMap;
use std::sync::LazyLock;

mod search;
mod trie;

use search::{KeyMatch, KeySearch, KeySearchBuilder};

use crate::normalise::FieldTexts;
use crate::record::{Field, Mention, MentionKind, Span};
use crate::text::{FoldedText, fold_key};

/// Arabic proclitics that may be attached before a name: a conjunction
/// (و, ف), then a preposition (ب, ل, ك).
const PROCLITIC_CHAINS: [&str; 11] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];

/// Proclitic chains that end in the preposition ل, before which the
/// article's alef is dropped in writing (ل + العراق → لعراق).
const LAM_CHAINS: [&str; 3] = ["ل", "ول", "فل"];

/// How letters of an alias must be written in the text to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CaseRule {
    /// Lower-case or caseless alias: any case.
    Any,
    /// The text needs at least one capital letter.
    Capitalised,
    /// Every cased letter of the text must be a capital (acronyms).
    Upper,
}

impl CaseRule {
    fn of_alias(alias: &str) -> CaseRule {
        // Letters with a case, and how many of them are capitals.
        let (mut cased, mut capitals) = (0, 0);
        for c in alias.chars() {
            let (upper, lower) = letter_case(c);
            cased += usize::from(upper || lower);
            capitals += usize::from(upper);
        }
        if cased >= 2 && capitals == cased && !alias.contains(' ') {
            CaseRule::Upper
        } else if capitals > 0 {
            CaseRule::Capitalised
        } else {
            CaseRule::Any
        }
    }

    fn accepts(self, surface: &[char]) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalised => surface.iter().any(|c| c.is_uppercase()),
            CaseRule::Upper => !surface.iter().any(|c| c.is_lowercase()),
        }
    }
}

/// Whether `c` is an upper-case and a lower-case letter, reading the
/// Unicode tables only outside ASCII and the Arabic block (tens of
/// thousands of aliases are read at start-up, most in Arabic script).
fn letter_case(c: char) -> (bool, bool) {
    match c {
        'A'..='Z' => (true, false),
        'a'..='z' => (false, true),
        '\0'..='\x7F' | '\u{0600}'..='\u{06FF}' => (false, false),
        _ => (c.is_uppercase(), c.is_lowercase()),
    }
}

/// What one table makes of a pattern of the automaton.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// The table the alias comes from (an index into the tables the
    /// gazetteer was built from).
    table: usize,
    entity: u32,
    case: CaseRule,
    /// Generated from an alias with the article by dropping its alef
    /// (العراق → لعراق); valid only right after the preposition ل.
    after_lam: bool,
    /// The stem of a Russian name (Росси‑я): the match goes on to the end
    /// of the word, which must be a case ending (России, Россию, Россией).
    inflected: bool,
}

/// A multi-pattern dictionary of aliases, each naming an entity of one of
/// its tables by index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    search: KeySearch,
    /// For each pattern of the automaton, the tables that have it: at most
    /// one [`Pattern`] per table.
    owners: Vec<Vec<Pattern>>,
    tables: usize,
}

/// An alias found in a text: the entity it names and its code-point span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entity: u32,
    /// Code-point offset of the first character of the name.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
}

impl Gazetteer {
    /// Builds the automaton from `(alias, entity)` pairs. Earlier pairs win
    /// when two aliases share a matching key.
    ///
    /// # Panics
    ///
    /// Only if the automaton cannot be built at all (pattern set beyond the
    /// library's size limits), which depends on the compiled-in tables, not
    /// on input.
    pub fn new<'a>(aliases: impl IntoIterator<Item = (&'a str, u32)>) -> Gazetteer {
        Gazetteer::of_tables([aliases])
    }

    /// Builds one automaton for several tables of `(alias, entity)` pairs;
    /// hits come back per table, in this order. Within a table, earlier
    /// pairs win when two aliases share a matching key; tables do not take
    /// keys from each other.
    ///
    /// # Panics
    ///
    /// As [`Gazetteer::new`].
    pub fn of_tables<'a, T>(tables: impl IntoIterator<Item = T>) -> Gazetteer
    where
        T: IntoIterator<Item = (&'a str, u32)>,
    {
        let mut keys = KeySet {
            search: KeySearchBuilder::new(),
            owners: Vec::new(),
        };
        let mut count = 0;
        for (table, aliases) in tables.into_iter().enumerate() {
            count = table + 1;
            for (alias, entity) in aliases {
                keys.add_alias(alias, table, entity);
            }
        }
        Gazetteer {
            search: keys.search.build(),
            owners: keys.owners,
            tables: count,
        }
    }

    /// Every alias of the first table in `text`, longest first where they
    /// overlap, in text order. Spans are code points of `text`.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_in(&FoldedText::new(text))
    }

    /// [`Gazetteer::find`] in a text already folded.
    pub fn find_in(&self, text: &FoldedText) -> Vec<Hit> {
        self.find_each_in(text)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// The hits of each table in a text already folded, indexed like the
    /// tables the gazetteer was built from; each is settled as
    /// [`Gazetteer::find`] settles them.
    pub fn find_each_in(&self, text: &FoldedText) -> Vec<Vec<Hit>> {
        self.settle(text, self.search.matches(text.key()))
    }

    /// The hits of each table among the keys `found` in `text` (in the
    /// order of an overlapping search: by end, then start), each table's
    /// settled on its own.
    fn settle(&self, text: &FoldedText, found: Vec<KeyMatch>) -> Vec<Vec<Hit>> {
        let (folded, chars) = (&text.folded, &text.chars);
        let key = folded.key.as_str();
        let mut candidates: Vec<Vec<Hit>> = vec![Vec::new(); self.tables];
        for found in found {
            let Some(owners) = self.owners.get(found.key) else {
                continue;
            };
            for pattern in owners {
                let (start, mut end) = (found.start, found.end);
                if pattern.inflected {
                    match case_ending(key, end) {
                        Some(word_end) => end = word_end,
                        None => continue,
                    }
                }
                if !starts_cleanly(key, start, pattern.after_lam) || !ends_cleanly(key, start, end)
                {
                    continue;
                }
                let (cp_start, cp_end) = folded.source_span(start, end);
                let surface = chars.get(cp_start..cp_end).unwrap_or_default();
                if let (true, Some(table)) = (
                    pattern.case.accepts(surface),
                    candidates.get_mut(pattern.table),
                ) {
                    table.push(Hit {
                        entity: pattern.entity,
                        start: cp_start,
                        end: cp_end,
                    });
                }
            }
        }
        candidates.into_iter().map(longest_first).collect()
    }
}

/// The matching keys of a gazetteer and who owns each, as they are added.
struct KeySet {
    search: KeySearchBuilder,
    owners: Vec<Vec<Pattern>>,
}

impl KeySet {
    /// Adds the keys an alias is matched by: its own, the form with the
    /// article's alef elided after ل, and a Russian stem.
    fn add_alias(&mut self, alias: &str, table: usize, entity: u32) {
        let key = fold_key(alias.trim());
        // Fewer than two letters or digits: stop counting at the second.
        if key.chars().filter(|&c| is_alphanumeric(c)).nth(1).is_none() {
            return;
        }
        let pattern = Pattern {
            table,
            entity,
            case: CaseRule::of_alias(alias),
            after_lam: false,
            inflected: false,
        };
        if let Some(rest) = key.strip_prefix("ال").filter(|r| r.starts_with(is_arabic)) {
            let elided = Pattern {
                after_lam: true,
                ..pattern
            };
            self.add(&format!("ل{rest}"), elided);
        }
        if let Some(stem) = russian_stem(&key) {
            let inflected = Pattern {
                inflected: true,
                ..pattern
            };
            self.add(stem, inflected);
        }
        self.add(&key, pattern);
    }

    fn add(&mut self, key: &str, pattern: Pattern) {
        let at = self.search.add(key);
        if at == self.owners.len() {
            self.owners.push(Vec::new());
        }
        let Some(owners) = self.owners.get_mut(at) else {
            return;
        };
        match owners.iter_mut().find(|p| p.table == pattern.table) {
            // Same spelling again in one table: keep the first entity, and
            // let the most permissive case rule stand ("Afghan", "afghan").
            Some(owner) => {
                if owner.entity == pattern.entity {
                    owner.case = owner.case.min(pattern.case);
                }
            }
            None => owners.push(pattern),
        }
    }
}

/// Keeps the longest of overlapping hits (the earlier one on a tie), in
/// text order. Hits are never empty: a span covers at least one character.
fn longest_first(mut candidates: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by_key(|h| (std::cmp::Reverse(h.end - h.start), h.start));
    // The hits kept, in text order. They do not overlap, so their ends
    // rise with their starts: of those that start before a new hit ends,
    // the last reaches furthest, and only it can overlap the new one.
    let mut kept: Vec<Hit> = Vec::with_capacity(candidates.len());
    for hit in candidates {
        let before_end = kept.partition_point(|k| k.start < hit.end);
        let overlaps = before_end
            .checked_sub(1)
            .and_then(|last| kept.get(last))
            .is_some_and(|k| hit.start < k.end);
        if !overlaps {
            kept.insert(before_end, hit);
        }
    }
    kept
}

/// [`char::is_alphanumeric`], without the Unicode tables for ASCII and
/// the letters most aliases are written in (Arabic, Hebrew, Devanagari,
/// CJK ideographs).
fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7F' => false,
        '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => true,
        '\u{05D0}'..='\u{05EA}' | '\u{0905}'..='\u{0939}' | '\u{4E00}'..='\u{9FFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Letters, digits and ZWNJ (inside Persian words) make up words. Han,
/// kana and Hangul are written without spaces, so every one of their
/// characters is a boundary: they never join a match to its neighbours.
fn is_word_char(c: char) -> bool {
    // The common letters and punctuation first, without the Unicode tables.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        // ASCII, controls and Latin-1 symbols up to the no-break space, and
        // general punctuation (quotation marks, dashes, narrow spaces).
        '\0'..='\u{A9}' | '\u{2000}'..='\u{200B}' | '\u{200D}'..='\u{206F}' => false,
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ʯ' | 'Ѐ'..='ҁ' => true,
        // Arabic letters, and the Persian and Urdu ones after them; the
        // Hebrew and Devanagari letters of the tables' aliases.
        '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => true,
        '\u{05D0}'..='\u{05EA}' | '\u{0905}'..='\u{0939}' => true,
        _ if is_unspaced(c) => false,
        _ => is_word_char_in_tables(c),
    }
}

/// [`is_word_char`] by the Unicode tables alone.
fn is_word_char_in_tables(c: char) -> bool {
    (c.is_alphanumeric() || c == '\u{200C}') && !is_unspaced(c)
}

fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// Russian case endings that may follow a name's stem, as matching keys.
static RUSSIAN_ENDINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "", "а", "я", "ы", "и", "е", "у", "ю", "ой", "ей", "ом", "ем", "ию", "ии", "ией", "ия",
    ]
    .iter()
    .map(|ending| fold_key(ending))
    .collect()
});

/// The stem of a name whose last word is Russian, without its final vowel
/// or soft sign (Россия → Росси, Москва → Москв; Ирак stays), when that
/// word keeps at least four letters: shorter stems (Мал‑и, Рим) run into
/// common words.
fn russian_stem(key: &str) -> Option<&str> {
    // Most keys end in no Russian letter: their last word is not Russian,
    // or empty, and they are told without looking for it.
    if !key.ends_with(is_russian_or_hyphen) {
        return None;
    }
    russian_stem_of_last_word(key)
}

/// [`russian_stem`] without the test of the key's last character: the
/// stem when the last word is all Russian letters and hyphens.
fn russian_stem_of_last_word(key: &str) -> Option<&str> {
    let last_word = key.rsplit(' ').next()?;
    if !last_word.chars().all(is_russian_or_hyphen) {
        return None;
    }
    let stem = key
        .strip_suffix(['а', 'я', 'ь', 'й', 'и', 'о', 'е', 'ы'])
        .unwrap_or(key);
    let letters = stem.rsplit(' ').next()?.chars().count();
    (letters >= 4).then_some(stem)
}

/// A lower-case Russian letter or a hyphen: what a Russian name's last
/// word is written with.
fn is_russian_or_hyphen(c: char) -> bool {
    matches!(c, 'а'..='я' | 'ё' | '-')
}

/// Where the word that a Russian stem starts ends, if the rest of it is a
/// case ending.
fn case_ending(key: &str, stem_end: usize) -> Option<usize> {
    let rest = &key[stem_end..];
    let length = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    let ending = &rest[..length];
    RUSSIAN_ENDINGS
        .iter()
        .any(|e| e == ending)
        .then_some(stem_end + length)
}

/// Whether a match at byte `start` of `key` begins a word, or follows only
/// Arabic proclitics attached to it.
fn starts_cleanly(key: &str, start: usize, after_lam: bool) -> bool {
    let before = &key[..start];
    let first = key[start..].chars().next();
    let prefix_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(start, |(i, _)| i);
    let prefix = &before[prefix_start..];
    if prefix.is_empty() || !first.is_some_and(is_word_char) {
        return !after_lam;
    }
    if !first.is_some_and(is_arabic) {
        return false;
    }
    if after_lam {
        LAM_CHAINS.contains(&prefix)
    } else {
        PROCLITIC_CHAINS.contains(&prefix)
    }
}

/// Whether a match ending at byte `end` of `key` ends a word.
fn ends_cleanly(key: &str, start: usize, end: usize) -> bool {
    let last = key[start..end].chars().next_back();
    let next = key[end..].chars().next();
    !last.is_some_and(is_word_char) || !next.is_some_and(is_word_char)
}

/// The canonical values of one named entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The table's id (`C:IQ`, `O:Q1065`, ...).
    pub id: String,
    /// Canonical English name.
    pub name: String,
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
}

/// Generated tables of entities and their aliases, with one gazetteer for
/// all of them.
#[derive(Debug, Clone)]
pub struct EntityTables {
    tables: Vec<Vec<Entity>>,
    gazetteer: Gazetteer,
}

/// The hits of every table in each field of a statement, from one scan.
#[derive(Debug, Clone)]
pub struct Found {
    /// Per field: the hits of each table, indexed like the tables.
    fields: [(Field, Vec<Vec<Hit>>); 2],
}

impl EntityTables {
    /// Reads tables of `E\tid\tname\twikidata\tcountry` and
    /// `A\tid\talias` rows (lines starting with `#` are comments), one per
    /// TSV text, in this order. Aliases of unknown ids and malformed lines
    /// are skipped; the table tests check that the committed files have
    /// none.
    pub fn from_tsvs(tsvs: &[&str]) -> EntityTables {
        let read: Vec<ReadTable> = tsvs.iter().map(|tsv| read_table(tsv)).collect();
        let aliases = read.iter().map(|table| table.aliases.iter().copied());
        let gazetteer = Gazetteer::of_tables(aliases);
        EntityTables {
            tables: read.into_iter().map(|table| table.entities).collect(),
            gazetteer,
        }
    }

    /// The entity of table `table` with table id `id`.
    pub fn entity(&self, table: usize, id: &str) -> Option<&Entity> {
        self.tables.get(table)?.iter().find(|e| e.id == id)
    }

    /// Scans the title and body once for the aliases of every table.
    pub fn find(&self, texts: &FieldTexts) -> Found {
        let fields = texts
            .each()
            .map(|(field, text)| (field, self.gazetteer.find_each_in(text)));
        Found { fields }
    }

    /// Mentions of table `table`'s entities among `found` hits in `texts`,
    /// as rows of `kind`, keeping only the hits `accept` agrees to.
    pub fn mentions(
        &self,
        table: usize,
        texts: &FieldTexts,
        found: &Found,
        kind: MentionKind,
        accept: impl Fn(&FoldedText, usize, usize) -> bool,
    ) -> Vec<Mention> {
        let entities = self.tables.get(table).map_or(&[][..], Vec::as_slice);
        // Mentions are large: room for every hit at once, rather than
        // moving them each time the vector grows.
        let hits = (found.fields.iter())
            .map(|(_, hits)| hits.get(table).map_or(0, Vec::len))
            .sum();
        let mut mentions = Vec::with_capacity(hits);
        for ((field, text), (_, hits)) in texts.each().into_iter().zip(&found.fields) {
            let chars = &text.chars;
            for hit in hits.get(table).map_or(&[][..], Vec::as_slice) {
                if !accept(text, hit.start, hit.end) {
                    continue;
                }
                let Some(entity) = entities.get(hit.entity as usize) else {
                    continue;
                };
                let (Ok(start), Ok(end)) = (i32::try_from(hit.start), i32::try_from(hit.end))
                else {
                    continue;
                };
                let Some(surface) = chars.get(hit.start..hit.end) else {
                    continue;
                };
                mentions.push(Mention {
                    kind,
                    text: string_of(surface),
                    name: entity.name.clone(),
                    wikidata: entity.wikidata.clone(),
                    country: entity.country.clone(),
                    role: None,
                    span: Span { field, start, end },
                });
            }
        }
        mentions
    }
}

/// The characters of `chars` as a string: most names are ASCII, whose
/// bytes are the characters narrowed one by one.
fn string_of(chars: &[char]) -> String {
    if chars.iter().all(char::is_ascii) {
        let bytes: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
        if let Ok(text) = String::from_utf8(bytes) {
            return text;
        }
    }
    chars.iter().collect()
}

/// One TSV table as read: its entities, and its aliases as `(alias, entity
/// index)` pairs.
struct ReadTable<'t> {
    entities: Vec<Entity>,
    aliases: Vec<(&'t str, u32)>,
}

fn read_table(tsv: &str) -> ReadTable<'_> {
    let mut entities = Vec::new();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut aliases: Vec<(&str, u32)> = Vec::new();
    // The aliases of one entity come one after the other: the last id
    // found spares looking most of them up.
    let mut last: Option<(&str, u32)> = None;
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let mut rest = Some(line);
        let mut cell = || next_cell(&mut rest);
        match [cell(), cell(), cell(), cell(), cell(), cell()] {
            [
                Some("E"),
                Some(id),
                Some(name),
                Some(wikidata),
                Some(country),
                None,
            ] => {
                let Ok(at) = u32::try_from(entities.len()) else {
                    break;
                };
                ids.insert(id, at);
                last = None;
                entities.push(Entity {
                    id: id.to_string(),
                    name: name.to_string(),
                    wikidata: non_empty(wikidata),
                    country: non_empty(country),
                });
            }
            [Some("A"), Some(id), Some(alias), None, ..] => {
                let at = match last {
                    Some((last_id, at)) if last_id == id => Some(at),
                    _ => ids.get(id).copied(),
                };
                if let Some(at) = at {
                    last = Some((id, at));
                    aliases.push((alias, at));
                }
            }
            _ => {}
        }
    }
    ReadTable { entities, aliases }
}

/// The cell of a TSV row that `rest` starts with, `rest` then left after
/// its tab (`None` after the last cell): the cells are short, and a plain
/// loop over their bytes finds a tab sooner than a string search sets out.
fn next_cell<'t>(rest: &mut Option<&'t str>) -> Option<&'t str> {
    let row = rest.take()?;
    match row.bytes().position(|b| b == b'\t') {
        Some(tab) => {
            *rest = row.get(tab + 1..);
            row.get(..tab)
        }
        None => Some(row),
    }
}

fn non_empty(cell: &str) -> Option<String> {
    (!cell.is_empty()).then(|| cell.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Just;

    fn gazetteer() -> Gazetteer {
        Gazetteer::new([
            ("العراق", 0),
            ("سوريا", 1),
            ("الولايات المتحدة", 2),
            ("US", 2),
            ("Turkey", 3),
            ("irakien", 0),
            ("داعش", 4),
            ("داعش خراسان", 5),
            ("U.S.", 2),
        ])
    }

    fn found(text: &str) -> Vec<(u32, String)> {
        let chars: Vec<char> = text.chars().collect();
        gazetteer()
            .find(text)
            .into_iter()
            .map(|h| (h.entity, chars[h.start..h.end].iter().collect()))
            .collect()
    }

    fn pairs(expected: &[(u32, &str)]) -> Vec<(u32, String)> {
        expected.iter().map(|&(e, t)| (e, t.to_string())).collect()
    }

    #[test]
    fn strips_proclitics_but_keeps_the_article() {
        assert_eq!(
            found("في العراق وسوريا وبالعراق"),
            pairs(&[(0, "العراق"), (1, "سوريا"), (0, "العراق")])
        );
    }

    #[test]
    fn elided_article_after_lam() {
        assert_eq!(
            found("للعراق وللولايات المتحدة"),
            pairs(&[(0, "لعراق"), (2, "لولايات المتحدة")])
        );
        // Without the preposition the elided form is not a name.
        assert_eq!(found("لعراق"), pairs(&[]));
    }

    #[test]
    fn rejects_matches_inside_words() {
        assert_eq!(found("سورياتنا المعراقي"), pairs(&[]));
        assert_eq!(found("Turkeys USB"), pairs(&[]));
        // Only و ف ب ل ك may be attached, not any letter.
        assert_eq!(found("مسوريا"), pairs(&[]));
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found("تنظيم داعش خراسان وداعش"),
            pairs(&[(5, "داعش خراسان"), (4, "داعش")])
        );
    }

    #[test]
    fn unspaced_scripts_match_anywhere() {
        let gazetteer = Gazetteer::new([("中国", 0), ("世界卫生组织", 1)]);
        let hits = gazetteer.find("中国与世界卫生组织合作");
        assert_eq!(
            hits,
            [
                Hit {
                    entity: 0,
                    start: 0,
                    end: 2
                },
                Hit {
                    entity: 1,
                    start: 3,
                    end: 9
                }
            ]
        );
    }

    #[test]
    fn russian_case_endings() {
        let gazetteer = Gazetteer::new([("Россия", 0), ("Москва", 1), ("Ирак", 2), ("Мали", 3)]);
        let text = "России, в Москве, Ираку и Россией; Малой и Ираками";
        let found: Vec<(u32, String)> = gazetteer
            .find(text)
            .into_iter()
            .map(|h| {
                (
                    h.entity,
                    text.chars().skip(h.start).take(h.end - h.start).collect(),
                )
            })
            .collect();
        let expected = [(0, "России"), (1, "Москве"), (2, "Ираку"), (0, "Россией")];
        assert_eq!(found, expected.map(|(e, t)| (e, t.to_string())));
    }

    /// An unanchored automaton of the keys of [`super::super::NAMES`],
    /// with the same indices.
    static EVERY_NAME: LazyLock<aho_corasick::nfa::contiguous::NFA> = LazyLock::new(|| {
        aho_corasick::nfa::contiguous::NFA::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(super::super::NAMES.gazetteer.search.keys())
            .expect("the keys build an automaton")
    });

    /// What [`Gazetteer::find_each_in`] gave when it searched the whole
    /// text: the same settling of every key an unanchored overlapping
    /// search finds.
    fn found_everywhere(gazetteer: &Gazetteer, text: &FoldedText) -> Vec<Vec<Hit>> {
        use aho_corasick::automaton::Automaton;
        let everywhere = EVERY_NAME
            .try_find_overlapping_iter(aho_corasick::Input::new(text.key()))
            .expect("an unanchored overlapping search")
            .map(|m| KeyMatch {
                end: m.end(),
                start: m.start(),
                key: m.pattern().as_usize(),
            })
            .collect();
        gazetteer.settle(text, everywhere)
    }

    fn assert_found_as_everywhere(text: &str) {
        let gazetteer = &super::super::NAMES.gazetteer;
        let folded = FoldedText::new(text);
        assert_eq!(
            gazetteer.find_each_in(&folded),
            found_everywhere(gazetteer, &folded),
            "{text}"
        );
    }

    #[test]
    fn word_by_word_finds_what_the_whole_text_holds() {
        for language in ["ar", "en"] {
            let statement = crate::normalise::money::tests::seed(language);
            assert_found_as_everywhere(&statement.title);
            assert_found_as_everywhere(&statement.body);
        }
        assert_found_as_everywhere(
            "The U.S. and the UK, in Iraq's north; business woman from Oman. \
             Россия, России и Москве; 中国与世界卫生组织合作; وللعراق فبالعراق للولايات المتحدة; \
             Sevastopal' and Sevastopal's",
        );
        let Some(corpus) = super::super::tests::shared(
            "corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl",
        ) else {
            return;
        };
        for statement in super::super::tests::corpus_statements(&corpus).take(100) {
            assert_found_as_everywhere(&statement.title);
            assert_found_as_everywhere(&statement.body);
        }
    }

    proptest::proptest! {
        /// The gazetteer walks its keys only from the words that may begin
        /// one; settling every key an unanchored search finds gives the
        /// same hits.
        #[test]
        fn word_by_word_finds_every_settled_hit(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    Just("Iraq"), Just("iraq"), Just("العراق"), Just("عراق"), Just("ل"),
                    Just("و"), Just("ف"), Just("ب"), Just("ال"), Just("US"), Just("us"),
                    Just("U.S."), Just("business"), Just("Oman"), Just("wo"), Just("Россия"),
                    Just("Росси"), Just("ей"), Just("Москв"), Just("у"), Just("中国"),
                    Just("世界卫生组织"), Just(" "), Just("."), Just("-"), Just("\n"),
                    Just("داعش"), Just(" خراسان"), Just("ISIS-K"), Just("United"),
                    Just(" States"), Just("Kabul"), Just("ß"), Just("Straße"), Just("'s"),
                    Just("São Paulo"), Just("سوريا"), Just("ایران"), Just("7"), Just("("),
                    Just("the"), Just("Gambia"), Just("al-Qaida"), Just("Qaida"), Just("’"),
                    Just("Nations"), Just("\u{200C}"), Just("،"), Just("Южная Корея"),
                    Just("Kazan"), Just("Karbala"), Just("'"), Just("Kazan’s"), Just("Sevastopal")
                ],
                0..24,
            )
        ) {
            let text = parts.concat();
            let gazetteer = &super::super::NAMES.gazetteer;
            let folded = FoldedText::new(&text);
            proptest::prop_assert_eq!(
                gazetteer.find_each_in(&folded),
                found_everywhere(gazetteer, &folded),
                "{}", text
            );
        }
    }

    /// [`longest_first`] as it was first written: each hit against every
    /// one kept.
    fn longest_first_one_by_one(mut candidates: Vec<Hit>) -> Vec<Hit> {
        candidates.sort_by_key(|h| (std::cmp::Reverse(h.end - h.start), h.start));
        let mut kept: Vec<Hit> = Vec::new();
        for hit in candidates {
            if !kept.iter().any(|k| k.start < hit.end && hit.start < k.end) {
                kept.push(hit);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }

    proptest::proptest! {
        #[test]
        fn longest_first_keeps_what_one_by_one_keeps(
            hits in proptest::collection::vec((0..4u32, 0..40usize, 1..6usize), 0..40)
        ) {
            let hits: Vec<Hit> = hits
                .into_iter()
                .map(|(entity, start, length)| Hit { entity, start, end: start + length })
                .collect();
            proptest::prop_assert_eq!(longest_first(hits.clone()), longest_first_one_by_one(hits));
        }
    }

    #[test]
    fn letter_case_without_the_tables_is_that_of_the_tables() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                letter_case(c),
                (c.is_uppercase(), c.is_lowercase()),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_of_characters_are_those_collected(chars in proptest::collection::vec(
            proptest::prop_oneof![proptest::char::range(' ', '~'), proptest::char::any()],
            0..12,
        )) {
            proptest::prop_assert_eq!(string_of(&chars), chars.iter().collect::<String>());
        }
    }

    proptest::proptest! {
        #[test]
        fn russian_stems_are_those_of_the_last_word(key in "[ а-яёa-z-]{0,12}") {
            proptest::prop_assert_eq!(russian_stem(&key), russian_stem_of_last_word(&key));
        }
    }

    /// [`read_table`] as it was first written: every alias's id looked up.
    fn read_table_one_by_one(tsv: &str) -> (Vec<Entity>, Vec<(&str, u32)>) {
        let mut entities = Vec::new();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut aliases = Vec::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let cells: Vec<&str> = line.split('\t').collect();
            match cells.as_slice() {
                ["E", id, name, wikidata, country] => {
                    ids.insert(id, entities.len() as u32);
                    entities.push(Entity {
                        id: (*id).to_string(),
                        name: (*name).to_string(),
                        wikidata: non_empty(wikidata),
                        country: non_empty(country),
                    });
                }
                ["A", id, alias] => {
                    if let Some(&at) = ids.get(id) {
                        aliases.push((*alias, at));
                    }
                }
                _ => {}
            }
        }
        (entities, aliases)
    }

    proptest::proptest! {
        /// Rows of entities and aliases of a few ids, in any order, some
        /// malformed, read as when every id was looked up.
        #[test]
        fn tables_read_as_one_by_one(rows in proptest::collection::vec(
            proptest::prop_oneof![
                Just("E\ta\tA\tQ1\tAA"), Just("E\tb\tB\t\t"), Just("E\ta\tA2\tQ2\tAB"),
                Just("A\ta\tone"), Just("A\ta\ttwo"), Just("A\tb\tthree"), Just("A\tc\tfour"),
                Just("A\ta\tfive\textra"), Just("A\tb"), Just("# A\ta\tsix"), Just(""),
                Just("E\tc\tC\tQ3"), Just("E\tc\tC\tQ3\tCC\textra"),
            ],
            0..30,
        )) {
            let tsv = rows.join("\n");
            let read = read_table(&tsv);
            let (entities, aliases) = read_table_one_by_one(&tsv);
            proptest::prop_assert_eq!(read.entities, entities);
            proptest::prop_assert_eq!(read.aliases, aliases);
        }
    }

    #[test]
    fn alphanumerics_without_the_tables_are_those_of_the_tables() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn word_characters_without_the_tables_are_those_of_the_tables() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_in_tables(c), "{c:?}");
        }
    }

    #[test]
    fn case_rules() {
        assert_eq!(found("roast turkey for us"), pairs(&[]));
        assert_eq!(
            found("Turkey and the US, the U.S."),
            pairs(&[(3, "Turkey"), (2, "US"), (2, "U.S.")])
        );
        assert_eq!(
            found("le régime Irakien et irakien"),
            pairs(&[(0, "Irakien"), (0, "irakien")])
        );
    }
}
