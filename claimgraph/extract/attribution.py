"""Attribution rules on the dependency parse: who (source) says what (content), through which cue.

Patterns (each yields a source span, a cue span and a content span, as character offsets into the
document text exactly as given):

* reporting verbs with a clause, quote or object: "X said (that) C", "C, X said", "'C,' said X",
  "X told Y that C", "X called Y Z", "X denied C", "X's assessment states C", "..., saying C";
* "according to X, C" and "C, according to X";
* "X: C" at the start of a line (headlines, transcripts);
* raising verbs without a speaker ("it seems", "X appears to", "X is expected to").

Content is then snapped to the quotation it sits in and extended over quoted sentences and
paragraphs that follow the attribution without a cue of their own (a quote running on). Sources are
typed and resolved inside the document (sources.py); stance, negation, framing and ``based_on`` are
read off the parse around the cue.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..model import SourceMention, Statement
from . import cues as C
from .nlp import get_nlp, pipe as nlp_pipe, split_text
from .sources import ROLE_WORDS, Resolver, describe, text_of, text_of_runs

EXTRACTOR_VERSION = "attr-0.4"

Span = tuple[int, int]

# adverbs that annotators keep inside the cue ("also said", "repeatedly claimed")
CUE_ADVMODS = frozenset("""also repeatedly just recently first now still later even then again
previously already never often publicly privately quickly later initially once further
explicitly specifically directly flatly""".split())
# prepositions that join a cue verb to its content ("referring to C", "talked about C")
CONTENT_PREPS = frozenset("to about against for on of at with over".split())
LEFT_CUE_DEPS = frozenset(("aux", "auxpass", "neg"))
CONTENT_DEPS_RIGHT = ("dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "dative")


@dataclass
class Raw:
    """One attribution found in a parse, with offsets already in document coordinates."""

    cue: Span
    content: Span
    source: Optional[object] = None  # spaCy Span
    source_span: Optional[Span] = None
    cue_lemma: str = ""
    cue_tok: Optional[object] = None
    content_root: Optional[object] = None
    kind: str = "verb"
    based_on: list = field(default_factory=list)  # spaCy Spans
    order: int = 0
    off: int = 0  # offset of the parse piece the spaCy objects belong to


# -- quotations -------------------------------------------------------------------------------------

_QUOTE_RE = re.compile(r"\u201c|\u201d|\"|''|``|\u00ab|\u00bb")


def quote_regions(text: str) -> list[Span]:
    """Quotations as [start, end) including their marks; an unclosed quote ends with its paragraph."""
    regions: list[Span] = []
    pos = 0
    for para in text.split("\n"):
        start = None
        opener = None
        for m in _QUOTE_RE.finditer(para):
            q = m.group()
            i = pos + m.start()
            if start is None:
                if q in ("\u201d", "\u00bb"):
                    continue
                start, opener = i, q
            else:
                closes = (q == "\u201d" and opener == "\u201c") or (q == '"' and opener == '"') or \
                         (q == "''" and opener in ("''", "``")) or (q == "\u00bb" and opener == "\u00ab")
                if closes:
                    regions.append((start, pos + m.end()))
                    start = None
                elif q in ("\u201c", "``", "\u00ab") and opener in ("\u201c", "``", "\u00ab"):
                    # a new opening mark before the old one closed: the old one ran to here
                    regions.append((start, i))
                    start, opener = i, q
        if start is not None:
            end = pos + len(para.rstrip())
            if end > start + 1:
                regions.append((start, end))
        pos += len(para) + 1
    return regions


def _region_at(regions: list[Span], i: int) -> Optional[Span]:
    lo, hi = 0, len(regions)
    while lo < hi:
        mid = (lo + hi) // 2
        if regions[mid][1] <= i:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(regions) and regions[lo][0] <= i < regions[lo][1]:
        return regions[lo]
    return None


# -- span helpers -----------------------------------------------------------------------------------

def _tok_span(tokens, off: int) -> Span:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return (first.idx + off, last.idx + len(last.text) + off)


def _subtree_span(tok, off: int) -> Span:
    return (tok.left_edge.idx + off, tok.right_edge.idx + len(tok.right_edge.text) + off)


def _hull(spans: Iterable[Span]) -> Optional[Span]:
    spans = [s for s in spans if s]
    if not spans:
        return None
    return (min(s for s, _ in spans), max(e for _, e in spans))


_ABBREV_END = re.compile(r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Mr|Mrs|Ms|Dr)\.)$")


def _strip(text: str, span: Span) -> Span:
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:\u2014\u2013-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:\u2014\u2013-"):
        e -= 1
    if e > s and text[e - 1] == "." and not _ABBREV_END.search(text[max(s, e - 8):e]):
        e -= 1
        while e > s and text[e - 1].isspace():
            e -= 1
    if e < len(text) and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
        e += 1  # keep the parenthesis a name opened: "the Centre for ... (CMSA)"
    return (s, e)


# -- cue verbs --------------------------------------------------------------------------------------

def _cue_span(v, off: int, prep=None) -> Span:
    toks = [v]
    i = v.i - 1
    doc = v.doc
    kids = set(c.i for c in v.children)
    while i >= 0:
        t = doc[i]
        if t.i in kids and (t.dep_ in LEFT_CUE_DEPS or (t.dep_ == "advmod" and t.lower_ in CUE_ADVMODS)):
            toks.append(t)
            i -= 1
            continue
        break
    j = v.i + 1
    while j < len(doc) and doc[j].head == v and doc[j].dep_ == "prt":
        toks.append(doc[j])
        j += 1
    if prep is not None:
        toks.append(prep)
    return _tok_span(toks, off)


def _subject(v, depth: int = 0):
    """The speaker of verb ``v``: its subject, or the subject it shares ("..., saying", "and added")."""
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if depth < 3 and v.head is not v:
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            return _subject(v.head, depth + 1)
        if v.dep_ in ("advcl", "xcomp") and v.tag_ == "VBG" and v.i > v.head.i:
            return _subject(v.head, depth + 1)
        if v.dep_ == "pcomp" and v.head.lower_ in ("by", "after", "before", "while", "in"):
            h = v.head.head
            if h.pos_ in ("VERB", "AUX"):
                return _subject(h, depth + 1)
    return None


def _content_of_verb(v, off: int, text: str, regions=None):
    """(content span, content root, prep joined to the cue) for cue verb ``v``; None if it has none."""
    kids = list(v.children)
    ccomps = [c for c in kids if c.dep_ == "ccomp"]
    if ccomps:
        return _hull(_subtree_span(c, off) for c in ccomps), ccomps[0], None
    right = [c for c in kids if c.i > v.i and c.dep_ in CONTENT_DEPS_RIGHT and c.dep_ != "dative"]
    if right:
        # "told reporters" alone is not a content
        if not (len(right) == 1 and right[0].dep_ == "dobj" and v.lemma_ in ("tell", "inform", "brief")):
            root = next((c for c in right if c.dep_ in ("xcomp", "ccomp")), right[0])
            last = max(c.i for c in right)
            extra = [c for c in kids if c.dep_ == "prep" and c.lower_ in ("as", "for") and c.i > last
                     and any(x.dep_ == "dobj" for x in right)]
            return _hull(_subtree_span(c, off) for c in right + extra), root, None
    # "referring to C", "talked about C", "called for C"
    for c in kids:
        if c.i > v.i and c.dep_ == "prep" and c.lower_ in CONTENT_PREPS and c.i == v.i + 1 + sum(
                1 for k in kids if k.dep_ == "prt" and v.i < k.i < c.i):
            pobj = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
            if pobj:
                return _subtree_span(pobj[0], off), pobj[0], c
    # "C, he said" parsed with the verb hanging off the content's clause
    h = v.head
    if v.dep_ in ("parataxis", "ccomp", "advcl", "conj") and h is not v and h.i < v.i:
        left = v.left_edge
        s = h.left_edge.idx + off
        e = left.idx + off
        if e > s and text[s:e].rstrip().endswith((",", "\u201d", '"', "''")):
            return (s, e), h, None
    # "X said: C" / "X said." followed by a quote
    nxt = v.i + 1
    doc = v.doc
    while nxt < len(doc) and doc[nxt].dep_ == "prt":
        nxt += 1
    if nxt < len(doc) and doc[nxt].text == ":":
        rest = [t for t in doc[nxt + 1:] if t.sent == doc[nxt + 1].sent] if nxt + 1 < len(doc) else []
        if rest:
            return _tok_span(rest, off), rest[0].sent.root, None
    # '"C," he said' where the parser did not join the quote to the verb: the quotation just before
    if regions is not None and v.dep_ in ("ROOT", "parataxis", "conj", "ccomp"):
        e = v.left_edge.idx + off
        k = e
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k > 0 and text[k - 1] in "\u201d\"'":
            reg = _region_at(regions, k - 1)
            if reg is not None and reg[1] == k and text[reg[0]:reg[1]].rstrip("\u201d\"' ").endswith((",", "?", "!", "\u2014")):
                return reg, v.sent[0] if v.sent[0].idx + off >= reg[0] else v, None
    return None


def _according(tok, off: int, text: str):
    """'according to X': returns a Raw or None."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        to = nxt
    pobj = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
    if pobj is None:
        return None
    src_span = _subtree_span(pobj, off)
    cue = (tok.idx + off, to.idx + len(to.text) + off)
    h = tok.head
    while h.dep_ not in ("ROOT",) and h.pos_ not in ("VERB", "AUX") and h.head is not h:
        h = h.head
    sent = tok.sent
    clause_s = h.left_edge.idx + off if h is not tok else sent.start_char + off
    clause_e = h.right_edge.idx + len(h.right_edge.text) + off if h is not tok else sent.end_char + off
    a_s, a_e = tok.left_edge.idx + off, max(tok.right_edge.idx + len(tok.right_edge.text) + off, src_span[1])
    if (clause_e <= a_e or text[a_e:clause_e].strip(" .!?\"'\u201d\u2019\n") == "") and clause_s < a_s:
        content = (clause_s, a_s)
    elif clause_s >= a_s or a_s - clause_s < 3:
        content = (a_e, max(clause_e, a_e))
    else:
        content = (clause_s, clause_e)  # "C1, according to X, C2": the hull, as annotators' spans
    content = _strip(text, content)
    if content[1] - content[0] < 3:
        return None
    return Raw(cue=cue, content=content, source=tok.doc[pobj.left_edge.i:pobj.right_edge.i + 1],
               source_span=src_span, cue_lemma="according to", cue_tok=tok, content_root=h,
               kind="according")


