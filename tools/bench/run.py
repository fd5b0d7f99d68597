#!/usr/bin/env python3
"""The end-to-end benchmark behind `make bench`: bayan against the Python
reference pipeline and DuckDB, in one run, written to bench/RESULTS.md.

Steps (all paths relative to the repository root, where it must be run):
  1. cargo build --release
  2. tools/bench/make_corpus.py: the corpora of --sizes statements and of
     --peer-size, cached under bench-corpus/ (git-ignored)
  3. bayan export of every JSONL corpus with --jobs 1 pinned to one core
     (taskset -c 0) and with --jobs N on every core (and, for the first
     size, --jobs 1 unpinned), fastest of three for sizes up to 10,000;
     and of the plain-text corpora
  4. the write step: `bayan run --formats parquet` of the first size, whose
     manifest.json gives the seconds spent writing, against DuckDB's COPY of
     the tables bayan exported (CSV to zstd Parquet)
  5. the Python reference pipeline (../shared/peer/pipeline.py) on the
     --peer-size corpus (by default the first of --sizes, so the ratio
     compares both on the same 10,000 statements), installed in
     bench/.venv-peer from its pinned requirements
  6. the per-stage micro-benchmarks (cargo bench --bench stages), unless
     --no-micro
  7. bench/RESULTS.md: the machine, the commands, every run and the ratios
     with their targets (issue 6)

Peak memory is the maximum resident set size that /usr/bin/time -v reports
(or, without it, the rusage that os.wait4 returns for the child: the same
number). For a process that starts workers it is the largest single
process, not their sum.

usage: python3 tools/bench/run.py [--sizes 10000,100000] [--peer-size N]
       [--no-peer] [--out bench/RESULTS.md]
Standard library only; DuckDB and the peer's libraries live in the venv.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS_DIR = Path("bench-corpus")
WORK_DIR = CORPUS_DIR / "runs"
BAYAN = Path("target") / "release" / "bayan"
PEER_DIR = Path("..") / "shared" / "peer"
PEER_VENV = Path("bench") / ".venv-peer"
PEER_PYTHON = PEER_VENV / "bin" / "python"
GNU_TIME = Path("/usr/bin/time")
PARQUET_TABLES = ("statements", "mentions", "amounts", "dates")
# The peer's requirements pin lxml 6, whose lxml.html.clean (needed by
# jusText, needed by trafilatura) is a separate package since lxml 5.2.
PEER_EXTRA_REQUIREMENTS = ["lxml-html-clean==0.4.6"]

# Targets of issue 6, on a 2-core machine.
TARGET_PEER_RATIO = 100.0
TARGET_WRITE_RATIO = 2.0
TARGET_RSS_MB = 150.0
TARGET_THREAD_RATIO = 1.7
TARGET_LINEAR_SLACK = 1.1


class Measured:
    """One timed child process."""

    def __init__(self, label, command, wall, cpu, rss_mb, stdout):
        self.label = label
        self.command = command
        self.wall = wall
        self.cpu = cpu
        self.rss_mb = rss_mb
        self.stdout = stdout


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_checked(command, **kwargs):
    """Runs a command that must succeed; its output goes to the terminal."""
    log("$ " + shlex.join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def measure(label, command, env=None):
    """Runs `command`, returning its wall time, CPU time and peak RSS."""
    command = [str(part) for part in command]
    log(f"[{label}] $ {shlex.join(command)}")
    if GNU_TIME.exists():
        return measure_with_gnu_time(label, command, env)
    return measure_with_wait4(label, command, env)


def measure_with_gnu_time(label, command, env):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(
            [str(GNU_TIME), "-v", "-o", report.name, *command],
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        fail_unless_ok(label, done.returncode, done.stderr)
        fields = parse_gnu_time(report.read())
    cpu = fields["User time (seconds)"] + fields["System time (seconds)"]
    rss_mb = fields["Maximum resident set size (kbytes)"] / 1024
    return Measured(label, command, wall, cpu, rss_mb, done.stdout)


def parse_gnu_time(text):
    """The numeric fields of a `/usr/bin/time -v` report."""
    fields = {}
    for line in text.splitlines():
        name, _, value = line.strip().rpartition(": ")
        try:
            fields[name] = float(value)
        except ValueError:
            continue
    return fields


def measure_with_wait4(label, command, env):
    """Without GNU time: os.wait4 reaps the child and returns its own rusage
    (its descendants included), the same numbers GNU time prints."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        fail_unless_ok(label, child.returncode, err.read())
        stdout = out.read()
    rss_mb = usage.ru_maxrss / 1024
    return Measured(label, command, wall, usage.ru_utime + usage.ru_stime, rss_mb, stdout)


