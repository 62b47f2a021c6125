#!/usr/bin/env python3
"""Claim-level figures against the shared claimgraph-gold/1 files: ingest the documents each gold file
names into a fresh store, export, and run ../shared/eval/score_news.py on the export.

    python eval/news_eval.py                    # seed_gold.json and polnear_fusion_gold.json
    python eval/news_eval.py --gold seed --show-misses
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDS = {
    "seed": (SHARED / "eval" / "seed_gold.json", [SHARED / "seed" / "seed.jsonl"]),
    "polnear": (SHARED / "eval" / "polnear_fusion_gold.json",
                [SHARED / "data" / "polnear" / "train.jsonl", SHARED / "data" / "polnear" / "dev.jsonl"]),
}


def documents_for(gold_path: Path, sources: list[Path], out: Path) -> int:
    wanted = {d["id"] for d in json.loads(gold_path.read_text())["documents"]}
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for src in sources:
            for line in src.open(encoding="utf-8"):
                if line.strip() and json.loads(line)["id"] in wanted:
                    f.write(line)
                    n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", choices=sorted(GOLDS), action="append")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--keep", help="keep the stores and exports in this folder")
    a = ap.parse_args()
    import claimgraph

    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="cg-news-"))
    work.mkdir(parents=True, exist_ok=True)
    for name in a.gold or sorted(GOLDS, reverse=True):
        gold, sources = GOLDS[name]
        docs = work / f"{name}.jsonl"
        n = documents_for(gold, sources, docs)
        db = work / f"{name}.db"
        db.unlink(missing_ok=True)
        with claimgraph.open(str(db)) as cg:
            cg.ingest([docs])
            export = work / f"{name}-export.json"
            cg.export(export)
        print(f"== {name}: {n} documents -> {export}", flush=True)
        cmd = [sys.executable, str(SHARED / "eval" / "score_news.py"), str(gold), str(export)]
        if a.show_misses:
            cmd.append("--show-misses")
        subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
