"""The one module that runs Tesseract (OCRmyPDF's ``_exec/tesseract.py`` pattern).

One call per page.  By default in this process (:mod:`pipeline.tesseract_api`: the
language model is loaded once per thread, not once per page as the command does), else the
``tesseract`` command: the page goes in as an in-memory file (no PNG encoding cost, no pipe
ping-pong) that Tesseract opens by its ``/dev/fd/N`` name.  Either way the page is 1-bit
when it is already black and white (Tesseract then skips its own thresholding: 0.25 CPU-s
less per A4 page at 300 dpi, measured) and 8-bit otherwise; the TSV of ``image_to_data``
comes back with every word's box and confidence, the same bytes from both engines.
``OMP_THREAD_LIMIT=1`` is always set: on this kind of machine Tesseract's OpenMP threads
make a page ~4x *slower* and starve the other workers.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import shutil
import subprocess
import tempfile
import threading
import time
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pipeline import tesseract_api
from pipeline.document import BBox
from pipeline.errors import MissingDependencyError, OCREngineError

log = logging.getLogger(__name__)

APT_HINT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie"


class OCRTimeoutError(OCREngineError):
    """Tesseract ran past ``ocr_timeout`` on one page; the caller degrades that page."""

    code = "ocr-timeout"


@dataclass
class OcrWord:
    text: str
    conf: float  # 0..1
    bbox: BBox


@dataclass
class OcrLine:
    """A line as Tesseract segmented it, with its block/paragraph ids (kept for layout)."""

    block: int
    par: int
    words: list[OcrWord] = field(default_factory=list)
    bbox: BBox | None = None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@lru_cache(maxsize=8)
def check_tesseract(lang: str) -> str:
    """Tesseract's version after checking the binary and every ``lang`` data file exist."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError("tesseract is not installed", hint=APT_HINT)
    proc = subprocess.run(
        [exe, "--list-langs"], capture_output=True, text=True, env=_env(), timeout=30, check=False
    )
    have = set(proc.stdout.split()[1:]) if proc.returncode == 0 else set()
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)}",
            hint=f"sudo apt-get install -y {pkgs}",
        )
    return check_tesseract_version()


@lru_cache(maxsize=1)
def check_tesseract_version() -> str:
    """The ``tesseract`` command's version line (``tesseract 5.3.0``), ``?`` when it won't say."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError("tesseract is not installed", hint=APT_HINT)
    version = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, env=_env(), timeout=30, check=False
    )
    return (version.stdout or version.stderr).splitlines()[0].strip() if version.returncode == 0 else "?"


#: send black-and-white pages as 1-bit PBM (switchable for comparisons)
SEND_PBM = True


def _one_bit(image: np.ndarray) -> bool:
    """Whether the page goes to Tesseract 1 bit per pixel (both engines): a 0/255 gray page."""
    return SEND_PBM and image.ndim == 2 and not cv2.countNonZero(cv2.inRange(image, 1, 254))


def _encode(image: np.ndarray) -> bytes:
    """PBM for a 0/255 page, PGM for gray, PPM for colour: formats Leptonica reads as is."""
    if image.ndim == 3:
        ext = ".ppm"
    elif _one_bit(image):
        # Binarised: 1/8 of the bytes, and no thresholding inside Tesseract.  Packed by
        # NumPy (1 ms on an A4 page; OpenCV's PBM writer takes 10), the same bytes.
        h, w = image.shape
        return b"P4\n%d %d\n" % (w, h) + np.packbits(image < 128, axis=1).tobytes()
    else:
        ext = ".pgm"
    ok, buf = cv2.imencode(ext, image)
    if not ok:
        raise OCREngineError("could not encode the page for Tesseract")
    return buf.tobytes()


def child_cpu() -> float:
    """CPU seconds used so far by this process's finished subprocesses."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of the last Tesseract call in this process (wall time lies on a shared machine);
#: :func:`last_cpu` is the same per thread (flows run pages on a pool of threads)
last_cpu_seconds = 0.0
_local = threading.local()


def last_cpu() -> float:
    """CPU seconds of this thread's last Tesseract call (its process's rusage, or this thread's)."""
    return float(getattr(_local, "cpu", 0.0))


def last_cpu_elsewhere() -> float:
    """The part of :func:`last_cpu` spent outside this thread (0 when it ran in-process).

    Callers timing a stage by this thread's CPU add this, not :func:`last_cpu`: an
    in-process call is already in their clock.
    """
    return 0.0 if getattr(_local, "inline", False) else last_cpu()


Engine = typing.Literal["auto", "api", "cli"]


