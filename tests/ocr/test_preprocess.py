"""Each clean-up step on synthetic pages: no Tesseract, a few hundred ms in all."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.preprocess import PreprocessConfig, ink_mask, preprocess
from pipeline.preprocess.binarize import METHODS, binarize
from pipeline.preprocess.clean import despeckle, remove_dust
from pipeline.preprocess.color import to_gray
from pipeline.preprocess.orientation import detect_orientation
from pipeline.preprocess.skew import estimate_skew

from .synth import rotate_deg

# A text cell in the page body and one under the seal (the signer's name), y0:y1, x0:x1.
BODY = (slice(850, 920), slice(260, 1200))
NAME = (slice(2000, 2070), slice(1450, 1950))
SEAL_RING = (slice(1850, 1870), slice(1296, 1304))  # left of the outer ring, no text


@pytest.fixture(scope="module")
def gray(page_rgb: np.ndarray) -> np.ndarray:
    return to_gray(page_rgb)


@pytest.mark.parametrize("angle", [0.0, 0.35, -0.8, 1.7, -2.9, 4.5])
def test_deskew_recovers_angle_within_0_2_degrees(gray: np.ndarray, angle: float) -> None:
    skewed = rotate_deg(gray, angle)
    found, _ = estimate_skew(ink_mask(skewed, 300))
    assert abs(found + angle) <= 0.2


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_orientation_detected(gray: np.ndarray, turn: int) -> None:
    # np.rot90 turns counter-clockwise; the page must be turned ``turn`` clockwise back.
    turned = np.ascontiguousarray(np.rot90(rotate_deg(gray, 1.2), k=turn // 90))
    found = detect_orientation(ink_mask(turned, 300))
    assert found.rotation == turn
    assert found.sure
    assert abs(found.skew + 1.2) <= 0.2


def test_seal_removed_black_text_kept(page_rgb: np.ndarray) -> None:
    plain = cv2.cvtColor(page_rgb, cv2.COLOR_RGB2GRAY)
    cleaned = to_gray(page_rgb)
    assert plain[SEAL_RING].mean() < 120  # the ring is dark in plain luminance
    assert cleaned[SEAL_RING].mean() > 230  # and gone once colour ink is dropped
    # The signer's name under the seal keeps its black strokes.
    dark_before = (plain[NAME] < 80).sum()
    dark_after = (cleaned[NAME] < 80).sum()
    assert dark_after >= 0.95 * dark_before > 0
    # Pages without colour are untouched.
    assert np.array_equal(to_gray(plain), plain)


def test_seal_kept_when_step_off(page_rgb: np.ndarray) -> None:
    kept = to_gray(page_rgb, drop_color_ink=False)
    assert kept[SEAL_RING].mean() < 120


def _only(step: str) -> PreprocessConfig:
    """The clean-up with one step on (and no warp: the page keeps its pixels)."""
    steps = ("drop_color_ink", "remove_border", "flatten_background", "orientation", "deskew", "despeckle", "crop")
    return PreprocessConfig(binarize="none", **{s: s == step for s in steps})


def test_border_removed_text_kept(gray: np.ndarray) -> None:
    framed = gray.copy()
    framed[:, :90] = 30  # scanner lid on the left
    framed[-70:, :] = 40  # and along the bottom
    cleaned = preprocess(framed, 300, _only("remove_border")).image
    assert cleaned[:, :80].min() == 255
    assert cleaned[-60:, :].min() == 255
    assert np.array_equal(cleaned[BODY], gray[BODY])


def test_shadow_flattened(gray: np.ndarray) -> None:
    h, w = gray.shape
    ramp = np.linspace(0.55, 1.0, w, dtype=np.float32)[None, :]
    shaded = (gray.astype(np.float32) * ramp).astype(np.uint8)
    flat = preprocess(shaded, 300, _only("flatten_background")).image
    paper = flat[100:200, 100:2400]
    assert paper.min() > 200  # no dark band left where the shadow was
    assert (flat[BODY] < 100).sum() > 0.8 * (gray[BODY] < 100).sum()


def test_despeckle_removes_isolated_dots_keeps_diacritics(gray: np.ndarray) -> None:
    rng = np.random.default_rng(1)
    noisy = gray.copy()
    ys = rng.integers(2200, 3300, 400)
    xs = rng.integers(100, 2300, 400)
    for y, x in zip(ys, xs, strict=True):
        noisy[y : y + 2, x : x + 2] = 20  # specks in the empty lower page
    cleaned = despeckle(noisy, 300)
    # (300 dpi pages are analysed at 200 dpi for speed: the faintest 2x2 specks may stay)
    assert (cleaned[2200:3300] < 128).sum() < 0.15 * (noisy[2200:3300] < 128).sum()
    noisy200 = cv2.resize(noisy, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
    low = noisy200[1467:2200]
    assert (despeckle(noisy200, 200)[1467:2200] < 128).sum() < 0.05 * (low < 128).sum()
    # Text (with its dots and accents) is kept: at most a stray pixel or two changes.
    body = (slice(200, 1470), slice(250, 2300))
    changed = (cleaned[body] != noisy[body]).sum()
    assert changed <= 0.0002 * (noisy[body] < 128).sum()


@pytest.mark.parametrize("method", METHODS)
def test_binarize_methods(gray: np.ndarray, method: str) -> None:
    out = binarize(gray[BODY], method)
    assert out.shape == gray[BODY].shape
    if method != "none":
        assert set(np.unique(out)) <= {0, 255}
        assert (out == 0).sum() > 0.5 * (gray[BODY] < 128).sum()


def test_binarize_unknown_method(gray: np.ndarray) -> None:
    with pytest.raises(ValueError):
        binarize(gray, "magic")


def test_preprocess_upside_down_maps_boxes_back(page_rgb: np.ndarray) -> None:
    turned = np.ascontiguousarray(np.rot90(page_rgb, k=2))
    prep = preprocess(turned, 300)
    assert prep.rotation == 180
    assert prep.page_size == (2480, 3508)
    # A box on the upright page maps to the mirrored place on the upside-down original.
    x0, y0, x1, y1 = prep.to_original((260, 850, 1200, 920))
    assert abs(x0 - (2480 - 1200)) <= 3 and abs(y1 - (3508 - 850)) <= 3
    assert set(prep.timings) >= {"gray", "border", "flatten", "despeckle", "orientation", "warp"}
    assert set(np.unique(prep.image)) <= {0, 255}  # Otsu by default


def test_preprocess_rescales_low_dpi(gray: np.ndarray) -> None:
    small = cv2.resize(gray, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
    prep = preprocess(small, 200, PreprocessConfig(orientation=False, deskew=False))
    assert prep.dpi == 300
    assert abs(prep.page_size[0] - 2480) <= 2
    box = prep.to_original((300, 300, 600, 600))
    assert all(abs(a - b) <= 1 for a, b in zip(box, (200, 200, 400, 400), strict=True))


def test_every_step_switchable(page_rgb: np.ndarray) -> None:
    off = PreprocessConfig(
        drop_color_ink=False,
        remove_border=False,
        flatten_background=False,
        orientation=False,
        deskew=False,
        despeckle=False,
        binarize="none",
        crop=False,
    )
    prep = preprocess(page_rgb, 300, off)
    assert np.array_equal(prep.image, cv2.cvtColor(page_rgb, cv2.COLOR_RGB2GRAY))
    assert set(prep.timings) == {"gray", "orientation", "warp"}


@pytest.mark.parametrize("turn", [0, 180])
def test_content_window_holds_all_the_ink(page_rgb: np.ndarray, turn: int) -> None:
    """Tesseract gets the content window: the whole-page result there, paper elsewhere."""
    turned = np.ascontiguousarray(np.rot90(page_rgb, k=turn // 90))
    whole = preprocess(turned, 300, PreprocessConfig(crop=False))
    prep = preprocess(turned, 300)
    assert prep.page_size == whole.page_size and prep.rotation == whole.rotation
    assert prep.image.size < 0.9 * whole.image.size  # the letter's margins are gone
    x, y = prep.origin
    h, w = prep.image.shape
    inside = whole.image[y : y + h, x : x + w]
    assert (inside != prep.image).mean() < 0.002
    assert (whole.image < 128).sum() - (inside < 128).sum() < 0.001 * (whole.image < 128).sum()
    assert np.allclose(prep.matrix, whole.matrix)


def test_remove_dust_takes_dots_keeps_strokes(gray: np.ndarray) -> None:
    small = cv2.resize(gray, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (0, 0), 1.2)  # a soft 200 dpi scan
    rng = np.random.default_rng(3)
    noisy = blurred.copy()
    ys, xs = rng.integers(1467, 2200, 300), rng.integers(60, 1500, 300)
    noisy[ys, xs] = 15  # one-pixel dust on the empty lower page
    cleaned = remove_dust(noisy)
    assert (cleaned[1467:2200] < 128).sum() < 0.05 * (noisy[1467:2200] < 128).sum()
    body = (slice(130, 980), slice(160, 1530))
    ink = blurred[body] < 128
    assert ((cleaned[body] < 128) & ink).sum() > 0.97 * ink.sum()  # the strokes stay
    assert remove_dust(noisy) is not noisy and (noisy[ys, xs] == 15).all()  # never in place


def test_dusty_page_flagged_noisy_clean_page_not(gray: np.ndarray) -> None:
    assert not preprocess(gray, 300).noisy
    rng = np.random.default_rng(5)
    dusty = gray.copy()
    ys, xs = rng.integers(150, 3300, 4000), rng.integers(150, 2300, 4000)
    for y, x in zip(ys, xs, strict=True):
        dusty[y : y + 3, x : x + 3] = 10  # dust a third of a millimetre wide: a tired copy
    assert preprocess(dusty, 300).noisy


def test_noisy_page_read_as_one_column_clean_page_with_layout_analysis(
    gray: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psm 4 on dusty pages (3 drops a seal-ringed name line there), 3 on clean ones."""
    from pipeline import scan
    from pipeline.raster import RasterPage
    from pipeline.settings import get_settings

    asked: list[int] = []

    def fake_lines(image: np.ndarray, lang: str, timeout: float, dpi: int = 300, psm: int = 3,
                   engine: str | None = None) -> tuple[list, str]:
        asked.append(psm)
        return [], ""

    monkeypatch.setattr(scan, "ocr_lines", fake_lines)
    dusty = gray.copy()
    rng = np.random.default_rng(5)
    for y, x in zip(rng.integers(150, 3300, 4000), rng.integers(150, 2300, 4000), strict=True):
        dusty[y : y + 3, x : x + 3] = 10
    for image in (gray, dusty):
        scan.ocr_page(RasterPage(1, image, 300, 0.0), get_settings(), stamps_in_page_call=False,
                      first_page=False)
    assert asked == [3, 4]