def fail_unless_ok(label, returncode, stderr):
    if returncode != 0:
        sys.exit(f"error: {label} failed (exit {returncode}):\n{stderr[-3000:]}")


def machine():
    """Cores, CPU model, memory, load, OS and versions, for the report."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "load average (1, 5, 15 min) at start": load,
        "os": f"{platform.system()} {platform.release()}",
        "rustc": output_of(["rustc", "--version"]),
        "bayan commit": output_of(["git", "rev-parse", "--short", "HEAD"]),
    }


def output_of(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def export_has_jobs():
    help_text = output_of([str(BAYAN), "export", "--help"])
    return "--jobs" in help_text


def corpus_paths(n):
    return CORPUS_DIR / f"statements-{n}.jsonl", CORPUS_DIR / f"text-{n}"


def directory_size(path):
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def max_bytes_for(path):
    """bayan reads a JSONL file whole and refuses inputs over --max-bytes
    (16 MiB by default), so the big corpora need a higher limit."""
    return max(directory_size(path) + 1, 16 * 1024 * 1024)


def fresh_dir(name):
    path = WORK_DIR / name
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def export_command(input_path, out):
    """`bayan export` of input_path into out, with a size limit the
    corpus fits under."""
    return [BAYAN, "export", input_path, "--out", out, "--max-bytes", max_bytes_for(input_path)]


def bayan_export(label, input_path, n, out_name, threads, has_jobs, pinned=False):
    """One `bayan export` of n statements on `threads` workers (--jobs);
    `pinned` runs the whole process on one core (taskset -c 0): with
    --jobs 1 that is bayan on a one-core machine, reading and writing
    threads included."""
    out = fresh_dir(out_name)
    command = export_command(input_path, out)
    if has_jobs:
        command += ["--jobs", threads]
    if pinned or (threads == 1 and not has_jobs):
        command = ["taskset", "-c", "0", *command]
    measured = measure(label, command)
    check_summary(label, measured.stdout, n)
    return measured, out


def two_processes(input_path, n):
    """The machine's own parallel capacity: the wall time of two
    independent `bayan export --jobs 1` of the same corpus started
    together. Two processes share nothing, so 2 x (one alone) / (two
    together) is the most any second thread can give on this machine
    (below 2 on shared or hyperthreaded cores)."""
    started = time.monotonic()
    children = []
    for index in (1, 2):
        out = fresh_dir(f"bayan-{n}-pair-{index}")
        command = [str(part) for part in
                   export_command(input_path, out) + ["--jobs", 1, "--quiet"]]
        children.append((command, subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.PIPE, text=True)))
    for command, child in children:
        _, stderr = child.communicate()
        fail_unless_ok(shlex.join(command), child.returncode, stderr)
    return time.monotonic() - started, shlex.join(children[0][0])


def check_summary(label, stdout, n):
    """bayan's summary line must account for every statement, and the run
    only counts if they were exported, not rejected."""
    match = re.search(r"(\d+) statements, (\d+) rejects", stdout)
    if not match:
        sys.exit(f"error: {label}: no summary line in bayan's output:\n{stdout}")
    statements, rejects = int(match.group(1)), int(match.group(2))
    if statements == 0 or statements + rejects != n:
        sys.exit(f"error: {label}: expected {n} records, bayan says: {stdout.strip()}")
    if rejects:
        log(f"warning: {label}: {rejects} of {n} records were rejected")


def best_of(repeat, run_once):
    """The fastest of `repeat` runs (the least disturbed by other load)."""
    results = [run_once() for _ in range(repeat)]
    return min(results, key=lambda result: result[0].wall)


def peer_install():
    """Installs the reference pipeline's pinned requirements once."""
    stamp = PEER_VENV / ".installed"
    requirements = PEER_DIR / "requirements.txt"
    wanted = requirements.read_text() + "\n".join(PEER_EXTRA_REQUIREMENTS) + "\n"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run_checked([sys.executable, "-m", "venv", PEER_VENV])
    run_checked([PEER_PYTHON, "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", "-r", requirements, *PEER_EXTRA_REQUIREMENTS])
    stamp.write_text(wanted)


