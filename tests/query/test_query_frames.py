"""The Python API over records (no database): contracts, windows, status, filters."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import query
from pipeline.errors import ConfigError
from pipeline.query.columns import (
    CAMPAIGN_COLUMNS,
    DEADLINE_COLUMNS,
    DOCUMENT_COLUMNS,
    QUOTA_COLUMNS,
    SEARCH_COLUMNS,
)
from pipeline.record import Record

TODAY = date(2025, 9, 20)  # same as conftest.TODAY: between the 2025 letter and its deadlines



def test_deadline_contract_and_evidence(records: list[Record]) -> None:
    frame = query.deadlines(records, today=TODAY)
    assert tuple(frame.columns) == DEADLINE_COLUMNS
    assert len(frame) == sum(len(r.deadlines) for r in records)  # one row each by default
    assert frame["document_id"].notna().all()
    assert frame["text"].map(bool).all()
    assert list(frame["occurrence"]) == sorted(frame["occurrence"])
    row = frame[frame["symbol"] == "UBND-VHXH"].iloc[0]
    assert row["number"] == "934" and row["recurring"] == "yearly"
    assert "25/9" in row["text"]


def test_status_and_days_left(records: list[Record]) -> None:
    frame = query.deadlines(records, today=TODAY)
    by_date = dict(zip(frame["occurrence"], frame["status"], strict=False))
    assert by_date[date(2025, 9, 25)] == "upcoming"
    assert by_date[date(2024, 6, 25)] == "overdue"
    assert frame.loc[frame["occurrence"] == date(2025, 9, 30), "days_left"].iloc[0] == 10
    later = query.deadlines(records, today=TODAY, horizon=3)
    assert set(later.loc[later["symbol"] == "UBND-VHXH", "status"]) == {"later"}


def test_upcoming_window(records: list[Record]) -> None:
    frame = query.deadlines(records, today=TODAY, upcoming=30)
    assert list(frame["occurrence"]) == [date(2025, 9, 25), date(2025, 9, 30)]
    assert set(frame["status"]) == {"upcoming"}
    assert query.deadlines(records, today=TODAY, upcoming=4).empty


def test_recurring_expands_into_next_occurrences(records: list[Record]) -> None:
    a_year_later = date(2026, 9, 1)
    frame = query.deadlines(records, today=a_year_later, upcoming=30)
    assert list(frame["occurrence"]) == [date(2026, 9, 25), date(2026, 9, 30)]
    assert list(frame["date"]) == [date(2025, 9, 25), date(2025, 9, 30)]  # as extracted
    three = query.deadlines(records, today=a_year_later, occurrences=3, campaign="2025")
    assert [d.year for d in three["occurrence"]] == [2026, 2026, 2027, 2027, 2028, 2028]


def test_overdue_lists_latest_past_occurrence_once(records: list[Record]) -> None:
    frame = query.deadlines(records, today=date(2027, 10, 1), overdue=True)
    assert (frame["occurrence"] < date(2027, 10, 1)).all()
    assert set(frame["status"]) == {"overdue"}
    yearly = frame[frame["recurring"] == "yearly"]
    assert list(yearly["occurrence"]) == [date(2027, 9, 25), date(2027, 9, 30)]
    assert len(frame) == sum(len(r.deadlines) for r in records)


def test_between_window_lists_every_occurrence(records: list[Record]) -> None:
    frame = query.deadlines(records, today=TODAY, between=("2024-06-01", "2026-12-31"))
    assert frame["occurrence"].min() == date(2024, 6, 25)
    assert sum(frame["recurring"] == "yearly") == 4  # 2025 and 2026, two deadlines
    assert query.deadlines(records, today=TODAY, between=(date(2022, 1, 1), date(2022, 12, 31))).empty


def test_filters_ignore_accents_and_case(records: list[Record]) -> None:
    frame = query.deadlines(records, today=TODAY, issuer="vinh linh")
    assert set(frame["issuer"]) == {"Ủy ban nhân dân huyện Vĩnh Linh"} and len(frame) == 3
    frame = query.deadlines(records, today=TODAY, responsible="phong van hoa")
    assert list(frame["symbol"]) == ["UBND-VHXH"]
    frame = query.deadlines(records, today=TODAY, campaign="cai cach 2021")
    assert frame.empty  # the words must be contiguous in "topic year"
    assert len(query.deadlines(records, today=TODAY, campaign="2021")) == 2


@pytest.mark.parametrize("kwargs", [
    {"upcoming": 30, "overdue": True}, {"upcoming": -1}, {"between": ("2024-13-01", "2025-01-01")},
    {"between": ("2025-01-01", "2024-01-01")},
])
def test_bad_windows_raise_config_error(records: list[Record], kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        query.deadlines(records, today=TODAY, **kwargs)


def test_quotas_who_owes_what(records: list[Record]) -> None:
    frame = query.quotas(records)
    assert tuple(frame.columns) == QUOTA_COLUMNS
    assert len(frame) == sum(len(r.quotas) for r in records)
    assert str(frame["minimum"].dtype) == "Int64"
    wards = query.quotas(records, applies_to="quan, huyen")
    assert list(wards["minimum"]) == [2] and wards.iloc[0]["number"] == "1980"
    assert "tối thiểu 2" in wards.iloc[0]["text"]


def test_campaigns_summary(records: list[Record]) -> None:
    frame = query.campaigns(records, today=TODAY)
    assert tuple(frame.columns) == CAMPAIGN_COLUMNS
    assert list(frame["campaign_year"]) == [2025, 2024, 2021]
    y2024 = frame[frame["campaign_year"] == 2024].iloc[0]
    assert y2024["documents"] == 3 and y2024["quotas"] == 2 and y2024["deadlines"] == 4
    assert y2024["next_deadline"] is None  # all 2024 deadlines are past
    y2025 = frame[frame["campaign_year"] == 2025].iloc[0]
    assert y2025["next_deadline"] == date(2025, 9, 25)
    assert "934/UBND-VHXH" in y2025["numbers"] and "≥1 sáng kiến" in y2025["quota_summary"]


def test_documents(records: list[Record]) -> None:
    frame = query.documents(records)
    assert tuple(frame.columns) == DOCUMENT_COLUMNS
    assert list(frame["issued_date"]) == sorted(frame["issued_date"], reverse=True)
    assert list(query.documents(records, issuer="BIEN HOA")["number"]) == ["1940"]
    assert list(query.documents(records, doc_type="ke hoach")["symbol"]) == ["KH-UBND"]


@pytest.mark.parametrize("q", ["cai cach hanh chinh", "CẢI CÁCH", "cải cach HANH chinh"])
def test_search_accentless_finds_seed_letters(records: list[Record], q: str) -> None:
    frame = query.search(q, records)
    assert tuple(frame.columns) == SEARCH_COLUMNS
    assert set(frame["number"].dropna()) >= {"1940", "934", "1980"}
    assert len(frame) == 5
    top = frame.iloc[0]
    assert "«" in top["snippet"] and "cải cách" in top["snippet"].lower()


def test_search_phrase_and_misses(records: list[Record]) -> None:
    assert list(query.search("bien hoa", records, phrase=True)["number"]) == ["1940"]
    assert query.search("xyzzy khong co", records).empty
    with pytest.raises(ConfigError):
        query.search("  ", records)


def test_ids_given_with_records_are_kept(records: list[Record]) -> None:
    frame = query.deadlines([(101, records[1])], today=TODAY)
    assert list(frame["document_id"]) == [101]
