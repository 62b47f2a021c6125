"""The objects that flow through the pipeline. No I/O here.

ingest -> Document; extract -> Statement (with Span offsets into Document.text);
fuse -> Claim, Conflict; store keeps them; present shows them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

Span = tuple[int, int]  # [start, end) character offsets into Document.text

STANCES = ("asserts", "hedges", "denies", "recommends", "questions", "unknown")
SOURCE_KINDS = (
    "person", "organization", "government", "intelligence", "military",
    "media", "anonymous", "document", "unknown",
)


@dataclass
class Document:
    """One article as ingested. ``text`` is the stored text; every span points into it."""

    id: str
    text: str
    url: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = None  # ISO date or date-time, as given or as found
    author: Optional[str] = None
    language: Optional[str] = None
    input_kind: Optional[str] = None  # txt, html, feed, jsonl, url, stdin
    origin: Optional[str] = None  # the path or URL the document came from (with #line / #entry)


@dataclass
class SourceMention:
    """A source as written at one place in a document, and what it was resolved to."""

    text: str
    span: Optional[Span]
    name: str  # resolved name ("Vedant Patel" for "he" / "Patel")
    kind: str = "unknown"
    role: Optional[str] = None
    affiliation: Optional[str] = None  # name of the body the source speaks for, if stated


@dataclass
class Statement:
    """One attribution in one document: who (source), how (cue), what (content)."""

    document_id: str
    content: str
    content_span: Span
    source: Optional[SourceMention] = None
    cue: Optional[str] = None
    cue_span: Optional[Span] = None
    direct_quote: bool = False
    stance: str = "asserts"
    negated: bool = False
    framing: Optional[str] = None
    based_on: list[SourceMention] = field(default_factory=list)
    extractor: str = ""
    # filled by the normalisers (claimgraph.extract.document)
    said_on: Optional["TimeExpression"] = None  # when the source spoke
    event_times: list["TimeExpression"] = field(default_factory=list)  # times the content is about
    quantities: list["Quantity"] = field(default_factory=list)
    places: list["Place"] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # content words (lemmas, names) the fuse stage compares


@dataclass
class TimeExpression:
    """A TIMEX3 time expression: DATE, TIME, DURATION or SET, with its value resolved against the
    publication date (TempEval-3 conventions: 2024-11-13, 2024-11, 2024-W46, P2W, PAST_REF...)."""

    span: Span
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    granularity: str = "unknown"  # day | week | month | quarter | year | interval | unknown

    def as_date(self) -> dict:
        """The export's ``date`` object."""
        return {"text": self.text, "value": self.value, "granularity": self.granularity}


@dataclass
class Quantity:
    """A number as stated: 'over 10,000 North Korean soldiers' -> value 10000, qualifier 'over'."""

    span: Span
    text: str
    value: Optional[float]
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: str = "exact"  # exact approximately over "at least" under "at most" "up to" between vague
    unit: Optional[str] = None  # what is counted or measured

    def as_record(self) -> dict:
        return {"text": self.text, "value": self.value, "low": self.low, "high": self.high,
                "qualifier": self.qualifier, "unit": self.unit, "span": list(self.span)}


@dataclass
class Place:
    """A place named in the text, resolved to a canonical name, ISO code and coordinates where possible."""

    span: Span
    text: str
    name: Optional[str] = None
    code: Optional[str] = None  # ISO 3166-1 alpha-2 or ISO 3166-2
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    lat: Optional[float] = None
    lon: Optional[float] = None

    def as_record(self) -> dict:
        return {"text": self.text, "name": self.name, "code": self.code, "country": self.country,
                "lat": self.lat, "lon": self.lon, "span": list(self.span)}
