"""Hostile inputs, generated here (nothing downloaded): one batch that mixes them with good articles must end
with every bad item rejected with a reason in the journal, every good item stored and extracted, no crash
and no hang (the run has a per-document time limit and the test a wall-clock bound)."""
from __future__ import annotations

import gzip
import json
import os
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import claimgraph

GOOD_TEXTS = {
    "good_reservoir": "The water board said on Tuesday that the northern reservoir was at 41 percent of capacity.\n"
                      "Officials warned that rationing could begin in March if the dry weather continued.\n",
    "good_ferry": "The ferry operator said services to the island would resume on Friday after repairs.\n"
                  "A spokesman said 1,200 passengers had been stranded over the weekend.\n",
}
SECRET = "CG-XXE-SECRET-4471"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs Daily</title>
<item><title>Laughs</title><link>https://laughs.example.org/1</link><description>&lol9;</description></item>
<item><title>Bridge</title><link>https://laughs.example.org/2</link>
<description>The county engineer said the old bridge would close for six weeks from Monday.</description></item>
</channel></rss>
"""


def xxe_feed(secret_path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_path}"><!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<rss version="2.0"><channel><title>Leaky Feed</title>
<item><title>Leak</title><link>https://leaky.example.org/1</link>
<description>Inside: &xxe; The harbour master said the port would reopen on Thursday morning.</description></item>
</channel></rss>
"""


HOSTILE_HTML = """<html><head><title>Council vote</title><script>document.write('INJECTED-SCRIPT')</script></head>
<body><iframe src="javascript:alert('INJECTED-IFRAME')">INJECTED-IFRAME</iframe>
<article><h1>Council vote</h1>
<p onclick="alert('INJECTED-HANDLER')">The council said on Wednesday that it had approved the new budget of 4 million euros.</p>
<p>The mayor said the vote was a turning point for the town and its schools.<script>steal('INJECTED-SCRIPT-2')</script></p>
<object data="x.swf"></object><style>p {color: red} /* INJECTED-STYLE */</style>
</article></body></html>
"""


