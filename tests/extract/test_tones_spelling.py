"""The scan repair puts right letters, specks and glued words, keeps boxes and abbreviations."""

from __future__ import annotations

import pytest

from pipeline.document import Block, Document, Line, Page, Word
from pipeline.extract import spelling
from pipeline.extract.base import Context
from pipeline.extract.spelling import repair_document, repair_text


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("Yêu cầu mỗi đơn vị xây dựnig 01 mô hình", "Yêu cầu mỗi đơn vị xây dựng 01 mô hình"),
        ("Các cơ quah chuyên môn thuộc UBND tỉnh", "Các cơ quan chuyên môn thuộc UBND tỉnh"),
        ("Đồng chí Võ Thunh Tuấn, chuyên viên", "Đồng chí Võ Thanh Tuấn, chuyên viên"),
        ("Sở Giáo dục và Đào tạo đề nghị như sảu:", "Sở Giáo dục và Đào tạo đề nghị như sau:"),
        ("đơn vị xây dựng 01 mồ hình, cách làm hay", "đơn vị xây dựng 01 mô hình, cách làm hay"),
        ("đăng ký tối thiểu 05 (nám) sáng kiến", "đăng ký tối thiểu 05 (năm) sáng kiến"),
    ],
)
def test_letters_and_vowel_shapes(read: str, want: str) -> None:
    assert repair_text(read) == want


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("đăng ký tối ¡thiểu 05 sáng kiến", "đăng ký tối thiểu 05 sáng kiến"),  # a glued speck
        ("mô hình chuyển ‹ đổi số trong năm", "mô hình chuyển đổi số trong năm"),  # a lone one
        ("Các cơ quan, đơn vị gửi.đăng ký sáng kiến", "Các cơ quan, đơn vị gửi đăng ký sáng kiến"),
        ("nghiêm túc triển-khai thực hiện", "nghiêm túc triển khai thực hiện"),
    ],
)
def test_specks_and_glued_words(read: str, want: str) -> None:
    assert repair_text(read) == want


@pytest.mark.parametrize(
    "text",
    [
        "Lưu: VT, PCT, SGDĐT, TCKH.",  # abbreviations, even ones the LM does not know
        "- Chủ tịch, các PCT UBND TP (b/c);",
        "email: vanthu30@tayninh.gov.vn.",
        "2. Hạn chót nộp hồ sơ là ngày 5/12/2025.",  # officialese the law corpus lacks
        "Kế hoạch số 316/KH-UBND ngày 16/10/2020 của UBND tỉnh",
    ],
)
def test_abbreviations_addresses_and_stock_words_kept(text: str) -> None:
    assert repair_text(text) == text


def _scan(*lines: list[str]) -> Document:
    boxes = [Line([Word(t, 0.9, (100 * i, 10 * n, 100 * i + 90, 10 * n + 8)) for i, t in enumerate(words)])
             for n, words in enumerate(lines)]  # fmt: skip
    return Document(pages=[Page(number=1, blocks=[Block(lines=boxes, zone="body")])])


def test_words_keep_their_boxes_and_the_original_is_untouched() -> None:
    doc = _scan(["xây", "dựnig", "01", "mô", "hình"], ["gửi.đăng", "ký", "tối", "¡thiểu"])
    fixed = repair_document(doc)
    assert fixed.text == "xây dựng 01 mô hình\ngửi đăng ký tối thiểu"
    assert doc.text == "xây dựnig 01 mô hình\ngửi.đăng ký tối ¡thiểu"  # a copy was repaired
    first, second = (ln.words for _, ln in fixed.lines())
    assert [w.bbox for w in first] == [w.bbox for _, ln in doc.lines() for w in ln.words][:5]
    assert second[0].bbox[0] == 0 and second[0].bbox[2] < second[1].bbox[0] <= second[1].bbox[2] == 90
    assert fixed.pages[0].blocks[0].zone == "body"


def test_context_reads_the_repaired_scan_and_leaves_typed_text_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _scan(["Các", "cơ", "quah", "chuyên", "môn"])
    ctx = Context.of(doc)
    assert ctx.text == "Các cơ quan chuyên môn" and ctx.doc.text == ctx.text  # spans index ctx.doc
    typed = Document.from_text("Các cơ quah chuyên môn")
    assert Context.of(typed).text == "Các cơ quah chuyên môn"
    monkeypatch.setattr(spelling, "SPELLING", False)  # the A/B switch
    assert Context.of(doc).text == "Các cơ quah chuyên môn"
