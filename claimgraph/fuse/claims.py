"""Claim grouping: statements of any documents that assert (or deny) one proposition form one claim.

Polarity is kept apart from similarity: a denial compares its content like any statement, and joins the
claim it denies with stance ``denies``. Grouping never compares every statement with every other:
statements are blocked on their content words and places (``blocking_keys``), compared only within
blocks (``similarity``), and joined when similar enough; claims are the connected components of that
graph. Components do not depend on the order statements arrive in, so adding one article and rebuilding
everything give the same claims.
"""
from __future__ import annotations

import hashlib
from typing import Iterable

from claimgraph.fuse.facts import StatementFacts

# words that say little about which proposition a content states
GENERIC = frozenset("""say tell add state report claim note know think believe want make take give get go come
see use include expect continue begin start try need seem appear call ask show mean keep become leave put find
people thing way time year day week month lot part number case point fact issue question percent today
new other good great big many much more most last first second next own same such well also just very
""".split())
THRESHOLD = 0.34  # weighted Jaccard from which two statements state one proposition
MIN_SHARED = 2  # and they share at least this many informative terms (one when a content has few)


def weight(term: str) -> float:
    if " " in term or term[:1].isupper():
        return 2.0  # a multi-word name or a proper noun
    if term in GENERIC:
        return 0.25
    return 1.0


def features_of(terms: Iterable[str], place_codes: Iterable[str]) -> dict[str, float]:
    out = {t: weight(t) for t in terms}
    for code in place_codes:
        out["@" + code] = 1.5
    return out


def features(st: StatementFacts) -> dict[str, float]:
    return features_of(st.terms, st.places)


def keys_of(terms: Iterable[str], place_codes: Iterable[str]) -> set[str]:
    """Blocking keys: what two statements of one claim almost surely share (informative terms, places)."""
    return {t[:160] for t, w in features_of(terms, place_codes).items() if w >= 1.0}


def blocking_keys(st: StatementFacts) -> set[str]:
    return keys_of(st.terms, st.places)


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard of two feature sets."""
    if not a or not b:
        return 0.0
    shared = a.keys() & b.keys()
    inter = sum(min(a[k], b[k]) for k in shared)
    union = sum(a.values()) + sum(b.values()) - inter
    return inter / union if union else 0.0


def same_claim(a: StatementFacts, fa: dict, b: StatementFacts, fb: dict) -> bool:
    shared = [k for k in fa.keys() & fb.keys() if fa[k] >= 1.0]
    need = MIN_SHARED if min(len(fa), len(fb)) > 3 else 1
    return len(shared) >= need and similarity(fa, fb) >= THRESHOLD


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def group(statements: Iterable[StatementFacts]) -> list[list[StatementFacts]]:
    """Claims as lists of statements, each sorted by id; the list sorted by its first id."""
    statements = sorted(statements, key=lambda s: s.id)
    feats = {s.id: features(s) for s in statements}
    by_id = {s.id: s for s in statements}
    postings: dict[str, list[str]] = {}
    for s in statements:
        for key in blocking_keys(s):
            postings.setdefault(key, []).append(s.id)
    uf = UnionFind()
    compared: set[tuple[str, str]] = set()
    for s in statements:
        uf.find(s.id)
        for key in blocking_keys(s):
            for other in postings[key]:
                if other <= s.id:
                    continue
                pair = (s.id, other)
                if pair in compared:
                    continue
                compared.add(pair)
                if same_claim(s, feats[s.id], by_id[other], feats[other]):
                    uf.union(s.id, other)
    groups: dict[str, list[StatementFacts]] = {}
    for s in statements:
        groups.setdefault(uf.find(s.id), []).append(s)
    return sorted(groups.values(), key=lambda g: g[0].id)


def claim_id(members: list[StatementFacts]) -> str:
    """Named after its first statement (by id), so the same statements give the same claim id."""
    return "claim:" + hashlib.sha1(min(s.id for s in members).encode()).hexdigest()[:12]


def summary(members: list[StatementFacts]) -> str:
    """The content of the statement most like the others, preferring one that asserts."""
    if len(members) == 1:
        return _tidy(members[0].content)
    feats = {s.id: features(s) for s in members}
    best = max(members, key=lambda s: (not s.opposes,
                                       sum(similarity(feats[s.id], feats[o.id]) for o in members if o is not s),
                                       -len(s.content), s.id))
    return _tidy(best.content)


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(" \u201c\u201d\"'")
    if text.lower().startswith("that "):
        text = text[5:]
    text = text[:1].upper() + text[1:]
    return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + "..."
