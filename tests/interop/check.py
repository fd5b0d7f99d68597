#!/usr/bin/env python3
"""Proves that standard tools read a bayan dataset as the contract says.

Usage: check.py DATASET_DIR [DATASET_DIR ...]

For every dataset directory this checks, against the contract
(shared/spec/DATASET.md), that:

- every file of a release is there, and `sha256sum -c SHA256SUMS` passes
  and lists every other file;
- DuckDB reads every CSV and Parquet file without options, and gets the
  contract's type for every column (see CSV_TYPES for what CSV sniffing can
  give);
- pyarrow reads every Parquet file: Arrow types, nullability, zstd,
  column statistics, a schema version in the key-value metadata;
- every CSV cell holds the same value as its Parquet cell, with the CSV
  formula rule applied to text;
- `start`/`end` offsets give back `text` in DuckDB (`substring`) and Python;
- pyld expands `statements.jsonld` without fetching anything and without
  dropping a key, and turns it into RDF with one Article per statement;
- `frictionless validate datapackage.json` passes.

Every failure is printed with the file it concerns; the exit code is 1 if
anything failed, 0 otherwise. Run by `make interop` inside its virtualenv.
"""

import csv
import decimal
import json
import os
import subprocess
import sys

import duckdb
import pyarrow
import pyarrow.parquet as pq
from pyld import jsonld

# The contract's tables: column name, type, nullable. Typed here a second
# time on purpose, from DATASET.md, so that this check does not trust the
# code it checks.
UTF8, DATE, DECIMAL, INT32, BOOL = "utf8", "date32", "decimal(38,2)", "int32", "bool"

TABLES = {
    "statements": [
        ("statement_id", UTF8, False),
        ("url", UTF8, True),
        ("source", UTF8, False),
        ("title", UTF8, False),
        ("doc_type", UTF8, False),
        ("language", UTF8, False),
        ("published", DATE, True),
        ("published_source", UTF8, False),
        ("dateline", UTF8, True),
        ("issuer", UTF8, True),
        ("translation_of", UTF8, True),
        ("body", UTF8, False),
        ("paragraph_count", INT32, False),
        ("word_count", INT32, False),
        ("boilerplate_lines", INT32, False),
        ("content_sha256", UTF8, False),
    ],
    "mentions": [
        ("statement_id", UTF8, False),
        ("kind", UTF8, False),
        ("text", UTF8, False),
        ("name", UTF8, False),
        ("wikidata", UTF8, True),
        ("country", UTF8, True),
        ("role", UTF8, True),
        ("field", UTF8, False),
        ("start", INT32, False),
        ("end", INT32, False),
    ],
    "amounts": [
        ("statement_id", UTF8, False),
        ("text", UTF8, False),
        ("value", DECIMAL, False),
        ("currency", UTF8, False),
        ("qualifier", UTF8, False),
        ("field", UTF8, False),
        ("start", INT32, False),
        ("end", INT32, False),
    ],
    "dates": [
        ("statement_id", UTF8, False),
        ("text", UTF8, False),
        ("date", DATE, False),
        ("end_date", DATE, True),
        ("precision", UTF8, False),
        ("year_inferred", BOOL, False),
        ("calendar", UTF8, False),
        ("field", UTF8, False),
        ("start", INT32, False),
        ("end", INT32, False),
    ],
    "rejects": [
        ("source", UTF8, False),
        ("reason", UTF8, False),
        ("detail", UTF8, False),
    ],
}

# Tables written as Parquet too (rejects is CSV only: it is for people).
PARQUET_TABLES = ["statements", "mentions", "amounts", "dates"]
CHILD_TABLES = ["mentions", "amounts", "dates"]

REQUIRED_FILES = (
    [f"{t}.csv" for t in TABLES]
    + [f"{t}.parquet" for t in PARQUET_TABLES]
    + ["statements.jsonld", "datapackage.json", "SHA256SUMS"]
)

# What DuckDB must report for a Parquet column: exactly the contract type.
PARQUET_TYPES = {
    UTF8: "VARCHAR",
    DATE: "DATE",
    DECIMAL: "DECIMAL(38,2)",
    INT32: "INTEGER",
    BOOL: "BOOLEAN",
}

# What DuckDB's CSV sniffer may report without options. It never picks
# INTEGER (whole numbers come out BIGINT) nor DECIMAL (plain decimals come
# out DOUBLE); the exact values are proved by comparing every CSV cell with
# its Parquet cell. A column with no value at all sniffs as VARCHAR.
CSV_TYPES = {
    UTF8: {"VARCHAR"},
    DATE: {"DATE"},
    DECIMAL: {"DOUBLE", "DECIMAL(38,2)"},
    INT32: {"BIGINT", "INTEGER"},
    BOOL: {"BOOLEAN"},
}

