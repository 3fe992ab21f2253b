"""Prefect 3 flows: mailbox ingestion, one task per document, scaling out on Dask.

Wiring only — every decision lives in the library (:mod:`pipeline.api` for the stages,
:mod:`pipeline.mailbox` for folders and IMAP, :mod:`pipeline.store` for claiming, storing
and quarantining).  ``ingest_mailbox`` registers and claims files in the calling process,
then runs the claimed ones (``process_documents``, in the same flow run) on a task runner: a
thread pool, a local Dask cluster (``workers``) or a remote one (``dask_address``).  Each
document is one ``document`` task running the stages in order (a failure names its stage),
so documents spread over the Dask workers, which report to this process's Prefect API.
A few documents per worker are in flight at once (:class:`flows.runners.InFlight`), and a
booked document is dropped, so the flow's memory does not grow with the batch (issue #9).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import memory, share_api_with_workers
from flows.runners import (
    InFlight,
    ThreadPoolRunner,
    forget_result,
    limit_worker_memory,
    make_runner,
    window_for,
)
from flows.warmup import warm_up  # noqa: F401 - re-exported: the CLI imports it from here
from pipeline import api, headstart, mailbox, preflight
from pipeline.errors import CongvanError, StoreError
from pipeline.ingest import printable, sha256_of
from pipeline.record import Record
from pipeline.settings import Settings, settings_for
from pipeline.store import batch, db, repo
from pipeline.store.batch import IngestSummary, Problem, Processed


class _SkipNotReady(logging.Filter):
    """No "NotReady" chatter; the failure itself is logged (file + stage) by ``_settle``.
    A congvan error is logged as its one line, without a traceback (kept for real bugs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, StageFailed):
            exc = exc.error
        if isinstance(exc, CongvanError):
            record.exc_info = record.exc_text = None
        return "NotReady(" not in record.getMessage()


for _name in ("prefect.task_runs", "prefect.flow_runs"):
    logging.getLogger(_name).addFilter(_SkipNotReady())

#: Called as ``progress(file_name, outcome)`` after each document; set by :func:`run_ingest`.
Progress = Callable[[str, str], None]
_progress: Progress | None = None


def _transient_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry policy: bad input is not retried, a flaky disk/database/OCR run is."""
    try:
        state.result()
    except Exception as exc:  # noqa: BLE001 - the state's own exception
        return batch.is_transient(exc)
    return False


STAGE: dict[str, Any] = dict(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=_transient_only,
             cache_policy=NO_CACHE, persist_result=False)


class StageFailed(Exception):
    """A document's stage raised ``error`` (after its retries): names the stage for the report.

    Picklable (Dask sends it from a worker back to the flow), and carries the original
    exception so :func:`pipeline.store.batch.classify` sees what the stage raised.
    """

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage, self.error = stage, error

    def __reduce__(self) -> tuple[Any, ...]:
        return (StageFailed, (self.stage, self.error))


def _run_stage(name: str, item_name: str, call: Callable[..., Any], *args: Any) -> Any:
    """One stage, retried like a Prefect task with ``STAGE``'s policy: transient faults only."""
    delays: list[float] = list(STAGE["retry_delay_seconds"])[: STAGE["retries"]]
    for attempt in range(len(delays) + 1):
        try:
            return call(*args)
        except Exception as exc:  # noqa: BLE001 - classified: retried, or handed to _settle
            if attempt == len(delays) or not batch.is_transient(exc):
                raise StageFailed(name, exc) from exc
            get_run_logger().warning("%s: %s failed (%s: %s); retry %d in %s s", item_name, name,
                                     type(exc).__name__, exc, attempt + 1, delays[attempt])
            time.sleep(delays[attempt])
    raise AssertionError("unreachable")


def _save(record: Record, document_id: int, owner: str, settings: Settings) -> int | None:
    engine = db.cached_engine(settings.database_url)
    doc = repo.save(engine, document_id, owner, record,
                    model_version=api.model_version(settings.models_dir),
                    code_version=api.CODE_VERSION)
    return doc.duplicate_of_id


