#!/usr/bin/env python3
"""Load on the web app: a store of 100,000 synthetic statements (documents, sources and claims fused as
ingest would), `claimgraph serve` on loopback, and 20 concurrent clients for 30 s asking for claim pages
and /api/claims pages. Prints requests, errors and latency percentiles per kind; exits 1 on any error.

Statements come from benchmarks/fuse_scale.py's synthetic events (Zipf-like claim sizes, quantities,
denials, source mentions); each document's text is its statements' contents, so spans and sentences are
real. Usage:
    python benchmarks/web_load.py                      # 100,000 statements, 20 clients, 30 s
    python benchmarks/web_load.py --statements 20000 --seconds 10 --db /tmp/load.db   # keep the store
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402


def build_store(db: str, n: int) -> None:
    """Write n synthetic statements with their documents, then fuse sources and claims in full."""
    import claimgraph
    from claimgraph.fuse import claims as grouping
    from claimgraph.fuse import engine
    from claimgraph.fuse.source_fusion import rebuild_sources
    from claimgraph.store.tables import documents, statement_keys, statements
    from fuse_scale import make_statements, mention_for

    rng = random.Random(5)
    facts = make_statements(n, seed=4)
    by_doc: dict[str, list] = {}
    for f in facts:
        by_doc.setdefault(f.document_id, []).append(f)
    doc_rows, st_rows, key_rows = [], [], []
    for doc_id, members in by_doc.items():
        parts, spans, at = [], [], 0
        for f in members:
            sentence = f"{f.content[:1].upper()}{f.content[1:]}, officials said."
            spans.append((at, at + len(f.content)))
            parts.append(sentence)
            at += len(sentence) + 1
        text = " ".join(parts)
        published = members[0].published
        doc_rows.append({"id": doc_id, "text": text, "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                         "title": f"Report {doc_id}", "publisher": members[0].publisher, "published": published,
                         "language": "en", "word_count": len(text.split()), "ingested_at": datetime.now(timezone.utc)})
        for f, (a, b) in zip(members, spans):
            st_rows.append({"id": f.id, "document_id": doc_id, "position": int(f.id.rsplit("s", 1)[1]),
                            "content": text[a:b], "content_start": a, "content_end": b, "direct_quote": False,
                            "stance": f.stance, "negated": f.negated, "event_times": [], "based_on": [],
                            "said_on": {"value": published, "granularity": "day", "text": None},
                            "source_mention": mention_for(f, rng), "based_on_mentions": [],
                            "quantities": list(f.quantities), "places": [{"code": c} for c in f.places],
                            "terms": sorted(f.terms), "extractor": "synthetic"})
            key_rows.extend({"key": k, "statement_id": f.id} for k in sorted(grouping.blocking_keys(f)))
    with claimgraph.open(db) as cg:
        with cg.store.engine.begin() as conn:
            for table, rows in ((documents, doc_rows), (statements, st_rows), (statement_keys, key_rows)):
                for i in range(0, len(rows), 5000):
                    conn.execute(table.insert(), rows[i:i + 5000])
        rebuild_sources(cg.store)
        engine.rebuild(cg.store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepared_store(db: str | None, statements: int) -> tuple[str, tempfile.TemporaryDirectory]:
    """The store to load: ``db`` if given (built there when it does not exist), else a temporary one;
    returns its path and the temporary directory to clean up."""
    tmp = tempfile.TemporaryDirectory()
    db = db or str(Path(tmp.name) / "load.db")
    if not Path(db).exists():
        t0 = time.perf_counter()
        build_store(db, statements)
        print(f"built {db}: {statements:,} statements in {time.perf_counter() - t0:.0f} s", flush=True)
    return db, tmp


def start_server(db: str, token: str, stderr=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """`claimgraph serve` on a free loopback port, once it answers: the process and its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "CLAIMGRAPH_TOKEN": token},
                              cwd=str(ROOT), text=True)
    for _ in range(300):
        try:
            httpx.get(base + "/api/documents?limit=1", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--db", help="store to use; built when it does not exist (default: a temporary one)")
    a = ap.parse_args()
    db, tmp = prepared_store(a.db, a.statements)
    import claimgraph

    with claimgraph.open(db) as cg:
        counts = cg.store.table_counts()
        claim_ids = [r.id for r in cg.store.claim_page(limit=100_000)[0]]
    print("store: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)

    server, base = start_server(db, "load-test")
    try:
        results: dict[str, list[float]] = {"claim page": [], "/api/claims": []}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.perf_counter() + a.seconds
        n_claims = len(claim_ids)

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=30) as http:
                while time.perf_counter() < stop:
                    if rng.random() < 0.5:
                        kind, url = "claim page", f"/claims/{rng.choice(claim_ids)}"
                    else:
                        kind = "/api/claims"
                        url = f"/api/claims?limit=50&offset={rng.randrange(max(1, n_claims - 50))}"
                    t0 = time.perf_counter()
                    try:
                        r = http.get(url)
                        ok = r.status_code == 200
                        why = f"{url}: HTTP {r.status_code}"
                    except httpx.HTTPError as e:
                        ok, why = False, f"{url}: {type(e).__name__}"
                    dt = time.perf_counter() - t0
                    with lock:
                        (results[kind] if ok else errors).append(dt if ok else why)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in results.values())
    print(f"{a.clients} clients for {a.seconds:g} s: {total:,} requests ({total / a.seconds:.0f}/s), "
          f"{len(errors)} errors")
    print(f"{'':<12} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, v in results.items():
        print(f"{kind:<12} {len(v):>9,} {percentile(v, 50) * 1000:>8.1f} {percentile(v, 95) * 1000:>8.1f} "
              f"{percentile(v, 99) * 1000:>8.1f} {max(v, default=0) * 1000:>8.1f}")
    every = [x for v in results.values() for x in v]
    print(f"p95 over all requests: {percentile(every, 95) * 1000:.1f} ms (target under 150 ms)")
    for why in errors[:5]:
        print("error:", why)
    tmp.cleanup()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
