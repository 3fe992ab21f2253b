"""The database path: SQL views and the Python API on SQLite (and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, inspect, text

from pipeline import query
from pipeline.query.views import VIEW_NAMES, create_views, missing_views
from pipeline.record import Record

TODAY = date(2025, 9, 20)


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the database ids (records are numbered 1…n, the store may number differently)."""
    return frame.drop(columns=["document_id"]).reset_index(drop=True)


def test_api_on_database_equals_api_on_records(seeded: Engine, records: list[Record]) -> None:
    for kwargs in ({}, {"upcoming": 30}, {"overdue": True}, {"between": ("2021-01-01", "2027-01-01")}):
        db_frame = query.deadlines(seeded, today=TODAY, **kwargs)
        rec_frame = query.deadlines(records, today=TODAY, **kwargs)
        pd.testing.assert_frame_equal(_comparable(db_frame), _comparable(rec_frame))
    pd.testing.assert_frame_equal(_comparable(query.quotas(seeded)), _comparable(query.quotas(records)))
    cols = ["campaign_topic", "campaign_year", "documents", "deadlines", "next_deadline", "quotas"]
    pd.testing.assert_frame_equal(query.campaigns(seeded, today=TODAY)[cols],
                                  query.campaigns(records, today=TODAY)[cols])
    docs = query.documents(seeded)
    assert len(docs) == 5 and set(docs["deadlines"]) == {0, 1, 2, 3}


def test_views_exist_and_match_rows(seeded: Engine) -> None:
    assert set(missing_views(seeded)) == set(VIEW_NAMES)
    create_views(seeded)
    create_views(seeded)  # idempotent
    assert not missing_views(seeded)
    assert set(VIEW_NAMES) <= set(inspect(seeded).get_view_names())
    with seeded.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM congvan_deadlines")).scalar_one()
        cols = conn.execute(text("SELECT * FROM congvan_deadlines")).keys()
        upcoming = conn.execute(text(
            "SELECT number, symbol, text FROM congvan_deadlines "
            "WHERE date >= :today ORDER BY date"), {"today": TODAY}).all()
        quota = conn.execute(text(
            "SELECT minimum FROM congvan_quotas WHERE applies_to LIKE '%quận%'")).scalar_one()
    assert n == 8
    assert {"document_id", "number", "symbol", "text", "date", "recurring"} <= set(cols)
    assert [(r.number, r.symbol) for r in upcoming] == [("934", "UBND-VHXH")] * 2
    assert "25/9" in upcoming[0].text
    assert quota == 2


def test_queries_see_reviewed_values(seeded: Engine) -> None:
    from pipeline.store.records import add_review

    docs = query.documents(seeded, issuer="gia vien")
    doc_id = int(docs.iloc[0]["document_id"])
    fixed = [{"date": "2025-10-15", "start": None, "recurring": None, "action": "nộp sáng kiến",
              "responsible": "Các phòng chuyên môn", "text": "trước ngày 15/10/2025"}]
    add_review(seeded, doc_id, "deadlines", fixed, reviewer="analyst")
    frame = query.deadlines(seeded, today=TODAY, issuer="gia vien")
    assert list(frame["occurrence"]) == [date(2025, 10, 15)]
    assert frame.iloc[0]["confidence"] == 1.0


def test_duplicate_scans_are_counted_once(engine: Engine, records: list[Record],
                                          store_records) -> None:
    second_scan = records[3].model_copy(deep=True)
    second_scan.source.sha256 = "f" * 64
    second_scan.source.path = "inbox/second-scan.pdf"
    store_records(engine, [*records, second_scan])
    assert len(query.documents(engine)) == 6
    assert len(query.deadlines(engine, today=TODAY)) == 8
    y2025 = query.campaigns(engine, today=TODAY, campaign="2025")
    assert list(y2025["documents"]) == [1]


def test_empty_database_gives_empty_frames_with_columns(engine: Engine) -> None:
    frame = query.deadlines(engine, today=TODAY)
    assert frame.empty and "occurrence" in frame.columns
    assert query.campaigns(engine, today=TODAY).empty
    assert query.search("cai cach", engine).empty


def test_url_source_opens_migrates_and_creates_views(tmp_path, records: list[Record]) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert query.documents(url).empty
    from pipeline.query.db import engine_for

    assert not missing_views(engine_for(url))


def test_next_occurrence_view_agrees_with_python(engine: Engine, records: list[Record],
                                                 store_records) -> None:
    leap = records[3].model_copy(deep=True)
    leap.source.sha256, leap.number = "e" * 64, "935"
    leap.deadlines[0].date, leap.deadlines[0].action = "2024-02-29", "báo cáo ngày nhuận"
    store_records(engine, [*records, leap])
    create_views(engine)
    today = date.today()  # the view uses the database's clock
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT number, action, next_date, status, days_left FROM congvan_deadlines_next")).all()
    from pipeline.query.frames import to_date

    got = sorted((r.number or "", r.action, to_date(r.next_date), r.status, int(r.days_left)) for r in rows)
    frame = query.deadlines(engine, today=today)
    want = sorted(zip(frame["number"].fillna(""), frame["action"], frame["occurrence"], frame["status"],
                      frame["days_left"].astype(int), strict=True))
    assert got == want
    leap_next = [r for r in got if r[1] == "báo cáo ngày nhuận"][0][2]
    assert leap_next.month == 2 and leap_next.day in (28, 29) and leap_next >= today
