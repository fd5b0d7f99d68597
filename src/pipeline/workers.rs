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
//! (at most [`GROUP_INPUTS`] inputs or [`GROUP_BYTES`] bytes of files), a
//! large JSON Lines or WARC input a record at a time
//! ([`read::read_each`]), and records are parsed, normalised and written
//! [`BATCH_RECORDS`] at a time ([`READ_AHEAD_BATCHES`] read ahead, each
//! worker preparing a batch of its own, at most
//! [`PREPARED_BATCHES_PER_JOB`] per worker ahead of the oldest, which is
//! being written). No stage holds more than a few batches, whatever the
//! size of the corpus or of one input.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{self, SyncSender};

use rayon::prelude::*;

use super::Fatal;
use super::shard::Shard;
use super::tally::{self, InputRecords, Tally};
use crate::normalise;
use crate::parse;
use crate::read::{self, Input, ReadOptions};
use crate::record::Record;

/// Records a worker parses and normalises in one go. With batches of
/// their own, the workers hold more records in flight than when they
/// shared one: 128 keeps peak memory where 256 shared batches had it.
pub const BATCH_RECORDS: usize = 128;
/// Inputs read together.
pub const GROUP_INPUTS: usize = 64;
/// File bytes read together (a group has at least one input): raw text
/// held at once, besides the batches in flight. A larger input is read
/// alone, a record at a time.
pub const GROUP_BYTES: u64 = 8 * 1024 * 1024;
/// Batches read ahead of those being prepared.
pub const READ_AHEAD_BATCHES: usize = 2;
/// Batches per worker prepared, or waiting to be prepared or written,
/// ahead of the one being written.
pub const PREPARED_BATCHES_PER_JOB: usize = 2;

/// The default `--jobs`: one thread per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The threads the per-record stages run on.
pub struct Workers {
    /// Parses and normalises.
    pool: rayon::ThreadPool,
    /// Reads groups of small inputs. A pool of its own: on the workers'
    /// pool a group would wait behind every batch queued for preparing,
    /// and the batches after it behind the group, leaving the workers idle.
    readers: rayon::ThreadPool,
}

impl Workers {
    /// `jobs` threads (0 is taken as 1), and as many to read with.
    pub fn new(jobs: usize) -> anyhow::Result<Workers> {
        let jobs = jobs.max(1);
        Ok(Workers {
            pool: thread_pool(jobs, "worker")?,
            readers: thread_pool(jobs, "reader")?,
        })
    }

    /// Parses and normalises `records` in place.
    pub fn parse_and_normalise(&self, records: &mut [Record]) {
        self.pool
            .install(|| records.par_iter_mut().with_max_len(1).for_each(prepare));
    }

    /// Reads `inputs` (each into its records, in order) and keeps the
    /// records `shard` holds, counting the others; nothing is parsed yet.
    pub fn read(
        &self,
        inputs: &[&Input],
        options: &ReadOptions,
        shard: Shard,
    ) -> Vec<InputRecords> {
        self.readers.install(|| {
            inputs
                .par_iter()
                .with_max_len(1)
                .map(|input| {
                    let mut records = read::read_input(input, options);
                    let read = records.len();
                    records.retain(|record| shard.holds(&record.source));
                    InputRecords {
                        other_shards: (read - records.len()) as u64,
                        records,
                    }
                })
                .collect()
        })
    }

    /// Every input through `read`, `parse` and `normalise`, each record
    /// handed to `sink` in input order; returns the records read, as the
    /// reading counted them. Three things happen at once: a reading thread
    /// fills batches (at most [`READ_AHEAD_BATCHES`] ahead), each worker
    /// prepares a batch of its own (at most [`PREPARED_BATCHES_PER_JOB`]
    /// per worker in flight), and `sink` takes the oldest prepared batch on
    /// the calling thread.
    pub fn stream(
        &self,
        inputs: &[Input],
        options: &ReadOptions,
        shard: Shard,
        sink: &mut dyn FnMut(Record) -> Result<(), Fatal>,
    ) -> Result<Tally, Fatal> {
        let (filled, batches) = mpsc::sync_channel(READ_AHEAD_BATCHES);
        std::thread::scope(|scope| {
            let reading = scope.spawn(move || self.read_batches(inputs, options, shard, &filled));
            self.pool.install(build_tables);
            // On an error `batches` is dropped, which stops the reading.
            self.prepare_in_order(batches, sink)?;
            reading.join().map_err(|_| {
                tally::internal(
                    "the thread reading the inputs stopped; nothing was published; please \
                     report this bug with the command line"
                        .to_string(),
                )
            })
        })
    }

