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

import cv2
import numpy as np

from pipeline import ocr
from pipeline.document import Block, Document, Line, Page, Word, union_bbox
from pipeline.errors import InputFileError, OCREngineError
from pipeline.layout import layout_lines
from pipeline.ocr import OCRTimeoutError, OcrWord, check_tesseract, detect_osd, ocr_lines
from pipeline.preprocess import Prepared, PreprocessConfig, preprocess
from pipeline.raster import RasterPage, decode_jpeg, iter_image_pages, iter_pages, iter_pdf_pages
from pipeline.settings import Settings, get_settings
from pipeline.stamps import (
    StampCrop,
    append_strip,
    read_stamps,
    split_lines,
    stamp_blocks,
    stamp_crops,
)

log = logging.getLogger(__name__)


def _to_original(blocks: list[Block], prep: Prepared) -> list[Block]:
    """The same blocks with every box mapped from the processed page to the original raster."""
    words = [w for block in blocks for line in block.lines for w in line.words if w.bbox]
    mapped = dict(zip(map(id, words), prep.to_original_many([w.bbox for w in words]), strict=True))
    out = []
    for block in blocks:
        lines = []
        for line in block.lines:
            moved = [Word(w.text, w.conf, mapped.get(id(w))) for w in line.words]
            lines.append(Line(words=moved, bbox=union_bbox(w.bbox for w in moved)))
        out.append(Block(lines=lines, bbox=union_bbox(ln.bbox for ln in lines), zone=block.zone))
    return out


#: read page 1's boxed stamps in the page's own Tesseract call (their crops appended under
#: the page) rather than in a call of their own, which pays Tesseract's start-up again
STAMPS_IN_PAGE_CALL = True
#: stamp crops appended under the page are read at the page's own dpi: the page's
#: ``--psm 3`` layout takes much bigger text for a picture and skips it (measured: a 400 dpi
#: "ĐẾN" stamp under a 300 dpi page was not read at all)
MERGED_CROP_SCALE = 1.0


