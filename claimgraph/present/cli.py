"""The `claimgraph` command line (Typer + rich)."""
from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.progress import (
    BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from claimgraph import __version__
from claimgraph.fuse.sources import KnownSourcesError, name_key
from claimgraph.ingest.dedup import DEFAULT_THRESHOLD
from claimgraph.ingest.inputs import DEFAULT_MAX_BYTES
from claimgraph.store.db import StoreError

app = typer.Typer(
    name="claimgraph", no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
    help="Turn news articles into an auditable graph of who claims what, since when, on whose authority.",
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages stay one line each, for logs and grep

DbOption = Annotated[Optional[str], typer.Option(
    "--db", envvar="CLAIMGRAPH_DB", show_envvar=True,
    help="SQLite file path or SQLAlchemy URL (postgresql://...). Default: ./claimgraph.db")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
MaxSecondsOption = Annotated[Optional[float], typer.Option(
    "--max-seconds", envvar="CLAIMGRAPH_MAX_SECONDS", show_envvar=True, min=0.0,
    help="Time limit of one document's extraction; a document over it is rejected (0: no limit). Default: 120")]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3


def _version(value: bool) -> None:
    if value:
        out.print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """claimgraph: who claims what, since when, on whose authority, and where reports disagree."""


@contextmanager
def opened(db: Optional[str], **options) -> Iterator:
    """Open the store, turning a store problem into one clear line and exit code 1."""
    import claimgraph

    try:
        cg = claimgraph.open(db, **options)
    except (StoreError, KnownSourcesError) as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_FAILED)
    try:
        yield cg
    finally:
        cg.close()


def highlighted(snippet: str) -> Text:
    """A search snippet with its «matches» in bold."""
    text = Text()
    for n, part in enumerate(re.split("[«»]", snippet)):
        text.append(part, style="bold yellow" if n % 2 else None)
    return text


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .xml/.rss/.atom feeds, .jsonl), directories, http(s) URLs, or - for stdin.",
        show_default=False)],
    db: DbOption = None,
    doc_id: Annotated[Optional[str], typer.Option("--id", help="Document id, for an input that is one document.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title, for an input that is one document.")] = None,
    publisher: Annotated[Optional[str], typer.Option(help="Publisher of every document read.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date of every document read (any common form).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Reject texts (and JSONL lines) larger than this.", min=1)] = DEFAULT_MAX_BYTES,
    near_duplicate_threshold: Annotated[float, typer.Option(
        help="Estimated Jaccard similarity from which a text is marked a near-duplicate.", min=0.0, max=1.0)] = DEFAULT_THRESHOLD,
    allow_private_urls: Annotated[bool, typer.Option(help="Allow URLs on loopback, private and link-local addresses.")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Only store the documents; run `claimgraph extract` later.")] = False,
    max_seconds: MaxSecondsOption = None,
    fetch_timeout: Annotated[float, typer.Option(help="Seconds a URL may take to answer.", min=0.1)] = 20.0,
    as_json: JsonOption = False,
) -> None:
    """Read articles into the store: every input item is journalled as accepted, duplicate or rejected.

    Exit code 0 when at least one document was read (new or duplicate), 1 when nothing could be read,
    2 for usage errors.
    """
    single = len(inputs) == 1 and not Path(inputs[0]).is_dir()
    if (doc_id or title) and not single:
        err.print("[red]usage error:[/] --id and --title need exactly one input that is a single document")
        raise typer.Exit(EXIT_USAGE)
    if doc_id is not None and not doc_id.strip():
        err.print("[red]usage error:[/] --id must not be empty")
        raise typer.Exit(EXIT_USAGE)
    with opened(db, max_bytes=max_bytes, near_duplicate_threshold=near_duplicate_threshold,
                allow_private_urls=allow_private_urls, max_seconds=max_seconds, fetch_timeout=fetch_timeout) as cg:
        progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(bar_width=None),
                            TextColumn("{task.completed} items · {task.fields[status]}"), TimeElapsedColumn(),
                            console=err, transient=True, disable=as_json or not err.is_terminal)
        with progress:
            task = progress.add_task("ingest", total=None, status="")

            def on_item(result) -> None:
                progress.update(task, advance=1, status=escape(result.input[-60:]))
                if result.status == "rejected" and not as_json:
                    err.print(f"[yellow]rejected[/] {escape(result.input)}: {escape(result.reason or '')}")

            def on_extracted(_doc_id: str, _n: int) -> None:
                progress.update(task, status="extracting statements")

            try:
                report = cg.ingest(inputs, doc_id=doc_id, title=title, publisher=publisher,
                                   published=published, extract=not no_extract, on_item=on_item,
                                   on_extracted=on_extracted)
            except ValueError as e:  # a bad --published
                err.print(f"[red]usage error:[/] --published: {escape(str(e))}")
                raise typer.Exit(EXIT_USAGE)
    if as_json:
        print_json(report.as_dict())
    else:
        near = f" ({report.near_duplicates} near-duplicates marked)" if report.near_duplicates else ""
        err.print(f"[green]{report.accepted} accepted[/]{near} · {report.duplicates} duplicates · "
                  f"[{'red' if report.rejected else 'dim'}]{report.rejected} rejected[/]"
                  + (f" · {report.extraction.statements} statements extracted" if report.extraction else ""))
        if report.extraction:
            print_extraction_problems(report.extraction)
        err.print(f"[dim]details: claimgraph journal --run {report.run_id}[/]")
    if report.accepted + report.duplicates == 0:
        raise typer.Exit(EXIT_FAILED)


