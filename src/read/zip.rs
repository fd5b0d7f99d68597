//! Zip archives: every regular file inside is read as an input of its own.
//!
//! An archive is an input like any other (at most `--max-bytes` of it are
//! read, into memory). Its entries are read in the byte order of their
//! names, each as if it were a file: its format told by its name and
//! content (or `--input-format`), gzip or Zstandard inside undone, and its
//! records named `archive.zip!/path/in/archive`, plus `#N` for the Nth
//! record of a multi-record entry, as for files (`archive.zip!/feed.jsonl#2`).
//!
//! Nothing is ever extracted to disk: an entry's name is only a label, never
//! a path bayan writes to. Still, what an unpacking tool would be tricked by
//! is refused, each as a reject of its own so that a hostile archive shows
//! in `rejects.csv`: names with a `..` component or an absolute path
//! (`malformed`); symbolic links, devices, pipes and sockets; encrypted
//! entries; compression methods bayan does not read; and a zip archive
//! inside the archive, which is not opened (one level only, so archives
//! nested like Russian dolls cannot multiply the work; `unreadable`).
//! Directory entries are skipped.
//!
//! Limits: an archive of more than [`MAX_ENTRIES`] entries is refused whole;
//! each entry decompresses to at most `--max-bytes`, and all of them
//! together (gzip or Zstandard inside them included) to at most
//! `--max-decompressed-bytes`, counted as the bytes come out, whatever the
//! headers declare. An archive whose directory cannot be read (truncated,
//! damaged, or called `.zip` without being one) is one `malformed` reject:
//! without the central directory, which is at its end, its entries cannot
//! be told apart from their local headers safely (whether an entry is a
//! link is written only there). A damaged entry rejects only itself.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::read::ZipFileEntry;

use super::{ReadOptions, Refusal, format};
use crate::record::{Record, RejectReason};

/// The most entries one archive may have. An archive of statements rarely
/// holds more than a few thousand; far more is a sign of a hostile or
/// mistaken archive, and each entry costs a reject row at least.
pub const MAX_ENTRIES: usize = 100_000;

/// The file type bits of a Unix mode, and the types among them.
const FILE_TYPE_MASK: u32 = 0o170_000;
const REGULAR_FILE: u32 = 0o100_000;
const DIRECTORY: u32 = 0o040_000;
const SYMBOLIC_LINK: u32 = 0o120_000;

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Reads the zip archive `bytes`, the input `source`: the records of its
/// files in the byte order of their names, or one rejected record when it
/// cannot be opened or holds no file.
pub fn read(source: &str, bytes: &[u8], options: &ReadOptions) -> Vec<Record> {
    let mut archive = match open(bytes, MAX_ENTRIES) {
        Ok(archive) => archive,
        Err(refusal) => return vec![super::refused(source, refusal)],
    };
    let mut budget = options.max_decompressed_bytes;
    let mut records = Vec::new();
    for (name, index) in listing(&archive) {
        let entry_source = format!("{source}!/{name}");
        match read_entry(&mut archive, index, &entry_source, options, &mut budget) {
            Ok(None) => {}
            Ok(Some(bytes)) => {
                let name = super::without_compression_suffix(&entry_source);
                records.extend(super::read_loaded(&entry_source, name, Ok(bytes), options));
            }
            Err(refusal) => records.push(super::refused(&entry_source, refusal)),
        }
    }
    if records.is_empty() {
        let refusal = Refusal::new(
            RejectReason::Empty,
            "the zip archive holds no files (nothing, or directories only); check that it \
             was packed with the statements in it",
        );
        return vec![super::refused(source, refusal)];
    }
    records
}

/// Opens the archive and reads its central directory, refusing one of
/// more than `max_entries` entries.
fn open(bytes: &[u8], max_entries: usize) -> Result<Archive<'_>, Refusal> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        Refusal::new(
            RejectReason::Malformed,
            format!(
                "not a readable zip archive ({error}); it may be truncated or damaged: \
                 download or pack it again"
            ),
        )
    })?;
    if archive.len() > max_entries {
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!(
                "the zip archive holds {} entries, over the limit of {max_entries} for \
                 one archive; split it into smaller archives",
                archive.len()
            ),
        ));
    }
    Ok(archive)
}

