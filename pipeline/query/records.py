"""Base rows straight from :class:`~pipeline.record.Record` objects, without a database.

The same keys as the SQL views, so ``congvan extract … --json`` output, the truth files and
a notebook's list of records can be queried like the database (``pipeline.query.deadlines``
accepts a list of records), and the tests can check the views against this reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.query.frames import to_date
from pipeline.record import Record

#: A record with the id the caller gives it (the database id, or its position).
Numbered = tuple[Any, Record]


def number_records(records: Sequence[Record] | Sequence[Numbered]) -> list[Numbered]:
    """``[(id, record)]``: records without ids are numbered 1, 2, … in the given order."""
    out: list[Numbered] = []
    for i, item in enumerate(records, start=1):
        out.append(item if isinstance(item, tuple) else (i, item))
    return out


def _doc_key(doc_id: Any, rec: Record) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "number": rec.number,
        "symbol": rec.symbol,
        "issuer": rec.issuer.name,
        "doc_type": rec.doc_type,
        "issued_date": rec.issued_date,
        "subject": rec.subject,
        "campaign_topic": rec.campaign.topic,
        "campaign_year": rec.campaign.year,
    }


def deadline_rows(records: Iterable[Numbered]) -> list[dict[str, Any]]:
    rows = []
    for doc_id, rec in records:
        key = _doc_key(doc_id, rec)
        for d in rec.deadlines:
            rows.append(key | {
                "date": to_date(d.date), "date_text": d.date, "start": to_date(d.start),
                "recurring": d.recurring, "action": d.action, "responsible": d.responsible,
                "text": d.text, "confidence": rec.confidence.get("deadlines"),
            })
    return rows


def quota_rows(records: Iterable[Numbered]) -> list[dict[str, Any]]:
    rows = []
    for doc_id, rec in records:
        key = _doc_key(doc_id, rec)
        for q in rec.quotas:
            rows.append(key | {
                "minimum": q.minimum, "item": q.item, "applies_to": q.applies_to,
                "text": q.text, "confidence": rec.confidence.get("quotas"),
            })
    return rows


def document_rows(records: Iterable[Numbered]) -> list[dict[str, Any]]:
    rows = []
    for doc_id, rec in records:
        rows.append(_doc_key(doc_id, rec) | {
            "place": rec.place, "issuer_parent": rec.issuer.parent,
            "signer": rec.signer.name, "signer_title": rec.signer.title,
            "urgency": rec.urgency, "secrecy": rec.secrecy,
            "deadlines": len(rec.deadlines), "quotas": len(rec.quotas),
            "source_path": rec.source.path, "sha256": rec.source.sha256,
        })
    return rows


def text_rows(records: Iterable[Numbered]) -> list[dict[str, Any]]:
    return [{"document_id": doc_id, "text": rec.text} for doc_id, rec in records]