def _colon(tok, off: int, text: str):
    """'X: C' where X is a short name at the start of a line."""
    doc = tok.doc
    # start of the line
    i = tok.i - 1
    while i >= 0 and "\n" not in doc[i].whitespace_ and "\n" not in doc[i].text:
        i -= 1
    start = i + 1
    left = doc[start:tok.i]
    if not (1 <= len(left) <= 5):
        return None
    if not all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART") or t.text in (".", "'s", "\u2019s") for t in left):
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in left):
        return None
    # rest of the line
    j = tok.i + 1
    while j < len(doc) and "\n" not in doc[j].text:
        if "\n" in doc[j].whitespace_:
            j += 1
            break
        j += 1
    rest = [t for t in doc[tok.i + 1:j] if not t.is_space]
    if len(rest) < 2:
        return None
    src_span = _tok_span(list(left), off)
    return Raw(cue=(tok.idx + off, tok.idx + 1 + off), content=_tok_span(rest, off), source=left,
               source_span=src_span, cue_lemma=":", cue_tok=tok, content_root=rest[0], kind="colon")


def _raising(v, off: int):
    """'X seems to C', 'it appears that C', 'X is expected to C': a cue without a speaker."""
    parts = []
    root = None
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("it", "there"):
            parts.append(_subtree_span(c, off))
        elif c.dep_ in ("xcomp", "ccomp", "acomp", "attr") and c.i > v.i:
            parts.append(_subtree_span(c, off))
            root = c
    if root is None:
        return None
    return _hull(parts), root


