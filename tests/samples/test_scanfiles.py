"""Image-only PDF, TIFF and PNG writers."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from pipeline.samples.scanfiles import save_pdf, save_pngs, save_tiff


def _pages(n: int) -> list[Image.Image]:
    return [Image.new("RGB", (827, 1169), (250 - 10 * i, 250, 250)) for i in range(n)]


def test_pdf_is_image_only_a4_and_reproducible(tmp_path: Path) -> None:
    a = save_pdf(_pages(2), tmp_path / "1" / "scan.pdf", dpi=100)
    b = save_pdf(_pages(2), tmp_path / "2" / "scan.pdf", dpi=100)
    assert a.read_bytes() == b.read_bytes()
    reader = PdfReader(a)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert not page.extract_text().strip()
        assert len(page.images) == 1
        assert page.images[0].name.endswith(".jpg")
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595) < 2 and abs(h - 842) < 2  # A4 in points


def test_tiff_and_pngs(tmp_path: Path) -> None:
    tif = save_tiff(_pages(3), tmp_path / "x.tif", dpi=100)
    with Image.open(tif) as im:
        assert im.n_frames == 3
    bw = [p.convert("1") for p in _pages(2)]
    with Image.open(save_tiff(bw, tmp_path / "bw.tif")) as im:
        assert im.info.get("compression") == "group4"
    pngs = save_pngs(_pages(2), tmp_path / "scan")
    assert [p.name for p in pngs] == ["scan.p1.png", "scan.p2.png"]
