//! Inputs → raw records.
//!
//! `read` finds the input files (walking directories in sorted byte order),
//! reads each one within the size limit (decompressing gzip and Zstandard,
//! opening zip archives to read each file inside as an input of its own:
//! [`zip`]), decodes it ([`text::decode`]), tells its format from its extension or
//! content ([`format::detect`]) unless `--input-format` named it, and hands over [`Record`]s whose
//! [`Raw`](crate::record::Raw) holds the text and what the container said
//! about it: one record for a text, HTML or Markdown file, one per line,
//! element or item for JSON Lines, JSON and feeds. What cannot be read as a
//! statement (unreadable, too large, binary, not UTF-8, empty, malformed)
//! becomes a record that is already rejected, so the run goes on and nothing
//! is lost.

#[cfg(test)]
mod compressed_bytes;
pub mod depth;
pub mod discover;
pub mod feed;
pub mod field_map;
pub mod format;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod meta;
mod stream;
pub mod text;
pub mod warc;
pub mod zip;

pub use discover::{Input, discover};
pub use format::InputFormat;

use std::io::Read;
use std::ops::ControlFlow;

use crate::record::{RawFormat, Record, RejectReason};

/// Limits and choices for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Inputs larger than this many bytes are rejected as `too_large`.
    pub max_bytes: u64,
    /// One record (a single-statement file, a JSON line or element, a feed
    /// item, a WARC page) larger than this many bytes is rejected as
    /// `too_large` alone.
    pub max_record_bytes: u64,
    /// A compressed input that decompresses to more than this many bytes is
    /// rejected as `too_large`.
    pub max_decompressed_bytes: u64,
    /// Read every input as this format (`--input-format`) instead of
    /// telling it from its extension and content.
    pub format: Option<InputFormat>,
    /// Where the fields of JSON objects sit when their names are not
    /// recognised (`--map FIELD=PATH`).
    pub field_map: Vec<field_map::Mapping>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 16 * 1024 * 1024,
            max_record_bytes: 4 * 1024 * 1024,
            max_decompressed_bytes: 256 * 1024 * 1024,
            format: None,
            field_map: Vec::new(),
        }
    }
}

/// Why an input (or one record of it) cannot be used: the reject reason
/// and a sentence saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: RejectReason,
    pub detail: String,
}

impl Refusal {
    pub fn new(reason: RejectReason, detail: impl Into<String>) -> Refusal {
        Refusal {
            reason,
            detail: detail.into(),
        }
    }
}

/// Where a reader hands its records, one at a time and in input order:
/// it returns `Break` to stop the reading (the consumer failed), else
/// `Continue`.
pub type Emit<'a> = dyn FnMut(Record) -> ControlFlow<()> + 'a;

/// Reads one input, handing its records to `emit` in order (see
/// [`read_input`] for all of them at once): one for a
/// plain-text, HTML or Markdown file, one per line or element for JSON
/// Lines and JSON, one per item for an RSS or Atom feed, one per HTML
/// response for a WARC file. An input that cannot be read at all is one
/// rejected record.
///
/// JSON Lines and WARC files are read a record at a time
/// ([`stream`]): memory holds one record, not the file. The other formats
/// need the whole document, which `--max-bytes` bounds.
pub fn read_each(input: &Input, options: &ReadOptions, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let mut checked = |mut record: Record| {
        refuse_oversized(&mut record, options.max_record_bytes);
        refuse_too_deep(&mut record);
        emit(record)
    };
    if let Some(path) = &input.path
        && let Some(streamed) = stream::read(path, &input.source, options, &mut checked)
    {
        return streamed;
    }
    read_whole(input, options, &mut checked)
}

/// Every record of one input (see [`read_each`]), for callers that want
/// them all at once.
pub fn read_input(input: &Input, options: &ReadOptions) -> Vec<Record> {
    let mut records = Vec::new();
    let _ = read_each(input, options, &mut |record| {
        records.push(record);
        ControlFlow::Continue(())
    });
    records
}

/// Rejects an accepted record whose HTML (body, or a title given as HTML)
/// nests too deeply to parse safely, before any stage parses it.
fn refuse_too_deep(record: &mut Record) {
    if !record.is_accepted() || record.raw.format != RawFormat::Html {
        return;
    }
    let title = record.raw.meta.title.as_deref().unwrap_or("");
    let checked = depth::check(&record.raw.text).and_then(|()| depth::check(title));
    if let Err(detail) = checked {
        record.raw.text = String::new();
        record.reject(RejectReason::Malformed, detail);
    }
}

