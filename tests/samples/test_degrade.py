"""Scan degradation: deterministic per seed, presets within their stated ranges."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from pipeline.samples.degrade import CLEAN, HARD, Degradation, degrade


def _page() -> Image.Image:
    img = Image.new("RGB", (400, 560), "white")
    draw = ImageDraw.Draw(img)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 8), fill=(20, 20, 20))
    return img


def test_same_seed_same_pixels_other_seed_other_pixels() -> None:
    for preset in (CLEAN, HARD):
        a, b = degrade(_page(), preset, 5), degrade(_page(), preset, 5)
        c = degrade(_page(), preset, 6)
        assert a.tobytes() == b.tobytes()
        assert a.tobytes() != c.tobytes()


def test_rotation_turns_the_page() -> None:
    page = _page()
    for angle, size in ((90, (560, 400)), (180, (400, 560)), (270, (560, 400))):
        out = degrade(page, Degradation(rotate=angle), 1)
        assert out.size == size
    upright = np.asarray(degrade(page, Degradation(noise=3), 1))
    upside = np.asarray(degrade(page, Degradation(noise=3, rotate=180), 1))
    assert np.array_equal(upside, upright[::-1, ::-1])


def test_fax_binarisation_is_black_and_white() -> None:
    out = degrade(_page(), Degradation(binarize=True, noise=10), 2)
    assert out.mode == "L"
    assert set(np.unique(np.asarray(out))) <= {0, 255}


def test_presets_match_their_description() -> None:
    assert CLEAN.dpi == 300 and CLEAN.skew_deg[1] <= 2 and CLEAN.noise < HARD.noise
    assert HARD.dpi == 200 and 1 <= HARD.skew_deg[0] <= HARD.skew_deg[1] <= 3
    assert HARD.jpeg_quality is not None and 35 <= HARD.jpeg_quality <= 50
    assert HARD.blur > 0 and HARD.seal_over_name


def test_hard_is_noisier_than_clean() -> None:
    blank = Image.new("RGB", (300, 300), "white")
    clean = np.asarray(degrade(blank, CLEAN, 3).convert("L"), dtype=float)
    hard = np.asarray(degrade(blank, HARD, 3).convert("L"), dtype=float)
    assert hard[20:-20, 20:-20].std() > clean[20:-20, 20:-20].std()
