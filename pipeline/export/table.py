"""Terminal tables (rich) for the CLI and ``congvan demo``.

A terminal cannot show every column, so each frame kind has a curated layout.  Every row
still shows the document id with the number/symbol, and the evidence sentence (shortened,
dimmed, under the action or item) so a row can be traced to its letter; the csv, json and
xlsx formats carry every column in full.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.export.values import records, text
from pipeline.query.columns import reference

Cell = Callable[[dict[str, Any]], str]
EVIDENCE_CHARS = 110


def _short(value: Any, limit: int) -> str:
    s = " ".join(text(value).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else text(value)


def _ref(row: dict[str, Any]) -> str:
    return f"{escape(reference(row))}\n[dim]#{row.get('document_id')}[/dim]"


def _with_evidence(key: str) -> Cell:
    def cell(row: dict[str, Any]) -> str:
        main = escape(text(row.get(key)))
        ev = row.get("text")
        return f"{main}\n[dim]« {escape(_short(ev, EVIDENCE_CHARS))} »[/dim]" if ev else main
    return cell


def _due(row: dict[str, Any]) -> str:
    days = row.get("days_left")
    when = "" if days is None else (f"quá {-days} ngày" if days < 0 else f"còn {days} ngày")
    rec = " ↻" if row.get("recurring") else ""
    return f"{_day(row.get('occurrence'))}{rec}\n[dim]{when}[/dim]"


def _campaign(row: dict[str, Any]) -> str:
    return escape(f"{row.get('campaign_topic') or ''} {row.get('campaign_year') or ''}".strip())


def _col(key: str, limit: int = 200) -> Cell:
    return lambda row: escape(_short(row.get(key), limit))


#: kind → [(header, cell, min width)]
LAYOUTS: Final[dict[str, list[tuple[str, Cell, int]]]] = {
    "deadlines": [
        ("Hạn", _due, 12), ("Số/ký hiệu", _ref, 9), ("Cơ quan ban hành", _col("issuer"), 0),
        ("Việc (trích dẫn)", _with_evidence("action"), 0),
        ("Trách nhiệm", _col("responsible", 90), 0),
    ],
    "quotas": [
        ("Phong trào", _campaign, 0), ("Tối thiểu", _col("minimum"), 0),
        ("Nội dung (trích dẫn)", _with_evidence("item"), 0),
        ("Đối tượng", _col("applies_to", 90), 0), ("Số/ký hiệu", _ref, 9),
        ("Cơ quan ban hành", _col("issuer"), 0),
    ],
    "campaigns": [
        ("Phong trào", _campaign, 0), ("Văn bản", _col("documents"), 0),
        ("Số/ký hiệu", _col("numbers"), 0), ("Cơ quan", _col("issuers"), 0),
        ("Hạn tới", lambda r: _day(r.get("next_deadline")), 0),
        ("Chỉ tiêu", _col("quota_summary", 300), 0), ("ID", _col("document_ids"), 0),
    ],
    "documents": [
        ("Số/ký hiệu", _ref, 9), ("Loại", _col("doc_type"), 0), ("Ngày", _col("issued_date"), 0),
        ("Cơ quan ban hành", _col("issuer"), 0), ("Trích yếu", _col("subject", 160), 0),
        ("Hạn", _col("deadlines"), 0), ("Chỉ tiêu", _col("quotas"), 0),
    ],
    "search": [
        ("Số/ký hiệu", _ref, 9), ("Cơ quan ban hành", _col("issuer"), 0),
        ("Trích yếu", _col("subject", 120), 0), ("Đoạn khớp", _col("snippet", 240), 0),
    ],
}

STATUS_STYLE: Final = {"overdue": "red", "upcoming": "yellow", "later": "green"}


def render_table(frame: pd.DataFrame, kind: str, title: str | None = None) -> Table:
    """A rich Table of ``frame`` laid out for ``kind`` (a key of :data:`LAYOUTS`)."""
    layout = LAYOUTS[kind]
    table = Table(title=title, show_lines=True, header_style="bold")
    for header, _, width in layout:
        table.add_column(header, min_width=width or None, overflow="fold")
    for row in records(frame):
        style = STATUS_STYLE.get(str(row.get("status"))) if kind == "deadlines" else None
        cells = [cell(row) for _, cell, _ in layout]
        if style:
            cells[0] = f"[{style}]{cells[0]}[/{style}]"
        table.add_row(*cells)
    table.caption = f"{len(frame)} dòng"
    return table


def print_table(frame: pd.DataFrame, kind: str, title: str | None = None,
                console: Console | None = None) -> None:
    """Print ``frame`` as a table, or a one-line note when it is empty."""
    console = console or Console()
    if frame.empty:
        console.print(f"[dim]{escape(title or kind)}: không có dòng nào (no rows)[/dim]")
        return
    console.print(render_table(frame, kind, title))
