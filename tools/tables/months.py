#!/usr/bin/env python3
"""Generate src/normalise/tables/months.tsv: month names of the Gregorian,
Islamic (Hijri) and Persian (Solar Hijri) calendars, from Unicode CLDR.

Run from the repository root:

    python3 tools/tables/months.py

Reads ../shared/ref/cldr/{cldr-dates-full,cldr-cal-islamic-full,
cldr-cal-persian-full}/main/<locale>/ca-*.json and
tools/tables/curated/months.tsv. Writes one row per distinct spelling:

    name  calendar  month  form  source  locales

- form: `wide` when the spelling is a full month name in some locale (or
  derived from one), `abbreviated` when it only occurs as an abbreviation.
- source: `cldr`, `derived:<rule>` or `curated`.

Derived spellings (CLDR lists none of these, readers write them all):
- abbreviations lose their final period (`janv.` -> `janv`): the extractor
  accepts an optional period after any name;
- Russian prepositional case from the stand-alone nominative
  (`июнь` -> `июне`, `май` -> `мае`), as in `в июне 2022 года`;
- names spelled with ZERO WIDTH NON-JOINER also get a space-separated and a
  joined spelling (`ربیع‌الاول` -> `ربیع الاول`, `ربیعالاول`);
- Arabic `ذو X` month names also get the genitive `ذي X`
  (`في 10 ذي الحجة`);
- Urdu names ending in TEH MARBUTA GOAL (`ذوالحجۃ`) also get the HEH GOAL
  spelling most Urdu text uses (`ذوالحجہ`), and CLDR's split `ر بیع` is
  also joined (`ربیع الاول`).

Chinese (`zh`, `zh-Hant`) is left out: its dates are written with digits
and the markers 年 月 日, which the extractor handles directly.

The output is deterministic: rows sorted by calendar, month, name.
"""

import csv
import json
import os
import sys

REF = os.path.join("..", "shared", "ref", "cldr")
CURATED = os.path.join("tools", "tables", "curated", "months.tsv")
OUT = os.path.join("src", "normalise", "tables", "months.tsv")

LOCALES = [
    "ar", "ar-SY", "ar-LB", "ar-IQ", "ar-JO", "ar-PS", "ar-EG", "ar-SA",
    "ar-MA", "ar-DZ", "ar-TN", "fa", "fa-AF", "ur", "fr", "es", "ru", "pt",
    "hi", "en",
]

# (calendar name in the dataset, CLDR package, file, calendar key in JSON,
#  widths to read). Hijri and Solar Hijri abbreviations are not read: in
# Latin script they are short common words ("Ram.", "Saf.").
CALENDARS = [
    ("gregorian", "cldr-dates-full", "ca-gregorian.json", "gregorian",
     ("wide", "abbreviated")),
    ("islamic", "cldr-cal-islamic-full", "ca-islamic.json", "islamic",
     ("wide",)),
    ("islamic", "cldr-cal-islamic-full", "ca-islamic-umalqura.json",
     "islamic-umalqura", ("wide",)),
    ("persian", "cldr-cal-persian-full", "ca-persian.json", "persian",
     ("wide",)),
]

ZWNJ = "\u200c"


def package_version(package):
    with open(os.path.join(REF, package, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def cldr_names():
    """Yield (name, calendar, month, width, locale) from CLDR."""
    for calendar, package, filename, key, widths in CALENDARS:
        for locale in LOCALES:
            path = os.path.join(REF, package, "main", locale, filename)
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            months = data["main"][locale]["dates"]["calendars"][key]["months"]
            for context in ("format", "stand-alone"):
                for width in widths:
                    for number, name in months[context][width].items():
                        yield name.strip(), calendar, int(number), width, locale, context


def russian_prepositional(nominative):
    """январь -> январе, май -> мае, март -> марте."""
    if nominative.endswith(("ь", "й")):
        return nominative[:-1] + "е"
    return nominative + "е"


def derived(name, calendar, locale, width, context):
    """Yield (spelling, rule) for spellings derived from one CLDR name."""
    if width == "abbreviated" and name.endswith(".") and len(name) > 1:
        yield name[:-1], "no-final-period"
    if (locale == "ru" and calendar == "gregorian" and width == "wide"
            and context == "stand-alone"):
        yield russian_prepositional(name), "ru-prepositional"
    if ZWNJ in name:
        yield name.replace(ZWNJ, " "), "zwnj-as-space"
        yield name.replace(ZWNJ, ""), "zwnj-joined"
    if locale.startswith("ar") and name.startswith("ذو "):
        yield "ذي " + name[3:], "ar-genitive"
    if locale == "ur" and "\u06c3" in name:
        yield name.replace("\u06c3", "\u06c1"), "ur-heh-goal"
    if locale == "ur" and name.startswith("ر "):
        yield "ر" + name[2:], "ur-joined"


def curated_names():
    with open(CURATED, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        yield row["name"], row["calendar"], int(row["month"]), row["locale"]


def main():
    # (name, calendar, month) -> {"forms": set, "sources": set, "locales": set}
    rows = {}

    def add(name, calendar, month, form, source, locale):
        entry = rows.setdefault(
            (name, calendar, month),
            {"forms": set(), "sources": set(), "locales": set()},
        )
        entry["forms"].add(form)
        entry["sources"].add(source)
        entry["locales"].add(locale)

    for name, calendar, month, width, locale, context in cldr_names():
        if not name or name.isdigit():
            continue
        add(name, calendar, month, width, "cldr", locale)
        for spelling, rule in derived(name, calendar, locale, width, context):
            add(spelling, calendar, month, width, "derived:" + rule, locale)
    for name, calendar, month, locale in curated_names():
        add(name, calendar, month, "wide", "curated", locale)

    versions = {p: package_version(p) for _, p, _, _, _ in CALENDARS}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Month names of the Gregorian, Islamic and Persian calendars.\n")
        out.write("# Generated by tools/tables/months.py; do not edit by hand.\n")
        for package in sorted(versions):
            out.write(f"# Source: Unicode CLDR JSON, npm {package} {versions[package]}"
                      " (Unicode License v3, (c) Unicode, Inc.)\n")
        out.write("# plus tools/tables/curated/months.tsv (spellings CLDR lacks, with provenance).\n")
        out.write("# Locales: " + " ".join(LOCALES) + "\n")
        out.write("name\tcalendar\tmonth\tform\tsource\tlocales\n")
        order = {"gregorian": 0, "islamic": 1, "persian": 2}
        for (name, calendar, month), entry in sorted(
            rows.items(), key=lambda kv: (order[kv[0][1]], kv[0][2], kv[0][0])
        ):
            form = "wide" if "wide" in entry["forms"] else "abbreviated"
            source = ",".join(sorted(entry["sources"]))
            locales = ",".join(sorted(entry["locales"]))
            out.write(f"{name}\t{calendar}\t{month}\t{form}\t{source}\t{locales}\n")
    print(f"wrote {OUT}: {len(rows)} spellings", file=sys.stderr)


if __name__ == "__main__":
    main()