/// The entries' names and indexes, sorted by name in byte order (then by
/// index, should a name come twice), so the output does not depend on the
/// order the archive was packed in.
fn listing(archive: &Archive<'_>) -> Vec<(String, usize)> {
    let mut entries: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|index| {
            let entry = archive.by_index_data(index).ok()?;
            let name = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            Some((name, index))
        })
        .collect();
    entries.sort_unstable();
    entries
}

/// The decompressed bytes of entry `index` (`None` for a directory),
/// within the limits, with `budget` (the bytes the archive may still
/// decompress to) reduced by what came out.
fn read_entry(
    archive: &mut Archive<'_>,
    index: usize,
    entry_source: &str,
    options: &ReadOptions,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, Refusal> {
    {
        let entry = archive.by_index_data(index).map_err(|e| damaged(&e))?;
        if is_directory(&entry) {
            return Ok(None);
        }
        check_name(&entry)?;
        check_kind(&entry)?;
        check_readable(&entry)?;
    }
    let before = *budget;
    let bytes = inflate(archive, index, options.max_bytes.min(before))?;
    let size = bytes.len() as u64;
    *budget = before.saturating_sub(size);
    if size > before {
        return Err(over_archive_limit(options.max_decompressed_bytes));
    }
    if size > options.max_bytes {
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!(
                "this file in the archive is larger than the limit of {} bytes; raise \
                 --max-bytes if it is a real statement",
                options.max_bytes
            ),
        ));
    }
    let bytes = decompress_inner(bytes, budget).map_err(|refusal| match refusal.reason {
        RejectReason::TooLarge => over_archive_limit(options.max_decompressed_bytes),
        _ => refusal,
    })?;
    let name = super::without_compression_suffix(entry_source);
    if format::is_zip(name, &bytes) {
        return Err(Refusal::new(
            RejectReason::Unreadable,
            "a zip archive inside the zip archive; bayan opens one level of archives only: \
             unpack the outer one and give the inner archive as an input of its own",
        ));
    }
    Ok(Some(bytes))
}

/// Reads at most `limit + 1` decompressed bytes of entry `index`.
fn inflate(archive: &mut Archive<'_>, index: usize, limit: u64) -> Result<Vec<u8>, Refusal> {
    let file = archive.by_index(index).map_err(|e| damaged(&e))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(&e))?;
    Ok(bytes)
}

/// Undoes gzip or Zstandard compression of an entry (`statement.txt.gz`
/// in an archive), within what is left of the archive's `budget`.
fn decompress_inner(bytes: Vec<u8>, budget: &mut u64) -> Result<Vec<u8>, Refusal> {
    if !super::is_compressed(&bytes) {
        return Ok(bytes);
    }
    let bytes = super::decompress_if_compressed(bytes, *budget)?;
    *budget = budget.saturating_sub(bytes.len() as u64);
    Ok(bytes)
}

fn is_directory(entry: &ZipFileEntry<'_>) -> bool {
    entry.is_dir() || entry.unix_mode().map(|mode| mode & FILE_TYPE_MASK) == Some(DIRECTORY)
}

/// Refuses names an unpacking tool could be tricked by: a `..` component,
/// or an absolute path (`/etc/x`, `\x`, `C:x`).
fn check_name(entry: &ZipFileEntry<'_>) -> Result<(), Refusal> {
    let name = String::from_utf8_lossy(entry.name_raw());
    let bytes = name.as_bytes();
    let absolute = name.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':');
    let climbs = name.split(['/', '\\']).any(|part| part == "..");
    let problem = if absolute {
        "is an absolute path"
    } else if climbs {
        "climbs out of the archive with `..`"
    } else if name.contains('\0') {
        "holds a NUL byte"
    } else {
        return Ok(());
    };
    Err(Refusal::new(
        RejectReason::Malformed,
        format!(
            "the name of this file in the archive {problem}, as in archives made to overwrite \
             files when unpacked; bayan unpacks nothing, but refuses it: re-create the \
             archive with relative paths"
        ),
    ))
}

