"""How fast `claimgraph batch` extracts, per worker, against bare spaCy on the same text in the same run.

    python benchmarks/batch_speed.py --docs 2000            # 1 and 2 workers, then bare nlp.pipe
    python benchmarks/batch_speed.py --docs 100 --workers 1  # a quick check
    python benchmarks/batch_speed.py --docs 20000 --workers 2 --no-bare --memory-limit 1.5GiB

Documents are PolNeAR articles (../shared/data/polnear/*.jsonl, read at run time) repeated with new ids;
each copy gets one extra line naming the copy, so it is a new text (a near-duplicate, which is stored and
extracted like any other) rather than an exact duplicate that ingest would skip. Each worker count runs on
a fresh SQLite store in a temporary folder.

Figures: documents/s and words/s over the whole batch (cluster start, model loading and the final fusion
included) and in steady state (from the first partition's results to the last, which is what a long run
approaches; use a small --partition-size on small runs so that there are many partitions); words per
second of worker time (extraction time measured inside the workers: the per-core rate); scaling efficiency (rate with N workers / (N x rate with 1)); peak resident memory of each
worker process; and the ratio of the 1-worker steady rate to bare `nlp.pipe` of the same pipeline
(en_core_web_sm + line breaks) on the same texts in this process.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear"


def make_corpus(data_dir: Path, n: int, out: Path) -> tuple[int, int]:
    """Write ``n`` documents to ``out`` (JSONL); returns (documents, words)."""
    files = sorted(data_dir.glob("*.jsonl"))
    if not files:
        sys.exit(f"error: no *.jsonl files in {data_dir} (give --data)")
    base = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = 0
    with out.open("w", encoding="utf-8") as stream:
        for k, rec in zip(range(n), itertools.cycle(base)):
            copy = k // len(base)
            text = rec["text"] if copy == 0 else f"{rec['text']}\n\n(Benchmark copy {copy} of {rec['id']}.)"
            words += len(text.split())
            stream.write(json.dumps({"id": f"{rec['id']}~{copy}", "text": text, "published": rec.get("published"),
                                     "publisher": rec.get("publisher")}) + "\n")
    return n, words


def run_batch_once(corpus: Path, workers: int, workdir: Path, partition_size: int, memory_limit: str) -> dict:
    import claimgraph
    from claimgraph.batch import run_batch

    db = workdir / f"batch-{workers}w.db"
    stamps: list[tuple[float, int]] = []

    def on_progress(p) -> None:
        stamps.append((time.perf_counter(), p.extracted))
        if p.extracted and len(stamps) % 20 == 0:
            print(f"  {workers} workers: {p.extracted} documents extracted", file=sys.stderr, flush=True)

    started = time.perf_counter()
    with claimgraph.open(str(db)) as cg:
        report = run_batch(cg, [str(corpus)], workers=workers, partition_size=partition_size,
                           memory_limit=memory_limit, on_progress=on_progress)
    wall = time.perf_counter() - started
    firsts = [(t, e) for t, e in stamps if e > 0]
    steady = None
    if len(firsts) >= 2 and firsts[-1][1] > firsts[0][1]:
        (t0, e0), (t1, e1) = firsts[0], firsts[-1]
        steady = (e1 - e0) / (t1 - t0)
    return {"workers": workers, "documents": report.extracted, "failed": len(report.failed),
            "statements": report.statements, "words": report.words, "wall_seconds": round(wall, 2),
            "extract_seconds": round(report.seconds, 2), "fusion_seconds": (report.fusion or {}).get("seconds"),
            "docs_per_s": round(report.extracted / wall, 3), "words_per_s": round(report.words / wall, 1),
            "steady_docs_per_s": round(steady, 3) if steady else None,
            "steady_words_per_s": round(steady * report.words / max(report.extracted, 1), 1) if steady else None,
            "peak_memory_mib_per_worker": sorted(round(v / 2**20) for v in report.peak_memory.values()),
            # extraction time measured inside the workers (no start-up, no waiting): the per-core rate
            "worker_busy_seconds": round(sum(report.busy_seconds.values()), 2),
            "words_per_busy_core_s": round(report.words / sum(report.busy_seconds.values()), 1)
            if report.busy_seconds else None}


def bare_spacy(corpus: Path, limit: int | None) -> dict:
    from claimgraph.extract.nlp import get_nlp

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    if limit:
        texts = texts[:limit]
    nlp = get_nlp()
    list(nlp.pipe(texts[:4]))  # warm up
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    seconds = time.perf_counter() - t0
    return {"documents": len(texts), "words": words, "seconds": round(seconds, 2),
            "docs_per_s": round(len(texts) / seconds, 3), "words_per_s": round(words / seconds, 1)}


def client_ingest(corpus: Path, workdir: Path, limit: int) -> dict:
    """What the batch client does per document besides writing rows: read, dedup (hash, MinHash/LSH),
    language, journal, store, with no extraction. It is one process, so it bounds a cluster's rate."""
    import claimgraph

    part = workdir / "ingest-part.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[:limit]
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with claimgraph.open(str(workdir / "ingest-only.db")) as cg:
        t0 = time.perf_counter()
        report = cg.ingest([part], extract=False)
        seconds = time.perf_counter() - t0
    return {"documents": report.accepted, "seconds": round(seconds, 2), "docs_per_s": round(report.accepted / seconds, 1)}


