"""The registry of canonical sources across documents (claimgraph.fuse.sources)."""
from __future__ import annotations

import json
import random

import pytest

from claimgraph.fuse.sources import KnownSourcesError, MentionRef, Registry, is_named, known_bodies


def ref(sid, doc, text, name=None, kind="unknown", role=None, affiliation=None, slot="source"):
    return MentionRef(sid, slot, doc, {"text": text, "name": name or text, "kind": kind, "role": role,
                                       "affiliation": affiliation})


def build(refs):
    registry = Registry()
    ids = registry.build(refs)
    return registry, {k[0]: v for k, v in ids.items()}


def test_one_person_spelled_three_ways_in_three_documents():
    refs = [
        ref("d1.s0", "d1", "State Department deputy spokesperson Vedant Patel", "Vedant Patel", "person",
            "spokesperson", "State Department"),
        ref("d2.s0", "d2", "Vedant Patel", "Vedant Patel", "person"),
        ref("d3.s0", "d3", "Patel", "Patel", "person"),
    ]
    registry, ids = build(refs)
    assert ids["d1.s0"] == ids["d2.s0"] == ids["d3.s0"] == "src:vedant-patel"
    patel = registry.records["src:vedant-patel"]
    assert patel.name == "Vedant Patel" and patel.role == "spokesperson"
    assert patel.affiliation == "src:us-state-department" and patel.country == "US"
    assert registry.records["src:us-state-department"].affiliation == "src:gov-us"


def test_order_of_documents_does_not_change_ids():
    refs = [ref("a", "d1", "Patel", "Patel", "person"),
            ref("b", "d2", "Vedant Patel", "Vedant Patel", "person", "spokesperson", "US State Department"),
            ref("c", "d3", "U.S. Department of State"), ref("d", "d4", "Ukrainian officials", kind="government"),
            ref("e", "d5", "the Institute for the Study of War (ISW)", "Institute for the Study of War (ISW)"),
            ref("f", "d6", "ISW")]
    _, first = build(refs)
    shuffled = refs[:]
    random.Random(7).shuffle(shuffled)
    registry, second = build(shuffled)
    assert first == second
    assert first["c"] == "src:us-state-department"
    assert first["e"] == first["f"] == "src:isw"


def test_surname_shared_by_two_people_is_not_merged():
    refs = [ref("a", "d1", "Anna Berg", kind="person"), ref("b", "d2", "Tomas Berg", kind="person"),
            ref("c", "d3", "Berg", kind="person")]
    _, ids = build(refs)
    assert ids["c"] not in (ids["a"], ids["b"])


def test_country_bodies_speak_for_their_government():
    refs = [ref("a", "d1", "Ukrainian officials", kind="government"),
            ref("b", "d2", "Kyiv", kind="government"),
            ref("c", "d3", "Russian military", kind="military"),
            ref("d", "d4", "South Korean intelligence", kind="intelligence")]
    registry, ids = build(refs)
    assert ids["a"] == ids["b"] == "src:gov-ua"
    assert registry.records[ids["c"]].affiliation == "src:gov-ru"
    assert ids["d"] == "src:nis-kr" and registry.records["src:nis-kr"].affiliation == "src:gov-kr"


def test_anonymous_and_descriptions_stay_in_their_document():
    refs = [ref("a", "d1", "a senior Ukrainian official", kind="anonymous", affiliation="Ukrainian"),
            ref("b", "d2", "a senior Ukrainian official", kind="anonymous", affiliation="Ukrainian"),
            ref("c", "d1", "analysts"), ref("d", "d2", "analysts")]
    registry, ids = build(refs)
    assert ids["a"] != ids["b"] and ids["c"] != ids["d"]
    assert registry.records[ids["a"]].kind == "anonymous"
    assert registry.records[ids["a"]].affiliation == "src:gov-ua"


def test_is_named():
    assert is_named("Vedant Patel") and is_named("Democrats") and is_named("NATO")
    assert not is_named("analysts") and not is_named("His attorney") and not is_named("the governor")


def test_user_file_extends_known_sources(tmp_path, monkeypatch):
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"bodies": [{"id": "src:harbour-authority", "name": "Halden Bay Harbour Authority",
                                             "kind": "government", "country": "NO",
                                             "aliases": ["the harbour authority", "harbour authority"]}]}))
    monkeypatch.setenv("CLAIMGRAPH_SOURCES", str(extra))
    registry, ids = build([ref("a", "d1", "The harbour authority", kind="organization")])
    assert ids["a"] == "src:harbour-authority"
    assert "src:nis-kr" in known_bodies()[0], "the shipped table is still there"
    extra.write_text("{not json")
    monkeypatch.setenv("CLAIMGRAPH_SOURCES", str(extra) + ":")
    with pytest.raises(KnownSourcesError, match="mine.json"):
        known_bodies()
