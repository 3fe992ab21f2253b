"""One fixture, two backends: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CONGVAN_TEST_POSTGRES_URL`` (``scripts/start_postgres.sh`` prints one);
without it the PostgreSQL half is skipped on a laptop and *fails* in CI (``CI=true``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import scratch_postgres_url


def backend_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'congvan-test.db'}"
        return
    yield from scratch_postgres_url()


BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)
