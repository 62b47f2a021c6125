"""Running the source registry (fuse.sources) over a store: the full rebuild, and the incremental update
after new statements, which gives the same registry.

Each statement stores what its mentions contribute to the registry (``source_records``) and its registry
keys (``source_keys``): the surname and acronym keys its mentions define or use, and ``S:<id>`` for every
source it contributes to. A mention's resolution depends only on the learnt-map entries of its own keys,
and records are a commutative fold of contributions, so an update needs to
  1. resolve the new mentions, with map entries read for their keys only;
  2. re-resolve the stored mentions whose map entries the new ones change (a surname that now has a
     full name, an acronym defined a second, different way);
  3. fold new contributions into the stored records, refolding from stored contributions only the
     records that lost some.
Both paths return the claims whose statements now pass on other origins.
"""
from __future__ import annotations

import logging
from typing import Iterable, Optional

from claimgraph.fuse.origins import origins_of
from claimgraph.fuse.sources import (
    LearntMaps, MentionRef, Registry, SourceRecord, fold, mention_keys, record_from_row,
)

DEFINITION_PREFIXES = ("ND:", "AD:")
log = logging.getLogger("claimgraph.sources")


def _refs(row) -> list[MentionRef]:
    refs = []
    if row.source_mention:
        refs.append(MentionRef(row.id, "source", row.document_id, row.source_mention))
    for n, m in enumerate(row.based_on_mentions or []):
        refs.append(MentionRef(row.id, f"based_on:{n}", row.document_id, m))
    return refs


def statement_keys_of(row) -> set[str]:
    """The registry keys of a statement's mentions (definitions count once per statement)."""
    return {k for ref in _refs(row) for k in mention_keys(ref.mention)}


def definitions(rows) -> list[str]:
    """The surname and acronym definitions of statements, one entry per statement that makes each."""
    return [k for row in rows for k in sorted(statement_keys_of(row)) if k.startswith(DEFINITION_PREFIXES)]


def _resolve_rows(registry: Registry, rows) -> tuple[list[dict], dict[str, list[str]], dict[str, list[SourceRecord]]]:
    """Assignments, registry keys and contributions of each statement."""
    assignments, keys, contributions = [], {}, {}
    for row in rows:
        source_id, based_on, recs, row_keys = None, [], [], set()
        for ref in _refs(row):
            res = registry.resolve_mention(ref.mention, ref.document_id)
            recs.extend(res.contributions)
            row_keys |= mention_keys(ref.mention)
            if ref.slot == "source":
                source_id = res.source_id
            else:
                based_on.append(res.source_id)
        merged = fold(recs)
        row_keys |= {f"S:{i}" for i in merged}
        contributions[row.id] = list(merged.values())
        keys[row.id] = sorted(row_keys)
        assignments.append({"sid": row.id, "source_id": source_id, "based_on": list(dict.fromkeys(based_on)),
                            "source_records": [merged[i].as_row() for i in sorted(merged)]})
    return assignments, keys, contributions


def _changed_claims(rows, assignments: list[dict], old_affiliation: dict, new_affiliation: dict) -> set[str]:
    changed = set()
    for row, new in zip(rows, assignments):
        if row.claim_id is None:
            continue
        before = origins_of(row.source_id, list(row.based_on or []), "", None, old_affiliation)
        after = origins_of(new["source_id"], new["based_on"], "", None, new_affiliation)
        if before != after:
            changed.add(row.claim_id)
    return changed


def rebuild_sources(store) -> set[str]:
    """Recompute the whole registry from every statement's mentions."""
    old_affiliation = {r.id: r.affiliation for r in store.source_rows()}
    rows = store.mention_rows()
    registry = Registry()
    registry.use(LearntMaps.from_keys(definitions(rows)))
    assignments, keys, contributions = _resolve_rows(registry, rows)
    records = fold(rec for recs in contributions.values() for rec in recs)
    _drop_dangling(None, records, set())
    store.replace_sources([records[i].as_row() for i in sorted(records)], assignments, keys)
    return _changed_claims(rows, assignments, old_affiliation, {i: r.affiliation for i, r in records.items()})


def _map_subjects(keys: Iterable[str]) -> tuple[set[str], set[str]]:
    """The surnames and acronyms whose map entries the keys define or use."""
    surnames, acronyms = set(), set()
    for key in keys:
        kind, _, rest = key.partition(":")
        subject = rest.partition("=")[0]
        if kind in ("ND", "NU"):
            surnames.add(subject)
        elif kind in ("AD", "AU"):
            acronyms.add(subject)
    return surnames, acronyms


def _stored_definitions(store, surnames: set[str], acronyms: set[str]) -> list[str]:
    return store.source_keys_with_prefixes([f"ND:{s}=" for s in surnames] + [f"AD:{a}=" for a in acronyms])


