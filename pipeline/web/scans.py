"""Page images for the review page: page N of a document's original file, as PNG.

The web layer asks for a page by document id and page number only; the path comes from the
database, never from the request, so no URL can name a file.  PDFs are rasterised with
pdf2image (poppler) at a screen resolution, TIFF/PNG/JPEG pages are read with Pillow.  Evidence
boxes are in pixels of the OCR raster; :func:`box_percent` turns them into fractions of the
page so that the browser can place them on an image of any size.
"""

from __future__ import annotations

import io
import logging
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from PIL import Image, ImageSequence

log = logging.getLogger(__name__)

DISPLAY_DPI = 120
MAX_WIDTH = 1400
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
_CACHE: OrderedDict[tuple[str, int, float], bytes] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = Lock()


class PageUnavailable(LookupError):
    """The page cannot be shown (file gone, not an image or PDF, page out of range)."""


def _pdf_page(path: Path, number: int, dpi: int) -> Image.Image:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    try:
        images = convert_from_path(str(path), dpi=dpi, first_page=number, last_page=number)
    except (PDFPageCountError, PDFSyntaxError, OSError) as exc:
        raise PageUnavailable(f"cannot render page {number}: {exc}") from exc
    if not images:
        raise PageUnavailable(f"no page {number}")
    return images[0]


def _image_page(path: Path, number: int) -> Image.Image:
    try:
        with Image.open(path) as img:
            for index, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if index == number:
                    return frame.convert("RGB")
    except OSError as exc:
        raise PageUnavailable(f"cannot read image: {exc}") from exc
    raise PageUnavailable(f"no page {number}")


def render_page(path: Path, number: int, dpi: int = DISPLAY_DPI) -> bytes:
    """PNG bytes of 1-based page ``number`` of the PDF or image at ``path`` (cached)."""
    if number < 1:
        raise PageUnavailable("pages are numbered from 1")
    try:
        key = (str(path), number, path.stat().st_mtime)
    except OSError as exc:
        raise PageUnavailable(f"original file unavailable: {exc}") from exc
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        image = _pdf_page(path, number, dpi)
    elif suffix in _IMAGE_SUFFIXES:
        image = _image_page(path, number)
    else:
        raise PageUnavailable(f"no page image for a {suffix or 'plain'} file")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    data = buf.getvalue()
    with _LOCK:
        _CACHE[key] = data
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data


def has_image(path: Path | None) -> bool:
    """Whether :func:`render_page` can show this original (PDF or image that still exists)."""
    if path is None:
        return False
    suffix = path.suffix.lower()
    return (suffix == ".pdf" or suffix in _IMAGE_SUFFIXES) and path.is_file()


def raster_size(path: Path, number: int, ocr_dpi: int | None) -> tuple[float, float] | None:
    """Width and height, in OCR-raster pixels, of page ``number`` of the original.

    Evidence boxes are mapped back to the original raster by the clean-up stage: for an image
    that is the image's own pixels; for a PDF, the page rendered at the OCR dpi (its media box
    in points × dpi / 72, sides swapped for a page turned a quarter).
    """
    try:
        if path.suffix.lower() == ".pdf":
            from pypdf import PdfReader

            page = PdfReader(str(path)).pages[number - 1]
            dpi = ocr_dpi or 300
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            if (page.get("/Rotate") or 0) % 180 == 90:
                w, h = h, w
            return w * dpi / 72, h * dpi / 72
        with Image.open(path) as img:
            img.seek(number - 1)
            return float(img.width), float(img.height)
    except (OSError, IndexError, EOFError, ValueError) as exc:
        log.info("no raster size for %s page %s: %s", path, number, exc)
        return None


def box_percent(
    bbox: list[int] | tuple[int, ...] | None, size: tuple[float, float] | None
) -> dict[str, float] | None:
    """``bbox`` (x0, y0, x1, y1 in raster pixels) as left/top/width/height percentages."""
    if not bbox or len(bbox) != 4 or not size or size[0] <= 0 or size[1] <= 0:
        return None
    x0, y0, x1, y1 = (float(v) for v in bbox)
    width, height = size

    def clamp(v: float) -> float:
        return round(min(max(v, 0.0), 100.0), 3)

    return {
        "left": clamp(100 * x0 / width),
        "top": clamp(100 * y0 / height),
        "width": clamp(100 * (x1 - x0) / width),
        "height": clamp(100 * (y1 - y0) / height),
    }
