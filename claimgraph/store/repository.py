"""The store's reads and writes. Everything that touches the database goes through ``Store``."""
from __future__ import annotations

import copy
import hashlib
import re
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from typing import Iterable, Iterator, Optional

from sqlalchemy import bindparam, func, select, text, tuple_
from sqlalchemy import Text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from claimgraph.ingest.dedup import Fingerprint
from claimgraph.model import Document
from claimgraph.store import db
from claimgraph.store.tables import (
    claims, conflicts, document_lsh_bands, document_minhash, documents, extractions, journal, sources,
    source_keys, statement_keys, statements,
)

DOCUMENT_FIELDS = ("id", "url", "title", "publisher", "published", "author", "language", "input_kind", "origin")


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class _PinnedEngine:
    """The engine as a store snapshot sees it: every read goes through one connection in one transaction;
    writes (``begin``) still take a connection of their own."""

    def __init__(self, engine, conn):
        self._engine, self._conn = engine, conn

    def connect(self):
        return nullcontext(self._conn)  # the snapshot closes it, not each read

    def begin(self):
        return self._engine.begin()

    def __getattr__(self, name):
        return getattr(self._engine, name)


def row_to_document(row) -> Document:
    return Document(text=row.text, **{f: getattr(row, f) for f in DOCUMENT_FIELDS})


