#!/usr/bin/env python3
"""bayan as a task of a real distributed engine (`make scale-test`).

1. Writes a corpus of at least 5,000 statements (tools/bench/make_corpus.py:
   the State Department press releases with HTML bodies and the Arabic seed,
   cycled with distinct titles), split into JSON Lines files of 100 records.
2. Runs one single-machine `bayan export` of it, Hive-partitioned by year
   and language.
3. Starts Spark in local mode, distributes the file paths over 4 partitions
   and runs `bayan map --paths` in each through `RDD.pipe`, the recipe of
   the README ("Running at scale"). Spark reads the mapped JSON Lines,
   writes the statements and the exploded mentions, amounts and dates as
   Parquet, and keeps the mapped lines as text.
4. Checks, row for row, that Spark's tables equal the export's (every
   column, compared as text in DuckDB, duplicates counted).
5. Merges Spark's text output with `bayan merge` and checks that the result
   is byte for byte the single export.
6. Reads the export's Hive-partitioned Parquet with Spark, DuckDB, polars
   and pyarrow as one table each, and checks that `year` comes out as an
   integer, `language` as a string, and the counts per partition agree.

Run from the repository root with the interop virtualenv:
  .venv/bin/python tests/scale/check.py --bayan target/release/bayan --work out/scale
Exits 1 when a check fails, naming it.
"""

import argparse
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars
import pyarrow.dataset

TABLES = ("statements", "mentions", "amounts", "dates")
CHILDREN = TABLES[1:]
RECORDS_PER_FILE = 100
PARTITIONS = 4


def make_corpus(work, size):
    """The corpus as JSON Lines files of RECORDS_PER_FILE records each."""
    generated = work / "generated"
    subprocess.run(
        [sys.executable, "tools/bench/make_corpus.py", str(size), "--out-dir", str(generated)],
        check=True,
    )
    lines = (generated / f"statements-{size}.jsonl").read_text(encoding="utf-8").splitlines()
    chunks = work / "corpus"
    shutil.rmtree(chunks, ignore_errors=True)
    chunks.mkdir(parents=True)
    for start in range(0, len(lines), RECORDS_PER_FILE):
        part = chunks / f"chunk-{start // RECORDS_PER_FILE:04d}.jsonl"
        part.write_text("\n".join(lines[start:start + RECORDS_PER_FILE]) + "\n", encoding="utf-8")
    return chunks


def run(command):
    started = time.monotonic()
    subprocess.run(command, check=True)
    return time.monotonic() - started


def columns(dataset, table):
    """The columns of `table` as datapackage.json lists them."""
    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == f"{table}-parquet":
            return [field["name"] for field in resource["schema"]["fields"]]
    raise SystemExit(f"datapackage.json of {dataset} has no Parquet resource {table}")


