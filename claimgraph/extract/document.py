"""The extract stage for one document: attribution plus the normalisers (times, quantities, places),
and the links between them: when each source spoke (``said_on``), what times, numbers and places each
statement's content is about. A pure function of the document and the extractor version.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional

from claimgraph.model import Place, Quantity, Statement, TimeExpression

NORMALISER_VERSION = "norm-0.4"
SAYABLE_TYPES = ("DATE", "TIME")  # a source speaks on a date, not over a duration


@dataclass
class DocumentExtraction:
    document_id: str
    statements: list[Statement] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


def _shift(items, off: int):
    return [replace(x, span=(x.span[0] + off, x.span[1] + off)) for x in items] if off else list(items)


def normalise(text: str, parses, published: Optional[str]) -> tuple[list, list, list]:
    """Times, quantities and places of a document, from its parsed pieces [(offset, Doc)]."""
    from claimgraph.extract.places import find_places
    from claimgraph.extract.quantities import find_quantities
    from claimgraph.extract.times import find_times

    times, quantities, places = [], [], []
    for off, doc in parses:
        times += _shift(find_times(doc.text, published, doc), off)
        quantities += _shift(find_quantities(doc.text, doc), off)
        places += _shift(find_places(doc.text, doc), off)
    # places resolved in one piece may disambiguate another only within a piece; documents rarely split
    return times, quantities, places


def _inside(span, outer) -> bool:
    return outer is not None and outer[0] <= span[0] and span[1] <= outer[1]


def _governor(doc, off: int, span):
    """The token a time expression hangs from: its root's head, through a preposition ('on 12 November')."""
    piece = doc.char_span(span[0] - off, span[1] - off, alignment_mode="expand")
    if piece is None or len(piece) == 0:
        return None
    head = piece.root.head
    if head.dep_ == "prep" and head.head is not head:
        head = head.head
    return head


def _said_on(st: Statement, times: list[TimeExpression], parse_of) -> Optional[TimeExpression]:
    """The date the source spoke: a date hanging from the cue ('reported on 13 November'), else one
    outside the content that governs the clause of the cue ('started in October when X reported')."""
    if st.cue_span is None:
        return None
    located = parse_of(st.cue_span[0])
    if located is None:
        return None
    off, doc = located
    cue_tokens = _tokens_in(doc, off, st.cue_span)
    if not cue_tokens:
        return None
    sent = cue_tokens[0].sent
    s0, s1 = sent.start_char + off, sent.end_char + off
    candidates = [t for t in times if t.type in SAYABLE_TYPES and s0 <= t.span[0] and t.span[1] <= s1]
    cue_set = set(cue_tokens)
    ancestors = set()
    for tok in cue_tokens:
        ancestors.update(tok.ancestors)
    fallback = None
    for t in candidates:
        gov = _governor(doc, off, t.span)
        if gov is None:
            continue
        if gov in cue_set:
            return t
        if gov in ancestors and not _inside(t.span, st.content_span) and fallback is None:
            fallback = t
    return fallback


TERM_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"}


def _tokens_in(doc, off: int, span):
    """The tokens wholly inside a character span of the document (found by offset, not by scanning)."""
    if not len(doc):
        return []
    n = doc[-1].idx + len(doc[-1].text_with_ws)  # len(doc.text) without rebuilding the text (O(doc) per call)
    piece = doc.char_span(max(0, span[0] - off), min(n, span[1] - off), alignment_mode="contract")
    return list(piece) if piece is not None else []


def _entity_at(tok):
    """The named entity a token belongs to (its start found by walking back over the IOB tags)."""
    doc, start = tok.doc, tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def content_terms(doc, off: int, span) -> list[str]:
    """The content words of a statement for comparing it with others: lower-case lemmas of nouns, verbs and
    adjectives, and whole names as one capitalised term ('North Korea', 'Kursk Oblast'), in reading order."""
    out, seen = [], set()
    for tok in _tokens_in(doc, off, span):
        ent = tok.ent_type_ in NAME_TYPES and _entity_at(tok)
        if ent:
            if tok.i != ent.start:
                continue
            words = [t.text.capitalize() for t in ent if not t.is_punct and t.lower_ not in ("the", "'s", "’s")]
            term = " ".join(words)
        elif tok.pos_ in TERM_POS and not tok.is_stop and tok.is_alpha and len(tok.text) > 1:
            term = tok.lemma_.lower()
        else:
            continue
        if term and term not in seen:
            seen.add(term)
            out.append(term)
    return out


