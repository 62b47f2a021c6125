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
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable

from claimgraph.fuse.facts import StatementFacts
from claimgraph.fuse.origins import opposing

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


RARE_ZIPF = 4.8  # words rarer than this (Zipf frequency in English) say what a content is about
COMMON_ZIPF = 5.5  # words more common than this say little ('people', 'government', 'week')


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 'the' 7.7, 'troop' 3.7): a fixed IDF that
    does not change as the store grows, so claims do not depend on what was ingested when."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def weight(term: str) -> float:
    if " " in term or term[:1].isupper():
        return 0.75  # a name: says what the claim is about more than what it claims
    if term in GENERIC or zipf(term) >= COMMON_ZIPF:
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


MAX_TEXT_WORDS = 12  # rare words of a content that near-repeat detection looks at
TEXT_BANDS, TEXT_ROWS = 10, 3  # MinHash LSH over those words: candidates at Jaccard 0.7 with p = 0.98, 0.2 with 0.08
WEAK_PREDICATES = frozenset({"be", "have", "do"}) | GENERIC


def _said_words(f: dict[str, float]) -> list[str]:
    """Rare words that say what happens (not names, places or common words), rarest first."""
    words = [k for k, w in f.items() if w == 0.5 and not k.startswith("@") and not k[:1].isupper() and ":" not in k
             and zipf(k) < RARE_ZIPF]
    return sorted(words, key=lambda w: (zipf(w), w))[:MAX_TEXT_WORDS]


@lru_cache(maxsize=200_000)
def _word_hashes(word: str) -> list[int]:
    digest = hashlib.shake_128(word.encode()).digest(4 * TEXT_BANDS * TEXT_ROWS)
    return [int.from_bytes(digest[i:i + 4], "little") for i in range(0, len(digest), 4)]


def text_bands(words: Iterable[str]) -> set[str]:
    """LSH band keys of a word set (MinHash with fixed hash functions): statements whose rare words are
    alike share a band with high probability, whatever else is in the store, so blocking stays the same
    in a rebuild and in an incremental update."""
    words = list(words)
    if len(words) < 2:
        return set()
    mins = [min(col) for col in zip(*(_word_hashes(w) for w in words))]
    return {f"T:{b}:" + "-".join(str(m) for m in mins[b * TEXT_ROWS:(b + 1) * TEXT_ROWS]) for b in range(TEXT_BANDS)}


def keys_from_features(f: dict[str, float]) -> set[str]:
    """Blocking keys: a frame edge needs the same predicate and a shared argument ('F:deploy|troop'),
    a near-repeat alike rare words (LSH band keys 'T:...', and pairs of its rarest words 'W:a|b')."""
    preds = [k[2:] for k in f if k.startswith("P:") and k[2:] not in WEAK_PREDICATES]
    args = sorted({k[2:] for k in f if k[:2] in ("A:", "S:")})
    keys = {f"F:{p}|{a}" for p in preds for a in args}
    said = _said_words(f)
    keys |= text_bands(said)
    rarest = sorted(said[:4])  # and pairs of the rarest words: exact for short contents, where LSH is coarse
    keys.update(f"W:{a}|{b}" for i, a in enumerate(rarest) for b in rarest[i + 1:])
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


@dataclass
class Profile:
    """What comparisons need of a statement, computed once."""

    features: dict[str, float]
    plain: dict[str, float]
    predicates: frozenset[str]
    arguments: frozenset[str]
    topic: frozenset[str]
    said: frozenset[str]
    keys: frozenset[str]

    @classmethod
    def of(cls, f: dict[str, float]) -> "Profile":
        plain = _plain(f)
        return cls(f, plain, frozenset(k for k in f if k.startswith("P:")),
                   frozenset(k[2:] for k in f if k[:2] in ("A:", "S:")),
                   frozenset(k for k, w in plain.items() if w >= 0.5), frozenset(_said_words(f)),
                   frozenset(keys_from_features(f)))


