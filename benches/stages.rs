//! Per-stage micro-benchmarks: read, parse, each normaliser and each writer,
//! through bayan's library API, on the Arabic seed and the first State
//! Department records of `../shared/corpus`.
//!
//! Run with `cargo bench --bench stages` (add a filter to run some:
//! `cargo bench --bench stages -- normalise`). The end-to-end numbers come
//! from `make bench` (tools/bench/run.py); these say where the time of one
//! statement goes. Throughput counters are input bytes of the stage.

use std::path::PathBuf;
use std::sync::LazyLock;

use bayan::normalise::{self, dates, language, mentions, money};
use bayan::record::{Record, Statement};
use bayan::schema::{self, Table};
use bayan::write::{Sink, WriteOptions, csv::CsvSink, jsonld::JsonLdSink, parquet::ParquetSink};
use bayan::{parse, read, text};
use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// How many records of the State Department feed are used: enough for a
/// mix of short statements and long transcripts, few enough that one
/// iteration stays in the milliseconds.
const CORPUS_RECORDS: usize = 20;

const SEED: &str = "/../shared/seed/000_9e8232f106620835.txt";
const CORPUS_JSONL: &str =
    "/../shared/corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl";

/// The benchmark inputs, read once.
struct Fixtures {
    seed_text: String,
    /// The first [`CORPUS_RECORDS`] lines of the feed, as JSON Lines.
    jsonl: String,
    /// Read and parsed, not normalised: what `normalise` starts from.
    parsed: Vec<Record>,
    /// Through every stage: what the writers and extractors start from.
    normalised: Vec<Record>,
}

static FIXTURES: LazyLock<Fixtures> = LazyLock::new(|| {
    let seed_text = shared_file(SEED);
    let jsonl: String = shared_file(CORPUS_JSONL)
        .lines()
        .take(CORPUS_RECORDS)
        .map(|line| format!("{line}\n"))
        .collect();
    let mut parsed = vec![read::text::record("seed.txt", seed_text.clone())];
    parsed.extend(read::jsonl::read_lines("corpus.jsonl", &jsonl));
    parsed.iter_mut().for_each(parse::parse);
    let mut normalised = parsed.clone();
    normalised.iter_mut().for_each(normalise::normalise);
    let accepted = normalised.iter().filter(|r| r.is_accepted()).count();
    assert_eq!(
        accepted,
        normalised.len(),
        "every benchmark record should be accepted; a stage now rejects one of them"
    );
    Fixtures {
        seed_text,
        jsonl,
        parsed,
        normalised,
    }
});

fn shared_file(relative: &str) -> String {
    let path = PathBuf::from(format!("{}{relative}", env!("CARGO_MANIFEST_DIR")));
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {} ({error}); the benchmarks need ../shared next to the repository",
            path.display()
        )
    })
}

fn raw_bytes(records: &[Record]) -> usize {
    records.iter().map(|record| record.raw.text.len()).sum()
}

fn body_bytes(records: &[Record]) -> usize {
    records
        .iter()
        .map(|record| record.statement.body.len())
        .sum()
}

mod read_stage {
    use super::*;

    /// One plain-text statement: decoding and the record around it.
    #[divan::bench]
    fn text(bencher: Bencher) {
        let fixtures = &*FIXTURES;
        let bytes = fixtures.seed_text.as_bytes();
        bencher.counter(BytesCount::new(bytes.len())).bench(|| {
            read::text::decode(divan::black_box(bytes)).map(|t| read::text::record("seed.txt", t))
        });
    }

    /// JSON Lines with HTML bodies: one record per line.
    #[divan::bench]
    fn jsonl(bencher: Bencher) {
        let fixtures = &*FIXTURES;
        bencher
            .counter(BytesCount::new(fixtures.jsonl.len()))
            .bench(|| read::jsonl::read_lines("corpus.jsonl", divan::black_box(&fixtures.jsonl)));
    }
}

mod parse_stage {
    use super::*;

    /// The seed: title line, paragraphs, boilerplate (the cookie banner).
    #[divan::bench]
    fn text(bencher: Bencher) {
        let record = read::text::record("seed.txt", FIXTURES.seed_text.clone());
        bencher
            .counter(BytesCount::new(record.raw.text.len()))
            .with_inputs(|| record.clone())
            .bench_local_refs(parse::parse);
    }

