"""PostgreSQL as a shared store: several writers at once (separate processes, as several users or workers
would be), and a batch into it. Every test here uses a fresh database on the local server (see conftest's
pg_url) and is skipped, saying why, when no server is reachable. `pytest --store=postgres` (or `both`)
also runs every test that uses the `cg` fixture on PostgreSQL."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import claimgraph
from claimgraph.batch import run_batch

SHARED_TEXT = ("The health ministry said on Monday that 120 new cases of measles had been recorded in the capital "
               "this month. \"Vaccination is the only protection,\" said the chief medical officer, Dr Lena Vogt.")

DESK_A = [
    ("desk-a-1", "Hospitals in the capital have postponed routine operations to free beds, the health ministry said "
     "on Tuesday. Doctors' union leader Pavel Novak said staff were exhausted."),
    ("desk-a-2", "The city council said schools would run vaccination clinics from next week. Parents will be asked "
     "for consent, council spokeswoman Maja Berg said."),
    ("desk-a-3", "Pharmacies reported a shortage of the vaccine on Wednesday, according to the pharmacists' "
     "association, which said deliveries were expected on Friday."),
]
DESK_B = [
    ("desk-b-1", "The health ministry said on Thursday that measles cases in the capital had risen to 150. Dr Lena "
     "Vogt said most of the children who fell ill had not been vaccinated."),
    ("desk-b-2", "A regional hospital in the north said it had opened an isolation ward, its director Anton Weber "
     "told local radio."),
    ("desk-b-3", "Opposition MPs said the government had cut the vaccination budget last year. The finance ministry "
     "denied that any cut had been made."),
]


def write_desk(path, shared_id, articles):
    lines = [json.dumps({"id": shared_id, "text": SHARED_TEXT, "published": "2025-02-03"})]
    lines += [json.dumps({"id": i, "text": t, "published": "2025-02-04"}) for i, t in articles]
    path.write_text("\n".join(lines) + "\n")
    return path


def grouping(cg):
    data = cg.export()
    statements = sorted((s["id"], s["content"]) for s in data["statements"])
    claims = sorted(sorted(c["statement_ids"]) for c in data["claims"])
    return statements, claims


def normalised(result):
    statements, claims = result
    same = lambda sid: sid.replace("measles-b.", "measles-a.")  # noqa: E731
    return sorted((same(i), c) for i, c in statements), sorted(sorted(same(i) for i in c) for c in claims)


def test_concurrent_writers_share_one_store(pg_url, tmp_path):
    desk_a = write_desk(tmp_path / "a.jsonl", "measles-a", DESK_A)
    desk_b = write_desk(tmp_path / "b.jsonl", "measles-b", DESK_B)
    with claimgraph.open(pg_url):
        pass  # create the schema once, before the writers race
    env = {**os.environ, "CLAIMGRAPH_DB": pg_url}
    writers = [subprocess.Popen([sys.executable, "-m", "claimgraph", "ingest", "--json", str(path)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for path in (desk_a, desk_b)]
    outputs = [w.communicate(timeout=300) for w in writers]
    for w, (out, errors) in zip(writers, outputs):
        assert w.returncode == 0, errors
    reports = [json.loads(out) for out, _ in outputs]
    # the article both desks sent is stored once: one writer accepted it, the other found it a duplicate
    assert sorted(r["accepted"] for r in reports) == [3, 4] and sorted(r["duplicates"] for r in reports) == [0, 1]
    with claimgraph.open(pg_url) as shared:
        assert len(shared.documents()) == 7
        statements = shared.statements()
        assert statements and all(s["claim_id"] for s in statements), "every statement fused into a claim"
        assert not shared.store.statements_without_source_fusion()
        concurrent = grouping(shared)
    with claimgraph.open(str(tmp_path / "one-by-one.db")) as alone:
        alone.ingest([desk_a])
        alone.ingest([desk_b])
        sequential = grouping(alone)
    # the same statements and claims as one writer after the other, whichever stored the shared article
    assert normalised(concurrent) == normalised(sequential)


def test_batch_into_postgres_matches_sqlite(pg_url, tmp_path):
    desk = write_desk(tmp_path / "a.jsonl", "measles-a", DESK_A + DESK_B)
    with claimgraph.open(pg_url) as pg:
        report = run_batch(pg, [str(desk)], workers=1, processes=False, partition_size=3)
        assert report.extracted == 7 and not report.failed
        on_pg = grouping(pg)
    with claimgraph.open(str(tmp_path / "lite.db")) as lite:
        run_batch(lite, [str(desk)], workers=1, processes=False, partition_size=3)
        assert grouping(lite) == on_pg
