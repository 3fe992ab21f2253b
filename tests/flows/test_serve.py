"""`congvan serve --interval` keeps a scheduled deployment running that ingests new files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store import connect
from pipeline.store.models import Document

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def _done(url: str) -> int:
    try:
        with Session(connect(url)) as s:
            return s.scalar(select(func.count()).where(Document.status == "done")) or 0
    except Exception:  # noqa: BLE001 - the database may not exist yet
        return 0


def test_serve_runs_on_schedule_and_picks_up_new_files(
    tmp_path: Path, make_letters: Any, prefect_api: str, cli_env: Any
) -> None:
    inbox = tmp_path / "inbox"
    make_letters(inbox, 2, start=78_000)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    congvan = str(Path(sys.executable).with_name("congvan"))
    # no PREFECT_API_URL: `serve` starts its own Prefect server (the test harness's temporary
    # server has no scheduler service, so schedules would never fire against it)
    env = {k: v for k, v in cli_env(prefect_api, url).items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    proc = subprocess.Popen([congvan, "serve", str(inbox), "--interval", "3", "--settle", "0"],
                            env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wait(lambda: _done(url) == 2, proc, 300)
        make_letters(inbox, 1, start=78_100)  # a letter arrives while the server is running
        _wait(lambda: _done(url) == 3, proc, 120)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _wait(condition: Any, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            raise AssertionError(f"serve exited with {proc.returncode}: {proc.stderr.read()[-3000:]}")  # type: ignore[union-attr]
        time.sleep(0.5)
    raise AssertionError("no scheduled run stored the letters in time")


def test_serve_needs_exactly_one_schedule(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli.app import app

    result = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code != 0 and "exactly one of --cron or --interval" in str(result.exception)
