"""The analysts' API: deadlines, quotas, campaigns, documents and search as pandas DataFrames.

Every function takes a *source*: an SQLAlchemy Engine, a database URL, ``None`` (the
configured ``CONGVAN_DATABASE_URL``), or a list of :class:`~pipeline.record.Record` (or of
``(id, Record)`` pairs) to query extraction output without a database.  "Today" is a
parameter so that results are reproducible.  Column contracts: :mod:`pipeline.query.columns`;
guide: ``docs/analysts.md``.

    >>> from pipeline import query
    >>> query.deadlines("sqlite:///congvan.db", upcoming=30)          # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from pipeline.errors import ConfigError
from pipeline.record import Record

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.query import db
    from pipeline.query.frames import Window
    from pipeline.query.views import create_views

    Source = db.Source | Sequence[Record] | Sequence[tuple[Any, Record]]

# pandas and SQLAlchemy (~1 s of start-up) load when a query first runs, not when the CLI
# imports this package; these public names resolve on first access (module __getattr__).
_LAZY: Final = {"Window": "frames", "create_views": "views"}


def __getattr__(name: str) -> Any:
    """``Window``, ``create_views`` and the ``Source`` alias, imported on first access (PEP 562)."""
    if name == "Source":
        from pipeline.query import db

        value: Any = db.Source | Sequence[Record] | Sequence[tuple[Any, Record]]
    elif name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _is_records(source: Any) -> bool:
    return isinstance(source, list | tuple)


def _rows(source: Source, kind: str) -> list[dict[str, Any]]:
    """Base rows of ``kind`` (deadline, quota, document, text) from records or the database."""
    if _is_records(source):
        from pipeline.query import records as rec_rows

        numbered = rec_rows.number_records(source)  # type: ignore[arg-type]
        return getattr(rec_rows, f"{kind}_rows")(numbered)
    from pipeline.query import db

    return getattr(db, f"{kind}_rows")(source)


def make_window(*, upcoming: int | None = None, overdue: bool = False,
                between: tuple[Any, Any] | None = None, occurrences: int = 1) -> Window:
    """The window for at most one of ``upcoming`` (days), ``overdue``, ``between`` (lo, hi)."""
    from pipeline.query.frames import Window, to_date

    chosen = [upcoming is not None, overdue, between is not None]
    if sum(chosen) > 1:
        raise ConfigError("choose one of upcoming, overdue and between")
    if upcoming is not None:
        if upcoming < 0:
            raise ConfigError(f"upcoming must be a number of days ≥ 0, not {upcoming}")
        return Window("upcoming", days=upcoming)
    if overdue:
        return Window("overdue")
    if between is not None:
        lo, hi = (to_date(v) if v is not None else None for v in between)
        if (between[0] is not None and lo is None) or (between[1] is not None and hi is None):
            raise ConfigError(f"between needs ISO dates (YYYY-MM-DD), not {between!r}")
        if lo and hi and lo > hi:
            raise ConfigError(f"between: {lo} is after {hi}")
        return Window("between", lo=lo, hi=hi)
    return Window("all", count=max(1, occurrences))


def deadlines(
    source: Source = None,
    *,
    upcoming: int | None = None,
    overdue: bool = False,
    between: tuple[Any, Any] | None = None,
    issuer: str | None = None,
    responsible: str | None = None,
    campaign: str | None = None,
    today: date | None = None,
    horizon: int = 30,
    occurrences: int = 1,
) -> pd.DataFrame:
    """Deadline occurrences (recurring ones expanded), sorted by date, with their evidence.

    ``upcoming=30``: due from today through today+30 days; ``overdue=True``: due before
    today (a recurring deadline at its latest past occurrence); ``between=(a, b)``: every
    occurrence in [a, b]; none of them: every deadline, recurring ones at their next
    ``occurrences`` dates.  A ``between`` with an open end (None) lists recurring deadlines
    up to a year after today.  ``status`` is overdue / upcoming (within ``horizon`` days) / later.
    Filters match substrings ignoring diacritics and case.
    """
    from pipeline.query.frames import deadline_frame

    today = today or date.today()
    window = make_window(upcoming=upcoming, overdue=overdue, between=between,
                         occurrences=occurrences)
    return deadline_frame(_rows(source, "deadline"), today=today, window=window,
                          horizon_days=upcoming if upcoming is not None else horizon,
                          issuer=issuer, responsible=responsible, campaign=campaign)


def quotas(source: Source = None, *, issuer: str | None = None, applies_to: str | None = None,
           campaign: str | None = None) -> pd.DataFrame:
    """Minimum counts demanded of units ("ít nhất 01 sáng kiến"): who owes what to whom."""
    from pipeline.query.frames import quota_frame

    return quota_frame(_rows(source, "quota"), issuer=issuer, applies_to=applies_to,
                       campaign=campaign)


def campaigns(source: Source = None, *, campaign: str | None = None,
              today: date | None = None) -> pd.DataFrame:
    """One row per campaign (topic, year): letters, issuers, next deadline, quotas asked."""
    from pipeline.query.summary import campaign_frame

    return campaign_frame(_rows(source, "document"), _rows(source, "deadline"),
                          _rows(source, "quota"), today=today or date.today(), campaign=campaign)


def documents(source: Source = None, *, issuer: str | None = None, campaign: str | None = None,
              doc_type: str | None = None) -> pd.DataFrame:
    """The letters (current values), newest first."""
    from pipeline.query.summary import document_frame

    return document_frame(_rows(source, "document"), issuer=issuer, campaign=campaign,
                          doc_type=doc_type)


def search(query: str, source: Source = None, *, limit: int | None = 50,
           phrase: bool = False) -> pd.DataFrame:
    """Letters containing every word of ``query`` (``phrase``: in that order, adjacent),
    ignoring diacritics and case, best first, with a snippet of the accented text."""
    from pipeline.query.search import search_frame

    if not query or not query.strip():
        raise ConfigError("search needs a query, e.g. congvan search \"cai cach hanh chinh\"")
    texts = {r["document_id"]: r["text"] for r in _rows(source, "text")}
    return search_frame(query, _rows(source, "document"), texts, limit=limit, phrase=phrase)


class _Package(types.ModuleType):
    """This package, keeping its ``search`` function when the ``search`` submodule loads.

    Importing ``pipeline.query.search`` binds the submodule as the package's ``search``
    attribute; the eager imports used to run before ``def search`` and so lost to it, but a
    lazy import runs later and would replace the function (``query.search(...)`` → TypeError).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "search" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = ["deadlines", "quotas", "campaigns", "documents", "search", "create_views",
           "make_window", "Window"]
