"""Red/blue text stamps on page 1 read from the colour ink that seal removal throws away.

Seal removal (:mod:`pipeline.preprocess.color`) whitens every strongly coloured pixel so the
round seal does not hide the signer's name.  But the urgency mark ("KHẨN", "HỎA TỐC"), the
secrecy mark ("MẬT") and the receiving office's "ĐẾN / Số / Ngày" stamp are coloured too, and
the record needs them.  They are *boxed* and sit in the upper part of page 1, which tells them
from the round seal and the pen signature near the bottom.

Here the page's colour ink alone (chroma, so black print under a stamp vanishes) is put
through the page's own warp, rectangular ink regions in the upper part are found by the ratio
of their hull to their minimum-area rectangle (a circle scores π/4, a box ~1), each is
straightened and cropped inside its frame, and all crops go to Tesseract in **one** small call
(``--psm 6``) stacked on a white strip.  No coloured ink → no work and no extra call.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.document import Block, Line, Word, union_bbox
from pipeline.ocr import OcrLine, OcrWord, drop_noise, parse_tsv, run_tsv
from pipeline.preprocess import Prepared
from pipeline.preprocess.color import CHROMA_THRESHOLD, color_ink_fraction, color_regions
from pipeline.preprocess.geometry import map_box, warp
from pipeline.preprocess.window import shifted, upright_window

STAMP_ZONE = "stamp"
#: share of the upright page's height searched for stamps (seal and signature sit lower)
UPPER = 0.42
#: hull area / minimum-area-rectangle area above which an ink region counts as a box
MIN_RECTANGULARITY = 0.88
#: a page with less coloured ink than this (share of pixels) is not searched at all
MIN_INK_FRACTION = 2e-4
_GAP = 40  # white pixels between stacked crops
#: stretched gray level above which a crop pixel is paper (measured on hard scans: 140 > 180)
INK_LEVEL = 140
#: resolution the crops are read at
CROP_DPI = 400


@dataclass
class StampCrop:
    """One straightened stamp interior and the map from its pixels back to the page."""

    image: np.ndarray  # uint8 gray, ink dark
    inverse: np.ndarray  # 2x3: crop pixel → original raster pixel


def ink_image(rgb: np.ndarray) -> np.ndarray:
    """The page's coloured ink as dark strokes on white; black print and paper turn white."""
    r, g, b = cv2.split(rgb)
    hi = cv2.max(cv2.max(r, g), b)
    chroma = cv2.subtract(hi, cv2.min(cv2.min(r, g), b)).astype(np.float32)
    dark = np.clip((chroma - CHROMA_THRESHOLD / 2) * 4, 0, 255)
    return (255 - dark).astype(np.uint8)


def _mm(value: float, dpi: int) -> int:
    return max(1, round(value * dpi / 25.4))


def _is_box(contour: np.ndarray, dpi: int) -> tuple[tuple[float, float], tuple[float, float], float] | None:
    """The region's rectangle (centre, (long, short), angle) if it is a framed stamp."""
    (cx, cy), (rw, rh), angle = cv2.minAreaRect(contour)
    if rw < rh:
        rw, rh, angle = rh, rw, angle - 90
    angle = (angle + 45) % 90 - 45  # the straightening angle, whatever OpenCV's convention
    if rw < _mm(8, dpi) or rh < _mm(4, dpi) or rw > _mm(120, dpi) or rh > _mm(60, dpi):
        return None
    if rw / rh < 1.2:  # round seals (and near-square blobs) are not text stamps
        return None
    hull = cv2.contourArea(cv2.convexHull(contour))
    if hull / (rw * rh) < MIN_RECTANGULARITY:
        return None
    return (cx, cy), (rw, rh), angle


def _boxes(ink: np.ndarray, dpi: int, bridge_mm: float) -> list:
    """Framed regions after closing gaps up to ``bridge_mm`` in the ink."""
    mask = (ink < 230).astype(np.uint8)  # faint, worn stamp ink counts too
    k = _mm(bridge_mm, dpi)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [box for c in contours if (box := _is_box(c, dpi)) is not None]


def _inside(point: tuple[float, float], box) -> bool:
    (cx, cy), (rw, rh), _ = box
    return abs(point[0] - cx) < rw / 2 and abs(point[1] - cy) < rh / 2


