"""Pages of PDFs, TIFF, PNG and JPEG files as images, one at a time.

The adapter between files and pixels.  Limits are checked *before* any page is decoded —
the page count from ``pdfinfo`` and each page's pixel count from its header (PIL reads sizes
lazily; a PDF page's size comes from its media box at the requested dpi) — so a hostile or
huge file fails fast with :class:`LimitExceededError` instead of eating the machine's memory.
Pages are yielded one by one: a 200-page PDF never holds more than one raster.
"""

from __future__ import annotations

import logging
import re
import resource
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline import limits
from pipeline.errors import (
    EncryptedPDFError,
    InputFileError,
    LimitExceededError,
    MissingDependencyError,
)
from pipeline.settings import Settings

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".pnm", ".pgm", ".ppm"}
DEFAULT_IMAGE_DPI = 300  # assumed when an image file carries no resolution


@dataclass
class RasterPage:
    """One page as pixels: ``image`` is uint8, HxW (gray) or HxWx3 (RGB)."""

    number: int  # 1-based
    image: np.ndarray
    dpi: int
    seconds: float  # wall time spent decoding / rendering this page
    cpu_seconds: float = 0.0  # CPU time of that, poppler's included

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


# ------------------------------------------------------------------------- images
def _image_dpi(img: Image.Image) -> int:
    dpi = img.info.get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    # Many scanners write 72 or 1 when they mean "unknown"; trust only plausible scan dpi.
    return value if 100 <= value <= 1200 else DEFAULT_IMAGE_DPI


def _to_array(frame: Image.Image) -> np.ndarray:
    if frame.mode in ("L", "RGB"):
        return np.asarray(frame)  # already 8-bit: no converted copy (26 MB on an A4 page)
    if frame.mode in ("1", "I;16", "I", "F"):
        return np.asarray(frame.convert("L"))
    return np.asarray(frame.convert("RGB"))


def _square_pixels(frame: Image.Image) -> Image.Image:
    """A fax in "normal" mode (204 x 98 dpi) stretched to square pixels (204 x 204).

    Its text is otherwise half as tall as it is wide and Tesseract reads nothing; boxes
    then refer to the stretched raster, whose size is the page's width and height.
    """
    dpi = frame.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return frame
    if x <= 0 or y <= 0 or abs(x - y) <= 0.1 * x:
        return frame
    size = (frame.width, max(1, round(frame.height * x / y)))
    mode = "L" if frame.mode == "1" else frame.mode
    return frame.convert(mode).resize(size, Image.Resampling.BILINEAR)


def iter_image_pages(path: Path, settings: Settings) -> Iterator[RasterPage]:
    """Frames of an image file (multi-page TIFF included), limits checked per frame."""
    Image.MAX_IMAGE_PIXELS = limits.pixel_budget(settings)
    try:
        img = Image.open(path)
    except Image.DecompressionBombError as exc:  # PIL read the size from the header: > 2x budget
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(found.group(1)) if found else 2 * limits.pixel_budget(settings) + 1
        raise limits.pixels_error(path.name, pixels, settings) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InputFileError(f"{path.name}: not a readable image ({exc})") from exc
    with img:
        n_frames = getattr(img, "n_frames", 1)
        limits.check_pages(path.name, n_frames, settings)
        for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
            t0, c0 = time.perf_counter(), time.process_time()
            w, h = frame.size
            limits.check_pixels(path.name, w, h, settings, page=number)
            try:
                array = _to_array(_square_pixels(frame))
            except (OSError, ValueError) as exc:
                raise InputFileError(f"{path.name} page {number}: cannot decode ({exc})") from exc
            yield RasterPage(
                number, array, _image_dpi(frame), time.perf_counter() - t0, time.process_time() - c0
            )


# --------------------------------------------------------------------------- PDFs
def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pdf_info(path: Path) -> dict[str, str]:
    """``pdfinfo``'s fields; raises the right congvan error for encrypted or corrupt files."""
    try:
        proc = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError as exc:
        raise MissingDependencyError("pdfinfo (poppler-utils) is not installed") from exc
    err = proc.stderr.lower()
    if proc.returncode != 0:
        if "incorrect password" in err or "encrypt" in err:
            raise EncryptedPDFError(f"{path.name}: the PDF is password-protected")
        raise InputFileError(f"{path.name}: not a readable PDF ({proc.stderr.strip()[:200]})")
    info: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def _page_size_points(info: dict[str, str]) -> tuple[float, float]:
    """Width, height in points of the first page (``Page size: 595.32 x 841.92 pts``)."""
    try:
        parts = info.get("Page size", "").split()
        return float(parts[0]), float(parts[2])
    except (IndexError, ValueError):
        return 595.0, 842.0  # A4 when poppler does not say


def check_pdf_limits(path: Path, settings: Settings) -> int:
    """The page count, after checking encryption, max_pages and max_pixels."""
    info = pdf_info(path)
    if info.get("Encrypted", "no").startswith("yes"):
        # Owner-password-only PDFs open without a password: pdfinfo succeeded, so they render.
        log.info("%s: encrypted with an owner password only; reading it", path.name)
    try:
        pages = int(info.get("Pages", "0"))
    except ValueError as exc:
        raise InputFileError(f"{path.name}: pdfinfo reports no page count") from exc
    if pages < 1:
        raise InputFileError(f"{path.name}: the PDF has no pages")
    limits.check_pages(path.name, pages, settings)
    w_pt, h_pt = _page_size_points(info)
    limits.check_pixels(path.name, round(w_pt / 72 * settings.dpi), round(h_pt / 72 * settings.dpi),
                        settings, page=1)
    return pages


