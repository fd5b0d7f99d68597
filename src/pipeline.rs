//! Drives records through the stages, in input order, and publishes the
//! result.
//!
//! The pipeline owns the order of things: inputs are discovered and sorted
//! by `read`, each input goes through `parse` and `normalise`
//! ([`process`]), statements whose content was already exported become
//! `duplicate` rejects, every record (accepted or not) goes to the dataset
//! writer, and `publish` turns the written files into a release. It knows
//! no command line: `cli` builds the options and calls one of two runs:
//!
//! * [`export`]: one-shot, every input read, the dataset written straight
//!   into the output directory;
//! * [`run`]: incremental and safe to repeat from cron. Under the run lock
//!   it compares the inputs with the state store, takes the records of
//!   unchanged inputs from it, reads only what changed, and publishes a
//!   complete new release with an atomic swap of `current`, or nothing at
//!   all when nothing changed since the current release.
//!
//! Reading, parsing and normalising run on `--jobs` threads
//! ([`workers`]); everything after (duplicates, counts, writers) takes the
//! records in input order on one thread, so the files do not depend on
//! `--jobs`. `--shard I/N` ([`Shard`]) keeps one of N disjoint parts of
//! the records. Every record is counted where it enters and checked
//! against the rows written before anything is published ([`tally`]).

mod large;
mod shard;
pub mod tally;
mod workers;

pub use shard::Shard;
pub use tally::{InputRecords, Tally, reconcile};
pub use workers::{BATCH_RECORDS, Workers, default_jobs};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::exit::Outcome;
use crate::publish::lock::{LockError, RunLock};
use crate::publish::manifest::{InputCounts, Manifest, StageSeconds};
use crate::publish::release::{ReleaseBuild, ReleaseFacts, Releases, pause_point, utc_timestamp};
use crate::publish::state::{self, InputFacts, Opened, StateStore, StateUpdate};
use crate::publish::{self, DataFacts, PackageInfo, sha256_file};
use crate::read::{self, Input, ReadOptions};
use crate::record::Record;
use crate::write::{DatasetWriter, WriteOptions, WrittenFile};

/// Everything an export needs, validated and ready to run.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Files, directories, or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// The directory the dataset is published into.
    pub out: PathBuf,
    pub read: ReadOptions,
    pub write: WriteOptions,
    pub package: PackageInfo,
    /// Any reject makes the run fail and nothing is published.
    pub strict: bool,
    /// Threads for reading, parsing and normalising.
    pub jobs: usize,
    /// The part of the records this export keeps.
    pub shard: Shard,
}

/// What a run produced, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub statements: usize,
    pub rejects: usize,
    pub mentions: usize,
    pub amounts: usize,
    pub dates: usize,
    pub seconds: f64,
}

impl Summary {
    fn count(&mut self, record: &Record) {
        if record.is_accepted() {
            self.statements += 1;
            self.mentions += record.mentions.len();
            self.amounts += record.amounts.len();
            self.dates += record.dates.len();
        } else {
            self.rejects += 1;
        }
    }

    /// The one line printed at the end of a run.
    pub fn line(&self) -> String {
        format!(
            "{} statements, {} rejects, {} mentions, {} amounts, {} dates in {:.2}s",
            self.statements, self.rejects, self.mentions, self.amounts, self.dates, self.seconds
        )
    }
}

/// A run that could not publish a dataset: the outcome for the exit code
/// and the error to print.
#[derive(Debug)]
pub struct Fatal {
    pub outcome: Outcome,
    pub error: anyhow::Error,
}

impl Fatal {
    /// An input or the output could not be read or written (exit code 4).
    pub fn io(error: anyhow::Error) -> Fatal {
        Fatal {
            outcome: Outcome::Io,
            error,
        }
    }

    /// Writing into the output directory `out` failed: the error names
    /// the directory and what to check, before the cause.
    pub fn output(out: &Path, error: anyhow::Error) -> Fatal {
        Fatal::io(error.context(format!(
            "cannot write into {}; check that it is writable and its disk has space",
            out.display()
        )))
    }

