"""Field families on small letters written for the case (no seed special cases)."""

from __future__ import annotations

from typing import Any

from pipeline.document import Document
from pipeline.extract import extract_fields


def fields(text: str) -> dict[str, Any]:
    ctx = extract_fields(Document.from_text(text))
    return {k: v.value for k, v in ctx.found.items()}


HEADER = """UBND TỈNH BÌNH ĐỊNH
SỞ NỘI VỤ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 37/2022/QĐ-SNV

KHẨN

Quy Nhơn, ngày    tháng 5 năm 2022

QUYẾT ĐỊNH
Ban hành Quy chế làm việc
của Sở Nội vụ
"""


def test_parent_and_issuer_with_locality() -> None:
    f = fields(HEADER)
    assert f["issuer"] == {"name": "Sở Nội vụ tỉnh Bình Định", "parent": "Ủy ban nhân dân tỉnh Bình Định"}
    assert (f["number"], f["symbol"]) == ("37", "2022/QĐ-SNV")
    assert (f["place"], f["issued_date"]) == ("Quy Nhơn", "2022-05")
    assert f["doc_type"] == "Quyết định"
    assert f["subject"] == "Ban hành Quy chế làm việc của Sở Nội vụ"
    assert f["urgency"] == "Khẩn" and f["secrecy"] is None


def test_blank_number_and_merged_header_columns() -> None:
    f = fields(
        "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN GIO LINH Độc lập - Tự do - Hạnh phúc\n\nSố:   /UBND-VP\n"
        "V/v rà soát hồ sơ\nlưu trữ năm 2024.\n\nGio Linh, ngày 03 tháng 02 năm 2024\n"
    )
    assert f["issuer"]["name"] == "Ủy ban nhân dân huyện Gio Linh"
    assert f["number"] is None and f["symbol"] == "UBND-VP"
    assert f["subject"] == "Rà soát hồ sơ lưu trữ năm 2024"
    assert f["doc_type"] == "Công văn"


def test_recipients_distribution_signature() -> None:
    f = fields(
        "Số: 7/UBND-VP\n\nKính gửi:\n- Các sở, ban, ngành;\n- UBND các huyện,\nthị xã.\n\nNội dung.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu. VT, NV.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n-Trần Văn Bình"
    )
    assert f["recipients"] == ["Các sở, ban, ngành", "UBND các huyện, thị xã"]
    assert f["distribution"] == ["Như trên", "Lưu: VT, NV"]
    assert f["signer"] == {"name": "Trần Văn Bình", "title": "Phó Chủ tịch", "authority": "KT"}


def test_one_line_recipient_and_q_authority() -> None:
    f = fields("Số: 8/SNV-TH\n\nKính gửi: Sở Tư pháp.\n\nThực hiện nội dung.\n\nQ. GIÁM ĐỐC\n\nLê Thị Lan")
    assert f["recipients"] == ["Sở Tư pháp"]
    assert f["signer"] == {"name": "Lê Thị Lan", "title": "Giám đốc", "authority": "Q"}


def test_references_contacts_arrival() -> None:
    f = fields(
        "ĐẾN\nSố: 1234\nNgày: 02/02/2024\n\n"
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; "
        "Công văn số 12/UBND-NV ngày 8-1-2024 của UBND huyện về việc báo cáo. "
        "Liên hệ: điện thoại 0912.345.678, email: vanthu@dongnai.gov.vn."
    )
    assert f["references"] == [
        {"doc_type": "Nghị định", "number": "30", "symbol": "2020/NĐ-CP", "date": "2020-03-05", "issuer": "Chính phủ"},
        {"doc_type": "Công văn", "number": "12", "symbol": "UBND-NV", "date": "2024-01-08", "issuer": "UBND huyện"},
    ]
    assert f["contacts"] == {"emails": ["vanthu@dongnai.gov.vn"], "phones": ["0912345678"]}
    assert f["arrival"] == {"number": "1234", "date": "2024-02-02"}


def test_ocr_repairs() -> None:
    from pipeline.extract.dates import repair_year
    from pipeline.extract.doctypes import fix_symbol
    from pipeline.extract.localities import canonical_place

    assert canonical_place("Vĩnh Lình") == "Vĩnh Linh"
    assert canonical_place("Biên Hòa") == "Biên Hòa"
    assert canonical_place("Xyz Abc") == "Xyz Abc"
    assert fix_symbol("TTIr-NV", "Tờ trình") == "TTr-NV"
    assert fix_symbol("UBND-NV", "Công văn") == "UBND-NV"
    assert repair_year("2924-10-22", "2024-10") == "2024-10-22"
    assert repair_year("2099-01-01", "2024") == "2099-01-01"


def test_scan_header_with_lost_slash_and_debris() -> None:
    f = fields(
        "_ỦYBANNHÂNDÂN . CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN VINH LINH Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 2412 KH-UBND\n\nVĩnh Lình, ngay 18 thang 5 năm 2023\n\nKẾ HOẠCH\nRà soát hồ sơ\n"
    )
    assert f["issuer"]["name"] == "Ủy ban nhân dân huyện Vĩnh Linh"
    assert (f["number"], f["symbol"], f["place"], f["issued_date"]) == ("2412", "KH-UBND", "Vĩnh Linh", "2023-05-18")
