//! The state store of `bayan run`: what every input was, and the records it
//! produced, so that an unchanged input is neither read nor parsed again.
//!
//! It is a [redb](https://www.redb.org) database at `DIR/state/bayan.redb`:
//! an embedded, pure-Rust key-value store with ACID transactions whose
//! commits are atomic and durable (copy-on-write pages, checksummed commit
//! slots), so a process killed at any instant leaves the last committed
//! state behind. Two tables are keyed by the input's path:
//!
//! * `inputs`: the input's facts — source name, size, modification time and
//!   SHA-256 of its content ([`InputFacts`]);
//! * `records`: the records it produced after `parse` and `normalise`, as
//!   JSON, before duplicate detection (which depends on the other inputs and
//!   so is done again on every run).
//!
//! Facts and records are only ever written together, so the store is a cache
//! keyed by content: any committed state is correct for the facts it holds,
//! whichever run wrote it. That is what makes a crash harmless — the next
//! run compares facts, re-reads what differs and can never mix the records
//! of two contents. Records depend on bayan's version and the read options
//! too; the `meta` table remembers those ([`cache_version`]) and a mismatch
//! empties the cache. A store that cannot be opened (damaged by a failing
//! disk, or written by an incompatible redb) is moved aside and rebuilt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};

use crate::read::ReadOptions;
use crate::record::Record;

/// The state directory's name inside the output directory.
pub const DIR_NAME: &str = "state";
/// The database file's name inside the state directory.
pub const FILE_NAME: &str = "bayan.redb";

const INPUTS: TableDefinition<&str, &[u8]> = TableDefinition::new("inputs");
const RECORDS: TableDefinition<&str, &[u8]> = TableDefinition::new("records");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
const CACHE_VERSION_KEY: &str = "cache_version";

/// Bump when the stored layout of records or facts changes. 2: the facts
/// count the records of other shards. 3: records are kept in chunks.
const RECORD_LAYOUT: u32 = 3;

/// Memory redb may use to cache pages (its default is 1 GiB, which a run
/// reading a large cache would fill). A run reads each value once, in
/// order, so a cache helps little.
const CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Records per chunk of the `records` table. An input's records are kept
/// as consecutive chunks (`KEY`, a NUL, the chunk's number), so that a
/// large input (a JSON Lines file of a hundred thousand statements) is
/// cached and loaded a chunk at a time, never whole in memory.
pub const CHUNK_RECORDS: usize = 256;

/// What the records of an input depend on besides its content: bayan's
/// version (parsing and normalising change between versions) and every
/// read option (the size limits, `--input-format`, the `--map` field map).
/// The options are written whole, so an option added to [`ReadOptions`]
/// is part of the key without a change here.
pub fn cache_version(read: &ReadOptions) -> String {
    format!(
        "bayan {} records-v{RECORD_LAYOUT} {read:?}",
        env!("CARGO_PKG_VERSION")
    )
}

/// What bayan remembers about one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFacts {
    /// The `source` its records carry (relative to its input argument).
    pub source: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: i128,
    /// When its content was last hashed, nanoseconds since the Unix epoch.
    pub hashed_ns: i128,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// How many of its records belong to other shards (`--shard`): counted
    /// when it is read, so that a run that takes its records from the
    /// cache still counts every record of it.
    pub other_shards: u64,
}

impl InputFacts {
    /// True when `size` and `modified_ns` prove the content is the one
    /// hashed: they are equal, and the file had not been modified within
    /// two seconds of the hashing (a later write in the same clock tick
    /// would leave the time unchanged, so such a file is hashed again).
    pub fn stat_matches(&self, source: &str, size: u64, modified_ns: i128) -> bool {
        const RACY_NS: i128 = 2_000_000_000;
        self.source == source
            && self.size == size
            && self.modified_ns == modified_ns
            && modified_ns.saturating_add(RACY_NS) < self.hashed_ns
    }
}

/// How the store was found when it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// It did not exist: every input is new.
    Created,
    /// It was used as it was.
    Reused,
    /// It was written by another version or with other read options: the
    /// cache was emptied.
    Invalidated { was: String },
    /// It could not be opened and was moved to `moved_to`; a new one was
    /// created.
    Rebuilt { moved_to: PathBuf, error: String },
}