def update_sources(store, new_statement_ids: Iterable[str], removed_keys: Iterable[str] = ()) -> set[str]:
    """Resolve the mentions of new statements into the stored registry. ``removed_keys``: the registry
    keys of statements deleted since the last update (a re-extracted document's old statements)."""
    new_ids = set(new_statement_ids)
    removed_keys = list(removed_keys)
    new_rows = store.mention_rows(new_ids) if new_ids else []
    new_keys = {k for row in new_rows for k in statement_keys_of(row)}
    if not new_rows and not removed_keys:
        return set()
    # 1. which map entries change: compare the stored definitions with and without the new/removed ones
    surnames, acronyms = _map_subjects(new_keys | set(removed_keys))
    stored = _stored_definitions(store, surnames, acronyms)
    removed_defs = [k for k in removed_keys if k.startswith(DEFINITION_PREFIXES)]
    new_defs = definitions(new_rows)
    before = LearntMaps.from_keys(stored + removed_defs)
    after = LearntMaps.from_keys(stored + new_defs)
    changed_surnames = {s for s in surnames if before.surnames.get(s) != after.surnames.get(s)}
    changed_acronyms = {a for a in acronyms if before.acronyms.get(a) != after.acronyms.get(a)}
    affected = store.statements_with_source_keys([f"NU:{s}" for s in changed_surnames]
                                                 + [f"AU:{a}" for a in changed_acronyms]) - new_ids
    old_rows = store.mention_rows(affected) if affected else []
    # 2. resolve new and affected mentions with the map entries of every key they have
    rows = old_rows + new_rows
    all_keys = {k for row in rows for k in statement_keys_of(row)}
    subj_s, subj_a = _map_subjects(all_keys)
    maps = LearntMaps.from_keys(_stored_definitions(store, subj_s, subj_a) + new_defs)
    registry = Registry(maps)
    assignments, keys, contributions = _resolve_rows(registry, rows)
    # 3. records: fold new contributions in; refold those that lost contributions from what is stored
    losing = {k[2:] for k in removed_keys if k.startswith("S:")}
    for row in old_rows:
        now = {r.id for r in contributions[row.id]}
        losing |= {r["id"] for r in (row.source_records or []) if r["id"] not in now}
    gaining = {r.id for recs in contributions.values() for r in recs}
    stored_records = store.source_rows_by_id(gaining | losing)
    records: dict[str, SourceRecord] = {}
    for sid in gaining - losing:
        if sid in stored_records:
            records[sid] = record_from_row(stored_records[sid]._mapping)
    fold((r for recs in contributions.values() for r in recs if r.id not in losing), records)
    if losing:
        others = store.statements_with_source_keys(f"S:{i}" for i in losing) - set(contributions)
        for row in store.mention_rows(others) if others else []:
            fold((record_from_row(r) for r in (row.source_records or []) if r["id"] in losing), records)
        fold((r for recs in contributions.values() for r in recs if r.id in losing), records)
    gone = {i for i in losing if i not in records}
    _drop_dangling(store, records, gone)
    upsert = [records[i].as_row() for i in sorted(records)]
    old_affiliation = {i: r.affiliation for i, r in stored_records.items()}
    new_affiliation = {**old_affiliation, **{i: r.affiliation for i, r in records.items()}}
    # the affiliation chains of the changed statements' sources, for comparing origins
    chain_ids = {a["source_id"] for a in assignments if a["source_id"]} | {b for a in assignments for b in a["based_on"]}
    chain_ids |= {r.source_id for r in old_rows if r.source_id} | {b for r in old_rows for b in (r.based_on or [])}
    _complete_chains(store, chain_ids, old_affiliation, new_affiliation)
    store.update_sources(upsert, gone, assignments, keys)
    changed = _changed_claims(rows, assignments, old_affiliation, new_affiliation)
    # a source now speaking for another body changes the origins of every statement it contributes to
    moved = {i for i in records if stored_records.get(i) is not None and stored_records[i].affiliation != records[i].affiliation}
    moved |= gone
    if moved:
        touched = store.statements_with_source_keys(f"S:{i}" for i in moved)
        changed |= {r.claim_id for r in store.fact_rows(statement_ids=touched) if r.claim_id}
    return changed


def _drop_dangling(store, records: dict[str, SourceRecord], gone: set[str]) -> None:
    """A record must speak for a source that is stored or written with it. Resolution contributes every
    body a mention speaks for, so this holds; should a rule ever break it, the link is dropped with a
    warning naming both sources rather than failing the whole ingest on a foreign key."""
    wanted = {r.affiliation for r in records.values() if r.affiliation and r.affiliation not in records}
    stored = set(store.source_rows_by_id(wanted)) if wanted and store is not None else set()
    for rec in records.values():
        if rec.affiliation and (rec.affiliation in gone or (rec.affiliation not in records and rec.affiliation not in stored)):
            log.warning("source %s speaks for %s, which no statement contributes; link dropped", rec.id, rec.affiliation)
            rec.affiliation = None


def _complete_chains(store, ids: set[str], old: dict[str, Optional[str]], new: dict[str, Optional[str]]) -> None:
    """Read the stored affiliation links needed to follow ``ids`` to the top, into ``old`` and ``new``."""
    asked: set[str] = set()
    frontier = {i for i in ids if i not in old}
    while frontier:
        asked |= frontier
        for i, row in store.source_rows_by_id(frontier).items():
            old.setdefault(i, row.affiliation)
            new.setdefault(i, row.affiliation)
        frontier = {a for mapping in (old, new) for a in mapping.values() if a and a not in old and a not in asked}
