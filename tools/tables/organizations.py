#!/usr/bin/env python3
"""Builds src/normalise/tables/organizations.tsv, the organisation gazetteer.

Run from the repository root:  python3 tools/tables/organizations.py

Reads ../shared/ref/organizations (see ../shared/ref/SOURCES.md) and the
curated additions in tools/tables/curated/organizations.tsv. Deterministic:
entities in source order (supraverden, UN sanctions list, Wikidata US
agencies, curated), aliases in source order with duplicates removed.

Output format (tab-separated, '#' lines are comments), as places.tsv:
  E <id> <canonical English name> <wikidata or empty> <ISO alpha-2 or empty>
  A <id> <alias>
"""

import csv
import json
import os
import re
import sys

REF = "../shared/ref/organizations"
OUT = "src/normalise/tables/organizations.tsv"
CURATED = "tools/tables/curated/organizations.tsv"
SUPRAVERDEN_LANGS = ["en", "ar", "fa", "ur", "hi", "fr", "es", "ru", "zh", "pt", "de", "tr", "he"]
WIKIDATA_LANGS = ["en", "ar", "arz", "fa", "ur", "hi", "fr", "es", "ru", "zh", "zh-hans",
                  "zh-cn", "pt", "pt-br"]
WIKIDATA_US = "Q30"
# Descriptions in the UN list's alias fields, not names.
UN_NOTES = re.compile(r"original script|sub-unit name", re.IGNORECASE)
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9-]{1,9}$")
# Generic words that some source lists as the alias of one body
# (the DPRK "Ministry of Defense", an "NGO"): never an organisation's name
# on their own.
GENERIC = {"ngo", "ministry of defense", "ministry of defence", "ministry of foreign affairs",
           "ministry of interior", "ministry of finance", "government", "army"}


def read_json(name):
    with open(os.path.join(REF, name), encoding="utf-8") as f:
        return json.load(f)


def tidy(name):
    name = re.sub(r"\s+", " ", name).strip().strip('"“”').strip()
    return re.sub(r"^(?:the|la|le|el) (?=\w)", "", name, flags=re.IGNORECASE)


class Gazetteer:
    def __init__(self):
        self.entities = {}  # id -> [name, qid, country], in insertion order
        self.aliases = []
        self.priority = []  # curated aliases, written first so that they win
        self.pairs = set()
        self.by_qid = {}

    def entity(self, eid, name, qid="", country=""):
        if qid and qid in self.by_qid:
            return self.by_qid[qid]
        self.entities.setdefault(eid, [tidy(name), qid, country])
        if qid:
            self.by_qid[qid] = eid
        return eid

    def alias(self, eid, alias, priority=False):
        alias = tidy(alias)
        letters = [c for c in alias if c.isalpha()]
        if len(letters) < 2 or (eid, alias) in self.pairs or alias.lower() in GENERIC:
            return
        self.pairs.add((eid, alias))
        (self.priority if priority else self.aliases).append((eid, alias))


def qid_of(code):
    return code if re.fullmatch(r"Q\d+", code or "") else ""


def supraverden(gaz):
    for org in read_json("supraverden_intergovernmental_orgs.json"):
        qid = qid_of(org.get("Wikidata_code"))
        eid = gaz.entity("O:" + (qid or org["SPRVD_id"]), org["Name_en"], qid)
        for field in sorted(org):
            lang = field.rsplit("_", 1)[-1]
            if field.startswith(("Name_", "Abbreviation_")) and lang in SUPRAVERDEN_LANGS:
                gaz.alias(eid, org[field])
    return eid


def readable_un_name(name):
    """UN list names are upper case; names of several words read better, and
    match text in any capitalisation of the first letter, in title case."""
    name = re.sub(r"\s+", " ", name).strip()
    if not (name.isupper() and " " in name):
        return name
    words = [capitalise(w) for w in name.split(" ")]
    small = {"Of", "The", "For", "In", "And", "To", "On", "Wa", "Fi"}
    return " ".join(w.lower() if i and w in small else w for i, w in enumerate(words))


def capitalise(word):
    """JAMA'A → Jama'a, AL-QAIDA → Al-Qaida (str.title would give Jama'A)."""
    return "-".join(re.sub(r"^(\W*)(\w)", lambda m: m.group(1) + m.group(2).upper(), part.lower())
                    for part in word.split("-"))


def un_alias_ok(alias):
    """A one-word Latin alias is kept only when it is an acronym or a
    transliteration ("AQI", "Al-Jihad"): plain words ("Base", "Youth") are
    common nouns in statements."""
    if " " in alias or not alias.isascii():
        return True
    return alias.isupper() or "-" in alias or "'" in alias


