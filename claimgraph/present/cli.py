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
from rich.panel import Panel
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimgraph import __version__
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
    except StoreError as e:
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
                allow_private_urls=allow_private_urls) as cg:
        progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(bar_width=None),
                            TextColumn("{task.completed} items · {task.fields[status]}"), TimeElapsedColumn(),
                            console=err, transient=True, disable=as_json or not err.is_terminal)
        with progress:
            task = progress.add_task("ingest", total=None, status="")

            def on_item(result) -> None:
                progress.update(task, advance=1, status=escape(result.input[-60:]))
                if result.status == "rejected" and not as_json:
                    err.print(f"[yellow]rejected[/] {escape(result.input)}: {escape(result.reason or '')}")

            try:
                report = cg.ingest(inputs, doc_id=doc_id, title=title, publisher=publisher,
                                   published=published, on_item=on_item)
            except ValueError as e:  # a bad --published
                err.print(f"[red]usage error:[/] --published: {escape(str(e))}")
                raise typer.Exit(EXIT_USAGE)
    if as_json:
        print_json(report.as_dict())
    else:
        near = f" ({report.near_duplicates} near-duplicates marked)" if report.near_duplicates else ""
        err.print(f"[green]{report.accepted} accepted[/]{near} · {report.duplicates} duplicates · "
                  f"[{'red' if report.rejected else 'dim'}]{report.rejected} rejected[/]")
        err.print(f"[dim]details: claimgraph journal --run {report.run_id}[/]")
    if report.accepted + report.duplicates == 0:
        raise typer.Exit(EXIT_FAILED)


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
    """Show one document: its metadata and text."""
    with opened(db) as cg:
        doc = cg.document(doc_id)
    if doc is None:
        err.print(f"[red]error:[/] no document with id {escape(doc_id)!r}")
        raise typer.Exit(EXIT_NOT_FOUND)
    if as_json:
        print_json(doc.__dict__)
        return
    meta = " · ".join(escape(str(x)) for x in (doc.publisher, doc.published, doc.language, doc.url) if x)
    out.print(Panel(escape(doc.text), title=escape(doc.title or doc.id), subtitle=meta or None, expand=False))


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
    status: Annotated[Optional[str], typer.Option(help="Only accepted, duplicate or rejected.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Only the newest N rows.", min=1)] = None,
    as_json: JsonOption = False,
) -> None:
    """What happened to every input item: accepted, duplicate or rejected, and why."""
    if status and status not in ("accepted", "duplicate", "rejected"):
        err.print("[red]usage error:[/] --status must be accepted, duplicate or rejected")
        raise typer.Exit(EXIT_USAGE)
    with opened(db) as cg:
        rows = cg.journal(run_id=None if run == "last" else run, last_run=run == "last", status=status, limit=limit)
    if as_json:
        print_json(rows)
        return
    colour = {"accepted": "green", "duplicate": "cyan", "rejected": "red"}
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


class ExportFormat(str, Enum):
    json = "json"


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for stdout.")] = "-",
) -> None:
    """Write the whole store in the claimgraph-export/1 format."""
    with opened(db) as cg:
        data = cg.export()
    if output == "-":
        print_json(data)
        return
    try:
        from claimgraph.present.export import write_json

        write_json(data, output)
    except OSError as e:
        err.print(f"[red]error:[/] cannot write {escape(output)}: {escape(e.strerror or str(e))}")
        raise typer.Exit(EXIT_FAILED)
    err.print(f"wrote {escape(output)}: {len(data['documents'])} documents, {len(data['statements'])} statements")


def main() -> None:
    app()
