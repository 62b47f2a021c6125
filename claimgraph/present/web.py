"""The web pages: server-rendered with Jinja2 (autoescaping on: article text and metadata are hostile
input), readable without JavaScript; charts and graphs are SVG drawn on the server (``charts.py``).

Forms that write (ingest) need a session started with the access token (``/login``) and carry a CSRF
token that must match the ``cg_csrf`` cookie (double submit; cookies are SameSite=Strict) and come from
this origin.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.ingest import ids
from claimgraph.present import charts, views

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
STATUS_HELP = {
    "corroborated": "two or more independent origins, none against",
    "single-source": "one independent origin",
    "contested": "origins disagree",
    "denied": "only statements against it",
    "unattributed": "no source named",
}
PAGE = 50
MAX_JOBS_KEPT = 50
STATEMENTS_PAGE = 100  # statements listed on one claim page (the chart and tables show all)


def _q(value) -> str:
    return quote(str(value), safe="")


def _snippet(text: Optional[str]) -> Markup:
    """A search snippet with its «matches» marked; everything else escaped."""
    parts = re.split("[«»]", text or "")
    return Markup("").join(Markup("<mark>{}</mark>").format(p) if n % 2 else escape(p) for n, p in enumerate(parts))


def _sentence(st: dict) -> Markup:
    """A statement's sentence with its content span highlighted."""
    s0, s1 = st["sentence_span"]
    c0, c1 = max(st["content_span"][0], s0), min(st["content_span"][1], s1)
    text = st["sentence"]
    if not (s0 <= c0 < c1 <= s1):
        return escape(text)
    a, b = c0 - s0, c1 - s0
    return Markup("{}<mark class=\"evidence\">{}</mark>{}").format(text[:a], text[a:b], text[b:])


templates.env.filters["q"] = _q
templates.env.filters["snippet"] = _snippet
templates.env.filters["sentence"] = _sentence
templates.env.globals["evidence_url"] = charts.evidence_url
templates.env.globals["STATUS_HELP"] = STATUS_HELP


# -- sessions and CSRF ---------------------------------------------------------------------------------
SESSION, CSRF = "cg_session", "cg_csrf"


def _session_value(token: str) -> str:
    return hmac.new(token.encode(), b"claimgraph web session", hashlib.sha256).hexdigest()


def signed_in(request: Request) -> bool:
    have = request.cookies.get(SESSION, "")
    return bool(have) and secrets.compare_digest(have, _session_value(request.app.state.token))


