"""RSS and Atom feeds with feedparser: each entry a document with its link, title and date."""
from __future__ import annotations

import calendar
from datetime import datetime, timezone
from typing import Iterator, Optional

import feedparser

from claimgraph.ingest import ids
from claimgraph.ingest.html import html_to_text
from claimgraph.ingest.items import Item
from claimgraph.model import Document

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf:RDF")


def looks_like_feed(head: bytes) -> bool:
    head = head[:2048].lstrip().lower()
    return any(m.lower() in head for m in FEED_MARKERS)


def _entry_date(entry) -> Optional[str]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).isoformat()
    return None


def _entry_text(entry) -> str:
    parts = entry.get("content") or []
    html = max((p.get("value", "") for p in parts), key=len, default="")
    if not html:
        html = entry.get("summary", "") or entry.get("description", "")
    return html_to_text(html)


def read_feed(data: bytes, *, input: str, kind: str = "feed", url: Optional[str] = None) -> Iterator[Item]:
    # feedparser does not resolve external entities, and its sanitizer strips scripts from content
    parsed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    entries = parsed.get("entries") or []
    texts = [_entry_text(entry) for entry in entries]
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries or (broken and not any(t.strip() for t in texts)):
        reason = f"unreadable feed: {broken}" if broken else "unreadable feed: no entries found"
        yield Item.rejected(input, kind, reason)
        return
    publisher = parsed.feed.get("title") or None
    for n, (entry, text) in enumerate(zip(entries, texts), start=1):
        where = f"{input}#entry {n}"
        link = entry.get("link") or None
        key = entry.get("id") or link or entry.get("title") or text
        if not text.strip():
            yield Item.rejected(where, kind, "empty text: the entry has no content or summary")
            continue
        doc = Document(
            id=ids.for_feed_entry(key), text=text, url=link, title=entry.get("title") or None,
            publisher=publisher, published=_entry_date(entry), author=entry.get("author") or None,
            input_kind=kind, origin=where,
        )
        yield Item(input=where, kind=kind, document=doc)
