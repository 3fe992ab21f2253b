"""Fixtures: the seed letters as records (truth + text + evidence sentences) and databases
holding them, stored through the store's own API (register → claim → save).

Databases: a temp SQLite file always; PostgreSQL too when ``CONGVAN_TEST_POSTGRES_URL``
points at a server (each test gets a fresh schema-less database via a unique schema name).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from pipeline.record import Record

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.exists():  # the repository's copy, when the shared folder is not mounted
    SEEDS = Path(__file__).resolve().parents[2] / "samples" / "seeds"

#: "today" for deterministic tests: between the 2025 letter's issue and its deadlines.
TODAY = date(2025, 9, 20)


def _seed_text(stem: str) -> str:
    restored = SEEDS / "restored" / f"{stem}.txt"
    return (restored if restored.exists() else SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def _sentence_with(text: str, iso: str) -> str | None:
    """The sentence of ``text`` that states the date ``iso`` (as 25/6, 25/06 or 25 tháng 6)."""
    y, m, d = (int(p) for p in iso.split("-"))
    pattern = re.compile(
        rf"(?<!\d)0?{d}\s*(?:/\s*0?{m}(?!\d)|tháng\s+0?{m}(?!\d))", re.IGNORECASE
    )
    for sentence in re.split(r"(?<=[.;:])\s+|\n\s*\n", text):
        if pattern.search(sentence):
            return " ".join(sentence.split())
    return None


def _quota_sentence(text: str, applies_to: str) -> str | None:
    """The "ít nhất / tối thiểu" sentence sharing most words with ``applies_to``."""
    want = set(applies_to.lower().split())
    best, best_score = None, -1
    for sentence in re.split(r"(?<=[.;])\s+|\n\s*\n", text):
        flat = " ".join(sentence.split())
        if re.search(r"ít nhất|tối thiểu", flat, re.IGNORECASE):
            score = len(want & set(flat.lower().split()))
            if score > best_score:
                best, best_score = flat, score
    return best


def seed_records() -> list[Record]:
    """The five seed truth records with source, text and evidence sentences filled in."""
    out = []
    for path in sorted((SEEDS / "truth").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = _seed_text(path.stem)
        data["source"] = {"path": f"inbox/{path.stem}.txt",
                          "sha256": hashlib.sha256(body.encode()).hexdigest(), "kind": "text"}
        data["text"] = body
        for d in data.get("deadlines", []):
            d["text"] = d.get("text") or _sentence_with(body, d["date"]) or d.get("action")
        for q in data.get("quotas", []):
            q["text"] = q.get("text") or _quota_sentence(body, q.get("applies_to") or "") or q.get("item")
        data["confidence"] = {"deadlines": 0.9, "quotas": 0.85, "issuer": 0.97}
        out.append(Record.from_json_dict(data))
    return out


@pytest.fixture(scope="session")
def records() -> list[Record]:
    return seed_records()


def store_records(engine: Engine, records: list[Record]) -> list[int]:
    """Store records the way an ingest does; returns their document ids in order."""
    from pipeline.store import repo

    ids = []
    owner = repo.new_owner()
    for rec in records:
        doc_id = repo.register(engine, sha256=rec.source.sha256, name=Path(rec.source.path).name,
                               path=rec.source.path, size=len(rec.text))
        claim = repo.claim(engine, rec.source.sha256, owner, lease_seconds=60, max_attempts=3)
        assert claim.status == "claimed"
        repo.save(engine, doc_id, owner, rec, model_version="test", code_version="test")
        ids.append(doc_id)
    return ids


def _postgres_engine() -> Iterator[Engine]:
    url = os.environ.get("CONGVAN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("CONGVAN_TEST_POSTGRES_URL is not set")
    from pipeline.store.db import normalise_url

    name = f"cvq_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    base = normalise_url(url).rsplit("/", 1)[0]
    from pipeline.store import connect

    engine = connect(f"{base}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(name="store_records")
def _store_records_fixture():  # noqa: ANN202
    """The :func:`store_records` helper, for tests that build their own database."""
    return store_records


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database of each backend."""
    if request.param == "sqlite":
        from pipeline.store import connect

        eng = connect(f"sqlite:///{tmp_path / 'q.db'}")
        yield eng
        eng.dispose()
    else:
        yield from _postgres_engine()


@pytest.fixture
def seeded(engine: Engine, records: list[Record]) -> Engine:
    """A database holding the seed letters."""
    store_records(engine, records)
    return engine


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory, records: list[Record]) -> str:
    """A seeded SQLite file, by URL, for CLI tests (read-only: shared by the session)."""
    from pipeline.store import connect

    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    eng = connect(url)
    store_records(eng, records)
    eng.dispose()
    return url
