"""The JSON API (FastAPI) under /api/, its OpenAPI document at /openapi.json and /docs, and the app factory
that also mounts the web pages (``present/web.py``). ``claimgraph serve`` runs it with uvicorn.

Reads are open to whoever can reach the server (it listens on 127.0.0.1 by default); writes need the
access token: ``Authorization: Bearer TOKEN`` for the API, a session started with the token for the forms.
"""
from __future__ import annotations

import secrets
import threading
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, model_validator

import claimgraph
from claimgraph import __version__
from claimgraph.ingest import ids
from claimgraph.ingest.inputs import DEFAULT_MAX_BYTES
from claimgraph.ingest.items import Item
from claimgraph.ingest.metadata import normalize_published
from claimgraph.model import SOURCE_KINDS, STANCES, Document
from claimgraph.pipeline import ACCEPTED, IngestReport
from claimgraph.present import views

HERE = Path(__file__).parent
STATUSES = ("corroborated", "single-source", "contested", "denied", "unattributed")
CONFLICT_KINDS = ("quantity", "denial", "polarity", "date", "place")
MAX_TEXT_CHARS = 2_000_000

# Content Security Policy: scripts and styles only from this server, nothing inline, no plugins, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")  # Swagger UI sets styles


# -- response models (the export's field names) --------------------------------------------------------
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class DocumentOut(_Open):
    id: str
    url: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    text_sha256: str
    duplicate_of: Optional[str] = None
    word_count: Optional[int] = None


class StatementOut(_Open):
    id: str
    document_id: str
    source_id: Optional[str] = None
    source_text: Optional[str] = None
    source_span: Optional[list[int]] = None
    cue: Optional[str] = None
    cue_span: Optional[list[int]] = None
    content: str
    content_span: list[int]
    direct_quote: bool
    stance: str
    negated: bool
    framing: Optional[str] = None
    said_on: Optional[dict[str, Any]] = None
    event_times: list[dict[str, Any]]
    based_on: list[str]
    quantities: list[dict[str, Any]]
    places: list[dict[str, Any]]
    claim_id: Optional[str] = None
    extractor: str


class DocumentDetail(DocumentOut):
    text: str
    author: Optional[str] = None
    statements: list[StatementOut]


class SourceOut(_Open):
    id: str
    name: str
    kind: str
    role: Optional[str] = None
    affiliation: Optional[str] = None
    country: Optional[str] = None
    aliases: list[str]
    statements: int
    documents: int


class SourceRef(_Open):
    id: str
    name: str


class SourceDetail(SourceOut):
    speaks_for: list[SourceRef]
    spoken_for_by: list[SourceRef]
    cites: list[SourceRef]
    cited_by: list[SourceRef]
    citing_statement_ids: list[str]
    statement_records: list[StatementOut]


class ClaimOut(_Open):
    id: str
    summary: str
    statement_ids: list[str]
    origin_source_ids: list[str]
    independent_origins: int
    first_reported: Optional[str] = None
    status: str


class ConflictOut(_Open):
    id: str
    kind: str
    statement_ids: list[str]
    claim_ids: list[Optional[str]]
    explanation: str


class ClaimDetail(ClaimOut):
    origins: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    conflicts: list[ConflictOut]
    timeline: dict[str, Any]


class TimelineOut(_Open):
    id: str
    summary: str
    status: str
    first_reported: Optional[str] = None
    origins: list[dict[str, Any]]
    outlets: list[dict[str, Any]]
    quantities: list[dict[str, Any]]


class _Page(BaseModel):
    total: int
    limit: int
    offset: int


class DocumentPage(_Page):
    items: list[DocumentOut]


class StatementPage(_Page):
    items: list[StatementOut]


class SourcePage(_Page):
    items: list[SourceOut]


class ClaimPage(_Page):
    items: list[ClaimOut]


class ConflictPage(_Page):
    items: list[ConflictOut]


class TimelinePage(_Page):
    items: list[TimelineOut]


class SearchOut(BaseModel):
    query: str
    claims: list[ClaimOut]
    sources: list[SourceOut]
    documents: list[dict[str, Any]]


class IngestRequest(BaseModel):
    """One article: its ``text`` (stored unchanged), or a ``url`` to fetch (a page or a feed)."""
    model_config = ConfigDict(extra="forbid")
    text: Optional[str] = Field(None, max_length=MAX_TEXT_CHARS)
    url: Optional[str] = Field(None, max_length=2000)
    id: Optional[str] = Field(None, min_length=1, max_length=200, pattern=r"\S")
    title: Optional[str] = Field(None, max_length=1000)
    publisher: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=100, description="publication date, any common form")

    @model_validator(mode="after")
    def _one_input(self):
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of text or url")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is empty")
        if self.url is not None and not self.url.strip().lower().startswith(("http://", "https://")):
            # never a path: the reader behind it would read files on the server
            raise ValueError("url must be an http:// or https:// URL")
        return self


