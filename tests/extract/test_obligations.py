"""Deadlines and quotas in every form letters use, and the look-alikes that are neither."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.document import Document
from pipeline.extract import extract_fields

HEAD = "Số: 12/UBND-NV\n\nBiên Hòa, ngày 10 tháng 5 năm 2024\n\n"


def found(body: str, field: str) -> list[dict[str, Any]]:
    ctx = extract_fields(Document.from_text(HEAD + body))
    return ctx.found[field].value


@pytest.mark.parametrize(
    ("sentence", "date", "start", "recurring"),
    [
        ("Các đơn vị gửi báo cáo trước ngày 25/6/2024.", "2024-06-25", None, None),
        ("Các đơn vị gửi báo cáo, chậm nhất là ngày 25-06-2024.", "2024-06-25", None, None),
        ("Hạn chót nộp hồ sơ là ngày 25.6.2024.", "2024-06-25", None, None),
        ("Thời gian gửi sáng kiến từ ngày 15/5/2024 đến hết ngày 25/6/2024.", "2024-06-25", "2024-05-15", None),
        ("Các phòng nộp sáng kiến trước ngày 25/9 hằng năm.", "2024-09-25", None, "yearly"),
        ("Các đơn vị gửi báo cáo trong thời hạn 10 ngày kể từ ngày ký.", "2024-05-20", None, None),
        ("Các đơn vị báo cáo kết quả trước ngày 30/11.", "2024-11-30", None, None),
        ("Các đơn vị gửi báo cáo trước 17 giờ ngày 25 tháng 6 năm 2024.", "2024-06-25", None, None),
        ("Trước ngày 25/6/2024, các đơn vị gửi báo cáo về Sở.", "2024-06-25", None, None),
    ],
)
def test_deadline_forms(sentence: str, date: str, start: str | None, recurring: str | None) -> None:
    (d,) = found(sentence, "deadlines")
    assert (d["date"], d["start"], d["recurring"]) == (date, start, recurring)
    assert d["text"] and d["action"]


def test_deadline_action_and_responsible() -> None:
    (d,) = found("UBND huyện yêu cầu các cơ quan, đơn vị gửi báo cáo về UBND huyện trước ngày 31/08/2024.", "deadlines")
    assert d["responsible"] == "Các cơ quan, đơn vị"
    assert d["action"] == "gửi báo cáo về UBND huyện"


@pytest.mark.parametrize(
    "sentence",
    [
        "Hội nghị tổ chức vào ngày 20/6/2024.",
        "Số liệu báo cáo tính từ ngày 01/01/2024 đến ngày 30/6/2024.",
        "Thời gian thực hiện trong tháng 6/2024.",
    ],
)
def test_not_deadlines(sentence: str) -> None:
    assert found(sentence, "deadlines") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mỗi cơ quan, đơn vị đề xuất ít nhất 1 sáng kiến, giải pháp về công tác CCHC.",
         [(1, "sáng kiến, giải pháp", "Mỗi cơ quan, đơn vị")]),
        ("UBND huyện yêu cầu các cơ quan, đơn vị đề xuất ít nhất một sáng kiến được áp dụng.",
         [(1, "sáng kiến", "Các cơ quan, đơn vị")]),
        ("Yêu cầu mỗi xã xây dựng 02 (hai) mô hình.", [(2, "mô hình", "Mỗi xã")]),
        ("Các phòng đề xuất không ít hơn năm bài viết để tham gia.", [(5, "bài viết", "Các phòng")]),
        ("Đối với các sở, ban, ngành, đăng ký tối thiểu 1 sáng kiến; đối với UBND quận, huyện, "
         "đăng ký tối thiểu 2 sáng kiến.", [(1, "sáng kiến", "Các sở, ban, ngành"), (2, "sáng kiến", "UBND quận, huyện")]),
    ],
)  # fmt: skip
def test_quota_forms(sentence: str, expected: list[tuple[int, str, str]]) -> None:
    got = [(q["minimum"], q["item"], q["applies_to"]) for q in found(sentence, "quotas")]
    assert got == expected


@pytest.mark.parametrize(
    "sentence",
    ["Mỗi đơn vị giới thiệu không quá 02 hồ sơ.", "Phấn đấu 100% hồ sơ được giải quyết đúng hạn.",
     "Tuyển dụng 05 công chức."],
)  # fmt: skip
def test_not_quotas(sentence: str) -> None:
    assert found(sentence, "quotas") == []
