"""Colour → gray with the seal and signature ink dropped.

A red seal stamped over the signer's title and name, or a blue signature across it, is
dark in ordinary luminance and makes Tesseract drop those lines.  Black print is dark in
*every* channel while coloured ink is bright in its own channel (red ink in R, blue ink in
B), so where a pixel is strongly coloured we take its brightest channel, divided by the
ink's own level in that channel: the coloured ink turns into paper and the black strokes
under it stay black.  Neutral pixels keep the ordinary luminance.  Only the regions around
coloured ink are touched, so the cost is a few milliseconds on a page with one seal.
"""

from __future__ import annotations

import cv2
import numpy as np

#: chroma (max − min channel) above which a pixel counts as coloured ink
CHROMA_THRESHOLD = 30
_STEP = 4  # subsampling of the page statistics


def _subsampled(image: np.ndarray) -> np.ndarray:
    """Every :data:`_STEP`-th pixel of every :data:`_STEP`-th row (``image[::4, ::4]``).

    OpenCV's nearest-neighbour resize picks the same pixels as the NumPy slice (the last
    partial row and column aside) at half the cost of copying the strided view of a 26 MB
    RGB page.
    """
    h, w = image.shape[:2]
    if h < _STEP or w < _STEP:
        return np.ascontiguousarray(image[::_STEP, ::_STEP])
    cut = image[: h - h % _STEP, : w - w % _STEP]  # the size divides: the very same pixels
    return cv2.resize(cut, (w // _STEP, h // _STEP), interpolation=cv2.INTER_NEAREST)


def _chroma(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r, g, b = cv2.split(image)
    hi = cv2.max(cv2.max(r, g), b)
    return hi, cv2.subtract(hi, cv2.min(cv2.min(r, g), b))


def color_regions(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1, full resolution) around the page's coloured ink, with a margin."""
    small = _subsampled(image)
    _, chroma = _chroma(small)
    colored = (chroma > CHROMA_THRESHOLD).astype(np.uint8)
    if colored.sum() < 10:
        return []
    grown = cv2.dilate(colored, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    h, w = image.shape[:2]
    boxes = []
    for x, y, bw, bh, area in stats[1:]:
        if area < 4:
            continue
        boxes.append(
            (max(0, (x - 1) * _STEP), max(0, (y - 1) * _STEP),
             min(w, (x + bw + 1) * _STEP), min(h, (y + bh + 1) * _STEP))
        )
    return boxes


def ink_levels(image: np.ndarray) -> tuple[float, float, float] | None:
    """Each channel's brightness *in coloured ink dominated by it* (red seal ink in R …)."""
    small = _subsampled(image)
    hi, chroma = _chroma(small)
    strong = chroma > 1.5 * CHROMA_THRESHOLD
    if strong.sum() < 20:
        return None
    overall = float(np.percentile(hi[strong], 60))
    levels = []
    for c in range(3):
        sample = hi[strong & (small[:, :, c] == hi)]
        level = float(np.percentile(sample, 60)) if sample.size >= 20 else overall
        levels.append(float(np.clip(level, 100, 255)))
    return levels[0], levels[1], levels[2]


def _lift(rgb: np.ndarray, gray: np.ndarray, levels: tuple[float, float, float]) -> np.ndarray:
    hi, chroma = _chroma(rgb)
    lifted = hi.copy()
    for c, level in enumerate(levels):
        own = rgb[:, :, c] == hi
        lifted[own] = cv2.multiply(hi, 255.0 / level)[own]  # type: ignore[call-overload]
    # Blend by chroma rather than switch, so soft JPEG edges leave no halo:
    # weight 0 below T/2, 1 above 3T/2.
    # (OpenCV's stubs do not know its scalar operands.)
    weight = cv2.multiply(cv2.subtract(chroma, CHROMA_THRESHOLD // 2), 255 / CHROMA_THRESHOLD)  # type: ignore[call-overload]
    lift = cv2.multiply(cv2.subtract(lifted, gray), weight, scale=1 / 255)
    out = cv2.add(gray, lift)
    # Blur and JPEG leave pale, colourless rims along the seal's and signature's strokes,
    # enough for Tesseract to call the region a picture and skip the name inside it.  Near
    # coloured ink, whatever is lighter than the region's Otsu split of print and paper
    # becomes paper; print (black, or black under the seal) is darker and stays.
    near = cv2.dilate((chroma > CHROMA_THRESHOLD // 2).astype(np.uint8), np.ones((7, 7), np.uint8))
    split, _ = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    light = out > split
    if light.any():
        # The region's own paper level: the median of the light pixels, from their histogram.
        hist = np.cumsum(np.bincount(out[light], minlength=256))
        out[(near > 0) & light] = int(np.searchsorted(hist, (hist[-1] + 1) // 2))
    return out


def to_gray(image: np.ndarray, *, drop_color_ink: bool = True) -> np.ndarray:
    """A uint8 gray page; with ``drop_color_ink`` the red/blue ink is whitened out."""
    if image.ndim == 2:
        return image
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if not drop_color_ink:
        return gray
    levels = ink_levels(image)
    if levels is None:
        return gray
    for x0, y0, x1, y1 in color_regions(image):
        gray[y0:y1, x0:x1] = _lift(image[y0:y1, x0:x1], gray[y0:y1, x0:x1], levels)
    return gray


def color_ink_fraction(image: np.ndarray) -> float:
    """Share of pixels that are coloured ink (0 for gray images); a cheap page statistic."""
    if image.ndim == 2:
        return 0.0
    _, chroma = _chroma(_subsampled(image))
    return float((chroma > CHROMA_THRESHOLD).mean())
