"""JSONL: one document a line with `id` and `text`; optional url, title, publisher, published."""
from __future__ import annotations

import json
from typing import IO, Iterator

from claimgraph.ingest.items import Item
from claimgraph.model import Document

OPTIONAL_FIELDS = ("url", "title", "publisher", "published")


def read_jsonl(stream: IO[bytes], *, input: str, max_bytes: int) -> Iterator[Item]:
    """Read line by line (memory stays flat for big files: a line over the limit is skipped in chunks,
    never held whole); a bad line is rejected, the rest go on."""
    n = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        where = f"{input}#line {n}"
        if len(raw) > max_bytes:
            size = len(raw)
            while not raw.endswith(b"\n"):  # the rest of the long line
                raw = stream.readline(1 << 20)
                if not raw:
                    break
                size += len(raw)
            yield Item.rejected(where, "jsonl", f"line of {size:,} bytes is over the size limit of {max_bytes:,}")
            continue
        if not raw.strip():
            continue
        yield _line_item(raw, where)


def _line_item(raw: bytes, where: str) -> Item:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Item.rejected(where, "jsonl", f"malformed line: not UTF-8 (byte {e.start})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return Item.rejected(where, "jsonl", f"malformed line: invalid JSON ({e.msg} at column {e.colno})")
    except RecursionError:  # '[[[[...' nested deeper than the parser goes
        return Item.rejected(where, "jsonl", "malformed line: JSON nested too deeply")
    if not isinstance(record, dict):
        return Item.rejected(where, "jsonl", f"malformed line: a JSON {type(record).__name__}, not an object")
    doc_id, text = record.get("id"), record.get("text")
    if doc_id is None or (isinstance(doc_id, str) and not doc_id.strip()):
        return Item.rejected(where, "jsonl", "malformed line: no 'id'")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        return Item.rejected(where, "jsonl", "malformed line: 'id' must be a string or an integer")
    if text is None:
        return Item.rejected(where, "jsonl", "malformed line: no 'text'")
    if not isinstance(text, str):
        return Item.rejected(where, "jsonl", "malformed line: 'text' must be a string")
    meta = {}
    for field in OPTIONAL_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            return Item.rejected(where, "jsonl", f"malformed line: '{field}' must be a string or null")
        meta[field] = value or None
    doc = Document(id=str(doc_id), text=text, input_kind="jsonl", origin=where, **meta)
    return Item(input=where, kind="jsonl", document=doc)