/// The open state store of one output directory.
pub struct StateStore {
    db: Database,
}

impl StateStore {
    /// Opens (or creates, or rebuilds) the store of output directory `out`
    /// for records made under `version` (see [`cache_version`]).
    pub fn open(out: &Path, version: &str) -> anyhow::Result<(StateStore, Opened)> {
        let dir = out.join(DIR_NAME);
        crate::permissions::create_private_dir(&dir)
            .with_context(|| format!("cannot create the state directory {}", dir.display()))?;
        let path = dir.join(FILE_NAME);
        let existed = path.exists();
        match StateStore::open_checked(&path, version) {
            Ok((store, stale)) => {
                let opened = match stale {
                    _ if !existed => Opened::Created,
                    Some(was) => Opened::Invalidated { was },
                    None => Opened::Reused,
                };
                Ok((store, opened))
            }
            Err(error) if existed => {
                let moved_to = set_aside(&path)?;
                let (store, _) = StateStore::open_checked(&path, version)?;
                let error = format!("{error:#}");
                Ok((store, Opened::Rebuilt { moved_to, error }))
            }
            Err(error) => Err(error),
        }
    }

    /// Opens the store at `path`, empties it if it was made under another
    /// version (returning that version), and reads every input's facts
    /// once, so that a damaged store fails here rather than mid-run.
    fn open_checked(path: &Path, version: &str) -> anyhow::Result<(StateStore, Option<String>)> {
        guarded(|| {
            crate::permissions::make_private_file(path)
                .with_context(|| format!("cannot make {} private", path.display()))?;
            let db = Database::builder()
                .set_cache_size(CACHE_BYTES)
                .create(path)
                .with_context(|| format!("cannot open the state store {}", path.display()))?;
            let store = StateStore { db };
            let stale = store.reset_if_stale(version)?;
            store.inputs()?;
            Ok((store, stale))
        })
    }

    /// Empties the cache when it was made under another version; returns
    /// the old version if it did.
    fn reset_if_stale(&self, version: &str) -> anyhow::Result<Option<String>> {
        let txn = self.db.begin_write()?;
        let stored = {
            let meta = txn.open_table(META)?;
            meta.get(CACHE_VERSION_KEY)?.map(|v| v.value().to_string())
        };
        if stored.as_deref() == Some(version) {
            txn.abort()?;
            return Ok(None);
        }
        txn.delete_table(INPUTS)?;
        txn.delete_table(RECORDS)?;
        txn.open_table(INPUTS)?;
        txn.open_table(RECORDS)?;
        txn.open_table(META)?.insert(CACHE_VERSION_KEY, version)?;
        txn.commit().context("cannot write the state store")?;
        Ok(stored)
    }

    /// The facts of every input known, by key (the input's path).
    pub fn inputs(&self) -> anyhow::Result<BTreeMap<String, InputFacts>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(INPUTS)?;
        let mut inputs = BTreeMap::new();
        for entry in table.iter()? {
            let (key, value) = entry?;
            // A value this version cannot read is as good as unknown: the
            // input is read again and its entry rewritten.
            if let Ok(facts) = serde_json::from_slice::<InputFacts>(value.value()) {
                inputs.insert(key.value().to_string(), facts);
            }
        }
        Ok(inputs)
    }

    /// Starts the one write transaction of a run. Nothing it does is
    /// visible, to this store or after a crash, until [`StateUpdate::commit`].
    pub fn begin(&self) -> anyhow::Result<StateUpdate> {
        let txn = self
            .db
            .begin_write()
            .context("cannot start a state transaction")?;
        Ok(StateUpdate { txn })
    }
}

/// Changes to the store made during a run, committed as one.
pub struct StateUpdate {
    txn: WriteTransaction,
}

impl StateUpdate {
    /// The cached records of input `key`, if there are any this version can
    /// read, all at once (runs take them a chunk at a time with
    /// [`StateUpdate::records_each`]).
    ///
    /// An `Err` means the store is damaged: the caller should read the
    /// input instead and end the run with [`StateUpdate::discard`].
    #[cfg(test)]
    pub fn records(&self, key: &str) -> anyhow::Result<Option<Vec<Record>>> {
        let mut all = Vec::new();
        let found = self.records_each(key, &mut |records| {
            all.extend(records);
            Ok(())
        })?;
        Ok(found.then_some(all))
    }