/// Refuses what is not a regular file: links, devices, pipes, sockets.
fn check_kind(entry: &ZipFileEntry<'_>) -> Result<(), Refusal> {
    let kind = entry.unix_mode().map_or(0, |mode| mode & FILE_TYPE_MASK);
    let what = match kind {
        0 | REGULAR_FILE => return Ok(()),
        SYMBOLIC_LINK => "a symbolic link",
        _ => "a device, pipe or socket",
    };
    Err(Refusal::new(
        RejectReason::Unreadable,
        format!(
            "{what}, not a regular file; bayan reads only regular files in an archive, never \
             what a link points to: put the file itself into the archive"
        ),
    ))
}

/// Refuses entries bayan cannot decompress: encrypted ones, and methods
/// other than stored, deflate and Zstandard.
fn check_readable(entry: &ZipFileEntry<'_>) -> Result<(), Refusal> {
    if entry.encrypted() {
        return Err(Refusal::new(
            RejectReason::Unreadable,
            "this file in the archive is encrypted; bayan takes no passwords: give the \
             archive without encryption",
        ));
    }
    let method = entry.compression();
    if !zip::SUPPORTED_COMPRESSION_METHODS.contains(&method) {
        return Err(Refusal::new(
            RejectReason::Unreadable,
            format!(
                "this file in the archive is compressed with {method}, which bayan does not \
                 read (it reads stored, deflate and zstd entries); re-create the archive with \
                 deflate, the usual method"
            ),
        ));
    }
    Ok(())
}

fn over_archive_limit(limit: u64) -> Refusal {
    Refusal::new(
        RejectReason::TooLarge,
        format!(
            "the files of the archive up to this one decompress to more than the limit of \
             {limit} bytes for decompressed input; raise --max-decompressed-bytes if they \
             are real statements, or split the archive"
        ),
    )
}

