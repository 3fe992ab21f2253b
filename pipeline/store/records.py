"""A :class:`~pipeline.record.Record` to rows and back; runs, reviews and duplicate links.

Runs are append-only: a new extraction marks the previous run ``is_current = false`` and adds
its own.  When people have reviewed fields of the document, the model's run is kept as it
is (history) and a second run of kind ``review`` carries the reviewed values over, so that
"current" always means *the latest reviewed-or-extracted value*: a human correction is not
undone by a newer model, and the newer model's other fields still come through.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from typing import Any

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from pipeline.errors import ConfigError, StoreError
from pipeline.record import EXTRACTED_FIELDS, Record
from pipeline.store.db import write_session
from pipeline.store.models import (
    Campaign,
    Deadline,
    Document,
    ExtractionRun,
    FieldValue,
    Quota,
    Recipient,
    Reference,
    Review,
)

log = logging.getLogger(__name__)


def _fold(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def letter_key(record: Record) -> str | None:
    """issuer|number|symbol|year — the decree makes it unique per letter; None if incomplete."""
    year = (record.issued_date or "")[:4]
    parts = [_fold(record.issuer.name), _fold(record.number), _fold(record.symbol), year]
    return "|".join(parts) if all(parts) else None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _value_text(value: Any) -> str | None:
    if value is None or isinstance(value, str | int | float | bool):
        return None if value is None else str(value)
    if isinstance(value, dict):
        return value.get("name") or value.get("topic")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return None


def _run_row(record: Record, doc: Document, **kw: Any) -> ExtractionRun:
    conf = [c for f, c in record.confidence.items() if f in EXTRACTED_FIELDS]
    return ExtractionRun(
        document_id=doc.id,
        record=record.to_json_dict(),
        doc_type=record.doc_type,
        issuer_name=record.issuer.name,
        issuer_parent=record.issuer.parent,
        number=record.number,
        symbol=record.symbol,
        place=record.place,
        issued_date=record.issued_date,
        issued_year=int(year) if (year := (record.issued_date or "")[:4]).isdigit() else None,
        subject=record.subject,
        signer_name=record.signer.name,
        signer_title=record.signer.title,
        urgency=record.urgency,
        secrecy=record.secrecy,
        restoration_method=record.restoration.method,
        text=record.text,
        min_confidence=min(conf) if conf else None,
        is_current=False,
        **kw,
    )


def _children(record: Record, run: ExtractionRun, reviewed: set[str]) -> list[Any]:
    ids = {"run_id": run.id, "document_id": run.document_id}
    data = record.to_json_dict()
    rows: list[Any] = []
    for name in EXTRACTED_FIELDS:
        ev = record.evidence.get(name)
        span = ev.span if ev and ev.span and len(ev.span) == 2 else [None, None]
        rows.append(FieldValue(
            **ids, field=name, value=data.get(name), value_text=_value_text(data.get(name)),
            confidence=record.confidence.get(name),
            source="review" if name in reviewed else "extraction",
            evidence_page=ev.page if ev else None, evidence_bbox=ev.bbox if ev else None,
            evidence_start=span[0], evidence_end=span[1],
        ))
    for i, d in enumerate(record.deadlines):
        rows.append(Deadline(
            **ids, position=i, due_date=_iso_date(d.date), start_date=_iso_date(d.start),
            date_text=d.date, start_text=d.start, recurring=d.recurring, action=d.action,
            responsible=d.responsible, text=d.text,
        ))
    for i, q in enumerate(record.quotas):
        rows.append(Quota(**ids, position=i, minimum=q.minimum, item=q.item,
                          applies_to=q.applies_to, text=q.text))
    for role, names in (("recipient", record.recipients), ("distribution", record.distribution)):
        rows += [Recipient(**ids, position=i, role=role, name=n) for i, n in enumerate(names)]
    for i, r in enumerate(record.references):
        rows.append(Reference(**ids, position=i, doc_type=r.doc_type, number=r.number,
                              symbol=r.symbol, date_text=r.date, ref_date=_iso_date(r.date),
                              issuer=r.issuer))
    if record.campaign.topic or record.campaign.year:
        rows.append(Campaign(**ids, topic=record.campaign.topic, year=record.campaign.year))
    return rows


def _insert_run(
    session: Session, doc: Document, record: Record, reviewed: set[str], **kw: Any
) -> ExtractionRun:
    run = _run_row(record, doc, **kw)
    session.add(run)
    session.flush()
    session.add_all(_children(record, run, reviewed))
    return run


def _make_current(session: Session, doc: Document, run: ExtractionRun) -> None:
    session.execute(
        update(ExtractionRun)
        .where(ExtractionRun.document_id == doc.id, ExtractionRun.id != run.id)
        .values(is_current=False)
        .execution_options(synchronize_session=False)
    )
    run.is_current = True


def reviewed_values(session: Session, document_id: int) -> dict[str, Any]:
    """The latest reviewed value of each reviewed field of a document."""
    rows = session.scalars(
        select(Review).where(Review.document_id == document_id).order_by(Review.id)
    )
    return {r.field: r.new_value for r in rows}


def _apply(record: Record, values: dict[str, Any]) -> Record:
    data = record.to_json_dict()
    for name, value in values.items():
        data[name] = value
        data["confidence"][name] = 1.0
    return Record.from_json_dict(data)


def add_run(
    session: Session, doc: Document, record: Record, *, model_version: str, code_version: str
) -> ExtractionRun:
    """Store a model's record as a new run (plus a review run carrying human corrections)."""
    versions = {"model_version": model_version, "code_version": code_version}
    run = _insert_run(session, doc, record, set(), kind="extraction", **versions)
    reviews = reviewed_values(session, doc.id)
    if reviews:
        record = _apply(record, reviews)
        run = _insert_run(session, doc, record, set(reviews), kind="review",
                          based_on_run_id=run.id, **versions)
    _make_current(session, doc, run)
    old_key, doc.letter_key = doc.letter_key, letter_key(record)
    session.flush()
    for key in {old_key, doc.letter_key} - {None}:
        link_duplicates(session, key)  # type: ignore[arg-type]
    return run


