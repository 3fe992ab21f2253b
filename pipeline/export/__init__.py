"""Writers for query results: csv, json, xlsx, ics (deadlines), rich tables and charts.

Each takes a DataFrame from :mod:`pipeline.query` and returns text or bytes; only
:func:`render` decides between them, so the CLI stays a thin wrapper.

The writers are imported on first use (module ``__getattr__``): pandas, openpyxl and rich
tables cost ~1 s of start-up, which every ``congvan`` command (``--help``, ``ingest``) paid
when the CLI imported this package for its option help (``FORMATS``).
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.export.ics import to_ics
    from pipeline.export.table import print_table, render_table
    from pipeline.export.tabular import to_csv, to_json
    from pipeline.export.xlsx import to_xlsx

#: public name → the submodule that defines it (imported when the name is first used)
_LAZY: Final = {"to_ics": "ics", "print_table": "table", "render_table": "table",
                "to_csv": "tabular", "to_json": "tabular", "to_xlsx": "xlsx"}

FORMATS: Final = ("table", "csv", "json", "xlsx", "ics")
BINARY: Final = frozenset({"xlsx", "ics"})


def render(frame: pd.DataFrame, fmt: str, kind: str, *, stamp: datetime | None = None) -> str | bytes:
    """``frame`` in format ``fmt`` (not ``table``, which prints); ics only for deadlines."""
    if fmt == "csv":
        return __getattr__("to_csv")(frame)
    if fmt == "json":
        return __getattr__("to_json")(frame)
    if fmt == "xlsx":
        return __getattr__("to_xlsx")(frame, sheet=kind)
    if fmt == "ics":
        if kind != "deadlines":
            raise ConfigError(f"--format ics is for deadlines only, not {kind}")
        return __getattr__("to_ics")(frame, stamp=stamp)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def __getattr__(name: str) -> Any:
    """Import a writer's submodule on first access (PEP 562); its name is then cached here."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["FORMATS", "BINARY", "render", "print_table", "render_table",
           "to_csv", "to_json", "to_xlsx", "to_ics"]
