"""Briefings (claimgraph report) on the hand-written corpus of tests/fixtures/briefing: every endnote is a
real statement of the store with its document, publisher, date and URL; every sentence about the news
cites; charts have one mark per dated figure; the HTML needs nothing from outside; the PDF has its pages."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

import claimgraph
from briefing_store import briefing_db
from claimgraph.present.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def C(name: str) -> str:
    """XPath test for an element having the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@pytest.fixture(scope="module")
def db() -> str:
    return briefing_db()


@pytest.fixture(scope="module")
def store_facts(db) -> dict:
    """What the store holds, to check the briefing against: statements, documents, claims."""
    with claimgraph.open(db) as cg:
        return {"statements": {r.id: r for r in cg.store.statement_rows()},
                "documents": {r.id: r for r in cg.store.document_rows()},
                "claims": {c["id"]: cg.claim(c["id"]) for c in cg.claims()}}


@pytest.fixture(scope="module")
def html_report(db, tmp_path_factory) -> lxml.html.HtmlElement:
    out = tmp_path_factory.mktemp("report") / "briefing.html"
    result = run("report", "--db", db, "--format", "html", "--output", out)
    assert result.exit_code == 0, result.output
    return lxml.html.fromstring(out.read_text(encoding="utf-8"))


def troop_claim(facts: dict) -> dict:
    return next(c for c in facts["claims"].values() if any("soldiers" in (q.get("unit") or "")
                                                          for q in c["timeline"]["quantities"]))


def test_every_endnote_resolves_to_a_real_statement(html_report, store_facts):
    notes = html_report.xpath(f"//ol[{C('notes')}]/li")
    assert notes, "the briefing has endnotes"
    assert [li.get("id") for li in notes] == [f"note-{n}" for n in range(1, len(notes) + 1)], "numbered in order"
    for li in notes:
        row = store_facts["statements"].get(li.get("data-statement"))
        assert row is not None, f"{li.get('id')} names no statement of the store"
        assert li.get("data-document") == row.document_id
        doc = store_facts["documents"][row.document_id]
        text = li.text_content()
        assert " ".join(row.content.split()) in " ".join(text.split()), "the note gives the statement's words"
        assert doc.publisher in text and doc.url in text and doc.title in text
        day = int(doc.published[8:10])
        assert re.search(rf"published {day} \w+ {doc.published[:4]}", text), text
    assert len({li.get("data-statement") for li in notes}) == len(notes), "one note per statement"


def test_every_sentence_cites_and_every_citation_resolves(html_report):
    note_ids = {li.get("id") for li in html_report.xpath(f"//ol[{C('notes')}]/li")}
    cited = set()
    for a in html_report.xpath(f"//sup[{C('cite')}]//a"):
        target = a.get("href").lstrip("#")
        assert target in note_ids, f"citation {target} has no endnote"
        cited.add(target)
    assert cited == note_ids, "every endnote is cited somewhere"
    body_sentences = [s for s in html_report.xpath(f"//section//span[{C('sentence')}]")]
    assert len(body_sentences) > 20
    for s in body_sentences:
        assert s.xpath(f".//sup[{C('cite')}]//a"), f"sentence without a citation: {s.text_content()!r}"


def test_claims_ordered_by_independent_origins_with_status_in_words(html_report, store_facts):
    shown = [a.get("data-claim") for a in html_report.xpath(f"//article[{C('claim')}]")]
    assert set(shown) == set(store_facts["claims"])
    origins = [store_facts["claims"][c]["independent_origins"] for c in shown]
    assert origins == sorted(origins, reverse=True)
    text = " ".join(html_report.xpath("//*[@id='key-points']")[0].text_content().split())
    assert "Corroborated by 2 independent origins: the Lithuanian and Polish governments." in text
    assert "Contested: asserted by the Lithuanian government, denied by the Belarusian government" in text


def test_conflicts_show_both_sides_with_dates(html_report):
    conflicts = html_report.xpath(f"//*[@id='conflicts']//li[{C('conflict')}]")
    kinds = {li.get("class").split()[-1] for li in conflicts}
    assert {"conflict-quantity", "conflict-denial"} <= kinds
    denial = next(li for li in conflicts if "conflict-denial" in li.get("class"))
    sides = [" ".join(s.text_content().split()) for s in denial.xpath(f".//ul[{C('sides')}]/li")]
    assert len(sides) == 2
    assert sides[0].startswith("Earlier:") and "10 February 2025" in sides[0]
    assert sides[1].startswith("Later:") and "6 March 2025" in sides[1] and "Minsk Wire" in sides[1]


def test_chart_has_one_mark_per_dated_statement(html_report, store_facts):
    claim = troop_claim(store_facts)
    dated = {st["id"] for st in claim["statements"] if st["date"]
             and any("soldiers" in (q.get("unit") or "") for q in st["quantities"])}
    assert len(dated) == 3, "about 2,000 (10 Feb), more than 6,000 (5 Mar), the think tank's repeat (7 Mar)"
    [figure] = html_report.xpath(f"//article[@data-claim='{claim['id']}']//figure[{C('figures')}]")
    assert set(figure.get("data-statements").split()) == dated
    marks = figure.xpath(".//*[local-name()='path'][@aria-roledescription='point']")
    assert len(marks) == len(dated)
    labels = " ".join(m.get("aria-label") for m in marks)
    assert "About 2,000" in labels and "More than 6,000" in labels
    assert len(figure.xpath(f".//table[{C('figures')}]/tbody/tr")) == len(dated)


