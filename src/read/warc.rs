//! WARC archives (ISO 28500), the files web crawlers write: each HTML page
//! the crawler fetched is a statement.
//!
//! A WARC file is a sequence of records, each a `WARC/1.x` version line,
//! header lines, a blank line and a block of `Content-Length` bytes. For
//! bayan a WARC *record* is a `response` record whose HTTP response is a
//! success (2xx) with an HTML content type: it becomes one [`Record`] named
//! `path#N`, N the 1-based position of the WARC record in the file. The
//! other WARC records (`warcinfo`, `request`, `metadata`, `revisit`,
//! `resource`…) and responses with other payloads (images, scripts, style
//! sheets, redirects) describe the crawl, not statements: they are skipped,
//! neither statements nor rejects. A damaged record rejects itself and ends
//! the reading (its length cannot be trusted).
//!
//! The page's own metadata comes first; `WARC-Target-URI` is the URL when
//! the page has no canonical link, `WARC-Date` the date when the page has
//! none. Chunked transfer coding and gzip/deflate content codings are
//! undone; a gzip-per-record `.warc.gz` is already one stream once the
//! multi-member gzip reader has read it.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;

use super::meta::parse_date;
use super::{Emit, Refusal, html, text};
use crate::record::{Record, RejectReason};

/// True when `bytes` start like a WARC file.
pub fn is_warc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/")
}

/// Longest WARC header section read before the file is taken for damaged.
const MAX_HEAD_BYTES: u64 = 64 * 1024;

/// The statements of the WARC file `source`; `max_record_bytes` caps a
/// page once its content coding is undone.
pub fn read(source: &str, bytes: &[u8], max_record_bytes: u64) -> Vec<Record> {
    let mut records = Vec::new();
    let _ = read_each(source, bytes, max_record_bytes, &mut |record| {
        records.push(record);
        ControlFlow::Continue(())
    });
    records
}

/// [`read`], handing each statement to `emit`.
pub fn read_each(
    source: &str,
    mut bytes: &[u8],
    max_record_bytes: u64,
    emit: &mut Emit<'_>,
) -> ControlFlow<()> {
    // Reading from memory cannot fail.
    read_stream(source, &mut bytes, max_record_bytes, emit).unwrap_or(ControlFlow::Continue(()))
}

/// Reads the WARC file `source` from `input` a WARC record at a time,
/// handing each statement to `emit` until it asks to stop: memory holds
/// one WARC record, and the block of a record too large to be a statement
/// is skipped unread. Fails only when `input` cannot be read.
pub fn read_stream(
    source: &str,
    input: &mut dyn BufRead,
    max_record_bytes: u64,
    emit: &mut Emit<'_>,
) -> std::io::Result<ControlFlow<()>> {
    let mut number = 0;
    loop {
        skip_line_ends(input)?;
        if input.fill_buf()?.is_empty() {
            return Ok(ControlFlow::Continue(()));
        }
        number += 1;
        let name = format!("{source}#{number}");
        let record = match next_record(input, block_limit(max_record_bytes))? {
            Ok(warc) => statement(&name, &warc, max_record_bytes),
            Err(detail) => {
                let _ = emit(rejected(&name, RejectReason::Malformed, detail));
                return Ok(ControlFlow::Break(()));
            }
        };
        if let Some(record) = record
            && emit(record).is_break()
        {
            return Ok(ControlFlow::Break(()));
        }
    }
}

/// The largest block kept whole: an HTTP response whose page may be within
/// `max_record_bytes` once its transfer coding is undone. A larger block is
/// too large to be a statement; only its start is kept, to tell what it is.
fn block_limit(max_record_bytes: u64) -> u64 {
    max_record_bytes
        .saturating_mul(2)
        .saturating_add(MAX_HEAD_BYTES)
}

/// One WARC record: its headers (names lower-cased) and block.
struct WarcRecord {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
    /// False when the block was over the limit and only its start kept.
    whole: bool,
}

