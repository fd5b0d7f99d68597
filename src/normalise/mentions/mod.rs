//! Places, people and organisations mentioned in a statement (the
//! `mentions` table).
//!
//! Each extractor finds its own kind; this module merges them and settles
//! overlaps. Fields of a row:
//!
//! - `kind`: `place`, `person` or `organization`.
//! - `text`: the name as written, without attached Arabic proclitics (و ف ب
//!   ل ك) and without punctuation. The article ال stays when the name is
//!   written with it: "بالعراق" → "العراق"; after ل its alef is elided, so
//!   "للعراق" → "لعراق". Adjectives of nationality are mentions of the
//!   country as written: "العراقية", "Iraqi", "irakien", "sirio", Persian
//!   "ایرانی" (Iran).
//! - `name`: the canonical English name: "العراق", "Irak", "Iraqi" → "Iraq";
//!   "أفريقيا" / "إفريقيا" / "Afrique" → "Africa"; "داعش" / "Daesh" / "ISIL"
//!   → "ISIS"; "داعش خراسان" / "ISIS-K" → "ISIS-K"; "التحالف الدولي لهزيمة
//!   داعش" → "Global Coalition to Defeat ISIS"; "سوریه" (fa), "Siria" (es),
//!   "Сирия" (ru) → "Syria"; "الشرق الأوسط" / "Moyen-Orient" → "Middle East".
//! - `wikidata`: the Q-identifier when a reference gives it: Iraq `Q796`,
//!   Kabul `Q5838`, United Nations `Q1065`, USAID `Q217072`. Regions and
//!   curated armed groups have none.
//! - `country`: ISO 3166-1 alpha-2 of the country, of the country a city
//!   lies in, or of a national body: "كابول" → `AF`, "Rome" → `IT`, "State
//!   Department" → `US`; empty for regions and international bodies.
//! - `role`: for people only (see [`people`]).
//! - `field`, `start`, `end`: the span of `text` in code points of the title
//!   or body.
//!
//! Overlaps: the longest span wins, whatever its kind, so a name inside a
//! longer name is not a second mention. "التحالف الدولي لهزيمة داعش" is one
//! organisation (not also ISIS), "U.S. Agency for International Development"
//! is one organisation (not also the United States), "وزارة الخارجية
//! الأمريكية" is the State Department (not also a place). On equal spans an
//! organisation beats a person, and a person beats a place ("Jordan" in a
//! person's name).

pub mod gazetteer;
pub mod organizations;
pub mod people;
pub mod places;

use std::cmp::Reverse;
use std::sync::LazyLock;

use gazetteer::EntityTables;

use crate::normalise::FieldTexts;
use crate::record::{Mention, MentionKind, Span, Statement};

/// The places and organisations tables, behind one automaton so that each
/// text is scanned once for both.
static NAMES: LazyLock<EntityTables> =
    LazyLock::new(|| EntityTables::from_tsvs(&[places::TSV, organizations::TSV]));

/// [`NAMES`]' index of the places table.
const PLACES: usize = 0;
/// [`NAMES`]' index of the organisations table.
const ORGANIZATIONS: usize = 1;

/// Builds the places and organisations tables now rather than on first use
/// (see `pipeline::workers::build_tables`).
pub fn build_tables() {
    LazyLock::force(&NAMES);
}

