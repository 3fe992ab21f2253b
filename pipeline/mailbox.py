"""The office's mailbox: a folder of incoming scans, fed also by an IMAP mailbox.

Plain library code (the Prefect flow in ``flows/ingest.py`` only calls it).  Three rules keep
letters safe: originals are only ever read — never rewritten — and moved to ``processed/`` or
``quarantine/`` only after their database row is committed (:func:`move_after_commit`); an
IMAP attachment is written to a temporary name, fsynced and renamed before its message is
flagged as fetched, so a crash at any point loses nothing (the worst case is fetching the
same attachment again, which its sha256 makes harmless); files still being copied in are
left for the next run (``settle_seconds``).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import ConfigError, CongvanError
from pipeline.ingest import SUPPORTED_SUFFIXES, fit_name, printable, sha256_of

log = logging.getLogger(__name__)

PROCESSED, QUARANTINE, IMAP_DIR = "processed", "quarantine", "imap"
#: IMAP keyword set on a message once its attachments are safely on disk.
FETCHED_FLAG = "$CongvanFetched"


class MailboxError(CongvanError):
    """The IMAP server could not be reached or refused us."""

    code = "imap"
    exit_code = 2
    hint = "check the --imap URL, CONGVAN_IMAP_PASSWORD and that the server is reachable"


class MailboxUnavailableError(MailboxError):
    """The server did not answer (network, timeout): worth retrying later."""

    transient = True


@dataclass(frozen=True)
class Incoming:
    """A file waiting in the mailbox folder, with what the database needs to register it."""

    path: Path
    sha256: str
    size: int
    name: str  # original name (the attachment's file name for IMAP mail)
    origin: str  # "folder" or "imap:<mailbox>"


#: What a scanner or a sender leaves as a letter; anything else in the folder (README.md,
#: truth .json, .docx) is left alone and logged, never ingested.
LETTER_SUFFIXES = frozenset(SUPPORTED_SUFFIXES - {".md"})


def _candidates(folder: Path, recursive: bool) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        rel = Path(root).relative_to(folder)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and not (rel == Path() and d in (PROCESSED, QUARANTINE))
            and (recursive or rel.parts[:1] == (IMAP_DIR,) or (rel == Path() and d == IMAP_DIR))
        )
        for name in sorted(names):
            if name.startswith(".") or name.endswith((".part", ".tmp", "~")):
                continue
            if Path(name).suffix.lower() in LETTER_SUFFIXES:
                yield Path(root) / name
            else:
                log.info("%s: not a letter file type; left alone", Path(root) / name)


def _settled(folder: Path, settle_seconds: float, recursive: bool) -> Iterator[tuple[Path, os.stat_result]]:
    """Candidate files not modified for ``settle_seconds``, with their stat (no content read)."""
    now = time.time()
    for path in _candidates(folder, recursive):
        try:
            stat = path.stat()
        except OSError as exc:  # vanished: the next run will see it again
            log.warning("%s: cannot read (%s); left for the next run", path, exc)
            continue
        if path.is_file() and now - stat.st_mtime >= settle_seconds:
            yield path, stat


def candidate_paths(folder: Path, *, settle_seconds: float = 0.0, recursive: bool = True) -> list[Path]:
    """The files :func:`scan_folder` would list, without reading them (pre-flight checks)."""
    return [path for path, _ in _settled(Path(folder), settle_seconds, recursive)]


def count_new_files(folder: Path, *, settle_seconds: float = 0.0, recursive: bool = True) -> int:
    """How many files :func:`scan_folder` would list, without hashing them (progress bars)."""
    return sum(1 for _ in _settled(Path(folder), settle_seconds, recursive))


def scan_folder(
    folder: Path, *, settle_seconds: float = 0.0, recursive: bool = True
) -> list[Incoming]:
    """Letter files (by suffix) in ``folder`` except processed/, quarantine/ and hidden ones.

    With ``recursive=False`` only the folder's own files and its ``imap/`` tree are read.  A
    file with a letter's suffix but unreadable content is listed (and will be quarantined
    with its reason); files modified less than ``settle_seconds`` ago are left for later.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such mailbox folder")
    found: list[Incoming] = []
    for path, stat in _settled(folder, settle_seconds, recursive):
        try:
            sha = sha256_of(path)
        except OSError as exc:  # vanished or unreadable: the next run will see it again
            log.warning("%s: cannot read (%s); left for the next run", path, exc)
            continue
        rel = path.relative_to(folder)
        from_imap = rel.parts[0] == IMAP_DIR and len(rel.parts) > 2
        origin = f"imap:{rel.parts[1]}" if from_imap else "folder"
        found.append(Incoming(path, sha, stat.st_size, printable(path.name), origin))
    return found


def _unique(target: Path) -> Path:
    """``target``, or ``name.1.pdf``, ``name.2.pdf``… if taken; never over 255 bytes."""
    name = fit_name(target.name)
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = target.with_name(name), 1
    while candidate.exists():
        tag = f".{n}{suffix}"
        room = 255 - len(tag.encode())
        candidate = target.with_name(stem.encode()[:room].decode("utf-8", "ignore") + tag)
        n += 1
    return candidate


