"""Concurrent use of one SQLite store: `claimgraph serve` answers API reads while another process ingests
article after article into the same file (each ingest stores, extracts and fuses, so claims are rewritten
again and again). Readers must never get a server error nor see a half-written document (some of its
statements) or claim (a claim whose statements, count and origins disagree)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

import claimgraph

TOKEN = "concurrent-test-token-0123456789"
OUTLETS = ["Harbour Times", "Valley Courier", "Northern Gazette", "Coast Daily", "River Post", "Plains Herald"]
STORIES = [
    "The defence ministry said on {day} that {n} troops had crossed into the northern district.\n"
    "A spokesman for the regional governor denied that any soldiers had entered the district.\n",
    "Health officials said on {day} that {n} people had been taken to hospital after the chemical leak.\n"
    "The factory's owner said the leak had been contained within an hour.\n",
    "The electoral commission said on {day} that turnout had reached {n} percent by noon.\n"
    "Opposition leaders said the figure was inflated and called for observers to be admitted.\n",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


def write_corpus(root: Path) -> list[Path]:
    files = []
    for i in range(12):
        story = STORIES[i % len(STORIES)]
        text = story.format(day=DAYS[i % len(DAYS)], n=[300, 450, 3000, 41, 38, 5000][i % 6] + i)
        path = root / f"a{i:02d}.txt"
        path.write_text(f"{OUTLETS[i % len(OUTLETS)]} report.\n" + text, encoding="utf-8")
        files.append(path)
    return files


WRITER = """
import sys, claimgraph
db, files = sys.argv[1], sys.argv[2:]
with claimgraph.open(db) as cg:
    for f in files:  # one run per article: each stores, extracts and fuses, rewriting claims as they grow
        report = cg.ingest([f], publisher=None)
        assert report.accepted == 1, report
print("done", flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    db = str(tmp_path / "shared.db")
    with claimgraph.open(db, max_seconds=0) as cg:  # the first article, so that there is something to read
        pass
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CLAIMGRAPH_TOKEN": TOKEN})
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/documents", timeout=5)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("claimgraph serve did not start: " + proc.stderr.read())
    yield db, base
    proc.terminate()
    proc.wait(timeout=20)


def check_claim(c: dict) -> None:
    """A claim as the API shows it must agree with itself."""
    ids = [s["id"] for s in c["statements"]]
    assert sorted(ids) == sorted(c["statement_ids"]), c["id"]
    assert c["statement_count"] == len(ids), c["id"]
    assert c["document_count"] == len({s["document_id"] for s in c["statements"]}), c["id"]
    assert c["independent_origins"] == len(c["origin_source_ids"]) == len(c["origins"]), c["id"]
    seen_origins = set().union(*(s["origins"] for s in c["statements"])) if c["statements"] else set()
    assert seen_origins == set(c["origin_source_ids"]), c["id"]


def test_readers_never_see_half_written_documents_or_claims(served, tmp_path):
    db, base = served
    files = write_corpus(tmp_path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db, *map(str, files)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen_docs: dict[str, set] = {}
    problems: list[str] = []
    counts = {"requests": 0, "claims_checked": 0, "documents_checked": 0}
    lock = threading.Lock()

    def reader(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while writer.poll() is None:
                try:
                    docs = client.get("/api/documents", params={"limit": 500})
                    claims = client.get("/api/claims", params={"limit": 500})
                    got = [docs, claims]
                    for d in docs.json()["items"][n::4]:
                        r = client.get(f"/api/documents/{d['id']}")
                        got.append(r)
                        if r.status_code == 200:
                            body = r.json()
                            with lock:
                                seen_docs.setdefault(d["id"], set()).add(
                                    tuple((s["id"], s["content"]) for s in body["statements"]))
                                counts["documents_checked"] += 1
                    for c in claims.json()["items"][n::4]:
                        r = client.get(f"/api/claims/{c['id']}")
                        got.append(r)
                        if r.status_code == 200:
                            try:
                                check_claim(r.json())
                            except AssertionError as e:
                                problems.append(f"half-written claim {e}")
                            with lock:
                                counts["claims_checked"] += 1
                    for r in got:
                        if r.status_code >= 500:
                            problems.append(f"{r.status_code} on {r.request.url}: {r.text[:200]}")
                        elif r.status_code not in (200, 404):
                            problems.append(f"unexpected {r.status_code} on {r.request.url}")
                    with lock:
                        counts["requests"] += len(got)
                except httpx.HTTPError as e:
                    problems.append(f"request failed: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    out, err = writer.communicate(timeout=600)
    for t in threads:
        t.join(timeout=120)
    assert writer.returncode == 0, err[-2000:]
    assert not problems, problems[:10]
    assert counts["claims_checked"] > 20 and counts["documents_checked"] > 20, counts
    output = Path(os.environ.get("CLAIMGRAPH_TEST_OUTPUT", Path(__file__).parent.parent / "out" / "test-output"))
    output.mkdir(parents=True, exist_ok=True)
    (output / "concurrent_use.json").write_text(json.dumps({**counts, "articles_written": len(files)}) + "\n")
    # every document read while the writer ran showed none of its statements (not extracted yet) or all
    with claimgraph.open(db, max_seconds=0) as cg:
        final = {d["id"]: tuple((s["id"], s["content"]) for s in cg.statements(document_id=d["id"]))
                 for d in cg.documents()}
    assert len(final) == len(files)
    for doc_id, views in seen_docs.items():
        assert views <= {(), final[doc_id]}, f"{doc_id} was seen half-written: {views}"
    # and after the writer: every claim agrees with itself
    with httpx.Client(base_url=base, timeout=60) as client:
        for c in client.get("/api/claims", params={"limit": 500}).json()["items"]:
            check_claim(client.get(f"/api/claims/{c['id']}").json())