def _based_on(sent, content: Span, off: int) -> list:
    """'citing X', 'based on reports from X', 'quoted by X' in the sentence, outside the content."""
    out = []

    def inside(t):
        return content[0] <= t.idx + off < content[1]

    def unwrap(n, depth=0):
        # "reports from X" -> X ; keep conjuncts
        res = []
        for x in [n] + [c for c in n.conjuncts if c.i > n.i]:
            inner = None
            if x.lemma_.lower() in C.BASED_ON_NOUNS:
                preps = [p for p in x.children if p.dep_ == "prep" and p.lower_ in ("from", "by", "of")]
                if not preps and x.dep_ == "conj":
                    # "intelligence and statements by X": the parser hangs "by X" on the first conjunct
                    preps = [p for p in x.head.children if p.dep_ == "prep" and p.i > x.i
                             and p.lower_ in ("from", "by", "of")]
                for p in preps:
                    inner = next((q for q in p.children if q.dep_ == "pobj"), None)
            if inner is not None and depth < 3:
                res += unwrap(inner, depth + 1)
                continue
            tgt = x
            conjs = [c for c in tgt.children if c.dep_ in ("conj", "cc")]
            late = [c for c in tgt.children if c.dep_ == "prep" and conjs and c.i > max(k.i for k in conjs)]
            # the noun without its conjuncts
            toks = [t for t in tgt.subtree if not any(t in c.subtree for c in conjs + late)]
            toks = [t for t in toks if t.dep_ != "cc"]
            if toks:
                res.append(sent.doc[min(t.i for t in toks):max(t.i for t in toks) + 1])
        return res

    for t in sent:
        if inside(t) and not (t.i > 0 and t.doc[t.i - 1].text == "," and t.lower_ in ("based", "citing", "quoting")):
            continue
        lem = t.lemma_.lower()
        if lem in ("cite", "quote") and t.tag_ == "VBG" or (lem == "cite" and t.dep_ in ("advcl", "acl", "conj")):
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None:
                out += unwrap(obj)
        elif lem == "base" and t.lower_ == "based":
            on = next((c for c in t.children if c.lower_ in ("on", "upon")), None)
            if on is not None:
                obj = next((c for c in on.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    out += unwrap(obj)
        elif lem == "quote" and t.tag_ == "VBN":
            ag = next((c for c in t.children if c.dep_ == "agent" or c.lower_ == "by"), None)
            if ag is not None:
                obj = next((c for c in ag.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    out += unwrap(obj)
    return out


def find_raw(doc, off: int, text: str, regions=None) -> list[Raw]:
    """All attributions in one parsed piece (``off`` = its offset in the document text)."""
    out: list[Raw] = []
    for t in doc:
        lower = t.lower_
        if lower == "according":
            r = _according(t, off, text)
            if r:
                out.append(r)
            continue
        if t.text == ":" and t.i > 0:
            r = _colon(t, off, text)
            if r:
                out.append(r)
            continue
        if t.pos_ != "VERB" and not (t.pos_ in ("NOUN", "PROPN") and t.dep_ == "ROOT" and t.lower_.endswith("s")
                                     and any(c.dep_ == "ccomp" for c in t.children)
                                     and any(c.dep_ == "nsubj" for c in t.children)):
            continue
        if regions is not None:
            reg = _region_at(regions, t.idx + off)
            if reg is not None and reg[1] - reg[0] > len(t.text) + 2:
                continue  # attributions inside a quotation belong to the quoted speaker's words
        lem = t.lemma_.lower()
        if lem in C.RAISING_VERBS or (lem == "expect" and any(c.dep_ == "auxpass" for c in t.children)
                                      and not any(c.dep_ == "agent" for c in t.children)):
            r = _raising(t, off)
            if r and C.learned_rate(lem, C.verb_frame(t)) >= C.LEARNED_THRESHOLD:
                out.append(Raw(cue=_cue_span(t, off), content=r[0], cue_lemma=lem, cue_tok=t,
                               content_root=r[1], kind="raising"))
            continue
        frame = C.verb_frame(t)
        if t.dep_ == "xcomp" and t.head.pos_ == "VERB" and C.is_cue_verb(t.head.lemma_.lower(), "xcomp"):
            continue  # "declined to say", "went on to say": the governing verb is the cue
        if not C.is_cue_verb(lem, frame):
            if not (frame == "none" and C.is_cue_verb(lem, "ccomp") and lem in C.CORE_VERBS):
                continue
        got = _content_of_verb(t, off, text, regions)
        if got is None:
            continue
        content, croot, prep = got
        content = _strip(text, content)
        if content[1] - content[0] < 2:
            continue
        subj = _subject(t)
        src = src_span = None
        if subj is not None:
            src = doc[subj.left_edge.i:subj.right_edge.i + 1]
            src_span = _subtree_span(subj, off)
            if t.pos_ != "VERB" and subj.i < t.i:
                # "the ministry's assessment states": the noun compound belongs to the source
                src = doc[subj.left_edge.i:t.i]
                src_span = _tok_span(list(src), off)
            # a subject that swallows the content (odd parses) is cut at the content
            if src_span[0] < content[1] and content[0] < src_span[1]:
                if subj.idx + off >= content[1]:
                    src_span = (max(src_span[0], content[1]), src_span[1])
                elif subj.idx + off < content[0]:
                    src_span = (src_span[0], content[0])
                else:
                    src_span = (subj.idx + off, subj.idx + len(subj.text) + off)
            # the source stays in the cue's paragraph
            ps = text.rfind("\n", 0, t.idx + off) + 1
            pe = text.find("\n", t.idx + off)
            pe = len(text) if pe < 0 else pe
            src_span = (max(src_span[0], ps), min(src_span[1], pe))
            if src_span[1] <= src_span[0]:
                src = src_span = None
            else:
                src_span = _strip(text, src_span)
                src = doc.char_span(src_span[0] - off, src_span[1] - off, alignment_mode="expand") or src
        out.append(Raw(cue=_cue_span(t, off, prep), content=content, source=src, source_span=src_span,
                       cue_lemma=lem, cue_tok=t, content_root=croot, kind="verb"))
    return out


# -- learned decisions ------------------------------------------------------------------------------
#
# Linear models trained on PolNeAR train (``python -m claimgraph.extract.train``) decide, on top of
# the rules: which tokens head a cue, where the cue, the source and the content start and end. The
# rules above are features of these decisions (a rule's cue and spans are strong hints), not the
# final word. Each boundary is chosen among candidate tokens by a scorer over sparse string
# features; the weights ship in ``models/attribution.json.gz``.

MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models", "attribution.json.gz")
_TRIM_CHARS = frozenset(" \t\r\n\u00a0\"'\u201c\u201d\u2018\u2019.,;:!?\u2014\u2013-()[]")
_QUOTE_CHARS = frozenset("\"'\u201c\u201d\u2018\u2019`\u00ab\u00bb")
CUE_LEFT, CUE_RIGHT = 5, 7  # window of a cue span around its head, in tokens
BACKSTOP = True
BACKSTOP_KINDS = frozenset(("according", "colon"))
# the issue's own reporting verbs, also with an object ("assessed the presence of ...")
BACKSTOP_OBJECT_VERBS = frozenset("assess estimate confirm announce report deny claim warn note".split())
RULE_CONTENT_FIRST = False  # see decode_one: on held-out train it did not help the document-level scores
SNAP_LEARNED = True  # snap learned contents to quotations and running quotes, as the rules do (held-out train: +5 content F1)


class LinearModel:
    """bias + sum of the weights of the features present (a logistic regression's logit)."""

    __slots__ = ("bias", "w")

    def __init__(self, bias: float, w: dict):
        self.bias = bias
        self.w = w

    def score(self, feats) -> float:
        g = self.w.get
        return self.bias + sum(g(f, 0.0) for f in feats)


class Models:
    def __init__(self, data: dict):
        self.cue_threshold = float(data["cue_threshold"])
        self.cue_lemmas = frozenset(data["cue_lemmas"])
        self.m = {k: LinearModel(v["bias"], v["w"]) for k, v in data["models"].items()}

    @classmethod
    def load(cls, path: str = MODEL_PATH) -> Optional["Models"]:
        if not os.path.exists(path):
            return None
        import gzip
        import json

        with gzip.open(path, "rt", encoding="utf-8") as f:
            return cls(json.load(f))


_MODELS: list = []


def get_models() -> Optional[Models]:
    """The shipped models, loaded once; None when the package has none (rules alone then)."""
    if not _MODELS:
        _MODELS.append(Models.load())
    return _MODELS[0]


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    if n <= 25:
        return "13-25"
    return "26+"


def _is_trim_tok(t) -> bool:  # noqa: E302
    return all(ch in _TRIM_CHARS for ch in t.text)


class DocContext:
    """Per-parse precomputation shared by all feature functions (lazy where it can be)."""

    def __init__(self, doc, off: int, text: str, regions: list[Span]):
        self.doc = doc
        self.off = off
        self.text = text
        self.regions = regions
        self.sents = list(doc.sents)
        n = len(doc)
        self.sent_of = [0] * n
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        # inside a quotation (longer than the token itself): a linear merge of tokens and regions
        self.inq = [False] * n
        if regions:
            k = 0
            nr = len(regions)
            for t in doc:
                ch = t.idx + off
                while k < nr and regions[k][1] <= ch:
                    k += 1
                if k < nr and regions[k][0] <= ch and regions[k][1] - regions[k][0] > len(t.text) + 2:
                    self.inq[t.i] = True
        self.sent_has_quote = [any(ch in _QUOTE_CHARS for ch in s.text) for s in self.sents]
        toks = self.toks = list(doc)
        self.lower = [t.lower_ for t in toks]
        self.pos = [t.pos_ for t in toks]
        self.dep = [t.dep_ for t in toks]
        self.headi = [t.head.i for t in toks]
        self.left = [t.left_edge.i for t in toks]
        self.right = [t.right_edge.i for t in toks]
        self.trimtok = [all(ch in _TRIM_CHARS for ch in t.text) for t in toks]
        self.quote = [bool(t.text) and all(ch in _QUOTE_CHARS for ch in t.text) for t in toks]
        self.sstart = [s.start for s in self.sents]
        self.send = [s.end for s in self.sents]
        cls0 = []
        for t in toks:
            if t.is_space:
                k = "N" if "\n" in t.text else "_"
            elif self.quote[t.i]:
                k = "Q"
            elif t.is_punct:
                k = "P" if t.text != ":" else ":"
            elif t.dep_ == "mark" or t.lower_ == "that":
                k = "m"
            elif t.dep_ in ("aux", "auxpass", "neg", "advmod"):
                k = "a"
            else:
                k = "x"
            cls0.append(k)
        self.cls0 = cls0
        self._base: dict[int, tuple] = {}
        self._static: dict[tuple, float] = {}

    def base(self, i: int) -> tuple:
        b = self._base.get(i)
        if b is None:
            b = self._base[i] = ("w=" + self.lower[i], "p=" + self.pos[i], "d=" + self.dep[i],
                                 "t=" + self.toks[i].tag_)
        return b

    def static_score(self, model: "LinearModel", name: str, i: int, side: str, role: str) -> float:
        key = (name, i)
        s = self._static.get(key)
        if s is None:
            g = model.w.get
            s = self._static[key] = sum(g(f, 0.0) for f in static_features(i, self, side, role))
        return s


def _edges(ctx: "DocContext", ci: int, side: str) -> list[int]:
    """Nodes whose subtree starts (side 's') or ends (side 'e') at token ``ci``: ci and the ancestors
    up to where the subtree grows past it."""
    edge = ctx.left if side == "s" else ctx.right
    head = ctx.headi
    n = ci
    out = []
    for _ in range(12):
        if edge[n] != ci:
            break
        out.append(n)
        if head[n] == n:
            break
        n = head[n]
    return out


def _rel_i(ctx: "DocContext", ni: int, hi: int) -> str:
    """Tree relation of node ``ni`` to the cue head ``hi`` (token indices)."""
    head = ctx.headi
    nh = head[ni]
    hh = head[hi]
    if ni == hi:
        return "self"
    if nh == hi and ni != hh:
        return "ch:" + ctx.dep[ni]
    if ni == hh:
        return "hd:" + ctx.dep[hi]
    if nh == hh:
        return "sib:" + ctx.dep[ni]
    if head[nh] == hi:
        return "gch:" + ctx.dep[nh] + ">" + ctx.dep[ni]
    if ctx.left[ni] <= hi <= ctx.right[ni]:
        return "anc:" + ctx.dep[ni]
    return ""


def _rel(n, h) -> str:
    """Tree relation of node ``n`` to the cue head ``h`` (tokens of one doc, compared by index)."""
    ni, hi = n.i, h.i
    nh = n.head.i
    hh = h.head.i
    if ni == hi:
        return "self"
    if nh == hi and ni != hh:
        return "ch:" + n.dep_
    if ni == hh:
        return "hd:" + h.dep_
    if nh == hh:
        return "sib:" + n.dep_
    if n.head.head.i == hi:
        return "gch:" + n.head.dep_ + ">" + n.dep_
    if n.left_edge.i <= hi <= n.right_edge.i:
        return "anc:" + n.dep_
    return ""


def cue_features(t, ctx: DocContext, rule: Optional[Raw]) -> list[str]:
    doc = t.doc
    lem = t.lemma_.lower()
    kids = list(t.children)
    deps = sorted({c.dep_ for c in kids})
    frame = C.verb_frame(t)
    inq = ctx.inq[t.i]
    sq = ctx.sent_has_quote[ctx.sent_of[t.i]]
    f = list(ctx.base(t.i))
    f += [f"l={lem}", f"l|d={lem}|{t.dep_}", f"l|t={lem}|{t.tag_}", f"hl={t.head.lemma_.lower()}",
          f"hp={t.head.pos_}", f"hd={t.head.dep_}", f"d|hp={t.dep_}|{t.head.pos_}",
          f"fr={frame}", f"l|fr={lem}|{frame}", f"l|inq={lem}|{inq}", f"d|inq={t.dep_}|{inq}",
          f"l|hl={lem}|{t.head.lemma_.lower()}"]
    for d in deps:
        f.append("cd=" + d)
        f.append(f"l|cd={lem}|{d}")
    for c in kids:
        if c.dep_ in ("prep", "prt", "agent", "mark") or c.dep_ == "aux" and c.i < t.i:
            f.append(f"l|cw={lem}|{c.lower_}")
        if c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"se={c.ent_type_ or c.pos_}")
            f.append(f"l|se={lem}|{c.ent_type_ or c.pos_}")
            if c.pos_ == "PRON":
                f.append("sw=" + c.lower_)
    lw = ctx.lower
    n = len(lw)
    prv = lw[t.i - 1] if t.i > 0 else "<s>"
    nxt = lw[t.i + 1] if t.i + 1 < n else "</s>"
    nxt2 = lw[t.i + 2] if t.i + 2 < n else "</s>"
    f += [f"pw={prv}", f"nw={nxt}", f"l|nw={lem}|{nxt}", f"l|pw={lem}|{prv}", f"nw2={nxt}|{nxt2}",
          f"inq={inq}", f"sq={sq}", f"l|sq={lem}|{sq}"]
    if t.ent_type_:
        f.append("ent=" + t.ent_type_)
    rate = C.learned_rate(lem, frame)
    f.append("rate=%d" % int(rate * 5))
    if rule is not None:
        f += ["rule=" + rule.kind, "rule_src=%s" % (rule.source is not None), f"l|rule={lem}|{rule.kind}",
              "rule|q=%s" % _is_quote(rule.content, ctx.regions)]
    else:
        f.append("rule=none")
    return f


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _TRIM_CHARS:
        s += 1
    while e > s and text[e - 1] in _TRIM_CHARS:
        e -= 1
    if e < len(text) and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
        e += 1  # keep the parenthesis a name opened: "the Centre for ... (CMSA)"
    return (s, e)


class CueView:
    """What the boundary features of one cue need: its head, span, lemma and the gaps around it."""

    def __init__(self, h, cue: tuple[int, int], ctx: DocContext, lo: int, hi: int):
        self.h = h
        self.cue = cue
        self.lem = h.lemma_.lower()
        self.hdep = h.dep_
        self.hs = ctx.sent_of[h.i]
        subj, obj = set(), set()
        for c in h.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                subj.update(x.i for x in c.subtree)
            elif c.dep_ in ("dobj", "dative", "npadvmod") and c.i > h.i:
                obj.update(x.i for x in c.subtree)
        cls0 = ctx.cls0
        gap: dict[int, str] = {}

        def cls(i):
            k = cls0[i]
            if k in "max":
                return "S" if i in subj else "O" if i in obj else k.upper()
            return k

        runs: list[str] = []
        for i in range(cue[0] - 1, max(lo, cue[0] - 16) - 1, -1):
            gap[i] = ("".join(runs[:6]) or "0") if cue[0] - 1 - i <= 14 else "long"
            k = cls(i)
            if not runs or runs[0] != k:
                runs.insert(0, k)
        runs = []
        for i in range(cue[1] + 1, min(hi, cue[1] + 16) + 1):
            gap[i] = ("".join(runs[:6]) or "0") if i - cue[1] - 1 <= 14 else "long"
            k = cls(i)
            if not runs or runs[-1] != k:
                runs.append(k)
        self.gap = gap


def static_features(i: int, ctx: DocContext, side: str, role: str) -> list[str]:
    """Features of token ``i`` as a boundary that do not depend on the cue."""
    p = role + side
    b = ctx.base(i)
    f = [p + b[0], p + b[1], p + b[2]]
    n = len(ctx.toks)
    if side == "s":
        nb = i - 1 if i > 0 else -1
        if ctx.sstart[ctx.sent_of[i]] == i or (nb >= 0 and ctx.cls0[nb] == "N"):
            f.append(p + "first")
    else:
        nb = i + 1 if i + 1 < n else -1
        end = ctx.send[ctx.sent_of[i]]
        k = i + 1
        while k < end and ctx.trimtok[k]:
            k += 1
        if k >= end:
            f.append(p + "last")
    if nb < 0:
        f.append(p + "nb=<none>")
    else:
        f.append(p + "nb=" + ctx.lower[nb])
        f.append(p + "nbp=" + ctx.pos[nb])
        if ctx.quote[nb]:
            f.append(p + "nbq")
    if ctx.inq[i]:
        f.append(p + "inq")
    if role == "src":
        f.append(p + "ent=" + (ctx.toks[i].ent_type_ or "-"))
    return f


def dynamic_features(i: int, cv: CueView, ctx: DocContext, side: str, role: str,
                     rule_tok: Optional[int]) -> list[str]:
    """Features of token ``i`` as a boundary of ``role``'s span relative to the cue ``cv``."""
    hi = cv.h.i
    cue = cv.cue
    lem = cv.lem
    p = role + side
    if i < cue[0]:
        pos = "L"
        dist = cue[0] - i
    elif i > cue[1]:
        pos = "R"
        dist = i - cue[1]
    else:
        pos = "I"
        dist = 0
    gap = cv.gap.get(i, "long") if pos != "I" else "in"
    ds = ctx.sent_of[i] - cv.hs
    f = [p + "pos=" + pos, p + "dist=" + pos + _bucket(dist), p + "gap=" + pos + gap, p + "ds=%d" % ds,
         p + "l|pos=" + lem + "|" + pos, p + "hd|pos=" + cv.hdep + "|" + pos]
    nb = i - 1 if side == "s" else i + 1
    if 0 <= nb < len(ctx.toks):
        f.append(p + "nb|pos=" + ctx.lower[nb] + "|" + pos)
    k = 0
    for n in _edges(ctx, i, side):
        r = _rel_i(ctx, n, hi)
        if r:
            f.append(p + "rel=" + r)
            f.append(p + "rel|l=" + r + "|" + lem)
            f.append(p + "rel|pos=" + r + "|" + pos)
            k += 1
    if not k:
        f.append(p + "rel=none")
    if rule_tok is not None:
        if rule_tok == i:
            f.append(p + "rule")
            f.append(p + "rule|l=" + lem)
        elif rule_tok >= 0:
            f.append(p + "ruleoff=" + ("<" if i < rule_tok else ">"))
    else:
        f.append(p + "norule")
    return f


def boundary_features(i: int, cv: CueView, ctx: DocContext, side: str, role: str,
                      rule_tok: Optional[int]) -> list[str]:
    return static_features(i, ctx, side, role) + dynamic_features(i, cv, ctx, side, role, rule_tok)


def _tok_at_start(ctx: DocContext, ch: int) -> Optional[int]:
    span = ctx.doc.char_span(ch - ctx.off, ch - ctx.off + 1, alignment_mode="expand")
    if span is None or span.start_char + ctx.off != ch:
        return None
    return span.start


def _tok_at_end(ctx: DocContext, ch: int) -> Optional[int]:
    span = ctx.doc.char_span(ch - ctx.off - 1, ch - ctx.off, alignment_mode="expand")
    if span is None or span.end_char + ctx.off != ch:
        return None
    return span.end - 1


def _rule_bounds(ctx: DocContext, span: Optional[Span]) -> tuple[int, int]:
    """Token indices of a rule span's trimmed first and last characters (-1 when not on a token)."""
    if span is None:
        return (-2, -2)
    s, e = _trim(ctx.text, span)
    if e <= s:
        return (-2, -2)
    a = _tok_at_start(ctx, s)
    b = _tok_at_end(ctx, e)
    return (a if a is not None else -1, b if b is not None else -1)


def cue_candidates(ctx: DocContext, lemmas: frozenset):
    lower = ctx.lower
    for t in ctx.toks:
        i = t.i
        if ctx.trimtok[i] and lower[i] != ":" or ctx.cls0[i] in "N_":
            continue
        if t.lemma_.lower() in lemmas:
            yield t


def cue_window(ctx: DocContext, h) -> tuple[list[int], list[int]]:
    s = ctx.sents[ctx.sent_of[h.i]]
    tt = ctx.trimtok
    starts = [i for i in range(max(s.start, h.i - CUE_LEFT), h.i + 1) if not tt[i]]
    ends = [i for i in range(h.i, min(s.end, h.i + CUE_RIGHT + 1)) if not tt[i] or ctx.lower[i] == ":"]
    return starts, ends


def cue_bound_features(c, h, ctx: DocContext, side: str, rule_tok: Optional[int]) -> list[str]:
    lem = h.lemma_.lower()
    p = "c" + side
    i = c.i
    c = ctx.toks[i]
    b = ctx.base(i)
    d = i - h.i
    f = [p + b[0], p + b[1], p + b[2], p + "d=%d" % d, p + "l|d=%s|%d" % (lem, d)]
    if c.i == h.i:
        f.append(p + "head")
    else:
        r = _rel(c, h)
        f.append(p + "rel=" + (r or "none"))
        f.append(p + "rel|w=" + (r or "none") + "|" + c.lower_)
        f.append(p + "l|w=" + lem + "|" + c.lower_)
        lo, hi = (i, h.i) if i < h.i else (h.i, i)
        inside = h.left_edge.i <= lo and hi <= h.right_edge.i
        f.append(p + "insub=%s" % inside)
    nb = i + 1 if side == "e" else i - 1
    if 0 <= nb < len(ctx.toks):
        f.append(p + "nb=" + ctx.lower[nb])
        f.append(p + "nbd=" + ctx.dep[nb])
    if rule_tok is not None:
        f.append(p + ("rule" if rule_tok == i else "notrule"))
    return f


def learned_raw(doc, off: int, text: str, regions: list[Span], models: Models,
                rules: list[Raw]) -> list[Raw]:
    """Attributions in one parse decided by the learned models, with the rules' findings (snapped to
    quotations as the rules alone would be) as features."""
    ctx = DocContext(doc, off, text, regions)
    by_head = {}
    for r in rules:
        if r.cue_tok is not None and r.cue_tok.doc is doc:
            by_head.setdefault(r.cue_tok.i, r)
    cue_m = models.m["cue"]
    out = []
    done = set()
    for t in cue_candidates(ctx, models.cue_lemmas):
        if cue_m.score(cue_features(t, ctx, by_head.get(t.i))) >= models.cue_threshold:
            r = decode_one(t, ctx, models, by_head.get(t.i))
            if r is not None:
                out.append(r)
                done.add(t.i)
    # backstop: the issue's own patterns found by the rules stay, even where the model passed them by
    for i, r in by_head.items():
        if i not in done and BACKSTOP and (r.kind in BACKSTOP_KINDS or
                                           r.cue_lemma in C.CORE_VERBS and C.verb_frame(r.cue_tok) == "ccomp" or
                                           r.cue_lemma in BACKSTOP_OBJECT_VERBS and C.verb_frame(r.cue_tok) == "dobj"):
            out.append(r)
    return out


def _score_all(ctx: DocContext, model: LinearModel, name: str, cands, cv: CueView, side: str, role: str,
               rule_tok) -> list[tuple[float, int]]:
    g = model.w.get
    b = model.bias
    out = []
    for i in cands:
        s = b + ctx.static_score(model, name, i, side, role)
        for f in dynamic_features(i, cv, ctx, side, role, rule_tok):
            s += g(f, 0.0)
        out.append((s, i))
    out.sort(reverse=True)
    return out


def decode_one(h, ctx: DocContext, models: Models, rule: Optional[Raw]) -> Optional[Raw]:
    doc = ctx.doc
    off = ctx.off
    m = models.m
    lem = h.lemma_.lower()
    # cue span
    rc = _rule_bounds(ctx, rule.cue) if rule is not None else None
    starts, ends = cue_window(ctx, h)
    toks = ctx.toks
    cs = max(starts, key=lambda i: m["cue_s"].score(cue_bound_features(toks[i], h, ctx, "s", rc[0] if rc else None)))
    ce = max(ends, key=lambda i: m["cue_e"].score(cue_bound_features(toks[i], h, ctx, "e", rc[1] if rc else None)))
    cue = (cs, ce)
    sc_s, sc_e = content_candidates(ctx, h, cue)
    ss_c = source_candidates(ctx, h, cue)
    lo = min(sc_s[0] if sc_s else cs, ss_c[0] if ss_c else cs)
    hi = max(sc_e[-1] if sc_e else ce, ss_c[-1] if ss_c else ce)
    cv = CueView(h, cue, ctx, lo, hi)
    # content: a rule's content (snapped to its quotation) where a rule fired on this head -- on
    # held-out train it is exact more often than the learned boundaries -- else the learned ones
    rcon = _rule_bounds(ctx, rule.content) if rule is not None else (None, None)
    if RULE_CONTENT_FIRST and rule is not None and rcon[0] >= 0 and rcon[1] >= rcon[0] and \
            not (rcon[0] <= ce and cs <= rcon[1]):
        return _finish(h, ctx, models, rule, cue, cv, (rcon[0], rcon[1]), rule.content)
    S = _score_all(ctx, m["con_s"], "con_s", sc_s, cv, "s", "con", rcon[0])
    E = _score_all(ctx, m["con_e"], "con_e", sc_e, cv, "e", "con", rcon[1])
    best = None
    for ss, si in S[:6]:
        for se, ei in E[:12]:
            if ei < si or (si <= ce and cs <= ei):
                continue
            if best is None or ss + se > best[0]:
                best = (ss + se, si, ei)
            break
    if best is None:
        return None
    con = (best[1], best[2])
    content = (doc[con[0]].idx + off, doc[con[1]].idx + len(doc[con[1]].text) + off)
    return _finish(h, ctx, models, rule, cue, cv, con, content)


def _finish(h, ctx: DocContext, models: Models, rule: Optional[Raw], cue, cv: CueView, con, content) -> Raw:
    """Choose the source for a cue whose content is decided, and build the Raw."""
    doc = ctx.doc
    off = ctx.off
    m = models.m
    lem = cv.lem
    cs, ce = cue
    ss_c = source_candidates(ctx, h, cue)
    rsrc = _rule_bounds(ctx, rule.source_span) if rule is not None else (None, None)
    src = None
    null = m["src_s"].score(null_source_features(h, ctx, rule))
    cands = [i for i in ss_c if not con[0] <= i <= con[1]]
    S = _score_all(ctx, m["src_s"], "src_s", cands, cv, "s", "src", rsrc[0])
    if S and S[0][0] > null:
        E = _score_all(ctx, m["src_e"], "src_e", cands, cv, "e", "src", rsrc[1])
        sbest = None
        for ss, si in S[:4]:
            for se, ei in E:
                if ei < si or (si <= ce and cs <= ei) or (si < con[0] <= ei):
                    continue
                if sbest is None or ss + se > sbest[0]:
                    sbest = (ss + se, si, ei)
                break
        if sbest is not None:
            src = (sbest[1], sbest[2])
    cue_span = (doc[cs].idx + off, doc[ce].idx + len(doc[ce].text) + off)
    content_root = doc[con[0]:con[1] + 1].root
    kind = "according" if lem == "accord" or h.lower_ == "according" else ("colon" if h.text == ":" else "verb")
    cue_lemma = "according to" if kind == "according" else lem
    if src is None:
        if lem in C.RAISING_VERBS or kind == "verb" and lem == "expect":
            kind = "raising"
        return Raw(cue=cue_span, content=content, cue_lemma=cue_lemma, cue_tok=h, content_root=content_root,
                   kind=kind)
    sp = doc[src[0]:src[1] + 1]
    return Raw(cue=cue_span, content=content, source=sp, source_span=(sp.start_char + off, sp.end_char + off),
               cue_lemma=cue_lemma, cue_tok=h, content_root=content_root, kind=kind)


def null_source_features(h, ctx: DocContext, rule: Optional[Raw]) -> list[str]:
    lem = h.lemma_.lower()
    deps = {c.dep_ for c in h.children}
    f = ["NULL", "NULL|l=" + lem, "NULL|d=" + h.dep_, "NULL|t=" + h.tag_,
         "NULL|subj=%s" % bool(deps & {"nsubj", "nsubjpass", "csubj"}), "NULL|agent=%s" % ("agent" in deps),
         "NULL|hd=" + h.head.pos_ + "|" + h.dep_]
    if rule is not None:
        f.append("NULL|rule_src=%s" % (rule.source is not None))
        f.append("NULL|rule=" + rule.kind)
    else:
        f.append("NULL|norule")
    return f


def content_candidates(ctx: DocContext, h, cue: tuple[int, int]) -> tuple[list[int], list[int]]:
    tt = ctx.trimtok
    k = ctx.sent_of[h.i]
    ss, se = ctx.sstart, ctx.send
    inner = [i for i in range(ss[k], se[k]) if not tt[i] and not (cue[0] <= i <= cue[1])]
    starts = []
    for j in (k - 2, k - 1):
        if j >= 0:
            t0 = ss[j]
            while t0 < se[j] and tt[t0]:
                t0 += 1
            if t0 < se[j]:
                starts.append(t0)
    starts += inner
    ends = list(inner)
    for j in (k + 1, k + 2, k + 3):
        if j < len(ss):
            t1 = se[j] - 1
            while t1 >= ss[j] and tt[t1]:
                t1 -= 1
            if t1 >= ss[j]:
                ends.append(t1)
    return starts, ends


def source_candidates(ctx: DocContext, h, cue: tuple[int, int]) -> list[int]:
    tt = ctx.trimtok
    k = ctx.sent_of[h.i]
    return [i for i in range(ctx.sstart[k], ctx.send[k]) if not tt[i] and not (cue[0] <= i <= cue[1])]


def snapped_rules(text: str, parses, regions: list[Span]) -> list[list[Raw]]:
    """The rules' attributions per parse piece, contents snapped to quotations and running quotes."""
    import bisect
    import copy

    per = []
    sent_ends = []
    for off, doc in parses:
        rs = find_raw(doc, off, text, regions)
        for r in rs:
            r.off = off
        per.append(rs)
        sent_ends.extend(s.end_char + off for s in doc.sents)

    def sent_end_of(i: int) -> int:
        k = bisect.bisect_right(sent_ends, i)
        return sent_ends[k] if k < len(sent_ends) else len(text)

    flat = [copy.copy(r) for rs in per for r in rs]
    _snap_and_extend(flat, text, regions, sent_end_of)
    out, k = [], 0
    for rs in per:
        out.append(flat[k:k + len(rs)])
        k += len(rs)
    return out


# -- content snapping and running quotes ------------------------------------------------------------

def _para_bounds(text: str, i: int) -> Span:
    s = text.rfind("\n", 0, i) + 1
    e = text.find("\n", i)
    return (s, len(text) if e < 0 else e)


def _snap_and_extend(raws: list[Raw], text: str, regions: list[Span], sent_end_of) -> None:
    cue_pos = sorted(r.cue[0] for r in raws)
    # content stays in the cue's paragraph (the parser sometimes joins paragraphs into one sentence)
    for r in raws:
        ps, pe = _para_bounds(text, r.cue[0])
        s, e = r.content
        if s < ps < e:
            s = ps
        if s < pe < e:
            e = pe
        if e > s:
            r.content = _strip(text, (s, e))

    def has_cue(s, e):
        import bisect
        k = bisect.bisect_left(cue_pos, s)
        return k < len(cue_pos) and cue_pos[k] < e

    for r in raws:
        s, e = r.content
        rs = _region_at(regions, s) or _region_at(regions, max(s - 1, 0))
        re_ = _region_at(regions, max(e - 1, s))
        if rs and not (rs[0] <= r.cue[0] < rs[1]):
            s = min(s, rs[0])
        if re_ and not (re_[0] <= r.cue[0] < re_[1]):
            e = max(e, re_[1])
        r.content = (s, e)
    # '"A," X said, "B."': both quotations, as one hull
    starts = [a for a, _ in regions]
    import bisect
    for r in raws:
        if r.kind != "verb" or not _is_quote(r.content, regions):
            continue
        core_s = min(r.cue[0], r.source_span[0] if r.source_span else r.cue[0])
        core_e = max(r.cue[1], r.source_span[1] if r.source_span else r.cue[1])
        s, e = r.content
        k = bisect.bisect_left(starts, core_e)
        if k < len(regions) and text[core_e:regions[k][0]].strip(" ,\u00a0") == "" and e <= core_s:
            e = max(e, regions[k][1])
        k = bisect.bisect_left(starts, core_s) - 1
        if k >= 0 and text[regions[k][1]:core_s].strip(" ,\u00a0") == "" and s >= core_e:
            s = min(s, regions[k][0])
        r.content = (s, e)
    # running quotes: quoted passages right after the attribution's sentence, with no cue of their own
    taken = sorted(r.content for r in raws)
    for r in sorted(raws, key=lambda x: x.cue[0]):
        if r.kind not in ("verb", "according", "colon"):
            continue
        if not _is_quote(r.content, regions):
            continue
        pos = max(sent_end_of(r.cue[0]), r.content[1], r.source_span[1] if r.source_span else 0)
        pe = _para_bounds(text, r.cue[0])[1]
        if pos > pe:
            pos = max(pe, r.content[1])
        end = r.content[1]
        for _ in range(20):
            k = pos
            while k < len(text) and text[k] in " \t\r\n\u00a0":
                k += 1
            reg = _region_at(regions, k)
            if reg is not None and reg[0] < k and all(ch in _QUOTE_CHARS for ch in text[reg[0]:k]):
                pass  # the parser ended the sentence after the next quotation's opening mark
            elif reg is None or reg[0] != k:
                break
            # the quoted passage's own sentence must not carry another attribution
            stop = max(reg[1], sent_end_of(max(reg[1] - 1, k)))
            if has_cue(reg[0], stop) or any(a < reg[1] and reg[0] < b for a, b in taken if (a, b) != r.content):
                break
            end = reg[1]
            pos = stop
            if text[reg[1]:stop].strip(" \t\r\n\u00a0.,;:!?") != "":
                break
        r.content = (r.content[0], max(r.content[1], end))


def _is_quote(span: Span, regions: list[Span]) -> bool:
    s, e = span
    if e <= s:
        return False
    covered = 0
    for a, b in regions:
        if b <= s:
            continue
        if a >= e:
            break
        covered += min(b, e) - max(a, s)
    return covered >= 0.6 * (e - s)


# -- stance, negation, framing ----------------------------------------------------------------------

def _stance(r: Raw, text: str) -> str:
    lem = r.cue_lemma
    v = r.cue_tok
    root = r.content_root
    if lem in C.DENY_VERBS:
        return "denies"
    if lem in C.QUESTION_VERBS:
        if lem != "ask":
            return "questions"
        first = text[r.content[0]:r.content[0] + 12].lower().lstrip("\"'\u201c ")
        if first.startswith(("whether", "if ", "why", "how", "what", "when", "who", "where")) or \
                text[r.content[0]:r.content[1]].rstrip("\"'\u201d ").endswith("?"):
            return "questions"
        return "recommends"
    if lem in C.RECOMMEND_VERBS and lem not in ("suggest", "call"):
        return "recommends"
    if lem == "call" and r.cue_tok is not None and any(c.lower_ in ("for", "on") for c in r.cue_tok.children):
        return "recommends"
    if root is not None and hasattr(root, "children"):
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for c in root.children:
            if c.dep_ == "aux" and c.lower_ in C.RECOMMEND_MODALS and (subj is None or c.i > subj.i):
                return "recommends"
        for c in root.children:
            if c.dep_ == "aux" and c.lower_ in C.HEDGE_MODALS and (subj is None or c.i > subj.i):
                return "hedges"
            if c.dep_ == "advmod" and c.lower_ in C.HEDGE_ADVERBS:
                return "hedges"
    if lem in C.HEDGE_VERBS and lem != "estimate":
        return "hedges"
    if v is not None and any(c.lower_ in C.HEDGE_ADVERBS and c.dep_ == "advmod" for c in v.children):
        return "hedges"
    return "asserts"


def _negated(r: Raw) -> bool:
    root = r.content_root
    if root is None or not hasattr(root, "children"):
        return False
    for c in root.children:
        if c.dep_ == "neg" or (c.dep_ in ("preconj", "advmod", "cc") and c.lower_ == "neither"):
            return True  # 'not', 'never'; 'she neither sent nor received'
        if c.dep_ in ("acomp", "attr") and any(d.lower_ == "neither" for d in c.children):
            return True  # 'the crane was neither safe nor legal'
        # 'nothing happened', 'no troops crossed', and 'there is no evidence': an absence stated
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and (c.lower_ in ("nothing", "nobody", "none", "no one") or
                                                                  any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True
    return False


def _framing(r: Raw, sent) -> Optional[str]:
    if r.cue_lemma in C.FRAMING_VERBS and r.cue_tok is not None:
        return r.cue_tok.text.lower()
    if sent is None:
        return None
    off_s, off_e = r.content
    for t in sent:
        if t.lower_ in C.FRAMING_ADVERBS:
            return t.lower_
    return None


# -- splitting "South Korean and US intelligence" ---------------------------------------------------

_BODY_WORDS = frozenset("intelligence government ministry military army officials sources agency".split())


def _split_sources(span) -> list[str]:
    """Names of the sources a coordinated phrase stands for; [] when it is one source."""
    if span is None:
        return []
    root = span.root
    # "X and Y" at noun level
    def named(t):
        return t.pos_ == "PROPN" or t.lemma_.lower() in _BODY_WORDS or any(
            x.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for x in t.subtree if x.i <= t.i)

    conj = [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    if conj and named(root) and all(named(c) for c in conj):
        names = [text_of_runs([t for t in root.subtree if t.i <= root.i and t.dep_ not in ("cc", "punct")
                               and not any(t in c.subtree for c in conj)])]
        for c in conj:
            names.append(text_of_runs([t for t in c.subtree if t.dep_ not in ("cc", "punct", "advmod") and t.pos_ != "ADV"]))
        return names if all(names) else []
    # modifier coordination: "South Korean and US intelligence sources"
    for m in root.children:
        if m.i < root.i and m.dep_ in ("amod", "compound", "nmod"):
            cj = [c for c in m.children if c.dep_ == "conj"]
            if cj and any(c.dep_ == "cc" for c in m.children):
                tail = text_of_runs([t for t in span if t.i > cj[-1].right_edge.i and t.i <= root.i])
                first = text_of_runs([t for t in m.subtree if t.dep_ not in ("cc", "punct", "conj") and
                                      not any(t in c.subtree for c in cj)])
                names = [first + " " + tail]
                for c in cj:
                    names.append(text_of(list(c.subtree)) + " " + tail)
                return names
    return []


# -- main entry -------------------------------------------------------------------------------------

def statements_from_parses(doc_id: str, text: str, parses, publisher: Optional[str],
                           use_models: bool = True) -> list[Statement]:
    raws: list[Raw] = []
    sent_ends: list[int] = []
    sents = []
    regions = quote_regions(text)
    models = get_models() if use_models else None
    rules = snapped_rules(text, parses, regions) if models is not None else [None] * len(parses)
    for (off, doc), rs in zip(parses, rules):
        if models is not None:
            found = learned_raw(doc, off, text, regions, models, rs)
        else:
            found = find_raw(doc, off, text, regions)
        for r in found:
            r.off = off
        raws.extend(found)
        for s in doc.sents:
            sent_ends.append(s.end_char + off)
            sents.append((s.start_char + off, s.end_char + off, s))
    import bisect

    def sent_end_of(i: int) -> int:
        k = bisect.bisect_right(sent_ends, i)
        return sent_ends[k] if k < len(sent_ends) else len(text)

    def sent_of(i: int):
        k = bisect.bisect_right(sent_ends, i)
        return sents[k][2] if k < len(sents) else None

    # one attribution per cue position
    seen = set()
    uniq = []
    for r in raws:
        key = r.cue
        if key in seen:
            continue
        seen.add(key)
        uniq.append(r)
    raws = uniq
    for r in raws:
        _repair_medial(r, text, sent_of, regions)
        _repair_raising(r)
        _repair_colon_quote(r, text, regions)
    if models is None or SNAP_LEARNED:
        _snap_and_extend(raws, text, regions, sent_end_of)

    raws = [r for r in raws if not _citation_only(r)]
    for r in raws:
        _repair_trailing_cue(r, text, sent_of)

    resolver = Resolver(publisher)
    out: list[Statement] = []
    for r in sorted(raws, key=lambda x: (x.source_span or x.cue)[0]):
        s, e = _strip(text, r.content)
        if e - s < 2:
            continue
        sent = sent_of(r.cue[0])
        based = []
        if sent is not None:
            for b in _based_on(sent, (s, e), 0 if not parses else _offset_of(parses, sent)):
                d = resolver.resolve(b)
                bo = _offset_of(parses, sent)
                based.append(SourceMention(text=b.text, span=(b.start_char + bo, b.end_char + bo), name=d.name,
                                           kind=d.kind, role=d.role, affiliation=d.affiliation))
        mentions: list[Optional[SourceMention]] = [None]
        if r.source is not None and r.source_span is not None:
            _drop_dateline(r, text)
        if r.source is not None and r.source_span is not None:
            ss, se = _strip(text, r.source_span)
            d = resolver.resolve(r.source)
            src_text = text[ss:se]
            inner = _inner_source(r.source) if r.kind == "according" else None
            names = _split_sources(inner if inner is not None else r.source) if r.kind in ("verb", "according") else []
            if names:
                mentions = []
                kind = describe(inner).kind if inner is not None else d.kind
                for n in names:
                    mentions.append(SourceMention(text=src_text, span=(ss, se), name=n, kind=kind,
                                                  role=d.role, affiliation=d.affiliation))
            else:
                name = d.name
                if inner is not None:
                    di = resolver.resolve(inner)
                    name, kind = di.name, di.kind
                    d.kind = kind
                mentions = [SourceMention(text=src_text, span=(ss, se), name=name, kind=d.kind,
                                          role=d.role, affiliation=d.affiliation)]
        stance = _stance(r, text)
        negated = _negated(r)
        framing = _framing(r, sent)
        direct = _is_quote((s, e), regions)
        for m in mentions:
            out.append(Statement(
                document_id=doc_id, content=text[s:e], content_span=(s, e), source=m,
                cue=text[r.cue[0]:r.cue[1]], cue_span=r.cue, direct_quote=direct, stance=stance,
                negated=negated, framing=framing, based_on=list(based), extractor=EXTRACTOR_VERSION))
    out.sort(key=lambda st: (st.cue_span or st.content_span)[0])
    return out


# what may follow a reporting verb without being what was said: "said on Monday", "told reporters",
# "said in a statement late on Sunday", "said this week"
ADJUNCT_WORDS = frozenset("""reporters journalists statement interview conference briefing press news television
radio broadcast tv twitter x facebook telegram website post message speech call phone email letter week weekend
month year day morning afternoon evening night today yesterday tonight earlier later late early recently again
also too separately privately publicly""".split())


def _repair_medial(r: Raw, text: str, sent_of, regions: list[Span]) -> None:
    """An attribution set in the middle of what was said: 'C1, X said, C2.' is said of the whole
    sentence (C1 and C2 as one span), and '"Q1," X said of it. "Q2"' of the quotation before it (the
    running quote then adds Q2); a content that starts after such a cue is moved back to the start."""
    v = r.cue_tok
    if v is None or r.kind not in ("verb", "according") or r.source_span is None or \
            r.kind == "verb" and v.pos_ not in ("VERB", "AUX"):
        return
    sent = sent_of(r.cue[0])
    if sent is None:
        return
    off = r.off
    ss, se = _trim(text, (sent.start_char + off, sent.end_char + off))
    core_s = min(r.cue[0], r.source_span[0])
    core_e = max(r.cue[1], r.source_span[1])
    cs, ce = r.content
    if core_s <= ss:
        return  # nothing precedes the attribution
    if ce <= core_s:
        # 'C1, X said, C2' with C1 found: C2 joins it when it is a clause of its own words
        after = text[core_e:se]
        if not after.lstrip().startswith(",") or text[ce:core_s].strip(" ,\u00a0") != "":
            return
        doc = v.doc
        span = doc.char_span(core_e - off, se - off, alignment_mode="expand")
        toks = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
        if len(toks) < 2 or toks[0].tag_ == "VBG" or toks[0].lower_ in ("according", "as", "in", "on", "at", "with") \
                or not any(t.pos_ in ("VERB", "AUX") for t in toks):
            return
        if any(t.i != v.i and t.pos_ == "VERB" and t.head.i == v.i and t.dep_ in ("advcl", "conj", "xcomp")
               for t in toks):
            return  # 'C, X said, adding ...' / '..., and left': the verb's own continuation
        r.content = (cs, se)
        return
    if cs < core_e:
        return
    before = text[ss:core_s].rstrip()
    if before and before[-1] in _QUOTE_CHARS:
        reg = _region_at(regions, len(before) + ss - 1)
        if reg is not None and reg[0] <= ss and text[reg[0]:reg[1]].rstrip("".join(_QUOTE_CHARS) + " ").endswith(
                (",", "?", "!", "\u2014")):
            r.content = reg
        return
    if not before.endswith(",") or len(before.split()) < 2:
        return
    gap = text[core_e:cs]
    if "," not in gap or gap.strip(" ,\u00a0") != "" or ce < se - 1:
        return
    r.content = (ss, ce)


def _repair_colon_quote(r: Raw, text: str, regions: list[Span]) -> None:
    """'X said:' ending a line, the quotation in the next paragraph: that quotation is the content (the
    running quote then adds the paragraphs after it), and X, the verb's subject, the source."""
    v = r.cue_tok
    if v is None or r.kind != "verb" or v.pos_ not in ("VERB", "AUX"):
        return
    pe = text.find("\n", r.cue[1])
    if pe < 0:
        return
    line = text[r.cue[1]:pe].rstrip()
    if not line.endswith(":") or len(line.split()) > 8 or any(ch in _QUOTE_CHARS for ch in line):
        return
    k = pe
    while k < len(text) and text[k].isspace():
        k += 1
    reg = _region_at(regions, k)
    if reg is None or reg[0] != k:
        return
    if r.content[0] >= reg[0]:
        return  # already there
    r.content = reg
    if r.source is None:
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v.i), None)
        if subj is not None:
            r.source = v.doc[subj.left_edge.i:subj.right_edge.i + 1]
            r.source_span = (r.source.start_char + r.off, r.source.end_char + r.off)


# passives whose subject is the one spoken to, not what was said: 'he was asked', 'she was told'
ADDRESSEE_VERBS = frozenset("ask tell assure brief inform notify press question urge advise warn remind "
                            "promise reassure".split())


def _repair_raising(r: Raw) -> None:
    """'X seems to C', 'X appears to C' and agentless passives ('X was shown to be C', 'X is
    considered C'): the subject is not a speaker but part of what is said; the content runs from the
    subject, over the cue (annotators in PolNeAR train: 147 of 198 raising cues, 340 of 485 agentless
    passive ones, almost all without a source)."""
    v = r.cue_tok
    if v is None or v.pos_ not in ("VERB", "AUX"):
        return
    lem = v.lemma_.lower()
    if lem in C.RAISING_VERBS:
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v.i), None)
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ not in ("he", "she", "they", "we", "i", "you"):
            return
    elif lem not in ADDRESSEE_VERBS and not any(c.dep_ == "agent" for c in v.children):
        subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.i < v.i), None)
    else:
        return
    if subj is None or subj.lower_ in ("it", "there"):
        return
    s = subj.left_edge.idx + r.off
    if s >= r.cue[0]:
        return
    e = r.content[1]
    if r.content[0] < r.cue[1]:
        # the subject alone was taken as the content ('X | is considered | C'): add what follows
        if r.content[1] > r.cue[0]:
            return
        right = [c for c in v.children if c.i > v.i and (c.dep_ in CONTENT_DEPS_RIGHT or
                                                         c.dep_ == "prep" and c.idx + r.off <= r.cue[1] + 1)]
        if not right:
            return
        e = max(c.right_edge.idx + len(c.right_edge.text) for c in right) + r.off
    r.content = (s, e)
    r.source = r.source_span = None
    r.kind = "raising"


