//! A text's main script, as `whatlang::detect_script` finds it, counted
//! one character at a time so the detector reads the text once.
//!
//! whatlang tries each letter against its scripts in turn and moves the
//! script that matched one place forward, so the scripts of the text come to
//! be tried first; the scripts end in that order, which decides between
//! equal counts. Here a letter's script comes from one match on its code
//! point, and the same moves are made on the order. Only two letters are in
//! two of whatlang's scripts (U+1D2B and U+1D78, Latin and Cyrillic): they
//! go to whichever of the two is tried first at the time, as in whatlang.

use std::cmp::Reverse;

use whatlang::Script;

/// whatlang's scripts, in the order it starts trying them.
const SCRIPTS: [Script; 25] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Arabic,
    Script::Mandarin,
    Script::Devanagari,
    Script::Hebrew,
    Script::Ethiopic,
    Script::Georgian,
    Script::Bengali,
    Script::Hangul,
    Script::Hiragana,
    Script::Katakana,
    Script::Greek,
    Script::Kannada,
    Script::Tamil,
    Script::Thai,
    Script::Gujarati,
    Script::Gurmukhi,
    Script::Telugu,
    Script::Malayalam,
    Script::Oriya,
    Script::Myanmar,
    Script::Sinhala,
    Script::Khmer,
    Script::Armenian,
];

/// What a character counts for: a place in [`SCRIPTS`], or
/// [`LATIN_OR_CYRILLIC`].
pub type ScriptClass = u8;

pub const LATIN: ScriptClass = 0;
const CYRILLIC: ScriptClass = 1;
/// A letter whatlang has in both Latin and Cyrillic.
const LATIN_OR_CYRILLIC: ScriptClass = SCRIPTS.len() as ScriptClass;

/// The script whatlang counts `c` in (its `scripts::chars` ranges), if
/// any; `None` for its stop characters too (ASCII but letters).
pub fn class_of(c: char) -> Option<ScriptClass> {
    let class = match c {
        'a'..='z' | 'A'..='Z' => 0,
        '\u{0000}'..='\u{007F}' => return None,
        '\u{0080}'..='\u{024F}'
        | '\u{0250}'..='\u{02AF}'
        | '\u{1D00}'..='\u{1D2A}'
        | '\u{1D2C}'..='\u{1D77}'
        | '\u{1D79}'..='\u{1D7F}'
        | '\u{1D80}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2100}'..='\u{214F}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}' => 0,
        '\u{1D2B}' | '\u{1D78}' => LATIN_OR_CYRILLIC,
        '\u{0400}'..='\u{0484}'
        | '\u{0487}'..='\u{052F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69D}'
        | '\u{A69F}' => 1,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{07FF}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10E60}'..='\u{10E7F}'
        | '\u{1EE00}'..='\u{1EEFF}' => 2,
        '\u{2E80}'..='\u{2E99}'
        | '\u{2E9B}'..='\u{2EF3}'
        | '\u{2F00}'..='\u{2FD5}'
        | '\u{3005}'
        | '\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DB5}'
        | '\u{4E00}'..='\u{9FCC}'
        | '\u{F900}'..='\u{FA6D}'
        | '\u{FA70}'..='\u{FAD9}' => 3,
        '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{1CD0}'..='\u{1CFF}' => 4,
        '\u{0590}'..='\u{05FF}' => 5,
        '\u{1200}'..='\u{139F}' | '\u{2D80}'..='\u{2DDF}' | '\u{AB00}'..='\u{AB2F}' => 6,
        '\u{10A0}'..='\u{10FF}' => 7,
        '\u{0980}'..='\u{09FF}' => 8,
        '\u{AC00}'..='\u{D7AF}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3200}'..='\u{32FF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{FF00}'..='\u{FFEF}' => 9,
        '\u{3040}'..='\u{309F}' => 10,
        '\u{30A0}'..='\u{30FF}' => 11,
        '\u{0370}'..='\u{03FF}' => 12,
        '\u{0C80}'..='\u{0CFF}' => 13,
        '\u{0B80}'..='\u{0BFF}' => 14,
        '\u{0E00}'..='\u{0E7F}' => 15,
        '\u{0A80}'..='\u{0AFF}' => 16,
        '\u{0A00}'..='\u{0A7F}' => 17,
        '\u{0C00}'..='\u{0C7F}' => 18,
        '\u{0D00}'..='\u{0D7F}' => 19,
        '\u{0B00}'..='\u{0B7F}' => 20,
        '\u{1000}'..='\u{109F}' => 21,
        '\u{0D80}'..='\u{0DFF}' => 22,
        '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' => 23,
        '\u{0530}'..='\u{058F}' | '\u{FB13}'..='\u{FB17}' => 24,
        _ => return None,
    };
    Some(class)
}

/// How many letters of each script a text has, and the order whatlang
/// would try the scripts in after reading them.
#[derive(Debug, Clone)]
pub struct ScriptCounts {
    counts: [usize; SCRIPTS.len()],
    /// Places in [`SCRIPTS`], in the order they are tried.
    order: [u8; SCRIPTS.len()],
    /// Each script's place in `order`.
    rank: [u8; SCRIPTS.len()],
}

