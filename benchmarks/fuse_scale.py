#!/usr/bin/env python3
"""Fusion at scale on synthetic statements: full-fusion time and peak memory at 10k, 100k and 1M
statements, and the time to add one article to a store of 100,000 statements.

Statements are drawn from synthetic events (a predicate class, an argument, a named actor, a place, a
number) with Zipf-like popularity, so claims range from one statement to thousands; each statement adds
noise words, some a quantity, some a denial. Usage:
    python benchmarks/fuse_scale.py                 # 10k, 100k, 1M and the incremental figure
    python benchmarks/fuse_scale.py --sizes 10000 100000 --no-incremental
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimgraph.fuse import claims as grouping  # noqa: E402
from claimgraph.fuse.engine import build_claims  # noqa: E402
from claimgraph.fuse.facts import StatementFacts  # noqa: E402

PREDICATES = list(grouping.PREDICATE_OF) + ["announce", "approve", "reject", "sign", "block", "raise", "cut",
                                            "open", "close", "meet", "visit", "elect", "arrest", "release"]
NOUNS = ("troop drone missile tank shell sanction talk deal election vote budget tax bridge port ship plant "
         "refinery pipeline border crossing embassy convoy aid loan grain fuel power grid school hospital court "
         "law bill treaty ceasefire prisoner hostage journalist protester strike factory railway airport").split()
NOISE = ("week official statement region area government city country people report plan source week month "
         "decision support pressure attack response military force security service war peace economy price").split()
COUNTRIES = "US RU UA KR KP CN IR IL TR PL DE FR GB JP IN BR ZA NG EG SA".split()
FIRST = "Anna Boris Chen David Elena Farid Grace Hassan Ivan Julia Kofi Lena Maria Nikolai Olga Pavel Rosa Sergei".split()
LAST = "Berg Chen Dimitrov Evans Fischer Garcia Hayes Ivanova Jensen Kim Lopez Meyer Novak Okafor Petrov Quinn".split()


def vocabulary() -> tuple[list[str], list[str]]:
    """Realistic content words: English words by frequency rank (wordfreq), rarer ones as the topics."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 30000) if w.isalpha() and len(w) > 3]
    return words[1500:25000], words[300:1500]


def make_events(n_events: int, rng: random.Random) -> list[dict]:
    nouns, _ = vocabulary()
    events = []
    for _ in range(n_events):
        events.append({
            "pred": rng.choice(PREDICATES), "arg": rng.choice(NOUNS + nouns[:2000]),
            "actor": f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.4 else
            rng.choice(["Kremlin", "Pentagon", "European Union", "United Nations", "Nato", "Hamas", "Kyiv"]),
            "place": rng.choice(COUNTRIES) + "-" + "".join(rng.choices(string.ascii_uppercase, k=2)),
            "topic": rng.sample(nouns, 3), "value": rng.choice([None, None, 50, 300, 3000, 10000, 2e6]),
        })
    return events


