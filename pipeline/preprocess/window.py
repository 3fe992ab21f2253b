"""The page's content window: the part of the raster worth cleaning and reading.

Clean-up costs grow with the page's area while Tesseract's cost grows mostly with its text:
on a sparse last page (a few lines, the signature) most of the A4 raster is white paper
that flattening, despeckling, warping, binarising and Tesseract's own layout analysis would
all walk over for nothing.  The ~100 dpi ink mask (already made for orientation and skew)
says where the content is; every full-resolution step then works on that window only, and
Tesseract gets the window.  Its position is kept (``Prepared.origin``), so OCR boxes still
map back into the original raster.
"""

from __future__ import annotations

import cv2
import numpy as np

#: white kept around the content (mm): Tesseract's layout wants some paper around text
MARGIN_MM = 8.0
#: ink pixels (at the analysis scale) of a blob of merged words that is surely text (a
#: line, a heading); the dust of a poor copy merges into clusters of 15–80
SURE_INK = 120
#: ink pixels of a blob near the sure text that still counts (a lone page number ~50)
MIN_CONTENT_INK = 15
#: how near (mm) to the sure text a smaller blob must be to count
NEAR_MM = 8.0
#: (height, width) of the kernel merging letters into word and line blobs, analysis pixels
_MERGE = (5, 15)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)


def content_box(ink: np.ndarray, dpi: int = 100) -> Box | None:
    """Box around the page's text at the mask's scale (``dpi``), None if it has none.

    Letters are merged into word and line blobs.  The box holds the blobs that are surely
    text (:data:`SURE_INK`) and the smaller ones within :data:`NEAR_MM` of those (a page
    number above the first line), so that the dust of a poor copy, which clusters into
    small blobs all over the paper, does not stretch the box to the page's corners.  A page
    with no sure text keeps every blob of :data:`MIN_CONTENT_INK`.
    """
    if not ink.any():
        return None
    blobs = cv2.dilate(ink.view(np.uint8), np.ones(_MERGE, np.uint8))
    # 16-bit labels (half the time): blobs of ≥ 75 pixels cannot number 65,536 on a page
    n, labels, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8, ltype=cv2.CV_16U)
    counts = np.bincount(labels[ink], minlength=n)
    counts[0] = 0
    sure = counts >= SURE_INK
    small = counts >= MIN_CONTENT_INK
    if not sure.any():
        return _union(stats[small]) if small.any() else None
    x0, y0, x1, y1 = _union(stats[sure])
    near = round(NEAR_MM * dpi / 25.4)
    st = stats[small]
    close = ((st[:, 0] < x1 + near) & (st[:, 0] + st[:, 2] > x0 - near)
             & (st[:, 1] < y1 + near) & (st[:, 1] + st[:, 3] > y0 - near))
    return _union(st[close])


def _union(st: np.ndarray) -> Box:
    """The box around ``connectedComponentsWithStats`` rows."""
    return (int(st[:, 0].min()), int(st[:, 1].min()), int((st[:, 0] + st[:, 2]).max()),
            int((st[:, 1] + st[:, 3]).max()))


def source_window(box: Box | None, mask_shape: tuple[int, int], shape: tuple[int, int], dpi: int) -> Box:
    """``box`` (on a mask of ``mask_shape``) as a window of the full raster of ``shape``.

    A margin of :data:`MARGIN_MM` is added.  The origin is a multiple of the mask's scale
    factor when that is a whole number, so a window analysed again at the mask's scale lines
    up with the mask pixel for pixel.  No box: the whole raster.
    """
    h, w = shape
    if box is None:
        return 0, 0, w, h
    fy, fx = h / mask_shape[0], w / mask_shape[1]
    margin = round(MARGIN_MM * dpi / 25.4)
    x0 = max(0, int(box[0] * fx) - margin)
    y0 = max(0, int(box[1] * fy) - margin)
    step = round(fx) if abs(fx - round(fx)) < 1e-6 and fx >= 1 else 1
    x0, y0 = x0 - x0 % step, y0 - y0 % step
    x1 = min(w, int(np.ceil(box[2] * fx)) + margin)
    y1 = min(h, int(np.ceil(box[3] * fy)) + margin)
    return x0, y0, x1, y1


def upscale_window(small: np.ndarray, shape: tuple[int, int], window: Box, nearest: bool = False) -> np.ndarray:
    """``small`` (a reduced copy of a page of ``shape``) brought back to full size, ``window`` only.

    What ``cv2.resize(small, full size)[window]`` gives (to a fraction of a full pixel: the
    block resized is cut on ``small``'s pixel grid) at the cost of the window, not the page.
    Used for smooth things (a background, a dilated border mask), where that fraction is moot.
    """
    h, w = shape
    sh, sw = small.shape[:2]
    fx, fy = w / sw, h / sh  # full pixels per small pixel
    x0, y0, x1, y1 = window
    a0, b0 = max(0, int(x0 / fx) - 1), max(0, int(y0 / fy) - 1)
    a1, b1 = min(sw, int(np.ceil(x1 / fx)) + 2), min(sh, int(np.ceil(y1 / fy)) + 2)
    size = (max(1, round((a1 - a0) * fx)), max(1, round((b1 - b0) * fy)))
    up = cv2.resize(small[b0:b1, a0:a1], size,
                    interpolation=cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR)
    ox, oy = round(a0 * fx), round(b0 * fy)
    out = up[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    short_y, short_x = (y1 - y0) - out.shape[0], (x1 - x0) - out.shape[1]
    if short_y > 0 or short_x > 0:  # the page's last fraction of a small pixel
        out = cv2.copyMakeBorder(out, 0, max(0, short_y), 0, max(0, short_x), cv2.BORDER_REPLICATE)
    return out


def paste(mask: np.ndarray, shape: tuple[int, int], at: tuple[int, int]) -> np.ndarray:
    """``mask`` placed on an empty (False) canvas of ``shape`` with its top-left at ``at`` (x, y)."""
    out = np.zeros(shape, bool)
    x, y = at
    h, w = min(mask.shape[0], shape[0] - y), min(mask.shape[1], shape[1] - x)
    if h > 0 and w > 0:
        out[y : y + h, x : x + w] = mask[:h, :w]
    return out


def upright_window(matrix: np.ndarray, window: Box, size: tuple[int, int]) -> Box:
    """The axis-aligned box, clipped to the upright page of ``size``, around ``window``'s image."""
    x0, y0, x1, y1 = window
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], np.float64) @ matrix.T
    lo, hi = np.floor(corners.min(axis=0)), np.ceil(corners.max(axis=0))
    return (max(0, int(lo[0])), max(0, int(lo[1])), min(size[0], int(hi[0])), min(size[1], int(hi[1])))


def shifted(matrix: np.ndarray, src: tuple[int, int], dst: tuple[int, int]) -> np.ndarray:
    """``matrix`` for a source cut at ``src`` (x, y) and an output cut at ``dst`` (x, y)."""
    out = matrix.copy()
    out[:, 2] += matrix[:, :2] @ np.array(src, np.float64) - np.array(dst, np.float64)
    return out