def find_stamps(rgb: np.ndarray, ink: np.ndarray, prep: Prepared, crop_dpi: int = CROP_DPI,
                at: tuple[int, int] = (0, 0)) -> list[StampCrop]:
    """Straightened interiors of the boxed ink regions in the upper part of the upright ``ink``.

    ``ink`` is the upright page's colour ink, or the window of it whose top-left is ``at``.
    Two passes: a small bridge keeps stacked marks ("KHẨN" over "MẬT", 2 mm apart) apart, a
    large one closes the gaps of a worn frame.  A large-bridge box replaces the one small box
    it holds (a part of the same worn stamp), is added where the small pass found nothing,
    and is dropped when it holds several (stacked marks it merged).
    """
    top = ink[: max(0, int(prep.page_size[1] * UPPER) - at[1])]
    found = _boxes(top, prep.dpi, 1.0)
    for box in _boxes(top, prep.dpi, 2.5):
        held = [b for b in found if _inside(b[0], box) or _inside(box[0], b)]
        if len(held) <= 1:
            found = [b for b in found if b not in held] + [box]
    found.sort(key=lambda b: (b[0][1], b[0][0]))
    found = [((cx + at[0], cy + at[1]), sides, angle) for (cx, cy), sides, angle in found]
    return [_straighten(rgb, ink, prep.matrix, box, prep.dpi, crop_dpi, at) for box in found]


