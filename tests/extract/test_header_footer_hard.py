"""Header and footer fields through hard-scan slips (#5): the place and date line, issuer
lines (motto merged in, heads misread, localities glued), "Kính gửi" / "Nơi nhận" items,
the signature block, the subject's year and the arrival stamp.

Each group pairs misreadings with a correct reading that must be left alone.
"""

from __future__ import annotations

import pytest

from pipeline.extract.dateline import _read
from pipeline.extract.doctypes import type_from_title
from pipeline.extract.header import header_spelling
from pipeline.extract.headlines import erase_motto, fixed_phrases, open_heads, tidy_issuer
from pipeline.extract.listitems import cut_tail, is_signature_debris, snap_item
from pipeline.extract.localities import snap_place
from pipeline.extract.parties import KINH_GUI, NOI_NHAN, _clean_item, _upto_filing
from pipeline.extract.signature import (
    AUTHORITY,
    _authority,
    _split_title,
    clean_name,
    fix_surname,
    name_score,
)
from pipeline.extract.stampdate import stamp_date, stamp_head, stamp_number
from pipeline.extract.subject import VV_OCR

from .conftest import text_line


@pytest.mark.parametrize(
    ("read", "place", "date"),
    [
        ("- Bình Định ngày 08 tháng 3 năm 2023", "Bình Định", "2023-03-08"),  # comma lost
        ("Hà Nội, ngây 24 tháng 8 năm 2023", "Hà Nội", "2023-08-24"),  # a mark the word never has
        ("Đà Nẵng, ngàyxhẳng 12 năm 2022", "Đà Nẵng", "2022-12"),  # glued, day blank
        ("Thanh Hóa, ngay 15 tháng 11 năm n 2024", "Thanh Hóa", "2024-11-15"),  # speck before the year
        ("Tây Ninh, ngày Lở tháng 6 năm 2021", "Tây Ninh", "2021-06-10"),  # letters for digits
        ("Số: 2279/SGDĐT-TH Nghệ An, ngày ! tháng 4 năm 2022", "Nghệ An", "2022-04-01"),
        ("¬ Tây. Ninh, ngay 19 tháng II năm 2023", "Tây Ninh", "2023-11-19"),
        ("Hà Nội, ngày 30 tháng 01 năm 2024", "Hà Nội", "2024-01-30"),  # clean
    ],
)
def test_loose_place_and_date(read: str, place: str, date: str) -> None:
    found = _read(text_line(read))
    assert found is not None
    assert (found[0].value, found[1].value) == (place, date)


def test_loose_date_unreadable_month_is_low_confidence_and_citations_are_not_dates() -> None:
    found = _read(text_line("Hà Nội, ngày 19 tháng ? năm 2024"))
    assert found is not None and found[1].value == "2024" and found[1].score < 0.6
    assert _read(text_line("của UBND tỉnh ngày 12 tháng 3 năm 2024")) is None


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("Dilnh", "Di Linh"),
        ("Bácninhh", "Bắc Ninh"),
        ("Vũ Nnh", "Vũ Ninh"),
        ("Trảng Trángc Bom", "Trảng Bom"),
        ("Hai Dương", "Hải Dương"),
        ("Vinh", "Vinh"),  # listed: unchanged
        ("Xyz Abc", "Xyz Abc"),  # nothing near: unchanged
    ],
)
def test_snap_place(read: str, want: str) -> None:
    assert snap_place(read) == want