class IngestItemOut(BaseModel):
    input: str
    kind: str
    status: str
    document_id: Optional[str] = None
    duplicate_of: Optional[str] = None
    reason: Optional[str] = None


class IngestOut(BaseModel):
    run_id: str
    accepted: int
    duplicates: int
    near_duplicates: int
    rejected: int
    statements: Optional[int] = None
    items: list[IngestItemOut]


class Problem(BaseModel):
    detail: Any


# -- ingest, shared by the API and the form -------------------------------------------------------------
class Writer:
    """Runs ingests one at a time over the app's store (a second waits for the first)."""

    def __init__(self, cg):
        self.cg = cg
        self.lock = threading.Lock()

    def text(self, text: str, *, doc_id=None, title=None, publisher=None, published=None, kind="api",
             on_item: Optional[Callable] = None, on_extracted: Optional[Callable] = None) -> IngestReport:
        """Store one pasted or posted text unchanged (offsets point into exactly it), then extract."""
        published = normalize_published(published) if published else None
        doc = Document(id=doc_id or f"{kind}_{ids.digest(text)}", text=text, title=title, publisher=publisher,
                       published=published, input_kind=kind, origin=kind)
        report = IngestReport(run_id=uuid.uuid4().hex)
        with self.lock:
            result = self.cg._ingest_item(Item(input=f"{kind}:{doc.id}", kind=kind, document=doc), report.run_id)
            report.items.append(result)
            if on_item:
                on_item(result)
            if result.status == ACCEPTED:
                report.extraction = self.cg.extract([result.document_id], on_document=on_extracted)
            views.invalidate(self.cg.store)
        return report

    def inputs(self, inputs: list[str], *, doc_id=None, title=None, publisher=None, published=None,
               on_item=None, on_extracted=None) -> IngestReport:
        """Files and URLs, read as the CLI reads them (URLs through the guarded fetcher)."""
        with self.lock:
            try:
                return self.cg.ingest(inputs, doc_id=doc_id, title=title, publisher=publisher, published=published,
                                      on_item=on_item, on_extracted=on_extracted)
            finally:
                views.invalidate(self.cg.store)


# -- dependencies ---------------------------------------------------------------------------------------
bearer = HTTPBearer(auto_error=False, description="The token `claimgraph serve` prints (or $CLAIMGRAPH_TOKEN).")


def store(request: Request):
    return getattr(request.state, "store", None) or request.app.state.cg.store  # the request's snapshot


def require_token(request: Request,
                  creds: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)] = None) -> None:
    if creds is None or not secrets.compare_digest(creds.credentials.encode(), request.app.state.token.encode()):
        raise HTTPException(401, "a valid access token is needed: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Text = Annotated[Optional[str], Query(max_length=500)]
NOT_FOUND = {404: {"model": Problem, "description": "no such object"}}

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/documents", response_model=DocumentPage, summary="Documents in ingest order")
def api_documents(st=Depends(store), publisher: Text = None, language: Text = None, limit: Limit = 50,
                  offset: Offset = 0):
    return views.documents(st, publisher=publisher, language=language, limit=limit, offset=offset)


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses=NOT_FOUND,
            summary="One document with its text and statements")