def same_claim(a, fa, b, fb) -> bool:
    """One proposition: the same predicate with a shared argument, and alike enough overall; or, whatever
    the parse made of them, nearly the same words. ``fa``/``fb`` are feature dicts or Profiles."""
    pa = fa if isinstance(fa, Profile) else Profile.of(fa)
    pb = fb if isinstance(fb, Profile) else Profile.of(fb)
    if pa.predicates and pa.predicates == pb.predicates and pa.arguments & pb.arguments \
            and pa.topic & pb.topic and similarity(pa.features, pb.features) >= FRAME_THRESHOLD:
        return True
    # near-repeats: alike words, of which at least two say what happens (not only who and where)
    return len(pa.said & pb.said) >= 2 and similarity(pa.plain, pb.plain) >= TEXT_THRESHOLD


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
    prof = {s.id: Profile.of(features(s)) for s in statements}
    postings: dict[str, list[str]] = {}
    for s in statements:
        for key in prof[s.id].keys:
            postings.setdefault(key, []).append(s.id)
    uf = UnionFind()
    for s in statements:
        uf.find(s.id)
    for key in sorted(postings):
        members = postings[key]
        if len(members) < 2:
            continue
        # within a block, a statement is compared with each claim formed so far until one member matches:
        # every pair is either compared or already joined, so the components are those of all pairs,
        # at a cost that grows with the number of distinct claims in the block, not its size squared.
        # ``seen`` maps each claim's current root to its members in this block; it is re-keyed only where
        # this statement joins claims (rebuilding it for every member cost the block's size squared)
        seen: dict[str, list[str]] = {}
        for m in members:
            mine = prof[m]
            own = uf.find(m)
            joined = []
            for root, ids in seen.items():
                if root == own:
                    continue
                for other in ids:
                    if same_claim(None, mine, None, prof[other]):
                        joined.append(root)
                        break
            lists = [seen.pop(own, [])]
            for root in joined:
                uf.union(m, root)
                lists.append(seen.pop(root))
            lists.sort(key=len, reverse=True)
            for extra in lists[1:]:
                lists[0].extend(extra)
            lists[0].append(m)
            seen[uf.find(m)] = lists[0]
    groups: dict[str, list[StatementFacts]] = {}
    for s in statements:
        groups.setdefault(uf.find(s.id), []).append(s)
    return sorted(groups.values(), key=lambda g: g[0].id)


def claim_id(members: list[StatementFacts]) -> str:
    """Named after its first statement (by id), so the same statements give the same claim id."""
    return "claim:" + hashlib.sha1(min(s.id for s in members).encode()).hexdigest()[:12]


def summary(members: list[StatementFacts]) -> str:
    """The content of the statement most typical of the claim (its weighted words most shared by the
    others), preferring one that asserts; linear in the size of the claim."""
    if len(members) == 1:
        return _tidy(members[0].content)
    feats = {s.id: features(s) for s in members}
    counts: dict[str, int] = {}
    for f in feats.values():
        for k in f:
            counts[k] = counts.get(k, 0) + 1

    def typical(st: StatementFacts) -> float:
        f = feats[st.id]
        total = sum(f.values()) or 1.0
        return sum(w * (counts[k] - 1) for k, w in f.items()) / total

    against = opposing(members)
    best = max(members, key=lambda st: (st.id not in against, round(typical(st), 6), -len(st.content), st.id))
    return _tidy(best.content)


QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u2018", "\u2019"))


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(" \u201c\u201d\"'")
    for left, right in QUOTE_PAIRS[:1]:  # a quotation cut by the content span: drop its unmatched mark
        if text.count(left) != text.count(right):
            text = text.replace(left, "").replace(right, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.lower().startswith("that "):
        text = text[5:]
    text = text[:1].upper() + text[1:]
    return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + "..."
