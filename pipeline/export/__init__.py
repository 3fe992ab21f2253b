"""Writers for query results: csv, json, xlsx, ics (deadlines), rich tables and charts.

Each takes a DataFrame from :mod:`pipeline.query` and returns text or bytes; only
:func:`render` decides between them, so the CLI stays a thin wrapper.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import pandas as pd

from pipeline.errors import ConfigError
from pipeline.export.ics import to_ics
from pipeline.export.table import print_table, render_table
from pipeline.export.tabular import to_csv, to_json
from pipeline.export.xlsx import to_xlsx

FORMATS: Final = ("table", "csv", "json", "xlsx", "ics")
BINARY: Final = frozenset({"xlsx", "ics"})


def render(frame: pd.DataFrame, fmt: str, kind: str, *, stamp: datetime | None = None) -> str | bytes:
    """``frame`` in format ``fmt`` (not ``table``, which prints); ics only for deadlines."""
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return to_json(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, sheet=kind)
    if fmt == "ics":
        if kind != "deadlines":
            raise ConfigError(f"--format ics is for deadlines only, not {kind}")
        return to_ics(frame, stamp=stamp)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "BINARY", "render", "print_table", "render_table",
           "to_csv", "to_json", "to_xlsx", "to_ics"]