    /// The state store of output directory `out` failed. It is a cache, so
    /// removing it is the way out.
    fn state(out: &Path, error: anyhow::Error) -> Fatal {
        let dir = out.join(state::DIR_NAME);
        Fatal::io(error.context(format!(
            "the state store in {} failed; it is only a cache: remove that directory and \
             run again (every input is read again)",
            dir.display()
        )))
    }
}

/// Reads one input and takes its records through `parse` and `normalise`,
/// on the calling thread. Duplicates are not looked for here: that depends
/// on the other inputs.
pub fn process(input: &Input, options: &ReadOptions) -> Vec<Record> {
    let mut records = read::read_input(input, options);
    records.iter_mut().for_each(workers::prepare);
    records
}

/// Records → the data files of one dataset: duplicate detection, counts,
/// the `--strict` check and the writers.
struct DatasetBuilder {
    /// The output directory the dataset goes to, for error messages.
    out: PathBuf,
    writer: DatasetWriter,
    dedup: crate::dedup::Deduplicator,
    summary: Summary,
    first_reject: Option<String>,
}

impl DatasetBuilder {
    /// Writes into `dir`, on its way to the output directory `out`.
    /// One shard of a job (`shard`) also writes the statements it holds
    /// back for the merge ([`crate::dedup::is_held_back`]).
    fn create(
        dir: &Path,
        out: &Path,
        options: &WriteOptions,
        shard: Shard,
    ) -> Result<DatasetBuilder, Fatal> {
        let options = WriteOptions {
            held_back: options.held_back || !shard.is_all(),
            ..options.clone()
        };
        Ok(DatasetBuilder {
            out: out.to_path_buf(),
            writer: DatasetWriter::create(dir, &options).map_err(|e| Fatal::output(out, e))?,
            dedup: crate::dedup::Deduplicator::default(),
            summary: Summary::default(),
            first_reject: None,
        })
    }

    fn push(&mut self, mut record: Record) -> Result<(), Fatal> {
        self.dedup.check(&mut record);
        if let (None, Some(reject)) = (&self.first_reject, &record.reject) {
            self.first_reject = Some(format!(
                "{}: {} ({})",
                record.source,
                reject.reason.as_str(),
                reject.detail
            ));
        }
        self.summary.count(&record);
        self.writer
            .write(&record)
            .with_context(|| format!("writing the record {}", record.source))
            .map_err(|e| Fatal::output(&self.out, e))
    }

    /// The error of a `--strict` run that saw a reject.
    fn strict_failure(&self) -> Option<Fatal> {
        let reject = self.first_reject.as_ref()?;
        Some(Fatal {
            outcome: Outcome::StrictRejects,
            error: anyhow::anyhow!(
                "--strict: {} input(s) rejected, nothing published; first: {reject}",
                self.summary.rejects
            ),
        })
    }

    fn finish(self) -> Result<(Vec<WrittenFile>, Summary), Fatal> {
        let files = self
            .writer
            .finish()
            .map_err(|e| Fatal::output(&self.out, e))?;
        Ok((files, self.summary))
    }
}

