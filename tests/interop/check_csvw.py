#!/usr/bin/env python3
"""CSV on the Web check of bayan releases, and a run of their dataset card.

For each release directory given:

1. the `csvw` package (a CSVW implementation) reads `csv-metadata.json`
   and validates every CSV file it describes: datatypes, the code-list
   patterns, required cells, primary keys and foreign keys;
2. its rows are counted and compared with the rows `datapackage.json` and
   the CSV files themselves hold;
3. a copy with one bad code value is validated too, and must fail: the
   check proves it can see a problem;
4. the Python and SQL snippets of the generated `README.md` run in the
   release directory (pandas and DuckDB), as a reader would paste them.

Usage: check_csvw.py RELEASE_DIR...
Exit status 0 when every check passes; prints one line per failure.
"""

import contextlib
import csv
import io
import os
import re
import shutil
import sys
import tempfile

import csvw
import duckdb

FAILURES = []


def fail(release, message):
    FAILURES.append(f"{release}: {message}")
    print(f"FAIL {release}: {message}")


def validate(metadata_path):
    """Returns (valid, warnings) of a CSVW validation."""
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            described = csvw.CSVW(str(metadata_path), validate=True, strict=True)
        except ValueError as error:
            return False, [str(error)]
    return described.is_valid, [str(w.message) for w in described.warnings]


def csv_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def check_metadata(release):
    metadata = os.path.join(release, "csv-metadata.json")
    if not os.path.isfile(metadata):
        fail(release, "csv-metadata.json is missing")
        return
    valid, warnings = validate(metadata)
    if not valid:
        fail(release, "CSVW validation failed: " + "; ".join(warnings[:10]))
    group = csvw.TableGroup.from_file(metadata)
    for table in group.tables:
        url = str(table.url)
        rows = sum(1 for _ in table.iterdicts(strict=True))
        expected = csv_rows(os.path.join(release, url))
        if rows != expected:
            fail(release, f"{url}: csvw read {rows} rows, the file has {expected}")
    names = [c.name for c in group.tables[0].tableSchema.columns]
    with open(os.path.join(release, str(group.tables[0].url)), encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    if names != header:
        fail(release, f"columns {names} differ from the header {header}")


def check_tampered_copy_fails(release):
    """A code value outside its list must make the validation fail."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "release")
        shutil.copytree(release, copy)
        path = os.path.join(copy, "rejects.csv")
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows.append(["tampered.txt", "not_a_reason", "added by the check"])
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
        valid, _ = validate(os.path.join(copy, "csv-metadata.json"))
        if valid:
            fail(release, "a reject reason outside its code list was not caught by csvw")


def card_snippets(release, language):
    with open(os.path.join(release, "README.md"), encoding="utf-8") as handle:
        card = handle.read()
    return re.findall(rf"```{language}\n(.*?)```", card, flags=re.S)


def check_card(release):
    python = card_snippets(release, "python")
    sql = card_snippets(release, "sql")
    if not python or not sql:
        fail(release, "README.md has no Python or SQL snippet")
    here = os.getcwd()
    os.chdir(release)
    try:
        for snippet in python:
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(compile(snippet, "README.md", "exec"), {})
                except Exception as error:  # noqa: BLE001 - report any failure
                    fail(release, f"README.md Python snippet failed: {error!r}")
        for snippet in sql:
            for statement in filter(str.strip, snippet.split(";")):
                try:
                    duckdb.sql(statement).fetchall()
                except duckdb.Error as error:
                    fail(release, f"README.md SQL snippet failed: {error}")
    finally:
        os.chdir(here)


def main(releases):
    if not releases:
        print(__doc__)
        return 2
    for release in releases:
        check_metadata(release)
        check_tampered_copy_fails(release)
        check_card(release)
        if not any(f.startswith(f"{release}:") for f in FAILURES):
            print(f"ok {release}: csv-metadata.json validates with csvw; README snippets run")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
