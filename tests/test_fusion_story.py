"""Fusion end to end on a small story written for the project (tests/fixtures/story): a briefing repeated
by five outlets, an outlet citing another, an estimate revised upward, a denial, an absence of evidence,
two independent confirmations. Asserts what a careful analyst would record."""
from __future__ import annotations

import json

import pytest

import claimgraph

STORY = "tests/fixtures/story/story.jsonl"


@pytest.fixture(scope="module")
def story(tmp_path_factory, request):
    db = str(tmp_path_factory.mktemp("story") / "story.db")
    with claimgraph.open(db) as cg:
        cg.ingest([request.config.rootpath / STORY])
        yield cg


def claim_with(cg, words: str) -> dict:
    found = [c for c in cg.claims() if words.lower() in c["summary"].lower()]
    assert found, f"no claim about {words!r}: {[c['summary'] for c in cg.claims()]}"
    return cg.claim(found[0]["id"])


def test_briefing_repeated_confirmed_and_denied(story):
    claim = claim_with(story, "training Russian drone crews")
    docs = {s["document_id"] for s in claim["statements"]}
    assert {"wire-a", "daily-b", "post-c", "times-d", "herald-e"} <= docs, "five outlets repeating one briefing"
    assert {"nis-h", "pentagon-i", "cite-j"} <= docs
    # the US briefing (five outlets, the Pentagon, 'US officials' cited by the Post) is one origin;
    # South Korea's NIS is a second; the Kremlin's denial a third
    assert set(claim["origin_source_ids"]) == {"src:gov-us", "src:gov-kr", "src:gov-ru"}
    assert claim["independent_origins"] == 3
    assert claim["status"] == "contested"
    kinds = {c["kind"] for c in claim["conflicts"]}
    assert {"denial", "polarity"} <= kinds
    denial = next(c for c in claim["conflicts"] if c["kind"] == "denial")
    assert "Kremlin" in denial["explanation"]
    cited = next(s for s in claim["statements"] if s["document_id"] == "cite-j")
    assert cited["origins"] == ["src:gov-us"], "an outlet citing US officials passes on the US government's claim"


def test_estimate_revised_upward(story):
    claim = claim_with(story, "drone instructors had arrived in Crimea")
    assert {s["document_id"] for s in claim["statements"]} == {"intel-f", "intel-g"}
    assert claim["origin_source_ids"] == ["src:gov-ua"] and claim["status"] == "single-source"
    [conflict] = [c for c in claim["conflicts"] if c["kind"] == "quantity"]
    earlier, later = conflict["statement_ids"]
    assert earlier.startswith("intel-f") and later.startswith("intel-g")
    assert "rose" in conflict["explanation"]
    series = claim["timeline"]["quantities"]
    assert [(q["date"], q["value"], q["qualifier"]) for q in series] == [
        ("2024-02-09", 50, "approximately"), ("2024-03-07", 200, "over")]


def test_said_on_from_the_cue(story):
    statements = {s["id"]: s for s in story.statements()}
    nis = next(s for s in statements.values() if s["document_id"] == "nis-h" and "training" in s["content"])
    assert nis["said_on"]["value"] == "2024-03-07"  # 'on Thursday' in an article of Thursday 7 March


def test_incremental_and_rebuild_agree_in_any_order(tmp_path, request):
    lines = (request.config.rootpath / STORY).read_text().splitlines()
    exports = []
    for order, name in ((lines, "forward"), (lines[::-1], "backward")):
        db = str(tmp_path / f"{name}.db")
        with claimgraph.open(db) as cg:
            for n, line in enumerate(order):  # one article at a time: the incremental path
                path = tmp_path / f"{name}-{n}.jsonl"
                path.write_text(line + "\n")
                cg.ingest([path])
            incremental = cg.export(include_text=False)
            cg.fuse(rebuild=True)
            rebuilt = cg.export(include_text=False)
        assert _claims(incremental) == _claims(rebuilt), f"{name}: incremental fusion differs from a rebuild"
        exports.append(rebuilt)
    assert _claims(exports[0]) == _claims(exports[1]), "the order of ingest changes the claims"


def _claims(export: dict):
    return sorted((c["id"], c["status"], c["independent_origins"], tuple(sorted(c["statement_ids"])))
                  for c in export["claims"]), sorted((c["kind"], tuple(c["statement_ids"])) for c in export["conflicts"])
