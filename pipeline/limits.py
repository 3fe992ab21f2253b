"""Safety limits, and the one place that words the error when a file breaks one.

Every limit is a setting (README › Settings) with a safe default, and every check runs on
what a file *says* about itself — the page count in the PDF's page tree (``pdfinfo``), the
width and height in an image header — before a single page is decoded, so a 2,000-page PDF
or a decompression bomb costs milliseconds, not the machine's memory.

Memory per worker is enforced twice: a page whose estimated working set (raster, clean-up
copies, Tesseract) would not fit in ``worker_memory_mb`` is refused before it is decoded
(:func:`pixel_budget`), and Dask workers started by ``congvan ingest --workers`` get the same
number as their ``memory_limit`` (Dask restarts a worker that goes over it; see
``flows.ingest``).
"""

from __future__ import annotations

from pipeline.errors import LimitExceededError
from pipeline.settings import Settings

#: resident memory of a worker before its first page: Python, OpenCV, the restoration model
BASELINE_MB = 400
#: bytes per pixel of one page at its peak: the decoded raster (3), clean-up copies (~7,
#: measured on a 35 Mpx page) and Tesseract's own page images (~14)
BYTES_PER_PIXEL = 24


def pixel_budget(settings: Settings) -> int:
    """The most pixels a page may have: ``max_pixels``, or less if memory is tighter."""
    by_memory = max(0, settings.worker_memory_mb - BASELINE_MB) * 2**20 // BYTES_PER_PIXEL
    return max(1, min(settings.max_pixels, by_memory))


def too_many_pages(name: str, pages: int, settings: Settings) -> LimitExceededError | None:
    """The error for a document over ``max_pages`` (None when it is within it)."""
    if pages <= settings.max_pages:
        return None
    return LimitExceededError(
        f"{name}: {pages:,} pages, over the limit of {settings.max_pages:,} pages per document",
        hint=f"split the file, or raise CONGVAN_MAX_PAGES (now {settings.max_pages}) if it is genuine",
    )


def too_many_pixels(
    name: str, width: int, height: int, settings: Settings, *, page: int | None = None
) -> LimitExceededError | None:
    """The error for a page over the pixel budget (None when it fits)."""
    if width * height <= pixel_budget(settings):
        return None
    where = f"{name} page {page}" if page else name
    return pixels_error(where, width * height, settings, size=f"{width:,} x {height:,} = ")


def pixels_error(where: str, pixels: int, settings: Settings, *, size: str = "") -> LimitExceededError:
    """The error for a page of ``pixels`` pixels, which is over the budget."""
    budget = pixel_budget(settings)
    if budget < settings.max_pixels:
        hint = (f"raise CONGVAN_WORKER_MEMORY_MB (now {settings.worker_memory_mb}) on a machine "
                "with more memory, or rescan at 300 dpi")
    else:
        hint = (f"rescan at 300 dpi, or raise CONGVAN_MAX_PIXELS (now {settings.max_pixels}) "
                "if the page is genuine")
    return LimitExceededError(
        f"{where}: {size}{pixels / 1e6:,.0f} megapixels, over the limit of {budget / 1e6:,.0f} "
        "megapixels per page (a decompression bomb or a scan at far too high a resolution)",
        hint=hint,
    )


def check_pixels(name: str, width: int, height: int, settings: Settings, *, page: int | None = None) -> None:
    error = too_many_pixels(name, width, height, settings, page=page)
    if error is not None:
        raise error


def check_pages(name: str, pages: int, settings: Settings) -> None:
    error = too_many_pages(name, pages, settings)
    if error is not None:
        raise error
