"""The claimgraph-export/1 JSON (../shared/schema/export.schema.json): every object in a store."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from claimgraph import __version__

SCHEMA_ID = "claimgraph-export/1"


def document_record(row, include_text: bool = True) -> dict:
    rec = {
        "id": row.id, "url": row.url, "title": row.title, "publisher": row.publisher,
        "published": row.published, "language": row.language, "text_sha256": row.text_sha256,
        "duplicate_of": row.duplicate_of,
    }
    if include_text:
        rec["text"] = row.text  # not required by the schema; makes the export self-contained
    return rec


def _span(start, end):
    return [start, end] if start is not None and end is not None else None


def statement_record(row) -> dict:
    return {
        "id": row.id, "document_id": row.document_id, "source_id": row.source_id, "source_text": row.source_text,
        "source_span": _span(row.source_start, row.source_end), "cue": row.cue,
        "cue_span": _span(row.cue_start, row.cue_end), "content": row.content,
        "content_span": [row.content_start, row.content_end], "direct_quote": bool(row.direct_quote),
        "stance": row.stance, "negated": bool(row.negated), "framing": row.framing, "said_on": row.said_on,
        "event_times": row.event_times or [], "based_on": row.based_on or [], "quantities": row.quantities or [],
        "places": row.places or [], "claim_id": row.claim_id, "extractor": row.extractor,
    }


def source_record(row) -> dict:
    return {"id": row.id, "name": row.name, "kind": row.kind, "role": row.role, "affiliation": row.affiliation,
            "country": row.country, "aliases": row.aliases or []}


def claim_records(store, ids=None, status=None) -> list[dict]:
    members: dict[str, list[str]] = {}
    for row in store.statement_rows():
        if row.claim_id:
            members.setdefault(row.claim_id, []).append(row.id)
    return [{"id": c.id, "summary": c.summary, "statement_ids": members.get(c.id, []),
             "origin_source_ids": c.origin_source_ids or [], "independent_origins": c.independent_origins,
             "first_reported": c.first_reported, "status": c.status}
            for c in store.claim_rows(ids=ids, status=status)]


def conflict_record(row) -> dict:
    return {"id": row.id, "kind": row.kind, "statement_ids": row.statement_ids, "claim_ids": [row.claim_id],
            "explanation": row.explanation}


def build_export(store, *, include_text: bool = True) -> dict:
    return {
        "schema": SCHEMA_ID,
        "generator": f"claimgraph {__version__}",
        "documents": [document_record(row, include_text) for row in store.iter_documents()],
        "sources": [source_record(row) for row in store.source_rows()],
        "statements": [statement_record(row) for row in store.statement_rows()],
        "claims": claim_records(store),
        "conflicts": [conflict_record(row) for row in store.conflict_rows()],
    }


def write_json(data: dict, path: str | Path) -> None:
    """Write atomically: a crash never leaves a half-written export where a good one was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
