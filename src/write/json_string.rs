//! JSON strings as `serde_json` writes them, written faster.
//!
//! The JSON-LD file is mostly statement text, and `serde_json` looks every
//! byte of a string up in its escape table. Few bytes of prose need an
//! escape (a quotation mark, a backslash, a control character such as the
//! line feeds between paragraphs), so here eight bytes are tested at once
//! and the runs between escapes are copied whole. The bytes written are
//! exactly `serde_json`'s (a property test compares them).

use std::io::{self, Write};

/// Eight copies of a byte.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

const HIGH_BITS: u64 = splat(0x80);

/// The high bit of each byte of `word` below `limit` (at most 0x80), and
/// maybe of bytes after the first such byte: a borrow carries upward only,
/// so the lowest bit set always marks a byte below `limit`.
const fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(splat(limit)) & !word & HIGH_BITS
}

/// The bytes of `word` (eight bytes of text, little-endian) that may need
/// an escape: control characters, quotation marks and backslashes. The
/// lowest bit set marks the first byte that needs one.
const fn escape_bits(word: u64) -> u64 {
    bytes_below(word, 0x20)
        | bytes_below(word ^ splat(b'"'), 1)
        | bytes_below(word ^ splat(b'\\'), 1)
}

/// `serde_json`'s escape of `byte`, if it needs one.
fn escape_of(byte: u8) -> Option<&'static [u8]> {
    const SHORT: [&[u8]; 32] = [
        b"\\u0000", b"\\u0001", b"\\u0002", b"\\u0003", b"\\u0004", b"\\u0005", b"\\u0006",
        b"\\u0007", b"\\b", b"\\t", b"\\n", b"\\u000b", b"\\f", b"\\r", b"\\u000e", b"\\u000f",
        b"\\u0010", b"\\u0011", b"\\u0012", b"\\u0013", b"\\u0014", b"\\u0015", b"\\u0016",
        b"\\u0017", b"\\u0018", b"\\u0019", b"\\u001a", b"\\u001b", b"\\u001c", b"\\u001d",
        b"\\u001e", b"\\u001f",
    ];
    match byte {
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        control if control < 0x20 => Some(SHORT[usize::from(control)]),
        _ => None,
    }
}

/// Writes `text` as a JSON string, quoted and escaped as `serde_json`
/// escapes it.
pub fn write_str<W: Write>(out: &mut W, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    out.write_all(b"\"")?;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let bits = escape_bits(word_at(bytes, at));
        if bits == 0 {
            at += 8;
            continue;
        }
        at += (bits.trailing_zeros() / 8) as usize;
        if let Some(escape) = escape_of(bytes[at]) {
            out.write_all(&bytes[copied..at])?;
            out.write_all(escape)?;
            copied = at + 1;
        }
        at += 1;
    }
    out.write_all(&bytes[copied..])?;
    out.write_all(b"\"")
}

/// The eight bytes of `bytes` from `at` as a little-endian word; past the
/// end, a byte that needs no escape stands in.
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [b' '; 8];
    match bytes.get(at..at + 8) {
        Some(eight) => word.copy_from_slice(eight),
        None => {
            let rest = &bytes[at..];
            word[..rest.len()].copy_from_slice(rest);
        }
    }
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, text).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    fn by_serde(text: &str) -> String {
        serde_json::to_string(text).expect("a str serialises")
    }

    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it() {
        for byte in 0..0x80u8 {
            let text = format!("ab{}cdefghijklmn{}", char::from(byte), char::from(byte));
            assert_eq!(written(&text), by_serde(&text), "byte {byte:#04x}");
        }
    }

    #[test]
    fn texts_of_every_length_around_a_word() {
        for length in 0..20 {
            for at in 0..length {
                let mut text: Vec<u8> = vec![b'x'; length];
                text[at] = b'\n';
                let text = String::from_utf8(text).expect("ASCII");
                assert_eq!(written(&text), by_serde(&text));
            }
        }
    }

    #[test]
    fn words_that_look_like_escapes_are_not() {
        // Bytes just above the limits, and multi-byte characters whose
        // bytes have the high bit set.
        for text in [
            "!#[]] !#",
            "عقد ممثلون دبلوماسيون",
            "中国 \u{7f}\u{80}\u{ff}",
            "🙂🙂🙂",
        ] {
            assert_eq!(written(text), by_serde(text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn equals_serde_json(text in "(\\PC|[\\x00-\\x1f\"\\\\\u{7f}])*") {
            prop_assert_eq!(written(&text), by_serde(&text));
        }
    }
}
