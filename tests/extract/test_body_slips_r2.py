"""Round-2 hard-scan slips in the body fields (deadlines, quotas, references, contacts,
campaign): each input is a slip Tesseract makes on a 200 dpi speckled scan, read through the
general rule that puts it right; each group also checks a clean or look-alike case is kept.
"""

from __future__ import annotations

import pytest

from pipeline.extract.base import Found
from pipeline.extract.campaign import extract_campaign
from pipeline.extract.clauses import sentences
from pipeline.extract.contacts import _repair_domains, extract_contacts
from pipeline.extract.dates import find_dates
from pipeline.extract.deadlines import extract_deadlines
from pipeline.extract.ocrnoise import denoise, repair_dates
from pipeline.extract.quotas import extract_quotas
from pipeline.extract.references import extract_references
from tests.extract.test_ocrnoise import scan_context

# ------------------------------------------------------------------------------ references


def _refs(body: str, issued: str | None = "2024-11-03") -> list[dict[str, str | None]]:
    return extract_references(scan_context(body, issued))["references"].value


@pytest.mark.parametrize(
    ("body", "num", "sym"),
    [
        ("Thực hiện Thông báo số 190/T B:UBND ngày 2.1.2022 của UBND huyện về", "190", "TB-UBND"),
        ("Kế hoạch số 2753⁄/KH-UBND ngày 08/06/2023 của UBND huyện về", "2753", "KH-UBND"),
        # a five-digit number before its "/" is real (ministries number past 10,000): kept
        ("Kế hoạch số. 16577/KH-UBND ngày 07 tháng 6 năm 2021 về", "16577", "KH-UBND"),
        ("Công văn $ố\n2302/UBND-VP ngày 10-2-2026 của UBND huyện về", "2302", "UBND-VP"),
        ("Thực hiện Công \\ văn số 2650/UBND- KGVX ngày 07/7/2023 của Sở Nội\nvụ về", "2650", "UBND-KGVX"),
        ("Hướng. dẫn số\nÁI.\n1431/HD-UBND ngày 17/4/2025 về cử cán bộ", "1431", "HD-UBND"),
        ("Kế hoạch'-số 121/KH-UBND ngày 03/5/2024 của Chủ tịch UBND tỉnh về", "121", "KH-UBND"),
        ("Nghị định số 55/2026ÍNĐ-CP ngày 13 tháng 10 năm 2026 của\nChính phủ về", "55", "2026/NĐ-CP"),
        ("Quyết định số\n928/QĐ-UBND.ngày 22-4-2026 của UBND huyện về", "928", "QĐ-UBND"),
    ],
)
def test_citation_read_through_specks(body: str, num: str, sym: str) -> None:
    refs = _refs(body, "2026-11-03")
    assert [(r["number"], r["symbol"]) for r in refs] == [(num, sym)]


@pytest.mark.parametrize(
    ("body", "issuer"),
    [
        ("Nghị định số 2316/2025/NĐ-CP ngày 1 tháng 7 năm 2025 của ,\nChính phủ về, phát động", "Chính phủ"),
        ("Công văn số 1780/UBND-VP ngày 07-10:2020 của ,UBND\nhuyện về báo cáo", "UBND huyện"),
        ("Nghị định số 1129/2026/NĐ-CP ngày 19/06/2026 của-Chính phủ,\nvề phát động", "Chính phủ"),
        ("Thông báo số 631/TB-UBND ngày 26 tháng 01 năm 2021) của\nUBND tỉnh về triển khai", "UBND tỉnh"),
        ("Quyết định số 2576/QĐ-UBND ngày 26/3/2021 của Chủ tịch. UBND tỉnh\nvề triển khai", "Chủ tịch UBND tỉnh"),
        # the date garbled past reading: the issuer after it is still read
        ("Thông. báo số 1048/TB-UBND ngày 02 tháng ÔA năm 2023 của\nChủ tịch UBND tỉnh về rà soát", "Chủ tịch UBND tỉnh"),
    ],
)
def test_issuer_after_punctuation_specks(body: str, issuer: str) -> None:
    assert [r["issuer"] for r in _refs(body, "2026-11-03")] == [issuer]


def test_cited_date_read_through_a_misread_ngay() -> None:
    refs = _refs("Kế hoạch số 1422/KH-UBND pgày..19/01/2021 của\nUBND huyện về cử cán bộ", "2021-02-10")
    assert (refs[0]["date"], refs[0]["issuer"]) == ("2021-01-19", "UBND huyện")


