"""Normalisation the record's conventions need: tones, sentence case, abbreviations."""

from __future__ import annotations

import pytest

from pipeline.extract.vntext import fold, nfc, sentence_case, sentence_case_body


def test_modern_tone_placement() -> None:
    assert nfc("CỘNG HOÀ") == "CỘNG HÒA"
    assert nfc("thuỷ lợi, hoà bình") == "thủy lợi, hòa bình"
    assert nfc("hoàn thành, quý") == "hoàn thành, quý"  # closed syllable, qu- untouched
    assert fold("  Biên  Hoà ") == "biên hòa"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA", "Ủy ban nhân dân thành phố Biên Hòa"),
        ("UBND TỈNH BÌNH ĐỊNH", "Ủy ban nhân dân tỉnh Bình Định"),
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch"),
        ("BỘ NỘI VỤ", "Bộ Nội vụ"),
        ("UBND PHƯỜNG GIA VIÊN", "Ủy ban nhân dân phường Gia Viên"),
    ],
)
def test_body_names(printed: str, name: str) -> None:
    assert sentence_case_body(printed) == name


@pytest.mark.parametrize(
    ("printed", "title"),
    [("PHÓ CHỦ TỊCH", "Phó Chủ tịch"), ("CHÁNH VĂN PHÒNG", "Chánh Văn phòng"), ("GIÁM ĐỐC", "Giám đốc")],
)
def test_titles(printed: str, title: str) -> None:
    assert sentence_case(printed) == title
