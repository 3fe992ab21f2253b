"""Recurring expansion: first occurrence, windows, 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.query.recurring import between, last_before, next_on_or_after, nth, shift


def test_one_off_deadline_is_its_own_only_occurrence() -> None:
    d = date(2024, 6, 25)
    assert between(d, None, date(2024, 1, 1), date(2024, 12, 31)) == [d]
    assert between(d, None, date(2024, 7, 1), None) == []
    assert next_on_or_after(d, None, date(2024, 7, 1)) == []
    assert last_before(d, None, date(2024, 7, 1)) == d
    assert nth(d, None, 5) == d


def test_yearly_next_occurrences_from_today() -> None:
    first = date(2025, 9, 25)
    assert next_on_or_after(first, "yearly", date(2025, 9, 20)) == [first]
    assert next_on_or_after(first, "yearly", date(2025, 9, 25)) == [first]
    assert next_on_or_after(first, "yearly", date(2025, 9, 26), 2) == [date(2026, 9, 25), date(2027, 9, 25)]
    assert next_on_or_after(first, "yearly", date(2031, 1, 1)) == [date(2031, 9, 25)]


def test_yearly_never_before_first_occurrence() -> None:
    first = date(2025, 9, 25)
    assert between(first, "yearly", date(2020, 1, 1), date(2026, 12, 31)) == [first, date(2026, 9, 25)]
    assert last_before(first, "yearly", date(2025, 9, 1)) is None
    assert last_before(first, "yearly", date(2027, 1, 1)) == date(2026, 9, 25)


def test_29_february_falls_back_and_returns() -> None:
    first = date(2024, 2, 29)
    got = between(first, "yearly", date(2024, 1, 1), date(2028, 12, 31))
    assert got == [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28),
                   date(2027, 2, 28), date(2028, 2, 29)]
    assert next_on_or_after(first, "yearly", date(2027, 3, 1)) == [date(2028, 2, 29)]
    assert last_before(first, "yearly", date(2028, 2, 29)) == date(2027, 2, 28)


def test_window_start_moves_with_occurrence() -> None:
    first, start = date(2024, 6, 25), date(2024, 5, 15)
    assert shift(start, first, "yearly", date(2026, 6, 25)) == date(2026, 5, 15)
    assert shift(start, first, None, first) == start
    assert shift(None, first, "yearly", date(2026, 6, 25)) is None


def test_open_window_on_recurring_is_refused() -> None:
    with pytest.raises(ValueError, match="open-ended"):
        between(date(2024, 1, 1), "yearly", date(2024, 1, 1), None)


def test_unknown_recurrence_is_one_off() -> None:
    assert between(date(2024, 1, 1), "fortnightly", None, date(2030, 1, 1)) == [date(2024, 1, 1)]
