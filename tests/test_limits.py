"""Limits: the per-document extraction time limit (--max-seconds / max_seconds=, in the main thread and in
worker threads such as the web app's), the size limit (--max-bytes), the URL fetcher's timeout, size caps
and private-address rule (every redirect hop checked), and the token on the web app's writes."""
from __future__ import annotations

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import claimgraph
from claimgraph import limits
from claimgraph.ingest import fetch as fetch_module
from claimgraph.ingest.fetch import FetchError, fetch
from claimgraph.present.cli import app

GOOD = {
    "good_a.txt": "The mayor said on Tuesday that the water plant would reopen next week.\n",
    "good_b.txt": "Police reported that 300 people were evacuated from the valley, a spokesman said.\n",
}


def busy(seconds: float) -> int:
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
    return n


# -- the deadline itself ---------------------------------------------------------------------------------
def test_deadline_interrupts_python_code_in_the_main_thread():
    started = time.monotonic()
    with pytest.raises(limits.ExtractionTimeout):
        with limits.deadline(0.3) as d:
            busy(5)
    assert d.expired and time.monotonic() - started < 2
    busy(0.5)  # nothing fires later


def test_deadline_in_a_worker_thread_and_no_stray_timeouts():
    outcome = {}

    def work():
        try:
            with limits.deadline(0.3):
                busy(5)
            outcome["result"] = "finished"
        except limits.ExtractionTimeout:
            outcome["result"] = "stopped"
        with limits.deadline(2):  # finishes in time: no timeout may surface afterwards
            busy(0.1)
        busy(2.5)
        outcome["after"] = "clean"

    t = threading.Thread(target=work)
    started = time.monotonic()
    t.start()
    t.join(15)
    assert outcome == {"result": "stopped", "after": "clean"}
    assert time.monotonic() - started < 6


def test_nested_deadlines_the_inner_one_claims_its_own_timeout():
    with limits.deadline(5) as outer:
        with pytest.raises(limits.ExtractionTimeout):
            with limits.deadline(0.2) as inner:
                busy(3)
        assert inner.expired and not outer.expired
        with pytest.raises(limits.ExtractionTimeout):  # the outer one's time passes the inner block by
            with limits.deadline(10) as inner2:
                busy(0.1)
                with limits.deadline(0):  # no limit
                    busy(6)
    assert not inner2.expired


# -- a document over the time limit in a batch -----------------------------------------------------------
def long_text(kib: int) -> str:
    rng = random.Random(3)
    words = "the minister said troops arrived in the city on monday and officials reported the bridge was closed"
    words = words.split()
    lines, size = [], 0
    while size < kib * 1024:
        line = " ".join(rng.choice(words) for _ in range(18)).capitalize() + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    for name, text in GOOD.items():
        (root / name).write_text(text)
    (root / "long.txt").write_text(long_text(300))  # 300 KiB: several seconds of parsing here
    return root


def assert_long_rejected(cg, report, limit):
    by_input = {i.input.rsplit("/", 1)[1]: i for i in report.items}
    assert by_input["long.txt"].status == "rejected"
    assert f"over the time limit of {limit:g} s" in by_input["long.txt"].reason
    assert {by_input[n].status for n in GOOD} == {"accepted"}
    assert sorted(d["id"] for d in cg.documents()) == ["good_a", "good_b"]
    assert {s["document_id"] for s in cg.statements()} == {"good_a", "good_b"}
    [row] = cg.journal(status="rejected")
    assert row["document_id"] == "long" and "--max-seconds" in row["reason"]


def test_time_limit_python_api(corpus, tmp_path):
    limits.warm_up()
    with claimgraph.open(str(tmp_path / "s.db"), max_seconds=1.5) as cg:
        started = time.monotonic()
        report = cg.ingest([corpus])
        took = time.monotonic() - started
        assert_long_rejected(cg, report, 1.5)
        assert report.extraction.timed_out == {"long": report.items[2].reason}
    assert took < 60
    with claimgraph.open(str(tmp_path / "s.db"), max_seconds=1.5) as cg:  # running it again: same outcome
        again = cg.ingest([corpus])
        assert [i.status for i in again.items] == ["duplicate", "duplicate", "rejected"]


def test_time_limit_in_a_worker_thread(corpus, tmp_path):
    """The web app ingests in worker threads: the limit holds there too."""
    limits.warm_up()
    out = {}

    def run():
        with claimgraph.open(str(tmp_path / "t.db"), max_seconds=1.5) as cg:
            out["report"] = cg.ingest([corpus])
            assert_long_rejected(cg, out["report"], 1.5)
            out["ok"] = True

    t = threading.Thread(target=run)
    t.start()
    t.join(120)
    assert out.get("ok")


