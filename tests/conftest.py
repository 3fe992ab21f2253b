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
