"""Prefect 3 flows: mailbox ingestion, one task per stage, scaling out on Dask.

Wiring only — every decision lives in the library (:mod:`pipeline.api` for the stages,
:mod:`pipeline.mailbox` for folders and IMAP, :mod:`pipeline.store` for claiming, storing
and quarantining).  ``ingest_mailbox`` registers and claims files in the calling process,
then hands the claimed ones to the ``process_documents`` subflow, whose task runner is a
thread pool, a local Dask cluster (``workers``) or a remote one (``dask_address``): each
document is a chain of stage tasks, so documents spread over the Dask workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline import api, mailbox
from pipeline.ingest import sha256_of
from pipeline.record import Record
from pipeline.settings import Settings, get_settings
from pipeline.store import batch, db, repo
from pipeline.store.batch import IngestSummary, Problem, Processed


class _SkipNotReady(logging.Filter):
    """Stages after a failed one end "NotReady"; the failure itself is logged (file + stage)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "NotReady(" not in record.getMessage()


logging.getLogger("prefect.task_runs").addFilter(_SkipNotReady())

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


@task(name="identify", **STAGE)
def identify_task(path: Path, settings: Settings) -> api.SourceFile:
    return api.identify(path, settings)


@task(name="load", **STAGE)
def load_task(src: api.SourceFile, settings: Settings) -> api.Loaded:
    return api.load(src, settings)


@task(name="restore", **STAGE)
def restore_task(loaded: api.Loaded, settings: Settings) -> api.Restored:
    return api.restore(loaded, settings)


@task(name="extract", **STAGE)
def extract_task(restored: api.Restored, settings: Settings) -> Record:
    return api.extract_fields(restored, settings)


@task(name="save", **STAGE)
def save_task(record: Record, document_id: int, owner: str, settings: Settings) -> int | None:
    engine = db.cached_engine(settings.database_url)
    doc = repo.save(engine, document_id, owner, record,
                    model_version=api.model_version(settings.models_dir),
                    code_version=api.CODE_VERSION)
    return doc.duplicate_of_id


@task(name="fetch-imap", retries=2, retry_delay_seconds=[5, 30], retry_condition_fn=_transient_only,
      cache_policy=NO_CACHE)
def fetch_imap_task(url: str, folder: Path, settings: Settings) -> int:
    source = mailbox.ImapSource.parse(url)
    return len(mailbox.fetch_imap(source, settings.imap_password or "", folder))


def _submit(item: mailbox.Incoming, doc_id: int, owner: str, settings: Settings) -> list[Any]:
    """The stage tasks of one document, chained by their futures; runs are named by the file."""

    def named(stage: Any) -> Any:
        return stage.with_options(task_run_name=f"{stage.name} {item.name}")

    src = named(identify_task).submit(item.path, settings)
    loaded = named(load_task).submit(src, settings)
    restored = named(restore_task).submit(loaded, settings)
    record = named(extract_task).submit(restored, settings)
    return [src, loaded, restored, record, named(save_task).submit(record, doc_id, owner, settings)]


def _settle(item: mailbox.Incoming, doc_id: int, chain: list[Any], owner: str,
            settings: Settings, summary: IngestSummary) -> str:
    """Book one finished chain: processed, or quarantined/released with file and stage named."""
    logger = get_run_logger()
    if chain[-1].state.is_completed():
        record: Record = chain[3].result()
        low = batch.low_confidence_fields(record, settings.low_confidence)
        summary.processed.append(Processed(item.name, item.sha256, doc_id, chain[-1].result(), low))
        return "done"
    failed = next((i for i, f in enumerate(chain) if f.state.is_failed()), len(chain) - 1)
    stage = batch.STAGES[failed + 1]
    exc = chain[failed].state.result(raise_on_failure=False)
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
    (summary.quarantined if verdict.status == "quarantined" else summary.retry_later).append(problem)
    return verdict.status


@flow(name="process_documents", validate_parameters=False)
def process_documents(claimed: list[tuple[mailbox.Incoming, int]], owner: str,
                      settings: Settings) -> IngestSummary:
    """Run every claimed document through the stage tasks on this flow's task runner."""
    summary = IngestSummary()
    chains = {id(c[-1]): (item, doc_id, c) for item, doc_id in claimed
              for c in [_submit(item, doc_id, owner, settings)]}
    for final in as_completed([c[-1] for _, _, c in chains.values()]):
        item, doc_id, chain = chains[id(final)]
        for future in chain:
            future.wait()
        outcome = _settle(item, doc_id, chain, owner, settings, summary)
        if _progress:
            _progress(item.name, outcome)
    return summary


def make_runner(workers: int | None = None, dask_address: str | None = None) -> Any:
    """Thread pool by default; a Dask cluster at ``dask_address``, or a local one of ``workers``."""
    if dask_address or workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return ThreadPoolTaskRunner(max_workers=2)


def _settings(database_url: str | None) -> Settings:
    """The process settings, with the database chosen for this run; no secrets in parameters."""
    base = get_settings()
    return base.model_copy(update={"database_url": database_url or base.database_url})


def _ingest(items: list[mailbox.Incoming], root: Path | None, settings: Settings,
            runner: Any, summary: IngestSummary) -> IngestSummary:
    engine = db.cached_engine(settings.database_url)
    owner = repo.new_owner()
    claimed = batch.claim_all(engine, items, owner, settings, summary)
    if claimed:
        public = settings.model_copy(update={"imap_password": None})
        summary.merge(process_documents.with_options(task_runner=runner)(claimed, owner, public))
    if root is not None:
        batch.move_finished(engine, root, items)
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
    settings, root = _settings(database_url), Path(folder)
    summary = IngestSummary()
    if imap:
        state = fetch_imap_task(imap, root, settings, return_state=True)
        if state.is_completed():
            summary.fetched = state.result()
        else:  # the mailbox is unreachable: still ingest what the folder holds
            summary.fetch_error = str(state.result(raise_on_failure=False))
            get_run_logger().error("IMAP %s: fetch-imap failed: %s", imap, summary.fetch_error)
    items = mailbox.scan_folder(root, settle_seconds=settle_seconds, recursive=recursive)
    runner = make_runner(workers, dask_address)
    return _ingest(items, root if move else None, settings, runner, summary)


@flow(name="process_document")
def process_document(path: str, database_url: str | None = None) -> IngestSummary:
    """Ingest one file (never moved): identify → load → restore → extract → save."""
    settings, file = _settings(database_url), Path(path)
    item = mailbox.Incoming(file, sha256_of(file), file.stat().st_size, file.name, "folder")
    return _ingest([item], None, settings, ThreadPoolTaskRunner(max_workers=1), IngestSummary())


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

