"""ingest_mailbox end to end: idempotency, quarantine, duplicates, moves, both databases."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flows.ingest import StageFailed, _run_stage, process_document, run_ingest
from pipeline import api
from pipeline.errors import InputFileError
from pipeline.settings import Settings
from pipeline.store import connect
from pipeline.store.models import Document, ExtractionRun
from pipeline.store.records import current_records

pytestmark = pytest.mark.prefect


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _counts(url: str) -> tuple[int, int]:
    with Session(connect(url)) as s:
        docs = s.scalar(select(func.count()).select_from(Document))
        runs = s.scalar(select(func.count()).select_from(ExtractionRun))
    return docs or 0, runs or 0


@pytest.mark.slow
@pytest.mark.postgres
def test_fifty_letters_give_identical_records_on_sqlite_and_postgresql(
    tmp_path: Path, pg_url: str, make_letters: Any
) -> None:
    inbox = tmp_path / "inbox"
    make_letters(inbox, 50)
    before = _digests(inbox)
    sqlite_url = f"sqlite:///{tmp_path / 'c.db'}"
    results = {}
    for url in (sqlite_url, pg_url):
        first = run_ingest(inbox, database_url=url)
        assert first.counts["processed"] == 50 and not first.quarantined
        again = run_ingest(inbox, database_url=url)
        assert again.counts["processed"] == 0 and again.counts["duplicates"] == 50
        assert _counts(url) == (50, 50)  # the second run added nothing
        results[url] = current_records(connect(url))
    assert len(results[sqlite_url]) == 50
    assert results[sqlite_url] == results[pg_url]
    assert _digests(inbox) == before  # originals untouched


def test_quarantine_duplicates_and_letter_links(tmp_path: Path, db_url: str, make_letters: Any) -> None:
    inbox = tmp_path / "inbox"
    letters = make_letters(inbox, 3, start=71_000)
    (inbox / "copy-of-first.txt").write_bytes(letters[0].read_bytes())  # same file
    rescan = inbox / "second-scan.txt"  # same letter, different bytes
    rescan.write_text(letters[1].read_text(encoding="utf-8") + "\n\n(bản chụp lại)\n", encoding="utf-8")
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "garbage.pdf").write_bytes(b"\x00\x01\x02 not a letter")
    (inbox / "notes.json").write_text("{}")  # not a letter type: left alone
    summary = run_ingest(inbox, database_url=db_url)
    assert summary.counts["processed"] == 4
    assert len(summary.duplicates) == 1  # whichever of the two identical files came second
    assert summary.duplicates[0] in {"copy-of-first.txt", letters[0].name}
    reasons = {p.name: (p.stage, p.code) for p in summary.quarantined}
    assert reasons == {"empty.pdf": ("identify", "input"), "garbage.pdf": ("identify", "input")}
    markdown = summary.to_markdown()
    assert "garbage.pdf" in markdown and "duplicates skipped" in markdown
    with Session(connect(db_url)) as s:
        docs = {d.original_name: d for d in s.scalars(select(Document))}
    assert len(docs) == 6  # empty + garbage are stored as quarantined rows
    assert docs["empty.pdf"].status == "quarantined" and "empty" in (docs["empty.pdf"].error_message or "")
    first_scan = docs[letters[1].name]
    if first_scan.letter_key:  # linked only when the extractor read issuer, number, symbol, year
        assert docs["second-scan.txt"].duplicate_of_id == first_scan.id
        assert first_scan.duplicate_of_id is None


def test_move_happens_only_after_commit_and_keeps_bytes(tmp_path: Path, make_letters: Any) -> None:
    inbox = tmp_path / "inbox"
    letters = make_letters(inbox, 2, start=72_000)
    (inbox / "bad.txt").write_bytes(b"")
    original = {p.name: p.read_bytes() for p in letters}
    url = f"sqlite:///{tmp_path / 'c.db'}"
    summary = run_ingest(inbox, database_url=url, move=True)
    assert summary.counts["processed"] == 2
    moved = sorted(p.name for p in (inbox / "processed").iterdir())
    assert moved == sorted(original)
    assert all((inbox / "processed" / n).read_bytes() == b for n, b in original.items())
    assert (inbox / "quarantine" / "bad.txt").exists()
    assert not any(p.is_file() for p in inbox.iterdir())
    with Session(connect(url)) as s:
        stored = {d.original_name: d.stored_path for d in s.scalars(select(Document))}
    assert stored["bad.txt"] == str(inbox / "quarantine" / "bad.txt")
    assert run_ingest(inbox, database_url=url, move=True).counts["processed"] == 0


def test_process_document_flow_stores_one_file(tmp_path: Path, make_letters: Any) -> None:
    [letter] = make_letters(tmp_path / "in", 1, start=73_000)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    summary = process_document(str(letter), database_url=url)
    assert summary.counts["processed"] == 1
    assert list(current_records(connect(url)).values())[0]["source"]["path"] == str(letter)


def test_identify_stage_unit(tmp_path: Path, make_letters: Any) -> None:
    [letter] = make_letters(tmp_path, 1, start=73_100)
    src = _run_stage("identify", letter.name, api.identify, letter, Settings())
    assert src.kind == "text" and src.sha256 == hashlib.sha256(letter.read_bytes()).hexdigest()


def test_stage_failure_names_its_stage_and_crosses_processes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(StageFailed) as info:  # bad input: raised at once, not retried
        _run_stage("identify", empty.name, api.identify, empty, Settings())
    again = pickle.loads(pickle.dumps(info.value))  # what Dask does with it
    assert (again.stage, type(again.error)) == ("identify", type(info.value.error))
    assert isinstance(again.error, InputFileError)