/// Reads every input, runs the stages and publishes the dataset into
/// `options.out`.
pub fn export(options: &ExportOptions) -> Result<Summary, Fatal> {
    let started = Instant::now();
    let inputs = read::discover(&options.inputs).map_err(Fatal::io)?;
    let staging = publish::Staging::create(&options.out).map_err(Fatal::io)?;
    let staging_dir = staging.path().to_path_buf();
    let exported = write_and_publish(&inputs, staging, options);
    if exported.is_err() {
        // Nothing half-written stays in the output directory.
        let _ = std::fs::remove_dir_all(&staging_dir);
    }
    let mut summary = exported?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The body of [`export`]: every input into `staging`, then published.
fn write_and_publish(
    inputs: &[Input],
    staging: publish::Staging,
    options: &ExportOptions,
) -> Result<Summary, Fatal> {
    let workers = Workers::new(options.jobs).map_err(Fatal::io)?;
    let mut dataset =
        DatasetBuilder::create(staging.path(), &options.out, &options.write, options.shard)?;
    let tally = workers.stream(inputs, &options.read, options.shard, &mut |record| {
        dataset.push(record)
    })?;
    if options.strict
        && let Some(fatal) = dataset.strict_failure()
    {
        return Err(fatal);
    }
    let (files, summary) = dataset.finish()?;
    let data = DataFacts {
        files: &files,
        csv_formulas: options.write.csv_formulas,
        records: reconcile(tally, &files)?,
    };
    staging
        .publish(&data, &options.package)
        .map_err(|e| Fatal::output(&options.out, e))?;
    Ok(summary)
}

/// Everything an incremental run needs, validated and ready to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Files or directories (standard input is not an input of a run).
    pub inputs: Vec<PathBuf>,
    /// The output directory: `releases/`, `current`, `state/`, `.lock`.
    pub out: PathBuf,
    pub read: ReadOptions,
    pub write: WriteOptions,
    pub package: PackageInfo,
    /// Who publishes the dataset, for the files that describe a release.
    pub publisher: Option<String>,
    /// The URL the output directory is served from, for download links.
    pub download_base: Option<String>,
    /// Any reject makes the run fail and nothing is published.
    pub strict: bool,
    /// How many releases to keep (at least 1).
    pub keep: usize,
    /// Keep the records of inputs that disappeared.
    pub keep_removed: bool,
    /// Build a new release even when nothing changed.
    pub force: bool,
    /// Threads for reading, parsing and normalising.
    pub jobs: usize,
    /// The part of the records this run keeps.
    pub shard: Shard,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// The release `current` points at after the run.
    pub release: String,
    /// False when nothing changed and no release was built.
    pub published: bool,
    pub summary: Summary,
    pub inputs: InputCounts,
    /// Old releases deleted by retention.
    pub pruned: Vec<String>,
}

impl RunReport {
    /// The line printed at the end of a run.
    pub fn line(&self) -> String {
        let inputs = &self.inputs;
        let changes = format!(
            "{} inputs: {} unchanged, {} changed, {} added, {} removed",
            inputs.seen, inputs.unchanged, inputs.changed, inputs.added, inputs.removed
        );
        if self.published {
            format!(
                "released {} ({changes}; {} parsed); {}",
                self.release,
                inputs.parsed,
                self.summary.line()
            )
        } else {
            format!(
                "nothing changed since release {} ({changes}); no new release",
                self.release
            )
        }
    }
}

/// How an input compares with what the state store remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Same size and modification time: not read at all.
    Unchanged,
    /// New time (or place) but the same content: hashed, not parsed.
    Touched,
    Changed,
    Added,
    /// Gone, but kept by `--keep-removed`.
    Kept,
    /// Could not be looked at (or too large): read every run, not cached.
    Uncached,
}

/// One input of a run, or a kept removed one.
#[derive(Debug, Clone)]
struct Entry {
    /// The state store's key: the input's path.
    key: String,
    input: Option<Input>,
    facts: Option<InputFacts>,
    change: Change,
}

/// The inputs compared with the state store.
#[derive(Debug, Default)]
struct Scan {
    /// In dataset order (sorted by path).
    entries: Vec<Entry>,
    /// Keys of inputs that are gone and not kept.
    removed: Vec<String>,
    counts: InputCounts,
}

