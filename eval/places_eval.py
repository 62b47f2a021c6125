"""What the place normaliser finds on the seed article and PolNeAR dev (there is no place gold).

Prints counts of places found, resolved (name set), by kind of code, the unresolved texts, and the
time per 1,000 words of find_places against the spaCy parse of the same texts.

    python eval/places_eval.py [--show N]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import time
from pathlib import Path

from claimgraph.extract.nlp import get_nlp, parse
from claimgraph.extract.places import find_places, gazetteer

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SETS = {"seed": SHARED / "seed" / "seed.jsonl", "polnear-dev": SHARED / "data" / "polnear" / "dev.jsonl"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=15, help="most frequent unresolved texts to list")
    args = ap.parse_args()
    get_nlp()
    t0 = time.perf_counter()
    gazetteer()
    print(f"gazetteer built in {time.perf_counter() - t0:.2f} s")
    for name, path in SETS.items():
        docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        words = parse_s = places_s = places_nodoc_s = 0.0
        found = resolved = 0
        kinds: collections.Counter = collections.Counter()
        unresolved: collections.Counter = collections.Counter()
        resolved_names: collections.Counter = collections.Counter()
        for d in docs:
            text = d["text"]
            words += len(re.findall(r"\S+", text))
            t = time.perf_counter()
            pieces = parse(text)
            parse_s += time.perf_counter() - t
            t = time.perf_counter()
            places = []
            for off, doc in pieces:
                places += find_places(doc.text, doc)
            places_s += time.perf_counter() - t
            t = time.perf_counter()
            find_places(text)
            places_nodoc_s += time.perf_counter() - t
            for p in places:
                found += 1
                if p.name:
                    resolved += 1
                    resolved_names[f"{p.text} -> {p.name} ({p.code or p.country})"] += 1
                    kinds["city (lat/lon)" if p.lat is not None and p.code is None
                          else "subdivision" if p.code and "-" in p.code
                          else "country" if p.code else "region/other"] += 1
                else:
                    unresolved[p.text] += 1
        k = words / 1000
        print(f"\n== {name}: {len(docs)} documents, {int(words)} words")
        print(f"places found {found}, resolved {resolved} ({100 * resolved / max(found, 1):.1f}%), "
              f"unresolved {found - resolved}")
        print("resolved by kind:", dict(kinds))
        print(f"spaCy parse {1000 * parse_s / k:.1f} ms / 1,000 words; find_places with Doc "
              f"{1000 * places_s / k:.2f} ms / 1,000 words ({100 * places_s / parse_s:.1f}% of parse); "
              f"without Doc {1000 * places_nodoc_s / k:.2f} ms")
        print("most frequent resolved:", ", ".join(f"{t} x{c}" for t, c in resolved_names.most_common(args.show)))
        print("most frequent unresolved:", ", ".join(f"{t!r} x{c}" for t, c in unresolved.most_common(args.show)))


if __name__ == "__main__":
    main()
