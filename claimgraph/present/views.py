"""What the JSON API and the web pages show, read from the Store with targeted, paged queries.

Records carry the field names of the claimgraph-export/1 builder (``present/export.py``); details add
what a reader needs next to them (a claim's statements with their sentences, a source's citations).
Nothing here reads the whole store for one request, so pages stay fast on large stores.
"""
from __future__ import annotations

import os
import threading
import time
from collections import Counter
from typing import Optional

from sqlalchemy.engine import make_url

from claimgraph.fuse.engine import facts_from_rows
from claimgraph.fuse.timeline import timeline
from claimgraph.pipeline import _chain_names, _sentence_around
from claimgraph.present.export import conflict_record, document_record, source_record, statement_record
from claimgraph.store.repository import Store


def page(items: list, total: int, limit: int, offset: int) -> dict:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def claim_record(row, statement_ids: list[str]) -> dict:
    """A claim as in the export, with its numbers of statements and documents."""
    return {"id": row.id, "summary": row.summary, "statement_ids": statement_ids,
            "origin_source_ids": row.origin_source_ids or [], "independent_origins": row.independent_origins,
            "first_reported": row.first_reported, "status": row.status,
            "statement_count": row.statement_count, "document_count": row.document_count}


def document_summary(row) -> dict:
    """A document without its text, as in the export, with its word count and ingest time."""
    rec = {f: getattr(row, f) for f in ("id", "url", "title", "publisher", "published", "language",
                                        "text_sha256", "duplicate_of")}
    rec["word_count"] = row.word_count
    rec["ingested_at"] = row.ingested_at.isoformat() if row.ingested_at else None
    return rec


def source_summary(row) -> dict:
    return {**source_record(row), "statements": row.statements, "documents": row.documents}


# -- lists -------------------------------------------------------------------------------------------
# The ranked list of claim ids (most independent origins first) is kept per store and filter while the
# store does not change: a SQLite store changes its file or WAL with every commit (by any process); other
# databases are re-read every 2 s; this process's own writes drop it at once (``invalidate``).
_RANKED: dict[tuple, tuple] = {}
_RANKED_LOCK = threading.Lock()


