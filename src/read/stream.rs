//! JSON Lines and WARC files read a record at a time, so that memory holds
//! one record rather than the file, however large the file.
//!
//! A streamed file is read twice. The first pass reads it through
//! (decompressing gzip or Zstandard) and checks what reading it whole
//! checks: the decompressed size limit and, for JSON Lines, that it is
//! text ([`Utf8Check`]). A file that fails is one rejected record, with
//! the words of a whole read, and none of its records is handed on. The
//! second pass hands on the records. Reading a file twice costs little
//! next to parsing its statements, and keeps a damaged or oversized file
//! from leaving some of its records in the dataset and not others.
//!
//! Standard input (which cannot be read twice), files over `--max-bytes`
//! (refused whole without being read), UTF-16 files, zip archives and the
//! other formats are read whole instead, by the caller.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;

use super::text::Utf8Check;
use super::{
    Emit, GZIP_MAGIC, InputFormat, ReadOptions, Refusal, ZSTD_MAGIC, damaged,
    decompressed_too_large, format, jsonl, refused, warc, without_compression_suffix,
};
use crate::record::RejectReason;

/// The leading (decompressed) bytes a streamable format is told from.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Read buffer of a streamed file.
const BUFFER_BYTES: usize = 256 * 1024;

/// The UTF-8 byte order mark, which a JSON Lines file may start with.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A streamable format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `bom`: the length of a leading UTF-8 byte order mark (0 or 3).
    JsonLines {
        bom: u64,
    },
    Warc,
}

/// Reads the file at `path` (the input `source`) a record at a time when
/// it is JSON Lines or WARC; `None` when it is to be read whole.
pub fn read(
    path: &Path,
    source: &str,
    options: &ReadOptions,
    emit: &mut Emit<'_>,
) -> Option<ControlFlow<()>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > options.max_bytes {
        return None;
    }
    let kind = sniff(path, source, options)?;
    if let Err(refusal) = check(path, kind, options) {
        return Some(emit(refused(source, refusal)));
    }
    let read = open(path, options).and_then(|mut decoded| {
        let reader = &mut *decoded.reader;
        match kind {
            Kind::JsonLines { bom } => {
                skip(reader, bom)?;
                let lines = jsonl::Lines {
                    source,
                    max_line_bytes: options.max_record_bytes,
                    mappings: &options.field_map,
                };
                lines.read(reader, emit)
            }
            Kind::Warc => warc::read_stream(source, reader, options.max_record_bytes, emit),
        }
    });
    Some(read.unwrap_or_else(|error| {
        // The first pass read it all: the file changed or went away since.
        let refusal = Refusal::new(
            RejectReason::Unreadable,
            format!("cannot read it to the end ({error}); check that nothing else writes it"),
        );
        emit(refused(source, refusal))
    }))
}

/// An input file opened for reading, decompressed when it is gzip or
/// Zstandard (told by its magic bytes), at most one byte over the
/// decompressed limit.
struct Decoded {
    reader: Box<dyn BufRead>,
    /// "gzip" or "zstd"; `None` when the file is not compressed.
    compression: Option<&'static str>,
}

fn open(path: &Path, options: &ReadOptions) -> std::io::Result<Decoded> {
    let mut file = BufReader::with_capacity(BUFFER_BYTES, File::open(path)?);
    let start = file.fill_buf()?;
    let limit = options.max_decompressed_bytes.saturating_add(1);
    let (reader, compression): (Box<dyn BufRead>, _) = if start.starts_with(&GZIP_MAGIC) {
        let decoder = flate2::bufread::MultiGzDecoder::new(file);
        let limited = BufReader::with_capacity(BUFFER_BYTES, decoder.take(limit));
        (Box::new(limited), Some("gzip"))
    } else if start.starts_with(&ZSTD_MAGIC) {
        let decoder = zstd::stream::read::Decoder::with_buffer(file)?;
        let limited = BufReader::with_capacity(BUFFER_BYTES, decoder.take(limit));
        (Box::new(limited), Some("zstd"))
    } else {
        (Box::new(file), None)
    };
    Ok(Decoded {
        reader,
        compression,
    })
}

