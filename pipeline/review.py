"""What auditors review: the low-confidence queue, one document's fields, the trail, calibration.

Built on the store's schema (:mod:`pipeline.store.models`): the *current* run of a document
holds the latest reviewed-or-extracted value of every field, the newest run of kind
``extraction`` holds the machine's value, confidence and evidence, and ``reviews`` is the
append-only audit log.  Corrections go through :func:`pipeline.store.records.add_review`,
which makes a new current run, so every analyst query and export sees them.  No web code
here: the review page (``pipeline.web``) and any script call these functions alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

from pipeline.record import EXTRACTED_FIELDS
from pipeline.store.models import Campaign, Document, ExtractionRun, FieldValue, Review
from pipeline.store.records import add_review

DEFAULT_THRESHOLD = 0.6  # as ``Settings.low_confidence``; callers pass the configured one


@dataclass(frozen=True)
class QueueItem:
    document_id: int
    field: str
    value: Any
    confidence: float
    name: str
    doc_type: str | None
    number: str | None
    symbol: str | None
    issuer: str | None
    campaign: str | None


@dataclass(frozen=True)
class Facets:
    """The values the queue can be filtered by, for the filter menus."""

    fields: list[str]
    campaigns: list[str]
    issuers: list[str]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # ISO 8601, UTC, seconds
    reviewer: str
    document_id: int
    field: str
    action: str  # correct | confirm
    old: Any
    new: Any
    comment: str | None


@dataclass
class FieldView:
    field: str
    value: Any  # the current value: the auditor's if reviewed, else the machine's
    machine_value: Any
    confidence: float | None  # the machine's
    page: int | None
    bbox: list[int] | None
    source_text: str | None
    review: AuditEntry | None = None

    @property
    def changed(self) -> bool:
        return self.review is not None and self.value != self.machine_value


@dataclass
class DocumentView:
    id: int
    name: str
    path: str
    kind: str | None
    pages: int | None
    run_kind: str
    doc_type: str | None
    number: str | None
    symbol: str | None
    issuer: str | None
    text: str
    fields: list[FieldView] = field(default_factory=list)


def _campaign_label(topic: str | None, year: int | None) -> str | None:
    if not topic and not year:
        return None
    return f"{topic or '?'} ({year})" if year else str(topic)


def review_queue(
    session: Session,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    field: str | None = None,
    campaign: str | None = None,
    issuer: str | None = None,
    limit: int = 500,
) -> list[QueueItem]:
    """Unreviewed fields of current runs below ``threshold``, lowest confidence first."""
    stmt = (
        select(FieldValue, ExtractionRun, Document, Campaign)
        .join(ExtractionRun, ExtractionRun.id == FieldValue.run_id)
        .join(Document, Document.id == FieldValue.document_id)
        .outerjoin(Campaign, Campaign.run_id == ExtractionRun.id)
        .where(ExtractionRun.is_current.is_(True), FieldValue.source == "extraction",
               FieldValue.confidence < threshold)
    )
    if field:
        stmt = stmt.where(FieldValue.field == field)
    if issuer:
        stmt = stmt.where(ExtractionRun.issuer_name == issuer)
    rows = session.execute(
        stmt.order_by(FieldValue.confidence, Document.id, FieldValue.id)
    ).all()
    items: list[QueueItem] = []
    for fv, run, doc, camp in rows:
        label = _campaign_label(camp.topic, camp.year) if camp else None
        if campaign and label != campaign:
            continue
        items.append(
            QueueItem(doc.id, fv.field, fv.value, float(fv.confidence or 0.0), doc.original_name,
                      run.doc_type, run.number, run.symbol, run.issuer_name, label)
        )
        if len(items) >= limit:
            break
    return items


def facets(session: Session) -> Facets:
    current = ExtractionRun.is_current.is_(True)
    issuers = session.scalars(
        select(ExtractionRun.issuer_name).where(current, ExtractionRun.issuer_name.is_not(None))
        .distinct().order_by(ExtractionRun.issuer_name)
    )
    camps = session.execute(
        select(Campaign.topic, Campaign.year).join(ExtractionRun, ExtractionRun.id == Campaign.run_id)
        .where(current).distinct()
    )
    labels = sorted({lbl for t, y in camps if (lbl := _campaign_label(t, y))})
    return Facets(list(EXTRACTED_FIELDS), labels, [i for i in issuers if i])


def machine_run_id(session: Session, document_id: int) -> int | None:
    """The newest extraction (model) run of a document: where the machine's values are."""
    return session.scalar(select(func.max(ExtractionRun.id)).where(
        ExtractionRun.document_id == document_id, ExtractionRun.kind == "extraction"))


