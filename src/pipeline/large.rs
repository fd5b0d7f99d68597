//! Large inputs of `bayan run`, a chunk at a time.
//!
//! Small inputs are read together and cached whole, an input's records one
//! value of the state store. An input larger than
//! [`workers::GROUP_BYTES`] (a JSON Lines file of thousands of statements)
//! would hold all its records in memory that way, twice over with its
//! cache entry. Here it streams instead, as `bayan export` does: its cached
//! records are loaded [`state::CHUNK_RECORDS`] at a time and written; when
//! it is read, its records are parsed and normalised in batches on the
//! workers while the batch before is cached and written. Memory stays that
//! of a few batches, whatever the input's size.

use std::time::Instant;

use super::workers::{self, Workers};
use super::{Bookkeeping, DatasetBuilder, Entry, Fatal, RunOptions};
use crate::publish::state::{self, InputFacts};
use crate::record::Record;

/// Whether `entry` is streamed rather than read with other inputs.
pub fn is_large(entry: &Entry) -> bool {
    let size = match (&entry.facts, &entry.input) {
        (Some(facts), _) => facts.size,
        (None, Some(input)) => input.path.as_deref().map_or(0, workers::file_size),
        (None, None) => 0,
    };
    size > workers::GROUP_BYTES
}

/// `entries` in the groups a run takes them in, in order: a large entry
/// alone, other entries up to [`workers::GROUP_INPUTS`] together.
pub fn groups(entries: &[Entry]) -> Vec<&[Entry]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (at, entry) in entries.iter().enumerate() {
        if is_large(entry) {
            groups.extend(entries[start..at].chunks(workers::GROUP_INPUTS));
            groups.push(&entries[at..=at]);
            start = at + 1;
        }
    }
    groups.extend(entries[start..].chunks(workers::GROUP_INPUTS));
    groups
}

/// Writes the records of large input `entry` into `dataset`: from the
/// cache when its content is known and the cache has them, else read,
/// parsed, normalised and cached.
pub fn stream_entry(
    entry: &Entry,
    workers: &Workers,
    options: &RunOptions,
    book: &mut Bookkeeping,
    dataset: &mut DatasetBuilder,
) -> Result<(), Fatal> {
    let pushed = push_cached(entry, book, dataset)?;
    let Cached::Partly(written) = pushed else {
        return Ok(());
    };
    // A kept removed input whose records are lost: nothing to read.
    let Some(input) = &entry.input else {
        return Ok(());
    };
    let started = Instant::now();
    let caching = !book.damaged && entry.facts.is_some();
    if caching {
        (book.update.forget_records(&entry.key)).map_err(|e| Fatal::state(&book.out, e))?;
    }
    let mut sink = ChunkSink {
        key: &entry.key,
        caching,
        skip: written,
        chunk: Vec::with_capacity(state::CHUNK_RECORDS),
        chunks: 0,
        write_seconds: 0.0,
        book,
        dataset,
    };
    let one = std::slice::from_ref(input);
    let tally = workers.stream(one, &options.read, options.shard, &mut |record| {
        sink.take(record)
    })?;
    sink.flush()?;
    let (chunks, write_seconds) = (sink.chunks, sink.write_seconds);
    let state_error = |e| Fatal::state(&book.out, e);
    if caching && let Some(facts) = &entry.facts {
        let facts = InputFacts {
            other_shards: tally.other_shards,
            ..facts.clone()
        };
        book.update
            .close_chunks(&entry.key, chunks)
            .and_then(|()| book.update.remember_facts(&entry.key, &facts))
            .map_err(state_error)?;
    } else if !book.damaged && entry.facts.is_none() {
        book.update.forget(&entry.key).map_err(state_error)?;
    }
    book.tally.seen += tally.seen;
    book.tally.other_shards += tally.other_shards;
    book.counts.parsed += 1;
    book.seconds.write += write_seconds;
    book.seconds.parse += started.elapsed().as_secs_f64() - write_seconds;
    Ok(())
}

/// What the cache gave of an input's records.
enum Cached {
    /// All of them, written.
    All,
    /// None, or only the first this many (written) before a chunk turned
    /// out missing or damaged: the input is to be read, and its first
    /// records skipped.
    Partly(u64),
}

/// Writes the cached records of `entry` into `dataset`, a chunk at a time.
fn push_cached(
    entry: &Entry,
    book: &mut Bookkeeping,
    dataset: &mut DatasetBuilder,
) -> Result<Cached, Fatal> {
    if !book.may_use_cache(entry) {
        return Ok(Cached::Partly(0));
    }
    let loading = Instant::now();
    let mut written = 0u64;
    let mut write_seconds = 0.0;
    let mut fatal = None;
    let found = book.update.records_each(&entry.key, &mut |records| {
        let writing = Instant::now();
        for record in records {
            if let Err(error) = dataset.push(record) {
                fatal = Some(error);
                anyhow::bail!("the dataset could not take a cached record");
            }
            written += 1;
        }
        write_seconds += writing.elapsed().as_secs_f64();
        Ok(())
    });
    if let Some(fatal) = fatal {
        return Err(fatal);
    }
    book.seconds.write += write_seconds;
    book.seconds.cache += loading.elapsed().as_secs_f64() - write_seconds;
    if !book.cache_outcome(entry, found) {
        return Ok(Cached::Partly(written));
    }
    book.count_cached(entry, written);
    book.remember_touched(entry)?;
    Ok(Cached::All)
}

/// Takes the records of a large input as the workers hand them on, in
/// order, and caches and writes them a chunk at a time.
struct ChunkSink<'a> {
    key: &'a str,
    /// Whether the records go into the cache.
    caching: bool,
    /// Records still to skip: written from the cache already.
    skip: u64,
    chunk: Vec<Record>,
    /// Chunks cached so far.
    chunks: usize,
    write_seconds: f64,
    book: &'a mut Bookkeeping,
    dataset: &'a mut DatasetBuilder,
}

impl ChunkSink<'_> {
    fn take(&mut self, record: Record) -> Result<(), Fatal> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        self.chunk.push(record);
        if self.chunk.len() == state::CHUNK_RECORDS {
            self.flush()?;
        }
        Ok(())
    }

    /// Caches the records taken since the last flush, then writes them.
    fn flush(&mut self) -> Result<(), Fatal> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        if self.caching {
            (self.book.update)
                .remember_chunk(self.key, self.chunks, &self.chunk)
                .map_err(|e| Fatal::state(&self.book.out, e))?;
            self.chunks += 1;
        }
        let writing = Instant::now();
        for record in self.chunk.drain(..) {
            self.dataset.push(record)?;
        }
        self.write_seconds += writing.elapsed().as_secs_f64();
        Ok(())
    }
}
