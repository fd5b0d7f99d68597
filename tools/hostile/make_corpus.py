#!/usr/bin/env python3
"""Writes the hostile input corpus into a directory.

Usage: tools/hostile/make_corpus.py <dir> [--small] [--canary-url URL]

Every file is something the web or a careless export could hand bayan:
broken encodings, binary bytes, oversized lines, compression and XML bombs,
archives with escaping paths, deep nesting, truncated documents, a
directory symlink loop and an unreadable file. tests/hostile.rs runs the
real binary over it under a memory cap and a time limit.

The deeply nested HTML pages go into deep/, so a test can run them on
their own. --small leaves out the two large cases (a 200 MB line and a 50 MB JSON
line) for quick runs. --canary-url is put into the external entities and
links, so a test listening there can tell whether anything was fetched.

The content is made up here; nothing is copied from elsewhere. Output is
deterministic (fixed gzip/zip timestamps, no randomness).

Each file name says what it is; MANIFEST.tsv (hidden from bayan by its
leading dot: .manifest.tsv) lists every input with the reject reasons a
sensible reader may give it, or "accept" when it holds a usable statement.
"""

import gzip
import io
import os
import stat
import sys
import zipfile
import zlib

def statement(topic):
    """A short made-up statement; each file gets its own topic so that no
    two are rejected as duplicates of each other."""
    return (
        f"Statement on the {topic}\n\n"
        f"The ministry welcomes the {topic} signed on 3 March 2024 in Geneva.\n\n"
        "It pledges 20 million dollars to the basin authority.\n"
    )

MIB = 1024 * 1024


def write(root, name, data, expect):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as out:
        out.write(data)
    return (name, expect)


def gzip_bytes(data, level=6):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=level, mtime=0) as out:
        out.write(data)
    return buffer.getvalue()


def encodings(root):
    body = statement("invalid bytes").encode("utf-8")
    return [
        write(root, "encoding/invalid_utf8.txt", body[:40] + b"\xff\xfe\xc3\x28" + body[40:],
              "not_utf8 malformed binary"),
        write(root, "encoding/utf16le_bom.txt", b"\xff\xfe" + statement("little-endian text").encode("utf-16-le"),
              "accept not_utf8 binary"),
        write(root, "encoding/utf16be_bom.txt", b"\xfe\xff" + statement("big-endian text").encode("utf-16-be"),
              "accept not_utf8 binary"),
        write(root, "encoding/utf16le_no_bom.txt", statement("text without a mark").encode("utf-16-le"),
              "accept not_utf8 binary"),
        write(root, "encoding/nul_bytes.txt", body[:30] + b"\x00\x00" + body[30:],
              "binary"),
        write(root, "encoding/empty.txt", b"", "empty"),
        write(root, "encoding/only_whitespace.txt", b" \n\t\r\n  \n", "empty not_a_statement"),
        write(root, "encoding/rtl_override.txt",
              "\u202ebidi override title\u202c\n\n\u200fBody with RTL marks \u2067x\u2069.\n",
              "accept not_a_statement"),
    ]


def large(root):
    line = b"word " * (200 * MIB // 5)
    return [
        write(root, "large/line_200mb.txt", line, "too_large"),
        write(root, "large/json_line_50mb.jsonl",
              b'{"title": "Long", "body": "' + b"x" * (50 * MIB) + b'"}\n', "too_large"),
    ]


def gzip_bomb(root):
    # Concatenated gzip members of one compressed 64 MiB run: 128 of them
    # expand to 8 GiB from a file of about 8 MiB.
    member = gzip_bytes(b"A" * (64 * MIB), level=9)
    bomb = member * 128
    return [
        write(root, "compressed/bomb.txt.gz", bomb, "too_large"),
        write(root, "compressed/truncated.jsonl.gz",
              gzip_bytes(b'{"title": "A", "body": "b"}\n' * 50)[:-20], "malformed"),
        write(root, "compressed/not_gzip.txt.gz", statement("misnamed file").encode(), "accept"),
    ]


def evil_zip(root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("../../escaped.txt", "/abs/escaped.txt", "ok/statement.txt"):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, statement("archive"))
        link = zipfile.ZipInfo("link_to_etc", date_time=(2020, 1, 1, 0, 0, 0))
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    data = buffer.getvalue()
    return [
        write(root, "archive/escape.zip", data, "binary malformed unsupported"),
        write(root, "archive/escape_zip_named.txt", data, "binary malformed"),
    ]


def xml(root, canary):
    laughs = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        laughs.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">')
    rss_item = "<item><title>{}</title><description>{}</description></item>"
    billion = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(laughs) + "\n]>\n"
        '<rss version="2.0"><channel><title>Feed</title>'
        + rss_item.format("Laughs", "&lol9;") + "</channel></rss>\n"
    )
    external = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">\n'
        f'<!ENTITY remote SYSTEM "{canary}/entity">\n'
        "]>\n"
        '<rss version="2.0"><channel><title>Feed</title>'
        + rss_item.format("External entity", "Before &passwd; after &remote; end.")
        + "</channel></rss>\n"
    )
    parameter = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        f'<!ENTITY % param SYSTEM "{canary}/param"> %param;\n'
        "]>\n"
        '<rss version="2.0"><channel><title>Feed</title>'
        + rss_item.format("Parameter entity", "A body.") + "</channel></rss>\n"
    )
    atom_entry = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        "<entry><title>One</title><content>First statement body.</content></entry>"
        "<entry><title>Two</title><content>Second statement bo"
    )
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        + rss_item.format("One", "First statement body.")
        + "<item><title>Two</title><description>Second stat"
    )
    return [
        write(root, "xml/billion_laughs.xml", billion, "malformed empty"),
        write(root, "xml/external_entity.rss", external, "malformed empty accept"),
        write(root, "xml/external_parameter_entity.rss", parameter, "malformed empty accept"),
        write(root, "xml/truncated_atom.xml", atom_entry, "malformed"),
        write(root, "xml/truncated_rss.rss", rss, "malformed"),
    ]


