#!/usr/bin/env python3
"""Builds the money tables used by src/normalise/money/.

Reads (paths relative to the repository root):
  ../shared/ref/currencies/iso4217_codes-all.csv      ISO 4217 list one (current codes)
  ../shared/ref/cldr/cldr-numbers-full/main/*/currencies.json
  ../shared/ref/cldr/cldr-numbers-full/main/*/numbers.json
  tools/tables/curated/currencies.tsv                 bare names, defaults for shared symbols
  tools/tables/curated/scale.tsv                      scale words (million, مليون, 万 ...)
  tools/tables/curated/scale_number_words.tsv         number words (one, un, ثلاثة, یک, 一 ...)

Writes:
  src/normalise/tables/currencies.tsv             form, code, kind, lang, context
  src/normalise/tables/currencies_scales.tsv      lang, word, power, alone
  src/normalise/tables/currencies_number_words.tsv  lang, word, value
  src/normalise/tables/currencies_separators.tsv  locale, numbering system, decimal, group

Rules:
  - Only current ISO 4217 codes (no withdrawal date) of money are used:
    funds, metals and units of account are left out (see NOT_MONEY).
  - Bare codes that are common acronyms (COP26, ALL) are not matched
    (see CODES_ALSO_WORDS).
  - CLDR display names (every plural form) and symbols of every locale become
    forms of their code. A form that CLDR gives to more than one code (for
    example "$" or "¥") is left out unless the curated file settles it.
  - Symbols made only of ASCII letters ("Rs", "kr", "L") are left out: they
    read as words or initials far more often than as money.
  - Curated rows come first and win over CLDR rows with the same form.

Run: python3 tools/tables/currencies.py   (standard library only; output is
deterministic).
"""

import csv
import json
import os
import sys

REF = os.path.join("..", "shared", "ref")
ISO_CSV = os.path.join(REF, "currencies", "iso4217_codes-all.csv")
CLDR_MAIN = os.path.join(REF, "cldr", "cldr-numbers-full", "main")
CLDR_PACKAGE = os.path.join(REF, "cldr", "cldr-numbers-full", "package.json")
CURATED_CURRENCIES = os.path.join("tools", "tables", "curated", "currencies.tsv")
CURATED_SCALES = os.path.join("tools", "tables", "curated", "scale.tsv")
CURATED_NUMBER_WORDS = os.path.join("tools", "tables", "curated", "scale_number_words.tsv")
OUT_DIR = os.path.join("src", "normalise", "tables")

INVISIBLE = {"\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\ufeff"}


def clean(text):
    """Drops bidi marks CLDR puts in Arabic symbols; collapses spaces."""
    text = "".join(c for c in text if c not in INVISIBLE)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


# Units of account and fund codes: amounts in statements are never in them.
# ISO 4217 gives metals and most units no minor unit ("-"); these have one.
NOT_MONEY = {"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAD"}
KEEP_WITHOUT_MINOR_UNIT = {"XDR"}

# Codes whose capitals are, in statements, far more often an acronym or a
# word than money: "COP26" (the climate conference), "2030 SDG" (the goals), "ALL", "SOS",
# "AMD" (a company). Their names and symbols still match; the bare code
# does not.
CODES_ALSO_WORDS = {
    "ALL", "AMD", "ANG", "BAM", "BOB", "COP", "CUP", "GEL", "MAD", "MOP", "PEN",
    "PHP", "SDG", "SOS", "TOP", "TRY",
}


def current_codes():
    """Current ISO 4217 codes of money: no withdrawal date, not a fund, a
    metal or a unit of account."""
    with open(ISO_CSV, encoding="utf-8", newline="") as f:
        return sorted(
            {
                row["AlphabeticCode"]
                for row in csv.DictReader(f)
                if row["AlphabeticCode"]
                and not row["WithdrawalDate"]
                and row["AlphabeticCode"] not in NOT_MONEY
                and (row["MinorUnit"].strip().isdigit()
                     or row["AlphabeticCode"] in KEEP_WITHOUT_MINOR_UNIT)
            }
        )


def cldr_version():
    with open(CLDR_PACKAGE, encoding="utf-8") as f:
        return json.load(f)["version"]


def locales():
    return sorted(os.listdir(CLDR_MAIN))


