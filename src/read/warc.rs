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

use std::io::Read;

use super::meta::parse_date;
use super::{Refusal, html, text};
use crate::record::{Record, RejectReason};

/// True when `bytes` start like a WARC file.
pub fn is_warc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/")
}

/// The statements of the WARC file `source`; `max_record_bytes` caps a
/// page once its content coding is undone.
pub fn read(source: &str, bytes: &[u8], max_record_bytes: u64) -> Vec<Record> {
    let mut records = Vec::new();
    let mut rest = bytes;
    let mut number = 0;
    loop {
        rest = trim_line_ends(rest);
        if rest.is_empty() {
            break;
        }
        number += 1;
        let name = format!("{source}#{number}");
        match next_record(rest) {
            Ok((warc, after)) => {
                rest = after;
                if let Some(record) = statement(&name, &warc, max_record_bytes) {
                    records.push(record);
                }
            }
            Err(detail) => {
                records.push(rejected(&name, RejectReason::Malformed, detail));
                break;
            }
        }
    }
    records
}

/// One WARC record: its headers (names lower-cased) and block.
struct WarcRecord<'a> {
    headers: Vec<(String, String)>,
    block: &'a [u8],
}

impl WarcRecord<'_> {
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

/// Splits the next WARC record off `bytes`.
fn next_record(bytes: &[u8]) -> Result<(WarcRecord<'_>, &[u8]), String> {
    if !is_warc(bytes) {
        return Err(
            "does not start with a WARC/1.x version line; the file is damaged from here on"
                .to_string(),
        );
    }
    let (head, body) = split_head(bytes)
        .ok_or("its WARC headers never end (no blank line); the file is truncated")?;
    let headers = header_lines(head);
    let length: usize = header(&headers, "content-length")
        .and_then(|n| n.trim().parse().ok())
        .ok_or("has no valid Content-Length header; the file is damaged")?;
    let block = body.get(..length).ok_or(format!(
        "declares {length} bytes of content but the file ends first; it is truncated"
    ))?;
    Ok((WarcRecord { headers, block }, &body[length..]))
}

/// The statement a WARC record holds, if it holds one.
fn statement(name: &str, warc: &WarcRecord, max_record_bytes: u64) -> Option<Record> {
    if !warc
        .header("warc-type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let (head, payload) = split_head(warc.block)?;
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
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!(
                "its page is over the limit of {limit} bytes for one record; raise \
                 --max-record-bytes if it is a real statement"
            ),
        ));
    }
    Ok(bytes)
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

fn trim_line_ends(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    &bytes[start..]
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