fn damaged(error: &dyn std::fmt::Display) -> Refusal {
    Refusal::new(
        RejectReason::Malformed,
        format!("this file in the archive is damaged ({error}); pack the archive again"),
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::read::compressed_bytes::gzip;
    use crate::record::RawFormat;

    /// A zip archive of `(name, content)` entries, deflated, in that order.
    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .expect("start an entry");
            writer.write_all(content).expect("write an entry");
        }
        writer.finish().expect("finish the archive").into_inner()
    }

    fn outcomes(records: &[Record]) -> Vec<(String, Option<RejectReason>)> {
        records
            .iter()
            .map(|r| (r.source.clone(), r.reject.as_ref().map(|r| r.reason)))
            .collect()
    }

    /// Sets bytes at `offset` of every central directory header (where the
    /// entry's flags and method are) to `value`.
    fn patch_central_headers(bytes: &mut [u8], offset: usize, value: &[u8]) {
        let starts: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == b"PK\x01\x02")
            .map(|(at, _)| at)
            .collect();
        for at in starts {
            bytes[at + offset..at + offset + value.len()].copy_from_slice(value);
        }
    }

    #[test]
    fn every_file_is_read_as_an_input_of_its_own_in_name_order() {
        let bytes = archive(&[
            ("z/last.txt", b"Last title\n\nLast body."),
            (
                "feed.jsonl",
                b"{\"title\": \"A\", \"body\": \"x\"}\n{\"title\": \"B\", \"body\": \"y\"}\n",
            ),
            ("dir/", b""),
            (
                "page.htm",
                b"<html><body><h1>Page</h1><p>Text.</p></body></html>",
            ),
            ("notes.txt.gz", &gzip("عنوان\n\nنص".as_bytes())),
        ]);
        let records = read("in/a.zip", &bytes, &ReadOptions::default());
        let sources: Vec<&str> = records.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(
            sources,
            [
                "in/a.zip!/feed.jsonl#1",
                "in/a.zip!/feed.jsonl#2",
                "in/a.zip!/notes.txt.gz",
                "in/a.zip!/page.htm",
                "in/a.zip!/z/last.txt",
            ]
        );
        assert!(records.iter().all(Record::is_accepted), "{records:?}");
        assert_eq!(records[1].raw.meta.title.as_deref(), Some("B"));
        assert_eq!(records[2].raw.text, "عنوان\n\nنص");
        assert_eq!(records[3].raw.format, RawFormat::Html);
        assert_eq!(records[4].raw.format, RawFormat::PlainText);
    }

    #[test]
    fn the_input_format_option_applies_to_the_files_inside() {
        let bytes = archive(&[("a.txt", b"<p>Title</p><p>Body.</p>")]);
        let options = ReadOptions {
            format: Some(super::super::InputFormat::Html),
            ..ReadOptions::default()
        };
        let records = read("a.zip", &bytes, &options);
        assert_eq!(records[0].raw.format, RawFormat::Html);
    }

    #[test]
    fn escaping_names_links_and_nested_archives_are_refused_one_by_one() {
        let inner = archive(&[("s.txt", b"Inner\n\nBody.")]);
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        for (name, content) in [
            ("../../escaped.txt", &b"Up\n\nBody."[..]),
            ("/abs/escaped.txt", b"Abs\n\nBody."),
            ("C:\\windows\\x.txt", b"Drive\n\nBody."),
            ("ok/a/../statement.txt", b"Climb\n\nBody."),
            ("ok/statement.txt", b"Fine\n\nBody."),
            ("inner.zip", &inner),
        ] {
            writer.start_file(name, options).expect("start");
            writer.write_all(content).expect("write");
        }
        writer
            .add_symlink("link_to_etc", "/etc/passwd", options)
            .expect("symlink");
        let bytes = writer.finish().expect("finish").into_inner();
        let records = read("evil.zip", &bytes, &ReadOptions::default());
        let malformed = Some(RejectReason::Malformed);
        let unreadable = Some(RejectReason::Unreadable);
        assert_eq!(
            outcomes(&records),
            [
                ("evil.zip!/../../escaped.txt".to_string(), malformed),
                ("evil.zip!//abs/escaped.txt".to_string(), malformed),
                ("evil.zip!/C:\\windows\\x.txt".to_string(), malformed),
                ("evil.zip!/inner.zip".to_string(), unreadable),
                ("evil.zip!/link_to_etc".to_string(), unreadable),
                ("evil.zip!/ok/a/../statement.txt".to_string(), malformed),
                ("evil.zip!/ok/statement.txt".to_string(), None),
            ]
        );
        let link = &records[4].reject.as_ref().expect("rejected").detail;
        assert!(link.contains("symbolic link"), "{link}");
        assert!(records.iter().all(|r| !r.raw.text.contains("/etc/passwd")));
        let nested = &records[3].reject.as_ref().expect("rejected").detail;
        assert!(nested.contains("one level"), "{nested}");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_decompressed_limit() {
        let zeros = vec![b'a'; 600];
        let bytes = archive(&[
            ("1.txt", &zeros),
            ("2.txt", &zeros),
            ("3.txt", b"Small\n\nBody."),
            ("4.txt.gz", &gzip(&vec![b'b'; 5_000])),
        ]);
        let options = ReadOptions {
            max_decompressed_bytes: 1_000,
            ..ReadOptions::default()
        };
        let records = read("bomb.zip", &bytes, &options);
        let too_large = Some(RejectReason::TooLarge);
        let reasons: Vec<_> = outcomes(&records).into_iter().map(|(_, r)| r).collect();
        assert_eq!(reasons, [None, too_large, too_large, too_large]);
        let detail = &records[1].reject.as_ref().expect("rejected").detail;
        assert!(detail.contains("--max-decompressed-bytes"), "{detail}");

        let records = read(
            "gz.zip",
            &archive(&[("4.txt.gz", &gzip(&vec![b'b'; 5_000]))]),
            &options,
        );
        assert_eq!(records[0].reject.as_ref().map(|r| r.reason), too_large);

        let per_file = ReadOptions {
            max_bytes: 500,
            ..ReadOptions::default()
        };
        let records = read("big.zip", &bytes, &per_file);
        let reasons: Vec<_> = outcomes(&records).into_iter().map(|(_, r)| r).collect();
        assert_eq!(reasons, [too_large, too_large, None, None]);
        let detail = &records[0].reject.as_ref().expect("rejected").detail;
        assert!(detail.contains("--max-bytes"), "{detail}");
    }

    #[test]
    fn declared_sizes_are_not_trusted() {
        let bytes = archive(&[("a.txt", &vec![b'a'; 5_000])]);
        let options = ReadOptions {
            max_decompressed_bytes: 1_000,
            ..ReadOptions::default()
        };
        // Uncompressed size (offset 24 of a central header) claimed as 10:
        // the data runs past it, so the entry is damaged; claimed as 4 GiB:
        // the bytes that really come out are counted, and are too many.
        for (claim, expected) in [
            (10u32, RejectReason::Malformed),
            (u32::MAX, RejectReason::TooLarge),
        ] {
            let mut lying = bytes.clone();
            patch_central_headers(&mut lying, 24, &claim.to_le_bytes());
            let records = read("lying.zip", &lying, &options);
            assert_eq!(
                outcomes(&records),
                [("lying.zip!/a.txt".to_string(), Some(expected))]
            );
        }
    }

    #[test]
    fn encrypted_entries_and_unknown_methods_are_refused() {
        let mut encrypted = archive(&[("a.txt", b"Title\n\nBody.")]);
        // General purpose flags at offset 8: bit 0 means encrypted.
        patch_central_headers(&mut encrypted, 8, &[0x01, 0x00]);
        let records = read("e.zip", &encrypted, &ReadOptions::default());
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::Unreadable);
        assert!(reject.detail.contains("encrypted"), "{}", reject.detail);

        let mut lzma = archive(&[("a.txt", b"Title\n\nBody.")]);
        // Compression method at offset 10: 14 is LZMA.
        patch_central_headers(&mut lzma, 10, &14u16.to_le_bytes());
        let records = read("l.zip", &lzma, &ReadOptions::default());
        let reject = records[0].reject.as_ref().expect("rejected");
        assert_eq!(reject.reason, RejectReason::Unreadable);
        assert!(reject.detail.contains("deflate"), "{}", reject.detail);
    }

    #[test]
    fn a_truncated_archive_is_one_reject_and_a_damaged_entry_rejects_itself() {
        let bytes = archive(&[
            ("a.txt", b"Title A\n\nBody."),
            ("b.txt", b"Title B\n\nBody."),
        ]);
        let truncated = &bytes[..bytes.len() - 30];
        let records = read("t.zip", truncated, &ReadOptions::default());
        assert_eq!(
            outcomes(&records),
            [("t.zip".to_string(), Some(RejectReason::Malformed))]
        );

        let long = "Title B\n\n".to_string() + &"Body of the statement. ".repeat(20);
        let mut damaged = archive(&[("a.txt", b"Title A\n\nBody."), ("b.txt", long.as_bytes())]);
        let b_data = damaged
            .windows(5)
            .rposition(|w| w == b"b.txt")
            .expect("b.txt's local header")
            + 5;
        // The deflated data of b.txt follows its local header's name.
        let b_local = damaged[..b_data]
            .windows(5)
            .position(|w| w == b"b.txt")
            .expect("local name")
            + 5;
        for byte in &mut damaged[b_local + 4..b_local + 12] {
            *byte ^= 0x5A;
        }
        let records = read("d.zip", &damaged, &ReadOptions::default());
        assert_eq!(
            outcomes(&records),
            [
                ("d.zip!/a.txt".to_string(), None),
                ("d.zip!/b.txt".to_string(), Some(RejectReason::Malformed)),
            ]
        );
    }

    #[test]
    fn empty_archives_too_many_entries_and_misnamed_files() {
        let empty = archive(&[]);
        let records = read("empty.zip", &empty, &ReadOptions::default());
        assert_eq!(
            outcomes(&records),
            [("empty.zip".to_string(), Some(RejectReason::Empty))]
        );
        let only_dirs = archive(&[("a/", b""), ("a/b/", b"")]);
        let records = read("dirs.zip", &only_dirs, &ReadOptions::default());
        assert_eq!(
            records[0].reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Empty)
        );

        let three = archive(&[("a.txt", b"A"), ("b.txt", b"B"), ("c.txt", b"C")]);
        let refusal = open(&three, 2).expect_err("over the cap");
        assert_eq!(refusal.reason, RejectReason::TooLarge);
        assert!(refusal.detail.contains("3 entries"), "{}", refusal.detail);
        assert!(open(&three, 3).is_ok());

        let records = read("not.zip", b"just text", &ReadOptions::default());
        assert_eq!(
            outcomes(&records),
            [("not.zip".to_string(), Some(RejectReason::Malformed))]
        );
    }
}
