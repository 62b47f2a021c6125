"""Polling feeds: ``claimgraph watch FEEDS.txt --every 15m``.

Each poll asks every feed with If-None-Match / If-Modified-Since (the ETag and Last-Modified it answered
last time, kept in a small JSON state file), reads the entries, and ingests only entries whose document
is not in the store yet (then extracts and fuses them, as ``claimgraph ingest`` does). A feed that fails
(unreachable, HTTP error, not a feed) is journalled with the reason and the others go on; it is asked
again at the next poll.
"""
from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from claimgraph.ingest.feed import read_feed
from claimgraph.ingest.fetch import FetchError, fetch
from claimgraph.ingest.inputs import is_url

KIND = "feed"


class FeedListError(ValueError):
    """The feeds file or a duration cannot be read: the message names the line and the reason."""


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs, one a line; blank lines and lines starting with '#' are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FeedListError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise FeedListError(f"{path}: unreadable ({e})") from None
    urls: list[str] = []
    for n, line in enumerate(lines, start=1):
        url = line.split(" #", 1)[0].strip()
        if not url or url.startswith("#"):
            continue
        if not is_url(url) or " " in url:
            raise FeedListError(f"{path} line {n}: {url[:80]!r} is not an http(s) URL")
        if url not in urls:
            urls.append(url)
    if not urls:
        raise FeedListError(f"{path}: no feed URLs in it (one http(s) URL a line)")
    return urls


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'90s', '15m', '2h', '1h30m', '1d' -> seconds; a bare number is seconds."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        seconds = float(value)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", value)
        if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([smhd])", "", value).strip():
            raise FeedListError(f"--every {text!r}: not a duration (write e.g. 90s, 15m, 2h or 1h30m)")
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds < 1:
        raise FeedListError(f"--every {text!r}: too short (at least one second)")
    return seconds


@dataclass
class FeedResult:
    url: str
    status: str  # ingested | not modified | failed
    new: int = 0  # documents accepted (new text)
    duplicates: int = 0  # new entries whose text was already stored
    known: int = 0  # entries whose document is in the store already (not ingested again)
    rejected: int = 0
    statements: int = 0
    reason: Optional[str] = None
    run_id: Optional[str] = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class PollReport:
    poll: int
    at: str
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.feeds if f.status == "failed")

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    def as_dict(self) -> dict:
        return {"poll": self.poll, "at": self.at, "new": self.new, "failed": self.failed,
                "feeds": [f.as_dict() for f in self.feeds]}


class Watcher:
    """Polls a list of feeds into ``cg``'s store, keeping ETag/Last-Modified in ``state_path``."""

    def __init__(self, cg, feeds: list[str], state_path: Path, *, timeout: float = 20.0):
        self.cg = cg
        self.feeds = feeds
        self.state_path = Path(state_path)
        self.timeout = timeout
        self.polls = 0
        self.state = self._load_state()

    def _load_state(self) -> dict:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # a damaged state file costs one unconditional request per feed, nothing more

    def _save_state(self) -> None:
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_path)

    def poll(self) -> PollReport:
        self.polls += 1
        report = PollReport(poll=self.polls, at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        for url in self.feeds:
            report.feeds.append(self.poll_feed(url))
        self._save_state()
        return report

    def _journal_failure(self, url: str, reason: str, run_id: str) -> None:
        self.cg.store.add_journal({"run_id": run_id, "input": url, "kind": KIND, "status": "rejected",
                                   "document_id": None, "duplicate_of": None, "reason": reason})

    def poll_feed(self, url: str) -> FeedResult:
        state = self.state.setdefault(url, {})
        state["polled_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        run_id = uuid.uuid4().hex
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            got = fetch(url, max_bytes=self.cg.max_bytes, timeout=self.timeout,
                        allow_private=self.cg.allow_private_urls, headers=headers)
        except FetchError as e:
            return self._failed(url, state, str(e), run_id)
        if got.status == 304:
            state.update(status="not modified", error=None, failures=0)
            return FeedResult(url, "not modified")
        try:
            items = list(read_feed(got.content, input=url, url=got.url))
        except Exception as e:  # noqa: BLE001 - a parser crash on one feed must not stop the others
            return self._failed(url, state, f"unreadable feed: {type(e).__name__}: {e}", run_id)
        if len(items) == 1 and items[0].document is None and items[0].reason.startswith("unreadable feed"):
            return self._failed(url, state, items[0].reason, run_id)
        fresh = [it for it in items if it.document is None or not self.cg.store.has_document(it.document.id)]
        result = FeedResult(url, "ingested", known=len(items) - len(fresh), run_id=run_id)
        if fresh:
            ingested = self.cg.ingest_items(fresh, run_id=run_id)
            result.new, result.duplicates, result.rejected = ingested.accepted, ingested.duplicates, ingested.rejected
            result.statements = ingested.extraction.statements if ingested.extraction else 0
        # remember the validators only once the entries are in: a crash before this asks again next time
        state.update(etag=got.headers.get("etag"), last_modified=got.headers.get("last-modified"),
                     status="ingested", error=None, failures=0)
        return result

    def _failed(self, url: str, state: dict, reason: str, run_id: str) -> FeedResult:
        self._journal_failure(url, reason, run_id)
        state.update(status="failed", error=reason, failures=int(state.get("failures") or 0) + 1)
        return FeedResult(url, "failed", reason=reason, run_id=run_id)


def watch(watcher: Watcher, every: float, *, polls: Optional[int] = None,
          on_poll: Optional[Callable[[PollReport], None]] = None,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Poll every ``every`` seconds (from the start of one poll to the start of the next), ``polls`` times or
    until interrupted. Returns the number of polls made."""
    made = 0
    while polls is None or made < polls:
        started = time.monotonic()
        report = watcher.poll()
        made += 1
        if on_poll:
            on_poll(report)
        if polls is not None and made >= polls:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return made