def spark_session():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(f"local[{PARTITIONS}]")
        .appName("bayan-scale-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(PARTITIONS))
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_map(spark, bayan, chunks, out):
    """`bayan map --paths` on every partition of the file list, through
    RDD.pipe; the tables written by Spark under `out`."""
    rejects = out / "rejects"
    rejects.mkdir(parents=True)
    # Paths relative to the corpus directory, as an export of that
    # directory names its inputs, so both name every record alike.
    paths = sorted(path.name for path in chunks.glob("*.jsonl"))
    # Each task writes its rejects into a file of its own ($$: the shell's
    # process id, distinct per task).
    command = (
        f"cd {shlex.quote(str(chunks.resolve()))} && "
        f"exec {shlex.quote(str(Path(bayan).resolve()))} map --paths "
        f"--rejects {shlex.quote(str(rejects.resolve()))}/rejects-$$.jsonl"
    )
    mapped = spark.sparkContext.parallelize(paths, PARTITIONS).pipe(f"sh -c {shlex.quote(command)}").cache()
    mapped.saveAsTextFile(str(out / "mapped"))
    frame = spark.read.json(mapped)
    frame.drop(*CHILDREN).write.parquet(str(out / "statements"))
    for child in CHILDREN:
        exploded = frame.selectExpr("statement_id", f"explode({child}) AS row")
        exploded.selectExpr("statement_id", "row.*").write.parquet(str(out / child))
    return mapped.getNumPartitions()


def same_rows(label, expected_sql, actual_sql, failures):
    """Both queries give the same multiset of rows."""
    missing = duckdb.sql(f"SELECT count(*) FROM (({expected_sql}) EXCEPT ALL ({actual_sql}))").fetchall()[0][0]
    extra = duckdb.sql(f"SELECT count(*) FROM (({actual_sql}) EXCEPT ALL ({expected_sql}))").fetchall()[0][0]
    total = duckdb.sql(f"SELECT count(*) FROM ({expected_sql})").fetchall()[0][0]
    if missing or extra:
        failures.append(f"{label}: {missing} of {total} export rows not in Spark's, {extra} extra")
    else:
        print(f"ok   {label}: {total} rows equal")
    return total


def as_text(names):
    return ", ".join(f'CAST("{name}" AS VARCHAR) AS "{name}"' for name in names)


def compare_tables(single, spark_out, failures):
    counts = {}
    for table in TABLES:
        names = columns(single, table)
        expected = (
            f"SELECT {as_text(names)} FROM read_parquet('{single}/{table}/**/*.parquet', "
            "hive_partitioning = false)"
        )
        actual = f"SELECT {as_text(names)} FROM read_parquet('{spark_out}/{table}/*.parquet')"
        counts[table] = same_rows(f"Spark {table} vs export", expected, actual, failures)
    return counts


def check_merge(bayan, single, spark_out, work, failures):
    parts = sorted(glob.glob(str(spark_out / "mapped" / "part-*")))
    parts += sorted(glob.glob(str(spark_out / "rejects" / "*.jsonl")))
    merged = work / "merged"
    shutil.rmtree(merged, ignore_errors=True)
    run([bayan, "merge", *parts, "--out", str(merged), "--partition", "year,language", "--quiet"])
    expected = sorted(p.relative_to(single) for p in single.rglob("*") if p.is_file())
    actual = sorted(p.relative_to(merged) for p in merged.rglob("*") if p.is_file())
    if expected != actual:
        failures.append(f"merge of Spark's output: other files than the export: {set(expected) ^ set(actual)}")
        return
    differing = [str(name) for name in expected if (single / name).read_bytes() != (merged / name).read_bytes()]
    if differing:
        failures.append(f"merge of Spark's output: {differing} differ from the export")
    else:
        print(f"ok   bayan merge of {len(parts)} Spark outputs: {len(expected)} files byte-identical to the export")


def check_hive(spark, single, statements, failures):
    """Every engine reads the partitioned statements as one typed table."""
    root = single / "statements"
    per_partition = {
        (year, language): count
        for year, language, count in duckdb.sql(
            f"SELECT year, language, count(*) FROM read_parquet('{root}/**/*.parquet', "
            "hive_partitioning = true) GROUP BY ALL"
        ).fetchall()
    }
    types = dict(
        duckdb.sql(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
            f"'{root}/**/*.parquet', hive_partitioning = true))"
        ).fetchall()
    )
    expect(failures, "DuckDB year type", types.get("year"), "BIGINT")
    expect(failures, "DuckDB language type", types.get("language"), "VARCHAR")
    expect(failures, "DuckDB rows", sum(per_partition.values()), statements)

    frame = spark.read.parquet(str(root))
    spark_types = dict(frame.dtypes)
    expect(failures, "Spark year type", spark_types.get("year"), "int")
    expect(failures, "Spark language type", spark_types.get("language"), "string")
    spark_counts = {
        (row["year"], row["language"]): row["count"] for row in frame.groupBy("year", "language").count().collect()
    }
    expect(failures, "Spark counts per partition", spark_counts, per_partition)

    lazy = polars.scan_parquet(f"{root}/**/*.parquet", hive_partitioning=True)
    schema = lazy.collect_schema()
    expect(failures, "polars year type", schema.get("year"), polars.Int64)
    expect(failures, "polars language type", schema.get("language"), polars.String)
    polars_counts = {
        (row["year"], row["language"]): row["len"]
        for row in lazy.group_by("year", "language").len().collect().iter_rows(named=True)
    }
    expect(failures, "polars counts per partition", polars_counts, per_partition)

    dataset = pyarrow.dataset.dataset(root, format="parquet", partitioning="hive")
    expect(failures, "pyarrow year type", str(dataset.schema.field("year").type), "int32")
    expect(failures, "pyarrow rows", dataset.count_rows(), statements)


def expect(failures, label, actual, expected):
    if actual == expected:
        print(f"ok   {label}")
    else:
        failures.append(f"{label}: expected {expected!r}, got {actual!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bayan", required=True, help="the bayan binary (a release build)")
    parser.add_argument("--work", required=True, help="scratch directory, emptied first")
    parser.add_argument("--size", type=int, default=5000, help="statements in the corpus")
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    failures = []

    chunks = make_corpus(work, args.size)
    single = work / "single"
    seconds = run([args.bayan, "export", str(chunks.resolve()), "--out", str(single),
                   "--partition", "year,language", "--quiet"])
    print(f"single export of {args.size} statements: {seconds:.1f} s")

    spark = spark_session()
    try:
        started = time.monotonic()
        spark_out = work / "spark"
        partitions = spark_map(spark, args.bayan, chunks, spark_out)
        print(f"Spark, bayan map in {partitions} partitions: {time.monotonic() - started:.1f} s")
        expect(failures, "Spark partitions", partitions, PARTITIONS)
        counts = compare_tables(single, spark_out, failures)
        rejects = duckdb.sql(f"SELECT count(*) FROM read_csv('{single}/rejects.csv')").fetchall()[0][0]
        expect(failures, f"statements + rejects = the {args.size} records", counts["statements"] + rejects, args.size)
        check_merge(args.bayan, single, spark_out, work, failures)
        check_hive(spark, single, counts["statements"], failures)
    finally:
        spark.stop()

    for failure in failures:
        print(f"FAIL {failure}")
    if failures:
        sys.exit(1)
    print("scale test: every check passed")


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    main()