def render_pdf_page(path: Path, number: int, dpi: int, *, gray: bool = False) -> np.ndarray:
    """Rasterise one PDF page (1-based) with poppler; colour unless ``gray``."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError

    try:
        images = convert_from_path(
            str(path), dpi=dpi, first_page=number, last_page=number, grayscale=gray, fmt="ppm"
        )
    except PDFInfoNotInstalledError as exc:
        raise MissingDependencyError("poppler-utils (pdftoppm) is not installed") from exc
    except PDFPageCountError as exc:
        raise InputFileError(f"{path.name}: cannot render page {number} ({exc})") from exc
    if not images:
        raise InputFileError(f"{path.name}: page {number} rendered to nothing")
    return _to_array(images[0])


#: JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic…; not DHT/JPG/DAC)
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_components(data: bytes) -> int | None:
    """The number of colour components in a JPEG's frame header (1 gray, 3 colour, 4 CMYK)."""
    pos = 2 if data[:2] == b"\xff\xd8" else len(data)
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a segment
            pos += 2
            continue
        if marker in _SOF_MARKERS:
            return data[pos + 9] if pos + 9 < len(data) else None
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


def decode_jpeg(data: bytes) -> np.ndarray | None:
    """A JPEG's pixels as gray or RGB uint8; None when OpenCV cannot decode it (or CMYK).

    Decoded straight into the layout wanted, from the frame header's component count:
    libjpeg writes RGB itself, where decoding to OpenCV's BGR and converting cost a second
    pass over the 26 MB of a colour A4 page.  EXIF orientation is ignored: a PDF places
    its images itself.
    """
    import cv2

    components = jpeg_components(data)
    if components not in (1, 3):
        return None
    rgb = getattr(cv2, "IMREAD_COLOR_RGB", None)  # OpenCV 4.11+; before it, BGR and a conversion
    flags = cv2.IMREAD_GRAYSCALE if components == 1 else rgb if rgb is not None else cv2.IMREAD_COLOR
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags | cv2.IMREAD_IGNORE_ORIENTATION)
    if image is not None and components == 3 and rgb is None:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    return image


def embedded_scan(page: object, max_pixels: int) -> tuple[np.ndarray, int] | None:
    """The page's one full-page JPEG/Flate image and its native dpi, if it is a plain scan.

    Scanners write a page as one image drawn over the whole media box.  Decoding that image
    directly is ~10x faster than rendering the page with poppler and keeps the scan's own
    resolution (no resampling before our single warp).  Anything else returns None.
    """
    try:
        if int(page.get("/Rotate", 0) or 0) % 360:  # type: ignore[attr-defined]
            return None
        contents = page.get_contents()  # type: ignore[attr-defined]
        if contents is None or contents.get_data().count(b" Do") != 1 or len(contents.get_data()) > 300:
            return None
        xobjects = page["/Resources"].get("/XObject") or {}  # type: ignore[index]
        images = [x.get_object() for x in xobjects.values()]
        if len(images) != 1 or images[0].get("/Subtype") != "/Image":
            return None
        img = images[0]
        w_px, h_px = int(img["/Width"]), int(img["/Height"])
        box = page.mediabox  # type: ignore[attr-defined]
        w_pt, h_pt = float(box.width), float(box.height)
        if abs(w_px / h_px - w_pt / h_pt) > 0.02 * (w_pt / h_pt):
            return None
        if w_px * h_px > max_pixels:
            raise LimitExceededError(f"a page image is {w_px}x{h_px} pixels > max_pixels {max_pixels}")
        if img.get("/Filter") == "/DCTDecode":
            array = decode_jpeg(img._data)
            if array is None:
                return None
        else:  # Flate, CCITT, JBIG2…: decoded by pypdf's image helpers
            array = _to_array(page.images[0].image)  # type: ignore[attr-defined]
        return array, round(w_px * 72 / w_pt)
    except LimitExceededError:
        raise
    except Exception as exc:  # any oddity: let poppler render the page instead
        log.debug("no embedded scan on this page: %s", exc)
        return None


def iter_pdf_pages(
    path: Path, settings: Settings, pages: list[int] | None = None, *, count: int | None = None
) -> Iterator[RasterPage]:
    """The PDF's pages (or only ``pages``) one at a time: embedded scan image or rendered.

    ``count`` is the page count when the caller already ran :func:`check_pdf_limits`.
    """
    from pypdf import PdfReader

    if count is None:
        count = check_pdf_limits(path, settings)
    try:
        reader: PdfReader | None = PdfReader(str(path))
    except Exception as exc:  # poppler could read it; pypdf is only the fast path
        log.debug("pypdf cannot open %s: %s", path.name, exc)
        reader = None
    for number in pages or range(1, count + 1):
        t0, c0 = time.perf_counter(), time.process_time() + _children_cpu()
        if reader:  # every page's own size (check_pdf_limits saw the first page's only)
            box = reader.pages[number - 1].mediabox
            limits.check_pixels(path.name, round(float(box.width) / 72 * settings.dpi),
                                round(float(box.height) / 72 * settings.dpi), settings, page=number)
        found = embedded_scan(reader.pages[number - 1], limits.pixel_budget(settings)) if reader else None
        if found is not None:
            image, dpi = found
        else:
            image, dpi = render_pdf_page(path, number, settings.dpi), settings.dpi
        cpu = time.process_time() + _children_cpu() - c0
        yield RasterPage(number, image, dpi, time.perf_counter() - t0, cpu)


def iter_pages(path: Path | str, settings: Settings) -> Iterator[RasterPage]:
    """Every page of a PDF or image file as a :class:`RasterPage`, streamed."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path.name}: the file is empty")
    if path.suffix.lower() == ".pdf":
        return iter_pdf_pages(path, settings)
    return iter_image_pages(path, settings)
