"""Identify an input file: its sha256, its size and what kind of content it holds.

The kind comes from the file's first bytes, never from its name, so a ``.pdf`` that is
really a JPEG is read as a JPEG and a text file named ``.pdf`` is rejected clearly.  Nothing
here modifies the file.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.errors import InputFileError, LimitExceededError
from pipeline.settings import Settings

log = logging.getLogger(__name__)

FileKind = Literal["pdf", "image", "text"]

_MAGIC: list[tuple[bytes, FileKind]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"BM", "image"),
    (b"GIF8", "image"),
]
TEXT_SUFFIXES = {".txt", ".text", ".md"}
SUPPORTED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"} | TEXT_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    path: Path
    sha256: str
    size: int
    kind: FileKind


def printable(path: Path | str) -> str:
    """``path`` as text any database, log or terminal accepts.

    A file name that is not UTF-8 (bytes from an old Windows archive, say) reaches Python with
    lone surrogates, which SQLite, PostgreSQL and JSON all refuse; its odd bytes are kept as
    ``\\xff`` escapes instead, so the name stays recognisable and the row can be written.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def fit_name(name: str, limit: int = 255) -> str:
    """``name`` shortened (its stem, at a character boundary) to ``limit`` UTF-8 bytes."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= limit:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) < 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = limit - len(suffix.encode())
    return stem.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore") + suffix


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sniff_kind(head: bytes, suffix: str) -> FileKind:
    """The content kind from the first bytes; text only when it decodes and looks like text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # A PDF may carry junk before its header (the spec allows 1 KiB).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if b"\x00" not in head[:4096] and head.strip():
        return "text"
    raise InputFileError(f"unrecognised file content (named {suffix or 'without extension'})")


def identify(path: Path, settings: Settings) -> SourceFile:
    """Hash and classify ``path``; raise :class:`InputFileError` for what cannot be a letter."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{path.name}: the file is empty (0 bytes)")
    if size > settings.max_file_mb * 1024 * 1024:
        raise LimitExceededError(
            f"{path.name}: {size / 2**20:.0f} MB is over the {settings.max_file_mb:.0f} MB limit"
        )
    with path.open("rb") as fh:
        head = fh.read(8192)
    try:
        kind = sniff_kind(head, path.suffix.lower())
    except InputFileError as exc:
        raise InputFileError(f"{path.name}: {exc}") from None
    return SourceFile(path=path, sha256=sha256_of(path), size=size, kind=kind)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Keep the five bytes cp1252 leaves undefined as their Latin-1 characters (lossless)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


_LATIN1_FALLBACK = "congvan-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def read_text_file(path: Path) -> str:
    """Decode a text letter: UTF-8 (with or without BOM), else the 8-bit bytes as cp1252.

    Legacy Vietnamese encodings (TCVN3, VNI, VISCII) are 8-bit: decoding them as cp1252 keeps
    every byte as one character ("Uû ban nh©n d©n"), which is what the restorer's legacy
    converters expect.
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.info("%s is not UTF-8; reading it as 8-bit text for legacy-encoding repair", path.name)
        return raw.decode("cp1252", errors=_LATIN1_FALLBACK)
