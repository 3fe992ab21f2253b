"""Page clean-up on gray images: shadow/background flattening, dark borders, speckle.

All three work on a downscaled copy where they can (a background is smooth, a border is
big), so they cost milliseconds on a 300 dpi page.
"""

from __future__ import annotations

import cv2
import numpy as np

#: spread (gray levels) of the page background below which it counts as evenly lit
EVEN_BACKGROUND = 24


def quarter(gray: np.ndarray, scale: float = 0.25) -> np.ndarray:
    """The reduced copy that :func:`border_mask` and :func:`background` analyse.

    Made once per page and passed to both (one full-size resize instead of two).
    """
    h, w = gray.shape
    return cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)


def background(small: np.ndarray, exclude: np.ndarray | None = None) -> np.ndarray | None:
    """The page's background at half the scale of ``small`` (a reduced copy), None if evenly lit.

    The background is the page with the ink closed away (a dilation bigger than a stroke),
    median-blurred.  ``exclude`` (uint8 255 at ``small``'s scale, e.g. a scanner border) is
    left out of the estimate — black never wins the dilation (a max filter) — so the shadowed
    paper next to it is not judged against it.
    """
    if exclude is not None:
        small = small.copy()
        small[exclude > 0] = 0
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    bg = cv2.dilate(small, kernel)
    # The median runs on every other pixel with half the kernel: the same ~3 mm reach, a
    # quarter of the pixels (a 9-pixel median on a quarter-size A4 copy costs ~8 ms).
    bg = cv2.medianBlur(np.ascontiguousarray(bg[::2, ::2]), 5)
    lo, hi = _percentiles(bg, (2, 98))
    if hi - lo < EVEN_BACKGROUND and hi > 200:
        return None  # evenly lit white paper: nothing to flatten, no full-size work
    return bg


def _percentiles(image: np.ndarray, qs: tuple[float, float]) -> tuple[float, float]:
    """Percentiles of the nonzero pixels of a uint8 image from its histogram (no sort)."""
    hist = cv2.calcHist([image], [0], None, [256], [0, 256]).ravel()
    hist[0] = 0
    total = hist.sum()
    if not total:
        return 255.0, 255.0
    cum = np.cumsum(hist) / total
    lo, hi = (int(np.searchsorted(cum, q / 100)) for q in qs)
    return float(lo), float(hi)


def border_mask(small: np.ndarray, width: int, scale: float = 0.25, dark: int = 110) -> np.ndarray | None:
    """Mask (uint8 255, at the scale of ``small``: a ``scale`` copy of a page ``width`` wide)
    of dark regions touching the image edge: scanner borders, book gutters.

    Only *solid* darkness counts: the dark mask is opened with a kernel wider than any
    stroke (~2 mm), so text, stamps and rules near the edge never join the border, then
    regions touching the edge and long along it (≥ 15 % of that side) are kept.  None when
    the page has no border (the usual case: no full-size mask is ever made).
    """
    sh, sw = small.shape
    solid = cv2.morphologyEx(
        cv2.threshold(small, dark - 1, 1, cv2.THRESH_BINARY_INV)[1], cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)
    )
    if not cv2.countNonZero(solid):
        return None  # nothing dark and solid at all: the usual page
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        along_x = bw >= 0.15 * sw and (y == 0 or y + bh >= sh)
        along_y = bh >= 0.15 * sh and (x == 0 or x + bw >= sw)
        corner = (x == 0 or x + bw >= sw) and (y == 0 or y + bh >= sh) and area > 0.002 * sw * sh
        keep[i] = along_x or along_y or corner
    if not keep.any():
        return None
    mask = keep[labels].astype(np.uint8) * 255
    # Grow it ~2 mm so the grey paper edge along the border goes too (margins are ≥ 15 mm).
    grow = 2 * max(1, round(width / 210 * 2 * scale)) + 1
    return cv2.dilate(mask, np.ones((grow, grow), np.uint8))


