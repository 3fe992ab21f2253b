"""Write scanned pages as the files congvan ingests: image-only PDF, multi-page TIFF, PNGs.

The PDF holds one JPEG per page and no text layer, like a scanner's output, so ingestion must
OCR it; its resolution is recorded so the page keeps its A4 size.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from PIL import Image


def _dpi_of(page: Image.Image, default: int) -> int:
    info = page.info.get("dpi")
    return int(round(info[0])) if info else default


def save_pdf(pages: Sequence[Image.Image], path: str | Path, *, dpi: int | None = None,
             quality: int = 60) -> Path:
    """An image-only PDF, each page a JPEG at ``quality`` (small files, like office scanners)."""
    if not pages:
        raise ValueError("no pages to write")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    res = dpi or _dpi_of(pages[0], 300)
    imgs = [p if p.mode in ("RGB", "L") else p.convert("RGB") for p in pages]
    fixed = time.gmtime(1704067200)  # reproducible bytes: no "now" timestamps
    imgs[0].save(path, "PDF", save_all=True, append_images=imgs[1:], resolution=float(res),
                 quality=quality, optimize=True, progressive=True,
                 creationDate=fixed, modDate=fixed, producer="congvan samples")
    return path


def save_tiff(pages: Sequence[Image.Image], path: str | Path, *, dpi: int = 300) -> Path:
    """A multi-page TIFF: Group 4 for black-and-white pages, Deflate otherwise."""
    if not pages:
        raise ValueError("no pages to write")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    bilevel = all(p.mode == "1" for p in pages)
    pages[0].save(path, "TIFF", save_all=True, append_images=list(pages[1:]),
                  compression="group4" if bilevel else "tiff_deflate", dpi=(dpi, dpi))
    return path


def save_pngs(pages: Sequence[Image.Image], stem: str | Path, *, dpi: int = 300) -> list[Path]:
    """One PNG per page: ``<stem>.p1.png``, ``<stem>.p2.png`` …"""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for i, page in enumerate(pages, start=1):
        target = stem.with_name(f"{stem.name}.p{i}.png")
        page.save(target, "PNG", dpi=(dpi, dpi), optimize=True)
        out.append(target)
    return out
