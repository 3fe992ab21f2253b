"""Cell values as exporters need them: dates stay dates, missing is None, numbers are plain."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """A pandas/numpy cell as a plain Python value (NaN/NA/NaT → None, Timestamp → date)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()  # numpy scalar
    return value


def text(value: Any) -> str:
    """A cell as text: ISO dates, integers without ".0", empty for missing."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest round-tripping form: 0.9, not 0.90000000000000002
    return str(value)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain values, columns in frame order."""
    cols = list(frame.columns)
    return [
        {c: plain(v) for c, v in zip(cols, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
