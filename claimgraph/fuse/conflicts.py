"""Conflicts inside a claim: statements that cannot both hold, explained in words, in time order.

- quantity: numbers for the same thing whose ranges do not meet ("over 10,000" meets "11,000", not "3,000");
- denial: a source denies what another asserts;
- polarity: a content says the opposite of another (negated, or "no evidence of" / "not seen");
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
    out: dict[str, Conflict] = {}
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a.document_id == b.document_id and a.source_id == b.source_id:
                continue  # one source in one text does not contradict itself
            first, second = _ordered(a, b)
            same_origin = bool(a.origins & b.origins)
            for kind, why in _pair_conflicts(first, second, names):
                if same_origin and kind != "quantity":
                    continue  # an origin revising its figure is a conflict in time; other kinds need two origins
                cid = _conflict_id(kind, first.id, second.id)
                out.setdefault(cid, Conflict(cid, kind, claim_id, [first.id, second.id], why))
    return sorted(out.values(), key=lambda c: c.id)


def _pair_conflicts(a: StatementFacts, b: StatementFacts, names: dict[str, str]):
    if a.stance == "denies" and not b.opposes or b.stance == "denies" and not a.opposes:
        denier, other = (a, b) if a.stance == "denies" else (b, a)
        yield "denial", (f"{_who(denier, names)} denies what {_who(other, names)} asserts: "
                         f"\u201c{_short(other.content)}\u201d")
    elif a.negated != b.negated and a.stance != "denies" and b.stance != "denies":
        neg, pos = (a, b) if a.negated else (b, a)
        yield "polarity", (f"{_who(pos, names)} asserts \u201c{_short(pos.content)}\u201d; "
                           f"{_who(neg, names)} says the opposite: \u201c{_short(neg.content)}\u201d")
    for qa in a.quantities:
        for qb in b.quantities:
            if unit_key(qa.get("unit")) != unit_key(qb.get("unit")) or not unit_key(qa.get("unit")):
                continue
            if not compatible(qa, qb):
                trend = _trend(qa, qb)
                yield "quantity", (f"{_who(a, names)} gives {qa['text']}, later {_who(b, names)} gives "
                                   f"{qb['text']}{trend}: the figures cannot both hold")
                return


def _trend(qa: dict, qb: dict) -> str:
    va, vb = qa.get("value") or qa.get("low"), qb.get("value") or qb.get("low")
    if va is None or vb is None:
        return ""
    return " (the estimate rose)" if vb > va else " (the estimate fell)" if vb < va else ""


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "\u2026"
