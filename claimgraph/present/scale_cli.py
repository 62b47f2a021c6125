"""The `claimgraph batch` and `claimgraph watch` commands (registered on the main Typer app by cli.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

from claimgraph.ingest.inputs import DEFAULT_MAX_BYTES
from claimgraph.present.cli import (
    EXIT_FAILED, EXIT_OK, EXIT_USAGE, DbOption, JsonOption, app, err, opened, print_json,
)

EXIT_INTERRUPTED = 130


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (.jsonl, .warc/.warc.gz, .txt, .html, feeds), directories or URLs.", show_default=False)],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Worker processes of the local Dask cluster (one thread each).")] = 2,
    scheduler: Annotated[Optional[str], typer.Option(
        help="Address of a running Dask scheduler (tcp://HOST:PORT); its workers do the extraction and "
             "--workers is ignored.")] = None,
    partition_size: Annotated[int, typer.Option(min=1, help="Documents sent to a worker at once.")] = 32,
    in_flight: Annotated[Optional[int], typer.Option(
        min=1, help="Partitions out at once (bounds memory). Default: twice the number of workers.")] = None,
    fuse_every: Annotated[int, typer.Option(
        min=1, help="Fuse after every N documents extracted (bounds this process's memory), and at the end.")] = 5000,
    memory_limit: Annotated[str, typer.Option(
        help="Memory limit per local worker (Dask's memory_limit: e.g. 1.5GiB, or auto).")] = "auto",
    publisher: Annotated[Optional[str], typer.Option(help="Publisher of every document read.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date of every document read.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Reject texts (JSONL lines, pages) larger than this.", min=1)] = DEFAULT_MAX_BYTES,
    allow_private_urls: Annotated[bool, typer.Option(help="Allow URLs on loopback, private and link-local addresses.")] = False,
    count: Annotated[bool, typer.Option(help="Count the inputs first, for the progress bar's total and ETA.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Ingest and extract many documents in parallel on Dask (a local cluster unless --scheduler), writing
    results into the store as they come and fusing once at the end.

    Inputs are read lazily, a partition at a time. A document whose extraction fails is retried once, then
    journalled as 'failed'; the batch goes on. Stopped (Ctrl-C) and started again with the same inputs, a
    batch does not redo the documents it finished.

    Exit code 0 when every document read was extracted (or was already) and fused, 1 when some failed,
    nothing could be read or fusion failed, 2 for usage errors, 130 when interrupted.
    """
    from claimgraph.batch import BatchError, count_items, run_batch

    with opened(db, max_bytes=max_bytes, allow_private_urls=allow_private_urls) as cg:
        total = count_items(inputs) if count else None
        bar = Progress(SpinnerColumn(), TextColumn("[bold]batch[/]"), BarColumn(bar_width=None),
                       MofNCompleteColumn(), TextColumn("documents · {task.fields[rate]} docs/s · "
                                                        "{task.fields[failed]} failed · ETA"),
                       TimeRemainingColumn(), console=err, transient=True,
                       disable=as_json or not err.is_terminal)
        with bar:
            task = bar.add_task("batch", total=total, rate="-", failed=0)

            def on_progress(p) -> None:
                speed = bar.tasks[task].speed
                bar.update(task, completed=p.done, rate=f"{speed:.1f}" if speed else "-", failed=p.failed,
                           total=max(total, p.done) if total is not None else None)

            try:
                report = run_batch(cg, inputs, workers=workers, scheduler=scheduler, partition_size=partition_size,
                                   in_flight=in_flight, publisher=publisher, published=published,
                                   on_progress=on_progress, total=total, memory_limit=memory_limit,
                                   fuse_every=fuse_every)
            except ValueError as e:
                err.print(f"[red]usage error:[/] --published: {escape(str(e))}")
                raise typer.Exit(EXIT_USAGE)
            except BatchError as e:
                err.print(f"[red]error:[/] {escape(str(e))}")
                raise typer.Exit(EXIT_FAILED)
            except KeyboardInterrupt:
                err.print("[yellow]stopped.[/] Documents extracted so far are stored; run the same command again "
                          "to go on (finished documents are not redone).")
                raise typer.Exit(EXIT_INTERRUPTED)
    if as_json:
        print_json(report.as_dict())
    else:
        peak = max(report.peak_memory.values(), default=0)
        err.print(f"[green]{report.extracted} documents extracted[/] ({report.statements} statements) by "
                  f"{report.workers} worker{'s' if report.workers != 1 else ''} in {report.seconds:.1f} s: {report.documents_per_second:.2f} docs/s"
                  + (f", peak memory per worker {_size(peak)}" if peak else ""))
        err.print(f"{report.items['accepted']} accepted · {report.items['duplicate']} duplicates "
                  f"({report.already_extracted} already extracted) · {report.items['rejected']} rejected · "
                  f"{report.items['skipped']} skipped")
        for doc_id, why in report.failed.items():
            err.print(f"[red]failed[/] {escape(doc_id)} (after a retry): {escape(why)}")
        for doc_id, why in report.not_extracted.items():
            err.print(f"[yellow]not extracted[/] {escape(doc_id)}: {escape(why)}")
        if report.fusion and "error" in report.fusion:
            err.print(f"[red]fusion failed:[/] {escape(report.fusion['error'])} (the extracted statements are stored; "
                      "`claimgraph fuse --rebuild` tries again)")
        elif report.fusion:
            err.print(f"fused in {report.fusion['rounds']} round{'s' if report.fusion['rounds'] != 1 else ''} "
                      f"({report.fusion['seconds']:.1f} s)")
        err.print(f"[dim]details: claimgraph journal --run {report.run_id}[/]")
    read = report.items["accepted"] + report.items["duplicate"]
    if report.failed or read == 0 or (report.fusion and "error" in report.fusion):
        raise typer.Exit(EXIT_FAILED)


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(metavar="FEEDS.txt", show_default=False,
                                               help="Feed URLs, one a line ('#' starts a comment).")],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="Time between polls: 90s, 15m, 2h, 1h30m (a bare number is seconds).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron).")] = False,
    state: Annotated[Optional[Path], typer.Option(
        help="Where ETag/Last-Modified of each feed are kept. Default: FEEDS.txt.state.json beside it.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a feed.", min=1)] = 20.0,
    max_bytes: Annotated[int, typer.Option(help="Reject feeds larger than this.", min=1)] = DEFAULT_MAX_BYTES,
    allow_private_urls: Annotated[bool, typer.Option(help="Allow feeds on loopback, private and link-local addresses.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line per poll instead of text.")] = False,
) -> None:
    """Poll RSS/Atom feeds and ingest new entries only (then extract and fuse them), every --every until
    stopped with Ctrl-C. Feeds are asked with If-None-Match / If-Modified-Since; a feed that fails is
    journalled and asked again next time, the others go on.

    Exit code 0 (with --once: when at least one feed answered), 1 when every feed failed with --once, 2 for
    usage errors (unreadable FEEDS.txt, bad --every).
    """
    from claimgraph.ingest.watch import FeedListError, Watcher, parse_every, read_feed_list
    from claimgraph.ingest.watch import watch as watch_loop

    try:
        feeds = read_feed_list(feeds_file)
        seconds = parse_every(every)
    except FeedListError as e:
        err.print(f"[red]usage error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_USAGE)
    state_path = state or feeds_file.with_name(feeds_file.name + ".state.json")
    last = {"failed": 0, "feeds": len(feeds)}

    def on_poll(report) -> None:
        last["failed"] = report.failed
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
            return
        for f in report.feeds:
            if f.status == "failed":
                err.print(f"[red]failed[/] {escape(f.url)}: {escape(f.reason or '')}")
            elif f.status == "not modified":
                err.print(f"[dim]not modified[/] {escape(f.url)}")
            else:
                err.print(f"[green]{f.new} new[/] {escape(f.url)} ({f.known} known, {f.duplicates} duplicates, "
                          f"{f.rejected} rejected, {f.statements} statements)")
        err.print(f"[dim]poll {report.poll} at {report.at}: {report.new} new documents, "
                  f"{report.failed} of {len(report.feeds)} feeds failed[/]")

    with opened(db, max_bytes=max_bytes, allow_private_urls=allow_private_urls) as cg:
        watcher = Watcher(cg, feeds, state_path, timeout=timeout)
        if not once and not as_json:
            err.print(f"watching {len(feeds)} feeds every {every} (Ctrl-C to stop)")
        try:
            watch_loop(watcher, seconds, polls=1 if once else None, on_poll=on_poll)
        except KeyboardInterrupt:
            if not as_json:
                err.print("stopped")
            raise typer.Exit(EXIT_OK)
    if once and last["failed"] == last["feeds"]:
        raise typer.Exit(EXIT_FAILED)
