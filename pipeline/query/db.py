"""Reading base rows from the database (the adapter half of the query layer).

Accepts what notebooks have at hand — an Engine, a URL, or nothing (the configured
``CONGVAN_DATABASE_URL``) — opens it through the store (which migrates it), makes sure the
views exist, and runs the selects of :mod:`pipeline.query.sql`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import StoreError
from pipeline.query import sql
from pipeline.query.views import ensure_views
from pipeline.settings import get_settings

Source = Engine | str | None


@lru_cache(maxsize=8)
def _engine_for_url(url: str) -> Engine:
    from pipeline.store import connect

    engine = connect(url)
    ensure_views(engine)
    return engine


def engine_for(source: Source) -> Engine:
    """An engine for ``source`` (an Engine is used as is; URLs are opened once and cached)."""
    if isinstance(source, Engine):
        return source
    return _engine_for_url(source or get_settings().database_url)


def rows(source: Source, select: Select) -> list[dict[str, Any]]:
    """Run ``select`` and return its rows as dicts keyed by column label."""
    engine = engine_for(source)
    try:
        with engine.connect() as conn:
            return [dict(m) for m in conn.execute(select).mappings()]
    except SQLAlchemyError as exc:
        raise StoreError(f"query failed on {engine.url!r}: {exc}") from exc


def deadline_rows(source: Source) -> list[dict[str, Any]]:
    return rows(source, sql.deadlines_select())


def quota_rows(source: Source) -> list[dict[str, Any]]:
    return rows(source, sql.quotas_select())


def document_rows(source: Source) -> list[dict[str, Any]]:
    return rows(source, sql.documents_select())


def text_rows(source: Source) -> list[dict[str, Any]]:
    return rows(source, sql.texts_select())
