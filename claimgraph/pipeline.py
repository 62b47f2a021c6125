"""The Python API: one object over a store that runs the pipeline (ingest -> extract -> fuse -> store).

    import claimgraph
    with claimgraph.open("news.db") as cg:
        report = cg.ingest(["articles/", "https://example.org/feed.xml"])
        print(report.accepted, report.duplicates, report.rejected)
        data = cg.export()
"""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from claimgraph.ingest import dedup, ids
from claimgraph.ingest.inputs import DEFAULT_MAX_BYTES, ReadOptions, read_inputs
from claimgraph.ingest.items import Item
from claimgraph.ingest.metadata import detect_language, normalize_published
from claimgraph.model import Document
from claimgraph.store.repository import Store

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass
class ItemResult:
    input: str
    kind: str
    status: str
    document_id: Optional[str] = None
    duplicate_of: Optional[str] = None
    reason: Optional[str] = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    run_id: str
    items: list[ItemResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(i.status for i in self.items)

    @property
    def accepted(self) -> int:
        return self.counts[ACCEPTED]

    @property
    def duplicates(self) -> int:
        return self.counts[DUPLICATE]

    @property
    def rejected(self) -> int:
        return self.counts[REJECTED]

    @property
    def near_duplicates(self) -> int:
        return sum(1 for i in self.items if i.status == ACCEPTED and i.duplicate_of)

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "accepted": self.accepted, "duplicates": self.duplicates,
                "near_duplicates": self.near_duplicates, "rejected": self.rejected,
                "items": [i.as_dict() for i in self.items]}


class Claimgraph:
    def __init__(self, db: Optional[str] = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 near_duplicate_threshold: float = dedup.DEFAULT_THRESHOLD, allow_private_urls: bool = False):
        self.store = Store(db)
        self.max_bytes = max_bytes
        self.near_duplicate_threshold = near_duplicate_threshold
        self.allow_private_urls = allow_private_urls

    def __enter__(self) -> "Claimgraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- ingest ------------------------------------------------------------------------------------
    def ingest(self, inputs: Iterable[str | Path], *, doc_id: Optional[str] = None, title: Optional[str] = None,
               publisher: Optional[str] = None, published: Optional[str] = None, stdin=None,
               on_item: Optional[Callable[[ItemResult], None]] = None) -> IngestReport:
        """Read every input, store what is new, journal everything. ``publisher``/``published`` apply to
        every document read; ``doc_id``/``title`` are for an input that is one document."""
        published = normalize_published(published) if published else None  # ValueError for a bad date
        options = ReadOptions(max_bytes=self.max_bytes, allow_private_urls=self.allow_private_urls,
                              doc_id=doc_id, title=title)
        report = IngestReport(run_id=uuid.uuid4().hex)
        for item in read_inputs([str(i) for i in inputs], options, stdin=stdin):
            result = self._ingest_item(item, report.run_id, publisher=publisher, published=published)
            report.items.append(result)
            if on_item:
                on_item(result)
        return report

    def ingest_document(self, doc: Document, *, input: Optional[str] = None) -> ItemResult:
        """Ingest one Document built in Python (the API's and web form's way in)."""
        item = Item(input=input or doc.origin or doc.id, kind=doc.input_kind or "api", document=doc)
        return self._ingest_item(item, uuid.uuid4().hex)

    def _ingest_item(self, item: Item, run_id: str, *, publisher=None, published=None) -> ItemResult:
        row = {"run_id": run_id, "input": item.input, "kind": item.kind}

        def journal(status: str, reason: Optional[str], document_id=None, duplicate_of=None) -> ItemResult:
            self.store.add_journal({**row, "status": status, "reason": reason, "document_id": document_id,
                                    "duplicate_of": duplicate_of})
            return ItemResult(item.input, item.kind, status, document_id, duplicate_of, reason)

        if item.reason or item.document is None:
            return journal(REJECTED, item.reason or "nothing could be read")
        doc = item.document
        notes = [item.note] if item.note else []
        if publisher:
            doc.publisher = publisher
        if published:
            doc.published = published
        elif doc.published:
            try:
                doc.published = normalize_published(doc.published)
            except ValueError as e:
                notes.append(f"publication date ignored ({e})")
                doc.published = None
        if not doc.text.strip():
            return journal(REJECTED, "empty text", doc.id)
        size = len(doc.text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            return journal(REJECTED, f"too large: text of {size:,} bytes is over the size limit of "
                                     f"{self.max_bytes:,} (--max-bytes)", doc.id)
        if "\x00" in doc.text:
            return journal(REJECTED, "binary data: the text contains NUL characters", doc.id)
        sha = ids.text_sha256(doc.text)
        existing = self.store.document_id_for_sha(sha)
        if existing:
            return journal(DUPLICATE, f"identical text to document {existing}", existing, existing)
        if self.store.has_document(doc.id):
            return journal(REJECTED, f"id {doc.id!r} is already used by a document with different text "
                                     "(give another with --id)", doc.id)
        doc.language = detect_language(doc.text)
        fp = dedup.fingerprint(doc.text)
        duplicate_of, similarity = None, None
        for cand_id, cand_dup_of, cand_fp in self.store.near_duplicate_candidates(fp):
            sim = fp.similarity(cand_fp)
            if sim >= self.near_duplicate_threshold and (similarity is None or sim > similarity):
                duplicate_of, similarity = cand_dup_of or cand_id, sim
        if duplicate_of:
            notes.insert(0, f"near-duplicate of {duplicate_of} (estimated similarity {similarity:.2f})")
        reason = "; ".join(notes) or None
        self.store.add_document(doc, sha=sha, fp=fp, duplicate_of=duplicate_of, similarity=similarity,
                                journal_row={**row, "status": ACCEPTED, "reason": reason, "document_id": doc.id,
                                             "duplicate_of": duplicate_of})
        return ItemResult(item.input, item.kind, ACCEPTED, doc.id, duplicate_of, reason)

    # -- read --------------------------------------------------------------------------------------
    def documents(self, limit: Optional[int] = None, offset: int = 0) -> list[dict]:
        return [dict(r._mapping) for r in self.store.document_rows(limit, offset)]

    def document(self, doc_id: str) -> Optional[Document]:
        return self.store.get_document(doc_id)

    def search(self, query: str, limit: int = 20) -> list[dict]:
        return self.store.search(query, limit)

    def journal(self, **filters) -> list[dict]:
        return [dict(r._mapping) for r in self.store.journal_rows(**filters)]

    # -- export ------------------------------------------------------------------------------------
    def export(self, path: Optional[str | Path] = None, *, include_text: bool = True) -> dict:
        """The whole store as claimgraph-export/1; written as JSON to ``path`` when given."""
        from claimgraph.present.export import build_export, write_json

        data = build_export(self.store, include_text=include_text)
        if path is not None:
            write_json(data, path)
        return data
