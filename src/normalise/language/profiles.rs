//! whatlang's language data, indexed for scoring a text: per script with
//! several languages, the trigram profiles indexed by trigram, and the
//! alphabets indexed by letter (`tables/whatlang_profiles.tsv`, copied from
//! the pinned whatlang by `tools/tables/whatlang_profiles.py`).

use std::collections::HashMap;
use std::sync::LazyLock;

use whatlang::{Lang, Script};

use super::table::KeyTable;

/// How many trigrams a profile holds; also the largest distance whatlang
/// counts between a trigram's rank in a profile and in a text.
pub const PROFILE_SIZE: u32 = 300;

/// A trigram as one number: its three characters, 21 bits each, first
/// character highest, so numbers order as whatlang's `Trigram`s do
/// (character by character).
pub type TrigramKey = u64;

pub fn trigram_key(first: char, second: char, third: char) -> TrigramKey {
    (u64::from(first) << 42) | (u64::from(second) << 21) | u64::from(third)
}

/// Where a trigram stands in one language's profile.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    /// The language: its place in [`ScriptProfiles::langs`].
    pub slot: u8,
    /// The trigram's rank in that language's profile, most common first.
    pub rank: u16,
}

/// The languages of one script and what whatlang scores them with.
#[derive(Debug)]
pub struct ScriptProfiles {
    /// The languages that have a trigram profile, in whatlang's order.
    pub langs: Vec<Lang>,
    /// Every profile trigram of the script, with the profiles it is in
    /// ([`ScriptProfiles::postings`]).
    index: TrigramIndex,
    /// The letters each language writes; whatlang has alphabets for Latin
    /// and Cyrillic only.
    pub alphabet: Option<Alphabet>,
}

/// The profiles' trigrams, each with its postings: the postings of the
/// trigram numbered `n` in `index` are `postings[starts[n]..starts[n + 1]]`.
#[derive(Debug)]
struct TrigramIndex {
    index: KeyTable,
    starts: Vec<u32>,
    postings: Vec<Posting>,
}

impl ScriptProfiles {
    /// Where `trigram` stands in the profiles that have it.
    #[inline]
    pub fn postings(&self, trigram: TrigramKey) -> &[Posting] {
        let TrigramIndex {
            index,
            starts,
            postings,
        } = &self.index;
        let Some(n) = index.get(trigram) else {
            return &[];
        };
        let n = n as usize;
        &postings[starts[n] as usize..starts[n + 1] as usize]
    }
}

/// The letters of one script's alphabets, each with the languages that
/// write it.
#[derive(Debug)]
pub struct Alphabet {
    /// Every letter of the script's alphabets, sorted.
    letters: Vec<char>,
    /// For ASCII characters, their place in `letters`, to skip the search.
    ascii_places: [Option<u16>; 128],
    /// Per letter of `letters`: the languages writing it, one bit per place
    /// in `Script::langs()`.
    pub writers: Vec<u64>,
}

impl Alphabet {
    /// The place of `letter` in the alphabet's letters, if it is one.
    pub fn place(&self, letter: char) -> Option<usize> {
        if letter.is_ascii() {
            self.ascii_places[letter as usize].map(usize::from)
        } else {
            self.letters.binary_search(&letter).ok()
        }
    }

    pub fn len(&self) -> usize {
        self.letters.len()
    }
}

/// The profiles of `script`, when whatlang scores several languages in it.
pub fn of_script(script: Script) -> Option<&'static ScriptProfiles> {
    PROFILES
        .iter()
        .find(|(with, _)| *with == script)
        .map(|(_, profiles)| profiles)
}

/// Builds the profiles now rather than on first use.
pub fn build_table() {
    LazyLock::force(&PROFILES);
}

/// The scripts whatlang tells several languages apart in.
const SCRIPTS: [Script; 5] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Arabic,
    Script::Devanagari,
    Script::Hebrew,
];

static PROFILES: LazyLock<Vec<(Script, ScriptProfiles)>> = LazyLock::new(|| {
    let rows = table_rows();
    SCRIPTS
        .iter()
        .map(|&script| (script, script_profiles(script, &rows)))
        .collect()
});

/// One row of the table: kind, script name, language, data.
struct Row {
    kind: &'static str,
    script: &'static str,
    lang: Lang,
    data: &'static str,
}

/// `tables/whatlang_profiles.tsv`. The table is generated and checked by
/// its generator, so a row that does not read is a build mistake, caught by
/// the tests.
fn table_rows() -> Vec<Row> {
    super::table_rows(include_str!("../tables/whatlang_profiles.tsv"))
        .filter_map(|mut columns| {
            Some(Row {
                kind: columns.next()?,
                script: columns.next()?,
                lang: Lang::from_code(columns.next()?)?,
                data: columns.next()?,
            })
        })
        .collect()
}