def html(root, canary):
    depth = 100_000
    nested = (
        "<!doctype html><html><head><title>Deep</title></head><body>"
        + "<div>" * depth + "Deep statement text." + "</div>" * depth + "</body></html>\n"
    )
    unclosed = "<html><body><h1>Title</h1>" + "<div><span><b>" * 30_000 + "text\n"
    truncated = (
        "<!doctype html><html><head><title>Statement title</title>"
        f'<link rel="stylesheet" href="{canary}/style.css"></head>'
        f'<body><h1>Statement title</h1><img src="{canary}/img.png">'
        "<p>The first paragraph of the statement, cut off in the midd"
    )
    return [
        write(root, "deep/nested_100000.html", nested, "accept malformed not_a_statement too_large"),
        write(root, "deep/unclosed_90000.html", unclosed, "accept malformed not_a_statement"),
        write(root, "html/truncated.html", truncated, "accept malformed not_a_statement"),
    ]


def json_lines(root):
    lines = '{"title": "One", "body": "First statement body."}\n{"title": "Two", "body": "Sec'
    deep = "[" * 100_000 + "]" * 100_000 + "\n"
    return [
        write(root, "jsonl/truncated.jsonl", lines, "accept malformed"),
        write(root, "jsonl/deep_arrays.jsonl", deep, "malformed not_a_statement"),
        write(root, "jsonl/deep_objects.json", '{"a":' * 50_000 + "1" + "}" * 50_000,
              "malformed not_a_statement"),
        write(root, "jsonl/nul_escape.jsonl",
              '{"title": "Null \\u0000 char", "body": "Body \\u0000 with escaped NUL."}\n',
              "accept malformed binary"),
        write(root, "jsonl/lone_surrogate.jsonl",
              '{"title": "Surrogate \\ud800", "body": "Body \\udfff."}\n',
              "accept malformed"),
    ]


def markdown(root):
    return [
        write(root, "markdown/truncated_front_matter.md",
              "---\ntitle: \"Unclosed quote\ndate: 2024-03-0", "accept malformed not_a_statement"),
        write(root, "markdown/front_matter_only.md", "---\ntitle: Nothing else\n---\n",
              "empty not_a_statement malformed"),
        write(root, "markdown/truncated_body.md",
              "---\ntitle: Statement\ndate: 2024-03-03\n---\n\n# Statement\n\nThe body is cut",
              "accept"),
    ]


def filesystem(root):
    entries = []
    loop = os.path.join(root, "fs", "loop")
    os.makedirs(loop, exist_ok=True)
    link = os.path.join(loop, "again")
    if not os.path.lexists(link):
        os.symlink("..", link)
    entries.append(("fs/loop/again", "unreadable"))
    entries.append(write(root, "fs/unreadable.txt", statement("locked file"), "unreadable accept"))
    os.chmod(os.path.join(root, "fs", "unreadable.txt"), 0)
    dangling = os.path.join(root, "fs", "dangling.txt")
    if not os.path.lexists(dangling):
        os.symlink("does-not-exist.txt", dangling)
    entries.append(("fs/dangling.txt", "unreadable"))
    entries.append(write(root, "fs/plain_statement.txt", statement("plain file"), "accept"))
    return entries


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit("usage: make_corpus.py <dir> [--small] [--canary-url URL]")
    root = args[0]
    small = "--small" in args
    canary = "http://127.0.0.1:9"
    if "--canary-url" in args:
        canary = args[args.index("--canary-url") + 1]
    os.makedirs(root, exist_ok=True)
    entries = encodings(root)
    if not small:
        entries += large(root)
    entries += gzip_bomb(root) + evil_zip(root) + xml(root, canary) + html(root, canary)
    entries += json_lines(root) + markdown(root) + filesystem(root)
    with open(os.path.join(root, ".manifest.tsv"), "w") as out:
        for name, expect in sorted(entries):
            out.write(f"{name}\t{expect}\n")


if __name__ == "__main__":
    main(sys.argv)
