"""`claimgraph watch`: conditional requests (ETag / Last-Modified), new entries only, a failing feed does not
stop the others. Feeds are served by a local HTTP server in the test process."""
from __future__ import annotations

import json
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

import claimgraph
from claimgraph.ingest.watch import FeedListError, Watcher, parse_every, read_feed_list, watch
from claimgraph.present.cli import app

ENTRIES = [
    ("river-1", "Flood barriers go up in Eastwick",
     "Council workers put up flood barriers along the river in Eastwick on Tuesday, the council said, after "
     "forecasters warned of heavy rain. \"We are ready for the worst,\" said emergency planner Joan Ferris."),
    ("river-2", "Eastwick bridge closed as river rises",
     "Police closed the old bridge in Eastwick on Wednesday as the river rose above its warning level, a police "
     "spokesman said. Drivers were told to use the ring road."),
    ("river-3", "Water level falls in Eastwick",
     "The river in Eastwick fell by half a metre overnight, the environment agency said on Thursday, and the "
     "bridge would reopen by the weekend."),
]
TRAMS = ("tram-1", "Tram line extension approved",
         "The transport board approved a two-kilometre extension of the tram line to the university on Monday, its "
         "chair Priya Nair said. Construction would start next spring, she added.")

TRAMS_REPORT = ("tram-2", "Tram works to close Station Road",
                "Station Road will close for six months while tram tracks are laid, the transport board said on "
                "Friday. Shops on the road said they feared losing customers.")


def rss(entries) -> bytes:
    items = "".join(f"<item><guid>{g}</guid><title>{t}</title><link>https://news.example/{g}</link>"
                    f"<pubDate>Tue, 10 Jun 2025 08:00:00 GMT</pubDate><description>{d}</description></item>"
                    for g, t, d in entries)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Eastwick Echo</title>'
            f"<link>https://news.example/</link><description>local news</description>{items}</channel></rss>").encode()


def atom(entries) -> bytes:
    body = "".join(f"<entry><id>urn:{g}</id><title>{t}</title><updated>2025-06-09T10:00:00Z</updated>"
                   f'<link href="https://transport.example/{g}"/><content type="text">{d}</content></entry>'
                   for g, t, d in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Transport Desk</title><id>urn:transport</id><updated>2025-06-09T10:00:00Z</updated>{body}</feed>"
            ).encode()


class Feeds:
    """What the server serves, and every request it got: (path, If-None-Match, If-Modified-Since, status)."""

    def __init__(self):
        self.rss_entries = ENTRIES[:2]
        self.rss_etag = '"v1"'
        self.atom_modified = formatdate(1749463200, usegmt=True)
        self.requests: list[tuple] = []


@pytest.fixture
def server():
    feeds = Feeds()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            status, body, headers = 200, b"", {}
            if self.path == "/echo.rss":  # ETag
                if inm == feeds.rss_etag:
                    status = 304
                else:
                    body, headers = rss(feeds.rss_entries), {"ETag": feeds.rss_etag,
                                                             "Content-Type": "application/rss+xml"}
            elif self.path == "/transport.atom":  # Last-Modified only
                if ims == feeds.atom_modified:
                    status = 304
                else:
                    body, headers = atom([TRAMS]), {"Last-Modified": feeds.atom_modified,
                                                    "Content-Type": "application/atom+xml"}
            elif self.path == "/plain.rss":  # no validators at all: always the whole feed
                body, headers = rss(ENTRIES[2:]), {"Content-Type": "application/rss+xml"}
            elif self.path == "/broken.rss":
                status, body = 500, b"internal error"
            else:
                status, body = 200, b"<html><body><p>This is a page, not a feed.</p></body></html>"
                headers = {"Content-Type": "text/html"}
            feeds.requests.append((self.path, inm, ims, status))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    feeds.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield feeds
    httpd.shutdown()
    httpd.server_close()


