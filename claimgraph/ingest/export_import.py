"""Reading a claimgraph-export/1 file back into an empty store, so that a briefing can be re-made, or the
store queried, elsewhere: export -> import -> export gives the same file.

It lives with the other readers of input (ingest/): an import is input that arrives already extracted
and fused, so it goes straight to the store, checked first, and is journalled like any ingest (one
``accepted`` row per document, kind ``import``).

What the export does not carry is not invented: statements keep no source mentions or content terms (the
parse's by-products that extraction and fusion work from), so an imported store is for reading (claims,
timeline, report, export). To extract and fuse anew from its texts, run ``claimgraph extract --all`` and
``claimgraph fuse --rebuild`` on it.
"""
from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from claimgraph.ingest import dedup, ids

SCHEMA_ID = "claimgraph-export/1"
MAX_PROBLEMS = 8  # how many problems an error message lists

STANCES = {"asserts", "hedges", "denies", "recommends", "questions", "unknown"}
STATUSES = {"corroborated", "single-source", "contested", "denied", "unattributed"}
SOURCE_KINDS = {"person", "organization", "government", "intelligence", "military", "media", "anonymous",
                "document", "unknown"}
CONFLICT_KINDS = {"quantity", "polarity", "denial", "date", "place"}


class ImportFailed(Exception):
    """The file cannot be imported; the message names the file and every reason (up to a few)."""


@dataclass
class ImportReport:
    path: str
    run_id: str
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"path": self.path, "run_id": self.run_id, **self.counts}


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def add(self, where: str, why: str) -> None:
        self.problems.append(f"{where}: {why}")

    def raise_if_any(self) -> None:
        if self.problems:
            more = len(self.problems) - MAX_PROBLEMS
            lines = self.problems[:MAX_PROBLEMS] + ([f"... and {more} more"] if more > 0 else [])
            raise ImportFailed(f"{self.path} cannot be imported:\n  " + "\n  ".join(lines))

    def typed(self, rec: dict, where: str, key: str, kinds: tuple, required: bool = False) -> None:
        if key not in rec:
            if required:
                self.add(where, f"'{key}' is missing")
            return
        value = rec[key]
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            names = " or ".join("null" if k is type(None) else {str: "a string", int: "an integer",
                                "float": "a number", bool: "true/false", list: "a list", dict: "an object"}.get(k, k.__name__)
                                for k in kinds)
            self.add(where, f"'{key}' must be {names}, not {json.dumps(value)[:40]}")

    def span(self, rec: dict, where: str, key: str, text_len: Optional[int], nullable: bool) -> None:
        value = rec.get(key)
        if value is None:
            if not nullable:
                self.add(where, f"'{key}' is missing")
            return
        if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool)
                                                                      for v in value)):
            self.add(where, f"'{key}' must be [start, end]")
        elif not 0 <= value[0] <= value[1] or (text_len is not None and value[1] > text_len):
            self.add(where, f"'{key}' {value} is not a span of the document's text")