def test_html_is_self_contained(html_report):
    assert html_report.xpath("//head/style"), "CSS inline"
    assert not html_report.xpath("//link | //script | //iframe | //object")
    for el in html_report.xpath("//*[@src]"):
        assert el.get("src").startswith("data:"), el.get("src")
    assert html_report.xpath("//*[local-name()='svg']"), "charts inline as SVG"


def test_sources_table_lists_every_cited_source(html_report, store_facts):
    rows = html_report.xpath(f"//table[{C('sources')}]/tbody/tr")
    names = {r.xpath("td")[0].text_content() for r in rows}
    cited = {store_facts["statements"][li.get("data-statement")].source_id
             for li in html_report.xpath(f"//ol[{C('notes')}]/li")}
    with claimgraph.open(briefing_db()) as cg:
        registry = {s["id"]: s["name"] for s in cg.sources()}
    assert names == {registry[s] for s in cited if s}


def test_markdown_notes_resolve_and_chart_file_is_written(db, store_facts, tmp_path):
    out = tmp_path / "brief.md"
    result = run("report", "--db", db, "--about", "Belarusian soldiers", "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    defined = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M))
    used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    assert used == set(defined) and defined
    for n, note in defined.items():
        sid = re.search(r"Statement `([^`]+)`", note).group(1)
        assert sid in store_facts["statements"], f"note {n}: {sid}"
    [image] = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", text)
    svg = (tmp_path / image).read_text(encoding="utf-8")
    assert svg.count('aria-roledescription="point"') == 3
    assert "Belarus has closed three border crossings" not in text, "--about keeps only matching claims"


def test_selection_by_claim_and_since(db, store_facts, tmp_path):
    claim = troop_claim(store_facts)
    out = tmp_path / "one.html"
    assert run("report", "--db", db, "--claim", claim["id"], "-o", out).exit_code == 0
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert [a.get("data-claim") for a in page.xpath(f"//article[{C('claim')}]")] == [claim["id"]]
    assert run("report", "--db", db, "--since", "6 March 2025", "-o", out).exit_code == 0
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    kept = {a.get("data-claim") for a in page.xpath(f"//article[{C('claim')}]")}
    latest = {cid: max(st["date"] or "" for st in c["statements"]) for cid, c in store_facts["claims"].items()}
    assert kept == {cid for cid, d in latest.items() if d >= "2025-03-06"} and kept


def test_report_errors_are_clear(db, tmp_path):
    cases = [
        (("--about", "zebras"), 3, "no claims about 'zebras'"),
        (("--claim", "claim:nope"), 3, "no claim 'claim:nope'"),
        (("--about", "x", "--claim", "y"), 2, "not both"),
        (("--since", "someday"), 2, "--since"),
    ]
    for args, code, words in cases:
        result = run("report", "--db", db, *args, "-o", tmp_path / "r.html")
        assert result.exit_code == code, (args, result.output)
        assert words in result.output and "Traceback" not in result.output
    result = run("report", "--db", db, "-o", tmp_path / "missing" / "r.html")
    assert result.exit_code == 1 and "does not exist" in result.output
    result = run("report", "--db", db, "-o", tmp_path)
    assert result.exit_code == 1 and "is a directory" in result.output


def test_pdf_has_the_expected_pages_and_text(db, tmp_path):
    out = tmp_path / "briefing.pdf"
    result = run("report", "--db", db, "-f", "pdf", "-o", out, "--title", "Belarus border briefing")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo (Debian's poppler-utils) are not installed: the PDF's pages and text "
                    "are not checked (.ci/run installs them)")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 3 <= pages <= 12

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                              capture_output=True, text=True, check=True).stdout

    texts = [page(n) for n in range(1, pages + 1)]
    for n, text in enumerate(texts, 1):
        assert f"page {n} of {pages}" in text, f"footer on page {n}"
    assert "Belarus border briefing" in texts[0] and "Key points" in texts[0]
    assert "Corroborated by 2 independent origins" in " ".join(texts[0].split())
    notes_start = next(n for n, t in enumerate(texts) if t.lstrip().startswith("Notes"))
    assert notes_start > 0, "the notes begin a page of their own"
    notes_text = " ".join(" ".join(texts[notes_start:]).split())
    assert "https://border-report.example/troops-estimate" in notes_text
    body = " ".join(" ".join(texts[:notes_start]).split())
    for heading in ("Claims", "Numbers over time", "Where reports disagree", "Sources"):
        assert heading in body
    assert "Belarusian soldiers" in body and "6,000" in body  # the chart's axis and labels are text too


def test_hostile_metadata_stays_text(tmp_path):
    """Titles, publishers and URLs come from the web: in the HTML they are text, and only http(s) URLs
    become links."""
    import json

    line = {"id": "hostile", "url": "javascript:alert(1)", "title": "<script>alert('t')</script>",
            "publisher": "<img src=x onerror=alert(1)>", "published": "2025-03-03",
            "text": "Ports reopened\nThe port of Klaipeda has reopened, port authority spokesperson Jonas Petraitis said on Monday."}
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = str(tmp_path / "hostile.db")
    with claimgraph.open(db) as cg:
        cg.ingest([corpus])
    out = tmp_path / "hostile.html"
    result = run("report", "--db", db, "-o", out)
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert not page.xpath("//script | //img"), "markup from the metadata is not markup in the briefing"
    assert not [a for a in page.xpath("//a[@href]") if not a.get("href").startswith(("#", "http"))]
    assert "<script>alert('t')</script>" in page.text_content() and "javascript:alert(1)" in page.text_content()
