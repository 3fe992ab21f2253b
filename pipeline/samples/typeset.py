"""Typesetting primitives for the letter renderer: fonts, measured wrapping, a flowing page stack.

Why hand-rolled: Decree 30 letters are a handful of centred blocks and justified paragraphs,
which PIL can draw directly; measuring every word with the real font (``getlength``) keeps line
breaks honest, so the OCR truth text (``Letter.reading_text``) is exactly what is on the page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.errors import MissingDependencyError

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
_FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
    "sans-bold": "LiberationSans-Bold.ttf",
    "sans": "LiberationSans-Regular.ttf",
}
A4_MM = (210.0, 297.0)
INK = (20, 20, 22)


def nfc(text: str) -> str:
    """Vietnamese text is compared in NFC everywhere in congvan; the renderer prints NFC too."""
    return unicodedata.normalize("NFC", text)


def mm(value: float, dpi: int) -> int:
    return round(value * dpi / 25.4)


def pt(value: float, dpi: int) -> int:
    return round(value * dpi / 72.0)


@lru_cache(maxsize=128)
def font(face: str, size_pt: float, dpi: int) -> ImageFont.FreeTypeFont:
    """Liberation Serif (Times-metric, full Vietnamese coverage) at ``size_pt`` for ``dpi``."""
    path = FONT_DIR / _FACES[face]
    if not path.exists():
        raise MissingDependencyError(
            f"font {path} not found", hint="sudo apt-get install -y fonts-liberation2"
        )
    return ImageFont.truetype(str(path), size=pt(size_pt, dpi))


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy line breaking by measured width; a single over-long word gets a line of its own."""
    lines: list[str] = []
    current = ""
    for word in nfc(text).split():
        trial = f"{current} {word}" if current else word
        if current and fnt.getlength(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def balanced_wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Wrap into as few lines as :func:`wrap` does, but with lines of similar length — how a
    typist breaks a centred heading ("SỞ TÀI NGUYÊN / VÀ MÔI TRƯỜNG", not "… MÔI / TRƯỜNG")."""
    lines = wrap(text, fnt, width)
    if len(lines) < 2:
        return lines
    lo, hi = max(fnt.getlength(w) for w in text.split()), width
    while hi - lo > 2:
        mid = (lo + hi) / 2
        if len(wrap(text, fnt, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(text, fnt, hi)


def draw_centred(
    draw: ImageDraw.ImageDraw, cx: float, y: float, text: str,
    fnt: ImageFont.FreeTypeFont, fill: tuple[int, int, int] = INK,
) -> float:
    """Draw ``text`` centred on ``cx``; returns its width (for underlines)."""
    w = fnt.getlength(text)
    draw.text((cx - w / 2, y), text, font=fnt, fill=fill)
    return w


def line_height(fnt: ImageFont.FreeTypeFont, spacing: float = 1.2) -> int:
    return round(fnt.size * spacing)


@dataclass
class PageStack:
    """A4 pages that text flows onto; a new page gets its number centred in the top margin."""

    dpi: int
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 30.0, 20.0)  # top, bottom, left, right
    pages: list[Image.Image] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def size(self) -> tuple[int, int]:
        return mm(A4_MM[0], self.dpi), mm(A4_MM[1], self.dpi)

    @property
    def left(self) -> int:
        return mm(self.margins_mm[2], self.dpi)

    @property
    def right(self) -> int:
        return self.size[0] - mm(self.margins_mm[3], self.dpi)

    @property
    def top(self) -> int:
        return mm(self.margins_mm[0], self.dpi)

    @property
    def bottom(self) -> int:
        return self.size[1] - mm(self.margins_mm[1], self.dpi)

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.pages[-1])

    def new_page(self) -> None:
        """Start a page; from page 2 on, print its number centred in the top margin (Decree 30)."""
        self.pages.append(Image.new("RGB", self.size, (255, 255, 255)))
        self.y = float(self.top)
        if len(self.pages) > 1:
            fnt = font("regular", 13, self.dpi)
            draw_centred(self.draw, (self.left + self.right) / 2,
                         mm(10, self.dpi), str(len(self.pages)), fnt)

    def room(self, height: float) -> bool:
        return self.y + height <= self.bottom

    def ensure(self, height: float) -> None:
        if not self.room(height):
            self.new_page()
