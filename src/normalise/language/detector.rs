//! whatlang's `detect`, with the same answer (language and reliability) at
//! a fraction of the cost.
//!
//! whatlang finds the text's main script; a script with one language (or
//! Han and kana) names it, and is left to whatlang. For Latin, Cyrillic,
//! Arabic, Devanagari and Hebrew it weighs two scores per language (its
//! default, "combined" method):
//!
//! - alphabet: `2 × letters in the language's alphabet − letters`, over the
//!   letters (Arabic, Devanagari and Hebrew have no alphabets: 1 each);
//! - trigrams: the text's distinct trigrams, most frequent first, at most
//!   600, against each language's profile of 300: for each profile trigram,
//!   the gap between its rank there and in the text, 300 when the text lacks
//!   it; the sum, less `300 × (300 − distinct trigrams)` on short texts, is a
//!   distance, and `1 − distance / (300 × distinct trigrams)` the score.
//!
//! whatlang looks each of the profiles' trigrams up in the text (over 11,000
//! lookups for a Latin text, whatever its length). Here the profiles are
//! indexed by trigram ([`super::profiles`]), so each of the text's trigrams
//! is looked up once and only the profiles that hold it are visited; a
//! distance is `300 × misses + Σ gaps`, from the count and gaps of matches.
//! The text's script, letters and ranked trigrams come from one pass over
//! it ([`super::reading`]), without hash maps.
//!
//! Ties: whatlang orders the languages with `sort_unstable` three times
//! (alphabet scores, distances, combined scores), and equal scores do tie.
//! The same vectors, in the same order, go through the same sort calls
//! here, and the standard library's sorts are deterministic, so ties fall
//! exactly as in whatlang; the tests check the answers against whatlang's.

use std::cmp::{Ordering, Reverse};

use whatlang::{Lang, Script};

use super::profiles::{self, PROFILE_SIZE, Posting, ScriptProfiles};
use super::reading::Reading;

/// whatlang's answer: the language, and whether it calls it reliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub lang: Lang,
    pub reliable: bool,
}

impl From<whatlang::Info> for Detection {
    fn from(info: whatlang::Info) -> Detection {
        Detection {
            lang: info.lang(),
            reliable: info.is_reliable(),
        }
    }
}

/// What `whatlang::detect(text)` says of `text`'s language.
pub fn detect(text: &str) -> Option<Detection> {
    let reading = Reading::new(text);
    let script = reading.script()?;
    let Some(profiles) = profiles::of_script(script) else {
        // A script of one language, or Han and kana: whatlang answers from
        // the script, without scoring.
        return whatlang::detect(text).map(Detection::from);
    };
    let alphabet = alphabet_scores(script, profiles, &reading);
    let trigrams = trigram_scores(profiles, reading);
    combine(&alphabet, &trigrams)
}

/// Languages with their scores (0 to 1), best first, and the count the
/// scores were made from (letters, or distinct trigrams).
struct Scores {
    scores: Vec<(Lang, f64)>,
    count: usize,
}

/// The alphabet method (whatlang's `alphabets::raw_detect`).
fn alphabet_scores(script: Script, profiles: &ScriptProfiles, reading: &Reading) -> Scores {
    let langs = script.langs();
    let Some(alphabet) = &profiles.alphabet else {
        return Scores {
            scores: langs.iter().map(|&lang| (lang, 1.0)).collect(),
            count: 1,
        };
    };
    let mut per_letter = vec![0usize; alphabet.len()];
    let mut letters = 0usize;
    for (c, count) in reading.letter_counts() {
        letters += count;
        if let Some(place) = alphabet.place(c) {
            per_letter[place] += count;
        }
    }
    let written = written_by_lang(&per_letter, &alphabet.writers, langs.len());
    let mut raw: Vec<(Lang, usize)> = langs
        .iter()
        .zip(&written)
        .map(|(&lang, &n)| (lang, (2 * n).saturating_sub(letters)))
        .collect();
    raw.sort_unstable_by_key(|(_, score)| Reverse(*score));
    Scores {
        scores: (raw.iter())
            .map(|&(lang, score)| (lang, score as f64 / letters as f64))
            .collect(),
        count: letters,
    }
}

