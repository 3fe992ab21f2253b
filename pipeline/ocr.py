"""The one module that runs Tesseract (OCRmyPDF's ``_exec/tesseract.py`` pattern).

One call per page: the page goes in on stdin as PGM (from an in-memory file: no PNG
encoding cost, no pipe ping-pong),
the TSV of ``image_to_data`` comes back on stdout with every word's box and confidence.
``OMP_THREAD_LIMIT=1`` is always set: on this kind of machine Tesseract's OpenMP threads
make a page ~4x *slower* and starve the other workers.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import resource
import shutil
import subprocess
import tempfile
import typing
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

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
    version = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, env=_env(), timeout=30, check=False
    )
    return (version.stdout or version.stderr).splitlines()[0] if version.returncode == 0 else "?"


def _encode(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".pgm" if image.ndim == 2 else ".ppm", image)
    if not ok:
        raise OCREngineError("could not encode the page for Tesseract")
    return buf.tobytes()


def child_cpu() -> float:
    """CPU seconds used so far by this process's finished subprocesses."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of the last Tesseract call in this process (wall time lies on a shared machine)
last_cpu_seconds = 0.0


def _stdin_file(data: bytes) -> typing.BinaryIO:
    """``data`` in an anonymous in-memory file, rewound, to be Tesseract's stdin.

    ``subprocess.run(input=…)`` feeds a pipe 4 KB per poll: ~2,000 wake-ups for a 300 dpi
    page, ~0.025 CPU-s of ours per call (measured; Tesseract reads a file in big chunks).
    """
    if hasattr(os, "memfd_create"):
        f = os.fdopen(os.memfd_create("congvan-page", os.MFD_CLOEXEC), "w+b")  # noqa: SIM115
    else:  # not Linux: an unlinked temporary file does the same
        f = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it: a with block)
    f.write(data)
    f.seek(0)
    return f


def _run(args: list[str], image: np.ndarray, timeout: float) -> str:
    """Run Tesseract on ``image`` (sent as PGM/PPM on stdin) and return its stdout."""
    global last_cpu_seconds
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError("tesseract is not installed", hint=APT_HINT)
    before = child_cpu()
    try:
        with _stdin_file(_encode(image)) as stdin:
            proc = subprocess.run(
                [exe, "stdin", "stdout", *args],
                stdin=stdin,
                capture_output=True,
                env=_env(),
                timeout=timeout,
                check=False,
            )
    except subprocess.TimeoutExpired as exc:
        raise OCRTimeoutError(f"Tesseract took more than {timeout:.0f} s on a page") from exc
    finally:
        last_cpu_seconds = child_cpu() - before
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise OCREngineError(f"Tesseract failed (exit {proc.returncode}): {message[:300]}")
    return proc.stdout.decode("utf-8", "replace")


def run_tsv(image: np.ndarray, lang: str, timeout: float, dpi: int = 300, psm: int = 3) -> str:
    """Tesseract's TSV (``image_to_data``) for one page image (gray or RGB uint8)."""
    check_tesseract(lang)
    return _run(["-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"], image, timeout)


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract's TSV as lines of words (empty words dropped), in Tesseract's order."""
    lines: dict[tuple[int, int, int], OcrLine] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        if not text:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        left, top = int(row["left"]), int(row["top"])
        box = (left, top, left + int(row["width"]), top + int(row["height"]))
        conf = max(0.0, min(1.0, float(row["conf"]) / 100))
        line = lines.setdefault(key, OcrLine(block=key[0], par=key[1]))
        line.words.append(OcrWord(text, conf, box))
    for line in lines.values():
        xs0, ys0, xs1, ys1 = zip(*(w.bbox for w in line.words), strict=True)
        line.bbox = (min(xs0), min(ys0), max(xs1), max(ys1))
    return list(lines.values())


_JUNK = re.compile(r"^[\W_]+$")
#: a token of punctuation only, read with less confidence than this, is taken for noise
JUNK_CONF = 0.6


def drop_noise(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines without low-confidence punctuation-only tokens (specks read as ". ' ` :").

    Besides the characters they add, such tokens bridge the gap between the two header
    columns and hide the two-column layout.  Confident punctuation ("-" bullets) stays.
    """
    out = []
    for line in lines:
        words = [w for w in line.words if not (_JUNK.match(w.text) and w.conf < JUNK_CONF)]
        if words:
            box = (
                min(w.bbox[0] for w in words),
                min(w.bbox[1] for w in words),
                max(w.bbox[2] for w in words),
                max(w.bbox[3] for w in words),
            )
            out.append(OcrLine(line.block, line.par, words, box))
    return out


def ocr_lines(
    image: np.ndarray, lang: str, timeout: float, dpi: int = 300
) -> tuple[list[OcrLine], str]:
    """Lines of words on ``image`` (speck noise dropped) and the raw TSV (for fixtures)."""
    tsv = run_tsv(image, lang, timeout, dpi)
    return drop_noise(parse_tsv(tsv)), tsv


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_osd(image: np.ndarray, timeout: float = 30.0, min_conf: float = 2.0) -> int | None:
    """Degrees clockwise to turn ``image`` upright by Tesseract's OSD, or None if unsure.

    Costs about half a Tesseract page; the preprocessor calls it only when its own ink test
    is unsure.
    """
    try:
        out = _run(["--psm", "0", "-l", "osd"], image, timeout)
    except OCREngineError as exc:
        log.info("OSD failed: %s", exc)
        return None
    rot, conf = _OSD_ROTATE.search(out), _OSD_CONF.search(out)
    if not rot or not conf or float(conf.group(1)) < min_conf:
        return None
    return int(rot.group(1)) % 360