def peer_run(n, jobs):
    jsonl, _ = corpus_paths(n)
    out = fresh_dir(f"peer-{n}")
    command = [PEER_PYTHON, PEER_DIR / "pipeline.py", jsonl, "-o", out, "-j", jobs]
    return measure(f"peer {n}", command)


DUCKDB_SCRIPT = """
import json, sys, time, duckdb
source, target, tables = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
con = duckdb.connect()
seconds = {}
for table in tables:
    started = time.perf_counter()
    con.execute(
        f"COPY (FROM read_csv('{source}/{table}.csv')) TO '{target}/{table}.parquet' "
        "(FORMAT parquet, COMPRESSION zstd)"
    )
    seconds[table] = time.perf_counter() - started
print(json.dumps({"version": duckdb.__version__, "seconds": seconds}))
"""


def duckdb_copy(csv_dir, n):
    """DuckDB's COPY of each table bayan exported, CSV to zstd Parquet."""
    target = fresh_dir(f"duckdb-{n}")
    target.mkdir()
    command = [PEER_PYTHON, "-c", DUCKDB_SCRIPT, csv_dir, target, ",".join(PARQUET_TABLES)]
    measured = measure(f"duckdb COPY {n}", command)
    return measured, json.loads(measured.stdout)


def bayan_write_seconds(input_path, n):
    """The write stage of `bayan run --formats parquet`, from its
    manifest.json: pushing every record through the Parquet writers (and
    rejects.csv) and closing the files. The first run parses the input and
    fills the state store; the second (--force) takes every record from the
    store, so its writers run alone, not beside workers parsing the next
    batch, and their seconds are theirs."""
    out = fresh_dir(f"run-{n}")
    command = [BAYAN, "run", input_path, "--out", out, "--formats", "parquet",
               "--max-bytes", max_bytes_for(input_path)]
    measure(f"bayan run {n} (fills the cache)", command)
    measured = measure(f"bayan run {n} --force (from the cache)", command + ["--force"])
    manifest = json.loads((out / "current" / "manifest.json").read_text(encoding="utf-8"))
    return measured, manifest["seconds"]


def row(measured, n, input_bytes):
    wall = measured.wall
    return {
        "label": measured.label,
        "statements": n,
        "input_mb": input_bytes / 1e6,
        "wall": wall,
        "cpu": measured.cpu,
        "per_second": n / wall,
        "mb_per_second": input_bytes / 1e6 / wall,
        "rss_mb": measured.rss_mb,
        "command": shlex.join(measured.command),
    }


def verdict(ok):
    return "PASS" if ok else "FAIL"


