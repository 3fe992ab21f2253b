"""Ink marks that make a rendered letter look like a real scan: seal, signature, box stamps.

Each mark is drawn as an ink-density mask and *multiplied* onto the page, as ink on paper is:
black print under the red seal stays dark, the seal tints the paper around it.  That overlap
(seal over the signature, the signer's title and partly the name) is exactly what OCR and
seal-removal code must cope with in real letters.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from pipeline.samples.typeset import font, mm, nfc

SEAL_RED = (214, 28, 38)
PEN_BLUE = (28, 48, 150)


def rng_for(*parts: object) -> np.random.Generator:
    """A generator seeded from text, so the same letter always gets the same marks."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def apply_ink(page: Image.Image, mask: Image.Image, xy: tuple[int, int],
              colour: tuple[int, int, int], opacity: float = 1.0) -> None:
    """Multiply ``colour`` onto ``page`` at ``xy`` with ``mask`` (L, 255 = full ink) as coverage."""
    x0, y0 = xy
    w, h = mask.size
    px0, py0 = max(x0, 0), max(y0, 0)
    px1, py1 = min(x0 + w, page.width), min(y0 + h, page.height)
    if px1 <= px0 or py1 <= py0:
        return
    a = np.asarray(mask, dtype=np.float32)[py0 - y0:py1 - y0, px0 - x0:px1 - x0] / 255.0 * opacity
    region = np.asarray(page.crop((px0, py0, px1, py1)), dtype=np.float32)
    tint = np.array(colour, dtype=np.float32) / 255.0
    out = region * (1.0 - a[..., None] * (1.0 - tint))
    page.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), (px0, py0))


def _mottle(mask: Image.Image, rng: np.random.Generator, strength: float) -> Image.Image:
    """Uneven stamp-pad ink: multiply the mask by smooth low-frequency noise."""
    w, h = mask.size
    small = rng.uniform(1.0 - strength, 1.0, size=(max(h // 40, 2), max(w // 40, 2)))
    field = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC)
    arr = np.asarray(mask, dtype=np.float32) * np.asarray(field, dtype=np.float32) / 255.0
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.4
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    return pts


def seal_mask(ring_text: str, dpi: int, *, diameter_mm: float = 36.0,
              rng: np.random.Generator) -> Image.Image:
    """A round seal: two concentric rings, ``ring_text`` around the top, a star in the centre."""
    size = mm(diameter_mm, dpi)
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    r = size / 2
    outer_w = max(2, mm(0.9, dpi))
    draw.ellipse((1, 1, size - 2, size - 2), outline=255, width=outer_w)
    r_in = r * 0.64
    draw.ellipse((r - r_in, r - r_in, r + r_in, r + r_in), outline=255, width=max(1, mm(0.4, dpi)))
    draw.polygon(_star(r, r, r * 0.36), fill=255)
    text = nfc(ring_text).upper()
    r_text = (r - outer_w + r_in) / 2
    band_pt = (r - outer_w - r_in) * 0.62 * 72 / dpi  # cap height that fits between the rings
    probe = font("sans-bold", 10, dpi)
    fit_pt = 10 * math.radians(300) * r_text / max(probe.getlength(text), 1.0)
    fnt = font("sans-bold", max(5.0, min(band_pt, fit_pt)), dpi)
    widths = [fnt.getlength(c) * 1.05 for c in text]
    span = min(sum(widths) / r_text, math.radians(310))
    scale = span / (sum(widths) / r_text)
    ang = -math.pi / 2 - span / 2
    for ch, w in zip(text, widths, strict=True):
        step = w / r_text * scale
        mid = ang + step / 2
        _paste_char(mask, ch, fnt, r + r_text * math.cos(mid), r + r_text * math.sin(mid), mid)
        ang += step
    mask = _mottle(mask, rng, 0.45)
    angle = float(rng.uniform(-25, 25))
    return mask.rotate(angle, resample=Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))


def _paste_char(mask: Image.Image, ch: str, fnt, x: float, y: float, ang: float) -> None:
    if ch.isspace():
        return
    box = int(fnt.size * 1.8)
    glyph = Image.new("L", (box, box), 0)
    ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=fnt, fill=255, anchor="mm")
    glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
    mask.paste(255, (int(x - box / 2), int(y - box / 2)), glyph)


