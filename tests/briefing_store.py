"""The small corpus written for the report and export tests (tests/fixtures/briefing/corpus.jsonl), ingested
once per test run into a temporary store that the tests only read.

The corpus: an interior-ministry briefing on closed border crossings repeated by four outlets (one a
syndicated copy) and confirmed by a second government; an intelligence estimate of troops revised from
about 2,000 to more than 6,000 on another date, then repeated by a think tank citing that intelligence;
a defence ministry's denial; a direct quote.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import claimgraph

CORPUS = Path(__file__).parent / "fixtures" / "briefing" / "corpus.jsonl"
_store: dict[str, str] = {}


def briefing_db() -> str:
    """Path of a SQLite store holding the corpus, ingested (extracted and fused) on first use."""
    if "db" not in _store:
        folder = tempfile.mkdtemp(prefix="claimgraph-briefing-")
        atexit.register(shutil.rmtree, folder, True)
        db = str(Path(folder) / "briefing.db")
        with claimgraph.open(db) as cg:
            report = cg.ingest([CORPUS])
        assert report.accepted == 8, report.as_dict()
        _store["db"] = db
    return _store["db"]
