//! The base direction of a text (Unicode bidi rules P2 and P3), as
//! `unicode_bidi` finds it, with the bidi classes of the first 2,048 code
//! points (Latin, Greek, Cyrillic, Hebrew, Arabic) read from a table.
//!
//! The JSON-LD writer asks for the direction of every text value it
//! writes: the library answers each with a binary search of its class
//! ranges, here most characters cost one table read.

use std::sync::LazyLock;

use unicode_bidi::{BidiClass, BidiDataSource, Direction, HardcodedBidiData};

/// Code points whose class comes from [`LOW_CLASSES`].
const TABLED: usize = 0x800;

/// The bidi class of every code point below [`TABLED`], from the library.
static LOW_CLASSES: LazyLock<Vec<BidiClass>> = LazyLock::new(|| {
    (0..TABLED as u32)
        .map(|code| char::from_u32(code).map_or(BidiClass::L, unicode_bidi::bidi_class))
        .collect()
});

/// The library's bidi data with the classes of low code points tabled.
struct TabledBidiData;

impl BidiDataSource for TabledBidiData {
    fn bidi_class(&self, c: char) -> BidiClass {
        LOW_CLASSES
            .get(c as usize)
            .copied()
            .unwrap_or_else(|| HardcodedBidiData.bidi_class(c))
    }
}

/// Whether the first strong character of `text`, outside isolates and
/// across paragraphs, reads right to left.
pub fn is_rtl(text: &str) -> bool {
    unicode_bidi::get_base_direction_full_with_data_source(&TabledBidiData, text) == Direction::Rtl
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_library(text: &str) -> bool {
        unicode_bidi::get_base_direction_full(text) == Direction::Rtl
    }

    #[test]
    fn tabled_classes_are_the_library_s() {
        for code in 0..TABLED as u32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(
                    TabledBidiData.bidi_class(c),
                    unicode_bidi::bidi_class(c),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn directions() {
        assert!(is_rtl("عقد ممثلون"));
        assert!(is_rtl("2021 שלום"));
        assert!(!is_rtl("The Secretary"));
        assert!(!is_rtl("2021"));
        // An isolate is skipped: its strong characters do not count.
        assert!(is_rtl("\u{2066}abc\u{2069} عقد"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn equals_the_library(text in "[\\x00-\\u{7ff}\u{2066}-\u{2069}\\PC]{0,12}") {
            prop_assert_eq!(is_rtl(&text), by_library(&text));
        }
    }
}