impl Default for ScriptCounts {
    fn default() -> ScriptCounts {
        let places: [u8; SCRIPTS.len()] = std::array::from_fn(|place| place as u8);
        ScriptCounts {
            counts: [0; SCRIPTS.len()],
            order: places,
            rank: places,
        }
    }
}

impl ScriptCounts {
    /// Counts a letter of script `class`.
    #[inline]
    pub fn add(&mut self, class: ScriptClass) {
        let script = if class == LATIN_OR_CYRILLIC {
            if self.rank[usize::from(LATIN)] < self.rank[usize::from(CYRILLIC)] {
                LATIN
            } else {
                CYRILLIC
            }
        } else {
            class
        };
        let script = usize::from(script);
        self.counts[script] += 1;
        self.move_forward(script);
    }

    /// Counts `letters` letters of script `class` in a row (not
    /// [`LATIN_OR_CYRILLIC`]): each moves the script a place forward, as
    /// [`ScriptCounts::add`] does, until it is tried first.
    pub fn add_run(&mut self, class: ScriptClass, letters: usize) {
        debug_assert_ne!(class, LATIN_OR_CYRILLIC);
        let script = usize::from(class);
        self.counts[script] += letters;
        for _ in 0..letters.min(usize::from(self.rank[script])) {
            self.move_forward(script);
        }
    }

    /// Moves `script` a place forward in the order, unless it is first.
    #[inline]
    fn move_forward(&mut self, script: usize) {
        let rank = usize::from(self.rank[script]);
        if rank > 0 {
            let before = usize::from(self.order[rank - 1]);
            self.order.swap(rank - 1, rank);
            self.rank[script] -= 1;
            self.rank[before] += 1;
        }
    }

    /// Counts `c` if it is a letter of one of whatlang's scripts.
    pub fn add_char(&mut self, c: char) {
        if let Some(class) = class_of(c) {
            self.add(class);
        }
    }

    /// whatlang's `detect_script`: the script with the most letters (ties
    /// decided by whatlang's sort of its counters), if there are any.
    pub fn main_script(&self) -> Option<Script> {
        let mut counters: Vec<(Script, usize)> = (self.order.iter())
            .map(|&place| {
                let place = usize::from(place);
                (SCRIPTS[place], self.counts[place])
            })
            .collect();
        counters.sort_unstable_by_key(|(_, score)| Reverse(*score));
        let &(script, count) = counters.first()?;
        (count > 0).then_some(script)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn main_script(text: &str) -> Option<Script> {
        let mut counts = ScriptCounts::default();
        text.chars().for_each(|c| counts.add_char(c));
        counts.main_script()
    }

    #[test]
    fn each_character_counts_for_whatlangs_script() {
        let mut text = String::new();
        for c in '\0'..=char::MAX {
            text.clear();
            text.push(c);
            assert_eq!(main_script(&text), whatlang::detect_script(&text), "{c:?}");
        }
    }

    #[test]
    fn letters_of_latin_and_cyrillic_go_to_the_script_tried_first() {
        for text in [
            "\u{1D2B}",
            "я\u{1D2B}",
            "яa\u{1D78}",
            "яaя\u{1D78}\u{1D2B}",
            "ᵸяᵸ",
        ] {
            assert_eq!(main_script(text), whatlang::detect_script(text), "{text:?}");
        }
    }

    proptest! {
        /// Runs of letters counted at once, among single letters.
        #[test]
        fn a_run_counts_as_its_letters_one_by_one(
            letters in prop::collection::vec((0..LATIN_OR_CYRILLIC, 0usize..40), 0..60)
        ) {
            let (mut by_runs, mut one_by_one) = (ScriptCounts::default(), ScriptCounts::default());
            for &(class, run) in &letters {
                by_runs.add_run(class, run);
                (0..run).for_each(|_| one_by_one.add(class));
                by_runs.add(class);
                one_by_one.add(class);
            }
            prop_assert_eq!(by_runs.counts, one_by_one.counts);
            prop_assert_eq!(by_runs.order, one_by_one.order);
            prop_assert_eq!(by_runs.rank, one_by_one.rank);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Letters of several scripts, in even numbers (ties), and the two
        /// letters in two scripts.
        #[test]
        fn finds_whatlangs_main_script(
            text in prop::collection::vec(
                prop::sample::select(vec![
                    'a', 'Z', 'é', 'я', 'Ж', 'ب', 'ی', '水', 'क', 'א', 'ა', 'ㄱ', 'あ', 'カ',
                    'Σ', 'ก', 'ᴫ', 'ᵸ', ' ', '1', '.', '\u{7F}', '\u{2019}',
                ]),
                0..40,
            ).prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            prop_assert_eq!(main_script(&text), whatlang::detect_script(&text), "{:?}", text);
        }
    }
}