def use_api(engine: Engine | None = None) -> bool:
    """Whether calls run in this process: ``engine`` (default: the ``ocr_engine`` setting)."""
    from pipeline.settings import get_settings

    engine = engine or get_settings().ocr_engine
    if engine == "cli":
        return False
    ok = tesseract_api.available(check_tesseract_version())
    if engine == "api" and not ok:
        raise MissingDependencyError(
            "in-process Tesseract (tesserocr, built against the system's libtesseract) is not usable",
            hint="sudo apt-get install -y libtesseract-dev libleptonica-dev pkg-config && "
            "pip install --no-binary tesserocr tesserocr",
        )
    return ok


def _book(cpu: float, inline: bool) -> None:
    global last_cpu_seconds
    _local.cpu = last_cpu_seconds = cpu
    _local.inline = inline


def _page_file(data: bytes) -> typing.BinaryIO:
    """``data`` in an anonymous in-memory file, rewound, for Tesseract to open.

    Tesseract reads a file named on its command line in big chunks; "stdin" it reads a
    byte at a time (``istreambuf_iterator``: +0.1 CPU-s on an A4 page, measured), and a pipe
    fed by ``subprocess.run(input=…)`` costs us ~2,000 wake-ups per page.
    """
    if hasattr(os, "memfd_create"):
        f = os.fdopen(os.memfd_create("congvan-page", os.MFD_CLOEXEC), "w+b")  # noqa: SIM115
    else:  # not Linux: an unlinked temporary file does the same
        f = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it: a with block)
    f.write(data)
    f.seek(0)
    return f


def _wait(proc: subprocess.Popen, timeout: float) -> float:
    """Reap ``proc`` within ``timeout`` seconds; its own CPU seconds (from ``wait4``).

    ``RUSAGE_CHILDREN`` deltas would also count a Tesseract that another thread's page
    finished meanwhile; ``wait4`` gives exactly this process's usage.
    """
    deadline, delay = time.monotonic() + timeout, 0.001
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_utime + usage.ru_stime
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            proc.wait()
            raise subprocess.TimeoutExpired(proc.args, timeout)
        time.sleep(min(delay, left))
        delay = min(delay * 2, 0.02)