def print_extraction_problems(report) -> None:
    for doc_id, why in report.failed.items():
        err.print(f"[red]extraction failed[/] for {escape(doc_id)}: {escape(why)}")
    for doc_id, why in report.skipped.items():
        err.print(f"[yellow]not extracted[/] {escape(doc_id)}: {escape(why)}")
    for doc_id, why in getattr(report, "timed_out", {}).items():
        err.print(f"[red]not extracted[/] {escape(doc_id)}: {escape(why)}")


@app.command()
def extract(
    doc_ids: Annotated[Optional[list[str]], typer.Argument(help="Documents to (re-)extract.", show_default=False)] = None,
    db: DbOption = None,
    all_documents: Annotated[bool, typer.Option("--all", help="Re-extract every document.")] = False,
    max_seconds: MaxSecondsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Extract attributed statements again: the given documents, every document with --all, else those
    not yet extracted by this version of the extractor (e.g. after an upgrade)."""
    if doc_ids and all_documents:
        err.print("[red]usage error:[/] give document ids or --all, not both")
        raise typer.Exit(EXIT_USAGE)
    with opened(db, max_seconds=max_seconds) as cg:
        if doc_ids:
            missing = [d for d in doc_ids if cg.document(d) is None]
            if missing:
                err.print(f"[red]error:[/] no document with id {', '.join(map(repr, missing))}")
                raise typer.Exit(EXIT_NOT_FOUND)
            todo = doc_ids
        else:
            from claimgraph.extract import EXTRACTOR_VERSION

            todo = cg.store.document_ids_to_extract(EXTRACTOR_VERSION, everything=all_documents)
        progress = Progress(SpinnerColumn(), TextColumn("[bold]extract[/]"), BarColumn(bar_width=None),
                            TextColumn("{task.completed}/{task.total} documents"), TimeRemainingColumn(),
                            console=err, transient=True, disable=as_json or not err.is_terminal)
        with progress:
            task = progress.add_task("extract", total=len(todo))
            report = cg.extract(todo, on_document=lambda _d, _n: progress.advance(task))
    if as_json:
        print_json(report.as_dict())
    else:
        err.print(f"{report.documents} documents extracted with {report.extractor}: {report.statements} statements")
        print_extraction_problems(report)
    if (report.failed or report.timed_out) and not report.documents:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def statements(
    doc_id: Annotated[Optional[str], typer.Argument(help="Only this document's statements.", show_default=False)] = None,
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option(help="Only statements of this source (name, alias or id).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List attributed statements: who said what, with cue, stance and spans."""
    from claimgraph.present.export import statement_record

    with opened(db) as cg:
        if doc_id and cg.document(doc_id) is None:
            err.print(f"[red]error:[/] no document with id {escape(doc_id)!r}")
            raise typer.Exit(EXIT_NOT_FOUND)
        rows = cg.store.statement_rows(doc_id, source_ids=cg.source_ids_matching(source) if source else None)
        names = {s["id"]: s["name"] for s in cg.sources()}
    records = [statement_record(r) for r in rows]
    if as_json:
        print_json(records)
        return
    for r in records:
        src = names.get(r["source_id"], "") if r["source_id"] else ""
        written = r["source_text"] or ""
        who = escape(written or src or "(no source)")
        if src and name_key(src) not in name_key(written):
            who += f" [dim]→ {escape(src)}[/]"
        flags = [r["stance"]] + (["negated"] if r["negated"] else []) + ([f"framed: {r['framing']}"] if r["framing"] else [])
        based = ", ".join(names.get(b, b) for b in r["based_on"])
        out.print(f"[dim]{escape(r['id'])}[/] [bold cyan]{who}[/] · [magenta]{escape(r['cue'] or '-')}[/] · "
                  f"{' '.join(flags)}" + (f" · based on {escape(based)}" if based else ""))
        content = ("“" + r["content"] + "”") if r["direct_quote"] else r["content"]
        out.print(Padding(Text(content), (0, 0, 0, 4)))
    out.print(f"[dim]{len(records)} statements[/]")


@app.command("sources")
def sources_cmd(
    db: DbOption = None,
    kind: Annotated[Optional[str], typer.Option(help="Only sources of this kind (person, government, ...).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many.", min=1)] = None,
    as_json: JsonOption = False,
) -> None:
    """List canonical sources with their kind, affiliation, country and number of statements and documents."""
    with opened(db) as cg:
        every = cg.sources()
    rows = [s for s in every if kind is None or s["kind"] == kind][:limit]
    names = {s["id"]: s["name"] for s in every}
    if as_json:
        print_json(rows)
        return
    table = Table(box=None)
    for col, opts in (("source", {"overflow": "fold", "ratio": 2}), ("kind", {"no_wrap": True}),
                      ("speaks for", {"overflow": "fold", "ratio": 1}), ("country", {"no_wrap": True}),
                      ("statements", {"justify": "right"}), ("documents", {"justify": "right"})):
        table.add_column(col, **opts)
    for s in rows:
        table.add_row(escape(s["name"]), s["kind"], escape(names.get(s["affiliation"], "") if s["affiliation"] else ""),
                      s["country"] or "", str(s["statements"]), str(s["documents"]))
    out.print(table)
    out.print(f"[dim]{len(rows)} sources[/]")


@app.command("source")
def source_cmd(
    name: Annotated[str, typer.Argument(help="A source's name, alias or id.", show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one source: its kind, role, whom it speaks for, its spellings and its statements."""
    from claimgraph.present.export import statement_record

    with opened(db) as cg:
        ids = cg.source_ids_matching(name)
        if not ids:
            err.print(f"[red]error:[/] no source called {escape(name)!r} (see claimgraph sources)")
            raise typer.Exit(EXIT_NOT_FOUND)
        every = {s["id"]: s for s in cg.sources()}
        shown = []
        for sid in ids:
            src = every[sid]
            chain, at = [], src.get("affiliation")
            while at and at in every and at not in chain:
                chain.append(at)
                at = every[at].get("affiliation")
            said = [statement_record(r) for r in cg.store.statement_rows(source_id=sid)]
            shown.append({**src, "speaks_for": [every[c]["name"] for c in chain], "statement_records": said})
    if as_json:
        print_json(shown)
        return
    for src in shown:
        out.print(f"[bold]{escape(src['name'])}[/] [dim]{src['id']}[/]")
        out.print(f"  kind {src['kind']}" + (f" · role {escape(src['role'])}" if src["role"] else "")
                  + (f" · country {src['country']}" if src["country"] else ""))
        if src["speaks_for"]:
            out.print("  speaks for " + " → ".join(escape(n) for n in src["speaks_for"]))
        out.print("  spellings: " + "; ".join(escape(a) for a in src["aliases"]))
        out.print(f"  {src['statements']} statements in {src['documents']} documents")
        for r in src["statement_records"][:50]:
            out.print(Padding(Text(f"{r['document_id']}: {r['cue'] or ''} {r['content']}"), (0, 0, 0, 4)))


@app.command()
def documents(
    db: DbOption = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many.", min=1)] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.", min=0)] = 0,
    as_json: JsonOption = False,
) -> None:
    """List the documents in the store, in ingest order."""
    with opened(db) as cg:
        rows = cg.documents(limit=limit, offset=offset)
    if as_json:
        print_json([{k: v for k, v in r.items() if k != "seq"} for r in rows])
        return
    table = Table(box=None)
    table.add_column("id", no_wrap=True, min_width=min(60, max((len(r["id"]) for r in rows), default=2)))
    table.add_column("title", ratio=1, overflow="ellipsis", no_wrap=True, min_width=12)
    for name in ("publisher", "published", "lang", "words"):
        table.add_column(name, no_wrap=True, overflow="ellipsis")
    table.add_column("duplicate of", overflow="fold")
    for r in rows:
        table.add_row(escape(r["id"]), escape((r["title"] or "")[:60]), escape(r["publisher"] or ""),
                      r["published"] or "", r["language"] or "", str(r["word_count"] or 0),
                      escape(r["duplicate_of"] or ""))
    out.print(table)
    out.print(f"[dim]{len(rows)} documents[/]")


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="The document's id.", show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one document: its metadata and its text with every attribution marked
    ([bold cyan]source[/], [bold magenta]cue[/], [green]content[/])."""
    with opened(db) as cg:
        doc = cg.document(doc_id)
        rows = cg.store.statement_rows(doc_id) if doc is not None else []
    if doc is None:
        err.print(f"[red]error:[/] no document with id {escape(doc_id)!r}")
        raise typer.Exit(EXIT_NOT_FOUND)
    if as_json:
        from claimgraph.present.export import statement_record

        print_json({**doc.__dict__, "statements": [statement_record(r) for r in rows]})
        return
    body = Text(doc.text)
    for r in rows:  # content first, so that source and cue marks inside a content stay visible
        body.stylize("green", r.content_start, r.content_end)
    for r in rows:
        if r.source_start is not None:
            body.stylize("bold cyan", r.source_start, r.source_end)
        if r.cue_start is not None:
            body.stylize("bold magenta", r.cue_start, r.cue_end)
    meta = " · ".join(escape(str(x)) for x in (doc.publisher, doc.published, doc.language, doc.url) if x)
    out.print(Panel(body, title=escape(doc.title or doc.id), subtitle=meta or None, expand=False))
    out.print(f"[dim]{len(rows)} statements · [bold cyan]source[/] [bold magenta]cue[/] [green]content[/] · "
              f"claimgraph statements {escape(doc.id)}[/]")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.", show_default=False)],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many results.", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over documents, best match first, with snippets."""
    with opened(db) as cg:
        hits = cg.search(query, limit=limit)
    if as_json:
        print_json(hits)
        return
    for h in hits:
        out.print(f"[bold]{escape(h['id'])}[/] {escape(h['title'] or '')} [dim]{escape(h['publisher'] or '')} "
                  f"{h['published'] or ''}[/]")
        out.print(Text("  ").append(highlighted(h["snippet"] or "")))
    if not hits:
        err.print("no matches")


@app.command("journal")
def journal_cmd(
    db: DbOption = None,
    run: Annotated[Optional[str], typer.Option(help="Only this run (the id ingest prints), or 'last'.")] = None,
    status: Annotated[Optional[str], typer.Option(help="Only accepted, duplicate, rejected, skipped (records of a WARC "
                                                       "that are not pages) or failed (batch extraction).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Only the newest N rows.", min=1)] = None,
    as_json: JsonOption = False,
) -> None:
    """What happened to every input item: accepted, duplicate or rejected, and why."""
    if status and status not in ("accepted", "duplicate", "rejected", "skipped", "failed"):
        err.print("[red]usage error:[/] --status must be accepted, duplicate, rejected, skipped or failed")
        raise typer.Exit(EXIT_USAGE)
    with opened(db) as cg:
        rows = cg.journal(run_id=None if run == "last" else run, last_run=run == "last", status=status, limit=limit)
    if as_json:
        print_json(rows)
        return
    colour = {"accepted": "green", "duplicate": "cyan", "rejected": "red", "skipped": "dim", "failed": "red"}
    table = Table(box=None)
    table.add_column("when", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("input", overflow="fold")
    table.add_column("document", overflow="fold")
    table.add_column("reason", overflow="fold", ratio=1)
    for r in rows:
        table.add_row(r["at"].strftime("%Y-%m-%d %H:%M:%S") if r["at"] else "",
                      f"[{colour.get(r['status'], 'white')}]{r['status']}[/]", escape(r["input"]),
                      escape(r["document_id"] or ""), escape(r["reason"] or ""))
    out.print(table)


STATUS_STYLE = {"corroborated": "green", "single-source": "yellow", "contested": "red", "denied": "magenta",
                "unattributed": "dim"}
STATUSES = tuple(STATUS_STYLE)


@app.command("claims")
def claims_cmd(
    db: DbOption = None,
    about: Annotated[Optional[str], typer.Option(help="Only claims whose words include all of these.")] = None,
    status: Annotated[Optional[str], typer.Option(help="Only claims with this status: " + ", ".join(STATUSES))] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many.", min=1)] = None,
    as_json: JsonOption = False,
) -> None:
    """List claims fused across documents, most independent origins first."""
    if status and status not in STATUSES:
        err.print(f"[red]usage error:[/] --status must be one of {', '.join(STATUSES)}")
        raise typer.Exit(EXIT_USAGE)
    with opened(db) as cg:
        rows = cg.claims(about=about, status=status)[:limit]
    if as_json:
        print_json(rows)
        return
    for c in rows:
        style = STATUS_STYLE[c["status"]]
        out.print(f"[dim]{c['id']}[/] [{style}]{c['status']}[/] · {c['independent_origins']} origins · "
                  f"{len(c['statement_ids'])} statements · first {c['first_reported'] or '?'}")
        out.print(Padding(Text(c["summary"]), (0, 0, 0, 4)))
    out.print(f"[dim]{len(rows)} claims[/]")


@app.command("claim")
def claim_cmd(
    claim_id: Annotated[str, typer.Argument(help="The claim's id (see claimgraph claims).", show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One claim: summary, status, independent origins and their chains, every statement with its sentence,
    document and date, conflicts."""
    with opened(db) as cg:
        claim = cg.claim(claim_id)
    if claim is None:
        err.print(f"[red]error:[/] no claim {escape(claim_id)!r} (see claimgraph claims)")
        raise typer.Exit(EXIT_NOT_FOUND)
    if as_json:
        print_json(claim)
        return
    style = STATUS_STYLE[claim["status"]]
    out.print(Panel(Text(claim["summary"]), title=f"[{style}]{claim['status']}[/]", subtitle=claim["id"], expand=False))
    out.print(f"[bold]{claim['independent_origins']} independent origins[/]")
    for o in claim["origins"]:
        out.print(f"  • {escape(o['name'])}")
        for chain in o["chain"]:
            out.print(f"      {escape(' → '.join(chain))}")
    out.print(f"[bold]{len(claim['statements'])} statements[/]")
    for st in claim["statements"]:
        flags = st["stance"] + (" negated" if st["negated"] else "")
        out.print(f"  [dim]{st['date'] or 'undated'}[/] [cyan]{escape(st['source'] or st['source_text'] or '(no source)')}[/]"
                  f" · {escape(st['cue'] or '')} · {flags} · [dim]{escape(st['document_id'])}"
                  f"{' · ' + escape(st['publisher']) if st['publisher'] else ''}[/]")
        out.print(Padding(Text(st["sentence"]), (0, 0, 0, 6)))
    if claim["conflicts"]:
        out.print(f"[bold red]{len(claim['conflicts'])} conflicts[/]")
        for c in claim["conflicts"]:
            out.print(f"  [red]{c['kind']}[/] {escape(c['explanation'])}")


@app.command("conflicts")
def conflicts_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every conflict: incompatible numbers, denials and opposite statements, with both sides in time order."""
    with opened(db) as cg:
        rows = cg.conflicts()
        summaries = {c["id"]: c["summary"] for c in cg.claims()}
    if as_json:
        print_json(rows)
        return
    for c in rows:
        claim = c["claim_ids"][0] if c["claim_ids"] else None
        out.print(f"[red]{c['kind']}[/] [dim]{c['id']} in {claim}[/]")
        if claim:
            out.print(Padding(Text(summaries.get(claim, ""), style="bold"), (0, 0, 0, 4)))
        out.print(Padding(Text(c["explanation"]), (0, 0, 0, 4)))
    out.print(f"[dim]{len(rows)} conflicts[/]")


@app.command("timeline")
def timeline_cmd(
    db: DbOption = None,
    claim: Annotated[Optional[str], typer.Option("--claim", help="The claim's id.")] = None,
    about: Annotated[Optional[str], typer.Option(help="Every claim about these words.")] = None,
    as_json: JsonOption = False,
) -> None:
    """When each origin first said a claim, when each outlet repeated it, and how its numbers moved."""
    if not claim and not about:
        err.print("[red]usage error:[/] give --claim ID or --about WORDS")
        raise typer.Exit(EXIT_USAGE)
    with opened(db) as cg:
        ids = [claim] if claim else [c["id"] for c in cg.claims(about=about)]
        found = [c for c in (cg.claim(i) for i in ids) if c is not None]
    if claim and not found:
        err.print(f"[red]error:[/] no claim {escape(claim)!r}")
        raise typer.Exit(EXIT_NOT_FOUND)
    if as_json:
        print_json([{"id": c["id"], "summary": c["summary"], **c["timeline"]} for c in found])
        return
    for c in found:
        t = c["timeline"]
        out.print(f"[bold]{escape(c['summary'])}[/] [dim]{c['id']}[/]")
        for o in t["origins"]:
            out.print(f"  {o['first_said'] or 'undated'}  first said by [cyan]{escape(o['name'])}[/] "
                      f"({o['statements']} statements)")
        for r in t["outlets"]:
            out.print(f"  {r['first'] or 'undated'}  reported by {escape(r['outlet'])} "
                      f"({len(r['documents'])} documents)")
        for q in t["quantities"]:
            out.print(f"  {q['date'] or 'undated'}  [yellow]{escape(q['text'] or '')}[/] {escape(q['unit'] or '')} "
                      f"— {escape(q['source'] or '')}")


@app.command()
def fuse(
    db: DbOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute every source and claim from scratch.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fuse statements into claims (ingest does this as it goes; --rebuild recomputes everything)."""
    with opened(db) as cg:
        report = cg.fuse(rebuild=rebuild)
    if as_json:
        print_json(report)
    else:
        err.print(f"{report['claims_written']} claims written from {report['statements']} statements, "
                  f"{report['conflicts']} conflicts" + (" (full rebuild)" if report["rebuilt"] else ""))


@app.command()
def annotate(
    input: Annotated[Path, typer.Argument(help="JSONL with id, text and optional published, one document a line.",
                                          show_default=False)],
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL to write, or - for stdout.")] = "-",
    workers: Annotated[int, typer.Option(help="Processes for parsing.", min=1)] = 1,
) -> None:
    """Write every time expression, quantity and place found in each document (no store involved):
    to check the normalisers, and for the scorers in ../shared/eval."""
    from claimgraph.extract import annotate_documents
    from claimgraph.ingest.jsonl import read_jsonl

    if not input.is_file():
        err.print(f"[red]error:[/] {escape(str(input))}: no such file")
        raise typer.Exit(EXIT_FAILED)
    docs, bad = [], 0
    with input.open("rb") as stream:
        for item in read_jsonl(stream, input=str(input), max_bytes=DEFAULT_MAX_BYTES * 4):
            if item.document is None:
                bad += 1
                err.print(f"[yellow]skipped[/] {escape(item.input)}: {escape(item.reason or '')}")
            else:
                docs.append((item.document.id, item.document.text, item.document.published))
    sink = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
    try:
        with Progress(SpinnerColumn(), TextColumn("[bold]annotate[/]"), BarColumn(bar_width=None),
                      TextColumn("{task.completed}/{task.total}"), TimeRemainingColumn(), console=err,
                      transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("annotate", total=len(docs))
            for doc_id, times, quantities, places in annotate_documents(docs, n_process=workers):
                record = {
                    "id": doc_id,
                    "times": [{"span": list(t.span), "text": t.text, "type": t.type, "value": t.value,
                               "granularity": t.granularity} for t in times],
                    "quantities": [q.as_record() for q in quantities],
                    "places": [p.as_record() for p in places],
                }
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                progress.advance(task)
    finally:
        if sink is not sys.stdout:
            sink.close()
    err.print(f"annotated {len(docs)} documents" + (f", skipped {bad} bad lines" if bad else ""))
    if not docs:
        raise typer.Exit(EXIT_FAILED)


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    prov_json = "prov-json"
    prov_ttl = "prov-ttl"
    graphml = "graphml"
    gexf = "gexf"


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    output: Annotated[str, typer.Option("--output", "-o", help=(
        "File to write, or - for stdout (json, jsonl, prov-json, prov-ttl). csv and parquet write one file "
        "per table into this directory (created if missing); jsonl does too when it is a directory."))] = "-",
) -> None:
    """Write the whole store: claimgraph-export/1 JSON, JSONL, CSV or Parquet tables, W3C PROV
    (PROV-JSON, Turtle), or the source/claim graph for Gephi (GraphML, GEXF)."""
    from claimgraph.present.formats import STREAMABLE, ExportError, export_text, write_export

    fmt = format.value
    if output == "-" and fmt not in STREAMABLE:
        err.print(f"[red]usage error:[/] --format {fmt} writes files: give --output PATH")
        raise typer.Exit(EXIT_USAGE)
    with opened(db) as cg:
        data = cg.export()
    if output == "-":
        if fmt == "json":
            print_json(data)
        else:
            sys.stdout.write(export_text(data, fmt))
        return
    try:
        written = write_export(data, fmt, output)
    except ExportError as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_FAILED)
    except OSError as e:
        err.print(f"[red]error:[/] cannot write {escape(output)}: {escape(e.strerror or str(e))}")
        raise typer.Exit(EXIT_FAILED)
    where = escape(output) if len(written) == 1 else f"{len(written)} files in {escape(output)}"
    err.print(f"wrote {where}: {len(data['documents'])} documents, {len(data['statements'])} statements")


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


@app.command()
def report(
    db: DbOption = None,
    about: Annotated[Optional[str], typer.Option(help="Only claims whose words include all of these.")] = None,
    claim: Annotated[Optional[list[str]], typer.Option("--claim", help="A claim's id (repeat for several).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only claims with a statement on or after this date (any common form).")] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md (charts as SVG files beside it), html (self-contained) or pdf.")] = ReportFormat.html,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.", show_default=False)] = ...,  # type: ignore[assignment]
    limit: Annotated[int, typer.Option(help="At most this many claims (not with --claim).", min=1)] = 12,
    title: Annotated[Optional[str], typer.Option(help="The briefing's title.")] = None,
) -> None:
    """Write a briefing: key claims ordered by independent origins and recency, each with its status in
    words, numbers over time as charts, conflicts with both sides and dates, a table of sources, and
    numbered endnotes giving the statement, document, publisher, date and URL every sentence rests on.

    Exit code 0 when written, 1 when it cannot be written, 2 for usage errors, 3 when no claim matches.
    """
    from claimgraph.ingest.metadata import normalize_published
    from claimgraph.present import report as briefing

    if about and claim:
        err.print("[red]usage error:[/] give --about WORDS or --claim ID, not both")
        raise typer.Exit(EXIT_USAGE)
    if since:
        try:
            since = normalize_published(since)[:10]
        except ValueError as e:
            err.print(f"[red]usage error:[/] --since {escape(since)!r}: {escape(str(e))}")
            raise typer.Exit(EXIT_USAGE)
    if output.is_dir() or not output.parent.is_dir():
        why = "is a directory: give a file name" if output.is_dir() else f"folder {output.parent} does not exist"
        err.print(f"[red]error:[/] cannot write {escape(str(output))}: {escape(why)}")
        raise typer.Exit(EXIT_FAILED)
    with opened(db) as cg:
        progress = Progress(SpinnerColumn(), TextColumn("[bold]report[/]"), BarColumn(bar_width=None),
                            TextColumn("{task.completed} claims · {task.fields[step]}"), TimeElapsedColumn(),
                            console=err, transient=True, disable=not err.is_terminal)
        try:
            with progress:
                task = progress.add_task("report", total=None, step="reading claims")
                made = briefing.build(cg, about=about, claim_ids=claim or None, since=since, limit=limit, title=title,
                                      on_claim=lambda _c: progress.advance(task))
                progress.update(task, step=f"writing {format.value}")
                written = briefing.write(made, format.value, output)
        except briefing.ReportError as e:
            err.print(f"[red]error:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_NOT_FOUND if str(e).startswith("no ") else EXIT_FAILED)
        except OSError as e:
            err.print(f"[red]error:[/] cannot write {escape(str(output))}: {escape(e.strerror or str(e))}")
            raise typer.Exit(EXIT_FAILED)
    extra = f" (charts in {escape(str(written[1].parent))})" if len(written) > 1 else ""
    err.print(f"wrote {escape(str(output))}{extra}: {len(made.claims)} claims, {len(made.conflicts)} conflicts, "
              f"{len(made.notes)} notes")


EXIT_NOT_EMPTY = 4


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A claimgraph-export/1 JSON file (claimgraph export --format json).",
                                         show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a claimgraph-export/1 file back into an [bold]empty[/] store: documents, sources, statements,
    claims and conflicts as they were, so reports and exports can be made elsewhere (export -> import ->
    export gives the same file).

    Exit code 0 on success, 1 when the file cannot be imported (the reasons are listed), 4 when the store
    is not empty.
    """
    from claimgraph.ingest.export_import import ImportFailed, import_export

    if not file.is_file():
        err.print(f"[red]error:[/] {escape(str(file))}: no such file")
        raise typer.Exit(EXIT_FAILED)
    with opened(db) as cg:
        if not cg.store.is_empty():
            err.print(f"[red]error:[/] the store {escape(cg.store.display_url)} is not empty: import only goes "
                      "into a new store (give another --db)")
            raise typer.Exit(EXIT_NOT_EMPTY)
        progress = Progress(SpinnerColumn(), TextColumn("[bold]import[/]"), BarColumn(bar_width=None),
                            TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                            console=err, transient=True, disable=as_json or not err.is_terminal)
        try:
            with progress:
                task = progress.add_task("import", total=None)
                report = import_export(cg.store, file, on_document=lambda _d: progress.advance(task))
        except ImportFailed as e:
            err.print(f"[red]error:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_FAILED)
        except StoreError as e:  # another process wrote to the store meanwhile
            err.print(f"[red]error:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_NOT_EMPTY)
    if as_json:
        print_json(report.as_dict())
        return
    n = report.counts
    err.print(f"imported {escape(str(file))}: {n['documents']} documents, {n['sources']} sources, "
              f"{n['statements']} statements, {n['claims']} claims, {n['conflicts']} conflicts")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_private_urls: Annotated[bool, typer.Option(help="Let URL ingest fetch from loopback, private and link-local addresses.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Reject ingested texts larger than this.", min=1)] = DEFAULT_MAX_BYTES,
) -> None:
    """Serve the web pages and the JSON API (/api/, documented at /docs) with uvicorn.

    Adding articles (POST /api/ingest, the ingest form) needs an access token: $CLAIMGRAPH_TOKEN, else
    one is generated and printed here. Exit code 1 when the store cannot be opened or the port is taken.
    """
    import os
    import socket

    import uvicorn

    from claimgraph.present.api import create_app

    token = os.environ.get("CLAIMGRAPH_TOKEN") or None
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as e:
        err.print(f"[red]error:[/] cannot listen on {escape(host)}:{port}: {escape(e.strerror or str(e))}")
        raise typer.Exit(EXIT_FAILED)
    try:
        web = create_app(db, token=token, allow_private_urls=allow_private_urls, max_bytes=max_bytes)
    except (StoreError, KnownSourcesError) as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_FAILED)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"claimgraph serving {escape(web.state.cg.store.display_url)} at [bold]http://{shown}:{port}/[/] "
              f"(API docs at /docs)")
    if token is None:
        err.print(f"access token for adding articles (generated; set CLAIMGRAPH_TOKEN to choose one): "
                  f"[bold]{web.state.token}[/]", markup=True, highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print("[yellow]note:[/] listening beyond this machine: anyone who can reach it can read the store")
    uvicorn.run(web, host=host, port=port, log_level="warning")


from claimgraph.present import scale_cli  # noqa: E402,F401 - registers `batch` and `watch` on app


def main() -> None:
    app()
