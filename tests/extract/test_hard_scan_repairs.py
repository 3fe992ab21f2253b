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


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("- Ban-Thi đua - Khen thưởng;", "Ban Thi đua - Khen thưởng"),  # a mark in the gap
        ("- Ban'Thi đua - Khen thưởng;", "Ban Thi đua - Khen thưởng"),
        ("- Chủ tịch, các.PCT. UBND TP (b/c);", "Chủ tịch, các PCT. UBND TP (b/c)"),
        ("- Cổng thông tin điện-từ;", "Cổng thông tin điện tử"),
        ("- Thường trực HĐND huyện: - k", "Thường trực HĐND huyện"),  # ";" read ":" + specks
        ("- Phòng Nỗi vu: TT", "Phòng Nội vụ"),
        ("Nhưtrến", "Như trên"),
        ("- Như treh;", "Như trên"),
        ("- Lưu: .VT, TH.", "Lưu: VT, TH"),
        ("- Lưu: ŸT, NV", "Lưu: VT, NV"),
        ("- Lưu: VT, NC., ý", "Lưu: VT, NC"),
        ("- Lưu: VT, ÑV.", "Lưu: VT, NV"),
        ("- Lưu: VT,CC HC.", "Lưu: VT, CCHC"),
        # read right: unchanged
        ("- UBND tỉnh Bà Rịa-Vũng Tàu;", "UBND tỉnh Bà Rịa-Vũng Tàu"),
        ("- Lưu: VT, NV, TH.", "Lưu: VT, NV, TH"),
        ("- Lưu: VT, TCKH, (2b)", "Lưu: VT, TCKH, (2b)"),
        ("- Văn phòng HĐND và UBND (p/h);", "Văn phòng HĐND và UBND (p/h)"),
    ],
)
def test_distribution_items_round2(read: str, want: str) -> None:
    assert _clean_item(read) == want


def test_distribution_items_merged_or_beside_the_signature() -> None:
    from pipeline.extract.parties import _plausible, _unmerge

    merged = "- CT, các PCT UBND huyện; Ban Thi đua - Khen thưởng"
    assert [_clean_item(i) for i in _unmerge([merged])] == ["CT, các PCT UBND huyện", "Ban Thi đua - Khen thưởng"]
    assert _unmerge(["TT. HU; HĐND huyện"]) == ["TT. HU; HĐND huyện"]  # one item with a ";"
    assert not _plausible("GIÁM ĐỐC")
    assert _plausible("VP UBND tỉnh")


def test_distribution_list_without_dashes() -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.parties import extract_parties

    text = (
        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n- Như trên;\n- Phòng Nỗi vu: TT\n"
        "Thường trực HĐND huyện;\n\" Sở Nội vụ;\n;Uưu:VT,KT\n"
    )
    found = extract_parties(Context.of(Document.from_text(text)))["distribution"].value
    assert found == ["Như trên", "Phòng Nội vụ", "Thường trực HĐND huyện", "Sở Nội vụ", "Lưu: VT, KT"]


@pytest.mark.parametrize(
    ("name", "parent", "want"),
    [
        ("Phòng Văn hóa và Thông tin Nhơn Trạch", "Ủy ban nhân dân huyện Nhơn Trạch",
         "Phòng Văn hóa và Thông tin huyện Nhơn Trạch"),
        ("Sở Tài nguyên và Môi trường phố Đà Nẵng", "Ủy ban nhân dân thành phố Đà Nẵng",
         "Sở Tài nguyên và Môi trường thành phố Đà Nẵng"),
        ("Phòng Nội vụ luyện Nhơn Trạch", "Ủy ban nhân dân huyện Nhơn Trạch", "Phòng Nội vụ huyện Nhơn Trạch"),
        # read right, or another locality: unchanged
        ("Sở Tư pháp tỉnh Hải Dương", "Ủy ban nhân dân tỉnh Hải Dương", "Sở Tư pháp tỉnh Hải Dương"),
        ("Phòng Nội vụ quận Hải Châu", "Ủy ban nhân dân thành phố Đà Nẵng", "Phòng Nội vụ quận Hải Châu"),
        ("Phòng Nội vụ", "Ủy ban nhân dân huyện Nhơn Trạch", "Phòng Nội vụ"),
    ],
)  # fmt: skip
def test_issuer_takes_the_parents_locality(name: str, parent: str, want: str) -> None:
    from pipeline.extract.localities import agree_locality

    assert agree_locality(name, parent) == want


def test_issuer_locality_speck() -> None:
    from pipeline.extract.header import fix_locality

    assert fix_locality("Ủy ban nhân dân huyện .nhơn Trạch") == "Ủy ban nhân dân huyện Nhơn Trạch"
    kept = "Phòng Lao động - Thương binh và Xã hội huyện Nhơn Trạch"
    assert fix_locality(kept) == kept


