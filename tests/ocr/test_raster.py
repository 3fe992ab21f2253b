"""Rasterising: formats, limits checked before decoding, typed errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import EncryptedPDFError, InputFileError, LimitExceededError
from pipeline.raster import iter_pages
from pipeline.settings import Settings

from .conftest import write_text_pdf


def _page(shade: int = 255, size: tuple[int, int] = (620, 877)) -> Image.Image:
    return Image.new("RGB", size, (shade, shade, shade))


def test_multipage_tiff_streams_frames(tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    frames = [_page(250), _page(200).convert("L"), _page(150)]
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200))
    pages = list(iter_pages(path, Settings()))
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].image.shape == (877, 620, 3) and pages[1].image.ndim == 2
    assert all(p.dpi == 200 for p in pages)


def test_fax_normal_mode_gets_square_pixels(tmp_path: Path) -> None:
    path = tmp_path / "fax.tif"
    Image.new("1", (1728, 1100), 1).save(path, compression="group4", dpi=(204, 98))
    page = next(iter_pages(path, Settings()))
    assert page.dpi == 204
    assert page.image.shape == (round(1100 * 204 / 98), 1728)


def test_png_without_dpi_assumes_300(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    _page().save(path)
    assert next(iter_pages(path, Settings())).dpi == 300


def test_image_pixel_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    _page(size=(3000, 3000)).save(path)
    with pytest.raises(LimitExceededError):
        list(iter_pages(path, Settings(max_pixels=4_000_000)))


def test_corrupt_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(InputFileError):
        list(iter_pages(bad, Settings()))
    with pytest.raises(InputFileError):
        list(iter_pages(tmp_path / "nothing.png", Settings()))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputFileError):
        list(iter_pages(broken, Settings()))


def test_image_pdf_yields_embedded_scan_at_native_dpi(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pages = [_page(230, (1654, 2339)), _page(180, (1654, 2339))]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=200.0)
    got = list(iter_pages(path, Settings()))
    assert [p.number for p in got] == [1, 2]
    assert got[0].dpi == 200 and got[0].image.shape[:2] == (2339, 1654)
    assert abs(int(got[1].image.mean()) - 180) <= 2


def test_pdf_page_limit_before_rendering(tmp_path: Path) -> None:
    path = tmp_path / "three.pdf"
    frames = [_page(), _page(), _page()]
    frames[0].save(path, "PDF", save_all=True, append_images=frames[1:], resolution=75.0)
    with pytest.raises(LimitExceededError):
        next(iter_pages(path, Settings(max_pages=2)))


def test_pdf_pixel_limit_from_page_size(tmp_path: Path) -> None:
    pdf = write_text_pdf(tmp_path / "a4.pdf", [(0.1, 0.5, "Kính gửi")])
    with pytest.raises(LimitExceededError):
        next(iter_pages(pdf, Settings(dpi=600, max_pixels=10_000_000)))


def test_encrypted_pdf(tmp_path: Path) -> None:
    plain = write_text_pdf(tmp_path / "plain.pdf", [(0.1, 0.5, "Kính gửi")])
    locked = tmp_path / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "user", "owner", "256", "--", str(plain), str(locked)], check=True
    )
    with pytest.raises(EncryptedPDFError):
        next(iter_pages(locked, Settings()))


def test_rendered_page_when_not_a_plain_scan(tmp_path: Path) -> None:
    pdf = write_text_pdf(tmp_path / "vector.pdf", [(0.1, 0.5, "Kính gửi")])
    page = next(iter_pages(pdf, Settings(dpi=100)))
    assert page.dpi == 100
    assert page.image.shape[:2] == (round(841.68 / 72 * 100), round(595.44 / 72 * 100))
    assert np.asarray(page.image).min() < 100  # the text was drawn


def test_decode_jpeg_gives_rgb_and_gray_and_refuses_garbage() -> None:
    import cv2

    from pipeline.raster import decode_jpeg

    red = np.zeros((40, 60, 3), np.uint8)
    red[:, :, 2] = 220  # BGR: a red page
    ok, data = cv2.imencode(".jpg", red)
    assert ok
    rgb = decode_jpeg(data.tobytes())
    assert rgb is not None and rgb.shape == (40, 60, 3)
    assert rgb[..., 0].mean() > 200 and rgb[..., 2].mean() < 20  # red in channel 0: RGB
    ok, data = cv2.imencode(".jpg", np.full((40, 60), 90, np.uint8))
    gray = decode_jpeg(data.tobytes())
    assert gray is not None and gray.ndim == 2 and abs(int(gray.mean()) - 90) <= 2
    assert decode_jpeg(b"not a jpeg") is None


def test_jpeg_components_come_from_the_frame_header() -> None:
    """Gray, colour (baseline and progressive) and CMYK JPEGs; CMYK is left to poppler."""
    import io

    from PIL import Image

    from pipeline.raster import decode_jpeg, jpeg_components

    found = {}
    for mode, colour, options in (("L", 120, {}), ("RGB", (200, 30, 20), {}),
                                  ("RGB", (200, 30, 20), {"progressive": True}), ("CMYK", (1, 2, 3, 4), {})):
        buffer = io.BytesIO()
        Image.new(mode, (64, 48), colour).save(buffer, "JPEG", **options)
        data = buffer.getvalue()
        found[(mode, bool(options))] = jpeg_components(data)
        image = decode_jpeg(data)
        if mode == "CMYK":
            assert image is None
        else:
            assert image is not None and image.shape[:2] == (48, 64)
    assert found == {("L", False): 1, ("RGB", False): 3, ("RGB", True): 3, ("CMYK", False): 4}
    assert jpeg_components(b"not a jpeg") is None
    assert jpeg_components(b"\xff\xd8\xff") is None  # cut short


def test_decode_jpeg_without_opencv_s_rgb_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV before 4.11 has no ``IMREAD_COLOR_RGB``: BGR decoded and converted, same pixels."""
    import cv2

    from pipeline.raster import decode_jpeg

    page = np.zeros((40, 60, 3), np.uint8)
    page[:, :30, 2] = 220  # BGR: red on the left
    ok, data = cv2.imencode(".jpg", page)
    assert ok
    direct = decode_jpeg(data.tobytes())
    monkeypatch.delattr(cv2, "IMREAD_COLOR_RGB")
    converted = decode_jpeg(data.tobytes())
    assert direct is not None and converted is not None
    assert np.array_equal(direct, converted) and converted[:, :20, 0].mean() > 200


def test_scan_warm_up_cleans_a_page_without_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker warm-up decodes and cleans a synthetic page; it never starts Tesseract."""
    import pipeline.ocr
    from pipeline.scan import warm_up_scan

    def no_tesseract(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"Tesseract started by the warm-up: {args}")

    monkeypatch.setattr(pipeline.ocr.subprocess, "Popen", no_tesseract)
    monkeypatch.setattr(pipeline.ocr.subprocess, "run", no_tesseract)
    warm_up_scan(100)  # small: the test stays fast