    /// Hands the cached records of input `key` to `each` a chunk at a
    /// time, in order; false when there are none this version can read.
    /// Chunks already handed on stay handed on when a later one turns out
    /// missing or damaged: the caller counts them.
    ///
    /// An `Err` from the store means it is damaged: the caller should read
    /// the input instead and end the run with [`StateUpdate::discard`]. An
    /// `Err` from `each` is returned as it is.
    pub fn records_each(
        &self,
        key: &str,
        each: &mut dyn FnMut(Vec<Record>) -> anyhow::Result<()>,
    ) -> anyhow::Result<bool> {
        for number in 0.. {
            let chunk = guarded(|| self.chunk(key, number))?;
            match chunk {
                Chunk::Records(records) => each(records)?,
                Chunk::Last => return Ok(true),
                Chunk::Missing => return Ok(false),
            }
        }
        Ok(false)
    }

    /// Chunk `number` of input `key`.
    fn chunk(&self, key: &str, number: usize) -> anyhow::Result<Chunk> {
        let table = self.txn.open_table(RECORDS)?;
        let value = table.get(chunk_key(key, number).as_str())?;
        Ok(match value {
            // An empty value closes the chunks of an input.
            Some(value) if value.value().is_empty() => Chunk::Last,
            Some(value) => match serde_json::from_slice(value.value()) {
                Ok(records) => Chunk::Records(records),
                Err(_) => Chunk::Missing,
            },
            None => Chunk::Missing,
        })
    }

    /// Remembers input `key` with its facts and, when given, the records
    /// it produced (without them its cached records stay as they are: the
    /// content is unchanged, only its time or place is new).
    pub fn remember(
        &mut self,
        key: &str,
        facts: &InputFacts,
        records: Option<&[Record]>,
    ) -> anyhow::Result<()> {
        if let Some(records) = records {
            self.forget_records(key)?;
            let mut number = 0;
            for chunk in records.chunks(CHUNK_RECORDS) {
                self.remember_chunk(key, number, chunk)?;
                number += 1;
            }
            self.close_chunks(key, number)?;
        }
        self.remember_facts(key, facts)
    }

    /// Remembers the facts of input `key`.
    pub fn remember_facts(&mut self, key: &str, facts: &InputFacts) -> anyhow::Result<()> {
        let facts = serde_json::to_vec(facts)?;
        self.txn.open_table(INPUTS)?.insert(key, facts.as_slice())?;
        Ok(())
    }

    /// Remembers chunk `number` of the records of input `key`, after
    /// [`StateUpdate::forget_records`] and before
    /// [`StateUpdate::close_chunks`].
    pub fn remember_chunk(
        &mut self,
        key: &str,
        number: usize,
        records: &[Record],
    ) -> anyhow::Result<()> {
        let records = serde_json::to_vec(&cacheable(records))?;
        self.txn
            .open_table(RECORDS)?
            .insert(chunk_key(key, number).as_str(), records.as_slice())?;
        Ok(())
    }

    /// Marks the end of the records of input `key`, `chunks` chunks long.
    pub fn close_chunks(&mut self, key: &str, chunks: usize) -> anyhow::Result<()> {
        self.txn
            .open_table(RECORDS)?
            .insert(chunk_key(key, chunks).as_str(), &[][..])?;
        Ok(())
    }

    /// Forgets input `key` and its records.
    pub fn forget(&mut self, key: &str) -> anyhow::Result<()> {
        self.txn.open_table(INPUTS)?.remove(key)?;
        self.forget_records(key)
    }

    /// Forgets the records of input `key`, every chunk of them.
    pub fn forget_records(&mut self, key: &str) -> anyhow::Result<()> {
        let mut table = self.txn.open_table(RECORDS)?;
        for number in 0.. {
            if table.remove(chunk_key(key, number).as_str())?.is_none() {
                break;
            }
        }
        Ok(())
    }

