"""Post-OCR repairs: lexicon snapping, list-item clean-up, tone marks, loose header lines.

The inputs are the kinds of misreadings Tesseract makes on scanned letters (small print of
"Nơi nhận", hỏi read as sắc); each case also checks a correct reading is left alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.document import Document, Line, Word
from pipeline.extract import extract_fields
from pipeline.extract.dates import LONG_DATE, ocr_int
from pipeline.extract.lexicon import snap
from pipeline.extract.parties import _clean_item


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("Ban Thị đua Khen thưởng", "Ban Thi đua - Khen thưởng"),  # a mark and the dash lost
        ("Sở Nổi vụ", "Sở Nội vụ"),
        ("Sử Nội.vụ", "Sở Nội vụ"),
        ("Công thông tin điện từ", "Cổng thông tin điện tử"),
        ("Văn phòng HDNĐ và ÙBND (p/h)", "Văn phòng HĐND và UBND (p/h)"),
        ("Sở Văn hóa, Thế thao và Du lịch tỉnh Lâm Đồng", "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng"),
        ("Thường trực HĐND luyện", "Thường trực HĐND huyện"),
        # right already, or not close to one listed phrase: unchanged
        ("Bộ Nội vụ", "Bộ Nội vụ"),
        ("Sở Nội vụ các tỉnh, thành phố", "Sở Nội vụ các tỉnh, thành phố"),
        ("Chủ tịch UBND 30 phường, xã", "Chủ tịch UBND 30 phường, xã"),
        ("Phường Nội du", "Phường Nội du"),
    ],
)
def test_snap(read: str, want: str) -> None:
    assert snap(read) == want


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("- Như trên; ˆ THỨ TRƯỞNG", "Như trên"),
        ("- Sở Nội vụ; '", "Sở Nội vụ"),
        ("- Lưu: VT, TCKH. TỦ", "Lưu: VT, TCKH"),
        ("- Lưu; VT,NC. ˆ", "Lưu: VT, NC"),
        ("- bưu: Vt HCTH", "Lưu: VT, HCTH"),
        ("~ Văn phòng HĐND và UBND (pih)", "Văn phòng HĐND và UBND (p/h)"),
        ("- Chủ tịch, các PCT. UBND TP (bốc)", "Chủ tịch, các PCT. UBND TP (b/c)"),
        ("- TT. HU; HĐND huyện", "TT. HU; HĐND huyện"),  # a ";" inside an item is kept
    ],
)
def test_list_items(read: str, want: str) -> None:
    assert _clean_item(read) == want


def _scan(text: str) -> Document:
    """A one-block 'scanned' document: words carry boxes, as OCR output does."""
    doc = Document.from_text(text)
    for page in doc.pages:
        for block in page.blocks:
            block.lines = [Line([Word(w.text, 0.9, (0, 0, 10, 10)) for w in ln.words]) for ln in block.lines]
    return doc


def _fields(doc: Document) -> dict[str, Any]:
    return {k: v.value for k, v in extract_fields(doc).found.items()}


SCAN = """ỦY BAN NHÂN DÂN
HUYỆN TUY AN
Độc lập - Tự do - Hạnh phúc
ĐỖ;2278/UBND-NV
Tuy An, ngày-09 thắng 8 năm 2023

KẾ HOẠCH
Triến khai các sáng kiến, cách làm hiệu quả

1. Mỗi cơ quan, đơn vị đăng ký tối thiểu 03 buối tuyên truyền.

Nơinhận:
- Như trên;
- Lưu: VT, NV.
"""


def test_scan_repairs_end_to_end() -> None:
    f = _fields(_scan(SCAN))
    assert (f["number"], f["symbol"]) == ("2278", "UBND-NV")
    assert (f["place"], f["issued_date"]) == ("Tuy An", "2023-08-09")
    assert f["subject"] == "Triển khai các sáng kiến, cách làm hiệu quả"
    assert [(q["minimum"], q["item"]) for q in f["quotas"]] == [(3, "buổi tuyên truyền")]
    assert f["distribution"] == ["Như trên", "Lưu: VT, NV"]


def test_typed_text_keeps_its_marks() -> None:
    """Tone repair is for scans only: typed text is taken as written."""
    f = _fields(Document.from_text(SCAN))
    assert f["subject"] == "Triến khai các sáng kiến, cách làm hiệu quả"


def test_ocr_digits_in_dates() -> None:
    m = LONG_DATE.search("Bình Định, ngày 0Ì tháng 10 năm 2023")
    assert m and (ocr_int(m.group(1)), ocr_int(m.group(2)), m.group(3)) == (1, 10, "2023")
    blank = LONG_DATE.search("ngày    thắng 5 năm 2024")  # the decree's blank day, a slipped mark
    assert blank and (blank.group(1), blank.group(2)) == (None, "5")


def test_tones_fix_slips_but_keep_real_words() -> None:
    from pipeline.extract.tones import fix_tones

    assert fix_tones("giới thiệu không ít hơn 02 mô hình chuyến đối số") == (
        "giới thiệu không ít hơn 02 mô hình chuyển đổi số"  # two slips side by side
    )
    assert fix_tones("đề xuất ít nhất 05 báo cáo điến hình") == "đề xuất ít nhất 05 báo cáo điển hình"
    for right in ("Thế giới và thế hệ trẻ", "Ủy ban nhân dân xã Thạnh Tân"):  # words, names: kept
        assert fix_tones(right) == right


def test_email_read_off_a_scan() -> None:
    from pipeline.extract.contacts import _repair_domains

    assert _repair_domains("email: tonghop62@tayninh. g0V.vn.") == "email: tonghop62@tayninh.gov.vn."
    assert _repair_domains("vânthu14@dongnai: gov.vn") == "vanthu14@dongnai.gov.vn"
    assert _repair_domains("a@hue.edu.vn, b@x.com.vn") == "a@hue.edu.vn, b@x.com.vn"


def test_marks_places_and_subjects_without_their_spaces() -> None:
    from pipeline.extract.localities import canonical_place
    from pipeline.extract.subject import _tidy

    assert canonical_place("Quynhlưu") == "Quỳnh Lưu"
    assert canonical_place("Vinh") == "Vinh"
    assert _fields(_scan("HỎATỐC\n\nSố: 5/UBND-VP\n"))["urgency"] == "Hỏa tốc"
    assert _tidy("Tổ chức tuyên truyền an. -toàn giao thông năm 202]") == (
        "Tổ chức tuyên truyền an toàn giao thông năm 2021"
    )
    assert _tidy("Phòng Văn hóa - Xã hội") == "Phòng Văn hóa - Xã hội"