/// The streamable format of the file, told as a whole read would tell it
/// (`--input-format`, else extension, else content); `None` for any
/// other format.
fn sniff(path: &Path, source: &str, options: &ReadOptions) -> Option<Kind> {
    let decoded = open(path, options).ok()?;
    let mut prefix = Vec::new();
    // A damaged file is told by what could be read; the first pass then
    // refuses it.
    let _ = decoded.reader.take(SNIFF_BYTES).read_to_end(&mut prefix);
    let name = without_compression_suffix(source);
    if format::is_zip(name, &prefix) {
        return None;
    }
    let is_warc = match options.format {
        Some(format) => format == InputFormat::Warc,
        None => format::is_warc(name, &prefix),
    };
    if is_warc {
        return Some(Kind::Warc);
    }
    let bom = if prefix.starts_with(UTF8_BOM) { 3 } else { 0 };
    let text = &prefix[bom..];
    if text.starts_with(b"\xFF\xFE") || text.starts_with(b"\xFE\xFF") {
        return None;
    }
    let format = match options.format {
        Some(format) => format,
        None => {
            let valid = match std::str::from_utf8(text) {
                Ok(text) => text,
                Err(error) => std::str::from_utf8(&text[..error.valid_up_to()]).ok()?,
            };
            // A first line cut by the prefix does not parse: such a file
            // is not taken for JSON Lines by content, and is read whole.
            format::detect(name, valid)
        }
    };
    (format == InputFormat::JsonLines).then_some(Kind::JsonLines { bom: bom as u64 })
}

/// The first pass: the refusal a whole read would give the file, if any.
fn check(path: &Path, kind: Kind, options: &ReadOptions) -> Result<(), Refusal> {
    let unreadable = |error: std::io::Error| {
        Refusal::new(
            RejectReason::Unreadable,
            format!("cannot read it ({error}); check that it exists and is readable"),
        )
    };
    let mut decoded = open(path, options).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => unreadable(error),
        _ => damaged("zstd", &error),
    })?;
    let mut text = match kind {
        Kind::JsonLines { bom } => Some(Utf8Check::after_bom(bom)),
        Kind::Warc => None,
    };
    let mut to_skip = match kind {
        Kind::JsonLines { bom } => bom as usize,
        Kind::Warc => 0,
    };
    let mut total = 0u64;
    loop {
        let piece = decoded
            .reader
            .fill_buf()
            .map_err(|error| match decoded.compression {
                Some(kind) => damaged(kind, &error),
                None => unreadable(error),
            })?;
        if piece.is_empty() {
            break;
        }
        let skipped = to_skip.min(piece.len());
        to_skip -= skipped;
        if let Some(text) = &mut text {
            text.feed(&piece[skipped..]);
        }
        total += piece.len() as u64;
        let length = piece.len();
        decoded.reader.consume(length);
    }
    if decoded.compression.is_some() && total > options.max_decompressed_bytes {
        return Err(decompressed_too_large(options.max_decompressed_bytes));
    }
    text.map_or(Ok(()), Utf8Check::finish)
}

