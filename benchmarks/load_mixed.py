#!/usr/bin/env python3
"""Mixed load on the web app: reads and ingests at once. `claimgraph serve` on loopback over a store of
synthetic statements (built as benchmarks/web_load.py builds it), then 50 concurrent clients for 60 s, each
request drawn at random: claim pages, /api/claims pages, documents, statements and search (reads), and
POST /api/ingest of a new article (write: store, extract and fuse, with the token). Prints requests,
server errors and latency percentiles (p50/p95/p99) per kind; exits 1 on any server error (HTTP 5xx) or
failed request.

Usage:
    python benchmarks/load_mixed.py                          # 20,000 statements, 50 clients, 60 s, 10% ingests
    python benchmarks/load_mixed.py --clients 10 --seconds 10 --statements 2000    # a quick look
    python benchmarks/load_mixed.py --json out/load_mixed.json                     # figures as JSON too
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402

from web_load import percentile, prepared_store, start_server  # noqa: E402

TOKEN = "load-mixed-token"
BODIES = ["The defence ministry", "Police", "The health ministry", "The mayor", "The electoral commission",
          "Rescue teams", "The central bank", "A government spokesman"]
EVENTS = ["{n} troops had crossed the river", "{n} people had been evacuated", "turnout had reached {n} percent",
          "{n} homes had lost power", "inflation had fallen to {n} percent", "{n} climbers had been found"]
PLACES = ["in the northern district", "near the border", "in the capital", "along the coast", "in the valley"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(rng: random.Random, k: int) -> str:
    """A short, new article (its number makes the text unique)."""
    said = f"{rng.choice(BODIES)} said on {rng.choice(DAYS)} that " \
           f"{rng.choice(EVENTS).format(n=rng.randrange(2, 9000))} {rng.choice(PLACES)}."
    other = f"{rng.choice(BODIES)} denied the report, according to a statement numbered {k}."
    return f"Update {k}\n{said}\n{other}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", type=int, default=20_000, help="synthetic statements in the store")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--ingest-share", type=float, default=0.1, help="share of requests that ingest an article")
    ap.add_argument("--db", help="store to use; built when it does not exist (default: a temporary one)")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    db, tmp = prepared_store(a.db, a.statements)
    import claimgraph

    with claimgraph.open(db) as cg:
        claim_ids = [r.id for r in cg.store.claim_page(limit=100_000)[0]]
        doc_ids = [d["id"] for d in cg.documents(limit=100_000)]
    print(f"store: {len(doc_ids):,} documents, {len(claim_ids):,} claims", flush=True)

    server, base = start_server(db, TOKEN, stderr=subprocess.PIPE)
    kinds = ["claim page", "/api/claims", "/api/documents/{id}", "/api/statements", "/api/search", "POST /api/ingest"]
    results: dict[str, list[float]] = {k: [] for k in kinds}
    server_errors: list[str] = []
    failures: list[str] = []
    statuses: dict[int, int] = {}
    try:
        # the first ingest loads the extraction model (a once-per-server cost): pay it before timing
        r = httpx.post(base + "/api/ingest", json={"text": article(random.Random(0), 0)},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
        assert r.status_code == 200, r.text
        lock = threading.Lock()
        counter = iter(range(1, 10 ** 9))
        started = time.perf_counter()
        stop = started + a.seconds

        def client(k: int) -> None:
            rng = random.Random(k)
            auth = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=base, timeout=300) as http:
                while time.perf_counter() < stop:
                    roll = rng.random()
                    if roll < a.ingest_share:
                        with lock:
                            n = next(counter)
                        kind, call = kinds[5], lambda: http.post("/api/ingest", headers=auth,
                                                                 json={"text": article(rng, n), "id": f"load-{n}"})
                    else:
                        pick = rng.randrange(5)
                        kind = kinds[pick]
                        url = [lambda: f"/claims/{rng.choice(claim_ids)}",
                               lambda: f"/api/claims?limit=50&offset={rng.randrange(max(1, len(claim_ids) - 50))}",
                               lambda: f"/api/documents/{rng.choice(doc_ids)}",
                               lambda: f"/api/statements?limit=50&offset={rng.randrange(1000)}",
                               lambda: f"/api/search?q={rng.choice(['troops', 'border', 'evacuated', 'inflation'])}",
                               ][pick]()
                        call = lambda url=url: http.get(url)  # noqa: E731
                    t0 = time.perf_counter()
                    try:
                        resp = call()
                        code = resp.status_code
                    except httpx.HTTPError as e:
                        with lock:
                            failures.append(f"{kind}: {type(e).__name__}: {e}")
                        continue
                    dt = time.perf_counter() - t0
                    with lock:
                        statuses[code] = statuses.get(code, 0) + 1
                        if code >= 500:
                            server_errors.append(f"{kind}: HTTP {code}: {resp.text[:200]}")
                        elif code == 200:
                            results[kind].append(dt)
                        else:
                            failures.append(f"{kind}: HTTP {code}: {resp.text[:200]}")

        threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            _, stderr = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            stderr = ""
    total = sum(len(v) for v in results.values())
    every = [x for v in results.values() for x in v]
    reads = [x for k, v in results.items() if not k.startswith("POST") for x in v]
    figures = {
        "clients": a.clients, "seconds": a.seconds, "elapsed": round(elapsed, 1), "ingest_share": a.ingest_share,
        "store_statements": a.statements, "requests_ok": total, "requests_per_second": round(total / elapsed, 1),
        "server_errors": len(server_errors), "failed_requests": len(failures), "statuses": statuses,
        "per_kind": {k: {"requests": len(v), "p50_ms": round(percentile(v, 50) * 1000, 1),
                         "p95_ms": round(percentile(v, 95) * 1000, 1), "p99_ms": round(percentile(v, 99) * 1000, 1),
                         "max_ms": round(max(v, default=0) * 1000, 1)} for k, v in results.items()},
        "reads": {"p50_ms": round(percentile(reads, 50) * 1000, 1), "p95_ms": round(percentile(reads, 95) * 1000, 1),
                  "p99_ms": round(percentile(reads, 99) * 1000, 1)},
        "all": {"p50_ms": round(percentile(every, 50) * 1000, 1), "p95_ms": round(percentile(every, 95) * 1000, 1),
                "p99_ms": round(percentile(every, 99) * 1000, 1)},
    }
    print(f"{a.clients} clients for {elapsed:.0f} s: {total:,} requests answered 200 ({total / elapsed:.0f}/s), "
          f"{len(server_errors)} server errors, {len(failures)} other failures; statuses {statuses}")
    print(f"{'':<22} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, f in figures["per_kind"].items():
        print(f"{kind:<22} {f['requests']:>9,} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} {f['p99_ms']:>8.1f} "
              f"{f['max_ms']:>8.1f}")
    for name in ("reads", "all"):
        f = figures[name]
        print(f"{name:<22} {'':>9} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} {f['p99_ms']:>8.1f}")
    for why in (server_errors + failures)[:10]:
        print("error:", why)
    if server_errors and stderr:
        print("server log (end):", stderr[-3000:])
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(figures, indent=1) + "\n")
    tmp.cleanup()
    return 1 if server_errors or failures else 0


if __name__ == "__main__":
    sys.exit(main())