def _straighten(rgb: np.ndarray, ink: np.ndarray, to_upright: np.ndarray, box, dpi: int,
                crop_dpi: int = CROP_DPI, at: tuple[int, int] = (0, 0)) -> StampCrop:
    """The box's interior rotated level, its frame shaved off, scaled to ``crop_dpi``.

    The *shape* of the letters is taken from the original's luminance, not from the colour:
    JPEG keeps colour at half resolution, so a chroma image of a 200 dpi scan is a blur,
    while luminance keeps every stroke (red and blue ink are dark in it).  Colour only
    decides which pixels are stamp ink: black print under the stamp turns white.
    """
    (cx, cy), (rw, rh), angle = box
    scale = max(1.0, crop_dpi / dpi)
    shave = _mm(1.1, dpi)
    w, h = max(1, round((rw - 2 * shave) * scale)), max(1, round((rh - 2 * shave) * scale))
    rot = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    rot[:, 2] += (w / 2 - cx, h / 2 - cy)  # the box centre lands at the crop centre
    direct = (np.vstack([rot, [0, 0, 1]]) @ np.vstack([to_upright, [0, 0, 1]]))[:2]
    flags = {"flags": cv2.INTER_CUBIC, "borderMode": cv2.BORDER_CONSTANT, "borderValue": 255}
    # Only the part of the raster under the crop is turned gray (not the whole page).
    hgt, wid = rgb.shape[:2]
    sx0, sy0, sx1, sy1 = map_box(cv2.invertAffineTransform(direct), (0, 0, w, h), (wid, hgt))
    sx0, sy0, sx1, sy1 = max(0, sx0 - 2), max(0, sy0 - 2), min(wid, sx1 + 2), min(hgt, sy1 + 2)
    part = cv2.cvtColor(np.ascontiguousarray(rgb[sy0:sy1, sx0:sx1]), cv2.COLOR_RGB2GRAY)
    luma = cv2.warpAffine(part, shifted(direct, (sx0, sy0), (0, 0)), (w, h), **flags)
    colour = cv2.warpAffine(ink, shifted(rot, at, (0, 0)), (w, h), **flags) < 235
    colour = cv2.dilate(colour.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    crop = _stretch(np.where(colour, luma, 255).astype(np.uint8))
    # Black and white at a fixed level of the stretched ink: the pale halo JPEG leaves around
    # each stroke and the faint remnants of the frame go, the strokes stay.
    crop = np.where(crop > INK_LEVEL, 255, 0).astype(np.uint8)
    _clear_frame(crop, _mm(1.5, dpi) * scale)
    _clear_rules(crop)
    return StampCrop(crop, cv2.invertAffineTransform(direct))


#: a stroke this many times longer than it is thick is a frame or rule remnant, not a letter
RULE_ASPECT = 12


def _clear_rules(crop: np.ndarray) -> None:
    """Whiten long thin strokes left of a worn frame (a broken side, an underline).

    Their remnants make Tesseract's page layout take the stamp for a table or a picture and
    skip its text.  A letter is never this thin for its length ("1" is ~5:1, a frame ≥ 15:1).
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    h, w = crop.shape
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if (bh >= RULE_ASPECT * bw and bh >= 0.25 * h) or (bw >= RULE_ASPECT * bh and bw >= 0.25 * w):
            crop[y : y + bh, x : x + bw][labels[y : y + bh, x : x + bw] == i] = 255


def _stretch(crop: np.ndarray) -> np.ndarray:
    """Stamp ink spread from its own dark level to paper white (pale pads read as gray)."""
    ink = crop[crop < 245]
    if ink.size < 20:
        return crop
    lo = float(np.percentile(ink, 5))
    out = (crop.astype(np.float32) - lo) * (255.0 / max(255.0 - lo, 1.0))
    return out.clip(0, 255).astype(np.uint8)


def _clear_frame(crop: np.ndarray, reach: float) -> None:
    """Whiten what is left of the frame along the crop's edges (Tesseract reads it as "|", "_").

    From each edge inwards, rows (columns) mostly covered by ink are frame, not text: text
    rows are at most half ink.  Columns need more: in a tight box a letter's stem ("K", "N")
    spans most of the crop's height, a frame side all of it.
    Stops at the first row that is not, within ``reach`` pixels.
    """
    dark = crop < 160
    for axis, frame in ((0, 0.45), (1, 0.75)):
        cover = dark.mean(axis=1 - axis)
        n = len(cover)
        for order in (range(min(int(reach), n)), range(n - 1, max(n - 1 - int(reach), -1), -1)):
            hits = [i for i in order if cover[i] > frame]
            if hits:
                last = max(hits) if order.step > 0 else min(hits)
                lo, hi = (0, last + 1) if order.step > 0 else (last, n)
                if axis == 0:
                    crop[lo:hi] = 255
                else:
                    crop[:, lo:hi] = 255


def _stack(crops: list[StampCrop]) -> tuple[np.ndarray, list[int]]:
    """All crops on one white strip (one Tesseract call) and each crop's top in it."""
    width = max(c.image.shape[1] for c in crops) + 2 * _GAP
    height = sum(c.image.shape[0] for c in crops) + _GAP * (len(crops) + 1)
    strip = np.full((height, width), 255, np.uint8)
    tops, y = [], _GAP
    for c in crops:
        h, w = c.image.shape
        strip[y : y + h, _GAP : _GAP + w] = c.image
        tops.append(y)
        y += h + _GAP
    return strip, tops


def _to_page(box: tuple[int, int, int, int], crop: StampCrop, dx: int, dy: int,
             size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A word box in the stacked strip as a box in the original raster's pixels."""
    x0, y0, x1, y1 = box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy
    pts = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], np.float64)
    orig = pts @ crop.inverse[:, :2].T + crop.inverse[:, 2]
    xs, ys = orig[:, 0].clip(0, size[0]), orig[:, 1].clip(0, size[1])
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def stamp_crops(rgb: np.ndarray, prep: Prepared, crop_dpi: int = CROP_DPI) -> list[StampCrop]:
    """Page 1's boxed colour stamps, straightened; empty (cheaply) when the page has none.

    ``crop_dpi``: CROP_DPI for a call of their own (``--psm 6``); the page's dpi when they
    are appended under the page, whose ``--psm 3`` layout skips text much bigger than the
    page's (measured: a 400 dpi "ĐẾN" stamp under a 300 dpi page was not read at all).
    """
    if rgb.ndim != 3 or color_ink_fraction(rgb) < MIN_INK_FRACTION:
        return []
    size = prep.page_size
    upper = [box for box in color_regions(rgb) if map_box(prep.matrix, box)[1] < size[1] * UPPER]
    if not upper:
        return []  # the page's colour ink (seal, signature) is all below the stamps' band
    # Only the colour ink in the band's colour regions is made and warped (not the page's):
    # a stamp is a few square centimetres of an A4 page.
    m = _mm(3, prep.dpi)
    h, w = rgb.shape[:2]
    src = (max(0, min(b[0] for b in upper) - m), max(0, min(b[1] for b in upper) - m),
           min(w, max(b[2] for b in upper) + m), min(h, max(b[3] for b in upper) + m))
    x0, y0, x1, y1 = upright_window(prep.matrix, src, (size[0], int(size[1] * UPPER) + 1))
    if x1 <= x0 or y1 <= y0:
        return []
    local = shifted(prep.matrix, src[:2], (x0, y0))
    upright = warp(ink_image(rgb[src[1] : src[3], src[0] : src[2]]), local, (x1 - x0, y1 - y0))
    return find_stamps(rgb, upright, prep, crop_dpi, at=(x0, y0))


