"""OpenCV clean-up of a page raster before Tesseract; every step switchable.

Order (each step optional via :class:`PreprocessConfig`): colour ink dropped (seal and
signature) → one ~100 dpi analysis copy: dark border, background (shadows), ink mask,
speck count and the content window → the full-size steps on the window only (background
flattened, border painted white, isolated specks erased) → orientation and skew from the
ink mask → one warp (quarter turn + deskew + rescale to ``target_dpi``) → binarisation.
The warp's matrix is kept so OCR boxes map back to the original raster
(:meth:`Prepared.to_original`); the image sent to Tesseract is the content window of the
upright page, at :attr:`Prepared.origin`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline.document import BBox
from pipeline.preprocess.analysis import (
    _A4_AT_100_DPI,
    NOISY_SPECKS,
    _analysis_copy,
    _clear_frame,
    _ink_of,
    ink_analysis,
    ink_mask,
)
from pipeline.preprocess.binarize import METHODS, binarize
from pipeline.preprocess.clean import background, border_mask, despeckle, quarter, remove_dust
from pipeline.preprocess.color import to_gray
from pipeline.preprocess.geometry import map_box, map_boxes, page_transform, warp
from pipeline.preprocess.orientation import Orientation, detect_orientation
from pipeline.preprocess.window import (
    Box,
    content_box,
    paste,
    shifted,
    source_window,
    upright_window,
    upscale_window,
)

log = logging.getLogger(__name__)

__all__ = ["METHODS", "NOISY_SPECKS", "Orientation", "Prepared", "PreprocessConfig", "ink_analysis", "ink_mask",
           "preprocess"]

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
    #: clean and read only the content window (see :mod:`.window`), not the whole raster
    crop: bool = True


@dataclass
class Prepared:
    """The page ready for Tesseract and how it relates to the original raster.

    Boxes are on the *upright page* (``matrix``'s output, :attr:`page_size`); ``image`` is
    the window of it at :attr:`origin`, so a box on ``image`` is moved by ``origin`` first.
    """

    image: np.ndarray  # uint8 gray (or binary): the upright page's content window
    dpi: int  # of ``image``
    rotation: int  # degrees clockwise the original was turned
    skew: float  # degrees rotated away
    orientation_sure: bool
    matrix: np.ndarray  # 2x3 original → upright page
    original_size: tuple[int, int]  # (width, height) of the original raster
    timings: dict[str, float] = field(default_factory=dict)
    origin: tuple[int, int] = (0, 0)  # (x, y) of ``image`` on the upright page
    size: tuple[int, int] | None = None  # (width, height) of the upright page; None: ``image``'s
    #: no blob of ink on the page big enough to be a word: nothing for Tesseract to read
    blank: bool = False
    #: the page had enough dust to be despeckled (a tired copy, a fax, a low-dpi scan)
    noisy: bool = False

    @property
    def page_size(self) -> tuple[int, int]:
        """(width, height) of the upright page in processed pixels."""
        if self.size is not None:
            return self.size
        return int(self.image.shape[1]), int(self.image.shape[0])

    def to_original(self, box: BBox) -> BBox:
        """A box on the upright page as a box on the original raster."""
        inverse = cv2.invertAffineTransform(self.matrix)
        return map_box(inverse, box, self.original_size)

    def to_original_many(self, boxes: list[BBox]) -> list[BBox]:
        """:meth:`to_original` for all of a page's boxes at once (vectorised)."""
        return map_boxes(cv2.invertAffineTransform(self.matrix), boxes, self.original_size)


def _rescale_factor(dpi: int, target: int) -> float:
    return 1.0 if 0.8 * target <= dpi <= 1.5 * target else target / dpi


Timer = Callable[[str, Callable[[], np.ndarray]], np.ndarray]


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

    h, w = image.shape[:2]
    sub, window, ink, blank, noisy = _clean(image, dpi, cfg, timed, timings)
    t0 = time.perf_counter()
    whole = window == (0, 0, w, h)
    crop = (lambda: _ink_crop(sub, ink, dpi)) if whole else (lambda: sub)
    # A blank page has nothing to turn by (and OSD nothing to read): upright, and not sure
    # (it must not vouch for the document's orientation).
    orient = Orientation(0, 0.0, False, 0.0) if blank else _orientation(crop, ink, cfg, osd, prior)
    timings["orientation"] = time.perf_counter() - t0
    skew = orient.skew if cfg.deskew and abs(orient.skew) >= cfg.min_skew else 0.0
    scale = _rescale_factor(dpi, cfg.target_dpi)
    matrix, size = page_transform(w, h, orient.rotation, skew, scale)
    up = upright_window(matrix, window, size) if not whole else (0, 0, *size)
    local = shifted(matrix, window[:2], up[:2])
    out = timed("warp", lambda: warp(sub, local, (up[2] - up[0], up[3] - up[1])))
    if cfg.binarize != "none":
        out = timed("binarize", lambda: binarize(out, cfg.binarize))
    return Prepared(
        image=np.ascontiguousarray(out),
        dpi=round(dpi * scale),
        rotation=orient.rotation,
        skew=skew,
        orientation_sure=orient.sure,
        matrix=matrix,
        original_size=(w, h),
        timings=timings,
        origin=(up[0], up[1]),
        size=size,
        blank=blank,
        noisy=noisy,
    )


def _analysis(
    gray: np.ndarray, dpi: int, cfg: PreprocessConfig, timed: Timer, timings: dict[str, float]
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray, int]:
    """The reduced copies: border and background (quarter scale), ink mask and speck count.

    Two reductions of the page and nothing else at full size: the ink is found on the
    ~100 dpi copy flattened and with its border painted white, as on the cleaned page.
    """
    t0 = time.perf_counter()
    h, w = gray.shape
    small100 = _analysis_copy(gray, dpi)
    # The quarter copy is made from the page itself, not from the ~100 dpi one: a second
    # reduction at a 3:4 ratio moves the border and background estimates enough to change
    # Tesseract's output on the hard scans.
    small = quarter(gray)
    timings["reduce"] = time.perf_counter() - t0
    border = timed("border", lambda: border_mask(small, w)) if cfg.remove_border else None
    bg = timed("flatten", lambda: background(small, border)) if cfg.flatten_background else None
    t0 = time.perf_counter()
    a_size = (small100.shape[1], small100.shape[0])
    if bg is not None:
        small100 = cv2.divide(small100, cv2.max(cv2.resize(bg, a_size), 1), scale=255)
    if border is not None:
        small100[cv2.resize(border, a_size, interpolation=cv2.INTER_NEAREST) > 0] = 255
    ink, specks = _ink_of(small100)
    timings["analysis"] = time.perf_counter() - t0
    return border, bg, ink, specks


def _clean(
    image: np.ndarray, dpi: int, cfg: PreprocessConfig, timed: Timer, timings: dict[str, float]
) -> tuple[np.ndarray, Box, np.ndarray, bool, bool]:
    """The cleaned gray content window, where it is on the raster, the page's ink mask,
    whether the page is blank (no content found: no word-sized blob of ink) and whether it
    was noisy (despeckled)."""
    gray = timed("gray", lambda: to_gray(image, drop_color_ink=cfg.drop_color_ink))
    h, w = gray.shape
    if not (cfg.remove_border or cfg.flatten_background or cfg.orientation or cfg.deskew
            or cfg.despeckle or cfg.crop):
        return gray, (0, 0, w, h), np.zeros((0, 0), bool), False, False
    border, bg, ink, specks = _analysis(gray, dpi, cfg, timed, timings)
    adpi = round(dpi * ink.shape[1] / w) if ink.size else dpi
    box = content_box(ink, adpi) if cfg.crop else None
    blank = cfg.crop and ink.size > 0 and box is None
    window = source_window(box, ink.shape, (h, w), dpi)
    x0, y0, x1, y1 = window
    sub = gray[y0:y1, x0:x1]
    if bg is not None:
        t0 = time.perf_counter()
        sub = cv2.divide(sub, cv2.max(upscale_window(bg, (h, w), window), 1), scale=255)
        timings["flatten"] += time.perf_counter() - t0
    if border is not None:
        t0 = time.perf_counter()
        painted = upscale_window(border, (h, w), window, nearest=True)
        if cv2.countNonZero(painted):
            sub = cv2.max(sub, painted)  # the border white (a new array: never the caller's)
        timings["border"] += time.perf_counter() - t0
    noisy = specks >= NOISY_SPECKS * ink.size / _A4_AT_100_DPI
    if cfg.despeckle and noisy:
        sub = timed("despeckle", lambda: remove_dust(despeckle(sub, dpi)))
        if cfg.orientation or cfg.deskew:
            # Analysed again once despeckled: the angle moves by up to 0.04° otherwise, and
            # Tesseract's output with it (±0.3 % CER either way on the noisy samples).
            scale = ink.shape[1] / w
            at = (round(x0 * scale), round(y0 * scale))
            ink = timed("reanalysis", lambda: _reanalysed(sub, dpi, ink.shape, at))
    elif cfg.despeckle:
        timings["despeckle"] = 0.0  # skipped: too few specks to be worth the pass
    return sub, window, ink, blank, noisy


def _reanalysed(sub: np.ndarray, dpi: int, shape: tuple[int, int], at: tuple[int, int]) -> np.ndarray:
    """The page's ink mask from its cleaned window alone (the rest of the page is paper)."""
    ink = paste(_ink_of(_analysis_copy(sub, dpi), frame=False)[0], shape, at)
    _clear_frame(ink.view(np.uint8))
    return ink


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
    crop: Callable[[], np.ndarray],
    ink: np.ndarray,
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
        asked = osd(crop())  # the content only: OSD's cost grows with the pixels
        if asked is not None and asked != orient.rotation:
            log.info("orientation unsure (ratio %.2f): OSD says %d°", orient.ratio, asked)
            same_axis = (asked - orient.rotation) % 180 == 0
            orient = Orientation(asked, orient.skew if same_axis else 0.0, True, orient.ratio)
    return orient