def write_corpus(root) -> dict[str, tuple[str, str | None]]:
    """Write the corpus; returns input name -> (expected status, a word of the reason or None)."""
    expect = {}
    for name, text in GOOD_TEXTS.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
        expect[f"{name}.txt"] = ("accepted", None)
    rng = random.Random(9)
    # invalid UTF-8: random bytes with many controls are binary; a UTF-8/Latin-1 mix is read or refused cleanly
    (root / "invalid_utf8.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    expect["invalid_utf8.txt"] = ("rejected", "binary")
    mixed = ("The minister said the talks would resume in Geneva. ".encode("utf-8")
             + "Le ministère a déclaré que la réunion était reportée. ".encode("latin-1")
             + "Офіційні особи заявили про відкладення. ".encode("utf-8") + b"\xff\xfe\xc3\x28 end.")
    (root / "mixed_encodings.txt").write_bytes(mixed)
    expect["mixed_encodings.txt"] = ("either", None)
    (root / "nul.txt").write_bytes(b"The mayor said\x00 the school\x00 would\x00 close." * 50)
    expect["nul.txt"] = ("rejected", "binary")
    (root / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = ("rejected", "empty")
    with open(root / "huge_line.txt", "wb") as f:  # 50 MB, one line, no newline at all
        f.write(b"word " * (10 * 1024 * 1024))
    expect["huge_line.txt"] = ("rejected", "too large")
    nested = "<html><body>" + "<div>" * 100_000 + "<p>" + "deep " * 20 + "</p>" + "</div>" * 100_000 + "</body></html>"
    (root / "nested.html").write_text(nested)
    expect["nested.html"] = ("either", "page")
    (root / "hostile.html").write_text(HOSTILE_HTML)
    expect["hostile.html"] = ("accepted", None)
    (root / "laughs.rss").write_text(BILLION_LAUGHS)
    secret = root.parent / "secret.txt"
    secret.write_text(SECRET)
    (root / "xxe.rss").write_text(xxe_feed(secret))
    (root / "archive.txt").write_bytes(gzip.compress(os.urandom(20_000)))
    expect["archive.txt"] = ("rejected", "binary")
    # JSONL: good lines among broken, huge, deep, NUL-carrying, non-English and sentence-free ones
    lines = [
        json.dumps({"id": "jl-good", "text": "The health ministry said 300 new beds would open in the spring."}),
        '{"id": "jl-truncated", "text": "The minister sa',
        "this is not json at all",
        json.dumps({"id": "jl-huge", "text": "word " * (1_300_000)}),  # 6.5 MB line
        "[" * 100_000,
        json.dumps(["an", "array"]),
        json.dumps({"id": "jl-nul", "text": "The mayor\u0000 said the road was closed."}),
        json.dumps({"id": "jl-blank", "text": "   \n  "}),
        json.dumps({"id": {"nested": 1}, "text": "x"}),
        json.dumps({"id": "jl-ru", "text": "Министерство обороны заявило во вторник, что войска отошли от границы."}),
        json.dumps({"id": "jl-zh", "text": "国防部周二表示，部队已经从边境撤离，局势趋于稳定。"}),
        json.dumps({"id": "jl-ar", "text": "قالت وزارة الدفاع يوم الثلاثاء إن القوات انسحبت من الحدود."}),
        json.dumps({"id": "jl-punct", "text": "!!! ??? ... ;;; --- !!! ??? ..."}),
        json.dumps({"id": "jl-digits", "text": "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"}),
        json.dumps({"id": "jl-emoji", "text": "🙂🙂🙂 🚀🚀 🌍"}),
        json.dumps({"id": "jl-oneword", "text": "Ceasefire"}),
        json.dumps({"id": "jl-good-2", "text": "Rescue teams said on Sunday that 14 climbers had been found alive."}),
    ]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    raw = raw.replace(b"this is not json at all", b"\xff\xfe not utf-8 \xc3\x28")  # a line that is not UTF-8
    (root / "feed.jsonl").write_bytes(raw)
    return expect


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    expect = write_corpus(corpus)
    db = str(root / "store.db")
    started = time.monotonic()
    with claimgraph.open(db, max_seconds=30) as cg:
        report = cg.ingest([corpus])
        journal = cg.journal()
        docs = {d["id"]: cg.document(d["id"]) for d in cg.documents()}
        extracted = cg.store.extractors_of(docs)
        statements = cg.statements()
    return {"report": report, "journal": journal, "docs": docs, "extracted": extracted, "statements": statements,
            "expect": expect, "corpus": corpus, "seconds": time.monotonic() - started}


def item(run, suffix):
    return [i for i in run["report"].items if i.input.endswith(suffix)]


def test_no_hang_and_every_item_journalled(hostile_run):
    assert hostile_run["seconds"] < 240, f"the hostile batch took {hostile_run['seconds']:.0f} s"
    report, journal = hostile_run["report"], hostile_run["journal"]
    assert len(journal) >= len(report.items)
    journalled = {(r["input"], r["status"]) for r in journal}
    for i in report.items:
        assert (i.input, i.status) in journalled
        if i.status == "rejected":
            assert i.reason and len(i.reason) > 5, i


def test_bad_files_rejected_with_reasons(hostile_run):
    for name, (status, word) in hostile_run["expect"].items():
        [it] = item(hostile_run, "/" + name)
        if status == "either":
            assert it.status in ("accepted", "rejected")
            if it.status == "rejected":
                assert it.reason
                if word:
                    assert word in it.reason, (name, it.reason)
            else:
                text = hostile_run["docs"][it.document_id].text
                text.encode("utf-8")  # valid text: no lone surrogates
        else:
            assert it.status == status, (name, it)
            if word:
                assert word in it.reason, (name, it.reason)


def test_good_items_stored_and_extracted(hostile_run):
    docs, extracted = hostile_run["docs"], hostile_run["extracted"]
    for name, text in GOOD_TEXTS.items():
        assert docs[name].text == text
    for doc_id in ("jl-good", "jl-good-2"):
        assert doc_id in docs
    assert set(extracted) == set(docs), "every stored document was extracted (or skipped for its language)"
    by_doc = {s["document_id"] for s in hostile_run["statements"]}
    assert {"good_reservoir", "good_ferry", "jl-good", "jl-good-2"} <= by_doc


def test_scripts_iframes_and_handlers_never_reach_the_text(hostile_run):
    [it] = item(hostile_run, "/hostile.html")
    text = hostile_run["docs"][it.document_id].text
    assert "approved the new budget" in text
    assert "INJECTED" not in text


def test_entity_expansion_and_external_entities(hostile_run):
    laughs = item(hostile_run, "laughs.rss#entry 2") + item(hostile_run, "laughs.rss#entry 1") \
        + item(hostile_run, "laughs.rss")
    assert any(i.status == "accepted" and "bridge" in hostile_run["docs"][i.document_id].text for i in laughs)
    for doc in hostile_run["docs"].values():
        assert "lollollol" not in doc.text, "entities were not expanded"
        assert SECRET not in doc.text, "an external entity was read from disk"
        assert len(doc.text) < 100_000


def test_jsonl_lines(hostile_run):
    lines = {int(i.input.rsplit("#line ", 1)[1]): i for i in hostile_run["report"].items if "#line " in i.input}
    want = {
        1: ("accepted", None), 2: ("rejected", "invalid JSON"), 3: ("rejected", "not UTF-8"),
        4: ("rejected", "over the size limit"), 5: ("rejected", "nested too deeply"), 6: ("rejected", "not an object"),
        7: ("rejected", "NUL"), 8: ("rejected", "empty text"), 9: ("rejected", "'id'"),
        10: ("accepted", None), 11: ("accepted", None), 12: ("accepted", None), 13: ("accepted", None),
        14: ("accepted", None), 15: ("accepted", None), 16: ("accepted", None), 17: ("accepted", None),
    }
    for n, (status, word) in want.items():
        assert lines[n].status == status, (n, lines[n])
        if word:
            assert word in lines[n].reason, (n, lines[n].reason)


def test_non_english_and_sentence_free_texts(hostile_run):
    docs = hostile_run["docs"]
    assert {docs[d].language for d in ("jl-ru", "jl-zh", "jl-ar")} == {"ru", "zh", "ar"}
    statements = hostile_run["statements"]
    for doc_id in ("jl-ru", "jl-zh", "jl-ar", "jl-punct", "jl-digits", "jl-emoji", "jl-oneword"):
        assert doc_id in hostile_run["extracted"]
        assert not [s for s in statements if s["document_id"] == doc_id]


# -- over HTTP: gzip bombs, among good pages ----------------------------------------------------------------
class BombHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict = {}

    def do_GET(self):  # noqa: N802
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Transfer-Encoding" in headers:  # chunked: no length announced, the cap must hold while reading
            self.end_headers()
            for i in range(0, len(body), 65536):
                chunk = body[i:i + 65536]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bomb_server():
    page = ("<html><head><title>Harbour</title></head><body><article><p>"
            + GOOD_TEXTS["good_ferry"] + "</p><p>The harbour master said the quay was safe.</p></article></body></html>")
    bomb = gzip.compress(b"<p>" + b"A" * 60_000_000 + b"</p>", compresslevel=9)  # 60 MB in about 60 KB
    feed_bomb = gzip.compress(b"<rss><channel><item><description>" + b"lol " * 15_000_000
                              + b"</description></item></channel></rss>", compresslevel=9)
    BombHandler.routes = {
        "/good": (200, {"Content-Type": "text/html"}, page.encode()),
        "/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb),
        "/bomb-chunked": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip",
                                "Transfer-Encoding": "chunked"}, bomb),
        "/feed-bomb": (200, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}, feed_bomb),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BombHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_gzip_bombs_over_http_rejected_good_page_stored(bomb_server, tmp_path):
    urls = [bomb_server + p for p in ("/bomb", "/good", "/bomb-chunked", "/feed-bomb")]
    started = time.monotonic()
    with claimgraph.open(str(tmp_path / "s.db"), allow_private_urls=True) as cg:
        report = cg.ingest(urls)
        statuses = {i.input.rsplit("/", 1)[1]: i for i in report.items}
        assert statuses["good"].status == "accepted"
        for name in ("bomb", "bomb-chunked", "feed-bomb"):
            assert statuses[name].status == "rejected" and "over the size limit" in statuses[name].reason, name
        assert [d["url"] for d in cg.documents()] == [bomb_server + "/good"]
        rejected = {r["input"]: r["reason"] for r in cg.journal(status="rejected")}
        assert set(rejected) == {bomb_server + "/" + n for n in ("bomb", "bomb-chunked", "feed-bomb")}
    assert time.monotonic() - started < 60
