"""The database schema (SQLAlchemy 2): documents, extraction runs and what they found.

Why this shape:

* ``documents`` is keyed by the file's sha256 (unique), so the same file is stored once
  however often it arrives; its ``status`` (``pending`` → ``processing`` → ``done`` |
  ``quarantined``) plus a lease (``lease_owner``, ``lease_expires_at``) lets two ingests
  share a folder without processing a file twice, and lets a crashed run's rows be retried.
* Every extraction is an ``extraction_runs`` row (model and code version), never an update:
  re-extracting with a newer model keeps the history.  Exactly one run per document has
  ``is_current`` true — the one queries read.  A review (``reviews``, the audit log) makes a
  new run of ``kind='review'`` with the corrected field, which becomes current; a later model
  run gets the reviewed values carried over (see :mod:`pipeline.store.repo`), so queries
  always see *the latest reviewed-or-extracted value* by joining ``is_current`` runs.
* The record's lists (deadlines, quotas, recipients, references) and its campaign are child
  tables of the run, with ``document_id`` repeated so analysts' SQL stays one join deep.
* Two scans of the same letter (issuer + number + symbol + year) are two documents with the
  same ``letter_key``; the later one points at the first through ``duplicate_of_id``.

Table and column names are a contract for the query and review code: change additively only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: JSON everywhere, JSONB on PostgreSQL (comparable, indexable).
JSONType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Document statuses, in the order a document goes through them.
STATUSES = ("pending", "processing", "done", "quarantined")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, server_default=func.now()
    )


class Document(Timestamped, Base):
    """One input file, identified by its sha256."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(500))
    source_path: Mapped[str] = mapped_column(Text)  # where it was found (may be moved later)
    stored_path: Mapped[str | None] = mapped_column(Text)  # processed/… or quarantine/… after a move
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    pages: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(20))  # scan | pdf-text | text
    origin: Mapped[str] = mapped_column(String(200), default="folder")  # folder | imap:<mailbox>
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_message: Mapped[str | None] = mapped_column(Text)
    error_stage: Mapped[str | None] = mapped_column(String(30))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    letter_key: Mapped[str | None] = mapped_column(String(500), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now, server_default=func.now()
    )
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    runs: Mapped[list[ExtractionRun]] = relationship(
        back_populates="document", order_by="ExtractionRun.id"
    )


class ExtractionRun(Timestamped, Base):
    """One extraction (or one review) of a document: its full record plus header columns."""

    __tablename__ = "extraction_runs"
    __table_args__ = (Index("ix_extraction_runs_document_current", "document_id", "is_current"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="extraction")  # extraction | review
    model_version: Mapped[str] = mapped_column(String(100))
    code_version: Mapped[str] = mapped_column(String(100))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    based_on_run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    record: Mapped[dict[str, Any]] = mapped_column(JSONType)  # Record.to_json_dict()
    # header fields repeated as columns so analysts' SQL needs no JSON functions
    doc_type: Mapped[str | None] = mapped_column(String(100))
    issuer_name: Mapped[str | None] = mapped_column(Text)
    issuer_parent: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(50))
    symbol: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(200))
    issued_date: Mapped[str | None] = mapped_column(String(10))  # ISO, may be "2024-05"/"2024"
    issued_year: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    urgency: Mapped[str | None] = mapped_column(String(50))
    secrecy: Mapped[str | None] = mapped_column(String(50))
    restoration_method: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    min_confidence: Mapped[float | None] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="runs")


class _RunChild:
    """Columns every per-run child row has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("extraction_runs.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )


class FieldValue(_RunChild, Base):
    """One extracted field of a run: value (JSON), calibrated confidence and evidence."""

    __tablename__ = "field_values"

    field: Mapped[str] = mapped_column(String(50))
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    value_text: Mapped[str | None] = mapped_column(Text)  # scalar fields as text, for search
    confidence: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(20), default="extraction")  # | review
    evidence_page: Mapped[int | None] = mapped_column(Integer)
    evidence_bbox: Mapped[Any] = mapped_column(JSONType, nullable=True)  # [x0, y0, x1, y1]
    evidence_start: Mapped[int | None] = mapped_column(Integer)  # span in the run's text
    evidence_end: Mapped[int | None] = mapped_column(Integer)


class Deadline(_RunChild, Base):
    __tablename__ = "deadlines"

    position: Mapped[int] = mapped_column(Integer, default=0)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    date_text: Mapped[str] = mapped_column(String(10))  # the record's ISO string
    start_text: Mapped[str | None] = mapped_column(String(10))
    recurring: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)


class Quota(_RunChild, Base):
    __tablename__ = "quotas"

    position: Mapped[int] = mapped_column(Integer, default=0)
    minimum: Mapped[int] = mapped_column(Integer)
    item: Mapped[str | None] = mapped_column(Text)
    applies_to: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)


class Recipient(_RunChild, Base):
    """A "Kính gửi" line (role ``recipient``) or a "Nơi nhận" line (role ``distribution``)."""

    __tablename__ = "recipients"

    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)


class Reference(_RunChild, Base):
    """A document the letter cites (``references`` is an SQL keyword, hence the name)."""

    __tablename__ = "doc_references"

    position: Mapped[int] = mapped_column(Integer, default=0)
    doc_type: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(50))
    symbol: Mapped[str | None] = mapped_column(String(100))
    date_text: Mapped[str | None] = mapped_column(String(10))
    ref_date: Mapped[dt.date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(Text)


class Campaign(_RunChild, Base):
    """The campaign (topic + year) a letter belongs to; at most one per run."""

    __tablename__ = "campaigns"

    topic: Mapped[str | None] = mapped_column(Text, index=True)
    year: Mapped[int | None] = mapped_column(Integer)


class Review(Timestamped, Base):
    """Audit log: one human correction of one field. Rows are only ever inserted."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    reviewed_run_id: Mapped[int] = mapped_column(ForeignKey("extraction_runs.id"))
    result_run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    field: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(20), default="correct")  # correct | confirm
    old_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
