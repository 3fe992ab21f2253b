"""Hostile files, made in ``tmp_path`` at test time, and a Prefect API for the flow tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.bad import hostile

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parents[2]
SCAN = ROOT / "samples" / "000_435dd0a191de13f3.clean.pdf"

#: hostile case → (generator, expected error code, exit code, words the message must hold)
CASES: dict[str, tuple[Callable[[Path], Path], str, int, str]] = {
    "zero-byte": (hostile.zero_byte, "input", 3, "empty (0 bytes)"),
    "truncated-pdf": (lambda d: hostile.truncated_pdf(d, SCAN), "input", 3, "not a readable PDF"),
    "encrypted-pdf": (hostile.encrypted_pdf, "encrypted", 4, "password-protected"),
    "2000-pages": (hostile.many_pages_pdf, "limit", 5, "2,000 pages, over the limit of 500"),
    "bomb-png": (hostile.bomb_png, "limit", 5, "2,500 megapixels, over the limit of 60"),
    "20k-tiff": (hostile.huge_tiff, "limit", 5, "400 megapixels, over the limit of 60"),
    "not-an-image": (hostile.not_an_image_pdf, "input", 3, "unrecognised file content"),
    "english": (hostile.english_letter, "not-a-letter", 6, "not Vietnamese"),
}




@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One temporary Prefect API for the flow tests of this folder (requested, not autouse)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield str(PREFECT_API_URL.value())