    /// Prepares each batch of `batches` on one worker, several batches at
    /// once, and hands their records to `sink` in the order of the batches.
    ///
    /// A worker takes a whole batch rather than the workers sharing one, so
    /// that none waits for the others at the end of a batch, and the
    /// workers keep preparing while the writing of a batch takes longer
    /// than usual (a Parquet row group being compressed): the oldest
    /// batches are taken first, and only when the writing falls
    /// [`PREPARED_BATCHES_PER_JOB`] batches per worker behind do they wait.
    fn prepare_in_order(
        &self,
        batches: mpsc::Receiver<Vec<Record>>,
        sink: &mut dyn FnMut(Record) -> Result<(), Fatal>,
    ) -> Result<(), Fatal> {
        let in_flight = self.pool.current_num_threads() * PREPARED_BATCHES_PER_JOB;
        self.pool.in_place_scope_fifo(|scope| {
            let mut prepared = VecDeque::with_capacity(in_flight + 1);
            for mut batch in batches {
                let (done, taken) = mpsc::sync_channel(1);
                scope.spawn_fifo(move |_| {
                    batch.iter_mut().for_each(prepare);
                    // The calling thread stopped taking batches after an
                    // error: the batch is not needed.
                    let _ = done.send(batch);
                });
                prepared.push_back(taken);
                if prepared.len() > in_flight {
                    write_oldest(&mut prepared, sink)?;
                }
            }
            while !prepared.is_empty() {
                write_oldest(&mut prepared, sink)?;
            }
            Ok(())
        })
    }

    /// Reads every input in order into batches of [`BATCH_RECORDS`]
    /// records of `shard`, sent to `filled`, and counts every record read.
    /// A group of small inputs is read on the workers at once; an input
    /// alone in its group (a large one) is read a record at a time. Stops
    /// when nobody takes the batches any more.
    fn read_batches(
        &self,
        inputs: &[Input],
        options: &ReadOptions,
        shard: Shard,
        filled: &SyncSender<Vec<Record>>,
    ) -> Tally {
        let mut tally = Tally::default();
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        let mut push = |record: Record| {
            batch.push(record);
            if batch.len() < BATCH_RECORDS {
                return ControlFlow::Continue(());
            }
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
            match filled.send(full) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        };
        for group in groups(inputs) {
            let flow = match group.as_slice() {
                [input] => read::read_each(input, options, &mut |record| {
                    if shard.holds(&record.source) {
                        tally.seen += 1;
                        push(record)
                    } else {
                        tally.other_shards += 1;
                        ControlFlow::Continue(())
                    }
                }),
                _ => self
                    .read(&group, options, shard)
                    .into_iter()
                    .inspect(|input| tally.add(input))
                    .flat_map(|input| input.records)
                    .try_for_each(&mut push),
            };
            if flow.is_break() {
                return tally;
            }
        }
        if !batch.is_empty() {
            let _ = filled.send(batch);
        }
        tally
    }
}

/// A pool of `jobs` threads named `bayan-{role}-N`.
fn thread_pool(jobs: usize, role: &'static str) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(move |n| format!("bayan-{role}-{n}"))
        .build()
        .map_err(|error| {
            anyhow::anyhow!("cannot start {jobs} {role} threads ({error}); try a lower --jobs")
        })
}

/// Waits for the oldest batch of `prepared` and hands its records to
/// `sink`.
fn write_oldest(
    prepared: &mut VecDeque<mpsc::Receiver<Vec<Record>>>,
    sink: &mut dyn FnMut(Record) -> Result<(), Fatal>,
) -> Result<(), Fatal> {
    let Some(oldest) = prepared.pop_front() else {
        return Ok(());
    };
    // A worker that panicked drops its sender; the scope the batches are
    // prepared in then raises the panic once every batch is done.
    let batch = oldest.recv().map_err(|_| {
        tally::internal(
            "a worker stopped while preparing records; nothing was published; please report \
             this bug with the command line"
                .to_string(),
        )
    })?;
    batch.into_iter().try_for_each(sink)
}

/// Builds the tables and automata of `parse` and `normalise` on all the
/// workers at once, the largest first. Each is built once per process on
/// first use anyway; left to the first batch, they would be built one
/// after another while the other workers wait for them, a third of a
/// second of a run that has few statements to do.
pub fn build_tables() {
    let builds: [fn(); 7] = [
        normalise::mentions::build_tables,
        normalise::money::build_tables,
        normalise::mentions::people::build_tables,
        parse::boilerplate::build_tables,
        normalise::dates::build_tables,
        parse::doc_type::build_tables,
        normalise::language::build_table,
    ];
    builds.par_iter().with_max_len(1).for_each(|build| build());
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
pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}
