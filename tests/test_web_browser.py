"""The web pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright's Python
package; no browser is downloaded): search -> claim -> evidence sentence in the document, the chart's
marks, the ingest form with its progress page, hostile article text that must run nothing, readable at
laptop and phone widths. Screenshots of every page go to $CLAIMGRAPH_TEST_OUTPUT/screenshots (default
out/test-output/screenshots in the project)."""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

import claimgraph

CHROMIUM = Path(os.environ.get("CLAIMGRAPH_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FLOOD = Path(__file__).parent / "fixtures" / "web" / "flood.jsonl"
TOKEN = "browser-token-0123456789"
OUT = Path(os.environ.get("CLAIMGRAPH_TEST_OUTPUT", Path(__file__).parent.parent / "out" / "test-output")) / "screenshots"
XSS_TEXT = ('Fake pages spread <script>window.__xss = 1; alert("script ran")</script> online\n'
            'The cyber police said on Monday that <img src=x onerror="window.__xss=2;alert(2)"> attackers had '
            'copied <a href="javascript:window.__xss=3">this link</a> to 40 news sites.\n'
            '<svg onload="window.__xss=4"></svg><iframe src="javascript:alert(5)"></iframe> '
            'The agency said <b onmouseover="window.__xss=6">the pages</b> were removed.')
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
"""

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium chromium-driver; "
                ".ci/run installs it)", allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason="the playwright package (test extra) is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """claimgraph's web app under uvicorn on a free loopback port, over a store of the flood story."""
    import uvicorn

    from claimgraph.present.api import create_app

    db = str(tmp_path_factory.mktemp("browser") / "web.db")
    with claimgraph.open(db) as cg:
        assert cg.ingest([str(FLOOD)]).accepted == 4
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.add_init_script(WATCH)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_search_to_claim_to_evidence_sentence(server, page):
    page.goto(server + "/")
    shot(page, "home")
    page.fill("input[name=q]", "evacuated Kherson")
    page.click("form.search button")
    page.wait_for_url("**/?q=*")
    shot(page, "search")
    claim_link = page.locator("a.claim-link").first
    summary = claim_link.inner_text()
    assert "evacuated" in summary
    claim_link.click()
    page.wait_for_url("**/claims/**")
    assert page.locator("h1").inner_text() == summary
    assert page.locator(".meta .status").first.inner_text().strip() == "contested"  # the colour has its word
    shot(page, "claim")
    un = page.locator("li.statement", has_text="UN refugee agency")
    sentence_mark = un.locator("mark.evidence").inner_text()
    assert "more than 3,000 residents" in sentence_mark
    un.locator("a.evidence-link").click()
    page.wait_for_url("**/documents/flood-2?st=*#st-*")
    def targeted(role: str) -> str:  # the text of the highlighted statement's spans of one role
        return page.evaluate(f"Array.from(document.querySelectorAll('.text .a-{role}.targeted'))"
                             ".map(e => e.textContent).join('')")

    assert targeted("content") == sentence_mark  # the same sentence part the claim page marked
    assert targeted("source") == "The UN refugee agency" and targeted("cue") == "said"
    anchor = page.locator(".text .anchor").first
    assert anchor.get_attribute("id").startswith("st-flood-2.s")
    assert page.evaluate("document.querySelector(':target') !== null")
    assert page.locator("tr.targeted-row").count() == 1
    assert page.locator(".text .a-source").first.inner_text() == "The UN refugee agency"
    shot(page, "document")


def test_chart_has_one_mark_per_statement_with_a_number(server, page):
    page.goto(server + "/?q=evacuated")
    page.locator("a.claim-link").first.click()
    page.wait_for_url("**/claims/**")
    marks = page.locator("svg.chart circle.mark")
    rows = page.locator("table.data").first.locator("tbody tr")
    assert marks.count() == rows.count() == 3
    assert sorted(m.get_attribute("data-qualifier") for m in marks.all()) == ["approximately", "exact", "over"]
    assert page.locator("svg.chart .qual").count() == 1  # the arrow of 'more than 3,000'
    box = page.locator("svg.chart").bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    # marks coloured by origin: the two Emergency Ministry numbers share a colour, the UN's differs
    colours = {m.get_attribute("data-statement"): page.evaluate("e => getComputedStyle(e).fill", m.element_handle())
               for m in marks.all()}
    assert colours["flood-1.s0"] == colours["flood-3.s0"] != colours["flood-2.s0"]
    page.locator("svg.chart a.mark-link").first.click()
    page.wait_for_url("**/documents/**#st-*")
    assert page.locator(".text .targeted").count() >= 1


def test_source_page_graph_and_other_pages(server, page):
    page.goto(server + "/sources?name=refugee")
    page.locator("table.data a").first.click()
    page.wait_for_url("**/sources/**")
    assert page.locator("h1").inner_text() == "UN refugee agency"
    graph = page.locator("svg.graph")
    assert graph.locator("a").count() == 1  # whom it cites: regional authorities
    shot(page, "source")
    graph.locator("a").first.click()
    page.wait_for_url("**/sources/**")
    assert page.locator("h1").inner_text() == "regional authorities"
    assert page.locator("svg.graph a", has_text="UN refugee agency").count() == 1
    for path, name, expect in (("/conflicts", "conflicts", "quantity"), ("/timeline", "timeline", "Timeline"),
                               ("/documents", "documents", "Documents"), ("/sources", "sources", "Sources")):
        page.goto(server + path)
        assert expect in page.inner_text("main")
        shot(page, name)
    page.goto(server + "/timeline")
    page.locator("ol.timeline a").first.click()
    page.wait_for_url("**/timeline?claim=*")
    shot(page, "timeline-claim")
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=15000)  # Swagger UI from the package, under our CSP
    assert page.locator(".opblock").count() >= 11
    shot(page, "api-docs")


def test_ingest_form_and_hostile_article_runs_nothing(server, page):
    page.goto(server + "/ingest")
    page.wait_for_url("**/login?next=/ingest")
    shot(page, "login")
    page.fill("#token", TOKEN)
    page.click("form.stack button")
    page.wait_for_url("**/ingest")
    shot(page, "ingest-form")
    page.fill("#text", XSS_TEXT)
    page.fill("#doc_id", "hostile")
    page.fill("#title", '<img src=x onerror="window.__xss=7">Hostile title')
    page.fill("#publisher", '"><script>window.__xss=8</script>')
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/ingest/jobs/*")
    assert page.locator("progress").count() == 1
    page.wait_for_selector(".job-done", timeout=60000)  # the page refreshes itself until the run is done
    assert "1 accepted" in page.inner_text(".progress-text")
    shot(page, "ingest-done")
    page.click("table.data a")
    page.wait_for_url("**/documents/hostile")
    text = re.sub(r"\[\d+\]", "", page.inner_text(".text"))  # without the statement reference marks
    assert '<script>window.__xss = 1; alert("script ran")</script>' in text  # shown as text, not run
    assert '<img src=x onerror="window.__xss=2;alert(2)">' in text and '<b onmouseover="window.__xss=6">' in text
    assert page.locator("h1").inner_text() == '<img src=x onerror="window.__xss=7">Hostile title'
    shot(page, "hostile-document")
    visited = ["/documents/hostile", "/", "/?q=pages", "/documents", "/conflicts", "/timeline"]
    for link in page.locator("table.statements-table a[href^='/claims/']").all()[:3]:
        visited.append(link.get_attribute("href"))
    for path in visited:
        page.goto(server + path)
        page.mouse.move(200, 300)
        for b in page.locator("main b, main img, main svg:not(.chart):not(.graph)").all()[:5]:
            b.hover(timeout=1000)
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.evaluate("window.__violations") == [], path  # nothing even tried to run
        assert page.locator("main script, main img, main iframe, main b").count() == 0, path
    assert page.dialogs == []


def test_phone_width_is_readable(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/?q=evacuated")
    claim_href = pg.locator("a.claim-link").first.get_attribute("href")
    for path, name in (("/", "phone-home"), (claim_href, "phone-claim"), ("/documents/flood-2", "phone-document"),
                       ("/conflicts", "phone-conflicts"), ("/timeline", "phone-timeline")):
        pg.goto(server + path)
        assert no_overflow(pg), f"{path} is wider than a phone"
        shot(pg, name)
    context.close()
