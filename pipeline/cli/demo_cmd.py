"""``congvan demo``: the README's main job — ingest the bundled sample scans, show what was found."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli.app import app
from pipeline.errors import ConfigError
from pipeline.settings import get_settings

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) and url != prefix + ":memory:" else None


@app.command()
def demo(
    folder: Annotated[Path, typer.Option(help="the sample mailbox (its top-level scans)")] = SAMPLES,
    workers: Annotated[int, typer.Option(min=1, help="local Dask workers (one Tesseract each)")] = 2,
    fresh: Annotated[bool, typer.Option(help="delete the SQLite database first")] = False,
) -> None:
    """Ingest samples/ into the database (default ./congvan.db), then print deadlines and quotas.

    Running it again adds nothing: files are keyed by their sha256.
    """
    from pipeline import query
    from pipeline.cli.ingest_cmd import ingest
    from pipeline.export import print_table

    if not folder.is_dir():
        raise ConfigError(f"{folder}: sample folder not found (run from a checkout of congvan)")
    url = get_settings().database_url
    db_file = _sqlite_file(url)
    if fresh and db_file is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    console = Console()
    console.print(f"[bold]congvan demo[/]: ingesting {folder} into {url}")
    ingest(folder=folder, imap=None, workers=workers, dask=None, move=False, db=url, settle=0.0,
           recursive=False, as_json=False)
    print_table(query.deadlines(url), "deadlines", title="Deadlines (soonest first)", console=console)
    print_table(query.quotas(url), "quotas", title="Quotas", console=console)
