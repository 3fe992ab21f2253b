"""Reading the first letters of a batch while the orchestrator is still starting.

``congvan ingest`` without a running Prefect server boots a temporary one: ≈ 6 s of wall,
one core busy importing ``prefect.server``, while the command itself has finished its own
start-up after ≈ 4 s and then only waits.  On two cores that is a core idle for seconds on
every scheduled run, and for a run of one or two letters it is most of the run.

A :class:`HeadStart` spends that time reading (identify → load: the OCR) the batch's
largest new files, one at a time in a thread of the command's process, in the order the
flow will submit them.  When the flow begins it calls :func:`hold` (no new file after the
current one), and each document task calls :func:`load` instead of :func:`pipeline.api.load`:
it gets the head start's result for its file, waits for it while it is being read, or reads
the file itself when the head start never reached it.  A file is never read twice at once.

Nothing here writes: the database is only asked which files are already stored (those are
skipped), the files are only read, and a result whose file changed since (its sha256) or
whose settings differ from the task's is thrown away.  A failure is handed to the task, so
it is classified and booked by the same code, in the same ``load`` stage, as any other.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline import api
from pipeline.errors import StoreError
from pipeline.ingest import SourceFile
from pipeline.settings import Settings

log = logging.getLogger(__name__)

#: at most this many files are read ahead (their documents are held until their task runs)
DEFAULT_LIMIT = 4
#: niceness of the reading thread and its Tesseract (0 normal, 19 lowest)
NICE = 10
#: settings a read does not depend on: where records go, the mailbox password
_NOT_READ = {"database_url", "imap_password"}


def _reads_alike(a: Settings, b: Settings) -> bool:
    return a.model_dump(exclude=_NOT_READ) == b.model_dump(exclude=_NOT_READ)


def _largest_first(paths: Sequence[Path]) -> list[Path]:
    """The flow's submission order: largest first, folder order among equals."""
    sized: list[tuple[int, Path]] = []
    for path in paths:
        try:
            sized.append((path.stat().st_size, path))
        except OSError:  # gone already: the flow will say so
            continue
    return [path for _, path in sorted(sized, key=lambda pair: -pair[0])]


def _yield_to_others() -> None:
    """Run this thread, and the Tesseract it starts, at low priority (Linux: nice is per thread).

    Reading ahead should use only the CPU that the server's boot and the command's own
    start-up leave idle; at equal priority it slows the boot it is waiting for.
    """
    with suppress(AttributeError, OSError):  # not Linux, or not allowed: equal priority works too
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


class HeadStart:
    """Reads up to ``limit`` of ``paths`` in a background thread until :meth:`hold`."""

    def __init__(self, paths: Sequence[Path], settings: Settings, limit: int = DEFAULT_LIMIT) -> None:
        self.settings = settings
        self._queue = _largest_first(paths)[:limit]
        self._reads: dict[Path, Future[api.Loaded | None]] = {}
        self._lock = threading.Lock()
        self._held = threading.Event()
        self._thread = threading.Thread(target=self._run, name="congvan-head-start", daemon=True)

    def start(self) -> HeadStart:
        self._thread.start()
        return self

    def _stored(self, sha256: str) -> bool:
        """Whether the database already holds this file (a duplicate is not read)."""
        from pipeline.store import db, repo

        try:
            status = repo.statuses(db.cached_engine(self.settings.database_url), [sha256]).get(sha256)
        except StoreError as exc:  # the flow reports the database; reading ahead is harmless
            log.debug("head start: database not asked (%s)", exc)
            return False
        return status in repo.FINISHED

    def _read(self, path: Path) -> api.Loaded | None:
        src = api.identify(path, self.settings)
        return None if self._stored(src.sha256) else api.load(src, self.settings)

    def _run(self) -> None:
        _yield_to_others()
        for path in self._queue:
            future: Future[api.Loaded | None] = Future()
            with self._lock:  # hold() and a task's take() see either no entry or a running one
                if self._held.is_set():
                    return
                self._reads[path.resolve()] = future
                future.set_running_or_notify_cancel()
            try:
                future.set_result(self._read(path))
            except Exception as exc:  # noqa: BLE001 - the task re-raises it in its load stage
                future.set_exception(exc)
            else:
                log.debug("head start: %s read", path.name)

    def hold(self) -> None:
        """No new file from now on; the one being read is finished and kept for its task."""
        with self._lock:
            self._held.set()

    def take(self, src: SourceFile, settings: Settings) -> api.Loaded | None:
        """The read of ``src`` (waiting for it if it is under way), or None: read it yourself.

        Raises what reading the file raised, so the caller's stage reports it as its own.
        """
        with self._lock:
            future = self._reads.pop(src.path.resolve(), None)
        if future is None:
            return None
        loaded = future.result()
        if loaded is None or loaded.source.sha256 != src.sha256 or not _reads_alike(self.settings, settings):
            return None
        return loaded

    def close(self, timeout: float | None = None) -> None:
        """Hold, wait for the file being read, and drop what no task took."""
        self.hold()
        if self._thread.is_alive():
            self._thread.join(timeout)
        with self._lock:
            self._reads.clear()


_active: HeadStart | None = None


@contextmanager
def head_start(paths: Sequence[Path], settings: Settings, limit: int = DEFAULT_LIMIT) -> Iterator[HeadStart]:
    """A started :class:`HeadStart` that :func:`load` and :func:`hold` use, for the block."""
    global _active
    started = HeadStart(paths, settings, limit).start()
    _active = started
    try:
        yield started
    finally:
        _active = None
        started.close()


def hold() -> None:
    """The flow begins: the active head start (if any) takes no new file."""
    if _active is not None:
        _active.hold()


def load(src: SourceFile, settings: Settings) -> api.Loaded:
    """:func:`pipeline.api.load`, or the active head start's read of the same file."""
    current = _active
    loaded = current.take(src, settings) if current is not None else None
    return loaded if loaded is not None else api.load(src, settings)
