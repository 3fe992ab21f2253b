"""Every export format, on the deadline frame of the seed letters."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest
from icalendar import Calendar
from rich.console import Console

from pipeline import query
from pipeline.errors import ConfigError
from pipeline.export import render
from pipeline.export.chart import timeline_figure, timeline_png
from pipeline.export.table import print_table
from pipeline.record import Record

TODAY = date(2025, 9, 20)
STAMP = datetime(2025, 9, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def frame(records: list[Record]) -> pd.DataFrame:
    return query.deadlines(records, today=TODAY, between=("2021-01-01", "2026-12-31"))


def _csv_frame(data: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False)


def test_csv_round_trips(frame: pd.DataFrame) -> None:
    back = _csv_frame(render(frame, "csv", "deadlines"))
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(frame) == 10
    assert list(back["occurrence"]) == [d.isoformat() for d in frame["occurrence"]]
    assert back["text"].map(bool).all()
    assert "cải cách" in render(frame, "csv", "deadlines")  # UTF-8, not escaped


def test_json_is_a_list_of_objects_with_iso_dates(frame: pd.DataFrame) -> None:
    rows = json.loads(render(frame, "json", "deadlines"))
    assert len(rows) == len(frame)
    assert rows[0]["occurrence"] == frame.iloc[0]["occurrence"].isoformat()
    assert rows[0]["start"] is None or isinstance(rows[0]["start"], str)
    assert isinstance(rows[0]["days_left"], int) and isinstance(rows[0]["confidence"], float)


def test_xlsx_is_readable_and_has_the_csv_rows(frame: pd.DataFrame) -> None:
    data = render(frame, "xlsx", "deadlines")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["deadlines"]
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    col = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[col["text"]].width == 60  # long text: capped and wrapped
    assert ws.column_dimensions[col["status"]].width < 15
    occ = ws[f"{col['occurrence']}2"]
    assert occ.is_date and occ.number_format == "dd/mm/yyyy"
    assert ws[f"{col['text']}2"].alignment.wrap_text
    xl = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    csv = _csv_frame(render(frame, "csv", "deadlines"))
    for c in ("date", "start", "occurrence"):  # Excel dates come back as timestamps
        xl[c] = xl[c].str.slice(0, 10)
    pd.testing.assert_frame_equal(xl, csv)


def test_ics_has_one_all_day_event_per_deadline(frame: pd.DataFrame) -> None:
    data = render(frame, "ics", "deadlines", stamp=STAMP)
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(frame)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, (_, row) in zip(events, frame.iterrows(), strict=True):
        start = event.decoded("DTSTART")
        assert type(start) is date and start == row["occurrence"]
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert (event.decoded("DTEND") - start).days == 1
        ref = f"{row['number'] or '…'}/{row['symbol']}"
        assert ref in str(event["SUMMARY"])
        assert row["text"] in str(event["DESCRIPTION"])
        assert f"document id: {row['document_id']}" in str(event["DESCRIPTION"])
    assert b"VERSION:2.0" in data and b"PRODID:" in data


def test_ics_uids_are_stable(frame: pd.DataFrame) -> None:
    a = render(frame, "ics", "deadlines", stamp=STAMP)
    b = render(frame.iloc[::-1], "ics", "deadlines", stamp=STAMP)
    uids = lambda d: sorted(str(e["UID"]) for e in Calendar.from_ical(d).walk("VEVENT"))  # noqa: E731
    assert uids(a) == uids(b)


def test_ics_is_for_deadlines_only(records: list[Record]) -> None:
    with pytest.raises(ConfigError):
        render(query.quotas(records), "ics", "quotas")
    with pytest.raises(ConfigError):
        render(query.quotas(records), "yaml", "quotas")


@pytest.mark.parametrize("kind", ["deadlines", "quotas", "campaigns", "documents", "search"])
def test_table_shows_id_reference_and_evidence(records: list[Record], kind: str) -> None:
    frames = {
        "deadlines": lambda: query.deadlines(records, today=TODAY, upcoming=30),
        "quotas": lambda: query.quotas(records, applies_to="quan"),
        "campaigns": lambda: query.campaigns(records, today=TODAY, campaign="2025"),
        "documents": lambda: query.documents(records, issuer="gia vien"),
        "search": lambda: query.search("gia vien", records),
    }
    console = Console(record=True, width=200)
    print_table(frames[kind](), kind, "t", console=console)
    out = console.export_text()
    assert "UBND-VHXH" in out or "SNV-CCHC" in out
    if kind in ("deadlines", "quotas"):
        assert "«" in out and "#" in out  # evidence sentence and document id


def test_table_says_when_empty() -> None:
    console = Console(record=True, width=100)
    print_table(pd.DataFrame(), "deadlines", "Hạn", console=console)
    assert "no rows" in console.export_text()


def test_timeline_has_a_panel_per_campaign(frame: pd.DataFrame) -> None:
    fig = timeline_figure(frame, today=TODAY)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == [f"sáng kiến cải cách hành chính {y}" for y in (2021, 2024, 2025)]
    png = timeline_png(frame, today=TODAY)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert timeline_png(frame.iloc[0:0]).startswith(b"\x89PNG")