def api_document(doc_id: str, st=Depends(store)):
    doc = views.document(st, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return doc


@router.get("/statements", response_model=StatementPage, summary="Attributed statements in document order")
def api_statements(st=Depends(store), document_id: Text = None, source_id: Text = None, claim_id: Text = None,
                   stance: Optional[Literal[STANCES]] = None,
                   limit: Limit = 50, offset: Offset = 0):
    return views.statements(st, document_id=document_id, source_id=source_id, claim_id=claim_id, stance=stance,
                            limit=limit, offset=offset)


@router.get("/sources", response_model=SourcePage, summary="Canonical sources, most quoted first")
def api_sources(st=Depends(store), kind: Optional[Literal[SOURCE_KINDS]] = None,
                country: Annotated[Optional[str], Query(max_length=2)] = None,
                name: Text = None, limit: Limit = 50, offset: Offset = 0):
    return views.sources(st, kind=kind, country=country, name=name, limit=limit, offset=offset)


@router.get("/sources/{source_id}", response_model=SourceDetail, responses=NOT_FOUND,
            summary="One source: whom it speaks for, who cites it, what it said")
def api_source(source_id: str, st=Depends(store)):
    src = views.source(st, source_id)
    if src is None:
        raise HTTPException(404, f"no source with id {source_id!r}")
    return src


@router.get("/claims", response_model=ClaimPage, summary="Claims, most independent origins first")
def api_claims(st=Depends(store), status: Optional[Literal[STATUSES]] = None,
               about: Text = None, min_origins: Annotated[Optional[int], Query(ge=0, le=1_000_000)] = None,
               limit: Limit = 50, offset: Offset = 0):
    return views.claims(st, status=status, about=about, min_origins=min_origins, limit=limit, offset=offset)


@router.get("/claims/{claim_id}", response_model=ClaimDetail, responses=NOT_FOUND,
            summary="One claim: origins and their chains, statements with sentences, conflicts, timeline")
def api_claim(claim_id: str, st=Depends(store)):
    c = views.claim(st, claim_id)
    if c is None:
        raise HTTPException(404, f"no claim {claim_id!r}")
    return c


@router.get("/conflicts", response_model=ConflictPage, summary="Incompatible numbers, denials, opposite statements")
def api_conflicts(st=Depends(store), kind: Optional[Literal[CONFLICT_KINDS]] = None,
                  claim_id: Text = None, limit: Limit = 50, offset: Offset = 0):
    return views.conflicts(st, kind=kind, claim_id=claim_id, limit=limit, offset=offset)


@router.get("/timeline", response_model=TimelinePage,
            summary="When each origin first said a claim, who repeated it, how its numbers moved")
def api_timeline(st=Depends(store), claim: Text = None, about: Text = None,
                 limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    return views.timelines(st, claim_id=claim, about=about, limit=limit, offset=offset)


@router.get("/search", response_model=SearchOut, summary="Claims, sources and documents matching every word")
def api_search(q: Annotated[str, Query(max_length=500)], st=Depends(store),
               limit: Annotated[int, Query(ge=1, le=100)] = 20):
    return views.search(st, q, limit)


@router.post("/ingest", response_model=IngestOut, dependencies=[Depends(require_token)],
             responses={401: {"model": Problem, "description": "no or wrong token"},
                        422: {"description": "invalid request, or nothing could be read (the report says why)"}},
             summary="Ingest one text or URL (needs the token), extract and fuse it")
def api_ingest(body: IngestRequest, request: Request):
    writer: Writer = request.app.state.writer
    try:
        if body.text is not None:
            report = writer.text(body.text, doc_id=body.id, title=body.title, publisher=body.publisher,
                                 published=body.published)
        else:
            report = writer.inputs([body.url.strip()], doc_id=body.id, title=body.title, publisher=body.publisher,
                                   published=body.published)
    except ValueError as e:  # a bad publication date
        raise HTTPException(422, f"published: {e}")
    out = report.as_dict()
    if report.accepted + report.duplicates == 0:
        return JSONResponse(out, status_code=422)
    return out


# -- the app --------------------------------------------------------------------------------------------
def create_app(db: Optional[str] = None, *, token: Optional[str] = None, allow_private_urls: bool = False,
               max_bytes: int = DEFAULT_MAX_BYTES) -> FastAPI:
    """The web app over the store ``db``. ``token`` guards writes (a random one when not given: read it
    from ``app.state.token``)."""
    cg = claimgraph.open(db, allow_private_urls=allow_private_urls, max_bytes=max_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        cg.close()

    app = FastAPI(title="claimgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who claims what, since when, on whose authority: documents, statements, sources, "
                              "claims, conflicts and timelines, with the field names of claimgraph-export/1.")
    app.state.cg = cg
    app.state.token = token or secrets.token_urlsafe(24)
    app.state.writer = Writer(cg)
    app.state.jobs = {}
    app.state.max_bytes = max_bytes

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP_DOCS if request.url.path == "/docs" else CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.middleware("http")
    async def consistent_reads(request: Request, call_next):
        """All reads of one GET request see the store at one moment (Store.snapshot): an answer never mixes
        a claim from before another process's write with its statements from after it."""
        if request.method not in ("GET", "HEAD") or request.url.path.startswith("/static"):
            return await call_next(request)
        snapshot = cg.store.snapshot()
        request.state.store = await run_in_threadpool(snapshot.__enter__)
        try:
            return await call_next(request)
        finally:
            await run_in_threadpool(snapshot.__exit__, None, None, None)

    app.include_router(router)
    try:  # Swagger UI from its PyPI package (swagger-ui-bundle-v2), served from here: no CDN
        import swagger_ui_bundle

        app.mount("/static/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
        have_swagger = True
    except ImportError:  # pragma: no cover - the package is a dependency
        have_swagger = False
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs():
        if not have_swagger:
            return HTMLResponse('<p>The API is described in <a href="/openapi.json">/openapi.json</a>.</p>')
        return HTMLResponse(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>claimgraph API</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head><body><div id="swagger-ui"></div>'
            '<script src="/static/swagger/swagger-ui-bundle.js"></script>'
            '<script src="/static/swagger-init.js"></script></body></html>')

    from claimgraph.present import web

    web.install(app)
    return app