/// Skips the first `count` bytes of `reader`.
fn skip(reader: &mut dyn BufRead, count: u64) -> std::io::Result<()> {
    std::io::copy(&mut Read::take(reader, count), &mut std::io::sink()).map(|_| ())
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::read::compressed_bytes::{gzip, zstd};
    use crate::read::{Input, read_input, read_whole};
    use crate::record::Record;

    /// What a record came out as, to compare two reads.
    fn outcome(record: &Record) -> String {
        format!(
            "{} {:?} {:?} {:?}",
            record.source, record.reject, record.raw.text, record.raw.meta.title
        )
    }

    /// Reads `bytes` as the file `name`, streamed (through [`read_input`])
    /// and whole, and checks that both give the same records; returns
    /// whether it was streamed, and the records.
    fn both_ways(name: &str, bytes: &[u8], options: &ReadOptions) -> (bool, Vec<String>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let streamed = read(&path, name, options, &mut |_| ControlFlow::Continue(())).is_some();
        let input = Input {
            path: Some(path),
            source: name.to_string(),
        };
        let mut whole = Vec::new();
        let _ = read_whole(&input, options, &mut |record| {
            whole.push(outcome(&record));
            ControlFlow::Continue(())
        });
        let read: Vec<String> = read_input(&input, options).iter().map(outcome).collect();
        assert_eq!(read, whole, "{name}");
        (streamed, read)
    }

    const LINES: &str = "{\"title\": \"A\", \"body\": \"x\"}\n\n{\"title\": \"B\", \n\
                         {\"title\": \"C\", \"body\": \"<p>y</p>\"}\r\n";

    #[test]
    fn json_lines_read_a_line_at_a_time_match_a_whole_read() {
        let options = ReadOptions::default();
        let with_bom = [b"\xEF\xBB\xBF", LINES.as_bytes()].concat();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("s.jsonl", LINES.as_bytes().to_vec()),
            ("s.jsonl.gz", gzip(LINES.as_bytes())),
            ("s.jsonl.zst", zstd(LINES.as_bytes())),
            ("bom.jsonl", with_bom),
            ("by-content", LINES.as_bytes().to_vec()),
        ];
        for (name, bytes) in cases {
            let (streamed, records) = both_ways(name, &bytes, &options);
            assert!(streamed, "{name} is streamed");
            assert_eq!(records.len(), 3, "{name}: {records:?}");
            assert!(
                records[2].starts_with(&format!("{name}#4 None")),
                "{records:?}"
            );
        }
    }

    #[test]
    fn inputs_a_whole_read_refuses_are_refused_in_the_same_words() {
        let options = ReadOptions {
            max_decompressed_bytes: 100,
            ..ReadOptions::default()
        };
        let mut truncated = gzip(LINES.as_bytes());
        truncated.truncate(truncated.len() - 6);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("bad.jsonl", b"{\"body\": \"\xE9t\xE9\"}\n".to_vec()),
            ("nul.jsonl", b"{\"body\": \"x\"}\n\x00\n".to_vec()),
            ("blank.jsonl", b" \n\n".to_vec()),
            ("bomb.jsonl.gz", gzip(&b" ".repeat(1000))),
            ("truncated.jsonl.gz", truncated),
            ("bomb.warc.zst", zstd(&b"WARC/1.1\r\n".repeat(100))),
        ];
        for (name, bytes) in cases {
            let (streamed, records) = both_ways(name, &bytes, &options);
            assert!(streamed, "{name} is streamed");
            assert_eq!(records.len(), 1, "{name}: {records:?}");
            assert!(
                records[0].starts_with(&format!("{name} Some")),
                "{records:?}"
            );
        }
    }

    #[test]
    fn other_inputs_are_read_whole() {
        let options = ReadOptions::default();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(LINES.encode_utf16().flat_map(u16::to_le_bytes));
        let over = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        for (name, bytes, options) in [
            ("s.txt", b"Title\n\nBody.".to_vec(), &options),
            ("s.json", b"[{\"body\": \"x\"}]".to_vec(), &options),
            ("utf16.jsonl", utf16, &options),
            ("big.jsonl", LINES.as_bytes().to_vec(), &over),
        ] {
            let (streamed, records) = both_ways(name, &bytes, options);
            assert!(!streamed, "{name} is read whole");
            assert!(!records.is_empty());
        }
    }

    #[test]
    fn a_first_line_too_long_to_tell_json_lines_by_is_read_whole() {
        let long = format!(
            "{{\"title\": \"T\", \"body\": \"{}\"}}\n",
            "x".repeat(70_000)
        );
        let (streamed, records) = both_ways("long", long.as_bytes(), &ReadOptions::default());
        assert!(!streamed);
        assert_eq!(records.len(), 1);
        let (streamed, _) = both_ways("long.jsonl", long.as_bytes(), &ReadOptions::default());
        assert!(streamed, "the extension says JSON Lines");
    }

    #[test]
    fn the_reading_stops_when_the_consumer_asks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, LINES.repeat(10)).expect("write");
        let mut taken = 0;
        let flow = read(&path, "s.jsonl", &ReadOptions::default(), &mut |_| {
            taken += 1;
            if taken == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(flow, Some(ControlFlow::Break(())));
        assert_eq!(taken, 2);
    }
}
