"""Suite-wide safety: no test writes ./congvan.db, and Tesseract runs one thread per process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(autouse=True)
def _isolated_default_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from pipeline.settings import get_settings

    db = tmp_path_factory.mktemp("db") / "congvan.db"
    monkeypatch.setenv("CONGVAN_DATABASE_URL", f"sqlite:///{db}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


ROOT = Path(__file__).resolve().parent.parent


def scratch_postgres_url() -> Iterator[str]:
    """A fresh database on the server in ``CONGVAN_TEST_POSTGRES_URL``, dropped afterwards.

    Without that variable the test is skipped on a laptop and *fails* in CI (``CI=true``).
    """
    from pipeline.store import scratch
    from pipeline.store.db import forget_engines

    server = os.environ.get("CONGVAN_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but CONGVAN_TEST_POSTGRES_URL is unset: start scripts/start_postgres.sh")
        pytest.skip("no PostgreSQL server (set CONGVAN_TEST_POSTGRES_URL)")
    url = scratch.create_database(server)
    try:
        yield url
    finally:
        forget_engines()  # close pooled connections before the drop
        scratch.drop_database(url)


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each database congvan supports: a temporary SQLite file, then a scratch PostgreSQL database.

    Suites with a database of their own (tests/web, tests/query) override this name locally.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'congvan-test.db'}"
    else:
        yield from scratch_postgres_url()