def _entry(r: Review) -> AuditEntry:
    at = r.created_at.replace(tzinfo=dt.UTC) if r.created_at.tzinfo is None else r.created_at
    return AuditEntry(r.id, at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), r.reviewer,
                      r.document_id, r.field, r.action, r.old_value, r.new_value, r.comment)


def _source_text(text: str, start: int | None, end: int | None) -> str | None:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return text[start:end]


def document_view(session: Session, document_id: int) -> DocumentView | None:
    """A document's fields: current value, machine value, confidence, evidence, last review."""
    doc = session.get(Document, document_id)
    run = session.scalar(
        select(ExtractionRun).where(
            ExtractionRun.document_id == document_id, ExtractionRun.is_current.is_(True)
        )
    )
    if doc is None or run is None:
        return None
    machine_id = machine_run_id(session, document_id) or run.id
    machine_text = session.scalar(select(ExtractionRun.text).where(ExtractionRun.id == machine_id)) or ""
    current = {fv.field: fv for fv in session.scalars(select(FieldValue).where(FieldValue.run_id == run.id))}
    machine = {fv.field: fv for fv in session.scalars(select(FieldValue).where(FieldValue.run_id == machine_id))}
    last = {r.field: _entry(r) for r in session.scalars(
        select(Review).where(Review.document_id == document_id).order_by(Review.id))}
    view = DocumentView(doc.id, doc.original_name, doc.stored_path or doc.source_path, doc.kind,
                        doc.pages, run.kind, run.doc_type, run.number, run.symbol,
                        run.issuer_name, run.text)
    for name in EXTRACTED_FIELDS:
        cur, mac = current.get(name), machine.get(name) or current.get(name)
        if cur is None or mac is None:
            continue
        view.fields.append(FieldView(
            field=name, value=cur.value, machine_value=mac.value, confidence=mac.confidence,
            page=mac.evidence_page, bbox=mac.evidence_bbox,
            source_text=_source_text(machine_text, mac.evidence_start, mac.evidence_end),
            review=last.get(name) if cur.source == "review" else None,
        ))
    return view


def accept(engine: Engine, document_id: int, field: str, *, reviewer: str,
           comment: str | None = None) -> AuditEntry:
    """Confirm the field's current value (logged as ``confirm``; counts as right if unchanged)."""
    with Session(engine) as session:
        value = session.scalar(
            select(FieldValue.value).join(ExtractionRun, ExtractionRun.id == FieldValue.run_id)
            .where(FieldValue.document_id == document_id, FieldValue.field == field,
                   ExtractionRun.is_current.is_(True))
        )
    review = add_review(engine, document_id, field, value, reviewer=reviewer,
                        comment=comment or None, action="confirm")
    return _entry(review)


def correct(engine: Engine, document_id: int, field: str, value: Any, *, reviewer: str,
            comment: str) -> AuditEntry:
    """Replace the field's value; the machine's stays in its run and in the log's ``old``."""
    review = add_review(engine, document_id, field, value, reviewer=reviewer,
                        comment=comment, action="correct")
    return _entry(review)


