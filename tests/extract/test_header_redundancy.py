"""Header and footer fields read back from the letter's own redundancy on hard scans (#5,
round 2): the signature block's stacked authorities and slipped authorities, the stock
"Nơi nhận" items, the issuer against the date line and its parent, the date line's slips,
and the issue date against the arrival stamp.

Each group pairs misreadings with a correct reading that must be left alone.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.extract.base import Context
from pipeline.extract.dateline import _read
from pipeline.extract.doctypes import kerned_symbol
from pipeline.extract.header import number_line
from pipeline.extract.headlines import trim_body
from pipeline.extract.listitems import as_above, cut_tail, filing_item, snap_item
from pipeline.extract.localities import (
    glued_locality,
    inherit_locality,
    locality_name,
    place_agrees,
)
from pipeline.extract.parties import NOI_NHAN, _clean_item, extract_parties
from pipeline.extract.signature import (
    AUTHORITY,
    _authority,
    clean_name,
    extract_signature,
    respell_given,
)
from pipeline.extract.stampdate import stamp_year_fixed
from pipeline.extract.subject import VV, _specks_out

from .conftest import text_line


def _signer(text: str) -> dict[str, str | None]:
    return extract_signature(Context.of(Document.from_text(text)))["signer"].value


def test_authority_with_its_last_letter_slipped_or_lost() -> None:
    for read in ("TUG. CHỦ TỊCH", "TU. CHỦ TỊCH", "-_-Q;GIÁM ĐỐC"):
        m = AUTHORITY.match(read)
        assert m, read
    assert _authority(AUTHORITY.match("TUG. CHỦ TỊCH").group(1)) == "TUQ"
    assert _authority(AUTHORITY.match("TU. CHỦ TỊCH").group(1)) == "TUQ"
    assert _authority(AUTHORITY.match("-_-Q;GIÁM ĐỐC").group(1)) == "Q"
    assert AUTHORITY.match("TUYÊN QUANG") is None  # a place, not "TU." before an office


def test_signer_under_a_slipped_authority_takes_the_title_below() -> None:
    text = "Nơi nhận:\n- Như trên;\n- Lưu: VT, C.\nTUG. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nmã\nBùi Minh Yến\n"
    assert _signer(text) == {"name": "Bùi Minh Yến", "title": "Chánh Văn phòng", "authority": "TUQ"}


def test_inner_authority_set_apart_from_the_outer_one() -> None:
    """"TM." read beside "Nơi nhận"; "KT. CHỦ TỊCH" lower down: the inner one counts."""
    text = (
        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Thường trực HĐND huyện;\n- Lưu: VT, TCKH.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Hùng\n"
    )
    assert _signer(text) == {"name": "Trần Thị Hùng", "title": "Phó Chủ tịch", "authority": "KT"}
    plain = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐỗ Thanh Quân\n"
    assert _signer(plain) == {"name": "Đỗ Thanh Quân", "title": "Chủ tịch", "authority": "TM"}


def test_debris_that_starts_like_an_authority_does_not_hide_the_name() -> None:
    text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTL Lên l 2\nTrần Ngọc Quân\n"
    assert _signer(text)["name"] == "Trần Ngọc Quân"


def test_stock_item_keeps_its_abbreviation_dot() -> None:
    assert snap_item("Chủ tịch, các PCT UBND TP (b/c)") == "Chủ tịch, các PCT. UBND TP (b/c)"
    assert snap_item("CT, các PCT UBND huyện") == "CT, các PCT UBND huyện"


def test_issuer_trimmed_of_what_a_scan_read_into_it() -> None:
    assert trim_body("Sở Tư pháp kuốn thành phố Hà Nội") == "Sở Tư pháp thành phố Hà Nội"
    assert trim_body("Phòng Văn hóa và Thông tin 5 huyện Gia Bình") == "Phòng Văn hóa và Thông tin huyện Gia Bình"
    assert trim_body("Bộ Nội vụ pc thị trấn") == "Bộ Nội vụ"
    assert trim_body('°2" Ủy ban nhân dân thành phố Cần Thơ') == "Ủy ban nhân dân thành phố Cần Thơ"
    for kept in ("Sở Tư pháp thành phố Hà Nội", "Bộ Nội vụ", "Ủy ban nhân dân huyện Gia Bình",
                 "Sở Văn hóa, Thể thao và Du lịch tỉnh Kiên Giang"):  # fmt: skip
        assert trim_body(kept) == kept


def test_issuer_locality_agrees_with_the_date_line() -> None:
    assert place_agrees("Sở Giáo dục và Đào tạo tỉnh Hát Dương", "Hải Dương") == "Sở Giáo dục và Đào tạo tỉnh Hải Dương"
    assert place_agrees("Ủy ban nhân dân huyện Tuyan", "Tuy An") == "Ủy ban nhân dân huyện Tuy An"
    assert place_agrees("Ủy ban nhân dân tỉnh Bắc Ninh", "Bắc Giang") == "Ủy ban nhân dân tỉnh Bắc Ninh"  # both listed
    assert glued_locality("Ủy ban nhân dân Thnhbäcninh", "Bắc Ninh") == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert glued_locality("Ủy ban nhân dân tỉnh Bắc Ninh", "Bắc Ninh") == "Ủy ban nhân dân tỉnh Bắc Ninh"


def test_department_inherits_its_committees_locality() -> None:
    parent = "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert inherit_locality("Sở Giáo dục và Đào tạo", parent) == "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh"
    assert inherit_locality("Ủy ban nhân dân", parent) == "Ủy ban nhân dân"
    assert locality_name("Ủy ban nhân dân thành phố Cần Thơ") == "Cần Thơ"
    assert locality_name("Ủy ban nhân dân phường Vũ Ninh") == "Vũ Ninh"
    assert locality_name("Bộ Nội vụ") is None


def test_date_line_slips_of_its_fixed_words_and_year() -> None:
    found = _read(text_line("Sóc Trăng, gay H tháng 6 năm 2024"))
    assert found and found[1].value == "2024-06"  # "ngày" lost its "n": the date still reads
    found = _read(text_line("Hải Dương, ngày 04 tháng 01 năng 2024"))
    assert found and (found[0].value, found[1].value) == ("Hải Dương", "2024-01-04")
    found = _read(text_line("Số: 1180/UBND-KT Vũ Ninh, ngày tháng 12 năm 202I sa"))
    assert found and found[1].value == "2021-12"
    found = _read(text_line("Quảng 3tị, ngày 13 tháng 7 năm 2024"))
    assert found and found[0].value is None and found[1].value == "2024-07-13"
    found = _read(text_line("Số: 794/T B-UBN D Khánh Hòa, ngay 02 tháng 7 năm 2021"))
    assert found and found[0].value == "Khánh Hòa"
    assert _read(text_line("Khánh Hòa, ngay 02 tháng 7 năm 202")) is None  # the year's digit cut: the letter decides


def test_truncated_year_completed_from_the_letters_own_years() -> None:
    text = "Khánh Hòa, ngay 02 tháng 7 năm 202\nnghiệp vụ văn thư năm 2021\nngày 17 tháng 3 năm 2021; 2020"
    ctx = Context.of(Document.from_text(text))
    found = _read(ctx.lines[0], ctx)
    assert found and found[1].value == "2021-07-02"


def test_arrival_stamp_year_put_right_from_the_issue_date() -> None:
    assert stamp_year_fixed("2021-11-07", "2024-11-03") == "2024-11-07"
    assert stamp_year_fixed("2022-03-11", "2025-03-09") == "2025-03-11"
    assert stamp_year_fixed("2025-03-11", "2025-03-09") == "2025-03-11"  # fits: left alone
    assert stamp_year_fixed("2122-02-12", "2023-02-06") == "2122-02-12"  # two digits off: no telling


def test_symbol_broken_by_a_space() -> None:
    assert kerned_symbol("UBND-", " TH\n") == ("UBND-TH", "\n")
    assert kerned_symbol("T", " B-UBND Khánh Hòa")[0] == "TB-UBND"
    assert kerned_symbol("TB", " B-STP")[0] == "TB-STP"  # a letter read twice across the gap
    assert kerned_symbol("UBND-KT", " Hà Nội") == ("UBND-KT", " Hà Nội")
    assert kerned_symbol("X", " Y-UBND")[0] == "X"  # no listed type code: left alone


def test_number_line_heading_misread() -> None:
    for line, num, sym in (("-§6:1483/KH-BNV", "1483", "KH-BNV"), ("A: /BC-UBND", None, "BC-UBND"),
                           ("- Số: 1961KH- SGDĐT s.", "1961", "KH- SGDĐT")):  # fmt: skip
        ctx = Context.of(Document.from_text(f"ỦY BAN NHÂN DÂN\n{line}\n"))
        hit = number_line(ctx)
        assert hit and (hit[1].group("num"), hit[1].group("sym")) == (num, sym), line


def test_subject_specks_and_vv_as_misread() -> None:
    assert _specks_out("Đăng ký sáng kiến cải cách hành chính năm 2025 hải") == "Đăng ký sáng kiến cải cách hành chính năm 2025"
    assert _specks_out("Triển khai năm 2025 kh ủng") == "Triển khai năm 2025"
    assert _specks_out("Kế hoạch năm 2025 của tỉnh") == "Kế hoạch năm 2025 của tỉnh"  # a link word: the subject goes on
    assert _specks_out("Đẩy mạnh chuyển đổi ï số") == "Đẩy mạnh chuyển đổi số"
    assert _specks_out("Báo cáo kết quả á áp dụng") == "Báo cáo kết quả áp dụng"
    assert _specks_out("Cử cán bộ tham dự ]lớp tập huấn") == "Cử cán bộ tham dự lớp tập huấn"
    assert _specks_out("Kiểm tra ở xã") == "Kiểm tra ở xã"
    for read in ("-_V/⁄v cử cán-bộ tham dự", "V¿ cử cán bộ tham dự"):
        assert VV.match(read), read


def test_filing_item_and_item_tails_as_misread() -> None:
    assert filing_item('sử "Lưu: VT NC.') == "Lưu: VT, NC"  # a speck before it, the comma lost
    assert filing_item("Lưu: XT, KT.") == "Lưu: VT, KT"  # the archive comes first
    assert filing_item("Lưu: VT, VHXH có SN") == "Lưu: VT, VHXH"
    assert filing_item("Lưu: VT, HCTH.") == "Lưu: VT, HCTH"
    assert cut_tail("CT, các PCT UBND huyện,, ¬C") == "CT, các PCT UBND huyện"


def test_as_above_first_item() -> None:
    assert as_above(["NN nên", "Phòng Nội vụ"]) == ["Như trên", "Phòng Nội vụ"]
    assert as_above(["Nhưtyên; - nh 2", "VP UBND tỉnh"]) == ["Như trên", "VP UBND tỉnh"]
    assert as_above(["Như trên", "Sở Nội vụ"]) == ["Như trên", "Sở Nội vụ"]
    assert as_above(["Ngân hàng Nhà nước", "Lưu: VT"]) == ["Ngân hàng Nhà nước", "Lưu: VT"]
    assert as_above(["Sở Nội vụ", "Lưu: VT"]) == ["Sở Nội vụ", "Lưu: VT"]


def test_name_first_letter_misread() -> None:
    assert respell_given("Võ Ihu Nam") == "Võ Thu Nam"
    assert respell_given("Võ Thu Nam") == "Võ Thu Nam"
    assert clean_name("ˆ 1ý Quốc Long.") == "Lý Quốc Long"


def test_recipients_list_ends_where_the_body_opens() -> None:
    text = (
        "Kính-gửi: - Các sở, ban, ngành tỉnh;\n- Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh:\n"
        "Thực hiện Quyết định số 2464/QĐ-UBND ngày 7/12/2024 của UBND tỉnh về phát động phong trào;\n"
        "Sở Tư pháp đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:\n"
    )
    found = extract_parties(Context.of(Document.from_text(text)))["recipients"].value
    assert found == ["Các sở, ban, ngành tỉnh", "Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh"]


def test_distribution_heading_with_specks_around_it() -> None:
    assert NOI_NHAN.match(', "¡Nơi nhận:')
    text = (
        "- Nơi nhận: - hở\nTM: ỦY BAN NHÂN DÂN\n- CT, các PCT UBND huyện; ¬ CHỦ TỊCH\n"
        "- VP UBND tỉnh;\n\" Lưu: VT, VP,\n"
    )
    found = extract_parties(Context.of(Document.from_text(text)))["distribution"].value
    assert found == ["CT, các PCT UBND huyện", "VP UBND tỉnh", "Lưu: VT, VP"]


def test_day_broken_by_a_space() -> None:
    found = _read(text_line("Hà Nội, ngày 06 0 tháng 7 năm 2025'"))
    assert found and found[1].value == "2025-07-06" and found[1].score < 0.85  # a speck after the day
    found = _read(text_line("Đà Nẵng, ngày 1 1 tháng 4 năm 2025"))
    assert found and found[1].value == "2025-04-11"  # one number split in two


def test_long_stock_item_two_slips_away() -> None:
    assert _clean_item("- CT,các VP UBND huyện;") == "CT, các PCT UBND huyện"  # two slips, no rival near
    assert snap_item("VPUBNDtinh") == "VP UBND tỉnh"  # one slip (spaces aside), as before
    assert snap_item("Thường trực HĐND quận") == "Thường trực HĐND quận"  # rivals near: left alone
