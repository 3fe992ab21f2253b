"""Tesseract in-process (tesserocr) and by the command give the same bytes; the choice is safe.

The in-process engine exists for speed only (the model is loaded once per thread, not once
per page), so its one promise is to be the command exactly: same TSV, same orientation,
timeouts and failures reported the same way.
"""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np
import pytest

from pipeline import ocr, tesseract_api
from pipeline.errors import MissingDependencyError
from pipeline.preprocess import preprocess
from pipeline.preprocess.color import to_gray
from pipeline.raster import RasterPage
from pipeline.scan import ocr_page
from pipeline.settings import Settings

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module", autouse=True)
def _engine_usable() -> None:
    """The suite is meant to test both engines: CI fails when tesserocr was not built."""
    if not tesseract_api.available(ocr.check_tesseract_version()):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tesserocr is not usable: scripts/setup.sh builds it against libtesseract-dev")
        pytest.skip("tesserocr is not installed (bash scripts/setup.sh)")


@pytest.fixture(scope="module")
def prepared(page_rgb: np.ndarray) -> np.ndarray:
    """The letter as congvan sends it: upright, cleaned, black and white."""
    return preprocess(page_rgb, 300).image


def test_same_tsv_as_the_command_black_and_white_and_gray(prepared: np.ndarray) -> None:
    assert not cv2.countNonZero(cv2.inRange(prepared, 1, 254))  # 1-bit: PBM for the command
    gray = cv2.GaussianBlur(prepared, (3, 3), 0)[:1400]  # 8-bit: PGM for the command
    for image, psm in ((prepared, 3), (gray, 4)):
        by_command = ocr.run_tsv(image, "vie", 120.0, 300, psm, engine="cli")
        in_process = ocr.run_tsv(image, "vie", 120.0, 300, psm, engine="api")
        assert "Số" in by_command
        assert in_process == by_command


def _both_tsvs(image: np.ndarray, psm: int) -> tuple[str, str]:
    """Tesseract's own ``GetTSVText`` and :func:`tesseract_api._tsv_text`, one recognition."""
    api = tesseract_api._api("vie")
    tesseract_api._set_image(api, image, ocr._one_bit(image), 300)
    api.SetPageSegMode(psm)
    try:
        assert api.Recognize(timeout=120_000)
        return api.GetTSVText(0), tesseract_api._tsv_text(api, image.shape[1], image.shape[0])
    finally:
        api.Clear()


def test_rebuilt_tsv_is_tesseracts_own(prepared: np.ndarray) -> None:
    """``_tsv_text`` replaces ``GetTSVText`` (5x faster): byte for byte, on every layout it meets.

    The letter whole (many blocks and paragraphs) and in the page segmentations congvan uses
    (3 pages, 6 stamp strips), the letter beside a solid black box (a non-text block),
    a blank page (no words) and a page turned on its side (vertical lines).
    """
    boxed = prepared.copy()
    boxed[2600:3100, 200:900] = 0
    cases = [(prepared, 3), (prepared[1500:1700], 6), (boxed, 3),
             (np.full((600, 800), 255, np.uint8), 3), (cv2.rotate(prepared[:1200], cv2.ROTATE_90_CLOCKWISE), 3)]
    words = 0
    for image, psm in cases:
        own, rebuilt = _both_tsvs(image, psm)
        assert rebuilt == own
        words += own.count("\n5\t")
    assert words > 300  # the cases did read text