def test_place_takes_the_issuers_locality_when_its_first_word_was_lost() -> None:
    assert header_spelling("Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng") == "Lâm Đồng"
    assert header_spelling("An Phước", "Ủy ban nhân dân thành phố Biên Hòa Đbnd Xã An Phước") == "An Phước"


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("ỦY BAN NHÂN DÂN - CỘNG G HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN -"),
        ("UBND THÀNH PHỐ ĐÀ NẴNG CỘNG HỘA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND THÀNH PHỐ ĐÀ NẴNG"),
        ("UBND HUYỆN DIỄN CHÂU: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ô", "UBND HUYỆN DIỄN CHÂU:"),
        ("PHÒNG CÔNG THƯƠNG", "PHÒNG CÔNG THƯƠNG"),  # no motto
    ],
)
def test_erase_motto(read: str, want: str) -> None:
    assert erase_motto(read).rstrip() == want


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("SỨTỰ PHÁP", "SỞ TỰ PHÁP"),
        ("SỚTÀINGUYÊN", "SỞ TÀINGUYÊN"),
        ("TỈNHTÂYNINH", "TỈNH TÂYNINH"),
        ("D BỘ NỘI VỤ", "BỘ NỘI VỤ"),
        ("bố ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),  # clean: unchanged
        ("SỞ TƯ PHÁP", "SỞ TƯ PHÁP"),
    ],
)
def test_open_heads(read: str, want: str) -> None:
    assert open_heads(read) == want


def test_fixed_phrases_glued_or_hyphenated() -> None:
    assert fixed_phrases("SỞ TÀINGUYÊN VÀ MỖI TRƯỜNG") == "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert fixed_phrases("PHÒNG TƯ-PHÁP") == "PHÒNG TƯ PHÁP"
    assert tidy_issuer("Sở Tư pháp -A") == "Sở Tư pháp"
    assert tidy_issuer("Sở Tư pt pháp tỉnh Tây Ninh") == "Sở Tư pháp tỉnh Tây Ninh"
    assert tidy_issuer("Sở Y tế tỉnh Hà Nam") == "Sở Y tế tỉnh Hà Nam"
    assert tidy_issuer("Ủy ban nhân dân. huyện Sơn Hòa") == "Ủy ban nhân dân huyện Sơn Hòa"
    assert fixed_phrases("PHÒNG TÀI CHÍNH KẾHOẠCH") == "PHÒNG TÀI CHÍNH - KẾ HOẠCH"
    assert open_heads("XÃMONGTHỌ") == "XÃ MONGTHỌ"  # a listed name follows
    assert open_heads("XÃHỘI") == "XÃHỘI"


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("VPUBNDtinh", "VP UBND tỉnh"),
        ("VPUBĐD tính", "VP UBND tỉnh"),
        ("T VP UBND tỉnh", "VP UBND tỉnh"),
        ("P UBND tỉnh", "VP UBND tỉnh"),
        ("Văn phòng HĐNDxà UBND (p/h)", "Văn phòng HĐND và UBND (p/h)"),
        ("Trưởng các khuphố", "Trưởng các khu phố"),
        ("Sở Nöt vụ", "Sở Nội vụ"),
        ("Sở Nội vụ", "Sở Nội vụ"),  # listed: unchanged
        ("Bộ Nội vụ", "Bộ Nội vụ"),
    ],
)
def test_snap_item(read: str, want: str) -> None:
    assert snap_item(read) == want


def test_item_tails_and_signature_column() -> None:
    assert cut_tail("CT, các PCT UBND huyện: tà") == "CT, các PCT UBND huyện"
    assert cut_tail("Ban Thi đua - Khen thưởng, 'CHÁNH VĂN PHÒNG.") == "Ban Thi đua - Khen thưởng"
    assert cut_tail("Lưu: VT, KT") == "Lưu: VT, KT"
    assert cut_tail("Văn phòng HĐND và UBND (phố), - lư") == "Văn phòng HĐND và UBND (phố)"
    assert cut_tail("Chủ tịch, các PCT. UBND-TP (b/c)") == "Chủ tịch, các PCT. UBND TP (b/c)"
    assert cut_tail("TT.Hội đồng TĐ-KT huyện (PNV)") == "TT.Hội đồng TĐ-KT huyện (PNV)"
    assert is_signature_debris("a chủ Q. BỘ TRƯỞNG")
    assert is_signature_debris("hồ TT vô GIÁM ĐỐC")
    assert not is_signature_debris("Sở Nội vụ")


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("- Chủ tịch,.các PCT UBND TP (b/c);", "Chủ tịch, các PCT. UBND TP (b/c)"),  # the stock item (a seed's spelling)
            ("- Chủ tịch, các PCT UBND.TP (b/c);", "Chủ tịch, các PCT. UBND TP (b/c)"),
        ("- 1,ưu: VT, VHXH.", "Lưu: VT, VHXH"),
        ("- Lưu: MT, TH.", "Lưu: VT, TH"),
        ("- Lưu: VT, -KT", "Lưu: VT, KT"),
        ("- Cổng thông tin:điện từ", "Cổng thông tin điện tử"),
        ("- Lưu: VT, j CCHC.", "Lưu: VT, CCHC"),
        ("- 8ở Nội vụ;", "Sở Nội vụ"),
    ],
)
def test_clean_item_hard(read: str, want: str) -> None:
    assert _clean_item(read) == want


