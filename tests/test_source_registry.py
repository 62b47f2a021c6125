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


def test_title_standing_for_the_name_gives_way_to_the_name():
    refs = [ref("a", "d1", "the agency's director, Maria B. Jensen", "agency's director", "person", "director"),
            ref("b", "d2", "Jensen", kind="government"),  # the parser's guess of kind does not keep them apart
            ref("c", "d3", "Ms. Jensen", kind="person"),
            ref("d", "d4", "the F.B.I.", "F.B.I.", "government")]
    registry, ids = build(refs)
    assert ids["a"] == ids["b"] == ids["c"] == "src:maria-jensen"
    assert registry.records["src:maria-jensen"].role == "director"
    assert ids["d"] == "src:fbi"


def test_dateline_before_the_source_is_not_the_source():
    refs = [ref("a", "d1", "OSLO, March 3 (Reuters) \u2014 Former Justice Minister Jonas Ekberg", "OSLO", "government"),
            ref("b", "d2", "Jonas Ekberg", kind="person")]
    registry, ids = build(refs)
    assert ids["a"] == ids["b"] == "src:jonas-ekberg"
    assert not any(r.name == "OSLO" for r in registry.records.values())


def test_heads_of_government_speak_for_their_country_titles_are_no_body():
    refs = [ref("a", "d1", "Chancellor Karla Vogt of Germany", "Karla Vogt", "person", "chancellor", "Chancellor"),
            ref("b", "d2", "retired Army Lt. Gen. Paul Dorsey", "Paul Dorsey", "person", "general", "retired Army Lt"),
            ref("c", "d3", "a White House pool report", "White House pool report", "document")]
    registry, ids = build(refs)
    assert registry.records[ids["a"]].affiliation == "src:gov-de"
    assert registry.records[ids["b"]].affiliation is None
    assert not any(r.name in ("Chancellor", "retired Army Lt") for r in registry.records.values())
    assert registry.records[ids["c"]].country == "US", "the White House is not a town in Morocco"


def test_members_of_congress_speak_for_their_party_group():
    refs = [ref("a", "d1", "Rep. Anna Whitfield (R-Ohio)", "Anna Whitfield", "person", "representative", "Rep."),
            ref("b", "d2", "Senate Armed Services Committee Chairman Tom Brandt, a Republican", "Tom Brandt", "person", "chairman"),
            ref("c", "d3", "a few Republican lawmakers", "few Republican lawmakers"),
            ref("d", "d4", "Rep. Luis Ortega (D-Calif.)", "Luis Ortega", "person", "representative", "Rep."),
            ref("e", "d5", "Former Senator Ray Hollis", "Ray Hollis", "person", "senator"),
            ref("f", "d6", "Republican critics", kind="unknown")]
    registry, ids = build(refs)
    rec = registry.records
    assert rec[ids["a"]].affiliation == rec[ids["b"]].affiliation == ids["c"] == "src:us-congress-republicans"
    assert rec[ids["d"]].affiliation == "src:us-congress-democrats"
    assert rec[ids["e"]].affiliation is None, "a former member speaks for himself"
    assert ids["f"] != "src:us-congress-republicans", "party critics are not its members of Congress"


def test_a_campaign_speaks_for_its_candidate():
    refs = [ref("a", "d1", "Marta Lindqvist", kind="person"),
            ref("b", "d2", "the Lindqvist campaign", "Lindqvist campaign", "organization"),
            ref("c", "d3", "Lindqvist campaign spokesman Ed Pruitt", "Ed Pruitt", "person", "spokesperson",
                "Lindqvist campaign")]
    registry, ids = build(refs)
    assert registry.records[ids["b"]].affiliation == ids["a"] == "src:marta-lindqvist"
    assert registry.records[ids["c"]].affiliation == ids["b"]


def test_second_of_two_joined_sources_takes_nothing_from_the_first():
    text = "Estonian intelligence and later Western intelligence"
    registry, ids = build([ref("a", "d1", text, "Estonian intelligence", "intelligence"),
                           ref("b", "d1", text, "later Western intelligence", "intelligence")])
    western = registry.records[ids["b"]]
    assert western.name == "Western intelligence" and western.country is None
    assert registry.records[ids["a"]].country == "EE"


def test_an_aide_speaks_for_the_person_whose_aide_he_is_and_titles_name_no_body():
    refs = [ref("a", "d1", "Marta Lindqvist", kind="person"),
            ref("b", "d2", "Lindqvist\u2019s top foreign policy aide Ole Brun", "Ole Brun", "person", "aide",
                "Lindqvist\u2019s top foreign policy"),
            ref("c", "d3", "Lindqvist\u2019s former chief of staff Ida Holm", "Ida Holm", "person", "aide",
                "Lindqvist\u2019s former chief of staff"),
            ref("d", "d4", "a recommendation Attorney General Rui Costa", "Rui Costa", "person", "general",
                "recommendation Attorney")]
    registry, ids = build(refs)
    assert registry.records[ids["b"]].affiliation == ids["a"] == "src:marta-lindqvist"
    assert registry.records[ids["c"]].affiliation is None, "a former aide speaks for herself"
    assert registry.records[ids["d"]].affiliation is None
    assert not any("recommendation" in r.id for r in registry.records.values())


def test_a_party_group_wins_over_the_whole_congress_when_mentions_differ():
    refs = [ref("a", "d1", "Rep. Anna Whitfield", "Anna Whitfield", "person", "representative", "Rep."),
            ref("b", "d2", "Rep. Anna Whitfield (R-Ohio)", "Anna Whitfield", "person", "representative", "Rep.")]
    registry, ids = build(refs)
    assert registry.records[ids["a"]].affiliation == "src:us-congress-republicans"
