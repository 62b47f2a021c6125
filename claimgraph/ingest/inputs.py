"""Turn the inputs a user names (files, directories, URLs, '-') into items, lazily, one reader per kind."""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from claimgraph.ingest import ids
from claimgraph.ingest.decode import UndecodableError, decode_text
from claimgraph.ingest.feed import looks_like_feed, read_feed
from claimgraph.ingest.fetch import FetchError, fetch
from claimgraph.ingest.html import read_html
from claimgraph.ingest.items import Item
from claimgraph.ingest.jsonl import read_jsonl
from claimgraph.ingest.warc import is_warc_name, looks_like_warc, read_warc
from claimgraph.model import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}


@dataclass
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private_urls: bool = False
    fetch_timeout: float = 20.0
    doc_id: Optional[str] = None  # only for an input that is one document
    title: Optional[str] = None


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def sniff(data: bytes) -> str:
    """Guess the kind of an input from its first bytes: feed, html, jsonl or txt."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if looks_like_feed(head):
        return "feed"
    if head.startswith(b"<") and any(tag in head for tag in (b"<html", b"<body", b"<!doctype html", b"<p", b"<div")):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def read_inputs(args: Iterable[str], options: ReadOptions, stdin=None) -> Iterator[Item]:
    """Items from every input in turn; ``stdin`` is a binary stream for '-' (default: sys.stdin)."""
    for arg in args:
        if arg == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read(options.max_bytes + 1)
            yield from _read_bytes(data, kind=sniff(data), input="-", doc_id=options.doc_id, options=options,
                                   default_id=None)
        elif is_url(arg):
            yield from _read_url(arg, options)
        else:
            path = Path(arg)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*")
                               if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
                if not files:
                    yield Item.rejected(arg, "dir", "empty directory: no files in it")
                for file in files:
                    yield from _read_path(file, options)
            elif path.exists():
                yield from _read_path(path, options)
            else:
                yield Item.rejected(arg, "path", "no such file, directory or URL")


def _read_path(path: Path, options: ReadOptions) -> Iterator[Item]:
    where = str(path)
    kind = EXTENSIONS.get(path.suffix.lower())
    if is_warc_name(path) or (kind is None and looks_like_warc(path)):
        yield from read_warc(path, max_bytes=options.max_bytes)  # streamed record by record, any size
        return
    try:
        if kind == "jsonl":
            with path.open("rb") as stream:
                yield from read_jsonl(stream, input=where, max_bytes=options.max_bytes)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield Item.rejected(where, kind or "file", f"too large: {size:,} bytes is over the size limit of "
                                f"{options.max_bytes:,} (--max-bytes)")
            return
        data = path.read_bytes()
    except OSError as e:
        yield Item.rejected(where, kind or "file", f"unreadable file: {e.strerror or e}")
        return
    yield from _read_bytes(data, kind=kind or sniff(data), input=where, doc_id=options.doc_id, options=options,
                           default_id=ids.from_stem(path.stem))


def _read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    try:
        got = fetch(url, max_bytes=options.max_bytes, timeout=options.fetch_timeout,
                    allow_private=options.allow_private_urls)
    except FetchError as e:
        yield Item.rejected(url, "url", str(e))
        return
    ctype = got.content_type
    if any(t in ctype for t in ("rss", "atom", "/xml")) or looks_like_feed(got.content):
        kind = "feed"
    elif "html" in ctype:
        kind = "html"
    elif "json" in ctype:
        kind = "jsonl"
    elif ctype.startswith("text/plain"):
        kind = "txt"
    else:
        kind = sniff(got.content)
    yield from _read_bytes(got.content, kind=kind, input=url, doc_id=options.doc_id, options=options,
                           default_id=ids.for_url(got.url), url=got.url)


def _read_bytes(data: bytes, *, kind: str, input: str, doc_id: Optional[str], options: ReadOptions,
                default_id: Optional[str], url: Optional[str] = None) -> Iterator[Item]:
    if len(data) > options.max_bytes:
        yield Item.rejected(input, kind, f"too large: over the size limit of {options.max_bytes:,} bytes (--max-bytes)")
        return
    if kind == "feed":
        yield from read_feed(data, input=input, url=url)
        return
    if kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), input=input, max_bytes=options.max_bytes)
        return
    try:
        text, _encoding = decode_text(data)
    except UndecodableError as e:
        yield Item.rejected(input, kind, f"undecodable: {e}")
        return
    if kind == "html":
        item = read_html(text, input=input, kind="url" if url else "html",
                         doc_id=doc_id or default_id or ids.for_stdin(text), url=url)
    else:
        item_kind = "stdin" if input == "-" else ("url" if url else "txt")
        doc = Document(id=doc_id or default_id or ids.for_stdin(text), text=text, url=url,
                       input_kind=item_kind, origin=input)
        item = Item(input=input, kind=item_kind, document=doc)
    if item.document is not None and options.title:
        item.document.title = options.title
    yield item
