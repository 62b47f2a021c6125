"""The Python API: one object over a store that runs the pipeline (ingest -> extract -> fuse -> store).

    import claimgraph
    with claimgraph.open("news.db") as cg:
        report = cg.ingest(["articles/", "https://example.org/feed.xml"])
        print(report.accepted, report.duplicates, report.rejected)
        data = cg.export()
"""
from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from sqlalchemy.exc import IntegrityError

from claimgraph import limits
from claimgraph.fuse import engine as fuse_engine
from claimgraph.fuse.claims import keys_of
from claimgraph.fuse import source_fusion
from claimgraph.fuse.sources import known_bodies, name_key
from claimgraph.ingest import dedup, ids
from claimgraph.ingest.inputs import DEFAULT_MAX_BYTES, ReadOptions, read_inputs
from claimgraph.ingest.items import Item
from claimgraph.ingest.metadata import detect_language, normalize_published
from claimgraph.model import Document, Statement
from claimgraph.store.repository import Store

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"
SKIPPED = "skipped"  # records of an input counted but not documents (a WARC file's requests, images...)
FAILED = "failed"  # extraction failed on a document (batch runs journal it, after a retry)


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
class ExtractReport:
    extractor: str
    documents: int = 0
    statements: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # document id -> why it was not extracted
    failed: dict[str, str] = field(default_factory=dict)  # document id -> error
    timed_out: dict[str, str] = field(default_factory=dict)  # document id -> why (over the per-document time limit)
    new_statement_ids: list[str] = field(default_factory=list)
    touched_claim_ids: set[str] = field(default_factory=set)  # claims that held re-extracted statements
    removed_source_keys: list[str] = field(default_factory=list, repr=False)  # registry keys of replaced statements
    fusion: Optional[dict] = None

    def as_dict(self) -> dict:
        return {"extractor": self.extractor, "documents": self.documents, "statements": self.statements,
                "skipped": self.skipped, "failed": self.failed, "timed_out": self.timed_out, "fusion": self.fusion}


@dataclass
class IngestReport:
    run_id: str
    items: list[ItemResult] = field(default_factory=list)
    extraction: Optional[ExtractReport] = None

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
        return {"run_id": self.run_id, "statements": self.extraction.statements if self.extraction else None, "accepted": self.accepted, "duplicates": self.duplicates,
                "near_duplicates": self.near_duplicates, "rejected": self.rejected,
                "skipped": self.counts[SKIPPED], "items": [i.as_dict() for i in self.items]}


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) a span sits in: from the previous sentence end or line break to the next."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    left = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    ends = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "? ", "! "))) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return left, min(right, len(text))


def _chain_names(origin: str, facts, sources) -> list[list[str]]:
    """For an origin, the distinct chains that lead to it: source -> ... -> origin, by names."""
    chains = set()
    for f in facts:
        if origin not in f.origins or not f.source_id:
            continue
        chain, at, seen = [], f.source_id, set()
        while at and at in sources and at not in seen:
            seen.add(at)
            chain.append(sources[at].name)
            at = sources[at].affiliation
        if chain and origin in sources and sources[origin].name not in chain:  # reached through based_on
            chain.append("(based on) " + sources[origin].name)
        chains.add(tuple(chain))
    return [list(c) for c in sorted(chains)]


def mention_dict(m) -> dict:
    return {"text": m.text, "name": m.name, "kind": m.kind, "role": m.role, "affiliation": m.affiliation}


def statement_row(st: Statement, position: int, extractor: str) -> dict:
    """A statement as a row of the statements table; source ids are set by the registry (fuse_sources)."""
    src_span = st.source.span if st.source is not None and st.source.span else (None, None)
    cue_span = st.cue_span or (None, None)
    return {
        "id": f"{st.document_id}.s{position}", "document_id": st.document_id, "position": position,
        "source_id": None, "source_text": st.source.text if st.source is not None else None,
        "source_start": src_span[0], "source_end": src_span[1],
        "cue": st.cue, "cue_start": cue_span[0], "cue_end": cue_span[1],
        "content": st.content, "content_start": st.content_span[0], "content_end": st.content_span[1],
        "direct_quote": st.direct_quote, "stance": st.stance, "negated": st.negated, "framing": st.framing,
        "said_on": st.said_on.as_date() if st.said_on else None,
        "event_times": [t.as_date() for t in st.event_times], "based_on": [],
        "quantities": [q.as_record() for q in st.quantities], "places": [p.as_record() for p in st.places],
        "claim_id": None, "terms": list(st.terms),
        "extractor": extractor,
        "source_mention": mention_dict(st.source) if st.source is not None else None,
        "based_on_mentions": [mention_dict(m) for m in st.based_on],
    }


