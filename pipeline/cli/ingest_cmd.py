"""``congvan ingest`` (one run) and ``congvan serve`` (a scheduled deployment).

Both are thin wrappers over ``flows.ingest``; Prefect is imported only when they run, so the
rest of the CLI (and the library) never loads it.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.cli.app import app
from pipeline.errors import ConfigError, StoreError
from pipeline.headstart import head_start
from pipeline.mailbox import ImapSource, MailboxError, candidate_paths, count_new_files
from pipeline.preflight import check_for
from pipeline.settings import get_settings, settings_for

Folder = Annotated[Path, typer.Argument(help="mailbox folder (new files are read from it)")]
Imap = Annotated[str | None, typer.Option("--imap", help="also fetch attachments: imaps://USER@HOST:PORT/MAILBOX (port, mailbox optional); password in CONGVAN_IMAP_PASSWORD")]
Workers = Annotated[int | None, typer.Option("--workers", min=1, help="start a local Dask cluster of N worker processes")]
Dask = Annotated[str | None, typer.Option("--dask", help="spread documents over the Dask cluster at tcp://HOST:PORT")]
Move = Annotated[bool, typer.Option("--move", help="move files to processed/ or quarantine/ once stored")]
Db = Annotated[str | None, typer.Option("--db", help="database URL (default CONGVAN_DATABASE_URL)")]
Settle = Annotated[float, typer.Option("--settle", min=0, help="skip files modified less than this many seconds ago")]
Recursive = Annotated[bool, typer.Option("--recursive/--no-recursive", help="also read sub-folders (imap/ always)")]


def _prepare_prefect() -> None:
    """Quiet, offline-friendly Prefect defaults for a command-line run (env wins)."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # no scheduler chatter


def _check(imap: str | None, workers: int | None, dask: str | None) -> None:
    if imap:
        ImapSource.parse(imap)  # fail on a bad URL before any work starts
    if workers and dask:
        raise ConfigError("give --workers (a local Dask cluster) or --dask (an existing one), not both")
    if dask and not dask.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise ConfigError(f"--dask {dask!r}: expected a scheduler address like tcp://HOST:8786")


def _report(summary: Any, console: Console) -> None:
    table = Table(title="congvan ingest")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for name, count in summary.counts.items():
        table.add_row(name.replace("_", " "), str(count))
    console.print(table)
    for problem in summary.quarantined + summary.retry_later + summary.not_moved:
        console.print(f"[red]{escape(problem.name)}[/]: {problem.stage} "
                      f"{escape(f'[{problem.code}]')} {escape(problem.message)}")


def _run(folder: Path, as_json: bool, options: dict[str, Any]) -> Any:
    """``run_ingest`` with a progress bar on a terminal."""
    from flows.ingest import run_ingest

    if not sys.stderr.isatty() or as_json:
        return run_ingest(folder, **options)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        total = count_new_files(folder, settle_seconds=options["settle_seconds"],
                                recursive=options["recursive"]) if folder.is_dir() else None
        job = bar.add_task("ingest", total=total)

        def advance(name: str, outcome: str) -> None:
            bar.update(job, advance=1, description=f"{outcome:11} {name[:40]}")

        summary = run_ingest(folder, progress=advance, **options)
        bar.update(job, completed=total, description="done")
    return summary


@app.command()
def ingest(
    folder: Folder = Path(),
    imap: Imap = None,
    workers: Workers = None,
    dask: Dask = None,
    move: Move = False,
    db: Db = None,
    settle: Settle = 2.0,
    recursive: Recursive = True,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Ingest the new letters of a mailbox folder (and IMAP mailbox) into the database, once."""
    _check(imap, workers, dask)
    _prepare_prefect()
    from flows.server import (  # no Prefect import: the server boots meanwhile
        temporary_server,
        without_heartbeats,
    )

    with temporary_server() as server:
        paths = candidate_paths(folder, settle_seconds=settle, recursive=recursive) if folder.is_dir() else []
        settings = get_settings()
        check_for(paths, settings)  # Tesseract/poppler missing: one clear error, no Prefect run
        here = paths and not (workers or dask)  # the documents are read in this process
        # the largest new letters are read (OCR) while Prefect starts; the flow's tasks take them
        reading_ahead = head_start(paths, settings_for(db)) if here else nullcontext()
        with reading_ahead:
            # imports Prefect (seconds): the server boots meanwhile
            from flows.ingest import warm_up

            if here:
                warm_up(settings)  # the models load here, not in the first documents' threads
            if server:
                server.wait()
            # a run on the temporary server sends no heartbeats: they serve a lasting server only
            with without_heartbeats() if server else nullcontext():
                summary = _run(folder, as_json, dict(database_url=db, workers=workers, dask_address=dask,
                                                     move=move, imap=imap, settle_seconds=settle,
                                                     recursive=recursive))
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    else:
        _report(summary, Console())
    unsaved = [p for p in summary.retry_later if p.code == "database"]
    if unsaved:  # nothing is lost, but whoever runs this from cron must hear of it
        raise StoreError(f"{len(unsaved)} document(s) could not be stored (database unavailable); "
                         "they stay pending and the next run retries them")
    if summary.fetch_error:  # the folder was ingested, but the mailbox needs attention
        raise MailboxError(f"IMAP fetch failed: {summary.fetch_error}")


@app.command()
def serve(
    folder: Folder = Path(),
    cron: Annotated[str | None, typer.Option("--cron", help='cron schedule, e.g. "*/15 * * * *"')] = None,
    interval: Annotated[float | None, typer.Option("--interval", min=1, help="seconds between runs")] = None,
    imap: Imap = None,
    workers: Workers = None,
    dask: Dask = None,
    move: Move = False,
    db: Db = None,
    settle: Settle = 2.0,
    recursive: Recursive = True,
    start_server: Annotated[bool | None, typer.Option("--start-server/--no-start-server", help="start a local Prefect server (default: when PREFECT_API_URL is unset)")] = None,
) -> None:
    """Keep a scheduled ingest of the mailbox running (Prefect ``flow.serve``; Ctrl-C stops it)."""
    if (cron is None) == (interval is None):
        raise ConfigError("give exactly one of --cron or --interval")
    _check(imap, workers, dask)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such mailbox folder")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.server import local_server

    if start_server is None:
        start_server = not os.environ.get("PREFECT_API_URL")
    with local_server() if start_server else nullcontext():
        from flows.ingest import serve_ingest  # imports Prefect: after PREFECT_API_URL is set

        serve_ingest(folder, cron=cron, interval=interval, database_url=db, imap=imap,
                     workers=workers, dask_address=dask, move=move, settle_seconds=settle,
                     recursive=recursive)