def _citation_only(r: Raw) -> bool:
    """'…, the Post reported, citing US officials': 'citing X' names whom the source relies on (based_on),
    it is not a statement of its own."""
    if r.cue_tok is None or r.cue_tok.lemma_ not in ("cite", "quote"):
        return False
    root = r.content_root
    return root is None or not any(t.pos_ in ("VERB", "AUX") for t in root.subtree)


def _repair_trailing_cue(r: Raw, text: str, sent_of) -> None:
    """'C, X said on Monday.' / 'C, X, a spokesperson, said.': when the reporting verb ends its sentence
    (nothing after it but when or how it was said), the source is the verb's subject and the content is
    the clause before it, whatever the boundaries found so far. A subject that swallowed the clause is cut
    at its comma."""
    v = r.cue_tok
    sent = sent_of(r.cue[0])
    if v is None or sent is None or v.pos_ not in ("VERB", "AUX") or r.kind != "verb":
        return
    off = r.off
    tail = [t for t in sent if t.i > v.i and not (t.is_punct or t.is_space)]
    if any(not (t.ent_type_ in ("DATE", "TIME") or t.pos_ in ("ADP", "DET", "ADV", "PART", "PRON", "NUM")
                or t.lower_ in ADJUNCT_WORDS) for t in tail):
        return
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return
    # only mend what is broken: a content that is just the adjunct after the verb, or a source that is
    # the adjunct or begins where the sentence (and so the content) begins
    content_after = r.content[0] >= r.cue[1]
    source_after = r.source_span is not None and r.source_span[0] >= r.cue[1]
    source_at_start = r.source_span is not None and r.source_span[0] <= sent.start_char + off + 1
    if not (content_after or source_after or source_at_start):
        return
    doc = v.doc
    src = doc[subj.left_edge.i:subj.right_edge.i + 1]
    if src.end > v.i:
        src = doc[src.start:v.i]
    first = sent.start
    while first < src.start and (doc[first].is_punct or doc[first].is_space):
        first += 1
    # a subject that swallowed part of the content ('…drone crews in Crimea, Laura Hayes, a spokesperson'):
    # cut it at the first comma after which someone is named and before which no one is
    for tok in src:
        nxt = doc[tok.i + 1] if tok.i + 1 < src.end else None
        if tok.text != "," or nxt is None:
            continue
        left, right = doc[src.start:tok.i], doc[nxt.i:src.end]
        named = [e for e in right.ents if e.label_ in ("PERSON", "ORG")] or any(t.lower_ in ROLE_WORDS for t in right)
        if named and not any(e.label_ in ("PERSON", "ORG") for e in left.ents):
            src = right
            break
    if src.start <= first:
        return  # the subject is the whole sentence start: not 'C, X said'
    while len(src) and (src[-1].is_punct or src[-1].is_space):
        src = doc[src.start:src.end - 1]
    before = doc[first:src.start]
    if len(before) < 3 or not before[-1].is_punct and before[-1].text not in ("\u201d", "\""):
        return  # not "C, X said": the content is not a clause before a comma
    s, e = before.start_char + off, before.end_char + off
    while e > s and text[e - 1] in " \t,\u2014\u2013-":
        e -= 1
    if e - s < 8:
        return
    r.source = src
    r.source_span = (src.start_char + off, src.end_char + off)
    r.content = (s, e)
    r.content_root = None