def ratios(results, args, has_jobs):
    """The ratio lines of the report: (what, measured, target, verdict)."""
    lines = []
    runs = results["runs"]
    sizes = args.sizes
    if "peer" in results:
        peer = results["peer"]
        ours = runs[("jsonl", args.peer_size, "all")]
        ratio = ours["per_second"] / peer["per_second"]
        lines.append((
            f"bayan vs Python peer, statements/s on the same {args.peer_size:,}-statement JSONL",
            f"{ratio:.1f}× ({ours['per_second']:.0f} vs {peer['per_second']:.1f}/s)",
            f"≥ {TARGET_PEER_RATIO:.0f}×", verdict(ratio >= TARGET_PEER_RATIO)))
    write = results.get("write")
    if write:
        for name, floor in (("all four Parquet tables", write["duckdb_all"]),
                            ("statements table only", write["duckdb_statements"])):
            ratio = write["bayan"] / floor
            lines.append((
                f"write step vs DuckDB COPY, {write['n']:,} statements ({name})",
                f"{ratio:.2f}× ({write['bayan']:.2f} s vs {floor:.2f} s)",
                f"≤ {TARGET_WRITE_RATIO:.0f}×", verdict(ratio <= TARGET_WRITE_RATIO)))
    for n in sizes:
        rss = runs[("jsonl", n, "all")]["rss_mb"]
        lines.append((f"peak RSS, {n:,} statements (JSONL, all cores)", f"{rss:.0f} MB",
                       f"≤ {TARGET_RSS_MB:.0f} MB", verdict(rss <= TARGET_RSS_MB)))
    pair = results.get("pair")
    if pair:
        one = runs[("jsonl", pair["n"], "jobs1")]["wall"] if ("jsonl", pair["n"], "jobs1") in runs \
            else runs[("jsonl", pair["n"], "one")]["wall"]
        lines.append((f"machine: 2 independent --jobs 1 processes vs 1, {pair['n']:,} "
                      "statements each (the most a second thread can give here)",
                      f"{2 * one / pair['wall']:.2f}×", "(none)", "—"))
    for n in sizes:
        one = runs[("jsonl", n, "one")]["wall"]
        many = runs[("jsonl", n, "all")]["wall"]
        how = "--jobs N on every core vs --jobs 1 on one core" if has_jobs \
            else "all cores vs taskset -c 0; bayan has no --jobs yet"
        lines.append((f"{os.cpu_count()} threads vs 1, {n:,} statements ({how})",
                      f"{one / many:.2f}×", f"≥ {TARGET_THREAD_RATIO}×",
                      verdict(one / many >= TARGET_THREAD_RATIO)))
        if ("jsonl", n, "jobs1") in runs:
            unpinned = runs[("jsonl", n, "jobs1")]["wall"]
            lines.append((f"--jobs {os.cpu_count()} vs --jobs 1, both on every core, "
                          f"{n:,} statements (the extra workers alone)",
                          f"{unpinned / many:.2f}×", "(none)", "—"))
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = runs[("jsonl", large, "all")]["wall"] / runs[("jsonl", small, "all")]["wall"]
        limit = TARGET_LINEAR_SLACK * large / small
        lines.append((f"time {large:,} / time {small:,} (linear growth)", f"{growth:.2f}×",
                      f"≤ {limit:.1f}×", verdict(growth <= limit)))
    return lines


