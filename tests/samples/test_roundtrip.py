"""The seed parser reads the genre, not five files: letters of every shape survive
``reading_text`` → ``letter_from_seed_text`` unchanged."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.samples.letter import Letter
from pipeline.samples.seeds import letter_from_seed_text

_COMPARED = [f.name for f in dataclasses.fields(Letter)
             if f.name not in ("seal", "seal_text", "arrival")]

LETTERS = [
    Letter(parent_lines=["UBND TỈNH ĐỒNG NAI"], issuer_lines=["SỞ NỘI VỤ"],
           number_line="Số: 45/QĐ-SNV", place_date="Đồng Nai, ngày 5 tháng 3 năm 2023",
           doc_title="QUYẾT ĐỊNH", subject_lines=["Về việc thành lập Hội đồng sáng kiến"],
           body=["Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:",
                 "Điều 1. Thành lập Hội đồng.", "Điều 2. Quyết định có hiệu lực."],
           distribution=["- Như Điều 2;", "- Lưu: VT."], authority_lines=["KT. GIÁM ĐỐC"],
           signer_title="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Thị Hoa",
           urgency="HỎA TỐC", secrecy="MẬT"),
    Letter(issuer_lines=["BỘ NỘI VỤ"], number_line="Số: 1203/BNV-CCHC",
           place_date="Hà Nội, ngày 12 tháng 7 năm 2021",
           subject_lines=["V/v đăng ký sáng kiến cải cách hành chính"],
           recipients=["Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương"],
           body=["Bộ Nội vụ đề nghị các cơ quan đăng ký sáng kiến trước ngày 31/7/2021./."],
           distribution=["- Như trên;", "- Lưu: VT, CCHC."], authority_lines=["TL. BỘ TRƯỞNG"],
           signer_title="VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH", signer_name="Phạm Minh Hùng"),
    Letter(issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ"], number_line="Số:      /TB-UBND",
           place_date="Tân Phú, ngày    tháng 11 năm 2024", doc_title="THÔNG BÁO",
           subject_lines=["Lịch tiếp công dân tháng 11"], body=["UBND xã thông báo lịch./."],
           authority_lines=["TM. ỦY BAN NHÂN DÂN"], signer_title="CHỦ TỊCH"),
]


@pytest.mark.parametrize("letter", LETTERS, ids=["quyet-dinh", "cong-van", "thong-bao"])
def test_reading_text_parses_back(letter: Letter) -> None:
    parsed = letter_from_seed_text(letter.reading_text())
    for name in _COMPARED:
        want, got = getattr(letter, name), getattr(parsed, name)
        if name == "number_line" or name == "place_date":
            want, got = " ".join(want.split()), " ".join(got.split())
        assert got == want, name


def test_generated_letters_parse_back() -> None:
    generate = pytest.importorskip("pipeline.samples.generate").generate
    for seed in range(90_000, 90_040):
        letter = generate(seed).letter
        parsed = letter_from_seed_text(letter.reading_text())
        for name in _COMPARED:
            want, got = getattr(letter, name), getattr(parsed, name)
            if isinstance(want, str):
                want, got = " ".join(want.split()), " ".join(got.split())
            assert got == want, (seed, name)
