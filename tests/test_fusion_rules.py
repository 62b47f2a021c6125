"""Fusion rules on hand-made statement facts: grouping, origins, status, conflicts, timeline."""
from __future__ import annotations

import random

from claimgraph.fuse import claims as grouping
from claimgraph.fuse.conflicts import compatible, find, interval
from claimgraph.fuse.facts import StatementFacts
from claimgraph.fuse.origins import origins_of, status, top
from claimgraph.fuse.timeline import timeline

AFFILIATION = {"src:patel": "src:state", "src:state": "src:gov-us", "src:nis": "src:gov-kr",
               "src:hur": "src:gov-ua", "src:isw": None, "src:kremlin": "src:gov-ru", "src:gov-us": None}


def fact(id, doc, source, terms, *, stance="asserts", negated=False, based_on=(), quantities=(), date=None,
         places=(), publisher="Outlet", duplicate_of=None):
    root = duplicate_of or doc
    return StatementFacts(id=id, document_id=doc, root_document_id=root, publisher=publisher, published=date,
                          source_id=source, source_kind=None, stance=stance, negated=negated, content=" ".join(terms),
                          terms=frozenset(terms), places=frozenset(places), quantities=tuple(quantities),
                          said_on=date, origins=origins_of(source, list(based_on), root, publisher, AFFILIATION))


def q(value, qualifier="exact", unit="North Korean soldiers", text=None):
    return {"value": value, "qualifier": qualifier, "unit": unit, "text": text or f"{qualifier} {value}"}


TROOPS = ["North Korea", "troop", "deploy", "Kursk Oblast", "combat"]


def test_origin_is_top_of_speaking_for_and_citing_chains():
    assert top("src:patel", AFFILIATION) == "src:gov-us"
    assert origins_of("src:isw", ["src:hur"], "d1", None, AFFILIATION) == {"src:gov-ua"}
    assert origins_of(None, [], "d1", "Outlet", AFFILIATION) == {"doc:d1"}
    assert top("src:a", {"src:a": "src:b", "src:b": "src:a"}) in ("src:a", "src:b")  # cycles end


def test_briefing_repeated_by_five_outlets_is_one_origin():
    members = [fact(f"d{n}.s0", f"d{n}", "src:patel", TROOPS, date="2024-11-12") for n in range(5)]
    [claim] = grouping.group(members)
    assert len(claim) == 5
    assert set().union(*(s.origins for s in claim)) == {"src:gov-us"}
    assert status(claim) == "single-source"


def test_two_independent_confirmations_corroborate():
    members = [fact("a.s0", "a", "src:state", TROOPS), fact("b.s0", "b", "src:nis", TROOPS + ["engage"])]
    [claim] = grouping.group(members)
    assert status(claim) == "corroborated"


def test_copied_document_adds_no_origin():
    own = [fact("a.s0", "a", None, TROOPS), fact("b.s0", "b", None, TROOPS, duplicate_of="a")]
    [claim] = grouping.group(own)
    assert set().union(*(s.origins for s in claim)) == {"doc:a"}
    assert status(claim) == "unattributed"


def test_denial_joins_the_claim_it_denies_and_contests_it():
    members = [fact("a.s0", "a", "src:state", TROOPS),
               fact("b.s0", "b", "src:kremlin", ["North Korea", "troop", "deploy", "Kursk Oblast"], stance="denies")]
    [claim] = grouping.group(members)
    assert status(claim) == "contested"
    [conflict] = find("c", claim, {"src:state": "State Department", "src:kremlin": "Kremlin"})
    assert conflict.kind == "denial" and "Kremlin" in conflict.explanation


def test_absence_of_evidence_is_a_polarity_conflict():
    members = [fact("a.s0", "a", "src:nis", TROOPS),
               fact("b.s0", "b", "src:state", ["North Korea", "troop", "deploy", "Kursk Oblast", "see"], negated=True)]
    [claim] = grouping.group(members)
    kinds = [c.kind for c in find("c", claim, {})]
    assert kinds == ["polarity"]


def test_unrelated_statements_stay_apart():
    members = [fact("a.s0", "a", "src:state", TROOPS),
               fact("b.s0", "b", "src:nis", ["Bridge", "close", "lorry", "crack", "girder"])]
    assert len(grouping.group(members)) == 2