def _spline(points: np.ndarray, per_segment: int = 24) -> np.ndarray:
    """Catmull-Rom curve through ``points`` (n×2): the smooth path of a moving pen."""
    p = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0.0, 1.0, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    out.append(points[-1:])
    return np.vstack(out)


def _strokes(w: int, h: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Control points of a signature: a tall initial loop, a cursive run, a flourish."""
    cx, top = 0.16 * w, 0.12 * h
    initial = np.array([[cx, 0.75 * h], [cx - 0.05 * w, 0.35 * h], [cx + 0.02 * w, top],
                        [cx + 0.1 * w, 0.3 * h], [cx, 0.6 * h], [cx - 0.04 * w, 0.7 * h]])
    n = int(rng.integers(5, 9))
    xs = np.linspace(0.24 * w, 0.78 * w, 2 * n)
    ys = np.where(np.arange(2 * n) % 2 == 0, rng.uniform(0.25, 0.45, 2 * n),
                  rng.uniform(0.6, 0.72, 2 * n)) * h
    xs = xs + rng.normal(0, 0.012 * w, 2 * n)
    run = np.column_stack([xs, ys])
    end = run[-1]
    flourish = np.array([end, [0.92 * w, 0.45 * h], [0.7 * w, 0.82 * h],
                         [0.3 * w, 0.88 * h], [0.08 * w, 0.8 * h]])
    flourish[1:] += rng.normal(0, 0.02 * w, (4, 2))
    return [initial, np.vstack([initial[-1:], run]), flourish]


def signature_mask(dpi: int, *, width_mm: float, rng: np.random.Generator) -> Image.Image:
    """A pen signature: smooth strokes whose width follows the pen's speed (slow = thick)."""
    w, h = mm(width_mm, dpi), mm(width_mm * 0.5, dpi)
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    pen = max(2.0, mm(0.5, dpi))
    slant = float(rng.uniform(0.1, 0.3))
    for ctrl in _strokes(w, h, rng):
        path = _spline(ctrl)
        path[:, 0] += (h - path[:, 1]) * slant
        path[:, 0] *= w / (w + h * slant)
        speed = np.linalg.norm(np.diff(path, axis=0), axis=1)
        width = pen * (1.25 - 0.6 * speed / max(float(speed.max()), 1e-6))
        for (x0, y0), (x1, y1), pw in zip(path[:-1], path[1:], width, strict=True):
            draw.line((float(x0), float(y0), float(x1), float(y1)), fill=255,
                      width=max(1, round(float(pw))))
    return mask.filter(ImageFilter.GaussianBlur(0.5))


def box_mask(lines: list[str], dpi: int, *, size_pt: float = 13.0, big_first: bool = False
             ) -> Image.Image:
    """Bold text in a rectangle: urgency/secrecy marks and the "ĐẾN" arrival stamp."""
    fonts = [font("bold", size_pt * (1.6 if big_first and i == 0 else 1.0), dpi)
             for i in range(len(lines))]
    pad = mm(1.5, dpi)
    widths = [f.getlength(nfc(t)) for f, t in zip(fonts, lines, strict=True)]
    heights = [round(f.size * 1.2) for f in fonts]
    w, h = int(max(widths)) + 2 * pad, sum(heights) + 2 * pad
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((0, 0, w - 1, h - 1), outline=255, width=max(2, mm(0.5, dpi)))
    y = pad
    for f, t, lh in zip(fonts, lines, heights, strict=True):
        draw.text((w / 2, y), nfc(t), font=f, fill=255, anchor="ma")
        y += lh
    return mask


def arrival_mask(number: str, date: str, dpi: int, rng: np.random.Generator) -> Image.Image:
    """The receiving office's "ĐẾN" stamp, slightly rotated and unevenly inked."""
    mask = box_mask(["ĐẾN", f"Số: {number}", f"Ngày: {date}"], dpi, size_pt=11, big_first=True)
    mask = _mottle(mask, rng, 0.35)
    return mask.rotate(float(rng.uniform(-4, 4)), resample=Image.Resampling.BICUBIC, expand=True)
