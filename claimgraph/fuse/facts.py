"""What the fuse stage knows of a statement: a flat, hashable view built from stored rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class StatementFacts:
    id: str
    document_id: str
    root_document_id: str  # the first copy of the document (duplicate_of chain followed to the top)
    publisher: Optional[str]
    published: Optional[str]  # the document's publication date
    source_id: Optional[str]
    source_kind: Optional[str]
    stance: str
    negated: bool
    content: str
    terms: frozenset[str]
    places: frozenset[str]  # place codes
    quantities: tuple = ()  # dicts as exported
    said_on: Optional[str] = None  # TIMEX value of when the source spoke
    origins: frozenset[str] = field(default_factory=frozenset)  # ids of the independent origins it passes on
    event_dates: tuple = ()  # day-precise dates (YYYY-MM-DD) the content is about

    @property
    def date(self) -> Optional[str]:
        """When the statement was made as far as known: its said_on, else its document's publication."""
        value = self.said_on
        if value and value[:4].isdigit():
            return value
        return (self.published or "")[:10] or None