def test_citation_number_glued_to_symbol() -> None:
    from pipeline.extract.references import _split_glued

    m = CITATION.search("Thực hiện Thông báo số 2176TB-TCKH ngày 21/05/2021")
    assert m and _split_glued(m.group("num"), m.group("sym"), m.group("sym2")) == ("2176", "TB-TCKH")
    m = CITATION.search("Kế hoạch số 15a/KH-UBND ngày")  # a number with a letter, "/" read: kept
    assert m and _split_glued(m.group("num"), m.group("sym"), m.group("sym2")) == ("15a", "KH-UBND")


def test_header_without_a_number_line() -> None:
    """The "Số:" line lost on a scan ("Số:2912UBNDTH"): place, date, issuer and title still read."""
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.header import extract_header
    from pipeline.extract.unnumbered import extract_unnumbered

    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN LONG THÀNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố:2912UBNDTH\n\nLong Thành, ngày 28 tháng 6 năm 2024\n"
        "V/v triển khai các sáng kiến\n\nKính gửi: Các phòng chuyên môn\n"
    )
    ctx = Context.of(Document.from_text(text))
    assert extract_header(ctx) == {}
    out = extract_unnumbered(ctx)
    assert out["issuer"].value == {"name": "Ủy ban nhân dân huyện Long Thành", "parent": None}
    assert (out["number"].value, out["symbol"].value) == ("2912", "UBND-TH")
    assert (out["place"].value, out["issued_date"].value) == ("Long Thành", "2024-06-28")
    # no motto, no "Số:" line: a news article, left to ``article.py``
    article = Context.of(Document.from_text("Long Thành, ngày 28 tháng 6 năm 2024\nBài báo"))
    assert extract_unnumbered(article) == {}


def test_issuer_column_stops_at_a_misread_number_line() -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.header import _header_lines

    text = "ỦY BAN NHÂN DÂN\n- HUYỆN CHÂU THÀNH\n'S§ố:2277/KH-UBND\n_ SỞNỘI VỤ\n"
    ctx = Context.of(Document.from_text(text))
    assert [t for t, _, _ in _header_lines(ctx, len(text))] == ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH"]
    ctx = Context.of(Document.from_text("UBND TỈNH ĐỒNG NAI\n_ SỞNỘI VỤ\n"))
    assert [t for t, _, _ in _header_lines(ctx, 100)][-1] == "SỞ NỘI VỤ"


@pytest.mark.parametrize(
    ("text", "date", "issuer"),
    [
        ("Nghị định số 1379/2022/NĐ-CP ngây 04/1/2022 của Chính phủ về", "2022-01-04", "Chính phủ"),
        ("Quyết định số 1113/QĐ-UBND ïgày 19/02/2026 của Chủ tịch UBND tỉnh về", "2026-02-19", "Chủ tịch UBND tỉnh"),
        ("Quyết định số 2794/QĐ-UBND ngày 26 tháng Ø6 năm 2024 về", "2024-06-26", None),
        ("Công văn số 1392/UBND-KGVX ngày 29 tháng 9 năm 2023 ˆ của Sở Nội vụ về", "2023-09-29", "Sở Nội vụ"),
        ("Thông tư số 1841/2024/TT-BNV ngày 04 thắng 1 năm 2024 của.Bộ Nội vụ về", "2024-01-04", "Bộ Nội vụ"),
        ("Kế hoạch số 380/KH-UBND ngày 12/3/2024 của UBND huyện về", "2024-03-12", "UBND huyện"),  # clean
    ],
)
def test_citation_date_and_issuer_through_specks(text: str, date: str, issuer: str | None) -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.references import extract_references

    refs = extract_references(Context.of(Document.from_text(text)))["references"].value
    assert [(r["date"], r["issuer"]) for r in refs] == [(date, issuer)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Các sở, ban, ngành giới-thiệu không ït hơn 05 buổi tuyên truyền về lĩnh vực.", (5, "buổi tuyên truyền")),
        ("Thủ trưởng các cơ quan giới thiệu Miông ít hơn 02 (hai) sáng kiến, giải pháp về lĩnh vực.",
         (2, "sáng kiến, giải pháp")),
        ("Yêu cầu mỗi xã, phường, thị trấn Xây dựng 01 (một) mô hình, cách làm' hay về lĩnh vực.",
         (1, "mô hình, cách làm hay")),
        ("Yêu cầu mỗi phòng chuyên môn xây y dựng 4 buổi tuyên truyền.về lĩnh vực.", (4, "buổi tuyên truyền")),
        ("Yêu cầu mỗi cơ: -quan, đơn vị xây dựng 04 (bốn) danh mục ' hồ sơ.", (4, "danh mục hồ sơ")),
        ("Yêu cầu mỗi cơ quan, đơn vị xây dựng 05 mô hình- chuyển đổi số.", (5, "mô hình chuyển đổi số")),
        ("Các cơ quan giới thiệu không ít hơn 01 dịch vụ š công trực tuyến về lĩnh vực.", (1, "dịch vụ công trực tuyến")),
        ("Yêu cầu mỗi phòng xây dựng 3 sáng kiến -để tham gia xét chọn.", (3, "sáng kiến")),
        # not a minimum, or read right: as before
        ("Mỗi đơn vị giới thiệu không quá 02 sáng kiến tiêu biểu.", None),
        ("Số lượng ít hơn 5 hồ sơ thì không tổ chức.", None),
        ("Các sở đăng ký tối thiểu 05 (năm) báo cáo điển hình để tham gia.", (5, "báo cáo điển hình")),
    ],
)  # fmt: skip
def test_quota_recall_round2(text: str, want: tuple[int, str] | None) -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.quotas import extract_quotas

    found = extract_quotas(Context.of(Document.from_text(text)))["quotas"].value
    assert [(q["minimum"], q["item"]) for q in found] == ([want] if want else [])