def extraction_rows(result, extractor: str) -> tuple[list[dict], dict[str, set[str]]]:
    """A DocumentExtraction as statements-table rows and their blocking keys; pure, so batch workers run it."""
    rows = [statement_row(st, position, extractor) for position, st in enumerate(result.statements)]
    keys = {r["id"]: keys_of(r["terms"], [p["code"] for p in r["places"] if p.get("code")]) for r in rows}
    return rows, keys


class Claimgraph:
    def __init__(self, db: Optional[str] = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 near_duplicate_threshold: float = dedup.DEFAULT_THRESHOLD, allow_private_urls: bool = False,
                 max_seconds: Optional[float] = None, fetch_timeout: float = 20.0):
        """``max_bytes``: size limit of a text (and of a fetched page or JSONL line); ``max_seconds``: time
        limit of one document's extraction (default $CLAIMGRAPH_MAX_SECONDS, else limits.DEFAULT_MAX_SECONDS;
        0 for none); ``fetch_timeout``: seconds a URL may take to answer."""
        known_bodies()  # a malformed $CLAIMGRAPH_SOURCES file is reported now, not half-way through a run
        self.max_seconds = limits.env_max_seconds() if max_seconds is None else max_seconds
        self.fetch_timeout = fetch_timeout
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
               extract: bool = True, on_item: Optional[Callable[[ItemResult], None]] = None,
               on_extracted: Optional[Callable[[str, int], None]] = None) -> IngestReport:
        """Read every input, store what is new, journal everything, then extract statements from the new
        documents (unless ``extract=False``). ``publisher``/``published`` apply to every document read;
        ``doc_id``/``title`` are for an input that is one document."""
        published = normalize_published(published) if published else None  # ValueError for a bad date
        options = ReadOptions(max_bytes=self.max_bytes, allow_private_urls=self.allow_private_urls,
                              doc_id=doc_id, title=title, fetch_timeout=self.fetch_timeout)
        return self.ingest_items(read_inputs([str(i) for i in inputs], options, stdin=stdin), publisher=publisher,
                                 published=published, extract=extract, on_item=on_item, on_extracted=on_extracted)

    def ingest_items(self, items: Iterable[Item], *, run_id: Optional[str] = None, publisher: Optional[str] = None,
                     published: Optional[str] = None, extract: bool = True,
                     on_item: Optional[Callable[[ItemResult], None]] = None,
                     on_extracted: Optional[Callable[[str, int], None]] = None) -> IngestReport:
        """Ingest items already read (by read_inputs, a feed poll, a batch partition) as one run; the rest
        as ``ingest``. ``published`` must be normalised already."""
        report = IngestReport(run_id=run_id or uuid.uuid4().hex)
        for item in items:
            result = self._ingest_item(item, report.run_id, publisher=publisher, published=published)
            report.items.append(result)
            if on_item:
                on_item(result)
        if extract:
            new = [i.document_id for i in report.items if i.status == ACCEPTED]
            # documents read again that a stopped run stored but never extracted (killed in between)
            seen = [i.document_id for i in report.items if i.status == DUPLICATE and i.document_id]
            done = self.store.extractors_of(seen) if seen else {}
            unextracted = list(dict.fromkeys(d for d in seen if d not in done and d not in new))
            report.extraction = self.extract(new + unextracted, on_document=on_extracted)
            self._reject_timed_out(report, set(new + unextracted))
            if seen and self.store.unfused_statement_count(seen):
                # a stopped run left fusion unfinished: rebuild it, which gives what the run would have
                report.extraction.fusion = self.fuse(rebuild=True)
        return report

    def _reject_timed_out(self, report: IngestReport, brought: set[str]) -> None:
        """Documents this run stored whose extraction ran over the time limit are taken out of the store
        again and journalled as rejected with the reason; the run's other documents stay."""
        timed_out = report.extraction.timed_out if report.extraction else {}
        for result in report.items:
            if result.document_id in timed_out and result.status in (ACCEPTED, DUPLICATE):
                reason = timed_out[result.document_id]
                if result.document_id in brought:
                    self.store.remove_document(result.document_id, journal_row={
                        "run_id": report.run_id, "input": result.input, "kind": result.kind, "status": REJECTED,
                        "reason": reason, "document_id": result.document_id, "duplicate_of": None})
                    brought.discard(result.document_id)
                elif self.store.has_document(result.document_id):
                    continue  # stored before this run and extracted then: it stays as it was
                result.status, result.reason, result.duplicate_of = REJECTED, reason, None

    # -- extract -----------------------------------------------------------------------------------
    def extract(self, doc_ids: Optional[Iterable[str]] = None, *, everything: bool = False,
                on_document: Optional[Callable[[str, int], None]] = None, batch: int = 64) -> ExtractReport:
        """Extract statements from the given documents (default: those not yet extracted by this
        extractor version; ``everything``: all). Each document's statements replace its old ones."""
        from claimgraph.extract import EXTRACTOR_VERSION

        report = ExtractReport(extractor=EXTRACTOR_VERSION)
        left_unfused = self.store.has_unfused_statements()  # a stopped run's, or a batch whose fusion failed
        if doc_ids is None:
            doc_ids = self.store.document_ids_to_extract(EXTRACTOR_VERSION, everything=everything)
        pending: list[Document] = []
        for doc_id in doc_ids:
            doc = self.store.get_document(doc_id)
            if doc is None:
                report.failed[doc_id] = "no such document"
                continue
            if doc.language not in (None, "en"):
                self.skip_extraction(doc_id, doc.language, report)
                continue
            pending.append(doc)
            if len(pending) >= batch:
                self._extract_batch(pending, report, on_document)
                pending = []
        if pending:
            self._extract_batch(pending, report, on_document)
        stale = left_unfused and bool(self.store.claims_out_of_step())
        if (report.documents or report.skipped) and stale:
            # a re-extraction stopped before its fusion left claims counting statements that are gone, which
            # no incremental step knows of: rebuild fusion (what that run would have ended with)
            report.fusion = self.fuse(rebuild=True)
        elif report.documents or report.skipped:
            with self.store.exclusive("fusion"):  # one fusion at a time among writers sharing a store
                # a concurrent writer's fusion may have put some of these statements in its claims already
                report.touched_claim_ids.update(self.store.claim_ids_of_statements(report.new_statement_ids))
                report.fusion = fuse_engine.update_after_extraction(
                    self.store, report.new_statement_ids, report.touched_claim_ids,
                    report.removed_source_keys).as_dict()
        if not stale and report.touched_claim_ids and self.store.claims_out_of_step():
            report.fusion = self.fuse(rebuild=True)  # the same, should a claim still be out of step
        return report

    def fuse(self, rebuild: bool = False) -> dict:
        """Recompute sources and claims: everything with ``rebuild``, else only what is not fused yet."""
        with self.store.exclusive("fusion"):
            return self._fuse(rebuild)

    def _fuse(self, rebuild: bool) -> dict:
        if rebuild:
            self.fuse_sources()
            return fuse_engine.rebuild(self.store).as_dict()
        unresolved = self.store.statements_without_source_fusion()
        changed = source_fusion.update_sources(self.store, unresolved) if unresolved else set()
        unfused = [r.id for r in self.store.fact_rows() if r.claim_id is None]
        return fuse_engine.update(self.store, unfused, changed).as_dict()

    # -- fuse ----------------------------------------------------------------------------------------
    def fuse_sources(self) -> set[str]:
        """Rebuild the registry of canonical sources from every statement's mentions. Returns the claims
        whose statements now pass on other origins (a new spelling joined a source, an affiliation changed)."""
        return source_fusion.rebuild_sources(self.store)

    def _extract_batch(self, docs: list[Document], report: ExtractReport, on_document) -> None:
        from claimgraph.extract import EXTRACTOR_VERSION, extract_documents

        items = [(d.id, d.text, d.published, d.publisher) for d in docs]
        limit = self.max_seconds or None
        if limit:
            limits.warm_up()  # model, gazetteers and imports are loaded outside any document's time
        # documents are parsed together (spaCy batches them) and each step of the stream, one document's
        # extraction (with the parse of the next spaCy batch at times), gets the per-document limit; a step
        # over it, or an error, sends the rest of the batch through one document at a time
        stream = extract_documents(items)
        done = 0
        while done < len(items):
            try:
                with limits.deadline(limit):
                    result = next(stream)
            except StopIteration:
                break
            except Exception:  # noqa: BLE001 - ExtractionTimeout too: find the document, keep the others
                break
            rows, keys = extraction_rows(result, EXTRACTOR_VERSION)
            self.store_extraction(result.document_id, rows, keys, report, on_document)
            done += 1
        stream.close()
        for item in items[done:]:
            try:
                with limits.deadline(limit):
                    results = list(extract_documents([item]))
            except limits.ExtractionTimeout:
                report.timed_out[item[0]] = (f"extraction over the time limit of {limits.describe(limit)} per "
                                             "document (--max-seconds)")
                continue
            except Exception as e:  # noqa: BLE001
                report.failed[item[0]] = f"{type(e).__name__}: {e}"
                continue
            for result in results:
                rows, keys = extraction_rows(result, EXTRACTOR_VERSION)
                self.store_extraction(result.document_id, rows, keys, report, on_document)

    def store_extraction(self, doc_id: str, rows: list[dict], keys: dict[str, set[str]], report: ExtractReport,
                         on_document=None) -> None:
        """Write one document's statements (made here or on a batch worker by ``extraction_rows``) in place
        of its old ones, and account for them in ``report``; fusion follows when the caller is done."""
        from claimgraph.extract import EXTRACTOR_VERSION

        report.touched_claim_ids.update(self.store.replace_statements(
            doc_id, rows, EXTRACTOR_VERSION, keys, removed_source_keys=report.removed_source_keys))
        report.new_statement_ids.extend(r["id"] for r in rows)
        report.documents += 1
        report.statements += len(rows)
        if on_document:
            on_document(doc_id, len(rows))

    def skip_extraction(self, doc_id: str, language: Optional[str], report: ExtractReport) -> None:
        """A document the extractor cannot read (not English): no statements, recorded as extracted."""
        from claimgraph.extract import EXTRACTOR_VERSION

        report.skipped[doc_id] = f"language {language!r}: the extractor reads English"
        report.touched_claim_ids.update(self.store.replace_statements(
            doc_id, [], EXTRACTOR_VERSION, removed_source_keys=report.removed_source_keys))

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

        if item.skipped:
            return journal(SKIPPED, item.reason)
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
        try:
            self.store.add_document(doc, sha=sha, fp=fp, duplicate_of=duplicate_of, similarity=similarity,
                                    journal_row={**row, "status": ACCEPTED, "reason": reason, "document_id": doc.id,
                                                 "duplicate_of": duplicate_of})
        except IntegrityError:  # another writer stored this text (or took this id) since the checks above
            existing = self.store.document_id_for_sha(sha)
            if existing:
                return journal(DUPLICATE, f"identical text to document {existing}", existing, existing)
            return journal(REJECTED, f"id {doc.id!r} is already used by a document with different text "
                                     "(give another with --id)", doc.id)
        return ItemResult(item.input, item.kind, ACCEPTED, doc.id, duplicate_of, reason)

    # -- read --------------------------------------------------------------------------------------
    def source_ids_matching(self, source: str) -> list[str]:
        """Ids of sources whose id, name or an alias is ``source`` (case, punctuation and 'the' aside);
        failing that, those whose name or an alias contains it as whole words ('Patel')."""
        wanted = name_key(source)
        rows = self.store.source_rows()
        exact = [r.id for r in rows
                 if r.id == source or any(name_key(a) == wanted for a in [r.name, *(r.aliases or [])])]
        if exact:
            return exact
        return [r.id for r in rows
                if any(f"-{wanted}-" in f"-{name_key(a)}-" for a in [r.name, *(r.aliases or [])])]

    def statements(self, document_id: Optional[str] = None, source: Optional[str] = None) -> list[dict]:
        """Statements in document order, as export records; ``source`` as in source_ids_matching."""
        from claimgraph.present.export import statement_record

        source_ids = self.source_ids_matching(source) if source else None
        return [statement_record(r) for r in self.store.statement_rows(document_id, source_ids=source_ids)]

    def claims(self, about: Optional[str] = None, status: Optional[str] = None) -> list[dict]:
        """Claims as export records, most independent origins first; ``about`` keeps claims whose summary
        or statements contain every word given."""
        from claimgraph.present.export import claim_records

        records = claim_records(self.store, status=status)
        if about:
            words = [w for w in re.findall(r"\w+", about.lower())]
            text_of: dict[str, str] = {}
            for row in self.store.statement_rows():
                if row.claim_id:
                    text_of[row.claim_id] = text_of.get(row.claim_id, "") + " " + row.content.lower()
            records = [c for c in records
                       if all(re.search(rf"\b{re.escape(w)}", c["summary"].lower() + text_of.get(c["id"], ""))
                              for w in words)]
        return records

    def claim(self, claim_id: str) -> Optional[dict]:
        """One claim with its statements (sentence, document, date, source), origins, conflicts and timeline."""
        from claimgraph.fuse.engine import facts_from_rows
        from claimgraph.fuse.timeline import timeline
        from claimgraph.present.export import claim_records, conflict_record

        found = claim_records(self.store, ids=[claim_id])
        if not found:
            return None
        claim = found[0]
        sources = {r.id: r for r in self.store.source_rows()}
        names = {k: v.name for k, v in sources.items()}
        facts = facts_from_rows(self.store.fact_rows(claim_ids=[claim_id]), {k: v.affiliation for k, v in sources.items()})
        by_id = {r.id: r for r in self.store.statement_rows(statement_ids=claim["statement_ids"])}
        docs = {}
        statements = []
        for f in sorted(facts, key=lambda f: (f.date or "9999", f.id)):
            row = by_id[f.id]
            doc = docs.get(f.document_id) or docs.setdefault(f.document_id, self.store.get_document(f.document_id))
            start, end = _sentence_around(doc.text, row.content_start, row.content_end)
            statements.append({
                "id": f.id, "document_id": f.document_id, "publisher": doc.publisher, "published": doc.published,
                "url": doc.url, "date": f.date, "source_id": f.source_id, "source": names.get(f.source_id or ""),
                "source_text": row.source_text, "cue": row.cue, "stance": f.stance, "negated": f.negated,
                "content": row.content, "sentence": doc.text[start:end], "sentence_span": [start, end],
                "content_span": [row.content_start, row.content_end], "origins": sorted(f.origins),
                "quantities": row.quantities or []})
        claim["origins"] = [{"id": o, "name": names.get(o, o), "chain": _chain_names(o, facts, sources)}
                            for o in claim["origin_source_ids"]]
        claim["statements"] = statements
        claim["conflicts"] = [conflict_record(r) for r in self.store.conflict_rows(claim_id)]
        claim["timeline"] = timeline(facts, names)
        return claim

    def conflicts(self) -> list[dict]:
        from claimgraph.present.export import conflict_record

        return [conflict_record(r) for r in self.store.conflict_rows()]

    def sources(self) -> list[dict]:
        """Canonical sources with their number of statements and documents, most quoted first."""
        counts = self.store.source_counts()
        out = [{**r._mapping, "statements": counts.get(r.id, (0, 0))[0], "documents": counts.get(r.id, (0, 0))[1]}
               for r in self.store.source_rows()]
        return sorted(out, key=lambda s: (-s["statements"], s["name"].lower()))

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