def test_time_and_size_limits_on_the_command_line(corpus, tmp_path, monkeypatch):
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--max-seconds", "1.5", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["accepted"], report["rejected"]) == (2, 1)
    result = CliRunner().invoke(app, ["ingest", str(corpus / "long.txt"), "--db", str(tmp_path / "b.db"),
                                      "--max-bytes", "1000", "--json"])
    assert result.exit_code == 1  # nothing could be read
    [item] = json.loads(result.stdout)["items"]
    assert "over the size limit of 1,000" in item["reason"]
    monkeypatch.setenv("CLAIMGRAPH_MAX_SECONDS", "soon")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- the URL fetcher: timeouts, caps, private addresses on every hop ----------------------------------------
class Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        if self.path == "/slow-headers":
            time.sleep(5)
        body = b"<html><body><p>" + b"The harbour master said the quay was safe. " * 20 + b"</p></body></html>"
        if self.path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10 ** 10))
            self.end_headers()
            return
        if self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/slow-body":  # a trickle: each byte arrives within the timeout, the whole never
            for b in body[:50]:
                self.wfile.write(bytes([b]))
                self.wfile.flush()
                time.sleep(0.5)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def slow_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_timeout(slow_server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(slow_server + "/slow-headers", max_bytes=10_000, timeout=1, allow_private=True)
    assert time.monotonic() - started < 4


def test_fetch_declared_size_over_the_cap(slow_server):
    with pytest.raises(FetchError, match="too large: 10,000,000,000 bytes"):
        fetch(slow_server + "/declared-huge", max_bytes=1_000_000, allow_private=True)


def test_every_redirect_hop_is_checked(slow_server, monkeypatch):
    """The first hop is let through as if it were public; its redirect to the cloud metadata address is not."""
    real = fetch_module._check_address

    def check(url, allow_private):
        if url.startswith(slow_server):
            return None
        return real(url, allow_private)

    monkeypatch.setattr(fetch_module, "_check_address", check)
    with pytest.raises(FetchError, match="non-public address 169.254.169.254"):
        fetch(slow_server + "/to-metadata", max_bytes=10_000, timeout=2)


def test_url_ingest_timeout_is_journalled_and_the_batch_goes_on(slow_server, tmp_path, corpus):
    with claimgraph.open(str(tmp_path / "u.db"), allow_private_urls=True, fetch_timeout=1) as cg:
        report = cg.ingest([slow_server + "/slow-headers", corpus / "good_a.txt", slow_server + "/ok"])
        assert [i.status for i in report.items] == ["rejected", "accepted", "accepted"]
        assert "timed out after 1 s" in report.items[0].reason
        assert cg.journal(status="rejected")[0]["input"] == slow_server + "/slow-headers"


def test_private_addresses_refused_without_the_option(slow_server, tmp_path):
    with claimgraph.open(str(tmp_path / "p.db")) as cg:
        report = cg.ingest([slow_server + "/ok", "http://10.0.0.1/", "http://[fe80::1]/", "http://0.0.0.0/"])
        assert report.rejected == 4 and all("non-public address" in i.reason for i in report.items)


# -- the web app's writes need the token --------------------------------------------------------------------
def test_writes_need_the_token(tmp_path):
    from claimgraph.present.api import create_app

    token = "limits-token-0123456789abcdef"
    with TestClient(create_app(str(tmp_path / "w.db"), token=token)) as c:
        body = {"text": "The mayor said on Friday that the bridge would reopen."}
        for headers in ({}, {"Authorization": "Bearer " + token[:-1]}, {"Authorization": "Basic " + token},
                        {"Authorization": token}, {"Cookie": "token=" + token}):
            assert c.post("/api/ingest", json=body, headers=headers).status_code == 401, headers
        assert c.post(f"/api/ingest?token={token}", json=body).status_code == 401
        assert c.get("/api/documents").json()["total"] == 0
        form = c.post("/ingest", data={"text": body["text"]}, follow_redirects=False)
        assert form.status_code in (303, 403)
        assert c.get("/api/documents").json()["total"] == 0
        ok = c.post("/api/ingest", json=body, headers={"Authorization": "Bearer " + token})
        assert ok.status_code == 200 and ok.json()["accepted"] == 1


def test_extract_command_keeps_a_document_over_the_limit(corpus, tmp_path):
    """`claimgraph extract` names the document over the limit, keeps it, and exits 1 when nothing got done."""
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(corpus / "long.txt"), "--db", db, "--no-extract"]).exit_code == 0
    result = runner.invoke(app, ["extract", "--db", db, "--max-seconds", "1"])
    assert result.exit_code == 1
    assert "not extracted long: extraction over the time limit of 1 s" in " ".join(result.output.split())
    with claimgraph.open(db, max_seconds=0) as cg:
        assert [d["id"] for d in cg.documents()] == ["long"]
