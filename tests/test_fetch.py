"""URL ingest against a local HTTP server: HTML and feeds by URL, the private-address rule, redirects, caps."""
from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import claimgraph
from claimgraph.ingest.fetch import FetchError, fetch


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, headers, body = route
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(request):
    fixtures = request.config.rootpath / "tests" / "fixtures"
    bomb = gzip.compress(b"A" * 20_000_000)
    Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, (fixtures / "ministry_page.html").read_bytes()),
        "/feed": (200, {"Content-Type": "application/rss+xml"}, (fixtures / "regional_news.rss").read_bytes()),
        "/plain": (200, {"Content-Type": "text/plain"}, (fixtures / "port_strike.txt").read_bytes()),
        "/bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, bomb),
        "/moved": (301, {"Location": "/article"}, b""),
    }
    for n in range(7):  # a chain of 7 redirects: /r0 -> /r1 -> ... -> /r6 -> /article
        Handler.routes[f"/r{n}"] = (302, {"Location": f"/r{n + 1}" if n < 6 else "/article"}, b"")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def cg_local(db_path):
    with claimgraph.open(db_path, allow_private_urls=True) as handle:
        yield handle


def test_html_url(cg_local, server):
    report = cg_local.ingest([server + "/article"])
    assert report.accepted == 1
    doc = cg_local.document(report.items[0].document_id)
    assert doc.url == server + "/article"
    assert doc.title == "Water rationing to begin in three districts"
    assert "reservoirs at 31 percent" in doc.text and "cookies" not in doc.text


def test_feed_url(cg_local, server):
    report = cg_local.ingest([server + "/feed"])
    assert report.accepted == 3
    assert {d["url"] for d in cg_local.documents()} == {
        "https://gazette.example.org/news/ferry-suspended", "https://gazette.example.org/news/hospital-wing",
        "https://gazette.example.org/news/school-roof"}


def test_plain_text_url_and_redirect(cg_local, server):
    assert cg_local.ingest([server + "/plain"]).accepted == 1
    report = cg_local.ingest([server + "/moved"])
    assert report.accepted == 1
    assert cg_local.document(report.items[0].document_id).url == server + "/article"


def test_too_many_redirects(cg_local, server):
    report = cg_local.ingest([server + "/r0"])
    assert report.rejected == 1 and "too many redirects" in report.items[0].reason


def test_missing_page_and_unreachable_host(cg_local, server):
    report = cg_local.ingest([server + "/nope", "http://127.0.0.1:9/closed-port"])
    reasons = [i.reason for i in report.items]
    assert "HTTP 404" in reasons[0]
    assert reasons[1].startswith("unreachable URL")


def test_private_addresses_refused_by_default(cg, server):
    report = cg.ingest([server + "/article", "http://[::1]/x", "http://169.254.169.254/latest/meta-data"])
    assert report.rejected == 3
    assert all("non-public address" in i.reason for i in report.items)
    assert cg.documents() == []


def test_gzip_bomb_is_capped(server):
    with pytest.raises(FetchError, match="over the size limit"):
        fetch(server + "/bomb", max_bytes=1_000_000, allow_private=True)


def test_unsupported_scheme():
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetch("ftp://example.org/x", max_bytes=1000)
