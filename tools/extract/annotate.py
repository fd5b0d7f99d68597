#!/usr/bin/env python3
"""Fills the paragraph fields of the expected files in tests/extract/.

An expected file names one corpus record (`source`, a path under
../shared/corpus, and `record`: the 1-based line of a JSON Lines file or
item of a feed; 0 for a file that is one record) and holds the values a
person checked against that record: `title`, `published`, `issuer`, `url`,
and an `annotation` saying which blocks of the record's own markup are
not body paragraphs (`drop_leading`, `drop_trailing`: how many blocks at
each end, with `why`).

This script reads the record itself (never bayan's output), splits it into
blocks with a deliberately plain reading of its markup (HTML block
elements; Markdown blank lines, headings and list items; plain text blank
lines), applies the annotation, and writes:

* `paragraph_count`, and short prefixes `first_paragraph` / `last_paragraph`
  for a person to compare at a glance;
* `paragraphs`: per expected paragraph the SHA-256 of its folded text, of
  its first and of its last 90 % (rounded up), and its length, so the test can score
  paragraphs without a copy of the text in the repository.

Folding (the same as tests/extract/score.rs): NFKC, lower case, runs of
white space to one space, trimmed.

Usage, from the repository root:

    python3 tools/extract/annotate.py tests/extract/*.json     # rewrite
    python3 tools/extract/annotate.py --show tests/extract/x.json  # print blocks

Standard library only; deterministic.
"""

import hashlib
import html
import html.parser
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path

CORPUS = Path("../shared/corpus")
PREFIX_CHARS = 60
HEAD_PERCENT = 90

BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div",
    "td", "th", "tr", "table", "ul", "ol", "pre", "section", "article",
    "dd", "dt", "figcaption", "hr",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head"}
NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def fold(text):
    """The comparison form of a paragraph."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(paragraph):
    folded = fold(paragraph)
    share = (len(folded) * HEAD_PERCENT + 99) // 100
    return {
        "chars": len(folded),
        "sha256": sha256(folded),
        "head": sha256(folded[:share]),
        "tail": sha256(folded[len(folded) - share:]),
    }


class BlockParser(html.parser.HTMLParser):
    """Text of HTML block elements, one string per block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        self.skipping = 0

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.flush()
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def html_blocks(markup):
    parser = BlockParser()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return parser.blocks


def text_blocks(text):
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(block.split()) for block in blocks if block.strip()]


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def markdown_inline(text):
    text = re.sub(r"<!--.*?-->", "", text)
    text = AUTOLINK.sub(r"\1", text)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*)", "", text)
    return text


def starts_list_item(line, current):
    """A list marker, as CommonMark reads it: inside a paragraph only a
    bullet or an ordered list starting at 1 interrupts it, so a wrapped
    line beginning "2003. Previously" stays in its paragraph."""
    match = LIST_ITEM.match(line)
    if not match:
        return False
    marker = match.group(0).strip()
    return not current or not marker[0].isdigit() or marker[:-1] == "1"


def markdown_blocks(body):
    blocks, current = [], []

    def flush():
        text = " ".join(markdown_inline(" ".join(current)).split())
        if text:
            blocks.append(text)
        current.clear()

    for line in body.splitlines():
        if not line.strip():
            flush()
            continue
        if starts_list_item(line, current) or HEADING.match(line):
            flush()
            current.append(HEADING.sub("", LIST_ITEM.sub("", line)))
            if HEADING.match(line):
                flush()
            continue
        current.append(line)
    flush()
    return blocks


def front_matter(text):
    """The YAML front matter's simple `key: value` lines, and the body."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields, text[match.end():]


def jsonl_record(path, number):
    with open(path, encoding="utf-8") as lines:
        for index, line in enumerate(lines, 1):
            if index == number:
                record = json.loads(line)
                return {
                    "raw": record["content_html"],
                    "blocks": html_blocks(record["content_html"]),
                    "fields": {k: record.get(k) for k in ("title", "link", "pubDate", "creator")},
                }
    raise SystemExit(f"{path} has no line {number}")


def feed_record(path, number):
    root = ElementTree.parse(path).getroot()
    items = root.findall("./channel/item")
    if not 0 < number <= len(items):
        raise SystemExit(f"{path} has no item {number}")
    item = items[number - 1]
    content = item.findtext("content:encoded", namespaces=NAMESPACES)
    description = item.findtext("description")
    if content and content.strip():
        raw, blocks = content, html_blocks(content)
    elif description and "<" in description:
        raw, blocks = description, html_blocks(description)
    else:
        raw, blocks = description or "", text_blocks(description or "")
    fields = {
        "title": item.findtext("title"),
        "link": item.findtext("link"),
        "pubDate": item.findtext("pubDate") or item.findtext("pubdate"),
        "creator": item.findtext("dc:creator", namespaces=NAMESPACES),
    }
    return {"raw": raw, "blocks": blocks, "fields": fields}


def markdown_record(path):
    fields, body = front_matter(path.read_text(encoding="utf-8"))
    return {"raw": body, "blocks": markdown_blocks(body), "fields": fields}


def load(expected):
    path = CORPUS / expected["source"]
    number = expected.get("record", 0)
    if path.suffix == ".jsonl":
        return jsonl_record(path, number)
    if path.suffix == ".xml":
        return feed_record(path, number)
    if path.suffix == ".md":
        return markdown_record(path)
    return {"raw": path.read_text(encoding="utf-8", errors="replace"), "blocks": [], "fields": {}}


def prefix(paragraph):
    words, length = [], 0
    for word in paragraph.split():
        if length + len(word) > PREFIX_CHARS and words:
            break
        words.append(word)
        length += len(word) + 1
    return " ".join(words)


def paragraphs_of(expected, record):
    annotation = expected.get("annotation", {})
    blocks = record["blocks"]
    leading = annotation.get("drop_leading", 0)
    trailing = annotation.get("drop_trailing", 0)
    kept = blocks[leading:len(blocks) - trailing]
    for index in sorted(annotation.get("drop", []), reverse=True):
        del kept[index]
    return kept


def fill(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    if expected.get("expect") != "statement":
        path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    paragraphs = paragraphs_of(expected, load(expected))
    if not paragraphs:
        raise SystemExit(f"{path}: no paragraph left after the annotation")
    expected["paragraph_count"] = len(paragraphs)
    expected["first_paragraph"] = prefix(paragraphs[0])
    expected["last_paragraph"] = prefix(paragraphs[-1])
    expected["paragraphs"] = [fingerprint(p) for p in paragraphs]
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def show(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    record = load(expected)
    print(json.dumps(record["fields"], ensure_ascii=False, indent=1))
    for index, block in enumerate(record["blocks"]):
        print(f"[{index}] {block[:160]}{'…' if len(block) > 160 else ''}")
    if expected.get("expect") == "statement":
        kept = paragraphs_of(expected, record)
        print(f"-> {len(kept)} paragraphs")


def main(arguments):
    if arguments and arguments[0] == "--show":
        for name in arguments[1:]:
            show(Path(name))
        return
    if not arguments:
        raise SystemExit(__doc__)
    for name in arguments:
        fill(Path(name))


if __name__ == "__main__":
    main(sys.argv[1:])