def html_pages(corpus: Path, limit: int) -> dict:
    """Main text from HTML (trafilatura), as for WARC and URL input: the texts laid out as simple article
    pages with a navigation bar and a footer. Real pages carry more markup, so this is a lower bound."""
    from claimgraph.ingest.html import read_html

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()[:limit]]
    pages = []
    for n, t in enumerate(texts):
        paras = "".join(f"<p>{p}</p>" for p in t.split("\n") if p.strip())
        pages.append(f"<html><head><title>Story {n}</title></head><body><nav><a href='/'>Home</a> | "
                     f"<a href='/world'>World</a></nav><article><h1>Story {n}</h1>{paras}</article>"
                     f"<footer>Copyright The Paper</footer></body></html>")
    t0 = time.perf_counter()
    ok = sum(1 for n, page in enumerate(pages)
             if read_html(page, input=f"page{n}", kind="html", doc_id=f"p{n}").document is not None)
    seconds = time.perf_counter() - t0
    return {"pages": len(pages), "with_text": ok, "seconds": round(seconds, 2),
            "pages_per_s": round(len(pages) / seconds, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="documents in the batch (default 2000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated (default 1,2)")
    ap.add_argument("--partition-size", type=int, default=32)
    ap.add_argument("--memory-limit", default="auto", help="Dask memory limit per worker (e.g. 1.5GiB)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of PolNeAR-style *.jsonl files")
    ap.add_argument("--bare-docs", type=int, default=None, help="time bare spaCy on the first N texts only")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare spaCy timing")
    ap.add_argument("--side-docs", type=int, default=300,
                    help="documents for the client-ingest and HTML timings (0 skips them; default 300)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    counts = [int(w) for w in args.workers.split(",") if w.strip()]

    with tempfile.TemporaryDirectory(prefix="cg-batch-bench-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        n, words = make_corpus(args.data, args.docs, corpus)
        print(f"{n} documents, {words:,} words ({words / n:.0f} per document); {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
        runs = []
        for w in counts:
            print(f"batch with {w} worker(s)...", file=sys.stderr, flush=True)
            runs.append(run_batch_once(corpus, w, workdir, args.partition_size, args.memory_limit))
            print("  " + json.dumps(runs[-1]), file=sys.stderr, flush=True)
        bare = None if args.no_bare else bare_spacy(corpus, args.bare_docs)
        side = min(args.side_docs, n)
        ingest_only = client_ingest(corpus, workdir, side) if side else None
        html = html_pages(corpus, side) if side else None
    one = next((r for r in runs if r["workers"] == 1), None)
    result = {"documents": n, "words": words, "cores": os.cpu_count(), "python": platform.python_version(),
              "load_average_at_end": round(os.getloadavg()[0], 2), "runs": runs, "bare_spacy": bare,
              "client_ingest_no_extraction": ingest_only, "html_main_text": html}
    for r in runs:
        if one and r is not one and one["steady_docs_per_s"] and r["steady_docs_per_s"]:
            r["scaling_efficiency"] = round(r["steady_docs_per_s"] / (r["workers"] * one["steady_docs_per_s"]), 3)
            r["scaling_efficiency_wall"] = round(r["docs_per_s"] / (r["workers"] * one["docs_per_s"]), 3)
    if bare and one and one["steady_docs_per_s"]:
        result["ratio_1_worker_to_bare_spacy"] = round(one["steady_docs_per_s"] / bare["docs_per_s"], 3)
    if bare and one and one["words_per_busy_core_s"]:
        result["ratio_busy_core_to_bare_spacy"] = round(one["words_per_busy_core_s"] / bare["words_per_s"], 3)
    print()
    print(f"{'workers':>7} {'docs/s':>8} {'words/s':>9} {'steady docs/s':>14} {'steady words/s':>15} "
          f"{'efficiency':>10} {'peak MiB/worker':>16}")
    for r in runs:
        print(f"{r['workers']:>7} {r['docs_per_s']:>8} {r['words_per_s']:>9} {str(r['steady_docs_per_s']):>14} "
              f"{str(r['steady_words_per_s']):>15} {str(r.get('scaling_efficiency', '-')):>10} "
              f"{str(r['peak_memory_mib_per_worker']):>16}")
    if bare:
        print(f"bare spaCy nlp.pipe (1 core): {bare['docs_per_s']} docs/s, {bare['words_per_s']} words/s; "
              f"1 worker / bare = {result.get('ratio_1_worker_to_bare_spacy')}")
    if ingest_only:
        print(f"client ingest without extraction: {ingest_only['docs_per_s']} docs/s; "
              f"HTML main text (trafilatura): {html['pages_per_s']} pages/s")
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
