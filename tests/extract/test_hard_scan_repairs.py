"""Repairs for hard scans: dates with debris, header lines, titles, issuers, signatures,
distribution items, citations, deadline triggers and subjects repaired from their echoes.

Every input is a kind of misreading Tesseract makes on a tired, speckled scan; each group also
checks that a correct reading is left alone.
"""

from __future__ import annotations

import pytest

from pipeline.extract.dates import find_dates
from pipeline.extract.deadlines import TRIGGER
from pipeline.extract.doctypes import canonical_type, fix_org_code, type_from_title
from pipeline.extract.echo import repair_from_echoes
from pipeline.extract.header import PLACE_DATE, header_spelling
from pipeline.extract.headlines import tidy_issuer
from pipeline.extract.parties import _clean_item, _note
from pipeline.extract.references import CITATION, _symbol_year
from pipeline.extract.signature import (
    AUTHORITY,
    _is_office,
    clean_name,
    office_title,
    respell_given,
)


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("Gio Linh, ngày.24 tháng 3.năm 2023..", "2023-03-24"),
        ("ngày 4 tháng 3 năm 2Ö26", "2026-03-04"),
        ("ngày 0! tháng 10 năm 2024", "2024-10-01"),
        ("ngày 9 thủng 11 năm 2021", "2021-11-09"),
        ("ngày 16 tháng 9 âm 2026", "2026-09-16"),
        ("ngày +17, -ˆ thắng 08 năm 2022", "2022-08-17"),
        ("ngày 8/ 1⁄2021", "2021-01-08"),
        ("ngày 20 tháng l năm 2026", "2026-01-20"),
        ("trước ngày 16 tháng 1 năm 2023.", "2023-01-16"),  # clean: unchanged
    ],
)
def test_dates_through_debris(read: str, want: str) -> None:
    assert [h.iso for h in find_dates(read)] == [want]


def test_place_date_line() -> None:
    m = PLACE_DATE.search("Số: 351/VHTT-CCHC Quỳnh Lưu, ngày 16 tháng 9 âm 2026")
    assert m and m.group("place") == "Quỳnh Lưu"
    assert PLACE_DATE.search("Thực hiện công văn, ngày 24 tháng 3 năm 2023") is None
    assert header_spelling("Gio kinh", "Phòng Tư pháp huyện Gio Linh") == "Gio Linh"
    assert header_spelling("Nam Sách", "Ủy ban nhân dân huyện Nam Sách") == "Nam Sách"


@pytest.mark.parametrize(
    ("line", "want"),
    [("KỂ HOẠCH", "Kế hoạch"), ("HƯỚNG ĐẪN", "Hướng dẫn"), ("QUYẾT ĐỊNH ˆ", "Quyết định"),
     ("- QUYẾT ĐỊNH", "Quyết định"), ("- KẾ HOẠCH", None), ("Kế hoạch số 12", None),
     ("ỦY BAN NHÂN DÂN", None)],
)  # fmt: skip
def test_type_titles(line: str, want: str | None) -> None:
    assert type_from_title(line) == want


def test_org_codes_and_types() -> None:
    assert fix_org_code("UBNP-VP") == "UBND-VP"
    assert fix_org_code("BC-UBÑD") == "BC-UBND"
    assert fix_org_code("JUBND-TH") == "UBND-TH"
    assert fix_org_code("QĐ-UBDT") == "QĐ-UBDT"  # another body's code
    assert fix_org_code("2021/TT-BNV") == "2021/TT-BNV"
    assert canonical_type("Nghị. định") == "Nghị định"
    assert canonical_type("Thống tư") == "Thông tư"


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("Ủy ban nhân dân . xã Mong Thọ", "Ủy ban nhân dân xã Mong Thọ"),
        ("Ủy ban nhân dân Thành phõ rạch giá", "Ủy ban nhân dân thành phố Rạch Giá"),
        ("Tlbnd huyện Quỳnh Lưu", "Ủy ban nhân dân huyện Quỳnh Lưu"),
        ("L nd tính kiên giang", "Ủy ban nhân dân tỉnh Kiên Giang"),
        ("Ủy-ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
        ("Ủy ban-nhân dân huyện Nhơn Trạch ____°a, Lộ", "Ủy ban nhân dân huyện Nhơn Trạch"),
        # right already: unchanged
        ("Sở Y tế tỉnh Long An", "Sở Y tế tỉnh Long An"),
        ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"),
        ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
        ("Bộ Nội vụ", "Bộ Nội vụ"),
    ],
)
def test_tidy_issuer(read: str, want: str) -> None:
    assert tidy_issuer(read) == want


def test_signature_lines() -> None:
    m = AUTHORITY.match("KT CHỦ TỊCH")
    assert m and m.group(1) == "KT"
    m = AUTHORITY.match("Ó. GIÁM ĐỐC:")
    assert m and m.group(1) == "Ó"  # read as "Q" by the extractor
    assert AUTHORITY.match("Nguyễn Văn An") is None
    assert _is_office("CHỦ TỊCH.")
    assert _is_office("-.,GHÁNH VĂN PHÒNG")
    assert office_title("PHÓ CHỦ HU TỊC H") == "Phó Chủ tịch"
    assert not _is_office("Ủy ban nhân dân")
    assert clean_name("Huỳnh.Thị Phong") == "Huỳnh Thị Phong"
    assert clean_name("- JNgồ Văn Phong") == "Ngồ Văn Phong"
    assert respell_given("Võ Đực Trung") == "Võ Đức Trung"
    assert respell_given("Nguyễn Thị Tâm") == "Nguyễn Thị Tâm"


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("- Chủ tịch, các, PCT: ƯBÑD TP (b/C);", "Chủ tịch, các PCT. UBND TP (b/c)"),
        ("- Công;thông tin điện tử,", "Cổng thông tin điện tử"),
        ("- VPUBND tỉnh;", "VP UBND tỉnh"),
        ("- Sở Nội vụ, ? 7", "Sở Nội vụ"),
        ("- Thường trực HĐND huyện an;", "Thường trực HĐND huyện"),
        ("- Văn phòng HĐND và UBND pH;", "Văn phòng HĐND và UBND (p/h)"),
        ("- Như tên,", "Như trên"),
        ("- TT.Hội đồng TĐ-KT huyện (PNV);", "TT.Hội đồng TĐ-KT huyện (PNV)"),  # a unit's code
    ],
)
def test_distribution_items(read: str, want: str) -> None:
    assert _clean_item(read) == want


