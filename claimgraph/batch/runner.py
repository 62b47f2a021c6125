"""The batch runner: inputs read lazily in partitions, extraction on Dask workers, results streamed into
the store, fusion once at the end.

    client (this process)                           Dask workers
    read_inputs -> partition of items
      -> Claimgraph.ingest_items (dedup, journal)
      -> documents not yet extracted  ------------>  worker.extract_partition (spaCy + rules)
    Claimgraph.store_extraction  <-----------------  statement rows + blocking keys
    ... at most ``in_flight`` partitions out at once (memory stays bounded) ...
    fuse_engine.update_after_extraction (sources, claims, conflicts) every ``fuse_every`` documents and
    at the end, so the client's memory stays bounded too (incremental fusion is order-independent)

Restarting a stopped batch redoes nothing that is finished: the documents read before are duplicates of
themselves, and those already extracted by this extractor version are not sent again. A document whose
extraction fails is sent again once, alone; if it fails again it is journalled as 'failed' and the batch
goes on (a later run tries it again).
"""
from __future__ import annotations

import itertools
import logging
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from claimgraph.ingest.inputs import EXTENSIONS, ReadOptions, is_url, read_inputs
from claimgraph.ingest.metadata import normalize_published

DEFAULT_PARTITION = 32
DEFAULT_FUSE_EVERY = 5000  # documents between fusion rounds: bounds the client's fusion working set
log = logging.getLogger(__name__)


class BatchError(Exception):
    """The batch cannot run (scheduler unreachable, workers without claimgraph...): the message says why."""


@dataclass
class BatchReport:
    run_id: str
    workers: int = 0
    scheduler: str = "local"
    items: Counter = field(default_factory=Counter)  # accepted, duplicate, rejected, skipped
    extracted: int = 0  # documents extracted in this run
    statements: int = 0
    already_extracted: int = 0  # documents found extracted by this extractor version (a restarted batch)
    not_extracted: dict[str, str] = field(default_factory=dict)  # not English
    retried: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # document id -> error, after the retry
    words: int = 0
    seconds: float = 0.0
    peak_memory: dict[str, int] = field(default_factory=dict)  # worker -> peak resident bytes
    busy_seconds: dict[str, float] = field(default_factory=dict)  # worker -> seconds spent extracting
    fusion: Optional[dict] = None
    interrupted: bool = False

    @property
    def documents_per_second(self) -> float:
        return self.extracted / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "workers": self.workers, "scheduler": self.scheduler,
                "accepted": self.items["accepted"], "duplicates": self.items["duplicate"],
                "rejected": self.items["rejected"], "skipped": self.items["skipped"],
                "extracted": self.extracted, "statements": self.statements,
                "already_extracted": self.already_extracted, "not_extracted": self.not_extracted,
                "retried": self.retried, "failed": self.failed, "words": self.words,
                "seconds": round(self.seconds, 3), "documents_per_second": round(self.documents_per_second, 3),
                "peak_memory_per_worker": self.peak_memory,
                "busy_seconds_per_worker": {k: round(v, 2) for k, v in self.busy_seconds.items()},
                "fusion": self.fusion, "interrupted": self.interrupted}


@dataclass
class Progress:
    """What the progress callback gets after every change: items finished, and the estimate of all."""
    done: int
    total: Optional[int]
    extracted: int
    failed: int


def partitions(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def count_items(inputs: Iterable[str]) -> Optional[int]:
    """How many items the inputs hold, read cheaply (JSONL lines, files, WARC HTML responses), for the
    progress bar's total and ETA; None when some input cannot be counted without fetching (URLs, stdin)."""
    from claimgraph.ingest.warc import is_warc_name, looks_like_warc

    total = 0
    for arg in inputs:
        if arg == "-" or is_url(arg):
            return None
        path = Path(arg)
        files = ([p for p in sorted(path.rglob("*")) if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts)]
                 if path.is_dir() else [path])
        for f in files:
            if not f.exists():
                total += 1
                continue
            kind = EXTENSIONS.get(f.suffix.lower())
            if is_warc_name(f) or (kind is None and looks_like_warc(f)):
                n = _count_warc(f)
                if n is None:
                    return None
                total += n
            elif kind == "jsonl":
                with f.open("rb") as stream:
                    total += sum(1 for line in stream if line.strip())
            elif kind == "feed":
                return None
            else:
                total += 1
    return total


