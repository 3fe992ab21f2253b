"""Checks that run before an ingest claims anything: is the machine able to do the work?

A missing Tesseract, a missing ``vie`` language file or a missing poppler would otherwise be
found on the first scan — after files were claimed — and every scan of the run would fail the
same way.  Checking first gives one clear error, with the command that fixes it, and leaves
every file untouched for the run after the fix.  A mailbox of text letters only needs neither.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import MissingDependencyError
from pipeline.ingest import TEXT_SUFFIXES
from pipeline.settings import Settings

POPPLER_HINT = "sudo apt-get install -y poppler-utils"


def check_ocr(settings: Settings) -> None:
    """Tesseract and every language of ``ocr_lang`` (``vie``) are installed, else raise."""
    from pipeline.ocr import check_tesseract

    check_tesseract.cache_clear()  # installed or removed since the last check
    check_tesseract(settings.ocr_lang)


def check_pdf_tools() -> None:
    """poppler's ``pdfinfo``, ``pdftoppm`` and ``pdftotext`` are on the PATH, else raise."""
    missing = [tool for tool in ("pdfinfo", "pdftoppm", "pdftotext") if shutil.which(tool) is None]
    if missing:
        raise MissingDependencyError(f"{', '.join(missing)} (poppler-utils) not found on the PATH",
                                     hint=POPPLER_HINT)


def check_for(paths: Iterable[Path], settings: Settings) -> None:
    """The checks the given files need: none for text letters, OCR and poppler for the rest."""
    suffixes = {Path(path).suffix.lower() for path in paths}
    if suffixes - TEXT_SUFFIXES:
        check_ocr(settings)
    if ".pdf" in suffixes:
        check_pdf_tools()
