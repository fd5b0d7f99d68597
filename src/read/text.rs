//! Plain-text inputs, and the byte checks every text-based reader shares.
//!
//! [`decode`] owns the question "can these bytes be trusted as text?": it
//! strips a UTF-8 byte order mark, decodes UTF-16 that announces itself with
//! a byte order mark, and refuses binary files, invalid UTF-8 and files with
//! nothing but white space, each with a reason a person can act on.

use super::Refusal;
use crate::record::{Raw, RawFormat, Record, RejectReason};

/// How many leading bytes are sampled to decide whether a file is binary.
const BINARY_SAMPLE_BYTES: usize = 8192;

/// Share of control bytes (per thousand) in the sample above which a file is
/// taken for binary. Text has almost none; a PDF, image or archive that
/// slipped past the NUL check has many.
const BINARY_CONTROL_PER_MILLE: usize = 100;

/// The record of a decoded plain text.
pub fn record(source: &str, text: String) -> Record {
    let raw = Raw {
        text,
        format: RawFormat::PlainText,
        meta: Default::default(),
    };
    Record::new(source, raw)
}

/// Decodes the bytes of a text input, or says why they are not usable text.
pub fn decode(bytes: &[u8]) -> Result<String, Refusal> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest, 3)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)?
    } else {
        check_not_binary(bytes)?;
        utf8(bytes, 0)?
    };
    if is_blank(&text) {
        return Err(Refusal::new(
            RejectReason::Empty,
            "the file holds no text, only white space; remove it or give it the statement's text",
        ));
    }
    Ok(text)
}

/// Refuses bytes that look like a binary file: any NUL byte, or a high
/// share of control bytes near the start.
fn check_not_binary(bytes: &[u8]) -> Result<(), Refusal> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Refusal::new(
            RejectReason::Binary,
            format!(
                "holds a NUL byte at byte {at}, so it looks like a binary file (PDF, image, \
                 archive, word-processor file); export its text as UTF-8 and give that instead"
            ),
        ));
    }
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE_BYTES)];
    let controls = sample.iter().filter(|&&b| is_control_byte(b)).count();
    if !sample.is_empty() && controls * 1000 > sample.len() * BINARY_CONTROL_PER_MILLE {
        return Err(Refusal::new(
            RejectReason::Binary,
            format!(
                "{controls} of its first {} bytes are control characters, so it looks like a \
                 binary file; export its text as UTF-8 and give that instead",
                sample.len()
            ),
        ));
    }
    Ok(())
}

/// ASCII control bytes other than the white space text uses.
fn is_control_byte(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0C)) || byte == 0x7F
}

/// Decodes UTF-8; `skipped` is the length of a stripped byte order mark, so
/// the reported offset is the offset in the file.
fn utf8(bytes: &[u8], skipped: usize) -> Result<String, Refusal> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let at = error.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(Refusal::new(
                RejectReason::NotUtf8,
                format!(
                    "invalid UTF-8 at byte {} (line {line}); convert the file to UTF-8, for \
                     example with `iconv -f WINDOWS-1256 -t UTF-8` for Arabic from Windows",
                    at + skipped
                ),
            ))
        }
    }
}

/// Decodes UTF-16 (after its byte order mark) with the given byte order.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Refusal> {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    let odd_length = bytes.len() % 2 == 1;
    let mut text = String::with_capacity(units.len());
    for (index, decoded) in char::decode_utf16(units).enumerate() {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => return Err(utf16_error(2 + 2 * index)),
        }
    }
    if odd_length {
        return Err(utf16_error(1 + bytes.len()));
    }
    Ok(text)
}

fn utf16_error(at: usize) -> Refusal {
    Refusal::new(
        RejectReason::NotUtf8,
        format!(
            "starts with a UTF-16 byte order mark but is not valid UTF-16 at byte {at}; \
             convert the file to UTF-8"
        ),
    )
}

/// True when `text` has nothing a reader would see: white space, control
/// characters, zero-width and byte-order marks only.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(bytes: &[u8]) -> RejectReason {
        match decode(bytes) {
            Ok(text) => panic!("expected a refusal, got {text:?}"),
            Err(refusal) => refusal.reason,
        }
    }

    #[test]
    fn strips_utf8_byte_order_mark() {
        assert_eq!(decode(b"\xEF\xBB\xBFTitle\n").ok(), Some("Title\n".into()));
    }

    #[test]
    fn decodes_utf16_with_byte_order_mark() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "بيان\n".encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&le).ok(), Some("بيان\n".into()));
        assert_eq!(decode(&be).ok(), Some("بيان\n".into()));
    }

    #[test]
    fn refuses_broken_utf16() {
        // A lone high surrogate.
        assert_eq!(
            reason(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            RejectReason::NotUtf8
        );
        assert_eq!(
            reason(&[0xFF, 0xFE, 0x41, 0x00, 0x42]),
            RejectReason::NotUtf8
        );
    }

    #[test]
    fn refuses_invalid_utf8_with_its_offset_and_line() {
        let refusal = decode(b"Title\nbody \xE9t\xE9\n").expect_err("refused");
        assert_eq!(refusal.reason, RejectReason::NotUtf8);
        assert!(
            refusal.detail.contains("byte 11 (line 2)"),
            "{}",
            refusal.detail
        );
        assert!(refusal.detail.contains("convert"), "{}", refusal.detail);
    }

    #[test]
    fn reports_offsets_in_the_file_after_a_byte_order_mark() {
        let refusal = decode(b"\xEF\xBB\xBFab\xFF").expect_err("refused");
        assert!(refusal.detail.contains("byte 5 "), "{}", refusal.detail);
    }

    #[test]
    fn refuses_binary_files() {
        assert_eq!(reason(b"%PDF-1.7\n\x00\x01\x02"), RejectReason::Binary);
        let controls: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert_eq!(reason(&controls), RejectReason::Binary);
    }

    #[test]
    fn keeps_text_with_a_few_control_characters() {
        let text = format!("Title\n{}\x0c\x1b\n", "word ".repeat(50));
        assert!(decode(text.as_bytes()).is_ok());
    }

    #[test]
    fn refuses_empty_and_blank_files() {
        assert_eq!(reason(b""), RejectReason::Empty);
        assert_eq!(reason(b" \n\t\r\n"), RejectReason::Empty);
        assert_eq!(reason("\u{200B}\u{FEFF}\n".as_bytes()), RejectReason::Empty);
        assert_eq!(reason(b"\xEF\xBB\xBF\n"), RejectReason::Empty);
    }
}