def _count_warc(path: Path) -> Optional[int]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        with path.open("rb") as stream:
            n = 0
            for record in ArchiveIterator(stream, arc2warc=True):
                if record.rec_type in ("response", "resource"):
                    n += 1
            return n + 1  # the 'skipped' summary row
    except Exception:  # noqa: BLE001 - counting is only for the ETA
        return None


@contextmanager
def dask_client(workers: int, scheduler: Optional[str], *, processes: bool = True,
                memory_limit: str = "auto", connect_timeout: float = 15.0):
    """A Client on the given scheduler, or on a LocalCluster of ``workers`` single-threaded workers."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{connect_timeout}s")
        except (OSError, TimeoutError) as e:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                           dashboard_address=":0", memory_limit=memory_limit, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _check_workers(client, extractor: str) -> int:
    """Fail early, with the reason, when the workers cannot run claimgraph or run another version."""
    from claimgraph.batch import worker

    infos = client.scheduler_info(n_workers=-1).get("workers", {})
    if not infos:
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError as e:
            raise BatchError("the Dask cluster has no workers (none joined within 60 s)") from e
        infos = client.scheduler_info(n_workers=-1).get("workers", {})
    try:
        seen = client.run(worker.describe)
    except Exception as e:  # noqa: BLE001 - e.g. ModuleNotFoundError on a worker without claimgraph
        raise BatchError(f"the Dask workers cannot run claimgraph ({type(e).__name__}: {e}); install the same "
                         "claimgraph version on every worker") from e
    other = {addr: d["extractor"] for addr, d in seen.items() if d["extractor"] != extractor}
    if other:
        addr, version = next(iter(other.items()))
        raise BatchError(f"worker {addr} extracts with {version}, this client with {extractor}: install the same "
                         "claimgraph version everywhere")
    return len(infos)


def run_batch(cg, inputs: list[str], *, workers: int = 2, scheduler: Optional[str] = None,
              partition_size: int = DEFAULT_PARTITION, in_flight: Optional[int] = None,
              publisher: Optional[str] = None, published: Optional[str] = None,
              on_progress: Optional[Callable[[Progress], None]] = None, total: Optional[int] = None,
              processes: bool = True, memory_limit: str = "auto", connect_timeout: float = 15.0,
              fuse_every: int = DEFAULT_FUSE_EVERY, extract_fn: Optional[Callable] = None) -> BatchReport:
    """Ingest ``inputs`` into ``cg``'s store and extract them on Dask; see the module's docstring.

    ``extract_fn`` replaces worker.extract_partition (tests inject failures with it); ``processes=False``
    runs the workers as threads of this process (tests)."""
    from claimgraph.batch import worker
    from claimgraph.extract import EXTRACTOR_VERSION
    from claimgraph.fuse import engine as fuse_engine
    from claimgraph.pipeline import ACCEPTED, DUPLICATE, FAILED, ExtractReport

    published = normalize_published(published) if published else None  # ValueError for a bad date
    extract_fn = extract_fn or worker.extract_partition
    options = ReadOptions(max_bytes=cg.max_bytes, allow_private_urls=cg.allow_private_urls)
    report = BatchReport(run_id=uuid.uuid4().hex, scheduler=scheduler or "local")
    ext = ExtractReport(extractor=EXTRACTOR_VERSION)
    started = time.perf_counter()
    done = 0
    # future -> (attempt, [(doc tuple, input)]): the only documents held in memory
    pending: dict = {}

    fused_at = 0  # report.extracted at the last fusion round
    rounds: list[dict] = []

    def fuse_round() -> None:
        """Fuse everything extracted and not fused yet (also what a stopped run or another writer left)."""
        nonlocal fused_at
        t0 = time.perf_counter()
        fused_at = report.extracted
        with cg.store.exclusive("fusion"):  # one fusion at a time among writers sharing a store
            unfused = cg.store.statements_without_source_fusion()
            ext.touched_claim_ids.update(cg.store.claim_ids_of_statements(unfused))  # grouped by another writer
            if not (unfused or ext.touched_claim_ids or ext.removed_source_keys):
                return
            try:
                result = fuse_engine.update_after_extraction(
                    cg.store, unfused, ext.touched_claim_ids, ext.removed_source_keys).as_dict()
            except Exception as e:  # noqa: BLE001 - the extracted statements are stored; say so, do not lose them
                log.info("fusion failed", exc_info=True)
                result = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"}
        ext.new_statement_ids.clear()
        ext.touched_claim_ids.clear()
        ext.removed_source_keys.clear()
        result["seconds"] = round(time.perf_counter() - t0, 3)
        rounds.append(result)

    def progress() -> None:
        if on_progress:
            on_progress(Progress(done, total, report.extracted, len(report.failed)))

    def fail(doc: tuple, input: str, why: str) -> None:
        nonlocal done
        report.failed[doc[0]] = why
        cg.store.add_journal({"run_id": report.run_id, "input": input, "kind": "batch", "status": FAILED,
                              "document_id": doc[0], "duplicate_of": None,
                              "reason": f"extraction failed twice: {why}"})
        done += 1

    with dask_client(workers, scheduler, processes=processes, memory_limit=memory_limit,
                     connect_timeout=connect_timeout) as client:
        report.workers = _check_workers(client, EXTRACTOR_VERSION)
        limit = in_flight or 2 * max(report.workers, 1)

        def submit(docs: list, attempt: int) -> None:
            future = client.submit(extract_fn, [d for d, _ in docs], pure=False)
            pending[future] = (attempt, docs)

        def retry(docs: list, why: dict) -> None:
            for doc, input in docs:
                report.retried += 1
                log.info("retrying %s after %s", doc[0], why.get(doc[0]))
                submit([(doc, input)], 1)

        def collect(future) -> None:
            nonlocal done
            attempt, docs = pending.pop(future)
            try:
                answer = future.result()
            except Exception as e:  # noqa: BLE001 - the task died (worker lost, out of memory...)
                why = f"{type(e).__name__}: {e}"[:500]
                if attempt == 0:
                    retry(docs, {d[0]: why for d, _ in docs})
                else:
                    for doc, input in docs:
                        fail(doc, input, why)
                return
            finally:
                future.release()
            by_id = {d[0]: (d, i) for d, i in docs}
            report.peak_memory[answer["worker"]] = max(report.peak_memory.get(answer["worker"], 0), answer["peak_rss"])
            report.busy_seconds[answer["worker"]] = report.busy_seconds.get(answer["worker"], 0.0) + answer.get("seconds", 0.0)
            again = []
            for r in answer["results"]:
                doc, input = by_id[r["id"]]
                if r["error"] is None:
                    cg.store_extraction(r["id"], r["rows"], r["keys"], ext)
                    report.extracted += 1
                    report.words += len(doc[1].split())
                    done += 1
                elif attempt == 0:
                    again.append((doc, input))
                else:
                    fail(doc, input, r["error"])
            if again:
                retry(again, {r["id"]: r["error"] for r in answer["results"] if r["error"]})
            progress()
            if report.extracted - fused_at >= fuse_every:
                fuse_round()

        def wait_until(at_most: int) -> None:
            from dask.distributed import wait

            while len(pending) > at_most:
                finished, _ = wait(list(pending), return_when="FIRST_COMPLETED")
                for future in finished:
                    collect(future)

        try:
            for chunk in partitions(read_inputs([str(i) for i in inputs], options), partition_size):
                ingested = cg.ingest_items(chunk, run_id=report.run_id, publisher=publisher, published=published,
                                           extract=False)
                wanted: dict[str, str] = {}
                for r in ingested.items:
                    report.items[r.status] += 1
                    if r.status in (ACCEPTED, DUPLICATE) and r.document_id:
                        wanted.setdefault(r.document_id, r.input)
                    else:
                        done += 1
                versions = cg.store.extractors_of(wanted)
                docs = []
                out_now = {d[0] for _, docs_out in pending.values() for d, _ in docs_out}
                for doc_id, input in wanted.items():
                    if doc_id in out_now or doc_id in report.failed:  # a copy of a document of this run
                        done += 1
                        continue
                    if versions.get(doc_id) == EXTRACTOR_VERSION:
                        report.already_extracted += 1
                        done += 1
                        continue
                    doc = cg.store.get_document(doc_id)
                    if doc.language not in (None, "en"):
                        cg.skip_extraction(doc_id, doc.language, ext)
                        report.not_extracted[doc_id] = ext.skipped[doc_id]
                        done += 1
                        continue
                    docs.append(((doc.id, doc.text, doc.published, doc.publisher), input))
                if docs:
                    submit(docs, 0)
                progress()
                wait_until(limit - 1)
            wait_until(0)
        except BaseException:
            report.interrupted = True
            for future in list(pending):
                future.cancel()
            raise
        finally:
            report.statements = ext.statements
            report.seconds = time.perf_counter() - started
    fuse_round()  # the last round, over what is left
    if rounds:
        failed = next((r for r in rounds if "error" in r), None)
        report.fusion = {**(failed or rounds[-1]), "rounds": len(rounds),
                         "seconds": round(sum(r["seconds"] for r in rounds), 3)}
    return report