def make_statements(n: int, seed: int = 1) -> list[StatementFacts]:
    rng = random.Random(seed)
    events = make_events(max(10, n // 5), rng)
    _, common = vocabulary()
    cum_weights = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(events))))
    out = []
    for i in range(n):
        # cumulative weights computed once: choices() with plain weights re-adds them on every call,
        # which made generating a million statements quadratic (hours), not the fusion measured here
        ev = rng.choices(events, cum_weights=cum_weights)[0] if i % 3 else events[rng.randrange(len(events))]
        terms = [f"P:{ev['pred']}", f"A:{ev['arg']}", ev["pred"], ev["arg"], ev["actor"], *ev["topic"],
                 *rng.sample(NOISE, 2), *rng.sample(common, 3)]
        qty = ()
        if ev["value"] and rng.random() < 0.5:
            v = ev["value"] * rng.choice([1, 1, 1, 1.5, 3])
            qty = ({"value": v, "qualifier": rng.choice(["exact", "over", "approximately"]), "unit": ev["arg"],
                    "text": f"{v:g}"},)
        doc = f"doc{i // 4}"
        out.append(StatementFacts(
            id=f"{doc}.s{i % 4}", document_id=doc, root_document_id=doc, publisher=f"Outlet {i % 97}",
            published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", source_id=f"src:{rng.randrange(n // 20 + 5)}",
            source_kind=None, stance="denies" if rng.random() < 0.03 else "asserts", negated=rng.random() < 0.03,
            content=" ".join(terms[2:]), terms=frozenset(terms), places=frozenset([ev["place"]]), quantities=qty,
            said_on=None, origins=frozenset([f"src:gov-{rng.choice(COUNTRIES).lower()}"])))
    return out


def full_fusion(n: int) -> tuple[float, float, int]:
    statements = make_statements(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    groups = grouping.group(statements)
    build_claims(groups, {})
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # process peak RSS, MiB
    return elapsed, peak, len(groups)


def mention_for(f: StatementFacts, rng: random.Random) -> dict:
    """A source mention as the extractor writes it: people with roles and bodies, bare surnames, country
    bodies, publishers' own words (no mention)."""
    r = rng.random()
    if r < 0.35:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        return {"text": f"spokesperson {first} {last}", "name": f"{first} {last}", "kind": "person",
                "role": "spokesperson", "affiliation": rng.choice(["Kremlin", "Pentagon", "State Department", None])}
    if r < 0.5:
        last = rng.choice(LAST)
        return {"text": last, "name": last, "kind": "person", "role": None, "affiliation": None}
    if r < 0.75:
        text = f"{rng.choice(['Ukrainian', 'Russian', 'South Korean', 'US', 'Polish', 'Turkish'])} officials"
        return {"text": text, "name": text, "kind": "government", "role": None, "affiliation": None}
    if r < 0.9:
        org = rng.choice(["Institute for the Study of War", "NATO", "United Nations", "Reuters", "Kyiv Independent"])
        return {"text": org, "name": org, "kind": "organization", "role": None, "affiliation": None}
    return None


def incremental(n: int, trials: int = 15) -> list[float]:
    """Store n synthetic statements with source mentions and fuse them in full; then time the whole path
    that follows the extraction of one more article (4 statements): storing its statements and keys as
    extraction does, resolving its sources into the registry, regrouping the claims it touches."""
    import claimgraph
    from claimgraph.fuse import engine
    from claimgraph.fuse.source_fusion import rebuild_sources
    from claimgraph.store.tables import documents, statements as st_table
    from datetime import datetime, timezone

    rng = random.Random(3)
    facts = make_statements(n + trials * 4, seed=2)
    base, extra = facts[:n], facts[n:]
    with tempfile.TemporaryDirectory() as tmp:
        cg = claimgraph.open(str(Path(tmp) / "scale.db"))

        def rows(batch):
            docs = sorted({f.document_id for f in batch})
            doc_rows = [{"id": d, "text": d, "text_sha256": hashlib.sha256(d.encode()).hexdigest(),
                         "ingested_at": datetime.now(timezone.utc), "published": "2024-01-01"} for d in docs]
            st_rows = [{"id": f.id, "document_id": f.document_id, "position": int(f.id.rsplit("s", 1)[1]),
                        "content": f.content, "content_start": 0, "content_end": 1, "direct_quote": False,
                        "stance": f.stance, "negated": f.negated, "event_times": [], "based_on": [],
                        "source_mention": mention_for(f, rng), "based_on_mentions": [],
                        "quantities": list(f.quantities), "places": [{"code": c} for c in f.places],
                        "terms": sorted(f.terms), "extractor": "synthetic"} for f in batch]
            return doc_rows, st_rows

        doc_rows, st_rows = rows(base)
        with cg.store.engine.begin() as conn:
            for i in range(0, len(doc_rows), 5000):
                conn.execute(documents.insert(), doc_rows[i:i + 5000])
            for i in range(0, len(st_rows), 5000):
                conn.execute(st_table.insert(), st_rows[i:i + 5000])
        rebuild_sources(cg.store)
        engine.rebuild(cg.store)
        times = []
        for t in range(trials):
            batch = extra[t * 4:(t + 1) * 4]
            doc_rows, st_rows = rows(batch)
            t0 = time.perf_counter()
            with cg.store.engine.begin() as conn:
                conn.execute(documents.insert(), doc_rows)
            removed: list[str] = []
            cg.store.replace_statements(doc_rows[0]["id"], st_rows, "synthetic",
                                        {f.id: grouping.blocking_keys(f) for f in batch}, removed_source_keys=removed)
            engine.update_after_extraction(cg.store, [f.id for f in batch], (), removed)
            times.append(time.perf_counter() - t0)
        cg.close()
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--no-incremental", action="store_true")
    a = ap.parse_args()
    prev = None
    print(f"{'statements':>11} {'seconds':>9} {'peak RSS':>9} {'claims':>8} {'x prev':>7}")
    for n in a.sizes:
        secs, peak, claims = full_fusion(n)
        ratio = f"{secs / prev:.1f}" if prev else "-"
        print(f"{n:>11,} {secs:>9.2f} {peak:>9.0f} {claims:>8,} {ratio:>7}", flush=True)
        prev = secs
    if not a.no_incremental:
        times = incremental(100_000)
        print(f"add one article (4 statements) to 100,000: median {statistics.median(times):.3f} s, "
              f"max {max(times):.3f} s over {len(times)}")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