ARROW_TYPES = {
    UTF8: {pyarrow.string(), pyarrow.large_string(), pyarrow.string_view()},
    DATE: {pyarrow.date32()},
    DECIMAL: {pyarrow.decimal128(38, 2)},
    INT32: {pyarrow.int32()},
    BOOL: {pyarrow.bool_()},
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCHEMA_ORG = ("http://schema.org/", "https://schema.org/")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Checker:
    """Collects failures for one dataset directory."""

    def __init__(self, directory):
        self.directory = directory
        self.failures = []
        self.passed = 0
        self.db = duckdb.connect()

    def path(self, name):
        return os.path.join(self.directory, name)

    def fail(self, what, message):
        self.failures.append(f"{self.directory}/{what}: {message}")

    def ok(self):
        self.passed += 1

    def run(self, name, check, *args):
        """Runs one check; an exception in it is a failure, not a crash."""
        try:
            check(*args)
        except Exception as error:  # noqa: BLE001 - report and go on
            self.fail(name, f"{type(error).__name__}: {error}")


def check_files_present(c):
    missing = [n for n in REQUIRED_FILES if not os.path.isfile(c.path(n))]
    for name in missing:
        c.fail(name, "missing: the contract says every release has this file")
    if not missing:
        c.ok()
    leftovers = [n for n in os.listdir(c.directory) if n.startswith(".")]
    for name in leftovers:
        c.fail(name, "hidden file or staging directory left in the release")


def check_checksums(c):
    sums = c.path("SHA256SUMS")
    if not os.path.isfile(sums):
        return
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=c.directory,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        failed = [line for line in result.stdout.splitlines() if not line.endswith(": OK")]
        c.fail("SHA256SUMS", "sha256sum -c failed: " + "; ".join(failed + [result.stderr.strip()]))
    else:
        c.ok()
    with open(sums, encoding="utf-8") as f:
        listed = {line.split("  ", 1)[1].rstrip("\n") for line in f if "  " in line}
    present = {
        n for n in os.listdir(c.directory)
        if n != "SHA256SUMS" and os.path.isfile(c.path(n)) and not n.startswith(".")
    }
    for name in sorted(present - listed):
        c.fail("SHA256SUMS", f"does not list {name}")
    if present <= listed:
        c.ok()


def csv_rows(c, table):
    """The CSV as text: header and rows, BOM tolerated."""
    with open(c.path(f"{table}.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    return rows[0], rows[1:]


def sql_path(c, file_name):
    """A file of the dataset as a DuckDB string literal."""
    return "'" + c.path(file_name).replace("'", "''") + "'"


def duckdb_types(c, file_name):
    described = c.db.execute(f"DESCRIBE SELECT * FROM {sql_path(c, file_name)}").fetchall()
    return [(row[0], row[1]) for row in described]


def check_csv(c, table):
    name = f"{table}.csv"
    if not os.path.isfile(c.path(name)):
        return
    columns = TABLES[table]
    header, rows = csv_rows(c, table)
    expected_names = [col for col, _, _ in columns]
    if header != expected_names:
        c.fail(name, f"header is {header}, the contract says {expected_names}")
        return
    c.ok()
    if not rows:
        # Nothing for DuckDB to sniff types from: the header is all there is.
        return
    got = duckdb_types(c, name)
    if [g[0] for g in got] != expected_names:
        c.fail(name, f"DuckDB sees columns {[g[0] for g in got]}")
        return
    for (column, ty, nullable), (_, duck), index in zip(columns, got, range(len(columns))):
        all_empty = all(row[index] == "" for row in rows)
        allowed = CSV_TYPES[ty] | ({"VARCHAR"} if all_empty else set())
        if duck not in allowed:
            c.fail(name, f"DuckDB reads column {column} as {duck}; the contract type {ty} "
                         f"should sniff as one of {sorted(CSV_TYPES[ty])}")
        if not nullable and any(row[index] == "" for row in rows):
            c.fail(name, f"column {column} is not nullable but has empty cells")
    count = c.db.execute(f"SELECT count(*) FROM {sql_path(c, name)}").fetchone()[0]
    if count != len(rows):
        c.fail(name, f"DuckDB reads {count} rows, the file has {len(rows)}")
    else:
        c.ok()


def check_parquet(c, table):
    name = f"{table}.parquet"
    if not os.path.isfile(c.path(name)):
        return
    columns = TABLES[table]
    got = duckdb_types(c, name)
    expected = [(col, PARQUET_TYPES[ty]) for col, ty, _ in columns]
    if got != expected:
        c.fail(name, f"DuckDB reads {got}, the contract says {expected}")
    else:
        c.ok()
    parquet = pq.ParquetFile(c.path(name))
    schema = parquet.schema_arrow
    arrow_table = parquet.read()
    for column, ty, nullable in columns:
        index = schema.get_field_index(column)
        if index < 0:
            c.fail(name, f"pyarrow finds no column {column}")
            continue
        field = schema.field(index)
        if field.type not in ARROW_TYPES[ty]:
            c.fail(name, f"pyarrow reads {column} as {field.type}, the contract says {ty}")
        if field.nullable != nullable:
            c.fail(name, f"{column} is {'nullable' if field.nullable else 'required'} in the "
                         f"Parquet schema; the contract says {'nullable' if nullable else 'not null'}")
        if not nullable and arrow_table.column(column).null_count:
            c.fail(name, f"column {column} is not nullable but holds nulls")
    for field in schema:
        if pyarrow.types.is_timestamp(field.type) and field.type.unit == "ns":
            c.fail(name, f"{field.name} is a nanosecond timestamp, which many readers reject")
        if pyarrow.types.is_list(field.type) and field.type.value_field.name != "element":
            c.fail(name, f"{field.name} is a list whose items are not named 'element'")
    metadata = parquet.metadata
    chunks = [
        metadata.row_group(group).column(col)
        for group in range(metadata.num_row_groups)
        for col in range(metadata.num_columns)
    ]
    not_zstd = sorted({f"{x.path_in_schema} ({x.compression})" for x in chunks if x.compression != "ZSTD"})
    if not_zstd:
        c.fail(name, f"columns not zstd-compressed: {', '.join(not_zstd)}")
    no_stats = sorted({x.path_in_schema for x in chunks if not x.is_stats_set})
    if no_stats:
        c.fail(name, f"columns without statistics: {', '.join(no_stats)}")
    # The file's key-value metadata (pyarrow shows it beside the schema).
    key_values = {k.decode(): v.decode() for k, v in (metadata.metadata or {}).items()}
    names = [k for k in key_values if not k.startswith("ARROW:")]
    if not any("version" in k.lower() for k in names):
        c.fail(name, f"no key-value metadata names the schema version (keys: {sorted(names)})")
    c.ok()


def csv_text(value, ty):
    """The CSV text the contract gives for a Parquet value."""
    if value is None:
        return ""
    if ty == UTF8:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if ty == DATE:
        return value.isoformat()
    if ty == DECIMAL:
        return str(value.quantize(decimal.Decimal("0.01")))
    if ty == BOOL:
        return "true" if value else "false"
    return str(value)


def check_csv_matches_parquet(c, table):
    if not (os.path.isfile(c.path(f"{table}.csv")) and os.path.isfile(c.path(f"{table}.parquet"))):
        return
    header, rows = csv_rows(c, table)
    parquet_rows = pq.read_table(c.path(f"{table}.parquet")).to_pylist()
    if len(rows) != len(parquet_rows):
        c.fail(f"{table}.csv", f"{len(rows)} rows, but {table}.parquet has {len(parquet_rows)}")
        return
    mismatches = 0
    for number, (row, parquet_row) in enumerate(zip(rows, parquet_rows), start=1):
        for index, (column, ty, _) in enumerate(TABLES[table]):
            want = csv_text(parquet_row.get(column), ty)
            if index < len(row) and row[index] != want:
                mismatches += 1
                if mismatches <= 5:
                    c.fail(f"{table}.csv", f"row {number} column {column} is {row[index]!r}; "
                                           f"from Parquet the contract gives {want!r}")
    if mismatches == 0:
        c.ok()


def check_offsets(c, table):
    """substring(field, start + 1, end - start) in DuckDB, and field[start:end]
    in Python, give back text."""
    child, parent = c.path(f"{table}.parquet"), c.path("statements.parquet")
    if not (os.path.isfile(child) and os.path.isfile(parent)):
        return
    child_sql, parent_sql = sql_path(c, f"{table}.parquet"), sql_path(c, "statements.parquet")
    wrong = c.db.execute(f"""
        SELECT x.statement_id, x.field, x.start, x."end", x.text,
               substring(CASE x.field WHEN 'title' THEN s.title ELSE s.body END,
                         x.start + 1, x."end" - x.start) AS found
        FROM {child_sql} x LEFT JOIN {parent_sql} s USING (statement_id)
        WHERE s.statement_id IS NULL OR found IS DISTINCT FROM x.text
    """).fetchall()
    for statement_id, field, start, end, text, found in wrong[:5]:
        c.fail(f"{table}.parquet", f"{statement_id} {field}[{start}:{end}] is {found!r}, "
                                   f"text says {text!r} (or no such statement)")
    statements = {r["statement_id"]: r for r in pq.read_table(parent).to_pylist()}
    for row in pq.read_table(child).to_pylist():
        holder = statements.get(row["statement_id"], {}).get(row["field"], "")
        if holder[row["start"]:row["end"]] != row["text"]:
            c.fail(f"{table}.parquet", f"Python slice {row['field']}[{row['start']}:{row['end']}] "
                                       f"of {row['statement_id']} is not {row['text']!r}")
            break
    else:
        if not wrong:
            c.ok()


def no_network(url, options=None):
    raise RuntimeError(f"the document asked to fetch {url}; the context must be inline")


def collect_null_keys(node, path, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if value is None:
                found.append(f"{path}/{key}")
            elif key != "@context":
                collect_null_keys(value, f"{path}/{key}", found)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            collect_null_keys(item, f"{path}[{i}]", found)


def node_keys(node):
    return {k for k in node if k != "@context"}


def check_jsonld(c):
    name = "statements.jsonld"
    if not os.path.isfile(c.path(name)):
        return
    with open(c.path(name), encoding="utf-8") as f:
        document = json.load(f)
    if not isinstance(document.get("@context"), dict) or not isinstance(document.get("@graph"), list):
        c.fail(name, "must be one object with an inline @context object and a @graph array")
        return
    options = {"documentLoader": no_network}

    dropped = []
    expanded = jsonld.expand(document, options, on_property_dropped=dropped.append)
    for key in sorted(set(map(str, dropped))):
        c.fail(name, f"expansion drops the key {key!r}: map it in the @context")
    nulls = []
    collect_null_keys(document, "", nulls)
    for key in nulls[:5]:
        c.fail(name, f"{key} is null, which expansion drops: leave the key out instead")

    # Every key of every top-level node, before and after expansion.
    graph = document["@graph"]
    if len(expanded) != len(graph):
        c.fail(name, f"@graph has {len(graph)} nodes, expansion gives {len(expanded)}")
    else:
        for index, (before, after) in enumerate(zip(graph, expanded)):
            if len(node_keys(before)) != len(node_keys(after)):
                c.fail(name, f"@graph[{index}] has keys {sorted(node_keys(before))}, expanded "
                             f"{sorted(node_keys(after))}")
    if not dropped and not nulls:
        c.ok()

    quads = jsonld.to_rdf(document, {**options, "format": "application/n-quads"})
    if not quads.strip():
        c.fail(name, "to_rdf gives no triples")
        return
    dataset = jsonld.to_rdf(document, options)
    check_rdf_statements(c, name, dataset)
    check_wikidata_links(c, name, dataset)
    check_headline_languages(c, name, graph)


def check_rdf_statements(c, name, dataset):
    """One schema.org-typed subject with an absolute IRI per statement, its
    genre the statement's doc_type."""
    parquet = c.path("statements.parquet")
    if not os.path.isfile(parquet):
        return
    triples = dataset.get("@default", [])
    typed = {}
    genres = {}
    for t in triples:
        subject, predicate, obj = t["subject"], t["predicate"]["value"], t["object"]
        if predicate == RDF_TYPE and obj["value"].startswith(SCHEMA_ORG):
            typed.setdefault(subject["value"], subject["type"])
        if predicate in [p + "genre" for p in SCHEMA_ORG]:
            genres.setdefault(subject["value"], set()).add(obj["value"])
    statements = pq.read_table(parquet).to_pylist()
    for row in statements:
        ids = [s for s in typed if s.endswith(row["statement_id"])]
        if not ids:
            c.fail(name, f"no schema.org-typed node whose @id ends with {row['statement_id']}")
            continue
        if typed[ids[0]] != "IRI":
            c.fail(name, f"{ids[0]} is a blank node; statements need an absolute IRI @id")
        if row["doc_type"] not in genres.get(ids[0], set()):
            c.fail(name, f"{ids[0]} has genre {sorted(genres.get(ids[0], []))}, "
                         f"statements.doc_type is {row['doc_type']!r}")
    c.ok()


# Primary language subtags written right to left.
RTL_LANGUAGES = {"ar", "fa", "ur", "he", "ps", "ckb", "sd", "ug", "yi", "dv"}


def check_headline_languages(c, name, graph):
    """Each headline carries the statement's language, and right-to-left
    ones their direction."""
    parquet = c.path("statements.parquet")
    if not os.path.isfile(parquet):
        return
    languages = {r["statement_id"]: r["language"] for r in pq.read_table(parquet).to_pylist()}
    wrong = []
    for node in graph:
        node_id = str(node.get("@id", node.get("id", "")))
        language = next((lang for sid, lang in languages.items() if node_id.endswith(sid)), None)
        headline = node.get("headline")
        if language is None or not isinstance(headline, dict):
            wrong.append(f"{node_id}: headline {headline!r} is not a language-tagged value")
            continue
        if language != "und" and headline.get("@language") != language:
            wrong.append(f"{node_id}: headline @language {headline.get('@language')!r}, "
                         f"statements.language {language!r}")
        rtl = language.split("-")[0] in RTL_LANGUAGES
        if rtl and headline.get("@direction") != "rtl":
            wrong.append(f"{node_id}: {language} headline without \"@direction\": \"rtl\"")
    for message in wrong[:5]:
        c.fail(name, message)
    if not wrong:
        c.ok()


def check_wikidata_links(c, name, dataset):
    """Every Wikidata id of mentions.parquet is a sameAs IRI in the RDF."""
    parquet = c.path("mentions.parquet")
    if not os.path.isfile(parquet):
        return
    linked = {
        t["object"]["value"]
        for t in dataset.get("@default", [])
        if t["predicate"]["value"] in [p + "sameAs" for p in SCHEMA_ORG] and t["object"]["type"] == "IRI"
    }
    wanted = {
        "http://www.wikidata.org/entity/" + q
        for q in pq.read_table(parquet, columns=["wikidata"]).column(0).to_pylist()
        if q
    }
    missing = sorted(wanted - linked)
    if missing:
        c.fail(name, f"{len(missing)} Wikidata ids of mentions.parquet are not sameAs IRIs, "
                     f"e.g. {missing[:3]}")
    else:
        c.ok()


def check_datapackage(c):
    """`frictionless validate datapackage.json`, its report read as JSON so
    that a failure prints one line per error."""
    if not os.path.isfile(c.path("datapackage.json")):
        return
    with open(c.path("datapackage.json"), encoding="utf-8") as f:
        described = {r.get("path") for r in json.load(f).get("resources", [])}
    tables = {n for n in os.listdir(c.directory) if n.endswith((".csv", ".parquet"))}
    for name in sorted(tables - described):
        c.fail("datapackage.json", f"describes no resource with path {name}")
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=c.directory,
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        c.fail("datapackage.json", f"frictionless validate failed:\n{result.stdout}{result.stderr}")
        return
    errors = [("package", e) for e in report.get("errors", [])]
    for task in report.get("tasks", []):
        errors += [(task.get("name", "?"), e) for e in task.get("errors", [])]
    for resource, error in errors[:10]:
        c.fail("datapackage.json", f"frictionless validate: {resource}: {error.get('message', error)}")
    if result.returncode != 0 and not errors:
        c.fail("datapackage.json", f"frictionless validate exited {result.returncode}: {result.stderr}")
    if result.returncode == 0 and report.get("valid"):
        c.ok()


def check_directory(directory):
    c = Checker(directory)
    if not os.path.isdir(directory):
        c.fail("", "not a directory; run the export first")
        return c
    c.run("files", check_files_present, c)
    c.run("SHA256SUMS", check_checksums, c)
    for table in TABLES:
        c.run(f"{table}.csv", check_csv, c, table)
    for table in PARQUET_TABLES:
        c.run(f"{table}.parquet", check_parquet, c, table)
        c.run(f"{table}.csv", check_csv_matches_parquet, c, table)
    for table in CHILD_TABLES:
        c.run(f"{table}.parquet", check_offsets, c, table)
    c.run("statements.jsonld", check_jsonld, c)
    c.run("datapackage.json", check_datapackage, c)
    return c


def main(arguments):
    if not arguments:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = 0
    passed = 0
    for directory in arguments:
        c = check_directory(directory)
        for failure in c.failures:
            print(f"FAIL {failure}")
        passed += c.passed
        failed += len(c.failures)
    print(f"interop: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