def nonzero_xy(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x, y of the nonzero pixels of a uint8/bool mask, in ``np.nonzero``'s (row) order.

    ``cv2.findNonZero`` is ~4x faster than ``np.nonzero`` on a page-sized mask.
    """
    pts = cv2.findNonZero(mask.view(np.uint8) if mask.dtype == bool else mask)
    if pts is None:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    pts = pts.reshape(-1, 2)
    return pts[:, 0], pts[:, 1]


#: gray levels by which a pixel must differ from its 3x3 neighbourhood's median to be dust
DUST_CONTRAST = 50


def remove_dust(gray: np.ndarray, contrast: int = DUST_CONTRAST) -> np.ndarray:
    """``gray`` with one- and two-pixel dust replaced by its neighbourhood's median.

    A plain 3x3 median also rounds off the thin strokes and accents of a blurred 200 dpi
    scan (measured: CER up on the hard samples); replacing only the pixels that stand out
    from their median by ``contrast`` takes the dust (dark dots on paper, pale holes in
    strokes) and leaves the strokes, whose pixels agree with their neighbours.  Such dots
    otherwise come back from Tesseract as ". ' -" glued to words ("Lệ" for "Lê").
    """
    median = cv2.medianBlur(gray, 3)
    dust = cv2.compare(cv2.absdiff(gray, median), contrast, cv2.CMP_GT)
    out = gray.copy()
    cv2.copyTo(median, dust, out)
    return out


#: despeckling looks at the page at no more than this resolution (specks stay visible)
SPECK_DPI = 200


def speck_mask(gray: np.ndarray, dpi: int) -> np.ndarray | None:
    """Mask (uint8 255) of specks on ``gray``: small dark dots not part of, or touching, a letter.

    A speck as big as a diacritic (the dot of "ị", "ạ") cannot be told from it by size
    alone, but real dots are wider than the opening below, so they count as strokes.
    Candidates are ink a few pixels away from any stroke (ink surviving the opening); a
    candidate component is a speck when it is small and touches no other ink (so the
    thin tip of an accent, which joins its thicker part, stays).  Bigger dust survives the
    opening; it is caught by having almost no other ink around it.
    """
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = dpi / 300
    size = max(3, round(4 * k))
    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((size, size), np.uint8))
    reach = max(3, int(10 * k)) | 1
    near = cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    # Dust too big for the opening: ink with almost no other ink within ~2 mm.
    window = (max(9, int(25 * k)) | 1,) * 2
    density = cv2.boxFilter(cv2.threshold(ink, 0, 1, cv2.THRESH_BINARY)[1], cv2.CV_16U, window, normalize=False)
    lonely = cv2.bitwise_and(ink, cv2.compare(density, max(9, int(30 * k * k)), cv2.CMP_LE))
    candidates = cv2.bitwise_and(ink, cv2.bitwise_not(near))
    if not candidates.any():
        return lonely if lonely.any() else None
    # Labels without stats, and work on the candidate pixels only: ~3x faster on a page.
    xs, ys = nonzero_xy(candidates)
    n, labels = cv2.connectedComponents(candidates, connectivity=8)
    lab = labels[ys, xs]
    area = np.bincount(lab, minlength=n)
    joined = cv2.bitwise_and(cv2.dilate(cv2.bitwise_and(ink, near), np.ones((3, 3), np.uint8)), candidates)
    touching = np.zeros(n, dtype=bool)
    jx, jy = nonzero_xy(joined)
    touching[labels[jy, jx]] = True
    erase = (area <= max(4, int(16 * k * k))) & ~touching
    erase[0] = False
    chosen = erase[lab]
    mask = lonely
    mask[ys[chosen], xs[chosen]] = 255
    return mask if mask.any() else None


def despeckle(gray: np.ndarray, dpi: int = 300) -> np.ndarray:
    """Paint specks (see :func:`speck_mask`) and their grey rims white.

    Pages above :data:`SPECK_DPI` are analysed on a reduced copy (a speck is still a dot
    there) and the mask is scaled back: a third of the work on a 300 dpi page.
    """
    scale = min(1.0, SPECK_DPI / max(dpi, 1))
    if scale < 0.95:
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        mask = speck_mask(small, round(dpi * scale))
        if mask is None:
            return gray
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    else:
        mask = speck_mask(gray, dpi)
        if mask is None:
            return gray
    # Painted white by a max with the 0/255 mask: one pass, and never the caller's array.
    return cv2.max(gray, cv2.dilate(mask, np.ones((3, 3), np.uint8)))
