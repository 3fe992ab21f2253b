"""Red/blue text stamps (urgency box, "ĐẾN" arrival stamp) read off page 1 into ``stamp`` blocks."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline import stamps
from pipeline.document import Document, Page
from pipeline.extract.base import Context
from pipeline.extract.marks import extract_marks
from pipeline.preprocess import preprocess
from pipeline.samples.marks import (
    PEN_BLUE,
    SEAL_RED,
    apply_ink,
    arrival_mask,
    box_mask,
    rng_for,
    seal_mask,
)

DPI = 300


def _stamped(page: np.ndarray, *, upper_seal: bool = False) -> np.ndarray:
    """``page`` with a red "KHẨN" box under the header, a blue ĐẾN stamp top-left (and a seal)."""
    img = Image.fromarray(page)
    apply_ink(img, box_mask(["KHẨN"], DPI, size_pt=13), (420, 700), SEAL_RED)
    arrival = arrival_mask("1234", "02/02/2024", DPI, rng_for("test-arrival"))
    apply_ink(img, arrival, (90, 40), PEN_BLUE, 0.85)
    if upper_seal:  # a round seal in the searched band must still not count as a stamp
        apply_ink(img, seal_mask("ỦY BAN NHÂN DÂN PHƯỜNG", DPI, rng=rng_for("seal")), (1500, 300), SEAL_RED)
    return np.asarray(img)


@pytest.fixture(scope="module")
def stamped_rgb(page_rgb: np.ndarray) -> np.ndarray:
    return _stamped(page_rgb, upper_seal=True)


def test_finds_the_two_boxes_and_not_the_seals(stamped_rgb: np.ndarray) -> None:
    prep = preprocess(stamped_rgb, DPI)
    ink = stamps.ink_image(stamped_rgb)
    crops = stamps.find_stamps(stamped_rgb, ink, prep)
    assert len(crops) == 2  # ĐẾN stamp and KHẨN box; neither round seal
    centres = []
    for crop in crops:
        h, w = crop.image.shape
        x, y = crop.inverse @ np.array([w / 2, h / 2, 1.0])
        centres.append((x, y))
    assert centres[0][1] < centres[1][1]  # top to bottom: the arrival stamp first
    assert 90 < centres[0][0] < 90 + 600 and 40 < centres[0][1] < 40 + 400
    assert 420 < centres[1][0] < 420 + 400 and 700 < centres[1][1] < 700 + 150


def test_black_print_is_not_stamp_ink(page_rgb: np.ndarray) -> None:
    ink = stamps.ink_image(page_rgb)
    top = ink[: int(ink.shape[0] * stamps.UPPER)]
    assert (top < 200).mean() < 1e-4  # the header's black text is white in the ink image


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def fake(*args: object, **kwargs: object) -> str:
        calls.append(1)
        return ""

    monkeypatch.setattr(stamps, "run_tsv", fake)
    return calls


def test_no_stamps_no_tesseract_call(page_rgb: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    prep = preprocess(page_rgb, DPI)
    assert stamps.read_stamps(page_rgb, prep, "vie", 30.0) == []  # a seal, but no boxed stamp
    gray = page_rgb.mean(axis=2).astype(np.uint8)
    assert stamps.read_stamps(gray, preprocess(gray, DPI), "vie", 30.0) == []
    assert calls == []


def test_stamps_cost_one_call(stamped_rgb: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    stamps.read_stamps(stamped_rgb, preprocess(stamped_rgb, DPI), "vie", 30.0)
    assert calls == [1]


@pytest.mark.tesseract
def test_stamp_words_reach_the_marks(stamped_rgb: np.ndarray) -> None:
    blocks = stamps.read_stamps(stamped_rgb, preprocess(stamped_rgb, DPI), "vie", 60.0)
    assert blocks and all(b.zone == stamps.STAMP_ZONE for b in blocks)
    text = "\n".join(b.text for b in blocks)
    assert "KHẨN" in text and "1234" in text and "02/02/2024" in text
    for block in blocks:
        for line in block.lines:
            for word in line.words:
                x0, y0, x1, y1 = word.bbox
                assert 0 <= x0 < x1 <= stamped_rgb.shape[1] and 0 <= y0 < y1 < 0.3 * stamped_rgb.shape[0]
    page = Page(number=1, width=stamped_rgb.shape[1], height=stamped_rgb.shape[0], dpi=DPI, blocks=blocks)
    found = extract_marks(Context.of(Document(pages=[page])))
    assert found["urgency"].value == "Khẩn"
    assert found["arrival"].value == {"number": "1234", "date": "2024-02-02"}


@pytest.mark.tesseract
@pytest.mark.slow
def test_stamps_read_in_the_page_call(stamped_rgb: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    """Appended under the page, the stamps cost no call of their own and still reach the marks."""
    from pipeline.raster import RasterPage
    from pipeline.scan import ocr_page
    from pipeline.settings import Settings

    calls = _count_calls(monkeypatch)  # the separate stamp call must not happen
    page = ocr_page(RasterPage(1, stamped_rgb, DPI, 0.0), Settings(), stamps_in_page_call=True)
    assert calls == []
    stamp_blocks = [b for b in page.blocks if b.zone == stamps.STAMP_ZONE]
    assert page.blocks[: len(stamp_blocks)] == stamp_blocks  # stamps first
    text = "\n".join(b.text for b in stamp_blocks)
    assert "KHẨN" in text and "1234" in text
    for block in stamp_blocks:
        x0, y0, x1, y1 = block.bbox
        assert 0 <= x0 < x1 <= stamped_rgb.shape[1] and 0 <= y0 < y1 < 0.3 * stamped_rgb.shape[0]
    body = "\n".join(b.text for b in page.blocks if b.zone != stamps.STAMP_ZONE)
    assert "KHẨN" not in body  # the strip's words are not mixed into the page
    found = extract_marks(Context.of(Document(pages=[page])))
    assert found["urgency"].value == "Khẩn"
    assert found["arrival"].value["number"] == "1234"
