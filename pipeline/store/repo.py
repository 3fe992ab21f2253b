"""Claiming, storing and quarantining documents: the only writes an ingest makes.

Idempotency rests on two rules.  A file is known by its sha256 (``documents.sha256`` is
unique, so :func:`register` is an insert-if-absent).  A document is processed only by the
ingest that *claimed* it: :func:`claim` is one conditional ``UPDATE`` (compare-and-set on
``status`` and ``lease_owner``), atomic on SQLite and PostgreSQL alike, and :func:`save` /
:func:`quarantine` commit only while the caller still holds the lease.  A run killed with
``kill -9`` leaves rows in ``processing``; the next run takes them over once the lease has
expired, or at once when the owner was a process on this host that no longer exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import StoreError
from pipeline.record import Record
from pipeline.store.db import write_session
from pipeline.store.models import Document
from pipeline.store.records import add_run

log = logging.getLogger(__name__)

ClaimStatus = Literal["claimed", "done", "quarantined", "busy", "exhausted"]
#: statuses a document never leaves by itself: stored, or set aside (never claimed again)
FINISHED = ("done", "quarantined")


class LeaseLostError(StoreError):
    """Another ingest took the document over (our lease expired); our result is dropped."""

    code = "lease-lost"


def new_owner() -> str:
    """A lease owner id: host, pid (for the liveness check) and a random part (pid reuse)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_dead(owner: str | None) -> bool:
    """True only when ``owner`` was a process on this host that is gone."""
    if not owner:
        return True
    try:
        host, pid_text, _ = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands timestamps back naive; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass(frozen=True)
class Claim:
    status: ClaimStatus
    document_id: int
    attempts: int = 0


def register(
    engine: Engine, *, sha256: str, name: str, path: str, size: int, origin: str = "folder"
) -> int:
    """Insert the document as ``pending`` unless its sha256 is known; return its id."""
    values = dict(
        sha256=sha256,
        original_name=name,
        source_path=path,
        size_bytes=size,
        origin=origin,
        status="pending",
        attempts=0,
    )
    dialect_insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(Document).values(**values).on_conflict_do_nothing(
        index_elements=["sha256"]
    )
    with _store_errors("register", name), write_session(engine) as session:
        session.execute(stmt)
        return session.execute(select(Document.id).where(Document.sha256 == sha256)).scalar_one()


def claim(
    engine: Engine, sha256: str, owner: str, *, lease_seconds: float, max_attempts: int
) -> Claim:
    """Take the document for processing, or say why not (``done``, ``busy``, …)."""
    now = _now()
    with _store_errors("claim", sha256), write_session(engine) as session:
        doc = session.scalars(select(Document).where(Document.sha256 == sha256)).one()
        if doc.status in FINISHED:
            return Claim(doc.status, doc.id, doc.attempts)  # type: ignore[arg-type]
        expires = _aware(doc.lease_expires_at)
        stale = doc.status == "processing" and (
            (expires is not None and expires < now) or owner_is_dead(doc.lease_owner)
        )
        if doc.status == "processing" and not stale:
            return Claim("busy", doc.id, doc.attempts)
        if doc.attempts >= max_attempts:
            _give_up(doc, max_attempts)
            return Claim("exhausted", doc.id, doc.attempts)
        if stale:
            log.warning("%s: taking over from crashed or expired run %s", doc.original_name, doc.lease_owner)
        taken = session.execute(  # type: ignore[attr-defined]
            update(Document)
            .where(
                Document.id == doc.id,
                Document.status == doc.status,
                Document.attempts == doc.attempts,
            )
            .values(
                status="processing",
                lease_owner=owner,
                lease_expires_at=now + dt.timedelta(seconds=lease_seconds),
                attempts=doc.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        return Claim("claimed" if taken == 1 else "busy", doc.id, doc.attempts + 1)


def _give_up(doc: Document, max_attempts: int) -> None:
    """Quarantine a file that crashed or failed transiently ``max_attempts`` times."""
    last = f" (last error: {doc.error_code}: {doc.error_message})" if doc.error_code else ""
    doc.status = "quarantined"
    doc.error_code = "attempts"
    doc.error_message = f"gave up after {max_attempts} attempts{last}"[:4000]
    doc.lease_owner = None
    doc.lease_expires_at = None
    log.error("%s: %s", doc.original_name, doc.error_message)


def _held(session, document_id: int, owner: str) -> Document:  # type: ignore[no-untyped-def]
    doc = session.get(Document, document_id, with_for_update=session.bind.dialect.name == "postgresql")
    if doc is None or doc.status != "processing" or doc.lease_owner != owner:
        raise LeaseLostError(f"document {document_id}: lease lost; another ingest took it over")
    return doc


def save(
    engine: Engine,
    document_id: int,
    owner: str,
    record: Record,
    *,
    model_version: str,
    code_version: str,
) -> Document:
    """Store ``record`` as the document's newest run and mark the document ``done``."""
    with _store_errors("save", record.source.path), write_session(engine) as session:
        doc = _held(session, document_id, owner)
        add_run(session, doc, record, model_version=model_version, code_version=code_version)
        doc.status = "done"
        doc.pages = record.source.pages
        doc.kind = record.source.kind
        doc.error_code = doc.error_message = doc.error_stage = None
        doc.lease_owner = None
        doc.lease_expires_at = None
        doc.processed_at = _now()
        session.flush()
        session.expunge(doc)
        return doc


def quarantine(
    engine: Engine, document_id: int, owner: str, *, code: str, message: str, stage: str
) -> None:
    """Set the document aside with the reason; it will not be retried automatically."""
    _finish(engine, document_id, owner, "quarantined", code=code, message=message, stage=stage)


def release(
    engine: Engine, document_id: int, owner: str, *, code: str, message: str, stage: str
) -> None:
    """Give the document back (``pending``) after a transient failure: the next run retries it."""
    _finish(engine, document_id, owner, "pending", code=code, message=message, stage=stage)


def _finish(
    engine: Engine, document_id: int, owner: str, status: str, *, code: str, message: str, stage: str
) -> None:
    with _store_errors(status, str(document_id)), write_session(engine) as session:
        doc = _held(session, document_id, owner)
        doc.status = status
        doc.error_code, doc.error_message, doc.error_stage = code, message[:4000], stage
        doc.lease_owner = None
        doc.lease_expires_at = None
        doc.processed_at = _now()


def record_stored_path(engine: Engine, sha256: str, source_path: str, stored_path: str) -> None:
    """Remember where a file was moved (after its row was committed) — for the registered copy."""
    with _store_errors("move", source_path), write_session(engine) as session:
        session.execute(
            update(Document)
            .where(Document.sha256 == sha256, Document.source_path == source_path)
            .values(stored_path=stored_path)
        )


class _store_errors:  # noqa: N801 - used as a context manager
    """Turn SQLAlchemy failures into :class:`StoreError` naming the operation and the file."""

    def __init__(self, operation: str, subject: str) -> None:
        self.operation, self.subject = operation, subject

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"{self.subject}: database {self.operation} failed: {exc}") from exc


def statuses(engine: Engine, shas: list[str]) -> dict[str, str]:
    """sha256 → status of the known ones among ``shas`` (one read, no write lock)."""
    from sqlalchemy.orm import Session

    found: dict[str, str] = {}
    with _store_errors("lookup", f"{len(shas)} files"), Session(engine) as session:
        for i in range(0, len(shas), 500):
            chunk = shas[i : i + 500]
            rows = session.execute(
                select(Document.sha256, Document.status).where(Document.sha256.in_(chunk))
            )
            found.update({sha: status for sha, status in rows})
    return found