def test_list_headings_and_filing_closes_the_list() -> None:
    for head in ("Nơi ơi nhận:", "Nơi 'nhãn:: ", "Nơi nhận:"):
        assert NOI_NHAN.match(head), head
    for head in ("Kính, gửi: - Các", "Kính.gửi: - UBND", "Kính GỬI: - Thủ", "Kính BỬI:. - Các"):
        assert KINH_GUI.match(head), head
    assert not KINH_GUI.match("Kính mong các cơ quan")
    assert _upto_filing(["Như trên", "Lưu: VT, TH", "Bùi Ngọc Phong"]) == ["Như trên", "Lưu: VT, TH"]


def test_signature_authority_and_names() -> None:
    m = AUTHORITY.match("M. ỦY BAN NHÂN DÂN")
    assert m and _authority(m.group(1)) == "TM"
    m = AUTHORITY.match("FUQ. CHỦ TỊCH")
    assert m and _authority(m.group(1)) == "TUQ"
    m = AUTHORITY.match("ỌỌ. GIÁM ĐỐC")
    assert m and _authority(m.group(1)) == "Q"
    assert _split_title([text_line("THỨ í"), text_line("TRƯỜNG")]) == "THỨ TRƯỜNG"
    assert fix_surname(clean_name("Ngõ Văn-Hải,")) == "Ngô Văn Hải"
    assert name_score("Lệ Thanh Hùng -") > 0.8
    assert clean_name("Phạm (Q}quốc Cường") == "Phạm Quốc Cường"
    assert name_score("Từ ngụ Ý") == 0.0
    assert clean_name("NgôThịBình ..") == "Ngô Thị Bình"


def test_subject_vv_and_titles_as_misread() -> None:
    for line in ("._ Ÿ/v phát động", "VỶV rà soát", "Iv báo cáo", "VW đẩy mạnh"):
        assert VV_OCR.match(line), line
    assert not VV_OCR.match("Vĩnh Phúc")
    assert type_from_title("TỜTRÌNH,@") == "Tờ trình"
    assert type_from_title('"FỜ TRÌNH.') == "Tờ trình"
    assert type_from_title("HUYỆN ĐỨC TRỌNG") is None


def test_arrival_stamp_lines() -> None:
    assert stamp_head("ĐÈN ô") and stamp_head("ĐEN") and not stamp_head("ĐẾN HẠN")
    assert [stamp_number(t) for t in ("Số: S08", "Áo: b190", "Số: 37b7", "Ngày: 27/04/2025.")] == [
        "508", "6190", "3767", None,
    ]  # fmt: skip
    assert stamp_date("Ngày: 0205:2023", "2023-04-20") == "2023-05-02"
    assert stamp_date("Ngàv 04 11//024", "2024-11-01") == "2024-11-04"
    assert stamp_date("ngày: 01 01.2025", "2024") == "2025-01-01"
    assert stamp_date("Ngày: 01 01.2020", "2024-05-02") is None  # before the letter: not its arrival