def test_both_engines_follow_the_one_bit_switch(prepared: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ocr.SEND_PBM = False`` (for comparisons) sends the same page 8-bit to either engine."""
    crop = prepared[:900]
    sent: list[bool] = []
    real_tsv = tesseract_api.tsv

    def spy(image: np.ndarray, one_bit: bool, *args: object) -> tuple[str, float]:
        sent.append(one_bit)
        return real_tsv(image, one_bit, *args)

    monkeypatch.setattr(tesseract_api, "tsv", spy)
    ocr.run_tsv(crop, "vie", 60.0, engine="api")
    monkeypatch.setattr(ocr, "SEND_PBM", False)
    eight_bit = ocr.run_tsv(crop, "vie", 60.0, engine="api")
    assert sent == [True, False]
    assert ocr._encode(crop).startswith(b"P5")  # the command gets PGM
    assert eight_bit == ocr.run_tsv(crop, "vie", 60.0, engine="cli")


def test_same_orientation_as_the_command(page_rgb: np.ndarray) -> None:
    small = cv2.resize(to_gray(page_rgb), None, fx=0.5, fy=0.5)
    for turn in (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE):
        image = small if turn is None else cv2.rotate(small, turn)
        assert ocr.detect_osd(image, engine="api") == ocr.detect_osd(image, engine="cli")
    blank = np.full((400, 400), 255, np.uint8)
    assert ocr.detect_osd(blank, engine="api") is None


def test_cpu_is_booked_on_the_thread_that_ran_it(prepared: np.ndarray) -> None:
    """In-process CPU is in the caller's thread clock (``elsewhere`` 0); the command's is not."""
    crop = prepared[:900]
    ocr.run_tsv(crop, "vie", 60.0, engine="api")
    assert ocr.last_cpu() > 0 and ocr.last_cpu_elsewhere() == 0.0
    ocr.run_tsv(crop, "vie", 60.0, engine="cli")
    assert ocr.last_cpu_elsewhere() == ocr.last_cpu() > 0


def test_each_thread_has_its_own_engine_and_threads_agree(prepared: np.ndarray) -> None:
    crop = prepared[:1200]
    expected = ocr.run_tsv(crop, "vie", 60.0, engine="api")
    got: dict[str, tuple[str, int]] = {}

    def read(name: str) -> None:
        got[name] = (ocr.run_tsv(crop, "vie", 60.0, engine="api"), id(tesseract_api._api("vie")))

    threads = [threading.Thread(target=read, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got["a"][0] == got["b"][0] == expected
    assert len({got["a"][1], got["b"][1], id(tesseract_api._api("vie"))}) == 3


def test_timeout_degrades_the_page_and_the_engine_is_reused(page_rgb: np.ndarray, prepared: np.ndarray) -> None:
    raster = RasterPage(1, page_rgb, 300, 0.0)
    page = ocr_page(raster, Settings(ocr_timeout=0.001, ocr_engine="api"), first_page=False)
    assert page.meta["ocr_timeout"] is True and page.blocks == []
    assert "Số" in ocr.run_tsv(prepared[:900], "vie", 60.0, engine="api")  # cancelled, not broken


def test_page_timings_keep_tesseract_out_of_our_share(page_rgb: np.ndarray) -> None:
    raster = RasterPage(1, page_rgb, 300, 0.0)
    page = ocr_page(raster, Settings(ocr_engine="api"), first_page=False)
    cpu = page.meta["cpu"]
    assert cpu["tesseract"] > 0.3 and cpu["ocr_io"] < 0.1 * cpu["tesseract"]


def test_a_different_library_version_falls_back_to_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract_api, "version", lambda: "tesseract 9.9.9")
    assert not ocr.use_api("auto") and not ocr.use_api("cli")
    with pytest.raises(MissingDependencyError) as err:
        ocr.use_api("api")
    assert "libtesseract-dev" in (err.value.hint or "")
    blank = np.full((100, 100), 255, np.uint8)
    ocr.run_tsv(blank, "vie", 30.0, engine="auto")
    assert ocr.last_cpu_elsewhere() == ocr.last_cpu()  # the command ran it


def test_in_process_tesseract_runs_one_thread_even_when_the_user_set_none() -> None:
    """A fresh process without ``OMP_THREAD_LIMIT``: no OpenMP thread pool appears (it would
    make a page ~4x slower on this machine and starve the other worker)."""
    import subprocess
    import sys

    code = (
        "import os, numpy as np\n"
        "from pipeline import ocr\n"
        "page = np.full((600, 900), 255, np.uint8); page[100:140, 100:800:40] = 0\n"
        "before = len(os.listdir('/proc/self/task'))  # numpy's BLAS has threads of its own\n"
        "ocr.run_tsv(page, 'vie', 60.0, engine='api')\n"
        "assert ocr.last_cpu_elsewhere() == 0.0\n"
        "print(len(os.listdir('/proc/self/task')) - before, os.environ['OMP_THREAD_LIMIT'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    new_threads, limit = done.stdout.split()
    assert limit == "1" and int(new_threads) == 0
