"""Running fusion over a store: the full rebuild, and the incremental update after new statements.

Both paths compute claims as connected components of the same pairwise relation (fuse.claims), so they
give the same claims: the incremental path regroups only the new statements together with the claims
they touch (through shared blocking keys) and the claims whose statements changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from claimgraph.fuse import claims as grouping
from claimgraph.fuse import conflicts as conflict_rules
from claimgraph.fuse import source_fusion
from claimgraph.fuse.facts import StatementFacts
from claimgraph.fuse.origins import origins_of, status
from claimgraph.fuse.timeline import first_reported


@dataclass
class FuseReport:
    claims_written: int = 0
    claims_removed: int = 0
    conflicts: int = 0
    statements: int = 0
    rebuilt: bool = False
    claim_ids: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "claim_ids"}


def facts_from_rows(rows, affiliation: dict[str, Optional[str]]) -> list[StatementFacts]:
    out = []
    for r in rows:
        root = r.duplicate_of or r.document_id
        out.append(StatementFacts(
            id=r.id, document_id=r.document_id, root_document_id=root, publisher=r.publisher, published=r.published,
            source_id=r.source_id, source_kind=None, stance=r.stance, negated=bool(r.negated), content=r.content,
            terms=frozenset(r.terms or ()), places=frozenset(p["code"] for p in (r.places or []) if p.get("code")),
            quantities=tuple(r.quantities or ()), said_on=(r.said_on or {}).get("value"),
            origins=origins_of(r.source_id, list(r.based_on or []), root, r.publisher, affiliation),
            event_dates=tuple(sorted({t["value"] for t in (r.event_times or [])
                                      if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.get("value") or "")}))))
    return out


def build_claims(groups: list[list[StatementFacts]], names: dict[str, str]):
    claim_rows, conflict_rows, assignments = [], [], {}
    for members in groups:
        cid = grouping.claim_id(members)
        origins = sorted(set().union(*(s.origins for s in members)))
        claim_rows.append({
            "id": cid, "summary": grouping.summary(members), "status": status(members),
            "independent_origins": len(origins), "origin_source_ids": origins,
            "first_reported": first_reported(members), "statement_count": len(members),
            "document_count": len({s.document_id for s in members}),
        })
        for c in conflict_rules.find(cid, members, names):
            conflict_rows.append({"id": c.id, "kind": c.kind, "claim_id": cid, "statement_ids": c.statement_ids,
                                  "explanation": c.explanation})
        for s in members:
            assignments[s.id] = cid
    return claim_rows, conflict_rows, assignments


def _registry(store) -> tuple[dict[str, Optional[str]], dict[str, str]]:
    rows = store.source_rows()
    return {r.id: r.affiliation for r in rows}, {r.id: r.name for r in rows}


def rebuild(store) -> FuseReport:
    affiliation, names = _registry(store)
    facts = facts_from_rows(store.fact_rows(), affiliation)
    store.replace_all_keys({f.id: grouping.blocking_keys(f) for f in facts})
    groups = grouping.group(facts)
    claim_rows, conflict_rows, assignments = build_claims(groups, names)
    store.replace_claims([], claim_rows, conflict_rows, assignments, everything=True)
    return FuseReport(claims_written=len(claim_rows), conflicts=len(conflict_rows), statements=len(facts),
                      rebuilt=True, claim_ids=[c["id"] for c in claim_rows])


def update(store, new_statement_ids: Iterable[str], touched_claim_ids: Iterable[str] = ()) -> FuseReport:
    """Regroup the new statements with the claims they may join and the claims in ``touched_claim_ids``
    (whose statements changed, or whose sources' affiliations did)."""
    new_ids = set(new_statement_ids)
    touched = set(touched_claim_ids)
    affiliation, names = _registry(store)
    new_rows = store.fact_rows(statement_ids=new_ids) if new_ids else []
    keys = set().union(*(grouping.keys_of(r.terms or (), [p["code"] for p in (r.places or []) if p.get("code")])
                         for r in new_rows)) if new_rows else set()
    candidates = store.statements_sharing_keys(keys) - new_ids if keys else set()
    if candidates:
        touched |= {r.claim_id for r in store.fact_rows(statement_ids=candidates) if r.claim_id}
    # everything in the touched claims, plus the new statements, regrouped together
    rows = {r.id: r for r in store.fact_rows(claim_ids=touched)} if touched else {}
    rows.update((r.id, r) for r in new_rows)
    # candidates not yet in any claim (their documents were fused before they had keys) join as well
    loose = [r for r in store.fact_rows(statement_ids=candidates) if not r.claim_id] if candidates else []
    rows.update((r.id, r) for r in loose)
    facts = facts_from_rows(rows.values(), affiliation)
    groups = grouping.group(facts)
    claim_rows, conflict_rows, assignments = build_claims(groups, names)
    store.replace_claims(touched, claim_rows, conflict_rows, assignments)
    return FuseReport(claims_written=len(claim_rows), claims_removed=len(touched), conflicts=len(conflict_rows),
                      statements=len(facts), claim_ids=[c["id"] for c in claim_rows])


def update_after_extraction(store, new_statement_ids: Iterable[str], touched_claim_ids: Iterable[str] = (),
                            removed_source_keys: Iterable[str] = ()) -> FuseReport:
    """What follows the extraction of new documents: resolve their sources into the registry, then
    regroup the claims they, and the claims whose origins moved, touch."""
    new_ids = list(new_statement_ids)
    changed = source_fusion.update_sources(store, new_ids, removed_source_keys)
    return update(store, new_ids, set(touched_claim_ids) | changed)