def test_quota_group_without_specks() -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.quotas import extract_quotas

    text = "Mỗi: cơ quan, đơn vị, địa phương đăng ký tối thiểu 2 mô hình, cách làm hay."
    found = extract_quotas(Context.of(Document.from_text(text)))["quotas"].value
    assert [q["applies_to"] for q in found] == ["Mỗi cơ quan, đơn vị, địa phương"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Phòng Nội vụ gửi danh sách về ` Sở Nội vụ trước ngày ` 14/06/2024.", "2024-06-14"),
        ("Văn phòng cập nhật thông tin lên Hệ thống trước 16h30. ngày 11.10.2024.", "2024-10-11"),
        ("Hạn chót cập nhật thông tin lên Hệ thống quản lý văn bản: b ngày 11/12/2024.", "2024-12-11"),
        ("UBND các xã gửi báo cáo về UBND huyện, chậm nhất lä ngày 8-4-2024.", "2024-04-08"),
        ("Phòng Nội vụ gửi danh sách về UBND huyện tong thời hạn 7 ngày kế từ ngày ký văn bản này.", "2024-01-17"),
        ("Các đơn vị gửi báo cáo trước ngày 20/3/2024.", "2024-03-20"),  # read right
    ],
)
def test_deadline_triggers_round2(text: str, want: str) -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context, Found
    from pipeline.extract.deadlines import extract_deadlines

    ctx = Context.of(Document.from_text(text))
    ctx.found["issued_date"] = Found("2024-01-10", 0.9, None)
    found = extract_deadlines(ctx)["deadlines"].value
    assert [d["date"] for d in found] == [want]


@pytest.mark.parametrize(
    ("text", "emails", "phones"),
    [
        ("điện thoại: (0832) 758076, email: vanthu35(binhdinh.gov.vn.", ["vanthu35@binhdinh.gov.vn"], ["0832758076"]),
        ("điện thoại: -0980.544.080, email: phongnv84@tayninh.gov.vn", ["phongnv84@tayninh.gov.vn"], ["0980544080"]),
        ("điện thoại: 0874:084. 128, email: tonghopB5(@binhdinh.gov.vn.", ["tonghop85@binhdinh.gov.vn"], ["0874084128"]),
        ("email: vanthu52()dongnai. gOV. vn.", ["vanthu52@dongnai.gov.vn"], []),
        ("email: vanthu42@dongnai.gov.vir.", ["vanthu42@dongnai.gov.vn"], []),
        ("email: cchc51@tayninh: '80V. vn.", ["cchc51@tayninh.gov.vn"], []),
        ("email: vanthuS@dongnai.gov.vn.", ["vanthu5@dongnai.gov.vn"], []),
        ("điện thoại:.0202 721 188, email", [], ["0202721188"]),
        # read right, or not a phone: as before
        ("Ngày 12/3/2024, số 0251.3822.123; e-mail: Phong.NV@hcm.gov.vn", ["phong.nv@hcm.gov.vn"], ["02513822123"]),
        ("Quyết định số 1234/QĐ-UBND ngày 12.3.2024", [], []),
    ],
)
def test_contacts_through_scan_slips(text: str, emails: list[str], phones: list[str]) -> None:
    from pipeline.document import Document
    from pipeline.extract.base import Context
    from pipeline.extract.contacts import extract_contacts

    found = extract_contacts(Context.of(Document.from_text(text)))["contacts"].value
    assert (found["emails"], found["phones"]) == (emails, phones)
