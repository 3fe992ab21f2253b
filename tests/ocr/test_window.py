"""The content window (clean-up and Tesseract on the text only) and the cheap analysis paths."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.preprocess.analysis import _without_specks
from pipeline.preprocess.window import content_box, paste, source_window, upscale_window


def _text_block(mask: np.ndarray, x: int, y: int, lines: int, width: int) -> None:
    """Rows of 'letters' (3x8 strokes 4 px apart) like text lines at 100 dpi."""
    for i in range(lines):
        top = y + i * 20
        for cx in range(x, x + width, 5):
            mask[top : top + 8, cx : cx + 3] = True


def test_content_box_ignores_dust_keeps_a_page_number_near_the_text() -> None:
    ink = np.zeros((1169, 827), bool)
    _text_block(ink, 120, 100, 6, 500)  # six lines of text
    ink[70:84, 400:404] = True  # a page number 16 px above the first line
    rng = np.random.default_rng(0)
    for y, x in zip(rng.integers(40, 1130, 400), rng.integers(30, 800, 400), strict=True):
        ink[y : y + 2, x : x + 2] = True  # dust all over the paper
    x0, y0, x1, y1 = content_box(ink, 100)
    assert y0 <= 70 and x0 >= 100 and x1 <= 650
    assert y1 < 260  # the dust below the text does not stretch the box down the page


def test_content_box_of_a_blank_page_is_none() -> None:
    assert content_box(np.zeros((100, 80), bool)) is None


def test_source_window_has_a_margin_and_a_grid_aligned_origin() -> None:
    x0, y0, x1, y1 = source_window((100, 200, 300, 400), (1169, 827), (3507, 2481), 300)
    assert x0 % 3 == 0 and y0 % 3 == 0
    assert x0 <= 300 - 90 and y0 <= 600 - 90  # ≥ 8 mm (94 px) of margin
    assert x1 >= 900 + 90 and y1 >= 1200 + 90
    assert source_window(None, (1169, 827), (3507, 2481), 300) == (0, 0, 2481, 3507)


def test_upscale_window_matches_a_full_resize() -> None:
    small = cv2.GaussianBlur(np.random.default_rng(1).integers(0, 256, (584, 413)).astype(np.uint8), (0, 0), 5)
    full = cv2.resize(small, (1654, 2339))
    for window in [(0, 0, 1654, 2339), (10, 33, 900, 1500), (700, 2000, 1654, 2339)]:
        x0, y0, x1, y1 = window
        up = upscale_window(small, (2339, 1654), window)
        assert up.shape == (y1 - y0, x1 - x0)
        assert np.abs(up.astype(int) - full[y0:y1, x0:x1]).max() <= 1


def test_paste_places_and_clips() -> None:
    out = paste(np.ones((5, 5), bool), (8, 8), (5, 6))
    assert out.sum() == 3 * 2 and out[6:8, 5:8].all()


def test_speck_removal_equals_connected_components() -> None:
    rng = np.random.default_rng(2)
    ink = ((rng.random((300, 400)) > 0.93) * 255).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] > 2
    keep[0] = False
    mask, specks = _without_specks(ink)
    assert np.array_equal(mask.view(bool), keep[labels])
    assert specks == n - 1 - int(keep.sum())
