#!/usr/bin/env python3
"""Throughput of full extraction against bare spaCy parsing, on the same texts, in one run.

Reads PolNeAR train texts from ../shared (or $CLAIMGRAPH_SHARED) until at least ``--words`` words
(default 200,000), then times

* bare ``nlp.pipe`` with the pipeline extraction uses (``claimgraph.extract.nlp.get_nlp``), and
* full extraction, ``claimgraph.extract.extract_many`` (parse + attribution + sources + stance),

both with ``n_process=--workers``, and prints words/s of each and their ratio (extraction / bare).

    python benchmarks/extract_speed.py [--workers 2] [--words 200000]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
SHARED = os.environ.get("CLAIMGRAPH_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def load_texts(path: str, min_words: int) -> list[dict]:
    rows, words = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            rows.append(r)
            words += len(r["text"].split())
            if words >= min_words:
                break
    if words < min_words:
        raise SystemExit(f"only {words} words in {path}, {min_words} asked")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default=os.path.join(SHARED, "data", "polnear", "train.jsonl"))
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=1, help="processes for both runs (n_process)")
    ap.add_argument("--batch-size", type=int, default=32)
    a = ap.parse_args()

    from claimgraph.extract import extract_many
    from claimgraph.extract.attribution import get_models
    from claimgraph.extract.nlp import get_nlp

    rows = load_texts(a.input, a.words)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    nlp = get_nlp()
    get_models()
    list(nlp.pipe(texts[:2]))  # warm up
    from claimgraph.extract.places import gazetteer

    gazetteer()  # built once per process (a few seconds); not a per-document cost

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=a.workers, batch_size=a.batch_size):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_st = 0
    for _, sts in extract_many(((r["id"], r["text"], r.get("published"), r.get("publisher")) for r in rows),
                               n_process=a.workers, batch_size=a.batch_size):
        n_st += len(sts)
    full = time.perf_counter() - t0

    from claimgraph.extract import extract_documents

    t0 = time.perf_counter()
    for _ in extract_documents(((r["id"], r["text"], r.get("published"), r.get("publisher")) for r in rows),
                               n_process=a.workers, batch_size=a.batch_size):
        pass
    normalised = time.perf_counter() - t0

    print(f"{len(rows)} documents, {words} words, workers {a.workers}")
    print(f"bare spaCy nlp.pipe:  {words / bare:8.0f} words/s ({bare:.1f}s)")
    print(f"full extraction:      {words / full:8.0f} words/s ({full:.1f}s, {n_st} statements)")
    print(f"ratio extraction/bare: {bare / full:.2f}")
    print(f"with normalisers:     {words / normalised:8.0f} words/s ({normalised:.1f}s): times, quantities, "
          f"places, said_on, terms")
    print(f"normalisers add {100 * (normalised - full) / full:.1f}% to extraction time; "
          f"ratio to bare spaCy {bare / normalised:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
