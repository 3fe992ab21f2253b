"""Memory stays flat over a batch (issue #9): settled documents are not kept, a bounded
number of documents is in flight, and the allocator gives freed buffers back."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from flows import memory
from flows.runners import InFlight, window_for
from pipeline.mailbox import Incoming


class _Future:
    """Finishes on a timer thread, like a task run on a worker; calls back as Prefect's do."""

    def __init__(self, delay: float) -> None:
        self._callbacks: list[Any] = []
        self._done = False
        self._lock = threading.Lock()
        threading.Timer(delay, self._finish).start()

    def _finish(self) -> None:
        with self._lock:
            self._done = True
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn(self)

    def add_done_callback(self, fn: Any) -> None:
        with self._lock:
            if not self._done:
                self._callbacks.append(fn)
                return
        fn(self)


def _items(n: int) -> list[tuple[Incoming, int]]:
    return [(Incoming(Path(f"{i}.txt"), f"{i:064x}", 10, f"{i}.txt", "folder"), i) for i in range(n)]


@pytest.mark.parametrize("delay", [0.0, 0.002])
def test_in_flight_yields_every_document_once_within_the_window(delay: float) -> None:
    live: set[int] = set()
    most = 0

    def submit(path: Path, name: str, doc_id: int) -> _Future:
        nonlocal most
        live.add(doc_id)
        most = max(most, len(live))
        return _Future(delay * (doc_id % 3))

    seen = []
    for _item, doc_id, _future in InFlight(_items(40), submit, window=5):
        live.discard(doc_id)
        seen.append(doc_id)
    assert sorted(seen) == list(range(40))
    assert most <= 5 + 1  # the next document is submitted just before one is handed back


def test_window_follows_the_runner() -> None:
    from flows.runners import make_runner

    assert window_for(make_runner()) == 8  # two threads
    assert window_for(make_runner(workers=3)) == 12
    assert window_for(make_runner(dask_address="tcp://127.0.0.1:8786")) == 256


def test_local_dask_workers_keep_glibc_s_trim_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask's nanny would give each worker ``MALLOC_TRIM_THRESHOLD_=65536`` (+20 % wall on
    scans, measured); a local cluster from ``make_runner`` spawns them without it."""
    import dask
    from distributed.nanny import _get_env_variables

    from flows.runners import make_runner

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    key = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
    before = dask.config.get(key)
    try:
        make_runner(workers=2)
        spawned = _get_env_variables("distributed.nanny.pre-spawn-environ")
    finally:
        dask.config.set({key: before})
    assert "MALLOC_TRIM_THRESHOLD_" not in spawned
    assert spawned.get("OMP_NUM_THREADS") == "1"  # Dask's other settings are kept


@pytest.mark.skipif(memory.free_heap_bytes() is None, reason="glibc's mallinfo2 only")
def test_the_heap_is_trimmed_only_once_it_holds_much_free_memory() -> None:
    """Trimming after every document made the next one fault its page buffers in again."""
    before = memory.free_heap_bytes()
    blocks = [bytearray(4000) for _ in range(16_000)]  # 64 MB in heap-sized pieces
    del blocks[::2]  # every other one freed: holes the heap keeps (its top stays in use)
    held = memory.free_heap_bytes()
    assert before is not None and held is not None and held - before > 24 * 2**20
    assert memory.release_free_memory(above=held + 2**30) is False
    assert memory.free_heap_bytes() == held  # nothing was handed back
    assert memory.release_free_memory(above=0) is True
    del blocks


def test_the_free_memory_held_stays_within_a_quarter_of_the_worker_budget() -> None:
    assert memory.trim_threshold(2048) == memory.TRIM_ABOVE == 256 * 2**20
    assert memory.trim_threshold(512) == 128 * 2**20


def test_freed_memory_goes_back_from_any_thread() -> None:
    """The trim after each document runs on worker threads; it must not raise anywhere."""
    errors: list[BaseException] = []

    def trim() -> None:
        try:
            memory.release_free_memory(above=0)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=trim) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    memory.release_free_memory(above=0)
    assert errors == []


@pytest.mark.prefect
def test_settled_documents_are_not_kept_alive(tmp_path: Path, make_letters: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """At the last document, the earlier ones' records are gone (they were all kept before:
    ``prefect.futures.as_completed`` holds every future, with its result, to the end).
    The allocator's mmap threshold is left to glibc (pinned, it cost ≈ 6 % of the CPU)."""
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    from flows.ingest import run_ingest
    from pipeline.record import Record

    inbox = tmp_path / "inbox"
    make_letters(inbox, 30, start=79_000)
    alive: list[int] = []

    def progress(name: str, outcome: str) -> None:
        if len(alive) == 29:
            gc.collect()
            alive.append(sum(isinstance(o, Record) for o in gc.get_objects()))
        else:
            alive.append(-1)

    summary = run_ingest(inbox, database_url=f"sqlite:///{tmp_path / 'c.db'}", progress=progress)
    assert summary.counts["processed"] == 30
    assert 0 <= alive[-1] <= 8 + 2  # at most the window's (plus the one being booked)
    assert "MALLOC_MMAP_THRESHOLD_" not in os.environ  # Dask workers get glibc's default too
