"""The speed-ups keep results: vectorised box mapping, TSV parsing, PBM pages, one call for
page and stamps, the orientation prior.  No Tesseract except where marked."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline import ocr
from pipeline.ocr import OcrLine, OcrWord, parse_tsv
from pipeline.preprocess import PreprocessConfig, preprocess
from pipeline.preprocess.color import to_gray
from pipeline.preprocess.geometry import map_box, map_boxes, page_transform
from pipeline.stamps import StampCrop, append_strip, split_lines


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_map_boxes_equals_map_box(rotation: int) -> None:
    matrix, _ = page_transform(1654, 2339, rotation, 1.7, 1.5)
    inverse = cv2.invertAffineTransform(matrix)
    rng = np.random.default_rng(rotation)
    boxes = []
    for _ in range(300):
        x0, x1 = sorted(int(v) for v in rng.integers(-50, 3600, 2))
        y0, y1 = sorted(int(v) for v in rng.integers(-50, 3600, 2))
        boxes.append((x0, y0, x1, y1))
    assert map_boxes(inverse, boxes, (1654, 2339)) == [map_box(inverse, b, (1654, 2339)) for b in boxes]
    assert map_boxes(inverse, boxes) == [map_box(inverse, b) for b in boxes]
    assert map_boxes(inverse, []) == []


def test_parse_tsv_reads_words_and_tolerates_odd_input(recorded_tsv: str) -> None:
    lines = parse_tsv(recorded_tsv)
    assert lines and all(ln.words and ln.bbox for ln in lines)
    crlf = parse_tsv(recorded_tsv.replace("\n", "\r\n"))
    assert [w.text for ln in crlf for w in ln.words] == [w.text for ln in lines for w in ln.words]
    assert parse_tsv("") == [] and parse_tsv("level\tpage_num\n") == []


def test_binary_pages_go_as_pbm(monkeypatch: pytest.MonkeyPatch) -> None:
    page = np.full((40, 64), 255, np.uint8)
    page[10:20, 5:30] = 0
    assert ocr._encode(page).startswith(b"P4")  # 1 bit per pixel
    decoded = cv2.imdecode(np.frombuffer(ocr._encode(page), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert np.array_equal(decoded, page)
    gray = page.copy()
    gray[0, 0] = 128
    assert ocr._encode(gray).startswith(b"P5")
    assert ocr._encode(np.dstack([page] * 3)).startswith(b"P6")
    odd = page[:, :61]  # rows padded to whole bytes, as OpenCV's PBM writer does
    assert ocr._encode(odd) == cv2.imencode(".pbm", odd)[1].tobytes()
    monkeypatch.setattr(ocr, "SEND_PBM", False)
    assert ocr._encode(page).startswith(b"P5")


def test_strip_appended_under_the_page_and_split_back() -> None:
    page = np.full((300, 200), 255, np.uint8)
    crop = StampCrop(np.zeros((30, 260), np.uint8), np.eye(2, 3))
    image, top, tops = append_strip(page, [crop])
    assert image.shape == (top + 30 + 2 * 40, 260 + 2 * 40) and top >= 300
    assert (image[:300, :200] == page).all() and (image[300:top] == 255).all()
    word = OcrWord("KHẨN", 0.9, (50, top + 45, 120, top + 65))
    lines = [OcrLine(1, 1, [OcrWord("Số", 0.9, (10, 10, 40, 30))], (10, 10, 40, 30)),
             OcrLine(2, 1, [word], word.bbox)]
    on_page, on_strip = split_lines(lines, top)
    assert [ln.words[0].text for ln in on_page] == ["Số"]
    assert on_strip[0].words[0].bbox == (50, 45, 120, 65) and on_strip[0].bbox == (50, 45, 120, 65)
    assert tops == [40]


def _sparse(page_rgb: np.ndarray) -> np.ndarray:
    """A page with two or three lines: too few for the ink test to be sure of up and down."""
    gray = to_gray(page_rgb).copy()
    gray[:800], gray[1000:] = 255, 255
    return gray


def test_orientation_prior_saves_the_osd_call(page_rgb: np.ndarray) -> None:
    sparse = _sparse(page_rgb)
    calls: list[int] = []

    def osd(image: np.ndarray) -> int | None:
        calls.append(1)
        return 0

    agreed = preprocess(sparse, 300, osd=osd, prior=0)
    assert calls == [] and agreed.rotation == 0 and agreed.orientation_sure
    preprocess(sparse, 300, osd=osd)  # no earlier page: ask OSD
    preprocess(sparse, 300, osd=osd, prior=180)  # the ink disagrees with the prior: ask OSD
    preprocess(sparse, 300, PreprocessConfig(orientation_prior=False), osd=osd, prior=0)
    assert calls == [1, 1, 1]


@pytest.mark.tesseract
def test_tesseract_cpu_is_the_call_s_own_and_per_thread() -> None:
    """``last_cpu`` is the Tesseract process's own usage, in the thread that ran it."""
    import threading

    blank = np.full((200, 300), 255, np.uint8)
    ocr.run_tsv(blank, "vie", 60.0)
    mine = ocr.last_cpu()
    seen: list[float] = []
    worker = threading.Thread(target=lambda: seen.append(ocr.last_cpu()))
    worker.start()
    worker.join()
    assert mine > 0 and seen == [0.0]  # another thread has run no Tesseract
