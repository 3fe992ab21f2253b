"""Vietnamese dates and counts in the forms letters print them."""

from __future__ import annotations

import pytest

from pipeline.extract.dates import add_days, find_dates, next_yearly, parse_count, resolve


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ngày 30 tháng 01 năm 2024", "2024-01-30"),
        ("ngày 30/01/2024", "2024-01-30"),
        ("ngày 30-01-2024", "2024-01-30"),
        ("ngày 30.01.2024", "2024-01-30"),
        ("ngày 5/3/2025", "2025-03-05"),
        ("ngày  tháng 5 năm 2024", "2024-05"),
        ("ngày    tháng    năm 2024", "2024"),
        ("ngay 9 thang 1 nam 2022", "2022-01-09"),
    ],
)
def test_date_forms(text: str, iso: str) -> None:
    hits = find_dates(text)
    assert [h.iso for h in hits] == [iso]


def test_year_less_date_needs_ngay_and_takes_the_letters_year() -> None:
    (hit,) = find_dates("trước ngày 15/5")
    assert hit.year is None
    assert resolve(hit, "2024-03-02") == "2024-05-15"
    assert find_dates("tỷ lệ 15/5") == []


def test_invalid_dates_are_ignored() -> None:
    assert find_dates("ngày 31/02/2024") == []


def test_yearly_and_relative() -> None:
    assert next_yearly(25, 9, "2025-09-19") == "2025-09-25"
    assert next_yearly(25, 9, "2025-10-01") == "2026-09-25"
    assert next_yearly(30, 11, "2024-05") == "2024-11-30"  # day unknown: the same year
    assert add_days("2024-01-30", 10) == "2024-02-09"
    assert add_days("2024-05", 10) is None


@pytest.mark.parametrize(("token", "n"), [("05", 5), ("1", 1), ("một", 1), ("hai", 2), ("mười lăm", 15), ("x", None)])
def test_counts(token: str, n: int | None) -> None:
    assert parse_count(token) == n
