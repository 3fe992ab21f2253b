"""A mailbox full of hostile files, ingested in one run by the real Prefect flow.

Every hostile file is quarantined with its reason in the database and the run's summary,
moved (byte-identical) to ``quarantine/``; every good letter — whatever its file name — is
stored and moved to ``processed/``; nothing is written outside the mailbox folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.ingest import sha256_of as sha
from pipeline.store import connect
from pipeline.store.models import Document
from tests.bad import hostile
from tests.bad.conftest import CASES

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

AWKWARD_NAMES: list[str | bytes] = [
    "evil ..\\..\\..\\name.txt",  # a Windows path traversal: just a name on Linux
    "Công văn số 12 khẩn (bản chính).txt",
    "  spaces  around  .txt",
    b"legacy-\xc7\xf4ng-v\xe3n.txt",  # not UTF-8 (a TCVN3 file name)
    hostile.long_name(),  # exactly 255 bytes of Vietnamese
]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _rows(url: str) -> dict[str, Document]:
    with Session(connect(url)) as s:
        return {d.sha256: d for d in s.scalars(select(Document))}


def test_hostile_mailbox(tmp_path: Path, prefect_api: str, db_url: str) -> None:
    from flows.ingest import run_ingest

    inbox = tmp_path / "mail" / "inbox"
    inbox.mkdir(parents=True)
    bad = {case: make(inbox) for case, (make, *_) in CASES.items()}
    good = [hostile.named(inbox, name, hostile.text_letter(71_000 + i).encode())
            for i, name in enumerate(AWKWARD_NAMES)]
    good.append(hostile.legacy_letter(inbox, "vni", seed=71_100))
    digests = {p: sha(p) for p in [*bad.values(), *good]}
    url = db_url
    outside_before = _names(tmp_path / "mail")

    summary = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)

    assert summary.counts["processed"] == len(good), summary.to_dict()
    assert summary.counts["retry_later"] == 0
    assert {p.code for p in summary.quarantined} == {c for _, c, _, _ in CASES.values()}
    rows = _rows(url)
    for case, path in bad.items():
        _, code, _, words = CASES[case]
        row = rows[digests[path]]
        assert (row.status, row.error_code) == ("quarantined", code), case
        assert words in row.error_message and row.error_stage in ("identify", "load", "extract")
        stored = Path(row.stored_path)
        assert stored.parent == inbox / "quarantine" and sha(stored) == digests[path]
    for path in good:
        row = rows[digests[path]]
        assert row.status == "done", (path, row.error_message)
        stored = Path(row.stored_path)  # the database names the moved file exactly
        assert stored.parent == inbox / "processed" and sha(stored) == digests[path]
        assert len(stored.name.encode()) <= 255
    assert _names(tmp_path / "mail") == outside_before  # nothing escaped
    assert {n for n in _names(tmp_path) if not n.startswith("congvan-test.db")} == {"mail"}
    assert _names(inbox) == ["processed", "quarantine"]

    again = run_ingest(inbox, database_url=url, move=True, settle_seconds=0)
    assert again.counts["processed"] == 0 and again.counts["quarantined"] == 0


def test_attachment_names_cannot_leave_the_mailbox() -> None:
    from pipeline.mailbox import _safe_name

    for name in ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "/abs/x.pdf", "..", "\x00.pdf"]:
        safe = _safe_name(name)
        assert "/" not in safe and safe not in ("", ".", "..") and not safe.startswith(".")
    long = _safe_name("công văn " * 40 + ".pdf")
    assert long.endswith(".pdf") and len((long + ".part").encode()) <= 255