def test_years_the_citations_confirm_outvote_a_misread_letter_date() -> None:
    """The letter's own date was misread (2021 for 2024): two citations printing 2024 are not
    both "one digit off", so they are kept."""
    body = ("Thực hiện Kế hoạch số 451/KH-UBND ngày 06-05-2024 của Sở Nội vụ về đăng ký; Thông tư số "
            "652/2024/TT-BNV ngày 7.09.2024 của Bộ Nội vụ về đăng ký, UBND thành phố đề nghị")
    refs = _refs(body, "2021-11-03")
    assert [(r["date"], r["symbol"]) for r in refs] == [("2024-05-06", "KH-UBND"), ("2024-09-07", "2024/TT-BNV")]


def test_a_lone_misread_cited_year_is_still_put_back() -> None:
    refs = _refs("Thực hiện Kế hoạch số 45/KH-UBND ngày 06/05/2035 của Sở Nội vụ về đăng ký", "2025-11-03")
    assert refs[0]["date"] == "2025-05-06"


# ------------------------------------------------------------------------------- deadlines


def _deadlines(body: str, issued: str | None = "2023-10-02") -> list[tuple[str | None, ...]]:
    items = extract_deadlines(scan_context(body, issued))["deadlines"].value
    return [(d["date"], d["start"], d["recurring"]) for d in items]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("- Các phòng chuyên môn nộp hồ sơ về UBND tỉnh\ntrước 3/ giờ ngày 16/01/2026...", ("2026-01-16", None, None)),
        ("- 3. Hạn chót gửi danh sách cán bộ về UBND thành phố là ngày\nx21 tháng 10 năm 2026.",
         ("2026-10-21", None, None)),
        ("2. Hạn, chót gửi danh sách cán bộ về Bộ Tư pháp là ngày\n\n- 30.3.2024..", ("2024-03-30", None, None)),
        ("- Hạn chót cập nhật thông tin lên Hệ thống là ngày\n25,09.2025.", ("2025-09-25", None, None)),
        ("Hạn chót tổng hợp, báo cáo kết quả triển khai: gửi UBND phường là\nngày 02-01-2023.",
         ("2023-01-02", None, None)),
        ("- Hạn chót nộp hồ sơ về UBND thành phố là ngày:\n16/9/2025.", ("2025-09-16", None, None)),
        ("Hàng năm, văn phòng nộp hồ sơ về UBND thành phố trước ngày 2/06 hàng, năm.",
         ("2024-06-02", None, "yearly")),
        ("UBND các xã gửi danh sách về UBND huyện từ ngày 31/12/2021- đến hết ngày 15.3.2022.",
         ("2022-03-15", "2021-12-31", None)),
        ("Các sở gửi báo cáo về Bộ Nội vụ từ ngày 2-3- 202] đến hết ngày 09-03-2021.",
         ("2021-03-09", "2021-03-02", None)),
    ],
)  # fmt: skip
def test_deadline_through_slips(body: str, want: tuple[str | None, ...]) -> None:
    issued = want[0][:4] + "-01-01" if want[2] is None else "2023-10-02"
    assert _deadlines(body, issued) == [want]


def test_sentence_does_not_end_inside_brackets() -> None:
    body = "1. Các sở gửi đăng ký về Bộ Tư pháp (qua Phòng\n\nNội vụ) trước ngày 24/3/2024."
    ctx = scan_context(body, "2024-01-01")
    texts = [s.text for s in sentences(ctx)]
    assert any("(qua Phòng" in t and "24/3/2024" in t for t in texts)
    item = extract_deadlines(ctx)["deadlines"].value[0]
    assert item["responsible"] == "Các sở"


def test_a_colon_inside_the_action_is_not_the_date_cue() -> None:
    """"Hạn chót …: <no date>" is no deadline; the colon cue still takes a date after it."""
    assert _deadlines("Hạn chót gửi báo cáo: các đơn vị chủ động thực hiện.") == []
    assert _deadlines("Hạn chót nộp hồ sơ: ngày 5/6/2024.", "2024-01-01") == [("2024-06-05", None, None)]


# ---------------------------------------------------------------------------------- quotas


def _quotas(body: str) -> list[tuple[int, str]]:
    items = extract_quotas(scan_context(body))["quotas"].value
    return [(q["minimum"], q["item"]) for q in items]


def test_a_comma_inside_a_compound_the_letter_prints_whole_is_a_speck() -> None:
    body = ("Các cơ quan, đơn vị giới thiệu không ít hơn 02 báo, cáo điển hình trong năm.\n"
            "Yêu cầu mỗi cơ quan, đơn vị xây dựng một báo cáo điển hình.")
    assert _quotas(body) == [(2, "báo cáo điển hình"), (1, "báo cáo điển hình")]


