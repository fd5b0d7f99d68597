#!/usr/bin/env python3
"""Writes the benchmark corpora: N statements as JSON Lines and as text files.

Reads (paths relative to the repository root):
  ../shared/corpus/statedept-press-releases-rss/*.jsonl   State Department
      press releases with HTML bodies (public domain, see its SOURCES.md)
  ../shared/seed/000_9e8232f106620835.txt                  the Arabic seed

Writes, for every N given:
  DIR/statements-N.jsonl   one record a line: guid, title, link, creator,
                           pubDate, categories, content_html
  DIR/text-N/NNNNNNN.txt   the same statements as plain text: the title
                           line, a blank line, paragraphs separated by
                           blank lines

The records are cycled, the seed first (so every corpus holds Arabic text):
copy k of a record gets " [copy k]" after its title, "#copy-k" after its
guid and "?copy=k" after its link, so no two statements are duplicates of
each other. The copy goes into the link's query, not its fragment as in the
reference pipeline's own generator (../shared/peer/make_corpus.py): bayan
drops the fragment of a URL when it derives the statement id, so fragment
copies would be exported once and then rejected as duplicates. Otherwise,
with --seed 0 (the default), the cycle is that generator's (file order).
Both pipelines are given the files written here. Another seed shuffles the order of the State Department records
(the seed statement stays first); the same seed always gives the same
files.

A corpus already on disk is kept when its stamp file says it was made from
the same sources, size and seed (--force writes it again).

Run: python3 tools/bench/make_corpus.py 10000 100000 --out-dir bench-corpus
(standard library only).
"""

import argparse
import hashlib
import html
import html.parser
import json
import random
import shutil
import sys
from pathlib import Path

SHARED = Path("..") / "shared"
CORPUS_DIR = SHARED / "corpus" / "statedept-press-releases-rss"
SEED_TEXT = SHARED / "seed" / "000_9e8232f106620835.txt"
FIELDS = ("guid", "title", "link", "creator", "pubDate", "categories", "content_html")
# Bump when the output format changes, so cached corpora are rewritten.
FORMAT_VERSION = "2"


def seed_record():
    """The Arabic seed in the record shape of the feed, paragraphs in <p>."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    title, _, rest = text.partition("\n")
    paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
    return {
        "guid": "seed:000_9e8232f106620835",
        "title": title.strip(),
        "link": "",
        "creator": "",
        "pubDate": "",
        "categories": [],
        "content_html": "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
    }


def feed_records():
    """Every record of the State Department JSONL files, in file order."""
    records = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    records.append({field: record.get(field) for field in FIELDS})
    if not records:
        sys.exit(f"error: no records in {CORPUS_DIR}/*.jsonl; is ../shared next to the repository?")
    return records


def cycle_order(seed):
    """The records in cycle order: the seed statement, then the feed."""
    feed = feed_records()
    if seed != 0:
        random.Random(seed).shuffle(feed)
    return [seed_record()] + feed


def statement(records, index):
    """Statement number `index` of a corpus: a copy of one source record."""
    base = records[index % len(records)]
    copy = index // len(records)
    record = dict(base)
    record["title"] = f"{base['title']} [copy {copy}]"
    record["link"] = with_copy_query(base["link"], copy)
    record["guid"] = f"{base['guid']}#copy-{copy}"
    return record


def with_copy_query(link, copy):
    """`link` with `copy=N` added to its query (before any fragment)."""
    if not link:
        return ""
    address, hash_mark, fragment = link.partition("#")
    separator = "&" if "?" in address else "?"
    return f"{address}{separator}copy={copy}{hash_mark}{fragment}"


class Paragraphs(html.parser.HTMLParser):
    """Collects the text of an HTML body as paragraphs: every block element
    and <br> ends one; scripts and styles are skipped."""

    BLOCKS = {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "section", "article", "br",
    }
    SKIPPED = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.end_paragraph()

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.end_paragraph()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def end_paragraph(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    def close(self):
        super().close()
        self.end_paragraph()


def plain_text(record):
    """The statement as a text file: title line, blank line, paragraphs."""
    parser = Paragraphs()
    parser.feed(record.get("content_html") or "")
    parser.close()
    title = " ".join((record["title"] or "").split())
    return title + "\n\n" + "\n\n".join(parser.paragraphs) + "\n"


def write_jsonl(records, n, path):
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for index in range(n):
            line = json.dumps(statement(records, index), ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            out.write(line)
    return size


def write_text(records, n, directory):
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    width = max(7, len(str(n)))
    size = 0
    for index in range(n):
        data = plain_text(statement(records, index)).encode("utf-8")
        (directory / f"{index:0{width}d}.txt").write_bytes(data)
        size += len(data)
    return size


def sources_digest():
    """Hash of the inputs and this script, so a stale corpus is noticed."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for path in [SEED_TEXT, *sorted(CORPUS_DIR.glob("*.jsonl")), Path(__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def make(records, n, out_dir, seed, force, digest):
    """Writes (or keeps) the corpus of n statements; returns its paths."""
    jsonl = out_dir / f"statements-{n}.jsonl"
    text = out_dir / f"text-{n}"
    stamp = out_dir / f".stamp-{n}"
    wanted = f"{digest} seed={seed}\n"
    if not force and jsonl.exists() and text.is_dir() and stamp.exists():
        if stamp.read_text(encoding="utf-8") == wanted:
            print(f"{jsonl}\t{n} statements\t(cached)")
            return jsonl, text
    stamp.unlink(missing_ok=True)
    jsonl_size = write_jsonl(records, n, jsonl)
    text_size = write_text(records, n, text)
    stamp.write_text(wanted, encoding="utf-8")
    print(f"{jsonl}\t{n} statements\t{jsonl_size / 1e6:.2f} MB")
    print(f"{text}/\t{n} files\t{text_size / 1e6:.2f} MB")
    return jsonl, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, metavar="N", help="statements per corpus")
    parser.add_argument("--out-dir", default="bench-corpus", type=Path)
    parser.add_argument("--seed", default=0, type=int, help="0: file order (default)")
    parser.add_argument("--force", action="store_true", help="rewrite cached corpora")
    args = parser.parse_args()
    if any(n < 1 for n in args.sizes):
        parser.error("every N must be at least 1")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    records = cycle_order(args.seed)
    digest = sources_digest()
    for n in args.sizes:
        make(records, n, args.out_dir, args.seed, args.force, digest)


if __name__ == "__main__":
    main()
