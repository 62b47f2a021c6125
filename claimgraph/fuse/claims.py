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

# predicates that state the same thing in news, and their nouns ('deployment' states what 'deploy' does)
PREDICATE_CLASSES = {
    "engage": "engage combat fight participate enter join battle",
    "deploy": "deploy deployment send dispatch move station transfer arrive relocate redeploy",
    "train": "train training drill",
    "prepare": "prepare preparation",
    "present": "presence present locate",
    "kill": "kill killing die death dead",
    "attack": "attack strike shell bomb bombard assault",
    "supply": "supply provide deliver delivery ship shipment",
    "hack": "hack breach compromise penetrate intrude",
    "charge": "charge indict indictment prosecute prosecution",
    "recommend": "recommend recommendation advise urge",
    "investigate": "investigate investigation probe inquiry",
    "violate": "violate violation break",
    "win": "win victory lead",
    "lose": "lose loss defeat",
}
ARGUMENT_CLASSES = {
    "troop": "troop soldier force servicemen serviceman personnel fighter army",
    "operation": "operation combat battle fighting hostility",
    "email": "email e-mail message",
    "server": "server system account",
}


def _classes(table: dict[str, str]) -> dict[str, str]:
    return {word: name for name, words in table.items() for word in words.split()}


PREDICATE_OF = _classes(PREDICATE_CLASSES)
ARGUMENT_OF = _classes(ARGUMENT_CLASSES)
FRAME_WEIGHTS = {"P": 3.0, "A": 1.5, "S": 0.75}
FRAME_THRESHOLD = 0.2  # same predicate and a shared argument: weighted Jaccard from which it is one claim
TEXT_THRESHOLD = 0.7  # without a shared predicate: how alike the contents' words must be (repeats)


def weight(term: str) -> float:
    if " " in term or term[:1].isupper():
        return 0.75  # a name: says what the claim is about more than what it claims
    if term in GENERIC:
        return 0.1
    return 0.5


def _feature(term: str) -> tuple[str, float]:
    if len(term) > 2 and term[1] == ":" and term[0] in FRAME_WEIGHTS:
        role, word = term[0], term[2:]
        word = (PREDICATE_OF if role == "P" else ARGUMENT_OF).get(word, word)
        return f"{role}:{word}", FRAME_WEIGHTS[role]
    word = ARGUMENT_OF.get(term, PREDICATE_OF.get(term, term))
    return word, weight(term)


def features_of(terms: Iterable[str], place_codes: Iterable[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for term in terms:
        key, w = _feature(term)
        out[key] = max(w, out.get(key, 0.0))
    for code in place_codes:
        out["@" + code] = 0.5
    return out


def features(st: StatementFacts) -> dict[str, float]:
    return features_of(st.terms, st.places)


MAX_TEXT_WORDS = 8  # predicate words of a content paired up for blocking near-repeats


def _said_words(f: dict[str, float]) -> list[str]:
    """Words that say what happens (not names, places or generic words), longest first."""
    words = [k for k, w in f.items() if w == 0.5 and not k.startswith("@") and not k[:1].isupper() and ":" not in k]
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_TEXT_WORDS]


def keys_from_features(f: dict[str, float]) -> set[str]:
    """Blocking keys, each a necessary condition of ``same_claim``: a frame edge needs the same predicate
    and a shared argument ('F:deploy|troop'); a near-repeat needs two shared predicate words ('T:a|b')."""
    preds = [k[2:] for k in f if k.startswith("P:")]
    args = sorted({k[2:] for k in f if k[:2] in ("A:", "S:")})
    keys = {f"F:{p}|{a}" for p in preds for a in args}
    said = sorted(_said_words(f))
    keys.update(f"T:{a}|{b}" for i, a in enumerate(said) for b in said[i + 1:])
    return {k[:160] for k in keys}


def keys_of(terms: Iterable[str], place_codes: Iterable[str]) -> set[str]:
    return keys_from_features(features_of(terms, place_codes))


def blocking_keys(st: StatementFacts) -> set[str]:
    return keys_from_features(features(st))


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard of two feature sets."""
    if not a or not b:
        return 0.0
    shared = a.keys() & b.keys()
    inter = sum(min(a[k], b[k]) for k in shared)
    union = sum(a.values()) + sum(b.values()) - inter
    return inter / union if union else 0.0


def _plain(f: dict[str, float]) -> dict[str, float]:
    return {k: w for k, w in f.items() if not (len(k) > 2 and k[1] == ":")}


def same_claim(a: StatementFacts, fa: dict, b: StatementFacts, fb: dict) -> bool:
    """One proposition: the same predicate with a shared argument, and alike enough overall; or, whatever
    the parse made of them, nearly the same words."""
    pa = {k for k in fa if k.startswith("P:")}
    if pa and pa == {k for k in fb if k.startswith("P:")}:
        args = {k[2:] for k in fa if k[:2] in ("A:", "S:")} & {k[2:] for k in fb if k[:2] in ("A:", "S:")}
        topic = {k for k in fa.keys() & fb.keys() if not (len(k) > 2 and k[1] == ":") and fa[k] >= 0.5}
        if args and topic and similarity(fa, fb) >= FRAME_THRESHOLD:
            return True
    # near-repeats: alike words, of which at least two say what happens (not only who and where)
    said = set(_said_words(fa)) & set(_said_words(fb))
    return len(said) >= 2 and similarity(_plain(fa), _plain(fb)) >= TEXT_THRESHOLD


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
    keys = {s.id: keys_from_features(feats[s.id]) for s in statements}
    by_id = {s.id: s for s in statements}
    postings: dict[str, list[str]] = {}
    for s in statements:
        for key in keys[s.id]:
            postings.setdefault(key, []).append(s.id)
    uf = UnionFind()
    for s in statements:
        uf.find(s.id)
        for key in keys[s.id]:
            for other in postings[key]:
                if other <= s.id or uf.find(other) == uf.find(s.id):
                    continue  # each pair once, and none already joined through others
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
