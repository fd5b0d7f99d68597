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
        return Err(blank());
    }
    Ok(text)
}

/// The checks of [`decode`] for UTF-8 text read a piece at a time, so that
/// a streaming reader refuses the same files with the same words without
/// holding the whole text. Feed it every byte after a UTF-8 byte order
/// mark (`skipped` = 3) or from the start (`skipped` = 0), then
/// [`finish`](Utf8Check::finish).
#[derive(Debug, Default)]
pub struct Utf8Check {
    /// Length of the stripped byte order mark: offsets are file offsets,
    /// and a file with one is not checked for binary bytes (as in
    /// [`decode`]).
    skipped: u64,
    /// Bytes fed so far.
    fed: u64,
    /// Bytes validated so far (not counting `carry`).
    validated: u64,
    /// Line breaks in the validated bytes.
    line_breaks: u64,
    /// The start of a character split between two pieces.
    carry: Vec<u8>,
    /// The first [`BINARY_SAMPLE_BYTES`] bytes.
    sample: Vec<u8>,
    first_nul: Option<u64>,
    /// Offset and line of the first invalid byte.
    invalid: Option<(u64, u64)>,
    /// Something a reader would see was found.
    seen_text: bool,
}

impl Utf8Check {
    /// A check of bytes that follow a byte order mark of `skipped` bytes.
    pub fn after_bom(skipped: u64) -> Utf8Check {
        Utf8Check {
            skipped,
            ..Utf8Check::default()
        }
    }

    /// Checks the next piece of the input.
    pub fn feed(&mut self, piece: &[u8]) {
        if self.skipped == 0 {
            self.watch_for_binary(piece);
        }
        self.fed += piece.len() as u64;
        if self.invalid.is_some() {
            return;
        }
        // Only a piece that ends a character cut at the end of the last
        // one is copied to join the two.
        let joined;
        let data: &[u8] = if self.carry.is_empty() {
            piece
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), piece].concat();
            &joined
        };
        let (valid, error) = match std::str::from_utf8(data) {
            Ok(text) => (text, None),
            Err(error) => {
                let valid = std::str::from_utf8(&data[..error.valid_up_to()]).unwrap_or_default();
                (valid, Some(error))
            }
        };
        self.line_breaks += memchr::memchr_iter(b'\n', valid.as_bytes()).count() as u64;
        self.seen_text = self.seen_text || !is_blank(valid);
        let valid_len = valid.len();
        match error {
            Some(error) if error.error_len().is_some() => {
                self.invalid = Some((
                    self.skipped + self.validated + valid_len as u64,
                    1 + self.line_breaks,
                ));
            }
            // A character cut at the end of the piece: the next one ends it.
            Some(_) => self.carry = data[valid_len..].to_vec(),
            None => {}
        }
        self.validated += valid_len as u64;
    }

    fn watch_for_binary(&mut self, piece: &[u8]) {
        if self.first_nul.is_none()
            && let Some(at) = memchr::memchr(0, piece)
        {
            self.first_nul = Some(self.fed + at as u64);
        }
        let room = BINARY_SAMPLE_BYTES.saturating_sub(self.sample.len());
        self.sample
            .extend_from_slice(&piece[..piece.len().min(room)]);
    }

    /// The refusal [`decode`] would give the whole input, if any.
    pub fn finish(self) -> Result<(), Refusal> {
        if self.skipped == 0 {
            if let Some(at) = self.first_nul {
                return Err(nul_byte(at));
            }
            check_sample(&self.sample)?;
        }
        if let Some((at, line)) = self.invalid {
            return Err(invalid_utf8(at, line));
        }
        if !self.carry.is_empty() {
            let at = self.skipped + self.validated;
            return Err(invalid_utf8(at, 1 + self.line_breaks));
        }
        if !self.seen_text {
            return Err(blank());
        }
        Ok(())
    }
}

/// Refuses bytes that look like a binary file: any NUL byte, or a high
/// share of control bytes near the start.
fn check_not_binary(bytes: &[u8]) -> Result<(), Refusal> {
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(nul_byte(at as u64));
    }
    check_sample(&bytes[..bytes.len().min(BINARY_SAMPLE_BYTES)])
}

/// Refuses a file whose first bytes (`sample`) are mostly control bytes.
fn check_sample(sample: &[u8]) -> Result<(), Refusal> {
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

fn nul_byte(at: u64) -> Refusal {
    Refusal::new(
        RejectReason::Binary,
        format!(
            "holds a NUL byte at byte {at}, so it looks like a binary file (PDF, image, \
             archive, word-processor file); export its text as UTF-8 and give that instead"
        ),
    )
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
            Err(invalid_utf8((at + skipped) as u64, line as u64))
        }
    }
}

fn invalid_utf8(at: u64, line: u64) -> Refusal {
    Refusal::new(
        RejectReason::NotUtf8,
        format!(
            "invalid UTF-8 at byte {at} (line {line}); convert the file to UTF-8, for \
             example with `iconv -f WINDOWS-1256 -t UTF-8` for Arabic from Windows"
        ),
    )
}

fn blank() -> Refusal {
    Refusal::new(
        RejectReason::Empty,
        "the file holds no text, only white space; remove it or give it the statement's text",
    )
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

    /// `bytes` through [`Utf8Check`] in pieces of `size` bytes.
    fn check_in_pieces(bytes: &[u8], size: usize) -> Result<(), Refusal> {
        let (skipped, rest) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (3, rest),
            None => (0, bytes),
        };
        let mut check = Utf8Check::after_bom(skipped);
        rest.chunks(size).for_each(|piece| check.feed(piece));
        check.finish()
    }

    #[test]
    fn the_piecewise_check_refuses_what_decode_refuses_in_the_same_words() {
        let mut controls: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        controls.extend(b"\n".repeat(9000));
        let cases: Vec<Vec<u8>> = vec![
            "بيان\n\nنص الخبر\n".as_bytes().to_vec(),
            b"Title\nbody \xE9t\xE9\n".to_vec(),
            b"\xEF\xBB\xBFab\xFF".to_vec(),
            b"\xEF\xBB\xBF\n".to_vec(),
            b"%PDF-1.7\n\x00\x01\x02".to_vec(),
            b" \n\t\r\n".to_vec(),
            b"".to_vec(),
            "\u{200B}\u{FEFF}\n".as_bytes().to_vec(),
            "نص مقطوع".as_bytes()[..5].to_vec(),
            [&b"x\n".repeat(5000)[..], b"\x00"].concat(),
            controls,
        ];
        for bytes in &cases {
            let whole = decode(bytes).map(|_| ());
            for size in [1, 2, 3, 7, 4096, 1 << 20] {
                assert_eq!(
                    check_in_pieces(bytes, size),
                    whole,
                    "{bytes:?} in pieces of {size}"
                );
            }
        }
    }

    #[test]
    fn refuses_empty_and_blank_files() {
        assert_eq!(reason(b""), RejectReason::Empty);
        assert_eq!(reason(b" \n\t\r\n"), RejectReason::Empty);
        assert_eq!(reason("\u{200B}\u{FEFF}\n".as_bytes()), RejectReason::Empty);
        assert_eq!(reason(b"\xEF\xBB\xBF\n"), RejectReason::Empty);
    }
}
