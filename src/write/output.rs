//! A data file being written: its bytes go to disk through [`OutputFile`],
//! which hands them to the disk early and knows their SHA-256 when the file
//! is done.
//!
//! Every published file is synced before it is published, so that a crash
//! never leaves a release pointing at data that was not on disk. Left to
//! itself the kernel keeps written pages in memory for up to 30 seconds, so
//! an export of a few seconds would write all its data files (some 250 MB
//! for 10,000 statements) at its very end, while nothing else runs: on the
//! 2-core benchmark machine that wait was a good part of the run. So once
//! [`WRITEBACK_BYTES`] more have been written, a background thread is
//! asked to sync the file (`fdatasync` on a second handle): the disk then
//! writes while the pipeline computes, and the final sync only waits for
//! the last stretch. The writer never waits for the background thread; if
//! it is still busy, the request is dropped and the next one covers it.
//!
//! The digest is computed as the bytes go out, so publishing never reads a
//! data file back to checksum it.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc::{self, SyncSender};

use anyhow::Context;
use sha2::{Digest, Sha256};

/// The buffer a text file is written through: large enough that a write
/// system call carries many rows (an 8 KiB buffer made some 30,000 calls
/// for the files of 10,000 statements), small enough to keep for each of
/// the few files open at once.
pub const BUFFER_BYTES: usize = 64 * 1024;

/// Bytes written between two requests to write the file back to disk.
pub const WRITEBACK_BYTES: u64 = 8 << 20;

/// A published data file being written.
pub struct OutputFile {
    file: File,
    path: PathBuf,
    hasher: Sha256,
    bytes: u64,
    /// Bytes written since the last writeback request.
    unsynced: u64,
}

/// A data file written and synced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub bytes: u64,
}

impl OutputFile {
    /// Creates (or truncates) `path` as a published file.
    pub fn create(path: &Path) -> anyhow::Result<OutputFile> {
        let file = crate::permissions::create_published_file(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(OutputFile {
            file,
            path: path.to_path_buf(),
            hasher: Sha256::new(),
            bytes: 0,
            unsynced: 0,
        })
    }

    /// Syncs the file to disk; its digest and size.
    pub fn finish(self) -> anyhow::Result<Finished> {
        self.file
            .sync_all()
            .with_context(|| format!("cannot sync {}", self.path.display()))?;
        Ok(Finished {
            sha256: hex(&self.hasher.finalize()),
            bytes: self.bytes,
        })
    }

    /// Asks the background thread to write the file back, unless it is
    /// busy with an earlier request.
    fn request_writeback(&mut self) {
        self.unsynced = 0;
        let Some(queue) = writeback_queue() else {
            return;
        };
        if let Ok(handle) = self.file.try_clone() {
            // Full: a sync is under way and will cover most of these bytes.
            let _ = queue.try_send(handle);
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.file.write(buf)?;
        let done = buf.get(..written).unwrap_or(buf);
        self.hasher.update(done);
        self.bytes += written as u64;
        self.unsynced += written as u64;
        if self.unsynced >= WRITEBACK_BYTES {
            self.request_writeback();
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The queue of the thread that syncs files in the background; `None` if
/// the thread cannot be started (files are then only synced when done).
fn writeback_queue() -> Option<&'static SyncSender<File>> {
    static QUEUE: OnceLock<Option<SyncSender<File>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (queue, requests) = mpsc::sync_channel::<File>(1);
            std::thread::Builder::new()
                .name("bayan-writeback".to_string())
                .spawn(move || {
                    for file in requests {
                        // A failure here is not lost: the file's final
                        // sync reports it.
                        let _ = file.sync_data();
                    }
                })
                .ok()
                .map(|_| queue)
        })
        .as_ref()
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_digest_and_size_of_what_it_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data.csv");
        let mut file = OutputFile::create(&path).expect("created");
        // More than one writeback request's worth, in uneven pieces.
        let piece = vec![b'x'; 3 << 20];
        for _ in 0..4 {
            file.write_all(&piece).expect("written");
        }
        file.write_all(b"end\n").expect("written");
        let finished = file.finish().expect("finished");
        let on_disk = std::fs::read(&path).expect("read back");
        assert_eq!(finished.bytes, on_disk.len() as u64);
        assert_eq!(finished.sha256, hex(&Sha256::digest(&on_disk)));
    }

    #[test]
    fn hex_is_lower_case_and_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
