"""WARC input: HTML responses become documents (target URI, date), everything else is skipped and counted."""
from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import claimgraph
from claimgraph.present.cli import app

BRIDGE = """<html><head><title>Bridge reopens after repairs</title>
<meta property="article:published_time" content="2025-03-14T09:00:00Z"></head>
<body><nav>Home | Local | Sport</nav><article><h1>Bridge reopens after repairs</h1>
<p>The Elm Street bridge reopened to traffic on Thursday after eight weeks of repairs, the city's
transport department said in a statement.</p>
<p>"The deck is sound and the new railings are in place," said chief engineer Rosa Lindqvist, adding
that heavy lorries would still be barred until April.</p>
<p>Shop owners on both banks said trade had fallen by a third while the crossing was closed.</p>
</article><footer>Copyright Riverside Courier</footer></body></html>"""

CLINIC = """<html><head><title>Clinic extends opening hours</title></head><body><article>
<h1>Clinic extends opening hours</h1>
<p>The health centre on Mill Lane will open until eight in the evening from next month, the regional
health board announced, after patients complained of waiting three weeks for appointments.</p>
<p>A spokesperson for the board said two more nurses had been hired to staff the later shifts.</p>
</article></body></html>"""

NOT_FOUND = "<html><body><h1>Page not found</h1><p>Sorry, we could not find that page anywhere.</p></body></html>"


def _response(writer, uri, body: bytes, ctype: str, status="200 OK", date="2025-03-15T06:30:00Z"):
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)


def write_warc(path, gz=True):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "claimgraph tests"}))
        req = StatusAndHeaders("GET /news/bridge HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://courier.example/news/bridge", "request",
                                                      http_headers=req))
        _response(writer, "https://courier.example/news/bridge", BRIDGE.encode(), "text/html; charset=utf-8")
        _response(writer, "https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        _response(writer, "https://courier.example/missing", NOT_FOUND.encode(), "text/html", status="404 Not Found")
        _response(writer, "https://health.example/clinic-hours", CLINIC.encode("latin-1"),
                  "text/html; charset=iso-8859-1", date="2025-04-02T11:15:00Z")
        writer.write_record(writer.create_warc_record("https://courier.example/news/bridge", "metadata",
                                                      payload=io.BytesIO(b"fetchTimeMs: 120\n"),
                                                      warc_content_type="application/warc-fields"))
    return path


@pytest.fixture
def warc_file(tmp_path):
    return write_warc(tmp_path / "crawl.warc.gz")


def test_html_responses_become_documents_with_uri_and_date(cg, warc_file):
    report = cg.ingest([warc_file], extract=False)
    assert report.accepted == 2 and report.rejected == 0
    docs = {d["url"]: d for d in cg.documents()}
    assert set(docs) == {"https://courier.example/news/bridge", "https://health.example/clinic-hours"}
    bridge = cg.document(docs["https://courier.example/news/bridge"]["id"])
    assert bridge.published.startswith("2025-03-14")  # the page's own date wins over the crawl time
    assert "Rosa Lindqvist" in bridge.text and "Copyright" not in bridge.text and bridge.input_kind == "warc"
    clinic = docs["https://health.example/clinic-hours"]
    assert clinic["published"].startswith("2025-04-02")  # no date on the page: the WARC-Date
    rows = cg.journal()
    note = next(r for r in rows if r["document_id"] == clinic["id"])
    assert "crawl time" in note["reason"]
    skipped = [r for r in rows if r["status"] == "skipped"]
    assert len(skipped) == 1
    reason = skipped[0]["reason"]
    assert reason.startswith("5 WARC records skipped")
    for part in ("1 warcinfo", "1 request", "1 metadata", "1 response image/png", "1 HTTP 404"):
        assert part in reason


def test_uncompressed_warc_without_extension_is_recognised(cg, tmp_path):
    path = write_warc(tmp_path / "dump.bin", gz=False)
    report = cg.ingest([path], extract=False)
    assert report.accepted == 2
    again = cg.ingest([tmp_path], extract=False)  # a directory holding it: same documents, duplicates now
    assert again.accepted == 0 and again.duplicates == 2


def test_cli_ingest_extracts_statements_from_a_warc(tmp_path, warc_file):
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(app, ["ingest", "--db", db, "--json", str(warc_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["accepted"] == 2 and data["skipped"] == 1 and data["statements"] >= 2
    with claimgraph.open(db) as cg:
        sources = {s["source_text"] for s in cg.statements()}
    assert any("Lindqvist" in (s or "") for s in sources)


def test_broken_warc_is_rejected_with_a_reason(cg, tmp_path):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"this is not an archive at all\n" * 20)
    report = cg.ingest([bad], extract=False)
    assert report.accepted == 0 and report.rejected == 1
    assert report.items[0].reason.startswith("unreadable WARC")
