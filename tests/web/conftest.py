"""Fixtures of the review page's tests: a migrated SQLite store holding scanned letters.

The store is built once per session (migrations, two drawn letters stored the way an ingest
stores them, user ``auditor``) and each test gets its own copy of the database file, so tests
stay independent without paying for migrations and Argon2 every time.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from pipeline.store import connect, make_engine
from pipeline.store.db import write_session
from pipeline.web import users
from pipeline.web.users import add_user, ensure_schema
from tests.conftest import scratch_postgres_url

from .letter import draw_letter, make_record, store_record

PASSWORD = "correct horse battery"

# Argon2 with light parameters in tests (as Django's test settings do): the hashing code is
# the same, each hash costs milliseconds instead of ~50 ms (seconds on a busy machine).
users._HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
users._DUMMY_HASH = users._HASHER.hash("not-a-password")
SCRIPT_SUBJECT = 'triển khai <script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def add_letter(engine: Engine, folder: Path, stem: str, **kw: str) -> int:
    subject = kw.pop("subject", "triển khai sáng kiến cải cách hành chính năm 2024")
    path, doc = draw_letter(folder, subject=subject, stem=stem)
    return store_record(engine, make_record(path, doc, subject=subject, **kw))


def fill(engine: Engine, folder: Path) -> None:
    """Two letters (the second's subject holds markup) and user ``auditor``."""
    ensure_schema(engine)
    with write_session(engine) as session:
        add_user(session, "auditor", PASSWORD)
    add_letter(engine, folder, "letter-1")
    add_letter(engine, folder, "letter-2", subject=SCRIPT_SUBJECT)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two letters (the second's subject holds markup) and user ``auditor``, in one file."""
    folder = tmp_path_factory.mktemp("review-template")
    db = folder / "template.db"
    eng = connect(f"sqlite:///{db}")
    fill(eng, folder)
    eng.dispose()  # last connection closed: the WAL is checkpointed into the file
    return db


@pytest.fixture
def db_url(tmp_path: Path, template_db: Path) -> str:
    db = tmp_path / "review.db"
    shutil.copyfile(template_db, db)
    return f"sqlite:///{db}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_engine(request: pytest.FixtureRequest, tmp_path: Path, template_db: Path) -> Iterator[Engine]:
    """The same store on SQLite and, with ``CONGVAN_TEST_POSTGRES_URL``, on PostgreSQL."""
    if request.param == "sqlite":
        shutil.copyfile(template_db, tmp_path / "review.db")
        eng = make_engine(f"sqlite:///{tmp_path / 'review.db'}")
        yield eng
        eng.dispose()
        return
    for url in scratch_postgres_url():  # skips (or fails in CI) without a server
        eng = connect(url)
        try:
            fill(eng, tmp_path)
            yield eng
        finally:
            eng.dispose()  # before the scratch database is dropped
