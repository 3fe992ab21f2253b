"""One fixture, two backends: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CONGVAN_TEST_POSTGRES_URL`` (``scripts/start_postgres.sh`` prints one);
without it the PostgreSQL half is skipped on a laptop and *fails* in CI (``CI=true``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.store import scratch


def backend_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'congvan-test.db'}"
        return
    server = os.environ.get("CONGVAN_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but CONGVAN_TEST_POSTGRES_URL is unset: start scripts/start_postgres.sh")
        pytest.skip("no PostgreSQL server (set CONGVAN_TEST_POSTGRES_URL)")
    url = scratch.create_database(server)
    try:
        yield url
    finally:
        from pipeline.store.db import cached_engine

        cached_engine.cache_clear()  # close pooled connections before the drop
        scratch.drop_database(url)


BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)
