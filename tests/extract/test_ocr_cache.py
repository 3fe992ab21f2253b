"""The evaluation's OCR cache: keyed by the file and by the OCR code that read it."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline import api, evaluate
from pipeline.ingest import sha256_of


@pytest.mark.tesseract
def test_cache_is_keyed_by_ocr_code_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = np.full((400, 1200), 255, np.uint8)
    cv2.putText(page, "THONG BAO 12", (60, 220), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 0, 6)
    scan = tmp_path / "page.png"
    cv2.imwrite(str(scan), page)
    cache = tmp_path / "cache"

    first = evaluate.load_restored(scan, cache)
    entry = cache / f"{sha256_of(scan)}.{evaluate.ocr_fingerprint()}.json"
    assert entry.is_file()

    def no_ocr(*_: object) -> None:
        raise AssertionError("the cached OCR should have been used")

    monkeypatch.setattr(api, "load", no_ocr)
    again = evaluate.load_restored(scan, cache)
    assert again.document.text == first.document.text and first.document.text.strip()

    evaluate.ocr_fingerprint.cache_clear()
    monkeypatch.setattr(evaluate, "OCR_MODULES", ("ocr.py",))  # other OCR code → another key
    assert evaluate.ocr_fingerprint() not in entry.name
    evaluate.ocr_fingerprint.cache_clear()