impl WarcRecord {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Reads the next WARC record off `input`, keeping at most `limit` bytes
/// of its block; the error (inner) says why the file is damaged from here.
fn next_record(input: &mut dyn BufRead, limit: u64) -> std::io::Result<Result<WarcRecord, String>> {
    let Some(head) = read_head(input)? else {
        return Ok(Err(
            "its WARC headers never end (no blank line); the file is truncated".to_string(),
        ));
    };
    if !is_warc(&head) {
        return Ok(Err(
            "does not start with a WARC/1.x version line; the file is damaged from here on"
                .to_string(),
        ));
    }
    let headers = header_lines(&head);
    let Some(length) =
        header(&headers, "content-length").and_then(|n| n.trim().parse::<u64>().ok())
    else {
        return Ok(Err(
            "has no valid Content-Length header; the file is damaged".to_string(),
        ));
    };
    let kept = length.min(limit);
    let mut block = Vec::new();
    Read::take(&mut *input, kept).read_to_end(&mut block)?;
    let skipped = std::io::copy(
        &mut Read::take(&mut *input, length - kept),
        &mut std::io::sink(),
    )?;
    if (block.len() as u64) + skipped < length {
        return Ok(Err(format!(
            "declares {length} bytes of content but the file ends first; it is truncated"
        )));
    }
    Ok(Ok(WarcRecord {
        headers,
        block,
        whole: kept == length,
    }))
}

/// The header section of the next record, up to (not with) its blank
/// line; `None` when the input ends first or it is over
/// [`MAX_HEAD_BYTES`].
fn read_head(input: &mut dyn BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    loop {
        let room = MAX_HEAD_BYTES.saturating_sub(head.len() as u64);
        let start = head.len();
        let read = Read::take(&mut *input, room).read_until(b'\n', &mut head)?;
        let line = &head[start..];
        if read == 0 || !line.ends_with(b"\n") {
            return Ok(None);
        }
        if line == b"\n" || line == b"\r\n" {
            head.truncate(start);
            return Ok(Some(head));
        }
    }
}

/// Skips the line breaks between two records.
fn skip_line_ends(input: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        let ends = buffer
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let all = buffer.len();
        input.consume(ends);
        if ends < all || all == 0 {
            return Ok(());
        }
    }
}

/// The statement a WARC record holds, if it holds one.
fn statement(name: &str, warc: &WarcRecord, max_record_bytes: u64) -> Option<Record> {
    if !warc
        .header("warc-type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let (head, payload) = split_head(&warc.block)?;
    let mut lines = head_lines(head);
    let status = lines.next()?;
    let success = status
        .split_whitespace()
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    let headers: Vec<(String, String)> = header_lines_of(lines);
    let is_html = header(&headers, "content-type").is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.starts_with("text/html") || t.starts_with("application/xhtml+xml")
    });
    if !success || !is_html {
        return None;
    }
    if !warc.whole {
        return Some(rejected(
            name,
            RejectReason::TooLarge,
            too_large_page(max_record_bytes),
        ));
    }
    let page =
        decoded_payload(&headers, payload, max_record_bytes).and_then(|bytes| text::decode(&bytes));
    let html = match page {
        Ok(html) => html,
        Err(refusal) => return Some(rejected(name, refusal.reason, refusal.detail)),
    };
    let mut record = html::record(name, html);
    let meta = &mut record.raw.meta;
    if meta.url.is_none() {
        meta.url = warc
            .header("warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string());
    }
    if meta.published.is_none() {
        meta.published = warc.header("warc-date").and_then(parse_date);
    }
    Some(record)
}

/// The page bytes once the transfer and content codings are undone.
fn decoded_payload(
    headers: &[(String, String)],
    payload: &[u8],
    limit: u64,
) -> Result<Vec<u8>, Refusal> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(payload).ok_or_else(|| {
            Refusal::new(
                RejectReason::Malformed,
                "its chunked HTTP body is damaged; re-crawl the page or give it as HTML",
            )
        })?
    } else {
        payload.to_vec()
    };
    let coding = header(headers, "content-encoding").map(|c| c.trim().to_ascii_lowercase());
    let reader: Box<dyn Read + '_> = match coding.as_deref() {
        None | Some("identity") | Some("") => return within(body, limit),
        Some("gzip") | Some("x-gzip") => Box::new(flate2::read::MultiGzDecoder::new(&body[..])),
        Some("deflate") => Box::new(flate2::read::ZlibDecoder::new(&body[..])),
        Some(other) => {
            return Err(Refusal::new(
                RejectReason::Malformed,
                format!(
                    "its page is compressed with {other:?}, which bayan does not read; give \
                     the page as HTML"
                ),
            ));
        }
    };
    let mut out = Vec::new();
    if let Err(error) = reader.take(limit.saturating_add(1)).read_to_end(&mut out) {
        return Err(Refusal::new(
            RejectReason::Malformed,
            format!("its compressed page is damaged ({error}); re-crawl it or give it as HTML"),
        ));
    }
    within(out, limit)
}

