"""Scans attached to messages in a real IMAP mailbox (dovecot on loopback) are ingested once."""

from __future__ import annotations

import imaplib
import time
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

from flows.ingest import run_ingest
from pipeline.mailbox import FETCHED_FLAG, ImapSource, fetch_imap
from pipeline.store import connect
from pipeline.store.records import current_records

pytestmark = pytest.mark.prefect


def _message(subject: str, files: list[Path]) -> bytes:
    msg = EmailMessage()
    msg["From"] = "vanthu@ubnd.example.vn"
    msg["To"] = "office@example.vn"
    msg["Subject"] = subject
    msg["Date"] = formatdate()
    msg.set_content("Kính gửi: văn phòng. Xin gửi kèm công văn.")
    for f in files:
        msg.add_attachment(f.read_bytes(), maintype="text", subtype="plain", filename=f.name)
    return msg.as_bytes()


def _deliver(host: str, port: int, messages: list[bytes]) -> None:
    conn = imaplib.IMAP4(host, port)
    conn.login("office", "secret")
    for raw in messages:
        conn.append("INBOX", None, imaplib.Time2Internaldate(time.time()), raw)
    conn.logout()


def test_imap_attachments_are_fetched_and_ingested_once(
    tmp_path: Path, imap_server: tuple[str, int], make_letters: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = imap_server
    letters = make_letters(tmp_path / "outbox", 3, start=77_000)
    _deliver(host, port, [
        _message("Công văn số 1", letters[:2]),
        _message("Công văn số 2", letters[2:]),
        _message("chỉ có lời nhắn, không có tệp", []),
    ])
    monkeypatch.setenv("CONGVAN_IMAP_PASSWORD", "secret")
    from pipeline.settings import get_settings

    get_settings.cache_clear()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url = f"imap://office@{host}:{port}/INBOX"
    db = f"sqlite:///{tmp_path / 'c.db'}"
    summary = run_ingest(inbox, database_url=db, imap=url)
    assert (summary.fetched, summary.counts["processed"]) == (3, 3)
    records = current_records(connect(db))
    assert sorted(Path(r["source"]["path"]).name for r in records.values()) == sorted(p.name for p in letters)
    assert all("/imap/INBOX/" in r["source"]["path"] for r in records.values())
    again = run_ingest(inbox, database_url=db, imap=url)
    assert (again.fetched, again.counts["processed"]) == (0, 0)  # flagged: not fetched twice


def test_fetch_flags_messages_and_refetch_is_harmless(tmp_path: Path, imap_server: tuple[str, int]) -> None:
    host, port = imap_server
    doc = tmp_path / "cv.txt"
    doc.write_text("CÔNG VĂN", encoding="utf-8")
    _deliver(host, port, [_message("x", [doc])])
    source = ImapSource.parse(f"imap://office@{host}:{port}")
    first = fetch_imap(source, "secret", tmp_path / "inbox")
    assert [p.read_text(encoding="utf-8") for p in first] == ["CÔNG VĂN"]
    assert fetch_imap(source, "secret", tmp_path / "inbox") == []
    conn = imaplib.IMAP4(host, port)
    conn.login("office", "secret")
    conn.select("INBOX")
    _, flagged = conn.search(None, "KEYWORD", FETCHED_FLAG)
    _, unseen = conn.search(None, "UNSEEN")
    conn.logout()
    assert flagged[0].split() == [b"1"] and unseen[0].split() == [b"1"]  # not marked read


def test_wrong_password_is_a_clear_error(tmp_path: Path, imap_server: tuple[str, int]) -> None:
    from pipeline.mailbox import MailboxError

    host, port = imap_server
    with pytest.raises(MailboxError, match="office@127.0.0.1"):
        fetch_imap(ImapSource.parse(f"imap://office@{host}:{port}"), "wrong", tmp_path)
