"""Scale-out: the same letters over a 2-worker Dask LocalCluster give the same records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows.ingest import make_runner, run_ingest
from pipeline.store import connect
from pipeline.store.records import current_records

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def test_dask_local_cluster_matches_local_run(tmp_path: Path, make_letters: Any) -> None:
    inbox = tmp_path / "inbox"
    make_letters(inbox, 8, start=74_000)
    (inbox / "empty.txt").write_bytes(b"")
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = run_ingest(inbox, database_url=local_url)
    spread = run_ingest(inbox, database_url=dask_url, workers=2)
    assert spread.counts == local.counts
    assert spread.counts["processed"] == 8 and len(spread.quarantined) == 1
    assert current_records(connect(dask_url)) == current_records(connect(local_url))


def test_runner_choice() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(make_runner(), ThreadPoolTaskRunner)
    assert isinstance(make_runner(workers=2), DaskTaskRunner)
    remote = make_runner(dask_address="tcp://127.0.0.1:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://127.0.0.1:8786"