/// Rejects an accepted record whose text is over `limit` bytes, and lets
/// its text go.
fn refuse_oversized(record: &mut Record, limit: u64) {
    let size = record.raw.text.len() as u64;
    if record.is_accepted() && size > limit {
        record.raw.text = String::new();
        record.reject(
            RejectReason::TooLarge,
            format!(
                "this record is {size} bytes, over the limit of {limit} bytes for one record; \
                 raise --max-record-bytes if it is a real statement"
            ),
        );
    }
}

/// The record of an input refused as a whole.
fn refused(source: &str, refusal: Refusal) -> Record {
    let mut record = Record::new(source, Default::default());
    record.reject(refusal.reason, refusal.detail);
    record
}

/// The name an input's format is told from: without `.gz` or `.zst`.
fn without_compression_suffix(source: &str) -> &str {
    [".gz", ".zst"]
        .iter()
        .find_map(|suffix| strip_suffix_ignore_case(source, suffix))
        .unwrap_or(source)
}

/// Reads an input whole into memory (within `--max-bytes`), then into its
/// records.
fn read_whole(input: &Input, options: &ReadOptions, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let bytes = load(input, options.max_bytes)
        .and_then(|bytes| decompress_if_compressed(bytes, options.max_decompressed_bytes));
    match bytes {
        Ok(bytes) => read_bytes(&input.source, &bytes, options, emit),
        Err(refusal) => emit(refused(&input.source, refusal)),
    }
}

/// Reads the (already decompressed) bytes of the input named `source`
/// into its records.
pub fn read_bytes(
    source: &str,
    bytes: &[u8],
    options: &ReadOptions,
    emit: &mut Emit<'_>,
) -> ControlFlow<()> {
    let name = without_compression_suffix(source);
    if format::is_zip(name, bytes) {
        return each(zip::read(source, bytes, options), emit);
    }
    read_file_bytes(source, name, bytes, options, emit)
}

/// The records of a file inside an archive (`name`: its name without a
/// compression suffix), or the refusal of its bytes.
fn read_loaded(
    source: &str,
    name: &str,
    bytes: Result<Vec<u8>, Refusal>,
    options: &ReadOptions,
) -> Vec<Record> {
    let mut records = Vec::new();
    let mut collect = |record| {
        records.push(record);
        ControlFlow::Continue(())
    };
    let _ = match bytes {
        Ok(bytes) => read_file_bytes(source, name, &bytes, options, &mut collect),
        Err(refusal) => collect(refused(source, refusal)),
    };
    records
}

/// Reads the decompressed bytes of a file that is not an archive (`name`:
/// its name without a compression suffix) into its records.
fn read_file_bytes(
    source: &str,
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    emit: &mut Emit<'_>,
) -> ControlFlow<()> {
    let is_warc = match options.format {
        Some(format) => format == InputFormat::Warc,
        None => format::is_warc(name, bytes),
    };
    if is_warc {
        return warc::read_each(source, bytes, options.max_record_bytes, emit);
    }
    let text = match text::decode(bytes) {
        Ok(text) => text,
        Err(refusal) => return emit(refused(source, refusal)),
    };
    let format = options
        .format
        .unwrap_or_else(|| format::detect(name, &text));
    match format {
        InputFormat::Text => emit(text::record(source, text)),
        InputFormat::Markdown => emit(markdown::record(source, &text)),
        InputFormat::Html => emit(html::record(source, text)),
        InputFormat::JsonLines => {
            let lines = jsonl::Lines {
                source,
                max_line_bytes: options.max_record_bytes,
                mappings: &options.field_map,
            };
            // Reading from memory cannot fail.
            lines
                .read(&mut text.as_bytes(), emit)
                .unwrap_or(ControlFlow::Continue(()))
        }
        InputFormat::Json => each(
            jsonl::read_document(source, &text, &options.field_map),
            emit,
        ),
        InputFormat::Feed => each(feed::read(source, &text), emit),
        InputFormat::Warc => {
            warc::read_each(source, text.as_bytes(), options.max_record_bytes, emit)
        }
    }
}

/// Hands `records` to `emit` one by one.
fn each(records: Vec<Record>, emit: &mut Emit<'_>) -> ControlFlow<()> {
    records.into_iter().try_for_each(emit)
}

