"""Independent origins: the top of each statement's chain of speaking-for, citing and copying.

Officials, ministries, intelligence services and militaries speak for their government (the registry
sets their ``affiliation``); a source ``based_on`` others passes on their claim; a document copying
another (``duplicate_of``) adds no origin; a statement with no source is the publisher's own, counted once
per original document.
"""
from __future__ import annotations

from typing import Optional


def top(source_id: str, affiliation: dict[str, Optional[str]]) -> str:
    """Follow ``affiliation`` (speaks-for) links to the top; cycle-safe."""
    seen = {source_id}
    while affiliation.get(source_id) and affiliation[source_id] not in seen:
        source_id = affiliation[source_id]
        seen.add(source_id)
    return source_id


def origins_of(source_id: Optional[str], based_on: list[str], root_document_id: str, publisher: Optional[str],
               affiliation: dict[str, Optional[str]]) -> frozenset[str]:
    if based_on:
        return frozenset(top(b, affiliation) for b in based_on)
    if source_id:
        return frozenset({top(source_id, affiliation)})
    return frozenset({f"doc:{root_document_id}"})  # the outlet's own voice, once per original text


def opposing(members) -> frozenset[str]:
    """Ids of the statements that speak against their claim: denials, and negated contents ('we have not
    seen them in combat') where others state the claim itself. A claim made only of negated contents is a
    negative proposition ('Ukraine faces no new restrictions'): its statements assert it."""
    positive = any(not s.negated and s.stance != "denies" for s in members)
    return frozenset(s.id for s in members if s.stance == "denies" or (s.negated and positive))


def status(members) -> str:
    """corroborated (2+ origins, none against), single-source, contested (origins disagree), denied (only
    statements against it), unattributed (no source named at all)."""
    if all(s.source_id is None for s in members):
        return "unattributed"
    against = opposing(members)
    asserting = set().union(*(s.origins for s in members if s.id not in against))
    denying = set().union(*(s.origins for s in members if s.id in against))
    if asserting and denying:
        return "contested"
    if denying:
        return "denied"
    return "corroborated" if len(asserting) >= 2 else "single-source"
