"""Excel workbooks an analyst can read as soon as they open: bold frozen header, sized
columns, an autofilter, real date cells (dd/mm/yyyy, the Vietnamese convention) and wrapped
long text.  Written with openpyxl directly, since pandas' ``to_excel`` styles nothing.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.export.values import plain

DATE_FORMAT = "dd/mm/yyyy"
MAX_WIDTH = 60  # characters; longer text wraps
MIN_WIDTH = 8
#: Columns whose cells wrap (evidence sentences, subjects…) instead of running on.
WRAP = frozenset({"text", "subject", "action", "responsible", "applies_to", "item", "snippet",
                  "issuers", "quota_summary", "numbers"})
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _width(values: list[Any], header: str) -> float:
    longest = max([len(header), *(len(str(v)) for v in values if v is not None)], default=0)
    if values and all(isinstance(v, date) for v in values if v is not None):
        longest = max(longest, 10)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, list | dict | tuple):
        return str(value)
    return value


def workbook(sheets: dict[str, pd.DataFrame]) -> Workbook:
    """One styled worksheet per frame (sheet names ≤31 characters, as Excel demands)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        columns = [str(c) for c in frame.columns]
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        for idx, col in enumerate(columns, start=1):
            letter = get_column_letter(idx)
            values = [_cell(v) for v in frame.iloc[:, idx - 1]]
            ws.column_dimensions[letter].width = _width(values, col)
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                if isinstance(cell.value, datetime | date):
                    cell.number_format = DATE_FORMAT
                elif col in WRAP:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        if len(frame):
            ws.auto_filter.ref = ws.dimensions
    return wb


def to_xlsx(frame: pd.DataFrame, sheet: str = "congvan") -> bytes:
    """The frame as the bytes of an .xlsx file with one sheet."""
    buf = io.BytesIO()
    workbook({sheet: frame}).save(buf)
    return buf.getvalue()


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str = "congvan") -> Path:
    path.write_bytes(to_xlsx(frame, sheet))
    return path
