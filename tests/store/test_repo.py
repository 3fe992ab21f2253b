"""Claiming, storing, history, reviews and duplicate links — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pipeline.errors import ConfigError
from pipeline.record import Deadline, Issuer, Quota, Record, Source
from pipeline.store import connect, repo
from pipeline.store.db import current_revision
from pipeline.store.models import (
    Deadline as DeadlineRow,
)
from pipeline.store.models import (
    Document,
    ExtractionRun,
    FieldValue,
    Recipient,
    Review,
)
from pipeline.store.records import add_review, current_records, letter_key

LEASE = dict(lease_seconds=600, max_attempts=3)


def make_record(sha: str, number: str = "12", **kw: object) -> Record:
    return Record(
        source=Source(path=f"in/{sha[:6]}.txt", sha256=sha, pages=1, kind="text"),
        doc_type="Công văn",
        issuer=Issuer(name="Ủy ban nhân dân phường Bến Nghé"),
        number=number,
        symbol="UBND-VP",
        issued_date="2024-03-05",
        subject="Đăng ký sáng kiến",
        recipients=["Các tổ dân phố"],
        distribution=["Như trên", "Lưu: VT"],
        deadlines=[Deadline(date="2024-04-30", action="gửi báo cáo")],
        quotas=[Quota(minimum=2, item="sáng kiến")],
        confidence={"number": 0.95, "subject": 0.4},
        **kw,
    )


def sha(n: int) -> str:
    return f"{n:064x}"


def stored(engine, n: int, number: str = "12") -> int:  # type: ignore[no-untyped-def]
    doc_id = repo.register(engine, sha256=sha(n), name=f"f{n}.txt", path=f"in/f{n}.txt", size=10)
    owner = repo.new_owner()
    assert repo.claim(engine, sha(n), owner, **LEASE).status == "claimed"
    repo.save(engine, doc_id, owner, make_record(sha(n), number), model_version="m1", code_version="c1")
    return doc_id


def test_migrations_reach_head_and_are_idempotent(db_url: str) -> None:
    engine = connect(db_url)
    connect(db_url)
    assert current_revision(engine) == "0001"
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_same_file_is_registered_once(db_url: str) -> None:
    engine = connect(db_url)
    ids = {repo.register(engine, sha256=sha(1), name="a.txt", path="a.txt", size=1) for _ in range(3)}
    assert len(ids) == 1
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1


def test_claim_save_and_reclaim(db_url: str) -> None:
    engine = connect(db_url)
    doc_id = repo.register(engine, sha256=sha(2), name="b.txt", path="b.txt", size=1)
    me, other = repo.new_owner(), repo.new_owner()
    assert repo.claim(engine, sha(2), me, **LEASE).status == "claimed"
    assert repo.claim(engine, sha(2), other, **LEASE).status == "busy"  # I am alive
    doc = repo.save(engine, doc_id, me, make_record(sha(2)), model_version="m1", code_version="c1")
    assert doc.status == "done" and doc.lease_owner is None
    assert doc.letter_key == "ủy ban nhân dân phường bến nghé|12|ubnd-vp|2024"
    assert repo.claim(engine, sha(2), other, **LEASE).status == "done"
    rec = current_records(engine)[sha(2)]
    assert rec["number"] == "12" and rec["schema"] == "congvan.record/1"
    with Session(engine) as s:
        assert s.scalar(select(DeadlineRow.due_date)) == dt.date(2024, 4, 30)
        roles = sorted(s.scalars(select(Recipient.role)))
        assert roles == ["distribution", "distribution", "recipient"]
        fv = s.scalars(select(FieldValue).where(FieldValue.field == "number")).one()
        assert (fv.value, fv.value_text, fv.confidence) == ("12", "12", 0.95)


def test_crashed_owner_is_taken_over_and_late_save_is_refused(db_url: str) -> None:
    engine = connect(db_url)
    doc_id = repo.register(engine, sha256=sha(3), name="c.txt", path="c.txt", size=1)
    dead = "ghost-host:1:deadbeef"  # another host: only the lease expiry can free it
    assert repo.claim(engine, sha(3), dead, lease_seconds=-1, max_attempts=3).status == "claimed"
    me = repo.new_owner()
    got = repo.claim(engine, sha(3), me, **LEASE)
    assert (got.status, got.attempts) == ("claimed", 2)
    with pytest.raises(repo.LeaseLostError):
        repo.save(engine, doc_id, dead, make_record(sha(3)), model_version="m", code_version="c")
    repo.save(engine, doc_id, me, make_record(sha(3)), model_version="m", code_version="c")
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ExtractionRun)) == 1


def test_dead_local_process_frees_its_claim_at_once() -> None:
    import socket
    import subprocess

    proc = subprocess.Popen(["true"])
    proc.wait()
    assert repo.owner_is_dead(f"{socket.gethostname()}:{proc.pid}:x")
    assert not repo.owner_is_dead(repo.new_owner())
    assert not repo.owner_is_dead("elsewhere:1:x")


def test_repeated_crashes_end_in_quarantine(db_url: str) -> None:
    engine = connect(db_url)
    repo.register(engine, sha256=sha(4), name="d.txt", path="d.txt", size=1)
    for _ in range(2):
        assert repo.claim(engine, sha(4), "ghost:1:x", lease_seconds=-1, max_attempts=2).status == "claimed"
    assert repo.claim(engine, sha(4), repo.new_owner(), lease_seconds=60, max_attempts=2).status == "exhausted"
    with Session(engine) as s:
        doc = s.scalars(select(Document)).one()
        assert (doc.status, doc.error_code) == ("quarantined", "attempts")


def test_quarantine_keeps_code_and_message(db_url: str) -> None:
    engine = connect(db_url)
    doc_id = repo.register(engine, sha256=sha(5), name="e.pdf", path="e.pdf", size=1)
    me = repo.new_owner()
    repo.claim(engine, sha(5), me, **LEASE)
    repo.quarantine(engine, doc_id, me, code="encrypted", message="locked PDF", stage="load")
    with Session(engine) as s:
        doc = s.get_one(Document, doc_id)
        assert (doc.status, doc.error_code, doc.error_message, doc.error_stage) == (
            "quarantined", "encrypted", "locked PDF", "load")


def test_concurrent_claims_have_one_winner(db_url: str) -> None:
    engine = connect(db_url)
    repo.register(engine, sha256=sha(6), name="f.txt", path="f.txt", size=1)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def worker() -> None:
        barrier.wait()
        results.append(repo.claim(engine, sha(6), repo.new_owner(), **LEASE).status)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["busy"] * 5 + ["claimed"]


def test_history_and_reviews_give_latest_reviewed_or_extracted_value(db_url: str) -> None:
    engine = connect(db_url)
    doc_id = stored(engine, 7)
    review = add_review(engine, doc_id, "subject", "Đăng ký sáng kiến năm 2024", reviewer="auditor")
    assert review.old_value == "Đăng ký sáng kiến" and review.result_run_id
    assert current_records(engine)[sha(7)]["subject"] == "Đăng ký sáng kiến năm 2024"
    # a newer model re-extracts: its number wins, the reviewed subject is carried over
    from pipeline.store.db import write_session
    from pipeline.store.records import add_run

    with write_session(engine) as s:
        add_run(s, s.get_one(Document, doc_id), make_record(sha(7), "13"), model_version="m2", code_version="c2")
    current = current_records(engine)[sha(7)]
    assert (current["number"], current["subject"]) == ("13", "Đăng ký sáng kiến năm 2024")
    assert current["confidence"]["subject"] == 1.0
    with Session(engine) as s:
        runs = s.scalars(select(ExtractionRun).order_by(ExtractionRun.id)).all()
        assert [(r.kind, r.model_version, r.is_current) for r in runs] == [
            ("extraction", "m1", False), ("review", "m1", False),
            ("extraction", "m2", False), ("review", "m2", True)]
        assert runs[2].subject == "Đăng ký sáng kiến"  # the model's own output is kept
        sources = s.execute(select(FieldValue.field, FieldValue.source)
                            .where(FieldValue.run_id == runs[3].id, FieldValue.source == "review")).all()
        assert sources == [("subject", "review")]
        assert s.scalar(select(func.count()).select_from(Review)) == 1


def test_review_rejects_unknown_field(db_url: str) -> None:
    engine = connect(db_url)
    doc_id = stored(engine, 8)
    with pytest.raises(ConfigError):
        add_review(engine, doc_id, "colour", "red", reviewer="x")


def test_two_scans_of_one_letter_are_both_stored_and_linked(db_url: str) -> None:
    engine = connect(db_url)
    first, second, other = stored(engine, 9), stored(engine, 10), stored(engine, 11, number="99")
    with Session(engine) as s:
        links = dict(s.execute(select(Document.id, Document.duplicate_of_id)).all())
    assert links == {first: None, second: first, other: None}


def test_letter_key_needs_every_part() -> None:
    assert letter_key(make_record(sha(1), number=None)) is None  # type: ignore[arg-type]


def test_foreign_keys_are_enforced(db_url: str) -> None:
    engine = connect(db_url)
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO reviews (document_id, reviewed_run_id, field, action, reviewer, created_at)"
                          " VALUES (999, 999, 'number', 'correct', 'x', CURRENT_TIMESTAMP)"))
