"""The one entry point: a file in, a :class:`~pipeline.record.Record` out.

The CLI, the Prefect flows and the web page all call this module.  The stages are exposed
separately (identify → load → restore → extract_fields) so that a flow can run each as its
own task with its own retries, and pass plain in-memory objects between them.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import __version__
from pipeline.document import Document
from pipeline.ingest import SourceFile, identify, printable, read_text_file
from pipeline.record import Record, Restoration, Source
from pipeline.screen import check_text_found, check_vietnamese
from pipeline.settings import Settings, get_settings

log = logging.getLogger(__name__)

CODE_VERSION = __version__

__all__ = [
    "CODE_VERSION",
    "Loaded",
    "Restored",
    "SourceFile",
    "extract",
    "extract_fields",
    "identify",
    "load",
    "model_version",
    "restore",
]


@dataclass
class Loaded:
    source: Source
    document: Document


@dataclass
class Restored:
    source: Source
    document: Document
    restoration: Restoration
    confidence: float  # mean per-syllable confidence of the restoration (1.0 when untouched)


@lru_cache(maxsize=4)
def model_version(models_dir: Path | None = None) -> str:
    """A short fingerprint of the trained artifacts, stored with every extraction run."""
    root = Path(models_dir) if models_dir else get_settings().models_dir
    digest = hashlib.sha256()
    if root.is_dir():
        for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md"):
            stat = f.stat()
            digest.update(f"{f.relative_to(root)}:{stat.st_size}".encode())
    return digest.hexdigest()[:12]


#: what the stages import on first use, lazily (the CLI starts faster without them)
STAGE_MODULES = ("rapidfuzz", "pipeline.scan", "pipeline.restore", "pipeline.restore.channel",
                 "pipeline.restore.model", "pipeline.restore.phrases", "pipeline.extract")
_import_lock = threading.Lock()
_stages_imported = False


def import_stages() -> None:
    """Import every stage's modules once per process, one thread at a time.

    Documents run on a pool of threads, and two threads importing a package with an import
    cycle at the same moment can be handed a partially initialised module (CPython breaks
    the would-be deadlock that way).  Seen in a 100-scan ingest, when both worker threads
    reached restoration at once: ``ImportError: cannot import name 'ScoreAlignment' from
    partially initialized module 'rapidfuzz.distance'``, and the document was quarantined.
    """
    global _stages_imported
    if _stages_imported:
        return
    with _import_lock:
        if not _stages_imported:
            for name in STAGE_MODULES:
                importlib.import_module(name)
            _stages_imported = True


def load(src: SourceFile, settings: Settings) -> Loaded:
    """Turn the file's content into a :class:`Document` (OCR for scans, text layer for PDFs)."""
    import_stages()
    if src.kind == "text":
        document = Document.from_text(read_text_file(src.path))
        kind = "text"
    elif src.kind == "pdf":
        from pipeline.scan import read_pdf

        document, kind = read_pdf(src.path, settings)
    else:
        from pipeline.scan import read_scan

        document = read_scan(src.path, settings)
        kind = "scan"
    check_text_found(document, src.path.name, max_pages=settings.max_pages if kind == "text" else None)
    source = Source(
        path=printable(src.path),
        sha256=src.sha256,
        pages=max(len(document.pages), 1),
        kind=kind,  # type: ignore[arg-type]
    )
    return Loaded(source=source, document=document)


def restore(loaded: Loaded, settings: Settings) -> Restored:
    """Repair damaged Vietnamese (legacy encodings, English-model OCR garble, no accents)."""
    if not settings.restore:
        return Restored(loaded.source, loaded.document, Restoration(), 1.0)
    import_stages()
    from pipeline.restore import restore_document

    document, result = restore_document(loaded.document)
    restoration = Restoration(method=result.method, changed_syllables=result.changed_syllables)
    return Restored(loaded.source, document, restoration, result.confidence)


def extract_fields(restored: Restored, settings: Settings) -> Record:
    """Read every field of the record from the (restored) document."""
    import_stages()
    from pipeline.extract import extract_record

    check_vietnamese(restored.document, Path(restored.source.path).name)
    return extract_record(
        restored.document,
        source=restored.source,
        restoration=restored.restoration,
        restoration_confidence=restored.confidence,
    )


def extract(path: Path | str, settings: Settings | None = None) -> Record:
    """All stages for one file. Raises :class:`pipeline.errors.CongvanError` on bad input."""
    settings = settings or get_settings()
    src = identify(Path(path), settings)
    return extract_fields(restore(load(src, settings), settings), settings)