/// How many of the letters counted in `per_letter` each of `langs`
/// languages (at most 64) writes; `writers` has the languages writing each
/// letter, a bit per language. A letter most languages write is added to
/// every language and taken from those that do not write it, so that the
/// fewer of each letter's bits are visited.
fn written_by_lang(per_letter: &[usize], writers: &[u64], langs: usize) -> Vec<usize> {
    let every = u64::MAX >> (u64::BITS as usize - langs.clamp(1, 64));
    let (mut written, mut unwritten) = (vec![0usize; langs], vec![0usize; langs]);
    let mut to_every = 0;
    for (&count, &writers) in per_letter.iter().zip(writers) {
        if count == 0 {
            continue;
        }
        let (mut bits, into) = if 2 * writers.count_ones() as usize <= langs {
            (writers, &mut written)
        } else {
            to_every += count;
            (!writers & every, &mut unwritten)
        };
        while bits != 0 {
            into[bits.trailing_zeros() as usize] += count;
            bits &= bits - 1;
        }
    }
    for (written, unwritten) in written.iter_mut().zip(&unwritten) {
        // `unwritten` counts letters that are in `to_every`.
        *written += to_every - unwritten;
    }
    written
}

/// A slot for each language a posting can name (slots are `u8`).
const SLOTS: usize = 1 << u8::BITS;

/// The largest distance whatlang keeps (`MAX_TOTAL_DISTANCE`).
const MAX_DISTANCE: u32 = PROFILE_SIZE * PROFILE_SIZE;

/// The trigram method (whatlang's `trigrams::raw_detect`), from the index.
fn trigram_scores(profiles: &ScriptProfiles, reading: Reading) -> Scores {
    let ranked = reading.ranked_trigrams();
    // Per language, by its slot: how many of its profile's trigrams the
    // text has (high half), and the sum of their rank gaps (low half; at
    // most 300 gaps of at most 600).
    let mut matched_and_gaps = [0u64; SLOTS];
    // Every trigram's postings are looked up before any is read: the index
    // is hundreds of kilobytes, most lookups miss the cache, and lookups
    // that depend on nothing before them are waited for several at once.
    let postings: Vec<&[Posting]> = ranked.iter().map(|&key| profiles.postings(key)).collect();
    for (text_rank, postings) in (0u32..).zip(postings) {
        for posting in postings {
            let gap = text_rank.abs_diff(u32::from(posting.rank));
            matched_and_gaps[usize::from(posting.slot)] += (1 << u32::BITS) | u64::from(gap);
        }
    }
    let count = ranked.len();
    let mut distances: Vec<(Lang, u32)> = (profiles.langs.iter())
        .zip(&matched_and_gaps)
        .map(|(&lang, &both)| {
            let (matched, gaps) = ((both >> u32::BITS) as u32, both as u32);
            (lang, distance(matched, gaps, count))
        })
        .collect();
    distances.sort_unstable_by_key(|(_, distance)| *distance);
    // At most 600 × 300: no overflow.
    let most = count as u32 * PROFILE_SIZE;
    Scores {
        scores: (distances.iter())
            .map(|&(lang, distance)| {
                // whatlang subtracts in u32; a profile's distance never
                // exceeds `most`, so this never wraps.
                let similarity = most.wrapping_sub(distance);
                (lang, f64::from(similarity) / f64::from(most))
            })
            .collect(),
        count,
    }
}

