//! whatlang's language data, indexed for scoring a text: per script with
//! several languages, the trigram profiles indexed by trigram, and the
//! alphabets indexed by letter (`tables/whatlang_profiles.tsv`, copied from
//! the pinned whatlang by `tools/tables/whatlang_profiles.py`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use whatlang::{Lang, Script};

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
    /// Every profile trigram of the script, with the profiles it is in.
    pub index: HashMap<TrigramKey, Box<[Posting]>, TrigramHashing>,
    /// The letters each language writes; whatlang has alphabets for Latin
    /// and Cyrillic only.
    pub alphabet: Option<Alphabet>,
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
    let mut postings: HashMap<TrigramKey, Vec<Posting>, TrigramHashing> = HashMap::default();
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
    let index = postings
        .into_iter()
        .map(|(key, list)| (key, list.into_boxed_slice()))
        .collect();
    let alphabet = alphabet(script, of_kind("alphabet").map(|row| (row.lang, row.data)));
    ScriptProfiles {
        langs,
        index,
        alphabet,
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

/// Hashing for [`TrigramKey`]s and characters: one folded multiplication, which spreads a
/// key's bits to both ends of the hash (the table uses both). The keys come
/// from statement text, but a text is at most a thousand characters, so
/// there is no flooding to resist.
pub type TrigramHashing = BuildHasherDefault<TrigramHasher>;

#[derive(Debug, Default)]
pub struct TrigramHasher(u64);

impl Hasher for TrigramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
        let product = u128::from(self.0 ^ value) * u128::from(MULTIPLIER);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
            let postings: usize = profiles.index.values().map(|list| list.len()).sum();
            assert_eq!(postings, profiles.langs.len() * PROFILE_SIZE as usize);
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