fn script_profiles(script: Script, rows: &[Row]) -> ScriptProfiles {
    let of_kind = |kind: &'static str| {
        rows.iter()
            .filter(move |row| row.kind == kind && row.script == script.name())
    };
    let mut langs = Vec::new();
    let mut postings: HashMap<TrigramKey, Vec<Posting>> = HashMap::new();
    for row in of_kind("profile") {
        let slot = u8::try_from(langs.len()).expect("fewer than 256 languages per script");
        langs.push(row.lang);
        let chars: Vec<char> = row.data.chars().collect();
        for (rank, trigram) in (0u16..).zip(chars.chunks_exact(3)) {
            let key = trigram_key(trigram[0], trigram[1], trigram[2]);
            postings
                .entry(key)
                .or_default()
                .push(Posting { slot, rank });
        }
    }
    let index = trigram_index(postings);
    let alphabet = alphabet(script, of_kind("alphabet").map(|row| (row.lang, row.data)));
    ScriptProfiles {
        langs,
        index,
        alphabet,
    }
}

fn trigram_index(by_trigram: HashMap<TrigramKey, Vec<Posting>>) -> TrigramIndex {
    let mut index = KeyTable::with_capacity(by_trigram.len());
    let mut starts = vec![0];
    let mut postings = Vec::new();
    for (n, (trigram, list)) in (0u32..).zip(by_trigram) {
        index.get_or_insert(trigram, n);
        postings.extend(list);
        starts.push(u32::try_from(postings.len()).expect("fewer than 2³² postings"));
    }
    TrigramIndex {
        index,
        starts,
        postings,
    }
}

/// The alphabet of `script` from its languages' letters; `None` when
/// whatlang has none for the script.
fn alphabet<'a>(script: Script, rows: impl Iterator<Item = (Lang, &'a str)>) -> Option<Alphabet> {
    let mut writers_of: HashMap<char, u64> = HashMap::new();
    for (lang, letters) in rows {
        let place = script.langs().iter().position(|&l| l == lang)?;
        for letter in letters.chars() {
            *writers_of.entry(letter).or_default() |= 1 << place;
        }
    }
    if writers_of.is_empty() {
        return None;
    }
    let mut letters: Vec<char> = writers_of.keys().copied().collect();
    letters.sort_unstable();
    let writers = letters.iter().map(|letter| writers_of[letter]).collect();
    let mut ascii_places = [None; 128];
    for (place, &letter) in letters.iter().enumerate() {
        if let (Some(slot), Ok(place)) =
            (ascii_places.get_mut(letter as usize), u16::try_from(place))
        {
            *slot = Some(place);
        }
    }
    Some(Alphabet {
        letters,
        ascii_places,
        writers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_has_its_languages_profiles() {
        for script in SCRIPTS {
            let profiles = of_script(script).expect("a script with several languages");
            let mut langs = profiles.langs.clone();
            let mut expected = script.langs().to_vec();
            langs.sort_by_key(|lang| lang.code());
            expected.sort_by_key(|lang| lang.code());
            assert_eq!(langs, expected, "{script}");
            let postings = profiles.index.postings.len();
            assert_eq!(postings, profiles.langs.len() * PROFILE_SIZE as usize);
            // The most common trigram of the first profile, and digits.
            let first = table_rows()
                .into_iter()
                .find(|row| row.kind == "profile" && row.script == script.name())
                .expect("a profile");
            let chars: Vec<char> = first.data.chars().take(3).collect();
            let common = profiles.postings(trigram_key(chars[0], chars[1], chars[2]));
            assert!(
                common.iter().any(|p| p.slot == 0 && p.rank == 0),
                "{script}"
            );
            assert!(profiles.postings(trigram_key('1', '2', '3')).is_empty());
        }
        assert!(of_script(Script::Greek).is_none());
    }

    #[test]
    fn latin_and_cyrillic_have_alphabets() {
        for script in [Script::Latin, Script::Cyrillic] {
            let alphabet = of_script(script).and_then(|p| p.alphabet.as_ref());
            let alphabet = alphabet.expect("an alphabet");
            let every_language = (1u64 << script.langs().len()) - 1;
            assert!(
                alphabet
                    .writers
                    .iter()
                    .all(|&w| w != 0 && w & !every_language == 0)
            );
        }
        let latin = of_script(Script::Latin).and_then(|p| p.alphabet.as_ref());
        let latin = latin.expect("a Latin alphabet");
        assert!(latin.place('a').is_some() && latin.place('ő').is_some());
        assert!(latin.place('A').is_none() && latin.place('ж').is_none());
    }

    #[test]
    fn trigram_keys_order_as_their_characters() {
        assert!(trigram_key('a', 'b', 'c') < trigram_key('a', 'c', ' '));
        assert!(trigram_key(' ', 'z', 'z') < trigram_key('a', ' ', ' '));
        assert!(trigram_key('z', '\u{10FFFF}', '\u{10FFFF}') < trigram_key('{', ' ', ' '));
    }
}
