//! The parallel stage: `read`, `parse` and `normalise` on `--jobs` threads,
//! with records handed on in input order and in bounded batches.
//!
//! Only the work that depends on one record alone runs in parallel.
//! Everything that depends on the records before it (duplicate detection,
//! counts, the writers) stays on the calling thread, which takes the
//! records in input order, so the data files are byte for byte those of a
//! single-threaded run whatever `--jobs` is.
//!
//! Memory stays flat in corpus size: inputs are read a group at a time
//! (at most [`GROUP_INPUTS`] inputs or [`GROUP_BYTES`] bytes of files), and
//! records are parsed, normalised and written [`BATCH_RECORDS`] at a time
//! (one batch prepared while the one before is written), so one large JSON
//! Lines input is held as raw text, never as a whole set of normalised
//! records.

use std::path::Path;

use rayon::prelude::*;

use super::Fatal;
use super::shard::Shard;
use crate::normalise;
use crate::parse;
use crate::read::{self, Input, ReadOptions};
use crate::record::Record;

/// Records parsed and normalised between two writes.
pub const BATCH_RECORDS: usize = 256;
/// Inputs read together.
pub const GROUP_INPUTS: usize = 64;
/// File bytes read together (a group has at least one input): raw text
/// held at once, besides the batches in flight.
pub const GROUP_BYTES: u64 = 8 * 1024 * 1024;

/// The default `--jobs`: one thread per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The threads the per-record stages run on.
pub struct Workers {
    pool: rayon::ThreadPool,
}

impl Workers {
    /// `jobs` threads (0 is taken as 1).
    pub fn new(jobs: usize) -> anyhow::Result<Workers> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .thread_name(|n| format!("bayan-worker-{n}"))
            .build()
            .map_err(|error| {
                anyhow::anyhow!("cannot start {jobs} worker threads ({error}); try a lower --jobs")
            })?;
        Ok(Workers { pool })
    }

    /// Parses and normalises `records` in place.
    pub fn parse_and_normalise(&self, records: &mut [Record]) {
        self.pool
            .install(|| records.par_iter_mut().with_max_len(1).for_each(prepare));
    }

    /// Reads `inputs` (each into its records, in order) and keeps the
    /// records `shard` holds; nothing is parsed yet.
    pub fn read(&self, inputs: &[&Input], options: &ReadOptions, shard: Shard) -> Vec<Vec<Record>> {
        self.pool.install(|| {
            inputs
                .par_iter()
                .with_max_len(1)
                .map(|input| {
                    let mut records = read::read_input(input, options);
                    records.retain(|record| shard.holds(&record.source));
                    records
                })
                .collect()
        })
    }

    /// Every input through `read`, `parse` and `normalise`, each record
    /// handed to `sink` in input order. While `sink` takes one batch on
    /// the calling thread, the workers prepare the next.
    pub fn stream(
        &self,
        inputs: &[Input],
        options: &ReadOptions,
        shard: Shard,
        sink: &mut dyn FnMut(Record) -> Result<(), Fatal>,
    ) -> Result<(), Fatal> {
        let mut ready = Vec::new();
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        for group in groups(inputs) {
            for records in self.read(&group, options, shard) {
                for record in records {
                    batch.push(record);
                    if batch.len() == BATCH_RECORDS {
                        let next = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                        ready = self.prepare_while_writing(next, ready, sink)?;
                    }
                }
            }
        }
        let last = self.prepare_while_writing(batch, ready, sink)?;
        last.into_iter().try_for_each(sink)
    }

    /// Parses and normalises `batch` on the workers while `sink` takes the
    /// records of `ready` (the batch before it) on the calling thread;
    /// returns `batch`, ready in turn.
    fn prepare_while_writing(
        &self,
        mut batch: Vec<Record>,
        ready: Vec<Record>,
        sink: &mut dyn FnMut(Record) -> Result<(), Fatal>,
    ) -> Result<Vec<Record>, Fatal> {
        let mut written = Ok(());
        self.pool.in_place_scope(|scope| {
            let batch = &mut batch;
            scope.spawn(move |_| batch.par_iter_mut().with_max_len(1).for_each(prepare));
            written = ready.into_iter().try_for_each(&mut *sink);
        });
        written.map(|()| batch)
    }
}

/// One record through `parse` and `normalise`.
pub fn prepare(record: &mut Record) {
    parse::parse(record);
    normalise::normalise(record);
}

/// `inputs` cut into consecutive groups of at most [`GROUP_INPUTS`] inputs
/// and about [`GROUP_BYTES`] bytes of files.
pub fn groups(inputs: &[Input]) -> Vec<Vec<&Input>> {
    let mut groups = Vec::new();
    let mut group: Vec<&Input> = Vec::new();
    let mut bytes = 0u64;
    for input in inputs {
        let size = input.path.as_deref().map_or(0, file_size);
        let full = group.len() == GROUP_INPUTS || bytes.saturating_add(size) > GROUP_BYTES;
        if full && !group.is_empty() {
            groups.push(std::mem::take(&mut group));
            bytes = 0;
        }
        group.push(input);
        bytes = bytes.saturating_add(size);
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// The size of a file; 0 when it cannot be looked at (reading it will say
/// why).
fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}