/// The incremental, lock-protected run behind `bayan run`.
pub fn run(
    options: &RunOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<RunReport, Fatal> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let _lock = take_lock(options, started)?;
    pause_point("locked");
    let output = |error| Fatal::output(&options.out, error);
    let releases = Releases::open(&options.out).map_err(output)?;
    let leftovers = releases.remove_unfinished().map_err(output)?;
    if leftovers > 0 {
        tracing::info!("removed {leftovers} unfinished release(s) of an interrupted run");
    }
    let store = open_state(options)?;

    let inputs = read::discover(&options.inputs).map_err(Fatal::io)?;
    let known = store.inputs().map_err(|e| Fatal::state(&options.out, e))?;
    let scan = scan(inputs, &known, options);
    let fingerprint = fingerprint(options, &scan.entries);
    let seconds = StageSeconds {
        scan: clock.elapsed().as_secs_f64(),
        ..StageSeconds::default()
    };
    tracing::info!(
        "scanned {} inputs: {} unchanged, {} changed, {} added, {} removed",
        scan.counts.seen,
        scan.counts.unchanged,
        scan.counts.changed,
        scan.counts.added,
        scan.counts.removed
    );
    pause_point("scanned");

    if !options.force
        && let Some(current) = releases.current()
        && current_fingerprint(&releases, &current).as_deref() == Some(fingerprint.as_str())
    {
        remember_touched(&store, &scan, &options.out)?;
        return Ok(RunReport {
            release: current,
            published: false,
            summary: Summary {
                seconds: clock.elapsed().as_secs_f64(),
                ..Summary::default()
            },
            inputs: scan.counts,
            pruned: Vec::new(),
        });
    }

    let build = releases.begin(started).map_err(output)?;
    let build_dir = build.path().to_path_buf();
    let book = Bookkeeping {
        out: options.out.clone(),
        update: store.begin().map_err(|e| Fatal::state(&options.out, e))?,
        counts: scan.counts.clone(),
        seconds,
        tally: Tally::default(),
        damaged: false,
    };
    let (release, mut summary, counts) =
        match build_release(build, &scan, fingerprint, book, options, started, progress) {
            Ok(built) => built,
            Err(fatal) => {
                // Whatever was written is of no use; if this fails too, the
                // next run removes it.
                let _ = std::fs::remove_dir_all(&build_dir);
                return Err(fatal);
            }
        };
    let pruned = releases.prune(options.keep).map_err(output)?;
    for name in &pruned {
        tracing::info!("deleted old release {name} (--keep {})", options.keep);
    }
    summary.seconds = clock.elapsed().as_secs_f64();
    Ok(RunReport {
        release,
        published: true,
        summary,
        inputs: counts,
        pruned,
    })
}

