"""`claimgraph batch`: extraction on Dask workers gives what `ingest` gives; failures are retried once and
journalled without stopping the batch; a stopped batch started again redoes nothing finished."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import claimgraph
from claimgraph.batch import BatchError, count_items, run_batch
from claimgraph.batch import worker
from claimgraph.present.cli import app

ARTICLES = [
    ("harbour-1", "2025-05-02", "Dock workers at the port of Linmouth will strike from Monday, the dockers' union said "
     "on Thursday. \"We have been patient for two years,\" union secretary Maria Okafor told reporters. The port "
     "authority said it expected ferries to keep running."),
    ("harbour-2", "2025-05-03", "The port authority of Linmouth said on Friday that ferries would run as normal during "
     "next week's strike. A spokesman, Tom Reyes, said about 300 managers had been trained to load vehicles. The "
     "union said the plan was unsafe."),
    ("water-1", "2025-05-04", "Residents of Carrow were told to boil tap water after a pipe burst on Saturday, the "
     "water company said. Engineers expected repairs to take three days, according to a statement from the "
     "company. The mayor, Ines Duarte, said bottled water would be handed out at the town hall."),
    ("school-1", "2025-05-05", "The education ministry said on Sunday that 40 schools in the northern district would "
     "close for a week because of flooding. Deputy minister Karl Brandt said pupils would be taught online. "
     "Parents' groups said many families had no internet at home."),
    ("rail-1", "2025-05-06", "Train services between Oldbury and Fenwick will resume on Wednesday, the rail operator "
     "announced. Signalling faults had halted trains since the weekend, a spokeswoman said. Passenger groups "
     "said compensation should be paid to season ticket holders."),
    ("market-1", "2025-05-07", "Stallholders at the Friday market said rents had doubled since the council sold the "
     "site, according to a survey by the traders' association. The council said the new owner had promised to "
     "keep the market open until at least 2027."),
]


def write_jsonl(path, articles=ARTICLES, extra_lines=()):
    lines = [json.dumps({"id": i, "text": t, "published": d, "publisher": "Coastal Herald"}) for i, d, t in articles]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n")
    return path


def statements_and_claims(cg):
    data = cg.export()
    statements = sorted((s["id"], s["content"], s["source"] if "source" in s else s.get("source_id"), s["claim_id"])
                        for s in data["statements"])
    claims = sorted((c["id"], tuple(c["statement_ids"]), c["independent_origins"]) for c in data["claims"])
    return statements, claims


def test_batch_on_two_worker_processes_matches_ingest(tmp_path):
    inputs = write_jsonl(tmp_path / "news.jsonl", extra_lines=[
        "{not json", json.dumps({"id": "harbour-1-copy", "text": ARTICLES[0][2]})])
    assert count_items([str(inputs)]) == 8
    db = str(tmp_path / "batch.db")
    result = CliRunner().invoke(app, ["batch", "--db", db, "--workers", "2", "--partition-size", "2", "--json",
                                      "--fuse-every", "3", str(inputs)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["workers"] == 2 and report["extracted"] == 6 and report["failed"] == {}
    assert report["accepted"] == 6 and report["duplicates"] == 1 and report["rejected"] == 1
    assert report["statements"] > 6 and report["fusion"]["rounds"] >= 2  # fused on the way, and at the end
    assert len(report["peak_memory_per_worker"]) == 2  # both workers took partitions
    assert all(100 * 2**20 < m < 1536 * 2**20 for m in report["peak_memory_per_worker"].values())
    with claimgraph.open(db) as batch_cg, claimgraph.open(str(tmp_path / "plain.db")) as plain_cg:
        plain_cg.ingest([inputs])
        assert statements_and_claims(batch_cg) == statements_and_claims(plain_cg)
        assert all(s["claim_id"] for s in batch_cg.statements())


FAILS_ONCE: set[str] = set()


def flaky_extract(docs):
    """Like the real worker, except 'water-1' fails on its first try and 'school-1' always fails."""
    answer = worker.extract_partition([d for d in docs if d[0] not in ("school-1",) and
                                       not (d[0] == "water-1" and "water-1" not in FAILS_ONCE)])
    for d in docs:
        if d[0] == "school-1":
            answer["results"].append({"id": d[0], "rows": [], "keys": {}, "error": "ValueError: parser exploded"})
        elif d[0] == "water-1" and "water-1" not in FAILS_ONCE:
            FAILS_ONCE.add("water-1")
            raise RuntimeError("worker lost")  # the whole task fails: every document of it is retried alone
    return answer


def test_failed_documents_are_retried_once_then_journalled(cg, tmp_path):
    FAILS_ONCE.clear()
    inputs = write_jsonl(tmp_path / "news.jsonl")
    report = run_batch(cg, [str(inputs)], workers=1, processes=False, partition_size=3, extract_fn=flaky_extract)
    assert report.extracted == 5 and set(report.failed) == {"school-1"}
    assert "parser exploded" in report.failed["school-1"]
    assert report.retried == 4  # the 3 documents of the failed task, and school-1 once more
    failed_rows = cg.journal(status="failed")
    assert [(r["document_id"], r["kind"]) for r in failed_rows] == [("school-1", "batch")]
    assert "extraction failed twice" in failed_rows[0]["reason"]
    assert {d["id"] for d in cg.documents()} == {a[0] for a in ARTICLES}  # the failed one is stored, not extracted
    assert cg.statements("water-1") and not cg.statements("school-1")
    # a later run picks up what failed, and only that
    again = run_batch(cg, [str(inputs)], workers=1, processes=False)
    assert again.extracted == 1 and again.already_extracted == 5 and again.failed == {}
    assert cg.statements("school-1")


class Stop(KeyboardInterrupt):
    pass


def test_stopped_batch_does_not_redo_finished_documents(cg, tmp_path):
    inputs = write_jsonl(tmp_path / "news.jsonl")

    def stop_after_two(progress):
        if progress.extracted >= 2:
            raise Stop()

    with pytest.raises(Stop):
        run_batch(cg, [str(inputs)], workers=1, processes=False, partition_size=2, in_flight=1,
                  on_progress=stop_after_two)
    with cg.store.engine.connect() as conn:
        first = dict(conn.exec_driver_sql("SELECT document_id, extracted_at FROM extractions").fetchall())
    assert 2 <= len(first) < len(ARTICLES)
    report = run_batch(cg, [str(inputs)], workers=1, processes=False, partition_size=2)
    assert report.already_extracted == len(first) and report.extracted == len(ARTICLES) - len(first)
    with cg.store.engine.connect() as conn:
        after = dict(conn.exec_driver_sql("SELECT document_id, extracted_at FROM extractions").fetchall())
    assert len(after) == len(ARTICLES)
    assert all(after[d] == first[d] for d in first), "finished documents were extracted again"
    statements = cg.statements()
    assert statements and all(s["claim_id"] for s in statements), "the restart fused what the stopped run left"


def test_unreachable_scheduler_is_a_clear_error(cg, tmp_path):
    inputs = write_jsonl(tmp_path / "news.jsonl", ARTICLES[:1])
    with pytest.raises(BatchError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_batch(cg, [str(inputs)], scheduler="tcp://127.0.0.1:9", connect_timeout=2)
    result = CliRunner().invoke(app, ["batch", "--db", str(tmp_path / "x.db"), "--published", "not a date",
                                      str(inputs)])
    assert result.exit_code == 2 and "--published" in result.output