class Store:
    def __init__(self, url_or_path: Optional[str] = None):
        self.url = db.resolve_url(url_or_path)
        self.engine = db.create(self.url)
        try:
            db.upgrade(self.engine)
        except OperationalError as e:
            self.engine.dispose()
            raise db.StoreError(f"cannot open the store {self.display_url}: {e.orig}") from e
        except SQLAlchemyError as e:
            self.engine.dispose()
            raise db.StoreError(f"cannot open the store {self.display_url}: {e}") from e

    @property
    def display_url(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """A view of this store whose reads all see one moment (one connection, one read transaction: SQLite
        BEGIN, which in WAL mode never holds writers back; PostgreSQL REPEATABLE READ). A web request that
        reads a claim, its statements and their documents in several queries reads them through this, so a
        write committed in between cannot give it half of each."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("BEGIN")
            elif self.dialect == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            view = copy.copy(self)
            view.engine = _PinnedEngine(self.engine, conn)
            yield view

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Run a block as the only holder of lock ``name`` among all processes writing to this store, for
        read-modify-write steps that span transactions (fusion). On PostgreSQL a session advisory lock, held
        on its own connection and released however the block ends; SQLite lets one writer in at a time
        already, so nothing is taken there. Not re-entrant: do not nest blocks of the same name."""
        if self.dialect != "postgresql":
            yield
            return
        key = int.from_bytes(hashlib.sha256(f"claimgraph:{name}".encode()).digest()[:8], "big", signed=True)
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()

    # -- documents ---------------------------------------------------------------------------------
    def document_id_for_sha(self, sha: str) -> Optional[str]:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.text_sha256 == sha)).scalar()

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.seq).where(documents.c.id == doc_id)).first() is not None

    def get_document(self, doc_id: str) -> Optional[Document]:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
        return row_to_document(row) if row else None

    def document_rows(self, limit: Optional[int] = None, offset: int = 0) -> list:
        """Documents in ingest order, without their text, as rows with every other column."""
        cols = [c for c in documents.c if c.name != "text"]
        q = select(*cols).order_by(documents.c.seq).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return list(conn.execute(q))

    def iter_documents(self, batch: int = 500) -> Iterator:
        """Every document row with its text, in ingest order, read in batches to keep memory flat."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(select(documents).where(documents.c.seq > last)
                                         .order_by(documents.c.seq).limit(batch)))
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()

    def near_duplicate_candidates(self, fp: Fingerprint) -> list[tuple[str, Optional[str], Fingerprint]]:
        """Documents sharing at least one LSH band with ``fp``: (id, duplicate_of, fingerprint), oldest first."""
        with self.engine.connect() as conn:
            ids = set(conn.execute(select(document_lsh_bands.c.document_id).where(
                tuple_(document_lsh_bands.c.band, document_lsh_bands.c.bucket).in_(fp.bands()))).scalars())
            if not ids:
                return []
            rows = conn.execute(
                select(documents.c.id, documents.c.duplicate_of, document_minhash.c.signature)
                .join(document_minhash, document_minhash.c.document_id == documents.c.id)
                .where(documents.c.id.in_(ids)).order_by(documents.c.seq))
            return [(r.id, r.duplicate_of, Fingerprint.from_bytes(r.signature)) for r in rows]

    def add_document(self, doc: Document, *, sha: str, fp: Fingerprint, duplicate_of: Optional[str],
                     similarity: Optional[float], journal_row: dict) -> None:
        """Store a document, its fingerprint and its journal row in one transaction: all or nothing."""
        values = {f: getattr(doc, f) for f in DOCUMENT_FIELDS}
        values.update(text=doc.text, text_sha256=sha, duplicate_of=duplicate_of, similarity=similarity,
                      word_count=len(doc.text.split()), ingested_at=_now())
        with self.engine.begin() as conn:
            conn.execute(documents.insert().values(**values))
            conn.execute(document_minhash.insert().values(document_id=doc.id, signature=fp.to_bytes()))
            conn.execute(document_lsh_bands.insert(),
                         [{"band": b, "bucket": k, "document_id": doc.id} for b, k in fp.bands()])
            conn.execute(journal.insert().values(at=_now(), **journal_row))

    def remove_document(self, doc_id: str, *, journal_row: dict) -> None:
        """Take back a document stored by this run (its extraction was refused, e.g. over the time limit):
        the document, its fingerprint, statements and extraction record go, in one transaction with the
        journal row that says why. Near-duplicates that pointed to it stand on their own."""
        with self.engine.begin() as conn:
            conn.execute(documents.update().where(documents.c.duplicate_of == doc_id).values(duplicate_of=None))
            old = select(statements.c.id).where(statements.c.document_id == doc_id)
            conn.execute(source_keys.delete().where(source_keys.c.statement_id.in_(old)))
            conn.execute(statement_keys.delete().where(statement_keys.c.statement_id.in_(old)))
            conn.execute(statements.delete().where(statements.c.document_id == doc_id))
            conn.execute(extractions.delete().where(extractions.c.document_id == doc_id))
            conn.execute(document_lsh_bands.delete().where(document_lsh_bands.c.document_id == doc_id))
            conn.execute(document_minhash.delete().where(document_minhash.c.document_id == doc_id))
            conn.execute(documents.delete().where(documents.c.id == doc_id))
            conn.execute(journal.insert().values(at=_now(), **journal_row))

    def unfused_statement_count(self, doc_ids: Iterable[str]) -> int:
        """Statements of these documents that fusion has not finished with (no claim, or sources not
        resolved): only after a run stopped between extraction and the end of fusion."""
        n = 0
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(doc_ids))):
                n += conn.execute(select(func.count()).select_from(statements).where(
                    statements.c.document_id.in_(chunk),
                    statements.c.claim_id.is_(None) | statements.c.source_records.is_(None))).scalar_one()
        return n

    def has_unfused_statements(self) -> bool:
        """Whether any statement has no claim (cheap: the claim_id index)."""
        with self.engine.connect() as conn:
            return conn.execute(select(statements.c.id).where(statements.c.claim_id.is_(None)).limit(1)).first() \
                is not None

    def claim_ids_of_statements(self, statement_ids: Iterable[str]) -> set[str]:
        """The claims the given statements are in now (another writer's fusion may have grouped statements
        this writer has not fused yet)."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(statement_ids))):
                found.update(conn.execute(select(statements.c.claim_id).where(
                    statements.c.id.in_(chunk), statements.c.claim_id.is_not(None))).scalars())
        return found

    def claims_out_of_step(self) -> list[str]:
        """Claims whose statement count is not the number of statements carrying their id (their statements
        were replaced by a re-extraction whose fusion has not run)."""
        counted = (select(statements.c.claim_id, func.count().label("n")).where(statements.c.claim_id.is_not(None))
                   .group_by(statements.c.claim_id).subquery())
        q = (select(claims.c.id).outerjoin(counted, counted.c.claim_id == claims.c.id)
             .where(func.coalesce(counted.c.n, 0) != claims.c.statement_count))
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    # -- statements and sources --------------------------------------------------------------------
    def document_ids_to_extract(self, extractor: str, *, everything: bool = False) -> list[str]:
        """Ids of documents never extracted, or extracted by another version (all with ``everything``)."""
        q = select(documents.c.id).order_by(documents.c.seq)
        if not everything:
            q = q.outerjoin(extractions, extractions.c.document_id == documents.c.id).where(
                (extractions.c.extractor.is_(None)) | (extractions.c.extractor != extractor))
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def replace_statements(self, document_id: str, statement_rows: list[dict], extractor: str,
                           keys: Optional[dict[str, set[str]]] = None, *,
                           removed_source_keys: Optional[list[str]] = None) -> list[str]:
        """Replace a document's statements (and their blocking ``keys``: statement id -> keys) in one
        transaction; source ids are set by source fusion. Returns the claims the old statements were in;
        the registry keys of the old statements are added to ``removed_source_keys`` when given."""
        with self.engine.begin() as conn:
            old = select(statements.c.id).where(statements.c.document_id == document_id)
            touched = sorted(set(conn.execute(select(statements.c.claim_id).where(
                statements.c.document_id == document_id, statements.c.claim_id.is_not(None))).scalars()))
            if removed_source_keys is not None:
                removed_source_keys.extend(conn.execute(select(source_keys.c.key).where(
                    source_keys.c.statement_id.in_(old))).scalars())
            conn.execute(source_keys.delete().where(source_keys.c.statement_id.in_(old)))
            conn.execute(statement_keys.delete().where(statement_keys.c.statement_id.in_(old)))
            conn.execute(statements.delete().where(statements.c.document_id == document_id))
            if statement_rows:
                conn.execute(statements.insert(), statement_rows)
            key_rows = [{"key": k, "statement_id": sid} for sid, ks in (keys or {}).items() for k in sorted(ks)]
            if key_rows:
                conn.execute(statement_keys.insert(), key_rows)
            conn.execute(extractions.delete().where(extractions.c.document_id == document_id))
            conn.execute(extractions.insert().values(document_id=document_id, extractor=extractor,
                                                     statements=len(statement_rows), extracted_at=_now()))
        return touched

    def extractors_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Document id -> the extractor version that last extracted it, for those extracted at all."""
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(doc_ids))):
                out.update((r.document_id, r.extractor) for r in conn.execute(
                    select(extractions.c.document_id, extractions.c.extractor)
                    .where(extractions.c.document_id.in_(chunk))))
        return out

    def mention_rows(self, statement_ids: Optional[Iterable[str]] = None) -> list:
        """Statements' extracted source mentions (all, or the given statements), in document and reading
        order, with the source ids and registry contributions they have now."""
        q = (select(statements.c.id, statements.c.document_id, statements.c.source_mention,
                    statements.c.based_on_mentions, statements.c.source_id, statements.c.based_on,
                    statements.c.source_records, statements.c.claim_id)
             .join(documents, documents.c.id == statements.c.document_id)
             .order_by(documents.c.seq, statements.c.position))
        with self.engine.connect() as conn:
            if statement_ids is None:
                return list(conn.execute(q))
            out = []
            for chunk in _chunks(sorted(set(statement_ids))):
                out.extend(conn.execute(q.where(statements.c.id.in_(chunk))))
            return out

    # -- the source registry's keys ------------------------------------------------------------------
    def statements_with_source_keys(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys))):
                found.update(conn.execute(select(source_keys.c.statement_id)
                                          .where(source_keys.c.key.in_(chunk))).scalars())
        return found

    def source_keys_with_prefixes(self, prefixes: Iterable[str]) -> list[str]:
        """Every stored registry key starting with one of ``prefixes`` (with repeats): a range scan of the
        key index per prefix."""
        out: list[str] = []
        with self.engine.connect() as conn:
            for prefix in sorted(set(prefixes)):
                upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
                out.extend(conn.execute(select(source_keys.c.key).where(
                    source_keys.c.key >= prefix, source_keys.c.key < upper)).scalars())
        return out

    def statements_without_source_fusion(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(statements.c.id).where(statements.c.source_records.is_(None))).scalars())

    def source_rows_by_id(self, ids: Iterable[str]) -> dict:
        out = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(ids))):
                out.update((r.id, r) for r in conn.execute(select(sources).where(sources.c.id.in_(chunk))))
        return out

    def update_sources(self, upsert: list[dict], delete: Iterable[str], assignments: list[dict],
                       keys: dict[str, list[str]]) -> None:
        """Write the incremental result of source fusion in one transaction: records to insert or
        replace, records no statement contributes to any more, and the given statements' source ids,
        contributions and registry keys."""
        delete = sorted(set(delete))
        with self.engine.begin() as conn:
            have = set()
            for chunk in _chunks(sorted(r["id"] for r in upsert)):
                have.update(conn.execute(select(sources.c.id).where(sources.c.id.in_(chunk))).scalars())
            fresh = [{**r, "affiliation": None} for r in upsert if r["id"] not in have]
            if fresh:
                conn.execute(sources.insert(), fresh)
            if upsert:
                conn.execute(sources.update().where(sources.c.id == bindparam("sid")).values(
                    name=bindparam("n"), kind=bindparam("k"), role=bindparam("r"), affiliation=bindparam("a"),
                    country=bindparam("c"), aliases=bindparam("al")),
                    [{"sid": r["id"], "n": r["name"], "k": r["kind"], "r": r["role"], "a": r["affiliation"],
                      "c": r["country"], "al": r["aliases"]} for r in upsert])
            self._assign_sources(conn, assignments)
            for chunk in _chunks(sorted(keys)):
                conn.execute(source_keys.delete().where(source_keys.c.statement_id.in_(chunk)))
            key_rows = [{"key": k, "statement_id": sid} for sid in sorted(keys) for k in keys[sid]]
            for chunk in _chunks(key_rows, 5000):
                conn.execute(source_keys.insert(), chunk)
            for chunk in _chunks(delete):
                conn.execute(sources.update().where(sources.c.affiliation.in_(chunk)).values(affiliation=None))
                conn.execute(sources.delete().where(sources.c.id.in_(chunk)))

    @staticmethod
    def _assign_sources(conn, assignments: list[dict]) -> None:
        if assignments:
            conn.execute(statements.update().where(statements.c.id == bindparam("sid"))
                         .values(source_id=bindparam("src"), based_on=bindparam("bo"),
                                 source_records=bindparam("recs")),
                         [{"sid": a["sid"], "src": a["source_id"], "bo": a["based_on"],
                           "recs": a.get("source_records")} for a in assignments])

    # -- fusion --------------------------------------------------------------------------------------
    def fact_rows(self, *, statement_ids: Optional[Iterable[str]] = None,
                  claim_ids: Optional[Iterable[str]] = None) -> list:
        """Statements with what fusion needs of them and of their documents; all when no filter is given."""
        cols = [statements.c.id, statements.c.document_id, statements.c.source_id, statements.c.stance,
                statements.c.negated, statements.c.content, statements.c.terms, statements.c.places,
                statements.c.quantities, statements.c.said_on, statements.c.based_on, statements.c.claim_id,
                statements.c.event_times, documents.c.publisher, documents.c.published, documents.c.duplicate_of]
        base = select(*cols).join(documents, documents.c.id == statements.c.document_id).order_by(statements.c.id)
        with self.engine.connect() as conn:
            if statement_ids is None and claim_ids is None:
                return list(conn.execute(base))
            out = {}
            for chunk in _chunks(sorted(set(statement_ids or ()))):
                out.update((r.id, r) for r in conn.execute(base.where(statements.c.id.in_(chunk))))
            for chunk in _chunks(sorted(set(claim_ids or ()))):
                out.update((r.id, r) for r in conn.execute(base.where(statements.c.claim_id.in_(chunk))))
            return [out[k] for k in sorted(out)]

    def replace_all_keys(self, keys: dict[str, set[str]]) -> None:
        """Rewrite every statement's blocking keys (after the key scheme changed)."""
        with self.engine.begin() as conn:
            conn.execute(statement_keys.delete())
            rows = [{"key": k, "statement_id": sid} for sid, ks in sorted(keys.items()) for k in sorted(ks)]
            for chunk in _chunks(rows, 5000):
                conn.execute(statement_keys.insert(), chunk)

    def statements_sharing_keys(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys))):
                found.update(conn.execute(select(statement_keys.c.statement_id)
                                          .where(statement_keys.c.key.in_(chunk))).scalars())
        return found

    def replace_claims(self, remove: Iterable[str], claim_rows: list[dict], conflict_rows: list[dict],
                       assignments: dict[str, str], *, everything: bool = False) -> None:
        """Remove claims (all with ``everything``), write new ones with their conflicts, and set each
        assigned statement's claim_id, in one transaction."""
        with self.engine.begin() as conn:
            if everything:
                conn.execute(statements.update().values(claim_id=None))
                conn.execute(conflicts.delete())
                conn.execute(claims.delete())
            else:
                for chunk in _chunks(sorted(set(remove))):
                    conn.execute(conflicts.delete().where(conflicts.c.claim_id.in_(chunk)))
                    conn.execute(claims.delete().where(claims.c.id.in_(chunk)))
            if claim_rows:
                conn.execute(claims.insert(), claim_rows)
            if conflict_rows:
                conn.execute(conflicts.insert(), conflict_rows)
            if assignments:
                conn.execute(statements.update().where(statements.c.id == bindparam("sid"))
                             .values(claim_id=bindparam("cid")),
                             [{"sid": s, "cid": c} for s, c in sorted(assignments.items())])

    def claim_rows(self, *, ids: Optional[Iterable[str]] = None, status: Optional[str] = None) -> list:
        q = select(claims).order_by(claims.c.independent_origins.desc(), claims.c.statement_count.desc(), claims.c.id)
        if ids is not None:
            q = q.where(claims.c.id.in_(list(ids)))
        if status:
            q = q.where(claims.c.status == status)
        with self.engine.connect() as conn:
            return list(conn.execute(q))

    def conflict_rows(self, claim_id: Optional[str] = None) -> list:
        q = select(conflicts).order_by(conflicts.c.claim_id, conflicts.c.id)
        if claim_id:
            q = q.where(conflicts.c.claim_id == claim_id)
        with self.engine.connect() as conn:
            return list(conn.execute(q))

    def replace_sources(self, source_rows: list[dict], assignments: list[dict],
                        keys: Optional[dict[str, list[str]]] = None) -> None:
        """Replace the source registry, every statement's source_id/based_on/contributions and (when
        given) every registry key, in one transaction. ``assignments``: dicts with statement id ``sid``,
        ``source_id``, ``based_on`` and ``source_records``."""
        with self.engine.begin() as conn:
            if keys is not None:
                conn.execute(source_keys.delete())
                key_rows = [{"key": k, "statement_id": sid} for sid in sorted(keys) for k in keys[sid]]
                for chunk in _chunks(key_rows, 5000):
                    conn.execute(source_keys.insert(), chunk)
            conn.execute(statements.update().values(source_id=None))
            conn.execute(sources.update().values(affiliation=None))
            conn.execute(sources.delete())
            if source_rows:
                conn.execute(sources.insert(), [{**r, "affiliation": None} for r in source_rows])
                with_affiliation = [r for r in source_rows if r["affiliation"]]
                if with_affiliation:
                    conn.execute(sources.update().where(sources.c.id == bindparam("sid"))
                                 .values(affiliation=bindparam("aff")),
                                 [{"sid": r["id"], "aff": r["affiliation"]} for r in with_affiliation])
            self._assign_sources(conn, assignments)

    def statement_rows(self, document_id: Optional[str] = None, source_id: Optional[str] = None,
                       source_ids: Optional[list[str]] = None, statement_ids: Optional[list[str]] = None) -> list:
        q = (select(statements).join(documents, documents.c.id == statements.c.document_id)
             .order_by(documents.c.seq, statements.c.position))
        if document_id is not None:
            q = q.where(statements.c.document_id == document_id)
        if source_id is not None:
            q = q.where(statements.c.source_id == source_id)
        if source_ids is not None:
            q = q.where(statements.c.source_id.in_(source_ids))
        with self.engine.connect() as conn:
            if statement_ids is not None:
                out = []
                for chunk in _chunks(sorted(set(statement_ids))):
                    out.extend(conn.execute(q.where(statements.c.id.in_(chunk))))
                return out
            return list(conn.execute(q))

    def source_counts(self) -> dict[str, tuple[int, int]]:
        """Source id -> (statements, documents) where it is the speaker."""
        q = (select(statements.c.source_id, func.count(), func.count(func.distinct(statements.c.document_id)))
             .where(statements.c.source_id.is_not(None)).group_by(statements.c.source_id))
        with self.engine.connect() as conn:
            return {r[0]: (r[1], r[2]) for r in conn.execute(q)}

    def source_rows(self) -> list:
        with self.engine.connect() as conn:
            return list(conn.execute(select(sources).order_by(sources.c.id)))

    # -- import (a claimgraph-export/1 file read back: ingest/export_import.py) -----------------------
    def is_empty(self) -> bool:
        """Whether the store holds no document, statement, source, claim or journal row."""
        with self.engine.connect() as conn:
            return all(conn.execute(select(t.c[0]).limit(1)).first() is None
                       for t in (documents, statements, sources, claims, journal))

    def load_records(self, *, document_rows: list[dict], fingerprints: dict[str, Fingerprint],
                     source_rows: list[dict], statement_rows: list[dict], extraction_rows: list[dict],
                     claim_rows: list[dict], conflict_rows: list[dict], journal_rows: list[dict]) -> None:
        """Write a whole store's worth of rows (given as table rows) into an empty store, in one
        transaction: all or nothing. Raises StoreError if the store is not empty."""
        with self.engine.begin() as conn:
            for t in (documents, statements, sources, claims, journal):
                if conn.execute(select(t.c[0]).limit(1)).first() is not None:
                    raise db.StoreError(f"the store {self.display_url} is not empty (it has {t.name})")
            for chunk in _chunks([{**r, "duplicate_of": None} for r in document_rows], 200):
                conn.execute(documents.insert(), chunk)
            copies = [{"did": r["id"], "dup": r["duplicate_of"]} for r in document_rows if r.get("duplicate_of")]
            if copies:
                conn.execute(documents.update().where(documents.c.id == bindparam("did"))
                             .values(duplicate_of=bindparam("dup")), copies)
            if fingerprints:
                conn.execute(document_minhash.insert(), [{"document_id": d, "signature": fp.to_bytes()}
                                                         for d, fp in fingerprints.items()])
                bands = [{"band": b, "bucket": k, "document_id": d}
                         for d, fp in fingerprints.items() for b, k in fp.bands()]
                for chunk in _chunks(bands, 5000):
                    conn.execute(document_lsh_bands.insert(), chunk)
            if source_rows:
                conn.execute(sources.insert(), [{**r, "affiliation": None} for r in source_rows])
                linked = [{"sid": r["id"], "aff": r["affiliation"]} for r in source_rows if r.get("affiliation")]
                if linked:
                    conn.execute(sources.update().where(sources.c.id == bindparam("sid"))
                                 .values(affiliation=bindparam("aff")), linked)
            if claim_rows:
                conn.execute(claims.insert(), claim_rows)
            for chunk in _chunks(statement_rows, 2000):
                conn.execute(statements.insert(), chunk)
            if extraction_rows:
                conn.execute(extractions.insert(), [{**r, "extracted_at": _now()} for r in extraction_rows])
            if conflict_rows:
                conn.execute(conflicts.insert(), conflict_rows)
            if journal_rows:
                conn.execute(journal.insert(), [{**r, "at": _now()} for r in journal_rows])

    # -- journal -----------------------------------------------------------------------------------
    def add_journal(self, row: dict) -> None:
        with self.engine.begin() as conn:
            conn.execute(journal.insert().values(at=_now(), **row))

    def journal_rows(self, *, run_id: Optional[str] = None, status: Optional[str] = None,
                     limit: Optional[int] = None, last_run: bool = False) -> list:
        q = select(journal).order_by(journal.c.id)
        with self.engine.connect() as conn:
            if last_run and run_id is None:
                run_id = conn.execute(select(journal.c.run_id).order_by(journal.c.id.desc()).limit(1)).scalar()
            if run_id:
                q = q.where(journal.c.run_id == run_id)
            if status:
                q = q.where(journal.c.status == status)
            if limit:
                q = q.order_by(None).order_by(journal.c.id.desc()).limit(limit)
                return list(reversed(list(conn.execute(q))))
            return list(conn.execute(q))

    # -- search ------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Documents matching every word of ``query``, best first, with a snippet: matches between « and »."""
        words = re.findall(r"\w+", query, re.UNICODE)
        if not words:
            return []
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " ".join('"' + w.replace('"', '') + '"' for w in words)
                rows = conn.execute(text(
                    "SELECT d.id, d.title, d.publisher, d.published, "
                    "snippet(documents_fts, 1, '«', '»', ' … ', 16) AS snippet, bm25(documents_fts) AS score "
                    "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                    "WHERE documents_fts MATCH :m ORDER BY score LIMIT :n"), {"m": match, "n": limit})
                return [{**r._mapping, "score": -r.score} for r in rows]
            tsq = " & ".join(words)
            rows = conn.execute(text(
                "SELECT id, title, publisher, published, "
                "ts_headline('english', text, to_tsquery('english', :q), "
                "'StartSel=«,StopSel=»,MaxWords=24,MinWords=8') AS snippet, "
                "ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), to_tsquery('english', :q)) AS score "
                "FROM documents WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) "
                "@@ to_tsquery('english', :q) ORDER BY score DESC LIMIT :n"), {"q": tsq, "n": limit})
            return [dict(r._mapping) for r in rows]

    # -- paged reads for the JSON API and the web pages --------------------------------------------------
    def _page(self, q, limit: int, offset: int) -> tuple[list, int]:
        """One page of a query's rows and the total number of rows it has."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
            rows = list(conn.execute(q.limit(limit).offset(offset))) if total > offset else []
        return rows, total

    def table_counts(self) -> dict[str, int]:
        """Number of documents, statements, sources, claims and conflicts."""
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (documents, statements, sources, claims, conflicts)}

    def document_row(self, doc_id: str):
        """One document's row with every column (text included), or None."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents).where(documents.c.id == doc_id)).first()

    def document_page(self, *, publisher: Optional[str] = None, language: Optional[str] = None,
                      limit: int = 50, offset: int = 0) -> tuple[list, int]:
        """Documents in ingest order without their text, filtered, one page, and how many match."""
        q = select(*[c for c in documents.c if c.name != "text"]).order_by(documents.c.seq)
        if publisher is not None:
            q = q.where(documents.c.publisher == publisher)
        if language is not None:
            q = q.where(documents.c.language == language)
        return self._page(q, limit, offset)

    def statement_page(self, *, document_id: Optional[str] = None, source_id: Optional[str] = None,
                       claim_id: Optional[str] = None, stance: Optional[str] = None,
                       limit: int = 50, offset: int = 0) -> tuple[list, int]:
        """Statements in document and reading order, filtered, one page, and how many match."""
        q = (select(statements).join(documents, documents.c.id == statements.c.document_id)
             .order_by(documents.c.seq, statements.c.position))
        for col, value in ((statements.c.document_id, document_id), (statements.c.source_id, source_id),
                           (statements.c.claim_id, claim_id), (statements.c.stance, stance)):
            if value is not None:
                q = q.where(col == value)
        return self._page(q, limit, offset)

    def source_page(self, *, kind: Optional[str] = None, country: Optional[str] = None,
                    name: Optional[str] = None, limit: int = 50, offset: int = 0) -> tuple[list, int]:
        """Sources with their numbers of statements and documents (columns ``statements``, ``documents``),
        most quoted first; ``name`` keeps those whose name or a spelling contains it."""
        counts = (select(statements.c.source_id.label("sid"), func.count().label("n"),
                         func.count(func.distinct(statements.c.document_id)).label("d"))
                  .where(statements.c.source_id.is_not(None)).group_by(statements.c.source_id).subquery())
        n, d = func.coalesce(counts.c.n, 0), func.coalesce(counts.c.d, 0)
        q = (select(sources, n.label("statements"), d.label("documents"))
             .outerjoin(counts, counts.c.sid == sources.c.id).order_by(n.desc(), func.lower(sources.c.name), sources.c.id))
        if kind is not None:
            q = q.where(sources.c.kind == kind)
        if country is not None:
            q = q.where(sources.c.country == country)
        if name:
            wanted = name.lower()
            q = q.where(func.lower(sources.c.name).contains(wanted, autoescape=True)
                        | func.lower(sources.c.aliases.cast(Text)).contains(wanted, autoescape=True))
        return self._page(q, limit, offset)

    def claim_page(self, *, status: Optional[str] = None, about: Optional[str] = None,
                   min_origins: Optional[int] = None, limit: int = 50, offset: int = 0) -> tuple[list, int]:
        """Claims, most independent origins first, filtered, one page, and how many match. ``about`` keeps
        claims whose summary or one of whose statements contains every word given."""
        q = select(claims).order_by(claims.c.independent_origins.desc(), claims.c.statement_count.desc(), claims.c.id)
        if status is not None:
            q = q.where(claims.c.status == status)
        if min_origins is not None:
            q = q.where(claims.c.independent_origins >= min_origins)
        for word in re.findall(r"\w+", (about or "").lower()):
            in_statement = (select(statements.c.id).where(statements.c.claim_id == claims.c.id,
                                                          func.lower(statements.c.content).contains(word, autoescape=True))
                            .exists())
            q = q.where(func.lower(claims.c.summary).contains(word, autoescape=True) | in_statement)
        return self._page(q, limit, offset)

    def ranked_claim_ids(self, *, status: Optional[str] = None, min_origins: Optional[int] = None) -> list[str]:
        """Every claim id in claim_page's order (most independent origins first), filtered the same way."""
        q = select(claims.c.id).order_by(claims.c.independent_origins.desc(), claims.c.statement_count.desc(), claims.c.id)
        if status is not None:
            q = q.where(claims.c.status == status)
        if min_origins is not None:
            q = q.where(claims.c.independent_origins >= min_origins)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def statement_ids_of_claims(self, claim_ids: Iterable[str]) -> dict[str, list[str]]:
        """Claim id -> its statements' ids in document and reading order (as in the export)."""
        out: dict[str, list[str]] = {}
        q = (select(statements.c.claim_id, statements.c.id).join(documents, documents.c.id == statements.c.document_id)
             .order_by(documents.c.seq, statements.c.position))
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(claim_ids))):
                for cid, sid in conn.execute(q.where(statements.c.claim_id.in_(chunk))):
                    out.setdefault(cid, []).append(sid)
        return out

    def conflict_page(self, *, kind: Optional[str] = None, claim_id: Optional[str] = None,
                      limit: int = 50, offset: int = 0) -> tuple[list, int]:
        q = select(conflicts).order_by(conflicts.c.claim_id, conflicts.c.id)
        if kind is not None:
            q = q.where(conflicts.c.kind == kind)
        if claim_id is not None:
            q = q.where(conflicts.c.claim_id == claim_id)
        return self._page(q, limit, offset)

    def statements_citing(self, source_id: str, limit: int = 200) -> list:
        """Statements whose based_on names ``source_id`` (who cites this source), in document order."""
        needle = '"' + source_id + '"'
        q = (select(statements).join(documents, documents.c.id == statements.c.document_id)
             .where(statements.c.based_on.cast(Text).contains(needle, autoescape=True))
             .order_by(documents.c.seq, statements.c.position).limit(limit))
        with self.engine.connect() as conn:
            return list(conn.execute(q))

    def sources_speaking_for(self, source_id: str) -> list:
        """Sources whose affiliation is ``source_id``."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(sources).where(sources.c.affiliation == source_id).order_by(sources.c.name)))

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """Documents (with their text) by id, read in a few queries instead of one each."""
        out: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(ids))):
                out.update((r.id, row_to_document(r)) for r in conn.execute(select(documents).where(documents.c.id.in_(chunk))))
        return out