@pytest.mark.parametrize(
    ("read", "want"),
    [("TP (bí)", "TP (b/c)"), ("TP(/c)", "TP (b/c)"), ("UBND (p/hy", "UBND (p/h)"), ("UBND (pih)", "UBND (p/h)"),
     ("huyện (PNV)", "huyện (PNV)")],
)  # fmt: skip
def test_notes(read: str, want: str) -> None:
    assert _note(read) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Thực Hiện Thống tư số 998/2021/TT-BNV ngày", ("998", "2021/TT-BNV")),
        ("Kế hoạch số s 2713/KH-UBND ngày", ("2713", "KH-UBND")),
        ("Hướng, dẫn: số  1660/HD-UBND ngày", ("1660", "HD-UBND")),
        ("Thông báo số - 138/TB- UBND ngày", ("138", "TB- UBND")),
    ],
)
def test_citations(text: str, want: tuple[str, str]) -> None:
    m = CITATION.search(text)
    assert m and (m.group("num"), m.group("sym") or m.group("sym2")) == want


def test_symbol_year_from_date() -> None:
    assert _symbol_year("2625/TT-BNV", "2025-09-04") == "2025/TT-BNV"
    assert _symbol_year("2024/TT-BNV", "2025-01-04") == "2024/TT-BNV"  # two digits off: kept


@pytest.mark.parametrize(
    "text",
    ["chậm nhất ˆ là ngày 16/7/2021.", "chậm - nhất là ngày 27/11/2024", "chậm nhất-là ngày 07/06/2022",
     "trước ngờ 05/8/2025.", "trước .16h30 ngày 24/02/2026", "trước \"ay 2 tháng 10 năm 2023"],
)  # fmt: skip
def test_deadline_triggers(text: str) -> None:
    assert TRIGGER.search(text)


def test_subject_from_echoes() -> None:
    body = (
        "Thực hiện Quyết định số 1/QĐ-UBND về đăng ký sáng kiến cải cách hành chính; Thông tư số "
        "2/2023/TT-BNV về đăng ký sáng kiến cải cách hành chính, Bộ Tài chính đề nghị như sau"
    )
    assert repair_from_echoes("Đăng ký sáng hiến cải cách hành chính năm 2023", body) == (
        "Đăng ký sáng kiến cải cách hành chính năm 2023"
    )
    body = "Nhằm tổ chức tuyên truyền an toàn giao thông, Sở đề nghị các đơn vị như sau"
    assert repair_from_echoes("Tø chức tuyên truyền an toàn giao thông", body) == (
        "Tổ chức tuyên truyền an toàn giao thông"
    )
    # a subject its body does not echo, and one the body misreads once: unchanged
    assert repair_from_echoes("Phát động phong trào thi đua", "Các đơn vị báo cáo.") == "Phát động phong trào thi đua"
    body = "về báo cáo kết quả áp dựng sáng kiến trong công tác; về báo cáo kết quả áp dụng sáng kiến trong"
    assert repair_from_echoes("Báo cáo kết quả áp dụng sáng kiến trong công tác", body).endswith("áp dụng sáng kiến trong công tác")


def test_header_symbols() -> None:
    from pipeline.extract.doctypes import fix_symbol
    from pipeline.extract.header import _mend_symbol

    assert _mend_symbol("6TNMT", ":KT ") == "STNMT-KT"
    assert _mend_symbol("UBND-VP", "") == "UBND-VP"
    assert fix_symbol("TT-UBND", "Tờ trình") == "TTr-UBND"  # the "r" lost under a printed TỜ TRÌNH
    assert fix_symbol("TB-UBND", "Tờ trình") == "TB-UBND"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Mỗi xã đăng ký tối thiểu hai. sáng kiến, giải pháp trong năm.", ("hai", "sáng kiến, giải pháp")),
        ("Phòng Nội vụ giới thiệu không ít hơn 01 (một s sáng kiến để tham gia.", ("01", "sáng kiến")),
        ("Các sở đề xuất ít nhất 4. báo cáo thống kê trong năm.", ("4", "báo cáo thống kê")),
        ("đăng ký tối thiểu Ö7 (7) bài viết để tham gia xét chọn.", ("Ö7", "bài viết")),
        ("đăng ký tối thiểu 4-mô hình chuyển đổi số .về lĩnh vực.", ("4", "mô hình chuyển đổi số")),
        ("giới thiệu không ít hơn: 04 (bốn) sáng: kiến trong năm.", ("04", "sáng kiến")),
        ("đăng ký tối i thiếu 3 cá nhân điển hình về lĩnh vực", ("3", "cá nhân điển hình")),
        ("đăng ký tối thiểu 05 (năm) báo cáo điển hình.", ("05", "báo cáo điển hình")),  # clean
    ],
)
def test_quota_phrases(text: str, want: tuple[str, str]) -> None:
    from pipeline.extract.quotas import QUOTA, _item

    m = QUOTA.search(text)
    assert m and (m.group("count1") or m.group("count2"), _item(m.group("item"))) == want