    /// The HTML bodies of the feed records.
    #[divan::bench]
    fn html(bencher: Bencher) {
        let records = read::jsonl::read_lines("corpus.jsonl", &FIXTURES.jsonl);
        bencher
            .counter(BytesCount::new(raw_bytes(&records)))
            .with_inputs(|| records.clone())
            .bench_local_refs(|records| records.iter_mut().for_each(parse::parse));
    }
}

mod normalise_stage {
    use super::*;

    /// Every field `normalise` fills, extractors included.
    #[divan::bench]
    fn all(bencher: Bencher) {
        let parsed = &FIXTURES.parsed;
        bencher
            .counter(BytesCount::new(raw_bytes(parsed)))
            .with_inputs(|| parsed.clone())
            .bench_local_refs(|records| records.iter_mut().for_each(normalise::normalise));
    }

    /// Display form of the parsed paragraphs.
    #[divan::bench]
    fn clean(bencher: Bencher) {
        let paragraphs: Vec<&str> = FIXTURES
            .parsed
            .iter()
            .flat_map(|record| record.statement.paragraphs.iter().map(String::as_str))
            .collect();
        let bytes = paragraphs.iter().map(|p| p.len()).sum::<usize>();
        bencher.counter(BytesCount::new(bytes)).bench(|| {
            paragraphs
                .iter()
                .map(|p| text::clean(p))
                .collect::<Vec<_>>()
        });
    }

    /// `extract` on the body (or title and body) of every normalised
    /// statement.
    fn per_statement<T>(bencher: Bencher, extract: impl Fn(&Statement) -> T + Sync) {
        let normalised = &FIXTURES.normalised;
        bencher
            .counter(BytesCount::new(body_bytes(normalised)))
            .bench(|| {
                normalised
                    .iter()
                    .map(|record| extract(&record.statement))
                    .collect::<Vec<_>>()
            });
    }

    /// The matching key (with offsets) the extractors search in.
    #[divan::bench]
    fn fold(bencher: Bencher) {
        per_statement(bencher, |statement| text::fold(&statement.body));
    }

    #[divan::bench]
    fn language(bencher: Bencher) {
        per_statement(bencher, |statement| language::detect(&statement.body, None));
    }

    #[divan::bench]
    fn dates(bencher: Bencher) {
        per_statement(bencher, dates::extract);
    }

    #[divan::bench]
    fn money(bencher: Bencher) {
        per_statement(bencher, money::extract);
    }

    #[divan::bench]
    fn mentions(bencher: Bencher) {
        per_statement(bencher, mentions::extract);
    }
}

mod write_stage {
    use super::*;

    /// The tables benchmarked: the widest one and the one with most rows.
    const TABLES: [&str; 2] = ["statements", "mentions"];

    fn table(name: &str) -> &'static Table {
        schema::TABLES
            .into_iter()
            .find(|table| table.name == name)
            .unwrap_or_else(|| panic!("no table {name} in the schema"))
    }

    /// Every normalised record into one sink, from an open file to a closed
    /// one (creating the file is not timed).
    fn write_all<S: Sink + 'static>(bencher: Bencher, create: impl Fn(PathBuf) -> S) {
        let normalised = &FIXTURES.normalised;
        bencher
            .counter(BytesCount::new(body_bytes(normalised)))
            .with_inputs(|| {
                let dir =
                    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"));
                let sink = create(dir.path().join("out"));
                (dir, Box::new(sink))
            })
            .bench_local_values(|(dir, mut sink)| {
                for record in normalised {
                    if let Err(error) = sink.write(record) {
                        panic!("write failed: {error:#}");
                    }
                }
                if let Err(error) = sink.finish() {
                    panic!("finish failed: {error:#}");
                }
                dir
            });
    }

    fn or_panic<T>(result: anyhow::Result<T>) -> T {
        result.unwrap_or_else(|error| panic!("cannot open the sink: {error:#}"))
    }

    #[divan::bench(args = TABLES)]
    fn csv(bencher: Bencher, name: &str) {
        let table = table(name);
        let options = WriteOptions::default();
        write_all(bencher, |path| {
            or_panic(CsvSink::create(path, table, &options))
        });
    }

    #[divan::bench(args = TABLES)]
    fn parquet(bencher: Bencher, name: &str) {
        let table = table(name);
        write_all(bencher, |path| or_panic(ParquetSink::create(path, table)));
    }

    /// `statements.jsonld`: every table's facts in one document.
    #[divan::bench]
    fn jsonld(bencher: Bencher) {
        let options = WriteOptions::default();
        write_all(bencher, |path| or_panic(JsonLdSink::create(path, &options)));
    }
}
