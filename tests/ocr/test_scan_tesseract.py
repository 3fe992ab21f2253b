"""End to end with the real Tesseract binary (marked ``tesseract``; the longer ones ``slow``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import MissingDependencyError
from pipeline.layout import SIGNATURE
from pipeline.ocr_eval import cer
from pipeline.scan import read_pdf, read_scan
from pipeline.settings import Settings

from .synth import rotate_deg

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def upright_doc(page_rgb: np.ndarray, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("scan") / "letter.png"
    Image.fromarray(rotate_deg(page_rgb, 1.3)).save(path, dpi=(300, 300))
    return read_scan(path, Settings())


@pytest.mark.slow
def test_scan_reads_signer_under_seal(upright_doc) -> None:
    page = upright_doc.pages[0]
    signature = [b for b in page.blocks if b.zone == SIGNATURE]
    assert signature and "Nguyễn Văn Bình" in signature[0].text
    assert page.rotation == 0 and abs(page.meta["skew"] + 1.3) <= 0.2
    assert (page.width, page.height, page.dpi) == (2480, 3508, 300)
    assert set(page.meta["timings"]) >= {"raster", "preprocess", "tesseract", "layout"}
    words = [w for line in page.lines() for w in line.words]
    assert all(0 <= w.conf <= 1 and w.bbox is not None for w in words)


@pytest.mark.slow
@pytest.mark.parametrize("turn", [90, 180])
def test_rotated_pages_read_like_upright(page_rgb: np.ndarray, upright_doc, tmp_path: Path, turn: int) -> None:
    path = tmp_path / f"turned{turn}.png"
    Image.fromarray(np.rot90(page_rgb, k=turn // 90)).save(path, dpi=(300, 300))
    doc = read_scan(path, Settings())
    assert doc.pages[0].rotation == turn
    assert doc.pages[0].width == (3508 if turn == 90 else 2480)
    assert cer(doc.text, upright_doc.text) < 0.01


@pytest.mark.slow
def test_image_pdf_is_ocred(page_rgb: np.ndarray, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    half = Image.fromarray(page_rgb[:1200])  # header and body start: a quicker page
    half.save(path, "PDF", resolution=300.0)
    doc, kind = read_pdf(path, Settings())
    assert kind == "scan"
    assert doc.pages[0].meta["source"] == "ocr"
    assert "Số: 245/UBND-VP" in doc.text


def test_timeout_degrades_the_page(page_rgb: np.ndarray, tmp_path: Path) -> None:
    path = tmp_path / "slow.png"
    Image.fromarray(page_rgb[:600]).save(path, dpi=(300, 300))
    doc = read_scan(path, Settings(ocr_timeout=0.001))
    assert doc.pages[0].meta["ocr_timeout"] is True
    assert doc.pages[0].blocks == []


def test_missing_language_data(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    Image.new("L", (100, 100), 255).save(path)
    with pytest.raises(MissingDependencyError) as err:
        read_scan(path, Settings(ocr_lang="zzz"))
    assert "tesseract-ocr-zzz" in err.value.message