/// whatlang's `calculate_distance` of a profile with `matched` of its
/// trigrams in the text, their rank gaps summing to `gaps`, from a text with
/// `count` distinct trigrams ranked.
fn distance(matched: u32, gaps: u32, count: usize) -> u32 {
    // A profile's trigrams are distinct, so at most 300 match.
    let total = PROFILE_SIZE * PROFILE_SIZE.saturating_sub(matched) + gaps;
    let count = count as u32;
    // As whatlang does in a release build (wrapping, then clamping); the
    // misses alone, `300 × (300 − matched)`, are at least what it subtracts.
    let total = if PROFILE_SIZE > count {
        total.wrapping_sub((PROFILE_SIZE - count) * PROFILE_SIZE)
    } else {
        total
    };
    total.min(MAX_DISTANCE)
}

/// whatlang's `combined::detect`: alphabet and trigram scores weighed by
/// the letter count (the alphabet counts for 2/3 on no letters, 1/3 from
/// 100 letters on), the best language, and its confidence over the second.
fn combine(alphabet: &Scores, trigrams: &Scores) -> Option<Detection> {
    // Each language's score by `Lang as usize` (each list names a language
    // once, so this is what whatlang's search of the list finds).
    let by_lang = |scores: &[(Lang, f64)]| {
        let mut of = vec![None; Lang::all().len()];
        for &(lang, score) in scores {
            of[lang as usize] = Some(score);
        }
        of
    };
    let (alphabet_of, trigram_of) = (by_lang(&alphabet.scores), by_lang(&trigrams.scores));
    // The alphabet's languages in its order, then the trigrams' others.
    let langs = (alphabet.scores.iter())
        .chain((trigrams.scores.iter()).filter(|&&(lang, _)| alphabet_of[lang as usize].is_none()));
    let alphabet_weight =
        (-(alphabet.count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let trigram_weight = 1.0 - alphabet_weight;
    let mut scores: Vec<(Lang, f64)> = langs
        .map(|&(lang, _)| {
            let a = alphabet_of[lang as usize].unwrap_or(0.0);
            let t = trigram_of[lang as usize].unwrap_or(0.0);
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Less));
    let &(lang, best) = scores.first()?;
    let confidence = match scores.get(1) {
        Some(&(_, second)) => confidence(best, second, trigrams.count),
        None => 1.0,
    };
    Some(Detection {
        lang,
        reliable: confidence > RELIABLE_CONFIDENCE,
    })
}

/// Above this confidence whatlang calls its answer reliable.
const RELIABLE_CONFIDENCE: f64 = 0.9;

/// whatlang's `calculate_confidence`: how far the best score is ahead of
/// the second, against a margin that shrinks as `count` grows.
fn confidence(best: f64, second: f64, count: usize) -> f64 {
    if best == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return best;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (best - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::PathBuf;

    fn whatlang_detection(text: &str) -> Option<Detection> {
        whatlang::detect(text).map(Detection::from)
    }

    fn assert_same_as_whatlang(text: &str) {
        assert_eq!(detect(text), whatlang_detection(text), "{text:?}");
    }

    /// Every statement of the shared corpus and the samples, read and
    /// normalised as the pipeline does: its text as the language detector
    /// sees it (title and body), and each paragraph alone (short texts,
    /// where scores tie more often).
    fn statement_texts() -> Vec<String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let inputs = crate::read::discover(&[root.join("../shared/corpus"), root.join("samples")])
            .expect("the corpus and the samples exist");
        let mut texts = Vec::new();
        for input in &inputs {
            for mut record in crate::read::read_input(input, &Default::default()) {
                crate::parse::parse(&mut record);
                crate::normalise::normalise(&mut record);
                let statement = &record.statement;
                texts.push(format!("{}\n\n{}", statement.title, statement.body));
                texts.extend(statement.paragraphs.iter().cloned());
            }
        }
        texts
    }

    #[test]
    fn gives_whatlangs_answer_on_every_statement_of_the_corpus_and_samples() {
        let texts = statement_texts();
        assert!(texts.len() > 1000, "{} texts", texts.len());
        for text in &texts {
            assert_same_as_whatlang(super::super::detector_sample(text));
            // Longer than the detector reads: more than 600 distinct
            // trigrams, where the ranking is cut.
            assert_same_as_whatlang(crate::text::char_slice(text, 0, 4000));
        }
    }

    #[test]
    fn gives_whatlangs_answer_on_short_and_tied_texts() {
        for text in [
            "",
            " ",
            "...",
            "42",
            "a",
            "A",
            "é",
            "a b",
            "ab",
            "the",
            "de",
            "je",
            "и",
            "ж",
            "ب",
            "پ",
            "ה",
            "क",
            "Σ",
            "ΣΑΣ",
            "水",
            "あ",
            "ə̇",
            "a.b-c",
            "xx yy",
            "Привет, world",
        ] {
            assert_same_as_whatlang(text);
        }
    }

    /// Pieces of text in the scripts whatlang tells apart, and others.
    const PIECES: &[&str] = &[
        "the",
        "and",
        "ministry",
        "affaires",
        "étrangères",
        "según",
        "não",
        "über",
        "Straße",
        "łódź",
        "şehir",
        "dziękuję",
        "việt",
        "ñandú",
        "ø",
        "å",
        "ő",
        "ž",
        "ə̇",
        "ʻ",
        "министерство",
        "иностранных",
        "їжак",
        "ў",
        "ђ",
        "ѓ",
        "وزارة",
        "الخارجية",
        "وزارت",
        "خارجہ",
        "پ",
        "ی",
        "मंत्रालय",
        "विदेश",
        "नेपाल",
        "משרד",
        "החוץ",
        "ייִדיש",
        "外交部",
        "声明",
        "の",
        "カタカナ",
        "한국어",
        "Ελλάδα",
        "ქართული",
        " ",
        "  ",
        "\n\n",
        ".",
        ",",
        "-",
        "«",
        "»",
        "،",
        "؟",
        "0",
        "1990",
        "@",
        "_",
        "~",
        "'",
        "\"",
    ];

    fn mixed_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(PIECES).prop_map(str::to_string);
        let letters = prop::collection::vec(
            prop::char::ranges(
                vec![
                    'a'..='z',
                    'A'..='Z',
                    'à'..='ÿ',
                    'Ā'..='ž',
                    'а'..='я',
                    'А'..='Я',
                    'ء'..='ي',
                    'क'..='ह',
                    'א'..='ת',
                    '一'..='龥',
                    ' '..='@',
                ]
                .into(),
            ),
            1..8,
        )
        .prop_map(|chars| chars.into_iter().collect::<String>());
        let word = prop_oneof![3 => piece, 2 => letters];
        prop::collection::vec(word, 0..120).prop_map(|words| words.join(" "))
    }

    proptest! {
        /// Letters written by few languages and by most.
        #[test]
        fn counts_the_letters_each_language_writes_as_bit_by_bit(
            (langs, letters) in (1usize..=64).prop_flat_map(|langs| {
                let every = u64::MAX >> (64 - langs);
                let writers = prop_oneof![
                    any::<u64>().prop_map(move |w| w & every),
                    any::<u64>().prop_map(move |w| every & !(w & (w >> 1) & (w >> 2))),
                ];
                (Just(langs), prop::collection::vec((0usize..5, writers), 0..60))
            })
        ) {
            let (per_letter, writers): (Vec<usize>, Vec<u64>) = letters.into_iter().unzip();
            let mut expected = vec![0usize; langs];
            for (&count, &writers) in per_letter.iter().zip(&writers) {
                for (lang, written) in expected.iter_mut().enumerate() {
                    if writers & (1 << lang) != 0 {
                        *written += count;
                    }
                }
            }
            prop_assert_eq!(written_by_lang(&per_letter, &writers, langs), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn gives_whatlangs_answer_on_mixed_scripts(text in mixed_text()) {
            prop_assert_eq!(detect(&text), whatlang_detection(&text), "{:?}", text);
        }
    }
}
