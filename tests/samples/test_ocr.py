"""Real Tesseract reads a rendered clean page: the issuer and number lines come back."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pipeline.samples.build import seed_source
from pipeline.samples.degrade import CLEAN, degrade
from pipeline.samples.render import render_letter
from pipeline.samples.seeds import letter_from_seed_text


@pytest.mark.tesseract
def test_tesseract_reads_issuer_and_number(seeds_dir: Path) -> None:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract not installed")
    pytesseract = pytest.importorskip("pytesseract")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    letter = letter_from_seed_text(
        seed_source(seeds_dir, "000_435dd0a191de13f3").read_text(encoding="utf-8"))
    page = degrade(render_letter(letter, dpi=300)[0], CLEAN, 10)
    header = page.crop((0, 0, page.width, page.height // 4))
    text = unicodedata.normalize("NFC", pytesseract.image_to_string(header, lang="vie"))
    assert "ỦY BAN NHÂN DÂN" in text
    # Tesseract sometimes drops the accents of bold capitals: allow a few character errors
    assert fuzz.partial_ratio("THÀNH PHỐ BIÊN HÒA", text) >= 80
    assert "Số: 1940 /UBND-THNC" in " ".join(text.split())
