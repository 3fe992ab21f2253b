"""Page images by document page, and evidence boxes as percentages of the page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.web import scans


def _png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_image_pdf_and_tiff_pages(tmp_path: Path) -> None:
    a4 = Image.new("RGB", (1240, 1754), "white")
    a4.save(tmp_path / "p.png")
    a4.save(tmp_path / "p.pdf", resolution=150)
    a4.save(tmp_path / "p.tif", save_all=True, append_images=[Image.new("RGB", (600, 800), "white")])
    assert _png(scans.render_page(tmp_path / "p.png", 1)).size == (1240, 1754)
    assert abs(_png(scans.render_page(tmp_path / "p.pdf", 1, dpi=100)).width - 827) <= 2
    assert _png(scans.render_page(tmp_path / "p.tif", 2)).size == (600, 800)
    for bad in (("p.png", 2), ("p.pdf", 3), ("p.tif", 3), ("p.png", 0)):
        with pytest.raises(scans.PageUnavailable):
            scans.render_page(tmp_path / bad[0], bad[1])
    (tmp_path / "t.txt").write_text("plain")
    with pytest.raises(scans.PageUnavailable):
        scans.render_page(tmp_path / "t.txt", 1)
    with pytest.raises(scans.PageUnavailable):
        scans.render_page(tmp_path / "missing.png", 1)
    assert scans.has_image(tmp_path / "p.pdf") and not scans.has_image(tmp_path / "t.txt")


def test_raster_size(tmp_path: Path) -> None:
    Image.new("RGB", (1240, 1754), "white").save(tmp_path / "p.pdf", resolution=150)
    w, h = scans.raster_size(tmp_path / "p.pdf", 1, 300) or (0, 0)
    assert abs(w - 2480) < 2 and abs(h - 3508) < 2  # A4 at the OCR dpi
    Image.new("RGB", (500, 700), "white").save(tmp_path / "p.jpg")
    assert scans.raster_size(tmp_path / "p.jpg", 1, 300) == (500.0, 700.0)
    assert scans.raster_size(tmp_path / "p.jpg", 2, 300) is None


def test_box_percent() -> None:
    assert scans.box_percent([100, 200, 300, 260], (1000, 2000)) == {
        "left": 10.0, "top": 10.0, "width": 20.0, "height": 3.0}
    assert scans.box_percent([0, 0, 5000, 10], (1000, 1000))["width"] == 100.0
    assert scans.box_percent(None, (1, 1)) is None
    assert scans.box_percent([1, 2, 3], (1, 1)) is None
    assert scans.box_percent([1, 2, 3, 4], None) is None