def test_polls_ingest_new_entries_only_and_use_validators(tmp_path, server):
    urls = [f"{server.base}/{p}" for p in ("echo.rss", "broken.rss", "transport.atom", "plain.rss", "page.html")]
    state = tmp_path / "feeds.state.json"
    with claimgraph.open(str(tmp_path / "w.db"), allow_private_urls=True) as cg:
        first = Watcher(cg, urls, state).poll()
        by = {f.url.rsplit("/", 1)[1]: f for f in first.feeds}
        assert (by["echo.rss"].status, by["echo.rss"].new) == ("ingested", 2)
        assert (by["transport.atom"].new, by["plain.rss"].new) == (1, 1)
        assert by["broken.rss"].status == "failed" and "HTTP 500" in by["broken.rss"].reason
        assert by["page.html"].status == "failed" and "unreadable feed" in by["page.html"].reason
        assert first.new == 4 and first.failed == 2
        assert by["echo.rss"].statements >= 1
        rejected = {r["input"]: r["reason"] for r in cg.journal(status="rejected")}
        assert "HTTP 500" in rejected[f"{server.base}/broken.rss"]

        # a new watcher (a restarted process) reads the validators back from the state file
        server.requests.clear()
        second = Watcher(cg, urls, state).poll()
        by = {f.url.rsplit("/", 1)[1]: f for f in second.feeds}
        assert by["echo.rss"].status == "not modified" and by["transport.atom"].status == "not modified"
        assert (by["plain.rss"].status, by["plain.rss"].new, by["plain.rss"].known) == ("ingested", 0, 1)
        sent = {path: (inm, ims) for path, inm, ims, _ in server.requests}
        assert sent["/echo.rss"] == ('"v1"', None) and sent["/transport.atom"] == (None, server.atom_modified)
        assert second.new == 0 and len(cg.documents()) == 4
        journal_size = len(cg.journal())

        # the ETag feed now also carries the plain feed's entry (same guid: known) and a new one
        server.rss_entries, server.rss_etag = [*ENTRIES, TRAMS_REPORT], '"v2"'
        third = Watcher(cg, urls, state).poll()
        echo = next(f for f in third.feeds if f.url.endswith("echo.rss"))
        assert (echo.new, echo.known) == (1, 3)
        assert len(cg.documents()) == 5
        # only the new entry and the two failing feeds were journalled: known entries are not read again
        assert len(cg.journal()) == journal_size + 3
    saved = json.loads(state.read_text())
    assert saved[f"{server.base}/echo.rss"]["etag"] == '"v2"'
    assert saved[f"{server.base}/broken.rss"]["failures"] == 3


def test_watch_loop_waits_between_polls(tmp_path, server):
    with claimgraph.open(str(tmp_path / "w.db"), allow_private_urls=True) as cg:
        watcher = Watcher(cg, [f"{server.base}/transport.atom"], tmp_path / "s.json")
        slept = []
        seen = []
        assert watch(watcher, 900.0, polls=3, on_poll=seen.append, sleep=slept.append) == 3
    assert [r.poll for r in seen] == [1, 2, 3] and [r.new for r in seen] == [1, 0, 0]
    assert len(slept) == 2 and all(890 < s <= 900 for s in slept)


def test_cli_once_json_and_usage_errors(tmp_path, server):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local feeds\n{server.base}/echo.rss\n\n{server.base}/broken.rss  # fails\n")
    db = str(tmp_path / "c.db")
    run = CliRunner().invoke
    result = run(app, ["watch", str(feeds), "--db", db, "--once", "--json", "--allow-private-urls"])
    assert result.exit_code == 0, result.output
    poll = json.loads(result.stdout.strip().splitlines()[-1])
    assert poll["new"] == 2 and poll["failed"] == 1
    assert (tmp_path / "feeds.txt.state.json").exists()

    refused = run(app, ["watch", str(feeds), "--db", db, "--once"])  # loopback needs --allow-private-urls
    assert refused.exit_code == 1 and "refused" in refused.output

    bad = tmp_path / "bad.txt"
    bad.write_text(f"{server.base}/echo.rss\nftp://example.org/feed\n")
    result = run(app, ["watch", str(bad), "--db", db, "--once"])
    assert result.exit_code == 2 and "line 2" in result.output and "Traceback" not in result.output
    result = run(app, ["watch", str(feeds), "--db", db, "--every", "soon"])
    assert result.exit_code == 2 and "--every" in result.output
    assert run(app, ["watch", str(tmp_path / "none.txt"), "--db", db]).exit_code == 2


def test_durations_and_feed_lists(tmp_path):
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("45") == 45
    assert parse_every("2h") == 7200 and parse_every("90s") == 90
    for bad in ("", "soon", "15x", "0s", "m15"):
        with pytest.raises(FeedListError):
            parse_every(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n")
    with pytest.raises(FeedListError, match="no feed URLs"):
        read_feed_list(empty)
