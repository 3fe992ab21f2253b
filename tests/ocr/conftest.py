"""Fixtures for the OCR tests: synthetic pages, recorded Tesseract TSV, small PDFs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from .synth import letter_page

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def page_rgb() -> np.ndarray:
    """The synthetic A4 letter at 300 dpi, red seal over the signer block."""
    return letter_page(seal=True)


@pytest.fixture(scope="session")
def recorded_tsv() -> str:
    return (DATA / "letter_page.tsv").read_text(encoding="utf-8")


def write_text_pdf(path: Path, lines: list[tuple[float, float, str]]) -> Path:
    """A one-page A4 PDF with a real text layer: ``(x, y, text)`` in figure fractions."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = FontProperties(
        fname="/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", size=12
    )
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.27, 11.69))
        for x, y, text in lines:
            fig.text(x, y, text, fontproperties=font)
        fig.savefig(path)
        plt.close(fig)
    return path