/// Writes the data of every entry into `build`, publishes it as the new
/// current release, then commits (or, if it turned out damaged, sets
/// aside) the state store. Returns the release's name, what it holds and
/// what happened to the inputs.
fn build_release(
    build: ReleaseBuild,
    scan: &Scan,
    fingerprint: String,
    mut book: Bookkeeping,
    options: &RunOptions,
    started: SystemTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(String, Summary, InputCounts), Fatal> {
    let workers = Workers::new(options.jobs).map_err(Fatal::io)?;
    let mut dataset =
        DatasetBuilder::create(build.path(), &options.out, &options.write, options.shard)?;
    let total = scan.entries.len();
    let mut done = 0;
    for group in large::groups(&scan.entries) {
        if let [entry] = group
            && large::is_large(entry)
        {
            large::stream_entry(entry, &workers, options, &mut book, &mut dataset)?;
            done += 1;
            progress(done, total);
            pause_point(&format!("input:{done}"));
            continue;
        }
        for (entry, records) in group
            .iter()
            .zip(records_of(group, &workers, options, &mut book)?)
        {
            let records = book.remember(entry, records)?;
            let writing = Instant::now();
            for record in records {
                dataset.push(record)?;
            }
            book.seconds.write += writing.elapsed().as_secs_f64();
            done += 1;
            progress(done, total);
            pause_point(&format!("input:{done}"));
        }
    }
    if !book.damaged {
        for key in &scan.removed {
            book.update
                .forget(key)
                .map_err(|e| Fatal::state(&options.out, e))?;
        }
    }
    if options.strict
        && let Some(fatal) = dataset.strict_failure()
    {
        return Err(fatal);
    }
    let writing = Instant::now();
    let (files, summary) = dataset.finish()?;
    book.seconds.write += writing.elapsed().as_secs_f64();
    let records = reconcile(book.tally, &files)?;
    pause_point("written");

    let manifest = Manifest {
        release: build.name().to_string(),
        bayan_version: env!("CARGO_PKG_VERSION").to_string(),
        started: utc_timestamp(started),
        finished: String::new(),
        fingerprint,
        inputs: book.counts.clone(),
        records,
        rows: files.iter().map(|f| (f.name.clone(), f.rows)).collect(),
        seconds: book.seconds.clone(),
    };
    let facts = ReleaseFacts {
        data: DataFacts {
            files: &files,
            csv_formulas: options.write.csv_formulas,
            records,
        },
        package: &options.package,
        publisher: options.publisher.as_deref(),
        download_base: options.download_base.as_deref(),
        manifest: &manifest,
        started,
    };
    let release = build
        .publish(&facts)
        .map_err(|e| Fatal::output(&options.out, e))?;
    let state_error = |e| Fatal::state(&options.out, e);
    if book.damaged {
        let moved_to = book.update.discard(&options.out).map_err(state_error)?;
        tracing::warn!(
            "the damaged state store was moved to {}; the next run reads every input again",
            moved_to.display()
        );
    } else {
        book.update.commit().map_err(state_error)?;
    }
    pause_point("committed");
    Ok((release, summary, book.counts))
}

fn take_lock(options: &RunOptions, started: SystemTime) -> Result<RunLock, Fatal> {
    let lock = RunLock::acquire(&options.out, &utc_timestamp(started)).map_err(|error| {
        let outcome = match error {
            LockError::Held { .. } => Outcome::Locked,
            LockError::Io(_) => Outcome::Io,
        };
        Fatal {
            outcome,
            error: anyhow::Error::new(error),
        }
    })?;
    if let Some(previous) = lock.interrupted() {
        tracing::warn!(
            "the previous run ({previous}) did not finish; its unfinished work is discarded \
             and redone"
        );
    }
    Ok(lock)
}

/// What the cached records depend on: bayan's version, the read options
/// and the shard (a shard caches only its own records).
fn cache_version(options: &RunOptions) -> String {
    let version = state::cache_version(&options.read);
    if options.shard.is_all() {
        version
    } else {
        format!("{version} shard {}", options.shard)
    }
}

fn open_state(options: &RunOptions) -> Result<StateStore, Fatal> {
    let version = cache_version(options);
    let (store, opened) =
        StateStore::open(&options.out, &version).map_err(|e| Fatal::state(&options.out, e))?;
    match opened {
        Opened::Created | Opened::Reused => {}
        Opened::Invalidated { was } => {
            tracing::info!("the state store was made by {was}; every input is read again");
        }
        Opened::Rebuilt { moved_to, error } => tracing::warn!(
            "the state store is damaged or unreadable ({error}); it was moved to {} and every \
             input is read again",
            moved_to.display()
        ),
    }
    Ok(store)
}

/// Compares the inputs with the facts the state store remembers.
fn scan(inputs: Vec<Input>, known: &BTreeMap<String, InputFacts>, options: &RunOptions) -> Scan {
    let mut scan = Scan::default();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let Some(path) = input.path.clone() else {
            continue;
        };
        let key = path.to_string_lossy().into_owned();
        seen.insert(key.clone());
        let (change, facts) = compare(&path, &input.source, known.get(&key), options);
        scan.counts.seen += 1;
        match change {
            Change::Unchanged | Change::Touched => scan.counts.unchanged += 1,
            Change::Changed => scan.counts.changed += 1,
            Change::Added | Change::Uncached => scan.counts.added += 1,
            Change::Kept => {}
        }
        scan.entries.push(Entry {
            key,
            input: Some(input),
            facts,
            change,
        });
    }
    for (key, facts) in known {
        if seen.contains(key) {
            continue;
        }
        scan.counts.removed += 1;
        if options.keep_removed {
            scan.counts.kept_removed += 1;
            scan.entries.push(Entry {
                key: key.clone(),
                input: None,
                facts: Some(facts.clone()),
                change: Change::Kept,
            });
        } else {
            scan.removed.push(key.clone());
        }
    }
    // Stable: the same file given twice stays twice, in argument order.
    scan.entries
        .sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    scan
}

/// How one input file compares with its remembered facts, and its facts
/// now (`None` when it cannot be looked at or is too large to cache).
fn compare(
    path: &std::path::Path,
    source: &str,
    known: Option<&InputFacts>,
    options: &RunOptions,
) -> (Change, Option<InputFacts>) {
    let Ok(metadata) = std::fs::metadata(path) else {
        return (Change::Uncached, None);
    };
    let size = metadata.len();
    let modified_ns = metadata.modified().map_or(0, unix_ns);
    if let Some(known) = known
        && known.stat_matches(source, size, modified_ns)
    {
        return (Change::Unchanged, Some(known.clone()));
    }
    if size > options.read.max_bytes {
        return (Change::Uncached, None);
    }
    let hashed_ns = unix_ns(SystemTime::now());
    let Ok(sha256) = sha256_file(path) else {
        return (Change::Uncached, None);
    };
    let facts = InputFacts {
        source: source.to_string(),
        size,
        modified_ns,
        hashed_ns,
        sha256,
        // Kept when only the time changed; counted again when it is read.
        other_shards: known.map_or(0, |known| known.other_shards),
    };
    let change = match known {
        Some(known) if known.sha256 == facts.sha256 && known.source == facts.source => {
            Change::Touched
        }
        Some(_) => Change::Changed,
        None => Change::Added,
    };
    (change, Some(facts))
}