# "LOS ANGELES —", "WASHINGTON (AP) —", "KYIV, Ukraine (Reuters) -": where and by whom a story
# was filed, not a speaker
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]+[A-Z.](?:,(?: [A-Z][A-Za-z.]+)+)?\s*(?:\([A-Za-z .&]+\)\s*)?"
                       r"(?:[—–]|--?)\s*")


def _drop_dateline(r: Raw, text: str) -> None:
    """Cut a dateline off the front of a source; no source is left when it was all dateline."""
    s, e = r.source_span
    line_start = text.rfind("\n", 0, s) + 1
    if text[line_start:s].strip():
        return
    m = _DATELINE.match(text, s, e + 8)
    if m is None:
        if _DATELINE.match(text[s:e] + " —") and text[e:e + 8].lstrip(" )").startswith(("—", "–", "-")):
            r.source = r.source_span = None
        return
    ns = m.end()
    if ns >= e:
        r.source = r.source_span = None
        return
    sp = r.source.doc.char_span(ns - r.off, e - r.off, alignment_mode="expand")
    if sp is None or not len(sp):
        r.source = r.source_span = None
        return
    r.source = sp
    r.source_span = (ns, e)


def _inner_source(span):
    """'separate confirmations from South Korean and US intelligence' -> the phrase after 'from'."""
    root = span.root
    if root.lemma_.lower() in C.BASED_ON_NOUNS | {"confirmation", "confirmations", "estimate", "estimates",
                                                  "figure", "figures", "data"}:
        for p in root.children:
            if p.dep_ == "prep" and p.lower_ in ("from", "by", "of"):
                q = next((c for c in p.children if c.dep_ == "pobj"), None)
                if q is not None:
                    return span.doc[q.left_edge.i:q.right_edge.i + 1]
    return None