class _Clock:
    """Wall and CPU seconds per stage of one page, this thread's own CPU only.

    Flows run two pages at once on a pool of threads, so process-wide counters would mix
    them; the Tesseract runs a stage made are added by the caller (``ocr.last_cpu``).
    """

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        return time.perf_counter(), time.thread_time()

    def lap(self, stage: str, children: float = 0.0) -> None:
        """Book the time since the last lap, plus ``children`` CPU seconds."""
        now = self._now()
        self.wall[stage] = self.wall.get(stage, 0.0) + now[0] - self._last[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now[1] - self._last[1] + children
        self._last = now


def ocr_page(
    raster: RasterPage,
    settings: Settings,
    config: PreprocessConfig | None = None,
    *,
    first_page: bool | None = None,
    prior: int | None = None,
    stamps_in_page_call: bool | None = None,
) -> Page:
    """One raster page as a :class:`Page`; a Tesseract timeout leaves it empty and flagged.

    ``prior``: the rotation of the document's earlier pages, when it was sure (see
    :func:`pipeline.preprocess.preprocess`).  Per-stage seconds go to ``meta["timings"]``
    (wall) and ``meta["cpu"]``; ``cpu["tesseract"]`` is the Tesseract process alone,
    ``cpu["ocr_io"]`` our side of that call (encoding the page, reading the TSV).
    """
    clock = _Clock()
    osd_cpu: list[float] = []

    def osd(image: np.ndarray) -> int | None:
        rotation = detect_osd(image, min(settings.ocr_timeout, 60.0), engine=settings.ocr_engine)
        osd_cpu.append(ocr.last_cpu_elsewhere())  # in-process OSD is in this thread's clock
        return rotation

    prep = preprocess(raster.image, raster.dpi, config, osd=osd, prior=prior)
    clock.lap("preprocess", sum(osd_cpu))
    page = Page(number=raster.number, width=raster.width, height=raster.height, dpi=raster.dpi,
                rotation=prep.rotation)
    page.meta.update(source="ocr", skew=round(prep.skew, 2), orientation_sure=prep.orientation_sure)
    first = raster.number == 1 if first_page is None else first_page
    merged = STAMPS_IN_PAGE_CALL if stamps_in_page_call is None else stamps_in_page_call
    crops = _stamp_crops(raster, prep) if first and merged and not prep.blank else []
    clock.lap("stamps")
    image, strip_top, tops = append_strip(prep.image, crops) if crops else (prep.image, 0, [])
    lines, tess_cpu = [], 0.0
    if prep.blank:  # no word-sized ink: Tesseract would read nothing, at full price
        page.meta["blank"] = True
    else:
        try:
            psm = ocr.NOISY_PSM if prep.noisy else 3
            lines, _ = ocr_lines(image, settings.ocr_lang, settings.ocr_timeout, prep.dpi, psm,
                                 engine=settings.ocr_engine)
        except OCRTimeoutError as exc:
            log.warning("page %d: %s; page left empty", raster.number, exc)
            page.meta["ocr_timeout"] = True
        tess_cpu = ocr.last_cpu()
    # ``ocr_io`` is our side of the call: an in-process Tesseract ran on this thread's clock
    clock.lap("ocr_io", -(tess_cpu - ocr.last_cpu_elsewhere()))
    lines, strip_lines = split_lines(lines, strip_top) if crops else (lines, [])
    grouped = [((ln.block, ln.par), _on_page(ln.words, prep.origin)) for ln in lines]
    blocks = layout_lines(grouped, prep.page_size[0], first_page=first)
    page.blocks = _to_original(blocks, prep)
    clock.lap("layout")
    if crops:
        page.blocks = stamp_blocks(strip_lines, crops, tops, prep.original_size) + page.blocks
    elif first and not merged and not page.meta.get("ocr_timeout") and not prep.blank:
        page.blocks = _stamps(raster, prep, settings) + page.blocks
        clock.lap("stamps", ocr.last_cpu_elsewhere())  # their own Tesseract call
    clock.lap("stamps")
    _book(page, raster, prep, clock, tess_cpu)
    return page


def _on_page(words: list[OcrWord], origin: tuple[int, int]) -> list[Word]:
    """Tesseract's words on the page's content window as words on the upright page."""
    dx, dy = origin
    return [Word(w.text, w.conf, (w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy))
            for w in words]


def _book(page: Page, raster: RasterPage, prep: Prepared, clock: _Clock, tess_cpu: float) -> None:
    """Per-stage wall and CPU seconds into the page's meta (CPU is honest on a shared machine)."""
    wall, cpu = clock.wall, clock.cpu
    tess_wall = wall.pop("ocr_io")
    cpu["ocr_io"] = max(0.0, cpu["ocr_io"])
    page.meta["timings"] = _rounded(raster.seconds, wall["preprocess"], tess_wall, wall["layout"])
    page.meta["timings"]["steps"] = {k: round(v, 4) for k, v in prep.timings.items()}
    page.meta["timings"]["stamps"] = round(wall["stamps"], 4)
    page.meta["cpu"] = _rounded(raster.cpu_seconds, cpu["preprocess"], tess_cpu, cpu["layout"])
    page.meta["cpu"].update(stamps=round(cpu["stamps"], 4), ocr_io=round(cpu["ocr_io"], 4))


def _stamp_crops(raster: RasterPage, prep: Prepared) -> list[StampCrop]:
    """Page 1's stamp crops; a failure costs the page nothing but its stamps."""
    try:
        return stamp_crops(raster.image, prep, round(prep.dpi * MERGED_CROP_SCALE))
    except (cv2.error, ValueError) as exc:
        log.warning("page %d: stamps not found: %s", raster.number, exc)
        return []


def _stamps(raster: RasterPage, prep: Prepared, settings: Settings) -> list[Block]:
    """Page 1's red/blue text stamps (urgency, secrecy, arrival) read in a call of their own.

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
    prior: int | None = None
    for raster in rasters:
        page = ocr_page(raster, settings, config, prior=prior)
        if page.meta.get("orientation_sure"):
            prior = page.rotation
        yield page


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


def warm_up_scan(dpi: int = 300) -> None:
    """Decode and clean one synthetic A4 scan (print and a red seal) without Tesseract.

    A process's first scan page costs ~0.2 CPU-s more than the next ones: the first 26 MB
    page arrays fault their memory in and OpenCV's kernels initialise (measured: the first
    ``imdecode`` 126 ms and ``cvtColor`` 86 ms, then 30 and 7 ms).  Benchmarks call this on
    the thread they then time, so that no measured page pays it.
    """
    h, w = round(297 / 25.4 * dpi), round(210 / 25.4 * dpi)
    page = np.full((h, w, 3), 245, np.uint8)
    for row in range(h // 8, h // 2, dpi // 6):
        cv2.putText(page, "CONG HOA XA HOI CHU NGHIA VIET NAM", (w // 8, row),
                    cv2.FONT_HERSHEY_SIMPLEX, dpi / 250, (20, 20, 20), max(1, dpi // 100))
    cv2.circle(page, (2 * w // 3, 3 * h // 4), dpi // 2, (40, 40, 200), max(2, dpi // 40))
    ok, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 85])
    image = decode_jpeg(jpeg.tobytes()) if ok else None
    if image is None:
        return
    prep = preprocess(image, dpi)
    _stamp_crops(RasterPage(1, image, dpi, 0.0), prep)


__all__ = ["iter_image_pages", "ocr_page", "read_pdf", "read_scan", "warm_up_scan"]