def un_alias_parts(alias):
    """'Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hay’at ...)'
    holds several names: the text before the first parenthesis, and the
    ';'-separated items inside it."""
    alias = re.sub(r"\s+", " ", alias).strip()
    head, _, rest = alias.partition("(")
    parts = [head]
    for item in re.split(r"[;()]", rest):
        item = item.strip(" -")
        # Inside parentheses only acronyms and ';' lists of names: a single
        # parenthesised phrase is a qualifier ("Leader (Hong Kong) ...").
        if not UN_NOTES.search(item) and (";" in rest or ACRONYM.match(item)):
            parts.append(item)
    return [p.strip(" -") for p in parts if p.strip(" -")]


def un_sanctions(gaz):
    for entity in read_json("un_sc_consolidated_list_entities.json")["entities"]:
        raw = re.sub(r"\s+", " ", entity["name"]).strip()
        acronym = re.search(r"\(([A-Z][A-Za-z0-9-]{1,9})\)\s*$", raw)
        name = re.sub(r"\s*\([^)]*\)\s*$", "", raw)
        eid = gaz.entity("O:UN-" + entity["reference_number"], readable_un_name(name))
        gaz.alias(eid, readable_un_name(name))
        if acronym:
            gaz.alias(eid, acronym.group(1))
        if entity.get("name_original_script"):
            gaz.alias(eid, entity["name_original_script"])
        for alias in entity.get("aliases", []):
            for part in un_alias_parts(alias["alias_name"]):
                readable = readable_un_name(part)
                if un_alias_ok(tidy(readable)):
                    gaz.alias(eid, readable)


def us_agencies(gaz):
    for agency in read_json("wikidata_us_agencies_labels.json"):
        qid = agency["qid"]
        country = "US" if WIKIDATA_US in agency.get("country_P17", []) else ""
        eid = gaz.entity("O:" + qid, agency["labels"].get("en", qid), qid, country)
        for lang in WIKIDATA_LANGS:
            if agency["labels"].get(lang):
                gaz.alias(eid, agency["labels"][lang])
            for alias in agency.get("aliases", {}).get(lang, []):
                gaz.alias(eid, alias)
        for short in agency.get("short_name_P1813", []):
            gaz.alias(eid, short)


def curated(gaz):
    with open(CURATED, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"))
    for r in rows:
        eid = r["entity"]
        if eid not in gaz.entities:
            if not r["name"]:
                sys.exit(f"{CURATED}: new entity {eid!r} needs a name on its first row")
            gaz.entities[eid] = [r["name"], r["wikidata"], r["country"]]
        elif r["name"]:
            gaz.entities[eid][0] = r["name"]
        if r["country"]:
            gaz.entities[eid][2] = r["country"]
        if r["wikidata"]:
            gaz.entities[eid][1] = r["wikidata"]
        gaz.alias(eid, r["alias"], priority=True)
    return len(rows)


def main():
    gaz = Gazetteer()
    supraverden(gaz)
    un_sanctions(gaz)
    us_agencies(gaz)
    count = curated(gaz)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(entities=len(gaz.entities), aliases=len(gaz.aliases),
                                curated=count))
        for eid, (name, qid, country) in gaz.entities.items():
            out.write(f"E\t{eid}\t{name}\t{qid}\t{country}\n")
        for eid, alias in gaz.priority + gaz.aliases:
            out.write(f"A\t{eid}\t{alias}\n")


HEADER = """\
# Organisation gazetteer. GENERATED by tools/tables/organizations.py; do not edit.
# Sources and licences:
#   supraverden general_list (confirmordeny/supraverden, commit 59ab4fa, 2026-06-24):
#     CC BY-SA 4.0. This file is a derived work and is therefore shared under
#     CC BY-SA 4.0 as well (attribution: the supraverden project).
#   UN Security Council Consolidated Sanctions List, entities (2024-09-26):
#     UN public document, no open licence stated; reused as public information.
#   Wikidata labels of US federal agencies (2021 snapshots via
#     integrateddatasvc/agency-registry): Wikidata content is CC0.
#   tools/tables/curated/organizations.tsv: hand-curated names the references
#     lack ({curated} rows, each with its provenance).
# {entities} entities, {aliases} aliases.
# E<TAB>id<TAB>canonical English name<TAB>wikidata<TAB>country
# A<TAB>id<TAB>alias
"""

if __name__ == "__main__":
    main()