def read_export_file(path: str | Path) -> dict:
    p = Path(path)
    if not p.is_file():
        raise ImportFailed(f"{p}: no such file")
    try:
        with p.open("rb") as f:
            data = json.load(f)
    except UnicodeDecodeError as e:
        raise ImportFailed(f"{p} is not UTF-8 text ({e.reason} at byte {e.start})") from e
    except json.JSONDecodeError as e:
        raise ImportFailed(f"{p} is not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from e
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise ImportFailed(f"{p} is not a {SCHEMA_ID} file (its schema is {json.dumps(found)}); "
                           "make one with `claimgraph export --format json`")
    return data


def check(data: dict, path: str) -> None:
    """Every problem that would make the import wrong or lossy, as one ImportFailed."""
    c = _Checker(path)
    for table in ("documents", "sources", "statements", "claims", "conflicts"):
        if not isinstance(data.get(table), list):
            c.add(table, "missing, or not a list")
        elif not all(isinstance(r, dict) for r in data[table]):
            c.add(table, "every item must be an object")
    c.raise_if_any()

    def unique(table: str) -> set:
        seen, out = Counter(r.get("id") for r in data[table]), set()
        for n, rec in enumerate(data[table]):
            c.typed(rec, f"{table}[{n}]", "id", (str,), required=True)
        for i, k in seen.items():
            if isinstance(i, str):
                out.add(i)
                if k > 1:
                    c.add(table, f"id {i!r} occurs {k} times")
        return out

    doc_ids, source_ids, claim_ids = unique("documents"), unique("sources"), unique("claims")
    statement_ids = unique("statements")
    text_len: dict[str, int] = {}
    shas: Counter = Counter()
    earlier: set[str] = set()
    for n, d in enumerate(data["documents"]):
        where = f"documents[{n}] ({d.get('id')})"
        for key in ("url", "title", "publisher", "published", "language", "duplicate_of"):
            c.typed(d, where, key, (str, type(None)))
        if not isinstance(d.get("text"), str):
            c.add(where, "has no text: the export was made without texts, and an import needs them")
        else:
            text_len[d.get("id")] = len(d["text"])
            sha = ids.text_sha256(d["text"])
            shas[sha] += 1
            if d.get("text_sha256") not in (None, sha):
                c.add(where, "text_sha256 does not match its text (the file was edited or damaged)")
        if d.get("duplicate_of") and d["duplicate_of"] not in earlier:
            c.add(where, f"duplicate_of {d['duplicate_of']!r} is not a document listed before it")
        earlier.add(d.get("id"))
    for sha, k in shas.items():
        if k > 1:
            c.add("documents", f"{k} documents have the same text (sha256 {sha[:12]}...)")
    for n, s in enumerate(data["sources"]):
        where = f"sources[{n}] ({s.get('id')})"
        c.typed(s, where, "name", (str,), required=True)
        if s.get("kind") not in SOURCE_KINDS:
            c.add(where, f"kind {json.dumps(s.get('kind'))} is not one of {', '.join(sorted(SOURCE_KINDS))}")
        for key in ("role", "country", "affiliation"):
            c.typed(s, where, key, (str, type(None)))
        c.typed(s, where, "aliases", (list,))
        if s.get("affiliation") and s["affiliation"] not in source_ids:
            c.add(where, f"affiliation {s['affiliation']!r} is not a source in the file")
    claim_of: dict[str, Optional[str]] = {}
    for n, s in enumerate(data["statements"]):
        where = f"statements[{n}] ({s.get('id')})"
        c.typed(s, where, "content", (str,), required=True)
        if s.get("document_id") not in doc_ids:
            c.add(where, f"document_id {json.dumps(s.get('document_id'))} is not a document in the file")
        size = text_len.get(s.get("document_id"))
        c.span(s, where, "content_span", size, nullable=False)
        c.span(s, where, "source_span", size, nullable=True)
        c.span(s, where, "cue_span", size, nullable=True)
        if s.get("source_id") is not None and s["source_id"] not in source_ids:
            c.add(where, f"source_id {s['source_id']!r} is not a source in the file")
        for b in s.get("based_on") or []:
            if b not in source_ids:
                c.add(where, f"based_on {b!r} is not a source in the file")
        if s.get("claim_id") is not None and s["claim_id"] not in claim_ids:
            c.add(where, f"claim_id {s['claim_id']!r} is not a claim in the file")
        if s.get("stance", "unknown") not in STANCES:
            c.add(where, f"stance {json.dumps(s.get('stance'))} is not one of {', '.join(sorted(STANCES))}")
        for key in ("event_times", "based_on", "quantities", "places"):
            c.typed(s, where, key, (list,))
        c.typed(s, where, "said_on", (dict, type(None)))
        claim_of[s.get("id")] = s.get("claim_id")
    for n, cl in enumerate(data["claims"]):
        where = f"claims[{n}] ({cl.get('id')})"
        c.typed(cl, where, "summary", (str,), required=True)
        c.typed(cl, where, "independent_origins", (int,), required=True)
        c.typed(cl, where, "statement_ids", (list,), required=True)
        c.typed(cl, where, "origin_source_ids", (list,))
        if cl.get("status") not in STATUSES:
            c.add(where, f"status {json.dumps(cl.get('status'))} is not one of {', '.join(sorted(STATUSES))}")
        for sid in cl.get("statement_ids") or []:
            if sid not in statement_ids:
                c.add(where, f"statement {sid!r} is not in the file")
            elif claim_of.get(sid) != cl.get("id"):
                c.add(where, f"lists statement {sid!r}, whose claim_id is {json.dumps(claim_of.get(sid))}")
    for n, cf in enumerate(data["conflicts"]):
        where = f"conflicts[{n}] ({cf.get('id')})"
        if cf.get("kind") not in CONFLICT_KINDS:
            c.add(where, f"kind {json.dumps(cf.get('kind'))} is not one of {', '.join(sorted(CONFLICT_KINDS))}")
        c.typed(cf, where, "statement_ids", (list,), required=True)
        for sid in cf.get("statement_ids") or []:
            if sid not in statement_ids:
                c.add(where, f"statement {sid!r} is not in the file")
        linked = cf.get("claim_ids") or []
        if len(linked) > 1:
            c.add(where, "a conflict belongs to one claim (claim_ids has several)")
        for cid in linked:
            if cid not in claim_ids:
                c.add(where, f"claim {cid!r} is not in the file")
    c.raise_if_any()


def _span(rec: dict, key: str) -> tuple:
    value = rec.get(key)
    return (value[0], value[1]) if value else (None, None)


def import_export(store, path: str | Path, *,
                  on_document: Optional[Callable[[str], None]] = None) -> ImportReport:
    """Check ``path`` (claimgraph-export/1 with texts) and write it into ``store``, which must be empty."""
    from claimgraph.store.db import StoreError

    path = str(path)
    if not store.is_empty():
        raise StoreError(f"the store {store.display_url} is not empty: import into a new store (another --db)")
    data = read_export_file(path)
    check(data, path)
    run_id = uuid.uuid4().hex
    document_rows, fingerprints, journal_rows = [], {}, []
    for n, d in enumerate(data["documents"]):
        text = d["text"]
        document_rows.append({
            "id": d["id"], "url": d.get("url"), "title": d.get("title"), "publisher": d.get("publisher"),
            "published": d.get("published"), "author": None, "language": d.get("language"), "text": text,
            "text_sha256": ids.text_sha256(text), "duplicate_of": d.get("duplicate_of"), "similarity": None,
            "input_kind": "import", "origin": path, "word_count": len(text.split()),
            "ingested_at": _now()})
        fingerprints[d["id"]] = dedup.fingerprint(text)  # so later ingests still find near-duplicates
        journal_rows.append({"run_id": run_id, "input": f"{path}#document {n + 1}", "kind": "import",
                             "status": "accepted", "document_id": d["id"], "duplicate_of": d.get("duplicate_of"),
                             "reason": f"imported from {SCHEMA_ID}"})
        if on_document:
            on_document(d["id"])
    source_rows = [{"id": s["id"], "name": s["name"], "kind": s["kind"], "role": s.get("role"),
                    "affiliation": s.get("affiliation"), "country": s.get("country"),
                    "aliases": list(s.get("aliases") or [])} for s in data["sources"]]
    position: Counter = Counter()
    statement_rows = []
    per_document: dict[str, Counter] = {}
    for s in data["statements"]:
        doc_id = s["document_id"]
        src, cue, content = _span(s, "source_span"), _span(s, "cue_span"), _span(s, "content_span")
        extractor = s.get("extractor") or "imported"
        per_document.setdefault(doc_id, Counter())[extractor] += 1
        statement_rows.append({
            "id": s["id"], "document_id": doc_id, "position": position[doc_id], "source_id": s.get("source_id"),
            "source_text": s.get("source_text"), "source_start": src[0], "source_end": src[1],
            "cue": s.get("cue"), "cue_start": cue[0], "cue_end": cue[1], "content": s["content"],
            "content_start": content[0], "content_end": content[1], "direct_quote": bool(s.get("direct_quote")),
            "stance": s.get("stance") or "unknown", "negated": bool(s.get("negated")), "framing": s.get("framing"),
            "said_on": s.get("said_on"), "event_times": s.get("event_times") or [],
            "based_on": s.get("based_on") or [], "quantities": s.get("quantities") or [],
            "places": s.get("places") or [], "claim_id": s.get("claim_id"), "extractor": extractor,
            # not in the export: mentions and terms; an empty list of registry contributions marks the
            # statement as resolved, so that `fuse` keeps the imported sources
            "source_mention": None, "based_on_mentions": None, "source_records": [], "terms": None})
        position[doc_id] += 1
    overall = Counter(r["extractor"] for r in statement_rows).most_common(1)
    default_extractor = overall[0][0] if overall else "imported"
    extraction_rows = [{"document_id": d["id"], "statements": position[d["id"]],
                        "extractor": (per_document[d["id"]].most_common(1)[0][0] if d["id"] in per_document
                                      else default_extractor)} for d in data["documents"]]
    doc_of = {s["id"]: s["document_id"] for s in data["statements"]}
    claim_rows = [{"id": cl["id"], "summary": cl["summary"], "status": cl["status"],
                   "independent_origins": cl["independent_origins"],
                   "origin_source_ids": list(cl.get("origin_source_ids") or []),
                   "first_reported": cl.get("first_reported"), "statement_count": len(cl["statement_ids"]),
                   "document_count": len({doc_of[s] for s in cl["statement_ids"]})} for cl in data["claims"]]
    conflict_rows = [{"id": cf["id"], "kind": cf["kind"], "claim_id": (cf.get("claim_ids") or [None])[0],
                      "statement_ids": list(cf["statement_ids"]), "explanation": cf.get("explanation") or ""}
                     for cf in data["conflicts"]]
    store.load_records(document_rows=document_rows, fingerprints=fingerprints, source_rows=source_rows,
                       statement_rows=statement_rows, extraction_rows=extraction_rows, claim_rows=claim_rows,
                       conflict_rows=conflict_rows, journal_rows=journal_rows)
    return ImportReport(path=path, run_id=run_id, counts={
        "documents": len(document_rows), "sources": len(source_rows), "statements": len(statement_rows),
        "claims": len(claim_rows), "conflicts": len(conflict_rows)})


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)
