"""From base rows (one per extracted deadline/quota/letter) to the analysts' DataFrames.

Base rows come either from the SQL views (:mod:`pipeline.query.db`) or straight from records
(:mod:`pipeline.query.records`); both give the same keys, so everything here — recurring
expansion, the time window, the overdue/upcoming status and the diacritic-insensitive filters
— is pure and tested without a database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from pipeline.query import recurring
from pipeline.query.columns import DEADLINE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, QUOTA_COLUMNS
from pipeline.query.fold import contains, fold

log = logging.getLogger(__name__)

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Window:
    """Which occurrences to list.

    ``kind`` is ``all`` (one-off deadlines once, recurring ones at their next ``count``
    occurrences on or after today), ``upcoming`` (today … today+``days``), ``overdue``
    (before today; a recurring deadline only at its latest past occurrence, since the
    next one supersedes it) or ``between`` (``lo`` … ``hi`` inclusive, every occurrence).
    """

    kind: str = "all"
    days: int = 30
    lo: date | None = None
    hi: date | None = None
    count: int = 1

    def occurrences(self, first: date, rec: str | None, today: date) -> list[date]:
        if self.kind == "upcoming":
            return recurring.between(first, rec, today, today + timedelta(days=self.days))
        if self.kind == "overdue":
            last = recurring.last_before(first, rec, today)
            return [last] if last is not None else []
        if self.kind == "between":
            lo, hi = self.lo, self.hi
            if hi is None and recurring.is_recurring(rec):
                hi = max(today, lo or today) + timedelta(days=366)
            return recurring.between(first, rec, lo, hi)
        if not recurring.is_recurring(rec):
            return [first]
        return recurring.next_on_or_after(first, rec, today, self.count)


def to_date(value: Any) -> date | None:
    """A full ISO date (or date/datetime/Timestamp) as ``date``; partial or bad → None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def status_of(occurrence: date, today: date, horizon_days: int) -> str:
    if occurrence < today:
        return "overdue"
    return "upcoming" if occurrence <= today + timedelta(days=horizon_days) else "later"


def _expand_one(row: Row, window: Window, today: date, horizon: int) -> list[dict[str, Any]]:
    first = to_date(row.get("date"))
    if first is None:
        log.warning("deadline of document %s has no full date: %r", row.get("document_id"), row.get("date"))
        return []
    rec = row.get("recurring") or None
    start = to_date(row.get("start"))
    out = []
    for occ in window.occurrences(first, rec, today):
        item = dict(row, date=first, recurring=rec, occurrence=occ)
        item["start"] = recurring.shift(start, first, rec, occ)
        item["status"] = status_of(occ, today, horizon)
        item["days_left"] = (occ - today).days
        out.append(item)
    return out


def matches(row: Row, **needles: str | None) -> bool:
    """Diacritic-insensitive substring filters; ``campaign`` matches topic or year."""
    for key, needle in needles.items():
        if not needle:
            continue
        if key == "campaign":
            hay = f"{row.get('campaign_topic') or ''} {row.get('campaign_year') or ''}"
        else:
            hay = str(row.get(key) or "")
        if not contains(hay, needle):
            return False
    return True


def deadline_frame(
    rows: Iterable[Row],
    *,
    today: date,
    window: Window = Window(),
    horizon_days: int = 30,
    issuer: str | None = None,
    responsible: str | None = None,
    campaign: str | None = None,
) -> pd.DataFrame:
    """Deadline base rows → occurrences in ``window``, filtered, sorted by occurrence."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if matches(row, issuer=issuer, responsible=responsible, campaign=campaign):
            out.extend(_expand_one(row, window, today, horizon_days))
    out.sort(key=lambda r: (r["occurrence"], fold(r.get("issuer")), str(r.get("document_id"))))
    return make_frame(out, DEADLINE_COLUMNS)


def quota_frame(
    rows: Iterable[Row],
    *,
    issuer: str | None = None,
    applies_to: str | None = None,
    campaign: str | None = None,
) -> pd.DataFrame:
    """Quota base rows, filtered, grouped by campaign then issuer."""
    out = [dict(r) for r in rows if matches(r, issuer=issuer, applies_to=applies_to, campaign=campaign)]
    out.sort(key=lambda r: (fold(r.get("campaign_topic")), r.get("campaign_year") or 0,
                            fold(r.get("issuer")), str(r.get("document_id"))))
    return make_frame(out, QUOTA_COLUMNS)


def make_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with exactly ``columns`` in order: counts as ``Int64``, scores as float,
    everything else as objects with None (not NaN) for missing values."""
    frame = pd.DataFrame({c: [r.get(c) for r in rows] for c in columns}, columns=list(columns))
    for col in columns:
        if col in INT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        elif col in FLOAT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
        else:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame
