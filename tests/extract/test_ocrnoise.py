"""Body clauses read through hard-scan debris: specks, glued punctuation, misread digits and
broken numeric dates (``pipeline.extract.ocrnoise``), and the deadlines, quotas and citations
read through them.  Each input is a slip Tesseract makes on a 200 dpi speckled scan; each
group also checks that clean text is left alone.
"""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract.base import Context, Found
from pipeline.extract.deadlines import extract_deadlines
from pipeline.extract.ocrnoise import denoise, repair_dates
from pipeline.extract.quotas import extract_quotas
from pipeline.extract.references import extract_references


def scan_context(body: str, issued: str | None = "2023-10-02") -> Context:
    """A context whose document reads as a scan (words carry boxes) without the scan-wide
    spelling and tone repairs, so only the clause readers' own tolerance is exercised."""
    plain = Document.from_text(body)
    ctx = Context.of(plain)
    scan = Document.from_text(body)
    for page in scan.pages:
        for block in page.blocks:
            for line in block.lines:
                for w in line.words:
                    w.bbox = (0, 0, 1, 1)
    ctx.doc = scan
    if issued:
        ctx.found["issued_date"] = Found(issued)
    return ctx


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("đăng ký tối ¡thiếu 01 buổi", "đăng ký tối  thiếu 01 buổi"),
        ("Không : ít hơn ba dịch vụ", "Không   ít hơn ba dịch vụ"),
        ("trước l7 giờ ngày Ì1 tháng 12", "trước 17 giờ ngày 11 tháng 12"),
        ("trước ngày'23/6 hàng năm", "trước ngày 23/6 hàng năm"),
        ("ít‹hơn 01 (một)", "ít hơn 01 (một)"),
        ("đăng ký-tối thiểu", "đăng ký tối thiểu"),
        ("tối thiếu.06 danh", "tối thiếu 06 danh"),
        ("mỗi cơ.quan, đơn vị", "mỗi cơ quan, đơn vị"),
        ("không Ì ít hơn", "không   ít hơn"),
        ("toàn\n- trinh trong", "toàn\n  trinh trong"),
        ("Nội vụ)\n- - là ngày", "Nội vụ)\n    là ngày"),
    ],
)
def test_denoise_blanks_debris(read: str, want: str) -> None:
    out = denoise(read)
    assert out == want
    assert len(out) == len(read)  # offsets stay valid


@pytest.mark.parametrize(
    "clean",
    [
        "thực hiện. Đề nghị các cơ quan",  # a sentence end before a capital
        "Kế hoạch số 12/KH-UBND ngày 02-12-2023",  # symbols and numeric dates
        "Phòng Tài chính - Kế hoạch; Ban Thi đua - Khen thưởng",
        "Hạn chót nộp hồ sơ: ngày 5/6/2024",
    ],
)
def test_denoise_keeps_clean_text(clean: str) -> None:
    assert denoise(clean) == clean


@pytest.mark.parametrize(
    ("read", "issued", "want"),
    [
        ("Trước ngày 21711/2023, các", "2023-11-01", "Trước ngày 21/11/2023, các"),
        ("trước ngày: 2373 hằng năm.", "2021-03-01", "trước ngày: 23/3 hằng năm."),
        ("là ngày 5712/2022.", "2022-11-20", "là ngày 5/12/2022."),
        ("trước 17 giờ ngày 3/1 1/2026.", "2026-10-01", "trước 17 giờ ngày 3/11/2026."),
        ("chậm nhất là ngày 27/ 12022...", "2022-01-10", "chậm nhất là ngày 27/1/2022..."),
        ("Trước ngày 26:02.2021, văn", "2021-02-01", "Trước ngày 26/02.2021, văn"),
        ("ngày 14/6)2024 của", None, "ngày 14/6/2024 của"),
    ],
)
def test_repair_broken_dates(read: str, issued: str | None, want: str) -> None:
    assert repair_dates(read, issued) == want


@pytest.mark.parametrize(
    "clean",
    ["ngày 25/6/2024 và", "ngày 17/3.", "từ ngày 1.9.2025 đến ngày 16.10.2025", "ngày 15 tháng 3 năm 2024"],
)
def test_repair_dates_keeps_good_dates(clean: str) -> None:
    assert repair_dates(clean, "2025-09-10") == clean


def test_repair_dates_needs_one_reading_near_the_letter() -> None:
    # "21711/2023" read as 21/11/2023 is three years before a 2026 letter: not repaired
    assert repair_dates("Trước ngày 21711/2023, các", "2026-05-01") == "Trước ngày 21711/2023, các"


def _dates(body: str, issued: str | None = "2023-10-02") -> list[str | None]:
    return [d["date"] for d in extract_deadlines(scan_context(body, issued))["deadlines"].value]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("- Trước ngày 21711/2023, các Sở, ban, _ ngành gửi báo cáo kết quả thực\nhiện về UBND huyện.",
         ["2023-11-21"]),
        ("- Hạn chất gửi báo cáo kết quả thực hiện về UBND tỉnh là Ngày\n2-08-2023.", ["2023-08-02"]),
        ("1. Hạn chế nộp hồ sơ đề nghị công nhận về UBND thành phố là ngày\n14-11-2023.", ["2023-11-14"]),
        ("- Văn phòng HĐND và UBND gửi danh sách về Bộ Nội\nvụ, chậm nhất lã ngày 27/ 12023... ˆ",
         ["2023-01-27"]),
        ("2. Văn phòng gửi báo cáo về UBND thành phố trước l7 giờ ngày 02-12-2023.", ["2023-12-02"]),
        ("2. Hạn chót gửi đăng ký về › UBND huyện (qua Phòng Nội vụ)\n- - là ngày 01/2/2024.", ["2024-02-01"]),
        ("- Các phòng gửi danh sách về Phòng Tư pháp.\ntrong-thời hạn 10 ngày kẽ từ ngày: ký văn bản này.",
         ["2023-10-12"]),
        ("2. Phòng Nội vụ gửi danh sách về UBND huyện tổng\n\nthời hạn 7 ngày kể từ ngày ký văn bản này.",
         ["2023-10-09"]),
    ],
)  # fmt: skip
def test_deadlines_through_debris(body: str, want: list[str]) -> None:
    assert _dates(body) == want


def test_hạn_chế_without_a_date_is_no_deadline() -> None:
    assert _dates("Hạn chế việc tổ chức hội nghị, hội thảo trong năm 2023.") == []


def test_year_less_deadline_takes_the_letter_year_when_the_date_is_lost() -> None:
    body = "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2023 của UBND tỉnh.\n\n" * 2 + (
        "3. Các cơ quan, đơn vị gửi đăng ký sáng kiến về UBND tỉnh trước ngày 17/3."
    )
    assert _dates(body, issued=None) == ["2023-03-17"]


def _quotas(body: str) -> list[tuple[object, object]]:
    return [(q["minimum"], q["item"]) for q in extract_quotas(scan_context(body))["quotas"].value]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("- Mỗi cơ quan, đơn vị, địa phương đăng ký tối ¡thiếu 01 buổi tuyên truyền.", [(1, "buổi tuyên truyền")]),
        ("2. Yêu cầu mỗi đơn vị xây dựng 02 đại) sáng kiến trong năm.", [(2, "sáng kiến")]),
        ("- Yêu cầu mỗi xã, phường, thị trấn xây dựng, 01 mô hình, cách làm hay.", [(1, "mô hình, cách làm hay")]),
        ("- Phòng Nội vụ giới thiệu không ít‹hơn 01 (một) sáng kiến, giải pháp để\ntham gia xét chọn.",
         [(1, "sáng kiến, giải pháp")]),
        ("3. Các cơ quan, đơn vị giới thiệu không ít đơn 02 buổi tuyên truyền về\n lĩnh vực được giao.",
         [(2, "buổi tuyên truyền")]),
        ("- Phòng Nội vụ giới thiệu không Ì ít hơn 01 sáng kiến, giải ¡ pháp, ý tưởng\nmới để tham gia.",
         [(1, "sáng kiến, giải pháp, ý tưởng mới")]),
        ("- Mỗi đơn vị đăng ký tối thiểu 05 sáng kiến, giải pháp, ý ý tưởng mới trong năm.",
         [(5, "sáng kiến, giải pháp, ý tưởng mới")]),
    ],
)  # fmt: skip
def test_quotas_through_debris(body: str, want: list[tuple[int, str]]) -> None:
    assert _quotas(body) == want


def test_maxima_stay_out() -> None:
    assert _quotas("- Mỗi đơn vị giới thiệu không quá 02 sáng kiến tiêu biểu.") == []


def _refs(body: str, issued: str = "2025-10-02") -> list[tuple[object, ...]]:
    found = extract_references(scan_context(body, issued))["references"].value
    return [(r["number"], r["symbol"], r["date"], r["issuer"]) for r in found]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("Thực hiện Công văn số ..878/UBND-KGVX ngày 11/10/2022 của Sở Nội vụ về đẩy mạnh",
         ("878", "UBND-KGVX", "2022-10-11", "Sở Nội vụ")),
        ("Nghị định số'2192/2021/NĐ-CP- ngày 3.01.2021 của Chính phủ về đẩy mạnh",
         ("2192", "2021/NĐ-CP", "2021-01-03", "Chính phủ")),
        ("Thông báo số 16017TB:UBND ngày 10/05/2023 về tổ chức", ("1601", "TB-UBND", "2023-05-10", None)),
        ('Thực .hiện "Thông báo số 269/T B-UBND ngày 28 tháng 9 năm 2022 của  UBND huyện về triển khai',
         ("269", "TB-UBND", "2022-09-28", "UBND huyện")),
        ("Quyết định số 1371/QĐ-UBND ngày 13/10/2024 của UBND huyện vẻ đẩy mạnh chuyển đổi số",
         ("1371", "QĐ-UBND", "2024-10-13", "UBND huyện")),
        ("Quyết. định số 543/QĐ- -UBND ngày 8/1/2022 của Chủ tịch UBND tỉnh về đẩy mạnh",
         ("543", "QĐ-UBND", "2022-01-08", "Chủ tịch UBND tỉnh")),
        ("Thông báo số 2982/TB-UBND ngày 1/672025 của UBND tỉnh về rà soát",
         ("2982", "TB-UBND", "2025-06-01", "UBND tỉnh")),
        ("Công văn số 1716/UBND-KGVX-ngày 06/02/2022 của UBND tỉnh về tổ chức",
         ("1716", "UBND-KGVX", "2022-02-06", "UBND tỉnh")),
        ("Thông tư số 820/20247TT-BNV ngày 18/7/2024 của Bộ Nội vụ về việc",
         ("820", "2024/TT-BNV", "2024-07-18", "Bộ Nội vụ")),
        ("Thông tư số 635/2021/TT:-BNV Ngày 08/5/2021 của Bộ Nội vụ về rà soát",
         ("635", "2021/TT-BNV", "2021-05-08", "Bộ Nội vụ")),
        ("Quyết định số 2520/QĐ-UBND ngày 10/8/2022 của Chủ tịch - UBND tỉnh về việc",
         ("2520", "QĐ-UBND", "2022-08-10", "Chủ tịch UBND tỉnh")),
        ("Kế hoạch số 1924/KH-UBND ngày 27 tháng 09 năm 2035 của UBND tỉnh về đẩy mạnh",
         ("1924", "KH-UBND", "2025-09-27", "UBND tỉnh")),
    ],
)  # fmt: skip
def test_citations_through_debris(body: str, want: tuple[object, ...]) -> None:
    assert _refs(body) == [want]


def test_issuer_hyphen_speck() -> None:
    body = "Thông tư số 656/2024/TT-BNV ngày 14/6)2024 của Bộ-Nội vụ: về phát động phong trào"
    assert _refs(body) == [("656", "2024/TT-BNV", "2024-06-14", "Bộ Nội vụ")]


@pytest.mark.parametrize(
    ("line", "emails", "phones"),
    [
        ("điện thoại: 0961.699.285, email: cchc59(@dọngnai.gov.vn.", ["cchc59@dongnai.gov.vn"], ["0961699285"]),
        ("điện thoại: 0834 040 837, email: vanthu34⁄2tayninh.gov.vn.", ["vanthu34@tayninh.gov.vn"], ["0834040837"]),
        ("điện thoại: 0382 138 055, email: tonghop92@dongnai. 80v: vn.", ["tonghop92@dongnai.gov.vn"], ["0382138055"]),
        ("điện thoại: 0841547911, email: cchc87@binhdinH. -gov.vn.", ["cchc87@binhdinh.gov.vn"], ["0841547911"]),
        ("điện thoại: 0244 231929, email: cchc44tayninh.gov.vn.", ["cchc44@tayninh.gov.vn"], ["0244231929"]),
        ("điện thoại: (096B) 485773, email: vanthu21@tayninh.gov.vn.", ["vanthu21@tayninh.gov.vn"], ["0968485773"]),
        ("điện thoại: 0ð79 670 259,-email: vanthu75(@dongnai.gov.vn.", ["vanthu75@dongnai.gov.vn"], ["0879670259"]),
        ("điện thoại: 0339929312, email: cchc 1@tayninh. gov.vn. :", ["cchc1@tayninh.gov.vn"], ["0339929312"]),
    ],
)  # fmt: skip
def test_contacts_through_debris(line: str, emails: list[str], phones: list[str]) -> None:
    from pipeline.extract.contacts import extract_contacts

    found = extract_contacts(scan_context("Thông tin chi tiết liên hệ đồng chí A, chuyên viên, " + line))
    assert found["contacts"].value == {"emails": emails, "phones": phones}


def test_campaign_from_the_grounds_when_the_subject_is_lost() -> None:
    from pipeline.extract.campaign import extract_campaign

    body = ("Kính gửi: Các phòng chuyên môn.\n\nThực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2021 của UBND "
            "tỉnh về tổ chức tuyên truyền an toàn giao thông, UBND huyện đề nghị như sau:")  # fmt: skip
    ctx = scan_context(body, issued="2021-07-26")
    ctx.found["subject"] = Found("Tổ chức tuyên truyền", 0.9, (0, 10))
    assert extract_campaign(ctx)["campaign"].value == {"topic": "an toàn giao thông", "year": 2021}
    ctx.found["subject"] = Found("Đấy mạnhchuyển đốisố trong cơ quan nhà nước năm 2026", 0.9, (0, 10))
    assert extract_campaign(ctx)["campaign"].value == {"topic": "chuyển đổi số", "year": 2026}
