"""Page orientation (0/90/180/270) from the ink itself, Tesseract OSD only when unsure.

1. Horizontal or vertical text: text lines make the row profile of a page far sharper than
   its column profile; both are compared at their best skew (see :mod:`.skew`).
2. Upright or upside down: in Latin script, and far more in Vietnamese with its stacked
   diacritics, more ink lies *above* a line's x-height band (ascenders, accents) than below
   it (descenders).  The ratio above/below over all lines says which way is up.
When the ratio is close to 1 the caller may ask Tesseract's OSD (``ocr.detect_osd``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.preprocess.skew import estimate_skew

#: above/below ratio beyond which the up/down decision counts as sure
SURE_RATIO = 1.3
#: heights (pixels at the 100 dpi analysis scale) of a row of text worth a vote
MIN_LINE, MAX_LINE = 6, 30
#: vertical strips the page is cut into for the up/down test
STRIPS = 4
#: text lines needed before the up/down decision counts as sure (else ask OSD)
MIN_VOTES = 12
#: row-profile sharpness of the turned page over the page as is, needed to turn it 90°
SIDEWAYS_MARGIN = 1.1
#: ratio of the two axes' sharpness beyond which the axis decision counts as sure
SURE_AXIS = 1.3


@dataclass
class Orientation:
    rotation: int  # degrees (clockwise) to turn the page to read it upright: 0, 90, 180, 270
    skew: float  # residual skew of the upright page, degrees
    sure: bool
    ratio: float  # above/below ink ratio of the upright candidate


def _segments(profile: np.ndarray) -> list[np.ndarray]:
    """Runs of rows with ink (2 % of the peak), of a plausible text-line height."""
    if profile.max() <= 0:
        return []
    rows = profile > profile.max() * 0.02
    out = []
    y, n = 0, len(profile)
    while y < n:
        if not rows[y]:
            y += 1
            continue
        start = y
        while y < n and rows[y]:
            y += 1
        # Shorter: specks; taller: lines merged with a seal or signature — no evidence.
        if MIN_LINE <= y - start <= MAX_LINE:
            out.append(profile[start:y])
    return out


def _line_ratio(ink: np.ndarray) -> tuple[float, int]:
    """Ink above the x-height band / ink below it over the text lines, and how many voted.

    Profiles are taken in vertical strips so that the two columns of the header and the
    footer, whose lines do not align, are not merged into one blur.
    """
    above = below = 0.0
    votes = 0
    for strip in np.array_split(ink, STRIPS, axis=1):
        for seg in _segments(strip.sum(axis=1).astype(np.float64)):
            core = np.nonzero(seg >= seg.max() * 0.5)[0]
            above += seg[: core[0]].sum()
            below += seg[core[-1] + 1 :].sum()
            votes += 1
    return float((above + 1) / (below + 1)), votes


def _rotate_mask(ink: np.ndarray, rotation: int) -> np.ndarray:
    """The mask turned ``rotation`` degrees clockwise."""
    return np.rot90(ink, k=-(rotation // 90) % 4)


def _level(ink: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    if abs(angle) < 0.05:
        return ink
    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(ink.astype(np.uint8), m, (w, h), flags=cv2.INTER_NEAREST) > 0


def peakiness(ink: np.ndarray) -> float:
    """How line-like the row profile is: 1 for evenly spread ink, ~2+ for text lines.

    ``Σh² · n / (Σh)²`` over the rows spanned by ink, so it does not depend on the size
    of the page or the amount of ink and the two axes can be compared.
    """
    profile = ink.sum(axis=1).astype(np.float64)
    nz = np.nonzero(profile)[0]
    if len(nz) < 2:
        return 1.0
    span = profile[nz[0] : nz[-1] + 1]
    return float(np.dot(span, span) * len(span) / span.sum() ** 2)


def detect_orientation(ink: np.ndarray, max_skew: float = 10.0) -> Orientation:
    """Orientation and skew of a page from its ink mask (a ~100 dpi copy is plenty)."""
    angle_h, _ = estimate_skew(ink, max_skew)
    level_h = _level(ink, angle_h)
    peak_h = peakiness(level_h)
    turned = _rotate_mask(ink, 90)
    # Most pages are upright: when the rows are already far sharper than the columns are
    # even at their best, the sideways skew search is skipped.
    if peak_h >= SURE_AXIS * max(peakiness(turned), 1.0) * 1.2:
        angle_v, level_v, peak_v = 0.0, turned, peakiness(turned)
    else:
        angle_v, _ = estimate_skew(turned, max_skew)
        level_v = _level(turned, angle_v)
        peak_v = peakiness(level_v)
    # Pages are upright far more often than sideways: turning needs a clear margin.
    if peak_v > peak_h * SIDEWAYS_MARGIN:
        base, upright, angle = 90, level_v, angle_v
    else:
        base, upright, angle = 0, level_h, angle_h
    axis_sure = max(peak_h, peak_v) >= SURE_AXIS * min(peak_h, peak_v)
    ratio, votes = _line_ratio(upright)
    enough = axis_sure and votes >= MIN_VOTES
    if ratio >= 1:
        return Orientation(base, angle, enough and ratio >= SURE_RATIO, ratio)
    # Upside down: the flipped page's skew has the same sign convention after a half turn.
    return Orientation((base + 180) % 360, angle, enough and 1 / ratio >= SURE_RATIO, 1 / ratio)
