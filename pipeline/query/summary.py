"""Campaign and document frames: the letters, and which campaigns ask whom for how much."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from pipeline.query.columns import CAMPAIGN_COLUMNS, DOCUMENT_COLUMNS, reference
from pipeline.query.fold import fold
from pipeline.query.frames import Row, Window, deadline_frame, make_frame, matches


def _key(row: Row) -> tuple[str, int | None]:
    return (row.get("campaign_topic") or "", row.get("campaign_year"))


def _quota_text(q: Row) -> str:
    return f"≥{q.get('minimum')} {q.get('item') or ''} ← {q.get('applies_to') or '?'}".strip()


def _campaign_row(key: tuple[str, int | None], docs: list[Row], dl: list[Row],
                  quotas: list[Row], today: date) -> dict[str, Any]:
    docs = sorted(docs, key=lambda d: (str(d.get("issued_date") or ""), str(d.get("document_id"))))
    upcoming = deadline_frame(dl, today=today, window=Window("all"))
    future = [o for o in upcoming["occurrence"] if o is not None and o >= today]
    dates = [str(d["issued_date"]) for d in docs if d.get("issued_date")]
    return {
        "campaign_topic": key[0] or None,
        "campaign_year": key[1],
        "documents": len(docs),
        "document_ids": ", ".join(str(d["document_id"]) for d in docs),
        "numbers": "; ".join(reference(dict(d)) for d in docs),
        "issuers": "; ".join(dict.fromkeys(str(d.get("issuer") or "?") for d in docs)),
        "first_issued": min(dates) if dates else None,
        "last_issued": max(dates) if dates else None,
        "deadlines": len(dl),
        "next_deadline": min(future) if future else None,
        "quotas": len(quotas),
        "quota_summary": "; ".join(dict.fromkeys(_quota_text(q) for q in quotas)),
    }


def campaign_frame(documents: Iterable[Row], deadlines: Iterable[Row], quotas: Iterable[Row],
                   *, today: date, campaign: str | None = None) -> pd.DataFrame:
    """One row per (topic, year): its letters, issuers, next deadline and quotas asked.

    Letters without a campaign are grouped under an empty topic, so nothing disappears.
    Duplicate scans (``duplicate_of`` set) are not counted twice.
    """
    groups: dict[tuple[str, int | None], tuple[list[Row], list[Row], list[Row]]] = {}
    for d in documents:
        if d.get("duplicate_of") is None and matches(d, campaign=campaign):
            groups.setdefault(_key(d), ([], [], []))[0].append(d)
    for i, rows in ((1, deadlines), (2, quotas)):
        for r in rows:
            if _key(r) in groups:
                groups[_key(r)][i].append(r)
    out = [_campaign_row(k, *v, today=today) for k, v in groups.items()]
    out.sort(key=lambda r: (-(r["campaign_year"] or 0), fold(r["campaign_topic"])))
    return make_frame(out, CAMPAIGN_COLUMNS)


def document_frame(documents: Iterable[Row], *, issuer: str | None = None,
                   campaign: str | None = None, doc_type: str | None = None) -> pd.DataFrame:
    """The letters, newest first, filtered diacritic-insensitively."""
    out = [dict(d) for d in documents
           if matches(d, issuer=issuer, campaign=campaign, doc_type=doc_type)]
    out.sort(key=lambda d: (str(d.get("issued_date") or ""), str(d.get("document_id"))), reverse=True)
    return make_frame(out, DOCUMENT_COLUMNS)
