"""iCalendar export: one all-day event per deadline occurrence, for Outlook and Google Calendar.

Events are ``VALUE=DATE`` all-day events (DTEND the next day, as Outlook expects), titled
with the letter's number/symbol and the action, and described with the subject, issuer,
who is responsible and the evidence sentence.  UIDs are derived from the content (document,
deadline, occurrence), not from row ids, so re-importing after a re-extraction updates the
same events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from icalendar import Alarm, Calendar, Event

from pipeline.export.values import records
from pipeline.query.columns import reference

PRODID = "-//congvan//deadlines//VI"
UID_DOMAIN = "congvan.local"
SUMMARY_MAX = 120


def uid(row: dict[str, Any]) -> str:
    key = "|".join(
        str(row.get(k) or "") for k in ("document_id", "date", "action", "responsible", "occurrence")
    )
    return f"{hashlib.sha1(key.encode()).hexdigest()[:20]}@{UID_DOMAIN}"


def _summary(row: dict[str, Any]) -> str:
    action = (row.get("action") or row.get("subject") or "hạn").strip()
    text = f"Hạn {reference(row)}: {action}"
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _description(row: dict[str, Any]) -> str:
    lines = [
        f"Văn bản: {row.get('doc_type') or ''} {reference(row)} ({row.get('issued_date') or ''})",
        f"Cơ quan ban hành: {row.get('issuer') or ''}",
        f"Trích yếu: {row.get('subject') or ''}",
        f"Việc: {row.get('action') or ''}",
        f"Trách nhiệm: {row.get('responsible') or ''}",
    ]
    if row.get("start"):
        lines.append(f"Từ ngày: {row['start'].isoformat()}")
    if row.get("recurring"):
        lines.append(f"Lặp lại: {row['recurring']}")
    lines += [f"Trích dẫn: {row.get('text') or ''}", f"congvan document id: {row.get('document_id')}"]
    return "\n".join(lines)


def _event(row: dict[str, Any], stamp: datetime, alarm_days: int | None) -> Event:
    day: date = row.get("occurrence") or row["date"]
    event = Event()
    event.add("uid", uid(row))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date → VALUE=DATE (all-day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _summary(row))
    event.add("description", _description(row))
    event.add("transp", "TRANSPARENT")
    if row.get("campaign_topic"):
        event.add("categories", [f"{row['campaign_topic']} {row.get('campaign_year') or ''}".strip()])
    if alarm_days:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(row))
        alarm.add("trigger", timedelta(days=-alarm_days))
        event.add_component(alarm)
    return event


def to_ics(
    frame: pd.DataFrame,
    *,
    name: str = "congvan — hạn văn bản",
    stamp: datetime | None = None,
    alarm_days: int | None = 3,
) -> bytes:
    """A deadline frame (``pipeline.query.deadlines``) as an iCalendar file's bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = stamp or datetime.now(UTC)
    for row in records(frame):
        if row.get("occurrence") or row.get("date"):
            cal.add_component(_event(row, stamp, alarm_days))
    return cal.to_ical()