def _generation(store: Store):
    if store.dialect == "sqlite":
        path = make_url(store.url).database
        if path and path != ":memory:":
            out = []
            for p in (path, path + "-wal"):
                try:
                    st = os.stat(p)
                    out.append((st.st_mtime_ns, st.st_size))
                except OSError:
                    out.append(None)
            return tuple(out)
    return int(time.monotonic() // 2)


def invalidate(store: Store) -> None:
    with _RANKED_LOCK:
        for key in [k for k in _RANKED if k[0] == store.url]:
            del _RANKED[key]


def ranked_claim_ids(store: Store, status=None, min_origins=None) -> list[str]:
    key = (store.url, status, min_origins)
    gen = _generation(store)
    have = _RANKED.get(key)
    if have is not None and have[0] == gen:
        return have[1]
    ids = store.ranked_claim_ids(status=status, min_origins=min_origins)
    with _RANKED_LOCK:
        _RANKED[key] = (gen, ids)
    return ids


def claims(store: Store, *, status=None, about=None, min_origins=None, limit=50, offset=0) -> dict:
    if about:
        rows, total = store.claim_page(status=status, about=about, min_origins=min_origins, limit=limit, offset=offset)
    else:  # a slice of the cached ranking, then only those rows
        ranked = ranked_claim_ids(store, status, min_origins)
        total, wanted = len(ranked), ranked[offset:offset + limit]
        found = {r.id: r for r in store.claim_rows(ids=wanted)} if wanted else {}
        rows = [found[i] for i in wanted if i in found]
    members = store.statement_ids_of_claims([r.id for r in rows])
    return page([claim_record(r, members.get(r.id, [])) for r in rows], total, limit, offset)


def documents(store: Store, *, publisher=None, language=None, limit=50, offset=0) -> dict:
    rows, total = store.document_page(publisher=publisher, language=language, limit=limit, offset=offset)
    return page([document_summary(r) for r in rows], total, limit, offset)


def statements(store: Store, *, document_id=None, source_id=None, claim_id=None, stance=None,
               limit=50, offset=0) -> dict:
    rows, total = store.statement_page(document_id=document_id, source_id=source_id, claim_id=claim_id,
                                       stance=stance, limit=limit, offset=offset)
    return page([statement_record(r) for r in rows], total, limit, offset)


def sources(store: Store, *, kind=None, country=None, name=None, limit=50, offset=0) -> dict:
    rows, total = store.source_page(kind=kind, country=country, name=name, limit=limit, offset=offset)
    return page([source_summary(r) for r in rows], total, limit, offset)


def conflicts(store: Store, *, kind=None, claim_id=None, limit=50, offset=0) -> dict:
    rows, total = store.conflict_page(kind=kind, claim_id=claim_id, limit=limit, offset=offset)
    return page([conflict_record(r) for r in rows], total, limit, offset)


def search(store: Store, q: str, limit: int = 20) -> dict:
    """Claims, sources and documents matching every word of ``q``."""
    return {"query": q,
            "claims": claims(store, about=q, limit=limit)["items"],
            "sources": sources(store, name=q.strip(), limit=limit)["items"] if q.strip() else [],
            "documents": store.search(q, limit)}


# -- details -----------------------------------------------------------------------------------------
def _sources_with_chains(store: Store, ids) -> dict:
    """Source rows for ``ids`` and for every source they speak for, up to the top."""
    have: dict = {}
    asked: set = set()
    todo = {i for i in ids if i}
    while todo:
        asked |= todo
        found = store.source_rows_by_id(todo)
        have.update(found)
        todo = {r.affiliation for r in found.values() if r.affiliation} - asked
    return have


def claim(store: Store, claim_id: str) -> Optional[dict]:
    """One claim as ``Claimgraph.claim`` gives it (statements with sentences, origins with their chains,
    conflicts, timeline), read with queries on this claim only."""
    found = store.claim_rows(ids=[claim_id])
    if not found:
        return None
    row = found[0]
    frows = store.fact_rows(claim_ids=[claim_id])
    wanted = {r.source_id for r in frows} | {b for r in frows for b in (r.based_on or [])} | set(row.origin_source_ids or [])
    srcs = _sources_with_chains(store, wanted)
    names = {k: v.name for k, v in srcs.items()}
    facts = facts_from_rows(frows, {k: v.affiliation for k, v in srcs.items()})
    order = store.statement_ids_of_claims([claim_id]).get(claim_id, [])
    by_id = {r.id: r for r in store.statement_rows(statement_ids=[f.id for f in facts])}
    docs = store.documents_by_id({f.document_id for f in facts})
    out_statements = []
    for f in sorted(facts, key=lambda f: (f.date or "9999", f.id)):
        st = by_id[f.id]
        doc = docs[f.document_id]
        start, end = _sentence_around(doc.text, st.content_start, st.content_end)
        out_statements.append({
            "id": f.id, "document_id": f.document_id, "document_title": doc.title, "publisher": doc.publisher,
            "published": doc.published, "url": doc.url, "date": f.date, "source_id": f.source_id,
            "source": names.get(f.source_id or ""), "source_text": st.source_text, "cue": st.cue,
            "stance": f.stance, "negated": f.negated, "content": st.content, "sentence": doc.text[start:end],
            "sentence_span": [start, end], "content_span": [st.content_start, st.content_end],
            "origins": sorted(f.origins), "quantities": st.quantities or []})
    origins = [{"id": o, "name": _origin_name(o, names, docs), "chain": _chain_names(o, facts, srcs)}
               for o in row.origin_source_ids or []]
    return {**claim_record(row, order), "origins": origins, "statements": out_statements,
            "conflicts": [conflict_record(r) for r in store.conflict_rows(claim_id)],
            "timeline": timeline(facts, names)}


def _origin_name(origin: str, names: dict, docs: dict) -> str:
    if origin in names:
        return names[origin]
    if origin.startswith("doc:"):  # the outlet's own voice
        doc = docs.get(origin[4:])
        return f"{doc.publisher or origin[4:]} (own reporting)" if doc else origin
    return origin


def source(store: Store, source_id: str, limit: int = 200) -> Optional[dict]:
    """One source: its record, whom it speaks for (up to the top), who speaks for it, whom its statements
    cite and who cites it, and what it said (at most ``limit`` statements)."""
    found = store.source_rows_by_id([source_id])
    if source_id not in found:
        return None
    said, total = store.statement_page(source_id=source_id, limit=limit)
    citing = store.statements_citing(source_id)
    cites = Counter(b for r in said for b in (r.based_on or []))
    cited_by = Counter(r.source_id for r in citing if r.source_id)
    srcs = _sources_with_chains(store, {source_id, *cites, *cited_by})
    chain, at = [], srcs[source_id].affiliation
    while at and at in srcs and at not in chain and at != source_id:
        chain.append(at)
        at = srcs[at].affiliation
    name = lambda i: srcs[i].name if i in srcs else i  # noqa: E731
    documents = len({r.document_id for r in said})
    return {
        **source_record(found[source_id]), "statements": total, "documents": documents,
        "speaks_for": [{"id": i, "name": name(i)} for i in chain],
        "spoken_for_by": [{"id": r.id, "name": r.name, "kind": r.kind} for r in store.sources_speaking_for(source_id)],
        "cites": [{"id": i, "name": name(i), "statements": n} for i, n in cites.most_common()],
        "cited_by": [{"id": i, "name": name(i), "statements": n} for i, n in cited_by.most_common()],
        "citing_statement_ids": [r.id for r in citing],
        "statement_records": [statement_record(r) for r in said],
    }


def document(store: Store, doc_id: str) -> Optional[dict]:
    """One document as in the export (text included) with its statements."""
    row = store.document_row(doc_id)
    if row is None:
        return None
    rows = store.statement_rows(doc_id)
    return {**document_record(row), "author": row.author, "word_count": row.word_count,
            "statements": [statement_record(r) for r in rows]}


def timelines(store: Store, *, claim_id=None, about=None, limit=20, offset=0) -> Optional[dict]:
    """Timelines of one claim, of the claims about some words, or of every claim (earliest first)."""
    if claim_id:
        one = claim(store, claim_id)
        items = [one] if one else []
        total = len(items)
    else:
        listed = claims(store, about=about, limit=limit, offset=offset)
        total = listed["total"]
        items = [claim(store, c["id"]) for c in listed["items"]]
    out = [{"id": c["id"], "summary": c["summary"], "status": c["status"], "first_reported": c["first_reported"],
            **c["timeline"]} for c in items if c]
    return page(out, total, limit, offset)


# -- the document page: the text cut into marked segments ---------------------------------------------
def marked_segments(text: str, rows: list) -> list[dict]:
    """The text cut at every boundary of a source, cue or content span. Each segment says which roles
    cover it and of which statements (by index in ``rows``), which statements' contents start there
    (for anchors) and which end there (for reference marks)."""
    n = len(text)
    spans = []
    for i, r in enumerate(rows):
        for role, a, b in (("content", r.content_start, r.content_end), ("source", r.source_start, r.source_end),
                           ("cue", r.cue_start, r.cue_end)):
            if a is not None and b is not None and 0 <= a < b <= n:
                spans.append((a, b, role, i))
    bounds = sorted({0, n, *(s[0] for s in spans), *(s[1] for s in spans)})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        cover = [(role, i) for s, e, role, i in spans if s <= a and b <= e]
        out.append({"text": text[a:b], "roles": sorted({role for role, _ in cover}),
                    "statements": sorted({i for _, i in cover}),
                    "starts": sorted(i for s, _, role, i in spans if role == "content" and s == a),
                    "ends": sorted(i for _, e, role, i in spans if role == "content" and e == b)})
    return out