fn unix_ns(time: SystemTime) -> i128 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// SHA-256 over everything the data files depend on: bayan's version, the
/// options that shape the files, and each input's place and content, in
/// order. Equal fingerprints mean byte-identical data files.
fn fingerprint(options: &RunOptions, entries: &[Entry]) -> String {
    let mut hasher = Sha256::new();
    let write = &options.write;
    let package = &options.package;
    let formats: Vec<&str> = write.formats.iter().map(|f| f.as_str()).collect();
    let header = [
        cache_version(options),
        formats.join(","),
        write.base_iri.clone(),
        write.csv_bom.to_string(),
        format!("csv formulas {}", write.csv_formulas.as_str()),
        format!("partition {:?}", write.partition),
        package.name.clone(),
        package.title.clone(),
        package.description.clone(),
        package.license.clone(),
        package.license_title.clone().unwrap_or_default(),
        options.publisher.clone().unwrap_or_default(),
        options.download_base.clone().unwrap_or_default(),
    ];
    for field in header {
        hasher.update(field.as_bytes());
        hasher.update([0]);
    }
    for entry in entries {
        let content = match &entry.facts {
            Some(facts) => format!("{}\t{}", facts.source, facts.sha256),
            None => format!("uncached {}", entry.key),
        };
        hasher.update(format!("{}\t{content}\n", entry.key).as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint in the manifest of release `name`.
fn current_fingerprint(releases: &Releases, name: &str) -> Option<String> {
    match Manifest::read(&releases.path(name)) {
        Ok(manifest) => Some(manifest.fingerprint),
        Err(error) => {
            tracing::warn!("{error:#}; a new release is built");
            None
        }
    }
}

/// Saves the new times of touched inputs, so that the next run does not
/// hash them again. `out` is the output directory, for errors.
fn remember_touched(store: &StateStore, scan: &Scan, out: &Path) -> Result<(), Fatal> {
    let touched: Vec<&Entry> = scan
        .entries
        .iter()
        .filter(|entry| entry.change == Change::Touched)
        .collect();
    if touched.is_empty() {
        return Ok(());
    }
    let state_error = |e| Fatal::state(out, e);
    let mut update = store.begin().map_err(state_error)?;
    for entry in touched {
        if let Some(facts) = &entry.facts {
            update
                .remember(&entry.key, facts, None)
                .map_err(state_error)?;
        }
    }
    update.commit().map_err(state_error)
}

/// What the build loop of a run keeps track of.
struct Bookkeeping {
    /// The output directory, for errors.
    out: PathBuf,
    /// The run's one state transaction.
    update: StateUpdate,
    counts: InputCounts,
    seconds: StageSeconds,
    /// The records of the run, from the cache or read.
    tally: Tally,
    /// The state store turned out damaged: it is no longer read or
    /// written, and is set aside at the end of the run.
    damaged: bool,
}

/// The records of one entry, and whether they were just read (and are to
/// be cached, with the count of its records in other shards) rather than
/// taken from the cache.
enum Records {
    Cached(Vec<Record>),
    Read(InputRecords),
}

impl Bookkeeping {
    /// The cached records of `entry` when its content is known and they
    /// can be loaded.
    fn cached(&mut self, entry: &Entry) -> Result<Option<Vec<Record>>, Fatal> {
        if !self.may_use_cache(entry) {
            return Ok(None);
        }
        let loading = Instant::now();
        let mut records = Vec::new();
        let found = self.update.records_each(&entry.key, &mut |chunk| {
            records.extend(chunk);
            Ok(())
        });
        self.seconds.cache += loading.elapsed().as_secs_f64();
        Ok(self.cache_outcome(entry, found).then_some(records))
    }

    /// Whether the records of `entry` may come from the cache: its content
    /// is the one cached, and the store has not turned out damaged.
    fn may_use_cache(&self, entry: &Entry) -> bool {
        let known = matches!(
            entry.change,
            Change::Unchanged | Change::Touched | Change::Kept
        );
        known && !self.damaged
    }

    /// Whether reading the cached records of `entry` gave all of them
    /// (`found`). Missing records are read again from the input; a damaged
    /// store is not used again in this run and is set aside at its end.
    /// Either is said in a warning.
    fn cache_outcome(&mut self, entry: &Entry, found: anyhow::Result<bool>) -> bool {
        match found {
            Ok(found) => {
                if !found {
                    tracing::warn!(
                        "{}: its cached records are missing or unreadable; reading it again",
                        entry.key
                    );
                }
                found
            }
            Err(error) => {
                tracing::warn!("{error:#}; every input is read again");
                self.damaged = true;
                false
            }
        }
    }

    /// Counts the `records` of `entry` taken from the cache, and those of
    /// its records that other shards hold, as its facts remember them.
    fn count_cached(&mut self, entry: &Entry, records: u64) {
        self.tally.seen += records;
        self.tally.other_shards += entry.facts.as_ref().map_or(0, |f| f.other_shards);
    }

    /// Saves the new time (or place) of an input whose records came from
    /// the cache unchanged.
    fn remember_touched(&mut self, entry: &Entry) -> Result<(), Fatal> {
        if entry.change == Change::Touched
            && let Some(facts) = &entry.facts
        {
            (self.update.remember_facts(&entry.key, facts))
                .map_err(|e| Fatal::state(&self.out, e))?;
        }
        Ok(())
    }

    /// Saves what the state store should know about `entry` after this
    /// run, and hands its records on.
    fn remember(&mut self, entry: &Entry, records: Records) -> Result<Vec<Record>, Fatal> {
        match records {
            Records::Cached(records) => {
                self.remember_touched(entry)?;
                Ok(records)
            }
            Records::Read(read) => {
                if !self.damaged {
                    match &entry.facts {
                        Some(facts) => {
                            let facts = InputFacts {
                                other_shards: read.other_shards,
                                ..facts.clone()
                            };
                            self.update
                                .remember(&entry.key, &facts, Some(&read.records))
                        }
                        None => self.update.forget(&entry.key),
                    }
                    .map_err(|e| Fatal::state(&self.out, e))?;
                }
                Ok(read.records)
            }
        }
    }
}

/// The records of a group of entries, in order: from the cache when their
/// content is known, else read, parsed and normalised on the workers.
fn records_of(
    group: &[Entry],
    workers: &Workers,
    options: &RunOptions,
    book: &mut Bookkeeping,
) -> Result<Vec<Records>, Fatal> {
    let cached = group
        .iter()
        .map(|entry| book.cached(entry))
        .collect::<Result<Vec<_>, Fatal>>()?;
    let to_read: Vec<&Input> = group
        .iter()
        .zip(&cached)
        .filter(|(_, cached)| cached.is_none())
        .filter_map(|(entry, _)| entry.input.as_ref())
        .collect();
    let mut read = Vec::new().into_iter();
    if !to_read.is_empty() {
        let parsing = Instant::now();
        read = read_and_prepare(&to_read, workers, options).into_iter();
        book.seconds.parse += parsing.elapsed().as_secs_f64();
        book.counts.parsed += to_read.len() as u64;
    }
    let records = group
        .iter()
        .zip(cached)
        .map(|(entry, cached)| match (cached, &entry.input) {
            (Some(records), _) => {
                book.count_cached(entry, records.len() as u64);
                Records::Cached(records)
            }
            (None, Some(_)) => {
                let read = read.next().unwrap_or_default();
                book.tally.add(&read);
                Records::Read(read)
            }
            // A kept removed input whose records are lost: nothing to read.
            (None, None) => Records::Cached(Vec::new()),
        })
        .collect();
    Ok(records)
}

/// Reads `inputs` and parses and normalises all their records together, so
/// that one large input and many small ones keep every worker busy.
fn read_and_prepare(
    inputs: &[&Input],
    workers: &Workers,
    options: &RunOptions,
) -> Vec<InputRecords> {
    let mut per_input = workers.read(inputs, &options.read, options.shard);
    let lengths: Vec<usize> = per_input.iter().map(|input| input.records.len()).collect();
    let mut all: Vec<Record> = per_input
        .iter_mut()
        .flat_map(|input| std::mem::take(&mut input.records))
        .collect();
    workers.parse_and_normalise(&mut all);
    let mut all = all.into_iter();
    for (input, length) in per_input.iter_mut().zip(lengths) {
        input.records = all.by_ref().take(length).collect();
    }
    per_input
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;

    fn options(inputs: &[&Path], out: &Path) -> RunOptions {
        RunOptions {
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            out: out.to_path_buf(),
            read: ReadOptions::default(),
            write: WriteOptions::default(),
            package: PackageInfo::default(),
            publisher: None,
            download_base: None,
            strict: false,
            keep: 5,
            keep_removed: false,
            force: false,
            jobs: 2,
            shard: Shard::ALL,
        }
    }

    /// Writes `text` to `path` and dates it an hour back, as a file that
    /// was not written just now.
    fn write_old(path: &Path, text: &str) {
        std::fs::write(path, text).expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(path)
            .expect("open");
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        file.set_modified(hour_ago).expect("set time");
    }

    fn facts_of(path: &Path, options: &RunOptions) -> InputFacts {
        compare(path, "a.txt", None, options).1.expect("facts")
    }

    #[test]
    fn inputs_are_compared_by_time_then_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        let options = options(&[dir.path()], &dir.path().join("out"));
        write_old(&path, "Title\n\nBody.\n");
        let (change, facts) = compare(&path, "a.txt", None, &options);
        assert_eq!(change, Change::Added);
        let known = facts.expect("facts");

        assert_eq!(
            compare(&path, "a.txt", Some(&known), &options).0,
            Change::Unchanged
        );
        assert_eq!(
            compare(&path, "other/a.txt", Some(&known), &options).0,
            Change::Changed,
            "the same bytes under another source name make other records"
        );

        write_old(&path, "Title\n\nBody.\n");
        let touched = InputFacts {
            modified_ns: known.modified_ns - 1,
            ..known.clone()
        };
        assert_eq!(
            compare(&path, "a.txt", Some(&touched), &options).0,
            Change::Touched
        );

        write_old(&path, "Title\n\nAnother body.\n");
        assert_eq!(
            compare(&path, "a.txt", Some(&known), &options).0,
            Change::Changed
        );
        assert_ne!(facts_of(&path, &options).sha256, known.sha256);
    }

    #[test]
    fn inputs_that_cannot_be_hashed_are_not_cached() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut options = options(&[dir.path()], &dir.path().join("out"));
        options.read.max_bytes = 4;
        let path = dir.path().join("big.txt");
        write_old(&path, "more than four bytes");
        assert_eq!(
            compare(&path, "big.txt", None, &options),
            (Change::Uncached, None)
        );
        let missing = dir.path().join("missing.txt");
        assert_eq!(
            compare(&missing, "missing.txt", None, &options),
            (Change::Uncached, None)
        );
    }

    #[test]
    fn the_fingerprint_follows_content_and_options_but_not_times() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = options(&[dir.path()], &dir.path().join("out"));
        let path = dir.path().join("a.txt");
        write_old(&path, "Title\n\nBody.\n");
        let entry = |facts: InputFacts| Entry {
            key: "in/a.txt".to_string(),
            input: None,
            facts: Some(facts),
            change: Change::Unchanged,
        };
        let facts = facts_of(&path, &options);
        let base = fingerprint(&options, &[entry(facts.clone())]);
        let later = InputFacts {
            modified_ns: facts.modified_ns + 5,
            hashed_ns: facts.hashed_ns + 5,
            ..facts.clone()
        };
        assert_eq!(fingerprint(&options, &[entry(later)]), base);
        let edited = InputFacts {
            sha256: "0".repeat(64),
            ..facts.clone()
        };
        assert_ne!(fingerprint(&options, &[entry(edited)]), base);
        let mut renamed = options.clone();
        renamed.package.name = "other-name".to_string();
        assert_ne!(fingerprint(&renamed, &[entry(facts)]), base);
    }
}
