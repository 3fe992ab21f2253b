"""The renderer: page geometry, real Vietnamese glyphs, pagination, marks."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from pipeline.samples.letter import Letter
from pipeline.samples.render import render_letter
from pipeline.samples.typeset import balanced_wrap, font, mm, wrap


def _letter(paragraphs: int = 3, **kw) -> Letter:
    base = dict(
        issuer_lines=["ỦY BAN NHÂN DÂN", "HUYỆN VĨNH LINH"], number_line="Số: 12/UBND-NV",
        place_date="Vĩnh Linh, ngày 02 tháng 10 năm 2024",
        subject_lines=["V/v báo cáo kết quả áp dụng sáng kiến"],
        recipients=["- Các cơ quan chuyên môn;", "- UBND các xã, thị trấn."],
        body=["Thực hiện Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện về cải cách "
              "hành chính nhà nước năm 2024, đề nghị các đơn vị khẩn trương thực hiện."] * paragraphs,
        distribution=["- Như trên;", "- Lưu: VT, NV."], authority_lines=["TM. ỦY BAN NHÂN DÂN"],
        signer_title="CHỦ TỊCH", signer_name="Thái Văn Thành",
    )
    base.update(kw)
    return Letter(**base)


@pytest.mark.parametrize("dpi", [100, 150])
def test_pages_are_a4_rgb_at_the_requested_dpi(dpi: int) -> None:
    pages = render_letter(_letter(), dpi=dpi)
    assert len(pages) == 1
    assert pages[0].mode == "RGB"
    assert pages[0].size == (mm(210, dpi), mm(297, dpi))


def _glyph(ch: str) -> np.ndarray:
    return np.array(font("regular", 40, 72).getmask(ch))


def test_vietnamese_glyphs_are_real_not_notdef_boxes() -> None:
    notdef = _glyph("\ue000")  # a private-use code point Liberation Serif has no glyph for
    for ch in "ƯƠĐẾỆỖỮỳửđạảấầậẵ":
        bitmap = _glyph(ch)
        assert bitmap.any(), ch
        assert bitmap.shape != notdef.shape or not np.array_equal(bitmap, notdef), ch
    assert not np.array_equal(_glyph("Ư"), _glyph("U"))


def test_long_letters_flow_onto_more_pages_with_page_numbers() -> None:
    dpi = 100
    short = render_letter(_letter(3), dpi=dpi)
    long = render_letter(_letter(40), dpi=dpi)
    assert len(short) == 1 and len(long) >= 3
    top = slice(mm(5, dpi), mm(16, dpi))  # the top margin, where page numbers go
    assert np.asarray(long[1].convert("L"))[top].min() < 100
    assert np.asarray(long[0].convert("L"))[top].min() > 200


def _reddish(page) -> int:
    a = np.asarray(page, dtype=int)
    return int(((a[..., 0] - a[..., 1] > 80) & (a[..., 0] - a[..., 2] > 80)).sum())


def test_seal_is_red_and_optional() -> None:
    with_seal = render_letter(_letter(), dpi=100)[0]
    without = render_letter(_letter(seal=False), dpi=100)[0]
    assert _reddish(with_seal) > 500
    assert _reddish(without) == 0


def test_wrap_measures_width_and_returns_nfc() -> None:
    fnt = font("regular", 14, 300)
    text = unicodedata.normalize("NFD", "Ủy ban nhân dân phường yêu cầu các đơn vị nghiêm túc " * 4)
    lines = wrap(text, fnt, 1200)
    assert len(lines) > 1
    assert all(fnt.getlength(line) <= 1200 for line in lines)
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)
    assert " ".join(lines) == unicodedata.normalize("NFC", " ".join(text.split()))


def test_article_and_marks_render() -> None:
    article = Letter(issuer_lines=[], number_line="", place_date="", article=True, seal=False,
                     subject_lines=["Hà Nội: Kêu gọi đăng ký sáng kiến"], body=["Đoạn một."] * 5)
    assert len(render_letter(article, dpi=100)) == 1
    marked = _letter(urgency="HỎA TỐC", secrecy="MẬT", arrival=("1234", "02/02/2024"),
                     doc_title="KẾ HOẠCH", recipients=[])
    page = render_letter(marked, dpi=100)[0]
    assert _reddish(page) > _reddish(render_letter(_letter(), dpi=100)[0])


def test_balanced_wrap_breaks_centred_headings_evenly() -> None:
    fnt = font("bold", 13, 300)
    text = "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    width = fnt.getlength(text) * 0.8
    greedy, balanced = wrap(text, fnt, width), balanced_wrap(text, fnt, width)
    assert len(balanced) == len(greedy) == 2
    assert " ".join(balanced) == text
    spread = [fnt.getlength(line) for line in balanced]
    assert max(spread) - min(spread) < max(fnt.getlength(g) for g in greedy) - min(
        fnt.getlength(g) for g in greedy)


def test_bold_phrases_print_bold_and_justify() -> None:
    from pipeline.samples.flow import break_lines, words_of

    text = "Kết quả gửi về UBND thành phố. Một số nội dung cần lưu ý: thực hiện nghiêm túc."
    words = words_of(text, 14, 150, ["Một số nội dung cần lưu ý:"], False)
    bold = [w.text for w in words if w.font.path.endswith("Bold.ttf")]
    assert bold == ["Một", "số", "nội", "dung", "cần", "lưu", "ý:"]
    lines = break_lines(words, 8.0, 300.0, 400.0)
    assert [w.text for line in lines for w in line] == text.split()
    assert sum(w.width for w in lines[0]) + 8.0 * (len(lines[0]) - 1) <= 300.0