def test_quantity_intervals():
    assert compatible(q(10000, "over"), q(11000))
    assert not compatible(q(10000, "over"), q(3000))
    assert compatible(q(11000, "approximately"), q(10000, "over"))
    assert not compatible(q(3000, "exact"), q(4000, "exact"))
    assert interval({"value": None, "low": 3000, "high": 4000, "qualifier": "between"}) == (3000, 4000)


def test_estimate_revised_upward_is_a_conflict_in_time_order():
    early = fact("a.s0", "a", "src:hur", TROOPS, quantities=[q(3000, text="3,000")], date="2024-10-10")
    late = fact("b.s0", "b", "src:hur", TROOPS, quantities=[q(10000, "over", text="over 10,000")], date="2024-11-04")
    [claim] = grouping.group([late, early])
    [conflict] = find("c", claim, {"src:hur": "Ukrainian intelligence"})
    assert conflict.kind == "quantity"
    assert conflict.statement_ids == ["a.s0", "b.s0"]
    assert "rose" in conflict.explanation
    series = timeline(claim, {})["quantities"]
    assert [s["value"] for s in series] == [3000, 10000]


def test_grouping_does_not_depend_on_order():
    statements = [fact(f"d{n}.s{k}", f"d{n}", "src:state", random.Random(n * 7 + k).sample(
        ["North Korea", "troop", "Kursk Oblast", "combat", "deploy", "Russia", "artillery", "shell", "supply",
         "Moscow", "ammunition", "container"], 4)) for n in range(12) for k in range(3)]
    first = [[s.id for s in g] for g in grouping.group(statements)]
    shuffled = statements[:]
    random.Random(3).shuffle(shuffled)
    assert [[s.id for s in g] for g in grouping.group(shuffled)] == first
    assert grouping.claim_id(grouping.group(shuffled)[0]) == grouping.claim_id(grouping.group(statements)[0])


def test_a_claim_of_negated_contents_only_is_a_negative_proposition_not_a_denial():
    restrictions = ["Ukraine", "face", "restriction", "weapon"]
    alone = [fact("a.s0", "a", "src:state", restrictions, negated=True)]
    assert status(alone) == "single-source", "'Ukraine faces no new restrictions' is asserted, not denied"
    assert find("claim:x", alone, {}) == []
    both = [fact("b.s0", "b", "src:nis", TROOPS), fact("c.s0", "c", "src:state", TROOPS, negated=True)]
    assert status(both) == "contested", "an absence of evidence still speaks against a claim others make"
    assert [c.kind for c in find("claim:y", both, {})] == ["polarity"]
    denied = [fact("d.s0", "d", "src:kremlin", TROOPS, stance="denies")]
    assert status(denied) == "denied"


def test_summary_drops_the_unmatched_mark_of_a_cut_quotation():
    members = [fact("a.s0", "a", "src:state", TROOPS)]
    members[0] = StatementFacts(**{**members[0].__dict__, "content": "the troops\u201d are now engaged in combat"})
    assert grouping.summary(members) == "The troops are now engaged in combat"


def _with(f, **kw):
    return StatementFacts(**{**f.__dict__, **kw})


def test_date_and_place_conflicts_in_time_order():
    a = _with(fact("a.s0", "a", "src:hur", TROOPS, date="2024-11-02"), event_dates=("2024-10-28",),
              places=frozenset({"KP", "RU-KRS"}))
    b = _with(fact("b.s0", "b", "src:nis", TROOPS, date="2024-11-05"), event_dates=("2024-11-01",),
              places=frozenset({"KP", "RU-BEL"}))
    c = _with(fact("c.s0", "c", "src:state", TROOPS, date="2024-11-06"), event_dates=("2024-10-28",),
              places=frozenset({"RU-KRS", "RU-BEL"}))
    conflicts = {c_.kind: c_ for c_ in find("claim:z", [a, b, c], {"src:hur": "HUR", "src:nis": "NIS"})}
    assert set(conflicts) == {"date", "place"}
    assert conflicts["date"].statement_ids == ["a.s0", "b.s0"]
    assert "2024-10-28" in conflicts["date"].explanation and "2024-11-01" in conflicts["date"].explanation
    assert conflicts["place"].statement_ids == ["a.s0", "b.s0"], "c shares a region with both"
    same_day = [a, _with(b, event_dates=("2024-10-28",), places=frozenset({"RU-KRS"}))]
    assert find("claim:w", same_day, {}) == []
