"""Engines, sessions and migrations for SQLite (default) and PostgreSQL.

SQLite gets WAL (readers never block the writer), foreign keys on, a generous busy timeout
and real transactions: pysqlite's own transaction handling is switched off and we emit
``BEGIN`` ourselves — ``BEGIN IMMEDIATE`` for writers — so that two ingests on one file
database queue for the write lock instead of failing half-way (SQLAlchemy's documented
recipe).  Migrations run programmatically under a lock (SQLite's write lock, PostgreSQL's
advisory lock) so two processes starting on an empty database do not both create tables.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pipeline.errors import StoreError

log = logging.getLogger(__name__)

_MIGRATION_LOCK = 0x636F6E67  # "cong": PostgreSQL advisory lock id for migrations
BUSY_TIMEOUT_MS = 60_000


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (psycopg2 is not a dependency)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with congvan's connection settings; no migration is run."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions take the write lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
    return engine


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction: committed on success, rolled back on error."""
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        yield session


def _alembic_config(connection: Any) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("pipeline.store") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe to call from many processes at once."""
    try:
        with writer(engine).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            command.upgrade(_alembic_config(conn), revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate database {engine.url!r}: {exc}") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def connect(url: str) -> Engine:
    """Open ``url`` and migrate it to the newest schema: what every command starts with."""
    engine = make_engine(url)
    migrate(engine)
    return engine


_engine_lock = threading.Lock()


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return connect(url)


def cached_engine(url: str) -> Engine:
    """One migrated engine per URL per process (flow tasks on Dask workers reuse it).

    Under a lock: two threads asking first (the ingest's head start and its flow, Dask
    worker threads) would otherwise each open and migrate an engine, one of them leaked.
    """
    with _engine_lock:
        return _engine_for(url)


def forget_engines() -> None:
    """Drop the cached engines (their pooled connections close): before a database is dropped."""
    with _engine_lock:
        _engine_for.cache_clear()
