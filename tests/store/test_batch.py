"""Retry-or-quarantine rules and the run summary (the flow's markdown artifact)."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from pipeline.errors import EncryptedPDFError, NotALetterError, OCREngineError, StoreError
from pipeline.mailbox import MailboxError, MailboxUnavailableError
from pipeline.store.batch import IngestSummary, Problem, Processed, classify, is_transient
from pipeline.store.repo import LeaseLostError


def test_transient_faults() -> None:
    assert is_transient(OCREngineError("tesseract crashed"))
    assert is_transient(StoreError("database is locked"))
    assert is_transient(OperationalError("SELECT 1", {}, Exception("server closed")))
    assert is_transient(TimeoutError())
    assert is_transient(MailboxUnavailableError("no route"))
    assert not is_transient(LeaseLostError("taken over"))
    assert not is_transient(EncryptedPDFError("locked"))
    assert not is_transient(MailboxError("bad password"))
    assert not is_transient(FileNotFoundError("gone"))
    assert not is_transient(KeyError("bug"))


def test_classify() -> None:
    q = classify(NotALetterError("photo.jpg: no text"))
    assert (q.status, q.code) == ("quarantined", "not-a-letter") and "review it by hand" in q.message
    assert classify(OCREngineError("boom")).status == "pending"
    bug = classify(ZeroDivisionError("division by zero"))
    assert (bug.status, bug.code) == ("quarantined", "internal")


def test_markdown_summary_names_files_reasons_and_low_confidence() -> None:
    s = IngestSummary(
        processed=[Processed("a.pdf", "1" * 64, 1, None, {"subject": 0.41}),
                   Processed("b.pdf", "2" * 64, 2, 1, {})],
        duplicates=["a-copy.pdf"],
        quarantined=[Problem("x|y.pdf", "3" * 64, "load", "encrypted", "locked PDF")],
    )
    md = s.to_markdown()
    assert "processed: **2** (1 linked as a second scan" in md
    assert "duplicates skipped (same file already stored): **1**" in md
    assert "| x\\|y.pdf | load | encrypted | locked PDF |" in md
    assert "| a.pdf | 1 | subject | 0.41 |" in md
    assert s.to_dict()["counts"]["quarantined"] == 1