def audit_trail(session: Session, *, document_id: int | None = None,
                reviewer: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Reviews, newest first."""
    stmt = select(Review).order_by(Review.id.desc())
    if document_id is not None:
        stmt = stmt.where(Review.document_id == document_id)
    if reviewer:
        stmt = stmt.where(Review.reviewer == reviewer)
    if limit:
        stmt = stmt.limit(limit)
    return [_entry(r) for r in session.scalars(stmt)]


CSV_COLUMNS = ("id", "at", "reviewer", "document_id", "field", "action", "old", "new", "reason")


def _cell(value: Any) -> str:
    """JSON for structured values; a leading ' defuses spreadsheet formulas (=, +, -, @)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_audit_csv(entries: Iterable[AuditEntry], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([e.id, e.at, _cell(e.reviewer), e.document_id, e.field, e.action,
                         _cell(e.old), _cell(e.new), _cell(e.comment or "")])


@dataclass
class CalibrationBin:
    lo: float
    hi: float
    count: int = 0
    correct: int = 0
    confidence_sum: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.count if self.count else 0.0

    @property
    def mean_confidence(self) -> float:
        return self.confidence_sum / self.count if self.count else 0.0


@dataclass
class Calibration:
    field: str
    bins: list[CalibrationBin]
    extracted: int = 0  # current fields with a machine confidence
    below: int = 0  # of which below the threshold and not yet reviewed

    @property
    def reviewed(self) -> int:
        return sum(b.count for b in self.bins)

    @property
    def right(self) -> int:
        return sum(b.correct for b in self.bins)

    @property
    def ece(self) -> float | None:
        n = self.reviewed
        if not n:
            return None
        return sum(b.count / n * abs(b.accuracy - b.mean_confidence) for b in self.bins)


def reviewed_outcomes(session: Session) -> list[tuple[str, float, bool]]:
    """(field, machine confidence, machine was right) per reviewed field of each document.

    The latest review of a field is the verdict; the machine's value and confidence are those
    of the model run the review was made on, so a later re-extraction does not rewrite history.
    """
    latest = (
        select(func.max(Review.id)).group_by(Review.document_id, Review.field).scalar_subquery()
    )
    machine_run = aliased(ExtractionRun)
    run_of = (
        select(func.max(machine_run.id))
        .where(machine_run.document_id == Review.document_id, machine_run.kind == "extraction",
               machine_run.id <= Review.reviewed_run_id)
        .correlate(Review).scalar_subquery()
    )
    rows = session.execute(
        select(Review.field, Review.new_value, FieldValue.value, FieldValue.confidence)
        .join(FieldValue, (FieldValue.run_id == run_of) & (FieldValue.field == Review.field))
        .where(Review.id.in_(latest), FieldValue.confidence.is_not(None))
    )
    return [(f, float(c), new == old) for f, new, old, c in rows]


def calibration(session: Session, *, threshold: float = DEFAULT_THRESHOLD,
                bins: int = 10) -> list[Calibration]:
    """Per field (and ``all``): reliability bins of reviewed fields, plus queue counts."""
    def fresh(name: str) -> Calibration:
        return Calibration(name, [CalibrationBin(i / bins, (i + 1) / bins) for i in range(bins)])

    table = {name: fresh(name) for name in ("all", *EXTRACTED_FIELDS)}
    for name, conf, right in reviewed_outcomes(session):
        if name not in table:
            continue
        b = min(int(conf * bins), bins - 1)
        for key in ("all", name):
            cell = table[key].bins[b]
            cell.count += 1
            cell.correct += int(right)
            cell.confidence_sum += conf
    counts = session.execute(
        select(FieldValue.field, FieldValue.confidence, FieldValue.source)
        .join(ExtractionRun, ExtractionRun.id == FieldValue.run_id)
        .where(ExtractionRun.is_current.is_(True), FieldValue.confidence.is_not(None))
    )
    for name, machine_conf, source in counts:
        if name not in table:
            continue
        for key in ("all", name):
            table[key].extracted += 1
            table[key].below += int(source == "extraction" and (machine_conf or 0.0) < threshold)
    return [table[k] for k in ("all", *EXTRACTED_FIELDS)]
