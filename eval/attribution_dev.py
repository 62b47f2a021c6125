#!/usr/bin/env python3
"""Measure the attribution extractor without the store.

Runs ``claimgraph.extract`` over a JSONL of documents (default: PolNeAR dev), writes a minimal
claimgraph-export/1 JSON (documents, statements, sources; no claims or conflicts) and scores it with
``../shared/eval/score_attribution.py``; with ``--news GOLD.json`` it scores with ``score_news.py``
instead (e.g. on ``seed/seed.jsonl`` with ``eval/seed_gold.json``).

    python eval/attribution_dev.py
    python eval/attribution_dev.py --input ../shared/seed/seed.jsonl --news ../shared/eval/seed_gold.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
SHARED = os.environ.get("CLAIMGRAPH_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def build_export(rows, statements_by_doc) -> dict:
    from claimgraph.extract import EXTRACTOR_VERSION

    sources: dict[tuple, dict] = {}
    documents, statements = [], []
    for row in rows:
        doc_id = row["id"]
        documents.append({"id": doc_id, "text_sha256": hashlib.sha256(row["text"].encode("utf-8")).hexdigest(),
                          "publisher": row.get("publisher"), "published": row.get("published"),
                          "title": row.get("title"), "language": "en"})
        for k, st in enumerate(statements_by_doc.get(doc_id, [])):
            sid = None
            if st.source is not None:
                key = (doc_id, st.source.name, st.source.kind)
                if key not in sources:
                    sources[key] = {"id": f"src{len(sources) + 1}", "name": st.source.name,
                                    "kind": st.source.kind, "role": st.source.role, "affiliation": None,
                                    "aliases": [st.source.text] if st.source.text != st.source.name else []}
                sid = sources[key]["id"]
            based = []
            for b in st.based_on:
                key = (doc_id, b.name, b.kind)
                if key not in sources:
                    sources[key] = {"id": f"src{len(sources) + 1}", "name": b.name, "kind": b.kind,
                                    "role": b.role, "affiliation": None, "aliases": []}
                based.append(sources[key]["id"])
            statements.append({
                "id": f"{doc_id}#s{k + 1}", "document_id": doc_id, "source_id": sid,
                "source_text": st.source.text if st.source else None,
                "source_span": list(st.source.span) if st.source and st.source.span else None,
                "cue": st.cue, "cue_span": list(st.cue_span) if st.cue_span else None,
                "content": st.content, "content_span": list(st.content_span),
                "direct_quote": st.direct_quote, "stance": st.stance, "negated": st.negated,
                "framing": st.framing, "said_on": None, "event_times": [], "based_on": based,
                "quantities": [], "places": [], "claim_id": None})
    return {"schema": "claimgraph-export/1", "generator": f"claimgraph eval ({EXTRACTOR_VERSION})",
            "documents": documents, "sources": list(sources.values()), "statements": statements,
            "claims": [], "conflicts": []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default=os.path.join(SHARED, "data", "polnear", "dev.jsonl"))
    ap.add_argument("--out", default=os.path.join("/tmp", "claimgraph_attribution_export.json"))
    ap.add_argument("--news", help="claimgraph-gold/1 file: score with score_news.py instead")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show-misses", action="store_true")
    a = ap.parse_args()

    from claimgraph.extract import extract_many

    rows = [json.loads(line) for line in open(a.input, encoding="utf-8") if line.strip()]
    if a.limit:
        rows = rows[:a.limit]
    t0 = time.time()
    by_doc = {}
    for doc_id, sts in extract_many(((r["id"], r["text"], r.get("published"), r.get("publisher")) for r in rows),
                                    n_process=a.workers):
        by_doc[doc_id] = sts
    dt = time.time() - t0
    words = sum(len(r["text"].split()) for r in rows)
    exp = build_export(rows, by_doc)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)
    print(f"{len(rows)} documents, {len(exp['statements'])} statements, {words / dt:.0f} words/s -> {a.out}")
    scorer = os.path.join(SHARED, "eval", "score_news.py" if a.news else "score_attribution.py")
    args = [sys.executable, scorer] + ([a.news, a.out] if a.news else [a.input, a.out, "--only-docs-in-export"])
    if a.news and a.show_misses:
        args.append("--show-misses")
    return subprocess.call(args)


if __name__ == "__main__":
    sys.exit(main())
