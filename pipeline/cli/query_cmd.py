"""``congvan deadlines | quotas | campaigns | documents | search | views``: the analysts' commands.

Thin wrappers over :mod:`pipeline.query` (the frames) and :mod:`pipeline.export` (the formats).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline import query
from pipeline.cli.app import app
from pipeline.errors import ConfigError
from pipeline.export import BINARY, FORMATS, render

if TYPE_CHECKING:  # pandas/matplotlib load when a query runs, not for `congvan --help`/`ingest`
    import pandas as pd

DbOpt = Annotated[str | None, typer.Option("--db", help="database URL [default: CONGVAN_DATABASE_URL]")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=f"one of {', '.join(FORMATS)}")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="write to this file, not stdout")]
TodayOpt = Annotated[str | None, typer.Option("--today", help="pretend today is YYYY-MM-DD")]
CampaignOpt = Annotated[str | None, typer.Option("--campaign", help="topic or year, accents optional")]
IssuerOpt = Annotated[str | None, typer.Option("--issuer", help="issuer name contains (accents optional)")]

_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def parse_days(value: str) -> int:
    """"30d", "30", "2w", "3m" (30-day months), "1y" → days."""
    match = _DURATION.match(value)
    if not match:
        raise ConfigError(f"--upcoming takes a duration like 30d, 2w or 3m, not {value!r}")
    return int(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--today takes YYYY-MM-DD, not {value!r}") from exc


def emit(frame: pd.DataFrame, fmt: str, kind: str, output: Path | None, title: str) -> None:
    """Print or write ``frame``; binary formats need ``-o`` unless stdout is redirected."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "table":
        if output is not None:
            raise ConfigError("--format table prints to the terminal; use csv/json/xlsx with -o")
        from pipeline.export.table import print_table

        print_table(frame, kind, title)
        return
    data = render(frame, fmt, kind)
    if output is not None:
        output.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        typer.echo(f"wrote {len(frame)} rows to {output}", err=True)
    elif isinstance(data, bytes):
        if fmt in BINARY and sys.stdout.isatty():
            raise ConfigError(f"--format {fmt} is binary; add -o FILE.{fmt} or redirect stdout")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        typer.echo(data, nl=False)


@app.command()
def deadlines(
    upcoming: Annotated[str | None, typer.Option("--upcoming", help="due within, e.g. 30d")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="due before today")] = False,
    between: Annotated[tuple[str, str] | None, typer.Option("--between", metavar="A B",
                       help="due from A to B (YYYY-MM-DD YYYY-MM-DD)")] = None,
    issuer: IssuerOpt = None,
    responsible: Annotated[str | None, typer.Option("--responsible", help="who must act (contains)")] = None,
    campaign: CampaignOpt = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="also draw the timeline PNG here")] = None,
    today: TodayOpt = None,
    occurrences: Annotated[int, typer.Option("--occurrences", help="next dates per recurring deadline")] = 1,
    db: DbOpt = None,
) -> None:
    """Deadlines, recurring ones expanded: what is due soon, what is overdue."""
    day = parse_today(today)
    frame = query.deadlines(
        db, upcoming=parse_days(upcoming) if upcoming else None, overdue=overdue,
        between=between, issuer=issuer, responsible=responsible, campaign=campaign,
        today=day, occurrences=occurrences,
    )
    emit(frame, fmt, "deadlines", output, f"Hạn văn bản (hôm nay {day:%d/%m/%Y})")
    if chart is not None:
        from pipeline.export.chart import write_timeline

        write_timeline(frame, chart, today=day)
        typer.echo(f"wrote timeline to {chart}", err=True)


@app.command()
def quotas(
    issuer: IssuerOpt = None,
    applies_to: Annotated[str | None, typer.Option("--applies-to", help="unit owing (contains)")] = None,
    campaign: CampaignOpt = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """Quotas: minimum counts (initiatives…) each unit owes, and to whom."""
    frame = query.quotas(db, issuer=issuer, applies_to=applies_to, campaign=campaign)
    emit(frame, fmt, "quotas", output, "Chỉ tiêu tối thiểu")


@app.command()
def campaigns(
    campaign: CampaignOpt = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="deadline timeline PNG per campaign")] = None,
    today: TodayOpt = None,
    db: DbOpt = None,
) -> None:
    """Campaigns: their letters, issuers, next deadline and what they ask of each unit."""
    day = parse_today(today)
    frame = query.campaigns(db, campaign=campaign, today=day)
    emit(frame, fmt, "campaigns", output, "Phong trào")
    if chart is not None:
        dl = query.deadlines(db, campaign=campaign, today=day)
        from pipeline.export.chart import write_timeline

        write_timeline(dl, chart, today=day)
        typer.echo(f"wrote timeline to {chart}", err=True)


@app.command()
def documents(
    issuer: IssuerOpt = None,
    campaign: CampaignOpt = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Công văn, Kế hoạch… (contains)")] = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """The stored letters (latest reviewed-or-extracted values), newest first."""
    frame = query.documents(db, issuer=issuer, campaign=campaign, doc_type=doc_type)
    emit(frame, fmt, "documents", output, "Văn bản")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='words to find, accents optional: "cai cach"')],
    phrase: Annotated[bool, typer.Option("--phrase", help="the words must be adjacent, in order")] = False,
    limit: Annotated[int, typer.Option("--limit", help="at most this many letters (0: all)")] = 50,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """Full-text search ignoring diacritics and case ("cai cach" finds "cải cách")."""
    frame = query.search(text, db, limit=limit or None, phrase=phrase)
    emit(frame, fmt, "search", output, f"Tìm: {text}")


@app.command()
def views(
    show: Annotated[bool, typer.Option("--sql", help="print the CREATE VIEW statements too")] = False,
    db: DbOpt = None,
) -> None:
    """(Re)create the SQL views for BI tools (congvan_documents, _deadlines, _deadlines_next, _quotas)."""
    from pipeline.query.db import engine_for
    from pipeline.query.views import create_views, view_sql

    engine = engine_for(db)
    for name in create_views(engine):
        typer.echo(view_sql(engine, name) + ";\n" if show else name)
