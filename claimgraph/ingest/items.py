"""What every reader yields: one item per document it found, or per thing it had to reject."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from claimgraph.model import Document


@dataclass
class Item:
    input: str  # the path, URL or '-', with '#line N' / '#entry N' for parts of a file
    kind: str  # txt, html, feed, jsonl, url, stdin
    document: Optional[Document] = None
    reason: Optional[str] = None  # set when the item is rejected
    note: Optional[str] = None  # a remark on an accepted item (e.g. an unparseable date ignored)
    skipped: bool = False  # records counted but not documents (journalled as 'skipped' with the count in reason)

    @classmethod
    def rejected(cls, input: str, kind: str, reason: str) -> "Item":
        return cls(input=input, kind=kind, reason=reason)


    @classmethod
    def skipped_records(cls, input: str, kind: str, reason: str) -> "Item":
        return cls(input=input, kind=kind, reason=reason, skipped=True)


class InputError(Exception):
    """A whole input could not be read (missing path, unreachable URL...): the message names why."""
