"""Conflicts inside a claim: statements that cannot both hold, explained in words, in time order.

- quantity: numbers for the same thing whose ranges do not meet ("over 10,000" meets "11,000", not "3,000");
- denial: a source denies what another asserts;
- polarity: a content says the opposite of another (negated, or "no evidence of" / "not seen");
- date: statements put the claim on different days; place: in different regions (ISO 3166-2), none shared;
Denial and polarity need two origins; incompatible figures conflict even from one origin (an estimate
revised from 3,000 to 10,000), always stated in time order.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Optional

from claimgraph.fuse.facts import StatementFacts
from claimgraph.fuse.origins import opposing

EXACT_TOLERANCE = 0.05  # news rounds: "10,000" and "10,400" can be the same figure
APPROX_TOLERANCE = 0.25
UNIT_SYNONYMS = {"soldier": "troop", "troops": "troop", "soldiers": "troop", "servicemen": "troop",
                 "personnel": "troop", "fighters": "troop", "fighter": "troop", "forces": "troop", "force": "troop",
                 "percent": "%", "per cent": "%", "pct": "%", "people": "person", "persons": "person"}


@dataclass
class Conflict:
    id: str
    kind: str
    claim_id: str
    statement_ids: list[str]  # [earlier, later]
    explanation: str


def interval(q: dict) -> Optional[tuple[float, float]]:
    """The values a stated quantity admits."""
    v, lo, hi, qual = q.get("value"), q.get("low"), q.get("high"), q.get("qualifier") or "exact"
    if qual == "between" and lo is not None and hi is not None:
        return (min(lo, hi), max(lo, hi))
    if v is None:
        if lo is not None or hi is not None:
            return (lo if lo is not None else 0.0, hi if hi is not None else math.inf)
        return None
    if qual == "exact":
        return (v * (1 - EXACT_TOLERANCE), v * (1 + EXACT_TOLERANCE))
    if qual == "approximately":
        return (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE))
    if qual in ("over", "at least"):
        return (v, math.inf)
    if qual in ("under", "at most", "up to"):
        return (0.0, v)
    if qual == "vague":
        return (lo if lo is not None else v, hi if hi is not None else v * 10)
    return (v, v)


def unit_key(unit: Optional[str]) -> str:
    if not unit:
        return ""
    words = re.findall(r"[\w%$€£]+", unit.lower())
    if not words:
        return ""
    last = words[-1]
    if " ".join(words[-2:]) in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[" ".join(words[-2:])]
    last = UNIT_SYNONYMS.get(last, last)
    return last[:-1] if last.endswith("s") and len(last) > 3 else last


def compatible(a: dict, b: dict) -> bool:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _conflict_id(kind: str, a: str, b: str) -> str:
    return "conflict:" + hashlib.sha1(f"{kind}|{min(a, b)}|{max(a, b)}".encode()).hexdigest()[:12]


def _who(st: StatementFacts, names: dict[str, str]) -> str:
    who = names.get(st.source_id or "", "") or (st.publisher or "the publisher")
    return f"{who} ({st.date or 'undated'})"


def _ordered(a: StatementFacts, b: StatementFacts) -> tuple[StatementFacts, StatementFacts]:
    return (a, b) if (a.date or "", a.id) <= (b.date or "", b.id) else (b, a)


def find(claim_id: str, members: list[StatementFacts], names: dict[str, str]) -> list[Conflict]:
    """Conflicts of one claim. Each opposing statement conflicts with the first statement of each other
    origin that asserts the claim; each pair of incompatible figures (value, qualifier, unit) once, between
    the first statements that gave them. So a claim repeated a thousand times yields readable conflicts,
    at a cost that grows with the number of distinct positions, not the number of statements squared."""
    out: dict[str, Conflict] = {}

    def add(kind: str, a: StatementFacts, b: StatementFacts, why: str) -> None:
        cid = _conflict_id(kind, a.id, b.id)
        out.setdefault(cid, Conflict(cid, kind, claim_id, [a.id, b.id], why))

    ordered = sorted(members, key=lambda s: (s.date or "9999", s.id))
    against = opposing(members)
    first_assertion: dict[str, StatementFacts] = {}
    for s in ordered:
        if s.id not in against:
            for origin in s.origins:
                first_assertion.setdefault(origin, s)
    for opp in (s for s in ordered if s.id in against):
        for origin, asserted in sorted(first_assertion.items()):
            if origin in opp.origins or (asserted.document_id == opp.document_id and asserted.source_id == opp.source_id):
                continue  # denial and polarity need two origins
            first, second = _ordered(opp, asserted)
            if opp.stance == "denies":
                add("denial", first, second, f"{_who(opp, names)} denies what {_who(asserted, names)} asserts: "
                                             f"\u201c{_short(asserted.content)}\u201d")
            else:
                add("polarity", first, second, f"{_who(asserted, names)} asserts \u201c{_short(asserted.content)}\u201d; "
                                               f"{_who(opp, names)} says the opposite: \u201c{_short(opp.content)}\u201d")
    figures: dict[tuple, tuple[StatementFacts, dict]] = {}
    for s in ordered:
        for q in s.quantities:
            unit = unit_key(q.get("unit"))
            if unit:
                key = (unit, q.get("value"), q.get("low"), q.get("high"), q.get("qualifier") or "exact")
                figures.setdefault(key, (s, q))
    by_unit: dict[str, list[tuple[StatementFacts, dict]]] = {}
    for key, found in figures.items():
        by_unit.setdefault(key[0], []).append(found)
    for unit, found in by_unit.items():
        for i, (sa, qa) in enumerate(found):
            for sb, qb in found[i + 1:]:
                if sa.document_id == sb.document_id and sa.source_id == sb.source_id or compatible(qa, qb):
                    continue
                (a, x), (b, y) = sorted(((sa, qa), (sb, qb)), key=lambda p: (p[0].date or "", p[0].id))
                add("quantity", a, b, f"{_who(a, names)} gives {x['text']}, later {_who(b, names)} gives "
                                      f"{y['text']}{_trend(x, y)}: the figures cannot both hold")
    _positions(ordered, lambda s: _single(s.event_dates), "date", add, names,
               lambda a, x, b, y: f"{_who(a, names)} dates it {x}; {_who(b, names)} dates it {y}")
    _positions(ordered, lambda s: frozenset(c for c in s.places if "-" in c) or None, "place", add, names,
               lambda a, x, b, y: f"{_who(a, names)} places it in {_places(x)}; {_who(b, names)} in {_places(y)}")
    return sorted(out.values(), key=lambda c: c.id)


def _single(values) -> Optional[str]:
    return values[0] if len(values) == 1 else None


def _places(codes) -> str:
    return " and ".join(sorted(codes)) if not isinstance(codes, str) else codes


def _positions(ordered: list[StatementFacts], position, kind: str, add, names, explain) -> None:
    """Date and place conflicts: statements of one claim that put it on different days (each naming one
    day) or in different regions (each naming regions, none shared), from different sources or
    documents; each pair of distinct positions once, between the first statements that took them, in
    time order."""
    first: dict = {}
    for s in ordered:
        where = position(s)
        if where:
            first.setdefault(where, s)
    found = list(first.items())
    for i, (wa, sa) in enumerate(found):
        for wb, sb in found[i + 1:]:
            if sa.document_id == sb.document_id and sa.source_id == sb.source_id:
                continue
            if isinstance(wa, frozenset) and wa & wb:
                continue
            (a, x), (b, y) = sorted(((sa, wa), (sb, wb)), key=lambda p: (p[0].date or "", p[0].id))
            add(kind, a, b, explain(a, x, b, y))


def _trend(qa: dict, qb: dict) -> str:
    va, vb = qa.get("value") or qa.get("low"), qb.get("value") or qb.get("low")
    if va is None or vb is None:
        return ""
    return " (the estimate rose)" if vb > va else " (the estimate fell)" if vb < va else ""


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "\u2026"
