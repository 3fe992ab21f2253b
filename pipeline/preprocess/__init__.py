"""OpenCV clean-up of a page raster before Tesseract; every step switchable.

Order (each step optional via :class:`PreprocessConfig`): colour ink dropped (seal and
signature) → dark border painted white → background/shadow flattened → isolated specks erased → orientation and
skew measured on a ~100 dpi ink mask → one warp (quarter turn + deskew + rescale to
``target_dpi``) → binarisation.  The warp's matrix is kept so OCR boxes map back
to the original raster (:meth:`Prepared.to_original`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline.document import BBox
from pipeline.preprocess.binarize import METHODS, binarize
from pipeline.preprocess.clean import border_mask, despeckle, flatten_background, quarter
from pipeline.preprocess.color import to_gray
from pipeline.preprocess.geometry import map_box, map_boxes, page_transform, warp
from pipeline.preprocess.orientation import Orientation, detect_orientation

log = logging.getLogger(__name__)

__all__ = ["METHODS", "NOISY_SPECKS", "Orientation", "Prepared", "PreprocessConfig", "preprocess"]

ANALYSIS_DPI = 100

# One OpenCV thread, like OMP_THREAD_LIMIT=1 for Tesseract: pages are processed in parallel
# by workers, and on a small shared machine OpenCV's thread pool costs ~25 % more CPU per
# page for no gain in throughput (measured: 0.16 vs 0.21 CPU-seconds per 300 dpi page).
cv2.setNumThreads(1)


@dataclass
class PreprocessConfig:
    """Which clean-up steps run.  Defaults are what measured best (see README › OCR)."""

    drop_color_ink: bool = True
    remove_border: bool = True
    flatten_background: bool = True
    orientation: bool = True
    deskew: bool = True
    min_skew: float = 0.1  # degrees; smaller skews are not worth a resampling
    despeckle: bool = True
    binarize: str = "otsu"  # one of METHODS; Otsu measured best on the hard samples
    #: trust a weak ink verdict that agrees with the document's earlier pages (no OSD call)
    orientation_prior: bool = True
    target_dpi: int = 300  # pages outside [0.8, 1.5] x target are rescaled to it


@dataclass
class Prepared:
    """The page ready for Tesseract and how it relates to the original raster."""

    image: np.ndarray  # uint8 gray (or binary) upright page
    dpi: int  # of ``image``
    rotation: int  # degrees clockwise the original was turned
    skew: float  # degrees rotated away
    orientation_sure: bool
    matrix: np.ndarray  # 2x3 original → image
    original_size: tuple[int, int]  # (width, height) of the original raster
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def page_size(self) -> tuple[int, int]:
        """(width, height) of the upright page in processed pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])

    def to_original(self, box: BBox) -> BBox:
        """A box on :attr:`image` as a box on the original raster."""
        inverse = cv2.invertAffineTransform(self.matrix)
        return map_box(inverse, box, self.original_size)

    def to_original_many(self, boxes: list[BBox]) -> list[BBox]:
        """:meth:`to_original` for all of a page's boxes at once (vectorised)."""
        return map_boxes(cv2.invertAffineTransform(self.matrix), boxes, self.original_size)


def ink_analysis(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """A ~100 dpi boolean ink mask for orientation and skew analysis, and the speck count.

    Specks (components of ≤ 2 pixels at 100 dpi) and a 3 % frame along the image edges
    (borders, shadows; a letter's margins are wider) are left out, so that a sparse last
    page is judged by its few text lines and not by its noise.  How many specks there were
    (frame excluded) is the page's noise estimate: it decides whether despeckling is worth
    its cost (see :data:`NOISY_SPECKS`).
    """
    scale = min(1.0, ANALYSIS_DPI / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 20
    )
    h, w = ink.shape
    mh, mw = max(1, int(0.03 * h)), max(1, int(0.03 * w))
    ink[:mh], ink[-mh:], ink[:, :mw], ink[:, -mw:] = 0, 0, 0, 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] > 2
    keep[0] = False
    return keep[labels], int(n - 1 - np.count_nonzero(keep))


def ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The ink mask of :func:`ink_analysis` alone."""
    return ink_analysis(gray, dpi)[0]


#: specks (see :func:`ink_analysis`) per A4 page at 100 dpi from which a page is despeckled.
#: Measured: clean scans and renders have 0–50 (diacritic dots, stray pixels), noisy
#: photocopies and faxes 800+; below this the despeckle pass (~⅓ of the clean-up CPU)
#: finds next to nothing to erase.
NOISY_SPECKS = 100
_A4_AT_100_DPI = 827 * 1169


def _rescale_factor(dpi: int, target: int) -> float:
    return 1.0 if 0.8 * target <= dpi <= 1.5 * target else target / dpi


def preprocess(
    image: np.ndarray,
    dpi: int,
    config: PreprocessConfig | None = None,
    osd: Callable[[np.ndarray], int | None] | None = None,
    prior: int | None = None,
) -> Prepared:
    """Clean ``image`` (gray or RGB) for OCR.  ``osd`` is asked for the rotation when unsure.

    ``prior`` is the rotation the document's earlier pages were surely found at, if any.
    """
    cfg = config or PreprocessConfig()
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], np.ndarray]) -> np.ndarray:
        t0 = time.perf_counter()
        out = fn()
        timings[name] = time.perf_counter() - t0
        return out

    gray, ink = _clean(image, dpi, cfg, timed, timings)
    t0 = time.perf_counter()
    orient = _orientation(gray, ink, dpi, cfg, osd, prior)
    timings["orientation"] = time.perf_counter() - t0
    h, w = gray.shape
    skew = orient.skew if cfg.deskew and abs(orient.skew) >= cfg.min_skew else 0.0
    scale = _rescale_factor(dpi, cfg.target_dpi)
    matrix, size = page_transform(w, h, orient.rotation, skew, scale)
    out = timed("warp", lambda: warp(gray, matrix, size))
    if cfg.binarize != "none":
        out = timed("binarize", lambda: binarize(out, cfg.binarize))
    return Prepared(
        image=out,
        dpi=round(dpi * scale),
        rotation=orient.rotation,
        skew=skew,
        orientation_sure=orient.sure,
        matrix=matrix,
        original_size=(w, h),
        timings=timings,
    )


def _clean(
    image: np.ndarray,
    dpi: int,
    cfg: PreprocessConfig,
    timed: Callable[[str, Callable[[], np.ndarray]], np.ndarray],
    timings: dict[str, float],
) -> tuple[np.ndarray, np.ndarray]:
    """The cleaned gray page and its ink mask for orientation and skew analysis."""
    gray = timed("gray", lambda: to_gray(image, drop_color_ink=cfg.drop_color_ink))
    small = quarter(gray) if cfg.remove_border or cfg.flatten_background else None
    border = timed("border", lambda: border_mask(gray, small=small)) if cfg.remove_border else None
    if border is not None and not cv2.countNonZero(border):
        border = None
    if cfg.flatten_background:
        gray = timed("flatten", lambda: flatten_background(gray, exclude=border, small=small))
    elif border is not None:
        gray = gray.copy()
        gray[border > 0] = 255
    # Analysed before despeckling: its speck count says whether to despeckle at all.  A
    # despeckled page is analysed again: the angle moves by up to 0.04° otherwise, and
    # Tesseract's output with it (±0.3 % CER either way on the noisy samples).
    ink, specks = np.zeros((0, 0), bool), 0
    if cfg.orientation or cfg.deskew or cfg.despeckle:
        t0 = time.perf_counter()
        ink, specks = ink_analysis(gray, dpi)
        timings["analysis"] = time.perf_counter() - t0
    if cfg.despeckle and specks >= NOISY_SPECKS * ink.size / _A4_AT_100_DPI:
        gray = timed("despeckle", lambda: despeckle(gray, dpi))
        if cfg.orientation or cfg.deskew:
            ink = timed("reanalysis", lambda: ink_mask(gray, dpi))
    elif cfg.despeckle:
        timings["despeckle"] = 0.0  # skipped: too few specks to be worth the pass
    return gray, ink


def _ink_crop(gray: np.ndarray, ink: np.ndarray, dpi: int) -> np.ndarray:
    """``gray`` cropped to the box around ``ink`` (its analysis mask) plus a 5 mm margin.

    Tesseract's OSD cost grows with the pixels it segments: on a sparse last page (the
    pages the ink test is unsure about) the crop halves it (0.69 → 0.30 CPU-s on a
    300 dpi page), and it keeps the scanner's border noise out of OSD's blobs.
    """
    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return gray
    fy, fx = gray.shape[0] / ink.shape[0], gray.shape[1] / ink.shape[1]
    m = max(1, round(0.2 * dpi))
    y0, y1 = max(0, int(ys.min() * fy) - m), min(gray.shape[0], int((ys.max() + 1) * fy) + m)
    x0, x1 = max(0, int(xs.min() * fx) - m), min(gray.shape[1], int((xs.max() + 1) * fx) + m)
    return np.ascontiguousarray(gray[y0:y1, x0:x1])


def _orientation(
    gray: np.ndarray,
    ink: np.ndarray,
    dpi: int,
    cfg: PreprocessConfig,
    osd: Callable[[np.ndarray], int | None] | None,
    prior: int | None = None,
) -> Orientation:
    if not (cfg.orientation or cfg.deskew):
        return Orientation(0, 0.0, True, 1.0)
    orient = detect_orientation(ink)
    if not cfg.orientation:
        # Only deskew was asked for: keep the page as it is, skew measured on its own rows.
        return Orientation(0, orient.skew if orient.rotation in (0, 180) else 0.0, True, 1.0)
    if not orient.sure and cfg.orientation_prior and prior == orient.rotation:
        # A sparse last page: its few lines lean the same way as the document's earlier
        # pages, which were sure.  Pages of one scan share their orientation; OSD would
        # cost ~0.4 CPU-s here (half the page's own Tesseract time).
        return Orientation(orient.rotation, orient.skew, True, orient.ratio)
    if not orient.sure and osd is not None:
        asked = osd(_ink_crop(gray, ink, dpi))
        if asked is not None and asked != orient.rotation:
            log.info("orientation unsure (ratio %.2f): OSD says %d°", orient.ratio, asked)
            same_axis = (asked - orient.rotation) % 180 == 0
            orient = Orientation(asked, orient.skew if same_axis else 0.0, True, orient.ratio)
    return orient
