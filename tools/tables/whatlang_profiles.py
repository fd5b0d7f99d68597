#!/usr/bin/env python3
"""Generate src/normalise/tables/whatlang_profiles.tsv: the trigram profiles
and alphabets the language detector `whatlang` scores texts with, copied from
the version of whatlang that Cargo.lock pins.

Run from the repository root:

    python3 tools/tables/whatlang_profiles.py

Finds whatlang's source with `cargo metadata --format-version 1` and reads
src/trigrams/profiles.rs (per script, per language: its 300 most common
trigrams, most common first), src/alphabets/latin.rs and cyrillic.rs (the
letters each language writes) and src/lang.rs (the language codes). Writes
one row per profile and per alphabet, in whatlang's order:

    kind  script  lang  data

kind is `profile` (data: the trigrams, three characters each, run
together; a trigram may hold spaces) or `alphabet` (data: the letters).

Why: bayan computes whatlang's scores itself, from an index of these
profiles by trigram (see src/normalise/language/detector.rs), and checks
in its tests that it gives whatlang's answer on every text. Copying the data
from the pinned source, never by hand, keeps the two the same; rerun this
after upgrading whatlang.
"""

import json
import os
import re
import subprocess
import sys

OUT = os.path.join("src", "normalise", "tables", "whatlang_profiles.tsv")

MIT_NOTICE = """\
Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""

# whatlang's profile lists, by the script they belong to.
PROFILE_LISTS = {
    "LATIN_LANGS": "Latin",
    "CYRILLIC_LANGS": "Cyrillic",
    "ARABIC_LANGS": "Arabic",
    "DEVANAGARI_LANGS": "Devanagari",
    "HEBREW_LANGS": "Hebrew",
}
ALPHABET_FILES = {"latin.rs": ("Latin", "LATIN_ALPHABETS"), "cyrillic.rs": ("Cyrillic", "CYRILLIC_ALPHABETS")}
PROFILE_SIZE = 300

CHAR = r"'([^'\\]|\\.)'"
TRIGRAM = re.compile(rf"Trigram\({CHAR},\s*{CHAR},\s*{CHAR}\)")
PROFILE = re.compile(r"\(\s*Lang::(\w+),\s*&\[(.*?)\]\s*,?\s*\)", re.S)
LIST = re.compile(r"pub static (\w+): LangProfileList = &\[(.*?)\n\];", re.S)
CODE = re.compile(r'Lang::(\w+) => "(\w+)"')
ALPHABET_CONST = re.compile(r'const (\w+): &str =\s*"([^"\\]*)";')
ALPHABET_ROW = re.compile(r"\(Lang::(\w+), (\w+)\)")


def whatlang_package():
    """whatlang's package entry in `cargo metadata` (the version Cargo.lock pins)."""
    output = subprocess.run(
        ["cargo", "metadata", "--format-version", "1"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    packages = [p for p in json.loads(output)["packages"] if p["name"] == "whatlang"]
    if len(packages) != 1:
        sys.exit(f"error: expected one whatlang package, found {len(packages)}")
    return packages[0]


def read(src, *parts):
    with open(os.path.join(src, *parts), encoding="utf-8") as handle:
        return handle.read()


def char_of(literal):
    """A Rust char literal's character (the profiles use no escapes)."""
    if literal.startswith("\\"):
        sys.exit(f"error: unexpected escaped character {literal!r} in a profile")
    return literal


def lang_codes(src):
    """Lang variant -> ISO 639-3 code, from `lang_to_code`."""
    body = read(src, "lang.rs").split("fn lang_to_code", 1)[1].split("\n}\n", 1)[0]
    return dict(CODE.findall(body))


def profiles(src, codes):
    """(script, code, trigrams) rows in whatlang's order."""
    rows = []
    for name, body in LIST.findall(read(src, "trigrams", "profiles.rs")):
        script = PROFILE_LISTS[name]
        for lang, trigrams_text in PROFILE.findall(body):
            trigrams = ["".join(char_of(c) for c in t) for t in TRIGRAM.findall(trigrams_text)]
            check_profile(script, lang, trigrams)
            rows.append(("profile", script, codes[lang], "".join(trigrams)))
    if {row[1] for row in rows} != set(PROFILE_LISTS.values()):
        sys.exit("error: profiles.rs does not hold the five script profile lists")
    return rows


def check_profile(script, lang, trigrams):
    """The detector relies on these: each profile has exactly 300 distinct
    trigrams of three characters, none a tab or a line break."""
    if len(trigrams) != PROFILE_SIZE or len(set(trigrams)) != PROFILE_SIZE:
        sys.exit(f"error: {script} {lang}: {len(trigrams)} trigrams, {len(set(trigrams))} distinct")
    if any(len(t) != 3 or set(t) & set("\t\r\n") for t in trigrams):
        sys.exit(f"error: {script} {lang}: a trigram is not three plain characters")


def alphabets(src, codes):
    """(script, code, letters) rows, in each alphabet list's order."""
    rows = []
    for file_name, (script, list_name) in ALPHABET_FILES.items():
        text = read(src, "alphabets", file_name)
        letters = dict(ALPHABET_CONST.findall(text))
        listed = text.split(f"const {list_name}", 1)[1].split("];", 1)[0]
        pairs = ALPHABET_ROW.findall(listed)
        if not pairs:
            sys.exit(f"error: no alphabets found in {file_name}")
        for lang, const in pairs:
            rows.append(("alphabet", script, codes[lang], letters[const]))
    return rows


def main():
    package = whatlang_package()
    src = os.path.join(os.path.dirname(package["manifest_path"]), "src")
    codes = lang_codes(src)
    rows = profiles(src, codes) + alphabets(src, codes)
    authors = ", ".join(a.split(" <")[0] for a in package["authors"])
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Generated by tools/tables/whatlang_profiles.py; do not edit.\n")
        out.write(
            f"# Source: whatlang-rs {package['version']} (src/trigrams/profiles.rs,"
            " src/alphabets/latin.rs, src/alphabets/cyrillic.rs),"
            f" {package['license']} licence, Copyright (c) {authors}.\n"
        )
        for line in MIT_NOTICE.splitlines():
            out.write(f"# {line}\n")
        out.write(
            "# kind: profile (data: a language's 300 trigrams, most common first,"
            " three characters each) or alphabet (data: its letters).\n"
        )
        out.write("kind\tscript\tlang\tdata\n")
        for row in rows:
            out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