def link_duplicates(session: Session, key: str) -> None:
    """All documents of one letter point at the first one stored (lowest id)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})
    docs = session.scalars(
        select(Document).where(Document.letter_key == key).order_by(Document.id)
    ).all()
    for i, d in enumerate(docs):
        d.duplicate_of_id = docs[0].id if i else None
    if len(docs) > 1:
        log.info("letter %s arrived as %d scans: %s", key, len(docs), [d.original_name for d in docs])


def add_review(
    engine: Engine,
    document_id: int,
    field: str,
    new_value: Any,
    *,
    reviewer: str,
    comment: str | None = None,
    action: str = "correct",
) -> Review:
    """Record one human correction (or confirmation) and make it the current value."""
    if field not in EXTRACTED_FIELDS:
        raise ConfigError(f"unknown field {field!r}; reviewable fields: {', '.join(EXTRACTED_FIELDS)}")
    with write_session(engine) as session:
        current = session.scalars(
            select(ExtractionRun).where(
                ExtractionRun.document_id == document_id, ExtractionRun.is_current.is_(True)
            )
        ).one_or_none()
        if current is None:
            raise StoreError(f"document {document_id} has no extraction to review")
        doc = session.get_one(Document, document_id)
        old = Record.from_json_dict(current.record)
        record = _apply(old, {field: new_value})  # validates the new value's shape
        review = Review(document_id=document_id, reviewed_run_id=current.id, field=field,
                        action=action, old_value=old.to_json_dict()[field],
                        new_value=record.to_json_dict()[field], reviewer=reviewer,
                        comment=comment)
        session.add(review)
        session.flush()
        reviewed = set(reviewed_values(session, document_id))
        run = _insert_run(session, doc, record, reviewed, kind="review",
                          based_on_run_id=current.id, model_version=current.model_version,
                          code_version=current.code_version)
        _make_current(session, doc, run)
        review.result_run_id = run.id
        old_key, doc.letter_key = doc.letter_key, letter_key(record)
        session.flush()
        for key in {old_key, doc.letter_key} - {None}:
            link_duplicates(session, key)  # type: ignore[arg-type]
        session.expunge(review)
        return review


def current_records(engine: Engine) -> dict[str, dict[str, Any]]:
    """sha256 → current record (JSON) of every stored document, for exports and comparisons."""
    with Session(engine) as session:
        rows = session.execute(
            select(Document.sha256, ExtractionRun.record)
            .join(ExtractionRun, ExtractionRun.document_id == Document.id)
            .where(ExtractionRun.is_current.is_(True))
            .order_by(Document.sha256)
        )
        return {sha: record for sha, record in rows}


def count_runs(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ExtractionRun)) or 0