/// Reads the bytes of an input, at most `limit + 1` of them, so an
/// oversized file is refused without reading all of it.
fn load(input: &Input, limit: u64) -> Result<Vec<u8>, Refusal> {
    if let Some(loaded) = discover::load_object(input, limit) {
        return loaded;
    }
    let mut bytes = Vec::new();
    let result = match &input.path {
        Some(path) => std::fs::File::open(path)
            .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes)),
        None => std::io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes),
    };
    if let Err(error) = result {
        return Err(Refusal::new(
            RejectReason::Unreadable,
            format!("cannot read it ({error}); check that it exists and is readable"),
        ));
    }
    if bytes.len() as u64 > limit {
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!(
                "larger than the limit of {limit} bytes; raise --max-bytes if it is a real \
                 statement"
            ),
        ));
    }
    Ok(bytes)
}

/// The first two bytes of every gzip file.
const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];
/// The first four bytes of every Zstandard frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// True when `bytes` start like gzip or Zstandard data.
fn is_compressed(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC) || bytes.starts_with(&ZSTD_MAGIC)
}

/// Decompresses gzip (all members) or Zstandard data, recognised by its
/// magic bytes whatever the file is called, refusing output over `limit`
/// bytes so that a small compressed file cannot fill the memory.
fn decompress_if_compressed(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (kind, decoder): (&str, Box<dyn Read + '_>) = if bytes.starts_with(&GZIP_MAGIC) {
        let decoder = flate2::read::MultiGzDecoder::new(bytes.as_slice());
        ("gzip", Box::new(decoder))
    } else if bytes.starts_with(&ZSTD_MAGIC) {
        match zstd::stream::read::Decoder::with_buffer(bytes.as_slice()) {
            Ok(decoder) => ("zstd", Box::new(decoder)),
            Err(error) => return Err(damaged("zstd", &error)),
        }
    } else {
        return Ok(bytes);
    };
    let mut out = Vec::new();
    if let Err(error) = decoder.take(limit.saturating_add(1)).read_to_end(&mut out) {
        return Err(damaged(kind, &error));
    }
    if out.len() as u64 > limit {
        return Err(decompressed_too_large(limit));
    }
    Ok(out)
}

fn decompressed_too_large(limit: u64) -> Refusal {
    Refusal::new(
        RejectReason::TooLarge,
        format!(
            "decompresses to more than the limit of {limit} bytes for decompressed \
             input; raise --max-decompressed-bytes if it holds real statements, or split it"
        ),
    )
}

fn damaged(kind: &str, error: &std::io::Error) -> Refusal {
    Refusal::new(
        RejectReason::Malformed,
        format!("a damaged {kind} file ({error}); compress it again or give it uncompressed"),
    )
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let at = name.len().checked_sub(suffix.len())?;
    let tail = name.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &name[..at])
}