    /// Gives up a store found damaged during the run: nothing is committed,
    /// and the store is moved aside so that the next run rebuilds it.
    /// Returns where it was moved.
    pub fn discard(self, out: &Path) -> anyhow::Result<PathBuf> {
        // Rolling back would walk the damaged pages again; the transaction
        // is left to the end of the process instead.
        std::mem::forget(self.txn);
        set_aside(&out.join(DIR_NAME).join(FILE_NAME))
    }

    /// Makes every change durable at once.
    pub fn commit(self) -> anyhow::Result<()> {
        self.txn
            .commit()
            .context("cannot commit the state store; the next run reads the changed inputs again")
    }
}

/// What the `records` table holds at one chunk's key.
enum Chunk {
    Records(Vec<Record>),
    /// The end of an input's chunks.
    Last,
    /// Nothing, or a value this version cannot read.
    Missing,
}

/// The key of chunk `number` of input `key`. A path holds no NUL, so the
/// chunks of one input cannot be taken for another's.
fn chunk_key(key: &str, number: usize) -> String {
    format!("{key}\0{number:010}")
}

/// The records as the cache keeps them: the raw text is dropped, since no
/// later stage reads it once a record is normalised.
fn cacheable(records: &[Record]) -> Vec<Record> {
    records
        .iter()
        .map(|record| {
            let mut record = record.clone();
            record.raw.text = String::new();
            record
        })
        .collect()
}

/// Runs `read` on the store, turning a panic into an error. redb checks
/// the structure of the pages it reads and panics on a damaged one (a
/// failing disk, a file edited by hand); a cache must not stop the run
/// for that, let alone every run after it.
fn guarded<T>(read: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    // The panic is reported as a warning by the caller, not as a crash with
    // a backtrace in the cron mail.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown damage");
        Err(anyhow::anyhow!("the state store is damaged ({reason})"))
    })
}

