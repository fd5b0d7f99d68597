//! The run lock: one `bayan run` at a time per output directory.
//!
//! The lock is an OS file lock (`flock` on Unix) on `DIR/.lock`, taken with
//! [`std::fs::File::try_lock`], so a second run learns at once that it must
//! stop instead of waiting behind the first. The OS drops the lock when the
//! holding process dies, however it dies, so a run killed with SIGKILL never
//! leaves a lock that blocks the next one. The file's text (process id and
//! start time of the holder) is only for messages: a run that ends normally
//! empties it, so text found by a run that got the lock is the mark of an
//! interrupted run.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The lock file's name inside the output directory.
pub const FILE_NAME: &str = ".lock";

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it; `holder` is what it wrote into the file.
    Held { path: PathBuf, holder: String },
    /// The lock file could not be created or locked.
    Io(anyhow::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held { path, holder } => {
                let holder = if holder.is_empty() {
                    "another process (which has not written its id yet)".to_string()
                } else {
                    format!("another bayan run ({holder})")
                };
                write!(
                    f,
                    "{} is locked by {holder}; this run did nothing. Wait for that run to \
                     finish (a killed run releases the lock at once)",
                    path.display()
                )
            }
            LockError::Io(error) => write!(f, "{error:#}"),
        }
    }
}

impl std::error::Error for LockError {}

/// The held lock; dropping it marks the run as finished and releases it.
#[derive(Debug)]
pub struct RunLock {
    file: File,
    /// What an interrupted earlier run left in the lock file, if anything.
    interrupted: Option<String>,
}

impl RunLock {
    /// Takes the lock of `out` (creating `out` if needed) without waiting,
    /// and writes this process's id and `started` (a UTC timestamp) into it.
    pub fn acquire(out: &Path, started: &str) -> Result<RunLock, LockError> {
        crate::permissions::create_published_dir_all(out)
            .with_context(|| {
                format!(
                    "cannot create the output directory {}; check the path and permissions",
                    out.display()
                )
            })
            .map_err(LockError::Io)?;
        let path = out.join(FILE_NAME);
        // Not truncated on open: the holder's text must survive a failed try.
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        let mut file = crate::permissions::open_private_file(&path, &mut options)
            .with_context(|| format!("cannot open the lock file {}", path.display()))
            .map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = read_text(&mut file).unwrap_or_default();
                return Err(LockError::Held { path, holder });
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(LockError::Io(anyhow::Error::new(error).context(format!(
                    "cannot lock {}; check that the file system supports locks",
                    path.display()
                ))));
            }
        }
        let previous = read_text(&mut file).unwrap_or_default();
        let holder = format!("pid {}, started {started}", std::process::id());
        replace_text(&mut file, &holder)
            .with_context(|| format!("cannot write the lock file {}", path.display()))
            .map_err(LockError::Io)?;
        Ok(RunLock {
            file,
            interrupted: (!previous.is_empty()).then_some(previous),
        })
    }

    /// The holder text of an earlier run that was killed or crashed while
    /// it held the lock (`pid 123, started ...`), if there was one.
    pub fn interrupted(&self) -> Option<&str> {
        self.interrupted.as_deref()
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Emptied before the OS releases the lock on close, so the next run
        // knows this one finished. A failure here only costs a warning then.
        let _ = replace_text(&mut self.file, "");
    }
}

fn read_text(file: &mut File) -> std::io::Result<String> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_string(&mut text)?;
    Ok(text.trim().to_string())
}

fn replace_text(file: &mut File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holder() {
        let out = tempfile::tempdir().expect("temp dir");
        let first = RunLock::acquire(out.path(), "2026-01-01T00:00:00Z").expect("first");
        assert_eq!(first.interrupted(), None);
        match RunLock::acquire(out.path(), "later") {
            Err(LockError::Held { holder, .. }) => {
                assert_eq!(
                    holder,
                    format!("pid {}, started 2026-01-01T00:00:00Z", std::process::id())
                );
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        let again = RunLock::acquire(out.path(), "later").expect("free again");
        assert_eq!(again.interrupted(), None, "a finished run leaves no mark");
    }

    #[test]
    fn text_left_behind_marks_an_interrupted_run() {
        let out = tempfile::tempdir().expect("temp dir");
        std::fs::write(out.path().join(FILE_NAME), "pid 42, started then\n").expect("write");
        let lock = RunLock::acquire(out.path(), "now").expect("stale text does not block");
        assert_eq!(lock.interrupted(), Some("pid 42, started then"));
    }
}
