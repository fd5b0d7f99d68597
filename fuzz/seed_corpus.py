#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

The seeds are the repository's samples/ and the public statements of
../shared/corpus, cut to the shape each target reads: plain text for
read_text and the extractors, HTML pages, feeds, Markdown, JSON Lines in
chunks, and WARC files built around the HTML pages. A reader starts from
real inputs instead of from nothing, so ten minutes reach deep code.

Run from the repository root (`make fuzz` does). Deterministic: a seed's
file name is the SHA-1 of its bytes, as libFuzzer names the inputs it adds,
so rerunning adds nothing twice. Python 3 standard library only.
"""

import gzip
import hashlib
import io
import pathlib
import sys
import zipfile

SAMPLES = pathlib.Path("samples")
SHARED_CORPUS = pathlib.Path("../shared/corpus")
OUT = pathlib.Path("fuzz/corpus")
TARGETS = pathlib.Path("fuzz/fuzz_targets")

# The -max_len of `make fuzz`: a longer seed would be cut anyway.
READER_MAX = 1 << 20
EXTRACTOR_MAX = 64 << 10
# Enough seeds of one kind to cover its shapes; more only slow the start.
MAX_SEEDS_PER_KIND = 60


def files(root, *suffixes):
    """The files under `root` ending in one of `suffixes`, sorted."""
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.rglob("*") if path.is_file() and path.name.endswith(suffixes)
    )


def chunks(data, limit):
    """`data` cut at line ends into pieces of at most `limit` bytes."""
    piece = bytearray()
    for line in data.splitlines(keepends=True):
        if piece and len(piece) + len(line) > limit:
            yield bytes(piece)
            piece = bytearray()
        piece += line[:limit]
    if piece:
        yield bytes(piece)


def warc_record(kind, uri, block):
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2022-03-03T10:00:00Z\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http_response(body, extra=""):
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n"
    return head.encode() + body


def chunked(body, size=4096):
    out = bytearray()
    for start in range(0, len(body), size):
        piece = body[start : start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def warc_seeds(pages):
    """WARC files around `pages`: plain, gzip-coded and chunked responses,
    with the request and metadata records a crawler writes beside them."""
    for number, page in enumerate(pages):
        uri = f"https://example.org/press/{number}.html"
        yield warc_record("warcinfo", "", b"software: seed\r\n") + warc_record(
            "request", uri, f"GET /press/{number}.html HTTP/1.1\r\n\r\n".encode()
        ) + warc_record("response", uri, http_response(page))
        gzipped = gzip.compress(page, mtime=0)
        yield warc_record("response", uri, http_response(gzipped, "Content-Encoding: gzip\r\n"))
        yield warc_record(
            "response", uri, http_response(chunked(page), "Transfer-Encoding: chunked\r\n")
        )


def zip_seeds(named_texts):
    """Zip archives of the sample statements, with fixed timestamps."""
    for start in range(0, len(named_texts), 4):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in named_texts[start : start + 4]:
                archive.writestr(zipfile.ZipInfo(name, (2022, 3, 3, 10, 0, 0)), data)
        yield buffer.getvalue()


def first(seeds, limit, count=MAX_SEEDS_PER_KIND):
    """At most `count` of `seeds`, each cut to `limit` bytes."""
    out = []
    for seed in seeds:
        if len(out) == count:
            break
        if seed.strip():
            out.append(seed[:limit])
    return out


def read_all(paths):
    return [path.read_bytes() for path in paths]


def seeds_by_target():
    statements = files(SAMPLES / "statements", ".txt")
    bad = files(SAMPLES / "bad", "")
    texts = read_all(statements)
    shared_texts = [
        piece
        for data in read_all(files(SHARED_CORPUS, ".txt"))
        for piece in chunks(data, EXTRACTOR_MAX)
    ]
    markdown = read_all(files(SHARED_CORPUS, ".md"))
    html = read_all(files(SHARED_CORPUS, ".html"))
    feeds = read_all(files(SHARED_CORPUS, ".xml", ".rss", ".atom"))
    jsonl = [
        piece for data in read_all(files(SHARED_CORPUS, ".jsonl")) for piece in chunks(data, EXTRACTOR_MAX)
    ]
    json_lines = [line for piece in jsonl[:4] for line in piece.splitlines()]
    extractor_seeds = first(texts + markdown + json_lines + shared_texts, EXTRACTOR_MAX)
    small_page = (
        b"<html><head><title>Statement on Talks</title></head>"
        b"<body><p>The ministers met on 3 March 2022.</p></body></html>"
    )
    return {
        "read_text": first(texts + read_all(bad) + shared_texts, READER_MAX),
        "read_html": first(html + [small_page], READER_MAX),
        "read_jsonl": first(jsonl, READER_MAX)
        + [b"[" + b",".join(json_lines[:20]) + b"]"],
        "read_feed": first(feeds, READER_MAX),
        "read_markdown": first(markdown, READER_MAX),
        "read_warc": first(warc_seeds(html + [small_page]), READER_MAX),
        "read_zip": first(zip_seeds([(p.name, d) for p, d in zip(statements, texts)]), READER_MAX),
        "extract_dates": extractor_seeds,
        "extract_money": extractor_seeds,
        "extract_mentions": extractor_seeds,
    }


def main():
    targets = set(sys.argv[1:])
    for target, seeds in seeds_by_target().items():
        if targets and target not in targets:
            continue
        if not (TARGETS / f"{target}.rs").is_file():
            continue  # a reader without a fuzz target (yet)
        directory = OUT / target
        directory.mkdir(parents=True, exist_ok=True)
        for seed in seeds:
            (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
        print(f"{directory}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
