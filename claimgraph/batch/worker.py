"""What runs on a Dask worker: extraction of one partition of documents, nothing that touches the store.

The worker loads the spaCy pipeline once (claimgraph.extract.nlp keeps it per process) and returns plain
rows (``pipeline.extraction_rows``), so the client writes them with the same code as ``claimgraph ingest``.
"""
from __future__ import annotations

import os
import resource
import socket
import time
from typing import Optional

DocTuple = tuple[str, str, Optional[str], Optional[str]]  # id, text, published, publisher


def peak_rss() -> int:
    """Peak resident memory of this worker process so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def describe() -> dict:
    """Checked before a run: the worker can import claimgraph, and extracts with the same version."""
    from claimgraph import __version__
    from claimgraph.extract import EXTRACTOR_VERSION

    return {"claimgraph": __version__, "extractor": EXTRACTOR_VERSION, "host": socket.gethostname(),
            "pid": os.getpid()}


def _error(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:500]


def extract_partition(docs: list[DocTuple]) -> dict:
    """Extract a partition with one ``nlp.pipe``; a document that fails is reported, the others go on.

    Returns {"results": [{"id", "rows", "keys", "error"}], "worker": "host:pid", "peak_rss": bytes,
    "seconds": time spent extracting}.
    """
    from claimgraph.extract import EXTRACTOR_VERSION, extract_documents
    from claimgraph.pipeline import extraction_rows

    results = []
    started = time.perf_counter()
    try:
        for result in extract_documents(docs):
            rows, keys = extraction_rows(result, EXTRACTOR_VERSION)
            results.append({"id": result.document_id, "rows": rows, "keys": keys, "error": None})
    except Exception:  # noqa: BLE001 - one bad document: redo the rest one by one to find it
        done = {r["id"] for r in results}
        for doc in docs:
            if doc[0] in done:
                continue
            try:
                for result in extract_documents([doc]):
                    rows, keys = extraction_rows(result, EXTRACTOR_VERSION)
                    results.append({"id": result.document_id, "rows": rows, "keys": keys, "error": None})
            except Exception as e:  # noqa: BLE001
                results.append({"id": doc[0], "rows": [], "keys": {}, "error": _error(e)})
    return {"results": results, "worker": f"{socket.gethostname()}:{os.getpid()}", "peak_rss": peak_rss(),
            "seconds": time.perf_counter() - started}