@task(name="document", task_run_name="document {name}", cache_policy=NO_CACHE, persist_result=False)
def document_task(path: Path, name: str, document_id: int, owner: str,
                  settings: Settings) -> tuple[Record, int | None]:
    """identify → load → restore → extract → save, one Prefect task run per document.

    One task run instead of one per stage: every task run costs API round trips for its
    state transitions, events and logs (measured on 5 scans: ≈ 0.1 CPU-s per run on the
    thread pool, ≈ 0.3 on Dask, and on the thread pool ≈ 0.4 s of wall each, since the
    stage futures of a chain waited on each other).  A failure still names its stage
    (:class:`StageFailed`); each stage is retried on its own, so a busy database at
    ``save`` does not redo the OCR.
    """
    try:
        src = _run_stage("identify", name, api.identify, path, settings)
        loaded = _run_stage("load", name, headstart.load, src, settings)  # maybe read while Prefect booted
        restored = _run_stage("restore", name, api.restore, loaded, settings)
        record = _run_stage("extract", name, api.extract_fields, restored, settings)
        return record, _run_stage("save", name, _save, record, document_id, owner, settings)
    finally:
        # scans' buffers back to the system once the heap holds a lot free
        memory.release_free_memory(memory.trim_threshold(settings.worker_memory_mb))


@task(name="fetch-imap", retries=2, retry_delay_seconds=[5, 30], retry_condition_fn=_transient_only,
      cache_policy=NO_CACHE)
def fetch_imap_task(url: str, folder: Path, settings: Settings) -> int:
    source = mailbox.ImapSource.parse(url)
    return len(mailbox.fetch_imap(source, settings.imap_password or "", folder))


def _settle(item: mailbox.Incoming, doc_id: int, future: Any, owner: str,
            settings: Settings, summary: IngestSummary) -> str:
    """Book one finished document: processed, or quarantined/released with file and stage named."""
    logger = get_run_logger()
    if future.state.is_completed():
        result = future.result()
        forget_result(result)
        record, duplicate_of = result
        low = batch.low_confidence_fields(record, settings.low_confidence)
        summary.processed.append(Processed(item.name, item.sha256, doc_id, duplicate_of, low))
        return "done"
    exc = future.state.result(raise_on_failure=False)
    # not a StageFailed: the task never ran its stages to an end (a Dask worker died on the
    # file: KilledWorker), which happens while the file is read, so it is booked at "load"
    stage, exc = (exc.stage, exc.error) if isinstance(exc, StageFailed) else ("load", exc)
    verdict = batch.classify(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))
    logger.error("%s: %s failed [%s]: %s", item.name, stage, verdict.code, verdict.message)
    problem = Problem(item.name, item.sha256, stage, verdict.code, verdict.message)
    engine = db.cached_engine(settings.database_url)
    try:
        finish = repo.quarantine if verdict.status == "quarantined" else repo.release
        finish(engine, doc_id, owner, code=verdict.code, message=verdict.message, stage=stage)
    except repo.LeaseLostError as lost:
        logger.warning("%s: %s", item.name, lost)
        return "busy"
    except StoreError as down:  # the database is gone too: the row stays "processing" under
        # our lease, which the next run takes over (at once if this process has ended)
        logger.error("%s: cannot record the failure (%s); the next run retries it", item.name, down)
        summary.retry_later.append(Problem(item.name, item.sha256, stage, "database",
                                           batch.classify(down).message))
        return "pending"
    (summary.quarantined if verdict.status == "quarantined" else summary.retry_later).append(problem)
    return verdict.status


def process_documents(claimed: list[tuple[mailbox.Incoming, int]], owner: str, settings: Settings,
                      runner: Any) -> IngestSummary:
    """Run every claimed document (one task run each) on ``runner``, inside the calling flow run.

    Not a subflow: a flow run of its own cost ≈ 1 s of every ingest (its API round trips, and
    Prefect joining its heartbeat thread, which sleeps in one-second steps, at its end) for
    nothing a user sees.  Prefect's task runners are context managers meant for this.
    """
    summary = IngestSummary()
    with share_api_with_workers(), runner.duplicate() as pool:  # Dask workers report to our API

        def submit(path: Path, name: str, doc_id: int) -> Any:
            return pool.submit(document_task, {"path": path, "name": name, "document_id": doc_id,
                                               "owner": owner, "settings": settings})

        # largest files first: a long scan started last would leave the other workers idle
        # at the end of the batch (sorted is stable: equal sizes keep the folder's order)
        largest_first = sorted(claimed, key=lambda claim: -claim[0].size)
        for item, doc_id, future in InFlight(largest_first, submit, window_for(runner)):
            future.wait()  # the final state with its result, not the API's copy (no result kept)
            outcome = _settle(item, doc_id, future, owner, settings, summary)
            del future  # nothing holds a settled document: memory stays flat
            if _progress:
                _progress(item.name, outcome)
    return summary