/// Every place, person and organisation mentioned in the title and body.
pub fn extract(statement: &Statement) -> Vec<Mention> {
    extract_in(statement, &FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(statement: &Statement, texts: &FieldTexts) -> Vec<Mention> {
    let found = NAMES.find(texts);
    let mut mentions = organizations::extract_found(texts, &found);
    mentions.extend(people::extract_in(statement, texts));
    mentions.extend(places::extract_found(texts, &found));
    without_overlaps(mentions)
}

/// True when `word` is `text`, code point by code point.
#[inline]
fn chars_are(word: &[char], text: &str) -> bool {
    // A string has at most as many code points as bytes.
    word.len() <= text.len() && word.iter().copied().eq(text.chars())
}

/// Keeps the longest of overlapping mentions (see the module docs), in
/// field and text order.
fn without_overlaps(mut mentions: Vec<Mention>) -> Vec<Mention> {
    by_precedence(&mut mentions);
    let mut kept: Vec<Mention> = Vec::new();
    // The spans kept, in order. Within a field they do not overlap, so
    // their ends rise with their starts: of the spans that start before a
    // new one ends, the last reaches furthest, and only it can overlap it.
    let mut taken: Vec<Span> = Vec::new();
    for mention in mentions {
        let span = mention.span;
        let before_end = taken.partition_point(|k| (k.field, k.start) < (span.field, span.end));
        let overlaps = before_end
            .checked_sub(1)
            .and_then(|last| taken.get(last))
            .is_some_and(|k| k.field == span.field && span.start < k.end);
        if !overlaps {
            taken.insert(taken.partition_point(|k| *k < span), span);
            kept.push(mention);
        }
    }
    // Mentions are large: sorted by their keys, then moved once.
    kept.sort_by_cached_key(|m| (m.span, m.kind));
    kept
}

/// Longest first; on equal spans an organisation, then a person, then a
/// place.
fn by_precedence(mentions: &mut [Mention]) {
    let rank = |kind: MentionKind| match kind {
        MentionKind::Organization => 0,
        MentionKind::Person => 1,
        MentionKind::Place => 2,
    };
    mentions.sort_by_cached_key(|m| (Reverse(m.span.end - m.span.start), rank(m.kind), m.span));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::money::tests::{seed, slice};
    use crate::record::Field;
    use proptest::prelude::*;

    pub(super) fn shared(path: &str) -> Option<String> {
        std::fs::read_to_string(format!("{}/../shared/{path}", env!("CARGO_MANIFEST_DIR"))).ok()
    }

    fn field_text(statement: &Statement, field: Field) -> &str {
        match field {
            Field::Title => &statement.title,
            Field::Body => &statement.body,
        }
    }

    fn assert_spans_slice_back(statement: &Statement, mentions: &[Mention]) {
        for m in mentions {
            let text = field_text(statement, m.span.field);
            assert_eq!(slice(text, m.span), m.text, "{m:?}");
        }
    }

    fn count(mentions: &[Mention], kind: MentionKind, name: &str, text: &str) -> usize {
        mentions
            .iter()
            .filter(|m| m.kind == kind && m.name == name && m.text == text)
            .count()
    }

    #[test]
    fn seed_places_and_organisations() {
        let statement = seed("ar");
        let mentions = extract(&statement);
        assert_spans_slice_back(&statement, &mentions);
        let place = MentionKind::Place;
        let org = MentionKind::Organization;
        assert!(count(&mentions, place, "Iraq", "العراق") >= 8);
        assert_eq!(count(&mentions, place, "Iraq", "العراقية"), 1);
        assert!(count(&mentions, place, "Syria", "سوريا") >= 8);
        assert_eq!(count(&mentions, place, "Afghanistan", "أفغانستان"), 2);
        assert_eq!(count(&mentions, place, "Africa", "أفريقيا"), 2);
        assert_eq!(count(&mentions, place, "Africa", "إفريقيا"), 1);
        assert_eq!(count(&mentions, place, "Kabul", "كابول"), 1);
        assert_eq!(count(&mentions, place, "Rome", "روما"), 1);
        assert_eq!(
            count(&mentions, place, "United States", "الولايات المتحدة"),
            1
        );
        assert_eq!(count(&mentions, place, "United States", "الأمريكي"), 1);
        assert_eq!(count(&mentions, org, "ISIS-K", "داعش خراسان"), 2);
        let coalition = "Global Coalition to Defeat ISIS";
        // "للتحالف" elides the article's alef: the text starts after the first ل.
        assert_eq!(
            count(&mentions, org, coalition, "لتحالف الدولي لهزيمة داعش"),
            2
        );
        assert_eq!(
            count(&mentions, org, coalition, "لتحالف الدولي من أجل هزيمة داعش"),
            1
        );
        // Every other داعش is ISIS; none inside the coalition's or ISIS-K's name.
        assert!(count(&mentions, org, "ISIS", "داعش") >= 12);
        let in_title: Vec<_> = mentions
            .iter()
            .filter(|m| m.span.field == Field::Title)
            .collect();
        assert_eq!(in_title.len(), 1, "{in_title:?}");
        assert_eq!(in_title[0].name, coalition);
        // "شمال شرق سوريا" still gives Syria, and nothing is both an
        // organisation and a place.
        for (i, a) in mentions.iter().enumerate() {
            for b in &mentions[i + 1..] {
                assert!(
                    a.span.field != b.span.field || a.span.end <= b.span.start,
                    "{a:?} {b:?}"
                );
            }
        }
        let iraq = mentions.iter().find(|m| m.name == "Iraq").expect("Iraq");
        assert_eq!(
            (iraq.wikidata.as_deref(), iraq.country.as_deref()),
            (Some("Q796"), Some("IQ"))
        );
    }

    #[test]
    fn overlaps_keep_the_longest() {
        let statement = Statement {
            title: "U.S. Agency for International Development".to_string(),
            body: "وزارة الخارجية الأمريكية في العراق".to_string(),
            ..Statement::default()
        };
        let found: Vec<(MentionKind, String)> = extract(&statement)
            .into_iter()
            .map(|m| (m.kind, m.name))
            .collect();
        assert_eq!(
            found,
            [
                (
                    MentionKind::Organization,
                    "United States Agency for International Development"
                ),
                (
                    MentionKind::Organization,
                    "United States Department of State"
                ),
                (MentionKind::Place, "Iraq"),
            ]
            .map(|(k, n)| (k, n.to_string()))
        );
    }

    /// [`without_overlaps`] as it was first written: each mention against
    /// every one kept.
    fn without_overlaps_one_by_one(mut mentions: Vec<Mention>) -> Vec<Mention> {
        by_precedence(&mut mentions);
        let mut kept: Vec<Mention> = Vec::new();
        for mention in mentions {
            let overlaps = kept.iter().any(|k| {
                k.span.field == mention.span.field
                    && k.span.start < mention.span.end
                    && mention.span.start < k.span.end
            });
            if !overlaps {
                kept.push(mention);
            }
        }
        kept.sort_by_key(|m| (m.span, m.kind));
        kept
    }

    proptest! {
        #[test]
        fn overlaps_settled_as_one_by_one(
            spans in proptest::collection::vec((0..3u8, any::<bool>(), 0..40i32, 0..6i32), 0..60)
        ) {
            let kinds = [MentionKind::Place, MentionKind::Person, MentionKind::Organization];
            let mentions: Vec<Mention> = spans
                .into_iter()
                .enumerate()
                .map(|(i, (kind, body, start, length))| Mention {
                    kind: kinds[usize::from(kind)],
                    text: i.to_string(),
                    name: String::new(),
                    wikidata: None,
                    country: None,
                    role: None,
                    span: Span {
                        field: if body { Field::Body } else { Field::Title },
                        start,
                        end: start + length,
                    },
                })
                .collect();
            prop_assert_eq!(
                without_overlaps(mentions.clone()),
                without_overlaps_one_by_one(mentions)
            );
        }
    }

    /// English press releases of the State Department (2021-22): offsets
    /// always slice back, and the usual places and bodies are found.
    #[test]
    fn english_corpus_statements() {
        let Some(corpus) =
            shared("corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl")
        else {
            return;
        };
        let mut names = std::collections::BTreeSet::new();
        for statement in corpus_statements(&corpus).take(300) {
            let mentions = extract(&statement);
            assert_spans_slice_back(&statement, &mentions);
            names.extend(mentions.into_iter().map(|m| m.name));
        }
        for expected in [
            "United States",
            "Afghanistan",
            "China",
            "Russia",
            "United Nations",
            "Iraq",
        ] {
            assert!(
                names.contains(expected),
                "{expected} not found in the corpus sample"
            );
        }
    }

    /// Prints the mentions of 20 corpus statements for a manual look at
    /// precision: `cargo test --lib print_corpus_sample -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints a sample for manual review"]
    fn print_corpus_sample() {
        let Some(corpus) =
            shared("corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl")
        else {
            return;
        };
        for statement in corpus_statements(&corpus).step_by(97).take(20) {
            println!("## {}", statement.title);
            for m in extract(&statement) {
                let text = field_text(&statement, m.span.field);
                let from = (m.span.start as usize).saturating_sub(25);
                let context: String = text
                    .chars()
                    .skip(from)
                    .take(m.span.end as usize + 25 - from)
                    .collect();
                println!(
                    "{:?}\t{}\t{}\t{}",
                    m.kind,
                    m.text,
                    m.name,
                    context.replace('\n', " ")
                );
            }
        }
    }

    pub(super) fn corpus_statements(jsonl: &str) -> impl Iterator<Item = Statement> + '_ {
        let tag = regex::Regex::new(r"<[^>]+>").expect("valid regex");
        jsonl.lines().filter_map(move |line| {
            let record: serde_json::Value = serde_json::from_str(line).ok()?;
            let html = record.get("description_html")?.as_str()?;
            let paragraphs: Vec<String> = html
                .split("</p>")
                .map(|p| crate::text::clean(&tag.replace_all(p, "").replace("&amp;", "&")))
                .filter(|p| !p.is_empty())
                .collect();
            Some(Statement {
                title: crate::text::clean(record.get("title")?.as_str()?),
                body: paragraphs.join("\n\n"),
                language: "en".to_string(),
                ..Statement::default()
            })
        })
    }

    /// NewsFANE Gold (Arabic newswire, tokens with clitics split off, one
    /// label each): precision of places against any gold location entity,
    /// recall against gold nations, cities and continents. Adjectives of
    /// nationality are not entities there, so they count apart.
    #[test]
    fn arabic_news_places_against_newsfane_gold() {
        let Some(gold) = shared("corpus/newsfane-gold/NewsFANE_Gold_2014_170K.txt") else {
            return;
        };
        let location = |label: &str| {
            let class = label.get(2..).unwrap_or("");
            matches!(
                class,
                "Nation"
                    | "Population-Center"
                    | "Continent"
                    | "State-or-Province"
                    | "County-or-District"
                    | "GPE-Cluster"
                    | "Land-Region-Natural"
                    | "Land"
                    | "Water-Body"
            )
        };
        let core = |label: &str| {
            matches!(
                label.get(2..),
                Some("Nation" | "Population-Center" | "Continent")
            )
        };
        let (mut predicted, mut correct, mut adjectives) = (0, 0, 0);
        let (mut gold_core, mut found_core) = (0, 0);
        // Sentences are separated by lines with no token (a lone tab).
        let lines: Vec<&str> = gold.lines().collect();
        for sentence in lines.split(|line| line.trim().is_empty()) {
            let mut text = String::new();
            let mut length = 0;
            let mut entities: Vec<(usize, usize, bool, bool)> = Vec::new();
            for line in sentence {
                let Some((token, label)) = line.split_once('\t') else {
                    continue;
                };
                let token = crate::text::clean(token);
                if !text.is_empty() {
                    text.push(' ');
                    length += 1;
                }
                let start = length;
                text.push_str(&token);
                length += token.chars().count();
                let end = length;
                match (label.as_bytes().first(), entities.last_mut()) {
                    (Some(b'I'), Some(last)) => last.1 = end,
                    (Some(b'B'), _) => entities.push((start, end, location(label), core(label))),
                    _ => {}
                }
            }
            let statement = Statement {
                body: text,
                ..Statement::default()
            };
            let places: Vec<Mention> = places::extract(&statement);
            let overlaps = |m: &Mention, e: &(usize, usize, bool, bool)| {
                (m.span.start as usize) < e.1 && e.0 < m.span.end as usize
            };
            for m in &places {
                if entities.iter().any(|e| e.2 && overlaps(m, e)) {
                    correct += 1;
                } else if m.text.ends_with(['ي', 'ة'])
                    || m.text.ends_with("ين")
                    || m.text.ends_with("ون")
                {
                    adjectives += 1;
                } else {
                    eprintln!("extra place: {} ({})", m.text, m.name);
                }
                predicted += 1;
            }
            for e in entities.iter().filter(|e| e.3) {
                gold_core += 1;
                found_core += usize::from(places.iter().any(|m| overlaps(m, e)));
            }
        }
        let precision = correct as f64 / (predicted - adjectives).max(1) as f64;
        let recall = found_core as f64 / gold_core.max(1) as f64;
        eprintln!(
            "NewsFANE places: {predicted} predicted, {correct} on gold locations, {adjectives} adjectives; \
             precision without adjectives {precision:.3}; recall on {gold_core} nations/cities/continents {recall:.3}"
        );
        assert!(
            precision >= 0.85 && recall >= 0.6,
            "precision {precision:.3}, recall {recall:.3}"
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_slice_back(title in "\\PC{0,40}", body in "(\\PC|[ وبلالعراقسوريا]){0,200}") {
            let statement = Statement { title, body, ..Statement::default() };
            let mentions = extract(&statement);
            assert_spans_slice_back(&statement, &mentions);
        }
    }
}
