"""Tesseract in this process (tesserocr over the system's libtesseract), models loaded once per thread.

The ``tesseract`` command loads its language model again for every page: ~0.06 CPU-s of
``vie`` (and ~0.1 of ``osd``) before it reads a pixel, about 5 % of a letter page.  The issue
asks for "loading models once per worker"; this is that: each thread that reads pages keeps
one ``PyTessBaseAPI`` per language, so a page costs only its own recognition.  The output is
the CLI's, byte for byte: the same library, the same image (1-bit or 8-bit), the same dpi and
page segmentation, and the TSV the CLI's ``tsv`` config writes (``GetTSVText``, rebuilt
in :func:`_tsv_text` for speed).

Used only when it is safe and the same engine as the CLI:

* ``tesserocr`` imports (``pip install --no-binary tesserocr tesserocr`` builds it against
  Debian's ``libtesseract-dev``; a PyPI wheel bundles another Tesseract, which is refused
  unless it matches the ``tesseract`` command's version);
* OpenMP will run one thread: ``OMP_THREAD_LIMIT`` is read once, when ``libgomp`` loads, so it
  is set before the first import, and the engine is refused if ``libgomp`` was loaded earlier
  with another limit (Tesseract's OpenMP threads make a page ~4x slower on this machine).

Otherwise :mod:`pipeline.ocr` runs the ``tesseract`` command, as before.  A crash inside the
library would take the worker with it, where the CLI lost one page; ``CONGVAN_OCR_ENGINE=cli``
chooses that isolation back.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

log = logging.getLogger(__name__)

_local = threading.local()


class EngineTimeout(Exception):
    """Recognition ran past its deadline (Tesseract cancelled it; the API is reusable)."""

    def __init__(self, message: str, cpu: float) -> None:
        super().__init__(message)
        self.cpu = cpu  # what the cancelled call had spent


def _gomp_loaded() -> bool:
    """Whether the system's ``libgomp.so`` (the one libtesseract links) is already loaded.

    Wheels that vendor their own copy (``libgomp-<hash>.so``, scikit-learn's) have their own
    settings and do not count.
    """
    maps = Path("/proc/self/maps")
    try:
        return "/libgomp.so" in maps.read_text()
    except OSError:  # not Linux: nothing to tell, assume the worst
        return True


@lru_cache(maxsize=1)
def _module() -> Any | None:
    """``tesserocr``, imported with OpenMP held to one thread; None when it cannot be used."""
    if os.environ.get("OMP_THREAD_LIMIT") != "1":
        if _gomp_loaded():
            log.info("in-process Tesseract not used: libgomp is loaded without OMP_THREAD_LIMIT=1")
            return None
        os.environ["OMP_THREAD_LIMIT"] = "1"  # read by libgomp when tesserocr loads it
    try:
        import tesserocr
    except ImportError:
        return None
    return tesserocr


@lru_cache(maxsize=1)
def version() -> str | None:
    """The library's version line (``tesseract 5.3.0``), or None when it is not importable."""
    module = _module()
    return module.tesseract_version().splitlines()[0].strip() if module else None


def available(cli_version: str) -> bool:
    """True when the in-process engine is importable and is the ``tesseract`` command's version."""
    mine = version()
    if mine is None:
        return False
    if mine != cli_version.strip():
        log.info("in-process Tesseract not used: %s, the command is %s", mine, cli_version)
        return False
    return True


def _api(lang: str) -> Any:
    """This thread's engine for ``lang`` (``osd`` for orientation), created on first use."""
    apis: dict[str, Any] = _local.__dict__.setdefault("apis", {})
    if lang not in apis:
        tesserocr = _module()
        psm = tesserocr.PSM.OSD_ONLY if lang == "osd" else tesserocr.PSM.AUTO
        apis[lang] = tesserocr.PyTessBaseAPI(lang=lang, psm=psm)
    return apis[lang]


def _set_image(api: Any, image: np.ndarray, one_bit: bool, dpi: int | None) -> None:
    """The page as the CLI would read it from PBM/PGM/PPM (``one_bit``: as PBM, the caller's
    choice, :func:`pipeline.ocr._one_bit`).

    ``dpi`` as the CLI's ``--dpi``; None lets Tesseract estimate it, as the CLI does without.
    """
    h, w = image.shape[:2]
    if image.ndim == 3:
        rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        api.SetImageBytes(rgb.tobytes(), w, h, 3, 3 * w)
    elif one_bit:
        # 1 bit per pixel, a set bit is *white* in TessBaseAPI::SetImage (the PBM convention
        # is the reverse); Tesseract then skips its own thresholding, as it does for a PBM
        api.SetImageBytes(np.packbits(image >= 128, axis=1).tobytes(), w, h, 0, (w + 7) // 8)
    else:
        image = np.ascontiguousarray(image)
        api.SetImageBytes(image.tobytes(), w, h, 1, w)
    if dpi:
        api.SetSourceResolution(int(dpi))


#: a bidi mark Tesseract puts before a word that starts a run against the paragraph's direction
_RUN_MARKS = ("\u200e", "\u200f")


def _tsv_text(api: Any, width: int, height: int) -> str:
    """``api.GetTSVText(0)`` for the page just recognised, byte for byte, in a fifth of the time.

    ``GetTSVText`` spent ~60 ms on a letter page (6 % of its recognition, measured on the 20
    sample pages): it walks the page symbol by symbol, and for every word asks three
    ``IsAtFinalElement`` and three ``IsAtBeginningOf`` questions, each of which copies the
    iterator and re-orders the whole text line, and the answers of the first three are not
    even used.  Here each word is read whole (``GetUTF8Text(WORD)``), and a paragraph or block
    start is asked about only at a line start (each implies the one below it).  ~13 ms.

    The word text is its symbols' text; the one difference, a bidi mark before a word that
    starts a minor-direction run (which the symbol walk overwrites), is removed.  The page
    row has the full image as its rectangle: no ``SetRectangle`` is ever used.
    """
    rows = [f"1\t1\t0\t0\t0\t0\t0\t0\t{width}\t{height}\t-1\t\n"]
    it = api.GetIterator()
    if it is None:  # nothing recognised
        return rows[0]
    ril = _module().RIL
    block_level, para_level, line_level, word_level = ril.BLOCK, ril.PARA, ril.TEXTLINE, ril.WORD
    block = par = line = word = 0
    while not it.Empty(block_level):
        if it.Empty(word_level):  # an image or rule block: no words, no rows
            it.Next(word_level)
            continue
        if it.IsAtBeginningOf(line_level):
            if it.IsAtBeginningOf(para_level):
                if it.IsAtBeginningOf(block_level):
                    block, par = block + 1, 0
                    left, top, right, bottom = it.BoundingBox(block_level)
                    rows.append(f"2\t1\t{block}\t0\t0\t0\t{left}\t{top}\t{right - left}\t{bottom - top}\t-1\t\n")
                par, line = par + 1, 0
                left, top, right, bottom = it.BoundingBox(para_level)
                rows.append(f"3\t1\t{block}\t{par}\t0\t0\t{left}\t{top}\t{right - left}\t{bottom - top}\t-1\t\n")
            line, word = line + 1, 0
            left, top, right, bottom = it.BoundingBox(line_level)
            rows.append(f"4\t1\t{block}\t{par}\t{line}\t0\t{left}\t{top}\t{right - left}\t{bottom - top}\t-1\t\n")
        word += 1
        left, top, right, bottom = it.BoundingBox(word_level)
        text = it.GetUTF8Text(word_level)
        if text.startswith(_RUN_MARKS):
            text = text[1:]
        rows.append(f"5\t1\t{block}\t{par}\t{line}\t{word}\t{left}\t{top}\t{right - left}\t{bottom - top}"
                    f"\t{it.Confidence(word_level):f}\t{text}\n")
        it.Next(word_level)
    return "".join(rows)


def tsv(image: np.ndarray, one_bit: bool, lang: str, timeout: float, dpi: int, psm: int) -> tuple[str, float]:
    """Tesseract's TSV of ``image`` (the CLI's ``tsv`` output without its header), CPU seconds.

    The CPU is this thread's: with OpenMP at one thread, Tesseract runs on the caller's thread.
    """
    api = _api(lang)
    c0, t0 = time.thread_time(), time.monotonic()
    try:
        _set_image(api, image, one_bit, dpi)
        api.SetPageSegMode(psm)
        if not api.Recognize(timeout=max(1, int(timeout * 1000))):
            if time.monotonic() - t0 < 0.9 * timeout:  # not the deadline: Tesseract gave up
                raise RuntimeError("recognition failed")
            raise EngineTimeout(f"Tesseract took more than {timeout:.0f} s on a page",
                                time.thread_time() - c0)
        text = _tsv_text(api, image.shape[1], image.shape[0])
    finally:
        api.Clear()  # the page's results and image go; the model stays
    return text, time.thread_time() - c0


def osd(image: np.ndarray, one_bit: bool) -> tuple[int, float, float]:
    """``(rotate, orientation confidence, CPU seconds)``, as ``tesseract --psm 0 -l osd`` prints them.

    ``rotate`` is the clockwise turn that makes the page upright (the CLI's ``Rotate:``);
    confidence 0 when Tesseract found too little text to tell.
    """
    api = _api("osd")
    c0 = time.thread_time()
    try:
        _set_image(api, image, one_bit, None)  # the CLI's OSD call gives no --dpi either
        found = api.DetectOrientationScript()
    finally:
        api.Clear()
    spent = time.thread_time() - c0
    if not found:
        return 0, 0.0, spent
    return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"]), spent
