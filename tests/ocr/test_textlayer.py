"""Text-layer PDFs: sound layers are used, legacy/garbled ones flagged, empty ones OCR'd."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.layout import HEADER_LEFT, HEADER_RIGHT
from pipeline.scan import read_pdf
from pipeline.settings import Settings
from pipeline.textlayer import judge_text, read_text_layer

from .conftest import write_text_pdf

SOUND = "Thực hiện Kế hoạch số 125/KH-UBND ngày 15 tháng 01 năm 2024 của Ủy ban nhân dân thành phố"
TCVN3 = "Uû ban nh©n d©n thµnh phè Biªn Hßa ®Ò nghÞ c¸c ®¬n vÞ khÈn tr­¬ng triÓn khai thùc hiÖn"
ASCII = "Uy ban nhan dan thanh pho Bien Hoa de nghi cac don vi khan truong trien khai thuc hien"
GARBLE = "VIV trién khai nghién ciu, dé xuat sang kien cai cach hanh chinh Kinh gui: Céc phong chuyén mén"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (SOUND, "sound"),
        (TCVN3, "suspect"),
        (ASCII, "suspect"),
        (GARBLE, "suspect"),
        ("Ho\u0300a bi\u0300nh ươ\u0301c mơ đă\u0323t ra " * 3, "sound"),
        ("", "empty"),
        ("  12  ", "empty"),
        ("(cid:12)(cid:13)(cid:14) " * 20 + "abc def ghi jkl mno pqr stu", "empty"),
    ],
)
def test_judge_text(text: str, verdict: str) -> None:
    assert judge_text(text) == verdict


@pytest.fixture
def letter_pdf(tmp_path: Path) -> Path:
    return write_text_pdf(
        tmp_path / "letter.pdf",
        [
            (0.12, 0.92, "ỦY BAN NHÂN DÂN"),
            (0.55, 0.92, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (0.15, 0.89, "Số: 245/UBND-VP"),
            (0.55, 0.89, "Tân Phong, ngày 05 tháng 02 năm 2024"),
            (0.10, 0.80, SOUND),
            (0.10, 0.77, "báo cáo kết quả về Văn phòng trước ngày 20 tháng 02 năm 2024."),
        ],
    )


def test_sound_text_layer_used_with_zones(letter_pdf: Path) -> None:
    doc, kind = read_pdf(letter_pdf, Settings())
    assert kind == "pdf-text"
    page = doc.pages[0]
    assert page.meta["text_layer"] == "sound"
    assert page.dpi == 300 and page.width == round(595.44 / 72 * 300)
    assert [b.zone for b in page.blocks[:3]] == [HEADER_LEFT, HEADER_RIGHT, HEADER_LEFT]
    assert page.blocks[0].text == "ỦY BAN NHÂN DÂN"
    word = page.blocks[0].lines[0].words[0]
    assert word.conf == 1.0 and word.bbox is not None
    assert 0.10 * page.width < word.bbox[0] < 0.14 * page.width  # points → 300 dpi pixels


def test_legacy_layer_flagged_suspect(tmp_path: Path) -> None:
    pdf = write_text_pdf(tmp_path / "tcvn3.pdf", [(0.1, 0.8, TCVN3), (0.1, 0.77, TCVN3)])
    doc, kind = read_pdf(pdf, Settings())
    assert kind == "pdf-text"
    assert doc.pages[0].meta["text_layer"] == "suspect"
    assert "nh©n" in doc.text  # handed to restoration as it is


def test_empty_layer_detected(tmp_path: Path) -> None:
    pdf = write_text_pdf(tmp_path / "blank.pdf", [(0.1, 0.5, "12")])
    pages = read_text_layer(pdf, Settings())
    assert pages[0].meta["text_layer"] == "empty"
    assert pages[0].blocks == []
