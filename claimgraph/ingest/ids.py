"""Document ids the tool assigns when the input gives none: short, stable, safe in URLs."""
from __future__ import annotations

import hashlib
import re


def digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def from_stem(stem: str) -> str:
    """A file's stem as an id, with characters that would break paths and URLs replaced."""
    return re.sub(r"[^\w.\-]+", "_", stem).strip("_") or "doc"


def for_url(url: str) -> str:
    return "url_" + digest(url)


def for_feed_entry(key: str) -> str:
    return "feed_" + digest(key)


def for_stdin(text: str) -> str:
    return "stdin_" + digest(text)
