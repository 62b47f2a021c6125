"""WARC files (web archives such as Common Crawl's CC-NEWS), read record by record with warcio.

Every HTML response becomes a document with its target URI as url and, when the page states no
publication date, the record's WARC-Date (the crawl time) as its date. Every other record (requests,
metadata, warcinfo, revisits, images, PDFs, error pages...) is skipped and counted: one journal row per
file says how many of each kind. Records are streamed, so memory stays flat however large the file.
"""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from claimgraph.ingest import ids
from claimgraph.ingest.decode import UndecodableError, decode_text
from claimgraph.ingest.html import read_html
from claimgraph.ingest.items import Item

KIND = "warc"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def looks_like_warc(path: Path) -> bool:
    """A file without a WARC name whose first bytes (decompressed when gzipped) are a WARC header."""
    try:
        with path.open("rb") as f:
            head = f.read(4)
            f.seek(0)
            if head[:2] == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=f) as g:
                    head = g.read(5)
            else:
                head = f.read(5)
    except (OSError, EOFError, gzip.BadGzipFile):
        return False
    return head == b"WARC/"


def _content_type(record) -> str:
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:  # a 'resource' record: the payload's type is the record's own
        value = record.rec_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _charset(record) -> Optional[str]:
    value = (record.http_headers.get_header("Content-Type") or "") if record.http_headers is not None else ""
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip('"').lower()
    return None


def _decode(data: bytes, charset: Optional[str]) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)[0]


def read_warc(path: Path, *, max_bytes: int) -> Iterator[Item]:
    where = str(path)
    try:
        stream = path.open("rb")
    except OSError as e:
        yield Item.rejected(where, KIND, f"unreadable file: {e.strerror or e}")
        return
    with stream:
        yield from read_warc_stream(stream, input=where, max_bytes=max_bytes)


def read_warc_stream(stream: BinaryIO, *, input: str, max_bytes: int) -> Iterator[Item]:
    """Items from a WARC stream (plain or gzipped): one per HTML response, then one 'skipped' summary."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped: Counter = Counter()
    n = 0
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    if head and not (head.startswith((b"\x1f\x8b", b"WARC/", b"filedesc"))):
        yield Item.rejected(input, KIND, f"unreadable WARC: not a WARC file (it starts with {head[:8]!r})")
        return
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            n += 1
            rtype = record.rec_type
            if rtype not in ("response", "resource"):
                skipped[rtype or "unknown"] += 1
                continue
            ctype = _content_type(record)
            if ctype not in HTML_TYPES:
                skipped[f"{rtype} {ctype or 'without a type'}"] += 1
                continue
            status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
            if not str(status).startswith("2"):
                skipped[f"HTTP {status}"] += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or None
            crawled = record.rec_headers.get_header("WARC-Date") or None
            where = f"{input}#record {n}"
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Item.rejected(where, KIND, f"too large: the page is over the size limit of {max_bytes:,} "
                                                 "bytes (--max-bytes)")
                continue
            try:
                text = _decode(data, _charset(record))
            except UndecodableError as e:
                yield Item.rejected(where, KIND, f"undecodable: {e}")
                continue
            doc_id = ids.for_url(uri) if uri else "warc_" + ids.digest(f"{input}#{n}")
            item = read_html(text, input=where, kind=KIND, doc_id=doc_id, url=uri)
            if item.document is not None:
                item.document.url = uri or item.document.url
                item.document.origin = where
                if not item.document.published and crawled:
                    item.document.published = crawled
                    item.note = "publication date is the crawl time (WARC-Date): the page states none"
            yield item
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
        reason = f"unreadable WARC: {e}" if n == 0 else f"unreadable WARC after record {n}: {e}"
        yield Item.rejected(input, KIND, reason.strip())
    if skipped:
        total = sum(skipped.values())
        detail = ", ".join(f"{c} {k}" for k, c in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        yield Item.skipped_records(input, KIND, f"{total} WARC records skipped (not HTML responses): {detail}")
