"""Property-based tests (hypothesis) of the extractor and the normalisers on random text: random Unicode, and
random mixes of the words and shapes news text is made of (numbers, dates, names, quotes, line breaks).
Whatever the text: no exception, no call longer than a few seconds, and every span found lies inside the
text and covers exactly the words reported for it."""
from __future__ import annotations

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.extract import extract_statements
from claimgraph.extract.nlp import parse
from claimgraph.extract.places import find_places
from claimgraph.extract.quantities import find_quantities
from claimgraph.extract.times import find_times

FRAGMENTS = [
    "said", " said ", "told reporters", "according to", "denied", "claimed", "the ministry", "Officials", "He",
    "she", "they", "\"", "“", "”", "'", ",", ".", ". ", "\n", "\n\n", " ", "  ", "-", "–", "(", ")", ":", ";",
    "on Monday", "last week", "in March", "March 3", "3 March 2024", "2024", "'24", "since October", "yesterday",
    "by the end of the year", "at 10:30", "between May and June", "the following year", "in the 1990s",
    "3,000", "10,000", "over 10,000", "about 5", "1.5 million", "½", "40%", "40 percent", "$3bn", "€12",
    "-7", "1e9", "99999999999999999999", "0.0000001", "third", "dozens of", "hundreds", "one in five",
    "troops", "soldiers", "people", "km", "kilometres", "tonnes", "North Korea", "Kyiv", "Kursk Oblast",
    "Paris", "Washington", "the White House", "Georgia", "Congo", "St. Louis", "U.S.", "UN", "Ukraine's",
    "Mr.", "Dr.", "President", "Jr.", "é", "ß", "İ", "ﬁ", "\u200b", "\u00ad", "\ufeff", "🙂", "中文", "Русский",
    "\t", "\r\n", "...", "!!!", "??", "&amp;", "<b>", "</b>", "http://example.org/x",
]
PUBLISHED = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()),
                      st.sampled_from(["2024-02-29", "2024-12-31T23:59:00+00:00", "1999-01-01"]))
newsy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60).map("".join)
any_text = st.one_of(newsy, st.text(max_size=300))
SLOW = 10.0  # seconds: far above what these short texts take; a call over it is a hang
COMMON = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def tables_loaded():
    """The normalisers build their tables (the gazetteer) on first use, once per process: not a hang."""
    find_places("Paris and Kyiv")
    find_times("on Monday", "2024-01-01")
    find_quantities("3,000 troops")


def timed(fn, *args):
    started = time.monotonic()
    out = fn(*args)
    took = time.monotonic() - started
    assert took < SLOW, f"{fn.__name__} took {took:.1f} s on {args[0]!r}"
    return out


def check_span(text: str, span, words: str) -> None:
    a, b = span
    assert 0 <= a <= b <= len(text), (span, len(text))
    assert text[a:b] == words, (text[a:b], words)


@settings(max_examples=300, **COMMON)
@given(any_text, PUBLISHED)
def test_times_without_parse(text, published):
    for t in timed(find_times, text, published):
        check_span(text, t.span, t.text)
        assert isinstance(t.value, str) and t.value
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=300, **COMMON)
@given(any_text)
def test_quantities_without_parse(text):
    for q in timed(find_quantities, text):
        check_span(text, q.span, q.text)
        for v in (q.value, q.low, q.high):
            assert v is None or (isinstance(v, (int, float)) and not math.isnan(v))


@settings(max_examples=300, **COMMON)
@given(any_text)
def test_places_without_parse(text):
    for p in timed(find_places, text):
        check_span(text, p.span, p.text)
        assert p.lat is None or -90 <= p.lat <= 90
        assert p.lon is None or -180 <= p.lon <= 180


@pytest.fixture(scope="module")
def nlp_ready():
    parse("Warm up.")  # load the model once, outside the examples' time


@settings(max_examples=60, **COMMON)
@given(text=any_text, published=PUBLISHED)
def test_normalisers_with_parse(nlp_ready, text, published):
    pieces = parse(text)
    doc = pieces[0][1] if len(pieces) == 1 else pieces
    for t in timed(find_times, text, published, doc):
        check_span(text, t.span, t.text)
    if len(pieces) == 1:
        for q in timed(find_quantities, text, doc):
            check_span(text, q.span, q.text)
        for p in timed(find_places, text, doc):
            check_span(text, p.span, p.text)


@settings(max_examples=80, **COMMON)
@given(text=any_text, published=PUBLISHED, publisher=st.one_of(st.none(), st.text(max_size=20)))
def test_extract_statements(nlp_ready, text, published, publisher):
    statements = timed(extract_statements, "doc", text, published, publisher)
    for s in statements:
        assert s.document_id == "doc"
        check_span(text, s.content_span, s.content)
        if s.cue_span is not None:
            check_span(text, s.cue_span, s.cue)
        if s.source is not None and s.source.span:
            check_span(text, s.source.span, s.source.text)
        for t in s.event_times + ([s.said_on] if s.said_on else []):
            check_span(text, t.span, t.text)
        for q in s.quantities:
            check_span(text, q.span, q.text)
            assert s.content_span[0] <= q.span[0] and q.span[1] <= s.content_span[1]