/// Moves a store that cannot be opened out of the way, keeping it for a
/// post-mortem.
fn set_aside(path: &Path) -> anyhow::Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let moved_to = path.with_extension(format!("redb.broken-{stamp}"));
    std::fs::rename(path, &moved_to).with_context(|| {
        format!(
            "cannot move the damaged state store {} aside; remove it by hand",
            path.display()
        )
    })?;
    Ok(moved_to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sha: &str) -> InputFacts {
        InputFacts {
            source: "a.txt".to_string(),
            size: 3,
            modified_ns: 1_000,
            hashed_ns: 10_000_000_000,
            sha256: sha.to_string(),
            other_shards: 0,
        }
    }

    fn record(title: &str) -> Record {
        let mut record = Record::new("a.txt", Default::default());
        record.raw.text = "raw text".to_string();
        record.statement.title = title.to_string();
        record
    }

    #[test]
    fn committed_changes_are_kept_and_uncommitted_ones_are_not() {
        let out = tempfile::tempdir().expect("temp dir");
        let (store, opened) = StateStore::open(out.path(), "v1").expect("open");
        assert_eq!(opened, Opened::Created);
        let mut update = store.begin().expect("begin");
        update
            .remember("in/a.txt", &facts("aa"), Some(&[record("A")]))
            .expect("remember");
        update.commit().expect("commit");

        let mut update = store.begin().expect("begin");
        update.forget("in/a.txt").expect("forget");
        drop(update); // a crash before commit

        let inputs = store.inputs().expect("inputs");
        assert_eq!(inputs.get("in/a.txt"), Some(&facts("aa")));
        let update = store.begin().expect("begin");
        let records = update.records("in/a.txt").expect("read").expect("cached");
        assert_eq!(records[0].statement.title, "A");
        assert_eq!(records[0].raw.text, "", "raw text is not cached");
    }

    #[test]
    fn another_version_empties_the_cache() {
        let out = tempfile::tempdir().expect("temp dir");
        {
            let (store, _) = StateStore::open(out.path(), "v1").expect("open");
            let mut update = store.begin().expect("begin");
            update
                .remember("in/a.txt", &facts("aa"), Some(&[record("A")]))
                .expect("remember");
            update.commit().expect("commit");
        }
        let (store, opened) = StateStore::open(out.path(), "v1").expect("reopen");
        assert_eq!(opened, Opened::Reused);
        assert_eq!(store.inputs().expect("inputs").len(), 1);
        drop(store);
        let (store, opened) = StateStore::open(out.path(), "v2").expect("reopen");
        assert_eq!(
            opened,
            Opened::Invalidated {
                was: "v1".to_string()
            }
        );
        assert!(store.inputs().expect("inputs").is_empty());
    }

    #[test]
    fn a_damaged_store_is_set_aside_and_rebuilt() {
        let out = tempfile::tempdir().expect("temp dir");
        let dir = out.path().join(DIR_NAME);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join(FILE_NAME), b"not a database at all").expect("write");
        let (store, opened) = StateStore::open(out.path(), "v1").expect("rebuilt");
        assert!(matches!(opened, Opened::Rebuilt { .. }), "{opened:?}");
        assert!(store.inputs().expect("inputs").is_empty());
    }

    #[test]
    fn damage_inside_the_store_is_survived() {
        let out = tempfile::tempdir().expect("temp dir");
        {
            let (store, _) = StateStore::open(out.path(), "v1").expect("open");
            let mut update = store.begin().expect("begin");
            for n in 0..200 {
                let title = format!("title {n} ").repeat(50);
                update
                    .remember(
                        &format!("in/{n}.txt"),
                        &facts("aa"),
                        Some(&[record(&title)]),
                    )
                    .expect("remember");
            }
            update.commit().expect("commit");
        }
        let path = out.path().join(DIR_NAME).join(FILE_NAME);
        let mut bytes = std::fs::read(&path).expect("read");
        let middle = bytes.len() / 2;
        for byte in &mut bytes[middle..middle + 8192] {
            *byte = 0xAB;
        }
        std::fs::write(&path, bytes).expect("damage");

        let (store, _) = StateStore::open(out.path(), "v1").expect("opened anyway");
        let update = store.begin().expect("begin");
        let mut damaged = false;
        for key in store.inputs().expect("inputs").keys() {
            // A damaged value is an error or a miss, never a wrong record.
            match update.records(key) {
                Ok(Some(records)) => {
                    assert!(records[0].statement.title.starts_with("title "))
                }
                Ok(None) => {}
                Err(error) => {
                    assert!(error.to_string().contains("damaged"), "{error}");
                    damaged = true;
                    break;
                }
            }
        }
        if damaged {
            let moved_to = update.discard(out.path()).expect("set aside");
            assert!(moved_to.exists());
            let (store, opened) = StateStore::open(out.path(), "v1").expect("rebuilt");
            assert_eq!(opened, Opened::Created);
            assert!(store.inputs().expect("inputs").is_empty());
        }
    }

    #[test]
    fn every_read_option_is_part_of_the_cache_version() {
        use crate::read::{InputFormat, field_map};
        let defaults = ReadOptions::default();
        let changed = [
            ReadOptions {
                max_bytes: 1,
                ..ReadOptions::default()
            },
            ReadOptions {
                max_record_bytes: 1,
                ..ReadOptions::default()
            },
            ReadOptions {
                max_decompressed_bytes: 1,
                ..ReadOptions::default()
            },
            ReadOptions {
                format: Some(InputFormat::Html),
                ..ReadOptions::default()
            },
            ReadOptions {
                field_map: vec![field_map::parse_mapping("body=a.b").expect("mapping")],
                ..ReadOptions::default()
            },
            ReadOptions {
                field_map: vec![field_map::parse_mapping("body=a.c").expect("mapping")],
                ..ReadOptions::default()
            },
        ];
        let mut versions: Vec<String> = changed.iter().map(cache_version).collect();
        versions.push(cache_version(&defaults));
        assert_eq!(cache_version(&defaults), cache_version(&defaults.clone()));
        let count = versions.len();
        versions.sort();
        versions.dedup();
        assert_eq!(versions.len(), count, "{versions:#?}");
    }

    #[test]
    fn a_fresh_stat_is_not_trusted() {
        let facts = facts("aa");
        assert!(facts.stat_matches("a.txt", 3, 1_000));
        assert!(!facts.stat_matches("a.txt", 4, 1_000));
        assert!(!facts.stat_matches("b.txt", 3, 1_000));
        let racy = InputFacts {
            hashed_ns: 1_500,
            ..facts
        };
        assert!(!racy.stat_matches("a.txt", 3, 1_000));
    }
}
