"""Fault injection: the database goes down mid-run, the quarantine disk fills up, Tesseract or
its ``vie`` data is missing, a worker process is killed.  In every case nothing is lost: each
letter ends stored exactly once, and no file is moved before its row is committed.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from pipeline.ingest import sha256_of as sha
from pipeline.store import connect, db
from pipeline.store.models import Document, ExtractionRun
from tests.bad import hostile

CONGVAN = [str(Path(sys.executable).with_name("congvan"))]


def _letters(folder: Path, n: int, start: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [hostile.named(folder, f"letter-{seed}.txt", hostile.text_letter(seed).encode())
            for seed in range(start, start + n)]


def _stored(url: str) -> tuple[dict[str, int], int]:
    with Session(connect(url)) as s:
        by_status = dict(s.execute(select(Document.status, func.count()).group_by(Document.status)).all())
        runs = s.scalar(select(func.count()).select_from(ExtractionRun)) or 0
    return by_status, runs


class DatabaseOutage:
    """Every statement on the engine fails while ``down`` — as when the server is stopped."""

    def __init__(self, url: str) -> None:
        self.engine = db.cached_engine(url)
        self.down = False
        self.failed = 0
        event.listen(self.engine, "before_cursor_execute", self._check)

    def _check(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.down:
            self.failed += 1
            raise OperationalError(statement, params, sqlite3.OperationalError("connection refused (injected)"))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._check)


def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.ingest as fl

    # each stage of the document task retries by ``STAGE``'s policy (``_run_stage``)
    monkeypatch.setattr(fl, "STAGE", {**fl.STAGE, "retry_delay_seconds": [0.2, 0.2]})


def _down_from_save(monkeypatch: pytest.MonkeyPatch, outage: DatabaseOutage, nth: int,
                    failures: int | None) -> None:
    """The database goes down when the ``nth`` save starts (for ``failures`` saves, or for good)."""
    from pipeline.store import repo

    real, calls = repo.save, {"n": 0}
    lock = threading.Lock()

    def save(*args: Any, **kwargs: Any) -> Any:
        with lock:
            calls["n"] += 1
            if calls["n"] == nth:
                outage.down = True
            if failures is not None and calls["n"] >= nth + failures:
                outage.down = False
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, "save", save)


@pytest.mark.prefect
@pytest.mark.slow
def test_database_down_briefly_is_retried(tmp_path: Path, prefect_api: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.ingest import run_ingest

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    _letters(tmp_path / "inbox", 6, 72_000)
    connect(url)
    outage = DatabaseOutage(url)
    _fast_retries(monkeypatch)
    _down_from_save(monkeypatch, outage, nth=3, failures=2)  # two save attempts fail
    try:
        summary = run_ingest(tmp_path / "inbox", database_url=url, settle_seconds=0)
    finally:
        outage.close()
    assert outage.failed >= 1
    assert summary.counts["processed"] == 6 and not summary.retry_later
    assert _stored(url) == ({"done": 6}, 6)


@pytest.mark.prefect
@pytest.mark.slow
def test_database_down_for_the_rest_of_the_run_loses_nothing(
    tmp_path: Path, prefect_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import run_ingest

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    inbox = tmp_path / "inbox"
    letters = _letters(inbox, 6, 72_100)
    before = {p.name: sha(p) for p in letters}
    connect(url)
    monkeypatch.setenv("CONGVAN_LEASE_SECONDS", "1")  # so the rerun (same pid) may take over
    from pipeline.settings import get_settings

    get_settings.cache_clear()
    outage = DatabaseOutage(url)
    _fast_retries(monkeypatch)
    _down_from_save(monkeypatch, outage, nth=3, failures=None)
    try:
        summary = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)
    finally:
        outage.close()
    # saves 1 and 2 run on two threads: one may still be in flight when save 3 takes the
    # database down, so 1 or 2 documents are stored; none is lost either way
    stored = summary.counts["processed"]
    assert stored in (1, 2) and len(summary.retry_later) == 6 - stored
    assert {p.code for p in summary.retry_later} == {"database"}
    by_status, runs = _stored(url)  # the rows of the failed saves still say "processing"
    assert (by_status.get("done"), runs) == (stored, stored)
    # the database could not say which rows are final, so no file was moved
    assert {p.name: sha(p) for p in inbox.iterdir()} == before
    time.sleep(1.1)  # the dead run's lease expires
    again = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)
    assert again.counts["processed"] == 6 - stored and not again.retry_later
    assert _stored(url) == ({"done": 6}, 6)
    assert {p.name: sha(p) for p in (inbox / "processed").iterdir()} == before


@pytest.mark.prefect
@pytest.mark.slow
def test_quarantine_disk_full_keeps_the_file_and_moves_it_later(
    tmp_path: Path, prefect_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.mailbox as mb
    from flows.ingest import run_ingest

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    inbox = tmp_path / "inbox"
    _letters(inbox, 1, 72_200)
    bad = hostile.zero_byte(inbox)
    real_move = shutil.move

    def full(src: str, dst: str) -> Any:
        if f"{os.sep}quarantine{os.sep}" in dst:
            raise OSError(errno.ENOSPC, "No space left on device", dst)
        return real_move(src, dst)

    monkeypatch.setattr(mb.shutil, "move", full)
    summary = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)
    assert [p.code for p in summary.quarantined] == ["input"]
    assert [p.name for p in summary.not_moved] == ["empty.pdf"]
    assert "No space left on device" in summary.not_moved[0].message
    assert bad.exists() and _stored(url)[0] == {"done": 1, "quarantined": 1}
    monkeypatch.setattr(mb.shutil, "move", real_move)  # space freed
    again = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)
    assert not again.not_moved and not bad.exists()
    assert (inbox / "quarantine" / "empty.pdf").read_bytes() == b""


def _congvan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_tesseract_missing_is_a_clear_error_at_start(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    scan = hostile.blank_page(inbox)
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    for args in (["ingest", str(inbox), "--settle", "0"], ["extract", str(scan)]):
        done = _congvan(*args, env=env)
        assert done.returncode == 7, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "tesseract is not installed" in done.stderr
        assert "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie" in done.stderr
    assert sorted(p.name for p in inbox.iterdir()) == ["blank.png"]  # nothing claimed or moved


@pytest.mark.tesseract
def test_vie_data_missing_is_a_clear_error_at_start(tmp_path: Path) -> None:
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    found = next(Path("/usr/share").glob("tesseract-ocr/*/tessdata/eng.traineddata"))
    (tessdata / "eng.traineddata").symlink_to(found)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile.blank_page(inbox)
    done = _congvan("ingest", str(inbox), "--settle", "0", env={**os.environ, "TESSDATA_PREFIX": str(tessdata)})
    assert done.returncode == 7, done.stderr
    assert "no language data for vie" in done.stderr
    assert "sudo apt-get install -y tesseract-ocr-vie" in done.stderr


def test_text_letters_need_no_tesseract(tmp_path: Path) -> None:
    from pipeline.preflight import check_for
    from pipeline.settings import Settings

    check_for([tmp_path / "a.txt"], Settings(ocr_lang="no-such-language"))  # nothing to check


@pytest.mark.prefect
@pytest.mark.slow
def test_a_killed_dask_worker_loses_nothing(tmp_path: Path, prefect_api: str) -> None:
    """SIGKILL one worker of `congvan ingest --workers 2` mid-run: Dask re-runs its tasks."""
    inbox = tmp_path / "inbox"
    _letters(inbox, 10, 72_300)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "CONGVAN_DATABASE_URL": url,
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    proc = subprocess.Popen([*CONGVAN, "ingest", str(inbox), "--settle", "0", "--workers", "2", "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 240
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        try:
            if _stored(url)[0].get("done", 0) >= 2:
                workers = [c for c in psutil.Process(proc.pid).children(recursive=True)
                           if "multiprocessing" in " ".join(c.cmdline()) or "spawn" in " ".join(c.cmdline())]
                if workers:
                    killed = workers[-1].pid
                    os.kill(killed, signal.SIGKILL)
        except Exception:  # noqa: BLE001 - schema not there yet, process gone
            pass
        time.sleep(0.2)
    out, err = proc.communicate(timeout=600)
    assert killed is not None, "no worker was killed (the run ended too soon)"
    assert proc.returncode == 0, err[-2000:]
    assert _stored(url) == ({"done": 10}, 10)


def test_killed_worker_poison_file_is_quarantined_with_its_reason() -> None:
    from types import SimpleNamespace

    from distributed import KilledWorker

    from pipeline.store.batch import classify

    verdict = classify(KilledWorker("load-123", SimpleNamespace(address="tcp://127.0.0.1:4000"), 3))
    assert (verdict.status, verdict.code) == ("quarantined", "worker-killed")
    assert "CONGVAN_WORKER_MEMORY_MB" in verdict.message


def test_missing_dependency_mid_run_leaves_the_file_pending() -> None:
    from pipeline.errors import MissingDependencyError
    from pipeline.store.batch import classify

    verdict = classify(MissingDependencyError("tesseract is not installed"))
    assert (verdict.status, verdict.code) == ("pending", "dependency")
