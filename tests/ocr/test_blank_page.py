"""A blank page is found in the clean-up analysis and never sent to Tesseract (or OSD)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline import scan
from pipeline.preprocess import preprocess
from pipeline.raster import RasterPage
from pipeline.settings import Settings


def _paper(dust: bool = False) -> np.ndarray:
    page = np.full((3508, 2480), 245, np.uint8)  # A4 at 300 dpi, off-white
    if dust:
        rng = np.random.default_rng(1)
        for y, x in zip(rng.integers(100, 3400, 300), rng.integers(100, 2380, 300), strict=True):
            page[y : y + 2, x : x + 2] = 40  # a poor copy's specks
    return page


def test_blank_and_dusty_pages_are_blank_a_short_line_is_not() -> None:
    assert preprocess(_paper(), 300, osd=lambda _: pytest.fail("OSD asked on a blank page")).blank
    assert preprocess(_paper(dust=True), 300).blank
    page = _paper()
    cv2.putText(page, "Trang 2", (1100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 5)
    assert not preprocess(page, 300).blank


def test_blank_page_skips_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_tesseract(*_: object, **__: object) -> None:
        pytest.fail("Tesseract ran on a blank page")

    monkeypatch.setattr(scan, "ocr_lines", no_tesseract)
    page = scan.ocr_page(RasterPage(1, _paper(dust=True), 300, 0.0), Settings())
    assert page.meta["blank"] and page.blocks == [] and page.meta["cpu"]["tesseract"] == 0.0
