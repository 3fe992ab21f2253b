"""One affine warp for orientation, deskew and rescaling, and its inverse for boxes.

Composing the quarter turn, the skew rotation and the dpi change into a single matrix means
the full-size page is resampled once; the inverse maps every OCR box back into the pixels
of the original raster, where the review page draws it.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from pipeline.document import BBox


def _quarter_turn(rotation: int, w: int, h: int) -> tuple[np.ndarray, int, int]:
    """3x3 matrix turning a w×h image ``rotation`` degrees clockwise, and the new size."""
    r = rotation % 360
    if r == 90:
        return np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], np.float64), h, w
    if r == 180:
        return np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], np.float64), w, h
    if r == 270:
        return np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], np.float64), h, w
    return np.eye(3), w, h


def page_transform(
    w: int, h: int, rotation: int, skew: float, scale: float
) -> tuple[np.ndarray, tuple[int, int]]:
    """2x3 matrix original → processed, and the processed (width, height).

    ``skew`` is rotated away counter-clockwise (OpenCV's sign) about the page centre; the
    canvas grows so that no corner of the page is cut off.
    """
    q, qw, qh = _quarter_turn(rotation, w, h)
    rad = math.radians(abs(skew))
    cos, sin = math.cos(rad), math.sin(rad)
    nw = int(math.ceil((qw * cos + qh * sin) * scale))
    nh = int(math.ceil((qh * cos + qw * sin) * scale))
    m = cv2.getRotationMatrix2D((qw / 2, qh / 2), skew, scale)
    m[0, 2] += nw / 2 - qw / 2
    m[1, 2] += nh / 2 - qh / 2
    full = np.vstack([m, [0, 0, 1]]) @ q
    return full[:2], (nw, nh)


def warp(image: np.ndarray, matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Apply ``matrix`` with a white background; exact quarter turns skip resampling."""
    is_identity = np.allclose(matrix, [[1, 0, 0], [0, 1, 0]]) and size == (
        image.shape[1],
        image.shape[0],
    )
    if is_identity:
        return image
    return cv2.warpAffine(
        image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def map_box(inverse: np.ndarray, box: BBox, limit: tuple[int, int] | None = None) -> BBox:
    """The axis-aligned box, in original pixels, around a processed-image box."""
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], np.float64)
    pts = corners @ inverse.T
    bx0, by0 = np.floor(pts.min(axis=0)).astype(int)
    bx1, by1 = np.ceil(pts.max(axis=0)).astype(int)
    if limit is not None:
        bx0, bx1 = max(0, bx0), min(limit[0], bx1)
        by0, by1 = max(0, by0), min(limit[1], by1)
    return int(bx0), int(by0), int(bx1), int(by1)


def map_boxes(inverse: np.ndarray, boxes: list[BBox], limit: tuple[int, int] | None = None) -> list[BBox]:
    """:func:`map_box` for many boxes in one vectorised pass (a page has ~500 words)."""
    if not boxes:
        return []
    b = np.asarray(boxes, np.float64)
    xs = np.stack([b[:, 0], b[:, 2], b[:, 0], b[:, 2]], axis=1)
    ys = np.stack([b[:, 1], b[:, 1], b[:, 3], b[:, 3]], axis=1)
    px = xs * inverse[0, 0] + ys * inverse[0, 1] + inverse[0, 2]
    py = xs * inverse[1, 0] + ys * inverse[1, 1] + inverse[1, 2]
    out = np.stack(
        [np.floor(px.min(1)), np.floor(py.min(1)), np.ceil(px.max(1)), np.ceil(py.max(1))], axis=1
    ).astype(np.int64)
    if limit is not None:  # as map_box: the near edges at 0, the far ones at the limit
        out[:, :2] = out[:, :2].clip(0, None)
        out[:, 2] = out[:, 2].clip(None, limit[0])
        out[:, 3] = out[:, 3].clip(None, limit[1])
    return [tuple(int(v) for v in row) for row in out.tolist()]  # type: ignore[misc]