ARG_DEPS = {"dobj", "attr", "acomp", "oprd", "dative", "pobj", "xcomp", "ccomp", "npadvmod"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "expl", "csubj"}


def content_frame(doc, off: int, span) -> list[str]:
    """The proposition's skeleton: its predicate ('P:engage'), the heads of its arguments ('A:operation')
    and of its subject ('S:troop'), as lemmas. The predicate is the content's root: a verb, or a noun for
    nominal contents ('the presence of troops' -> P:presence, A:troop)."""
    inside = _tokens_in(doc, off, span)
    if not inside:
        return []
    members = {t.i for t in inside}
    roots = [t for t in inside if (t.head.i not in members or t.head.i == t.i) and t.dep_ not in ("mark", "punct", "cc")]
    if not roots:
        return []
    root = next((t for t in roots if t.pos_ in ("VERB", "AUX")), roots[0])
    if root.pos_ == "AUX" and root.lemma_ == "be":  # 'X is Y': the attribute carries the meaning
        root = next((c for c in root.children if c.dep_ in ("attr", "acomp")), root)
    out = [f"P:{root.lemma_.lower()}"]

    def head_lemma(t):
        return ("A:" if t.dep_ not in SUBJ_DEPS else "S:") + t.lemma_.lower()

    for child in root.children:
        if child.i not in members:
            continue
        if child.dep_ in SUBJ_DEPS:
            out.append("S:" + child.lemma_.lower())
        elif child.dep_ in ARG_DEPS:
            out.append("A:" + child.lemma_.lower())
        elif child.dep_ in ("prep", "agent"):
            out.extend("A:" + g.lemma_.lower() for g in child.children if g.dep_ == "pobj" and g.i in members)
        elif child.dep_ == "aux" and child.lemma_ in ("begin", "start"):
            continue
    if root.pos_ == "NOUN":  # nominal predicate: 'the presence of troops', 'preparation of forces'
        out.extend("A:" + g.lemma_.lower() for p in root.children if p.dep_ == "prep"
                   for g in p.children if g.dep_ == "pobj" and g.i in members)
    return list(dict.fromkeys(t for t in out if len(t) > 3 and t[2:].isalpha()))


def link(statements: list[Statement], times, quantities, places, parses) -> list[Statement]:
    """Give each statement its said_on, and the times, quantities and places inside its content."""
    starts = [(off, off + len(doc.text), doc) for off, doc in parses]

    def parse_of(i: int):
        for a, b, doc in starts:
            if a <= i < b:
                return a, doc
        return None

    for st in statements:
        st.said_on = _said_on(st, times, parse_of)
        st.event_times = [t for t in times if _inside(t.span, st.content_span) and t is not st.said_on]
        st.quantities = [q for q in quantities if _inside(q.span, st.content_span)]
        st.places = [p for p in places if _inside(p.span, st.content_span)]
        st.terms = []
        for off, end, doc in starts:
            if off < st.content_span[1] and st.content_span[0] < end:
                found = content_frame(doc, off, st.content_span) + content_terms(doc, off, st.content_span)
                st.terms.extend(t for t in found if t not in st.terms)
    return statements


def extract_document(doc_id: str, text: str, published: Optional[str], publisher: Optional[str],
                     parses) -> DocumentExtraction:
    from claimgraph.extract.attribution import statements_from_parses

    statements = statements_from_parses(doc_id, text, parses, publisher)
    times, quantities, places = normalise(text, parses, published)
    link(statements, times, quantities, places, parses)
    return DocumentExtraction(doc_id, statements, times, quantities, places)


def extract_documents(items: Iterable[tuple[str, str, Optional[str], Optional[str]]], n_process: int = 1,
                      batch_size: int = 32) -> Iterator[DocumentExtraction]:
    """Extract many documents with one ``nlp.pipe``; ``items`` yields (id, text, published, publisher)."""
    from claimgraph.extract.nlp import pipe

    items = list(items)
    for (doc_id, text, published, publisher), parses in zip(
            items, pipe((it[1] for it in items), n_process=n_process, batch_size=batch_size)):
        yield extract_document(doc_id, text, published, publisher, parses)


def annotate_documents(items: Iterable[tuple[str, str, Optional[str]]], n_process: int = 1,
                       batch_size: int = 32) -> Iterator[tuple[str, list, list, list]]:
    """Times, quantities and places of many documents (no attribution): (id, times, quantities, places)."""
    from claimgraph.extract.nlp import pipe

    items = list(items)
    for (doc_id, text, published), parses in zip(
            items, pipe((it[1] for it in items), n_process=n_process, batch_size=batch_size)):
        yield (doc_id, *normalise(text, parses, published))

