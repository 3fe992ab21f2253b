"""Recurring deadlines ("trước ngày 25/9 hằng năm") expanded into dated occurrences.

A record stores a yearly deadline once, at its first occurrence on or after the letter's
issue date (RECORD.md).  Analysts ask about dates, so the query layer turns that one row into
the occurrences that fall in the window they asked about.  Every occurrence is computed from
the first one (never chained year to year), so a deadline first due on 29 February falls on
28 February in common years and returns to the 29th in leap years.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from dateutil.relativedelta import relativedelta

#: recurrence → step between occurrences.  Only "yearly" is in RECORD.md; the others cost
#: nothing and keep an extractor that learns "hằng tháng"/"hằng quý" from breaking queries.
STEPS: Final[dict[str, relativedelta]] = {
    "yearly": relativedelta(years=1),
    "quarterly": relativedelta(months=3),
    "monthly": relativedelta(months=1),
}

#: Cap on occurrences produced for one deadline, so a window of centuries cannot explode.
MAX_OCCURRENCES: Final = 1000


def _step(recurring: str | None) -> relativedelta | None:
    if not recurring:
        return None
    return STEPS.get(recurring.strip().lower())


def is_recurring(recurring: str | None) -> bool:
    """Whether ``recurring`` names a recurrence this module can expand."""
    return _step(recurring) is not None


def nth(first: date, recurring: str | None, n: int) -> date:
    """The ``n``-th occurrence (0 is ``first``); a one-off deadline has only occurrence 0."""
    step = _step(recurring)
    if step is None or n == 0:
        return first
    return first + step * n


def _index_on_or_after(first: date, step: relativedelta, day: date) -> int:
    """Smallest n ≥ 0 whose occurrence is on or after ``day``."""
    if day <= first:
        return 0
    # Estimate from the average step length, then correct: month arithmetic is irregular.
    approx_days = step.years * 365.25 + step.months * 30.44
    n = max(0, int((day - first).days / approx_days) - 1)
    while first + step * n < day:
        n += 1
    return n


def between(first: date, recurring: str | None, lo: date | None, hi: date | None) -> list[date]:
    """Occurrences ``d`` with ``lo <= d <= hi`` (open ends when None), oldest first."""
    step = _step(recurring)
    if step is None:
        inside = (lo is None or first >= lo) and (hi is None or first <= hi)
        return [first] if inside else []
    if hi is None:
        raise ValueError("an open-ended window has infinitely many recurring occurrences")
    out: list[date] = []
    n = _index_on_or_after(first, step, lo) if lo is not None else 0
    while len(out) < MAX_OCCURRENCES:
        occ = first + step * n
        if occ > hi:
            break
        out.append(occ)
        n += 1
    return out


def next_on_or_after(first: date, recurring: str | None, day: date, count: int = 1) -> list[date]:
    """The next ``count`` occurrences on or after ``day`` (a past one-off deadline: none)."""
    step = _step(recurring)
    if step is None:
        return [first] if first >= day else []
    n = _index_on_or_after(first, step, day)
    return [first + step * (n + k) for k in range(count)]


def last_before(first: date, recurring: str | None, day: date) -> date | None:
    """The latest occurrence strictly before ``day``, or None when there is none."""
    if first >= day:
        return None
    step = _step(recurring)
    if step is None:
        return first
    n = _index_on_or_after(first, step, day)
    return first + step * (n - 1)


def shift(start: date | None, first: date, recurring: str | None, occurrence: date) -> date | None:
    """Move a window's ``start`` by as many steps as ``occurrence`` is from ``first``."""
    step = _step(recurring)
    if start is None or step is None or occurrence <= first:
        return start
    return start + step * _index_on_or_after(first, step, occurrence)