def move_after_commit(path: Path, folder: Path, status: str) -> Path:
    """Move a file whose row is committed to processed/ (done) or quarantine/ (anything else).

    The moved file keeps its name — as :func:`~pipeline.ingest.printable` text, so that the
    ``stored_path`` in the database names it exactly — and its bytes, untouched.
    """
    sub = PROCESSED if status == "done" else QUARANTINE
    target = _unique(Path(folder) / sub / printable(Path(path).relative_to(folder)))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), str(target))
    parent = Path(path).parent
    if parent != Path(folder) and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()  # an emptied imap/<message>/ directory
    return target


@dataclass(frozen=True)
class ImapSource:
    host: str
    port: int
    user: str
    mailbox: str = "INBOX"
    ssl: bool = True
    starttls: bool = False

    @classmethod
    def parse(cls, url: str) -> ImapSource:
        """``imaps://user@host[:993][/MAILBOX]`` or ``imap://…[:143]`` (``?starttls`` to upgrade)."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
            raise ConfigError(f"--imap {url!r}: expected imaps://USER@HOST[:PORT][/MAILBOX]")
        ssl = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if ssl else 143),
            user=unquote(parts.username),
            mailbox=unquote(parts.path.lstrip("/")) or "INBOX",
            ssl=ssl,
            starttls="starttls" in parts.query,
        )


def _safe_name(name: str) -> str:
    """An attachment's name as a file name in our folder: last component only, no control
    characters, short enough (255 bytes) to be written as ``NAME.part`` first."""
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f/]", "_", name).strip(". ") or "attachment"
    return fit_name(name, 255 - len(".part"))


def attachments(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of every attachment that could be a letter."""
    for part in message.iter_attachments():
        name = part.get_filename()
        if not name:
            continue
        if Path(name).suffix.lower() in SUPPORTED_SUFFIXES or part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                yield _safe_name(name), payload


def _write_durably(target: Path, data: bytes) -> None:
    tmp = target.with_name(target.name + ".part")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(target)


def _connect(source: ImapSource, password: str) -> imaplib.IMAP4:
    try:
        conn: imaplib.IMAP4 = (
            imaplib.IMAP4_SSL(source.host, source.port, timeout=60)
            if source.ssl
            else imaplib.IMAP4(source.host, source.port, timeout=60)
        )
        if source.starttls:
            conn.starttls()
        conn.login(source.user, password)
    except OSError as exc:
        raise MailboxUnavailableError(f"IMAP {source.host}:{source.port} unreachable: {exc}") from exc
    except imaplib.IMAP4.error as exc:
        raise MailboxError(f"IMAP {source.user}@{source.host}:{source.port}: {exc}") from exc
    return conn


def fetch_imap(source: ImapSource, password: str, folder: Path) -> list[Path]:
    """Save the attachments of every not-yet-fetched message under ``folder/imap/``.

    A message is flagged :data:`FETCHED_FLAG` only after all its attachments are on disk, so
    an interrupted fetch is simply repeated.  Messages are not marked read (people may still
    want to read them).
    """
    conn = _connect(source, password)
    saved: list[Path] = []
    try:
        typ, _ = conn.select(_quote(source.mailbox))
        if typ != "OK":
            raise MailboxError(f"IMAP mailbox {source.mailbox!r} cannot be opened")
        validity = (conn.response("UIDVALIDITY")[1] or [b"0"])[0].decode()
        _, data = conn.uid("SEARCH", "UNKEYWORD", FETCHED_FLAG)
        for uid in (data[0] or b"").split():
            saved += _fetch_one(conn, uid.decode(), validity, source.mailbox, Path(folder))
    except OSError as exc:
        raise MailboxUnavailableError(f"IMAP {source.host}: {exc}") from exc
    except imaplib.IMAP4.error as exc:
        raise MailboxError(f"IMAP {source.host}: {exc}") from exc
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    return saved


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fetch_one(conn: imaplib.IMAP4, uid: str, validity: str, mailbox: str, folder: Path) -> list[Path]:
    _, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((item[1] for item in data if isinstance(item, tuple)), None)
    if raw is None:
        log.warning("IMAP message %s vanished before it was fetched", uid)
        return []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    box = re.sub(r"[^\w.-]", "_", mailbox)
    target_dir = folder / IMAP_DIR / box / f"{validity}-{uid}"
    saved: list[Path] = []
    names: set[str] = set()
    for index, (name, payload) in enumerate(attachments(message)):  # type: ignore[arg-type]
        # the file keeps the attachment's name (the document's original name); two
        # attachments of one message with the same name go to numbered subfolders
        target = target_dir / (name if name not in names else f"{index}/{name}")
        names.add(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            _write_durably(target, payload)
        saved.append(target)
    conn.uid("STORE", uid, "+FLAGS", f"({FETCHED_FLAG})")
    log.info("IMAP message %s (%s): %d attachment(s)", uid, message.get("Subject", ""), len(saved))
    return saved
