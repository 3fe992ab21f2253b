"""``congvan ocr`` on a text-layer PDF (no Tesseract needed) and ``eval-ocr`` argument errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ocr_eval import cer, normalize, wer

from .conftest import write_text_pdf

runner = CliRunner()


def _pdf(tmp_path: Path) -> Path:
    return write_text_pdf(
        tmp_path / "l.pdf",
        [(0.12, 0.92, "ỦY BAN NHÂN DÂN"), (0.1, 0.8, "Thực hiện Kế hoạch số 125/KH-UBND ngày 15 tháng 01")],
    )


def test_ocr_prints_text(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ocr", str(_pdf(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ỦY BAN NHÂN DÂN\n")


def test_ocr_json_and_hocr(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    data = json.loads(runner.invoke(app, ["ocr", str(pdf), "--json"]).output)
    word = data["pages"][0]["blocks"][0]["lines"][0]["words"][0]
    assert word["text"] == "ỦY" and len(word["bbox"]) == 4 and word["conf"] == 1.0
    hocr = runner.invoke(app, ["ocr", str(pdf), "--hocr"]).output
    assert 'class="ocrx_word"' in hocr and "x_wconf 100" in hocr and ">ỦY<" in hocr


def test_eval_ocr_needs_samples(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval-ocr", str(tmp_path)])
    assert result.exit_code != 0


def test_metrics_normalise() -> None:
    assert normalize(" Ho\u0300a  bi\u0300nh\n") == "Hòa bình"
    assert cer("Hòa bình", "Hòa  bình") == 0.0
    assert cer("Hoa bình", "Hòa bình") == 1 / 8
    assert wer("một hai ba", "một hai bốn") == 1 / 3
