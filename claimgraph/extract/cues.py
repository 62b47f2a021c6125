"""Word lists for attribution: cue verbs and nouns, stance, hedging, negation and framing words.

Two kinds of cue knowledge live here:

* ``CORE_VERBS``: reporting verbs that are cues whenever they take a content (a clause, a quote or
  an object), written by hand from the issue's list and general English usage.
* ``LEARNED``: for other verbs, how often PolNeAR annotators marked the verb as a cue, split by the
  verb's complement frame (``ccomp``: a clause, ``xcomp``: an infinitive, ``dobj``: an object,
  ``none``). The table is produced from ``train.jsonl`` only, reproducibly, with
  ``python -m claimgraph.extract.cues --learn ../shared/data/polnear/train.jsonl`` (it prints the
  literal pasted below). A verb is taken as a cue in a frame when its rate reaches
  ``LEARNED_THRESHOLD``.
"""
from __future__ import annotations

# -- verbs -----------------------------------------------------------------------------------------

CORE_VERBS = frozenset("""
say tell report confirm announce assess estimate warn claim insist deny add note state write
acknowledge admit allege argue assert caution concede contend declare disclose emphasize
emphasise explain indicate maintain predict reiterate remark reply respond reveal stress suggest
testify tweet conclude believe recall observe comment affirm clarify complain concur
speculate charge accuse vow promise pledge urge recommend advise question ask wonder doubt
dispute reject dismiss refute brief inform notify quote cite find show learn
""".split())

# verbs whose grammatical subject is not the speaker ("it seems", "X is expected to"): no source.
RAISING_VERBS = frozenset("seem appear".split())

# verbs never taken as cues, whatever the statistics say (too generic)
NEVER_VERBS = frozenset("be have do make go get take give come put use include begin start try".split())

LEARNED_THRESHOLD = 0.45
LEARNED_MIN_COUNT = 4

# lemma -> {frame: [times annotated as cue, occurrences]} from PolNeAR train (see module doc).
LEARNED: dict[str, dict[str, list[int]]] = {}

# -- cue nouns ("in a statement", "the assessment states" is a verb cue) -----------------------------

CUE_NOUNS = frozenset("""
statement assessment report claim allegation accusation remark comment announcement
testimony warning estimate assertion argument denial admission prediction promise pledge
""".split())

# prepositional cues: "according to X", "in the words of X"
ACCORDING = ("according", "to")

# -- based on ---------------------------------------------------------------------------------------

# "citing X", "quoting X", "based on reports from X", "quoted by X", "referring to X" (when naming a
# source, not a content), "as reported by X"
BASED_ON_VERBS = frozenset("cite quote".split())
BASED_ON_NOUNS = frozenset("report reports statement statements data information intelligence account "
                           "accounts assessment assessments claims testimony sources".split())

# -- stance -----------------------------------------------------------------------------------------

DENY_VERBS = frozenset("deny reject dismiss refute rebut disavow dispute contradict debunk".split())
DENY_NOUNS = frozenset("denial".split())
QUESTION_VERBS = frozenset("question ask wonder doubt query".split())
RECOMMEND_VERBS = frozenset("urge recommend advise call propose demand suggest".split())
RECOMMEND_MODALS = frozenset("should must ought".split())
HEDGE_MODALS = frozenset("may might could".split())
HEDGE_ADVERBS = frozenset("""possibly perhaps probably maybe likely apparently presumably seemingly
reportedly allegedly potentially conceivably""".split())
HEDGE_VERBS = frozenset("believe think suspect estimate speculate guess assume suppose".split())

# -- negation ---------------------------------------------------------------------------------------

NEGATION_WORDS = frozenset("not n't never no nothing none nobody neither nor".split())

# -- framing (distancing words the publisher uses) ---------------------------------------------------

FRAMING_ADVERBS = frozenset("""purportedly allegedly supposedly reportedly ostensibly apparently
claimedly""".split())
FRAMING_VERBS = frozenset("claim insist allege purport contend maintain".split())

# -- sources ----------------------------------------------------------------------------------------

PRONOUNS_PERSON = frozenset("he she him her i me".split())
PRONOUNS_PLURAL = frozenset("they them we us".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())


def learned_rate(lemma: str, frame: str) -> float:
    """Rate at which ``lemma`` in ``frame`` was annotated as a cue; backs off to all frames."""
    row = LEARNED.get(lemma)
    if not row:
        return 0.0
    pos, tot = row.get(frame, (0, 0))
    if tot >= LEARNED_MIN_COUNT:
        return pos / tot
    pos = sum(v[0] for v in row.values())
    tot = sum(v[1] for v in row.values())
    return pos / tot if tot >= LEARNED_MIN_COUNT else 0.0


def is_cue_verb(lemma: str, frame: str) -> bool:
    if lemma in NEVER_VERBS:
        return False
    if lemma in CORE_VERBS and frame != "none":
        return True
    return learned_rate(lemma, frame) >= LEARNED_THRESHOLD


def verb_frame(tok) -> str:
    deps = {c.dep_ for c in tok.children}
    if "ccomp" in deps:
        return "ccomp"
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps:
        return "dobj"
    return "none"


def learn(path: str, min_pos: int = 3) -> dict[str, dict[str, list[int]]]:  # pragma: no cover - tool
    """Count, in a PolNeAR-style JSONL, how often each verb lemma in each frame heads a gold cue."""
    import json

    from .nlp import get_nlp

    nlp = get_nlp()
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    table: dict[str, dict[str, list[int]]] = {}
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=16)):
        heads = set()
        for a in row.get("attributions", []):
            cue = a.get("cue")
            if not cue or not cue.get("spans"):
                continue
            span = doc.char_span(cue["spans"][0][0], cue["spans"][-1][1], alignment_mode="expand")
            if span is not None:
                heads.add(span.root.i)
        for t in doc:
            if t.pos_ != "VERB":
                continue
            cell = table.setdefault(t.lemma_.lower(), {}).setdefault(verb_frame(t), [0, 0])
            cell[1] += 1
            if t.i in heads:
                cell[0] += 1
    return {lem: fr for lem, fr in table.items() if sum(v[0] for v in fr.values()) >= min_pos}


if __name__ == "__main__":  # pragma: no cover - tool
    import argparse
    import pprint

    ap = argparse.ArgumentParser(description="learn the cue-verb table from a PolNeAR train file")
    ap.add_argument("--learn", required=True, help="train.jsonl")
    a = ap.parse_args()
    print("LEARNED = " + pprint.pformat(learn(a.learn), width=100, compact=True))
