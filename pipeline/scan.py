"""Entry point for scans and PDFs: raster → clean-up → one Tesseract call → layout → Document.

``read_scan`` reads image files, ``read_pdf`` PDFs (text layer when sound, OCR otherwise).
Pages stream: each raster is dropped before the next page is rendered.  Every word's box is
mapped back into the pixels of the original raster; per-page timings go to
``Page.meta["timings"]`` (seconds of raster, preprocess, tesseract, layout).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline import ocr
from pipeline.document import Block, Document, Line, Page, Word, union_bbox
from pipeline.errors import InputFileError, OCREngineError
from pipeline.layout import layout_lines
from pipeline.ocr import OCRTimeoutError, check_tesseract, detect_osd, ocr_lines
from pipeline.preprocess import Prepared, PreprocessConfig, preprocess
from pipeline.raster import RasterPage, iter_image_pages, iter_pages, iter_pdf_pages
from pipeline.settings import Settings, get_settings
from pipeline.stamps import read_stamps

log = logging.getLogger(__name__)


def _to_original(blocks: list[Block], prep: Prepared) -> list[Block]:
    """The same blocks with every box mapped from the processed page to the original raster."""
    out = []
    for block in blocks:
        lines = []
        for line in block.lines:
            words = [
                Word(w.text, w.conf, prep.to_original(w.bbox) if w.bbox else None)
                for w in line.words
            ]
            lines.append(Line(words=words, bbox=union_bbox(w.bbox for w in words)))
        out.append(Block(lines=lines, bbox=union_bbox(ln.bbox for ln in lines), zone=block.zone))
    return out


def ocr_page(
    raster: RasterPage,
    settings: Settings,
    config: PreprocessConfig | None = None,
    *,
    first_page: bool | None = None,
) -> Page:
    """One raster page as a :class:`Page`; a Tesseract timeout leaves it empty and flagged."""
    t0, c0 = time.perf_counter(), time.process_time() + ocr.child_cpu()
    osd_timeout = min(settings.ocr_timeout, 60.0)
    prep = preprocess(
        raster.image, raster.dpi, config, osd=lambda img: detect_osd(img, osd_timeout)
    )
    t1, c1 = time.perf_counter(), time.process_time() + ocr.child_cpu()
    page = Page(
        number=raster.number,
        width=raster.width,
        height=raster.height,
        dpi=raster.dpi,
        rotation=prep.rotation,
    )
    page.meta.update(source="ocr", skew=round(prep.skew, 2), orientation_sure=prep.orientation_sure)
    try:
        lines, _ = ocr_lines(prep.image, settings.ocr_lang, settings.ocr_timeout, prep.dpi)
    except OCRTimeoutError as exc:
        log.warning("page %d: %s; page left empty", raster.number, exc)
        page.meta["ocr_timeout"] = True
        lines = []
    t2, c2 = time.perf_counter(), time.process_time()
    tess_cpu = ocr.last_cpu_seconds
    first = raster.number == 1 if first_page is None else first_page
    grouped = [((ln.block, ln.par), [Word(w.text, w.conf, w.bbox) for w in ln.words]) for ln in lines]
    blocks = layout_lines(grouped, prep.image.shape[1], first_page=first)
    page.blocks = _to_original(blocks, prep)
    t3, c3 = time.perf_counter(), time.process_time()
    c3k = c3 + ocr.child_cpu()
    if first and not page.meta.get("ocr_timeout"):
        page.blocks = _stamps(raster, prep, settings) + page.blocks
    t4, c4 = time.perf_counter(), time.process_time() + ocr.child_cpu()
    # Wall seconds, and CPU seconds (honest on a machine shared with other work).
    page.meta["cpu"] = _rounded(raster.cpu_seconds, c1 - c0, tess_cpu, c3 - c2)
    page.meta["timings"] = _rounded(raster.seconds, t1 - t0, t2 - t1, t3 - t2)
    page.meta["timings"]["steps"] = {k: round(v, 4) for k, v in prep.timings.items()}
    page.meta["timings"]["stamps"] = round(t4 - t3, 4)
    page.meta["cpu"]["stamps"] = round(c4 - c3k, 4)
    return page


def _stamps(raster: RasterPage, prep: Prepared, settings: Settings) -> list[Block]:
    """Page 1's red/blue text stamps (urgency, secrecy, arrival) as ``stamp`` blocks.

    They come first: on paper the arrival stamp is the top-left-most thing on the page.  A
    failed or slow stamp read costs the page nothing but the stamps.
    """
    try:
        return read_stamps(raster.image, prep, settings.ocr_lang, min(settings.ocr_timeout, 30.0))
    except OCREngineError as exc:
        log.warning("page %d: stamps not read: %s", raster.number, exc)
        return []


def _rounded(raster: float, preprocess: float, tesseract: float, layout: float) -> dict:
    return {
        "raster": round(raster, 4),
        "preprocess": round(preprocess, 4),
        "tesseract": round(tesseract, 4),
        "layout": round(layout, 4),
    }


def iter_ocr_pages(
    rasters: Iterator[RasterPage], settings: Settings, config: PreprocessConfig | None = None
) -> Iterator[Page]:
    """OCR'd pages, one raster in memory at a time."""
    check_tesseract(settings.ocr_lang)
    for raster in rasters:
        yield ocr_page(raster, settings, config)


def read_scan(
    path: Path | str, settings: Settings | None = None, config: PreprocessConfig | None = None
) -> Document:
    """An image file (PNG/JPEG/TIFF, multi-page TIFF too) as an OCR'd :class:`Document`."""
    settings = settings or get_settings()
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        return read_pdf(path, settings, config)[0]
    return Document(pages=list(iter_ocr_pages(iter_pages(path, settings), settings, config)))


def read_pdf(
    path: Path | str, settings: Settings | None = None, config: PreprocessConfig | None = None
) -> tuple[Document, str]:
    """A PDF as ``(document, kind)``: kind "pdf-text" when its text layer is used, else "scan".

    A garbled or legacy-encoded layer is still used (kind "pdf-text") with
    ``page.meta["text_layer"] = "suspect"`` for restoration; pages with no usable layer are
    OCR'd (``page.meta["source"] = "ocr"``).
    """
    from pipeline.textlayer import read_text_layer

    settings = settings or get_settings()
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    layer_pages = read_text_layer(path, settings)
    pages: list[Page] = []
    to_ocr = [p.number for p in layer_pages if p.meta.get("text_layer") == "empty"]
    count = len(layer_pages)  # limits were checked by read_text_layer
    if len(to_ocr) == count:
        rasters = iter_pdf_pages(path, settings, count=count)
        return Document(pages=list(iter_ocr_pages(rasters, settings, config))), "scan"
    rasters = iter_pdf_pages(path, settings, to_ocr, count=count)
    ocred = iter_ocr_pages(rasters, settings, config) if to_ocr else iter([])
    for page in layer_pages:
        pages.append(next(ocred) if page.number in to_ocr else page)
    return Document(pages=pages), "pdf-text"


__all__ = ["iter_image_pages", "ocr_page", "read_pdf", "read_scan"]
