"""What an ingest run did, and how it decides between retrying and quarantining.

Kept out of the flows so that the rules are plain, testable Python: :func:`is_transient`
says which failures deserve a retry (the flow's tasks retry only those), :func:`classify`
turns a stage's exception into the row's status, and :class:`IngestSummary` is both the
return value of ``flows.ingest.run_ingest`` and the markdown run artifact.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from pipeline.errors import CongvanError, MissingDependencyError, OCREngineError, StoreError
from pipeline.ingest import printable
from pipeline.mailbox import Incoming, move_after_commit
from pipeline.record import Record
from pipeline.settings import Settings

log = logging.getLogger(__name__)

#: Stage names, in pipeline order; logs and quarantine rows name one of these.
STAGES = ("register", "identify", "load", "restore", "extract", "save", "move")


def is_transient(exc: BaseException) -> bool:
    """True for faults that may pass on a retry: I/O hiccups, a busy database, OCR crashes."""
    from pipeline.store.repo import LeaseLostError

    if isinstance(exc, LeaseLostError):
        return False
    if getattr(exc, "transient", False):
        return True
    if isinstance(exc, StoreError | OCREngineError):
        return True
    if isinstance(exc, CongvanError):
        return False  # bad input: retrying gives the same answer
    if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return True
    if isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError | PermissionError):
        return False
    return isinstance(exc, OSError | TimeoutError | MemoryError)


@dataclass(frozen=True)
class Failure:
    """How a failed document is stored: ``quarantined`` for good, or ``pending`` to retry."""

    status: str
    code: str
    message: str


def classify(exc: BaseException) -> Failure:
    """The row's status, code and one-line reason for a stage's exception."""
    if isinstance(exc, MissingDependencyError):  # the machine's fault, not the file's: kept
        return Failure("pending", exc.code, _line(exc.message))  # for the run after the fix
    if type(exc).__name__ == "KilledWorker":  # Dask gave up after workers died on this file
        return Failure("quarantined", "worker-killed", _line(
            f"worker processes died on this file again and again ({exc}); out of memory? "
            "see CONGVAN_WORKER_MEMORY_MB"))
    if is_transient(exc):
        code = exc.code if isinstance(exc, CongvanError) else "transient"
        return Failure("pending", code, _line(f"{type(exc).__name__}: {exc}"))
    if isinstance(exc, CongvanError):
        return Failure("quarantined", exc.code, _line(exc.message))
    return Failure("quarantined", "internal", _line(f"{type(exc).__name__}: {exc}"))


def _line(text: str) -> str:
    """One line of text any database accepts (no lone surrogates from odd file names)."""
    return " ".join(text.encode("utf-8", "backslashreplace").decode("utf-8").split())


@dataclass
class Processed:
    name: str
    sha256: str
    document_id: int
    duplicate_of_id: int | None
    low_confidence: dict[str, float]


@dataclass
class Problem:
    name: str
    sha256: str
    stage: str
    code: str
    message: str


@dataclass
class IngestSummary:
    """Counts and details of one ingest run (the flow's return value and its artifact)."""

    processed: list[Processed] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # same sha256 already stored
    busy: list[str] = field(default_factory=list)  # being processed by another ingest
    quarantined: list[Problem] = field(default_factory=list)
    retry_later: list[Problem] = field(default_factory=list)  # transient; the next run retries
    not_moved: list[Problem] = field(default_factory=list)  # stored, but the move failed (disk)
    fetched: int = 0  # attachments fetched from IMAP
    fetch_error: str | None = None  # why IMAP could not be read (the folder was still ingested)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "processed": len(self.processed),
            "duplicates": len(self.duplicates),
            "busy": len(self.busy),
            "quarantined": len(self.quarantined),
            "retry_later": len(self.retry_later),
            "fetched": self.fetched,
        }

    @property
    def ok(self) -> bool:
        return not self.retry_later

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, **asdict(self)}

    def merge(self, other: IngestSummary) -> None:
        for name in ("processed", "duplicates", "busy", "quarantined", "retry_later", "not_moved"):
            getattr(self, name).extend(getattr(other, name))
        self.fetched += other.fetched
        self.fetch_error = self.fetch_error or other.fetch_error

    def to_markdown(self) -> str:
        c = self.counts
        lines = [
            "# congvan ingest",
            "",
            f"- processed: **{c['processed']}** "
            f"({sum(p.duplicate_of_id is not None for p in self.processed)} linked as a second scan of a stored letter)",
            f"- duplicates skipped (same file already stored): **{c['duplicates']}**",
            f"- quarantined: **{c['quarantined']}**",
            f"- left for the next run (transient faults): **{c['retry_later']}**",
            f"- being processed by another ingest: {c['busy']}",
            f"- attachments fetched from IMAP: {c['fetched']}",
        ]
        if self.fetch_error:
            lines.append(f"- **IMAP fetch failed**: {_cell(self.fetch_error)}")
        lines += _problem_table("Quarantined", self.quarantined)
        lines += _problem_table("Left for the next run", self.retry_later)
        lines += _problem_table("Stored but not moved (the next run moves them)", self.not_moved)
        low = [(p, f, v) for p in self.processed for f, v in sorted(p.low_confidence.items())]
        if low:
            lines += ["", "## Low-confidence fields (to review)", "",
                      "| file | document | field | confidence |", "|---|---|---|---|"]
            lines += [f"| {_cell(p.name)} | {p.document_id} | {f} | {v:.2f} |" for p, f, v in low]
        return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _problem_table(title: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    rows = ["", f"## {title}", "", "| file | stage | code | reason |", "|---|---|---|---|"]
    rows += [
        f"| {_cell(p.name)} | {p.stage} | {p.code} | {_cell(p.message)[:300]} |" for p in problems
    ]
    return rows


def low_confidence_fields(record: Record, threshold: float) -> dict[str, float]:
    """Fields the extractor is unsure of — what the auditors' review page lists."""
    return {f: c for f, c in record.confidence.items() if c < threshold}


def claim_all(
    engine: Any, incoming: list[Incoming], owner: str, settings: Settings, summary: IngestSummary
) -> list[tuple[Incoming, int]]:
    """Register every incoming file and claim the ones nobody has stored or is processing.

    Files already stored (same sha256) are booked as duplicates, files another ingest holds
    as busy; a file that crashed its ingests ``max_attempts`` times is quarantined here.
    """
    from pipeline.store import repo

    known = repo.statuses(engine, [i.sha256 for i in incoming])
    seen: set[str] = set()
    claimed: list[tuple[Incoming, int]] = []
    for item in incoming:
        if item.sha256 in seen or known.get(item.sha256) in repo.FINISHED:
            summary.duplicates.append(item.name)
            continue
        seen.add(item.sha256)
        doc_id = repo.register(engine, sha256=item.sha256, name=item.name, path=printable(item.path),
                               size=item.size, origin=item.origin)
        got = repo.claim(engine, item.sha256, owner, lease_seconds=settings.lease_seconds,
                         max_attempts=settings.max_attempts)
        if got.status == "claimed":
            claimed.append((item, doc_id))
        elif got.status == "exhausted":
            summary.quarantined.append(Problem(item.name, item.sha256, "register", "attempts",
                                               f"gave up after {got.attempts} attempts"))
        elif got.status == "busy":
            summary.busy.append(item.name)
        else:
            summary.duplicates.append(item.name)
    return claimed


def move_finished(
    engine: Any, folder: Path, incoming: list[Incoming], summary: IngestSummary | None = None
) -> int:
    """Move every file whose row is committed as done/quarantined; return how many moved.

    A failed move (disk full, permissions) leaves the file where it was — its row is already
    committed — and is listed in ``summary.not_moved``; the next run moves it.
    """
    from pipeline.store import repo

    final = repo.statuses(engine, [i.sha256 for i in incoming])
    moved = 0
    for item in incoming:
        status = final.get(item.sha256)
        if status not in repo.FINISHED:
            continue  # pending or being processed: its row is not final yet
        try:
            target = move_after_commit(item.path, folder, status)
        except FileNotFoundError:
            continue  # a concurrent ingest moved it first
        except OSError as exc:
            message = _line(f"move to {status} folder failed, the file stays where it is: {exc}")
            log.error("%s: %s", item.name, message)
            if summary is not None:
                summary.not_moved.append(Problem(item.name, item.sha256, "move", "move", message))
            continue
        repo.record_stored_path(engine, item.sha256, printable(item.path), printable(target))
        moved += 1
    return moved