def _run(args: list[str], image: np.ndarray, timeout: float) -> str:
    """Run Tesseract on ``image`` (an in-memory PBM/PGM/PPM file) and return its stdout.

    Its stdout and stderr go to in-memory files too: no pipes to pump while it runs.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError("tesseract is not installed", hint=APT_HINT)
    _book(0.0, inline=False)
    with _page_file(_encode(image)) as page, _page_file(b"") as out, _page_file(b"") as err:
        fd = page.fileno()
        name = f"/dev/fd/{fd}" if Path("/dev/fd").is_dir() else "stdin"
        proc = subprocess.Popen(
            [exe, name, "stdout", *args], stdin=page, stdout=out, stderr=err, pass_fds=(fd,), env=_env()
        )
        try:
            _book(_wait(proc, timeout), inline=False)
        except subprocess.TimeoutExpired as exc:
            raise OCRTimeoutError(f"Tesseract took more than {timeout:.0f} s on a page") from exc
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()
        raise OCREngineError(f"Tesseract failed (exit {proc.returncode}): {message[:300]}")
    return stdout.decode("utf-8", "replace")


#: the first line of the CLI's TSV (the library's ``GetTSVText`` leaves it out)
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def run_tsv(
    image: np.ndarray, lang: str, timeout: float, dpi: int = 300, psm: int = 3, engine: Engine | None = None
) -> str:
    """Tesseract's TSV (``image_to_data``) for one page image (gray or RGB uint8)."""
    check_tesseract(lang)
    if not use_api(engine):
        return _run(["-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"], image, timeout)
    _book(0.0, inline=True)
    try:
        text, spent = tesseract_api.tsv(image, _one_bit(image), lang, timeout, dpi, psm)
    except tesseract_api.EngineTimeout as exc:
        _book(exc.cpu, inline=True)
        raise OCRTimeoutError(str(exc)) from exc
    except RuntimeError as exc:  # tesserocr's own failures (a model that will not load, …)
        raise OCREngineError(f"Tesseract failed: {exc}") from exc
    _book(spent, inline=True)
    return TSV_HEADER + text


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract's TSV as lines of words (empty words dropped), in Tesseract's order.

    Split by hand rather than with :mod:`csv` (``DictReader`` builds a dict per row: ~3x
    the time on a page of 2,000 rows).
    """
    rows = tsv.split("\n")
    header = rows[0].rstrip("\r").split("\t") if rows else []
    if "text" not in header:
        return []
    col = {name: i for i, name in enumerate(header)}
    lv, tx, cf = col["level"], col["text"], col["conf"]
    ids = (col["block_num"], col["par_num"], col["line_num"])
    geo = (col["left"], col["top"], col["width"], col["height"])
    lines: dict[tuple[int, int, int], OcrLine] = {}
    for row in rows[1:]:
        cells = row.rstrip("\r").split("\t")
        if len(cells) <= tx or cells[lv] != "5":
            continue
        text = cells[tx].strip()
        if not text:
            continue
        key = (int(cells[ids[0]]), int(cells[ids[1]]), int(cells[ids[2]]))
        left, top, width, height = (int(cells[i]) for i in geo)
        conf = max(0.0, min(1.0, float(cells[cf]) / 100))
        line = lines.setdefault(key, OcrLine(block=key[0], par=key[1]))
        line.words.append(OcrWord(text, conf, (left, top, left + width, top + height)))
    for line in lines.values():
        xs0, ys0, xs1, ys1 = zip(*(w.bbox for w in line.words), strict=True)
        line.bbox = (min(xs0), min(ys0), max(xs1), max(ys1))
    return list(lines.values())


_JUNK = re.compile(r"^[\W_]+$")
#: a token of punctuation only, read with less confidence than this, is taken for noise
JUNK_CONF = 0.6


_DASHES = re.compile(r"^[-_~–—]+$")


def _is_noise(word: OcrWord) -> bool:
    """A low-confidence punctuation-only token, or a "dash" no wider than it is tall.

    A hyphen or bullet is a bar two or more times wider than its height; a speck of dust
    read as "-" or "__" is a dot, and Tesseract is often sure of it (conf 0.9).
    """
    if not _JUNK.match(word.text):
        return False
    if word.conf < JUNK_CONF:
        return True
    x0, y0, x1, y1 = word.bbox
    return bool(_DASHES.match(word.text)) and (x1 - x0) < 1.5 * max(1, y1 - y0)


def drop_noise(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines without noise tokens (specks read as ". ' ` :" or as a square "-").

    Besides the characters they add, such tokens bridge the gap between the two header
    columns and hide the two-column layout.  Confident punctuation ("-" bullets) stays.
    """
    out = []
    for line in lines:
        words = [w for w in line.words if not _is_noise(w)]
        if words:
            box = (
                min(w.bbox[0] for w in words),
                min(w.bbox[1] for w in words),
                max(w.bbox[2] for w in words),
                max(w.bbox[3] for w in words),
            )
            out.append(OcrLine(line.block, line.par, words, box))
    return out


#: Tesseract's page segmentation for a noisy page: 4, one column of text of variable sizes.
#: With 3 (full layout analysis) a name line ringed by dust and seal and signature remnants
#: is taken for a picture and dropped (200 dpi hard scans: +2 names per 100 letters, same
#: CER); the header and footer rows it reads across are cut into columns by the layout.
#: Clean pages keep 3, which reads their footer rows better.
NOISY_PSM = 4


def ocr_lines(
    image: np.ndarray, lang: str, timeout: float, dpi: int = 300, psm: int = 3, engine: Engine | None = None
) -> tuple[list[OcrLine], str]:
    """Lines of words on ``image`` (speck noise dropped) and the raw TSV (for fixtures)."""
    tsv = run_tsv(image, lang, timeout, dpi, psm=psm, engine=engine)
    return drop_noise(parse_tsv(tsv)), tsv


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_osd(
    image: np.ndarray, timeout: float = 30.0, min_conf: float = 2.0, engine: Engine | None = None
) -> int | None:
    """Degrees clockwise to turn ``image`` upright by Tesseract's OSD, or None if unsure.

    Costs about half a Tesseract page by the command (most of it loading ``osd``'s model),
    far less in-process; the preprocessor calls it only when its own ink test is unsure.
    """
    if use_api(engine):
        _book(0.0, inline=True)
        try:
            rotate, conf, spent = tesseract_api.osd(image, _one_bit(image))
        except RuntimeError as exc:
            log.info("OSD failed: %s", exc)
            return None
        _book(spent, inline=True)
        return rotate if conf >= min_conf else None
    try:
        out = _run(["--psm", "0", "-l", "osd"], image, timeout)
    except OCREngineError as exc:
        log.info("OSD failed: %s", exc)
        return None
    rot, conf = _OSD_ROTATE.search(out), _OSD_CONF.search(out)
    if not rot or not conf or float(conf.group(1)) < min_conf:
        return None
    return int(rot.group(1)) % 360