def stamp_blocks(lines: list[OcrLine], crops: list[StampCrop], tops: list[int],
                 size: tuple[int, int]) -> list[Block]:
    """Tesseract's lines on a stack of crops (tops as in :func:`stack`) as ``stamp`` blocks."""
    per_crop: list[list[Line]] = [[] for _ in crops]
    for ln in lines:
        middle = (ln.bbox[1] + ln.bbox[3]) / 2 if ln.bbox else 0
        i = max(j for j, t in enumerate(tops) if t - _GAP <= middle or j == 0)
        words = [Word(w.text, w.conf, _to_page(w.bbox, crops[i], _GAP, tops[i], size)) for w in ln.words]
        per_crop[i].append(Line(words=words, bbox=union_bbox(w.bbox for w in words)))
    return [Block(lines=ls, bbox=union_bbox(ln.bbox for ln in ls), zone=STAMP_ZONE)
            for ls in per_crop if ls]


def read_stamps(rgb: np.ndarray, prep: Prepared, lang: str, timeout: float) -> list[Block]:
    """Blocks (zone ``"stamp"``, boxes in original-raster pixels) of page 1's text stamps.

    Reads them in a call of their own (``--psm 6``); :func:`pipeline.scan.ocr_page` rather
    appends them under the page (:func:`append_strip`) and saves that call's start-up.
    Empty, without calling Tesseract, when the page has no colour or no boxed colour ink.
    """
    crops = stamp_crops(rgb, prep)
    if not crops:
        return []
    strip, tops = _stack(crops)
    lines = drop_noise(parse_tsv(run_tsv(strip, lang, timeout, max(prep.dpi, CROP_DPI), psm=6)))
    return stamp_blocks(lines, crops, tops, prep.original_size)


#: white rows between the page and the stamp strip appended under it (~1/2 inch at 300 dpi):
#: far more than any line or paragraph gap, so no Tesseract line or block spans both
STRIP_GAP = 160


def append_strip(page: np.ndarray, crops: list[StampCrop]) -> tuple[np.ndarray, int, list[int]]:
    """``page`` with the stacked stamp crops pasted under it, the strip's top and crop tops.

    One Tesseract call then reads the page and its stamps: a second call would pay
    Tesseract's start-up again (~0.12 CPU-s, measured, for a few words).
    """
    strip, tops = _stack(crops)
    top = page.shape[0] + STRIP_GAP
    out = np.full((top + strip.shape[0], max(page.shape[1], strip.shape[1])), 255, np.uint8)
    out[: page.shape[0], : page.shape[1]] = page
    out[top:, : strip.shape[1]] = strip
    return out, top, tops


def split_lines(lines: list[OcrLine], top: int) -> tuple[list[OcrLine], list[OcrLine]]:
    """Lines of the page above ``top`` and the strip's lines (shifted into strip pixels)."""
    page, strip = [], []
    for ln in lines:
        if ln.bbox is None or (ln.bbox[1] + ln.bbox[3]) / 2 < top:
            page.append(ln)
            continue
        words = [OcrWord(w.text, w.conf, (w.bbox[0], w.bbox[1] - top, w.bbox[2], w.bbox[3] - top))
                 for w in ln.words]
        box = ln.bbox
        strip.append(OcrLine(ln.block, ln.par, words, (box[0], box[1] - top, box[2], box[3] - top)))
    return page, strip
