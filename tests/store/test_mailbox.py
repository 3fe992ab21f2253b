"""Folder scanning, moving after commit, IMAP URLs and attachment selection (no server)."""

from __future__ import annotations

import os
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.ingest import sha256_of
from pipeline.mailbox import (
    ImapSource,
    attachments,
    move_after_commit,
    scan_folder,
)


def test_scan_skips_processed_quarantine_hidden_and_partial(tmp_path: Path) -> None:
    for rel in ["a.txt", "sub/b.pdf", "processed/c.txt", "quarantine/d.txt", ".e.txt",
                "f.pdf.part", "imap/INBOX/7-3/g.pdf", "sub/processed/h.txt", "README.md",
                "truth/x.json", "Scan.PDF"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(rel)
    found = {str(i.path.relative_to(tmp_path)): i for i in scan_folder(tmp_path)}
    assert sorted(found) == ["Scan.PDF", "a.txt", "imap/INBOX/7-3/g.pdf", "sub/b.pdf", "sub/processed/h.txt"]
    assert found["imap/INBOX/7-3/g.pdf"].origin == "imap:INBOX"
    assert found["a.txt"].origin == "folder"
    assert found["a.txt"].sha256 == sha256_of(tmp_path / "a.txt")
    top = [str(i.path.relative_to(tmp_path)) for i in scan_folder(tmp_path, recursive=False)]
    assert top == ["Scan.PDF", "a.txt", "imap/INBOX/7-3/g.pdf"]


def test_scan_leaves_files_still_being_written(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    old = time.time() - 60
    os.utime(tmp_path / "old.txt", (old, old))
    (tmp_path / "new.txt").write_text("y")
    assert [i.name for i in scan_folder(tmp_path, settle_seconds=10)] == ["old.txt"]


def test_scan_of_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        scan_folder(tmp_path / "nope")


def test_move_keeps_bytes_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "imap/INBOX/1-2").mkdir(parents=True)
    a = tmp_path / "imap/INBOX/1-2/a.pdf"
    a.write_bytes(b"%PDF-1 one")
    target = move_after_commit(a, tmp_path, "done")
    assert target == tmp_path / "processed/imap/INBOX/1-2/a.pdf"
    assert target.read_bytes() == b"%PDF-1 one"
    assert not (tmp_path / "imap/INBOX/1-2").exists()  # emptied message folder removed
    b = tmp_path / "b.txt"
    b.write_text("first")
    first = move_after_commit(b, tmp_path, "quarantined")
    b.write_text("second")
    second = move_after_commit(b, tmp_path, "quarantined")
    assert first != second and first.read_text() == "first" and second.read_text() == "second"


def test_imap_url_parsing() -> None:
    s = ImapSource.parse("imaps://office%40ubnd.vn@mail.example.vn/C%C3%B4ng%20v%C4%83n")
    assert (s.user, s.host, s.port, s.ssl, s.mailbox) == (
        "office@ubnd.vn", "mail.example.vn", 993, True, "Công văn")
    plain = ImapSource.parse("imap://u@127.0.0.1:1143?starttls")
    assert (plain.port, plain.ssl, plain.starttls, plain.mailbox) == (1143, False, True, "INBOX")
    for bad in ["http://u@h", "imaps://host-only", "imaps://u@"]:
        with pytest.raises(ConfigError):
            ImapSource.parse(bad)


def test_attachments_picks_letters_only() -> None:
    msg = EmailMessage()
    msg["Subject"] = "công văn"
    msg.set_content("see attached")
    msg.add_attachment(b"%PDF-1.4 x", maintype="application", subtype="pdf", filename="CV 12.pdf")
    msg.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="../../scan.png")
    msg.add_attachment(b"PK..", maintype="application", subtype="zip", filename="all.zip")
    got = list(attachments(msg))
    assert [name for name, _ in got] == ["CV 12.pdf", "scan.png"]
    assert got[0][1] == b"%PDF-1.4 x"
