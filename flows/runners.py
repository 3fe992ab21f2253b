"""Task runners for the ingest flows, and keeping a fixed number of documents in flight.

The thread pool is the default (two threads, each waiting on its own Tesseract process); a
local Dask cluster (``--workers N``) or a remote one (``--dask``) spreads documents over
processes or machines.  :class:`InFlight` submits documents a window at a time, so that the
batch's memory does not grow with its size.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Callable, Iterator
from typing import Any

from prefect.task_runners import ThreadPoolTaskRunner

from pipeline import mailbox
from pipeline.settings import Settings


class ThreadPoolRunner(ThreadPoolTaskRunner):
    """Prefect's thread pool, minus one thing kept per task run for the whole flow run.

    ``ThreadPoolTaskRunner`` files a cancel event under every task run it starts and keeps
    it until the flow run ends (≈ 1 KB each: an Event, its Condition, lock and deque, the
    UUID); once the task run has finished there is nothing left to cancel, so it goes.
    """

    def submit(self, task: Any, parameters: dict[str, Any], wait_for: Any = None,
               dependencies: Any = None) -> Any:
        future = super().submit(task, parameters, wait_for, dependencies)
        events: dict[Any, Any] = getattr(self, "_cancel_events", {})
        future.add_done_callback(lambda done: events.pop(done.task_run_id, None))
        return future


def make_runner(workers: int | None = None, dask_address: str | None = None) -> Any:
    """Thread pool by default; a Dask cluster at ``dask_address``, or a local one of ``workers``."""
    if dask_address or workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        keep_glibc_trim_threshold()
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return ThreadPoolRunner(max_workers=2)


def keep_glibc_trim_threshold() -> None:
    """Local Dask workers start without Dask's ``MALLOC_TRIM_THRESHOLD_=65536``.

    Dask's nanny sets it for every worker it spawns (``distributed.nanny.pre-spawn-environ``,
    and in this process's own environment too) so that freed memory goes back at once.  With
    page-sized buffers freed and allocated again on every page, that trims and faults the
    same memory over and over: measured on the 20 sample pages, two threads, 3.8–4.5 system
    CPU-s against 0.8–0.9, 20 % more wall.  The flow already hands memory back between
    documents once the heap holds a lot of it free (:func:`flows.memory.release_free_memory`).
    """
    import dask

    dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})


def window_for(runner: Any) -> int:
    """How many documents to keep in flight: four per worker (a remote cluster: 256)."""
    kwargs = getattr(runner, "cluster_kwargs", None) or {}
    workers = getattr(runner, "_max_workers", None) or kwargs.get("n_workers")
    return 4 * int(workers) if workers else 256


def limit_worker_memory(runner: Any, settings: Settings) -> Any:
    """Give the workers of a local Dask cluster ``worker_memory_mb`` each.

    Dask's nanny restarts a worker that goes over it, and re-runs its task elsewhere; a
    document that kills workers again and again ends as ``KilledWorker`` and is quarantined.
    """
    kwargs = getattr(runner, "cluster_kwargs", None)
    if isinstance(kwargs, dict) and "n_workers" in kwargs:
        kwargs.setdefault("memory_limit", f"{settings.worker_memory_mb}MiB")
    return runner


class InFlight:
    """Submit documents a few at a time, and yield each one as its task run finishes.

    At most ``window`` task runs exist at once: enough to keep every worker busy (the next
    document is submitted before the finished one is booked), while the memory the batch
    takes does not depend on its size.  Not ``prefect.futures.as_completed``: it keeps
    ``set(futures)`` for the whole loop, so every finished future — its final state, and the
    record in that state — stayed alive until the last document (measured: all 400
    ``Record`` objects of a 400-letter run were still reachable at its end).
    """

    def __init__(self, items: list[tuple[mailbox.Incoming, int]], submit: Callable[..., Any],
                 window: int) -> None:
        self._todo = iter(items)
        self._submit = submit
        self._pending: dict[int, tuple[mailbox.Incoming, int]] = {}
        self._done: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for _ in range(window):
            self._launch()

    def _launch(self) -> None:
        for item, doc_id in itertools.islice(self._todo, 1):
            future = self._submit(item.path, item.name, doc_id)
            self._pending[id(future)] = (item, doc_id)
            future.add_done_callback(self._done.put)  # called at once if already finished

    def __iter__(self) -> Iterator[tuple[mailbox.Incoming, int, Any]]:
        while self._pending:
            future = self._done.get()
            item, doc_id = self._pending.pop(id(future))
            self._launch()  # the next document starts before this one is booked
            yield item, doc_id, future


def forget_result(result: Any) -> None:
    """Drop Prefect's link from a settled result to its task run's state.

    Prefect remembers, for the whole flow run, a copy of the final state of every task
    result (and of each of its items) so that passing a result to another task records the
    dependency.  No document's result is passed on, so the entries (two states per
    document) would only pile up.
    """
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    if context is None:
        return
    for part in (result, *(result if isinstance(result, tuple) else ())):
        context.run_results.pop(id(part), None)
