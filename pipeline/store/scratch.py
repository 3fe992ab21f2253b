"""Throwaway databases for tests and benchmarks: a fresh SQLite file or PostgreSQL database.

Lives in the library (not in one test folder) because the store, flow and query tests and
the benchmarks all need the same thing: one empty database per test on either backend.
"""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pipeline.store.db import normalise_url


def create_database(server_url: str, prefix: str = "congvan_t") -> str:
    """Create an empty database on the PostgreSQL server of ``server_url``; return its URL."""
    url = make_url(normalise_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(db_url: str) -> None:
    """Drop a database made by :func:`create_database` (disconnecting its sessions)."""
    url = make_url(normalise_url(db_url))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        admin.dispose()
