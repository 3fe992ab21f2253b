"""The ~100 dpi analysis of a page: its ink mask and how noisy it is.

Orientation, skew, the speck count (whether to despeckle) and the content window are all
read off one small copy of the page, so none of them costs a pass over the full raster.
"""

from __future__ import annotations

import cv2
import numpy as np

ANALYSIS_DPI = 100


def _analysis_copy(gray: np.ndarray, dpi: int) -> np.ndarray:
    """``gray`` at :data:`ANALYSIS_DPI` (never enlarged); a copy either way."""
    scale = min(1.0, ANALYSIS_DPI / max(dpi, 1))
    if scale >= 1.0:
        return gray.copy()
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _ink_of(small: np.ndarray, frame: bool = True) -> tuple[np.ndarray, int]:
    """Ink mask and speck count of an analysis copy (see :func:`ink_analysis`)."""
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 20
    )
    if frame:
        _clear_frame(ink)
    keep, specks = _without_specks(ink)
    return keep.view(bool), specks


def _without_specks(ink: np.ndarray) -> tuple[np.ndarray, int]:
    """``ink`` (uint8 0/255) without its 1- and 2-pixel components (0/1), and their number.

    What ``connectedComponentsWithStats`` and an area test give, from neighbour counts
    (~6x faster on a noisy page): a pixel is in a bigger component when it has two ink
    neighbours, or one that has two.
    """
    one_zero = cv2.threshold(ink, 0, 1, cv2.THRESH_BINARY)[1]
    box = cv2.boxFilter(one_zero, -1, (3, 3), normalize=False, borderType=cv2.BORDER_CONSTANT)
    neighbours = cv2.subtract(box, one_zero)
    big = cv2.bitwise_and(cv2.compare(neighbours, 2, cv2.CMP_GE), ink)
    lone = cv2.bitwise_and(cv2.compare(neighbours, 1, cv2.CMP_EQ), ink)
    tied = cv2.bitwise_and(lone, cv2.dilate(big, np.ones((3, 3), np.uint8)))
    singles = cv2.countNonZero(cv2.bitwise_and(cv2.compare(neighbours, 0, cv2.CMP_EQ), ink))
    pairs = (cv2.countNonZero(lone) - cv2.countNonZero(tied)) // 2
    keep = cv2.threshold(cv2.bitwise_or(big, tied), 0, 1, cv2.THRESH_BINARY)[1]
    return keep, singles + pairs


def _clear_frame(ink: np.ndarray) -> None:
    h, w = ink.shape
    mh, mw = max(1, int(0.03 * h)), max(1, int(0.03 * w))
    ink[:mh], ink[-mh:], ink[:, :mw], ink[:, -mw:] = 0, 0, 0, 0


def ink_analysis(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """A ~100 dpi boolean ink mask for orientation and skew analysis, and the speck count.

    Specks (components of ≤ 2 pixels at 100 dpi) and a 3 % frame along the image edges
    (borders, shadows; a letter's margins are wider) are left out, so that a sparse last
    page is judged by its few text lines and not by its noise.  How many specks there were
    (frame excluded) is the page's noise estimate: it decides whether despeckling is worth
    its cost (see :data:`NOISY_SPECKS`).
    """
    return _ink_of(_analysis_copy(gray, dpi))


def ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The ink mask of :func:`ink_analysis` alone."""
    return ink_analysis(gray, dpi)[0]


#: specks (see :func:`ink_analysis`) per A4 page at 100 dpi from which a page is despeckled.
#: Measured: clean scans and renders have 0–50 (diacritic dots, stray pixels), noisy
#: photocopies and faxes 800+; below this the despeckle pass (~⅓ of the clean-up CPU)
#: finds next to nothing to erase.
NOISY_SPECKS = 100
_A4_AT_100_DPI = 827 * 1169
