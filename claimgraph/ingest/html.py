"""HTML pages: main text and metadata (title, author, date, site name) with trafilatura."""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlparse

import lxml.etree
import lxml.html
import trafilatura

from claimgraph.ingest.items import Item
from claimgraph.model import Document


MIN_WORDS = 5  # below this, what trafilatura finds is navigation or a caption, not an article


def read_html(html: str, *, input: str, kind: str, doc_id: str, url: Optional[str] = None) -> Item:
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        )
    except Exception as e:  # trafilatura/lxml raise many kinds on broken markup
        return Item.rejected(input, kind, f"unreadable page: {type(e).__name__}: {e}")
    text = (extracted.text or "").strip() if extracted is not None else ""
    if len(text.split()) < MIN_WORDS:
        found = f" (only {text[:40]!r})" if text else ""
        return Item.rejected(input, kind, f"unreadable page: no main text found in the HTML{found}")
    publisher = extracted.sitename or (urlparse(url).hostname if url else None)
    doc = Document(
        id=doc_id, text=text, url=url or extracted.url, title=extracted.title, author=extracted.author,
        publisher=publisher, published=extracted.date, input_kind=kind, origin=input,
    )
    return Item(input=input, kind=kind, document=doc)


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "pre", "dd", "dt"}


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph a line; no markup kept."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//iframe|//noscript|//object|//embed|//template"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
