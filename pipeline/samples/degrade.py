"""Make a rendered page look scanned: skew, rotation, noise, blur, shadows, fax, JPEG.

A :class:`Degradation` describes one scanner/photocopier condition; :func:`degrade` applies it
deterministically for a seed (same seed, same pixels), so samples and benchmarks are
reproducible.  ``CLEAN`` is a good office scan; ``HARD`` is a tired 200 dpi copy with heavy
noise, blur, strong JPEG and the seal stamped over the signer's name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Degradation:
    """One scan condition. Ranges are (low, high) drawn uniformly per page from the seed."""

    dpi: int = 300  # scan resolution: callers render at this dpi (degrade does not resample)
    skew_deg: tuple[float, float] = (0.0, 0.0)  # |skew| range; the sign is random
    rotate: int = 0  # 0/90/180/270: page fed sideways or upside down (counter-clockwise)
    noise: float = 0.0  # Gaussian noise sigma, grey levels
    speckle: float = 0.0  # fraction of pixels flipped to dark/light dust
    blur: float = 0.0  # Gaussian blur sigma in pixels (focus, ink spread)
    jpeg_quality: int | None = None  # JPEG round trip (artefacts), None = lossless
    shadow: float = 0.0  # 0..1 strength of uneven lighting / a gutter shadow
    borders: bool = False  # dark scanner-lid borders around the rotated page
    binarize: bool = False  # fax-like: global threshold to black and white
    grayscale: bool = False  # a grey scan (seal and signature lose their colour)
    ink_fade: float = 0.0  # 0..1 lighter, uneven toner
    seal_over_name: bool = False  # render the seal lower, over the signer's name


CLEAN = Degradation(dpi=300, skew_deg=(0.2, 1.2), noise=1.2, blur=1.0, jpeg_quality=35,
                    shadow=0.08)
HARD = Degradation(dpi=200, skew_deg=(1.0, 3.0), noise=6.0, speckle=0.0006, blur=1.2,
                   jpeg_quality=40, shadow=0.35, borders=True, ink_fade=0.35,
                   seal_over_name=True)
FAX = Degradation(dpi=200, skew_deg=(0.3, 1.5), noise=10.0, speckle=0.0008, blur=0.7,
                  binarize=True, ink_fade=0.2)
PRESETS: dict[str, Degradation] = {"clean": CLEAN, "hard": HARD, "fax": FAX}


def _illumination(h: int, w: int, rng: np.random.Generator, strength: float) -> np.ndarray:
    """A smooth brightness field: a lamp gradient plus a darker band along one edge."""
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    ang = rng.uniform(0, 2 * np.pi)
    ramp = np.float32(np.cos(ang)) * xx / w + np.float32(np.sin(ang)) * yy / h
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    edge = np.exp(-xx / (0.04 * w)) if rng.random() < 0.5 else np.exp(-(w - xx) / (0.04 * w))
    return (1.0 - strength * (0.25 * ramp + 0.6 * edge)).astype(np.float32)


def _fade(arr: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Lighten the ink unevenly (worn toner): dark pixels pulled towards paper white."""
    h, w = arr.shape[:2]
    small = rng.uniform(0.0, amount, size=(max(h // 120, 2), max(w // 120, 2))).astype(np.float32)
    field = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    field = field[..., None] if arr.ndim == 3 else field
    return arr + (255.0 - arr) * field


def _skew(arr: np.ndarray, angle: float, borders: bool, paper: float) -> np.ndarray:
    """Rotate by ``angle`` degrees about the centre; uncovered corners are paper or dark lid."""
    h, w = arr.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = 40.0 if borders else paper
    value = (fill, fill, fill) if arr.ndim == 3 else fill
    out = cv2.warpAffine(arr, mat, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=value)
    if borders:
        pad = max(4, w // 120)
        out[:pad], out[-pad:], out[:, :pad], out[:, -pad:] = 40.0, 40.0, 40.0, 40.0
    return out


def _noise(arr: np.ndarray, rng: np.random.Generator, sigma: float, speckle: float) -> np.ndarray:
    if sigma:
        grain = rng.standard_normal(size=arr.shape[:2], dtype=np.float32) * np.float32(sigma)
        arr += grain[..., None] if arr.ndim == 3 else grain
    if speckle:
        h, w = arr.shape[:2]
        clumps = rng.gamma(0.5, 2.0, size=(max(h // 80, 2), max(w // 80, 2))).astype(np.float32)
        density = cv2.resize(clumps, (w, h), interpolation=cv2.INTER_LINEAR)
        mask = rng.random((h, w)) < speckle * density / max(float(density.mean()), 1e-6)
        big = (mask & (rng.random((h, w)) < 0.25)).astype(np.uint8)
        small = cv2.dilate(mask.astype(np.uint8), np.ones((2, 2), np.uint8)).astype(bool)
        large = cv2.dilate(big, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (4, 4))).astype(bool)
        arr[small | large] = 45.0
    return arr


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)


def degrade(image: Image.Image, d: Degradation, seed: int) -> Image.Image:
    """Apply ``d`` to ``image``; deterministic for ``seed``. Returns RGB, or L when grey/fax."""
    rng = np.random.default_rng(seed)
    img = image.convert("L" if d.grayscale or d.binarize else "RGB")
    arr = np.asarray(img, dtype=np.float32).copy()
    paper = float(rng.uniform(236, 248) if d.shadow > 0.2 else rng.uniform(246, 253))
    arr = arr * (paper / 255.0)
    if d.ink_fade:
        arr = _fade(arr, rng, d.ink_fade)
    if d.blur:
        arr = np.asarray(cv2.GaussianBlur(arr, (0, 0), d.blur), dtype=np.float32)
    if d.shadow:
        light = _illumination(arr.shape[0], arr.shape[1], rng, d.shadow)
        arr = arr * (light[..., None] if arr.ndim == 3 else light)
    lo, hi = d.skew_deg
    angle = float(rng.uniform(lo, hi)) * (1 if rng.random() < 0.5 else -1)
    if hi:
        arr = _skew(arr, angle, d.borders, paper)
    arr = _noise(arr, rng, d.noise, d.speckle)
    if d.binarize:
        arr = np.where(arr < 150.0 + rng.normal(0, 12, size=arr.shape), 0.0, 255.0)
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if d.rotate:
        out = out.rotate(d.rotate % 360, expand=True)
    if d.jpeg_quality and not d.binarize:
        out = _jpeg(out, d.jpeg_quality)
    return out
