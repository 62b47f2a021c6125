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


def build_export(store, *, include_text: bool = True) -> dict:
    return {
        "schema": SCHEMA_ID,
        "generator": f"claimgraph {__version__}",
        "documents": [document_record(row, include_text) for row in store.iter_documents()],
        "sources": [],
        "statements": [],
        "claims": [],
        "conflicts": [],
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