def _offset_of(parses, sent) -> int:
    for off, doc in parses:
        if sent.doc is doc:
            return off
    return 0


_EN_WORDS = frozenset("the of and to in a is that for on was with said as by it at from he his are be has "
                      "have an this not but they were which who will their its".split())


def looks_english(text: str) -> bool:
    """Cheap guard: English function words make up a fair share of the first words."""
    words = re.findall(r"[A-Za-z]+", text[:3000].lower())
    if len(words) < 8:
        return bool(words) and any(w in _EN_WORDS for w in words)
    return sum(w in _EN_WORDS for w in words) / len(words) >= 0.12


def extract_statements(doc_id: str, text: str, published: Optional[str] = None,
                       publisher: Optional[str] = None) -> list[Statement]:
    """Attributed statements of one English document; a pure function of the text and the version.
    Texts that do not look English give no statements (callers record the skip)."""
    if not looks_english(text):
        return []
    nlp = get_nlp()
    pieces = split_text(text)
    parses = [(off, d) for (off, _), d in zip(pieces, nlp.pipe(p for _, p in pieces))]
    return statements_from_parses(doc_id, text, parses, publisher)


def extract_many(items, n_process: int = 1, batch_size: int = 32):
    """Extract from many documents with ``nlp.pipe``; ``items`` yields (doc_id, text, published,
    publisher). Yields (doc_id, [Statement]) in input order; streams, so memory stays bounded.
    Texts that do not look English are not parsed and give no statements."""
    import itertools

    a, b = itertools.tee(iter(items))
    texts = (it[1] if looks_english(it[1]) else "" for it in b)
    for (doc_id, text, published, publisher), parses in zip(
            a, nlp_pipe(texts, n_process=n_process, batch_size=batch_size)):
        if not looks_english(text):
            yield doc_id, []
            continue
        yield doc_id, statements_from_parses(doc_id, text, parses, publisher)