def test_a_listed_comma_stays() -> None:
    assert _quotas("Mỗi xã đăng ký tối thiểu 04 mô hình, cách làm hay trong năm.") == [(4, "mô hình, cách làm hay")]


def test_a_lone_capital_inside_an_item_is_a_speck() -> None:
    assert _quotas("Mỗi huyện đăng ký tối thiểu năm sáng À kiến về lĩnh vực được giao.") == [(5, "sáng kiến")]


def test_the_next_sentence_is_no_item() -> None:
    body = "UBND các huyện giới thiệu không ít hơn 02 (ae cá\nĐề nghị các cơ quan, đơn vị nghiêm túc thực hiện./."
    assert _quotas(body) == []


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("Đối với các cơ quan chuyên môn, đăng ký tối: hiếu 05 cán bộ.", [(5, "cán bộ")]),
        ("3. Yêu cầu mỗi cơ .quan,.đơn vị; địa phương xây dựng 01 cá nhân điển hình.", [(1, "cá nhân điển hình")]),
        ("Mỗi đơn vị đăng ký tối thiểu 2 cán bộ \\ về lĩnh vực được giao.", [(2, "cán bộ")]),
    ],
)
def test_quota_through_slips(body: str, want: list[tuple[int, str]]) -> None:
    assert _quotas(body) == want


# -------------------------------------------------------------------------------- contacts


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("email: phongnv82@dongnai. govvn. -", "phongnv82@dongnai.gov.vn"),
        ("email: phongnv82@dongnai. gov. -", "phongnv82@dongnai.gov.vn"),
        ("email: tonghop83@dongnai. ø0ov.Vvn. -", "tonghop83@dongnai.gov.vn"),
        ("email: vanthu50@binhdinh. govảửn.", "vanthu50@binhdinh.gov.vn"),
        ("email: phongnv38@taynjnh.gov.vn.", "phongnv38@tayninh.gov.vn"),
        ("email: tonghop82@1ayninh.gov.vn.", "tonghop82@tayninh.gov.vn"),
        ("email: tonghop60@0dongnai.gov.vn.", "tonghop60@dongnai.gov.vn"),
    ],
)
def test_state_mailbox_domains_put_right(read: str, want: str) -> None:
    assert extract_contacts(scan_context(read))["contacts"].value["emails"] == [want]


@pytest.mark.parametrize("clean", ["a@moj.gov.vn", "b@sotuphap.gov.vn", "c@gmail.com", "d@abc.edu.vn"])
def test_other_domains_kept(clean: str) -> None:
    assert _repair_domains(clean) == clean


# -------------------------------------------------------------------------- campaign, dates


def test_campaign_year_from_the_arrival_stamp_when_the_issue_date_is_lost() -> None:
    ctx = scan_context("Thực hiện Kế hoạch về sáng kiến cải cách hành chính, UBND đề nghị", None)
    ctx.found["subject"] = Found("Báo cáo kết quả áp dụng sáng kiến trong công tác CCHC")
    ctx.found["arrival"] = Found({"number": "4903", "date": "2024-06-16"})
    assert extract_campaign(ctx)["campaign"].value == {"topic": "sáng kiến cải cách hành chính", "year": 2024}


def test_long_date_with_misread_month_and_year_word() -> None:
    assert [h.iso for h in find_dates("ngày 14 tháng {1Ï năn 2020 của")] == ["2020-11-14"]
    assert find_dates("tháng 5 năn học") == []


def test_ocrnoise_slips() -> None:
    assert denoise("từ ngày 2-3- 202] đến") == "từ ngày 2-3- 2021 đến"
    assert denoise("Công \\ văn") == "Công   văn"
    assert repair_dates("là ngày 25,09.2025.", "2025-01-01") == "là ngày 25/09.2025."
    assert repair_dates("ngày 25, 26 tháng 3", "2025-01-01") == "ngày 25, 26 tháng 3"


def test_each_with_a_slipped_mark() -> None:
    items = extract_quotas(scan_context("3. Möi phòng chuyên môn đăng ký tối thiểu 03 báo cáo thống kê."))["quotas"].value
    assert [(q["minimum"], q["item"], q["applies_to"]) for q in items] == [(3, "báo cáo thống kê", "Mỗi phòng chuyên môn")]
    assert _quotas("Sở Tài nguyên và Môi trường đăng ký tối thiểu 02 mô hình.") == [(2, "mô hình")]