def report(results, args, has_jobs, facts):
    """bench/RESULTS.md."""
    out = []
    add = out.append
    add("# Benchmark results")
    add("")
    add("Written by `make bench` (`python3 tools/bench/run.py "
        + " ".join(shlex.quote(a) for a in sys.argv[1:]) + "`); do not edit by hand.")
    add("")
    add(f"Date: {results['date']} UTC.")
    add("")
    add("| machine | |")
    add("|---|---|")
    for key, value in facts.items():
        add(f"| {key} | {value} |")
    add("")
    if args.note:
        add(f"**Note:** {args.note}")
        add("")
    add("## Ratios (issue 6 targets)")
    add("")
    add("| what | measured | target | |")
    add("|---|---|---|---|")
    for what, measured, target, ok in ratios(results, args, has_jobs):
        add(f"| {what} | {measured} | {target} | {ok} |")
    add("")
    add("## Runs")
    add("")
    short = max(args.repeat, 3)
    add(f"Each bayan row of up to 10,000 statements is the fastest of {short} runs, "
        f"the others of {args.repeat}. Statements/s and MB/s are input statements and input "
        "bytes over wall-clock seconds; CPU is user + system seconds; peak RSS is the "
        "maximum resident set size of the largest process.")
    add("")
    add("| run | statements | input MB | wall s | CPU s | statements/s | MB/s | peak RSS MB |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = list(results["runs"].values())
    if "peer" in results:
        rows.append(results["peer"])
    for r in rows:
        add(f"| {r['label']} | {r['statements']:,} | {r['input_mb']:.1f} | {r['wall']:.2f} | "
            f"{r['cpu']:.2f} | {r['per_second']:,.0f} | {r['mb_per_second']:.2f} | "
            f"{r['rss_mb']:.0f} |")
    add("")
    add("## How each number is measured")
    add("")
    add(threads_note(has_jobs))
    add("")
    add(WRITE_NOTE)
    write = results.get("write")
    if write:
        add("")
        add(f"Write step, {write['n']:,} statements: bayan's manifest says "
            f"{json.dumps(write['stages'])} (seconds); DuckDB {write['duckdb_version']} "
            f"COPY per table: {json.dumps({k: round(v, 3) for k, v in write['duckdb'].items()})}.")
    add("")
    add(PEER_NOTE)
    add("")
    add("## Commands")
    add("")
    add("```")
    for r in rows:
        add(r["command"])
    for command in results.get("extra_commands", []):
        add(command)
    add("```")
    if "micro" in results:
        command, table = results["micro"]
        add("")
        add("## Per-stage micro-benchmarks")
        add("")
        add(f"`{command}` (benches/stages.rs): the Arabic seed and the first 20 State "
            "Department records; throughput is input bytes of the stage.")
        add("")
        add("```")
        add(table.rstrip())
        add("```")
    return "\n".join(out) + "\n"


def threads_note(has_jobs):
    if has_jobs:
        return ("**Threads.** The one-thread run is `--jobs 1` with the whole process "
                "pinned to one core (`taskset -c 0`): bayan on a one-core machine, its "
                "reading and writing threads sharing that core with the worker. The "
                "N-thread run is `--jobs N` (N = all cores) on every core. Unpinned, "
                "`--jobs 1` still reads and writes beside its worker on the other core; "
                "that run is listed too, and its ratio is the gain of the extra worker "
                "alone. The machine row starts two independent `--jobs 1` exports at "
                "once: they share nothing, so their combined throughput over one alone "
                "is what the machine's second core gives at most (below 2 on shared or "
                "hyperthreaded cores).")
    return ("**Threads.** `bayan export` has no `--jobs` option yet, so the one-thread run "
            "is the same export pinned to one core with `taskset -c 0`, and the N-thread "
            "run is the default, free to use every core. While bayan runs its stages on "
            "one thread the two are the same and the ratio is about 1.")


WRITE_NOTE = (
    "**Write step.** `bayan run --formats parquet` records in `manifest.json` the seconds "
    "spent pushing records into the dataset writer and closing its files (`seconds.write`): "
    "duplicate detection, the four Parquet tables (statements, mentions, amounts, dates; "
    "zstd) and `rejects.csv`, in a second run (`--force`) that takes every record, "
    "already parsed and normalised, from the state store the first run filled, so nothing "
    "else runs beside the writers. That is the closest bayan gets to timing its writers "
    "alone. The floor is DuckDB's "
    "`COPY (FROM read_csv('T.csv')) TO 'T.parquet' (FORMAT parquet, COMPRESSION zstd)` of "
    "the same tables as bayan's own export wrote them as CSV, timed inside one DuckDB "
    "connection (start-up excluded), on all cores. DuckDB also has to parse the CSV, "
    "which bayan does not; bayan also builds the rows from its records, which DuckDB does "
    "not. Both the four-table sum and the statements table alone are compared.")

PEER_NOTE = (
    "**Python peer.** `../shared/peer/pipeline.py -j 2` (a pool of 2 worker processes) "
    "in `bench/.venv-peer` with its pinned requirements, on the same JSONL file as the "
    "bayan row it is compared with (by default the 10,000-statement corpus, where neither "
    "side's start-up weighs much: the peer imports its libraries for some seconds, bayan "
    "builds its tables in a fraction of one). The ratio compares statements per "
    "wall-clock second on that same corpus. Its peak RSS is that of its largest process.")


def micro_benchmarks():
    """divan's table of the per-stage benchmarks (benches/stages.rs)."""
    command = ["cargo", "bench", "--quiet", "--bench", "stages"]
    log("$ " + shlex.join(command))
    done = subprocess.run(command, capture_output=True, text=True)
    fail_unless_ok("cargo bench", done.returncode, done.stderr)
    return shlex.join(command), done.stdout


def parse_sizes(text):
    try:
        sizes = [int(part) for part in text.split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError("give sizes as numbers separated by commas: 10000,100000")
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("every size must be at least 1")
    return sorted(set(sizes))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[10_000, 100_000],
                        help="JSONL corpus sizes for bayan (default 10000,100000)")
    parser.add_argument("--peer-size", type=int, default=None,
                        help="corpus size for the Python peer (default: the first of --sizes, "
                             "about four minutes at 10000)")
    parser.add_argument("--no-peer", action="store_true", help="skip the Python peer and DuckDB")
    parser.add_argument("--no-micro", action="store_true", help="skip cargo bench --bench stages")
    parser.add_argument("--repeat", type=int, default=1, help="bayan runs per row; the fastest counts")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (see make_corpus.py)")
    parser.add_argument("--out", type=Path, default=Path("bench") / "RESULTS.md")
    parser.add_argument("--note", default="", help="a sentence put at the top of the report")
    return parser.parse_args()


def main():
    args = arguments()
    if args.peer_size is None:
        args.peer_size = args.sizes[0]
    if not Path("Cargo.toml").exists():
        sys.exit("error: run this from the repository root: python3 tools/bench/run.py")
    facts = machine()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    run_checked(["cargo", "build", "--release", "--quiet"])
    corpus_sizes = sorted(set(args.sizes) | ({args.peer_size} if not args.no_peer else set()))
    run_checked([sys.executable, "tools/bench/make_corpus.py", *corpus_sizes,
                 "--out-dir", CORPUS_DIR, "--seed", args.seed])
    has_jobs = export_has_jobs()
    threads = os.cpu_count() or 1
    results = {"date": date, "runs": {}}

    pin = shutil.which("taskset") is not None
    for n in args.sizes:
        jsonl, text = corpus_paths(n)
        size = directory_size(jsonl)
        # Short runs vary most from one to the next: the fastest of three.
        repeat = max(args.repeat, 3) if n <= 10_000 else args.repeat
        runs = [("one", 1, pin, "1 thread, one core"), ("all", threads, False, f"{threads} threads")]
        if pin and n == args.sizes[0]:
            runs.append(("jobs1", 1, False, "--jobs 1, every core"))
        for key, count, pinned, how in runs:
            label = f"bayan jsonl {n} ({how})"
            measured, _ = best_of(repeat, lambda: bayan_export(
                label, jsonl, n, f"bayan-{n}-{key}", count, has_jobs, pinned))
            results["runs"][("jsonl", n, key)] = row(measured, n, size)
        measured, _ = best_of(args.repeat, lambda: bayan_export(
            f"bayan text {n} ({threads} threads)", text, n, f"bayan-text-{n}", threads, has_jobs))
        results["runs"][("text", n, "all")] = row(measured, n, directory_size(text))

    # What every run pays whatever its size: building the tables and
    # automata, and publishing a release (the seed statement alone).
    seed = PEER_DIR.parent / "seed"
    measured, _ = best_of(3, lambda: bayan_export(
        f"bayan seed 1 ({threads} threads, start-up)", seed, 1, "bayan-seed", threads, has_jobs))
    results["runs"][("seed", 1, "all")] = row(measured, 1, directory_size(seed))

    n = args.sizes[0]
    pair_wall, pair_command = two_processes(corpus_paths(n)[0], n)
    results["pair"] = {"n": n, "wall": pair_wall}
    results["extra_commands"] = [f"{pair_command} & (twice at once)"]

    if not args.no_peer:
        peer_install()
        n = args.peer_size
        jsonl, _ = corpus_paths(n)
        size = directory_size(jsonl)
        if ("jsonl", n, "all") not in results["runs"]:
            measured, _ = bayan_export(f"bayan jsonl {n} ({threads} threads)", jsonl, n,
                                       f"bayan-{n}-all", threads, has_jobs)
            results["runs"][("jsonl", n, "all")] = row(measured, n, size)
        results["peer"] = row(peer_run(n, 2), n, size)

        n = args.sizes[0]
        jsonl, _ = corpus_paths(n)
        run_measured, stages = bayan_write_seconds(jsonl, n)
        copy_measured, copy = duckdb_copy(WORK_DIR / f"bayan-{n}-all", n)
        results["write"] = {
            "n": n,
            "bayan": stages["write"],
            "stages": stages,
            "duckdb": copy["seconds"],
            "duckdb_version": copy["version"],
            "duckdb_all": sum(copy["seconds"].values()),
            "duckdb_statements": copy["seconds"]["statements"],
        }
        results["extra_commands"] += [shlex.join(run_measured.command[:-1]),
                                     shlex.join(run_measured.command),
                                     shlex.join(copy_measured.command[:2] + ["<COPY script>"]
                                                + copy_measured.command[3:])]

    if not args.no_micro:
        results["micro"] = micro_benchmarks()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(results, args, has_jobs, facts), encoding="utf-8")
    print(f"wrote {args.out}")
    for what, measured, target, ok in ratios(results, args, has_jobs):
        print(f"{ok}  {what}: {measured} (target {target})")


if __name__ == "__main__":
    main()