def _csrf_token(request: Request) -> str:
    value = request.cookies.get(CSRF, "")
    return value if re.fullmatch(r"[A-Za-z0-9_\-]{20,100}", value) else ""


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page; pages with forms get a CSRF token (set as a cookie when the browser has none yet)."""
    token = _csrf_token(request) or secrets.token_urlsafe(24)
    response = templates.TemplateResponse(request, template, {"signed_in": signed_in(request), "csrf": token, **context},
                                          status_code=status_code)
    if token != request.cookies.get(CSRF):
        response.set_cookie(CSRF, token, httponly=True, samesite="strict", path="/")
    return response


def check_form(request: Request, csrf: str) -> None:
    """Refuse a form post that is not from this site: a missing or wrong CSRF token, or another Origin."""
    cookie = _csrf_token(request)
    if not cookie or not csrf or not secrets.compare_digest(cookie, csrf):
        raise HTTPException(403, "the form has expired or did not come from this site: reload it and try again")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise HTTPException(403, "cross-site form posts are refused")


def _local_path(value: Optional[str]) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


# -- ingest jobs (the form runs in the background; its page shows progress) -----------------------------
@dataclass
class Job:
    id: str
    started: float
    state: str = "queued"  # queued | reading | extracting | done | failed
    inputs: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    to_extract: int = 0
    extracted: int = 0
    statements: int = 0
    error: Optional[str] = None
    finished: Optional[float] = None

    @property
    def counts(self) -> dict:
        out = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for i in self.items:
            out[i["status"]] = out.get(i["status"], 0) + 1
        return out

    @property
    def done(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        steps = len(self.items) + self.to_extract
        return int(100 * (len(self.items) + self.extracted) / max(steps + 1, 1))


def _run_job(app: FastAPI, job: Job, parts: list[tuple], meta: dict, tmpdir: Optional[str]) -> None:
    writer = app.state.writer

    def on_item(result) -> None:
        job.items.append(result.as_dict())
        if result.status == "accepted":
            job.to_extract += 1

    def on_extracted(_doc_id: str, n: int) -> None:
        job.state = "extracting"
        job.extracted += 1
        job.statements += n

    try:
        job.state = "reading"
        for kind, value in parts:
            if kind == "text":
                writer.text(value, kind="paste", on_item=on_item, on_extracted=on_extracted, **meta)
            else:
                writer.inputs(value, on_item=on_item, on_extracted=on_extracted,
                              **{k: v for k, v in meta.items() if k in ("publisher", "published")},
                              **({"doc_id": meta.get("doc_id"), "title": meta.get("title")} if len(value) == 1 else {}))
        job.state = "done"
    except Exception as e:  # noqa: BLE001 - shown on the job's page
        job.state, job.error = "failed", f"{type(e).__name__}: {e}"
    finally:
        job.finished = time.time()
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


async def _save_upload(upload: UploadFile, folder: Path, max_bytes: int, n: int) -> Path:
    """Save an uploaded file under a safe name; at most max_bytes + 1 bytes, so that a larger file is
    rejected by the reader as too large (and journalled) instead of filling the disk."""
    name = Path(upload.filename or f"upload{n}").name
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    target = folder / f"{ids.from_stem(stem)[:100] or 'upload'}{suffix}"
    if target.exists():
        target = folder / f"{target.stem}_{n}{suffix}"
    size = 0
    with target.open("wb") as out:
        while size <= max_bytes:
            chunk = await upload.read(1 << 16)
            if not chunk:
                break
            out.write(chunk[: max_bytes + 1 - size])
            size += len(chunk)
    return target


# -- pages -----------------------------------------------------------------------------------------------
def install(app: FastAPI) -> None:
    def st(request: Request):
        return getattr(request.state, "store", None) or request.app.state.cg.store  # the request's snapshot

    def offset_of(request: Request) -> int:
        try:
            return max(0, min(int(request.query_params.get("offset", 0)), 10_000_000))
        except ValueError:
            return 0

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = "", status: str = ""):
        q = q[:500]
        store = st(request)
        status = status if status in STATUS_HELP else ""
        offset = offset_of(request)
        results = views.search(store, q, limit=20) if q.strip() else None
        listed = views.claims(store, status=status or None, limit=PAGE, offset=offset) if results is None else None
        return render(request, "home.html", q=q, current_status=status, results=results, listed=listed,
                      counts=store.table_counts(), statuses=list(STATUS_HELP),
                      sources=views.sources(store, limit=12)["items"] if results is None else [],
                      documents=views.documents(store, limit=12)["items"] if results is None else [])

    @app.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, claim_id: str):
        c = views.claim(st(request), claim_id)
        if c is None:
            return render(request, "missing.html", 404, what="claim", ident=claim_id)
        series = charts.quantity_series(c)
        offset = offset_of(request)
        shown = {"total": len(c["statements"]), "limit": STATEMENTS_PAGE, "offset": offset,
                 "items": c["statements"][offset:offset + STATEMENTS_PAGE]}
        return render(request, "claim.html", c=c, series=series, chart=charts.quantity_chart(series), shown=shown,
                      st_by_id={st["id"]: st for st in c["statements"]})

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request, name: str = "", kind: str = ""):
        listed = views.sources(st(request), name=name[:200] or None, kind=kind[:40] or None, limit=PAGE,
                               offset=offset_of(request))
        return render(request, "sources.html", listed=listed, name=name, kind=kind)

    @app.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, source_id: str):
        s = views.source(st(request), source_id)
        if s is None:
            return render(request, "missing.html", 404, what="source", ident=source_id)
        return render(request, "source.html", s=s, graph=charts.source_graph(s))

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request):
        listed = views.documents(st(request), limit=PAGE, offset=offset_of(request))
        return render(request, "documents.html", listed=listed)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        store = st(request)
        row = store.document_row(doc_id)
        if row is None:
            return render(request, "missing.html", 404, what="document", ident=doc_id)
        rows = store.statement_rows(doc_id)
        target = request.query_params.get("st")
        target_index = next((i for i, r in enumerate(rows) if r.id == target), None)
        names = {k: v.name for k, v in store.source_rows_by_id({r.source_id for r in rows if r.source_id}).items()}
        summaries = {c.id: c for c in store.claim_rows(ids=sorted({r.claim_id for r in rows if r.claim_id}))}
        return render(request, "document.html", d=row, rows=rows, names=names, summaries=summaries,
                      segments=views.marked_segments(row.text, rows), target=target_index)

    @app.get("/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def conflicts_page(request: Request, kind: str = ""):
        store = st(request)
        listed = views.conflicts(store, kind=kind[:20] or None, limit=PAGE, offset=offset_of(request))
        sids = {s for c in listed["items"] for s in c["statement_ids"]}
        rows = {r.id: r for r in store.statement_rows(statement_ids=sorted(sids))}
        names = {k: v.name for k, v in store.source_rows_by_id({r.source_id for r in rows.values() if r.source_id}).items()}
        claims = {c.id: c for c in store.claim_rows(ids=sorted({c["claim_ids"][0] for c in listed["items"] if c["claim_ids"]}))}
        return render(request, "conflicts.html", listed=listed, rows=rows, names=names, claims=claims, kind=kind)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, claim: str = "", about: str = ""):
        store = st(request)
        if claim:
            c = views.claim(store, claim[:200])
            if c is None:
                return render(request, "missing.html", 404, what="claim", ident=claim)
            series = charts.quantity_series(c)
            return render(request, "timeline_claim.html", c=c, chart=charts.quantity_chart(series))
        listed = views.claims(store, about=about[:500] or None, limit=500)
        events = sorted(listed["items"], key=lambda c: (c["first_reported"] or "9999", c["id"]))
        return render(request, "timeline.html", events=events, about=about, total=listed["total"])

    # -- sign-in and ingest ------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/ingest"):
        return render(request, "login.html", next=_local_path(next), error=None)

    @app.post("/login", include_in_schema=False)
    def login(request: Request, token: str = Form(""), csrf: str = Form(""), next: str = Form("/ingest")):
        check_form(request, csrf)
        if not secrets.compare_digest(token.strip().encode(), request.app.state.token.encode()):
            return render(request, "login.html", 401, next=_local_path(next), error="That is not the access token.")
        response = RedirectResponse(_local_path(next), status_code=303)
        response.set_cookie(SESSION, _session_value(request.app.state.token), httponly=True, samesite="strict", path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")):
        check_form(request, csrf)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION, path="/")
        return response

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request):
        if not signed_in(request):
            return RedirectResponse("/login?next=/ingest", status_code=303)
        jobs = sorted(request.app.state.jobs.values(), key=lambda j: -j.started)[:10]
        return render(request, "ingest.html", error=None, jobs=jobs, form={})

    @app.post("/ingest", include_in_schema=False)
    async def ingest_post(request: Request, csrf: str = Form(""), text: str = Form(""), url: str = Form(""),
                          doc_id: str = Form(""), title: str = Form(""), publisher: str = Form(""),
                          published: str = Form(""), files: list[UploadFile] = []):  # noqa: B006
        check_form(request, csrf)
        if not signed_in(request):
            raise HTTPException(401, "sign in with the access token first (/login)")
        files = [f for f in files if f.filename]
        form = {"text": text, "url": url, "doc_id": doc_id, "title": title, "publisher": publisher,
                "published": published}

        def again(message: str):
            return render(request, "ingest.html", 422, error=message, form=form, jobs=[])

        if not (text.strip() or url.strip() or files):
            return again("Paste a text, choose files or give a URL.")
        if url.strip() and not url.strip().lower().startswith(("http://", "https://")):
            return again("The URL must start with http:// or https://.")
        if published.strip():
            from claimgraph.ingest.metadata import normalize_published

            try:
                normalize_published(published)
            except ValueError as e:
                return again(f"Publication date: {e}")
        if len(text) > request.app.state.max_bytes:
            return again("The pasted text is over the size limit.")
        parts: list[tuple] = []
        if text.strip():
            parts.append(("text", text))
        tmpdir = None
        if files:
            tmpdir = tempfile.mkdtemp(prefix="claimgraph-upload-")
            saved = [str(await _save_upload(f, Path(tmpdir), request.app.state.max_bytes, n)) for n, f in enumerate(files)]
            parts.append(("inputs", saved))
        if url.strip():
            parts.append(("inputs", [url.strip()]))
        meta = {k: (v.strip() or None) for k, v in
                (("doc_id", doc_id), ("title", title), ("publisher", publisher), ("published", published))}
        job = Job(id=secrets.token_urlsafe(12), started=time.time(),
                  inputs=(["pasted text"] if text.strip() else []) + [f.filename for f in files] + ([url.strip()] if url.strip() else []))
        jobs = request.app.state.jobs
        for old in sorted((j for j in jobs.values() if j.done), key=lambda j: j.started)[:-MAX_JOBS_KEPT]:
            jobs.pop(old.id, None)  # keep the pages of the last finished runs only
        jobs[job.id] = job
        threading.Thread(target=_run_job, args=(request.app, job, parts, meta, tmpdir), daemon=True,
                         name=f"ingest-{job.id}").start()
        return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)

    @app.get("/ingest/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str):
        if not signed_in(request):
            return RedirectResponse(f"/login?next=/ingest/jobs/{_q(job_id)}", status_code=303)
        job = request.app.state.jobs.get(job_id)
        if job is None:
            return render(request, "missing.html", 404, what="ingest job", ident=job_id)
        return render(request, "job.html", job=job)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path in ("/openapi.json", "/docs"):
            from fastapi.exception_handlers import http_exception_handler

            return await http_exception_handler(request, exc)
        return render(request, "error.html", exc.status_code, message=str(exc.detail))
