"""Train the attribution models on a PolNeAR-style JSONL (train split only).

    python -m claimgraph.extract.train --train ../shared/data/polnear/train.jsonl

Reproducible: documents are parsed with the package's spaCy pipeline, split by a fixed rule into a
fitting part (90%) and a held-out part (every tenth document); the cue threshold is chosen on the
held-out part of *train* (exact span F1 of source, cue and content, averaged), then all models are
fitted again on the whole train file and written, with the threshold, to
``claimgraph/extract/models/attribution.json.gz``. The dev split is never read.

Models (logistic regressions over sparse string features, see ``attribution.py``):
``cue`` (does this token head a cue), ``cue_s``/``cue_e`` (first and last token of the cue span),
``con_s``/``con_e`` (content boundaries), ``src_s``/``src_e`` (source boundaries; ``src_s`` also
scores "no source"). Needs scikit-learn (training only; extraction reads the weights with plain
Python).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter

from . import attribution as A

MIN_FEATURE_COUNT = 2
MIN_LEMMA_COUNT = 2
MIN_LEMMA_RATE = 0.02
REG_C = {"cue": 0.5, "cue_s": 1.0, "cue_e": 1.0, "con_s": 1.0, "con_e": 1.0, "src_s": 1.0, "src_e": 1.0}
THRESHOLDS = [x / 4 for x in range(-8, 9)]


def _trim(text, span):
    return A._trim(text, span)


def gold_of(row) -> list[dict]:
    text = row["text"]
    out = []
    for a in row.get("attributions", []):
        rec = {}
        for role in ("source", "cue", "content"):
            part = a.get(role)
            if part and part.get("spans"):
                rec[role] = _trim(text, (min(s for s, _ in part["spans"]), max(e for _, e in part["spans"])))
        if "cue" in rec:
            out.append(rec)
    return out


def parse_rows(rows, n_process: int = 1, cache: str | None = None):
    from spacy.tokens import DocBin

    from .nlp import get_nlp, split_text

    nlp = get_nlp()
    if cache and os.path.exists(cache):
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(rows):
            return docs
    for r in rows:
        if len(split_text(r["text"])) != 1:
            raise SystemExit(f"document {r['id']} is too long for one piece")
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=32, n_process=n_process))
    if cache:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    return docs


def cue_lemmas(rows, docs) -> list[str]:
    """Lemmas worth asking the cue model about: cue heads at least MIN_LEMMA_COUNT times in train
    and in at least MIN_LEMMA_RATE of their occurrences (the rest are never cues in practice)."""
    pos, tot = Counter(), Counter()
    for row, doc in zip(rows, docs):
        heads = set()
        for g in gold_of(row):
            sp = doc.char_span(*g["cue"], alignment_mode="expand")
            if sp is not None and len(sp):
                heads.add(sp.root.i)
        for t in doc:
            lem = t.lemma_.lower()
            tot[lem] += 1
            if t.i in heads:
                pos[lem] += 1
    return sorted(w for w, n in pos.items() if n >= MIN_LEMMA_COUNT and n >= MIN_LEMMA_RATE * tot[w])


def examples(rows, docs, lemmas: frozenset) -> dict[str, tuple[list, list]]:
    """Feature lists and labels for each model, with gold cues as anchors for the span models."""
    data = {k: ([], []) for k in REG_C}

    def add(name, feats, y):
        data[name][0].append(feats)
        data[name][1].append(y)

    for row, doc in zip(rows, docs):
        text = row["text"]
        regions = A.quote_regions(text)
        ctx = A.DocContext(doc, 0, text, regions)
        rules = A.snapped_rules(text, [(0, doc)], regions)[0]
        by_head = {}
        for r in rules:
            if r.cue_tok is not None:
                by_head.setdefault(r.cue_tok.i, r)
        gold_by_head = {}
        for g in gold_of(row):
            sp = doc.char_span(*g["cue"], alignment_mode="expand")
            if sp is None or not len(sp):
                continue
            gold_by_head.setdefault(sp.root.i, (g, sp))
        for t in A.cue_candidates(ctx, lemmas):
            add("cue", A.cue_features(t, ctx, by_head.get(t.i)), int(t.i in gold_by_head))
        for hi, (g, sp) in gold_by_head.items():
            h = doc[hi]
            rule = by_head.get(hi)
            # cue span
            gs, ge = A._tok_at_start(ctx, g["cue"][0]), A._tok_at_end(ctx, g["cue"][1])
            rc = A._rule_bounds(ctx, rule.cue) if rule is not None else None
            starts, ends = A.cue_window(ctx, h)
            if gs in starts:
                for i in starts:
                    add("cue_s", A.cue_bound_features(doc[i], h, ctx, "s", rc[0] if rc else None), int(i == gs))
            if ge in ends:
                for i in ends:
                    add("cue_e", A.cue_bound_features(doc[i], h, ctx, "e", rc[1] if rc else None), int(i == ge))
            if gs is None or ge is None:
                continue
            cue = (gs, ge)
            cs_, ce_ = A.content_candidates(ctx, h, cue)
            ss_ = A.source_candidates(ctx, h, cue)
            lo = min(cs_[0] if cs_ else gs, ss_[0] if ss_ else gs)
            hi_ = max(ce_[-1] if ce_ else ge, ss_[-1] if ss_ else ge)
            cv = A.CueView(h, cue, ctx, lo, hi_)
            # content
            if "content" in g:
                rcon = A._rule_bounds(ctx, rule.content) if rule is not None else (None, None)
                a, b = A._tok_at_start(ctx, g["content"][0]), A._tok_at_end(ctx, g["content"][1])
                if a in cs_:
                    for i in cs_:
                        add("con_s", A.boundary_features(i, cv, ctx, "s", "con", rcon[0]), int(i == a))
                if b in ce_:
                    for i in ce_:
                        add("con_e", A.boundary_features(i, cv, ctx, "e", "con", rcon[1]), int(i == b))
            # source
            rsrc = A._rule_bounds(ctx, rule.source_span) if rule is not None else (None, None)
            if "source" not in g:
                add("src_s", A.null_source_features(h, ctx, rule), 1)
                for i in ss_:
                    add("src_s", A.boundary_features(i, cv, ctx, "s", "src", rsrc[0]), 0)
                continue
            a, b = A._tok_at_start(ctx, g["source"][0]), A._tok_at_end(ctx, g["source"][1])
            if a in ss_:
                add("src_s", A.null_source_features(h, ctx, rule), 0)
                for i in ss_:
                    add("src_s", A.boundary_features(i, cv, ctx, "s", "src", rsrc[0]), int(i == a))
            if b in ss_:
                for i in ss_:
                    add("src_e", A.boundary_features(i, cv, ctx, "e", "src", rsrc[1]), int(i == b))
    return data


def fit(feats: list, labels: list, c: float) -> dict:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:  # nothing to separate (tiny training files): a constant score
        return {"bias": 5.0 if labels and labels[0] else -5.0, "w": {}}
    counts = Counter(f for fs in feats for f in set(fs))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    indptr, indices = [0], []
    for fs in feats:
        idx = sorted({vocab[f] for f in fs if f in vocab})
        indices.extend(idx)
        indptr.append(len(indices))
    X = csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(feats), len(vocab)))
    y = np.asarray(labels)
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(X, y)
    coef = clf.coef_[0]
    names = sorted(vocab, key=vocab.get)
    w = {f: round(float(v), 4) for f, v in zip(names, coef) if abs(v) >= 1e-4}
    return {"bias": round(float(clf.intercept_[0]), 4), "w": w}


def fit_all(rows, docs, lemmas, log=print, workers: int = 1) -> dict:
    global _DATA
    _DATA = examples(rows, docs, frozenset(lemmas))
    names = list(_DATA)
    t0 = time.time()
    if workers > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            fitted = pool.map(_fit_named, names, chunksize=1)
    else:
        fitted = [_fit_named(n) for n in names]
    models = dict(zip(names, fitted))
    for name in names:
        X, y = _DATA[name]
        log(f"  {name}: {len(y)} examples, {sum(y)} positive, {len(models[name]['w'])} weights")
    log(f"  fitted in {time.time() - t0:.0f}s")
    _DATA = None
    return models


_DATA = None


def _fit_named(name):
    X, y = _DATA[name]
    return fit(X, y, REG_C[name])


def f1_exact(rows, docs, models_obj) -> dict[str, float]:
    """Exact span F1 per role on gold rows (as the shared scorer counts: sets of trimmed spans)."""
    tp = Counter()
    ns = Counter()
    ng = Counter()
    for row, doc in zip(rows, docs):
        text = row["text"]
        A._MODELS[:] = [models_obj]
        sts = A.statements_from_parses(row["id"], text, [(0, doc)], row.get("publisher"))
        sysd = {"source": {_trim(text, s.source.span) for s in sts if s.source and s.source.span},
                "cue": {_trim(text, s.cue_span) for s in sts if s.cue_span},
                "content": {_trim(text, s.content_span) for s in sts}}
        for role in ("source", "cue", "content"):
            g = {a[role] for a in gold_of(row) if role in a}
            tp[role] += len(g & sysd[role])
            ns[role] += len(sysd[role])
            ng[role] += len(g)
    out = {}
    for role in ("source", "cue", "content"):
        p = tp[role] / ns[role] if ns[role] else 0.0
        r = tp[role] / ng[role] if ng[role] else 0.0
        out[role] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def _write(path: str, data: dict) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True, help="PolNeAR-style train.jsonl")
    ap.add_argument("--out", default=A.MODEL_PATH)
    ap.add_argument("--workers", type=int, default=2, help="processes for parsing and fitting")
    ap.add_argument("--cache", help="DocBin file to keep the parses in between runs")
    ap.add_argument("--heldout-out", help="also write the models fitted without the held-out part here")
    ap.add_argument("--heldout-only", action="store_true", help="stop after the held-out search")
    ap.add_argument("--threshold", type=float, help="skip the held-out search and use this cue threshold")
    a = ap.parse_args(argv)
    if "dev" in os.path.basename(a.train):
        raise SystemExit("refusing to train on a dev split")
    rows = [json.loads(line) for line in open(a.train, encoding="utf-8") if line.strip()]
    t0 = time.time()
    docs = parse_rows(rows, a.workers, a.cache)
    print(f"parsed {len(rows)} documents in {time.time() - t0:.0f}s", file=sys.stderr)
    lemmas = cue_lemmas(rows, docs)
    threshold = a.threshold
    if threshold is None:
        fit_idx = [i for i in range(len(rows)) if i % 10 != 9]
        held = [i for i in range(len(rows)) if i % 10 == 9]
        fr, fd = [rows[i] for i in fit_idx], [docs[i] for i in fit_idx]
        hr, hd = [rows[i] for i in held], [docs[i] for i in held]
        print(f"fitting on {len(fr)} documents, holding out {len(hr)}", file=sys.stderr)
        models = fit_all(fr, fd, cue_lemmas(fr, fd), log=lambda m: print(m, file=sys.stderr), workers=a.workers)
        if a.heldout_out:
            _write(a.heldout_out, {"format": "claimgraph-attribution-models/1", "cue_threshold": 0.0,
                                   "cue_lemmas": cue_lemmas(fr, fd), "models": models})
        best = None
        for th in THRESHOLDS:
            mo = A.Models({"cue_threshold": th, "cue_lemmas": cue_lemmas(fr, fd), "models": models})
            f = f1_exact(hr, hd, mo)
            avg = sum(f.values()) / 3
            print(f"  threshold {th:+.2f}: source {f['source']*100:.1f} cue {f['cue']*100:.1f} "
                  f"content {f['content']*100:.1f} (mean {avg*100:.1f})", file=sys.stderr)
            if best is None or avg > best[0]:
                best = (avg, th)
        threshold = best[1]
        print(f"cue threshold {threshold:+.2f} (held-out part of train)", file=sys.stderr)
    print(f"fitting on all {len(rows)} documents", file=sys.stderr)
    if a.heldout_only:
        return 0
    models = fit_all(rows, docs, lemmas, log=lambda m: print(m, file=sys.stderr), workers=a.workers)
    data = {"format": "claimgraph-attribution-models/1", "trained_on": os.path.basename(a.train),
            "cue_threshold": threshold, "cue_lemmas": lemmas, "models": models}
    _write(a.out, data)
    print(f"wrote {a.out} ({os.path.getsize(a.out) / 1e6:.1f} MB)", file=sys.stderr)
    A._MODELS[:] = []
    return 0


if __name__ == "__main__":
    sys.exit(main())