fn within(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, Refusal> {
    if bytes.len() as u64 > limit {
        return Err(Refusal::new(RejectReason::TooLarge, too_large_page(limit)));
    }
    Ok(bytes)
}

fn too_large_page(limit: u64) -> String {
    format!(
        "its page is over the limit of {limit} bytes for one record; raise \
         --max-record-bytes if it is a real statement"
    )
}

/// The body of a chunked HTTP message.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size..)?;
        bytes = bytes.strip_prefix(b"\r\n").unwrap_or(bytes);
    }
}

/// Splits a message at its first blank line (CRLF or LF).
fn split_head(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| (at, 4));
    let lf = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|at| (at, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&bytes[..at], &bytes[at + len..]))
}

fn head_lines(head: &[u8]) -> impl Iterator<Item = String> + '_ {
    head.split(|&b| b == b'\n').map(|line| {
        String::from_utf8_lossy(line)
            .trim_end_matches('\r')
            .to_string()
    })
}

/// The `Name: value` lines after the first line, names lower-cased.
fn header_lines(head: &[u8]) -> Vec<(String, String)> {
    header_lines_of(head_lines(head).skip(1))
}

fn header_lines_of(lines: impl Iterator<Item = String>) -> Vec<(String, String)> {
    lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect()
}

fn rejected(name: &str, reason: RejectReason, detail: impl Into<String>) -> Record {
    let mut record = Record::new(name, Default::default());
    record.reject(reason, detail);
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WARC record of `kind` with `block`.
    fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2022-03-03T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
        let mut out =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    const PAGE: &str = "<html><head><title>Statement on Talks</title></head><body>\
                        <p>The ministers met today.</p></body></html>";

    #[test]
    fn html_responses_are_statements_and_the_rest_is_skipped() {
        let mut file = warc_record("warcinfo", "", b"software: test\r\n");
        file.extend(warc_record(
            "request",
            "https://example.gov/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        file.extend(warc_record(
            "response",
            "https://example.gov/a",
            &http("text/html; charset=utf-8", "", PAGE.as_bytes()),
        ));
        file.extend(warc_record(
            "response",
            "https://example.gov/logo.png",
            &http("image/png", "", b"\x89PNG\x00"),
        ));
        let records = read("crawl.warc", &file, 1 << 20);
        assert_eq!(records.len(), 1);
        let record = &records[0];
        assert_eq!(record.source, "crawl.warc#3");
        assert_eq!(
            record.raw.meta.url.as_deref(),
            Some("https://example.gov/a")
        );
        assert_eq!(
            record.raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2022, 3, 3)
        );
        assert!(record.raw.text.contains("ministers met"));
    }

    #[test]
    fn chunked_and_gzip_pages_are_decoded() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(PAGE.as_bytes()).expect("compress");
        let gzipped = encoder.finish().expect("compress");
        let mut chunked = format!("{:x}\r\n", gzipped.len()).into_bytes();
        chunked.extend_from_slice(&gzipped);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let extra = "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
        let file = warc_record(
            "response",
            "https://example.gov/b",
            &http("text/html", extra, &chunked),
        );
        let records = read("c.warc", &file, 1 << 20);
        assert_eq!(records[0].raw.text, PAGE);
        let records = read("c.warc", &file, 10);
        assert_eq!(
            records[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::TooLarge)
        );
    }

    #[test]
    fn a_truncated_record_rejects_itself() {
        let mut file = warc_record(
            "response",
            "https://example.gov/a",
            &http("text/html", "", PAGE.as_bytes()),
        );
        let mut broken = warc_record(
            "response",
            "https://example.gov/b",
            &http("text/html", "", PAGE.as_bytes()),
        );
        broken.truncate(broken.len() - 40);
        file.extend(broken);
        let records = read("t.warc", &file, 1 << 20);
        assert_eq!(records.len(), 2);
        assert!(records[0].is_accepted());
        let reject = records[1].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::Malformed);
        assert!(reject.detail.contains("truncated"), "{}", reject.detail);
    }
}
