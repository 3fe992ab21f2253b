"""CSV and JSON writers: the machine-readable formats, dates in ISO 8601, UTF-8."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import pandas as pd

from pipeline.export.values import records, text


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as RFC 4180 CSV with a header row; missing values are empty cells."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([text(v) for v in row])
    return buf.getvalue()


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(frame: pd.DataFrame) -> str:
    """The frame as a JSON array of objects (Vietnamese kept as is, not \\u-escaped)."""
    return json.dumps(records(frame), ensure_ascii=False, indent=2, default=_default) + "\n"
