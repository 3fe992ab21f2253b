"""The base queries, written once as SQLAlchemy selects over the store's tables.

Each select is both what the Python API runs (:mod:`pipeline.query.db`) and the body of a SQL
view for BI tools (:mod:`pipeline.query.views` compiles it per dialect), so notebooks and
dashboards cannot disagree.  Every select reads only the *current* run of each document —
the latest reviewed-or-extracted values (see :mod:`pipeline.store.models`) — and the
deadline/quota/campaign selects skip documents marked as later scans of a letter already
stored (``duplicate_of_id``), so a letter scanned twice is not counted twice.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Select, func, select
from sqlalchemy.sql.elements import ColumnElement

from pipeline.store.models import (
    Campaign,
    Deadline,
    Document,
    ExtractionRun,
    FieldValue,
    Quota,
)

#: View name → select, in creation order.  Names are documented in docs/analysts.md.
VIEW_NAMES: Final = ("congvan_documents", "congvan_deadlines", "congvan_quotas")


def _current() -> ColumnElement[bool]:
    return ExtractionRun.is_current.is_(True)


def _field_confidence(field: str) -> ColumnElement[float]:
    """The calibrated confidence the run gave a field (lowest, if stored more than once)."""
    return (
        select(func.min(FieldValue.confidence))
        .where(FieldValue.run_id == ExtractionRun.id, FieldValue.field == field)
        .scalar_subquery()
    )


def _doc_key() -> list[ColumnElement]:
    return [
        Document.id.label("document_id"),
        ExtractionRun.number.label("number"),
        ExtractionRun.symbol.label("symbol"),
        ExtractionRun.issuer_name.label("issuer"),
        ExtractionRun.doc_type.label("doc_type"),
        ExtractionRun.issued_date.label("issued_date"),
        ExtractionRun.subject.label("subject"),
    ]


def _runs_with_campaign(*, originals_only: bool) -> Select:
    """Current runs joined to their document and (optional) campaign, as a FROM clause."""
    join = (
        select()
        .select_from(ExtractionRun)
        .join(Document, Document.id == ExtractionRun.document_id)
        .outerjoin(Campaign, Campaign.run_id == ExtractionRun.id)
        .where(_current())
    )
    if originals_only:
        join = join.where(Document.duplicate_of_id.is_(None))
    return join


def deadlines_select() -> Select:
    """One row per extracted deadline of a current run (recurring ones not yet expanded)."""
    base = _runs_with_campaign(originals_only=True).join(
        Deadline, Deadline.run_id == ExtractionRun.id
    )
    return base.add_columns(
        *_doc_key(),
        Deadline.id.label("deadline_id"),
        Deadline.due_date.label("date"),
        Deadline.date_text.label("date_text"),
        Deadline.start_date.label("start"),
        Deadline.recurring.label("recurring"),
        Deadline.action.label("action"),
        Deadline.responsible.label("responsible"),
        Deadline.text.label("text"),
        Campaign.topic.label("campaign_topic"),
        Campaign.year.label("campaign_year"),
        _field_confidence("deadlines").label("confidence"),
    ).order_by(Deadline.due_date, Document.id, Deadline.position)


def quotas_select() -> Select:
    """One row per extracted quota (minimum count demanded of a unit) of a current run."""
    base = _runs_with_campaign(originals_only=True).join(Quota, Quota.run_id == ExtractionRun.id)
    return base.add_columns(
        *_doc_key(),
        Quota.id.label("quota_id"),
        Quota.minimum.label("minimum"),
        Quota.item.label("item"),
        Quota.applies_to.label("applies_to"),
        Quota.text.label("text"),
        Campaign.topic.label("campaign_topic"),
        Campaign.year.label("campaign_year"),
        _field_confidence("quotas").label("confidence"),
    ).order_by(Document.id, Quota.position)


def _count(model: type[Deadline] | type[Quota]) -> ColumnElement[int]:
    return (
        select(func.count(model.id)).where(model.run_id == ExtractionRun.id).scalar_subquery()
    )


def documents_select() -> Select:
    """One row per document with a current run: the letter's header and what it asks."""
    base = _runs_with_campaign(originals_only=False)
    return base.add_columns(
        *_doc_key(),
        ExtractionRun.place.label("place"),
        ExtractionRun.issuer_parent.label("issuer_parent"),
        ExtractionRun.signer_name.label("signer"),
        ExtractionRun.signer_title.label("signer_title"),
        ExtractionRun.urgency.label("urgency"),
        ExtractionRun.secrecy.label("secrecy"),
        Campaign.topic.label("campaign_topic"),
        Campaign.year.label("campaign_year"),
        _count(Deadline).label("deadlines"),
        _count(Quota).label("quotas"),
        Document.source_path.label("source_path"),
        Document.sha256.label("sha256"),
        Document.duplicate_of_id.label("duplicate_of"),
        ExtractionRun.kind.label("run_kind"),
        ExtractionRun.min_confidence.label("min_confidence"),
    ).order_by(Document.id)


def texts_select() -> Select:
    """Document id and full text of current runs, for search (not a view: texts are large)."""
    return (
        select(ExtractionRun.document_id.label("document_id"), ExtractionRun.text.label("text"))
        .where(_current())
        .order_by(ExtractionRun.document_id)
    )


SELECTS: Final = {
    "congvan_documents": documents_select,
    "congvan_deadlines": deadlines_select,
    "congvan_quotas": quotas_select,
}