def _ingest(items: list[mailbox.Incoming], root: Path | None, settings: Settings,
            runner: Any, summary: IngestSummary) -> IngestSummary:
    headstart.hold()  # the flow has begun: its tasks read the rest, nothing reads beside them
    engine = db.cached_engine(settings.database_url)
    owner = repo.new_owner()
    claimed = batch.claim_all(engine, items, owner, settings, summary)
    if claimed:
        public = settings.model_copy(update={"imap_password": None})  # tasks' parameters are recorded
        summary.merge(process_documents(claimed, owner, public, runner))
    if root is not None:
        try:
            batch.move_finished(engine, root, items, summary)
        except StoreError as down:  # rows are committed; files move on the next run
            get_run_logger().error("files not moved (the next run moves them): %s", down)
    create_markdown_artifact(summary.to_markdown(), key="congvan-ingest",
                             description="congvan ingest: processed, duplicates, quarantined")
    get_run_logger().info("ingest finished: %s", summary.counts)
    return summary


@flow(name="ingest_mailbox")
def ingest_mailbox(
    folder: str,
    database_url: str | None = None,
    imap: str | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    move: bool = False,
    settle_seconds: float = 2.0,
    recursive: bool = True,
) -> IngestSummary:
    """Fetch IMAP attachments into ``folder``, then ingest every new file in it."""
    settings, root = settings_for(database_url), Path(folder)
    summary = IngestSummary()
    if imap:
        state = fetch_imap_task(imap, root, settings, return_state=True)
        if state.is_completed():
            summary.fetched = state.result()
        else:  # the mailbox is unreachable: still ingest what the folder holds
            summary.fetch_error = str(state.result(raise_on_failure=False))
            get_run_logger().error("IMAP %s: fetch-imap failed: %s", imap, summary.fetch_error)
    items = mailbox.scan_folder(root, settle_seconds=settle_seconds, recursive=recursive)
    preflight.check_for([item.path for item in items], settings)  # no Tesseract/poppler: stop before claiming anything
    runner = limit_worker_memory(make_runner(workers, dask_address), settings)
    return _ingest(items, root if move else None, settings, runner, summary)


@flow(name="process_document")
def process_document(path: str, database_url: str | None = None) -> IngestSummary:
    """Ingest one file (never moved): identify → load → restore → extract → save."""
    settings, file = settings_for(database_url), Path(path)
    item = mailbox.Incoming(file, sha256_of(file), file.stat().st_size, printable(file.name), "folder")
    return _ingest([item], None, settings, ThreadPoolRunner(max_workers=1), IngestSummary())


def run_ingest(
    folder: str | Path,
    *,
    database_url: str | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    move: bool = False,
    imap: str | None = None,
    settle_seconds: float = 0.0,
    recursive: bool = True,
    progress: Progress | None = None,
) -> IngestSummary:
    """Run ``ingest_mailbox`` once, in this process; what ``congvan ingest`` and the demo call."""
    global _progress
    _progress = progress
    try:
        return ingest_mailbox(str(folder), database_url=database_url, imap=imap, workers=workers,
                              dask_address=dask_address, move=move,
                              settle_seconds=settle_seconds, recursive=recursive)
    finally:
        _progress = None


def serve_ingest(
    folder: str | Path,
    *,
    cron: str | None = None,
    interval: float | None = None,
    **parameters: Any,
) -> None:
    """Keep a scheduled ``ingest_mailbox`` deployment running in this process (``flow.serve``)."""
    ingest_mailbox.serve(
        name="congvan-mailbox",
        cron=cron,
        interval=interval,
        parameters={"folder": str(Path(folder).resolve()), **parameters},
        limit=1,  # a slow run is never overlapped by the next tick (claims make it safe anyway)
        pause_on_shutdown=False,
    )

