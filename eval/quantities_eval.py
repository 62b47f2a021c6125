#!/usr/bin/env python3
"""Measure the quantity normaliser on a NewsQuant-style JSONL.

Runs ``claimgraph.extract.quantities.find_quantities`` (with spaCy docs, unless ``--no-doc``) over every
sentence, writes annotate-format JSONL (one line per sentence: ``{"id", "quantities": [{"span", "text",
"value", "low", "high", "qualifier", "unit"}]}``) and scores it with ``../shared/eval/score_quantities.py``.
Also prints the time per 1,000 words of the normaliser alone and of the spaCy parse.

    python eval/quantities_eval.py
    python eval/quantities_eval.py --show 30          # list the sentences that differ from the gold
    python eval/quantities_eval.py --no-doc           # regex only
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
SHARED = os.environ.get("CLAIMGRAPH_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default=os.path.join(SHARED, "data", "newsquant", "dev.jsonl"))
    ap.add_argument("--output", default=os.path.join(ROOT, "eval", "out", "quantities_dev.jsonl"))
    ap.add_argument("--show", type=int, default=0, help="passed to the scorer: show N differing sentences")
    ap.add_argument("--no-doc", action="store_true", help="run without spaCy docs (regex only)")
    ap.add_argument("--repeat", type=int, default=5, help="timing repetitions of the normaliser")
    a = ap.parse_args()

    from claimgraph.extract.quantities import find_quantities

    rows = [json.loads(line) for line in open(a.input, encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)

    docs = [None] * len(texts)
    t_parse = 0.0
    if not a.no_doc:
        from claimgraph.extract.nlp import get_nlp

        nlp = get_nlp()
        list(nlp.pipe(texts[:20]))  # warm up
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        t_parse = time.perf_counter() - t0

    results = [find_quantities(t, d) for t, d in zip(texts, docs)]  # warm up (regex compilation)
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        results = [find_quantities(t, d) for t, d in zip(texts, docs)]
    t_norm = (time.perf_counter() - t0) / a.repeat

    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    with open(a.output, "w", encoding="utf-8") as f:
        for r, qs in zip(rows, results):
            out = []
            for q in qs:
                d = asdict(q)
                d["span"] = list(q.span)
                out.append(d)
            f.write(json.dumps({"id": r["id"], "quantities": out}, ensure_ascii=False) + "\n")

    scorer = os.path.join(SHARED, "eval", "score_quantities.py")
    cmd = [sys.executable, scorer, a.input, a.output] + (["--show", str(a.show)] if a.show else [])
    res = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(res.stdout)
    sys.stderr.write(res.stderr)

    # Diagnostic only: the scorer pairs a gold range's change '=' with qualifier 'exact', while this
    # project writes ranges as 'between' and vague amounts as 'vague' (claimgraph.model.Quantity). Show
    # what value+qualifier would be if those two were read as 'exact', so the cost of the convention is known.
    alt = a.output + ".ranges-as-exact"
    with open(a.output, encoding="utf-8") as f, open(alt, "w", encoding="utf-8") as g:
        for line in f:
            d = json.loads(line)
            for q in d["quantities"]:
                if q["qualifier"] in ("between", "vague"):
                    q["qualifier"] = "exact"
            g.write(json.dumps(d, ensure_ascii=False) + "\n")
    res2 = subprocess.run([sys.executable, scorer, a.input, alt], capture_output=True, text=True)
    last = [ln for ln in res2.stdout.splitlines() if ln.startswith("quantities:")]
    if last:
        print("diagnostic (ranges/vague read as exact): " + last[-1].split(":", 1)[1].strip())

    # Where value-matched quantities disagree on the qualifier, by kind: the range/vague convention
    # above, or a decision of the rules (the gold's change against the system's qualifier).
    change_ok = {"~": {"approximately"}, ">": {"over", "at least"}, "<": {"under", "at most", "up to"},
                 "=": {"exact"}}
    kinds: dict = {}
    system = {json.loads(line)["id"]: json.loads(line)["quantities"] for line in open(a.output, encoding="utf-8")}
    for r in rows:
        ss = list(system.get(r["id"], []))
        for g in r.get("quantities", []):
            for s in ss:
                if g.get("value") is None and g.get("low") is not None:
                    same = s.get("low") is not None and s.get("high") is not None and sorted(
                        (s["low"], s["high"])) == sorted((g["low"], g["high"]))
                else:
                    same = s.get("value") is not None and abs(s["value"] - g["value"]) <= 1e-6 * max(1.0, abs(g["value"]))
                if same:
                    ss.remove(s)
                    if g["change"] in change_ok and s["qualifier"] not in change_ok[g["change"]]:
                        k = (f"gold range '{g['change']}' / {s['qualifier']}" if s["qualifier"] in ("between", "vague")
                             else f"gold '{g['change']}' / {s['qualifier']}")
                        kinds[k] = kinds.get(k, 0) + 1
                    break
    if kinds:
        print("qualifier disagreements on matched values: "
              + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1])))

    per_k = 1000.0 / words if words else 0.0
    print(f"speed: {words} words; normaliser {t_norm * 1000 * per_k:.2f} ms per 1,000 words"
          + (f"; spaCy parse {t_parse * 1000 * per_k:.1f} ms per 1,000 words"
             f" (normaliser = {100 * t_norm / t_parse:.1f}% of parse)" if t_parse else ""))
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