def read_tsv(path):
    """Rows of a curated TSV, comments and blank lines skipped."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield line.split("\t")


def is_letter_symbol(symbol):
    return symbol.isascii() and symbol.replace(".", "").isalpha()


def cldr_forms(codes):
    """{form: {(code, kind)}} from every locale's currencies.json."""
    forms = {}
    for loc in locales():
        path = os.path.join(CLDR_MAIN, loc, "currencies.json")
        with open(path, encoding="utf-8") as f:
            table = json.load(f)["main"][loc]["numbers"]["currencies"]
        for code in codes:
            entry = table.get(code, {})
            for key, value in sorted(entry.items()):
                form = clean(value)
                if not form or form == code:
                    continue
                if key.startswith("displayName"):
                    kind = "name"
                elif key.startswith("symbol"):
                    if is_letter_symbol(form):
                        continue
                    kind = "symbol"
                else:
                    continue
                forms.setdefault(form, set()).add((code, kind))
    return forms


def currency_rows(codes):
    rows = []
    seen = set()
    for form, code, lang, context, _provenance in read_tsv(CURATED_CURRENCIES):
        if code not in codes:
            sys.exit(f"{CURATED_CURRENCIES}: {code} is not a current ISO 4217 code")
        rows.append((clean(form), code, "curated", lang, context))
        seen.add(clean(form).lower())
    for form, entries in sorted(cldr_forms(codes).items()):
        if form.lower() in seen:
            continue
        if len({code for code, _ in entries}) != 1:
            continue
        code, kind = sorted(entries)[0]
        rows.append((form, code, kind, "*", ""))
    for code in sorted(codes - CODES_ALSO_WORDS):
        rows.append((code, code, "code", "*", ""))
    return rows


def separator_rows():
    rows = []
    for loc in locales():
        path = os.path.join(CLDR_MAIN, loc, "numbers.json")
        with open(path, encoding="utf-8") as f:
            numbers = json.load(f)["main"][loc]["numbers"]
        default = numbers["defaultNumberingSystem"]
        for key, symbols in sorted(numbers.items()):
            if not key.startswith("symbols-numberSystem-"):
                continue
            system = key[len("symbols-numberSystem-"):]
            marker = "default" if system == default else "other"
            rows.append((loc, system, marker, symbols["decimal"], symbols["group"]))
    return rows


def scale_rows():
    rows = []
    for lang, word, power, alone, _provenance in read_tsv(CURATED_SCALES):
        int(power)
        rows.append((lang, word, power, alone))
    return rows


def number_word_rows():
    rows = []
    for lang, word, value, _provenance in read_tsv(CURATED_NUMBER_WORDS):
        int(value)
        rows.append((lang, word, value))
    return rows


def escape(cell):
    """Separators can be spaces; write them as \\u escapes so they survive editors."""
    return "".join(
        f"\\u{ord(c):04X}" if c.isspace() or c in INVISIBLE or c == "\\" else c for c in cell
    )


def write(name, header, columns, rows, escaped=False):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write(f"# {line}\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [escape(cell) if escaped else cell for cell in row]
            f.write("\t".join(cells) + "\n")


def main():
    codes = current_codes()
    version = cldr_version()
    generated = "Generated by tools/tables/currencies.py; do not edit."
    cldr = f"Unicode CLDR {version} (cldr-numbers-full), Unicode License v3, (c) Unicode, Inc."
    iso = "ISO 4217 list one via GitHub datasets/currency-codes, ODC-PDDL-1.0."
    curated = "Project additions: tools/tables/curated/currencies.tsv (see its provenance column)."
    write(
        "currencies.tsv",
        [generated, f"Sources: {cldr}", iso, curated,
         "kind: curated (project default or bare name), name, symbol, code (ISO 4217).",
         "context: comma-separated words; the row applies only when one is in the statement."],
        ["form", "code", "kind", "lang", "context"],
        currency_rows(set(codes)),
    )
    write(
        "currencies_scales.tsv",
        [generated, "Source: tools/tables/curated/scale.tsv, compiled by the bayan project."],
        ["lang", "word", "power", "alone"],
        scale_rows(),
    )
    write(
        "currencies_number_words.tsv",
        [generated, "Source: tools/tables/curated/scale_number_words.tsv, compiled by the bayan project."],
        ["lang", "word", "value"],
        number_word_rows(),
    )
    write(
        "currencies_separators.tsv",
        [generated, f"Source: {cldr} (numbers.json).",
         "Space-like separators are written as \\uXXXX escapes."],
        ["locale", "system", "default", "decimal", "group"],
        separator_rows(),
        escaped=True,
    )


if __name__ == "__main__":
    main()