/// The text of a file of the shared test material (`../shared/...`).
#[cfg(test)]
pub(crate) fn shared_text(relative: &str) -> String {
    let path = format!("{}/../shared/{relative}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read the shared test file {path}: {error}"),
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::read::compressed_bytes::gzip;

    fn read_file(name: &str, bytes: &[u8], options: &ReadOptions) -> Vec<Record> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let input = Input {
            path: Some(path),
            source: name.to_string(),
        };
        read_input(&input, options)
    }

    #[test]
    fn reads_gzip_compressed_inputs_by_their_inner_format() {
        let lines =
            gzip(b"{\"title\": \"A\", \"body\": \"x\"}\n{\"title\": \"B\", \"body\": \"y\"}\n");
        let records = read_file("feed.jsonl.gz", &lines, &ReadOptions::default());
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].source, "feed.jsonl.gz#2");
        assert_eq!(records[1].raw.meta.title.as_deref(), Some("B"));
        let text = read_file(
            "s.txt.GZ",
            &gzip("بيان\n\nنص".as_bytes()),
            &ReadOptions::default(),
        );
        assert_eq!(text[0].raw.text, "بيان\n\nنص");
    }

    #[test]
    fn reads_zstd_compressed_inputs_and_refuses_zstd_bombs() {
        let lines = b"{\"title\": \"A\", \"body\": \"x\"}\n{\"title\": \"B\", \"body\": \"y\"}\n";
        let compressed = zstd::encode_all(&lines[..], 3).expect("compress");
        let records = read_file("feed.jsonl.zst", &compressed, &ReadOptions::default());
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].raw.meta.title.as_deref(), Some("B"));
        let bomb = zstd::encode_all(&vec![b'a'; 100_000][..], 3).expect("compress");
        let options = ReadOptions {
            max_decompressed_bytes: 1_000,
            ..ReadOptions::default()
        };
        let records = read_file("big.txt.zst", &bomb, &options);
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::TooLarge);
        assert!(
            reject.detail.contains("--max-decompressed-bytes"),
            "{}",
            reject.detail
        );
        let mut damaged = compressed.clone();
        damaged.truncate(damaged.len() - 4);
        let records = read_file("d.jsonl.zst", &damaged, &ReadOptions::default());
        assert_eq!(
            records[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Malformed)
        );
    }

    #[test]
    fn refuses_gzip_bombs_and_damaged_gzip() {
        let big = gzip(&vec![b'a'; 10_000]);
        let records = read_file(
            "big.txt.gz",
            &big,
            &ReadOptions {
                max_decompressed_bytes: 1_000,
                ..ReadOptions::default()
            },
        );
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::TooLarge);
        assert!(reject.detail.contains("decompresses"), "{}", reject.detail);
        let mut damaged = gzip(b"Title\n\nBody");
        damaged.truncate(damaged.len() - 6);
        let records = read_file("d.txt.gz", &damaged, &ReadOptions::default());
        assert_eq!(
            records[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Malformed)
        );
    }

    #[test]
    fn one_oversized_record_is_rejected_alone() {
        let big = "x".repeat(300);
        let lines = format!(
            "{{\"title\": \"A\", \"body\": \"{big}\"}}\n{{\"title\": \"B\", \"body\": \"y\"}}\n"
        );
        let options = ReadOptions {
            max_record_bytes: 200,
            ..ReadOptions::default()
        };
        let records = read_file("s.jsonl", lines.as_bytes(), &options);
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::TooLarge);
        assert!(
            reject.detail.contains("--max-record-bytes"),
            "{}",
            reject.detail
        );
        assert!(records[0].raw.text.is_empty());
        assert!(records[1].is_accepted());
    }

    #[test]
    fn reads_a_file_and_rejects_an_oversized_one() {
        let records = read_file("s.txt", b"Title\n\nBody.\n", &ReadOptions::default());
        assert!(records[0].is_accepted());
        assert_eq!(records[0].raw.text, "Title\n\nBody.\n");
        let records = read_file(
            "s.txt",
            b"Title\n\nBody.\n",
            &ReadOptions {
                max_bytes: 5,
                ..ReadOptions::default()
            },
        );
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::TooLarge);
        assert!(reject.detail.contains("--max-bytes"), "{}", reject.detail);
    }

    #[test]
    fn the_input_format_option_overrides_detection() {
        let markup = b"<p>Title</p><p>Body.</p>";
        let detected = read_file("s.txt", markup, &ReadOptions::default());
        assert_eq!(detected[0].raw.format, crate::record::RawFormat::PlainText);
        let html = ReadOptions {
            format: Some(InputFormat::Html),
            ..ReadOptions::default()
        };
        let forced = read_file("s.txt", markup, &html);
        assert_eq!(forced[0].raw.format, crate::record::RawFormat::Html);
        let lines = ReadOptions {
            format: Some(InputFormat::JsonLines),
            ..ReadOptions::default()
        };
        let records = read_file(
            "feed.txt.gz",
            &gzip(b"{\"title\": \"A\", \"body\": \"x\"}\n"),
            &lines,
        );
        assert_eq!(records[0].source, "feed.txt.gz#1");
        assert_eq!(records[0].raw.meta.title.as_deref(), Some("A"));
    }

    #[test]
    fn rejects_an_unreadable_file() {
        let input = Input {
            path: Some("no/such/file.txt".into()),
            source: "file.txt".into(),
        };
        let records = read_input(&input, &ReadOptions::default());
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::Unreadable);
        assert!(
            reject.detail.contains("check that it exists"),
            "{}",
            reject.detail
        );
    }

    #[test]
    fn one_unreadable_input_is_one_rejected_record() {
        let records = read_file("bin.txt", b"\x00\x01", &ReadOptions::default());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].source, "bin.txt");
        assert_eq!(
            records[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Binary)
        );
    }
}
